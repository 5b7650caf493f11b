/**
 * Business calendar: weekends, public and bank holidays per country/region (date-holidays), the
 * customer's time zone, quiet hours and the next moment a message may go out.
 *
 * Everything is cached: holiday tables per (country, region, year), time-zone formatters per zone, and
 * the local clock per (zone, instant), because a daily run asks the same questions for thousands of
 * invoices with the same `now`.
 */
import Holidays from 'date-holidays';

import { formatDay, isoWeekday, MS_PER_DAY, parseDay, yearOfDay } from './dates';
import type { QuietHours } from './types';

/** Holiday types that close banks and offices. date-holidays types UK/US bank holidays as `public`. */
const CLOSED_TYPES = new Set(['public', 'bank']);

export interface LocalClock {
	/** Local calendar day number. */
	day: number;
	/** Minutes since local midnight. */
	minutes: number;
}

export interface CalendarOptions {
	/** ISO weekdays on which messages may be sent (1 = Monday). */
	businessDays: number[];
	holidaysEnabled: boolean;
	/** Closed for everyone (YYYY-MM-DD). */
	extraDates: string[];
}

const formatterCache = new Map<string, Intl.DateTimeFormat>();
const zoneValidity = new Map<string, boolean>();

/** Whether `zone` is an IANA time zone this runtime knows. */
export function isValidTimeZone(zone: string): boolean {
	let ok = zoneValidity.get(zone);
	if (ok === undefined) {
		try {
			// eslint-disable-next-line no-new
			new Intl.DateTimeFormat('en-US', { timeZone: zone });
			ok = zone.length > 0 && zone.length < 64;
		} catch {
			ok = false;
		}
		zoneValidity.set(zone, ok);
	}
	return ok;
}

function zoneFormatter(zone: string): Intl.DateTimeFormat {
	let f = formatterCache.get(zone);
	if (!f) {
		f = new Intl.DateTimeFormat('en-US', {
			timeZone: zone,
			hourCycle: 'h23',
			year: 'numeric',
			month: 'numeric',
			day: 'numeric',
			hour: 'numeric',
			minute: 'numeric',
		});
		formatterCache.set(zone, f);
	}
	return f;
}

/** Offset of `zone` from UTC (minutes) at an instant, straight from Intl (slow: a formatToParts call). */
function intlOffsetMinutes(zone: string, epochMs: number): number {
	const parts = zoneFormatter(zone).formatToParts(new Date(epochMs));
	let y = 0;
	let mo = 0;
	let d = 0;
	let h = 0;
	let mi = 0;
	for (const p of parts) {
		switch (p.type) {
			case 'year':
				y = +p.value;
				break;
			case 'month':
				mo = +p.value;
				break;
			case 'day':
				d = +p.value;
				break;
			case 'hour':
				h = +p.value;
				break;
			case 'minute':
				mi = +p.value;
				break;
			default:
				break;
		}
	}
	const wall = Date.UTC(y, mo - 1, d, h, mi);
	return Math.round((wall - (epochMs - (((epochMs % 60_000) + 60_000) % 60_000))) / 60_000);
}

const BUCKET_MS = 15 * 60_000;
/** zone -> (15-minute bucket -> offset minutes). Zone offsets change on quarter hours, so a bucket has one offset. */
const offsetCache = new Map<string, Map<number, number>>();

/** UTC offset of `zone` at an instant, in minutes (memoised per zone and quarter hour). */
export function zoneOffsetMinutes(zone: string, epochMs: number): number {
	let byBucket = offsetCache.get(zone);
	if (byBucket === undefined) {
		byBucket = new Map();
		offsetCache.set(zone, byBucket);
	}
	const bucket = Math.floor(epochMs / BUCKET_MS);
	let off = byBucket.get(bucket);
	if (off === undefined) {
		off = intlOffsetMinutes(zone, bucket * BUCKET_MS);
		if (byBucket.size > 200_000) byBucket.clear();
		byBucket.set(bucket, off);
	}
	return off;
}

/** The wall-clock day and minute of an instant in a zone. */
export function localClock(zone: string, epochMs: number): LocalClock {
	const local = epochMs + zoneOffsetMinutes(zone, epochMs) * 60_000;
	const day = Math.floor(local / MS_PER_DAY);
	return { day, minutes: Math.floor((local - day * MS_PER_DAY) / 60_000) };
}

/** The instant at which the wall clock of `zone` shows `day` at `minutes` (DST gaps move forward). */
export function localToInstant(zone: string, day: number, minutes: number): number {
	const wall = day * MS_PER_DAY + minutes * 60_000;
	// Two fixed-point steps find the instant; in a DST gap the wall time does not exist and the
	// later offset applies, which moves the time forward by the gap (as luxon does).
	const guess = wall - zoneOffsetMinutes(zone, wall) * 60_000;
	const off2 = zoneOffsetMinutes(zone, guess);
	const t = wall - off2 * 60_000;
	if (zoneOffsetMinutes(zone, t) === off2) return t;
	// Gap: no instant shows this wall time; use the offset before the transition.
	const off1 = zoneOffsetMinutes(zone, guess - 3 * 3_600_000);
	return wall - Math.min(off1, off2) * 60_000;
}

/**
 * The first instant at which the wall clock of `zone` shows `day` at `minutes` or later: that time itself (the
 * first of the two when the clock goes back), or, where a DST change skips it, the instant of the change (when the
 * clock jumps from 02:00 to 03:00, 02:30 is first reached at the jump, which reads 03:00). Offsets change on
 * quarter hours of UTC.
 */
export function firstInstantAtWall(zone: string, day: number, minutes: number): number {
	const t = localToInstant(zone, day, minutes);
	// When the clock goes back, the wall time may show twice: the earlier one, with the offset before the change.
	const wall = day * MS_PER_DAY + minutes * 60_000;
	let first = Infinity;
	for (let probe = t - 3 * 3_600_000; probe <= t + 3 * 3_600_000; probe += 3 * 3_600_000) {
		const at = wall - zoneOffsetMinutes(zone, probe) * 60_000;
		const c = localClock(zone, at);
		if (c.day === day && c.minutes === minutes && at < first) first = at;
	}
	if (first < Infinity) return first;
	const after = zoneOffsetMinutes(zone, t);
	let q = Math.floor(t / BUCKET_MS) * BUCKET_MS;
	for (let i = 0; i < 24 && zoneOffsetMinutes(zone, q - BUCKET_MS) === after; i++) q -= BUCKET_MS;
	return q;
}

/**
 * The first instant after `from` and before `to` at which the UTC offset of `zone` is not the one at `from` (a DST
 * change), or null when the offset at `to` is still that one. Offsets change on quarter hours of UTC; one change between
 * the two is found (they are days apart at most, and a zone changes its clock twice a year).
 */
export function nextOffsetChange(zone: string, from: number, to: number): number | null {
	const off = zoneOffsetMinutes(zone, from);
	if (zoneOffsetMinutes(zone, to - 1) === off) return null;
	let lo = Math.floor(from / BUCKET_MS);
	let hi = Math.floor((to - 1) / BUCKET_MS);
	while (hi - lo > 1) {
		const mid = Math.floor((lo + hi) / 2);
		if (zoneOffsetMinutes(zone, mid * BUCKET_MS) === off) lo = mid;
		else hi = mid;
	}
	return hi * BUCKET_MS;
}

/** Parse `HH:mm` into minutes since midnight, or null. */
export function parseClock(text: string): number | null {
	const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(text);
	return m ? +m[1] * 60 + +m[2] : null;
}

/** Whether a local minute-of-day falls in quiet hours (start inclusive, end exclusive; may wrap midnight). */
export function inQuietHours(minutes: number, startMin: number, endMin: number): boolean {
	if (startMin === endMin) return false;
	return startMin > endMin ? minutes >= startMin || minutes < endMin : minutes >= startMin && minutes < endMin;
}

let supportedCountries: Set<string> | null = null;

/** Whether date-holidays knows this ISO 3166-1 alpha-2 country. */
export function isSupportedCountry(country: string): boolean {
	if (!supportedCountries) {
		supportedCountries = new Set(Object.keys(new Holidays().getCountries()));
	}
	return supportedCountries.has(country);
}

/** Holiday tables and date-holidays instances are shared by every calendar of the process (they are pure data). */
const holidayTables = new Map<string, Map<number, string>>();
const holidayEngines = new Map<string, Holidays | null>();

export interface ClosedDay {
	closed: boolean;
	/** 'weekend' | 'holiday' | 'company' */
	why?: 'weekend' | 'holiday' | 'company';
	name?: string;
}

/** The business calendar of one policy; holiday tables are built once per (country, region, year). */
export class BusinessCalendar {
	private readonly businessDays: boolean[];
	private readonly extra: Set<number>;
	private readonly clockCache = new Map<string, LocalClock>();

	constructor(private readonly options: CalendarOptions) {
		this.businessDays = [false, false, false, false, false, false, false, false];
		for (const d of options.businessDays) this.businessDays[d] = true;
		this.extra = new Set<number>();
		for (const text of options.extraDates) {
			const day = parseDay(text);
			if (day !== null) this.extra.add(day);
		}
	}

	private readonly dayStartCache = new Map<string, number>();

	/** The instant local midnight of `day` begins in `zone` (memoised). */
	startOfDay(zone: string, day: number): number {
		const key = `${zone}|${day}`;
		let at = this.dayStartCache.get(key);
		if (at === undefined) {
			if (this.dayStartCache.size > 50_000) this.dayStartCache.clear();
			at = localToInstant(zone, day, 0);
			this.dayStartCache.set(key, at);
		}
		return at;
	}

	/** localClock, memoised per (zone, instant): a run has one `now`. */
	clock(zone: string, epochMs: number): LocalClock {
		const key = `${zone}|${epochMs}`;
		let c = this.clockCache.get(key);
		if (!c) {
			if (this.clockCache.size > 10_000) this.clockCache.clear();
			c = localClock(zone, epochMs);
			this.clockCache.set(key, c);
		}
		return c;
	}

	private engine(country: string, region: string | undefined): Holidays | null {
		const key = region ? `${country}-${region}` : country;
		let hd = holidayEngines.get(key);
		if (hd === undefined) {
			hd = null;
			if (isSupportedCountry(country)) {
				const h = new Holidays();
				const states = h.getStates(country) as Record<string, string> | undefined;
				if (region && states && Object.prototype.hasOwnProperty.call(states, region)) h.init(country, region);
				else h.init(country);
				hd = h;
			}
			holidayEngines.set(key, hd);
		}
		return hd;
	}

	/** Closed days (public and bank holidays) of a country/region for a year: day number -> name. */
	holidayTable(country: string, region: string | undefined, year: number): Map<number, string> {
		const key = `${country}|${region ?? ''}|${year}`;
		let table = holidayTables.get(key);
		if (!table) {
			table = new Map();
			const hd = this.engine(country, region);
			if (hd) {
				for (const h of hd.getHolidays(year)) {
					if (!CLOSED_TYPES.has(h.type)) continue;
					const day = parseDay(h.date.slice(0, 10));
					if (day !== null && !table.has(day)) table.set(day, h.name);
				}
			}
			holidayTables.set(key, table);
		}
		return table;
	}

	/** Whether no message may go out on this local day in this country/region, and why. */
	closed(day: number, country?: string, region?: string): ClosedDay {
		if (!this.businessDays[isoWeekday(day)]) return { closed: true, why: 'weekend' };
		if (this.extra.has(day)) return { closed: true, why: 'company' };
		if (this.options.holidaysEnabled && country) {
			const name = this.holidayTable(country, region, yearOfDay(day)).get(day);
			if (name !== undefined) return { closed: true, why: 'holiday', name };
		}
		return { closed: false };
	}

	/** The first open day at or after `day` (bounded search: a year of closures is a configuration error). */
	nextOpenDay(day: number, country?: string, region?: string): number {
		for (let d = day, i = 0; i < 370; d++, i++) {
			if (!this.closed(d, country, region).closed) return d;
		}
		return day;
	}

	/** Add n open days (n >= 0). */
	addOpenDays(day: number, n: number, country?: string, region?: string): number {
		let d = this.nextOpenDay(day, country, region);
		for (let i = 0; i < n; i++) d = this.nextOpenDay(d + 1, country, region);
		return d;
	}

	/**
	 * The earliest instant at or after `fromMs` at which a message may reach the customer: an open day in
	 * their country/region, outside quiet hours in their zone (where a DST change skips the time quiet hours end
	 * at, they end at the change).
	 */
	nextSendWindow(
		fromMs: number,
		zone: string,
		quiet: { startMin: number; endMin: number },
		country?: string,
		region?: string,
	): number {
		// Not memoised: callers ask about many different instants (the run's `now` is cached by the engine).
		// The first minute of an open day outside quiet hours: their end when they wrap midnight or begin at it
		// (20:00-08:00, 00:00-07:00), else midnight (hours such as 12:00-13:00 leave the morning free).
		const dayOpensAt = quiet.startMin !== quiet.endMin && (quiet.startMin > quiet.endMin || quiet.startMin === 0) ? quiet.endMin : 0;
		let at = fromMs;
		// Each step moves to a later open day or to the end of quiet hours, and the instant it reaches is checked
		// again. Those wall times hold while the offset does: a DST change before them is a step of its own (the clock
		// going back at midnight can reopen the evening before), and where the clock going back makes the wall time
		// come first, the search goes on a minute at a time.
		for (let i = 0; i < 1500; i++) {
			const local = localClock(zone, at);
			const quietNow = inQuietHours(local.minutes, quiet.startMin, quiet.endMin);
			const closedToday = this.closed(local.day, country, region).closed;
			if (!quietNow && !closedToday) return at;
			// Quiet now, before the end of quiet hours today (the early-morning part of hours that wrap midnight,
			// or inside hours that do not): the window opens at their end today, if today is open.
			const next =
				quietNow && local.minutes < quiet.endMin && !closedToday
					? firstInstantAtWall(zone, local.day, quiet.endMin)
					: firstInstantAtWall(zone, this.nextOpenDay(local.day + 1, country, region), dayOpensAt);
			at = next > at ? (nextOffsetChange(zone, at, next) ?? next) : Math.floor(at / 60_000) * 60_000 + 60_000;
		}
		return at;
	}
}

export function quietMinutes(q: QuietHours): { startMin: number; endMin: number } {
	return { startMin: parseClock(q.start) ?? 0, endMin: parseClock(q.end) ?? 0 };
}

export { formatDay };
