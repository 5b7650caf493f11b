/**
 * The touch log as the metrics read it: one entry per message (or alert, task, approval request) the
 * workflow recorded. Looser than the engine's touch reader: metrics also count failed sends, approvals
 * and human tasks, which the store may log with an `outcome`.
 */
import { describeValue, ValidationError, type ValidationIssue } from '../errors';
import { instantMs } from '../validate';

export interface TouchLogEntry {
	invoiceId: string;
	customerId: string | null;
	step: string;
	channel: string;
	/** ISO instant */
	sentAt: string;
	/** YYYY-MM-DD (UTC) of sentAt */
	day: string;
	/** sent | failed | claimed | bounced … (the delivery status) */
	status: string;
	/** send | approval | human (the decision that produced it), when logged */
	outcome: string | null;
	tone: string | null;
	/** requested | approved | rejected, when the entry is about an approval */
	approval: string | null;
}

function str(o: Record<string, unknown>, k: string): string | undefined {
	const v = o[k];
	if (typeof v === 'string' && v.trim() !== '') return v.trim();
	if (typeof v === 'number' && Number.isFinite(v)) return String(v);
	return undefined;
}

/** Read one touch-log row; throws a ValidationError naming the field. */
export function readTouchLogEntry(row: unknown): TouchLogEntry {
	if (row === null || typeof row !== 'object' || Array.isArray(row)) throw new ValidationError([{ field: '(touch)', message: 'must be an object', received: describeValue(row) }]);
	const o = row as Record<string, unknown>;
	const issues: ValidationIssue[] = [];
	const invoiceId = str(o, 'invoiceId') ?? str(o, 'invoice_id');
	if (!invoiceId) issues.push({ field: 'invoiceId', message: 'is required', received: describeValue(o.invoiceId) });
	const step = str(o, 'step') ?? '';
	const channel = (str(o, 'channel') ?? '').toLowerCase();
	if (!channel) issues.push({ field: 'channel', message: 'is required', received: describeValue(o.channel) });
	const sentRaw = o.sentAt ?? o.sent_at ?? o.createdAt;
	const ms = instantMs(sentRaw);
	if (ms === null) issues.push({ field: 'sentAt', message: 'must be an ISO 8601 instant (e.g. 2026-03-02T09:00:00Z)', received: describeValue(sentRaw) });
	if (issues.length) throw new ValidationError(issues);
	const sentAt = new Date(ms as number).toISOString();
	return {
		invoiceId: invoiceId as string,
		customerId: str(o, 'customerId') ?? null,
		step,
		channel,
		sentAt,
		day: sentAt.slice(0, 10),
		status: (str(o, 'status') ?? 'sent').toLowerCase(),
		outcome: str(o, 'outcome')?.toLowerCase() ?? null,
		tone: str(o, 'tone')?.toLowerCase() ?? null,
		approval: str(o, 'approval')?.toLowerCase() ?? null,
	};
}

/** Read a whole touch log, dropping exact duplicates (the same dedupe key logged twice counts once). */
export function readTouchLog(rows: unknown[]): TouchLogEntry[] {
	const out: TouchLogEntry[] = [];
	const seen = new Set<string>();
	const issues: ValidationIssue[] = [];
	rows.forEach((row, i) => {
		try {
			const t = readTouchLogEntry(row);
			const o = row as Record<string, unknown>;
			const key = typeof o.dedupeKey === 'string' && o.dedupeKey !== '' ? `${o.dedupeKey}|${t.status}` : `${t.invoiceId}|${t.step}|${t.channel}|${t.sentAt}|${t.status}`;
			if (seen.has(key)) return;
			seen.add(key);
			out.push(t);
		} catch (e) {
			if (e instanceof ValidationError) for (const is of e.issues) issues.push({ ...is, field: `touches[${i}].${is.field}` });
			else throw e;
		}
	});
	if (issues.length) throw new ValidationError(issues);
	return out;
}
