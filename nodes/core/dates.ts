/**
 * Calendar-date arithmetic on "day numbers" (days since 1970-01-01), the fast representation used on the
 * hot path. A day number has no time zone: it is a date on a wall calendar.
 */

const MS_PER_DAY = 86_400_000;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Parse `YYYY-MM-DD` strictly (rejects 2025-02-30). Returns null when invalid. */
export function parseDay(text: string): number | null {
	const m = DATE_RE.exec(text);
	if (!m) return null;
	const y = +m[1];
	const mo = +m[2];
	const d = +m[3];
	if (mo < 1 || mo > 12 || d < 1 || d > 31) return null;
	const ms = Date.UTC(y, mo - 1, d);
	const check = new Date(ms);
	if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) return null;
	return Math.floor(ms / MS_PER_DAY);
}

export function formatDay(day: number): string {
	const dt = new Date(day * MS_PER_DAY);
	const y = dt.getUTCFullYear();
	const m = dt.getUTCMonth() + 1;
	const d = dt.getUTCDate();
	return `${y}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;
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
