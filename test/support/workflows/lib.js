/**
 * Shared pieces of the workflow builders (test/support/workflows/*.js): stable node ids, nodes, sticky
 * notes and connections in n8n's workflow JSON shape.
 */
'use strict';

const fs = require('fs');
const path = require('path');

const ROOT = path.resolve(__dirname, '..', '..', '..');
const WORKFLOWS = path.join(ROOT, 'workflows');
/** Node types of an installed community package: `<package name>.<node name>`. */
const PKG = 'n8n-nodes-ar-followup';

function loadLedger() {
	return JSON.parse(fs.readFileSync(path.join(WORKFLOWS, 'sample-ledger.json'), 'utf8'));
}

let idCounter = 0;
let usedIds = new Set();
/** Restart the id sequence: each workflow numbers its own nodes. */
function resetIds() {
	idCounter = 0;
	usedIds = new Set();
}

const asUuid = (hex) => `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;

/**
 * A stable id, unique in the workflow being built (nodes, Set assignments, conditions), so the committed files do not
 * change on every build. It spells the first 16 characters of `name`: two names alike that far (the nodes Approval
 * Requests and Approval Request Status, the settings senderTitle and senderTitleTranslations) would share an id,
 * which n8n refuses for nodes and its editor mixes up for assignments; the second one gets a hash instead.
 */
function uuid(name) {
	idCounter++;
	let id = asUuid(Buffer.from(`${name}:${idCounter}`).toString('hex').padEnd(32, '0').slice(0, 32));
	if (usedIds.has(id)) id = asUuid(require('crypto').createHash('sha256').update(`${name}:${idCounter}`).digest('hex'));
	usedIds.add(id);
	return id;
}

function node(name, type, typeVersion, position, parameters, extra = {}) {
	const id = uuid(name);
	return { parameters, id, name, type, typeVersion, position, ...extra };
}

function sticky(name, position, width, height, content, color = 7) {
	return node(name, 'n8n-nodes-base.stickyNote', 1, position, { content, height, width, color });
}

const link = (to, index = 0) => ({ node: to, type: 'main', index });

/** The sample company's sender details: the same rows in every workflow's Settings node. */
const COMPANY = [
	['companyName', 'Northbeam Software Ltd', 'string'],
	['fromEmail', 'billing@northbeam.example.com', 'string'],
	['fromName', 'Northbeam Billing', 'string'],
	['replyTo', 'ar@northbeam.example.com', 'string'],
	['senderName', 'Maria Lopez', 'string'],
	['senderTitle', 'Accounts Receivable', 'string'],
	// the title under the signature of the German, French, Spanish and Portuguese mails, one `language: title` per line
	['senderTitleTranslations', 'de: Buchhaltung\nfr: Service comptabilité\nes: Cuentas por cobrar\npt: Contas a receber', 'string'],
	['financeEmail', 'finance@northbeam.example.com', 'string'],
	['alertChannel', '#ar-alerts', 'string'],
];

/** A Set node named Settings with one assignment per `[name, value, type]` row. */
function settingsNode(position, rows, extra = {}) {
	return node('Settings', 'n8n-nodes-base.set', 3.4, position, {
		assignments: { assignments: rows.map(([name, value, type]) => ({ id: uuid(`setting:${name}`), name, value, type })) },
		...extra,
		options: {},
	});
}

/**
 * Code lines: the touch-log columns the AR Metrics report reads, for an item that left AR Message: the step's
 * kind (reminder, alert, task; ack for a payment-event acknowledgment), the decision's outcome (send,
 * approval, human; empty for an acknowledgment) and the message's tone.
 */
const ROW_FACTS = [
	'const rowFacts = (ar) => {',
	'	const d = ar.decision || {}; const msg = ar.message || {};',
	"	if (ar.event) return { kind: 'ack', outcome: null, tone: msg.tone || null };",
	"	const kind = d.code === 'HUMAN_TASK' ? 'task' : msg.kind === 'alert' ? 'alert' : 'reminder';",
	"	// A message sent (or an alert to the owner) is outcome send; a ticket for a message that could not be written goes to a person.",
	"	const outcome = d.outcome === 'send' && msg.kind !== 'alert' && msg.route === 'human' ? 'human' : d.outcome || null;",
	'	return { kind, outcome, tone: msg.tone || d.tone || null };',
	'};',
];

module.exports = { ROW_FACTS, COMPANY, settingsNode, ROOT, WORKFLOWS, PKG, loadLedger, resetIds, uuid, node, sticky, link };

// ---------------------------------------------------------------------------------------------
// The store (n8n Data Tables), credentials and the n8n nodes the example workflows share.

/**
 * The Data Tables every example workflow uses; the Setup workflow creates them. Names are lower case
 * (n8n looks a table up by name in lower case). Data Table columns cannot be called id, createdAt or
 * updatedAt (system columns): a hold's createdAt is stored as heldAt, the ledger's updatedAt as ledgerUpdatedAt.
 */
const TABLES = {
	touches: {
		name: 'ar_touches',
		key: 'dedupeKey',
		what: 'Touch log: one row per message sent, per task or approval request opened and per card charge claimed, keyed by the dedupe key.',
		// kind: the step's kind (reminder, alert, task), or ack (a payment-event acknowledgment), charge (a card charge claim).
		// outcome: the decision (send, approval, human); empty for acknowledgments and charges. tone: the message's tone.
		columns: { dedupeKey: 'string', invoiceId: 'string', customerId: 'string', step: 'string', channel: 'string', sentAt: 'string', status: 'string', kind: 'string', outcome: 'string', tone: 'string', recipient: 'string', subject: 'string' },
	},
	holds: {
		name: 'ar_holds',
		key: 'holdId',
		what: 'Holds: disputes, promises to pay, plans, replies, pauses, out of office, bounces, opt-outs.',
		// contact: for a bounce, the address or number that bounced (the hold stops that contact only).
		columns: { holdId: 'string', type: 'string', invoiceId: 'string', customerId: 'string', channel: 'string', until: 'string', active: 'boolean', amount: 'number', note: 'string', heldAt: 'string', source: 'string', contact: 'string' },
	},
	invoiceState: {
		name: 'ar_invoice_state',
		key: 'invoiceId',
		what: 'Invoice state from payment events (status, amount paid, paid date), merged over the billing system\'s invoices by the daily run.',
		columns: { invoiceId: 'string', customerId: 'string', status: 'string', amountPaid: 'number', balance: 'number', paidDate: 'string', autoChargePending: 'boolean', disputed: 'boolean', daysToPay: 'number', daysLate: 'number', eventAt: 'string' },
	},
	approvals: {
		name: 'ar_approvals',
		key: 'approvalKey',
		what: 'Approvals of firm steps for key accounts and large balances (the account owner\'s answer by Slack or by the email\'s Approve / Decline buttons).',
		columns: { approvalKey: 'string', invoiceId: 'string', step: 'string', decision: 'string', by: 'string', decidedAt: 'string' },
	},
	ledger: {
		name: 'ar_ledger',
		key: 'ledgerId',
		what: 'AR Event\'s ledger per invoice (events applied, promises, acknowledgments): redeliveries and out-of-order events change nothing.',
		columns: { ledgerId: 'string', invoiceId: 'string', customerId: 'string', ledgerUpdatedAt: 'string', data: 'string' },
	},
	history: {
		name: 'ar_history',
		key: 'historyId',
		what: 'Payment history facts (paid, partial, failed charge, dispute, promise kept/broken, reply) for the risk score.',
		columns: { historyId: 'string', kind: 'string', invoiceId: 'string', customerId: 'string', at: 'string', amount: 'number', currency: 'string', daysToPay: 'number', daysLate: 'number', code: 'string', promiseId: 'string', detail: 'string' },
	},
};

/**
 * Credentials are referenced by name (and a fixed id so an imported credential file matches); none is
 * embedded. Only SMTP is used by the demo; the others belong to nodes that stay off until their
 * Settings flag is turned on.
 */
const CREDS = {
	smtp: { type: 'smtp', id: 'arSmtpCredential1', name: 'AR SMTP' },
	imap: { type: 'imap', id: 'arImapCredential1', name: 'AR IMAP' },
	stripeWebhook: { type: 'arStripeWebhookApi', id: 'arStripeWebhook01', name: 'AR Stripe Webhook' },
	stripe: { type: 'stripeApi', id: 'arStripeApiCred01', name: 'AR Stripe' },
	twilio: { type: 'twilioApi', id: 'arTwilioCredentl1', name: 'AR Twilio' },
	slack: { type: 'slackApi', id: 'arSlackCredential', name: 'AR Slack' },
	hubspot: { type: 'hubspotAppToken', id: 'arHubspotAppToken', name: 'AR HubSpot' },
	whatsapp: { type: 'whatsAppApi', id: 'arWhatsAppCredent', name: 'AR WhatsApp' },
	/** Basic auth of the weekly report's browser webhook (GET /webhook/ar-report): who may see the company's AR. */
	reportViewer: { type: 'httpBasicAuth', id: 'arReportViewer01', name: 'AR Report Viewer' },
};

function cred(key) {
	const c = CREDS[key];
	return { [c.type]: { id: c.id, name: c.name } };
}

/** Webhook paths of the example workflows (POST). */
const PATHS = { dailyRun: 'ar-daily-run', setup: 'ar-setup', stripe: 'ar-stripe-events', replies: 'ar-replies' };

const SETTINGS = "$('Settings').first().json";
/** AR Message's sender parameters, in its order; a workflow sets each in its Settings node under the same name. */
const SENDER_FIELDS = ['companyName', 'fromEmail', 'fromName', 'replyTo', 'senderName', 'senderTitle', 'senderTitleTranslations', 'financeEmail', 'smsFrom'];
/** AR Message's `sender` parameter, every field read from Settings (`without`: fields the workflow has no use for). */
const senderFromSettings = (without = []) => Object.fromEntries(SENDER_FIELDS.filter((f) => !without.includes(f)).map((f) => [f, `={{ ${SETTINGS}.${f} }}`]));

/**
 * Code line: the touch-log rows the AR nodes count as messages (dedupe, catch-up, touch cap, minimum gap):
 * every message sent and every acknowledgment, not the tasks and approval requests opened for a person
 * (outcome human / approval; kind "task" in rows written before the outcome column) nor card charge claims.
 */
/** Code line: `rows(nodeName)`, the stored rows a Data Table node read (its items that are rows, not errors). */
const STORE_ROWS =
	"const rows = (n) => $(n).all().map((i) => i.json).filter((r) => r && r.id !== undefined);";

const IS_MESSAGE_ROW = "const isMessageRow = (t) => !['task', 'charge'].includes(t.kind) && !['approval', 'human'].includes(t.outcome);";

/** Data Table node: a resource locator by table name. */
function tableRef(table) {
	return { __rl: true, mode: 'name', value: TABLES[table].name };
}

/**
 * Read rows. `filters`: [[column, expression]] (all must match unless matchType 'anyCondition').
 * Runs once (the first input item) and always outputs an item, so an empty table does not stop the flow
 * (the empty item has no `id`: the Code nodes reading rows skip it).
 */
function dtGet(name, table, position, { filters = [], matchType = 'allConditions', once = true } = {}) {
	const parameters = { resource: 'row', operation: 'get', dataTableId: tableRef(table), returnAll: true };
	if (filters.length) {
		parameters.matchType = matchType;
		parameters.filters = { conditions: filters.map(([keyName, keyValue]) => ({ keyName, condition: 'eq', keyValue })) };
	}
	return node(name, 'n8n-nodes-base.dataTable', 1.1, position, parameters, { alwaysOutputData: true, ...(once ? { executeOnce: true } : {}) });
}

/** Upsert each input item (already shaped to the table's columns) by the table's key. */
function dtUpsert(name, table, position) {
	const key = TABLES[table].key;
	return node(name, 'n8n-nodes-base.dataTable', 1.1, position, {
		resource: 'row',
		operation: 'upsert',
		dataTableId: tableRef(table),
		matchType: 'allConditions',
		filters: { conditions: [{ keyName: key, condition: 'eq', keyValue: `={{ $json.${key} }}` }] },
		columns: { mappingMode: 'autoMapInputData', value: {}, matchingColumns: [], schema: [], attemptToConvertTypes: false, convertFieldsToString: false },
		options: {},
	});
}

/** Create a table (reused when it exists). */
function dtCreate(name, table, position) {
	const t = TABLES[table];
	return node(name, 'n8n-nodes-base.dataTable', 1.1, position, {
		resource: 'table',
		operation: 'create',
		tableName: t.name,
		columns: { column: Object.entries(t.columns).map(([n, type]) => ({ name: n, type })) },
		options: { createIfNotExists: true },
	}, { executeOnce: true });
}

/** JavaScript (Code node). mode: runOnceForAllItems (default) or runOnceForEachItem. */
function code(name, position, lines, mode) {
	const jsCode = Array.isArray(lines) ? lines.join('\n') : lines;
	return node(name, 'n8n-nodes-base.code', 2, position, mode === 'each' ? { mode: 'runOnceForEachItem', jsCode } : { jsCode });
}

/**
 * Merge (Choose Branch): passes on the items of its first input once its second input has arrived. A Code node that
 * reads rows a side branch loaded (`$('Re-read …').all()`) takes its items from here instead of mapping over another
 * node's items: then each item it returns can pair with the item it came from (`pairedItem: { item: i }`), and
 * `$('AR Stop Check').item` in a node added further on, or the editor's item highlighting, finds that item's own
 * invoice. (A Code node fed by the side branch can only pair with the side branch's rows, all of them paired with the
 * first invoice.)
 */
function waitFor(name, position) {
	return node(name, 'n8n-nodes-base.merge', 3.2, position, { mode: 'chooseBranch', useDataOfInput: 1 });
}

/** If node: true when the expression is true (loose type check, so "true"/1 count). */
function ifTrue(name, position, expression) {
	return node(name, 'n8n-nodes-base.if', 2.2, position, {
		conditions: {
			options: { caseSensitive: true, leftValue: '', typeValidation: 'loose', version: 2 },
			conditions: [{ id: uuid(`${name}:cond`), leftValue: `={{ ${expression} }}`, rightValue: '', operator: { type: 'boolean', operation: 'true', singleValue: true } }],
			combinator: 'and',
		},
		looseTypeValidation: true,
		options: {},
	});
}

/**
 * Switch node: one output per value (named after it) when the expression equals that value; anything else
 * leaves on a last output named `fallback` (when given).
 */
function switchOn(name, position, expression, values, fallback) {
	return node(name, 'n8n-nodes-base.switch', 3.2, position, {
		rules: {
			values: values.map((v) => ({
				conditions: {
					options: { caseSensitive: true, leftValue: '', typeValidation: 'strict', version: 2 },
					conditions: [{ id: uuid(`${name}:${v}`), leftValue: `={{ ${expression} }}`, rightValue: v, operator: { type: 'string', operation: 'equals' } }],
					combinator: 'and',
				},
				renameOutput: true,
				outputKey: v,
			})),
		},
		options: fallback ? { fallbackOutput: 'extra', renameFallbackOutput: fallback } : {},
	});
}

function noOp(name, position) {
	return node(name, 'n8n-nodes-base.noOp', 1, position, {});
}

/** Send Email (SMTP credential "AR SMTP"): text and HTML parts, no n8n attribution. */
/** Send Email fields read from an AR Message email item (`email: { from, to, subject, text, html, replyTo, cc, bcc }`). */
const MESSAGE_EMAIL = {
	from: `={{ $json.email.from || ${SETTINGS}.fromEmail }}`,
	to: '={{ $json.email.to }}',
	subject: '={{ $json.email.subject }}',
	text: '={{ $json.email.text }}',
	html: '={{ $json.email.html }}',
	replyTo: '={{ $json.email.replyTo }}',
};

function sendEmail(name, position, { from, to, subject, text, html, replyTo, cc, bcc }, extra = {}) {
	const options = { appendAttribution: false };
	if (replyTo) options.replyTo = replyTo;
	if (cc) options.ccEmail = cc;
	if (bcc) options.bccEmail = bcc;
	const parameters = { fromEmail: from, toEmail: to, subject, emailFormat: html ? 'both' : 'text', text, options };
	if (html) parameters.html = html;
	return node(name, 'n8n-nodes-base.emailSend', 2.1, position, parameters, { credentials: cred('smtp'), webhookId: uuid(`${name}:webhook`), ...extra });
}

function webhook(name, position, path, { rawBody = false } = {}) {
	return node(name, 'n8n-nodes-base.webhook', 2, position, {
		httpMethod: 'POST',
		path,
		responseMode: 'onReceived',
		options: rawBody ? { rawBody: true } : {},
	}, { webhookId: uuid(`${name}:${path}`) });
}

/**
 * A connections map from [from, output, to] triples. `to` is a node name, `{ node, input }` for an input
 * other than the first (a Merge node's), or a list of those.
 */
function wire(edges) {
	const connections = {};
	for (const [from, output, to] of edges) {
		const c = (connections[from] ??= { main: [] });
		while (c.main.length <= output) c.main.push([]);
		for (const t of [].concat(to)) c.main[output].push(typeof t === 'string' ? link(t) : link(t.node, t.input));
	}
	return connections;
}

/** Respond to Webhook with the item's `html` as a page, not cached; `responseCode`: an expression, if any; more headers. */
function respondHtml(name, position, { responseCode, headers = [] } = {}) {
	return node(name, 'n8n-nodes-base.respondToWebhook', 1.5, position, {
		respondWith: 'text',
		responseBody: '={{ $json.html }}',
		options: {
			...(responseCode ? { responseCode } : {}),
			responseHeaders: {
				entries: [{ name: 'Content-Type', value: 'text/html; charset=utf-8' }, { name: 'Cache-Control', value: 'no-store' }, ...headers],
			},
		},
	});
}

/** The workflow object n8n imports. */
function workflow(id, name, nodes, connections, settings = {}) {
	return {
		id,
		name,
		nodes,
		connections,
		active: false,
		settings: { executionOrder: 'v1', timezone: 'Europe/London', saveManualExecutions: true, saveDataSuccessExecution: 'all', callerPolicy: 'workflowsFromSameOwner', ...settings },
		pinData: {},
		meta: { templateCredsSetupCompleted: true },
		tags: [],
	};
}

/**
 * Expression text: a number the decision of `item` carries (`item.arFollowUp.decision.<field>`: its `tolerance`, its
 * `promiseGraceDays`), or `fallback` (expression text too) for an item decided by an AR node of a version before the
 * decision carried it. The checks right before sending and charging read the decision's numbers through this.
 */
const decisionNumber = (item, field, fallback) =>
	`(${item}.arFollowUp && ${item}.arFollowUp.decision && typeof ${item}.arFollowUp.decision.${field} === 'number' ? ${item}.arFollowUp.decision.${field} : ${fallback})`;
/** The default policy's promiseGraceDays: the promise grace of an item whose decision does not carry one. */
const DEFAULT_PROMISE_GRACE_DAYS = 2;

Object.assign(module.exports, { decisionNumber, DEFAULT_PROMISE_GRACE_DAYS, respondHtml, MESSAGE_EMAIL, TABLES, CREDS, PATHS, SETTINGS, senderFromSettings, IS_MESSAGE_ROW, STORE_ROWS, cred, tableRef, dtGet, dtUpsert, dtCreate, code, waitFor, ifTrue, switchOn, noOp, sendEmail, webhook, wire, workflow });
