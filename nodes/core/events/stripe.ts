/**
 * Stripe webhook events -> {@link ArEvent}.
 *
 * Supported types (`payload.type`):
 *
 * | Stripe type                      | ArEvent type                                  | object        |
 * |----------------------------------|-----------------------------------------------|---------------|
 * | invoice.paid                     | paid (partial_payment when a balance remains) | invoice       |
 * | invoice.payment_succeeded        | same as invoice.paid                          | invoice       |
 * | invoice.payment_failed           | payment_failed (+ decline, attempt, next try) | invoice       |
 * | charge.failed                    | payment_failed (charge linked to an invoice)  | charge        |
 * | invoice.marked_uncollectible     | uncollectible                                 | invoice       |
 * | invoice.voided                   | voided                                        | invoice       |
 * | charge.dispute.created           | dispute_opened                                | dispute       |
 * | charge.dispute.closed            | dispute_closed (outcome won / lost / ...)     | dispute       |
 * | charge.refunded                  | refunded (amount = total refunded so far)     | charge        |
 * | customer.subscription.paused     | subscription_paused (invoice = latest_invoice)| subscription  |
 *
 * Amounts are converted from Stripe's minor units with the currency's Stripe digits (JPY 0, KWD 3, USD 2).
 * `occurredAt` is the event's `created`. Disputes and refunds name only a charge: the invoice comes from an
 * expanded charge (`charge.invoice`), `metadata.invoice_id`, `options.resolve`, or `options.invoiceId`;
 * otherwise the event is rejected naming the field.
 */

import { fromMinor, stripeMinorDigits } from './currency';
import type { ArEvent, ArEventType, DeclineInfo, NormalizeOptions, RawSummary } from './types';
import { asNum, asObj, asStr, fail, get, getPath, isObj, isoFromEpochSeconds, refId, type Obj } from './util';

export const STRIPE_EVENT_TYPES = [
	'invoice.paid',
	'invoice.payment_succeeded',
	'invoice.payment_failed',
	'charge.failed',
	'invoice.marked_uncollectible',
	'invoice.voided',
	'charge.dispute.created',
	'charge.dispute.closed',
	'charge.refunded',
	'customer.subscription.paused',
] as const;

/** Whether a payload looks like a Stripe event envelope. */
export function isStripeEvent(payload: unknown): boolean {
	return isObj(payload) && get(payload, 'object') === 'event' && typeof get(payload, 'type') === 'string' && isObj(getPath(payload, 'data.object'));
}

interface Money {
	currency?: string;
	digits: number;
	conv: (v: unknown, field: string) => number | undefined;
}

function money(obj: Obj, field: string): Money {
	const cur = asStr(get(obj, 'currency'));
	if (cur !== undefined && !/^[a-zA-Z]{3}$/.test(cur)) fail(`${field}.currency`, 'must be a three-letter ISO 4217 code', cur);
	const currency = cur?.toUpperCase();
	const digits = currency ? stripeMinorDigits(currency) : 2;
	return {
		currency,
		digits,
		conv(v: unknown, f: string): number | undefined {
			if (v === undefined || v === null) return undefined;
			const n = asNum(v);
			if (n === undefined || !Number.isInteger(n) || n < 0) fail(f, 'must be a non-negative integer amount in minor units', v);
			return fromMinor(n, digits);
		},
	};
}

function baseSummary(payload: Obj, obj: Obj): RawSummary {
	return {
		id: asStr(get(payload, 'id')) as string,
		type: asStr(get(payload, 'type')) as string,
		objectId: asStr(get(obj, 'id')),
		objectType: asStr(get(obj, 'object')),
		livemode: typeof get(payload, 'livemode') === 'boolean' ? (get(payload, 'livemode') as boolean) : undefined,
		apiVersion: asStr(get(payload, 'api_version')) ?? null,
		status: asStr(get(obj, 'status')) ?? null,
	};
}

/** Decline details from an expanded payment_intent / charge, or the options. */
function declineFrom(obj: Obj, options: NormalizeOptions): DeclineInfo | undefined {
	if (options.decline) return options.decline;
	const pi = asObj(get(obj, 'payment_intent'));
	const lpe = asObj(get(pi, 'last_payment_error')) ?? asObj(get(obj, 'last_payment_error'));
	if (lpe) {
		const declineCode = asStr(get(lpe, 'decline_code'));
		const code = asStr(get(lpe, 'code'));
		if (declineCode || code) {
			return {
				code: (declineCode ?? code) as string,
				errorCode: declineCode && code && code !== declineCode ? code : undefined,
				adviceCode: asStr(get(lpe, 'advice_code')),
				message: asStr(get(lpe, 'message')),
			};
		}
	}
	// A charge object (expanded on the invoice, or the object of charge.failed).
	const charge = get(obj, 'object') === 'charge' ? obj : asObj(get(obj, 'charge'));
	if (charge) {
		const outcome = asObj(get(charge, 'outcome'));
		const reason = asStr(get(outcome, 'reason'));
		const failureCode = asStr(get(charge, 'failure_code'));
		if (reason || failureCode) {
			return {
				code: (reason ?? failureCode) as string,
				errorCode: reason && failureCode && failureCode !== reason ? failureCode : undefined,
				adviceCode: asStr(get(outcome, 'advice_code')),
				message: asStr(get(charge, 'failure_message')) ?? asStr(get(outcome, 'seller_message')),
			};
		}
	}
	return undefined;
}

function requireCustomer(obj: Obj, field: string, options: NormalizeOptions, resolved?: string): string {
	const c = refId(get(obj, 'customer')) ?? resolved ?? options.customerId;
	if (!c) fail(field, 'the customer is missing (no customer id on the object and none supplied)', get(obj, 'customer'));
	return c;
}

function invoiceEvent(payload: Obj, inv: Obj, type: string, options: NormalizeOptions): Omit<ArEvent, 'eventId' | 'source' | 'occurredAt'> {
	const invoiceId = asStr(get(inv, 'id'));
	if (!invoiceId) fail('data.object.id', 'the invoice id is missing', get(inv, 'id'));
	const customerId = requireCustomer(inv, 'data.object.customer', options);
	const m = money(inv, 'data.object');
	const amountPaid = m.conv(get(inv, 'amount_paid'), 'data.object.amount_paid');
	const amountRemaining = m.conv(get(inv, 'amount_remaining'), 'data.object.amount_remaining');
	const amountDue = m.conv(get(inv, 'amount_due'), 'data.object.amount_due');
	const total = m.conv(get(inv, 'total'), 'data.object.total');
	const raw = { ...baseSummary(payload, inv), invoiceNumber: asStr(get(inv, 'number')) ?? null };
	const common = {
		invoiceId,
		customerId,
		currency: m.currency,
		invoiceAmount: total ?? amountDue,
		amountPaid,
		amountRemaining,
		raw,
	};
	switch (type) {
		case 'invoice.paid':
		case 'invoice.payment_succeeded': {
			const settled = get(inv, 'status') === 'paid' || amountRemaining === 0 || get(inv, 'paid') === true;
			return { ...common, type: settled ? 'paid' : 'partial_payment' };
		}
		case 'invoice.payment_failed': {
			const next = asNum(get(inv, 'next_payment_attempt'));
			return {
				...common,
				type: 'payment_failed',
				amount: amountRemaining ?? amountDue,
				attemptCount: asNum(get(inv, 'attempt_count')),
				nextAttemptAt: next !== undefined ? isoFromEpochSeconds(next) : get(inv, 'next_payment_attempt') === null ? null : undefined,
				decline: declineFrom(inv, options),
			};
		}
		case 'invoice.voided':
			return { ...common, type: 'voided' };
		default:
			return { ...common, type: 'uncollectible' };
	}
}

/** Link a charge-level object (dispute, refunded or failed charge) to an invoice and customer. */
function linkCharge(obj: Obj, options: NormalizeOptions, kind: 'charge' | 'dispute'): { invoiceId: string; customerId: string } {
	const charge = kind === 'charge' ? obj : asObj(get(obj, 'charge'));
	const chargeId = kind === 'charge' ? asStr(get(obj, 'id')) : refId(get(obj, 'charge'));
	const piRef = get(obj, 'payment_intent') ?? get(charge, 'payment_intent');
	const paymentIntentId = refId(piRef);
	const meta = asObj(get(obj, 'metadata')) ?? asObj(get(charge, 'metadata'));
	let invoiceId = refId(get(charge, 'invoice')) ?? refId(get(asObj(piRef), 'invoice')) ?? asStr(get(meta, 'invoice_id'));
	let customerId = refId(get(charge, 'customer')) ?? refId(get(asObj(piRef), 'customer')) ?? refId(get(obj, 'customer'));
	if ((!invoiceId || !customerId) && options.resolve) {
		const r = options.resolve({
			kind,
			chargeId,
			paymentIntentId,
			disputeId: kind === 'dispute' ? asStr(get(obj, 'id')) : undefined,
			customerId,
		});
		if (r) {
			invoiceId = invoiceId ?? r.invoiceId ?? undefined;
			customerId = customerId ?? r.customerId;
		}
	}
	invoiceId = invoiceId ?? options.invoiceId;
	customerId = customerId ?? options.customerId;
	const field = kind === 'charge' ? 'data.object.invoice' : 'data.object.charge';
	if (!invoiceId) fail(field, `cannot link the ${kind} to an invoice: expand the charge, set metadata.invoice_id, or supply a resolver / invoiceId`, chargeId);
	if (!customerId) fail(kind === 'charge' ? 'data.object.customer' : 'data.object.charge', `cannot link the ${kind} to a customer: supply a resolver / customerId`, chargeId);
	return { invoiceId, customerId };
}

/**
 * Normalise one Stripe event. Throws {@link ValidationError} (naming the field) for a malformed envelope,
 * an unsupported `type`, or an object that cannot be linked to an invoice.
 */
export function normalizeStripeEvent(payload: unknown, options: NormalizeOptions = {}): ArEvent {
	if (!isObj(payload)) fail('payload', 'a Stripe event must be a JSON object', payload);
	const id = asStr(get(payload, 'id'));
	if (!id) fail('id', 'the Stripe event id is missing', get(payload, 'id'));
	const type = get(payload, 'type');
	if (typeof type !== 'string' || type.length === 0) fail('type', 'the Stripe event type is missing', type);
	if (!(STRIPE_EVENT_TYPES as readonly string[]).includes(type)) {
		fail('type', `unsupported Stripe event type (supported: ${STRIPE_EVENT_TYPES.join(', ')})`, type);
	}
	const created = asNum(get(payload, 'created'));
	if (created === undefined || created <= 0) fail('created', 'must be the event time in epoch seconds', get(payload, 'created'));
	const obj = asObj(getPath(payload, 'data.object'));
	if (!obj) fail('data.object', 'the event carries no object', getPath(payload, 'data.object'));
	const occurredAt = isoFromEpochSeconds(created);
	const head = { eventId: id, source: 'stripe' as const, occurredAt };

	if (type.startsWith('invoice.')) {
		if (get(obj, 'object') !== undefined && get(obj, 'object') !== 'invoice') fail('data.object.object', 'expected an invoice object', get(obj, 'object'));
		return { ...head, ...invoiceEvent(payload, obj, type, options) };
	}

	if (type === 'charge.dispute.created' || type === 'charge.dispute.closed') {
		const link = linkCharge(obj, options, 'dispute');
		const m = money(obj, 'data.object');
		const status = asStr(get(obj, 'status')) ?? (type === 'charge.dispute.created' ? 'needs_response' : 'closed');
		const closed = type === 'charge.dispute.closed';
		const evidenceDue = asNum(getPath(obj, 'evidence_details.due_by'));
		return {
			...head,
			type: closed ? 'dispute_closed' : 'dispute_opened',
			...link,
			amount: m.conv(get(obj, 'amount'), 'data.object.amount'),
			currency: m.currency,
			dispute: {
				id: asStr(get(obj, 'id')),
				status,
				reason: asStr(get(obj, 'reason')),
				outcome: closed ? (['won', 'lost', 'warning_closed'].includes(status) ? status : 'closed') : null,
				evidenceDueBy: evidenceDue !== undefined ? isoFromEpochSeconds(evidenceDue) : null,
			},
			raw: baseSummary(payload, obj),
		};
	}

	if (type === 'charge.refunded' || type === 'charge.failed') {
		const link = linkCharge(obj, options, 'charge');
		const m = money(obj, 'data.object');
		const raw = baseSummary(payload, obj);
		if (type === 'charge.failed') {
			return {
				...head,
				type: 'payment_failed',
				...link,
				amount: m.conv(get(obj, 'amount'), 'data.object.amount'),
				currency: m.currency,
				decline: declineFrom(obj, options),
				raw,
			};
		}
		const refunded = m.conv(get(obj, 'amount_refunded'), 'data.object.amount_refunded');
		const full = get(obj, 'refunded') === true;
		return {
			...head,
			type: 'refunded',
			...link,
			amount: refunded,
			currency: m.currency,
			raw: { ...raw, status: full ? 'refunded' : 'partially_refunded' },
		};
	}

	// customer.subscription.paused
	const customerId = requireCustomer(obj, 'data.object.customer', options);
	const latest = refId(get(obj, 'latest_invoice')) ?? options.invoiceId ?? null;
	const evType: ArEventType = 'subscription_paused';
	return {
		...head,
		type: evType,
		invoiceId: latest,
		customerId,
		currency: asStr(get(obj, 'currency'))?.toUpperCase(),
		raw: baseSummary(payload, obj),
	};
}
