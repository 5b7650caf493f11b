/**
 * Normalisation entry point: any supported payload -> {@link ArEvent}[] (one event, or one per invoice for
 * a QuickBooks payment applied to several invoices).
 *
 * Detection: a Stripe event envelope (`object: "event"`), a QuickBooks payment (`Payment` or `TotalAmt` +
 * `Line`), otherwise the documented GENERIC shape below. Every rejection is a {@link ValidationError} naming
 * the field; nothing else escapes (an unexpected internal error is reported as a ValidationError on
 * `payload`).
 *
 * ## Generic event (for any billing system, CSV row, form or manual entry)
 *
 * ```jsonc
 * {
 *   "eventId": "evt-123",              // optional; derived from the content when absent (stable)
 *   "type": "partial_payment",         // an ArEvent type, or an alias (see GENERIC_TYPE_ALIASES)
 *   "occurredAt": "2025-11-12T09:30:00Z", // ISO instant (a bare date = midnight UTC) or epoch s/ms
 *   "invoiceId": "INV-1001",           // required except for subscription_paused and reply
 *   "customerId": "C-42",              // required
 *   "amount": 250,                     // this event's amount (payment, refund, disputed, attempted)
 *   "amountPaid": 750,                 // invoice total paid after the event (optional snapshot)
 *   "amountRemaining": 250,            // invoice balance after the event (optional snapshot)
 *   "invoiceAmount": 1000,             // invoice total (optional)
 *   "currency": "EUR",
 *   "amountsInMinorUnits": false,      // true when amounts are cents
 *   // payment_failed
 *   "declineCode": "insufficient_funds", "declineMessage": "...", "adviceCode": "try_again_later",
 *   "attemptCount": 1, "nextAttemptAt": "2025-11-15T09:30:00Z",
 *   // dispute_opened / dispute_closed (or a "dispute" object with the same fields)
 *   "disputeId": "D-9", "disputeReason": "product_not_received", "disputeStatus": "open", "disputeOutcome": "won",
 *   // promise_made / promise_broken (or a "promise" object)
 *   "promiseDate": "2025-11-21", "promiseAmount": 500, "installments": [{ "date": "2025-12-01", "amount": 500 }],
 *   "promiseId": "evt-100",            // promise_broken: which promise
 *   // reply (or a "reply" object with the same fields)
 *   "text": "I'll pay on Friday", "subject": "Re: ...", "from": "ap@client.example", "channel": "email",
 *   "receivedAt": "...", "locale": "en-GB", "timeZone": "Europe/London", "messageId": "<abc@mail>"
 * }
 * ```
 */

import { ValidationError, describeValue, isValidationError } from '../errors';
import { parseDay } from '../dates';
import { CUSTOMER_CHANNELS, type Channel } from '../types';
import { currencyDigits, fromMinor, roundMoney } from './currency';
import { isQuickBooksPayment, normalizeQuickBooksPayment } from './quickbooks';
import { replyEvent } from './replies/event';
import { isStripeEvent, normalizeStripeEvent } from './stripe';
import { AR_EVENT_TYPES, isArEventType, type ArEvent, type ArEventType, type NormalizeOptions } from './types';
import { asNum, asObj, asStr, fail, get, isObj, shortHash, toIsoInstant, type Obj } from './util';

/** Accepted spellings of generic types (lower case, `-`/space as `_`). */
export const GENERIC_TYPE_ALIASES: Readonly<Record<string, ArEventType | 'payment'>> = {
	payment: 'payment',
	payment_received: 'payment',
	payment_succeeded: 'paid',
	invoice_paid: 'paid',
	paid_in_full: 'paid',
	partial: 'partial_payment',
	partial_paid: 'partial_payment',
	payment_partial: 'partial_payment',
	failed: 'payment_failed',
	payment_failure: 'payment_failed',
	charge_failed: 'payment_failed',
	void: 'voided',
	invoice_voided: 'voided',
	write_off: 'uncollectible',
	written_off: 'uncollectible',
	dispute: 'dispute_opened',
	chargeback: 'dispute_opened',
	dispute_created: 'dispute_opened',
	dispute_resolved: 'dispute_closed',
	refund: 'refunded',
	promise: 'promise_made',
	promise_to_pay: 'promise_made',
	payment_plan: 'promise_made',
	message: 'reply',
	inbound_reply: 'reply',
};

export type PayloadKind = 'stripe' | 'quickbooks' | 'generic';

/** Which normaliser a payload goes to. */
export function detectPayloadKind(payload: unknown): PayloadKind {
	if (isStripeEvent(payload)) return 'stripe';
	if (isQuickBooksPayment(payload)) return 'quickbooks';
	return 'generic';
}

function pick(o: Obj, nested: Obj | null, key: string, nestedKey = key): unknown {
	const v = get(o, key);
	return v !== undefined ? v : get(nested, nestedKey);
}

function amountField(o: Obj, key: string, minor: boolean, digits: number): number | undefined {
	const v = get(o, key);
	if (v === undefined || v === null || v === '') return undefined;
	const n = typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v.trim()) ? Number(v) : asNum(v);
	if (n === undefined || n < 0) fail(key, 'must be a non-negative number', v);
	if (minor && !Number.isInteger(n)) fail(key, 'must be an integer when amountsInMinorUnits is true', v);
	return minor ? fromMinor(n, digits) : roundMoney(n, digits);
}

function dateField(v: unknown, field: string): string {
	if (typeof v !== 'string' || parseDay(v.slice(0, 10)) === null || (v.length !== 10 && toIsoInstant(v) === null)) fail(field, 'must be a date YYYY-MM-DD', v);
	return v.slice(0, 10);
}

/** Normalise the documented generic shape. Throws ValidationError naming the field. */
export function normalizeGenericEvent(payload: unknown, options: NormalizeOptions = {}): ArEvent {
	if (!isObj(payload)) fail('payload', 'an event must be a JSON object', payload);
	const o = payload;
	const rawType = get(o, 'type');
	if (typeof rawType !== 'string' || rawType.trim().length === 0) fail('type', `the event type is missing (one of: ${AR_EVENT_TYPES.join(', ')})`, rawType);
	const key = rawType.trim().toLowerCase().replace(/[\s-]+/g, '_');
	const alias = isArEventType(key) ? key : GENERIC_TYPE_ALIASES[key];
	if (!alias) fail('type', `unknown event type (one of: ${AR_EVENT_TYPES.join(', ')})`, rawType);

	const customerId = asStr(get(o, 'customerId')) ?? (asNum(get(o, 'customerId')) !== undefined ? String(get(o, 'customerId')) : undefined) ?? options.customerId;
	if (!customerId) fail('customerId', 'the customer id is required', get(o, 'customerId'));
	const invRaw = get(o, 'invoiceId');
	const invoiceId = asStr(invRaw) ?? (asNum(invRaw) !== undefined ? String(invRaw) : undefined) ?? options.invoiceId ?? null;

	const currencyRaw = get(o, 'currency') ?? options.defaultCurrency;
	if (currencyRaw !== undefined && currencyRaw !== null && (typeof currencyRaw !== 'string' || !/^[A-Za-z]{3}$/.test(currencyRaw))) {
		fail('currency', 'must be a three-letter ISO 4217 code', currencyRaw);
	}
	const currency = typeof currencyRaw === 'string' ? currencyRaw.toUpperCase() : undefined;
	const digits = currencyDigits(currency);
	const minor = get(o, 'amountsInMinorUnits') === true;
	const amount = amountField(o, 'amount', minor, digits);
	const amountPaid = amountField(o, 'amountPaid', minor, digits);
	const amountRemaining = amountField(o, 'amountRemaining', minor, digits);
	const invoiceAmount = amountField(o, 'invoiceAmount', minor, digits);

	let type: ArEventType;
	if (alias === 'payment') {
		type = amountRemaining === 0 || (invoiceAmount !== undefined && amountPaid !== undefined && amountPaid >= invoiceAmount) ? 'paid' : 'partial_payment';
	} else {
		type = alias;
	}

	if (type === 'reply') {
		const r = asObj(get(o, 'reply'));
		const text = pick(o, r, 'text');
		if (typeof text !== 'string') fail('text', 'a reply needs its text', text);
		const channelRaw = pick(o, r, 'channel') ?? 'email';
		if (typeof channelRaw !== 'string' || !(CUSTOMER_CHANNELS as readonly string[]).includes(channelRaw)) fail('channel', `must be one of ${CUSTOMER_CHANNELS.join(', ')}`, channelRaw);
		const receivedAt = pick(o, r, 'receivedAt') ?? get(o, 'occurredAt');
		const iso = toIsoInstant(receivedAt);
		if (!iso) fail('receivedAt', 'must be an ISO instant with an offset (or Z)', receivedAt);
		return replyEvent({
			text,
			subject: asStr(pick(o, r, 'subject')),
			from: asStr(pick(o, r, 'from')),
			receivedAt: iso,
			channel: channelRaw as Channel,
			locale: asStr(pick(o, r, 'locale')) ?? options.reply?.locale,
			timeZone: asStr(pick(o, r, 'timeZone')) ?? options.reply?.timeZone,
			customerId,
			invoiceId,
			messageId: asStr(pick(o, r, 'messageId')) ?? asStr(get(o, 'eventId')),
		});
	}

	if (!invoiceId && type !== 'subscription_paused') fail('invoiceId', `a ${type} event must name its invoice`, invRaw);
	const occurredAt = toIsoInstant(get(o, 'occurredAt'));
	if (!occurredAt) fail('occurredAt', 'must be an ISO instant with an offset (or Z), a date, or epoch seconds', get(o, 'occurredAt'));

	const event: ArEvent = {
		eventId: '',
		source: 'generic',
		type,
		occurredAt,
		invoiceId,
		customerId,
		raw: { id: '', type: rawType },
	};
	if (amount !== undefined) event.amount = amount;
	if (amountPaid !== undefined) event.amountPaid = amountPaid;
	if (amountRemaining !== undefined) event.amountRemaining = amountRemaining;
	if (invoiceAmount !== undefined) event.invoiceAmount = invoiceAmount;
	if (currency) event.currency = currency;

	if (type === 'payment_failed') {
		const code = asStr(get(o, 'declineCode')) ?? options.decline?.code;
		if (code) event.decline = { code, message: asStr(get(o, 'declineMessage')), adviceCode: asStr(get(o, 'adviceCode')) };
		const attempts = asNum(get(o, 'attemptCount'));
		if (attempts !== undefined) event.attemptCount = attempts;
		const next = get(o, 'nextAttemptAt');
		if (next === null) event.nextAttemptAt = null;
		else if (next !== undefined) {
			const iso = toIsoInstant(next);
			if (!iso) fail('nextAttemptAt', 'must be an ISO instant or null', next);
			event.nextAttemptAt = iso;
		}
	}
	if (type === 'dispute_opened' || type === 'dispute_closed') {
		const d = asObj(get(o, 'dispute'));
		event.dispute = {
			id: asStr(pick(o, d, 'disputeId', 'id')),
			status: asStr(pick(o, d, 'disputeStatus', 'status')) ?? (type === 'dispute_opened' ? 'open' : 'closed'),
			reason: asStr(pick(o, d, 'disputeReason', 'reason')),
			outcome: type === 'dispute_closed' ? (asStr(pick(o, d, 'disputeOutcome', 'outcome')) ?? 'resolved') : null,
		};
	}
	if (type === 'promise_made' || type === 'promise_broken') {
		const p = asObj(get(o, 'promise'));
		const instRaw = pick(o, p, 'installments');
		let installments: Array<{ date: string; amount?: number }> | undefined;
		if (instRaw !== undefined) {
			if (!Array.isArray(instRaw) || instRaw.length === 0) fail('installments', 'must be a non-empty array of { date, amount }', instRaw);
			installments = instRaw.map((it, i) => {
				const io = asObj(it);
				if (!io) fail(`installments[${i}]`, 'must be an object { date, amount }', it);
				const date = dateField(get(io, 'date'), `installments[${i}].date`);
				const a = get(io, 'amount');
				if (a !== undefined && (asNum(a) === undefined || (a as number) < 0)) fail(`installments[${i}].amount`, 'must be a non-negative number', a);
				return a === undefined ? { date } : { date, amount: minor ? fromMinor(a as number, digits) : roundMoney(a as number, digits) };
			});
			installments.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
		}
		const dateRaw = pick(o, p, 'promiseDate', 'date') ?? installments?.[0]?.date;
		const promiseId = asStr(pick(o, p, 'promiseId'));
		if (type === 'promise_made') {
			const date = dateField(dateRaw, 'promiseDate');
			const pa = get(o, 'promiseAmount') ?? get(p, 'amount');
			if (pa !== undefined && (asNum(pa) === undefined || (pa as number) < 0)) fail('promiseAmount', 'must be a non-negative number', pa);
			event.promise = { date, dateSource: 'stated' };
			if (pa !== undefined) event.promise.amount = minor ? fromMinor(pa as number, digits) : roundMoney(pa as number, digits);
			if (installments) event.promise.installments = installments;
		} else {
			event.promise = { date: dateRaw === undefined ? '' : dateField(dateRaw, 'promiseDate') };
			if (promiseId) event.promise.promiseId = promiseId;
		}
	}
	const given = asStr(get(o, 'eventId')) ?? (asNum(get(o, 'eventId')) !== undefined ? String(get(o, 'eventId')) : undefined);
	event.eventId =
		given ??
		`gen_${shortHash(JSON.stringify([type, occurredAt, invoiceId, customerId, amount, amountPaid, amountRemaining, event.decline?.code, event.dispute?.status, event.promise?.date, event.promise?.promiseId]))}`;
	event.raw = { id: event.eventId, type: rawType, status: asStr(get(o, 'status')) ?? null };
	return event;
}

/**
 * Normalise any supported payload. Throws only {@link ValidationError} (naming the field).
 * `kind` forces a normaliser instead of detecting one.
 */
export function normalizeEvents(payload: unknown, options: NormalizeOptions = {}, kind?: PayloadKind): ArEvent[] {
	try {
		switch (kind ?? detectPayloadKind(payload)) {
			case 'stripe':
				return [normalizeStripeEvent(payload, options)];
			case 'quickbooks':
				return normalizeQuickBooksPayment(payload, options);
			default:
				return [normalizeGenericEvent(payload, options)];
		}
	} catch (error) {
		if (isValidationError(error)) throw error;
		const message = error instanceof Error ? error.message : String(error);
		throw new ValidationError([{ field: 'payload', message: `could not read the event: ${message}`, received: describeValue(payload) }]);
	}
}

/** Result-style variant for adapters that route failures to an error output instead of catching. */
export function tryNormalizeEvents(payload: unknown, options: NormalizeOptions = {}, kind?: PayloadKind): { ok: true; events: ArEvent[] } | { ok: false; error: ValidationError } {
	try {
		return { ok: true, events: normalizeEvents(payload, options, kind) };
	} catch (error) {
		return { ok: false, error: error as ValidationError };
	}
}
