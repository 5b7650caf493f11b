import { isValidationError } from '../../../nodes/core/errors';
import { DEFAULT_STEPS, DEFAULT_TIERS } from '../../../nodes/core/policy';
import {
	applyEvent,
	applyEvents,
	applyPromiseCheck,
	duePromiseBreak,
	normalizeGenericEvent,
	normalizeQuickBooksPayment,
	normalizeStripeEvent,
	replyEvent,
	summarizeEventHistory,
	type ArEvent,
	type EventOptions,
	type EventState,
	type InvoiceState,
} from '../../../nodes/core/events';
import type { Touch } from '../../../nodes/core/types';
import { fixture } from './helpers';

const NOW = '2025-11-12T10:00:00Z';
const opts: EventOptions = { timeZone: 'Europe/London', policy: { tolerance: { amount: 0.5, percent: 0 }, replyWindowDays: 5, promiseGraceDays: 2 } };

const stripeInvoice: InvoiceState = {
	invoiceId: 'in_1QJx2kLkdIwHu7ixK9aB3cDe',
	customerId: 'cus_R8s7tUvWxYz012',
	amount: 1250,
	amountPaid: 0,
	balance: 1250,
	currency: 'GBP',
	status: 'open',
	issueDate: '2025-10-13',
	dueDate: '2025-11-12',
};

function generic(e: Record<string, unknown>): ArEvent {
	return normalizeGenericEvent({ customerId: 'C1', invoiceId: 'INV-1', currency: 'EUR', ...e });
}

const inv1: InvoiceState = { invoiceId: 'INV-1', customerId: 'C1', amount: 1000, amountPaid: 0, balance: 1000, currency: 'EUR', status: 'open', issueDate: '2025-10-01', dueDate: '2025-11-01' };

describe('paid', () => {
	it('settles the invoice, thanks once, logs days to pay, and a second Stripe event for the same payment changes nothing', () => {
		const paid = normalizeStripeEvent(fixture('stripe/invoice.paid.json'));
		const r1 = applyEvent({ invoice: stripeInvoice }, paid, opts, '2025-11-12T09:41:20Z');
		expect(r1.outcome).toBe('applied');
		expect(r1.effectiveType).toBe('paid');
		expect(r1.patches.invoice).toEqual({
			invoiceId: stripeInvoice.invoiceId,
			amountPaid: 1250,
			balance: 0,
			status: 'paid',
			paidDate: '2025-11-12',
			daysToPay: 30,
			daysLate: 0,
			autoChargePending: false,
		});
		expect(r1.payment).toEqual({ amountPaid: 1250, balance: 0, daysToPay: 30, daysLate: 0 });
		expect(r1.message).toMatchObject({
			templateKey: 'payment-received-thanks',
			channel: 'email',
			dedupeKey: `${stripeInvoice.invoiceId}:ack:payment-received-thanks`,
			transactional: true,
			data: { amountPaid: 1250, currency: 'GBP', invoiceNumber: 'ACME-0042', paidDate: '2025-11-12', daysToPay: 30 },
		});
		expect(r1.patches.touches).toEqual<Touch[]>([
			{ invoiceId: stripeInvoice.invoiceId, customerId: 'cus_R8s7tUvWxYz012', step: 'ack:payment-received-thanks', channel: 'email', sentAt: '2025-11-12T09:41:20.000Z', dedupeKey: r1.message!.dedupeKey, status: 'claimed' },
		]);
		expect(r1.patches.history).toEqual([expect.objectContaining({ kind: 'paid', daysToPay: 30, daysLate: 0, amount: 1250 })]);
		expect(r1.patches.ledger?.settlement.paid).toBe(paid.eventId);

		const succeeded = normalizeStripeEvent(fixture('stripe/invoice.payment_succeeded.json'));
		const r2 = applyEvent(r1.state, succeeded, opts, '2025-11-12T09:41:25Z');
		expect(r2.reason.code).toBe('ALREADY_PAID');
		expect(r2.message).toBeNull();
		expect(r2.patches.touches).toEqual([]);
		expect(r2.patches.history).toEqual([]);
		expect(r2.state.invoice).toEqual(r1.state.invoice);

		const r3 = applyEvent(r2.state, paid, opts, '2025-11-12T09:45:00Z');
		expect(r3.outcome).toBe('duplicate');
		expect(r3.patches).toEqual({ holds: [], touches: [], invoice: null, ledger: null, history: [] });
		expect(r3.state).toEqual(r2.state);
	});

	it('a redelivered old payment is recorded but not thanked (ack age limit)', () => {
		const paid = normalizeStripeEvent(fixture('stripe/invoice.paid.json'));
		const r = applyEvent({ invoice: stripeInvoice }, paid, opts, '2025-11-20T10:00:00Z');
		expect(r.state.invoice?.status).toBe('paid');
		expect(r.message).toBeNull();
		expect(r.messageSkipped).toBe('EVENT_TOO_OLD_FOR_ACK');
	});

	it('a payment ends an active promise as kept and releases the hold', () => {
		const promise = generic({ type: 'promise_made', occurredAt: '2025-11-05T10:00:00Z', promiseDate: '2025-11-14', eventId: 'p1' });
		const payment = generic({ type: 'paid', occurredAt: '2025-11-13T10:00:00Z', amount: 1000, eventId: 'pay1' });
		const { state, results } = applyEvents({ invoice: inv1 }, [promise, payment], opts, '2025-11-13T10:05:00Z');
		expect(results[0].patches.holds).toEqual([expect.objectContaining({ holdId: 'promise:INV-1', type: 'promise', until: '2025-11-14', active: true, invoiceId: 'INV-1' })]);
		expect(state.holds.find((h) => h.holdId === 'promise:INV-1')?.active).toBe(false);
		expect(state.ledger?.promises).toEqual([expect.objectContaining({ promiseId: 'p1', status: 'kept', endEventId: 'pay1' })]);
		expect(summarizeEventHistory(state.history)).toMatchObject({ promisesKept: 1, brokenPromises: 0 });
	});
});

describe('partial payments: keep the clock', () => {
	const policyOpts: EventOptions = { ...opts, policy: { ...opts.policy, tiers: DEFAULT_TIERS, steps: DEFAULT_STEPS } };
	const sent = (step: string, at: string): Touch => ({ invoiceId: 'INV-1', step, channel: 'email', sentAt: at, dedupeKey: `INV-1:${step}:email`, status: 'sent' });
	const touches = [sent('D-7', '2025-10-25T09:00:00Z'), sent('D0', '2025-11-01T09:00:00Z'), sent('D+1', '2025-11-02T09:00:00Z'), sent('D+7', '2025-11-08T09:00:00Z'), sent('D+14', '2025-11-15T09:00:00Z')];

	it('acknowledges with the remaining balance; small payments get no grace', () => {
		const e = generic({ type: 'partial_payment', occurredAt: '2025-11-12T10:00:00Z', amount: 300, eventId: 'pp1' });
		const r = applyEvent({ invoice: inv1, touches: touches.slice(0, 4) }, e, policyOpts, NOW);
		expect(r.effectiveType).toBe('partial_payment');
		expect(r.patches.invoice).toMatchObject({ amountPaid: 300, balance: 700 });
		expect(r.patches.invoice?.status).toBeUndefined();
		expect(r.message).toMatchObject({ templateKey: 'partial-payment-thanks', data: { amountReceived: 300, amountPaid: 300, balance: 700 } });
		expect(r.patches.holds).toEqual([]);
		expect(r.schedule).toMatchObject({ rule: 'keep-due-date', dueDate: '2025-11-01', balanceBefore: 1000, balanceAfter: 700, graceUntil: null, nextStep: { id: 'D+14', date: '2025-11-15' } });
	});

	it('a substantial payment grants a grace that ends before the next tier: no tier skipped, none repeated', () => {
		// Due 1 Nov; on 15 Nov (day 14, tier early) 60% arrives. Grace of 7 days would reach day 21 (the D+21
		// final notice, first customer step of tier "late"): it is clipped to day 20.
		const e = generic({ type: 'partial_payment', occurredAt: '2025-11-15T12:00:00Z', amount: 600, eventId: 'pp2' });
		const r = applyEvent({ invoice: inv1, touches }, e, policyOpts, '2025-11-15T12:01:00Z');
		expect(r.patches.holds).toEqual([
			expect.objectContaining({ holdId: 'grace:INV-1', type: 'pause', until: '2025-11-21', active: true, invoiceId: 'INV-1', amount: 600 }),
		]);
		expect(r.schedule).toMatchObject({ graceUntil: '2025-11-21', nextStep: { id: 'D+21', date: '2025-11-22' }, dueDate: '2025-11-01' });
		// Without a policy the grace is not clipped.
		const r2 = applyEvent({ invoice: inv1, touches }, e, opts, '2025-11-15T12:01:00Z');
		expect(r2.patches.holds[0].until).toBe('2025-11-22');
	});

	it('additive payments (QuickBooks) add up once each and the last one settles', () => {
		const qb = normalizeQuickBooksPayment(fixture('quickbooks/payment.json'))[0]; // 1000 on invoice 130
		const inv: InvoiceState = { invoiceId: '130', customerId: '58', amount: 1600, amountPaid: 0, balance: 1600, currency: 'USD', status: 'open', dueDate: '2025-11-01', issueDate: '2025-10-02' };
		const r1 = applyEvent({ invoice: inv }, qb, opts, '2025-11-12T15:00:00Z');
		expect(r1.patches.invoice).toMatchObject({ amountPaid: 1000, balance: 600 });
		const again = applyEvent(r1.state, qb, opts, '2025-11-12T15:00:00Z');
		expect(again.outcome).toBe('duplicate');
		const last = normalizeGenericEvent({ type: 'payment', occurredAt: '2025-11-14T09:00:00Z', invoiceId: '130', customerId: '58', amount: 599.6, currency: 'USD', eventId: 'qbo:170:130' });
		const r2 = applyEvent(r1.state, last, opts, '2025-11-14T09:01:00Z');
		// 0.40 left is under the 0.50 tolerance: settled.
		expect(r2.effectiveType).toBe('paid');
		expect(r2.patches.invoice).toMatchObject({ status: 'paid', amountPaid: 1599.6, balance: 0.4, daysToPay: 43, daysLate: 13 });
		expect(r2.message?.templateKey).toBe('payment-received-thanks');
	});

	it('the tolerance is read in the invoice\'s currency: ¥60 left of ¥250,000 settles it (0.50 is ¥75), ¥100 does not', () => {
		const yen: InvoiceState = { invoiceId: 'J1', customerId: 'C9', amount: 250_000, amountPaid: 0, balance: 250_000, currency: 'JPY', status: 'open', dueDate: '2025-11-01', issueDate: '2025-10-02' };
		const pay = (amount: number, id: string) => normalizeGenericEvent({ type: 'payment', occurredAt: '2025-11-14T09:00:00Z', invoiceId: 'J1', customerId: 'C9', amount, currency: 'JPY', eventId: id });
		const settled = applyEvent({ invoice: yen }, pay(249_940, 'p1'), opts, '2025-11-14T09:01:00Z');
		expect(settled.effectiveType).toBe('paid');
		expect(settled.patches.invoice).toMatchObject({ status: 'paid', amountPaid: 249_940, balance: 60 });
		const open = applyEvent({ invoice: yen }, pay(249_900, 'p2'), opts, '2025-11-14T09:01:00Z');
		expect(open.effectiveType).toBe('partial_payment');
		expect(open.patches.invoice).toMatchObject({ amountPaid: 249_900, balance: 100 });
	});

	it('an exact tolerance for the currency wins: €12.50 short (bank charges) settles under EUR 25, in euros only', () => {
		const withAmounts: EventOptions = { ...opts, policy: { ...opts.policy, tolerance: { amount: 0.5, percent: 0, amounts: { eur: 25 } } } };
		const pay = (amount: number, currency: string, id: string) => normalizeGenericEvent({ type: 'payment', occurredAt: '2025-11-14T09:00:00Z', invoiceId: 'INV-1', customerId: 'C1', amount, currency, eventId: id });
		const euro = applyEvent({ invoice: inv1 }, pay(987.5, 'EUR', 'e1'), withAmounts, '2025-11-14T09:01:00Z');
		expect(euro.effectiveType).toBe('paid');
		expect(euro.patches.invoice).toMatchObject({ status: 'paid', balance: 12.5 });
		const dollars = applyEvent({ invoice: { ...inv1, currency: 'USD' } }, pay(987.5, 'USD', 'u1'), withAmounts, '2025-11-14T09:01:00Z');
		expect(dollars.effectiveType).toBe('partial_payment');
		for (const [amounts, field] of [
			[{ EUR: -1 }, 'options.policy.tolerance.amounts.EUR'],
			[{ euro: 1 }, 'options.policy.tolerance.amounts.euro'],
			[[25], 'options.policy.tolerance.amounts'],
			// read as a policy reads them: an unknown code, a currency named twice (any case) and a null amount are refused
			[{ XYZ: 1 }, 'options.policy.tolerance.amounts.XYZ'],
			[{ EUR: 1, eur: 30 }, 'options.policy.tolerance.amounts.eur'],
			[{ EUR: null }, 'options.policy.tolerance.amounts.EUR'],
			[JSON.parse('{"__proto__": 5}'), 'options.policy.tolerance.amounts.__proto__'],
		] as const) {
			const bad = { ...opts, policy: { ...opts.policy, tolerance: { amount: 0.5, percent: 0, amounts } } } as unknown as EventOptions;
			let err: unknown;
			try {
				applyEvent({ invoice: inv1 }, pay(10, 'EUR', 'x'), bad, '2025-11-14T09:01:00Z');
			} catch (e) {
				err = e;
			}
			expect(isValidationError(err)).toBe(true);
			expect((err as { issues: { field: string }[] }).issues[0].field).toBe(field);
		}
	});
});

describe('failed payments', () => {
	it('soft decline: retry message, auto-charge still pending', () => {
		const e = normalizeStripeEvent(fixture('stripe/invoice.payment_failed.json'));
		const r = applyEvent({ invoice: { ...stripeInvoice, invoiceId: e.invoiceId!, autoChargePending: true } }, e, opts, '2025-11-13T08:01:00Z');
		expect(r.decline).toMatchObject({ code: 'insufficient_funds', severity: 'soft', retry: { advisable: true } });
		expect(r.patches.invoice).toEqual({ invoiceId: e.invoiceId, autoChargePending: true });
		expect(r.message).toMatchObject({ templateKey: 'payment-failed-retry', fallbackTemplateKey: 'payment-failed', data: { nextAttemptAt: '2025-11-16T08:00:41.000Z', needsNewCard: false } });
		expect(r.patches.history).toEqual([expect.objectContaining({ kind: 'failed_charge', code: 'insufficient_funds' })]);
	});

	it('soft decline with no next attempt scheduled: no retry promised, the reminders resume', () => {
		const e = generic({ type: 'payment_failed', occurredAt: NOW, declineCode: 'insufficient_funds', eventId: 'f-soft' });
		const r = applyEvent({ invoice: { ...inv1, autoChargePending: true } }, e, opts, NOW);
		expect(r.decline).toMatchObject({ severity: 'soft', retry: { advisable: true } });
		expect(r.patches.invoice?.autoChargePending).toBe(false);
		expect(r.message).toMatchObject({ data: { nextAttemptAt: null } });
		const scheduled = generic({ type: 'payment_failed', occurredAt: NOW, declineCode: 'insufficient_funds', eventId: 'f-soft-2', nextAttemptAt: '2025-11-16T08:00:00Z' });
		const r2 = applyEvent({ invoice: { ...inv1, autoChargePending: true } }, scheduled, opts, NOW);
		expect(r2.patches.invoice?.autoChargePending).toBe(true);
		expect(r2.message).toMatchObject({ data: { nextAttemptAt: '2025-11-16T08:00:00.000Z' } });
	});

	it('hard decline (expired card): update-card message, no more auto-charge', () => {
		const e = normalizeStripeEvent(fixture('stripe/invoice.payment_failed.expired_card.json'));
		const r = applyEvent({ invoice: { invoiceId: e.invoiceId!, customerId: e.customerId, amount: 49, amountPaid: 0, balance: 49, currency: 'USD', status: 'open', autoChargePending: true } }, e, opts, '2025-11-14T11:21:00Z');
		expect(r.message).toMatchObject({ templateKey: 'payment-failed-update-card', data: { needsNewCard: true, nextAttemptAt: null } });
		expect(r.patches.invoice?.autoChargePending).toBe(false);
	});

	it('a failure older than a payment is stale; after payment any failure is ignored', () => {
		const partial = generic({ type: 'partial_payment', occurredAt: '2025-11-10T10:00:00Z', amount: 200, eventId: 'pp' });
		const oldFail = generic({ type: 'payment_failed', occurredAt: '2025-11-09T10:00:00Z', declineCode: 'insufficient_funds', eventId: 'f-old' });
		const r = applyEvents({ invoice: inv1 }, [partial, oldFail], opts, '2025-11-10T11:00:00Z');
		expect(r.results[1]).toMatchObject({ outcome: 'stale', reason: { code: 'OLDER_THAN_PAYMENT' }, message: null });
		// The fact still counts for risk.
		expect(r.results[1].patches.history).toEqual([expect.objectContaining({ kind: 'failed_charge' })]);
		const paid = generic({ type: 'paid', occurredAt: '2025-11-11T10:00:00Z', eventId: 'paid' });
		const lateFail = generic({ type: 'payment_failed', occurredAt: '2025-11-12T10:00:00Z', declineCode: 'expired_card', eventId: 'f-new' });
		const r2 = applyEvents(r.state, [paid, lateFail], opts, '2025-11-12T11:00:00Z');
		expect(r2.results[1]).toMatchObject({ outcome: 'ignored', reason: { code: 'INVOICE_SETTLED' }, message: null });
		expect(r2.state.invoice?.status).toBe('paid');
	});

	it('suspected fraud goes to a person', () => {
		const e = generic({ type: 'payment_failed', occurredAt: NOW, declineCode: 'stolen_card', eventId: 'f' });
		const r = applyEvent({ invoice: inv1 }, e, opts, NOW);
		expect(r.notify).toEqual([expect.objectContaining({ audience: 'finance', code: 'CARD_RISK', priority: 'high' })]);
		expect(r.message?.templateKey).toBe('payment-failed-update-card');
	});
});

describe('disputes', () => {
	const link = { invoiceId: 'in_1QJx2kLkdIwHu7ixK9aB3cDe', customerId: 'cus_R8s7tUvWxYz012' };

	it('chargeback opened: dispute hold, finance told, no email to the customer; closed lost: released, finance told', () => {
		const opened = normalizeStripeEvent(fixture('stripe/charge.dispute.created.json'), link);
		const closed = normalizeStripeEvent(fixture('stripe/charge.dispute.closed.json'), link);
		const r1 = applyEvent({ invoice: stripeInvoice }, opened, opts, '2025-11-18T12:00:05Z');
		expect(r1.patches.holds).toEqual([expect.objectContaining({ holdId: `dispute:${link.invoiceId}`, type: 'dispute', until: null, active: true })]);
		expect(r1.patches.invoice).toEqual({ invoiceId: link.invoiceId, disputed: true });
		expect(r1.notify).toEqual([expect.objectContaining({ code: 'DISPUTE_OPENED', audience: 'finance', priority: 'high' })]);
		expect(r1.notify[0].message).toMatch(/Evidence due by 2025-12-05/);
		expect(r1.message).toBeNull();
		const r2 = applyEvent(r1.state, closed, opts, '2025-12-20T09:30:05Z');
		expect(r2.patches.holds).toEqual([expect.objectContaining({ holdId: `dispute:${link.invoiceId}`, active: false })]);
		expect(r2.notify).toEqual([expect.objectContaining({ code: 'DISPUTE_LOST', priority: 'high' })]);
	});

	it('a close arriving before its open: the older open is stale and does not reopen', () => {
		const opened = normalizeStripeEvent(fixture('stripe/charge.dispute.created.json'), link);
		const closed = normalizeStripeEvent(fixture('stripe/charge.dispute.closed.json'), link);
		const r = applyEvents({ invoice: stripeInvoice }, [closed, opened], opts, '2025-12-20T10:00:00Z');
		expect(r.results[1]).toMatchObject({ outcome: 'stale', reason: { code: 'OLDER_THAN_LATEST_DISPUTE_EVENT' } });
		expect(r.state.holds.filter((h) => h.type === 'dispute' && h.active)).toEqual([]);
	});

	it('a dispute by reply is acknowledged once while open', () => {
		const a = replyEvent({ customerId: 'C1', invoiceId: 'INV-1', text: 'The amount is wrong, we never ordered the second licence.', receivedAt: '2025-11-12T09:00:00Z', locale: 'en-GB' });
		const b = replyEvent({ customerId: 'C1', invoiceId: 'INV-1', text: 'Also, you charged us twice last month.', receivedAt: '2025-11-12T09:30:00Z', locale: 'en-GB' });
		const r = applyEvents({ invoice: inv1 }, [a, b], opts, NOW);
		expect(r.results[0].message).toMatchObject({ templateKey: 'dispute-acknowledged' });
		expect(r.results[1].message).toBeNull();
		expect(r.results[1].messageSkipped).toBe('DISPUTE_ALREADY_OPEN');
		expect(r.state.holds.filter((h) => h.type === 'dispute' && h.active)).toHaveLength(1);
	});
});

describe('promises', () => {
	it('a promise by reply holds until its date; broken after the grace, released exactly once', () => {
		const reply = replyEvent({ customerId: 'C1', invoiceId: 'INV-1', text: "Sorry for the delay, I'll pay on Friday.", receivedAt: '2025-11-12T09:00:00Z', locale: 'en-GB', timeZone: 'Europe/London', messageId: 'm-1' });
		const r1 = applyEvent({ invoice: inv1 }, reply, opts, NOW);
		expect(r1.patches.holds).toEqual([expect.objectContaining({ holdId: 'promise:INV-1', type: 'promise', until: '2025-11-14', active: true })]);
		expect(r1.message).toMatchObject({ templateKey: 'promise-confirmation', data: { promiseDate: '2025-11-14' } });

		// Friday 14 + 2 days grace = Sunday 16: still held on the 16th.
		expect(duePromiseBreak(r1.state, opts, '2025-11-16T22:00:00Z')).toBeNull();
		const due = duePromiseBreak(r1.state, opts, '2025-11-17T08:00:00Z');
		expect(due).toMatchObject({ eventId: 'promise_broken:reply:m-1', type: 'promise_broken', occurredAt: '2025-11-17T00:00:00.000Z', promise: { promiseId: 'reply:m-1' } });
		const r2 = applyPromiseCheck(r1.state, opts, '2025-11-17T08:00:00Z')!;
		expect(r2.outcome).toBe('applied');
		expect(r2.patches.holds).toEqual([expect.objectContaining({ holdId: 'promise:INV-1', active: false })]);
		expect(r2.patches.history).toEqual([expect.objectContaining({ kind: 'promise_broken', historyId: 'promise_broken:reply:m-1' })]);
		expect(r2.notify).toEqual([expect.objectContaining({ code: 'PROMISE_BROKEN' })]);
		expect(r2.schedule?.note).toMatch(/resume/);
		// Next day: nothing more.
		expect(applyPromiseCheck(r2.state, opts, '2025-11-18T08:00:00Z')).toBeNull();
		expect(applyEvent(r2.state, due!, opts, '2025-11-18T08:00:00Z').outcome).toBe('duplicate');
		expect(summarizeEventHistory(r2.state.history).brokenPromises).toBe(1);
	});

	it('a newer promise supersedes the active one; an older promise arriving late is stale', () => {
		const p1 = generic({ type: 'promise_made', occurredAt: '2025-11-10T10:00:00Z', promiseDate: '2025-11-14', eventId: 'p1' });
		const p2 = generic({ type: 'promise_made', occurredAt: '2025-11-13T10:00:00Z', promiseDate: '2025-11-21', eventId: 'p2' });
		const inOrder = applyEvents({ invoice: inv1 }, [p1, p2], opts, NOW).state;
		expect(inOrder.ledger?.promises.map((p) => [p.promiseId, p.status])).toEqual([
			['p1', 'superseded'],
			['p2', 'active'],
		]);
		const reversed = applyEvents({ invoice: inv1 }, [p2, p1], opts, NOW);
		expect(reversed.results[1].outcome).toBe('stale');
		for (const s of [inOrder, reversed.state]) expect(s.holds.find((h) => h.holdId === 'promise:INV-1')).toMatchObject({ until: '2025-11-21', active: true });
	});

	it('a payment plan: plan hold to the last installment, confirmation, broken when an installment is missed', () => {
		const plan = generic({
			type: 'promise_made',
			occurredAt: '2025-11-12T10:00:00Z',
			eventId: 'plan1',
			installments: [
				{ date: '2025-11-20', amount: 500 },
				{ date: '2025-12-20', amount: 500 },
			],
		});
		const r = applyEvent({ invoice: inv1 }, plan, opts, NOW);
		expect(r.patches.holds).toEqual([expect.objectContaining({ holdId: 'plan:INV-1', type: 'plan', until: '2025-12-22', active: true })]);
		expect(r.message).toMatchObject({ templateKey: 'plan-confirmation', data: { lastDate: '2025-12-20' } });
		// First installment paid on time: no break on 23 Nov.
		const paidFirst = applyEvent(r.state, generic({ type: 'partial_payment', occurredAt: '2025-11-20T10:00:00Z', amount: 500, eventId: 'i1' }), opts, '2025-11-20T10:01:00Z');
		expect(duePromiseBreak(paidFirst.state, opts, '2025-11-23T10:00:00Z')).toBeNull();
		// Second missed: broken on 23 Dec.
		expect(duePromiseBreak(paidFirst.state, opts, '2025-12-23T10:00:00Z')).toMatchObject({ type: 'promise_broken' });
		// Without the first installment, broken already on 23 Nov.
		expect(duePromiseBreak(r.state, opts, '2025-11-23T10:00:00Z')).toMatchObject({ type: 'promise_broken' });
	});

	it('a far promise is capped and a person told', () => {
		const p = generic({ type: 'promise_made', occurredAt: '2025-11-12T10:00:00Z', promiseDate: '2026-06-30', eventId: 'far' });
		const r = applyEvent({ invoice: inv1 }, p, opts, NOW);
		expect(r.patches.holds[0].until).toBe('2026-01-11');
		expect(r.notify).toEqual([expect.objectContaining({ code: 'PROMISE_BEYOND_LIMIT' })]);
	});
});

describe('replies', () => {
	const reply = (text: string, extra: Record<string, unknown> = {}) =>
		replyEvent({ customerId: 'C1', invoiceId: 'INV-1', text, receivedAt: '2025-11-12T09:00:00Z', locale: 'en-GB', timeZone: 'Europe/London', ...extra });

	it('SMS STOP opts the customer out of SMS at once (customer scope); later acks fall back to email', () => {
		const stop = reply('STOP', { channel: 'sms' });
		const r = applyEvent({ invoice: inv1 }, stop, opts, NOW);
		expect(r.patches.holds).toEqual([{ holdId: 'optout:C1:sms', type: 'optout', channel: 'sms', until: null, active: true, createdAt: '2025-11-12T09:00:00.000Z', note: 'opted out by reply (sms.stop-keyword)', customerId: 'C1' }]);
		expect('invoiceId' in r.patches.holds[0]).toBe(false);
		const promise = reply("ok I'll pay tomorrow", { channel: 'sms' });
		const r2 = applyEvent(r.state, promise, opts, NOW);
		expect(r2.message).toMatchObject({ templateKey: 'promise-confirmation', channel: 'email' });
	});

	it('a bounce naming its address stops acknowledgments to that address only, once the customer\'s contact is known', () => {
		const bounced = applyEvent({ invoice: inv1 }, reply('Final-Recipient: rfc822; ap@client.example\nAction: failed\nStatus: 5.1.1', { from: 'MAILER-DAEMON@mx.client.example', subject: 'Undeliverable: Invoice INV-1' }), opts, NOW);
		expect(bounced.patches.holds[0]).toMatchObject({ type: 'bounced', channel: 'email', contact: 'ap@client.example' });
		const promise = reply("I'll pay on Friday.");
		const ack = (customer: object) => applyEvent(bounced.state, promise, { ...opts, customer: { ...opts.customer, ...customer } }, NOW);
		// The address on file is still the one that bounced (any case), or unknown: no acknowledgment by email.
		expect(ack({ email: 'AP@client.example' }).messageSkipped).toBe('CHANNEL_OPTED_OUT');
		expect(ack({}).messageSkipped).toBe('CHANNEL_OPTED_OUT');
		// Corrected since: the confirmation goes out.
		expect(ack({ email: 'payables@client.example' }).message).toMatchObject({ templateKey: 'promise-confirmation', channel: 'email' });
	});

	it('out of office: customer hold until the return day', () => {
		const r = applyEvent({ invoice: inv1 }, reply('I am out of the office, back on Monday 17 November.', { subject: 'Automatic reply: Invoice INV-1' }), opts, NOW);
		expect(r.patches.holds).toEqual([expect.objectContaining({ holdId: 'ooo:C1', type: 'ooo', until: '2025-11-17', active: true, customerId: 'C1' })]);
		expect(r.message).toBeNull();
	});

	it('already paid: pause for reconciliation and a person', () => {
		const r = applyEvent({ invoice: inv1 }, reply('We already paid this last week, remittance attached.'), opts, NOW);
		expect(r.patches.holds).toEqual([expect.objectContaining({ holdId: 'reconcile:INV-1', type: 'pause', until: '2025-11-19' })]);
		expect(r.notify).toEqual([expect.objectContaining({ code: 'RECONCILE_PAYMENT_CLAIM', audience: 'finance', priority: 'high' })]);
	});

	it('question and plan request: replied hold (extended, never shortened) and a person', () => {
		const q = applyEvent({ invoice: inv1 }, reply('Can you send me a copy of the invoice?'), opts, NOW);
		expect(q.patches.holds).toEqual([expect.objectContaining({ holdId: 'replied:INV-1', type: 'replied', until: '2025-11-17' })]);
		expect(q.notify[0].code).toBe('ANSWER_QUESTION');
		const plan = replyEvent({ customerId: 'C1', invoiceId: 'INV-1', text: 'Could we pay in three instalments?', receivedAt: '2025-11-14T09:00:00Z', locale: 'en-GB' });
		const p = applyEvent(q.state, plan, opts, NOW);
		expect(p.patches.holds[0].until).toBe('2025-11-19');
		expect(p.notify[0].code).toBe('PLAN_REQUESTED');
	});

	it('bounce: channel blocked for the address that failed, account owner told', () => {
		const r = applyEvent({ invoice: inv1 }, reply('Delivery has failed to these recipients or groups:\n\nAP@client.example\nThe email address you entered could not be found.', { from: 'MAILER-DAEMON@mx.client.example', subject: 'Undeliverable: Invoice INV-1' }), opts, NOW);
		expect(r.patches.holds).toEqual([expect.objectContaining({ holdId: 'bounced:C1:email', type: 'bounced', channel: 'email', contact: 'ap@client.example' })]);
		expect(r.notify[0].code).toBe('CONTACT_BOUNCED');
		expect(r.notify[0].message).toBe('The email address ap@client.example of customer C1 bounced: update the contact; email reminders go to the new one by themselves (the hold bounced:C1:email is about ap@client.example only).');
		// A notice that does not say which address failed: the hold stops email whatever the contact, until released.
		const vague = applyEvent({ invoice: inv1 }, reply('Mail delivery failed: returning message to sender.', { from: 'MAILER-DAEMON@mx.client.example', subject: 'Mail delivery failed' }), opts, NOW);
		expect(vague.patches.holds).toEqual([expect.objectContaining({ holdId: 'bounced:C1:email', type: 'bounced', channel: 'email' })]);
		expect(vague.patches.holds[0]).not.toHaveProperty('contact');
		expect(vague.notify[0].message).toContain('update the contact; then set the hold bounced:C1:email inactive');
	});

	it('a contact who left (automatic reply): the channel blocked as for a bounce, the owner given the reply', () => {
		const text = 'Thank you for your email. I have now left Client Ltd and this mailbox is no longer monitored. Please write to ap@client.example.';
		const r = applyEvent({ invoice: inv1 }, reply(text, { subject: 'Automatic reply: Invoice INV-1' }), opts, NOW);
		expect(r.patches.holds).toEqual([expect.objectContaining({ holdId: 'bounced:C1:email', type: 'bounced', channel: 'email', note: 'contact left or mailbox no longer read' })]);
		expect(r.notify).toEqual([expect.objectContaining({ code: 'CONTACT_BOUNCED', audience: 'accountOwner' })]);
		expect(r.notify[0].message).toContain('no longer reaches customer C1');
		expect(r.notify[0].message).toContain('ap@client.example');
		// The address it names is the one to write to: the hold is not about it; nor about its sender unless that is the
		// customer's address on file (an alias may forward to the mailbox that is no longer read).
		expect(r.patches.holds[0]).not.toHaveProperty('contact');
		const from = { subject: 'Automatic reply: Invoice INV-1', from: 'Jane Doe <Jane.Doe@client.example>' };
		const as = (email?: string) => applyEvent({ invoice: inv1 }, reply(text, from), { ...opts, customer: email ? { email } : {} }, NOW).patches.holds[0];
		expect(as('jane.doe@client.example')).toMatchObject({ type: 'bounced', contact: 'jane.doe@client.example' });
		expect(as('ap@client.example')).not.toHaveProperty('contact');
		expect(as()).not.toHaveProperty('contact');
		const named = applyEvent({ invoice: inv1 }, reply(text, from), { ...opts, customer: { email: 'jane.doe@client.example' } }, NOW);
		expect(named.notify[0].message).toContain('email reminders go to the new one by themselves');
	});

	it('an insolvency notice pauses every reminder of the customer, with no end, and tells finance to file the claim', () => {
		const text = 'We went into administration on 3 November. Please send your proof of debt to the joint administrators at ap@administrators.example.';
		const r = applyEvent({ invoice: inv1 }, reply(text, { subject: 'RE: Invoice INV-1' }), opts, NOW);
		expect(r.patches.holds).toEqual([expect.objectContaining({ holdId: 'insolvency:C1', type: 'pause', until: null, active: true, customerId: 'C1' })]);
		expect(r.patches.holds[0]).not.toHaveProperty('invoiceId');
		expect(r.notify).toEqual([expect.objectContaining({ code: 'INSOLVENCY_NOTICE', audience: 'finance', priority: 'high' })]);
		expect(r.notify[0].message).toContain('ap@administrators.example');
	});

	it('a full mailbox pauses email to that address for a week, then it is tried again; a hard bounce of it stays', () => {
		const text = 'The following addresses had permanent fatal errors\n<AP@client.example>\n    (reason: 452 4.2.2 <ap@client.example>: Mailbox full, over quota)\nMessage could not be delivered for 5 days\n\nFinal-Recipient: RFC822; AP@client.example\nAction: failed\nStatus: 4.2.2';
		const full = reply(text, { from: 'MAILER-DAEMON@mx.example.net', subject: 'Returned mail: see transcript for details' });
		expect(full.reply).toMatchObject({ class: 'bounced', contact: 'ap@client.example', mailboxFull: true });
		const r = applyEvent({ invoice: inv1 }, full, opts, NOW);
		expect(r.patches.holds).toEqual([{ holdId: 'bounced:C1:email', type: 'bounced', channel: 'email', until: '2025-11-19', active: true, createdAt: full.occurredAt, note: 'mailbox full', contact: 'ap@client.example', customerId: 'C1' }]);
		expect(r.notify).toEqual([expect.objectContaining({ code: 'MAILBOX_FULL', audience: 'accountOwner', priority: 'low' })]);
		expect(r.notify[0].message).toBe('The email address ap@client.example of customer C1 is full (the message came back): email reminders pause through 2025-11-19, then go to it again by themselves; reach the customer another way if it cannot wait.');
		// Its own option; a second notice a few days later pauses from then, never shorter than the pause in place.
		expect(applyEvent({ invoice: inv1 }, full, { ...opts, mailboxFullDays: 3 }, NOW).patches.holds[0].until).toBe('2025-11-15');
		const later = reply(text, { from: 'MAILER-DAEMON@mx.example.net', receivedAt: '2025-11-14T09:00:00Z' });
		expect(applyEvent(r.state, later, opts, NOW).patches.holds).toEqual([expect.objectContaining({ until: '2025-11-21', createdAt: full.occurredAt })]);
		const shorter = applyEvent(r.state, later, { ...opts, mailboxFullDays: 1 }, NOW);
		expect(shorter.patches.holds).toEqual([]);
		expect(shorter.state.holds?.find((h) => h.holdId === 'bounced:C1:email')?.until).toBe('2025-11-19');
		// A hard bounce of the same address (or of an address the notice does not name) is never turned into a pause.
		const hard = applyEvent({ invoice: inv1 }, reply('Delivery has failed to these recipients or groups:\n\nap@client.example\nThe email address you entered could not be found.', { from: 'MAILER-DAEMON@mx.client.example' }), opts, NOW);
		const after = applyEvent(hard.state, full, opts, NOW);
		expect(after.patches.holds).toEqual([]);
		expect(after.state.holds?.find((h) => h.holdId === 'bounced:C1:email')).toMatchObject({ until: null, active: true, note: 'delivery failed' });
		expect(after.notify).toEqual([]);
		// A hard bounce of another address (no longer the customer's): the full mailbox of the new one is what holds.
		const old = applyEvent({ invoice: inv1 }, reply('Delivery has failed to these recipients or groups:\n\nold@client.example\nThe email address you entered could not be found.', { from: 'MAILER-DAEMON@mx.client.example' }), opts, NOW);
		expect(applyEvent(old.state, full, opts, NOW).patches.holds).toEqual([expect.objectContaining({ until: '2025-11-19', contact: 'ap@client.example', note: 'mailbox full', createdAt: full.occurredAt })]);
	});

	it('a full mailbox that is also an unknown user is a bounce', () => {
		const text = 'Delivery to the following recipient failed permanently:\n\n     ap@client.example\n\n550 5.1.1 The email account that you tried to reach does not exist. 552 5.2.2 mailbox full';
		const r = applyEvent({ invoice: inv1 }, reply(text, { from: 'mailer-daemon@googlemail.com' }), opts, NOW);
		expect(r.patches.holds).toEqual([expect.objectContaining({ type: 'bounced', until: null, contact: 'ap@client.example', note: 'delivery failed' })]);
		expect(r.notify[0].code).toBe('CONTACT_BOUNCED');
	});

	it('a delivery delay (the server keeps trying) changes nothing: no hold, nobody told', () => {
		const text = 'Delivery is delayed to these recipients or groups: ap@client.example. This message hasn\'t been delivered yet. Delivery will continue to be attempted. The server will keep trying to deliver this message for the next 1 days.';
		const r = applyEvent({ invoice: inv1 }, reply(text, { from: 'postmaster@mx.example.net', subject: 'Delivery delayed: Invoice INV-1' }), opts, NOW);
		expect(r.patches.holds).toEqual([]);
		expect(r.notify).toEqual([]);
		expect(r.message).toBeNull();
	});
});

describe('other events', () => {
	it('void ends everything; a payment on a void invoice goes to a person', () => {
		const p = generic({ type: 'promise_made', occurredAt: '2025-11-10T10:00:00Z', promiseDate: '2025-11-14', eventId: 'p1' });
		const v = generic({ type: 'voided', occurredAt: '2025-11-11T10:00:00Z', eventId: 'v' });
		const pay = generic({ type: 'partial_payment', occurredAt: '2025-11-12T10:00:00Z', amount: 10, eventId: 'x' });
		const r = applyEvents({ invoice: inv1 }, [p, v, pay], opts, NOW);
		expect(r.state.invoice?.status).toBe('void');
		expect(r.state.ledger?.promises[0].status).toBe('cancelled');
		expect(r.results[2].notify).toEqual([expect.objectContaining({ code: 'PAYMENT_ON_VOID_INVOICE' })]);
		expect(r.results[2].message).toBeNull();
	});

	it('refund and subscription pause only inform people', () => {
		const refund = normalizeStripeEvent(fixture('stripe/charge.refunded.json'));
		const r = applyEvent({ invoice: { ...stripeInvoice, status: 'paid', amountPaid: 1250, balance: 0 } }, refund, opts, NOW);
		expect(r.patches.invoice).toBeNull();
		expect(r.notify[0].code).toBe('REFUND_ISSUED');
		const paused = normalizeStripeEvent(fixture('stripe/customer.subscription.paused.json'));
		const r2 = applyEvent({}, paused, opts, NOW);
		expect(r2.notify[0]).toMatchObject({ code: 'SUBSCRIPTION_PAUSED', audience: 'accountOwner' });
	});

	it('uncollectible, then paid after all: paid wins', () => {
		const u = generic({ type: 'uncollectible', occurredAt: '2025-11-10T10:00:00Z', eventId: 'u' });
		const pay = generic({ type: 'paid', occurredAt: '2025-11-12T10:00:00Z', eventId: 'pay' });
		expect(applyEvents({ invoice: inv1 }, [u, pay], opts, NOW).state.invoice?.status).toBe('paid');
		expect(applyEvents({ invoice: inv1 }, [pay, u], opts, NOW).state.invoice?.status).toBe('paid');
	});
});

describe('input validation', () => {
	const e = generic({ type: 'paid', occurredAt: NOW, eventId: 'x' });
	const expectField = (fn: () => unknown, field: string) => {
		try {
			fn();
			throw new Error('no error');
		} catch (err) {
			expect(isValidationError(err)).toBe(true);
			expect((err as { field: string }).field).toBe(field);
		}
	};
	it('names the field', () => {
		expectField(() => applyEvent({ invoice: { ...inv1, invoiceId: 'OTHER' } }, e, opts, NOW), 'event.invoiceId');
		expectField(() => applyEvent({ invoice: { ...inv1, currency: 'USD' } }, e, opts, NOW), 'event.currency');
		expectField(() => applyEvent({}, e, opts, 'now'), 'now');
		expectField(() => applyEvent({}, { ...e, type: 'exploded' as never }, opts, NOW), 'event.type');
		expectField(() => applyEvent({}, e, { timeZone: 'Mars/Olympus' }, NOW), 'options.timeZone');
		const state: EventState = applyEvent({ invoice: inv1 }, e, opts, NOW).state;
		expectField(() => applyEvent(state, { ...e, eventId: 'y', invoiceId: 'INV-2' }, opts, NOW), 'event.invoiceId');
	});
});
