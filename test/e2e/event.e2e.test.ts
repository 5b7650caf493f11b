/**
 * The AR Event node in a real n8n 2.x, installed from the packed tarball: its dynamic outputs, the Stripe
 * webhook credential (imported, encrypted by n8n), signature verification of a raw body in a binary
 * property, Classify Reply, and Check Promises fed by the reply's patches.
 *
 *   Run Now -> Webhook Calls (Code) -> AR Event (Process Billing Event, Verify Signature: Always)
 *   Run Now -> Replies (Code) -> Classify Reply -> [Acknowledge] Daily Item (Code) -> Check Promises
 *   Run Now -> Unsure Replies (Code) -> Classify Reply (AI): AI Second Opinion with the Anthropic credential (imported)
 *     pointing at a local fake of the Anthropic API in this test's process (never the internet)
 */
import { createHmac } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

import { FakeAnthropic } from '../core/ai/fake-anthropic';
import { executeWorkflow, removeUserFolder, runN8n, type N8nRun, type UserFolder } from './n8n-harness';
import { importWorkflowObject, REPO_ROOT, userFolderWithPackage } from './package';

const describeE2E = process.env.N8N_E2E_SKIP === '1' ? describe.skip : describe;

const SECRET = 'whsec_e2eSigningSecretForTheArEventNode000001';
const raw = fs.readFileSync(path.join(REPO_ROOT, 'test', 'fixtures', 'events', 'stripe', 'invoice.paid.json'), 'utf8');
const created = (JSON.parse(raw) as { created: number }).created;
const T = created + 5;
const AS_OF = new Date((T + 30) * 1000).toISOString();
const header = (body: string, t = T) => `t=${t},v1=${createHmac('sha256', SECRET).update(`${t}.${body}`, 'utf8').digest('hex')}`;
const INVOICE = { invoiceId: 'in_1QJx2kLkdIwHu7ixK9aB3cDe', customerId: 'cus_R8s7tUvWxYz012', amount: 1250, amountPaid: 0, currency: 'GBP', status: 'open', issueDate: '2025-10-13', dueDate: '2025-11-12' };

function webhookCall(body: string, signature: string, extra: Record<string, unknown> = {}) {
	return {
		json: { headers: { 'content-type': 'application/json', 'stripe-signature': signature }, params: {}, query: {}, body: JSON.parse(raw), invoice: INVOICE, ...extra },
		binary: { data: { data: Buffer.from(body, 'utf8').toString('base64'), mimeType: 'application/json', fileName: 'body.json' } },
	};
}

const CALLS = [
	webhookCall(raw, header(raw)),
	webhookCall(raw.replace('"amount_paid": 125000', '"amount_paid": 1'), header(raw)),
	webhookCall(raw, header(raw, T - 3600)),
];

const REPLIES = [
	{ text: "Hi, we'll pay this on Friday. Thanks!", subject: 'Re: Invoice INV-77', date: '2025-11-12T10:05:00Z', messageId: '<e2e-1@client.example>', customerId: 'C1', invoiceId: 'INV-77', locale: 'en-GB', invoice: { invoiceId: 'INV-77', customerId: 'C1', amount: 500, currency: 'EUR', dueDate: '2025-10-31' } },
	{ text: 'STOP', channel: 'sms', date: '2025-11-12T10:06:00Z', messageId: 'SM-e2e', customerId: 'C2' },
	{ text: 'Die Rechnung wurde bereits am 7.11. per Überweisung bezahlt.', date: '2025-11-12T10:07:00Z', customerId: 'C3', invoiceId: 'INV-78', locale: 'de-DE' },
];

/** A reply the rules cannot place ("other", unsure), and a STOP the AI must never be asked about. */
const UNSURE_REPLIES = [
	{ text: 'Grüß Gott, das Geld ist beim Steuerberater freigegeben, Valuta Freitag.', date: '2025-11-12T10:05:00Z', messageId: '<e2e-ai-1@client.example>', customerId: 'C4', invoiceId: 'INV-79', locale: 'de-AT', invoice: { invoiceId: 'INV-79', customerId: 'C4', amount: 800, currency: 'EUR', dueDate: '2025-10-31' } },
	{ text: 'STOP', channel: 'sms', date: '2025-11-12T10:06:00Z', messageId: 'SM-e2e-ai', customerId: 'C5' },
];

function workflow(): Record<string, unknown> {
	const node = (name: string, type: string, position: [number, number], parameters: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
		id: name.toLowerCase().replace(/\W+/g, '-'),
		name,
		type,
		typeVersion: type === 'n8n-nodes-base.code' ? 2 : 1,
		position,
		parameters,
		...extra,
	});
	const code = (items: unknown) => `return ${JSON.stringify(items)};`;
	return {
		id: 'arE2eEvent00001',
		name: 'AR e2e: events and replies',
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			node('Run Now', 'n8n-nodes-base.manualTrigger', [0, 0], {}),
			node('Webhook Calls', 'n8n-nodes-base.code', [220, 0], { jsCode: code(CALLS) }),
			node(
				'AR Event',
				'n8n-nodes-ar-followup.arEvent',
				[440, 0],
				{ operation: 'processBillingEvent', verifySignature: 'always', options: { asOf: AS_OF, timeZone: 'Europe/London' } },
				{ credentials: { arStripeWebhookApi: { id: 'arE2eStripeCred1', name: 'Stripe webhook (e2e)' } } },
			),
			node('Replies', 'n8n-nodes-base.code', [220, 300], { jsCode: code(REPLIES.map((json) => ({ json }))) }),
			node('Classify Reply', 'n8n-nodes-ar-followup.arEvent', [440, 300], { operation: 'classifyReply', options: { asOf: '2025-11-12T10:10:00Z', timeZone: 'Europe/London' } }),
			node('Daily Item', 'n8n-nodes-base.code', [660, 300], {
				jsCode:
					'return $input.all().map((i) => { const e = i.json.arFollowUp.event; return { json: { ...i.json.invoice, holds: e.patches.holds, touches: e.patches.touches, ledger: e.patches.ledger } }; });',
			}),
			node('Check Promises', 'n8n-nodes-ar-followup.arEvent', [880, 300], { operation: 'checkPromises', options: { asOf: '2025-11-18T09:00:00Z', timeZone: 'Europe/London' } }),
			node('Unsure Replies', 'n8n-nodes-base.code', [220, 600], { jsCode: code(UNSURE_REPLIES.map((json) => ({ json }))) }),
			node(
				'Classify Reply (AI)',
				'n8n-nodes-ar-followup.arEvent',
				[440, 600],
				{ operation: 'classifyReply', aiSecondOpinion: true, aiOptions: { maxRetries: 0, timeoutSeconds: 10 }, options: { asOf: '2025-11-12T10:10:00Z', timeZone: 'Europe/London' } },
				{ credentials: { arAnthropicApi: { id: 'arE2eAnthropic01', name: 'Anthropic (e2e fake)' } } },
			),
		],
		connections: {
			'Run Now': { main: [[{ node: 'Webhook Calls', type: 'main', index: 0 }, { node: 'Replies', type: 'main', index: 0 }, { node: 'Unsure Replies', type: 'main', index: 0 }]] },
			'Webhook Calls': { main: [[{ node: 'AR Event', type: 'main', index: 0 }]] },
			Replies: { main: [[{ node: 'Classify Reply', type: 'main', index: 0 }]] },
			'Unsure Replies': { main: [[{ node: 'Classify Reply (AI)', type: 'main', index: 0 }]] },
			'Classify Reply': { main: [[{ node: 'Daily Item', type: 'main', index: 0 }], [], [], []] },
			'Daily Item': { main: [[{ node: 'Check Promises', type: 'main', index: 0 }]] },
		},
	};
}

type Json = Record<string, unknown>;
const event = (i: Json) => (i.arFollowUp as Json).event as Json;
function output(run: N8nRun, nodeName: string, index: number): Json[] {
	return (run.data.resultData.runData[nodeName] ?? []).flatMap((r) => (r.data?.main[index] ?? []).map((i) => i.json as Json));
}

describeE2E('AR Event in a real n8n', () => {
	let uf: UserFolder | undefined;
	let run: N8nRun;
	const fake = new FakeAnthropic();

	beforeAll(async () => {
		await fake.start();
		fake.always({ text: JSON.stringify({ class: 'promise_to_pay', confidence: 0.85, promiseDate: '2025-11-14', returnDate: null }), usage: { input_tokens: 380, output_tokens: 28 } });
		uf = await userFolderWithPackage();
		const creds = path.join(uf.dir, 'credentials.json');
		fs.writeFileSync(
			creds,
			JSON.stringify([
				{ id: 'arE2eStripeCred1', name: 'Stripe webhook (e2e)', type: 'arStripeWebhookApi', data: { signingSecret: SECRET, toleranceSeconds: 300 } },
				{ id: 'arE2eAnthropic01', name: 'Anthropic (e2e fake)', type: 'arAnthropicApi', data: { apiKey: 'e2e-test-key', baseUrl: fake.baseURL, model: 'claude-e2e-model' } },
			]),
		);
		const imported = await runN8n(uf, ['import:credentials', `--input=${creds}`]);
		if (imported.code !== 0) throw new Error(`import:credentials failed\n${imported.stdout}\n${imported.stderr}`);
		const { id } = await importWorkflowObject(uf, 'ar-event.workflow.json', workflow());
		run = await executeWorkflow(uf, id);
	}, 900_000);

	afterAll(async () => {
		await fake.stop();
		if (uf) removeUserFolder(uf);
	});

	it('verifies the signed raw body with the imported credential: the real delivery is acknowledged, the tampered and replayed ones rejected', () => {
		expect(run.status).toBe('success');
		const ack = output(run, 'AR Event', 0);
		expect(ack).toHaveLength(1);
		expect(event(ack[0])).toMatchObject({ route: 'acknowledge', type: 'paid', signature: { valid: true, code: 'VERIFIED' }, message: { templateKey: 'payment-received-thanks' } });
		expect(output(run, 'AR Event', 1)).toHaveLength(0);
		expect(output(run, 'AR Event', 2)).toHaveLength(0);
		expect(output(run, 'AR Event', 3).map((i) => (event(i).reason as Json).code)).toEqual(['SIGNATURE_MISMATCH', 'TIMESTAMP_TOO_OLD']);
	});

	it('classifies replies onto Acknowledge / Update Only / Notify Person', () => {
		expect(output(run, 'Classify Reply', 0).map((i) => (event(i).reply as Json).class)).toEqual(['promise_to_pay']);
		expect(output(run, 'Classify Reply', 1).map((i) => (event(i).reply as Json).class)).toEqual(['unsubscribe']);
		expect(output(run, 'Classify Reply', 2).map((i) => (event(i).reply as Json).class)).toEqual(['already_paid']);
	});

	it('asks Claude through the imported Anthropic credential about the reply the rules were unsure of, never about the STOP', () => {
		expect(fake.requests).toHaveLength(1);
		expect(fake.requests[0].headers['x-api-key']).toBe('e2e-test-key');
		expect(fake.requests[0].body.model).toBe('claude-e2e-model');
		expect(fake.requests[0].body.messages![0].content).toContain('Valuta Freitag');
		const [promise] = output(run, 'Classify Reply (AI)', 0);
		expect(event(promise).reply).toMatchObject({ class: 'promise_to_pay', promiseDate: '2025-11-14', matchedRule: 'ai', ai: { used: true, rulesClass: 'other', model: 'claude-e2e-model', tokens: { input: 380, output: 28 } } });
		expect(((event(promise).patches as Json).holds as Json[]).map((h) => [h.holdId, h.until])).toContainEqual(['promise:INV-79', '2025-11-14']);
		const [stop] = output(run, 'Classify Reply (AI)', 1);
		expect(event(stop).reply).toMatchObject({ class: 'unsubscribe', ai: { used: false, reason: 'not_needed' } });
	});

	it('releases the promise once its date and grace have passed (three outputs for Check Promises)', () => {
		const broken = output(run, 'Check Promises', 0);
		expect(broken).toHaveLength(1);
		expect(event(broken[0])).toMatchObject({ route: 'broken', type: 'promise_broken', promise: { date: '2025-11-14', status: 'broken' } });
		expect(output(run, 'Check Promises', 1)).toHaveLength(0);
	});

	it('ships the node, its icons and codex, and the credential with its icon', () => {
		const pkgDir = path.join(uf!.dir, '.n8n', 'nodes', 'node_modules', 'n8n-nodes-ar-followup');
		expect(fs.readdirSync(path.join(pkgDir, 'dist', 'nodes', 'ArEvent')).filter((f) => /\.(svg|json)$/.test(f)).sort()).toEqual(['ArEvent.node.json', 'arEvent.dark.svg', 'arEvent.svg']);
		expect(fs.existsSync(path.join(pkgDir, 'dist', 'credentials', 'ArStripeWebhookApi.credentials.js'))).toBe(true);
		expect(fs.existsSync(path.join(pkgDir, 'dist', 'credentials', 'arStripeWebhook.svg'))).toBe(true);
	});
});
