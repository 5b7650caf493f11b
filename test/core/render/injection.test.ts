/**
 * Hostile data renders inert: HTML in names, Handlebars syntax in data, CR/LF in subjects and headers,
 * `__proto__` keys, javascript: links, Slack mentions. Templates cannot reach prototypes.
 */
import { compileTemplates, renderMessage, type MessageRequest } from '../../../nodes/core/render';
import { fullRequest, sparseRequest } from './fixtures';

function withCustomer(req: MessageRequest, customer: Record<string, unknown>): MessageRequest {
	return { ...req, customer: { ...req.customer, ...customer } as MessageRequest['customer'], contact: undefined };
}

describe('customer data is inert', () => {
	test('HTML in names is escaped in the email HTML and plain in the text part', () => {
		const evil = '<script>alert(1)</script>';
		const req = withCustomer(fullRequest('overdue_7', 'email', 'friendly', 'en-GB'), { firstName: evil, name: '<img src=x onerror=alert(1)>' });
		req.invoice = { ...req.invoice, service: '<b onmouseover="x()">Pro</b>' };
		const result = renderMessage({ ...req, templateKey: 'final_notice', tone: 'firm' });
		expect(result.ok).toBe(true);
		const { html, text } = result.email!;
		expect(text).toContain(`Hi ${evil},`);
		expect(text).toContain('<b onmouseover="x()">Pro</b>');
		expect(html).not.toMatch(/<script/i);
		expect(html).not.toMatch(/<b /i);
		expect(html).not.toMatch(/<img/i);
		expect(html).toContain('Hi &lt;script&gt;alert(1)&lt;/script&gt;,');
		expect(html).toContain('&lt;b onmouseover="x()"&gt;Pro&lt;/b&gt;');
		// Only our own markup: no tag other than the layout's.
		const tags = new Set([...html.matchAll(/<([a-zA-Z!]+)/g)].map((m) => m[1].toLowerCase()));
		expect([...tags].sort()).toEqual(['!doctype', 'a', 'body', 'br', 'head', 'html', 'meta', 'p', 'table', 'td', 'title', 'tr'].filter((t) => tags.has(t)).sort());
		for (const t of tags) expect(['!doctype', 'a', 'body', 'br', 'head', 'html', 'meta', 'p', 'table', 'td', 'title', 'tr']).toContain(t);
	});

	test('Handlebars syntax in data is printed literally, never evaluated', () => {
		const req = withCustomer(sparseRequest('overdue_7', 'email', 'friendly', 'en-GB'), {
			firstName: '{{constructor.constructor "return process"}}',
			segment: 'smb',
		});
		req.invoice = { ...req.invoice, number: '{{#each this}}{{@key}}{{/each}}' };
		const result = renderMessage(req);
		expect(result.ok).toBe(true);
		const text = result.email!.text;
		expect(text).toContain('Hi {{constructor.constructor "return process"}},');
		expect(text).toContain('Invoice {{#each this}}{{@key}}{{/each}} for');
		expect(text).not.toMatch(/function|native code|\[object/);
		expect(result.email!.subject).toContain('{{#each this}}{{@key}}{{/each}}');
	});

	test('CR/LF in data never reaches a subject or a header', () => {
		const req = sparseRequest('overdue_1', 'email', 'firm', 'en-GB');
		req.invoice = { ...req.invoice, number: 'INV-9\r\nBcc: victim@example.com\r\n\r\n<html>' };
		req.sender = {
			companyName: 'Acme\r\nX-Injected: 1',
			fromName: 'Acme Billing\r\nBcc: x@example.com',
			fromEmail: 'billing@acme.example\r\nBcc: y@example.com',
			replyTo: 'ar@acme.example\nCc: z@example.com',
		};
		const result = renderMessage(req);
		expect(result.ok).toBe(true);
		const email = result.email!;
		expect(email.subject).not.toMatch(/[\r\n]/);
		expect(email.subject).toBe('Overdue: invoice INV-9 Bcc: victim@example.com <html>');
		expect(email.fromName).toBe('Acme Billing Bcc: x@example.com');
		expect(email.fromEmail).toBeUndefined();
		expect(email.replyTo).toBeUndefined();
		expect(result.warnings.join(' ')).toContain('replyTo');
		for (const value of [email.subject, email.fromName ?? '', email.to ?? '', ...email.cc, ...email.bcc, ...Object.values(email.headers)]) {
			expect(value).not.toMatch(/[\r\n]/);
		}
		// In the body the number is one line too.
		expect(email.text).toContain('Invoice INV-9 Bcc: victim@example.com <html> for');
	});

	test('__proto__ keys in input render inert and pollute nothing', () => {
		const json = `{
			"templateKey": "overdue_7", "channel": "email", "tone": "friendly", "locale": "en-GB",
			"invoice": { "number": "P-1", "balance": 10, "currency": "EUR", "dueDate": "2025-03-05", "paymentLink": "https://pay.example.com/p1",
				"__proto__": { "paymentLink": "https://evil.example.com", "polluted": true } },
			"customer": { "email": "a@example.org", "__proto__": { "firstName": "Mallory", "isAdmin": true } },
			"decision": { "daysPastDue": 7 },
			"__proto__": { "templateKey": "final_notice" }
		}`;
		const req = JSON.parse(json) as MessageRequest;
		const result = renderMessage(req);
		expect(result.ok).toBe(true);
		expect(result.templateKey).toBe('overdue_7');
		expect(result.email!.text).toMatch(/^Hello,/);
		expect(result.email!.text).not.toContain('Mallory');
		expect(result.email!.text).not.toContain('evil.example.com');
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
		expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
	});

	test('javascript: and data: links are not links: the item goes to a person', () => {
		for (const link of ['javascript:alert(1)', 'data:text/html,<script>alert(1)</script>', '//evil.example.com/x', 'https://user:pw@evil.example.com']) {
			const req = sparseRequest('overdue_7', 'sms', 'friendly', 'en-GB');
			req.invoice = { ...req.invoice, paymentLink: link };
			const result = renderMessage(req);
			expect(result.ok).toBe(false);
			expect(result.needsHuman).toBe(true);
			expect(result.missing.map((m) => m.field)).toContain('invoice.paymentLink');
		}
	});

	test('Slack alerts escape mentions and markup in customer data', () => {
		const req = fullRequest('finance_decision', 'internal', 'friendly', 'en-GB');
		req.customer = { ...req.customer, name: '<!channel> & <https://evil.example.com|click>' };
		const result = renderMessage(req);
		expect(result.ok).toBe(true);
		expect(result.internal!.text).toContain('&lt;!channel&gt; &amp; &lt;https://evil.example.com|click&gt;');
		expect(result.internal!.text).not.toContain('<!channel>');
		// Our own mention (the owner, in a finance decision) and link stay markup.
		expect(result.internal!.text).toContain('<@U024BE7LH>');
		expect(result.internal!.text).toContain('<https://billing.example.com/invoices/INV-2025-0042|Open the invoice>');
	});
});

describe('templates cannot reach prototypes or run code', () => {
	test('prototype paths are rejected at configuration time', () => {
		const result = compileTemplates([
			{ key: 'overdue_7', channel: 'sms', body: 'x {{constructor.name}}' },
			{ key: 'overdue_7', channel: 'sms', tone: 'firm', body: 'x {{invoiceNumber.__proto__}}' },
			{ key: 'overdue_7', channel: 'sms', tone: 'escalating', body: 'x {{#with raw}}{{constructor}}{{/with}}' },
		]);
		expect(result.errors.map((e) => e.code)).toEqual(['forbidden_property', 'forbidden_property', 'forbidden_property']);
	});

	test('dynamic lookups of prototype properties render empty at runtime', () => {
		const compiled = compileTemplates([
			{ key: 'overdue_7', channel: 'sms', body: '{{companyName}} [{{lookup this "constructor"}}][{{lookup raw "__proto__"}}] {{invoiceNumber}} {{amountDue}} {{paymentLink}}' },
		]);
		expect(compiled.errors).toEqual([]);
		const result = renderMessage(sparseRequest('overdue_7', 'sms', 'friendly', 'en-GB'), compiled.templates);
		expect(result.ok).toBe(true);
		expect(result.sms!.text).toContain('[][]');
		expect(result.sms!.text).not.toMatch(/function|Object/);
	});

	test('partials, decorators, unknown helpers and raw HTML output are refused', () => {
		const result = compileTemplates([
			{ key: 'overdue_7', channel: 'email', subject: 'S', body: 'Hi {{> evil}}' },
			{ key: 'overdue_7', channel: 'email', tone: 'firm', subject: 'S', body: 'Hi {{exec "rm -rf /"}}' },
			{ key: 'overdue_7', channel: 'email', tone: 'escalating', subject: 'S', body: 'Hi', html: '<p>{{{customerName}}}</p>' },
			{ key: 'overdue_1', channel: 'email', subject: 'S', body: '{{#* inline "x"}}y{{/inline}}' },
			{ key: 'overdue_1', channel: 'email', tone: 'firm', subject: 'S', body: '{{log "x"}}' },
		]);
		expect(result.errors.map((e) => e.code)).toEqual(['partial_not_allowed', 'unknown_helper', 'unescaped_output', 'decorator_not_allowed', 'unknown_helper']);
		expect(result.templates.size).toBe(0);
	});
});
