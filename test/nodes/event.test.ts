/**
 * AR Event node: Process Billing Event (Stripe signature verification, normalisation, state patches,
 * acknowledgments, retry guidance, people to notify), Read Billing Event, Classify Reply (EN/DE/FR/ES,
 * IMAP-shaped input, STOP), Check Promises, routing (every item on exactly one output, pairedItem kept),
 * Continue On Fail, parameters read once per run, and hostile input.
 */
import { createHmac } from 'crypto';
import { existsSync, readFileSync } from 'fs';
import { join } from 'path';

import fc from 'fast-check';
import { NodeOperationError, type IDataObject, type INodeExecutionData, type NodeExecutionHint } from 'n8n-workflow';

import { classifyReply } from '../../nodes/core/events';
import { ArEvent } from '../../nodes/ArEvent/ArEvent.node';
import { ArStripeWebhookApi } from '../../credentials/ArStripeWebhookApi.credentials';
import { configuredOutputs, readArEvent } from '../../nodes/shared/eventParameters';
import { FakeAnthropic } from '../core/ai/fake-anthropic';
import { mockContext, pairedIndexes, type MockOptions } from './context';
import { hostileValues } from './hostileValues';

const node = new ArEvent();
const FIXTURES = join(__dirname, '..', 'fixtures', 'events');
const fixtureText = (rel: string) => readFileSync(join(FIXTURES, rel), 'utf8');
const fixture = (rel: string) => JSON.parse(fixtureText(rel)) as IDataObject;

const SECRET = 'whsec_4eC39HqLyjWDarjtT1zdp7dcTESTSECRET0001';
const OLD_SECRET = 'whsec_previousSecretBeingRolled00000000001';
const CREDENTIAL = { signingSecret: SECRET, previousSigningSecret: '', toleranceSeconds: 300 };

// Output indexes of Process Billing Event and Classify Reply.
const [ACK, UPDATE, NOTIFY, REJECTED] = [0, 1, 2, 3];

interface Input {
	json: IDataObject;
	binary?: Record<string, { data: string; mimeType: string }>;
}

interface RunOptions extends MockOptions {
	credentials?: IDataObject | null;
	/** The Anthropic credential (AI Second Opinion), when one is selected. */
	aiCredentials?: IDataObject | null;
}

/** The repo's mock context plus what this node needs: binary input, helpers, a selected credential. */
async function runNode(inputs: Array<Input | IDataObject>, options: RunOptions = {}) {
	const items: Input[] = inputs.map((x) => (x && typeof x === 'object' && 'json' in x && typeof (x as Input).json === 'object' ? (x as Input) : { json: x as IDataObject }));
	const ctx = mockContext(
		items.map((i) => i.json),
		options,
	) as unknown as Record<string, unknown> & { parameterReads: Map<string, number>; getNode: () => IDataObject };
	const data: INodeExecutionData[] = items.map((i) => ({ json: i.json, ...(i.binary ? { binary: i.binary } : {}) }));
	ctx.getInputData = () => data;
	const n = ctx.getNode();
	if (options.credentials) n.credentials = { arStripeWebhookApi: { id: 'cred-1', name: 'Stripe webhook' } };
	if (options.aiCredentials) n.credentials = { ...(n.credentials as IDataObject), arAnthropicApi: { id: 'cred-ai', name: 'Anthropic' } };
	ctx.getCredentials = async (type: string) => {
		if (type === 'arAnthropicApi' && options.aiCredentials) return options.aiCredentials;
		if (type !== 'arStripeWebhookApi' || !options.credentials) throw new Error(`Node does not have any credentials set for "${type}"`);
		return options.credentials;
	};
	const hints: NodeExecutionHint[] = [];
	ctx.addExecutionHints = (...h: NodeExecutionHint[]) => hints.push(...h);
	ctx.helpers = {
		getBinaryDataBuffer: async (index: number, prop: string) => {
			const b = data[index].binary?.[prop];
			if (!b) throw new Error(`No binary data property "${prop}"`);
			return Buffer.from(b.data, 'base64');
		},
	};
	const out = (await node.execute.call(ctx as never)) as INodeExecutionData[][];
	return { out, ctx, hints };
}

const ev = (x: INodeExecutionData) => (x.json.arFollowUp as IDataObject).event as IDataObject;
const patches = (x: INodeExecutionData) => ev(x).patches as IDataObject;
const lengths = (out: INodeExecutionData[][]) => out.map((o) => o.length);
const itemOf = (x: INodeExecutionData) => (x.pairedItem as { item: number }).item;

/** A Stripe-Signature header computed here with crypto's HMAC (independent of the core's helper). */
function stripeHeader(raw: string, secret: string, t: number): string {
	return `t=${t},v1=${createHmac('sha256', secret).update(`${t}.${raw}`, 'utf8').digest('hex')}`;
}

/** A Webhook node item with the option "Raw Body": parsed body, headers, raw body in binary "data". */
function webhookItem(raw: string, header: string | undefined, extra: IDataObject = {}, parsed: unknown = JSON.parse(raw)): Input {
	const headers: IDataObject = { host: 'n8n.example.com', 'content-type': 'application/json; charset=utf-8', 'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)' };
	if (header !== undefined) headers['stripe-signature'] = header;
	return {
		json: { headers, params: {}, query: {}, body: parsed as IDataObject, webhookUrl: 'https://n8n.example.com/webhook/stripe', executionMode: 'production', ...extra },
		binary: { data: { data: Buffer.from(raw, 'utf8').toString('base64'), mimeType: 'application/json' } },
	};
}

function createdOf(raw: string): number {
	return (JSON.parse(raw) as { created: number }).created;
}

/** Signed at the event's creation + 5 s; the node runs 30 s later. */
function signed(rel: string, secret = SECRET) {
	const raw = fixtureText(rel);
	const t = createdOf(raw) + 5;
	return { raw, t, now: new Date((t + 30) * 1000).toISOString(), item: (extra: IDataObject = {}) => webhookItem(raw, stripeHeader(raw, secret, t), extra) };
}

const params = (now: string, more: IDataObject = {}): IDataObject => ({ operation: 'processBillingEvent', options: { asOf: now, timeZone: 'Europe/London', financeContact: 'finance@acme.example' }, ...more });

// The store's rows for the Stripe fixtures' invoices (what a Data Table lookup would merge in).
const PAID_INVOICE = { invoiceId: 'in_1QJx2kLkdIwHu7ixK9aB3cDe', customerId: 'cus_R8s7tUvWxYz012', amount: 1250, amountPaid: 0, balance: 1250, currency: 'GBP', status: 'open', issueDate: '2025-10-13', dueDate: '2025-11-12' };
const FAILED_INVOICE = { invoiceId: 'in_1QKb7bLkdIwHu7ixFaIl0001', customerId: 'cus_R8s7tUvWxYz012', amount: 1250, amountPaid: 0, currency: 'GBP', status: 'open', issueDate: '2025-10-13', dueDate: '2025-11-12' };
const EXPIRED_INVOICE = { invoiceId: 'in_1QKc9dLkdIwHu7ixExP00002', customerId: 'cus_R9aBcDeFgHiJkL', amount: 49, amountPaid: 0, currency: 'USD', status: 'open', issueDate: '2025-10-13', dueDate: '2025-11-12' };
const PARTIAL_INVOICE = { invoiceId: 'in_1QKa0zLkdIwHu7ixPart1234', customerId: 'cus_R8s7tUvWxYz012', amount: 4800, amountPaid: 0, currency: 'GBP', status: 'open', issueDate: '2025-10-13', dueDate: '2025-11-12' };
const CUSTOMER = { customerId: 'cus_R8s7tUvWxYz012', name: 'Client Co Ltd', email: 'ap@client.example', timeZone: 'Europe/London', accountOwner: 'owner@acme.example', preferredChannel: 'email' };

/** Fold an output item's patches into the stored state, as the store nodes would. */
function stored(prev: IDataObject, x: INodeExecutionData): IDataObject {
	const p = patches(x);
	const holds = new Map<string, IDataObject>(((prev.holds as IDataObject[]) ?? []).map((h) => [h.holdId as string, h]));
	for (const h of p.holds as IDataObject[]) holds.set(h.holdId as string, h);
	return {
		...prev,
		invoice: p.invoice ? { ...((prev.invoice as IDataObject) ?? {}), ...(p.invoice as IDataObject) } : prev.invoice,
		holds: [...holds.values()],
		touches: [...((prev.touches as IDataObject[]) ?? []), ...(p.touches as IDataObject[])],
		ledger: p.ledger ?? prev.ledger,
	};
}

describe('AR Event node: description', () => {
	it('has dynamic outputs per operation, an optional Stripe credential, and its codex and icons', () => {
		const d = node.description;
		expect(d.name).toBe('arEvent');
		expect(d.outputs).toBe(`={{(${configuredOutputs})($parameter)}}`);
		const names = (operation?: string) => configuredOutputs({ operation }).map((o) => o.displayName);
		expect(names('processBillingEvent')).toEqual(['Acknowledge', 'Update Only', 'Notify Person', 'Rejected']);
		expect(names(undefined)).toEqual(['Acknowledge', 'Update Only', 'Notify Person', 'Rejected']);
		expect(names('classifyReply')).toEqual(['Acknowledge', 'Update Only', 'Notify Person', 'Rejected']);
		expect(names('checkPromises')).toEqual(['Promise Broken', 'No Change', 'Rejected']);
		expect(names('readBillingEvent')).toEqual(['Event', 'Rejected']);
		// The expression n8n evaluates is self-contained: it runs without this module's scope.
		const evaluate = new Function('$parameter', `return (${String(configuredOutputs)})($parameter)`) as (p: IDataObject) => Array<{ displayName: string }>;
		expect(evaluate({ operation: 'checkPromises' }).map((o) => o.displayName)).toEqual(['Promise Broken', 'No Change', 'Rejected']);
		expect(d.credentials).toEqual([
			expect.objectContaining({ name: 'arStripeWebhookApi', required: false }),
			expect.objectContaining({ name: 'arAnthropicApi', required: false, displayOptions: { show: { operation: ['classifyReply'], aiSecondOpinion: [true] } } }),
		]);
		const ops = d.properties.find((p) => p.name === 'operation')!.options as Array<{ name: string; value: string }>;
		expect(ops.map((o) => o.name)).toEqual(['Check Promises', 'Classify Reply', 'Process Billing Event', 'Read Billing Event']);
		const dir = join(__dirname, '..', '..', 'nodes', 'ArEvent');
		expect(JSON.parse(readFileSync(join(dir, 'ArEvent.node.json'), 'utf8')).node).toBe('n8n-nodes-ar-followup.arEvent');
		for (const icon of ['arEvent.svg', 'arEvent.dark.svg']) expect(readFileSync(join(dir, icon), 'utf8')).toMatch(/viewBox="0 0 64 64" width="64" height="64"/);
		expect(existsSync(join(__dirname, '..', '..', 'credentials', 'arStripeWebhook.svg'))).toBe(true);
	});

	it('declares the Stripe webhook credential: secret(s) as passwords, a tolerance, no HTTP test', () => {
		const c = new ArStripeWebhookApi();
		expect(c.name).toBe('arStripeWebhookApi');
		expect(c.properties.map((p) => [p.name, p.type, !!p.typeOptions?.password])).toEqual([
			['signingSecret', 'string', true],
			['previousSigningSecret', 'string', true],
			['toleranceSeconds', 'number', false],
		]);
		expect((c as unknown as IDataObject).test).toBeUndefined();
		const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8'));
		expect(pkg.n8n.nodes).toContain('dist/nodes/ArEvent/ArEvent.node.js');
		expect(pkg.n8n.credentials).toContain('dist/credentials/ArStripeWebhookApi.credentials.js');
	});
});

describe('Process Billing Event: Stripe signature', () => {
	it('verifies a real-shaped invoice.paid delivery and acknowledges the payment', async () => {
		const s = signed('stripe/invoice.paid.json');
		const { out } = await runNode([s.item({ invoice: PAID_INVOICE, customer: CUSTOMER })], { params: params(s.now), credentials: CREDENTIAL });
		expect(lengths(out)).toEqual([1, 0, 0, 0]);
		const x = out[ACK][0];
		expect(x.pairedItem).toEqual({ item: 0 });
		const e = ev(x);
		expect(e).toMatchObject({
			operation: 'processBillingEvent',
			route: 'acknowledge',
			outcome: 'applied',
			reason: { code: 'APPLIED' },
			eventId: expect.stringMatching(/^evt_/),
			type: 'paid',
			source: 'stripe',
			invoiceId: PAID_INVOICE.invoiceId,
			customerId: 'cus_R8s7tUvWxYz012',
			signature: { checked: true, valid: true, code: 'VERIFIED', timestamp: s.t },
		});
		expect(e.message).toMatchObject({ templateKey: 'payment-received-thanks', channel: 'email', transactional: true, data: { amountPaid: 1250, currency: 'GBP', invoiceNumber: 'ACME-0042', daysToPay: 30 } });
		const p = patches(x);
		expect(p.invoice).toMatchObject({ invoiceId: PAID_INVOICE.invoiceId, status: 'paid', amountPaid: 1250, balance: 0, paidDate: '2025-11-12', daysToPay: 30, daysLate: 0 });
		expect(p.touches).toEqual([expect.objectContaining({ step: 'ack:payment-received-thanks', dedupeKey: `${PAID_INVOICE.invoiceId}:ack:payment-received-thanks`, status: 'claimed' })]);
		expect(p.history).toEqual([expect.objectContaining({ kind: 'paid', daysToPay: 30, amount: 1250 })]);
		// The ledger is a flat row for a store: its JSON in "data".
		const ledger = p.ledger as IDataObject;
		expect(ledger).toMatchObject({ ledgerId: PAID_INVOICE.invoiceId, invoiceId: PAID_INVOICE.invoiceId, customerId: 'cus_R8s7tUvWxYz012' });
		expect(JSON.parse(ledger.data as string).applied).toEqual([e.eventId]);
		expect(e.notify).toEqual([]);
		// The webhook's own fields stay on the item.
		expect((x.json.headers as IDataObject)['stripe-signature']).toMatch(/^t=/);
	});

	it('rejects a tampered body (amount changed after signing), a wrong secret, and a missing header', async () => {
		const s = signed('stripe/invoice.paid.json');
		const header = stripeHeader(s.raw, SECRET, s.t);
		const tamperedRaw = s.raw.replace('"amount_paid": 125000', '"amount_paid": 1');
		expect(tamperedRaw).not.toBe(s.raw);
		const tampered = webhookItem(tamperedRaw, header);
		const wrongSecret = webhookItem(s.raw, stripeHeader(s.raw, 'whsec_attacker', s.t));
		const noHeader = webhookItem(s.raw, undefined);
		const garbage = webhookItem(s.raw, 't=abc,v1=zz');
		const { out } = await runNode([tampered, wrongSecret, noHeader, garbage], { params: params(s.now), credentials: CREDENTIAL });
		expect(lengths(out)).toEqual([0, 0, 0, 4]);
		expect(out[REJECTED].map((x) => [x.pairedItem, ev(x).reason])).toEqual([
			[{ item: 0 }, expect.objectContaining({ code: 'SIGNATURE_MISMATCH' })],
			[{ item: 1 }, expect.objectContaining({ code: 'SIGNATURE_MISMATCH' })],
			[{ item: 2 }, expect.objectContaining({ code: 'MISSING_HEADER' })],
			[{ item: 3 }, expect.objectContaining({ code: 'MALFORMED_HEADER' })],
		]);
		for (const x of out[REJECTED]) {
			expect(ev(x)).toMatchObject({ route: 'rejected', outcome: 'rejected', message: null, notify: [], patches: { holds: [], touches: [], invoice: null, ledger: null, history: [] } });
			expect((ev(x).signature as IDataObject).valid).toBe(false);
			expect(x.json.error).toBeUndefined(); // a rejection, not an error
		}
	});

	it('rejects a replayed delivery (signed an hour ago) and one from the future; the credential sets the tolerance', async () => {
		const s = signed('stripe/invoice.paid.json');
		const old = webhookItem(s.raw, stripeHeader(s.raw, SECRET, s.t - 3600));
		const future = webhookItem(s.raw, stripeHeader(s.raw, SECRET, s.t + 3600));
		const { out } = await runNode([old, future], { params: params(s.now), credentials: CREDENTIAL });
		expect(out[REJECTED].map((x) => ev(x).reason as IDataObject).map((r) => r.code)).toEqual(['TIMESTAMP_TOO_OLD', 'TIMESTAMP_IN_FUTURE']);
		const relaxed = await runNode([old], { params: params(s.now), credentials: { ...CREDENTIAL, toleranceSeconds: 7200 } });
		expect(lengths(relaxed.out)).toEqual([1, 0, 0, 0]);
	});

	it('accepts the previous secret while the secret is rolled, and reads the raw body from a field', async () => {
		const s = signed('stripe/invoice.paid.json', OLD_SECRET);
		const fromField = webhookItem(s.raw, stripeHeader(s.raw, SECRET, s.t), { rawBody: s.raw });
		delete fromField.binary;
		const { out } = await runNode([s.item(), fromField], { params: params(s.now), credentials: { ...CREDENTIAL, previousSigningSecret: OLD_SECRET } });
		expect(lengths(out)).toEqual([2, 0, 0, 0]);
		expect(out[ACK].map((x) => (ev(x).signature as IDataObject).code)).toEqual(['VERIFIED', 'VERIFIED']);
	});

	it('applies what was signed, not a re-parsed copy: a body edited after the webhook but not in the raw text is ignored', async () => {
		const s = signed('stripe/invoice.paid.json');
		const item = s.item({ invoice: PAID_INVOICE });
		((item.json.body as IDataObject).data as IDataObject).object = { id: 'in_forged', object: 'invoice', customer: 'cus_x', amount_paid: 1, currency: 'gbp', status: 'paid' };
		const { out } = await runNode([item], { params: params(s.now), credentials: CREDENTIAL });
		expect(ev(out[ACK][0]).invoiceId).toBe(PAID_INVOICE.invoiceId);
	});

	it('Verify Signature: Always rejects items without a raw body; When Available skips them; Never does not check', async () => {
		const s = signed('stripe/invoice.paid.json');
		const noRaw = s.item();
		delete noRaw.binary;
		const always = await runNode([noRaw], { params: params(s.now, { verifySignature: 'always' }), credentials: CREDENTIAL });
		expect((ev(always.out[REJECTED][0]).reason as IDataObject).code).toBe('MISSING_BODY');
		const available = await runNode([noRaw], { params: params(s.now), credentials: CREDENTIAL });
		expect(ev(available.out[ACK][0]).signature).toMatchObject({ checked: false, valid: null, code: 'NO_RAW_BODY' });
		const never = await runNode([webhookItem(s.raw, 't=1,v1=forged')], { params: params(s.now, { verifySignature: 'never' }), credentials: CREDENTIAL });
		expect(ev(never.out[ACK][0]).signature).toMatchObject({ checked: false, code: 'DISABLED' });
		const noCredential = await runNode([webhookItem(s.raw, 't=1,v1=forged')], { params: params(s.now) });
		expect(ev(noCredential.out[ACK][0]).signature).toMatchObject({ checked: false, code: 'NO_CREDENTIAL' });
	});

	it('Verify Signature: Always without a credential fails the run naming the credential (Continue On Fail: every item Rejected)', async () => {
		const s = signed('stripe/invoice.paid.json');
		await expect(runNode([s.item()], { params: params(s.now, { verifySignature: 'always' }) })).rejects.toThrow(
			'Invalid credentials: Verify Signature is Always: select a Stripe Webhook credential with the endpoint signing secret (whsec_...)',
		);
		const { out } = await runNode([s.item(), s.item()], { params: params(s.now, { verifySignature: 'always' }), continueOnFail: true });
		expect(lengths(out)).toEqual([0, 0, 0, 2]);
		expect(out[REJECTED][0].json.error).toMatch(/^Invalid credentials: /);
	});
});

describe('Process Billing Event: state patches and routing', () => {
	it('a duplicate delivery changes nothing; invoice.payment_succeeded for the same payment thanks nobody twice', async () => {
		const s = signed('stripe/invoice.paid.json');
		const first = await runNode([s.item({ invoice: PAID_INVOICE })], { params: params(s.now), credentials: CREDENTIAL });
		const state = stored({ invoice: PAID_INVOICE }, first.out[ACK][0]);
		// Stripe delivers the same event again (a retry), and the sibling event for the same payment.
		const again = await runNode([s.item(state)], { params: params(s.now), credentials: CREDENTIAL });
		expect(lengths(again.out)).toEqual([0, 1, 0, 0]);
		const dup = ev(again.out[UPDATE][0]);
		expect(dup).toMatchObject({ route: 'updateOnly', outcome: 'duplicate', reason: { code: 'DUPLICATE_EVENT' }, message: null, messageSkipped: 'DUPLICATE_EVENT' });
		expect(dup.patches).toEqual({ holds: [], touches: [], invoice: null, ledger: null, history: [] });
		const sib = signed('stripe/invoice.payment_succeeded.json');
		const sibling = await runNode([sib.item(state)], { params: params(sib.now), credentials: CREDENTIAL });
		expect(lengths(sibling.out)).toEqual([0, 1, 0, 0]);
		expect(ev(sibling.out[UPDATE][0])).toMatchObject({ outcome: 'applied', reason: { code: 'ALREADY_PAID' }, message: null });
		expect(patches(sibling.out[UPDATE][0]).touches).toEqual([]);
	});

	it('a partial payment acknowledges the amount received and the remaining balance, keeping the due date', async () => {
		const s = signed('stripe/invoice.payment_succeeded.partial.json');
		const { out } = await runNode([s.item({ invoice: PARTIAL_INVOICE, customer: CUSTOMER })], { params: params(s.now), credentials: CREDENTIAL });
		expect(lengths(out)).toEqual([1, 0, 0, 0]);
		const e = ev(out[ACK][0]);
		expect(e).toMatchObject({ type: 'partial_payment', effectiveType: 'partial_payment' });
		expect(e.message).toMatchObject({ templateKey: 'partial-payment-thanks', data: { amountReceived: 2000, amountPaid: 2000, balance: 2800, currency: 'GBP', invoiceNumber: 'ACME-0051' } });
		expect(patches(out[ACK][0]).invoice).toEqual({ invoiceId: PARTIAL_INVOICE.invoiceId, amountPaid: 2000, balance: 2800 });
		expect(e.schedule).toMatchObject({ rule: 'keep-due-date', dueDate: '2025-11-12', balanceBefore: 4800, balanceAfter: 2800 });
		expect(e.payment).toMatchObject({ amountPaid: 2000, balance: 2800 });
	});

	it('a soft decline (insufficient funds): retry notice, the billing system retries, no person', async () => {
		const s = signed('stripe/invoice.payment_failed.json');
		const { out } = await runNode([s.item({ invoice: FAILED_INVOICE, customer: CUSTOMER })], { params: params(s.now), credentials: CREDENTIAL });
		expect(lengths(out)).toEqual([1, 0, 0, 0]);
		const e = ev(out[ACK][0]);
		expect(e.type).toBe('payment_failed');
		expect(e.message).toMatchObject({ templateKey: 'payment-failed-retry', fallbackTemplateKey: 'payment-failed', data: { declineCategory: 'insufficient_funds', needsNewCard: false } });
		expect(e.decline).toMatchObject({ code: 'insufficient_funds', severity: 'soft', needsNewCard: false });
		expect(e.retry).toMatchObject({ severity: 'soft', advisable: true, retryBy: 'billingSystem', retryAt: new Date(1763280041 * 1000).toISOString(), needsNewCard: false, attemptCount: 1 });
		expect(patches(out[ACK][0]).invoice).toEqual({ invoiceId: FAILED_INVOICE.invoiceId, autoChargePending: true });
		expect(patches(out[ACK][0]).history).toEqual([expect.objectContaining({ kind: 'failed_charge', code: 'insufficient_funds' })]);
	});

	it('a hard decline (expired card): update-card notice, no retry until the customer acts', async () => {
		const s = signed('stripe/invoice.payment_failed.expired_card.json');
		const { out } = await runNode([s.item({ invoice: EXPIRED_INVOICE })], { params: params(s.now), credentials: CREDENTIAL });
		expect(lengths(out)).toEqual([1, 0, 0, 0]);
		const e = ev(out[ACK][0]);
		expect(e.message).toMatchObject({ templateKey: 'payment-failed-update-card', data: { needsNewCard: true, nextAttemptAt: null } });
		expect(e.retry).toMatchObject({ severity: 'hard', category: 'card_details', advisable: false, retryBy: 'none', retryAt: null, needsNewCard: true, needsCustomerAction: true });
		expect(patches(out[ACK][0]).invoice).toEqual({ invoiceId: EXPIRED_INVOICE.invoiceId, autoChargePending: false });
	});

	it('a card decline that looks like fraud goes to a person first (the prepared notice stays on the item)', async () => {
		const { out } = await runNode(
			[{ eventId: 'gen-fraud-1', type: 'payment_failed', invoiceId: 'INV-9', customerId: 'C9', occurredAt: '2025-11-12T09:00:00Z', amount: 300, currency: 'EUR', declineCode: 'stolen_card', customer: { accountOwner: 'sam@acme.example' } }],
			{ params: params('2025-11-12T09:05:00Z') },
		);
		expect(lengths(out)).toEqual([0, 0, 1, 0]);
		const e = ev(out[NOTIFY][0]);
		expect(e.notify).toEqual([expect.objectContaining({ code: 'CARD_RISK', audience: 'finance', priority: 'high', to: 'finance@acme.example' })]);
		expect(e).toMatchObject({ notifyTo: ['finance@acme.example'], notifyPriority: 'high' });
		expect(e.notifyText).toMatch(/^\[CARD_RISK\] Charge declined \(stolen_card\)/);
		expect(e.message).toMatchObject({ templateKey: 'payment-failed-update-card' });
	});

	it('a chargeback (charge.dispute.created) names only a charge: Rejected with the lookup keys, then applied once the invoice is known', async () => {
		const s = signed('stripe/charge.dispute.created.json');
		const unlinked = await runNode([s.item()], { params: params(s.now), credentials: CREDENTIAL });
		expect(lengths(unlinked.out)).toEqual([0, 0, 0, 1]);
		expect(ev(unlinked.out[REJECTED][0])).toMatchObject({
			reason: { code: 'UNLINKED_CHARGE', field: 'data.object.charge' },
			lookup: { chargeId: 'ch_3QJx2lLkdIwHu7ix0aBcDeFg', disputeId: 'dp_1QLf7gLkdIwHu7ixDiSpUtE1' },
			signature: { valid: true },
		});
		// The workflow looked the charge up and merged the invoice's rows (and its id) into the item.
		const linked = await runNode([s.item({ invoiceId: PAID_INVOICE.invoiceId, invoice: { ...PAID_INVOICE, status: 'paid', amountPaid: 1250, balance: 0 }, customer: CUSTOMER })], {
			params: params(s.now),
			credentials: CREDENTIAL,
		});
		expect(lengths(linked.out)).toEqual([0, 0, 1, 0]);
		const e = ev(linked.out[NOTIFY][0]);
		expect(e).toMatchObject({ type: 'dispute_opened', invoiceId: PAID_INVOICE.invoiceId, message: null, messageSkipped: 'ACK_DISABLED' });
		expect(e.notify).toEqual([expect.objectContaining({ code: 'DISPUTE_OPENED', audience: 'finance', priority: 'high', to: 'finance@acme.example' })]);
		expect(patches(linked.out[NOTIFY][0]).holds).toEqual([expect.objectContaining({ holdId: `dispute:${PAID_INVOICE.invoiceId}`, type: 'dispute', until: null, active: true, amount: 1250 })]);
		expect(patches(linked.out[NOTIFY][0]).invoice).toEqual({ invoiceId: PAID_INVOICE.invoiceId, disputed: true });
	});

	it('an older event after a newer one is stale (Update Only with the reason); an unsupported Stripe type is Rejected', async () => {
		const base = { invoiceId: 'INV-7', customerId: 'C7', currency: 'EUR' };
		const closed = { ...base, eventId: 'd-close', type: 'dispute_closed', occurredAt: '2025-11-10T10:00:00Z', disputeOutcome: 'won' };
		const opened = { ...base, eventId: 'd-open', type: 'dispute_opened', occurredAt: '2025-11-09T10:00:00Z' };
		const first = await runNode([closed], { params: params('2025-11-12T09:00:00Z') });
		const state = stored({}, first.out[NOTIFY][0]);
		const { out } = await runNode([{ ...opened, ...state }], { params: params('2025-11-12T09:00:00Z') });
		expect(lengths(out)).toEqual([0, 1, 0, 0]);
		expect(ev(out[UPDATE][0])).toMatchObject({ outcome: 'stale', reason: { code: 'OLDER_THAN_LATEST_DISPUTE_EVENT' } });
		expect(patches(out[UPDATE][0]).holds).toEqual([]);

		const s = signed('stripe/customer.created.json');
		const unsupported = await runNode([s.item()], { params: params(s.now), credentials: CREDENTIAL });
		expect(ev(unsupported.out[REJECTED][0]).reason).toMatchObject({ code: 'UNSUPPORTED_EVENT_TYPE', field: 'type' });
	});

	it('generic events and QuickBooks payments; a payment over several invoices is processed for the invoice whose state is given', async () => {
		const generic = { eventId: 'pay-1', type: 'payment', invoiceId: 'INV-1', customerId: 'C1', occurredAt: '2025-11-12T08:00:00Z', amount: 400, currency: 'EUR', invoice: { invoiceId: 'INV-1', amount: 1000, amountPaid: 0, currency: 'EUR', dueDate: '2025-11-01' } };
		const qbo = fixture('quickbooks/payment.json');
		const qboInvoices = ((qbo.Payment as IDataObject).Line as IDataObject[]).map((l) => ((l.LinkedTxn as IDataObject[])[0].TxnId as string));
		const qboState = { invoiceId: qboInvoices[1], customerId: String(((qbo.Payment as IDataObject).CustomerRef as IDataObject).value), amount: 5000, amountPaid: 0, currency: String(((qbo.Payment as IDataObject).CurrencyRef as IDataObject)?.value ?? 'USD') };
		const { out } = await runNode([generic, qbo, { ...qbo, invoice: qboState }], { params: params('2025-11-12T09:00:00Z') });
		expect(pairedIndexes(out)).toEqual([0, 1, 2]);
		expect(ev(out[ACK][0])).toMatchObject({ source: 'generic', type: 'partial_payment', message: { templateKey: 'partial-payment-thanks', data: { amountReceived: 400, balance: 600 } } });
		const multi = out[REJECTED].find((x) => itemOf(x) === 1)!;
		expect(ev(multi)).toMatchObject({ reason: { code: 'MULTIPLE_INVOICES' } });
		expect((ev(multi).events as IDataObject[]).map((e) => e.invoiceId)).toEqual(qboInvoices);
		const applied = [...out[ACK], ...out[UPDATE], ...out[NOTIFY]].find((x) => itemOf(x) === 2)!;
		expect(ev(applied)).toMatchObject({ source: 'quickbooks', invoiceId: qboInvoices[1] });
		expect((ev(applied).otherEvents as IDataObject[]).map((e) => e.invoiceId)).toEqual([qboInvoices[0]]);
	});
});

describe('Read Billing Event, then Process Billing Event', () => {
	it('reads and verifies without state; Process reuses the verified event after the lookup (no raw body needed)', async () => {
		const s = signed('stripe/invoice.paid.json');
		const read = await runNode([s.item(), webhookItem(s.raw, 't=1,v1=00')], { params: { operation: 'readBillingEvent', options: { asOf: s.now } }, credentials: CREDENTIAL });
		expect(lengths(read.out)).toEqual([1, 1]);
		const e = ev(read.out[0][0]);
		expect(e).toMatchObject({ operation: 'readBillingEvent', route: 'event', invoiceId: PAID_INVOICE.invoiceId, customerId: 'cus_R8s7tUvWxYz012', invoiceIds: [PAID_INVOICE.invoiceId], signature: { valid: true } });
		expect((ev(read.out[1][0]).reason as IDataObject).code).toBe('SIGNATURE_MISMATCH');
		// The workflow merges the looked-up rows into the item (the binary is gone by now).
		const looked = { ...read.out[0][0].json, invoice: PAID_INVOICE, holds: [], touches: [], ledger: null };
		const proc = await runNode([looked], { params: params(s.now, { verifySignature: 'always' }), credentials: CREDENTIAL });
		expect(lengths(proc.out)).toEqual([1, 0, 0, 0]);
		expect(ev(proc.out[ACK][0])).toMatchObject({ operation: 'processBillingEvent', type: 'paid', signature: { valid: true, carried: true } });
		// An unverified read does not pass Always.
		const unverified = { ...looked, arFollowUp: { event: { ...e, signature: { checked: false, valid: null, code: 'NO_CREDENTIAL' } } } };
		const rej = await runNode([unverified], { params: params(s.now, { verifySignature: 'always' }), credentials: CREDENTIAL });
		expect((ev(rej.out[REJECTED][0]).reason as IDataObject).code).toBe('NOT_VERIFIED');
	});
});

// ---------------------------------------------------------------------------------------------
// Replies

const RECEIVED = '2025-11-12T10:05:00Z'; // Wednesday
const replyParams = (more: IDataObject = {}): IDataObject => ({ operation: 'classifyReply', options: { asOf: '2025-11-12T10:10:00Z', timeZone: 'Europe/London', financeContact: 'finance@acme.example' }, ...more });
const reply = (text: string, over: IDataObject = {}): IDataObject => ({
	text,
	subject: 'Re: Invoice INV-1043',
	from: { value: [{ address: 'ap@client.example', name: 'Accounts' }], text: 'Accounts <ap@client.example>' },
	date: RECEIVED,
	messageId: `<${Buffer.from(text).toString('hex').slice(0, 24)}@mail.client.example>`,
	customerId: 'C1',
	invoiceId: 'INV-1043',
	invoice: { invoiceId: 'INV-1043', customerId: 'C1', amount: 900, amountPaid: 0, currency: 'EUR', dueDate: '2025-10-31', status: 'open' },
	customer: { timeZone: 'Europe/Berlin', accountOwner: 'owner@acme.example' },
	...over,
});

describe('Classify Reply', () => {
	it('classifies replies in English, German, French, Spanish and Portuguese and writes the right holds', async () => {
		const cases: Array<{ item: IDataObject; route: number; cls: string; hold?: IDataObject; date?: IDataObject; notify?: string }> = [
			{ item: reply("Hi, sorry for the wait. We'll pay this on Friday.", { locale: 'en-GB' }), route: ACK, cls: 'promise_to_pay', date: { promiseDate: '2025-11-14' }, hold: { holdId: 'promise:INV-1043', type: 'promise', until: '2025-11-14', active: true } },
			{ item: reply('Guten Tag, die Rechnung wurde bereits am 7.11. per Überweisung bezahlt.', { locale: 'de-DE' }), route: NOTIFY, cls: 'already_paid', hold: { holdId: 'reconcile:INV-1043', type: 'pause', until: '2025-11-19' }, notify: 'RECONCILE_PAYMENT_CLAIM' },
			{
				item: reply("Bonjour, je suis absente jusqu'au 24 novembre inclus. Je traiterai votre message à mon retour.", { locale: 'fr-FR', subject: 'Réponse automatique : Relance facture' }),
				route: UPDATE,
				cls: 'out_of_office',
				date: { returnDate: '2025-11-25' },
				hold: { holdId: 'ooo:C1', type: 'ooo', until: '2025-11-25', customerId: 'C1' },
			},
			{ item: reply('El importe de esta factura no es correcto: acordamos 700 € y no 900 €.', { locale: 'es-ES' }), route: NOTIFY, cls: 'dispute', hold: { holdId: 'dispute:INV-1043', type: 'dispute', until: null }, notify: 'DISPUTE_OPENED' },
			{ item: reply('Könnten wir die Summe in drei Raten zahlen?', { locale: 'de-DE' }), route: NOTIFY, cls: 'payment_plan_request', notify: 'PLAN_REQUESTED' },
			{ item: reply("Pourriez-vous m'envoyer le détail de la facture, s'il vous plaît ?", { locale: 'fr-FR' }), route: NOTIFY, cls: 'question', notify: 'ANSWER_QUESTION' },
			{ item: reply('Pagaremos el día 20 de este mes.', { locale: 'es-ES' }), route: ACK, cls: 'promise_to_pay', date: { promiseDate: '2025-11-20' } },
			{ item: reply('Bom dia, vamos fazer o pix na sexta-feira.', { locale: 'pt-BR' }), route: ACK, cls: 'promise_to_pay', date: { promiseDate: '2025-11-14' }, hold: { holdId: 'promise:INV-1043', type: 'promise', until: '2025-11-14', active: true } },
			{ item: reply('Não reconhecemos essa cobrança.', { locale: 'pt-BR' }), route: NOTIFY, cls: 'dispute', hold: { holdId: 'dispute:INV-1043', type: 'dispute', until: null }, notify: 'DISPUTE_OPENED' },
		];
		const { out } = await runNode(
			cases.map((c) => c.item),
			{ params: replyParams() },
		);
		expect(pairedIndexes(out)).toEqual(cases.map((_, i) => i));
		cases.forEach((c, i) => {
			const x = out[c.route].find((o) => itemOf(o) === i);
			expect([i, x ? 'found' : 'missing']).toEqual([i, 'found']);
			const e = ev(x!);
			expect([i, (e.reply as IDataObject).class]).toEqual([i, c.cls]);
			if (c.date) expect(e.reply).toMatchObject(c.date);
			if (c.hold) expect(patches(x!).holds).toEqual(expect.arrayContaining([expect.objectContaining(c.hold)]));
			if (c.notify) expect((e.notify as IDataObject[]).map((n) => n.code)).toContain(c.notify);
		});
		// The promise is confirmed to the customer on the reply's own channel.
		expect(ev(out[ACK][0]).message).toMatchObject({ templateKey: 'promise-confirmation', channel: 'email', data: { promiseDate: '2025-11-14' } });
		// An already-paid claim goes to finance and pauses reminders.
		const paid = out[NOTIFY].find((o) => itemOf(o) === 1)!;
		expect(ev(paid).notify).toEqual([expect.objectContaining({ audience: 'finance', to: 'finance@acme.example', priority: 'high' })]);
	});

	it('STOP by SMS opts the customer out of SMS at once (no message, nobody to ask)', async () => {
		const sms = { text: 'STOP', from: '+447700900123', date: RECEIVED, channel: 'sms', customerId: 'C1', messageId: 'SM123' };
		const { out } = await runNode([sms, { ...sms, text: 'Arrêt', messageId: 'SM124' }, { ...sms, text: 'Baja', messageId: 'SM125' }, { ...sms, text: 'STOPP', messageId: 'SM126' }], { params: replyParams() });
		expect(lengths(out)).toEqual([0, 4, 0, 0]);
		for (const x of out[UPDATE]) {
			expect(ev(x)).toMatchObject({ invoiceId: null, customerId: 'C1', message: null, notify: [], reply: { class: 'unsubscribe', optOutChannels: ['sms'] } });
			expect(patches(x).holds).toEqual([expect.objectContaining({ holdId: 'optout:C1:sms', type: 'optout', channel: 'sms', until: null, active: true, customerId: 'C1' })]);
			expect((patches(x).holds as IDataObject[])[0].invoiceId).toBeUndefined();
		}
	});

	it("a stored bounce of an address the customer no longer has does not stop the confirmation (the item's customer.email)", async () => {
		const bounce = { holdId: 'bounced:C1:email', type: 'bounced', customerId: 'C1', channel: 'email', until: null, active: true, contact: 'old-ap@client.example' };
		const promise = (email: string) => reply("We'll pay this on Friday.", { locale: 'en-GB', holds: [bounce], customer: { timeZone: 'Europe/Berlin', accountOwner: 'owner@acme.example', email } });
		const { out } = await runNode([promise('ap@client.example'), promise('OLD-AP@client.example')], { params: replyParams() });
		expect(ev(out[ACK].find((x) => itemOf(x) === 0)!).message).toMatchObject({ templateKey: 'promise-confirmation', channel: 'email' });
		const held = [...out[UPDATE], ...out[NOTIFY]].find((x) => itemOf(x) === 1)!;
		expect(ev(held)).toMatchObject({ message: null, messageSkipped: 'CHANNEL_OPTED_OUT' });
	});

	it('a full mailbox pauses email to the address for the days set, and the event read back keeps the address and the kind', async () => {
		const text = 'The following addresses had permanent fatal errors\n<ap@client.example>\n    (reason: 452 4.2.2 Mailbox full, over quota)\n\nFinal-Recipient: RFC822; ap@client.example\nAction: failed\nStatus: 4.2.2';
		const notice = reply(text, { from: 'Mail Delivery Subsystem <MAILER-DAEMON@mx.example.net>', subject: 'Returned mail: see transcript for details' });
		const { out } = await runNode([notice], { params: { ...replyParams(), options: { ...(replyParams().options as IDataObject), mailboxFullDays: 3 } } });
		const x = [...out[UPDATE], ...out[NOTIFY]].find((o) => itemOf(o) === 0)!;
		expect(ev(x).reply).toMatchObject({ class: 'bounced', contact: 'ap@client.example', mailboxFull: true });
		expect(patches(x).holds).toEqual([expect.objectContaining({ holdId: 'bounced:C1:email', type: 'bounced', until: '2025-11-15', contact: 'ap@client.example', note: 'mailbox full' })]);
		expect((ev(x).notify as IDataObject[]).map((n) => n.code)).toEqual(['MAILBOX_FULL']);
		// An event handed on as JSON (a store, another workflow) is read with both.
		const stored = JSON.parse(JSON.stringify(ev(x).event)) as IDataObject;
		expect(readArEvent(stored, 'event').reply).toMatchObject({ contact: 'ap@client.example', mailboxFull: true });
		expect(() => readArEvent({ ...stored, reply: { ...(stored.reply as IDataObject), contact: 42 } }, 'event')).toThrow(/event\.reply\.contact/);
	});

	it("a delivery notice in German names the item's customer.email when it contains it: the hold is about that address only", async () => {
		const text = 'Ihre Nachricht an AP@client.example konnte nicht zugestellt werden. Die Adresse existiert nicht.';
		const notice = (email?: string) => reply(text, { from: 'MAILER-DAEMON@mx.example.net', subject: 'Unzustellbar: Rechnung INV-1043', customer: { timeZone: 'Europe/Berlin', accountOwner: 'owner@acme.example', ...(email ? { email } : {}) } });
		const { out } = await runNode([notice('ap@client.example'), notice()], { params: replyParams() });
		const held = (i: number) => patches([...out[UPDATE], ...out[NOTIFY]].find((o) => itemOf(o) === i)!).holds as IDataObject[];
		expect(held(0)).toEqual([expect.objectContaining({ holdId: 'bounced:C1:email', type: 'bounced', until: null, contact: 'ap@client.example' })]);
		expect(held(1)[0]).not.toHaveProperty('contact');
	});

	it("reads n8n's Email Trigger (IMAP) output: HTML only, the sender object, an email Date header, the Message-ID in metadata", async () => {
		const simple = {
			textHtml: '<div>Hello,</div><div>we will pay the invoice by the end of the month.</div><blockquote>On Mon, Anna wrote: Your invoice is overdue</blockquote>',
			textPlain: '',
			from: 'Accounts Payable <ap@client.example>',
			subject: 'RE: Invoice INV-1043 is overdue',
			date: 'Wed, 12 Nov 2025 10:05:00 +0000',
			metadata: { 'message-id': '<CAF=abc123@mail.client.example>' },
			customerId: 'C1',
			invoiceId: 'INV-1043',
		};
		const { out } = await runNode([simple, simple], { params: replyParams() });
		const e = ev(out[ACK][0]);
		expect(e.reply).toMatchObject({ class: 'promise_to_pay', promiseDate: '2025-11-30', receivedAt: '2025-11-12T10:05:00.000Z', receivedAtSource: 'item', from: 'ap@client.example' });
		expect(e.eventId).toBe('reply:<CAF=abc123@mail.client.example>');
		// The same message twice in one batch: both carry the same event id; the store's ledger dedupes.
		expect(ev(out[ACK][1]).eventId).toBe(e.eventId);
	});

	it('a duplicate reply (same Message-ID) changes nothing the second time', async () => {
		const r = reply("I'll pay on Friday.", { locale: 'en-GB' });
		const first = await runNode([r], { params: replyParams() });
		const state = stored(r, first.out[ACK][0]);
		const { out } = await runNode([{ ...r, ...state }], { params: replyParams() });
		expect(lengths(out)).toEqual([0, 1, 0, 0]);
		expect(ev(out[UPDATE][0])).toMatchObject({ outcome: 'duplicate', patches: { holds: [], touches: [], ledger: null } });
	});

	it('a reply that cannot be read goes to Rejected with the reason', async () => {
		const { out } = await runNode([{ text: 'I will pay Friday', date: RECEIVED }, { customerId: 'C1', date: RECEIVED }, { text: 'hi', customerId: 'C1', channel: 'pigeon' }], { params: replyParams() });
		expect(out[REJECTED].map((x) => (ev(x).reason as IDataObject).code)).toEqual(['MISSING_CUSTOMER', 'MISSING_TEXT', 'INVALID_CHANNEL']);
	});

	it('matches the core classifier on the whole reply corpus (prints the accuracy)', async () => {
		const corpus = JSON.parse(fixtureText('replies.json')) as Array<IDataObject & { expected: { class: string; date?: string } }>;
		const items = corpus.map((m) => ({ text: m.text, subject: m.subject, from: m.from, date: m.receivedAt, channel: m.channel, locale: m.locale, timeZone: m.timeZone, customerId: 'C1', messageId: m.id }));
		const { out } = await runNode(items, { params: replyParams() });
		expect(pairedIndexes(out)).toEqual(items.map((_, i) => i));
		const byIndex = new Map<number, IDataObject>();
		for (const branch of out) for (const x of branch) byIndex.set(itemOf(x), ev(x).reply as IDataObject);
		let right = 0;
		corpus.forEach((m, i) => {
			const core = classifyReply({ text: m.text as string, subject: m.subject as string | undefined, from: m.from as string | undefined, receivedAt: m.receivedAt as string, channel: m.channel as 'email', locale: m.locale as string, timeZone: m.timeZone as string });
			expect([m.id, byIndex.get(i)!.class]).toEqual([m.id, core.class]);
			if (core.class === m.expected.class) right++;
		});
		// eslint-disable-next-line no-console
		console.log(`AR Event Classify Reply: ${right}/${corpus.length} corpus replies classified as expected (${((100 * right) / corpus.length).toFixed(1)} %), identical to the core`);
	});
});

// ---------------------------------------------------------------------------------------------
// Promises

describe('Check Promises', () => {
	it('releases a promise once its date and grace have passed unpaid, exactly once, and records it', async () => {
		const r = reply("I'll pay on Friday.", { locale: 'en-GB' });
		const made = await runNode([r], { params: replyParams() });
		const state = stored({}, made.out[ACK][0]);
		// The daily item: the invoice row itself, its holds, touches and ledger.
		const daily = { invoiceId: 'INV-1043', customerId: 'C1', amount: 900, amountPaid: 0, currency: 'EUR', dueDate: '2025-10-31', status: 'open', holds: state.holds, touches: state.touches, ledger: state.ledger, customer: { accountOwner: 'owner@acme.example' } };
		const check = (asOf: string, item: IDataObject) => runNode([item], { params: { operation: 'checkPromises', options: { asOf, timeZone: 'Europe/London' } } });

		const holding = await check('2025-11-16T09:00:00Z', daily);
		expect(lengths(holding.out)).toEqual([0, 1, 0]);
		expect(ev(holding.out[1][0])).toMatchObject({ route: 'noChange', reason: { code: 'PROMISE_HOLDING' }, promise: { date: '2025-11-14', releaseAfter: '2025-11-16', status: 'active' } });

		const broken = await check('2025-11-17T09:00:00Z', daily);
		expect(lengths(broken.out)).toEqual([1, 0, 0]);
		const e = ev(broken.out[0][0]);
		expect(e).toMatchObject({ route: 'broken', outcome: 'applied', type: 'promise_broken', invoiceId: 'INV-1043', promise: { date: '2025-11-14', status: 'broken' } });
		expect(patches(broken.out[0][0]).holds).toEqual([expect.objectContaining({ holdId: 'promise:INV-1043', active: false })]);
		expect(patches(broken.out[0][0]).history).toEqual([expect.objectContaining({ kind: 'promise_broken' })]);
		expect(e.notify).toEqual([expect.objectContaining({ code: 'PROMISE_BROKEN', audience: 'accountOwner', to: 'owner@acme.example' })]);

		const after = stored(daily, broken.out[0][0]);
		const again = await check('2025-11-18T09:00:00Z', { ...daily, ...after });
		expect(lengths(again.out)).toEqual([0, 1, 0]);
		expect(ev(again.out[1][0]).reason).toMatchObject({ code: 'NO_ACTIVE_PROMISE' });

		const none = await check('2025-11-18T09:00:00Z', { invoiceId: 'INV-2', customerId: 'C2', amount: 10 });
		expect(ev(none.out[1][0]).reason).toMatchObject({ code: 'NO_LEDGER' });
	});
});

// ---------------------------------------------------------------------------------------------
// Errors, Continue On Fail, parameters

describe('errors and Continue On Fail', () => {
	const good = { eventId: 'g1', type: 'paid', invoiceId: 'INV-1', customerId: 'C1', occurredAt: '2025-11-12T08:00:00Z', currency: 'EUR' };
	const bad = { ...good, eventId: 'g2', holds: 'not a list' };
	const badLedger = { ...good, eventId: 'g3', invoiceId: 'INV-3', ledger: { ledgerId: 'INV-3', customerId: 'C1', applied: 'x' } };

	it('without Continue On Fail: a NodeOperationError naming the item and the field', async () => {
		await expect(runNode([good, bad], { params: params('2025-11-12T09:00:00Z') })).rejects.toThrow(NodeOperationError);
		try {
			await runNode([good, bad], { params: params('2025-11-12T09:00:00Z') });
		} catch (e) {
			expect((e as Error).message).toBe('Invalid holds in item 1: must be a list');
			expect((e as NodeOperationError).context.itemIndex).toBe(1);
		}
		await expect(runNode([badLedger], { params: params('2025-11-12T09:00:00Z') })).rejects.toThrow('Invalid ledger.applied in item 0: must be a list of at most 20000 ids');
	});

	it('with Continue On Fail: the bad item goes to Rejected with its error; the others carry on', async () => {
		const { out } = await runNode([good, bad, badLedger, good], { params: params('2025-11-12T09:00:00Z'), continueOnFail: true });
		expect(pairedIndexes(out)).toEqual([0, 1, 2, 3]);
		expect(out[REJECTED].map((x) => [x.pairedItem, x.json.error])).toEqual([
			[{ item: 1 }, 'Invalid holds in item 1: must be a list'],
			[{ item: 2 }, 'Invalid ledger.applied in item 2: must be a list of at most 20000 ids'],
		]);
		expect((out[REJECTED][0].json.arFollowUp as IDataObject).error).toMatchObject({ code: 'INVALID_INPUT', field: 'holds' });
		// "Continue (using error output)": n8n's error-output shape.
		const e = await runNode([bad], { params: params('2025-11-12T09:00:00Z'), onError: 'continueErrorOutput' });
		expect(e.out[REJECTED][0].json).toEqual({ error: 'Invalid holds in item 0: must be a list', details: { code: 'INVALID_INPUT', field: 'holds', itemIndex: 0 } });
	});

	it('rejects bad parameters before touching any item, naming the parameter', async () => {
		await expect(runNode([good], { params: params('2025-11-12T09:00:00Z', { options: { timeZone: 'Mars/Olympus' } }) })).rejects.toThrow('Invalid options.timeZone: must be an IANA time zone such as Europe/Berlin');
		await expect(runNode([good], { params: params('2025-11-12T09:00:00Z', { stateFields: { holds: 'a..b' } }) })).rejects.toThrow('Invalid stateFields.holds');
		await expect(runNode([good], { params: { ...params('2025-11-12T09:00:00Z'), policySource: 'json', policyJson: { promiseGraceDays: -1 } } })).rejects.toThrow(/^Invalid policy\.promiseGraceDays/);
	});

	it('reads each parameter once per run, whatever the number of items', async () => {
		const s = signed('stripe/invoice.paid.json');
		const items = Array.from({ length: 50 }, () => s.item({ invoice: PAID_INVOICE }));
		const { out, ctx } = await runNode(items, { params: params(s.now, { webhookFields: { invoiceId: 'invoiceId' }, stateFields: { invoice: 'invoice' } }), credentials: CREDENTIAL });
		expect(pairedIndexes(out)).toEqual(items.map((_, i) => i));
		for (const [name, count] of ctx.parameterReads) expect([name, count]).toEqual([name, 1]);
		for (const operation of ['classifyReply', 'checkPromises', 'readBillingEvent']) {
			const r = await runNode([reply('ok'), reply('ok')], { params: { operation, options: { asOf: s.now } } });
			for (const [name, count] of r.ctx.parameterReads) expect([operation, name, count]).toEqual([operation, name, 1]);
		}
	});
});

// ---------------------------------------------------------------------------------------------
// Hostile input (the hostile suite's item shape is an invoice; events and replies get their own)

describe('hostile input to the AR Event node', () => {
	const BAD = hostileValues(1_000_000);
	const GENERIC_FIELDS = ['eventId', 'type', 'invoiceId', 'customerId', 'occurredAt', 'amount', 'amountPaid', 'amountRemaining', 'currency', 'declineCode', 'promiseDate', 'installments', 'dispute', 'invoice', 'holds', 'touches', 'ledger', 'customer'];
	const REPLY_FIELDS = ['text', 'textHtml', 'subject', 'from', 'date', 'messageId', 'customerId', 'invoiceId', 'channel', 'locale', 'timeZone', 'invoice', 'holds', 'ledger', 'customer'];
	const STRIPE_PATHS = ['id', 'type', 'created', 'data', 'data.object', 'data.object.id', 'data.object.customer', 'data.object.amount_paid', 'data.object.amount_remaining', 'data.object.currency', 'data.object.status', 'data.object.total'];
	let tried = 0;

	afterAll(() => {
		// eslint-disable-next-line no-console
		console.log(`AR Event hostile input: ${tried} cases tried (mutated generic events, Stripe deliveries and replies, fuzzed items, junk signatures)`);
	});

	const baseGeneric = { eventId: 'h1', type: 'partial_payment', invoiceId: 'INV-1', customerId: 'C1', occurredAt: '2025-11-12T08:00:00Z', amount: 100, currency: 'EUR' };
	function mutate(base: IDataObject, fields: string[]): IDataObject[] {
		const out: IDataObject[] = [];
		for (const [, value] of BAD) {
			for (const f of fields) {
				const json: IDataObject = JSON.parse(JSON.stringify(base));
				const keys = f.split('.');
				let cur = json;
				for (const k of keys.slice(0, -1)) cur = (cur[k] ?? {}) as IDataObject;
				if (value === undefined) delete cur[keys[keys.length - 1]];
				else cur[keys[keys.length - 1]] = value as never;
				out.push(json);
			}
		}
		out.push({}, JSON.parse('{"__proto__": {"type": "paid"}, "invoiceId": "P"}'), { body: 'x'.repeat(1_000_000), headers: {} }, { headers: 'x', body: null });
		return out;
	}

	function checkOut(out: INodeExecutionData[][], n: number, continueOnFail: boolean) {
		expect(pairedIndexes(out)).toEqual(Array.from({ length: n }, (_, i) => i));
		for (const branch of out) {
			for (const x of branch) {
				if (x.json.error) {
					expect(continueOnFail).toBe(true);
					expect(x.json.error).toMatch(/^Invalid [\w.[\]-]+ in item \d+: /);
					expect(out[out.length - 1]).toContain(x); // errors only on Rejected, never on Acknowledge
				}
			}
		}
	}

	it.each([
		['Process Billing Event (generic)', 'processBillingEvent', () => mutate(baseGeneric, GENERIC_FIELDS)],
		['Process Billing Event (Stripe body)', 'processBillingEvent', () => mutate({ headers: { 'content-type': 'application/json' }, body: fixture('stripe/invoice.paid.json') }, STRIPE_PATHS.map((p) => `body.${p}`))],
		['Read Billing Event', 'readBillingEvent', () => mutate(baseGeneric, GENERIC_FIELDS)],
		['Classify Reply', 'classifyReply', () => mutate(reply('We will pay on Friday'), REPLY_FIELDS)],
		['Check Promises', 'checkPromises', () => mutate({ invoiceId: 'INV-1', customerId: 'C1', amount: 10, ledger: { ledgerId: 'INV-1', invoiceId: 'INV-1', customerId: 'C1', applied: [], latest: {}, settlement: {}, credits: {}, promises: [{ promiseId: 'p', madeAt: '2025-11-01T00:00:00Z', date: '2025-11-05', paidSince: 0, status: 'active' }], pendingBreaks: {}, acks: [] } }, ['invoiceId', 'amount', 'status', 'ledger', 'ledger.applied', 'ledger.promises', 'ledger.latest', 'ledger.credits', 'holds', 'customer'])],
	])('%s: each item on exactly one output; errors name the item and field', async (_name, operation, cases) => {
		const items = cases();
		const p = { operation, options: { asOf: '2025-11-12T09:00:00Z' } };
		const { out } = await runNode(items, { params: p, continueOnFail: true, credentials: CREDENTIAL });
		checkOut(out, items.length, true);
		for (const c of items) {
			try {
				const r = await runNode([baseGeneric, c], { params: p, credentials: CREDENTIAL });
				checkOut(r.out, 2, false);
			} catch (e) {
				expect(e).toBeInstanceOf(NodeOperationError);
				expect((e as NodeOperationError).context.itemIndex).toBe(1);
				expect((e as Error).message).toMatch(/^Invalid [\w.[\]-]+ in item 1: /);
			}
		}
		tried += items.length * 2;
	});

	it('junk Stripe-Signature headers and raw bodies are Rejected, never applied', async () => {
		const s = signed('stripe/invoice.paid.json');
		await fc.assert(
			fc.asyncProperty(fc.oneof(fc.string(), fc.constant(`t=${s.t},v1=`), fc.string().map((x) => `t=${s.t},v1=${x}`), fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 64, maxLength: 64 }).map((h) => `t=${s.t},v1=${h}`)), fc.string({ maxLength: 200 }), async (header, junk) => {
				const items = [webhookItem(s.raw, header), webhookItem(s.raw + junk.replace(/^$/, ' '), stripeHeader(s.raw, SECRET, s.t), {}, JSON.parse(s.raw))];
				const { out } = await runNode(items, { params: params(s.now), credentials: CREDENTIAL });
				expect(lengths(out)).toEqual([0, 0, 0, 2]);
				tried += 2;
			}),
			{ numRuns: 100 },
		);
	});

	it('fuzzed items never crash the node', async () => {
		for (const operation of ['processBillingEvent', 'classifyReply', 'checkPromises', 'readBillingEvent']) {
			await fc.assert(
				fc.asyncProperty(fc.array(fc.oneof(fc.object(), fc.dictionary(fc.constantFrom(...GENERIC_FIELDS, ...REPLY_FIELDS, 'body', 'headers'), fc.anything())), { maxLength: 5 }), async (items) => {
					const { out } = await runNode(items as IDataObject[], { params: { operation, options: { asOf: '2025-11-12T09:00:00Z' } }, continueOnFail: true, credentials: CREDENTIAL });
					checkOut(out, items.length, true);
					tried += items.length;
				}),
				{ numRuns: 100 },
			);
		}
	});

	it('empty input gives empty outputs; prototypes stay clean', async () => {
		for (const operation of ['processBillingEvent', 'classifyReply', 'checkPromises', 'readBillingEvent']) {
			const { out } = await runNode([], { params: { operation } });
			expect(out.every((b) => b.length === 0)).toBe(true);
			tried++;
		}
		expect(({} as IDataObject).polluted).toBeUndefined();
		expect(({} as IDataObject).type).toBeUndefined();
	});
});

describe('Classify Reply: AI second opinion (local fake Anthropic API)', () => {
	const fake = new FakeAnthropic();
	let aiCredentials: IDataObject;
	beforeAll(async () => {
		await fake.start();
		aiCredentials = { apiKey: 'test-key', baseUrl: fake.baseURL, model: 'claude-test-model' };
	});
	afterAll(() => fake.stop());
	beforeEach(() => fake.reset());

	/** Wording the rules do not know: they say "other", unsure. Claude reads a promise for Friday. */
	const UNSURE = 'Grüß Gott, das Geld ist beim Steuerberater freigegeben, Valuta Freitag.';
	const ON = (aiOptions: IDataObject = {}) => replyParams({ aiSecondOpinion: true, aiOptions: { timeoutSeconds: 2, maxRetries: 0, ...aiOptions } });
	const items = () => [
		reply(UNSURE, { locale: 'de-DE' }),
		{ text: 'STOP', from: '+447700900123', date: RECEIVED, channel: 'sms', customerId: 'C1', messageId: 'SM-ai' },
		reply("We'll pay this on Friday.", { locale: 'en-GB' }),
	];
	const replyOf = (out: INodeExecutionData[][], i: number) => ev(out.flat().find((o) => itemOf(o) === i)!).reply as IDataObject;

	it('asks Claude about the reply the rules are unsure of only, and takes its surer answer: a promise with its hold', async () => {
		expect(classifyReply({ text: UNSURE, receivedAt: RECEIVED, locale: 'de-DE', timeZone: 'Europe/Berlin' }).class).toBe('other');
		fake.reply({ text: JSON.stringify({ class: 'promise_to_pay', confidence: 0.86, promiseDate: '2025-11-14', returnDate: null }), usage: { input_tokens: 400, output_tokens: 30 } });
		const { out, hints } = await runNode(items(), { params: ON(), aiCredentials });
		expect(pairedIndexes(out)).toEqual([0, 1, 2]);
		expect(fake.requests).toHaveLength(1);
		expect(fake.requests[0].body.model).toBe('claude-test-model');
		expect(fake.requests[0].body.messages![0].content).toContain('Valuta Freitag');

		const asked = out[ACK].find((o) => itemOf(o) === 0)!;
		expect(ev(asked).reply).toMatchObject({ class: 'promise_to_pay', promiseDate: '2025-11-14', matchedRule: 'ai', secondary: ['other'] });
		expect(replyOf(out, 0).ai).toMatchObject({ used: true, model: 'claude-test-model', attempts: 1, tokens: { input: 400, output: 30 }, rulesClass: 'other' });
		expect(patches(asked).holds).toEqual(expect.arrayContaining([expect.objectContaining({ holdId: 'promise:INV-1043', type: 'promise', until: '2025-11-14' })]));
		// STOP and a clear promise are the rules' own: Claude is not asked.
		expect(replyOf(out, 1)).toMatchObject({ class: 'unsubscribe', ai: { used: false, reason: 'not_needed', attempts: 0 } });
		expect(replyOf(out, 2)).toMatchObject({ class: 'promise_to_pay', promiseDate: '2025-11-14', ai: { used: false, reason: 'not_needed' } });
		expect(hints.map((h) => h.message)).toEqual(['AI second opinion: 1 call(s), 430 token(s) this run; 1 reply classified otherwise than by the rules.']);
	});

	it('without a credential, or when the API fails, the rules stand and each reply says why', async () => {
		const none = await runNode(items(), { params: ON() });
		expect(replyOf(none.out, 0)).toMatchObject({ class: 'other', ai: { used: false, reason: 'no_credential', detail: 'AI Second Opinion is on but no Anthropic credential is selected' } });
		expect(replyOf(none.out, 2)).toMatchObject({ class: 'promise_to_pay', ai: { used: false, reason: 'no_credential' } });

		fake.always({ status: 500 });
		const failed = await runNode(items(), { params: ON(), aiCredentials });
		expect(replyOf(failed.out, 0)).toMatchObject({ class: 'other', matchedRule: 'default.other', ai: { used: false, reason: 'api_error', attempts: 1 } });
		expect(fake.requests).toHaveLength(1);
		expect(failed.hints.map((h) => h.message)).toEqual(['AI second opinion: 1 call(s), 0 token(s) this run; 0 replies classified otherwise than by the rules.']);
	});

	it('a higher threshold asks about more replies; the option off asks about none and adds nothing to the item', async () => {
		fake.always({ text: JSON.stringify({ class: 'promise_to_pay', confidence: 0.95, promiseDate: '2025-11-14' }) });
		const strict = await runNode(items(), { params: ON({ minConfidence: 0.95 }), aiCredentials });
		expect(fake.requests).toHaveLength(2); // the unsure reply and the clear promise (0.9); never the STOP
		expect(replyOf(strict.out, 2)).toMatchObject({ class: 'promise_to_pay', ai: { used: true } });

		fake.reset();
		const off = await runNode(items(), { params: replyParams({ aiOptions: { minConfidence: 0.95 } }), aiCredentials });
		expect(fake.requests).toHaveLength(0);
		expect(replyOf(off.out, 0)).not.toHaveProperty('ai');
		expect(replyOf(off.out, 0).class).toBe('other');
	});

	it('a bad AI option fails naming it', async () => {
		await expect(runNode(items(), { params: ON({ minConfidence: 1.5 }), aiCredentials })).rejects.toThrow(/aiOptions\.minConfidence/);
		await expect(runNode(items(), { params: ON({ maxCalls: -1 }), aiCredentials })).rejects.toThrow(/aiOptions\.maxCalls/);
		expect(fake.requests).toHaveLength(0);
	});
});
