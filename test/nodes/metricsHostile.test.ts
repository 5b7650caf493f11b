/**
 * AR Metrics under hostile input: every ledger field of a valid row replaced by each hostile value.
 * Compute Metrics and Replay Policy either take the row or name the item and field; with Continue On Fail
 * no item is lost (used in the figures, or an error item) and the report never carries raw markup.
 */
import { NodeOperationError, type IDataObject, type INodeExecutionData } from 'n8n-workflow';

import { ArMetrics } from '../../nodes/ArMetrics/ArMetrics.node';
import { mockContext, type MockOptions } from './context';
import { hostileValues } from './hostileValues';

const node = new ArMetrics();
async function exec(items: IDataObject[], options: MockOptions): Promise<INodeExecutionData[][]> {
	const ctx = mockContext(items, options) as unknown as Record<string, unknown>;
	ctx.getTimezone = () => 'UTC';
	ctx.helpers = { prepareBinaryData: async (data: Buffer, fileName: string, mimeType: string) => ({ data: data.toString('base64'), fileName, mimeType }) };
	return (await node.execute!.call(ctx as never)) as INodeExecutionData[][];
}

const base = (): IDataObject => ({
	invoiceId: 'H1',
	customerId: 'C1',
	amount: 100,
	currency: 'EUR',
	issueDate: '2026-03-02',
	dueDate: '2026-03-20',
	paidDate: '2026-03-25',
	status: 'paid',
	disputed: false,
	customer: { name: 'Acme', email: 'ap@acme.example.com', segment: 'smb', keyAccount: false, timeZone: 'Europe/Berlin', country: 'DE' },
});
const FIELDS = ['invoiceId', 'customerId', 'amount', 'currency', 'issueDate', 'dueDate', 'paidDate', 'status', 'disputed', 'customer', 'customer.segment', 'customer.email', 'customer.timeZone', 'customer.country', 'history', 'touches'];

function withValue(field: string, value: unknown): IDataObject {
	// Another invoice of another customer, so the customer's own fields are read from this row.
	const row: IDataObject = { ...base(), invoiceId: 'H2', customerId: 'C2' };
	if (field.startsWith('customer.')) (row.customer as IDataObject)[field.slice(9)] = value as never;
	else row[field] = value as never;
	return row;
}

describe('AR Metrics hostile input', () => {
	const operations: Array<[string, IDataObject]> = [
		['computeMetrics', { operation: 'computeMetrics', period: 'custom', from: '2026-03-01', to: '2026-03-31' }],
		['replayPolicy', { operation: 'replayPolicy', replayFrom: '2026-03-02', replayTo: '2026-03-31' }],
	];
	for (const [name, params] of operations) {
		test(`${name}: each hostile value in each field is taken or named`, async () => {
			let cases = 0;
			for (const field of FIELDS) {
				for (const [label, value] of hostileValues(100_000)) {
					cases++;
					const items = [base(), withValue(field, value)];
					try {
						const [out] = await exec(items, { params });
						expect(out).toHaveLength(1);
					} catch (e) {
						expect({ field, label, error: e instanceof NodeOperationError }).toEqual({ field, label, error: true });
						// a bad row names its item; a currency that falls back to the default mixes currencies (the run's error)
						expect((e as Error).message).toMatch(/^Invalid \S+ in item 1: |^Invalid currency: the ledger mixes currencies/);
					}
					const [kept] = await exec(items, { params, continueOnFail: true });
					const paired = kept.flatMap((i) => (Array.isArray(i.pairedItem) ? i.pairedItem : [i.pairedItem])).map((p) => (p as { item: number }).item).sort();
					expect({ field, label, paired }).toEqual({ field, label, paired: [0, 1] });
				}
			}
			expect(cases).toBe(FIELDS.length * hostileValues(1).length);
		}, 120_000);
	}

	test('the report escapes hostile segment names', async () => {
		const [[m]] = await exec([withValue('customer.segment', '<img src=x onerror=alert(1)>')], { params: operations[0][1] });
		const [[r]] = await exec([m.json], { params: { operation: 'renderReport', reportOptions: { asFile: false } } });
		expect(r.json.html).not.toContain('<img');
		expect(r.json.html).toContain('&lt;img src=x onerror=alert(1)&gt;');
	});
});
