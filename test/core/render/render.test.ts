/**
 * Rendering behaviour: formality, unsubscribe line only for non-transactional notices, tone and key
 * fallbacks, required facts going to a person, recipients and copies, the HTML part, the node adapter.
 */
import type { Decision } from '../../../nodes/core/types';
import { TEMPLATE_CATALOG, compileTemplates, messageRequestFromAck, messageRequestsFromDecision, renderMessage, resolveTemplateKey, sampleRequest, tidyText, type MessageRequest } from '../../../nodes/core/render';
import { fullRequest, problems, sparseRequest } from './fixtures';

describe('greetings and formality', () => {
	const greet = (locale: string, segment: string, contact?: MessageRequest['contact'], customer: MessageRequest['customer'] = {}) => {
		const req = sparseRequest('overdue_7', 'email', 'friendly', locale);
		req.customer = { ...req.customer, segment, ...customer };
		req.contact = contact;
		return renderMessage(req).email!.text.split('\n')[0];
	};

	test('enterprise: formal salutation; smb: first name; nobody: neutral', () => {
		expect(greet('en-GB', 'enterprise', { lastName: 'Smith', salutation: 'ms' })).toBe('Dear Ms Smith,');
		expect(greet('en-US', 'enterprise', { lastName: 'Smith', salutation: 'mr' })).toBe('Dear Mr. Smith,');
		expect(greet('de-DE', 'enterprise', { lastName: 'Schmidt', salutation: 'ms' })).toBe('Sehr geehrte Frau Schmidt,');
		expect(greet('de-DE', 'public-sector', { lastName: 'Schmidt', salutation: 'mr' })).toBe('Sehr geehrter Herr Schmidt,');
		expect(greet('fr-FR', 'enterprise', { lastName: 'Dupont', salutation: 'ms' })).toBe('Bonjour Madame Dupont,');
		expect(greet('es-ES', 'enterprise', { lastName: 'García', salutation: 'ms' })).toBe('Estimada Sra. García:');
		expect(greet('en-GB', 'smb', { firstName: 'Anna', lastName: 'Smith', salutation: 'ms' })).toBe('Hi Anna,');
		expect(greet('de-DE', 'smb', undefined, { firstName: 'Anna' })).toBe('Hallo Anna,');
		expect(greet('en-GB', 'enterprise')).toBe('Hello,');
		expect(greet('de-DE', 'enterprise')).toBe('Sehr geehrte Damen und Herren,');
		expect(greet('fr-FR', 'enterprise')).toBe('Madame, Monsieur,');
		expect(greet('es-ES', 'enterprise')).toBe('Estimado cliente:');
		// A consumer without a first name is addressed by the full name.
		expect(greet('en-GB', 'consumer', undefined, { name: 'Anna Smith' })).toBe('Hello Anna Smith,');
	});

	test('sign-off follows formality', () => {
		const formal = renderMessage({ ...fullRequest('overdue_7', 'email', 'friendly', 'de-DE', 'enterprise') });
		expect(formal.email!.text).toContain('Mit freundlichen Grüßen\nMaria Lopez');
		const informal = renderMessage({ ...fullRequest('overdue_7', 'email', 'friendly', 'de-DE', 'smb') });
		expect(informal.email!.text).toContain('Viele Grüße\nMaria Lopez');
	});
});

describe('transactional vs courtesy messages', () => {
	test('pre-due courtesy reminders carry an unsubscribe line and header; overdue notices do not', () => {
		const pre = renderMessage(fullRequest('pre_due_7', 'email', 'friendly', 'en-GB'));
		expect(pre.transactional).toBe(false);
		expect(pre.email!.text).toContain('Unsubscribe: https://billing.example.com/unsubscribe?c=cus_42');
		expect(pre.email!.text).toContain('Acme Software Ltd, 1 King Street');
		expect(pre.email!.headers['List-Unsubscribe']).toBe('<https://billing.example.com/unsubscribe?c=cus_42>');
		expect(pre.email!.html).toContain('href="https://billing.example.com/unsubscribe?c&#61;cus_42"');
		for (const key of ['due_today', 'overdue_1', 'overdue_7', 'overdue_14', 'final_notice', 'service_pause', 'payment_failed', 'payment_received']) {
			const result = renderMessage(fullRequest(key, 'email', 'firm', 'en-GB'));
			expect(result.transactional).toBe(true);
			expect(result.email!.text).not.toMatch(/unsubscribe/i);
			expect(result.email!.headers['List-Unsubscribe']).toBeUndefined();
		}
	});

	test('the step can override the flag', () => {
		const req = fullRequest('overdue_1', 'email', 'friendly', 'en-GB');
		req.decision = { ...req.decision, transactional: false };
		expect(renderMessage(req).email!.text).toMatch(/Unsubscribe/);
		const pre = fullRequest('pre_due_3', 'email', 'friendly', 'en-GB');
		pre.decision = { ...pre.decision, transactional: true };
		expect(renderMessage(pre).email!.text).not.toMatch(/Unsubscribe/);
	});

	test('without an unsubscribe link the footer says how to opt out by reply', () => {
		const req = sparseRequest('pre_due_3', 'email', 'friendly', 'fr-FR');
		const text = renderMessage(req).email!.text;
		expect(text).toContain('Répondez «\u00a0désinscription\u00a0» et nous les arrêterons.');
		expect(text).toContain('chez nous');
	});
});

describe('tones and keys', () => {
	test('a step without the asked tone uses the nearest one and says so', () => {
		const pre = renderMessage(sparseRequest('pre_due_7', 'email', 'escalating', 'en-GB'));
		expect(pre).toMatchObject({ ok: true, tone: 'firm', requestedTone: 'escalating' });
		const final = renderMessage(sparseRequest('final_notice', 'email', 'friendly', 'en-GB'));
		expect(final).toMatchObject({ ok: true, tone: 'firm', requestedTone: 'friendly' });
		const partial = renderMessage(sparseRequest('payment_partial', 'email', 'escalating', 'en-GB'));
		expect(partial).toMatchObject({ ok: true, tone: 'friendly' });
	});

	test('tones read differently', () => {
		const subjects = (['friendly', 'firm', 'escalating'] as const).map((t) => renderMessage(sparseRequest('overdue_14', 'email', t, 'en-GB')).email!.subject);
		expect(new Set(subjects).size).toBe(3);
	});

	test('step ids, aliases and offsets map to template keys', () => {
		expect(resolveTemplateKey('D-7')?.key).toBe('pre_due_7');
		expect(resolveTemplateKey('d-3')?.key).toBe('pre_due_3');
		expect(resolveTemplateKey('D0')?.key).toBe('due_today');
		expect(resolveTemplateKey('D+1')?.key).toBe('overdue_1');
		expect(resolveTemplateKey('D+3')?.key).toBe('overdue_1');
		expect(resolveTemplateKey('D+10')?.key).toBe('overdue_7');
		expect(resolveTemplateKey('D+14')?.key).toBe('overdue_14');
		expect(resolveTemplateKey('D+15', { audience: 'internal' })?.key).toBe('ae_alert');
		expect(resolveTemplateKey('D+21')?.key).toBe('final_notice');
		expect(resolveTemplateKey('D+30')?.key).toBe('service_pause');
		expect(resolveTemplateKey('D+45', { audience: 'internal' })?.key).toBe('finance_decision');
		expect(resolveTemplateKey('day_14')?.key).toBe('overdue_14');
		expect(resolveTemplateKey('partial-payment')?.key).toBe('payment_partial');
		expect(resolveTemplateKey('my_step', { offsetDays: 21 })).toEqual({ key: 'final_notice', via: 'offset' });
		expect(resolveTemplateKey('my_step')).toBeNull();
	});

	test('an unknown key without an offset goes to a person', () => {
		const result = renderMessage({ ...sparseRequest('overdue_7', 'email', 'friendly', 'en-GB'), templateKey: 'nonsense' });
		expect(result).toMatchObject({ ok: false, needsHuman: true, error: { code: 'unknown_template' } });
	});

	test('the step id is used when no key is given', () => {
		const req = sparseRequest('overdue_7', 'email', 'friendly', 'en-GB');
		const result = renderMessage({ ...req, templateKey: '', decision: { ...req.decision, stepId: 'D+7' } });
		expect(result.templateKey).toBe('overdue_7');
	});

	test('customer keys cannot be internal alerts and internal alerts cannot be SMS', () => {
		expect(renderMessage(sparseRequest('overdue_7', 'internal', 'friendly', 'en-GB')).error?.code).toBe('channel_mismatch');
		expect(renderMessage(sparseRequest('ae_alert', 'sms', 'friendly', 'en-GB')).error?.code).toBe('channel_mismatch');
		expect(renderMessage({ ...sparseRequest('ae_alert', 'sms', 'friendly', 'en-GB'), channel: 'fax' as never }).error?.code).toBe('invalid_channel');
	});

	test('internal alerts can go by email as plain text', () => {
		const result = renderMessage({ ...fullRequest('ae_alert', 'email', 'friendly', 'en-GB'), options: { to: 'sam@acme.example' } });
		expect(result.ok).toBe(true);
		expect(result.email!.subject).toBe('Northwind Traders Ltd: invoice INV-2025-0042 is 15 days overdue');
		expect(result.email!.text).toContain('Open the invoice: https://billing.example.com/invoices/INV-2025-0042');
		expect(result.email!.text).not.toContain('*');
		expect(result.email!.to).toBe('sam@acme.example');
		// Mailed to the owner: the alert does not ask the owner for a call in the owner's own name.
		expect(result.email!.text).toMatch(/^Please reach out to Northwind Traders Ltd: .* A personal call usually works better than another reminder\./);
		expect(result.email!.text).not.toContain('call from');
	});

	test('an alert posted in Slack asks for the call without naming who calls (the post opens with the owner\'s mention)', () => {
		const slack = renderMessage(fullRequest('ae_alert', 'internal', 'friendly', 'en-GB')).internal!;
		expect(slack.text).toMatch(/^\*Please reach out to Northwind Traders Ltd\*: .* A personal call usually works better/);
		expect(slack.text).not.toContain('<@'); // AR Message gives the mention apart (internal.mention), the workflow puts it first
	});

	test('internal alerts sign with the Sender Title, whatever the translations; a bad language tag is left out', () => {
		const req = fullRequest('overdue_7', 'email', 'friendly', 'de-DE');
		req.sender = { ...req.sender, senderTitleTranslations: { DE: 'Buchhaltung', 'not a tag': 'x', fr: '' } };
		expect(renderMessage(req).email!.text).toContain('Maria Lopez\nBuchhaltung\nAcme Software');
		const alert = fullRequest('finance_decision', 'internal', 'friendly', 'de-DE');
		alert.sender = { ...alert.sender, senderTitleTranslations: { de: 'Buchhaltung' } };
		const { templates } = compileTemplates([{ key: 'finance_decision', channel: 'internal', body: 'Signed: {{signature}}' }]);
		expect(renderMessage({ ...alert, options: { internalFormat: 'plain' } }, templates).internal!.text).toBe('Signed: Maria Lopez\nAccounts Receivable\nAcme Software');
		const fr = fullRequest('overdue_7', 'email', 'friendly', 'fr-FR');
		fr.sender = { ...fr.sender, senderTitleTranslations: { 'not a tag': 'x', fr: '' } };
		expect(renderMessage(fr).email!.text).toContain('Maria Lopez\nAccounts Receivable\nAcme Software');
	});

	test('a step label in parentheses is not nested in another pair', () => {
		const req = fullRequest('approval_request', 'internal', 'escalating', 'en-GB');
		req.decision = { ...req.decision, stepLabel: 'Service-pause warning (finance in copy)' };
		const text = renderMessage({ ...req, options: { internalFormat: 'plain' } }).internal!.text;
		expect(text).toContain('\nMessage: Service-pause warning (finance in copy), escalating tone\n');
		expect(text).not.toMatch(/\([^()]*\(/);
	});
});

describe('what the invoice is for', () => {
	// Billing systems put a line's description in `service` as often as a product name: the default texts
	// name it once, after the invoice number, and never as the thing that gets paused.
	const render = (key: string, tone: 'firm' | 'escalating', locale: string, service: string | undefined) => {
		const req = fullRequest(key, 'email', tone, locale);
		req.invoice = { ...req.invoice, service };
		const result = renderMessage(req);
		expect(result.ok).toBe(true);
		return result.email!.text;
	};
	const pausing = /paus|suspend/i;

	test.each(['en-GB', 'de-DE', 'fr-FR', 'es-ES'])('%s: final notice and pause warning name the service after the invoice number, and pause "the services on the account"', (locale) => {
		for (const key of ['final_notice', 'service_pause']) {
			for (const tone of ['firm', 'escalating'] as const) {
				const text = render(key, tone, locale, 'Freight management, January');
				expect(text).toMatch(/INV-\S+ \(Freight management, January\)/);
				expect(text.split('Freight management').length).toBe(2);
				for (const sentence of text.split(/(?<=[.!?])\s+/).filter((x) => pausing.test(x))) expect(sentence).not.toContain('Freight');
				const without = render(key, tone, locale, undefined);
				expect(without).not.toMatch(/\(\s*\)/);
				expect(without).not.toMatch(/our services|unsere Leistungen|nos services|nuestros servicios/);
				expect(problems(without)).toEqual([]);
			}
		}
	});
});

describe('missing facts go to a person, named', () => {
	const missing = (req: MessageRequest) => {
		const result = renderMessage(req);
		expect(result.ok).toBe(false);
		expect(result.needsHuman).toBe(true);
		expect(result.email).toBeUndefined();
		expect(result.sms).toBeUndefined();
		return result.missing.map((m) => m.field);
	};

	test('amount, invoice number, due date, currency', () => {
		const base = sparseRequest('overdue_7', 'email', 'friendly', 'en-GB');
		expect(missing({ ...base, invoice: { ...base.invoice, number: undefined } })).toEqual(['invoice.number']);
		expect(missing({ ...base, invoice: { ...base.invoice, balance: Number.NaN, amount: undefined } })).toEqual(['invoice.balance']);
		expect(missing({ ...base, invoice: { ...base.invoice, dueDate: '2025-02-30' } })).toEqual(['invoice.dueDate']);
		expect(missing({ ...base, invoice: { ...base.invoice, currency: 'XYZ' } })).toEqual(['invoice.currency']);
		expect(missing({ ...base, invoice: { ...base.invoice, currency: undefined } })).toEqual(['invoice.currency']);
		expect(missing({ ...base, invoice: { ...base.invoice, balance: 0 } })).toEqual(['invoice.balance']);
		expect(missing({ ...base, invoice: { ...base.invoice, balance: -5 } })).toEqual(['invoice.balance']);
	});

	test('a way to pay: email accepts payment instructions, SMS needs the link', () => {
		const email = sparseRequest('overdue_7', 'email', 'friendly', 'en-GB');
		email.invoice = { ...email.invoice, paymentLink: undefined };
		expect(missing(email)).toEqual(['invoice.paymentLink']);
		const withInstructions = renderMessage({ ...email, sender: { paymentInstructions: 'IBAN DE89 3704 0044 0532 0130 00\nReference: A-17' } });
		expect(withInstructions.ok).toBe(true);
		expect(withInstructions.email!.text).toContain('Payment details:\nIBAN DE89 3704 0044 0532 0130 00\nReference: A-17');
		const sms = sparseRequest('overdue_7', 'sms', 'friendly', 'en-GB');
		sms.invoice = { ...sms.invoice, paymentLink: undefined };
		expect(missing({ ...sms, sender: { paymentInstructions: 'IBAN DE89' } })).toEqual(['invoice.paymentLink']);
	});

	test('event facts: failed payment needs an update or payment link; plan needs installments', () => {
		const failed = sparseRequest('payment_failed', 'email', 'friendly', 'en-GB');
		failed.invoice = { ...failed.invoice, paymentLink: undefined };
		expect(missing(failed)).toEqual(['invoice.updateLink']);
		const plan = sparseRequest('payment_plan', 'email', 'friendly', 'en-GB');
		expect(missing({ ...plan, event: { plan: { installments: [{ date: 'soon', amount: 10 }] } } })).toEqual(['event.plan']);
		const received = sparseRequest('payment_received', 'sms', 'friendly', 'en-GB');
		expect(missing({ ...received, event: {} })).toEqual(['event.amount']);
	});

	test('a recipient', () => {
		const req = sparseRequest('overdue_7', 'email', 'friendly', 'en-GB');
		expect(missing({ ...req, customer: { email: 'not an email' } })).toEqual(['customer.email']);
		const sms = sparseRequest('overdue_7', 'sms', 'friendly', 'en-GB');
		expect(missing({ ...sms, customer: { phone: 'call me' } })).toEqual(['customer.phone']);
	});

	test('the reason sentence names every missing field', () => {
		const result = renderMessage({ templateKey: 'overdue_7', channel: 'sms', invoice: {}, customer: {} });
		expect(result.reason).toMatch(/invoice\.number.*invoice\.currency.*invoice\.dueDate.*invoice\.paymentLink.*customer\.phone/);
	});
});

describe('email envelope and HTML part', () => {
	test('recipient, reply-to, from, finance copies on a step that copies finance', () => {
		const result = renderMessage(fullRequest('service_pause', 'email', 'firm', 'en-GB', 'enterprise'));
		const email = result.email!;
		expect(email.to).toBe('anna@northwind.example');
		expect(email.replyTo).toBe('ar@acme.example');
		expect(email.fromEmail).toBe('billing@acme.example');
		expect(email.fromName).toBe('Acme Billing');
		expect(email.cc).toEqual(['cfo@northwind.example']);
		expect(email.bcc).toEqual(['finance@acme.example']);
		expect(email.text).toContain('We have copied your finance contact');
		const noCc = fullRequest('service_pause', 'email', 'firm', 'en-GB');
		noCc.options = {};
		const without = renderMessage(noCc);
		expect(without.email!.cc).toEqual([]);
		expect(without.email!.text).not.toContain('copied your finance contact');
		expect(without.warnings.join(' ')).toContain('finance contact');
	});

	test('HTML: inline styles, a pay button, no external resources, same words as the text', () => {
		const result = renderMessage(fullRequest('overdue_7', 'email', 'friendly', 'en-GB'));
		const html = result.email!.html;
		expect(html).toMatch(/^<!DOCTYPE html>/);
		expect(html).toContain('<html lang="en">');
		expect(html).toContain('>Pay invoice</a>');
		expect(html).toContain('href="https://pay.example.com/i/INV-2025-0042"');
		expect(html).not.toMatch(/<(script|link|img|style|iframe)/i);
		expect(html).not.toMatch(/src=|url\(|@import/i);
		const words = (s: string) => s.replace(/<[^>]+>/g, ' ').replace(/&#39;/g, "'").replace(/&amp;/g, '&').split(/\s+/).filter(Boolean);
		for (const w of words(result.email!.text)) expect(words(html)).toContain(w);
	});
});

describe('node adapter', () => {
	const decision = (outcome: Decision['outcome'], channels: Decision['channels']): Decision =>
		({
			invoiceId: 'in_1',
			customerId: 'cus_42',
			now: '2025-03-12T09:00:00Z',
			outcome,
			reason: { code: outcome === 'send' ? 'SEND' : 'KEY_ACCOUNT', message: 'Key account at a firm step' },
			reasons: [{ code: 'KEY_ACCOUNT', message: 'Key account at a firm step' }],
			aging: {
				today: '2025-03-12',
				daysPastDue: 7,
				tier: 'early',
				tierLabel: 'Early',
				step: { id: 'D+7', offsetDays: 7, label: '7 days overdue', kind: 'reminder', audience: 'customer', tone: 'friendly', channels },
				pendingChannels: channels,
				catchUp: false,
				nextStep: { id: 'D+14', date: '2025-03-19' },
				skippedSteps: [],
			},
			risk: { score: 55, band: 'medium', tone: 'firm', lateProbability: 0.4, factors: [], basis: 'history' },
			tone: 'firm',
			channels,
			droppedChannels: [],
			dedupeKeys: channels.map((c) => `in_1:D+7:${c}`),
			taskKey: outcome === 'send' || outcome === 'hold' ? null : 'in_1:D+7',
			step: 'D+7',
			template: null,
			ccFinance: false,
			balance: 1000,
			currency: 'EUR',
			policyVersion: '1',
		}) as unknown as Decision;
	const full = sampleRequest('full', 'overdue_7', 'email');

	test('send: one request per channel, rendered with the decided tone', () => {
		const requests = messageRequestsFromDecision({ decision: decision('send', ['email', 'sms']), invoice: full.invoice!, customer: full.customer!, sender: full.sender });
		expect(requests.map((r) => [r.templateKey, r.channel, r.tone])).toEqual([
			['D+7', 'email', 'firm'],
			['D+7', 'sms', 'firm'],
		]);
		const results = requests.map((r) => renderMessage(r));
		expect(results.map((r) => [r.ok, r.templateKey, r.tone])).toEqual([
			[true, 'overdue_7', 'firm'],
			[true, 'overdue_7', 'firm'],
		]);
		expect(results[0].email!.subject).toBe('Invoice INV-2025-0042 is 7 days overdue');
	});

	test('approval and human outcomes become internal messages; hold renders nothing', () => {
		const approval = messageRequestsFromDecision({ decision: decision('approval', ['email']), invoice: full.invoice!, customer: full.customer! });
		expect(approval.map((r) => [r.templateKey, r.channel])).toEqual([['approval_request', 'internal']]);
		const rendered = renderMessage(approval[0]);
		expect(rendered.internal!.text).toContain('Why approval: Key account at a firm step');
		expect(rendered.internal!.text).toContain('Channels: email');
		const human = messageRequestsFromDecision({ decision: decision('human', ['email']), invoice: full.invoice!, customer: full.customer! });
		expect(renderMessage(human[0]).internal!.title).toBe('Action needed: Review invoice INV-2025-0042 (Northwind Traders Ltd)');
		// A task decided by a reason that says what to do: its title and action say it.
		const credited = (code: string) => {
			const d = { ...decision('human', ['email']), reasons: [{ code, message: 'why' }] };
			return renderMessage(messageRequestsFromDecision({ decision: d as never, invoice: full.invoice!, customer: full.customer! })[0]).internal!;
		};
		expect(credited('CREDIT_ON_ACCOUNT').title).toBe('Action needed: Apply the credit on account to invoice INV-2025-0042 (Northwind Traders Ltd)');
		expect(credited('CREDIT_ON_ACCOUNT').text).toContain("What to do: Apply the money on the customer's account");
		expect(credited('NO_REACHABLE_CHANNEL').title).toBe('Action needed: Find a way to reach the customer about invoice INV-2025-0042 (Northwind Traders Ltd)');
		expect(credited('constructor').title).toBe('Action needed: Review invoice INV-2025-0042 (Northwind Traders Ltd)');
		expect(messageRequestsFromDecision({ decision: decision('hold', ['email']), invoice: full.invoice!, customer: full.customer! })).toEqual([]);
		const phone = messageRequestsFromDecision({ decision: decision('send', ['phone']), invoice: full.invoice!, customer: full.customer! });
		expect(renderMessage(phone[0]).internal!.title).toBe('Action needed: Call: 7 days overdue');
	});

	test('templates compiled once serve every item', () => {
		const { templates } = compileTemplates([{ key: 'overdue_7', channel: 'sms', body: '{{companyName}} {{invoiceNumber}} {{amountDue}} {{paymentLink}}' }]);
		const requests = messageRequestsFromDecision({ decision: decision('send', ['sms']), invoice: full.invoice!, customer: full.customer!, sender: full.sender });
		expect(renderMessage(requests[0], templates).sms!.text).toBe('Acme Software INV-2025-0042 €1,000.00 https://pay.example.com/i/INV-2025-0042');
	});
});

describe('acknowledgments of the events core', () => {
	const full = sampleRequest('full', 'payment_received', 'email');
	const ctx = { invoice: { ...full.invoice, balance: 0, amountPaid: 1250 }, customer: full.customer!, sender: full.sender, locale: 'en-GB' };

	test('every ack key of the events core renders', () => {
		const acks = [
			{ templateKey: 'payment-received-thanks', channel: 'email', data: { amountPaid: 1250, paidDate: '2025-03-10', daysToPay: 35 } },
			{ templateKey: 'partial-payment-thanks', channel: 'email', data: { amountReceived: 250, amountPaid: 500, balance: 750 } },
			{ templateKey: 'payment-failed-update-card', fallbackTemplateKey: 'payment-failed', channel: 'email', data: { declineCategory: 'card_details', amount: 1000, needsNewCard: true, nextAttemptAt: null } },
			{ templateKey: 'payment-failed-retry', fallbackTemplateKey: 'payment-failed', channel: 'sms', data: { declineCategory: 'insufficient_funds', amount: 1000, needsNewCard: false, nextAttemptAt: '2025-03-14T09:00:00Z' } },
			{ templateKey: 'payment-failed-contact-bank', fallbackTemplateKey: 'payment-failed', channel: 'email', data: { declineCategory: 'issuer_declined', amount: 1000 } },
			{ templateKey: 'payment-failed-authenticate', fallbackTemplateKey: 'payment-failed', channel: 'email', data: { declineCategory: 'authentication_required', amount: 1000 } },
			{ templateKey: 'dispute-acknowledged', channel: 'email', data: { reason: 'We never received the second delivery' } },
			{ templateKey: 'promise-confirmation', channel: 'email', data: { promiseDate: '2025-03-28', promiseAmount: null } },
			{ templateKey: 'plan-confirmation', channel: 'email', data: { installments: [{ date: '2025-04-01', amount: 400 }, { date: '2025-05-01', amount: null }], lastDate: '2025-05-01' } },
		];
		const out = acks.map((ack) => renderMessage(messageRequestFromAck(ack, ctx)));
		expect(out.map((r) => [r.ok, r.templateKey, r.transactional])).toEqual([
			[true, 'payment_received', true],
			[true, 'payment_partial', true],
			[true, 'payment_failed', true],
			[true, 'payment_failed', true],
			[true, 'payment_failed', true],
			[true, 'payment_failed', true],
			[true, 'dispute_ack', true],
			[true, 'promise_confirmation', true],
			[true, 'payment_plan', true],
		]);
		expect(out[0].email!.text).toContain('payment of €1,250.00 for invoice INV-2025-0042 on 10 March 2025. The invoice is now paid in full');
		expect(out[1].email!.text).toContain('payment of €250.00 towards invoice INV-2025-0042.\n\nThe remaining balance is €750.00.');
		expect(out[2].email!.text).toContain('because the card details are no longer valid.\n\nPlease update your payment details');
		expect(out[3].sms!.text).toContain("the payment of €1,000.00 for invoice INV-2025-0042 didn't go through");
		expect(out[4].email!.text).toContain('Your bank declined the charge. A quick call to your bank');
		expect(out[5].email!.text).toContain('Your bank needs you to confirm this payment.');
		expect(out[6].email!.text).toContain('You told us: "We never received the second delivery"');
		expect(out[7].email!.text).toContain('you plan to pay invoice INV-2025-0042 by 28 March 2025.');
		expect(out[8].email!.text).toContain('(2 payments):\n\n- 1 April 2025: €400.00\n- 1 May 2025');
		for (const r of out) for (const [, text, html] of [['', r.email?.text ?? r.sms!.text, false] as const]) expect(problems(text, { html })).toEqual([]);
	});

	test('a soft decline promises another attempt only when one is scheduled (in every language)', () => {
		const promise: Record<string, RegExp> = { 'en-GB': /try again on 14 March 2025/, 'de-DE': /am 14\. März 2025 erneut/, 'fr-FR': /réessaierons le 14 mars 2025/, 'es-ES': /de nuevo el 14 de marzo de 2025/ };
		const anyRetry = /try again|erneut|réessai|de nuevo/;
		for (const locale of Object.keys(promise)) {
			const soft = (nextAttemptAt: string | null) =>
				renderMessage(messageRequestFromAck({ templateKey: 'payment-failed-retry', fallbackTemplateKey: 'payment-failed', channel: 'email', data: { declineCategory: 'insufficient_funds', amount: 1000, needsNewCard: false, nextAttemptAt } }, { ...ctx, locale }));
			const scheduled = soft('2025-03-14T09:00:00Z');
			const none = soft(null);
			expect([scheduled.ok, none.ok]).toEqual([true, true]);
			expect(scheduled.email!.text).toMatch(promise[locale]);
			expect(none.email!.text).not.toMatch(anyRetry);
			expect(none.email!.text).toContain(ctx.invoice.updateLink as string);
			expect(problems(none.email!.text, { html: false })).toEqual([]);
		}
	});
});

describe('subjects', () => {
	test('every customer email names its invoice in the subject (a customer who pays three invoices gets three distinct mails)', () => {
		const missing: string[] = [];
		for (const meta of TEMPLATE_CATALOG.filter((m) => m.audience === 'customer')) {
			for (const locale of ['en-GB', 'de-DE', 'fr-FR', 'es-ES']) {
				for (const tone of meta.tones) {
					const result = renderMessage(fullRequest(meta.key, 'email', tone, locale));
					if (!result.email?.subject.includes('INV-2025-0042')) missing.push(`${meta.key} ${locale} ${tone}: ${result.email?.subject ?? result.error?.code}`);
				}
			}
		}
		expect(missing).toEqual([]);
	});
});

describe('internal alert formats', () => {
	test('Slack (default), Markdown (Teams) and plain text', () => {
		const base = fullRequest('approval_request', 'internal', 'firm', 'en-GB');
		const slack = renderMessage(base).internal!;
		expect(slack.format).toBe('slack');
		expect(slack.text).toMatch(/^\*Approval needed\* before a message goes to Northwind Traders Ltd\.\n\nMessage: .+, firm tone\n/);
		expect(slack.text).toContain('<https://n8n.example.com/webhook/approve?id=1|Approve> | <https://n8n.example.com/webhook/reject?id=1|Reject>');
		expect(slack.text).toContain('> Hi Anna,\n> Invoice INV-2025-0042 is overdue.');
		const md = renderMessage({ ...base, options: { internalFormat: 'markdown' } }).internal!;
		expect(md.text).toMatch(/^\*\*Approval needed\*\* before/);
		expect(md.text).toContain('[Approve](https://n8n.example.com/webhook/approve?id=1) | [Reject](https://n8n.example.com/webhook/reject?id=1)');
		const plain = renderMessage({ ...base, options: { internalFormat: 'plain' } }).internal!;
		expect(plain.text).toMatch(/^Approval needed before/);
		expect(plain.text).toContain('Approve: https://n8n.example.com/webhook/approve?id=1 | Reject: https://n8n.example.com/webhook/reject?id=1');
		expect(plain.text).not.toMatch(/[*<>]/);
	});

	test('a customer name that ends in a period ends the sentence once', () => {
		const base = fullRequest('approval_request', 'internal', 'escalating', 'en-GB');
		base.customer = { ...base.customer, name: 'Granite Ridge Construction Ltd.' };
		const text = renderMessage({ ...base, options: { internalFormat: 'plain' } }).internal!.text;
		expect(text).toMatch(/^Approval needed before a message goes to Granite Ridge Construction Ltd\.\n/);
		expect(text).not.toContain('Ltd..');
		expect(tidyText('Wait... and see.. Then https://x.example/a..b and 1..2')).toBe('Wait... and see. Then https://x.example/a..b and 1..2');
	});

	test('an SMS override that drops the payment link is flagged', () => {
		const { templates } = compileTemplates([{ key: 'overdue_1', channel: 'sms', body: '{{companyName}}: invoice {{invoiceNumber}} ({{amountDue}}) is overdue. Please pay.' }]);
		const result = renderMessage(sparseRequest('overdue_1', 'sms', 'friendly', 'en-GB'), templates);
		expect(result.ok).toBe(true);
		expect(result.warnings).toContain('the SMS does not contain the payment link (the template does not print {{paymentLink}})');
	});
});

describe('the default policy', () => {
	test('every step of the default policy has a template for each of its channels, in every tone it allows', () => {
		// eslint-disable-next-line @typescript-eslint/no-var-requires
		const { DEFAULT_STEPS } = require('../../../nodes/core/policy') as typeof import('../../../nodes/core/policy');
		expect(DEFAULT_STEPS.length).toBeGreaterThan(5);
		for (const step of DEFAULT_STEPS) {
			const resolved = resolveTemplateKey(step.template ?? step.id, { offsetDays: step.offsetDays, audience: step.audience });
			expect([step.id, resolved?.via]).not.toEqual([step.id, 'offset']);
			for (const channel of step.channels) {
				for (const tone of ['friendly', 'firm', 'escalating'] as const) {
					const req = fullRequest(resolved!.key, channel as 'email' | 'sms' | 'internal', tone, 'de-DE');
					const result = renderMessage({ ...req, templateKey: step.template ?? step.id, decision: { ...req.decision, stepId: step.id, offsetDays: step.offsetDays, daysPastDue: step.offsetDays } });
					expect([step.id, channel, tone, result.ok, result.reason]).toEqual([step.id, channel, tone, true, undefined]);
				}
			}
		}
	});
});

describe('a sender object reused and changed between messages', () => {
	it('renders the sender as it is now, not as it was first seen', () => {
		const req = fullRequest('overdue_7', 'email', 'friendly', 'en-US');
		const sender = { ...req.sender, companyName: 'Northbeam Software Ltd', senderName: 'Maria Lopez', senderTitleTranslations: { de: 'Buchhaltung' } };
		const first = renderMessage({ ...req, sender });
		expect(first.email?.text).toContain('Northbeam Software Ltd');
		// An agency's loop over its clients, one sender object changed in place for each.
		sender.companyName = 'Harbor Analytics GmbH';
		sender.senderName = 'Jonas Weber';
		const second = renderMessage({ ...req, sender });
		expect(second.email?.text).toContain('Harbor Analytics GmbH');
		expect(second.email?.text).toContain('Jonas Weber');
		expect(second.email?.text).not.toContain('Northbeam');
		sender.senderTitleTranslations.de = 'Debitorenbuchhaltung';
		const german = renderMessage({ ...fullRequest('overdue_7', 'email', 'friendly', 'de-DE'), sender: { ...sender, senderTitle: 'Accounts' } });
		const again = renderMessage({ ...fullRequest('overdue_7', 'email', 'friendly', 'de-DE'), sender });
		expect(german.email?.text).toContain('Debitorenbuchhaltung');
		expect(again.email?.text).toContain('Debitorenbuchhaltung');
	});
});
