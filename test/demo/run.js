#!/usr/bin/env node
/**
 * One command on a fresh clone: `npm run demo` (or `npm run editor`).
 * Plain Node (no dependency), so it runs before `npm ci`: installs the dev dependencies when they are
 * missing, compiles the demo scripts (TypeScript) and runs one of them. Node 24 and n8n are installed by
 * the demo itself into .cache/ (test/e2e/ensure-n8n.sh).
 *
 *   node test/demo/run.js daily-run | editor
 */
'use strict';

const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const ROOT = path.resolve(__dirname, '..', '..');
const script = process.argv[2] || 'daily-run';
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function run(cmd, args, what) {
	const res = spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit' });
	if (res.status !== 0) {
		process.stderr.write(`\n${what} failed (exit ${res.status ?? res.signal}).\n`);
		process.exit(res.status || 1);
	}
}

const need = ['typescript', 'smtp-server', 'mailparser', 'n8n-workflow', 'gulp'];
if (!need.every((p) => fs.existsSync(path.join(ROOT, 'node_modules', p, 'package.json')))) {
	process.stdout.write('[demo] Installing the dependencies (npm ci, once) ...\n');
	run(npm, ['ci', '--no-audit', '--no-fund'], 'npm ci');
}
process.stdout.write('[demo] Compiling the demo scripts ...\n');
run(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', path.join('test', 'demo', 'tsconfig.json')], 'tsc');
const res = spawnSync(process.execPath, [path.join(ROOT, 'test', '.tmp', 'demo', 'demo', `${script}.js`)], { cwd: ROOT, stdio: 'inherit' });
process.exit(res.status ?? 1);
