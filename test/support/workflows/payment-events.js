/** Payment events workflow (workflows/ar-payment-events.workflow.json): Stripe webhook -> AR Event -> store + acknowledgment. */
'use strict';

const { PKG, PATHS, resetIds, node, sticky, cred, dtGet, code, noOp, webhook, wire, workflow } = require('./lib');
const { sampleDirectory, STATE_HELPERS, afterEvent, eventSettings } = require('./events-common');

const EVENT = "$('Read Billing Event').first().json.arFollowUp.event";

function paymentEvents(ledger) {
	resetIds();
	const dir = sampleDirectory(ledger);
	const nodes = [
		sticky('Note: How it works', [-760, -560], 700, 400, [
			'## AR Follow-up: Payment Events',
			'Stripe calls **Stripe Webhook** for every billing event. **Read Billing Event** verifies the `Stripe-Signature` against the raw body with the credential **AR Stripe Webhook** (your endpoint\'s signing secret) and rejects forged, tampered or replayed calls.',
			'',
			'The invoice\'s stored rows are read, **Process Billing Event** applies the event (paid, partial payment, payment failed, dispute, refund…) and returns what to write and what to say:',
			'- the **patches** go to the Data Tables (`ar_invoice_state`, `ar_holds`, `ar_ledger`, `ar_history`): the next daily run sees the invoice paid and sends nothing;',
			'- the **acknowledgment** (thank-you, partial payment with the remaining balance, payment failed with the update-card link) is written by AR Message and sent;',
			'- a **person** is told where one is needed (dispute, suspected fraud).',
			'',
			`In Stripe: *Developers > Webhooks > Add endpoint* \`https://<your n8n>/webhook/${PATHS.stripe}\`, events \`invoice.paid\`, \`invoice.payment_failed\`, \`invoice.payment_succeeded\`, \`charge.dispute.*\`, \`charge.refunded\`.`,
		].join('\n'), 4),
		sticky('Note: Billing system', [0, -560], 560, 360, [
			'### Invoice and customer: plug in your systems',
			'**Invoice & Customer (Sample Ledger)** looks the invoice and customer up in the bundled sample ledger. Replace it with:',
			'- **Stripe**: Stripe node *Invoice > Get* and *Customer > Get* with `{{ $json.arFollowUp.event.invoiceId }}`;',
			'- **QuickBooks** (events from QuickBooks payments: set *Event Source* to *QuickBooks Payment*), **Postgres**, **Google Sheets**: a lookup by invoice id;',
			'- **CRM** (HubSpot, Salesforce): the account owner and language of the customer.',
			'',
			'Other billing systems: post their events in the documented generic shape (type, invoiceId, customerId, amount…) and set *Verify Signature* to *Never* behind your own authentication.',
		].join('\n'), 5),
		webhook('Stripe Webhook', [-720, 120], PATHS.stripe, { rawBody: true }),
		node('Read Billing Event', `${PKG}.arEvent`, 1, [-500, 120], {
			operation: 'readBillingEvent',
			verifySignature: 'always',
			eventSource: 'stripe',
			options: {},
		}, { credentials: cred('stripeWebhook') }),
		noOp('Rejected (Logged)', [-280, 320]),
		eventSettings([-280, 120]),
		dtGet('Load Invoice State', 'invoiceState', [-60, 120], { filters: [['invoiceId', `={{ ${EVENT}.invoiceId }}`]] }),
		dtGet('Load Holds', 'holds', [160, 120], { filters: [['invoiceId', `={{ ${EVENT}.invoiceId }}`], ['customerId', `={{ ${EVENT}.customerId }}`]], matchType: 'anyCondition' }),
		dtGet('Load Touches', 'touches', [380, 120], { filters: [['invoiceId', `={{ ${EVENT}.invoiceId }}`]] }),
		dtGet('Load Ledger', 'ledger', [600, 120], { filters: [['ledgerId', `={{ ${EVENT}.invoiceId || ('customer:' + ${EVENT}.customerId) }}`]] }),
		code('Invoice & Customer (Sample Ledger)', [820, 120], [
			'// The billing system and CRM stand-in: the sample ledger\'s invoices and customers (replace, see the note).',
			`const directory = ${JSON.stringify(dir)};`,
			...STATE_HELPERS,
			"const state = rows('Load Invoice State')[0];",
			"const holds = rows('Load Holds').map(holdRow);",
			"const touches = rows('Load Touches').filter(isMessageRow).map(touchRow);",
			"const ledgerRows = rows('Load Ledger').map(ledgerRow);",
			"return $('Read Billing Event').all(0).map((item, i) => {",
			'	const e = item.json.arFollowUp.event;',
			'	const base = directory.invoices[e.invoiceId];',
			"	const stored = state ? clean(state, ['eventAt', 'daysToPay', 'daysLate']) : {};",
			'	const invoice = base ? { ...base, ...stored } : (state ? stored : null);',
			'	const customer = directory.customers[e.customerId] || directory.customers[(base || {}).customerId] || { customerId: e.customerId };',
			'	return { json: { ...item.json, invoiceId: e.invoiceId, customerId: e.customerId, invoice, customer, holds, touches, ledger: ledgerRows[0] || null }, pairedItem: { item: i } };',
			'});',
		]),
		node('Process Billing Event', `${PKG}.arEvent`, 1, [1040, 120], {
			operation: 'processBillingEvent',
			verifySignature: 'always',
			eventSource: 'stripe',
			options: { timeZone: "={{ $('Settings').first().json.timeZone }}" },
		}, { credentials: cred('stripeWebhook') }),
		noOp('Rejected After Lookup', [1260, 360]),
	];
	const after = afterEvent('Process Billing Event', [1040, 120]);
	nodes.push(...after.nodes);
	const connections = wire([
		['Stripe Webhook', 0, 'Read Billing Event'],
		['Read Billing Event', 0, 'Settings'],
		['Read Billing Event', 1, 'Rejected (Logged)'],
		['Settings', 0, 'Load Invoice State'],
		['Load Invoice State', 0, 'Load Holds'],
		['Load Holds', 0, 'Load Touches'],
		['Load Touches', 0, 'Load Ledger'],
		['Load Ledger', 0, 'Invoice & Customer (Sample Ledger)'],
		['Invoice & Customer (Sample Ledger)', 0, 'Process Billing Event'],
		['Process Billing Event', 3, 'Rejected After Lookup'],
		...after.edges,
	]);
	return workflow('arPaymentEvents01', 'AR Follow-up: Payment Events', nodes, connections);
}

module.exports = { file: 'ar-payment-events.workflow.json', build: paymentEvents };
