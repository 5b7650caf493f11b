/**
 * The example workflows under workflows/ in a real n8n 2.x (`n8n start`, one instance for the suite), with
 * this package installed from its tarball as the Community Nodes panel does, the credentials imported (SMTP
 * pointing at a local sink, the Stripe webhook signing secret) and every mail read back from the sink:
 *
 *   import every workflow -> Setup (Data Tables) -> Daily Run (17 March) -> the same run again -> the
 *   account owners answer the approval requests by the email's buttons -> a signed Stripe invoice.paid ->
 *   a customer's reply -> Daily Run on the next day -> auto-charge (a fake Stripe API on 127.0.0.1: one card
 *   declined, one charged) and the same run again -> an approval request nobody answers (26 March).
 *
 * What each invoice should get comes from the decision core over the same sample ledger (the scenarios of
 * workflows/README-ledger.md), so the mails are compared with an independent expectation.
 */
import * as fs from 'fs';
import * as http from 'http';
import * as path from 'path';

import { NodeHelpers, type INode, type INodeTypeDescription } from 'n8n-workflow';

import { DecisionEngine } from '../../nodes/core/engine';
import { applyMapping, compileMapping } from '../../nodes/core/mapping';
import type { Decision } from '../../nodes/core/types';
import { OFFLINE_ENV, asRun, itemsOf, seedRowsWorkflow, startArInstance, stripeSignature, workflowFiles, type ArInstance } from './ar-instance';
import { getExecutions, getRuntime, httpRequest, listWorkflows, pairedOrigin, removeUserFolder, waitForExecution, type N8nRun, type StoredExecution } from './n8n-harness';
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
const WAIT_PATH = 'ar-e2e-daily-run-approval-wait';
const WAIT_FILE = 'extra-arE2eApprovalWait1.workflow.json';
const TEXTS_PATH = 'ar-e2e-daily-run-texts';
const TEXTS_FILE = 'extra-arE2eTextsOn00001.workflow.json';
const DAY3 = '2026-03-19T15:00:00Z';
/** A test workflow that writes rows into ar_touches (here: a charge claim an earlier run left without Stripe's answer). */
const SEED_TOUCHES_ID = 'arE2eSeedTouch01';
const SEED_TOUCHES_PATH = 'ar-e2e-touches';
const SEED_HOLDS_ID = 'arE2eSeedHolds01';
const SEED_HOLDS_PATH = 'ar-e2e-holds';
const DAY4 = '2026-03-20T15:00:00Z';
const DAY5 = '2026-03-23T15:00:00Z';
/** The Daily Run with e-mail switched off in Settings: what is due by e-mail on a day, without claiming or sending it. */
const EMAIL_OFF_ID = 'arE2eEmailOff0001';
const EMAIL_OFF_PATH = 'ar-e2e-email-off';
const DAY_LATER = '2026-03-26T15:00:00Z'; // Meridian's D+30 (a key account at a firm step: a new approval request)
/** The customer who unsubscribed from e-mail (the sample ledger's INV-2026-0115). */
const EMAIL_OPTED_OUT = 'nadia@copperkettle-catering.example.com';

type Variant = Record<string, unknown> & { id: string; nodes: Array<Record<string, unknown>> };

/** The Daily Run with some Settings changed as a user would, on its own webhook path; `more` edits other nodes. */
function dailyRunVariant(id: string, name: string, webhookPath: string, settings: Record<string, unknown>, more: (n: Json) => Json = (n) => n): Variant {
	const wf = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'workflows', 'ar-daily-run.workflow.json'), 'utf8')) as Json;
	const nodes = (wf.nodes as Json[]).map((n) => {
		if (n.name === 'Run Now (Webhook)') return { ...n, webhookId: `${id}-webhook`, parameters: { ...n.parameters, path: webhookPath } };
		if (n.name === 'Settings') {
			const list = (n.parameters.assignments.assignments as Json[]).map((a) => (a.name in settings ? { ...a, value: settings[a.name] } : a));
			return { ...n, parameters: { ...n.parameters, assignments: { assignments: list } } };
		}
		return more(n);
	});
	return { ...wf, id, name, nodes };
}

/**
 * A stand-in for Stripe's PaymentIntents API on 127.0.0.1: records every request (headers and form body) and
 * answers as Stripe would for an off-session card charge: INV-2026-0138's card is declined (402, card_error,
 * insufficient_funds), every other card is charged (200, status succeeded).
 */
interface StripeCall {
	path: string;
	idempotencyKey: string;
	authorization: string;
	form: Record<string, string>;
}
async function startFakeStripe(): Promise<{ port: number; calls: StripeCall[]; stop(): Promise<void> }> {
	const calls: StripeCall[] = [];
	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			const form = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
			calls.push({ path: String(req.url), idempotencyKey: String(req.headers['idempotency-key'] ?? ''), authorization: String(req.headers.authorization ?? ''), form });
			const invoiceId = form['metadata[invoiceId]'];
			res.setHeader('content-type', 'application/json');
			if (invoiceId === 'INV-2026-0138') {
				res.statusCode = 402;
				res.end(JSON.stringify({ error: { type: 'card_error', code: 'card_declined', decline_code: 'insufficient_funds', message: 'Your card has insufficient funds.', payment_intent: { id: `pi_e2e_${invoiceId}`, status: 'requires_payment_method' } } }));
				return;
			}
			res.end(JSON.stringify({ id: `pi_e2e_${invoiceId}`, object: 'payment_intent', status: 'succeeded', amount: Number(form.amount), currency: form.currency }));
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const port = (server.address() as { port: number }).port;
	return { port, calls, stop: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** The approve / decline link of an approval email (n8n's signed resume URL). */
function resumeLink(mail: CaughtMail, approved: boolean): string {
	const links = [...mail.html.matchAll(/href="([^"]+)"/g)].map((m) => m[1].replace(/&amp;/g, '&'));
	const link = links.find((l) => l.includes('/webhook-waiting/') && l.includes(`approved=${String(approved)}`));
	if (!link) throw new Error(`no ${approved ? 'approve' : 'decline'} link in "${mail.subject}": ${links.join(' ')}`);
	return link;
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
	let stripe: Awaited<ReturnType<typeof startFakeStripe>> | undefined;
	let ar: ArInstance | undefined;
	let day1: N8nRun;
	let day1Id = 0;
	let day1Mails: CaughtMail[] = [];
	/** Every mail the sink caught during the suite (sink.clear() forgets them; this does not). */
	const seen: CaughtMail[] = [];
	const clearSink = () => {
		seen.push(...sink.mails);
		sink.clear();
	};
	const expected1 = decide(DAY1, ledger.invoices);
	/** The Daily Run's executions started by itself (approval requests), after an execution id. */
	const approvalExecutions = async (file: string, afterId: number): Promise<StoredExecution[]> => await getExecutions(ar!.uf, { workflowId: ar!.ids[file], afterId, mode: 'integrated' });
	/** The approval requests' executions once none is still starting or running (each has logged its request by then). */
	const settledApprovalExecutions = async (file: string, afterId: number, count: number): Promise<StoredExecution[]> => {
		const deadline = Date.now() + 60_000;
		for (;;) {
			const found = await approvalExecutions(file, afterId);
			if ((found.length >= count && found.every((e) => e.status !== 'new' && e.status !== 'running')) || Date.now() > deadline) return found;
			await new Promise((r) => setTimeout(r, 500));
		}
	};

	beforeAll(async () => {
		sink = await startSmtpSink();
		stripe = await startFakeStripe();
		const stripeUrl = `http://127.0.0.1:${stripe.port}/v1/payment_intents`;
		const charging = dailyRunVariant('arE2eAutoCharge01', 'AR e2e: Daily Run with auto-charge', CHARGE_PATH, { autoChargeEnabled: true }, (n) =>
			n.name === 'Stripe: Charge Card' ? { ...n, parameters: { ...n.parameters, url: stripeUrl } } : n,
		);
		// Approval requests that time out after about 4 seconds instead of 48 hours.
		const impatient = dailyRunVariant('arE2eApprovalWait1', 'AR e2e: Daily Run, approvals wait 4 s', WAIT_PATH, { approvalWaitHours: 0.001 });
		// SMS and WhatsApp on, with providers that cannot be reached (OFFLINE_ENV): every text is refused. In its copy of the
		// ledger the customers with an odd id number prefer WhatsApp (the sample ledger has one such customer, with nothing
		// due that day), so that both providers' nodes meet a refusal.
		const texting = dailyRunVariant('arE2eTextsOn00001', 'AR e2e: Daily Run with SMS and WhatsApp on', TEXTS_PATH, { smsEnabled: true, whatsappEnabled: true, smsFrom: '+15005550006', whatsappPhoneNumberId: '100000000000001' }, (n) =>
			n.name === 'Open Invoices (Sample Ledger)'
				? {
						...n,
						parameters: {
							...n.parameters,
							jsCode: String(n.parameters.jsCode).replace(
								'return invoices.map(',
								"for (const i of invoices) if (Number(String(i.customer.customerId).replace(/\\D/g, '')) % 2 === 1) i.customer.preferredChannel = 'whatsapp';\nreturn invoices.map(",
							),
						},
					}
				: n,
		);
		const emailOff = dailyRunVariant(EMAIL_OFF_ID, 'AR e2e: Daily Run with e-mail off', EMAIL_OFF_PATH, { emailEnabled: false });
		ar = await startArInstance({
			smtpPort: sink.port,
			stripeSecret: SECRET,
			extraWorkflows: [charging, impatient, texting, emailOff, seedRowsWorkflow(SEED_TOUCHES_ID, SEED_TOUCHES_PATH, 'ar_touches', 'dedupeKey'), seedRowsWorkflow(SEED_HOLDS_ID, SEED_HOLDS_PATH, 'ar_holds', 'holdId')],
			// never the internet (the auto-charge test's Stripe calls go to the fake Stripe API on 127.0.0.1)
			env: OFFLINE_ENV,
			// A Stripe API key that charges nothing (the fake Stripe API checks it is sent).
			extraCredentials: [
				{ id: 'arStripeApiCred01', name: 'AR Stripe', type: 'stripeApi', data: { secretKey: 'rk_e2e_not_a_stripe_key' } },
				{ id: 'arTwilioCredentl1', name: 'AR Twilio', type: 'twilioApi', data: { authType: 'authToken', accountSid: 'AC00000000000000000000000000000000', authToken: 'not-a-real-token' } },
				{ id: 'arWhatsAppCredent', name: 'AR WhatsApp', type: 'whatsAppApi', data: { accessToken: 'not-a-real-token', businessAccountId: '100000000000002' } },
			],
		});
	}, 900_000);

	afterAll(async () => {
		await ar?.stop();
		await sink?.stop();
		await stripe?.stop();
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

	test('every workflow imported into n8n (and the webhook ones were published), as n8n itself lists them', async () => {
		const stored = await listWorkflows(ar!.uf);
		const published = new Set((await listWorkflows(ar!.uf, { active: true })).map((w) => w.id));
		const files = workflowFiles();
		expect(files.length).toBeGreaterThanOrEqual(7);
		for (const f of files) {
			expect(stored).toContainEqual({ id: f.id, name: f.name });
			const hasWebhook = f.json.nodes.some((n) => n.type === 'n8n-nodes-base.webhook');
			expect({ file: f.file, published: published.has(f.id) }).toEqual({ file: f.file, published: hasWebhook });
		}
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
		clearSink();
		const exec = await ar!.runDaily();
		day1Id = exec.id;
		day1 = asRun(exec);
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
		// Each item still pairs with its own invoice after the re-check before sending (`$('AR Stop Check').item` in a
		// node a user adds further on), and each mail with the invoice it was made for.
		const stillDue = items(day1, 'Still Due?', 0);
		expect(stillDue.length).toBeGreaterThan(1);
		const invoiceOf = (j: Json | null) => (j?.arFollowUp as Json | undefined)?.invoiceId;
		expect(stillDue.map((_, i) => invoiceOf(pairedOrigin(day1, 'Still Due?', 0, i, 'AR Stop Check')))).toEqual(stillDue.map((j) => invoiceOf(j)));
		const mailed = items(day1, 'Send Email', 0);
		expect(mailed.map((_, i) => invoiceOf(pairedOrigin(day1, 'Send Email', 0, i, 'AR Stop Check')))).toEqual(mailed.map((_, i) => invoiceOf(pairedOrigin(day1, 'Send Email', 0, i, 'Email Enabled?'))));
		// The same for the mails to a person (alerts and tasks: AR Message runs once per output of AR Stop Check feeding it).
		const ownerRuns = day1.data.resultData.runData['Email Account Owner'] ?? [];
		const ownerPairs = ownerRuns.flatMap((r, run) => (r.data?.main[0] ?? []).map((_, i) => [invoiceOf(pairedOrigin(day1, 'Email Account Owner', 0, i, 'Slack Enabled?', run)), invoiceOf(pairedOrigin(day1, 'Email Account Owner', 0, i, 'AR Stop Check', run))]));
		expect(ownerPairs.length).toBeGreaterThan(1);
		for (const [mailedFor, origin] of ownerPairs) expect(origin).toBe(mailedFor);
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
		// E-mail opt-out (INV-2026-0115): due a message today, which would be an e-mail without the opt-out; it
		// falls back to SMS (off here) and no mail reaches the customer.
		const optedOut = byId.get('INV-2026-0115')!;
		expect(decide(DAY1, [{ ...optedOut, customer: { ...optedOut.customer, optOut: [] } }]).get('INV-2026-0115')!.channels).toEqual(['email']);
		expect(expected1.get('INV-2026-0115')!.channels).toEqual(['sms']);
		expect(day1Mails.filter((m) => m.envelopeTo.includes(EMAIL_OPTED_OUT) || mentions(m, 'INV-2026-0115') && !isOwnerMail(m))).toEqual([]);
		// SMS opt-out (INV-2026-0066) gets email only; SMS and WhatsApp are off by default: those nodes never ran.
		expect(expected1.get('INV-2026-0066')!.channels).toEqual(['email']);
		for (const n of ['Twilio: Send SMS', 'WhatsApp Business: Send', 'Slack: Alert Account Owner', 'HubSpot: Task for Account Owner', 'Stripe: Charge Card']) expect(day1.data.resultData.runData[n]).toBeUndefined();
		expect(items(day1, 'Channel Off').map((i) => `${i.arFollowUp.invoiceId}:${i.arFollowUp.message.channel}`).sort()).toEqual(['INV-2026-0067:whatsapp', 'INV-2026-0109:sms', 'INV-2026-0115:sms']);
		// The card invoices wait for their charge (auto-charge is off here): held, not charged, not reminded.
		expect(items(day1, 'On Hold').filter((i) => i.arFollowUp.decision.code === 'AUTO_CHARGE_PENDING').map((i) => i.arFollowUp.invoiceId).sort()).toEqual(['INV-2026-0138', 'INV-2026-0141']);

		// Account owners: the D+15 alert, the two approvals and the two human tasks, once each, to the owner.
		const owner = day1Mails.filter(isOwnerMail);
		expect(owner).toHaveLength(wantOwner.length);
		for (const d of wantOwner) {
			const to = String(byId.get(d.invoiceId)!.customer.accountOwner.email).toLowerCase();
			expect(owner.filter((m) => m.to.includes(to) && mentions(m, d.invoiceId))).toHaveLength(1);
		}
		// The approval request carries the draft the customer would get (once: not sent to the customer) and says how to
		// answer: Approve / Decline buttons (n8n's send-and-wait links back to this n8n).
		const approval = owner.find((m) => mentions(m, 'INV-2026-0072'))!;
		expect(approval.subject).toMatch(/Approval needed/);
		expect(approval.html).toContain('<span style="display:block;text-align:left">Approval needed before a message goes to Meridian Health Systems.\n\nMessage: ');
		expect(approval.html).toContain('Message preview');
		expect(approval.html.match(/Message preview|Draft to the customer/g)).toHaveLength(1); // the draft once
		expect(approval.html).toContain('The draft would go to:');
		expect(approval.html).toMatch(/Approve and send/);
		expect(resumeLink(approval, true)).toContain(`${ar!.server.baseUrl}/webhook-waiting/`);
		expect(resumeLink(approval, false)).toContain(`${ar!.server.baseUrl}/webhook-waiting/`);

		// Every message sent is in the touch log, keyed by its dedupe key, with the step's kind, the outcome and the tone.
		const touches = items(day1, 'Write Touch Log');
		const keys = touches.map((t) => t.dedupeKey).sort();
		expect(new Set(keys).size).toBe(keys.length);
		for (const d of wantCustomer) {
			const row = touches.find((t) => t.dedupeKey === `${d.invoiceId}:${d.step}:email`);
			expect(row && { kind: row.kind, outcome: row.outcome, tone: row.tone }).toEqual({ kind: 'reminder', outcome: 'send', tone: d.tone });
		}
		const row = (key: string) => touches.find((t) => t.dedupeKey === key);
		expect(row('INV-2026-0079:D+15:internal')).toMatchObject({ kind: 'alert', outcome: 'send', channel: 'internal' });
		expect(row('INV-2026-0034:D+45:human')).toMatchObject({ kind: 'task', outcome: 'human' });
		expect(row('INV-2026-0110:D+7:human')).toMatchObject({ kind: 'reminder', outcome: 'human' });
		// Each approval request runs in an execution of its own (the Daily Run calling itself), logged before the
		// owner is asked, and waits there for the answer.
		const asked = await settledApprovalExecutions('ar-daily-run.workflow.json', day1Id, 2);
		expect(asked.map((e) => e.status)).toEqual(['waiting', 'waiting']);
		const requests = asked.flatMap((e) => items(asRun(e), 'Write Approval Request'));
		expect(requests.map((r) => [r.dedupeKey, r.status, r.outcome, r.kind, r.tone]).sort()).toEqual([
			['INV-2026-0049:D+30:approval', 'requested', 'approval', 'reminder', expected1.get('INV-2026-0049')!.tone],
			['INV-2026-0072:D+21:approval', 'requested', 'approval', 'reminder', expected1.get('INV-2026-0072')!.tone],
		]);
	}, 600_000);

	test('the same run again on the same day sends nothing (no mail twice) and asks no approval again', async () => {
		clearSink();
		const exec = await ar!.runDaily();
		const again = asRun(exec);
		await new Promise((r) => setTimeout(r, 3000));
		expect(sink.mails.map((m) => m.subject)).toEqual([]);
		// The approval requests waiting since the first run are in the touch log: not asked again.
		expect(items(again, 'AR Stop Check', 2).map((i) => i.arFollowUp.invoiceId).sort()).toEqual(['INV-2026-0049', 'INV-2026-0072']);
		expect(again.data.resultData.runData['Approval Requests']).toBeUndefined();
		expect(await approvalExecutions('ar-daily-run.workflow.json', exec.id)).toEqual([]);
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

	test('the account owners answer by the buttons of the approval email: the answer is stored in ar_approvals, a decline is not an approval', async () => {
		clearSink();
		const answered: StoredExecution[] = [];
		for (const [invoiceId, approve] of [['INV-2026-0072', true], ['INV-2026-0049', false]] as const) {
			const mail = day1Mails.find((m) => isOwnerMail(m) && mentions(m, invoiceId))!;
			const link = resumeLink(mail, approve);
			const res = await httpRequest(link, { headers: { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36' } });
			expect(res.status).toBe(200);
			const executionId = Number(/\/webhook-waiting\/(\d+)/.exec(link)![1]);
			answered.push(await waitForExecution(ar!.uf, { id: executionId }, { timeoutMs: 120_000 }));
		}
		expect(answered.map((e) => e.status)).toEqual(['success', 'success']);
		const recorded = answered.flatMap((e) => items(asRun(e), 'Record Approval'));
		expect(recorded.map((a) => [a.approvalKey, a.invoiceId, a.step, a.decision])).toEqual([
			['INV-2026-0072:D+21:approval', 'INV-2026-0072', 'D+21', 'approved'],
			['INV-2026-0049:D+30:approval', 'INV-2026-0049', 'D+30', 'rejected'],
		]);
		expect(answered.flatMap((e) => items(asRun(e), 'Update Approval Request')).map((r) => r.status)).toEqual(['approved', 'rejected']);
		// Answering sends nothing by itself: the next run sends the approved step.
		await new Promise((r) => setTimeout(r, 1500));
		expect(sink.mails).toEqual([]);
	}, 600_000);

	test('a signed Stripe invoice.paid runs the Payment Events workflow: state written, thank-you mail; a forged one is rejected', async () => {
		clearSink();
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
		// signed as the Daily Run's mails are: the sender fields come from the same Settings
		expect(sink.mails[0].text).toContain('Maria Lopez\nAccounts Receivable\nNorthbeam Software Ltd');

		// The same delivery again (Stripe retries): nothing new is sent.
		clearSink();
		const redelivered = asRun(await ar!.postStripeEvent(event));
		expect(items(redelivered, 'Process Billing Event', 0)).toEqual([]);
		await new Promise((r) => setTimeout(r, 2000));
		expect(sink.mails).toEqual([]);
	}, 600_000);

	test('a customer\'s reply promising to pay runs the Replies workflow and writes a promise hold (in English, and in Portuguese with a Portuguese confirmation)', async () => {
		const run = asRun(
			await ar!.postReplies([{ from: 'luis@cedarpine.example.com', subject: 'Re: Invoice INV-2026-0140 is due today', text: "Thanks for the reminder, we'll pay it on Friday.", date: '2026-03-17T17:05:00Z', messageId: '<e2e-reply-1@cedarpine.example.com>' }]),
		);
		const classified = [0, 1, 2].flatMap((o) => items(run, 'Classify Reply', o));
		expect(classified.map((i) => [i.invoiceId, i.arFollowUp.event.reply.class])).toEqual([['INV-2026-0140', 'promise_to_pay']]);
		expect(items(run, 'Upsert Holds').filter((h) => h.type === 'promise' && h.invoiceId === 'INV-2026-0140')).toHaveLength(1);

		// In Portuguese: the reply to the Portuguese reminder is read, the promise held, and confirmed in Portuguese.
		// Sent now (AR Event acknowledges only recent replies): "sexta-feira" is the next Friday in São Paulo.
		clearSink();
		const sentAt = new Date();
		const [y, mo, d] = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Sao_Paulo' }).format(sentAt).split('-').map(Number);
		const today = Date.UTC(y, mo - 1, d);
		const friday = new Date(today + (((5 - new Date(today).getUTCDay() + 7) % 7) || 7) * 86_400_000);
		const fridayIso = friday.toISOString().slice(0, 10);
		const pt = asRun(
			await ar!.postReplies([{ from: 'mariana@cafe-aurora.example.com', subject: 'Re: Segundo lembrete: a fatura INV-2026-0067 está vencida há 14 dias', text: 'Olá! Desculpe a demora, vamos fazer o pix na sexta-feira.\n\nObrigada,\nMariana', date: sentAt.toISOString(), messageId: '<e2e-reply-2@cafe-aurora.example.com>' }]),
		);
		const ptClassified = [0, 1, 2].flatMap((o) => items(pt, 'Classify Reply', o));
		expect(ptClassified.map((i) => [i.invoiceId, i.arFollowUp.event.reply.class, i.arFollowUp.event.reply.language, i.arFollowUp.event.reply.promiseDate])).toEqual([['INV-2026-0067', 'promise_to_pay', 'pt', fridayIso]]);
		expect(items(pt, 'Upsert Holds').filter((h) => h.type === 'promise' && h.invoiceId === 'INV-2026-0067').map((h) => h.until)).toEqual([fridayIso]);
		await sink.waitFor((m) => m.length >= 1, 60_000);
		expect(sink.mails.map((m) => [m.to, m.subject])).toEqual([[['mariana@cafe-aurora.example.com'], 'Obrigado, anotamos a data de pagamento da fatura INV-2026-0067']]);
		expect(sink.mails[0].text).toContain(`até ${new Intl.DateTimeFormat('pt-BR', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(friday)}`);
		expect(sink.mails[0].text).toContain('Maria Lopez\nContas a receber\nNorthbeam Software Ltd');
	}, 600_000);

	test('the next day: no message for the invoice paid by the Stripe event nor the promised one, while the others still flow', async () => {
		// Without the events, the engine would mail both invoices on 18 March (so this test can fail).
		// ... and with Meridian's final notice approved by its account owner, Granite Ridge's D+30 declined.
		const touched = ledger.invoices.map((inv) => ({
			...inv,
			approvals: [
				...(inv.approvals ?? []),
				...(inv.invoiceId === 'INV-2026-0072' ? [{ invoiceId: 'INV-2026-0072', step: 'D+21', decision: 'approved', by: 'Dana Whitfield (email)' }] : []),
				...(inv.invoiceId === 'INV-2026-0049' ? [{ invoiceId: 'INV-2026-0049', step: 'D+30', decision: 'rejected', by: 'Dana Whitfield (email)' }] : []),
			],
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
		const others = [...would.values()].filter((d) => d.outcome === 'send' && d.channels.includes('email') && !['INV-2026-0097', 'INV-2026-0140', 'INV-2026-0067'].includes(d.invoiceId));
		expect(others.length).toBeGreaterThan(0);
		// The approved final notice is one of them; the declined step is held.
		expect(would.get('INV-2026-0072')!.outcome).toBe('send');
		expect(would.get('INV-2026-0049')!.reason.code).toBe('APPROVAL_REJECTED');

		clearSink();
		const run = asRun(await ar!.runDaily(DAY2));
		await sink.waitFor((m) => customerMails(m).length >= others.length, 60_000);
		await new Promise((r) => setTimeout(r, 2000));
		const got = customerMails(sink.mails);
		expect(got.filter((m) => mentions(m, 'INV-2026-0097') || mentions(m, 'INV-2026-0140'))).toEqual([]);
		expect(got.map((m) => m.to.join(',')).sort()).toEqual(others.map((d) => String(byId.get(d.invoiceId)!.customer.email).toLowerCase()).sort());
		const held = new Map([0, 1, 2, 3].flatMap((o) => items(run, 'AR Stop Check', o)).map((i) => [i.arFollowUp.invoiceId, i.arFollowUp.decision.code]));
		expect(held.get('INV-2026-0097')).toBe('INVOICE_PAID');
		expect(held.get('INV-2026-0140')).toBe('PROMISE_TO_PAY');
		expect(held.get('INV-2026-0067')).toBe('PROMISE_TO_PAY'); // promised in Portuguese
		expect(held.get('INV-2026-0049')).toBe('APPROVAL_REJECTED');
		const finalNotice = got.find((m) => mentions(m, 'INV-2026-0072'))!;
		expect(finalNotice.to).toEqual(['olivia.grant@meridian-health.example.com']);
	}, 600_000);

	test('with auto-charge switched on, the card invoices are charged once from their due day through the grace (weekend or missed run included), with an Idempotency-Key; a decline drops into the early lane with one payment-failed mail', async () => {
		clearSink();
		const run = asRun(await ar!.callWebhook(CHARGE_FILE, CHARGE_PATH, { asOf: DAY2 }));
		// INV-2026-0141 is due on 18 March, INV-2026-0138 was due on 16 March (not charged then): both within the grace.
		expect(items(run, 'Charge Card Today?', 0).map((i) => [i.invoiceId, i.arFollowUp.aging.daysPastDue]).sort()).toEqual([['INV-2026-0138', 2], ['INV-2026-0141', 0]]);
		// The claim is written before Stripe is called, and the call carries the Idempotency-Key derived from it.
		expect(items(run, 'Write Charge Claim').map((r) => [r.dedupeKey, r.status, r.kind]).sort()).toEqual([
			['INV-2026-0138:charge:stripe', 'claimed', 'charge'],
			['INV-2026-0141:charge:stripe', 'claimed', 'charge'],
		]);
		const calls = [...stripe!.calls].sort((x, y) => x.form['metadata[invoiceId]'].localeCompare(y.form['metadata[invoiceId]']));
		expect(calls.map((c) => [c.path, c.idempotencyKey, c.authorization, c.form.amount, c.form.currency, c.form.confirm, c.form.off_session])).toEqual([
			['/v1/payment_intents', 'ar-followup:INV-2026-0138:charge:stripe:2026-03-18', 'Bearer rk_e2e_not_a_stripe_key', '5900', 'usd', 'true', 'true'],
			['/v1/payment_intents', 'ar-followup:INV-2026-0141:charge:stripe:2026-03-18', 'Bearer rk_e2e_not_a_stripe_key', '2900', 'usd', 'true', 'true'],
		]);
		expect(items(run, 'Update Charge Claim').map((r) => [r.invoiceId, r.status]).sort()).toEqual([['INV-2026-0138', 'declined'], ['INV-2026-0141', 'charged']]);
		// The charged invoices pair with their own items through the re-read before charging and the ledger lookup.
		for (const n of ['Still Unpaid?', 'Charge Event']) {
			const list = items(run, n);
			expect([n, list.map((_, i) => pairedOrigin(run, n, 0, i, 'Charge Card Today?')?.invoiceId)]).toEqual([n, list.map((j) => j.invoiceId)]);
		}
		// AR Event turns the answers into a payment-failed and a paid event; their patches are written back.
		expect(items(run, 'AR Event: Charge Result', 0).map((i) => [i.invoiceId, i.arFollowUp.event.type]).sort()).toEqual([['INV-2026-0138', 'payment_failed'], ['INV-2026-0141', 'paid']]);
		const state = new Map(items(run, 'Upsert Invoice State (Charge)').map((r) => [r.invoiceId, r]));
		expect(state.get('INV-2026-0138')).toMatchObject({ autoChargePending: false });
		expect(state.get('INV-2026-0141')).toMatchObject({ status: 'paid' });
		// One mail each: the payment-failed notice with the update-card link, and the thank-you.
		await sink.waitFor((m) => customerMails(m).length >= 2, 60_000);
		await new Promise((r) => setTimeout(r, 2000));
		const got = customerMails(sink.mails);
		expect(got.map((m) => m.to.join(',')).sort()).toEqual(['noah.williams@example.com', 'rosa.delgado@example.com']);
		const failed = got.find((m) => m.to.includes('rosa.delgado@example.com'))!;
		expect(mentions(failed, 'INV-2026-0138')).toBe(true);
		expect(failed.text).toMatch(/https:\/\/pay\.example\.com\/(update-)?card\//);
		expect(mentions(got.find((m) => m.to.includes('noah.williams@example.com'))!, 'INV-2026-0141')).toBe(true);
		// The payment-failed notice is logged as the step the invoice had due (D+1 by e-mail): no reminder on top of it today.
		expect(items(run, 'Write Touch Log').filter((t) => t.invoiceId === 'INV-2026-0138').map((t) => [t.kind, t.step, t.channel])).toEqual([['ack', 'D+1', 'email']]);

		// The same run again on the same day (before any Stripe webhook): no second charge, no second mail.
		clearSink();
		const again = asRun(await ar!.callWebhook(CHARGE_FILE, CHARGE_PATH, { asOf: DAY2 }));
		await new Promise((r) => setTimeout(r, 2000));
		expect(stripe!.calls).toHaveLength(2);
		expect(sink.mails.map((m) => m.subject)).toEqual([]);
		expect(again.data.resultData.runData['Stripe: Charge Card']).toBeUndefined();
		// The declined invoice is in the early lane now (its D+1 by SMS, switched off here; the e-mail of the step
		// was the payment-failed notice); the charged one is paid, its thank-you counted as its D0 message.
		const decided = new Map([0, 1, 2, 3].flatMap((o) => items(again, 'AR Stop Check', o)).map((i) => [i.arFollowUp.invoiceId, i.arFollowUp.decision]));
		expect(decided.get('INV-2026-0138')).toMatchObject({ outcome: 'send', step: 'D+1', channels: ['sms'] });
		expect(items(again, 'Channel Off').map((i) => `${i.arFollowUp.invoiceId}:${i.arFollowUp.message.channel}`)).toContain('INV-2026-0138:sms');
		expect(decided.get('INV-2026-0141')?.code ?? (items(again, 'Nothing Due Today').some((i) => i.arFollowUp.invoiceId === 'INV-2026-0141') ? 'NOTHING_DUE_TODAY' : 'missing')).toMatch(/^(INVOICE_PAID|NOTHING_DUE_TODAY)$/);
	}, 600_000);

	test('a charge claim an earlier run left without Stripe\'s answer: the invoice is paused, never charged again, and finance is told once', async () => {
		// The run of 18 March stopped between writing the claim and recording Stripe's answer (a worker died).
		const claim = { dedupeKey: 'INV-2026-0102:charge:stripe', invoiceId: 'INV-2026-0102', customerId: 'CUS-1020', step: 'charge', channel: 'stripe', sentAt: '2026-03-18T15:00:20.000Z', status: 'claimed', kind: 'charge', recipient: 'CUS-1020', subject: 'Card charge of 1250 EUR' };
		await ar!.callWebhook(`extra-${SEED_TOUCHES_ID}.workflow.json`, SEED_TOUCHES_PATH, { rows: [claim] });
		clearSink();
		const stripeCalls = stripe!.calls.length;
		const run = asRun(await ar!.runDaily(DAY3));
		// Its D+7 is due on 19 March (a mail otherwise); the claim without an answer pauses it (the card may have been charged).
		expect(items(run, 'Charge Claims Without Answer').map((i) => [i.invoiceId, i.charge.status])).toEqual([['INV-2026-0102', 'unclear']]);
		const decided = new Map([0, 1, 2, 3].flatMap((o) => items(run, 'AR Stop Check', o)).map((i) => [i.arFollowUp.invoiceId, i.arFollowUp.decision]));
		expect(decided.get('INV-2026-0102')).toMatchObject({ outcome: 'hold', code: 'MANUAL_PAUSE' });
		expect(items(run, 'Update Charge Claim').map((r) => [r.dedupeKey, r.status])).toEqual([['INV-2026-0102:charge:stripe', 'unclear']]);
		expect(items(run, 'Write Charge Hold').map((h) => [h.holdId, h.type, h.active])).toEqual([['charge:INV-2026-0102', 'pause', true]]);
		await sink.waitFor((m) => m.some((x) => x.subject.startsWith('[AR] Check a card charge in Stripe')), 60_000);
		await new Promise((r) => setTimeout(r, 2000));
		const told = sink.mails.filter((x) => x.subject.startsWith('[AR] Check a card charge in Stripe'));
		expect(told.map((m) => m.to)).toEqual([['finance@northbeam.example.com']]);
		expect(mentions(told[0], 'INV-2026-0102')).toBe(true);
		expect(told[0].text).toContain("stopped before it recorded Stripe's answer");
		expect(told[0].text).toContain('ar-followup:INV-2026-0102:charge:stripe:2026-03-18');
		expect(sink.mails.filter((m) => m.to.includes('jonas.weber@orbit-medien.example.com'))).toEqual([]);
		expect(stripe!.calls).toHaveLength(stripeCalls);
		// The next run: still paused (the hold is in the store now), and nobody is told again.
		clearSink();
		const again = asRun(await ar!.runDaily(DAY3));
		await new Promise((r) => setTimeout(r, 2000));
		expect(again.data.resultData.runData['Charge Claims Without Answer']?.flatMap((r) => r.data?.main[0] ?? []) ?? []).toEqual([]);
		const decidedAgain = new Map([0, 1, 2, 3].flatMap((o) => items(again, 'AR Stop Check', o)).map((i) => [i.arFollowUp.invoiceId, i.arFollowUp.decision]));
		expect(decidedAgain.get('INV-2026-0102')).toMatchObject({ outcome: 'hold', code: 'MANUAL_PAUSE' });
		expect(sink.mails.filter((x) => x.subject.startsWith('[AR] Check a card charge in Stripe'))).toEqual([]);
	}, 600_000);

	test('a message an earlier run claimed but never marked sent (it stopped between claiming and sending) is not sent again, and finance is told once', async () => {
		// What is due by e-mail on 20 March: a run with e-mail off shows it, and claims and sends none of it.
		const dry = asRun(await ar!.callWebhook(`extra-${EMAIL_OFF_ID}.workflow.json`, EMAIL_OFF_PATH, { asOf: DAY4 }));
		const due = items(dry, 'Email Off').map((i) => String(i.arFollowUp.message.dedupeKey)).sort();
		expect(due.length).toBeGreaterThan(1);
		expect(dry.data.resultData.runData['Write Claims (Email)']).toBeUndefined();
		// An earlier run that day claimed the first of them, then stopped (a worker died) before sending or marking it.
		const key = due[0];
		const [invoiceId, step] = key.split(':');
		const inv = byId.get(invoiceId)!;
		const claim = { dedupeKey: key, invoiceId, customerId: inv.customer.customerId, step, channel: 'email', sentAt: '2026-03-20T12:00:00.000Z', status: 'claimed', kind: 'reminder', outcome: 'send', tone: 'neutral', recipient: inv.customer.email, subject: 'Reminder' };
		await ar!.callWebhook(`extra-${SEED_TOUCHES_ID}.workflow.json`, SEED_TOUCHES_PATH, { rows: [claim] });
		clearSink();
		const run = asRun(await ar!.runDaily(DAY4));
		expect(run.data.resultData.error).toBeUndefined();
		// The claim counts as sent: every other mail due is claimed in the touch log first, then sent and marked sent.
		expect(items(run, 'Write Claims (Email)').map((r) => [r.dedupeKey, r.status])).toEqual(due.slice(1).map((k) => [k, 'claimed']));
		expect(items(run, 'Write Touch Log').filter((r) => r.channel === 'email').map((r) => [r.dedupeKey, r.status]).sort()).toEqual(due.slice(1).map((k) => [k, 'sent']));
		await sink.waitFor((m) => m.some((x) => x.subject.includes('may not have been sent')), 60_000);
		await new Promise((r) => setTimeout(r, 2000));
		expect(customerMails(sink.mails).filter((m) => m.to.includes(String(inv.customer.email).toLowerCase()) && mentions(m, invoiceId))).toEqual([]);
		expect(customerMails(sink.mails)).toHaveLength(due.length - 1);
		const told = sink.mails.filter((x) => x.subject.includes('may not have been sent'));
		expect(told.map((m) => [m.to, m.subject])).toEqual([[['finance@northbeam.example.com'], '[AR] 1 message may not have been sent']]);
		expect(told[0].text).toContain(key);
		expect(told[0].text).toContain('set the status of its row in the ar_touches Data Table');
		expect(items(run, 'Write In-Doubt Rows').map((r) => [r.dedupeKey, r.kind, r.outcome, r.status])).toEqual([[`${key}:in-doubt`, 'check', 'check', 'sent']]);
		// The next run that day: nothing is due any more, and nobody is told again.
		clearSink();
		const again = asRun(await ar!.runDaily(DAY4));
		await new Promise((r) => setTimeout(r, 2000));
		expect(items(again, 'Message Claims Without Answer')).toEqual([]);
		expect(again.data.resultData.runData['Send Email']).toBeUndefined();
		expect(sink.mails).toEqual([]);
	}, 600_000);

	test('a mail server refusing a customer\'s address (550): the claim is marked failed, a bounced hold naming it is written, that address gets nothing the next run, and a corrected one does; a full-mailbox notice later pauses it for a week', async () => {
		const dry = asRun(await ar!.callWebhook(`extra-${EMAIL_OFF_ID}.workflow.json`, EMAIL_OFF_PATH, { asOf: DAY5 }));
		const due = items(dry, 'Email Off').map((i) => ({ key: String(i.arFollowUp.message.dedupeKey), to: String(i.email.to).toLowerCase(), customerId: String(i.arFollowUp.customerId) }));
		expect(due.length).toBeGreaterThan(1);
		const refused = due[0].to;
		const keys = due.filter((d) => d.to === refused).map((d) => d.key).sort();
		sink.refused.add(refused);
		try {
			clearSink();
			const run = asRun(await ar!.runDaily(DAY5));
			expect(run.data.resultData.error).toBeUndefined();
			// claimed like every other mail, refused at RCPT TO, and its claim marked failed (not counted as sent)
			expect(items(run, 'Write Claims (Email)').map((r) => r.dedupeKey)).toEqual(expect.arrayContaining(keys));
			const marked = new Map(items(run, 'Write Touch Log').filter((r) => r.channel === 'email').map((r) => [r.dedupeKey, r.status]));
			for (const k of keys) expect([k, marked.get(k)]).toEqual([k, 'failed']);
			for (const d of due.filter((x) => x.to !== refused)) expect([d.key, marked.get(d.key)]).toEqual([d.key, 'sent']);
			expect([...new Set(items(run, 'Write Holds').map((h) => JSON.stringify([h.holdId, h.type, h.channel, h.active, String(h.contact).toLowerCase()])))]).toEqual([JSON.stringify([`bounced:${due[0].customerId}:email`, 'bounced', 'email', true, refused])]);
			await new Promise((r) => setTimeout(r, 2000));
			expect(sink.mails.filter((m) => m.envelopeTo.includes(refused))).toEqual([]);
			// The next run: that customer's e-mail is bounced, so its step goes another way (a text, off here, or a person), never to that address.
			clearSink();
			const again = asRun(await ar!.runDaily(DAY5));
			expect(again.data.resultData.error).toBeUndefined();
			const decided = new Map([0, 1, 2, 3].flatMap((o) => items(again, 'AR Stop Check', o)).map((i) => [String(i.arFollowUp.invoiceId), i.arFollowUp.decision]));
			for (const k of keys) expect([k, decided.get(k.split(':')[0])?.channels ?? []]).toEqual([k, expect.not.arrayContaining(['email'])]);
			await new Promise((r) => setTimeout(r, 2000));
			expect(sink.mails.filter((m) => m.envelopeTo.includes(refused))).toEqual([]);
			expect(customerMails(sink.mails)).toEqual([]);
			// The customer's address is corrected (here: the hold is about the address they had before): the next run
			// writes to the one on file, though nobody released the hold.
			sink.refused.delete(refused);
			const older = { holdId: `bounced:${due[0].customerId}:email`, type: 'bounced', invoiceId: null, customerId: due[0].customerId, channel: 'email', until: null, active: true, amount: null, note: '550 5.1.1 (an older bounce)', heldAt: '2026-03-01T09:00:00.000Z', source: 'daily-run', contact: 'old.address@previous.example' };
			await ar!.callWebhook(`extra-${SEED_HOLDS_ID}.workflow.json`, SEED_HOLDS_PATH, { rows: [older] });
			clearSink();
			const fixed = asRun(await ar!.runDaily(DAY5));
			expect(fixed.data.resultData.error).toBeUndefined();
			expect(items(fixed, 'Write Touch Log').filter((r) => keys.includes(String(r.dedupeKey))).map((r) => [r.dedupeKey, r.status]).sort()).toEqual(keys.map((k) => [k, 'sent']));
			await sink.waitFor((m) => m.filter((x) => x.envelopeTo.includes(refused)).length >= keys.length, 60_000);
			expect(customerMails(sink.mails).map((m) => m.envelopeTo)).toEqual(keys.map(() => [refused]));
			// Later the mail system returns one as undeliverable, the mailbox being full: the Replies workflow finds the
			// customer by the address the notice names (it comes from MAILER-DAEMON, not the customer) and pauses email to
			// that address for a week (a bounced hold with an end), instead of stopping it until a person releases it.
			const text = `The following addresses had permanent fatal errors\n<${refused}>\n    (reason: 452 4.2.2 Mailbox full, over quota)\n\nFinal-Recipient: RFC822; ${refused}\nAction: failed\nStatus: 4.2.2`;
			const notice = asRun(await ar!.postReplies([{ from: 'Mail Delivery Subsystem <MAILER-DAEMON@mx.example.net>', subject: 'Returned mail: see transcript for details', text, date: '2026-03-23T09:00:00Z', messageId: '<e2e-full-mailbox@mx.example.net>' }]));
			const read = [0, 1, 2].flatMap((o) => items(notice, 'Classify Reply', o)).map((i) => i.arFollowUp.event);
			expect(read.map((e) => [e.customerId, e.reply.class, e.reply.mailboxFull, e.reply.contact])).toEqual([[due[0].customerId, 'bounced', true, refused]]);
			const paused = items(notice, 'Upsert Holds').filter((h) => h.holdId === `bounced:${due[0].customerId}:email`);
			expect(paused.map((h) => [h.type, h.until, h.active, String(h.contact).toLowerCase(), h.note])).toEqual([['bounced', '2026-03-30', true, refused, 'mailbox full']]);
			// (set inactive again, for the tests after this one)
			await ar!.callWebhook(`extra-${SEED_HOLDS_ID}.workflow.json`, SEED_HOLDS_PATH, { rows: [{ ...older, until: '2026-03-30', contact: refused, note: 'mailbox full', active: false }] });
		} finally {
			sink.refused.delete(refused);
		}
	}, 600_000);

	test('an approval request nobody answers in time is not a decline: nothing is sent, the request is marked no_answer and finance is told', async () => {
		clearSink();
		const exec = await ar!.callWebhook(WAIT_FILE, WAIT_PATH, { asOf: DAY_LATER });
		const asked = await approvalExecutions(WAIT_FILE, exec.id);
		expect(asked).toHaveLength(1);
		// n8n resumes a timed-out wait on its next check of waiting executions (every 60 s). The request's execution is
		// read once it has finished: read as soon as it exists, it may not have logged the request yet (a race that
		// failed this test once on a clean machine).
		const done = await waitForExecution(ar!.uf, { id: asked[0].id }, { timeoutMs: 180_000, intervalMs: 1000 });
		expect(done.status).toBe('success');
		const run = asRun(done);
		expect(items(run, 'Write Approval Request').map((r) => r.dedupeKey)).toEqual(['INV-2026-0072:D+30:approval']);
		expect(items(run, "Owner's Answer").map((a) => a.answer)).toEqual(['no_answer']);
		expect(run.data.resultData.runData['Record Approval']).toBeUndefined();
		expect(items(run, 'Update Approval Request').map((r) => [r.dedupeKey, r.status])).toEqual([['INV-2026-0072:D+30:approval', 'no_answer']]);
		await sink.waitFor((m) => m.some((x) => x.subject.startsWith('[AR] No answer to an approval request')), 60_000);
		const told = sink.mails.find((x) => x.subject.startsWith('[AR] No answer to an approval request'))!;
		expect(told.to).toEqual(['finance@northbeam.example.com']);
		expect(mentions(told, 'INV-2026-0072')).toBe(true);
		// Nothing reached Meridian's contact for that step.
		expect(sink.mails.filter((m) => m.to.includes('olivia.grant@meridian-health.example.com'))).toEqual([]);
	}, 600_000);

	test('with SMS and WhatsApp on and the providers refusing every text, the run still completes: the claim of each text is marked failed, so each stays due and the next run tries again', async () => {
		clearSink();
		const run = asRun(await ar!.callWebhook(TEXTS_FILE, TEXTS_PATH, { asOf: DAY_LATER }));
		expect(run.data.resultData.error).toBeUndefined();
		const texts = (r: N8nRun) => items(r, 'AR Message', 1).map((i) => `${i.arFollowUp.invoiceId}:${i.arFollowUp.message.channel}`).sort();
		const due = texts(run);
		expect(due.length).toBeGreaterThan(0);
		// every text went to its provider (none to Channel Off), claimed first, and was refused
		expect(run.data.resultData.runData['Channel Off']).toBeUndefined();
		const count = (channel: string) => due.filter((k) => k.endsWith(`:${channel}`)).length;
		expect(count('sms')).toBeGreaterThan(0);
		expect(count('whatsapp')).toBeGreaterThan(0);
		expect(items(run, 'Twilio: Send SMS')).toHaveLength(count('sms'));
		expect(items(run, 'WhatsApp Business: Send')).toHaveLength(count('whatsapp'));
		const claimed = [...items(run, 'Write Claims (SMS)'), ...items(run, 'Write Claims (WhatsApp)')];
		expect(claimed.map((r) => `${r.invoiceId}:${r.channel}`).sort()).toEqual(due);
		expect(claimed.every((r) => r.status === 'claimed')).toBe(true);
		// each claim marked failed (the provider refused it), so each stays due: the next run decides and tries it again
		const marked = items(run, 'Write Touch Log').filter((r) => r.channel === 'sms' || r.channel === 'whatsapp');
		expect(marked.map((r) => `${r.invoiceId}:${r.channel}:${r.status}`).sort()).toEqual(due.map((k) => `${k}:failed`));
		const again = asRun(await ar!.callWebhook(TEXTS_FILE, TEXTS_PATH, { asOf: DAY_LATER }));
		expect(again.data.resultData.error).toBeUndefined();
		expect(texts(again)).toEqual(due);
		expect([...items(again, 'Write Claims (SMS)'), ...items(again, 'Write Claims (WhatsApp)')].map((r) => `${r.invoiceId}:${r.channel}`).sort()).toEqual(due);
	}, 600_000);

	test('no mail ever reached the customer who unsubscribed from e-mail', () => {
		const all = [...seen, ...sink.mails];
		expect(all.length).toBeGreaterThan(20);
		expect(all.filter((m) => m.envelopeTo.includes(EMAIL_OPTED_OUT))).toEqual([]);
	});
});
