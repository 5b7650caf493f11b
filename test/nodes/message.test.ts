/**
 * AR Message node: real AR Stop Check (and AR Event) outputs in, messages out. Reads the rendered text
 * (no snapshots): email parts ready for Send Email, SMS ready for Twilio, internal alerts for Slack,
 * one item per channel with pairedItem, Needs Human naming the missing field, holds on Skipped,
 * template overrides validated once before any item (with the line), the optional AI rewrite against a
 * local fake of the Anthropic API, Continue On Fail, and a hostile-input suite.
 */
import { existsSync, readFileSync } from 'fs';
import { join } from 'path';

import fc from 'fast-check';
import { NodeOperationError, type IDataObject, type INodeExecutionData, type NodeExecutionHint } from 'n8n-workflow';

import { ArMessage } from '../../nodes/ArMessage/ArMessage.node';
import { ArStopCheck } from '../../nodes/ArStopCheck/ArStopCheck.node';
import { TEMPLATE_KEYS } from '../../nodes/core/render';
import { BRACE_CHECK_EXPRESSION, MESSAGE_OUTPUT_NAMES } from '../../nodes/shared/messageParameters';
import { FakeAnthropic, answer } from '../core/ai/fake-anthropic';
import { mockContext, run, type MockOptions } from './context';
import { AS_OF, baseParams, item } from './fixtures';
import { hostileValues } from './hostileValues';

/** AR Event is built alongside: its integration test runs when the node is in the tree. */
const HAS_AR_EVENT = existsSync(join(__dirname, '..', '..', 'nodes', 'ArEvent', 'ArEvent.node.ts'));
const itWithArEvent = HAS_AR_EVENT ? it : it.skip;

const node = new ArMessage();
const stopCheck = new ArStopCheck();
const [EMAIL, SMS, INTERNAL, HUMAN, SKIPPED] = [0, 1, 2, 3, 4];
const [SC_SEND, SC_HOLD, SC_APPROVAL, SC_HUMAN] = [0, 1, 2, 3];

const SENDER = {
	companyName: 'Acme Software',
	fromEmail: 'billing@acme.example',
	fromName: 'Acme Billing',
	replyTo: 'ar@acme.example',
	supportPhone: '+1 212 555 0199',
	paymentInstructions: 'Wire transfer to Acme Bank, account 12345678, reference: your invoice number',
	financeEmail: 'finance@acme.example',
};
const PARAMS: IDataObject = { sender: SENDER, options: { alertChannel: '#ar-alerts', humanChannel: '#ar-tasks' } };

const ar = (x: INodeExecutionData) => x.json.arFollowUp as IDataObject;
const msg = (x: INodeExecutionData) => ar(x).message as IDataObject;
const email = (x: INodeExecutionData) => x.json.email as IDataObject;
const sms = (x: INodeExecutionData) => x.json.sms as IDataObject;
const internal = (x: INodeExecutionData) => x.json.internal as IDataObject;
const lengths = (out: INodeExecutionData[][]) => out.map((o) => o.length);
/** Intl puts a no-break space between amount and currency in many locales. */
const nbsp = (v: unknown) => String(v).replace(/[\u00a0\u202f]/g, ' ');

interface RunOptions extends MockOptions {
	credentials?: IDataObject | null;
}

/** The repo's mock context plus a selected credential and a place for execution hints. */
async function runMessage(items: IDataObject[], options: RunOptions = {}) {
	const ctx = mockContext(items, { params: PARAMS, ...options }) as unknown as Record<string, unknown> & { parameterReads: Map<string, number>; getNode: () => IDataObject };
	const hints: NodeExecutionHint[] = [];
	if (options.credentials) ctx.getNode().credentials = { arAnthropicApi: { id: 'cred-ai', name: 'Anthropic' } };
	ctx.getCredentials = async (type: string) => {
		if (type !== 'arAnthropicApi' || !options.credentials) throw new Error(`Node does not have any credentials set for "${type}"`);
		return options.credentials;
	};
	ctx.addExecutionHints = (...h: NodeExecutionHint[]) => hints.push(...h);
	const out = (await node.execute.call(ctx as never)) as INodeExecutionData[][];
	return { out, ctx, hints };
}

/** Run AR Stop Check on fixture items and return its outputs (Send, Hold, Needs Approval, Human Task). */
async function decide(items: IDataObject[], params: IDataObject = baseParams) {
	const { out } = await run(stopCheck, items, { params });
	return out;
}

/** Every string in a payload, for "never prints" checks. */
function strings(v: unknown, acc: string[] = []): string[] {
	if (typeof v === 'string') acc.push(v);
	else if (Array.isArray(v)) v.forEach((x) => strings(x, acc));
	else if (v && typeof v === 'object') Object.values(v).forEach((x) => strings(x, acc));
	return acc;
}

function expectClean(payload: unknown) {
	for (const s of strings(payload)) {
		expect(s).not.toMatch(/undefined|NaN|\{\{|\}\}|\[object /);
	}
}

// A D+1 invoice (due yesterday, nothing sent): the default policy sends email and SMS.
const dueYesterday = (over: IDataObject = {}, customer: IDataObject = {}) => item({ invoiceId: 'INV-D1', customerId: 'C-D1', dueDate: '2026-03-16', touches: [], ...over }, customer);

describe('AR Message node: description', () => {
	it('declares five named outputs, the optional Anthropic credential, and an editor hint for broken braces', () => {
		const d = node.description;
		expect(d.outputNames).toEqual(['Email', 'SMS / WhatsApp', 'Internal (Slack/Teams)', 'Needs Human', 'Skipped']);
		expect(d.outputs).toHaveLength(5);
		expect(MESSAGE_OUTPUT_NAMES).toEqual(d.outputNames);
		expect(d.credentials).toEqual([expect.objectContaining({ name: 'arAnthropicApi', required: false })]);
		expect(d.name).toBe('arMessage');
		const names = d.properties.map((p) => p.name);
		expect(names).toEqual(['notice', 'sender', 'links', 'templateOverrides', 'aiRewrite', 'aiOptions', 'options']);
		const notice = d.properties[0].displayName;
		expect(notice).toContain('per channel');
		expect(notice).toContain('$json.email.subject');
		// Template key options come from the default pack, sorted by name.
		const overrides = d.properties.find((p) => p.name === 'templateOverrides')!;
		const values = (overrides.options as Array<{ values: Array<{ name: string; options?: Array<{ name: string; value: string }> }> }>)[0].values;
		expect(values.map((v) => v.name)).toEqual(['body', 'channel', 'html', 'locale', 'subject', 'key', 'tone']);
		const keys = values.find((v) => v.name === 'key')!.options!;
		expect(keys.map((o) => o.value).sort()).toEqual([...TEMPLATE_KEYS].sort());
		expect(keys.map((o) => o.name)).toEqual([...keys.map((o) => o.name)].sort((a, b) => a.localeCompare(b, 'en')));
		expect(d.hints?.[0].displayCondition).toContain(BRACE_CHECK_EXPRESSION);
	});

	it('the editor hint expression flags unpaired braces (evaluated as the editor would, on $parameter)', () => {
		const check = new Function('$parameter', `return ${BRACE_CHECK_EXPRESSION};`) as (p: IDataObject) => boolean;
		expect(check({})).toBe(false);
		expect(check({ templateOverrides: {} })).toBe(false);
		expect(check({ templateOverrides: { template: [{ subject: 'Invoice {{invoiceNumber}}', body: 'Hi {{firstName}}' }] } })).toBe(false);
		expect(check({ templateOverrides: { template: [{ subject: 'ok', body: 'Hi {{firstName}' }] } })).toBe(true);
		expect(check({ templateOverrides: { template: [{ body: 'fine' }, { html: '<p>{{amountDue</p>' }] } })).toBe(true);
	});

	it('is registered in package.json with its codex and two 64x64 icons', () => {
		const root = join(__dirname, '..', '..');
		const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
		expect(pkg.n8n.nodes).toContain('dist/nodes/ArMessage/ArMessage.node.js');
		const codex = JSON.parse(readFileSync(join(root, 'nodes', 'ArMessage', 'ArMessage.node.json'), 'utf8'));
		expect(codex.node).toBe('n8n-nodes-ar-followup.arMessage');
		for (const icon of ['arMessage.svg', 'arMessage.dark.svg']) {
			const svg = readFileSync(join(root, 'nodes', 'ArMessage', icon), 'utf8');
			expect(svg).toMatch(/^<svg [^>]*viewBox="0 0 64 64" width="64" height="64"/);
		}
		expect(existsSync(join(root, 'credentials', 'ArAnthropicApi.credentials.ts'))).toBe(true);
	});
});

describe('AR Stop Check -> AR Message', () => {
	it('Send by email: subject, text and HTML ready for Send Email, amount formatted, nothing unprinted', async () => {
		const sc = await decide([item({ invoiceId: 'INV-7', customerId: 'C7' })]);
		expect(lengths(sc)).toEqual([1, 0, 0, 0]);
		const { out } = await runMessage([sc[SC_SEND][0].json]);
		expect(lengths(out)).toEqual([1, 0, 0, 0, 0]);
		const x = out[EMAIL][0];
		expect(x.pairedItem).toEqual({ item: 0 });
		const e = email(x);
		// The field names Send Email is mapped with: fromEmail, toEmail, subject, text + html (format "both"), options.replyTo / ccEmail / bccEmail.
		expect(Object.keys(e).sort()).toEqual(['bcc', 'cc', 'from', 'fromEmail', 'fromName', 'headers', 'html', 'replyTo', 'subject', 'text', 'to']);
		expect(e).toMatchObject({ to: 'anna@acme.example.com', from: 'Acme Billing <billing@acme.example>', fromEmail: 'billing@acme.example', replyTo: 'ar@acme.example', cc: '', bcc: '' });
		expect(e.subject).toBe('Can we help with invoice INV-7?');
		expect(e.text).toContain('Hi Anna,');
		expect(e.text).toContain('$1,200.00');
		expect(e.text).toContain('March 10, 2026');
		expect(e.text).toContain('https://pay.example.com/INV-1');
		expect(e.text).toContain('Acme Software');
		expect(e.html).toMatch(/^<!DOCTYPE html>/);
		expect(e.html).toContain('$1,200.00');
		expect(e.html).toContain('href="https://pay.example.com/INV-1"');
		expectClean(e);
		// The input item's fields and the decision stay; the message says what was used.
		expect(x.json.invoiceId).toBe('INV-7');
		expect((ar(x).decision as IDataObject).outcome).toBe('send');
		expect(msg(x)).toMatchObject({
			kind: 'customer',
			source: 'decision',
			route: 'email',
			channel: 'email',
			templateKey: 'overdue_7',
			requestedKey: 'overdue-7',
			tone: 'friendly',
			language: 'en',
			locale: 'en-US',
			templateSource: 'default',
			transactional: true,
			dedupeKey: 'INV-7:D+7:email',
			reason: null,
			missing: [],
			facts: { invoiceNumber: 'INV-7', amount: '$1,200.00', dueDate: 'March 10, 2026', paymentLink: 'https://pay.example.com/INV-1' },
			ai: { used: false, reason: 'disabled', tokens: { input: 0, output: 0 } },
		});
	});

	it('escapes customer data in the HTML part and strips CR/LF from subjects', async () => {
		const hostileName = '<script>alert(1)</script>';
		const sc = await decide([item({ invoiceId: 'INV-X', number: 'INV-X' }, { firstName: hostileName, name: 'Evil\r\nBcc: victim@example.com Corp' })]);
		const overrides = { template: [{ key: 'overdue_7', channel: 'email', subject: 'Invoice {{invoiceNumber}} for {{customerName}}', body: 'Hi {{firstName}},\n\n{{customerName}} owes {{amountDue}} on {{invoiceNumber}}.\n\n{{howToPay}}\n\n{{signature}}' }] };
		const { out } = await runMessage([sc[SC_SEND][0].json], { params: { ...PARAMS, templateOverrides: overrides } });
		const e = email(out[EMAIL][0]);
		expect(msg(out[EMAIL][0]).templateSource).toBe('override');
		expect(e.subject).not.toMatch(/[\r\n]/);
		expect(e.subject).toBe('Invoice INV-X for Evil Bcc: victim@example.com Corp');
		expect(e.html).not.toContain('<script>');
		expect(e.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
		expect(e.html).not.toContain('Evil\r\n');
		// The plain text part is plain: the name is there as text, on one line.
		expect(e.text).toContain(`Hi ${hostileName},`);
		expect(e.text).toContain('Evil Bcc: victim@example.com Corp owes $1,200.00 on INV-X.');
		for (const v of Object.values(e.headers as IDataObject)) expect(v).not.toMatch(/[\r\n]/);
	});

	it('fans out one item per channel (email and SMS), each paired to its input item, with its dedupe key', async () => {
		const sc = await decide([item({ invoiceId: 'INV-A', customerId: 'C-A' }), dueYesterday()]);
		expect((ar(sc[SC_SEND][1]).decision as IDataObject).channels).toEqual(['email', 'sms']);
		const { out } = await runMessage(sc[SC_SEND].map((x) => x.json));
		expect(lengths(out)).toEqual([2, 1, 0, 0, 0]);
		expect(out[EMAIL].map((x) => x.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(out[SMS][0].pairedItem).toEqual({ item: 1 });
		expect(msg(out[EMAIL][1]).dedupeKey).toBe('INV-D1:D+1:email');
		expect(msg(out[SMS][0]).dedupeKey).toBe('INV-D1:D+1:sms');
		const s = sms(out[SMS][0]);
		// Twilio: To = sms.to, Message = sms.body (To Whatsapp = sms.whatsapp).
		expect(s).toMatchObject({ to: '+1 212 555 0100', channel: 'sms', whatsapp: false, encoding: 'GSM-7', stopHint: true, perSegment: expect.any(Number) });
		expect(s.body).toContain('INV-D1');
		expect(s.body).toContain('$1,200.00');
		expect(s.body).toContain('https://pay.example.com/INV-1');
		expect(s.body).toMatch(/STOP/);
		const body = s.body as string;
		const expectedSegments = body.length <= 160 ? 1 : Math.ceil(body.length / 153);
		expect(s.segments).toBe(expectedSegments);
		expect(s.characters).toBe([...body].length);
		expectClean(s);
		expect(msg(out[SMS][0])).toMatchObject({ channel: 'sms', route: 'sms', templateKey: 'overdue_1', kind: 'customer' });
	});

	it('SMS in Unicode: UCS-2 segments of 70/67; folding to GSM-7 keeps it in 160/153', async () => {
		const sc = await decide([dueYesterday({}, { phone: '+48 601 234 567', country: 'PL', timeZone: 'Europe/Warsaw' })]);
		const polish = { ...PARAMS, sender: { ...SENDER, companyName: 'Łódź Software Spółka' } };
		const plain = await runMessage([sc[SC_SEND][0].json], { params: { ...polish, options: { stopHint: 'never' } } });
		const s = sms(plain.out[SMS][0]);
		expect(s.body).toContain('Łódź Software Spółka');
		expect(s).toMatchObject({ encoding: 'UCS-2', stopHint: false });
		expect(s.nonGsmCharacters).toEqual(expect.arrayContaining(['Ł', 'ł']));
		const units = (s.body as string).length; // UTF-16 code units (no astral characters here)
		expect(s.units).toBe(units);
		expect(s.perSegment).toBe(units <= 70 ? 70 : 67);
		expect(s.segments).toBe(units <= 70 ? 1 : Math.ceil(units / 67));
		expect(s.segments).toBeGreaterThan(1);
		const folded = await runMessage([sc[SC_SEND][0].json], { params: { ...polish, options: { stopHint: 'never', smsFoldToGsm: true } } });
		const f = sms(folded.out[SMS][0]);
		expect(f.body).toContain('Lodz Software Spolka');
		expect(f).toMatchObject({ encoding: 'GSM-7', nonGsmCharacters: [] });
		expect(f.segments).toBe((f.units as number) <= 160 ? 1 : Math.ceil((f.units as number) / 153));
		expect(f.segments).toBeLessThan(s.segments as number);
		expect(f.body).not.toMatch(/STOP/);
	});

	it('a missing payment link: the email uses the payment instructions, the SMS goes to Needs Human naming the field', async () => {
		const sc = await decide([dueYesterday({ paymentLink: undefined })]);
		const { out } = await runMessage([sc[SC_SEND][0].json]);
		expect(lengths(out)).toEqual([1, 0, 0, 1, 0]);
		expect(email(out[EMAIL][0]).text).toContain('Wire transfer to Acme Bank');
		const h = out[HUMAN][0];
		expect(h.pairedItem).toEqual({ item: 0 });
		expect(msg(h)).toMatchObject({ kind: 'missing', route: 'human', channel: 'sms', dedupeKey: 'INV-D1:D+1:sms', reason: { code: 'MISSING_FACTS', field: 'invoice.paymentLink' } });
		expect(msg(h).missing).toEqual([expect.objectContaining({ field: 'invoice.paymentLink', variable: 'paymentLink' })]);
		expect(internal(h)).toMatchObject({ channel: '#ar-tasks', format: 'slack' });
		expect(internal(h).title).toContain('invoice.paymentLink');
		expect(internal(h).text).toContain('invoice.paymentLink');
		expect(h.json.sms).toBeUndefined();
		expectClean(internal(h));
	});

	it('a payment link pattern fills in for invoices without a link', async () => {
		const sc = await decide([dueYesterday({ paymentLink: undefined, invoiceId: 'INV 9/1' })]);
		const { out } = await runMessage([sc[SC_SEND][0].json], { params: { ...PARAMS, links: { payment: 'https://pay.example.com/i/{invoiceId}?c={customerId}' } } });
		expect(lengths(out)).toEqual([1, 1, 0, 0, 0]);
		expect(sms(out[SMS][0]).body).toContain('https://pay.example.com/i/INV%209%2F1?c=C-D1');
		// In HTML attributes "=" is written as an entity (a browser reads the same URL).
		expect(email(out[EMAIL][0]).html).toContain('href="https://pay.example.com/i/INV%209%2F1?c&#61;C-D1"');
	});

	it('Hold goes to Skipped with the reason, the input fields kept', async () => {
		const sc = await decide([item({ invoiceId: 'PAID-1', status: 'paid', extra: 'kept' })]);
		expect(lengths(sc)).toEqual([0, 1, 0, 0]);
		const { out } = await runMessage([sc[SC_HOLD][0].json]);
		expect(lengths(out)).toEqual([0, 0, 0, 0, 1]);
		const x = out[SKIPPED][0];
		expect(x.json.extra).toBe('kept');
		expect(x.json.email).toBeUndefined();
		expect(msg(x)).toMatchObject({ kind: 'skipped', route: 'skipped', reason: { code: 'INVOICE_PAID' }, templateKey: null });
	});

	it('Needs Approval: an approval request with the message preview, and the draft to send once approved', async () => {
		const sc = await decide([item({ invoiceId: 'KEY-1', dueDate: '2026-03-03', touches: [{ invoiceId: 'KEY-1', step: 'D+7', channel: 'email', sentAt: '2026-03-10T14:00:00Z' }] }, { keyAccount: true, accountOwner: { name: 'Sam Carter', email: 'sam@acme.example', slackId: 'U024BE7LH' } })]);
		expect(lengths(sc)).toEqual([0, 0, 1, 0]);
		const { out } = await runMessage([sc[SC_APPROVAL][0].json], { params: { ...PARAMS, links: { approve: 'https://n8n.example.com/webhook/approve?key={key}' } } });
		expect(lengths(out)).toEqual([0, 0, 0, 1, 0]);
		const x = out[HUMAN][0];
		expect(msg(x)).toMatchObject({ kind: 'approval', templateKey: 'approval_request', taskKey: 'KEY-1:D+14:approval', reason: { code: 'APPROVAL_REQUIRED' } });
		const i = internal(x);
		expect(i).toMatchObject({ channel: '#ar-tasks', to: 'sam@acme.example', mention: '<@U024BE7LH>' });
		expect(i.text).toContain('Approval needed');
		expect(i.text).toContain('Approver: Sam Carter');
		expect(i.text).toContain('KEY-1');
		expect(i.text).toContain('https://n8n.example.com/webhook/approve?key=KEY-1%3AD%2B14%3Aapproval');
		expect(i.text).toContain('Second reminder'); // the preview of the firm D+14 email
		const draft = x.json.draft as IDataObject;
		expect(draft).toMatchObject({ channel: 'email', templateKey: 'overdue_14', tone: 'firm' });
		expect((draft.email as IDataObject).subject).toContain('KEY-1');
		expectClean(i);
	});

	it('Human Task: a ticket for a person; an internal step (D+15) goes to Internal as an alert', async () => {
		const sc = await decide([
			item({ invoiceId: 'NOC-1' }, { email: null, phone: null }),
			item({ invoiceId: 'AE-1', dueDate: '2026-03-02', touches: [{ invoiceId: 'AE-1', step: 'D+14', channel: 'email', sentAt: '2026-03-16T14:00:00Z' }, { invoiceId: 'AE-1', step: 'D+14', channel: 'sms', sentAt: '2026-03-16T14:00:00Z' }] }, { accountOwner: { name: 'Sam Carter', slackId: 'U024BE7LH' } }),
		]);
		const human = sc[SC_HUMAN][0];
		const send = sc[SC_SEND][0];
		expect((ar(send).decision as IDataObject).channels).toEqual(['internal']);
		const { out } = await runMessage([human.json, send.json]);
		expect(lengths(out)).toEqual([0, 0, 1, 1, 0]);
		expect(msg(out[HUMAN][0])).toMatchObject({ kind: 'task', templateKey: 'human_task', reason: { code: 'NO_REACHABLE_CHANNEL' } });
		expect(internal(out[HUMAN][0]).text).toContain('NOC-1');
		const alert = out[INTERNAL][0];
		expect(alert.pairedItem).toEqual({ item: 1 });
		expect(msg(alert)).toMatchObject({ kind: 'alert', route: 'internal', templateKey: 'ae_alert', dedupeKey: 'AE-1:D+15:internal' });
		expect(internal(alert)).toMatchObject({ channel: '#ar-alerts', format: 'slack', mention: '<@U024BE7LH>' });
		expect(internal(alert).text).toContain('AE-1');
		expect(internal(alert).text).toContain('$1,200.00');
		// Recent touches from the item's touch log.
		expect(internal(alert).text).toContain('D+14');
		expectClean(internal(alert));
	});

	it('a phone step of a custom policy becomes a task for a person', async () => {
		const policy = { name: 'calls', minGapHours: 0, steps: [{ id: 'call', offsetDays: 5, tone: 'friendly', channels: ['phone'] }] };
		const sc = await decide([item({ invoiceId: 'CALL-1', touches: [] })], { ...baseParams, policySource: 'json', policyJson: policy });
		expect((ar(sc[SC_SEND][0]).decision as IDataObject).channels).toEqual(['phone']);
		const { out } = await runMessage([sc[SC_SEND][0].json]);
		expect(lengths(out)).toEqual([0, 0, 0, 1, 0]);
		expect(msg(out[HUMAN][0])).toMatchObject({ kind: 'task', channel: 'phone', dedupeKey: 'CALL-1:call:phone', reason: { code: 'PHONE_CALL' } });
		expect(internal(out[HUMAN][0]).title).toContain('Call');
		expect(internal(out[HUMAN][0]).text).toContain('Call the customer about this invoice');
	});

	it('a WhatsApp step: on SMS / WhatsApp with whatsapp: true (Twilio "To Whatsapp"), no STOP hint, text as written', async () => {
		const policy = { name: 'wa', minGapHours: 0, steps: [{ id: 'wa', offsetDays: 5, tone: 'friendly', channels: ['whatsapp'] }] };
		const sc = await decide([item({ invoiceId: 'WA-1', touches: [] })], { ...baseParams, policySource: 'json', policyJson: policy });
		expect((ar(sc[SC_SEND][0]).decision as IDataObject).channels).toEqual(['whatsapp']);
		const { out } = await runMessage([sc[SC_SEND][0].json], { params: { ...PARAMS, sender: { ...SENDER, smsFrom: '+14155238886' } } });
		expect(lengths(out)).toEqual([0, 1, 0, 0, 0]);
		const s = sms(out[SMS][0]);
		expect(s).toMatchObject({ channel: 'whatsapp', whatsapp: true, stopHint: false, to: '+1 212 555 0100', from: '+14155238886' });
		expect(s.body).toContain('https://pay.example.com/INV-1');
		expect(msg(out[SMS][0])).toMatchObject({ channel: 'whatsapp', route: 'sms', dedupeKey: 'WA-1:wa:whatsapp' });
	});

	it('renders in the customer\'s language and formats (German)', async () => {
		const sc = await decide([item({ invoiceId: 'RE-1', currency: 'EUR' }, { locale: 'de-DE', timeZone: 'Europe/Berlin', country: 'DE', phone: '+49 151 1234567' })]);
		const { out } = await runMessage([sc[SC_SEND][0].json]);
		const e = email(out[EMAIL][0]);
		expect(msg(out[EMAIL][0])).toMatchObject({ language: 'de', locale: 'de-DE' });
		expect(nbsp(e.text)).toContain('1.200,00 €');
		expect(e.text).toContain('10. März 2026');
		expectClean(e);
	});

	it('copies finance on the service-pause step (bcc our finance lead, cc the customer\'s finance contact)', async () => {
		const touches = [{ invoiceId: 'SP-1', step: 'D+21', channel: 'email', sentAt: '2026-03-07T14:00:00Z' }];
		const sc = await decide([item({ invoiceId: 'SP-1', dueDate: '2026-02-15', touches }, { financeEmail: 'cfo@acme-customer.example' })]);
		expect((ar(sc[SC_SEND][0]).decision as IDataObject)).toMatchObject({ step: 'D+30', ccFinance: true, tone: 'escalating' });
		const { out } = await runMessage([sc[SC_SEND][0].json]);
		const e = email(out[EMAIL][0]);
		expect(msg(out[EMAIL][0])).toMatchObject({ templateKey: 'service_pause', tone: 'escalating' });
		expect(e.bcc).toBe('finance@acme.example');
		expect(e.cc).toBe('cfo@acme-customer.example');
		expectClean(e);
	});

	it('reads every parameter once per run, for 2,000 items', async () => {
		const items = Array.from({ length: 500 }, (_, i) => item({ invoiceId: `I${i}`, customerId: `C${i}` }));
		const sc = await decide(items);
		const input = [...sc[SC_SEND], ...sc[SC_SEND], ...sc[SC_SEND], ...sc[SC_SEND]].map((x) => x.json);
		const { out, ctx } = await runMessage(input, { params: { ...PARAMS, links: { payment: 'https://pay.example.com/{invoiceId}' } } });
		expect(out[EMAIL]).toHaveLength(2000);
		for (const [name, count] of ctx.parameterReads) expect([name, count]).toEqual([name, 1]);
	});

	it('handles empty input', async () => {
		const { out } = await runMessage([]);
		expect(out).toEqual([[], [], [], [], []]);
	});
});

describe('AR Stop Check -> AR Message: what the mail says about earlier reminders', () => {
	// Due 2026-02-15: D+30 on the as-of day (2026-03-17), the service-pause warning.
	const pauseDue = (touches: IDataObject[]) => item({ invoiceId: 'INV-P', customerId: 'C-P', dueDate: '2026-02-15', issueDate: '2026-01-16', touches });
	const sent = (step: string) => ({ invoiceId: 'INV-P', step, channel: 'email', sentAt: '2026-03-01T14:00:00Z' });

	it('an invoice first seen 30 days overdue: its service-pause warning, a first reminder, waits for approval', async () => {
		const sc = await decide([pauseDue([])]);
		expect(lengths(sc)).toEqual([0, 0, 1, 0]);
		expect(ar(sc[SC_APPROVAL][0]).decision).toMatchObject({ code: 'APPROVAL_REQUIRED', reason: 'Escalating message as the first reminder of this invoice: needs approval by the account owner.' });
	});

	it('an invoice first seen 30 days overdue gets the service-pause warning without claiming reminders it never got', async () => {
		// With the first-reminder approval switched off (Rules > Approve Firm First Reminders), it is sent at once.
		const sc = await decide([pauseDue([])], { ...baseParams, policySettings: { approvalFirstContact: false } });
		expect(lengths(sc)).toEqual([1, 0, 0, 0]);
		expect((ar(sc[SC_SEND][0]).aging as IDataObject).remindersSent).toBe(0);
		const { out } = await runMessage([sc[SC_SEND][0].json]);
		const text = String(email(out[EMAIL][0]).text);
		// The D+30 step is escalating: "…, and our reminders have gone unanswered" only after reminders.
		expect(text).toContain('Invoice INV-P for $1,200.00, due on February 15, 2026, is now 30 days overdue.\n');
		expect(text).not.toMatch(/reminders|reminded/);
	});

	it('after reminders from the touch log it says so', async () => {
		const sc = await decide([pauseDue([sent('D+7'), sent('D+14'), sent('D+21')])]);
		expect((ar(sc[SC_SEND][0]).aging as IDataObject).remindersSent).toBe(3);
		const { out } = await runMessage([sc[SC_SEND][0].json]);
		expect(String(email(out[EMAIL][0]).text)).toContain('is now 30 days overdue, and our reminders have gone unanswered.');
	});
});

describe('AR Event -> AR Message', () => {
	const customer = { customerId: 'C1', name: 'Client Co', firstName: 'Jo', email: 'jo@client.example', locale: 'de-DE', timeZone: 'Europe/Berlin', accountOwner: 'sam@acme.example' };
	const eventParams = { operation: 'processBillingEvent', options: { asOf: '2025-11-12T09:05:00Z', timeZone: 'Europe/London', financeContact: 'finance@acme.example' } };
	const invoice = (id: string, amount = 1000) => ({ invoiceId: id, amount, amountPaid: 0, currency: 'EUR', dueDate: '2025-11-01' });

	itWithArEvent('acknowledges payments (partial, full) and failed charges in the customer\'s language; a suspicious decline goes to a person with the draft', async () => {
		const events = [
			{ eventId: 'pay-1', type: 'payment', invoiceId: 'INV-1', customerId: 'C1', occurredAt: '2025-11-12T08:00:00Z', amount: 400, currency: 'EUR', invoice: invoice('INV-1'), customer },
			{ eventId: 'pay-2', type: 'payment', invoiceId: 'INV-2', customerId: 'C1', occurredAt: '2025-11-12T08:00:00Z', amount: 1000, currency: 'EUR', invoice: invoice('INV-2'), customer },
			{ eventId: 'fail-1', type: 'payment_failed', invoiceId: 'INV-3', customerId: 'C1', occurredAt: '2025-11-12T09:00:00Z', amount: 300, currency: 'EUR', declineCode: 'expired_card', invoice: invoice('INV-3', 300), customer: { ...customer, locale: 'fr-FR' } },
			{ eventId: 'fraud-1', type: 'payment_failed', invoiceId: 'INV-4', customerId: 'C1', occurredAt: '2025-11-12T09:00:00Z', amount: 300, currency: 'EUR', declineCode: 'stolen_card', invoice: invoice('INV-4', 300), customer },
		];
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const { ArEvent } = require('../../nodes/ArEvent/ArEvent.node') as { ArEvent: new () => import('n8n-workflow').INodeType };
		const ev = await run(new ArEvent(), events, { params: eventParams });
		const acks = ev.out.flat().map((x) => x.json);
		expect(acks.map((j) => ((j.arFollowUp as IDataObject).event as IDataObject).route)).toEqual(['acknowledge', 'acknowledge', 'acknowledge', 'notifyPerson']);
		const { out } = await runMessage(acks, { params: { ...PARAMS, links: { update: 'https://billing.example.com/card?i={invoiceId}' } } });
		expect(lengths(out)).toEqual([3, 0, 0, 1, 0]);
		const [partial, paid, failed] = out[EMAIL];
		expect(msg(partial)).toMatchObject({ source: 'event', templateKey: 'payment_partial', language: 'de', dedupeKey: 'INV-1:ack:partial-payment-thanks:40000' });
		expect(nbsp(email(partial).text)).toContain('400,00 €');
		expect(nbsp(email(partial).text)).toContain('600,00 €');
		expect(msg(paid).templateKey).toBe('payment_received');
		expect(nbsp(email(paid).text)).toContain('1.000,00 €');
		expect(msg(failed)).toMatchObject({ templateKey: 'payment_failed', language: 'fr' });
		expect(email(failed).text).toContain('https://billing.example.com/card?i=INV-3');
		for (const x of out[EMAIL]) expectClean(email(x));
		const review = out[HUMAN][0];
		expect(review.pairedItem).toEqual({ item: 3 });
		expect(msg(review)).toMatchObject({ kind: 'review', reason: { code: 'REVIEW_BEFORE_SENDING' }, templateKey: 'payment_failed' });
		expect(internal(review).text).toContain('stolen_card');
		expect(internal(review).to).toBe('sam@acme.example');
		expect(((review.json.draft as IDataObject).email as IDataObject).to).toBe('jo@client.example');
		expect(review.json.email).toBeUndefined();
	});

	it('the acknowledgment contract: arFollowUp.event.message { templateKey, channel, dedupeKey, data } with the stored invoice and customer', async () => {
		const ack = {
			invoiceId: 'INV-77',
			invoice: { invoiceId: 'INV-77', number: 'A-77', amount: 500, amountPaid: 0, currency: 'GBP', dueDate: '2026-03-01', paymentLink: 'https://pay.example.com/A-77' },
			customer: { customerId: 'C77', firstName: 'Kim', email: 'kim@example.org', phone: '+44 7700 900123', locale: 'en-GB' },
			arFollowUp: {
				event: {
					route: 'acknowledge',
					evaluatedAt: '2026-03-17T10:00:00Z',
					patches: { invoice: { invoiceId: 'INV-77', amountPaid: 200, balance: 300 } },
					message: { templateKey: 'promise-confirmation', channel: 'sms', invoiceId: 'INV-77', customerId: 'C77', dedupeKey: 'INV-77:ack:promise', transactional: true, data: { promiseDate: '2026-03-20', promiseAmount: 300 } },
				},
			},
		};
		const noMessage = { arFollowUp: { event: { route: 'updateOnly', message: null, messageSkipped: 'ACK_ALREADY_SENT' } } };
		const { out } = await runMessage([ack, noMessage]);
		expect(lengths(out)).toEqual([0, 1, 0, 0, 1]);
		const s = sms(out[SMS][0]);
		expect(s.to).toBe('+44 7700 900123');
		expect(s.body).toContain('A-77');
		expect(msg(out[SMS][0])).toMatchObject({ templateKey: 'promise_confirmation', dedupeKey: 'INV-77:ack:promise', source: 'event' });
		expect(msg(out[SKIPPED][0])).toMatchObject({ kind: 'skipped', reason: { code: 'ACK_ALREADY_SENT' } });
	});
});

describe('Template overrides: validated once, before any item', () => {
	const broken = {
		template: [
			{ key: 'overdue_1', channel: 'sms', body: 'Invoice {{invoiceNumber}}: {{amountDue}} due. {{paymentLink}}' },
			{ key: 'overdue_7', channel: 'email', subject: 'Invoice {{invoiceNumber}}', body: 'Hi {{firstName}},\n\nInvoice {{invoiceNumber}} is overdue.\nPay here: {{paymentLink}\n\n{{signature}}' },
		],
	};

	it('a broken override fails the run with the template and the line, even with no items', async () => {
		const sc = await decide([item()]);
		for (const items of [[sc[SC_SEND][0].json], []]) {
			let error: unknown;
			try {
				await runMessage(items, { params: { ...PARAMS, templateOverrides: broken } });
			} catch (e) {
				error = e;
			}
			expect(error).toBeInstanceOf(NodeOperationError);
			const err = error as NodeOperationError;
			expect(err.message).toMatch(/^Template Overrides: Template #2 overdue_7 \/ email, body line 4/);
			expect(err.description).toContain('line 4');
			expect(err.context.itemIndex).toBeUndefined();
		}
	});

	it('with Continue On Fail, every item goes to Needs Human with the template error (nothing reaches a customer output)', async () => {
		const sc = await decide([item({ invoiceId: 'A', customerId: 'CA' }), item({ invoiceId: 'B', customerId: 'CB' })]);
		const { out } = await runMessage(
			sc[SC_SEND].map((x) => x.json),
			{ params: { ...PARAMS, templateOverrides: broken }, continueOnFail: true },
		);
		expect(lengths(out)).toEqual([0, 0, 0, 2, 0]);
		expect(out[HUMAN][0].json.error).toMatch(/line 4/);
		expect(ar(out[HUMAN][0]).error).toMatchObject({ code: 'TEMPLATE_ERROR', field: 'templateOverrides', itemIndex: 0 });
	});

	it('unknown helpers and unknown variables: an error for the helper, a hint for the variable', async () => {
		const sc = await decide([item()]);
		const helper = { template: [{ key: 'overdue_7', channel: 'email', subject: 'x {{invoiceNumber}}', body: 'line one\n{{shout firstName}}' }] };
		await expect(runMessage([sc[SC_SEND][0].json], { params: { ...PARAMS, templateOverrides: helper } })).rejects.toThrow(/line 2/);
		const unknown = { template: [{ key: 'overdue_7', channel: 'email', subject: 'Invoice {{invoiceNumber}}', body: 'Hi {{firstName}}, {{nickname}}\n{{howToPay}}' }] };
		const { out, hints } = await runMessage([sc[SC_SEND][0].json], { params: { ...PARAMS, templateOverrides: unknown } });
		expect(out[EMAIL]).toHaveLength(1);
		expect(hints.map((h) => h.message).join('\n')).toMatch(/nickname/);
		expect(email(out[EMAIL][0]).text).not.toContain('undefined');
	});

	it('a German override is used for German customers only; others keep the default pack', async () => {
		const sc = await decide([item({ invoiceId: 'DE-1', customerId: 'CDE' }, { locale: 'de-DE' }), item({ invoiceId: 'EN-1', customerId: 'CEN' })]);
		const de = { template: [{ key: 'overdue_7', channel: 'email', locale: 'de', subject: 'Rechnung {{invoiceNumber}}', body: 'Hallo {{firstName}}, bitte zahlen Sie {{amountDue}}.\n{{howToPay}}' }] };
		const { out } = await runMessage(sc[SC_SEND].map((x) => x.json), { params: { ...PARAMS, templateOverrides: de } });
		expect(email(out[EMAIL][0]).subject).toBe('Rechnung DE-1');
		expect(nbsp(email(out[EMAIL][0]).text)).toContain('1.200,00 $');
		expect(msg(out[EMAIL][0]).templateSource).toBe('override');
		expect(msg(out[EMAIL][1]).templateSource).toBe('default');
	});
});

describe('parameters', () => {
	it('rejects a bad sender address or link pattern before any item, naming the parameter', async () => {
		const sc = await decide([item()]);
		const x = sc[SC_SEND][0].json;
		await expect(runMessage([x], { params: { sender: { fromEmail: 'billing at acme' } } })).rejects.toThrow('Invalid sender.fromEmail: must be one email address, e.g. billing@example.com');
		await expect(runMessage([x], { params: { links: { payment: 'https://pay.example.com/{invoice}' } } })).rejects.toThrow(/Invalid links.payment: unknown placeholder \{invoice\}/);
		await expect(runMessage([x], { params: { links: { update: 'javascript:alert(1)' } } })).rejects.toThrow(/Invalid links.update: must be an absolute http\(s\) URL/);
		const { out } = await runMessage([x], { params: { sender: { fromEmail: 'nope' } }, continueOnFail: true });
		expect(lengths(out)).toEqual([0, 0, 0, 1, 0]);
		expect(ar(out[HUMAN][0]).error).toMatchObject({ code: 'INVALID_PARAMETER', field: 'sender.fromEmail' });
	});

	it('signs in the language the message is written in (Sender Title Translations), and names a bad line', async () => {
		const sender = { ...SENDER, senderName: 'Maria Lopez', senderTitle: 'Accounts Receivable', senderTitleTranslations: 'de: Buchhaltung\n\nfr_CA = Comptes clients\nfr: Service comptabilité\npt: Contas a receber\nit: Contabilità' };
		const sc = await decide([item({}, { locale: 'de-AT' }), item({ invoiceId: 'INV-2', customerId: 'C2' }, { locale: 'fr-CA' }), item({ invoiceId: 'INV-3', customerId: 'C3' }, { locale: 'fr-FR' }), item({ invoiceId: 'INV-4', customerId: 'C4' }, { locale: 'pt-BR' }), item({ invoiceId: 'INV-5', customerId: 'C5' }, { locale: 'it-IT' })]);
		expect(sc[SC_SEND]).toHaveLength(5);
		const { out } = await runMessage(sc[SC_SEND].map((x) => x.json), { params: { ...PARAMS, sender } });
		const signed = out[EMAIL].map((x) => String(email(x).text).split('\n').slice(-3, -1).join(' | '));
		// de-AT takes de; fr-CA its own; fr-FR takes fr; pt-BR takes pt; it-IT is written in English (no Italian texts): the English title
		expect(signed).toEqual(['Maria Lopez | Buchhaltung', 'Maria Lopez | Comptes clients', 'Maria Lopez | Service comptabilité', 'Maria Lopez | Contas a receber', 'Maria Lopez | Accounts Receivable']);
		const x = sc[SC_SEND][0].json;
		await expect(runMessage([x], { params: { sender: { senderTitleTranslations: 'de: Buchhaltung\nBuchhaltung' } } })).rejects.toThrow('Invalid sender.senderTitleTranslations: line 2 must be a language and a title, e.g. "de: Buchhaltung"');
	});

	it('warns when From Email is not set', async () => {
		const sc = await decide([item()]);
		const { out, hints } = await runMessage([sc[SC_SEND][0].json], { params: {} });
		expect(email(out[EMAIL][0]).from).toBe('');
		expect(hints.map((h) => h.message)).toContain('Sender > From Email is not set: email.from is empty (Send Email needs a From Email).');
		// Without a company name or sender, the signature is a neutral phrase, never blank.
		expectClean(email(out[EMAIL][0]));
	});
});

describe('Continue On Fail', () => {
	const bad: Array<[string, IDataObject, string]> = [
		['no arFollowUp', { invoiceId: 'X' }, 'Invalid arFollowUp in item 1: is missing: connect AR Stop Check (any output) or AR Event before AR Message'],
		['bad outcome', { arFollowUp: { decision: { outcome: 'maybe' } } }, 'Invalid arFollowUp.decision.outcome in item 1: must be one of send, hold, approval, human'],
		['bad channel', { arFollowUp: { decision: { outcome: 'send', channels: ['email', 'pigeon'] }, invoice: {}, customer: {} } }, 'Invalid arFollowUp.decision.channels[1] in item 1: must be one of'],
		['no invoice', { arFollowUp: { decision: { outcome: 'send', channels: ['email'] }, customer: {} } }, 'Invalid arFollowUp.invoice in item 1: must be the invoice object AR Stop Check adds'],
		['bad ack', { arFollowUp: { event: { route: 'acknowledge', message: { channel: 'email' } } } }, 'Invalid arFollowUp.event.message.templateKey in item 1'],
	];

	it.each(bad)('off: %s fails the run with a NodeOperationError naming the item and the field', async (_name, json, message) => {
		const sc = await decide([item()]);
		let error: unknown;
		try {
			await runMessage([sc[SC_SEND][0].json, json]);
		} catch (e) {
			error = e;
		}
		expect(error).toBeInstanceOf(NodeOperationError);
		expect((error as Error).message.startsWith(message)).toBe(true);
		expect((error as NodeOperationError).context.itemIndex).toBe(1);
	});

	it('on: the bad item goes to Needs Human with its error; the others are rendered', async () => {
		const sc = await decide([item({ invoiceId: 'A', customerId: 'CA' }), item({ invoiceId: 'C', customerId: 'CC' })]);
		const items = [sc[SC_SEND][0].json, ...bad.map((b) => b[1]), sc[SC_SEND][1].json];
		const { out } = await runMessage(items, { continueOnFail: true });
		expect(out[EMAIL].map((x) => x.pairedItem)).toEqual([{ item: 0 }, { item: bad.length + 1 }]);
		expect(out[HUMAN].map((x) => x.pairedItem)).toEqual(bad.map((_, i) => ({ item: i + 1 })));
		const first = out[HUMAN][0];
		expect(first.json.invoiceId).toBe('X');
		expect(first.json.error).toMatch(/^Invalid arFollowUp in item 1: /);
		expect(ar(first).error).toMatchObject({ code: 'INVALID_INPUT', field: 'arFollowUp', itemIndex: 1 });
	});

	it('"Continue (using error output)": the error shape n8n moves to the Error output', async () => {
		const sc = await decide([item()]);
		const { out } = await runMessage([sc[SC_SEND][0].json, { nothing: true }], { onError: 'continueErrorOutput' });
		expect(out[EMAIL]).toHaveLength(1);
		expect(Object.keys(out[HUMAN][0].json).sort()).toEqual(['details', 'error']);
		expect(out[HUMAN][0].json.details).toEqual({ code: 'INVALID_INPUT', field: 'arFollowUp', itemIndex: 1 });
	});
});

describe('AI rewrite against a local fake Anthropic API', () => {
	const fake = new FakeAnthropic();
	let credentials: IDataObject;
	let input: IDataObject;
	let original: IDataObject;

	beforeAll(async () => {
		await fake.start();
		credentials = { apiKey: 'test-key', baseUrl: fake.baseURL, model: 'claude-test-model' };
		const sc = await decide([item({ invoiceId: 'INV-7', customerId: 'C7' })]);
		input = sc[SC_SEND][0].json;
		const plain = await runMessage([input]);
		original = email(plain.out[EMAIL][0]);
	});
	afterAll(() => fake.stop());
	beforeEach(() => fake.reset());

	const AI = (more: IDataObject = {}) => ({ ...PARAMS, aiRewrite: true, aiOptions: { timeoutSeconds: 5, maxRetries: 1, ...more } });
	const goodBody = () =>
		(original.text as string).replace('If something is holding up payment, we\'d like to help.', 'If anything is holding it up, tell us: we are happy to help.');

	it('a good answer is used; tokens are reported per item; the facts are in the prompt', async () => {
		fake.reply({ text: answer(goodBody(), 'A quick word about invoice INV-7'), usage: { input_tokens: 812, output_tokens: 143 } });
		const { out, hints } = await runMessage([input], { params: AI(), credentials });
		const x = out[EMAIL][0];
		expect(msg(x).ai).toMatchObject({ used: true, attempts: 1, tokens: { input: 812, output: 143 }, model: 'claude-test-model' });
		expect(email(x).subject).toBe('A quick word about invoice INV-7');
		expect(email(x).text).toContain('we are happy to help');
		expect(email(x).html).toContain('we are happy to help');
		expect(email(x).to).toBe(original.to);
		expect(fake.requests).toHaveLength(1);
		expect(fake.requests[0].headers['x-api-key']).toBe('test-key');
		expect(fake.requests[0].body.model).toBe('claude-test-model');
		expect(fake.requests[0].body.system).toContain('amount: $1,200.00');
		expect(hints.map((h) => h.message)).toContain('AI rewrite: 1 call(s), 955 token(s) this run.');
	});

	it('an answer that drops the amount is rejected with the reason; the template text stands', async () => {
		fake.reply({ text: answer(goodBody().replace(' for $1,200.00', ''), 'About invoice INV-7') });
		const { out } = await runMessage([input], { params: AI(), credentials });
		const x = out[EMAIL][0];
		expect(msg(x).ai).toMatchObject({ used: false, reason: 'fact_guard:amount_missing', violations: ['amount_missing'], attempts: 1, tokens: { input: 100, output: 50 } });
		expect(email(x)).toEqual(original);
	});

	it('an answer that invents a date is rejected', async () => {
		fake.reply({ text: answer(goodBody().replace('happy to help.', 'happy to help. Please pay by March 31, 2026.'), 'About invoice INV-7') });
		const { out } = await runMessage([input], { params: AI(), credentials });
		expect(msg(out[EMAIL][0]).ai).toMatchObject({ used: false, reason: 'fact_guard:new_date' });
		expect(email(out[EMAIL][0])).toEqual(original);
	});

	it('HTTP 500 is retried, then falls back to the template', async () => {
		fake.always({ status: 500 });
		const { out } = await runMessage([input], { params: AI(), credentials });
		expect(msg(out[EMAIL][0]).ai).toMatchObject({ used: false, reason: 'api_error', attempts: 2 });
		expect((msg(out[EMAIL][0]).ai as IDataObject).detail).toContain('500');
		expect(email(out[EMAIL][0])).toEqual(original);
		expect(fake.requests).toHaveLength(2);
	});

	it('HTTP 429 then a good answer: the retry is used, both attempts counted', async () => {
		fake.reply({ status: 429, headers: { 'retry-after': '0' } }, { text: answer(goodBody(), 'A quick word about invoice INV-7') });
		const { out } = await runMessage([input], { params: AI(), credentials });
		expect(msg(out[EMAIL][0]).ai).toMatchObject({ used: true, attempts: 2, tokens: { input: 100, output: 50 } });
		expect(fake.requests).toHaveLength(2);
	});

	it('a slow API times out and falls back', async () => {
		fake.always({ delayMs: 3000, text: answer(goodBody(), 'late') });
		const { out } = await runMessage([input], { params: AI({ timeoutSeconds: 1, maxRetries: 0 }), credentials });
		expect(msg(out[EMAIL][0]).ai).toMatchObject({ used: false, reason: 'timeout', attempts: 1 });
		expect(email(out[EMAIL][0])).toEqual(original);
	});

	it('the per-run cap: calls beyond Max AI Calls Per Run keep the template text', async () => {
		fake.always({ text: answer(goodBody(), 'A quick word about invoice INV-7') });
		const { out } = await runMessage([input, input, input], { params: AI({ maxCalls: 2, concurrency: 1 }), credentials });
		expect(out[EMAIL].map((x) => (msg(x).ai as IDataObject).used)).toEqual([true, true, false]);
		expect(msg(out[EMAIL][2]).ai).toMatchObject({ reason: 'budget_exhausted', attempts: 0 });
		expect(fake.requests).toHaveLength(2);
	});

	it('AI on without a credential: the template text stands, reason no_credential; AI off: reason disabled, no call', async () => {
		const none = await runMessage([input], { params: AI() });
		expect(msg(none.out[EMAIL][0]).ai).toMatchObject({ used: false, reason: 'no_credential', attempts: 0, tokens: { input: 0, output: 0 } });
		expect(email(none.out[EMAIL][0])).toEqual(original);
		const off = await runMessage([input], { params: PARAMS, credentials });
		expect(msg(off.out[EMAIL][0]).ai).toMatchObject({ used: false, reason: 'disabled' });
		expect(fake.requests).toHaveLength(0);
	});

	it('internal alerts, tickets and skipped items are never sent to the AI', async () => {
		const sc = await decide([item({ invoiceId: 'NOC', status: 'paid' }), item({ invoiceId: 'H' }, { email: null, phone: null })]);
		const { out } = await runMessage(sc.flat().map((x) => x.json), { params: AI(), credentials });
		expect(out.flat()).toHaveLength(2);
		for (const x of out.flat()) expect(msg(x).ai).toMatchObject({ used: false, reason: 'disabled', detail: 'only customer messages are rewritten' });
		expect(fake.requests).toHaveLength(0);
	});
});

// ---------------------------------------------------------------------------------------------
// Hostile input

const BAD_VALUES = hostileValues(200_000);
const INVOICE_FIELDS = ['invoiceId', 'number', 'amount', 'amountPaid', 'currency', 'dueDate', 'paymentLink', 'touches', 'history', 'service'];
const CUSTOMER_FIELDS = ['name', 'firstName', 'email', 'phone', 'timeZone', 'country', 'locale', 'segment', 'accountOwner', 'financeEmail'];
const DECISION_FIELDS = ['outcome', 'channels', 'tone', 'step', 'template', 'dedupeKeys', 'reasons', 'balance', 'taskKey'];

/** Invoices with one bad field, through AR Stop Check (Continue On Fail): whatever comes out feeds AR Message. */
function mutatedInvoices(): IDataObject[] {
	const out: IDataObject[] = [];
	for (const [, value] of BAD_VALUES) {
		for (const f of INVOICE_FIELDS) {
			const json = dueYesterday({ invoiceId: `I-${out.length}`, customerId: `C-${out.length}` });
			if (value === undefined) delete json[f];
			else json[f] = value as never;
			out.push(json);
		}
		for (const f of CUSTOMER_FIELDS) {
			const json = dueYesterday({ invoiceId: `I-${out.length}`, customerId: `C-${out.length}` });
			const customer = json.customer as IDataObject;
			if (value === undefined) delete customer[f];
			else customer[f] = value as never;
			out.push(json);
		}
	}
	return out;
}

/** AR Stop Check outputs with one field of arFollowUp broken (what a Code node or a bad merge could leave). */
function mutatedArFollowUp(good: IDataObject): IDataObject[] {
	const out: IDataObject[] = [];
	const clone = () => JSON.parse(JSON.stringify(good)) as IDataObject;
	for (const [, value] of BAD_VALUES) {
		for (const f of DECISION_FIELDS) {
			const json = clone();
			const d = (json.arFollowUp as IDataObject).decision as IDataObject;
			if (value === undefined) delete d[f];
			else d[f] = value as never;
			out.push(json);
		}
		for (const part of ['invoice', 'customer', 'decision', 'aging', 'risk', 'event']) {
			const json = clone();
			const a = json.arFollowUp as IDataObject;
			if (value === undefined) delete a[part];
			else a[part] = value as never;
			out.push(json);
		}
		const ack = { arFollowUp: { event: { route: 'acknowledge', message: { templateKey: 'payment-received-thanks', channel: 'email', data: { amountReceived: 10 } } } }, customer: { email: 'a@b.example', name: value } };
		out.push(ack as IDataObject);
		const ackBad = { arFollowUp: { event: { route: 'acknowledge', message: { templateKey: value, channel: value, data: value } } } };
		out.push(ackBad as IDataObject);
	}
	out.push({});
	out.push(JSON.parse('{"__proto__": {"arFollowUp": {"decision": {"outcome": "send"}}}}'));
	out.push({ arFollowUp: 'send' });
	out.push({ arFollowUp: [] });
	return out;
}

describe('hostile input (AR Message)', () => {
	let tried = 0;
	let inputs: IDataObject[] = [];

	beforeAll(async () => {
		const mutated = mutatedInvoices();
		const scOut = (await run(stopCheck, mutated, { params: baseParams, continueOnFail: true })).out;
		const fromStopCheck = scOut.flat().map((x) => x.json);
		const good = (await decide([dueYesterday()]))[SC_SEND][0].json;
		inputs = [...fromStopCheck, ...mutatedArFollowUp(good)];
	});

	afterAll(() => {
		// eslint-disable-next-line no-console
		console.log(`hostile input (AR Message): ${tried} cases tried (${inputs.length} hostile items via AR Stop Check and broken arFollowUp, fuzzed items, 5,000-item batch)`);
	});

	/** Plain checks (an expect per string would dominate the run time); the first problem fails the test with its item. */
	function checkOutputs(out: INodeExecutionData[][], count: number, inputsUsed: IDataObject[]) {
		const seen = new Set<number>();
		for (const branch of out) for (const x of branch) seen.add((x.pairedItem as { item: number }).item);
		expect(seen.size).toBe(count); // every input item leaves on at least one output
		const problems: string[] = [];
		const sources = new Map<number, boolean>();
		for (const route of [EMAIL, SMS, INTERNAL]) {
			for (const x of out[route]) {
				const index = (x.pairedItem as { item: number }).item;
				const where = `output ${route} item ${index}`;
				if (x.json.error !== undefined) problems.push(`${where}: error item on a send output`); // a bad item never reaches a send output
				const payload = route === EMAIL ? email(x) : route === SMS ? sms(x) : internal(x);
				if (!sources.has(index)) sources.set(index, JSON.stringify(inputsUsed[index] ?? {}).includes('{{'));
				for (const s of strings(payload)) {
					if (/undefined|NaN|\[object /.test(s)) problems.push(`${where}: prints ${JSON.stringify(s.slice(0, 120))}`);
					if (!sources.get(index) && s.includes('{{')) problems.push(`${where}: template syntax in ${JSON.stringify(s.slice(0, 120))}`);
				}
				if (route === EMAIL) {
					const e = email(x);
					if (/<script/i.test(e.html as string)) problems.push(`${where}: unescaped script`);
					if (/[\r\n]/.test(e.subject as string) || !(e.subject as string)) problems.push(`${where}: bad subject`);
					if (!/@/.test(e.to as string)) problems.push(`${where}: no recipient`);
				}
				if (route === SMS && !(sms(x).body as string)) problems.push(`${where}: empty SMS`);
			}
		}
		expect(problems.slice(0, 5)).toEqual([]);
	}

	it('with Continue On Fail, every item leaves on at least one output; send outputs carry clean, complete messages', async () => {
		const { out } = await runMessage(inputs, { continueOnFail: true });
		checkOutputs(out, inputs.length, inputs);
		expect(out[EMAIL].length).toBeGreaterThan(0);
		expect(out[HUMAN].length).toBeGreaterThan(0);
		tried += inputs.length;
	});

	it('without Continue On Fail, a bad item fails the run with a NodeOperationError naming it, or renders', async () => {
		const good = (await decide([dueYesterday()]))[SC_SEND][0].json;
		for (const c of inputs) {
			try {
				const { out } = await runMessage([good, c]);
				checkOutputs(out, 2, [good, c]);
			} catch (e) {
				expect(e).toBeInstanceOf(NodeOperationError);
				expect((e as NodeOperationError).context.itemIndex).toBe(1);
				expect((e as Error).message).toMatch(/^Invalid [\w.[\]]+ in item 1: /);
			}
			tried++;
		}
	});

	it('fuzzed arFollowUp objects never crash the node', async () => {
		const good = (await decide([dueYesterday()]))[SC_SEND][0].json;
		const decisionKeys = fc.constantFrom(...DECISION_FIELDS, 'outcome', 'channels');
		const arb = fc.record({
			decision: fc.oneof(fc.anything(), fc.dictionary(decisionKeys, fc.anything())),
			invoice: fc.oneof(fc.constant((good.arFollowUp as IDataObject).invoice), fc.anything()),
			customer: fc.oneof(fc.constant((good.arFollowUp as IDataObject).customer), fc.anything()),
			event: fc.oneof(fc.constant(undefined), fc.anything(), fc.record({ route: fc.string(), message: fc.oneof(fc.anything(), fc.record({ templateKey: fc.string(), channel: fc.string(), data: fc.anything() })) })),
		});
		await fc.assert(
			fc.asyncProperty(fc.array(arb, { maxLength: 5 }), async (list) => {
				const items = list.map((a) => ({ arFollowUp: a }) as IDataObject);
				const { out } = await runMessage(items, { continueOnFail: true });
				checkOutputs(out, items.length, items);
				tried += items.length;
			}),
			{ numRuns: 150 },
		);
	});

	it('5,000 mixed items, each on at least one output', async () => {
		const good = (await decide([dueYesterday()]))[SC_SEND][0].json;
		const items = Array.from({ length: 5000 }, (_, i) => (i % 10 === 0 ? inputs[i % inputs.length] : good));
		const { out } = await runMessage(items, { continueOnFail: true });
		checkOutputs(out, items.length, items);
		tried += items.length;
	});

	it('does not pollute prototypes', () => {
		expect(({} as IDataObject).polluted).toBeUndefined();
		expect(({} as IDataObject).arFollowUp).toBeUndefined();
		tried++;
	});
});

it('the fixtures decide as of the Tuesday the tests assume', () => {
	expect(AS_OF).toBe('2026-03-17T15:00:00Z');
});
