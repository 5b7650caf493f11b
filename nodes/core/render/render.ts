/**
 * `renderMessage`: one request in, one message (or a reason for a person) out. Never throws.
 */
import type { Tone } from '../types';
import { TONES } from '../types';
import { resolveTemplateKey, templateChannelOf, templateMeta } from './catalog';
import { buildContext, senderInfo, type BuiltContext } from './context';
import { runTemplate, type OutputMode } from './engine';
import { htmlLayout, textToHtmlContent } from './html';
import { canonicalLocale, isValidTimeZone, languageOf } from './locale';
import { cleanEmail, cleanSubject, cleanUrl, tidyText } from './sanitize';
import { analyzeSms, foldToGsm, normalizeSmsText } from './sms';
import { PART_SEPARATOR, defaultTemplates, packTag, phrasesFor, type CompiledTemplate, type TemplateSet } from './templates';
import type {
	EmailMessage,
	InternalFormat,
	MessageFacts,
	MessageParts,
	MessageRequest,
	MissingFact,
	RenderChannel,
	RenderResult,
	SmsMessage,
	TemplateChannel,
} from './types';
import { RENDER_CHANNELS } from './types';
import { enPhrases } from './pack/en';

const EMPTY_SENDER = Object.freeze({});
const INTERNAL_FORMATS: readonly InternalFormat[] = ['slack', 'markdown', 'plain'];
const MAX_SUBJECT = 250;

function isTone(value: unknown): value is Tone {
	return typeof value === 'string' && (TONES as readonly string[]).includes(value);
}

interface Frame {
	requestedKey: string;
	templateKey: string;
	channel: RenderChannel;
	tone: Tone;
	requestedTone: Tone;
	language: string;
	locale: string;
	source: 'default' | 'override';
	transactional: boolean;
	facts: MessageFacts;
	warnings: string[];
}

function failure(frame: Frame, code: string, message: string, missing: MissingFact[] = []): RenderResult {
	return { ok: false, needsHuman: true, missing, reason: message, error: { code, message }, ...frame };
}

/**
 * Render one message. Returns `ok: false, needsHuman: true` with the missing facts named (or the error)
 * instead of rendering anything incomplete.
 */
export function renderMessage(request: MessageRequest, templates: TemplateSet = defaultTemplates()): RenderResult {
	const req = (request && typeof request === 'object' ? request : {}) as MessageRequest;
	const requestedKey = typeof req.templateKey === 'string' ? req.templateKey.slice(0, 100) : '';
	const requestedTone: Tone = isTone(req.tone) ? req.tone : isTone(req.decision?.tone) ? (req.decision?.tone as Tone) : 'friendly';
	const channel = (RENDER_CHANNELS as readonly string[]).includes(req.channel as string) ? req.channel : 'email';
	const frame: Frame = {
		requestedKey,
		templateKey: requestedKey,
		channel,
		tone: requestedTone,
		requestedTone,
		language: 'en',
		locale: 'en',
		source: 'default',
		transactional: true,
		facts: { links: [] },
		warnings: [],
	};
	try {
		return renderInner(req, templates, frame);
	} catch (error) {
		return failure(frame, 'render_error', `rendering failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
	}
}

function renderInner(req: MessageRequest, templates: TemplateSet, frame: Frame): RenderResult {
	if (!(RENDER_CHANNELS as readonly string[]).includes(req.channel as string)) {
		return failure(frame, 'invalid_channel', `channel "${String(req.channel).slice(0, 20)}" is not one of ${RENDER_CHANNELS.join(', ')}`);
	}
	const tchannel = templateChannelOf(req.channel) as TemplateChannel;
	const decision = req.decision && typeof req.decision === 'object' ? req.decision : {};
	const customer = req.customer && typeof req.customer === 'object' ? req.customer : {};

	// Locale and time zone.
	const localeIn = req.locale ?? customer.locale;
	let locale = canonicalLocale(localeIn);
	if (!locale) {
		if (localeIn !== undefined && localeIn !== null && localeIn !== '') frame.warnings.push(`locale "${String(localeIn).slice(0, 20)}" is not valid; using en`);
		locale = 'en';
	}
	const zoneIn = req.timeZone ?? customer.timeZone;
	let timeZone = 'UTC';
	if (isValidTimeZone(zoneIn)) timeZone = zoneIn;
	else if (zoneIn !== undefined && zoneIn !== null && zoneIn !== '') frame.warnings.push(`time zone "${String(zoneIn).slice(0, 40)}" is not valid; using UTC`);

	// Template key.
	const resolved = resolveTemplateKey(requestedKey(req), {
		offsetDays: typeof decision.offsetDays === 'number' ? decision.offsetDays : undefined,
		audience: tchannel === 'internal' ? 'internal' : 'customer',
		customKeys: templates.customKeys,
	});
	if (!resolved) return failure(frame, 'unknown_template', `no template for "${frame.requestedKey || '(no key)'}"`);
	frame.templateKey = resolved.key;
	const meta = templateMeta(resolved.key);
	if (meta?.audience === 'customer' && tchannel === 'internal') {
		return failure(frame, 'channel_mismatch', `"${resolved.key}" is a customer message and cannot be rendered as an internal alert`);
	}
	if (meta?.audience === 'internal' && tchannel === 'sms') {
		return failure(frame, 'channel_mismatch', `"${resolved.key}" is an internal alert and cannot be sent by ${req.channel}`);
	}

	const compiled = templates.resolve(resolved.key, tchannel, frame.requestedTone, locale);
	if (!compiled) return failure(frame, 'no_template', `no ${tchannel} template for "${resolved.key}"`);
	frame.tone = compiled.tone;
	frame.source = compiled.source;
	// The pack tag of the text: `pt-PT` for the European Portuguese pack (its phrases, and what an AI rewrite is
	// asked to write), else the language; a template for every locale takes the customer's.
	let language = packTag(compiled.language === '*' ? locale : compiled.language);
	if (compiled.language === '*' && phrasesFor(language) === enPhrases) language = 'en';
	frame.language = language;
	// Numbers and dates follow the customer's locale when it is in the template's language, else the language.
	const formatLocale = languageOf(locale) === languageOf(language) ? locale : language;
	frame.locale = formatLocale;
	frame.transactional =
		typeof decision.transactional === 'boolean' ? decision.transactional : (compiled.transactional ?? meta?.transactional ?? true);

	const internalAlert = compiled.channel === 'internal';
	const optionsFormat = req.options?.internalFormat;
	const internalFormat: InternalFormat =
		compiled.plainInternal ? 'plain' : INTERNAL_FORMATS.includes(optionsFormat as InternalFormat) ? (optionsFormat as InternalFormat) : 'slack';
	// Phrases follow the customer's locale within the text's language (de-CH: "Grüsse"), as the formats do.
	const phrases = phrasesFor(formatLocale);
	const built = buildContext(
		req,
		{ channel: compiled.channel, tone: frame.requestedTone, locale: formatLocale, timeZone, phrases, internalPhrases: enPhrases, internalFormat, key: resolved.key, requestedKey: requestedKey(req) },
		internalAlert ? undefined : compiled.needs,
	);
	frame.facts = built.facts;
	frame.warnings.push(...built.warnings);
	if (internalAlert && req.channel === 'email') {
		// An internal alert by email goes to the given address, else the account owner, else finance.
		const owner = customer.accountOwner && typeof customer.accountOwner === 'object' ? customer.accountOwner : undefined;
		built.to = cleanEmail(req.options?.to) ?? cleanEmail(owner?.email) ?? cleanEmail(req.sender?.financeEmail);
		if (!built.to) frame.warnings.push('no recipient for the internal alert (options.to, accountOwner.email or sender.financeEmail)');
	}

	// Required facts: the key's own, plus every fact the template prints unguarded.
	if (!internalAlert) {
		const missing = requiredMissing(compiled, built, compiled.required, meta?.requires.includes('amountDue') === true);
		if (tchannel === 'email' && !built.to) missing.push({ field: 'customer.email', variable: 'to', message: 'no valid email address for the customer' });
		if (tchannel === 'sms' && !built.to) missing.push({ field: 'customer.phone', variable: 'to', message: 'no valid phone number for the customer' });
		if (missing.length) {
			const list = missing.map((m) => `${m.field} (${m.message})`).join('; ');
			return failure(frame, 'missing_facts', `cannot render ${resolved.key} for ${req.channel}: ${list}`, missing);
		}
	}

	const mode: OutputMode = internalAlert ? internalFormat : 'text';
	const state = { locale: formatLocale, timeZone, currency: built.currency, mode, phrases };
	const raw = runTemplate(compiled.fn, built.ctx, state);
	let subject: string | undefined;
	let body: string;
	if (compiled.hasSubject) {
		const cut = raw.indexOf(PART_SEPARATOR);
		subject = cleanSubject(cut >= 0 ? raw.slice(0, cut) : '');
		if (subject.length > MAX_SUBJECT) subject = `${subject.slice(0, MAX_SUBJECT - 1)}…`;
		body = tidyText(cut >= 0 ? raw.slice(cut + 1) : raw);
	} else body = tidyText(raw);
	if (!body || (compiled.hasSubject && !subject)) {
		return failure(frame, 'empty_output', `template ${resolved.key} produced an empty ${body ? 'subject' : 'body'}`);
	}

	const result: RenderResult = { ok: true, needsHuman: false, missing: [], ...frame, body: subject !== undefined ? { subject, text: body } : { text: body } };
	if (req.channel === 'email') {
		const assembled = assembleEmail(req, compiled, built, { subject: subject as string, body }, frame, state);
		result.email = assembled.email;
		result.parts = assembled.parts;
	}
	else if (req.channel === 'internal') result.internal = { title: subject ?? '', text: body, format: internalFormat };
	else {
		result.sms = assembleSms(req, body, phrases.stopHint, built.to);
		if (req.channel === 'sms' && compiled.required.includes('paymentLink') && built.facts.paymentLink && !result.sms.text.includes(built.facts.paymentLink)) {
			frame.warnings.push('the SMS does not contain the payment link (the template does not print {{paymentLink}})');
		}
	}
	return result;
}

function requestedKey(req: MessageRequest): string {
	if (typeof req.templateKey === 'string' && req.templateKey.trim()) return req.templateKey;
	return typeof req.decision?.stepId === 'string' ? req.decision.stepId : '';
}

function requiredMissing(compiled: CompiledTemplate, built: BuiltContext, required: readonly string[], positiveBalance: boolean): MissingFact[] {
	const out: MissingFact[] = [];
	const seen = new Set<string>();
	const check = (variable: string) => {
		if (seen.has(variable)) return;
		seen.add(variable);
		const m = built.missing.get(variable);
		if (m && !seen.has(`${m.field}|${m.message}`)) {
			seen.add(`${m.field}|${m.message}`);
			out.push(m);
		}
	};
	for (const variable of required) check(variable);
	for (const variable of compiled.printed) check(variable);
	if (positiveBalance && built.ctx.amountDue !== undefined && (built.balance === undefined || built.balance <= 0.005)) {
		out.push({ field: 'invoice.balance', variable: 'amountDue', message: 'the balance is zero: nothing to ask for' });
	}
	return out;
}

/** The email: subject, text part (+ unsubscribe footer when not transactional), HTML part, headers. */
export function assembleEmail(
	req: MessageRequest,
	compiled: CompiledTemplate | undefined,
	built: Pick<BuiltContext, 'ctx' | 'facts' | 'buttons' | 'to' | 'financeCc'>,
	content: { subject: string; body: string },
	frame: Pick<RenderResult, 'transactional' | 'language' | 'warnings'>,
	state: Parameters<typeof runTemplate>[2],
): { email: EmailMessage; parts: MessageParts } {
	const sender = senderInfo(req.sender && typeof req.sender === 'object' ? req.sender : EMPTY_SENDER);
	const links = req.links && typeof req.links === 'object' ? req.links : {};
	const headers: Record<string, string> = {};
	let footer: string | undefined;
	const unsubscribe = cleanUrl(links.unsubscribe);
	if (!frame.transactional) {
		footer = state.phrases.unsubscribe(unsubscribe, sender.company);
		if (sender.address) footer += `\n${sender.address}`;
		if (unsubscribe) headers['List-Unsubscribe'] = `<${unsubscribe}>`;
	}
	const parts: MessageParts = { buttons: [...built.buttons].map(([url, label]) => ({ url, label })) };
	if (footer) parts.footer = footer;
	if (unsubscribe) parts.unsubscribeLink = unsubscribe;
	let customHtml: string | undefined;
	if (compiled?.htmlFn) {
		customHtml = runTemplate(compiled.htmlFn, built.ctx, { ...state, mode: 'html' });
		parts.customHtml = true;
	}
	const { text, html } = emailBodies(content, parts, built.facts.links, frame.language, customHtml);
	const cc: string[] = [];
	const bcc: string[] = [];
	if (built.financeCc) cc.push(built.financeCc);
	if (req.decision?.ccFinance === true && sender.financeEmail) bcc.push(sender.financeEmail);
	const email: EmailMessage = { subject: content.subject, text, html, cc, bcc, headers };
	if (built.to) email.to = built.to;
	if (sender.fromEmail) email.fromEmail = sender.fromEmail;
	if (sender.fromName) email.fromName = sender.fromName;
	if (sender.replyTo) email.replyTo = sender.replyTo;
	else if (sender.replyToInvalid) frame.warnings.push('sender.replyTo is not a valid email address; no reply-to set');
	return { email, parts };
}

/** Text and HTML parts of an email from its body and structural parts (also used after an AI rewrite). */
export function emailBodies(
	content: { subject: string; body: string },
	parts: MessageParts,
	links: readonly string[],
	language: string,
	customHtml?: string,
): { text: string; html: string } {
	const text = parts.footer ? `${content.body}\n\n--\n${parts.footer}` : content.body;
	const buttons = new Map(parts.buttons.map((b) => [b.url, b.label] as [string, string]));
	const contentHtml = customHtml ?? textToHtmlContent(content.body, links, buttons);
	const footerHtml = parts.footer
		? textToHtmlContent(parts.footer, parts.unsubscribeLink ? [parts.unsubscribeLink] : [], new Map()).replace(/<\/?p[^>]*>/g, '')
		: undefined;
	return { text, html: htmlLayout(contentHtml, { lang: language, title: content.subject, footerHtml }) };
}

/** Whether the SMS needs the STOP hint: always / never / auto (+1 numbers, US and CA customers). */
export function needsStopHint(req: MessageRequest, to: string | undefined): boolean {
	const mode = req.options?.stopHint ?? 'auto';
	if (mode === 'always') return true;
	if (mode === 'never') return false;
	const country = typeof req.customer?.country === 'string' ? req.customer.country.toUpperCase() : undefined;
	if (country === 'US' || country === 'CA') return true;
	return typeof to === 'string' && /^\+1[\s\-(]*\d/.test(to.trim());
}

/** The SMS: typographic characters normalised, optional GSM folding, STOP hint, length and segments. */
export function assembleSms(req: MessageRequest, body: string, stopHint: string, to: string | undefined): SmsMessage {
	const whatsapp = req.channel === 'whatsapp';
	let text = whatsapp ? body : normalizeSmsText(body);
	const hint = !whatsapp && needsStopHint(req, to);
	if (hint) text = `${text} ${normalizeSmsText(stopHint)}`;
	if (!whatsapp && req.options?.smsFoldToGsm === true) text = foldToGsm(text);
	const info = analyzeSms(text);
	const sms: SmsMessage = { text, stopHint: hint, ...info };
	if (to) sms.to = to;
	return sms;
}
