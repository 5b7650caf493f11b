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
		// Tone: every step sent here has the base tone friendly (D-7, D-3, D0 are capped at friendly; D+1 and D+7 may
		// go up to firm, but without payment history the risk model's prior does not move the tone): 6 friendly
		expect(r.messages.byTone).toEqual({ friendly: 6 });
		// Nothing deferred: a UK customer (UTC, no country: no holidays) at 09:00 is outside quiet hours on every run,
		// and the D-1 Sunday is no run at all (the policy's business days), so it is no weekend deferral
		expect(r.deferrals).toEqual({ quietHours: 0, weekend: 0, holiday: 0, touchCap: 0, minGap: 0, distinctSteps: 0 });
		expect(r.sends!.map((s) => [s.day, s.step])).toEqual([
			['2026-03-09', 'D-7'],
			['2026-03-13', 'D-3'],
			['2026-03-16', 'D0'],
			['2026-03-17', 'D+1'],
			['2026-03-23', 'D+7'],
		]);
		expect(r.wasted).toMatchObject({ days: 3, messages: 1, byStep: { 'D+7': 1 } });
		expect(r.invoices).toMatchObject({ followedUp: 1, paidByEnd: 1 });
		// Nothing after payment: the invoice is not open from the 24th. One decision per business day from 2 to 23
		// March: 2-6, 9-13, 16-20 (5 each) and 23 March = 16
		expect(r.invoices.decisions).toBe(16);
		// With N = 7 the D+1 messages count as wasted too
		expect(replayPolicy(readLedger([inv('INV-1', 'C1', '2026-03-02', '2026-03-16', '2026-03-24')]), {}, { from: '2026-03-02', to: '2026-03-31', wastedDays: 7 }).wasted.messages).toBe(3);
	});

	test('a dispute holds every step while open; resolved, the sequence resumes', () => {
		const disputed = inv('INV-D', 'C2', '2026-02-02', '2026-03-04', null, 500, customer(), { disputed: true });
		const r = replayPolicy(readLedger([disputed]), {}, { from: '2026-03-02', to: '2026-03-31' });
		expect(r.messages.total).toBe(0);
		expect(r.reasons.DISPUTE_OPEN).toBe(22);
		// Dispute from 1 to 19 March: held until then; on Thursday 19 March the latest due step (D+14, 18 March) is due.
		// Nothing was sent before it, so this firm message would be the invoice's first reminder: a person approves it
		// first (approval.firstContact), and it goes out at the next run, on Friday 20 March.
		const windowed = inv('INV-D', 'C2', '2026-02-02', '2026-03-04', null, 500, customer(), { disputed: true, disputeOpened: '2026-03-01', disputeClosed: '2026-03-19' });
		const w = replayPolicy(readLedger([windowed]), {}, { from: '2026-03-02', to: '2026-03-31', keepSends: true });
		expect(w.reasons.DISPUTE_OPEN).toBe(13);
		expect(w.reasons.APPROVAL_REQUIRED).toBe(1);
		expect(w.approvals).toMatchObject({ needed: 1, firstReminder: 1, keyAccount: 0, largeAmount: 0, stepAlways: 0, other: 0 });
		expect(w.sends![0]).toMatchObject({ day: '2026-03-20', step: 'D+14' });
		// Without the first-reminder rule it goes out on the 19th.
		const noRule = replayPolicy(readLedger([windowed]), { approval: { firstContact: false } }, { from: '2026-03-02', to: '2026-03-31', keepSends: true });
		expect(noRule.sends![0]).toMatchObject({ day: '2026-03-19', step: 'D+14' });
	});

	test('key-account escalations need approval, counted once per invoice and step; approved ones go out at the next run', () => {
		// Key account, due Mon 16 Feb, unpaid: 2 Mar is D+14 (firm) -> approval, approved, sent at the next run (3 Mar: the
		// engine's catch-up puts the customer step before the D+15 internal alert, which follows on 4 Mar);
		// 9 Mar D+21 final notice -> approval, sent 10 Mar; 18 Mar D+30 (escalating) -> approval, sent 19 Mar.
		const ka = inv('INV-K', 'C3', '2026-01-17', '2026-02-16', null, 4000, customer({ keyAccount: true, segment: 'enterprise' }));
		const r = replayPolicy(readLedger([ka]), {}, { from: '2026-03-02', to: '2026-03-31', keepSends: true });
		expect(r.approvals).toEqual({ needed: 3, keyAccount: 3, largeAmount: 0, firstReminder: 0, stepAlways: 0, other: 0, byStep: { 'D+14': 1, 'D+21': 1, 'D+30': 1 } });
		expect(r.internalAlerts).toBe(1);
		// Tones: D+14 firm by email and SMS (2), D+21 final notice firm (1), D+30 escalating (1); the D+15 alert is internal
		expect(r.messages.byTone).toEqual({ firm: 3, escalating: 1 });
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
		expect(r.deferrals).toEqual({ quietHours: 0, weekend: 0, holiday: 1, touchCap: 0, minGap: 0, distinctSteps: 1 });
		expect(r.sends!.map((s) => [s.day, s.step])).toContainEqual(['2026-03-18', 'D0']);
		// Los Angeles, due Fri 20 Mar, never paid: 09:00 UTC is 01:00 (PST) or 02:00 (PDT from 8 Mar) there, inside the
		// quiet hours (20:00-08:00), so nothing ever goes out and a due step stays due. The 22 runs (2-31 March):
		// - 2-12 March (9 runs): nothing due yet (D-7 is Fri 13 Mar) -> NOTHING_DUE 9;
		// - 13-30 March (12 runs): a step is due (D-7 on 13, 16; D-3 on 17, 18; D-1 on 19; D0 on 20; D+1 from Mon 23 to
		//   26; D+7 on 27, 30) -> QUIET_HOURS 12;
		// - 31 March is Cesar Chavez Day in California: closed before quiet -> HOLIDAY 1.
		// Six distinct steps deferred: D-7, D-3, D-1, D0, D+1, D+7.
		const la = inv('INV-LA', 'C5', '2026-03-01', '2026-03-20', null, 500, customer({ country: 'US', region: 'CA', timeZone: 'America/Los_Angeles' }));
		const one = replayPolicy(readLedger([la]), {}, { from: '2026-03-02', to: '2026-03-31' });
		expect(one.messages.total).toBe(0);
		expect(one.deferrals).toEqual({ quietHours: 12, weekend: 0, holiday: 1, touchCap: 0, minGap: 0, distinctSteps: 6 });
		expect(one.reasons).toEqual({ NOTHING_DUE: 9, QUIET_HOURS: 12, HOLIDAY: 1 });
		// A second run at 17:00 UTC (09:00/10:00 in LA) sends each step on its day: D-7 13 Mar, D-3 17, D-1 19, D0 20;
		// D+1 (Sat 21) on Mon 23 would be the customer's 4th message in 7 days (17, 19, 20 Mar: cap 3) -> TOUCH_CAP,
		// sent on Tue 24 at 17:00 (the 17 Mar message is then 7 days old) by email and SMS; D+7 Fri 27. 7 messages.
		const two = replayPolicy(readLedger([la]), {}, { from: '2026-03-02', to: '2026-03-31', runTimes: ['09:00', '17:00'], keepSends: true });
		expect(two.period.runs).toBe(44);
		expect(two.messages.total).toBe(7);
		expect(two.messages.byTone).toEqual({ friendly: 7 });
		expect(two.sends!.map((s) => [s.at, s.step])).toEqual([
			['2026-03-13T17:00:00.000Z', 'D-7'],
			['2026-03-17T17:00:00.000Z', 'D-3'],
			['2026-03-19T17:00:00.000Z', 'D-1'],
			['2026-03-20T17:00:00.000Z', 'D0'],
			['2026-03-24T17:00:00.000Z', 'D+1'],
			['2026-03-27T17:00:00.000Z', 'D+7'],
		]);
		// The 09:00 runs at which a step is due still fall in quiet hours: 13 (D-7), 17 (D-3), 19 (D-1), 20 (D0), 23 and
		// 24 (D+1), 27 (D+7) March -> 7. On the other days the step of the day already went out the evening before, or
		// nothing is due (31 March, the holiday, has nothing due: no holiday deferral). Same six distinct steps.
		expect(two.deferrals).toEqual({ quietHours: 7, weekend: 0, holiday: 0, touchCap: 1, minGap: 0, distinctSteps: 6 });
	});

	test('weekend where the customer is: a Friday run that is already Saturday in Tokyo', () => {
		// One run at 23:30 UTC: 08:30 the next morning in Tokyo (after the quiet hours). Due Mon 16 Mar, never paid.
		// D-7 Mon 9 Mar (sent, Tue 08:30 in Tokyo); D-3 Fri 13 Mar: 23:30 UTC Friday is Saturday 08:30 in Tokyo ->
		// WEEKEND (the only one: on the other Fridays, 6, 20 and 27 March, nothing is due). On Monday 16 Mar D0 is due:
		// catch-up sends D0, never the stale D-3 or D-1. D+1 Tue 17 (email + SMS), D+7 Mon 23, D+14 Mon 30 (firm, email
		// + SMS), D+15 Tue 31 (the internal alert, not a customer message).
		const tk = inv('INV-T', 'C7', '2026-03-02', '2026-03-16', null, 500, customer({ timeZone: 'Asia/Tokyo' }));
		const r = replayPolicy(readLedger([tk]), {}, { from: '2026-03-02', to: '2026-03-31', runTimes: ['23:30'], keepSends: true });
		expect(r.deferrals).toEqual({ quietHours: 0, weekend: 1, holiday: 0, touchCap: 0, minGap: 0, distinctSteps: 1 });
		expect(r.sends!.map((s) => [s.day, s.step, s.tone, s.channels.join('+')])).toEqual([
			['2026-03-09', 'D-7', 'friendly', 'email'],
			['2026-03-16', 'D0', 'friendly', 'email'],
			['2026-03-17', 'D+1', 'friendly', 'email+sms'],
			['2026-03-23', 'D+7', 'friendly', 'email'],
			['2026-03-30', 'D+14', 'firm', 'email+sms'],
			['2026-03-31', 'D+15', 'firm', 'internal'],
		]);
		// friendly: D-7, D0, D+1 x2, D+7 = 5; firm: D+14 x2 = 2
		expect(r.messages.byTone).toEqual({ friendly: 5, firm: 2 });
		expect(r.internalAlerts).toBe(1);
	});

	test('approvals are counted under their actual reason: key account, large amount, or a step that always needs one', () => {
		// A policy whose D+7 (friendly) and D+21 (firm) steps always need an approval; D+14 (firm) needs one under the
		// usual rule (a key account, or a balance above 10,000, at a firm or escalating tone). Three customers, each
		// with one invoice due Mon 2 Mar: N1 500 (not key), L1 12,000 (not key), K1 500 (key account).
		// D+7 (9 Mar, friendly): all three need approval only because of the step -> stepAlways 3
		// D+14 (16 Mar, firm): N1 sends (small, not key); L1 -> largeAmount; K1 -> keyAccount
		// D+21 (23 Mar, firm, always): K1 -> keyAccount (it would need one anyway), L1 -> largeAmount, N1 -> stepAlways
		// -> needed 8 = keyAccount 2 + largeAmount 2 + stepAlways 4 (before, every non-key approval was a "large amount": 6)
		const policy = {
			name: 'approvals',
			steps: [
				{ id: 'D+7', offsetDays: 7, label: 'Reminder', tone: 'friendly', channels: ['email'], approval: 'always' },
				{ id: 'D+14', offsetDays: 14, label: 'Firm reminder', tone: 'firm', channels: ['email'] },
				{ id: 'D+21', offsetDays: 21, label: 'Final notice', tone: 'firm', channels: ['email'], approval: 'always' },
			],
		};
		const ledger = readLedger([
			inv('N1', 'CN', '2026-02-01', '2026-03-02', null, 500),
			inv('L1', 'CL', '2026-02-01', '2026-03-02', null, 12000),
			inv('K1', 'CK', '2026-02-01', '2026-03-02', null, 500, customer({ keyAccount: true })),
		]);
		const r = replayPolicy(ledger, policy, { from: '2026-03-02', to: '2026-03-31', keepSends: true });
		expect(r.approvals).toEqual({ needed: 8, keyAccount: 2, largeAmount: 2, firstReminder: 0, stepAlways: 4, other: 0, byStep: { 'D+7': 3, 'D+14': 2, 'D+21': 3 } });
		// Approved, each goes out at the next run: D+7 on 10 Mar; D+14 N1 on 16 Mar, L1 and K1 on 17 Mar; D+21 on 24 Mar
		expect(r.sends!.map((s) => [s.day, s.invoiceId, s.step])).toEqual([
			['2026-03-10', 'N1', 'D+7'],
			['2026-03-10', 'L1', 'D+7'],
			['2026-03-10', 'K1', 'D+7'],
			['2026-03-16', 'N1', 'D+14'],
			['2026-03-17', 'L1', 'D+14'],
			['2026-03-17', 'K1', 'D+14'],
			['2026-03-24', 'N1', 'D+21'],
			['2026-03-24', 'L1', 'D+21'],
			['2026-03-24', 'K1', 'D+21'],
		]);
		expect(r.messages.byTone).toEqual({ friendly: 3, firm: 6 });
		expect(formatReplay(r)).toContain('Escalations needing approval: 8 (key accounts 2, large amounts 2, first reminders 0, steps that always need one 4)');
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
