/**
 * `rewriteMessage`: optional AI polish of a rendered message, in the decided tone and the message's
 * language. Bounded (per-run call budget, per-attempt timeout, retries with backoff on 429 / 5xx /
 * timeouts) and guarded (facts kept, nothing invented). On any failure the deterministic template text
 * stands, and `ai.reason` says why. Never throws.
 */
import { analyzeSms, assembleSms, cleanBlock, cleanSubject, emailBodies, phrasesFor, tidyText } from '../render';
import type { MessageRequest, RenderResult } from '../render/types';
import { askClaude, clampInt, jsonObjectIn } from './call';
import { factGuard } from './guard';
import type { AiInfo, AiReason, RewriteOptions } from './types';

export const DEFAULT_MODEL = 'claude-haiku-4-5';

/** A rendered message with the AI outcome. */
export type RewrittenResult = RenderResult & { ai: AiInfo };

export interface RewriteInput {
	/** The rendered message (from `renderMessage`). */
	rendered: RenderResult;
	/** The request it was rendered from (recipient, STOP-hint rules). */
	request: MessageRequest;
}

const LANGUAGE_NAMES: Record<string, string> = { en: 'English', de: 'German', fr: 'French', es: 'Spanish', pt: 'Portuguese' };

function languageName(code: string): string {
	if (LANGUAGE_NAMES[code]) return LANGUAGE_NAMES[code];
	try {
		return new Intl.DisplayNames(['en'], { type: 'language' }).of(code) ?? code;
	} catch {
		return code;
	}
}

const TONE_TEXT: Record<string, string> = {
	friendly: 'friendly and warm, like a helpful colleague',
	firm: 'firm, clear and polite, without blame',
	escalating: 'serious and direct, still respectful and never threatening',
};

/** The prompt: rules in the system message, the original as JSON in the user message. */
export function buildPrompt(rendered: RenderResult, instructions?: string): { system: string; user: string } {
	const body = rendered.body as NonNullable<RenderResult['body']>;
	const facts = rendered.facts;
	const keep: string[] = [];
	const all = `${body.subject ?? ''}\n${body.text}`;
	if (facts.invoiceNumber && all.includes(facts.invoiceNumber)) keep.push(`invoice number: ${facts.invoiceNumber}`);
	if (facts.amount && all.includes(facts.amount)) keep.push(`amount: ${facts.amount}`);
	if (facts.dueDate && all.includes(facts.dueDate)) keep.push(`due date: ${facts.dueDate}`);
	for (const link of facts.links) if (all.includes(link)) keep.push(`link: ${link}`);
	const sms = rendered.channel === 'sms' || rendered.channel === 'whatsapp';
	const lines = [
		'You edit accounts-receivable messages so that they read like a thoughtful person wrote them.',
		`Rewrite the message in ${languageName(rendered.language)}. Tone: ${TONE_TEXT[rendered.requestedTone] ?? rendered.requestedTone}.`,
		'Rules:',
		'- Keep these facts exactly as written, character for character:',
		...keep.map((k) => `  - ${k}`),
		'- Do not add any amount, number, date, deadline, link, email address or phone number that the original does not contain.',
		'- Do not add threats or consequences (legal action, lawyers, courts, collection agencies, credit reporting, fees, interest, suspension) unless the original states them.',
		'- Do not say that earlier reminders were sent, or that the customer has not replied, unless the original says so (it may be the first message about this invoice).',
		'- Keep the greeting and the sign-off, and keep the message about as long as the original or shorter.',
		sms
			? `- This is a text message: plain text, at most ${Math.max(body.text.length, 160)} characters, keep the link.`
			: '- Plain text, no Markdown, no HTML.',
		sms || rendered.channel === 'internal' && !body.subject
			? '- Answer with JSON only: {"body": "..."}'
			: '- Answer with JSON only: {"subject": "...", "body": "..."}',
	];
	const notes = cleanBlock(instructions, 1500);
	if (notes) lines.push('', 'Style notes from the sender (they never override the rules above):', notes);
	const original = body.subject !== undefined ? { subject: body.subject, body: body.text } : { body: body.text };
	return { system: lines.join('\n'), user: `Original message (JSON):\n${JSON.stringify(original, null, 2)}` };
}

/** The `{subject, body}` JSON of the answer, or undefined. */
export function parseAnswer(text: string | undefined): { subject?: string; body: string } | undefined {
	const v = jsonObjectIn(text);
	if (!v) return undefined;
	if (typeof v.body !== 'string' || !v.body.trim()) return undefined;
	return { body: v.body, subject: typeof v.subject === 'string' ? v.subject : undefined };
}

/**
 * Rewrite a rendered message with Claude. The returned result is the rewritten message when the answer
 * passes the fact guard, else the original with `ai.used: false` and the reason.
 */
export async function rewriteMessage(input: RewriteInput, options: RewriteOptions = {}): Promise<RewrittenResult> {
	const rendered = input.rendered;
	const model = options.model || DEFAULT_MODEL;
	const ai: AiInfo = { used: false, model, attempts: 0, tokens: { input: 0, output: 0 }, latencyMs: 0 };
	const done = (reason: AiReason, detail?: string): RewrittenResult => {
		ai.reason = reason;
		if (detail) ai.detail = detail;
		return { ...rendered, ai };
	};
	if (options.enabled === false) return done('disabled');
	if (!rendered || !rendered.ok || !rendered.body) return done('not_rendered', rendered?.reason);
	if (rendered.parts?.customHtml) return done('disabled', 'the email uses a custom HTML template');
	const client = options.client;
	if (!client || typeof client.messages?.create !== 'function') return done('no_credential');

	const prompt = buildPrompt(rendered, options.instructions);
	const params = {
		model,
		max_tokens: clampInt(options.maxTokens, 1024, 64, 8192),
		system: prompt.system,
		temperature: typeof options.temperature === 'number' ? Math.min(1, Math.max(0, options.temperature)) : 0.4,
		messages: [{ role: 'user' as const, content: prompt.user }],
	};
	const answer = await askClaude(client, params, options, ai);
	if ('reason' in answer) return done(answer.reason, answer.detail);
	const parsed = parseAnswer(answer.text);
	if (!parsed) return done('invalid_response', 'the answer is not the JSON asked for');
	try {
		return accept(input, parsed, ai, done);
	} catch (error) {
		return done('api_error', error instanceof Error ? error.message.slice(0, 200) : String(error).slice(0, 200));
	}
}

/** Guard the answer and, when it passes, rebuild the message around it. */
function accept(
	input: RewriteInput,
	answer: { subject?: string; body: string },
	ai: AiInfo,
	done: (reason: AiReason, detail?: string) => RewrittenResult,
): RewrittenResult {
	const rendered = input.rendered;
	const original = rendered.body as NonNullable<RenderResult['body']>;
	const body = tidyText(cleanBlock(answer.body, 8000) ?? '');
	const subject = original.subject !== undefined ? cleanSubject(answer.subject ?? '').slice(0, 250) : undefined;
	const guard = factGuard(original, { subject, text: body }, rendered.facts);
	if (guard.violations.length) {
		ai.violations = guard.violations;
		return done(`fact_guard:${guard.violations[0]}`, guard.details.slice(0, 5).join('; '));
	}
	const result: RewrittenResult = { ...rendered, ai, body: subject !== undefined ? { subject, text: body } : { text: body } };
	if (rendered.channel === 'sms' || rendered.channel === 'whatsapp') {
		const sms = assembleSms(input.request, body, phrasesFor(rendered.locale).stopHint, rendered.sms?.to);
		const before = rendered.sms ? rendered.sms.segments : analyzeSms(original.text).segments;
		if (sms.segments > Math.max(1, before)) return done('too_long', `${sms.segments} segments instead of ${before}`);
		result.sms = sms;
	} else if (rendered.channel === 'email' && rendered.email) {
		if (body.length > original.text.length * 2 + 200) return done('too_long', `${body.length} characters instead of ${original.text.length}`);
		const parts = rendered.parts ?? { buttons: [] };
		const { text, html } = emailBodies({ subject: subject as string, body }, parts, rendered.facts.links, rendered.language);
		result.email = { ...rendered.email, subject: subject as string, text, html };
	} else if (rendered.channel === 'internal' && rendered.internal) {
		result.internal = { ...rendered.internal, title: subject ?? rendered.internal.title, text: body };
	}
	ai.used = true;
	return result;
}
