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
	if (typeof text !== 'string' || text.length !== 10 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return null;
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
		s = `${y}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;
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

export function yearOfDay(day: number): number {
	return new Date(day * MS_PER_DAY).getUTCFullYear();
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
