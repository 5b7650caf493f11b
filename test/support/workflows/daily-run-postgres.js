/**
 * Daily AR run on the Postgres store, for n8n in queue mode (workflows/ar-daily-run-postgres.workflow.json).
 *
 * Webhook (or the business-day schedule) -> Settings -> Load Invoices (one shard) -> AR Risk Score ->
 * AR Stop Check -> AR Message -> Claim Send (atomic, re-reads payment and holds) -> Won The Claim? ->
 * Send In Batches: Mark Sending (re-reads them again) -> Send Email -> Record Send; text messages (SMS, and
 * WhatsApp through Twilio or Meta's Cloud API) the same way, when switched on in Settings (off, they are neither
 * claimed nor sent, so they stay due); every decision also goes to the audit log. Approval requests, tasks
 * for a person and internal alert steps (AR Message's Internal and Needs Human outputs) go the same claim -> mark -> send -> record way, as an e-mail to the
 * account owner (else finance), under the decision's task key: once per invoice and step, however many runs
 * and workers; an approval is answered on the approval page its mail links to (ar-approvals-postgres) or
 * with ar_approve / ar_reject, and the next run sends or holds the step.
 * Last, Needs Person: what a person must look at (sends in doubt, sends given up, claims stuck at the retry
 * bound) is e-mailed to finance, once per row and state.
 */
'use strict';

const { ROW_FACTS, PKG, resetIds, uuid, node, sticky, link, cred, ifTrue, senderFromSettings, decisionNumber, DEFAULT_PROMISE_GRACE_DAYS } = require('./lib');
const { LOAD_INVOICES, AUDIT_DECISIONS, CLAIM_SEND, MARK_SENDING, RECORD_SEND, RECORD_TEXT, NEEDS_PERSON, ALERT_NOT_SENT } = require('../postgres-sql');

const POSTGRES = { postgres: { id: 'arPostgresStore1', name: 'AR Postgres Store' } };
const SMTP = { smtp: { id: 'arSmtpAccount001', name: 'AR SMTP' } };
const WEBHOOK_PATH = 'ar-daily-run-postgres';
const APPROVAL_PATH = 'ar-approval'; // workflows/ar-approvals-postgres.workflow.json

const setting = (name, value, type) => ({ id: uuid(name), name, value, type });
const S = (field) => `$('Settings').first().json.${field}`;
/**
 * A recipient field of a provider node, empty unless Mark Sending moved the claim to 'sending': a claim withdrawn there
 * (paid or held meanwhile) reaches the provider without a recipient, which refuses it, and Record ignores it.
 */
const ifSending = (field) => `={{ $json.sending ? $json.email.${field} : '' }}`;
/**
 * The balance at or under which the claim gate counts the invoice as settled: the decision's tolerance (the policy's, in
 * the invoice's currency, with its exact amounts by currency and its percentage), else Settings' (an item decided by
 * an AR node of a version before the decision carried it).
 */
const TOLERANCE = decisionNumber('$json', 'tolerance', S('tolerance'));
/** The days a promise to pay holds after its date: the decision's (the policy's); the default policy's for an item of an older AR node. */
const PROMISE_GRACE = decisionNumber('$json', 'promiseGraceDays', DEFAULT_PROMISE_GRACE_DAYS);

/**
 * The claim -> mark -> send -> record chain, one set of nodes per kind of mail (customer emails, mails to a person),
 * on the same SQL. Every statement runs once per item in its own transaction (queryBatching 'independently': n8n's
 * default 'single' runs all items' queries as one multi-statement query, one implicit transaction holding every
 * claim's share lock to the end). `key`, `step`, `email`, `channel` (the touch's channel): expressions on the item.
 */
const claimNode = (name, position, { key, step, channel, email }) =>
	node(name, 'n8n-nodes-base.postgres', 2.6, position, {
		operation: 'executeQuery',
		query: CLAIM_SEND,
		options: {
			queryBatching: 'independently',
			queryReplacement: `={{ [${key}, $json.invoiceId, $json.customerId, ${step}, ${channel}, ${S('asOf')}, $execution.id, ${S('leaseSeconds')}, ${S('maxAttempts')}, ${TOLERANCE}, ${email}, ${PROMISE_GRACE}] }}`,
		},
	}, { credentials: POSTGRES });

/** A customer message's claim key and step (AR Message's item), for claimNode. */
const MESSAGE_KEY = { key: '$json.arFollowUp.message.dedupeKey', step: '$json.arFollowUp.decision.step' };

/** A text message's claim channel and what the claim keeps of it (AR Message's SMS / WhatsApp output). */
const TEXT_CHANNEL = "($json.sms.whatsapp ? 'whatsapp' : 'sms')";
const TEXT_MESSAGE = '{ to: $json.sms.to, from: $json.sms.from, text: $json.sms.body, whatsapp: !!$json.sms.whatsapp, tone: $json.arFollowUp.message.tone }';

/** The won claims, a batch at a time (Settings' sendBatchSize: the most that can be in doubt if the worker dies). */
const batchesNode = (name, position) => node(name, 'n8n-nodes-base.splitInBatches', 3, position, { batchSize: `={{ ${S('sendBatchSize')} }}`, options: {} });

/** Only the claims this run won go on. */
const wonFilter = (name, position, conditionId) =>
	node(name, 'n8n-nodes-base.filter', 2.2, position, {
		conditions: {
			options: { caseSensitive: true, leftValue: '', typeValidation: 'strict', version: 2 },
			conditions: [{ id: uuid(conditionId), leftValue: '={{ $json.claimed }}', rightValue: '', operator: { type: 'boolean', operation: 'true', singleValue: true } }],
			combinator: 'and',
		},
		options: {},
	});

const markNode = (name, position, channel) =>
	node(name, 'n8n-nodes-base.postgres', 2.6, position, {
		operation: 'executeQuery',
		query: MARK_SENDING,
		options: { queryBatching: 'independently', queryReplacement: `={{ [$json.dedupe_key, $json.invoice_id, $json.customer_id, $json.step, ${channel}, ${S('asOf')}, $execution.id, ${S('leaseSeconds')}, ${S('maxAttempts')}, $json.tolerance, $json.email, $json.promise_grace_days] }}` },
	}, { credentials: POSTGRES });

/**
 * A send loop: Claim -> Won? -> In Batches (done: a No Op) -> Mark -> the provider's node -> Record -> back to In
 * Batches, one loop per provider node (so one way back to its batches). Laid out from [x, y]: the claim row, then Mark,
 * the provider and Record on the line below. `names`: the six node names; `claim`: claimNode's expressions;
 * `markChannel`: the touch's channel for markNode; `send`: the provider's node, made at the given name and position;
 * `record`: [query, answer] for recordNode.
 */
function sendLoop(names, [x, y], { claim, conditionId, markChannel, send, record = [] }) {
	const nodes = [
		claimNode(names.claim, [x, y], claim),
		wonFilter(names.won, [x + 220, y], conditionId),
		batchesNode(names.batches, [x + 440, y]),
		node(names.done, 'n8n-nodes-base.noOp', 1, [x + 660, y - 20], {}),
		markNode(names.mark, [x + 660, y + 120], markChannel),
		send(names.send, [x + 880, y + 120]),
		recordNode(names.record, [x + 1100, y + 120], names.mark, ...record),
	];
	const connections = {
		[names.claim]: { main: [[link(names.won)]] },
		[names.won]: { main: [[link(names.batches)]] },
		[names.batches]: { main: [[link(names.done)], [link(names.mark)]] },
		[names.mark]: { main: [[link(names.send)]] },
		[names.send]: { main: [[link(names.record)]] },
		[names.record]: { main: [[link(names.batches)]] },
	};
	return { nodes, connections };
}

/** Send Email for a claim: no recipient, so nothing is sent, unless Mark Sending moved it to 'sending'; continues on error (Record reads it). */
const sendNode = (name, position, content) =>
	node(name, 'n8n-nodes-base.emailSend', 2.1, position, {
		fromEmail: '={{ $json.email.from }}',
		toEmail: ifSending('to'),
		subject: '={{ $json.email.subject }}',
		...content,
	}, { credentials: SMTP, onError: 'continueRegularOutput' });

/** Record the send's outcome (`query`: RECORD_SEND for e-mail, RECORD_TEXT for text messages); `answer`: the provider's id of the message. */
const recordNode = (name, position, markName, query = RECORD_SEND, answer = '$json.response || $json.messageId') =>
	node(name, 'n8n-nodes-base.postgres', 2.6, position, {
		operation: 'executeQuery',
		query,
		options: {
			queryBatching: 'independently',
			queryReplacement: `={{ [$('${markName}').item.json.dedupe_key, $execution.id, $json.error ? String($json.error) : '', ${answer} || '', ${S('maxAttempts')}] }}`,
		},
	}, { credentials: POSTGRES });

/**
 * Person Alert (Code): an item of AR Message's Internal or Needs Human output as an e-mail to a person, in the
 * shape Claim Send takes (`alert.key`, `alert.email`). The key is the decision's task key (invoice:step:approval,
 * invoice:step:human), an internal alert step's dedupe key (invoice:step:internal), or for a ticket about a
 * customer message that could not be written, that message's key + ':human' (the message itself keeps its own
 * key, so it can still be claimed once a person has fixed the data).
 */
const PERSON_ALERT = [
	'// One e-mail per alert, approval request or task, with the key that claims it once (see Claim Alert).',
	"const s = $('Settings').first().json;",
	...ROW_FACTS,
	'return $input.all().map((item, i) => {',
	'	const j = item.json; const ar = j.arFollowUp || {}; const d = ar.decision || {}; const msg = ar.message || {};',
	'	const internal = j.internal || {};',
	"	const invoiceId = ar.invoiceId || j.invoiceId; const step = d.step || 'task';",
	"	const key = msg.taskKey || (msg.dedupeKey ? (msg.route === 'human' ? msg.dedupeKey + ':human' : msg.dedupeKey) : `${invoiceId}:${step}:human`);",
	'	const facts = rowFacts(ar);',
	"	const lines = [internal.text || d.reason || ''];",
	"	// (an approval request's text already carries the draft to the customer: AR Message's Message preview)",
	"	if (j.draft && j.draft.email) lines.push('', `The draft would go to: ${j.draft.email.to}`);",
	"	if (facts.outcome === 'approval') lines.push('', 'Answer on the approval page (the link below), or in the AR database; the next daily run sends the step, or holds it until the next one:', `  SELECT ar_approve('${key}', '<you>');   -- send it`, `  SELECT ar_reject('${key}', '<you>');    -- do not send this step`);",
	'	return {',
	'		json: { ...j, alert: { key, step, email: {',
	"			from: s.fromEmail, to: internal.to || s.financeEmail, subject: '[AR] ' + (internal.title || `${invoiceId} ${step}: needs a person`),",
	"			text: lines.join('\\n'), tone: facts.tone, outcome: facts.outcome, kind: facts.kind,",
	'		} } },',
	'		pairedItem: { item: i },',
	'	};',
	'});',
];

function dailyRunPostgres() {
	resetIds();
	const asOfExpr = `={{ ${S('asOf')} }}`;
	const emails = sendLoop(
		{ claim: 'Claim Send', won: 'Won The Claim?', batches: 'Send In Batches', done: 'All Sent', mark: 'Mark Sending', send: 'Send Email', record: 'Record Send' },
		[920, 100],
		{
			claim: { ...MESSAGE_KEY, channel: "'email'", email: 'Object.assign({}, $json.email, { tone: $json.arFollowUp.message.tone })' },
			conditionId: 'claimed',
			markChannel: "'email'",
			send: (name, position) =>
				sendNode(name, position, {
					emailFormat: 'both',
					text: '={{ $json.email.text }}\n\nOur reference: {{ $json.dedupe_key }}',
					html: '={{ $json.email.html }}',
					options: { appendAttribution: false, ccEmail: ifSending('cc'), bccEmail: ifSending('bcc'), replyTo: '={{ $json.email.replyTo }}' },
				}),
		},
	);
	// SMS, and WhatsApp by Twilio's WhatsApp sender
	const texts = sendLoop(
		{ claim: 'Claim Text', won: 'Won The Text Claim?', batches: 'Send Texts In Batches', done: 'All Texts Sent', mark: 'Mark Text Sending', send: 'Twilio: Send Text', record: 'Record Text' },
		[1360, 380],
		{
			claim: { ...MESSAGE_KEY, channel: TEXT_CHANNEL, email: TEXT_MESSAGE },
			conditionId: 'textClaimed',
			markChannel: "($json.email.whatsapp ? 'whatsapp' : 'sms')",
			send: (name, position) =>
				node(name, 'n8n-nodes-base.twilio', 1, position, {
					resource: 'sms',
					operation: 'send',
					from: '={{ $json.email.from }}',
					to: ifSending('to'),
					toWhatsapp: '={{ !!$json.email.whatsapp }}',
					message: '={{ $json.email.text }}',
					options: {},
				}, { credentials: cred('twilio'), onError: 'continueRegularOutput' }),
			record: [RECORD_TEXT, '$json.sid'],
		},
	);
	// WhatsApp by Meta's WhatsApp Business Cloud API
	const whatsapps = sendLoop(
		{ claim: 'Claim WhatsApp', won: 'Won The WhatsApp Claim?', batches: 'Send WhatsApp In Batches', done: 'All WhatsApp Sent', mark: 'Mark WhatsApp Sending', send: 'WhatsApp Business: Send', record: 'Record WhatsApp' },
		[1360, 680],
		{
			claim: { ...MESSAGE_KEY, channel: "'whatsapp'", email: TEXT_MESSAGE },
			conditionId: 'whatsappClaimed',
			markChannel: "'whatsapp'",
			send: (name, position) =>
				node(name, 'n8n-nodes-base.whatsApp', 1, position, {
					resource: 'message',
					operation: 'send',
					phoneNumberId: `={{ ${S('whatsappPhoneNumberId')} }}`,
					recipientPhoneNumber: ifSending('to'),
					messageType: 'text',
					textBody: '={{ $json.email.text }}',
					additionalFields: {},
				}, { credentials: cred('whatsapp'), webhookId: '6172a7c5-71a3-4e9c-8f0e-0d2b5c1e9a03', onError: 'continueRegularOutput' }),
			record: [RECORD_TEXT, "($json.messages && $json.messages[0] ? $json.messages[0].id : '')"],
		},
	);
	const nodes = [
		sticky('Note: Queue mode', [-520, -500], 700, 440, [
			'## AR daily run on Postgres (queue mode)',
			'For n8n in **queue mode** (Redis + several workers + Postgres): any number of runs and workers may decide the same invoices at once; **Claim Send** makes sure one message goes out per invoice, step and channel.',
			'',
			'1. Create the tables once: import and run **AR Follow-up: Postgres Setup** (or `psql -f workflows/postgres/schema.sql`).',
			'2. Set the **AR Postgres Store** and **AR SMTP** credentials on the Postgres and Send Email nodes (for text messages also **AR Twilio** on *Twilio: Send Text*, and **AR WhatsApp** on *WhatsApp Business: Send* for WhatsApp by Meta).',
			'3. Point **Load Invoices** at your billing data (`ar_invoices` is a stand-in with the columns the run needs).',
			'4. Import and publish **AR Follow-up: Approvals (Postgres)**: the page the approval requests link to.',
			'',
			'Split big ledgers into shards: `POST /webhook/' + WEBHOOK_PATH + '` with `{"shard": 0, "shards": 4}`, one call per shard; every customer lands in exactly one shard. See the README, *Queue mode (Postgres + Redis)*.',
		].join('\n'), 4),
		sticky('Note: Claim', [1160, -640], 980, 580, [
			'### Claim, send, record',
			'**Claim Send** runs one SQL statement per message, each its own transaction (option *Query Batching: Independent*; n8n\'s default would run all of them as one transaction, holding every invoice\'s lock to the end): it re-reads the invoice (paid? balance under tolerance?) and the holds and promises **in the same transaction** that inserts the touch with its unique dedupe key. Only the winner of the claim sends; a run or worker that loses gets `ALREADY_CLAIMED`, a paid or held invoice `INVOICE_PAID`, `HOLD_DISPUTE`... (all in `ar_audit`).',
			'',
			'Text messages take the same way when *smsEnabled* / *whatsappEnabled* is on in **Settings**: SMS, and WhatsApp through Twilio\'s WhatsApp sender, by **Claim Text** -> **Twilio: Send Text** -> **Record Text**; WhatsApp by Meta\'s Cloud API (*whatsappVia* `meta`) by **Claim WhatsApp** -> **WhatsApp Business: Send** -> **Record WhatsApp**. Off, they go to **Channel Off**: not claimed, not sent, still due. Never wire a provider straight to AR Message: without the claim, nothing would record the send and the next run would send it again.',
			'',
			'The winners go out **in small batches**: **Mark Sending** re-reads payment and holds once more and moves the claim to `sending` (a claim refused there is withdrawn and its item goes on without a recipient: Send Email sends nothing for it, Record Send ignores it); **Send Email** continues on error; **Record Send** marks the touch `sent`, or `failed` (the next run claims it again, up to *Max Attempts*, then `gave_up` for a person).',
			'',
			'Send errors: only a definite refusal (an SMTP 4xx/5xx reply, a 4xx answer of Twilio\'s or Meta\'s API, or no connection at all) counts as `failed`; a timeout or a dropped connection after the message data may have delivered it, so the touch stays `sending`, **in doubt**.',
			'',
			'If the run dies: a `claimed` touch never reached Send Email, so after the lease the next run claims it again by itself. A `sending` touch may or may not have left: after the lease it is listed in the `ar_in_doubt` view and is **never re-sent automatically**. Check the mail log for its reference and call `ar_confirm_sent(key, you)` or `ar_release(key, you)`. At most *Send Batch Size* messages per dead run are in doubt.',
		].join('\n'), 5),
		sticky('Note: Needs Person', [-520, 1320], 440, 460, [
			'### What needs a person',
			'At the end of every run **Needs Person** moves claims stuck at the retry bound to `gave_up` (audited `RETRIES_EXHAUSTED`) and picks every row of the `ar_needs_person` view of this shard not yet reported: sends **in doubt** and sends that **gave up**. **Alert Finance** e-mails the list to *financeEmail* (set it in **Settings**), once per row and state, even when several runs overlap; if the alert cannot be sent, the next run reports the rows again.',
			'',
			'Then: `ar_confirm_sent(key, you)` (it went out), `ar_release(key, you)` (send it again: the next run does, with a fresh count of attempts) or `ar_resolve(key, you)` (you handled it yourself).',
		].join('\n'), 3),
		sticky('Note: Approvals and tasks', [1120, 1140], 960, 340, [
			'### Approvals, tasks and alerts for a person',
			'What the run cannot do by itself goes to a person by e-mail: **approval requests** (a firm notice to a key account, a balance over the policy\'s threshold, a step that always needs one: with the draft to the customer), **tasks** (the D+45 finance decision, a customer no channel can reach, a message that cannot be written because a fact is missing) and **internal alert steps**. Each goes to the customer\'s account owner (`customer.accountOwner.email`), else to *financeEmail*.',
			'',
			'**Claim Alert** claims each one under its key in `ar_touches` (channel `internal`), with the same re-read of payment and holds as a customer message: **once per invoice and step**, however many runs and workers, and never for an invoice paid meanwhile. A request left in doubt is reported by **Needs Person** like a customer mail.',
			'',
			'Answer an approval on the **approval page** the request links to (import and publish **AR Follow-up: Approvals (Postgres)**), or in the AR database with the request\'s reference: `SELECT ar_approve(\'<key>\', \'<you>\')` (the next run sends the step) or `SELECT ar_reject(\'<key>\', \'<you>\')` (the step is not sent; the next one follows its cadence). Answers are kept in `ar_approvals`; no answer is not a no: the step waits.',
		].join('\n'), 3),
		sticky('Note: Settings', [-520, -50], 1140, 400, [
			'### Settings',
			'From the webhook body, else the defaults:',
			'- **asOf**: decide as of this instant (default: now);',
			'- **shard** / **shards**: which slice of the customers this run decides (default 0 of 1);',
			'- **leaseSeconds**: after this a claim still not recorded is *in doubt* (default 3600: longer than any run);',
			'- **maxAttempts**: sends tried per message before a person takes over (default 3);',
			'- **tolerance**: only for an item whose decision carries no tolerance (AR nodes of an older version): the claim checks the balance against the decision\'s tolerance, the policy\'s in the invoice\'s currency (default 1.00);',
			'- **sendBatchSize**: messages handed to Send Email at a time (default 10): the most that can be in doubt if the worker dies;',
			'- **financeEmail** (set here, not from the body): who gets the *needs a person* alerts, and the alerts, approval requests and tasks of customers without an account owner;',
			'- **fromEmail** (set here): the sender of every mail of the run, to customers and to people;',
			'- **companyName** / **fromName** / **replyTo** / **senderName** / **senderTitle** / **senderTitleTranslations** (set here): how the customer mails are signed and where replies go (the mailbox the replies are read from); *senderTitleTranslations*, one `language: title` per line, signs the German, French, Spanish and Portuguese mails;',
			'- **smsEnabled** / **whatsappEnabled** / **smsFrom** (set here): text messages, off by default; SMS by Twilio from *smsFrom*, your Twilio number;',
			'- **whatsappVia** / **whatsappPhoneNumberId** (set here): WhatsApp by `twilio` (from *smsFrom*, a WhatsApp-enabled Twilio sender) or `meta` (WhatsApp Business Cloud API, your phone number ID);',
			'- **approvalPageUrl** (set here): the page an approval request links to (**AR Follow-up: Approvals (Postgres)**); by default this n8n\'s own webhook URL (set `WEBHOOK_URL` on every n8n process of queue mode).',
		].join('\n'), 6),
		node('Daily Run Webhook', 'n8n-nodes-base.webhook', 2, [-460, 360], { httpMethod: 'POST', path: WEBHOOK_PATH, responseMode: 'onReceived', options: {} }, { webhookId: '6172a7c5-71a3-4e9c-8f0e-0d2b5c1e9a01' }),
		node('Every Business Day 08:00', 'n8n-nodes-base.scheduleTrigger', 1.2, [-460, 540], {
			rule: { interval: [{ field: 'cronExpression', expression: '0 8 * * 1-5' }] },
		}),
		node('Settings', 'n8n-nodes-base.set', 3.4, [-240, 440], {
			assignments: {
				assignments: [
					setting('asOf', "={{ ($json.body && $json.body.asOf) || $now.toUTC().toISO() }}", 'string'),
					setting('shard', '={{ Number(($json.body && $json.body.shard) || 0) }}', 'number'),
					setting('shards', '={{ Number(($json.body && $json.body.shards) || 1) }}', 'number'),
					setting('leaseSeconds', '={{ Number(($json.body && $json.body.leaseSeconds) || 3600) }}', 'number'),
					setting('maxAttempts', '={{ Number(($json.body && $json.body.maxAttempts) || 3) }}', 'number'),
					setting('tolerance', '={{ Number(($json.body && $json.body.tolerance) || 1) }}', 'number'),
					setting('sendBatchSize', '={{ Number(($json.body && $json.body.sendBatchSize) || 10) }}', 'number'),
					setting('financeEmail', 'finance@example.com', 'string'),
					setting('fromEmail', 'billing@example.com', 'string'),
					// the customer mails' sender (AR Message)
					setting('companyName', 'Example Software Ltd', 'string'),
					setting('fromName', 'Example Billing', 'string'),
					setting('replyTo', 'ar@example.com', 'string'),
					setting('senderName', '', 'string'),
					setting('senderTitle', 'Accounts Receivable', 'string'),
					setting('senderTitleTranslations', 'de: Buchhaltung\nfr: Service comptabilité\nes: Cuentas por cobrar\npt: Contas a receber', 'string'),
					// text messages: SMS by Twilio, WhatsApp by Twilio's WhatsApp sender or Meta's WhatsApp Business Cloud API
					// (whatsappVia 'twilio' or 'meta'); off until the provider's credential is set
					setting('smsEnabled', false, 'boolean'),
					setting('whatsappEnabled', false, 'boolean'),
					setting('smsFrom', '', 'string'),
					setting('whatsappVia', 'twilio', 'string'),
					setting('whatsappPhoneNumberId', '', 'string'),
					// the approval page (workflows/ar-approvals-postgres.workflow.json) on this n8n's webhook URL (WEBHOOK_URL)
					setting('approvalPageUrl', `={{ $execution.resumeUrl.replace(/\\/webhook-waiting\\/.*$/, '/webhook/${APPROVAL_PATH}') }}`, 'string'),
				],
			},
			options: {},
		}),
		node('Load Invoices', 'n8n-nodes-base.postgres', 2.6, [-20, 440], {
			operation: 'executeQuery',
			query: LOAD_INVOICES,
			options: { queryReplacement: '={{ [$json.shard, $json.shards, $json.asOf] }}' },
		}, { credentials: POSTGRES }),
		node('AR Risk Score', `${PKG}.arRiskScore`, 1, [200, 440], { options: { asOf: asOfExpr } }, { onError: 'continueErrorOutput' }),
		node('AR Stop Check', `${PKG}.arStopCheck`, 1, [420, 440], { options: { asOf: asOfExpr } }),
		node('AR Message', `${PKG}.arMessage`, 1, [680, 200], {
			// the sender, from Settings like every other address of this run (financeEmail: the copy of a step that copies finance)
			sender: senderFromSettings(),
			// alerts, approval requests and tickets go to people by e-mail here: plain text, not Slack markup
			options: { internalFormat: 'plain' },
		}),
		...emails.nodes,
		// Text messages: a channel switched off in Settings is neither claimed nor sent (it stays due); the others go the
		// claim -> mark -> send -> record way of the e-mails: WhatsApp by Meta's Cloud API on its own send loop, SMS (and
		// WhatsApp by Twilio's WhatsApp sender) on Twilio's.
		ifTrue('Text Channel On?', [920, 380], `!!($json.sms && $json.sms.whatsapp ? ${S('whatsappEnabled')} : ${S('smsEnabled')})`),
		node('Channel Off', 'n8n-nodes-base.noOp', 1, [1140, 540], {}),
		ifTrue('WhatsApp By Meta?', [1140, 380], `!!$json.sms.whatsapp && ${S('whatsappVia')} === 'meta'`),
		...texts.nodes,
		...whatsapps.nodes,
		node('Person Alert', 'n8n-nodes-base.code', 2, [920, 960], { jsCode: PERSON_ALERT.join('\n') }),
		claimNode('Claim Alert', [1140, 960], { key: '$json.alert.key', step: '$json.alert.step', channel: "'internal'", email: '$json.alert.email' }),
		wonFilter('Won The Alert Claim?', [1360, 960], 'alertClaimed'),
		markNode('Mark Alert Sending', [1580, 960], "'internal'"),
		sendNode('Email Person', [1800, 960], {
			emailFormat: 'text',
			text: `={{ $json.email.text }}{{ $json.email.token ? '\\n\\nApproval page: ' + ${S('approvalPageUrl')} + '?token=' + $json.email.token : '' }}\n\nOur reference: {{ $json.dedupe_key }}`,
			options: { appendAttribution: false },
		}),
		recordNode('Record Alert', [2020, 960], 'Mark Alert Sending'),
		node('Collect Decisions', 'n8n-nodes-base.aggregate', 1, [680, 1220], {
			aggregate: 'aggregateIndividualFields',
			fieldsToAggregate: {
				fieldToAggregate: [
					['invoiceId', 'invoiceId'],
					['customerId', 'customerId'],
					['arFollowUp.decision.outcome', 'outcome'],
					['arFollowUp.decision.code', 'code'],
					['arFollowUp.decision.reason', 'reason'],
					['arFollowUp.decision.step', 'step'],
					['arFollowUp.decision.dedupeKeys', 'dedupeKeys'],
					['arFollowUp.decision.resumeAt', 'resumeAt'],
					['error', 'error'],
				].map(([from, to]) => ({ fieldToAggregate: from, renameField: true, outputFieldName: to })),
			},
			options: { keepMissing: true },
		}),
		node('Audit Decisions', 'n8n-nodes-base.postgres', 2.6, [900, 1220], {
			operation: 'executeQuery',
			query: AUDIT_DECISIONS,
			options: { queryReplacement: `={{ [JSON.stringify($json), $execution.id, ${S('asOf')}] }}` },
		}, { credentials: POSTGRES }),
		// below everything else: with execution order v1 it runs after the whole send loop, so it also reports
		// what this very run left in doubt or gave up
		node('Needs Person', 'n8n-nodes-base.postgres', 2.6, [-20, 1440], {
			operation: 'executeQuery',
			query: NEEDS_PERSON,
			options: { queryReplacement: `={{ [$json.shard, $json.shards, $json.maxAttempts, $execution.id] }}` },
		}, { credentials: POSTGRES }),
		node('Anything For A Person?', 'n8n-nodes-base.filter', 2.2, [200, 1440], {
			conditions: {
				options: { caseSensitive: true, leftValue: '', typeValidation: 'strict', version: 2 },
				conditions: [{ id: uuid('needsPerson'), leftValue: '={{ $json.count }}', rightValue: 0, operator: { type: 'number', operation: 'gt' } }],
				combinator: 'and',
			},
			options: {},
		}),
		node('Alert Finance', 'n8n-nodes-base.emailSend', 2.1, [420, 1440], {
			fromEmail: `={{ ${S('fromEmail')} }}`,
			toEmail: `={{ ${S('financeEmail')} }}`,
			subject: `=AR follow-up: {{ $json.count }} message(s) need a person (shard {{ ${S('shard')} }} of {{ ${S('shards')} }})`,
			emailFormat: 'text',
			text: [
				'={{ $json.count }} collection message(s) cannot go on by themselves:',
				'',
				'{{ $json.text }}',
				'',
				'IN DOUBT: the mail may or may not have left. Search the mail provider\'s log for "Our reference: <key>", then in the AR database:',
				"  SELECT ar_confirm_sent('<key>', '<you>');   -- it went out",
				"  SELECT ar_release('<key>', '<you>');        -- it did not: the next run sends it",
				'GAVE UP: it was refused at every attempt (see the last error: the SMTP server, or Twilio or Meta for a text message). Fix the cause, then ar_release (the next run sends it), or handle it yourself and',
				"  SELECT ar_resolve('<key>', '<you>');",
				'',
				'The full list: SELECT * FROM ar_needs_person;',
			].join('\n'),
			options: { appendAttribution: false },
		}, { credentials: SMTP, onError: 'continueRegularOutput' }),
		node('Alert Not Sent', 'n8n-nodes-base.postgres', 2.6, [640, 1440], {
			operation: 'executeQuery',
			query: ALERT_NOT_SENT,
			// the keys as JSON text: n8n hands a JS array to Postgres as text[], which does not cast to jsonb
			options: { queryReplacement: "={{ [JSON.stringify($('Anything For A Person?').item.json.keys), $json.error ? String($json.error) : ''] }}" },
		}, { credentials: POSTGRES }),
		node('On Hold', 'n8n-nodes-base.noOp', 1, [680, 600], {}),
	];
	const connections = {
		'Daily Run Webhook': { main: [[link('Settings')]] },
		'Every Business Day 08:00': { main: [[link('Settings')]] },
		Settings: { main: [[link('Load Invoices'), link('Needs Person')]] },
		'Needs Person': { main: [[link('Anything For A Person?')]] },
		'Anything For A Person?': { main: [[link('Alert Finance')]] },
		'Alert Finance': { main: [[link('Alert Not Sent')]] },
		'Load Invoices': { main: [[link('AR Risk Score')]] },
		'AR Risk Score': { main: [[link('AR Stop Check')], [link('Collect Decisions')]] },
		'AR Stop Check': {
			main: [
				[link('AR Message'), link('Collect Decisions')],
				[link('On Hold'), link('Collect Decisions')],
				[link('AR Message'), link('Collect Decisions')],
				[link('AR Message'), link('Collect Decisions')],
			],
		},
		'AR Message': { main: [[link('Claim Send')], [link('Text Channel On?')], [link('Person Alert')], [link('Person Alert')], []] },
		'Text Channel On?': { main: [[link('WhatsApp By Meta?')], [link('Channel Off')]] },
		'WhatsApp By Meta?': { main: [[link('Claim WhatsApp')], [link('Claim Text')]] },
		'Person Alert': { main: [[link('Claim Alert')]] },
		'Claim Alert': { main: [[link('Won The Alert Claim?')]] },
		'Won The Alert Claim?': { main: [[link('Mark Alert Sending')]] },
		'Mark Alert Sending': { main: [[link('Email Person')]] },
		'Email Person': { main: [[link('Record Alert')]] },
		'Collect Decisions': { main: [[link('Audit Decisions')]] },
		...emails.connections,
		...texts.connections,
		...whatsapps.connections,
	};
	return {
		id: 'arDailyRunPg0001',
		name: 'AR Follow-up: Daily Run (Postgres, queue mode)',
		nodes,
		connections,
		active: false,
		settings: { executionOrder: 'v1', timezone: 'UTC', saveManualExecutions: true },
		pinData: {},
		meta: { templateCredsSetupCompleted: true },
		tags: [],
	};
}

module.exports = { file: 'ar-daily-run-postgres.workflow.json', build: dailyRunPostgres, WEBHOOK_PATH, POSTGRES, SMTP };
