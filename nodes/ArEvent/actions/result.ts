/**
 * What every AR Event operation puts on its items: `arFollowUp.event` with the outcome, the reason, the
 * state patches (flat rows for the store), the acknowledgment to send, and the people to notify with
 * their addresses. Also the routing rule shared by Process Billing Event and Classify Reply.
 */
import type { IDataObject } from 'n8n-workflow';

import type { ApplyResult, ArEvent, PersonNotice } from '../../core/events';
import { ledgerRow, type CustomerInfo, type EventRun } from '../../shared/eventParameters';

export type Route = 'acknowledge' | 'updateOnly' | 'notifyPerson' | 'rejected' | 'broken' | 'noChange' | 'event';

/** No state change (a fresh object per item: downstream nodes may mutate theirs). */
export function emptyPatches(): IDataObject {
	return { holds: [], touches: [], invoice: null, ledger: null, history: [] };
}

/**
 * One output per item:
 * - Notify Person when anyone must be told (a prepared acknowledgment stays on the item, unsent: the
 *   person reviews it first, e.g. a dispute, a low-confidence promise, a decline that looks like fraud);
 * - Acknowledge when there is a message to send and nobody to tell;
 * - Update Only otherwise (including duplicates, stale and ignored events, with the reason).
 */
export function routeOf(r: ApplyResult): 'acknowledge' | 'updateOnly' | 'notifyPerson' {
	if (r.notify.length > 0) return 'notifyPerson';
	if (r.message) return 'acknowledge';
	return 'updateOnly';
}

/** Merge the event result into the item's arFollowUp (results of other AR nodes stay). */
export function withEvent(json: IDataObject, event: IDataObject): IDataObject {
	const prev = json.arFollowUp && typeof json.arFollowUp === 'object' && !Array.isArray(json.arFollowUp) ? (json.arFollowUp as IDataObject) : {};
	const ids: IDataObject = {};
	if (event.invoiceId !== undefined) ids.invoiceId = event.invoiceId;
	if (event.customerId !== undefined) ids.customerId = event.customerId;
	return { ...json, arFollowUp: { ...prev, ...ids, event } };
}

function recipient(n: PersonNotice, run: EventRun, customer: CustomerInfo): string | null {
	if (n.audience === 'accountOwner') return customer.accountOwner ?? run.financeContact;
	return run.financeContact;
}

/** Notices with their recipient, the distinct recipients, and one text for a chat or email to people. */
export function noticesJson(notify: PersonNotice[], run: EventRun, customer: CustomerInfo): IDataObject {
	const list = notify.map((n) => ({ ...n, to: recipient(n, run, customer) }));
	const to = [...new Set(list.map((n) => n.to).filter((t): t is string => t !== null))];
	const priority = list.some((n) => n.priority === 'high') ? 'high' : list.some((n) => n.priority === 'normal') ? 'normal' : list.length ? 'low' : null;
	return {
		notify: list as unknown as IDataObject[],
		notifyTo: to,
		notifyPriority: priority,
		notifyText: list.map((n) => `[${n.code}] ${n.message}`).join('\n'),
	};
}

/**
 * Retry guidance for a failed charge: who retries (the billing system when it scheduled a next attempt,
 * else you when retrying makes sense, else nobody until the customer acts), and when.
 */
export function retryJson(r: ApplyResult, event: ArEvent): IDataObject | null {
	const c = r.decline;
	if (!c) return null;
	const next = event.nextAttemptAt ?? null;
	let retryBy: 'billingSystem' | 'you' | 'none' = 'none';
	let retryAt: string | null = null;
	if (c.retry.advisable && next) {
		retryBy = 'billingSystem';
		retryAt = next;
	} else if (c.retry.advisable && c.retry.afterHours !== null) {
		retryBy = 'you';
		retryAt = new Date(Date.parse(event.occurredAt) + c.retry.afterHours * 3_600_000).toISOString();
	}
	return {
		severity: c.severity,
		category: c.category,
		code: c.code,
		advisable: c.retry.advisable,
		retryBy,
		retryAt,
		scheduleHours: c.retry.scheduleHours,
		maxAttempts: c.retry.maxAttempts,
		attemptCount: event.attemptCount ?? null,
		needsNewCard: c.needsNewCard,
		needsCustomerAction: c.needsCustomerAction,
		messageKey: c.customerMessageKey,
		explanation: c.explanation,
	};
}

/** The item's `arFollowUp.event` for an applied (or duplicate / stale / ignored) event. */
export function appliedJson(run: EventRun, r: ApplyResult, event: ArEvent, route: Route, customer: CustomerInfo, extra: IDataObject = {}): IDataObject {
	return {
		operation: run.operation,
		route,
		outcome: r.outcome,
		reason: r.reason,
		eventId: r.eventId,
		type: r.type,
		effectiveType: r.effectiveType,
		source: event.source,
		occurredAt: event.occurredAt,
		invoiceId: event.invoiceId,
		customerId: event.customerId,
		...extra,
		event: event as unknown as IDataObject,
		patches: {
			holds: r.patches.holds as unknown as IDataObject[],
			touches: r.patches.touches as unknown as IDataObject[],
			invoice: r.patches.invoice as unknown as IDataObject | null,
			ledger: ledgerRow(r.patches.ledger),
			history: r.patches.history as unknown as IDataObject[],
		},
		message: r.message as unknown as IDataObject | null,
		messageSkipped: r.message ? null : (r.messageSkipped ?? null),
		...noticesJson(r.notify, run, customer),
		decline: (r.decline ?? null) as unknown as IDataObject | null,
		retry: retryJson(r, event),
		payment: (r.payment ?? null) as unknown as IDataObject | null,
		schedule: (r.schedule ?? null) as unknown as IDataObject | null,
		evaluatedAt: run.now,
	};
}

/** The item's `arFollowUp.event` for an input that was not processed, with the reason. */
export function rejectedJson(run: EventRun, reason: { code: string; message: string; field?: string }, extra: IDataObject = {}): IDataObject {
	return {
		operation: run.operation,
		route: 'rejected',
		outcome: 'rejected',
		reason: { code: reason.code, message: reason.message, field: reason.field ?? null },
		...extra,
		patches: emptyPatches(),
		message: null,
		notify: [],
		evaluatedAt: run.now,
	};
}
