/**
 * Risk model: the checks an AR clerk would make, the leakage rule, hostile input, explainability
 * (base + contributions = score) and ranking power on a seeded synthetic ledger.
 */
import fc from 'fast-check';
import { formatDay, parseDay } from '../../nodes/core/dates';
import {
	DEFAULT_RISK_BANDS,
	DEFAULT_RISK_MODEL,
	FactorPool,
	bandOf,
	fastParseDay,
	logit,
	prepareHistory,
	RISK_FACTOR_CODES,
	scoreRisk,
	toneOf,
	type RiskConfig,
	type RiskHistoryInput,
	type RiskHistorySummary,
	type RiskInput,
	type RiskScore,
} from '../../nodes/core/risk';
import type { HistorySummary, PastInvoice } from '../../nodes/core/types';
import { evaluate, syntheticLedger } from './risk-auc';

const D = (s: string) => parseDay(s)!;
const AS_OF = D('2025-06-02');

/** A past invoice issued `ago` days before AS_OF on 30-day terms, paid `late` days after due (null = unpaid). */
function past(ago: number, late: number | null, extra: Partial<PastInvoice> = {}): PastInvoice {
	const issue = AS_OF - ago;
	return {
		invoiceId: `P${ago}`,
		issueDate: formatDay(issue),
		dueDate: formatDay(issue + 30),
		paidDate: late === null ? null : formatDay(issue + 30 + late),
		amount: 1000,
		...extra,
	};
}

/** n monthly invoices, the oldest first, settled well before AS_OF, with days late from `lateOf(i)`. */
function monthly(n: number, lateOf: (i: number) => number, extra: (i: number) => Partial<PastInvoice> = () => ({})): PastInvoice[] {
	const list: PastInvoice[] = [];
	for (let i = 0; i < n; i++) list.push(past(60 + 30 * (n - 1 - i) + 60, lateOf(i), { invoiceId: `M${i}`, ...extra(i) }));
	return list;
}

function input(history: RiskHistoryInput, over: Partial<RiskInput> = {}, invoiceOver: Partial<RiskInput['invoice']> = {}): RiskInput {
	return {
		invoice: {
			invoiceId: 'CUR',
			amount: 1000,
			balance: 1000,
			issueDate: formatDay(AS_OF),
			dueDate: formatDay(AS_OF + 30),
			disputed: false,
			autoCharge: false,
			...invoiceOver,
		},
		customer: { segment: 'other', keyAccount: false },
		history,
		asOfDay: AS_OF,
		...over,
	};
}

const list = (invoices: PastInvoice[]): RiskHistoryInput => ({ kind: 'list', invoices });
const summary = (s: HistorySummary): RiskHistoryInput => ({ kind: 'summary', summary: s });
const score = (i: RiskInput, c?: RiskConfig) => scoreRisk(i, c);
const factor = (r: RiskScore, code: string) => r.factors.find((f) => f.code === code);

function expectExplains(r: RiskScore): void {
	const sum = r.base + r.factors.reduce((a, f) => a + f.contribution, 0);
	expect(r.score).toBe(Math.max(0, Math.min(100, sum)));
	expect(Number.isInteger(r.score)).toBe(true);
	expect(r.factors.every((f) => Number.isInteger(f.contribution) && Number.isFinite(f.value))).toBe(true);
	expect(r.lateProbability).toBeGreaterThanOrEqual(0);
	expect(r.lateProbability).toBeLessThanOrEqual(1);
	expect(r.band).toBe(bandOf(r.score, { low: 30, medium: 55, high: 75 }));
	expect(r.tone).toBe(toneOf(r.band));
}

describe('bands and tone', () => {
	it('bands are inclusive upper bounds', () => {
		const b = { low: 30, medium: 55, high: 75 };
		expect([0, 30, 31, 55, 56, 75, 76, 100].map((s) => bandOf(s, b))).toEqual([
			'low', 'low', 'medium', 'medium', 'high', 'high', 'critical', 'critical',
		]);
	});
	it('low and medium are friendly, high firm, critical escalating', () => {
		expect(['low', 'medium', 'high', 'critical'].map((b) => toneOf(b as never))).toEqual(['friendly', 'friendly', 'firm', 'escalating']);
	});
	it('uses the policy bands it is given', () => {
		const r = score(input({ kind: 'none' }));
		expect(r.band).toBe('medium');
		expect(score(input({ kind: 'none' }), { bands: { low: 45, medium: 60, high: 80 } }).band).toBe('low');
	});
});

describe('no history: the documented prior', () => {
	it('scores the prior, basis prior, without crashing', () => {
		const r = score(input({ kind: 'none' }));
		expect(r.basis).toBe('prior');
		expect(r.base).toBe(41); // 50 + 10/ln2 × logit(0.35)
		expect(r.score).toBe(41);
		expect(r.lateProbability).toBeCloseTo(DEFAULT_RISK_MODEL.priorLate, 3);
		expect(r.factors.map((f) => f.code)).toEqual(['no_history']);
		expect(r.tone).toBe('friendly');
	});
	it('an empty list, a list of only future invoices and an empty summary are the prior too', () => {
		const prior = score(input({ kind: 'none' })).score;
		for (const h of [list([]), list([past(-10, 0)]), summary({ invoiceCount: 0, paidLateCount: 0, avgDaysLate: 0 })]) {
			const r = score(input(h));
			expect(r.basis).toBe('prior');
			expect(r.score).toBe(prior);
		}
	});
	it('a missing history field is the prior', () => {
		const r = score({ ...input({ kind: 'none' }), history: undefined as never });
		expect(r.basis).toBe('prior');
	});
	it('profile moves a new customer: segment, tenure, annual value', () => {
		const base = score(input({ kind: 'none' })).score;
		const publicSector = score(input({ kind: 'none' }, { customer: { segment: 'public-sector', keyAccount: false } }));
		expect(publicSector.score).toBeGreaterThan(base);
		const brandNew = score(input({ kind: 'none' }, { customer: { segment: 'other', keyAccount: false, customerSince: formatDay(AS_OF - 10) } }));
		const longStanding = score(input({ kind: 'none' }, { customer: { segment: 'other', keyAccount: false, customerSince: '2015-01-01' } }));
		expect(brandNew.score).toBeGreaterThan(base);
		expect(longStanding.score).toBeLessThan(base);
	});
});

describe('payment behaviour', () => {
	it('one late invoice of one is smoothed, not 100 %', () => {
		const r = score(input(list([past(120, 10)])));
		const ratio = factor(r, 'late_ratio')!.value;
		expect(ratio).toBeCloseTo((1 + 2 * 0.35) / 3, 3);
		expect(r.lateProbability).toBeLessThan(0.8);
	});

	it('a chronic late payer scores high or critical, with a firm or escalating tone', () => {
		const r = score(input(list(monthly(12, () => 25))));
		expect(r.basis).toBe('history');
		expect(['high', 'critical']).toContain(r.band);
		expect(['firm', 'escalating']).toContain(r.tone);
		expect(factor(r, 'late_ratio')!.contribution).toBeGreaterThan(10);
		expectExplains(r);
	});

	it('an always-on-time payer scores low and friendly', () => {
		const r = score(input(list(monthly(12, () => -5))));
		expect(r.band).toBe('low');
		expect(r.tone).toBe('friendly');
		expect(factor(r, 'late_ratio')!.contribution).toBeLessThan(0);
	});

	it('more late history scores higher (monotone in the late share)', () => {
		const scores = [0, 3, 6, 9, 12].map((lateCount) => score(input(list(monthly(12, (i) => (i < lateCount ? 12 : -4))))).score);
		for (let i = 1; i < scores.length; i++) expect(scores[i]).toBeGreaterThan(scores[i - 1]);
	});

	it('a worsening trend raises the score; an improving one lowers it', () => {
		// Same invoices, same lateness overall: 3 late by 20 days among 12, either the latest or the earliest.
		const worsening = score(input(list(monthly(12, (i) => (i >= 9 ? 20 : -3)))));
		const improving = score(input(list(monthly(12, (i) => (i < 3 ? 20 : -3)))));
		expect(factor(worsening, 'trend')!.value).toBeGreaterThan(0);
		expect(factor(improving, 'trend')!.value).toBeLessThan(0);
		expect(worsening.score).toBeGreaterThan(improving.score);
	});

	it('paying later (more days late) raises the score at the same late share', () => {
		const slightly = score(input(list(monthly(10, (i) => (i % 2 ? 2 : -5)))));
		const badly = score(input(list(monthly(10, (i) => (i % 2 ? 40 : -5)))));
		expect(badly.score).toBeGreaterThan(slightly.score);
	});

	it('paying just before the due date is riskier than paying well ahead', () => {
		const justInTime = score(input(list(monthly(10, () => 0))));
		const early = score(input(list(monthly(10, () => -15))));
		expect(justInTime.score).toBeGreaterThan(early.score);
	});

	it('other invoices overdue now raise the score', () => {
		const settled = monthly(8, () => -3);
		const without = score(input(list(settled)));
		const withOverdue = score(input(list([...settled, past(50, null)])));
		expect(factor(withOverdue, 'overdue_now')!.value).toBe(1);
		expect(withOverdue.score).toBeGreaterThan(without.score);
	});
});

describe('disputes, failed charges, partial payments, promises', () => {
	const clean = monthly(10, () => -3);

	it('a disputed invoice scores higher than the same invoice undisputed', () => {
		const a = score(input(list(clean)));
		const b = score(input(list(clean), {}, { disputed: true }));
		expect(b.score).toBeGreaterThan(a.score + 5);
		expect(factor(b, 'dispute')!.value).toBe(1);
	});

	it('the same holds without history', () => {
		const r = score(input({ kind: 'none' }, {}, { disputed: true }));
		expect(r.score).toBeGreaterThan(score(input({ kind: 'none' })).score + 10);
		expect(r.basis).toBe('prior');
	});

	it('a customer who disputes often scores higher than one who never does', () => {
		const disputing = monthly(10, () => -3, (i) => ({ disputed: i % 2 === 0 }));
		expect(score(input(list(disputing))).score).toBeGreaterThan(score(input(list(clean))).score);
	});

	it('a dispute hurts an early payer less than a just-in-time payer', () => {
		const early = monthly(10, () => -25);
		const justInTime = monthly(10, () => -1);
		const dEarly = score(input(list(early), {}, { disputed: true })).score - score(input(list(early))).score;
		const dJit = score(input(list(justInTime), {}, { disputed: true })).score - score(input(list(justInTime))).score;
		expect(dJit).toBeGreaterThan(dEarly);
	});

	it('failed charges, partial payments and broken promises raise (list)', () => {
		const base = score(input(list(clean))).score;
		const failed = score(input(list(monthly(10, () => -3, (i) => ({ failedCharges: i === 9 ? 2 : 0 })))));
		const partial = score(input(list(monthly(10, () => -3, (i) => ({ partial: i >= 8 })))));
		const broken = score(input(list(monthly(10, () => -3, (i) => ({ brokenPromises: i === 9 ? 1 : 0 })))));
		expect(failed.score).toBeGreaterThan(base);
		expect(partial.score).toBeGreaterThan(base);
		expect(broken.score).toBeGreaterThan(base);
		expect(factor(failed, 'failed_charges')!.value).toBe(2);
	});

	it('failed charges, partial payments, broken promises raise and kept promises lower (summary)', () => {
		const s: HistorySummary = { invoiceCount: 10, paidLateCount: 2, avgDaysLate: 2 };
		const base = score(input(summary(s))).score;
		expect(score(input(summary({ ...s, failedCharges: 2 }))).score).toBeGreaterThan(base);
		expect(score(input(summary({ ...s, partialPayments: 2 }))).score).toBeGreaterThan(base);
		expect(score(input(summary({ ...s, brokenPromises: 2 }))).score).toBeGreaterThan(base);
		expect(score(input(summary({ ...s, disputes: 4 }))).score).toBeGreaterThan(base);
		expect(score(input(summary({ ...s, promisesKept: 3 }))).score).toBeLessThan(base);
		expect(score(input(summary({ ...s, openPastDueCount: 2 }))).score).toBeGreaterThan(base);
	});

	it('card on file lowers the score', () => {
		expect(score(input(list(clean), {}, { autoCharge: true })).score).toBeLessThan(score(input(list(clean))).score);
	});
});

describe('invoice size, value, key account', () => {
	const hist = monthly(10, (i) => (i % 3 === 0 ? 5 : -3));

	it('an invoice much larger than usual raises the score; a smaller one does not lower it', () => {
		const usual = score(input(list(hist)));
		const large = score(input(list(hist), {}, { amount: 8000 }));
		const small = score(input(list(hist), {}, { amount: 200 }));
		expect(factor(large, 'invoice_size')!.value).toBe(8);
		expect(large.score).toBeGreaterThan(usual.score);
		expect(small.score).toBe(usual.score);
	});

	it('without history amounts, the usual size is a twelfth of the annual value', () => {
		const r = score(input({ kind: 'none' }, { customer: { segment: 'other', keyAccount: false, annualValue: 12_000 } }, { amount: 4000 }));
		expect(factor(r, 'invoice_size')!.value).toBe(4);
	});

	it('key account: no effect on the score (protection is a policy matter: approvals, tone caps)', () => {
		const a = score(input(list(hist)));
		const b = score(input(list(hist), { customer: { segment: 'other', keyAccount: true } }));
		expect(b).toEqual(a);
	});

	it('a high annual value lowers the score a little, and the effect fades with history', () => {
		const cust = (annualValue: number) => ({ customer: { segment: 'other' as const, keyAccount: false, annualValue } });
		const newLow = score(input({ kind: 'none' }, cust(10_000), { amount: 800 }));
		const newHigh = score(input({ kind: 'none' }, cust(1_000_000), { amount: 800 }));
		expect(newHigh.score).toBeLessThan(newLow.score);
		expect(newLow.score - newHigh.score).toBeLessThanOrEqual(5);
		const long = monthly(30, () => -3);
		const valueEffectNew = factor(newHigh, 'account_value')!.contribution;
		const valueEffectOld = factor(score(input(list(long), cust(1_000_000))), 'account_value')!.contribution;
		expect(Math.abs(valueEffectOld)).toBeLessThan(Math.abs(valueEffectNew));
	});

	it('reads the annual value in its currency: a ¥4,000,000 account weighs as a $27,000 one, not as a $4,000,000 one', () => {
		const cust = (annualValue: number) => ({ customer: { segment: 'other' as const, keyAccount: false, annualValue } });
		const effect = (annualValue: number, currency?: string) => factor(score(input({ kind: 'none' }, cust(annualValue), { amount: 800, currency })), 'account_value')!;
		expect(effect(4_000_000, 'JPY').contribution).toBe(effect(26_667, 'USD').contribution);
		expect(effect(4_000_000, 'JPY').contribution).not.toBe(effect(4_000_000, 'USD').contribution);
		expect(effect(4_000_000, 'JPY').value).toBe(4_000_000);
		// Without a currency (or a dollar-like one), as before.
		expect(effect(50_000).contribution).toBe(effect(50_000, 'EUR').contribution);
	});
});

describe('summary and list agree', () => {
	/** The summary a billing system would compute from the same list. */
	function summarise(invoices: PastInvoice[], withEarly = false): RiskHistorySummary {
		const paid = invoices.filter((i) => i.paidDate !== null);
		const lates = paid.map((i) => Math.max(0, D(i.paidDate!) - D(i.dueDate)));
		const recent = lates.slice(-3);
		return {
			invoiceCount: paid.length,
			paidLateCount: lates.filter((l) => l > 0).length,
			avgDaysLate: lates.reduce((a, b) => a + b, 0) / lates.length,
			recentAvgDaysLate: recent.reduce((a, b) => a + b, 0) / recent.length,
			avgAmount: paid.reduce((a, i) => a + i.amount, 0) / paid.length,
			disputes: paid.filter((i) => i.disputed).length,
			...(withEarly ? { avgDaysEarly: mean(paid.map((i) => D(i.dueDate) - D(i.paidDate!)).filter((e) => e >= 0)) } : {}),
		};
	}
	const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
	const cases: Array<[string, PastInvoice[]]> = [
		['on time', monthly(12, () => -6)],
		['chronic', monthly(12, () => 18)],
		['mixed', monthly(12, (i) => (i % 3 === 0 ? 9 : -6))],
		['worsening', monthly(12, (i) => (i > 8 ? 15 : -6))],
		['short', monthly(2, (i) => (i ? 5 : -6))],
	];
	it.each(cases)('%s: within 5 points (3 with avgDaysEarly)', (_name, invoices) => {
		const a = score(input(list(invoices)));
		const b = score(input(summary(summarise(invoices))));
		const c = score(input(summary(summarise(invoices, true))));
		expect(b.basis).toBe('summary');
		expect(Math.abs(a.score - b.score)).toBeLessThanOrEqual(5);
		expect(Math.abs(a.score - c.score)).toBeLessThanOrEqual(3);
	});

	// How far a dispute's delay pushes a payment past the due date depends on how early the customer pays:
	// a list shows it, a plain summary does not (it assumes the prior 8 days), a summary with avgDaysEarly does.
	it.each(cases)('%s, disputed: within 6 points with avgDaysEarly, same band or a neighbour without', (_name, invoices) => {
		const a = score(input(list(invoices), {}, { disputed: true }));
		const b = score(input(summary(summarise(invoices)), {}, { disputed: true }));
		const c = score(input(summary(summarise(invoices, true)), {}, { disputed: true }));
		expect(Math.abs(a.score - c.score)).toBeLessThanOrEqual(6);
		const order = ['low', 'medium', 'high', 'critical'];
		expect(Math.abs(order.indexOf(a.band) - order.indexOf(b.band))).toBeLessThanOrEqual(1);
	});
});

describe('leakage: only history known on asOfDay counts', () => {
	it('an invoice paid late after asOfDay counts as overdue now before it is paid, and as late once paid', () => {
		// Issued 80 days ago, due 50 days ago, paid 20 days from now (70 days late).
		const later = past(80, 70);
		const before = score(input(list([...monthly(6, () => -3), later])));
		expect(factor(before, 'overdue_now')!.value).toBe(1);
		expect(factor(before, 'late_ratio')!.value).toBeCloseTo((0 + 0.7) / 8, 2); // 6 settled, none late
		const afterPaid = score(input(list([...monthly(6, () => -3), later]), { asOfDay: AS_OF + 30 }));
		expect(factor(afterPaid, 'overdue_now')).toBeUndefined();
		expect(factor(afterPaid, 'late_ratio')!.value).toBeCloseTo((1 + 0.7) / 9, 2); // 7 settled, one late
	});

	it('an open invoice not yet due is neither late nor on time', () => {
		const base = monthly(6, () => -3);
		const notDue = past(10, 40); // due in 20 days, paid late in the future
		expect(score(input(list([...base, notDue]))).factors.filter((f) => f.code !== 'invoice_size')).toEqual(
			score(input(list(base))).factors.filter((f) => f.code !== 'invoice_size'),
		);
	});

	it('a payment on asOfDay itself counts as settled', () => {
		const paidToday = past(40, 10); // due 10 days ago, paid today
		expect(factor(score(input(list([paidToday]))), 'late_ratio')).toBeDefined();
		expect(factor(score(input(list([paidToday]))), 'overdue_now')).toBeUndefined();
	});

	it('invoices issued after asOfDay are ignored entirely', () => {
		const base = monthly(6, () => -3);
		const future = { ...past(-5, 90), amount: 1e6, disputed: true, failedCharges: 3, brokenPromises: 2 };
		expect(score(input(list([...base, future])))).toEqual(score(input(list(base))));
	});

	it('the invoice being scored is excluded from its own history', () => {
		const base = monthly(6, () => -3);
		const self = { ...past(0, 60), invoiceId: 'CUR' };
		const r = score(input(list([...base, self]), { asOfDay: AS_OF + 100 }));
		expect(r).toEqual(score(input(list(base), { asOfDay: AS_OF + 100 })));
	});

	it('an invoice its own prepared history lists as settled is left out, after another invoice of it was scored', () => {
		const base = monthly(6, () => -3);
		const self = { ...past(0, 60), invoiceId: 'CUR' };
		const prepared = prepareHistory([...base, self]); // frozen: the settled part is kept per day
		const day = { asOfDay: AS_OF + 100 };
		const other = score(input(prepared, day, { invoiceId: 'OTHER' }));
		expect(other).toEqual(score(input(list([...base, self]), day, { invoiceId: 'OTHER' })));
		expect(score(input(prepared, day))).toEqual(score(input(list(base), day)));
		expect(score(input(prepared, day, { invoiceId: 'OTHER' }))).toEqual(other);
	});
});

describe('hostile input', () => {
	const good = monthly(6, () => 4);

	it('skips invalid entries, counts them, and never throws or returns NaN', () => {
		const bad = [
			{ ...past(100, 3), amount: NaN },
			{ ...past(100, 3), amount: -5 },
			{ ...past(100, 3), issueDate: '2025-02-30' },
			{ ...past(100, 3), dueDate: 'yesterday' },
			{ ...past(100, 3), paidDate: '06/01/2025' },
			null,
			42,
			{ ...past(100, 3), amount: Infinity },
		] as unknown as PastInvoice[];
		const r = score(input(list([...good, ...bad])));
		expect(factor(r, 'skipped_history')!.value).toBe(bad.length);
		expect(factor(r, 'skipped_history')!.contribution).toBe(0);
		expect(r.score).toBe(score(input(list(good))).score);
		expectExplains(r);
	});

	it('survives garbage summaries, lists and profiles', () => {
		const inputs: RiskInput[] = [
			input(summary({ invoiceCount: NaN, paidLateCount: -3, avgDaysLate: Infinity } as HistorySummary)),
			input(summary({ invoiceCount: 5, paidLateCount: 50, avgDaysLate: -1, recentAvgDaysLate: NaN, avgAmount: -1 })),
			input({ kind: 'summary', summary: null } as unknown as RiskHistoryInput),
			input({ kind: 'list', invoices: 'nope' } as unknown as RiskHistoryInput),
			input({ kind: 'mystery' } as unknown as RiskHistoryInput),
			input(list(good), { asOfDay: NaN }),
			input(list(good), { customer: { segment: 'galactic' as never, keyAccount: false, annualValue: NaN, customerSince: 'x' } }),
			input(list(good), {}, { amount: NaN, invoiceId: undefined as never }),
		];
		for (const i of inputs) {
			const r = score(i);
			expect(Number.isFinite(r.score)).toBe(true);
			expect(Number.isFinite(r.lateProbability)).toBe(true);
			expectExplains(r);
		}
	});

	it('a NaN asOfDay uses no history (nothing can be shown to be known) and flags it', () => {
		const r = score(input(list(good), { asOfDay: NaN }));
		expect(r.basis).toBe('prior');
		expect(factor(r, 'skipped_history')!.value).toBe(1);
	});

	it('accepts day numbers in place of date strings', () => {
		const asNumbers = good.map((g) => ({
			...g,
			issueDate: D(g.issueDate) as unknown as string,
			dueDate: D(g.dueDate) as unknown as string,
			paidDate: D(g.paidDate!) as unknown as string,
		}));
		expect(score(input(list(asNumbers)))).toEqual(score(input(list(good))));
	});
});

describe('explainability and determinism (generated histories)', () => {
	const entry = fc.record({
		ago: fc.integer({ min: -30, max: 900 }),
		late: fc.option(fc.integer({ min: -40, max: 150 }), { nil: null }),
		amount: fc.oneof(fc.double({ min: 0, max: 1e6, noNaN: true }), fc.constant(NaN), fc.constant(-1)),
		disputed: fc.boolean(),
		failedCharges: fc.integer({ min: 0, max: 4 }),
		partial: fc.boolean(),
		brokenPromises: fc.integer({ min: 0, max: 3 }),
	});
	const arb = fc.record({
		entries: fc.array(entry, { maxLength: 40 }),
		disputed: fc.boolean(),
		autoCharge: fc.boolean(),
		amount: fc.double({ min: 0, max: 1e6, noNaN: true }),
		segment: fc.constantFrom('enterprise', 'mid-market', 'smb', 'consumer', 'public-sector', 'other'),
		annualValue: fc.option(fc.double({ min: 0, max: 1e8, noNaN: true }), { nil: undefined }),
		sinceAgo: fc.option(fc.integer({ min: -100, max: 5000 }), { nil: undefined }),
	});
	type Gen = typeof arb extends fc.Arbitrary<infer T> ? T : never;
	const build = (g: Gen): RiskInput =>
		input(
			list(g.entries.map((e, i) => ({ ...past(e.ago, e.late, e), invoiceId: `G${i}` }))),
			{
				customer: {
					segment: g.segment,
					keyAccount: false,
					annualValue: g.annualValue,
					customerSince: g.sinceAgo === undefined ? undefined : formatDay(AS_OF - g.sinceAgo),
				},
			},
			{ disputed: g.disputed, autoCharge: g.autoCharge, amount: g.amount },
		);

	it('base + contributions = score; band and tone follow; probability is in [0, 1]', () => {
		fc.assert(
			fc.property(arb, (g) => {
				expectExplains(score(build(g)));
			}),
			{ numRuns: 400 },
		);
	});

	it('is deterministic and a prepared history gives the same result', () => {
		fc.assert(
			fc.property(arb, (g) => {
				const i = build(g);
				const a = score(i);
				expect(score(i)).toEqual(a);
				const invoices = (i.history as { invoices: PastInvoice[] }).invoices;
				expect(score({ ...i, history: prepareHistory(invoices) })).toEqual(a);
			}),
			{ numRuns: 200 },
		);
	});

	it('only what was known on the scoring day counts: what happened after it changes nothing (list and prepared)', () => {
		// Another course of events after AS_OF for each entry: a later payment day (or none), and for an invoice
		// issued after AS_OF anything at all (an amount that was valid stays valid: invalid entries are counted).
		const after = fc.record({
			late: fc.option(fc.integer({ min: -40, max: 400 }), { nil: null }),
			amount: fc.double({ min: 0, max: 1e6, noNaN: true }),
			disputed: fc.boolean(),
			failedCharges: fc.integer({ min: 0, max: 4 }),
			partial: fc.boolean(),
			brokenPromises: fc.integer({ min: 0, max: 3 }),
		});
		fc.assert(
			fc.property(arb, fc.array(after, { minLength: 40, maxLength: 40 }), (g, alts) => {
				const known = build(g);
				const entries = g.entries.map((e, i) => {
					const a = alts[i];
					const issue = AS_OF - e.ago;
					if (issue > AS_OF) return { ...e, ...a, amount: e.amount >= 0 && e.amount < Infinity ? a.amount : e.amount };
					const paid = e.late === null ? null : issue + 30 + e.late;
					if (paid !== null && paid <= AS_OF) return e; // settled by AS_OF: known
					// Unpaid on AS_OF: paid on some later day, or still unpaid.
					return { ...e, late: a.late === null ? null : Math.max(a.late, AS_OF + 1 - (issue + 30)) };
				});
				const other = build({ ...g, entries });
				const expected = score(known);
				expect(score(other)).toEqual(expected);
				const invoices = (other.history as { invoices: PastInvoice[] }).invoices;
				expect(score({ ...other, history: prepareHistory(invoices) })).toEqual(expected);
			}),
			{ numRuns: 300 },
		);
	});

	it('lateProbability rises with the score', () => {
		const samples = fc.sample(arb, { numRuns: 300, seed: 7 }).map((g) => score(build(g)));
		const inRange = samples.filter((r) => r.score > 0 && r.score < 100).sort((a, b) => a.score - b.score);
		for (let i = 1; i < inRange.length; i++) {
			if (inRange[i].score > inRange[i - 1].score + 1) expect(inRange[i].lateProbability).toBeGreaterThan(inRange[i - 1].lateProbability);
		}
	});

	it('factor codes are from the documented list, in its order', () => {
		fc.assert(
			fc.property(arb, (g) => {
				const idx = score(build(g)).factors.map((f) => RISK_FACTOR_CODES.indexOf(f.code as never));
				expect(idx.every((x) => x >= 0)).toBe(true);
				expect([...idx].sort((a, b) => a - b)).toEqual(idx);
			}),
			{ numRuns: 100 },
		);
	});
});

describe('helpers', () => {
	it('fastParseDay agrees with parseDay', () => {
		fc.assert(
			fc.property(fc.integer({ min: -700_000, max: 2_900_000 }), (day) => {
				const text = formatDay(day);
				expect(fastParseDay(text)).toBe(parseDay(text));
			}),
			{ numRuns: 2000 },
		);
		fc.assert(
			fc.property(fc.string({ maxLength: 12 }), (text) => {
				expect(fastParseDay(text)).toBe(parseDay(text));
			}),
		);
		const tricky = ['2024-02-29', '2025-02-29', '1900-02-29', '2000-02-29', '0099-12-31', '0100-01-01', '2024-04-31', '2024-00-01', '2024-1-01', '2024/01/01', '２０２４-01-01'];
		for (const t of tricky) expect(fastParseDay(t)).toBe(parseDay(t));
	});

	it('logit is finite at 0 and 1', () => {
		expect(Number.isFinite(logit(0))).toBe(true);
		expect(Number.isFinite(logit(1))).toBe(true);
	});
});

describe('ranking power on a seeded synthetic ledger', () => {
	// Customers with a latent payment habit, drift, dispute propensity and cash stress (see syntheticLedger).
	it.each([11, 12])('seed %i: AUC beats the prior-late-ratio baseline by a margin', (seed) => {
		const r = evaluate(syntheticLedger(seed), { prepared: true });
		expect(r.model).toBeGreaterThan(0.75);
		expect(r.model).toBeGreaterThan(r.baseline + 0.02);
		expect(r.withHistory.model).toBeGreaterThan(r.withHistory.baseline + 0.02);
	});
});

describe('FactorPool (equal factors shared, bounded)', () => {
	const factor = fc.record({
		code: fc.integer({ min: 0, max: RISK_FACTOR_CODES.length - 1 }),
		k: fc.integer({ min: -999_999_999, max: 999_999_999 }),
		contribution: fc.integer({ min: -4096, max: 4096 }),
	});

	test('always gives the factor asked for, whatever was in its slot before', () => {
		const pool = new FactorPool();
		fc.assert(
			fc.property(fc.array(factor, { minLength: 1, maxLength: 200 }), (asks) => {
				for (const { code, k, contribution } of asks) {
					const f = pool.get(code, k, contribution);
					expect(f).toEqual({ code: RISK_FACTOR_CODES[code], label: expect.any(String), value: k / 1000, contribution: contribution === 0 ? 0 : contribution });
					expect(Object.isFrozen(f)).toBe(true);
				}
			}),
			{ numRuns: 300 },
		);
	});

	test('equal factors asked close together are one object; the pool never holds more than its slots', () => {
		const pool = new FactorPool();
		const a = pool.get(1, 420, 3);
		expect(pool.get(1, 420, 3)).toBe(a);
		expect(pool.get(1, 421, 3)).not.toBe(a);
		expect(pool.get(2, 420, 3)).not.toBe(a);
		// Far more distinct factors than slots: every one still comes back right, and the pool keeps no more.
		const held = new Set<object>();
		for (let i = 0; i < FactorPool.SLOTS * 3; i++) held.add(pool.get(i % RISK_FACTOR_CODES.length, i, (i % 9) - 4));
		const slots = (pool as unknown as { factors: object[] }).factors;
		expect(slots).toHaveLength(FactorPool.SLOTS);
		expect(held.size).toBe(FactorPool.SLOTS * 3);
	});

	test('scores are the same with a pool as without, and a customer\'s invoices share their equal factors', () => {
		const pool = new FactorPool();
		const history = prepareHistory([
			{ invoiceId: 'P1', issueDate: '2026-01-01', dueDate: '2026-01-31', paidDate: '2026-02-10', amount: 1200 },
			{ invoiceId: 'P2', issueDate: '2026-02-01', dueDate: '2026-03-03', paidDate: '2026-03-01', amount: 900 },
		]);
		const customer = { segment: 'smb' as const, keyAccount: false, annualValue: 24000, customerSince: '2024-05-01' };
		const score = (invoiceId: string, amount: number, config?: RiskConfig) =>
			scoreRisk({ invoice: { invoiceId, amount, balance: amount, issueDate: '2026-03-01', dueDate: '2026-03-31', currency: 'USD', disputed: false, autoCharge: false }, customer, history, asOfDay: parseDay('2026-03-20') as number }, config);
		const one = score('I1', 1000, { bands: DEFAULT_RISK_BANDS, pool });
		const two = score('I2', 5000, { bands: DEFAULT_RISK_BANDS, pool });
		expect(one).toEqual(score('I1', 1000));
		expect(two).toEqual(score('I2', 5000));
		// Every factor of the second equal to one of the first is that object (the invoice's own ones included).
		let shared = 0;
		for (const f of two.factors) {
			const same = one.factors.find((g) => g.code === f.code && g.value === f.value && g.contribution === f.contribution);
			if (same) {
				expect(f).toBe(same);
				if (!['late_ratio', 'days_late', 'trend', 'payment_headroom'].includes(f.code)) shared++;
			}
		}
		expect(shared).toBeGreaterThan(0);
	});
});
