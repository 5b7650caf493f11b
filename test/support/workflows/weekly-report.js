/** Weekly AR report workflow (workflows/ar-weekly-report.workflow.json). */
'use strict';

const { PKG, TABLES, CREDS, resetIds, uuid, node, sticky, link, cred, dtGet, code, respondHtml } = require('./lib');
const { REPORT_APPROVALS, REPORT_LEDGER, REPORT_TOUCHES } = require('../postgres-sql');
const { POSTGRES, SMTP } = require('./daily-run-postgres');

/** The report period's last day, as the Postgres reads' parameter: Settings' Period Ends On, else yesterday. */
const PERIOD_END = "={{ [$('Settings').first().json.periodEndsOn || $today.minus({ days: 1 }).toFormat('yyyy-MM-dd')] }}";

/**
 * Postgres read that never stops the report (a failed query passes an error item on) and always passes one item
 * on (an empty result: one empty item), once per run. `replacement`: the query parameters' expression.
 */
function postgresRead(name, query, position, replacement) {
	const options = replacement ? { queryReplacement: replacement } : {};
	return node(name, 'n8n-nodes-base.postgres', 2.6, position, { operation: 'executeQuery', query, options }, { credentials: POSTGRES, executeOnce: true, alwaysOutputData: true, onError: 'continueRegularOutput' });
}

/** Data Table read that never stops the report: a missing table (Setup not run yet) gives no rows. */
function storeRead(name, table, position) {
	return { ...dtGet(name, table, position), onError: 'continueRegularOutput' };
}

/** What differs between the two stores: the Data Tables of the default workflows, or the Postgres store of queue mode. */
const STORES = {
	/** The touch log ar_touches and the approvals ar_approvals read with n8n's Data Table node, and the bundled sample ledger. */
	dataTables: (ledger) => ({
		id: 'arWeeklyReport01',
		name: 'AR Follow-up: Weekly Report',
		path: 'ar-report',
		webhookIds: ['5a7e0f52-7d2b-4c1e-9a55-a0c0e0f00001', 'b8e3c1d2-6f4a-4b7e-8c9d-a0c0e0f00002'],
		smtp: { smtp: { id: CREDS.smtp.id, name: CREDS.smtp.name } },
		periodEndsOn: ledger.asOf.slice(0, 10),
		companyName: 'Sample ledger (fictional customers)',
		intro: 'Every Monday at 07:00 (and with **Run Now**) this workflow computes the receivables metrics over the last 90 days from the **ledger** and the **store** (the touch log `ar_touches` and the approvals `ar_approvals`, which the Daily Run writes), renders',
		periodNote: '**Period Ends On** pins the report to the sample ledger\'s date. **Empty it for live data**: the period then ends yesterday.',
		storeNote: [
			'### Store: touch log and approvals',
			`**Load Touch Log** and **Load Approvals** read the Data Tables \`${TABLES.touches.name}\` and \`${TABLES.approvals.name}\` (run **AR Follow-up: Setup** once to create them; the Daily Run fills them). Every message, owner alert, approval request and task the Daily Run logged counts: escalations, approvals requested, granted, rejected and pending, messages by outcome, tone and channel.`,
			'',
			'A table that does not exist yet stops nothing: **Store Status** notices, the report says so under its title and counts only the messages the ledger items carry. Postgres store (queue mode)? Import **AR Follow-up: Weekly Report (Postgres)** instead: its tables have other columns.',
		],
		ledgerNote: [
			'### Ledger',
			'The sample ledger stands in for your billing data. AR Metrics needs the **invoices of the period and the months before** (issue, due and paid dates; credit notes as negative amounts), not only the open ones: the sample\'s invoices bring their past invoices in `history`, and their messages in `touches`.',
			'',
			'**Swap in**: Stripe *Invoice > Get Many* (all statuses), QuickBooks, Postgres or a Sheet (set **Column Names** in AR Metrics if yours differ). **Ledger and Store Rows** puts the store\'s rows after the invoices; a message seen in both counts once (its dedupe key).',
		],
		/** The store's reads, then Store Status (a chain, in this order). */
		storeNodes: () => [
			storeRead('Load Touch Log', 'touches', [20, 480]),
			storeRead('Load Approvals', 'approvals', [240, 480]),
			code('Store Status', [460, 480], [
				'// Whether the store could be read. A Data Table read that failed (the table does not exist yet: run the',
				'// Setup workflow) passes an error item on instead of rows; the report then says so under its title.',
				'const read = (nodeName, table, column) => {',
				'	const items = $(nodeName).all();',
				'	const failed = items.some((i) => i.error !== undefined || i.json.error !== undefined || (i.json[column] === undefined && Object.keys(i.json).length > 0));',
				'	return { table, read: !failed, rows: items.filter((i) => i.json.id !== undefined && i.json[column] !== undefined).length };',
				'};',
				`const tables = [read('Load Touch Log', '${TABLES.touches.name}', 'sentAt'), read('Load Approvals', '${TABLES.approvals.name}', 'decision')];`,
				'const unread = tables.filter((t) => !t.read).map((t) => t.table);',
				"const note = unread.length ? `${unread.join(' and ')} could not be read (run the Setup workflow): messages and approvals come from the ledger items only` : '';",
				'return [{ json: { tables, note } }];',
			]),
		],
		ledgerNode: () =>
			node('Sample Ledger', 'n8n-nodes-base.code', 2, [680, 480], {
				jsCode: [
					'// The bundled sample ledger (workflows/sample-ledger.json): one item per invoice, each with its',
					'// customer, past invoices (history, with paid dates) and messages (touches).',
					'// Replace this node with your billing system (see the note above).',
					`const invoices = ${JSON.stringify(ledger.invoices, null, 1)};`,
					'return invoices.map((json) => ({ json }));',
				].join('\n'),
			}),
		rows: [
			'// The ledger items, then the store\'s rows: the touch log (items with sentAt) and the approvals (items with',
			'// decision and step). A table that could not be read gives no rows (its node passed its input item on).',
			"const SYSTEM = ['id', 'createdAt', 'updatedAt'];",
			"const clean = (r) => Object.fromEntries(Object.entries(r).filter(([k, v]) => v !== null && v !== '' && !SYSTEM.includes(k)));",
			'const rows = (nodeName, column) => $(nodeName).all().filter((i) => !i.error && i.json.id !== undefined && i.json[column] !== undefined).map((i) => ({ json: clean(i.json) }));',
			"return [...$input.all().map((i) => ({ json: i.json })), ...rows('Load Touch Log', 'sentAt'), ...rows('Load Approvals', 'decision')];",
		],
	}),
	/**
	 * The ledger (ar_invoices), the messages the Postgres daily run sent (ar_touches: customer emails, and the
	 * approval requests, tasks and alerts to people) and the answers to approval requests (ar_approvals), read with
	 * n8n's Postgres node (the credential "AR Postgres Store").
	 */
	postgres: () => ({
		id: 'arWeeklyReportPg',
		name: 'AR Follow-up: Weekly Report (Postgres)',
		path: 'ar-report-postgres',
		webhookIds: ['5a7e0f52-7d2b-4c1e-9a55-a0c0e0f00003', 'b8e3c1d2-6f4a-4b7e-8c9d-a0c0e0f00004'],
		smtp: SMTP,
		periodEndsOn: '',
		companyName: 'Example Software Ltd',
		intro: 'Every Monday at 07:00 (and with **Run Now**) this workflow computes the receivables metrics over the last 90 days from the **Postgres store** of queue mode (the ledger `ar_invoices`, the messages the Postgres Daily Run sent, `ar_touches`, and the answers to approval requests, `ar_approvals`), renders',
		periodNote: '**Period Ends On** is empty: the period ends yesterday. Set a date (YYYY-MM-DD) to report on an earlier period.',
		storeNote: [
			'### Store: messages sent and approvals',
			`**Load Touch Log** reads what the **Postgres Daily Run** delivered from \`ar_touches\` (state *sent*; the credential **AR Postgres Store**; run **AR Follow-up: Postgres Setup** once): customer emails, each on the day of the run that decided it, with its tone, and the approval requests, tasks and alerts it sent to people. **Load Approvals** reads the answers given with \`ar_approve\` / \`ar_reject\` (\`ar_approvals\`). So the report counts escalations, approvals requested, granted, rejected and pending. Claims in doubt or given up are not counted: the daily run's alert to finance covers them.`,
			'',
			'The Postgres daily run sends email only (no SMS or WhatsApp). A store that cannot be read stops nothing: **Store Status** notices and the report says so under its title.',
		],
		ledgerNote: [
			'### Ledger',
			'**Load Ledger** reads every invoice of `ar_invoices` (the stand-in the Postgres Daily Run loads from): issue, due and paid dates, amounts and status, with each customer\'s past invoices (`history`) that the metrics of the months before need.',
			'',
			'**Swap in** your billing data (all statuses, credit notes as negative amounts; set **Column Names** in AR Metrics if yours differ). **Ledger and Store Rows** puts the messages after the invoices.',
		],
		storeNodes: () => [
			postgresRead('Load Touch Log', REPORT_TOUCHES, [20, 480], PERIOD_END),
			postgresRead('Load Approvals', REPORT_APPROVALS, [240, 480], PERIOD_END),
			code('Store Status', [460, 480], [
				'// Whether the store could be read. A Postgres read that failed (no credential, the table does not exist: run',
				'// the Postgres Setup workflow) passes an error item on instead of rows; the report then says so under its title.',
				'const read = (nodeName, table, column) => {',
				'	const items = $(nodeName).all();',
				'	const failed = items.some((i) => i.error !== undefined || i.json.error !== undefined);',
				'	return { table, read: !failed, rows: items.filter((i) => i.json[column] !== undefined).length };',
				'};',
				"const tables = [read('Load Touch Log', 'ar_touches', 'sentAt'), read('Load Approvals', 'ar_approvals', 'decision')];",
				'const unread = tables.filter((t) => !t.read).map((t) => t.table);',
				"const note = unread.length ? `${unread.join(' and ')} could not be read (run the Postgres Setup workflow): no messages or approvals counted from ${unread.length > 1 ? 'them' : 'it'}` : '';",
				'return [{ json: { tables, note } }];',
			]),
		],
		ledgerNode: () => postgresRead('Load Ledger', REPORT_LEDGER, [680, 480]),
		rows: [
			'// The invoices, then the messages the daily run sent (rows with sentAt) and the answers to approval requests',
			'// (rows with decision). A table that could not be read, or is empty, gives no rows (its node passed an error',
			'// item or an empty one on).',
			"const clean = (r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== null && v !== ''));",
			"const rows = (nodeName, column) => $(nodeName).all().filter((i) => !i.error && i.json.error === undefined && i.json[column] !== undefined).map((i) => ({ json: clean(i.json) }));",
			'const invoices = $input.all().filter((i) => !i.error && i.json.invoiceId !== undefined).map((i) => ({ json: clean(i.json) }));',
			"return [...invoices, ...rows('Load Touch Log', 'sentAt'), ...rows('Load Approvals', 'decision')];",
		],
	}),
};

/**
 * Every Monday (and on demand, or from a browser): metrics over the last 90 days from the ledger and the
 * store, the HTML report with its charts, emailed to finance; the same report served to a browser by a GET
 * webhook behind basic auth (the credential "AR Report Viewer"). `store`: a key of {@link STORES}.
 */
function weeklyReport(ledger, store = 'dataTables') {
	resetIds();
	const S = STORES[store](ledger);
	const setting = (name) => `={{ $('Settings').first().json.${name} }}`;
	// (node ids depend on the order nodes are made in: notes, triggers and Settings, then the store's, then the rest)
	const head = [
		sticky('Note: How it works', [-520, -460], 700, 380, [
			'## AR weekly report',
			S.intro +
				' the **HTML report** (KPI tiles; aging buckets, DSO trend and recovery by tier drawn as inline SVG; messages, escalations and approvals; no scripts, no external fonts) and **emails** it to finance with the report attached as a file.',
			'',
			`**Open Report in Browser** (GET \`/webhook/${S.path}\`) answers the same report to a browser, behind **basic auth**: create the credential **AR Report Viewer** (*Basic Auth*: a user name and a long password) and share it only with who may see the company\'s receivables. Without it the webhook refuses every request. Serve n8n over HTTPS: basic auth sends the password with every request.`,
			'',
			'Formulas (DSO simple / count-back / best possible, CEI, on-time rate, recovery per tier, escalations, approvals): see the package README.',
		].join('\n'), 4),
		sticky('Note: Settings', [-520, -40], 420, 300, [
			'### Settings',
			S.periodNote,
			'',
			'**Report To / From**: who gets the email. The **Send Report** node uses the SMTP credential named **AR SMTP**.',
			'',
			'**Reporting Currency**: a ledger in several currencies is reported in one; other rows are counted as left out.',
		].join('\n'), 6),
		sticky('Note: Store', [-60, -40], 500, 300, S.storeNote.join('\n'), 7),
		sticky('Note: Ledger', [480, -40], 600, 300, S.ledgerNote.join('\n'), 5),
		sticky('Note: Deliver', [1520, -40], 460, 300, [
			'### Deliver',
			'**Opened in a Browser?** sends the webhook\'s run to **Respond with Report** (content type text/html) and the scheduled or manual run to **Send Report** (HTML + text parts, report attached).',
			'',
			'Mail clients that drop inline SVG (Gmail) still show the tables under each chart and the attached file.',
		].join('\n'), 3),
		node('Every Monday 07:00', 'n8n-nodes-base.scheduleTrigger', 1.2, [-460, 320], {
			rule: { interval: [{ field: 'cronExpression', expression: '0 7 * * 1' }] },
		}),
		node('Run Now', 'n8n-nodes-base.manualTrigger', 1, [-460, 480], {}),
		node(
			'Open Report in Browser',
			'n8n-nodes-base.webhook',
			2.1,
			[-460, 640],
			{ httpMethod: 'GET', path: S.path, authentication: 'basicAuth', responseMode: 'responseNode', options: {} },
			{ credentials: cred('reportViewer'), webhookId: S.webhookIds[0] },
		),
		node('Settings', 'n8n-nodes-base.set', 3.4, [-200, 480], {
			assignments: {
				assignments: [
					{ id: uuid('periodEndsOn'), name: 'periodEndsOn', value: S.periodEndsOn, type: 'string' },
					{ id: uuid('reportingCurrency'), name: 'reportingCurrency', value: 'USD', type: 'string' },
					{ id: uuid('reportTo'), name: 'reportTo', value: 'finance@example.com', type: 'string' },
					{ id: uuid('reportFrom'), name: 'reportFrom', value: 'ar-reports@example.com', type: 'string' },
					{ id: uuid('companyName'), name: 'companyName', value: S.companyName, type: 'string' },
				],
			},
			options: {},
		}),
	];
	const storeNodes = S.storeNodes();
	const ledgerNode = S.ledgerNode();
	const nodes = [
		...head,
		...storeNodes,
		ledgerNode,
		code('Ledger and Store Rows', [900, 480], S.rows),
		node('AR Metrics', `${PKG}.arMetrics`, 1, [1120, 480], {
			operation: 'computeMetrics',
			period: 'last90',
			asOf: setting('periodEndsOn'),
			metricsOptions: { currency: setting('reportingCurrency') },
		}),
		node('Render Report', `${PKG}.arMetrics`, 1, [1340, 480], {
			operation: 'renderReport',
			reportOptions: {
				title: 'Weekly receivables report',
				subtitle: "={{ $('Settings').first().json.companyName + ($('Store Status').first().json.note ? ' · ' + $('Store Status').first().json.note : '') }}",
			},
		}),
		node('Opened in a Browser?', 'n8n-nodes-base.if', 2.2, [1560, 480], {
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
		respondHtml('Respond with Report', [1800, 380]),
		node('Send Report', 'n8n-nodes-base.emailSend', 2.1, [1800, 580], {
			fromEmail: setting('reportFrom'),
			toEmail: setting('reportTo'),
			subject: '={{ $json.subject }}',
			emailFormat: 'both',
			text: '={{ $json.text }}',
			html: '={{ $json.html }}',
			options: { appendAttribution: false, fileAttachments: 'report' },
		}, { credentials: S.smtp, webhookId: S.webhookIds[1] }),
	];
	const connections = {
		'Every Monday 07:00': { main: [[link('Settings')]] },
		'Run Now': { main: [[link('Settings')]] },
		'Open Report in Browser': { main: [[link('Settings')]] },
		Settings: { main: [[link('Load Touch Log')]] },
		// the store's reads and Store Status, one after the other, then the ledger
		...Object.fromEntries(storeNodes.map((n, i) => [n.name, { main: [[link(i + 1 < storeNodes.length ? storeNodes[i + 1].name : ledgerNode.name)]] }])),
		[ledgerNode.name]: { main: [[link('Ledger and Store Rows')]] },
		'Ledger and Store Rows': { main: [[link('AR Metrics')]] },
		'AR Metrics': { main: [[link('Render Report')]] },
		'Render Report': { main: [[link('Opened in a Browser?')]] },
		'Opened in a Browser?': { main: [[link('Respond with Report')], [link('Send Report')]] },
	};
	return {
		id: S.id,
		name: S.name,
		nodes,
		connections,
		active: false,
		settings: { executionOrder: 'v1', timezone: 'UTC', saveManualExecutions: true },
		pinData: {},
		meta: { templateCredsSetupCompleted: false },
		tags: [],
	};
}

module.exports = { file: 'ar-weekly-report.workflow.json', build: (ledger) => weeklyReport(ledger, 'dataTables'), weeklyReport };
