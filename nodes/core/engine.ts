/**
 * The decision engine: one entry point that takes an invoice, its customer, history, touch log, holds,
 * approvals, the policy and `now`, and returns the full decision (tier, step, risk, stops, action,
 * reasons).
 *
 * An engine is built once per run (policy validated once, `now` fixed, calendars and formatters cached)
 * and then decides item after item. It also remembers the customer touches it decided to send during
 * the run, so two invoices of one customer in the same run respect the touch cap and minimum gap.
 *
 * Stop rules run in this fixed, documented order; the first one that fires decides the outcome, and
 * every rule that fired is listed in `reasons`:
 *
 *  1. INVOICE_PAID / INVOICE_VOID / INVOICE_UNCOLLECTIBLE / INVOICE_DRAFT / BALANCE_UNDER_TOLERANCE
 *  2. DISPUTE_OPEN
 *  3. PROMISE_TO_PAY / PAYMENT_PLAN            (until the promise date + grace, then resume)
 *  4. CUSTOMER_REPLIED                          (within the reply window)
 *  5. MANUAL_PAUSE / OUT_OF_OFFICE
 *  6. NOTHING_DUE / ALREADY_SENT                (aging: no step due today, or it already went out)
 *  7. OPTED_OUT / MISSING_CONTACT / BOUNCED     (channel dropped; fallback channel or a person)
 *  8. AUTO_CHARGE_PENDING
 *  9. QUIET_HOURS                               (customer's time zone)
 * 10. WEEKEND / HOLIDAY                         (customer's country and region)
 * 11. TOUCH_CAP                                 (per customer per rolling week)
 * 12. MIN_GAP                                   (between touches about different invoices of one customer)
 * 13. APPROVAL_REQUIRED / APPROVAL_REJECTED     (key account or large amount at a firm/escalating tone)
 * 14. HUMAN_TASK                                (the step itself is a task for a person)
 *  -> SEND
 */
import { ageInvoice, countsAsSent } from './aging';
import { BusinessCalendar, quietMinutes } from './calendar';
import { formatDay, formatInstant, MS_PER_DAY, parseDay } from './dates';
import { ValidationError } from './errors';
import { policyFingerprint, toneRank, validatePolicy } from './policy';
import { FactorPool, prepareHistory, scoreRisk, type PreparedHistory, type RiskConfig } from './risk';
import {
	CUSTOMER_CHANNELS,
	TONES,
	type Channel,
	type Customer,
	type Decision,
	type DecisionInput,
	type HistoryInput,
	type Hold,
	type Invoice,
	type Outcome,
	type PastInvoice,
	type Policy,
	type RiskResult,
	type StepDef,
	type StopReason,
	type Tone,
	type Touch,
} from './types';
import {
	dedupeKey,
	instantMs,
	readApprovals,
	readCustomer,
	readHistory,
	readHolds,
	readInvoice,
	readTouches,
} from './validate';

/** Raw (field-mapped, not yet validated) records of one decision. */
export interface RawDecisionInput {
	invoice: unknown;
	customer: unknown;
	history?: unknown;
	touches?: unknown;
	holds?: unknown;
	approvals?: unknown;
	risk?: RiskResult;
}

export const STOP_ORDER = [
	'INVOICE_PAID',
	'INVOICE_VOID',
	'INVOICE_UNCOLLECTIBLE',
	'INVOICE_DRAFT',
	'BALANCE_UNDER_TOLERANCE',
	'DISPUTE_OPEN',
	'PROMISE_TO_PAY',
	'PAYMENT_PLAN',
	'CUSTOMER_REPLIED',
	'MANUAL_PAUSE',
	'OUT_OF_OFFICE',
	'NOTHING_DUE',
	'ALREADY_SENT',
	'OPTED_OUT',
	'MISSING_CONTACT',
	'BOUNCED',
	'NO_REACHABLE_CHANNEL',
	'AUTO_CHARGE_PENDING',
	'QUIET_HOURS',
	'WEEKEND',
	'HOLIDAY',
	'TOUCH_CAP',
	'MIN_GAP',
	'APPROVAL_REJECTED',
	'APPROVAL_REQUIRED',
	'HUMAN_TASK',
] as const;

export type StopCode = (typeof STOP_ORDER)[number] | 'SEND';

const WEEK_MS = 7 * MS_PER_DAY;
const NO_HOLDS: Hold[] = [];
/** activeHolds of no holds (read only). */
const NO_ACTIVE_HOLDS: Readonly<ActiveHolds> = Object.freeze({ channelHolds: Object.freeze([]) as unknown as Hold[] });
const NO_HISTORY: HistoryInput = Object.freeze({ kind: 'none' }) as HistoryInput;

/** Where the contact for a channel lives on the customer. */
function hasContact(c: Customer, ch: Channel): boolean {
	switch (ch) {
		case 'email':
			return !!c.email;
		case 'sms':
		case 'whatsapp':
		case 'phone':
			return !!c.phone;
		case 'letter':
			return true;
		case 'internal':
			return true;
	}
}

export interface EngineOptions {
	/** Remember customer touches decided during this run for the touch cap / minimum gap (default true). */
	trackRunTouches?: boolean;
}

export class DecisionEngine {
	readonly policy: Policy;
	readonly nowMs: number;
	readonly now: string;
	readonly todayDay: number;
	readonly fingerprint: string;
	readonly calendar: BusinessCalendar;
	private readonly quiet: { startMin: number; endMin: number };
	private readonly runTouches = new Map<string, RecentTouch[]>();
	private readonly places = new Map<string, Map<string, Place>>();
	/**
	 * Per-run memos keyed by object identity: the validated history of a raw history (list or summary),
	 * and a validated list's dates parsed to day numbers for risk. A customer's history is one object
	 * shared by its invoices (as an export repeats it), so it is validated and parsed once per run.
	 */
	private readonly histories = new WeakMap<object, HistoryInput>();
	private readonly preparedHistories = new WeakMap<object, PreparedHistory>();
	private readonly trackRun: boolean;
	/** Risk bands of the policy, and one pool of equal (frozen) risk factors for the run's decisions. */
	private readonly riskConfig: RiskConfig;

	constructor(policy: unknown, now: unknown, options: EngineOptions = {}) {
		this.policy = preparePolicy(policy);
		const ms = instantMs(now);
		if (ms === null) throw new ValidationError([{ field: 'now', message: 'must be an ISO 8601 instant with a time zone (e.g. 2026-03-02T09:00:00Z)' }]);
		this.nowMs = ms;
		this.now = new Date(ms).toISOString();
		this.calendar = new BusinessCalendar({
			businessDays: this.policy.businessDays,
			holidaysEnabled: this.policy.holidays.enabled,
			extraDates: this.policy.holidays.extraDates,
		});
		this.todayDay = this.calendar.clock(this.policy.timeZone, ms).day;
		this.fingerprint = policyFingerprint(this.policy);
		this.quiet = quietMinutes(this.policy.quietHours);
		this.trackRun = options.trackRunTouches !== false;
		this.riskConfig = { bands: this.policy.risk.bands, pool: new FactorPool() };
	}

	/**
	 * Validate raw (already field-mapped) records into a typed decision input. Throws ValidationError
	 * naming the field. `parts: 'profile'` reads only invoice, customer and history (for risk scoring).
	 */
	prepare(raw: RawDecisionInput, parts: 'all' | 'profile' = 'all'): DecisionInput {
		const customer = readCustomer(raw.customer, this.policy);
		const invoice = readInvoice(raw.invoice, this.policy, customer.paymentTermsDays);
		if (invoice.customerId !== customer.customerId) {
			throw new ValidationError([{ field: 'customer.customerId', message: `does not match the invoice's customerId (${invoice.customerId})` }]);
		}
		const input: DecisionInput = { invoice, customer, history: this.readHistory(raw.history) };
		if (parts === 'all') {
			input.touches = readTouches(raw.touches, this.policy);
			input.holds = readHolds(raw.holds, this.policy);
			input.approvals = readApprovals(raw.approvals, this.policy);
		}
		if (raw.risk) input.risk = raw.risk;
		return input;
	}

	/** readHistory, once per raw history object in this run (validation has no other input than the policy). */
	private readHistory(raw: unknown): HistoryInput {
		if (typeof raw !== 'object' || raw === null) return readHistory(raw, this.policy);
		let h = this.histories.get(raw);
		if (h === undefined) {
			h = readHistory(raw, this.policy);
			this.histories.set(raw, h);
		}
		return h;
	}

	/** Validate raw records and decide. Throws ValidationError naming the field. */
	decideRaw(raw: RawDecisionInput): Decision {
		return this.decide(this.prepare(raw));
	}

	/** Aging only (tier, step due with catch-up, next step) for a prepared input. */
	age(input: DecisionInput) {
		const touches = (input.touches ?? []).filter((t) => t.invoiceId === input.invoice.invoiceId);
		return ageInvoice(input.invoice, this.todayDay, this.policy, { touches, resolveChannels: (s) => this.resolveChannels(s, input.customer) });
	}

	/** Everything about a customer's place (zone, country, region) that is the same for the whole run. */
	private placeOf(customer: Customer): Place {
		// zone -> "country|region" -> place: the zone is looked up without building a key per decision.
		let byZone = this.places.get(customer.timeZone);
		if (byZone === undefined) this.places.set(customer.timeZone, (byZone = new Map()));
		const country = customer.country ?? '';
		const key = customer.region === undefined ? country : `${country}|${customer.region}`;
		let p = byZone.get(key);
		if (p === undefined) {
			const clock = this.calendar.clock(customer.timeZone, this.nowMs);
			p = {
				clock,
				closed: this.calendar.closed(clock.day, customer.country, customer.region),
				nowWindow: this.calendar.nextSendWindow(this.nowMs, customer.timeZone, this.quiet, customer.country, customer.region),
				dayWindows: new Map(),
				dayWindowIso: new Map(),
			};
			byZone.set(key, p);
		}
		return p;
	}

	/** The earliest instant a message may reach this customer at or after `fromMs`. */
	sendWindow(fromMs: number, customer: Customer): number {
		if (fromMs === this.nowMs) return this.placeOf(customer).nowWindow;
		return this.calendar.nextSendWindow(fromMs, customer.timeZone, this.quiet, customer.country, customer.region);
	}

	/** The first send window on or after a calendar day (start of that day in the customer's zone). */
	private windowFromDay(day: number, customer: Customer, place: Place = this.placeOf(customer)): string {
		let iso = place.dayWindowIso.get(day);
		if (iso === undefined) {
			const startOfDay = this.calendar.startOfDay(customer.timeZone, day);
			const at = this.calendar.nextSendWindow(Math.max(startOfDay, this.nowMs), customer.timeZone, this.quiet, customer.country, customer.region);
			place.dayWindows.set(day, at);
			iso = formatInstant(at);
			place.dayWindowIso.set(day, iso);
		}
		return iso;
	}

	riskOf(input: DecisionInput): RiskResult {
		if (input.risk) return input.risk;
		const history = input.history ?? NO_HISTORY;
		return scoreRisk(
			{ invoice: input.invoice, customer: input.customer, history: history.kind === 'list' ? history.prepared ?? this.preparedHistory(history) : history, asOfDay: this.todayDay },
			this.riskConfig,
		);
	}

	/** A history list with its dates parsed, once per list object in this run (risk scores the same list for each invoice of the customer). */
	private preparedHistory(history: { kind: 'list'; invoices: PastInvoice[] }): PreparedHistory {
		let p = this.preparedHistories.get(history);
		if (p === undefined) {
			p = prepareHistory(history.invoices);
			this.preparedHistories.set(history, p);
		}
		return p;
	}

	/** The channels a step uses for this customer: the preferred channel replaces SMS/WhatsApp when it is one of them. */
	resolveChannels(step: StepDef, customer: Customer): Channel[] {
		if (step.audience === 'internal') return step.channels;
		const pref = customer.preferredChannel;
		if (!pref || step.channels.includes(pref)) {
			if (!pref || step.channels[0] === pref) return step.channels;
			return [pref, ...step.channels.filter((c) => c !== pref)];
		}
		// A customer who prefers WhatsApp gets WhatsApp where the step would text them.
		if ((pref === 'whatsapp' && step.channels.includes('sms')) || (pref === 'sms' && step.channels.includes('whatsapp'))) {
			const other = pref === 'whatsapp' ? 'sms' : 'whatsapp';
			return step.channels.map((c) => (c === other ? pref : c));
		}
		return step.channels;
	}

	toneFor(step: StepDef, risk: RiskResult): Tone {
		let rank = toneRank(step.tone);
		if (this.policy.risk.adjustTone) {
			if (risk.band === 'low') rank -= 1;
			else if (risk.band === 'high' || risk.band === 'critical') rank += 1;
		}
		const min = step.minTone ? toneRank(step.minTone) : Math.max(0, toneRank(step.tone) - 1);
		const max = step.maxTone ? toneRank(step.maxTone) : Math.min(TONES.length - 1, toneRank(step.tone) + 1);
		return TONES[Math.min(max, Math.max(min, rank))];
	}

	decide(input: DecisionInput): Decision {
		const { invoice, customer } = input;
		const policy = this.policy;
		const today = this.todayDay;
		const holds = input.holds ?? NO_HOLDS;
		const allTouches = input.touches ?? [];
		const invoiceTouches: Touch[] = [];
		for (const t of allTouches) if (t.invoiceId === invoice.invoiceId) invoiceTouches.push(t);

		const aging = ageInvoice(invoice, today, policy, {
			touches: invoiceTouches,
			resolveChannels: (s) => this.resolveChannels(s, customer),
		});
		const risk = this.riskOf(input);
		const step = aging.step;
		const tone = step ? this.toneFor(step, risk) : risk.tone;
		const verdict = new Verdict();
		const place = this.placeOf(customer);
		const untilWindow = (untilDay: number | null): string | null => (untilDay === null ? null : this.windowFromDay(untilDay + 1, customer, place));

		// 1. Invoice state and balance.
		const tolerance = Math.max(policy.tolerance.amount, (policy.tolerance.percent / 100) * invoice.amount);
		if (invoice.status !== 'open') {
			const code = invoice.status === 'paid' ? 'INVOICE_PAID' : invoice.status === 'void' ? 'INVOICE_VOID' : invoice.status === 'draft' ? 'INVOICE_DRAFT' : 'INVOICE_UNCOLLECTIBLE';
			verdict.add('hold', { code, message: `Invoice is ${invoice.status}: no follow-up.`, resumeAt: null });
		} else if (invoice.balance <= tolerance) {
			verdict.add('hold', { code: 'BALANCE_UNDER_TOLERANCE', message: `Balance ${invoice.balance} ${invoice.currency} is within the tolerance (${round2(tolerance)}): treated as settled.`, resumeAt: null });
		}

		// 2-5. Holds from the store.
		const active = holds.length === 0 ? NO_ACTIVE_HOLDS : activeHolds(holds, invoice, today, policy.promiseGraceDays);
		if (invoice.disputed || active.dispute) {
			verdict.add('hold', { code: 'DISPUTE_OPEN', message: 'A dispute is open: no follow-up until it is resolved.', resumeAt: null });
		}
		if (active.promise) {
			const end = active.promise.endDay;
			verdict.add('hold', { code: 'PROMISE_TO_PAY', message: `Customer promised to pay by ${active.promise.hold.until}; holding until ${formatDay(end)} (grace included).`, resumeAt: untilWindow(end) });
		}
		if (active.plan) {
			verdict.add('hold', { code: 'PAYMENT_PLAN', message: active.plan.until ? `A payment plan is active until ${active.plan.until}.` : 'A payment plan is active.', resumeAt: untilWindow(dayOrNull(active.plan.until)) });
		}
		if (active.replied) {
			verdict.add('hold', { code: 'CUSTOMER_REPLIED', message: `The customer replied; a person follows up${active.replied.until ? ` (paused until ${active.replied.until})` : ''}.`, resumeAt: untilWindow(dayOrNull(active.replied.until)) });
		}
		if (active.pause) {
			verdict.add('hold', { code: 'MANUAL_PAUSE', message: active.pause.until ? `Paused by a person until ${active.pause.until}.` : 'Paused by a person.', resumeAt: untilWindow(dayOrNull(active.pause.until)) });
		}
		if (active.ooo) {
			verdict.add('hold', { code: 'OUT_OF_OFFICE', message: `Contact is out of office${active.ooo.until ? ` until ${active.ooo.until}` : ''}.`, resumeAt: untilWindow(dayOrNull(active.ooo.until)) });
		}

		// 6. Aging: is a step due?
		const dueDay = parseDay(invoice.dueDate) as number;
		if (!step) {
			const nextAt = aging.nextStep ? untilWindow((parseDay(aging.nextStep.date) as number) - 1) : null;
			if (aging.alreadySent) {
				verdict.add('hold', { code: 'ALREADY_SENT', message: `Step ${aging.alreadySent} already went out${aging.nextStep ? `; next: ${aging.nextStep.id} on ${aging.nextStep.date}` : ''}.`, resumeAt: nextAt });
			} else {
				verdict.add('hold', { code: 'NOTHING_DUE', message: aging.nextStep ? `Nothing due today; next: ${aging.nextStep.id} on ${aging.nextStep.date}.` : 'No further step in the cadence.', resumeAt: nextAt });
			}
		}

		// 7. Channels (customer-facing steps only).
		let channels: Channel[] = [];
		const dropped: Array<{ channel: Channel; code: string }> = [];
		if (step) {
			if (step.audience === 'internal') channels = aging.pendingChannels;
			else {
				const usable = (c: Channel) => channelBlock(c, customer, active.channelHolds);
				for (const c of aging.pendingChannels) {
					const why = usable(c);
					if (why) dropped.push({ channel: c, code: why });
					else channels.push(c);
				}
				const stepChannels = this.resolveChannels(step, customer);
				const partlySent = aging.pendingChannels.length < stepChannels.length;
				if (channels.length === 0 && !partlySent) {
					const sent = new Set(invoiceTouches.filter((t) => t.step === step.id && countsAsSent(t)).map((t) => t.channel));
					const fb = policy.fallbackChannels.find((c) => !sent.has(c) && !stepChannels.includes(c) && usable(c) === null);
					if (fb) channels.push(fb);
				}
				for (const d of dropped) {
					verdict.reasons.push({
						code: d.code,
						message:
							d.code === 'OPTED_OUT'
								? `Customer opted out of ${d.channel}.`
								: d.code === 'MISSING_CONTACT'
									? `No ${d.channel === 'email' ? 'email address' : 'phone number'} for ${d.channel}.`
									: `The ${d.channel} contact bounced.`,
					});
				}
				if (channels.length === 0) {
					if (partlySent) verdict.add('hold', { code: 'ALREADY_SENT', message: `Step ${step.id} went out on the channels that can reach the customer.`, resumeAt: aging.nextStep ? untilWindow((parseDay(aging.nextStep.date) as number) - 1) : null });
					else verdict.add('human', { code: 'NO_REACHABLE_CHANNEL', message: `No channel can reach the customer for step ${step.id}: a person should contact them.`, resumeAt: null });
				}
			}
		}

		if (step && step.audience === 'customer') {
			// 8. Auto-charge.
			if (invoice.autoCharge && invoice.autoChargePending !== false && aging.daysPastDue <= policy.autoChargeGraceDays) {
				const end = dueDay + policy.autoChargeGraceDays;
				verdict.add('hold', { code: 'AUTO_CHARGE_PENDING', message: `The card or mandate on file will be charged; reminders wait until ${formatDay(end + 1)}.`, resumeAt: untilWindow(end) });
			}
			// 9-10. Quiet hours, weekend, holiday in the customer's zone and region.
			const closed = place.closed;
			const window = place.nowWindow;
			if (window > this.nowMs) {
				const resumeAt = (place.nowWindowIso ??= formatInstant(window));
				if (closed.closed) {
					const code = closed.why === 'weekend' ? 'WEEKEND' : 'HOLIDAY';
					verdict.add('hold', { code, message: closed.why === 'weekend' ? 'Weekend where the customer is.' : `Holiday where the customer is${closed.name ? ` (${closed.name})` : ''}.`, resumeAt });
				} else {
					verdict.add('hold', { code: 'QUIET_HOURS', message: `Quiet hours in ${customer.timeZone} (${policy.quietHours.start}-${policy.quietHours.end}).`, resumeAt });
				}
			}
			// 11-12. Touch cap and minimum gap across the customer's invoices.
			// Every message counts (a step by email and SMS is two); the gap applies between different invoices,
			// since one invoice's own cadence (D-1, D0, D+1 on consecutive days) sets its spacing.
			const recent = this.recentCustomerTouches(customer.customerId, allTouches);
			if (recent.length >= policy.touchCap.perCustomerPerWeek) {
				const freeAt = recent[recent.length - policy.touchCap.perCustomerPerWeek].ms + WEEK_MS;
				verdict.add('hold', { code: 'TOUCH_CAP', message: `Already ${recent.length} messages to this customer in 7 days (cap ${policy.touchCap.perCustomerPerWeek}).`, resumeAt: formatInstant(this.sendWindow(freeAt, customer)) });
			}
			let last: number | null = null;
			for (const t of recent) if (t.invoiceId !== invoice.invoiceId) last = t.ms;
			if (last !== null && policy.minGapHours > 0 && this.nowMs - last < policy.minGapHours * 3_600_000) {
				const freeAt = last + policy.minGapHours * 3_600_000;
				verdict.add('hold', { code: 'MIN_GAP', message: `A message about another invoice reached this customer under ${policy.minGapHours} hours ago.`, resumeAt: formatInstant(this.sendWindow(freeAt, customer)) });
			}
			// 13. Approval.
			const approval = (input.approvals ?? []).find((a) => a.invoiceId === invoice.invoiceId && a.step === step.id);
			const needs = step.approval === 'always' || (policy.approval.tones.includes(tone) && (customer.keyAccount || (policy.approval.amountThreshold !== null && invoice.balance > policy.approval.amountThreshold)));
			if (needs) {
				if (approval?.decision === 'rejected') {
					verdict.add('hold', { code: 'APPROVAL_REJECTED', message: `Step ${step.id} was rejected by ${approval.by ?? 'the approver'}.`, resumeAt: aging.nextStep ? untilWindow((parseDay(aging.nextStep.date) as number) - 1) : null });
				} else if (approval?.decision !== 'approved') {
					const who = customer.keyAccount ? 'key account' : `balance above ${policy.approval.amountThreshold} ${invoice.currency}`;
					verdict.add('approval', { code: 'APPROVAL_REQUIRED', message: step.approval === 'always' ? `Step ${step.id} always needs an approval.` : `${capitalize(tone)} message to a ${who}: needs approval by ${policy.approval.approver === 'finance' ? 'finance' : 'the account owner'}.`, resumeAt: null });
				}
			}
		}
		// 14. Tasks for a person.
		if (step && step.kind === 'task') {
			verdict.add('human', { code: 'HUMAN_TASK', message: `${step.label}.`, resumeAt: null });
		}

		if (verdict.outcome === null) verdict.add('send', { code: 'SEND', message: `Send ${step!.id} (${tone}) by ${channels.join(' + ')}.` });
		const outcome = verdict.outcome as Outcome;
		const deciding = verdict.deciding as StopReason;
		const reasons = verdict.reasons;
		if (outcome === 'send' && step && step.audience === 'customer' && this.trackRun) {
			let list = this.runTouches.get(customer.customerId);
			if (!list) this.runTouches.set(customer.customerId, (list = []));
			for (let i = 0; i < channels.length; i++) list.push({ ms: this.nowMs, invoiceId: invoice.invoiceId });
		}
		const sendable = outcome === 'send' || outcome === 'approval';
		const usedChannels = step && (sendable || outcome === 'human') ? channels : [];
		return {
			invoiceId: invoice.invoiceId,
			customerId: invoice.customerId,
			now: this.now,
			outcome,
			reason: deciding,
			reasons,
			aging,
			risk,
			tone,
			channels: sendable ? usedChannels : [],
			droppedChannels: dropped,
			dedupeKeys: sendable && step ? usedChannels.map((c) => dedupeKey(invoice.invoiceId, step.id, c)) : [],
			taskKey: step && (outcome === 'human' || outcome === 'approval') ? `${invoice.invoiceId}:${step.id}:${outcome}` : null,
			step: step ? step.id : null,
			template: step ? step.template ?? step.id : null,
			ccFinance: !!step?.ccFinance,
			balance: invoice.balance,
			currency: invoice.currency,
			policyVersion: this.fingerprint,
		};
	}

	/** Customer-facing touches of this customer in the last 7 days (store + this run), oldest first. */
	private recentCustomerTouches(customerId: string, touches: Touch[]): RecentTouch[] {
		const from = this.nowMs - WEEK_MS;
		const out: RecentTouch[] = [];
		for (const t of touches) {
			if (t.channel === 'internal' || !countsAsSent(t)) continue;
			if (t.customerId !== undefined && t.customerId !== customerId) continue;
			const ms = (t as Touch & { sentAtMs?: number }).sentAtMs ?? Date.parse(t.sentAt);
			if (ms > from && ms <= this.nowMs) out.push({ ms, invoiceId: t.invoiceId });
		}
		const run = this.runTouches.get(customerId);
		if (run) for (const t of run) out.push(t);
		for (let i = 1; i < out.length; i++) if (out[i].ms < out[i - 1].ms) return out.sort(byMs);
		return out; // already oldest first (as a touch log is written)
	}
}

interface RecentTouch {
	ms: number;
	invoiceId: string;
}

interface Place {
	clock: { day: number; minutes: number };
	closed: { closed: boolean; why?: 'weekend' | 'holiday' | 'company'; name?: string };
	nowWindow: number;
	/** nowWindow as ISO text, once needed. */
	nowWindowIso?: string;
	dayWindows: Map<number, number>;
	dayWindowIso: Map<number, string>;
}

interface ActiveHolds {
	dispute?: Hold;
	promise?: { hold: Hold; endDay: number };
	plan?: Hold;
	replied?: Hold;
	pause?: Hold;
	ooo?: Hold;
	channelHolds: Hold[];
}

/** The holds that apply to this invoice today (invoice-scoped, or customer-scoped). */
export function activeHolds(holds: Hold[], invoice: Invoice, today: number, promiseGraceDays: number): ActiveHolds {
	const out: ActiveHolds = { channelHolds: [] };
	for (const h of holds) {
		if (!h.active) continue;
		if (h.invoiceId !== undefined ? h.invoiceId !== invoice.invoiceId : h.customerId !== invoice.customerId) continue;
		const until = h.until === null ? null : (parseDay(h.until) as number);
		switch (h.type) {
			case 'dispute':
				out.dispute = h;
				break;
			case 'promise': {
				// A promise holds through its date plus grace; after that it is broken and the sequence resumes.
				if (until === null) break;
				const end = until + promiseGraceDays;
				if (end >= today && (!out.promise || end > out.promise.endDay)) out.promise = { hold: h, endDay: end };
				break;
			}
			case 'optout':
			case 'bounced':
				if (until === null || until >= today) out.channelHolds.push(h);
				break;
			default:
				if (until === null || until >= today) {
					const prev = out[h.type];
					if (!prev || (prev.until !== null && (h.until === null || h.until > prev.until))) out[h.type] = h;
				}
		}
	}
	return out;
}

/** Why a channel cannot reach the customer (opt-out, no contact, bounced, in that order), or null. */
function channelBlock(c: Channel, customer: Customer, channelHolds: Hold[]): 'OPTED_OUT' | 'MISSING_CONTACT' | 'BOUNCED' | null {
	if (customer.optOut.includes(c) || channelHolds.some((h) => h.type === 'optout' && (h.channel ? h.channel === c : CUSTOMER_CHANNELS.includes(c)))) return 'OPTED_OUT';
	if (!hasContact(customer, c)) return 'MISSING_CONTACT';
	if (customer.bounced.includes(c) || channelHolds.some((h) => h.type !== 'optout' && h.channel === c)) return 'BOUNCED';
	return null;
}

/** The outcome so far: the first rule that fired decides; every rule that fired is a reason. */
class Verdict {
	outcome: Outcome | null = null;
	deciding: StopReason | null = null;
	readonly reasons: StopReason[] = [];

	add(outcome: Outcome, reason: StopReason): void {
		this.reasons.push(reason);
		if (this.outcome === null) {
			this.outcome = outcome;
			this.deciding = reason;
		}
	}
}

function byMs(a: RecentTouch, b: RecentTouch): number {
	return a.ms - b.ms;
}

function dayOrNull(text: string | null): number | null {
	return text === null ? null : parseDay(text);
}

function round2(n: number): number {
	return Math.round(n * 100) / 100;
}

function capitalize(s: string): string {
	return s.charAt(0).toUpperCase() + s.slice(1);
}

const validated = new WeakSet<object>();

/** Validate a policy once and mark it so engines built from it skip re-validation. */
export function preparePolicy(input: unknown): Policy {
	if (typeof input === 'object' && input !== null && validated.has(input)) return input as Policy;
	const p = validatePolicy(input);
	validated.add(p);
	return p;
}

/** One-shot convenience: decide a single (already typed) input. */
export function decide(input: DecisionInput, policy: unknown, now: string): Decision {
	return new DecisionEngine(preparePolicy(policy), now).decide(input);
}
