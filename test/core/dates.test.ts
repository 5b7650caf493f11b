/**
 * dates.ts does calendar arithmetic by hand (no Date on the hot path); each function is checked here
 * against what Date itself answers, over generated inputs and the edges (leap days, year ends, 1970).
 */
import fc from 'fast-check';

import { addMonths, daysFromCivil, fastInstantMs, formatDay, formatInstant, isoWeekday, MS_PER_DAY, parseDay, parseInstant, yearOfDay } from '../../nodes/core/dates';

const DAY_MIN = -719162; // 0001-01-01
const DAY_MAX = 2932896; // 9999-12-31
const day = fc.integer({ min: DAY_MIN, max: DAY_MAX });

function dateOf(d: number): Date {
	return new Date(d * MS_PER_DAY);
}

describe('dates: day numbers', () => {
	it('formatDay and parseDay round-trip and agree with Date', () => {
		fc.assert(
			fc.property(day, (d) => {
				const text = formatDay(d);
				const iso = dateOf(d).toISOString();
				expect(text).toBe(iso.slice(0, 10));
				if (d >= -682306) expect(parseDay(text)).toBe(d); // parseDay reads years 0100 and later
			}),
			{ numRuns: 5000 },
		);
	});

	it('yearOfDay is the UTC year of the day', () => {
		fc.assert(fc.property(day, (d) => expect(yearOfDay(d)).toBe(dateOf(d).getUTCFullYear())), { numRuns: 5000 });
		for (const [text, year] of [
			['1969-12-31', 1969],
			['1970-01-01', 1970],
			['2024-02-29', 2024],
			['2024-12-31', 2024],
			['2025-01-01', 2025],
			['2000-02-29', 2000],
			['2100-03-01', 2100],
		] as const) {
			expect(yearOfDay(parseDay(text) as number)).toBe(year);
		}
	});

	it('daysFromCivil matches Date.UTC, isoWeekday matches getUTCDay', () => {
		fc.assert(
			fc.property(day, (d) => {
				const dt = dateOf(d);
				expect(daysFromCivil(dt.getUTCFullYear(), dt.getUTCMonth() + 1, dt.getUTCDate())).toBe(d);
				expect(isoWeekday(d)).toBe(dt.getUTCDay() === 0 ? 7 : dt.getUTCDay());
			}),
			{ numRuns: 3000 },
		);
	});

	it('parseDay rejects impossible dates', () => {
		for (const bad of ['2025-02-29', '2025-13-01', '2025-00-10', '2025-04-31', '0099-01-01', '2025-1-01', '2025/01/01', '']) {
			expect(parseDay(bad)).toBeNull();
		}
		expect(parseDay('2024-02-29')).not.toBeNull();
	});

	it('addMonths clamps to the month end', () => {
		expect(formatDay(addMonths(parseDay('2025-01-31') as number, 1))).toBe('2025-02-28');
		expect(formatDay(addMonths(parseDay('2024-01-31') as number, 1))).toBe('2024-02-29');
		expect(formatDay(addMonths(parseDay('2025-03-31') as number, -1))).toBe('2025-02-28');
	});
});

describe('dates: instants', () => {
	const ms = fc.integer({ min: 0, max: 253_402_300_799_999 });
	/** Instants whose local time, 14 hours either side, is still within years 1970-9999. */
	const inner = fc.integer({ min: 86_400_000, max: 253_402_300_799_999 - 86_400_000 });

	it('formatInstant is toISOString', () => {
		fc.assert(fc.property(ms, (t) => expect(formatInstant(t)).toBe(new Date(t).toISOString())), { numRuns: 5000 });
		expect(formatInstant(-1)).toBe(new Date(-1).toISOString());
	});

	it('fastInstantMs answers what Date.parse answers, or leaves it to Date.parse', () => {
		fc.assert(
			fc.property(inner, fc.integer({ min: -14 * 60, max: 14 * 60 }), fc.constantFrom(0, 1, 2, 3), (t, offsetMin, precision) => {
				const local = new Date(t + offsetMin * 60_000).toISOString();
				const sign = offsetMin < 0 ? '-' : '+';
				const abs = Math.abs(offsetMin);
				const zone = offsetMin === 0 && precision % 2 === 0 ? 'Z' : `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
				const body = precision === 0 ? local.slice(0, 16) : precision === 1 ? local.slice(0, 19) : local.slice(0, 23);
				const text = `${body}${zone}`;
				const got = fastInstantMs(text);
				if (got !== undefined) expect(got).toBe(Date.parse(text));
				expect(parseInstant(text)).toBe(Date.parse(text));
			}),
			{ numRuns: 5000 },
		);
		expect(fastInstantMs('2026-03-17')).toBe(Date.parse('2026-03-17T00:00:00Z'));
		expect(fastInstantMs('2026-03-17T25:00Z')).toBeUndefined();
		expect(fastInstantMs('2026-02-30T10:00Z')).toBeUndefined();
	});
});
