/**
 * Glue for nodes: turn a decision of the decision core into message requests, and template issues into
 * one readable error text. Keeps the AR Message node a thin adapter.
 */
import type { Channel, Customer, Decision, Invoice } from '../types';
import type { TemplateIssue } from './templates';
import { resolveTemplateKey } from './catalog';
import type {
	MessageContact,
	MessageCustomer,
	MessageDecisionInfo,
	MessageInternalInfo,
	MessageInvoice,
	MessageLinks,
	MessageOptions,
	MessageRequest,
	MessageSender,
	RenderChannel,
} from './types';

export interface DecisionMessageInput {
	decision: Decision;
	invoice: Invoice | MessageInvoice;
	customer: Customer | MessageCustomer;
	sender?: MessageSender;
	links?: MessageLinks;
	contact?: MessageContact;
	internal?: MessageInternalInfo;
	options?: MessageOptions;
	/** Override the channels to render (default: the decision's). */
	channels?: Channel[];
	/** Force a template key (default: the step's template, else the step id). */
	templateKey?: string;
}

const DIRECT: Partial<Record<Channel, RenderChannel>> = { email: 'email', sms: 'sms', whatsapp: 'whatsapp', internal: 'internal' };

/**
 * Message requests for a decision: one per channel for `send`; an approval request for `approval`; a
 * human task for `human` (and for phone / letter channels, which a person handles); none for `hold`.
 */
export function messageRequestsFromDecision(input: DecisionMessageInput): MessageRequest[] {
	const d = input.decision;
	if (d.outcome === 'hold') return [];
	const step = d.aging?.step ?? null;
	const decisionInfo: MessageDecisionInfo = {
		stepId: d.step ?? undefined,
		stepLabel: step?.label,
		offsetDays: step?.offsetDays,
		tone: d.tone,
		daysPastDue: d.aging?.daysPastDue,
		remindersSent: d.aging?.remindersSent,
		balance: d.balance,
		ccFinance: d.ccFinance,
		transactional: step?.transactional,
		outcome: d.outcome,
		reasons: d.reasons?.map((r) => ({ code: r.code, message: r.message })),
		riskScore: d.risk?.score,
		riskBand: d.risk?.band,
		tierLabel: d.aging?.tierLabel,
		channels: d.channels,
		nextStep: d.aging?.nextStep ?? null,
	};
	if (d.outcome === 'approval') return [request(input, 'approval_request', 'internal', decisionInfo, input.internal)];
	if (d.outcome === 'human') return [request(input, 'human_task', 'internal', decisionInfo, input.internal)];
	const key = input.templateKey ?? d.template ?? d.step ?? '';
	const out: MessageRequest[] = [];
	for (const channel of input.channels ?? d.channels ?? []) {
		const rc = DIRECT[channel];
		if (rc) {
			out.push(request(input, key, rc, decisionInfo, rc === 'internal' ? input.internal : undefined));
		} else {
			const action = channel === 'phone' ? 'Call the customer about this invoice' : 'Send a letter about this invoice';
			const task = { title: `${channel === 'phone' ? 'Call' : 'Letter'}: ${step?.label ?? d.step ?? 'follow-up'}`, action, ...input.internal?.task };
			out.push(request(input, 'human_task', 'internal', decisionInfo, { ...input.internal, task }));
		}
	}
	return out;
}

/**
 * One request, written out field by field: an object spread followed by more fields costs about 1 us per field
 * on Node 20 (V8 11), which made this adapter cost more than rendering the message.
 */
function request(input: DecisionMessageInput, templateKey: string, channel: RenderChannel, decision: MessageDecisionInfo, internal: MessageInternalInfo | undefined): MessageRequest {
	return {
		invoice: input.invoice as MessageInvoice,
		customer: input.customer as MessageCustomer,
		sender: input.sender,
		links: input.links,
		contact: input.contact,
		options: input.options,
		today: input.decision.aging?.today,
		tone: input.decision.tone,
		templateKey,
		channel,
		decision,
		internal,
	};
}

/** An acknowledgment of the events core (`AckMessage`), structurally. */
export interface AckLike {
	templateKey: string;
	fallbackTemplateKey?: string;
	channel: string;
	transactional?: boolean;
	data?: Record<string, unknown>;
}

export interface AckContext {
	invoice?: Invoice | MessageInvoice | null;
	customer: Customer | MessageCustomer;
	sender?: MessageSender;
	links?: MessageLinks;
	contact?: MessageContact;
	options?: MessageOptions;
	locale?: string;
}

function n(value: unknown): number | undefined {
	return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function s(value: unknown): string | undefined {
	return typeof value === 'string' && value ? value : undefined;
}

/**
 * The message request for an acknowledgment produced by the events core (payment received, partial
 * payment, failed charge, dispute, promise, plan): its data fields become the event facts.
 */
export function messageRequestFromAck(ack: AckLike, context: AckContext): MessageRequest {
	const data = ack.data && typeof ack.data === 'object' ? ack.data : {};
	const key = resolveTemplateKey(ack.templateKey) || !ack.fallbackTemplateKey ? ack.templateKey : ack.fallbackTemplateKey;
	const channel: RenderChannel = ack.channel === 'sms' || ack.channel === 'whatsapp' ? ack.channel : 'email';
	const invoice = { ...((context.invoice ?? {}) as MessageInvoice) };
	const balance = n(data.balance);
	if (balance !== undefined) invoice.balance = balance;
	const amountPaid = n(data.amountPaid);
	if (amountPaid !== undefined) invoice.amountPaid = amountPaid;
	const reason = s(data.reason);
	const installments = Array.isArray(data.installments) ? (data.installments as Array<{ date?: unknown; amount?: unknown }>) : undefined;
	return {
		templateKey: key,
		channel,
		locale: context.locale,
		invoice,
		customer: context.customer as MessageCustomer,
		contact: context.contact,
		sender: context.sender,
		links: context.links,
		options: context.options,
		decision: { transactional: ack.transactional ?? true, balance },
		event: {
			amount: n(data.amountReceived) ?? n(data.amount) ?? amountPaid,
			date: s(data.paidDate),
			declineCode: s(data.declineCategory),
			hardDecline: data.needsNewCard === true,
			retryDate: s(data.nextAttemptAt),
			// A free-text reason (a reply) is echoed; a processor code (e.g. "product_not_received") is not.
			disputeReason: reason && /\s/.test(reason) ? reason : undefined,
			plan: installments ? { installments: installments.map((i) => ({ date: String(i?.date ?? ''), amount: n(i?.amount) ?? null })) } : undefined,
			promiseDate: s(data.promiseDate),
			promiseAmount: n(data.promiseAmount) ?? null,
		},
	};
}

/** One line per issue: `overdue_7 / email (tone firm, de) body line 3: ...`. */
export function formatTemplateIssues(issues: readonly TemplateIssue[]): string {
	return issues
		.map((i) => {
			const scope = [i.tone ? `tone ${i.tone}` : '', i.locale ?? ''].filter(Boolean).join(', ');
			const where = `${i.part}${i.line !== undefined ? ` line ${i.line}${i.column !== undefined ? `, column ${i.column}` : ''}` : ''}`;
			return `Template #${i.index + 1} ${i.key || '(no key)'} / ${i.channel || '?'}${scope ? ` (${scope})` : ''}, ${where}: ${i.message}`;
		})
		.join('\n');
}
