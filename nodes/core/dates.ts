/**
 * Calendar-date arithmetic on "day numbers" (days since 1970-01-01), the fast representation used on the
 * hot path. A day number has no time zone: it is a date on a wall calendar.
 */

const MS_PER_DAY = 86_400_000;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Days since 1970-01-01 of a proleptic Gregorian date (Hinnant's days_from_civil). */
export function daysFromCivil(y: number, m: number, d: number): number {
	y -= m <= 2 ? 1 : 0;
	const era = Math.floor(y / 400);
	const yoe = y - era * 400;
	const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
	const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
	return era * 146097 + doe - 719468;
}

function digit(text: string, i: number): number {
	const c = text.charCodeAt(i) - 48;
	return c >= 0 && c <= 9 ? c : -1000;
}

/** Parse `YYYY-MM-DD` strictly (rejects 2025-02-30). Returns null when invalid. No regex, no Date. */
export function parseDay(text: string): number | null {
	if (typeof text !== 'string' || text.length !== 10) return null;
	return dayAtStart(text);
}

/** parseDay of the first ten characters of a longer text (an ISO instant's date), without slicing it. */
function dayAtStart(text: string): number | null {
	if (text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return null;
	const y = digit(text, 0) * 1000 + digit(text, 1) * 100 + digit(text, 2) * 10 + digit(text, 3);
	const mo = digit(text, 5) * 10 + digit(text, 6);
	const d = digit(text, 8) * 10 + digit(text, 9);
	// Years below 100 are rejected, as Date.UTC would shift them to 19xx.
	if (y < 100 || mo < 1 || mo > 12 || d < 1) return null;
	const dim = mo === 2 && ((y % 4 === 0 && y % 100 !== 0) || y % 400 === 0) ? 29 : DAYS_IN_MONTH[mo - 1];
	if (d > dim) return null;
	return daysFromCivil(y, mo, d);
}

const formatted = new Map<number, string>();

export function formatDay(day: number): string {
	let s = formatted.get(day);
	if (s === undefined) {
		const dt = new Date(day * MS_PER_DAY);
		const y = dt.getUTCFullYear();
		const m = dt.getUTCMonth() + 1;
		const d = dt.getUTCDate();
		// Four-digit years (0100-0999 padded), so that parseDay reads every formatted day back.
		s = `${y < 1000 && y >= 0 ? String(y).padStart(4, '0') : y}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;
		if (formatted.size > 100_000) formatted.clear();
		formatted.set(day, s);
	}
	return s;
}

/** ISO weekday: 1 = Monday ... 7 = Sunday. */
export function isoWeekday(day: number): number {
	// 1970-01-01 was a Thursday (4).
	return ((((day + 3) % 7) + 7) % 7) + 1;
}

/** The year of a day number (Hinnant's civil_from_days, year part only; no Date). */
export function yearOfDay(day: number): number {
	const z = day + 719468;
	const era = Math.floor(z / 146097);
	const doe = z - era * 146097;
	const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
	const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
	const mp = Math.floor((5 * doy + 2) / 153);
	return yoe + era * 400 + (mp >= 10 ? 1 : 0);
}

/** Add calendar months, clamping to the month's end (Jan 31 + 1 month = Feb 28/29), as billing systems do. */
export function addMonths(day: number, months: number): number {
	const dt = new Date(day * MS_PER_DAY);
	const y = dt.getUTCFullYear();
	const m = dt.getUTCMonth() + months;
	const d = dt.getUTCDate();
	const lastOfTarget = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
	return Math.floor(Date.UTC(y, m, Math.min(d, lastOfTarget)) / MS_PER_DAY);
}

/** Instants formatted by {@link formatInstant} without a Date: 1970-01-01 up to the end of year 9999. */
const FAST_INSTANT_MAX = 253_402_300_800_000;

function pad2(n: number): string {
	return n < 10 ? `0${n}` : `${n}`;
}

/**
 * `new Date(ms).toISOString()` (`YYYY-MM-DDTHH:mm:ss.sssZ`), by integer arithmetic for instants from 1970
 * to 9999 (Date for any other; both give the same text). A Date costs a microsecond or more here.
 */
export function formatInstant(ms: number): string {
	if (!(ms >= 0 && ms < FAST_INSTANT_MAX) || !Number.isInteger(ms)) return new Date(ms).toISOString();
	const minute = Math.floor(ms / 60_000);
	const rest = ms - minute * 60_000;
	const sec = Math.floor(rest / 1000);
	const milli = rest - sec * 1000;
	// One concatenation of two flat strings (the tail is under 13 characters, so V8 copies it flat).
	const tail = `${pad2(sec)}.${milli < 10 ? '00' : milli < 100 ? '0' : ''}${milli}Z`;
	return minuteText(minute) + tail;
}

const minuteTexts = new Map<number, string>();

/** `YYYY-MM-DDTHH:mm:` of a minute since the epoch (memoised: a run formats few distinct minutes). */
function minuteText(minute: number): string {
	let s = minuteTexts.get(minute);
	if (s === undefined) {
		const day = Math.floor(minute / 1440);
		const m = minute - day * 1440;
		s = `${formatDay(day)}T${pad2(Math.floor(m / 60))}:${pad2(m % 60)}:`;
		if (minuteTexts.size > 100_000) minuteTexts.clear();
		minuteTexts.set(minute, s);
	}
	return s;
}

/** Two digits at `i`, or -1. */
function two(text: string, i: number): number {
	const a = text.charCodeAt(i) - 48;
	const b = text.charCodeAt(i + 1) - 48;
	return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/**
 * Epoch ms of the common ISO forms, by integer arithmetic: `YYYY-MM-DD` (midnight UTC) and
 * `YYYY-MM-DD[T ]HH:mm[:ss[.s{1,3}]](Z|±HH:mm)` with every field in range. Returns undefined for any other
 * text, which the caller then gives to Date.parse; where this answers, it answers what Date.parse does.
 */
export function fastInstantMs(text: string): number | undefined {
	const len = text.length;
	if (len !== 10 && (len < 17 || len > 29)) return undefined;
	const day = dayAtStart(text);
	if (day === null) return undefined;
	if (len === 10) return day * MS_PER_DAY;
	const sep = text.charCodeAt(10);
	if ((sep !== 84 && sep !== 32) || text.charCodeAt(13) !== 58) return undefined; // 'T' or ' ', ':'
	const h = two(text, 11);
	const mi = two(text, 14);
	if (h < 0 || h > 23 || mi < 0 || mi > 59) return undefined;
	let i = 16;
	let sec = 0;
	let milli = 0;
	if (text.charCodeAt(i) === 58) {
		sec = two(text, i + 1);
		if (sec < 0 || sec > 59) return undefined;
		i += 3;
		if (text.charCodeAt(i) === 46) {
			// '.' then 1-3 digits (more digits: left to Date.parse)
			let digits = 0;
			i++;
			while (digits < 4 && i < len) {
				const c = text.charCodeAt(i) - 48;
				if (c < 0 || c > 9) break;
				milli = milli * 10 + c;
				digits++;
				i++;
			}
			if (digits === 0 || digits > 3) return undefined;
			milli *= digits === 1 ? 100 : digits === 2 ? 10 : 1;
		}
	}
	let offsetMin = 0;
	const z = text.charCodeAt(i);
	if (z === 90) {
		if (i + 1 !== len) return undefined;
	} else if (z === 43 || z === 45) {
		// '+' or '-' then HH:mm
		if (i + 6 !== len || text.charCodeAt(i + 3) !== 58) return undefined;
		const oh = two(text, i + 1);
		const om = two(text, i + 4);
		if (oh < 0 || oh > 23 || om < 0 || om > 59) return undefined;
		offsetMin = (oh * 60 + om) * (z === 45 ? -1 : 1);
	} else return undefined;
	return day * MS_PER_DAY + (h * 60 + mi - offsetMin) * 60_000 + sec * 1000 + milli;
}

/** Parse an ISO instant (must carry Z or an offset, or be a date which then means midnight UTC). Returns epoch ms or null. */
export function parseInstant(text: string): number | null {
	if (typeof text !== 'string' || text.length < 10 || text.length > 40) return null;
	if (DATE_RE.test(text)) {
		const day = parseDay(text);
		return day === null ? null : day * MS_PER_DAY;
	}
	if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/.test(text)) return null;
	const ms = Date.parse(text);
	if (!Number.isFinite(ms)) return null;
	if (parseDay(text.slice(0, 10)) === null) return null;
	return ms;
}

export { MS_PER_DAY };
