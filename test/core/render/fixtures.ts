/**
 * Shared fixtures for the message-core tests: full and sparse requests for any key, channel, tone and
 * locale, and a checker for the things a rendered message must never contain.
 */
import type { Tone } from '../../../nodes/core/types';
import { sampleRequest, templateMeta, type MessageRequest, type RenderChannel, type RenderResult } from '../../../nodes/core/render';

/** Days past due that fit a key: the step's offset, or a few days for event messages. */
export function daysFor(key: string): number {
	const meta = templateMeta(key);
	return meta?.offsetDays ?? 3;
}

/** Every field set (names, sender, links, event, history). */
export function fullRequest(key: string, channel: RenderChannel, tone: Tone, locale: string, segment = 'smb'): MessageRequest {
	const base = sampleRequest('full', key, channel);
	return {
		...base,
		tone,
		locale,
		customer: { ...base.customer, locale, segment },
		decision: { ...base.decision, tone, daysPastDue: daysFor(key), stepId: key },
	};
}

/**
 * Only what the template cannot go without: invoice number, balance, currency, due date, payment link,
 * a recipient, and the event fact of event messages. No names, no sender, no history.
 */
export function sparseRequest(key: string, channel: RenderChannel, tone: Tone, locale: string): MessageRequest {
	const req: MessageRequest = {
		templateKey: key,
		channel,
		tone,
		locale,
		invoice: { number: 'A-17', balance: 120.5, currency: 'EUR', dueDate: '2025-03-05', paymentLink: 'https://pay.example.com/a17' },
		customer: { email: 'ap@example.org', phone: '+4915112345678' },
		decision: { daysPastDue: daysFor(key) },
	};
	if (key === 'payment_partial' || key === 'payment_received' || key === 'payment_failed') req.event = { amount: 50 };
	if (key === 'promise_confirmation') req.event = { promiseDate: '2025-03-20' };
	if (key === 'payment_plan') req.event = { plan: { installments: [{ date: '2025-04-01', amount: 60.25 }, { date: '2025-05-01', amount: 60.25 }] } };
	return req;
}

const BAD: Array<[string, RegExp]> = [
	['undefined', /undefined/i],
	['NaN', /\bNaN\b/],
	['template syntax', /\{\{|\}\}/],
	['[object', /\[object/i],
	['null', /\bnull\b/i],
	['space before comma', / ,/],
	['space before period', / \.(?!\.)/],
	['empty parentheses', /\(\s*\)/],
	['empty quotes', /["„«“]\s*["“»”]/],
	['comma at line start', /^\s*,/m],
	['(not set)', /\(not set\)/],
];

/** Problems found in one rendered text (empty = clean). */
export function problems(text: string, options: { html?: boolean } = {}): string[] {
	const out: string[] = [];
	for (const [name, re] of BAD) if (re.test(text)) out.push(`${name}: ${JSON.stringify(text.match(re)?.[0])}`);
	if (!options.html && /\S {2,}\S/.test(text)) out.push('double space');
	if (!text.trim()) out.push('empty');
	return out;
}

/** Every text a result carries, labelled. */
export function texts(result: RenderResult): Array<[string, string, boolean]> {
	const out: Array<[string, string, boolean]> = [];
	if (result.email) {
		out.push(['subject', result.email.subject, false], ['text', result.email.text, false], ['html', result.email.html, true]);
	}
	if (result.sms) out.push(['sms', result.sms.text, false]);
	if (result.internal) out.push(['title', result.internal.title, false], ['internal', result.internal.text, false]);
	return out;
}
