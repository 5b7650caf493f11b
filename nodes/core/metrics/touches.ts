/**
 * The touch log and the approvals as the metrics read them.
 *
 * Touch log: one entry per message, alert, task or approval request the workflow recorded (the
 * `ar_touches` Data Table or Postgres table, or the `touches` list on the daily run's items). Looser
 * than the engine's touch reader: metrics also count failed sends, approval requests and human tasks.
 * Columns read: `invoiceId`, `customerId`, `step`, `channel`, `sentAt`, `status` (delivery: sent,
 * failed…), `dedupeKey`, and where the store logs them `outcome` (the decision: send / approval /
 * human), `tone` (friendly / firm / escalating) and `kind` (the step's kind: reminder / alert / task,
 * or approval-request, charge, ack). snake_case spellings (`invoice_id`, `sent_at`, `dedupe_key`…)
 * are read too.
 *
 * Approvals: the `ar_approvals` rows (`invoiceId`, `step`, `decision` approved / rejected, `by`,
 * `decidedAt`).
 *
 * One rule says when two touch-log entries are the same entry (dedupeTouchLog): their identity is
 * the dedupe key, the key the store itself is keyed by and the engine never sends twice.
 */
import { describeValue, readEach, ValidationError, type ValidationIssue } from '../errors';
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
	/** sent | failed | claimed | bounced … (the delivery status; `sent` when not logged) */
	status: string;
	/**
	 * The decision that produced the entry: send | approval | human (or charge), as logged; when not
	 * logged, inferred (see `inferOutcome`).
	 */
	outcome: string;
	/** Whether `outcome` was logged (true) or inferred (false). */
	outcomeLogged: boolean;
	/** friendly | firm | escalating, when logged. */
	tone: string | null;
	/** reminder | alert | task | approval-request | charge | ack | check …, when logged. */
	kind: string | null;
	/** requested | approved | rejected, on logs that mark approvals on the entry itself (older shape). */
	approval: string | null;
	/** The entry's identity: the logged dedupe key, or the key the daily run would have written. */
	dedupeKey: string;
}

export interface ApprovalLogEntry {
	invoiceId: string;
	step: string;
	decision: 'approved' | 'rejected';
	by: string | null;
	/** ISO instant of the decision, when known. */
	at: string | null;
	/** YYYY-MM-DD (UTC) of `at`. */
	day: string | null;
}

function str(o: Record<string, unknown>, ...keys: string[]): string | undefined {
	for (const k of keys) {
		if (!Object.prototype.hasOwnProperty.call(o, k)) continue;
		const v = o[k];
		if (typeof v === 'string' && v.trim() !== '') return v.trim().slice(0, 500);
		if (typeof v === 'number' && Number.isFinite(v)) return String(v);
	}
	return undefined;
}

const OUTCOMES: Record<string, string> = {
	send: 'send',
	sent: 'send',
	approval: 'approval',
	'needs approval': 'approval',
	needs_approval: 'approval',
	'needs-approval': 'approval',
	'approval-request': 'approval',
	human: 'human',
	'human task': 'human',
	human_task: 'human',
	'human-task': 'human',
	hold: 'hold',
	charge: 'charge',
};

const KINDS: Record<string, string> = {
	approval_request: 'approval-request',
	'approval request': 'approval-request',
	approval: 'approval-request',
};

/**
 * The decision behind an entry that did not log its `outcome`, from what it did log, in this order:
 * 1. a dedupe key ending in `:approval` or `:human` is the engine's task key of an approval request or
 *    a human task (`<invoice>:<step>:approval`);
 * 2. kind `approval-request` -> approval; `task` -> human (a task step is always a person's job);
 *    `charge` -> charge (a card charge, not a message); `check` -> check (a person asked to check the store:
 *    a message that may not have been sent);
 * 3. an `approval` column saying `requested` -> approval;
 * 4. anything else -> send: the daily run logs a customer message or an internal alert only after it
 *    went out on a send decision.
 */
export function inferOutcome(e: { dedupeKey?: string | null; kind: string | null; approval: string | null }): string {
	const key = e.dedupeKey ?? '';
	if (/:approval$/i.test(key)) return 'approval';
	if (/:human$/i.test(key)) return 'human';
	if (e.kind === 'approval-request') return 'approval';
	if (e.kind === 'task') return 'human';
	if (e.kind === 'charge') return 'charge';
	if (e.kind === 'check') return 'check';
	if (e.approval === 'requested') return 'approval';
	return 'send';
}

/** Read one touch-log row; throws a ValidationError naming the field. */
export function readTouchLogEntry(row: unknown): TouchLogEntry {
	if (row === null || typeof row !== 'object' || Array.isArray(row)) throw new ValidationError([{ field: '(touch)', message: 'must be an object', received: describeValue(row) }]);
	const o = row as Record<string, unknown>;
	const issues: ValidationIssue[] = [];
	const invoiceId = str(o, 'invoiceId', 'invoice_id');
	if (!invoiceId) issues.push({ field: 'invoiceId', message: 'is required', received: describeValue(o.invoiceId) });
	const step = str(o, 'step') ?? '';
	const channel = (str(o, 'channel') ?? '').toLowerCase();
	if (!channel) issues.push({ field: 'channel', message: 'is required', received: describeValue(o.channel) });
	const sentRaw = o.sentAt ?? o.sent_at ?? o.createdAt;
	const ms = instantMs(sentRaw);
	if (ms === null) issues.push({ field: 'sentAt', message: 'must be an ISO 8601 instant (e.g. 2026-03-02T09:00:00Z)', received: describeValue(sentRaw) });
	if (issues.length) throw new ValidationError(issues);
	const sentAt = new Date(ms as number).toISOString();
	const rawKind = str(o, 'kind')?.toLowerCase() ?? null;
	const kind = rawKind === null ? null : (KINDS[rawKind] ?? rawKind);
	const approval = str(o, 'approval')?.toLowerCase() ?? null;
	const loggedKey = str(o, 'dedupeKey', 'dedupe_key') ?? null;
	const rawOutcome = str(o, 'outcome')?.toLowerCase() ?? null;
	const outcome = rawOutcome === null ? inferOutcome({ dedupeKey: loggedKey, kind, approval }) : (OUTCOMES[rawOutcome] ?? rawOutcome);
	// Without a logged key: the key the daily run writes (the engine's task key for approval requests and
	// human tasks, its dedupe key invoice:step:channel for everything else).
	const dedupeKey = loggedKey ?? (outcome === 'approval' || outcome === 'human' ? `${invoiceId}:${step}:${outcome}` : `${invoiceId}:${step}:${channel}`);
	return {
		invoiceId: invoiceId as string,
		customerId: str(o, 'customerId', 'customer_id') ?? null,
		step,
		channel,
		sentAt,
		day: sentAt.slice(0, 10),
		status: (str(o, 'status', 'state') ?? 'sent').toLowerCase(),
		outcome,
		outcomeLogged: rawOutcome !== null,
		tone: str(o, 'tone')?.toLowerCase() ?? null,
		kind,
		approval,
		dedupeKey,
	};
}

const DELIVERED = new Set(['sent', 'delivered']);

/**
 * The touch log with each entry once. Two entries are the same when they have the same dedupe key
 * (`dedupeKey`; without one, the key the daily run would have written: `invoice:step:channel`, or
 * `invoice:step:approval|human` for a task). That is the store's own key (ar_touches is upserted by it;
 * Postgres has a unique index on it) and the engine never sends a key twice, so two entries with one
 * key are one message seen twice: the daily run's items carry the store's rows, a claimed row is later
 * marked sent, a failed send is retried under the same key. The entry kept is the first delivered one
 * (status sent) or, when none was delivered, the first; fields it lacks (tone, outcome, kind,
 * customer) are taken from the others.
 */
export function dedupeTouchLog(entries: TouchLogEntry[]): TouchLogEntry[] {
	const byKey = new Map<string, TouchLogEntry>();
	for (const e of entries) {
		const prev = byKey.get(e.dedupeKey);
		if (!prev) {
			byKey.set(e.dedupeKey, e);
			continue;
		}
		const keep = !DELIVERED.has(prev.status) && DELIVERED.has(e.status) ? e : prev;
		const other = keep === prev ? e : prev;
		byKey.set(e.dedupeKey, {
			...keep,
			customerId: keep.customerId ?? other.customerId,
			tone: keep.tone ?? other.tone,
			kind: keep.kind ?? other.kind,
			approval: keep.approval ?? other.approval,
			...(keep.outcomeLogged || !other.outcomeLogged ? {} : { outcome: other.outcome, outcomeLogged: true }),
		});
	}
	return [...byKey.values()];
}

/** Read a whole touch log (errors name the row: `touches[3].sentAt`), each entry once (see dedupeTouchLog). */
export function readTouchLog(rows: unknown[]): TouchLogEntry[] {
	return dedupeTouchLog(readEach(rows, 'touches', readTouchLogEntry));
}

const DECISIONS: Record<string, 'approved' | 'rejected'> = {
	approved: 'approved',
	approve: 'approved',
	granted: 'approved',
	yes: 'approved',
	rejected: 'rejected',
	reject: 'rejected',
	denied: 'rejected',
	declined: 'rejected',
	no: 'rejected',
};

/** Read one approval row (`invoiceId`, `step`, `decision`, `by`, `decidedAt`); throws a ValidationError naming the field. */
export function readApprovalEntry(row: unknown): ApprovalLogEntry {
	if (row === null || typeof row !== 'object' || Array.isArray(row)) throw new ValidationError([{ field: '(approval)', message: 'must be an object', received: describeValue(row) }]);
	const o = row as Record<string, unknown>;
	const issues: ValidationIssue[] = [];
	const invoiceId = str(o, 'invoiceId', 'invoice_id');
	if (!invoiceId) issues.push({ field: 'invoiceId', message: 'is required', received: describeValue(o.invoiceId) });
	const step = str(o, 'step');
	if (!step) issues.push({ field: 'step', message: 'is required', received: describeValue(o.step) });
	const rawDecision = str(o, 'decision')?.toLowerCase();
	const decision = rawDecision === undefined ? undefined : DECISIONS[rawDecision];
	if (!decision) issues.push({ field: 'decision', message: 'must be approved or rejected', received: describeValue(o.decision) });
	// The decision's time: decidedAt (ar_approvals), at (the engine's approvals), else the row's creation.
	let at: string | null = null;
	for (const k of ['decidedAt', 'decided_at', 'at', 'createdAt', 'created_at']) {
		const v = o[k];
		if (v === undefined || v === null || v === '') continue;
		const ms = instantMs(v);
		if (ms === null) {
			issues.push({ field: k, message: 'must be an ISO 8601 instant (e.g. 2026-03-02T09:00:00Z)', received: describeValue(v) });
			break;
		}
		at = new Date(ms).toISOString();
		break;
	}
	if (issues.length) throw new ValidationError(issues);
	return { invoiceId: invoiceId as string, step: step as string, decision: decision as 'approved' | 'rejected', by: str(o, 'by') ?? null, at, day: at ? at.slice(0, 10) : null };
}

/** Read a list of approval rows; errors name the row (`approvals[2].decision`). */
export function readApprovalLog(rows: unknown[]): ApprovalLogEntry[] {
	return readEach(rows, 'approvals', readApprovalEntry);
}
