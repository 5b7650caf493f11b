/**
 * Policy replay on small hand-made ledgers (each expectation says why), and on a generated year: a
 * gentler policy sends fewer messages and wastes fewer.
 */
import { readLedger } from '../../../nodes/core/metrics';
import { formatComparison, formatReplay, replayPolicy } from '../../../nodes/core/replay';
import { ValidationError } from '../../../nodes/core/errors';
import { GENTLE_POLICY, yearLedger } from '../../support/year-ledger';

const customer = (extra: Record<string, unknown> = {}) => ({ name: 'Acme Ltd', email: 'ap@acme.example.com', phone: '+44 20 7946 0000', timeZone: 'UTC', locale: 'en-GB', ...extra });
const inv = (id: string, customerId: string, issueDate: string, dueDate: string, paidDate: string | null, amount = 500, cust: Record<string, unknown> = customer(), extra: Record<string, unknown> = {}) => ({
	invoiceId: id,
	customerId,
	amount,
	currency: 'GBP',
	issueDate,
	dueDate,
	...(paidDate ? { paidDate } : {}),
	customer: cust,
	...extra,
});

describe('replay on a hand-made ledger (March 2026, one run a day at 09:00 UTC)', () => {
	test('the cadence of one invoice: weekend catch-up, touch log dedupe, wasted touch before payment', () => {
		// Issued 2 Mar, due Mon 16 Mar, paid Tue 24 Mar. D-7 Mon 9 Mar; D-3 Fri 13 Mar; D-1 falls on Sunday 15 Mar (no run),
		// so Monday's run sends D0 (catch-up never sends the stale D-1); D+1 Tue 17 Mar by email + SMS; D+7 Mon 23 Mar.
		// Paid on the 24th: D+7 went out one day before payment -> wasted (N = 3); D+1 (7 days before) is not.
		const r = replayPolicy(readLedger([inv('INV-1', 'C1', '2026-03-02', '2026-03-16', '2026-03-24')]), {}, { from: '2026-03-02', to: '2026-03-31', keepSends: true });
		expect(r.period.businessDays).toBe(22);
		expect(r.messages.byStep).toEqual({ 'D-7': 1, 'D-3': 1, D0: 1, 'D+1': 2, 'D+7': 1 });
		expect(r.messages.byChannel).toEqual({ email: 5, sms: 1 });
		expect(r.messages.total).toBe(6);
		expect(r.sends!.map((s) => [s.day, s.step])).toEqual([
			['2026-03-09', 'D-7'],
			['2026-03-13', 'D-3'],
			['2026-03-16', 'D0'],
			['2026-03-17', 'D+1'],
			['2026-03-23', 'D+7'],
		]);
		expect(r.wasted).toMatchObject({ days: 3, messages: 1, byStep: { 'D+7': 1 } });
		expect(r.invoices).toMatchObject({ followedUp: 1, paidByEnd: 1 });
		// Nothing after payment: the invoice is not open from the 24th (15 decisions: 2-23 March business days)
		expect(r.invoices.decisions).toBe(16);
		// With N = 7 the D+1 messages count as wasted too
		expect(replayPolicy(readLedger([inv('INV-1', 'C1', '2026-03-02', '2026-03-16', '2026-03-24')]), {}, { from: '2026-03-02', to: '2026-03-31', wastedDays: 7 }).wasted.messages).toBe(3);
	});

	test('a dispute holds every step while open; resolved, the sequence resumes', () => {
		const disputed = inv('INV-D', 'C2', '2026-02-02', '2026-03-04', null, 500, customer(), { disputed: true });
		const r = replayPolicy(readLedger([disputed]), {}, { from: '2026-03-02', to: '2026-03-31' });
		expect(r.messages.total).toBe(0);
		expect(r.reasons.DISPUTE_OPEN).toBe(22);
		// Dispute from 1 to 19 March: held until then; on Thursday 19 March the latest due step (D+14, 18 March) goes out
		const windowed = inv('INV-D', 'C2', '2026-02-02', '2026-03-04', null, 500, customer(), { disputed: true, disputeOpened: '2026-03-01', disputeClosed: '2026-03-19' });
		const w = replayPolicy(readLedger([windowed]), {}, { from: '2026-03-02', to: '2026-03-31', keepSends: true });
		expect(w.reasons.DISPUTE_OPEN).toBe(13);
		expect(w.sends![0]).toMatchObject({ day: '2026-03-19', step: 'D+14' });
	});

	test('key-account escalations need approval, counted once per invoice and step; approved ones go out at the next run', () => {
		// Key account, due Mon 16 Feb, unpaid: 2 Mar is D+14 (firm) -> approval, approved, sent at the next run (3 Mar: the
		// engine's catch-up puts the customer step before the D+15 internal alert, which follows on 4 Mar);
		// 9 Mar D+21 final notice -> approval, sent 10 Mar; 18 Mar D+30 (escalating) -> approval, sent 19 Mar.
		const ka = inv('INV-K', 'C3', '2026-01-17', '2026-02-16', null, 4000, customer({ keyAccount: true, segment: 'enterprise' }));
		const r = replayPolicy(readLedger([ka]), {}, { from: '2026-03-02', to: '2026-03-31', keepSends: true });
		expect(r.approvals).toMatchObject({ needed: 3, keyAccount: 3, largeAmount: 0, byStep: { 'D+14': 1, 'D+21': 1, 'D+30': 1 } });
		expect(r.internalAlerts).toBe(1);
		expect(r.sends!.map((s) => [s.day, s.step])).toEqual([
			['2026-03-03', 'D+14'],
			['2026-03-04', 'D+15'],
			['2026-03-10', 'D+21'],
			['2026-03-19', 'D+30'],
		]);
		// Pending approvals never go out
		const p = replayPolicy(readLedger([ka]), {}, { from: '2026-03-02', to: '2026-03-31', approvals: 'pending' });
		expect(p.messages.total).toBe(0);
		expect(p.approvals.needed).toBe(3);
	});

	test('holidays and quiet hours defer; a second run time reaches the far zones', () => {
		// Dublin: D-1 falls on St Patrick's Day (Tue 17 Mar) -> held; on the 18th D0 is due and goes out.
		const ie = inv('INV-IE', 'C4', '2026-03-01', '2026-03-18', '2026-03-30', 500, customer({ country: 'IE', timeZone: 'Europe/Dublin' }));
		const r = replayPolicy(readLedger([ie]), {}, { from: '2026-03-02', to: '2026-03-31', keepSends: true });
		expect(r.deferrals.holiday).toBe(1);
		expect(r.sends!.map((s) => [s.day, s.step])).toContainEqual(['2026-03-18', 'D0']);
		// Los Angeles: 09:00 UTC is 01:00/02:00 there, every run falls in quiet hours
		const la = inv('INV-LA', 'C5', '2026-03-01', '2026-03-20', null, 500, customer({ country: 'US', region: 'CA', timeZone: 'America/Los_Angeles' }));
		const one = replayPolicy(readLedger([la]), {}, { from: '2026-03-02', to: '2026-03-31' });
		expect(one.messages.total).toBe(0);
		expect(one.deferrals.quietHours).toBeGreaterThan(10);
		const two = replayPolicy(readLedger([la]), {}, { from: '2026-03-02', to: '2026-03-31', runTimes: ['09:00', '17:00'] });
		expect(two.period.runs).toBe(44);
		expect(two.messages.total).toBeGreaterThan(3);
	});

	test('the touch cap and minimum gap work across a customer\'s invoices through the simulated touch log', () => {
		// Four invoices of one customer, all due the same day: one message per run at most (48 h gap between different invoices)
		const rows = ['A', 'B', 'C', 'D'].map((x) => inv(`INV-${x}`, 'C6', '2026-03-01', '2026-03-20', null));
		const r = replayPolicy(readLedger(rows), {}, { from: '2026-03-02', to: '2026-03-31', keepSends: true });
		const perDay = new Map<string, number>();
		for (const s of r.sends!) perDay.set(s.day, (perDay.get(s.day) ?? 0) + 1);
		expect(Math.max(...perDay.values())).toBe(1);
		expect(r.deferrals.minGap + r.deferrals.touchCap).toBeGreaterThan(0);
		// dedupe: no (invoice, step) twice
		const keys = r.sends!.map((s) => `${s.invoiceId}:${s.step}`);
		expect(new Set(keys).size).toBe(keys.length);
	});

	test('bad options are rejected naming the field', () => {
		expect(() => replayPolicy([], {}, { from: '2026-03-31', to: '2026-03-01' })).toThrow(ValidationError);
		expect(() => replayPolicy([], {}, { from: '2026-03-01', to: '2026-03-31', runTimes: ['9am'] })).toThrow(/runTimes/);
		expect(() => replayPolicy([], {}, { from: '2026-03-01', to: '2026-03-31', wastedDays: -1 })).toThrow(/wastedDays/);
		expect(() => replayPolicy([], { touchCap: { perCustomerPerWeek: 'x' } }, { from: '2026-03-01', to: '2026-03-31' })).toThrow(/touchCap/);
		expect(() => replayPolicy(readLedger([inv('X', 'C', '2026-03-01', '2026-03-20', null, 5, customer({ email: 'not-an-email' }))]), {}, { from: '2026-03-01', to: '2026-03-31' })).toThrow(/ledger\[0\]\.customer\.email|ledger\[0\]\.email/);
	});
});

describe('replay on a generated quarter: two policies compared', () => {
	test('a gentler policy (no pre-due reminders, no SMS even as a fallback, a cap of 2) sends fewer messages, wastes fewer, sends no SMS', () => {
		const ledger = readLedger(yearLedger({ invoices: 150 }));
		const opts = { from: '2025-12-15', to: '2026-03-16', runTimes: ['08:00', '16:00'] };
		const a = replayPolicy(ledger, {}, opts);
		const b = replayPolicy(ledger, GENTLE_POLICY, opts);
		expect(a.messages.total).toBeGreaterThan(50);
		expect(b.messages.total).toBeLessThan(a.messages.total);
		expect(b.wasted.messages).toBeLessThan(a.wasted.messages);
		expect(b.messages.byChannel.sms ?? 0).toBe(0);
		expect(a.messages.byChannel.sms).toBeGreaterThan(0);
		const text = formatComparison([a, b], ['default', 'gentle']);
		expect(text).toMatch(/Messages to customers\s+\d+\s+\d+\s+-\d+/);
		expect(formatReplay(a)).toMatch(/Messages to customers: \d+/);
	}, 120_000);
});
