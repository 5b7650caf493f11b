/**
 * The HTML part of an email, derived from the text part: every character of the text is escaped, then
 * paragraphs become `<p>`, line breaks `<br>`, known links (payment, update, dispute, portal) become
 * anchors, and a line that is exactly a payment / update link becomes a button. Unknown URLs in the text
 * (for instance inside a customer name) stay plain text. Inline styles only, no external resources.
 */
import { escapeHtml, escapeHtmlText } from './sanitize';

const FONT = "font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;";
const P_OPEN = '<p style="margin:0 0 16px 0;">';
const LINK_STYLE = 'color:#1a56db;text-decoration:underline;';
const BUTTON_STYLE =
	'display:inline-block;background:#1a56db;color:#ffffff;text-decoration:none;font-weight:600;padding:12px 22px;border-radius:6px;';
const FOOTER_STYLE = 'margin:24px 0 0 0;padding-top:16px;border-top:1px solid #e5e7eb;font-size:12px;line-height:1.5;color:#6b7280;';

/** A text-escaped link (only & < > escaped) made safe for a quoted attribute value. */
function attr(textEscaped: string): string {
	return textEscaped.replace(/["'`=]/g, (c) => (c === '"' ? '&quot;' : c === "'" ? '&#39;' : c === '`' ? '&#96;' : '&#61;'));
}

/** A button for an (escaped) link, with the link printed below for clients that hide buttons. */
function buttonHtml(href: string, label: string): string {
	return (
		`<p style="margin:0 0 16px 0;"><a href="${href}" style="${BUTTON_STYLE}">${escapeHtml(label)}</a></p>\n` +
		`<p style="margin:0 0 16px 0;font-size:12px;color:#6b7280;word-break:break-all;"><a href="${href}" style="color:#6b7280;">${href}</a></p>\n`
	);
}

/** Anchors for the known (escaped) links in one escaped line: earliest match first, longest on ties. */
function linkify(line: string, links: readonly string[]): string {
	let out = '';
	let from = 0;
	for (;;) {
		let at = -1;
		let hit = '';
		for (const link of links) {
			const i = line.indexOf(link, from);
			if (i !== -1 && (at === -1 || i < at || (i === at && link.length > hit.length))) {
				at = i;
				hit = link;
			}
		}
		if (at === -1) return from === 0 ? line : out + line.slice(from);
		out += `${line.slice(from, at)}<a href="${attr(hit)}" style="${LINK_STYLE}">${hit}</a>`;
		from = at + hit.length;
	}
}

/**
 * Convert a block of text into HTML content (no layout): escape, paragraphs, line breaks, anchors for
 * known links, buttons for lines that are exactly a button link.
 */
export function textToHtmlContent(text: string, knownLinks: readonly string[], buttons: ReadonlyMap<string, string>): string {
	// Text goes into element content only: & < > suffice there. Links (also attribute values) are fully escaped.
	const esc = escapeHtmlText(text);
	let links: string[] | undefined;
	let escButtons: Map<string, string> | undefined;
	let html = '';
	for (const raw of esc.split(PARA_RE)) {
		const para = raw.trim();
		if (!para) continue;
		if (!para.includes('http')) {
			html += `${P_OPEN}${para.includes('\n') ? para.replace(NL_RE, '<br>') : para}</p>\n`;
			continue;
		}
		if (links === undefined) {
			links = knownLinks.map(escapeHtmlText);
			escButtons = new Map();
			for (const [url, label] of buttons) escButtons.set(escapeHtmlText(url), label);
		}
		let buf = '';
		for (const l of para.split('\n')) {
			const line = l.trim();
			const label = (escButtons as Map<string, string>).get(line);
			if (label !== undefined) {
				if (buf) html += `${P_OPEN}${buf}</p>\n`;
				buf = '';
				html += buttonHtml(attr(line), label);
				continue;
			}
			buf += `${buf ? '<br>' : ''}${links.length ? linkify(line, links) : line}`;
		}
		if (buf) html += `${P_OPEN}${buf}</p>\n`;
	}
	return html.endsWith('\n') ? html.slice(0, -1) : html;
}

const PARA_RE = /\n{2,}/;
const NL_RE = /\n/g;

/** Wrap content in a minimal, inline-styled email layout. */
export function htmlLayout(contentHtml: string, opts: { lang: string; title: string; footerHtml?: string }): string {
	const footer = opts.footerHtml ? `\n<p style="${FOOTER_STYLE}">${opts.footerHtml}</p>` : '';
	return (
		`<!DOCTYPE html>\n<html lang="${escapeHtml(opts.lang)}"><head><meta charset="utf-8">` +
		`<meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(opts.title)}</title></head>\n` +
		`<body style="margin:0;padding:0;background:#f4f5f7;">` +
		`<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f4f5f7;"><tr><td align="center" style="padding:24px 12px;">` +
		`<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:600px;background:#ffffff;border-radius:8px;">` +
		`<tr><td style="padding:32px;${FONT}font-size:15px;line-height:1.55;color:#1f2933;">\n` +
		contentHtml +
		footer +
		`\n</td></tr></table></td></tr></table></body></html>`
	);
}
