/**
 * Types of the message core: what a node passes in (`MessageRequest`), what templates see
 * (`RenderContext`), and what comes back (`RenderResult`).
 *
 * Everything here is plain data. Amounts are major units of the invoice currency; calendar dates are
 * `YYYY-MM-DD`; instants are ISO 8601 with an offset.
 */
import type { Channel, Segment, Tone } from '../types';

/** Channels a message can be rendered for. `whatsapp` uses the short (SMS) templates. */
export type RenderChannel = 'email' | 'sms' | 'whatsapp' | 'internal';
export const RENDER_CHANNELS: readonly RenderChannel[] = ['email', 'sms', 'whatsapp', 'internal'];

/** Which template body a channel uses. */
export type TemplateChannel = 'email' | 'sms' | 'internal';

/** Greeting and sign-off register. Enterprise / mid-market / public sector default to formal. */
export type Formality = 'formal' | 'informal';

/** Markup of internal alerts: Slack mrkdwn (default), Markdown (Teams), or plain text. */
export type InternalFormat = 'slack' | 'markdown' | 'plain';

/** When to append the SMS opt-out hint ("Reply STOP to opt out"). `auto`: for +1 (US/CA) numbers and US/CA customers. */
export type StopHintMode = 'auto' | 'always' | 'never';

/** The invoice as the message core reads it: every field optional, every value checked at render time. */
export interface MessageInvoice {
	invoiceId?: string;
	/** Human-facing invoice number; falls back to `invoiceId`. */
	number?: string;
	customerId?: string;
	amount?: number;
	amountPaid?: number;
	balance?: number;
	currency?: string;
	issueDate?: string | null;
	dueDate?: string | null;
	status?: string;
	paymentLink?: string;
	updateLink?: string;
	disputeLink?: string;
	autoCharge?: boolean;
	service?: string;
}

/** The customer as the message core reads it. */
export interface MessageCustomer {
	customerId?: string;
	/** Company (B2B) or person (consumer) name. */
	name?: string;
	firstName?: string;
	email?: string;
	phone?: string;
	locale?: string;
	timeZone?: string;
	country?: string;
	segment?: Segment | string;
	keyAccount?: boolean;
	accountOwner?: { name?: string; email?: string; slackId?: string };
}

/** The person addressed, when known beyond `customer.firstName`. */
export interface MessageContact {
	firstName?: string;
	lastName?: string;
	/** Used for formal greetings ("Dear Ms Smith", "Sehr geehrte Frau Schmidt"). */
	salutation?: 'ms' | 'mr';
	email?: string;
	phone?: string;
}

/** Our side: who sends, how to reach us, how to pay without a link. Usually node-level settings. */
export interface MessageSender {
	companyName?: string;
	/** The person signing (e.g. "Maria Lopez"). */
	senderName?: string;
	senderTitle?: string;
	/**
	 * The sender title in other languages, by language tag ("de", "fr-CA"): a customer message uses the one of its
	 * locale (the whole tag first, then the language), else senderTitle. Internal alerts (English) use senderTitle.
	 */
	senderTitleTranslations?: Record<string, string>;
	fromEmail?: string;
	fromName?: string;
	replyTo?: string;
	supportEmail?: string;
	supportPhone?: string;
	/** Postal address, printed in the footer of non-transactional emails. */
	address?: string;
	/** How to pay without a link (bank details). Used when the invoice has no payment link. */
	paymentInstructions?: string;
	/** Our finance lead: bcc'd on steps that copy finance, named in internal alerts. */
	financeEmail?: string;
	financeName?: string;
}

/** Links other than the invoice's own payment/update/dispute links. */
export interface MessageLinks {
	payment?: string;
	update?: string;
	dispute?: string;
	portal?: string;
	/** Opt-out of courtesy (non-transactional) reminders. */
	unsubscribe?: string;
	/** Internal: approve / reject an approval request. */
	approve?: string;
	reject?: string;
	/** Internal: the invoice or customer record in the billing system / CRM. */
	record?: string;
	/** Internal: the ticket of a human task. */
	ticket?: string;
}

/** What the decision core decided (a subset of `Decision`, all optional). */
export interface MessageDecisionInfo {
	stepId?: string;
	stepLabel?: string;
	/** The step's offset in days relative to the due date (used to pick a template for unknown step ids). */
	offsetDays?: number;
	tone?: Tone;
	daysPastDue?: number;
	/**
	 * Customer reminders of this invoice sent before this message (the decision's `aging.remindersSent`). Texts
	 * speak of "our earlier reminders" only when it is above 0; unknown counts as none (the texts claim nothing).
	 */
	remindersSent?: number;
	/** Balance at decision time; overrides the invoice's. */
	balance?: number;
	ccFinance?: boolean;
	/** Transactional notice (no unsubscribe line). Overrides the template's default. */
	transactional?: boolean;
	outcome?: string;
	reasons?: Array<{ code: string; message?: string }>;
	riskScore?: number;
	riskBand?: string;
	tierLabel?: string;
	/** Channels the decision picked (for approval requests). */
	channels?: Channel[] | string[];
	nextStep?: { id: string; date: string } | null;
}

/** A billing event behind an event message (payment received, partial, failed, plan, dispute). */
export interface MessageEvent {
	/** Amount paid / charged / attempted, major units. */
	amount?: number;
	/** When it happened: `YYYY-MM-DD` or an instant. */
	date?: string;
	/** Card decline code (Stripe style: insufficient_funds, expired_card, ...). */
	declineCode?: string;
	/** Whether the decline is hard (card must be updated) or soft (a retry may work). */
	hardDecline?: boolean;
	/** What the customer should do after a failed charge (default: update when hard, else wait for the retry). */
	advice?: 'update' | 'retry' | 'bank' | 'authenticate';
	/** When the next automatic retry will happen (`YYYY-MM-DD` or instant). */
	retryDate?: string;
	/** Payment plan installments (an amount may be unknown). */
	plan?: { installments: Array<{ date: string; amount?: number | null }> };
	/** Promise to pay: the date and, when given, the amount. */
	promiseDate?: string;
	promiseAmount?: number | null;
	/** Dispute / case reference. */
	reference?: string;
	/** Free-text reason of a dispute as the customer gave it (echoed back, escaped). */
	disputeReason?: string;
}

/** Extra material for internal alerts. */
export interface MessageInternalInfo {
	history?: {
		invoiceCount?: number;
		paidLateCount?: number;
		avgDaysLate?: number;
		disputes?: number;
		failedCharges?: number;
		brokenPromises?: number;
		promisesKept?: number;
		openPastDueCount?: number;
		lastPaymentDate?: string;
	};
	/** Recent touches, newest first (at most 5 are shown). */
	touches?: Array<{ step?: string; channel?: string; sentAt?: string; status?: string }>;
	approval?: { reason?: string; approver?: string; preview?: string };
	task?: { title?: string; reason?: string; action?: string; dueDate?: string };
	notes?: string;
}

export interface MessageOptions {
	stopHint?: StopHintMode;
	internalFormat?: InternalFormat;
	/** Replace accented letters outside GSM-7 by their base letter so the SMS stays GSM-7 (off by default). */
	smsFoldToGsm?: boolean;
	/** Recipient override (email address or phone number). */
	to?: string;
	/** The customer's finance contact (their CFO / AP lead), copied when the step copies finance. */
	financeContactEmail?: string;
	/** Override formality (default: from the customer's segment). */
	formality?: Formality;
}

/** Everything needed to render one message. */
export interface MessageRequest {
	/** Template key (`overdue_7`), a step id (`D+7`), or an alias. */
	templateKey: string;
	channel: RenderChannel;
	tone?: Tone;
	/** BCP 47; default: customer.locale, then `en`. */
	locale?: string;
	/** IANA zone for instants; default: customer.timeZone, then UTC. */
	timeZone?: string;
	/** `YYYY-MM-DD`: today on the customer's calendar, used when the decision gives no days past due. */
	today?: string;
	invoice?: MessageInvoice;
	customer?: MessageCustomer;
	contact?: MessageContact;
	decision?: MessageDecisionInfo;
	event?: MessageEvent;
	links?: MessageLinks;
	sender?: MessageSender;
	internal?: MessageInternalInfo;
	options?: MessageOptions;
}

/**
 * The variables a template sees. All customer data is cleaned (single-line, control characters removed,
 * length-capped). Soft variables always hold a phrase (a neutral fallback when the data is missing);
 * hard variables (facts) are absent when missing, and a template that prints one unguarded sends the
 * item to a person instead of rendering.
 */
export interface RenderContext {
	[name: string]: unknown;
}

/** A required fact that is missing or unusable. */
export interface MissingFact {
	/** Input field, e.g. `invoice.paymentLink`. */
	field: string;
	/** Template variable, e.g. `paymentLink`. */
	variable: string;
	message: string;
}

/** The facts a message states, as formatted in it (for the AI fact guard and for audit). */
export interface MessageFacts {
	invoiceNumber?: string;
	amount?: string;
	dueDate?: string;
	paymentLink?: string;
	/** Every link the message may contain. */
	links: string[];
}

export interface EmailMessage {
	to?: string;
	cc: string[];
	bcc: string[];
	fromName?: string;
	fromEmail?: string;
	replyTo?: string;
	subject: string;
	text: string;
	html: string;
	headers: Record<string, string>;
}

export interface SmsInfo {
	encoding: 'GSM-7' | 'UCS-2';
	/** Length in encoding units: septets (GSM extension characters count 2) or UTF-16 code units. */
	units: number;
	/** Unicode code points. */
	characters: number;
	segments: number;
	/** Units per segment: 160 / 153 (GSM-7), 70 / 67 (UCS-2). */
	perSegment: number;
	/** Units left in the last segment. */
	remaining: number;
	/** Characters forcing UCS-2 (up to 10, for the editor). */
	nonGsmCharacters: string[];
}

export interface SmsMessage extends SmsInfo {
	to?: string;
	text: string;
	stopHint: boolean;
}

export interface InternalMessage {
	title: string;
	text: string;
	format: InternalFormat;
}

/** The message content before structural parts (footer, STOP hint, layout) are added. */
export interface MessageBody {
	subject?: string;
	text: string;
}

export interface RenderResult {
	/** Rendered and usable. */
	ok: boolean;
	/** Goes to a person: a required fact is missing or the template failed. */
	needsHuman: boolean;
	/** Required facts that are missing (empty when ok). */
	missing: MissingFact[];
	/** One sentence for the human path when not ok. */
	reason?: string;
	error?: { code: string; message: string };
	/** Template key used (after aliasing) and the key asked for. */
	templateKey: string;
	requestedKey: string;
	channel: RenderChannel;
	/** Tone of the template used, and the tone asked for (they differ when the step has no such tone). */
	tone: Tone;
	requestedTone: Tone;
	/** Language of the template used (`de`) and the locale used for numbers and dates (`de-AT`). */
	language: string;
	locale: string;
	source: 'default' | 'override';
	transactional: boolean;
	email?: EmailMessage;
	sms?: SmsMessage;
	internal?: InternalMessage;
	body?: MessageBody;
	/** Structural parts added around the body (used to re-assemble a rewritten body). */
	parts?: MessageParts;
	facts: MessageFacts;
	warnings: string[];
}

/** What the renderer adds around the template body: footer, button links, explicit HTML. */
export interface MessageParts {
	/** Unsubscribe footer of non-transactional emails. */
	footer?: string;
	unsubscribeLink?: string;
	/** Links shown as buttons in the HTML part. */
	buttons: Array<{ url: string; label: string }>;
	/** The HTML part comes from a user HTML template (not derived from the text). */
	customHtml?: boolean;
}
