/**
 * A small world for property tests: customers, invoices, and a sequence of daily runs and events
 * (payments, partial payments, disputes, promises, payment plans, replies, opt-outs, credit on account, approvals,
 * failed sends, repeated runs). Each run asks the decision engine about every invoice, "sends" what it says to
 * send, and writes the touch log back, as the example workflow does.
 *
 * The six invariants of DESIGN.md section 6 are checked at every decision against an INDEPENDENT oracle
 * (luxon for the customer's wall clock, date-holidays directly for holidays, the world's own truth for
 * payments, disputes and promises), not against the engine's own helpers; and, with them, that nothing goes to a
 * customer within its reply window or while money on its account not applied yet covers the balance.
 */
import fc from 'fast-check';
import Holidays from 'date-holidays';
import { DateTime } from 'luxon';

import { DecisionEngine, preparePolicy } from '../../../nodes/core/engine';
import type { Approval, Channel, Customer, Decision, Hold, Invoice, Policy, Touch } from '../../../nodes/core/types';

export const POLICY: Policy = preparePolicy({ name: 'sim' });
const START = Date.parse('2026-01-05T00:00:00Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const PLACES: Array<Pick<Customer, 'timeZone' | 'country' | 'region' | 'locale'>> = [
	{ timeZone: 'America/New_York', country: 'US', locale: 'en-US' },
	{ timeZone: 'America/Los_Angeles', country: 'US', region: 'CA', locale: 'en-US' },
	{ timeZone: 'Europe/London', country: 'GB', region: 'ENG', locale: 'en-GB' },
	{ timeZone: 'Europe/Berlin', country: 'DE', region: 'BY', locale: 'de-DE' },
	{ timeZone: 'Asia/Tokyo', country: 'JP', locale: 'ja-JP' },
	{ timeZone: 'Australia/Sydney', country: 'AU', region: 'NSW', locale: 'en-AU' },
	{ timeZone: 'Asia/Kolkata', country: 'IN', locale: 'en-IN' },
];

export type Action =
	| { kind: 'run'; advanceHours: number; repeat: boolean }
	| { kind: 'pay'; invoice: number; fraction: number }
	| { kind: 'dispute'; invoice: number; open: boolean }
	| { kind: 'promise'; invoice: number; inDays: number }
	| { kind: 'plan'; invoice: number; days: number }
	| { kind: 'reply'; customer: number; windowDays: number }
	| { kind: 'optout'; customer: number; channel: Channel }
	| { kind: 'void'; invoice: number }
	/** Money lands on the customer's account unapplied (an unmatched payment, a credit note), in dollars; 0: applied or gone. */
	| { kind: 'credit'; customer: number; dollars: number }
	| { kind: 'approve'; mode: 'approve' | 'reject' };

/**
 * Invoices are in dollars, yen or Kuwaiti dinars; the amounts are drawn in dollars and converted. The oracle's
 * approval threshold and tolerance of each (invariants 4 and 1) are written out here, not asked of the engine: the
 * default policy's 10,000 and 1.00 at face value in dollars, and about their worth in the others (README).
 */
type SimCurrency = 'USD' | 'JPY' | 'KWD';
const PER_DOLLAR: Record<SimCurrency, number> = { USD: 1, JPY: 150, KWD: 0.31 };
const ORACLE_APPROVAL_THRESHOLD: Record<SimCurrency, number> = { USD: 10_000, JPY: 1_500_000, KWD: 3_100 };
/** And the balance that counts as paid (the default tolerance of 1.00, about a dollar in each). */
const ORACLE_TOLERANCE: Record<SimCurrency, number> = { USD: 1, JPY: 150, KWD: 0.31 };

export interface WorldSpec {
	customers: Array<{ place: number; keyAccount: boolean; email: boolean; phone: boolean; pref: Channel | null }>;
	invoices: Array<{ customer: number; amount: number; currency: SimCurrency; dueInDays: number; termsDays: number; autoCharge: boolean }>;
	actions: Action[];
	sendFailureSeed: number;
}

const actionArb = (nInv: number, nCust: number): fc.Arbitrary<Action> =>
	fc.oneof(
		{ weight: 8, arbitrary: fc.record({ kind: fc.constant('run' as const), advanceHours: fc.integer({ min: 1, max: 96 }), repeat: fc.boolean() }) },
		{ weight: 2, arbitrary: fc.record({ kind: fc.constant('pay' as const), invoice: fc.nat(nInv - 1), fraction: fc.oneof(fc.constant(1), fc.double({ min: 0.05, max: 0.999, noNaN: true })) }) },
		{ weight: 1, arbitrary: fc.record({ kind: fc.constant('dispute' as const), invoice: fc.nat(nInv - 1), open: fc.boolean() }) },
		{ weight: 1, arbitrary: fc.record({ kind: fc.constant('promise' as const), invoice: fc.nat(nInv - 1), inDays: fc.integer({ min: 0, max: 20 }) }) },
		{ weight: 1, arbitrary: fc.record({ kind: fc.constant('plan' as const), invoice: fc.nat(nInv - 1), days: fc.integer({ min: 1, max: 60 }) }) },
		{ weight: 1, arbitrary: fc.record({ kind: fc.constant('reply' as const), customer: fc.nat(nCust - 1), windowDays: fc.integer({ min: 1, max: 7 }) }) },
		{ weight: 1, arbitrary: fc.record({ kind: fc.constant('optout' as const), customer: fc.nat(nCust - 1), channel: fc.constantFrom<Channel>('email', 'sms', 'whatsapp') }) },
		{ weight: 1, arbitrary: fc.record({ kind: fc.constant('void' as const), invoice: fc.nat(nInv - 1) }) },
		{ weight: 1, arbitrary: fc.record({ kind: fc.constant('credit' as const), customer: fc.nat(nCust - 1), dollars: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 500 }), fc.integer({ min: 500, max: 60_000 })) }) },
		{ weight: 2, arbitrary: fc.record({ kind: fc.constant('approve' as const), mode: fc.constantFrom<'approve' | 'reject'>('approve', 'reject') }) },
	);

export const worldArb: fc.Arbitrary<WorldSpec> = fc
	.record({
		customers: fc.array(
			fc.record({
				place: fc.nat(PLACES.length - 1),
				keyAccount: fc.boolean(),
				email: fc.oneof({ weight: 5, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
				phone: fc.boolean(),
				pref: fc.constantFrom<Channel | null>(null, null, 'email', 'sms', 'whatsapp'),
			}),
			{ minLength: 1, maxLength: 3 },
		),
		nInv: fc.integer({ min: 1, max: 4 }),
		sendFailureSeed: fc.nat(),
	})
	.chain(({ customers, nInv, sendFailureSeed }) =>
		fc.record({
			customers: fc.constant(customers),
			invoices: fc.array(
				fc.record({
					customer: fc.nat(customers.length - 1),
					amount: fc.oneof(fc.integer({ min: 1, max: 500 }), fc.integer({ min: 500, max: 60_000 })),
					currency: fc.constantFrom<SimCurrency>('USD', 'USD', 'JPY', 'KWD'),
					dueInDays: fc.integer({ min: -60, max: 20 }),
					termsDays: fc.constantFrom(7, 14, 30, 60),
					autoCharge: fc.oneof({ weight: 4, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
				}),
				{ minLength: nInv, maxLength: nInv },
			),
			actions: fc.array(actionArb(nInv, customers.length), { minLength: 1, maxLength: 30 }),
			sendFailureSeed: fc.constant(sendFailureSeed),
		}),
	);

// --------------------------------------------------------------------------------------------
// The independent oracle.

const closedDates = new Map<string, Map<string, string>>();
/** Public and bank holidays of a country/region for a year, straight from date-holidays: date -> name. */
function holidaysOf(country: string, region: string | undefined, year: number): Map<string, string> {
	const key = `${country}|${region ?? ''}|${year}`;
	let m = closedDates.get(key);
	if (!m) {
		const hd = region ? new Holidays(country, region) : new Holidays(country);
		m = new Map();
		for (const h of hd.getHolidays(year)) if ((h.type === 'public' || h.type === 'bank') && !m.has(h.date.slice(0, 10))) m.set(h.date.slice(0, 10), h.name);
		closedDates.set(key, m);
	}
	return m;
}

function oracleClosed(ms: number, c: Customer): string | null {
	const local = DateTime.fromMillis(ms, { zone: c.timeZone });
	if (local.weekday > 5) return 'weekend';
	const name = holidaysOf(c.country as string, c.region, local.year).get(local.toISODate() as string);
	if (name) return `holiday ${name}`;
	if (local.hour >= 20 || local.hour < 8) return `quiet ${local.toFormat('HH:mm')}`;
	return null;
}

// --------------------------------------------------------------------------------------------

interface InvState {
	inv: Invoice;
	disputeOpen: boolean;
	promiseUntil: string | null;
	planUntil: string | null;
}

export interface SimStats {
	decisions: number;
	sends: number;
	outcomes: Record<string, number>;
}

export class InvariantViolation extends Error {}

/** Deterministic pseudo-random numbers for send failures (the world spec carries the seed). */
function rng(seed: number) {
	let s = seed >>> 0 || 1;
	return () => {
		s ^= s << 13;
		s ^= s >>> 17;
		s ^= s << 5;
		return ((s >>> 0) % 1000) / 1000;
	};
}

const iso = (ms: number) => new Date(ms).toISOString();
const dateOf = (ms: number) => iso(ms).slice(0, 10);

export function simulate(spec: WorldSpec, stats: SimStats): void {
	const random = rng(spec.sendFailureSeed);
	let now = START + 9 * HOUR;
	const customers: Customer[] = spec.customers.map((c, i) => ({
		customerId: `C${i}`,
		name: `Customer ${i}`,
		...PLACES[c.place],
		...(c.email ? { email: `c${i}@example.test` } : {}),
		...(c.phone ? { phone: `+1 555 010${i}` } : {}),
		...(c.pref ? { preferredChannel: c.pref } : {}),
		optOut: [],
		bounced: [],
		segment: 'smb',
		keyAccount: c.keyAccount,
	}));
	const invoices: InvState[] = spec.invoices.map((s, i) => {
		const due = START + s.dueInDays * DAY;
		return {
			inv: {
				invoiceId: `I${i}`,
				customerId: `C${s.customer}`,
				amount: Math.round(s.amount * PER_DOLLAR[s.currency] * 100) / 100,
				amountPaid: 0,
				balance: Math.round(s.amount * PER_DOLLAR[s.currency] * 100) / 100,
				currency: s.currency,
				issueDate: dateOf(due - s.termsDays * DAY),
				dueDate: dateOf(due),
				status: 'open',
				autoCharge: s.autoCharge,
			},
			disputeOpen: false,
			promiseUntil: null,
			planUntil: null,
		};
	});
	const replies = new Map<string, string>(); // customerId -> replied hold until (date)
	const credits = new Map<string, number>(); // customerId -> dollars on account, not applied
	const touches: Touch[] = [];
	const approvals: Approval[] = [];
	const pendingApprovals: Array<{ invoiceId: string; step: string }> = [];
	const successfulSends = new Map<string, number>();

	const holdsFor = (s: InvState): Hold[] => {
		const h: Hold[] = [];
		if (s.disputeOpen) h.push({ holdId: `d${s.inv.invoiceId}`, type: 'dispute', invoiceId: s.inv.invoiceId, until: null, active: true });
		if (s.promiseUntil) h.push({ holdId: `p${s.inv.invoiceId}`, type: 'promise', invoiceId: s.inv.invoiceId, until: s.promiseUntil, active: true });
		if (s.planUntil) h.push({ holdId: `l${s.inv.invoiceId}`, type: 'plan', invoiceId: s.inv.invoiceId, until: s.planUntil, active: true });
		const r = replies.get(s.inv.customerId);
		if (r) h.push({ holdId: `r${s.inv.customerId}`, type: 'replied', customerId: s.inv.customerId, until: r, active: true });
		return h;
	};

	const fail = (msg: string, d: Decision) => {
		throw new InvariantViolation(`${msg}\n  at ${iso(now)} decision: ${JSON.stringify({ outcome: d.outcome, step: d.step, tone: d.tone, channels: d.channels, reasons: d.reasons.map((r) => r.code) })}`);
	};

	const runOnce = () => {
		const engine = new DecisionEngine(POLICY, iso(now));
		for (const s of invoices) {
			const customer = customers[Number(s.inv.customerId.slice(1))];
			const d = engine.decide({
				invoice: { ...s.inv },
				customer: { ...customer, optOut: [...customer.optOut], ...(credits.get(customer.customerId) ? { unappliedCredit: Math.round((credits.get(customer.customerId) as number) * PER_DOLLAR[s.inv.currency as SimCurrency] * 100) / 100 } : {}) },
				touches: touches.filter((t) => t.customerId === customer.customerId),
				holds: holdsFor(s),
				approvals,
			});
			stats.decisions++;
			stats.outcomes[d.outcome] = (stats.outcomes[d.outcome] ?? 0) + 1;
			// Invariant 6: exactly one outcome, with a reason.
			if (!['send', 'hold', 'approval', 'human'].includes(d.outcome) || !d.reason || !d.reasons.includes(d.reason)) fail('invariant 6: no single outcome with a reason', d);
			if (d.outcome === 'approval') pendingApprovals.push({ invoiceId: s.inv.invoiceId, step: d.step as string });
			if (d.outcome !== 'send') continue;
			const customerFacing = !d.channels.includes('internal');
			// Invariant 1: nothing for a paid, void or settled invoice.
			if (s.inv.status !== 'open' || s.inv.amount - s.inv.amountPaid <= ORACLE_TOLERANCE[s.inv.currency as SimCurrency]) fail(`invariant 1: send for a ${s.inv.status} invoice with balance ${s.inv.amount - s.inv.amountPaid}`, d);
			// Invariant 3: nothing during a dispute; a promise or plan holds until its date.
			if (s.disputeOpen) fail('invariant 3: send during an open dispute', d);
			const today = engine.todayDay;
			if (s.promiseUntil && Date.parse(s.promiseUntil) / DAY + POLICY.promiseGraceDays >= today) fail('invariant 3: send during a promise to pay', d);
			if (s.planUntil && Date.parse(s.planUntil) / DAY >= today) fail('invariant 3: send during a payment plan', d);
			if (customerFacing) {
				// Invariant 4: firm/escalating to a key account or a large balance needs an approval.
				const large = s.inv.balance > ORACLE_APPROVAL_THRESHOLD[s.inv.currency as SimCurrency];
				// And as the invoice's first reminder (nothing customer-facing sent for it before, by the simulation's own log).
				const firstReminder = POLICY.approval.firstContact && !touches.some((t) => t.invoiceId === s.inv.invoiceId && t.status === 'sent' && t.channel !== 'internal' && t.step !== d.step);
				if ((d.tone === 'firm' || d.tone === 'escalating') && (customer.keyAccount || large || firstReminder)) {
					if (!approvals.some((a) => a.invoiceId === s.inv.invoiceId && a.step === d.step && a.decision === 'approved')) fail(`invariant 4: firm notice without approval${firstReminder ? ' (first reminder)' : ''}`, d);
				}
				// Invariant 5: not in quiet hours, weekend, holiday; not on an opted-out channel.
				const closed = oracleClosed(now, customer);
				if (closed) fail(`invariant 5: send at a closed time (${closed}) in ${customer.timeZone}`, d);
				for (const ch of d.channels) if (customer.optOut.includes(ch)) fail(`invariant 5: send on opted-out ${ch}`, d);
				const r = replies.get(customer.customerId);
				if (r && Date.parse(r) / DAY >= today) fail('send within the reply window', d);
				// Nothing to a customer whose money on account, not applied yet, covers the balance (paid, not matched).
				const credit = (credits.get(customer.customerId) ?? 0) * PER_DOLLAR[s.inv.currency as SimCurrency];
				if (credit > 0 && credit >= s.inv.balance - ORACLE_TOLERANCE[s.inv.currency as SimCurrency]) fail(`send while ${Math.round(credit * 100) / 100} ${s.inv.currency} on account covers the balance`, d);
			}
			// "Send": each channel succeeds or fails; failures leave a failed touch (retried later).
			for (let i = 0; i < d.channels.length; i++) {
				const ch = d.channels[i];
				const key = d.dedupeKeys[i];
				const ok = random() > 0.1;
				touches.push({ invoiceId: s.inv.invoiceId, customerId: customer.customerId, step: d.step as string, channel: ch, sentAt: iso(now), dedupeKey: key, status: ok ? 'sent' : 'failed' });
				if (ok) {
					const n = (successfulSends.get(key) ?? 0) + 1;
					successfulSends.set(key, n);
					stats.sends++;
					// Invariant 2: the same (invoice, step, channel) never goes out twice.
					if (n > 1) fail(`invariant 2: ${key} sent twice`, d);
				}
			}
		}
	};

	for (const a of spec.actions) {
		switch (a.kind) {
			case 'run':
				now += a.advanceHours * HOUR;
				runOnce();
				if (a.repeat) runOnce();
				break;
			case 'pay': {
				const s = invoices[a.invoice];
				if (s.inv.status !== 'open') break;
				const pay = Math.round(s.inv.balance * a.fraction * 100) / 100;
				s.inv.amountPaid = Math.min(s.inv.amount, Math.round((s.inv.amountPaid + pay) * 100) / 100);
				s.inv.balance = Math.round((s.inv.amount - s.inv.amountPaid) * 100) / 100;
				if (s.inv.balance <= 0) s.inv.status = 'paid';
				break;
			}
			case 'dispute':
				invoices[a.invoice].disputeOpen = a.open;
				break;
			case 'promise':
				invoices[a.invoice].promiseUntil = dateOf(now + a.inDays * DAY);
				break;
			case 'plan':
				invoices[a.invoice].planUntil = dateOf(now + a.days * DAY);
				break;
			case 'reply':
				replies.set(`C${a.customer}`, dateOf(now + a.windowDays * DAY));
				break;
			case 'optout': {
				const c = customers[a.customer];
				if (!c.optOut.includes(a.channel)) c.optOut.push(a.channel);
				break;
			}
			case 'void':
				if (invoices[a.invoice].inv.status === 'open') invoices[a.invoice].inv.status = 'void';
				break;
			case 'credit':
				credits.set(`C${a.customer}`, a.dollars);
				break;
			case 'approve': {
				const p = pendingApprovals.shift();
				if (p) approvals.push({ ...p, decision: a.mode === 'approve' ? 'approved' : 'rejected', by: 'owner@example.test' });
				break;
			}
		}
	}
}
