/**
 * Date expressions in replies (English, German, French, Spanish, Portuguese), resolved against the day the reply was
 * received on the customer's calendar. Works on folded text (see `fold`): lower case, no accents.
 *
 * Resolution rules (documented because people are vague):
 * - A weekday ("Friday", "am Freitag", "vendredi", "el viernes", "sexta-feira", "this Friday") is the next such
 *   day strictly after the reference day. "next Friday" / "nächsten Freitag" is the Friday of NEXT week;
 *   "vendredi prochain" / "el próximo viernes" / "sexta que vem" / "na próxima sexta" are the upcoming Friday
 *   (their usual meaning). "last Friday" / "letzten Freitag" / "vendredi dernier" / "el viernes pasado" /
 *   "sexta passada" are past. Portuguese weekdays without "-feira" (segunda, terça... sexta) count only after a
 *   word that makes them a day ("na sexta", "até segunda"): alone they are ordinals ("segunda via").
 * - A day and month without a year ("15/12", "15.12.", "15 décembre") is this year's, unless that is more
 *   than 14 days in the past, then next year's. Numeric dates are day-first, except for en-US (month-first);
 *   an impossible reading is swapped (13/12 and 12/13 both mean 13 December), and so is one that lands more than 60 days
 *   ahead when the other reading falls within them ("10/04" written on 30 March means 10 April, whatever the locale).
 * - A day of month alone ("by the 15th", "am 15.", "le 15", "el 15") is this month's if not past, else
 *   next month's.
 * - Ranges keep both ends: "next week" = Monday..Friday of next week; "end of the month" = last day;
 *   "next month" = 1st..last of next month; "early January" / "Anfang Januar" = 1st..10th;
 *   "mid-December" = the 15th; "in two weeks" = +14 days; "in 3 business days" skips weekends.
 *   A promise uses the END of a range, an out-of-office return uses its START.
 */

import { addMonths, formatDay, isoWeekday, parseDay } from '../../dates';
import type { ReplyLanguage } from '../types';

export type DateKind =
	| 'iso'
	| 'numeric'
	| 'day-month'
	| 'day-of-month'
	| 'weekday'
	| 'relative'
	| 'week'
	| 'month'
	| 'month-part';

export interface DateHit {
	/** Character range in the folded text. */
	start: number;
	end: number;
	text: string;
	kind: DateKind;
	/** First day of the expression (day number). */
	day: number;
	/** Last day (same as `day` for single days). */
	endDay: number;
	/** Whether the expression points to the past ("yesterday", "last Friday"). */
	past: boolean;
}

const MONTHS: Array<[number, string[]]> = [
	[1, ['january', 'januar', 'janner', 'jaenner', 'janvier', 'enero', 'janeiro', 'jan']],
	[2, ['february', 'februar', 'fevrier', 'febrero', 'fevereiro', 'feb', 'fev']],
	[3, ['march', 'marz', 'maerz', 'mars', 'marzo', 'marco', 'mar']],
	[4, ['april', 'avril', 'abril', 'apr']],
	[5, ['may', 'mai', 'mayo', 'maio']],
	[6, ['june', 'juni', 'juin', 'junio', 'junho', 'jun']],
	[7, ['july', 'juli', 'juillet', 'julio', 'julho', 'jul']],
	[8, ['august', 'aout', 'agosto', 'aug']],
	[9, ['september', 'septembre', 'septiembre', 'setiembre', 'setembro', 'sept', 'sep']],
	[10, ['october', 'oktober', 'octobre', 'octubre', 'outubro', 'oct', 'okt']],
	[11, ['november', 'novembre', 'noviembre', 'novembro', 'nov']],
	[12, ['december', 'dezember', 'decembre', 'diciembre', 'dezembro', 'dec', 'dez']],
];

const MONTH_OF = new Map<string, number>();
for (const [m, names] of MONTHS) for (const n of names) MONTH_OF.set(n, m);
const MONTH_RE = [...MONTH_OF.keys()].sort((a, b) => b.length - a.length).join('|');

const WEEKDAYS: Array<[number, string[]]> = [
	[1, ['monday', 'montag', 'lundi', 'lunes', 'segunda-feira']],
	[2, ['tuesday', 'dienstag', 'mardi', 'martes', 'terca-feira']],
	[3, ['wednesday', 'mittwoch', 'mercredi', 'miercoles', 'quarta-feira']],
	[4, ['thursday', 'donnerstag', 'jeudi', 'jueves', 'quinta-feira']],
	[5, ['friday', 'freitag', 'vendredi', 'viernes', 'sexta-feira']],
	[6, ['saturday', 'samstag', 'sonnabend', 'samedi', 'sabado']],
	[7, ['sunday', 'sonntag', 'dimanche', 'domingo']],
];
const WEEKDAY_OF = new Map<string, number>();
for (const [d, names] of WEEKDAYS) for (const n of names) WEEKDAY_OF.set(n, d);
const WEEKDAY_RE = [...WEEKDAY_OF.keys()].sort((a, b) => b.length - a.length).join('|');
/** Portuguese weekdays without "-feira" (an ordinal too: "segunda via", "quinta parcela"); their day is that of "<name>-feira". */
const PT_SHORT_WEEKDAY_RE = [...WEEKDAY_OF.keys()].filter((n) => n.endsWith('-feira')).map((n) => n.slice(0, -'-feira'.length)).join('|');
/** Words after a weekday that put it in the past ("vendredi dernier", "el viernes pasado", "sexta passada"). */
const PAST_WEEKDAY_SUFFIX = new Set(['dernier', 'pasado', 'passado', 'passada']);

const NUMBER_WORDS: Record<string, number> = {
	one: 1, a: 1, an: 1, two: 2, 'a couple of': 2, couple: 2, three: 3, 'a few': 3, few: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, fourteen: 14,
	ein: 1, einem: 1, einer: 1, eine: 1, zwei: 2, drei: 3, vier: 4, funf: 5, fuenf: 5, sechs: 6, sieben: 7, acht: 8, neun: 9, zehn: 10, vierzehn: 14,
	un: 1, une: 1, deux: 2, trois: 3, quatre: 4, cinq: 5, sept: 7, huit: 8, neuf: 9, dix: 10, quatorze: 14, quinze: 15,
	uno: 1, una: 1, dos: 2, tres: 3, cuatro: 4, cinco: 5, seis: 6, siete: 7, ocho: 8, nueve: 9, diez: 10, catorce: 14, quince: 15,
	um: 1, dois: 2, duas: 2, quatro: 4, sete: 7, oito: 8, nove: 9, dez: 10, catorze: 14,
};
const NUMBER_RE = `\\d{1,2}|${Object.keys(NUMBER_WORDS).sort((a, b) => b.length - a.length).join('|')}`;

function numberOf(text: string): number | null {
	const t = text.trim();
	if (/^\d+$/.test(t)) return +t;
	return NUMBER_WORDS[t] ?? null;
}

// ---------------------------------------------------------------------------------------------
// Calendar helpers on day numbers

function ymd(day: number): { y: number; m: number; d: number } {
	const [y, m, d] = formatDay(day).split('-').map(Number);
	return { y, m, d };
}

function dayOf(y: number, m: number, d: number): number | null {
	return parseDay(`${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);
}

function lastOfMonth(y: number, m: number): number {
	return Math.floor(Date.UTC(y, m, 0) / 86_400_000);
}

/** Day and month without a year: this year's unless more than 14 days past, then next year's. */
export function resolveDayMonth(ref: number, d: number, m: number, y?: number): number | null {
	if (y !== undefined) return dayOf(y < 100 ? 2000 + y : y, m, d);
	const { y: ry } = ymd(ref);
	const cand = dayOf(ry, m, d);
	if (cand === null) {
		// 29 February in a common year: try next year.
		return dayOf(ry + 1, m, d);
	}
	if (cand < ref - 14) return dayOf(ry + 1, m, d);
	return cand;
}

/** Day of month alone: this month's if not before the reference day, else next month's (clamped). */
function resolveDayOfMonth(ref: number, d: number): number | null {
	if (d < 1 || d > 31) return null;
	const { y, m, d: rd } = ymd(ref);
	if (d >= rd) {
		const c = dayOf(y, m, d);
		if (c !== null) return c;
		return lastOfMonth(y, m);
	}
	const next = ymd(addMonths(dayOf(y, m, 1) as number, 1));
	return dayOf(next.y, next.m, d) ?? lastOfMonth(next.y, next.m);
}

/** The Monday of ISO week `w` of ISO year `y` (week 1 holds the year's first Thursday), or null when `y` has no such week. */
function isoWeekMonday(y: number, w: number): number | null {
	const mon = mondayOf(dayOf(y, 1, 4) as number) + 7 * (w - 1);
	// a 53rd week that is in fact the next year's first
	return mon >= mondayOf(dayOf(y + 1, 1, 4) as number) ? null : mon;
}

/** Next occurrence of an ISO weekday strictly after ref. */
function nextWeekday(ref: number, wd: number): number {
	const cur = isoWeekday(ref);
	let diff = (wd - cur + 7) % 7;
	if (diff === 0) diff = 7;
	return ref + diff;
}

function prevWeekday(ref: number, wd: number): number {
	const cur = isoWeekday(ref);
	let diff = (cur - wd + 7) % 7;
	if (diff === 0) diff = 7;
	return ref - diff;
}

function mondayOf(day: number): number {
	return day - (isoWeekday(day) - 1);
}

function addBusinessDays(ref: number, n: number): number {
	let d = ref;
	let left = n;
	while (left > 0) {
		d += 1;
		if (isoWeekday(d) <= 5) left -= 1;
	}
	return d;
}

/** The month (1-12) named, resolved to its year: the current month or a later one (never > 11 months back). */
function monthStart(ref: number, m: number): { y: number; m: number } {
	const r = ymd(ref);
	return { y: m >= r.m ? r.y : r.y + 1, m };
}

// ---------------------------------------------------------------------------------------------
// Patterns

interface Pattern {
	kind: DateKind;
	re: RegExp;
	/** Returns [start, end, past] days, or null to reject the match. */
	resolve: (m: RegExpExecArray, ctx: Ctx) => [number, number, boolean] | null;
}

interface Ctx {
	ref: number;
	monthFirst: boolean;
	lang: ReplyLanguage;
}

const single = (d: number | null, past = false): [number, number, boolean] | null => (d === null ? null : [d, d, past]);

const NOT_AMOUNT = `(?!\\s*(?:%|€|\\$|eur\\b|euros?\\b|usd\\b|h\\b|hrs?\\b|hours?\\b|uhr\\b|stunden\\b|heures?\\b|horas?\\b|k\\b))`;

const PATTERNS: Pattern[] = [
	// 2025-12-15
	{
		kind: 'iso',
		re: /\b(\d{4})-(\d{1,2})-(\d{1,2})\b/g,
		resolve: (m) => single(dayOf(+m[1], +m[2], +m[3])),
	},
	// 15.12.2025, 15/12/25, 12/15/2025 (en-US)
	{
		kind: 'numeric',
		re: /(?<![\d.,/\w-])(\d{1,2})([./-])(\d{1,2})\2(\d{4}|\d{2})(?![\d/]|[.,]\d)/g,
		resolve: (m, c) => single(numericDate(+m[1], +m[3], c, +m[4])),
	},
	// 15/12, 12/15 (en-US)
	{
		kind: 'numeric',
		re: new RegExp(`(?<![\\d.,/\\w-])(\\d{1,2})/(\\d{1,2})(?![\\d/]|[.,]\\d)${NOT_AMOUNT}`, 'g'),
		resolve: (m, c) => single(numericDate(+m[1], +m[2], c)),
	},
	// 15.12. / 15.12 (German style, always day first)
	{
		kind: 'numeric',
		re: new RegExp(`(?<![\\d.,/\\w-])(\\d{1,2})\\.(\\d{1,2})\\.?(?![\\d]|[.,]\\d)${NOT_AMOUNT}`, 'g'),
		resolve: (m, c) => {
			const d = +m[1];
			const mo = +m[2];
			if (mo < 1 || mo > 12 || d < 1 || d > 31) return null;
			return single(resolveDayMonth(c.ref, d, mo));
		},
	},
	// the 15th of this/next month
	{
		kind: 'day-of-month',
		re: /\b(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)\s+of\s+(this|next)\s+month\b/g,
		resolve: (m, c) => {
			const { y, m: mo } = ymd(c.ref);
			if (m[2] === 'next') {
				const n = ymd(addMonths(dayOf(y, mo, 1) as number, 1));
				return single(dayOf(n.y, n.m, +m[1]));
			}
			return single(dayOf(y, mo, +m[1]));
		},
	},
	// end of next month (before "end of month")
	{
		kind: 'month',
		re: /\b(?:(?:the\s+)?end\s+of\s+next\s+month|ende\s+(?:des\s+)?(?:nachsten|naechsten|kommenden)\s+monats|(?:a\s+la\s+)?fin\s+du\s+mois\s+prochain|(?:a\s+)?(?:fin|finales)\s+del?\s+(?:proximo\s+mes|mes\s+que\s+viene|mes\s+proximo)|(?:ate\s+o\s+|no\s+)?(?:fim|final)\s+do\s+(?:proximo\s+mes|mes\s+que\s+vem))\b/g,
		resolve: (_m, c) => {
			const n = ymd(addMonths(c.ref - (ymd(c.ref).d - 1), 1));
			const last = lastOfMonth(n.y, n.m);
			return [last, last, false];
		},
	},
	// beginning of next month
	{
		kind: 'month',
		re: /\b(?:(?:the\s+)?(?:beginning|start)\s+of\s+next\s+month|early\s+next\s+month|anfang\s+(?:des\s+)?(?:nachsten|naechsten|kommenden)\s+monats|anfang\s+(?:nachsten|naechsten|kommenden)\s+monat|(?:au\s+)?debut\s+(?:du\s+)?mois\s+prochain|(?:a\s+)?principios\s+del?\s+(?:proximo\s+mes|mes\s+que\s+viene|mes\s+proximo)|(?:no\s+)?(?:inicio|comeco)\s+do\s+(?:proximo\s+mes|mes\s+que\s+vem))\b/g,
		resolve: (_m, c) => {
			const first = addMonths(c.ref - (ymd(c.ref).d - 1), 1);
			return [first, first + 9, false];
		},
	},
	// end of (this) month
	{
		kind: 'month',
		re: /\b(?:(?:the\s+)?end\s+of\s+(?:the\s+|this\s+)?month|month[-\s]?end(?:ing)?|eom|ende\s+(?:des|dieses)\s+monats|ende\s+(?:des\s+)?monat|(?:zum\s+)?monatsende|(?:a\s+la\s+|d'ici\s+la\s+)?fin\s+(?:du|de|de\s+ce)\s+mois|(?:a\s+)?(?:fin|finales)\s+de(?:l)?\s+(?:este\s+)?mes|(?:ate\s+o\s+|no\s+|de\s+)?(?:fim|final)\s+(?:do|deste|desse|de)\s+mes)\b/g,
		resolve: (_m, c) => {
			const { y, m } = ymd(c.ref);
			const last = lastOfMonth(y, m);
			return [last, last, false];
		},
	},
	// next month
	{
		kind: 'month',
		re: /\b(?:next\s+month|(?:im\s+)?(?:nachsten|naechsten|kommenden)\s+monat|(?:le\s+)?mois\s+prochain|(?:el\s+)?(?:proximo\s+mes|mes\s+que\s+viene|mes\s+proximo)|(?:no\s+)?mes\s+que\s+vem)\b/g,
		resolve: (_m, c) => {
			const first = addMonths(c.ref - (ymd(c.ref).d - 1), 1);
			const n = ymd(first);
			return [first, lastOfMonth(n.y, n.m), false];
		},
	},
	// end of December / Ende Dezember / fin décembre / a finales de diciembre
	{
		kind: 'month-part',
		re: new RegExp(`\\b(?:(?:the\\s+)?end\\s+of|ende|(?:a\\s+la\\s+)?fin(?:\\s+de)?|(?:a\\s+)?finales\\s+de|(?:no\\s+|ate\\s+o\\s+)?(?:fim|final)\\s+de)\\s+(${MONTH_RE})\\b(?!\\s*\\d)`, 'g'),
		resolve: (m, c) => {
			const { y, m: mo } = monthStart(c.ref, MONTH_OF.get(m[1]) as number);
			const last = lastOfMonth(y, mo);
			return [last, last, false];
		},
	},
	// early January / Anfang Januar / début janvier / a principios de enero
	{
		kind: 'month-part',
		re: new RegExp(`\\b(?:(?:the\\s+)?(?:beginning|start)\\s+of|early|anfang|(?:au\\s+)?debut(?:\\s+de)?|(?:a\\s+)?principios\\s+de|(?:no\\s+)?(?:inicio|comeco)\\s+de)\\s+(${MONTH_RE})\\b(?!\\s*\\d)`, 'g'),
		resolve: (m, c) => {
			const { y, m: mo } = monthStart(c.ref, MONTH_OF.get(m[1]) as number);
			const first = dayOf(y, mo, 1) as number;
			return [first, first + 9, false];
		},
	},
	// mid-December / Mitte Dezember / mi-décembre / a mediados de diciembre
	{
		kind: 'month-part',
		re: new RegExp(`\\b(?:mid-?\\s*|(?:the\\s+)?middle\\s+of\\s+|mitte\\s+|mi-|(?:a\\s+)?mediados\\s+de\\s+|(?:em\\s+)?meados\\s+de\\s+)(${MONTH_RE})\\b(?!\\s*\\d)`, 'g'),
		resolve: (m, c) => {
			const { y, m: mo } = monthStart(c.ref, MONTH_OF.get(m[1]) as number);
			return single(dayOf(y, mo, 15));
		},
	},
	// 15 December 2025, 15. Dezember, 1er janvier, 15 de diciembre (de 2025), 15th of December
	{
		kind: 'day-month',
		re: new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th|er|\\.|º|°|o)?\\s*(?:de\\s+|of\\s+)?(${MONTH_RE})\\b\\.?(?:\\s*(?:,|de)?\\s*(\\d{4}))?`, 'g'),
		resolve: (m, c) => single(resolveDayMonth(c.ref, +m[1], MONTH_OF.get(m[2]) as number, m[3] ? +m[3] : undefined)),
	},
	// December 15th, 2025 / Dec 15
	{
		kind: 'day-month',
		re: new RegExp(`\\b(${MONTH_RE})\\.?\\s+(?:the\\s+)?(\\d{1,2})(?:st|nd|rd|th)?\\b(?:,?\\s*(\\d{4}))?`, 'g'),
		resolve: (m, c) => single(resolveDayMonth(c.ref, +m[2], MONTH_OF.get(m[1]) as number, m[3] ? +m[3] : undefined)),
	},
	// in January / im Januar / en janvier / en enero
	{
		kind: 'month-part',
		re: new RegExp(`\\b(?:in|im|en|em|au\\s+mois\\s+de|durant)\\s+(${MONTH_RE})\\b(?!\\s*\\d|\\s+(?:dias?|semanas?|meses)\\b)`, 'g'),
		resolve: (m, c) => {
			const { y, m: mo } = monthStart(c.ref, MONTH_OF.get(m[1]) as number);
			const first = dayOf(y, mo, 1) as number;
			return [Math.max(first, c.ref), lastOfMonth(y, mo), false];
		},
	},
	// until March / bis März / jusqu'en mars / hasta marzo: the whole month (the preposition stays outside the
	// match so the out-of-office reading sees it)
	{
		kind: 'month-part',
		re: new RegExp(`(?<=\\b(?:until|till|through|thru|bis|bis ende|jusqu'en|jusqu'a fin|jusqu'a la fin de|hasta|hasta finales de|ate)\\s)(${MONTH_RE})\\b(?!\\s*\\d)`, 'g'),
		resolve: (m, c) => {
			const { y, m: mo } = monthStart(c.ref, MONTH_OF.get(m[1]) as number);
			const first = dayOf(y, mo, 1) as number;
			return [Math.max(first, c.ref), lastOfMonth(y, mo), false];
		},
	},
	// by the 15th / on the 3rd (English ordinal after a preposition)
	{
		kind: 'day-of-month',
		re: /\b(?:on|by|before|until|till|after|from)\s+(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)\b(?!\s*(?:reminder|notice|installment|instalment|payment|invoice|time|attempt))/g,
		resolve: (m, c) => single(resolveDayOfMonth(c.ref, +m[1])),
	},
	// am 15. / bis zum 15. / spätestens zum 15.
	{
		kind: 'day-of-month',
		re: new RegExp(`\\b(?:am|bis(?:\\s+zum)?|zum|vor\\s+dem|ab\\s+dem|spatestens(?:\\s+am|\\s+zum)?)\\s+(\\d{1,2})\\.(?!\\d)(?!\\s*(?:${MONTH_RE}))`, 'g'),
		resolve: (m, c) => single(resolveDayOfMonth(c.ref, +m[1])),
	},
	// le 15 / avant le 15 / jusqu'au 15
	{
		kind: 'day-of-month',
		re: new RegExp(`\\b(?:le|au|avant\\s+le|d'ici\\s+le|jusqu'au|pour\\s+le|des\\s+le|a\\s+partir\\s+du)\\s+(\\d{1,2})(?:er)?\\b(?![\\d/]|[.,]\\d|\\s\\d{2}\\b|\\s*(?:${MONTH_RE}|%|€|eur|euros?|jours?|mois|ans?|h\\b|heures?|fois|semaines?|factures?))`, 'g'),
		resolve: (m, c) => single(resolveDayOfMonth(c.ref, +m[1])),
	},
	// el 15 / antes del 15 / hasta el día 15
	{
		kind: 'day-of-month',
		re: new RegExp(`\\b(?:el|del|antes\\s+del|hasta\\s+el|para\\s+el|a\\s+partir\\s+del)(?:\\s+dia)?\\s+(\\d{1,2})\\b(?![\\d/]|[.,]\\d|\\s\\d{2}\\b|\\s*(?:de\\s+(?:${MONTH_RE})|%|€|eur|euros?|dias?|meses|anos?|h\\b|horas?|veces|semanas?|facturas?))`, 'g'),
		resolve: (m, c) => single(resolveDayOfMonth(c.ref, +m[1])),
	},
	// dia 15 / no dia 15 / até o dia 15
	{
		kind: 'day-of-month',
		re: new RegExp(`\\b(?:(?:no|ate\\s+o|ate|antes\\s+do|para\\s+o|pro|a\\s+partir\\s+do)\\s+)?dia\\s+(\\d{1,2})\\b(?![\\d/]|[.,]\\d|\\s\\d{2}\\b|\\s*(?:de\\s+(?:${MONTH_RE})|%|€|eur|euros?|reais|dias?|meses|anos?|h\\b|horas?|vezes|semanas?|faturas?|boletos?))`, 'g'),
		resolve: (m, c) => single(resolveDayOfMonth(c.ref, +m[1])),
	},
	// day after tomorrow (before tomorrow)
	{
		kind: 'relative',
		re: /\b(?:(?:the\s+)?day\s+after\s+tomorrow|ubermorgen|uebermorgen|apres-demain|apres\s+demain|pasado\s+manana|depois\s+de\s+amanha)\b/g,
		resolve: (_m, c) => single(c.ref + 2),
	},
	{
		kind: 'relative',
		re: /\b(?:tomorrow|tmrw|tmr|2moro|2morrow|(?<!guten\s|heute\s|gestern\s)morgen(?!s)|demain|(?<!la\s|esta\s|una\s|cada\s)manana|amanha)\b/g,
		resolve: (_m, c) => single(c.ref + 1),
	},
	{
		kind: 'relative',
		re: /\b(?:today|tonight|heute|aujourd'hui|aujourdhui|ce soir|hoy|esta noche|hoje|hj)\b/g,
		resolve: (_m, c) => single(c.ref),
	},
	// the day before yesterday (before yesterday)
	{
		kind: 'relative',
		re: /\b(?:the\s+day\s+before\s+yesterday|vorgestern|avant-hier|anteayer|anteontem)\b/g,
		resolve: (_m, c) => single(c.ref - 2, true),
	},
	{
		kind: 'relative',
		re: /\b(?:yesterday|gestern|ayer|hier|ontem)\b/g,
		resolve: (m, c) => (m[0] === 'hier' && c.lang !== 'fr' ? null : single(c.ref - 1, true)),
	},
	// in 3 days / in zwei Wochen / dans 15 jours / en dos semanas / within 5 business days
	{
		kind: 'relative',
		re: new RegExp(
			`\\b(?:in|within|innerhalb(?:\\s+von)?|binnen|innert|dans(?:\\s+les)?|sous|d'ici|en(?:\\s+un\\s+plazo\\s+de|\\s+los\\s+proximos)?|em(?:\\s+ate)?|ate|nos\\s+proximos|dentro\\s+de(?:\\s+los)?|daqui\\s+a)\\s+(?:(${NUMBER_RE})\\s*(?:-|–|to|or|bis|a|ou|o)\\s*)?(${NUMBER_RE})\\s+(business\\s+days?|working\\s+days?|werktag(?:en|e)?|arbeitstag(?:en|e)?|jours?\\s+ouvr(?:es|ables)|dias?\\s+habiles|dias?\\s+uteis|days?|tag(?:en|e)?|jours?|dias?|weeks?|wochen?|semaines?|semanas?)\\b`,
			'g',
		),
		resolve: (m, c) => {
			// A range ("within 2-3 working days") counts to its far end.
			const n = numberOf(m[2]);
			if (n === null || n > 120 || (m[1] !== undefined && numberOf(m[1]) === null)) return null;
			const unit = m[3];
			if (/^(business|working|werktag|arbeitstag|jours?\s+ouvr|dias?\s+habiles|dias?\s+uteis)/.test(unit)) return single(addBusinessDays(c.ref, n));
			if (/^(week|woche|semaine|semana)/.test(unit)) return single(c.ref + 7 * n);
			return single(c.ref + n);
		},
	},
	// early / mid / end of next week
	{
		kind: 'week',
		re: /\b(?:(early|beginning\s+of|start\s+of|anfang|(?:au\s+)?debut\s+de(?:\s+la)?|(?:a\s+)?(?:principios|inicios)\s+de(?:\s+la)?|(?:no\s+)?(?:inicio|comeco)\s+da)|(mid|middle\s+of|mitte|(?:au\s+)?milieu\s+de(?:\s+la)?|(?:a\s+)?mediados\s+de(?:\s+la)?|(?:no\s+)?meio\s+da)|(?:the\s+)?(end\s+of|ende|(?:a\s+la\s+)?fin\s+de(?:\s+la)?|(?:a\s+)?finales\s+de(?:\s+la)?|(?:ate\s+o\s+|no\s+)?(?:fim|final)\s+da))\s+(?:next\s+week|(?:der\s+)?(?:nachsten|naechsten|kommenden|nachster|naechster)\s+woche|semaine\s+prochaine|(?:proxima\s+semana|semana\s+que\s+viene|semana\s+que\s+vem))\b/g,
		resolve: (m, c) => {
			const mon = mondayOf(c.ref) + 7;
			if (m[1]) return [mon, mon + 1, false];
			if (m[2]) return single(mon + 2);
			return single(mon + 4);
		},
	},
	// the week after next / übernächste Woche
	{
		kind: 'week',
		re: /\b(?:(?:the\s+)?week\s+after\s+next|(?:in\s+der\s+)?ubernachste[nr]?\s+woche)\b/g,
		resolve: (_m, c) => {
			const mon = mondayOf(c.ref) + 14;
			return [mon, mon + 4, false];
		},
	},
	// calendar week: KW 48, Kalenderwoche 48, calendar week 48 (ISO weeks): Monday to Friday, this year's unless past
	{
		kind: 'week',
		re: /\b(?:kw|kalenderwoche|calendar\s+week|cw)\s*\.?\s*(\d{1,2})\b/g,
		resolve: (m, c) => {
			const w = +m[1];
			if (w < 1 || w > 53) return null;
			const { y } = ymd(c.ref);
			for (const year of [y, y + 1]) {
				const mon = isoWeekMonday(year, w);
				if (mon !== null && mon + 4 >= c.ref - 14) return [mon, mon + 4, mon + 4 < c.ref];
			}
			return null;
		},
	},
	// before / by Christmas: the 24th of December
	{
		kind: 'day-month',
		re: /\b(?:before|by|until|till|vor|bis|avant|d'ici|antes\s+de|antes\s+do|ate\s+(?:o|ao)|hasta)\s+(?:christmas|xmas|weihnachten|noel|navidad|natal)\b/g,
		resolve: (_m, c) => single(resolveDayMonth(c.ref, 24, 12)),
	},
	// before the end of the year / bis Jahresende / avant la fin de l'année / antes de fin de año / até ao fim do ano
	{
		kind: 'day-month',
		re: /\b(?:(?:before|by)\s+(?:the\s+)?(?:end\s+of\s+(?:the|this)\s+year|year[-\s]end)|(?:bis|vor)\s+(?:zum\s+)?(?:jahresende|ende\s+des\s+jahres)|(?:avant|d'ici)\s+(?:la\s+)?fin\s+(?:de\s+l'annee|de\s+cette\s+annee|d'annee)|antes\s+de(?:l)?\s+(?:fin|finales)\s+de(?:l)?\s+ano|(?:ate\s+(?:o|ao)|antes\s+do)\s+(?:fim|final)\s+do\s+ano)\b/g,
		resolve: (_m, c) => single(resolveDayMonth(c.ref, 31, 12)),
	},
	// sous huitaine / sous quinzaine: within 8 / 15 days
	{
		kind: 'relative',
		re: /\bsous\s+(huitaine|quinzaine)\b/g,
		resolve: (m, c) => single(c.ref + (m[1] === 'huitaine' ? 8 : 15)),
	},
	// "next week Monday" (Indian, Nigerian English): that day of next week
	{
		kind: 'weekday',
		re: new RegExp(`\\bnext\\s+week\\s+(${WEEKDAY_RE})\\b`, 'g'),
		resolve: (m, c) => {
			const wd = WEEKDAY_OF.get(m[1]);
			return wd === undefined ? null : single(mondayOf(c.ref) + 7 + (wd - 1));
		},
	},
	// end of day / EOD / COB (today, unless a later day follows)
	{
		kind: 'relative',
		re: /\b(?:by\s+|before\s+)?(?:eod|cob|end\s+of\s+(?:the\s+)?(?:business\s+)?day|close\s+of\s+business)(?:\s+today)?\b(?!\s+(?:tomorrow|tmrw|tmr|on|next))/g,
		resolve: (_m, c) => single(c.ref),
	},
	// next week
	{
		kind: 'week',
		re: /\b(?:next\s+week|(?:nachste|naechste|nachsten|naechsten|kommende|kommenden)\s+woche|(?:la\s+)?semaine\s+prochaine|(?:la\s+)?(?:proxima\s+semana|semana\s+(?:que\s+viene|proxima|entrante))|(?:na\s+)?semana\s+que\s+vem)\b/g,
		resolve: (_m, c) => {
			const mon = mondayOf(c.ref) + 7;
			return [mon, mon + 4, false];
		},
	},
	// end of this week / this week
	{
		kind: 'week',
		re: /\b(?:(?:the\s+)?end\s+of\s+(?:the|this)\s+week|this\s+week|(?:ende|bis\s+ende)\s+(?:der|dieser)\s+woche|diese\s+woche|(?:d'ici\s+la\s+|a\s+la\s+)?fin\s+de\s+(?:la\s+|cette\s+)?semaine|cette\s+semaine|esta\s+semana|(?:a\s+)?(?:finales|fin)\s+de\s+(?:esta\s+|la\s+)?semana|(?:ate\s+o\s+|no\s+)?(?:fim|final)\s+(?:da|desta|dessa)\s+semana|nesta\s+semana|essa\s+semana)\b/g,
		resolve: (_m, c) => {
			const fri = mondayOf(c.ref) + 4;
			return [c.ref, Math.max(fri, c.ref), false];
		},
	},
	// a weekday with a day number and no month ("el viernes 20", "on Friday the 20th", "am Freitag, 20."): the day of that
	// number, this month or the one before or after, that falls on that weekday (the nearest); none: the weekday alone decides
	{
		kind: 'day-of-month',
		re: new RegExp(`\\b(${WEEKDAY_RE}),?\\s+(?:the\\s+)?(\\d{1,2})(?:st|nd|rd|th|er)?\\.?(?![\\d/:]|[.,]\\d|\\s*(?:de\\s+|of\\s+)?(?:${MONTH_RE})\\b)`, 'g'),
		resolve: (m, c) => {
			const wd = WEEKDAY_OF.get(m[1]);
			const d = +m[2];
			if (wd === undefined || d < 1 || d > 31) return null;
			const { y, m: mo } = ymd(c.ref);
			let best: number | null = null;
			for (const k of [-1, 0, 1]) {
				const first = ymd(addMonths(dayOf(y, mo, 1) as number, k));
				const day = dayOf(first.y, first.m, d);
				if (day !== null && isoWeekday(day) === wd && (best === null || Math.abs(day - c.ref) < Math.abs(best - c.ref))) best = day;
			}
			return best === null ? null : single(best, best < c.ref);
		},
	},
	// weekdays: next Friday / nächsten Freitag (next week's); this Friday / am Freitag / vendredi (prochain) / el (próximo) viernes
	{
		kind: 'weekday',
		re: new RegExp(
			`\\b(?:(next|(?:am\\s+)?(?:nachsten|naechsten|nachster|naechster))\\s+|(last|(?:am\\s+)?(?:letzten|vergangenen))\\s+)?(?:this\\s+|coming\\s+|(?:am\\s+)?(?:diesen|kommenden)\\s+|el\\s+(?:proximo\\s+)?|le\\s+|(?:na|no|nesta|neste|ate\\s+a|ate\\s+o|ate)\\s+(?:proxim[ao]\\s+)?)?(${WEEKDAY_RE})(?:\\s+(prochain|proximo|que\\s+viene|que\\s+vem|dernier|pasado|passad[ao]))?\\b`,
			'g',
		),
		resolve: (m, c) => {
			const wd = WEEKDAY_OF.get(m[3]) as number;
			if (m[2] || PAST_WEEKDAY_SUFFIX.has(m[4])) return single(prevWeekday(c.ref, wd), true);
			if (m[1]) return single(mondayOf(c.ref) + 7 + (wd - 1));
			return single(nextWeekday(c.ref, wd));
		},
	},
	// English abbreviations, only after a word that makes them a day: "pay fri", "by Thu", "on Mon."
	{
		kind: 'weekday',
		re: /(?<=\b(?:on|by|this|next|till|until|pay|before|from|due|back)\s)(mon|tue|tues|wed|thu|thur|thurs|fri)\b\.?/g,
		resolve: (m, c) => {
			const wd = ({ mon: 1, tue: 2, tues: 2, wed: 3, thu: 4, thur: 4, thurs: 4, fri: 5 } as Record<string, number>)[m[1]];
			return single(nextWeekday(c.ref, wd));
		},
	},
	// German abbreviations, only after "am" or "bis" in German: "am Mo", "bis Fr."
	{
		kind: 'weekday',
		re: /(?<=\b(?:am|bis|ab)\s)(mo|di|mi|do|fr)\b\.?/g,
		resolve: (m, c) => (c.lang === 'de' ? single(nextWeekday(c.ref, ({ mo: 1, di: 2, mi: 3, do: 4, fr: 5 } as Record<string, number>)[m[1]])) : null),
	},
	// Portuguese weekdays without "-feira", only where they are a day: "na sexta", "até segunda", "sexta que vem"
	{
		kind: 'weekday',
		re: new RegExp(`\\b(?:(?:na\\s+proxima|na|nesta|ate\\s+a|ate|a\\s+partir\\s+de|pra|para|proxima)\\s+(${PT_SHORT_WEEKDAY_RE})(?!-)(?:\\s+(que\\s+vem|passada))?|(${PT_SHORT_WEEKDAY_RE})\\s+(que\\s+vem|passada))\\b`, 'g'),
		resolve: (m, c) => {
			const wd = WEEKDAY_OF.get(`${m[1] ?? m[3]}-feira`) as number;
			if (PAST_WEEKDAY_SUFFIX.has(m[2] ?? m[4])) return single(prevWeekday(c.ref, wd), true);
			return single(nextWeekday(c.ref, wd));
		},
	},
];

function numericDate(a: number, b: number, c: Ctx, year?: number): number | null {
	let day = a;
	let month = b;
	if (c.monthFirst) {
		day = b;
		month = a;
	}
	if (month > 12 && day <= 12) [day, month] = [month, day];
	if (month < 1 || month > 12 || day < 1 || day > 31) return null;
	const read = resolveDayMonth(c.ref, day, month, year);
	// Both readings possible ("10/04"): the locale's, unless it lands months ahead while the other is within the next
	// weeks (a Filipino or an American customer writing day first, a European one month first).
	if (read !== null && day !== month && day <= 12 && read > c.ref + PLAUSIBLE_AHEAD) {
		const other = resolveDayMonth(c.ref, month, day, year);
		if (other !== null && other >= c.ref && other <= c.ref + PLAUSIBLE_AHEAD) return other;
	}
	return read;
}

/** Days ahead within which a numeric date read the other way round is the plausible one (see numericDate). */
const PLAUSIBLE_AHEAD = 60;

/** Whether numeric dates read month-first for this locale (en-US and a few others). */
export function isMonthFirstLocale(locale: string | undefined): boolean {
	const l = (locale ?? '').toLowerCase();
	return l === 'en-us' || l === 'en_us' || l === 'en-ph' || l === 'en-ca' || l === 'es-us' || l === 'en-as' || l === 'en-gu';
}

/**
 * Every date expression in folded text, in text order. Overlapping matches keep the pattern listed first
 * (more specific).
 */
export function extractDates(folded: string, ref: number, options: { monthFirst?: boolean; lang?: ReplyLanguage } = {}): DateHit[] {
	const ctx: Ctx = { ref, monthFirst: options.monthFirst ?? false, lang: options.lang ?? 'unknown' };
	const taken: Array<[number, number]> = [];
	const hits: DateHit[] = [];
	for (const p of PATTERNS) {
		p.re.lastIndex = 0;
		let m: RegExpExecArray | null;
		while ((m = p.re.exec(folded)) !== null) {
			if (m[0].length === 0) {
				p.re.lastIndex += 1;
				continue;
			}
			const start = m.index;
			const end = start + m[0].length;
			if (taken.some(([s, e]) => start < e && end > s)) continue;
			const r = p.resolve(m, ctx);
			if (!r) continue;
			taken.push([start, end]);
			hits.push({ start, end, text: m[0], kind: p.kind, day: r[0], endDay: r[1], past: r[2] || r[1] < ref });
		}
	}
	hits.sort((a, b) => a.start - b.start);
	// A weekday that names the date right after it ("Monday 5 January", "Montag, 3. August", "le lundi 2 mars",
	// "el lunes 7 de septiembre") is that date, not the next such weekday: the explicit date stands alone.
	return hits.filter((h, i) => {
		const next = hits[i + 1];
		return !(h.kind === 'weekday' && next !== undefined && EXPLICIT_DATE_KINDS.has(next.kind) && WEEKDAY_DATE_GAP.test(folded.slice(h.end, next.start)));
	});
}

/** Date kinds that give the day itself (what a weekday just before them names). */
const EXPLICIT_DATE_KINDS = new Set<DateKind>(['iso', 'numeric', 'day-month', 'day-of-month']);
/** What may stand between a weekday and the date it names: a comma, and "the" / "den" / "le" / "el" / "o" / "dia". */
const WEEKDAY_DATE_GAP = /^[\s,]*(?:(?:the|den|der|le|el|o|dia)\s+)?$/;
