/**
 * Equality of JSON data (plain objects, lists, primitives), looking at most `depth` levels deep; false
 * when unsure (a class instance, a Date, deeper nesting). Used to recognise a record equal to one already
 * validated in this run (validation is a pure function of the record and the policy) and to share equal
 * records between items instead of holding copies. No allocation.
 */
export function sameData(a: unknown, b: unknown, depth: number): boolean {
	if (typeof a === 'number') return typeof b === 'number' && Object.is(a, b); // NaN equals NaN, 0 is not -0
	if (a === b) return true;
	if (depth === 0 || typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
	if (Array.isArray(a)) {
		if (!Array.isArray(b) || a.length !== b.length) return false;
		for (let i = 0; i < a.length; i++) if (!sameData(a[i], b[i], depth - 1)) return false;
		return true;
	}
	if (Array.isArray(b) || !isPlain(a) || !isPlain(b)) return false;
	let count = 0;
	for (const k in a) {
		if (!hasOwn.call(a, k)) continue;
		if (!hasOwn.call(b, k) || !sameData((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], depth - 1)) return false;
		count++;
	}
	for (const k in b) if (hasOwn.call(b, k)) count--;
	return count === 0;
}

const hasOwn = Object.prototype.hasOwnProperty;

/** A plain object (JSON data): its prototype is Object.prototype or null. */
export function isPlain(v: object): boolean {
	const proto = Object.getPrototypeOf(v);
	return proto === Object.prototype || proto === null;
}

/** Stands for what {@link copyData} could not copy: equal to nothing a caller holds, so a comparison with it fails. */
const UNCOPIED: object = Object.freeze({});

/**
 * A copy of JSON data that {@link sameData} with the same `depth` finds equal to `v` for as long as `v` is not
 * changed, and that shares nothing with it a caller could change in place: plain objects and lists are copied
 * down to `depth` levels; a class instance, or an object deeper than that, becomes a stand-in no data equals
 * (sameData would compare it by identity, and the same object may since have changed).
 */
export function copyData(v: unknown, depth: number): unknown {
	if (typeof v !== 'object' || v === null) return v;
	if (depth === 0) return UNCOPIED;
	if (Array.isArray(v)) {
		const out = new Array<unknown>(v.length);
		for (let i = 0; i < v.length; i++) out[i] = copyData(v[i], depth - 1);
		return out;
	}
	if (!isPlain(v)) return UNCOPIED;
	const out: Record<string, unknown> = {};
	for (const k in v) {
		if (!hasOwn.call(v, k)) continue;
		const c = copyData((v as Record<string, unknown>)[k], depth - 1);
		// A "__proto__" key of JSON data stays an own key of the copy (an assignment would set the prototype).
		if (k === '__proto__') Object.defineProperty(out, k, { value: c, enumerable: true, writable: true, configurable: true });
		else out[k] = c;
	}
	return out;
}
