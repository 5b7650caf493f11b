import { isValidationError, ValidationError } from '../../../nodes/core/errors';
import { currencyDigits } from '../../../nodes/core/events/currency';
import {
	detectPayloadKind,
	normalizeEvents,
	normalizeGenericEvent,
	normalizeQuickBooksPayment,
	normalizeStripeEvent,
	stripeMinorDigits,
	tryNormalizeEvents,
	type ArEvent,
} from '../../../nodes/core/events';
import { fixture } from './helpers';

function rejects(fn: () => unknown, field: string): ValidationError {
	try {
		fn();
	} catch (error) {
		expect(isValidationError(error)).toBe(true);
		expect((error as ValidationError).field).toBe(field);
		return error as ValidationError;
	}
	throw new Error(`expected a ValidationError on ${field}`);
}

describe('Stripe events', () => {
	it('invoice.paid -> paid, amounts converted from pence', () => {
		const e = normalizeStripeEvent(fixture('stripe/invoice.paid.json'));
		expect(e).toMatchObject<Partial<ArEvent>>({
			eventId: 'evt_1QJx3mLkdIwHu7ixQwErTyUi',
			source: 'stripe',
			type: 'paid',
			occurredAt: '2025-11-12T09:41:13.000Z',
			invoiceId: 'in_1QJx2kLkdIwHu7ixK9aB3cDe',
			customerId: 'cus_R8s7tUvWxYz012',
			amountPaid: 1250,
			amountRemaining: 0,
			invoiceAmount: 1250,
			currency: 'GBP',
		});
		expect(e.raw).toMatchObject({ id: 'evt_1QJx3mLkdIwHu7ixQwErTyUi', type: 'invoice.paid', objectType: 'invoice', invoiceNumber: 'ACME-0042', status: 'paid', livemode: false, apiVersion: '2024-06-20' });
		// The summary is small: no line items, no URLs.
		expect(JSON.stringify(e.raw).length).toBeLessThan(400);
	});

	it('invoice.payment_succeeded for the same payment normalises the same way (different event id)', () => {
		const a = normalizeStripeEvent(fixture('stripe/invoice.paid.json'));
		const b = normalizeStripeEvent(fixture('stripe/invoice.payment_succeeded.json'));
		expect(b.type).toBe('paid');
		expect(b.eventId).not.toBe(a.eventId);
		expect({ ...b, eventId: '', raw: null }).toEqual({ ...a, eventId: '', raw: null });
	});

	it('a payment that leaves a balance is a partial payment', () => {
		const e = normalizeStripeEvent(fixture('stripe/invoice.payment_succeeded.partial.json'));
		expect(e).toMatchObject({ type: 'partial_payment', amountPaid: 2000, amountRemaining: 2800, invoiceAmount: 4800 });
	});

	it('invoice.payment_failed reads the decline from the expanded payment intent', () => {
		const e = normalizeStripeEvent(fixture('stripe/invoice.payment_failed.json'));
		expect(e).toMatchObject({
			type: 'payment_failed',
			invoiceId: 'in_1QKb7bLkdIwHu7ixFaIl0001',
			amount: 1250,
			attemptCount: 1,
			nextAttemptAt: '2025-11-16T08:00:41.000Z',
			decline: { code: 'insufficient_funds', errorCode: 'card_declined', message: 'Your card has insufficient funds.' },
		});
	});

	it('invoice.payment_failed reads the decline from an expanded charge; no next attempt = null', () => {
		const e = normalizeStripeEvent(fixture('stripe/invoice.payment_failed.expired_card.json'));
		expect(e).toMatchObject({ type: 'payment_failed', currency: 'USD', amount: 49, attemptCount: 4, nextAttemptAt: null, decline: { code: 'expired_card' } });
	});

	it('a decline fetched separately can be supplied', () => {
		const payload = fixture<Record<string, any>>('stripe/invoice.payment_failed.json');
		payload.data.object.payment_intent = 'pi_3QKb7cLkdIwHu7ix1FaIlEd0';
		expect(normalizeStripeEvent(payload).decline).toBeUndefined();
		expect(normalizeStripeEvent(payload, { decline: { code: 'do_not_honor' } }).decline).toEqual({ code: 'do_not_honor' });
	});

	it('invoice.marked_uncollectible and invoice.voided', () => {
		expect(normalizeStripeEvent(fixture('stripe/invoice.marked_uncollectible.json'))).toMatchObject({ type: 'uncollectible', invoiceId: 'in_1QKc9dLkdIwHu7ixExP00002' });
		expect(normalizeStripeEvent(fixture('stripe/invoice.voided.json'))).toMatchObject({ type: 'voided', invoiceId: 'in_1QLe4aLkdIwHu7ixVoId0003' });
	});

	it('charge.dispute.created needs a link to the invoice: resolver, fill-in, or a clear error', () => {
		const payload = fixture('stripe/charge.dispute.created.json');
		rejects(() => normalizeStripeEvent(payload), 'data.object.charge');
		const seen: unknown[] = [];
		const e = normalizeStripeEvent(payload, {
			resolve: (ref) => {
				seen.push(ref);
				return ref.chargeId === 'ch_3QJx2lLkdIwHu7ix0aBcDeFg' ? { invoiceId: 'in_1QJx2kLkdIwHu7ixK9aB3cDe', customerId: 'cus_R8s7tUvWxYz012' } : null;
			},
		});
		expect(seen[0]).toMatchObject({ kind: 'dispute', chargeId: 'ch_3QJx2lLkdIwHu7ix0aBcDeFg', paymentIntentId: 'pi_3QJx2lLkdIwHu7ix0XyZ1234', disputeId: 'dp_1QLf7gLkdIwHu7ixDiSpUtE1' });
		expect(e).toMatchObject({
			type: 'dispute_opened',
			invoiceId: 'in_1QJx2kLkdIwHu7ixK9aB3cDe',
			customerId: 'cus_R8s7tUvWxYz012',
			amount: 1250,
			dispute: { id: 'dp_1QLf7gLkdIwHu7ixDiSpUtE1', status: 'needs_response', reason: 'product_not_received', outcome: null, evidenceDueBy: '2025-12-05T23:59:59.000Z' },
		});
		const filled = normalizeStripeEvent(payload, { invoiceId: 'INV-7', customerId: 'C-7' });
		expect(filled).toMatchObject({ invoiceId: 'INV-7', customerId: 'C-7' });
	});

	it('charge.dispute.created with the charge expanded needs no resolver', () => {
		const payload = fixture<Record<string, any>>('stripe/charge.dispute.created.json');
		payload.data.object.charge = { id: 'ch_1', object: 'charge', invoice: 'in_X', customer: 'cus_X' };
		expect(normalizeStripeEvent(payload)).toMatchObject({ invoiceId: 'in_X', customerId: 'cus_X' });
	});

	it('charge.dispute.closed carries the outcome', () => {
		const e = normalizeStripeEvent(fixture('stripe/charge.dispute.closed.json'), { invoiceId: 'in_1QJx2kLkdIwHu7ixK9aB3cDe', customerId: 'cus_R8s7tUvWxYz012' });
		expect(e).toMatchObject({ type: 'dispute_closed', dispute: { status: 'lost', outcome: 'lost' } });
	});

	it('charge.refunded: the amount refunded so far, linked through the charge', () => {
		const e = normalizeStripeEvent(fixture('stripe/charge.refunded.json'));
		expect(e).toMatchObject({ type: 'refunded', invoiceId: 'in_1QJx2kLkdIwHu7ixK9aB3cDe', customerId: 'cus_R8s7tUvWxYz012', amount: 250, currency: 'GBP' });
		expect(e.raw.status).toBe('partially_refunded');
	});

	it('customer.subscription.paused: customer scope, latest invoice when known', () => {
		const e = normalizeStripeEvent(fixture('stripe/customer.subscription.paused.json'));
		expect(e).toMatchObject({ type: 'subscription_paused', customerId: 'cus_R8s7tUvWxYz012', invoiceId: 'in_1QKb7bLkdIwHu7ixFaIl0001' });
	});

	it('zero- and three-decimal currencies', () => {
		expect(normalizeStripeEvent(fixture('stripe/invoice.paid.jpy.json'))).toMatchObject({ currency: 'JPY', amountPaid: 158000, invoiceAmount: 158000 });
		expect(normalizeStripeEvent(fixture('stripe/invoice.payment_succeeded.kwd.json'))).toMatchObject({
			type: 'partial_payment',
			currency: 'KWD',
			amountPaid: 500.25,
			amountRemaining: 750.5,
			invoiceAmount: 1250.75,
		});
		expect([stripeMinorDigits('jpy'), stripeMinorDigits('KWD'), stripeMinorDigits('usd'), stripeMinorDigits('ISK'), stripeMinorDigits('UGX')]).toEqual([0, 3, 2, 2, 0]);
		expect([currencyDigits('JPY'), currencyDigits('KWD'), currencyDigits('EUR'), currencyDigits('ISK')]).toEqual([0, 3, 2, 0]);
	});

	it('an unsupported Stripe type is a ValidationError on `type`, not a crash', () => {
		const err = rejects(() => normalizeStripeEvent(fixture('stripe/customer.created.json')), 'type');
		expect(err.issues[0].received).toBe('"customer.created"');
		expect(err.message).toMatch(/unsupported Stripe event type/);
	});

	it('malformed envelopes name the field', () => {
		const base = fixture<Record<string, any>>('stripe/invoice.paid.json');
		rejects(() => normalizeStripeEvent({ ...base, id: undefined }), 'id');
		rejects(() => normalizeStripeEvent({ ...base, created: 'yesterday' }), 'created');
		rejects(() => normalizeStripeEvent({ ...base, type: 42 }), 'type');
		const noCustomer = JSON.parse(JSON.stringify(base));
		delete noCustomer.data.object.customer;
		rejects(() => normalizeStripeEvent(noCustomer), 'data.object.customer');
		const badAmount = JSON.parse(JSON.stringify(base));
		badAmount.data.object.amount_paid = 12.5;
		rejects(() => normalizeStripeEvent(badAmount), 'data.object.amount_paid');
	});
});

describe('QuickBooks payments', () => {
	it('one event per linked invoice, major units, stable ids', () => {
		const events = normalizeQuickBooksPayment(fixture('quickbooks/payment.json'));
		expect(events).toHaveLength(2);
		expect(events[0]).toMatchObject({
			eventId: 'qbo:167:130',
			source: 'quickbooks',
			type: 'partial_payment',
			invoiceId: '130',
			customerId: '58',
			amount: 1000,
			currency: 'USD',
			occurredAt: '2025-11-12T14:12:36.000Z',
		});
		expect(events[1]).toMatchObject({ eventId: 'qbo:167:131', invoiceId: '131', amount: 500 });
	});

	it('with the balances before payment, paid vs partial is decided', () => {
		const events = normalizeQuickBooksPayment(fixture('quickbooks/payment.json'), { invoiceBalances: { '130': 1000, '131': 800 } });
		expect(events.map((e) => [e.type, e.amountRemaining])).toEqual([
			['paid', 0],
			['partial_payment', 300],
		]);
	});

	it('an unapplied payment goes to a person, named on the field', () => {
		rejects(() => normalizeQuickBooksPayment(fixture('quickbooks/payment.unapplied.json')), 'Payment.Line');
	});
});

describe('generic shape', () => {
	it('minimal payment event; eventId derived deterministically when absent', () => {
		const input = { type: 'partial_payment', occurredAt: '2025-11-12T09:30:00+01:00', invoiceId: 'INV-1', customerId: 'C-1', amount: 250, currency: 'eur' };
		const a = normalizeGenericEvent(input);
		const b = normalizeGenericEvent({ ...input });
		expect(a).toMatchObject({ source: 'generic', type: 'partial_payment', occurredAt: '2025-11-12T08:30:00.000Z', amount: 250, currency: 'EUR' });
		expect(a.eventId).toMatch(/^gen_[0-9a-f]{16}$/);
		expect(b.eventId).toBe(a.eventId);
		expect(normalizeGenericEvent({ ...input, amount: 251 }).eventId).not.toBe(a.eventId);
	});

	it('aliases and minor units', () => {
		expect(normalizeGenericEvent({ type: 'payment', occurredAt: '2025-11-12', invoiceId: 'I', customerId: 'C', amount: 10, amountRemaining: 0 }).type).toBe('paid');
		expect(normalizeGenericEvent({ type: 'Payment Received', occurredAt: '2025-11-12', invoiceId: 'I', customerId: 'C', amount: 10 }).type).toBe('partial_payment');
		expect(normalizeGenericEvent({ type: 'chargeback', occurredAt: '2025-11-12', invoiceId: 'I', customerId: 'C' }).type).toBe('dispute_opened');
		expect(normalizeGenericEvent({ type: 'paid', occurredAt: 1762940000, invoiceId: 'I', customerId: 'C', amount: 12345, currency: 'USD', amountsInMinorUnits: true }).amount).toBe(123.45);
	});

	it('failed payment, dispute, promise with installments', () => {
		const f = normalizeGenericEvent({ type: 'payment_failed', occurredAt: '2025-11-12T10:00:00Z', invoiceId: 'I', customerId: 'C', declineCode: 'expired_card', nextAttemptAt: null });
		expect(f).toMatchObject({ decline: { code: 'expired_card' }, nextAttemptAt: null });
		const d = normalizeGenericEvent({ type: 'dispute_closed', occurredAt: '2025-11-12T10:00:00Z', invoiceId: 'I', customerId: 'C', disputeOutcome: 'won' });
		expect(d.dispute).toMatchObject({ status: 'closed', outcome: 'won' });
		const p = normalizeGenericEvent({
			type: 'promise',
			occurredAt: '2025-11-12T10:00:00Z',
			invoiceId: 'I',
			customerId: 'C',
			installments: [
				{ date: '2026-01-15', amount: 500 },
				{ date: '2025-12-15', amount: 500 },
			],
		});
		expect(p.promise).toEqual({ date: '2025-12-15', dateSource: 'stated', installments: [{ date: '2025-12-15', amount: 500 }, { date: '2026-01-15', amount: 500 }] });
	});

	it('a reply is classified on the way in', () => {
		const r = normalizeGenericEvent({ type: 'reply', text: "I'll pay on Friday", receivedAt: '2025-11-12T10:00:00Z', invoiceId: 'I', customerId: 'C', locale: 'en-GB', timeZone: 'Europe/London', messageId: '<m1@mail>' });
		expect(r).toMatchObject({ eventId: 'reply:<m1@mail>', type: 'reply', occurredAt: '2025-11-12T10:00:00.000Z', reply: { class: 'promise_to_pay', promiseDate: '2025-11-14', channel: 'email' } });
	});

	it('unknown types and missing fields are ValidationErrors naming the field', () => {
		rejects(() => normalizeGenericEvent({ type: 'invoice_exploded', occurredAt: '2025-11-12', invoiceId: 'I', customerId: 'C' }), 'type');
		rejects(() => normalizeGenericEvent({ occurredAt: '2025-11-12', invoiceId: 'I', customerId: 'C' }), 'type');
		rejects(() => normalizeGenericEvent({ type: 'paid', occurredAt: '2025-11-12', customerId: 'C' }), 'invoiceId');
		rejects(() => normalizeGenericEvent({ type: 'paid', occurredAt: '2025-11-12', invoiceId: 'I' }), 'customerId');
		rejects(() => normalizeGenericEvent({ type: 'paid', occurredAt: '12/11/2025', invoiceId: 'I', customerId: 'C' }), 'occurredAt');
		rejects(() => normalizeGenericEvent({ type: 'paid', occurredAt: '2025-11-12', invoiceId: 'I', customerId: 'C', amount: -5 }), 'amount');
		rejects(() => normalizeGenericEvent({ type: 'paid', occurredAt: '2025-11-12', invoiceId: 'I', customerId: 'C', currency: 'euro' }), 'currency');
		rejects(() => normalizeGenericEvent({ type: 'promise_made', occurredAt: '2025-11-12', invoiceId: 'I', customerId: 'C', promiseDate: 'Friday' }), 'promiseDate');
		rejects(() => normalizeGenericEvent({ type: 'reply', customerId: 'C', receivedAt: '2025-11-12T10:00:00Z' }), 'text');
	});
});

describe('dispatcher', () => {
	it('detects the payload kind', () => {
		expect(detectPayloadKind(fixture('stripe/invoice.paid.json'))).toBe('stripe');
		expect(detectPayloadKind(fixture('quickbooks/payment.json'))).toBe('quickbooks');
		expect(detectPayloadKind(fixture<Record<string, unknown>>('quickbooks/payment.json').Payment)).toBe('quickbooks');
		expect(detectPayloadKind({ type: 'paid' })).toBe('generic');
	});

	it('never throws anything but a ValidationError, whatever the payload', () => {
		const hostile: unknown[] = [null, undefined, 42, 'text', [], { __proto__: { type: 'paid' } }, { object: 'event', type: 'invoice.paid', data: { object: { customer: {} } } }, JSON.parse('{"type":"paid","constructor":{"name":"x"}}')];
		for (const h of hostile) {
			const r = tryNormalizeEvents(h);
			expect(r.ok).toBe(false);
			if (!r.ok) expect(isValidationError(r.error)).toBe(true);
		}
		expect(normalizeEvents(fixture('stripe/invoice.paid.json'))).toHaveLength(1);
	});
});
