/**
 * Ranking-power evaluation of the risk model (AUC), shared by risk-auc.test.ts and risk.test.ts.
 *
 * Protocol, for every invoice of a ledger:
 *   history = the customer's other invoices as a raw PastInvoice list, asOfDay = the invoice's issue day
 *   (so the model's leakage rule keeps only what was settled, or visibly overdue, by then);
 *   label   = paid after its due date.
 * Baseline: the customer's late ratio over invoices settled on or before the issue day (no such invoice:
 * the ledger's overall late rate), the "naive prior-late-ratio" a clerk would compute.
 *
 * Data: the IBM Watson Analytics accounts-receivable sample (WA_Fn-UseC_-Accounts-Receivable.csv), read from
 * .cache/ when present (never committed), and a seeded synthetic ledger that always runs.
 */
import { existsSync, readFileSync } from 'fs';
import { join } from 'path';
import { formatDay } from '../../nodes/core/dates';
import { prepareHistory, scoreRisk, type RiskConfig, type PreparedHistory } from '../../nodes/core/risk';
import type { Customer, PastInvoice, Segment } from '../../nodes/core/types';

export const AR_CSV_PATH = join(__dirname, '..', '..', '.cache', 'WA_Fn-UseC_-Accounts-Receivable.csv');

/** One invoice of an evaluation ledger. */
export interface LedgerInvoice {
	invoiceId: string;
	customerId: string;
	issueDay: number;
	dueDay: number;
	paidDay: number | null;
	amount: number;
	disputed: boolean;
	autoCharge?: boolean;
	failedCharges?: number;
	brokenPromises?: number;
	partial?: boolean;
}

export interface LedgerCustomer {
	customerId: string;
	segment: Segment;
	keyAccount: boolean;
	annualValue?: number;
	customerSince?: string;
}

export interface Ledger {
	invoices: LedgerInvoice[];
	customers: Map<string, LedgerCustomer>;
}

/** AUC (Mann-Whitney, ties count one half). */
export function auc(scores: readonly number[], labels: readonly boolean[]): number {
	const idx = scores.map((_, i) => i).sort((a, b) => scores[a] - scores[b]);
	let pos = 0;
	let neg = 0;
	let rankSum = 0;
	let i = 0;
	while (i < idx.length) {
		let j = i;
		while (j + 1 < idx.length && scores[idx[j + 1]] === scores[idx[i]]) j++;
		const avgRank = (i + j) / 2 + 1;
		for (let t = i; t <= j; t++) if (labels[idx[t]]) rankSum += avgRank;
		i = j + 1;
	}
	for (const l of labels) {
		if (l) pos++;
		else neg++;
	}
	if (pos === 0 || neg === 0) return NaN;
	return (rankSum - (pos * (pos + 1)) / 2) / (pos * neg);
}

/** US-style M/D/YYYY to a day number. */
function usDay(text: string): number {
	const [m, d, y] = text.split('/').map(Number);
	return Math.floor(Date.UTC(y, m - 1, d) / 86_400_000);
}

/** Load the IBM AR sample, or null when it is not in .cache/. */
export function loadIbmLedger(path = AR_CSV_PATH): Ledger | null {
	if (!existsSync(path)) return null;
	const lines = readFileSync(path, 'utf8').split(/\r?\n/).filter((l) => l.trim() !== '');
	const head = lines[0].split(',');
	const col = (name: string) => head.indexOf(name);
	const c = {
		cust: col('customerID'),
		id: col('invoiceNumber'),
		issue: col('InvoiceDate'),
		due: col('DueDate'),
		amount: col('InvoiceAmount'),
		disputed: col('Disputed'),
		settled: col('SettledDate'),
	};
	const invoices: LedgerInvoice[] = [];
	const customers = new Map<string, LedgerCustomer>();
	for (const line of lines.slice(1)) {
		const f = line.split(',');
		const customerId = f[c.cust];
		invoices.push({
			invoiceId: f[c.id],
			customerId,
			issueDay: usDay(f[c.issue]),
			dueDay: usDay(f[c.due]),
			paidDay: f[c.settled] ? usDay(f[c.settled]) : null,
			amount: Number(f[c.amount]),
			disputed: f[c.disputed] === 'Yes',
		});
		if (!customers.has(customerId)) customers.set(customerId, { customerId, segment: 'other', keyAccount: false });
	}
	return { invoices, customers };
}

function isLate(inv: LedgerInvoice): boolean {
	return inv.paidDay !== null && inv.paidDay > inv.dueDay;
}

function byCustomer(ledger: Ledger): Map<string, LedgerInvoice[]> {
	const map = new Map<string, LedgerInvoice[]>();
	for (const inv of ledger.invoices) {
		const list = map.get(inv.customerId);
		if (list) list.push(inv);
		else map.set(inv.customerId, [inv]);
	}
	return map;
}

function toPast(inv: LedgerInvoice): PastInvoice {
	return {
		invoiceId: inv.invoiceId,
		issueDate: formatDay(inv.issueDay),
		dueDate: formatDay(inv.dueDay),
		paidDate: inv.paidDay === null ? null : formatDay(inv.paidDay),
		amount: inv.amount,
		disputed: inv.disputed,
		failedCharges: inv.failedCharges,
		brokenPromises: inv.brokenPromises,
		partial: inv.partial,
	};
}

export interface EvalOptions {
	/** Pass the invoice's own Disputed flag (default true). */
	withDisputed?: boolean;
	/** Use a prepared (pre-parsed) history instead of the raw list (same result, faster). */
	prepared?: boolean;
	config?: RiskConfig;
	/** Only invoices issued in [fromDay, toDay). */
	fromDay?: number;
	toDay?: number;
}

export interface EvalResult {
	n: number;
	lateRate: number;
	/** AUC of the integer score, of lateProbability, and of the baseline. */
	model: number;
	modelProbability: number;
	baseline: number;
	/** Same, on invoices whose customer had at least one settled invoice before (baseline has data). */
	withHistory: { n: number; model: number; baseline: number };
	/** Scores per second of the evaluation loop (includes building inputs). */
	scoresPerSecond: number;
}

/** Score every invoice of a ledger with the model and the baseline. */
export function evaluate(ledger: Ledger, options: EvalOptions = {}): EvalResult {
	const withDisputed = options.withDisputed ?? true;
	const groups = byCustomer(ledger);
	const raw = new Map<string, PastInvoice[]>();
	const prepared = new Map<string, PreparedHistory>();
	for (const [id, list] of groups) {
		const past = list.map(toPast);
		raw.set(id, past);
		if (options.prepared) prepared.set(id, prepareHistory(past));
	}
	const globalLate = ledger.invoices.filter(isLate).length / ledger.invoices.length;
	const from = options.fromDay ?? -Infinity;
	const to = options.toDay ?? Infinity;
	const model: number[] = [];
	const prob: number[] = [];
	const base: number[] = [];
	const labels: boolean[] = [];
	const hasHist: boolean[] = [];
	const started = process.hrtime.bigint();
	for (const inv of ledger.invoices) {
		if (inv.paidDay === null || inv.issueDay < from || inv.issueDay >= to) continue;
		const cust = ledger.customers.get(inv.customerId)!;
		const customer: Pick<Customer, 'segment' | 'keyAccount' | 'annualValue' | 'customerSince'> = {
			segment: cust.segment,
			keyAccount: cust.keyAccount,
			annualValue: cust.annualValue,
			customerSince: cust.customerSince,
		};
		const r = scoreRisk(
			{
				invoice: {
					invoiceId: inv.invoiceId,
					amount: inv.amount,
					balance: inv.amount,
					issueDate: formatDay(inv.issueDay),
					dueDate: formatDay(inv.dueDay),
					disputed: withDisputed ? inv.disputed : false,
					autoCharge: inv.autoCharge === true,
				},
				customer,
				history: options.prepared ? prepared.get(inv.customerId)! : { kind: 'list', invoices: raw.get(inv.customerId)! },
				asOfDay: inv.issueDay,
			},
			options.config,
		);
		model.push(r.score);
		prob.push(r.lateProbability);
		labels.push(isLate(inv));
		// Baseline: late ratio over the customer's invoices settled by the issue day.
		let settled = 0;
		let late = 0;
		for (const other of groups.get(inv.customerId)!) {
			if (other === inv || other.paidDay === null || other.paidDay > inv.issueDay) continue;
			settled++;
			if (isLate(other)) late++;
		}
		base.push(settled > 0 ? late / settled : globalLate);
		hasHist.push(settled > 0);
	}
	const seconds = Number(process.hrtime.bigint() - started) / 1e9;
	const pick = <T>(xs: T[]) => xs.filter((_, i) => hasHist[i]);
	return {
		n: labels.length,
		lateRate: labels.filter(Boolean).length / labels.length,
		model: auc(model, labels),
		modelProbability: auc(prob, labels),
		baseline: auc(base, labels),
		withHistory: { n: pick(labels).length, model: auc(pick(model), pick(labels)), baseline: auc(pick(base), pick(labels)) },
		scoresPerSecond: labels.length / seconds,
	};
}

/** The issue day that splits a ledger's invoices into two halves by date. */
export function medianIssueDay(ledger: Ledger): number {
	const days = ledger.invoices.map((i) => i.issueDay).sort((a, b) => a - b);
	return days[Math.floor(days.length / 2)];
}

// ---------------------------------------------------------------------------------------------
// Synthetic ledger

/** Small seeded PRNG (mulberry32). */
export function rng(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

function normal(r: () => number): number {
	const u = Math.max(r(), 1e-12);
	return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r());
}

/**
 * A seeded synthetic ledger with the mechanisms AR teams see: each customer has a latent payment habit
 * (mean days vs due, spread), some drift worse (or better) over time, disputes delay payment, cash-strapped
 * customers break promises and fail charges, invoices much larger than usual take longer, card-on-file
 * customers pay on the due date unless the charge fails.
 */
export function syntheticLedger(seed: number, customers = 160): Ledger {
	const r = rng(seed);
	const invoices: LedgerInvoice[] = [];
	const custMap = new Map<string, LedgerCustomer>();
	const start = 19_000; // 2022-01-08
	const segments: Segment[] = ['enterprise', 'mid-market', 'smb', 'smb', 'consumer', 'public-sector'];
	for (let c = 0; c < customers; c++) {
		const customerId = `C${c}`;
		const habit = -6 + 9 * normal(r); // mean days relative to due (negative = early)
		const spread = 3 + 7 * r();
		const drift = r() < 0.3 ? (r() < 0.7 ? 1 : -0.6) * (0.3 + 1.2 * r()) : 0; // days per month
		const disputeRate = r() < 0.6 ? 0.03 : 0.1 + 0.4 * r();
		const stress = Math.max(0, habit / 10 + 0.5 * normal(r)); // cash trouble: broken promises, failed charges
		const autoCharge = r() < 0.2;
		const terms = r() < 0.7 ? 30 : r() < 0.5 ? 14 : 45;
		const usual = Math.exp(6 + 1.5 * r());
		const count = 12 + Math.floor(r() * 30);
		const gap = 700 / count;
		const firstDay = start + Math.floor(r() * 120);
		const segment = segments[Math.floor(r() * segments.length)];
		custMap.set(customerId, {
			customerId,
			segment,
			keyAccount: r() < 0.1,
			annualValue: Math.round(usual * (365 / gap)),
			customerSince: formatDay(firstDay - Math.floor(r() * 1500)),
		});
		for (let k = 0; k < count; k++) {
			const issueDay = firstDay + Math.floor(k * gap + r() * 5);
			const dueDay = issueDay + terms;
			const big = r() < 0.08;
			const amount = Math.round(usual * (big ? 3 + 5 * r() : 0.5 + r()) * 100) / 100;
			const disputed = r() < disputeRate;
			const months = (issueDay - firstDay) / 30;
			let margin = habit + drift * months + spread * normal(r);
			if (disputed) margin += 8 + 20 * r();
			if (big) margin += 4 + 6 * r();
			let failedCharges = 0;
			if (autoCharge) {
				if (r() < 0.1 + 0.3 * stress) {
					failedCharges = 1 + Math.floor(r() * 3);
					margin = Math.max(margin, 2 + 10 * r());
				} else margin = Math.min(margin, 0) - Math.floor(r() * 2);
			}
			const brokenPromises = margin > 10 && r() < 0.3 + 0.4 * Math.min(stress, 1) ? 1 + Math.floor(r() * 2) : 0;
			const paidDay = dueDay + Math.round(Math.max(-terms, margin));
			invoices.push({
				invoiceId: `${customerId}-${k}`,
				customerId,
				issueDay,
				dueDay,
				paidDay,
				amount,
				disputed,
				autoCharge,
				failedCharges,
				brokenPromises,
				partial: margin > 5 && r() < 0.2,
			});
		}
	}
	invoices.sort((a, b) => a.issueDay - b.issueDay);
	return { invoices, customers: custMap };
}
