/**
 * Aging: days past due (calendar days, as an AR clerk counts them), the tier, and the cadence step due
 * today with catch-up.
 *
 * Catch-up rule: the step due is the LATEST step whose date has come (offset <= days past due). If a run
 * was missed, that step goes out once on the next run; the steps it passed over are never sent (no stale
 * "due in 3 days" after the due date), and once a step has gone out no earlier step can be due again.
 * Pre-due steps whose date fell before the invoice was issued are not due (no "7 days left" on an invoice
 * issued 5 days before its due date).
 */
import { formatDay, parseDay } from './dates';
import type { AgingResult, Channel, Policy, StepDef, TierDef, Touch } from './types';

export function daysPastDue(todayDay: number, dueDay: number): number {
	return todayDay - dueDay;
}

export function tierFor(dpd: number, tiers: TierDef[]): TierDef {
	for (const t of tiers) {
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
	/** Touches of this invoice. */
	touches: Touch[];
	/**
	 * Restart the dunning clock from this day (e.g. after a payment plan or a partial payment that
	 * re-dated the invoice): steps before it are not due again.
	 */
	anchorDay?: number;
	/** The channels a step will really use for this customer (preferred-channel substitution). */
	resolveChannels?: (step: StepDef) => Channel[];
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
	const dpd = daysPastDue(todayDay, dueDay);
	const tier = tierFor(dpd, policy.tiers);
	const steps = policy.steps; // sorted by offset

	const touches = options.touches;

	/**
	 * The latest due step is found separately for customer messages and internal steps, and the customer's
	 * goes first: a customer step missed on a weekend is not lost because an internal alert fell due the
	 * next day (the alert follows on the next run).
	 */
	// Once any step went out, no earlier step of either audience is due again.
	let highestSentOffset = -Infinity;
	if (anySent(touches)) {
		for (const s of steps) if (s.offsetDays > highestSentOffset && sentOn(touches, s.id, null)) highestSentOffset = s.offsetDays;
	}
	const ctx: AgeContext = { steps, dpd, dueDay, issueDay, anchorDay: options.anchorDay, highestSentOffset, touches, resolveChannels: options.resolveChannels };
	const customerSide = evaluate(ctx, 'customer');
	const internalSide = evaluate(ctx, 'internal');
	// The customer's message first; an internal step due the same day follows on the next run.
	const chosen = customerSide.step ? customerSide : internalSide.step ? internalSide : customerSide.alreadySent ? customerSide : internalSide;
	const { step, pending, skipped, alreadySent } = chosen;
	const candidateIndex = Math.max(customerSide.candidateIndex, internalSide.candidateIndex);
	const next = steps[candidateIndex + 1];
	return {
		today: formatDay(todayDay),
		daysPastDue: dpd,
		tier: tier.id,
		tierLabel: tier.label,
		step,
		pendingChannels: pending,
		catchUp: step !== null && dueDay + step.offsetDays < todayDay,
		nextStep: next ? { id: next.id, date: formatDay(dueDay + next.offsetDays) } : null,
		skippedSteps: step ? skipped : [],
		alreadySent,
	};
}

/** Whether any touch counts as sent. */
function anySent(touches: Touch[]): boolean {
	for (const t of touches) if (countsAsSent(t)) return true;
	return false;
}

/** Whether a step went out (on `channel`, or on any channel when null). */
function sentOn(touches: Touch[], stepId: string, channel: Channel | null): boolean {
	for (const t of touches) if (t.step === stepId && (channel === null || t.channel === channel) && countsAsSent(t)) return true;
	return false;
}

interface AgeContext {
	steps: StepDef[];
	dpd: number;
	dueDay: number;
	issueDay: number | null;
	anchorDay: number | undefined;
	highestSentOffset: number;
	touches: Touch[];
	resolveChannels: ((step: StepDef) => Channel[]) | undefined;
}

/** The latest step of one audience whose date has come: due, already sent, or passed over. */
function evaluate(ctx: AgeContext, audience: StepDef['audience']) {
	const { steps, dpd, dueDay, issueDay, anchorDay, highestSentOffset } = ctx;
	let candidate: StepDef | null = null;
	let candidateIndex = -1;
	for (let i = steps.length - 1; i >= 0; i--) {
		if (steps[i].audience === audience && steps[i].offsetDays <= dpd) {
			candidate = steps[i];
			candidateIndex = i;
			break;
		}
	}
	const skipped: string[] = [];
	let step: StepDef | null = null;
	let pending: Channel[] = [];
	let alreadySent: string | null = null;
	if (candidate) {
		const stepDay = dueDay + candidate.offsetDays;
		const beforeIssue = issueDay !== null && candidate.offsetDays < 0 && stepDay < issueDay;
		const beforeAnchor = anchorDay !== undefined && stepDay < anchorDay;
		const superseded = candidate.offsetDays < highestSentOffset;
		if (!beforeIssue && !beforeAnchor && !superseded) {
			const channels = ctx.resolveChannels ? ctx.resolveChannels(candidate) : candidate.channels;
			if (sentOn(ctx.touches, candidate.id, null)) {
				for (const c of channels) if (!sentOn(ctx.touches, candidate.id, c)) pending.push(c);
			} else pending = channels.slice();
			// A step is done when every channel it uses for this customer went out.
			if (pending.length > 0) step = candidate;
			else alreadySent = candidate.id;
		} else if (superseded) alreadySent = candidate.id;
		// Steps passed over since the last one sent (catch-up never sends them), oldest first.
		for (let i = candidateIndex - 1; i >= 0 && steps[i].offsetDays > highestSentOffset; i--) {
			if (steps[i].audience !== audience) continue;
			const d = dueDay + steps[i].offsetDays;
			if (issueDay !== null && steps[i].offsetDays < 0 && d < issueDay) break;
			if (anchorDay !== undefined && d < anchorDay) break;
			skipped.push(steps[i].id);
		}
		skipped.reverse();
	}
	return { step, pending, alreadySent, skipped, candidateIndex };
}
