/**
 * The chain Risk Score -> Aging Router -> Stop Check (issue 10): downstream nodes share the upstream node's
 * equal validated records and risk result instead of holding copies (n8n keeps every node's output for the
 * whole run), but never share a record that changed between the nodes.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { ArAgingRouter } from '../../nodes/ArAgingRouter/ArAgingRouter.node';
import { ArRiskScore } from '../../nodes/ArRiskScore/ArRiskScore.node';
import { ArStopCheck } from '../../nodes/ArStopCheck/ArStopCheck.node';
import { baseParams, item } from './fixtures';
import { run } from './context';

const ar = (x: INodeExecutionData) => x.json.arFollowUp as IDataObject;
const all = (out: INodeExecutionData[][]) => out.flat();

describe('AR node chain: shared records', () => {
	it('shares equal invoice, customer and risk objects downstream, with the same content as fresh ones', async () => {
		const items = [item({ invoiceId: 'A' }), item({ invoiceId: 'B', customerId: 'C2', dueDate: '2026-03-20', touches: [] }, { optOut: ['sms'], accountOwner: { name: 'Kim', email: 'kim@example.com' } })];
		const risk = all((await run(new ArRiskScore(), items, { params: baseParams })).out);
		const aging = all((await run(new ArAgingRouter(), risk.map((x) => x.json), { params: baseParams })).out);
		const stop = all((await run(new ArStopCheck(), aging.map((x) => x.json), { params: baseParams })).out);
		const fresh = all((await run(new ArStopCheck(), items, { params: baseParams })).out);
		for (const id of ['A', 'B']) {
			const r = ar(risk.find((x) => x.json.invoiceId === id)!);
			const a = ar(aging.find((x) => x.json.invoiceId === id)!);
			const s = ar(stop.find((x) => x.json.invoiceId === id)!);
			const f = ar(fresh.find((x) => x.json.invoiceId === id)!);
			expect(a.invoice).toBe(r.invoice);
			expect(a.customer).toBe(r.customer);
			expect(s.invoice).toBe(r.invoice);
			expect(s.customer).toBe(r.customer);
			expect(s.risk).toBe(r.risk);
			// Same content as a Stop Check that validated and scored on its own.
			expect(s.invoice).toEqual(f.invoice);
			expect(s.customer).toEqual(f.customer);
			expect(s.risk).toEqual(f.risk);
			expect(s.decision).toEqual(f.decision);
			// The engine shares frozen lists between decisions; an item's own lists are its own.
			expect(Object.isFrozen((s.decision as IDataObject).reasons)).toBe(false);
		}
	});

	it('emits one customer record for a customer\'s invoices in a run, and its own for a changed one', async () => {
		// A customer's invoices carry equal records: one object in the output (n8n holds it for the whole execution),
		// a copy of the validated record (the validator's own objects die with the item).
		const items = [item({ invoiceId: 'A' }), item({ invoiceId: 'B' }), item({ invoiceId: 'C' }, { email: 'ap@acme.example.com' })];
		const risk = all((await run(new ArRiskScore(), items, { params: baseParams })).out);
		const [a, b, c] = ['A', 'B', 'C'].map((id) => ar(risk.find((x) => x.json.invoiceId === id)!));
		expect(a.customerId).toBe(b.customerId);
		expect(b.customer).toBe(a.customer);
		expect(c.customerId).toBe(a.customerId);
		expect(c.customer).not.toBe(a.customer);
		expect((c.customer as IDataObject).email).toBe('ap@acme.example.com');
		// Invoices are each their own.
		expect(b.invoice).not.toBe(a.invoice);
		// A new run shares nothing with the last.
		const again = all((await run(new ArRiskScore(), items.slice(0, 1), { params: baseParams })).out);
		expect(ar(again[0]).customer).not.toBe(a.customer);
		expect(ar(again[0]).customer).toEqual(a.customer);
	});

	it('does not share a record that changed between the nodes', async () => {
		const risk = all((await run(new ArRiskScore(), [item({ invoiceId: 'A' })], { params: baseParams })).out);
		const changed = { ...risk[0].json, amountPaid: 200, customer: { ...(risk[0].json.customer as IDataObject), email: 'ap@acme.example.com' } };
		const stop = all((await run(new ArStopCheck(), [changed], { params: baseParams })).out);
		const r = ar(risk[0]);
		const s = ar(stop[0]);
		expect(s.invoice).not.toBe(r.invoice);
		expect((s.invoice as IDataObject).amountPaid).toBe(200);
		expect(s.customer).not.toBe(r.customer);
		expect((s.customer as IDataObject).email).toBe('ap@acme.example.com');
	});
});
