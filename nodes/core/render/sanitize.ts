/**
 * Cleaning of untrusted values before they reach a template or a header.
 *
 * Customer data is never trusted: it is coerced to a string only when it is a string or a finite
 * number, stripped of control characters, capped in length, and (for names, numbers, headers)
 * folded onto one line. Links must be absolute http(s) URLs.
 */

/** C0/C1 controls except TAB and LF, plus bidi overrides and zero-width joiners used for spoofing. */
// eslint-disable-next-line no-control-regex
const CONTROL_RE = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u200B\u202A-\u202E\u2066-\u2069\uFEFF]/g;
// eslint-disable-next-line no-control-regex
const CONTROL_TEST = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u200B\u202A-\u202E\u2066-\u2069\uFEFF]/;
const LINE_BREAKS_RE = /[\r\n\u2028\u2029\u0085\t]+/g;
const MULTI_SPACE_RE = / {2,}/g;
/** Characters a clean line must not contain: controls, line breaks, bidi overrides, zero-width. */
// eslint-disable-next-line no-control-regex
const UNCLEAN = /[\u0000-\u001F\u007F-\u009F\u200B\u202A-\u202E\u2028\u2029\u2066-\u2069\uFEFF]/;

/** Maximum length of a single-line value (names, numbers). */
export const MAX_LINE = 200;
/** Maximum length of a multi-line value (payment instructions, notes, previews). */
export const MAX_BLOCK = 2000;

/** A string from an untrusted value, or undefined when it is not a non-empty string or finite number. */
export function asText(value: unknown): string | undefined {
	if (typeof value === 'string') return value;
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	return undefined;
}

/** One line: control characters and line breaks removed, spaces collapsed, trimmed, capped. Undefined when empty. */
export function cleanLine(value: unknown, max = MAX_LINE): string | undefined {
	const text = asText(value);
	if (text === undefined) return undefined;
	// Fast path: already clean (the common case).
	const n = text.length;
	if (n > 0 && n <= max && text.charCodeAt(0) !== 32 && text.charCodeAt(n - 1) !== 32 && !text.includes('  ') && !UNCLEAN.test(text)) return text;
	let out = text;
	if (CONTROL_TEST.test(out)) out = out.replace(CONTROL_RE, '');
	out = out.replace(LINE_BREAKS_RE, ' ').replace(MULTI_SPACE_RE, ' ').trim();
	if (out.length > max) out = `${out.slice(0, max - 1).trimEnd()}…`;
	return out.length > 0 ? out : undefined;
}

/** Several lines: CRLF normalised, control characters removed, blank-line runs collapsed, capped. */
export function cleanBlock(value: unknown, max = MAX_BLOCK): string | undefined {
	const text = asText(value);
	if (text === undefined) return undefined;
	let out = text.replace(/\r\n?/g, '\n').replace(/[\u2028\u2029]/g, '\n').replace(CONTROL_RE, '');
	out = out
		.split('\n')
		.map((line) => line.replace(/[ \t]+/g, ' ').trim())
		.join('\n')
		.replace(/\n{3,}/g, '\n\n')
		.trim();
	if (out.length > max) out = `${out.slice(0, max - 1).trimEnd()}…`;
	return out.length > 0 ? out : undefined;
}

/** A header value: one line, no CR/LF, no controls. */
export function headerValue(value: unknown, max = 998): string | undefined {
	return cleanLine(value, max);
}

const EMAIL_RE = /^[^\s@<>(),;:"[\]\\]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;

/** A plausible single email address (no display name, no CR/LF), or undefined. */
export function cleanEmail(value: unknown): string | undefined {
	const text = cleanLine(value, 254);
	if (text === undefined || !EMAIL_RE.test(text)) return undefined;
	return text;
}

/** A phone number in a loose international shape (digits, spaces, +, -, parentheses), or undefined. */
export function cleanPhone(value: unknown): string | undefined {
	const text = cleanLine(value, 40);
	if (text === undefined || !/^\+?[0-9 ()\-.]{5,39}$/.test(text)) return undefined;
	if (text.replace(/\D/g, '').length < 5) return undefined;
	return text;
}

/** An already canonical http(s) URL: lower-case host, unreserved / reserved characters only, no `|`, no credentials. */
const SIMPLE_URL = /^https?:\/\/[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*(?::\d{1,5})?\/[A-Za-z0-9\-._~%!$&'()*+,;=:@/?#]*$/;

/**
 * An absolute http(s) URL in canonical form, or undefined. `javascript:`, `data:` and relative links
 * are rejected; `|` is percent-encoded so the link survives Slack's `<url|label>` syntax.
 */
export function cleanUrl(value: unknown): string | undefined {
	if (typeof value === 'string' && value.length < 500 && SIMPLE_URL.test(value)) return value;
	const text = cleanLine(value, 2000);
	if (text === undefined || !/^https?:\/\//i.test(text)) return undefined;
	let url: URL;
	try {
		url = new URL(text);
	} catch {
		return undefined;
	}
	if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '') return undefined;
	if (url.username || url.password) return undefined;
	return url.href.replace(/\|/g, '%7C');
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;', '=': '&#61;' };
const HTML_RE = /[&<>"'`=]/g;
const HTML_TEST = /[&<>"'`=]/;

/** Escape text for HTML element content and quoted attribute values (& < > " ' ` =). */
export function escapeHtml(text: string): string {
	return HTML_TEST.test(text) ? text.replace(HTML_RE, (c) => HTML_ESCAPES[c]) : text;
}

const TEXT_RE = /[&<>]/g;
const TEXT_TEST = /[&<>]/;

/** Escape text for HTML element content only (& < >); never use it for attribute values. */
export function escapeHtmlText(text: string): string {
	return TEXT_TEST.test(text) ? text.replace(TEXT_RE, (c) => HTML_ESCAPES[c]) : text;
}

/** Escape text for Slack mrkdwn (and Markdown hosts that render HTML): only &, <, > are special. */
export function escapeSlack(text: string): string {
	return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A subject line: one line, no CR/LF, spaces collapsed. */
export function cleanSubject(text: string): string {
	return text.replace(LINE_BREAKS_RE, ' ').replace(CONTROL_RE, '').replace(MULTI_SPACE_RE, ' ').trim();
}

/**
 * Tidy rendered text: no trailing spaces, no space before punctuation left by empty values, at most one blank line,
 * and one period where a sentence ends on a name that ends in one ("… goes to Acme Ltd.." -> "… Acme Ltd."; an
 * ellipsis stays).
 */
export function tidyText(text: string): string {
	let out = text;
	if (out.includes('..')) out = out.replace(/(?<=\p{L})\.\.(?=\s|$)/gu, '.');
	if (out.includes('\r')) out = out.replace(/\r\n?/g, '\n');
	if (out.includes(' \n') || out.includes('\t')) out = out.replace(/[ \t]+\n/g, '\n');
	if (out.includes('\n\n\n')) out = out.replace(/\n{3,}/g, '\n\n');
	return out.trim();
}
