/**
 * The building blocks the package exports (nodes/core/index.ts: ageInvoice, daysPastDue, tierFor, scoreRisk,
 * activeHolds) checked where a program calls them: anything but the typed values they take is a ValidationError
 * naming the argument or field, never a TypeError from inside; on well-formed values they give exactly what the
 * unchecked functions the engine uses give.
 */
import fc from 'fast-check';
import * as api from '../../nodes/core';
import { ageInvoice, daysPastDue, tierFor } from '../../nodes/core/aging';
import { parseDay } from '../../nodes/core/dates';
import { activeHolds } from '../../nodes/core/engine';
import { isValidationError } from '../../nodes/core/errors';
import { DEFAULT_POLICY } from '../../nodes/core/policy';
import { prepareHistory, scoreRisk } from '../../nodes/core/risk';
import type { Hold, Invoice } from '../../nodes/core/types';

const TODAY = parseDay('2026-03-17') as number;
const invoice = { invoiceId: 'INV-1', customerId: 'C1', amount: 1200, amountPaid: 0, balance: 1200, currency: 'USD', issueDate: '2026-02-08', dueDate: '2026-03-10', status: 'open', autoCharge: false } as Invoice;
const customer = { segment: 'smb' as const, keyAccount: false, annualValue: 30000, customerSince: '2024-01-01' };
const touches = [{ invoiceId: 'INV-1', step: 'D+1', channel: 'email' as const, sentAt: '2026-03-11T14:00:00Z', dedupeKey: 'INV-1:D+1:email' }];
const holds: Hold[] = [{ holdId: 'p', type: 'promise', invoiceId: 'INV-1', until: '2026-03-20', active: true }];

/** The field a call's ValidationError names, or '(ok)'; any other error fails the test. */
function fieldOf(call: () => unknown): string {
	try {
		call();
	} catch (e) {
		if (isValidationError(e)) return e.field;
		throw e;
	}
	return '(ok)';
}

describe('exported building blocks, checked at the call', () => {
	it('give what the engine\'s unchecked functions give on well-formed values', () => {
		expect(api.ageInvoice(invoice, TODAY, DEFAULT_POLICY, { touches, invoiceId: 'INV-1' })).toEqual(ageInvoice(invoice, TODAY, DEFAULT_POLICY, { touches, invoiceId: 'INV-1' }));
		expect(api.ageInvoice(invoice, TODAY, DEFAULT_POLICY)).toEqual(ageInvoice(invoice, TODAY, DEFAULT_POLICY, { touches: [] }));
		expect(api.daysPastDue(TODAY, TODAY - 7)).toBe(daysPastDue(TODAY, TODAY - 7));
		expect(api.tierFor(20, DEFAULT_POLICY.tiers)).toBe(tierFor(20, DEFAULT_POLICY.tiers));
		const history = prepareHistory([{ invoiceId: 'P1', issueDate: '2026-01-01', dueDate: '2026-01-31', paidDate: '2026-02-20', amount: 1000 }]);
		const input = { invoice, customer, history, asOfDay: TODAY };
		expect(api.scoreRisk(input)).toEqual(scoreRisk(input));
		expect(api.scoreRisk({ invoice, customer, history: undefined as never, asOfDay: TODAY })).toEqual(scoreRisk({ invoice, customer, history: { kind: 'none' }, asOfDay: TODAY }));
		expect(api.activeHolds(holds, invoice, TODAY, 2)).toEqual(activeHolds(holds, invoice, TODAY, 2));
	});

	it('a raw policy is validated (its bad field named), a validated one used as it is', () => {
		expect(fieldOf(() => api.ageInvoice(invoice, TODAY, { quietHours: { end: '8am' } } as never))).toBe('policy.quietHours.end');
		expect(api.ageInvoice(invoice, TODAY, { timeZone: 'Europe/Berlin' } as never).tier).toBe('early');
		// No policy is the default policy, as for validatePolicy and the engine.
		expect(api.ageInvoice(invoice, TODAY, undefined as never)).toEqual(ageInvoice(invoice, TODAY, DEFAULT_POLICY, { touches: [] }));
	});

	it.each<[string, string, () => unknown]>([
		['ageInvoice: no invoice', 'invoice', () => api.ageInvoice(null as never, TODAY, DEFAULT_POLICY)],
		['ageInvoice: due date not a date', 'invoice.dueDate', () => api.ageInvoice({ ...invoice, dueDate: '2026-02-30' }, TODAY, DEFAULT_POLICY)],
		['ageInvoice: issue date a number', 'invoice.issueDate', () => api.ageInvoice({ ...invoice, issueDate: 5 as never }, TODAY, DEFAULT_POLICY)],
		['ageInvoice: day a date text', 'todayDay', () => api.ageInvoice(invoice, '2026-03-17' as never, DEFAULT_POLICY)],
		['ageInvoice: options a list', 'options', () => api.ageInvoice(invoice, TODAY, DEFAULT_POLICY, [] as never)],
		['ageInvoice: touches not a list', 'options.touches', () => api.ageInvoice(invoice, TODAY, DEFAULT_POLICY, { touches: 'D+1' as never })],
		['ageInvoice: a touch that is null', 'options.touches[0]', () => api.ageInvoice(invoice, TODAY, DEFAULT_POLICY, { touches: [null as never] })],
		['ageInvoice: a touch on no channel', 'options.touches[0].channel', () => api.ageInvoice(invoice, TODAY, DEFAULT_POLICY, { touches: [{ ...touches[0], channel: 'fax' as never }] })],
		['ageInvoice: anchor day NaN', 'options.anchorDay', () => api.ageInvoice(invoice, TODAY, DEFAULT_POLICY, { anchorDay: NaN })],
		['ageInvoice: preferred channel unknown', 'options.preferredChannel', () => api.ageInvoice(invoice, TODAY, DEFAULT_POLICY, { preferredChannel: 'pigeon' as never })],
		['daysPastDue: NaN', 'todayDay', () => api.daysPastDue(NaN, TODAY)],
		['daysPastDue: an object', 'dueDay', () => api.daysPastDue(TODAY, {} as never)],
		['tierFor: no tiers', 'tiers', () => api.tierFor(3, undefined as never)],
		['tierFor: empty tiers', 'tiers', () => api.tierFor(3, [])],
		['tierFor: a tier without days', 'tiers[0].fromDay', () => api.tierFor(3, [{ id: 'early' } as never])],
		['tierFor: days NaN', 'daysPastDue', () => api.tierFor(NaN, DEFAULT_POLICY.tiers)],
		['scoreRisk: no input', 'input', () => api.scoreRisk(undefined as never)],
		['scoreRisk: no invoice', 'invoice', () => api.scoreRisk({ customer, history: { kind: 'none' }, asOfDay: TODAY } as never)],
		['scoreRisk: customer null', 'customer', () => api.scoreRisk({ invoice, customer: null, history: { kind: 'none' }, asOfDay: TODAY } as never)],
		['scoreRisk: history of no known kind', 'history', () => api.scoreRisk({ invoice, customer, history: { kind: 'weird' }, asOfDay: TODAY } as never)],
		['scoreRisk: history list not a list', 'history.invoices', () => api.scoreRisk({ invoice, customer, history: { kind: 'list', invoices: 3 }, asOfDay: TODAY } as never)],
		['scoreRisk: bands not an object', 'config.bands', () => api.scoreRisk({ invoice, customer, history: { kind: 'none' }, asOfDay: TODAY }, { bands: 5 } as never)],
		['activeHolds: holds an object', 'holds', () => api.activeHolds({} as never, invoice, TODAY, 2)],
		['activeHolds: a hold that is null', 'holds[0]', () => api.activeHolds([null as never], invoice, TODAY, 2)],
		['activeHolds: until not a date', 'holds[0].until', () => api.activeHolds([{ ...holds[0], until: 'Friday' }], invoice, TODAY, 2)],
		['activeHolds: active a text', 'holds[0].active', () => api.activeHolds([{ ...holds[0], active: 'yes' as never }], invoice, TODAY, 2)],
		['activeHolds: no invoice', 'invoice', () => api.activeHolds(holds, null as never, TODAY, 2)],
		['activeHolds: negative grace', 'promiseGraceDays', () => api.activeHolds(holds, invoice, TODAY, -1)],
	])('%s: a ValidationError naming %p', (_name, field, call) => {
		expect(fieldOf(call)).toBe(field);
	});

	it('junk in any argument is a result or a ValidationError, never another error (fast-check)', () => {
		const junk = fc.constantFrom<unknown>(undefined, null, NaN, -1, 0, 1.5, '', 'x', '2026-02-30', [], [null], {}, { kind: 'list' }, true, Infinity);
		fc.assert(
			fc.property(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 }), junk, (fn, arg, value) => {
				const args: unknown[][] = [
					[invoice, TODAY, DEFAULT_POLICY, { touches }],
					[{ invoice, customer, history: { kind: 'none' }, asOfDay: TODAY }, undefined],
					[holds, invoice, TODAY, 2],
					[20, DEFAULT_POLICY.tiers],
				];
				const calls = [api.ageInvoice, api.scoreRisk, api.activeHolds, api.tierFor] as Array<(...a: unknown[]) => unknown>;
				const a = args[fn].slice();
				a[arg % a.length] = value;
				expect(typeof fieldOf(() => calls[fn](...a))).toBe('string');
			}),
			{ numRuns: 500 },
		);
	});
});

describe('the data entry points of the sub-APIs (metrics, events, replay) reject what is not their input by name', () => {
	const NOW = '2026-03-17T15:00:00Z';
	it.each<[string, string, () => unknown]>([
		['metrics.readLedger: not a list', 'ledger', () => api.metrics.readLedger('rows' as never)],
		['metrics.readTouchLog: an object', 'touches', () => api.metrics.readTouchLog({} as never)],
		['metrics.readApprovalLog: undefined', 'approvals', () => api.metrics.readApprovalLog(undefined as never)],
		['metrics.compileLedgerMap: a number', 'map', () => api.metrics.compileLedgerMap(5 as never)],
		['metrics.compileLedgerMap: a currency that is not one', 'defaultCurrency', () => api.metrics.compileLedgerMap({}, 42 as never)],
		['metrics.readLedgerRecord: no reader', 'reader', () => api.metrics.readLedgerRecord({ invoiceId: 'A' }, 5 as never)],
		['metrics.computeMetrics: no options', 'options', () => api.metrics.computeMetrics([], [], null as never)],
		['metrics.computeMetrics: ledger not a list', 'ledger', () => api.metrics.computeMetrics('x' as never, [], { from: '2026-01-01', to: '2026-03-31' })],
		['metrics.computeMetrics: touches not a list', 'touches', () => api.metrics.computeMetrics([], null as never, { from: '2026-01-01', to: '2026-03-31' })],
		['events.applyEvents: events not a list', 'events', () => api.events.applyEvents(null, 'paid' as never, {}, NOW)],
		['events.classifyReply: no reply', 'reply', () => api.events.classifyReply(null as never)],
		['events.duePromiseBreak: now an object without a prototype', 'now', () => api.events.duePromiseBreak(null, {}, Object.create(null))],
		['replay.replayPolicy: ledger not a list', 'ledger', () => api.replay.replayPolicy({} as never, {}, { from: '2026-01-01', to: '2026-01-31' })],
		['replay.replayPolicy: no options', 'options', () => api.replay.replayPolicy([], {}, undefined as never)],
	])('%s: a ValidationError naming %p', (_name, field, call) => {
		expect(fieldOf(call)).toBe(field);
	});

	it('junk in any argument of a data entry point is a result or a ValidationError, never another error (fast-check)', () => {
		const junk = fc.constantFrom<unknown>(undefined, null, NaN, 42, '', 'x', [], [null], [{}], {}, Object.create(null), true);
		const calls: Array<[(...a: unknown[]) => unknown, unknown[]]> = [
			[api.metrics.readLedger as never, [[{ invoiceId: 'A', customerId: 'C', amount: 100, issueDate: '2026-01-01', dueDate: '2026-01-31' }]]],
			[api.metrics.readTouchLog as never, [[{ invoiceId: 'A', channel: 'email', sentAt: NOW }]]],
			[api.metrics.readApprovalLog as never, [[]]],
			[api.metrics.computeMetrics as never, [[], [], { from: '2026-01-01', to: '2026-03-31' }, []]],
			[api.events.applyEvents as never, [null, [], {}, NOW]],
			[api.events.classifyReply as never, [{ text: 'We will pay on Friday', receivedAt: NOW }]],
			[api.replay.replayPolicy as never, [[], {}, { from: '2026-01-01', to: '2026-01-10' }]],
		];
		fc.assert(
			fc.property(fc.integer({ min: 0, max: calls.length - 1 }), fc.integer({ min: 0, max: 3 }), junk, (k, arg, value) => {
				const [call, good] = calls[k];
				const a = good.slice();
				a[arg % a.length] = value;
				expect(typeof fieldOf(() => call(...a))).toBe('string');
			}),
			{ numRuns: 500 },
		);
	});
});
