/**
 * Locale handling and cached Intl formatters.
 *
 * Creating an Intl formatter costs tens of microseconds; formatting with a cached one about one. Every
 * formatter is therefore cached per (locale, currency / time zone, style). Caches are bounded so a
 * stream of odd locale tags cannot grow memory without limit.
 */
import { MS_PER_DAY, parseDay, parseInstant } from '../dates';

const MAX_CACHE = 2000;

function remember<V>(cache: Map<string, V>, key: string, make: () => V): V {
	const hit = cache.get(key);
	if (hit !== undefined) return hit;
	const value = make();
	if (cache.size >= MAX_CACHE) cache.clear();
	cache.set(key, value);
	return value;
}

const canonicalCache = new Map<string, string | null>();

/** Canonical BCP 47 tag (`de-at` -> `de-AT`), or null when invalid. */
export function canonicalLocale(tag: unknown): string | null {
	if (typeof tag !== 'string' || tag.length === 0 || tag.length > 35) return null;
	return remember(canonicalCache, tag, () => {
		try {
			const [canonical] = Intl.getCanonicalLocales(tag.replace(/_/g, '-'));
			if (!canonical) return null;
			// Reject tags Intl accepts but has no data for (falls back silently otherwise).
			return Intl.NumberFormat.supportedLocalesOf([canonical]).length > 0 ? canonical : null;
		} catch {
			return null;
		}
	});
}

/** Lookup chain for templates: `de-AT` -> [`de-AT`, `de`]. The caller appends the default language. */
export function localeChain(locale: string): string[] {
	const parts = locale.split('-');
	const chain: string[] = [];
	for (let i = parts.length; i >= 1; i--) chain.push(parts.slice(0, i).join('-'));
	return chain;
}

/** The language subtag, lower case. */
export function languageOf(locale: string): string {
	const dash = locale.indexOf('-');
	return (dash === -1 ? locale : locale.slice(0, dash)).toLowerCase();
}

const regionCache = new Map<string, string | null>();

/** The region subtag, upper case, or undefined. */
export function regionOf(locale: string): string | undefined {
	const region = remember(regionCache, locale, () => {
		try {
			return new Intl.Locale(locale).region ?? null;
		} catch {
			return null;
		}
	});
	return region ?? undefined;
}

const zoneCache = new Map<string, boolean>();

/** Whether an IANA time zone is known to this runtime. */
export function isValidTimeZone(zone: unknown): zone is string {
	if (typeof zone !== 'string' || zone.length === 0 || zone.length > 64) return false;
	return remember(zoneCache, zone, () => {
		try {
			new Intl.DateTimeFormat('en', { timeZone: zone });
			return true;
		} catch {
			return false;
		}
	});
}

const currencyCache = new Map<string, Intl.NumberFormat | null>();

/** A cached currency formatter, or null when the currency code is unknown. */
export function moneyFormatter(locale: string, currency: string): Intl.NumberFormat | null {
	return remember(currencyCache, `${locale}|${currency}`, () => {
		if (!/^[A-Z]{3}$/.test(currency)) return null;
		try {
			const nf = new Intl.NumberFormat(locale, { style: 'currency', currency });
			// Intl accepts any three letters; reject codes it does not know (it would print "XQZ 12.00").
			if (Intl.supportedValuesOf && !Intl.supportedValuesOf('currency').includes(currency)) return null;
			return nf;
		} catch {
			return null;
		}
	});
}

/** Format an amount in a currency for a locale; undefined when the amount or currency is unusable. */
export function formatMoney(amount: unknown, currency: string | undefined, locale: string): string | undefined {
	if (typeof amount !== 'number' || !Number.isFinite(amount) || currency === undefined) return undefined;
	const nf = moneyFormatter(locale, currency);
	if (nf === null) return undefined;
	// Avoid "-€0.00" from tiny negative float residue.
	return nf.format(Math.abs(amount) < 0.005 ? 0 : amount);
}

const numberCache = new Map<string, Intl.NumberFormat>();

/** Format a plain number (counts, days) for a locale. */
export function formatNumber(value: number, locale: string, maxFractionDigits = 0): string {
	const nf = remember(numberCache, `${locale}|${maxFractionDigits}`, () => new Intl.NumberFormat(locale, { maximumFractionDigits: maxFractionDigits }));
	return nf.format(value);
}

export type DateStyle = 'short' | 'medium' | 'long' | 'full';

const dateCache = new Map<string, Intl.DateTimeFormat>();
const dayTextCache = new Map<string, string>();

/**
 * Format a calendar date (`YYYY-MM-DD`) for a locale. A calendar date has no time zone: it is
 * formatted as the same wall date everywhere.
 */
export function formatCalendarDate(day: string, locale: string, style: DateStyle = 'long'): string | undefined {
	const key = `${locale}|${style}|${day}`;
	const hit = dayTextCache.get(key);
	if (hit !== undefined) return hit;
	const n = parseDay(day);
	if (n === null) return undefined;
	const df = remember(dateCache, `${locale}|${style}|UTC`, () => new Intl.DateTimeFormat(locale, { dateStyle: style, timeZone: 'UTC' }));
	const text = df.format(n * MS_PER_DAY);
	if (dayTextCache.size >= MAX_CACHE * 10) dayTextCache.clear();
	dayTextCache.set(key, text);
	return text;
}

/** Format an instant's date on the customer's calendar (their time zone). */
export function formatInstantDate(instant: string, locale: string, timeZone: string, style: DateStyle = 'long'): string | undefined {
	const ms = parseInstant(instant);
	if (ms === null) return undefined;
	const df = remember(dateCache, `${locale}|${style}|${timeZone}`, () => new Intl.DateTimeFormat(locale, { dateStyle: style, timeZone }));
	return df.format(ms);
}

/** Format a date-ish value: a calendar date as such, an instant in the time zone. */
export function formatDateValue(value: unknown, locale: string, timeZone: string, style: DateStyle = 'long'): string | undefined {
	if (typeof value !== 'string') return undefined;
	if (value.length === 10) return formatCalendarDate(value, locale, style);
	return formatInstantDate(value, locale, timeZone, style);
}

/** The calendar date (`YYYY-MM-DD`) of a date-ish value on the customer's calendar. */
export function calendarDayOf(value: string, timeZone: string): string | undefined {
	if (value.length === 10) return parseDay(value) === null ? undefined : value;
	const ms = parseInstant(value);
	if (ms === null) return undefined;
	const df = remember(dateCache, `en-CA|iso|${timeZone}`, () => new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone }));
	return df.format(ms);
}

const relCache = new Map<string, Intl.RelativeTimeFormat>();

/** "tomorrow", "in 3 days", "morgen", "dans 3 jours", "dentro de 3 días". */
export function formatRelativeDays(days: number, locale: string): string {
	const rf = remember(relCache, locale, () => new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }));
	return rf.format(days, 'day');
}

const unitCache = new Map<string, Intl.NumberFormat>();

/** "3 days", "3 Tage", "1 jour", "3 días". */
export function formatDays(days: number, locale: string): string {
	const nf = remember(unitCache, locale, () => new Intl.NumberFormat(locale, { style: 'unit', unit: 'day', unitDisplay: 'long' }));
	return nf.format(days);
}

const pluralCache = new Map<string, Intl.PluralRules>();

/** The CLDR plural category of a number in a locale (`one`, `other`, ...). */
export function pluralCategory(n: number, locale: string): Intl.LDMLPluralRule {
	const pr = remember(pluralCache, locale, () => new Intl.PluralRules(locale));
	return pr.select(n);
}
