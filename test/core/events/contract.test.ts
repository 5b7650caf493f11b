/**
 * Contract with the decision engine: the holds and invoice patches produced by events are read by the stop
 * check the way they are meant (dispute holds stop everything, a promise holds until its date plus grace,
 * an SMS opt-out drops SMS, a paid invoice gets nothing).
 */
import { DecisionEngine } from '../../../nodes/core/engine';
import type { Customer, DecisionInput, Invoice, Touch } from '../../../nodes/core/types';
import { applyEvent, normalizeGenericEvent, replyEvent, type EventState } from '../../../nodes/core/events';

const customer: Customer = {
	customerId: 'C1',
	name: 'Acme Corp',
	email: 'ap@acme.test',
	phone: '+1 212 555 0100',
	locale: 'en-US',
	timeZone: 'America/New_York',
	country: 'US',
	optOut: [],
	bounced: [],
	segment: 'smb',
	keyAccount: false,
};
const invoice: Invoice = {
	invoiceId: 'INV-1',
	customerId: 'C1',
	amount: 1200,
	amountPaid: 0,
	balance: 1200,
	currency: 'USD',
	issueDate: '2026-02-08',
	dueDate: '2026-03-10',
	status: 'open',
	autoCharge: false,
};
const touches: Touch[] = [{ invoiceId: 'INV-1', customerId: 'C1', step: 'D+1', channel: 'email', sentAt: '2026-03-11T14:00:00Z', dedupeKey: 'INV-1:D+1:email' }];
// Tuesday 2026-03-17, 11:00 in New York: D+7 is due.
const NOW = '2026-03-17T15:00:00Z';
const opts = { timeZone: 'America/New_York', policy: { promiseGraceDays: 2, tolerance: { amount: 1, percent: 0 } } };

function decideWith(state: EventState['holds'], inv: Invoice = invoice, now = NOW) {
	const input: DecisionInput = { invoice: inv, customer, touches, holds: state ?? [] };
	return new DecisionEngine({}, now).decide(input);
}

describe('events -> stop check', () => {
	it('no hold: the D+7 step is sent', () => {
		expect(decideWith([]).reason.code).toBe('SEND');
	});

	it('a dispute reply stops reminders until the dispute is closed', () => {
		const r = applyEvent({ invoice }, replyEvent({ customerId: 'C1', invoiceId: 'INV-1', text: 'We never ordered this, the amount is wrong.', receivedAt: '2026-03-16T14:00:00Z' }), opts, NOW);
		expect(decideWith(r.state.holds).reason.code).toBe('DISPUTE_OPEN');
		const closed = applyEvent(r.state, normalizeGenericEvent({ type: 'dispute_closed', occurredAt: '2026-03-17T14:00:00Z', invoiceId: 'INV-1', customerId: 'C1', disputeOutcome: 'resolved' }), opts, NOW);
		expect(decideWith(closed.state.holds).reason.code).toBe('SEND');
	});

	it('a promise holds through its date plus grace, then the sequence resumes', () => {
		const r = applyEvent({ invoice }, replyEvent({ customerId: 'C1', invoiceId: 'INV-1', text: "I'll pay on Friday.", receivedAt: '2026-03-16T14:00:00Z', timeZone: 'America/New_York' }), opts, NOW);
		expect(r.state.holds.find((h) => h.type === 'promise')?.until).toBe('2026-03-20');
		expect(decideWith(r.state.holds).reason.code).toBe('PROMISE_TO_PAY');
		// Friday 20 + 2 days grace: still held on Sunday 22, released on Monday 23.
		expect(decideWith(r.state.holds, invoice, '2026-03-23T15:00:00Z').reasons.map((x) => x.code)).not.toContain('PROMISE_TO_PAY');
	});

	it('an SMS STOP removes SMS, not email', () => {
		const r = applyEvent({ invoice }, replyEvent({ customerId: 'C1', invoiceId: 'INV-1', text: 'STOP', channel: 'sms', receivedAt: '2026-03-16T14:00:00Z' }), opts, NOW);
		const hold = r.state.holds.find((h) => h.type === 'optout');
		expect(hold).toMatchObject({ channel: 'sms', customerId: 'C1' });
		// Due yesterday: D+1 goes by email and SMS.
		const dueYesterday: Invoice = { ...invoice, dueDate: '2026-03-16' };
		const before = new DecisionEngine({}, NOW).decide({ invoice: dueYesterday, customer, touches: [], holds: [] });
		expect(before.channels).toEqual(['email', 'sms']);
		const d = new DecisionEngine({}, NOW).decide({ invoice: dueYesterday, customer, touches: [], holds: r.state.holds });
		expect(d.channels).toEqual(['email']);
		expect(d.droppedChannels).toEqual([expect.objectContaining({ channel: 'sms' })]);
	});

	it('a paid invoice gets nothing', () => {
		const r = applyEvent({ invoice }, normalizeGenericEvent({ type: 'paid', occurredAt: '2026-03-17T14:00:00Z', invoiceId: 'INV-1', customerId: 'C1', currency: 'USD' }), opts, NOW);
		const paid: Invoice = { ...invoice, ...(r.state.invoice as Partial<Invoice>) } as Invoice;
		expect(paid.status).toBe('paid');
		expect(decideWith(r.state.holds, paid).outcome).not.toBe('send');
	});

	it('an out-of-office reply holds the customer until the return day', () => {
		const r = applyEvent({ invoice }, replyEvent({ customerId: 'C1', invoiceId: 'INV-1', text: 'I am out of the office, back on Monday 23 March.', subject: 'Automatic reply: invoice', receivedAt: '2026-03-16T14:00:00Z' }), opts, NOW);
		expect(decideWith(r.state.holds).reason.code).toBe('OUT_OF_OFFICE');
	});
});
