/** Daily AR run workflow (workflows/ar-daily-run.workflow.json). */
'use strict';

const { PKG, resetIds, uuid, node, sticky, link } = require('./lib');

/** The daily AR run: every business day, decide every open invoice and route it. */
function dailyRun(ledger) {
	resetIds();
	const asOfExpr = "={{ $('Settings').first().json.evaluateAsOf }}";
	const nodes = [
		sticky('Note: How it works', [-460, -380], 620, 320, [
			'## AR daily run',
			'Every business day at 08:00 (company time zone, see workflow settings), each open invoice is:',
			'1. **risk-scored** from the customer\'s payment history (AR Risk Score),',
			'2. **checked against every reason not to contact** the customer: paid, dispute, promise, reply, opt-out, quiet hours, holiday, already sent, touch cap, approval (AR Stop Check),',
			'3. **routed by aging tier** for the message and channel (AR Aging Router).',
			'',
			'Click **Run Now** to try it on the bundled sample ledger. Every item carries `arFollowUp` with the decision and its reasons.',
		].join('\n'), 4),
		sticky('Note: Settings', [-460, -40], 420, 300, [
			'### Settings',
			'**Evaluate As Of** pins the run to the sample ledger\'s date (17 March 2026, 15:00 UTC) so the demo tells its story.',
			'',
			'**When you plug in your own billing system, empty this field**: the AR nodes then decide as of now.',
		].join('\n'), 6),
		sticky('Note: Load invoices', [0, -40], 420, 300, [
			'### Open invoices',
			'The sample ledger (32 invoices) stands in for your billing system. Swap this node for:',
			'- **Stripe**: Stripe node, *Invoice > Get Many*, status open; set Input Shape to *Stripe Invoice* in the AR nodes;',
			'- **QuickBooks**: QuickBooks node, *Invoice > Get Many*; Input Shape *QuickBooks Invoice*;',
			'- **Postgres / Google Sheets / CSV**: one row per open invoice; Input Shape *CSV / Google Sheets Row*.',
			'',
			'Customer context (CRM), payment history, touch log and holds are fields of each item (`customer`, `history`, `touches`, `holds`).',
		].join('\n'), 5),
		sticky('Note: Decide', [460, -40], 700, 300, [
			'### Decide',
			'**AR Stop Check** sends each invoice to exactly one output: **Send**, **Hold** (with the reason and when it resumes), **Needs Approval** (firm notice to a key account or a large balance) or **Human Task**.',
			'',
			'Sends then go through **AR Aging Router** for the tier\'s message and channel.',
		].join('\n'), 3),
		node('Every Business Day 08:00', 'n8n-nodes-base.scheduleTrigger', 1.2, [-400, 300], {
			rule: { interval: [{ field: 'cronExpression', expression: '0 8 * * 1-5' }] },
		}),
		node('Run Now', 'n8n-nodes-base.manualTrigger', 1, [-400, 480], {}),
		node('Settings', 'n8n-nodes-base.set', 3.4, [-180, 380], {
			assignments: {
				assignments: [{ id: uuid('evaluateAsOf'), name: 'evaluateAsOf', value: ledger.asOf, type: 'string' }],
			},
			options: {},
		}),
		node('Sample Ledger', 'n8n-nodes-base.code', 2, [40, 380], {
			jsCode: [
				'// The bundled sample ledger (workflows/sample-ledger.json): one item per open invoice.',
				'// Replace this node with your billing system (see the note above).',
				`const invoices = ${JSON.stringify(ledger.invoices, null, 1)};`,
				'return invoices.map((json) => ({ json }));',
			].join('\n'),
		}),
		node('AR Risk Score', `${PKG}.arRiskScore`, 1, [260, 380], { options: { asOf: asOfExpr } }),
		node('AR Stop Check', `${PKG}.arStopCheck`, 1, [480, 380], { options: { asOf: asOfExpr } }),
		node('AR Aging Router', `${PKG}.arAgingRouter`, 1, [740, 120], { options: { asOf: asOfExpr } }),
		node('On Hold', 'n8n-nodes-base.noOp', 1, [740, 440], {}),
		node('Needs Approval', 'n8n-nodes-base.noOp', 1, [740, 600], {}),
		node('Human Task', 'n8n-nodes-base.noOp', 1, [740, 760], {}),
		node('Pre-Due Reminder', 'n8n-nodes-base.noOp', 1, [1000, -40], {}),
		node('Early Reminder', 'n8n-nodes-base.noOp', 1, [1000, 100], {}),
		node('Late Notice', 'n8n-nodes-base.noOp', 1, [1000, 240], {}),
		node('Critical Escalation', 'n8n-nodes-base.noOp', 1, [1000, 380], {}),
	];
	const connections = {
		'Every Business Day 08:00': { main: [[link('Settings')]] },
		'Run Now': { main: [[link('Settings')]] },
		Settings: { main: [[link('Sample Ledger')]] },
		'Sample Ledger': { main: [[link('AR Risk Score')]] },
		'AR Risk Score': { main: [[link('AR Stop Check')]] },
		'AR Stop Check': { main: [[link('AR Aging Router')], [link('On Hold')], [link('Needs Approval')], [link('Human Task')]] },
		'AR Aging Router': { main: [[link('Pre-Due Reminder')], [link('Early Reminder')], [link('Late Notice')], [link('Critical Escalation')], []] },
	};
	return {
		id: 'arDailyRun00001',
		name: 'AR Follow-up: Daily Run',
		nodes,
		connections,
		active: false,
		settings: { executionOrder: 'v1', timezone: 'UTC', saveManualExecutions: true },
		pinData: {},
		meta: { templateCredsSetupCompleted: true },
		tags: [],
	};
}

module.exports = { file: 'ar-daily-run.workflow.json', build: dailyRun };
