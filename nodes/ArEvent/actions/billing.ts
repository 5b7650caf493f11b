/**
 * Process Billing Event and Read Billing Event: verify the Stripe signature (when asked and possible),
 * normalise the payload (Stripe / QuickBooks / generic), and, for Process, apply it to the invoice's
 * stored state.
 *
 * What is the sender's fault (a forged, tampered or replayed delivery, a payload that is not an event, an
 * event type we do not handle) goes to Rejected with a reason code: it is not a failure of the workflow.
 * What is the workflow's fault (malformed stored state, a state row of another invoice, bad parameters)
 * is an error naming the item and the field (Continue On Fail: Rejected with the error).
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { ValidationError } from '../../core/errors';
import {
	applyEvent,
	detectPayloadKind,
	tryNormalizeEvents,
	verifyStripeSignature,
	type ArEvent,
	type EventState,
	type NormalizeOptions,
} from '../../core/events';
import type { Routed } from '../../shared/items';
import {
	headerValue,
	looksLikeArEvent,
	outputIndex,
	rawBodyFromField,
	readArEvent,
	readAt,
	readItemState,
	readStripeCredential,
	type CustomerInfo,
	type EventPrefetch,
	type EventRun,
	type readWebhookParameters,
} from '../../shared/eventParameters';
import { appliedJson, rejectedJson, routeOf, withEvent } from './result';

export const CREDENTIAL = 'arStripeWebhookApi';
const MAX_RAW_BODY = 10 * 1024 * 1024;

/** Async reads before the item loop: the credential's secrets and the raw bodies in binary properties. */
export async function prefetchBilling(ctx: IExecuteFunctions, webhook: ReturnType<typeof readWebhookParameters>): Promise<EventPrefetch> {
	const items = ctx.getInputData();
	const pre: EventPrefetch = { secrets: null, toleranceSeconds: 300, rawBodies: [], rawBodyErrors: [] };
	if (webhook.verify === 'never') return pre;
	const selected = !!ctx.getNode().credentials?.[CREDENTIAL];
	if (selected) {
		const cred = readStripeCredential((await ctx.getCredentials(CREDENTIAL)) as IDataObject);
		pre.secrets = cred.secrets;
		pre.toleranceSeconds = cred.toleranceSeconds;
	} else if (webhook.verify === 'always') {
		throw new ValidationError([{ field: 'credentials', message: 'Verify Signature is Always: select a Stripe Webhook credential with the endpoint signing secret (whsec_...)' }]);
	}
	const prop = webhook.webhook.rawBodyBinary;
	if (!pre.secrets || !prop) return pre;
	const getBuffer = ctx.helpers?.getBinaryDataBuffer;
	for (let i = 0; i < items.length; i++) {
		const bin = items[i].binary;
		if (!bin || !Object.prototype.hasOwnProperty.call(bin, prop)) continue;
		try {
			const data = bin[prop];
			const buf = typeof getBuffer === 'function' ? await getBuffer.call(ctx.helpers, i, prop) : Buffer.from(typeof data?.data === 'string' ? data.data : '', 'base64');
			if (buf.length > MAX_RAW_BODY) throw new ValidationError([{ field: `binary.${prop}`, message: 'the raw body is larger than 10 MB' }]);
			pre.rawBodies[i] = buf;
		} catch (error) {
			pre.rawBodyErrors[i] = error instanceof ValidationError ? error : new ValidationError([{ field: `binary.${prop}`, message: `the raw body could not be read: ${(error as Error)?.message ?? String(error)}` }]);
		}
	}
	return pre;
}

interface Rejection {
	code: string;
	message: string;
	field?: string;
	lookup?: IDataObject;
	events?: IDataObject[];
}

interface ReadOk {
	ok: true;
	events: ArEvent[];
	signature: IDataObject;
}

type ReadResult = ReadOk | { ok: false; rejection: Rejection; signature: IDataObject };

function parseJsonText(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return undefined;
	}
}

/** The event payload: the configured field, else the body of a Webhook item, else the item. */
function payloadOf(run: EventRun, json: IDataObject): unknown {
	let v: unknown;
	if (run.webhook.event) v = readAt(json, run.webhook.event);
	else if (json.headers && typeof json.headers === 'object' && Object.prototype.hasOwnProperty.call(json, 'body')) v = json.body;
	else v = json;
	if (typeof v === 'string') {
		const parsed = parseJsonText(v);
		if (parsed !== undefined) return parsed;
	}
	return v;
}

const sig = (checked: boolean, valid: boolean | null, code: string, message: string, timestamp?: number): IDataObject => ({ checked, valid, code, message, ...(timestamp !== undefined ? { timestamp } : {}) });

/** An event already read by Read Billing Event (same item), or a normalised event as the item itself. */
function carriedEvents(run: EventRun, json: IDataObject): ReadResult | null {
	const ar = json.arFollowUp as IDataObject | undefined;
	const prior = ar && typeof ar === 'object' && !Array.isArray(ar) ? (ar.event as IDataObject | undefined) : undefined;
	let list: unknown[] | null = null;
	let signature: IDataObject = sig(false, null, 'NORMALISED_EVENT', 'The item is a normalised event; no signature to check.');
	let field = 'item';
	if (prior && typeof prior === 'object' && prior.operation === 'readBillingEvent' && prior.event !== undefined) {
		list = Array.isArray(prior.events) && prior.events.length > 0 ? (prior.events as unknown[]) : [prior.event];
		field = Array.isArray(prior.events) && prior.events.length > 0 ? 'arFollowUp.event.events' : 'arFollowUp.event.event';
		const s = prior.signature as IDataObject | undefined;
		signature = s && typeof s === 'object' ? { ...s, carried: true } : sig(false, null, 'NOT_CHECKED', 'Read without a signature check.');
	} else if (looksLikeArEvent(json)) {
		list = [json];
	}
	if (!list) return null;
	if (run.verify === 'always' && signature.valid !== true) {
		return { ok: false, signature, rejection: { code: 'NOT_VERIFIED', message: 'Verify Signature is Always, but this event was not verified (read without a valid Stripe signature).' } };
	}
	try {
		const events = list.map((e, i) => readArEvent(e, list!.length > 1 || field.endsWith('events') ? `${field}[${i}]` : field));
		return { ok: true, events, signature };
	} catch (error) {
		const v = error as ValidationError;
		return { ok: false, signature, rejection: { code: 'INVALID_EVENT', message: v.message, field: v.field } };
	}
}

/** Verify (when asked and possible), then normalise. Never throws for bad input from the sender. */
function readBilling(run: EventRun, pre: EventPrefetch, json: IDataObject, index: number, fill: NormalizeOptions): ReadResult {
	const carried = carriedEvents(run, json);
	if (carried) return carried;
	if (pre.rawBodyErrors[index]) throw pre.rawBodyErrors[index];
	let payload = payloadOf(run, json);
	const raw = pre.rawBodies[index] ?? (pre.secrets ? rawBodyFromField(readAt(json, run.webhook.rawBodyField)) : undefined);
	const header = headerValue(readAt(json, run.webhook.headers), 'stripe-signature');
	const rawText = () => (raw === undefined ? undefined : typeof raw === 'string' ? raw : raw.toString('utf8'));
	let signature: IDataObject;
	if (run.verify === 'never') {
		signature = sig(false, null, 'DISABLED', 'Verify Signature is Never.');
	} else if (!pre.secrets) {
		signature = sig(false, null, 'NO_CREDENTIAL', 'No Stripe Webhook credential selected: not verified.');
	} else {
		if (payload === undefined && raw !== undefined) payload = parseJsonText(rawText() as string);
		const stripeLike = run.source === 'stripe' || (run.source === 'auto' && detectPayloadKind(payload) === 'stripe');
		if (raw === undefined) {
			if (run.verify === 'always') return { ok: false, signature: sig(true, false, 'MISSING_BODY', ''), rejection: { code: 'MISSING_BODY', message: 'The raw request body is needed to verify the signature: turn on the Webhook node option "Raw Body".' } };
			signature = sig(false, null, 'NO_RAW_BODY', 'No raw body on the item: not verified (Webhook node option "Raw Body").');
		} else if (header === undefined && run.verify === 'whenAvailable' && !stripeLike) {
			signature = sig(false, null, 'NOT_SIGNED', 'Not a Stripe delivery (no Stripe-Signature header): not verified.');
		} else {
			const result = verifyStripeSignature({ rawBody: raw, header, secret: pre.secrets, now: run.now, toleranceSeconds: pre.toleranceSeconds });
			if (!result.valid) {
				signature = sig(true, false, result.code, result.message, result.timestamp);
				return { ok: false, signature, rejection: { code: result.code, message: result.message } };
			}
			signature = sig(true, true, 'VERIFIED', 'Valid Stripe signature.', result.timestamp);
			// What was signed is what is applied: parse the raw body, not the parsed copy.
			payload = parseJsonText(rawText() as string);
			if (payload === undefined) return { ok: false, signature, rejection: { code: 'INVALID_JSON', message: 'The signed body is not JSON.' } };
		}
	}
	const kind = run.source === 'auto' ? undefined : run.source;
	const n = tryNormalizeEvents(payload, fill, kind);
	if (n.ok) return { ok: true, events: n.events, signature };
	const e = n.error;
	if (e.field === 'type' && /^unsupported Stripe event type/.test(e.issues[0]?.message ?? '')) {
		return { ok: false, signature, rejection: { code: 'UNSUPPORTED_EVENT_TYPE', message: e.message, field: e.field } };
	}
	if (/cannot link the (charge|dispute)/.test(e.message)) {
		return { ok: false, signature, rejection: { code: 'UNLINKED_CHARGE', message: `${e.message}. Look the invoice up by the charge and put its id on the item (Webhook Fields > Invoice ID Field).`, field: e.field, lookup: lookupKeys(payload) } };
	}
	return { ok: false, signature, rejection: { code: 'INVALID_EVENT', message: e.message, field: e.field } };
}

/** Keys a workflow can look a Stripe charge-level object up by. */
function lookupKeys(payload: unknown): IDataObject {
	const obj = (payload as IDataObject | undefined)?.data as IDataObject | undefined;
	const o = (obj?.object ?? {}) as IDataObject;
	const id = (v: unknown) => (typeof v === 'string' ? v : v && typeof v === 'object' && typeof (v as IDataObject).id === 'string' ? ((v as IDataObject).id as string) : null);
	return {
		chargeId: o.object === 'charge' ? id(o.id) : id(o.charge),
		paymentIntentId: id(o.payment_intent),
		disputeId: o.object === 'dispute' ? id(o.id) : null,
		customerId: id(o.customer),
	};
}

function idText(v: unknown): string | undefined {
	if (typeof v === 'string' && v.length > 0 && v.length <= 200) return v;
	if (typeof v === 'number' && Number.isFinite(v)) return String(v);
	return undefined;
}

/** Fill-ins for events that do not name their invoice or customer: the item's lookup fields, then the stored state. */
function fillIns(run: EventRun, json: IDataObject, state: EventState | null, customer: CustomerInfo): NormalizeOptions {
	const o: NormalizeOptions = {};
	const invoiceId = idText(readAt(json, run.webhook.invoiceId)) ?? state?.invoice?.invoiceId ?? state?.ledger?.invoiceId ?? undefined;
	const customerId = idText(readAt(json, run.webhook.customerId)) ?? state?.invoice?.customerId ?? state?.ledger?.customerId;
	if (invoiceId) o.invoiceId = invoiceId;
	if (customerId) o.customerId = customerId;
	const inv = state?.invoice;
	if (inv?.invoiceId) {
		const balance = inv.balance ?? (inv.amount !== undefined ? Math.max(0, inv.amount - (inv.amountPaid ?? 0)) : undefined);
		if (balance !== undefined) o.invoiceBalances = { [inv.invoiceId]: balance };
	}
	if (run.defaultCurrency) o.defaultCurrency = run.defaultCurrency;
	o.reply = { locale: customer.locale, timeZone: customer.timeZone };
	return o;
}

function eventSummary(e: ArEvent): IDataObject {
	return { eventId: e.eventId, type: e.type, invoiceId: e.invoiceId, customerId: e.customerId, amount: e.amount ?? null, currency: e.currency ?? null };
}

/** Process Billing Event: one item in, one item out on Acknowledge / Update Only / Notify Person / Rejected. */
export function processBillingEvent(run: EventRun, pre: EventPrefetch, json: IDataObject, index: number): Routed {
	const out = outputIndex('processBillingEvent');
	const zone = run.eventOptions.timeZone as string;
	// The stored state is the workflow's: malformed state is an error naming the field, whatever the payload.
	const { state, customer } = readItemState(json, run.state, run.policy, zone);
	const read = readBilling(run, pre, json, index, fillIns(run, json, state, customer));
	if (!read.ok) {
		const extra: IDataObject = { signature: read.signature };
		if (read.rejection.lookup) extra.lookup = read.rejection.lookup;
		return { output: out.rejected, json: withEvent(json, rejectedJson(run, read.rejection, extra)) };
	}
	let event = read.events[0];
	if (read.events.length > 1) {
		const want = state.invoice?.invoiceId ?? idText(readAt(json, run.webhook.invoiceId));
		const match = want ? read.events.find((e) => e.invoiceId === want) : undefined;
		if (!match) {
			return {
				output: out.rejected,
				json: withEvent(
					json,
					rejectedJson(
						run,
						{
							code: 'MULTIPLE_INVOICES',
							message: `This payment covers ${read.events.length} invoices: read it with Read Billing Event, split out arFollowUp.event.events, look up each invoice's state, and process each event.`,
						},
						{ signature: read.signature, events: read.events.map(eventSummary) },
					),
				),
			};
		}
		event = match;
	}
	const options = { ...run.eventOptions, customer: { timeZone: customer.timeZone, preferredChannel: customer.preferredChannel, email: customer.email, phone: customer.phone } };
	const r = applyEvent(state, event, options, run.now);
	const route = routeOf(r);
	const extra: IDataObject = { signature: read.signature };
	if (read.events.length > 1) extra.otherEvents = read.events.filter((e) => e !== event).map(eventSummary);
	return { output: out[route], json: withEvent(json, appliedJson(run, r, event, route, customer, extra)) };
}

/** Read Billing Event: verify and normalise only; the lookup keys for the state go out on Event. */
export function readBillingEvent(run: EventRun, pre: EventPrefetch, json: IDataObject, index: number): Routed {
	const out = outputIndex('readBillingEvent');
	const read = readBilling(run, pre, json, index, fillIns(run, json, null, {}));
	if (!read.ok) {
		const extra: IDataObject = { signature: read.signature };
		if (read.rejection.lookup) extra.lookup = read.rejection.lookup;
		return { output: out.rejected, json: withEvent(json, rejectedJson(run, read.rejection, extra)) };
	}
	const first = read.events[0];
	const event: IDataObject = {
		operation: run.operation,
		route: 'event',
		outcome: 'read',
		reason: { code: 'READ', message: read.events.length > 1 ? `Read ${read.events.length} events (one per invoice): split out arFollowUp.event.events.` : 'Read; look up the state, then process.' },
		eventId: first.eventId,
		type: first.type,
		source: first.source,
		occurredAt: first.occurredAt,
		invoiceId: first.invoiceId,
		customerId: first.customerId,
		invoiceIds: [...new Set(read.events.map((e) => e.invoiceId).filter((id): id is string => id !== null))],
		signature: read.signature,
		event: first as unknown as IDataObject,
		evaluatedAt: run.now,
	};
	if (read.events.length > 1) event.events = read.events as unknown as IDataObject[];
	return { output: out.event, json: withEvent(json, event) };
}
