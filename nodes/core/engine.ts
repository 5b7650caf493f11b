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
 *  8. CREDIT_ON_ACCOUNT                         (credit not applied yet covers the balance: a person applies it)
 *  9. AUTO_CHARGE_PENDING
 * 10. QUIET_HOURS                               (customer's time zone)
 * 11. WEEKEND / HOLIDAY                         (customer's country and region)
 * 12. TOUCH_CAP                                 (per customer per rolling week)
 * 13. MIN_GAP                                   (between touches about different invoices of one customer)
 * 14. APPROVAL_REQUIRED / APPROVAL_REJECTED     (key account or large amount at a firm/escalating tone)
 * 15. HUMAN_TASK                                (the step itself is a task for a person)
 *  -> SEND
 */
import { ageInvoice, countsAsSent, stepChannelsFor, type AgingOptions } from './aging';
import { BusinessCalendar, quietMinutes } from './calendar';
import { formatDay, formatInstant, MS_PER_DAY, parseDay } from './dates';
import { ValidationError } from './errors';
import { contactKind, contactOf, sameContact } from './contact';
import { copyData, sameData } from './same';
import { toleranceAmount } from './money';
import { approvalThreshold, policyFingerprint, toneRank, validatePolicy } from './policy';
import { FactorPool, prepareHistory, scoreRisk, type PreparedHistory, type RiskConfig, type RiskHistoryInput } from './risk';
import {
	CUSTOMER_CHANNELS,
	TONES,
	type Approval,
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
	minorDigits,
	readApprovals,
	readCustomer,
	readHistory,
	readHolds,
	readInvoice,
	readRisk,
	readTouches,
	type IdTable,
	sameHistoryList,
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
	'CREDIT_ON_ACCOUNT',
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
const NO_TOUCHES: Touch[] = Object.freeze([]) as unknown as Touch[];
const NO_CHANNELS: Channel[] = Object.freeze([]) as unknown as Channel[];
const NO_DROPPED: Array<{ channel: Channel; code: string }> = Object.freeze([]) as unknown as Array<{ channel: Channel; code: string }>;
const NO_STRINGS: string[] = Object.freeze([]) as unknown as string[];
/** Reasons that read the same for every invoice are one frozen object. */
const NO_REASON: StopReason = Object.freeze({ code: '', message: '' });
const REASON_DISPUTE: StopReason = Object.freeze({ code: 'DISPUTE_OPEN', message: 'A dispute is open: no follow-up until it is resolved.', resumeAt: null });
/** Key for "no next step" in the per-place reason memos. */
const NO_NEXT = Object.freeze({ id: '', date: '' });
/**
 * Equal risk factors as one frozen object, for every engine of the process (bounded: see FactorPool). A run's
 * factors are mostly those of the day before (a customer's tenure, value, invoice sizes), so they are kept
 * from run to run instead of made afresh for each engine.
 */
const FACTOR_POOL = new FactorPool();

/** Whether the customer has the contact a channel uses (a letter or a person needs none). */
function hasContact(c: Customer, ch: Channel): boolean {
	return contactKind(ch) === null || !!contactOf(c, ch);
}

export interface EngineOptions {
	/** Remember customer touches decided during this run for the touch cap / minimum gap (default true). */
	trackRunTouches?: boolean;
	/**
	 * Validate each customer's record, history and touch log once per run and share them, with the risk statistics
	 * drawn from the history, between the customer's invoices, and keep the run's invoice and customer ids as one
	 * string each (default true: for a run that keeps its inputs or decisions, as the programmatic API and the
	 * benchmark do). false: each input's records are validated on their own and nothing
	 * of them outlives the input. The AR nodes use false: validating a record costs about what comparing it with the
	 * customer's last one does, and the shared records would stay in n8n's heap as garbage for the rest of the
	 * execution (about 190 MB over the four nodes at 100,000 invoices with n8n's default heap limit). Decisions are
	 * the same either way.
	 */
	shareRecords?: boolean;
}

/** How deep a customer record or history summary is compared with the one last validated (and copied for it). */
const SAME_RECORD_DEPTH = 3;

/** How deep a history list is compared ({@link sameHistoryList}: the list, its entries, their fields) and copied. */
const SAME_LIST_DEPTH = 2;

/** readHistory of a record shared between a customer's invoices (frozen, so risk scoring memoises it). */
function readSharedHistory(raw: unknown, policy: Policy, ids?: IdTable): HistoryInput {
	return readHistory(raw, policy, true, ids);
}

/** A validated touch list, frozen with its touches (shared between a customer's invoices). */
function readFrozenTouches(raw: unknown, policy: Policy, ids?: IdTable): Touch[] {
	const list = readTouches(raw, policy, ids);
	for (let i = 0; i < list.length; i++) Object.freeze(list[i]);
	return Object.freeze(list) as Touch[];
}

/** Two raw touch lists equal as JSON data: the list, its entries, their fields. */
function sameTouchList(a: unknown, b: unknown): boolean {
	return sameData(a, b, SAME_LIST_DEPTH);
}

/** Two raw records equal as JSON data, three levels deep (what validation reads of a customer or a summary). */
function sameRecord(a: unknown, b: unknown): boolean {
	return sameData(a, b, SAME_RECORD_DEPTH);
}

/** approvalReason's key for an approval asked because the message would be the invoice's first reminder. */
const FIRST_CONTACT = '#first';

/**
 * Why a customer message in `tone` needs an approval under the policy's tone rules (step 13 of the stop check), the
 * first that applies: a key account, a balance above the amount threshold, or the invoice's first reminder
 * (`remindersSent` 0, with approval.firstContact); null when none does (a step with approval 'always' still needs
 * one). The engine decides with it and the replay counts by it.
 */
export function approvalGround(
	policy: Policy,
	keyAccount: boolean,
	balance: number,
	currency: string,
	tone: string,
	remindersSent: number,
): 'keyAccount' | 'largeAmount' | 'firstReminder' | null {
	if (!(policy.approval.tones as string[]).includes(tone)) return null;
	if (keyAccount) return 'keyAccount';
	const threshold = approvalThreshold(policy, currency);
	if (threshold !== null && balance > threshold) return 'largeAmount';
	if (policy.approval.firstContact && remindersSent === 0) return 'firstReminder';
	return null;
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
	private readonly places = new Map<string, Map<string, Map<string, Place>>>();
	/**
	 * Per-run memos: the last customer record and history validated for each customer id (with a copy of the raw
	 * record, to recognise an equal one), and a frozen history list's dates parsed for risk when it came
	 * validated from elsewhere (keyed by the list).
	 */
	private readonly customers = new Map<string | number, { raw: unknown; value: Customer }>();
	private readonly histories = new Map<string, { raw: unknown; value: HistoryInput }>();
	private readonly touchLists = new Map<string, { raw: unknown; value: Touch[] }>();
	/** With shareRecords, the run's identifiers, one string each (see IdTable). */
	private readonly ids: IdTable | undefined;
	private readonly preparedHistories = new WeakMap<object, PreparedHistory>();
	private readonly trackRun: boolean;
	private readonly shareRecords: boolean;
	/** Risk bands of the policy, and one pool of equal (frozen) risk factors for the run's decisions. */
	private readonly riskConfig: RiskConfig;
	/** Reasons and messages that repeat across the run's decisions, made once. */
	private readonly approvalReasons = new Map<string, Map<string, StopReason>>();
	private readonly approvalReasonsByStep = new Map<string, Map<string, StopReason>>();
	private readonly sendReasons = new Map<Channel[], Map<Tone, Map<string, StopReason>>>();
	private readonly touchCapMessages: string[] = [];
	private minGapMessage: string | undefined;
	/** Reused objects of the per-decision calls (decide is synchronous and not re-entrant). */
	private readonly verdict = new Verdict();
	private readonly agingOptions: AgingOptions = { touches: NO_TOUCHES, invoiceId: undefined, preferredChannel: undefined };
	private readonly riskInput: { invoice: Invoice; customer: Customer; history: RiskHistoryInput; asOfDay: number } = {
		invoice: undefined as unknown as Invoice,
		customer: undefined as unknown as Customer,
		history: NO_HISTORY,
		asOfDay: 0,
	};

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
		this.shareRecords = options.shareRecords !== false;
		this.ids = this.shareRecords ? new Map() : undefined;
		this.riskConfig = { bands: this.policy.risk.bands, pool: FACTOR_POOL };
	}

	/**
	 * Validate raw (already field-mapped) records into a typed decision input. Throws ValidationError
	 * naming the field. `parts: 'profile'` reads only invoice, customer and history (for risk scoring).
	 */
	prepare(raw: RawDecisionInput, parts: 'all' | 'profile' = 'all'): DecisionInput {
		if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
			throw new ValidationError([{ field: 'input', message: 'must be an object with the invoice, customer, history, touches and holds', received: raw === null ? 'null' : Array.isArray(raw) ? 'a list' : typeof raw }]);
		}
		const customer = this.readCustomer(raw.customer);
		const invoice = readInvoice(raw.invoice, this.policy, customer.paymentTermsDays, this.ids);
		if (invoice.customerId !== customer.customerId) {
			throw new ValidationError([{ field: 'customer.customerId', message: `does not match the invoice's customerId (${invoice.customerId})` }]);
		}
		const input = new ValidInput(invoice, customer, this.readHistory(raw.history, customer.customerId));
		if (parts === 'all') {
			input.touches = this.readTouches(raw.touches, customer.customerId);
			input.holds = readHolds(raw.holds, this.policy);
			input.approvals = readApprovals(raw.approvals, this.policy);
		}
		if (raw.risk !== undefined && raw.risk !== null) input.risk = readRisk(raw.risk);
		return Object.freeze(input);
	}

	/**
	 * A customer's record, validated once per run: every invoice of a customer carries the same customer
	 * record (equal data, though each n8n item has its own copy), and validation is a pure function of the
	 * record and the policy, so a record equal to the one last validated for the id gets the same result
	 * (with `shareRecords`; without, each record is validated on its own).
	 */
	private readCustomer(raw: unknown): Customer {
		const id = this.shareRecords && typeof raw === 'object' && raw !== null ? ownId(raw) : undefined;
		return id === undefined ? readCustomer(raw, this.policy, this.ids) : this.remembered(this.customers, id, raw as object, readCustomer);
	}

	/**
	 * A customer's history (list or summary), validated once per run in the same way as {@link readCustomer}; a list
	 * is compared on the fields validation reads only ({@link sameHistoryList}).
	 */
	private readHistory(raw: unknown, customerId: string): HistoryInput {
		if (!this.shareRecords) return readHistory(raw, this.policy, false);
		if (typeof raw !== 'object' || raw === null) return readHistory(raw, this.policy, true, this.ids);
		return Array.isArray(raw) ? this.remembered(this.histories, customerId, raw, readSharedHistory, sameHistoryList, SAME_LIST_DEPTH) : this.remembered(this.histories, customerId, raw, readSharedHistory);
	}

	/**
	 * A customer's touch log, validated once per run like {@link readCustomer}: a run usually gives each of a
	 * customer's invoices the customer's whole log (the touch cap counts every invoice's messages), so equal lists
	 * share one validated list (frozen: decide only reads it).
	 */
	private readTouches(raw: unknown, customerId: string): Touch[] {
		if (!this.shareRecords || !Array.isArray(raw)) return readTouches(raw, this.policy, this.ids);
		return this.remembered(this.touchLists, customerId, raw, readFrozenTouches, sameTouchList, SAME_LIST_DEPTH);
	}

	/**
	 * `read(raw)`, or the value last read for `key` when its raw record is equal to `raw` (see {@link readCustomer}):
	 * `same` compares down to `depth` levels, and the memo keeps a copy of the record to that depth.
	 */
	private remembered<K, V>(
		memo: Map<K, { raw: unknown; value: V }>,
		key: K,
		raw: object,
		read: (raw: unknown, policy: Policy, ids?: IdTable) => V,
		same: (a: unknown, b: unknown) => boolean = sameRecord,
		depth = SAME_RECORD_DEPTH,
	): V {
		const seen = memo.get(key);
		if (seen !== undefined && same(seen.raw, raw)) return seen.value;
		const value = read(raw, this.policy, this.ids);
		// The memo keeps its own copy of the record, for two reasons. A caller may change its objects in place between
		// two invoices (an opt-out pushed onto the customer's list, a history entry corrected): the caller's object, or a
		// copy sharing its nested lists, would change with them and still match. And the record given is usually the
		// item's mapped record, made for this item only: kept here, every such record would look long-lived to V8,
		// which then allocates them all straight into the old generation, where they stay as garbage until the next
		// full collection.
		memo.set(key, { raw: copyData(raw, depth), value });
		return value;
	}

	/** Validate raw records and decide. Throws ValidationError naming the field. */
	decideRaw(raw: RawDecisionInput): Decision {
		return this.decide(this.prepare(raw));
	}

	/**
	 * Validate a whole run's raw records: for each, at its place, the same input as {@link prepare} gives or the
	 * ValidationError it throws (any other exception is thrown). The records are read customer by customer (each
	 * customer's in the order given), so that the validated records of a customer's invoices, and what they share (the
	 * customer's record, history and touch log, when equal), lie together in memory; the run keeps that order for
	 * {@link decideAll}, which then reads each customer's data while it is still in the CPU's caches (at 100,000
	 * invoices memory, not arithmetic, takes most of a decision's time: see the README's Speed section).
	 */
	prepareAll(raws: readonly RawDecisionInput[], parts: 'all' | 'profile' = 'all'): PreparedRun {
		const items = new Array<DecisionInput | ValidationError>(raws.length);
		const order = customerOrder(raws.length, (i) => rawCustomerKey(raws[i]));
		for (let k = 0; k < order.length; k++) {
			const i = order[k];
			try {
				items[i] = this.prepare(raws[i], parts);
			} catch (e) {
				if (!(e instanceof ValidationError)) throw e;
				items[i] = e;
			}
		}
		return new PreparedRun(Object.freeze(items), order);
	}

	/**
	 * Decide a whole run: the same decisions as {@link decide} on each input in the order given (a customer's earlier
	 * invoices count towards its touch cap and minimum gap before its later ones), at their places; made customer by
	 * customer, so that each customer's records, history statistics and run state are read from the CPU's caches after
	 * its first invoice. A run from {@link prepareAll} gives, at each place, the decision or the item's ValidationError.
	 */
	decideAll(run: PreparedRun): Array<Decision | ValidationError>;
	decideAll(inputs: readonly DecisionInput[]): Decision[];
	decideAll(run: PreparedRun | readonly DecisionInput[]): Array<Decision | ValidationError> {
		const prepared = run instanceof PreparedRun;
		const items = prepared ? run.items : run;
		const order = prepared ? run.order : customerOrder(items.length, (i) => rawCustomerKey(items[i] as unknown as RawDecisionInput));
		const out = new Array<Decision | ValidationError>(items.length);
		for (let k = 0; k < order.length; k++) {
			const i = order[k];
			const item = items[i];
			out[i] = item instanceof ValidationError ? item : this.decide(item);
		}
		return out;
	}

	/** Aging only (tier, step due with catch-up, next step) for a prepared input. */
	age(input: DecisionInput) {
		return ageInvoice(input.invoice, this.todayDay, this.policy, { touches: input.touches ?? NO_TOUCHES, invoiceId: input.invoice.invoiceId, preferredChannel: input.customer.preferredChannel });
	}

	/** Everything about a customer's place (zone, country, region) that is the same for the whole run. */
	private placeOf(customer: Customer): Place {
		// zone -> country -> region -> place: no key built per decision.
		let byZone = this.places.get(customer.timeZone);
		if (byZone === undefined) this.places.set(customer.timeZone, (byZone = new Map()));
		let byCountry = byZone.get(customer.country ?? '');
		if (byCountry === undefined) byZone.set(customer.country ?? '', (byCountry = new Map()));
		const region = customer.region ?? '';
		let p = byCountry.get(region);
		if (p === undefined) {
			const clock = this.calendar.clock(customer.timeZone, this.nowMs);
			p = {
				closed: this.calendar.closed(clock.day, customer.country, customer.region),
				nowWindow: this.calendar.nextSendWindow(this.nowMs, customer.timeZone, this.quiet, customer.country, customer.region),
				dayWindowIso: new Map(),
				windowIso: new Map(),
				closedReason: null,
				nothingDue: new Map(),
				alreadySent: new Map(),
				autoCharge: new Map(),
			};
			byCountry.set(region, p);
		}
		return p;
	}

	/** The earliest instant a message may reach this customer at or after `fromMs`. */
	sendWindow(fromMs: number, customer: Customer): number {
		if (fromMs === this.nowMs) return this.placeOf(customer).nowWindow;
		return this.calendar.nextSendWindow(fromMs, customer.timeZone, this.quiet, customer.country, customer.region);
	}

	/**
	 * The earliest instant a message may reach this customer at or after `fromMs`, as ISO text: one string per place
	 * and instant in the run (a customer's invoices wait for the same touches, so share the instant they are free at).
	 */
	private windowIsoAt(fromMs: number, customer: Customer, place: Place): string {
		let iso = place.windowIso.get(fromMs);
		if (iso === undefined) {
			iso = formatInstant(this.sendWindow(fromMs, customer));
			if (place.windowIso.size < 4096) place.windowIso.set(fromMs, iso);
		}
		return iso;
	}

	/** The first send window on or after a calendar day (start of that day in the customer's zone). */
	private windowFromDay(day: number, customer: Customer, place: Place = this.placeOf(customer)): string {
		let iso = place.dayWindowIso.get(day);
		if (iso === undefined) {
			const startOfDay = this.calendar.startOfDay(customer.timeZone, day);
			const at = this.calendar.nextSendWindow(Math.max(startOfDay, this.nowMs), customer.timeZone, this.quiet, customer.country, customer.region);
			iso = formatInstant(at);
			place.dayWindowIso.set(day, iso);
		}
		return iso;
	}

	riskOf(input: DecisionInput): RiskResult {
		if (input.risk) return input.risk;
		const history = input.history ?? NO_HISTORY;
		const r = this.riskInput;
		r.invoice = input.invoice;
		r.customer = input.customer;
		r.history = history.kind === 'list' ? history.prepared ?? this.preparedHistory(history) : history;
		r.asOfDay = this.todayDay;
		const result = scoreRisk(r, this.riskConfig);
		r.invoice = r.customer = undefined as unknown as Invoice & Customer; // keep no record alive
		r.history = NO_HISTORY;
		return result;
	}

	/**
	 * A history list given without its prepared form, with its dates parsed. Once per list in this run when the list
	 * and its entries are frozen (risk scores the same list for each invoice of the customer); a list that may change
	 * between two decisions is read afresh each time (readHistory's lists come prepared).
	 */
	private preparedHistory(history: { kind: 'list'; invoices: PastInvoice[] }): PreparedHistory {
		const list = history.invoices;
		if (!Array.isArray(list) || !Object.isFrozen(list)) return prepareHistory(list);
		let p = this.preparedHistories.get(list);
		if (p === undefined) {
			p = prepareHistory(list);
			if (list.every((e) => typeof e !== 'object' || e === null || Object.isFrozen(e))) this.preparedHistories.set(list, p);
		}
		return p;
	}

	/**
	 * The channels a step uses for this customer: the preferred channel replaces SMS/WhatsApp when it is one
	 * of them. Frozen and shared (see aging.ts stepChannels).
	 */
	resolveChannels(step: StepDef, customer: Customer): Channel[] {
		return stepChannelsFor(this.policy, step, customer.preferredChannel);
	}

	/** When a hold that lasts through `untilDay` lets go: the first send window of the next day. */
	private untilWindow(untilDay: number | null, customer: Customer, place: Place): string | null {
		return untilDay === null ? null : this.windowFromDay(untilDay + 1, customer, place);
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

	/**
	 * The decision for one input. An input {@link prepare} (or {@link prepareAll}) made is taken as it is; any other
	 * (a program's own typed objects) is validated first, as `prepare` would, so a malformed one throws the
	 * ValidationError naming its field instead of failing deep inside, or being read as "nothing stops this message"
	 * (a hold list that is not a list, a NaN balance).
	 */
	decide(input: DecisionInput): Decision {
		return this.decideValid(input instanceof ValidInput ? input : this.prepare(input as unknown as RawDecisionInput));
	}

	private decideValid(input: DecisionInput): Decision {
		const { invoice, customer } = input;
		const policy = this.policy;
		const today = this.todayDay;
		const holds = input.holds ?? NO_HOLDS;
		const allTouches = input.touches ?? NO_TOUCHES;

		const agingOptions = this.agingOptions;
		agingOptions.touches = allTouches;
		agingOptions.invoiceId = invoice.invoiceId;
		agingOptions.preferredChannel = customer.preferredChannel;
		const aging = ageInvoice(invoice, today, policy, agingOptions);
		agingOptions.touches = NO_TOUCHES;
		const risk = this.riskOf(input);
		const step = aging.step;
		const tone = step ? this.toneFor(step, risk) : risk.tone;
		const verdict = this.verdict.reset();
		const place = this.placeOf(customer);

		// 1. Invoice state and balance.
		const tolerance = toleranceAmount(policy.tolerance, invoice.currency, invoice.amount);
		if (invoice.status !== 'open') {
			const code = invoice.status === 'paid' ? 'INVOICE_PAID' : invoice.status === 'void' ? 'INVOICE_VOID' : invoice.status === 'draft' ? 'INVOICE_DRAFT' : 'INVOICE_UNCOLLECTIBLE';
			verdict.add('hold', { code, message: `Invoice is ${invoice.status}: no follow-up.`, resumeAt: null });
		} else if (invoice.balance <= tolerance) {
			verdict.add('hold', { code: 'BALANCE_UNDER_TOLERANCE', message: `Balance ${invoice.balance} ${invoice.currency} is within the tolerance (${round2(tolerance)}): treated as settled.`, resumeAt: null });
		}

		// 2-5. Holds from the store.
		const active = holds.length === 0 ? NO_ACTIVE_HOLDS : activeHolds(holds, invoice, today, policy.promiseGraceDays);
		if (invoice.disputed || active.dispute) verdict.add('hold', REASON_DISPUTE);
		if (active.promise) {
			const end = active.promise.endDay;
			verdict.add('hold', { code: 'PROMISE_TO_PAY', message: `Customer promised to pay by ${active.promise.hold.until}; holding until ${formatDay(end)} (grace included).`, resumeAt: this.untilWindow(end, customer, place) });
		}
		if (active.plan) {
			verdict.add('hold', { code: 'PAYMENT_PLAN', message: active.plan.until ? `A payment plan is active until ${active.plan.until}.` : 'A payment plan is active.', resumeAt: this.untilWindow(dayOrNull(active.plan.until), customer, place) });
		}
		if (active.replied) {
			verdict.add('hold', { code: 'CUSTOMER_REPLIED', message: `The customer replied; a person follows up${active.replied.until ? ` (paused until ${active.replied.until})` : ''}.`, resumeAt: this.untilWindow(dayOrNull(active.replied.until), customer, place) });
		}
		if (active.pause) {
			verdict.add('hold', { code: 'MANUAL_PAUSE', message: pauseMessage(active.pause), resumeAt: this.untilWindow(dayOrNull(active.pause.until), customer, place) });
		}
		if (active.ooo) {
			verdict.add('hold', { code: 'OUT_OF_OFFICE', message: `Contact is out of office${active.ooo.until ? ` until ${active.ooo.until}` : ''}.`, resumeAt: this.untilWindow(dayOrNull(active.ooo.until), customer, place) });
		}

		// 6. Aging: is a step due?
		const dueDay = parseDay(invoice.dueDate) as number;
		if (!step) verdict.add('hold', aging.alreadySent ? this.alreadySentReason(aging.alreadySent, aging.nextStep, customer, place) : this.nothingDueReason(aging.nextStep, customer, place));

		// 7. Channels (customer-facing steps only).
		let channels: Channel[] = NO_CHANNELS;
		let dropped = NO_DROPPED;
		if (step) {
			const pending = aging.pendingChannels;
			if (step.audience === 'internal' || !anyBlocked(pending, customer, active.channelHolds)) channels = pending;
			else {
				const usable: Channel[] = [];
				dropped = [];
				for (let i = 0; i < pending.length; i++) {
					const c = pending[i];
					const why = channelBlock(c, customer, active.channelHolds);
					if (why) dropped.push({ channel: c, code: why });
					else usable.push(c);
				}
				channels = usable;
				const stepChannels = this.resolveChannels(step, customer);
				const partlySent = pending.length < stepChannels.length;
				if (channels.length === 0 && !partlySent) {
					const sent = new Set(allTouches.filter((t) => t.invoiceId === invoice.invoiceId && t.step === step.id && countsAsSent(t)).map((t) => t.channel));
					const fb = policy.fallbackChannels.find((c) => !sent.has(c) && !stepChannels.includes(c) && channelBlock(c, customer, active.channelHolds) === null);
					if (fb) channels.push(fb);
				}
				for (let i = 0; i < dropped.length; i++) verdict.note(channelNote(dropped[i].code as ChannelBlock, dropped[i].channel));
				if (channels.length === 0) {
					if (partlySent) verdict.add('hold', { code: 'ALREADY_SENT', message: `Step ${step.id} went out on the channels that can reach the customer.`, resumeAt: this.nextStepWindow(aging.nextStep, customer, place) });
					else verdict.add('human', { code: 'NO_REACHABLE_CHANNEL', message: `No channel can reach the customer for step ${step.id}: a person should contact them.`, resumeAt: null });
				}
			}
		}

		if (step && step.audience === 'customer') {
			// 8. Credit on account (an unmatched payment, a credit note) that covers the balance: no reminder for money we
			// hold; a person applies it (to this invoice or another of the customer's).
			const credit = customer.unappliedCredit;
			if (credit !== undefined && credit > 0 && credit >= invoice.balance - tolerance) verdict.add('human', creditReason(credit, invoice.balance, invoice.currency));
			// 9. Auto-charge.
			if (invoice.autoCharge && invoice.autoChargePending !== false && aging.daysPastDue <= policy.autoChargeGraceDays) {
				verdict.add('hold', this.autoChargeReason(dueDay + policy.autoChargeGraceDays, customer, place));
			}
			// 10-11. Quiet hours, weekend, holiday in the customer's zone and region.
			if (place.nowWindow > this.nowMs) verdict.add('hold', this.closedReason(customer, place));
			// 12-13. Touch cap and minimum gap across the customer's invoices.
			// Every message counts (a step by email and SMS is two); the gap applies between different invoices,
			// since one invoice's own cadence (D-1, D0, D+1 on consecutive days) sets its spacing.
			this.checkCustomerTouches(verdict, customer, place, invoice.invoiceId, allTouches);
			// 14. Approval.
			const ground = approvalGround(policy, customer.keyAccount, invoice.balance, invoice.currency, tone, aging.remindersSent);
			if (step.approval === 'always' || ground !== null) {
				const approval = findApproval(input.approvals, invoice.invoiceId, step.id);
				if (approval?.decision === 'rejected') {
					verdict.add('hold', { code: 'APPROVAL_REJECTED', message: `Step ${step.id} was rejected by ${approval.by ?? 'the approver'}.`, resumeAt: this.nextStepWindow(aging.nextStep, customer, place) });
				} else if (approval?.decision !== 'approved') {
					verdict.add('approval', this.approvalReason(step, tone, ground === 'keyAccount' ? '' : ground === 'largeAmount' ? invoice.currency : FIRST_CONTACT));
				}
			}
		}
		// 15. Tasks for a person.
		if (step && step.kind === 'task') {
			verdict.add('human', { code: 'HUMAN_TASK', message: `${step.label}.`, resumeAt: null });
		}

		if (verdict.outcome === null) verdict.add('send', this.sendReason(step as StepDef, tone, channels));
		const outcome = verdict.outcome as Outcome;
		if (outcome === 'send' && step && step.audience === 'customer' && this.trackRun) {
			let list = this.runTouches.get(customer.customerId);
			if (!list) this.runTouches.set(customer.customerId, (list = []));
			for (let i = 0; i < channels.length; i++) list.push({ ms: this.nowMs, invoiceId: invoice.invoiceId });
		}
		const sendable = outcome === 'send' || outcome === 'approval';
		return {
			invoiceId: invoice.invoiceId,
			customerId: invoice.customerId,
			now: this.now,
			outcome,
			reason: verdict.deciding as StopReason,
			reasons: verdict.reasons(),
			aging,
			risk,
			tone,
			channels: step && sendable ? channels : NO_CHANNELS,
			droppedChannels: dropped,
			dedupeKeys: step && sendable ? dedupeKeys(invoice.invoiceId, step.id, channels) : NO_STRINGS,
			taskKey: step && (outcome === 'human' || outcome === 'approval') ? `${invoice.invoiceId}:${step.id}:${outcome}` : null,
			step: step ? step.id : null,
			template: step ? step.template ?? step.id : null,
			ccFinance: !!step?.ccFinance,
			balance: invoice.balance,
			currency: invoice.currency,
			tolerance,
			promiseGraceDays: policy.promiseGraceDays,
			policyVersion: this.fingerprint,
		};
	}

	/** AUTO_CHARGE_PENDING until a day (due day + grace), one object per place and day. */
	private autoChargeReason(end: number, customer: Customer, place: Place): StopReason {
		let r = place.autoCharge.get(end);
		if (r === undefined) {
			r = Object.freeze({ code: 'AUTO_CHARGE_PENDING', message: `The card or mandate on file will be charged; reminders wait until ${formatDay(end + 1)}.`, resumeAt: this.untilWindow(end, customer, place) });
			place.autoCharge.set(end, r);
		}
		return r;
	}

	/**
	 * APPROVAL_REQUIRED for a step and tone; `currency`: '' for a key account, FIRST_CONTACT for a first reminder, else
	 * the balance's currency (the balance is over the threshold).
	 */
	private approvalReason(step: StepDef, tone: Tone, currency: string): StopReason {
		const policy = this.policy;
		// Keyed by step for steps that always need one (the message names the step), else by tone and who.
		const byKey = step.approval === 'always' ? this.approvalReasonsByStep : this.approvalReasons;
		const key = step.approval === 'always' ? step.id : tone;
		let byWho = byKey.get(key);
		if (byWho === undefined) byKey.set(key, (byWho = new Map()));
		const who = step.approval === 'always' ? '' : currency;
		let r = byWho.get(who);
		if (r === undefined) {
			const whom =
				currency === '' ? 'to a key account' : currency === FIRST_CONTACT ? 'as the first reminder of this invoice' : `on a balance above ${(approvalThreshold(policy, currency) ?? 0).toLocaleString('en-US')} ${currency}`;
			r = Object.freeze({
				code: 'APPROVAL_REQUIRED',
				message: step.approval === 'always' ? `Step ${step.id} always needs an approval.` : `${capitalize(tone)} message ${whom}: needs approval by ${policy.approval.approver === 'finance' ? 'finance' : 'the account owner'}.`,
				resumeAt: null,
			});
			byWho.set(who, r);
		}
		return r;
	}

	/** SEND for a step, tone and channel list (one object per shared channel list and tone). */
	private sendReason(step: StepDef, tone: Tone, channels: Channel[]): StopReason {
		if (!Object.isFrozen(channels)) return { code: 'SEND', message: `Send ${step.id} (${tone}) by ${channels.join(' + ')}.` };
		let byTone = this.sendReasons.get(channels);
		if (byTone === undefined) this.sendReasons.set(channels, (byTone = new Map()));
		let byStep = byTone.get(tone);
		if (byStep === undefined) byTone.set(tone, (byStep = new Map()));
		let r = byStep.get(step.id);
		if (r === undefined) {
			r = Object.freeze({ code: 'SEND', message: `Send ${step.id} (${tone}) by ${channels.join(' + ')}.` });
			byStep.set(step.id, r);
		}
		return r;
	}

	private touchCapMessage(count: number): string {
		let m = this.touchCapMessages[count];
		if (m === undefined) {
			m = `Already ${count} messages to this customer in 7 days (cap ${this.policy.touchCap.perCustomerPerWeek}).`;
			if (count < 64) this.touchCapMessages[count] = m;
		}
		return m;
	}

	/** Resume instant of a hold until the next step's date (the day before it, plus one). */
	private nextStepWindow(next: { id: string; date: string } | null, customer: Customer, place: Place): string | null {
		return next ? this.untilWindow((parseDay(next.date) as number) - 1, customer, place) : null;
	}

	/** NOTHING_DUE for a next step, the same object for every invoice of this place and next step. */
	private nothingDueReason(next: { id: string; date: string } | null, customer: Customer, place: Place): StopReason {
		const key = next ?? NO_NEXT;
		let r = place.nothingDue.get(key);
		if (r === undefined) {
			r = Object.freeze({ code: 'NOTHING_DUE', message: next ? `Nothing due today; next: ${next.id} on ${next.date}.` : 'No further step in the cadence.', resumeAt: this.nextStepWindow(next, customer, place) });
			place.nothingDue.set(key, r);
		}
		return r;
	}

	/** ALREADY_SENT for a step sent and a next step, shared like {@link nothingDueReason}. */
	private alreadySentReason(sent: string, next: { id: string; date: string } | null, customer: Customer, place: Place): StopReason {
		const key = next ?? NO_NEXT;
		let bySent = place.alreadySent.get(key);
		if (bySent === undefined) place.alreadySent.set(key, (bySent = new Map()));
		let r = bySent.get(sent);
		if (r === undefined) {
			r = Object.freeze({ code: 'ALREADY_SENT', message: `Step ${sent} already went out${next ? `; next: ${next.id} on ${next.date}` : ''}.`, resumeAt: this.nextStepWindow(next, customer, place) });
			bySent.set(sent, r);
		}
		return r;
	}

	/** QUIET_HOURS, WEEKEND or HOLIDAY where the customer is now (one object per place and run). */
	private closedReason(customer: Customer, place: Place): StopReason {
		if (place.closedReason === null) {
			const closed = place.closed;
			const resumeAt = formatInstant(place.nowWindow);
			place.closedReason = Object.freeze(
				closed.closed
					? { code: closed.why === 'weekend' ? 'WEEKEND' : 'HOLIDAY', message: closed.why === 'weekend' ? 'Weekend where the customer is.' : `Holiday where the customer is${closed.name ? ` (${closed.name})` : ''}.`, resumeAt }
					: { code: 'QUIET_HOURS', message: `Quiet hours in ${customer.timeZone} (${this.policy.quietHours.start}-${this.policy.quietHours.end}).`, resumeAt },
			);
		}
		return place.closedReason;
	}

	/**
	 * Touch cap and minimum gap: the customer's customer-facing touches in the last 7 days (store + this run).
	 * Counted without a list; the list is built (and sorted) only when the cap is reached.
	 */
	private checkCustomerTouches(verdict: Verdict, customer: Customer, place: Place, invoiceId: string, touches: Touch[]): void {
		const policy = this.policy;
		const from = this.nowMs - WEEK_MS;
		const run = this.runTouches.get(customer.customerId);
		let count = 0;
		let last = -Infinity; // latest touch about another invoice
		for (let i = 0; i < touches.length; i++) {
			const t = touches[i];
			const ms = this.recentTouchMs(t, customer.customerId, from);
			if (ms === null) continue;
			count++;
			if (t.invoiceId !== invoiceId && ms > last) last = ms;
		}
		if (run) {
			count += run.length;
			for (let i = 0; i < run.length; i++) if (run[i].invoiceId !== invoiceId && run[i].ms > last) last = run[i].ms;
		}
		const cap = policy.touchCap.perCustomerPerWeek;
		if (count >= cap) {
			const recent = this.recentCustomerTouches(customer.customerId, touches);
			const freeAt = recent[recent.length - cap].ms + WEEK_MS;
			verdict.add('hold', { code: 'TOUCH_CAP', message: this.touchCapMessage(recent.length), resumeAt: this.windowIsoAt(freeAt, customer, place) });
		}
		if (last !== -Infinity && policy.minGapHours > 0 && this.nowMs - last < policy.minGapHours * 3_600_000) {
			const freeAt = last + policy.minGapHours * 3_600_000;
			verdict.add('hold', { code: 'MIN_GAP', message: (this.minGapMessage ??= `A message about another invoice reached this customer under ${policy.minGapHours} hours ago.`), resumeAt: this.windowIsoAt(freeAt, customer, place) });
		}
	}

	/** The instant of a customer-facing touch of this customer within the last 7 days, or null. */
	private recentTouchMs(t: Touch, customerId: string, from: number): number | null {
		if (t.channel === 'internal' || !countsAsSent(t)) return null;
		if (t.customerId !== undefined && t.customerId !== customerId) return null;
		const ms = (t as Touch & { sentAtMs?: number }).sentAtMs ?? Date.parse(t.sentAt);
		return ms > from && ms <= this.nowMs ? ms : null;
	}

	/** Customer-facing touches of this customer in the last 7 days (store + this run), oldest first. */
	private recentCustomerTouches(customerId: string, touches: Touch[]): RecentTouch[] {
		const from = this.nowMs - WEEK_MS;
		const out: RecentTouch[] = [];
		for (let i = 0; i < touches.length; i++) {
			const ms = this.recentTouchMs(touches[i], customerId, from);
			if (ms !== null) out.push({ ms, invoiceId: touches[i].invoiceId });
		}
		const run = this.runTouches.get(customerId);
		if (run) for (let i = 0; i < run.length; i++) out.push(run[i]);
		// Oldest first: usually already so (as a touch log is written); else an insertion sort (a handful of entries).
		for (let i = 1; i < out.length; i++) {
			const t = out[i];
			let j = i - 1;
			if (out[j].ms <= t.ms) continue;
			while (j >= 0 && out[j].ms > t.ms) {
				out[j + 1] = out[j];
				j--;
			}
			out[j + 1] = t;
		}
		return out;
	}
}

interface RecentTouch {
	ms: number;
	invoiceId: string;
}

interface Place {
	closed: { closed: boolean; why?: 'weekend' | 'holiday' | 'company'; name?: string };
	nowWindow: number;
	/** The first send window of a day, as ISO text (a hold's resume instant). */
	dayWindowIso: Map<number, string>;
	/** The first send window at or after an instant, as ISO text (see windowIsoAt). */
	windowIso: Map<number, string>;
	/** Reasons shared by the invoices of this place in this run. */
	closedReason: StopReason | null;
	nothingDue: Map<object, StopReason>;
	alreadySent: Map<object, Map<string, StopReason>>;
	autoCharge: Map<number, StopReason>;
}

export interface ActiveHolds {
	dispute?: Hold;
	promise?: { hold: Hold; endDay: number };
	plan?: Hold;
	replied?: Hold;
	pause?: Hold;
	ooo?: Hold;
	channelHolds: Hold[];
}

/**
 * Why messages are paused: the hold's note when it has one (a pause written by an event says what it is for: a grace
 * after a partial payment, a payment claim to reconcile), else a person's pause.
 */
function pauseMessage(h: Hold): string {
	const until = h.until ? ` until ${h.until}` : '';
	return h.note ? `Paused${until}: ${h.note}${/[.!?…]$/.test(h.note) ? '' : '.'}` : `Paused by a person${until}.`;
}

/** The holds that apply to this invoice today (invoice-scoped, or customer-scoped). */
export function activeHolds(holds: Hold[], invoice: Invoice, today: number, promiseGraceDays: number): ActiveHolds {
	const out: ActiveHolds = { channelHolds: [] };
	for (let i = 0; i < holds.length; i++) {
		const h = holds[i];
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
function channelBlock(c: Channel, customer: Customer, channelHolds: Hold[]): ChannelBlock | null {
	if (customer.optOut.includes(c)) return 'OPTED_OUT';
	for (let i = 0; i < channelHolds.length; i++) {
		const h = channelHolds[i];
		if (h.type === 'optout' && (h.channel ? h.channel === c : CUSTOMER_CHANNELS.includes(c))) return 'OPTED_OUT';
	}
	if (!hasContact(customer, c)) return 'MISSING_CONTACT';
	if (customer.bounced.includes(c)) return 'BOUNCED';
	for (let i = 0; i < channelHolds.length; i++) {
		const h = channelHolds[i];
		if (h.type !== 'optout' && h.channel === c && (h.contact === undefined || sameContact(c, h.contact, contactOf(customer, c)))) return 'BOUNCED';
	}
	return null;
}

/**
 * An input {@link DecisionEngine.prepare} made: validated, frozen. {@link DecisionEngine.decide} takes these as they
 * are and validates any other input first. Its own properties are those of a DecisionInput (invoice, customer,
 * history, then touches, holds and approvals, and risk when given), so it reads, compares and serialises as one.
 */
class ValidInput implements DecisionInput {
	declare touches?: Touch[];
	declare holds?: Hold[];
	declare approvals?: Approval[];
	declare risk?: RiskResult;
	readonly invoice: Invoice;
	readonly customer: Customer;
	readonly history: HistoryInput;

	constructor(invoice: Invoice, customer: Customer, history: HistoryInput) {
		this.invoice = invoice;
		this.customer = customer;
		this.history = history;
	}
}

/**
 * A run's validated inputs from {@link DecisionEngine.prepareAll}: `items[i]` is raw input i's validated input, or the
 * ValidationError naming its bad field. Frozen; it also keeps the order, customer by customer, that
 * {@link DecisionEngine.decideAll} decides it in.
 */
export class PreparedRun {
	constructor(
		readonly items: ReadonlyArray<DecisionInput | ValidationError>,
		/** The item indexes customer by customer (see {@link customerOrder}). */
		readonly order: Int32Array,
	) {
		Object.freeze(this);
	}
}

/**
 * The indexes 0..n-1 grouped by key (groups in the order of their first index, each group's indexes ascending):
 * a counting sort, one Map lookup per index. `undefined` keys form one group.
 */
export function customerOrder(n: number, keyOf: (i: number) => string | number | undefined): Int32Array {
	const groupOf = new Int32Array(n);
	const groups = new Map<string | number | undefined, number>();
	const sizes: number[] = [];
	for (let i = 0; i < n; i++) {
		const key = keyOf(i);
		let g = groups.get(key);
		if (g === undefined) {
			g = sizes.length;
			groups.set(key, g);
			sizes.push(0);
		}
		sizes[g]++;
		groupOf[i] = g;
	}
	const start = new Int32Array(sizes.length);
	for (let g = 1; g < sizes.length; g++) start[g] = start[g - 1] + sizes[g - 1];
	const order = new Int32Array(n);
	for (let i = 0; i < n; i++) order[start[groupOf[i]]++] = i;
	return order;
}

/** The customer a raw input is about, to group a run's inputs by (see {@link DecisionEngine.prepareAll}). */
function rawCustomerKey(raw: RawDecisionInput): string | number | undefined {
	if (typeof raw !== 'object' || raw === null) return undefined;
	const c = raw.customer;
	if (typeof c === 'object' && c !== null) {
		const id = ownId(c);
		if (id !== undefined) return id;
	}
	const inv = raw.invoice;
	return typeof inv === 'object' && inv !== null ? ownId(inv) : undefined;
}

/** A record's own `customerId` when it is a text or a number (the cache key of a customer's records). */
function ownId(raw: object): string | number | undefined {
	if (!Object.prototype.hasOwnProperty.call(raw, 'customerId')) return undefined;
	const id = (raw as Record<string, unknown>).customerId;
	return typeof id === 'string' || typeof id === 'number' ? id : undefined;
}

type ChannelBlock = 'OPTED_OUT' | 'MISSING_CONTACT' | 'BOUNCED';

/** The reason a dropped channel adds (no resumeAt: it is a note), one frozen object per code and channel. */
const CHANNEL_NOTES: Record<ChannelBlock, Map<Channel, StopReason>> = { OPTED_OUT: new Map(), MISSING_CONTACT: new Map(), BOUNCED: new Map() };
/** A channel as an owner reads it in a reason (the reasons reach owners in the human-task mail). */
const CHANNEL_NAMES: Record<Channel, string> = { email: 'email', sms: 'SMS', whatsapp: 'WhatsApp', letter: 'letters', phone: 'phone calls', internal: 'internal alerts' };

function channelNote(code: ChannelBlock, channel: Channel): StopReason {
	let r = CHANNEL_NOTES[code].get(channel);
	if (r === undefined) {
		const name = CHANNEL_NAMES[channel];
		// Email needs an email address; every other channel that can miss its contact needs the phone number.
		const contact = channel === 'email' ? 'email address' : 'phone number';
		const on = channel === 'email' ? '' : ` for ${name}`;
		r = Object.freeze({
			code,
			message: code === 'OPTED_OUT' ? `The customer opted out of ${name}.` : code === 'MISSING_CONTACT' ? `No ${contact} on file${on}.` : `The customer's ${contact} ${channel === 'email' ? 'bounced' : 'could not be reached'}${on}.`,
		});
		CHANNEL_NOTES[code].set(channel, r);
	}
	return r;
}

/** Whether any of the channels cannot reach the customer. */
function anyBlocked(channels: Channel[], customer: Customer, channelHolds: Hold[]): boolean {
	for (let i = 0; i < channels.length; i++) if (channelBlock(channels[i], customer, channelHolds) !== null) return true;
	return false;
}

function findApproval(approvals: Approval[] | undefined, invoiceId: string, stepId: string): Approval | undefined {
	if (approvals === undefined) return undefined;
	for (let i = 0; i < approvals.length; i++) if (approvals[i].invoiceId === invoiceId && approvals[i].step === stepId) return approvals[i];
	return undefined;
}

function dedupeKeys(invoiceId: string, stepId: string, channels: Channel[]): string[] {
	const keys = new Array<string>(channels.length);
	for (let i = 0; i < channels.length; i++) keys[i] = dedupeKey(invoiceId, stepId, channels[i]);
	return keys;
}

/**
 * The outcome so far: the first rule that fired decides; every rule that fired is a reason. One per engine,
 * reset for each decision (decide is synchronous); the reasons are copied out at their count.
 */
class Verdict {
	outcome: Outcome | null = null;
	deciding: StopReason | null = null;
	private readonly fired: StopReason[] = [];
	private count = 0;
	/** The shared one-reason lists (see {@link reasons}). */
	private readonly single = new Map<StopReason, StopReason[]>();

	reset(): this {
		this.outcome = null;
		this.deciding = null;
		for (let i = 0; i < this.count; i++) this.fired[i] = NO_REASON; // keep no reason alive
		this.count = 0;
		return this;
	}

	add(outcome: Outcome, reason: StopReason): void {
		this.note(reason);
		if (this.outcome === null) {
			this.outcome = outcome;
			this.deciding = reason;
		}
	}

	/** A reason that does not decide the outcome by itself (a dropped channel). */
	note(reason: StopReason): void {
		this.fired[this.count++] = reason;
	}

	/**
	 * Every reason, in the order the rules fired. One reason shared between decisions (a frozen one: most
	 * holds give one) comes as a frozen list shared too, one per reason and engine, instead of a list per decision.
	 */
	reasons(): StopReason[] {
		if (this.count === 1 && Object.isFrozen(this.fired[0])) {
			const only = this.fired[0];
			let list = this.single.get(only);
			if (list === undefined) this.single.set(only, (list = Object.freeze([only]) as StopReason[]));
			return list;
		}
		const out = new Array<StopReason>(this.count);
		for (let i = 0; i < this.count; i++) out[i] = this.fired[i];
		return out;
	}
}


/** CREDIT_ON_ACCOUNT: the credit and the balance it covers, as an AR clerk reads them. */
function creditReason(credit: number, balance: number, currency: string): StopReason {
	const digits = minorDigits(currency);
	const money = (n: number) => `${n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })} ${currency}`;
	return {
		code: 'CREDIT_ON_ACCOUNT',
		message: `${money(credit)} on the customer's account is not applied to an invoice yet (a payment not matched, a credit note) and covers this balance of ${money(balance)}: apply it instead of a reminder.`,
		resumeAt: null,
	};
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
