/**
 * Check Promises (daily): for each invoice with an active promise or payment plan in its event ledger,
 * release the promise once its date (or an installment's date) plus the grace days has passed unpaid.
 * The release is an event with an id derived from the promise, so running daily releases it exactly once;
 * the broken promise is recorded in the history (it counts in the risk score) and the account owner told.
 */
import type { IDataObject } from 'n8n-workflow';

import { formatDay, parseDay } from '../../core/dates';
import { applyEvent, duePromiseBreak } from '../../core/events';
import type { Routed } from '../../shared/items';
import { outputIndex, readItemState, type EventRun } from '../../shared/eventParameters';
import { appliedJson, emptyPatches, withEvent } from './result';

export function checkPromisesItem(run: EventRun, json: IDataObject): Routed {
	const out = outputIndex('checkPromises');
	const zone = run.eventOptions.timeZone as string;
	const { state, customer } = readItemState(json, run.state, run.policy, zone);
	const options = { ...run.eventOptions, customer: { timeZone: customer.timeZone, preferredChannel: customer.preferredChannel, email: customer.email, phone: customer.phone } };
	// applyPromiseCheck, in its two steps, to keep the derived event for the output.
	const due = duePromiseBreak(state, options, run.now);
	const ledger = state.ledger ?? null;
	const active = ledger?.promises.find((p) => p.status === 'active') ?? null;
	if (due) {
		const r = applyEvent(state, due, options, run.now);
		if (r.outcome === 'applied') {
			const promise = active
				? { promiseId: active.promiseId, date: active.date, amount: active.amount ?? null, installments: (active.installments ?? null) as unknown as IDataObject[] | null, paidSince: active.paidSince, status: 'broken' }
				: null;
			return { output: out.broken, json: withEvent(json, appliedJson(run, r, due, 'broken', customer, { promise })) };
		}
	}
	let reason: { code: string; message: string };
	let promise: IDataObject | null = null;
	if (!ledger) reason = { code: 'NO_LEDGER', message: 'No event ledger on the item: no promise was recorded for this invoice.' };
	else if (!active) reason = { code: 'NO_ACTIVE_PROMISE', message: 'No active promise or plan.' };
	else if (ledger.settlement.paid !== undefined || ledger.settlement.voided !== undefined || state.invoice?.status === 'paid' || state.invoice?.status === 'void') {
		reason = { code: 'INVOICE_SETTLED', message: 'The invoice is settled: the promise is kept or moot.' };
	} else {
		const last = active.installments ? active.installments[active.installments.length - 1].date : active.date;
		const grace = run.eventOptions.policy?.promiseGraceDays ?? 0;
		const releaseAfter = formatDay((parseDay(last) as number) + grace);
		reason = { code: 'PROMISE_HOLDING', message: `The promise holds: due ${active.date}${active.installments ? ` (plan until ${last})` : ''}, released if unpaid after ${releaseAfter}.` };
		promise = { promiseId: active.promiseId, date: active.date, amount: active.amount ?? null, installments: (active.installments ?? null) as unknown as IDataObject[] | null, paidSince: active.paidSince, status: 'active', releaseAfter };
	}
	const event: IDataObject = {
		operation: run.operation,
		route: 'noChange',
		outcome: 'none',
		reason,
		invoiceId: ledger?.invoiceId ?? state.invoice?.invoiceId ?? null,
		customerId: ledger?.customerId ?? state.invoice?.customerId ?? null,
		promise,
		patches: emptyPatches(),
		message: null,
		notify: [],
		evaluatedAt: run.now,
	};
	return { output: out.noChange, json: withEvent(json, event) };
}
