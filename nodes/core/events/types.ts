/**
 * Types of the events-and-replies core (issue 6).
 *
 * Everything that moves money or comes back from a customer is first normalised into ONE shape, the
 * {@link ArEvent}, whatever its source (Stripe webhook, QuickBooks payment record, the documented generic
 * shape, or a classified reply). {@link applyEvent} then turns an event plus the stored state of its invoice
 * into state patches for the workflow's store (holds, touch log, invoice, ledger, history), an
 * acknowledgment message to send, and people to notify.
 *
 * Conventions (as in `../types.ts`): amounts are in MAJOR units of the currency (12.5 = twelve euros fifty),
 * instants are ISO 8601 strings in UTC (`2025-11-12T09:30:00.000Z`), calendar dates are `YYYY-MM-DD`.
 */

import type { Channel, Hold, InvoiceStatus, Touch } from '../types';

// ---------------------------------------------------------------------------------------------
// The normalised event

export type ArEventSource = 'stripe' | 'quickbooks' | 'generic';

/** Every event type the core understands. */
export const AR_EVENT_TYPES = [
	'paid',
	'partial_payment',
	'payment_failed',
	'voided',
	'uncollectible',
	'dispute_opened',
	'dispute_closed',
	'refunded',
	'subscription_paused',
	'promise_made',
	'promise_broken',
	'reply',
] as const;

export type ArEventType = (typeof AR_EVENT_TYPES)[number];

export function isArEventType(value: unknown): value is ArEventType {
	return typeof value === 'string' && (AR_EVENT_TYPES as readonly string[]).includes(value);
}

/** Why a charge failed, as the payment processor reported it. */
export interface DeclineInfo {
	/** Stripe `decline_code` (issuer reason), else the failure code, e.g. `insufficient_funds`, `expired_card`. */
	code: string;
	/** Stripe error `code` (e.g. `card_declined`, `expired_card`) when it differs from `code`. */
	errorCode?: string;
	/** Stripe `advice_code` (`try_again_later`, `do_not_try_again`, `confirm_card_data`) when given. */
	adviceCode?: string;
	/** Processor message (for people, never shown to the customer verbatim). */
	message?: string;
}

/** A chargeback (Stripe dispute) or a dispute the customer raised by reply. */
export interface DisputeInfo {
	/** Processor id (`dp_...`) when there is one. */
	id?: string;
	/** Processor status (`needs_response`, `under_review`, `won`, `lost`, ...) or `open` / `closed`. */
	status: string;
	/** Processor reason (`fraudulent`, `product_not_received`, `duplicate`, ...) or the reply rule. */
	reason?: string;
	/** Set on close: `won` (in our favour), `lost`, `warning_closed`, `resolved`, `withdrawn`. */
	outcome?: string | null;
	/** Instant by which evidence must be submitted (chargebacks). */
	evidenceDueBy?: string | null;
}

/** A promise to pay (from a reply or entered by a person), optionally as an installment plan. */
export interface PromiseInfo {
	/** YYYY-MM-DD the customer said they would pay (for a plan: the first installment). */
	date: string;
	/** Promised amount (major units); absent = the balance. */
	amount?: number;
	/** Agreed installments: turns the promise into a payment plan. */
	installments?: Array<{ date: string; amount?: number }>;
	/** For `promise_broken`: the id of the promise it breaks (the `promise_made` / reply event id). */
	promiseId?: string;
	/** Where the date came from: stated by the customer, or a default because none was given. */
	dateSource?: 'stated' | 'default';
}

/** Reply classes (see `replies/classify.ts`). */
export const REPLY_CLASSES = [
	'promise_to_pay',
	'payment_plan_request',
	'dispute',
	'already_paid',
	'out_of_office',
	'unsubscribe',
	'bounced',
	'question',
	'other',
] as const;

export type ReplyClass = (typeof REPLY_CLASSES)[number];

export type ReplyLanguage = 'en' | 'de' | 'fr' | 'es' | 'pt' | 'unknown';

/** What a `reply` event carries: the classification, not the whole message. */
export interface ReplyInfo {
	class: ReplyClass;
	confidence: number;
	language: ReplyLanguage;
	/** Rule id that decided, e.g. `en.promise.will-pay`. */
	matchedRule: string;
	channel: Channel;
	/** Instant the reply was received. */
	receivedAt: string;
	/** Promise date (promise_to_pay), YYYY-MM-DD. */
	promiseDate?: string | null;
	/** Return date (out_of_office), YYYY-MM-DD. */
	returnDate?: string | null;
	/** Channels to opt out of at once (unsubscribe / STOP). */
	optOutChannels?: Channel[];
	/** Other classes that also matched (e.g. already_paid next to an unsubscribe). */
	secondary?: ReplyClass[];
	/** Low confidence: a person should read the reply. */
	needsReview: boolean;
	/** First characters of the reply without quoted text (for the person notified). */
	excerpt: string;
	/** bounced: the address that no longer reaches the customer, when the reply says which. */
	contact?: string;
	/** bounced: the recipient's mailbox is full, and the notice names no failure of the address (a pause, not a stop). */
	mailboxFull?: boolean;
}

/** A short, safe summary of the payload an event came from (never the whole payload). */
export interface RawSummary {
	/** Id of the source record (`evt_...`, QuickBooks Payment Id, generic eventId). */
	id: string;
	/** Source type (`invoice.paid`, `Payment`, the generic type as given). */
	type: string;
	/** Id of the object inside (`in_...`, `dp_...`, `ch_...`, `sub_...`). */
	objectId?: string;
	/** Stripe object kind (`invoice`, `dispute`, `charge`, `subscription`). */
	objectType?: string;
	livemode?: boolean;
	apiVersion?: string | null;
	/** Human invoice number (Stripe `number`, QuickBooks DocNumber) when known. */
	invoiceNumber?: string | null;
	/** Object status in the source (`paid`, `open`, `needs_response`, ...). */
	status?: string | null;
}

/**
 * THE normalised billing / reply event.
 *
 * - `invoiceId` is null only for customer-scope events (a subscription paused without a latest invoice, a
 *   reply not linked to an invoice); everything else names the invoice.
 * - `amount` is the amount THIS event is about (a payment's amount, a refund, the disputed amount, the
 *   attempted charge); `amountPaid` / `amountRemaining` are the invoice's totals AFTER the event when the
 *   source reports them (snapshots). All in major units of `currency`.
 */
export interface ArEvent {
	/** Unique and stable across redeliveries (Stripe `evt_...`; derived deterministically otherwise). */
	eventId: string;
	source: ArEventSource;
	type: ArEventType;
	/** ISO instant (UTC) at which the event happened in the source system. */
	occurredAt: string;
	invoiceId: string | null;
	customerId: string;
	amount?: number;
	amountPaid?: number;
	amountRemaining?: number;
	/** The invoice total when the source reports it. */
	invoiceAmount?: number;
	/** ISO 4217, upper case. */
	currency?: string;
	/** payment_failed: how many attempts so far, and when the billing system retries next (null = no retry). */
	attemptCount?: number;
	nextAttemptAt?: string | null;
	decline?: DeclineInfo;
	dispute?: DisputeInfo;
	promise?: PromiseInfo;
	reply?: ReplyInfo;
	raw: RawSummary;
}

// ---------------------------------------------------------------------------------------------
// Decline classification

export type DeclineCategory =
	| 'insufficient_funds'
	| 'temporary'
	| 'issuer_declined'
	| 'authentication_required'
	| 'card_details'
	| 'card_unusable'
	| 'fraud_or_lost'
	| 'bank_account'
	| 'invalid_request'
	| 'unknown';

/** Message keys the template pack must know for failed payments (fallback: `payment-failed`). */
export type DeclineMessageKey =
	| 'payment-failed-retry'
	| 'payment-failed-update-card'
	| 'payment-failed-contact-bank'
	| 'payment-failed-authenticate';

export interface DeclineClassification {
	/** The code classified (lower case), or `unknown`. */
	code: string;
	category: DeclineCategory;
	/** soft: may succeed later with the same card; hard: will not succeed without a change. */
	severity: 'soft' | 'hard';
	retry: {
		/** Whether retrying the SAME payment method makes sense. */
		advisable: boolean;
		/** Hours to wait before the first retry (null when not advisable). */
		afterHours: number | null;
		/** Suggested retry offsets in hours from the failure (empty when not advisable). */
		scheduleHours: number[];
		/** Stop retrying after this many further attempts (card network rules punish excessive retries). */
		maxAttempts: number;
	};
	/** The customer must give a new card / payment method. */
	needsNewCard: boolean;
	/** The customer must do something (new card, call the bank, authenticate). */
	needsCustomerAction: boolean;
	customerMessageKey: DeclineMessageKey;
	/** A person should look (suspected fraud, lost/stolen card, revoked mandate). */
	notifyPerson: boolean;
	/** Plain explanation for people. */
	explanation: string;
}

// ---------------------------------------------------------------------------------------------
// State and patches

/** The invoice fields events read and change (a subset of `Invoice`; all optional on input). */
export interface InvoiceState {
	invoiceId: string;
	customerId?: string;
	amount?: number;
	amountPaid?: number;
	balance?: number;
	currency?: string;
	status?: InvoiceStatus;
	issueDate?: string | null;
	dueDate?: string;
	autoChargePending?: boolean;
	disputed?: boolean;
}

/** A partial update of an invoice row, keyed by invoiceId. */
export interface InvoicePatch {
	invoiceId: string;
	status?: InvoiceStatus;
	amount?: number;
	amountPaid?: number;
	balance?: number;
	currency?: string;
	autoChargePending?: boolean;
	disputed?: boolean;
	/** YYYY-MM-DD the invoice was settled (paid), in the company's calendar. */
	paidDate?: string;
	daysToPay?: number | null;
	daysLate?: number | null;
}

/** Event families: the latest event per family decides state-like facts (dispute open? promise active?). */
export type EventFamily = 'settlement' | 'payment' | 'failure' | 'dispute' | 'promise' | 'ooo' | 'refund' | 'subscription' | 'reply';

export interface LatestMark {
	occurredAt: string;
	eventId: string;
	type: ArEventType;
}

export type PromiseStatus = 'active' | 'kept' | 'broken' | 'superseded' | 'cancelled';

/** One promise to pay, from creation to its end (kept, broken, superseded by a new promise, cancelled). */
export interface PromiseRecord {
	/** The id of the event that made it (promise_made or reply). */
	promiseId: string;
	madeAt: string;
	/** YYYY-MM-DD promised. */
	date: string;
	/** Promised amount, when given. */
	amount?: number;
	/** Payment plan installments, when the promise is a plan. */
	installments?: Array<{ date: string; amount?: number }>;
	/** Payments received since the promise was made (major units). */
	paidSince: number;
	status: PromiseStatus;
	/** Instant and event that ended it. */
	endedAt?: string;
	endEventId?: string;
}

/**
 * Per-invoice (or per-customer, for customer-scope events) bookkeeping that makes event application
 * idempotent and order-safe. Store it as one row keyed by `ledgerId`.
 */
export interface EventLedger {
	/** The invoiceId, or `customer:<customerId>` for customer-scope events. */
	ledgerId: string;
	invoiceId: string | null;
	customerId: string;
	/** Ids of every event applied (or seen and ignored), oldest first. */
	applied: string[];
	/** Latest event per family (by occurredAt, ties by eventId). */
	latest: Partial<Record<EventFamily, LatestMark>>;
	/** Ids of the events that settled the invoice. Paid is absorbing: nothing un-pays an invoice. */
	settlement: { paid?: string; voided?: string; uncollectible?: string };
	/** Additive payments (sources that report a payment amount, not a running total), by event id. */
	credits: Record<string, number>;
	promises: PromiseRecord[];
	/**
	 * Breaks that arrived before the promise they break (out-of-order delivery): promiseId -> breaking event
	 * id. When that promise arrives it is recorded as made and broken at once.
	 */
	pendingBreaks: Record<string, { eventId: string; occurredAt: string }>;
	/** Dedupe keys of acknowledgments already issued (a second event for the same payment sends nothing). */
	acks: string[];
	updatedAt: string;
}

export type HistoryKind =
	| 'paid'
	| 'partial_payment'
	| 'failed_charge'
	| 'dispute_opened'
	| 'dispute_closed'
	| 'refund'
	| 'voided'
	| 'uncollectible'
	| 'subscription_paused'
	| 'promise_made'
	| 'promise_kept'
	| 'promise_broken'
	| 'promise_rescheduled'
	| 'promise_cancelled'
	| 'reply';

/** A fact for the customer's risk history (upsert by historyId; ids are deterministic). */
export interface HistoryEntry {
	historyId: string;
	kind: HistoryKind;
	invoiceId: string | null;
	customerId: string;
	/** Instant the fact happened. */
	at: string;
	amount?: number;
	currency?: string;
	daysToPay?: number | null;
	daysLate?: number | null;
	/** Decline code, dispute reason/outcome, reply class... */
	code?: string;
	promiseId?: string;
	detail?: string;
}

/** What applyEvent reads: the stored rows that concern the event's invoice and customer. */
export interface EventState {
	invoice?: InvoiceState | null;
	/** Holds of the invoice and of its customer. */
	holds?: Hold[];
	/** Touch log of the invoice (used for schedule notes and ack dedupe). */
	touches?: Touch[];
	ledger?: EventLedger | null;
	/** History entries written so far (optional; kept in the returned state for folding). */
	history?: HistoryEntry[];
}

/** The state after an event, every field present. */
export interface ResolvedEventState {
	invoice: InvoiceState | null;
	holds: Hold[];
	touches: Touch[];
	ledger: EventLedger | null;
	history: HistoryEntry[];
}

/** Upserts for the workflow's store. Empty arrays / null = nothing to write. */
export interface StatePatches {
	/** Upsert by holdId. */
	holds: Hold[];
	/** Insert (the dedupe key is unique: a second claim fails, which is the point). */
	touches: Touch[];
	/** Partial update by invoiceId. */
	invoice: InvoicePatch | null;
	/** Upsert by ledgerId. */
	ledger: EventLedger | null;
	/** Upsert by historyId. */
	history: HistoryEntry[];
}

/** The acknowledgment to send to the customer (at most one per event). */
export interface AckMessage {
	/** Template key, e.g. `payment-received-thanks`, `payment-failed-update-card`. */
	templateKey: string;
	/** Template to use when the pack lacks `templateKey`. */
	fallbackTemplateKey?: string;
	channel: Channel;
	invoiceId: string | null;
	customerId: string;
	/** Same key as the touch written for it. */
	dedupeKey: string;
	/** Acknowledgments are transactional notices (no unsubscribe line). */
	transactional: true;
	/** Facts for the template (amounts in major units). */
	data: Record<string, string | number | boolean | null | Array<Record<string, string | number | null>>>;
}

export type NoticeAudience = 'accountOwner' | 'finance';

/** A person to tell about the event. */
export interface PersonNotice {
	audience: NoticeAudience;
	/** Stable code, e.g. `DISPUTE_OPENED`, `RECONCILE_PAYMENT_CLAIM`. */
	code: string;
	message: string;
	priority: 'low' | 'normal' | 'high';
	invoiceId: string | null;
	customerId: string;
}

/**
 * How the dunning schedule continues after a partial payment (or a released promise).
 *
 * Rule ("keep the clock"): the original due date stays the anchor, so days past due and the tier do not
 * move (no tier repeats); steps already sent stay in the touch log (none repeats); the remaining balance is
 * what later messages ask for. A payment of at least `partialGrace.minPercent` % of the balance before it
 * grants a grace hold of `partialGrace.days`, clipped to end before the first step of the next tier, so a
 * grace can never make the customer pass a whole tier without hearing from us (no tier is skipped).
 */
export interface ScheduleNote {
	rule: 'keep-due-date';
	dueDate: string | null;
	balanceBefore: number | null;
	balanceAfter: number | null;
	/** Last day (inclusive) of the grace hold, or null when none. */
	graceUntil: string | null;
	/** The next customer step not sent yet and its date, when a policy was given (informational). */
	nextStep: { id: string; date: string } | null;
	note: string;
}

export type ApplyOutcome = 'applied' | 'duplicate' | 'stale' | 'ignored';

export interface ApplyResult {
	eventId: string;
	type: ArEventType;
	/** The type as applied: a partial payment that leaves the balance under tolerance becomes `paid`. */
	effectiveType: ArEventType;
	outcome: ApplyOutcome;
	/** Why (APPLIED, DUPLICATE_EVENT, OLDER_THAN_LATEST, INVOICE_SETTLED, PROMISE_NOT_ACTIVE, ...). */
	reason: { code: string; message: string };
	/** The state after the event (the input state when nothing changed). */
	state: ResolvedEventState;
	patches: StatePatches;
	message: AckMessage | null;
	/** Why no acknowledgment was sent when one could have been (e.g. `ACK_ALREADY_SENT`). */
	messageSkipped?: string;
	notify: PersonNotice[];
	decline?: DeclineClassification;
	payment?: { amountPaid: number | null; balance: number | null; daysToPay: number | null; daysLate: number | null };
	schedule?: ScheduleNote;
}

// ---------------------------------------------------------------------------------------------
// Normalisation options

/** What a resolver is asked to link to an invoice (Stripe disputes and refunds carry only a charge id). */
export interface SourceObjectRef {
	kind: 'charge' | 'payment_intent' | 'subscription' | 'dispute';
	chargeId?: string;
	paymentIntentId?: string;
	subscriptionId?: string;
	disputeId?: string;
	customerId?: string;
}

export interface NormalizeOptions {
	/** Fill-ins the workflow looked up itself (win over the resolver, lose to the payload). */
	invoiceId?: string;
	customerId?: string;
	/** Links a charge / payment intent / subscription to the invoice (e.g. from a map in the store). Pure. */
	resolve?: (ref: SourceObjectRef) => { invoiceId?: string | null; customerId?: string } | null | undefined;
	/** Decline details fetched separately (e.g. the charge of a failed invoice payment). */
	decline?: DeclineInfo;
	/** QuickBooks: open balance of each invoice BEFORE this payment (decides paid vs partial). */
	invoiceBalances?: Record<string, number>;
	/** Currency when the payload has none (QuickBooks home currency, generic). */
	defaultCurrency?: string;
	/** Generic `reply` events: how to read the text when it is not classified yet. */
	reply?: { locale?: string; timeZone?: string };
}
