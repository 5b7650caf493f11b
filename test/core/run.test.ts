/**
 * The run-level path (DecisionEngine.prepareAll / decideAll): the same inputs, errors and decisions as prepare and
 * decide called item by item in the order given, whatever the order of the items; only the order of the work
 * differs (customer by customer).
 */
import fc from 'fast-check';

import { customerOrder, DecisionEngine, type RawDecisionInput } from '../../nodes/core/engine';
import { ValidationError } from '../../nodes/core/errors';
import { applyMapping, compileMapping } from '../../nodes/core/mapping';
import type { Decision } from '../../nodes/core/types';
import { generateLedger } from '../support/ledger';

const NOW = '2026-03-17T15:00:00Z';
const mapping = compileMapping('canonical');

/** A ledger as n8n hands it over: each item its own copy of its records. */
function ledger(seed: number, invoices: number): RawDecisionInput[] {
	return generateLedger({ seed, invoices, asOf: NOW }).map((item) => applyMapping(mapping, JSON.parse(JSON.stringify(item))));
}

/** prepare, then decide, item by item in the order given, on one engine: what decideAll must equal. */
function itemByItem(raws: RawDecisionInput[], policy: object = {}, options = {}): Array<Decision | string> {
	const engine = new DecisionEngine(policy, NOW, options);
	return raws.map((raw) => {
		try {
			return engine.decide(engine.prepare(raw));
		} catch (e) {
			if (!(e instanceof ValidationError)) throw e;
			return `invalid: ${e.message}`;
		}
	});
}

function wholeRun(raws: RawDecisionInput[], policy: object = {}, options = {}): Array<Decision | string> {
	const engine = new DecisionEngine(policy, NOW, options);
	return engine.decideAll(engine.prepareAll(raws)).map((d) => (d instanceof ValidationError ? `invalid: ${d.message}` : d));
}

/** decideAll on a list of inputs (grouped by decideAll itself), with the invalid items left out. */
function wholeList(raws: RawDecisionInput[], policy: object = {}): Decision[] {
	const engine = new DecisionEngine(policy, NOW);
	const inputs = raws.flatMap((raw) => {
		try {
			return [engine.prepare(raw)];
		} catch {
			return [];
		}
	});
	return engine.decideAll(inputs);
}

describe('customerOrder', () => {
	it('groups indexes by key, groups in order of first appearance, each group ascending', () => {
		const keys = ['b', 'a', 'b', undefined, 'c', 'a', undefined, 'b'];
		expect(Array.from(customerOrder(keys.length, (i) => keys[i]))).toEqual([0, 2, 7, 1, 5, 3, 6, 4]);
		expect(Array.from(customerOrder(0, () => 'x'))).toEqual([]);
		// Numbers and texts are different keys (an id given as 7 and as '7' are two groups: only the order differs).
		expect(Array.from(customerOrder(3, (i) => [7, '7', 7][i]))).toEqual([0, 2, 1]);
	});

	it('is a permutation that keeps each key\'s indexes in order', () => {
		fc.assert(
			fc.property(fc.array(fc.option(fc.integer({ min: 0, max: 5 }), { nil: undefined }), { maxLength: 60 }), (keys) => {
				const order = Array.from(customerOrder(keys.length, (i) => keys[i]));
				expect([...order].sort((a, b) => a - b)).toEqual(keys.map((_, i) => i));
				for (let k = 1; k < order.length; k++) {
					// Within a key ascending; a key's indexes are contiguous.
					if (keys[order[k]] === keys[order[k - 1]]) expect(order[k]).toBeGreaterThan(order[k - 1]);
				}
				const seen = new Set<unknown>();
				for (let k = 0; k < order.length; k++) {
					const key = keys[order[k]];
					if (k > 0 && key !== keys[order[k - 1]]) expect(seen.has(key)).toBe(false);
					seen.add(key);
				}
			}),
		);
	});
});

describe('a whole run (prepareAll, decideAll)', () => {
	it('decides a generated ledger exactly as item by item, with records shared or not', () => {
		const raws = ledger(21, 3000);
		const expected = itemByItem(raws);
		const run = wholeRun(raws);
		expect(run).toEqual(expected);
		expect(wholeRun(raws, {}, { shareRecords: false })).toEqual(expected);
		expect(wholeList(raws)).toEqual(expected.filter((d) => typeof d !== 'string'));
		// The ledger exercises what the run carries from one invoice of a customer to the next: messages decided
		// earlier in the run count towards a later invoice's touch cap and minimum gap.
		const codes = new Set((run as Decision[]).flatMap((d) => d.reasons.map((r) => r.code)));
		expect(codes.has('SEND') && codes.has('TOUCH_CAP') && codes.has('MIN_GAP')).toBe(true);
	});

	it('gives each invalid item the error prepare throws, at its place, and decides the others', () => {
		const raws = ledger(22, 400);
		const broken = raws.map((raw, i) => {
			if (i % 37 === 5) return { ...raw, invoice: { ...(raw.invoice as object), dueDate: '2026-02-30' } };
			if (i % 41 === 7) return { ...raw, customer: undefined };
			if (i % 43 === 9) return { ...raw, touches: [{ step: 'D+1' }] };
			if (i === 11) return null as unknown as RawDecisionInput;
			return raw;
		});
		const expected = itemByItem(broken);
		expect(expected.filter((d) => typeof d === 'string').length).toBeGreaterThan(25);
		expect(wholeRun(broken)).toEqual(expected);
		const engine = new DecisionEngine({}, NOW);
		const prepared = engine.prepareAll(broken);
		expect(prepared.items[5]).toBeInstanceOf(ValidationError);
		expect((prepared.items[5] as ValidationError).issues[0].field).toBe('invoice.dueDate');
		expect(Object.isFrozen(prepared) && Object.isFrozen(prepared.items)).toBe(true);
		expect(wholeList(broken)).toEqual(expected.filter((d) => typeof d !== 'string'));
	});

	it('any order of the items, customers interleaved: the decisions of item-by-item in that order', () => {
		// Few customers with several invoices due for a message today, so that the run's own messages decide the
		// touch cap and the minimum gap of the customer's later invoices: the order within a customer matters.
		const dueOffsets = [-7, -3, -1, 0, 1, 7, 14, 21];
		const raw = (customer: number, n: number, offset: number, touched: boolean): RawDecisionInput => {
			const due = new Date(Date.parse(NOW) - offset * 86_400_000).toISOString().slice(0, 10);
			const invoiceId = `INV-${customer}-${n}`;
			const customerId = `C${customer}`;
			return {
				invoice: { invoiceId, customerId, amount: 800 + 100 * n, currency: 'USD', issueDate: '2025-12-01', dueDate: due },
				customer: { customerId, name: `Customer ${customer}`, email: `ap@c${customer}.test`, timeZone: 'America/New_York', country: 'US' },
				touches: touched ? [{ invoiceId: `INV-${customer}-0`, customerId, step: 'D-3', channel: 'email', sentAt: '2026-03-15T15:00:00Z' }] : [],
			};
		};
		const item = fc.record({ customer: fc.integer({ min: 0, max: 3 }), offset: fc.constantFrom(...dueOffsets), touched: fc.boolean() });
		let runTouchEffects = 0;
		fc.assert(
			fc.property(fc.array(item, { minLength: 1, maxLength: 24 }), fc.constantFrom({}, { touchCap: { perCustomerPerWeek: 2 }, minGapHours: 0 }), (items, policy) => {
				const raws = items.map((it, n) => raw(it.customer, n, it.offset, it.touched));
				const expected = itemByItem(raws, policy);
				expect(wholeRun(raws, policy)).toEqual(expected);
				expect(wholeList(raws, policy)).toEqual(expected);
				// Decided alone, without the run's earlier messages, some invoice would have been sent.
				const alone = itemByItem(raws, policy, { trackRunTouches: false });
				if ((expected as Decision[]).some((d, i) => d.outcome !== (alone[i] as Decision).outcome)) runTouchEffects++;
			}),
			{ numRuns: 150, seed: 20261207 },
		);
		expect(runTouchEffects).toBeGreaterThan(20);
	});

	it('a run prepared once is decided on other days by other engines of the same policy, as those engines would', () => {
		const raws = ledger(23, 800);
		const run = new DecisionEngine({}, NOW).prepareAll(raws);
		for (const later of ['2026-03-18T15:00:00Z', '2026-03-23T09:30:00Z']) {
			const expected = raws.map((raw) => {
				const engine = new DecisionEngine({}, later, { trackRunTouches: false });
				return engine.decide(engine.prepare(raw));
			});
			expect(new DecisionEngine({}, later, { trackRunTouches: false }).decideAll(run)).toEqual(expected);
		}
	});

	it('shares a customer\'s validated touch log between its invoices when the lists are equal', () => {
		const touches = () => [
			{ invoiceId: 'INV-1', customerId: 'C1', step: 'D+1', channel: 'email', sentAt: '2026-03-11T14:00:00Z' },
			{ invoiceId: 'INV-2', customerId: 'C1', step: 'D-3', channel: 'email', sentAt: '2026-03-14T14:00:00Z' },
		];
		const raw = (id: string, list: unknown) => ({
			invoice: { invoiceId: id, customerId: 'C1', amount: 1200, currency: 'USD', issueDate: '2026-02-08', dueDate: '2026-03-10' },
			customer: { customerId: 'C1', name: 'Acme Corp', email: 'anna@acme.test' },
			touches: list,
		});
		const engine = new DecisionEngine({}, NOW);
		const [a, b] = engine.prepareAll([raw('INV-1', touches()), raw('INV-2', touches())]).items as unknown as Array<{ touches: unknown[] }>;
		expect(b.touches).toBe(a.touches);
		expect(Object.isFrozen(a.touches) && Object.isFrozen(a.touches[0])).toBe(true);
		// A different list, or the same list changed in place, is validated afresh.
		const changed = touches();
		const c = engine.prepare(raw('INV-3', changed));
		expect(c.touches).toBe(a.touches);
		(changed[1] as Record<string, unknown>).status = 'failed';
		const d = engine.prepare(raw('INV-3', changed));
		expect(d.touches).not.toBe(a.touches);
		expect(d.touches?.[1].status).toBe('failed');
		// Not shared when told not to.
		const unshared = new DecisionEngine({}, NOW, { shareRecords: false });
		const [e, f] = unshared.prepareAll([raw('INV-1', touches()), raw('INV-2', touches())]).items as unknown as Array<{ touches: unknown[] }>;
		expect(f.touches).not.toBe(e.touches);
		expect(f.touches).toEqual(a.touches);
	});

	it('throws what is not a validation error', () => {
		const engine = new DecisionEngine({}, NOW);
		const hostile = {
			get invoice(): never {
				throw new RangeError('boom');
			},
		} as unknown as RawDecisionInput;
		expect(() => engine.prepareAll([hostile])).toThrow(RangeError);
	});
});
