/**
 * AR metrics against figures computed by hand on a small ledger (the arithmetic is written out next to
 * each expectation), and on the edge cases: no sales in the period, everything paid, credit notes,
 * mixed currencies, CSV column names.
 *
 * The ledger (EUR), period March 2026 (1-31 March, 31 days):
 *
 *   doc  issued      due         amount   paid        segment     note
 *   A    2026-01-15  2026-02-14   1000    2026-03-10  enterprise  paid 24 days late
 *   B    2026-02-10  2026-03-12   2000    2026-03-12  smb         paid on the due day
 *   C    2026-02-20  2026-03-22    500    -           smb         9 days past due at the end
 *   D    2026-03-05  2026-04-04   3000    -           smb         not yet due at the end
 *   E    2026-03-10  2026-03-25   1500    2026-03-20  smb         paid early
 *   F    2025-12-01  2025-12-31    800    -           smb         90 days past due at the end
 *   G    2026-03-15  -             -200   -           smb         credit note, not yet applied
 *   H    2026-03-20  2026-04-19   1000    -           smb         void: left out of everything
 *   I    2026-01-05  2026-02-04    400    2026-02-20  smb         paid before the period
 *   J    2026-02-25  2026-03-27   1200    -           smb         4 days past due at the end
 */
import { computeMetrics, compileLedgerMap, dedupeTouchLog, readApprovalLog, readLedger, readTouchLog, readTouchLogEntry } from '../../../nodes/core/metrics';
import { ValidationError } from '../../../nodes/core/errors';
import { row, SMALL_LEDGER } from './fixtures';

/**
 * The touch log as the daily run writes it to ar_touches (tone, outcome, kind), with older rows that
 * lack them, a row logged twice and a Postgres claim seen before it was marked sent. Period: March.
 *
 *   T1  C  D-7    email     15 Mar  sent     friendly    send      reminder          C:D-7:email
 *   T2  = T1 logged twice                                                            (counts once)
 *   T3  C  D+1    email     23 Mar  sent     friendly    send      reminder          C:D+1:email
 *   T4  C  D+1    sms       23 Mar  failed   friendly    send      reminder          C:D+1:sms
 *   T5  F  D+45   internal  14 Feb  sent     escalating  approval  approval-request  F:D+45:approval  (February)
 *   T6  F  call   internal   2 Mar  sent     -           -         task              F:call:human     (older row)
 *   T7  A  D+15   internal   1 Mar  sent     firm        send      alert             A:D+15:internal
 *   T8  A  D+21   internal   7 Mar  sent     firm        approval  approval-request  A:D+21:approval
 *   T9  A  D+21   email      9 Mar  sent     firm        send      reminder          A:D+21:email     (after approval)
 *   T10 J  D+1    email     30 Mar  -        -           -         -                 -                (older row)
 *   T11 F  D+60   internal  20 Mar  sent     escalating  -         approval-request  -
 *   T12 C  D+1    email     23 Mar  claimed  -           -         -                 C:D+1:email      (= T3, claimed first)
 *   T13 F  D+90   email     31 Mar  sent     escalating  send      reminder          F:D+90:email
 */
const TOUCHES = [
	{ invoiceId: 'C', step: 'D-7', channel: 'email', sentAt: '2026-03-15T09:00:00Z', status: 'sent', tone: 'friendly', outcome: 'send', kind: 'reminder', dedupeKey: 'C:D-7:email' },
	{ invoiceId: 'C', step: 'D-7', channel: 'email', sentAt: '2026-03-15T09:00:00Z', status: 'sent', tone: 'friendly', outcome: 'send', kind: 'reminder', dedupeKey: 'C:D-7:email' },
	{ invoiceId: 'C', step: 'D+1', channel: 'email', sentAt: '2026-03-23T09:00:00Z', status: 'sent', tone: 'friendly', outcome: 'send', kind: 'reminder', dedupeKey: 'C:D+1:email' },
	{ invoiceId: 'C', step: 'D+1', channel: 'sms', sentAt: '2026-03-23T09:00:00Z', status: 'failed', tone: 'friendly', outcome: 'send', kind: 'reminder', dedupeKey: 'C:D+1:sms' },
	{ invoiceId: 'F', step: 'D+45', channel: 'internal', sentAt: '2026-02-14T09:00:00Z', status: 'sent', tone: 'escalating', outcome: 'approval', kind: 'approval-request', dedupeKey: 'F:D+45:approval' },
	{ invoiceId: 'F', step: 'call', channel: 'internal', sentAt: '2026-03-02T10:00:00Z', status: 'sent', kind: 'task', dedupeKey: 'F:call:human' },
	{ invoiceId: 'A', step: 'D+15', channel: 'internal', sentAt: '2026-03-01T09:00:00Z', status: 'sent', tone: 'firm', outcome: 'send', kind: 'alert', dedupeKey: 'A:D+15:internal' },
	{ invoiceId: 'A', step: 'D+21', channel: 'internal', sentAt: '2026-03-07T09:00:00Z', status: 'sent', tone: 'firm', outcome: 'approval', kind: 'approval-request', dedupeKey: 'A:D+21:approval' },
	{ invoiceId: 'A', step: 'D+21', channel: 'email', sentAt: '2026-03-09T09:00:00Z', status: 'sent', tone: 'firm', outcome: 'send', kind: 'reminder', dedupeKey: 'A:D+21:email' },
	{ invoiceId: 'J', step: 'D+1', channel: 'email', sentAt: '2026-03-30T09:00:00Z' },
	{ invoiceId: 'F', step: 'D+60', channel: 'internal', sentAt: '2026-03-20T09:00:00Z', tone: 'escalating', kind: 'approval-request' },
	{ invoiceId: 'C', step: 'D+1', channel: 'email', sentAt: '2026-03-23T08:59:00Z', status: 'claimed', dedupeKey: 'C:D+1:email' },
	{ invoiceId: 'F', step: 'D+90', channel: 'email', sentAt: '2026-03-31T09:00:00Z', status: 'sent', tone: 'escalating', outcome: 'send', kind: 'reminder', dedupeKey: 'F:D+90:email' },
];

/**
 * ar_approvals rows:
 *   P1  A  D+21  approved  sam    8 Mar   (its request T8 was on 7 Mar)
 *   P2  F  D+45  rejected  maria  3 Mar   (requested in February, T5: decided in March)
 *   P3  C  D+1   approved  sam    2 Apr   (after the period: not counted)
 */
const APPROVALS = [
	{ approvalKey: 'A:D+21:approval', invoiceId: 'A', step: 'D+21', decision: 'approved', by: 'sam', decidedAt: '2026-03-08T15:00:00Z' },
	{ approvalKey: 'F:D+45:approval', invoiceId: 'F', step: 'D+45', decision: 'rejected', by: 'maria', decidedAt: '2026-03-03T10:00:00Z' },
	{ approvalKey: 'C:D+1:approval', invoiceId: 'C', step: 'D+1', decision: 'approved', by: 'sam', decidedAt: '2026-04-02T10:00:00Z' },
];

const march = () => computeMetrics(readLedger(SMALL_LEDGER), readTouchLog(TOUCHES), { from: '2026-03-01', to: '2026-03-31' }, readApprovalLog(APPROVALS));

describe('metrics on the small ledger (hand-computed)', () => {
	const m = march();

	test('AR totals', () => {
		// begin AR (end of 28 Feb): A 1000 + B 2000 + C 500 + F 800 + J 1200 = 5500 (I was paid on 20 Feb)
		expect(m.totals.beginAR).toBe(5500);
		// net credit sales in March: D 3000 + E 1500 + G -200 = 4300 (H is void)
		expect(m.totals.sales).toBe(4300);
		// end AR (31 Mar): C 500 + D 3000 + F 800 + J 1200 + G -200 = 5300
		expect(m.totals.endAR).toBe(5300);
		// current (not yet due): D 3000; past due: C 500 + J 1200 + F 800 = 2500; unapplied credit: -200
		expect(m.totals.currentAR).toBe(3000);
		expect(m.totals.pastDueAR).toBe(2500);
		expect(m.totals.unappliedCredits).toBe(-200);
		// collections = 5500 + 4300 - 5300 = 4500 (= A 1000 + B 2000 + E 1500)
		expect(m.totals.collections).toBe(4500);
		expect(m.totals.invoices).toBe(8);
		expect(m.totals.creditNotes).toBe(1);
		expect(m.totals.excluded).toEqual({ otherCurrency: 0, void: 1 });
	});

	test('DSO: simple, count-back, best possible', () => {
		// simple = 5300 / 4300 x 31 = 38.209…
		expect(m.dso.simple).toBe(38.2);
		// count-back: March sales 4300 < 5300 -> 31 days, 1000 left; February sales B 2000 + C 500 + J 1200 = 3700
		// -> 1000 / 3700 x 28 = 7.567…; 31 + 7.567 = 38.567…
		expect(m.dso.countBack).toBe(38.6);
		// best possible = current AR 3000 / 4300 x 31 = 21.627…
		expect(m.dso.bestPossible).toBe(21.6);
	});

	test('CEI', () => {
		// (5500 + 4300 - 5300) / (5500 + 4300 - 3000) x 100 = 4500 / 6800 x 100 = 66.176…
		expect(m.cei).toBe(66.2);
	});

	test('aging buckets by count and amount', () => {
		// Current: D 3000; 1-30: C (9 days) 500 + J (4 days) 1200; 61-90: F (31 Dec -> 31 Mar = 90 days) 800
		expect(m.aging.map((b) => [b.label, b.count, b.amount])).toEqual([
			['Current', 1, 3000],
			['1-30 days', 2, 1700],
			['31-60 days', 0, 0],
			['61-90 days', 1, 800],
			['91+ days', 0, 0],
		]);
		// shares of the invoices' open amount 5500: 3000/5500, 1700/5500, 800/5500
		expect(m.aging.map((b) => b.share)).toEqual([0.5455, 0.3091, 0, 0.1455, 0]);
	});

	test('on-time payment rate', () => {
		// paid in March: A (late), B (on the due day = on time), E (early) -> 2 of 3; by amount 3500 of 4500
		expect(m.onTime).toEqual({ paid: 3, onTime: 2, rate: 0.6667, amountPaid: 4500, amountOnTime: 3500, amountRate: 0.7778 });
	});

	test('average days to pay: overall, per tier, per segment', () => {
		// days to pay: A 15 Jan -> 10 Mar = 54, B 10 Feb -> 12 Mar = 30, E 10 Mar -> 20 Mar = 10; mean 94 / 3 = 31.3
		// days late: A 24, B 0, E 0; mean 8
		expect(m.daysToPay.overall).toEqual({ group: 'all', count: 3, avgDaysToPay: 31.3, avgDaysLate: 8 });
		// tier at payment: B (0 days past due) and E (-5) pre-due; A (24) late
		expect(m.daysToPay.byTier).toEqual([
			{ group: 'pre-due', count: 2, avgDaysToPay: 20, avgDaysLate: 0 },
			{ group: 'early', count: 0, avgDaysToPay: null, avgDaysLate: null },
			{ group: 'late', count: 1, avgDaysToPay: 54, avgDaysLate: 24 },
			{ group: 'critical', count: 0, avgDaysToPay: null, avgDaysLate: null },
		]);
		expect(m.daysToPay.bySegment).toEqual([
			{ group: 'enterprise', count: 1, avgDaysToPay: 54, avgDaysLate: 24 },
			{ group: 'smb', count: 2, avgDaysToPay: 20, avgDaysLate: 0 },
		]);
	});

	test('recovery rate per tier', () => {
		// pre-due (entry = issue day, in March): D (not paid) and E (paid 20 Mar) -> 1 of 2; 1500 of 4500
		// early (entry = due + 1): C (23 Mar) and J (28 Mar), both unpaid -> 0 of 2 (B was paid on its due day: never entered)
		// late (entry = due + 15): A (1 Mar), paid 10 Mar -> 1 of 1
		// critical (entry = due + 45): A would enter on 31 Mar but was paid on 10 Mar; F entered on 14 Feb -> none
		expect(m.recovery.map((r) => [r.tier, r.entered, r.recovered, r.rate, r.amountEntered, r.amountRecovered, r.amountRate])).toEqual([
			['pre-due', 2, 1, 0.5, 4500, 1500, 0.3333],
			['early', 2, 0, 0, 1700, 0, 0],
			['late', 1, 1, 1, 1000, 1000, 1],
			['critical', 0, 0, null, 0, 0, null],
		]);
	});

	test('touch log: messages by outcome, status, channel, step, tone and kind', () => {
		// In March: T1, T3 (with T12), T4, T6, T7, T8, T9, T10, T11, T13 = 10 entries. T2 repeats T1's key, T12 is
		// T3's key claimed before it was sent (one message: the sent row is kept), T5 is in February.
		expect(m.touches.total).toBe(10);
		// outcome as logged (T1 T3 T4 T7 T9 T13 send; T8 approval) or inferred: T6's key ends in :human (a task),
		// T10 is a plain message row (send), T11 is an approval-request (approval)
		// -> send 7 (T1 T3 T4 T7 T9 T10 T13), human 1 (T6), approval 2 (T8 T11)
		expect(m.touches.byOutcome).toEqual({ send: 7, human: 1, approval: 2 });
		expect(m.touches.outcomeInferred).toBe(3);
		// delivery status: only T4 failed (a row without a status was sent)
		expect(m.touches.byStatus).toEqual({ sent: 9, failed: 1 });
		// email T1 T3 T9 T10 T13; sms T4; internal T6 T7 T8 T11
		expect(m.touches.byChannel).toEqual({ email: 5, sms: 1, internal: 4 });
		expect(m.touches.byStep).toEqual({ 'D-7': 1, 'D+1': 3, call: 1, 'D+15': 1, 'D+21': 2, 'D+60': 1, 'D+90': 1 });
		// tone where logged: friendly T1 T3 T4; firm T7 T8 T9; escalating T11 T13 (T6, T10: none)
		expect(m.touches.byTone).toEqual({ friendly: 3, firm: 3, escalating: 2 });
		expect(m.touches.byKind).toEqual({ reminder: 5, task: 1, alert: 1, 'approval-request': 2 });
	});

	test('escalations: invoice steps where a person was brought in or the tone was escalating', () => {
		// F call (human task, T6), A D+15 (internal alert, T7), A D+21 (approval request T8; its approved message T9
		// is the same step), F D+60 (approval request, T11), F D+90 (escalating tone, T13) -> 5 invoice steps.
		// Not escalations: C's friendly reminders (also the failed SMS) and J's older plain row.
		expect(m.touches.escalations).toBe(5);
		// invoices escalated: A and F, of the four with an entry in March (A, C, F, J) -> 50 %
		expect(m.touches.escalatedInvoices).toBe(2);
		expect(m.touches.invoicesTouched).toBe(4);
		expect(m.touches.escalationRate).toBe(0.5);
	});

	test('approvals: requested in the period, granted and rejected in the period, pending at its end', () => {
		// requested in March: A D+21 (T8) and F D+60 (T11); F D+45 was requested in February (T5)
		// granted in March: A D+21 (P1, 8 Mar); rejected in March: F D+45 (P2, 3 Mar: counted although asked in February)
		// C D+1's approval (P3) was decided on 2 April: outside; pending at 31 March: F D+60 (no decision)
		expect(m.touches.approvals).toEqual({ requested: 2, approved: 1, rejected: 1, pending: 1, undated: 0 });
		// Without the approvals list nothing is decided: both March requests are pending
		const bare = computeMetrics(readLedger(SMALL_LEDGER), readTouchLog(TOUCHES), { from: '2026-03-01', to: '2026-03-31' });
		expect(bare.touches.approvals).toEqual({ requested: 2, approved: 0, rejected: 0, pending: 2, undated: 0 });
		// In April the C D+1 approval counts; nothing was requested in April
		const april = computeMetrics(readLedger(SMALL_LEDGER), readTouchLog(TOUCHES), { from: '2026-04-01', to: '2026-04-30' }, readApprovalLog(APPROVALS));
		expect(april.touches.approvals).toEqual({ requested: 0, approved: 1, rejected: 0, pending: 0, undated: 0 });
	});

	test('approval decisions without a date are dated by their request, or left out with a note', () => {
		// The engine's approvals (daily-run items) have no decidedAt: A D+21's is dated by its request (7 Mar, T8);
		// B D+14 was never requested in the log: left out, with a note.
		const undated = [
			{ invoiceId: 'A', step: 'D+21', decision: 'approved', by: 'sam' },
			{ invoiceId: 'B', step: 'D+14', decision: 'Approve' },
		];
		const u = computeMetrics(readLedger(SMALL_LEDGER), readTouchLog(TOUCHES), { from: '2026-03-01', to: '2026-03-31' }, readApprovalLog(undated));
		expect(u.touches.approvals).toEqual({ requested: 2, approved: 1, rejected: 0, pending: 1, undated: 1 });
		expect(u.notes).toEqual(['1 approval decision has no date (decidedAt) and no request in the touch log to date it: left out of the approval counts.']);
		// The later of two decisions on one step stands
		const twice = [
			{ invoiceId: 'A', step: 'D+21', decision: 'rejected', decidedAt: '2026-03-07T12:00:00Z' },
			{ invoiceId: 'A', step: 'D+21', decision: 'approved', decidedAt: '2026-03-08T12:00:00Z' },
		];
		expect(computeMetrics(readLedger(SMALL_LEDGER), readTouchLog(TOUCHES), { from: '2026-03-01', to: '2026-03-31' }, readApprovalLog(twice)).touches.approvals).toMatchObject({ approved: 1, rejected: 0 });
		// Older logs that mark the approval on the touch row itself still count
		const older = readTouchLog([
			{ invoiceId: 'A', step: 'D+21', channel: 'email', sentAt: '2026-03-07T09:00:00Z', approval: 'requested' },
			{ invoiceId: 'A', step: 'D+21', channel: 'email', sentAt: '2026-03-08T09:00:00Z', tone: 'escalating', approval: 'approved' },
		]);
		// the request is an approval entry (key A:D+21:approval), the approved message a send (A:D+21:email): two entries
		const o = computeMetrics(readLedger(SMALL_LEDGER), older, { from: '2026-03-01', to: '2026-03-31' });
		expect(o.touches.byOutcome).toEqual({ approval: 1, send: 1 });
		expect(o.touches.approvals).toEqual({ requested: 1, approved: 1, rejected: 0, pending: 0, undated: 0 });
		expect(o.touches.escalations).toBe(1);
	});

	test('a check on the store (finance asked whether a claimed message went out) is not an escalation of the invoice', () => {
		const log = (rows: object[]) => computeMetrics(readLedger(SMALL_LEDGER), readTouchLog(rows), { from: '2026-03-01', to: '2026-03-31' });
		const inDoubt = { invoiceId: 'A', step: 'D+7', channel: 'internal', sentAt: '2026-03-20T15:00:00Z', dedupeKey: 'A:D+7:email:in-doubt', status: 'sent', kind: 'check', outcome: 'check' };
		const m = log([inDoubt]);
		expect([m.touches.escalations, m.touches.escalatedInvoices, m.touches.byOutcome]).toEqual([0, 0, { check: 1 }]);
		// without its outcome logged, its kind says the same
		const { outcome: _, ...noOutcome } = inDoubt;
		expect(log([noOutcome]).touches).toMatchObject({ escalations: 0, byOutcome: { check: 1 } });
		// a task for a person on the same step still is one
		expect(log([inDoubt, { ...inDoubt, dedupeKey: 'A:D+7:human', kind: 'task', outcome: 'human' }]).touches.escalations).toBe(1);
	});

	test('bad approval rows and touch rows name the row and field', () => {
		expect(() => readApprovalLog([APPROVALS[0], { invoiceId: 'A', step: 'D+21', decision: 'maybe' }])).toThrow(/approvals\[1\]\.decision: must be approved or rejected/);
		try {
			readApprovalLog([{ invoiceId: 'A', decision: 'approved', decidedAt: 'yesterday' }]);
			throw new Error('no error');
		} catch (e) {
			expect((e as ValidationError).issues.map((i) => i.field)).toEqual(['approvals[0].step', 'approvals[0].decidedAt']);
		}
		expect(() => readTouchLog([TOUCHES[0], { invoiceId: 'A', channel: 'email', sentAt: 'soon' }])).toThrow(/touches\[1\]\.sentAt/);
	});
	test('DSO trend: at each month end, AR over the trailing 90 days\' sales', () => {
		expect(m.trend).toHaveLength(6);
		expect(m.trend.map((p) => p.end)).toEqual(['2025-10-31', '2025-11-30', '2025-12-31', '2026-01-31', '2026-02-28', '2026-03-31']);
		// 31 March: window 1 Jan - 31 Mar (90 days), sales Jan 1400 + Feb 3700 + Mar 4300 = 9400; AR 5300
		// -> 5300 / 9400 x 90 = 50.7; count-back as for the period: 38.6
		const mar = m.trend[5];
		expect([mar.days, mar.sales, mar.ar, mar.dso, mar.countBackDso]).toEqual([90, 9400, 5300, 50.7, 38.6]);
		// 28 Feb: window 1 Dec - 28 Feb, sales F 800 + 1400 + 3700 = 5900; AR 5500 -> 5500 / 5900 x 90 = 83.9
		// count-back: Feb 3700 (28 days), 1800 left; January 1400 < 1800 -> 31 days, 400 left; December 800 -> 400 / 800 x 31 = 15.5
		// 28 + 31 + 15.5 = 74.5
		expect([m.trend[4].sales, m.trend[4].ar, m.trend[4].dso, m.trend[4].countBackDso]).toEqual([5900, 5500, 83.9, 74.5]);
		// 31 Dec: F 800 open, sales 800 -> 90 days; October and November: nothing issued -> undefined, AR 0
		expect(m.trend[2].dso).toBe(90);
		expect(m.trend[0].dso).toBeNull();
		expect(m.trend[1].ar).toBe(0);
		// with a 90-day period the last point equals the simple DSO
		const q = computeMetrics(readLedger(SMALL_LEDGER), [], { from: '2026-01-01', to: '2026-03-31' });
		expect(q.trend[5].dso).toBe(q.dso.simple);
	});

	test('no notes when every figure is defined', () => {
		expect(m.notes).toEqual([]);
	});
});

describe('metrics edge cases', () => {
	test('no sales in the period: DSO undefined, CEI still defined from the opening AR', () => {
		// April 2026: nothing issued. begin AR = end of March 5300; nothing paid; end AR 5300; current at 30 Apr: none
		// (D fell due on 4 Apr). CEI = (5300 + 0 - 5300) / (5300 + 0 - 0) = 0 %
		const m = computeMetrics(readLedger(SMALL_LEDGER), [], { from: '2026-04-01', to: '2026-04-30' });
		expect(m.totals.sales).toBe(0);
		expect(m.dso.simple).toBeNull();
		expect(m.dso.bestPossible).toBeNull();
		expect(m.cei).toBe(0);
		// count-back still walks back: April no sales (30 days), March 4300 < 5300 (31 days), 1000 of Feb's 3700 x 28
		expect(m.dso.countBack).toBe(68.6);
		expect(m.onTime.rate).toBeNull();
		expect(m.daysToPay.overall.avgDaysToPay).toBeNull();
		expect(m.notes.join(' ')).toMatch(/No credit sales in the period/);
		expect(m.notes.join(' ')).toMatch(/No invoice was paid in the period/);
	});

	test('empty ledger: everything zero or undefined, nothing throws', () => {
		const m = computeMetrics([], [], { from: '2026-03-01', to: '2026-03-31' });
		expect(m.totals.endAR).toBe(0);
		expect(m.dso).toEqual({ simple: null, countBack: 0, bestPossible: null });
		expect(m.cei).toBeNull();
		expect(m.aging.every((b) => b.count === 0 && b.amount === 0 && b.share === 0)).toBe(true);
	});

	test('all paid: AR zero, DSO zero, CEI 100 %, every invoice on time', () => {
		// Two invoices issued and paid on time in March: sales 300, collections 300, end AR 0
		// CEI = (0 + 300 - 0) / (0 + 300 - 0) = 100 %
		const ledger = readLedger([row('P1', '2026-03-02', '2026-03-20', 100, '2026-03-15'), row('P2', '2026-03-05', '2026-03-25', 200, '2026-03-25')]);
		const m = computeMetrics(ledger, [], { from: '2026-03-01', to: '2026-03-31' });
		expect(m.totals).toMatchObject({ sales: 300, collections: 300, beginAR: 0, endAR: 0, currentAR: 0, pastDueAR: 0 });
		expect(m.dso).toEqual({ simple: 0, countBack: 0, bestPossible: 0 });
		expect(m.cei).toBe(100);
		expect(m.onTime.rate).toBe(1);
		// days to pay: 13 and 20 -> 16.5
		expect(m.daysToPay.overall.avgDaysToPay).toBe(16.5);
	});

	test('credit notes: negative amounts lower sales and AR; applied credits leave AR', () => {
		// Invoice 1000 issued 2 Mar; credit note -250 issued 10 Mar, applied (paid) 12 Mar; invoice unpaid at the end.
		// sales = 1000 - 250 = 750; end AR = 1000 (the applied credit is gone); simple DSO = 1000 / 750 x 31 = 41.3
		const ledger = readLedger([
			row('X1', '2026-03-02', '2026-04-01', 1000, null),
			{ ...row('CN1', '2026-03-10', null, 250, '2026-03-12'), type: 'Credit Note' },
		]);
		expect(ledger[1].amount).toBe(-250);
		expect(ledger[1].creditNote).toBe(true);
		const m = computeMetrics(ledger, [], { from: '2026-03-01', to: '2026-03-31' });
		expect(m.totals.sales).toBe(750);
		expect(m.totals.endAR).toBe(1000);
		expect(m.totals.unappliedCredits).toBe(0);
		expect(m.dso.simple).toBe(41.3);
		// credit notes are neither paid invoices nor recovered
		expect(m.onTime.paid).toBe(0);
		expect(m.totals.creditNotes).toBe(1);
	});

	test('credit notes larger than the period\'s invoices: negative net sales, DSO undefined with a note', () => {
		const ledger = readLedger([row('X1', '2026-02-02', '2026-03-04', 1000, null), row('CN2', '2026-03-10', null, -300, null)]);
		const m = computeMetrics(ledger, [], { from: '2026-03-01', to: '2026-03-31' });
		expect(m.totals.sales).toBe(-300);
		expect(m.totals.endAR).toBe(700);
		expect(m.dso.simple).toBeNull();
		expect(m.notes.join(' ')).toMatch(/credit notes exceed invoices/);
	});

	test('credit notes that leave a floating-point residue: sums are exact in cents, so zero is zero', () => {
		// Two invoices of 100.10 and 789.70 issued in February, paid in March; a credit note of -889.80 issued on
		// 16 March, not yet applied. In floating point 100.10 + 789.70 - 889.80 = 1.1e-13, not 0.
		// begin AR 889.80; sales -889.80; end AR -889.80 (the unapplied credit); current AR 0.
		// CEI = (889.80 - 889.80 + 889.80) / (889.80 - 889.80 - 0): the denominator is 0 -> undefined (in floating
		// point it was 1.1e-13 and CEI came out as 782,676,357,116,067,800 %).
		const paid = readLedger([row('P1', '2026-02-02', '2026-03-04', 100.1, '2026-03-10'), row('P2', '2026-02-05', '2026-03-07', 789.7, '2026-03-12'), row('CN', '2026-03-16', null, -889.8, null)]);
		const m = computeMetrics(paid, [], { from: '2026-03-01', to: '2026-03-31' });
		expect(m.totals).toMatchObject({ beginAR: 889.8, sales: -889.8, endAR: -889.8, collections: 889.8, unappliedCredits: -889.8 });
		expect(m.cei).toBeNull();
		expect(m.notes).toContain('Nothing was collectible in the period (begin AR + sales - current AR is zero): CEI is undefined.');
		// The same invoices still open: end AR = 100.10 + 789.70 - 889.80 = 0 exactly, so count-back DSO is 0 (in
		// floating point AR was 1.1e-13 > 0 and the walk-back counted all of March: 31 days) and CEI is undefined
		// (collections 0 / collectible 0; it was 0 %).
		const open = readLedger([row('P1', '2026-02-02', '2026-03-04', 100.1, null), row('P2', '2026-02-05', '2026-03-07', 789.7, null), row('CN', '2026-03-16', null, -889.8, null)]);
		const o = computeMetrics(open, [], { from: '2026-03-01', to: '2026-03-31' });
		expect(o.totals).toMatchObject({ endAR: 0, pastDueAR: 889.8, unappliedCredits: -889.8 });
		expect(o.dso.countBack).toBe(0);
		expect(o.cei).toBeNull();
		expect(o.aging[1]).toMatchObject({ count: 2, amount: 889.8 });
	});

	test('amounts keep the reporting currency\'s minor unit (KWD: 3 decimals, JPY: none)', () => {
		// KWD 1.235 + 2.110 open: end AR 3.345 (not rounded to 3.35)
		const kwd = readLedger([{ ...row('K1', '2026-03-02', '2026-04-01', 1.235, null), currency: 'KWD' }, { ...row('K2', '2026-03-03', '2026-04-02', 2.11, null), currency: 'KWD' }]);
		expect(computeMetrics(kwd, [], { from: '2026-03-01', to: '2026-03-31' }).totals).toMatchObject({ sales: 3.345, endAR: 3.345, currentAR: 3.345 });
		const jpy = readLedger([{ ...row('Y1', '2026-03-02', '2026-04-01', 120000, null), currency: 'JPY' }]);
		expect(computeMetrics(jpy, [], { from: '2026-03-01', to: '2026-03-31' }).totals.endAR).toBe(120000);
	});

	test('recovery per tier counts what was still owed when the invoice entered the tier', () => {
		// R 1000 issued 2 Mar, due 1 Apr, 400 paid (date unknown: counted from the issue day): enters pre-due on its
		//   issue day owing 600 (not 1000), unpaid at the end.
		// S 800 issued 2 Feb, due 4 Mar, 300 paid: enters early on 5 Mar and late on 19 Mar owing 500, unpaid.
		// U 500 issued 5 Mar, due 10 Mar, paid 20 Mar: enters pre-due (5 Mar) and early (11 Mar) owing 500; recovered.
		// V 200 issued 6 Mar, 200 paid without a date: nothing owed, never enters a tier.
		const ledger = readLedger([
			row('R', '2026-03-02', '2026-04-01', 1000, null, 'smb', { amountPaid: 400 }),
			row('S', '2026-02-02', '2026-03-04', 800, null, 'smb', { amountPaid: 300 }),
			row('U', '2026-03-05', '2026-03-10', 500, '2026-03-20'),
			row('V', '2026-03-06', '2026-04-05', 200, null, 'smb', { amountPaid: 200 }),
		]);
		const m = computeMetrics(ledger, [], { from: '2026-03-01', to: '2026-03-31' });
		// pre-due: R 600 + U 500 = 1100 entered, U 500 recovered -> 1 of 2, 500 / 1100 = 0.4545
		// early: S 500 + U 500 = 1000, U recovered -> 1 of 2, 0.5; late: S 500 (entered 19 Mar), not recovered
		expect(m.recovery.map((r) => [r.tier, r.entered, r.recovered, r.amountEntered, r.amountRecovered, r.amountRate])).toEqual([
			['pre-due', 2, 1, 1100, 500, 0.4545],
			['early', 2, 1, 1000, 500, 0.5],
			['late', 1, 0, 500, 0, 0],
			['critical', 0, 0, 0, 0, null],
		]);
	});

	test('mixed currencies need a reporting currency; other rows are left out and counted', () => {
		const rows = [row('E1', '2026-03-02', '2026-03-20', 100, null), { ...row('U1', '2026-03-02', '2026-03-20', 999, null), currency: 'USD' }];
		expect(() => computeMetrics(readLedger(rows), [], { from: '2026-03-01', to: '2026-03-31' })).toThrow(/mixes currencies \(EUR, USD\)/);
		const m = computeMetrics(readLedger(rows), [], { from: '2026-03-01', to: '2026-03-31', currency: 'eur' });
		expect(m.currency).toBe('EUR');
		expect(m.totals.sales).toBe(100);
		expect(m.totals.excluded.otherCurrency).toBe(1);
	});

	test('invalid period and bucket edges are rejected naming the field', () => {
		expect(() => computeMetrics([], [], { from: '2026-03-31', to: '2026-03-01' })).toThrow(ValidationError);
		expect(() => computeMetrics([], [], { from: '2026-02-30', to: '2026-03-01' })).toThrow(/from/);
		expect(() => computeMetrics([], [], { from: '2026-03-01', to: '2026-03-31', bucketEdges: [30, 30] })).toThrow(/bucketEdges/);
	});
});

describe('ledger rows: CSV spellings, column maps, validation', () => {
	test('CSV column names, money strings and a column map', () => {
		const reader = compileLedgerMap({ paidDate: 'Settled On', invoiceId: 'Doc' });
		const [r] = readLedger(
			[{ Doc: '1001', 'Customer ID': 'C-9', 'Invoice Amount': '$1,250.50', Currency: 'usd', 'Invoice Date': '2026-01-02', 'Due Date': '2026-02-01', 'Settled On': '2026-02-03T10:00:00Z', Segment: 'SMB', 'Key Account': 'yes', Email: 'ap@example.com' }],
			reader,
		);
		expect(r).toMatchObject({ invoiceId: '1001', customerId: 'C-9', amount: 1250.5, currency: 'USD', issueDate: '2026-01-02', dueDate: '2026-02-01', paidDate: '2026-02-03', status: 'paid', segment: 'smb', keyAccount: true });
		expect(r.customer.email).toBe('ap@example.com');
	});

	test('due date from payment terms; accounting negatives; partial payments count from the issue date', () => {
		const [r] = readLedger([{ invoice_id: 'Z', customer_id: 'C', amount: '(300.00)', issue_date: '2026-01-31', payment_terms: 30, amount_paid: 100 }]);
		expect(r.amount).toBe(-300);
		expect(r.dueDate).toBe('2026-01-31');
		const [s] = readLedger([{ invoiceId: 'Y', customerId: 'C', amount: 300, issueDate: '2026-01-31', paymentTermsDays: 30, amountPaid: 100 }]);
		expect(s.dueDate).toBe('2026-03-02');
		expect(s.payments).toEqual([{ date: '2026-01-31', amount: 100 }]);
	});

	test('errors name the row and every bad field', () => {
		try {
			readLedger([row('OK', '2026-01-01', '2026-01-31', 1, null), { invoiceId: 'B', customerId: 'C', amount: 'lots', issueDate: '31/01/2026', dueDate: '2026-02-30' }]);
			throw new Error('no error');
		} catch (e) {
			expect(e).toBeInstanceOf(ValidationError);
			const fields = (e as ValidationError).issues.map((i) => i.field);
			expect(fields).toEqual(['ledger[1].amount', 'ledger[1].issueDate', 'ledger[1].dueDate']);
		}
		expect(() => compileLedgerMap({ paidOn: 'x' })).toThrow(/map.paidOn/);
		expect(() => compileLedgerMap({ paidDate: '__proto__' })).toThrow(/map.paidDate/);
		expect(() => readLedger([row('P', '2026-03-01', '2026-03-31', 10, '2026-02-01')])).toThrow(/paidDate: is before the issue date/);
		// marked paid without a date: settled from the issue date
		const [paid] = readLedger([row('Q', '2026-03-01', '2026-03-31', 10, null, 'smb', { status: 'Paid' })]);
		expect(paid).toMatchObject({ status: 'paid', paidDate: null, payments: [{ date: '2026-03-01', amount: 10 }] });
	});
});

describe('the touch log\'s one dedupe rule (core, node and CLI)', () => {
	test('one entry per dedupe key: a delivered row wins, missing fields come from the others', () => {
		const store = { invoiceId: 'C', step: 'D+1', channel: 'email', sentAt: '2026-03-23T09:00:00Z', status: 'failed', dedupeKey: 'C:D+1:email' };
		const retried = { ...store, sentAt: '2026-03-24T09:00:00Z', status: 'sent' };
		const item = { ...store, status: 'sent', sentAt: '2026-03-24T09:00:00Z', tone: 'friendly', outcome: 'send', kind: 'reminder' };
		const [one, ...rest] = dedupeTouchLog([store, retried, item].map(readTouchLogEntry));
		expect(rest).toEqual([]);
		// a failed send retried under the same key is one message, delivered on the 24th; tone and kind from the item
		expect(one).toMatchObject({ status: 'sent', sentAt: '2026-03-24T09:00:00.000Z', tone: 'friendly', kind: 'reminder', outcome: 'send', outcomeLogged: true });
		// Different keys stay apart, whatever their instants: the SMS of the same step, and a later step
		const sms = readTouchLogEntry({ ...store, channel: 'sms', dedupeKey: 'C:D+1:sms' });
		const d7 = readTouchLogEntry({ ...store, step: 'D+7', dedupeKey: undefined, sentAt: '2026-03-23T09:00:00Z' });
		expect(dedupeTouchLog([readTouchLogEntry(store), sms, d7]).map((t) => t.dedupeKey)).toEqual(['C:D+1:email', 'C:D+1:sms', 'C:D+7:email']);
	});

	test('rows without a key get the key the daily run writes', () => {
		expect(readTouchLogEntry({ invoiceId: 'A', step: 'D+1', channel: 'SMS', sentAt: '2026-03-02T09:00:00Z' }).dedupeKey).toBe('A:D+1:sms');
		expect(readTouchLogEntry({ invoiceId: 'A', step: 'D+21', channel: 'internal', sentAt: '2026-03-02T09:00:00Z', outcome: 'Needs Approval' })).toMatchObject({ dedupeKey: 'A:D+21:approval', outcome: 'approval' });
		expect(readTouchLogEntry({ invoice_id: 'A', step: 'D+45', channel: 'internal', sent_at: '2026-03-02T09:00:00Z', kind: 'task', state: 'sent' })).toMatchObject({ dedupeKey: 'A:D+45:human', outcome: 'human', status: 'sent' });
		expect(readTouchLogEntry({ invoiceId: 'A', step: 'D0', channel: 'card', sentAt: '2026-03-02T09:00:00Z', kind: 'charge' }).outcome).toBe('charge');
	});
});
