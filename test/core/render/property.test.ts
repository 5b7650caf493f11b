/**
 * Property: whatever the data (hostile strings, odd numbers, bad dates, unknown locales), rendering never
 * throws, and what it renders is clean: no control characters, one-line subjects, no markup from data
 * in the HTML, no "undefined" / "NaN" / "[object" it did not receive.
 */
import fc from 'fast-check';
import { TONES } from '../../../nodes/core/types';
import { TEMPLATE_KEYS, renderMessage, type MessageRequest, type RenderChannel } from '../../../nodes/core/render';

const FRAGMENTS = ['<script>alert(1)</script>', '{{constructor}}', '{{#each this}}x{{/each}}', '\r\n', '\n', '\u0000', '\u202e', '__proto__', 'é', 'ł', '😀', ' ', '  ', '&amp;', '"', "'", '<!channel>', 'Anna', 'GmbH', '€', '|', '>'];
const hostile = fc.oneof(
	fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 6 }).map((a) => a.join('')),
	fc.string({ maxLength: 40 }),
	fc.constant(''),
);
const anyValue = fc.oneof(hostile, fc.double(), fc.integer(), fc.constant(null), fc.constant(undefined), fc.boolean(), fc.constant({}), fc.constant([]));
/** Mostly valid, sometimes not: so that a fair share renders and gets checked. */
const mostly = <T>(valid: fc.Arbitrary<T>, other: fc.Arbitrary<unknown>) => fc.oneof({ arbitrary: valid, weight: 6 }, { arbitrary: other, weight: 1 });
const amount = mostly(fc.double({ min: 0.01, max: 1e7, noNaN: true }), fc.oneof(fc.constantFrom(0, -5, Number.NaN, Number.POSITIVE_INFINITY), anyValue));
const date = mostly(fc.constantFrom('2025-03-05', '2024-02-29', '2025-03-05T10:00:00Z'), fc.oneof(fc.constantFrom('2025-02-30', '2025-13-01', 'tomorrow'), hostile, anyValue));

const request = fc.record({
	templateKey: mostly(fc.constantFrom(...TEMPLATE_KEYS, 'D+7', 'D-3'), fc.oneof(fc.constantFrom('nonsense', ''), hostile)),
	channel: fc.constantFrom<RenderChannel>('email', 'sms', 'whatsapp', 'internal'),
	tone: fc.constantFrom(...TONES),
	locale: fc.oneof(fc.constantFrom('en-GB', 'de-AT', 'fr-FR', 'es-MX', 'ja-JP', 'xx', ''), hostile),
	timeZone: fc.oneof(fc.constantFrom('Europe/Berlin', 'America/New_York', 'Mars/Base'), hostile),
	invoice: fc.record({
		number: mostly(hostile.filter((x) => x.trim() !== ''), anyValue),
		invoiceId: anyValue,
		amount,
		amountPaid: amount,
		balance: amount,
		currency: mostly(fc.constantFrom('EUR', 'USD', 'JPY', 'eur'), fc.oneof(fc.constantFrom('XYZ'), hostile)),
		dueDate: date,
		paymentLink: mostly(fc.constantFrom('https://pay.example.com/x', 'https://pay.example.com/a"b<c>'), fc.oneof(fc.constantFrom('javascript:alert(1)'), hostile)),
		service: anyValue,
	}),
	customer: fc.record({
		name: anyValue,
		firstName: anyValue,
		email: mostly(fc.constantFrom('a@example.org'), fc.oneof(fc.constantFrom('a@example.org\r\nBcc: x@y.z'), hostile)),
		phone: mostly(fc.constantFrom('+14155550100', '+4915112345678'), hostile),
		segment: fc.constantFrom('smb', 'enterprise', 'consumer', 'weird'),
		accountOwner: fc.record({ name: anyValue, slackId: anyValue }),
	}),
	decision: fc.record({ daysPastDue: fc.oneof(fc.integer({ min: -10, max: 100 }), anyValue), ccFinance: fc.boolean(), stepLabel: anyValue }),
	event: fc.record({ amount, date, declineCode: anyValue, disputeReason: anyValue, promiseDate: date, plan: fc.constantFrom(undefined, { installments: [{ date: '2025-04-01', amount: 10 }] }, { installments: [{ date: '2025-04-01', amount: 10 }] }, { installments: 'x' }) }),
	sender: fc.record({ companyName: anyValue, senderName: anyValue, replyTo: anyValue, paymentInstructions: anyValue }),
});

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F\u202E]/;

describe('rendering hostile data', () => {
	test('never throws; what renders is clean', () => {
		let rendered = 0;
		let runs = 0;
		fc.assert(
			fc.property(request, (raw) => {
				const req = raw as unknown as MessageRequest;
				const result = renderMessage(req);
				runs++;
				if (result.ok) rendered++;
				expect(typeof result.ok).toBe('boolean');
				expect(result.ok).toBe(!result.needsHuman);
				if (!result.ok) {
					expect(result.reason).toBeTruthy();
					return;
				}
				const outputs = [result.email?.subject, result.email?.text, result.sms?.text, result.internal?.title, result.internal?.text].filter((t): t is string => t !== undefined);
				for (const text of outputs) {
					expect(text).not.toMatch(CONTROL);
					expect(text).not.toMatch(/\bNaN\b|\[object |\bundefined\b/);
				}
				if (result.email) {
					expect(result.email.subject).not.toMatch(/[\r\n]/);
					expect(result.email.html).not.toMatch(/<script|<!channel/i);
					for (const h of [result.email.to, result.email.replyTo, result.email.fromName, ...Object.values(result.email.headers)]) if (h) expect(h).not.toMatch(/[\r\n]/);
				}
			}),
			{ numRuns: 1500, seed: 20250305 },
		);
		// The data is hostile, not hopeless: a fair share still renders (and is checked above).
		expect(rendered / runs).toBeGreaterThan(0.25);
	});
});
