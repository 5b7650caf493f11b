/**
 * Builds the render context (the template variables) from a `MessageRequest`.
 *
 * Two kinds of variables:
 * - soft: always a usable phrase; a neutral fallback when the data is missing ("Hello," without a name);
 * - hard (facts: invoice number, amounts, dates, links): absent when missing or unusable, with the
 *   reason recorded. A template that prints a missing hard variable is not rendered; the item goes to
 *   a person with the field named. Internal alerts print "(not set)" instead, so a person always gets them.
 */
import type { Tone } from '../types';
import { TONES } from '../types';
import { parseDay } from '../dates';
import { copyData, sameData } from '../same';
import type { Phrases } from './pack/types';
import { templateMeta } from './catalog';
import type { InternalFormat, MessageFacts, MessageRequest, MissingFact, RenderContext, TemplateChannel } from './types';
import {
	canonicalLocale,
	formatCalendarDate,
	formatDateValue,
	formatMoney,
	formatRelativeDays,
	languageOf,
	moneyFormatter,
	regionOf,
	type DateStyle,
} from './locale';
import { cleanBlock, cleanEmail, cleanLine, cleanPhone, cleanUrl, escapeSlack } from './sanitize';

/** A person's task, by the reason that decided it: the title's first words and what to do. */
const TASK_BY_REASON: ReadonlyMap<string, { title: string; action: string }> = new Map(Object.entries({
	CREDIT_ON_ACCOUNT: {
		title: 'Apply the credit on account to invoice',
		action:
			"Apply the money on the customer's account (an unmatched payment, a credit note) to this invoice or another of theirs in the billing system: once the invoice reads paid, its follow-up ends by itself. If the money is not theirs or is meant for something else, correct the account and the reminders go on.",
	},
	NO_REACHABLE_CHANNEL: {
		title: 'Find a way to reach the customer about invoice',
		action: "No channel can reach the customer (opted out, bounced or no contact on file): contact them yourself, or put an address or number that works on their record and the reminders go on.",
	},
}));

/** Hard variables and the input field each comes from. */
export const HARD_VARIABLES: Readonly<Record<string, string>> = {
	invoiceNumber: 'invoice.number',
	amountDue: 'invoice.balance',
	invoiceTotal: 'invoice.amount',
	amountPaid: 'invoice.amountPaid',
	dueDate: 'invoice.dueDate',
	issueDate: 'invoice.issueDate',
	daysOverdue: 'decision.daysPastDue',
	daysUntilDue: 'decision.daysPastDue',
	paymentLink: 'invoice.paymentLink',
	updateLink: 'invoice.updateLink',
	disputeLink: 'invoice.disputeLink',
	portalLink: 'links.portal',
	fixLink: 'invoice.updateLink',
	howToPay: 'invoice.paymentLink',
	paymentAmount: 'event.amount',
	paymentDate: 'event.date',
	retryDate: 'event.retryDate',
	planSchedule: 'event.plan',
	planCount: 'event.plan',
	planTotal: 'event.plan',
	planFirstDate: 'event.plan',
	reference: 'event.reference',
	promiseDate: 'event.promiseDate',
	promiseAmount: 'event.promiseAmount',
};

/** Fields of list variables (for `{{#each}}`). */
export const ARRAY_FIELDS: ReadonlyMap<string, ReadonlySet<string>> = new Map([
	['recentTouches', new Set(['when', 'step', 'channel', 'status'])],
	['planInstallments', new Set(['when', 'amount'])],
]);

/** Fields of object variables. */
export const OBJECT_FIELDS: ReadonlyMap<string, ReadonlySet<string>> = new Map([
	['raw', new Set(['balance', 'amount', 'amountPaid', 'currency', 'dueDate', 'issueDate', 'daysPastDue'])],
]);

export interface BuildOptions {
	channel: TemplateChannel;
	tone: Tone;
	locale: string;
	timeZone: string;
	phrases: Phrases;
	/** Phrases used for internal alerts (English). */
	internalPhrases: Phrases;
	internalFormat: InternalFormat;
	/** The resolved template key. */
	key: string;
	/** The key as asked for (variants such as `payment-failed-update-card` refine the wording). */
	requestedKey?: string;
}

export interface BuiltContext {
	ctx: RenderContext;
	/** Hard variables that are missing, by variable name. */
	missing: Map<string, MissingFact>;
	facts: MessageFacts;
	/** Links shown as buttons in the HTML part: url -> label. */
	buttons: Map<string, string>;
	currency?: string;
	/** The open balance, when known (reminders need one above zero). */
	balance?: number;
	warnings: string[];
	/** Recipient, cc and headers. */
	to?: string;
	ccFinance: boolean;
	financeCc?: string;
}

const FORMAL_SEGMENTS = new Set(['enterprise', 'mid-market', 'public-sector']);

function num(value: unknown): number | undefined {
	return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function isTone(value: unknown): value is Tone {
	return typeof value === 'string' && (TONES as readonly string[]).includes(value);
}

/** Whole days between two calendar dates (b - a). */
function dayDiff(a: string, b: string): number | undefined {
	const da = parseDay(a);
	const db = parseDay(b);
	return da === null || db === null ? undefined : db - da;
}

/**
 * Build the template variables for one request. Never throws on bad data: unusable values become
 * fallbacks (soft) or missing facts (hard).
 *
 * `needs`: the variables the template uses (from its AST) plus the facts it requires. Only those are
 * computed (formatting amounts and dates is most of the cost of a render). Without `needs`, everything
 * is computed (previews, schema, tests). The core facts (invoice number, amount due, due date, payment
 * link) and the recipient are always computed.
 */
export function buildContext(req: MessageRequest, opt: BuildOptions, needs?: ReadonlySet<string>): BuiltContext {
	const want = needs ? (name: string) => needs.has(name) : () => true;
	const internal = opt.channel === 'internal';
	const ph = internal ? opt.internalPhrases : opt.phrases;
	const locale = opt.locale;
	const shortStyle: DateStyle = opt.channel === 'sms' ? 'medium' : 'long';
	const invoice = (req.invoice && typeof req.invoice === 'object' ? req.invoice : EMPTY) as NonNullable<MessageRequest['invoice']>;
	const customer = (req.customer && typeof req.customer === 'object' ? req.customer : EMPTY) as NonNullable<MessageRequest['customer']>;
	const contact = (req.contact && typeof req.contact === 'object' ? req.contact : EMPTY) as NonNullable<MessageRequest['contact']>;
	const decision = (req.decision && typeof req.decision === 'object' ? req.decision : EMPTY) as NonNullable<MessageRequest['decision']>;
	const event = (req.event && typeof req.event === 'object' ? req.event : EMPTY) as NonNullable<MessageRequest['event']>;
	const links = (req.links && typeof req.links === 'object' ? req.links : EMPTY) as NonNullable<MessageRequest['links']>;
	const sender = (req.sender && typeof req.sender === 'object' ? req.sender : EMPTY) as NonNullable<MessageRequest['sender']>;
	const options = (req.options && typeof req.options === 'object' ? req.options : EMPTY) as NonNullable<MessageRequest['options']>;

	const missing = new Map<string, MissingFact>();
	const warnings: string[] = [];
	const miss = (variable: string, message: string, field = HARD_VARIABLES[variable] ?? variable) => {
		if (!missing.has(variable)) missing.set(variable, { field, variable, message });
	};
	// Internal alerts: values escaped for Slack / Markdown; customer messages: plain (HTML escaping is done later).
	const slack = internal && opt.internalFormat !== 'plain';
	const line = (v: unknown, max?: number) => {
		const s = cleanLine(v, max);
		return s === undefined || !slack ? s : escapeSlack(s);
	};

	const ctx: RenderContext = {};

	// --- names and register ---------------------------------------------------------------
	const tone: Tone = isTone(req.tone) ? req.tone : isTone(decision.tone) ? decision.tone : 'friendly';
	ctx.tone = tone;
	const segment = typeof customer.segment === 'string' ? customer.segment : undefined;
	const formality = options.formality === 'formal' || options.formality === 'informal' ? options.formality : segment && FORMAL_SEGMENTS.has(segment) ? 'formal' : 'informal';
	ctx.formal = formality === 'formal';
	const si = senderInfo(sender);
	const company = si.company !== undefined && slack ? escapeSlack(si.company) : si.company;
	ctx.companyName = company ?? ph.team;
	if (want('greeting') || want('firstName') || want('hasFirstName') || want('lastName') || want('customerName')) {
		const firstName = line(contact.firstName) ?? line(customer.firstName);
		const lastName = line(contact.lastName);
		const customerName = line(customer.name);
		const salutation = contact.salutation === 'ms' || contact.salutation === 'mr' ? contact.salutation : undefined;
		const fullName = !firstName && segment === 'consumer' ? customerName : undefined;
		ctx.greeting = ph.greeting({ formality, salutation, firstName, lastName, fullName, region: regionOf(locale) });
		ctx.firstName = firstName ?? ph.fallback.firstName;
		ctx.hasFirstName = firstName !== undefined;
		ctx.lastName = lastName ?? firstName ?? ph.fallback.firstName;
		ctx.customerName = customerName ?? ph.fallback.customerName;
	}
	if (want('closing')) ctx.closing = ph.closing(formality, tone);
	if (want('signature') || want('senderName')) {
		const senderName = si.senderName !== undefined && slack ? escapeSlack(si.senderName) : si.senderName;
		ctx.senderName = senderName ?? (company ? `${ph.team}, ${company}` : ph.team);
		if (senderName) {
			const own = internal ? si.title : titleFor(si, locale);
			const title = own !== undefined && slack ? escapeSlack(own) : own;
			ctx.signature = title ? (company ? `${senderName}\n${title}\n${company}` : `${senderName}\n${title}`) : company ? `${senderName}\n${company}` : senderName;
		} else ctx.signature = company ? `${ph.team}\n${company}` : ph.team;
	}
	if (want('contactLine')) {
		const supportEmail = si.supportEmail;
		const supportPhone = si.supportPhone;
		ctx.contactLine = ph.contactLine({ email: supportEmail, phone: supportPhone });
	}
	// For a text that already asks for a reply: only the other ways to reach the sender (or nothing).
	if (want('otherContact')) ctx.otherContact = ph.otherContact({ email: si.supportEmail, phone: si.supportPhone });
	if (want('accountOwnerName') || want('hasAccountOwner')) {
		const owner = customer.accountOwner && typeof customer.accountOwner === 'object' ? customer.accountOwner : undefined;
		const ownerName = line(owner?.name);
		ctx.accountOwnerName = ownerName ?? ph.fallback.accountOwner;
		ctx.hasAccountOwner = ownerName !== undefined;
	}
	if (want('serviceName') || want('hasService')) {
		const service = line(invoice.service);
		ctx.serviceName = service ?? ph.fallback.service;
		ctx.hasService = service !== undefined;
	}
	if (want('stepLabel')) ctx.stepLabel = line(decision.stepLabel) ?? line(decision.stepId) ?? (internal ? 'reminder' : (templateMeta(opt.key)?.label ?? opt.key));

	// --- invoice facts --------------------------------------------------------------------
	const invoiceNumber = line(invoice.number) ?? line(invoice.invoiceId);
	if (invoiceNumber) ctx.invoiceNumber = invoiceNumber;
	else miss('invoiceNumber', 'invoice number is missing');

	const currencyRaw = typeof invoice.currency === 'string' ? invoice.currency.trim().toUpperCase() : undefined;
	const currency = currencyRaw && moneyFormatter(locale, currencyRaw) ? currencyRaw : undefined;
	const amount = num(invoice.amount);
	const paid = num(invoice.amountPaid);
	const balance = num(decision.balance) ?? num(invoice.balance) ?? (amount !== undefined ? amount - (paid ?? 0) : undefined);
	const money = (value: number | undefined) => formatMoney(value, currency, locale);
	const moneyMiss = (variable: string, value: number | undefined, what: string, field?: string) => {
		if (currency === undefined) miss(variable, currencyRaw ? `currency "${currencyRaw.slice(0, 10)}" is not a known ISO 4217 code` : 'currency is missing', 'invoice.currency');
		else if (value === undefined) miss(variable, `${what} is missing or not a number`, field);
	};
	const amountDue = balance !== undefined && balance >= -0.005 ? money(balance) : undefined;
	if (amountDue !== undefined) ctx.amountDue = amountDue;
	else if (balance !== undefined && balance < 0) miss('amountDue', 'balance is negative');
	else moneyMiss('amountDue', balance, 'balance');
	if (want('invoiceTotal')) {
		const total = money(amount);
		if (total !== undefined) ctx.invoiceTotal = total;
		else moneyMiss('invoiceTotal', amount, 'invoice amount', 'invoice.amount');
	}
	if (want('amountPaid') || internal) {
		const paidText = money(paid);
		if (paidText !== undefined) ctx.amountPaid = paidText;
		else moneyMiss('amountPaid', paid, 'amount paid', 'invoice.amountPaid');
	}
	ctx.isPartiallyPaid = paid !== undefined && paid > 0.005 && balance !== undefined && balance > 0.005;
	if (want('partialNote')) {
		// A reminder's amount is the balance: on an invoice paid in part it says what was paid and what is left of the total.
		const paidText = ctx.isPartiallyPaid ? money(paid) : undefined;
		const totalText = paidText !== undefined ? money(amount) : undefined;
		ctx.partialNote = paidText !== undefined && totalText !== undefined && amountDue !== undefined && amount !== undefined && amount > (balance as number) + 0.005 ? ph.partialNote({ paid: paidText, balance: amountDue, total: totalText }) : undefined;
	}
	ctx.paidInFull = balance !== undefined && balance <= 0.005;

	const dueRaw = typeof invoice.dueDate === 'string' ? invoice.dueDate : undefined;
	const dueText = dueRaw !== undefined ? formatCalendarDate(dueRaw, locale, shortStyle) : undefined;
	const dueDay = dueText !== undefined ? dueRaw : undefined;
	if (dueText) ctx.dueDate = dueText;
	else miss('dueDate', dueRaw ? `due date "${dueRaw.slice(0, 20)}" is not a YYYY-MM-DD date` : 'due date is missing');
	if (want('issueDate')) {
		const issueText = typeof invoice.issueDate === 'string' ? formatCalendarDate(invoice.issueDate, locale, shortStyle) : undefined;
		if (issueText) ctx.issueDate = issueText;
		else miss('issueDate', 'issue date is missing');
	}

	let daysPastDue = num(decision.daysPastDue);
	if (daysPastDue !== undefined) daysPastDue = Math.trunc(daysPastDue);
	else if (dueDay && typeof req.today === 'string') daysPastDue = dayDiff(dueDay, req.today);
	if (daysPastDue !== undefined && Math.abs(daysPastDue) > 36500) daysPastDue = undefined;
	if (daysPastDue !== undefined) {
		if (daysPastDue > 0) ctx.daysOverdue = daysPastDue;
		else miss('daysOverdue', 'the invoice is not overdue');
		if (daysPastDue <= 0) ctx.daysUntilDue = -daysPastDue;
		else miss('daysUntilDue', 'the due date has passed');
	} else {
		miss('daysOverdue', 'days past due unknown (no decision.daysPastDue and no today)');
		miss('daysUntilDue', 'days until due unknown (no decision.daysPastDue and no today)');
	}
	// What the texts may say about earlier reminders: only what the touch log shows.
	const reminders = num(decision.remindersSent);
	ctx.remindedBefore = reminders !== undefined && reminders >= 1;
	if (reminders !== undefined && reminders >= 0) ctx.remindersSent = Math.trunc(reminders);
	if (want('overdueBy')) ctx.overdueBy = ph.overdueBy(daysPastDue !== undefined && daysPastDue > 0 ? daysPastDue : undefined, locale);
	if (want('dueRelative')) ctx.dueRelative = daysPastDue !== undefined && daysPastDue <= 0 ? formatRelativeDays(-daysPastDue, locale) : ph.fallback.dueRelative;

	// --- links ----------------------------------------------------------------------------
	const buttons = new Map<string, string>();
	const factLinks: string[] = [];
	const linkVar = (variable: string, value: unknown, label?: string) => {
		const url = cleanUrl(value);
		if (url) {
			ctx[variable] = url;
			factLinks.push(url);
			if (label) buttons.set(url, label);
		} else miss(variable, value === undefined || value === null || value === '' ? `${HARD_VARIABLES[variable]} is missing` : `${HARD_VARIABLES[variable]} is not an http(s) URL`);
		return url;
	};
	const payLink = linkVar('paymentLink', invoice.paymentLink ?? links.payment, ph.payButton);
	ctx.hasPaymentLink = payLink !== undefined;
	if (want('updateLink') || want('fixLink') || want('hasUpdateLink')) {
		const updLink = linkVar('updateLink', invoice.updateLink ?? links.update, ph.updateButton);
		ctx.hasUpdateLink = updLink !== undefined;
		const fix = updLink ?? payLink;
		if (fix) ctx.fixLink = fix;
		else miss('fixLink', 'no update link (invoice.updateLink) and no payment link');
	}
	if (want('disputeLink')) linkVar('disputeLink', invoice.disputeLink ?? links.dispute);
	if (want('portalLink')) linkVar('portalLink', links.portal);
	if (want('howToPay')) {
		const howToPay = ph.howToPay(payLink, si.instructions);
		if (howToPay) ctx.howToPay = howToPay;
		else miss('howToPay', 'no payment link and no payment instructions (sender.paymentInstructions)');
	}

	// --- events ---------------------------------------------------------------------------
	if (want('paymentAmount')) {
		// The amount of the payment (received / partial) or of the charge attempt (failed: the open balance by default).
		const eventAmount = num(event.amount) ?? (opt.key === 'payment_failed' && balance !== undefined && balance > 0.005 ? balance : undefined);
		const paymentAmount = eventAmount !== undefined && eventAmount > 0 ? money(eventAmount) : undefined;
		if (paymentAmount !== undefined) ctx.paymentAmount = paymentAmount;
		else if (eventAmount !== undefined && eventAmount <= 0) miss('paymentAmount', 'payment amount is zero or negative');
		else moneyMiss('paymentAmount', eventAmount, 'payment amount');
	}
	if (want('paymentDate')) {
		const evDate = typeof event.date === 'string' ? formatDateValue(event.date, locale, opt.timeZone, shortStyle) : undefined;
		if (evDate) ctx.paymentDate = evDate;
		else miss('paymentDate', 'event date is missing');
	}
	if (want('retryDate')) {
		const retry = typeof event.retryDate === 'string' ? formatDateValue(event.retryDate, locale, opt.timeZone, shortStyle) : undefined;
		if (retry) ctx.retryDate = retry;
		else miss('retryDate', 'retry date is missing');
	}
	if (want('hardDecline') || want('adviceUpdate') || want('adviceBank') || want('adviceAuth')) {
		const variant = (opt.requestedKey ?? '').toLowerCase();
		const advice = /update[_-]?card/.test(variant)
			? 'update'
			: /contact[_-]?bank/.test(variant)
				? 'bank'
				: /authenticat/.test(variant)
					? 'authenticate'
					: /retry/.test(variant)
						? 'retry'
						: event.advice === 'update' || event.advice === 'bank' || event.advice === 'authenticate' || event.advice === 'retry'
							? event.advice
							: event.hardDecline === true
								? 'update'
								: 'retry';
		ctx.hardDecline = event.hardDecline === true || advice === 'update';
		ctx.adviceUpdate = advice === 'update';
		ctx.adviceBank = advice === 'bank';
		ctx.adviceAuth = advice === 'authenticate';
	}
	if (want('promiseDate')) {
		const promised = typeof event.promiseDate === 'string' ? formatDateValue(event.promiseDate, locale, opt.timeZone, shortStyle) : undefined;
		if (promised) ctx.promiseDate = promised;
		else miss('promiseDate', 'promise date is missing or not a date');
	}
	if (want('promiseAmount')) {
		const promisedAmount = num(event.promiseAmount);
		const text = promisedAmount !== undefined && promisedAmount > 0 ? money(promisedAmount) : undefined;
		if (text) ctx.promiseAmount = text;
		else miss('promiseAmount', 'promised amount is missing');
	}
	if (want('declineReason')) ctx.declineReason = ph.declineReason(typeof event.declineCode === 'string' ? event.declineCode.trim().toLowerCase() : undefined);
	if (want('disputeReason') || want('hasDisputeReason')) {
		const disputeReason = line(event.disputeReason, 300);
		ctx.disputeReason = disputeReason ?? ph.fallback.disputeReason;
		ctx.hasDisputeReason = disputeReason !== undefined;
	}
	if (want('reference')) {
		const reference = line(event.reference, 60);
		if (reference) ctx.reference = reference;
		else miss('reference', 'reference is missing');
	}
	if (want('planSchedule') || want('planCount') || want('planTotal') || want('planFirstDate') || want('planInstallments')) {
		buildPlan(ctx, event.plan, money, (d) => formatDateValue(d, locale, opt.timeZone, shortStyle), ph, miss);
	}

	// --- cc / recipient -------------------------------------------------------------------
	const financeCc = cleanEmail(options.financeContactEmail);
	const ccFinance = decision.ccFinance === true;
	ctx.ccFinance = ccFinance && financeCc !== undefined;
	if (ccFinance && !financeCc && opt.channel === 'email') warnings.push('the step copies finance but no finance contact (options.financeContactEmail) is set');
	let to: string | undefined;
	if (opt.channel === 'email') to = cleanEmail(options.to) ?? cleanEmail(contact.email) ?? cleanEmail(customer.email);
	else if (opt.channel === 'sms') to = cleanPhone(options.to) ?? cleanPhone(contact.phone) ?? cleanPhone(customer.phone);

	// --- raw values for helpers -----------------------------------------------------------
	if (want('raw')) {
		ctx.raw = {
			balance: balance ?? null,
			amount: amount ?? null,
			amountPaid: paid ?? null,
			currency: currency ?? null,
			dueDate: dueDay ?? null,
			issueDate: typeof invoice.issueDate === 'string' && parseDay(invoice.issueDate) !== null ? invoice.issueDate : null,
			daysPastDue: daysPastDue ?? null,
		};
	}

	if (internal) {
		// Internal alerts always render: every soft variable is set, missing facts print as "(not set)".
		if (ctx.greeting === undefined) {
			ctx.customerName = line(customer.name) ?? ph.fallback.customerName;
		}
		buildInternal(ctx, req, opt, line, missing, daysPastDue);
	}

	const facts: MessageFacts = { links: factLinks };
	if (invoiceNumber) facts.invoiceNumber = invoiceNumber;
	if (amountDue) facts.amount = amountDue;
	if (dueText) facts.dueDate = dueText;
	if (payLink) facts.paymentLink = payLink;

	return { ctx, missing, facts, buttons, currency, balance, warnings, to, ccFinance: ctx.ccFinance === true, financeCc: ctx.ccFinance ? financeCc : undefined };
}

const EMPTY = Object.freeze({});

/** Cleaned sender settings. The sender object is usually the same for every item of a run: cached by identity. */
export interface SenderInfo {
	company?: string;
	replyTo?: string;
	replyToInvalid: boolean;
	fromEmail?: string;
	fromName?: string;
	financeEmail?: string;
	address?: string;
	senderName?: string;
	title?: string;
	/** senderTitleTranslations cleaned, by lower-case language tag (none: undefined). */
	titles?: Map<string, string>;
	supportEmail?: string;
	supportPhone?: string;
	instructions?: string;
}
/**
 * The sender's facts cleaned once per sender object, with a copy of what they were made from: a caller that reuses
 * its sender object and changes it between two messages (another client's company name) gets the new facts.
 */
const senderCache = new WeakMap<object, { raw: unknown; info: SenderInfo }>();

/** How deep a sender is compared with the one cleaned (its title translations are one level down). */
const SENDER_DEPTH = 2;

/** Translations of the sender title by canonical language tag; entries with a tag Intl does not know or no title are left out. */
function cleanTitles(raw: unknown): Map<string, string> | undefined {
	if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return undefined;
	let out: Map<string, string> | undefined;
	for (const [tag, value] of Object.entries(raw as Record<string, unknown>)) {
		const key = canonicalLocale(tag.trim());
		const title = cleanLine(value);
		if (key === null || title === undefined) continue;
		(out ??= new Map()).set(key, title);
	}
	return out;
}

/** The sender title for a customer message in `locale` (canonical): its translation (whole tag, then language), else the title. */
export function titleFor(si: SenderInfo, locale: string | undefined): string | undefined {
	if (si.titles === undefined || !locale) return si.title;
	return si.titles.get(locale) ?? si.titles.get(languageOf(locale)) ?? si.title;
}

export function senderInfo(sender: NonNullable<MessageRequest['sender']>): SenderInfo {
	const hit = senderCache.get(sender);
	if (hit !== undefined && sameData(hit.raw, sender, SENDER_DEPTH)) return hit.info;
	const info: SenderInfo = {
		company: cleanLine(sender.companyName),
		senderName: cleanLine(sender.senderName),
		title: cleanLine(sender.senderTitle),
		titles: cleanTitles(sender.senderTitleTranslations),
		supportEmail: cleanEmail(sender.supportEmail),
		supportPhone: cleanPhone(sender.supportPhone),
		instructions: cleanBlock(sender.paymentInstructions, 1000),
		replyTo: cleanEmail(sender.replyTo),
		replyToInvalid: sender.replyTo !== undefined && sender.replyTo !== '' && cleanEmail(sender.replyTo) === undefined,
		fromEmail: cleanEmail(sender.fromEmail),
		fromName: cleanLine(sender.fromName ?? sender.companyName, 120)?.replace(/["<>]/g, ''),
		financeEmail: cleanEmail(sender.financeEmail),
		address: cleanLine(sender.address, 300),
	};
	if (sender !== EMPTY) senderCache.set(sender, { raw: copyData(sender, SENDER_DEPTH), info });
	return info;
}

function buildPlan(
	ctx: RenderContext,
	plan: unknown,
	money: (v: number | undefined) => string | undefined,
	date: (d: string) => string | undefined,
	ph: Phrases,
	miss: (variable: string, message: string) => void,
) {
	const list = plan && typeof plan === 'object' && Array.isArray((plan as { installments?: unknown }).installments) ? ((plan as { installments: unknown[] }).installments) : undefined;
	if (!list || list.length === 0 || list.length > 60) {
		for (const v of ['planSchedule', 'planCount', 'planTotal', 'planFirstDate']) miss(v, list && list.length > 60 ? 'payment plan has more than 60 installments' : 'payment plan installments are missing');
		ctx.planInstallments = [];
		return;
	}
	const items: Array<{ when: string; amount: string }> = [];
	let sum = 0;
	let allAmounts = true;
	for (const raw of list) {
		const it = raw && typeof raw === 'object' ? (raw as { date?: unknown; amount?: unknown }) : {};
		const d = typeof it.date === 'string' ? date(it.date) : undefined;
		const hasAmount = typeof it.amount === 'number' && Number.isFinite(it.amount) && it.amount > 0;
		const a = hasAmount ? money(it.amount as number) : undefined;
		if (!d || (it.amount !== undefined && it.amount !== null && !a)) {
			for (const v of ['planSchedule', 'planCount', 'planTotal', 'planFirstDate']) miss(v, 'a payment plan installment has no valid date or amount');
			ctx.planInstallments = [];
			return;
		}
		if (a) sum += it.amount as number;
		else allAmounts = false;
		items.push({ when: d, amount: a ?? '' });
	}
	ctx.planInstallments = items;
	ctx.planSchedule = items.map((i) => (i.amount ? ph.planLine(i.when, i.amount) : `- ${i.when}`)).join('\n');
	ctx.planCount = items.length;
	const total = allAmounts ? money(Math.round(sum * 100) / 100) : undefined;
	if (total) ctx.planTotal = total;
	else miss('planTotal', 'some installments have no amount');
	ctx.planFirstDate = items[0].when;
}

const SEGMENT_LABEL: Record<string, string> = {
	enterprise: 'Enterprise',
	'mid-market': 'Mid-market',
	smb: 'SMB',
	consumer: 'Consumer',
	'public-sector': 'Public sector',
	other: 'Other',
};

function buildInternal(
	ctx: RenderContext,
	req: MessageRequest,
	opt: BuildOptions,
	line: (v: unknown, max?: number) => string | undefined,
	missing: Map<string, MissingFact>,
	daysPastDue: number | undefined,
) {
	const customer = req.customer ?? {};
	const decision = req.decision ?? {};
	const info = req.internal && typeof req.internal === 'object' ? req.internal : {};
	const links = req.links ?? {};
	const sender = req.sender ?? {};
	const notSet = '(not set)';
	// Internal alerts always render: missing facts print as "(not set)".
	for (const variable of missing.keys()) if (ctx[variable] === undefined) ctx[variable] = notSet;
	ctx.customerId = line(customer.customerId) ?? line(req.invoice?.customerId) ?? notSet;
	if (!line(customer.name)) ctx.customerName = ctx.customerId === notSet ? 'an unnamed customer' : `customer ${ctx.customerId as string}`;
	ctx.invoiceId = line(req.invoice?.invoiceId) ?? notSet;
	const owner = customer.accountOwner && typeof customer.accountOwner === 'object' ? customer.accountOwner : undefined;
	const slackId = typeof owner?.slackId === 'string' && /^[UW][A-Z0-9]{2,20}$/.test(owner.slackId) ? owner.slackId : undefined;
	ctx.accountOwnerMention = opt.internalFormat === 'slack' && slackId ? `<@${slackId}>` : (line(owner?.name) ?? 'the account owner');
	const financeName = line(sender.financeName) ?? line(sender.financeEmail);
	ctx.financeName = financeName ?? 'the finance team';
	ctx.hasFinanceName = financeName !== undefined;

	const segment = typeof customer.segment === 'string' ? SEGMENT_LABEL[customer.segment] ?? line(customer.segment) : undefined;
	const parts = [`Owner: ${line(owner?.name) ?? 'none assigned'}`];
	if (segment) parts.push(`Segment: ${segment}`);
	if (customer.keyAccount === true) parts.push('Key account');
	if (ctx.isPartiallyPaid === true && typeof ctx.amountPaid === 'string') parts.push(`Paid so far: ${ctx.amountPaid}`);
	ctx.accountSummary = parts.join(' | ');
	ctx.keyAccount = customer.keyAccount === true;

	if (daysPastDue === undefined) ctx.statusText = 'due date unknown';
	else if (daysPastDue > 0) ctx.statusText = `${daysPastDue === 1 ? '1 day' : `${daysPastDue} days`} overdue`;
	else if (daysPastDue === 0) ctx.statusText = 'due today';
	else ctx.statusText = `due in ${-daysPastDue === 1 ? '1 day' : `${-daysPastDue} days`}`;

	const h = info.history && typeof info.history === 'object' ? info.history : undefined;
	const lines: string[] = [];
	if (h) {
		const count = num(h.invoiceCount);
		const late = num(h.paidLateCount);
		const avg = num(h.avgDaysLate);
		if (count !== undefined && count > 0) {
			let first = `- ${count} invoice${count === 1 ? '' : 's'}`;
			if (late !== undefined) first += `, ${late} paid late`;
			if (avg !== undefined && avg > 0) first += ` (on average ${Math.round(avg)} day${Math.round(avg) === 1 ? '' : 's'} late)`;
			lines.push(first);
		}
		const extras: string[] = [];
		const add = (v: unknown, one: string, many: string) => {
			const n = num(v);
			if (n !== undefined && n > 0) extras.push(`${n} ${n === 1 ? one : many}`);
		};
		add(h.disputes, 'dispute', 'disputes');
		add(h.failedCharges, 'failed charge', 'failed charges');
		add(h.brokenPromises, 'broken promise', 'broken promises');
		add(h.promisesKept, 'promise kept', 'promises kept');
		if (extras.length) lines.push(`- ${extras.join(', ')}`);
		const open = num(h.openPastDueCount);
		if (open !== undefined && open > 0) lines.push(`- ${open} other open past-due invoice${open === 1 ? '' : 's'}`);
		if (typeof h.lastPaymentDate === 'string') {
			const d = formatDateValue(h.lastPaymentDate, 'en-GB', opt.timeZone, 'medium');
			if (d) lines.push(`- Last payment: ${d}`);
		}
	}
	ctx.historySummary = lines.length ? lines.join('\n') : '- No payment history on record';

	const touches = Array.isArray(info.touches) ? info.touches.slice(0, 5) : [];
	ctx.recentTouches = touches.map((t) => {
		const touch = t && typeof t === 'object' ? t : {};
		const sent = typeof touch.sentAt === 'string' ? formatDateValue(touch.sentAt, 'en-GB', opt.timeZone, 'medium') : undefined;
		return {
			when: sent ?? 'date unknown',
			step: line(touch.step, 60) ?? 'message',
			channel: line(touch.channel, 20) ?? 'unknown channel',
			status: line(touch.status, 20) ?? '',
		};
	});
	ctx.hasTouches = touches.length > 0;

	const risk: string[] = [];
	const score = num(decision.riskScore);
	if (score !== undefined) risk.push(`score ${Math.round(score)}/100`);
	const band = line(decision.riskBand, 20);
	if (band) risk.push(`band ${band}`);
	const tier = line(decision.tierLabel, 60);
	if (tier) risk.push(`tier ${tier}`);
	ctx.riskSummary = risk.length ? risk.join(', ') : 'not scored';
	const next = decision.nextStep && typeof decision.nextStep === 'object' ? decision.nextStep : undefined;
	const nextDate = next && typeof next.date === 'string' ? formatDateValue(next.date, 'en-GB', opt.timeZone, 'medium') : undefined;
	ctx.nextStepText = next && line(next.id, 60) ? `${line(next.id, 60)}${nextDate ? ` on ${nextDate}` : ''}` : '';

	const reasons = Array.isArray(decision.reasons) ? decision.reasons.slice(0, 10) : [];
	ctx.reasonsList = reasons
		.map((r) => (r && typeof r === 'object' ? `- ${line(r.code, 60) ?? 'REASON'}${line(r.message, 300) ? `: ${line(r.message, 300)}` : ''}` : ''))
		.filter((s) => s)
		.join('\n');
	const channels = Array.isArray(decision.channels) ? decision.channels.map((c) => line(c, 20)).filter((c): c is string => !!c) : [];
	ctx.channelList = channels.length ? channels.join(', ') : 'not decided';

	const approval = info.approval && typeof info.approval === 'object' ? info.approval : {};
	ctx.approvalReason = line(approval.reason, 300) ?? line(reasons[0]?.message, 300) ?? 'key account or large amount at a firm step';
	ctx.approverName = line(approval.approver) ?? line(owner?.name) ?? 'the account owner';
	const preview = cleanBlock(approval.preview, 1500);
	ctx.preview = preview
		? preview
				.split('\n')
				.map((l) => (opt.internalFormat === 'plain' ? `  ${l}` : `> ${escapeSlack(l)}`))
				.join('\n')
		: '';

	const task = info.task && typeof info.task === 'object' ? info.task : {};
	const invoiceNumber = typeof ctx.invoiceNumber === 'string' ? ctx.invoiceNumber : notSet;
	// What the deciding reason asks of the person, where the task itself does not say.
	const byReason = reasons[0] && typeof reasons[0] === 'object' ? TASK_BY_REASON.get(String(reasons[0].code)) : undefined;
	ctx.taskTitle = line(task.title, 120) ?? `${byReason?.title ?? 'Review invoice'} ${invoiceNumber} (${ctx.customerName as string})`;
	ctx.taskReason = line(task.reason, 500) ?? line(reasons[0]?.message, 300) ?? 'The automation could not handle this invoice on its own.';
	ctx.taskAction =
		line(task.action, 500) ?? byReason?.action ?? "Check the invoice and the customer's record, then contact the customer or fix the data so the follow-up can continue.";
	const taskDue = typeof task.dueDate === 'string' ? formatDateValue(task.dueDate, 'en-GB', opt.timeZone, 'medium') : undefined;
	ctx.taskDueDate = taskDue ?? '';
	const notes = cleanBlock(info.notes, 1000);
	ctx.notes = notes === undefined ? '' : opt.internalFormat === 'plain' ? notes : escapeSlack(notes);
	ctx.recordLink = cleanUrl(links.record) ?? '';
	ctx.approveLink = cleanUrl(links.approve) ?? '';
	ctx.rejectLink = cleanUrl(links.reject) ?? '';
	ctx.ticketLink = cleanUrl(links.ticket) ?? '';
	ctx.todayText = typeof req.today === 'string' ? (formatCalendarDate(req.today, 'en-GB', 'medium') ?? '') : '';
}
