/**
 * One input item -> the messages it asks for, rendered (the AI step comes after, for the whole run).
 *
 * - From AR Stop Check (`arFollowUp.decision`): Send -> one customer message per channel (email, SMS,
 *   WhatsApp) or an internal alert; phone and letter channels -> a task for a person; Needs Approval ->
 *   an approval request with a preview of the message; Human Task -> a ticket; Hold -> Skipped.
 * - From AR Event (`arFollowUp.event`): the acknowledgment (`event.message`) rendered for its channel;
 *   when AR Event routed the item to Notify Person, the draft goes to a person first; no message ->
 *   Skipped with AR Event's reason.
 * A customer message that cannot be rendered (a missing fact, a broken template) goes to Needs Human
 * with a ticket naming the field. Malformed `arFollowUp` data throws a ValidationError naming the field.
 */
import type { IDataObject } from 'n8n-workflow';

import { ValidationError, describeValue } from '../../core/errors';
import {
	messageRequestFromAck,
	messageRequestsFromDecision,
	offsetFromStepId,
	renderMessage,
	templateMeta,
	type AckLike,
	type MessageCustomer,
	type MessageInternalInfo,
	type MessageInvoice,
	type MessageOptions,
	type MessageRequest,
	type RenderResult,
	type TemplateSet,
} from '../../core/render';
import type { AiInfo } from '../../core/ai';
import { ALL_CHANNELS, TONES, type Channel, type Decision, type Tone } from '../../core/types';
import { linksFor, type MessageRoute, type MessageRun } from '../../shared/messageParameters';

export type MessageKind = 'customer' | 'alert' | 'approval' | 'task' | 'review' | 'missing' | 'skipped';

/** One output item to be: where it goes and what it carries. */
export interface Planned {
	route: MessageRoute;
	kind: MessageKind;
	source: 'decision' | 'event';
	/** The decision's (or acknowledgment's) channel this item is for; phone and letter included. */
	channel: string | null;
	dedupeKey: string | null;
	taskKey: string | null;
	request?: MessageRequest;
	/** The message as rendered (customer message, internal alert, approval request, task); after the AI step, as rewritten. */
	result?: RenderResult & { ai?: AiInfo };
	/** The ticket text for Needs Human when the customer message could not be rendered or awaits review. */
	ticket?: RenderResult;
	/** A customer message waiting for a person (review of an acknowledgment, approval). */
	draft?: RenderResult;
	reason: { code: string; message: string; field?: string | null; resumeAt?: string | null } | null;
	/** A customer message the AI may polish. */
	rewrite: boolean;
}

const OUTCOMES = ['send', 'hold', 'approval', 'human'] as const;
const CUSTOMER_DIRECT = new Set<string>(['email', 'sms', 'whatsapp']);

function isObj(v: unknown): v is IDataObject {
	return !!v && typeof v === 'object' && !Array.isArray(v);
}

function own(o: unknown, key: string): unknown {
	return isObj(o) && Object.prototype.hasOwnProperty.call(o, key) ? o[key] : undefined;
}

function fail(field: string, message: string, value?: unknown): never {
	throw new ValidationError([{ field, message, ...(value !== undefined ? { received: describeValue(value) } : {}) }]);
}

function str(v: unknown, max = 500): string | undefined {
	return typeof v === 'string' && v !== '' && v.length <= max ? v : undefined;
}

function num(v: unknown): number | undefined {
	return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

const WHERE = 'connect AR Stop Check (any output) or AR Event before AR Message';

// ---------------------------------------------------------------------------------------------
// Invoice, customer, internal material from the item

const INVOICE_TEXT = ['invoiceId', 'number', 'customerId', 'currency', 'issueDate', 'dueDate', 'status', 'paymentLink', 'updateLink', 'disputeLink', 'service'] as const;
const INVOICE_NUM = ['amount', 'amountPaid', 'balance'] as const;

/** The invoice fields the message core reads, own properties only; later sources win. */
function pickInvoice(...sources: unknown[]): MessageInvoice {
	const out: MessageInvoice = {};
	for (const src of sources) {
		if (!isObj(src)) continue;
		for (const k of INVOICE_TEXT) {
			const v = own(src, k);
			if (typeof v === 'string') (out as Record<string, unknown>)[k] = v;
			else if (typeof v === 'number' && Number.isFinite(v) && (k === 'invoiceId' || k === 'number' || k === 'customerId')) (out as Record<string, unknown>)[k] = String(v);
		}
		for (const k of INVOICE_NUM) {
			const v = own(src, k);
			if (typeof v === 'number' && Number.isFinite(v)) out[k] = v;
		}
		const auto = own(src, 'autoCharge');
		if (typeof auto === 'boolean') out.autoCharge = auto;
	}
	return out;
}

const CUSTOMER_TEXT = ['customerId', 'name', 'firstName', 'email', 'phone', 'locale', 'timeZone', 'country', 'segment'] as const;

function pickCustomer(...sources: unknown[]): MessageCustomer {
	const out: MessageCustomer = {};
	for (const src of sources) {
		if (!isObj(src)) continue;
		for (const k of CUSTOMER_TEXT) {
			const v = own(src, k);
			if (typeof v === 'string') (out as Record<string, unknown>)[k] = v;
			else if (typeof v === 'number' && Number.isFinite(v) && (k === 'customerId' || k === 'phone')) (out as Record<string, unknown>)[k] = String(v);
		}
		const key = own(src, 'keyAccount');
		if (typeof key === 'boolean') out.keyAccount = key;
		const owner = own(src, 'accountOwner');
		if (typeof owner === 'string' && owner.trim()) out.accountOwner = owner.includes('@') ? { email: owner.trim() } : { name: owner.trim() };
		else if (isObj(owner)) {
			const o: NonNullable<MessageCustomer['accountOwner']> = {};
			for (const k of ['name', 'email', 'slackId'] as const) {
				const v = own(owner, k);
				if (typeof v === 'string') o[k] = v;
			}
			out.accountOwner = o;
		}
	}
	return out;
}

/** The customer's own finance contact (copied on steps that copy finance), from the raw customer object. */
function financeContact(json: IDataObject): string | undefined {
	const c = own(json, 'customer');
	return str(own(c, 'financeEmail'), 254) ?? str(own(c, 'financeContactEmail'), 254) ?? str(own(c, 'apEmail'), 254);
}

const HISTORY_NUMS = ['invoiceCount', 'paidLateCount', 'avgDaysLate', 'disputes', 'failedCharges', 'brokenPromises', 'promisesKept', 'openPastDueCount'] as const;

function dayMs(v: unknown): number | undefined {
	if (typeof v !== 'string') return undefined;
	const t = Date.parse(v.length === 10 ? `${v}T00:00:00Z` : v);
	return Number.isFinite(t) ? t : undefined;
}

/** Payment history and recent touches for internal alerts, from the item's canonical `history` / `touches`. */
function internalInfo(json: IDataObject): MessageInternalInfo {
	const info: MessageInternalInfo = {};
	const h = own(json, 'history');
	if (isObj(h)) {
		const out: NonNullable<MessageInternalInfo['history']> = {};
		for (const k of HISTORY_NUMS) {
			const v = num(own(h, k));
			if (v !== undefined) out[k] = v;
		}
		const last = str(own(h, 'lastPaymentDate'), 40);
		if (last) out.lastPaymentDate = last;
		info.history = out;
	} else if (Array.isArray(h) && h.length > 0) {
		let count = 0;
		let late = 0;
		let lateDays = 0;
		let disputes = 0;
		let failed = 0;
		let broken = 0;
		let lastPaid: number | undefined;
		let lastPaidText: string | undefined;
		for (const p of h.slice(0, 5000)) {
			if (!isObj(p)) continue;
			count++;
			const due = dayMs(own(p, 'dueDate'));
			const paid = dayMs(own(p, 'paidDate'));
			if (due !== undefined && paid !== undefined && paid > due) {
				late++;
				lateDays += Math.round((paid - due) / 86_400_000);
			}
			if (paid !== undefined && (lastPaid === undefined || paid > lastPaid)) {
				lastPaid = paid;
				lastPaidText = own(p, 'paidDate') as string;
			}
			if (own(p, 'disputed') === true) disputes++;
			failed += num(own(p, 'failedCharges')) ?? 0;
			broken += num(own(p, 'brokenPromises')) ?? 0;
		}
		info.history = { invoiceCount: count, paidLateCount: late, avgDaysLate: late ? lateDays / late : 0, disputes, failedCharges: failed, brokenPromises: broken };
		if (lastPaidText) info.history.lastPaymentDate = lastPaidText.slice(0, 10);
	}
	const t = own(json, 'touches');
	if (Array.isArray(t) && t.length > 0) {
		const touches = t
			.filter(isObj)
			.map((x) => ({ step: str(own(x, 'step'), 60), channel: str(own(x, 'channel'), 20), sentAt: str(own(x, 'sentAt'), 40), status: str(own(x, 'status'), 20), at: dayMs(own(x, 'sentAt')) ?? 0 }))
			.sort((a, b) => b.at - a.at)
			.slice(0, 5)
			.map(({ at: _at, ...rest }) => rest);
		if (touches.length) info.touches = touches;
	}
	return info;
}

// ---------------------------------------------------------------------------------------------
// Requests and results

interface ItemContext {
	run: MessageRun;
	templates: TemplateSet;
	options: MessageOptions;
	invoice: MessageInvoice;
	customer: MessageCustomer;
	ids: { invoiceId?: string; customerId?: string; invoiceNumber?: string };
}

function optionsFor(run: MessageRun, json: IDataObject): MessageOptions {
	const o: MessageOptions = { stopHint: run.stopHint, internalFormat: run.internalFormat, smsFoldToGsm: run.smsFoldToGsm };
	if (run.formality) o.formality = run.formality;
	const fc = financeContact(json);
	if (fc) o.financeContactEmail = fc;
	return o;
}

function withLinks(c: ItemContext, req: MessageRequest, key: string | null): MessageRequest {
	req.links = linksFor(c.run, { ...c.ids, key: key ?? undefined });
	return req;
}

const CHANNEL_WORD: Record<string, string> = { email: 'the email', sms: 'the SMS', whatsapp: 'the WhatsApp message', internal: 'the internal alert' };

/** The Needs Human ticket for a message that could not be rendered: what is missing and what to do. */
function ticketFor(c: ItemContext, req: MessageRequest, res: RenderResult): RenderResult {
	const fields = [...new Set(res.missing.map((m) => m.field))];
	const what = CHANNEL_WORD[req.channel] ?? 'the message';
	const task = fields.length
		? {
				title: `Cannot send ${what}: missing ${fields.join(', ')}`,
				reason: res.reason ?? `Missing ${fields.join(', ')}.`,
				action: `Add ${fields.join(', ')} to the invoice or customer record (or contact the customer yourself), then run the follow-up again.`,
			}
		: {
				title: `Cannot send ${what}: ${res.error?.code ?? 'render error'}`,
				reason: res.reason ?? 'The message could not be rendered.',
				action: 'Check the template overrides and the invoice data, then run the follow-up again.',
			};
	return renderMessage({ ...req, templateKey: 'human_task', channel: 'internal', tone: undefined, internal: { ...req.internal, task } }, c.templates);
}

function customerOrMissing(c: ItemContext, req: MessageRequest, base: Omit<Planned, 'route' | 'kind' | 'rewrite' | 'reason'>): Planned {
	const res = renderMessage(req, c.templates);
	if (res.ok) {
		const route: MessageRoute = req.channel === 'email' ? 'email' : req.channel === 'internal' ? 'internal' : 'sms';
		return { ...base, request: req, result: res, route, kind: req.channel === 'internal' ? 'alert' : 'customer', rewrite: req.channel !== 'internal', reason: null };
	}
	const fields = res.missing.map((m) => m.field);
	return {
		...base,
		request: req,
		result: res,
		ticket: ticketFor(c, req, res),
		route: 'human',
		kind: 'missing',
		rewrite: false,
		reason: { code: fields.length ? 'MISSING_FACTS' : (res.error?.code ?? 'render_error').toUpperCase(), message: res.reason ?? 'The message could not be rendered.', field: fields[0] ?? null },
	};
}

// ---------------------------------------------------------------------------------------------
// From AR Stop Check

function readDecision(ar: IDataObject): { d: Decision; code: string; reason: string; resumeAt: string | null; dedupeKeys: Array<string | null>; taskKey: string | null } {
	const dj = own(ar, 'decision') as IDataObject;
	const f = 'arFollowUp.decision';
	const outcome = own(dj, 'outcome');
	if (typeof outcome !== 'string' || !(OUTCOMES as readonly string[]).includes(outcome)) fail(`${f}.outcome`, `must be one of ${OUTCOMES.join(', ')} (${WHERE})`, outcome);
	const rawChannels = own(dj, 'channels');
	if (rawChannels !== undefined && rawChannels !== null && !Array.isArray(rawChannels)) fail(`${f}.channels`, 'must be a list of channels', rawChannels);
	const channels: Channel[] = [];
	(Array.isArray(rawChannels) ? rawChannels : []).forEach((ch, i) => {
		if (typeof ch !== 'string' || !(ALL_CHANNELS as readonly string[]).includes(ch)) fail(`${f}.channels[${i}]`, `must be one of ${ALL_CHANNELS.join(', ')}`, ch);
		if (!channels.includes(ch as Channel)) channels.push(ch as Channel);
	});
	if (channels.length > 10) fail(`${f}.channels`, 'has more than 10 channels', rawChannels);
	const toneIn = own(dj, 'tone');
	if (toneIn !== undefined && toneIn !== null && (typeof toneIn !== 'string' || !(TONES as readonly string[]).includes(toneIn))) fail(`${f}.tone`, `must be one of ${TONES.join(', ')}`, toneIn);
	const tone = (toneIn as Tone | undefined) ?? 'friendly';
	const step = str(own(dj, 'step'), 100) ?? null;
	const template = str(own(dj, 'template'), 100) ?? null;
	const keysIn = own(dj, 'dedupeKeys');
	const keys = Array.isArray(keysIn) ? keysIn : [];
	const dedupeKeys = channels.map((ch, i) => {
		const k = keys.find((x) => typeof x === 'string' && x.endsWith(`:${ch}`)) ?? keys[i];
		return typeof k === 'string' && k.length <= 500 ? k : null;
	});
	const aging = own(ar, 'aging');
	const risk = own(ar, 'risk');
	const daysPastDue = num(own(aging, 'daysPastDue'));
	const nextId = str(own(aging, 'nextStep'), 100);
	const nextDate = str(own(aging, 'nextStepDate'), 40);
	const reasonsIn = own(dj, 'reasons');
	const reasons = (Array.isArray(reasonsIn) ? reasonsIn : [])
		.filter(isObj)
		.slice(0, 20)
		.map((r) => ({ code: str(own(r, 'code'), 100) ?? 'REASON', message: str(own(r, 'message'), 1000) ?? '' }));
	const d = {
		outcome,
		tone,
		channels,
		step,
		template,
		ccFinance: own(dj, 'ccFinance') === true,
		balance: num(own(dj, 'balance')),
		reasons,
		aging: {
			today: str(own(aging, 'today'), 40),
			daysPastDue,
			remindersSent: num(own(aging, 'remindersSent')),
			tierLabel: str(own(aging, 'tierLabel'), 100),
			step: step ? { id: step, label: str(own(aging, 'stepLabel'), 200) ?? step, offsetDays: offsetFromStepId(step) ?? daysPastDue } : null,
			nextStep: nextId && nextDate ? { id: nextId, date: nextDate } : null,
		},
		risk: { score: num(own(risk, 'score')), band: str(own(risk, 'band'), 20) },
	} as unknown as Decision;
	return {
		d,
		code: str(own(dj, 'code'), 100) ?? outcome.toUpperCase(),
		reason: str(own(dj, 'reason'), 1000) ?? '',
		resumeAt: str(own(dj, 'resumeAt'), 40) ?? null,
		dedupeKeys,
		taskKey: str(own(dj, 'taskKey'), 500) ?? null,
	};
}

function planDecision(run: MessageRun, templates: TemplateSet, json: IDataObject, ar: IDataObject): Planned[] {
	const { d, code, reason, resumeAt, dedupeKeys, taskKey } = readDecision(ar);
	const base = { source: 'decision' as const, taskKey };
	if (d.outcome === 'hold') {
		return [{ ...base, route: 'skipped', kind: 'skipped', channel: null, dedupeKey: null, rewrite: false, reason: { code, message: reason || 'On hold', resumeAt } }];
	}
	const invIn = own(ar, 'invoice');
	const custIn = own(ar, 'customer');
	if (!isObj(invIn)) fail('arFollowUp.invoice', `must be the invoice object AR Stop Check adds (${WHERE})`, invIn);
	if (!isObj(custIn)) fail('arFollowUp.customer', `must be the customer object AR Stop Check adds (${WHERE})`, custIn);
	const invoice = pickInvoice(invIn);
	const customer = pickCustomer(custIn);
	const c: ItemContext = {
		run,
		templates,
		options: optionsFor(run, json),
		invoice,
		customer,
		ids: { invoiceId: invoice.invoiceId, customerId: invoice.customerId ?? customer.customerId, invoiceNumber: invoice.number ?? invoice.invoiceId },
	};
	const input = { decision: d, invoice, customer, sender: run.sender, options: c.options };
	const needsInternal = d.outcome !== 'send' || d.channels.some((ch) => !CUSTOMER_DIRECT.has(ch));
	const internal = needsInternal ? internalInfo(json) : undefined;

	if (d.outcome === 'approval' || d.outcome === 'human') {
		// A preview of the message waiting for approval (first customer channel the decision picked).
		let draft: RenderResult | undefined;
		const first = d.channels.find((ch) => CUSTOMER_DIRECT.has(ch));
		if (d.outcome === 'approval' && first) {
			const req = messageRequestsFromDecision({ ...input, decision: { ...d, outcome: 'send' } as Decision, channels: [first] })[0];
			if (req) {
				const res = renderMessage(withLinks(c, req, dedupeKeys[d.channels.indexOf(first)]), templates);
				if (res.ok) draft = res;
			}
		}
		const preview = draft?.body ? (draft.body.subject ? `${draft.body.subject}\n\n${draft.body.text}` : draft.body.text) : undefined;
		const info: MessageInternalInfo = { ...internal };
		if (d.outcome === 'approval') info.approval = { reason: reason || undefined, preview };
		const req = messageRequestsFromDecision({ ...input, internal: info })[0];
		const res = renderMessage(withLinks(c, req, taskKey), templates);
		return [
			{
				...base,
				route: 'human',
				kind: d.outcome === 'approval' ? 'approval' : 'task',
				channel: d.outcome === 'approval' ? (first ?? null) : null,
				dedupeKey: null,
				request: req,
				result: res,
				draft,
				rewrite: false,
				reason: { code, message: reason },
			},
		];
	}

	// Send: one item per channel.
	const out: Planned[] = [];
	d.channels.forEach((ch, i) => {
		const key = dedupeKeys[i];
		const req = messageRequestsFromDecision({ ...input, internal, channels: [ch] })[0];
		if (!req) return;
		withLinks(c, req, key);
		const one = { ...base, channel: ch, dedupeKey: key };
		if (ch === 'phone' || ch === 'letter') {
			const res = renderMessage(req, templates);
			out.push({ ...one, route: 'human', kind: 'task', request: req, result: res, rewrite: false, reason: { code: ch === 'phone' ? 'PHONE_CALL' : 'LETTER', message: `${ch === 'phone' ? 'A call' : 'A letter'} is a step for a person.` } });
			return;
		}
		out.push(customerOrMissing(c, req, one));
	});
	if (out.length === 0) {
		// A send decision without a channel: never dropped, a person looks at it.
		const req = messageRequestsFromDecision({ ...input, decision: { ...d, outcome: 'human' } as Decision, internal: { ...internal, task: { title: 'Send decision without a channel', reason: 'AR Stop Check decided to send but named no channel.' } } })[0];
		const res = renderMessage(withLinks(c, req, taskKey), templates);
		out.push({ ...base, route: 'human', kind: 'task', channel: null, dedupeKey: null, request: req, result: res, rewrite: false, reason: { code: 'NO_CHANNEL', message: 'The decision names no channel.' } });
	}
	return out;
}

// ---------------------------------------------------------------------------------------------
// From AR Event

/** The calendar day of an instant in a time zone (UTC when the zone is unknown), or undefined. */
function localDay(instant: string | undefined, timeZone: string | undefined): string | undefined {
	if (!instant) return undefined;
	const t = Date.parse(instant);
	if (!Number.isFinite(t)) return undefined;
	try {
		return new Intl.DateTimeFormat('en-CA', { timeZone: timeZone || 'UTC', year: 'numeric', month: '2-digit', day: '2-digit' }).format(t);
	} catch {
		return new Date(t).toISOString().slice(0, 10);
	}
}

function readAck(msg: IDataObject): AckLike & { dedupeKey: string | null; invoiceId?: string; customerId?: string } {
	const f = 'arFollowUp.event.message';
	const templateKey = own(msg, 'templateKey');
	if (typeof templateKey !== 'string' || !templateKey.trim() || templateKey.length > 100) fail(`${f}.templateKey`, 'must be a template key (AR Event sets it)', templateKey);
	const channel = own(msg, 'channel');
	if (channel !== undefined && channel !== null && typeof channel !== 'string') fail(`${f}.channel`, 'must be a channel name', channel);
	const data = own(msg, 'data');
	if (data !== undefined && data !== null && !isObj(data)) fail(`${f}.data`, 'must be an object', data);
	return {
		templateKey,
		fallbackTemplateKey: str(own(msg, 'fallbackTemplateKey'), 100),
		channel: (channel as string | undefined) ?? 'email',
		transactional: true,
		data: isObj(data) ? (data as Record<string, unknown>) : {},
		dedupeKey: str(own(msg, 'dedupeKey'), 500) ?? null,
		invoiceId: str(own(msg, 'invoiceId'), 200),
		customerId: str(own(msg, 'customerId'), 200),
	};
}

function planEvent(run: MessageRun, templates: TemplateSet, json: IDataObject, ar: IDataObject): Planned[] {
	const e = own(ar, 'event') as IDataObject;
	const route = str(own(e, 'route'), 40) ?? 'event';
	const msg = own(e, 'message');
	const base = { source: 'event' as const, taskKey: null };
	if (msg === undefined || msg === null) {
		const r = own(e, 'reason');
		const skipped = str(own(e, 'messageSkipped'), 100);
		const message = skipped ? `AR Event sent no acknowledgment (${skipped}).` : (str(own(r, 'message'), 1000) ?? `AR Event routed this item to ${route} with no message to send.`);
		return [{ ...base, route: 'skipped', kind: 'skipped', channel: null, dedupeKey: null, rewrite: false, reason: { code: skipped ?? str(own(r, 'code'), 100) ?? 'NO_MESSAGE', message } }];
	}
	if (!isObj(msg)) fail('arFollowUp.event.message', `must be the acknowledgment AR Event adds (${WHERE})`, msg);
	const ack = readAck(msg);
	// The invoice: the stored row on the item, what AR Stop Check validated, then the event's patch (new balance).
	const top = own(json, 'invoiceId') !== undefined && own(json, 'invoiceId') === ack.invoiceId ? json : undefined;
	const invoice = pickInvoice(top, own(json, 'invoice'), own(ar, 'invoice'), own(own(e, 'patches'), 'invoice'));
	if (!invoice.invoiceId && ack.invoiceId) invoice.invoiceId = ack.invoiceId;
	const customer = pickCustomer(own(json, 'customer'), own(ar, 'customer'));
	if (!customer.customerId && ack.customerId) customer.customerId = ack.customerId;
	const c: ItemContext = {
		run,
		templates,
		options: optionsFor(run, json),
		invoice,
		customer,
		ids: { invoiceId: invoice.invoiceId, customerId: invoice.customerId ?? customer.customerId, invoiceNumber: invoice.number ?? invoice.invoiceId },
	};
	const req = messageRequestFromAck(ack, { invoice, customer, sender: run.sender, options: c.options, locale: customer.locale });
	const today = localDay(str(own(e, 'evaluatedAt'), 40) ?? str(own(e, 'occurredAt'), 40), customer.timeZone);
	if (today) req.today = today;
	withLinks(c, req, ack.dedupeKey);
	const one = { ...base, channel: req.channel, dedupeKey: ack.dedupeKey };
	const planned = customerOrMissing(c, req, one);
	if (route !== 'notifyPerson' || planned.route === 'human') return [planned];
	// AR Event asks a person to look first (dispute, low-confidence reply, suspicious decline): the draft goes with the ticket.
	const notifyText = str(own(e, 'notifyText'), 3000);
	const label = templateMeta(planned.result?.templateKey ?? '')?.label ?? ack.templateKey;
	const task = {
		title: `Review before sending: ${label}`,
		reason: notifyText ?? 'AR Event asks a person to review this acknowledgment before it is sent.',
		action: `Read the draft (draft.${req.channel === 'email' ? 'email' : 'sms'} on this item), then send it or reply yourself.`,
	};
	const ticket = renderMessage({ ...req, templateKey: 'human_task', channel: 'internal', tone: undefined, internal: { task } }, templates);
	return [{ ...planned, route: 'human', kind: 'review', draft: planned.result, result: undefined, ticket, rewrite: false, reason: { code: 'REVIEW_BEFORE_SENDING', message: task.reason } }];
}

// ---------------------------------------------------------------------------------------------

/** Plan one item. Throws a ValidationError naming the field when the item is not from AR Stop Check or AR Event. */
export function planItem(run: MessageRun, templates: TemplateSet, json: IDataObject): Planned[] {
	const ar = own(json, 'arFollowUp');
	if (!isObj(ar)) fail('arFollowUp', `is missing: ${WHERE}`, ar);
	if (isObj(own(ar, 'event'))) return planEvent(run, templates, json, ar);
	if (isObj(own(ar, 'decision'))) return planDecision(run, templates, json, ar);
	return fail('arFollowUp.decision', `is missing: ${WHERE}`, own(ar, 'decision'));
}
