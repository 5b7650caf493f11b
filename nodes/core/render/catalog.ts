/**
 * The template catalog: every key of the default pack, what it is for, which facts it cannot go
 * without, and how step ids of a policy map onto it.
 */
import type { Tone } from '../types';
import type { TemplateChannel } from './types';

/** Facts a template may require. `payment`: a payment link or payment instructions. */
export type RequiredFact =
	| 'invoiceNumber'
	| 'amountDue'
	| 'dueDate'
	| 'payment'
	| 'paymentLink'
	| 'fixLink'
	| 'paymentAmount'
	| 'plan'
	| 'promiseDate';

export interface TemplateMeta {
	key: string;
	label: string;
	audience: 'customer' | 'internal';
	kind: 'reminder' | 'event' | 'alert' | 'task';
	/** Days relative to the due date for cadence steps. */
	offsetDays?: number;
	/** Transactional notice: no unsubscribe line. Pre-due courtesy reminders are not transactional. */
	transactional: boolean;
	/** Tones the default pack has for this key. */
	tones: Tone[];
	/** Facts required on every channel. */
	requires: RequiredFact[];
	/** Extra facts required on SMS / WhatsApp (a text without its link is useless). */
	requiresShort?: RequiredFact[];
}

const REMINDER: RequiredFact[] = ['invoiceNumber', 'amountDue', 'dueDate', 'payment'];
const ALL: Tone[] = ['friendly', 'firm', 'escalating'];

/** Every default template key. */
export const TEMPLATE_CATALOG: readonly TemplateMeta[] = [
	{ key: 'pre_due_7', label: 'Courtesy reminder, 7 days before due', audience: 'customer', kind: 'reminder', offsetDays: -7, transactional: false, tones: ['friendly', 'firm'], requires: REMINDER, requiresShort: ['paymentLink'] },
	{ key: 'pre_due_3', label: 'Courtesy reminder, 3 days before due', audience: 'customer', kind: 'reminder', offsetDays: -3, transactional: false, tones: ['friendly', 'firm'], requires: REMINDER, requiresShort: ['paymentLink'] },
	{ key: 'pre_due_1', label: 'Courtesy reminder, 1 day before due', audience: 'customer', kind: 'reminder', offsetDays: -1, transactional: false, tones: ['friendly', 'firm'], requires: REMINDER, requiresShort: ['paymentLink'] },
	{ key: 'due_today', label: 'Due today', audience: 'customer', kind: 'reminder', offsetDays: 0, transactional: true, tones: ['friendly', 'firm'], requires: REMINDER, requiresShort: ['paymentLink'] },
	{ key: 'overdue_1', label: '1 day overdue', audience: 'customer', kind: 'reminder', offsetDays: 1, transactional: true, tones: ALL, requires: REMINDER, requiresShort: ['paymentLink'] },
	{ key: 'overdue_7', label: '7 days overdue, offer of help', audience: 'customer', kind: 'reminder', offsetDays: 7, transactional: true, tones: ALL, requires: REMINDER, requiresShort: ['paymentLink'] },
	{ key: 'overdue_14', label: '14 days overdue, firm but empathetic', audience: 'customer', kind: 'reminder', offsetDays: 14, transactional: true, tones: ALL, requires: REMINDER, requiresShort: ['paymentLink'] },
	{ key: 'ae_alert', label: 'Account owner alert (15 days overdue)', audience: 'internal', kind: 'alert', offsetDays: 15, transactional: true, tones: ['friendly'], requires: [] },
	{ key: 'final_notice', label: 'Final notice with consequences (21 days overdue)', audience: 'customer', kind: 'reminder', offsetDays: 21, transactional: true, tones: ['firm', 'escalating'], requires: REMINDER, requiresShort: ['paymentLink'] },
	{ key: 'service_pause', label: 'Service-pause warning, finance copied (30 days overdue)', audience: 'customer', kind: 'reminder', offsetDays: 30, transactional: true, tones: ['firm', 'escalating'], requires: REMINDER, requiresShort: ['paymentLink'] },
	{ key: 'finance_decision', label: 'Finance decision: call, plan or write-off (45 days overdue)', audience: 'internal', kind: 'task', offsetDays: 45, transactional: true, tones: ['friendly'], requires: [] },
	{ key: 'payment_partial', label: 'Partial payment: thank you and remaining balance', audience: 'customer', kind: 'event', transactional: true, tones: ['friendly'], requires: ['invoiceNumber', 'paymentAmount', 'amountDue'] },
	{ key: 'payment_failed', label: 'Payment failed: decline reason and update link', audience: 'customer', kind: 'event', transactional: true, tones: ['friendly'], requires: ['invoiceNumber', 'paymentAmount', 'fixLink'] },
	{ key: 'payment_received', label: 'Payment received: thank you', audience: 'customer', kind: 'event', transactional: true, tones: ['friendly'], requires: ['invoiceNumber', 'paymentAmount'] },
	{ key: 'payment_plan', label: 'Payment plan confirmation', audience: 'customer', kind: 'event', transactional: true, tones: ['friendly'], requires: ['invoiceNumber', 'plan'] },
	{ key: 'promise_confirmation', label: 'Promise to pay confirmed', audience: 'customer', kind: 'event', transactional: true, tones: ['friendly'], requires: ['invoiceNumber', 'promiseDate'] },
	{ key: 'dispute_ack', label: 'Dispute acknowledged', audience: 'customer', kind: 'event', transactional: true, tones: ['friendly'], requires: ['invoiceNumber'] },
	{ key: 'ae_brief', label: 'Account owner brief (history and recent touches)', audience: 'internal', kind: 'alert', transactional: true, tones: ['friendly'], requires: [] },
	{ key: 'approval_request', label: 'Approval request', audience: 'internal', kind: 'task', transactional: true, tones: ['friendly'], requires: [] },
	{ key: 'human_task', label: 'Human task ticket', audience: 'internal', kind: 'task', transactional: true, tones: ['friendly'], requires: [] },
];

const BY_KEY = new Map(TEMPLATE_CATALOG.map((m) => [m.key, m]));

/** All default template keys. */
export const TEMPLATE_KEYS: readonly string[] = TEMPLATE_CATALOG.map((m) => m.key);

/** Catalog entry of a key, or undefined for custom keys. */
export function templateMeta(key: string): TemplateMeta | undefined {
	return BY_KEY.get(key);
}

/** The template channel a render channel uses. */
export function templateChannelOf(channel: string): TemplateChannel | undefined {
	if (channel === 'email') return 'email';
	if (channel === 'sms' || channel === 'whatsapp') return 'sms';
	if (channel === 'internal') return 'internal';
	return undefined;
}

const ALIASES: Record<string, string> = {
	paid: 'payment_received',
	payment_succeeded: 'payment_received',
	thank_you: 'payment_received',
	thanks: 'payment_received',
	partial: 'payment_partial',
	partial_payment: 'payment_partial',
	failed: 'payment_failed',
	failed_charge: 'payment_failed',
	charge_failed: 'payment_failed',
	payment_plan_confirmed: 'payment_plan',
	plan: 'payment_plan',
	plan_confirmation: 'payment_plan',
	dispute: 'dispute_ack',
	dispute_acknowledged: 'dispute_ack',
	dispute_opened: 'dispute_ack',
	approval: 'approval_request',
	human: 'human_task',
	task: 'human_task',
	ae: 'ae_alert',
	ae_alert_15: 'ae_alert',
	account_owner_alert: 'ae_alert',
	brief: 'ae_brief',
	finance: 'finance_decision',
	finance_call: 'finance_decision',
	final: 'final_notice',
	service_pause_warning: 'service_pause',
	due: 'due_today',
	// Keys of the events core (acknowledgments) and of the default policy.
	payment_received_thanks: 'payment_received',
	partial_payment_thanks: 'payment_partial',
	payment_failed_retry: 'payment_failed',
	payment_failed_update_card: 'payment_failed',
	payment_failed_contact_bank: 'payment_failed',
	payment_failed_authenticate: 'payment_failed',
	promise: 'promise_confirmation',
	promise_to_pay: 'promise_confirmation',
	internal_ae_brief: 'ae_alert',
	internal_ae_alert: 'ae_alert',
	internal_finance_task: 'finance_decision',
	internal_finance_decision: 'finance_decision',
	internal_approval: 'approval_request',
	internal_approval_request: 'approval_request',
	internal_human_task: 'human_task',
	internal_task: 'human_task',
};

const CUSTOMER_STEPS = TEMPLATE_CATALOG.filter((m) => m.audience === 'customer' && m.offsetDays !== undefined).sort(
	(a, b) => (a.offsetDays as number) - (b.offsetDays as number),
);

/** Parse an offset from step ids like `D+7`, `d-3`, `D0`, `day_14`, `D+10/14` (first number). */
export function offsetFromStepId(id: string): number | undefined {
	const m = /^(?:day|d)[\s_]?([+\-−]?)\s*(\d{1,3})(?!\d)/i.exec(id.trim());
	if (!m) return undefined;
	const n = Number(m[2]);
	return m[1] === '-' || m[1] === '−' ? -n : n;
}

/** The default key for a cadence offset: exact match, else the nearest step that fits. */
export function keyForOffset(offset: number, audience: 'customer' | 'internal' = 'customer'): string {
	if (audience === 'internal') return offset >= 45 ? 'finance_decision' : 'ae_alert';
	if (offset < 0) {
		if (offset <= -5) return 'pre_due_7';
		if (offset <= -2) return 'pre_due_3';
		return 'pre_due_1';
	}
	let best = 'due_today';
	for (const m of CUSTOMER_STEPS) if ((m.offsetDays as number) >= 0 && (m.offsetDays as number) <= offset) best = m.key;
	return best;
}

export interface KeyResolution {
	key: string;
	/** How it was found: the key itself, an alias, a step id's offset, the decision's offset. */
	via: 'key' | 'custom' | 'alias' | 'step_id' | 'offset';
}

/**
 * Resolve a template key, a step id or an alias to a template key. `customKeys` are keys only the user's
 * overrides define. Returns null when nothing matches.
 */
export function resolveTemplateKey(
	requested: string,
	options: { offsetDays?: number; audience?: 'customer' | 'internal'; customKeys?: ReadonlySet<string> } = {},
): KeyResolution | null {
	const raw = typeof requested === 'string' ? requested.trim() : '';
	if (raw && BY_KEY.has(raw)) return { key: raw, via: 'key' };
	if (raw && options.customKeys?.has(raw)) return { key: raw, via: 'custom' };
	const norm = raw.toLowerCase().replace(/[\s.\-/]+/g, '_');
	if (norm && BY_KEY.has(norm)) return { key: norm, via: 'alias' };
	if (norm && ALIASES[norm]) return { key: ALIASES[norm], via: 'alias' };
	const fromId = raw ? offsetFromStepId(raw) : undefined;
	if (fromId !== undefined) return { key: keyForOffset(fromId, options.audience), via: 'step_id' };
	if (typeof options.offsetDays === 'number' && Number.isFinite(options.offsetDays)) {
		return { key: keyForOffset(Math.trunc(options.offsetDays), options.audience), via: 'offset' };
	}
	return null;
}

/** Tone fallback order: the tone itself, then the nearest softer, then harder. */
export function toneOrder(tone: Tone): Tone[] {
	if (tone === 'firm') return ['firm', 'friendly', 'escalating'];
	if (tone === 'escalating') return ['escalating', 'firm', 'friendly'];
	return ['friendly', 'firm', 'escalating'];
}

/** The variable that satisfies a required fact on a channel. */
export function factVariable(fact: RequiredFact, channel: TemplateChannel): string {
	switch (fact) {
		case 'payment':
			return channel === 'sms' ? 'paymentLink' : 'howToPay';
		case 'plan':
			return 'planSchedule';
		default:
			return fact;
	}
}

/** Variables a key requires on a template channel (customer messages only). */
export function requiredVariables(key: string, channel: TemplateChannel): string[] {
	const meta = BY_KEY.get(key);
	if (!meta || channel === 'internal') return [];
	const facts = channel === 'sms' ? [...meta.requires, ...(meta.requiresShort ?? [])] : meta.requires;
	return [...new Set(facts.map((f) => factVariable(f, channel)))];
}
