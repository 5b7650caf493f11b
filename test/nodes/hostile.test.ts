/**
 * Hostile input across the AR nodes: every item ends on exactly one output (a route, or the safe
 * output with its error), and without Continue On Fail the run fails with a NodeOperationError that
 * names the item. Never an exception from deep inside, never a dropped or duplicated item, and never a
 * bad item on Send.
 */
import fc from 'fast-check';
import { NodeOperationError, type IDataObject, type INodeType } from 'n8n-workflow';

import { ArAgingRouter } from '../../nodes/ArAgingRouter/ArAgingRouter.node';
import { ArRiskScore } from '../../nodes/ArRiskScore/ArRiskScore.node';
import { ArStopCheck } from '../../nodes/ArStopCheck/ArStopCheck.node';
import { baseParams, item } from './fixtures';
import { pairedIndexes, run } from './context';
import { hostileValues } from './hostileValues';

const NODES: Array<[string, INodeType]> = [
	['AR Risk Score', new ArRiskScore()],
	['AR Aging Router', new ArAgingRouter()],
	['AR Stop Check', new ArStopCheck()],
];

const BAD_VALUES = hostileValues(1_000_000);

const INVOICE_FIELDS = ['invoiceId', 'customerId', 'amount', 'amountPaid', 'currency', 'issueDate', 'dueDate', 'status', 'paymentLink', 'autoCharge', 'touches', 'holds', 'history', 'approvals'];
const CUSTOMER_FIELDS = ['customerId', 'name', 'email', 'phone', 'timeZone', 'country', 'region', 'locale', 'segment', 'keyAccount', 'optOut', 'preferredChannel', 'annualValue', 'accountOwner'];

function mutated(): Array<{ name: string; json: IDataObject }> {
	const cases: Array<{ name: string; json: IDataObject }> = [];
	for (const [label, value] of BAD_VALUES) {
		for (const f of INVOICE_FIELDS) {
			const json = item({ invoiceId: `I-${cases.length}`, customerId: `C-${cases.length}` });
			if (value === undefined) delete json[f];
			else json[f] = value as never;
			cases.push({ name: `invoice.${f} ${label}`, json });
		}
		for (const f of CUSTOMER_FIELDS) {
			const json = item({ invoiceId: `I-${cases.length}`, customerId: `C-${cases.length}` });
			const customer = json.customer as IDataObject;
			if (value === undefined) delete customer[f];
			else customer[f] = value as never;
			cases.push({ name: `customer.${f} ${label}`, json });
		}
	}
	cases.push({ name: 'customer not an object', json: { ...item(), customer: 'C1' } });
	cases.push({ name: 'no customer', json: { ...item(), customer: undefined } });
	cases.push({ name: 'empty item', json: {} });
	cases.push({ name: '__proto__ at top', json: JSON.parse('{"__proto__": {"status": "paid"}, "invoiceId": "P"}') });
	cases.push({ name: 'touches with junk', json: item({ touches: [null, 1, 'x', { step: {} }] }) });
	cases.push({ name: 'holds with junk', json: item({ holds: [{ type: '__proto__', invoiceId: 'INV-1' }] }) });
	cases.push({ name: 'history of 6000 entries', json: item({ history: Array.from({ length: 6000 }, () => ({ dueDate: '2025-01-01', amount: 1 })) }) });
	return cases;
}

describe('hostile input across the AR nodes', () => {
	const cases = mutated();
	let tried = 0;

	afterAll(() => {
		// eslint-disable-next-line no-console
		console.log(`hostile input: ${tried} cases tried across ${NODES.length} nodes (${cases.length} mutated items, fuzzed items, empty input, 10,000-item batch)`);
	});

	it.each(NODES)('%s: every mutated item ends on exactly one output, with Continue On Fail', async (_name, node) => {
		const { out } = await run(node, cases.map((c) => c.json), { params: baseParams, continueOnFail: true });
		expect(pairedIndexes(out)).toEqual(cases.map((_, i) => i));
		for (const branch of out) {
			for (const x of branch) {
				if (x.json.error) {
					// A typed validation error naming a field, never an exception from deep inside.
					expect(x.json.error).toMatch(/^Invalid [\w.[\]]+ in item \d+: /);
				}
			}
		}
		if (node instanceof ArStopCheck) {
			// A bad item never leaves on Send.
			for (const x of out[0]) expect(x.json.error).toBeUndefined();
		}
		tried += cases.length;
	});

	it.each(NODES)('%s: without Continue On Fail, each bad item fails the run with a NodeOperationError naming it', async (_name, node) => {
		for (const c of cases) {
			try {
				const { out } = await run(node, [item({ invoiceId: 'OK', customerId: 'OK' }), c.json], { params: baseParams });
				expect(pairedIndexes(out)).toEqual([0, 1]);
			} catch (e) {
				expect(e).toBeInstanceOf(NodeOperationError);
				expect((e as NodeOperationError).context.itemIndex).toBe(1);
				expect((e as Error).message).toMatch(/^Invalid [\w.[\]]+ in item 1: /);
			}
			tried++;
		}
	});

	it.each(NODES)('%s: fuzzed items never crash the node', async (_name, node) => {
		await fc.assert(
			fc.asyncProperty(fc.array(fc.oneof(fc.object(), fc.dictionary(fc.constantFrom(...INVOICE_FIELDS, 'customer'), fc.anything())), { maxLength: 5 }), async (items) => {
				const { out } = await run(node, items as IDataObject[], { params: baseParams, continueOnFail: true });
				expect(pairedIndexes(out)).toEqual(items.map((_, i) => i));
				tried += items.length;
			}),
			{ numRuns: 150 },
		);
	});

	it.each(NODES)('%s: empty input gives empty outputs', async (_name, node) => {
		const { out } = await run(node, [], { params: baseParams });
		expect(out.every((b) => b.length === 0)).toBe(true);
		tried++;
	});

	it.each(NODES)('%s: 10,000 mixed items, each on exactly one output', async (_name, node) => {
		const items = Array.from({ length: 10_000 }, (_, i) => (i % 10 === 0 ? cases[i % cases.length].json : item({ invoiceId: `B${i}`, customerId: `BC${i % 3000}` })));
		const { out } = await run(node, items, { params: baseParams, continueOnFail: true });
		expect(pairedIndexes(out)).toEqual(items.map((_, i) => i));
		tried += items.length;
	});

	it('does not pollute prototypes', () => {
		expect(({} as IDataObject).polluted).toBeUndefined();
		expect(({} as IDataObject).status).toBeUndefined();
	});
});
