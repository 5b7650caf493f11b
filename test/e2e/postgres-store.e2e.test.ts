/**
 * The Postgres store's SQL (workflows/postgres/schema.sql and test/support/postgres-sql.js, the statements
 * the queue-mode workflow runs) against a real PostgreSQL from Debian's packages: the claim is atomic under
 * concurrency, re-reads payment and holds, retries are bounded, a stale claim is taken again, an in-doubt
 * send is not, and every step is audited. Fast (a few seconds); the full n8n queue-mode run is
 * `npm run test:queue`.
 */
import * as fs from 'fs';
import * as net from 'net';
import * as path from 'path';

import { readLedger, readTouchLog } from '../../nodes/core/metrics';
import { validatePolicy } from '../../nodes/core/policy';
import { readApprovals } from '../../nodes/core/validate';
import { getFreePort, getRuntime } from './n8n-harness';
import { startPostgres, type PgClient, type PgServer } from './servers';

// eslint-disable-next-line @typescript-eslint/no-require-imports, @typescript-eslint/no-var-requires
const SQL = require('../support/postgres-sql') as Record<
	'LOAD_INVOICES' | 'CLAIM_SEND' | 'MARK_SENDING' | 'RECORD_SEND' | 'AUDIT_DECISIONS' | 'NEEDS_PERSON' | 'ALERT_NOT_SENT' | 'REPORT_LEDGER' | 'REPORT_TOUCHES' | 'APPROVAL_REQUEST' | 'ANSWER_APPROVAL',
	string
>;

interface Transport {
	sendMail(mail: Record<string, unknown>): Promise<unknown>;
	close(): void;
}

/**
 * The text n8n's Send Email node (v2, Continue On Error) puts into the item's `error`: nodemailer's
 * `error.message`, here from n8n's own copy of nodemailer, sending to an SMTP peer scripted to fail at one
 * point of the dialogue ('none': nobody listens on the port).
 */
async function smtpErrorText(mode: 'rcpt-550' | 'data-554' | 'final-451' | 'drop-after-data' | 'silent-after-data' | 'none'): Promise<string> {
	// eslint-disable-next-line @typescript-eslint/no-require-imports, @typescript-eslint/no-var-requires
	const nodemailer = require(path.join(getRuntime().n8nModules, 'nodemailer')) as { createTransport(o: Record<string, unknown>): Transport };
	const port = await getFreePort();
	const sockets = new Set<net.Socket>();
	const server =
		mode === 'none'
			? undefined
			: net.createServer((sock) => {
					sockets.add(sock);
					let inData = false;
					let buf = '';
					const reply = (line: string) => sock.write(`${line}\r\n`);
					reply('220 test.invalid ESMTP');
					sock.on('data', (chunk: Buffer) => {
						buf += chunk.toString('latin1');
						for (;;) {
							if (inData) {
								const end = buf.indexOf('\r\n.\r\n');
								if (end < 0) return;
								buf = buf.slice(end + 5);
								inData = false;
								if (mode === 'drop-after-data') return void sock.destroy(); // after the data: did it arrive? nobody knows
								if (mode === 'silent-after-data') return; // never answers the final dot
								reply(mode === 'final-451' ? '451 4.3.0 Temporary failure, try again' : '250 2.0.0 queued');
								continue;
							}
							const nl = buf.indexOf('\r\n');
							if (nl < 0) return;
							const line = buf.slice(0, nl).toUpperCase();
							buf = buf.slice(nl + 2);
							if (line.startsWith('EHLO') || line.startsWith('HELO')) reply('250 test.invalid');
							else if (line.startsWith('MAIL')) reply('250 2.1.0 OK');
							else if (line.startsWith('RCPT')) reply(mode === 'rcpt-550' ? '550 5.1.1 <ap@example.com>: Recipient address rejected' : '250 2.1.5 OK');
							else if (line.startsWith('DATA')) {
								if (mode === 'data-554') reply('554 5.7.1 Transaction failed');
								else ((inData = true), reply('354 go ahead'));
							} else if (line.startsWith('QUIT')) (reply('221 bye'), sock.end());
							else reply('250 OK');
						}
					});
					sock.on('error', () => undefined);
				});
	if (server) await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
	// as n8n's configureTransport builds it (secure false, STARTTLS disabled); a short socket timeout for the silent peer
	const transport = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true, socketTimeout: 1500 });
	try {
		await transport.sendMail({ from: 'billing@example.com', to: 'ap@example.com', subject: 'Invoice', text: 'Please pay.' });
		throw new Error(`${mode}: the send did not fail`);
	} catch (err) {
		return (err as Error).message;
	} finally {
		transport.close();
		for (const sock of sockets) sock.destroy();
		if (server) await new Promise((r) => server.close(r));
	}
}

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
	const params = (invoiceId: string, exec: string, opts: { lease?: number; step?: string; customerId?: string; tolerance?: number; promiseGraceDays?: number } = {}) => {
		const step = opts.step ?? 'D+7';
		return [`${invoiceId}:${step}:email`, invoiceId, opts.customerId ?? 'CUS-1', step, 'email', AS_OF, exec, opts.lease ?? 3600, 3, opts.tolerance ?? 1, JSON.stringify({ to: 'ap@example.com', subject: `Invoice ${invoiceId}` }), opts.promiseGraceDays ?? 2];
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
		// The decision's tolerance (25 here: bank charges) is what the gate compares with, and the claim returns it.
		await invoice('INV-SHORT', { paid: 1187.5 });
		expect((await claim(db, params('INV-SHORT', 'e1'))).code).toBe('CLAIMED');
		await db.query("DELETE FROM ar_touches WHERE dedupe_key = 'INV-SHORT:D+7:email'");
		const short = (await db.query<ClaimRow & { tolerance: string }>(SQL.CLAIM_SEND, params('INV-SHORT', 'e1', { tolerance: 25 }))).rows[0];
		expect([short.code, Number(short.tolerance)]).toEqual(['BALANCE_UNDER_TOLERANCE', 25]);
		expect((await claim(db, params('INV-DISPUTE', 'e1', { customerId: 'CUS-2' }))).code).toBe('HOLD_DISPUTE');
		// The decision's promise grace: a policy without grace resumes the day after the promised date.
		const noGrace = (await db.query<ClaimRow & { promise_grace_days: number }>(SQL.CLAIM_SEND, params('INV-PROMISE', 'e1', { promiseGraceDays: 0 }))).rows[0];
		expect([noGrace.code, noGrace.promise_grace_days]).toEqual(['CLAIMED', 0]);
		await db.query("DELETE FROM ar_touches WHERE dedupe_key = 'INV-PROMISE:D+7:email'");
		expect((await claim(db, params('INV-PROMISE', 'e1'))).code).toBe('HOLD_PROMISE'); // promised for yesterday: grace of 2 days
		expect((await claim(db, params('INV-OLD-PROMISE', 'e1'))).code).toBe('CLAIMED'); // broken promise: resume
		expect((await claim(db, params('INV-OLD-PROMISE', 'e1', { promiseGraceDays: 7, step: 'D+14' }))).code).toBe('HOLD_PROMISE'); // a week's grace holds it still
		expect((await claim(db, params('INV-MISSING', 'e1'))).code).toBe('INVOICE_MISSING');
		expect(await touch('INV-PAID:D+7:email')).toBeUndefined();
	});

	it('lets a bounce that names its address stop that address only, as the decision does', async () => {
		// The claim's message goes to ap@example.com (params). A bounce of that address, in another case: refused.
		await invoice('INV-BOUNCE', { customerId: 'CUS-B' });
		await db.query("INSERT INTO ar_holds (hold_id, type, customer_id, channel, contact) VALUES ('bounced:CUS-B:email', 'bounced', 'CUS-B', 'email', ' AP@Example.com')");
		expect((await claim(db, params('INV-BOUNCE', 'e1', { customerId: 'CUS-B' }))).code).toBe('HOLD_BOUNCED');
		// The contact was corrected since the bounce (the hold is about the old address): claimed, and marked sending.
		await db.query("UPDATE ar_holds SET contact = 'ap@old-example.com' WHERE hold_id = 'bounced:CUS-B:email'");
		const won = await claim(db, params('INV-BOUNCE', 'e2', { customerId: 'CUS-B' }));
		expect(won.code).toBe('CLAIMED');
		const p = params('INV-BOUNCE', 'e2', { customerId: 'CUS-B' });
		p[10] = JSON.stringify((won as ClaimRow & { email: unknown }).email);
		expect((await mark(p)).sending).toBe(true);
		// A bounce without an address stops the channel whatever the contact.
		await invoice('INV-BOUNCE-2', { customerId: 'CUS-B2' });
		await db.query("INSERT INTO ar_holds (hold_id, type, customer_id, channel) VALUES ('bounced:CUS-B2:email', 'bounced', 'CUS-B2', 'email')");
		expect((await claim(db, params('INV-BOUNCE-2', 'e1', { customerId: 'CUS-B2' }))).code).toBe('HOLD_BOUNCED');
		// The comparison, as the engine's: numbers by their digits, with or without the country code.
		const same = async (channel: string, a: string | null, b: string | null) => (await db.query<{ s: boolean }>('SELECT ar_same_contact($1, $2, $3) AS s', [channel, a, b])).rows[0].s;
		expect(await same('sms', '+1 212 555 0100', '(212) 555-0100')).toBe(true);
		expect(await same('whatsapp', '001 212 555 0100', '+12125550100')).toBe(true);
		expect(await same('sms', '+1 212 555 0199', '+1 212 555 0100')).toBe(false);
		expect(await same('sms', '55 0100', '+1 212 555 0100')).toBe(false); // too few digits to be sure
		expect(await same('email', 'a@x.example', 'b@x.example')).toBe(false);
		expect(await same('email', 'a@x.example', null)).toBe(false);
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
			const rows = await record(key, `e-${attempt}`, 'Message failed: 421 4.7.0 try again later');
			expect(rows[0]).toMatchObject({ outcome: attempt < 3 ? 'failed' : 'gave_up' });
		}
		expect(await claim(db, params('INV-FAIL', 'e-4'))).toMatchObject({ claimed: false, code: 'GAVE_UP' }); // a person has it
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
		expect(await claim(db, params('INV-DOUBT', 'next'))).toMatchObject({ claimed: false, code: 'IN_DOUBT' }); // never re-sent by itself
		const doubt = await db.query<{ dedupe_key: string }>('SELECT dedupe_key FROM ar_in_doubt');
		expect(doubt.rows.map((r) => r.dedupe_key)).toEqual(['INV-DOUBT:D+7:email']);
		// a person: not in the mail log -> release (a fresh count of attempts); the next run sends it
		expect((await db.query<{ ok: boolean }>("SELECT ar_release('INV-DOUBT:D+7:email', 'alice') AS ok")).rows[0].ok).toBe(true);
		expect(await claim(db, params('INV-DOUBT', 'after'))).toMatchObject({ claimed: true, attempts: 1 });
		const override = await db.query("SELECT actor, code, detail FROM ar_audit WHERE kind = 'override' AND dedupe_key = 'INV-DOUBT:D+7:email'");
		expect(override.rows).toEqual([{ actor: 'alice', code: 'RELEASED', detail: { state: 'sending', attempts: 1 } }]);
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

	it('counts only a definite SMTP refusal as failed (retried); a send that may have been delivered is in doubt', async () => {
		// each invoice its own customer: a hard bounce holds its customer's email (below)
		const run = async (id: string, error: string) => {
			const customerId = `CUS-${id}`;
			await invoice(id, { customerId });
			const p = params(id, `e-${id}`, { customerId });
			expect((await claim(db, p)).claimed).toBe(true);
			expect((await mark(p)).sending).toBe(true);
			const rows = await record(`${id}:D+7:email`, `e-${id}`, error);
			return { outcome: (rows[0] as { outcome: string }).outcome, state: (await touch(`${id}:D+7:email`)).state, next: await claim(db, params(id, `again-${id}`, { customerId })) };
		};
		// what n8n's Send Email node really reports (nodemailer's message), per failure point
		const real: Array<[Parameters<typeof smtpErrorText>[0], 'failed' | 'in_doubt']> = [
			['rcpt-550', 'failed'], // "Can't send mail - all recipients were rejected: 550 ..."
			['data-554', 'failed'], // "Data command failed: 554 ..."
			['final-451', 'failed'], // "Message failed: 451 ...": the reply to the final dot, not accepted
			['none', 'failed'], // "connect ECONNREFUSED 127.0.0.1:<port>"
			['drop-after-data', 'in_doubt'], // the connection dropped after the message data
			['silent-after-data', 'in_doubt'], // "Timeout" waiting for the reply to the final dot
		];
		const texts: Record<string, string> = {};
		for (const [mode, expected] of real) {
			const text = await smtpErrorText(mode);
			texts[mode] = text;
			const r = await run(`INV-SMTP-${mode}`, text);
			expect({ mode, text, outcome: r.outcome }).toEqual({ mode, text, outcome: expected });
			if (mode === 'rcpt-550') {
				// a hard bounce (550 5.1.1 at RCPT TO): failed, and the customer's email held for that address, so the
				// next claim to it is refused instead of bouncing again
				expect(r.state).toBe('failed');
				expect(r.next).toMatchObject({ claimed: false, code: 'HOLD_BOUNCED' });
			} else if (expected === 'failed') {
				expect(r.state).toBe('failed');
				expect(r.next).toMatchObject({ claimed: true, attempts: 2 }); // retried by the next run
			} else {
				expect(r.state).toBe('sending');
				expect(r.next).toMatchObject({ claimed: false, code: 'IN_DOUBT' }); // never re-sent by itself
			}
		}
		expect(texts['rcpt-550']).toMatch(/: 550 /);
		expect(texts['none']).toMatch(/ECONNREFUSED/);
		// The hard bounce is the one hold written: not a 554 5.7.1 (policy), a 451, or a connection refused on the port.
		const bounced = await db.query<{ hold_id: string; type: string; channel: string; contact: string | null; active: boolean }>("SELECT hold_id, type, channel, contact, active FROM ar_holds WHERE customer_id LIKE 'CUS-INV-SMTP-%' ORDER BY 1");
		expect(bounced.rows).toEqual([{ hold_id: 'bounced:CUS-INV-SMTP-rcpt-550:email', type: 'bounced', channel: 'email', contact: 'ap@example.com', active: true }]);
		// other texts nodemailer produces, without a peer to provoke them
		const more: Array<[string, 'failed' | 'in_doubt']> = [
			['Invalid login: 535 5.7.8 Username and Password not accepted', 'failed'],
			['Mail command failed: 421 4.7.0 Try again later, closing connection.', 'failed'],
			['getaddrinfo ENOTFOUND smtp.example.invalid', 'failed'],
			['Greeting never received', 'failed'],
			['Connection timeout', 'failed'],
			['No recipients defined', 'failed'],
			['self-signed certificate in certificate chain', 'failed'],
			['Timeout', 'in_doubt'],
			['Connection closed unexpectedly', 'in_doubt'],
			['Unexpected socket close', 'in_doubt'],
			['read ECONNRESET', 'in_doubt'],
			['write EPIPE', 'in_doubt'],
			['something nobody has seen before', 'in_doubt'],
		];
		for (const [i, [text, expected]] of more.entries()) {
			expect({ text, outcome: (await run(`INV-SMTP-TEXT-${i}`, text)).outcome }).toEqual({ text, outcome: expected });
		}
		expect((await db.query("SELECT 1 FROM ar_holds WHERE customer_id LIKE 'CUS-INV-SMTP-%'")).rowCount).toBe(1); // none of these either
		const doubt = await db.query<{ dedupe_key: string }>("SELECT dedupe_key FROM ar_in_doubt WHERE invoice_id LIKE 'INV-SMTP-%' ORDER BY 1");
		const person = await db.query<{ dedupe_key: string; why: string }>("SELECT dedupe_key, why FROM ar_needs_person WHERE invoice_id LIKE 'INV-SMTP-%' ORDER BY 1");
		const expectedDoubt = [...real.filter(([, e]) => e === 'in_doubt').map(([m]) => `INV-SMTP-${m}:D+7:email`), ...more.flatMap(([, e], i) => (e === 'in_doubt' ? [`INV-SMTP-TEXT-${i}:D+7:email`] : []))].sort();
		expect(doubt.rows.map((r) => r.dedupe_key)).toEqual(expectedDoubt); // at once, not after a lease
		expect(person.rows).toEqual(expectedDoubt.map((k) => ({ dedupe_key: k, why: 'in_doubt' })));
		const audit = await db.query<{ code: string; n: string }>("SELECT code, count(*) AS n FROM ar_audit WHERE kind = 'send' AND invoice_id LIKE 'INV-SMTP-%' GROUP BY code ORDER BY code");
		expect(audit.rows.map((r) => [r.code, Number(r.n)])).toEqual([
			['FAILED', real.length + more.length - expectedDoubt.length],
			['SEND_IN_DOUBT', expectedDoubt.length],
		]);
	}, 60_000);

	it('never leaves a claim stuck at the retry bound: it gives up, is listed for a person and alerted once', async () => {
		const stale = async (id: string, times: number) => {
			for (let i = 1; i <= times; i++) expect(await claim(db, params(id, `dead-${i}`, { lease: 0 }))).toMatchObject({ claimed: true, attempts: i });
			await new Promise((r) => setTimeout(r, 20));
		};
		const view = async () => (await db.query<{ dedupe_key: string; why: string }>('SELECT dedupe_key, why FROM ar_needs_person ORDER BY 1')).rows;
		// three runs died holding the claim: at the bound, stale; listed at once as stuck
		await invoice('INV-BOUND');
		await stale('INV-BOUND', 3);
		expect(await view()).toContainEqual({ dedupe_key: 'INV-BOUND:D+7:email', why: 'stuck' });
		// the next run that decides it moves it to gave_up (before: ALREADY_CLAIMED, run after run, silently)
		expect(await claim(db, params('INV-BOUND', 'next'))).toMatchObject({ claimed: false, code: 'RETRIES_EXHAUSTED', attempts: 3 });
		expect(await touch('INV-BOUND:D+7:email')).toMatchObject({ state: 'gave_up', attempts: 3 });
		expect(await claim(db, params('INV-BOUND', 'later'))).toMatchObject({ claimed: false, code: 'GAVE_UP' });
		expect(await view()).toContainEqual({ dedupe_key: 'INV-BOUND:D+7:email', why: 'gave_up' });
		// one that no run decides again (the cadence moved on): the end-of-run sweep gives it up
		await invoice('INV-SWEEP');
		await stale('INV-SWEEP', 3);
		// and one whose invoice got paid: nothing is owed, nobody is bothered
		await invoice('INV-BOUND-PAID');
		await stale('INV-BOUND-PAID', 3);
		await db.query("UPDATE ar_invoices SET status = 'paid', amount_paid = amount WHERE invoice_id = 'INV-BOUND-PAID'");
		expect((await view()).map((r) => r.dedupe_key)).not.toContain('INV-BOUND-PAID:D+7:email');

		// several runs of the shard end at once: each row is reported by exactly one of them
		const listed = await view();
		const results = await Promise.all(clients.map((c, i) => c.query<{ count: number; keys: string[]; text: string }>(SQL.NEEDS_PERSON, [0, 1, 3, `end-${i}`])));
		const reported = results.flatMap((r) => r.rows[0].keys);
		expect(reported.slice().sort()).toEqual(listed.map((r) => r.dedupe_key)); // everything listed, each once
		expect(results.reduce((a, r) => a + r.rows[0].count, 0)).toBe(reported.length);
		expect(reported).toEqual(expect.arrayContaining(['INV-BOUND:D+7:email', 'INV-SWEEP:D+7:email', 'INV-FAIL:D+7:email', 'INV-SMTP-drop-after-data:D+7:email']));
		expect(results.map((r) => r.rows[0].text).join('\n')).toMatch(/INV-SWEEP:D\+7:email: GAVE UP \(3 attempt\(s\), last error: retries exhausted/);
		expect(await touch('INV-SWEEP:D+7:email')).toMatchObject({ state: 'gave_up' });
		expect(await touch('INV-BOUND-PAID:D+7:email')).toMatchObject({ state: 'claimed' }); // paid: left alone
		const swept = await db.query("SELECT outcome, code FROM ar_audit WHERE kind = 'claim' AND dedupe_key = 'INV-SWEEP:D+7:email' AND code = 'RETRIES_EXHAUSTED'");
		expect(swept.rows).toEqual([{ outcome: 'gave_up', code: 'RETRIES_EXHAUSTED' }]);
		expect((await db.query<{ count: number }>(SQL.NEEDS_PERSON, [0, 1, 3, 'again'])).rows[0].count).toBe(0); // told once

		// the alert e-mail failed: the next run reports those rows again
		await db.query(SQL.ALERT_NOT_SENT, [JSON.stringify(['INV-SWEEP:D+7:email']), '']); // it went out: nothing
		expect((await db.query<{ count: number }>(SQL.NEEDS_PERSON, [0, 1, 3, 'again'])).rows[0].count).toBe(0);
		await db.query(SQL.ALERT_NOT_SENT, [JSON.stringify(['INV-SWEEP:D+7:email']), 'connect ECONNREFUSED 127.0.0.1:25']);
		expect((await db.query<{ keys: string[] }>(SQL.NEEDS_PERSON, [0, 1, 3, 'again'])).rows[0].keys).toEqual(['INV-SWEEP:D+7:email']);

		// a person: handled INV-SWEEP by phone; fixed the cause of INV-BOUND and releases it (a fresh count of attempts)
		expect((await db.query<{ ok: boolean }>("SELECT ar_resolve('INV-SWEEP:D+7:email', 'bob', 'called them') AS ok")).rows[0].ok).toBe(true);
		expect((await db.query<{ ok: boolean }>("SELECT ar_release('INV-BOUND:D+7:email', 'bob') AS ok")).rows[0].ok).toBe(true);
		expect((await view()).map((r) => r.dedupe_key)).not.toEqual(expect.arrayContaining(['INV-SWEEP:D+7:email']));
		expect((await view()).map((r) => r.dedupe_key)).not.toContain('INV-BOUND:D+7:email');
		expect(await claim(db, params('INV-BOUND', 'after-release'))).toMatchObject({ claimed: true, attempts: 1 });
		expect(await claim(db, params('INV-SWEEP', 'after-resolve'))).toMatchObject({ claimed: false, code: 'GAVE_UP' }); // never sent by a run
		const overrides = await db.query("SELECT dedupe_key, code, actor, detail FROM ar_audit WHERE kind = 'override' AND actor = 'bob' ORDER BY id");
		expect(overrides.rows).toEqual([
			{ dedupe_key: 'INV-SWEEP:D+7:email', code: 'RESOLVED', actor: 'bob', detail: null },
			{ dedupe_key: 'INV-BOUND:D+7:email', code: 'RELEASED', actor: 'bob', detail: { state: 'gave_up', attempts: 3 } },
		]);
	});

	it('refuses to release a send that is still running (its lease is not over)', async () => {
		await invoice('INV-LIVE');
		const p = params('INV-LIVE', 'live');
		expect((await claim(db, p)).claimed).toBe(true);
		expect((await mark(p)).sending).toBe(true);
		expect((await db.query<{ ok: boolean }>("SELECT ar_release('INV-LIVE:D+7:email', 'alice') AS ok")).rows[0].ok).toBe(false);
		expect(await touch('INV-LIVE:D+7:email')).toMatchObject({ state: 'sending' });
		expect((await record('INV-LIVE:D+7:email', 'live')).map((r) => (r as { outcome: string }).outcome)).toEqual(['sent']);
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

	it('asks a person once per approval request, whatever holds the customer channels, and loads the answer for the engine', async () => {
		// the customer opted out of everything: no email, but the alert to the account owner is not stopped
		await invoice('INV-APPR', { customerId: 'CUS-9' });
		await db.query("INSERT INTO ar_holds (hold_id, type, customer_id) VALUES ('H-OPT', 'optout', 'CUS-9')");
		expect((await claim(db, params('INV-APPR', 'e1', { customerId: 'CUS-9', step: 'D+21' }))).code).toBe('HOLD_OPTOUT');
		const key = 'INV-APPR:D+21:approval';
		const request = [key, 'INV-APPR', 'CUS-9', 'D+21', 'internal', AS_OF, 'e1', 3600, 3, 1, JSON.stringify({ to: 'owner@example.com', subject: '[AR] Approval needed', tone: 'firm', outcome: 'approval', kind: 'reminder' }), 2];
		const won = (await db.query<ClaimRow & { email: { to: string; token?: string } }>(SQL.CLAIM_SEND, request)).rows[0];
		expect(won).toMatchObject({ code: 'CLAIMED', email: { to: 'owner@example.com' } });
		const token = String(won.email.token);
		expect(token).toMatch(/^[0-9a-f-]{36}$/); // the request mail's link to the approval page
		expect((await claim(db, [...request.slice(0, 6), 'e2', ...request.slice(7)])).code).toBe('ALREADY_CLAIMED'); // once, whichever run asks again
		expect(await mark(request)).toMatchObject({ sending: true });
		await record(key, 'e1');
		expect(await touch(key)).toMatchObject({ state: 'sent' });
		// a dispute still stops it, as any message
		await invoice('INV-APPR-2', { customerId: 'CUS-9' });
		await db.query("INSERT INTO ar_holds (hold_id, type, invoice_id, customer_id) VALUES ('H-DSP', 'dispute', 'INV-APPR-2', 'CUS-9')");
		expect((await claim(db, ['INV-APPR-2:D+21:approval', 'INV-APPR-2', 'CUS-9', 'D+21', 'internal', ...request.slice(5)])).code).toBe('HOLD_DISPUTE');

		// answers: only to a request the run made, by someone
		const answer = async (fn: string, k: string, who: string) => (await db.query<{ ok: boolean }>(`SELECT ${fn}($1, $2) AS ok`, [k, who])).rows[0].ok;
		expect(await answer('ar_approve', 'INV-APPR:D+14:approval', 'dana')).toBe(false); // never asked
		expect(await answer('ar_approve', 'INV-LIVE:D+7:email', 'dana')).toBe(false); // a customer email, not a request
		expect(await answer('ar_approve', key, '')).toBe(false);
		expect(await answer('ar_approve', key, 'dana')).toBe(true);
		const load = async () => {
			const { rows } = await db.query<{ invoiceId: string; approvals: unknown[]; touches: Array<{ channel: string; step: string; status: string }> }>(SQL.LOAD_INVOICES, [0, 1, AS_OF]);
			return rows.find((r) => r.invoiceId === 'INV-APPR') as { approvals: unknown[]; touches: Array<{ channel: string; step: string; status: string }> };
		};
		let row = await load();
		expect(readApprovals(row.approvals, validatePolicy({}))).toEqual([{ invoiceId: 'INV-APPR', step: 'D+21', decision: 'approved', by: 'dana' }]);
		expect(row.touches).toEqual([expect.objectContaining({ channel: 'internal', step: 'D+21', status: 'sent' })]);
		// a later answer replaces the earlier one (the engine takes the first answer for a step: the store's comes before the billing row's)
		await db.query(`UPDATE ar_invoices SET doc = doc || '{"approvals": [{"invoiceId": "INV-APPR", "step": "D+21", "decision": "approved"}]}' WHERE invoice_id = 'INV-APPR'`);
		expect(await answer('ar_reject', key, 'sam')).toBe(true);
		row = await load();
		expect(readApprovals(row.approvals, validatePolicy({})).map((a) => [a.decision, a.by])).toEqual([
			['rejected', 'sam'],
			['approved', undefined],
		]);
		const audit = await db.query<{ code: string; actor: string }>("SELECT code, actor FROM ar_audit WHERE kind = 'override' AND dedupe_key = $1 ORDER BY id", [key]);
		expect(audit.rows.map((r) => [r.code, r.actor])).toEqual([
			['APPROVED', 'dana'],
			['REJECTED', 'sam'],
		]);
		// the approval page: the token names the request (what the page shows), and answers it; any other token nothing
		const page = async (t: string) => (await db.query<Record<string, unknown>>(SQL.APPROVAL_REQUEST, [t])).rows;
		expect(await page(token)).toEqual([
			expect.objectContaining({ key, invoiceId: 'INV-APPR', step: 'D+21', subject: '[AR] Approval needed', invoiceStatus: 'open', balance: 1200, currency: 'USD', decision: 'rejected', decidedBy: 'sam' }),
		]);
		expect(await page('')).toEqual([]);
		// the page and the answer find the request by the token's index, however long the touch log grows
		await db.query('SET enable_seqscan = off');
		const plan = (await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${SQL.APPROVAL_REQUEST}`, [token])).rows.map((r) => r['QUERY PLAN']).join('\n');
		await db.query('RESET enable_seqscan');
		expect(plan).toContain('ar_touches_token');
		expect(await page('not-a-token')).toEqual([]);
		const byToken = async (t: string, decision: string, who: string) => (await db.query<{ ok: boolean }>(SQL.ANSWER_APPROVAL, [t, decision, who, ''])).rows[0].ok;
		expect(await byToken('not-a-token', 'approved', 'dana')).toBe(false);
		expect(await byToken('', 'approved', 'dana')).toBe(false);
		expect(await byToken(token, 'maybe', 'dana')).toBe(false);
		expect(await byToken(token, 'approved', '')).toBe(false);
		expect(await byToken(token, 'approved', 'dana')).toBe(true);
		expect(await page(token)).toEqual([expect.objectContaining({ decision: 'approved', decidedBy: 'dana' })]);
		const last = await db.query<{ code: string; actor: string; reason: string }>("SELECT code, actor, reason FROM ar_audit WHERE kind = 'override' AND dedupe_key = $1 ORDER BY id DESC LIMIT 1", [key]);
		expect(last.rows[0]).toEqual({ code: 'APPROVED', actor: 'dana', reason: 'Answered on the approval page' });

		// the weekly report counts the request as an approval request, not as a message to the customer
		const { rows: logged } = await db.query<{ dedupeKey: string; outcome: string; channel: string; kind: string }>(SQL.REPORT_TOUCHES, ['2026-03-17']);
		expect(logged.find((r) => r.dedupeKey === key)).toMatchObject({ outcome: 'approval', channel: 'internal', kind: 'reminder' });
	});

	it('gives the weekly report the messages sent, with their tone, and the ledger with paid dates, as AR Metrics reads them', async () => {
		const withTone = (p: unknown[], tone: string) => [...p.slice(0, 10), JSON.stringify({ ...(JSON.parse(p[10] as string) as object), tone }), ...p.slice(11)];
		// sent, with the message's tone as the workflow passes it in the email JSON
		await invoice('INV-RPT-1');
		const sent = withTone(params('INV-RPT-1', 'rpt'), 'firm');
		expect((await claim(db, sent)).claimed).toBe(true);
		expect((await mark(sent)).sending).toBe(true);
		await record('INV-RPT-1:D+7:email', 'rpt');
		// claimed but not sent, and a send in doubt: not messages sent
		await invoice('INV-RPT-2');
		expect((await claim(db, withTone(params('INV-RPT-2', 'rpt'), 'friendly'))).claimed).toBe(true);
		await invoice('INV-RPT-4');
		const doubt = withTone(params('INV-RPT-4', 'rpt'), 'friendly');
		expect((await claim(db, doubt)).claimed).toBe(true);
		expect((await mark(doubt)).sending).toBe(true);
		await record('INV-RPT-4:D+7:email', 'rpt', 'Connection closed unexpectedly');
		// paid
		await invoice('INV-RPT-3', { status: 'paid', paid: 1200 });
		await db.query("UPDATE ar_invoices SET paid_at = '2026-03-12T09:30:00Z' WHERE invoice_id = 'INV-RPT-3'");

		const report = async (day: string) => (await db.query<Record<string, unknown>>(SQL.REPORT_TOUCHES, [day])).rows.filter((r) => String(r.invoiceId).startsWith('INV-RPT'));
		const rows = await report('2026-03-17');
		expect(rows).toEqual([
			{
				dedupeKey: 'INV-RPT-1:D+7:email',
				invoiceId: 'INV-RPT-1',
				customerId: 'CUS-1',
				step: 'D+7',
				channel: 'email',
				sentAt: '2026-03-17T15:00:00Z', // the run's as-of, as the Data Tables daily run logs it
				status: 'sent',
				kind: 'reminder',
				outcome: 'send',
				tone: 'firm',
				recipient: 'ap@example.com',
				subject: 'Invoice INV-RPT-1',
			},
		]);
		expect(await report('2026-03-16')).toEqual([]); // after the period's last day
		expect(await report('2027-03-18')).toEqual([]); // more than a year before it
		const log = readTouchLog(rows);
		expect(log).toHaveLength(1);
		expect(log[0]).toMatchObject({ outcome: 'send', outcomeLogged: true, tone: 'firm', kind: 'reminder', status: 'sent', day: '2026-03-17', dedupeKey: 'INV-RPT-1:D+7:email' });

		const ledger = (await db.query<Record<string, unknown>>(SQL.REPORT_LEDGER)).rows.filter((r) => String(r.invoiceId).startsWith('INV-RPT'));
		expect(ledger.map((r) => r.invoiceId)).toEqual(['INV-RPT-1', 'INV-RPT-2', 'INV-RPT-3', 'INV-RPT-4']);
		expect(ledger[2]).toMatchObject({ status: 'paid', paidDate: '2026-03-12', amount: 1200, amountPaid: 1200, currency: 'USD', issueDate: '2026-02-08', dueDate: '2026-03-10', customer: { customerId: 'CUS-1' }, history: [] });
		expect(ledger[0]).toMatchObject({ status: 'open', paidDate: null, amountPaid: 0 });
		// as the workflow's Ledger and Store Rows passes them on (nulls dropped), the core reads every row
		const records = readLedger(ledger.map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== null))));
		expect(records.map((r) => [r.invoiceId, r.paidDate])).toEqual([
			['INV-RPT-1', null],
			['INV-RPT-2', null],
			['INV-RPT-3', '2026-03-12'],
			['INV-RPT-4', null],
		]);
	});
});
