/**
 * The follow-up policy: a declarative, validated, versioned object. Tiers, cadence steps (offset, tone,
 * channels, approval), tolerance, quiet hours, business days, holidays, touch caps and risk bands.
 *
 * `validatePolicy` accepts a partial object (from the node UI or JSON), fills the defaults, and rejects
 * anything invalid with a ValidationError naming the field (`policy.steps[3].offsetDays`).
 */
import { isSupportedCountry, isValidTimeZone, parseClock } from './calendar';
import { parseDay } from './dates';
import { policyAmount } from './money';
import { isKnownCurrency } from './validate';
import { describeValue, ValidationError, type ValidationIssue } from './errors';
import {
	CUSTOMER_CHANNELS,
	TONES,
	type Channel,
	type Policy,
	type StepDef,
	type TierDef,
	type Tone,
} from './types';

export const POLICY_VERSION = 1;

/** Default tiers: pre-due (up to the due day), early 1-14, late 15-44, critical 45+ days past due. */
export const DEFAULT_TIERS: TierDef[] = [
	{ id: 'pre-due', label: 'Pre-due', fromDay: -36500, toDay: 0 },
	{ id: 'early', label: 'Early (1-14 days late)', fromDay: 1, toDay: 14 },
	{ id: 'late', label: 'Late (15-44 days late)', fromDay: 15, toDay: 44 },
	{ id: 'critical', label: 'Critical (45+ days late)', fromDay: 45, toDay: null },
];

/** Default cadence, from the seeds: D-7, D-3, D-1, D0, D+1, D+7, D+14, D+15 (AE), D+21, D+30, D+45. */
export const DEFAULT_STEPS: StepDef[] = [
	{ id: 'D-7', offsetDays: -7, label: 'Courtesy reminder, 7 days before due', kind: 'reminder', audience: 'customer', tone: 'friendly', maxTone: 'friendly', channels: ['email'], template: 'pre-due-7', transactional: false, approval: 'auto' },
	{ id: 'D-3', offsetDays: -3, label: 'Reminder, 3 days before due', kind: 'reminder', audience: 'customer', tone: 'friendly', maxTone: 'friendly', channels: ['email'], template: 'pre-due-3', transactional: false, approval: 'auto' },
	{ id: 'D-1', offsetDays: -1, label: 'Reminder, due tomorrow', kind: 'reminder', audience: 'customer', tone: 'friendly', maxTone: 'friendly', channels: ['email'], template: 'pre-due-1', transactional: false, approval: 'auto' },
	{ id: 'D0', offsetDays: 0, label: 'Due today', kind: 'reminder', audience: 'customer', tone: 'friendly', maxTone: 'friendly', channels: ['email'], template: 'due-today', transactional: true, approval: 'auto' },
	{ id: 'D+1', offsetDays: 1, label: '1 day overdue', kind: 'reminder', audience: 'customer', tone: 'friendly', maxTone: 'firm', channels: ['email', 'sms'], template: 'overdue-1', transactional: true, approval: 'auto' },
	{ id: 'D+7', offsetDays: 7, label: '7 days overdue, offer help', kind: 'reminder', audience: 'customer', tone: 'friendly', maxTone: 'firm', channels: ['email'], template: 'overdue-7', transactional: true, approval: 'auto' },
	{ id: 'D+14', offsetDays: 14, label: '14 days overdue, firm but empathetic', kind: 'reminder', audience: 'customer', tone: 'firm', minTone: 'friendly', maxTone: 'firm', channels: ['email', 'sms'], template: 'overdue-14', transactional: true, approval: 'auto' },
	{ id: 'D+15', offsetDays: 15, label: 'Alert the account owner', kind: 'alert', audience: 'internal', tone: 'firm', channels: ['internal'], template: 'internal-ae-brief', transactional: true, approval: 'auto' },
	{ id: 'D+21', offsetDays: 21, label: 'Final notice', kind: 'reminder', audience: 'customer', tone: 'firm', minTone: 'firm', maxTone: 'escalating', channels: ['email'], template: 'final-notice', transactional: true, approval: 'auto' },
	{ id: 'D+30', offsetDays: 30, label: 'Service-pause warning (finance in copy)', kind: 'reminder', audience: 'customer', tone: 'escalating', minTone: 'escalating', maxTone: 'escalating', channels: ['email'], template: 'service-pause-warning', ccFinance: true, transactional: true, approval: 'auto' },
	{ id: 'D+45', offsetDays: 45, label: 'Finance decision: call, payment plan or write-off', kind: 'task', audience: 'internal', tone: 'escalating', channels: ['internal'], template: 'internal-finance-task', transactional: true, approval: 'auto' },
];

export const DEFAULT_POLICY: Policy = {
	version: 1,
	name: 'default',
	timeZone: 'UTC',
	tiers: DEFAULT_TIERS,
	steps: DEFAULT_STEPS,
	tolerance: { amount: 1, percent: 0 },
	quietHours: { start: '20:00', end: '08:00' },
	businessDays: [1, 2, 3, 4, 5],
	holidays: { enabled: true, defaultCountry: null, extraDates: [] },
	touchCap: { perCustomerPerWeek: 3 },
	minGapHours: 48,
	replyWindowDays: 5,
	promiseGraceDays: 2,
	autoChargeGraceDays: 3,
	approval: { keyAccounts: true, amountThreshold: 10_000, amountThresholds: {}, tones: ['firm', 'escalating'], approver: 'accountOwner', firstContact: true },
	fallbackChannels: ['email', 'sms'],
	risk: { bands: { low: 30, medium: 55, high: 75 }, adjustTone: true },
	defaults: { locale: 'en-US', timeZone: 'UTC', currency: 'USD', paymentTermsDays: 30 },
};

// ---------------------------------------------------------------------------------------------

type Raw = Record<string, unknown>;

function isPlainObject(v: unknown): v is Raw {
	return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Own, non-prototype property (so `__proto__` in JSON cannot reach the prototype). */
function own(obj: Raw, key: string): unknown {
	return Object.prototype.hasOwnProperty.call(obj, key) ? obj[key] : undefined;
}

/** The largest amount `tolerance.amounts` takes in any currency. */
const TOLERANCE_AMOUNT_MAX = 1e9;

const SAFE_ID = /^[A-Za-z0-9][A-Za-z0-9 _.+\-:]{0,63}$/;

class Checker {
	issues: ValidationIssue[] = [];

	fail(field: string, message: string, value?: unknown) {
		this.issues.push({ field, message, received: value === undefined ? undefined : describeValue(value) });
	}

	num(obj: Raw, key: string, path: string, dflt: number, min: number, max: number, integer = false): number {
		const v = own(obj, key);
		if (v === undefined) return dflt;
		if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max || (integer && !Number.isInteger(v))) {
			this.fail(`${path}.${key}`, `must be ${integer ? 'a whole number' : 'a number'} from ${min} to ${max}`, v);
			return dflt;
		}
		return v;
	}

	numOrNull(obj: Raw, key: string, path: string, dflt: number | null, min: number, max: number): number | null {
		const v = own(obj, key);
		if (v === null) return null;
		if (v === undefined) return dflt;
		return this.num(obj, key, path, dflt ?? 0, min, max);
	}

	bool(obj: Raw, key: string, path: string, dflt: boolean): boolean {
		const v = own(obj, key);
		if (v === undefined) return dflt;
		if (typeof v !== 'boolean') {
			this.fail(`${path}.${key}`, 'must be true or false', v);
			return dflt;
		}
		return v;
	}

	str(obj: Raw, key: string, path: string, dflt: string, maxLen = 200): string {
		const v = own(obj, key);
		if (v === undefined) return dflt;
		if (typeof v !== 'string' || v.length === 0 || v.length > maxLen) {
			this.fail(`${path}.${key}`, `must be a non-empty text of at most ${maxLen} characters`, v);
			return dflt;
		}
		return v;
	}

	obj(obj: Raw, key: string, path: string): Raw {
		const v = own(obj, key);
		if (v === undefined) return {};
		if (!isPlainObject(v)) {
			this.fail(`${path}.${key}`, 'must be an object', v);
			return {};
		}
		return v;
	}

	oneOf<T extends string>(obj: Raw, key: string, path: string, allowed: readonly T[], dflt: T): T {
		const v = own(obj, key);
		if (v === undefined) return dflt;
		if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) {
			this.fail(`${path}.${key}`, `must be one of ${allowed.join(', ')}`, v);
			return dflt;
		}
		return v as T;
	}

	optTone(obj: Raw, key: string, path: string): Tone | undefined {
		return own(obj, key) === undefined ? undefined : this.oneOf(obj, key, path, TONES, 'friendly');
	}

	channels(v: unknown, path: string, allowed: readonly Channel[], dflt: Channel[]): Channel[] {
		if (v === undefined) return dflt;
		if (!Array.isArray(v) || v.length > 10) {
			this.fail(path, 'must be a list of channels', v);
			return dflt;
		}
		const out: Channel[] = [];
		v.forEach((c, i) => {
			if (typeof c !== 'string' || !(allowed as readonly string[]).includes(c)) {
				this.fail(`${path}[${i}]`, `must be one of ${allowed.join(', ')}`, c);
			} else if (!out.includes(c as Channel)) out.push(c as Channel);
		});
		return out;
	}
}

export const toneRank = (t: Tone): number => TONES.indexOf(t);

function readTiers(c: Checker, v: unknown): TierDef[] {
	if (v === undefined) return DEFAULT_TIERS;
	if (!Array.isArray(v) || v.length === 0 || v.length > 20) {
		c.fail('policy.tiers', 'must be a list of 1 to 20 tiers', v);
		return DEFAULT_TIERS;
	}
	const tiers: TierDef[] = [];
	v.forEach((raw, i) => {
		const path = `policy.tiers[${i}]`;
		if (!isPlainObject(raw)) {
			c.fail(path, 'must be an object', raw);
			return;
		}
		const id = c.str(raw, 'id', path, '', 64);
		if (!own(raw, 'id')) c.fail(`${path}.id`, 'is required');
		else if (!SAFE_ID.test(id)) c.fail(`${path}.id`, 'may hold letters, digits, space, _ . + - : only', id);
		const fromRaw = own(raw, 'fromDay');
		const fromDay = fromRaw === null || fromRaw === undefined ? -36500 : c.num(raw, 'fromDay', path, 0, -36500, 36500, true);
		const toDay = c.numOrNull(raw, 'toDay', path, null, -36500, 36500);
		if (toDay !== null && !Number.isInteger(toDay)) c.fail(`${path}.toDay`, 'must be a whole number', toDay);
		if (toDay !== null && toDay < fromDay) c.fail(`${path}.toDay`, `must not be before fromDay (${fromDay})`, toDay);
		tiers.push({ id, label: c.str(raw, 'label', path, id, 100), fromDay, toDay });
	});
	// Tiers must cover every day without gap or overlap, in order.
	const sorted = [...tiers].sort((a, b) => a.fromDay - b.fromDay);
	for (let i = 1; i < sorted.length; i++) {
		const prevTo = sorted[i - 1].toDay;
		if (prevTo === null || prevTo + 1 !== sorted[i].fromDay) {
			c.fail('policy.tiers', `tier "${sorted[i].id}" must start the day after "${sorted[i - 1].id}" ends (no gaps or overlaps)`);
		}
	}
	if (sorted.length && sorted[sorted.length - 1].toDay !== null) {
		c.fail('policy.tiers', `the last tier ("${sorted[sorted.length - 1].id}") must be open-ended (toDay: null)`);
	}
	if (new Set(tiers.map((t) => t.id)).size !== tiers.length) c.fail('policy.tiers', 'tier ids must be unique');
	return sorted;
}

function readSteps(c: Checker, v: unknown): StepDef[] {
	if (v === undefined) return DEFAULT_STEPS;
	if (!Array.isArray(v) || v.length > 50) {
		c.fail('policy.steps', 'must be a list of at most 50 steps', v);
		return DEFAULT_STEPS;
	}
	const steps: StepDef[] = [];
	v.forEach((raw, i) => {
		const path = `policy.steps[${i}]`;
		if (!isPlainObject(raw)) {
			c.fail(path, 'must be an object', raw);
			return;
		}
		if (own(raw, 'id') === undefined) c.fail(`${path}.id`, 'is required');
		const id = c.str(raw, 'id', path, `step-${i}`, 64);
		if (!SAFE_ID.test(id)) c.fail(`${path}.id`, 'may hold letters, digits, space, _ . + - : only', id);
		if (own(raw, 'offsetDays') === undefined) c.fail(`${path}.offsetDays`, 'is required (days from the due date, e.g. -3 or 14)');
		const offsetDays = c.num(raw, 'offsetDays', path, 0, -365, 3650, true);
		const audience = c.oneOf(raw, 'audience', path, ['customer', 'internal'] as const, 'customer');
		const kind = c.oneOf(raw, 'kind', path, ['reminder', 'alert', 'task'] as const, audience === 'internal' ? 'alert' : 'reminder');
		const tone = c.oneOf(raw, 'tone', path, TONES, 'friendly');
		const minTone = c.optTone(raw, 'minTone', path);
		const maxTone = c.optTone(raw, 'maxTone', path);
		if (minTone && toneRank(minTone) > toneRank(tone)) c.fail(`${path}.minTone`, `must not be above tone (${tone})`, minTone);
		if (maxTone && toneRank(maxTone) < toneRank(tone)) c.fail(`${path}.maxTone`, `must not be below tone (${tone})`, maxTone);
		const allowed = audience === 'internal' ? (['internal'] as Channel[]) : CUSTOMER_CHANNELS;
		const channels = c.channels(own(raw, 'channels'), `${path}.channels`, allowed, audience === 'internal' ? ['internal'] : ['email']);
		if (channels.length === 0) c.fail(`${path}.channels`, 'needs at least one channel');
		const template = own(raw, 'template') === undefined ? undefined : c.str(raw, 'template', path, id, 100);
		steps.push({
			id,
			offsetDays,
			label: c.str(raw, 'label', path, id, 200),
			kind,
			audience,
			tone,
			...(minTone ? { minTone } : {}),
			...(maxTone ? { maxTone } : {}),
			channels,
			...(template ? { template } : {}),
			...(c.bool(raw, 'ccFinance', path, false) ? { ccFinance: true } : {}),
			approval: c.oneOf(raw, 'approval', path, ['always', 'auto'] as const, 'auto'),
			transactional: c.bool(raw, 'transactional', path, offsetDays >= 0),
		});
	});
	const ids = new Set<string>();
	const offsets = new Set<number>();
	steps.forEach((s, i) => {
		if (ids.has(s.id)) c.fail(`policy.steps[${i}].id`, `duplicate step id "${s.id}"`);
		if (offsets.has(s.offsetDays)) c.fail(`policy.steps[${i}].offsetDays`, `two steps on the same day (${s.offsetDays})`);
		ids.add(s.id);
		offsets.add(s.offsetDays);
	});
	return steps.sort((a, b) => a.offsetDays - b.offsetDays);
}

function checkZone(c: Checker, zone: string, field: string) {
	if (!isValidTimeZone(zone)) c.fail(field, 'must be an IANA time zone such as Europe/Berlin', zone);
}

/**
 * Validate a (partial) policy and fill defaults. Throws ValidationError naming every bad field.
 * Accepts a JSON string too.
 */
export function validatePolicy(input: unknown = {}): Policy {
	let raw: unknown = input;
	if (typeof raw === 'string') {
		if (raw.length > 1_000_000) throw new ValidationError([{ field: 'policy', message: 'is larger than 1 MB' }]);
		try {
			raw = raw.trim() === '' ? {} : JSON.parse(raw);
		} catch (e) {
			throw new ValidationError([{ field: 'policy', message: `is not valid JSON (${(e as Error).message})` }]);
		}
	}
	if (raw === undefined || raw === null) raw = {};
	if (!isPlainObject(raw)) throw new ValidationError([{ field: 'policy', message: 'must be an object', received: describeValue(raw) }]);
	const c = new Checker();
	const d = DEFAULT_POLICY;

	const version = own(raw, 'version');
	if (version !== undefined && version !== POLICY_VERSION) c.fail('policy.version', `must be ${POLICY_VERSION} (this package reads policy version ${POLICY_VERSION})`, version);
	const timeZone = c.str(raw, 'timeZone', 'policy', d.timeZone, 64);
	checkZone(c, timeZone, 'policy.timeZone');

	const tol = c.obj(raw, 'tolerance', 'policy');
	const toleranceAmounts = readCurrencyAmounts(c, own(tol, 'amounts'), 'policy.tolerance.amounts', false, TOLERANCE_AMOUNT_MAX);
	const quiet = c.obj(raw, 'quietHours', 'policy');
	const quietHours = { start: c.str(quiet, 'start', 'policy.quietHours', d.quietHours.start, 5), end: c.str(quiet, 'end', 'policy.quietHours', d.quietHours.end, 5) };
	if (parseClock(quietHours.start) === null) c.fail('policy.quietHours.start', 'must be a time HH:mm (24h)', quietHours.start);
	if (parseClock(quietHours.end) === null) c.fail('policy.quietHours.end', 'must be a time HH:mm (24h)', quietHours.end);

	let businessDays = d.businessDays;
	const bd = own(raw, 'businessDays');
	if (bd !== undefined) {
		if (!Array.isArray(bd) || bd.length === 0 || bd.some((x) => !Number.isInteger(x) || (x as number) < 1 || (x as number) > 7)) {
			c.fail('policy.businessDays', 'must list ISO weekdays 1 (Monday) to 7 (Sunday), at least one', bd);
		} else businessDays = [...new Set(bd as number[])].sort();
	}

	const hol = c.obj(raw, 'holidays', 'policy');
	let defaultCountry: string | null = d.holidays.defaultCountry;
	const dc = own(hol, 'defaultCountry');
	if (dc !== undefined && dc !== null && dc !== '') {
		if (typeof dc !== 'string' || !isSupportedCountry(dc.toUpperCase())) c.fail('policy.holidays.defaultCountry', 'must be an ISO country code with a holiday calendar (e.g. US, GB, DE)', dc);
		else defaultCountry = dc.toUpperCase();
	}
	let extraDates: string[] = [];
	const ed = own(hol, 'extraDates');
	if (ed !== undefined) {
		if (!Array.isArray(ed) || ed.length > 1000) c.fail('policy.holidays.extraDates', 'must be a list of dates YYYY-MM-DD', ed);
		else
			ed.forEach((x, i) => {
				if (typeof x !== 'string' || parseDay(x) === null) c.fail(`policy.holidays.extraDates[${i}]`, 'must be a date YYYY-MM-DD', x);
				else extraDates.push(x);
			});
	}

	const cap = c.obj(raw, 'touchCap', 'policy');
	const appr = c.obj(raw, 'approval', 'policy');
	const apprTones = own(appr, 'tones');
	let tones: Tone[] = d.approval.tones;
	if (apprTones !== undefined) {
		if (!Array.isArray(apprTones) || apprTones.some((t) => !TONES.includes(t as Tone))) c.fail('policy.approval.tones', `must list tones from ${TONES.join(', ')}`, apprTones);
		else tones = [...new Set(apprTones as Tone[])];
	}
	for (const must of ['firm', 'escalating'] as Tone[]) {
		if (!tones.includes(must)) c.fail('policy.approval.tones', `must include "${must}": firm and escalating messages to key accounts always need an approval`, apprTones);
	}
	if (own(appr, 'keyAccounts') === false) c.fail('policy.approval.keyAccounts', 'cannot be turned off: a firm notice never reaches a key account without an approval', false);

	const risk = c.obj(raw, 'risk', 'policy');
	const bands = c.obj(risk, 'bands', 'policy.risk');
	const low = c.num(bands, 'low', 'policy.risk.bands', d.risk.bands.low, 0, 100);
	const medium = c.num(bands, 'medium', 'policy.risk.bands', d.risk.bands.medium, 0, 100);
	const high = c.num(bands, 'high', 'policy.risk.bands', d.risk.bands.high, 0, 100);
	if (!(low < medium && medium < high)) c.fail('policy.risk.bands', 'must rise: low < medium < high', { low, medium, high } as unknown);

	const defs = c.obj(raw, 'defaults', 'policy');
	const defaults = {
		locale: c.str(defs, 'locale', 'policy.defaults', d.defaults.locale, 35),
		timeZone: c.str(defs, 'timeZone', 'policy.defaults', own(raw, 'timeZone') !== undefined ? timeZone : d.defaults.timeZone, 64),
		currency: c.str(defs, 'currency', 'policy.defaults', d.defaults.currency, 3).toUpperCase(),
		paymentTermsDays: c.num(defs, 'paymentTermsDays', 'policy.defaults', d.defaults.paymentTermsDays, 0, 3650, true),
	};
	checkZone(c, defaults.timeZone, 'policy.defaults.timeZone');
	try {
		Intl.getCanonicalLocales(defaults.locale);
	} catch {
		c.fail('policy.defaults.locale', 'must be a locale tag such as en-GB', defaults.locale);
	}
	if (!/^[A-Z]{3}$/.test(defaults.currency)) c.fail('policy.defaults.currency', 'must be an ISO 4217 code such as EUR', defaults.currency);

	const policy: Policy = {
		version: 1,
		name: c.str(raw, 'name', 'policy', d.name, 100),
		timeZone,
		tiers: readTiers(c, own(raw, 'tiers')),
		steps: readSteps(c, own(raw, 'steps')),
		tolerance: {
			amount: c.num(tol, 'amount', 'policy.tolerance', d.tolerance.amount, 0, 1e9),
			percent: c.num(tol, 'percent', 'policy.tolerance', d.tolerance.percent, 0, 100),
			// Only when some are given: a policy without them keeps its fingerprint.
			...(toleranceAmounts !== undefined && Object.keys(toleranceAmounts).length > 0 ? { amounts: toleranceAmounts as Record<string, number> } : {}),
		},
		quietHours,
		businessDays,
		holidays: { enabled: c.bool(hol, 'enabled', 'policy.holidays', d.holidays.enabled), defaultCountry, extraDates },
		touchCap: { perCustomerPerWeek: c.num(cap, 'perCustomerPerWeek', 'policy.touchCap', d.touchCap.perCustomerPerWeek, 1, 100, true) },
		minGapHours: c.num(raw, 'minGapHours', 'policy', d.minGapHours, 0, 24 * 60),
		replyWindowDays: c.num(raw, 'replyWindowDays', 'policy', d.replyWindowDays, 0, 365, true),
		promiseGraceDays: c.num(raw, 'promiseGraceDays', 'policy', d.promiseGraceDays, 0, 60, true),
		autoChargeGraceDays: c.num(raw, 'autoChargeGraceDays', 'policy', d.autoChargeGraceDays, 0, 60, true),
		approval: {
			keyAccounts: true,
			amountThreshold: c.numOrNull(appr, 'amountThreshold', 'policy.approval', d.approval.amountThreshold, 0, 1e12),
			amountThresholds: readCurrencyAmounts(c, own(appr, 'amountThresholds'), 'policy.approval.amountThresholds', true, 1e15) ?? d.approval.amountThresholds,
			tones,
			approver: c.oneOf(appr, 'approver', 'policy.approval', ['accountOwner', 'finance'] as const, d.approval.approver),
			firstContact: c.bool(appr, 'firstContact', 'policy.approval', d.approval.firstContact),
		},
		fallbackChannels: c.channels(own(raw, 'fallbackChannels'), 'policy.fallbackChannels', CUSTOMER_CHANNELS, d.fallbackChannels),
		risk: { bands: { low, medium, high }, adjustTone: c.bool(risk, 'adjustTone', 'policy.risk', d.risk.adjustTone) },
		defaults,
	};
	if (c.issues.length) throw new ValidationError(c.issues);
	// Immutable once validated: engines skip validating a policy they have seen, and memoise what they derive from
	// it (step indexes, fingerprint) by the object; a change made in place would bypass validation and leave
	// decisions recorded under the old fingerprint. Change a copy and validate it again.
	return deepFreeze(policy);
}

function deepFreeze<T>(v: T): T {
	if (typeof v === 'object' && v !== null && !Object.isFrozen(v)) {
		for (const k of Object.keys(v)) deepFreeze((v as Record<string, unknown>)[k]);
		Object.freeze(v);
	}
	return v;
}

/**
 * `tolerance.amounts` given outside a policy (the event options' own policy facts): read as a policy's, throwing a
 * ValidationError that names each bad entry under `path`. Undefined when not given.
 */
export function readToleranceAmounts(v: unknown, path: string): Record<string, number> | undefined {
	const c = new Checker();
	const out = readCurrencyAmounts(c, v, path, false, TOLERANCE_AMOUNT_MAX);
	if (c.issues.length) throw new ValidationError(c.issues);
	return out as Record<string, number> | undefined;
}

/**
 * An object of ISO 4217 codes (any case; kept upper case) to an amount in that currency (`approval.amountThresholds`,
 * `tolerance.amounts`), or null for none where `allowNull` (no amount rule in that currency). At most 200 entries.
 * Undefined when not given.
 */
function readCurrencyAmounts(c: Checker, v: unknown, path: string, allowNull: boolean, max: number): Record<string, number | null> | undefined {
	if (v === undefined) return undefined;
	const example = allowNull ? '{ "JPY": 2000000 }' : '{ "EUR": 25 }';
	if (!isPlainObject(v)) {
		c.fail(path, `must be an object of currency codes to amounts, e.g. ${example}`, v);
		return undefined;
	}
	const out: Record<string, number | null> = {};
	const keys = Object.keys(v);
	if (keys.length > 200) c.fail(path, 'must list at most 200 currencies', keys.length);
	for (const key of keys.slice(0, 200)) {
		const code = key.toUpperCase();
		if (!/^[A-Z]{3}$/.test(code) || !isKnownCurrency(code)) {
			c.fail(`${path}.${key.slice(0, 20)}`, 'must be an ISO 4217 currency code such as JPY', key);
			continue;
		}
		if (Object.prototype.hasOwnProperty.call(out, code)) {
			c.fail(`${path}.${key}`, `names ${code} twice`, key);
			continue;
		}
		if (!allowNull && own(v, key) === null) {
			c.fail(`${path}.${key}`, 'must be an amount (0 for none)', null);
			continue;
		}
		out[code] = c.numOrNull(v, key, path, null, 0, max);
	}
	return out;
}

/**
 * The balance above which a firm or escalating message in `currency` needs approval (null: no amount rule): the
 * currency's own entry in `approval.amountThresholds` when it has one, else `approval.amountThreshold` in that
 * currency ({@link policyAmount}: 10,000 -> JPY 1,500,000, INR 880,000, KWD 3,100; USD, EUR, GBP 10,000).
 */
export function approvalThreshold(policy: Policy, currency: string): number | null {
	const listed = policy.approval.amountThresholds;
	if (listed !== undefined && Object.prototype.hasOwnProperty.call(listed, currency)) return listed[currency];
	const base = policy.approval.amountThreshold;
	return base === null ? null : policyAmount(base, currency);
}

/** A short, stable fingerprint of a policy (`name@v1#abcd1234`) recorded with each decision. */
const fingerprints = new WeakMap<Policy, string>();

export function policyFingerprint(policy: Policy): string {
	let fp = fingerprints.get(policy);
	if (fp === undefined) {
		fp = computeFingerprint(policy);
		fingerprints.set(policy, fp);
	}
	return fp;
}

function computeFingerprint(policy: Policy): string {
	const text = JSON.stringify(policy);
	let h = 0x811c9dc5;
	for (let i = 0; i < text.length; i++) {
		h ^= text.charCodeAt(i);
		h = Math.imul(h, 0x01000193) >>> 0;
	}
	return `${policy.name}@v${policy.version}#${h.toString(16).padStart(8, '0')}`;
}
