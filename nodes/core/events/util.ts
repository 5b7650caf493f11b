/**
 * Small helpers shared by the events modules: defensive readers for untrusted payloads (they never throw),
 * instants and zone-local days, deterministic ids.
 */

import { createHash } from 'crypto';
import { DateTime } from 'luxon';
import { formatDay, parseDay, parseInstant } from '../dates';
import { ValidationError, describeValue } from '../errors';

export type Obj = Record<string, unknown>;

export function isObj(v: unknown): v is Obj {
	return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function asObj(v: unknown): Obj | null {
	return isObj(v) ? v : null;
}

/** Own property only (JSON payloads are hostile: `__proto__`, `constructor` must not reach prototypes). */
export function get(o: Obj | null | undefined, key: string): unknown {
	return o && Object.prototype.hasOwnProperty.call(o, key) ? o[key] : undefined;
}

/** Own property at a dotted path (`data.object.id`). */
export function getPath(o: unknown, path: string): unknown {
	let cur: unknown = o;
	for (const k of path.split('.')) {
		if (!isObj(cur)) return undefined;
		cur = get(cur, k);
	}
	return cur;
}

export function asStr(v: unknown): string | undefined {
	return typeof v === 'string' && v.length > 0 ? v : undefined;
}

export function asNum(v: unknown): number | undefined {
	return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** A Stripe reference that may be an id or an expanded object: returns the id. */
export function refId(v: unknown): string | undefined {
	if (typeof v === 'string' && v.length > 0) return v;
	const o = asObj(v);
	return o ? asStr(get(o, 'id')) : undefined;
}

export function fail(field: string, message: string, value?: unknown): never {
	throw new ValidationError([{ field, message, received: value === undefined ? undefined : describeValue(value) }]);
}

/** Epoch seconds to an ISO instant. */
export function isoFromEpochSeconds(sec: number): string {
	return new Date(sec * 1000).toISOString();
}

/**
 * Parse an instant given as ISO (with offset or Z; a bare date means midnight UTC), epoch seconds or epoch
 * milliseconds. Returns the canonical UTC ISO string, or null.
 */
export function toIsoInstant(v: unknown): string | null {
	if (typeof v === 'number' && Number.isFinite(v) && v > 0) {
		const ms = v > 1e11 ? v : v * 1000;
		return new Date(ms).toISOString();
	}
	if (typeof v === 'string') {
		const ms = parseInstant(v);
		return ms === null ? null : new Date(ms).toISOString();
	}
	if (v instanceof Date && Number.isFinite(v.getTime())) return v.toISOString();
	return null;
}

export function instantMs(iso: string): number {
	return Date.parse(iso);
}

const zoneOk = new Map<string, boolean>();

export function isZone(zone: string): boolean {
	let ok = zoneOk.get(zone);
	if (ok === undefined) {
		ok = typeof zone === 'string' && zone.length > 0 && DateTime.now().setZone(zone).isValid;
		zoneOk.set(zone, ok);
	}
	return ok;
}

/** The calendar day (day number) of an instant on the wall calendar of `zone`. */
export function localDay(iso: string, zone: string): number {
	const dt = DateTime.fromMillis(Date.parse(iso), { zone });
	return parseDay(dt.toISODate() as string) as number;
}

/** The instant of local midnight starting `day` in `zone`, as ISO UTC. */
export function startOfLocalDay(day: number, zone: string): string {
	const [y, m, d] = formatDay(day).split('-').map(Number);
	return (DateTime.fromObject({ year: y, month: m, day: d }, { zone }).toUTC().toISO() as string).replace(/\.\d{3}Z$/, '.000Z');
}

/** Short, stable hash (hex) of a string. */
export function shortHash(text: string, length = 16): string {
	return createHash('sha256').update(text).digest('hex').slice(0, length);
}

/** Compare two (occurredAt, eventId) pairs: negative when a is older. */
export function compareMarks(a: { occurredAt: string; eventId: string }, b: { occurredAt: string; eventId: string }): number {
	const d = Date.parse(a.occurredAt) - Date.parse(b.occurredAt);
	if (d !== 0) return d;
	return a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0;
}
