import { ageInvoice, tierFor } from '../../nodes/core/aging';
import { parseDay } from '../../nodes/core/dates';
import { DEFAULT_POLICY, validatePolicy } from '../../nodes/core/policy';
import type { Touch } from '../../nodes/core/types';
import { readInvoice } from '../../nodes/core/validate';

const day = (s: string) => parseDay(s) as number;
const policy = DEFAULT_POLICY;
const touch = (step: string, channel: Touch['channel'] = 'email', status?: Touch['status']): Touch => ({
	invoiceId: 'INV-1',
	step,
	channel,
	sentAt: '2026-01-01T09:00:00Z',
	dedupeKey: `INV-1:${step}:${channel}`,
	...(status ? { status } : {}),
});
const age = (due: string, today: string, touches: Touch[] = [], issue: string | null = '2026-01-01') =>
	ageInvoice({ dueDate: due, issueDate: issue }, day(today), policy, { touches });

describe('days past due, as an AR clerk counts them', () => {
	it('counts calendar days across month ends and leap days', () => {
		expect(age('2024-02-28', '2024-03-01').daysPastDue).toBe(2); // 2024 is a leap year
		expect(age('2025-02-28', '2025-03-01').daysPastDue).toBe(1);
		expect(age('2026-01-31', '2026-03-02').daysPastDue).toBe(30);
		expect(age('2026-12-31', '2027-01-01').daysPastDue).toBe(1);
		expect(age('2026-03-10', '2026-03-03').daysPastDue).toBe(-7);
	});
	it('ignores DST (calendar days, not 24-hour periods)', () => {
		expect(age('2026-03-07', '2026-03-09').daysPastDue).toBe(2); // US DST starts 03-08
		expect(age('2026-10-24', '2026-10-26').daysPastDue).toBe(2); // EU DST ends 10-25
	});
	it('derives the due date from net terms when none is given', () => {
		const inv = (terms: number) => readInvoice({ invoiceId: 'A', customerId: 'C', amount: 100, issueDate: '2026-01-31', paymentTermsDays: terms }, policy);
		expect(inv(30).dueDate).toBe('2026-03-02');
		expect(inv(60).dueDate).toBe('2026-04-01');
		expect(inv(90).dueDate).toBe('2026-05-01');
		// Customer terms apply when the invoice has none; the policy default last.
		expect(readInvoice({ invoiceId: 'A', customerId: 'C', amount: 1, issueDate: '2024-02-01' }, policy, 28).dueDate).toBe('2024-02-29');
		expect(readInvoice({ invoiceId: 'A', customerId: 'C', amount: 1, issueDate: '2026-01-01' }, policy).dueDate).toBe('2026-01-31');
	});
});

describe('tiers', () => {
	it('routes by days past due with the default boundaries', () => {
		const t = (d: number) => tierFor(d, policy.tiers).id;
		expect([t(-30), t(0), t(1), t(14), t(15), t(44), t(45), t(400)]).toEqual(['pre-due', 'pre-due', 'early', 'early', 'late', 'late', 'critical', 'critical']);
	});
	it('follows a configured set of tiers', () => {
		const p = validatePolicy({ tiers: [
			{ id: 'current', fromDay: null, toDay: 5 },
			{ id: 'overdue', fromDay: 6, toDay: null },
		] });
		expect(tierFor(5, p.tiers).id).toBe('current');
		expect(tierFor(6, p.tiers).id).toBe('overdue');
	});
});

describe('cadence step due today', () => {
	it('finds the step on its exact day', () => {
		expect(age('2026-03-10', '2026-03-03').step?.id).toBe('D-7');
		expect(age('2026-03-10', '2026-03-10').step?.id).toBe('D0');
		expect(age('2026-03-10', '2026-03-11').step?.id).toBe('D+1');
		expect(age('2026-03-10', '2026-03-17').step?.id).toBe('D+7');
		expect(age('2026-03-10', '2026-04-24', [touch('D+30')]).step?.id).toBe('D+45');
	});
	it('sends the customer step before an internal one due the next day (weekend catch-up)', () => {
		// D+14 (customer) fell on Saturday 03-28 for an invoice due 03-14; Monday 03-30 is D+16, past D+15 (internal).
		const monday = age('2026-03-14', '2026-03-30', [touch('D+7')]);
		expect(monday.step?.id).toBe('D+14');
		const tuesday = age('2026-03-14', '2026-03-31', [touch('D+7'), touch('D+14'), touch('D+14', 'sms')]);
		expect(tuesday.step?.id).toBe('D+15');
		// Nothing ever sent at 45 days: the missed service-pause warning first, then the finance task.
		expect(age('2026-03-10', '2026-04-24').step?.id).toBe('D+30');
	});
	it('catches up a missed day once: the latest step only, never the stale ones', () => {
		// D-3 (03-07) and D-1 (03-09) missed: on the due day only D0 is due.
		const a = age('2026-03-10', '2026-03-10', [touch('D-7')]);
		expect(a.step?.id).toBe('D0');
		expect(a.skippedSteps).toEqual(['D-3', 'D-1']);
		const late = age('2026-03-10', '2026-03-12', [touch('D0')]);
		expect(late.step?.id).toBe('D+1');
		expect(late.catchUp).toBe(true);
		// Once sent, it is not due again, and neither is anything earlier.
		const after = age('2026-03-10', '2026-03-13', [touch('D0'), touch('D+1'), touch('D+1', 'sms')]);
		expect(after.step).toBeNull();
		expect(after.alreadySent).toBe('D+1');
		expect(after.nextStep).toEqual({ id: 'D+7', date: '2026-03-17' });
	});
	it('never sends a lower step after a higher one', () => {
		const a = age('2026-03-10', '2026-03-25', [touch('D+21')]); // D+14 on 03-24 would be lower than D+21
		expect(a.step).toBeNull();
	});
	it('keeps the channels of a multi-channel step that have not gone out', () => {
		const a = age('2026-03-10', '2026-03-11', [touch('D+1', 'email')]);
		expect(a.step?.id).toBe('D+1');
		expect(a.pendingChannels).toEqual(['sms']);
	});
	it('retries a failed send', () => {
		const a = age('2026-03-10', '2026-03-11', [touch('D+1', 'email', 'failed'), touch('D+1', 'sms')]);
		expect(a.pendingChannels).toEqual(['email']);
	});
	it('treats a claim in flight as sent', () => {
		expect(age('2026-03-10', '2026-03-10', [touch('D0', 'email', 'claimed')]).step).toBeNull();
	});
	it('sends no pre-due step dated before the invoice was issued', () => {
		const a = age('2026-03-10', '2026-03-06', [], '2026-03-05'); // issued 5 days before due: D-7 date passed
		expect(a.step).toBeNull();
		expect(a.nextStep?.id).toBe('D-3');
		expect(age('2026-03-10', '2026-03-07', [], '2026-03-05').step?.id).toBe('D-3');
	});
	it('reports the next step and nothing after the last', () => {
		expect(age('2026-03-10', '2026-03-01').nextStep).toEqual({ id: 'D-7', date: '2026-03-03' });
		const end = age('2026-03-10', '2026-06-01', [touch('D+45', 'internal')]);
		expect(end.step).toBeNull();
		expect(end.nextStep).toBeNull();
	});
	it('shares one frozen result between invoices alike, and never between invoices that differ', () => {
		const a = age('2026-03-10', '2026-03-17', [touch('D+1')]);
		const b = ageInvoice({ dueDate: '2026-03-10', issueDate: '2026-02-01' }, day('2026-03-17'), policy, { touches: [touch('D+1', 'email')] });
		expect(a.step?.id).toBe('D+7');
		expect(b).toBe(a);
		expect(Object.isFrozen(a)).toBe(true);
		// Another due day, step sent, channel left or day: a result of its own, with its own content.
		expect(age('2026-03-11', '2026-03-17', [touch('D+1')])).not.toBe(a);
		const sent = age('2026-03-10', '2026-03-17', [touch('D+1'), touch('D+7')]);
		expect(sent).not.toBe(a);
		expect(sent.alreadySent).toBe('D+7');
		const later = age('2026-03-10', '2026-03-18', [touch('D+1')]);
		expect(later.today).toBe('2026-03-18');
		expect(later.daysPastDue).toBe(8);
		const again = age('2026-03-10', '2026-03-17', [touch('D+1')]);
		expect(again).not.toBe(a); // the day changed in between: made afresh
		expect(again).toEqual({ ...a });
		// Steps passed over: the list is shared (frozen), and so is the result; another list, another result.
		const caught = age('2026-03-01', '2026-03-17');
		expect(caught.skippedSteps).toEqual(['D-7', 'D-3', 'D-1', 'D0', 'D+1', 'D+7']);
		expect(Object.isFrozen(caught.skippedSteps)).toBe(true);
		expect(age('2026-03-01', '2026-03-17')).toBe(caught);
		const fewer = age('2026-03-01', '2026-03-17', [touch('D+1')]);
		expect(fewer.step?.id).toBe('D+14');
		expect(fewer.skippedSteps).toEqual(['D+7']);
		expect(fewer).not.toBe(caught);
		expect(age('2026-03-02', '2026-03-18', [touch('D+1')]).skippedSteps).toBe(fewer.skippedSteps);
	});
});

describe('reminders sent before the step due now (what a text may say about "our earlier reminders")', () => {
	// The engine passes the invoice id: the touch log may hold the customer's other invoices.
	const age = (due: string, today: string, touches: Touch[] = []) => ageInvoice({ dueDate: due, issueDate: '2026-01-01' }, day(today), policy, { touches, invoiceId: 'INV-1' });
	it('is 0 for an invoice first seen long overdue: the service-pause warning is its first message', () => {
		const a = age('2026-02-15', '2026-03-17');
		expect(a.step?.id).toBe('D+30');
		expect(a.remindersSent).toBe(0);
	});
	it('counts each customer step of this invoice once, whatever its channels; not alerts to a person, failures or other invoices', () => {
		const other: Touch = { ...touch('D+14'), invoiceId: 'INV-2', dedupeKey: 'INV-2:D+14:email' };
		const touches = [touch('D+1'), touch('D+1', 'sms'), touch('D+7'), touch('D+14', 'email', 'failed'), touch('D+15', 'internal'), other];
		const a = age('2026-03-10', '2026-03-31', touches); // D+21
		expect(a.step?.id).toBe('D+21');
		expect(a.remindersSent).toBe(2);
		// A step the policy does not know (an older policy's) counts, unless it went to a person.
		expect(age('2026-03-10', '2026-03-31', [touch('D+10'), touch('X', 'internal')]).remindersSent).toBe(1);
	});
	it('does not count the step due now when it already went out on one of its channels', () => {
		const a = age('2026-03-10', '2026-03-11', [touch('D0'), touch('D+1', 'email')]);
		expect(a.step?.id).toBe('D+1');
		expect(a.pendingChannels).toEqual(['sms']);
		expect(a.remindersSent).toBe(1);
		// With nothing due, every step sent so far.
		expect(age('2026-03-10', '2026-03-13', [touch('D0'), touch('D+1'), touch('D+1', 'sms')]).remindersSent).toBe(2);
	});
	it('keeps results apart that differ only in it', () => {
		const first = age('2026-02-15', '2026-03-17');
		const after = age('2026-02-15', '2026-03-17', [touch('D+21')]);
		expect(first.step).toBe(after.step);
		expect([first.remindersSent, after.remindersSent]).toEqual([0, 1]);
	});
});
