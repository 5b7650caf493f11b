/**
 * Many workers, one truth: n8n in queue mode (main + two workers, Redis, Postgres from Debian's packages,
 * all on 127.0.0.1) runs workflows/ar-daily-run-postgres.workflow.json over a generated ledger of 5,000
 * invoices stored in Postgres, with the package installed as the Community Nodes panel installs it and
 * mail going to a real SMTP peer (the sink) that records every message.
 *
 *   1. throughput: the whole ledger (8 shards) with one worker, then with two;
 *   2. the race: every shard fired twice at once (16 concurrent runs); payments committed while claims for
 *      those invoices are waiting on them (held back by the payment's row lock, so the claim's re-read is
 *      certain to be what stops them) and more payments while the runs send; one worker killed (SIGKILL)
 *      while its executions hold claims; then the next run (worker restarted), the in-doubt claims settled
 *      from the mail log (as a person would, after the workflow's alert to finance), and one more run.
 *
 * Then: every message due, customer emails and the mails to a person (approval requests, tasks, alert steps)
 * (the core engine over the same ledger, computed here, independently of n8n and
 * the store) went out exactly once (the sink against the engine; the sink against the touch log as it was
 * before any person's confirmation), nothing went out twice, the paid invoices got nothing after their
 * payment and the claim's re-read stopped some, the kill hit running work (only the killed worker's
 * executions failed; stale claims re-taken or sends in doubt), every in-doubt send was reported to finance
 * once, and every invoice has its decision in the audit log.
 *
 * Run: npm run test:queue (about 5 minutes; not part of `npm test`).
 */
import { execFile, spawn, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { promisify } from 'util';

import { DecisionEngine } from '../../nodes/core/engine';
import { applyMapping, compileMapping } from '../../nodes/core/mapping';
import { executeWorkflow, getFreePort, getRuntime, httpRequest, inheritedEnv, importWorkflow, publishWorkflow, removeUserFolder, runN8n, startN8n, type N8nServer, type UserFolder } from '../e2e/n8n-harness';
import { userFolderWithPackage } from '../e2e/package';
import { startPostgres, startRedis, type PgClient, type PgServer, type RedisServer } from '../e2e/servers';
import { startSmtpSink, type SmtpSink } from '../e2e/smtp-sink';
import { DEFAULT_AS_OF, generateLedger, type LedgerItem, type LedgerTouch } from '../support/ledger';

// eslint-disable-next-line @typescript-eslint/no-require-imports, @typescript-eslint/no-var-requires
const dailyRunModule = require('../support/workflows/daily-run-postgres') as { build: () => Record<string, unknown>; WEBHOOK_PATH: string };
/** The same daily run with SMS and WhatsApp switched on (Settings), on a webhook of its own: the text-message test. */
const TEXTS_PATH = `${dailyRunModule.WEBHOOK_PATH}-texts`;
const TEXTS_WORKFLOW_ID = 'arDailyRunPgTxt1';
// eslint-disable-next-line @typescript-eslint/no-require-imports, @typescript-eslint/no-var-requires
const setupModule = require('../support/workflows/postgres-setup') as { build: () => Record<string, unknown> };
// eslint-disable-next-line @typescript-eslint/no-require-imports, @typescript-eslint/no-var-requires
const approvalsModule = require('../support/workflows/approvals-postgres') as { build: () => Record<string, unknown>; WEBHOOK_PATH: string };
// eslint-disable-next-line @typescript-eslint/no-require-imports, @typescript-eslint/no-var-requires
const reportModule = require('../support/workflows/weekly-report-postgres') as { build: (ledger: { asOf: string; invoices: unknown[] }) => Record<string, unknown> };

const execFileAsync = promisify(execFile);
const INVOICES = Number(process.env.AR_QUEUE_INVOICES ?? 5000);
const SHARDS = 8;
const CONCURRENCY = 5;
const AS_OF = DEFAULT_AS_OF;
const LEASE_SECONDS = 20;
const PAYMENTS = 15;
const PROFILE = process.env.AR_QUEUE_PROFILE === '1';
/** Measurement only: AR_QUEUE_BATCHING=single runs the claim, mark and record nodes with n8n's default query batching (one transaction for all items), to compare. */
const BATCHING = process.env.AR_QUEUE_BATCHING;
/** The daily run's Settings: where its "needs a person" alerts go (not a customer). */
const FINANCE = 'finance@example.com';

const say = (line: string) => process.stdout.write(`[queue] ${line}\n`);

/** An execution's stored run data (execution_data.data in n8n's database), decoded with n8n's own flatted. */
function parseRunData(data: string): unknown {
	// eslint-disable-next-line @typescript-eslint/no-require-imports, @typescript-eslint/no-var-requires
	const flatted = require(path.join(getRuntime().n8nModules, 'flatted')) as { parse(s: string): unknown };
	return flatted.parse(data);
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const REF = /Our reference: (\S+)/;

/** How many times each value occurs. */
function tally(values: Iterable<string>): Map<string, number> {
	const counts = new Map<string, number>();
	for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
	return counts;
}

// ---------------------------------------------------------------------------------------------
// Workers

interface Worker {
	name: string;
	child: ChildProcess;
	logs(): string;
	/** Executions this worker started and did not finish (from its log: "Worker started/finished execution N"). */
	inFlight(): string[];
	/** Every execution this worker started. */
	started(): string[];
	/** Bull job ids of the executions this worker started and did not finish. */
	inFlightJobs(): string[];
	/** SIGSTOP: the worker (and its task runner) stops where it is, taking no more jobs, its locks still held. */
	freeze(): void;
	exited(): boolean;
	stop(signal?: NodeJS.Signals): Promise<void>;
}

/** The harness' env rules for n8n child processes: nothing of the caller's n8n/jest env leaks in. */
function n8nEnv(uf: UserFolder, extra: Record<string, string>): Record<string, string> {
	const rt = getRuntime();
	return { ...inheritedEnv(), ...uf.env, PATH: [path.join(rt.nodeDir, 'bin'), process.env.PATH ?? ''].join(path.delimiter), ...extra };
}

async function startWorker(uf: UserFolder, name: string): Promise<Worker> {
	const rt = getRuntime();
	const env = n8nEnv(uf, { N8N_RUNNERS_BROKER_PORT: String(await getFreePort()) });
	const child = spawn(rt.nodeBin, [rt.n8nBin, 'worker', `--concurrency=${CONCURRENCY}`], { cwd: uf.dir, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
	let log = '';
	let dead = false;
	child.stdout?.on('data', (b: Buffer) => (log += b.toString('utf8')));
	child.stderr?.on('data', (b: Buffer) => (log += b.toString('utf8')));
	const done = new Promise<void>((resolve) => child.on('exit', () => ((dead = true), resolve())));
	const kill = (signal: NodeJS.Signals) => {
		try {
			process.kill(-(child.pid as number), signal); // the worker and its task runner
		} catch {
			/* gone */
		}
	};
	process.once('exit', () => kill('SIGKILL'));
	const deadline = Date.now() + 180_000;
	while (!log.includes('n8n worker is now ready')) {
		if (dead) throw new Error(`worker ${name} exited:\n${log.slice(-3000)}`);
		if (Date.now() > deadline) throw new Error(`worker ${name} not ready:\n${log.slice(-3000)}`);
		await sleep(200);
	}
	const ids = (re: RegExp, group = 1) => [...log.matchAll(re)].map((m) => m[group]);
	const unfinished = (group: number) => {
		const finished = new Set(ids(/Worker finished execution (\d+) \(job (\w+)\)/g, group));
		return ids(/Worker started execution (\d+) \(job (\w+)\)/g, group).filter((id) => !finished.has(id));
	};
	return {
		name,
		child,
		logs: () => log,
		started: () => ids(/Worker started execution (\d+)/g),
		inFlight: () => unfinished(1),
		inFlightJobs: () => unfinished(2),
		freeze: () => kill('SIGSTOP'),
		exited: () => dead,
		async stop(signal: NodeJS.Signals = 'SIGTERM') {
			if (dead) return;
			kill(signal);
			const timer = setTimeout(() => kill('SIGKILL'), 20_000);
			await done;
			clearTimeout(timer);
			kill('SIGKILL');
		},
	};
}

/**
 * Bull's active jobs in n8n's queue, read with redis-cli: each with its execution and the token of the worker
 * whose lock holds it (Bull writes the taking queue's token into the job's lock key; one token per worker).
 */
async function bullActiveJobs(port: number): Promise<Array<{ job: string; token: string; executionId: string }>> {
	const cli = async (...args: string[]) =>
		(await execFileAsync('redis-cli', ['-h', '127.0.0.1', '-p', String(port), '--raw', ...args], { encoding: 'utf8' })).stdout.split('\n').filter((l) => l !== '');
	const out: Array<{ job: string; token: string; executionId: string }> = [];
	for (const activeKey of await cli('--scan', '--pattern', '*jobs:active')) {
		const base = activeKey.slice(0, -'active'.length);
		for (const job of await cli('LRANGE', activeKey, '0', '-1')) {
			const [token] = await cli('GET', `${base}${job}:lock`);
			const [data] = await cli('HGET', `${base}${job}`, 'data');
			if (token === undefined || data === undefined) continue; // finished meanwhile
			out.push({ job, token, executionId: String((JSON.parse(data) as { executionId: string | number }).executionId) });
		}
	}
	return out;
}

// ---------------------------------------------------------------------------------------------
// The store

/** Every item of the ledger into ar_invoices / ar_holds / ar_promises / ar_touches (a fresh store). */
async function seedStore(db: PgClient, ledger: LedgerItem[]): Promise<void> {
	await db.query('TRUNCATE ar_invoices, ar_touches, ar_holds, ar_promises, ar_audit RESTART IDENTITY');
	const invoices = ledger.map((i) => ({
		invoice_id: i.invoiceId,
		customer_id: i.customerId,
		status: i.status,
		amount: i.amount,
		amount_paid: i.amountPaid,
		currency: i.currency,
		issue_date: i.issueDate,
		due_date: i.dueDate,
		doc: {
			number: i.number,
			paymentLink: i.paymentLink,
			autoCharge: i.autoCharge,
			...(i.autoChargePending !== undefined ? { autoChargePending: i.autoChargePending } : {}),
			...(i.disputed !== undefined ? { disputed: i.disputed } : {}),
			service: i.service,
			customer: i.customer,
			...(i.history !== undefined ? { history: i.history } : {}),
			...(i.approvals !== undefined ? { approvals: i.approvals } : {}),
		},
	}));
	for (let at = 0; at < invoices.length; at += 1000) {
		await db.query(
			`INSERT INTO ar_invoices (invoice_id, customer_id, status, amount, amount_paid, currency, issue_date, due_date, doc)
			 SELECT invoice_id, customer_id, status, amount, amount_paid, currency, issue_date, due_date, doc
			 FROM jsonb_to_recordset($1::jsonb) AS x(invoice_id text, customer_id text, status text, amount numeric, amount_paid numeric,
			   currency text, issue_date date, due_date date, doc jsonb)`,
			[JSON.stringify(invoices.slice(at, at + 1000))],
		);
	}
	const holds = new Map<string, Record<string, unknown>>();
	const promises = new Map<string, Record<string, unknown>>();
	const touches = new Map<string, Record<string, unknown>>();
	for (const i of ledger) {
		for (const h of i.holds) {
			if (h.type === 'promise' && h.invoiceId !== undefined) {
				promises.set(h.holdId, { promise_id: h.holdId, invoice_id: h.invoiceId, customer_id: h.customerId, amount: h.amount ?? null, promised_for: h.until, state: h.active ? 'open' : 'withdrawn', created_at: h.createdAt, note: h.note ?? null });
			} else if (h.type !== 'promise') {
				holds.set(h.holdId, { hold_id: h.holdId, type: h.type, invoice_id: h.invoiceId ?? null, customer_id: h.customerId, channel: h.channel ?? null, created_at: h.createdAt, until: h.until, active: h.active, note: h.note ?? null });
			}
		}
		for (const t of i.touches) {
			touches.set(t.dedupeKey, { dedupe_key: t.dedupeKey, invoice_id: t.invoiceId, customer_id: t.customerId, step: t.step, channel: t.channel, state: t.status, as_of: t.sentAt });
		}
	}
	await db.query(
		`INSERT INTO ar_holds (hold_id, type, invoice_id, customer_id, channel, created_at, until, active, note)
		 SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(hold_id text, type text, invoice_id text, customer_id text, channel text,
		   created_at timestamptz, until date, active boolean, note text)`,
		[JSON.stringify([...holds.values()])],
	);
	await db.query(
		`INSERT INTO ar_promises (promise_id, invoice_id, customer_id, amount, promised_for, state, created_at, note)
		 SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(promise_id text, invoice_id text, customer_id text, amount numeric,
		   promised_for date, state text, created_at timestamptz, note text)`,
		[JSON.stringify([...promises.values()])],
	);
	await db.query(
		`INSERT INTO ar_touches (dedupe_key, invoice_id, customer_id, step, channel, state, as_of, sent_at)
		 SELECT dedupe_key, invoice_id, customer_id, step, channel, state, as_of, CASE WHEN state = 'sent' THEN as_of END
		 FROM jsonb_to_recordset($1::jsonb) AS x(dedupe_key text, invoice_id text, customer_id text, step text, channel text, state text, as_of timestamptz)`,
		[JSON.stringify([...touches.values()])],
	);
}

/** Steps of the default policy (the one the Postgres daily run uses) that copy finance. */
const CC_FINANCE_STEPS = new Set(new DecisionEngine({}, AS_OF).policy.steps.filter((st) => st.ccFinance).map((st) => st.id));

/**
 * What is due as of AS_OF: the core engine over the ledger, customer by customer in invoice order (as the runs
 * load it). `emails`: the customer emails (dedupe key -> invoice id); `alerts`: the mails to a person, under
 * the key that claims them: approval requests and tasks (the decision's task key), internal alert steps
 * (their dedupe key). `laterAlerts`: those a second run of the same day adds once the first run's mails are in
 * the touch log (an internal step due the same day as a customer step follows on the next run; the race runs
 * every shard more than once).
 */
function expectedMessages(ledger: LedgerItem[]): { emails: Map<string, string>; alerts: Map<string, string>; laterAlerts: Map<string, string> } {
	const mapping = compileMapping('canonical');
	const sorted = [...ledger].sort((a, b) => (a.invoiceId < b.invoiceId ? -1 : 1));
	/** One daily run over the ledger, each invoice's touch log extended with `logged` (as Load Invoices reads it). */
	const run = (logged: LedgerTouch[]) => {
		const engine = new DecisionEngine({}, AS_OF);
		const emails = new Map<string, string>();
		const alerts = new Map<string, string>();
		const touches: LedgerTouch[] = [];
		for (const item of sorted) {
			const extra = logged.filter((t) => t.customerId === item.customerId && (t.invoiceId === item.invoiceId || t.channel !== 'internal'));
			const d = engine.decideRaw(applyMapping(mapping, { ...item, touches: [...item.touches, ...extra] } as unknown as Record<string, unknown>));
			const log = (key: string, channel: string, into: Map<string, string>) => {
				into.set(key, item.invoiceId);
				touches.push({ invoiceId: item.invoiceId, customerId: item.customerId, step: String(d.step), channel: channel as LedgerTouch['channel'], sentAt: AS_OF, dedupeKey: key, status: 'sent' });
			};
			if (d.outcome === 'send' && d.channels.includes('email')) log(`${item.invoiceId}:${String(d.step)}:email`, 'email', emails);
			if (d.outcome === 'send' && d.channels.includes('internal')) log(`${item.invoiceId}:${String(d.step)}:internal`, 'internal', alerts);
			if ((d.outcome === 'approval' || d.outcome === 'human') && d.taskKey) log(d.taskKey, 'internal', alerts);
		}
		return { emails, alerts, touches };
	};
	const first = run([]);
	const second = run(first.touches);
	const laterAlerts = new Map([...second.alerts].filter(([k]) => !first.alerts.has(k)));
	return { emails: first.emails, alerts: first.alerts, laterAlerts };
}

// ---------------------------------------------------------------------------------------------

const describeQueue = process.env.N8N_E2E_SKIP === '1' ? describe.skip : describe;

describeQueue('queue mode: Postgres store, Redis, main + two workers', () => {
	let pg: PgServer | undefined;
	let redis: RedisServer | undefined;
	let sink: SmtpSink | undefined;
	let uf: UserFolder | undefined;
	let main: N8nServer | undefined;
	const workers: Worker[] = [];
	let store: PgClient | undefined;
	let n8nDb: PgClient | undefined;

	const ledger = generateLedger({ seed: 'queue-mode', invoices: INVOICES, asOf: AS_OF });
	const { emails: due, alerts: dueAlerts, laterAlerts } = expectedMessages(ledger);
	const byId = new Map(ledger.map((i) => [i.invoiceId, i]));
	/** Invoices per customer: a payment or an approval on a customer's only invoice changes nothing else that day. */
	const perCustomer = tally(ledger.map((i) => i.customerId));
	const report: Record<string, unknown> = {};
	const startedAt = Date.now();

	async function fire(shards: number[], webhookPath = dailyRunModule.WEBHOOK_PATH): Promise<void> {
		const res = await Promise.all(
			shards.map((shard) => (main as N8nServer).postWebhook(webhookPath, { asOf: AS_OF, shard, shards: SHARDS, leaseSeconds: LEASE_SECONDS })),
		);
		for (const r of res) expect(r.status).toBe(200);
	}

	async function executionStates(): Promise<Record<string, number>> {
		const { rows } = await (n8nDb as PgClient).query<{ status: string; n: string }>('SELECT status, count(*) AS n FROM execution_entity GROUP BY status');
		return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
	}

	/** Time per node summed over the finished executions (AR_QUEUE_PROFILE=1). */
	async function printNodeTimes(label: string): Promise<void> {
		const { rows } = await (n8nDb as PgClient).query<{ data: string; ms: string }>(
			`SELECT d.data, extract(epoch FROM (e."stoppedAt" - e."startedAt")) * 1000 AS ms FROM execution_entity e JOIN execution_data d ON d."executionId" = e.id WHERE e.status = 'success'`,
		);
		const total = new Map<string, number>();
		for (const r of rows) {
			const run = parseRunData(r.data) as { resultData: { runData: Record<string, Array<{ executionTime: number }>> } };
			for (const [name, runs] of Object.entries(run.resultData.runData)) total.set(name, (total.get(name) ?? 0) + runs.reduce((a, x) => a + x.executionTime, 0));
		}
		const wall = rows.reduce((a, r) => a + Number(r.ms), 0);
		say(`${label}: ${rows.length} executions, ${Math.round(wall)} ms in executions; per node: ${[...total].sort((a, b) => b[1] - a[1]).map(([n, ms]) => `${n} ${ms}`).join(', ')}`);
	}

	/** Wait until every open claim's lease is over (what a dead run left is then stale or in doubt). */
	async function leasesExpired(): Promise<void> {
		const { rows } = await (store as PgClient).query<{ s: string }>(
			"SELECT coalesce(extract(epoch FROM max(lease_until) - now()), 0) AS s FROM ar_touches WHERE state IN ('claimed', 'sending')",
		);
		if (Number(rows[0].s) > 0) await sleep(Number(rows[0].s) * 1000 + 500);
	}

	async function touchStates(): Promise<Record<string, number>> {
		const { rows } = await (store as PgClient).query<{ state: string; n: string }>('SELECT state, count(*) AS n FROM ar_touches WHERE as_of = $1::timestamptz GROUP BY state', [AS_OF]);
		return Object.fromEntries(rows.map((r) => [r.state, Number(r.n)]));
	}

	/** Failed executions (kept: save on error) with n8n's error message. */
	async function failedExecutions(): Promise<Array<[string, string]>> {
		const { rows } = await (n8nDb as PgClient).query<{ id: string; status: string; data: string | null }>(
			"SELECT e.id, e.status, d.data FROM execution_entity e LEFT JOIN execution_data d ON d.\"executionId\" = e.id WHERE e.status NOT IN ('success', 'new', 'running') ORDER BY e.id",
		);
		return rows.map((r) => {
			let message = r.status;
			try {
				const run = r.data ? (parseRunData(r.data) as { resultData?: { error?: { message?: string }; lastNodeExecuted?: string } }) : undefined;
				if (run?.resultData?.error?.message) message = `${r.status}: ${run.resultData.error.message} (last node: ${String(run.resultData.lastNodeExecuted)})`;
			} catch {
				/* keep the status */
			}
			return [String(r.id), message];
		});
	}

	/** Until no execution is queued or running (a killed worker's executions are marked crashed by n8n's queue recovery). */
	async function quiesce(label: string, timeoutMs = 600_000): Promise<number> {
		const t0 = Date.now();
		for (;;) {
			const s = await executionStates();
			if ((s.new ?? 0) + (s.running ?? 0) === 0) return Date.now() - t0;
			if (Date.now() - t0 > timeoutMs) throw new Error(`${label}: executions still running after ${timeoutMs} ms: ${JSON.stringify(s)}`);
			await sleep(250);
		}
	}

	/** Mails to a person about one invoice (approval requests, tasks, alert steps): subject "[AR] ...", to the account owner or finance. */
	const isPersonMail = (m: { subject: string }) => m.subject.startsWith('[AR] ');
	/** The daily run's "needs a person" alerts to finance ("AR follow-up: N message(s) need a person (shard …)"). */
	const isFinanceAlert = (m: { subject: string }) => m.subject.startsWith('AR follow-up: ');
	/** Mails to customers (a step that copies finance, the service-pause warning, has finance in Bcc). */
	const customerMails = () => (sink as SmtpSink).mails.filter((m) => !isFinanceAlert(m) && !isPersonMail(m));
	const personMails = () => (sink as SmtpSink).mails.filter(isPersonMail);
	/** The daily run's "needs a person" alerts to finance (sends in doubt or given up). */
	const alertMails = () => (sink as SmtpSink).mails.filter(isFinanceAlert);
	const refOf = (m: { text: string; subject: string }) => REF.exec(m.text)?.[1] ?? `(no reference: ${m.subject})`;
	/** The keys an alert to finance lists ("- <key>: IN DOUBT ..." / "- <key>: GAVE UP ..."). */
	const alerted = (why: 'IN DOUBT' | 'GAVE UP') => alertMails().flatMap((m) => [...m.text.matchAll(/^- (\S+): (IN DOUBT|GAVE UP)/gm)].filter((x) => x[2] === why).map((x) => x[1]));

	async function resetRun(): Promise<void> {
		await seedStore(store as PgClient, ledger);
		(sink as SmtpSink).clear();
		await (n8nDb as PgClient).query('DELETE FROM execution_entity');
	}

	beforeAll(async () => {
		[pg, redis, sink] = await Promise.all([startPostgres(), startRedis(), startSmtpSink()]);
		await pg.createDatabase('n8n');
		await pg.createDatabase('ar');
		const env: Record<string, string> = {
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: '127.0.0.1',
			DB_POSTGRESDB_PORT: String(pg.port),
			DB_POSTGRESDB_DATABASE: 'n8n',
			DB_POSTGRESDB_USER: 'postgres',
			DB_POSTGRESDB_PASSWORD: '',
			EXECUTIONS_MODE: 'queue',
			QUEUE_BULL_REDIS_HOST: '127.0.0.1',
			QUEUE_BULL_REDIS_PORT: String(redis.port),
			QUEUE_HEALTH_CHECK_ACTIVE: 'false',
			// big runs: keep failed executions only (AR_QUEUE_PROFILE=1 keeps all and prints the time per node)
			EXECUTIONS_DATA_SAVE_ON_SUCCESS: PROFILE ? 'all' : 'none',
			EXECUTIONS_DATA_SAVE_ON_ERROR: 'all',
			// notice a dead worker within a minute (defaults: 60 s lock, 30 s checks, recovery every 180 min)
			QUEUE_WORKER_LOCK_DURATION: '30000',
			QUEUE_WORKER_LOCK_RENEW_TIME: '7500',
			QUEUE_WORKER_STALLED_INTERVAL: '10000',
			N8N_EXECUTIONS_QUEUE_RECOVERY_INTERVAL: '0.25',
		};
		uf = await userFolderWithPackage({ env });
		const credFile = path.join(uf.dir, 'credentials.json');
		fs.writeFileSync(
			credFile,
			JSON.stringify([
				{ id: 'arPostgresStore1', name: 'AR Postgres Store', type: 'postgres', data: { host: '127.0.0.1', port: pg.port, database: 'ar', user: 'postgres', password: '', ssl: 'disable', allowUnauthorizedCerts: false, sshTunnel: false } },
				{ id: 'arSmtpAccount001', name: 'AR SMTP', type: 'smtp', data: { host: '127.0.0.1', port: sink.port, secure: false, user: '', password: '', disableStartTls: true } },
				// Twilio's API is not reachable from the test machine: every text message is refused (no connection)
				{ id: 'arTwilioCredentl1', name: 'AR Twilio', type: 'twilioApi', data: { authType: 'authToken', accountSid: 'AC00000000000000000000000000000000', authToken: 'not-a-real-token' } },
				// nor Meta's (WhatsApp Business Cloud API, the texts-on copy's WhatsApp provider)
				{ id: 'arWhatsAppCredent', name: 'AR WhatsApp', type: 'whatsAppApi', data: { accessToken: 'not-a-real-token', businessAccountId: '100000000000002' } },
			]),
		);
		const t0 = Date.now();
		const cred = await runN8n(uf, ['import:credentials', `--input=${credFile}`]);
		if (cred.code !== 0) throw new Error(`import:credentials failed:\n${cred.stdout}\n${cred.stderr}`);
		say(`n8n database migrated on Postgres, credentials imported (${((Date.now() - t0) / 1000).toFixed(1)} s)`);

		// The setup workflow creates the tables (n8n execute runs it in this process, not on a worker).
		const setupFile = path.join(uf.dir, 'setup.json');
		fs.writeFileSync(setupFile, JSON.stringify(setupModule.build()));
		const setup = await importWorkflow(uf, setupFile);
		// (`n8n execute` on a Postgres-backed n8n sometimes exits non-zero after printing a successful run: judge by the run)
		const ran = await executeWorkflow(uf, setup.id, { allowFailure: true });
		if (ran.status !== 'success' || ran.data.resultData.runData['Create AR Tables'] === undefined) {
			throw new Error(`setup workflow failed (${ran.status}): ${JSON.stringify(ran.data.resultData.error ?? null)}\n${ran.process.stderr.slice(-2000)}`);
		}
		store = await pg.client('ar');
		const tables = await store.query<{ n: string }>("SELECT count(*) AS n FROM information_schema.tables WHERE table_name LIKE 'ar\\_%'");
		say(`setup workflow created ${tables.rows[0].n} ar_* tables and views`);

		// The daily run without its schedule trigger (the test fires the webhook).
		const wf = dailyRunModule.build() as { nodes: Array<{ name: string; parameters: { options?: Record<string, unknown> } }>; connections: Record<string, unknown> };
		wf.nodes = wf.nodes.filter((n) => n.name !== 'Every Business Day 08:00');
		if (BATCHING) {
			for (const n of wf.nodes) if (n.parameters.options?.queryBatching !== undefined) n.parameters.options.queryBatching = BATCHING;
			say(`query batching of the claim, mark and record nodes: ${BATCHING} (measurement)`);
		}
		delete wf.connections['Every Business Day 08:00'];
		const wfFile = path.join(uf.dir, 'daily.json');
		fs.writeFileSync(wfFile, JSON.stringify(wf));
		const daily = await importWorkflow(uf, wfFile);
		await publishWorkflow(uf, daily.id);
		// the same run with SMS (Twilio) and WhatsApp (Meta's Cloud API) on, on its own webhook (the last test)
		const texts = JSON.parse(JSON.stringify(wf)) as { id: string; name: string; settings: Record<string, unknown>; nodes: Array<{ name: string; webhookId?: string; parameters: Record<string, unknown> }> };
		texts.id = TEXTS_WORKFLOW_ID;
		texts.name = `${texts.name} (texts on)`;
		// its successful runs are kept (the others' are not: big runs), so the test can see which provider node sent what
		texts.settings = { ...texts.settings, saveDataSuccessExecution: 'all' };
		for (const n of texts.nodes) {
			if (n.name === 'Daily Run Webhook') {
				n.parameters.path = TEXTS_PATH;
				n.webhookId = '6172a7c5-71a3-4e9c-8f0e-0d2b5c1e9a02';
			}
			if (n.name === 'Settings') {
				for (const a of (n.parameters.assignments as { assignments: Array<{ name: string; value: unknown }> }).assignments) {
					if (a.name === 'smsEnabled' || a.name === 'whatsappEnabled') a.value = true;
					if (a.name === 'smsFrom') a.value = '+15005550006';
					if (a.name === 'whatsappVia') a.value = 'meta';
					if (a.name === 'whatsappPhoneNumberId') a.value = '100000000000001';
				}
			}
		}
		const textsFile = path.join(uf.dir, 'daily-texts.json');
		fs.writeFileSync(textsFile, JSON.stringify(texts));
		await publishWorkflow(uf, (await importWorkflow(uf, textsFile)).id);
		// the approval page the approval requests link to
		const approvalsFile = path.join(uf.dir, 'approvals.json');
		fs.writeFileSync(approvalsFile, JSON.stringify(approvalsModule.build()));
		await publishWorkflow(uf, (await importWorkflow(uf, approvalsFile)).id);

		// every process of queue mode knows the public webhook URL (the approval links are made on the workers)
		const mainPort = await getFreePort();
		uf.env.WEBHOOK_URL = `http://127.0.0.1:${mainPort}/`;
		main = await startN8n(uf, mainPort, { timeoutMs: 240_000 });
		n8nDb = await pg.client('n8n');
		// `n8n execute` can leave the setup's execution marked running: not a run of the tests (each test counts executions)
		await n8nDb.query('DELETE FROM execution_entity');
		workers.push(await startWorker(uf, 'worker-1'));
		say(`main ready in ${(main.readyMs / 1000).toFixed(1)} s, worker-1 ready; ledger ${ledger.length} invoices, ${due.size} emails and ${dueAlerts.size} mails to a person due as of ${AS_OF}`);
	}, 900_000);

	afterAll(async () => {
		say(`total ${((Date.now() - startedAt) / 1000).toFixed(0)} s; figures ${JSON.stringify(report)}`);
		await store?.end().catch(() => undefined);
		await n8nDb?.end().catch(() => undefined);
		for (const w of workers) await w.stop('SIGKILL').catch(() => undefined);
		await main?.stop().catch(() => undefined);
		await sink?.stop().catch(() => undefined);
		await redis?.stop().catch(() => undefined);
		await pg?.stop().catch(() => undefined);
		if (uf && process.env.AR_QUEUE_KEEP !== '1') removeUserFolder(uf);
	}, 120_000);

	async function timedRun(label: string): Promise<number> {
		await resetRun();
		const t0 = Date.now();
		await fire([...Array(SHARDS).keys()]);
		await quiesce(label);
		const ms = Date.now() - t0;
		const sent = customerMails().length;
		const decided = await (store as PgClient).query<{ n: string }>("SELECT count(DISTINCT invoice_id) AS n FROM ar_audit WHERE kind = 'decision'");
		const perSecond = Math.round((ledger.length / ms) * 1000);
		say(`${label}: ${decided.rows[0].n} invoices decided, ${sent} emails and ${personMails().length} mails to a person sent in ${(ms / 1000).toFixed(1)} s = ${perSecond} invoices/s`);
		expect(await failedExecutions()).toEqual([]);
		if (PROFILE) await printNodeTimes(label);
		expect(Number(decided.rows[0].n)).toBe(ledger.length);
		expect(sent).toBe(due.size);
		// finance is copied (Bcc, from Settings' financeEmail) on the steps that copy finance, and on no other
		const copied = customerMails().filter((m) => m.envelopeTo.includes(FINANCE)).map(refOf);
		expect(copied.length).toBeGreaterThan(0);
		expect(copied.filter((k) => !CC_FINANCE_STEPS.has(k.split(':')[1]))).toEqual([]);
		expect(customerMails().filter((m) => CC_FINANCE_STEPS.has(refOf(m).split(':')[1]) && !m.envelopeTo.includes(FINANCE)).map(refOf)).toEqual([]);
		// approval requests, tasks and alert steps: each once, to the account owner
		expect(personMails().map(refOf).sort()).toEqual([...dueAlerts.keys()].sort());
		expect(personMails().filter((m) => m.envelopeTo.includes(FINANCE))).toEqual([]); // every customer of the ledger has an account owner
		expect(alertMails()).toEqual([]); // a clean run: nothing for a person
		return perSecond;
	}

	it('throughput: the whole ledger with one worker, then with two', async () => {
		report.oneWorker = await timedRun('1 worker ');
		workers.push(await startWorker(uf as UserFolder, 'worker-2'));
		report.twoWorkers = await timedRun('2 workers');
	}, 1_200_000);

	it('16 concurrent runs, payments during the run, a worker killed mid-run: every due email exactly once', async () => {
		const db = store as PgClient;
		const mails = customerMails;
		await resetRun();
		// payment candidates: due emails of customers with a single invoice (a payment there changes nothing else)
		const payable = [...due.values()].filter((id) => perCustomer.get((byId.get(id) as LedgerItem).customerId) === 1);

		// Payments the claim must stop: one due invoice per shard is paid in a transaction left open while the
		// runs start. Load Invoices (a plain read) still sees them open, so the runs decide to send; their claims
		// then wait on the payment's row lock (the claim's FOR SHARE re-read). The payment commits once claims
		// are seen waiting: those claims are certain to read it.
		const payer = await (pg as PgServer).client('ar');
		const lockTargets = await db.query<{ invoice_id: string }>(
			`SELECT DISTINCT ON (mod(abs(hashtext(customer_id)::bigint), $2::int)) invoice_id FROM ar_invoices
			 WHERE invoice_id = ANY($1::text[]) ORDER BY mod(abs(hashtext(customer_id)::bigint), $2::int), invoice_id DESC`,
			[payable, SHARDS],
		);
		const payerPid = Number((await payer.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid);
		await payer.query('BEGIN');
		const paidAtClaim = await payer.query<{ invoice_id: string; paid_at: string }>(
			`UPDATE ar_invoices SET status = 'paid', amount_paid = amount, paid_at = clock_timestamp(), updated_at = now()
			 WHERE invoice_id = ANY($1::text[]) RETURNING invoice_id, paid_at`,
			[lockTargets.rows.map((r) => r.invoice_id)],
		);

		const t0 = Date.now();
		const shards = [...Array(SHARDS).keys()];
		await fire(shards.flatMap((s) => [s, s]));
		say(`race: fired ${shards.length * 2} runs at once (every shard twice, the copies side by side) on 2 workers`);

		const waitingClaims = async () =>
			Number(
				(
					await db.query<{ n: string }>(
						"SELECT count(*) AS n FROM pg_stat_activity WHERE $1::int = ANY(pg_blocking_pids(pid))",
						[payerPid],
					)
				).rows[0].n,
			);
		let waiting = 0;
		for (const deadline = Date.now() + 240_000; Date.now() < deadline; await sleep(100)) {
			waiting = await waitingClaims();
			if (waiting >= 2 || (waiting >= 1 && Date.now() - t0 > 60_000)) break;
		}
		await payer.query('COMMIT');
		await payer.end();
		say(`race: ${paidAtClaim.rows.length} due invoices paid at +${((Date.now() - t0) / 1000).toFixed(1)} s, committed with ${waiting} claims waiting on them`);

		// More payments while the runs send: invoices due an email, not claimed yet.
		await (sink as SmtpSink).waitFor(() => mails().length >= 1, 300_000);
		const paidLater = await db.query<{ invoice_id: string; paid_at: string }>(
			`WITH target AS (
			   SELECT i.invoice_id FROM ar_invoices i
			   WHERE i.invoice_id = ANY($1::text[]) AND i.status = 'open'
			     AND NOT EXISTS (SELECT 1 FROM ar_touches t WHERE t.invoice_id = i.invoice_id AND t.as_of = $2::timestamptz)
			   ORDER BY i.invoice_id DESC LIMIT $3 FOR UPDATE
			 )
			 UPDATE ar_invoices i SET status = 'paid', amount_paid = amount, paid_at = clock_timestamp(), updated_at = now()
			 FROM target WHERE i.invoice_id = target.invoice_id RETURNING i.invoice_id, i.paid_at`,
			[payable, AS_OF, PAYMENTS],
		);
		say(`race: ${paidLater.rows.length} more due invoices paid at +${((Date.now() - t0) / 1000).toFixed(1)} s, ${mails().length} emails out so far`);
		const paid = [...paidAtClaim.rows, ...paidLater.rows];

		// Kill worker-2 (SIGKILL: no graceful shutdown) while its executions hold claims (claimed, or sending).
		await (sink as SmtpSink).waitFor(() => mails().length >= Math.min(due.size, Math.ceil(due.size * 0.3)), 300_000).catch(() => undefined);
		let inFlight: string[] = [];
		let holding = 0;
		for (const deadline = Date.now() + 180_000; Date.now() < deadline; await sleep(50)) {
			if (workers[1].started().length === 0 && workers[0].started().length === 0) throw new Error('no "Worker started execution" in the workers\' logs: cannot tell which worker runs what');
			inFlight = workers[1].inFlight();
			if (inFlight.length === 0) continue;
			const held = await db.query<{ n: string }>("SELECT count(*) AS n FROM ar_touches WHERE state IN ('claimed', 'sending') AND claimed_by = ANY($1::text[])", [inFlight]);
			holding = Number(held.rows[0].n);
			if (holding > 0) break;
		}
		const running = await executionStates();
		// Frozen first, so that what it holds can be read: a job Bull gave it but whose execution it had not
		// yet logged as started (it was loading it) dies with it too, and n8n fails that one as stalled.
		workers[1].freeze();
		const held = await bullActiveJobs((redis as RedisServer).port);
		const logged = new Set(workers[1].inFlightJobs());
		const itsTokens = new Set(held.filter((j) => logged.has(j.job)).map((j) => j.token));
		const taken = held.filter((j) => itsTokens.has(j.token)).map((j) => j.executionId);
		// the read is checked: the jobs its log shows running are in Bull's active list under one lock token
		if (logged.size > 0) expect(itsTokens.size).toBe(1);
		await workers[1].stop('SIGKILL');
		await sleep(500); // the rest of its log
		inFlight = [...new Set([...workers[1].inFlight(), ...taken])];
		say(
			`race: worker-2 killed at +${((Date.now() - t0) / 1000).toFixed(1)} s with ${mails().length} emails out, executions ${JSON.stringify(running)}, ` +
				`its executions in flight ${JSON.stringify(inFlight)} (${JSON.stringify(taken.filter((id) => !workers[1].started().includes(id)))} taken from the queue, not started) holding ${holding} claims`,
		);
		await quiesce('race');
		const afterRace = await executionStates();
		say(`race: all runs ended at +${((Date.now() - t0) / 1000).toFixed(1)} s: executions ${JSON.stringify(afterRace)}, ${mails().length} emails out`);
		const failed = await failedExecutions();
		for (const [id, message] of failed) say(`race: execution ${id} did not finish: ${message}`);
		say(`race: touches ${JSON.stringify(await touchStates())}`);

		// The next run (a new worker-2 replaces the dead one), once the dead run's leases are over: its stale
		// claims (never handed to Send Email) are claimed again by this run; the sends in doubt are reported to finance.
		workers[1] = await startWorker(uf as UserFolder, 'worker-2b');
		await leasesExpired();
		await fire(shards);
		await quiesce('next run');
		say(`next run: ${mails().length} emails out, touches ${JSON.stringify(await touchStates())}, ${alertMails().length} alert(s) to finance`);

		// The sink and the touch log BEFORE any person's confirmation: every touch recorded sent is in the sink,
		// and every mail in the sink is recorded sent or in doubt (its run died between the hand-off and the record).
		await leasesExpired();
		const before = await db.query<{ dedupe_key: string; state: string }>("SELECT dedupe_key, state FROM ar_touches WHERE as_of = $1::timestamptz AND channel = 'email'", [AS_OF]);
		const recordedBefore = new Set(before.rows.filter((t) => t.state === 'sent').map((t) => t.dedupe_key));
		const sendingBefore = new Set(before.rows.filter((t) => t.state === 'sending').map((t) => t.dedupe_key));
		const sinkBefore = new Set(mails().map(refOf));
		const personSinkBefore = new Set(personMails().map(refOf));

		// In-doubt claims (run died between claim and recorded outcome): a person checks the mail log.
		const inDoubt = await db.query<{ dedupe_key: string }>('SELECT dedupe_key FROM ar_in_doubt ORDER BY dedupe_key');
		const alertedInDoubt = alerted('IN DOUBT');
		let confirmed = 0; // customer emails
		let confirmedPerson = 0; // mails to a person
		let released = 0;
		for (const { dedupe_key: key } of inDoubt.rows) {
			if (sinkBefore.has(key) || personSinkBefore.has(key)) {
				await db.query("SELECT ar_confirm_sent($1, 'queue-test', 'found in the mail log')", [key]);
				if (sinkBefore.has(key)) confirmed++;
				else confirmedPerson++;
			} else {
				await db.query("SELECT ar_release($1, 'queue-test', 'not in the mail log')", [key]);
				released++;
			}
		}
		say(`in doubt after the lease: ${inDoubt.rows.length} claims, ${alertedInDoubt.length} reported to finance (${confirmed + confirmedPerson} found in the mail log and confirmed, ${released} released)`);
		await fire(shards);
		await quiesce('after release');
		say(`run after the release: ${mails().length} emails out; race total ${((Date.now() - t0) / 1000).toFixed(1)} s`);
		// the runs after the race finished, reports to finance included: only the killed worker's executions failed
		expect((await failedExecutions()).filter(([id]) => !inFlight.includes(id))).toEqual([]);

		// ---- assertions
		const keys = mails().map(refOf);
		const counts = tally(keys);
		const twice = [...counts].filter(([, n]) => n > 1);
		const sinkKeys = [...counts.keys()].sort();
		const touches = await db.query<{ dedupe_key: string; state: string; sending_at: string; invoice_id: string; attempts: number }>(
			"SELECT dedupe_key, state, sending_at, invoice_id, attempts FROM ar_touches WHERE as_of = $1::timestamptz AND channel = 'email'",
			[AS_OF],
		);
		const sentKeys = new Set(touches.rows.filter((t) => t.state === 'sent').map((t) => t.dedupe_key));
		const paidIds = new Set(paid.map((r) => r.invoice_id));
		const paidAt = new Map(paid.map((r) => [r.invoice_id, new Date(r.paid_at).getTime()]));
		const dueNow = [...due].filter(([, id]) => !paidIds.has(id)).map(([k]) => k).sort();
		const audit = await db.query<{ kind: string; code: string; n: string }>('SELECT kind, code, count(*) AS n FROM ar_audit GROUP BY kind, code ORDER BY kind, code');
		const decidedIds = await db.query<{ invoice_id: string }>("SELECT DISTINCT invoice_id FROM ar_audit WHERE kind = 'decision'");
		const stoppedAtClaim = await db.query<{ invoice_id: string }>("SELECT DISTINCT invoice_id FROM ar_audit WHERE kind = 'claim' AND code = 'INVOICE_PAID' AND invoice_id = ANY($1::text[])", [
			paidAtClaim.rows.map((r) => r.invoice_id),
		]);
		const stoppedLater = await db.query<{ invoice_id: string }>("SELECT DISTINCT invoice_id FROM ar_audit WHERE kind IN ('claim', 'send') AND code = 'INVOICE_PAID' AND invoice_id = ANY($1::text[])", [
			paidLater.rows.map((r) => r.invoice_id),
		]);
		const recordedSent = await db.query<{ dedupe_key: string; channel: string }>(
			"SELECT DISTINCT a.dedupe_key, t.channel FROM ar_audit a JOIN ar_touches t USING (dedupe_key) WHERE a.kind = 'send' AND a.code = 'SENT' AND a.as_of = $1::timestamptz",
			[AS_OF],
		);
		const retaken = await db.query<{ n: string }>("SELECT count(*) AS n FROM ar_audit WHERE kind = 'claim' AND code = 'CLAIMED' AND (detail->>'attempts')::int > 1");
		const claimCodes = Object.fromEntries(audit.rows.filter((r) => r.kind === 'claim').map((r) => [r.code, Number(r.n)]));
		const sendCodes = Object.fromEntries(audit.rows.filter((r) => r.kind === 'send').map((r) => [r.code, Number(r.n)]));
		const recorded = new Set(recordedSent.rows.filter((r) => r.channel === 'email').map((r) => r.dedupe_key));
		const recordedPerson = new Set(recordedSent.rows.filter((r) => r.channel === 'internal').map((r) => r.dedupe_key));
		// mails to a person: approval requests, tasks, alert steps
		const personKeys = personMails().map(refOf);
		const personCounts = tally(personKeys);
		const personTouches = await db.query<{ dedupe_key: string; state: string }>("SELECT dedupe_key, state FROM ar_touches WHERE as_of = $1::timestamptz AND channel = 'internal'", [AS_OF]);
		// the race runs every shard more than once: the alerts a second run of the day adds are due too
		const raceAlerts = new Map([...dueAlerts, ...laterAlerts]);
		const alertsNow = [...raceAlerts].filter(([, id]) => !paidIds.has(id)).map(([k]) => k);
		const alertedAll = alerted('IN DOUBT');
		say(`sink: ${keys.length} emails, ${counts.size} distinct references, ${twice.length} sent twice; touch log: ${sentKeys.size} sent (${recorded.size} recorded by Record Send, ${confirmed} confirmed by a person)`);
		say(`to a person: ${personKeys.length} mails, ${personCounts.size} distinct references for ${raceAlerts.size} due (${recordedPerson.size} recorded by Record Alert, ${confirmedPerson} confirmed by a person)`);
		say(`claims: ${JSON.stringify(claimCodes)}; sends: ${JSON.stringify(sendCodes)}; stale claims taken again: ${retaken.rows[0].n}`);
		say(
			`payments during the run: ${paidIds.size} invoices, ${[...paidIds].filter((id) => !touches.rows.some((t) => t.invoice_id === id)).length} got no email; ` +
				`${stoppedAtClaim.rows.length} of the ${paidAtClaim.rows.length} paid under waiting claims stopped by the claim's re-read, ${stoppedLater.rows.length} of the ${paidLater.rows.length} paid later by a claim's or send's re-read`,
		);
		say(`killed worker: ${failed.length} executions failed (${JSON.stringify(failed.map(([id]) => id))}), in flight at the kill ${JSON.stringify(inFlight)}; alerts to finance: ${alertMails().length} listing ${alertedAll.length} sends in doubt`);
		report.race = {
			emails: keys.length,
			due: dueNow.length,
			toPerson: personKeys.length,
			toPersonDue: raceAlerts.size,
			inDoubt: inDoubt.rows.length,
			confirmed,
			released,
			retaken: Number(retaken.rows[0].n),
			failedExecutions: failed.length,
			stoppedAtClaim: stoppedAtClaim.rows.length,
			claimCodes,
			sendCodes,
		};

		// exactly once, counted from the sink against the engine (independent of n8n and the store)
		expect(twice).toEqual([]); // nothing twice
		expect(sinkKeys.filter((k) => !due.has(k))).toEqual([]); // nothing that was not due
		expect(dueNow.filter((k) => !counts.has(k))).toEqual([]); // every due email went out (a paid invoice's only if handed over before the payment, below)
		// the sink against the touch log as the runs left it, before any person's confirmation
		expect([...recordedBefore].filter((k) => !sinkBefore.has(k))).toEqual([]); // recorded sent: in the sink
		expect([...sinkBefore].filter((k) => !recordedBefore.has(k) && !sendingBefore.has(k))).toEqual([]); // in the sink: recorded or in doubt
		// ... and at the end: the sends recorded by Record Send plus the confirmed in-doubt ones are the sink, no overlap
		expect([...recorded].filter((k) => !counts.has(k))).toEqual([]);
		expect(recorded.size + confirmed).toBe(keys.length);
		expect([...sentKeys].sort()).toEqual(sinkKeys);
		expect(touches.rows.filter((t) => t.state !== 'sent')).toEqual([]); // no claim left behind
		expect(claimCodes.ALREADY_CLAIMED ?? 0).toBeGreaterThan(0); // runs did race for the same messages

		// payments: the claim's re-read stopped messages of invoices paid while their claims waited, nothing was
		// handed to Send Email after a payment, and the paid invoices got no email
		expect(waiting).toBeGreaterThan(0);
		expect(stoppedAtClaim.rows.length).toBeGreaterThan(0);
		for (const t of touches.rows.filter((r) => paidIds.has(r.invoice_id))) {
			expect(new Date(t.sending_at).getTime()).toBeLessThan(paidAt.get(t.invoice_id) as number);
		}
		expect(touches.rows.filter((t) => paidAtClaim.rows.some((r) => r.invoice_id === t.invoice_id))).toEqual([]);
		expect([...paidIds].filter((id) => !touches.rows.some((t) => t.invoice_id === id)).length).toBeGreaterThan(0);

		// the kill hit running work, and only the killed worker's executions failed
		expect(holding).toBeGreaterThan(0);
		expect(failed.length).toBeGreaterThan(0);
		expect(failed.map(([id]) => id).filter((id) => !inFlight.includes(id))).toEqual([]);
		expect(Number(retaken.rows[0].n) + inDoubt.rows.length).toBeGreaterThan(0);
		// every send in doubt was reported to finance by the workflow, once
		expect(inDoubt.rows.map((r) => r.dedupe_key).filter((k) => !alertedInDoubt.includes(k))).toEqual([]);
		expect(alertedAll.length).toBe(new Set(alertedAll).size);

		// no invoice lost: every invoice of the ledger has its decision in the audit log
		expect(decidedIds.rows.length).toBe(ledger.length);

		// approval requests, tasks and alert steps: each once (16 runs decided them), none that was not due,
		// every one of an invoice not paid during the race; the touch log's 'sent' rows are the sink
		expect([...personCounts].filter(([, n]) => n > 1)).toEqual([]);
		expect(personKeys.filter((k) => !raceAlerts.has(k))).toEqual([]);
		// An approval request lost with the killed worker (in doubt and released, or a stale claim) is asked again only
		// if a later run still decides the approval: when another invoice of the customer got its email meanwhile, the
		// minimum gap or the touch cap holds the step first (they come before the approval), and a later day asks.
		const lastDecision = new Map(
			(await db.query<{ invoice_id: string; outcome: string; code: string }>("SELECT DISTINCT ON (invoice_id) invoice_id, outcome, code FROM ar_audit WHERE kind = 'decision' ORDER BY invoice_id, id DESC")).rows.map((r) => [r.invoice_id, r]),
		);
		const notSent = alertsNow.filter((k) => !personCounts.has(k));
		const heldSince = notSent.filter((k) => {
			const d = lastDecision.get(raceAlerts.get(k) as string);
			return d !== undefined && d.outcome === 'hold' && ['MIN_GAP', 'TOUCH_CAP'].includes(d.code);
		});
		say(`to a person: ${notSent.length} due but not sent, each held by the last run (${JSON.stringify(heldSince.map((k) => [k, lastDecision.get(raceAlerts.get(k) as string)?.code]))})`);
		expect(notSent.filter((k) => !heldSince.includes(k))).toEqual([]);
		expect(personTouches.rows.filter((t) => t.state !== 'sent' && !notSent.includes(t.dedupe_key))).toEqual([]);
		expect(personTouches.rows.filter((t) => t.state === 'sent').map((t) => t.dedupe_key).sort()).toEqual([...personCounts.keys()].sort());
		expect(recordedPerson.size + confirmedPerson).toBe(personKeys.length);
	}, 1_800_000);

	it('the weekly report (Postgres) counts the messages the runs sent, with their tone, over the ledger in the store', async () => {
		const db = store as PgClient;
		const wf = reportModule.build({ asOf: AS_OF, invoices: [] }) as { nodes: Array<{ name: string; type: string; parameters: Record<string, unknown> }>; settings: Record<string, unknown> };
		// run by hand (n8n execute starts at Run Now; the webhook is not published): the period ends on the runs' day,
		// the report goes to its own address, and its run data is saved (this instance saves none of a success by default)
		wf.settings = { ...wf.settings, saveDataSuccessExecution: 'all' };
		const settings = wf.nodes.find((n) => n.name === 'Settings') as unknown as { parameters: { assignments: { assignments: Array<{ name: string; value: string }> } } };
		for (const a of settings.parameters.assignments.assignments) {
			if (a.name === 'periodEndsOn') a.value = AS_OF.slice(0, 10);
			if (a.name === 'reportTo') a.value = 'reports@example.com';
		}
		const file = path.join((uf as UserFolder).dir, 'weekly-report.json');
		fs.writeFileSync(file, JSON.stringify(wf));
		// the browser webhook's basic-auth credential, which every run checks for
		const viewer = path.join((uf as UserFolder).dir, 'viewer.json');
		fs.writeFileSync(viewer, JSON.stringify([{ id: 'arReportViewer01', name: 'AR Report Viewer', type: 'httpBasicAuth', data: { user: 'finance', password: 'a-long-random-password' } }]));
		const cred = await runN8n(uf as UserFolder, ['import:credentials', `--input=${viewer}`]);
		if (cred.code !== 0) throw new Error(`import:credentials failed:\n${cred.stdout}\n${cred.stderr}`);
		// two approval requests answered (by ar_approve / ar_reject, as a person would), on the runs' day: the functions
		// stamp now(), and the report's period ends on the runs' day
		const requests = await db.query<{ dedupe_key: string }>(
			"SELECT dedupe_key FROM ar_touches WHERE channel = 'internal' AND state = 'sent' AND message->>'outcome' = 'approval' AND as_of = $1::timestamptz ORDER BY dedupe_key",
			[AS_OF],
		);
		expect(requests.rows.length).toBeGreaterThanOrEqual(2);
		expect((await db.query<{ ok: boolean }>("SELECT ar_approve($1, 'queue-test') AS ok", [requests.rows[0].dedupe_key])).rows[0].ok).toBe(true);
		expect((await db.query<{ ok: boolean }>("SELECT ar_reject($1, 'queue-test') AS ok", [requests.rows[1].dedupe_key])).rows[0].ok).toBe(true);
		await db.query('UPDATE ar_approvals SET decided_at = $1::timestamptz', [AS_OF]);
		const imported = await importWorkflow(uf as UserFolder, file);
		const before = (sink as SmtpSink).mails.length;
		// `n8n execute` prints the whole run data, which over 5,000 invoices is cut off when the process exits: read the
		// run from n8n's database instead, as saved.
		await runN8n(uf as UserFolder, ['execute', `--id=${imported.id}`]);
		const saved = await (n8nDb as PgClient).query<{ status: string; data: string }>(
			'SELECT e.status, d.data FROM execution_entity e JOIN execution_data d ON d."executionId" = e.id WHERE e."workflowId" = $1 ORDER BY e.id DESC LIMIT 1',
			[imported.id],
		);
		expect(saved.rows).toHaveLength(1);
		type Run = { resultData: { error?: { message?: string }; runData: Record<string, Array<{ data?: { main?: Array<Array<{ json: Record<string, unknown> }>> } }>> } };
		const ran = parseRunData(saved.rows[0].data) as Run;
		const out = (node: string) => (ran.resultData.runData[node]?.[0]?.data?.main?.[0] ?? []).map((i) => i.json);
		expect({ status: saved.rows[0].status, error: ran.resultData.error?.message }).toEqual({ status: 'success', error: undefined });

		// the messages sent in the report's 90 days (the ledger's earlier touches, seeded without a tone, and the runs'
		// sends, with one), and all those the report read (a year back)
		const sent = await db.query<{ tone: string | null; n: string }>(
			"SELECT message->>'tone' AS tone, count(*) AS n FROM ar_touches WHERE state = 'sent' AND as_of::date BETWEEN ($1::date - 89) AND $1::date GROUP BY 1 ORDER BY 1",
			[AS_OF.slice(0, 10)],
		);
		const read = await db.query<{ n: string }>("SELECT count(*) AS n FROM ar_touches WHERE state = 'sent' AND as_of::date BETWEEN ($1::date - 365) AND $1::date", [AS_OF.slice(0, 10)]);
		const runs = await db.query<{ n: string; toneless: string }>(
			"SELECT count(*) AS n, count(*) FILTER (WHERE message->>'tone' IS NULL) AS toneless FROM ar_touches WHERE state = 'sent' AND as_of = $1::timestamptz",
			[AS_OF],
		);
		const invoices = await db.query<{ n: string }>('SELECT count(*) AS n FROM ar_invoices');
		// by the decision behind each: customer messages and alert steps (send), approval requests, tasks (human)
		const byOutcome = await db.query<{ outcome: string; n: string }>(
			"SELECT coalesce(message->>'outcome', 'send') AS outcome, count(*) AS n FROM ar_touches WHERE state = 'sent' AND as_of::date BETWEEN ($1::date - 89) AND $1::date GROUP BY 1 ORDER BY 1",
			[AS_OF.slice(0, 10)],
		);
		const requested = Number(byOutcome.rows.find((r) => r.outcome === 'approval')?.n ?? 0);
		const total = sent.rows.reduce((a, r) => a + Number(r.n), 0);
		const [metrics] = out('AR Metrics') as Array<{
			input: Record<string, number>;
			touches: { total: number; byOutcome: Record<string, number>; byTone: Record<string, number>; byStatus: Record<string, number>; approvals: Record<string, number> };
			totals: Record<string, number>;
		}>;
		say(
			`weekly report (Postgres): ${metrics.input.ledgerRows} ledger rows, ${metrics.input.touches} touch-log rows read, ${metrics.touches.total} messages in the period ` +
				`(${JSON.stringify(metrics.touches.byTone)}; ${JSON.stringify(metrics.touches.byOutcome)}), approvals ${JSON.stringify(metrics.touches.approvals)}, end AR ${metrics.totals.endAR}`,
		);
		expect(out('Store Status')[0]).toEqual({
			tables: [
				{ table: 'ar_touches', read: true, rows: Number(read.rows[0].n) },
				{ table: 'ar_approvals', read: true, rows: 2 },
			],
			note: '',
		});
		expect(total).toBeGreaterThan(0);
		expect(metrics.input.errors).toBe(0);
		expect(metrics.input.touches).toBe(Number(read.rows[0].n));
		expect(metrics.input.ledgerRows).toBeGreaterThanOrEqual(Number(invoices.rows[0].n));
		expect(metrics.touches.total).toBe(total);
		expect(metrics.touches.byOutcome).toEqual(Object.fromEntries(byOutcome.rows.map((r) => [r.outcome, Number(r.n)])));
		expect(Object.keys(metrics.touches.byOutcome).sort()).toEqual(['approval', 'human', 'send']);
		expect(metrics.touches.approvals).toEqual({ requested, approved: 1, rejected: 1, pending: requested - 2, undated: 0 });
		expect(metrics.touches.byStatus).toEqual({ sent: total });
		// every message the runs sent carries its tone (the claim keeps it), and the counts by tone are the store's
		expect(Number(runs.rows[0].n)).toBeGreaterThan(0);
		expect(Number(runs.rows[0].toneless)).toBe(0);
		expect(metrics.touches.byTone).toEqual(Object.fromEntries(sent.rows.filter((r) => r.tone !== null).map((r) => [r.tone, Number(r.n)])));
		expect(Object.values(metrics.touches.byTone).reduce((a, n) => a + n, 0)).toBe(Number(runs.rows[0].n));
		expect(metrics.totals.endAR).toBeGreaterThan(0);
		const html = String(out('Render Report')[0]?.html ?? '');
		for (const id of ['chart-aging', 'chart-dso', 'chart-recovery']) expect(html).toContain(`<svg id="${id}"`);
		// the report mail
		await (sink as SmtpSink).waitFor((m) => m.length > before, 30_000);
		const mail = (sink as SmtpSink).mails.slice(before).find((m) => m.envelopeTo.includes('reports@example.com'));
		expect(mail?.subject).toMatch(/^Weekly receivables report: /);
	}, 600_000);

	it('an approval answered on its page: opening the link changes nothing, the form records it, the next run sends the step', async () => {
		const db = store as PgClient;
		const server = main as N8nServer;
		// an approval request of the runs above, not answered yet, for a customer with one invoice (with another
		// invoice emailed that day, the minimum gap would hold the approved step until tomorrow) and a step by email
		const answered = new Set((await db.query<{ key: string }>("SELECT invoice_id || ':' || step || ':approval' AS key FROM ar_approvals")).rows.map((r) => r.key));
		const request = personMails().find((m) => {
			const key = refOf(m);
			const item = byId.get(key.split(':')[0]);
			return key.endsWith(':approval') && !answered.has(key) && item !== undefined && perCustomer.get(item.customerId) === 1 && /Channels: email/.test(m.text);
		});
		expect(request).toBeDefined();
		const key = refOf(request as { text: string; subject: string });
		const [invoiceId, step] = key.split(':');
		const link = /Approval page: (\S+)/.exec((request as { text: string }).text)?.[1] ?? '';
		expect(link.startsWith(`${server.baseUrl}/webhook/${approvalsModule.WEBHOOK_PATH}?token=`)).toBe(true);
		const token = new URL(link).searchParams.get('token') as string;
		say(`approval request mail to ${String((request as { envelopeTo: string[] }).envelopeTo)}: ${(request as { subject: string }).subject}\n${(request as { text: string }).text}`);
		const approvals = async () => (await db.query<{ decision: string; decided_by: string }>('SELECT decision, decided_by FROM ar_approvals WHERE invoice_id = $1 AND step = $2', [invoiceId, step])).rows;

		// GET: the request and a form; nothing recorded (a mail scanner following the link answers nothing)
		const shown = await httpRequest(link);
		expect(shown.status).toBe(200);
		expect(shown.headers['content-type']).toMatch(/^text\/html/);
		expect(shown.text).toContain(invoiceId);
		expect(shown.text).toContain('<form method="post">');
		expect(await approvals()).toEqual([]);
		// POST: the form as a browser sends it
		const form = (fields: Record<string, string>) => httpRequest(link, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });
		const bad = await form({ token: 'not-the-token', decision: 'approved', name: 'Mallory' });
		expect(bad.status).toBe(404);
		const noName = await form({ token, decision: 'approved', name: ' ' });
		expect(noName.status).toBe(400);
		expect(await approvals()).toEqual([]);
		const done = await form({ token, decision: 'approved', name: 'Dana Whitfield', note: 'agreed with the customer' });
		expect(done.status).toBe(200);
		expect(done.text).toContain('Answer recorded');
		expect(await approvals()).toEqual([{ decision: 'approved', decided_by: 'Dana Whitfield' }]);
		expect((await httpRequest(link)).text).toContain('by Dana Whitfield');

		// the next run (every shard, the same day) sends the approved step, once
		const before = customerMails().length;
		await fire([...Array(SHARDS).keys()]);
		await quiesce('after the approval');
		const sent = customerMails().slice(before).map(refOf);
		say(`approval page: ${key} approved by its link; the next run sent ${JSON.stringify(sent)}`);
		// (and any other approved step still due: the weekly report's test above approved one by SQL)
		const approved = new Set((await db.query<{ key: string }>("SELECT invoice_id || ':' || step || ':email' AS key FROM ar_approvals WHERE decision = 'approved'")).rows.map((r) => r.key));
		expect(sent).toContain(`${invoiceId}:${step}:email`);
		expect(sent.filter((k) => !approved.has(k))).toEqual([]);
		expect(new Set(sent).size).toBe(sent.length);
	}, 600_000);
	it('text messages: off, neither claimed nor sent; on, each goes through the claim, and one the provider refuses is tried again, then given to a person, never twice', async () => {
		const db = store as PgClient;
		type Text = { dedupe_key: string; channel: string; state: string; attempts: number; last_error: string | null; to: string | null };
		const texts = async () =>
			(
				await db.query<Text>(
					"SELECT dedupe_key, channel, state, attempts, last_error, message->>'to' AS to FROM ar_touches WHERE channel IN ('sms', 'whatsapp') AND as_of = $1::timestamptz ORDER BY dedupe_key",
					[AS_OF],
				)
			).rows;
		// every run above had SMS and WhatsApp off (the default): no text message was claimed, none sent
		const textClaims = async () =>
			Number((await db.query<{ n: string }>("SELECT count(*) AS n FROM ar_audit WHERE kind IN ('claim', 'send') AND (dedupe_key LIKE '%:sms' OR dedupe_key LIKE '%:whatsapp')")).rows[0].n);
		expect(await textClaims()).toBe(0);
		const failedBefore = new Set((await failedExecutions()).map(([id]) => id));
		let first: Text[] = [];
		/** Attempts before this test: the ledger's touch log has text messages that failed on earlier days. */
		let base = new Map<string, number>();
		for (let run = 1; run <= 3; run++) {
			await fire([...Array(SHARDS).keys()], TEXTS_PATH);
			await quiesce(`texts, run ${run}`);
			expect((await failedExecutions()).filter(([id]) => !failedBefore.has(id))).toEqual([]);
			const rows = await texts();
			if (run === 1) {
				// SMS went to Twilio and WhatsApp to Meta's Cloud API (whatsappVia 'meta'), each claimed message once
				const { rows: saved } = await (n8nDb as PgClient).query<{ data: string }>(
					'SELECT d.data FROM execution_entity e JOIN execution_data d ON d."executionId" = e.id WHERE e."workflowId" = $1 ORDER BY e.id',
					[TEXTS_WORKFLOW_ID],
				);
				type Saved = { resultData: { runData: Record<string, Array<{ data?: { main?: Array<Array<{ json: Record<string, unknown> }> | null> } }>> } };
				const through = (node: string) =>
					saved.flatMap((r) => ((parseRunData(r.data) as Saved).resultData.runData[node] ?? []).flatMap((x) => x.data?.main?.[0] ?? []).map((i) => i.json));
				const marked = (node: string) => through(node).filter((j) => j.sending === true).map((j) => String(j.dedupe_key)).sort();
				const claimedOn = (channel: string) => rows.filter((r) => r.channel === channel).map((r) => r.dedupe_key);
				expect(saved.length).toBe(SHARDS);
				expect(claimedOn('whatsapp').length).toBeGreaterThan(0);
				expect(marked('Mark WhatsApp Sending')).toEqual(claimedOn('whatsapp'));
				expect(marked('Mark Text Sending')).toEqual(claimedOn('sms'));
				expect(through('WhatsApp Business: Send')).toHaveLength(claimedOn('whatsapp').length);
				expect(through('Twilio: Send Text')).toHaveLength(claimedOn('sms').length);
				say(`texts on: Meta's WhatsApp Business node answered ${JSON.stringify([...new Set(through('WhatsApp Business: Send').map((j) => j.error))])}`);
				first = rows;
				base = new Map(rows.map((r) => [r.dedupe_key, r.attempts - 1]));
				say(
					`texts on: ${rows.length} text messages claimed (${JSON.stringify(Object.fromEntries(tally(rows.map((r) => r.channel))))}; ${[...base.values()].filter((n) => n > 0).length} had failed on an earlier day); ` +
						`Twilio's answer here: ${JSON.stringify([...new Set(rows.map((r) => r.last_error))])}`,
				);
			}
			expect(first.length).toBeGreaterThan(0);
			expect(first.every((r) => /^\+?[0-9]/.test(String(r.to)))).toBe(true);
			// nothing was sent and nothing is in doubt: no connection to Twilio or Meta is a refusal, tried again by the next run
			// (once per run, however many shards), and at Max Attempts (3) it is for a person
			expect(rows.filter((r) => r.state === 'sent' || r.state === 'sending' || r.state === 'claimed')).toEqual([]);
			const byKey = new Map(rows.map((r) => [r.dedupe_key, r]));
			const expected = (key: string) => Math.min((base.get(key) ?? 0) + run, 3);
			expect(first.map((r) => [r.dedupe_key, byKey.get(r.dedupe_key)?.attempts, byKey.get(r.dedupe_key)?.state])).toEqual(
				first.map((r) => [r.dedupe_key, expected(r.dedupe_key), expected(r.dedupe_key) < 3 ? 'failed' : 'gave_up']),
			);
		}
		// the run that gave up told finance, once, about each of them
		const gaveUp = tally(alerted('GAVE UP'));
		expect(first.filter((r) => gaveUp.get(r.dedupe_key) !== 1)).toEqual([]);
		const alert = alertMails().find((m) => m.text.includes(first[0].dedupe_key));
		expect(alert?.text).toContain(`to ${String(first[0].to)}`);
		// and no e-mail of the whole test went out twice
		expect([...tally(customerMails().map(refOf))].filter(([, n]) => n > 1)).toEqual([]);
	}, 900_000);
});
