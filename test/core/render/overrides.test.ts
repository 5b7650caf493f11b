/**
 * User templates: validated at configuration time (errors with line numbers, unknown variables as
 * warnings), never throwing; overrides win by (key, channel, tone?, locale?) with locale fallback.
 */
import { compileTemplates, formatTemplateIssues, renderMessage, type TemplateOverride } from '../../../nodes/core/render';
import { sparseRequest } from './fixtures';

describe('compileTemplates: configuration-time validation', () => {
	test('a parse error is reported with the template key and its line', () => {
		const body = 'Hello {{firstName}},\n\nyour invoice {{invoiceNumber}}\nis {{amountDue} overdue.\n';
		const result = compileTemplates([{ key: 'overdue_7', channel: 'email', tone: 'firm', locale: 'de', subject: 'Rechnung {{invoiceNumber}}', body }]);
		expect(result.ok).toBe(false);
		expect(result.errors).toHaveLength(1);
		const [error] = result.errors;
		expect(error).toMatchObject({ index: 0, key: 'overdue_7', channel: 'email', tone: 'firm', locale: 'de', part: 'body', code: 'parse_error', line: 4 });
		expect(error.message).toMatch(/line 4/);
		expect(formatTemplateIssues(result.errors)).toMatch(/^Template #1 overdue_7 \/ email \(tone firm, de\), body line 4: Parse error on line 4/);
	});

	test('mismatched blocks and subject errors carry their line too', () => {
		const result = compileTemplates([
			{ key: 'overdue_1', channel: 'email', subject: 'ok', body: 'a\nb\n{{#if hasPaymentLink}}x{{/each}}' },
			{ key: 'overdue_1', channel: 'email', tone: 'firm', subject: 'Invoice {{#if x}}', body: 'fine' },
			{ key: 'overdue_1', channel: 'sms', body: 'one\ntwo\n{{#if}}x{{/if}}' },
		]);
		expect(result.errors.map((e) => [e.part, e.code, e.line])).toEqual([
			['body', 'parse_error', 3],
			['subject', 'parse_error', 1],
			['body', 'block_arguments', 3],
		]);
	});

	test('helpers used wrongly are errors with line and column', () => {
		const result = compileTemplates([{ key: 'overdue_7', channel: 'sms', body: 'x\n  {{shout customerName}}\n{{#if a b}}y{{/if}}' }]);
		expect(result.errors.map((e) => [e.code, e.line, e.column])).toEqual([
			['unknown_helper', 2, 3],
			['block_arguments', 3, 1],
		]);
	});

	test('unknown variables are warnings with their line; known ones are not', () => {
		const result = compileTemplates([
			{
				key: 'overdue_7',
				channel: 'email',
				subject: '{{invoiceNumber}} for {{customerNmae}}',
				body: '{{greeting}}\n{{amountDue}} due {{dueDate}}\n{{#each planInstallments}}{{when}} {{nope}}{{/each}}\n{{raw.balance}} {{raw.bogus}}\n{{howToPay}}',
			},
		]);
		expect(result.errors).toEqual([]);
		const unknown = result.warnings.filter((w) => w.code === 'unknown_variable').map((w) => [w.part, w.line, w.message]);
		expect(unknown).toEqual([
			['subject', 1, 'unknown variable "customerNmae"'],
			['body', 3, 'unknown field "nope"'],
			['body', 4, 'unknown variable "raw.bogus"'],
		]);
		expect(result.ok).toBe(true);
	});

	test('never throws, whatever the input', () => {
		const junk: unknown[] = [
			null,
			42,
			'x',
			{},
			{ key: '', channel: 'email', body: 'x' },
			{ key: 'a b', channel: 'email', body: 'x' },
			{ key: 'overdue_7', channel: 'fax', body: 'x' },
			{ key: 'overdue_7', channel: 'email', body: 'x' },
			{ key: 'overdue_7', channel: 'sms', body: 12 },
			{ key: 'overdue_7', channel: 'sms', body: '' },
			{ key: 'overdue_7', channel: 'sms', tone: 'angry', body: 'x' },
			{ key: 'overdue_7', channel: 'sms', locale: 'not a locale!', body: 'x' },
			{ key: 'overdue_7', channel: 'internal', body: 'x' },
			{ key: 'ae_alert', channel: 'sms', body: 'x' },
			{ key: 'overdue_7', channel: 'sms', body: 'x'.repeat(30_000) },
			{ key: 'overdue_7', channel: 'sms', body: '{{raw}}' },
		];
		expect(() => compileTemplates(junk as TemplateOverride[])).not.toThrow();
		const result = compileTemplates(junk as TemplateOverride[]);
		expect(result.errors.map((e) => e.code)).toEqual([
			'invalid_override',
			'invalid_override',
			'invalid_override',
			'invalid_key',
			'invalid_key',
			'invalid_key',
			'invalid_channel',
			'missing_subject',
			'invalid_text',
			'empty_body',
			'invalid_tone',
			'invalid_locale',
			'invalid_channel',
			'invalid_channel',
			'too_long',
			'prints_object',
		]);
		expect(compileTemplates(null).ok).toBe(true);
		expect(compileTemplates(undefined).templates.size).toBe(0);
	});

	test('results are cached by content', () => {
		const list: TemplateOverride[] = [{ key: 'overdue_7', channel: 'sms', body: '{{companyName}}: {{invoiceNumber}} {{amountDue}} {{paymentLink}}' }];
		expect(compileTemplates(list)).toBe(compileTemplates(JSON.parse(JSON.stringify(list))));
	});
});

describe('overrides at render time', () => {
	const overrides: TemplateOverride[] = [
		{ key: 'overdue_7', channel: 'email', locale: 'de', subject: 'Offene Rechnung {{invoiceNumber}}', body: '{{greeting}}\n\nBitte {{amountDue}} bis bald.\n{{howToPay}}\n\n{{closing}}\n{{signature}}' },
		{ key: 'overdue_7', channel: 'sms', tone: 'firm', body: 'FIRM {{invoiceNumber}} {{amountDue}} {{paymentLink}}' },
		{ key: 'overdue_7', channel: 'sms', body: 'ANY {{invoiceNumber}} {{amountDue}} {{paymentLink}}' },
		{ key: 'legal_review', channel: 'email', subject: 'Review {{invoiceNumber}}', body: '{{greeting}}\n\nA custom step for {{amountDue}}.\n{{howToPay}}', transactional: false },
		{ key: 'pre_due_7', channel: 'email', subject: 'Soon: {{invoiceNumber}}', body: '{{greeting}} {{invoiceNumber}} {{amountDue}} {{dueDate}}. Pay: {{paymentLink}}' },
	];
	const { templates, errors } = compileTemplates(overrides);

	test('compile clean (custom key warned, not refused)', () => {
		expect(errors).toEqual([]);
	});

	test('locale-specific override: de and de-AT get it, en gets the default', () => {
		const de = renderMessage(sparseRequest('overdue_7', 'email', 'friendly', 'de-AT'), templates);
		expect(de.source).toBe('override');
		expect(de.email!.subject).toBe('Offene Rechnung A-17');
		// Template language de, number format de-AT ("€ 120,50").
		expect(de.email!.text).toMatch(/Bitte €\s120,50 bis bald\./);
		const en = renderMessage(sparseRequest('overdue_7', 'email', 'friendly', 'en-GB'), templates);
		expect(en.source).toBe('default');
		expect(en.email!.subject).toBe('Can we help with invoice A-17?');
	});

	test('tone-specific override beats the any-tone one; other tones take the any-tone one', () => {
		expect(renderMessage(sparseRequest('overdue_7', 'sms', 'firm', 'en-GB'), templates).sms!.text).toMatch(/^FIRM A-17/);
		expect(renderMessage(sparseRequest('overdue_7', 'sms', 'friendly', 'fr-FR'), templates).sms!.text).toMatch(/^ANY A-17/);
		expect(renderMessage(sparseRequest('overdue_7', 'whatsapp', 'escalating', 'en-GB'), templates).sms!.text).toMatch(/^ANY A-17/);
	});

	test('a custom key is used when a step names it, with its transactional flag', () => {
		const result = renderMessage({ ...sparseRequest('legal_review', 'email', 'firm', 'en-GB') }, templates);
		expect(result.ok).toBe(true);
		expect(result.templateKey).toBe('legal_review');
		expect(result.transactional).toBe(false);
		expect(result.email!.text).toContain('A custom step for €120.50.');
		expect(result.email!.text).toMatch(/Unsubscribe|unsubscribe/);
		expect(errors).toEqual([]);
	});

	test('facts printed by an override become required: a missing link sends the item to a person', () => {
		const req = sparseRequest('pre_due_7', 'email', 'friendly', 'en-GB');
		req.invoice = { ...req.invoice, paymentLink: undefined };
		req.sender = { paymentInstructions: 'IBAN DE89 3704 0044 0532 0130 00' };
		// The default template accepts payment instructions instead of a link...
		expect(renderMessage(req).ok).toBe(true);
		// ...the override prints {{paymentLink}} unguarded, so it cannot go out without one.
		const result = renderMessage(req, templates);
		expect(result.ok).toBe(false);
		expect(result.needsHuman).toBe(true);
		expect(result.missing.map((m) => m.field)).toEqual(['invoice.paymentLink']);
	});

	test('a broken override is left out and the default stands', () => {
		const compiled = compileTemplates([{ key: 'overdue_1', channel: 'sms', body: 'broken {{#if x}}' }]);
		expect(compiled.ok).toBe(false);
		const result = renderMessage(sparseRequest('overdue_1', 'sms', 'friendly', 'en-GB'), compiled.templates);
		expect(result.ok).toBe(true);
		expect(result.source).toBe('default');
	});
});
