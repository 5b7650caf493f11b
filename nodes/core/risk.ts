/**
 * Risk model: how likely is it that this invoice will be paid late, and why.
 *
 * ## The model (a points scorecard over a logistic model)
 *
 * Every factor adds log-odds to a prior. The score is the log-odds on a points scale where
 * **10 points double the odds of paying late** and 50 points means even odds:
 *
 *     score = clamp(0, 100, round(50 + POINTS_PER_LOGIT * logit(p)))      POINTS_PER_LOGIT = 10 / ln 2 ≈ 14.43
 *     logit(p) = logit(P0) + Σ factor log-odds
 *
 * so `base + Σ factor.contribution = score` before clamping (contributions are whole points, rounded
 * cumulatively in factor order so that the sum is exact). With the default prior P0 = 35 % the base is
 * 41 points. `lateProbability` is `sigmoid(logit)` from the unrounded log-odds. With the default bands
 * (low ≤ 30, medium ≤ 55, high ≤ 75) the bands mean: low p ≤ 20 %, medium ≤ 59 %, high ≤ 85 %, critical above.
 *
 * Factors, in output order (log-odds weights are in {@link DEFAULT_RISK_MODEL}):
 *
 * | code               | value                                   | log-odds                                                     |
 * |--------------------|-----------------------------------------|--------------------------------------------------------------|
 * | no_history         | 0                                       | 0 (marks a prior-only score)                                 |
 * | late_ratio         | smoothed share paid late                | 1.0 × (logit(r̂) − logit(P0)), r̂ = (late + 2·P0)/(n + 2)      |
 * | days_late          | smoothed mean days late                 | 0.07 per day above 3 (mean capped at 60)                     |
 * | trend              | recent − overall mean days late         | 0.07 per day (±20 days): worsening raises, improving lowers  |
 * | payment_headroom   | mean days early when paid on time       | −0.09 per day beyond 8 (list, or summary.avgDaysEarly)       |
 * | overdue_now        | other invoices overdue at asOfDay       | 1.0 × log2(1 + count)                                        |
 * | dispute            | 1 if this invoice is disputed, else the | 1.25 × (logit(p_d) − logit(r̂)) − (value at the prior),        |
 * |                    | customer's smoothed dispute rate        | p_d = late chance once a dispute's delay (14 d) is added     |
 * | failed_charges     | count                                   | 0.4 × log2(1 + count)                                        |
 * | partial_payments   | count                                   | 0.25 × log2(1 + count)                                       |
 * | broken_promises    | count                                   | 0.6 × log2(1 + count)                                        |
 * | promises_kept      | count (summary only)                    | −0.2 × log2(1 + count)                                       |
 * | auto_charge        | 1                                       | −0.7 (card on file / direct debit collects by itself)        |
 * | invoice_size       | amount ÷ customer's usual amount        | 0.3 × log2(ratio), only above 1×, at most 3 doublings        |
 * | segment            | fade                                    | fade × {public-sector .3, consumer .2, enterprise .15, smb .1} |
 * | tenure             | months as a customer                    | fade × (0.4 new → 0 at 24 months → −0.2 at 60+ months)      |
 * | account_value      | annual value                            | fade × −0.1 × log10(value / 10 000), clamped to [−1, 2] decades |
 * | skipped_history    | history entries skipped as invalid      | 0 (a data-quality flag)                                      |
 *
 * Profile factors (segment, tenure, account value) *fade* as history accumulates:
 * `fade = 4 / (4 + n)` (n = settled invoices), so a new customer is judged on its profile and an established one on its behaviour.
 * `keyAccount` has **no** effect on the score: risk measures payment behaviour; key-account protection is a
 * policy matter (approval before a firm tone, see stops). A high annual value lowers the score slightly.
 *
 * ### Behaviour measured on what the customer controls
 * A disputed past invoice is usually late because of the dispute, not the customer's habit. Habit factors
 * (late ratio, days late, trend, headroom) therefore subtract a dispute allowance of 14 days from disputed
 * past invoices; the dispute factor then adds the dispute's effect for *this* invoice: the share of the
 * customer's past payments that would have been late with 14 more days (smoothed). An invoice not (yet)
 * disputed carries the customer's dispute propensity q: `p_d = (1 − q)·r̂ + q·p(late | disputed)`.
 * The factor is zero for a customer at the prior, negative for a customer that never disputes.
 * A summary has no payment dates: it takes on-time payments as spread exponentially before the due date
 * with mean `avgDaysEarly` (a {@link RiskHistorySummary} extra) or the prior 8 days. A summary's late count
 * cannot exclude dispute delays, so a disputing customer scores somewhat higher from a summary than from its list.
 *
 * ### What the score is not
 * It is the customer's propensity to pay *this* invoice late, from behaviour known on `asOfDay`; it does
 * not add the invoice's own days past due (that is aging's job, so tiers and risk do not count it twice).
 *
 * ### Leakage rule (raw list)
 * Only what was known on `asOfDay` counts: an invoice issued after it is ignored; one paid on or before it is
 * settled (on time / late); one unpaid then and due before it is *overdue now* (known late so far); the
 * invoice being scored (same invoiceId) is excluded. Disputes and partial payments count for settled invoices;
 * failed charges and broken promises (which the raw record does not date, and which cannot happen before
 * the due date) for settled and overdue-now invoices.
 *
 * ### Smoothing
 * Ratios and means shrink toward the prior with the strength of 2 invoices (dispute rate: 3), so one late
 * invoice out of one gives 57 %, not 100 %.
 *
 * ### Speed
 * No luxon, no Date objects: dates are parsed by {@link fastParseDay} (integer arithmetic, same results as
 * `parseDay`). A raw list is consumed in one linear pass without allocation; {@link prepareHistory} parses a
 * list once when the same customer's history scores many invoices.
 *
 * The weights were tuned on the public IBM "accounts receivable" sample with a time split, then rounded
 * and kept general; see test/core/risk-auc.test.ts.
 */
import { policyAmount } from './money';
import type {
	Customer,
	HistoryInput,
	PreparedEntry,
	PreparedHistory,
	HistorySummary,
	Invoice,
	PastInvoice,
	RiskBand,
	RiskFactor,
	RiskResult,
	Segment,
	Tone,
} from './types';

export type { PreparedEntry, PreparedHistory };

// ---------------------------------------------------------------------------------------------
// Configuration

/** Band upper bounds (inclusive) from policy.risk.bands; above `high` is critical. */
export interface RiskBands {
	low: number;
	medium: number;
	high: number;
}

/** The model's parameters. All weights are in log-odds (natural log). */
export interface RiskModelParams {
	/** Prior probability of paying late for a customer we know nothing about. */
	priorLate: number;
	/** Prior probability of paying late when the invoice is disputed. */
	priorLateDisputed: number;
	/** Pseudo-invoices of prior in smoothed ratios and means. */
	priorStrength: number;
	/** Prior dispute rate, and its strength in pseudo-invoices. */
	priorDisputeRate: number;
	disputeRateStrength: number;
	/** Typical extra days a dispute adds before payment. */
	disputeDelayDays: number;
	/** Softness (days) of the "would have been late with a dispute" count. */
	disputeKernelDays: number;
	/** Prior mean days late, and mean days early when paid on time. */
	priorDaysLate: number;
	priorDaysEarly: number;
	/** Number of most recent settled invoices in "recent days late". */
	recentCount: number;
	/** Pseudo-invoices in the profile fade: fade = k / (k + n). */
	profileFadeStrength: number;
	weights: {
		lateRatio: number;
		daysLate: number;
		trend: number;
		headroom: number;
		overdueNow: number;
		dispute: number;
		failedCharges: number;
		partialPayments: number;
		brokenPromises: number;
		promisesKept: number;
		autoCharge: number;
		invoiceSize: number;
		segment: Record<Segment, number>;
		/** Tenure effect at 0 months, and at 60+ months (linear to 0 at 24 months, then to the latter). */
		tenureNew: number;
		tenureLong: number;
		/** Per decade of annual value above 10 000. */
		accountValue: number;
	};
}

export const DEFAULT_RISK_MODEL: Readonly<RiskModelParams> = Object.freeze({
	priorLate: 0.35,
	priorLateDisputed: 0.7,
	priorStrength: 2,
	priorDisputeRate: 0.15,
	disputeRateStrength: 3,
	disputeDelayDays: 14,
	disputeKernelDays: 3,
	priorDaysLate: 3,
	priorDaysEarly: 8,
	recentCount: 3,
	profileFadeStrength: 4,
	weights: Object.freeze({
		lateRatio: 1.0,
		daysLate: 0.07,
		trend: 0.07,
		headroom: -0.09,
		overdueNow: 1.0,
		dispute: 1.25,
		failedCharges: 0.4,
		partialPayments: 0.25,
		brokenPromises: 0.6,
		promisesKept: -0.2,
		autoCharge: -0.7,
		invoiceSize: 0.3,
		segment: Object.freeze({
			enterprise: 0.15,
			'mid-market': 0,
			smb: 0.1,
			consumer: 0.2,
			'public-sector': 0.3,
			other: 0,
		}),
		tenureNew: 0.4,
		tenureLong: -0.2,
		accountValue: -0.1,
	}),
}) as Readonly<RiskModelParams>;

export interface RiskConfig {
	/** policy.risk.bands; defaults low ≤ 30, medium ≤ 55, high ≤ 75. */
	bands: RiskBands;
	/** Model parameters (for evaluation and tuning); defaults to {@link DEFAULT_RISK_MODEL}. */
	model?: RiskModelParams;
	/** Share equal factor objects between results (one pool per run, see {@link FactorPool}). */
	pool?: FactorPool;
}

/** A {@link FactorPool} has 2^POOL_BITS slots. */
const POOL_BITS = 15;

/**
 * Equal factors (same code, value and contribution) as one frozen object: a customer's invoices repeat most
 * factors (profile, habit), and 100,000 decisions kept in memory otherwise hold ten small objects each.
 *
 * A bounded, direct-mapped cache keyed by numbers only (no key string, no Map entry per factor): a factor's slot
 * is a hash of (code, value in thousandths, contribution); a hit returns the object already there, a miss makes
 * the factor and puts it in the slot (replacing whatever was there). So equal factors met close together (a
 * customer's invoices, decided one after the other; the same customer on the next day's run) share one object,
 * and the pool never holds more than {@link FactorPool.SLOTS} factors however long the process runs. Factors are
 * frozen values with no customer data (a code, its label, two numbers), so one pool may serve every engine.
 */
export class FactorPool {
	/** Slots: 2^15 (32,768). */
	static readonly SLOTS = 1 << POOL_BITS;
	/**
	 * Each slot's key as two numbers side by side (one memory read for both, the cache line of the slot's neighbours):
	 * at 2i the value in thousandths, at 2i + 1 the code and contribution as one number (-1: empty).
	 */
	private readonly keys = new Int32Array(2 * FactorPool.SLOTS).fill(-1);
	private readonly factors: RiskFactor[] = new Array<RiskFactor>(FactorPool.SLOTS).fill(NO_FACTOR);

	/**
	 * The factor (code, value, contribution) with its value given in thousandths (`k / 1000` is the value:
	 * what round3 gives). Callers pool only |k| < 1e9, a contribution within ±4096, and no -0.
	 */
	get(code: number, k: number, contribution: number): RiskFactor {
		const tag = code * 8193 + contribution + 4096; // codes 0..16 and contributions -4096..4096: one number each, >= 0
		const h = Math.imul(k ^ Math.imul(tag, 0x85ebca6b), 0x9e3779b1);
		const i = h >>> (32 - POOL_BITS); // the hash's top bits
		const keys = this.keys;
		if (keys[2 * i] === k && keys[2 * i + 1] === tag) return this.factors[i];
		const f = Object.freeze(makeFactor(code, k / 1000, contribution));
		keys[2 * i] = k;
		keys[2 * i + 1] = tag;
		this.factors[i] = f;
		return f;
	}
}

/** What an empty slot of a {@link FactorPool} holds (never returned: an empty slot's tag is -1, which no factor has). */
const NO_FACTOR: RiskFactor = Object.freeze({ code: '', label: '', value: 0, contribution: 0 });

function makeFactor(code: number, value: number, contribution: number): RiskFactor {
	return { code: RISK_FACTOR_CODES[code], label: LABEL_BY_INDEX[code], value, contribution };
}

export const DEFAULT_RISK_BANDS: Readonly<RiskBands> = Object.freeze({ low: 30, medium: 55, high: 75 });
export const DEFAULT_RISK_CONFIG: Readonly<RiskConfig> = Object.freeze({ bands: DEFAULT_RISK_BANDS });

/** Points per unit of log-odds: 10 points double the odds. */
export const POINTS_PER_LOGIT = 10 / Math.LN2;
/** Score of even odds (p = 50 %). */
export const EVEN_ODDS_SCORE = 50;

// ---------------------------------------------------------------------------------------------
// Inputs and outputs

/**
 * A history summary, optionally with the mean days early of on-time payments (which a raw list shows and
 * {@link HistorySummary} lacks); with it, a summary scores like the list it summarises.
 */
export interface RiskHistorySummary extends HistorySummary {
	/** Mean days before the due date of the invoices paid on time. */
	avgDaysEarly?: number;
}

export type RiskHistoryInput = HistoryInput | { kind: 'summary'; summary: RiskHistorySummary } | PreparedHistory;

export interface RiskInput {
	/** `currency` (optional) puts the annual value on the model's dollar-like scale (money.ts policyAmount). */
	invoice: Pick<Invoice, 'invoiceId' | 'amount' | 'balance' | 'issueDate' | 'dueDate' | 'disputed' | 'autoCharge'> & { currency?: string };
	customer: Pick<Customer, 'segment' | 'keyAccount' | 'annualValue' | 'customerSince'>;
	/** Raw list of past invoices (dates as YYYY-MM-DD, or day numbers), a summary, a prepared list, or none. */
	history: RiskHistoryInput;
	/** Day number (dates.ts) of scoring: only history known on that day counts. */
	asOfDay: number;
}

/** The risk result plus the base points the contributions add to. */
export interface RiskScore extends RiskResult {
	/** Points before any factor: the prior. score = clamp(base + Σ contributions). */
	base: number;
}

// ---------------------------------------------------------------------------------------------
// Small pure helpers

/** Band of a score: ≤ low → low, ≤ medium → medium, ≤ high → high, else critical. */
export function bandOf(score: number, bands: RiskBands = DEFAULT_RISK_BANDS): RiskBand {
	if (score <= bands.low) return 'low';
	if (score <= bands.medium) return 'medium';
	if (score <= bands.high) return 'high';
	return 'critical';
}

/**
 * Recommended tone of a band. Low and medium stay friendly (most late payers simply forgot),
 * high is firm, critical escalates. The policy may still cap the tone per step and key account.
 */
export function toneOf(band: RiskBand): Tone {
	if (band === 'high') return 'firm';
	if (band === 'critical') return 'escalating';
	return 'friendly';
}

/** Natural log-odds, with p kept inside (0.001, 0.999). */
export function logit(p: number): number {
	const q = p < 0.001 ? 0.001 : p > 0.999 ? 0.999 : p;
	return Math.log(q / (1 - q));
}

export function sigmoid(z: number): number {
	return 1 / (1 + Math.exp(-z));
}

function clamp(x: number, lo: number, hi: number): number {
	return x < lo ? lo : x > hi ? hi : x;
}

/** A finite non-negative number, else 0 (counts and amounts from untrusted records). */
function nonNeg(x: unknown): number {
	return typeof x === 'number' && x > 0 && x < Infinity ? x : 0;
}

/** A count: a finite non-negative number floored, else 0. */
function count(x: unknown): number {
	return typeof x === 'number' && x > 0 && x < Infinity ? Math.floor(x) : 0;
}

const DAYS_BEFORE_MONTH = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];

function isLeap(y: number): boolean {
	return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function digit(s: string, i: number): number {
	const c = s.charCodeAt(i) - 48;
	return c >= 0 && c <= 9 ? c : -1;
}

/**
 * Parse `YYYY-MM-DD` strictly to a day number without Date objects (same results as dates.ts `parseDay`,
 * including rejecting 2025-02-30 and years before 100). Returns null when invalid.
 */
export function fastParseDay(s: unknown): number | null {
	if (typeof s !== 'string' || s.length !== 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return null;
	const y0 = digit(s, 0);
	const y1 = digit(s, 1);
	const y2 = digit(s, 2);
	const y3 = digit(s, 3);
	const m0 = digit(s, 5);
	const m1 = digit(s, 6);
	const d0 = digit(s, 8);
	const d1 = digit(s, 9);
	if ((y0 | y1 | y2 | y3 | m0 | m1 | d0 | d1) < 0) return null;
	const y = y0 * 1000 + y1 * 100 + y2 * 10 + y3;
	const m = m0 * 10 + m1;
	const d = d0 * 10 + d1;
	if (y < 100 || m < 1 || m > 12 || d < 1) return null;
	const leap = isLeap(y);
	const dim = m === 2 ? (leap ? 29 : 28) : m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
	if (d > dim) return null;
	// Days from 1970-01-01: whole years, then the day of the year.
	const yp = y - 1;
	const daysToYear = 365 * (y - 1970) + (Math.floor(yp / 4) - Math.floor(yp / 100) + Math.floor(yp / 400)) - 477;
	return daysToYear + DAYS_BEFORE_MONTH[m - 1] + (m > 2 && leap ? 1 : 0) + d - 1;
}

/** Parse a date field that may be a day number already. */
function dayOf(x: unknown): number | null {
	if (typeof x === 'number') return Number.isInteger(x) ? x : null;
	return fastParseDay(x);
}

/**
 * Parse a raw history list once: valid entries become {@link PreparedEntry}, invalid ones (unparsable
 * dates, NaN or negative amount, not an object) are counted in `skipped`. The leakage rule is applied later,
 * per `asOfDay`, so one prepared history serves every invoice of the customer.
 */
export function prepareHistory(invoices: readonly PastInvoice[]): PreparedHistory {
	const entries: PreparedEntry[] = [];
	let skipped = 0;
	if (!Array.isArray(invoices)) return { kind: 'prepared', entries, skipped: 1 };
	for (let i = 0; i < invoices.length; i++) {
		const e = invoices[i] as PastInvoice | null | undefined;
		if (e === null || typeof e !== 'object') {
			skipped++;
			continue;
		}
		const issueDay = dayOf(e.issueDate);
		const dueDay = dayOf(e.dueDate);
		const paidDay = e.paidDate === null || e.paidDate === undefined ? Infinity : dayOf(e.paidDate);
		const amount = e.amount;
		if (issueDay === null || dueDay === null || paidDay === null || typeof amount !== 'number' || !(amount >= 0) || amount === Infinity) {
			skipped++;
			continue;
		}
		entries.push({
			invoiceId: typeof e.invoiceId === 'string' ? e.invoiceId : undefined,
			issueDay,
			dueDay,
			paidDay,
			amount,
			disputed: e.disputed === true,
			failedCharges: count(e.failedCharges),
			partial: e.partial === true,
			brokenPromises: count(e.brokenPromises),
		});
	}
	return freezePrepared({ kind: 'prepared', entries, skipped });
}

// ---------------------------------------------------------------------------------------------
// History statistics

/**
 * What the model needs from history, whichever form it came in. One pass, no per-entry allocation; one
 * instance per process, reset at the start of each scoring (scoreRisk is synchronous and not re-entrant).
 */
class Stats {
	/** Settled invoices (paid by asOfDay). */
	n!: number;
	/** Of which late (beyond the dispute allowance for disputed ones). */
	late!: number;
	/** Sum of days late (each capped at 90), dispute allowance deducted. */
	sumDaysLate!: number;
	/** Soft count of settled invoices that would have been late with a dispute's delay. */
	lateIfDisputed!: number;
	/** Settled on time: count and sum of days early (each capped at 30). */
	onTime!: number;
	sumDaysEarly!: number;
	/** Disputed settled invoices. */
	disputes!: number;
	overdueNow!: number;
	failedCharges!: number;
	partial!: number;
	brokenPromises!: number;
	promisesKept!: number;
	/**
	 * Sum and count of positive amounts of known invoices (usual size). Settled and unsettled invoices are
	 * summed apart (each in list order), so that a memo of the settled part plus the unsettled ones gives
	 * the very same floating-point sum as one pass over the list.
	 */
	sumAmountSettled!: number;
	sumAmountOpen!: number;
	nAmount!: number;
	/** The three most recent settled invoices: paid day and days late, newest first. */
	r0Day!: number;
	r0Late!: number;
	r1Day!: number;
	r1Late!: number;
	r2Day!: number;
	r2Late!: number;
	recentN!: number;
	skipped!: number;
	/** Summary input: mean and recent days late given directly. */
	summaryAvgLate!: number;
	summaryRecentLate!: number;
	fromSummary!: boolean;
	/** Whether the days early of on-time payments are known (list, or summary.avgDaysEarly). */
	hasHeadroom!: boolean;

	constructor() {
		this.reset();
	}

	/** Back to "nothing seen" (every field, in declaration order, so the object keeps one shape). */
	reset(): this {
		this.n = 0;
		this.late = 0;
		this.sumDaysLate = 0;
		this.lateIfDisputed = 0;
		this.onTime = 0;
		this.sumDaysEarly = 0;
		this.disputes = 0;
		this.overdueNow = 0;
		this.failedCharges = 0;
		this.partial = 0;
		this.brokenPromises = 0;
		this.promisesKept = 0;
		this.sumAmountSettled = 0;
		this.sumAmountOpen = 0;
		this.nAmount = 0;
		this.r0Day = -Infinity;
		this.r0Late = 0;
		this.r1Day = -Infinity;
		this.r1Late = 0;
		this.r2Day = -Infinity;
		this.r2Late = 0;
		this.recentN = 0;
		this.skipped = 0;
		this.summaryAvgLate = 0;
		this.summaryRecentLate = NaN;
		this.fromSummary = false;
		this.hasHeadroom = false;
		return this;
	}

	/** Take every field of `o` (same declaration order as reset, so the object keeps one shape). */
	copyFrom(o: Stats): this {
		this.n = o.n;
		this.late = o.late;
		this.sumDaysLate = o.sumDaysLate;
		this.lateIfDisputed = o.lateIfDisputed;
		this.onTime = o.onTime;
		this.sumDaysEarly = o.sumDaysEarly;
		this.disputes = o.disputes;
		this.overdueNow = o.overdueNow;
		this.failedCharges = o.failedCharges;
		this.partial = o.partial;
		this.brokenPromises = o.brokenPromises;
		this.promisesKept = o.promisesKept;
		this.sumAmountSettled = o.sumAmountSettled;
		this.sumAmountOpen = o.sumAmountOpen;
		this.nAmount = o.nAmount;
		this.r0Day = o.r0Day;
		this.r0Late = o.r0Late;
		this.r1Day = o.r1Day;
		this.r1Late = o.r1Late;
		this.r2Day = o.r2Day;
		this.r2Late = o.r2Late;
		this.recentN = o.recentN;
		this.skipped = o.skipped;
		this.summaryAvgLate = o.summaryAvgLate;
		this.summaryRecentLate = o.summaryRecentLate;
		this.fromSummary = o.fromSummary;
		this.hasHeadroom = o.hasHeadroom;
		return this;
	}

	/** Keep the three most recent settled invoices (by paid day; the later entry wins a tie). */
	pushRecent(day: number, daysLate: number): void {
		this.recentN++;
		if (day >= this.r0Day) {
			this.r2Day = this.r1Day;
			this.r2Late = this.r1Late;
			this.r1Day = this.r0Day;
			this.r1Late = this.r0Late;
			this.r0Day = day;
			this.r0Late = daysLate;
		} else if (day >= this.r1Day) {
			this.r2Day = this.r1Day;
			this.r2Late = this.r1Late;
			this.r1Day = day;
			this.r1Late = daysLate;
		} else if (day >= this.r2Day) {
			this.r2Day = day;
			this.r2Late = daysLate;
		}
	}

	/** Fold one valid past invoice in, applying the leakage rule at `asOf`. */
	add(
		m: RiskModelParams,
		asOf: number,
		issueDay: number,
		dueDay: number,
		paidDay: number,
		amount: number,
		disputed: boolean,
		failedCharges: number,
		partial: boolean,
		brokenPromises: number,
	): void {
		if (issueDay > asOf) return; // not issued yet on asOfDay: unknown
		if (amount > 0) {
			if (paidDay <= asOf) this.sumAmountSettled += amount;
			else this.sumAmountOpen += amount;
			this.nAmount++;
		}
		if (paidDay <= asOf) {
			// Settled and known: how late, net of a dispute's typical delay.
			let margin = paidDay - dueDay;
			if (disputed) {
				this.disputes++;
				margin -= m.disputeDelayDays;
			}
			this.n++;
			if (partial) this.partial++;
			this.failedCharges += failedCharges;
			this.brokenPromises += brokenPromises;
			if (margin > 0) {
				this.late++;
				const dl = margin > 90 ? 90 : margin;
				this.sumDaysLate += dl;
				this.pushRecent(paidDay, dl);
			} else {
				this.onTime++;
				this.sumDaysEarly += margin < -30 ? 30 : -margin;
				this.pushRecent(paidDay, 0);
			}
			const z = (margin + 0.5 + m.disputeDelayDays) / m.disputeKernelDays;
			this.lateIfDisputed += z > 30 ? 1 : z < -30 ? 0 : 1 / (1 + Math.exp(-z));
		} else if (dueDay < asOf) {
			// Unpaid on asOfDay and past due: known to be late so far.
			this.overdueNow++;
			this.failedCharges += failedCharges;
			this.brokenPromises += brokenPromises;
		}
	}
}

const scratchStats = new Stats();

/** The shared Stats, reset: nothing of a previous call survives. */
function freshStats(): Stats {
	return scratchStats.reset();
}

function statsFromList(list: readonly PastInvoice[], invoiceId: string, asOf: number, m: RiskModelParams): Stats {
	const s = freshStats();
	s.hasHeadroom = true;
	if (!Array.isArray(list)) {
		s.skipped = 1;
		return s;
	}
	for (let i = 0; i < list.length; i++) {
		const e = list[i] as PastInvoice | null | undefined;
		if (e === null || typeof e !== 'object') {
			s.skipped++;
			continue;
		}
		const issueDay = dayOf(e.issueDate);
		const dueDay = dayOf(e.dueDate);
		const paid = e.paidDate;
		const paidDay = paid === null || paid === undefined ? Infinity : dayOf(paid);
		const amount = e.amount;
		if (issueDay === null || dueDay === null || paidDay === null || typeof amount !== 'number' || !(amount >= 0) || amount === Infinity) {
			s.skipped++;
			continue;
		}
		if (e.invoiceId === invoiceId) continue; // the invoice being scored
		s.add(m, asOf, issueDay, dueDay, paidDay, amount, e.disputed === true, count(e.failedCharges), e.partial === true, count(e.brokenPromises));
	}
	return s;
}

/**
 * Freeze a prepared history (the object, its list and entries): scores memoise what they derive from a
 * frozen one (see {@link SettledMemo}); an unfrozen one is read afresh every time.
 */
export function freezePrepared(h: PreparedHistory): PreparedHistory {
	for (const e of h.entries) Object.freeze(e);
	Object.freeze(h.entries);
	return Object.freeze(h);
}

/**
 * What a prepared history says on one day, whichever invoice is scored: the settled invoices folded
 * into Stats once (they are the costly part, and the same for every invoice of the customer), and the
 * entries not settled that day, added per scored invoice (one of them may be the invoice itself).
 */
interface SettledMemo {
	asOf: number;
	model: RiskModelParams;
	settled: Stats;
	/** Indexes of entries issued by asOf and not settled then. */
	open: number[];
	/**
	 * Whether a settled entry has an invoiceId: then scoring one of those invoices (listed as paid in its own
	 * history) takes the full pass, found by a scan of the entries (a customer's few, in the caches just then).
	 */
	settledWithIds: boolean;
	/** The habit factors of `settled`, once needed: with history, and without (no settled invoice, none overdue). */
	habit?: Habit;
	noHabit?: Habit;
}

const memos = new WeakMap<PreparedHistory, SettledMemo>();

function settledMemo(h: PreparedHistory, entries: readonly PreparedEntry[], asOf: number, m: RiskModelParams): SettledMemo {
	let memo = memos.get(h);
	if (memo !== undefined && memo.asOf === asOf && memo.model === m) return memo;
	const settled = new Stats();
	settled.hasHeadroom = true;
	settled.skipped = count(h.skipped);
	const open: number[] = [];
	let settledWithIds = false;
	for (let i = 0; i < entries.length; i++) {
		const e = entries[i];
		if (e.issueDay > asOf) continue;
		if (e.paidDay <= asOf) {
			settled.add(m, asOf, e.issueDay, e.dueDay, e.paidDay, e.amount, e.disputed, e.failedCharges, e.partial, e.brokenPromises);
			if (e.invoiceId !== undefined) settledWithIds = true;
		} else open.push(i);
	}
	memo = { asOf, model: m, settled, open, settledWithIds };
	memos.set(h, memo);
	return memo;
}

/** Whether `invoiceId` is a settled entry of the list on `asOf` (an entry the memo's settled statistics hold). */
function listedSettled(entries: readonly PreparedEntry[], invoiceId: string, asOf: number): boolean {
	for (let i = 0; i < entries.length; i++) {
		const e = entries[i];
		if (e.invoiceId === invoiceId && e.issueDay <= asOf && e.paidDay <= asOf) return true;
	}
	return false;
}

function statsFromPrepared(h: PreparedHistory, invoiceId: string, asOf: number, m: RiskModelParams): Stats {
	const s = freshStats();
	s.hasHeadroom = true;
	s.skipped = count(h.skipped);
	const entries = Array.isArray(h.entries) ? h.entries : [];
	// Only a frozen history is memoised (a caller may change its own objects).
	const memo = Object.isFrozen(h) && Object.isFrozen(entries) ? settledMemo(h, entries, asOf, m) : null;
	if (memo === null || (memo.settledWithIds && listedSettled(entries, invoiceId, asOf))) {
		// Read afresh, or the scored invoice is listed as settled: the full pass, leaving it out.
		for (let i = 0; i < entries.length; i++) {
			const e = entries[i];
			if (e.invoiceId === invoiceId) continue;
			s.add(m, asOf, e.issueDay, e.dueDay, e.paidDay, e.amount, e.disputed, e.failedCharges, e.partial, e.brokenPromises);
		}
		return s;
	}
	s.copyFrom(memo.settled);
	usedMemo = memo;
	const open = memo.open;
	for (let j = 0; j < open.length; j++) {
		const e = entries[open[j]];
		if (e.invoiceId === invoiceId) continue;
		s.add(m, asOf, e.issueDay, e.dueDay, e.paidDay, e.amount, e.disputed, e.failedCharges, e.partial, e.brokenPromises);
	}
	return s;
}

/** Summaries have no dates: their statistics (and habit factors) are the same for every invoice and day. */
const summaryMemos = new WeakMap<object, SettledMemo>();

function statsFromSummary(h: HistorySummary | null | undefined, m: RiskModelParams): Stats {
	// Only a frozen summary (as readHistory leaves it) is memoised: a caller may change its own objects.
	const frozen = h !== null && typeof h === 'object' && Object.isFrozen(h);
	if (frozen) {
		const memo = summaryMemos.get(h);
		if (memo !== undefined && memo.model === m) {
			usedMemo = memo;
			return freshStats().copyFrom(memo.settled);
		}
	}
	const s = summaryStats(h, m);
	if (frozen) {
		const memo: SettledMemo = { asOf: 0, model: m, settled: new Stats().copyFrom(s), open: [], settledWithIds: false };
		summaryMemos.set(h, memo);
		usedMemo = memo;
	}
	return s;
}

function summaryStats(h: HistorySummary | null | undefined, m: RiskModelParams): Stats {
	const s = freshStats();
	s.fromSummary = true;
	if (h === null || typeof h !== 'object') {
		s.skipped = 1;
		return s;
	}
	s.n = count(h.invoiceCount);
	s.late = Math.min(count(h.paidLateCount), s.n);
	s.onTime = s.n - s.late;
	s.summaryAvgLate = nonNeg(h.avgDaysLate);
	const recent = h.recentAvgDaysLate;
	if (typeof recent === 'number' && recent >= 0 && recent < Infinity) s.summaryRecentLate = recent;
	s.recentN = Math.min(s.n, 3);
	s.disputes = Math.min(count(h.disputes), s.n);
	s.failedCharges = count(h.failedCharges);
	s.partial = count(h.partialPayments);
	s.brokenPromises = count(h.brokenPromises);
	s.promisesKept = count(h.promisesKept);
	s.overdueNow = count(h.openPastDueCount);
	// Days early when paid on time: given, or the prior. On-time payments are taken as exponentially
	// spread below the due date, so the share a dispute's delay would make late is 1 − exp(−delay / mean).
	const early = (h as RiskHistorySummary).avgDaysEarly;
	let meanEarly = m.priorDaysEarly;
	if (typeof early === 'number' && early >= 0 && early < Infinity) {
		meanEarly = early;
		s.hasHeadroom = true;
		s.sumDaysEarly = early * s.onTime;
	}
	s.lateIfDisputed = s.late + s.onTime * (meanEarly > 0 ? 1 - Math.exp(-(m.disputeDelayDays + 0.5) / meanEarly) : 1);
	const avgAmount = nonNeg(h.avgAmount);
	if (avgAmount > 0 && s.n > 0) {
		s.sumAmountSettled = avgAmount * s.n;
		s.nAmount = s.n;
	}
	return s;
}

function statsOf(history: RiskHistoryInput | null | undefined, invoiceId: string, asOf: number, m: RiskModelParams): Stats {
	if (history === null || typeof history !== 'object') return freshStats();
	switch (history.kind) {
		case 'list':
			return statsFromList(history.invoices, invoiceId, asOf, m);
		case 'summary':
			return statsFromSummary(history.summary, m);
		case 'prepared':
			return statsFromPrepared(history, invoiceId, asOf, m);
		default:
			return freshStats();
	}
}

// ---------------------------------------------------------------------------------------------
// Scoring

/** Factor codes in output order, and their labels. */
export const RISK_FACTOR_CODES = [
	'no_history',
	'late_ratio',
	'days_late',
	'trend',
	'payment_headroom',
	'overdue_now',
	'dispute',
	'failed_charges',
	'partial_payments',
	'broken_promises',
	'promises_kept',
	'auto_charge',
	'invoice_size',
	'segment',
	'tenure',
	'account_value',
	'skipped_history',
] as const;

export type RiskFactorCode = (typeof RISK_FACTOR_CODES)[number];

const F_NO_HISTORY = 0;
const F_LATE_RATIO = 1;
const F_DAYS_LATE = 2;
const F_TREND = 3;
const F_HEADROOM = 4;
const F_OVERDUE_NOW = 5;
const F_DISPUTE = 6;
const F_FAILED_CHARGES = 7;
const F_PARTIAL = 8;
const F_BROKEN_PROMISES = 9;
const F_PROMISES_KEPT = 10;
const F_AUTO_CHARGE = 11;
const F_INVOICE_SIZE = 12;
const F_SEGMENT = 13;
const F_TENURE = 14;
const F_ACCOUNT_VALUE = 15;
const F_SKIPPED = 16;

export const RISK_FACTOR_LABELS: Readonly<Record<RiskFactorCode, string>> = Object.freeze({
	no_history: 'No payment history known: prior applies',
	late_ratio: 'Share of past invoices paid late (smoothed, dispute delays excluded)',
	days_late: 'Average days late (smoothed)',
	trend: 'Recent minus average days late (positive = getting worse)',
	payment_headroom: 'Days early when paid on time (smoothed)',
	overdue_now: 'Other invoices overdue now',
	dispute: 'Dispute: 1 = this invoice is disputed, else the customer’s dispute rate',
	failed_charges: 'Failed automatic charges',
	partial_payments: 'Invoices paid in parts',
	broken_promises: 'Broken promises to pay',
	promises_kept: 'Promises to pay kept',
	auto_charge: 'Card on file / direct debit',
	invoice_size: 'Invoice amount vs the customer’s usual',
	segment: 'Segment (weight fades with history)',
	tenure: 'Months as a customer (weight fades with history)',
	account_value: 'Annual value (weight fades with history)',
	skipped_history: 'History entries skipped as invalid',
});

const LABEL_BY_INDEX: readonly string[] = RISK_FACTOR_CODES.map((c) => RISK_FACTOR_LABELS[c]);

function round3(x: number): number {
	const r = Math.round(x * 1000) / 1000;
	return r > -Infinity && r < Infinity ? r : x;
}

/** Tenure log-odds: new customers are riskier; long relationships slightly safer. */
function tenureLogit(months: number, w: RiskModelParams['weights']): number {
	if (months < 24) return w.tenureNew * (1 - months / 24);
	return w.tenureLong * Math.min(1, (months - 24) / 36);
}

function segmentWeight(segment: unknown, w: RiskModelParams['weights']): number {
	switch (segment) {
		case 'enterprise':
		case 'mid-market':
		case 'smb':
		case 'consumer':
		case 'public-sector':
		case 'other':
			return w.segment[segment];
		default:
			return 0;
	}
}

/** Dispute term at the prior (no history, not disputed): subtracted so that the prior scores the prior. */
function disputeAtPrior(m: RiskModelParams): number {
	const p = (1 - m.priorDisputeRate) * m.priorLate + m.priorDisputeRate * m.priorLateDisputed;
	return logit(p) - logit(m.priorLate);
}

/** Points of the prior (before rounding). */
export function riskBaseRaw(model: RiskModelParams = DEFAULT_RISK_MODEL as RiskModelParams): number {
	return EVEN_ODDS_SCORE + POINTS_PER_LOGIT * logit(model.priorLate);
}

let cachedModel: RiskModelParams | null = null;
let cachedDisputeAtPrior = 0;
let cachedBaseRaw = 0;

// Scratch space for the factors of one call (filled then copied out; the function stays pure).
const MAX_FACTORS = RISK_FACTOR_CODES.length;
const scratchCode = new Int32Array(MAX_FACTORS);
const scratchValue = new Float64Array(MAX_FACTORS);
const scratchLogit = new Float64Array(MAX_FACTORS);
let nf = 0;

function put(code: number, value: number, lg: number): void {
	scratchCode[nf] = code;
	scratchValue[nf] = value;
	scratchLogit[nf] = lg;
	nf++;
}

/**
 * Score the risk that an invoice will be paid late. Pure and deterministic; never throws on bad history
 * (invalid entries are skipped and reported in the `skipped_history` factor); never returns NaN.
 */
export function scoreRisk(input: RiskInput, config: RiskConfig = DEFAULT_RISK_CONFIG): RiskScore {
	const m = (config && config.model) || (DEFAULT_RISK_MODEL as RiskModelParams);
	if (m !== cachedModel) {
		cachedModel = m;
		cachedDisputeAtPrior = disputeAtPrior(m);
		cachedBaseRaw = riskBaseRaw(m);
	}
	const invoice = input.invoice;
	const asOfRaw = input.asOfDay;
	const asOfValid = typeof asOfRaw === 'number' && Number.isFinite(asOfRaw);
	const asOf = asOfValid ? Math.floor(asOfRaw) : 0;
	const invoiceId = typeof invoice.invoiceId === 'string' ? invoice.invoiceId : '';
	const history = input.history;

	// Without a valid day we cannot tell what was known: use no history at all.
	let s: Stats;
	usedMemo = null;
	if (asOfValid) s = statsOf(history, invoiceId, asOf, m);
	else {
		s = freshStats();
		if (history && history.kind !== 'none') s.skipped = 1;
	}
	const hasHistory = s.n > 0 || s.overdueNow > 0;
	// The habit factors come first and read settled invoices only: with a memo they are made once per
	// customer history and scoring day, and every invoice of the customer starts from them.
	let habit: Habit;
	const pool = config ? config.pool : undefined;
	const memo = usedMemo as SettledMemo | null;
	if (memo !== null) {
		habit = hasHistory ? (memo.habit ??= makeHabit(s, m, true, pool)) : (memo.noHabit ??= makeHabit(s, m, false, pool));
	} else habit = makeHabit(s, m, hasHistory, pool);
	nf = 0;
	fillFactors(s, invoice, input.customer, asOf, asOfValid, m, hasHistory, habit);
	return materialize(s, config, habit, hasHistory);
}

/**
 * The habit factors (no history; or late ratio, days late, trend, headroom) as frozen factor objects,
 * with the points and log-odds they bring (cumulative rounding from the base), and the smoothed late
 * ratio the dispute factor needs.
 */
interface Habit {
	factors: readonly RiskFactor[];
	raw: number;
	rounded: number;
	z: number;
	ratio: number;
	lRatio: number;
}

/** The Habit of the statistics' settled invoices. Uses the scratch arrays (before the invoice's own factors). */
function makeHabit(s: Stats, m: RiskModelParams, hasHistory: boolean, pool: FactorPool | undefined): Habit {
	const w = m.weights;
	const k = m.priorStrength;
	const p0 = m.priorLate;
	const lp0 = logit(p0);
	const n = s.n;
	nf = 0;
	const ratio = (s.late + k * p0) / (n + k);
	const lRatio = logit(ratio);
	if (!hasHistory) put(F_NO_HISTORY, 0, 0);
	else {
		put(F_LATE_RATIO, ratio, w.lateRatio * (lRatio - lp0));
		const meanLate = s.fromSummary ? s.summaryAvgLate : n > 0 ? s.sumDaysLate / n : 0;
		const avgLate = (meanLate * n + k * m.priorDaysLate) / (n + k);
		put(F_DAYS_LATE, avgLate, w.daysLate * (Math.min(avgLate, 60) - m.priorDaysLate));
		if (n > 0) {
			let trend = 0;
			if (s.fromSummary) {
				const r = s.recentN;
				if (s.summaryRecentLate === s.summaryRecentLate && r > 0) trend = (s.summaryRecentLate * r + avgLate) / (r + 1) - avgLate;
			} else {
				const r = Math.min(s.recentN, m.recentCount, 3);
				if (r > 0) {
					const sum = s.r0Late + (r > 1 ? s.r1Late : 0) + (r > 2 ? s.r2Late : 0);
					trend = (sum + avgLate) / (r + 1) - avgLate;
				}
			}
			put(F_TREND, trend, w.trend * clamp(trend, -20, 20));
			if (s.hasHeadroom) {
				const early = (s.sumDaysEarly + k * m.priorDaysEarly) / (s.onTime + k);
				put(F_HEADROOM, early, w.headroom * (early - m.priorDaysEarly));
			}
		}
	}
	const factors = new Array<RiskFactor>(nf);
	accumulate(factors, 0, cachedBaseRaw, Math.round(cachedBaseRaw), lp0, pool);
	const raw = acc[ACC_RAW];
	const rounded = acc[ACC_ROUNDED];
	const z = acc[ACC_Z];
	nf = 0;
	return { factors, raw, rounded, z, ratio, lRatio };
}

/** The memo statsFromPrepared used for the current score (null: the stats were computed without one). */
let usedMemo: SettledMemo | null = null;

/**
 * The invoice's own factors (after the habit ones) into the scratch arrays (`nf` of them), in output
 * order. Kept apart from {@link materialize} so that this arithmetic compiles into one function with its
 * small helpers inlined (no number boxed on the way).
 */
function fillFactors(s: Stats, invoice: RiskInput['invoice'], customer: RiskInput['customer'], asOf: number, asOfValid: boolean, m: RiskModelParams, hasHistory: boolean, habit: Habit): void {
	const w = m.weights;
	const k = m.priorStrength;
	const n = s.n;
	if (s.overdueNow > 0) put(F_OVERDUE_NOW, s.overdueNow, w.overdueNow * Math.log2(1 + s.overdueNow));

	// --- dispute: this invoice's, or the customer's propensity ---
	const disputedNow = invoice.disputed === true;
	if (disputedNow || hasHistory) {
		const pDisputed = (s.lateIfDisputed + k * m.priorLateDisputed) / (n + k);
		const q = disputedNow ? 1 : (s.disputes + m.disputeRateStrength * m.priorDisputeRate) / (n + m.disputeRateStrength);
		const p = disputedNow ? pDisputed : (1 - q) * habit.ratio + q * pDisputed;
		put(F_DISPUTE, q, w.dispute * (logit(p) - habit.lRatio - cachedDisputeAtPrior));
	}

	if (s.failedCharges > 0) put(F_FAILED_CHARGES, s.failedCharges, w.failedCharges * Math.log2(1 + s.failedCharges));
	if (s.partial > 0) put(F_PARTIAL, s.partial, w.partialPayments * Math.log2(1 + s.partial));
	if (s.brokenPromises > 0) put(F_BROKEN_PROMISES, s.brokenPromises, w.brokenPromises * Math.log2(1 + s.brokenPromises));
	if (s.promisesKept > 0) put(F_PROMISES_KEPT, s.promisesKept, w.promisesKept * Math.log2(1 + s.promisesKept));
	if (invoice.autoCharge === true) put(F_AUTO_CHARGE, 1, w.autoCharge);

	// --- invoice size vs usual (history's mean amount, else a twelfth of the annual value) ---
	const annualValue = customer.annualValue;
	const hasValue = typeof annualValue === 'number' && annualValue > 0 && annualValue < Infinity;
	{
		const amount = invoice.amount;
		const usual = s.nAmount >= 2 ? (s.sumAmountSettled + s.sumAmountOpen) / s.nAmount : hasValue ? annualValue / 12 : 0;
		const size = usual > 0 && typeof amount === 'number' && amount > 0 ? amount / usual : NaN;
		if (size < Infinity) {
			put(F_INVOICE_SIZE, size, w.invoiceSize * clamp(Math.log2(size), 0, 3));
		}
	}

	// --- profile, fading with history ---
	const fade = m.profileFadeStrength / (m.profileFadeStrength + n);
	const sw = segmentWeight(customer.segment, w);
	if (sw !== 0) put(F_SEGMENT, fade, fade * sw);
	const since = customer.customerSince;
	if (typeof since === 'string' && asOfValid) {
		const sinceDay = fastParseDay(since);
		if (sinceDay !== null && sinceDay <= asOf) {
			const months = (asOf - sinceDay) / 30.4375;
			put(F_TENURE, months, fade * tenureLogit(months, w));
		}
	}
	// Centred on 10,000 dollars' worth in the invoice's currency (¥1,500,000: a ¥4,000,000 account is a mid-size one).
	if (hasValue) put(F_ACCOUNT_VALUE, annualValue, fade * w.accountValue * clamp(Math.log10(annualValue / policyAmount(10_000, invoice.currency ?? '')), -1, 2));
	if (s.skipped > 0) put(F_SKIPPED, s.skipped, 0);
}

/** Values in thousandths up to this size are pooled as integers (small integers: no boxing; they fit the pool's Int32Array). */
const POOL_MAX_THOUSANDTHS = 1_000_000_000;

/**
 * Where {@link accumulate} leaves the running points (raw, rounded) and log-odds: slots of a typed array, since a
 * number stored in a module variable that is not a small integer is a new heap object each time.
 */
const acc = new Float64Array(3);
const ACC_RAW = 0;
const ACC_ROUNDED = 1;
const ACC_Z = 2;

/**
 * The factors in the scratch arrays into `factors` from index `at`, each with the points it brings: the
 * running points (from `raw`, rounded `rounded`) are rounded after each factor, so the contributions add
 * up exactly. Pooled when a pool is given, else new frozen objects. Leaves the running state in acc*.
 */
function accumulate(factors: RiskFactor[], at: number, raw: number, rounded: number, z: number, pool: FactorPool | undefined): void {
	for (let i = 0; i < nf; i++) {
		let lg = scratchLogit[i];
		if (!(lg > -Infinity && lg < Infinity)) lg = 0; // defensive: never NaN
		z += lg;
		raw += POINTS_PER_LOGIT * lg;
		const next = Math.round(raw);
		const contribution = next - rounded;
		rounded = next;
		const code = scratchCode[i];
		const raw3 = scratchValue[i];
		// The value rounded to thousandths (round3), as an integer count of thousandths where it is one.
		const k = raw3 > -Infinity && raw3 < Infinity ? Math.round(raw3 * 1000) : 0;
		if (pool && k > -POOL_MAX_THOUSANDTHS && k < POOL_MAX_THOUSANDTHS && !(k === 0 && (raw3 < 0 || 1 / raw3 < 0)) && contribution >= -4096 && contribution <= 4096 && !(contribution === 0 && 1 / contribution < 0)) {
			factors[at + i] = pool.get(code, k, contribution);
		} else {
			factors[at + i] = Object.freeze(makeFactor(code, raw3 > -Infinity && raw3 < Infinity ? round3(raw3) : 0, contribution));
		}
	}
	acc[ACC_RAW] = raw;
	acc[ACC_ROUNDED] = rounded;
	acc[ACC_Z] = z;
}

/**
 * The result: the habit factors, then those in the scratch arrays. Points: cumulative rounding keeps
 * base + Σ contributions = score exactly.
 */
function materialize(s: Stats, config: RiskConfig, habit: Habit, hasHistory: boolean): RiskScore {
	const base = Math.round(cachedBaseRaw);
	const first = habit.factors;
	const factors: RiskFactor[] = new Array(first.length + nf);
	for (let i = 0; i < first.length; i++) factors[i] = first[i];
	accumulate(factors, first.length, habit.raw, habit.rounded, habit.z, config && config.pool);
	const prevRounded = acc[ACC_ROUNDED];
	const z = acc[ACC_Z];
	const score = clamp(prevRounded, 0, 100);
	const band = bandOf(score, (config && config.bands) || DEFAULT_RISK_BANDS);
	return {
		score,
		band,
		tone: toneOf(band),
		lateProbability: Math.round(sigmoid(z) * 10000) / 10000,
		factors,
		basis: !hasHistory ? 'prior' : s.fromSummary ? 'summary' : 'history',
		base,
	};
}
