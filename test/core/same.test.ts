import fc from 'fast-check';
import { copyData, sameData } from '../../nodes/core/same';

describe('copyData and sameData', () => {
	const json = fc.jsonValue({ maxDepth: 5 });

	it('a copy equals its original at the same depth, and shares no object with it', () => {
		fc.assert(
			fc.property(json, fc.integer({ min: 1, max: 4 }), (v, depth) => {
				const copy = copyData(v, depth);
				// Equal exactly when the original is no deeper than `depth` (deeper objects are never equal to the copy).
				const fits = (x: unknown, d: number): boolean =>
					typeof x !== 'object' || x === null || (d > 0 && Object.values(x).every((c) => fits(c, d - 1)));
				expect(sameData(copy, v, depth)).toBe(fits(v, depth));
				const originals = new Set<unknown>();
				const walk = (x: unknown, into: Set<unknown>) => {
					if (typeof x !== 'object' || x === null) return;
					into.add(x);
					for (const k of Object.keys(x)) walk((x as Record<string, unknown>)[k], into);
				};
				walk(v, originals);
				const copies = new Set<unknown>();
				walk(copy, copies);
				for (const o of copies) expect(originals.has(o)).toBe(false);
			}),
		);
	});

	it('a change made in place to the original after copying makes them differ', () => {
		const record = { customerId: 'C1', optOut: [] as string[], owner: { email: 'a@x.test' }, contacts: [{ email: 'b@x.test' }] };
		const copy = copyData(record, 3);
		expect(sameData(copy, record, 3)).toBe(true);
		record.optOut.push('email');
		expect(sameData(copy, record, 3)).toBe(false);
		record.optOut.pop();
		expect(sameData(copy, record, 3)).toBe(true);
		record.contacts[0].email = 'c@x.test';
		expect(sameData(copy, record, 3)).toBe(false);
	});

	it('keeps a "__proto__" key as an own key, and never equals what it could not copy', () => {
		const v = JSON.parse('{"__proto__": {"polluted": true}, "a": 1}');
		const copy = copyData(v, 3) as Record<string, unknown>;
		expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
		expect(Object.prototype.hasOwnProperty.call(copy, '__proto__')).toBe(true);
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
		expect(sameData(copy, v, 3)).toBe(true);
		const when = new Date(0);
		const withDate = { at: when };
		expect(sameData(copyData(withDate, 3), withDate, 3)).toBe(false);
		const deep = { a: { b: { c: { d: 1 } } } };
		expect(sameData(copyData(deep, 3), deep, 3)).toBe(false);
	});
});
