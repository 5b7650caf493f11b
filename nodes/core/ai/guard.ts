/**
 * The fact guard: an AI rewrite is used only if it keeps every fact of the original (invoice number,
 * amount and due date as formatted, payment link) and adds nothing the original did not say: no new
 * amounts, numbers, dates or deadlines, links, email addresses, and no threat words (legal action,
 * collection agencies, credit reporting, fees, suspension...) in English, German, French, Spanish or Portuguese.
 *
 * Conservative by design: a false alarm costs only the AI polish (the template text stands).
 */
import type { MessageFacts } from '../render/types';
import type { FactViolation } from './types';

export interface GuardText {
	subject?: string;
	text: string;
}

/** Unify spaces (Intl uses no-break spaces) so that "1 000,00 €" matches however it is spaced. */
export function normalizeSpaces(text: string): string {
	return text.replace(/[\u00A0\u202F\u2007\u2009\u2002\u2003\t]/g, ' ').replace(/ {2,}/g, ' ');
}

/** Lower case, diacritics removed: for word lists. */
function fold(text: string): string {
	return text
		.toLowerCase()
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/ß/g, 'ss')
		.replace(/[’‘`´]/g, "'");
}

const URL_RE = /https?:\/\/[^\s<>"'\])]+/gi;
const EMAIL_RE = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/g;
const NUMBER_RE = /\d+(?:(?:[.,'’]|[ ](?=\d{3}(?!\d)))\d+)*/g;
const CURRENCY_NEAR = /[€$£¥₹₽₩₺₪]|\b(?:EUR|USD|GBP|CHF|JPY|CAD|AUD|NZD|SEK|NOK|DKK|PLN|CZK|HUF|MXN|BRL|INR|CNY)\b/i;

function trimUrl(url: string): string {
	return url.replace(/[.,;:!?]+$/, '');
}

function links(text: string): Set<string> {
	return new Set((text.match(URL_RE) ?? []).map(trimUrl));
}

function stripLinks(text: string): string {
	return text.replace(URL_RE, ' ').replace(EMAIL_RE, ' ');
}

function numberTokens(text: string): Array<{ digits: string; raw: string; index: number }> {
	const out: Array<{ digits: string; raw: string; index: number }> = [];
	for (const m of stripLinks(text).matchAll(NUMBER_RE)) out.push({ digits: m[0].replace(/\D/g, ''), raw: m[0], index: m.index ?? 0 });
	return out;
}

// --- dates -----------------------------------------------------------------------------------

const LANGS = ['en', 'de', 'fr', 'es', 'pt'];
/** Ambiguous month names left out (English "may", "march" are common words); numbers still catch dates. */
const AMBIGUOUS = new Set(['may', 'march']);
const RELATIVE_DATES = [
	'today',
	'tomorrow',
	'tonight',
	'yesterday',
	'next week',
	'this week',
	'end of the month',
	'end of month',
	'heute',
	'morgen',
	'ubermorgen',
	'nachste woche',
	'diese woche',
	'monatsende',
	'ende des monats',
	"aujourd'hui",
	'demain',
	'apres-demain',
	'semaine prochaine',
	'cette semaine',
	'fin du mois',
	'hoy',
	'manana',
	'pasado manana',
	'proxima semana',
	'semana que viene',
	'esta semana',
	'fin de mes',
	'final de mes',
	'hoje',
	'amanha',
	'depois de amanha',
	'semana que vem',
	'fim do mes',
	'final do mes',
];

function dateWords(strict: boolean): string[] {
	const words = new Set<string>(RELATIVE_DATES);
	for (const lang of LANGS) {
		const months = new Intl.DateTimeFormat(lang, { month: 'long', timeZone: 'UTC' });
		const days = new Intl.DateTimeFormat(lang, { weekday: 'long', timeZone: 'UTC' });
		for (let m = 0; m < 12; m++) words.add(fold(months.format(Date.UTC(2021, m, 15))));
		for (let d = 0; d < 7; d++) words.add(fold(days.format(Date.UTC(2021, 0, 4 + d))));
	}
	if (strict) for (const w of AMBIGUOUS) words.delete(w);
	return [...words];
}

type WordRe = { word: string; re: RegExp };
let DATE_WORDS: WordRe[] | undefined;
let DATE_WORDS_ALL: WordRe[] | undefined;

/** Date words checked on their own (ambiguous English "may" / "march" left out). */
function dateWordList(): WordRe[] {
	if (!DATE_WORDS) DATE_WORDS = dateWords(true).map((word) => ({ word, re: new RegExp(`(?:^|[^a-z])${escapeRe(word)}(?![a-z])`) }));
	return DATE_WORDS;
}

/** Every month and weekday name: a new number next to one of them is a date. */
function dateWordListAll(): WordRe[] {
	if (!DATE_WORDS_ALL) DATE_WORDS_ALL = dateWords(false).map((word) => ({ word, re: new RegExp(`(?:^|[^a-z])${escapeRe(word)}(?![a-z])`) }));
	return DATE_WORDS_ALL;
}

function escapeRe(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// --- threats ---------------------------------------------------------------------------------

/**
 * Threat / consequence terms (folded), grouped by concept: when the original states a concept (say, a
 * service suspension), the rewrite may restate it in other words. A trailing `*` matches any ending.
 */
const THREAT_GROUPS: Record<string, string[]> = {
	legal: [
		'legal action', 'legal proceedings', 'legal steps', 'legal measures', 'lawsuit*', 'sue', 'sued', 'suing', 'prosecut*',
		'rechtliche schritte', 'rechtsweg', 'klage*', 'verklag*', 'mahnbescheid*', 'mahnverfahren',
		'action en justice', 'actions en justice', 'poursuite*', 'contentieux', 'mise en demeure', 'injonction de payer',
		'acciones legales', 'accion legal', 'via judicial', 'demanda*', 'cobro judicial', 'burofax',
		'acao judicial', 'acoes judiciais', 'medidas judiciais', 'medidas legais', 'processo judicial', 'cobranca judicial', 'execucao judicial', 'protest*', 'cartorio*', 'injuncao', 'contencioso', 'procedimento judicial',
	],
	lawyer: ['lawyer*', 'attorney*', 'solicitor*', 'rechtsanwalt*', 'anwalt*', 'avocat*', 'abogado*', 'advogad*', 'juridico'],
	court: ['court', 'courts', 'gericht*', 'tribunal', 'tribunaux', 'juzgado*', 'justica', 'juizo'],
	collections: [
		'collections agenc*', 'collection agenc*', 'debt collect*', 'collections', 'inkasso*', 'recouvrement*',
		'agencia de cobro*', 'empresa de recobro', 'recobro',
		'empresa de cobranca', 'agencia de cobranca', 'assessoria de cobranca', 'cobranca extrajudicial', 'recuperacao de credito*',
	],
	enforcement: ['bailiff*', 'repossess*', 'gerichtsvollzieher*', 'pfandung*', 'zwangsvollstreckung*', 'huissier*', 'embargo*', 'penhor*', 'oficial de justica', 'agente de execucao'],
	credit: ['credit bureau*', 'credit report*', 'credit rating', 'credit score', 'blacklist*', 'schufa', 'fichage', 'fiche banque de france', 'asnef', 'moroso*', 'serasa', 'spc', 'scpc', 'negativa*', 'nome sujo', 'cadastro de inadimplentes', 'central de responsabilidades de credito'],
	fees: ['late fee*', 'penalt*', 'interest charge*', 'late interest', 'verzugszins*', 'mahngebuhr*', 'strafe*', 'penalite*', 'interets de retard', 'recargo*', 'intereses de demora', 'penalizacion*', 'multa*', 'juros'],
	suspension: ['suspend*', 'suspension', 'cut off', 'sperr*', 'gesperrt', 'suspen*', 'couper', 'coupure', 'suspender', 'cortar', 'corte del servicio', 'bloque*', 'corte do servico'],
	termination: ['terminat*', 'kundig*', 'resili*', 'rescis*', 'rescind*'],
	police: ['police', 'polizei', 'policia'],
};

const THREAT_RES = Object.entries(THREAT_GROUPS).map(([group, terms]) => ({
	group,
	terms: terms.map((t) => {
		const stem = t.endsWith('*');
		const word = escapeRe(stem ? t.slice(0, -1) : t);
		return { term: stem ? t.slice(0, -1) : t, re: new RegExp(`(?:^|[^a-z])${word}${stem ? '[a-z]*' : ''}(?![a-z])`) };
	}),
}));

// --- the guard -------------------------------------------------------------------------------

export interface GuardResult {
	violations: FactViolation[];
	/** What triggered each violation (for the item's explanation). */
	details: string[];
}

/**
 * Check a rewrite against the original and its facts. Facts only count when the original states them
 * (a thank-you note has no due date to keep).
 */
export function factGuard(original: GuardText, rewritten: GuardText, facts: MessageFacts): GuardResult {
	const violations: FactViolation[] = [];
	const details: string[] = [];
	const add = (v: FactViolation, detail: string) => {
		if (!violations.includes(v)) violations.push(v);
		details.push(`${v}: ${detail}`);
	};
	const orig = normalizeSpaces(`${original.subject ?? ''}\n${original.text}`);
	const rew = normalizeSpaces(`${rewritten.subject ?? ''}\n${rewritten.text}`);
	if (!rewritten.text.trim() || (original.subject !== undefined && !rewritten.subject?.trim())) {
		add('empty', 'the rewrite is empty');
		return { violations, details };
	}

	const keep: Array<[FactViolation, string | undefined]> = [
		['invoice_number_missing', facts.invoiceNumber],
		['amount_missing', facts.amount],
		['due_date_missing', facts.dueDate],
		['payment_link_missing', facts.paymentLink],
	];
	for (const [code, fact] of keep) {
		if (!fact) continue;
		const f = normalizeSpaces(fact);
		if (orig.includes(f) && !rew.includes(f)) add(code, JSON.stringify(fact));
	}

	const origLinks = links(orig);
	for (const url of links(rew)) if (!origLinks.has(url)) add('new_link', url);

	const origEmails = new Set((stripLinksOnly(orig).match(EMAIL_RE) ?? []).map((e) => e.toLowerCase()));
	for (const e of stripLinksOnly(rew).match(EMAIL_RE) ?? []) if (!origEmails.has(e.toLowerCase())) add('new_contact', e);

	const origNumbers = new Set(numberTokens(orig).map((t) => t.digits));
	const rewClean = stripLinks(rew);
	const monthNear = dateWordListAll();
	for (const t of numberTokens(rew)) {
		if (origNumbers.has(t.digits)) continue;
		const around = rewClean.slice(Math.max(0, t.index - 14), t.index + t.raw.length + 14);
		if (CURRENCY_NEAR.test(around) || /[.,]\d{2}$/.test(t.raw)) add('new_amount', t.raw);
		else if (/^\d{1,2}[./]\d{1,2}/.test(rewClean.slice(t.index)) || /^(19|20)\d{2}$/.test(t.digits) || monthNear.some((w) => w.re.test(fold(around)))) add('new_date', t.raw);
		else add('new_number', t.raw);
	}

	const origFold = fold(orig);
	const rewFold = fold(rew);
	for (const { word, re } of dateWordList()) if (re.test(rewFold) && !re.test(origFold)) add('new_date', word);
	for (const { group, terms } of THREAT_RES) {
		if (terms.some((t) => t.re.test(origFold))) continue;
		const hit = terms.find((t) => t.re.test(rewFold));
		if (hit) add('threat', `${hit.term} (${group})`);
	}

	return { violations, details };
}

function stripLinksOnly(text: string): string {
	return text.replace(URL_RE, ' ');
}
