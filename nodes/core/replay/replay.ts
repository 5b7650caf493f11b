/**
 * Policy replay: run a policy over a historical ledger, business day by business day, with the real
 * DecisionEngine, and report what it would have sent.
 *
 * For each business day d of [from, to] (the policy's business days) and each run time (HH:mm in the
 * policy's time zone, default one run at 09:00), `now` is that instant and:
 * - an invoice is open on d if it was issued on or before d and not yet paid by d (paid date > d, or
 *   never); credit notes and void rows are not followed up;
 * - its balance is the amount less payments dated on or before d; a dispute (flag, or opened/closed
 *   dates) holds while it is open on d;
 * - the customer's history is the customer's whole ledger: the risk model only counts what was known on
 *   d (issued by d; paid by d), so nothing leaks from the future;
 * - the touch log is simulated: every message the policy decides to send is logged at `now`, so
 *   dedupe ("already sent"), catch-up, the weekly touch cap and the minimum gap work as in production;
 * - approvals: an escalation that needs approval is counted once per (invoice, step); by default it is
 *   approved and goes out at the next run (`approvals: 'approve'`), or never ('reject' / 'pending').
 *   Each is counted under one reason, the first that applies: a key account (the rule no policy can
 *   turn off), then a balance above the policy's amount threshold, then a first reminder (nothing sent
 *   for the invoice before, `approval.firstContact`; all three at a tone that needs approval), then the
 *   step's own `approval: 'always'`. So `stepAlways` counts the approvals a step's rule adds on top of
 *   the tone rules.
 *
 * A message is "wasted" when the invoice was paid within N days (`wastedDays`, default 3) after it went
 * out: the customer was paying anyway.
 */
import { localToInstant, parseClock } from '../calendar';
import { formatDay, isoWeekday, parseDay } from '../dates';
import { approvalGround, preparePolicy, DecisionEngine } from '../engine';
import { describeValue, everyRecord, ValidationError } from '../errors';
import { prepareHistory } from '../risk';
import type { Approval, Customer, DecisionInput, HistoryInput, Invoice, PastInvoice, Policy, Touch } from '../types';
import { readCustomer, readInvoice } from '../validate';
import { isLedgerRecord, type LedgerRecord } from '../metrics/ledger';

export interface ReplayOptions {
	/** YYYY-MM-DD first day replayed. */
	from: string;
	/** YYYY-MM-DD last day replayed. */
	to: string;
	/** Run times, HH:mm in the policy's time zone (default ['09:00']: the daily workflow's one run). */
	runTimes?: string[];
	/** A message is wasted when the invoice was paid within this many days after it (default 3). */
	wastedDays?: number;
	/** What happens to escalations that need approval (default 'approve': approved, sent at the next run). */
	approvals?: 'approve' | 'reject' | 'pending';
	/** Keep the list of decisions that sent something (for a detailed export). Default false. */
	keepSends?: boolean;
}

export interface ReplaySend {
	day: string;
	at: string;
	invoiceId: string;
	customerId: string;
	step: string;
	tone: string;
	channels: string[];
	internal: boolean;
	wasted: boolean;
}

export interface ReplayReport {
	policy: { name: string; version: string };
	period: { from: string; to: string; businessDays: number; runs: number; runTimes: string[]; timeZone: string };
	invoices: {
		/** Invoices open on at least one replayed run. */
		followedUp: number;
		/** Of those, paid by the end of the period. */
		paidByEnd: number;
		decisions: number;
	};
	messages: {
		/** Customer-facing messages (one per channel). */
		total: number;
		byStep: Record<string, number>;
		byTone: Record<string, number>;
		byChannel: Record<string, number>;
		/** step · tone · channel rows, most frequent first. */
		rows: Array<{ step: string; tone: string; channel: string; count: number }>;
		/** Distinct customers messaged. */
		customers: number;
		/** Messages per invoice followed up. */
		perInvoice: number;
	};
	/** Internal alerts to account owners / finance (channel internal). */
	internalAlerts: number;
	wasted: { days: number; messages: number; share: number; byStep: Record<string, number> };
	approvals: {
		/** Distinct (invoice, step) escalations that needed an approval (= keyAccount + largeAmount + firstReminder + stepAlways + other). */
		needed: number;
		/** A key account at a tone that needs approval (policy.approval.tones). */
		keyAccount: number;
		/** Not a key account; the balance above the approval threshold of its currency (approvalThreshold), at a tone that needs approval. */
		largeAmount: number;
		/** Neither, and nothing sent for the invoice before (policy.approval.firstContact), at a tone that needs approval. */
		firstReminder: number;
		/** None of those: the step has approval 'always'. */
		stepAlways: number;
		/** None of the above (a rule this replay does not know): 0 unless the engine adds one. */
		other: number;
		byStep: Record<string, number>;
	};
	humanTasks: number;
	deferrals: {
		/** Runs on which a due message was held for quiet hours in the customer's zone. */
		quietHours: number;
		weekend: number;
		holiday: number;
		touchCap: number;
		minGap: number;
		/** Distinct (invoice, step) pairs deferred at least once for quiet hours / weekend / holiday. */
		distinctSteps: number;
	};
	/** Deciding reason codes over every decision (SEND, NOTHING_DUE, DISPUTE_OPEN…). */
	reasons: Record<string, number>;
	sends?: ReplaySend[];
}

interface Doc {
	rec: LedgerRecord;
	issue: number;
	paid: number | null;
	disputeFrom: number | null;
	disputeTo: number | null;
	invoice: Invoice;
	customer: Customer;
	history: HistoryInput;
	touches: Touch[];
	approvals: Approval[];
}

const inc = (o: Record<string, number>, k: string, n = 1) => {
	o[k] = (o[k] ?? 0) + n;
};

function dayOf(text: string, field: string): number {
	const d = parseDay(text);
	if (d === null) throw new ValidationError([{ field, message: 'must be a date (YYYY-MM-DD)', received: describeValue(text) }]);
	return d;
}

/**
 * Check that a ledger record can be replayed under a policy (customer and invoice fields the engine
 * validates: time zone, email, country…). Throws the engine's ValidationError naming the field; lets an
 * n8n node name the item before replaying.
 */
export function checkReplayRecord(rec: LedgerRecord, policyInput: unknown): void {
	const policy = preparePolicy(policyInput);
	if (rec.status === 'void' || rec.amount <= 0) return;
	readCustomer({ name: rec.customerId, ...rec.customer, customerId: rec.customerId }, policy);
	readInvoice({ invoiceId: rec.invoiceId, customerId: rec.customerId, amount: rec.amount, amountPaid: 0, currency: rec.currency, issueDate: rec.issueDate, dueDate: rec.dueDate, status: 'open' }, policy);
}

/**
 * Why a decision needed an approval: the engine's tone rules ({@link approvalGround}: key account, large amount, first
 * reminder), else the step's approval 'always'. `remindersSent`: the decision's aging.remindersSent.
 */
export function approvalReason(
	policy: Policy,
	customer: Customer,
	tone: string,
	balance: number,
	currency: string,
	stepId: string,
	remindersSent: number,
): 'keyAccount' | 'largeAmount' | 'firstReminder' | 'stepAlways' | 'other' {
	const ground = approvalGround(policy, customer.keyAccount, balance, currency, tone, remindersSent);
	if (ground !== null) return ground;
	if (policy.steps.find((s) => s.id === stepId)?.approval === 'always') return 'stepAlways';
	return 'other';
}

/** Replay a policy over a ledger. Throws ValidationError naming the field (options, policy, or `ledger[i].field`). */
export function replayPolicy(ledger: LedgerRecord[], policyInput: unknown, options: ReplayOptions): ReplayReport {
	everyRecord(ledger, 'ledger', 'metrics.readLedger', isLedgerRecord);
	if (typeof options !== 'object' || options === null) throw new ValidationError([{ field: 'options', message: 'must be an object (from, to, ...)', received: describeValue(options) }]);
	const policy: Policy = preparePolicy(policyInput);
	const from = dayOf(options.from, 'from');
	const to = dayOf(options.to, 'to');
	if (to < from) throw new ValidationError([{ field: 'to', message: `must not be before from (${options.from})`, received: describeValue(options.to) }]);
	if (to - from > 800) throw new ValidationError([{ field: 'to', message: 'the period is longer than 800 days', received: describeValue(options.to) }]);
	const runTimes = options.runTimes && options.runTimes.length ? options.runTimes : ['09:00'];
	const runMinutes = runTimes.map((t) => {
		const m = parseClock(t);
		if (m === null) throw new ValidationError([{ field: 'runTimes', message: 'must be times HH:mm (e.g. 09:00)', received: describeValue(t) }]);
		return m;
	});
	runMinutes.sort((a, b) => a - b);
	const wastedDays = options.wastedDays ?? 3;
	if (!Number.isInteger(wastedDays) || wastedDays < 0 || wastedDays > 365) throw new ValidationError([{ field: 'wastedDays', message: 'must be a whole number of days from 0 to 365', received: describeValue(wastedDays) }]);
	const approvalMode = options.approvals ?? 'approve';

	// Customers (first row wins), histories, invoices: validated once.
	const customers = new Map<string, Customer>();
	const histories = new Map<string, PastInvoice[]>();
	const docs: Doc[] = [];
	ledger.forEach((rec, i) => {
		// Void rows, credit notes and rows settled on an unknown day are not followed up.
		if (rec.status === 'void' || rec.amount <= 0 || (rec.status === 'paid' && rec.paidDate === null)) return;
		let customer = customers.get(rec.customerId);
		try {
			if (!customer) {
				customer = readCustomer({ name: rec.customerId, ...rec.customer, customerId: rec.customerId }, policy);
				customers.set(rec.customerId, customer);
			}
			const invoice = readInvoice({ invoiceId: rec.invoiceId, customerId: rec.customerId, amount: rec.amount, amountPaid: 0, currency: rec.currency, issueDate: rec.issueDate, dueDate: rec.dueDate, status: 'open' }, policy);
			let list = histories.get(rec.customerId);
			if (!list) histories.set(rec.customerId, (list = []));
			list.push({ invoiceId: rec.invoiceId, issueDate: rec.issueDate, dueDate: rec.dueDate, paidDate: rec.paidDate, amount: rec.amount, disputed: rec.disputed });
			docs.push({
				rec,
				issue: parseDay(rec.issueDate) as number,
				paid: rec.paidDate === null ? null : (parseDay(rec.paidDate) as number),
				disputeFrom: rec.disputed ? (rec.disputeOpened ? (parseDay(rec.disputeOpened) as number) : -Infinity) : null,
				disputeTo: rec.disputed && rec.disputeClosed ? (parseDay(rec.disputeClosed) as number) : null,
				invoice,
				customer,
				history: { kind: 'none' },
				touches: [],
				approvals: [],
			});
		} catch (e) {
			if (e instanceof ValidationError) throw new ValidationError(e.issues.map((is) => ({ ...is, field: `ledger[${i}].${is.field}` })));
			throw e;
		}
	});
	// Each customer's list with its dates parsed once (the engine would parse a list it is given without them per decision).
	const prepared = new Map<string, HistoryInput>();
	for (const [id, list] of histories) prepared.set(id, { kind: 'list', invoices: list, prepared: prepareHistory(list) });
	for (const d of docs) d.history = prepared.get(d.rec.customerId) as HistoryInput;
	// Customer touches (all invoices), for the weekly cap and the minimum gap across invoices.
	const customerTouches = new Map<string, Touch[]>();

	const report: ReplayReport = {
		policy: { name: policy.name, version: '' },
		period: { from: formatDay(from), to: formatDay(to), businessDays: 0, runs: 0, runTimes: runMinutes.map((m) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`), timeZone: policy.timeZone },
		invoices: { followedUp: 0, paidByEnd: 0, decisions: 0 },
		messages: { total: 0, byStep: {}, byTone: {}, byChannel: {}, rows: [], customers: 0, perInvoice: 0 },
		internalAlerts: 0,
		wasted: { days: wastedDays, messages: 0, share: 0, byStep: {} },
		approvals: { needed: 0, keyAccount: 0, largeAmount: 0, firstReminder: 0, stepAlways: 0, other: 0, byStep: {} },
		humanTasks: 0,
		deferrals: { quietHours: 0, weekend: 0, holiday: 0, touchCap: 0, minGap: 0, distinctSteps: 0 },
		reasons: {},
	};
	const sends: ReplaySend[] = [];
	const rows = new Map<string, { step: string; tone: string; channel: string; count: number }>();
	const followed = new Set<Doc>();
	const messaged = new Set<string>();
	const approvalKeys = new Set<string>();
	const taskKeys = new Set<string>();
	const deferredSteps = new Set<string>();
	const WEEK = 8 * 86_400_000;

	const business = new Set(policy.businessDays);
	for (let day = from; day <= to; day++) {
		if (!business.has(isoWeekday(day))) continue;
		report.period.businessDays++;
		const open = docs.filter((d) => d.issue <= day && (d.paid === null || d.paid > day));
		for (const minutes of runMinutes) {
			const nowMs = localToInstant(policy.timeZone, day, minutes);
			const now = new Date(nowMs).toISOString();
			const engine = new DecisionEngine(policy, now);
			if (!report.policy.version) report.policy.version = engine.fingerprint;
			report.period.runs++;
			const logged: Array<{ doc: Doc; touch: Touch }> = [];
			const approvedNow: Array<{ doc: Doc; approval: Approval }> = [];
			for (const doc of open) {
				followed.add(doc);
				let paidSoFar = 0;
				for (const p of doc.rec.payments) if ((parseDay(p.date) as number) <= day) paidSoFar += p.amount;
				const disputed = doc.disputeFrom !== null && doc.disputeFrom <= day && (doc.disputeTo === null || doc.disputeTo > day);
				const invoice: Invoice = paidSoFar === 0 && !disputed ? doc.invoice : { ...doc.invoice, amountPaid: paidSoFar, balance: Math.round((doc.invoice.amount - paidSoFar) * 100) / 100, disputed };
				let touches = doc.touches;
				const theirs = customerTouches.get(doc.rec.customerId);
				if (theirs && theirs.length) {
					const recent = theirs.filter((t) => t.invoiceId !== doc.rec.invoiceId && nowMs - Date.parse(t.sentAt) < WEEK);
					if (recent.length) touches = touches.concat(recent);
				}
				const input: DecisionInput = { invoice, customer: doc.customer, history: doc.history, touches, holds: [], approvals: doc.approvals };
				const decision = engine.decide(input);
				report.invoices.decisions++;
				inc(report.reasons, decision.reason.code);
				const stepKey = `${doc.rec.invoiceId}:${decision.step}`;
				switch (decision.reason.code) {
					case 'QUIET_HOURS':
						report.deferrals.quietHours++;
						deferredSteps.add(stepKey);
						break;
					case 'WEEKEND':
						report.deferrals.weekend++;
						deferredSteps.add(stepKey);
						break;
					case 'HOLIDAY':
						report.deferrals.holiday++;
						deferredSteps.add(stepKey);
						break;
					case 'TOUCH_CAP':
						report.deferrals.touchCap++;
						break;
					case 'MIN_GAP':
						report.deferrals.minGap++;
						break;
					default:
						break;
				}
				if (decision.outcome === 'approval' && decision.taskKey && !approvalKeys.has(decision.taskKey)) {
					approvalKeys.add(decision.taskKey);
					report.approvals.needed++;
					report.approvals[approvalReason(policy, doc.customer, decision.tone, decision.balance, decision.currency, decision.step as string, decision.aging.remindersSent)]++;
					inc(report.approvals.byStep, decision.step as string);
					if (approvalMode !== 'pending') approvedNow.push({ doc, approval: { invoiceId: doc.rec.invoiceId, step: decision.step as string, decision: approvalMode === 'approve' ? 'approved' : 'rejected', by: 'replay' } });
				}
				if (decision.outcome === 'human' && decision.taskKey && !taskKeys.has(decision.taskKey)) {
					taskKeys.add(decision.taskKey);
					report.humanTasks++;
				}
				if (decision.outcome !== 'send' || !decision.step) continue;
				const internal = decision.channels.every((c) => c === 'internal');
				const wasted = !internal && doc.paid !== null && doc.paid - day <= wastedDays;
				for (const channel of decision.channels) {
					const touch: Touch = { invoiceId: doc.rec.invoiceId, customerId: doc.rec.customerId, step: decision.step, channel, sentAt: now, dedupeKey: `${doc.rec.invoiceId}:${decision.step}:${channel}`, status: 'sent' };
					logged.push({ doc, touch });
					if (channel === 'internal') {
						report.internalAlerts++;
						continue;
					}
					report.messages.total++;
					inc(report.messages.byStep, decision.step);
					inc(report.messages.byTone, decision.tone);
					inc(report.messages.byChannel, channel);
					const rk = `${decision.step}|${decision.tone}|${channel}`;
					const row = rows.get(rk);
					if (row) row.count++;
					else rows.set(rk, { step: decision.step, tone: decision.tone, channel, count: 1 });
					messaged.add(doc.rec.customerId);
					if (wasted) {
						report.wasted.messages++;
						inc(report.wasted.byStep, decision.step);
					}
				}
				if (options.keepSends) sends.push({ day: formatDay(day), at: now, invoiceId: doc.rec.invoiceId, customerId: doc.rec.customerId, step: decision.step, tone: decision.tone, channels: decision.channels, internal, wasted });
			}
			// The run's sends enter the touch log after the run (the engine counts in-run sends itself).
			for (const { doc, touch } of logged) {
				doc.touches = doc.touches.concat(touch);
				if (touch.channel === 'internal') continue;
				let list = customerTouches.get(doc.rec.customerId);
				if (!list) customerTouches.set(doc.rec.customerId, (list = []));
				list.push(touch);
				if (list.length > 50) list.splice(0, list.length - 50);
			}
			for (const { doc, approval } of approvedNow) doc.approvals = doc.approvals.concat(approval);
		}
	}
	report.invoices.followedUp = followed.size;
	for (const d of followed) if (d.paid !== null && d.paid <= to) report.invoices.paidByEnd++;
	report.messages.rows = [...rows.values()].sort((a, b) => b.count - a.count || a.step.localeCompare(b.step) || a.channel.localeCompare(b.channel));
	report.messages.customers = messaged.size;
	report.messages.perInvoice = followed.size ? Math.round((report.messages.total / followed.size) * 100) / 100 : 0;
	report.wasted.share = report.messages.total ? Math.round((report.wasted.messages / report.messages.total) * 10000) / 10000 : 0;
	report.deferrals.distinctSteps = deferredSteps.size;
	if (!report.policy.version) report.policy.version = new DecisionEngine(policy, new Date(from * 86_400_000).toISOString()).fingerprint;
	if (options.keepSends) report.sends = sends;
	return report;
}
