/**
 * Reading the input items of AR Metrics as a ledger, a touch log and approvals, with n8n's item
 * semantics: every bad row names its item and field, and with Continue On Fail leaves as an error item
 * instead of failing the run.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { ValidationError } from '../../core/errors';
import { compileLedgerMap, dedupeTouchLog, readApprovalEntry, readLedgerRecord, readTouchLogEntry, type ApprovalLogEntry, type LedgerReader, type LedgerRecord, type TouchLogEntry } from '../../core/metrics';
import { errorItem, toNodeError } from '../../shared/items';

export interface Collected {
	ledger: LedgerRecord[];
	/** Each dedupe key once (the core's rule, dedupeTouchLog). */
	touches: TouchLogEntry[];
	/** Approval decisions (ar_approvals rows, or the `approvals` lists of the daily run's items). */
	approvals: ApprovalLogEntry[];
	/** Empty items (a node with Always Output Data that found nothing): skipped. */
	emptyItems: number;
	/** Indexes of the items that went into the figures. */
	used: number[];
	/** The item each ledger record came from (same order as `ledger`). */
	ledgerItem: number[];
	errors: INodeExecutionData[];
	/** Nested history entries without an invoice id (they cannot be told apart, so they are not counted). */
	skippedHistory: number;
}

/** A touch-log item: has `sentAt` (`sent_at`: a Postgres row) and a channel or step, and no invoice dates. */
export function isTouchRow(json: IDataObject): boolean {
	return (json.sentAt !== undefined || json.sent_at !== undefined) && (json.channel !== undefined || json.step !== undefined) && json.dueDate === undefined && json.issueDate === undefined;
}

/** An approval item (an ar_approvals row): has `decision` and `step`, no `sentAt`, no invoice dates or amount. */
export function isApprovalRow(json: IDataObject): boolean {
	return json.decision !== undefined && json.step !== undefined && json.sentAt === undefined && json.dueDate === undefined && json.issueDate === undefined && json.amount === undefined;
}

function prefix(error: unknown, where: string): unknown {
	if (error instanceof ValidationError) return new ValidationError(error.issues.map((i) => ({ ...i, field: `${where}.${i.field}` })));
	return error;
}

export function readColumnMap(ctx: IExecuteFunctions): { reader: LedgerReader; nested: boolean; touchesField: string } {
	const columns = ctx.getNodeParameter('columns', 0, {}) as IDataObject;
	const map: Record<string, string> = {};
	for (const c of (columns.column as IDataObject[] | undefined) ?? []) {
		if (typeof c.field === 'string' && typeof c.name === 'string' && c.name.trim() !== '') map[c.field] = c.name;
	}
	const options = ctx.getNodeParameter('ledgerOptions', 0, {}) as IDataObject;
	const currency = typeof options.defaultCurrency === 'string' && options.defaultCurrency.trim() ? options.defaultCurrency.trim().toUpperCase() : 'USD';
	return {
		reader: compileLedgerMap(map, currency),
		nested: options.readNested !== false,
		touchesField: typeof options.touchesField === 'string' && options.touchesField.trim() ? options.touchesField.trim() : 'touches',
	};
}

/**
 * Items -> ledger rows, touch-log entries and approvals. An item is a touch-log entry when it has
 * `sentAt` and no invoice dates; an approval when it has `decision` and `step` and no `sentAt`, invoice
 * dates or amount; an empty item is skipped; anything else is an invoice (or credit note). With `nested`,
 * each invoice item's `history` (past invoices), `touches` and `approvals` lists count too, as the daily
 * run's items carry them; a row seen twice (the same invoice id) counts once, top-level items first; a
 * touch seen twice (the same dedupe key) counts once.
 */
export function collectLedger(ctx: IExecuteFunctions, items: INodeExecutionData[], withTouches: boolean): Collected {
	const { reader, nested, touchesField } = readColumnMap(ctx);
	const continueOnFail = ctx.continueOnFail();
	const out: Collected = { ledger: [], touches: [], approvals: [], emptyItems: 0, used: [], ledgerItem: [], errors: [], skippedHistory: 0 };
	const seen = new Set<string>();
	const nestedRows: Array<{ row: IDataObject; item: number; where: string }> = [];
	for (let i = 0; i < items.length; i++) {
		const json = items[i].json;
		try {
			if (Object.keys(json).length === 0) {
				out.emptyItems++;
				out.used.push(i);
				continue;
			}
			if (isTouchRow(json)) {
				if (withTouches) out.touches.push(readTouchLogEntry(json));
				out.used.push(i);
				continue;
			}
			if (isApprovalRow(json)) {
				if (withTouches) out.approvals.push(readApprovalEntry(json));
				out.used.push(i);
				continue;
			}
			const rec = readLedgerRecord(json, reader);
			const nestedTouches: TouchLogEntry[] = [];
			const nestedApprovals: ApprovalLogEntry[] = [];
			if (nested) {
				const history = json.history;
				if (Array.isArray(history)) {
					history.forEach((h, k) => {
						if (h && typeof h === 'object' && !Array.isArray(h)) {
							const row = h as IDataObject;
							if (row.invoiceId === undefined || row.invoiceId === null || row.invoiceId === '') {
								out.skippedHistory++;
								return;
							}
							nestedRows.push({ row: { customerId: rec.customerId, currency: rec.currency, customer: rec.customer, ...row }, item: i, where: `history[${k}]` });
						}
					});
				}
				const touches = json[touchesField];
				if (withTouches && Array.isArray(touches)) {
					touches.forEach((t, k) => {
						try {
							nestedTouches.push(readTouchLogEntry(t));
						} catch (e) {
							throw prefix(e, `${touchesField}[${k}]`);
						}
					});
				}
				const approvals = json.approvals;
				if (withTouches && Array.isArray(approvals)) {
					approvals.forEach((a, k) => {
						try {
							nestedApprovals.push(readApprovalEntry(a));
						} catch (e) {
							throw prefix(e, `approvals[${k}]`);
						}
					});
				}
			}
			if (!seen.has(rec.invoiceId)) {
				seen.add(rec.invoiceId);
				out.ledger.push(rec);
				out.ledgerItem.push(i);
			}
			out.touches.push(...nestedTouches);
			out.approvals.push(...nestedApprovals);
			out.used.push(i);
		} catch (error) {
			const nodeError = toNodeError(ctx, error, i);
			if (!continueOnFail) throw nodeError;
			out.errors.push(errorItem(ctx, json, nodeError, error, i));
		}
	}
	const failed = new Set<number>();
	for (const n of nestedRows) {
		const id = n.row.invoiceId;
		if (typeof id === 'string' && seen.has(id)) continue;
		try {
			const rec = readLedgerRecord(n.row, reader);
			seen.add(rec.invoiceId);
			out.ledger.push(rec);
			out.ledgerItem.push(n.item);
		} catch (error) {
			const cause = prefix(error, n.where);
			const nodeError = toNodeError(ctx, cause, n.item);
			if (!continueOnFail) throw nodeError;
			if (!failed.has(n.item)) {
				failed.add(n.item);
				out.errors.push(errorItem(ctx, items[n.item].json, nodeError, cause, n.item));
			}
		}
	}
	// A touch seen twice (the store's row, and the same row on a daily-run item) counts once: the core's rule.
	out.touches = dedupeTouchLog(out.touches);
	return out;
}

/**
 * Drop the records a check rejects, naming their item: without Continue On Fail the first one fails the
 * run; with it, each failing item leaves as an error item (once) and its rows are left out.
 */
export function keepValid(ctx: IExecuteFunctions, items: INodeExecutionData[], collected: Collected, check: (rec: LedgerRecord) => void): void {
	const continueOnFail = ctx.continueOnFail();
	const bad = new Set<number>();
	collected.ledger.forEach((rec, k) => {
		const item = collected.ledgerItem[k];
		if (bad.has(item)) return;
		try {
			check(rec);
		} catch (error) {
			const nodeError = toNodeError(ctx, error, item);
			if (!continueOnFail) throw nodeError;
			bad.add(item);
			collected.errors.push(errorItem(ctx, items[item].json, nodeError, error, item));
		}
	});
	if (bad.size === 0) return;
	const ledger: LedgerRecord[] = [];
	const ledgerItem: number[] = [];
	collected.ledger.forEach((rec, k) => {
		if (bad.has(collected.ledgerItem[k])) return;
		ledger.push(rec);
		ledgerItem.push(collected.ledgerItem[k]);
	});
	collected.ledger = ledger;
	collected.ledgerItem = ledgerItem;
	collected.used = collected.used.filter((i) => !bad.has(i));
}
