/**
 * Receivables metrics over a period [from, to] (calendar dates, both included), from the invoice ledger
 * and the touch log. Definitions and formulas: nodes/core/metrics/README.md. Pure: the period is passed
 * in, nothing reads the clock.
 */
import { tierFor } from '../aging';
import { addMonths, formatDay, parseDay } from '../dates';
import { describeValue, ValidationError } from '../errors';
import { DEFAULT_TIERS } from '../policy';
import type { TierDef } from '../types';
import type { LedgerRecord } from './ledger';
import type { TouchLogEntry } from './touches';

export interface MetricsOptions {
	/** YYYY-MM-DD, first day of the period. */
	from: string;
	/** YYYY-MM-DD, last day of the period (the "as of" day of AR, aging and DSO). */
	to: string;
	/** Tiers for days to pay and recovery (default: the policy's default tiers). */
	tiers?: TierDef[];
	/** Upper bounds of the past-due aging buckets (default 30, 60, 90: Current, 1-30, 31-60, 61-90, 91+). */
	bucketEdges?: number[];
	/** Report in this currency: rows in other currencies are left out (and counted). Required when the ledger mixes currencies. */
	currency?: string;
	/** Months in the DSO trend (default 6, ending with the period's last month). */
	trendMonths?: number;
	/** Trailing window of each trend point's DSO, in days (default 90). */
	trendWindowDays?: number;
}

export interface AgingBucket {
	id: string;
	label: string;
	/** Days past due, inclusive; fromDay null = not yet due. */
	fromDay: number | null;
	toDay: number | null;
	count: number;
	amount: number;
	/** Share of the invoices' open amount (0..1). */
	share: number;
}

export interface DaysToPay {
	group: string;
	count: number;
	avgDaysToPay: number | null;
	avgDaysLate: number | null;
}

export interface TierRecovery {
	tier: string;
	label: string;
	/** Invoices that entered the tier during the period, still unpaid when they entered it. */
	entered: number;
	recovered: number;
	rate: number | null;
	amountEntered: number;
	amountRecovered: number;
	amountRate: number | null;
}

export interface TrendPoint {
	/** YYYY-MM */
	month: string;
	/** The month's last day (the period's `to` for the last point). */
	end: string;
	/** Length of the trailing window (days). */
	days: number;
	/** Net credit sales in the trailing window ending at `end`. */
	sales: number;
	ar: number;
	/** AR at `end` / the window's net credit sales x its days; null without sales. */
	dso: number | null;
	countBackDso: number | null;
}

export interface ArMetrics {
	period: { from: string; to: string; days: number };
	currency: string;
	totals: {
		invoices: number;
		creditNotes: number;
		/** Net credit sales: invoices and credit notes issued in the period. */
		sales: number;
		/** beginAR + sales - endAR */
		collections: number;
		beginAR: number;
		endAR: number;
		/** Open invoices not yet past due at the end. */
		currentAR: number;
		pastDueAR: number;
		/** Credit notes not yet applied (negative). */
		unappliedCredits: number;
		/** Rows left out: other currencies, void. */
		excluded: { otherCurrency: number; void: number };
	};
	dso: { simple: number | null; countBack: number | null; bestPossible: number | null };
	/** Collection effectiveness index, percent. */
	cei: number | null;
	aging: AgingBucket[];
	onTime: { paid: number; onTime: number; rate: number | null; amountPaid: number; amountOnTime: number; amountRate: number | null };
	daysToPay: { overall: DaysToPay; byTier: DaysToPay[]; bySegment: DaysToPay[] };
	recovery: TierRecovery[];
	touches: {
		total: number;
		byOutcome: Record<string, number>;
		byChannel: Record<string, number>;
		byStep: Record<string, number>;
		escalations: number;
		approvals: { requested: number; approved: number; rejected: number };
	};
	trend: TrendPoint[];
	/** Plain-language notes on undefined figures (no sales in the period, nothing paid…). */
	notes: string[];
}

const round = (n: number, d: number) => Math.round(n * 10 ** d) / 10 ** d;
const money = (n: number) => round(n, 2) + 0;
const maybe = (n: number | null, d: number) => (n === null || !Number.isFinite(n) ? null : round(n, d) + 0);

interface Doc {
	rec: LedgerRecord;
	amount: number;
	issue: number;
	due: number;
	/** null while open */
	paid: number | null;
	payments: Array<{ day: number; amount: number }>;
}

function day(text: string, field: string): number {
	const d = parseDay(text);
	if (d === null) throw new ValidationError([{ field, message: 'must be a date (YYYY-MM-DD)', received: describeValue(text) }]);
	return d;
}

/** Balance of a document at the end of `d` (0 before it is issued). */
function balanceAt(doc: Doc, d: number): number {
	if (doc.issue > d) return 0;
	let b = doc.amount;
	for (const p of doc.payments) if (p.day <= d) b -= p.amount;
	return b;
}

function firstOfMonth(d: number): number {
	const s = formatDay(d);
	return parseDay(`${s.slice(0, 8)}01`) as number;
}

/** Count-back DSO at the end of `end`: walk back month by month, consuming AR with each month's sales. */
function countBack(docs: Doc[], end: number, ar: number, maxMonths = 36): number | null {
	if (ar <= 0) return ar === 0 ? 0 : null;
	let remaining = ar;
	let dso = 0;
	let monthStart = firstOfMonth(end);
	let monthEnd = end;
	for (let m = 0; m < maxMonths; m++) {
		const days = monthEnd - monthStart + 1;
		let sales = 0;
		for (const doc of docs) if (doc.issue >= monthStart && doc.issue <= monthEnd) sales += doc.amount;
		if (sales > 0 && remaining <= sales) return dso + (remaining / sales) * days;
		dso += days;
		if (sales > 0) remaining -= sales;
		monthEnd = monthStart - 1;
		monthStart = addMonths(monthStart, -1);
	}
	// AR older than the walk: every walked day counts.
	return dso;
}

export function computeMetrics(ledger: LedgerRecord[], touchLog: TouchLogEntry[], options: MetricsOptions): ArMetrics {
	const from = day(options.from, 'from');
	const to = day(options.to, 'to');
	if (to < from) throw new ValidationError([{ field: 'to', message: `must not be before from (${options.from})`, received: describeValue(options.to) }]);
	const tiers = options.tiers ?? DEFAULT_TIERS;
	const edges = (options.bucketEdges ?? [30, 60, 90]).slice();
	for (let i = 0; i < edges.length; i++) {
		if (!Number.isInteger(edges[i]) || edges[i] < 1 || (i > 0 && edges[i] <= edges[i - 1])) {
			throw new ValidationError([{ field: 'bucketEdges', message: 'must be increasing whole numbers of days (e.g. 30, 60, 90)', received: describeValue(edges.join(',')) }]);
		}
	}
	const currencies = new Set(ledger.filter((r) => r.status !== 'void').map((r) => r.currency));
	let currency = options.currency?.trim().toUpperCase() || '';
	if (!currency) {
		if (currencies.size > 1) {
			throw new ValidationError([{ field: 'currency', message: `the ledger mixes currencies (${[...currencies].sort().join(', ')}): choose the reporting currency`, received: 'none' }]);
		}
		currency = currencies.size === 1 ? [...currencies][0] : 'USD';
	}

	const docs: Doc[] = [];
	let otherCurrency = 0;
	let voided = 0;
	for (const rec of ledger) {
		if (rec.status === 'void') {
			voided++;
			continue;
		}
		if (rec.currency !== currency) {
			otherCurrency++;
			continue;
		}
		docs.push({
			rec,
			amount: rec.amount,
			issue: parseDay(rec.issueDate) as number,
			due: parseDay(rec.dueDate) as number,
			paid: rec.paidDate === null ? null : (parseDay(rec.paidDate) as number),
			payments: rec.payments.map((p) => ({ day: parseDay(p.date) as number, amount: p.amount })),
		});
	}
	const notes: string[] = [];
	const periodDays = to - from + 1;
	const arAt = (d: number) => docs.reduce((s, doc) => s + balanceAt(doc, d), 0);
	const salesIn = (a: number, b: number) => docs.reduce((s, doc) => (doc.issue >= a && doc.issue <= b ? s + doc.amount : s), 0);

	const beginAR = arAt(from - 1);
	const endAR = arAt(to);
	const sales = salesIn(from, to);
	let currentAR = 0;
	let pastDueAR = 0;
	let unapplied = 0;
	const buckets: AgingBucket[] = [{ id: 'current', label: 'Current', fromDay: null, toDay: 0, count: 0, amount: 0, share: 0 }];
	let lo = 1;
	for (const e of edges) {
		buckets.push({ id: `${lo}-${e}`, label: `${lo}-${e} days`, fromDay: lo, toDay: e, count: 0, amount: 0, share: 0 });
		lo = e + 1;
	}
	buckets.push({ id: `${lo}+`, label: `${lo}+ days`, fromDay: lo, toDay: null, count: 0, amount: 0, share: 0 });
	for (const doc of docs) {
		const b = balanceAt(doc, to);
		if (b === 0 || doc.issue > to) continue;
		if (doc.amount < 0) {
			unapplied += b;
			continue;
		}
		const dpd = to - doc.due;
		if (dpd <= 0) currentAR += b;
		else pastDueAR += b;
		const bucket = dpd <= 0 ? buckets[0] : buckets.find((k) => k.fromDay !== null && dpd >= k.fromDay && (k.toDay === null || dpd <= k.toDay))!;
		bucket.count++;
		bucket.amount += b;
	}
	const openInvoices = currentAR + pastDueAR;
	for (const k of buckets) {
		k.share = openInvoices > 0 ? round(k.amount / openInvoices, 4) : 0;
		k.amount = money(k.amount);
	}

	// DSO and CEI.
	const simple = sales > 0 ? (endAR / sales) * periodDays : null;
	const best = sales > 0 ? (currentAR / sales) * periodDays : null;
	const cb = countBack(docs, to, endAR);
	const ceiDen = beginAR + sales - currentAR;
	const cei = ceiDen > 0 ? ((beginAR + sales - endAR) / ceiDen) * 100 : null;
	if (sales <= 0) notes.push(sales === 0 ? 'No credit sales in the period: simple and best-possible DSO are undefined.' : 'Net credit sales in the period are negative (credit notes exceed invoices): simple and best-possible DSO are undefined.');
	if (cei === null) notes.push('Nothing was collectible in the period (begin AR + sales - current AR is zero): CEI is undefined.');
	if (endAR <= 0 && cb === null) notes.push('AR at the end is a net credit: count-back DSO is undefined.');

	// Payments in the period: on-time rate and days to pay.
	const paidIn = docs.filter((d) => d.amount > 0 && d.paid !== null && d.paid >= from && d.paid <= to);
	const onTime = paidIn.filter((d) => (d.paid as number) <= d.due);
	const amountPaid = paidIn.reduce((s, d) => s + d.amount, 0);
	const amountOnTime = onTime.reduce((s, d) => s + d.amount, 0);
	if (paidIn.length === 0) notes.push('No invoice was paid in the period: on-time rate and days to pay are undefined.');
	const dtp = (group: string, list: Doc[]): DaysToPay => ({
		group,
		count: list.length,
		avgDaysToPay: list.length ? round(list.reduce((s, d) => s + ((d.paid as number) - d.issue), 0) / list.length, 1) + 0 : null,
		avgDaysLate: list.length ? round(list.reduce((s, d) => s + Math.max(0, (d.paid as number) - d.due), 0) / list.length, 1) + 0 : null,
	});
	const byTier = tiers.map((t) => dtp(t.id, paidIn.filter((d) => tierFor((d.paid as number) - d.due, tiers).id === t.id)));
	const segments = [...new Set(paidIn.map((d) => d.rec.segment ?? 'unknown'))].sort();
	const bySegment = segments.map((s) => dtp(s, paidIn.filter((d) => (d.rec.segment ?? 'unknown') === s)));

	// Recovery per tier: invoices entering a tier in the period (unpaid at entry), paid by the end.
	const recovery: TierRecovery[] = tiers.map((t) => {
		let entered = 0;
		let recovered = 0;
		let amountEntered = 0;
		let amountRecovered = 0;
		for (const d of docs) {
			if (d.amount <= 0) continue;
			const entry = Math.max(d.issue, d.due + t.fromDay);
			if (t.toDay !== null && entry > d.due + t.toDay) continue;
			if (entry < from || entry > to) continue;
			if (d.paid !== null && d.paid <= entry) continue;
			const bal = balanceAt(d, entry - 1) || d.amount;
			entered++;
			amountEntered += bal;
			if (d.paid !== null && d.paid <= to) {
				recovered++;
				amountRecovered += bal;
			}
		}
		return {
			tier: t.id,
			label: t.label,
			entered,
			recovered,
			rate: entered ? round(recovered / entered, 4) : null,
			amountEntered: money(amountEntered),
			amountRecovered: money(amountRecovered),
			amountRate: amountEntered > 0 ? round(amountRecovered / amountEntered, 4) : null,
		};
	});

	// Touch log in the period.
	const fromText = formatDay(from);
	const toText = formatDay(to);
	const inPeriod = touchLog.filter((t) => t.day >= fromText && t.day <= toText);
	const count = (key: (t: TouchLogEntry) => string | null) => {
		const out: Record<string, number> = {};
		for (const t of inPeriod) {
			const k = key(t);
			if (k !== null) out[k] = (out[k] ?? 0) + 1;
		}
		return out;
	};
	const approvals = { requested: 0, approved: 0, rejected: 0 };
	for (const t of inPeriod) {
		if (t.approval === 'approved') approvals.approved++;
		else if (t.approval === 'rejected') approvals.rejected++;
		else if (t.approval === 'requested' || t.outcome === 'approval') approvals.requested++;
	}
	const escalations = inPeriod.filter((t) => t.channel === 'internal' || t.tone === 'escalating' || t.outcome === 'human').length;

	// DSO trend: at each month's end (the last point: the period's end), simple DSO over the trailing window.
	const trend: TrendPoint[] = [];
	const months = Math.max(1, Math.min(24, Math.floor(options.trendMonths ?? 6)));
	const windowDays = Math.max(1, Math.min(366, Math.floor(options.trendWindowDays ?? 90)));
	let end = to;
	for (let m = 0; m < months; m++) {
		const start = end - windowDays + 1;
		const s = salesIn(start, end);
		const ar = arAt(end);
		trend.unshift({
			month: formatDay(end).slice(0, 7),
			end: formatDay(end),
			days: windowDays,
			sales: money(s),
			ar: money(ar),
			dso: s > 0 ? maybe((ar / s) * windowDays, 1) : null,
			countBackDso: maybe(countBack(docs, end, ar), 1),
		});
		end = firstOfMonth(end) - 1;
	}

	return {
		period: { from: fromText, to: toText, days: periodDays },
		currency,
		totals: {
			invoices: docs.filter((d) => d.amount >= 0).length,
			creditNotes: docs.filter((d) => d.amount < 0).length,
			sales: money(sales),
			collections: money(beginAR + sales - endAR),
			beginAR: money(beginAR),
			endAR: money(endAR),
			currentAR: money(currentAR),
			pastDueAR: money(pastDueAR),
			unappliedCredits: money(unapplied),
			excluded: { otherCurrency, void: voided },
		},
		dso: { simple: maybe(simple, 1), countBack: maybe(cb, 1), bestPossible: maybe(best, 1) },
		cei: maybe(cei, 1),
		aging: buckets,
		onTime: {
			paid: paidIn.length,
			onTime: onTime.length,
			rate: paidIn.length ? round(onTime.length / paidIn.length, 4) : null,
			amountPaid: money(amountPaid),
			amountOnTime: money(amountOnTime),
			amountRate: amountPaid > 0 ? round(amountOnTime / amountPaid, 4) : null,
		},
		daysToPay: { overall: dtp('all', paidIn), byTier, bySegment },
		recovery,
		touches: {
			total: inPeriod.length,
			byOutcome: count((t) => t.outcome ?? t.status),
			byChannel: count((t) => t.channel),
			byStep: count((t) => t.step || null),
			escalations,
			approvals,
		},
		trend,
		notes,
	};
}
