/**
 * AR Metrics node adapter: Compute Metrics (all items in, one out; nested history and touches; bad rows
 * named, or kept as error items under Continue On Fail), Render Report (HTML, text, binary file) and
 * Replay Policy (with a compared policy).
 */
import * as fs from 'fs';
import * as path from 'path';
import { NodeOperationError, type IDataObject, type INodeExecutionData } from 'n8n-workflow';

import { ArMetrics } from '../../nodes/ArMetrics/ArMetrics.node';
import { periodFor } from '../../nodes/ArMetrics/actions/period';
import { parseDay } from '../../nodes/core/dates';
import { SMALL_LEDGER } from '../core/metrics/fixtures';
import { mockContext, type MockOptions } from './context';

const node = new ArMetrics();

async function exec(items: IDataObject[], options: MockOptions = {}): Promise<INodeExecutionData[][]> {
	const ctx = mockContext(items, options) as unknown as Record<string, unknown>;
	ctx.getTimezone = () => 'UTC';
	ctx.helpers = {
		prepareBinaryData: async (data: Buffer, fileName: string, mimeType: string) => ({ data: data.toString('base64'), fileName, mimeType, fileSize: String(data.length) }),
	};
	return (await node.execute!.call(ctx as never)) as INodeExecutionData[][];
}

const MARCH = { operation: 'computeMetrics', period: 'custom', from: '2026-03-01', to: '2026-03-31' };
const touch = { invoiceId: 'C', step: 'D+1', channel: 'email', sentAt: '2026-03-23T09:00:00Z', status: 'sent' };

describe('AR Metrics: Compute Metrics', () => {
	test('all items in, one metrics item out, paired with every item', async () => {
		const [out] = await exec([...SMALL_LEDGER, touch], { params: MARCH });
		expect(out).toHaveLength(1);
		const m = out[0].json;
		expect(m.dso).toEqual({ simple: 38.2, countBack: 38.6, bestPossible: 21.6 });
		expect(m.cei).toBe(66.2);
		expect((m.touches as IDataObject).total).toBe(1);
		expect(m.input).toEqual({ items: 11, ledgerRows: 10, touches: 1, approvals: 0, emptyItems: 0, errors: 0, skippedHistory: 0 });
		expect(out[0].pairedItem).toEqual(Array.from({ length: 11 }, (_, item) => ({ item })));
	});

	test('store rows as items: ar_touches and ar_approvals rows next to the ledger, an empty item skipped, one dedupe rule', async () => {
		// As the weekly report workflow feeds it: the ledger, the Data Table rows (with their id / createdAt /
		// updatedAt system columns) and the empty item a Data Table node with Always Output Data emits for an
		// empty table. The same touch also comes nested on an invoice item (the daily run's shape): counted once.
		const sys = { id: 7, createdAt: '2026-03-07T09:00:00.000Z', updatedAt: '2026-03-08T15:00:00.000Z' };
		const request = { ...sys, dedupeKey: 'A:D+21:approval', invoiceId: 'A', customerId: 'CUS-A', step: 'D+21', channel: 'internal', sentAt: '2026-03-07T09:00:00Z', status: 'sent', tone: 'firm', outcome: 'approval', kind: 'approval-request' };
		const sent = { ...sys, id: 8, dedupeKey: 'A:D+21:email', invoiceId: 'A', customerId: 'CUS-A', step: 'D+21', channel: 'email', sentAt: '2026-03-09T09:00:00Z', status: 'sent', tone: 'firm', outcome: 'send', kind: 'reminder' };
		const decision = { ...sys, id: 3, approvalKey: 'A:D+21:approval', invoiceId: 'A', step: 'D+21', decision: 'approved', by: 'slack', decidedAt: '2026-03-08T15:00:00Z' };
		const withNested = { ...SMALL_LEDGER[0], touches: [{ invoiceId: 'A', step: 'D+21', channel: 'email', sentAt: '2026-03-09T09:00:00Z', status: 'sent', dedupeKey: 'A:D+21:email' }] };
		const [out] = await exec([withNested, ...SMALL_LEDGER.slice(1), request, sent, decision, {}], { params: MARCH });
		const m = out[0].json as IDataObject & { touches: IDataObject; input: IDataObject };
		expect(m.input).toEqual({ items: 14, ledgerRows: 10, touches: 2, approvals: 1, emptyItems: 1, errors: 0, skippedHistory: 0 });
		// A D+21: the request and the approved message are one escalated step; requested and granted in March
		expect(m.touches).toMatchObject({ total: 2, byOutcome: { approval: 1, send: 1 }, byTone: { firm: 2 }, escalations: 1, approvals: { requested: 1, approved: 1, rejected: 0, pending: 0, undated: 0 } });
		expect(out[0].pairedItem).toEqual(Array.from({ length: 14 }, (_, item) => ({ item })));
		// The daily run's items carry the engine's approvals: read too (dated by the request)
		const [nested] = await exec([{ ...SMALL_LEDGER[0], approvals: [{ invoiceId: 'A', step: 'D+21', decision: 'approved', by: 'slack' }] }, request], { params: MARCH });
		expect((nested[0].json.touches as IDataObject).approvals).toEqual({ requested: 1, approved: 1, rejected: 0, pending: 0, undated: 0 });
		// A Postgres ar_touches row (snake_case, claim state) is a touch too
		const pg = { dedupe_key: 'C:D+1:email', invoice_id: 'C', customer_id: 'CUS-C', step: 'D+1', channel: 'email', sent_at: '2026-03-23T09:00:00Z', state: 'sent' };
		const [fromPg] = await exec([...SMALL_LEDGER, pg], { params: MARCH });
		expect(fromPg[0].json.touches).toMatchObject({ total: 1, byStatus: { sent: 1 }, byOutcome: { send: 1 } });
		// A bad approval row names its item and field
		await expect(exec([SMALL_LEDGER[0], { ...decision, decision: 'perhaps' }], { params: MARCH })).rejects.toThrow('Invalid decision in item 1: must be approved or rejected');
	});

	test('the sample ledger: open invoices with their history and touches give a year of figures', async () => {
		const sample = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'workflows', 'sample-ledger.json'), 'utf8')) as { invoices: IDataObject[] };
		const [out] = await exec(sample.invoices, { params: { operation: 'computeMetrics', period: 'last90', asOf: '2026-03-17', metricsOptions: { currency: 'USD' } } });
		const m = out[0].json as IDataObject & { totals: IDataObject; period: IDataObject; input: IDataObject; touches: IDataObject };
		expect(m.period).toEqual({ from: '2025-12-18', to: '2026-03-17', days: 90 });
		expect(m.totals.endAR).toBeGreaterThan(0);
		expect(m.input.ledgerRows).toBeGreaterThan(sample.invoices.length);
		expect(m.touches.total).toBeGreaterThan(0);
	});

	test('a bad row names its item and field; with Continue On Fail it leaves as an error item and the rest counts', async () => {
		const items = [SMALL_LEDGER[0], { ...SMALL_LEDGER[1], dueDate: '2026-02-30' }, SMALL_LEDGER[2]];
		await expect(exec(items, { params: MARCH })).rejects.toThrow(NodeOperationError);
		await expect(exec(items, { params: MARCH })).rejects.toThrow('Invalid dueDate in item 1: must be a date (YYYY-MM-DD or ISO 8601)');
		const [out] = await exec(items, { params: MARCH, continueOnFail: true });
		expect(out).toHaveLength(2);
		expect(out[0].pairedItem).toEqual([{ item: 0 }, { item: 2 }]);
		expect(out[1].pairedItem).toEqual({ item: 1 });
		expect(out[1].json.error).toBe('Invalid dueDate in item 1: must be a date (YYYY-MM-DD or ISO 8601)');
		const [viaErrorOutput] = await exec(items, { params: MARCH, onError: 'continueErrorOutput' });
		expect(viaErrorOutput[1].json).toEqual({ error: 'Invalid dueDate in item 1: must be a date (YYYY-MM-DD or ISO 8601)', details: { code: 'INVALID_INPUT', field: 'dueDate', itemIndex: 1 } });
	});

	test('column names from the node, and a bad parameter fails the run naming it', async () => {
		const rows = [{ 'Doc #': 'A1', Customer: 'C', Amount: '100', Currency: 'EUR', 'Invoice Date': '2026-03-02', 'Due Date': '2026-03-20', Settled: '2026-03-10' }];
		const [out] = await exec(rows, { params: { ...MARCH, columns: { column: [{ field: 'invoiceId', name: 'Doc #' }, { field: 'paidDate', name: 'Settled' }, { field: 'customerId', name: 'Customer' }] } } });
		expect((out[0].json.onTime as IDataObject).rate).toBe(1);
		await expect(exec(rows, { params: { ...MARCH, metricsOptions: { bucketEdges: '30,sixty' } } })).rejects.toThrow('Invalid metricsOptions.bucketEdges: must be whole numbers');
		await expect(exec(rows, { params: { ...MARCH, from: '' } })).rejects.toThrow('Invalid from: is required (YYYY-MM-DD)');
	});

	test('periods: last 90 days, last full month, month to date', () => {
		const d = parseDay('2026-03-17') as number;
		expect(periodFor('last90', d)).toEqual({ from: '2025-12-18', to: '2026-03-17' });
		expect(periodFor('last30', d)).toEqual({ from: '2026-02-16', to: '2026-03-17' });
		expect(periodFor('lastMonth', d)).toEqual({ from: '2026-02-01', to: '2026-02-28' });
		expect(periodFor('lastMonth', parseDay('2026-03-31') as number)).toEqual({ from: '2026-03-01', to: '2026-03-31' });
		expect(periodFor('monthToDate', d)).toEqual({ from: '2026-03-01', to: '2026-03-17' });
	});
});

describe('AR Metrics: Render Report', () => {
	test('metrics item -> HTML, text, subject and an HTML file', async () => {
		const [[metrics]] = await exec(SMALL_LEDGER, { params: MARCH });
		const [out] = await exec([metrics.json], { params: { operation: 'renderReport', reportOptions: { title: 'Weekly AR', subtitle: 'Acme' } } });
		expect(out[0].json.subject).toBe('Weekly AR: 2026-03-01 to 2026-03-31 · DSO 38.2 days · CEI 66.2 %');
		expect(out[0].json.html).toContain('<svg id="chart-aging"');
		expect(out[0].json.text).toContain('DSO 38.2 days');
		expect(out[0].binary?.report).toMatchObject({ fileName: 'ar-report-2026-03-31.html', mimeType: 'text/html' });
		expect(out[0].pairedItem).toEqual({ item: 0 });
		// from a field, no file
		const [nested] = await exec([{ metrics: metrics.json }], { params: { operation: 'renderReport', metricsField: 'metrics', reportOptions: { asFile: false } } });
		expect(nested[0].binary).toBeUndefined();
	});

	test('an item without metrics is named; Continue On Fail keeps it', async () => {
		await expect(exec([{ hello: 1 }], { params: { operation: 'renderReport' } })).rejects.toThrow('Invalid metrics in item 0: must be the output of AR Metrics: Compute Metrics');
		const [out] = await exec([{ hello: 1 }], { params: { operation: 'renderReport' }, continueOnFail: true });
		expect(out[0].json.error).toMatch(/Invalid metrics in item 0/);
	});
});

describe('AR Metrics: Replay Policy', () => {
	const ledger = [
		{ invoiceId: 'I1', customerId: 'C1', amount: 500, currency: 'GBP', issueDate: '2026-03-02', dueDate: '2026-03-16', paidDate: '2026-03-24', customer: { email: 'a@x.example.com', phone: '+44 20 7946 0000' } },
		{ invoiceId: 'I2', customerId: 'C2', amount: 900, currency: 'GBP', issueDate: '2026-02-02', dueDate: '2026-03-04', customer: { email: 'b@x.example.com' } },
	];
	const params = { operation: 'replayPolicy', replayFrom: '2026-03-02', replayTo: '2026-03-31', policySource: 'json', policyJson: { policy: { name: 'house' } } };

	test('one item with the report and its text; a compared policy side by side', async () => {
		const gentle = { name: 'gentle', steps: [{ id: 'D+7', offsetDays: 7, label: 'Reminder', tone: 'friendly', channels: ['email'] }] };
		const [out] = await exec(ledger, { params: { ...params, replayOptions: { comparePolicy: JSON.stringify(gentle), compareLabel: 'gentle' } } });
		expect(out).toHaveLength(1);
		const replay = out[0].json.replay as IDataObject & { messages: IDataObject; policy: IDataObject };
		expect(replay.policy.name).toBe('house');
		expect(replay.messages.total).toBeGreaterThan((out[0].json.compared as { messages: { total: number } }).messages.total);
		expect(out[0].json.text).toMatch(/^Policy replay: house/);
		expect(out[0].json.comparison).toMatch(/house\s+gentle\s+change/);
		expect(out[0].pairedItem).toEqual([{ item: 0 }, { item: 1 }]);
	});

	test('a bad compared policy or period is named', async () => {
		await expect(exec(ledger, { params: { ...params, replayOptions: { comparePolicy: '{"touchCap":{"perCustomerPerWeek":-1}}' } } })).rejects.toThrow(/Invalid replayOptions\.comparePolicy\.touchCap/);
		await expect(exec(ledger, { params: { ...params, replayTo: '31/03/2026' } })).rejects.toThrow('Invalid replayTo: must be a date (YYYY-MM-DD)');
	});
});

describe('AR Metrics: package', () => {
	test('is registered in package.json with its codex and two 64x64 icons; the CLI is a bin', () => {
		const root = path.join(__dirname, '..', '..');
		const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
		expect(pkg.n8n.nodes).toContain('dist/nodes/ArMetrics/ArMetrics.node.js');
		expect(pkg.bin).toEqual({ 'ar-followup': 'dist/nodes/cli/ar-followup.js' });
		expect(fs.readFileSync(path.join(root, 'nodes', 'cli', 'ar-followup.ts'), 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
		const codex = JSON.parse(fs.readFileSync(path.join(root, 'nodes', 'ArMetrics', 'ArMetrics.node.json'), 'utf8'));
		expect(codex.node).toBe('n8n-nodes-ar-followup.arMetrics');
		for (const icon of ['arMetrics.svg', 'arMetrics.dark.svg']) {
			expect(fs.readFileSync(path.join(root, 'nodes', 'ArMetrics', icon), 'utf8')).toMatch(/^<svg [^>]*viewBox="0 0 64 64" width="64" height="64"/);
		}
	});

	test('the weekly report workflow: the installed package\'s node types, the store read with Data Table nodes, the webhook behind basic auth', () => {
		const wf = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'workflows', 'ar-weekly-report.workflow.json'), 'utf8')) as {
			nodes: Array<{ name: string; type: string; parameters: IDataObject; credentials?: IDataObject; onError?: string; alwaysOutputData?: boolean }>;
			connections: Record<string, { main: Array<Array<{ node: string }>> }>;
		};
		const byName = new Map(wf.nodes.map((n) => [n.name, n]));
		expect(byName.get('AR Metrics')?.type).toBe('n8n-nodes-ar-followup.arMetrics');
		expect(byName.get('Render Report')?.parameters.operation).toBe('renderReport');
		expect(JSON.stringify(byName.get('Respond with Report')?.parameters)).toContain('text/html');
		expect((byName.get('Send Report')?.credentials?.smtp as IDataObject).name).toBe('AR SMTP');
		expect(wf.nodes.map((n) => n.type)).toEqual(expect.arrayContaining(['n8n-nodes-base.scheduleTrigger', 'n8n-nodes-base.manualTrigger', 'n8n-nodes-base.webhook', 'n8n-nodes-base.emailSend', 'n8n-nodes-base.respondToWebhook']));
		// The browser webhook: basic auth with a credential referenced by name, no secret in the workflow
		const hook = byName.get('Open Report in Browser')!;
		expect(hook.parameters).toMatchObject({ httpMethod: 'GET', path: 'ar-report', responseMode: 'responseNode', authentication: 'basicAuth' });
		expect(hook.credentials).toEqual({ httpBasicAuth: { id: 'arReportViewer01', name: 'AR Report Viewer' } });
		expect(JSON.stringify(wf)).not.toMatch(/"(password|user)"\s*:/i);
		for (const n of wf.nodes) for (const c of Object.values(n.credentials ?? {})) expect(Object.keys(c as IDataObject).sort()).toEqual(['id', 'name']);
		// The store: ar_touches and ar_approvals read with n8n's Data Table node, a missing table not stopping the run,
		// and their rows reach AR Metrics with the ledger
		for (const [name, table] of [['Load Touch Log', 'ar_touches'], ['Load Approvals', 'ar_approvals']]) {
			const n = byName.get(name)!;
			expect(n.type).toBe('n8n-nodes-base.dataTable');
			expect(n.parameters).toMatchObject({ resource: 'row', operation: 'get', returnAll: true, dataTableId: { mode: 'name', value: table } });
			expect(n).toMatchObject({ onError: 'continueRegularOutput', alwaysOutputData: true });
		}
		const next = (n: string) => wf.connections[n].main[0].map((l) => l.node);
		expect(['Settings', 'Load Touch Log', 'Load Approvals', 'Store Status', 'Sample Ledger', 'Ledger and Store Rows'].map(next)).toEqual([['Load Touch Log'], ['Load Approvals'], ['Store Status'], ['Sample Ledger'], ['Ledger and Store Rows'], ['AR Metrics']]);
		expect(String((byName.get('Render Report')!.parameters.reportOptions as IDataObject).subtitle)).toContain("$('Store Status').first().json.note");
	});
});
