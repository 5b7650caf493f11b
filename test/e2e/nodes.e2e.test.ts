/**
 * The AR nodes in a real n8n 2.x, installed from the packed tarball as the Community Nodes panel does:
 * Manual Trigger -> Sample Invoices (Code) -> AR Risk Score -> AR Aging Router -> AR Stop Check,
 * executed headless with `n8n execute`.
 */
import * as fs from 'fs';
import * as path from 'path';

import { executeWorkflow, removeUserFolder, type N8nRun, type UserFolder } from './n8n-harness';
import { importWorkflowObject, userFolderWithPackage } from './package';

const describeE2E = process.env.N8N_E2E_SKIP === '1' ? describe.skip : describe;
const AS_OF = '2026-03-17T15:00:00Z';

const customer = (id: string, over: Record<string, unknown> = {}) => ({
	customerId: id,
	name: `Customer ${id}`,
	firstName: 'Sam',
	email: `ap@${id.toLowerCase()}.example.com`,
	phone: '+1 212 555 0100',
	timeZone: 'America/New_York',
	country: 'US',
	segment: 'smb',
	...over,
});
const INVOICES = [
	// D+7 today, D+1 already sent: Send.
	{ invoiceId: 'E2E-SEND', customerId: 'A', amount: 1200, currency: 'USD', issueDate: '2026-02-08', dueDate: '2026-03-10', touches: [{ invoiceId: 'E2E-SEND', step: 'D+1', channel: 'email', sentAt: '2026-03-11T14:00:00Z' }, { invoiceId: 'E2E-SEND', step: 'D+1', channel: 'sms', sentAt: '2026-03-11T14:00:00Z' }], customer: customer('A') },
	// Paid: Hold (and never a message).
	{ invoiceId: 'E2E-PAID', customerId: 'B', amount: 800, amountPaid: 800, status: 'paid', currency: 'USD', issueDate: '2026-02-08', dueDate: '2026-03-10', customer: customer('B') },
	// Key account at D+14 (firm): Needs Approval.
	{ invoiceId: 'E2E-KEY', customerId: 'C', amount: 25000, currency: 'USD', issueDate: '2026-02-01', dueDate: '2026-03-03', touches: [{ invoiceId: 'E2E-KEY', step: 'D+7', channel: 'email', sentAt: '2026-03-10T14:00:00Z' }], customer: customer('C', { keyAccount: true, segment: 'enterprise' }) },
	// No email, no phone: Human Task.
	{ invoiceId: 'E2E-NOCONTACT', customerId: 'D', amount: 300, currency: 'USD', issueDate: '2026-02-08', dueDate: '2026-03-10', touches: [{ invoiceId: 'E2E-NOCONTACT', step: 'D+1', channel: 'letter', sentAt: '2026-03-11T14:00:00Z' }], customer: customer('D', { email: null, phone: null }) },
	// Tokyo at midnight: quiet hours -> Hold.
	{ invoiceId: 'E2E-TOKYO', customerId: 'E', amount: 90000, currency: 'JPY', issueDate: '2026-02-08', dueDate: '2026-03-10', customer: customer('E', { timeZone: 'Asia/Tokyo', country: 'JP', locale: 'ja-JP' }) },
	// Dispute open: Hold.
	{ invoiceId: 'E2E-DISPUTE', customerId: 'F', amount: 450, currency: 'USD', issueDate: '2026-02-08', dueDate: '2026-03-10', holds: [{ type: 'dispute', invoiceId: 'E2E-DISPUTE' }], customer: customer('F') },
	// Due in 3 days: pre-due D-3 -> Send.
	{ invoiceId: 'E2E-PREDUE', customerId: 'G', amount: 99, currency: 'EUR', issueDate: '2026-02-18', dueDate: '2026-03-20', customer: customer('G', { timeZone: 'Europe/Berlin', country: 'DE', region: 'BY', locale: 'de-DE' }) },
	// Nothing due today (D+1 sent, D+7 on 03-19).
	{ invoiceId: 'E2E-NOTHING', customerId: 'H', amount: 500, currency: 'USD', issueDate: '2026-02-10', dueDate: '2026-03-12', touches: [{ invoiceId: 'E2E-NOTHING', step: 'D+1', channel: 'email', sentAt: '2026-03-13T14:00:00Z' }, { invoiceId: 'E2E-NOTHING', step: 'D+1', channel: 'sms', sentAt: '2026-03-13T14:00:00Z' }], customer: customer('H') },
	// Bad data: amount is text -> error path (Continue On Fail on the Risk node: using error output).
	{ invoiceId: 'E2E-BAD', customerId: 'I', amount: 'lots', currency: 'USD', dueDate: '2026-03-10', customer: customer('I') },
];

function workflow(): Record<string, unknown> {
	const options = { asOf: AS_OF };
	const node = (name: string, type: string, position: [number, number], parameters: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
		id: name.toLowerCase().replace(/\W+/g, '-'),
		name,
		type,
		typeVersion: type.startsWith('n8n-nodes-base.code') ? 2 : 1,
		position,
		parameters,
		...extra,
	});
	return {
		id: 'arE2eChain00001',
		name: 'AR e2e: risk, aging, stop check',
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			node('Run Now', 'n8n-nodes-base.manualTrigger', [0, 0], {}),
			node('Sample Invoices', 'n8n-nodes-base.code', [220, 0], { jsCode: `return ${JSON.stringify(INVOICES)}.map((json) => ({ json }));` }),
			node('AR Risk Score', 'n8n-nodes-ar-followup.arRiskScore', [440, 0], { options }, { onError: 'continueErrorOutput' }),
			node('AR Aging Router', 'n8n-nodes-ar-followup.arAgingRouter', [660, 0], { options }),
			node('AR Stop Check', 'n8n-nodes-ar-followup.arStopCheck', [900, 0], { options }),
		],
		connections: {
			'Run Now': { main: [[{ node: 'Sample Invoices', type: 'main', index: 0 }]] },
			'Sample Invoices': { main: [[{ node: 'AR Risk Score', type: 'main', index: 0 }]] },
			'AR Risk Score': { main: [[{ node: 'AR Aging Router', type: 'main', index: 0 }], []] },
			'AR Aging Router': {
				main: [0, 1, 2, 3, 4].map(() => [{ node: 'AR Stop Check', type: 'main', index: 0 }]),
			},
		},
	};
}

/** All items a node emitted on an output, over all its runs (a node fed by several branches runs once per branch). */
function allOutput(run: N8nRun, nodeName: string, output: number): Array<Record<string, unknown>> {
	return (run.data.resultData.runData[nodeName] ?? []).flatMap((r) => (r.data?.main[output] ?? []).map((i) => i.json));
}
const ids = (items: Array<Record<string, unknown>>) => items.map((i) => i.invoiceId).sort();

describeE2E('AR nodes in a real n8n', () => {
	let uf: UserFolder | undefined;
	let run: N8nRun;

	beforeAll(async () => {
		uf = await userFolderWithPackage();
		const { id } = await importWorkflowObject(uf, 'ar-chain.workflow.json', workflow());
		run = await executeWorkflow(uf, id);
	}, 900_000);

	afterAll(() => {
		if (uf) removeUserFolder(uf);
	});

	it('loads the package and runs the chain to the end', () => {
		expect(run.status).toBe('success');
		expect(Object.keys(run.data.resultData.runData)).toEqual(expect.arrayContaining(['AR Risk Score', 'AR Aging Router', 'AR Stop Check']));
	});

	it('scores risk and sends bad input to the error output with the field named', () => {
		const scored = allOutput(run, 'AR Risk Score', 0);
		expect(scored).toHaveLength(INVOICES.length - 1);
		for (const i of scored) expect(((i.arFollowUp as Record<string, unknown>).risk as Record<string, unknown>).score).toEqual(expect.any(Number));
		const errors = allOutput(run, 'AR Risk Score', 1);
		expect(ids(errors)).toEqual(['E2E-BAD']);
		expect(errors[0].error).toBe('Invalid invoice.amount in item 8: must be a number');
		expect(errors[0].details).toMatchObject({ code: 'INVALID_INPUT', field: 'invoice.amount' });
	});

	it('routes by tier, with Nothing Due Today apart', () => {
		expect(ids(allOutput(run, 'AR Aging Router', 0))).toEqual(['E2E-PREDUE']);
		expect(ids(allOutput(run, 'AR Aging Router', 1))).toEqual(['E2E-DISPUTE', 'E2E-KEY', 'E2E-NOCONTACT', 'E2E-PAID', 'E2E-SEND', 'E2E-TOKYO']);
		expect(ids(allOutput(run, 'AR Aging Router', 4))).toEqual(['E2E-NOTHING']);
	});

	it('puts every invoice on the right Stop Check output, exactly once', () => {
		expect(ids(allOutput(run, 'AR Stop Check', 0))).toEqual(['E2E-PREDUE', 'E2E-SEND']);
		expect(ids(allOutput(run, 'AR Stop Check', 1))).toEqual(['E2E-DISPUTE', 'E2E-NOTHING', 'E2E-PAID', 'E2E-TOKYO']);
		expect(ids(allOutput(run, 'AR Stop Check', 2))).toEqual(['E2E-KEY']);
		expect(ids(allOutput(run, 'AR Stop Check', 3))).toEqual(['E2E-NOCONTACT']);
		const codes = Object.fromEntries(
			[0, 1, 2, 3].flatMap((o) => allOutput(run, 'AR Stop Check', o)).map((i) => [i.invoiceId, ((i.arFollowUp as Record<string, unknown>).decision as Record<string, unknown>).code]),
		);
		expect(codes).toEqual({
			'E2E-SEND': 'SEND',
			'E2E-PREDUE': 'SEND',
			'E2E-PAID': 'INVOICE_PAID',
			'E2E-KEY': 'APPROVAL_REQUIRED',
			'E2E-NOCONTACT': 'NO_REACHABLE_CHANNEL',
			'E2E-TOKYO': 'QUIET_HOURS',
			'E2E-DISPUTE': 'DISPUTE_OPEN',
			'E2E-NOTHING': 'ALREADY_SENT',
		});
	});

	it('ships the icons and codex files the editor needs', () => {
		const pkgDir = path.join(uf!.dir, '.n8n', 'nodes', 'node_modules', 'n8n-nodes-ar-followup');
		const pkg = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8')) as { n8n: { nodes: string[] } };
		for (const n of pkg.n8n.nodes) {
			expect(fs.existsSync(path.join(pkgDir, n))).toBe(true);
			expect(fs.existsSync(path.join(pkgDir, n.replace(/\.js$/, '.json')))).toBe(true);
		}
		expect(fs.readdirSync(path.join(pkgDir, 'dist', 'nodes', 'ArStopCheck')).filter((f) => f.endsWith('.svg')).sort()).toEqual(['arStopCheck.dark.svg', 'arStopCheck.svg']);
	});
});
