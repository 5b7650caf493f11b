/**
 * Template sets: the default pack plus the user's overrides, compiled once.
 *
 * `compileTemplates(overrides)` is the configuration-time entry point: it validates every override
 * (parse errors with their line, unknown helpers, partials, unescaped HTML output, prototype access),
 * warns about unknown variables (AST walk), trial-renders each template on a full and a sparse sample,
 * and returns a `TemplateSet` in which broken overrides are left out (the default stands). It never
 * throws. Rendering later only looks templates up.
 */
import type { Tone } from '../types';
import { TONES } from '../types';
import { TEMPLATE_KEYS, requiredVariables, templateChannelOf, templateMeta, toneOrder } from './catalog';
import { ARRAY_FIELDS, HARD_VARIABLES, OBJECT_FIELDS, buildContext } from './context';
import {
	analyzeTemplate,
	compileSource,
	errorLocation,
	errorText,
	parseTemplate,
	runTemplate,
	type AnalysisIssue,
	type OutputMode,
	type VariableSchema,
} from './engine';
import { canonicalLocale, languageOf, localeChain } from './locale';
import { deCHPhrases, dePack, dePhrases } from './pack/de';
import { enPack, enPhrases } from './pack/en';
import { esPack, esPhrases } from './pack/es';
import { frPack, frPhrases } from './pack/fr';
import { internalPack } from './pack/internal';
import { ptPack, ptPhrases } from './pack/pt';
import { ptPTPack, ptPTPhrases } from './pack/ptPT';
import type { LanguagePack, PackEntry, Phrases } from './pack/types';
import type { MessageRequest, TemplateChannel } from './types';

/** Separates subject (or title) from body in one compiled template. Control characters never reach output otherwise. */
export const PART_SEPARATOR = '\u001E';

/**
 * Packs by lower-case tag: a language (`pt`) or a regional pack (`pt-pt`), for a region whose usage differs enough
 * from the language's pack that its customers should not get that pack (European Portuguese: the Portuguese pack is
 * Brazilian). Other regions get their language's pack.
 */
const PACKS = new Map<string, LanguagePack>([
	['en', enPack],
	['de', dePack],
	['fr', frPack],
	['es', esPack],
	['pt', ptPack],
	['pt-pt', ptPTPack],
]);
/**
 * Phrases by lower-case tag: a language's, a regional pack's, and a region's own phrases for its language's
 * texts (`de-ch`: the German texts, Swiss closings). `language` is the tag of the pack the phrases belong to.
 */
const PHRASES = new Map<string, Phrases>([
	['en', enPhrases],
	['de', dePhrases],
	['de-ch', deCHPhrases],
	['de-li', deCHPhrases],
	['fr', frPhrases],
	['es', esPhrases],
	['pt', ptPhrases],
	['pt-pt', ptPTPhrases],
]);

/** Languages of the default customer-facing pack. */
export const PACK_LANGUAGES: readonly string[] = [...PACKS.keys()].filter((k) => !k.includes('-'));
/** Regions with a pack of their own (`pt-PT`). */
export const PACK_REGIONS: readonly string[] = [...PACKS.keys()].filter((k) => k.includes('-')).map(packTag);

/**
 * Phrases for a customer locale or a pack tag (`de-CH`, `pt-PT`, `de`): the region's, else the language's, else
 * English. A text takes the phrases of the customer's locale when the locale is in the text's language.
 */
export function phrasesFor(tag: string): Phrases {
	return PHRASES.get(tag) ?? PHRASES.get(tag.toLowerCase()) ?? PHRASES.get(languageOf(tag)) ?? enPhrases;
}

/**
 * The tag of the pack that serves a locale or language: the regional pack's (`pt-PT`) when there is one, else the
 * language (`de-AT` -> `de`; `pl-PL` -> `pl`, which has no pack: its phrases are English).
 */
export function packTag(tag: string): string {
	return PHRASES.get(tag.toLowerCase())?.language ?? languageOf(tag);
}

/** A user template, overriding the default for (key, channel, tone?, locale?). */
export interface TemplateOverride {
	/** Template key (`overdue_7`) or a custom key a policy step names. */
	key: string;
	/** `email`, `sms` (also used for WhatsApp) or `internal`. */
	channel: 'email' | 'sms' | 'whatsapp' | 'internal';
	/** Only for this tone; omitted = every tone. */
	tone?: Tone;
	/** Only for this locale or language (`de`, `de-AT`); omitted = every locale. */
	locale?: string;
	/** Email subject / internal title. Required for email. */
	subject?: string;
	/** Text body (email text part, SMS text, internal alert text). */
	body: string;
	/** Optional HTML body for email (content only; the layout is added). Default: derived from the text. */
	html?: string;
	/** Transactional notice (no unsubscribe line). Default: the catalog's value for the key. */
	transactional?: boolean;
}

/** A configuration-time finding about an override. */
export interface TemplateIssue {
	/** Position of the override in the list given to `compileTemplates`. */
	index: number;
	key: string;
	channel: string;
	tone?: string;
	locale?: string;
	part: 'subject' | 'body' | 'html' | 'override';
	line?: number;
	column?: number;
	code: string;
	message: string;
}

/** A compiled template, ready to run. */
export interface CompiledTemplate {
	key: string;
	channel: TemplateChannel;
	tone: Tone;
	/** Language tag of the template (`de`, `de-at`), or `*` for an override valid for every locale. */
	language: string;
	source: 'default' | 'override';
	/** Subject/title + PART_SEPARATOR + body, or the SMS body. */
	fn: Handlebars.TemplateDelegate;
	/** Explicit HTML body (overrides only). */
	htmlFn?: Handlebars.TemplateDelegate;
	hasSubject: boolean;
	/** Root variables printed outside a guard (required when they are facts). */
	printed: ReadonlySet<string>;
	/** Variables the context builder must compute: used by the template, or required for the key. */
	needs: ReadonlySet<string>;
	/** Variables the key requires on this channel (customer messages). */
	required: readonly string[];
	transactional?: boolean;
	/** Output mode for internal templates rendered as email. */
	plainInternal?: boolean;
}

const MAX_SOURCE = 20_000;
// eslint-disable-next-line no-control-regex
const SOURCE_CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

function cleanSource(text: string): string {
	return text.replace(/\r\n?/g, '\n').replace(SOURCE_CONTROL, '');
}

// ---------------------------------------------------------------------------------------------
// Variable schema (known variables), from sample contexts

let customerSchema: VariableSchema | undefined;
let internalSchema: VariableSchema | undefined;

/** A full-data sample request (every field set), for previews, trial renders and tests. */
export function sampleRequest(kind: 'full' | 'sparse', templateKey = 'overdue_7', channel: MessageRequest['channel'] = 'email'): MessageRequest {
	if (kind === 'sparse') return { templateKey, channel, invoice: {}, customer: {} };
	return {
		templateKey,
		channel,
		tone: 'friendly',
		locale: 'en-GB',
		timeZone: 'Europe/London',
		today: '2025-03-12',
		invoice: {
			invoiceId: 'in_1Q2w3E',
			number: 'INV-2025-0042',
			customerId: 'cus_42',
			amount: 1250,
			amountPaid: 250,
			balance: 1000,
			currency: 'EUR',
			issueDate: '2025-02-03',
			dueDate: '2025-03-05',
			status: 'open',
			paymentLink: 'https://pay.example.com/i/INV-2025-0042',
			updateLink: 'https://billing.example.com/card',
			disputeLink: 'https://billing.example.com/dispute/INV-2025-0042',
			service: 'Acme Cloud Pro',
		},
		customer: {
			customerId: 'cus_42',
			name: 'Northwind Traders Ltd',
			firstName: 'Anna',
			email: 'anna@northwind.example',
			phone: '+447700900123',
			locale: 'en-GB',
			timeZone: 'Europe/London',
			country: 'GB',
			segment: 'smb',
			keyAccount: false,
			accountOwner: { name: 'Sam Carter', email: 'sam@acme.example', slackId: 'U024BE7LH' },
		},
		contact: { firstName: 'Anna', lastName: 'Schmidt', salutation: 'ms' },
		decision: {
			stepId: 'D+7',
			stepLabel: '7 days overdue',
			tone: 'friendly',
			daysPastDue: 7,
			remindersSent: 3,
			ccFinance: true,
			outcome: 'send',
			reasons: [{ code: 'SEND', message: 'Step D+7 is due' }],
			riskScore: 42,
			riskBand: 'medium',
			tierLabel: 'Early',
			channels: ['email', 'sms'],
			nextStep: { id: 'D+14', date: '2025-03-19' },
		},
		event: {
			amount: 250,
			date: '2025-03-10T09:30:00Z',
			declineCode: 'expired_card',
			hardDecline: true,
			retryDate: '2025-03-14',
			plan: {
				installments: [
					{ date: '2025-03-15', amount: 500 },
					{ date: '2025-04-15', amount: 500 },
				],
			},
			reference: 'DSP-1234',
			promiseDate: '2025-03-20',
			promiseAmount: 500,
			disputeReason: 'We were billed twice for February',
		},
		links: {
			portal: 'https://billing.example.com',
			unsubscribe: 'https://billing.example.com/unsubscribe?c=cus_42',
			approve: 'https://n8n.example.com/webhook/approve?id=1',
			reject: 'https://n8n.example.com/webhook/reject?id=1',
			record: 'https://billing.example.com/invoices/INV-2025-0042',
			ticket: 'https://helpdesk.example.com/t/991',
		},
		sender: {
			companyName: 'Acme Software',
			senderName: 'Maria Lopez',
			senderTitle: 'Accounts Receivable',
			fromEmail: 'billing@acme.example',
			fromName: 'Acme Billing',
			replyTo: 'ar@acme.example',
			supportEmail: 'help@acme.example',
			supportPhone: '+44 20 7946 0000',
			address: 'Acme Software Ltd, 1 King Street, London EC2V 8AU',
			paymentInstructions: 'IBAN GB33 BUKB 2020 1555 5555 55, BIC BUKBGB22, reference INV-2025-0042',
			financeEmail: 'finance@acme.example',
			financeName: 'Priya Shah',
		},
		internal: {
			history: { invoiceCount: 12, paidLateCount: 4, avgDaysLate: 6.4, disputes: 1, failedCharges: 2, brokenPromises: 1, openPastDueCount: 1, lastPaymentDate: '2025-01-20' },
			touches: [
				{ step: 'D+1', channel: 'email', sentAt: '2025-03-06T08:00:00Z', status: 'sent' },
				{ step: 'D0', channel: 'sms', sentAt: '2025-03-05T09:00:00Z', status: 'sent' },
			],
			approval: { reason: 'Key account at a firm step', approver: 'Sam Carter', preview: 'Hi Anna,\nInvoice INV-2025-0042 is overdue.' },
			task: { title: 'Call Northwind about INV-2025-0042', reason: 'No reply after the final notice', action: 'Call Anna and agree a date or a plan', dueDate: '2025-03-14' },
			notes: 'Prefers phone calls.',
		},
		options: { financeContactEmail: 'cfo@northwind.example', stopHint: 'auto', internalFormat: 'slack' },
	};
}

function schemaFor(channel: TemplateChannel): VariableSchema {
	const internal = channel === 'internal';
	const cached = internal ? internalSchema : customerSchema;
	if (cached) return cached;
	const root = new Set<string>(Object.keys(HARD_VARIABLES));
	const keys = internal ? ['human_task'] : ['overdue_7', 'payment_failed', 'payment_plan'];
	for (const key of keys) {
		const built = buildContext(sampleRequest('full', key, internal ? 'internal' : 'email'), {
			channel,
			tone: 'friendly',
			locale: 'en-GB',
			timeZone: 'Europe/London',
			phrases: enPhrases,
			internalPhrases: enPhrases,
			internalFormat: 'slack',
			key,
		});
		for (const name of Object.keys(built.ctx)) root.add(name);
	}
	const schema: VariableSchema = { root, arrays: ARRAY_FIELDS, objects: OBJECT_FIELDS };
	if (internal) internalSchema = schema;
	else customerSchema = schema;
	return schema;
}

/** Names of the variables a template of this channel can use (for editor help). */
export function templateVariables(channel: TemplateChannel): string[] {
	return [...schemaFor(channel).root].sort();
}

// ---------------------------------------------------------------------------------------------
// Compilation

interface PartSource {
	part: 'subject' | 'body' | 'html';
	source: string;
}

interface CompileOutcome {
	compiled?: CompiledTemplate;
	errors: AnalysisIssueWithPart[];
	warnings: AnalysisIssueWithPart[];
}

type AnalysisIssueWithPart = AnalysisIssue & { part: PartSource['part'] | 'override' };

/** Parse, analyse and compile the parts of one template. */
function compileParts(
	meta: { key: string; channel: TemplateChannel; tone: Tone; language: string; source: 'default' | 'override'; transactional?: boolean; plainInternal?: boolean },
	parts: { subject?: string; body: string; html?: string },
): CompileOutcome {
	const errors: AnalysisIssueWithPart[] = [];
	const warnings: AnalysisIssueWithPart[] = [];
	const schema = schemaFor(meta.channel);
	const printed = new Set<string>();
	const required = requiredVariables(meta.key, meta.plainInternal ? 'internal' : meta.channel);
	const needs = new Set<string>(required);
	const list: PartSource[] = [];
	if (parts.subject !== undefined) list.push({ part: 'subject', source: parts.subject });
	list.push({ part: 'body', source: parts.body });
	if (parts.html !== undefined) list.push({ part: 'html', source: parts.html });
	for (const p of list) {
		const parsed = parseTemplate(p.source);
		if (parsed.error) {
			errors.push({ ...parsed.error, part: p.part });
			continue;
		}
		const analysis = analyzeTemplate(parsed.ast as hbs.AST.Program, schema, p.part === 'html');
		for (const e of analysis.errors) errors.push({ ...e, part: p.part });
		for (const w of analysis.warnings) warnings.push({ ...w, part: p.part });
		for (const name of analysis.used) needs.add(name);
		for (const name of analysis.printed) {
			if (ARRAY_FIELDS.has(name) || OBJECT_FIELDS.has(name)) {
				errors.push({ code: 'prints_object', message: `"${name}" is a list or object; use {{#each ${name}}} or a field of it`, part: p.part });
			}
			printed.add(name);
		}
	}
	if (errors.length) return { errors, warnings };
	let fn: Handlebars.TemplateDelegate;
	let htmlFn: Handlebars.TemplateDelegate | undefined;
	try {
		fn = compileSource(parts.subject !== undefined ? `${parts.subject}${PART_SEPARATOR}${parts.body}` : parts.body, false);
		if (parts.html !== undefined) htmlFn = compileSource(parts.html, true);
	} catch (error) {
		errors.push({ code: 'compile_error', message: errorText(error), ...errorLocation(error), part: 'body' });
		return { errors, warnings };
	}
	return {
		compiled: { ...meta, fn, htmlFn, hasSubject: parts.subject !== undefined, printed, needs, required },
		errors,
		warnings,
	};
}

/** Trial-render a compiled template on the full and the sparse sample; returns the first error. */
function trialRender(compiled: CompiledTemplate): AnalysisIssue | undefined {
	const language = compiled.language === '*' ? 'en' : packTag(compiled.language);
	const phrases = phrasesFor(language);
	for (const kind of ['full', 'sparse'] as const) {
		for (const mode of (compiled.channel === 'internal' ? ['slack', 'plain'] : ['text']) as OutputMode[]) {
			const built = buildContext(sampleRequest(kind, compiled.key, compiled.channel === 'internal' ? 'internal' : compiled.channel), {
				channel: compiled.channel,
				tone: compiled.tone,
				locale: language,
				timeZone: 'UTC',
				phrases,
				internalPhrases: enPhrases,
				internalFormat: mode === 'plain' ? 'plain' : 'slack',
				key: compiled.key,
			});
			try {
				runTemplate(compiled.fn, built.ctx, { locale: language, timeZone: 'UTC', currency: built.currency, mode, phrases });
				if (compiled.htmlFn) runTemplate(compiled.htmlFn, built.ctx, { locale: language, timeZone: 'UTC', currency: built.currency, mode: 'html', phrases });
			} catch (error) {
				return { code: 'render_error', message: `fails on ${kind} sample data: ${errorText(error)}`, ...errorLocation(error) };
			}
		}
	}
	return undefined;
}

// ---------------------------------------------------------------------------------------------
// Defaults

const defaultCache = new Map<string, CompiledTemplate | null>();

function packEntry(language: string, key: string, tone: Tone): PackEntry | undefined {
	const meta = templateMeta(key);
	if (meta?.audience === 'internal') return language === 'en' ? internalPack[key]?.[tone] : undefined;
	return PACKS.get(language)?.[key]?.[tone];
}

/** The compiled default template for (language, key, tone, channel), or null when the pack has none. */
export function defaultTemplate(language: string, key: string, tone: Tone, channel: TemplateChannel): CompiledTemplate | null {
	const cacheKey = `${language}|${key}|${tone}|${channel}`;
	const hit = defaultCache.get(cacheKey);
	if (hit !== undefined) return hit;
	const entry = packEntry(language, key, tone);
	let result: CompiledTemplate | null = null;
	if (entry) {
		const base = { key, tone, language: packTag(language), source: 'default' as const };
		let outcome: CompileOutcome | undefined;
		if (channel === 'email' && entry.email) outcome = compileParts({ ...base, channel }, { subject: entry.email.subject, body: entry.email.body });
		else if (channel === 'email' && entry.internal) {
			outcome = compileParts({ ...base, channel: 'internal', plainInternal: true }, { subject: entry.internal.title, body: entry.internal.body });
		} else if (channel === 'sms' && entry.sms) outcome = compileParts({ ...base, channel }, { body: entry.sms });
		else if (channel === 'internal' && entry.internal) outcome = compileParts({ ...base, channel }, { subject: entry.internal.title, body: entry.internal.body });
		if (outcome && outcome.errors.length) {
			throw new Error(`default template ${cacheKey} is broken: ${outcome.errors.map((e) => `${e.part}:${e.line ?? '?'} ${e.message}`).join('; ')}`);
		}
		result = outcome?.compiled ?? null;
	}
	defaultCache.set(cacheKey, result);
	return result;
}

// ---------------------------------------------------------------------------------------------
// Template set

interface OverrideEntry {
	/** The channel slot it overrides (an internal alert can be overridden for email and for internal separately). */
	slot: TemplateChannel;
	tone?: Tone;
	/** Lower-case locale tag, or undefined for every locale. */
	locale?: string;
	compiled: CompiledTemplate;
}

/** Defaults plus compiled overrides, with a lookup cache. Immutable once built. */
export class TemplateSet {
	private readonly overrides = new Map<string, OverrideEntry[]>();
	private readonly cache = new Map<string, CompiledTemplate | null>();
	/** Keys that exist only as overrides (custom steps). */
	readonly customKeys = new Set<string>();

	/** @internal used by compileTemplates */
	add(entry: OverrideEntry): void {
		const k = `${entry.compiled.key}|${entry.slot}`;
		const list = this.overrides.get(k) ?? [];
		// A later override for the same slot replaces an earlier one.
		const same = list.findIndex((e) => e.tone === entry.tone && e.locale === entry.locale);
		if (same >= 0) list.splice(same, 1);
		list.push(entry);
		this.overrides.set(k, list);
		if (!templateMeta(entry.compiled.key)) this.customKeys.add(entry.compiled.key);
	}

	/** Number of active overrides. */
	get size(): number {
		let n = 0;
		for (const list of this.overrides.values()) n += list.length;
		return n;
	}

	/**
	 * Find the template for a key, channel, tone and locale. Order: overrides for the locale chain
	 * (`de-at`, `de`) with this tone, then any tone; overrides for every locale; then the default pack
	 * by language (`de-AT` -> `de` -> `en`) and nearest tone; finally overrides of other tones.
	 */
	resolve(key: string, channel: TemplateChannel, tone: Tone, locale: string): CompiledTemplate | null {
		const cacheKey = `${key}|${channel}|${tone}|${locale}`;
		const hit = this.cache.get(cacheKey);
		if (hit !== undefined) return hit;
		const found = this.lookup(key, channel, tone, locale);
		if (this.cache.size > 5000) this.cache.clear();
		this.cache.set(cacheKey, found);
		return found;
	}

	private lookup(key: string, channel: TemplateChannel, tone: Tone, locale: string): CompiledTemplate | null {
		const chain = localeChain(locale.toLowerCase());
		const list = this.overrides.get(`${key}|${channel}`) ?? [];
		const find = (t: Tone | undefined, loc: string | undefined) => list.find((e) => e.tone === t && e.locale === loc)?.compiled;
		if (list.length) {
			for (const loc of [...chain, undefined]) {
				const found = find(tone, loc) ?? find(undefined, loc);
				if (found) return found;
			}
		}
		// Default packs: a regional pack of the chain (`pt-pt`), then the language's, then English.
		const languages = [...new Set([...chain.filter((c) => c.includes('-') && PACKS.has(c)), ...chain.map(languageOf), 'en'])];
		for (const lang of languages) {
			for (const t of toneOrder(tone)) {
				const d = defaultTemplate(lang, key, t, channel);
				if (d) return d;
			}
		}
		if (list.length) {
			for (const loc of [...chain, undefined]) for (const t of toneOrder(tone)) {
				const found = find(t, loc);
				if (found) return found;
			}
		}
		return null;
	}
}

let defaults: TemplateSet | undefined;

/** The default template set (no overrides). */
export function defaultTemplates(): TemplateSet {
	if (!defaults) defaults = new TemplateSet();
	return defaults;
}

export interface CompileResult {
	/** No errors (warnings allowed). */
	ok: boolean;
	/** Defaults plus every override that compiled. Broken overrides are left out: their default stands. */
	templates: TemplateSet;
	errors: TemplateIssue[];
	warnings: TemplateIssue[];
}

const compileCache = new Map<string, CompileResult>();

/**
 * Validate and compile user overrides. Call once per run (or at activation) with the node's template
 * parameter; results are cached by content, so calling it per execution is cheap. Never throws.
 */
export function compileTemplates(overrides?: readonly TemplateOverride[] | null): CompileResult {
	const list = Array.isArray(overrides) ? overrides : [];
	let cacheKey: string | undefined;
	try {
		cacheKey = JSON.stringify(list);
	} catch {
		cacheKey = undefined;
	}
	if (cacheKey !== undefined) {
		const hit = compileCache.get(cacheKey);
		if (hit) return hit;
	}
	const set = new TemplateSet();
	const errors: TemplateIssue[] = [];
	const warnings: TemplateIssue[] = [];
	list.forEach((raw, index) => {
		try {
			compileOne(raw, index, set, errors, warnings);
		} catch (error) {
			errors.push({ index, key: String((raw as { key?: unknown })?.key ?? ''), channel: '', part: 'override', code: 'internal_error', message: errorText(error) });
		}
	});
	const result: CompileResult = { ok: errors.length === 0, templates: list.length ? set : defaultTemplates(), errors, warnings };
	if (cacheKey !== undefined) {
		if (compileCache.size > 50) compileCache.clear();
		compileCache.set(cacheKey, result);
	}
	return result;
}

const KEY_RE = /^[A-Za-z0-9][A-Za-z0-9_.:+\-]{0,99}$/;

function compileOne(raw: unknown, index: number, set: TemplateSet, errors: TemplateIssue[], warnings: TemplateIssue[]) {
	const o = (raw && typeof raw === 'object' ? raw : {}) as Partial<Record<keyof TemplateOverride, unknown>>;
	const key = typeof o.key === 'string' ? o.key.trim() : '';
	const channelIn = typeof o.channel === 'string' ? o.channel.trim().toLowerCase() : '';
	const base = { index, key, channel: channelIn } as TemplateIssue;
	const issue = (part: TemplateIssue['part'], code: string, message: string, extra: Partial<TemplateIssue> = {}) => ({ ...base, part, code, message, ...extra });
	if (!raw || typeof raw !== 'object') {
		errors.push(issue('override', 'invalid_override', 'an override must be an object with key, channel and body'));
		return;
	}
	if (!KEY_RE.test(key)) {
		errors.push(issue('override', 'invalid_key', `key ${key ? `"${key.slice(0, 40)}"` : ''} must be 1-100 letters, digits or _ . : + -`.replace('  ', ' ')));
		return;
	}
	const channel = templateChannelOf(channelIn);
	if (!channel) {
		errors.push(issue('override', 'invalid_channel', 'channel must be email, sms, whatsapp or internal'));
		return;
	}
	let tone: Tone | undefined;
	if (o.tone !== undefined && o.tone !== null && o.tone !== '') {
		if (typeof o.tone !== 'string' || !(TONES as readonly string[]).includes(o.tone)) {
			errors.push(issue('override', 'invalid_tone', 'tone must be friendly, firm or escalating (or empty for every tone)'));
			return;
		}
		tone = o.tone as Tone;
		base.tone = tone;
	}
	let locale: string | undefined;
	if (o.locale !== undefined && o.locale !== null && o.locale !== '') {
		const canonical = canonicalLocale(o.locale);
		if (!canonical) {
			errors.push(issue('override', 'invalid_locale', `locale "${String(o.locale).slice(0, 20)}" is not a valid BCP 47 tag`));
			return;
		}
		locale = canonical.toLowerCase();
		base.locale = canonical;
	}
	const meta = templateMeta(key);
	if (meta && meta.audience === 'internal' && channel === 'sms') {
		errors.push(issue('override', 'invalid_channel', `"${key}" is an internal alert: use channel internal or email`));
		return;
	}
	if (meta && meta.audience === 'customer' && channel === 'internal') {
		errors.push(issue('override', 'invalid_channel', `"${key}" is a customer message: use channel email, sms or whatsapp`));
		return;
	}
	if (!meta) warnings.push(issue('override', 'custom_key', `"${key}" is not a default template key; it is used when a policy step names it (default keys: ${TEMPLATE_KEYS.join(', ')})`));
	if (channelIn === 'whatsapp') warnings.push(issue('override', 'whatsapp_uses_sms', 'WhatsApp uses the SMS template; this override applies to SMS too'));
	const text = (v: unknown, part: TemplateIssue['part']): string | undefined | null => {
		if (v === undefined || v === null) return undefined;
		if (typeof v !== 'string') {
			errors.push(issue(part, 'invalid_text', `${part} must be text`));
			return null;
		}
		if (v.length > MAX_SOURCE) {
			errors.push(issue(part, 'too_long', `${part} is longer than ${MAX_SOURCE} characters`));
			return null;
		}
		return cleanSource(v);
	};
	const body = text(o.body, 'body');
	const subject = text(o.subject, 'subject');
	const html = text(o.html, 'html');
	if (body === null || subject === null || html === null) return;
	if (body === undefined || body.trim() === '') {
		errors.push(issue('body', 'empty_body', 'body is empty'));
		return;
	}
	if (channel === 'email' && (subject === undefined || subject.trim() === '')) {
		errors.push(issue('subject', 'missing_subject', 'an email template needs a subject'));
		return;
	}
	if (channel !== 'email' && html !== undefined) warnings.push(issue('html', 'html_ignored', 'html is only used for email'));
	if (subject !== undefined && /\n/.test(subject)) warnings.push(issue('subject', 'multiline_subject', 'line breaks in the subject are replaced by spaces'));
	const transactional = typeof o.transactional === 'boolean' ? o.transactional : undefined;
	const internalAsEmail = channel === 'email' && meta?.audience === 'internal';
	const outcome = compileParts(
		{ key, channel: internalAsEmail ? 'internal' : channel, tone: tone ?? 'friendly', language: locale ?? '*', source: 'override', transactional, plainInternal: internalAsEmail || undefined },
		{ subject: channel === 'sms' ? undefined : subject, body, html: channel === 'email' ? html : undefined },
	);
	for (const w of outcome.warnings) warnings.push(issue(w.part, w.code, w.message, { line: w.line, column: w.column }));
	if (outcome.errors.length || !outcome.compiled) {
		for (const e of outcome.errors) errors.push(issue(e.part, e.code, e.message, { line: e.line, column: e.column }));
		return;
	}
	const trial = trialRender(outcome.compiled);
	if (trial) {
		errors.push(issue('body', trial.code, trial.message, { line: trial.line, column: trial.column }));
		return;
	}
	const printedFacts = [...outcome.compiled.printed].filter((v) => HARD_VARIABLES[v]);
	if (printedFacts.length && meta?.audience !== 'internal' && !internalAsEmail) {
		// Informational: these facts become required for this template.
		warnings.push(issue('override', 'required_facts', `items without ${printedFacts.map((v) => HARD_VARIABLES[v]).filter((f, i, a) => a.indexOf(f) === i).join(', ')} go to a person instead of using this template (wrap optional facts in {{#if}})`));
	}
	set.add({ slot: channel, tone, locale, compiled: outcome.compiled });
}
