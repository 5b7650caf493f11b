/**
 * Classify Reply: an inbound email (Email Trigger, IMAP) or SMS -> the reply class by the deterministic
 * rules (EN/DE/FR/ES), its dates, and the hold patches (promise until the date, out of office until the
 * return day, opt-out at once for STOP, already-paid pause plus a person, dispute hold plus a person).
 *
 * A reply that cannot be read (no text, no customer) goes to Rejected with the reason; malformed stored
 * state is an error naming the field.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { createAiBudget, replySecondOpinion, type ReplyOpinion } from '../../core/ai';
import { applyEvent, classifyReply, replyEvent, type ReplyClassification, type ReplyInput } from '../../core/events';
import { isValidTimeZone } from '../../core/calendar';
import { CUSTOMER_CHANNELS, type Channel } from '../../core/types';
import { inParallel, type AiSetup } from '../../shared/aiParameters';
import type { Routed } from '../../shared/items';
import { addressOf, fieldPath, htmlToText, mailInstant, outputIndex, readAt, readItemState, type EventRun, type FieldPath } from '../../shared/eventParameters';
import { appliedJson, rejectedJson, routeOf, withEvent } from './result';

const MAX_TEXT = 50_000;

const FALLBACK = {
	text: fieldPath('textPlain', 'text'),
	html: fieldPath('html', 'html'),
	from: fieldPath('from', 'from'),
	messageId: [fieldPath('metadata.message-id', 'messageId'), fieldPath('headers.message-id', 'messageId')],
	locale: fieldPath('locale', 'locale'),
	timeZone: fieldPath('timeZone', 'timeZone'),
};

function str(v: unknown, max: number): string | undefined {
	if (typeof v === 'number' && Number.isFinite(v)) return String(v);
	if (typeof v !== 'string') return undefined;
	const t = v.trim();
	return t === '' ? undefined : t.slice(0, max);
}

function first(json: IDataObject, paths: FieldPath[], max: number): string | undefined {
	for (const p of paths) {
		const v = str(readAt(json, p), max);
		if (v !== undefined) return v;
	}
	return undefined;
}

/** A reply read from its item: what classification needs, or the item's way to Rejected. */
interface ReadReply {
	input: ReplyInput;
	received: string | null;
	customerId: string;
	invoiceId: string | null;
	state: ReturnType<typeof readItemState>['state'];
	customer: ReturnType<typeof readItemState>['customer'];
}

/** Read the reply of an item (throws a ValidationError naming the field on malformed stored state). */
function readReply(run: EventRun, json: IDataObject): ReadReply | { rejected: Routed } {
	const out = outputIndex('classifyReply');
	const p = run.reply;
	const zone = run.eventOptions.timeZone as string;
	const { state, customer } = readItemState(json, run.state, run.policy, zone);
	const reject = (code: string, message: string, field: string) => ({ rejected: { output: out.rejected, json: withEvent(json, rejectedJson(run, { code, message, field })) } });

	// Text: the plain text, else the HTML as text.
	let text = first(json, [p.text, FALLBACK.text], MAX_TEXT);
	if (text === undefined) {
		const html = first(json, [p.html, FALLBACK.html], MAX_TEXT * 10);
		if (html !== undefined) text = htmlToText(html).slice(0, MAX_TEXT);
	}
	if (text === undefined || text.length === 0) return reject('MISSING_TEXT', 'The reply has no text (nor HTML) to classify.', p.text.text || 'text');

	const customerId = str(readAt(json, p.customerId), 200) ?? state.invoice?.customerId ?? state.ledger?.customerId;
	if (!customerId) return reject('MISSING_CUSTOMER', 'The reply is not linked to a customer: look the customer up from the sender first.', p.customerId.text || 'customerId');
	const invoiceId = str(readAt(json, p.invoiceId), 200) ?? state.invoice?.invoiceId ?? null;

	const channelRaw = readAt(json, p.channel);
	let channel: Channel = run.replyChannel;
	if (channelRaw !== undefined && channelRaw !== null && channelRaw !== '') {
		const c = typeof channelRaw === 'string' ? channelRaw.trim().toLowerCase() : '';
		if (!(CUSTOMER_CHANNELS as readonly string[]).includes(c)) return reject('INVALID_CHANNEL', `The channel must be one of ${CUSTOMER_CHANNELS.join(', ')}.`, p.channel.text || 'channel');
		channel = c as Channel;
	}
	let timeZone = first(json, [p.timeZone, FALLBACK.timeZone], 64) ?? customer.timeZone;
	if (timeZone !== undefined && !isValidTimeZone(timeZone)) {
		if (customer.timeZone === undefined) return reject('INVALID_TIME_ZONE', 'The time zone must be an IANA zone such as Europe/Berlin.', p.timeZone.text || 'timeZone');
		timeZone = customer.timeZone;
	}
	const localeRaw = first(json, [p.locale, FALLBACK.locale], 35) ?? customer.locale;
	const locale = localeRaw && /^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*$/.test(localeRaw) ? localeRaw : undefined;
	const receivedRaw = readAt(json, p.receivedAt);
	const received = mailInstant(receivedRaw, timeZone ?? zone);
	const receivedAt = received ?? run.now;

	const input: ReplyInput = {
		text,
		subject: str(readAt(json, p.subject), 1000),
		from: addressOf(readAt(json, p.from)) ?? addressOf(readAt(json, FALLBACK.from)),
		receivedAt,
		channel,
		locale,
		timeZone,
		...(customer.email !== undefined ? { contactEmail: customer.email } : {}),
	};
	return { input, received, customerId, invoiceId, state, customer };
}

/**
 * Claude's second opinion on every reply of the run the rules are unsure of (`concurrency` at a time, within the run's
 * call budget), by item index, before the item loop. An item whose reply cannot be read gets none: the loop rejects it
 * or raises its error. Never throws.
 */
export async function prefetchOpinions(run: EventRun, ai: AiSetup, items: INodeExecutionData[]): Promise<{ opinions: Array<ReplyOpinion | undefined>; calls: number; tokens: number; changed: number }> {
	const opinions: Array<ReplyOpinion | undefined> = new Array(items.length);
	const budget = createAiBudget({ maxCalls: run.replyAi.maxCalls });
	const options = { client: ai.client, model: ai.model, timeoutMs: run.replyAi.timeoutMs, maxRetries: run.replyAi.maxRetries, threshold: run.replyAi.threshold, budget };
	const jobs: Array<{ index: number; input: ReplyInput }> = [];
	for (let i = 0; i < items.length; i++) {
		try {
			const r = readReply(run, items[i].json);
			if ('input' in r) jobs.push({ index: i, input: r.input });
		} catch {
			// the item loop raises it, naming the item
		}
	}
	await inParallel(jobs, run.replyAi.concurrency, async ({ index, input }) => {
		const rules = classifyReply(input);
		opinions[index] = ai.client ? await replySecondOpinion(input, rules, options) : { classification: rules, ai: noClient(ai, rules) };
	});
	const changed = opinions.filter((o) => o !== undefined && o.ai.used && o.classification.class !== o.ai.rulesClass).length;
	return { opinions, calls: budget.calls, tokens: budget.tokens, changed };
}

/** The `ai` of a reply when there is no client (the option is on, the credential missing or unreadable). */
function noClient(ai: AiSetup, rules: ReplyClassification): ReplyOpinion['ai'] {
	return { used: false, reason: ai.reason, ...(ai.detail ? { detail: ai.detail } : {}), model: ai.model, attempts: 0, tokens: { input: 0, output: 0 }, latencyMs: 0, rulesClass: rules.class, rulesConfidence: rules.confidence };
}

/** Classify Reply for one item: the rules' class, or the merged one from the run's second opinion when given. */
export function classifyReplyItem(run: EventRun, json: IDataObject, opinion?: ReplyOpinion): Routed {
	const out = outputIndex('classifyReply');
	const read = readReply(run, json);
	if ('rejected' in read) return read.rejected;
	const { input, received, customerId, invoiceId, state, customer } = read;
	const timeZone = input.timeZone;
	const receivedAt = input.receivedAt;
	const channel = input.channel as Channel;
	const classification = opinion?.classification ?? classifyReply(input);
	const messageId = first(json, [run.reply.messageId, ...FALLBACK.messageId], 500);
	const event = replyEvent({ ...input, customerId, invoiceId, messageId }, classification);
	const options = { ...run.eventOptions, customer: { timeZone: customer.timeZone ?? timeZone, preferredChannel: customer.preferredChannel, email: customer.email, phone: customer.phone } };
	const r = applyEvent(state, event, options, run.now);
	const route = routeOf(r);
	const reply: IDataObject = {
		class: classification.class,
		confidence: classification.confidence,
		language: classification.language,
		matchedRule: classification.matchedRule,
		needsReview: classification.needsReview,
		promiseDate: classification.promiseDate,
		returnDate: classification.returnDate,
		optOutChannels: classification.optOutChannels,
		secondary: classification.secondary,
		dates: classification.dates as unknown as IDataObject[],
		referenceDate: classification.referenceDate,
		receivedAt,
		receivedAtSource: received ? 'item' : 'run',
		channel,
		from: input.from ?? null,
		excerpt: event.reply?.excerpt ?? '',
	};
	if (classification.contact !== undefined) reply.contact = classification.contact;
	if (classification.mailboxFull === true) reply.mailboxFull = true;
	if (opinion) reply.ai = opinion.ai as unknown as IDataObject;
	return { output: out[route], json: withEvent(json, appliedJson(run, r, event, route, customer, { reply })) };
}
