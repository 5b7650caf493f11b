/**
 * The AR Message node's parameters and run settings: sender, links (patterns filled per item), template
 * overrides, AI rewrite settings, options. Read once per run, validated once (bad values throw a
 * ValidationError naming the parameter, before any item is touched).
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { ValidationError, describeValue } from '../core/errors';
import { aiOptions, readAiSettings, type AiSettings } from './aiParameters';
import { TEMPLATE_CATALOG, cleanUrl, type MessageLinks, type MessageSender, type TemplateOverride } from '../core/render';
import type { Formality, InternalFormat, StopHintMode } from '../core/render';

// ---------------------------------------------------------------------------------------------
// Outputs

/** Output order: the editor shows these names; connections are stored by index. */
export const MESSAGE_OUTPUT_NAMES = ['Email', 'SMS / WhatsApp', 'Internal (Slack/Teams)', 'Needs Human', 'Skipped'];
export type MessageRoute = 'email' | 'sms' | 'internal' | 'human' | 'skipped';
export const MESSAGE_OUTPUT: Record<MessageRoute, number> = { email: 0, sms: 1, internal: 2, human: 3, skipped: 4 };

// ---------------------------------------------------------------------------------------------
// Parameters

const TEMPLATE_OPTIONS = [...TEMPLATE_CATALOG]
	.map((m) => ({ name: `${m.label} (${m.key})`, value: m.key, description: m.audience === 'internal' ? 'Internal alert or task (English)' : `Customer message${m.transactional ? '' : ' (courtesy: unsubscribe line)'}` }))
	.sort((a, b) => a.name.localeCompare(b.name, 'en'));

/**
 * An editor hint shown before the node runs when an override's braces do not pair up (a quick check;
 * the full validation, with the line, runs when the node runs and before any item). The expression
 * avoids literal double braces, which would end it early.
 */
export const BRACE_CHECK_EXPRESSION =
	"(function (o) { var L = '{' + '{', R = '}' + '}'; var list = (o && o.template) || []; return list.some(function (t) { var s = [t.subject || '', t.body || '', t.html || ''].join(' '); return s.split(L).length !== s.split(R).length; }); })($parameter['templateOverrides'])";

export const messageProperties: INodeProperties[] = [
	{
		displayName:
			'Renders the message for each item of <b>AR Stop Check</b> (any output) or <b>AR Event</b>. One item comes out <b>per channel</b>: a decision to send by email and SMS gives one item on Email and one on SMS / WhatsApp, both paired to the input item. Approval requests, human tasks, phone and letter steps, and messages that cannot be sent (a missing fact is named) go to Needs Human with a ready ticket text; holds go to Skipped. Every input item leaves on at least one output.<br/>Map the next nodes with simple expressions: Send Email <code>{{ $json.email.to }}</code>, <code>{{ $json.email.subject }}</code>, <code>{{ $json.email.text }}</code>, <code>{{ $json.email.html }}</code>; Twilio <code>{{ $json.sms.to }}</code>, <code>{{ $json.sms.body }}</code>; Slack <code>{{ $json.internal.text }}</code>. <code>arFollowUp.message</code> says which template, tone and language were used, the dedupe key to store, and what the AI did.',
		name: 'notice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Sender',
		name: 'sender',
		type: 'collection',
		placeholder: 'Add sender detail',
		default: {},
		description: 'Who the messages come from and how customers reach you. Used in every message.',
		options: [
			{ displayName: 'Company Address', name: 'address', type: 'string', default: '', description: 'Postal address printed in the footer of courtesy (non-transactional) emails' },
			{ displayName: 'Company Name', name: 'companyName', type: 'string', default: '', placeholder: 'Acme Software Ltd', description: 'Your company, as customers know it' },
			{ displayName: 'Finance Email (Bcc)', name: 'financeEmail', type: 'string', default: '', placeholder: 'finance@example.com', description: 'Your finance lead: bcc on steps that copy finance (service-pause warning) and named in internal alerts' },
			{ displayName: 'Finance Name', name: 'financeName', type: 'string', default: '', description: 'Name of your finance lead, used in internal alerts' },
			{ displayName: 'From Email', name: 'fromEmail', type: 'string', default: '', placeholder: 'billing@example.com', description: 'Sender address of customer emails (email.fromEmail; email.from adds the From Name)' },
			{ displayName: 'From Name', name: 'fromName', type: 'string', default: '', placeholder: 'Acme Billing' },
			{
				displayName: 'Payment Instructions',
				name: 'paymentInstructions',
				type: 'string',
				typeOptions: { rows: 3 },
				default: '',
				placeholder: 'IBAN GB33 BUKB 2020 1555 5555 55, BIC BUKBGB22, reference: your invoice number',
				description: 'How to pay without a link (bank details). Emails use it when the invoice has no payment link; SMS always needs a link.',
			},
			{ displayName: 'Reply-To Email', name: 'replyTo', type: 'string', default: '', placeholder: 'ar@example.com', description: 'Where customer replies go (e.g. the mailbox AR Event reads)' },
			{ displayName: 'Sender Name', name: 'senderName', type: 'string', default: '', placeholder: 'Maria Lopez', description: 'The person signing the messages' },
			{ displayName: 'Sender Title', name: 'senderTitle', type: 'string', default: '', placeholder: 'Accounts Receivable' },
			{
				displayName: 'Sender Title Translations',
				name: 'senderTitleTranslations',
				type: 'string',
				typeOptions: { rows: 3 },
				default: '',
				placeholder: 'de: Buchhaltung\nfr: Service comptabilité\nes: Cuentas por cobrar',
				description: 'The Sender Title in the language a message is written in, one per line as language: title (de, fr, fr-CA, pt…). Other languages, and internal alerts, use Sender Title.',
			},
			{ displayName: 'SMS From Number', name: 'smsFrom', type: 'string', default: '', placeholder: '+14155238886', description: 'Your Twilio number (sms.from)' },
			{ displayName: 'Support Email', name: 'supportEmail', type: 'string', default: '', placeholder: 'help@example.com' },
			{ displayName: 'Support Phone', name: 'supportPhone', type: 'string', default: '', placeholder: '+44 20 7946 0000' },
		],
	},
	{
		displayName: 'Links',
		name: 'links',
		type: 'collection',
		placeholder: 'Add link',
		default: {},
		description: 'Links used when the invoice has none of its own. Placeholders filled per item: {invoiceId}, {customerId}, {invoiceNumber}, {key} (the dedupe or task key).',
		options: [
			{ displayName: 'Approve URL', name: 'approve', type: 'string', default: '', placeholder: 'https://n8n.example.com/webhook/ar-approve?key={key}', description: 'Approval requests: the link that approves. Placeholders filled per item: {invoiceId}, {customerId}, {invoiceNumber}, {key} (the dedupe or task key).' },
			{ displayName: 'Customer Portal URL', name: 'portal', type: 'string', default: '', placeholder: 'https://billing.example.com', description: 'Your billing portal' },
			{ displayName: 'Dispute URL', name: 'dispute', type: 'string', default: '', placeholder: 'https://billing.example.com/dispute/{invoiceId}', description: 'Where a customer raises a question or dispute. Placeholders filled per item: {invoiceId}, {customerId}, {invoiceNumber}, {key} (the dedupe or task key).' },
			{ displayName: 'Payment Link Pattern', name: 'payment', type: 'string', default: '', placeholder: 'https://pay.example.com/invoice/{invoiceId}', description: 'Payment link for invoices without their own. Placeholders filled per item: {invoiceId}, {customerId}, {invoiceNumber}, {key} (the dedupe or task key).' },
			{ displayName: 'Record URL', name: 'record', type: 'string', default: '', placeholder: 'https://billing.example.com/invoices/{invoiceId}', description: 'Internal messages: the invoice in your billing system or CRM. Placeholders filled per item: {invoiceId}, {customerId}, {invoiceNumber}, {key} (the dedupe or task key).' },
			{ displayName: 'Reject URL', name: 'reject', type: 'string', default: '', placeholder: 'https://n8n.example.com/webhook/ar-reject?key={key}', description: 'Approval requests: the link that rejects. Placeholders filled per item: {invoiceId}, {customerId}, {invoiceNumber}, {key} (the dedupe or task key).' },
			{ displayName: 'Ticket URL', name: 'ticket', type: 'string', default: '', placeholder: 'https://helpdesk.example.com/new?ref={key}', description: 'Human tasks: the ticket link. Placeholders filled per item: {invoiceId}, {customerId}, {invoiceNumber}, {key} (the dedupe or task key).' },
			{ displayName: 'Unsubscribe URL', name: 'unsubscribe', type: 'string', default: '', placeholder: 'https://billing.example.com/unsubscribe?c={customerId}', description: 'Opt-out of courtesy reminders (pre-due emails only; also the List-Unsubscribe header). Placeholders filled per item: {invoiceId}, {customerId}, {invoiceNumber}, {key} (the dedupe or task key).' },
			{ displayName: 'Update Card URL', name: 'update', type: 'string', default: '', placeholder: 'https://billing.example.com/card', description: 'Where a customer updates the card after a failed charge. Placeholders filled per item: {invoiceId}, {customerId}, {invoiceNumber}, {key} (the dedupe or task key).' },
		],
	},
	{
		displayName: 'Template Overrides',
		name: 'templateOverrides',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		placeholder: 'Add Template Override',
		default: {},
		description:
			'Your own text for a template, channel, tone or locale. Handlebars: {{firstName}}, {{invoiceNumber}}, {{amountDue}}, {{dueDate}}, {{paymentLink}}, {{#if paymentLink}}…{{/if}}. Keep these fields in Fixed mode (not Expression). Checked when the node runs, before any item: an error names the template and the line.',
		options: [
			{
				name: 'template',
				displayName: 'Template',
				values: [
					{
						displayName: 'Body',
						name: 'body',
						type: 'string',
						typeOptions: { rows: 8 },
						default: '',
						required: true,
						description: 'Email text part, SMS text or internal alert text (Handlebars). The HTML part of an email is made from it unless HTML Body is set.',
					},
					{
						displayName: 'Channel',
						name: 'channel',
						type: 'options',
						options: [
							{ name: 'Email', value: 'email' },
							{ name: 'Internal (Slack/Teams)', value: 'internal' },
							{ name: 'SMS', value: 'sms' },
							{ name: 'WhatsApp (Uses the SMS Template)', value: 'whatsapp' },
						],
						default: 'email',
					},
					{
						displayName: 'HTML Body',
						name: 'html',
						type: 'string',
						typeOptions: { rows: 6 },
						default: '',
						description: 'Email only, optional: the HTML content (the layout is added). Values are HTML-escaped; {{{triple}}} braces are not allowed.',
					},
					{
						displayName: 'Locale',
						name: 'locale',
						type: 'string',
						default: '',
						placeholder: 'de',
						description: 'Only for this language or locale (de, de-AT). Empty: every locale.',
					},
					{
						displayName: 'Subject / Title',
						name: 'subject',
						type: 'string',
						default: '',
						description: 'Email subject (required for email) or internal alert title. Line breaks are removed.',
					},
					{
						displayName: 'Template Key',
						name: 'key',
						type: 'options',
						options: TEMPLATE_OPTIONS,
						default: 'overdue_7',
						description: 'Which message this replaces. A custom key that a policy step names can be given with an expression.',
					},
					{
						displayName: 'Tone',
						name: 'tone',
						type: 'options',
						options: [
							{ name: 'Any Tone', value: '' },
							{ name: 'Escalating', value: 'escalating' },
							{ name: 'Firm', value: 'firm' },
							{ name: 'Friendly', value: 'friendly' },
						],
						default: '',
					},
				],
			},
		],
	},
	{
		displayName: 'AI Rewrite',
		name: 'aiRewrite',
		type: 'boolean',
		default: false,
		description:
			'Whether to let Claude (Anthropic credential) polish customer messages in the decided tone. A fact guard keeps the invoice number, amount, due date and link and rejects new amounts, dates or threats; otherwise the template text stands and the item says why.',
	},
	{
		displayName: 'AI Options',
		name: 'aiOptions',
		type: 'collection',
		placeholder: 'Add AI option',
		default: {},
		displayOptions: { show: { aiRewrite: [true] } },
		options: aiOptions(
			{ displayName: 'Style Notes', name: 'instructions', type: 'string', typeOptions: { rows: 3 }, default: '', placeholder: 'Warm, brief, no exclamation marks. We say "team", not "staff".', description: 'Your brand voice. Never overrides the fact rules.' },
		),
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{ displayName: 'Alert Channel', name: 'alertChannel', type: 'string', default: '', placeholder: '#ar-alerts', description: 'Slack or Teams channel for internal alerts (internal.channel on the Internal output)' },
			{
				displayName: 'Fold SMS to GSM-7',
				name: 'smsFoldToGsm',
				type: 'boolean',
				default: false,
				description: 'Whether to replace accented letters outside GSM-7 (e.g. "ć" → "c") so an SMS stays in the cheaper 160-character encoding',
			},
			{
				displayName: 'Formality',
				name: 'formality',
				type: 'options',
				options: [
					{ name: 'By Customer Segment', value: 'auto', description: 'Enterprise, mid-market and public sector formal; others informal' },
					{ name: 'Formal', value: 'formal' },
					{ name: 'Informal', value: 'informal' },
				],
				default: 'auto',
			},
			{
				displayName: 'Internal Format',
				name: 'internalFormat',
				type: 'options',
				options: [
					{ name: 'Markdown (Teams)', value: 'markdown' },
					{ name: 'Plain Text', value: 'plain' },
					{ name: 'Slack', value: 'slack' },
				],
				default: 'slack',
				description: 'Markup of internal alerts, approval requests and tickets',
			},
			{ displayName: 'Needs Human Channel', name: 'humanChannel', type: 'string', default: '', placeholder: '#ar-tasks', description: 'Slack or Teams channel for tickets on Needs Human (internal.channel). Empty: the Alert Channel.' },
			{
				displayName: 'SMS STOP Hint',
				name: 'stopHint',
				type: 'options',
				options: [
					{ name: 'Always', value: 'always' },
					{ name: 'Auto (US/CA Numbers)', value: 'auto', description: 'For +1 numbers and US or Canadian customers' },
					{ name: 'Never', value: 'never' },
				],
				default: 'auto',
				description: 'When to add "Reply STOP to opt out" to SMS',
			},
		],
	},
];

// ---------------------------------------------------------------------------------------------
// Run settings

export interface LinkPatterns {
	payment?: string;
	update?: string;
	dispute?: string;
	portal?: string;
	unsubscribe?: string;
	approve?: string;
	reject?: string;
	record?: string;
	ticket?: string;
}

/** AR Message's AI settings: the shared call settings and the sender's style notes. */
export interface MessageAiSettings extends AiSettings {
	instructions?: string;
}

export interface MessageRun {
	/** One object for the whole run (the message core caches by identity). */
	sender: MessageSender;
	smsFrom: string;
	links: LinkPatterns;
	/** Links without placeholders, shared by every item. */
	staticLinks: MessageLinks | null;
	overrides: TemplateOverride[];
	stopHint: StopHintMode;
	smsFoldToGsm: boolean;
	formality?: Formality;
	internalFormat: InternalFormat;
	alertChannel: string;
	humanChannel: string;
	ai: MessageAiSettings;
}

function obj(v: unknown): IDataObject {
	return v && typeof v === 'object' && !Array.isArray(v) ? (v as IDataObject) : {};
}

function fail(field: string, message: string, value?: unknown): never {
	throw new ValidationError([{ field, message, ...(value !== undefined ? { received: describeValue(value) } : {}) }]);
}

function text(o: IDataObject, key: string, field: string, max = 2000): string {
	const v = o[key];
	if (v === undefined || v === null) return '';
	if (typeof v !== 'string') fail(field, 'must be text', v);
	if (v.length > max) fail(field, `must be at most ${max} characters`, v);
	return v.trim();
}

const TITLE_LINE_RE = /^([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*)\s*[:=]\s*(\S.*)$/;

/**
 * Sender Title Translations: one `language: title` per line (blank lines skipped); a line of another shape fails naming
 * it. The tags go as written: the core canonicalises them as it does the customer's locale.
 */
function titleTranslations(value: string): Record<string, string> | undefined {
	if (!value) return undefined;
	const out: Record<string, string> = {};
	const lines = value.split(/\r?\n/);
	for (let i = 0; i < lines.length; i++) {
		const raw = lines[i].trim();
		if (!raw) continue;
		const m = TITLE_LINE_RE.exec(raw);
		if (!m) fail('sender.senderTitleTranslations', `line ${i + 1} must be a language and a title, e.g. "de: Buchhaltung"`, raw);
		if (m[2].length > 200) fail('sender.senderTitleTranslations', `line ${i + 1}: the title must be at most 200 characters`, raw);
		out[m[1]] = m[2].trim();
	}
	return Object.keys(out).length ? out : undefined;
}

const EMAIL_RE = /^[^\s@<>(),;:"[\]\\]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;

function email(o: IDataObject, key: string, field: string): string {
	const v = text(o, key, field, 254);
	if (v && !EMAIL_RE.test(v)) fail(field, 'must be one email address, e.g. billing@example.com', v);
	return v;
}

function choice<T extends string>(o: IDataObject, key: string, field: string, allowed: readonly T[], fallback: T): T {
	const v = o[key];
	if (v === undefined || v === null || v === '') return fallback;
	if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) fail(field, `must be one of ${allowed.join(', ')}`, v);
	return v as T;
}

const PLACEHOLDERS = ['invoiceId', 'customerId', 'invoiceNumber', 'key'];
const PLACEHOLDER_RE = /\{([^{}]*)\}/g;
const LINK_KEYS: Array<keyof LinkPatterns> = ['payment', 'update', 'dispute', 'portal', 'unsubscribe', 'approve', 'reject', 'record', 'ticket'];

/** Check a link pattern once: known placeholders only, and an absolute http(s) URL once filled. */
function linkPattern(o: IDataObject, key: keyof LinkPatterns): string | undefined {
	const field = `links.${key}`;
	const v = text(o, key, field, 1500);
	if (!v) return undefined;
	for (const m of v.matchAll(PLACEHOLDER_RE)) {
		if (!PLACEHOLDERS.includes(m[1])) fail(field, `unknown placeholder {${m[1]}}; use ${PLACEHOLDERS.map((p) => `{${p}}`).join(', ')}`, v);
	}
	const sample = v.replace(PLACEHOLDER_RE, 'X1');
	if (!cleanUrl(sample)) fail(field, 'must be an absolute http(s) URL, e.g. https://pay.example.com/{invoiceId}', v);
	return v;
}

/** Fill a link pattern for one item; undefined when a placeholder has no value (the link is then missing). */
export function fillLink(pattern: string | undefined, values: Record<string, string | undefined>): string | undefined {
	if (!pattern) return undefined;
	let missing = false;
	const out = pattern.replace(PLACEHOLDER_RE, (_m, name: string) => {
		const value = values[name];
		if (value === undefined || value === '') {
			missing = true;
			return '';
		}
		return encodeURIComponent(value);
	});
	return missing ? undefined : out;
}

/** The links for one message: patterns filled with the item's ids. */
export function linksFor(run: MessageRun, values: Record<string, string | undefined>): MessageLinks {
	if (run.staticLinks) return run.staticLinks;
	const out: MessageLinks = {};
	for (const k of LINK_KEYS) {
		const filled = fillLink(run.links[k], values);
		if (filled !== undefined) out[k] = filled;
	}
	return out;
}

function readOverrides(raw: unknown): TemplateOverride[] {
	const list = obj(raw).template;
	if (list === undefined || list === null) return [];
	if (!Array.isArray(list)) fail('templateOverrides', 'must be a list of templates', list);
	return list.map((entry) => {
		const e = obj(entry);
		const o: TemplateOverride = {
			key: e.key as unknown as string,
			channel: (typeof e.channel === 'string' && e.channel ? e.channel : 'email') as TemplateOverride['channel'],
			body: e.body as string,
		};
		if (e.tone !== undefined && e.tone !== '') o.tone = e.tone as TemplateOverride['tone'];
		if (typeof e.locale === 'string' ? e.locale.trim() !== '' : e.locale !== undefined && e.locale !== null) o.locale = typeof e.locale === 'string' ? e.locale.trim() : (e.locale as unknown as string);
		if (e.subject !== undefined && e.subject !== '') o.subject = e.subject as string;
		if (e.html !== undefined && e.html !== '') o.html = e.html as string;
		return o;
	});
}

/** Read every parameter once. Throws a ValidationError naming the parameter. */
export function readMessageRun(ctx: IExecuteFunctions): MessageRun {
	const s = obj(ctx.getNodeParameter('sender', 0, {}));
	const l = obj(ctx.getNodeParameter('links', 0, {}));
	const overrides = readOverrides(ctx.getNodeParameter('templateOverrides', 0, {}));
	const aiOn = ctx.getNodeParameter('aiRewrite', 0, false) === true;
	const a = aiOn ? obj(ctx.getNodeParameter('aiOptions', 0, {})) : {};
	const o = obj(ctx.getNodeParameter('options', 0, {}));

	const sender: MessageSender = {};
	const put = (key: Exclude<keyof MessageSender, 'senderTitleTranslations'>, value: string) => {
		if (value) sender[key] = value;
	};
	put('companyName', text(s, 'companyName', 'sender.companyName', 200));
	put('senderName', text(s, 'senderName', 'sender.senderName', 200));
	put('senderTitle', text(s, 'senderTitle', 'sender.senderTitle', 200));
	const titles = titleTranslations(text(s, 'senderTitleTranslations', 'sender.senderTitleTranslations', 5000));
	if (titles) sender.senderTitleTranslations = titles;
	put('fromEmail', email(s, 'fromEmail', 'sender.fromEmail'));
	put('fromName', text(s, 'fromName', 'sender.fromName', 200));
	put('replyTo', email(s, 'replyTo', 'sender.replyTo'));
	put('supportEmail', email(s, 'supportEmail', 'sender.supportEmail'));
	put('supportPhone', text(s, 'supportPhone', 'sender.supportPhone', 40));
	put('address', text(s, 'address', 'sender.address', 500));
	put('paymentInstructions', text(s, 'paymentInstructions', 'sender.paymentInstructions', 1000));
	put('financeEmail', email(s, 'financeEmail', 'sender.financeEmail'));
	put('financeName', text(s, 'financeName', 'sender.financeName', 200));
	const smsFrom = text(s, 'smsFrom', 'sender.smsFrom', 40);
	if (smsFrom && !/^(?:\+?[0-9 ()\-.]{5,39}|[A-Za-z0-9 ]{1,11})$/.test(smsFrom)) fail('sender.smsFrom', 'must be a phone number (+14155238886) or an alphanumeric sender ID', smsFrom);

	const links: LinkPatterns = {};
	for (const k of LINK_KEYS) {
		const p = linkPattern(l, k);
		if (p) links[k] = p;
	}
	const hasPlaceholders = Object.values(links).some((p) => /\{[^{}]*\}/.test(p as string));
	const staticLinks = hasPlaceholders ? null : ({ ...links } as MessageLinks);

	const formality = choice(o, 'formality', 'options.formality', ['auto', 'formal', 'informal'] as const, 'auto');
	const alertChannel = text(o, 'alertChannel', 'options.alertChannel', 200);
	return {
		sender,
		smsFrom,
		links,
		staticLinks,
		overrides,
		stopHint: choice(o, 'stopHint', 'options.stopHint', ['auto', 'always', 'never'] as const, 'auto'),
		smsFoldToGsm: o.smsFoldToGsm === true,
		formality: formality === 'auto' ? undefined : formality,
		internalFormat: choice(o, 'internalFormat', 'options.internalFormat', ['slack', 'markdown', 'plain'] as const, 'slack'),
		alertChannel,
		humanChannel: text(o, 'humanChannel', 'options.humanChannel', 200) || alertChannel,
		ai: { ...readAiSettings(aiOn, a, 'aiOptions'), instructions: text(a, 'instructions', 'aiOptions.instructions', 1500) || undefined },
	};
}

// ---------------------------------------------------------------------------------------------
