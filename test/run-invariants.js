#!/usr/bin/env node
/**
 * npm run test:invariants -- [runs] [--seed N]
 *
 * Runs the invariant property tests (test/core/invariants) over `runs` generated sequences
 * (default 1,000,000), split across one process per CPU core, each with its own seed.
 */
const { spawn } = require('child_process');
const os = require('os');
const path = require('path');

const args = process.argv.slice(2);
const seedIdx = args.indexOf('--seed');
const baseSeed = seedIdx >= 0 ? Number(args[seedIdx + 1]) : Date.now() % 1_000_000_000;
const runsArg = args.find((a, i) => /^[\d_,]+$/.test(a) && (seedIdx < 0 || i !== seedIdx + 1));
const runs = runsArg ? Number(runsArg.replace(/[_,]/g, '')) : 1_000_000;
const workers = Math.max(1, Math.min(os.cpus().length, Math.ceil(runs / 1000)));
const root = path.resolve(__dirname, '..');
const jest = path.join(root, 'node_modules', 'jest', 'bin', 'jest.js');

console.log(`invariants: ${runs.toLocaleString('en-US')} sequences over ${workers} worker(s), base seed ${baseSeed}`);
const started = Date.now();
let failed = 0;
let done = 0;
const per = Math.floor(runs / workers);
for (let w = 0; w < workers; w++) {
	const n = w === workers - 1 ? runs - per * (workers - 1) : per;
	const seed = baseSeed + w * 7919;
	const child = spawn(process.execPath, [jest, '--selectProjects', 'unit', '--runInBand', '--silent=false', 'test/core/invariants'], {
		cwd: root,
		env: { ...process.env, AR_INVARIANT_RUNS: String(n), AR_INVARIANT_SEED: String(seed) },
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let out = '';
	child.stdout.on('data', (d) => (out += d));
	child.stderr.on('data', (d) => (out += d));
	child.on('close', (code) => {
		done++;
		const line = out.split('\n').find((l) => l.includes('invariants:') && l.includes('sequences'));
		console.log(`worker ${w} (seed ${seed}, ${n.toLocaleString('en-US')} sequences): ${code === 0 ? 'passed' : 'FAILED'}${line ? ` -${line.trim().replace(/^invariants:/, '')}` : ''}`);
		if (code !== 0) {
			failed++;
			console.log(out);
		}
		if (done === workers) {
			const secs = ((Date.now() - started) / 1000).toFixed(0);
			console.log(`${failed === 0 ? runs : 0} passed, ${failed === 0 ? 0 : runs} failed (${runs.toLocaleString('en-US')} sequences in ${secs} s)`);
			process.exit(failed ? 1 : 0);
		}
	});
}
