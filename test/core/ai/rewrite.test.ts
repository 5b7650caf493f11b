/**
 * The AI rewrite against a local fake of the Anthropic API (127.0.0.1, random port; never the internet):
 * a good answer is used; an answer that drops a fact or invents one is rejected; timeouts, 429 and 500
 * fall back to the template after bounded retries; tokens per item and the per-run budget are respected.
 */
import { createAiBudget, createAnthropicClient, rewriteMessage, type AnthropicLike } from '../../../nodes/core/ai';
import { renderMessage, type MessageRequest } from '../../../nodes/core/render';
import { fullRequest } from '../render/fixtures';
import { answer, FAST, useFakeAnthropic } from './fake-anthropic';

const { fake, client: clientOf } = useFakeAnthropic();
let client: AnthropicLike;
beforeAll(() => {
	client = clientOf();
});

function rendered(request: MessageRequest = fullRequest('overdue_7', 'email', 'friendly', 'en-GB')) {
	const result = renderMessage(request);
	expect(result.ok).toBe(true);
	return { rendered: result, request };
}

const GOOD_BODY = `Hi Anna,

Just checking in on invoice INV-2025-0042 for €1,000.00, which was due on 5 March 2025. If anything is holding it up, tell us and we'll gladly help.

You can pay online here:
https://pay.example.com/i/INV-2025-0042

Thank you,
Maria Lopez
Accounts Receivable
Acme Software`;

describe('rewriteMessage with a local fake Anthropic API', () => {
	test('a good answer is used, and the request carries the facts to keep', async () => {
		const input = rendered();
		fake.reply({ text: answer(GOOD_BODY, 'A quick note about invoice INV-2025-0042'), usage: { input_tokens: 812, output_tokens: 143 } });
		const out = await rewriteMessage(input, { client, model: 'claude-test-model', ...FAST });
		expect(out.ai).toMatchObject({ used: true, attempts: 1, tokens: { input: 812, output: 143 }, model: 'claude-test-model' });
		expect(out.ai.reason).toBeUndefined();
		expect(out.email!.subject).toBe('A quick note about invoice INV-2025-0042');
		expect(out.email!.text).toBe(GOOD_BODY);
		expect(out.email!.html).toContain('Just checking in on invoice INV-2025-0042');
		expect(out.email!.html).toContain('>Pay invoice</a>');
		expect(out.email!.to).toBe(input.rendered.email!.to);
		expect(out.body).toEqual({ subject: 'A quick note about invoice INV-2025-0042', text: GOOD_BODY });
		// The original is untouched.
		expect(input.rendered.email!.subject).toBe('Can we help with invoice INV-2025-0042?');

		expect(fake.requests).toHaveLength(1);
		const [req] = fake.requests;
		expect(req.path).toBe('/v1/messages');
		expect(req.headers['x-api-key']).toBe('test-key');
		expect(req.body.model).toBe('claude-test-model');
		expect(req.body.system).toContain('invoice number: INV-2025-0042');
		expect(req.body.system).toContain('amount: €1,000.00');
		expect(req.body.system).toContain('due date: 5 March 2025');
		expect(req.body.system).toContain('link: https://pay.example.com/i/INV-2025-0042');
		expect(req.body.system).toContain('Rewrite the message in English');
		// The model may not invent a history of reminders the original does not state (a first message long overdue).
		expect(req.body.system).toContain('Do not say that earlier reminders were sent, or that the customer has not replied, unless the original says so');
		expect(req.body.messages![0].content).toContain('"subject": "Can we help with invoice INV-2025-0042?"');
	});

	test('an answer that drops the amount is rejected; the template text stands', async () => {
		const input = rendered();
		fake.reply({ text: answer(GOOD_BODY.replace(' for €1,000.00', ''), 'About invoice INV-2025-0042') });
		const out = await rewriteMessage(input, { client, ...FAST });
		expect(out.ai).toMatchObject({ used: false, reason: 'fact_guard:amount_missing', attempts: 1 });
		expect(out.ai.violations).toEqual(['amount_missing']);
		expect(out.email).toEqual(input.rendered.email);
		expect(out.body).toEqual(input.rendered.body);
	});

	test('an answer that invents a date or a deadline is rejected', async () => {
		const input = rendered();
		fake.reply({ text: answer(GOOD_BODY.replace('gladly help.', 'gladly help. Please pay by 28 March 2025.'), 'About invoice INV-2025-0042') });
		const dated = await rewriteMessage(input, { client, ...FAST });
		expect(dated.ai.used).toBe(false);
		expect(dated.ai.reason).toBe('fact_guard:new_date');
		expect(dated.ai.detail).toContain('28');
		expect(dated.email!.text).toBe(input.rendered.email!.text);

		fake.reply({ text: answer(GOOD_BODY.replace('gladly help.', 'gladly help. Please settle it by Friday.'), 'About invoice INV-2025-0042') });
		const weekday = await rewriteMessage(input, { client, ...FAST });
		expect(weekday.ai.reason).toBe('fact_guard:new_date');
		expect(weekday.ai.detail).toContain('friday');
	});

	test('new amounts, links and threats are rejected', async () => {
		const input = rendered();
		fake.reply(
			{ text: answer(GOOD_BODY.replace('gladly help.', 'gladly help. A late fee of €40.00 applies.'), 'About invoice INV-2025-0042') },
			{ text: answer(GOOD_BODY.replace('https://pay.example.com/i/INV-2025-0042', 'https://pay.evil.example/INV-2025-0042'), 'About invoice INV-2025-0042') },
			{ text: answer(GOOD_BODY.replace('gladly help.', 'gladly help, or we will hand this to a collection agency.'), 'About invoice INV-2025-0042') },
			{ text: answer(GOOD_BODY.replace('gladly help.', 'gladly help. Write to billing@evil.example.'), 'About invoice INV-2025-0042') },
		);
		const fee = await rewriteMessage(input, { client, ...FAST });
		expect(fee.ai.reason).toBe('fact_guard:new_amount');
		expect(fee.ai.violations).toEqual(expect.arrayContaining(['new_amount', 'threat']));
		const link = await rewriteMessage(input, { client, ...FAST });
		expect(link.ai.violations).toEqual(expect.arrayContaining(['payment_link_missing', 'new_link']));
		const threat = await rewriteMessage(input, { client, ...FAST });
		expect(threat.ai).toMatchObject({ used: false, reason: 'fact_guard:threat', violations: ['threat'] });
		const contact = await rewriteMessage(input, { client, ...FAST });
		expect(contact.ai.reason).toBe('fact_guard:new_contact');
		for (const r of [fee, link, threat, contact]) expect(r.email).toEqual(input.rendered.email);
	});

	test('German: the amount with its no-break space matches however the model spaces it', async () => {
		const input = rendered(fullRequest('overdue_7', 'email', 'friendly', 'de-DE'));
		const body = 'Hallo Anna,\n\nkurze Nachfrage zu Rechnung INV-2025-0042 über 1.000,00 € (fällig am 5. März 2025). Können wir helfen?\n\nHier bezahlen:\nhttps://pay.example.com/i/INV-2025-0042\n\nViele Grüße\nMaria Lopez';
		fake.reply({ text: '```json\n' + answer(body, 'Rechnung INV-2025-0042') + '\n```' });
		const out = await rewriteMessage(input, { client, ...FAST });
		expect(out.ai.used).toBe(true);
		expect(fake.requests[0].body.system).toContain('Rewrite the message in German');
	});

	test('a timeout falls back to the template after bounded retries', async () => {
		const input = rendered();
		fake.always({ delayMs: 5000, text: answer(GOOD_BODY, 'late') });
		const started = Date.now();
		const out = await rewriteMessage(input, { client, timeoutMs: 150, maxRetries: 1, retryBaseMs: 5 });
		expect(Date.now() - started).toBeLessThan(3000);
		expect(out.ai).toMatchObject({ used: false, reason: 'timeout', attempts: 2 });
		expect(out.email).toEqual(input.rendered.email);
		await new Promise((r) => setTimeout(r, 50));
		expect(fake.requests).toHaveLength(2);
	});

	test('429 is retried with backoff and falls back when it persists', async () => {
		const input = rendered();
		fake.always({ status: 429, headers: { 'retry-after': '0' } });
		const out = await rewriteMessage(input, { client, ...FAST, maxRetries: 2 });
		expect(out.ai).toMatchObject({ used: false, reason: 'rate_limited', attempts: 3 });
		expect(out.ai.detail).toContain('429');
		expect(fake.requests).toHaveLength(3);
		expect(out.email).toEqual(input.rendered.email);
	});

	test('429 then success: the retry is used', async () => {
		const input = rendered();
		fake.reply({ status: 429 }, { text: answer(GOOD_BODY, 'About invoice INV-2025-0042') });
		const out = await rewriteMessage(input, { client, ...FAST, maxRetries: 2 });
		expect(out.ai).toMatchObject({ used: true, attempts: 2, tokens: { input: 100, output: 50 } });
	});

	test('500 is retried and falls back; 401 is not retried', async () => {
		const input = rendered();
		fake.always({ status: 500 });
		const server = await rewriteMessage(input, { client, ...FAST, maxRetries: 2 });
		expect(server.ai).toMatchObject({ used: false, reason: 'api_error', attempts: 3 });
		expect(server.ai.detail).toContain('500');
		expect(server.email).toEqual(input.rendered.email);
		fake.reset();
		fake.always({ status: 401 });
		const auth = await rewriteMessage(input, { client, ...FAST, maxRetries: 2 });
		expect(auth.ai).toMatchObject({ used: false, reason: 'auth_error', attempts: 1 });
		expect(fake.requests).toHaveLength(1);
	});

	test('answers that are not the JSON asked for, or cut off, are not used', async () => {
		const input = rendered();
		fake.reply({ text: 'Sure! Here is a friendlier version: Hi Anna...' }, { text: answer(GOOD_BODY, 'x'), stopReason: 'max_tokens' });
		expect((await rewriteMessage(input, { client, ...FAST })).ai).toMatchObject({ used: false, reason: 'invalid_response', tokens: { input: 100, output: 50 } });
		expect((await rewriteMessage(input, { client, ...FAST })).ai).toMatchObject({ used: false, reason: 'invalid_response' });
	});

	test('an SMS rewrite that needs more segments is not used', async () => {
		const input = rendered(fullRequest('overdue_7', 'sms', 'friendly', 'en-GB'));
		const long = `${input.rendered.sms!.text} ${'We really value working with you and hope everything is well on your side. '.repeat(4)}`;
		fake.reply({ text: answer(long) });
		const out = await rewriteMessage(input, { client, ...FAST });
		expect(out.ai.reason).toBe('too_long');
		expect(out.sms).toEqual(input.rendered.sms);
		const short = 'Acme Software: a friendly nudge on invoice INV-2025-0042 (€1,000.00), now 7 days overdue. Need a hand? Just reply. Pay: https://pay.example.com/i/INV-2025-0042';
		fake.reply({ text: answer(short) });
		const ok = await rewriteMessage(input, { client, ...FAST });
		expect(ok.ai.used).toBe(true);
		expect(ok.sms!.text).toBe(short);
		expect(ok.sms!.segments).toBe(1);
	});

	test('without a credential, when disabled, or for an item that did not render, nothing is called', async () => {
		const input = rendered();
		expect(createAnthropicClient({ apiKey: '' })).toBeNull();
		expect((await rewriteMessage(input, { client: null })).ai).toMatchObject({ used: false, reason: 'no_credential', attempts: 0 });
		expect((await rewriteMessage(input, { client, enabled: false })).ai.reason).toBe('disabled');
		const broken = renderMessage({ templateKey: 'overdue_7', channel: 'email', invoice: {}, customer: {} });
		expect((await rewriteMessage({ rendered: broken, request: {} as MessageRequest }, { client })).ai.reason).toBe('not_rendered');
		expect(fake.requests).toHaveLength(0);
	});
});

describe('per-run budget', () => {
	test('the call cap is shared by every item, sequential or concurrent', async () => {
		fake.always({ text: answer(GOOD_BODY, 'About invoice INV-2025-0042'), usage: { input_tokens: 300, output_tokens: 120 } });
		const input = rendered();
		const budget = createAiBudget({ maxCalls: 3 });
		const results = [];
		for (let i = 0; i < 5; i++) results.push(await rewriteMessage(input, { client, budget, ...FAST }));
		expect(results.map((r) => r.ai.used)).toEqual([true, true, true, false, false]);
		expect(results.map((r) => r.ai.reason)).toEqual([undefined, undefined, undefined, 'budget_exhausted', 'budget_exhausted']);
		expect(results.map((r) => r.ai.tokens)).toEqual([
			{ input: 300, output: 120 },
			{ input: 300, output: 120 },
			{ input: 300, output: 120 },
			{ input: 0, output: 0 },
			{ input: 0, output: 0 },
		]);
		expect(fake.requests).toHaveLength(3);
		expect(budget.calls).toBe(3);
		expect(budget.tokens).toBe(3 * 420);

		fake.reset();
		fake.always({ text: answer(GOOD_BODY, 'About invoice INV-2025-0042') });
		const shared = createAiBudget({ maxCalls: 4 });
		const parallel = await Promise.all(Array.from({ length: 10 }, () => rewriteMessage(input, { client, budget: shared, ...FAST })));
		expect(parallel.filter((r) => r.ai.used)).toHaveLength(4);
		expect(parallel.filter((r) => r.ai.reason === 'budget_exhausted')).toHaveLength(6);
		expect(fake.requests).toHaveLength(4);
	});

	test('retries count against the budget too', async () => {
		fake.always({ status: 500 });
		const budget = createAiBudget({ maxCalls: 2 });
		const out = await rewriteMessage(rendered(), { client, budget, ...FAST, maxRetries: 5 });
		expect(out.ai).toMatchObject({ used: false, reason: 'budget_exhausted', attempts: 2 });
		expect(out.ai.detail).toContain('api_error');
		expect(fake.requests).toHaveLength(2);
	});

	test('a token cap stops further calls once reached', async () => {
		fake.always({ text: answer(GOOD_BODY, 'About invoice INV-2025-0042'), usage: { input_tokens: 600, output_tokens: 500 } });
		const budget = createAiBudget({ maxCalls: 100, maxTokens: 2000 });
		const input = rendered();
		const used = [];
		for (let i = 0; i < 4; i++) used.push((await rewriteMessage(input, { client, budget, ...FAST })).ai.used);
		expect(used).toEqual([true, true, false, false]);
	});
});
