import fc from 'fast-check';
import { DecisionEngine, STOP_ORDER } from '../../nodes/core/engine';
import { scoreRisk, prepareHistory } from '../../nodes/core/risk';
import { isValidationError } from '../../nodes/core/errors';
import type { Approval, Customer, DecisionInput, Hold, Invoice, Touch } from '../../nodes/core/types';

const customer = (over: Partial<Customer> = {}): Customer => ({
	customerId: 'C1',
	name: 'Acme Corp',
	firstName: 'Anna',
	email: 'anna@acme.test',
	phone: '+1 212 555 0100',
	locale: 'en-US',
	timeZone: 'America/New_York',
	country: 'US',
	optOut: [],
	bounced: [],
	segment: 'smb',
	keyAccount: false,
	...over,
});
const invoice = (over: Partial<Invoice> = {}): Invoice => ({
	invoiceId: 'INV-1',
	customerId: 'C1',
	amount: 1200,
	amountPaid: 0,
	balance: 1200,
	currency: 'USD',
	issueDate: '2026-02-08',
	dueDate: '2026-03-10',
	status: 'open',
	autoCharge: false,
	...over,
});
const touch = (step: string, sentAt: string, channel: Touch['channel'] = 'email', invoiceId = 'INV-1'): Touch => ({
	invoiceId,
	customerId: 'C1',
	step,
	channel,
	sentAt,
	dedupeKey: `${invoiceId}:${step}:${channel}`,
});
const hold = (type: Hold['type'], until: string | null, over: Partial<Hold> = {}): Hold => ({ holdId: `${type}-1`, type, invoiceId: 'INV-1', until, active: true, ...over });

// Tuesday 2026-03-17, 11:00 in New York: D+7 of an invoice due 2026-03-10.
const NOW = '2026-03-17T15:00:00Z';
function run(input: Partial<DecisionInput> = {}, now = NOW, policy: object = {}) {
	const engine = new DecisionEngine(policy, now);
	return engine.decide({ invoice: invoice(), customer: customer(), touches: [touch('D+1', '2026-03-11T14:00:00Z')], ...input });
}

describe('decision engine', () => {
	it('sends the step due today, with tone, channels and a dedupe key', () => {
		const d = run();
		expect(d.outcome).toBe('send');
		expect(d.step).toBe('D+7');
		expect(d.aging.tier).toBe('early');
		expect(d.channels).toEqual(['email']);
		expect(d.dedupeKeys).toEqual(['INV-1:D+7:email']);
		expect(d.reason.code).toBe('SEND');
		expect(d.policyVersion).toMatch(/^default@v1#/);
		expect(['friendly', 'firm']).toContain(d.tone);
	});

	it.each([
		['paid', 'INVOICE_PAID'],
		['void', 'INVOICE_VOID'],
		['uncollectible', 'INVOICE_UNCOLLECTIBLE'],
		['draft', 'INVOICE_DRAFT'],
	] as const)('stops on a %s invoice', (status, code) => {
		const d = run({ invoice: invoice({ status }) });
		expect(d.outcome).toBe('hold');
		expect(d.reason).toMatchObject({ code, resumeAt: null });
		expect(d.channels).toEqual([]);
	});

	it('shares a one-reason list between decisions of a run, frozen, and gives a list of several reasons to each', () => {
		// (Without the first-reminder approval, which would add a reason to these first contacts at a firm step.)
		const engine = new DecisionEngine({ approval: { firstContact: false } }, NOW);
		const a = engine.decide({ invoice: invoice({ invoiceId: 'A', disputed: true }), customer: customer() });
		const b = engine.decide({ invoice: invoice({ invoiceId: 'B', disputed: true }), customer: customer() });
		expect(a.reasons.map((r) => r.code)).toEqual(['DISPUTE_OPEN']);
		expect(b.reasons).toBe(a.reasons);
		expect(Object.isFrozen(a.reasons)).toBe(true);
		const c = engine.decide({ invoice: invoice({ invoiceId: 'C', disputed: true, status: 'paid' }), customer: customer() });
		expect(c.reasons.map((r) => r.code)).toEqual(['INVOICE_PAID', 'DISPUTE_OPEN']);
		expect(Object.isFrozen(c.reasons)).toBe(false);
	});

	it('treats a balance within tolerance as settled', () => {
		expect(run({ invoice: invoice({ amountPaid: 1199.5, balance: 0.5 }) }).reason.code).toBe('BALANCE_UNDER_TOLERANCE');
		expect(run({ invoice: invoice({ amountPaid: 1198, balance: 2 }) }).outcome).toBe('send');
		expect(run({ invoice: invoice({ amountPaid: 1190, balance: 10 }) }, NOW, { tolerance: { amount: 0, percent: 1 } }).reason.code).toBe('BALANCE_UNDER_TOLERANCE');
	});

	it('reads the tolerance in the invoice\'s currency: 1.00 is about a dollar in yen, rupiah or dinars too', () => {
		const left = (currency: string, amount: number, balance: number, policy: object = {}) =>
			run({ invoice: invoice({ currency, amount, amountPaid: amount - balance, balance }) }, NOW, policy);
		// ¥120 or Rp 9,000 left after a bank's charges (under a dollar) is settled, not chased.
		const yen = left('JPY', 180_000, 120);
		expect(yen.reason).toMatchObject({ code: 'BALANCE_UNDER_TOLERANCE', message: 'Balance 120 JPY is within the tolerance (150): treated as settled.' });
		expect(left('IDR', 18_000_000, 9_000).reason.code).toBe('BALANCE_UNDER_TOLERANCE');
		expect(left('JPY', 180_000, 2_000).outcome).toBe('send');
		// Half a dinar (about 1.60 dollars) is still owed; 0.30 is not.
		expect(left('KWD', 1_200, 0.5).outcome).toBe('send');
		expect(left('KWD', 1_200, 0.3).reason.code).toBe('BALANCE_UNDER_TOLERANCE');
		// Dollar-like currencies as before; a tolerance of 0 is 0 everywhere.
		expect(left('EUR', 1_200, 0.9).reason.code).toBe('BALANCE_UNDER_TOLERANCE');
		expect(left('GBP', 1_200, 1.5).outcome).toBe('send');
		expect(left('JPY', 180_000, 120, { tolerance: { amount: 0 } }).outcome).toBe('send');
		// Exact tolerances by currency (what bank charges take off a transfer) win over the scaled one, in that currency only.
		const byCurrency = { tolerance: { amounts: { eur: 25, JPY: 50 } } };
		expect(left('EUR', 1_200, 12.5, byCurrency).reason).toMatchObject({ code: 'BALANCE_UNDER_TOLERANCE', message: 'Balance 12.5 EUR is within the tolerance (25): treated as settled.' });
		// The decision carries the tolerance it applied (a gate that re-reads the balance before sending compares with it).
		expect([left('EUR', 1_200, 30, byCurrency).tolerance, left('USD', 1_200, 30, byCurrency).tolerance, left('JPY', 180_000, 2_000).tolerance]).toEqual([25, 1, 150]);
		expect(left('EUR', 10_000, 200, { tolerance: { percent: 1, amounts: { EUR: 25 } } }).tolerance).toBe(100);
		expect(left('EUR', 1_200, 25.01, byCurrency).outcome).toBe('send');
		expect(left('USD', 1_200, 12.5, byCurrency).outcome).toBe('send');
		expect(left('JPY', 180_000, 120, byCurrency).outcome).toBe('send');
		// The percentage still applies when it is more.
		expect(left('EUR', 10_000, 90, { tolerance: { percent: 1, amounts: { EUR: 25 } } }).reason.code).toBe('BALANCE_UNDER_TOLERANCE');
	});

	it('holds everything while a dispute is open (hold or invoice flag)', () => {
		expect(run({ holds: [hold('dispute', null)] }).reason.code).toBe('DISPUTE_OPEN');
		expect(run({ invoice: invoice({ disputed: true }) }).reason.code).toBe('DISPUTE_OPEN');
		expect(run({ holds: [hold('dispute', null, { active: false })] }).outcome).toBe('send');
	});

	it('holds a promise to pay through its date plus grace, then resumes', () => {
		const d = run({ holds: [hold('promise', '2026-03-20')] });
		expect(d.reason.code).toBe('PROMISE_TO_PAY');
		// 03-20 + 2 grace days = 03-22 (Sunday) -> Monday 03-23, 08:00 EDT.
		expect(d.reason.resumeAt).toBe('2026-03-23T12:00:00.000Z');
		expect(run({ holds: [hold('promise', '2026-03-15')] }).reason.code).toBe('PROMISE_TO_PAY'); // 15 + 2 grace = today
		// The decision carries the grace it applied (a gate re-reading the promises right before sending applies it too).
		expect(d.promiseGraceDays).toBe(2);
		const noGrace = run({ holds: [hold('promise', '2026-03-15')] }, NOW, { promiseGraceDays: 0 });
		expect([noGrace.outcome, noGrace.promiseGraceDays]).toEqual(['send', 0]);
	});

	it('resumes after a broken promise', () => {
		expect(run({ holds: [hold('promise', '2026-03-13')] }).outcome).toBe('send');
	});

	it('holds for a payment plan, a reply, a manual pause and out of office, customer-wide too', () => {
		expect(run({ holds: [hold('plan', '2026-06-30')] }).reason.code).toBe('PAYMENT_PLAN');
		expect(run({ holds: [hold('replied', '2026-03-18')] }).reason).toMatchObject({ code: 'CUSTOMER_REPLIED', resumeAt: '2026-03-19T12:00:00.000Z' });
		expect(run({ holds: [hold('pause', null)] }).reason).toMatchObject({ code: 'MANUAL_PAUSE', message: 'Paused by a person.', resumeAt: null });
		// A pause an event wrote says what it is for (its note, one line, trimmed), as the store keeps it.
		const raw = { invoice: invoice(), customer: customer(), touches: [touch('D+1', '2026-03-11T14:00:00Z')], holds: [{ holdId: 'reconcile:INV-1', type: 'pause', invoiceId: 'INV-1', until: '2026-03-20', note: 'customer says it is paid:\n reconcile' }] };
		expect(new DecisionEngine({}, NOW).decideRaw(raw as never).reason).toMatchObject({ code: 'MANUAL_PAUSE', message: 'Paused until 2026-03-20: customer says it is paid: reconcile.' });
		const long = { ...raw, holds: [{ ...raw.holds[0], note: 'x'.repeat(500) }] };
		expect(new DecisionEngine({}, NOW).decideRaw(long as never).reason.message).toBe(`Paused until 2026-03-20: ${'x'.repeat(199)}…`);
		const odd = { ...raw, holds: [{ ...raw.holds[0], note: { text: 'not text' } }] };
		expect(new DecisionEngine({}, NOW).decideRaw(odd as never).reason.message).toBe('Paused by a person until 2026-03-20.');
		expect(run({ holds: [{ holdId: 'o', type: 'ooo', customerId: 'C1', until: '2026-03-18', active: true }] }).reason.code).toBe('OUT_OF_OFFICE');
		expect(run({ holds: [{ holdId: 'o', type: 'ooo', customerId: 'C2', until: '2026-03-18', active: true }] }).outcome).toBe('send');
		expect(run({ holds: [hold('replied', '2026-03-16')] }).outcome).toBe('send');
	});

	it('says when nothing is due and when the next step comes', () => {
		const d = run({ touches: [touch('D+1', '2026-03-11T14:00:00Z'), touch('D+1', '2026-03-11T14:00:00Z', 'sms')] }, '2026-03-12T15:00:00Z');
		expect(d.reason.code).toBe('ALREADY_SENT');
		expect(d.reason.resumeAt).toBe('2026-03-17T12:00:00.000Z');
		const early = run({ touches: [] }, '2026-02-20T15:00:00Z');
		expect(early.reason.code).toBe('NOTHING_DUE');
		expect(early.aging.nextStep).toEqual({ id: 'D-7', date: '2026-03-03' });
	});

	it('drops an opted-out channel and keeps the rest', () => {
		const d = run({ customer: customer({ optOut: ['sms'] }), touches: [] }, '2026-03-11T15:00:00Z');
		expect(d.step).toBe('D+1');
		expect(d.channels).toEqual(['email']);
		expect(d.droppedChannels).toEqual([{ channel: 'sms', code: 'OPTED_OUT' }]);
		expect(d.reasons.map((r) => r.code)).toContain('OPTED_OUT');
		expect(d.reasons.find((r) => r.code === 'OPTED_OUT')?.message).toBe('The customer opted out of SMS.');
	});

	it('says in plain words which contact is missing or bounced (owners read these in the task mail)', () => {
		const noEmail = run({ customer: customer({ email: '' }), touches: [] }, '2026-03-11T15:00:00Z');
		expect(noEmail.reasons.find((r) => r.code === 'MISSING_CONTACT')?.message).toBe('No email address on file.');
		const noPhone = run({ customer: customer({ phone: '' }), touches: [] }, '2026-03-11T15:00:00Z');
		expect(noPhone.reasons.find((r) => r.code === 'MISSING_CONTACT')?.message).toBe('No phone number on file for SMS.');
		const bounced = run({ customer: customer({ bounced: ['email'] }), touches: [] }, '2026-03-11T15:00:00Z');
		expect(bounced.reasons.find((r) => r.code === 'BOUNCED')?.message).toBe("The customer's email address bounced.");
		const failed = run({ customer: customer({ bounced: ['sms'] }), touches: [] }, '2026-03-11T15:00:00Z');
		expect(failed.reasons.find((r) => r.code === 'BOUNCED')?.message).toBe("The customer's phone number could not be reached for SMS.");
	});

	it('honours an SMS STOP hold at once', () => {
		const stop = { holdId: 's', type: 'optout' as const, customerId: 'C1', channel: 'sms' as const, until: null, active: true };
		const d = run({ holds: [stop], touches: [] }, '2026-03-11T15:00:00Z');
		expect(d.channels).toEqual(['email']);
	});

	it('a bounce that names its address stops that address only: a corrected contact is reached again', () => {
		const bounce = (channel: Hold['channel'], contact?: string): Hold => ({ holdId: `bounced:C1:${channel}`, type: 'bounced', customerId: 'C1', channel, until: null, active: true, ...(contact ? { contact } : {}) });
		const at = '2026-03-11T15:00:00Z'; // D+1: email and SMS
		// The address that bounced is still on file (any case, spaces around it): not used.
		for (const contact of ['anna@acme.test', ' ANNA@Acme.Test ']) {
			const d = run({ holds: [bounce('email', contact)], touches: [] }, at);
			expect([d.outcome, d.channels, d.droppedChannels]).toEqual(['send', ['sms'], [{ channel: 'email', code: 'BOUNCED' }]]);
		}
		// The customer's address was corrected since: the hold is about the old one.
		const fixed = run({ holds: [bounce('email', 'anna@old-acme.test')], touches: [] }, at);
		expect([fixed.outcome, fixed.channels, fixed.droppedChannels]).toEqual(['send', ['email', 'sms'], []]);
		expect(fixed.dedupeKeys).toEqual(['INV-1:D+1:email', 'INV-1:D+1:sms']);
		// Without an address the hold stops the channel whatever the contact (until a person releases it).
		expect(run({ holds: [bounce('email')], touches: [] }, at).channels).toEqual(['sms']);
		// A number by its digits: the same line written another way, with or without its country code.
		for (const contact of ['+12125550100', '(212) 555-0100', '001 212 555 0100']) expect(run({ holds: [bounce('sms', contact)], touches: [] }, at).channels).toEqual(['email']);
		expect(run({ holds: [bounce('sms', '+1 212 555 0199')], touches: [] }, at).channels).toEqual(['email', 'sms']);
		// As the store gives it (validated: text, at most 320 characters).
		const raw = (contact: unknown) => ({ invoice: invoice(), customer: customer(), touches: [], holds: [{ holdId: 'b', type: 'bounced', customerId: 'C1', channel: 'email', contact }] });
		expect(new DecisionEngine({}, at).decideRaw(raw('anna@acme.test') as never).channels).toEqual(['sms']);
		expect(new DecisionEngine({}, at).decideRaw(raw('someone@else.test') as never).channels).toEqual(['email', 'sms']);
		expect(new DecisionEngine({}, at).decideRaw(raw(null) as never).channels).toEqual(['sms']);
		expect(() => new DecisionEngine({}, at).decideRaw(raw({ address: 'x' }) as never)).toThrow(/holds\[0\]\.contact: must be a text/);
		expect(() => new DecisionEngine({}, at).decideRaw(raw('x'.repeat(321)) as never)).toThrow(/holds\[0\]\.contact: is longer than 320 characters/);
	});

	it('a full mailbox (a bounced hold with an end) pauses that address through its last day, then it is written to again', () => {
		const full: Hold = { holdId: 'bounced:C1:email', type: 'bounced', customerId: 'C1', channel: 'email', until: '2026-03-11', active: true, contact: 'anna@acme.test', note: 'mailbox full' };
		const paused = run({ holds: [full], touches: [] }, '2026-03-11T15:00:00Z'); // D+1: email and SMS
		expect([paused.outcome, paused.channels, paused.droppedChannels]).toEqual(['send', ['sms'], [{ channel: 'email', code: 'BOUNCED' }]]);
		const after = run({ holds: [full], touches: [] }, '2026-03-12T15:00:00Z');
		expect([after.outcome, after.channels, after.droppedChannels]).toEqual(['send', ['email', 'sms'], []]);
	});

	it('falls back to another channel when the step channel cannot reach the customer', () => {
		const d = run({ customer: customer({ email: undefined }) });
		expect(d.outcome).toBe('send');
		expect(d.channels).toEqual(['sms']);
		expect(d.droppedChannels).toEqual([{ channel: 'email', code: 'MISSING_CONTACT' }]);
	});

	it('goes to a person when no channel reaches the customer', () => {
		const d = run({ customer: customer({ email: undefined, phone: undefined }) });
		expect(d.outcome).toBe('human');
		expect(d.reason.code).toBe('NO_REACHABLE_CHANNEL');
		const bounced = run({ customer: customer({ bounced: ['email'], optOut: ['sms'] }) });
		expect(bounced.outcome).toBe('human');
	});

	it('does not chase a step on a blocked channel once its other channel went out', () => {
		const d = run({ customer: customer({ optOut: ['sms'] }), touches: [touch('D+1', '2026-03-11T14:00:00Z')] }, '2026-03-12T15:00:00Z');
		expect(d.outcome).toBe('hold');
		expect(d.reason.code).toBe('ALREADY_SENT');
	});

	it('uses WhatsApp instead of SMS for a customer who prefers it', () => {
		const d = run({ customer: customer({ preferredChannel: 'whatsapp' }), touches: [] }, '2026-03-11T15:00:00Z');
		expect(d.channels).toEqual(['email', 'whatsapp']);
	});

	it('waits for an auto-charge instead of reminding', () => {
		const d = run({ invoice: invoice({ autoCharge: true }), touches: [] }, '2026-03-10T15:00:00Z');
		expect(d.reason.code).toBe('AUTO_CHARGE_PENDING');
		expect(run({ invoice: invoice({ autoCharge: true, autoChargePending: false }), touches: [] }, '2026-03-10T15:00:00Z').outcome).toBe('send');
		expect(run({ invoice: invoice({ autoCharge: true }) }).outcome).toBe('send'); // D+7: past the grace days
	});

	it('never sends in quiet hours in the customer zone', () => {
		const d = run({}, '2026-03-18T02:00:00Z'); // 22:00 in New York
		expect(d.outcome).toBe('hold');
		expect(d.reason).toMatchObject({ code: 'QUIET_HOURS', resumeAt: '2026-03-18T12:00:00.000Z' });
		const tokyo = run({ customer: customer({ timeZone: 'Asia/Tokyo', country: 'JP' }) }, '2026-03-17T15:00:00Z'); // 00:00 in Tokyo
		expect(tokyo.reason.code).toBe('QUIET_HOURS');
	});

	it('never sends on a weekend or a holiday of the customer region', () => {
		expect(run({}, '2026-03-21T15:00:00Z').reason).toMatchObject({ code: 'WEEKEND', resumeAt: '2026-03-23T12:00:00.000Z' });
		const gb = customer({ timeZone: 'Europe/London', country: 'GB', region: 'ENG' });
		const d = run({ customer: gb, invoice: invoice({ dueDate: '2026-03-30' }), touches: [touch('D0', '2026-03-30T10:00:00Z')] }, '2026-04-06T10:00:00Z');
		expect(d.reason.code).toBe('HOLIDAY'); // Easter Monday
		expect(d.reason.message).toMatch(/Easter Monday/);
		expect(d.reason.resumeAt).toBe('2026-04-07T07:00:00.000Z');
	});

	it('caps touches per customer per week, across invoices', () => {
		const touches = [touch('D+1', '2026-03-11T14:00:00Z'), touch('D0', '2026-03-12T14:00:00Z', 'email', 'INV-2'), touch('D0', '2026-03-14T14:00:00Z', 'email', 'INV-3')];
		const d = run({ touches });
		expect(d.reason.code).toBe('TOUCH_CAP');
		expect(d.reason.resumeAt).toBe('2026-03-18T14:00:00.000Z');
	});

	it('keeps a minimum gap between messages about different invoices of one customer', () => {
		const d = run({ touches: [touch('D+1', '2026-03-11T14:00:00Z'), touch('D0', '2026-03-16T20:00:00Z', 'email', 'INV-2')] });
		expect(d.reason.code).toBe('MIN_GAP');
		expect(d.reason.resumeAt).toBe('2026-03-18T20:00:00.000Z');
	});

	it('lets one invoice follow its own consecutive-day cadence (D-1 then D0)', () => {
		const d = run({ touches: [touch('D-1', '2026-03-09T14:00:00Z')] }, '2026-03-10T15:00:00Z');
		expect(d.step).toBe('D0');
		expect(d.outcome).toBe('send');
	});

	it('counts the sends it decided earlier in the same run', () => {
		const engine = new DecisionEngine({}, NOW);
		const first = engine.decide({ invoice: invoice(), customer: customer(), touches: [touch('D+1', '2026-03-11T14:00:00Z')] });
		const second = engine.decide({ invoice: invoice({ invoiceId: 'INV-2' }), customer: customer(), touches: [touch('D+1', '2026-03-11T14:00:00Z', 'email', 'INV-2')] });
		expect(first.outcome).toBe('send');
		expect(second.reason.code).toBe('MIN_GAP');
	});

	it('asks for approval before a firm notice to a key account or a large balance', () => {
		const at14 = '2026-03-24T15:00:00Z';
		const touches = [touch('D+7', '2026-03-17T14:00:00Z')];
		const key = run({ customer: customer({ keyAccount: true }), touches }, at14);
		expect(key.step).toBe('D+14');
		expect(key.outcome).toBe('approval');
		expect(key.reason.code).toBe('APPROVAL_REQUIRED');
		expect(key.channels.length).toBeGreaterThan(0);
		const big = run({ invoice: invoice({ amount: 50_000, balance: 50_000 }), touches }, at14);
		expect(big.outcome).toBe('approval');
		expect(big.reason.message).toMatch(/ message on a balance above 10,000 [A-Z]{3}: needs approval by the account owner\.$/);
		expect(key.reason.message).toMatch(/ message to a key account: needs approval by the account owner\.$/);
		const approved: Approval[] = [{ invoiceId: 'INV-1', step: 'D+14', decision: 'approved', by: 'ae@us.test' }];
		expect(run({ customer: customer({ keyAccount: true }), touches, approvals: approved }, at14).outcome).toBe('send');
		const rejected: Approval[] = [{ invoiceId: 'INV-1', step: 'D+14', decision: 'rejected' }];
		expect(run({ customer: customer({ keyAccount: true }), touches, approvals: rejected }, at14).reason.code).toBe('APPROVAL_REJECTED');
		// A friendly step to a key account needs no approval.
		expect(run({ customer: customer({ keyAccount: true }), risk: lowRisk }).outcome).toBe('send');
	});

	it('reads the approval amount threshold in the invoice\'s currency: at face value in dollar-like ones, scaled in the others', () => {
		const at14 = '2026-03-24T15:00:00Z';
		const touches = [touch('D+7', '2026-03-17T14:00:00Z')];
		const firm = (currency: string, balance: number, policy: object = {}) =>
			run({ invoice: invoice({ currency, amount: balance, balance }), touches }, at14, policy);
		// A firm D+14 on ¥20,000 (about 130 dollars) goes out; on ¥2,000,000 it waits for the account owner.
		expect(firm('JPY', 20_000).outcome).toBe('send');
		const yen = firm('JPY', 2_000_000);
		expect([yen.step, yen.tone, yen.outcome]).toEqual(['D+14', 'firm', 'approval']);
		expect(yen.reason.message).toBe('Firm message on a balance above 1,500,000 JPY: needs approval by the account owner.');
		// Rupees and rand likewise; dinars the other way (10,000 KWD is over 30,000 dollars).
		expect(firm('INR', 50_000).outcome).toBe('send');
		expect(firm('INR', 900_000).reason.message).toMatch(/above 880,000 INR:/);
		expect(firm('ZAR', 150_000).outcome).toBe('send');
		expect(firm('ZAR', 200_000).reason.message).toMatch(/above 170,000 ZAR:/);
		expect(firm('KWD', 5_000).reason.message).toMatch(/above 3,100 KWD:/);
		expect(firm('KWD', 3_000).outcome).toBe('send');
		// Dollars, euros and pounds at face value, as before.
		for (const c of ['USD', 'EUR', 'GBP', 'CHF', 'CAD', 'AUD']) {
			expect(firm(c, 9_999).outcome).toBe('send');
			expect(firm(c, 10_001).reason.message).toBe(`Firm message on a balance above 10,000 ${c}: needs approval by the account owner.`);
		}
		// The scaled thresholds follow the policy's own threshold; a currency's own entry wins; null = no amount rule.
		expect(firm('JPY', 2_000_000, { approval: { amountThreshold: 25_000 } }).outcome).toBe('send');
		expect(firm('JPY', 4_000_000, { approval: { amountThreshold: 25_000 } }).reason.message).toMatch(/above 3,800,000 JPY:/);
		expect(firm('JPY', 2_000_000, { approval: { amountThresholds: { JPY: 5_000_000 } } }).outcome).toBe('send');
		expect(firm('JPY', 6_000_000, { approval: { amountThresholds: { jpy: 5_000_000 } } }).reason.message).toMatch(/above 5,000,000 JPY:/);
		expect(firm('USD', 60_000, { approval: { amountThresholds: { USD: null } } }).outcome).toBe('send');
		expect(firm('JPY', 60_000_000, { approval: { amountThreshold: null } }).outcome).toBe('send');
		expect(firm('JPY', 60_000_000, { approval: { amountThreshold: null, amountThresholds: { JPY: 1_000_000 } } }).outcome).toBe('approval');
		// A key account needs approval whatever the amount and currency.
		expect(run({ invoice: invoice({ currency: 'JPY', amount: 20_000, balance: 20_000 }), customer: customer({ keyAccount: true }), touches }, at14).outcome).toBe('approval');
	});

	it('asks for approval before a firm or escalating message that would be the invoice\'s first reminder', () => {
		// Due 2026-02-15, nothing ever sent (an invoice first seen long overdue): D+30, escalating, on 2026-03-17.
		const first = run({ invoice: invoice({ dueDate: '2026-02-15' }), touches: [] });
		expect([first.step, first.tone, first.outcome, first.aging.remindersSent]).toEqual(['D+30', 'escalating', 'approval', 0]);
		expect(first.reason).toMatchObject({ code: 'APPROVAL_REQUIRED', message: 'Escalating message as the first reminder of this invoice: needs approval by the account owner.' });
		// After one reminder of its own it goes out; another invoice's reminder does not count.
		expect(run({ invoice: invoice({ dueDate: '2026-02-15' }), touches: [touch('D+7', '2026-02-23T14:00:00Z')] }).outcome).toBe('send');
		expect(run({ invoice: invoice({ dueDate: '2026-02-15' }), touches: [touch('D+7', '2026-02-23T14:00:00Z', 'email', 'INV-9')] }).outcome).toBe('approval');
		// A friendly first reminder needs none (D+7 here, nothing sent before).
		expect(run({ touches: [], risk: lowRisk }).outcome).toBe('send');
		// Approved: sent; the rule switched off: sent.
		const approved: Approval[] = [{ invoiceId: 'INV-1', step: 'D+30', decision: 'approved', by: 'ae@us.test' }];
		expect(run({ invoice: invoice({ dueDate: '2026-02-15' }), touches: [], approvals: approved }).outcome).toBe('send');
		expect(run({ invoice: invoice({ dueDate: '2026-02-15' }), touches: [] }, NOW, { approval: { firstContact: false } }).outcome).toBe('send');
		// A key account or a large balance keeps its own reason.
		expect(run({ invoice: invoice({ dueDate: '2026-02-15' }), customer: customer({ keyAccount: true }), touches: [] }).reason.message).toMatch(/to a key account/);
	});

	it('alerts the account owner internally, quiet hours notwithstanding', () => {
		const d = run({ touches: [touch('D+14', '2026-03-24T14:00:00Z'), touch('D+14', '2026-03-24T14:00:00Z', 'sms')] }, '2026-03-26T02:00:00Z');
		expect(d.step).toBe('D+15');
		expect(d.outcome).toBe('send');
		expect(d.channels).toEqual(['internal']);
	});

	it('hands the finance decision to a person', () => {
		const d = run({ touches: [touch('D+30', '2026-04-09T14:00:00Z')] }, '2026-04-24T15:00:00Z');
		expect(d.step).toBe('D+45');
		expect(d.aging.tier).toBe('critical');
		expect(d.outcome).toBe('human');
		expect(d.reason.code).toBe('HUMAN_TASK');
	});

	it('asks a person to apply a credit on account that covers the balance instead of reminding (CREDIT_ON_ACCOUNT)', () => {
		// 1,200 USD open, D+7 due today.
		const d = run({ customer: customer({ unappliedCredit: 1500 }) });
		expect(d.outcome).toBe('human');
		expect(d.reason).toMatchObject({ code: 'CREDIT_ON_ACCOUNT', resumeAt: null });
		expect(d.reason.message).toBe("1,500.00 USD on the customer's account is not applied to an invoice yet (a payment not matched, a credit note) and covers this balance of 1,200.00 USD: apply it instead of a reminder.");
		expect(d.channels).toEqual([]);
		expect(d.dedupeKeys).toEqual([]);
		expect(d.taskKey).toBe('INV-1:D+7:human');
		// Covering within the tolerance (bank charges), in the currency's own digits.
		expect(run({ invoice: invoice({ currency: 'JPY', amount: 120000, balance: 120000 }), customer: customer({ unappliedCredit: 119990 }) }).reason.message).toMatch(/^119,990 JPY .* 120,000 JPY:/);
		// Less than the balance: the reminder goes out as before (a person may still apply it); none, or zero: the same.
		expect(run({ customer: customer({ unappliedCredit: 600 }) }).outcome).toBe('send');
		expect(run({ customer: customer({ unappliedCredit: 0 }) }).outcome).toBe('send');
		// Only when a reminder would go out: nothing due today, or a stronger stop first, decides as before.
		expect(run({ customer: customer({ unappliedCredit: 5000 }), touches: [touch('D+7', '2026-03-17T14:00:00Z')] }, '2026-03-18T15:00:00Z').reason.code).toBe('ALREADY_SENT');
		expect(run({ customer: customer({ unappliedCredit: 5000 }), holds: [hold('dispute', null)] }).reason.code).toBe('DISPUTE_OPEN');
		// An internal alert is not a reminder: it still goes to the account owner.
		const alert = run({ customer: customer({ unappliedCredit: 5000 }), touches: [touch('D+14', '2026-03-24T14:00:00Z'), touch('D+14', '2026-03-24T14:00:00Z', 'sms')] }, '2026-03-26T15:00:00Z');
		expect([alert.step, alert.outcome]).toEqual(['D+15', 'send']);
	});

	it('reads a credit on account from raw records: a positive amount, zero as none; a negative one is an error naming the field', () => {
		const engine = new DecisionEngine({}, NOW);
		const raw = (unappliedCredit: unknown) => ({
			invoice: { invoiceId: 'INV-1', customerId: 'C1', amount: 1200, issueDate: '2026-02-08', dueDate: '2026-03-10', currency: 'USD' },
			customer: { customerId: 'C1', name: 'Acme', email: 'a@acme.test', timeZone: 'America/New_York', country: 'US', unappliedCredit },
			touches: [{ invoiceId: 'INV-1', step: 'D+1', channel: 'email', sentAt: '2026-03-11T14:00:00Z' }],
		});
		expect(engine.prepare(raw('1250.00')).customer.unappliedCredit).toBe(1250);
		expect(engine.decideRaw(raw(1250)).reason.code).toBe('CREDIT_ON_ACCOUNT');
		expect(engine.prepare(raw(0)).customer.unappliedCredit).toBeUndefined();
		expect(engine.prepare(raw(null)).customer.unappliedCredit).toBeUndefined();
		for (const bad of [-300, 'lots', Infinity]) {
			try {
				engine.prepare(raw(bad));
				throw new Error('accepted');
			} catch (e) {
				expect(isValidationError(e)).toBe(true);
				expect((e as { issues: Array<{ field: string }> }).issues.map((i) => i.field)).toEqual(['customer.unappliedCredit']);
			}
		}
	});

	it('lists every rule that fired, in the documented order', () => {
		const d = run({ invoice: invoice({ status: 'paid' }), holds: [hold('dispute', null)] }, '2026-03-21T15:00:00Z');
		const codes = d.reasons.map((r) => r.code);
		expect(codes[0]).toBe('INVOICE_PAID');
		expect(codes).toContain('DISPUTE_OPEN');
		const order = codes.map((c) => STOP_ORDER.indexOf(c as (typeof STOP_ORDER)[number]));
		expect([...order].sort((a, b) => a - b)).toEqual(order);
	});

	it('raises the tone with risk within the step bounds', () => {
		expect(run({ risk: highRisk }).tone).toBe('firm');
		expect(run({ risk: lowRisk }).tone).toBe('friendly');
		const preDue = run({ risk: highRisk, touches: [] }, '2026-03-03T15:00:00Z');
		expect(preDue.step).toBe('D-7');
		expect(preDue.tone).toBe('friendly'); // pre-due reminders stay friendly
	});
});

const highRisk = { score: 85, band: 'critical' as const, tone: 'escalating' as const, lateProbability: 0.8, factors: [], basis: 'summary' as const };
const lowRisk = { score: 10, band: 'low' as const, tone: 'friendly' as const, lateProbability: 0.1, factors: [], basis: 'summary' as const };

describe('decideRaw: hostile input becomes a typed error naming the field', () => {
	const engine = new DecisionEngine({}, NOW);
	const base = () => ({
		invoice: { invoiceId: 'INV-1', customerId: 'C1', amount: 100, dueDate: '2026-03-10', currency: 'USD' },
		customer: { customerId: 'C1', name: 'Acme', email: 'a@acme.test', timeZone: 'America/New_York', country: 'US' },
	});
	const fieldOf = (mutate: (r: ReturnType<typeof base>) => void): string => {
		const r = base();
		mutate(r);
		try {
			engine.decideRaw(r as never);
		} catch (e) {
			if (isValidationError(e)) return e.field;
			throw e;
		}
		return '(accepted)';
	};
	it('accepts a clean record', () => {
		expect(fieldOf(() => {})).toBe('(accepted)');
	});
	it.each([null, undefined, 42, 'INV-1', [], [{ invoice: {} }]])('rejects an input that is not a record (%p) as the field "input"', (raw) => {
		let err: unknown;
		try {
			engine.decideRaw(raw as never);
		} catch (e) {
			err = e;
		}
		expect(isValidationError(err) && err.field).toBe('input');
	});
	it.each<[string, (r: ReturnType<typeof base>) => void, string]>([
		['missing invoice id', (r) => delete (r.invoice as Record<string, unknown>).invoiceId, 'invoice.invoiceId'],
		['NaN amount', (r) => ((r.invoice as Record<string, unknown>).amount = NaN), 'invoice.amount'],
		['negative amount', (r) => ((r.invoice as Record<string, unknown>).amount = -5), 'invoice.amount'],
		['text amount', (r) => ((r.invoice as Record<string, unknown>).amount = 'lots'), 'invoice.amount'],
		['Infinity amount', (r) => ((r.invoice as Record<string, unknown>).amount = Infinity), 'invoice.amount'],
		['invalid date', (r) => ((r.invoice as Record<string, unknown>).dueDate = '2026-02-30'), 'invoice.dueDate'],
		['mistyped date', (r) => ((r.invoice as Record<string, unknown>).dueDate = { y: 2026 }), 'invoice.dueDate'],
		['no due date nor issue date', (r) => delete (r.invoice as Record<string, unknown>).dueDate, 'invoice.dueDate'],
		['unknown currency', (r) => ((r.invoice as Record<string, unknown>).currency = 'XYZ'), 'invoice.currency'],
		['unknown status', (r) => ((r.invoice as Record<string, unknown>).status = 'maybe'), 'invoice.status'],
		['paid more than the amount', (r) => ((r.invoice as Record<string, unknown>).amountPaid = 500), 'invoice.amountPaid'],
		['huge id', (r) => ((r.invoice as Record<string, unknown>).invoiceId = 'x'.repeat(100_000)), 'invoice.invoiceId'],
		['bad time zone', (r) => ((r.customer as Record<string, unknown>).timeZone = 'Mars/Base'), 'customer.timeZone'],
		['unknown country', (r) => ((r.customer as Record<string, unknown>).country = 'ZZ'), 'customer.country'],
		['bad email', (r) => ((r.customer as Record<string, unknown>).email = 'not-an-email'), 'customer.email'],
		['customer mismatch', (r) => ((r.customer as Record<string, unknown>).customerId = 'C2'), 'customer.customerId'],
		['invoice not an object', (r) => ((r as Record<string, unknown>).invoice = 'INV-1'), 'invoice'],
		['holds not a list', (r) => ((r as Record<string, unknown>).holds = { type: 'dispute' }), 'holds'],
		['bad hold type', (r) => ((r as Record<string, unknown>).holds = [{ type: 'vacation', invoiceId: 'INV-1' }]), 'holds[0].type'],
		['touch without a time', (r) => ((r as Record<string, unknown>).touches = [{ invoiceId: 'INV-1', step: 'D0', channel: 'email', sentAt: 'yesterday' }]), 'touches[0].sentAt'],
		['history entry with NaN', (r) => ((r as Record<string, unknown>).history = [{ dueDate: '2026-01-01', amount: NaN }]), 'history[0].amount'],
	])('%s', (_name, mutate, field) => {
		expect(fieldOf(mutate)).toBe(field);
	});
	it('ignores __proto__ keys rather than letting them reach prototypes', () => {
		const r = base();
		const hostile = JSON.parse('{"invoiceId":"INV-1","customerId":"C1","amount":100,"dueDate":"2026-03-10","__proto__":{"status":"paid","disputed":true}}');
		const d = engine.decideRaw({ ...r, invoice: hostile });
		expect(d.reason.code).not.toBe('INVOICE_PAID');
		expect(({} as Record<string, unknown>).status).toBeUndefined();
	});
	it('rejects a bad `now` and a bad policy with the field named', () => {
		expect(() => new DecisionEngine({}, 'tomorrow')).toThrow(/now/);
		expect(() => new DecisionEngine({ quietHours: { end: '8am' } }, NOW)).toThrow(/policy.quietHours.end/);
	});
});

describe('decide on typed input a program built: validated unless prepare made it', () => {
	const good = (): DecisionInput => ({ invoice: invoice(), customer: customer(), touches: [touch('D+1', '2026-03-11T14:00:00Z')], holds: [], approvals: [] });
	const outcomeOrField = (input: unknown): string => {
		try {
			const d = new DecisionEngine({}, NOW).decide(input as DecisionInput);
			return `${d.outcome}:${d.reason.code}`;
		} catch (e) {
			if (isValidationError(e)) return e.field;
			throw e;
		}
	};
	const withInvoice = (over: Record<string, unknown>) => ({ ...good(), invoice: { ...invoice(), ...over } });
	const withCustomer = (over: Record<string, unknown>) => ({ ...good(), customer: { ...customer(), ...over } });

	it('decides a well-formed typed input as its prepared form, and prepare\'s own output as it is', () => {
		const engine = new DecisionEngine({}, NOW);
		const prepared = engine.prepare(good());
		expect(Object.isFrozen(prepared)).toBe(true);
		expect(new DecisionEngine({}, NOW).decide(good())).toEqual(new DecisionEngine({}, NOW).decide(prepared));
		expect(outcomeOrField(good())).toBe('send:SEND');
	});

	it.each<[string, unknown, string]>([
		['no input', null, 'input'],
		['a list', [good()], 'input'],
		['invoice null', { ...good(), invoice: null }, 'invoice'],
		['customer missing', { invoice: invoice() }, 'customer'],
		['NaN balance (was sent)', withInvoice({ balance: NaN }), 'invoice.balance'],
		['due date not a date (went to approval)', withInvoice({ dueDate: 'soon' }), 'invoice.dueDate'],
		['status unknown', withInvoice({ status: 'weird' }), 'invoice.status'],
		['currency unknown', withInvoice({ currency: 'XXXX' }), 'invoice.currency'],
		['time zone unknown (threw a RangeError)', withCustomer({ timeZone: 'Mars/Base' }), 'customer.timeZone'],
		['opt-out not a channel list', withCustomer({ optOut: 'all' }), 'customer.optOut'],
		['holds an object, not a list (a dispute hold was ignored)', { ...good(), holds: { type: 'dispute', invoiceId: 'INV-1' } }, 'holds'],
		['a hold that is null (threw a TypeError)', { ...good(), holds: [null] }, 'holds[0]'],
		['a touch that is null (threw a TypeError)', { ...good(), touches: [null] }, 'touches[0]'],
		['touches not a list', { ...good(), touches: 'D+1' }, 'touches'],
		['approvals not a list', { ...good(), approvals: 'yes' }, 'approvals'],
		['history of an unknown form', { ...good(), history: 'good payer' }, 'history'],
		['typed history list that is not a list', { ...good(), history: { kind: 'list', invoices: 'x' } }, 'history.invoices'],
		['typed history list with a bad entry', { ...good(), history: { kind: 'list', invoices: [{ dueDate: '2026-01-01', amount: NaN }] } }, 'history.invoices[0].amount'],
		['typed summary that is not an object', { ...good(), history: { kind: 'summary', summary: 3 } }, 'history.summary'],
		['risk without a score', { ...good(), risk: { band: 'high', tone: 'firm' } }, 'risk.score'],
		['risk of an unknown band', { ...good(), risk: { score: 50, band: 'bogus', tone: 'firm', factors: [] } }, 'risk.band'],
		['risk with a bad factor', { ...good(), risk: { score: 50, band: 'medium', tone: 'firm', factors: [{ code: 'x', value: NaN, contribution: 1 }] } }, 'risk.factors[0].value'],
	])('%s: a ValidationError naming %p', (_name, input, field) => {
		expect(outcomeOrField(input)).toBe(field);
	});

	it('reads the typed history forms as the raw ones', () => {
		const list = [
			{ invoiceId: 'P1', issueDate: '2025-11-01', dueDate: '2025-12-01', paidDate: '2026-01-20', amount: 1200 },
			{ invoiceId: 'P2', issueDate: '2025-12-01', dueDate: '2025-12-31', paidDate: '2026-02-15', amount: 900 },
		];
		const summary = { invoiceCount: 10, paidLateCount: 7, avgDaysLate: 25 };
		const decideWith = (history: unknown) => new DecisionEngine({}, NOW).decide({ ...good(), history } as DecisionInput);
		const rawList = new DecisionEngine({}, NOW).decideRaw({ ...good(), history: list });
		expect(decideWith({ kind: 'list', invoices: list }).risk).toEqual(rawList.risk);
		expect(decideWith({ kind: 'summary', summary }).risk).toEqual(new DecisionEngine({}, NOW).decideRaw({ ...good(), history: summary }).risk);
		expect(decideWith({ kind: 'none' }).risk.basis).toBe('prior');
		expect(rawList.risk.basis).toBe('history');
	});

	it('keeps a complete risk result as given, and fills what a partial one leaves out', () => {
		const risk = scoreRisk({ invoice: invoice(), customer: customer(), history: prepareHistory([]), asOfDay: 20529 });
		const d = new DecisionEngine({}, NOW).decide({ ...good(), risk });
		expect(d.risk).toBe(risk);
		const partial = new DecisionEngine({}, NOW).decide({ ...good(), risk: { score: 80, band: 'critical', tone: 'firm' } as never });
		expect(partial.risk).toEqual({ score: 80, band: 'critical', tone: 'firm', lateProbability: 0.8, factors: [], basis: 'prior' });
	});

	it('decideAll on a list of typed inputs validates each, and throws the ValidationError of a bad one', () => {
		const engine = new DecisionEngine({}, NOW);
		const a = good();
		const b = { ...good(), invoice: invoice({ invoiceId: 'INV-2' }) };
		expect(engine.decideAll([a, b]).map((d) => d.invoiceId)).toEqual(['INV-1', 'INV-2']);
		expect(() => new DecisionEngine({}, NOW).decideAll([a, { ...b, holds: [null] } as never])).toThrow(/holds\[0\]/);
		expect(() => new DecisionEngine({}, NOW).decideAll([null as never])).toThrow(/input/);
	});

	it('any one field of a typed input replaced by junk gives a decision or a ValidationError, never another error (fast-check)', () => {
		const junk = fc.constantFrom<unknown>(null, undefined, NaN, -1, 0, '', 'x', 'x'.repeat(10_000), [], [null], {}, { __proto__: { status: 'paid' } }, true, Infinity, '2026-02-30');
		const paths: Array<[string | null, string]> = [];
		for (const k of Object.keys(good())) paths.push([null, k]);
		for (const k of Object.keys(invoice())) paths.push(['invoice', k]);
		for (const k of Object.keys(customer())) paths.push(['customer', k]);
		fc.assert(
			fc.property(fc.constantFrom(...paths), junk, ([parent, key], value) => {
				const input = good() as unknown as Record<string, Record<string, unknown>>;
				if (parent === null) (input as Record<string, unknown>)[key] = value;
				else input[parent] = { ...input[parent], [key]: value };
				const r = outcomeOrField(input);
				expect(typeof r).toBe('string');
				// Junk in a field that stops messages never turns into a message through a silent default.
				if (parent === null && (key === 'holds' || key === 'touches') && value !== undefined && value !== null && value !== '' && !(Array.isArray(value) && value.length === 0)) {
					expect(r).not.toMatch(/^send:/);
				}
			}),
			{ numRuns: 400 },
		);
	});
});

describe('what an engine keeps across a run', () => {
	// The engine shares reasons, channel lists, validated records and risk memos between the decisions of a run.
	// None of that may show: every decision of a shared engine equals the one a fresh engine makes for the item.
	it('a run of varied invoices decides each one as a fresh engine would', () => {
		const { generateLedger } = require('../support/ledger') as typeof import('../support/ledger');
		const { compileMapping, applyMapping } = require('../../nodes/core/mapping') as typeof import('../../nodes/core/mapping');
		const asOf = '2026-03-17T15:00:00Z';
		// Each item its own copy, as n8n gives them (the content-keyed caches are then the ones at work).
		const items = generateLedger({ seed: 11, invoices: 1500, asOf }).map((i) => JSON.parse(JSON.stringify(i)) as Record<string, unknown>);
		const mapping = compileMapping('canonical');
		const policies = [{}, { steps: [{ id: 'firm', offsetDays: 7, tone: 'firm', channels: ['email'], approval: 'always' }, { id: 'late', offsetDays: 14, tone: 'firm', channels: ['email'] }] }];
		for (const policy of policies) {
			const shared = new DecisionEngine(policy, asOf, { trackRunTouches: false });
			// What the AR nodes run: each item's customer and history validated on their own, nothing of them kept (the
			// history not frozen, so risk scoring remembers nothing of it either).
			const unshared = new DecisionEngine(policy, asOf, { trackRunTouches: false, shareRecords: false });
			let checked = 0;
			for (const item of items) {
				let alone;
				try {
					alone = new DecisionEngine(policy, asOf, { trackRunTouches: false }).decideRaw(applyMapping(mapping, item));
				} catch (e) {
					expect(() => shared.decideRaw(applyMapping(mapping, item))).toThrow((e as Error).message);
					continue;
				}
				expect(shared.decideRaw(applyMapping(mapping, item))).toEqual(alone);
				expect(unshared.decideRaw(applyMapping(mapping, item))).toEqual(alone);
				checked++;
			}
			expect(checked).toBeGreaterThan(1400);
		}
	});

	it('compares a customer\'s history lists on exactly the fields validation reads', () => {
		const { readHistory, sameHistoryList, HISTORY_ENTRY_FIELDS } = require('../../nodes/core/validate') as typeof import('../../nodes/core/validate');
		const policy = new DecisionEngine({}, NOW).policy;
		// Every property readHistory looks at on an entry, recorded through a Proxy.
		const read = new Set<string | symbol>();
		const spy = (o: object) =>
			new Proxy(o, {
				get: (t, k, r) => (read.add(k), Reflect.get(t, k, r)),
				has: (t, k) => (read.add(k), Reflect.has(t, k)),
				getOwnPropertyDescriptor: (t, k) => (read.add(k), Reflect.getOwnPropertyDescriptor(t, k)),
			});
		const full = { invoiceId: 'P-1', issueDate: '2026-01-01', dueDate: '2026-01-31', paidDate: '2026-02-03', amount: 900, disputed: true, partial: false, failedCharges: 1, brokenPromises: 0, status: 'paid', currency: 'USD', memo: 'x' };
		readHistory([spy({ ...full }), spy({ dueDate: '2026-02-28', amount: 10 })], policy);
		expect([...read].filter((k) => typeof k === 'string').sort()).toEqual([...HISTORY_ENTRY_FIELDS].sort());

		const list = () => [{ ...full }, { ...full, invoiceId: 'P-2', paidDate: null, disputed: false }];
		expect(sameHistoryList(list(), list())).toBe(true);
		// A field validation does not read may differ; a field it reads may not.
		expect(sameHistoryList(list(), list().map((e) => ({ ...e, memo: 'other', status: 'open' })))).toBe(true);
		for (const k of HISTORY_ENTRY_FIELDS) {
			const other = list();
			(other[1] as Record<string, unknown>)[k] = k === 'amount' || k === 'failedCharges' || k === 'brokenPromises' ? 7 : k === 'disputed' || k === 'partial' ? 'yes' : '2026-01-15';
			expect([k, sameHistoryList(list(), other)]).toEqual([k, false]);
		}
		expect(sameHistoryList(list(), list().slice(1))).toBe(false);
		expect(sameHistoryList([{ ...full, amount: NaN }], [{ ...full, amount: NaN }])).toBe(true);
		expect(sameHistoryList([{ ...full, amount: 0 }], [{ ...full, amount: -0 }])).toBe(false);
		expect(sameHistoryList([new Date(0)], [new Date(0)])).toBe(false);
		expect(sameHistoryList([[1]], [[1]])).toBe(false);
		expect(sameHistoryList({ invoiceCount: 1 }, { invoiceCount: 1 })).toBe(false);
		// A field shadowed on Object.prototype: not trusted, the list is validated.
		(Object.prototype as Record<string, unknown>).paidDate = '2026-01-01';
		try {
			expect(sameHistoryList(list(), list())).toBe(false);
		} finally {
			delete (Object.prototype as Record<string, unknown>).paidDate;
		}
	});

	it('a customer\'s invoices whose histories differ in a read field are each scored on their own history', () => {
		const raw = (id: string, paidDate: string | null) => ({
			invoice: { invoiceId: id, customerId: 'C1', amount: 1200, currency: 'USD', issueDate: '2026-02-08', dueDate: '2026-03-10' },
			customer: { customerId: 'C1', name: 'Acme Corp', email: 'anna@acme.test' },
			history: [
				{ invoiceId: 'P-1', issueDate: '2025-11-01', dueDate: '2025-12-01', paidDate, amount: 1000 },
				{ invoiceId: 'P-2', issueDate: '2025-12-01', dueDate: '2026-01-01', paidDate: '2026-01-01', amount: 1000 },
			],
		});
		const shared = new DecisionEngine({}, NOW);
		const onTime = shared.decideRaw(raw('INV-1', '2025-12-01'));
		const late = shared.decideRaw(raw('INV-2', '2026-02-20'));
		expect(late.risk.score).toBeGreaterThan(onTime.risk.score);
		expect(late.risk).toEqual(new DecisionEngine({}, NOW).decideRaw(raw('INV-2', '2026-02-20')).risk);
	});

	it('shares a customer\'s validated record and history between its invoices unless told not to (shareRecords: false)', () => {
		const history = () => [
			{ invoiceId: 'P-1', issueDate: '2025-11-01', dueDate: '2025-12-01', paidDate: '2025-12-09', amount: 1000 },
			{ invoiceId: 'P-2', issueDate: '2025-12-01', dueDate: '2026-01-01', paidDate: null, amount: 900 },
		];
		const raw = (id: string) => ({
			invoice: { invoiceId: id, customerId: 'C1', amount: 1200, currency: 'USD', issueDate: '2026-02-08', dueDate: '2026-03-10' },
			customer: { customerId: 'C1', name: 'Acme Corp', email: 'anna@acme.test' },
			history: history(),
		});
		const shared = new DecisionEngine({}, NOW);
		const [a, b] = [shared.prepare(raw('INV-1')), shared.prepare(raw('INV-2'))];
		expect(b.history).toBe(a.history);
		expect(b.customer).toBe(a.customer);
		const preparedOf = (h: unknown) => (h as { prepared?: object }).prepared;
		expect(preparedOf(a.history)).toBeDefined();
		expect(Object.isFrozen(preparedOf(a.history))).toBe(true);
		const unshared = new DecisionEngine({}, NOW, { shareRecords: false });
		const [c, d] = [unshared.prepare(raw('INV-1')), unshared.prepare(raw('INV-2'))];
		expect(d.history).not.toBe(c.history);
		expect(d.customer).not.toBe(c.customer);
		expect(d.customer).toEqual(b.customer);
		expect(c.history).toEqual(a.history);
		// Not frozen: risk scoring keeps no memo of a history that dies with its input.
		expect(preparedOf(c.history)).toBeDefined();
		expect(Object.isFrozen(preparedOf(c.history))).toBe(false);
		expect(unshared.decide(d)).toEqual(shared.decide(b));
	});

	it('a customer record changed in place between two invoices is read afresh, not taken from the memo', () => {
		// The memo keeps its own copy of the record it validated: a caller that reuses its objects and changes them
		// (an opt-out recorded between two invoices of the customer) gets the change, as a fresh engine would.
		const customerRecord: Record<string, unknown> = { customerId: 'C1', name: 'Acme Corp', email: 'anna@acme.test' };
		const raw = (id: string) => ({
			invoice: { invoiceId: id, customerId: 'C1', amount: 1200, currency: 'USD', issueDate: '2026-02-08', dueDate: '2026-03-10' },
			customer: customerRecord,
		});
		const shared = new DecisionEngine({}, NOW);
		expect(shared.prepare(raw('INV-1')).customer.optOut).toEqual([]);
		customerRecord.optOut = ['email'];
		expect(shared.prepare(raw('INV-2')).customer.optOut).toEqual(['email']);
		customerRecord.email = 'ap@acme.test';
		expect(shared.prepare(raw('INV-3')).customer.email).toBe('ap@acme.test');
	});

	it('nested parts of a record, and a history list, changed in place are read afresh too', () => {
		// The memo compares a record with the copy it kept: a copy that shared the caller's nested lists (or the
		// caller's history list itself) would change with them and match a record it no longer equals.
		const optOut: string[] = [];
		const accountOwner = { name: 'Lena Fischer', email: 'lena@us.test' };
		const customerRecord = { customerId: 'C1', name: 'Acme Corp', email: 'anna@acme.test', optOut, accountOwner };
		const history: Array<Record<string, unknown>> = [{ invoiceId: 'H1', issueDate: '2025-11-01', dueDate: '2025-12-01', paidDate: '2025-12-01', amount: 1000 }];
		const raw = (id: string) => ({
			invoice: { invoiceId: id, customerId: 'C1', amount: 1200, currency: 'USD', issueDate: '2026-02-08', dueDate: '2026-03-10' },
			customer: customerRecord,
			history,
		});
		const shared = new DecisionEngine({}, NOW);
		const first = shared.prepare(raw('INV-1'));
		expect(first.customer.optOut).toEqual([]);
		optOut.push('email');
		accountOwner.email = 'max@us.test';
		const second = shared.prepare(raw('INV-2'));
		expect(second.customer.optOut).toEqual(['email']);
		expect(second.customer.accountOwner?.email).toBe('max@us.test');

		const listOf = (input: DecisionInput) => (input.history as { invoices: Array<{ paidDate: string | null }> }).invoices;
		expect(listOf(second)).toHaveLength(1);
		history[0].paidDate = '2026-01-30'; // corrected in place: paid 60 days late
		history.push({ invoiceId: 'H2', issueDate: '2025-12-01', dueDate: '2026-01-01', paidDate: null, amount: 500 });
		const third = shared.prepare(raw('INV-3'));
		expect(listOf(third).map((e) => e.paidDate)).toEqual(['2026-01-30', null]);
		// As a fresh engine decides it, risk included.
		expect(shared.decide(third)).toEqual(new DecisionEngine({}, NOW).decideRaw(raw('INV-3')));
		// An unchanged record still shares the validated one.
		expect(shared.prepare(raw('INV-4')).customer).toBe(third.customer);
		expect(shared.prepare(raw('INV-4')).history).toBe(third.history);
	});

	it('a history list built by the caller and changed in place between decisions is scored afresh', () => {
		const invoices = [{ invoiceId: 'H1', issueDate: '2025-11-01', dueDate: '2025-12-01', paidDate: '2025-12-01', amount: 1000 }];
		const history: DecisionInput['history'] = { kind: 'list', invoices };
		const input = (id: string): DecisionInput => ({ invoice: invoice({ invoiceId: id }), customer: customer(), history });
		const engine = new DecisionEngine({}, NOW);
		const before = engine.decide(input('INV-1')).risk;
		invoices[0].paidDate = '2026-02-20'; // paid 81 days late
		const after = engine.decide(input('INV-2')).risk;
		expect(after).toEqual(new DecisionEngine({}, NOW).decide(input('INV-2')).risk);
		expect(after.score).toBeGreaterThan(before.score);
	});
});
