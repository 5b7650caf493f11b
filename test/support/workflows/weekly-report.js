/** Weekly AR report workflow (workflows/ar-weekly-report.workflow.json). */
'use strict';

const { PKG, resetIds, uuid, node, sticky, link } = require('./lib');

/**
 * Every Monday (and on demand, or from a browser): metrics over the last 90 days, the HTML report with
 * its charts, emailed to finance; the same report served to a browser by a GET webhook.
 */
function weeklyReport(ledger) {
	resetIds();
	const setting = (name) => `={{ $('Settings').first().json.${name} }}`;
	const nodes = [
		sticky('Note: How it works', [-520, -420], 640, 340, [
			'## AR weekly report',
			'Every Monday at 07:00 (and with **Run Now**) this workflow computes the receivables metrics over the last 90 days, renders the **HTML report** (KPI tiles; aging buckets, DSO trend and recovery by tier drawn as inline SVG; no scripts, no external fonts) and **emails** it to finance with the report attached as a file.',
			'',
			'Open the **Open Report in Browser** webhook URL (GET) to see the same report in a browser.',
			'',
			'Formulas (DSO simple / count-back / best possible, CEI, on-time rate, recovery per tier): see the package README.',
		].join('\n'), 4),
		sticky('Note: Settings', [-520, -40], 420, 300, [
			'### Settings',
			'**Period Ends On** pins the report to the sample ledger\'s date. **Empty it for live data**: the period then ends yesterday.',
			'',
			'**Report To / From**: who gets the email. The **Send Report** node uses the SMTP credential named **AR SMTP**.',
			'',
			'**Reporting Currency**: a ledger in several currencies is reported in one; other rows are counted as left out.',
		].join('\n'), 6),
		sticky('Note: Ledger and touch log', [-60, -40], 500, 300, [
			'### Ledger and touch log',
			'The sample ledger stands in for your data. AR Metrics needs the **invoices of the period and the months before** (issue, due and paid dates; credit notes as negative amounts), not only the open ones: the sample\'s invoices bring their past invoices in `history`, and their messages in `touches`.',
			'',
			'**Swap in**: Stripe *Invoice > Get Many* (all statuses), QuickBooks, Postgres or a Sheet (set **Column Names** in AR Metrics if yours differ).',
			'**Touch log**: read the `ar_touches` table (Data Table *Get Many*, or Postgres) and **Merge (Append)** it with the invoices before AR Metrics: items with `sentAt` count as touch-log entries.',
		].join('\n'), 5),
		sticky('Note: Deliver', [980, -40], 460, 300, [
			'### Deliver',
			'**Opened in a Browser?** sends the webhook\'s run to **Respond with Report** (content type text/html) and the scheduled or manual run to **Send Report** (HTML + text parts, report attached).',
			'',
			'Mail clients that drop inline SVG (Gmail) still show the tables under each chart and the attached file.',
		].join('\n'), 3),
		node('Every Monday 07:00', 'n8n-nodes-base.scheduleTrigger', 1.2, [-460, 320], {
			rule: { interval: [{ field: 'cronExpression', expression: '0 7 * * 1' }] },
		}),
		node('Run Now', 'n8n-nodes-base.manualTrigger', 1, [-460, 480], {}),
		node('Open Report in Browser', 'n8n-nodes-base.webhook', 2.1, [-460, 640], { httpMethod: 'GET', path: 'ar-report', responseMode: 'responseNode', options: {} }, { webhookId: '5a7e0f52-7d2b-4c1e-9a55-a0c0e0f00001' }),
		node('Settings', 'n8n-nodes-base.set', 3.4, [-200, 480], {
			assignments: {
				assignments: [
					{ id: uuid('periodEndsOn'), name: 'periodEndsOn', value: ledger.asOf.slice(0, 10), type: 'string' },
					{ id: uuid('reportingCurrency'), name: 'reportingCurrency', value: 'USD', type: 'string' },
					{ id: uuid('reportTo'), name: 'reportTo', value: 'finance@example.com', type: 'string' },
					{ id: uuid('reportFrom'), name: 'reportFrom', value: 'ar-reports@example.com', type: 'string' },
					{ id: uuid('companyName'), name: 'companyName', value: 'Sample ledger (fictional customers)', type: 'string' },
				],
			},
			options: {},
		}),
		node('Sample Ledger', 'n8n-nodes-base.code', 2, [20, 480], {
			jsCode: [
				'// The bundled sample ledger (workflows/sample-ledger.json): one item per invoice, each with its',
				'// customer, past invoices (history, with paid dates) and messages (touches).',
				'// Replace this node with your billing system (see the note above).',
				`const invoices = ${JSON.stringify(ledger.invoices, null, 1)};`,
				'return invoices.map((json) => ({ json }));',
			].join('\n'),
		}),
		node('AR Metrics', `${PKG}.arMetrics`, 1, [240, 480], {
			operation: 'computeMetrics',
			period: 'last90',
			asOf: setting('periodEndsOn'),
			metricsOptions: { currency: setting('reportingCurrency') },
		}),
		node('Render Report', `${PKG}.arMetrics`, 1, [460, 480], {
			operation: 'renderReport',
			reportOptions: { title: 'Weekly receivables report', subtitle: setting('companyName') },
		}),
		node('Opened in a Browser?', 'n8n-nodes-base.if', 2.2, [680, 480], {
			conditions: {
				options: { caseSensitive: true, leftValue: '', typeValidation: 'strict', version: 2 },
				conditions: [
					{
						id: uuid('fromWebhook'),
						leftValue: "={{ $('Open Report in Browser').isExecuted }}",
						rightValue: '',
						operator: { type: 'boolean', operation: 'true', singleValue: true },
					},
				],
				combinator: 'and',
			},
			options: {},
		}),
		node('Respond with Report', 'n8n-nodes-base.respondToWebhook', 1.5, [920, 380], {
			respondWith: 'text',
			responseBody: '={{ $json.html }}',
			options: {
				responseHeaders: {
					entries: [
						{ name: 'Content-Type', value: 'text/html; charset=utf-8' },
						{ name: 'Cache-Control', value: 'no-store' },
					],
				},
			},
		}),
		node('Send Report', 'n8n-nodes-base.emailSend', 2.1, [920, 580], {
			fromEmail: setting('reportFrom'),
			toEmail: setting('reportTo'),
			subject: '={{ $json.subject }}',
			emailFormat: 'both',
			text: '={{ $json.text }}',
			html: '={{ $json.html }}',
			options: { appendAttribution: false, fileAttachments: 'report' },
		}, { credentials: { smtp: { id: 'arSmtpCredential1', name: 'AR SMTP' } }, webhookId: 'b8e3c1d2-6f4a-4b7e-8c9d-a0c0e0f00002' }),
	];
	const connections = {
		'Every Monday 07:00': { main: [[link('Settings')]] },
		'Run Now': { main: [[link('Settings')]] },
		'Open Report in Browser': { main: [[link('Settings')]] },
		Settings: { main: [[link('Sample Ledger')]] },
		'Sample Ledger': { main: [[link('AR Metrics')]] },
		'AR Metrics': { main: [[link('Render Report')]] },
		'Render Report': { main: [[link('Opened in a Browser?')]] },
		'Opened in a Browser?': { main: [[link('Respond with Report')], [link('Send Report')]] },
	};
	return {
		id: 'arWeeklyReport01',
		name: 'AR Follow-up: Weekly Report',
		nodes,
		connections,
		active: false,
		settings: { executionOrder: 'v1', timezone: 'UTC', saveManualExecutions: true },
		pinData: {},
		meta: { templateCredsSetupCompleted: false },
		tags: [],
	};
}

module.exports = { file: 'ar-weekly-report.workflow.json', build: weeklyReport };
