#!/usr/bin/env node
/**
 * The daily chain of test/bench/n8n.js without n8n: the built nodes' execute() (dist/) called with a
 * minimal IExecuteFunctions, items passed on the way n8n passes them (by reference, one run per
 * connected output). Tells our adapters' cost apart from n8n's, and iterates in seconds.
 *
 *   node test/bench/chain.js [--size 10000] [--seed 1] [--runs 3] [--profile]
 *
 * The ledger is JSON round-tripped first (as it arrives from the Code node: no shared objects).
 * Prints per node: time of each run (first run cold, in a fresh process), heap growth of its output.
 * `--profile` writes a CPU profile of the last run and prints the top self-time functions.
 */
'use strict';

const fs = require('fs');
const path = require('path');

const ROOT = path.resolve(__dirname, '..', '..');
const TMP = path.join(ROOT, 'test', '.tmp', 'bench');
const AS_OF = '2026-03-17T15:00:00Z';

function parseArgs(argv) {
	const out = { size: 10000, seed: 1, runs: 3, profile: false };
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i];
		if (a === '--size') out.size = Number(argv[++i].replace(/k$/i, '000'));
		else if (a === '--seed') out.seed = Number(argv[++i]);
		else if (a === '--runs') out.runs = Number(argv[++i]);
		else if (a === '--profile') out.profile = true;
		else throw new Error(`unknown argument ${a}`);
	}
	return out;
}

function loadLedger() {
	const src = path.join(ROOT, 'test', 'support', 'ledger.ts');
	const out = path.join(TMP, 'ledger.js');
	if (!fs.existsSync(out) || fs.statSync(out).mtimeMs < fs.statSync(src).mtimeMs) {
		const ts = require('typescript');
		const js = ts.transpileModule(fs.readFileSync(src, 'utf8'), { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
		fs.mkdirSync(TMP, { recursive: true });
		fs.writeFileSync(`${out}.${process.pid}`, js);
		fs.renameSync(`${out}.${process.pid}`, out);
	}
	return require(out);
}

function context(items, params, name) {
	const node = { id: name, name, type: `n8n-nodes-ar-followup.${name}`, typeVersion: 1, position: [0, 0], parameters: params };
	return {
		getInputData: () => items,
		getNode: () => node,
		continueOnFail: () => false,
		getNodeParameter: (p, _i, fallback) => (Object.prototype.hasOwnProperty.call(params, p) ? params[p] : fallback),
		getCredentials: async () => {
			throw new Error('no credentials');
		},
		addExecutionHints: () => {},
		logger: { debug() {}, info() {}, warn() {}, error() {} },
		helpers: {},
	};
}

async function runNode(NodeClass, name, inputs, params) {
	const node = new NodeClass();
	const outs = [];
	let ms = 0;
	let cpu = 0;
	for (const items of inputs) {
		if (!items.length) continue;
		const t0 = process.hrtime.bigint();
		const c0 = process.cpuUsage();
		outs.push(await node.execute.call(context(items, params, name)));
		ms += Number(process.hrtime.bigint() - t0) / 1e6;
		const c = process.cpuUsage(c0);
		cpu += (c.user + c.system) / 1000;
	}
	return { outs, ms, cpu };
}

const heapMb = () => {
	global.gc?.();
	return process.memoryUsage().heapUsed / 1048576;
};

async function main() {
	const opts = parseArgs(process.argv.slice(2));
	const dist = path.join(ROOT, 'dist', 'nodes');
	const { ArRiskScore } = require(path.join(dist, 'ArRiskScore', 'ArRiskScore.node.js'));
	const { ArAgingRouter } = require(path.join(dist, 'ArAgingRouter', 'ArAgingRouter.node.js'));
	const { ArStopCheck } = require(path.join(dist, 'ArStopCheck', 'ArStopCheck.node.js'));
	const { ArMessage } = require(path.join(dist, 'ArMessage', 'ArMessage.node.js'));
	const { generateLedger } = loadLedger();
	const ledger = JSON.parse(JSON.stringify(generateLedger({ seed: opts.seed, invoices: opts.size, asOf: AS_OF })));
	const asOf = { options: { asOf: AS_OF } };
	let session = null;
	for (let r = 0; r < opts.runs; r++) {
		const last = r === opts.runs - 1;
		if (last && opts.profile) {
			session = new (require('inspector').Session)();
			session.connect();
			session.post('Profiler.enable');
			session.post('Profiler.setSamplingInterval', { interval: 200 });
			session.post('Profiler.start');
		}
		const items = ledger.map((json) => ({ json }));
		const h0 = heapMb();
		const risk = await runNode(ArRiskScore, 'arRiskScore', [items], asOf);
		const h1 = heapMb();
		const aging = await runNode(ArAgingRouter, 'arAgingRouter', risk.outs[0].slice(0, 4), asOf);
		const h2 = heapMb();
		const stop = await runNode(ArStopCheck, 'arStopCheck', aging.outs[0] ? aging.outs.flatMap((o) => o.slice(0, 4)) : [], asOf);
		const h3 = heapMb();
		const msgIn = stop.outs.flatMap((o) => [o[0], o[2], o[3]]);
		const msg = await runNode(ArMessage, 'arMessage', msgIn, {});
		const h4 = heapMb();
		const total = risk.ms + aging.ms + stop.ms + msg.ms;
		const totalCpu = risk.cpu + aging.cpu + stop.cpu + msg.cpu;
		const us = (ms) => ((ms * 1000) / opts.size).toFixed(1);
		const f = (x) => `${x.ms.toFixed(0)} ms (CPU ${us(x.cpu)} us/inv)`;
		console.log(
			`run ${r + 1}${r === 0 ? ' (cold)' : ''}: ${opts.size} invoices: risk ${f(risk)}, aging ${f(aging)}, stop ${f(stop)}, message ${f(msg)} = ${total.toFixed(0)} ms, CPU ${us(totalCpu)} us/inv; load ${require('os').loadavg()[0].toFixed(1)}` +
				(global.gc ? `; heap +${(h1 - h0).toFixed(0)} / +${(h2 - h1).toFixed(0)} / +${(h3 - h2).toFixed(0)} / +${(h4 - h3).toFixed(0)} MB` : ''),
		);
	}
	if (session) {
		session.post('Profiler.stop', (err, res) => {
			if (err) throw err;
			const file = path.join(TMP, `chain-${opts.size}-${process.pid}.cpuprofile`);
			fs.writeFileSync(file, JSON.stringify(res.profile));
			require('./core.js').summariseProfile(file, 35);
		});
	}
}

main().catch((e) => {
	console.error(e);
	process.exit(1);
});
