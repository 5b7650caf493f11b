/**
 * The building blocks the package exports beside the engine (aging, tiers, risk, holds), checked where a program
 * calls them. They take typed values (a validated policy, day numbers, an invoice with a valid due date, lists of
 * objects); a program that passes anything else gets the ValidationError naming the argument or field, never a
 * TypeError from inside and never a NaN or a made-up result. The engine calls the unchecked functions on what it
 * has validated itself, so these checks cost the decisions nothing.
 */
import { ageInvoice as ageInvoiceUnchecked, daysPastDue as daysPastDueUnchecked, tierFor as tierForUnchecked, type AgingOptions } from './aging';
import { parseDay } from './dates';
import { activeHolds as activeHoldsUnchecked, preparePolicy, type ActiveHolds } from './engine';
import { describeValue, ValidationError } from './errors';
import { scoreRisk as scoreRiskUnchecked, type RiskConfig, type RiskInput, type RiskScore } from './risk';
import { ALL_CHANNELS, type AgingResult, type Channel, type Hold, type Invoice, type Policy, type TierDef, type Touch } from './types';
import { isObject } from './validate';

type Raw = Record<string, unknown>;

const HISTORY_KINDS = ['list', 'summary', 'prepared', 'none'] as const;

function fail(field: string, message: string, value: unknown): never {
	throw new ValidationError([{ field, message, received: describeValue(value) }]);
}

function object(v: unknown, field: string): Raw {
	if (!isObject(v)) fail(field, 'must be an object', v);
	return v;
}

function dayNumber(v: unknown, field: string): number {
	if (typeof v !== 'number' || !Number.isInteger(v) || Math.abs(v) > 1e8) fail(field, 'must be a day number (dates.ts parseDay)', v);
	return v;
}

function dateText(v: unknown, field: string, required: boolean): void {
	if (!required && (v === undefined || v === null)) return;
	if (typeof v !== 'string' || parseDay(v) === null) fail(field, required ? 'must be a date (YYYY-MM-DD)' : 'must be a date (YYYY-MM-DD) or null', v);
}

function text(v: unknown, field: string): void {
	if (typeof v !== 'string' || v === '') fail(field, 'must be a text', v);
}

function list(v: unknown, field: string): unknown[] {
	if (!Array.isArray(v)) fail(field, 'must be a list', v);
	return v;
}

/** A typed touch log: objects with the invoice, step, channel and sending instant as texts. */
function touchList(v: unknown, field: string): Touch[] {
	const touches = list(v, field);
	for (let i = 0; i < touches.length; i++) {
		const t = object(touches[i], `${field}[${i}]`);
		text(t.invoiceId, `${field}[${i}].invoiceId`);
		text(t.step, `${field}[${i}].step`);
		if (typeof t.channel !== 'string' || !(ALL_CHANNELS as readonly string[]).includes(t.channel)) fail(`${field}[${i}].channel`, `must be one of ${ALL_CHANNELS.join(', ')}`, t.channel);
		text(t.sentAt, `${field}[${i}].sentAt`);
	}
	return touches as Touch[];
}

/** {@link ageInvoiceUnchecked}, checked: the invoice's dates, the day, a policy (validated if it was not), the options. */
export function ageInvoice(invoice: Pick<Invoice, 'dueDate' | 'issueDate'>, todayDay: number, policy: Policy, options: Partial<AgingOptions> = {}): AgingResult {
	const inv = object(invoice, 'invoice');
	dateText(inv.dueDate, 'invoice.dueDate', true);
	dateText(inv.issueDate === '' ? null : inv.issueDate, 'invoice.issueDate', false);
	dayNumber(todayDay, 'todayDay');
	const p = preparePolicy(policy); // validated once (its ValidationError names the field)
	const o = options === undefined || options === null ? {} : object(options, 'options');
	const touches = o.touches === undefined ? [] : touchList(o.touches, 'options.touches');
	if (o.invoiceId !== undefined) text(o.invoiceId, 'options.invoiceId');
	if (o.anchorDay !== undefined) dayNumber(o.anchorDay, 'options.anchorDay');
	if (o.preferredChannel !== undefined && !(ALL_CHANNELS as readonly string[]).includes(o.preferredChannel as string)) fail('options.preferredChannel', `must be one of ${ALL_CHANNELS.join(', ')}`, o.preferredChannel);
	if (o.resolveChannels !== undefined && typeof o.resolveChannels !== 'function') fail('options.resolveChannels', 'must be a function', o.resolveChannels);
	return ageInvoiceUnchecked(
		{ dueDate: inv.dueDate as string, issueDate: typeof inv.issueDate === 'string' && inv.issueDate !== '' ? inv.issueDate : null },
		todayDay,
		p,
		{ ...(o as Partial<AgingOptions>), touches, preferredChannel: o.preferredChannel as Channel | undefined },
	);
}

/** {@link daysPastDueUnchecked}, checked: two day numbers. */
export function daysPastDue(todayDay: number, dueDay: number): number {
	return daysPastDueUnchecked(dayNumber(todayDay, 'todayDay'), dayNumber(dueDay, 'dueDay'));
}

/** {@link tierForUnchecked}, checked: a number of days and a policy's tier list (each with its id and days). */
export function tierFor(dpd: number, tiers: TierDef[]): TierDef {
	if (typeof dpd !== 'number' || !Number.isFinite(dpd)) fail('daysPastDue', 'must be a finite number', dpd);
	const ts = list(tiers, 'tiers');
	if (ts.length === 0) fail('tiers', 'must list at least one tier', tiers);
	for (let i = 0; i < ts.length; i++) {
		const t = object(ts[i], `tiers[${i}]`);
		text(t.id, `tiers[${i}].id`);
		if (typeof t.fromDay !== 'number' || !Number.isFinite(t.fromDay)) fail(`tiers[${i}].fromDay`, 'must be a finite number', t.fromDay);
		if (t.toDay !== null && (typeof t.toDay !== 'number' || !Number.isFinite(t.toDay))) fail(`tiers[${i}].toDay`, 'must be a finite number or null', t.toDay);
	}
	return tierForUnchecked(dpd, tiers);
}

/**
 * {@link scoreRiskUnchecked}, checked: the input, its invoice and customer objects, and the history given as one of
 * its forms (or none). The history's entries, the day and the numbers are the score's own business: bad entries are
 * skipped and counted, a day that is not one scores without history (see scoreRisk).
 */
export function scoreRisk(input: RiskInput, config?: RiskConfig): RiskScore {
	const i = object(input, 'input');
	object(i.invoice, 'invoice');
	object(i.customer, 'customer');
	const h = i.history;
	if (h !== undefined && h !== null) {
		if (!isObject(h) || !(HISTORY_KINDS as readonly unknown[]).includes(h.kind)) fail('history', `must be a history ({ kind: ${HISTORY_KINDS.join(' | ')}, ... })`, h);
		if (h.kind === 'list') list(h.invoices, 'history.invoices');
		if (h.kind === 'prepared') list(h.entries, 'history.entries');
		if (h.kind === 'summary') object(h.summary, 'history.summary');
	}
	if (config !== undefined && config !== null) {
		const c = object(config, 'config');
		if (c.bands !== undefined) object(c.bands, 'config.bands');
	}
	return scoreRiskUnchecked({ ...(i as unknown as RiskInput), history: (h ?? { kind: 'none' }) as RiskInput['history'] }, config ?? undefined);
}

/** {@link activeHoldsUnchecked}, checked: a list of hold objects, the invoice, the day and the promise grace days. */
export function activeHolds(holds: Hold[], invoice: Invoice, today: number, promiseGraceDays: number): ActiveHolds {
	const hs = list(holds, 'holds');
	for (let k = 0; k < hs.length; k++) {
		const h = object(hs[k], `holds[${k}]`);
		text(h.type, `holds[${k}].type`);
		if (typeof h.active !== 'boolean') fail(`holds[${k}].active`, 'must be true or false', h.active);
		dateText(h.until, `holds[${k}].until`, false);
	}
	const inv = object(invoice, 'invoice');
	text(inv.invoiceId, 'invoice.invoiceId');
	dayNumber(today, 'today');
	if (typeof promiseGraceDays !== 'number' || !Number.isInteger(promiseGraceDays) || promiseGraceDays < 0) fail('promiseGraceDays', 'must be a whole number of days, 0 or more', promiseGraceDays);
	return activeHoldsUnchecked(holds, invoice, today, promiseGraceDays);
}
