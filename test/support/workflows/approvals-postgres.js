/**
 * The approval page of the Postgres store (workflows/ar-approvals-postgres.workflow.json): the link in an
 * approval request mail of the Postgres daily run opens it.
 *
 *   GET  /webhook/ar-approval?token=…  Find Request -> Page: the request (invoice, step, balance now, the answer
 *                                       so far) and a form; a GET changes nothing, so a mail scanner that follows
 *                                       the link answers nothing.
 *   POST /webhook/ar-approval          (the form) Record Answer (ar_answer_by_token: the token names the request,
 *                                       only who got the mail has it) -> Find Answer -> Page: what was recorded.
 *
 * The next daily run sends an approved step (its claim re-reads payment and holds as for any message) and holds a
 * rejected one until the invoice's next step.
 */
'use strict';

const { resetIds, node, sticky, link, respondHtml, workflow } = require('./lib');
const { APPROVAL_REQUEST, ANSWER_APPROVAL } = require('../postgres-sql');

const { POSTGRES } = require('./daily-run-postgres');
const WEBHOOK_PATH = 'ar-approval';

/** Code lines: the HTML page for the request row(s) of `rowsNode` (none: the link is not valid), after `answered` (a POST). */
function page(rowsNode, answered) {
	return [
		'// The page: the request as it is now and, unless answered, a form. Every value is escaped.',
		"const esc = (v) => String(v ?? '').replace(/[&<>\"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '\"': '&quot;', \"'\": '&#39;' })[c]);",
		`const r = $('${rowsNode}').all().map((i) => i.json).find((j) => j && j.key) || null;`,
		answered ? "const ok = $('Record Answer').first().json.ok === true;" : 'const ok = null;',
		answered ? "const token = String(($('Answer').first().json.body || {}).token || '');" : "const token = String(($('Approval Page').first().json.query || {}).token || '');",
		"const shell = (title, body) => `<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\"><meta name=\"robots\" content=\"noindex\"><title>${esc(title)}</title>` +",
		"	'<style>body{font:16px/1.5 system-ui,sans-serif;max-width:36rem;margin:2rem auto;padding:0 1rem;color:#1f2937}dt{font-weight:600}dd{margin:0 0 .5rem}button{font:inherit;padding:.5rem 1rem;margin-right:.5rem}input,textarea{font:inherit;width:100%;box-sizing:border-box}</style>' +",
		"	`</head><body><h1>${esc(title)}</h1>${body}</body></html>`;",
		"if (!r) return [{ json: { status: 404, html: shell('Link not valid', '<p>This approval link is not valid (or no longer). Ask finance for the request, or answer it in the AR database.</p>') } }];",
		'const facts = `<dl><dt>Invoice</dt><dd>${esc(r.invoiceId)} (customer ${esc(r.customerId)})</dd><dt>Step</dt><dd>${esc(r.step)}${r.tone ? ` (${esc(r.tone)})` : \'\'}</dd>` +',
		"	`<dt>Request</dt><dd>${esc(r.subject)}, asked on ${esc(r.askedOn)}</dd><dt>Balance now</dt><dd>${r.balance === null ? 'unknown' : esc(r.balance) + ' ' + esc(r.currency)}${r.invoiceStatus && r.invoiceStatus !== 'open' ? ` (invoice ${esc(r.invoiceStatus)}: nothing will be sent)` : ''}</dd></dl>`;",
		"const answer = r.decision ? `<p><strong>${r.decision === 'approved' ? 'Approved' : 'Rejected'}</strong> by ${esc(r.decidedBy)} on ${esc(r.decidedAt)} UTC. ${r.decision === 'approved' ? 'The next daily run sends the step.' : 'The step is not sent; the next one follows the cadence.'}</p>` : '';",
		"if (ok === false) return [{ json: { status: 400, html: shell('Not recorded', '<p>The answer was not recorded: give your name and choose Approve or Reject.</p>' + facts + answer) } }];",
		"if (ok === true) return [{ json: { status: 200, html: shell('Answer recorded', answer + facts) } }];",
		"const form = `<form method=\"post\"><input type=\"hidden\" name=\"token\" value=\"${esc(token)}\"><p><label>Your name<br><input name=\"name\" required maxlength=\"120\"></label></p>` +",
		"	'<p><label>Note (optional)<br><textarea name=\"note\" rows=\"2\" maxlength=\"500\"></textarea></label></p>' +",
		"	`<p>An approved step goes out with the next daily run (if the invoice is still due then).</p><p><button name=\"decision\" value=\"approved\">${r.decision ? 'Change to approved' : 'Approve'}</button><button name=\"decision\" value=\"rejected\">${r.decision ? 'Change to rejected' : 'Reject'}</button></p></form>`;",
		"return [{ json: { status: 200, html: shell('Approval needed', facts + answer + form) } }];",
	];
}

const respond = (name, position) => respondHtml(name, position, { responseCode: '={{ $json.status }}', headers: [{ name: 'Referrer-Policy', value: 'no-referrer' }] });

const read = (name, position, token) =>
	node(name, 'n8n-nodes-base.postgres', 2.6, position, { operation: 'executeQuery', query: APPROVAL_REQUEST, options: { queryReplacement: `={{ [${token}] }}` } }, { credentials: POSTGRES, alwaysOutputData: true });

function approvalsPostgres() {
	resetIds();
	const nodes = [
		sticky('Note: Approval page', [-460, -360], 760, 300, [
			'## AR approvals on Postgres (queue mode)',
			'The approval requests of **AR Follow-up: Daily Run (Postgres, queue mode)** link here (its Settings: *approvalPageUrl*, by default this n8n\'s `/webhook/' + WEBHOOK_PATH + '`). Publish this workflow and set the **AR Postgres Store** credential.',
			'',
			'**GET** shows the request (invoice, step, balance now, any answer so far) and a form: opening the link changes nothing, so a mail scanner that follows it answers nothing. **POST** (the form) records the answer with `ar_answer_by_token`: the link\'s random token names the request, so only who got the mail can answer it. The answer goes to `ar_approvals` and the audit log (`APPROVED` / `REJECTED`, with the name given); a later answer replaces an earlier one.',
			'',
			'The next daily run sends an approved step (re-reading payment and holds first) and holds a rejected one until the invoice\'s next step. The same answers in SQL: `ar_approve(key, you)` / `ar_reject(key, you)`.',
		].join('\n'), 4),
		sticky('Note: What the page trusts', [360, -360], 460, 300, [
			'### What the page trusts',
			'- The **link\'s token**: random, made when the request was claimed, sent only in the request mail. Without it the page shows nothing and answers nothing (404).',
			'- The **name** typed in the form, as given: it is recorded with the answer and in the audit log. Need a verified identity? Put the page behind authentication: the Webhook nodes\' basic or header auth, or your SSO proxy.',
			'- Nothing is sent from here: the next daily run decides again, and its claim re-reads payment and holds before the step goes out.',
		].join('\n'), 6),
		node('Approval Page', 'n8n-nodes-base.webhook', 2.1, [-400, 60], { httpMethod: 'GET', path: WEBHOOK_PATH, responseMode: 'responseNode', options: {} }, { webhookId: '0b6f5c1e-5d1a-4a8e-9f3b-7e2d1c0a9f01' }),
		read('Find Request', [-180, 60], "String(($json.query || {}).token || '')"),
		node('Page', 'n8n-nodes-base.code', 2, [40, 60], { jsCode: page('Find Request', false).join('\n') }),
		respond('Show Page', [260, 60]),
		node('Answer', 'n8n-nodes-base.webhook', 2.1, [-400, 300], { httpMethod: 'POST', path: WEBHOOK_PATH, responseMode: 'responseNode', options: {} }, { webhookId: '0b6f5c1e-5d1a-4a8e-9f3b-7e2d1c0a9f02' }),
		node('Record Answer', 'n8n-nodes-base.postgres', 2.6, [-180, 300], {
			operation: 'executeQuery',
			query: ANSWER_APPROVAL,
			options: {
				queryReplacement: "={{ [String(($json.body || {}).token || ''), String(($json.body || {}).decision || ''), String(($json.body || {}).name || '').trim().slice(0, 120), String(($json.body || {}).note || '').trim().slice(0, 500)] }}",
			},
		}, { credentials: POSTGRES }),
		read('Find Answer', [40, 300], "String(($('Answer').first().json.body || {}).token || '')"),
		node('Answer Page', 'n8n-nodes-base.code', 2, [260, 300], { jsCode: page('Find Answer', true).join('\n') }),
		respond('Show Answer', [480, 300]),
	];
	const connections = {
		'Approval Page': { main: [[link('Find Request')]] },
		'Find Request': { main: [[link('Page')]] },
		Page: { main: [[link('Show Page')]] },
		Answer: { main: [[link('Record Answer')]] },
		'Record Answer': { main: [[link('Find Answer')]] },
		'Find Answer': { main: [[link('Answer Page')]] },
		'Answer Page': { main: [[link('Show Answer')]] },
	};
	return workflow('arApprovalsPg001', 'AR Follow-up: Approvals (Postgres)', nodes, connections, { timezone: 'UTC' });
}

module.exports = { file: 'ar-approvals-postgres.workflow.json', build: approvalsPostgres, WEBHOOK_PATH };
