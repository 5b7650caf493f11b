/**
 * Aging: days past due (calendar days, as an AR clerk counts them), the tier, and the cadence step due
 * today with catch-up.
 *
 * Catch-up rule: the step due is the LATEST step whose date has come (offset <= days past due). If a run
 * was missed, that step goes out once on the next run; the steps it passed over are never sent (no stale
 * "due in 3 days" after the due date), and once a step has gone out no earlier step can be due again.
 * Pre-due steps whose date fell before the invoice was issued are not due (no "7 days left" on an invoice
 * issued 5 days before its due date).
 *
 * Speed: aging runs once per invoice per node, so it allocates at most its result. What depends on the
 * policy alone (step lookup by id, the channels a step uses for a preferred channel, the `nextStep`
 * objects, the lists of steps passed over) is built once per policy and shared, frozen, between results; so
 * are results alike (same day, due day, step, channels left, next step, steps passed over), which are then
 * frozen: copy one before changing it.
 */
import { formatDay, parseDay } from './dates';
import type { AgingResult, Channel, Policy, StepDef, TierDef, Touch } from './types';

export function daysPastDue(todayDay: number, dueDay: number): number {
	return todayDay - dueDay;
}

export function tierFor(dpd: number, tiers: TierDef[]): TierDef {
	for (let i = 0; i < tiers.length; i++) {
		const t = tiers[i];
		if (dpd >= t.fromDay && (t.toDay === null || dpd <= t.toDay)) return t;
	}
	// Validated policies cover every day; be total anyway.
	return dpd < tiers[0].fromDay ? tiers[0] : tiers[tiers.length - 1];
}

/** Touches that count as "sent" for dedupe: sent and claimed (a claim in flight must not be re-sent). */
export function countsAsSent(t: Touch): boolean {
	return t.status !== 'failed';
}

export interface AgingOptions {
	/** Touches of this invoice (with `invoiceId`: the touches of other invoices in the list are left out). */
	touches: Touch[];
	/** The invoice the touches are about, when the list may hold touches of other invoices too. */
	invoiceId?: string;
	/**
	 * Restart the dunning clock from this day (e.g. after a payment plan or a partial payment that
	 * re-dated the invoice): steps before it are not due again.
	 */
	anchorDay?: number;
	/** The customer's preferred channel: it replaces SMS/WhatsApp in a step (see {@link stepChannels}). */
	preferredChannel?: Channel;
	/**
	 * The channels a step will really use for this customer. Default: {@link stepChannels} with
	 * `preferredChannel`.
	 */
	resolveChannels?: (step: StepDef) => Channel[];
}

const NO_STRINGS: string[] = Object.freeze([]) as unknown as string[];
const NO_CHANNELS: Channel[] = Object.freeze([]) as unknown as Channel[];

/** What aging derives from a policy alone, once per policy object. */
interface PolicyMemo {
	/** Step index by id (ids are unique in a validated policy). */
	indexById: Map<string, number>;
	/** Frozen channel lists by step index and preferred channel. */
	channels: Map<number, Channel[]>[];
	/** Frozen `nextStep` objects by step index and due day. */
	next: Map<number, { id: string; date: string }>[];
	/** Frozen results of {@link ageInvoice} on `resultsDay`, by due day (see {@link sharedResult}). */
	results: Map<number, AgingResult[]>;
	resultsDay: number;
	/** `formatDay(resultsDay)`. */
	todayText: string;
	/** Frozen lists of steps passed over, by first and last index and audience (see {@link skippedBefore}). */
	skipped: Map<number, string[]>;
}

const memos = new WeakMap<Policy, PolicyMemo>();

function memoOf(policy: Policy): PolicyMemo {
	let m = memos.get(policy);
	if (m === undefined) {
		const indexById = new Map<string, number>();
		policy.steps.forEach((s, i) => indexById.set(s.id, i));
		m = { indexById, channels: policy.steps.map(() => new Map()), next: policy.steps.map(() => new Map()), results: new Map(), resultsDay: NaN, todayText: '', skipped: new Map() };
		memos.set(policy, m);
	}
	return m;
}

/** The policy's own string for a step id it has (aging compares touches' steps with it), or undefined. */
export function policyStepId(policy: Policy, id: string): string | undefined {
	const index = memoOf(policy).indexById.get(id);
	return index === undefined ? undefined : policy.steps[index].id;
}

const PREF_CODE: Record<string, number> = { email: 1, sms: 2, whatsapp: 3, letter: 4, phone: 5, internal: 6 };

/**
 * The channels a step uses for a customer: a preferred channel the step has goes first; a customer who
 * prefers WhatsApp gets WhatsApp where the step would text them (and the other way round). Internal steps
 * are not affected. The list is frozen and shared: copy it before changing it.
 */
export function stepChannels(policy: Policy, stepIndex: number, preferredChannel: Channel | undefined): Channel[] {
	const step = policy.steps[stepIndex];
	const byPref = memoOf(policy).channels[stepIndex];
	const code = preferredChannel === undefined ? 0 : PREF_CODE[preferredChannel] ?? 7;
	let list = byPref.get(code);
	if (list === undefined) {
		list = Object.freeze(resolveStepChannels(step, preferredChannel)) as Channel[];
		if (code !== 7) byPref.set(code, list);
	}
	return list;
}

/** {@link stepChannels} for a step object (of this policy, else resolved afresh). */
export function stepChannelsFor(policy: Policy, step: StepDef, preferredChannel: Channel | undefined): Channel[] {
	const index = memoOf(policy).indexById.get(step.id);
	if (index !== undefined && policy.steps[index] === step) return stepChannels(policy, index, preferredChannel);
	return Object.freeze(resolveStepChannels(step, preferredChannel)) as Channel[];
}

function resolveStepChannels(step: StepDef, pref: Channel | undefined): Channel[] {
	if (step.audience === 'internal' || !pref) return step.channels.slice();
	if (step.channels.includes(pref)) {
		if (step.channels[0] === pref) return step.channels.slice();
		return [pref, ...step.channels.filter((c) => c !== pref)];
	}
	if ((pref === 'whatsapp' && step.channels.includes('sms')) || (pref === 'sms' && step.channels.includes('whatsapp'))) {
		const other = pref === 'whatsapp' ? 'sms' : 'whatsapp';
		return step.channels.map((c) => (c === other ? pref : c));
	}
	return step.channels.slice();
}

function nextStepOf(policy: Policy, memo: PolicyMemo, index: number, dueDay: number): { id: string; date: string } | null {
	const step = policy.steps[index];
	if (step === undefined) return null;
	const byDue = memo.next[index];
	let n = byDue.get(dueDay);
	if (n === undefined) {
		n = Object.freeze({ id: step.id, date: formatDay(dueDay + step.offsetDays) });
		if (byDue.size > 20_000) byDue.clear();
		byDue.set(dueDay, n);
	}
	return n;
}

// One side's evaluation (customer messages or internal steps), written here instead of into an object.
let sideStep: StepDef | null = null;
let sidePending: Channel[] = NO_CHANNELS;
let sideAlreadySent: string | null = null;
let sideIndex = -1;

/**
 * The latest step of one audience whose date has come: due (with the channels not sent yet), already
 * sent, or passed over. Results in the side* variables.
 */
function evaluate(
	steps: StepDef[],
	audience: StepDef['audience'],
	dpd: number,
	dueDay: number,
	issueDay: number | null,
	anchorDay: number | undefined,
	highestSentOffset: number,
	touches: Touch[],
	invoiceId: string | undefined,
	policy: Policy,
	preferredChannel: Channel | undefined,
	resolve: ((step: StepDef) => Channel[]) | undefined,
): void {
	sideStep = null;
	sidePending = NO_CHANNELS;
	sideAlreadySent = null;
	sideIndex = -1;
	for (let i = steps.length - 1; i >= 0; i--) {
		if (steps[i].audience === audience && steps[i].offsetDays <= dpd) {
			sideIndex = i;
			break;
		}
	}
	if (sideIndex < 0) return;
	const candidate = steps[sideIndex];
	const stepDay = dueDay + candidate.offsetDays;
	const beforeIssue = issueDay !== null && candidate.offsetDays < 0 && stepDay < issueDay;
	const beforeAnchor = anchorDay !== undefined && stepDay < anchorDay;
	const superseded = candidate.offsetDays < highestSentOffset;
	if (!beforeIssue && !beforeAnchor && !superseded) {
		const channels = resolve ? resolve(candidate) : stepChannels(policy, sideIndex, preferredChannel);
		let pending = channels;
		if (sentOn(touches, invoiceId, candidate.id, null)) {
			// Only the channels it did not go out on yet.
			let unsent = 0;
			for (let i = 0; i < channels.length; i++) if (!sentOn(touches, invoiceId, candidate.id, channels[i])) unsent++;
			if (unsent === 0) pending = NO_CHANNELS;
			else if (unsent < channels.length) {
				pending = new Array<Channel>(unsent);
				let k = 0;
				for (let i = 0; i < channels.length; i++) if (!sentOn(touches, invoiceId, candidate.id, channels[i])) pending[k++] = channels[i];
			}
		}
		// A step is done when every channel it uses for this customer went out.
		if (pending.length > 0) {
			sideStep = candidate;
			sidePending = pending;
		} else sideAlreadySent = candidate.id;
	} else if (superseded) sideAlreadySent = candidate.id;
}

/**
 * Steps of one audience passed over since the last one sent (catch-up never sends them), oldest first. The list is
 * the audience's steps from one index to another, so it is made once per policy and shared, frozen.
 */
function skippedBefore(
	memo: PolicyMemo,
	steps: StepDef[],
	index: number,
	audience: StepDef['audience'],
	dueDay: number,
	issueDay: number | null,
	anchorDay: number | undefined,
	highestSentOffset: number,
): string[] {
	// The passed-over steps are index-1 down to `low` (of this audience); counted first, then listed at their size.
	let low = index;
	let count = 0;
	for (let i = index - 1; i >= 0 && steps[i].offsetDays > highestSentOffset; i--) {
		if (steps[i].audience !== audience) continue;
		const d = dueDay + steps[i].offsetDays;
		if (issueDay !== null && steps[i].offsetDays < 0 && d < issueDay) break;
		if (anchorDay !== undefined && d < anchorDay) break;
		low = i;
		count++;
	}
	if (count === 0) return NO_STRINGS;
	const key = (low * steps.length + index) * 2 + (audience === 'customer' ? 1 : 0);
	let skipped = memo.skipped.get(key);
	if (skipped === undefined) {
		skipped = new Array<string>(count);
		let k = 0;
		for (let i = low; i < index; i++) if (steps[i].audience === audience) skipped[k++] = steps[i].id;
		memo.skipped.set(key, Object.freeze(skipped) as string[]);
	}
	return skipped;
}

/**
 * Age an invoice on `todayDay` (a day number on the company calendar).
 */
export function ageInvoice(
	invoice: { dueDate: string; issueDate: string | null },
	todayDay: number,
	policy: Policy,
	options: AgingOptions,
): AgingResult {
	const dueDay = parseDay(invoice.dueDate) as number;
	const issueDay = invoice.issueDate ? (parseDay(invoice.issueDate) as number) : null;
	const anchorDay = options.anchorDay;
	const dpd = daysPastDue(todayDay, dueDay);
	const tier = tierFor(dpd, policy.tiers);
	const steps = policy.steps; // sorted by offset
	const memo = memoOf(policy);
	const touches = options.touches;
	const invoiceId = options.invoiceId;

	// Once any step went out, no earlier step of either audience is due again.
	let highestSentOffset = -Infinity;
	// Customer-facing steps of this invoice that went out (each step once, whatever its channels): what a text may
	// say about "our earlier reminders". A step the policy does not know counts unless it went to a person.
	let reminded = 0;
	// Policy steps already counted, as bits of their index (a touch log may list a step once per channel); steps past
	// the 31st or unknown to the policy are looked up in the list instead.
	let countedSteps = 0;
	for (let i = 0; i < touches.length; i++) {
		const t = touches[i];
		if (!countsAsSent(t) || (invoiceId !== undefined && t.invoiceId !== invoiceId)) continue;
		const index = memo.indexById.get(t.step);
		if (index !== undefined && steps[index].offsetDays > highestSentOffset) highestSentOffset = steps[index].offsetDays;
		if (index !== undefined && index < 31) {
			const bit = 1 << index;
			if ((countedSteps & bit) === 0) {
				countedSteps |= bit;
				if (steps[index].audience === 'customer') reminded++;
			}
		} else if ((index !== undefined ? steps[index].audience === 'customer' : t.channel !== 'internal') && !sentEarlierInList(touches, i, invoiceId)) reminded++;
	}

	const resolve = options.resolveChannels;
	const pref = options.preferredChannel;

	/**
	 * The latest due step is found separately for customer messages and internal steps, and the customer's
	 * goes first: a customer step missed on a weekend is not lost because an internal alert fell due the
	 * next day (the alert follows on the next run).
	 */
	evaluate(steps, 'customer', dpd, dueDay, issueDay, anchorDay, highestSentOffset, touches, invoiceId, policy, pref, resolve);
	const cStep = sideStep;
	const cPending = sidePending;
	const cAlreadySent = sideAlreadySent;
	const cIndex = sideIndex;
	evaluate(steps, 'internal', dpd, dueDay, issueDay, anchorDay, highestSentOffset, touches, invoiceId, policy, pref, resolve);
	// The customer's message first; an internal step due the same day follows on the next run.
	const customerChosen = cStep !== null || (sideStep === null && cAlreadySent !== null);
	const step = customerChosen ? cStep : sideStep;
	const pending = customerChosen ? cPending : sidePending;
	const alreadySent = customerChosen ? cAlreadySent : sideAlreadySent;
	const chosenIndex = customerChosen ? cIndex : sideIndex;
	const nextIndex = Math.max(cIndex, sideIndex) + 1;
	if (memo.resultsDay !== todayDay) {
		memo.results.clear();
		memo.resultsDay = todayDay;
		memo.todayText = formatDay(todayDay);
	}
	const nextStep = nextStepOf(policy, memo, nextIndex, dueDay);
	// Reminders before this one: the step due now, already out on some of its channels, is not one of them.
	const remindersSent = reminded > 0 && step !== null && step.audience === 'customer' && sentOn(touches, invoiceId, step.id, null) ? reminded - 1 : reminded;
	const skippedSteps = step ? skippedBefore(memo, steps, chosenIndex, step.audience, dueDay, issueDay, anchorDay, highestSentOffset) : NO_STRINGS;
	// Results made only of shared parts are shared too (see sharedResult); a fresh channel list makes a fresh result.
	const shareable = Object.isFrozen(pending);
	if (shareable) {
		const seen = sharedResult(memo, dueDay, step, pending, nextStep, alreadySent, remindersSent, skippedSteps);
		if (seen !== undefined) return seen;
	}
	const result: AgingResult = {
		today: memo.todayText,
		daysPastDue: dpd,
		tier: tier.id,
		tierLabel: tier.label,
		step,
		pendingChannels: pending,
		catchUp: step !== null && dueDay + step.offsetDays < todayDay,
		nextStep,
		skippedSteps,
		alreadySent,
		remindersSent,
	};
	if (shareable) keepResult(memo, dueDay, result);
	return result;
}

/**
 * The frozen result already made on this day for an invoice due on `dueDay` with the same step, channels
 * left, next step, step already sent, reminders sent and steps passed over. Those and the day fix every
 * other field (days past due, tier, catch-up), so invoices alike share one result instead of each keeping
 * its own (about 120 bytes per decision, for a few hundred distinct results in a ledger of 100,000).
 */
function sharedResult(
	memo: PolicyMemo,
	dueDay: number,
	step: StepDef | null,
	pending: Channel[],
	nextStep: AgingResult['nextStep'],
	alreadySent: string | null,
	remindersSent: number,
	skippedSteps: string[],
): AgingResult | undefined {
	const list = memo.results.get(dueDay);
	if (list === undefined) return undefined;
	for (let i = 0; i < list.length; i++) {
		const r = list[i];
		if (r.step === step && r.pendingChannels === pending && r.nextStep === nextStep && r.alreadySent === alreadySent && r.remindersSent === remindersSent && r.skippedSteps === skippedSteps) return r;
	}
	return undefined;
}

function keepResult(memo: PolicyMemo, dueDay: number, result: AgingResult): void {
	Object.freeze(result);
	let list = memo.results.get(dueDay);
	if (list === undefined) {
		if (memo.results.size > 20_000) memo.results.clear();
		memo.results.set(dueDay, (list = []));
	}
	if (list.length < 16) list.push(result);
}

/** Whether a touch before `touches[i]` in the list is the same invoice's same step, sent (counted once). */
function sentEarlierInList(touches: Touch[], i: number, invoiceId: string | undefined): boolean {
	const step = touches[i].step;
	for (let j = 0; j < i; j++) {
		const t = touches[j];
		if (t.step === step && countsAsSent(t) && (invoiceId === undefined || t.invoiceId === invoiceId)) return true;
	}
	return false;
}

/** Whether a step of the invoice went out (on `channel`, or on any channel when null). */
function sentOn(touches: Touch[], invoiceId: string | undefined, stepId: string, channel: Channel | null): boolean {
	for (let i = 0; i < touches.length; i++) {
		const t = touches[i];
		if (t.step === stepId && (channel === null || t.channel === channel) && countsAsSent(t) && (invoiceId === undefined || t.invoiceId === invoiceId)) return true;
	}
	return false;
}
