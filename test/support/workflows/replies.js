/** Replies workflow (workflows/ar-replies.workflow.json): IMAP -> classify -> holds, promises, opt-outs -> a person where needed. */
'use strict';

const { PKG, PATHS, resetIds, node, sticky, cred, dtGet, code, waitFor, webhook, wire, workflow } = require('./lib');
const { sampleDirectory, STATE_HELPERS, afterEvent, eventSettings } = require('./events-common');

const SAMPLE_REPLIES = [
	{ from: { value: [{ address: 'grace@kestrel-outfitters.example.com', name: 'Grace' }], text: 'Grace <grace@kestrel-outfitters.example.com>' }, subject: 'Re: Invoice INV-2026-0083', text: "Hi, sorry for the delay: we'll pay this on Friday.\n\nGrace", date: '2026-03-17T10:12:00Z', messageId: '<sample-1@kestrel-outfitters.example.com>' },
	{ from: { value: [{ address: 'oliver.hughes@northwind-analytics.example.com', name: 'Oliver Hughes' }], text: 'Oliver Hughes <oliver.hughes@northwind-analytics.example.com>' }, subject: 'Re: INV-2026-0093', text: 'We never received the second batch of licences, so we dispute this invoice until it is sorted.', date: '2026-03-17T11:40:00Z', messageId: '<sample-2@northwind-analytics.example.com>' },
	{ from: { value: [{ address: 'tyler@vertex-design.example.com', name: 'Tyler' }], text: 'Tyler <tyler@vertex-design.example.com>' }, subject: 'Automatic reply: Invoice INV-2026-0112', text: 'I am out of the office until 23 March with limited access to email.', date: '2026-03-17T12:00:00Z', messageId: '<sample-3@vertex-design.example.com>' },
	{ from: { value: [{ address: 'mariana@cafe-aurora.example.com', name: 'Mariana' }], text: 'Mariana <mariana@cafe-aurora.example.com>' }, subject: 'Re: Segundo lembrete: a fatura INV-2026-0067 está vencida há 14 dias', text: 'Olá! Desculpe a demora, vamos fazer o pix na sexta-feira.\n\nObrigada,\nMariana', date: '2026-03-17T17:05:00Z', messageId: '<sample-4@cafe-aurora.example.com>' },
];

function replies(ledger) {
	resetIds();
	const dir = sampleDirectory(ledger);
	const nodes = [
		sticky('Note: How it works', [-900, -600], 720, 420, [
			'## AR Follow-up: Replies',
			'Customers answer the reminders. **Email Trigger (IMAP)** reads the AR mailbox (credential **AR IMAP**; the *Reply-To* of the reminders), **Find Customer** links the sender and the invoice, and **Classify Reply** (AR Event) reads the reply in English, German, French, Spanish or Portuguese (a reply it cannot read pauses the invoice\'s reminders and goes to the account owner to read):',
			'- **promise to pay** with its date -> a promise hold (the sequence resumes if the date passes unpaid),',
			'- **dispute**, **asks for a payment plan**, **already paid** -> a hold and the **account owner is told**,',
			'- **out of office** with the return date -> a hold until then,',
			'- **STOP / unsubscribe** -> an opt-out for that channel, honoured at once.',
			'',
			'Holds and promises are written to `ar_holds`, facts to `ar_history`; the next daily run respects them. Try it with **Try Sample Replies**, or headless: `POST /webhook/' + PATHS.replies + '` with `{ "replies": [ { "from": "...", "subject": "...", "text": "..." } ] }`.',
		].join('\n'), 4),
		sticky('Note: Channels', [-140, -600], 560, 430, [
			'### Plug in your mailbox, SMS and CRM',
			'- **IMAP**: any mailbox (Gmail, Microsoft 365 with an app password). Gmail / Outlook triggers work too: map `text`, `subject`, `from`.',
			'- **SMS replies** (Twilio): a Twilio webhook to `/webhook/' + PATHS.replies + '` with `{ "replies": [ { "from": "+1…", "text": "STOP", "channel": "sms" } ] }`.',
			'- **Find Customer (Sample Ledger)** matches the sender in the sample ledger; replace it with a CRM lookup (HubSpot / Salesforce *Contact > Search* by email) and your billing system.',
			'- **Account owner**: Slack with `slackEnabled` (credential **AR Slack**), otherwise an email.',
			'- **Claude** (optional): open **Classify Reply**, turn on *AI Second Opinion* and choose an **AR Follow-up: Anthropic API** credential. Claude then reads only the replies the rules cannot place (about one in ten), never a STOP; its answer counts only when it is surer than the rules (`reply.ai` says what happened).',
		].join('\n'), 5),
		node('Email Trigger (IMAP)', 'n8n-nodes-base.emailReadImap', 2.1, [-860, 0], {
			mailbox: 'INBOX',
			postProcessAction: 'read',
			format: 'resolved',
			options: {},
		}, { credentials: cred('imap') }),
		node('Try Sample Replies', 'n8n-nodes-base.manualTrigger', 1, [-860, 180], {}),
		code('Sample Replies', [-640, 180], [
			'// Three replies to the sample ledger\'s reminders: a promise, a dispute, an out-of-office.',
			`return ${JSON.stringify(SAMPLE_REPLIES, null, 1)}.map((json) => ({ json }));`,
		]),
		webhook('Replies (Webhook)', [-860, 360], PATHS.replies),
		code('Replies From Webhook', [-640, 360], [
			'// { "replies": [ ... ] } or one reply as the body.',
			'const body = $input.first().json.body || {};',
			'return (Array.isArray(body.replies) ? body.replies : [body]).map((json) => ({ json }));',
		]),
		eventSettings([-420, 180]),
		code('Find Customer (Sample Ledger)', [-200, 180], [
			'// Who wrote, and about which invoice: the sender\'s address in the customer directory, an invoice number of',
			'// theirs in the subject or text. A delivery notice comes from the mail system, not the customer: its customer is',
			'// the one whose address it names (the message that failed), else whose invoice number it quotes. Replace with a',
			'// CRM lookup (see the note).',
			`const directory = ${JSON.stringify(dir)};`,
			'const byEmail = {};',
			'for (const c of Object.values(directory.customers)) if (c.email) byEmail[c.email.toLowerCase()] = c;',
			'const address = (f) => (typeof f === \'string\' ? f : (f && f.value && f.value[0] && f.value[0].address) || (f && f.text) || \'\').replace(/^.*<|>.*$/g, \'\').trim().toLowerCase();',
			'const named = (text) => (text.toLowerCase().match(/[^\\s<>()"\',;:@]+@[a-z0-9-]+(?:\\.[a-z0-9-]+)+/g) || []).map((a) => byEmail[a]).find(Boolean);',
			'const quoted = (text) => {',
			'	const inv = Object.values(directory.invoices).filter((x) => text.includes(x.number || x.invoiceId)).sort((a, b) => String(b.number || b.invoiceId).length - String(a.number || a.invoiceId).length)[0];',
			'	return inv ? directory.customers[inv.customerId] : undefined;',
			'};',
			'return $input.all().map((item, i) => {',
			'	const r = item.json;',
			'	const text = `${r.subject || \'\'} ${r.text || r.textPlain || \'\'}`;',
			'	const c = byEmail[address(r.from)] || named(text) || quoted(text);',
			'	const invoices = c ? Object.values(directory.invoices).filter((inv) => inv.customerId === c.customerId) : [];',
			'	const inv = invoices.find((x) => text.includes(x.number || x.invoiceId)) || (invoices.length === 1 ? invoices[0] : null);',
			'	return { json: { ...r, customerId: c ? c.customerId : null, invoiceId: inv ? inv.invoiceId : null, customer: c || null, invoice: inv, locale: c && c.locale, timeZone: c && c.timeZone }, pairedItem: { item: i } };',
			'});',
		]),
		dtGet('Load Holds', 'holds', [20, 20]),
		dtGet('Load Touches', 'touches', [240, 20]),
		dtGet('Load Ledger', 'ledger', [460, 20]),
		waitFor('Wait for Stored Rows', [460, 180]),
		code('Attach Stored Rows', [680, 180], [
			'// The stored rows of each reply\'s invoice and customer, as AR Event reads them.',
			...STATE_HELPERS,
			"const holds = rows('Load Holds').map(holdRow);",
			"const touches = rows('Load Touches').filter(isMessageRow).map(touchRow);",
			"const ledgers = rows('Load Ledger').map(ledgerRow);",
			'return $input.all().map((item, i) => {',
			'	const r = item.json;',
			"	const ledgerId = r.invoiceId || ('customer:' + r.customerId);",
			'	return { json: { ...r,',
			'		holds: holds.filter((h) => h.invoiceId === r.invoiceId || (!h.invoiceId && h.customerId === r.customerId)),',
			'		touches: touches.filter((t) => t.invoiceId === r.invoiceId),',
			'		ledger: ledgers.find((l) => l.ledgerId === ledgerId) || null,',
			'	}, pairedItem: { item: i } };',
			'});',
		]),
		node('Classify Reply', `${PKG}.arEvent`, 1, [900, 180], {
			operation: 'classifyReply',
			options: { timeZone: "={{ $('Settings').first().json.timeZone }}" },
		}),
	];
	const after = afterEvent('Classify Reply', [900, 180]);
	nodes.push(...after.nodes);
	const connections = wire([
		['Email Trigger (IMAP)', 0, 'Settings'],
		['Try Sample Replies', 0, 'Sample Replies'],
		['Sample Replies', 0, 'Settings'],
		['Replies (Webhook)', 0, 'Replies From Webhook'],
		['Replies From Webhook', 0, 'Settings'],
		['Settings', 0, 'Find Customer (Sample Ledger)'],
		['Find Customer (Sample Ledger)', 0, ['Load Holds', { node: 'Wait for Stored Rows', input: 0 }]],
		['Load Holds', 0, 'Load Touches'],
		['Load Touches', 0, 'Load Ledger'],
		['Load Ledger', 0, { node: 'Wait for Stored Rows', input: 1 }],
		['Wait for Stored Rows', 0, 'Attach Stored Rows'],
		['Attach Stored Rows', 0, 'Classify Reply'],
		...after.edges,
	]);
	return workflow('arReplies00000001', 'AR Follow-up: Replies', nodes, connections);
}

module.exports = { file: 'ar-replies.workflow.json', build: replies };
