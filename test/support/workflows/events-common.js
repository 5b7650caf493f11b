/**
 * Pieces shared by the Payment Events and Replies workflows: attach the store's rows to an event item,
 * write AR Event's state patches back to the Data Tables, send the acknowledgment and tell a person.
 * (Not a workflow: build-workflows.js only loads modules that export `file`.)
 */
'use strict';

const { MESSAGE_EMAIL, COMPANY, settingsNode, PKG, SETTINGS, senderFromSettings, TABLES, IS_MESSAGE_ROW, STORE_ROWS, node, sticky, code, dtUpsert, ifTrue, noOp, sendEmail, cred } = require('./lib');

/** Customer directory and invoices of the sample ledger: the stand-in for the billing system and CRM. */
function sampleDirectory(ledger) {
	const customers = {};
	const invoices = {};
	for (const inv of ledger.invoices) {
		customers[inv.customerId] = inv.customer;
		invoices[inv.invoiceId] = {
			invoiceId: inv.invoiceId, customerId: inv.customerId, number: inv.number, amount: inv.amount, amountPaid: inv.amountPaid ?? 0,
			currency: inv.currency, status: inv.status, issueDate: inv.issueDate, dueDate: inv.dueDate,
			...(inv.paymentLink ? { paymentLink: inv.paymentLink } : {}),
		};
	}
	return { customers, invoices };
}

/** Code lines: the stored rows (read by the given Data Table nodes) as AR Event state fields. */
const STATE_HELPERS = [
	STORE_ROWS,
	"const clean = (r, drop = []) => Object.fromEntries(Object.entries(r).filter(([k, v]) => v !== null && v !== '' && !['id', 'createdAt', 'updatedAt', ...drop].includes(k)));",
	"const holdRow = (h) => { const o = clean(h, ['heldAt', 'source']); if (h.heldAt) o.createdAt = h.heldAt; return o; };",
	IS_MESSAGE_ROW,
	"const touchRow = (t) => clean(t, ['kind', 'outcome', 'tone', 'recipient', 'subject']);",
	"const ledgerRow = (l) => ({ ledgerId: l.ledgerId, invoiceId: l.invoiceId || null, customerId: l.customerId, updatedAt: l.ledgerUpdatedAt, data: l.data });",
];

/**
 * The write-back of AR Event's state patches (`arFollowUp.event.patches`) to the Data Tables: **Patches** makes
 * one item per row, **Route Patch** sends it to its table, upserted by key (invoice state, holds, ledger,
 * history). `n` names the nodes (a suffix keeps two copies apart); `[px, py]` is where **Patches** sits.
 * Connect the AR Event outputs that carry patches to `n('Patches')`. Used by the Payment Events and Replies
 * workflows and by the Daily Run (the result of a card charge).
 */
function writeBack(n, [px, py]) {
	const nodes = [
		code(n('Patches'), [px, py], [
			'// AR Event returns the rows to write: one item per table row, tagged with its table.',
			'const out = [];',
			'for (const item of $input.all()) {',
			'	const e = (item.json.arFollowUp || {}).event || {};',
			'	const p = e.patches || {};',
			"	if (p.invoice) out.push({ table: 'invoiceState', row: { invoiceId: p.invoice.invoiceId, customerId: e.customerId || null, status: p.invoice.status ?? null, amountPaid: p.invoice.amountPaid ?? null, balance: p.invoice.balance ?? null, paidDate: p.invoice.paidDate ?? null, autoChargePending: p.invoice.autoChargePending ?? null, disputed: p.invoice.disputed ?? null, daysToPay: p.invoice.daysToPay ?? null, daysLate: p.invoice.daysLate ?? null, eventAt: e.occurredAt || null } });",
			"	for (const h of p.holds || []) out.push({ table: 'holds', row: { holdId: h.holdId, type: h.type, invoiceId: h.invoiceId ?? null, customerId: h.customerId ?? null, channel: h.channel ?? null, until: h.until ?? null, active: h.active !== false, amount: h.amount ?? null, note: h.note ?? null, heldAt: h.createdAt ?? null, source: e.source || 'event', contact: h.contact ?? null } });",
			"	if (p.ledger) out.push({ table: 'ledger', row: { ledgerId: p.ledger.ledgerId, invoiceId: p.ledger.invoiceId ?? null, customerId: p.ledger.customerId, ledgerUpdatedAt: p.ledger.updatedAt ?? null, data: typeof p.ledger.data === 'string' ? p.ledger.data : JSON.stringify(p.ledger) } });",
			"	for (const h of p.history || []) out.push({ table: 'history', row: { historyId: h.historyId, kind: h.kind, invoiceId: h.invoiceId ?? null, customerId: h.customerId, at: h.at, amount: h.amount ?? null, currency: h.currency ?? null, daysToPay: h.daysToPay ?? null, daysLate: h.daysLate ?? null, code: h.code ?? null, promiseId: h.promiseId ?? null, detail: h.detail ?? null } });",
			'}',
			'return out.map((json) => ({ json }));',
		]),
		node(n('Route Patch'), 'n8n-nodes-base.switch', 3.2, [px + 220, py], {
			rules: {
				values: ['invoiceState', 'holds', 'ledger', 'history'].map((t) => ({
					conditions: {
						options: { caseSensitive: true, leftValue: '', typeValidation: 'strict', version: 2 },
						conditions: [{ id: `${t}${n('')}`, leftValue: '={{ $json.table }}', rightValue: t, operator: { type: 'string', operation: 'equals' } }],
						combinator: 'and',
					},
					renameOutput: true,
					outputKey: t,
				})),
			},
			options: {},
		}),
		code(n('Invoice State Row'), [px + 440, py - 120], 'return $input.all().map((i) => ({ json: i.json.row }));'),
		code(n('Hold Rows'), [px + 440, py], 'return $input.all().map((i) => ({ json: i.json.row }));'),
		code(n('Ledger Row'), [px + 440, py + 120], 'return $input.all().map((i) => ({ json: i.json.row }));'),
		code(n('History Rows'), [px + 440, py + 240], 'return $input.all().map((i) => ({ json: i.json.row }));'),
		dtUpsert(n('Upsert Invoice State'), 'invoiceState', [px + 660, py - 120]),
		dtUpsert(n('Upsert Holds'), 'holds', [px + 660, py]),
		dtUpsert(n('Upsert Ledger'), 'ledger', [px + 660, py + 120]),
		dtUpsert(n('Upsert History'), 'history', [px + 660, py + 240]),
	];
	return { nodes, entry: n('Patches') };
}

/** The edges inside writeBack(n, ...). */
function writeBackEdges(n) {
	return [
		[n('Patches'), 0, n('Route Patch')],
		[n('Route Patch'), 0, n('Invoice State Row')],
		[n('Route Patch'), 1, n('Hold Rows')],
		[n('Route Patch'), 2, n('Ledger Row')],
		[n('Route Patch'), 3, n('History Rows')],
		[n('Invoice State Row'), 0, n('Upsert Invoice State')],
		[n('Hold Rows'), 0, n('Upsert Holds')],
		[n('Ledger Row'), 0, n('Upsert Ledger')],
		[n('History Rows'), 0, n('Upsert History')],
	];
}

/**
 * Nodes and edges after an AR Event node (`from`, outputs 0 Acknowledge, 1 Update Only, 2 Notify Person):
 * write the patches (invoice state, holds, ledger, history), render the acknowledgment, send it (touch
 * logged), and email the person to notify (or Slack).
 */
function afterEvent(from, [x, y], suffix = '') {
	const n = (name) => `${name}${suffix}`;
	const nodes = [
		sticky(n('Note: Write back'), [x + 200, y + 860], 960, 240, [
			'### Write the state back (Data Tables)',
			'AR Event returns the rows to write in `arFollowUp.event.patches`; **Patches** makes one item per row and **Route Patch** sends it to its table, upserted by key:',
			`\`${TABLES.invoiceState.name}\` (invoiceId), \`${TABLES.holds.name}\` (holdId), \`${TABLES.ledger.name}\` (ledgerId), \`${TABLES.history.name}\` (historyId).`,
			'The ledger row makes the next delivery of the same event (or an older one) change nothing. Postgres instead: the same rows, upserts `ON CONFLICT (key)`.',
		].join('\n'), 7),
		sticky(n('Note: Acknowledge'), [x + 200, y - 620], 1120, 300, [
			'### Acknowledge, or tell a person',
			'**AR Message** writes the acknowledgment in the customer\'s language (thank-you, partial payment with the remaining balance, payment failed with the update-card link, promise noted). It is sent by email (**AR SMTP**, switch `emailEnabled` in Settings) and logged in `ar_touches` with its dedupe key.',
			'Anything a person must see (a dispute, suspected fraud, a reply that needs an answer) goes to the account owner: Slack with `slackEnabled` (**AR Slack**), otherwise an email with the draft, which is not sent to the customer.',
		].join('\n'), 3),
		...writeBack(n, [x + 240, y + 480]).nodes,

		node(n('AR Message'), `${PKG}.arMessage`, 1, [x + 240, y - 80], {
			// acknowledgements go by email only: no SMS sender
			sender: senderFromSettings(['smsFrom']),
			links: { payment: 'https://pay.example.com/i/{invoiceId}', update: 'https://pay.example.com/card/{customerId}' },
			options: { internalFormat: 'plain' },
		}),
		ifTrue(n('Email Enabled?'), [x + 480, y - 200], `${SETTINGS}.emailEnabled`),
		sendEmail(n('Send Acknowledgment'), [x + 700, y - 240], MESSAGE_EMAIL),
		code(n('Touch Row'), [x + 920, y - 240], [
			'// The acknowledgment\'s touch: its dedupe key is the one AR Event recorded in the ledger.',
			'return $input.all().map((item, i) => {',
			`	const m = $('${n('Email Enabled?')}').itemMatching(i).json;`,
			'	const ar = m.arFollowUp; const e = ar.event || {}; const msg = ar.message || {};',
			"	return { json: { dedupeKey: msg.dedupeKey, invoiceId: e.invoiceId || null, customerId: e.customerId || null, step: 'ack', channel: msg.channel || 'email', sentAt: new Date().toISOString(), status: 'sent', kind: 'ack', outcome: null, tone: msg.tone || null, recipient: m.email.to, subject: m.email.subject } };",
			'}).filter((r) => r.json.dedupeKey);',
		]),
		dtUpsert(n('Write Touch Log'), 'touches', [x + 1140, y - 240]),
		ifTrue(n('Slack Enabled?'), [x + 480, y + 40], `${SETTINGS}.slackEnabled`),
		node(n('Slack: Tell Account Owner'), 'n8n-nodes-base.slack', 2.3, [x + 700, y - 20], {
			authentication: 'accessToken',
			resource: 'message',
			operation: 'post',
			select: 'channel',
			channelId: { __rl: true, mode: 'name', value: `={{ $json.internal.channel || ${SETTINGS}.alertChannel }}` },
			text: '={{ $json.internal.text }}',
			otherOptions: {},
		}, { credentials: cred('slack') }),
		sendEmail(n('Email Account Owner'), [x + 700, y + 120], {
			from: `={{ ${SETTINGS}.fromEmail }}`,
			to: `={{ ($json.arFollowUp.event && $json.arFollowUp.event.notifyTo && $json.arFollowUp.event.notifyTo[0]) || $json.internal.to || ${SETTINGS}.financeEmail }}`,
			subject: '={{ "[AR] " + $json.internal.title }}',
			text: '={{ $json.internal.text + ($json.draft && $json.draft.email ? "\\n\\n--- Draft to the customer (not sent) ---\\nTo: " + $json.draft.email.to + "\\nSubject: " + $json.draft.email.subject + "\\n\\n" + $json.draft.email.text : "") }}',
		}),
		noOp(n('No Message'), [x + 480, y + 200]),
	];
	const edges = [
		[from, 0, [n('Patches'), n('AR Message')]],
		[from, 1, n('Patches')],
		[from, 2, [n('Patches'), n('AR Message')]],
		...writeBackEdges(n),
		[n('AR Message'), 0, n('Email Enabled?')],
		[n('AR Message'), 2, n('Slack Enabled?')],
		[n('AR Message'), 3, n('Slack Enabled?')],
		[n('AR Message'), 4, n('No Message')],
		[n('Email Enabled?'), 0, n('Send Acknowledgment')],
		[n('Send Acknowledgment'), 0, n('Touch Row')],
		[n('Touch Row'), 0, n('Write Touch Log')],
		[n('Slack Enabled?'), 0, n('Slack: Tell Account Owner')],
		[n('Slack Enabled?'), 1, n('Email Account Owner')],
	];
	return { nodes, edges };
}

/** The Settings node of the event workflows (sender and channel switches; same names as the daily run). */
function eventSettings(position) {
	return settingsNode(
		position,
		[...COMPANY, ['timeZone', 'Europe/London', 'string'], ['emailEnabled', true, 'boolean'], ['slackEnabled', false, 'boolean']],
		{ includeOtherFields: true },
	);
}

module.exports = { sampleDirectory, STATE_HELPERS, afterEvent, eventSettings, writeBack, writeBackEdges };
