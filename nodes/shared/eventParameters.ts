/**
 * The AR Event node's parameters and the readers behind them: what the editor shows, the settings read
 * once per run, the stored state read from each item (invoice, holds, touches, event ledger, customer),
 * reply fields with defaults for n8n's Email Trigger (IMAP), and the webhook parts (body, headers, raw
 * body). Every reader throws a ValidationError naming the field (`ledger.applied`, `holds[2].until`...),
 * never anything else, so the item loop can name the item and the field.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { preparePolicy } from '../core/engine';
import { describeValue, ValidationError } from '../core/errors';
import {
	AR_EVENT_TYPES,
	isArEventType,
	REPLY_AI_THRESHOLD,
	REPLY_CLASSES,
	type ArEvent,
	type EventLedger,
	type EventOptions,
	type EventState,
	type InvoiceState,
	type PromiseRecord,
	type ReplyInfo,
} from '../core/events';
import { compilePath } from '../core/mapping';
import { DEFAULT_POLICY } from '../core/policy';
import { CUSTOMER_CHANNELS, type Channel, type InvoiceStatus, type Policy } from '../core/types';
import { FieldReader, instantMs, readHolds, readTouches, toDay } from '../core/validate';
import { isValidTimeZone } from '../core/calendar';
import { parseDay } from '../core/dates';
import { aiOptions, readAiSettings, type AiSettings } from './aiParameters';
import { asOfOption } from './run';

// ---------------------------------------------------------------------------------------------
// Operations and outputs

export type EventOperation = 'processBillingEvent' | 'classifyReply' | 'checkPromises' | 'readBillingEvent';

export const EVENT_OPERATIONS: readonly EventOperation[] = ['processBillingEvent', 'classifyReply', 'checkPromises', 'readBillingEvent'];

/**
 * The outputs of each operation, in order (connections are stored by index). Self-contained: n8n
 * evaluates its source text in the editor (`outputs` is an expression, as in n8n's Switch node).
 */
export const configuredOutputs = (parameters: { operation?: string }) => {
	const operation = parameters && parameters.operation;
	let names = ['Acknowledge', 'Update Only', 'Notify Person', 'Rejected'];
	if (operation === 'checkPromises') names = ['Promise Broken', 'No Change', 'Rejected'];
	if (operation === 'readBillingEvent') names = ['Event', 'Rejected'];
	return names.map((name) => ({ type: 'main', displayName: name }));
};

/** Output indexes by route, per operation. */
export function outputIndex(operation: EventOperation): Record<string, number> {
	switch (operation) {
		case 'checkPromises':
			return { broken: 0, noChange: 1, rejected: 2 };
		case 'readBillingEvent':
			return { event: 0, rejected: 1 };
		default:
			return { acknowledge: 0, updateOnly: 1, notifyPerson: 2, rejected: 3 };
	}
}

// ---------------------------------------------------------------------------------------------
// Editor

const BILLING = ['processBillingEvent', 'readBillingEvent'];
const APPLYING = ['processBillingEvent', 'classifyReply', 'checkPromises'];

const CHANNEL_OPTIONS = [
	{ name: 'Email', value: 'email' },
	{ name: 'Letter', value: 'letter' },
	{ name: 'Phone Call', value: 'phone' },
	{ name: 'SMS', value: 'sms' },
	{ name: 'WhatsApp', value: 'whatsapp' },
];

export const ACK_KINDS = ['chargeback', 'dispute', 'failed', 'paid', 'partial', 'plan', 'promise'] as const;
export type AckKind = (typeof ACK_KINDS)[number];
const DEFAULT_ACKS: AckKind[] = ['dispute', 'failed', 'paid', 'partial', 'plan', 'promise'];

function stateFieldOptions(invoiceDefault: string): INodeProperties[] {
	return [
		{ displayName: 'Customer Field', name: 'customer', type: 'string', default: 'customer', description: 'Path of the customer object (timeZone, preferredChannel, locale, accountOwner, email, phone). Empty: none.' },
		{ displayName: 'Holds Field', name: 'holds', type: 'string', default: 'holds', description: 'Path of the list of holds of the invoice and its customer (rows of your holds table)' },
		{
			displayName: 'Invoice Field',
			name: 'invoice',
			type: 'string',
			default: invoiceDefault,
			description: invoiceDefault
				? 'Path of the stored invoice row (invoiceId, amount, amountPaid, balance, status, issueDate, dueDate). Empty: the item itself.'
				: 'Path of the stored invoice row. Empty: the item itself is the invoice (as in the daily run).',
		},
		{ displayName: 'Ledger Field', name: 'ledger', type: 'string', default: 'ledger', description: 'Path of the event ledger row this node wrote before (an object, or its JSON text in a "data" column)' },
		{ displayName: 'Touches Field', name: 'touches', type: 'string', default: 'touches', description: 'Path of the touch log of the invoice' },
	];
}

export const eventProperties: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Check Promises',
				value: 'checkPromises',
				description: 'Daily: release promises to pay whose date and grace have passed unpaid, and record the broken promise',
				action: 'Check promises to pay',
			},
			{
				name: 'Classify Reply',
				value: 'classifyReply',
				description: 'Classify an inbound email or SMS (promise, plan request, dispute, already paid, out of office, STOP, question) and update the holds',
				action: 'Classify a customer reply',
			},
			{
				name: 'Process Billing Event',
				value: 'processBillingEvent',
				description: 'Verify and apply a payment event (Stripe, QuickBooks or generic) to the invoice\'s state: patches, acknowledgment, people to tell',
				action: 'Process a billing event',
			},
			{
				name: 'Read Billing Event',
				value: 'readBillingEvent',
				description: 'Verify and normalise only, to look up the invoice\'s state before Process Billing Event',
				action: 'Read a billing event',
			},
		],
		default: 'processBillingEvent',
	},
	{
		displayName:
			'Each item is a webhook call (Webhook node: headers, body, and the raw body with the option "Raw Body") or an event as JSON, with the invoice\'s stored state (invoice, holds, touches, ledger) merged in. The result is added under <code>arFollowUp.event</code>: the state patches to write, the acknowledgment to send, and who to notify.',
		name: 'processNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { operation: ['processBillingEvent'] } },
	},
	{
		displayName:
			'Each item is an inbound email (Email Trigger) or SMS, with the customerId (and invoiceId when known) and the stored holds merged in. The class, dates and hold patches are added under <code>arFollowUp.event</code>.',
		name: 'replyNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { operation: ['classifyReply'] } },
	},
	{
		displayName: 'Run daily over the invoices with an active promise or plan, each with its event ledger (and holds). Broken promises are released once and recorded.',
		name: 'promiseNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { operation: ['checkPromises'] } },
	},
	{
		displayName:
			'Verifies and normalises the event without state: use <code>arFollowUp.event.invoiceId</code> to look up the invoice\'s rows, then Process Billing Event (it reuses this result and does not verify again).',
		name: 'readNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { operation: ['readBillingEvent'] } },
	},
	{
		displayName: 'Verify Signature',
		name: 'verifySignature',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { operation: BILLING } },
		options: [
			{ name: 'Always', value: 'always', description: 'Reject every item without a valid Stripe signature (needs the credential and the raw body)' },
			{ name: 'Never', value: 'never', description: 'Trust the input (events from your own systems)' },
			{
				name: 'When Available',
				value: 'whenAvailable',
				description: 'Verify when the credential is set and the raw body is on the item; then a Stripe event without a valid signature is rejected',
			},
		],
		default: 'whenAvailable',
		description: 'Stripe signs each webhook delivery; verifying rejects forged, tampered and replayed events. For a webhook open to the internet choose Always.',
	},
	{
		displayName: 'Event Source',
		name: 'eventSource',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { operation: BILLING } },
		options: [
			{ name: 'Auto-Detect', value: 'auto', description: 'Stripe event envelope, QuickBooks payment, else the generic shape' },
			{ name: 'Generic Event', value: 'generic', description: 'The documented generic shape: type, invoiceId, customerId, amount…' },
			{ name: 'QuickBooks Payment', value: 'quickbooks', description: 'A QuickBooks Online Payment (one event per invoice it pays)' },
			{ name: 'Stripe Event', value: 'stripe', description: 'A Stripe webhook event (invoice.*, charge.dispute.*, charge.refunded…)' },
		],
		default: 'auto',
	},
	{
		displayName: 'Policy',
		name: 'policySource',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { operation: APPLYING } },
		options: [
			{ name: 'Default Policy', value: 'default', description: 'The default cadence, tiers and tolerance; adjust below under Options' },
			{ name: 'From JSON', value: 'json', description: 'The workflow\'s policy, e.g. from the AR Policy node' },
		],
		default: 'default',
		description: 'Tolerance, grace days, tiers and steps (partial payments keep the schedule without skipping a tier). Read once per run.',
	},
	{
		displayName: 'Policy JSON',
		name: 'policyJson',
		type: 'json',
		default: "={{ $('AR Policy').first().json.policy }}",
		displayOptions: { show: { operation: APPLYING, policySource: ['json'] } },
		hint: 'Read once per run (from the first item)',
		description: 'The policy object, e.g. the output of the AR Policy node',
	},
	{
		displayName: 'Webhook Fields',
		name: 'webhookFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: { show: { operation: BILLING } },
		description: 'Where the parts of the webhook call are on the item (dot paths)',
		options: [
			{ displayName: 'Customer ID Field', name: 'customerId', type: 'string', default: 'customerId', description: 'Customer to use when the event names none (filled in by your lookup)' },
			{ displayName: 'Event Field', name: 'event', type: 'string', default: '', placeholder: 'body', description: 'Path of the event JSON. Empty: the body of a Webhook item, else the item itself.' },
			{ displayName: 'Headers Field', name: 'headers', type: 'string', default: 'headers', description: 'Path of the request headers (for the Stripe-Signature header)' },
			{
				displayName: 'Invoice ID Field',
				name: 'invoiceId',
				type: 'string',
				default: 'invoiceId',
				description: 'Invoice to use when the event names only a charge (Stripe disputes and refunds), filled in by your lookup',
			},
			{ displayName: 'Raw Body Binary Property', name: 'rawBodyBinary', type: 'string', default: 'data', description: 'Binary property with the raw request body (Webhook node option "Raw Body")' },
			{ displayName: 'Raw Body Field', name: 'rawBodyField', type: 'string', default: 'rawBody', description: 'Field with the raw request body as text, used when there is no binary property' },
		],
	},
	{
		displayName: 'Reply Fields',
		name: 'replyFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: { show: { operation: ['classifyReply'] } },
		description: 'Where the parts of the reply are on the item (dot paths). The defaults read the Email Trigger (IMAP) output.',
		options: [
			{ displayName: 'Channel Field', name: 'channel', type: 'string', default: 'channel', description: 'Channel of the reply (email, sms, whatsapp). Missing: the Default Reply Channel option.' },
			{ displayName: 'Customer ID Field', name: 'customerId', type: 'string', default: 'customerId', description: 'The customer who replied (look it up from the sender first)' },
			{ displayName: 'From Field', name: 'from', type: 'string', default: 'from.value[0].address', description: 'Sender address (bounce detection). Falls back to the "from" text.' },
			{ displayName: 'HTML Field', name: 'html', type: 'string', default: 'textHtml', description: 'HTML body, used as text when there is no plain text. Falls back to "html".' },
			{ displayName: 'Invoice ID Field', name: 'invoiceId', type: 'string', default: 'invoiceId', description: 'The invoice the reply answers, when known. Missing: a customer-level reply.' },
			{ displayName: 'Locale Field', name: 'locale', type: 'string', default: 'locale', description: 'Locale of the customer (language hint, date order). Falls back to the customer\'s locale.' },
			{ displayName: 'Message ID Field', name: 'messageId', type: 'string', default: 'messageId', description: 'Email Message-ID or SMS ID: the same reply delivered twice is applied once' },
			{ displayName: 'Received At Field', name: 'receivedAt', type: 'string', default: 'date', description: 'When the reply arrived (ISO or email date). Missing: the run time.' },
			{ displayName: 'Subject Field', name: 'subject', type: 'string', default: 'subject' },
			{ displayName: 'Text Field', name: 'text', type: 'string', default: 'text', description: 'Plain text of the email or SMS. Falls back to "textPlain", then the HTML.' },
			{ displayName: 'Time Zone Field', name: 'timeZone', type: 'string', default: 'timeZone', description: 'Customer\'s time zone ("Friday" is counted from their day). Falls back to the customer\'s time zone.' },
		],
	},
	{
		displayName: 'AI Second Opinion',
		name: 'aiSecondOpinion',
		type: 'boolean',
		default: false,
		displayOptions: { show: { operation: ['classifyReply'] } },
		description:
			'Whether to ask Claude (Anthropic credential) about replies the rules are unsure of. Its answer is taken only when it is well formed, its dates are plausible and it is surer than the rules; an opt-out or a bounce is never second-guessed. Otherwise the rules stand and reply.ai says why.',
	},
	{
		displayName: 'AI Options',
		name: 'aiOptions',
		type: 'collection',
		placeholder: 'Add AI option',
		default: {},
		displayOptions: { show: { operation: ['classifyReply'], aiSecondOpinion: [true] } },
		options: aiOptions({
			displayName: 'Ask Below Rule Confidence',
			name: 'minConfidence',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: 1, numberPrecision: 2 },
			default: REPLY_AI_THRESHOLD,
			description: 'Claude is asked when the rules are less sure than this (0 to 1). At 0.7 that is about one reply in ten: the ones the rules could not place.',
		}),
	},
	{
		displayName: 'State Fields',
		name: 'stateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: { show: { operation: ['processBillingEvent', 'classifyReply'] } },
		description: 'Where the stored state of the invoice is on the item (dot paths). Missing state means a new invoice.',
		options: stateFieldOptions('invoice'),
	},
	{
		displayName: 'State Fields',
		name: 'promiseStateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: { show: { operation: ['checkPromises'] } },
		description: 'Where the stored state is on the item (dot paths)',
		options: stateFieldOptions(''),
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'Acknowledge Events up to (Hours)',
				name: 'ackMaxAgeHours',
				type: 'number',
				default: 72,
				displayOptions: { show: { '/operation': ['processBillingEvent', 'classifyReply'] } },
				description: 'Older events get no acknowledgment (a redelivered month-old payment sends no thank-you)',
			},
			{
				displayName: 'Acknowledgment Channel',
				name: 'ackChannel',
				type: 'options',
				options: [{ name: "Customer's Preferred Channel", value: '' }, ...CHANNEL_OPTIONS],
				default: '',
				displayOptions: { show: { '/operation': ['processBillingEvent'] } },
				description: 'Channel of acknowledgments for billing events (replies are answered on their own channel). Falls back to email.',
			},
			{
				displayName: 'Acknowledgments',
				name: 'acknowledge',
				type: 'multiOptions',
				options: [
					{ name: 'Bank Dispute (Chargeback)', value: 'chargeback' },
					{ name: 'Dispute Reply', value: 'dispute' },
					{ name: 'Failed Payment', value: 'failed' },
					{ name: 'Full Payment', value: 'paid' },
					{ name: 'Partial Payment', value: 'partial' },
					{ name: 'Payment Plan', value: 'plan' },
					{ name: 'Promise to Pay', value: 'promise' },
				],
				default: ['dispute', 'failed', 'paid', 'partial', 'plan', 'promise'],
				displayOptions: { show: { '/operation': ['processBillingEvent', 'classifyReply'] } },
				description: 'Which events get a message to the customer. A chargeback is usually not answered by email.',
			},
			{
				displayName: 'Already-Paid Pause (Days)',
				name: 'alreadyPaidHoldDays',
				type: 'number',
				default: 7,
				displayOptions: { show: { '/operation': ['classifyReply'] } },
				description: 'A customer who says it is paid gets no reminder this long, while a person reconciles',
			},
			{
				displayName: 'Company Time Zone',
				name: 'timeZone',
				type: 'string',
				default: '',
				placeholder: 'Europe/Berlin',
				description: 'Calendar for days to pay, grace and promise dates. Empty: the policy\'s time zone.',
			},
			{
				displayName: 'Default Currency',
				name: 'defaultCurrency',
				type: 'string',
				default: '',
				placeholder: 'USD',
				displayOptions: { show: { '/operation': BILLING } },
				description: 'Currency of events that name none (QuickBooks home currency, generic events)',
			},
			{
				displayName: 'Default Reply Channel',
				name: 'replyChannel',
				type: 'options',
				options: CHANNEL_OPTIONS,
				default: 'email',
				displayOptions: { show: { '/operation': ['classifyReply'] } },
				description: 'Channel of replies whose item names none',
			},
			asOfOption,
			{
				displayName: 'Finance Contact',
				name: 'financeContact',
				type: 'string',
				default: '',
				placeholder: 'finance@example.com',
				displayOptions: { show: { '/operation': APPLYING } },
				description: 'Who gets the finance notices (disputes, refunds, payment claims). Account-owner notices go to the customer\'s accountOwner.',
			},
			{
				displayName: 'Full Mailbox Pause (Days)',
				name: 'mailboxFullDays',
				type: 'number',
				default: 7,
				displayOptions: { show: { '/operation': ['classifyReply'] } },
				description: 'A delivery notice saying the mailbox is full pauses reminders to that address this long, then they go to it again',
			},
			{
				displayName: 'Maximum Promise (Days)',
				name: 'maxPromiseDays',
				type: 'number',
				default: 60,
				displayOptions: { show: { '/operation': ['processBillingEvent', 'classifyReply'] } },
				description: 'Promises further out hold only this long, and a person is told',
			},
			{
				displayName: 'No-Date Promise Hold (Days)',
				name: 'promiseDefaultDays',
				type: 'number',
				default: 7,
				displayOptions: { show: { '/operation': ['classifyReply'] } },
				description: 'A promise without a date holds reminders this long',
			},
			{
				displayName: 'Out-of-Office Hold (Days)',
				name: 'oooDefaultDays',
				type: 'number',
				default: 7,
				displayOptions: { show: { '/operation': ['classifyReply'] } },
				description: 'An out-of-office reply without a return date holds reminders this long',
			},
			{
				displayName: 'Partial Payment Grace (Days)',
				name: 'partialGraceDays',
				type: 'number',
				default: 7,
				displayOptions: { show: { '/operation': ['processBillingEvent'] } },
				description: 'Pause after a substantial partial payment, ending before the next tier starts (0 = none)',
			},
			{
				displayName: 'Partial Payment Grace Minimum (%)',
				name: 'partialGraceMinPercent',
				type: 'number',
				default: 50,
				displayOptions: { show: { '/operation': ['processBillingEvent'] } },
				description: 'Share of the balance a payment must reach to earn the grace',
			},
			{
				displayName: 'Promise Grace Days',
				name: 'promiseGraceDays',
				type: 'number',
				default: 2,
				displayOptions: { show: { '/operation': APPLYING } },
				description: 'Days after a promised date before the promise counts as broken. Empty: the policy\'s.',
			},
			{
				displayName: 'Reply Pause (Days)',
				name: 'replyWindowDays',
				type: 'number',
				default: 5,
				displayOptions: { show: { '/operation': ['classifyReply'] } },
				description: 'A question or other reply pauses reminders this long. Empty: the policy\'s.',
			},
		],
	},
];

// ---------------------------------------------------------------------------------------------
// Small helpers

function fail(field: string, message: string, value?: unknown): never {
	throw new ValidationError([{ field, message, received: value === undefined ? undefined : describeValue(value) }]);
}

function isObj(v: unknown): v is IDataObject {
	return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function own(o: unknown, key: string): unknown {
	return isObj(o) && Object.prototype.hasOwnProperty.call(o, key) ? o[key] : undefined;
}

const FORBIDDEN = new Set(['__proto__', 'prototype', 'constructor']);

/** A compiled dot path ('' = the item itself). */
export interface FieldPath {
	text: string;
	keys: string[];
}

/** Compile a path parameter; throws naming the parameter. */
export function fieldPath(text: unknown, parameter: string): FieldPath {
	const t = typeof text === 'string' ? text.trim() : '';
	if (t === '' || t === '$json') return { text: '', keys: [] };
	const keys = compilePath(t.replace(/^\$json\./, ''));
	if (!keys) fail(parameter, 'is not a valid field path (use dots, e.g. customer.email)', t);
	return { text: t, keys };
}

/** Read own properties along a path (arrays by index); undefined when absent. */
export function readAt(json: unknown, path: FieldPath): unknown {
	let cur: unknown = json;
	for (const k of path.keys) {
		if (cur === null || typeof cur !== 'object') return undefined;
		if (!Object.prototype.hasOwnProperty.call(cur, k)) return undefined;
		cur = (cur as Record<string, unknown>)[k];
	}
	return cur;
}

/** The field name to report for a value under `path` ('' = `item`). */
function label(path: FieldPath, fallback: string): string {
	return path.text || fallback;
}

// ---------------------------------------------------------------------------------------------
// Run settings (read once per run)

export type VerifyMode = 'always' | 'never' | 'whenAvailable';
export type EventSourceKind = 'auto' | 'stripe' | 'quickbooks' | 'generic';

export interface StatePaths {
	invoice: FieldPath;
	holds: FieldPath;
	touches: FieldPath;
	ledger: FieldPath;
	customer: FieldPath;
}

export interface WebhookPaths {
	/** null = auto (the body of a webhook item, else the item). */
	event: FieldPath | null;
	headers: FieldPath;
	rawBodyBinary: string;
	rawBodyField: FieldPath;
	invoiceId: FieldPath;
	customerId: FieldPath;
}

export interface ReplyPaths {
	text: FieldPath;
	html: FieldPath;
	from: FieldPath;
	subject: FieldPath;
	receivedAt: FieldPath;
	messageId: FieldPath;
	invoiceId: FieldPath;
	customerId: FieldPath;
	locale: FieldPath;
	timeZone: FieldPath;
	channel: FieldPath;
}

export interface EventRun {
	operation: EventOperation;
	now: string;
	policy: Policy;
	/** Options for applyEvent without the per-item customer part. */
	eventOptions: EventOptions;
	acknowledge: Set<AckKind>;
	financeContact: string | null;
	defaultCurrency?: string;
	replyChannel: Channel;
	verify: VerifyMode;
	source: EventSourceKind;
	webhook: WebhookPaths;
	reply: ReplyPaths;
	/** Classify Reply's AI second opinion (disabled for the other operations). */
	replyAi: ReplyAiSettings;
	state: StatePaths;
}

/** The reply second opinion's settings: the shared call settings and the rule confidence below which Claude is asked. */
export interface ReplyAiSettings extends AiSettings {
	threshold: number;
}

/** The prefetched parts of a run (async reads done before the item loop). */
export interface EventPrefetch {
	/** Stripe endpoint secrets from the credential, or null when none is selected. */
	secrets: string[] | null;
	toleranceSeconds: number;
	/** Raw bodies read from binary properties, by item index. */
	rawBodies: Array<Buffer | undefined>;
	/** A raw body that could not be read, by item index (thrown for that item only). */
	rawBodyErrors: Array<unknown>;
}

function nonNegative(options: IDataObject, key: string, max = 3650): number | undefined {
	const v = options[key];
	if (v === undefined || v === null || v === '') return undefined;
	if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > max) fail(`options.${key}`, `must be a number from 0 to ${max}`, v);
	return v;
}

function channelOption(v: unknown, field: string): Channel | undefined {
	if (v === undefined || v === null || v === '') return undefined;
	if (typeof v !== 'string' || !(CUSTOMER_CHANNELS as readonly string[]).includes(v)) fail(field, `must be one of ${CUSTOMER_CHANNELS.join(', ')}`, v);
	return v as Channel;
}

/** `now`: the Evaluate As Of option, or the clock (the node reads the clock; the core never does). */
function nowFrom(options: IDataObject): string {
	const asOf = typeof options.asOf === 'string' ? options.asOf.trim() : '';
	if (!asOf) return new Date().toISOString();
	const ms = instantMs(asOf);
	if (ms === null) fail('options.asOf', 'must be an ISO 8601 instant with a time zone, e.g. 2026-03-02T09:00:00Z', asOf);
	return new Date(ms).toISOString();
}

function readPolicy(ctx: IExecuteFunctions): Policy {
	const source = ctx.getNodeParameter('policySource', 0, 'default') as string;
	if (source !== 'json') return DEFAULT_POLICY;
	let raw = ctx.getNodeParameter('policyJson', 0, {}) as unknown;
	if (isObj(raw) && 'policy' in raw && !('steps' in raw)) raw = raw.policy;
	return preparePolicy(raw);
}

function paths<K extends string>(given: IDataObject, defaults: Record<K, string>, parameter: string): Record<K, FieldPath> {
	const out = {} as Record<K, FieldPath>;
	for (const key of Object.keys(defaults) as K[]) {
		const v = Object.prototype.hasOwnProperty.call(given, key) ? given[key] : defaults[key];
		out[key] = fieldPath(v, `${parameter}.${key}`);
	}
	return out;
}

export const WEBHOOK_DEFAULTS = { headers: 'headers', rawBodyField: 'rawBody', invoiceId: 'invoiceId', customerId: 'customerId' };
export const REPLY_DEFAULTS = {
	text: 'text',
	html: 'textHtml',
	from: 'from.value[0].address',
	subject: 'subject',
	receivedAt: 'date',
	messageId: 'messageId',
	invoiceId: 'invoiceId',
	customerId: 'customerId',
	locale: 'locale',
	timeZone: 'timeZone',
	channel: 'channel',
};
const STATE_DEFAULTS = { invoice: 'invoice', holds: 'holds', touches: 'touches', ledger: 'ledger', customer: 'customer' };

/** The webhook-reading parameters (also needed before the loop, to prefetch raw bodies). */
export function readWebhookParameters(ctx: IExecuteFunctions): { verify: VerifyMode; source: EventSourceKind; webhook: WebhookPaths } {
	const verify = ctx.getNodeParameter('verifySignature', 0, 'whenAvailable') as VerifyMode;
	if (!['always', 'never', 'whenAvailable'].includes(verify)) fail('verifySignature', 'must be Always, Never or When Available', verify);
	const source = ctx.getNodeParameter('eventSource', 0, 'auto') as EventSourceKind;
	if (!['auto', 'stripe', 'quickbooks', 'generic'].includes(source)) fail('eventSource', 'must be Auto-Detect, Stripe, QuickBooks or Generic', source);
	const wf = ctx.getNodeParameter('webhookFields', 0, {}) as IDataObject;
	const p = paths(wf, WEBHOOK_DEFAULTS, 'webhookFields');
	const eventText = typeof wf.event === 'string' ? wf.event.trim() : '';
	const rawBin = typeof wf.rawBodyBinary === 'string' ? wf.rawBodyBinary.trim() : wf.rawBodyBinary === undefined ? 'data' : '';
	if (typeof wf.rawBodyBinary !== 'string' && wf.rawBodyBinary !== undefined) fail('webhookFields.rawBodyBinary', 'must be a binary property name', wf.rawBodyBinary);
	if (FORBIDDEN.has(rawBin)) fail('webhookFields.rawBodyBinary', 'is not a valid property name', rawBin);
	return {
		verify,
		source,
		webhook: {
			event: eventText === '' ? null : fieldPath(eventText, 'webhookFields.event'),
			headers: p.headers,
			rawBodyBinary: rawBin,
			rawBodyField: p.rawBodyField,
			invoiceId: p.invoiceId,
			customerId: p.customerId,
		},
	};
}

/** Read every parameter once per run and validate it (errors name the parameter). */
export function readEventRun(ctx: IExecuteFunctions, operation: EventOperation, webhook?: ReturnType<typeof readWebhookParameters>): EventRun {
	if (!(EVENT_OPERATIONS as readonly string[]).includes(operation)) fail('operation', `must be one of ${EVENT_OPERATIONS.join(', ')}`, operation);
	const options = ctx.getNodeParameter('options', 0, {}) as IDataObject;
	const now = nowFrom(options);
	const policy = operation === 'readBillingEvent' ? DEFAULT_POLICY : readPolicy(ctx);
	const zone = typeof options.timeZone === 'string' && options.timeZone.trim() !== '' ? options.timeZone.trim() : policy.timeZone;
	if (!isValidTimeZone(zone)) fail('options.timeZone', 'must be an IANA time zone such as Europe/Berlin', zone);
	const promiseGraceDays = nonNegative(options, 'promiseGraceDays', 365) ?? policy.promiseGraceDays;
	const replyWindowDays = nonNegative(options, 'replyWindowDays', 365) ?? policy.replyWindowDays;

	let acks: AckKind[] = DEFAULT_ACKS;
	if (options.acknowledge !== undefined) {
		if (!Array.isArray(options.acknowledge) || options.acknowledge.some((a) => !(ACK_KINDS as readonly string[]).includes(a as string))) {
			fail('options.acknowledge', `must be a list of ${ACK_KINDS.join(', ')}`, options.acknowledge);
		}
		acks = options.acknowledge as AckKind[];
	}
	const acknowledge = new Set<AckKind>(acks);
	const graceDays = nonNegative(options, 'partialGraceDays', 365) ?? 7;
	const graceMin = nonNegative(options, 'partialGraceMinPercent', 100) ?? 50;
	const ackChannel = channelOption(options.ackChannel, 'options.ackChannel');
	const eventOptions: EventOptions = {
		timeZone: zone,
		policy: { tolerance: policy.tolerance, replyWindowDays, promiseGraceDays, tiers: policy.tiers, steps: policy.steps, timeZone: zone },
		acknowledge: {
			paid: acknowledge.has('paid'),
			partial: acknowledge.has('partial'),
			failed: acknowledge.has('failed'),
			dispute: acknowledge.has('dispute'),
			chargeback: acknowledge.has('chargeback'),
			promise: acknowledge.has('promise'),
			plan: acknowledge.has('plan'),
		},
		ackMaxAgeHours: nonNegative(options, 'ackMaxAgeHours', 24 * 365) ?? 72,
		partialGrace: graceDays === 0 ? false : { minPercent: graceMin, days: graceDays },
		alreadyPaidHoldDays: nonNegative(options, 'alreadyPaidHoldDays', 365) ?? 7,
		oooDefaultDays: nonNegative(options, 'oooDefaultDays', 365) ?? 7,
		mailboxFullDays: nonNegative(options, 'mailboxFullDays', 365) ?? 7,
		promiseDefaultDays: nonNegative(options, 'promiseDefaultDays', 365) ?? 7,
		maxPromiseDays: nonNegative(options, 'maxPromiseDays', 3650) ?? 60,
	};
	if (ackChannel) eventOptions.ackChannel = ackChannel;

	let defaultCurrency: string | undefined;
	if (typeof options.defaultCurrency === 'string' && options.defaultCurrency.trim() !== '') {
		defaultCurrency = options.defaultCurrency.trim().toUpperCase();
		if (!/^[A-Z]{3}$/.test(defaultCurrency)) fail('options.defaultCurrency', 'must be a three-letter ISO 4217 code', options.defaultCurrency);
	} else if (options.defaultCurrency !== undefined && options.defaultCurrency !== '') fail('options.defaultCurrency', 'must be a three-letter ISO 4217 code', options.defaultCurrency);

	const financeContact = typeof options.financeContact === 'string' && options.financeContact.trim() !== '' ? options.financeContact.trim() : null;
	const replyChannel = channelOption(options.replyChannel, 'options.replyChannel') ?? 'email';

	const wh = operation === 'processBillingEvent' || operation === 'readBillingEvent' ? (webhook ?? readWebhookParameters(ctx)) : { verify: 'never' as VerifyMode, source: 'auto' as EventSourceKind, webhook: emptyWebhookPaths() };
	const reply =
		operation === 'classifyReply'
			? paths(ctx.getNodeParameter('replyFields', 0, {}) as IDataObject, REPLY_DEFAULTS, 'replyFields')
			: paths({}, REPLY_DEFAULTS, 'replyFields');
	const aiOn = operation === 'classifyReply' && ctx.getNodeParameter('aiSecondOpinion', 0, false) === true;
	const a = aiOn ? (ctx.getNodeParameter('aiOptions', 0, {}) as IDataObject) : {};
	const threshold = a.minConfidence === undefined || a.minConfidence === null || a.minConfidence === '' ? REPLY_AI_THRESHOLD : Number(a.minConfidence);
	if (!(threshold >= 0 && threshold <= 1)) fail('aiOptions.minConfidence', 'must be a number from 0 to 1', a.minConfidence);
	const replyAi: ReplyAiSettings = { ...readAiSettings(aiOn, isObj(a) ? a : {}, 'aiOptions'), threshold };
	let state: StatePaths;
	if (operation === 'checkPromises') state = paths(ctx.getNodeParameter('promiseStateFields', 0, {}) as IDataObject, { ...STATE_DEFAULTS, invoice: '' }, 'promiseStateFields');
	else if (operation === 'readBillingEvent') state = paths({}, STATE_DEFAULTS, 'stateFields');
	else state = paths(ctx.getNodeParameter('stateFields', 0, {}) as IDataObject, STATE_DEFAULTS, 'stateFields');

	return {
		operation,
		now,
		policy,
		eventOptions,
		acknowledge,
		financeContact,
		defaultCurrency,
		replyChannel,
		verify: wh.verify,
		source: wh.source,
		webhook: wh.webhook,
		reply,
		replyAi,
		state,
	};
}

function emptyWebhookPaths(): WebhookPaths {
	return {
		event: null,
		headers: fieldPath('headers', 'webhookFields.headers'),
		rawBodyBinary: 'data',
		rawBodyField: fieldPath('rawBody', 'webhookFields.rawBodyField'),
		invoiceId: fieldPath('invoiceId', 'webhookFields.invoiceId'),
		customerId: fieldPath('customerId', 'webhookFields.customerId'),
	};
}

/** Endpoint secrets and tolerance from the credential's fields. */
export function readStripeCredential(data: IDataObject | null | undefined): { secrets: string[]; toleranceSeconds: number } {
	const split = (v: unknown) => (typeof v === 'string' ? v.split(/[\s,]+/).map((s) => s.trim()).filter((s) => s.length > 0) : []);
	const secrets = [...split(data?.signingSecret), ...split(data?.previousSigningSecret)];
	if (secrets.length === 0) fail('credentials.signingSecret', 'the Stripe Webhook credential has no signing secret (whsec_...)');
	const t = data?.toleranceSeconds;
	let toleranceSeconds = 300;
	if (t !== undefined && t !== null && t !== '') {
		if (typeof t !== 'number' || !Number.isFinite(t) || t < 0 || t > 86_400) fail('credentials.toleranceSeconds', 'must be a number of seconds from 0 to 86400', t);
		toleranceSeconds = t;
	}
	return { secrets, toleranceSeconds };
}

// ---------------------------------------------------------------------------------------------
// Stored state on the item

export interface CustomerInfo {
	timeZone?: string;
	preferredChannel?: Channel;
	locale?: string;
	accountOwner?: string;
	/** The contacts an acknowledgment goes to (a bounce of another address does not stop it). */
	email?: string;
	phone?: string;
}

export interface ItemState {
	state: EventState;
	customer: CustomerInfo;
}

const STATUS: Record<string, InvoiceStatus> = {
	open: 'open',
	unpaid: 'open',
	overdue: 'open',
	partial: 'open',
	partially_paid: 'open',
	past_due: 'open',
	paid: 'paid',
	closed: 'paid',
	settled: 'paid',
	void: 'void',
	voided: 'void',
	canceled: 'void',
	cancelled: 'void',
	uncollectible: 'uncollectible',
	written_off: 'uncollectible',
	draft: 'draft',
};

/** The stored invoice row (all fields optional but its id). */
export function readInvoiceState(raw: unknown, prefix: string, zone: string): InvoiceState | null {
	if (raw === undefined || raw === null || raw === '') return null;
	if (!isObj(raw)) fail(prefix, 'must be an object (the stored invoice row)', raw);
	const r = new FieldReader(prefix, zone);
	const o = raw as Record<string, unknown>;
	const invoiceId = r.id(o, 'invoiceId', true);
	const inv: InvoiceState = { invoiceId: invoiceId ?? '' };
	const customerId = r.id(o, 'customerId', false);
	if (customerId) inv.customerId = customerId;
	for (const key of ['amount', 'amountPaid', 'balance'] as const) {
		const v = r.amount(o, key, false);
		if (v !== undefined) inv[key] = v;
	}
	const cur = r.text(o, 'currency', 10);
	if (cur !== undefined) {
		if (!/^[A-Za-z]{3}$/.test(cur)) r.fail('currency', 'must be a three-letter ISO 4217 code', cur);
		else inv.currency = cur.toUpperCase();
	}
	const st = own(o, 'status');
	if (st !== undefined && st !== null && st !== '') {
		const key = typeof st === 'string' ? st.trim().toLowerCase().replace(/\s+/g, '_') : '';
		const mapped = Object.prototype.hasOwnProperty.call(STATUS, key) ? STATUS[key] : undefined;
		if (!mapped) r.fail('status', 'must be one of open, paid, void, uncollectible, draft', st);
		else inv.status = mapped;
	}
	const issue = r.date(o, 'issueDate', false);
	if (issue) inv.issueDate = issue;
	const due = r.date(o, 'dueDate', false);
	if (due) inv.dueDate = due;
	const acp = r.bool(o, 'autoChargePending');
	if (acp !== undefined) inv.autoChargePending = acp;
	const disputed = r.bool(o, 'disputed');
	if (disputed !== undefined) inv.disputed = disputed;
	if (inv.amount !== undefined && inv.amountPaid !== undefined && inv.amountPaid > inv.amount + 1e-9) r.fail('amountPaid', `must not exceed the amount (${inv.amount})`, inv.amountPaid);
	if (inv.amount !== undefined && inv.balance !== undefined && inv.balance > inv.amount + 1e-9) r.fail('balance', `must not exceed the amount (${inv.amount})`, inv.balance);
	r.throwIfAny();
	return inv;
}

function isoOrFail(v: unknown, field: string): string {
	if (typeof v !== 'string' || v.length > 40 || !Number.isFinite(Date.parse(v)) || !/^\d{4}-\d{2}-\d{2}T/.test(v)) fail(field, 'must be an ISO instant', v);
	return new Date(Date.parse(v)).toISOString();
}

function dayOrFail(v: unknown, field: string): string {
	if (typeof v !== 'string' || parseDay(v) === null) fail(field, 'must be a date YYYY-MM-DD', v);
	return v;
}

function strOrFail(v: unknown, field: string, max = 300): string {
	if (typeof v !== 'string' || v.length === 0 || v.length > max) fail(field, `must be a non-empty text (at most ${max} characters)`, v);
	return v;
}

function numOrFail(v: unknown, field: string): number {
	if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > 1e13) fail(field, 'must be a non-negative number', v);
	return v;
}

function safeKeys(o: IDataObject, field: string, max: number): string[] {
	const keys = Object.keys(o);
	if (keys.length > max) fail(field, `has more than ${max} entries`, o);
	for (const k of keys) if (FORBIDDEN.has(k)) fail(`${field}.${k}`, 'is not an allowed key', k);
	return keys;
}

const FAMILIES = ['settlement', 'payment', 'failure', 'dispute', 'promise', 'ooo', 'refund', 'subscription', 'reply'];
const PROMISE_STATUSES = ['active', 'kept', 'broken', 'superseded', 'cancelled'];
const MAX_LEDGER_TEXT = 5_000_000;

/**
 * The event ledger row: the object this node wrote (`patches.ledger` row with a `data` JSON column), the
 * ledger object itself, or its JSON text. Throws naming the field.
 */
export function readLedger(raw: unknown, field: string): EventLedger | null {
	if (raw === undefined || raw === null || raw === '') return null;
	let v: unknown = raw;
	if (isObj(v) && own(v, 'applied') === undefined && own(v, 'data') !== undefined) {
		v = own(v, 'data');
		field = `${field}.data`;
		if (v === null || v === '') return null;
	}
	if (typeof v === 'string') {
		if (v.length > MAX_LEDGER_TEXT) fail(field, 'is larger than 5 MB', v);
		try {
			v = JSON.parse(v);
		} catch {
			fail(field, 'is not valid JSON', v);
		}
	}
	if (!isObj(v)) fail(field, 'must be the event ledger object (or its JSON text)', v);
	const o = v;
	const ledgerId = strOrFail(own(o, 'ledgerId'), `${field}.ledgerId`);
	const inv = own(o, 'invoiceId');
	if (inv !== null && inv !== undefined && (typeof inv !== 'string' || inv.length === 0)) fail(`${field}.invoiceId`, 'must be a text or null', inv);
	const customerId = strOrFail(own(o, 'customerId'), `${field}.customerId`);
	const list = (key: string, max: number): string[] => {
		const a = own(o, key);
		if (a === undefined || a === null) return [];
		if (!Array.isArray(a) || a.length > max) fail(`${field}.${key}`, `must be a list of at most ${max} ids`, a);
		return a.map((x, i) => strOrFail(x, `${field}.${key}[${i}]`, 500));
	};
	const applied = list('applied', 20_000);
	const acks = list('acks', 20_000);
	const latest: EventLedger['latest'] = {};
	const lat = own(o, 'latest') ?? {};
	if (!isObj(lat)) fail(`${field}.latest`, 'must be an object', lat);
	for (const k of safeKeys(lat, `${field}.latest`, 20)) {
		if (!FAMILIES.includes(k)) fail(`${field}.latest.${k}`, `is not an event family (${FAMILIES.join(', ')})`, k);
		const m = lat[k];
		if (!isObj(m)) fail(`${field}.latest.${k}`, 'must be an object { occurredAt, eventId, type }', m);
		const type = own(m, 'type');
		if (!isArEventType(type)) fail(`${field}.latest.${k}.type`, `must be one of ${AR_EVENT_TYPES.join(', ')}`, type);
		latest[k as keyof EventLedger['latest']] = { occurredAt: isoOrFail(own(m, 'occurredAt'), `${field}.latest.${k}.occurredAt`), eventId: strOrFail(own(m, 'eventId'), `${field}.latest.${k}.eventId`, 500), type };
	}
	const settlement: EventLedger['settlement'] = {};
	const set = own(o, 'settlement') ?? {};
	if (!isObj(set)) fail(`${field}.settlement`, 'must be an object', set);
	for (const k of ['paid', 'voided', 'uncollectible'] as const) {
		const s = own(set, k);
		if (s !== undefined && s !== null) settlement[k] = strOrFail(s, `${field}.settlement.${k}`, 500);
	}
	const credits: Record<string, number> = {};
	const cr = own(o, 'credits') ?? {};
	if (!isObj(cr)) fail(`${field}.credits`, 'must be an object', cr);
	for (const k of safeKeys(cr, `${field}.credits`, 20_000)) credits[k] = numOrFail(cr[k], `${field}.credits.${k}`);
	const pendingBreaks: EventLedger['pendingBreaks'] = {};
	const pb = own(o, 'pendingBreaks') ?? {};
	if (!isObj(pb)) fail(`${field}.pendingBreaks`, 'must be an object', pb);
	for (const k of safeKeys(pb, `${field}.pendingBreaks`, 1000)) {
		const b = pb[k];
		if (!isObj(b)) fail(`${field}.pendingBreaks.${k}`, 'must be an object { eventId, occurredAt }', b);
		pendingBreaks[k] = { eventId: strOrFail(own(b, 'eventId'), `${field}.pendingBreaks.${k}.eventId`, 500), occurredAt: isoOrFail(own(b, 'occurredAt'), `${field}.pendingBreaks.${k}.occurredAt`) };
	}
	const pr = own(o, 'promises') ?? [];
	if (!Array.isArray(pr) || pr.length > 1000) fail(`${field}.promises`, 'must be a list of promise records', pr);
	const promises: PromiseRecord[] = pr.map((p, i) => {
		const f = `${field}.promises[${i}]`;
		if (!isObj(p)) fail(f, 'must be an object', p);
		const status = own(p, 'status');
		if (typeof status !== 'string' || !PROMISE_STATUSES.includes(status)) fail(`${f}.status`, `must be one of ${PROMISE_STATUSES.join(', ')}`, status);
		const rec: PromiseRecord = {
			promiseId: strOrFail(own(p, 'promiseId'), `${f}.promiseId`, 500),
			madeAt: isoOrFail(own(p, 'madeAt'), `${f}.madeAt`),
			date: dayOrFail(own(p, 'date'), `${f}.date`),
			paidSince: own(p, 'paidSince') === undefined ? 0 : numOrFail(own(p, 'paidSince'), `${f}.paidSince`),
			status: status as PromiseRecord['status'],
		};
		if (own(p, 'amount') !== undefined && own(p, 'amount') !== null) rec.amount = numOrFail(own(p, 'amount'), `${f}.amount`);
		const inst = own(p, 'installments');
		if (inst !== undefined && inst !== null) {
			if (!Array.isArray(inst) || inst.length === 0 || inst.length > 120) fail(`${f}.installments`, 'must be a non-empty list of { date, amount }', inst);
			rec.installments = inst.map((it, j) => {
				if (!isObj(it)) fail(`${f}.installments[${j}]`, 'must be an object', it);
				const date = dayOrFail(own(it, 'date'), `${f}.installments[${j}].date`);
				const a = own(it, 'amount');
				return a === undefined || a === null ? { date } : { date, amount: numOrFail(a, `${f}.installments[${j}].amount`) };
			});
		}
		if (own(p, 'endedAt') !== undefined && own(p, 'endedAt') !== null) rec.endedAt = isoOrFail(own(p, 'endedAt'), `${f}.endedAt`);
		if (own(p, 'endEventId') !== undefined && own(p, 'endEventId') !== null) rec.endEventId = strOrFail(own(p, 'endEventId'), `${f}.endEventId`, 500);
		return rec;
	});
	if (promises.filter((p) => p.status === 'active').length > 1) fail(`${field}.promises`, 'has more than one active promise', pr);
	const upd = own(o, 'updatedAt');
	return {
		ledgerId,
		invoiceId: typeof inv === 'string' ? inv : null,
		customerId,
		applied,
		latest,
		settlement,
		credits,
		promises,
		pendingBreaks,
		acks,
		updatedAt: typeof upd === 'string' ? upd : '',
	};
}

/** The ledger as a flat store row: upsert by ledgerId; `data` holds the ledger as JSON text. */
export function ledgerRow(l: EventLedger | null): IDataObject | null {
	if (!l) return null;
	return { ledgerId: l.ledgerId, invoiceId: l.invoiceId, customerId: l.customerId, updatedAt: l.updatedAt, data: JSON.stringify(l) };
}

function readCustomer(raw: unknown, field: string): CustomerInfo {
	if (raw === undefined || raw === null || raw === '') return {};
	if (!isObj(raw)) fail(field, 'must be an object (the customer)', raw);
	const c: CustomerInfo = {};
	const tz = own(raw, 'timeZone');
	if (tz !== undefined && tz !== null && tz !== '') {
		if (typeof tz !== 'string' || !isValidTimeZone(tz)) fail(`${field}.timeZone`, 'must be an IANA time zone such as Europe/Berlin', tz);
		c.timeZone = tz;
	}
	const pc = own(raw, 'preferredChannel');
	if (pc !== undefined && pc !== null && pc !== '') {
		const ch = typeof pc === 'string' ? pc.toLowerCase() : pc;
		if (typeof ch !== 'string' || !(CUSTOMER_CHANNELS as readonly string[]).includes(ch)) fail(`${field}.preferredChannel`, `must be one of ${CUSTOMER_CHANNELS.join(', ')}`, pc);
		c.preferredChannel = ch as Channel;
	}
	const loc = own(raw, 'locale');
	if (typeof loc === 'string' && loc.trim() !== '' && loc.length <= 35) c.locale = loc.trim();
	const owner = own(raw, 'accountOwner');
	if (typeof owner === 'string' && owner.trim() !== '' && owner.length <= 300) c.accountOwner = owner.trim();
	for (const key of ['email', 'phone'] as const) {
		const v = own(raw, key);
		if (typeof v === 'string' && v.trim() !== '' && v.length <= 320) c[key] = v.trim();
	}
	return c;
}

/** The stored state on one item: invoice, holds, touches, ledger, customer. Throws naming the field. */
export function readItemState(json: IDataObject, p: StatePaths, policy: Policy, zone: string): ItemState {
	const invoice = readInvoiceState(readAt(json, p.invoice), label(p.invoice, 'invoice'), zone);
	const holdsRaw = readAt(json, p.holds);
	const touchesRaw = readAt(json, p.touches);
	const prefixed = (error: unknown, path: FieldPath, name: string): never => {
		// The core names holds[2].until; say where on the item it is.
		if (error instanceof ValidationError && path.text && path.text !== name) {
			throw new ValidationError(error.issues.map((i) => ({ ...i, field: i.field.startsWith(name) ? `${path.text}${i.field.slice(name.length)}` : i.field })));
		}
		throw error;
	};
	let holds: EventState['holds'] = [];
	if (holdsRaw !== undefined && holdsRaw !== null && holdsRaw !== '') {
		try {
			holds = readHolds(holdsRaw, policy);
		} catch (e) {
			prefixed(e, p.holds, 'holds');
		}
	}
	let touches: EventState['touches'] = [];
	if (touchesRaw !== undefined && touchesRaw !== null && touchesRaw !== '') {
		try {
			touches = readTouches(touchesRaw, policy);
		} catch (e) {
			prefixed(e, p.touches, 'touches');
		}
	}
	const ledger = readLedger(readAt(json, p.ledger), label(p.ledger, 'ledger'));
	const customer = p.customer.text ? readCustomer(readAt(json, p.customer), p.customer.text) : {};
	return { state: { invoice, holds, touches, ledger }, customer };
}

// ---------------------------------------------------------------------------------------------
// A normalised event carried on the item (from Read Billing Event, or split out of it)

const SOURCES = ['stripe', 'quickbooks', 'generic'];
const LANGUAGES = ['en', 'de', 'fr', 'es', 'pt', 'unknown'];

/** Whether a value looks like a normalised ArEvent (not a raw payload). */
export function looksLikeArEvent(v: unknown): v is IDataObject {
	return isObj(v) && typeof own(v, 'eventId') === 'string' && SOURCES.includes(own(v, 'source') as string) && isArEventType(own(v, 'type')) && isObj(own(v, 'raw'));
}

function optNum(o: IDataObject, key: string, field: string): number | undefined {
	const v = own(o, key);
	return v === undefined || v === null ? undefined : numOrFail(v, `${field}.${key}`);
}

function optStr(o: unknown, key: string, field: string, max = 500): string | undefined {
	const v = own(o, key);
	return v === undefined || v === null || v === '' ? undefined : strOrFail(v, `${field}.${key}`, max);
}

/** Validate a normalised ArEvent from the item (never trust its shape). Throws naming the field. */
export function readArEvent(v: unknown, field: string): ArEvent {
	if (!looksLikeArEvent(v)) fail(field, 'must be a normalised event { eventId, source, type, occurredAt, customerId, raw }', v);
	const e: ArEvent = {
		eventId: strOrFail(own(v, 'eventId'), `${field}.eventId`, 500),
		source: own(v, 'source') as ArEvent['source'],
		type: own(v, 'type') as ArEvent['type'],
		occurredAt: isoOrFail(own(v, 'occurredAt'), `${field}.occurredAt`),
		invoiceId: own(v, 'invoiceId') === null || own(v, 'invoiceId') === undefined ? null : strOrFail(own(v, 'invoiceId'), `${field}.invoiceId`, 200),
		customerId: strOrFail(own(v, 'customerId'), `${field}.customerId`, 200),
		raw: { id: '', type: '' },
	};
	for (const k of ['amount', 'amountPaid', 'amountRemaining', 'invoiceAmount', 'attemptCount'] as const) {
		const n = optNum(v, k, field);
		if (n !== undefined) e[k] = n;
	}
	const cur = optStr(v, 'currency', field, 3);
	if (cur !== undefined) {
		if (!/^[A-Za-z]{3}$/.test(cur)) fail(`${field}.currency`, 'must be a three-letter ISO 4217 code', cur);
		e.currency = cur.toUpperCase();
	}
	const next = own(v, 'nextAttemptAt');
	if (next === null) e.nextAttemptAt = null;
	else if (next !== undefined) e.nextAttemptAt = isoOrFail(next, `${field}.nextAttemptAt`);
	const raw = own(v, 'raw') as IDataObject;
	e.raw = { id: optStr(raw, 'id', `${field}.raw`) ?? e.eventId, type: optStr(raw, 'type', `${field}.raw`) ?? e.type };
	for (const k of ['objectId', 'objectType', 'apiVersion', 'invoiceNumber', 'status'] as const) {
		const s = optStr(raw, k, `${field}.raw`);
		if (s !== undefined) e.raw[k] = s;
	}
	if (typeof own(raw, 'livemode') === 'boolean') e.raw.livemode = own(raw, 'livemode') as boolean;
	const d = own(v, 'decline');
	if (d !== undefined && d !== null) {
		if (!isObj(d)) fail(`${field}.decline`, 'must be an object { code }', d);
		e.decline = { code: strOrFail(own(d, 'code'), `${field}.decline.code`, 100) };
		for (const k of ['errorCode', 'adviceCode', 'message'] as const) {
			const s = optStr(d, k, `${field}.decline`, 1000);
			if (s !== undefined) e.decline[k] = s;
		}
	}
	const dp = own(v, 'dispute');
	if (dp !== undefined && dp !== null) {
		if (!isObj(dp)) fail(`${field}.dispute`, 'must be an object { status }', dp);
		e.dispute = { status: strOrFail(own(dp, 'status'), `${field}.dispute.status`, 100) };
		const id = optStr(dp, 'id', `${field}.dispute`);
		if (id !== undefined) e.dispute.id = id;
		const reason = optStr(dp, 'reason', `${field}.dispute`);
		if (reason !== undefined) e.dispute.reason = reason;
		e.dispute.outcome = optStr(dp, 'outcome', `${field}.dispute`) ?? null;
		const due = own(dp, 'evidenceDueBy');
		e.dispute.evidenceDueBy = due === undefined || due === null ? null : isoOrFail(due, `${field}.dispute.evidenceDueBy`);
	}
	const pm = own(v, 'promise');
	if (pm !== undefined && pm !== null) {
		if (!isObj(pm)) fail(`${field}.promise`, 'must be an object { date }', pm);
		const date = own(pm, 'date');
		e.promise = { date: date === '' && e.type === 'promise_broken' ? '' : dayOrFail(date, `${field}.promise.date`) };
		const amount = optNum(pm, 'amount', `${field}.promise`);
		if (amount !== undefined) e.promise.amount = amount;
		const pid = optStr(pm, 'promiseId', `${field}.promise`);
		if (pid !== undefined) e.promise.promiseId = pid;
		const ds = own(pm, 'dateSource');
		if (ds === 'stated' || ds === 'default') e.promise.dateSource = ds;
		const inst = own(pm, 'installments');
		if (inst !== undefined && inst !== null) {
			if (!Array.isArray(inst) || inst.length === 0 || inst.length > 120) fail(`${field}.promise.installments`, 'must be a non-empty list of { date, amount }', inst);
			e.promise.installments = inst.map((it, j) => {
				if (!isObj(it)) fail(`${field}.promise.installments[${j}]`, 'must be an object', it);
				const a = own(it, 'amount');
				const date = dayOrFail(own(it, 'date'), `${field}.promise.installments[${j}].date`);
				return a === undefined || a === null ? { date } : { date, amount: numOrFail(a, `${field}.promise.installments[${j}].amount`) };
			});
		}
	}
	const rp = own(v, 'reply');
	if (rp !== undefined && rp !== null) e.reply = readReplyInfo(rp, `${field}.reply`);
	if (e.type === 'reply' && !e.reply) fail(`${field}.reply`, 'a reply event needs its classification', rp);
	if (e.type === 'promise_made' && !e.promise) fail(`${field}.promise`, 'a promise needs a date', pm);
	return e;
}

function readReplyInfo(v: unknown, field: string): ReplyInfo {
	if (!isObj(v)) fail(field, 'must be an object (the reply classification)', v);
	const cls = own(v, 'class');
	if (typeof cls !== 'string' || !(REPLY_CLASSES as readonly string[]).includes(cls)) fail(`${field}.class`, `must be one of ${REPLY_CLASSES.join(', ')}`, cls);
	const conf = own(v, 'confidence');
	if (typeof conf !== 'number' || !(conf >= 0 && conf <= 1)) fail(`${field}.confidence`, 'must be a number from 0 to 1', conf);
	const lang = own(v, 'language') ?? 'unknown';
	if (typeof lang !== 'string' || !LANGUAGES.includes(lang)) fail(`${field}.language`, `must be one of ${LANGUAGES.join(', ')}`, lang);
	const channel = own(v, 'channel') ?? 'email';
	if (typeof channel !== 'string' || !(CUSTOMER_CHANNELS as readonly string[]).includes(channel)) fail(`${field}.channel`, `must be one of ${CUSTOMER_CHANNELS.join(', ')}`, channel);
	const dateOrNull = (k: string) => {
		const d = own(v, k);
		return d === undefined || d === null ? null : dayOrFail(d, `${field}.${k}`);
	};
	const opt = own(v, 'optOutChannels') ?? [];
	if (!Array.isArray(opt) || opt.some((c) => typeof c !== 'string' || !(CUSTOMER_CHANNELS as readonly string[]).includes(c))) fail(`${field}.optOutChannels`, 'must be a list of channels', opt);
	const sec = own(v, 'secondary') ?? [];
	if (!Array.isArray(sec) || sec.some((c) => typeof c !== 'string' || !(REPLY_CLASSES as readonly string[]).includes(c))) fail(`${field}.secondary`, 'must be a list of reply classes', sec);
	const excerpt = own(v, 'excerpt') ?? '';
	if (typeof excerpt !== 'string' || excerpt.length > 2000) fail(`${field}.excerpt`, 'must be a text of at most 2000 characters', excerpt);
	const contact = own(v, 'contact');
	if (contact !== undefined && contact !== null && (typeof contact !== 'string' || contact.length === 0 || contact.length > 320)) fail(`${field}.contact`, 'must be the address or number that bounced (at most 320 characters)', contact);
	return {
		class: cls as ReplyInfo['class'],
		confidence: conf,
		language: lang as ReplyInfo['language'],
		matchedRule: typeof own(v, 'matchedRule') === 'string' ? (own(v, 'matchedRule') as string).slice(0, 200) : 'given',
		channel: channel as Channel,
		receivedAt: isoOrFail(own(v, 'receivedAt'), `${field}.receivedAt`),
		promiseDate: dateOrNull('promiseDate'),
		returnDate: dateOrNull('returnDate'),
		optOutChannels: opt as Channel[],
		secondary: sec as ReplyInfo['secondary'],
		needsReview: own(v, 'needsReview') === true,
		excerpt,
		...(typeof contact === 'string' ? { contact } : {}),
		...(own(v, 'mailboxFull') === true ? { mailboxFull: true } : {}),
	};
}

// ---------------------------------------------------------------------------------------------
// Webhook parts

/** A header by name, case-insensitively (n8n lower-cases them; other sources may not). */
export function headerValue(headers: unknown, name: string): string | undefined {
	if (!isObj(headers)) return undefined;
	const wanted = name.toLowerCase();
	for (const k of Object.keys(headers)) {
		if (k.toLowerCase() !== wanted) continue;
		const v = headers[k];
		if (typeof v === 'string') return v;
		if (Array.isArray(v) && typeof v[0] === 'string') return v[0];
	}
	return undefined;
}

/** A raw body given as a field: text, or a serialised Buffer `{ type: 'Buffer', data: [...] }`. */
export function rawBodyFromField(v: unknown): Buffer | string | undefined {
	if (typeof v === 'string') return v.length > 0 ? v : undefined;
	if (Buffer.isBuffer(v)) return v;
	if (isObj(v) && own(v, 'type') === 'Buffer' && Array.isArray(own(v, 'data'))) {
		const data = own(v, 'data') as unknown[];
		if (data.length <= 10_000_000 && data.every((b) => typeof b === 'number' && b >= 0 && b <= 255 && Number.isInteger(b))) return Buffer.from(data as number[]);
	}
	return undefined;
}

// ---------------------------------------------------------------------------------------------
// Reply parts

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** Remove `<tag ...>...</tag>` blocks (linear: indexOf, no backtracking). */
function dropBlocks(html: string, tag: string): string {
	const lower = html.toLowerCase();
	let out = '';
	let pos = 0;
	for (;;) {
		const open = lower.indexOf(`<${tag}`, pos);
		if (open < 0) break;
		const close = lower.indexOf(`</${tag}>`, open);
		if (close < 0) break;
		out += html.slice(pos, open);
		pos = close + tag.length + 3;
	}
	return out + html.slice(pos);
}

/**
 * Plain text of an HTML email body: blocks become lines, quoted blocks (`<blockquote>`) are marked with
 * '>' so the classifier drops them. Linear in the input (hostile HTML cannot make it backtrack).
 */
export function htmlToText(html: string): string {
	let h = html.slice(0, 200_000);
	for (const tag of ['script', 'style', 'head']) h = dropBlocks(h, tag);
	h = h
		.replace(/<blockquote\b[^<>]*>/gi, '\u0001')
		.replace(/<\/blockquote\s*>/gi, '\u0002')
		.replace(/<br\s*\/?>/gi, '\n')
		.replace(/<\/(p|div|li|tr|h\d)\s*>/gi, '\n')
		.replace(/<[^<>]*>/g, '')
		.replace(/&(#\d{1,6}|#x[0-9a-f]{1,5}|[a-z]{2,6});/gi, (m, e: string) => {
			if (e[0] === '#') {
				const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
				return code > 0 && code < 0x110000 ? String.fromCodePoint(code) : ' ';
			}
			return ENTITIES[e.toLowerCase()] ?? m;
		});
	// Quote the lines inside blockquotes.
	let depth = 0;
	const lines: string[] = [];
	let line = '';
	const flush = () => {
		lines.push(depth > 0 ? `> ${line}` : line);
		line = '';
	};
	for (const ch of h) {
		if (ch === '\u0001') {
			if (line.trim() !== '') flush();
			else line = '';
			depth++;
		} else if (ch === '\u0002') {
			if (line.trim() !== '') flush();
			else line = '';
			depth = Math.max(0, depth - 1);
		} else if (ch === '\n') flush();
		else line += ch;
	}
	flush();
	return lines
		.map((l) => l.replace(/[ \t]+$/, ''))
		.join('\n')
		.replace(/\n{3,}/g, '\n\n')
		.trim();
}

/** An email address out of "Name <a@b>", an address object list, or plain text. */
export function addressOf(v: unknown): string | undefined {
	if (typeof v === 'string') {
		const s = v.slice(0, 1000);
		const m = /<([^<>\s@]{1,200}@[^<>\s@]{1,255})>/.exec(s) ?? /([^\s<>"',;@]{1,200}@[^\s<>"',;@]{1,255})/.exec(s);
		return m ? m[1] : s.trim().slice(0, 320) || undefined;
	}
	if (isObj(v)) {
		const list = own(v, 'value');
		if (Array.isArray(list) && isObj(list[0]) && typeof own(list[0], 'address') === 'string') return (own(list[0], 'address') as string).slice(0, 320);
		if (typeof own(v, 'address') === 'string') return (own(v, 'address') as string).slice(0, 320);
		if (typeof own(v, 'text') === 'string') return addressOf(own(v, 'text'));
	}
	return undefined;
}

/** An instant from an ISO string, epoch seconds/ms, or an email Date header ("Wed, 12 Nov 2025 10:05:00 +0000"). */
export function mailInstant(v: unknown, zone: string): string | null {
	if (typeof v === 'number' && Number.isFinite(v) && v > 0) return new Date(v > 1e11 ? v : v * 1000).toISOString();
	if (typeof v !== 'string' || v.length > 100) return null;
	const s = v.trim();
	if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/.test(s)) {
		const ms = Date.parse(s);
		return Number.isFinite(ms) ? new Date(ms).toISOString() : null;
	}
	if (/^\d{4}-\d{2}-\d{2}$/.test(s)) {
		const day = toDay(s, zone);
		return day === null ? null : new Date(day * 86_400_000).toISOString();
	}
	// RFC 5322 date: day, month name, four-digit year, time, and a zone.
	if (/\b\d{1,2}\s+[A-Za-z]{3}\s+\d{4}\s+\d{1,2}:\d{2}(:\d{2})?\s*([+-]\d{4}|GMT|UT|UTC|[A-Z]{3})\b/.test(s)) {
		const ms = Date.parse(s);
		return Number.isFinite(ms) ? new Date(ms).toISOString() : null;
	}
	return null;
}
