/**
 * Receivables metrics over a period [from, to] (calendar dates, both included), from the invoice ledger
 * and the touch log. Definitions and formulas: nodes/core/metrics/README.md. Pure: the period is passed
 * in, nothing reads the clock.
 */
import { tierFor } from '../aging';
import { addMonths, formatDay, parseDay } from '../dates';
import { describeValue, everyRecord, ValidationError } from '../errors';
import { DEFAULT_TIERS } from '../policy';
import type { TierDef } from '../types';
import { minorDigits } from '../validate';
import { isLedgerRecord, type LedgerRecord } from './ledger';
import { dedupeTouchLog, type ApprovalLogEntry, type TouchLogEntry } from './touches';

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
		/** Touch-log entries in the period (each dedupe key once). */
		total: number;
		/** By the decision that produced the entry: send, approval (request), human (task), charge. */
		byOutcome: Record<string, number>;
		/** By delivery status: sent, failed, claimed… */
		byStatus: Record<string, number>;
		byChannel: Record<string, number>;
		byStep: Record<string, number>;
		/** By tone, where logged. */
		byTone: Record<string, number>;
		/** By kind (reminder, alert, task, approval-request, charge…), where logged. */
		byKind: Record<string, number>;
		/** Entries whose outcome was not logged but inferred (older rows). */
		outcomeInferred: number;
		/** Distinct (invoice, step) escalated in the period: a person brought in, or an escalating-tone message. */
		escalations: number;
		/** Distinct invoices escalated in the period. */
		escalatedInvoices: number;
		/** Distinct invoices with a touch-log entry in the period. */
		invoicesTouched: number;
		/** escalatedInvoices / invoicesTouched (null when nothing was logged). */
		escalationRate: number | null;
		approvals: {
			/** Distinct (invoice, step) whose approval was requested in the period. */
			requested: number;
			/** Distinct (invoice, step) approved (granted) in the period. */
			approved: number;
			/** Distinct (invoice, step) rejected in the period. */
			rejected: number;
			/** Requested in the period, still undecided at its end. */
			pending: number;
			/** Decisions without a date nor a request in the touch log to date them: left out of the counts above. */
			undated: number;
		};
	};
	trend: TrendPoint[];
	/** Plain-language notes on undefined figures (no sales in the period, nothing paid…). */
	notes: string[];
}

const round = (n: number, d: number) => Math.round(n * 10 ** d) / 10 ** d;
const maybe = (n: number | null, d: number) => (n === null || !Number.isFinite(n) ? null : round(n, d) + 0);

/**
 * Amounts inside the computation are whole numbers of the currency's minor unit (cents; yen; fils), so
 * sums of invoices, payments and credit notes are exact: 0.30 - 0.10 - 0.20 is 0, not -2.8e-17, and
 * "AR is zero", "no sales", "nothing collectible" are exact tests.
 */
interface Doc {
	rec: LedgerRecord;
	/** Minor units. */
	amount: number;
	issue: number;
	due: number;
	/** null while open */
	paid: number | null;
	/** Minor units. */
	payments: Array<{ day: number; amount: number }>;
}

function day(text: string, field: string): number {
	const d = parseDay(text);
	if (d === null) throw new ValidationError([{ field, message: 'must be a date (YYYY-MM-DD)', received: describeValue(text) }]);
	return d;
}

/** Balance of a document at the end of `d` (0 before it is issued), in minor units. */
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

/**
 * A touch-log entry that took an invoice step past the automatic reminders (README: Escalations). A check on the store
 * (kind or outcome `check`: finance asked whether a claimed message went out) is about our side, not the invoice.
 */
export function isEscalation(t: TouchLogEntry): boolean {
	if (t.kind === 'check' || t.outcome === 'check') return false;
	return t.channel === 'internal' || t.kind === 'alert' || t.kind === 'task' || t.kind === 'approval-request' || t.outcome === 'approval' || t.outcome === 'human' || t.tone === 'escalating';
}

function touchMetrics(touchLog: TouchLogEntry[], approvals: ApprovalLogEntry[], fromText: string, toText: string, notes: string[]): ArMetrics['touches'] {
	const log = dedupeTouchLog(touchLog);
	const inPeriod = log.filter((t) => t.day >= fromText && t.day <= toText);
	const count = (key: (t: TouchLogEntry) => string | null) => {
		const out: Record<string, number> = {};
		for (const t of inPeriod) {
			const k = key(t);
			if (k !== null && k !== '') out[k] = (out[k] ?? 0) + 1;
		}
		return out;
	};
	const stepKey = (invoiceId: string, step: string) => `${invoiceId}\u0000${step}`;

	// Escalations: distinct (invoice, step); a step sent by email and SMS, or an approval request and the
	// approved message, is one escalation.
	const escalated = new Set<string>();
	const escalatedInvoices = new Set<string>();
	for (const t of inPeriod) {
		if (!isEscalation(t)) continue;
		escalated.add(stepKey(t.invoiceId, t.step));
		escalatedInvoices.add(t.invoiceId);
	}
	const touched = new Set(inPeriod.map((t) => t.invoiceId));

	// Approvals. Requests: entries with outcome approval (whenever logged: they date undated decisions).
	const requestDay = new Map<string, string>();
	for (const t of log) {
		if (t.outcome !== 'approval') continue;
		const k = stepKey(t.invoiceId, t.step);
		const d = requestDay.get(k);
		if (d === undefined || t.day < d) requestDay.set(k, t.day);
	}
	const requestedInPeriod = new Set<string>();
	for (const t of inPeriod) if (t.outcome === 'approval') requestedInPeriod.add(stepKey(t.invoiceId, t.step));
	// Decisions: the approvals list, and touch-log entries of the older shape marking approved / rejected.
	const decisions: Array<{ key: string; decision: 'approved' | 'rejected'; day: string | null }> = [
		...approvals.map((a) => ({ key: stepKey(a.invoiceId, a.step), decision: a.decision, day: a.day })),
		...log.filter((t) => t.approval === 'approved' || t.approval === 'rejected').map((t) => ({ key: stepKey(t.invoiceId, t.step), decision: t.approval as 'approved' | 'rejected', day: t.day as string | null })),
	];
	// Per (invoice, step), the latest decision made by the period's end; an undated decision is dated by its request.
	const last = new Map<string, { decision: 'approved' | 'rejected'; day: string }>();
	let undated = 0;
	for (const d of decisions) {
		const when = d.day ?? requestDay.get(d.key) ?? null;
		if (when === null) {
			undated++;
			continue;
		}
		if (when > toText) continue;
		const prev = last.get(d.key);
		if (!prev || when >= prev.day) last.set(d.key, { decision: d.decision, day: when });
	}
	let approved = 0;
	let rejected = 0;
	for (const d of last.values()) {
		if (d.day < fromText) continue;
		if (d.decision === 'approved') approved++;
		else rejected++;
	}
	let pending = 0;
	for (const k of requestedInPeriod) if (!last.has(k)) pending++;
	if (undated) notes.push(`${undated} approval decision${undated === 1 ? ' has' : 's have'} no date (decidedAt) and no request in the touch log to date ${undated === 1 ? 'it' : 'them'}: left out of the approval counts.`);

	return {
		total: inPeriod.length,
		byOutcome: count((t) => t.outcome),
		byStatus: count((t) => t.status),
		byChannel: count((t) => t.channel),
		byStep: count((t) => t.step || null),
		byTone: count((t) => t.tone),
		byKind: count((t) => t.kind),
		outcomeInferred: inPeriod.filter((t) => !t.outcomeLogged).length,
		escalations: escalated.size,
		escalatedInvoices: escalatedInvoices.size,
		invoicesTouched: touched.size,
		escalationRate: touched.size ? round(escalatedInvoices.size / touched.size, 4) : null,
		approvals: { requested: requestedInPeriod.size, approved, rejected, pending, undated },
	};
}

/**
 * The metrics over [options.from, options.to]. `approvals`: the approval decisions (ar_approvals rows,
 * read with readApprovalLog), for the approved / rejected / pending counts.
 */
export function computeMetrics(ledger: LedgerRecord[], touchLog: TouchLogEntry[], options: MetricsOptions, approvals: ApprovalLogEntry[] = []): ArMetrics {
	// The records are readLedger's, readTouchLog's and readApprovalLog's: anything else is named, not read.
	everyRecord(ledger, 'ledger', 'readLedger', isLedgerRecord);
	everyRecord(touchLog, 'touches', 'readTouchLog', (t) => typeof t.invoiceId === 'string' && typeof t.channel === 'string' && typeof t.sentAt === 'string');
	everyRecord(approvals, 'approvals', 'readApprovalLog', (a) => typeof a.invoiceId === 'string' && typeof a.step === 'string');
	if (typeof options !== 'object' || options === null) throw new ValidationError([{ field: 'options', message: 'must be an object (from, to, ...)', received: describeValue(options) }]);
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
	// Minor units: every amount is a whole number of them while computing; `major` turns a sum back.
	const digits = minorDigits(currency);
	const unit = 10 ** digits;
	const minor = (n: number) => Math.round(n * unit);
	const major = (n: number) => Math.round(n) / unit + 0;

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
			amount: minor(rec.amount),
			issue: parseDay(rec.issueDate) as number,
			due: parseDay(rec.dueDate) as number,
			paid: rec.paidDate === null ? null : (parseDay(rec.paidDate) as number),
			payments: rec.payments.map((p) => ({ day: parseDay(p.date) as number, amount: minor(p.amount) })),
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
		k.amount = major(k.amount);
	}

	// DSO and CEI (ratios of whole minor units: the zero tests are exact).
	const simple = sales > 0 ? (endAR / sales) * periodDays : null;
	const best = sales > 0 ? (currentAR / sales) * periodDays : null;
	const cb = countBack(docs, to, endAR);
	const ceiDen = beginAR + sales - currentAR;
	const cei = ceiDen > 0 ? ((beginAR + sales - endAR) / ceiDen) * 100 : null;
	if (sales <= 0) notes.push(sales === 0 ? 'No credit sales in the period: simple and best-possible DSO are undefined.' : 'Net credit sales in the period are negative (credit notes exceed invoices): simple and best-possible DSO are undefined.');
	if (cei === null) notes.push('Nothing was collectible in the period (begin AR + sales - current AR is zero): CEI is undefined.');
	if (endAR < 0 && cb === null) notes.push('AR at the end is a net credit: count-back DSO is undefined.');

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
	// Grouped in one pass: a segment is the ledger's free text, so there may be as many as customers.
	const paidBySegment = new Map<string, Doc[]>();
	for (const d of paidIn) {
		const s = d.rec.segment ?? 'unknown';
		const list = paidBySegment.get(s);
		if (list === undefined) paidBySegment.set(s, [d]);
		else list.push(d);
	}
	const bySegment = [...paidBySegment.keys()].sort().map((s) => dtp(s, paidBySegment.get(s) as Doc[]));

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
			// What was still owed when it entered: less the payments before the entry day; an invoice entering on
			// its issue day, less the payments of that day (a partial payment without a date counts from the issue day).
			const bal = balanceAt(d, Math.max(entry - 1, d.issue));
			if (bal <= 0) continue;
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
			amountEntered: major(amountEntered),
			amountRecovered: major(amountRecovered),
			amountRate: amountEntered > 0 ? round(amountRecovered / amountEntered, 4) : null,
		};
	});

	// Touch log and approvals in the period.
	const fromText = formatDay(from);
	const toText = formatDay(to);
	const touches = touchMetrics(touchLog, approvals, fromText, toText, notes);

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
			sales: major(s),
			ar: major(ar),
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
			sales: major(sales),
			collections: major(beginAR + sales - endAR),
			beginAR: major(beginAR),
			endAR: major(endAR),
			currentAR: major(currentAR),
			pastDueAR: major(pastDueAR),
			unappliedCredits: major(unapplied),
			excluded: { otherCurrency, void: voided },
		},
		dso: { simple: maybe(simple, 1), countBack: maybe(cb, 1), bestPossible: maybe(best, 1) },
		cei: maybe(cei, 1),
		aging: buckets,
		onTime: {
			paid: paidIn.length,
			onTime: onTime.length,
			rate: paidIn.length ? round(onTime.length / paidIn.length, 4) : null,
			amountPaid: major(amountPaid),
			amountOnTime: major(amountOnTime),
			amountRate: amountPaid > 0 ? round(amountOnTime / amountPaid, 4) : null,
		},
		daysToPay: { overall: dtp('all', paidIn), byTier, bySegment },
		recovery,
		touches,
		trend,
		notes,
	};
}
