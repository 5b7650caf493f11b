#!/usr/bin/env node
/**
 * Real-n8n benchmark (issue 10, DESIGN.md sections 7 and 8): the daily chain of our nodes inside a real
 * n8n 2.40.7 (Node 24) against the same job done with n8n's own Code and Switch V3 nodes, on the same
 * seeded ledger (test/support/ledger.ts), for 1k / 10k / 100k open invoices.
 *
 * What it does (plain node over the built package; the harness is test/e2e/n8n-harness.ts, transpiled):
 *   1. `npm pack` the package and install the tarball into a throwaway n8n user folder the way
 *      Settings > Community Nodes does (test/e2e/package.ts).
 *   2. Per size: write the generated ledger as JSON into the user folder, import three workflows:
 *        load:     Manual Trigger -> Load Ledger (the floor: n8n start-up and the ledger, no routing);
 *        ours:     Manual Trigger -> Load Ledger (Code) -> AR Risk Score -> AR Aging Router
 *                  -(4 tier outputs)-> AR Stop Check -(Send, Needs Approval, Human Task)-> AR Message
 *                  (no sending node; Nothing Due Today and Hold end there, as in a daily run).
 *                  n8n runs the Stop Check once per tier output, so the touch cap and minimum gap are
 *                  not applied across one customer's invoices in different tiers; `--chain stop-first`
 *                  wires it as workflows/ar-daily-run does instead: Risk -> Stop Check -(Send)-> Aging
 *                  Router -(tiers)-> Message, Needs Approval and Human Task -> Message;
 *        baseline: Manual Trigger -> Load Ledger (Code) -> Aging (Code: days past due, tier)
 *                  -> Switch V3 with four rules on {{ $json.tier }}.
 *      Both load the ledger with the same Code node (reads the JSON file with `fs`, allowed by
 *      NODE_FUNCTION_ALLOW_BUILTIN=fs); its time is reported apart and is not part of "our nodes".
 *   3. `n8n execute --id=<id> --rawOutput` each workflow, one fresh n8n process per run, with an n8n
 *      external hook (test/bench/n8n-hooks.js, EXTERNAL_HOOK_FILES) that writes each node's
 *      `executionTime` from the run data and drops the items before n8n prints the run.
 *      Workflows are saved with `saveDataSuccessExecution: none` (what a 100k-item daily workflow
 *      needs; `--save` keeps n8n's default of saving the whole run data in the database).
 *   4. Wall time of the `n8n execute` process (start-up included, and the execution alone), and the
 *      peak RSS of its process tree (n8n + its JS task runner), sampled from /proc every 50 ms.
 *
 * Usage:
 *   node test/bench/n8n.js [--sizes 1000,10000,100000] [--seed 1] [--json out.json]
 *                          [--workflows load,ours,small,baseline] [--chain aging-first|stop-first] [--heap 4096]
 *                          [--small-heap 1280] [--save] [--keep] [--runs 1] [--ours-runs 3] [--profile]
 *                          [--loader http|code|file]
 *   npm run bench -- --only n8n --sizes 1000        (quick)
 * `--ours-runs` (default 3): runs of our chain (`ours`, `small`) per size, each in a fresh n8n process; the median run
 * (by our four nodes' time) stands in the tables and the targets, with every run's time beside it (this shared machine
 * moves the same work by a third from run to run). `--runs` applies to every workflow.
 * `--heap` is n8n's NODE_OPTIONS=--max-old-space-size (MB) for the main process and the task runner.
 * `small` runs the `ours` workflow again with NODE_OPTIONS=--max-old-space-size=<--small-heap> (MB), the setting a
 * small server gets (n8n's documented way to bound its memory): with a large limit V8 lets garbage pile up before it
 * collects, so the default run's peak RSS says little about the memory the run needs.
 * `--profile` runs n8n under `--cpu-prof` and prints, per workflow, where the time inside the timed nodes
 * (ours, or Code/Switch) goes: self time by function, n8n's frames included (slower; figures not comparable).
 * Benchmarks print figures and the targets met / NOT MET; nothing here asserts a timing.
 */
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawn } = require('child_process');

const { aggregateCpuProfile, topLines } = require('./cpu-profile');

const ROOT = path.resolve(__dirname, '..', '..');
const TMP = path.join(ROOT, 'test', '.tmp', 'bench');
const AS_OF = '2026-03-17T15:00:00Z';
const PKG = 'n8n-nodes-ar-followup';
const TARGET_OURS_MS = 10_000;
const TARGET_RATIO = 20;
const TARGET_WALL_MS = 120_000;
const TARGET_RSS = 1.5 * 1024 ** 3;

function parseArgs(argv) {
	const out = { sizes: [1000, 10000, 100000], seed: 1, json: null, workflows: ['load', 'ours', 'small', 'baseline'], heap: 4096, smallHeap: 1280, save: false, keep: false, runs: 1, oursRuns: 3, profile: false, chain: 'aging-first', loader: 'http', httpBase: '' };
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i];
		const next = () => argv[++i];
		if (a === '--sizes') out.sizes = next().split(',').map((s) => Number(s.replace(/k$/i, '000')));
		else if (a === '--seed') out.seed = Number(next());
		else if (a === '--json') out.json = next();
		else if (a === '--workflows') out.workflows = next().split(',');
		else if (a === '--heap') out.heap = Number(next());
		else if (a === '--small-heap') out.smallHeap = Number(next());
		else if (a === '--save') out.save = true;
		else if (a === '--keep') out.keep = true;
		else if (a === '--runs') out.runs = Number(next());
		else if (a === '--ours-runs') out.oursRuns = Number(next());
		else if (a === '--profile') out.profile = true;
		else if (a === '--chain') out.chain = next();
		else if (a === '--loader') {
			out.loader = next();
			if (!['code', 'file', 'http'].includes(out.loader)) throw new Error(`--loader: code, file or http, not ${out.loader}`);
		}
		else if (a === '--help' || a === '-h') {
			console.log(fs.readFileSync(__filename, 'utf8').split('*/')[0]);
			process.exit(0);
		} else throw new Error(`unknown argument ${a}`);
	}
	return out;
}

// ---------------------------------------------------------------------------------------------
// TypeScript helpers (ledger generator, e2e harness), transpiled once into test/.tmp/bench

function transpile(src, outDir) {
	const out = path.join(outDir, path.basename(src).replace(/\.ts$/, '.js'));
	if (!fs.existsSync(out) || fs.statSync(out).mtimeMs < fs.statSync(src).mtimeMs) {
		const ts = require('typescript');
		const js = ts.transpileModule(fs.readFileSync(src, 'utf8'), {
			compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
			fileName: path.basename(src),
		}).outputText;
		fs.mkdirSync(outDir, { recursive: true });
		const tmp = `${out}.${process.pid}`;
		fs.writeFileSync(tmp, js);
		fs.renameSync(tmp, out);
	}
	return out;
}

function loadLedger() {
	return require(transpile(path.join(ROOT, 'test', 'support', 'ledger.ts'), TMP));
}

function loadHarness() {
	const dir = path.join(TMP, 'e2e');
	const harness = require(transpile(path.join(ROOT, 'test', 'e2e', 'n8n-harness.ts'), dir));
	const pkg = require(transpile(path.join(ROOT, 'test', 'e2e', 'package.ts'), dir));
	return { ...harness, ...pkg };
}

// ---------------------------------------------------------------------------------------------
// Workflows

let idCounter = 0;
function node(name, type, typeVersion, position, parameters) {
	idCounter++;
	const hex = Buffer.from(`${name}:${idCounter}`).toString('hex').padEnd(32, '0').slice(0, 32);
	const id = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
	return { parameters, id, name, type, typeVersion, position };
}
const link = (to) => ({ node: to, type: 'main', index: 0 });

/**
 * The same loader in every workflow: the pre-generated ledger file, one item per invoice, ending in the node
 * 'Load Ledger' (what follows connects to it).
 * - `code` (default): a Code node reads and parses the file (in n8n's JS task runner: the items cross to the
 *   main process, both hold them while they do);
 * - `file`: n8n's own Read/Write Files from Disk -> Extract From File (JSON) -> Split Out, all in the main
 *   process, as an export from a billing system would be read; binary data on the filesystem;
 * - `http`: n8n's HTTP Request node with its built-in pagination against a local paginated JSON API (what a
 *   daily run does against a billing or accounting API), in the main process.
 */
function loaderNodes(file, opts) {
	if (opts.loader === 'http') {
		// What a daily run does against a billing or accounting API: n8n's HTTP Request node with its own
		// pagination (a page number per request until a page comes back empty), one item per invoice.
		return [
			node('Load Ledger', 'n8n-nodes-base.httpRequest', 4.2, [200, 300], {
				url: `${opts.httpBase}/${path.basename(file)}`,
				sendQuery: true,
				queryParameters: { parameters: [{ name: 'limit', value: String(HTTP_PAGE) }] },
				options: {
					pagination: {
						pagination: {
							paginationMode: 'updateAParameterInEachRequest',
							parameters: { parameters: [{ type: 'qs', name: 'page', value: '={{ $pageCount + 1 }}' }] },
							paginationCompleteWhen: 'responseIsEmpty',
							requestInterval: 0,
						},
					},
				},
			}),
		];
	}
	if (opts.loader === 'file') {
		return [
			node('Read Ledger File', 'n8n-nodes-base.readWriteFile', 1, [120, 300], { operation: 'read', fileSelector: file, options: {} }),
			node('Parse Ledger', 'n8n-nodes-base.extractFromFile', 1, [160, 300], { operation: 'fromJson', destinationKey: 'invoices', options: {} }),
			node('Load Ledger', 'n8n-nodes-base.splitOut', 1, [200, 300], { fieldToSplitOut: 'invoices', include: 'noOtherFields', options: {} }),
		];
	}
	return [
		node('Load Ledger', 'n8n-nodes-base.code', 2, [200, 300], {
			mode: 'runOnceForAllItems',
			language: 'javaScript',
			jsCode: [
				"const fs = require('fs');",
				`const invoices = JSON.parse(fs.readFileSync(${JSON.stringify(file)}, 'utf8'));`,
				'return invoices.map((json) => ({ json }));',
			].join('\n'),
		}),
	];
}

/** Trigger -> loader connections (the loader's inner links included). */
function loaderLinks(opts) {
	return opts.loader === 'file'
		? { 'Run Now': { main: [[link('Read Ledger File')]] }, 'Read Ledger File': { main: [[link('Parse Ledger')]] }, 'Parse Ledger': { main: [[link('Load Ledger')]] } }
		: { 'Run Now': { main: [[link('Load Ledger')]] } };
}

const LOADER_NODES = ['Read Ledger File', 'Parse Ledger', 'Load Ledger'];
const LOADER_LABEL = {
	code: 'a Code node reading the JSON file, in the JS task runner',
	file: 'Read/Write Files from Disk -> Extract From File (JSON) -> Split Out, in the main process',
	http: `HTTP Request with its pagination from a local JSON API, ${1000} invoices a page, in the main process`,
};
/** Invoices per page of the `--loader http` API (a common page size limit of billing APIs is 100; 1,000 keeps the request count low). */
const HTTP_PAGE = 1000;

/**
 * `--loader http`: the ledgers as a paginated JSON API on 127.0.0.1 (GET /<ledger file>?page=N&limit=M, pages from
 * 1, an empty list past the end), served from this process (not counted in n8n's RSS).
 */
function startLedgerApi(ledgers) {
	const http = require('http');
	const server = http.createServer((req, res) => {
		const url = new URL(req.url, 'http://127.0.0.1');
		const list = ledgers.get(path.basename(url.pathname));
		if (!list) {
			res.writeHead(404).end();
			return;
		}
		const page = Math.max(1, Number(url.searchParams.get('page')) || 1);
		const limit = Math.max(1, Math.min(10000, Number(url.searchParams.get('limit')) || 100));
		res.writeHead(200, { 'content-type': 'application/json' });
		res.end(JSON.stringify(list.slice((page - 1) * limit, page * limit)));
	});
	return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

function settings(opts) {
	return {
		executionOrder: 'v1',
		timezone: 'UTC',
		saveManualExecutions: false,
		...(opts.save ? {} : { saveDataSuccessExecution: 'none', saveDataErrorExecution: 'none' }),
	};
}

function oursWorkflow(id, file, opts) {
	idCounter = 0;
	const asOf = { options: { asOf: AS_OF } };
	const nodes = [
		node('Run Now', 'n8n-nodes-base.manualTrigger', 1, [0, 300], {}),
		...loaderNodes(file, opts),
		node('AR Risk Score', `${PKG}.arRiskScore`, 1, [400, 300], asOf),
		node('AR Aging Router', `${PKG}.arAgingRouter`, 1, [600, 300], asOf),
		node('AR Stop Check', `${PKG}.arStopCheck`, 1, [800, 300], asOf),
		node('AR Message', `${PKG}.arMessage`, 1, [1000, 300], {}),
	];
	const tiers = (to) => [[link(to)], [link(to)], [link(to)], [link(to)], []];
	const connections =
		opts.chain === 'stop-first'
			? {
					// The order of workflows/ar-daily-run: one Stop Check run sees every invoice; sends are then routed by tier.
					...loaderLinks(opts),
					'Load Ledger': { main: [[link('AR Risk Score')]] },
					'AR Risk Score': { main: [[link('AR Stop Check')]] },
					'AR Stop Check': { main: [[link('AR Aging Router')], [], [link('AR Message')], [link('AR Message')]] },
					'AR Aging Router': { main: tiers('AR Message') },
				}
			: {
					// Risk -> Aging -> Stop Check -> Message: n8n runs the Stop Check once per tier output.
					...loaderLinks(opts),
					'Load Ledger': { main: [[link('AR Risk Score')]] },
					'AR Risk Score': { main: [[link('AR Aging Router')]] },
					'AR Aging Router': { main: tiers('AR Stop Check') },
					'AR Stop Check': { main: [[link('AR Message')], [], [link('AR Message')], [link('AR Message')]] },
				};
	return {
		id,
		name: `bench ours ${file}`,
		nodes,
		connections,
		active: false,
		settings: settings(opts),
		pinData: {},
	};
}

/** What a user builds today: the aging math in a Code node, then Switch V3 on the tier. */
function baselineWorkflow(id, file, opts) {
	idCounter = 0;
	const asOfDay = Math.floor(Date.parse(AS_OF) / 86_400_000);
	const rule = (tier) => ({
		conditions: {
			options: { caseSensitive: true, leftValue: '', typeValidation: 'strict', version: 2 },
			conditions: [{ id: `rule-${tier}`, leftValue: '={{ $json.tier }}', rightValue: tier, operator: { type: 'string', operation: 'equals' } }],
			combinator: 'and',
		},
		renameOutput: true,
		outputKey: tier,
	});
	const nodes = [
		node('Run Now', 'n8n-nodes-base.manualTrigger', 1, [0, 300], {}),
		...loaderNodes(file, opts),
		node('Aging (Code)', 'n8n-nodes-base.code', 2, [400, 300], {
			mode: 'runOnceForAllItems',
			language: 'javaScript',
			jsCode: [
				`const today = ${asOfDay}; // ${AS_OF.slice(0, 10)}`,
				'return $input.all().map((item) => {',
				'  const due = Math.floor(Date.parse(item.json.dueDate + "T00:00:00Z") / 86400000);',
				'  const daysPastDue = today - due;',
				"  const tier = daysPastDue <= 0 ? 'pre-due' : daysPastDue <= 14 ? 'early' : daysPastDue <= 44 ? 'late' : 'critical';",
				'  return { json: { ...item.json, daysPastDue, tier } };',
				'});',
			].join('\n'),
		}),
		node('Switch V3', 'n8n-nodes-base.switch', 3.2, [600, 300], {
			rules: { values: ['pre-due', 'early', 'late', 'critical'].map(rule) },
			options: {},
		}),
	];
	return {
		id,
		name: `bench baseline ${file}`,
		nodes,
		connections: {
			...loaderLinks(opts),
			'Load Ledger': { main: [[link('Aging (Code)')]] },
			'Aging (Code)': { main: [[link('Switch V3')]] },
		},
		active: false,
		settings: settings(opts),
		pinData: {},
	};
}

/** Only the loading: what n8n + the ledger cost before any routing (`--workflows load,ours,baseline`). */
function loadOnlyWorkflow(id, file, opts) {
	idCounter = 0;
	return {
		id,
		name: `bench load only ${file}`,
		nodes: [node('Run Now', 'n8n-nodes-base.manualTrigger', 1, [0, 300], {}), ...loaderNodes(file, opts)],
		connections: loaderLinks(opts),
		active: false,
		settings: settings(opts),
		pinData: {},
	};
}

const OUR_NODES = ['AR Risk Score', 'AR Aging Router', 'AR Stop Check', 'AR Message'];
const BASE_NODES = ['Aging (Code)', 'Switch V3'];

// ---------------------------------------------------------------------------------------------
// Process tree RSS from /proc

function readProcTable() {
	const table = new Map();
	for (const name of fs.readdirSync('/proc')) {
		if (!/^\d+$/.test(name)) continue;
		try {
			const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
			const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
			table.set(Number(name), { ppid: Number(rest[1]), rssPages: Number(rest[21]), cpuTicks: Number(rest[11]) + Number(rest[12]) });
		} catch {
			/* gone */
		}
	}
	return table;
}

function hwmKiB(pid) {
	try {
		const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
		return m ? Number(m[1]) : 0;
	} catch {
		return 0;
	}
}

const PAGE = 4096;
const CLK_TCK = 100;

/** Samples the RSS of `rootPid` and all its descendants; keeps the peak of the sum and each process' VmHWM. */
function readStat(pid) {
	try {
		const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
		const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		return { ppid: Number(rest[1]), rssPages: Number(rest[21]), cpuTicks: Number(rest[11]) + Number(rest[12]) };
	} catch {
		return null;
	}
}

/**
 * Samples the RSS of `rootPid` and all its descendants every `intervalMs`; keeps the peak of the sum, each
 * process' VmHWM and a series (time, tree RSS, CPU ticks of the root). The process tree is rediscovered from
 * all of /proc once a second; in between only its known members are read (the machine is shared).
 */
function treeSampler(rootPid, intervalMs = 50) {
	let peak = 0;
	const hwm = new Map();
	const series = [];
	let tree = [rootPid];
	let lastScan = 0;
	const sample = () => {
		const now = Date.now();
		if (now - lastScan >= 1000) {
			lastScan = now;
			const table = readProcTable();
			const found = new Set([rootPid]);
			let grew = true;
			while (grew) {
				grew = false;
				for (const [pid, p] of table) {
					if (!found.has(pid) && found.has(p.ppid)) {
						found.add(pid);
						grew = true;
					}
				}
			}
			tree = [...found];
			for (const pid of tree) {
				const h = hwmKiB(pid);
				if (h) hwm.set(pid, Math.max(hwm.get(pid) ?? 0, h * 1024));
			}
		}
		let sum = 0;
		let rootCpu = null;
		for (const pid of tree) {
			const p = readStat(pid);
			if (!p) continue;
			sum += p.rssPages * PAGE;
			if (pid === rootPid) rootCpu = p.cpuTicks;
		}
		if (sum > peak) peak = sum;
		series.push([now, sum, rootCpu]);
	};
	const timer = setInterval(sample, intervalMs);
	sample();
	return {
		stop() {
			clearInterval(timer);
			for (const pid of tree) {
				const h = hwmKiB(pid);
				if (h) hwm.set(pid, Math.max(hwm.get(pid) ?? 0, h * 1024));
			}
			return { peakTree: peak, series, hwm: [...hwm.entries()].map(([pid, b]) => ({ pid, bytes: b })) };
		},
	};
}

// ---------------------------------------------------------------------------------------------
// Running `n8n execute`

function childEnv(h, uf, extra) {
	const rt = h.getRuntime();
	const env = {};
	for (const [k, v] of Object.entries(process.env)) {
		if (v === undefined) continue;
		if (/^(N8N_|DB_|EXECUTIONS_|QUEUE_|NODES_|CREDENTIALS_|GENERIC_TIMEZONE$|WEBHOOK_URL$|E2E_TESTS$)/.test(k)) continue;
		if (/^(NODE_ENV|NODE_OPTIONS|NODE_PATH|TS_NODE_.*|JEST_WORKER_ID|npm_.*)$/.test(k)) continue;
		env[k] = v;
	}
	return { ...env, ...uf.env, PATH: [path.join(rt.nodeDir, 'bin'), process.env.PATH ?? ''].join(path.delimiter), ...extra };
}

async function executeMeasured(h, uf, workflowId, opts) {
	const rt = h.getRuntime();
	const summaryFile = path.join(uf.dir, `summary-${workflowId}-${Date.now()}.json`);
	const profDir = opts.profile ? fs.mkdtempSync(path.join(uf.dir, 'prof-')) : null;
	const env = childEnv(h, uf, {
		AR_BENCH_SUMMARY: summaryFile,
		N8N_RUNNERS_BROKER_PORT: String(await h.getFreePort()),
		...(opts.heapOverride ? { NODE_OPTIONS: `--max-old-space-size=${opts.heapOverride}` } : {}),
		...(profDir ? { NODE_OPTIONS: `${uf.env.NODE_OPTIONS ?? ''} --cpu-prof --cpu-prof-interval=500 --cpu-prof-dir=${profDir}` } : {}),
	});
	const started = process.hrtime.bigint();
	const child = spawn(rt.nodeBin, [rt.n8nBin, 'execute', `--id=${workflowId}`, '--rawOutput'], { cwd: uf.dir, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
	const sampler = treeSampler(child.pid);
	let out = '';
	const keep = (b) => {
		out += b.toString('utf8');
		if (out.length > 200_000) out = out.slice(-100_000);
	};
	child.stdout.on('data', keep);
	child.stderr.on('data', keep);
	const timeoutMs = opts.timeoutMs ?? 30 * 60_000;
	const timer = setTimeout(() => {
		try {
			process.kill(-child.pid, 'SIGKILL');
		} catch {
			/* gone */
		}
	}, timeoutMs);
	const code = await new Promise((resolve) => child.on('close', (c, s) => resolve(c ?? s)));
	clearTimeout(timer);
	const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
	const mem = sampler.stop();
	try {
		process.kill(-child.pid, 'SIGKILL'); // a task runner left behind, if any
	} catch {
		/* gone */
	}
	if (!fs.existsSync(summaryFile)) {
		throw new Error(`n8n execute --id=${workflowId} exited ${code} without a run summary:\n${out.split('\n').slice(-40).join('\n')}`);
	}
	const summary = JSON.parse(fs.readFileSync(summaryFile, 'utf8'));
	fs.rmSync(summaryFile, { force: true });
	const failed = summary.status !== 'success' || summary.error ? `${summary.status}: ${summary.error?.message ?? ''} (node ${summary.error?.node ?? '?'})` : null;
	if (failed) process.stderr.write(`  workflow ${workflowId} ended ${failed}\n${out.split('\n').slice(-12).join('\n')}\n`);
	const execMs = Date.parse(summary.stoppedAt) - Date.parse(summary.startedAt);
	if (profDir) {
		for (const f of fs.readdirSync(profDir)) printProfile(path.join(profDir, f), opts.profileMatch ?? /n8n-nodes-ar-followup\/dist\/nodes\/Ar|nodes\/(Code|Switch)\//);
		fs.rmSync(profDir, { recursive: true, force: true });
	}
	// Peak RSS of the tree while given nodes ran (from their first start to their last end, per the run data).
	const peakDuring = (names) => {
		const runs = names.flatMap((n) => summary.nodes[n]?.runs ?? []);
		if (!runs.length) return null;
		const from = Math.min(...runs.map((r) => r.startTime));
		const to = Math.max(...runs.map((r) => r.startTime + r.executionTime));
		let p = 0;
		for (const [t, b] of mem.series) if (t >= from && t <= to + 50 && b > p) p = b;
		return p || null;
	};
	// CPU time of the n8n main process (all its threads: JS and GC) while a node ran, from /proc samples.
	const cpuAt = (t) => {
		const ser = mem.series;
		let lo = null;
		let hi = null;
		for (const x of ser) {
			if (x[2] === null) continue;
			if (x[0] <= t) lo = x;
			else if (!hi) hi = x;
		}
		if (!lo) return hi ? hi[2] : 0;
		if (!hi || hi[0] === lo[0]) return lo[2];
		return lo[2] + ((hi[2] - lo[2]) * (t - lo[0])) / (hi[0] - lo[0]);
	};
	const cpuMs = {};
	for (const [name, n] of Object.entries(summary.nodes)) {
		cpuMs[name] = n.runs.reduce((t, r) => t + ((cpuAt(r.startTime + r.executionTime) - cpuAt(r.startTime)) * 1000) / CLK_TCK, 0);
	}
	return {
		failed,
		code,
		cpuMs,
		wallMs,
		execMs,
		peakTree: mem.peakTree,
		peakLoad: peakDuring(LOADER_NODES),
		peakNodes: peakDuring([...OUR_NODES, ...BASE_NODES]),
		hwm: mem.hwm,
		mainMaxRss: summary.maxRssKiB * 1024,
		nodes: summary.nodes,
	};
}

const nodeMs = (nodes, name) => (nodes[name]?.runs ?? []).reduce((s, r) => s + r.executionTime, 0);
/** Our four nodes' execution time in one run of the `ours` (or `small`) workflow; a failed run sorts last. */
const oursTime = (w) => (w.failed ? Infinity : OUR_NODES.reduce((t, n) => t + nodeMs(w.nodes, n), 0));
const nodeRuns = (nodes, name) => (nodes[name]?.runs ?? []).length;
/** Items per output, summed over the node's runs. */
const nodeOut = (nodes, name) => {
	const sums = [];
	for (const r of nodes[name]?.runs ?? []) r.outputs.forEach((n, i) => (sums[i] = (sums[i] ?? 0) + n));
	return sums.join('/');
};

// ---------------------------------------------------------------------------------------------
// Profile: self time of every sample taken under a frame whose file matches `under`

function printProfile(file, under, top = 40) {
	const { self, incl, kept, all } = aggregateCpuProfile(file, { under });
	console.log(`\nProfile ${path.basename(file)}: ${(kept / 1e6).toFixed(2)} s of ${(all / 1e6).toFixed(2)} s sampled under ${under}. Self time, top ${top}:`);
	for (const line of topLines(self, kept, top)) console.log(line);
	console.log('Inclusive time, top frames:');
	for (const line of topLines(incl, kept, top)) console.log(line);
}

// ---------------------------------------------------------------------------------------------
// Table

const fmtInt = (v) => (v === null || v === undefined ? 'n/a' : Math.round(v).toLocaleString('en-US'));
const fmtMb = (b) => (b ? `${Math.round(b / 1048576).toLocaleString('en-US')} MB` : 'n/a');
const fmtMs = (ms) => (ms === null || ms === undefined ? 'n/a' : ms >= 10000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`);
const fmtUs = (ms, n) => `${((ms * 1000) / n).toFixed(1)}`;

function table(rows, leftCols = 1) {
	const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => String(r[c] ?? '').length)));
	return rows
		.map((r, i) => {
			const line = r.map((cell, c) => (c < leftCols ? String(cell ?? '').padEnd(widths[c]) : String(cell ?? '').padStart(widths[c]))).join('  ');
			return i === 0 ? `${line}\n${widths.map((w) => '-'.repeat(w)).join('  ')}` : line;
		})
		.join('\n');
}

function printResults(results, opts, meta) {
	console.log(`\nReal n8n ${meta.n8nVersion} (Node ${meta.nodeVersion}), ${os.cpus()[0]?.model?.trim() ?? 'CPU'}, ${os.cpus().length} CPUs; load average ${meta.loadBefore} before, ${meta.loadAfter} after.`);
	console.log(`Ledger: generateLedger({ seed: ${opts.seed} }) at ${AS_OF}, loaded the same way in every workflow (${LOADER_LABEL[opts.loader]}). One fresh \`n8n execute\` process per run; NODE_OPTIONS=--max-old-space-size=${opts.heap} (n8n) and N8N_RUNNERS_MAX_OLD_SPACE_SIZE=${opts.heap} (task runner); execution data ${opts.save ? 'saved (n8n default)' : 'not saved (saveDataSuccessExecution: none)'}; our chain ${opts.chain === 'stop-first' ? 'Risk -> Stop Check -> Aging -> Message (as workflows/ar-daily-run)' : 'Risk -> Aging -> Stop Check -> Message'}.`);
	console.log('Node times: executionTime from the run data (all runs of the node summed; wall clock, so it carries the machine\'s load); CPU = CPU time of the n8n main process (JS and GC threads) inside those same windows, sampled from /proc every 50 ms (less sensitive to other load); us/inv = per open invoice of the ledger.\n');
	const rows = [['invoices', 'workflow', 'node', 'runs', 'items out (per output, runs summed)', 'time', 'us/inv', 'CPU', 'CPU us/inv']];
	for (const r of results) {
		for (const w of r.runs) {
			for (const name of [...LOADER_NODES.filter((n) => w.nodes[n]), ...(w.workflow === 'ours' || w.workflow === 'small' ? OUR_NODES : w.workflow === 'baseline' ? BASE_NODES : [])]) {
				const ms = nodeMs(w.nodes, name);
				rows.push([fmtInt(r.size), w.failed ? `${w.workflow} (FAILED)` : w.workflow, name, nodeRuns(w.nodes, name), nodeOut(w.nodes, name), fmtMs(ms), fmtUs(ms, r.size), fmtMs(w.cpuMs?.[name]), w.cpuMs?.[name] === undefined ? 'n/a' : fmtUs(w.cpuMs[name], r.size)]);
			}
		}
	}
	console.log(table(rows, 3));

	console.log('');
	const lo = results.flatMap((r) => r.runs.filter((w) => w.workflow === 'load').map((w) => `${fmtInt(r.size)}: wall ${fmtMs(w.wallMs)}, exec ${fmtMs(w.execMs)}, peak RSS ${fmtMb(w.peakTree)} (main ${fmtMb(w.mainMaxRss)})`));
	if (lo.length) console.log(`\nLoad only (Manual Trigger -> Load Ledger, no routing): ${lo.join('; ')}.`);
	const sum = [['invoices', 'ours: 4 nodes', 'us/inv', 'base: Code', 'Switch V3', 'us/inv', 'Switch/ours', '(Code+Switch)/ours', 'CPU ours', 'CPU Switch', 'Switch/ours CPU', 'wall ours', 'exec ours', 'wall base', 'exec base', 'peak RSS ours (routing)', 'peak RSS base (routing)']];
	for (const r of results) {
		const o = r.runs.find((w) => w.workflow === 'ours');
		const b = r.runs.find((w) => w.workflow === 'baseline');
		const ours = o ? OUR_NODES.reduce((s, n) => s + nodeMs(o.nodes, n), 0) : null;
		const code = b ? nodeMs(b.nodes, 'Aging (Code)') : null;
		const sw = b ? nodeMs(b.nodes, 'Switch V3') : null;
		const cpuOf = (w, names) => (w?.cpuMs ? names.reduce((t, n) => t + (w.cpuMs[n] ?? 0), 0) : null);
		const oursCpu = cpuOf(o, OUR_NODES);
		const swCpu = cpuOf(b, ['Switch V3']);
		r.oursMs = ours;
		r.switchMs = sw;
		r.codeMs = code;
		r.oursCpuMs = oursCpu;
		r.switchCpuMs = swCpu;
		sum.push([
			fmtInt(r.size),
			fmtMs(ours),
			ours === null ? '' : fmtUs(ours, r.size),
			fmtMs(code),
			fmtMs(sw),
			sw === null ? '' : fmtUs(sw, r.size),
			ours && sw !== null ? `x${(sw / ours).toFixed(1)}` : 'n/a',
			ours && sw !== null ? `x${((sw + code) / ours).toFixed(1)}` : 'n/a',
			fmtMs(oursCpu),
			fmtMs(swCpu),
			oursCpu && swCpu !== null ? `x${(swCpu / oursCpu).toFixed(1)}` : 'n/a',
			fmtMs(o?.wallMs),
			fmtMs(o?.execMs),
			fmtMs(b?.wallMs),
			fmtMs(b?.execMs),
			o ? `${fmtMb(o.peakTree)} (${fmtMb(o.peakNodes)})` : 'n/a',
			b ? `${fmtMb(b.peakTree)} (${fmtMb(b.peakNodes)})` : 'n/a',
		]);
	}
	console.log(table(sum));
	console.log('wall = the whole `n8n execute` process (start-up, loading, execution, exit); exec = the execution alone (startedAt..stoppedAt); peak RSS = n8n and its task runner together, sampled every 50 ms, over the whole process (in brackets: while the routing nodes ran, from the first start to the last end in the run data).');

	const big = results[results.length - 1];
	if (big) {
		const o = big.runs.find((w) => w.workflow === 'ours');
		const mark = (ok) => (ok ? 'met' : 'NOT MET');
		console.log(`\nTargets (issue 10) at ${fmtInt(big.size)} invoices${big.size < 100000 ? ' (the targets are for 100,000)' : ''}:`);
		const every = (w, what) => (w?.allRuns ? `; ${w.allRuns.length} runs: ${w.allRuns.map(what).join(', ')}` : '');
		const metIn = (w) => (w?.allRuns ? `, met in ${w.allRuns.filter((x) => x.oursMs < TARGET_OURS_MS).length} of ${w.allRuns.length} runs` : '');
		if (big.oursMs !== null && big.oursMs !== undefined) console.log(`  our four nodes under ${fmtMs(TARGET_OURS_MS)} of node execution time: ${fmtMs(big.oursMs)}${o?.allRuns ? ' (median run)' : ''} (CPU ${fmtMs(big.oursCpuMs)}${every(o, (x) => (x.failed ? 'failed' : fmtMs(x.oursMs)))}) — ${mark(big.oursMs < TARGET_OURS_MS)}${metIn(o)}`);
		if (big.oursMs && big.switchMs !== null && big.switchMs !== undefined) console.log(`  at least x${TARGET_RATIO} faster than the Switch V3 baseline alone: x${(big.switchMs / big.oursMs).toFixed(1)} (by CPU x${big.oursCpuMs && big.switchCpuMs !== null ? (big.switchCpuMs / big.oursCpuMs).toFixed(1) : 'n/a'}) — ${mark(big.switchMs / big.oursMs >= TARGET_RATIO)}`);
		if (o) {
			console.log(`  whole daily run under ${fmtMs(TARGET_WALL_MS)} wall: ${fmtMs(o.wallMs)} — ${mark(o.wallMs < TARGET_WALL_MS)}`);
			console.log(`  under ${fmtMb(TARGET_RSS)} peak RSS, n8n's heap limit ${opts.heap} MB: ${fmtMb(o.peakTree)} (n8n main alone ${fmtMb(o.mainMaxRss)}; while loading the ledger ${fmtMb(o.peakLoad)}, while our nodes ran ${fmtMb(o.peakNodes)}${every(o, (x) => fmtMb(x.peakTree))}) — ${mark(o.peakTree < TARGET_RSS)}`);
		}
		const sm = big.runs.find((w) => w.workflow === 'small');
		if (sm) {
			const smMs = OUR_NODES.reduce((t, n) => t + nodeMs(sm.nodes, n), 0);
			console.log(`  under ${fmtMb(TARGET_RSS)} peak RSS, heap limit ${opts.smallHeap} MB (a small server's NODE_OPTIONS): ${sm.failed ? `FAILED (${sm.failed})` : `${fmtMb(sm.peakTree)} (main ${fmtMb(sm.mainMaxRss)}; loading ${fmtMb(sm.peakLoad)}, our nodes ${fmtMb(sm.peakNodes)}${every(sm, (x) => fmtMb(x.peakTree))}); wall ${fmtMs(sm.wallMs)}, our four nodes ${fmtMs(smMs)}${every(sm, (x) => (x.failed ? 'failed' : fmtMs(x.oursMs)))}`} — ${mark(!sm.failed && sm.peakTree < TARGET_RSS)}`);
		}
	}
	if (results.length > 1) {
		const a = results[0];
		const b = results[results.length - 1];
		const x = b.size / a.size;
		const g = (p, q) => (p && q ? `x${(q / p).toFixed(1)}` : 'n/a');
		const oa = a.runs.find((w) => w.workflow === 'ours');
		const ob = b.runs.find((w) => w.workflow === 'ours');
		console.log(`\nGrowth ${fmtInt(a.size)} -> ${fmtInt(b.size)} (x${x}): our nodes ${fmtMs(a.oursMs)} -> ${fmtMs(b.oursMs)} (${g(a.oursMs, b.oursMs)}; CPU ${fmtMs(a.oursCpuMs)} -> ${fmtMs(b.oursCpuMs)}, ${g(a.oursCpuMs, b.oursCpuMs)}), Switch V3 ${fmtMs(a.switchMs)} -> ${fmtMs(b.switchMs)} (${g(a.switchMs, b.switchMs)}), wall ours ${fmtMs(oa?.wallMs)} -> ${fmtMs(ob?.wallMs)}, peak RSS ours ${fmtMb(oa?.peakTree)} -> ${fmtMb(ob?.peakTree)}.`);
	}
}

// ---------------------------------------------------------------------------------------------

async function main() {
	const opts = parseArgs(process.argv.slice(2));
	const h = loadHarness();
	const { generateLedger } = loadLedger();
	process.stderr.write('n8n bench: runtime, build and pack...\n');
	h.ensureRuntime();
	const tarball = h.packPackage();
	const parent = path.join(TMP, 'n8n');
	fs.mkdirSync(parent, { recursive: true });
	const uf = await h.createUserFolder({
		parentDir: parent,
		env: {
			NODE_OPTIONS: `--max-old-space-size=${opts.heap}`,
			N8N_RUNNERS_MAX_OLD_SPACE_SIZE: String(opts.heap),
			N8N_RUNNERS_MAX_PAYLOAD: String(2 * 1024 ** 3 - 1),
			N8N_RUNNERS_TASK_TIMEOUT: '1800',
			// A Code node over 100,000 items keeps the runner busy for minutes on a loaded machine: without
			// this the broker declares it unresponsive (default heartbeat 30 s) and aborts the task.
			N8N_RUNNERS_HEARTBEAT_INTERVAL: '900',
			N8N_PAYLOAD_SIZE_MAX: '2048',
			NODE_FUNCTION_ALLOW_BUILTIN: 'fs',
			// --loader file: Read/Write Files from Disk may read the ledger in the user folder; binary data on disk.
			N8N_RESTRICT_FILE_ACCESS_TO: parent,
			N8N_DEFAULT_BINARY_DATA_MODE: 'filesystem',
			EXTERNAL_HOOK_FILES: path.join(__dirname, 'n8n-hooks.js'),
			EXECUTIONS_TIMEOUT: '-1',
		},
	});
	const ledgers = new Map();
	const api = opts.loader === 'http' ? await startLedgerApi(ledgers) : null;
	if (api) opts.httpBase = `http://127.0.0.1:${api.address().port}`;
	const results = [];
	const meta = { n8nVersion: h.N8N_VERSION, nodeVersion: '', loadBefore: os.loadavg()[0].toFixed(1), loadAfter: '' };
	try {
		await h.installPackageTarball(uf, tarball);
		const v = require('child_process').spawnSync(h.getRuntime().nodeBin, ['--version'], { encoding: 'utf8' });
		meta.nodeVersion = v.stdout.trim();
		for (const size of opts.sizes) {
			process.stderr.write(`n8n bench: ${size.toLocaleString('en-US')} invoices: ledger, import...\n`);
			const file = path.join(uf.dir, `ledger-${size}.json`);
			const ledger = generateLedger({ seed: opts.seed, invoices: size, asOf: AS_OF });
			fs.writeFileSync(file, JSON.stringify(ledger));
			if (api) ledgers.set(path.basename(file), ledger);
			const wfs = [];
			if (opts.workflows.includes('load')) wfs.push({ workflow: 'load', wf: loadOnlyWorkflow(`benchLoad${size}`, file, opts) });
			const ours = opts.workflows.includes('ours') || opts.workflows.includes('small') ? oursWorkflow(`benchOurs${size}`, file, opts) : null;
			if (opts.workflows.includes('ours')) wfs.push({ workflow: 'ours', wf: ours });
			if (opts.workflows.includes('small') && opts.smallHeap > 0) wfs.push({ workflow: 'small', wf: ours });
			if (opts.workflows.includes('baseline')) wfs.push({ workflow: 'baseline', wf: baselineWorkflow(`benchBase${size}`, file, opts) });
			const importFile = path.join(uf.dir, `import-${size}.json`);
			fs.writeFileSync(importFile, JSON.stringify([...new Set(wfs.map((w) => w.wf))]));
			const imp = await h.runN8n(uf, ['import:workflow', `--input=${importFile}`]);
			if (imp.code !== 0) throw new Error(`import failed:\n${imp.stdout}\n${imp.stderr}`);
			const entry = { size, runs: [] };
			for (const { workflow, wf } of wfs) {
				const all = [];
				const runs = workflow === 'ours' || workflow === 'small' ? Math.max(opts.runs, opts.oursRuns) : opts.runs;
				for (let r = 0; r < runs; r++) {
					process.stderr.write(`n8n bench: ${size.toLocaleString('en-US')} invoices: ${workflow} (load ${os.loadavg()[0].toFixed(1)})...\n`);
					let res;
					try {
						res = await executeMeasured(h, uf, wf.id, workflow === 'small' ? { ...opts, heapOverride: opts.smallHeap } : opts);
					} catch (e) {
						process.stderr.write(`  ${e instanceof Error ? e.message : String(e)}\n`);
						res = { failed: 'no run data', nodes: {}, wallMs: null, execMs: null, peakTree: 0, mainMaxRss: 0 };
					}
					res.workflow = workflow;
					res.load = os.loadavg()[0];
					const times = Object.entries(res.nodes).map(([n, v]) => `${n} ${fmtMs(v.runs.reduce((t, x) => t + x.executionTime, 0))} (CPU ${fmtMs(res.cpuMs?.[n])})`);
					process.stderr.write(`  wall ${fmtMs(res.wallMs)}, exec ${fmtMs(res.execMs)}, peak RSS ${fmtMb(res.peakTree)} (main ${fmtMb(res.mainMaxRss)}; while loading ${fmtMb(res.peakLoad)}, while routing ${fmtMb(res.peakNodes)}); ${times.join(', ')}\n`);
					all.push(res);
				}
				// Several runs of our chain: the median run (by our four nodes' time) stands for it in the tables, with every
				// run's time and peak RSS beside it. Other workflows: the last run.
				const timed = workflow === 'ours' || workflow === 'small';
				const ranked = timed ? [...all].sort((x, y) => oursTime(x) - oursTime(y)) : all;
				const pick = timed ? ranked[(ranked.length - 1) >> 1] : all[all.length - 1];
				if (timed && all.length > 1) pick.allRuns = all.map((x) => ({ oursMs: oursTime(x), peakTree: x.peakTree, wallMs: x.wallMs, failed: !!x.failed }));
				entry.runs.push(pick);
			}
			results.push(entry);
			fs.rmSync(file, { force: true });
			ledgers.delete(path.basename(file));
		}
	} finally {
		if (api) api.close();
		if (!opts.keep) h.removeUserFolder(uf);
		else process.stderr.write(`user folder kept: ${uf.dir}\n`);
	}
	meta.loadAfter = os.loadavg()[0].toFixed(1);
	printResults(results, opts, meta);
	if (opts.json) fs.writeFileSync(opts.json, JSON.stringify({ asOf: AS_OF, seed: opts.seed, heapMb: opts.heap, saved: opts.save, chain: opts.chain, meta, results }, null, 2));
	return results;
}

module.exports = { main };

if (require.main === module) {
	main().then(
		() => process.exit(0),
		(e) => {
			console.error(e instanceof Error ? e.stack ?? e.message : e);
			process.exit(1);
		},
	);
}
