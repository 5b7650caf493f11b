#!/usr/bin/env node
/**
 * Paired core benchmark: two builds of the core decide the same run in ONE process, run after run, alternating,
 * and the ratio of each pair of runs is reported. For judging a change to the decision engine on a shared machine,
 * where separate processes of the same code move by a fifth or more within minutes (other guests' use of the shared
 * caches and memory): two runs a second apart suffer the same noise, so their ratio is steadier than either rate.
 *
 *   npm run build && cp -r dist test/.tmp/ab/before     # the build to compare against (any directory)
 *   ...change the code...; npm run build
 *   node test/bench/pair.js --base test/.tmp/ab/before [--size 100000] [--rounds 12] [--node n8n|current|<path>]
 *
 * Each side: the generated ledger (test/support/ledger.ts, seed 1, each item its own copy), mapped and validated by
 * engine.prepareAll anew before each run (untimed: a daily run has new items, see core.js `decide`), then a timed run of
 * engine.decideAll on a fresh engine (a run = one daily run over the ledger, its decisions kept until the next run),
 * after warm-up; sides alternate who goes first. Prints the median rate of each side and the median and spread of the
 * ratios (new / base). Both sides' inputs live in the same heap, so absolute rates are lower than test/bench/core.js's;
 * read the ratio. Nothing here asserts a timing.
 */
'use strict';

const path = require('path');
const { spawnSync } = require('child_process');

const { loadLedger, resolveNode } = require('./core.js');

const ROOT = path.resolve(__dirname, '..', '..');
const AS_OF = '2026-03-17T15:00:00Z';

function parseArgs(argv) {
	const out = { base: null, test: path.join(ROOT, 'dist'), size: 100_000, rounds: 12, node: 'n8n', child: false };
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i];
		const next = () => argv[++i];
		if (a === '--base') out.base = path.resolve(next());
		else if (a === '--test') out.test = path.resolve(next());
		else if (a === '--size') out.size = Number(next().replace(/k$/i, '000'));
		else if (a === '--rounds') out.rounds = Number(next());
		else if (a === '--node') out.node = next();
		else if (a === '--child') out.child = true;
		else if (a === '--help' || a === '-h') {
			console.log(require('fs').readFileSync(__filename, 'utf8').split('*/')[0]);
			process.exit(0);
		} else throw new Error(`unknown argument ${a}`);
	}
	if (!out.base) throw new Error('--base <directory of the build to compare against> is required (see --help)');
	return out;
}

const median = (list) => {
	const s = [...list].sort((a, b) => a - b);
	return s[s.length >> 1];
};

function child(opts) {
	// The ledger generator, as the core bench loads it (transpiled once into test/.tmp/bench/ledger.js).
	const { generateLedger } = require(path.join(ROOT, 'test', '.tmp', 'bench', 'ledger.js'));
	const items = generateLedger({ seed: 1, invoices: opts.size, asOf: AS_OF }).map((item) => JSON.parse(JSON.stringify(item)));
	const sides = [opts.test, opts.base].map((dir) => {
		const core = require(path.join(dir, 'nodes', 'core', 'index.js'));
		if (typeof core.DecisionEngine?.prototype?.decideAll !== 'function') throw new Error(`${dir}: no DecisionEngine.decideAll in this build`);
		const mapping = core.compileMapping('canonical');
		return { core, mapping };
	});
	let kept = [null, null];
	const once = (s) => {
		kept[s] = null; // the side's previous run's decisions go, as a fresh daily run's would
		const { core, mapping } = sides[s];
		// A new run each time, prepared outside the timing, as each daily run has new items (see core.js `decide`).
		const run = new core.DecisionEngine({}, AS_OF).prepareAll(items.map((item) => core.applyMapping(mapping, item)));
		const start = process.hrtime.bigint();
		kept[s] = new core.DecisionEngine({}, AS_OF).decideAll(run);
		return opts.size / (Number(process.hrtime.bigint() - start) / 1e9);
	};
	for (let made = 0; made < 150_000 + opts.size; made += opts.size) {
		once(0);
		once(1);
	}
	const rates = [[], []];
	const ratios = [];
	for (let r = 0; r < opts.rounds; r++) {
		const first = r % 2;
		const got = [];
		got[first] = once(first);
		got[1 - first] = once(1 - first);
		rates[0].push(got[0]);
		rates[1].push(got[1]);
		ratios.push(got[0] / got[1]);
	}
	kept = null;
	process.stdout.write(`${JSON.stringify({ rates, ratios, node: process.version })}\n`);
}

function main() {
	const opts = parseArgs(process.argv.slice(2));
	if (opts.child) return child(opts);
	loadLedger(); // transpiles test/support/ledger.ts for the child, as the core bench does
	const bin = resolveNode(opts.node);
	const args = [__filename, '--child', '--base', opts.base, '--test', opts.test, '--size', String(opts.size), '--rounds', String(opts.rounds)];
	const pinned = spawnSync('taskset', ['-c', '1', 'true']).status === 0;
	const res = spawnSync(pinned ? 'taskset' : bin, pinned ? ['-c', '1', bin, ...args] : args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
	if (res.status !== 0) throw new Error(`paired child failed (${res.status}): ${res.stderr || res.stdout}`);
	const { rates, ratios, node } = JSON.parse(res.stdout.trim().split('\n').pop());
	const fmt = (v) => Math.round(v).toLocaleString('en-US');
	const rel = (p) => path.relative(ROOT, p) || '.';
	console.log(`Paired decideAll, ${opts.size.toLocaleString('en-US')} invoices, Node ${node}${pinned ? ', pinned to CPU 1' : ''}, ${opts.rounds} rounds:`);
	console.log(`  ${rel(opts.test)} (new): median ${fmt(median(rates[0]))}/s`);
	console.log(`  ${rel(opts.base)} (base): median ${fmt(median(rates[1]))}/s`);
	const sorted = [...ratios].sort((a, b) => a - b);
	console.log(`  new / base: median ${median(ratios).toFixed(3)} (middle half ${sorted[Math.floor(sorted.length / 4)].toFixed(2)}-${sorted[Math.floor((sorted.length * 3) / 4)].toFixed(2)}; runs ${ratios.map((x) => x.toFixed(2)).join(' ')})`);
}

if (require.main === module) {
	try {
		main();
	} catch (e) {
		console.error(e instanceof Error ? e.message : e);
		process.exit(1);
	}
}
