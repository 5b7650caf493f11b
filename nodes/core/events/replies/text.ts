/**
 * Reply text preparation: drop quoted history and signatures, fold case and accents, guess the language.
 */

import type { ReplyLanguage } from '../types';

const REPLY_HEADERS: RegExp[] = [
	/^\s*On\b.{3,250}\bwrote:?\s*$/i,
	/^\s*Am\b.{3,250}\bschrieb\b.{0,250}:?\s*$/i,
	/^\s*Le\b.{3,250}\ba\s+[ée]crit\s*:?\s*$/i,
	/^\s*El\b.{3,250}\bescribi[óo]\s*:?\s*$/i,
	/^\s*Em\b.{3,250}\bescreveu\s*:?\s*$/i,
	/^\s*-{2,}\s*(Original Message|Urspr[üu]ngliche Nachricht|Message d'origine|Mensaje original|Mensagem original|Forwarded message|Weitergeleitete Nachricht|Message transf[ée]r[ée]|Mensaje reenviado|Mensagem encaminhada)\s*-{2,}/i,
	/^\s*_{5,}\s*$/,
	// Lotus Notes and others: "Name <addr> wrote on 07/04/2026 09:00:", "... schrieb am 09.03.2026 10:30:", "... a écrit le ...",
	// "... escribió el ...", "... escreveu no dia quinta, 5/02/2026 à(s) 09:30:" (a date and a time on the line)
	/^.{0,200}\b(wrote|schrieb|a\s+[ée]crit|escribi[óo]|escreveu)\s+(on|am|le|el|no\s+dia|em)\b.{0,60}\d{1,2}[:.h]\d{2}.{0,20}:\s*$/i,
	/^\s*-{3,}\s*(Forwarded by|Weitergeleitet von|Transf[ée]r[ée] par|Reenviado por|Encaminhado por)\b.*$/i,
];

/** Two-line variant: "On Wed, 12 Nov 2025 at 10:02, Jane <jane@x.com>" / "wrote:". */
const WRAPPED_HEADER_START = /^\s*(On|Am|Le|El|Em)\b.{3,250}$/i;
const WRAPPED_HEADER_END = /^\s*.{0,120}\b(wrote|schrieb|a\s+[ée]crit|escribi[óo]|escreveu)\s*:?\s*$/i;

const OUTLOOK_FROM = /^\s*\**(From|Von|De|Da)\s*:\**\s*.+/i;
const OUTLOOK_FIELD = /^\s*\**(Sent|Date|To|Subject|Cc|Gesendet|Datum|An|Betreff|Envoy[ée]|[ÀA]|Objet|Enviado|Fecha|Para|Asunto)\s*:\**/i;

const MOBILE_SIGNATURE = /^\s*(Sent from my|Sent from Outlook|Get Outlook for|Von meinem .{1,40} gesendet|Gesendet von meinem|Envoy[ée] de mon|Envoy[ée] depuis mon|Enviado desde mi)\b/i;

/*
 * Footer lines that are not the customer's words (matched on folded text): a confidentiality disclaimer ("received in
 * error", "por engano"), the sender's own newsletter or marketing opt-out ("To unsubscribe from our supplier
 * newsletter", "Newsletter abbestellen: www...", "darse de baja escribiendo a bajas@..."), a security banner ("[CAUTION:
 * EXTERNAL EMAIL] STOP. THINK."). A customer's own opt-out speaks of *your* list and has no link: it stays.
 */
const CONFIDENTIAL = /\b(confidential|vertraulich|confidentiel|confidencial|riservat|privileged|privilegiad)\w*/;
const MISDELIVERED = /\b(intended|addressee|recipient|destinataires?|destinatari[oa]s?|adressat|empfanger|in error|by mistake|par erreur|por error|por engano|irrtumlich|irrtum)\b/;
const MARKETING = /\b(newsletter|lettre d'information|infolettre|boletim|boletin|communications? (marketing|commerciales?)|comunicaciones (comerciales|de marketing)|comunicacoes (comerciais|de marketing))\b/;
/** The sender's own list: a link, an address or a portal to use, or "our newsletter" (a customer writes "your list"). */
const SENDER_OWN = /https?:|www\.|\w@\w|click here|hier klicken|cliquez|haga clic|clique aqui|\bportal\b|\b(our|unsere[nmrs]?|notre|nos|nuestr[oa]s?|nossa?s?)( \w+)? (newsletter|lettre|infolettre|boletim|boletin|communications?|comunicaciones|comunicacoes)\b/;
const BANNER = /^\[?\s*(caution|warning|external( e-?mail)?|achtung|attention|atencion|atencao)\s*[:\]]/;
const EXTERNAL = /\b(external|extern|externe|exterieur|externo|fuera de la organizacion|fora da organizacao)\b/;

function isFooterLine(line: string): boolean {
	const f = fold(line).trim();
	if (!f) return false;
	if (CONFIDENTIAL.test(f) && MISDELIVERED.test(f)) return true;
	if (MARKETING.test(f) && SENDER_OWN.test(f)) return true;
	return BANNER.test(f) && EXTERNAL.test(f);
}

/**
 * Remove quoted previous messages and signatures: lines starting with ">", everything from a reply header
 * ("On ... wrote:", "Am ... schrieb ...:", "Le ... a écrit :", "El ... escribió:", "-----Original Message-----",
 * an Outlook "From:/Sent:" block), a signature delimiter ("-- ") or a mobile signature ("Sent from my iPhone"); and
 * footer lines that are not the customer's words (a confidentiality disclaimer, the sender's own newsletter opt-out, a
 * security banner).
 */
export function stripQuoted(text: string): string {
	const lines = text.replace(/\r\n?/g, '\n').split('\n');
	const out: string[] = [];
	for (let i = 0; i < lines.length; i++) {
		const line = lines[i];
		if (/^\s*>/.test(line)) continue;
		if (isReplyHeader(line)) {
			out.push(...inlineAnswers(lines, i + 1));
			break;
		}
		if (WRAPPED_HEADER_START.test(line) && i + 1 < lines.length && WRAPPED_HEADER_END.test(lines[i + 1]) && !/[.!?]\s*$/.test(line)) {
			out.push(...inlineAnswers(lines, i + 2));
			break;
		}
		if (outlookBlockAt(lines, i) || isSignature(line)) break;
		if (isFooterLine(line)) continue;
		out.push(line);
	}
	return out.join('\n').trim();
}

function isReplyHeader(line: string): boolean {
	return REPLY_HEADERS.some((re) => re.test(line));
}

/** An Outlook "From:" line with its header fields ("Sent:", "To:"...) in the four lines below it. */
function outlookBlockAt(lines: string[], i: number): boolean {
	return OUTLOOK_FROM.test(lines[i]) && lines.slice(i + 1, i + 5).some((l) => OUTLOOK_FIELD.test(l));
}

/** A signature delimiter ("-- ") or a mobile signature ("Sent from my iPhone"): the sender's words end there. */
function isSignature(line: string): boolean {
	return /^--\s*$/.test(line) || MOBILE_SIGNATURE.test(line);
}

/**
 * A reply written inline, below a "... wrote:" header: the sender's lines between the quoted (">") lines of the
 * message they answer ("> Please pay by 20 March" / "We will pay on the 25th."). Only lines after a quoted one count
 * (the blank lines under the header do not), up to a signature, a forwarded message's header or a nested reply header.
 * A thread quoted without ">" (Outlook's "From: / Sent:" block) has no such lines.
 */
function inlineAnswers(lines: string[], from: number): string[] {
	const answers: string[] = [];
	let quoted = false;
	for (let i = from; i < lines.length; i++) {
		const line = lines[i];
		if (/^\s*>/.test(line)) {
			quoted = true;
			continue;
		}
		if (!quoted || line.trim() === '') continue;
		if (isReplyHeader(line) || outlookBlockAt(lines, i) || isSignature(line)) break;
		if (isFooterLine(line)) continue;
		answers.push(line);
	}
	return answers;
}

/**
 * Lower case, accents removed (é -> e, ü -> u, ñ -> n, ß -> ss), typographic quotes and dashes made plain,
 * whitespace collapsed. Rules and date patterns are written against this form.
 */
export function fold(text: string): string {
	return text
		.replace(/ß/g, 'ss')
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/[\u2018\u2019\u02bc\u00b4`]/g, "'")
		.replace(/[\u201c\u201d\u00ab\u00bb\u201e]/g, '"')
		.replace(/[\u2010-\u2015]/g, '-')
		.replace(/\u00a0/g, ' ')
		.replace(/[ \t]+/g, ' ');
}

const STOPWORDS: Record<Exclude<ReplyLanguage, 'unknown'>, string[]> = {
	en: ['the', 'and', 'is', 'will', 'we', 'you', 'i', 'this', 'of', 'to', 'on', 'by', 'please', 'thanks', 'thank', 'invoice', 'paid', 'pay', 'have', 'be', 'it', 'my', 'our', 'for', 'next', 'week', 'month', 'hi', 'hello', 'can', 'not', "i'll", "we'll", 'would', 'was', 'with', 'your', 'back', 'office', 'until', 'regards', 'payment', 'already', 'are', 'an', 'at', 'me', 'us'],
	de: ['der', 'die', 'das', 'und', 'ist', 'wir', 'sie', 'ich', 'nicht', 'bitte', 'rechnung', 'zahlung', 'bis', 'am', 'mit', 'den', 'ein', 'eine', 'auf', 'zu', 'danke', 'wird', 'werden', 'haben', 'bezahlt', 'uberweisen', 'woche', 'monat', 'hallo', 'grusse', 'freundlichen', 'ihre', 'ihnen', 'noch', 'schon', 'bereits', 'auch', 'fur', 'dem', 'des', 'im', 'wieder', 'sehr', 'geehrte', 'uns', 'mir', 'habe', 'vielen', 'dank'],
	fr: ['le', 'les', 'et', 'est', 'nous', 'vous', 'je', 'pas', 'merci', 'facture', 'paiement', 'sera', 'avons', 'une', 'des', 'du', 'au', 'pour', 'avec', 'mois', 'semaine', 'prochaine', 'bonjour', 'virement', 'ce', 'cette', 'sur', 'ne', 'votre', 'notre', 'cordialement', 'suis', 'serai', 'ai', 'bien', 'deja', 'dans', 'que', 'qui', 'en', 'fin', "j'ai", "c'est", "d'ici", 'reglement', 'madame', 'monsieur'],
	es: ['el', 'los', 'las', 'y', 'es', 'nosotros', 'usted', 'yo', 'gracias', 'factura', 'pago', 'hemos', 'una', 'del', 'al', 'para', 'con', 'mes', 'semana', 'proxima', 'hola', 'transferencia', 'que', 'por', 'su', 'nuestro', 'nuestra', 'esta', 'este', 'saludos', 'estare', 'ya', 'pero', 'muchas', 'lo', 'le', 'se', 'como', 'fin', 'mi', 'favor', 'cuando', 'antes', 'hasta', 'estimados', 'buenos', 'dias', 'importe', 'pagaremos'],
	pt: ['o', 'os', 'as', 'e', 'nao', 'nos', 'voce', 'voces', 'eu', 'obrigado', 'obrigada', 'fatura', 'pagamento', 'um', 'uma', 'do', 'da', 'dos', 'das', 'na', 'com', 'em', 'ja', 'ate', 'semana', 'proxima', 'ola', 'bom', 'boa', 'tarde', 'transferencia', 'boleto', 'pix', 'nosso', 'nossa', 'essa', 'esse', 'isso', 'atenciosamente', 'abraco', 'estou', 'vamos', 'mas', 'muito', 'dia', 'mes', 'quando', 'antes', 'prezados', 'valor', 'pagamos', 'amanha', 'hoje', 'segue', 'comprovante', 'favor', 'sexta', 'vou', 'foi', 'ainda'],
};

const STOPWORD_SETS = Object.fromEntries(Object.entries(STOPWORDS).map(([k, v]) => [k, new Set(v)])) as Record<Exclude<ReplyLanguage, 'unknown'>, Set<string>>;

/** Language of a locale tag (`de-AT` -> `de`), or unknown. */
export function localeLanguage(locale: string | undefined): ReplyLanguage {
	const l = (locale ?? '').slice(0, 2).toLowerCase();
	return l === 'en' || l === 'de' || l === 'fr' || l === 'es' || l === 'pt' ? l : 'unknown';
}

/** Guess the language of folded text from stopwords; the locale breaks ties and decides short texts. */
export function detectLanguage(folded: string, locale?: string): ReplyLanguage {
	const tokens = folded.split(/[^a-z']+/).filter((t) => t.length > 0);
	const prior = localeLanguage(locale);
	let best: ReplyLanguage = prior;
	let bestScore = 0;
	for (const lang of ['en', 'de', 'fr', 'es', 'pt'] as const) {
		let score = lang === prior ? 1.5 : 0;
		for (const t of tokens) if (STOPWORD_SETS[lang].has(t)) score += 1;
		if (score > bestScore) {
			bestScore = score;
			best = lang;
		}
	}
	return best;
}
