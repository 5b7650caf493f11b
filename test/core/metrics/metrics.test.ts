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
import { computeMetrics, compileLedgerMap, readLedger, readTouchLog } from '../../../nodes/core/metrics';
import { ValidationError } from '../../../nodes/core/errors';
import { row, SMALL_LEDGER } from './fixtures';

const TOUCHES = [
	{ invoiceId: 'C', step: 'D-7', channel: 'email', sentAt: '2026-03-15T09:00:00Z', status: 'sent', dedupeKey: 'C:D-7:email' },
	{ invoiceId: 'C', step: 'D-7', channel: 'email', sentAt: '2026-03-15T09:00:00Z', status: 'sent', dedupeKey: 'C:D-7:email' }, // logged twice: counts once
	{ invoiceId: 'C', step: 'D+1', channel: 'email', sentAt: '2026-03-23T09:00:00Z', status: 'sent' },
	{ invoiceId: 'C', step: 'D+1', channel: 'sms', sentAt: '2026-03-23T09:00:00Z', status: 'failed' },
	{ invoiceId: 'F', step: 'D+45', channel: 'internal', sentAt: '2026-02-14T09:00:00Z' }, // February: outside the period
	{ invoiceId: 'F', step: 'call', channel: 'internal', sentAt: '2026-03-02T10:00:00Z', outcome: 'human' },
	{ invoiceId: 'A', step: 'D+21', channel: 'email', sentAt: '2026-03-07T09:00:00Z', tone: 'escalating', outcome: 'approval', approval: 'requested' },
	{ invoiceId: 'A', step: 'D+21', channel: 'email', sentAt: '2026-03-08T09:00:00Z', tone: 'escalating', status: 'sent', approval: 'approved' },
];

const march = () => computeMetrics(readLedger(SMALL_LEDGER), readTouchLog(TOUCHES), { from: '2026-03-01', to: '2026-03-31' });

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

	test('touch log: messages by outcome, channel and step, escalations, approvals', () => {
		// 6 entries in March (the duplicate counts once, the February alert is outside)
		expect(m.touches.total).toBe(6);
		expect(m.touches.byOutcome).toEqual({ sent: 3, failed: 1, human: 1, approval: 1 });
		expect(m.touches.byChannel).toEqual({ email: 4, sms: 1, internal: 1 });
		expect(m.touches.byStep).toEqual({ 'D-7': 1, 'D+1': 2, call: 1, 'D+21': 2 });
		// internal alert (F) + two escalating-tone messages (A)
		expect(m.touches.escalations).toBe(3);
		expect(m.touches.approvals).toEqual({ requested: 1, approved: 1, rejected: 0 });
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
