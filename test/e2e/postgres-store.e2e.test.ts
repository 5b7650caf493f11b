/**
 * The Postgres store's SQL (workflows/postgres/schema.sql and test/support/postgres-sql.js, the statements
 * the queue-mode workflow runs) against a real PostgreSQL from Debian's packages: the claim is atomic under
 * concurrency, re-reads payment and holds, retries are bounded, a stale claim is taken again, an in-doubt
 * send is not, and every step is audited. Fast (a few seconds); the full n8n queue-mode run is
 * `npm run test:queue`.
 */
import * as fs from 'fs';
import * as path from 'path';

import { startPostgres, type PgClient, type PgServer } from './servers';

// eslint-disable-next-line @typescript-eslint/no-require-imports, @typescript-eslint/no-var-requires
const SQL = require('../support/postgres-sql') as Record<'LOAD_INVOICES' | 'CLAIM_SEND' | 'MARK_SENDING' | 'RECORD_SEND' | 'AUDIT_DECISIONS', string>;

const describePg = process.env.N8N_E2E_SKIP === '1' ? describe.skip : describe;
const AS_OF = '2026-03-17T15:00:00Z';
const ROOT = path.resolve(__dirname, '..', '..');

interface ClaimRow {
	dedupe_key: string;
	claimed: boolean;
	code: string;
	attempts: number | null;
}

describePg('Postgres store: claim, send, record', () => {
	let pg: PgServer | undefined;
	let db: PgClient;
	const clients: PgClient[] = [];

	/** Claim Send's parameters, as the workflow passes them. */
	const params = (invoiceId: string, exec: string, opts: { lease?: number; step?: string; customerId?: string } = {}) => {
		const step = opts.step ?? 'D+7';
		return [`${invoiceId}:${step}:email`, invoiceId, opts.customerId ?? 'CUS-1', step, 'email', AS_OF, exec, opts.lease ?? 3600, 3, 1, JSON.stringify({ to: 'ap@example.com', subject: `Invoice ${invoiceId}` })];
	};
	const claim = async (c: PgClient, p: unknown[]) => (await c.query<ClaimRow>(SQL.CLAIM_SEND, p)).rows[0];
	const mark = async (p: unknown[]) => (await db.query<{ sending: boolean; refusal: string | null }>(SQL.MARK_SENDING, p)).rows[0];
	const record = async (key: string, exec: string, error = '') => (await db.query(SQL.RECORD_SEND, [key, exec, error, error ? '' : '250 OK', 3])).rows;
	const touch = async (key: string) => (await db.query<{ state: string; attempts: number; claimed_by: string }>('SELECT state, attempts, claimed_by FROM ar_touches WHERE dedupe_key = $1', [key])).rows[0];
	const invoice = async (id: string, over: { status?: string; paid?: number; customerId?: string } = {}) => {
		await db.query(
			`INSERT INTO ar_invoices (invoice_id, customer_id, status, amount, amount_paid, currency, issue_date, due_date, doc)
			 VALUES ($1, $2, $3, 1200, $4, 'USD', '2026-02-08', '2026-03-10', '{"customer": {"customerId": "CUS-1", "email": "ap@example.com"}}')`,
			[id, over.customerId ?? 'CUS-1', over.status ?? 'open', over.paid ?? 0],
		);
	};

	beforeAll(async () => {
		pg = await startPostgres();
		db = await pg.client();
		const schema = fs.readFileSync(path.join(ROOT, 'workflows', 'postgres', 'schema.sql'), 'utf8');
		await db.query(schema);
		await db.query(schema); // idempotent
		for (let i = 0; i < 8; i++) clients.push(await pg.client());
	}, 120_000);

	afterAll(async () => {
		for (const c of clients) await c.end().catch(() => undefined);
		await db?.end().catch(() => undefined);
		await pg?.stop();
	});

	it('lets exactly one of many concurrent claims win, and audits every one', async () => {
		await invoice('INV-RACE');
		const rows = await Promise.all(clients.map((c, i) => claim(c, params('INV-RACE', `exec-${i}`))));
		expect(rows.filter((r) => r.claimed)).toHaveLength(1);
		expect(rows.filter((r) => r.code === 'ALREADY_CLAIMED')).toHaveLength(clients.length - 1);
		const audit = await db.query<{ code: string; n: string }>("SELECT code, count(*) AS n FROM ar_audit WHERE dedupe_key = 'INV-RACE:D+7:email' GROUP BY code ORDER BY code");
		expect(audit.rows.map((r) => [r.code, Number(r.n)])).toEqual([
			['ALREADY_CLAIMED', clients.length - 1],
			['CLAIMED', 1],
		]);
	});

	it('re-reads payment, balance and holds in the claim', async () => {
		await invoice('INV-PAID', { status: 'paid', paid: 1200 });
		await invoice('INV-SETTLED', { paid: 1199.5 });
		await invoice('INV-DISPUTE', { customerId: 'CUS-2' });
		await db.query("INSERT INTO ar_holds (hold_id, type, invoice_id, customer_id) VALUES ('H-1', 'dispute', 'INV-DISPUTE', 'CUS-2')");
		await invoice('INV-PROMISE');
		await db.query("INSERT INTO ar_promises (promise_id, invoice_id, customer_id, promised_for) VALUES ('P-1', 'INV-PROMISE', 'CUS-1', '2026-03-16')");
		await invoice('INV-OLD-PROMISE');
		await db.query("INSERT INTO ar_promises (promise_id, invoice_id, customer_id, promised_for) VALUES ('P-2', 'INV-OLD-PROMISE', 'CUS-1', '2026-03-10')");
		expect((await claim(db, params('INV-PAID', 'e1'))).code).toBe('INVOICE_PAID');
		expect((await claim(db, params('INV-SETTLED', 'e1'))).code).toBe('BALANCE_UNDER_TOLERANCE');
		expect((await claim(db, params('INV-DISPUTE', 'e1', { customerId: 'CUS-2' }))).code).toBe('HOLD_DISPUTE');
		expect((await claim(db, params('INV-PROMISE', 'e1'))).code).toBe('HOLD_PROMISE'); // promised for yesterday: grace of 2 days
		expect((await claim(db, params('INV-OLD-PROMISE', 'e1'))).code).toBe('CLAIMED'); // broken promise: resume
		expect((await claim(db, params('INV-MISSING', 'e1'))).code).toBe('INVOICE_MISSING');
		expect(await touch('INV-PAID:D+7:email')).toBeUndefined();
	});

	it('waits for a payment committing at the same moment instead of missing it', async () => {
		await invoice('INV-LOCK');
		const payer = clients[0];
		await payer.query('BEGIN');
		await payer.query("UPDATE ar_invoices SET status = 'paid', amount_paid = amount WHERE invoice_id = 'INV-LOCK'");
		const pending = claim(clients[1], params('INV-LOCK', 'e-lock')); // blocks on the row lock
		await new Promise((r) => setTimeout(r, 300));
		await payer.query('COMMIT');
		expect((await pending).code).toBe('INVOICE_PAID');
	});

	it('sends only the claim it holds, retries a failed send up to the bound, then gives up', async () => {
		await invoice('INV-FAIL');
		const key = 'INV-FAIL:D+7:email';
		for (let attempt = 1; attempt <= 3; attempt++) {
			const p = params('INV-FAIL', `e-${attempt}`);
			expect(await claim(db, p)).toMatchObject({ claimed: true, attempts: attempt });
			expect(await mark(p)).toMatchObject({ sending: true, refusal: null });
			expect(await record(key, `someone-else`, '')).toEqual([]); // not its claim: nothing recorded
			const rows = await record(key, `e-${attempt}`, '421 try again later');
			expect(rows[0]).toMatchObject({ outcome: attempt < 3 ? 'failed' : 'gave_up' });
		}
		expect(await claim(db, params('INV-FAIL', 'e-4'))).toMatchObject({ claimed: false, code: 'ALREADY_CLAIMED' });
		expect(await touch(key)).toMatchObject({ state: 'gave_up', attempts: 3 });
	});

	it('takes a stale claim again (the run died before sending), never an in-doubt send', async () => {
		await invoice('INV-STALE');
		await invoice('INV-DOUBT');
		expect((await claim(db, params('INV-STALE', 'dead', { lease: 0 }))).claimed).toBe(true);
		expect((await claim(db, params('INV-DOUBT', 'dead', { lease: 0 }))).claimed).toBe(true);
		expect((await mark(params('INV-DOUBT', 'dead', { lease: 0 }))).sending).toBe(true); // died during Send Email
		await new Promise((r) => setTimeout(r, 50));
		expect(await claim(db, params('INV-STALE', 'next'))).toMatchObject({ claimed: true, attempts: 2 });
		expect((await mark(params('INV-STALE', 'dead'))).sending).toBe(false); // the dead run cannot come back and send
		const lost = await db.query("SELECT code, execution_id FROM ar_audit WHERE kind = 'send' AND dedupe_key = 'INV-STALE:D+7:email'");
		expect(lost.rows).toEqual([{ code: 'CLAIM_LOST', execution_id: 'dead' }]);
		expect(await claim(db, params('INV-DOUBT', 'next'))).toMatchObject({ claimed: false, code: 'ALREADY_CLAIMED' });
		const doubt = await db.query<{ dedupe_key: string }>('SELECT dedupe_key FROM ar_in_doubt');
		expect(doubt.rows.map((r) => r.dedupe_key)).toEqual(['INV-DOUBT:D+7:email']);
		// a person: not in the mail log -> release; the next run sends it
		expect((await db.query<{ ok: boolean }>("SELECT ar_release('INV-DOUBT:D+7:email', 'alice') AS ok")).rows[0].ok).toBe(true);
		expect(await claim(db, params('INV-DOUBT', 'after'))).toMatchObject({ claimed: true, attempts: 2 });
		const override = await db.query("SELECT actor, code FROM ar_audit WHERE kind = 'override' AND dedupe_key = 'INV-DOUBT:D+7:email'");
		expect(override.rows).toEqual([{ actor: 'alice', code: 'RELEASED' }]);
	});

	it('withdraws a claim when the invoice is paid between the claim and the send', async () => {
		await invoice('INV-LATE-PAY');
		const p = params('INV-LATE-PAY', 'e-late');
		expect((await claim(db, p)).claimed).toBe(true);
		await db.query("UPDATE ar_invoices SET status = 'paid', amount_paid = amount WHERE invoice_id = 'INV-LATE-PAY'");
		expect(await mark(p)).toMatchObject({ sending: false, refusal: 'INVOICE_PAID' });
		expect(await touch('INV-LATE-PAY:D+7:email')).toBeUndefined();
		const audit = await db.query("SELECT outcome, code FROM ar_audit WHERE kind = 'send' AND dedupe_key = 'INV-LATE-PAY:D+7:email'");
		expect(audit.rows).toEqual([{ outcome: 'withdrawn', code: 'INVOICE_PAID' }]);
	});

	it('loads a shard with its touch log and holds, every customer in exactly one shard', async () => {
		const all = new Map<string, number>();
		for (let shard = 0; shard < 3; shard++) {
			const { rows } = await db.query<{ invoiceId: string; customer: { customerId: string }; touches: Array<{ status: string }>; holds: unknown[] }>(SQL.LOAD_INVOICES, [shard, 3, AS_OF]);
			for (const r of rows) all.set(r.invoiceId, (all.get(r.invoiceId) ?? 0) + 1);
		}
		const { rows: invoices } = await db.query<{ invoice_id: string }>('SELECT invoice_id FROM ar_invoices');
		expect([...all.keys()].sort()).toEqual(invoices.map((r) => r.invoice_id).sort());
		expect([...all.values()].every((n) => n === 1)).toBe(true);
		const { rows } = await db.query<{ invoiceId: string; touches: Array<{ status: string; step: string; invoiceId: string }>; holds: Array<{ type: string }> }>(SQL.LOAD_INVOICES, [0, 1, AS_OF]);
		const byId = new Map(rows.map((r) => [r.invoiceId, r]));
		expect(byId.get('INV-FAIL')?.touches.filter((t) => t.invoiceId === 'INV-FAIL').map((t) => t.status)).toEqual(['failed']); // gave up: decided again, claim refuses
		expect(byId.get('INV-DISPUTE')?.holds.map((h) => h.type)).toEqual(['dispute']);
		expect(byId.get('INV-PROMISE')?.holds.map((h) => h.type)).toEqual(['promise']);
	});
});
