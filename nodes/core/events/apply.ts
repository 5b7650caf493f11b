/**
 * Events -> state patches for the workflow's store.
 *
 * `applyEvent(state, event, options, now)` is pure: it reads the stored rows of the event's invoice (and of
 * its customer), and returns the new state, the upserts to write, the acknowledgment to send and the people
 * to notify. The store node writes the patches; the message node sends the message after the touch (its
 * dedupe key) has been claimed.
 *
 * ## Idempotence and order
 * - The ledger (one row per invoice, or per customer for customer-scope events) keeps every applied event
 *   id: the same event again is a `duplicate` and changes nothing.
 * - It keeps the latest event per family (by occurredAt, ties by event id). State-like facts follow the
 *   LATEST event of their family, so an older event arriving late is `stale` and changes nothing:
 *   dispute opened/closed, promise made/broken, out of office, and a failed charge older than a successful
 *   payment.
 * - Money facts are additive or monotonic, so their order does not matter: a payment reported as a running
 *   total (Stripe `amount_paid`) can only raise `amountPaid`; a payment reported as an amount (QuickBooks
 *   line) is added once per event id. Refunds never lower `amountPaid` (they go to a person).
 * - Settlement: paid and void are terminal (whichever came first stays; a payment on a void invoice or a
 *   void of a paid invoice goes to a person), both override uncollectible, which overrides open. Paid is
 *   absorbing: nothing un-pays an invoice, whatever arrives later.
 * - Acknowledgments carry dedupe keys kept in the ledger: Stripe's `invoice.paid` and
 *   `invoice.payment_succeeded` for the same payment thank the customer once.
 *
 * ## Partial payments: "keep the clock"
 * The original due date stays the anchor (days past due and tier do not move, so no tier repeats), steps
 * already sent stay sent (none repeats), later messages ask for the remaining balance. A payment of at least
 * `partialGrace.minPercent` % (default 50) of the balance before it grants a grace hold of
 * `partialGrace.days` (default 7), clipped to end the day before the first step of the next tier: a grace
 * never makes the customer pass a whole tier unreminded (no tier is skipped). See {@link ScheduleNote}.
 *
 * ## Holds written (deterministic ids; customer-scope holds carry no invoiceId)
 * | holdId                          | type     | from                                            |
 * |---------------------------------|----------|-------------------------------------------------|
 * | `dispute:<scope>`               | dispute  | dispute_opened / dispute reply (until closed)   |
 * | `promise:<scope>`               | promise  | promise_made / promise reply (until = the date; the stop check adds the grace) |
 * | `plan:<scope>`                  | plan     | promise_made with installments                  |
 * | `replied:<scope>`               | replied  | question / plan request / other replies         |
 * | `reconcile:<scope>`             | pause    | "already paid" reply (until a person reconciles, default 7 days) |
 * | `grace:<scope>`                 | pause    | partial payment grace                           |
 * | `ooo:<customerId>`              | ooo      | out-of-office reply (until the return day, inclusive) |
 * | `optout:<customerId>:<channel>` | optout   | unsubscribe / STOP (until released by a person) |
 * | `bounced:<customerId>:<channel>`| bounced  | bounce notice                                   |
 * `<scope>` is the invoiceId, or `customer:<customerId>` for replies not linked to an invoice.
 */

import { contactOf, sameContact } from '../contact';
import { formatDay, parseDay } from '../dates';
import { describeValue, ValidationError } from '../errors';
import { toleranceAmount } from '../money';
import { readToleranceAmounts } from '../policy';
import type { Channel, Hold, Policy, StepDef, TierDef, Touch } from '../types';
import { currencyDigits, roundMoney, toMinor } from './currency';
import { classifyDecline } from './declines';
import { signalOfRule } from './replies/rules';
import {
	isArEventType,
	type AckMessage,
	type ApplyOutcome,
	type ApplyResult,
	type ArEvent,
	type ArEventType,
	type DeclineClassification,
	type EventFamily,
	type EventLedger,
	type EventState,
	type HistoryEntry,
	type HistoryKind,
	type InvoicePatch,
	type InvoiceState,
	type NoticeAudience,
	type PersonNotice,
	type PromiseRecord,
	type ResolvedEventState,
	type ScheduleNote,
} from './types';
import { compareMarks, isZone, localDay, startOfLocalDay, toIsoInstant } from './util';

// ---------------------------------------------------------------------------------------------
// Options

export interface EventOptions {
	/** The company's calendar (days to pay, grace, promise deadlines). Default: policy.timeZone, else UTC. */
	timeZone?: string;
	/** The parts of the policy events use. */
	policy?: Partial<Pick<Policy, 'tolerance' | 'replyWindowDays' | 'promiseGraceDays' | 'tiers' | 'steps' | 'timeZone'>>;
	/**
	 * The customer. `email` / `phone`: the contacts an acknowledgment would go to; a bounce hold naming another address
	 * (a corrected contact) then does not stop it. Without them, any bounce hold of the channel does.
	 */
	customer?: { timeZone?: string; preferredChannel?: Channel; email?: string; phone?: string };
	/** Channel of acknowledgments for billing events (replies are answered on their own channel). Default: the customer's preferred channel, else email. */
	ackChannel?: Channel;
	/** Which acknowledgments to send. Defaults: all true except `chargeback` (a bank dispute is not answered by email). */
	acknowledge?: { paid?: boolean; partial?: boolean; failed?: boolean; dispute?: boolean; chargeback?: boolean; promise?: boolean; plan?: boolean };
	/** Do not acknowledge events older than this (a redelivered month-old payment gets no thank-you). Default 72. */
	ackMaxAgeHours?: number;
	/** Grace after a substantial partial payment; false = none. Default { minPercent: 50, days: 7 }. */
	partialGrace?: { minPercent: number; days: number } | false;
	/** "Already paid" claims pause messages this many days while a person reconciles. Default 7. */
	alreadyPaidHoldDays?: number;
	/** Out-of-office without a return date: hold this many days. Default 7. */
	oooDefaultDays?: number;
	/** A delivery notice of a full mailbox pauses that channel this many days (then it is tried again). Default 7. */
	mailboxFullDays?: number;
	/** A promise without a date: hold this many days. Default 7. */
	promiseDefaultDays?: number;
	/** Promises further out are capped to this many days and a person is told. Default 60. */
	maxPromiseDays?: number;
	/** Applied event ids kept per ledger (oldest dropped). Default 2000. */
	maxAppliedIds?: number;
}

interface Resolved {
	zone: string;
	customerZone: string;
	tolerance: { amount: number; percent: number; amounts?: Record<string, number> };
	replyWindowDays: number;
	promiseGraceDays: number;
	tiers: TierDef[] | null;
	steps: StepDef[] | null;
	ackChannel: Channel | null;
	/** The customer's contacts an acknowledgment would go to (bounce holds naming another address do not stop it). */
	contacts: { email?: string; phone?: string };
	ack: Required<NonNullable<EventOptions['acknowledge']>>;
	ackMaxAgeHours: number;
	partialGrace: { minPercent: number; days: number } | false;
	alreadyPaidHoldDays: number;
	oooDefaultDays: number;
	mailboxFullDays: number;
	promiseDefaultDays: number;
	maxPromiseDays: number;
	maxAppliedIds: number;
}

/** A non-empty string, else undefined. */
function text(v: unknown): string | undefined {
	return typeof v === 'string' && v.trim() !== '' ? v : undefined;
}

function nonNeg(v: unknown, field: string, dflt: number): number {
	if (v === undefined) return dflt;
	if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new ValidationError([{ field, message: 'must be a non-negative number', received: describeValue(v) }]);
	return v;
}

/** Fill option defaults; throws ValidationError naming the option. */
export function resolveEventOptions(o: EventOptions = {}): Resolved {
	const zone = o.timeZone ?? o.policy?.timeZone ?? 'UTC';
	if (!isZone(zone)) throw new ValidationError([{ field: 'options.timeZone', message: 'must be an IANA time zone', received: describeValue(zone) }]);
	const customerZone = o.customer?.timeZone ?? zone;
	if (!isZone(customerZone)) throw new ValidationError([{ field: 'options.customer.timeZone', message: 'must be an IANA time zone', received: describeValue(customerZone) }]);
	const grace = o.partialGrace === undefined ? { minPercent: 50, days: 7 } : o.partialGrace;
	return {
		zone,
		customerZone,
		tolerance: {
			amount: nonNeg(o.policy?.tolerance?.amount, 'options.policy.tolerance.amount', 0),
			percent: nonNeg(o.policy?.tolerance?.percent, 'options.policy.tolerance.percent', 0),
			amounts: readToleranceAmounts(o.policy?.tolerance?.amounts, 'options.policy.tolerance.amounts'),
		},
		replyWindowDays: nonNeg(o.policy?.replyWindowDays, 'options.policy.replyWindowDays', 5),
		promiseGraceDays: nonNeg(o.policy?.promiseGraceDays, 'options.policy.promiseGraceDays', 2),
		tiers: o.policy?.tiers ?? null,
		steps: o.policy?.steps ?? null,
		ackChannel: o.ackChannel ?? o.customer?.preferredChannel ?? null,
		contacts: { email: text(o.customer?.email), phone: text(o.customer?.phone) },
		ack: { paid: true, partial: true, failed: true, dispute: true, chargeback: false, promise: true, plan: true, ...(o.acknowledge ?? {}) },
		ackMaxAgeHours: nonNeg(o.ackMaxAgeHours, 'options.ackMaxAgeHours', 72),
		partialGrace: grace === false ? false : { minPercent: nonNeg(grace.minPercent, 'options.partialGrace.minPercent', 50), days: nonNeg(grace.days, 'options.partialGrace.days', 7) },
		alreadyPaidHoldDays: nonNeg(o.alreadyPaidHoldDays, 'options.alreadyPaidHoldDays', 7),
		oooDefaultDays: nonNeg(o.oooDefaultDays, 'options.oooDefaultDays', 7),
		mailboxFullDays: nonNeg(o.mailboxFullDays, 'options.mailboxFullDays', 7),
		promiseDefaultDays: nonNeg(o.promiseDefaultDays, 'options.promiseDefaultDays', 7),
		maxPromiseDays: nonNeg(o.maxPromiseDays, 'options.maxPromiseDays', 60),
		maxAppliedIds: nonNeg(o.maxAppliedIds, 'options.maxAppliedIds', 2000),
	};
}

// ---------------------------------------------------------------------------------------------
// Helpers

/** "email address" or "email address ap@client.example": the words a notice names a bounced contact by. */
function addressWords(channel: Channel, contact: string | undefined): string {
	return contact !== undefined ? `${channel} address ${contact}` : `${channel} address`;
}

/** The family whose latest event decides the facts this event type changes. */
export function familyOf(type: ArEventType): EventFamily {
	switch (type) {
		case 'paid':
		case 'partial_payment':
			return 'payment';
		case 'payment_failed':
			return 'failure';
		case 'voided':
		case 'uncollectible':
			return 'settlement';
		case 'dispute_opened':
		case 'dispute_closed':
			return 'dispute';
		case 'promise_made':
		case 'promise_broken':
			return 'promise';
		case 'refunded':
			return 'refund';
		case 'subscription_paused':
			return 'subscription';
		default:
			return 'reply';
	}
}

/** Ledger id (and hold scope) of an event: its invoice, or `customer:<id>`. */
export function scopeOf(invoiceId: string | null | undefined, customerId: string): string {
	return invoiceId ? invoiceId : `customer:${customerId}`;
}

export function emptyLedger(invoiceId: string | null, customerId: string, now: string): EventLedger {
	return {
		ledgerId: scopeOf(invoiceId, customerId),
		invoiceId,
		customerId,
		applied: [],
		latest: {},
		settlement: {},
		credits: {},
		promises: [],
		pendingBreaks: {},
		acks: [],
		updatedAt: now,
	};
}

export function resolveState(s: EventState | null | undefined): ResolvedEventState {
	return {
		invoice: s?.invoice ?? null,
		holds: s?.holds ?? [],
		touches: s?.touches ?? [],
		ledger: s?.ledger ?? null,
		history: s?.history ?? [],
	};
}

function cloneLedger(l: EventLedger): EventLedger {
	return {
		...l,
		applied: [...l.applied],
		latest: { ...l.latest },
		settlement: { ...l.settlement },
		credits: { ...l.credits },
		promises: l.promises.map((p) => ({ ...p, installments: p.installments?.map((i) => ({ ...i })) })),
		pendingBreaks: { ...(l.pendingBreaks ?? {}) },
		acks: [...l.acks],
	};
}

function validateEvent(event: ArEvent): void {
	const bad = (field: string, message: string, v: unknown): never => {
		throw new ValidationError([{ field: `event.${field}`, message, received: describeValue(v) }]);
	};
	if (!event || typeof event !== 'object') bad('', 'must be a normalised event', event);
	if (typeof event.eventId !== 'string' || event.eventId.length === 0) bad('eventId', 'must be a non-empty string', event.eventId);
	if (!isArEventType(event.type)) bad('type', 'unknown event type', event.type);
	if (typeof event.customerId !== 'string' || event.customerId.length === 0) bad('customerId', 'must be a non-empty string', event.customerId);
	if (toIsoInstant(event.occurredAt) === null) bad('occurredAt', 'must be an ISO instant', event.occurredAt);
	if (event.invoiceId !== null && (typeof event.invoiceId !== 'string' || event.invoiceId.length === 0)) bad('invoiceId', 'must be a non-empty string or null', event.invoiceId);
	if (event.type === 'reply' && !event.reply) bad('reply', 'a reply event needs its classification', event.reply);
	if (event.type === 'promise_made' && !(event.promise && parseDay(event.promise.date) !== null)) bad('promise.date', 'a promise needs a date YYYY-MM-DD', event.promise?.date);
}

function isSettled(inv: InvoiceState | null, ledger: EventLedger): boolean {
	return ledger.settlement.paid !== undefined || ledger.settlement.voided !== undefined || inv?.status === 'paid' || inv?.status === 'void';
}

// ---------------------------------------------------------------------------------------------
// The applier

class Application {
	readonly r: Resolved;
	readonly event: ArEvent;
	readonly now: string;
	readonly scope: string;
	readonly ledger: EventLedger;
	readonly before: ResolvedEventState;
	invoice: InvoiceState | null;
	readonly holds = new Map<string, Hold>();
	readonly changedHolds = new Set<string>();
	readonly touches: Touch[] = [];
	readonly history = new Map<string, HistoryEntry>();
	readonly notify: PersonNotice[] = [];
	invoicePatch: InvoicePatch | null = null;
	message: AckMessage | null = null;
	messageSkipped?: string;
	outcome: ApplyOutcome = 'applied';
	reason = { code: 'APPLIED', message: 'Applied.' };
	effectiveType: ArEventType;
	decline?: DeclineClassification;
	payment?: ApplyResult['payment'];
	schedule?: ScheduleNote;

	constructor(state: ResolvedEventState, event: ArEvent, r: Resolved, now: string) {
		this.r = r;
		this.event = event;
		this.now = now;
		this.before = state;
		this.scope = scopeOf(event.invoiceId, event.customerId);
		this.ledger = cloneLedger(state.ledger ?? emptyLedger(event.invoiceId, event.customerId, now));
		this.invoice = state.invoice ? { ...state.invoice } : null;
		for (const h of state.holds) this.holds.set(h.holdId, h);
		this.effectiveType = event.type;
	}

	// ----- small helpers

	get eventDay(): number {
		return localDay(this.event.occurredAt, this.r.zone);
	}

	get digits(): number {
		return currencyDigits(this.invoice?.currency ?? this.event.currency);
	}

	/** The policy's tolerance for an invoice of `amount` in the invoice's currency ({@link toleranceAmount}). */
	tolerance(amount: number | undefined): number {
		return toleranceAmount(this.r.tolerance, (this.invoice?.currency ?? this.event.currency ?? '').toUpperCase(), amount);
	}

	settled(): boolean {
		return isSettled(this.invoice, this.ledger);
	}

	stale(family: EventFamily): boolean {
		const mark = this.ledger.latest[family];
		return mark !== undefined && compareMarks(this.event, mark) < 0;
	}

	mark(family: EventFamily): void {
		const mark = this.ledger.latest[family];
		if (!mark || compareMarks(this.event, mark) >= 0) {
			this.ledger.latest[family] = { occurredAt: this.event.occurredAt, eventId: this.event.eventId, type: this.event.type };
		}
	}

	set(outcome: ApplyOutcome, code: string, message: string): void {
		this.outcome = outcome;
		this.reason = { code, message };
	}

	patch(fields: Omit<InvoicePatch, 'invoiceId'>): void {
		if (!this.event.invoiceId) return;
		this.invoicePatch = { ...(this.invoicePatch ?? { invoiceId: this.event.invoiceId }), ...fields };
		this.invoice = { ...(this.invoice ?? { invoiceId: this.event.invoiceId, customerId: this.event.customerId }), ...fields } as InvoiceState;
	}

	hold(h: Omit<Hold, 'invoiceId' | 'customerId'> & { customerScope?: boolean }): void {
		const { customerScope, ...rest } = h;
		const full: Hold = customerScope || !this.event.invoiceId ? { ...rest, customerId: this.event.customerId } : { ...rest, invoiceId: this.event.invoiceId, customerId: this.event.customerId };
		const prev = this.holds.get(full.holdId);
		if (prev && JSON.stringify(prev) === JSON.stringify(full)) return;
		this.holds.set(full.holdId, full);
		this.changedHolds.add(full.holdId);
	}

	release(holdId: string, note?: string): boolean {
		const prev = this.holds.get(holdId);
		if (!prev || !prev.active) return false;
		this.holds.set(holdId, { ...prev, active: false, note: note ?? prev.note });
		this.changedHolds.add(holdId);
		return true;
	}

	activeHold(holdId: string): Hold | undefined {
		const h = this.holds.get(holdId);
		return h && h.active ? h : undefined;
	}

	/**
	 * A full mailbox: the address exists, so its channel pauses for `mailboxFullDays` from the notice (through the later
	 * end when a pause of the same address runs longer), then reminders go to it again by themselves, and the owner is
	 * told. A stop already in place for that address (a hard bounce, until a person releases it) stays as it is: a
	 * full mailbox never shortens it.
	 */
	mailboxFull(holdId: string, channel: Channel, contact: string | undefined, recvDay: number): void {
		const prev = this.activeHold(holdId);
		// The address of the hold in place is this one, or neither says which.
		const same = prev !== undefined && (prev.contact === undefined || contact === undefined || sameContact(channel, prev.contact, contact));
		if (prev && same && prev.until === null) return;
		const prevEnd = prev && same && prev.until !== null ? parseDay(prev.until) : null;
		const until = formatDay(Math.max(recvDay + this.r.mailboxFullDays, prevEnd ?? -Infinity));
		this.hold({ holdId, type: 'bounced', channel, until, active: true, createdAt: same ? this.since(holdId, this.event.occurredAt) : this.event.occurredAt, note: 'mailbox full', ...(contact !== undefined ? { contact } : {}), customerScope: true });
		this.tell('accountOwner', 'MAILBOX_FULL', `The ${addressWords(channel, contact)} of customer ${this.event.customerId} is full (the message came back): ${channel} reminders pause through ${until}, then go to it again by themselves; reach the customer another way if it cannot wait.`, 'low');
	}

	/** When a hold written again began: the instant of the active hold it renews, else `at` (a new hold). */
	since(holdId: string, at: string): string | undefined {
		return this.activeHold(holdId)?.createdAt ?? at;
	}

	record(kind: HistoryKind, id: string, extra: Partial<HistoryEntry> = {}): void {
		const entry: HistoryEntry = {
			historyId: id,
			kind,
			invoiceId: this.event.invoiceId,
			customerId: this.event.customerId,
			at: this.event.occurredAt,
			...extra,
		};
		if (this.before.history.some((h) => h.historyId === id)) return;
		this.history.set(id, entry);
	}

	tell(audience: NoticeAudience, code: string, message: string, priority: PersonNotice['priority'] = 'normal'): void {
		this.notify.push({ audience, code, message, priority, invoiceId: this.event.invoiceId, customerId: this.event.customerId });
	}

	channelBlocked(ch: Channel): boolean {
		for (const h of this.holds.values()) {
			if (!h.active || (h.type !== 'optout' && h.type !== 'bounced') || h.channel !== ch) continue;
			if (h.customerId !== undefined && h.customerId !== this.event.customerId) continue;
			// A bounce of another address than the customer's now (a corrected contact) does not stop it; unknown: it does.
			if (h.type === 'bounced' && h.contact !== undefined) {
				const now = contactOf(this.r.contacts, ch);
				if (now !== undefined && !sameContact(ch, h.contact, now)) continue;
			}
			return true;
		}
		return false;
	}

	ack(enabled: boolean, templateKey: string, key: string, data: AckMessage['data'], fallbackTemplateKey?: string): void {
		if (!enabled) {
			this.messageSkipped = 'ACK_DISABLED';
			return;
		}
		const dedupeKey = `${this.scope}:ack:${key}`;
		if (this.ledger.acks.includes(dedupeKey) || this.before.touches.some((t) => t.dedupeKey === dedupeKey)) {
			this.messageSkipped = 'ACK_ALREADY_SENT';
			return;
		}
		const ageHours = (Date.parse(this.now) - Date.parse(this.event.occurredAt)) / 3_600_000;
		if (ageHours > this.r.ackMaxAgeHours) {
			this.messageSkipped = 'EVENT_TOO_OLD_FOR_ACK';
			return;
		}
		const preferred: Channel = this.event.reply?.channel ?? this.r.ackChannel ?? 'email';
		const channel = [preferred, 'email' as Channel].find((c) => !this.channelBlocked(c));
		if (!channel) {
			this.messageSkipped = 'CHANNEL_OPTED_OUT';
			return;
		}
		this.ledger.acks.push(dedupeKey);
		this.message = {
			templateKey,
			fallbackTemplateKey,
			channel,
			invoiceId: this.event.invoiceId,
			customerId: this.event.customerId,
			dedupeKey,
			transactional: true,
			data: {
				invoiceId: this.event.invoiceId,
				invoiceNumber: this.event.raw.invoiceNumber ?? null,
				currency: this.invoice?.currency ?? this.event.currency ?? null,
				...data,
			},
		};
		this.touches.push({
			invoiceId: this.event.invoiceId ?? this.scope,
			customerId: this.event.customerId,
			step: `ack:${templateKey}`,
			channel,
			sentAt: this.now,
			dedupeKey,
			status: 'claimed',
		});
	}

	activePromise(): PromiseRecord | undefined {
		return this.ledger.promises.find((p) => p.status === 'active');
	}

	endPromise(p: PromiseRecord, status: 'kept' | 'broken' | 'superseded' | 'cancelled', note: string, by: { eventId: string; occurredAt: string } = this.event): void {
		p.status = status;
		p.endedAt = by.occurredAt;
		p.endEventId = by.eventId;
		this.release(`promise:${this.scope}`, note);
		if (p.installments) this.release(`plan:${this.scope}`, note);
		const kind: HistoryKind = status === 'kept' ? 'promise_kept' : status === 'broken' ? 'promise_broken' : status === 'superseded' ? 'promise_rescheduled' : 'promise_cancelled';
		this.record(kind, `${kind}:${p.promiseId}`, { promiseId: p.promiseId, detail: note, amount: p.amount });
	}

	// ----- schedule

	scheduleNote(balanceBefore: number | null, balanceAfter: number | null, graceUntil: number | null, note: string): ScheduleNote {
		const dueDay = this.invoice?.dueDate ? parseDay(this.invoice.dueDate) : null;
		let nextStep: ScheduleNote['nextStep'] = null;
		if (this.r.steps && dueDay !== null) {
			const sent = new Set([...this.before.touches, ...this.touches].filter((t) => t.status !== 'failed').map((t) => t.step));
			const from = graceUntil !== null ? graceUntil + 1 : this.eventDay + 1;
			const next = [...this.r.steps]
				.filter((s) => s.audience === 'customer' && !sent.has(s.id) && dueDay + s.offsetDays >= from)
				.sort((a, b) => a.offsetDays - b.offsetDays)[0];
			if (next) nextStep = { id: next.id, date: formatDay(dueDay + next.offsetDays) };
		}
		return {
			rule: 'keep-due-date',
			dueDate: this.invoice?.dueDate ?? null,
			balanceBefore,
			balanceAfter,
			graceUntil: graceUntil === null ? null : formatDay(graceUntil),
			nextStep,
			note,
		};
	}

	/** Last day of a partial-payment grace, clipped before the next tier's first step; null when none. */
	graceUntil(increment: number, balanceBefore: number): number | null {
		const g = this.r.partialGrace;
		if (g === false || g.days <= 0 || balanceBefore <= 0 || (increment / balanceBefore) * 100 < g.minPercent) return null;
		let until = this.eventDay + g.days;
		const dueDay = this.invoice?.dueDate ? parseDay(this.invoice.dueDate) : null;
		if (dueDay !== null && this.r.tiers && this.r.steps) {
			const dpd = this.eventDay - dueDay;
			const nextTier = [...this.r.tiers].filter((t) => t.fromDay > dpd).sort((a, b) => a.fromDay - b.fromDay)[0];
			if (nextTier) {
				const first = [...this.r.steps].filter((s) => s.audience === 'customer' && s.offsetDays >= nextTier.fromDay).sort((a, b) => a.offsetDays - b.offsetDays)[0];
				if (first) until = Math.min(until, dueDay + first.offsetDays - 1);
			}
		}
		return until >= this.eventDay ? until : null;
	}

	// ----- handlers

	money(): void {
		const e = this.event;
		const inv = this.invoice;
		const d = this.digits;
		const wasPaid = this.ledger.settlement.paid !== undefined || inv?.status === 'paid';
		let amount = inv?.amount ?? e.invoiceAmount;
		if (amount === undefined && e.amountPaid !== undefined && e.amountRemaining !== undefined) amount = roundMoney(e.amountPaid + e.amountRemaining, d);
		const paidBefore = inv?.amountPaid ?? (inv?.amount !== undefined && inv?.balance !== undefined ? roundMoney(inv.amount - inv.balance, d) : 0);
		let paidAfter = paidBefore;
		if (e.amountPaid !== undefined) {
			paidAfter = Math.max(paidBefore, e.amountPaid);
		} else if (e.amount !== undefined) {
			paidAfter = roundMoney(paidBefore + e.amount, d);
			this.ledger.credits[e.eventId] = e.amount;
		}
		if (e.type === 'paid' && amount !== undefined) paidAfter = Math.max(paidAfter, amount);
		if (amount !== undefined) paidAfter = Math.min(paidAfter, Math.max(amount, paidBefore));
		paidAfter = roundMoney(paidAfter, d);
		let balanceAfter: number | null = amount !== undefined ? Math.max(0, roundMoney(amount - paidAfter, d)) : (e.amountRemaining ?? null);
		const balanceBefore = amount !== undefined ? Math.max(0, roundMoney(amount - paidBefore, d)) : null;
		const settles = e.type === 'paid' || (balanceAfter !== null && balanceAfter <= this.tolerance(amount));
		const increment = roundMoney(paidAfter - paidBefore, d);
		this.effectiveType = settles ? 'paid' : 'partial_payment';
		if (settles && e.type === 'paid') balanceAfter = 0;

		const fields: Omit<InvoicePatch, 'invoiceId'> = { amountPaid: paidAfter };
		if (amount !== undefined && inv?.amount === undefined) fields.amount = amount;
		if (balanceAfter !== null) fields.balance = balanceAfter;
		if (e.currency && !inv?.currency) fields.currency = e.currency;

		if (!wasPaid && (this.ledger.settlement.voided !== undefined || inv?.status === 'void')) {
			// Void is terminal too: the money is recorded, a person refunds or re-applies it.
			this.patch({ amountPaid: paidAfter });
			if (e.type === 'paid' || increment > 0) this.record('partial_payment', `partial_payment:${e.eventId}`, { amount: increment, currency: this.invoice?.currency ?? e.currency, detail: 'on a void invoice' });
			this.tell('finance', 'PAYMENT_ON_VOID_INVOICE', `A payment of ${increment} arrived for voided invoice ${e.invoiceId}: refund it or apply it elsewhere.`, 'high');
			this.set('applied', 'PAYMENT_ON_VOID_INVOICE', 'The invoice is void: the payment is recorded and a person decides.');
			this.mark('payment');
			return;
		}
		// Promise bookkeeping.
		const p = this.activePromise();
		if (p && increment > 0) p.paidSince = roundMoney(p.paidSince + increment, d);

		if (settles && !wasPaid) {
			const paidDay = this.eventDay;
			const issueDay = inv?.issueDate ? parseDay(inv.issueDate) : null;
			const dueDay = inv?.dueDate ? parseDay(inv.dueDate) : null;
			const daysToPay = issueDay !== null ? paidDay - issueDay : null;
			const daysLate = dueDay !== null ? paidDay - dueDay : null;
			Object.assign(fields, { status: 'paid' as const, paidDate: formatDay(paidDay), daysToPay, daysLate, autoChargePending: false });
			this.ledger.settlement.paid = e.eventId;
			this.payment = { amountPaid: paidAfter, balance: balanceAfter, daysToPay, daysLate };
			this.record('paid', `paid:${this.scope}`, { amount: paidAfter, currency: this.invoice?.currency ?? e.currency, daysToPay, daysLate });
			if (p) this.endPromise(p, 'kept', 'invoice paid');
			this.release(`plan:${this.scope}`, 'invoice paid');
			this.release(`grace:${this.scope}`, 'invoice paid');
			this.release(`reconcile:${this.scope}`, 'payment received');
			this.patch(fields);
			this.ack(this.r.ack.paid, 'payment-received-thanks', 'payment-received-thanks', {
				amountPaid: paidAfter,
				paidDate: formatDay(paidDay),
				daysToPay,
			});
			this.mark('settlement');
		} else if (settles && wasPaid) {
			this.patch(fields);
			this.set('applied', 'ALREADY_PAID', 'The invoice was already paid; amounts recorded, nothing else to do.');
		} else {
			// Partial payment: keep the clock.
			if (p && p.amount !== undefined && p.paidSince + 1e-9 >= p.amount) this.endPromise(p, 'kept', 'promised amount received');
			if (increment > 0) this.record('partial_payment', `partial_payment:${e.eventId}`, { amount: increment, currency: this.invoice?.currency ?? e.currency });
			const grace = !wasPaid && increment > 0 && balanceBefore !== null ? this.graceUntil(increment, balanceBefore) : null;
			if (grace !== null) {
				this.hold({
					holdId: `grace:${this.scope}`,
					type: 'pause',
					until: formatDay(grace),
					active: true,
					createdAt: e.occurredAt,
					amount: increment,
					note: `grace after a partial payment of ${increment}${balanceBefore ? ` (${Math.round((increment / balanceBefore) * 100)}% of the balance)` : ''}`,
				});
			}
			this.patch(fields);
			this.payment = { amountPaid: paidAfter, balance: balanceAfter, daysToPay: null, daysLate: null };
			this.schedule = this.scheduleNote(
				balanceBefore,
				balanceAfter,
				grace,
				'Due date kept: days past due and tier do not move; sent steps stay sent; later messages ask for the remaining balance.' +
					(grace !== null ? ' A grace hold pauses reminders after a substantial payment, ending before the next tier starts.' : ''),
			);
			if (wasPaid) this.set('applied', 'ALREADY_PAID', 'The invoice was already paid; the payment is recorded only.');
			else if (increment > 0) {
				this.ack(this.r.ack.partial, 'partial-payment-thanks', `partial-payment-thanks:${toMinor(paidAfter, d)}`, {
					amountReceived: increment,
					amountPaid: paidAfter,
					balance: balanceAfter,
				});
			} else this.messageSkipped = 'NOTHING_NEW';
		}
		this.mark('payment');
	}

	failed(): void {
		const e = this.event;
		this.decline = classifyDecline(e.decline);
		this.record('failed_charge', `failed_charge:${e.eventId}`, { amount: e.amount, currency: e.currency, code: this.decline.code });
		if (this.settled()) {
			this.set('ignored', 'INVOICE_SETTLED', 'The invoice is already paid or void: a failed charge changes nothing.');
			return;
		}
		if (this.stale('payment')) {
			this.set('stale', 'OLDER_THAN_PAYMENT', 'A payment newer than this failure was already applied.');
			return;
		}
		if (this.stale('failure')) {
			this.set('stale', 'OLDER_THAN_LATEST_FAILURE', 'A newer failed attempt was already applied.');
			return;
		}
		const c = this.decline;
		// A retry is promised to the customer (and reminders keep waiting for the card) only when the billing
		// system scheduled one: a soft decline with no next attempt known resumes the reminders.
		const willRetry = c.retry.advisable && typeof e.nextAttemptAt === 'string';
		this.patch({ autoChargePending: willRetry });
		if (c.notifyPerson) this.tell('finance', 'CARD_RISK', `Charge declined (${c.code}): ${c.explanation}`, 'high');
		this.ack(this.r.ack.failed, c.customerMessageKey, c.customerMessageKey, {
			declineCategory: c.category,
			amount: e.amount ?? this.invoice?.balance ?? null,
			needsNewCard: c.needsNewCard,
			nextAttemptAt: willRetry ? (e.nextAttemptAt ?? null) : null,
		}, 'payment-failed');
		this.mark('failure');
	}

	voided(): void {
		this.record('voided', `voided:${this.scope}`);
		if (this.ledger.settlement.paid !== undefined || this.invoice?.status === 'paid') {
			this.tell('finance', 'VOID_AFTER_PAYMENT', `Invoice ${this.event.invoiceId} was voided after it was paid: check for a refund or credit note.`, 'high');
			this.set('ignored', 'INVOICE_PAID', 'Paid stays paid; a person is told about the void.');
			this.ledger.settlement.voided = this.ledger.settlement.voided ?? this.event.eventId;
			return;
		}
		this.ledger.settlement.voided = this.ledger.settlement.voided ?? this.event.eventId;
		const p = this.activePromise();
		if (p) this.endPromise(p, 'cancelled', 'invoice voided');
		for (const id of [`plan:${this.scope}`, `grace:${this.scope}`, `reconcile:${this.scope}`, `replied:${this.scope}`]) this.release(id, 'invoice voided');
		this.patch({ status: 'void', autoChargePending: false });
		this.mark('settlement');
	}

	uncollectible(): void {
		this.record('uncollectible', `uncollectible:${this.scope}`);
		this.ledger.settlement.uncollectible = this.ledger.settlement.uncollectible ?? this.event.eventId;
		if (this.settled()) {
			this.set('ignored', 'INVOICE_SETTLED', 'The invoice is already paid or void.');
			return;
		}
		this.patch({ status: 'uncollectible', autoChargePending: false });
		this.mark('settlement');
	}

	disputeOpened(fromReply: boolean): void {
		const e = this.event;
		if (this.stale('dispute')) {
			this.set('stale', 'OLDER_THAN_LATEST_DISPUTE_EVENT', 'A newer dispute event was already applied.');
			return;
		}
		const holdId = `dispute:${this.scope}`;
		const wasOpen = this.activeHold(holdId) !== undefined;
		const reason = fromReply ? `customer reply (${e.reply?.matchedRule ?? 'dispute'})` : `chargeback ${e.dispute?.reason ?? ''}`.trim();
		this.hold({ holdId, type: 'dispute', until: null, active: true, createdAt: e.occurredAt, amount: e.amount, note: reason });
		this.patch({ disputed: true });
		this.record('dispute_opened', `dispute_opened:${e.eventId}`, { amount: e.amount, currency: e.currency, code: e.dispute?.reason ?? e.reply?.matchedRule });
		const due = e.dispute?.evidenceDueBy ? ` Evidence due by ${e.dispute.evidenceDueBy}.` : '';
		if (!wasOpen) {
			this.tell('finance', 'DISPUTE_OPENED', `Dispute opened on ${e.invoiceId ?? `customer ${e.customerId}`}: ${reason}.${due} Reminders stop until it is closed.`, 'high');
			this.ack(fromReply ? this.r.ack.dispute : this.r.ack.chargeback, 'dispute-acknowledged', `dispute-acknowledged:${e.eventId}`, {
				reason: e.dispute?.reason ?? null,
			});
		} else {
			this.messageSkipped = 'DISPUTE_ALREADY_OPEN';
		}
		this.mark('dispute');
	}

	disputeClosed(): void {
		const e = this.event;
		if (this.stale('dispute')) {
			this.set('stale', 'OLDER_THAN_LATEST_DISPUTE_EVENT', 'A newer dispute event was already applied.');
			return;
		}
		const holdId = `dispute:${this.scope}`;
		const outcome = e.dispute?.outcome ?? 'closed';
		const prev = this.holds.get(holdId);
		if (prev) this.release(holdId, `closed: ${outcome}`);
		else this.hold({ holdId, type: 'dispute', until: null, active: false, createdAt: e.occurredAt, note: `closed: ${outcome}` });
		this.patch({ disputed: false });
		this.record('dispute_closed', `dispute_closed:${e.eventId}`, { amount: e.amount, currency: e.currency, code: outcome });
		if (outcome === 'lost') this.tell('finance', 'DISPUTE_LOST', `Dispute lost on ${e.invoiceId}: the funds were withdrawn. Decide: re-invoice, collect, or write off.`, 'high');
		else if (outcome === 'won') this.tell('finance', 'DISPUTE_WON', `Dispute won on ${e.invoiceId}.`, 'low');
		else this.tell('finance', 'DISPUTE_CLOSED', `Dispute closed on ${e.invoiceId ?? e.customerId} (${outcome}); the sequence resumes if a balance remains.`, 'normal');
		if (!this.settled()) this.schedule = this.scheduleNote(this.invoice?.balance ?? null, this.invoice?.balance ?? null, null, 'Dispute closed: reminders resume from the next step due; missed steps are caught up once by the aging.');
		this.mark('dispute');
	}

	promiseMade(date: string, dateSource: 'stated' | 'default', amount: number | undefined, installments: Array<{ date: string; amount?: number }> | undefined): void {
		const e = this.event;
		if (this.settled()) {
			this.set('ignored', 'INVOICE_SETTLED', 'The invoice is already paid or void: no promise needed.');
			return;
		}
		if (this.stale('promise')) {
			this.set('stale', 'OLDER_THAN_LATEST_PROMISE_EVENT', 'A newer promise event was already applied.');
			return;
		}
		const limit = this.eventDay + this.r.maxPromiseDays;
		let holdDay = parseDay(installments ? installments[installments.length - 1].date : date) as number;
		if (holdDay > limit) {
			this.tell('accountOwner', 'PROMISE_BEYOND_LIMIT', `Customer promised ${formatDay(holdDay)}, beyond ${this.r.maxPromiseDays} days: the hold is capped at ${formatDay(limit)}; agree a plan or approve.`, 'normal');
			holdDay = limit;
		}
		const prev = this.activePromise();
		if (prev) this.endPromise(prev, 'superseded', `replaced by a new promise for ${date}`);
		const record: PromiseRecord = { promiseId: e.eventId, madeAt: e.occurredAt, date, paidSince: 0, status: 'active' };
		if (amount !== undefined) record.amount = amount;
		if (installments) record.installments = installments;
		this.ledger.promises.push(record);
		if (installments) {
			this.hold({ holdId: `plan:${this.scope}`, type: 'plan', until: formatDay(holdDay + this.r.promiseGraceDays), active: true, createdAt: e.occurredAt, amount, note: `payment plan: ${installments.map((i) => `${i.date}${i.amount !== undefined ? ` ${i.amount}` : ''}`).join(', ')}` });
		} else {
			this.hold({ holdId: `promise:${this.scope}`, type: 'promise', until: formatDay(holdDay), active: true, createdAt: e.occurredAt, amount, note: `promised ${date}${dateSource === 'default' ? ' (no date given: default)' : ''}` });
		}
		this.record('promise_made', `promise_made:${e.eventId}`, { promiseId: e.eventId, amount, detail: date });
		const pending = this.ledger.pendingBreaks[e.eventId];
		if (pending) {
			// Its break was delivered first: made and broken at once, nothing to confirm.
			delete this.ledger.pendingBreaks[e.eventId];
			this.endPromise(record, 'broken', `not paid by ${date} (break delivered before the promise)`, pending);
			this.set('applied', 'PROMISE_ALREADY_BROKEN', 'The promise was recorded and its earlier-delivered break applied.');
			this.mark('promise');
			return;
		}
		if (installments) {
			this.ack(this.r.ack.plan, 'plan-confirmation', `plan-confirmation:${e.eventId}`, {
				installments: installments.map((i) => ({ date: i.date, amount: i.amount ?? null })),
				lastDate: installments[installments.length - 1].date,
			});
		} else {
			this.ack(this.r.ack.promise, 'promise-confirmation', `promise-confirmation:${e.eventId}`, { promiseDate: date, promiseAmount: amount ?? null });
		}
		this.mark('promise');
	}

	promiseBroken(): void {
		const e = this.event;
		const p = this.activePromise();
		const wanted = e.promise?.promiseId;
		if (wanted && !this.ledger.promises.some((x) => x.promiseId === wanted)) {
			this.ledger.pendingBreaks[wanted] = { eventId: e.eventId, occurredAt: e.occurredAt };
			this.set('ignored', 'PROMISE_NOT_YET_KNOWN', 'The promise this breaks has not arrived yet; the break is kept and applied when it does.');
			return;
		}
		if (!wanted && this.stale('promise')) {
			this.set('stale', 'OLDER_THAN_LATEST_PROMISE_EVENT', 'A newer promise was made after this break.');
			return;
		}
		if (!p && !wanted) {
			// "The promise is broken" without naming one, and none is active: any promise made before it
			// and delivered later is already broken, so mark the family (older promises become stale).
			if (!this.stale('promise')) this.mark('promise');
			this.set('ignored', 'PROMISE_NOT_ACTIVE', 'No active promise: promises made before this break and delivered later will not hold.');
			return;
		}
		if (!p || (wanted && p.promiseId !== wanted)) {
			this.set('ignored', 'PROMISE_NOT_ACTIVE', 'No active promise matches: it was kept, replaced or already released.');
			return;
		}
		if (this.settled()) {
			this.set('ignored', 'INVOICE_SETTLED', 'The invoice is settled: the promise counts as kept.');
			return;
		}
		this.endPromise(p, 'broken', `not paid by ${p.date} + ${this.r.promiseGraceDays} days grace`);
		this.tell('accountOwner', 'PROMISE_BROKEN', `Promise to pay by ${p.date} was not kept on ${e.invoiceId ?? e.customerId}; reminders resume.`, 'normal');
		this.schedule = this.scheduleNote(this.invoice?.balance ?? null, this.invoice?.balance ?? null, null, 'Promise broken: reminders resume at the step due now; steps missed during the hold are caught up once by the aging; the broken promise counts in the risk history.');
		// A break naming its promise ends that promise only: a newer promise delivered late still holds.
		if (!wanted) this.mark('promise');
	}

	replied(untilDay: number): void {
		const holdId = `replied:${this.scope}`;
		const prev = this.holds.get(holdId);
		const prevUntil = prev?.active && prev.until ? parseDay(prev.until) : null;
		const until = formatDay(Math.max(untilDay, prevUntil ?? -Infinity));
		this.hold({ holdId, type: 'replied', until, active: true, createdAt: prev?.active ? prev.createdAt : this.event.occurredAt, note: `customer replied (${this.event.reply?.class})` });
	}

	reply(): void {
		const e = this.event;
		const r = e.reply!;
		const recvDay = localDay(r.receivedAt, this.r.customerZone);
		this.record('reply', `reply:${e.eventId}`, { code: r.class, detail: r.excerpt.slice(0, 140) });
		for (const ch of r.optOutChannels ?? []) {
			this.hold({ holdId: `optout:${e.customerId}:${ch}`, type: 'optout', channel: ch, until: null, active: true, createdAt: this.since(`optout:${e.customerId}:${ch}`, e.occurredAt), note: `opted out by reply (${r.matchedRule})`, customerScope: true });
		}
		if (r.needsReview && r.class !== 'other') this.tell('accountOwner', 'REVIEW_REPLY', `Reply classified as ${r.class} with low confidence (${r.confidence}): please read it.`, 'low');
		switch (r.class) {
			case 'promise_to_pay': {
				const date = r.promiseDate ?? formatDay(recvDay + this.r.promiseDefaultDays);
				this.promiseMade(date, r.promiseDate ? 'stated' : 'default', undefined, undefined);
				break;
			}
			case 'dispute':
				this.disputeOpened(true);
				break;
			case 'payment_plan_request':
				this.replied(recvDay + this.r.replyWindowDays);
				this.tell('finance', 'PLAN_REQUESTED', `Customer asks for a payment plan on ${e.invoiceId ?? e.customerId}: propose installments (then record a promise with installments).`, 'normal');
				this.mark('reply');
				break;
			case 'already_paid':
				if (this.settled()) {
					this.set('ignored', 'INVOICE_SETTLED', 'The invoice is already paid: nothing to reconcile.');
					break;
				}
				{
					// Extend, never shorten (so the order of several claims does not matter).
					const prev = this.activeHold(`reconcile:${this.scope}`);
					const prevUntil = prev?.until ? (parseDay(prev.until) as number) : -Infinity;
					this.hold({ holdId: `reconcile:${this.scope}`, type: 'pause', until: formatDay(Math.max(prevUntil, recvDay + this.r.alreadyPaidHoldDays)), active: true, createdAt: prev?.createdAt ?? e.occurredAt, note: 'customer says it is paid: reconcile' });
				}
				this.tell('finance', 'RECONCILE_PAYMENT_CLAIM', `Customer says ${e.invoiceId ?? 'an invoice'} is already paid: find the payment and apply it (reminders paused ${this.r.alreadyPaidHoldDays} days).`, 'high');
				this.mark('reply');
				break;
			case 'out_of_office': {
				const holdId = `ooo:${e.customerId}`;
				const prev = this.holds.get(holdId);
				if (prev?.createdAt && compareMarks({ occurredAt: e.occurredAt, eventId: e.eventId }, { occurredAt: prev.createdAt, eventId: '' }) < 0) {
					this.set('stale', 'OLDER_THAN_LATEST_OOO', 'A newer out-of-office reply was already applied.');
					break;
				}
				const until = r.returnDate ?? formatDay(recvDay + this.r.oooDefaultDays);
				this.hold({ holdId, type: 'ooo', until, active: true, createdAt: e.occurredAt, note: r.returnDate ? `out of office, back ${r.returnDate}` : 'out of office (no return date: default)', customerScope: true });
				this.mark('ooo');
				break;
			}
			case 'unsubscribe':
				if (!r.optOutChannels || r.optOutChannels.length === 0) {
					this.hold({ holdId: `optout:${e.customerId}:${r.channel}`, type: 'optout', channel: r.channel, until: null, active: true, createdAt: e.occurredAt, note: 'opted out by reply', customerScope: true });
				}
				this.mark('reply');
				break;
			case 'bounced': {
				// A delivery failure, or an automatic reply saying the contact left or the mailbox is no longer read.
				const left = signalOfRule(r.matchedRule) === 'left';
				const holdId = `bounced:${e.customerId}:${r.channel}`;
				// A delivery report's failed recipient is the address it is about. A "has left" notice's sender may be an alias
				// forwarding to the mailbox that is no longer read: it names the address only when it is the one on file.
				const contact = left && !sameContact('email', r.contact, this.r.contacts.email) ? undefined : r.contact;
				if (r.mailboxFull === true && !left) {
					this.mailboxFull(holdId, r.channel, contact, recvDay);
					this.mark('reply');
					break;
				}
				this.hold({ holdId, type: 'bounced', channel: r.channel, until: null, active: true, createdAt: this.since(holdId, e.occurredAt), note: left ? 'contact left or mailbox no longer read' : 'delivery failed', ...(contact !== undefined ? { contact } : {}), customerScope: true });
				// The reply, whole (an excerpt is at most 280 characters): it often names the address to write to instead.
				const what = left ? `no longer reaches customer ${e.customerId} ("${r.excerpt}")` : `of customer ${e.customerId} bounced`;
				// With the address known, the hold stops that address only: a corrected contact is written to by itself.
				const then = contact !== undefined ? `${r.channel} reminders go to the new one by themselves (the hold ${holdId} is about ${contact} only)` : `then set the hold ${holdId} inactive so that ${r.channel} reminders resume`;
				this.tell('accountOwner', 'CONTACT_BOUNCED', `The ${addressWords(r.channel, contact)} ${what}: update the contact; ${then}.`, 'normal');
				this.mark('reply');
				break;
			}
			case 'question':
				this.replied(recvDay + this.r.replyWindowDays);
				this.tell('accountOwner', 'ANSWER_QUESTION', `Customer asked a question about ${e.invoiceId ?? 'their account'}: "${r.excerpt.slice(0, 120)}"`, 'normal');
				this.mark('reply');
				break;
			default: {
				const signal = signalOfRule(r.matchedRule);
				// A delivery delay changes nothing: the mail server keeps trying, and the reminder may still arrive.
				if (signal === 'delay') break;
				if (signal === 'insolvency') {
					// The customer is insolvent: no automated reminder on any of its invoices until a person decides, and
					// finance files the claim with the administrator (often within a deadline).
					const holdId = `insolvency:${e.customerId}`;
					this.hold({ holdId, type: 'pause', until: null, active: true, createdAt: this.since(holdId, e.occurredAt), note: 'insolvency notice: reminders stopped, a person files the claim', customerScope: true });
					this.tell('finance', 'INSOLVENCY_NOTICE', `Customer ${e.customerId} reports an insolvency proceeding: every automated reminder is paused (hold ${holdId}); file the claim with the administrator. "${r.excerpt}"`, 'high');
					this.mark('reply');
					break;
				}
				this.replied(recvDay + this.r.replyWindowDays);
				this.tell('accountOwner', 'REVIEW_REPLY', `Unclassified reply from customer ${e.customerId}: "${r.excerpt.slice(0, 120)}"`, 'low');
				this.mark('reply');
			}
		}
		if (r.secondary?.some((c) => c === 'dispute' || c === 'already_paid') && r.class !== 'dispute' && r.class !== 'already_paid') {
			this.tell('finance', 'REVIEW_REPLY', `Reply also mentions ${r.secondary.join(', ')}: please read it.`, 'normal');
		}
	}

	run(): void {
		const e = this.event;
		switch (e.type) {
			case 'paid':
			case 'partial_payment':
				this.money();
				break;
			case 'payment_failed':
				this.failed();
				break;
			case 'voided':
				this.voided();
				break;
			case 'uncollectible':
				this.uncollectible();
				break;
			case 'dispute_opened':
				this.disputeOpened(false);
				break;
			case 'dispute_closed':
				this.disputeClosed();
				break;
			case 'refunded':
				this.record('refund', `refund:${e.eventId}`, { amount: e.amount, currency: e.currency, code: e.raw.status ?? undefined });
				this.tell('finance', 'REFUND_ISSUED', `Refund of ${e.amount ?? '?'} ${e.currency ?? ''} on ${e.invoiceId}: check whether a balance must be re-collected (never automatic).`.replace(/\s+/g, ' '), 'normal');
				this.mark('refund');
				break;
			case 'subscription_paused':
				this.record('subscription_paused', `subscription_paused:${e.eventId}`);
				this.tell('accountOwner', 'SUBSCRIPTION_PAUSED', `Subscription of customer ${e.customerId} was paused${e.invoiceId ? ` (latest invoice ${e.invoiceId})` : ''}.`, 'normal');
				this.mark('subscription');
				break;
			case 'promise_made':
				this.promiseMade(e.promise!.date, e.promise!.dateSource ?? 'stated', e.promise!.amount, e.promise!.installments);
				break;
			case 'promise_broken':
				this.promiseBroken();
				break;
			case 'reply':
				this.reply();
				break;
		}
	}

	result(): ApplyResult {
		const l = this.ledger;
		l.applied.push(this.event.eventId);
		if (l.applied.length > this.r.maxAppliedIds) l.applied.splice(0, l.applied.length - this.r.maxAppliedIds);
		l.updatedAt = this.now;
		const holdsOut: Hold[] = [];
		const seen = new Set<string>();
		for (const h of this.before.holds) {
			seen.add(h.holdId);
			holdsOut.push(this.holds.get(h.holdId) as Hold);
		}
		for (const [id, h] of this.holds) if (!seen.has(id)) holdsOut.push(h);
		const history = [...this.history.values()];
		const state: ResolvedEventState = {
			invoice: this.invoice,
			holds: holdsOut,
			touches: [...this.before.touches, ...this.touches],
			ledger: l,
			history: [...this.before.history, ...history],
		};
		return {
			eventId: this.event.eventId,
			type: this.event.type,
			effectiveType: this.effectiveType,
			outcome: this.outcome,
			reason: this.reason,
			state,
			patches: {
				holds: [...this.changedHolds].map((id) => this.holds.get(id) as Hold),
				touches: this.touches,
				invoice: this.invoicePatch,
				ledger: l,
				history,
			},
			message: this.message,
			messageSkipped: this.message ? undefined : this.messageSkipped,
			notify: this.notify,
			decline: this.decline,
			payment: this.payment,
			schedule: this.schedule,
		};
	}
}

/**
 * Apply one normalised event to the stored state of its invoice (and customer).
 *
 * @param state  the rows the store holds for the event's invoice: invoice, holds (invoice and customer
 *               scope), touches, ledger, history (all optional; absent = new)
 * @param event  a normalised event (see `normalizeEvents`, `replyEvent`)
 * @param options policy parts and switches (see {@link EventOptions})
 * @param now    the current instant (ISO); only used for the ack's age check and the touch/ledger times
 *
 * Throws {@link ValidationError} for a malformed event, state of another invoice, or bad options.
 */
export function applyEvent(state: EventState | null | undefined, event: ArEvent, options: EventOptions = {}, now: string): ApplyResult {
	const nowIso = toIsoInstant(now);
	if (!nowIso) throw new ValidationError([{ field: 'now', message: 'must be an ISO instant with an offset (or Z)', received: describeValue(now) }]);
	validateEvent(event);
	const r = resolveEventOptions(options);
	const s = resolveState(state);
	const scope = scopeOf(event.invoiceId, event.customerId);
	if (s.ledger && s.ledger.ledgerId !== scope) {
		throw new ValidationError([{ field: 'event.invoiceId', message: `the state given belongs to ${s.ledger.ledgerId}, not ${scope}`, received: describeValue(event.invoiceId) }]);
	}
	if (s.invoice && event.invoiceId && s.invoice.invoiceId !== event.invoiceId) {
		throw new ValidationError([{ field: 'event.invoiceId', message: `the invoice given is ${s.invoice.invoiceId}`, received: event.invoiceId }]);
	}
	if (s.invoice?.currency && event.currency && s.invoice.currency.toUpperCase() !== event.currency.toUpperCase()) {
		throw new ValidationError([{ field: 'event.currency', message: `the invoice is in ${s.invoice.currency}`, received: event.currency }]);
	}
	const canonical: ArEvent = { ...event, occurredAt: toIsoInstant(event.occurredAt) as string };
	if (s.ledger && s.ledger.applied.includes(event.eventId)) {
		return {
			eventId: event.eventId,
			type: event.type,
			effectiveType: event.type,
			outcome: 'duplicate',
			reason: { code: 'DUPLICATE_EVENT', message: 'This event was already applied; nothing changes.' },
			state: s,
			patches: { holds: [], touches: [], invoice: null, ledger: null, history: [] },
			message: null,
			messageSkipped: 'DUPLICATE_EVENT',
			notify: [],
		};
	}
	const app = new Application(s, canonical, r, nowIso);
	app.run();
	return app.result();
}

/** Apply events in order, folding the state. */
export function applyEvents(state: EventState | null | undefined, events: ArEvent[], options: EventOptions = {}, now: string): { state: ResolvedEventState; results: ApplyResult[] } {
	if (!Array.isArray(events)) throw new ValidationError([{ field: 'events', message: 'must be a list of events', received: describeValue(events) }]);
	let cur = resolveState(state);
	const results: ApplyResult[] = [];
	for (const e of events) {
		const res = applyEvent(cur, e, options, now);
		results.push(res);
		cur = res.state;
	}
	return { state: cur, results };
}

// ---------------------------------------------------------------------------------------------
// Broken promises

/**
 * The promise_broken event due for this state at `now`, if any: the active promise's date plus the grace
 * days has passed (in the company's calendar) and the invoice is still open (for a plan: an installment's
 * date plus grace has passed and the cumulative amount due by then has not been received). The event id is
 * derived from the promise, so running the check every day releases the hold exactly once.
 */
export function duePromiseBreak(state: EventState | null | undefined, options: EventOptions = {}, now: string): ArEvent | null {
	const nowIso = toIsoInstant(now);
	if (!nowIso) throw new ValidationError([{ field: 'now', message: 'must be an ISO instant with an offset (or Z)', received: describeValue(now) }]);
	const r = resolveEventOptions(options);
	const s = resolveState(state);
	const l = s.ledger;
	if (!l || isSettled(s.invoice, l)) return null;
	const p = l.promises.find((x) => x.status === 'active');
	if (!p) return null;
	const today = localDay(nowIso, r.zone);
	let deadline: number | null = null;
	if (p.installments && p.installments.some((i) => i.amount !== undefined)) {
		let cumulative = 0;
		for (const inst of p.installments) {
			cumulative += inst.amount ?? 0;
			const d = (parseDay(inst.date) as number) + r.promiseGraceDays;
			if (today > d && p.paidSince + 1e-9 < cumulative) {
				deadline = d;
				break;
			}
		}
	} else {
		const last = p.installments ? p.installments[p.installments.length - 1].date : p.date;
		const d = (parseDay(last) as number) + r.promiseGraceDays;
		if (today > d) deadline = d;
	}
	if (deadline === null) return null;
	const occurredAt = startOfLocalDay(deadline + 1, r.zone);
	return {
		eventId: `promise_broken:${p.promiseId}`,
		source: 'generic',
		type: 'promise_broken',
		occurredAt: occurredAt > nowIso ? nowIso : occurredAt,
		invoiceId: l.invoiceId,
		customerId: l.customerId,
		promise: { date: p.date, promiseId: p.promiseId },
		raw: { id: `promise_broken:${p.promiseId}`, type: 'promise_broken', status: 'derived' },
	};
}

/** Run the daily promise check and apply its event, if one is due. */
export function applyPromiseCheck(state: EventState | null | undefined, options: EventOptions = {}, now: string): ApplyResult | null {
	const e = duePromiseBreak(state, options, now);
	return e ? applyEvent(state, e, options, now) : null;
}

// ---------------------------------------------------------------------------------------------
// History summary for the risk model

/** Counts from event history entries, in the shape of the risk model's HistorySummary fields. */
export function summarizeEventHistory(entries: HistoryEntry[]): { disputes: number; failedCharges: number; partialPayments: number; brokenPromises: number; promisesKept: number } {
	const ids = new Set<string>();
	const out = { disputes: 0, failedCharges: 0, partialPayments: 0, brokenPromises: 0, promisesKept: 0 };
	for (const h of entries) {
		if (ids.has(h.historyId)) continue;
		ids.add(h.historyId);
		if (h.kind === 'dispute_opened') out.disputes++;
		else if (h.kind === 'failed_charge') out.failedCharges++;
		else if (h.kind === 'partial_payment') out.partialPayments++;
		else if (h.kind === 'promise_broken') out.brokenPromises++;
		else if (h.kind === 'promise_kept') out.promisesKept++;
	}
	return out;
}
