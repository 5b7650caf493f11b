/** The reporting period from the node's parameters; the node reads the clock (the core never does). */
import type { IExecuteFunctions } from 'n8n-workflow';

import { localClock } from '../../core/calendar';
import { formatDay, parseDay } from '../../core/dates';
import { describeValue, ValidationError } from '../../core/errors';

export type PeriodKind = 'custom' | 'last30' | 'last90' | 'lastMonth' | 'monthToDate';

function firstOfMonth(day: number): number {
	return parseDay(`${formatDay(day).slice(0, 8)}01`) as number;
}

/** [from, to] for a period kind ending at `end` (a day number). */
export function periodFor(kind: PeriodKind, end: number): { from: string; to: string } {
	switch (kind) {
		case 'last30':
			return { from: formatDay(end - 29), to: formatDay(end) };
		case 'monthToDate':
			return { from: formatDay(firstOfMonth(end)), to: formatDay(end) };
		case 'lastMonth': {
			// The last full month ending on or before `end`.
			const last = firstOfMonth(end + 1) === end + 1 ? end : firstOfMonth(end) - 1;
			return { from: formatDay(firstOfMonth(last)), to: formatDay(last) };
		}
		case 'last90':
		default:
			return { from: formatDay(end - 89), to: formatDay(end) };
	}
}

function dateParam(ctx: IExecuteFunctions, name: string, required: boolean): number | null {
	const raw = String(ctx.getNodeParameter(name, 0, '') ?? '').trim();
	if (raw === '') {
		if (required) throw new ValidationError([{ field: name, message: 'is required (YYYY-MM-DD)' }]);
		return null;
	}
	const day = parseDay(raw.slice(0, 10));
	if (day === null || (raw.length > 10 && raw[10] !== 'T')) throw new ValidationError([{ field: name, message: 'must be a date (YYYY-MM-DD)', received: describeValue(raw) }]);
	return day;
}

export function readPeriod(ctx: IExecuteFunctions): { from: string; to: string } {
	const kind = ctx.getNodeParameter('period', 0, 'last90') as PeriodKind;
	if (kind === 'custom') {
		const from = dateParam(ctx, 'from', true) as number;
		const to = dateParam(ctx, 'to', true) as number;
		return { from: formatDay(from), to: formatDay(to) };
	}
	const asOf = dateParam(ctx, 'asOf', false);
	// Default: the period ends yesterday (the last full day) in the workflow's time zone.
	const end = asOf ?? localClock(ctx.getTimezone(), Date.now()).day - 1;
	return periodFor(kind, end);
}

export function readReplayPeriod(ctx: IExecuteFunctions): { from: string; to: string } {
	return { from: formatDay(dateParam(ctx, 'replayFrom', true) as number), to: formatDay(dateParam(ctx, 'replayTo', true) as number) };
}
