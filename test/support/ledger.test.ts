import * as fs from 'fs';
import * as path from 'path';

import { DecisionEngine } from '../../nodes/core/engine';
import { isValidationError } from '../../nodes/core/errors';
import { applyMapping, compileMapping } from '../../nodes/core/mapping';
import type { Decision, Outcome } from '../../nodes/core/types';
import { DEFAULT_AS_OF, DEFAULT_LEDGER_STEPS, generateLedger, type LedgerItem } from './ledger';
import { DEFAULT_STEPS } from '../../nodes/core/policy';

const AS_OF = DEFAULT_AS_OF;
const mapping = compileMapping('canonical');

function decideAll(items: ReadonlyArray<Record<string, unknown>>, asOf = AS_OF): Decision[] {
	const engine = new DecisionEngine({}, asOf);
	return items.map((item) => engine.decideRaw(applyMapping(mapping, item)));
}

describe('generated ledger (test/support/ledger.ts)', () => {
	it('is deterministic: the same seed gives the same ledger, another seed another one', () => {
		const a = generateLedger({ seed: 7, invoices: 300, asOf: AS_OF });
		const b = generateLedger({ seed: 7, invoices: 300, asOf: AS_OF });
		expect(JSON.stringify(a)).toBe(JSON.stringify(b));
		const c = generateLedger({ seed: 8, invoices: 300, asOf: AS_OF });
		expect(JSON.stringify(c)).not.toBe(JSON.stringify(a));
		expect(a).toHaveLength(300);
		expect(new Set(a.map((i) => i.invoiceId)).size).toBe(300);
	});

	it('replays the same cadence as the default policy', () => {
		expect(DEFAULT_LEDGER_STEPS.map((s) => [s.id, s.offsetDays, s.channels])).toEqual(DEFAULT_STEPS.map((s) => [s.id, s.offsetDays, s.channels]));
	});

	it('honours the requested number of customers, each with at least one invoice', () => {
		const items = generateLedger({ seed: 'customers', invoices: 500, customers: 200, asOf: AS_OF });
		expect(new Set(items.map((i) => i.customerId)).size).toBe(200);
	});

	describe('2,000 items', () => {
		const items = generateLedger({ seed: 42, invoices: 2000, asOf: AS_OF });
		let decisions: Decision[] = [];

		it('every item passes mapping + validation + decision without a ValidationError', () => {
			const engine = new DecisionEngine({}, AS_OF);
			const failures: string[] = [];
			decisions = [];
			for (const item of items) {
				try {
					decisions.push(engine.decideRaw(applyMapping(mapping, item as unknown as Record<string, unknown>)));
				} catch (e) {
					failures.push(`${item.invoiceId}: ${isValidationError(e) ? JSON.stringify(e.issues) : String(e)}`);
				}
			}
			expect(failures).toEqual([]);
			expect(decisions).toHaveLength(items.length);
		});

		it('covers send, hold, approval and human outcomes and the main stop reasons', () => {
			const outcomes = new Map<Outcome, number>();
			const codes = new Set<string>();
			for (const d of decisions) {
				outcomes.set(d.outcome, (outcomes.get(d.outcome) ?? 0) + 1);
				codes.add(d.reason.code);
			}
			for (const o of ['send', 'hold', 'approval', 'human'] as Outcome[]) expect(outcomes.get(o) ?? 0).toBeGreaterThan(0);
			for (const code of ['SEND', 'NOTHING_DUE', 'ALREADY_SENT', 'DISPUTE_OPEN', 'PROMISE_TO_PAY', 'QUIET_HOURS', 'INVOICE_PAID', 'AUTO_CHARGE_PENDING', 'TOUCH_CAP', 'MIN_GAP']) {
				expect(codes).toContain(code);
			}
		});

		it('has realistic skew: places, currencies, key accounts, tiers, history kinds', () => {
			const customers = new Map<string, LedgerItem['customer']>();
			for (const i of items) customers.set(i.customerId, i.customer);
			const list = [...customers.values()];
			const countries = new Set(list.map((c) => c.country));
			expect(countries.size).toBeGreaterThanOrEqual(15);
			expect(new Set(list.map((c) => c.timeZone)).size).toBeGreaterThanOrEqual(20);
			expect(new Set(items.map((i) => i.currency)).size).toBeGreaterThanOrEqual(10);
			const keyShare = list.filter((c) => c.keyAccount).length / list.length;
			expect(keyShare).toBeGreaterThan(0.02);
			expect(keyShare).toBeLessThan(0.1);
			const tiers = new Set(decisions.map((d) => d.aging.tier));
			expect([...tiers].sort()).toEqual(['critical', 'early', 'late', 'pre-due']);
			// Amounts are skewed: the mean (in USD invoices) is well above the median.
			const usd = items.filter((i) => i.currency === 'USD').map((i) => i.amount).sort((a, b) => a - b);
			const mean = usd.reduce((s, v) => s + v, 0) / usd.length;
			expect(mean).toBeGreaterThan(1.5 * usd[Math.floor(usd.length / 2)]);
			const kinds = new Set(items.map((i) => (i.history === undefined ? 'none' : Array.isArray(i.history) ? 'list' : 'summary')));
			expect([...kinds].sort()).toEqual(['list', 'none', 'summary']);
			// Every due date within 60 days ahead .. 120 days past asOf; never issued after asOf.
			const today = AS_OF.slice(0, 10);
			for (const i of items) {
				expect(i.issueDate <= today).toBe(true);
				const dpd = Math.round((Date.parse(today) - Date.parse(i.dueDate)) / 86_400_000);
				expect(dpd).toBeGreaterThanOrEqual(-60);
				expect(dpd).toBeLessThanOrEqual(120);
			}
		});

		it('never decides to send a step that the touch log already holds (replay and engine agree)', () => {
			for (let k = 0; k < items.length; k++) {
				const d = decisions[k];
				if (d.outcome !== 'send') continue;
				const sent = new Set(items[k].touches.filter((t) => t.status === 'sent').map((t) => t.dedupeKey));
				for (const key of d.dedupeKeys) expect(sent.has(key)).toBe(false);
			}
		});
	});
});

// ---------------------------------------------------------------------------------------------
// The bundled sample ledger of the demo.

interface SampleLedger {
	asOf: string;
	description: string;
	invoices: Array<LedgerItem & { scenario: string }>;
}

const SAMPLE_PATH = path.join(__dirname, '..', '..', 'workflows', 'sample-ledger.json');

/** invoiceId -> [outcome, deciding reason code, step (or null)]. */
const EXPECTED: Record<string, [Outcome, string, string | null]> = {
	'INV-2026-0101': ['send', 'SEND', 'D-7'], // on-time payer, pre-due courtesy reminder
	'INV-2026-0087': ['hold', 'INVOICE_PAID', 'D+21'], // paid invoice still in the export
	'INV-2026-0140': ['send', 'SEND', 'D0'], // due on receipt, issued today
	'INV-2026-0122': ['hold', 'NOTHING_DUE', null], // next step D-7 on 20 March
	'INV-2026-0131': ['send', 'SEND', 'D-3'], // French pre-due reminder
	'INV-2026-0098': ['send', 'SEND', 'D+7'], // German D+7
	'INV-2026-0143': ['send', 'SEND', 'D+7'], // European Portuguese D+7
	'INV-2026-0144': ['send', 'SEND', 'D-3'], // Swiss German pre-due reminder, in CHF
	'INV-2026-0034': ['human', 'HUMAN_TASK', 'D+45'], // chronic late payer, 45 days: finance decision
	'INV-2026-0061': ['send', 'SEND', 'D+21'], // catch-up after the missed run, escalating
	'INV-2026-0072': ['approval', 'APPROVAL_REQUIRED', 'D+21'], // key account at a firm step
	'INV-2026-0049': ['approval', 'APPROVAL_REQUIRED', 'D+30'], // balance above the threshold
	'INV-2026-0093': ['hold', 'DISPUTE_OPEN', 'D+7'],
	'INV-2026-0095': ['send', 'SEND', 'D+7'], // partial payment: remaining balance
	'INV-2026-0083': ['hold', 'PROMISE_TO_PAY', null],
	'INV-2026-0117': ['hold', 'CUSTOMER_REPLIED', 'D+7'],
	'INV-2026-0112': ['hold', 'OUT_OF_OFFICE', 'D+7'],
	'INV-2025-0911': ['hold', 'PAYMENT_PLAN', 'D+45'],
	'INV-2026-0138': ['hold', 'AUTO_CHARGE_PENDING', 'D+1'], // card on file, due yesterday: charged within the grace, not reminded
	'INV-2026-0141': ['hold', 'AUTO_CHARGE_PENDING', 'D-1'],
	'INV-2026-0100': ['hold', 'BALANCE_UNDER_TOLERANCE', 'D+7'],
	'INV-2026-0066': ['send', 'SEND', 'D+14'], // SMS opt-out: e-mail only
	'INV-2026-0109': ['send', 'SEND', 'D+7'], // no e-mail: SMS fallback
	'INV-2026-0115': ['send', 'SEND', 'D+7'], // e-mail opt-out: SMS fallback, never e-mail
	'INV-2026-0110': ['human', 'NO_REACHABLE_CHANNEL', 'D+7'], // no contact at all
	'INV-2026-0067': ['send', 'SEND', 'D+14'], // WhatsApp preferred
	'INV-2026-0096': ['hold', 'QUIET_HOURS', 'D+7'], // Tokyo, midnight
	'INV-2026-0129': ['hold', 'QUIET_HOURS', 'D-3'], // Sydney, 2 a.m.
	'INV-2026-0097': ['hold', 'HOLIDAY', 'D+7'], // St Patrick's Day in Ireland
	'INV-2026-0102': ['hold', 'ALREADY_SENT', null],
	'INV-2026-0118': ['hold', 'TOUCH_CAP', 'D-3'],
	'INV-2026-0123': ['hold', 'MIN_GAP', 'D0'],
	'INV-2026-0104': ['hold', 'ALREADY_SENT', null], // same-day re-run
	'INV-2026-0079': ['send', 'SEND', 'D+15'], // internal alert to the account owner
	'INV-2026-0119': ['hold', 'MANUAL_PAUSE', 'D+7'],
	'INV-2026-0145': ['human', 'CREDIT_ON_ACCOUNT', 'D+7'], // paid, not matched: a person applies the credit
};

describe('sample ledger (workflows/sample-ledger.json)', () => {
	const sample = JSON.parse(fs.readFileSync(SAMPLE_PATH, 'utf8')) as SampleLedger;
	const byId = new Map<string, Decision>();
	for (const d of decideAll(sample.invoices as unknown as Array<Record<string, unknown>>, sample.asOf)) byId.set(d.invoiceId, d);

	it('is anchored at 2026-03-17T15:00:00Z, describes itself, and every invoice explains its scenario', () => {
		expect(sample.asOf).toBe('2026-03-17T15:00:00Z');
		expect(sample.description.length).toBeGreaterThan(20);
		expect(sample.invoices.length).toBeGreaterThanOrEqual(25);
		expect(sample.invoices.length).toBeLessThanOrEqual(40);
		for (const inv of sample.invoices) expect(inv.scenario.length).toBeGreaterThan(10);
		expect(Object.keys(EXPECTED).sort()).toEqual(sample.invoices.map((i) => i.invoiceId).sort());
	});

	it('uses fictional addresses only (example.com)', () => {
		const text = fs.readFileSync(SAMPLE_PATH, 'utf8');
		for (const m of text.match(/[\w.+-]+@[\w.-]+/g) ?? []) expect(m).toMatch(/@([\w-]+\.)*example\.com$/);
		for (const m of text.match(/https?:\/\/[^"\s]+/g) ?? []) expect(m).toMatch(/^https:\/\/([\w-]+\.)*example\.com\//);
	});

	it.each(Object.entries(EXPECTED))('%s lands where its scenario says', (invoiceId, [outcome, code, step]) => {
		const d = byId.get(invoiceId);
		expect(d).toBeDefined();
		expect({ outcome: d!.outcome, code: d!.reason.code, step: d!.step }).toEqual({ outcome, code, step });
	});

	it('details: channels, fallbacks, catch-up, resume times, tiers', () => {
		const get = (id: string) => byId.get(id)!;
		expect(get('INV-2026-0066').channels).toEqual(['email']);
		expect(get('INV-2026-0066').droppedChannels).toEqual([{ channel: 'sms', code: 'OPTED_OUT' }]);
		expect(get('INV-2026-0109').channels).toEqual(['sms']);
		expect(get('INV-2026-0067').channels).toEqual(['email', 'whatsapp']);
		expect(get('INV-2026-0115').channels).toEqual(['sms']);
		expect(get('INV-2026-0115').droppedChannels).toEqual([{ channel: 'email', code: 'OPTED_OUT' }]);
		// Without the opt-out the same invoice would be e-mailed: the scenario is what keeps e-mail away.
		const optedOut = sample.invoices.find((i) => i.invoiceId === 'INV-2026-0115')!;
		const optedIn = decideAll([{ ...optedOut, customer: { ...optedOut.customer, optOut: [] } }] as unknown as Array<Record<string, unknown>>, sample.asOf)[0];
		expect(optedIn.channels).toEqual(['email']);
		expect(get('INV-2026-0138').reason.resumeAt).toBe('2026-03-20T12:00:00.000Z'); // the grace ends on 19 March: reminders from 20 March, 08:00 in Miami
		expect(get('INV-2026-0079').channels).toEqual(['internal']);
		expect(get('INV-2026-0061').aging.catchUp).toBe(true);
		expect(get('INV-2026-0061').tone).toBe('escalating');
		expect(get('INV-2026-0034').aging.tier).toBe('critical');
		expect(get('INV-2026-0095').balance).toBe(2800);
		expect(get('INV-2026-0096').reason.resumeAt).toBe('2026-03-17T23:00:00.000Z'); // 08:00 in Tokyo
		expect(get('INV-2026-0129').reason.resumeAt).toBe('2026-03-17T21:00:00.000Z'); // 08:00 in Sydney
		expect(get('INV-2026-0097').reason.resumeAt).toBe('2026-03-18T08:00:00.000Z'); // 08:00 in Dublin, the day after
		expect(get('INV-2026-0049').ccFinance).toBe(true);
		// Nothing at all goes to the paid, disputed or settled invoices.
		for (const id of ['INV-2026-0087', 'INV-2026-0093', 'INV-2026-0100']) expect(get(id).channels).toEqual([]);
	});
});
