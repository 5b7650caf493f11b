import fc from 'fast-check';
import {
	applyEvent,
	applyEvents,
	applyPromiseCheck,
	type ApplyResult,
	type ArEvent,
	type EventOptions,
	type ReplyClass,
	type ResolvedEventState,
} from '../../../nodes/core/events';
import type { Channel } from '../../../nodes/core/types';

/**
 * Random interleavings of events on one invoice (1000 EUR, due 1 Nov 2025): payments (full, partial),
 * failed charges, disputes opened/closed, promises made/broken, replies of every class, uncollectible and
 * void; delivered shuffled, with duplicates.
 */

const T0 = Date.parse('2025-11-01T00:00:00Z');
const NOW = '2025-11-25T12:00:00Z';
const OPTS: EventOptions = { timeZone: 'Europe/Berlin', policy: { tolerance: { amount: 0.5, percent: 0 }, promiseGraceDays: 2, replyWindowDays: 5 }, ackMaxAgeHours: 1e6 };
const INITIAL = { invoice: { invoiceId: 'INV-1', customerId: 'C1', amount: 1000, amountPaid: 0, balance: 1000, currency: 'EUR', status: 'open' as const, issueDate: '2025-10-02', dueDate: '2025-11-01' } };

type Kind = 'paid' | 'partial' | 'failed' | 'dispute_opened' | 'dispute_closed' | 'promise_made' | 'promise_broken' | 'reply' | 'uncollectible' | 'voided';

interface Spec {
	kind: Kind;
	hour: number;
	amount: number;
	code: string;
	days: number;
	cls: ReplyClass;
	channel: Channel;
	pick: number;
}

const REPLY_CLASSES: ReplyClass[] = ['promise_to_pay', 'payment_plan_request', 'dispute', 'already_paid', 'out_of_office', 'unsubscribe', 'bounced', 'question', 'other'];

const specArb = (kinds: Kind[]): fc.Arbitrary<Spec> =>
	fc.record({
		kind: fc.constantFrom(...kinds),
		hour: fc.integer({ min: 0, max: 400 }),
		amount: fc.constantFrom(50, 100, 250, 400, 600),
		code: fc.constantFrom('insufficient_funds', 'expired_card', 'stolen_card', 'processing_error', 'do_not_honor'),
		days: fc.integer({ min: 0, max: 20 }),
		cls: fc.constantFrom(...REPLY_CLASSES),
		channel: fc.constantFrom<Channel>('email', 'sms'),
		pick: fc.nat(),
	});

function day(ms: number): string {
	return new Date(ms).toISOString().slice(0, 10);
}

/** Build unique events from specs (ids e0.., distinct instants). */
function build(specs: Spec[]): ArEvent[] {
	const events: ArEvent[] = [];
	const promiseIds: string[] = [];
	specs.forEach((s, i) => {
		const at = T0 + s.hour * 3_600_000 + i * 1000;
		const occurredAt = new Date(at).toISOString();
		const base = { eventId: `e${i}`, source: 'generic' as const, occurredAt, invoiceId: 'INV-1', customerId: 'C1', currency: 'EUR', raw: { id: `e${i}`, type: s.kind } };
		switch (s.kind) {
			case 'paid':
				events.push({ ...base, type: 'paid', amountPaid: 1000, amountRemaining: 0 });
				break;
			case 'partial':
				events.push({ ...base, type: 'partial_payment', amount: s.amount });
				break;
			case 'failed':
				events.push({ ...base, type: 'payment_failed', decline: { code: s.code }, nextAttemptAt: s.days % 2 ? null : new Date(at + 72 * 3_600_000).toISOString() });
				break;
			case 'dispute_opened':
				events.push({ ...base, type: 'dispute_opened', dispute: { status: 'needs_response', reason: 'product_not_received' } });
				break;
			case 'dispute_closed':
				events.push({ ...base, type: 'dispute_closed', dispute: { status: s.days % 2 ? 'won' : 'lost', outcome: s.days % 2 ? 'won' : 'lost' } });
				break;
			case 'promise_made':
				promiseIds.push(base.eventId);
				events.push({ ...base, type: 'promise_made', promise: { date: day(at + s.days * 86_400_000), dateSource: 'stated' } });
				break;
			case 'promise_broken': {
				const ref = promiseIds.length ? promiseIds[s.pick % promiseIds.length] : undefined;
				events.push({ ...base, type: 'promise_broken', promise: { date: '', promiseId: ref } });
				break;
			}
			case 'reply': {
				if (s.cls === 'promise_to_pay') promiseIds.push(base.eventId);
				events.push({
					...base,
					type: 'reply',
					reply: {
						class: s.cls,
						confidence: 0.9,
						language: 'en',
						matchedRule: 'property-test',
						channel: s.channel,
						receivedAt: occurredAt,
						promiseDate: s.cls === 'promise_to_pay' && s.days % 3 !== 0 ? day(at + s.days * 86_400_000) : null,
						returnDate: s.cls === 'out_of_office' && s.days % 3 !== 0 ? day(at + s.days * 86_400_000) : null,
						optOutChannels: s.cls === 'unsubscribe' ? [s.channel] : [],
						needsReview: false,
						excerpt: '',
					},
				});
				break;
			}
			default:
				events.push({ ...base, type: s.kind });
		}
	});
	return events;
}

/** A delivery: a permutation of the events plus duplicates inserted after their first delivery. */
const deliveryArb = (kinds: Kind[]) =>
	fc.array(specArb(kinds), { minLength: 1, maxLength: 14 }).chain((specs) => {
		const events = build(specs);
		const idx = events.map((_, i) => i);
		return fc.tuple(
			fc.constant(events),
			fc.shuffledSubarray(idx, { minLength: idx.length, maxLength: idx.length }),
			fc.shuffledSubarray(idx, { minLength: idx.length, maxLength: idx.length }),
			fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 6 }),
		);
	});

function withDuplicates<T>(seq: T[], dups: Array<[number, number]>): T[] {
	const out = [...seq];
	for (const [a, b] of dups) {
		const from = a % out.length;
		const to = from + 1 + (b % (out.length - from));
		out.splice(to, 0, out[from]);
	}
	return out;
}

function run(events: ArEvent[], start: Parameters<typeof applyEvents>[0] = INITIAL) {
	return applyEvents(start, events, OPTS, NOW);
}

/** The facts that must not depend on delivery order. */
function projection(s: ResolvedEventState) {
	const hold = (id: string) => {
		const h = s.holds.find((x) => x.holdId === id);
		return h && h.active ? (h.until ?? 'open') : null;
	};
	const active = s.ledger?.promises.find((p) => p.status === 'active');
	return {
		status: s.invoice?.status,
		amountPaid: s.invoice?.amountPaid,
		balance: s.invoice?.balance,
		dispute: hold('dispute:INV-1'),
		promise: hold('promise:INV-1'),
		activePromise: active?.promiseId ?? null,
		ooo: hold('ooo:C1'),
		replied: hold('replied:INV-1'),
		reconcile: hold('reconcile:INV-1'),
		optouts: s.holds.filter((h) => h.type === 'optout' && h.active).map((h) => h.channel).sort(),
		bounced: s.holds.filter((h) => h.type === 'bounced' && h.active).map((h) => h.channel).sort(),
	};
}

const ALL: Kind[] = ['paid', 'partial', 'failed', 'dispute_opened', 'dispute_closed', 'promise_made', 'promise_broken', 'reply', 'uncollectible', 'voided'];
const NO_VOID: Kind[] = ALL.filter((k) => k !== 'voided');
const RUNS = { numRuns: Number(process.env.EVENT_PROP_RUNS ?? 300) };

describe('event application properties', () => {
	it('applying a delivery twice changes nothing the second time', () => {
		fc.assert(
			fc.property(deliveryArb(ALL), ([events, order]) => {
				const seq = order.map((i) => events[i]);
				const once = run(seq);
				const twice = run(seq, once.state);
				expect(twice.state).toEqual(once.state);
				expect(twice.results.every((r) => r.outcome === 'duplicate')).toBe(true);
				expect(twice.results.every((r) => r.message === null && r.notify.length === 0)).toBe(true);
			}),
			RUNS,
		);
	});

	it('duplicated deliveries give the same state as the deliveries without duplicates', () => {
		fc.assert(
			fc.property(deliveryArb(ALL), ([events, order, , dups]) => {
				const seq = order.map((i) => events[i]);
				expect(run(withDuplicates(seq, dups)).state).toEqual(run(seq).state);
			}),
			RUNS,
		);
	});

	it('a paid invoice stays paid whatever arrives after, and nothing is sent to chase it', () => {
		fc.assert(
			fc.property(deliveryArb(ALL), ([events, order, , dups]) => {
				const seq = withDuplicates(
					order.map((i) => events[i]),
					dups,
				);
				let state: Parameters<typeof applyEvent>[0] = INITIAL;
				let paid = false;
				const sentKeys = new Set<string>();
				for (const e of seq) {
					const r: ApplyResult = applyEvent(state, e, OPTS, NOW);
					if (paid) {
						expect(r.state.invoice?.status).toBe('paid');
						// After payment: no failed-payment notice, no partial thanks, no promise/plan confirmation, no second thank-you.
						expect(r.message?.templateKey ?? 'none').toMatch(/^(none|dispute-acknowledged)$/);
					}
					if (r.message) {
						expect(sentKeys.has(r.message.dedupeKey)).toBe(false);
						sentKeys.add(r.message.dedupeKey);
						expect(r.patches.touches.map((t) => t.dedupeKey)).toEqual([r.message.dedupeKey]);
					}
					if (r.state.invoice?.status === 'paid') paid = true;
					state = r.state;
				}
				// Paid if and only if a full payment came, or the partial payments reached the amount (no void first).
				const s = state as ResolvedEventState;
				if (s.invoice?.status === 'paid') expect(s.invoice.amountPaid).toBeGreaterThanOrEqual(999.5);
			}),
			RUNS,
		);
	});

	it('older events arriving after newer ones do not undo them: any delivery order ends in the same facts', () => {
		fc.assert(
			fc.property(deliveryArb(NO_VOID), ([events, orderA, orderB, dups]) => {
				const a = run(withDuplicates(orderA.map((i) => events[i]), dups)).state;
				const b = run(orderB.map((i) => events[i])).state;
				expect(projection(a)).toEqual(projection(b));
				// The facts equal those of delivering in time order.
				const chrono = [...events].sort((x, y) => Date.parse(x.occurredAt) - Date.parse(y.occurredAt));
				expect(projection(a)).toEqual(projection(run(chrono).state));
			}),
			RUNS,
		);
	});

	it('every promise is released exactly once (kept, broken, replaced or cancelled), and the daily check is idempotent', () => {
		fc.assert(
			fc.property(deliveryArb(ALL), ([events, order, , dups]) => {
				let { state } = run(withDuplicates(order.map((i) => events[i]), dups));
				// Daily checks long after every promise date, several times.
				for (const now of ['2026-06-01T08:00:00Z', '2026-06-02T08:00:00Z', '2026-06-02T09:00:00Z']) {
					const r = applyPromiseCheck(state, OPTS, now);
					if (r) state = r.state;
				}
				const promises = state.ledger?.promises ?? [];
				for (const p of promises) {
					expect(p.status).not.toBe('active');
					const ends = state.history.filter((h) => h.promiseId === p.promiseId && /^promise_(kept|broken|rescheduled|cancelled)$/.test(h.kind));
					expect(ends).toHaveLength(1);
				}
				expect(state.holds.filter((h) => (h.type === 'promise' || h.type === 'plan') && h.active)).toEqual([]);
				// History ids are unique (upserts).
				expect(new Set(state.history.map((h) => h.historyId)).size).toBe(state.history.length);
				expect(applyPromiseCheck(state, OPTS, '2026-07-01T08:00:00Z')).toBeNull();
			}),
			RUNS,
		);
	});

	it('an open dispute holds until a newer close; customer-scope holds never carry an invoice id', () => {
		fc.assert(
			fc.property(deliveryArb(NO_VOID), ([events, order]) => {
				const { state } = run(order.map((i) => events[i]));
				const disputeEvents = events.filter((e) => e.type === 'dispute_opened' || e.type === 'dispute_closed' || (e.type === 'reply' && e.reply?.class === 'dispute'));
				const latest = [...disputeEvents].sort((x, y) => Date.parse(x.occurredAt) - Date.parse(y.occurredAt) || (x.eventId < y.eventId ? -1 : 1)).pop();
				const open = state.holds.some((h) => h.holdId === 'dispute:INV-1' && h.active);
				expect(open).toBe(latest !== undefined && latest.type !== 'dispute_closed');
				for (const h of state.holds) {
					if (h.type === 'optout' || h.type === 'bounced' || h.type === 'ooo') expect('invoiceId' in h).toBe(false);
					else expect(h.invoiceId).toBe('INV-1');
				}
			}),
			RUNS,
		);
	});
});
