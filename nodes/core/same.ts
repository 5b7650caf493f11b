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
