import fc from 'fast-check';
import { DateTime } from 'luxon';

import { BusinessCalendar, inQuietHours, isSupportedCountry, isValidTimeZone, localClock, localToInstant, quietMinutes } from '../../nodes/core/calendar';
import { addMonths, formatDay, isoWeekday, MS_PER_DAY, parseDay, parseInstant } from '../../nodes/core/dates';

const day = (s: string) => parseDay(s) as number;
const cal = () => new BusinessCalendar({ businessDays: [1, 2, 3, 4, 5], holidaysEnabled: true, extraDates: ['2026-12-24'] });
const quiet = quietMinutes({ start: '20:00', end: '08:00' });

describe('dates', () => {
	it('parses strictly and round-trips', () => {
		expect(formatDay(day('2024-02-29'))).toBe('2024-02-29');
		expect(parseDay('2025-02-29')).toBeNull();
		expect(parseDay('2025-13-01')).toBeNull();
		expect(parseDay('2025-1-01')).toBeNull();
		expect(parseDay('not a date')).toBeNull();
		expect(parseInstant('2026-03-08T10:00:00+05:30')).toBe(Date.parse('2026-03-08T04:30:00Z'));
		expect(parseInstant('2026-03-08T10:00:00')).toBeNull(); // an instant needs a zone
	});
	it('knows weekdays', () => {
		expect(isoWeekday(day('2026-11-25'))).toBe(3); // Wednesday
		expect(isoWeekday(day('1970-01-01'))).toBe(4);
		expect(isoWeekday(day('1969-12-28'))).toBe(7);
	});
	it('adds months clamping to month end, leap years included', () => {
		expect(formatDay(addMonths(day('2024-01-31'), 1))).toBe('2024-02-29');
		expect(formatDay(addMonths(day('2025-01-31'), 1))).toBe('2025-02-28');
		expect(formatDay(addMonths(day('2025-11-30'), 3))).toBe('2026-02-28');
	});
});

describe('time zones', () => {
	const now = Date.parse('2026-03-02T02:30:00Z');
	it('reads the wall clock east and west of UTC', () => {
		expect(localClock('Asia/Tokyo', now)).toEqual({ day: day('2026-03-02'), minutes: 11 * 60 + 30 });
		expect(localClock('America/Los_Angeles', now)).toEqual({ day: day('2026-03-01'), minutes: 18 * 60 + 30 });
		expect(localClock('Asia/Kolkata', now)).toEqual({ day: day('2026-03-02'), minutes: 8 * 60 });
	});
	it('converts local times back across DST changes', () => {
		// US DST starts 2026-03-08: 08:00 local is UTC-7 after, UTC-8 before.
		expect(new Date(localToInstant('America/Los_Angeles', day('2026-03-07'), 480)).toISOString()).toBe('2026-03-07T16:00:00.000Z');
		expect(new Date(localToInstant('America/Los_Angeles', day('2026-03-09'), 480)).toISOString()).toBe('2026-03-09T15:00:00.000Z');
		// Europe DST ends 2026-10-25.
		expect(new Date(localToInstant('Europe/Berlin', day('2026-10-26'), 480)).toISOString()).toBe('2026-10-26T07:00:00.000Z');
	});
	it('validates zones and countries', () => {
		expect(isValidTimeZone('Europe/Berlin')).toBe(true);
		expect(isValidTimeZone('Mars/Olympus')).toBe(false);
		expect(isSupportedCountry('DE')).toBe(true);
		expect(isSupportedCountry('ZZ')).toBe(false);
	});
});

describe('quiet hours', () => {
	it('wraps midnight', () => {
		expect(inQuietHours(19 * 60 + 59, quiet.startMin, quiet.endMin)).toBe(false);
		expect(inQuietHours(20 * 60, quiet.startMin, quiet.endMin)).toBe(true);
		expect(inQuietHours(3 * 60, quiet.startMin, quiet.endMin)).toBe(true);
		expect(inQuietHours(8 * 60, quiet.startMin, quiet.endMin)).toBe(false);
	});
	it('supports a daytime block and no quiet hours', () => {
		expect(inQuietHours(12 * 60 + 30, 12 * 60, 13 * 60)).toBe(true);
		expect(inQuietHours(13 * 60, 12 * 60, 13 * 60)).toBe(false);
		expect(inQuietHours(3 * 60, 0, 0)).toBe(false);
	});
});

describe('holidays', () => {
	const c = cal();
	it('closes public holidays per country', () => {
		expect(c.closed(day('2026-07-03'), 'US')).toMatchObject({ closed: true, why: 'holiday' }); // July 4th observed (Saturday)
		expect(c.closed(day('2026-12-25'), 'GB')).toMatchObject({ closed: true, why: 'holiday' });
		expect(c.closed(day('2026-12-28'), 'GB')).toMatchObject({ closed: true, why: 'holiday' }); // Boxing Day substitute
		// Summer bank holiday (typed public) differs by nation: England late August, Scotland early August.
		expect(c.closed(day('2026-08-31'), 'GB', 'ENG')).toMatchObject({ closed: true });
		expect(c.closed(day('2026-08-31'), 'GB', 'SCT').closed).toBe(false);
		expect(c.closed(day('2026-08-03'), 'GB', 'SCT')).toMatchObject({ closed: true });
		expect(c.closed(day('2026-05-25'), 'US')).toMatchObject({ closed: true }); // Memorial Day
		expect(c.closed(day('2026-05-26'), 'US')).toEqual({ closed: false });
	});
	it('knows regional holidays', () => {
		// Epiphany is a holiday in Bavaria but not in Berlin.
		expect(c.closed(day('2026-01-06'), 'DE', 'BY').closed).toBe(true);
		expect(c.closed(day('2026-01-06'), 'DE', 'BE').closed).toBe(false);
	});
	it('closes weekends and company days', () => {
		expect(c.closed(day('2026-11-28'), 'US')).toEqual({ closed: true, why: 'weekend' });
		expect(c.closed(day('2026-12-24'), 'US')).toEqual({ closed: true, why: 'company' });
	});
	it('finds the next open day past a holiday weekend', () => {
		// Good Friday 2026-04-03, Easter Monday 2026-04-06 in GB.
		expect(formatDay(c.nextOpenDay(day('2026-04-03'), 'GB'))).toBe('2026-04-07');
		expect(formatDay(c.addOpenDays(day('2026-04-02'), 1, 'GB'))).toBe('2026-04-07');
	});
	it('ignores holidays when disabled', () => {
		const off = new BusinessCalendar({ businessDays: [1, 2, 3, 4, 5], holidaysEnabled: false, extraDates: [] });
		expect(off.closed(day('2026-12-25'), 'GB').closed).toBe(false);
	});
});

describe('next send window', () => {
	const c = cal();
	const iso = (ms: number) => new Date(ms).toISOString();
	it('is now inside business hours', () => {
		const now = Date.parse('2026-11-25T15:00:00Z');
		expect(c.nextSendWindow(now, 'Europe/London', quiet, 'GB')).toBe(now);
	});
	it('waits for the morning in the customer zone', () => {
		// 21:00 in New York on a Wednesday -> Thursday is Thanksgiving -> Friday 08:00 EST.
		const now = Date.parse('2026-11-26T02:00:00Z');
		expect(iso(c.nextSendWindow(now, 'America/New_York', quiet, 'US'))).toBe('2026-11-27T13:00:00.000Z');
	});
	it('opens later the same day in the early morning', () => {
		const now = Date.parse('2026-11-25T05:00:00Z'); // 06:00 in Berlin
		expect(iso(c.nextSendWindow(now, 'Europe/Berlin', quiet, 'DE'))).toBe('2026-11-25T07:00:00.000Z');
	});
	it('skips a weekend east of UTC', () => {
		const now = Date.parse('2026-11-27T23:30:00Z'); // Saturday 10:30 in Sydney
		expect(iso(c.nextSendWindow(now, 'Australia/Sydney', quiet, 'AU', 'NSW'))).toBe('2026-11-29T21:00:00.000Z'); // Monday 08:00 AEDT
	});
});

describe('next send window: property against a minute-by-minute reference', () => {
	// Zones east and west of UTC, with DST (north and south), half- and quarter-hour offsets, a 30-minute DST
	// shift (Lord Howe) and the date line; countries with and without regions, and none.
	const zones = ['UTC', 'America/New_York', 'America/Los_Angeles', 'America/St_Johns', 'America/Sao_Paulo', 'America/Santiago', 'Europe/London', 'Europe/Berlin', 'Asia/Kolkata', 'Asia/Kathmandu', 'Asia/Tokyo', 'Australia/Sydney', 'Australia/Adelaide', 'Australia/Lord_Howe', 'Pacific/Chatham', 'Pacific/Auckland', 'Pacific/Kiritimati', 'Pacific/Pago_Pago'];
	const places: [string | undefined, string | undefined][] = [[undefined, undefined], ['US', undefined], ['GB', 'ENG'], ['GB', 'SCT'], ['DE', 'BY'], ['FR', undefined], ['AU', 'NSW'], ['NZ', undefined], ['IN', undefined], ['JP', undefined], ['CL', undefined]];
	const FIVE_MIN = 5 * 60_000;
	/** A quiet-hours bound on a five-minute mark (every zone's offset is a multiple of five minutes). */
	const clock = fc.integer({ min: 0, max: 287 }).map((k) => k * 5);
	const quietArb = fc.oneof(
		fc.constant({ startMin: 20 * 60, endMin: 8 * 60 }),
		fc.constant({ startMin: 0, endMin: 0 }),
		fc.record({ startMin: clock, endMin: clock }),
	);
	const arb = fc.record({
		zone: fc.constantFrom(...zones),
		place: fc.constantFrom(...places),
		quiet: quietArb,
		// Business weeks of one to seven days (Monday-Friday most often).
		businessDays: fc.oneof(fc.constant<number[]>([1, 2, 3, 4, 5]), fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 7 })),
		extraDays: fc.uniqueArray(fc.integer({ min: 0, max: 800 }), { maxLength: 6 }),
		// From 2025-12-01 over two years and a bit; any millisecond.
		from: fc.integer({ min: Date.UTC(2025, 11, 1), max: Date.UTC(2028, 0, 31) }),
	});
	/** The instants (quarter hours) at which a zone's UTC offset changes in 2026 and 2027. */
	const changeCache = new Map<string, number[]>();
	const changesOf = (zone: string): number[] => {
		const known = changeCache.get(zone);
		if (known !== undefined) return known;
		const out: number[] = [];
		changeCache.set(zone, out);
		const offset = (t: number) => DateTime.fromMillis(t, { zone }).offset;
		for (let t = Date.UTC(2026, 0, 1); t < Date.UTC(2028, 0, 1); t += MS_PER_DAY) {
			if (offset(t) === offset(t + MS_PER_DAY)) continue;
			let q = t;
			while (offset(q + 15 * 60_000) === offset(t)) q += 15 * 60_000;
			out.push(q + 15 * 60_000);
		}
		return out;
	};
	const dstZones = zones.filter((z) => changesOf(z).length > 0);
	/** Around a DST change of the zone (three days either side), quiet hours ending in the small hours. */
	const aroundChange = fc
		.record({
			zone: fc.constantFrom(...dstZones),
			pick: fc.nat(),
			shift: fc.integer({ min: -3 * MS_PER_DAY, max: 3 * MS_PER_DAY }),
			place: fc.constantFrom(...places),
			quiet: fc.oneof(fc.record({ startMin: clock, endMin: fc.integer({ min: 0, max: 48 }).map((k) => k * 5) }), quietArb),
			businessDays: fc.oneof(fc.constant<number[]>([1, 2, 3, 4, 5]), fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 7 })),
			extraDays: fc.constant([] as number[]),
		})
		.map(({ zone, pick, shift, ...rest }) => {
			const changes = changesOf(zone);
			return { zone, ...rest, from: changes[pick % changes.length] + shift };
		});

	it('gives the first instant outside quiet hours on an open day in the customer zone (DST changes included)', () => {
		const base = day('2025-12-01');
		fc.assert(
			fc.property(fc.oneof(arb, aroundChange), ({ zone, place: [country, region], quiet: q, businessDays, extraDays, from }) => {
				const c = new BusinessCalendar({ businessDays, holidaysEnabled: true, extraDates: extraDays.map((d) => formatDay(base + d)) });
				// The reference reads the wall clock with luxon, not with the calendar's own offset arithmetic.
				const allowed = (t: number): boolean => {
					const dt = DateTime.fromMillis(t, { zone });
					if (inQuietHours(dt.hour * 60 + dt.minute, q.startMin, q.endMin)) return false;
					return !c.closed(day(dt.toISODate() as string), country, region).closed;
				};
				let want: number | null = allowed(from) ? from : null;
				// Quiet hours and days begin and end on five-minute marks of UTC time: the first such mark after `from` that is open.
				for (let t = Math.floor(from / FIVE_MIN) * FIVE_MIN + FIVE_MIN; want === null && t < from + 30 * MS_PER_DAY; t += FIVE_MIN) {
					if (allowed(t)) want = t;
				}
				expect(want).not.toBeNull();
				const got = c.nextSendWindow(from, zone, q, country, region);
				if (got !== want) throw new Error(`${zone} ${country ?? '-'}/${region ?? '-'} quiet ${q.startMin}-${q.endMin} days ${businessDays.join(',')} from ${DateTime.fromMillis(from, { zone }).toISO()}: got ${DateTime.fromMillis(got, { zone }).toISO()}, want ${DateTime.fromMillis(want as number, { zone }).toISO()}`);
			}),
			{ numRuns: 400 },
		);
	});
});
