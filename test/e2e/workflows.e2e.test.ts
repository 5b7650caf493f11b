/**
 * The example workflows under workflows/ in a real n8n 2.x (`n8n start`, one instance for the suite), with
 * this package installed from its tarball as the Community Nodes panel does, the credentials imported (SMTP
 * pointing at a local sink, the Stripe webhook signing secret) and every mail read back from the sink:
 *
 *   import every workflow -> Setup (Data Tables) -> Daily Run (17 March) -> the same run again ->
 *   a signed Stripe invoice.paid -> a customer's reply -> Daily Run on the next day.
 *
 * What each invoice should get comes from the decision core over the same sample ledger (the scenarios of
 * workflows/README-ledger.md), so the mails are compared with an independent expectation.
 */
import * as fs from 'fs';
import * as path from 'path';

import { NodeHelpers, type INode, type INodeTypeDescription } from 'n8n-workflow';

import { DecisionEngine } from '../../nodes/core/engine';
import { applyMapping, compileMapping } from '../../nodes/core/mapping';
import type { Decision } from '../../nodes/core/types';
import { OFFLINE_ENV, asRun, itemsOf, startArInstance, stripeSignature, workflowFiles, type ArInstance } from './ar-instance';
import { getRuntime, removeUserFolder, type N8nRun } from './n8n-harness';
import { REPO_ROOT } from './package';
import { startSmtpSink, type CaughtMail, type SmtpSink } from './smtp-sink';

const describeE2E = process.env.N8N_E2E_SKIP === '1' ? describe.skip : describe;

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const SECRET = 'whsec_e2eWorkflowsSuiteSigningSecret000000001';
const ledger = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'workflows', 'sample-ledger.json'), 'utf8')) as { asOf: string; invoices: Json[] };
const DAY1 = ledger.asOf; // Tuesday 17 March 2026, 15:00 UTC
const DAY2 = '2026-03-18T15:00:00Z';
const byId = new Map(ledger.invoices.map((i) => [String(i.invoiceId), i]));
const mapping = compileMapping('canonical');

function decide(asOf: string, items: Json[]): Map<string, Decision> {
	const engine = new DecisionEngine({}, asOf);
	return new Map(items.map((i) => [String(i.invoiceId), engine.decideRaw(applyMapping(mapping, i))]));
}

/** Items a node emitted (all runs), loosely typed for assertions. */
const items = (run: N8nRun, nodeName: string, output = 0) => itemsOf(run, nodeName, output) as Json[];

const isOwnerMail = (m: CaughtMail) => m.subject.startsWith('[AR] ');
const customerMails = (mails: readonly CaughtMail[]) => mails.filter((m) => !isOwnerMail(m));
const mentions = (m: CaughtMail, invoiceId: string) => m.subject.includes(invoiceId) || m.text.includes(invoiceId);
const digits = (s: string) => s.replace(/\D/g, '');

/** A Stripe invoice.paid event for a sample invoice (the sample ids stand for Stripe's). */
function invoicePaidEvent(invoiceId: string, paidAt: string): Json {
	const inv = byId.get(invoiceId)!;
	const cents = Math.round(Number(inv.amount) * 100);
	const t = Math.floor(Date.parse(paidAt) / 1000);
	return {
		id: `evt_e2e_paid_${invoiceId.replace(/\W/g, '')}`,
		object: 'event',
		api_version: '2024-06-20',
		created: t,
		type: 'invoice.paid',
		livemode: false,
		pending_webhooks: 1,
		request: { id: null, idempotency_key: null },
		data: {
			object: {
				id: invoiceId,
				object: 'invoice',
				number: inv.number,
				customer: inv.customerId,
				customer_email: inv.customer.email,
				currency: String(inv.currency).toLowerCase(),
				amount_due: cents,
				amount_paid: cents,
				amount_remaining: 0,
				total: cents,
				status: 'paid',
				paid: true,
				attempt_count: 1,
				collection_method: 'send_invoice',
				created: Math.floor(Date.parse(`${inv.issueDate}T09:00:00Z`) / 1000),
				due_date: Math.floor(Date.parse(`${inv.dueDate}T00:00:00Z`) / 1000),
				status_transitions: { paid_at: t, finalized_at: Math.floor(Date.parse(`${inv.issueDate}T09:00:00Z`) / 1000) },
				hosted_invoice_url: inv.paymentLink ?? null,
			},
		},
	};
}

const CHARGE_PATH = 'ar-e2e-daily-run-auto-charge';
const CHARGE_FILE = 'extra-arE2eAutoCharge01.workflow.json';

/** The Daily Run as a user would switch on auto-charge (Settings > autoChargeEnabled), on its own webhook path. */
function autoChargeVariant(): Record<string, unknown> & { id: string; nodes: Array<Record<string, unknown>> } {
	const wf = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'workflows', 'ar-daily-run.workflow.json'), 'utf8')) as Json;
	const nodes = (wf.nodes as Json[]).map((n) => {
		if (n.name === 'Run Now (Webhook)') return { ...n, webhookId: 'e2e-auto-charge-webhook', parameters: { ...n.parameters, path: CHARGE_PATH } };
		if (n.name === 'Settings') {
			const list = (n.parameters.assignments.assignments as Json[]).map((a) => (a.name === 'autoChargeEnabled' ? { ...a, value: true } : a));
			return { ...n, parameters: { ...n.parameters, assignments: { assignments: list } } };
		}
		return n;
	});
	return { ...wf, id: 'arE2eAutoCharge01', name: 'AR e2e: Daily Run with auto-charge', nodes };
}

/** Node descriptions of this n8n (n8n-nodes-base) and of this package (from the source). */
function knownNodes(): (type: string, version: number) => INodeTypeDescription | undefined {
	const base = JSON.parse(fs.readFileSync(path.join(getRuntime().n8nModules, 'n8n-nodes-base', 'dist', 'types', 'nodes.json'), 'utf8')) as INodeTypeDescription[];
	const ours = new Map<string, INodeTypeDescription>();
	for (const dir of fs.readdirSync(path.join(REPO_ROOT, 'nodes')).filter((d) => d.startsWith('Ar'))) {
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const mod = require(path.join(REPO_ROOT, 'nodes', dir, `${dir}.node`)) as Record<string, new () => { description: INodeTypeDescription }>;
		const d = new mod[dir]().description;
		ours.set(`n8n-nodes-ar-followup.${d.name}`, d);
	}
	return (type, version) => ours.get(type) ?? base.find((d) => `n8n-nodes-base.${d.name}` === type && ([] as number[]).concat(d.version).includes(version));
}

describeE2E('example workflows in a real n8n (Setup, Daily Run, Payment Events, Replies) with mails read back from an SMTP sink', () => {
	let sink: SmtpSink;
	let ar: ArInstance | undefined;
	let day1: N8nRun;
	let day1Mails: CaughtMail[] = [];
	const expected1 = decide(DAY1, ledger.invoices);

	beforeAll(async () => {
		sink = await startSmtpSink();
		ar = await startArInstance({
			smtpPort: sink.port,
			stripeSecret: SECRET,
			extraWorkflows: [autoChargeVariant()],
			// never the internet: the auto-charge test's Stripe call goes to a closed local proxy port
			env: OFFLINE_ENV,
			// A Stripe API key that charges nothing: every charge attempt fails (and never leaves the machine: OFFLINE_ENV).
			extraCredentials: [{ id: 'arStripeApiCred01', name: 'AR Stripe', type: 'stripeApi', data: { secretKey: 'rk_e2e_not_a_stripe_key' } }],
		});
	}, 900_000);

	afterAll(async () => {
		await ar?.stop();
		await sink?.stop();
		if (ar) removeUserFolder(ar.uf);
	}, 120_000);

	test('every workflow under workflows/ uses node types and versions this n8n knows, with every required parameter set and Code that compiles, and references credentials by name only', () => {
		const find = knownNodes();
		const files = workflowFiles();
		expect(files.map((f) => f.file)).toEqual(expect.arrayContaining(['ar-daily-run.workflow.json', 'ar-payment-events.workflow.json', 'ar-replies.workflow.json', 'ar-setup.workflow.json']));
		const problems: string[] = [];
		for (const wf of files) {
			if (wf.json.nodes.filter((n) => n.type === 'n8n-nodes-base.stickyNote').length < 2) problems.push(`${wf.file}: fewer than two sticky notes`);
			for (const n of wf.json.nodes) {
				const d = find(String(n.type), Number(n.typeVersion));
				if (!d) {
					problems.push(`${wf.file}: ${String(n.name)}: unknown type ${String(n.type)} v${String(n.typeVersion)}`);
					continue;
				}
				if (n.type === 'n8n-nodes-base.code') {
					try {
						new Function(`return (async () => {\n${String((n.parameters as Json).jsCode)}\n})`); // eslint-disable-line no-new-func
					} catch (e) {
						problems.push(`${wf.file}: ${String(n.name)}: JavaScript does not compile: ${(e as Error).message}`);
					}
				}
				const issues = NodeHelpers.getNodeParametersIssues(d.properties, n as unknown as INode, d);
				if (issues) problems.push(`${wf.file}: ${String(n.name)}: ${JSON.stringify(issues.parameters ?? issues)}`);
				for (const c of Object.values((n.credentials ?? {}) as Record<string, Json>)) {
					expect(Object.keys(c).sort()).toEqual(['id', 'name']);
					expect(c.name).toMatch(/^AR /);
				}
			}
		}
		expect(problems).toEqual([]);
		// No secret in any workflow file.
		for (const wf of files) expect(JSON.stringify(wf.json)).not.toMatch(/whsec_|sk_(live|test)_|xox[bp]-/);
	});

	test('every workflow imported into n8n (and the webhook ones were published)', () => {
		for (const f of workflowFiles()) expect(ar!.ids[f.file]).toBe(f.id);
		const log = ar!.server.logs();
		expect(log).not.toMatch(/Unrecognized node type/i);
		expect(log).not.toMatch(/could not be activated|There was a problem activating/i);
	});

	test('Setup creates the six Data Tables (and a second run reuses them)', async () => {
		for (let k = 0; k < 2; k++) {
			const run = asRun(await ar!.runSetup());
			expect(items(run, 'Tables Ready').map((t) => t.table)).toEqual(['ar_touches', 'ar_holds', 'ar_invoice_state', 'ar_approvals', 'ar_ledger', 'ar_history']);
		}
	}, 300_000);

	test('the Daily Run on 17 March mails exactly the customers the scenarios say, with the right invoice and amount, and tells the account owners', async () => {
		sink.clear();
		day1 = asRun(await ar!.runDaily());
		// one Stop Check run over every tier (All Tiers merges them), so the touch cap and minimum gap see all of a customer's invoices
		expect(day1.data.resultData.runData['AR Stop Check']).toHaveLength(1);
		const wantCustomer = [...expected1.values()].filter((d) => d.outcome === 'send' && d.channels.includes('email'));
		const wantOwner = [...expected1.values()].filter((d) => d.outcome === 'approval' || d.outcome === 'human' || (d.outcome === 'send' && d.channels.includes('internal')));
		await sink.waitFor((m) => m.length >= wantCustomer.length + wantOwner.length, 60_000);
		await new Promise((r) => setTimeout(r, 1500));
		day1Mails = [...sink.mails];

		// Customers: one mail per invoice due a message by email, to the customer's address, naming the invoice and the amount.
		const got = customerMails(day1Mails);
		expect(got.map((m) => m.to.join(',')).sort()).toEqual(wantCustomer.map((d) => String(byId.get(d.invoiceId)!.customer.email).toLowerCase()).sort());
		const rendered = items(day1, 'AR Message', 0);
		for (const d of wantCustomer) {
			const inv = byId.get(d.invoiceId)!;
			const mail = got.find((m) => m.to.includes(String(inv.customer.email).toLowerCase()) && mentions(m, d.invoiceId));
			expect(mail).toBeDefined();
			expect(mail!.subject).toContain(String(inv.number ?? d.invoiceId));
			expect(mail!.from).toBe('billing@northbeam.example.com');
			expect(mail!.replyTo).toEqual(['ar@northbeam.example.com']);
			// The amount in the mail is the open balance (formatted for the customer's locale).
			const facts = (rendered.find((r) => r.arFollowUp.invoiceId === d.invoiceId)!.arFollowUp as Json).message.facts as Json;
			expect(digits(String(facts.amount))).toBe(digits(Number(d.balance).toFixed(2)));
			expect(mail!.text).toContain(String(facts.amount));
			expect(mail!.html).toContain(String(inv.number ?? d.invoiceId));
		}
		// Nothing to the paid, disputed, promised, settled or otherwise held invoices; nothing by a channel that is off.
		for (const [id, d] of expected1) {
			if (d.outcome === 'send' && d.channels.includes('email')) continue;
			expect(got.filter((m) => mentions(m, id)).map((m) => m.subject)).toEqual([]);
		}
		for (const id of ['INV-2026-0087', 'INV-2026-0093', 'INV-2026-0083', 'INV-2026-0100']) expect(day1Mails.filter((m) => mentions(m, id))).toEqual([]);
		for (const email of ['oliver.hughes@northwind-analytics.example.com', 'grace@kestrel-outfitters.example.com', 'daniel@copperleaf.example.com']) {
			expect(day1Mails.filter((m) => m.envelopeTo.includes(email))).toEqual([]);
		}
		// SMS opt-out (INV-2026-0066) gets email only; SMS and WhatsApp are off by default: those nodes never ran.
		expect(expected1.get('INV-2026-0066')!.channels).toEqual(['email']);
		for (const n of ['Twilio: Send SMS', 'WhatsApp Business: Send', 'Slack: Alert Account Owner', 'HubSpot: Task for Account Owner', 'Stripe: Charge Card']) expect(day1.data.resultData.runData[n]).toBeUndefined();
		expect(items(day1, 'Channel Off').map((i) => `${i.arFollowUp.invoiceId}:${i.arFollowUp.message.channel}`).sort()).toEqual(['INV-2026-0067:whatsapp', 'INV-2026-0109:sms', 'INV-2026-0138:sms']);

		// Account owners: the D+15 alert, the two approvals and the two human tasks, once each, to the owner.
		const owner = day1Mails.filter(isOwnerMail);
		expect(owner).toHaveLength(wantOwner.length);
		for (const d of wantOwner) {
			const to = String(byId.get(d.invoiceId)!.customer.accountOwner.email).toLowerCase();
			expect(owner.filter((m) => m.to.includes(to) && mentions(m, d.invoiceId))).toHaveLength(1);
		}
		// The approval request carries the draft the customer would get (not sent to the customer).
		const approval = owner.find((m) => mentions(m, 'INV-2026-0072'))!;
		expect(approval.subject).toMatch(/Approval needed/);
		expect(approval.text).toContain('Draft to the customer (not sent)');

		// Every message sent is in the touch log, keyed by its dedupe key.
		const touches = items(day1, 'Write Touch Log');
		const keys = touches.map((t) => t.dedupeKey).sort();
		expect(new Set(keys).size).toBe(keys.length);
		for (const d of wantCustomer) expect(keys).toContain(`${d.invoiceId}:${d.step}:email`);
		expect(keys).toContain('INV-2026-0079:D+15:internal');
		expect(keys).toContain('INV-2026-0072:D+21:approval');
	}, 600_000);

	test('the same run again on the same day sends nothing (no mail twice)', async () => {
		sink.clear();
		const again = asRun(await ar!.runDaily());
		await new Promise((r) => setTimeout(r, 3000));
		expect(sink.mails.map((m) => m.subject)).toEqual([]);
		// Only messages for channels switched off in Settings (SMS, WhatsApp) are still due: they were never sent.
		const stillDue = items(again, 'AR Stop Check', 0).flatMap((i) => i.arFollowUp.decision.channels as string[]);
		expect(stillDue.filter((c) => c !== 'sms' && c !== 'whatsapp')).toEqual([]);
		for (const n of ['Send Email', 'Email Account Owner', 'Write Touch Log']) expect(again.data.resultData.runData[n]).toBeUndefined();
		// The invoices mailed today have no step due any more.
		const done = [
			...items(again, 'Nothing Due Today').map((i) => i.arFollowUp.invoiceId),
			...items(again, 'AR Stop Check', 1).filter((i) => i.arFollowUp.decision.code === 'ALREADY_SENT').map((i) => i.arFollowUp.invoiceId),
		];
		for (const [id, d] of expected1) if (d.outcome === 'send' && d.channels.every((c) => c === 'email' || c === 'internal')) expect(done).toContain(id);
	}, 600_000);

	test('a signed Stripe invoice.paid runs the Payment Events workflow: state written, thank-you mail; a forged one is rejected', async () => {
		sink.clear();
		// Paid now (Stripe sends events as they happen; AR Event acknowledges only recent payments).
		const event = invoicePaidEvent('INV-2026-0097', new Date().toISOString());
		const forged = asRun(await ar!.postStripeEvent(event, stripeSignature(JSON.stringify(event), 'whsec_notTheSecret')));
		expect(items(forged, 'Read Billing Event', 1).map((i) => i.arFollowUp.event.reason.code)).toEqual(['SIGNATURE_MISMATCH']);
		expect(forged.data.resultData.runData['Process Billing Event']).toBeUndefined();

		const run = asRun(await ar!.postStripeEvent(event));
		const ack = items(run, 'Process Billing Event', 0);
		expect(ack.map((i) => [i.arFollowUp.event.type, i.arFollowUp.event.signature.code, i.arFollowUp.event.message.templateKey])).toEqual([['paid', 'VERIFIED', 'payment-received-thanks']]);
		expect(items(run, 'Upsert Invoice State').map((r) => [r.invoiceId, r.status])).toEqual([['INV-2026-0097', 'paid']]);
		expect(items(run, 'Upsert Ledger')).toHaveLength(1);
		await sink.waitFor((m) => m.length >= 1, 60_000);
		expect(sink.mails).toHaveLength(1);
		expect(sink.mails[0].to).toEqual(['aoife.byrne@claddagh-software.example.com']);
		expect(mentions(sink.mails[0], 'INV-2026-0097')).toBe(true);

		// The same delivery again (Stripe retries): nothing new is sent.
		sink.clear();
		const redelivered = asRun(await ar!.postStripeEvent(event));
		expect(items(redelivered, 'Process Billing Event', 0)).toEqual([]);
		await new Promise((r) => setTimeout(r, 2000));
		expect(sink.mails).toEqual([]);
	}, 600_000);

	test('a customer\'s reply promising to pay runs the Replies workflow and writes a promise hold', async () => {
		const run = asRun(
			await ar!.postReplies([{ from: 'luis@cedarpine.example.com', subject: 'Re: Invoice INV-2026-0140 is due today', text: "Thanks for the reminder, we'll pay it on Friday.", date: '2026-03-17T17:05:00Z', messageId: '<e2e-reply-1@cedarpine.example.com>' }]),
		);
		const classified = [0, 1, 2].flatMap((o) => items(run, 'Classify Reply', o));
		expect(classified.map((i) => [i.invoiceId, i.arFollowUp.event.reply.class])).toEqual([['INV-2026-0140', 'promise_to_pay']]);
		expect(items(run, 'Upsert Holds').filter((h) => h.type === 'promise' && h.invoiceId === 'INV-2026-0140')).toHaveLength(1);
	}, 600_000);

	test('the next day: no message for the invoice paid by the Stripe event nor the promised one, while the others still flow', async () => {
		// Without the events, the engine would mail both invoices on 18 March (so this test can fail).
		const touched = ledger.invoices.map((inv) => ({
			...inv,
			touches: [
				...(inv.touches ?? []),
				...[...expected1.values()]
					.filter((d) => d.outcome === 'send' && d.customerId === inv.customerId)
					.flatMap((d) => d.channels.filter((c) => c !== 'sms' && c !== 'whatsapp').map((c) => ({ invoiceId: d.invoiceId, customerId: d.customerId, step: d.step, channel: c, sentAt: DAY1, dedupeKey: `${d.invoiceId}:${d.step}:${c}`, status: 'sent' }))),
			],
		}));
		const would = decide(DAY2, touched);
		expect(would.get('INV-2026-0097')!.outcome).toBe('send');
		expect(would.get('INV-2026-0140')!.outcome).toBe('send');
		const others = [...would.values()].filter((d) => d.outcome === 'send' && d.channels.includes('email') && !['INV-2026-0097', 'INV-2026-0140'].includes(d.invoiceId));
		expect(others.length).toBeGreaterThan(0);

		sink.clear();
		const run = asRun(await ar!.runDaily(DAY2));
		await sink.waitFor((m) => customerMails(m).length >= others.length, 60_000);
		await new Promise((r) => setTimeout(r, 2000));
		const got = customerMails(sink.mails);
		expect(got.filter((m) => mentions(m, 'INV-2026-0097') || mentions(m, 'INV-2026-0140'))).toEqual([]);
		expect(got.map((m) => m.to.join(',')).sort()).toEqual(others.map((d) => String(byId.get(d.invoiceId)!.customer.email).toLowerCase()).sort());
		const held = new Map([0, 1, 2, 3].flatMap((o) => items(run, 'AR Stop Check', o)).map((i) => [i.arFollowUp.invoiceId, i.arFollowUp.decision.code]));
		expect(held.get('INV-2026-0097')).toBe('INVOICE_PAID');
		expect(held.get('INV-2026-0140')).toBe('PROMISE_TO_PAY');
	}, 600_000);

	test('with auto-charge switched on, the due card invoice is charged through Stripe and a declined charge becomes the payment-failed message', async () => {
		sink.clear();
		const run = asRun(await ar!.callWebhook(CHARGE_FILE, CHARGE_PATH, { asOf: DAY2 }));
		// INV-2026-0141 is due on 18 March with a card on file: charged, not reminded.
		expect(items(run, 'Charge Card Today?', 0).map((i) => i.invoiceId)).toEqual(['INV-2026-0141']);
		expect(items(run, 'Stripe: Charge Card', 1)).toHaveLength(1);
		const failed = items(run, 'AR Event: Payment Failed', 0);
		expect(failed.map((i) => [i.invoiceId, i.arFollowUp.event.type])).toEqual([['INV-2026-0141', 'payment_failed']]);
		await sink.waitFor((m) => m.some((x) => x.to.includes('noah.williams@example.com')), 60_000);
		const mail = sink.mails.find((x) => x.to.includes('noah.williams@example.com'))!;
		expect(mentions(mail, 'INV-2026-0141')).toBe(true);
		expect(mail.text).toContain('https://pay.example.com/card/');
		expect(items(run, 'Write Touch Log').filter((t) => t.invoiceId === 'INV-2026-0141').map((t) => t.kind)).toEqual(['ack']);
	}, 600_000);
});
