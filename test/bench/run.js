#!/usr/bin/env node
/**
 * `npm run bench`: every benchmark of the package, one after the other. Prints tables; asserts nothing.
 *
 *   1. core   (test/bench/core.js) decisions per second and peak RSS of the decision core (on the Node 24 n8n runs on) for 1k / 10k /
 *             100k generated invoices: decide(), decideRaw() (mapping + validation + decision, what the
 *             nodes do) and with rendering.
 *   2. n8n    (issue 10, test/bench/n8n.js when present) the daily chain inside real n8n against the
 *             Code + Switch baseline.
 *
 * Options are passed to each part: `--sizes 1000,10000`, `--seed 7`, `--runs 3`, `--only core`,
 * `--json <dir>` (one JSON file per part), `--profile decideRaw` (core: where the time goes).
 * Expects the built package in dist/ (`npm run build`; the npm script builds first).
 */
'use strict';

const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');

const PARTS = [
	{ name: 'core', file: path.join(__dirname, 'core.js') },
	{ name: 'n8n', file: path.join(__dirname, 'n8n.js') },
];

function main() {
	const args = process.argv.slice(2);
	let only = null;
	let jsonDir = null;
	const pass = [];
	for (let i = 0; i < args.length; i++) {
		if (args[i] === '--only') only = args[++i].split(',');
		else if (args[i] === '--json') jsonDir = args[++i];
		else pass.push(args[i]);
	}
	let failed = 0;
	for (const part of PARTS) {
		if (only && !only.includes(part.name)) continue;
		if (!fs.existsSync(part.file)) {
			if (only) console.log(`(${part.name} benchmark not present: ${path.relative(process.cwd(), part.file)})`);
			continue;
		}
		const partArgs = [...pass];
		if (jsonDir) {
			fs.mkdirSync(jsonDir, { recursive: true });
			partArgs.push('--json', path.join(jsonDir, `${part.name}.json`));
		}
		console.log(`\n=== ${part.name} ===`);
		const res = spawnSync(process.execPath, [part.file, ...partArgs], { stdio: 'inherit' });
		if (res.status !== 0) {
			failed++;
			console.error(`${part.name} benchmark failed (exit ${res.status})`);
		}
	}
	process.exit(failed ? 1 : 0);
}

main();
