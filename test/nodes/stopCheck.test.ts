import { NodeOperationError, type IDataObject } from 'n8n-workflow';

import { ArStopCheck } from '../../nodes/ArStopCheck/ArStopCheck.node';
import { baseParams, item } from './fixtures';
import { pairedIndexes, run } from './context';

const node = new ArStopCheck();
const [SEND, HOLD, APPROVAL, HUMAN] = [0, 1, 2, 3];
const ar = (x: { json: IDataObject }) => x.json.arFollowUp as IDataObject;
const decision = (x: { json: IDataObject }) => ar(x).decision as IDataObject;

describe('AR Stop Check node', () => {
	it('declares four named outputs', () => {
		expect(node.description.outputNames).toEqual(['Send', 'Hold', 'Needs Approval', 'Human Task']);
		expect(node.description.outputs).toHaveLength(4);
	});

	it('routes each item to Send, Hold, Needs Approval or Human Task, keeping pairedItem', async () => {
		const items = [
			item({ invoiceId: 'A', customerId: 'CA' }),
			item({ invoiceId: 'B', customerId: 'CB', status: 'paid' }),
			item({ invoiceId: 'C', customerId: 'CC', dueDate: '2026-03-03', touches: [{ invoiceId: 'C', step: 'D+7', channel: 'email', sentAt: '2026-03-10T14:00:00Z' }] }, { keyAccount: true }),
			item({ invoiceId: 'D', customerId: 'CD' }, { email: null, phone: null }),
		];
		const { out } = await run(node, items, { params: baseParams });
		expect(out.map((o) => o.length)).toEqual([1, 1, 1, 1]);
		expect(out[SEND][0].pairedItem).toEqual({ item: 0 });
		expect(out[HOLD][0].pairedItem).toEqual({ item: 1 });
		expect(out[APPROVAL][0].pairedItem).toEqual({ item: 2 });
		expect(out[HUMAN][0].pairedItem).toEqual({ item: 3 });
		expect(decision(out[SEND][0])).toMatchObject({ outcome: 'send', code: 'SEND', step: 'D+7', channels: ['email'], dedupeKeys: ['A:D+7:email'] });
		expect(decision(out[HOLD][0])).toMatchObject({ outcome: 'hold', code: 'INVOICE_PAID', resumeAt: null });
		expect(decision(out[APPROVAL][0])).toMatchObject({ outcome: 'approval', code: 'APPROVAL_REQUIRED', step: 'D+14', taskKey: 'C:D+14:approval' });
		expect(decision(out[HUMAN][0])).toMatchObject({ outcome: 'human', code: 'NO_REACHABLE_CHANNEL' });
	});

	it('adds a compact arFollowUp object and keeps the original fields', async () => {
		const { out } = await run(node, [item({ invoiceId: 'A', extra: 'kept' })], { params: baseParams });
		const json = out[SEND][0].json;
		expect(json.extra).toBe('kept');
		const f = ar(out[SEND][0]);
		expect(f).toMatchObject({ invoiceId: 'A', customerId: 'C1', evaluatedAt: '2026-03-17T15:00:00.000Z' });
		expect(f.policyVersion).toMatch(/^default@v1#/);
		expect((f.aging as IDataObject).tier).toBe('early');
		expect((f.risk as IDataObject).band).toEqual(expect.any(String));
		expect((f.invoice as IDataObject).balance).toBe(1200);
		expect((f.customer as IDataObject).email).toBe('anna@acme.example.com');
		expect(typeof decision(out[SEND][0]).reason).toBe('string');
	});

	it('uses the risk an upstream AR Risk Score left on the item', async () => {
		const risky = item({ arFollowUp: { risk: { score: 90, band: 'critical', tone: 'escalating', lateProbability: 0.9, factors: [], basis: 'summary' } } });
		const { out } = await run(node, [risky], { params: baseParams });
		expect(decision(out[SEND][0]).tone).toBe('firm');
		expect((ar(out[SEND][0]).risk as IDataObject).score).toBe(90);
	});

	it('scores the risk itself when the upstream one is malformed (a factor with no number), as with none', async () => {
		const broken = item({ arFollowUp: { risk: { score: 90, band: 'critical', tone: 'escalating', lateProbability: 0.9, factors: [{ code: 'late_ratio', value: 'high' }], basis: 'summary' } } });
		const { out } = await run(node, [broken, item({ invoiceId: 'B', customerId: 'CB' })], { params: baseParams });
		expect(out[SEND]).toHaveLength(2);
		const [mine, none] = out[SEND].map((x) => ar(x).risk as IDataObject);
		expect(mine.score).not.toBe(90);
		expect(mine).toEqual(none);
	});

	it('fails the run with an error naming the item and the field when Continue On Fail is off', async () => {
		const bad = item({ invoiceId: 'B', dueDate: '2026-02-30' });
		await expect(run(node, [item(), bad], { params: baseParams })).rejects.toThrow(NodeOperationError);
		try {
			await run(node, [item(), bad], { params: baseParams });
		} catch (e) {
			const err = e as NodeOperationError;
			expect(err.message).toBe('Invalid invoice.dueDate in item 1: must be a date (YYYY-MM-DD or ISO 8601)');
			expect(err.context.itemIndex).toBe(1);
			expect(err.description).toContain('received "2026-02-30"');
		}
	});

	it('with Continue On Fail, sends the bad item to Human Task (never to Send) with its error, and carries on', async () => {
		const items = [item({ invoiceId: 'A', customerId: 'CA' }), item({ invoiceId: 'B', amount: 'a lot' }), item({ invoiceId: 'C', customerId: 'CC' })];
		const { out } = await run(node, items, { params: baseParams, continueOnFail: true });
		expect(out[SEND].map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 2 }]);
		expect(out[HUMAN]).toHaveLength(1);
		const failed = out[HUMAN][0];
		expect(failed.pairedItem).toEqual({ item: 1 });
		expect(failed.json.invoiceId).toBe('B'); // the person sees which invoice
		expect(failed.json.error).toBe('Invalid invoice.amount in item 1: must be a number');
		expect(ar(failed).error).toMatchObject({ code: 'INVALID_INPUT', field: 'invoice.amount' });
	});

	it('with "Continue (using error output)", emits the error shape n8n moves to the Error output', async () => {
		const { out } = await run(node, [item({ invoiceId: 'A' }), item({ invoiceId: 'B', amount: NaN })], { params: baseParams, onError: 'continueErrorOutput' });
		expect(out[SEND]).toHaveLength(1);
		const failed = out[HUMAN][0];
		expect(Object.keys(failed.json).sort()).toEqual(['details', 'error']);
		expect(failed.json.details).toEqual({ code: 'INVALID_INPUT', field: 'invoice.amount', itemIndex: 1 });
		expect(failed.pairedItem).toEqual({ item: 1 });
	});

	it('reads the policy from JSON (object or text) once per run', async () => {
		const policy = { name: 'strict', minGapHours: 0, steps: [{ id: 'late', offsetDays: 5, tone: 'friendly', channels: ['email'] }] };
		const items = [item({ invoiceId: 'A', touches: [] }), item({ invoiceId: 'B', touches: [] })];
		for (const policyJson of [policy, JSON.stringify(policy), { policy }]) {
			const { out, ctx } = await run(node, items, { params: { ...baseParams, policySource: 'json', policyJson } });
			expect(out[SEND].map((i) => decision(i).step)).toEqual(['late', 'late']);
			expect(ar(out[SEND][0]).policyVersion).toMatch(/^strict@v1#/);
			expect(ctx.parameterReads.get('policyJson')).toBe(1);
			expect(ctx.parameterReads.get('inputShape')).toBe(1);
		}
	});

	it('rejects an invalid policy naming the field, before touching any item', async () => {
		await expect(run(node, [item()], { params: { ...baseParams, policySource: 'json', policyJson: { quietHours: { start: '9pm' } } } })).rejects.toThrow(
			'Invalid policy.quietHours.start: must be a time HH:mm (24h)',
		);
		const { out } = await run(node, [item(), item()], { params: { ...baseParams, policySource: 'json', policyJson: { quietHours: { start: '9pm' } } }, continueOnFail: true });
		expect(out[HUMAN]).toHaveLength(2);
		expect(out[SEND]).toHaveLength(0);
	});

	it('honours the UI settings', async () => {
		const params = { ...baseParams, policySettings: { quietStart: '10:00', quietEnd: '12:00' } };
		const { out } = await run(node, [item()], { params });
		expect(decision(out[HOLD][0])).toMatchObject({ code: 'QUIET_HOURS', resumeAt: '2026-03-17T16:00:00.000Z' });
	});

	it('maps a Stripe invoice object (amounts in cents, Unix dates)', async () => {
		const stripe = {
			id: 'in_1Abc',
			object: 'invoice',
			number: 'ACME-0042',
			customer: 'cus_9',
			customer_email: 'billing@globex.example.com',
			customer_name: 'Globex',
			customer_address: { country: 'US' },
			amount_due: 123456,
			amount_paid: 0,
			currency: 'usd',
			created: Date.parse('2026-02-08T12:00:00Z') / 1000,
			due_date: Date.parse('2026-03-10T12:00:00Z') / 1000,
			status: 'open',
			collection_method: 'send_invoice',
			hosted_invoice_url: 'https://invoice.stripe.com/i/acct_1/test_abc',
			lines: { data: [{ description: 'Pro plan', amount: 123456, quantity: 1 }] },
		};
		const { out } = await run(node, [stripe], { params: { ...baseParams, inputShape: 'stripe' } });
		const f = ar(out[SEND][0]);
		expect(f.invoice).toMatchObject({ invoiceId: 'in_1Abc', number: 'ACME-0042', amount: 1234.56, currency: 'USD', dueDate: '2026-03-10', paymentLink: 'https://invoice.stripe.com/i/acct_1/test_abc' });
		expect(f.customer).toMatchObject({ customerId: 'cus_9', email: 'billing@globex.example.com', country: 'US' });
		expect(decision(out[SEND][0]).step).toBe('D+7');
		// The customer expanded, with a credit balance (negative, in cents) that covers the invoice: a person applies it.
		const credited = { ...stripe, customer: { id: 'cus_9', balance: -150000 } };
		const withCredit = await run(node, [credited], { params: { ...baseParams, inputShape: 'stripe' } });
		expect(ar(withCredit.out[HUMAN][0]).customer).toMatchObject({ customerId: 'cus_9', unappliedCredit: 1500 });
		expect(decision(withCredit.out[HUMAN][0])).toMatchObject({ outcome: 'human', code: 'CREDIT_ON_ACCOUNT' });
		// An amount owed (positive balance) is no credit.
		const owed = await run(node, [{ ...stripe, customer: { id: 'cus_9', balance: 5000 } }], { params: { ...baseParams, inputShape: 'stripe' } });
		expect(decision(owed.out[SEND][0]).step).toBe('D+7');
	});

	it('reads a CSV column of unapplied credit, and names the field of a bad one', async () => {
		const row = { 'Invoice Number': 'INV-78', 'Customer ID': 'K1', 'Customer Name': 'Initech', Email: 'ap@initech.example.com', Amount: '$1,250.00', Currency: 'USD', 'Due Date': '2026-03-10', 'Time Zone': 'America/Chicago', Country: 'US', 'Unapplied Credit': '$1,250.00' };
		const { out } = await run(node, [row], { params: { ...baseParams, inputShape: 'csv' } });
		expect(decision(out[HUMAN][0])).toMatchObject({ code: 'CREDIT_ON_ACCOUNT' });
		await expect(run(node, [{ ...row, 'Unapplied Credit': '-40' }], { params: { ...baseParams, inputShape: 'csv' } })).rejects.toThrow(/customer\.unappliedCredit/);
	});

	it('maps a CSV row with per-field overrides', async () => {
		const row = { 'Invoice Number': 'INV-77', 'Customer ID': 'K1', 'Customer Name': 'Initech', Email: 'ap@initech.example.com', Amount: '$1,250.00', Currency: 'USD', 'Due Date': '2026-03-10', 'Contact TZ': 'America/Chicago', Country: 'US' };
		const params = { ...baseParams, inputShape: 'csv', fieldOverrides: { field: [{ target: 'customer.timeZone', path: 'Contact TZ' }] } };
		const { out } = await run(node, [row], { params });
		const f = ar(out[SEND][0]);
		expect(f.invoice).toMatchObject({ invoiceId: 'INV-77', amount: 1250 });
		expect(f.customer).toMatchObject({ timeZone: 'America/Chicago', name: 'Initech' });
	});

	it('handles empty input', async () => {
		const { out } = await run(node, [], { params: baseParams });
		expect(out).toEqual([[], [], [], []]);
	});

	it('processes 10,000 items, each on exactly one output, reading parameters once', async () => {
		const items = Array.from({ length: 10_000 }, (_, i) => item({ invoiceId: `I${i}`, customerId: `C${i % 2500}` }));
		const { out, ctx } = await run(node, items, { params: baseParams });
		expect(pairedIndexes(out)).toEqual(items.map((_, i) => i));
		for (const [name, count] of ctx.parameterReads) expect([name, count]).toEqual([name, 1]);
	});
});
