/**
 * Data contracts of the decision core (DESIGN.md section 3).
 *
 * Dates without a time (`YYYY-MM-DD`) are calendar dates; instants are ISO 8601 strings with an offset
 * (or `Z`). Amounts are in major units of the invoice currency (12.5 = twelve euros fifty).
 * The core never reads the clock: `now` is always passed in.
 */

export type InvoiceStatus = 'open' | 'paid' | 'void' | 'uncollectible' | 'draft';

export type Channel = 'email' | 'sms' | 'whatsapp' | 'letter' | 'phone' | 'internal';
export const CUSTOMER_CHANNELS: readonly Channel[] = ['email', 'sms', 'whatsapp', 'letter', 'phone'];
export const ALL_CHANNELS: readonly Channel[] = [...CUSTOMER_CHANNELS, 'internal'];

export type Tone = 'friendly' | 'firm' | 'escalating';
export const TONES: readonly Tone[] = ['friendly', 'firm', 'escalating'];

export type TierId = string;

/** An open (or just closed) invoice, after field mapping and validation. */
export interface Invoice {
	invoiceId: string;
	customerId: string;
	/** Invoice total, major units. */
	amount: number;
	/** Paid so far (major units); balance = amount - amountPaid. */
	amountPaid: number;
	/** amount - amountPaid, rounded to the currency's minor unit. */
	balance: number;
	/** ISO 4217, upper case. */
	currency: string;
	/** YYYY-MM-DD */
	issueDate: string | null;
	/** YYYY-MM-DD (given, or issueDate + payment terms). */
	dueDate: string;
	status: InvoiceStatus;
	paymentLink?: string;
	updateLink?: string;
	disputeLink?: string;
	/** Card on file / direct debit: the billing system collects itself. */
	autoCharge: boolean;
	/** Whether an automatic charge attempt is scheduled and has not failed yet. */
	autoChargePending?: boolean;
	/** Invoice-level dispute flag as reported by the billing system. */
	disputed?: boolean;
	service?: string;
	lineItems?: Array<{ description: string; amount: number; quantity?: number }>;
	number?: string;
}

export type Segment = 'enterprise' | 'mid-market' | 'smb' | 'consumer' | 'public-sector' | 'other';

export interface Customer {
	customerId: string;
	name: string;
	firstName?: string;
	email?: string;
	phone?: string;
	/** BCP 47, e.g. en-GB, de-DE */
	locale: string;
	/** IANA zone, e.g. Europe/Berlin */
	timeZone: string;
	/** ISO 3166-1 alpha-2 */
	country?: string;
	/** ISO 3166-2 subdivision code without country (e.g. BY for Bavaria, CA for California). */
	region?: string;
	preferredChannel?: Channel;
	/** Channels the customer opted out of. */
	optOut: Channel[];
	/** Channels whose contact bounced / failed delivery. */
	bounced: Channel[];
	segment: Segment;
	keyAccount: boolean;
	/** Annual value (ARR or CLTV), in the invoice currency's major units. */
	annualValue?: number;
	accountOwner?: { name?: string; email?: string; slackId?: string };
	paymentTermsDays?: number;
	/** YYYY-MM-DD the customer relationship began (tenure). */
	customerSince?: string;
	/**
	 * Money the customer has with us that is not applied to an invoice yet (a payment not matched to its invoice, an
	 * open credit note, a credit balance), in the invoice's currency. Where it covers an invoice's balance, no reminder
	 * goes out: a person applies it (CREDIT_ON_ACCOUNT).
	 */
	unappliedCredit?: number;
}

/** One past invoice of the customer, as the risk model consumes it. */
export interface PastInvoice {
	invoiceId?: string;
	issueDate: string;
	dueDate: string;
	/** Null while unpaid. */
	paidDate: string | null;
	amount: number;
	disputed?: boolean;
	/** Count of failed automatic charges for this invoice. */
	failedCharges?: number;
	/** Whether it was paid in several partial payments. */
	partial?: boolean;
	/** Promises to pay made for it that were broken. */
	brokenPromises?: number;
}

/** A past invoice with its dates already parsed to day numbers (risk.ts prepareHistory, or readHistory). */
export interface PreparedEntry {
	invoiceId: string | undefined;
	issueDay: number;
	dueDay: number;
	/** Infinity while unpaid. */
	paidDay: number;
	amount: number;
	disputed: boolean;
	failedCharges: number;
	partial: boolean;
	brokenPromises: number;
}

/** A raw history list parsed once (valid entries only) plus the number of entries skipped as invalid. */
export interface PreparedHistory {
	kind: 'prepared';
	entries: PreparedEntry[];
	skipped: number;
}

/** A precomputed summary of a customer's history (when the billing system or a data warehouse gives one). */
export interface HistorySummary {
	invoiceCount: number;
	paidLateCount: number;
	/** Mean days late over paid invoices (0 when paid on time). */
	avgDaysLate: number;
	/** Mean days late over the last few paid invoices. */
	recentAvgDaysLate?: number;
	/** Mean days early over invoices paid on time (payment headroom). */
	avgDaysEarly?: number;
	/** Mean invoice amount. */
	avgAmount?: number;
	disputes?: number;
	failedCharges?: number;
	partialPayments?: number;
	brokenPromises?: number;
	promisesKept?: number;
	/** Currently open invoices of the customer that are past due. */
	openPastDueCount?: number;
}

export type HistoryInput =
	/**
	 * `prepared`: the same list with its dates as day numbers, as validation (readHistory) leaves it, so that
	 * risk does not parse the dates again. Without it, the engine prepares the list itself.
	 */
	| { kind: 'list'; invoices: PastInvoice[]; prepared?: PreparedHistory }
	| { kind: 'summary'; summary: HistorySummary }
	| { kind: 'none' };

export type HoldType =
	| 'dispute'
	| 'promise'
	| 'plan'
	| 'replied'
	| 'pause'
	| 'ooo'
	| 'bounced'
	| 'optout';

/**
 * A hold from the workflow's store. Scope is an invoice (invoiceId) or a whole customer (customerId only).
 * `until` is a calendar date (inclusive: the hold covers that whole day) or null for open-ended.
 */
export interface Hold {
	holdId: string;
	type: HoldType;
	invoiceId?: string;
	customerId?: string;
	channel?: Channel;
	/** Instant the hold was created. */
	createdAt?: string;
	/** YYYY-MM-DD inclusive, or null = until released. */
	until: string | null;
	/** Released holds stay in the store for the record; only active ones count. */
	active: boolean;
	/** For promises: the promised amount (optional). */
	amount?: number;
	note?: string;
	/**
	 * For a bounce: the address or number that bounced. The hold then stops the channel only while the customer's
	 * contact for it is still this one (an email compared without case, a number by its digits): a corrected contact
	 * is reached again without releasing the hold. Without it, the hold stops the channel whatever the contact.
	 */
	contact?: string;
}

export type TouchStatus = 'sent' | 'claimed' | 'failed';

export interface Touch {
	invoiceId: string;
	customerId?: string;
	step: string;
	channel: Channel;
	/** Instant */
	sentAt: string;
	dedupeKey: string;
	status?: TouchStatus;
}

export interface Approval {
	invoiceId: string;
	step: string;
	decision: 'approved' | 'rejected';
	by?: string;
	at?: string;
}

// ---------------------------------------------------------------------------------------------
// Policy

export interface TierDef {
	id: TierId;
	label: string;
	/** Inclusive lower bound of days past due (negative = before due). */
	fromDay: number;
	/** Inclusive upper bound, or null for open-ended. */
	toDay: number | null;
}

export type StepKind = 'reminder' | 'alert' | 'task';

export interface StepDef {
	id: string;
	/** Days relative to the due date: -7 = seven days before, 0 = due day, 14 = two weeks late. */
	offsetDays: number;
	label: string;
	kind: StepKind;
	/** customer: a message to the customer; internal: an alert or task for a person on our side. */
	audience: 'customer' | 'internal';
	/** Base tone; risk can move it one level within [minTone, maxTone]. */
	tone: Tone;
	minTone?: Tone;
	maxTone?: Tone;
	/** Channels in preference order. The customer's preferred channel goes first when allowed here. */
	channels: Channel[];
	/** Template key (render pack). Defaults to the step id. */
	template?: string;
	/** Copy the CFO / finance lead on this step. */
	ccFinance?: boolean;
	/** always: every invoice needs approval at this step; auto: key accounts / large amounts at firm+ tone; never. */
	approval?: 'always' | 'auto' | 'never';
	/** Transactional notice (no unsubscribe line): true for due/overdue notices by default. */
	transactional?: boolean;
}

export interface QuietHours {
	/** HH:mm local to the customer: no message at or after this time... */
	start: string;
	/** ...and before this time. */
	end: string;
}

export interface Policy {
	version: 1;
	name: string;
	/** The company's IANA zone: aging is computed on its calendar. */
	timeZone: string;
	tiers: TierDef[];
	steps: StepDef[];
	/**
	 * A balance at or under this counts as settled: `amount` in major units, read as it is in dollar-like currencies and
	 * scaled by an approximate rate in the others (money.ts policyAmount: 1.00 is ¥150, ₹88, 0.31 KWD), or `percent` of
	 * the invoice, whichever is more.
	 */
	tolerance: {
		amount: number;
		percent: number;
		/**
		 * Exact amounts for some currencies (ISO 4217 code -> amount in that currency), over `amount` scaled: what bank
		 * charges usually take off a transfer in that currency, say. Absent when none is given.
		 */
		amounts?: Record<string, number>;
	};
	quietHours: QuietHours;
	/** ISO weekday numbers (1 = Monday ... 7 = Sunday) on which messages may go out. */
	businessDays: number[];
	holidays: {
		enabled: boolean;
		/** Country used when the customer has none. */
		defaultCountry: string | null;
		/** Extra closed dates (YYYY-MM-DD) for everyone, e.g. company shutdown. */
		extraDates: string[];
	};
	touchCap: { perCustomerPerWeek: number };
	/** Minimum hours between two customer touches (any invoice of the same customer). */
	minGapHours: number;
	/** A reply from the customer pauses messages for this many days. */
	replyWindowDays: number;
	/** Days after a promise date before the promise counts as broken (bank transfer float). */
	promiseGraceDays: number;
	/** Hold reminders for auto-charge invoices until this many days after the due date. */
	autoChargeGraceDays: number;
	approval: {
		keyAccounts: boolean;
		/**
		 * Balance above which firm/escalating messages need approval; null = no amount rule. Read at face value in
		 * currencies of about a dollar's worth (USD, EUR, GBP, CHF, CAD, AUD…) and scaled by an approximate rate in the
		 * others (JPY, INR, KRW, ZAR, KWD…): see {@link approvalThreshold} in policy.ts.
		 */
		amountThreshold: number | null;
		/** Thresholds of their own by ISO 4217 code (`{ "JPY": 2000000 }`), over the scaled one; null = no amount rule in that currency. */
		amountThresholds: Record<string, number | null>;
		/** Tones that need approval for key accounts / large amounts. */
		tones: Tone[];
		/** Who approves: the account owner, or a named role. */
		approver: 'accountOwner' | 'finance';
		/**
		 * A message in one of `tones` that would be the invoice's first reminder (nothing customer-facing sent before,
		 * per the touch log: an invoice first seen long overdue, as on a first run over a backlog) needs approval too.
		 */
		firstContact: boolean;
	};
	/** Channels tried, in order, when the step's own channels are all blocked (opt-out, missing, bounced). */
	fallbackChannels: Channel[];
	risk: {
		/** Upper bounds (inclusive) of the bands low / medium / high; above = critical. */
		bands: { low: number; medium: number; high: number };
		/** Let the risk band move the step's tone by one level. */
		adjustTone: boolean;
	};
	defaults: {
		locale: string;
		timeZone: string;
		currency: string;
		paymentTermsDays: number;
	};
}

// ---------------------------------------------------------------------------------------------
// Decisions

export type RiskBand = 'low' | 'medium' | 'high' | 'critical';

export interface RiskFactor {
	code: string;
	label: string;
	/** The observed value (ratio, days, count...). */
	value: number;
	/** Points added to (or removed from) the score. */
	contribution: number;
}

export interface RiskResult {
	score: number;
	band: RiskBand;
	tone: Tone;
	/** Probability-like estimate that this invoice will be paid late (0..1). */
	lateProbability: number;
	factors: RiskFactor[];
	basis: 'history' | 'summary' | 'prior';
}

export interface AgingResult {
	today: string;
	daysPastDue: number;
	tier: TierId;
	tierLabel: string;
	/** The step due now (catch-up included), or null. */
	step: StepDef | null;
	/** Channels of that step not yet sent. */
	pendingChannels: Channel[];
	/** Whether the step is a catch-up of a missed day. */
	catchUp: boolean;
	/** The next step after today and its date. */
	nextStep: { id: string; date: string } | null;
	/** Steps passed over because a later one was due (catch-up never sends stale steps). */
	skippedSteps: string[];
	/** The latest step whose date has come, when it already went out on every channel. */
	alreadySent: string | null;
	/**
	 * Customer-facing steps of this invoice that went out before the step due now (each step once, whatever its
	 * channels), from the touch log: 0 when this is the first message, e.g. an invoice first seen long overdue.
	 * Texts say "despite our earlier reminders" only when it is more than 0.
	 */
	remindersSent: number;
}

export type Outcome = 'send' | 'hold' | 'approval' | 'human';

export interface StopReason {
	code: string;
	message: string;
	/** The instant from which the invoice may be contacted again, where known. */
	resumeAt?: string | null;
}

/**
 * What the engine decided for one invoice. Parts that read the same for many invoices of a run (reasons,
 * one-reason lists, aging results, risk factors, channel lists) are frozen objects shared between
 * decisions: copy a part before changing it.
 */
export interface Decision {
	invoiceId: string;
	customerId: string;
	now: string;
	outcome: Outcome;
	/** The rule that decided the outcome (the first one in the documented order; send: 'SEND'). */
	reason: StopReason;
	/** Every rule that fired, in evaluation order, including dropped channels (a hold can have several causes). */
	reasons: StopReason[];
	aging: AgingResult;
	risk: RiskResult;
	tone: Tone;
	/** Channels to send on (send), or that would be used (approval). */
	channels: Channel[];
	/** Channels dropped, with the reason code. */
	droppedChannels: Array<{ channel: Channel; code: string }>;
	/** One dedupe key per channel: `${invoiceId}:${step}:${channel}`. */
	dedupeKeys: string[];
	/** For approval and human outcomes: one key per (invoice, step), so a person gets one task, not one a day. */
	taskKey: string | null;
	step: string | null;
	template: string | null;
	ccFinance: boolean;
	balance: number;
	currency: string;
	/**
	 * The balance at or under which this invoice counts as settled: the policy's tolerance in its currency, or its
	 * percent of the invoice, whichever is more. What a gate re-reading the balance right before sending compares with.
	 */
	tolerance: number;
	/**
	 * Days after a promised date through which a promise to pay holds this invoice's reminders (the policy's
	 * promiseGraceDays). What a gate re-reading the promises right before sending applies to a promise made since.
	 */
	promiseGraceDays: number;
	policyVersion: string;
}

/** Everything one decision looks at. */
export interface DecisionInput {
	invoice: Invoice;
	customer: Customer;
	history?: HistoryInput;
	touches?: Touch[];
	holds?: Hold[];
	approvals?: Approval[];
	/** A precomputed risk result (e.g. from the AR Risk Score node upstream). */
	risk?: RiskResult;
}
