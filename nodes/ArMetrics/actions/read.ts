/** Parameter and input readers of AR Metrics that reject bad values naming the field. */
import type { IDataObject } from 'n8n-workflow';

import { preparePolicy } from '../../core/engine';
import { describeValue, ValidationError } from '../../core/errors';
import type { ArMetrics } from '../../core/metrics';
import type { LedgerRecord } from '../../core/metrics';
import { replayPolicy, type ReplayOptions, type ReplayReport } from '../../core/replay';

/** A metrics object as Compute Metrics emits it (checked enough to render it safely). */
export function asMetrics(v: unknown, field: string): ArMetrics {
	const m = v as Record<string, unknown> | null;
	const ok =
		m !== null &&
		typeof m === 'object' &&
		typeof m.period === 'object' &&
		m.period !== null &&
		typeof (m.period as IDataObject).from === 'string' &&
		typeof (m.period as IDataObject).to === 'string' &&
		typeof m.currency === 'string' &&
		Array.isArray(m.aging) &&
		Array.isArray(m.trend) &&
		Array.isArray(m.recovery) &&
		typeof m.dso === 'object' &&
		m.dso !== null &&
		typeof m.totals === 'object' &&
		m.totals !== null &&
		typeof m.onTime === 'object' &&
		m.onTime !== null &&
		typeof m.daysToPay === 'object' &&
		m.daysToPay !== null &&
		typeof m.touches === 'object' &&
		m.touches !== null &&
		Array.isArray(m.notes);
	if (!ok) throw new ValidationError([{ field: field || 'metrics', message: 'must be the output of AR Metrics: Compute Metrics', received: describeValue(v) }]);
	return m as unknown as ArMetrics;
}

export function bucketEdges(text: unknown): number[] | undefined {
	if (typeof text !== 'string' || text.trim() === '') return undefined;
	const edges = text.split(',').map((s) => Number(s.trim()));
	if (edges.some((n) => !Number.isInteger(n))) throw new ValidationError([{ field: 'metricsOptions.bucketEdges', message: 'must be whole numbers of days separated by commas (e.g. 30,60,90)', received: describeValue(text) }]);
	return edges;
}

/** The optional second policy of a replay (JSON text or object; `{}` = none), replayed on the same ledger. */
export function replayCompared(raw: unknown, ledger: LedgerRecord[], options: ReplayOptions): ReplayReport | null {
	let compare = raw;
	if (typeof compare === 'string') {
		try {
			compare = compare.trim() === '' ? {} : JSON.parse(compare);
		} catch {
			throw new ValidationError([{ field: 'replayOptions.comparePolicy', message: 'must be a policy as JSON', received: describeValue(raw) }]);
		}
	}
	if (!compare || typeof compare !== 'object' || Array.isArray(compare) || Object.keys(compare).length === 0) return null;
	const other = 'policy' in (compare as IDataObject) && !('steps' in (compare as IDataObject)) ? (compare as IDataObject).policy : compare;
	try {
		return replayPolicy(ledger, preparePolicy(other), options);
	} catch (e) {
		if (e instanceof ValidationError) throw new ValidationError(e.issues.map((i) => ({ ...i, field: `replayOptions.comparePolicy.${i.field.replace(/^policy\./, '')}` })));
		throw e;
	}
}
