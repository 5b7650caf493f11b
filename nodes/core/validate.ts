/**
 * Hostile-input boundary of the core. Raw objects (already mapped to our field names) become typed
 * values, or a ValidationError naming the field. Nothing here falls back to a default that could send a
 * message: a missing due date with no issue date and terms, an unknown status, a NaN amount, an invalid
 * time zone or country are all errors.
 *
 * Only own properties are read, so `__proto__` / `constructor` keys in JSON cannot reach prototypes.
 */
import { policyStepId } from './aging';
import { isSupportedCountry, isValidTimeZone, localClock } from './calendar';
import { fastInstantMs, formatDay, formatInstant, MS_PER_DAY, parseDay } from './dates';
import { describeValue, ValidationError, type ValidationIssue } from './errors';
import { cleanLine } from './render/sanitize';
import { freezePrepared } from './risk';
import { isPlain } from './same';
import {
	ALL_CHANNELS,
	CUSTOMER_CHANNELS,
	type Approval,
	type Channel,
	type Customer,
	type HistoryInput,
	type HistorySummary,
	type Hold,
	type HoldType,
	type Invoice,
	type InvoiceStatus,
	type PastInvoice,
	type Policy,
	type PreparedEntry,
	type PreparedHistory,
	type RiskBand,
	type RiskFactor,
	type RiskResult,
	type Segment,
	TONES,
	type Tone,
	type Touch,
} from './types';

type Raw = Record<string, unknown>;

export const LIMITS = {
	id: 200,
	name: 300,
	text: 2000,
	url: 2048,
	list: 5000,
	/** An email address (320: the longest a mail system accepts) or a phone number. */
	contact: 320,
} as const;

function own(obj: Raw, key: string): unknown {
	return Object.prototype.hasOwnProperty.call(obj, key) ? obj[key] : undefined;
}

export function isObject(v: unknown): v is Raw {
	return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const STATUS_ALIASES: Record<string, InvoiceStatus> = {
	open: 'open',
	unpaid: 'open',
	sent: 'open',
	overdue: 'open',
	due: 'open',
	outstanding: 'open',
	partial: 'open',
	partially_paid: 'open',
	'partially paid': 'open',
	past_due: 'open',
	paid: 'paid',
	closed: 'paid',
	settled: 'paid',
	void: 'void',
	voided: 'void',
	cancelled: 'void',
	canceled: 'void',
	deleted: 'void',
	uncollectible: 'uncollectible',
	written_off: 'uncollectible',
	'written off': 'uncollectible',
	bad_debt: 'uncollectible',
	draft: 'draft',
};

const SEGMENT_ALIASES: Record<string, Segment> = {
	enterprise: 'enterprise',
	ent: 'enterprise',
	strategic: 'enterprise',
	'mid-market': 'mid-market',
	midmarket: 'mid-market',
	mid_market: 'mid-market',
	mm: 'mid-market',
	smb: 'smb',
	sme: 'smb',
	'small business': 'smb',
	small: 'smb',
	consumer: 'consumer',
	b2c: 'consumer',
	individual: 'consumer',
	'public-sector': 'public-sector',
	public: 'public-sector',
	government: 'public-sector',
	other: 'other',
};

let currencySet: Set<string> | null = null;
const minorDigitsCache = new Map<string, number>();

export function isKnownCurrency(code: string): boolean {
	if (!currencySet) {
		const supported = (Intl as unknown as { supportedValuesOf?: (k: string) => string[] }).supportedValuesOf;
		currencySet = new Set(supported ? supported('currency') : ['USD', 'EUR', 'GBP']);
	}
	return currencySet.has(code);
}

/** Digits of the currency's minor unit (USD 2, JPY 0, KWD 3). */
export function minorDigits(currency: string): number {
	let d = minorDigitsCache.get(currency);
	if (d === undefined) {
		try {
			d = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
		} catch {
			d = 2;
		}
		minorDigitsCache.set(currency, d);
	}
	return d;
}

export function roundMoney(value: number, currency: string): number {
	const f = 10 ** minorDigits(currency);
	return Math.round(value * f) / f;
}

/**
 * Identifiers (invoice, customer ids) seen in a run, each as the first string read for it: a run's records then hold one
 * string per id instead of a copy per record, and the decisions, which compare the ids of an invoice, its touches and
 * its customer's history for every invoice, compare one string with itself instead of reading two copies.
 */
export type IdTable = Map<string, string>;

/** Collects issues for one record; `prefix` is `invoice`, `customer`, `holds[3]`... */
export class FieldReader {
	readonly issues: ValidationIssue[] = [];
	/** While reading the entries of a list: the entry's index (issues then name `prefix[index].key`). */
	index = -1;
	/** The day number of the date {@link date} returned last (NaN when it returned none). */
	lastDay = NaN;

	constructor(
		private readonly prefix: string,
		private readonly zone: string,
		/** Identifiers read are given as the table's string for them (see {@link IdTable}). */
		private readonly ids?: IdTable,
	) {}

	fail(key: string, message: string, value?: unknown) {
		const base = this.index < 0 ? this.prefix : `${this.prefix}[${this.index}]`;
		this.issues.push({ field: key ? `${base}.${key}` : base, message, received: value === undefined ? undefined : describeValue(value) });
	}

	throwIfAny() {
		if (this.issues.length) throw new ValidationError(this.issues);
	}

	/** A required or optional identifier (string or finite number). */
	id(obj: Raw, key: string, required: boolean): string | undefined {
		const v = own(obj, key);
		if (v === undefined || v === null || v === '') {
			if (required) this.fail(key, 'is required');
			return undefined;
		}
		if (typeof v === 'number' && Number.isFinite(v)) return this.shared(String(v));
		if (typeof v !== 'string') {
			this.fail(key, 'must be a text or number', v);
			return undefined;
		}
		if (v.length > LIMITS.id) {
			this.fail(key, `is longer than ${LIMITS.id} characters`, v);
			return undefined;
		}
		return this.shared(v);
	}

	/** The id table's string for `id` (the first one read), or `id`. */
	private shared(id: string): string {
		const ids = this.ids;
		if (ids === undefined) return id;
		const seen = ids.get(id);
		if (seen !== undefined) return seen;
		ids.set(id, id);
		return id;
	}

	text(obj: Raw, key: string, max: number = LIMITS.name): string | undefined {
		const v = own(obj, key);
		if (v === undefined || v === null || v === '') return undefined;
		if (typeof v === 'number' && Number.isFinite(v)) return String(v);
		if (typeof v !== 'string') {
			this.fail(key, 'must be a text', v);
			return undefined;
		}
		if (v.length > max) {
			this.fail(key, `is longer than ${max} characters`, v);
			return undefined;
		}
		const trimmed = v.trim();
		return trimmed === '' ? undefined : trimmed;
	}

	url(obj: Raw, key: string): string | undefined {
		const v = this.text(obj, key, LIMITS.url);
		if (v === undefined) return undefined;
		if (!/^https?:\/\/[^\s<>"']+$/i.test(v)) {
			this.fail(key, 'must be an http(s) link', v);
			return undefined;
		}
		return v;
	}

	/** A money amount: finite, not negative. Numeric strings like "1234.50" are accepted. */
	amount(obj: Raw, key: string, required: boolean, negative = 'must not be negative (a credit note is not a receivable)'): number | undefined {
		const v = own(obj, key);
		if (v === undefined || v === null || v === '') {
			if (required) this.fail(key, 'is required');
			return undefined;
		}
		let n: number;
		if (typeof v === 'number') n = v;
		else if (typeof v === 'string' && /^\s*-?\d{1,15}(\.\d{1,6})?\s*$/.test(v)) n = Number(v);
		else {
			this.fail(key, 'must be a number', v);
			return undefined;
		}
		if (!Number.isFinite(n)) {
			this.fail(key, 'must be a finite number', v);
			return undefined;
		}
		if (n < 0) {
			this.fail(key, negative, v);
			return undefined;
		}
		if (n > 1e13) {
			this.fail(key, 'is implausibly large', v);
			return undefined;
		}
		return n;
	}

	/** A calendar date: `YYYY-MM-DD`, an ISO instant (its date in the company zone), or Unix seconds/ms. */
	date(obj: Raw, key: string, required: boolean): string | undefined {
		this.lastDay = NaN;
		const v = own(obj, key);
		if (v === undefined || v === null || v === '') {
			if (required) this.fail(key, 'is required');
			return undefined;
		}
		// Fast path: already a valid calendar date in canonical form. The text returned is formatDay's, one string per
		// day for the whole process: the decisions of a run read the dates of every invoice, and a few hundred shared
		// strings stay in the CPU's caches where one string per record (each in its record's corner of the heap) would not.
		if (typeof v === 'string' && v.length === 10) {
			const d = parseDay(v);
			if (d !== null) {
				this.lastDay = d;
				return formatDay(d);
			}
		}
		const day = toDay(v, this.zone);
		if (day === null) {
			this.fail(key, 'must be a date (YYYY-MM-DD or ISO 8601)', v);
			return undefined;
		}
		this.lastDay = day;
		return formatDay(day);
	}

	bool(obj: Raw, key: string): boolean | undefined {
		const v = own(obj, key);
		if (v === undefined || v === null || v === '') return undefined;
		if (typeof v === 'boolean') return v;
		if (v === 'true' || v === 1 || v === '1' || v === 'yes') return true;
		if (v === 'false' || v === 0 || v === '0' || v === 'no') return false;
		this.fail(key, 'must be true or false', v);
		return undefined;
	}

	channels(obj: Raw, key: string, allowed: readonly Channel[] = CUSTOMER_CHANNELS): Channel[] {
		const v = own(obj, key);
		if (v === undefined || v === null || v === '') return [];
		// The common case, one channel named exactly (`email`): what the split below would return.
		if (typeof v === 'string' && (allowed as readonly string[]).includes(v)) return [v as Channel];
		const list = typeof v === 'string' ? v.split(/[\s,;]+/).filter(Boolean) : v;
		if (!Array.isArray(list) || list.length > 10) {
			this.fail(key, 'must be a list of channels', v);
			return [];
		}
		const out: Channel[] = [];
		for (const c of list) {
			const name = typeof c === 'string' ? c.toLowerCase() : c;
			if (typeof name !== 'string' || !(allowed as readonly string[]).includes(name)) this.fail(key, `holds an unknown channel (use ${allowed.join(', ')})`, c);
			else if (!out.includes(name as Channel)) out.push(name as Channel);
		}
		return out;
	}
}

/** Parse a date-like value into a day number in `zone` (for instants). */
export function toDay(v: unknown, zone: string): number | null {
	if (typeof v === 'string') {
		if (v.length > 40) return null;
		const plain = parseDay(v);
		if (plain !== null) return plain;
		if (!/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/.test(v)) return null;
		if (parseDay(v.slice(0, 10)) === null) return null;
		const hasZone = /(Z|[+-]\d{2}:?\d{2})$/.test(v);
		if (!hasZone) return parseDay(v.slice(0, 10));
		const ms = Date.parse(v.replace(' ', 'T'));
		return Number.isFinite(ms) ? localClock(zone, ms).day : null;
	}
	if (typeof v === 'number' && Number.isFinite(v) && v > 0) {
		// Unix seconds (Stripe) or milliseconds.
		const ms = v < 1e11 ? v * 1000 : v;
		if (ms > 8.64e15) return null;
		return localClock(zone, ms).day;
	}
	if (v instanceof Date && Number.isFinite(v.getTime())) return localClock(zone, v.getTime()).day;
	return null;
}

export interface ReadOptions {
	policy: Policy;
}

/** Read and validate one invoice (canonical field names). */
export function readInvoice(raw: unknown, policy: Policy, customerTermsDays?: number, ids?: IdTable): Invoice {
	const r = new FieldReader('invoice', policy.timeZone, ids);
	if (!isObject(raw)) {
		r.fail('', 'must be an object', raw);
		r.throwIfAny();
	}
	const o = raw as Raw;
	const invoiceId = r.id(o, 'invoiceId', true);
	const customerId = r.id(o, 'customerId', true);
	const amount = r.amount(o, 'amount', true);
	const amountPaid = r.amount(o, 'amountPaid', false);
	const balanceGiven = r.amount(o, 'balance', false);
	let currency = r.text(o, 'currency', 10)?.toUpperCase() ?? policy.defaults.currency;
	if (!/^[A-Z]{3}$/.test(currency) || !isKnownCurrency(currency)) {
		r.fail('currency', 'must be an ISO 4217 currency code such as USD or EUR', own(o, 'currency'));
		currency = 'USD';
	}
	const statusRaw = own(o, 'status');
	let status: InvoiceStatus = 'open';
	if (statusRaw !== undefined && statusRaw !== null && statusRaw !== '') {
		const key = typeof statusRaw === 'string' ? statusRaw.trim().toLowerCase() : '';
		const mapped = Object.prototype.hasOwnProperty.call(STATUS_ALIASES, key) ? STATUS_ALIASES[key] : undefined;
		if (!mapped) r.fail('status', `must be one of open, paid, void, uncollectible, draft`, statusRaw);
		else status = mapped;
	}
	const issueDate = r.date(o, 'issueDate', false) ?? null;
	let dueDate = r.date(o, 'dueDate', false);
	if (dueDate === undefined && own(o, 'dueDate') === undefined) {
		// Due date in the invoice's own terms: issue date + payment terms (invoice, customer, policy).
		const terms = r.amount(o, 'paymentTermsDays', false) ?? customerTermsDays ?? policy.defaults.paymentTermsDays;
		if (issueDate === null) r.fail('dueDate', 'is required (or give issueDate and payment terms)');
		else if (!Number.isInteger(terms) || terms > 3650) r.fail('paymentTermsDays', 'must be a whole number of days', terms);
		else dueDate = formatDay((parseDay(issueDate) as number) + terms);
	}
	if (issueDate && dueDate && (parseDay(dueDate) as number) < (parseDay(issueDate) as number)) {
		r.fail('dueDate', `must not be before the issue date (${issueDate})`, dueDate);
	}
	let paid = amountPaid ?? 0;
	let balance: number | undefined;
	if (amount !== undefined) {
		if (balanceGiven !== undefined && amountPaid === undefined) {
			if (balanceGiven > amount + 1e-9) r.fail('balance', `must not exceed the amount (${amount})`, balanceGiven);
			paid = amount - balanceGiven;
		} else if (amountPaid !== undefined && amountPaid > amount + 1e-9) {
			r.fail('amountPaid', `must not exceed the amount (${amount})`, amountPaid);
		}
		balance = roundMoney(Math.max(0, amount - paid), currency);
	}
	const autoCharge = r.bool(o, 'autoCharge') ?? false;
	const autoChargePending = r.bool(o, 'autoChargePending');
	const disputed = r.bool(o, 'disputed');
	const invoice: Invoice = {
		invoiceId: invoiceId ?? '',
		customerId: customerId ?? '',
		amount: amount ?? 0,
		amountPaid: roundMoney(paid, currency),
		balance: balance ?? 0,
		currency,
		issueDate,
		dueDate: dueDate ?? '',
		status,
		autoCharge,
	};
	if (autoChargePending !== undefined) invoice.autoChargePending = autoChargePending;
	if (disputed !== undefined) invoice.disputed = disputed;
	const paymentLink = r.url(o, 'paymentLink');
	const updateLink = r.url(o, 'updateLink');
	const disputeLink = r.url(o, 'disputeLink');
	if (paymentLink) invoice.paymentLink = paymentLink;
	if (updateLink) invoice.updateLink = updateLink;
	if (disputeLink) invoice.disputeLink = disputeLink;
	const service = r.text(o, 'service');
	if (service) invoice.service = service;
	const number = r.text(o, 'number', LIMITS.id);
	if (number) invoice.number = number;
	const lines = own(o, 'lineItems');
	if (Array.isArray(lines)) {
		if (lines.length > 500) r.fail('lineItems', 'has more than 500 lines', lines);
		else {
			invoice.lineItems = [];
			lines.forEach((l, i) => {
				if (!isObject(l)) {
					r.fail(`lineItems[${i}]`, 'must be an object', l);
					return;
				}
				const lr = new FieldReader(`invoice.lineItems[${i}]`, policy.timeZone);
				const description = lr.text(l, 'description', LIMITS.text) ?? '';
				const la = lr.amount(l, 'amount', true) ?? 0;
				const q = lr.amount(l, 'quantity', false);
				r.issues.push(...lr.issues);
				invoice.lineItems!.push(q === undefined ? { description, amount: la } : { description, amount: la, quantity: q });
			});
		}
	} else if (lines !== undefined && lines !== null) r.fail('lineItems', 'must be a list', lines);
	r.throwIfAny();
	return invoice;
}

const localeValidity = new Map<string, boolean>();

/** Whether Intl accepts the locale tag (memoised: Intl.getCanonicalLocales costs microseconds). */
function isValidLocale(locale: string): boolean {
	let ok = localeValidity.get(locale);
	if (ok === undefined) {
		try {
			Intl.getCanonicalLocales(locale);
			ok = true;
		} catch {
			ok = false;
		}
		if (localeValidity.size > 10_000) localeValidity.clear();
		localeValidity.set(locale, ok);
	}
	return ok;
}

/** Read and validate one customer. */
export function readCustomer(raw: unknown, policy: Policy, ids?: IdTable): Customer {
	const r = new FieldReader('customer', policy.timeZone, ids);
	if (!isObject(raw)) {
		r.fail('', 'must be an object', raw);
		r.throwIfAny();
	}
	const o = raw as Raw;
	const customerId = r.id(o, 'customerId', true) ?? '';
	const firstName = r.text(o, 'firstName');
	const name = r.text(o, 'name') ?? r.text(o, 'companyName') ?? (firstName ? [firstName, r.text(o, 'lastName')].filter(Boolean).join(' ') : undefined);
	const email = r.text(o, 'email', 320);
	if (email !== undefined && !/^[^\s@<>()",;:]+@[^\s@<>()",;:]+\.[^\s@<>()",;:]+$/.test(email)) r.fail('email', 'is not an email address', email);
	const phone = r.text(o, 'phone', 40);
	if (phone !== undefined && !/^\+?[0-9 ()./-]{6,25}$/.test(phone)) r.fail('phone', 'is not a phone number', phone);
	const locale = r.text(o, 'locale', 35) ?? policy.defaults.locale;
	if (!isValidLocale(locale)) r.fail('locale', 'must be a locale tag such as en-GB or de-DE', locale);
	const timeZone = r.text(o, 'timeZone', 64) ?? policy.defaults.timeZone;
	if (!isValidTimeZone(timeZone)) r.fail('timeZone', 'must be an IANA time zone such as America/New_York', timeZone);
	let country = r.text(o, 'country', 10)?.toUpperCase() ?? policy.holidays.defaultCountry ?? undefined;
	if (country !== undefined && !isSupportedCountry(country)) {
		r.fail('country', 'must be an ISO 3166 country code with a holiday calendar (e.g. US, GB, DE)', country);
		country = undefined;
	}
	let region = r.text(o, 'region', 10)?.toUpperCase();
	if (region !== undefined && !/^[A-Z0-9]{1,3}$/.test(region)) {
		r.fail('region', 'must be a subdivision code such as CA or BY', region);
		region = undefined;
	}
	const pref = r.text(o, 'preferredChannel', 20)?.toLowerCase();
	if (pref !== undefined && !(CUSTOMER_CHANNELS as readonly string[]).includes(pref)) r.fail('preferredChannel', `must be one of ${CUSTOMER_CHANNELS.join(', ')}`, pref);
	const segRaw = r.text(o, 'segment', 40)?.toLowerCase();
	let segment: Segment = 'other';
	if (segRaw !== undefined) {
		if (Object.prototype.hasOwnProperty.call(SEGMENT_ALIASES, segRaw)) segment = SEGMENT_ALIASES[segRaw];
		else r.fail('segment', 'must be one of enterprise, mid-market, smb, consumer, public-sector, other', segRaw);
	}
	const annualValue = r.amount(o, 'annualValue', false);
	const terms = r.amount(o, 'paymentTermsDays', false);
	if (terms !== undefined && (!Number.isInteger(terms) || terms > 3650)) r.fail('paymentTermsDays', 'must be a whole number of days', terms);
	const since = r.date(o, 'customerSince', false);
	const credit = r.amount(o, 'unappliedCredit', false, 'must not be negative (give the credit on account as a positive amount)');
	const customer: Customer = {
		customerId,
		name: name ?? '',
		locale,
		timeZone,
		optOut: r.channels(o, 'optOut'),
		bounced: r.channels(o, 'bounced'),
		segment,
		keyAccount: r.bool(o, 'keyAccount') ?? false,
	};
	if (firstName) customer.firstName = firstName;
	if (email) customer.email = email;
	if (phone) customer.phone = phone;
	if (country) customer.country = country;
	if (region) customer.region = region;
	if (pref) customer.preferredChannel = pref as Channel;
	if (annualValue !== undefined) customer.annualValue = annualValue;
	if (terms !== undefined) customer.paymentTermsDays = terms;
	if (since) customer.customerSince = since;
	if (credit !== undefined && credit > 0) customer.unappliedCredit = credit;
	const owner = own(o, 'accountOwner');
	if (isObject(owner)) {
		const orr = new FieldReader('customer.accountOwner', policy.timeZone);
		const ownerEmail = orr.text(owner, 'email', 320);
		customer.accountOwner = { name: orr.text(owner, 'name'), email: ownerEmail, slackId: orr.text(owner, 'slackId', 64) };
		r.issues.push(...orr.issues);
	} else if (typeof owner === 'string' && owner.length > 0 && owner.length <= LIMITS.name) {
		customer.accountOwner = owner.includes('@') ? { email: owner } : { name: owner };
	} else if (owner !== undefined && owner !== null && owner !== '') r.fail('accountOwner', 'must be a name, an email or an object', owner);
	r.throwIfAny();
	return customer;
}

function readList(raw: unknown, field: string): unknown[] {
	if (raw === undefined || raw === null || raw === '') return [];
	if (!Array.isArray(raw)) throw new ValidationError([{ field, message: 'must be a list', received: describeValue(raw) }]);
	if (raw.length > LIMITS.list) throw new ValidationError([{ field, message: `has more than ${LIMITS.list} entries`, received: describeValue(raw) }]);
	return raw;
}

/**
 * History: a list of past invoices, a summary object, or nothing. `shared` (default true): the result is frozen, so
 * risk scoring may remember what it derives from it for the customer's other invoices; false leaves it unfrozen, read
 * afresh for each score (an input's own history, dropped with it).
 */
export function readHistory(raw: unknown, policy: Policy, shared = true, ids?: IdTable, field = 'history'): HistoryInput {
	if (raw === undefined || raw === null || raw === '') return { kind: 'none' };
	if (isObject(raw) && (raw.kind === 'none' || raw.kind === 'list' || raw.kind === 'summary') && !('invoiceCount' in raw)) {
		// A history already in its typed form (HistoryInput, as a program may give one): its list or summary read as
		// the raw one would be, issues naming history.invoices[i] or history.summary.
		if (raw.kind === 'none') return { kind: 'none' };
		const inner = own(raw, raw.kind === 'list' ? 'invoices' : 'summary');
		const path = `${field}.${raw.kind === 'list' ? 'invoices' : 'summary'}`;
		if (raw.kind === 'list' ? !Array.isArray(inner) : !isObject(inner)) {
			throw new ValidationError([{ field: path, message: raw.kind === 'list' ? 'must be a list of past invoices' : 'must be a summary object', received: describeValue(inner) }]);
		}
		return readHistory(inner, policy, shared, ids, path);
	}
	if (Array.isArray(raw)) {
		const list = readList(raw, field);
		// One reader for the whole list (issues name history[i]): no allocation per entry but the entry itself.
		const r = new FieldReader(field, policy.timeZone, ids);
		// One object per entry: the past invoice as validated, with its dates as day numbers for risk
		// (`prepared` is the same list), so nothing is parsed twice.
		const invoices: Array<PastInvoice & PreparedEntry> = [];
		for (let i = 0; i < list.length; i++) {
			const e = list[i];
			r.index = i;
			if (!isObject(e)) {
				r.fail('', 'must be an object', e);
				continue;
			}
			const issueDate = r.date(e, 'issueDate', false);
			const issueDay = r.lastDay;
			const dueDate = r.date(e, 'dueDate', true);
			const dueDay = r.lastDay;
			const paidDate = r.date(e, 'paidDate', false) ?? null;
			const paidDay = paidDate === null ? Infinity : r.lastDay;
			const amount = r.amount(e, 'amount', true);
			const id = r.id(e, 'invoiceId', false);
			const disputed = r.bool(e, 'disputed');
			const partial = r.bool(e, 'partial');
			const failedCharges = r.amount(e, 'failedCharges', false);
			const brokenPromises = r.amount(e, 'brokenPromises', false);
			invoices.push({
				invoiceId: id || undefined,
				issueDate: issueDate ?? dueDate ?? '',
				dueDate: dueDate ?? '',
				paidDate,
				amount: amount ?? 0,
				disputed: disputed === true,
				partial: partial === true,
				failedCharges: failedCharges === undefined ? 0 : Math.floor(failedCharges),
				brokenPromises: brokenPromises === undefined ? 0 : Math.floor(brokenPromises),
				issueDay: issueDate === undefined ? dueDay : issueDay,
				dueDay,
				paidDay,
			});
		}
		r.throwIfAny();
		const prepared: PreparedHistory = { kind: 'prepared', entries: invoices, skipped: 0 };
		return { kind: 'list', invoices, prepared: shared ? freezePrepared(prepared) : prepared };
	}
	if (isObject(raw)) {
		const r = new FieldReader(field, policy.timeZone);
		const need = (k: string) => r.amount(raw, k, true) ?? 0;
		const opt = (k: string) => r.amount(raw, k, false);
		const summary: HistorySummary = {
			invoiceCount: need('invoiceCount'),
			paidLateCount: need('paidLateCount'),
			avgDaysLate: need('avgDaysLate'),
		};
		for (const k of ['recentAvgDaysLate', 'avgDaysEarly', 'avgAmount', 'disputes', 'failedCharges', 'partialPayments', 'brokenPromises', 'promisesKept', 'openPastDueCount'] as const) {
			const v = opt(k);
			if (v !== undefined) summary[k] = v;
		}
		if (summary.paidLateCount > summary.invoiceCount) r.fail('paidLateCount', `must not exceed invoiceCount (${summary.invoiceCount})`, summary.paidLateCount);
		r.throwIfAny();
		return { kind: 'summary', summary: shared ? Object.freeze(summary) : summary };
	}
	throw new ValidationError([{ field, message: 'must be a list of past invoices or a summary object', received: describeValue(raw) }]);
}

/**
 * The fields {@link readHistory} reads from each entry of a history list (a test records its reads and checks
 * this list). Whether two lists validate the same depends on these fields alone.
 */
export const HISTORY_ENTRY_FIELDS = ['issueDate', 'dueDate', 'paidDate', 'amount', 'invoiceId', 'disputed', 'partial', 'failedCharges', 'brokenPromises'] as const;

/**
 * Whether two raw history lists give the same {@link readHistory} result: the same length and, entry by entry,
 * both objects with equal {@link HISTORY_ENTRY_FIELDS} (other fields are not read). Each n8n item carries its own
 * copy of its customer's history, so the engine compares each item's list with the one it validated for that
 * customer; reading only these fields halves the time of a deep comparison of every field. False when unsure
 * (an entry that is not a plain object, or a field shadowed on Object.prototype), and the list is then validated.
 */
export function sameHistoryList(a: unknown, b: unknown): boolean {
	if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
	for (const k of HISTORY_ENTRY_FIELDS) if (k in Object.prototype) return false;
	for (let i = 0; i < a.length; i++) {
		const x = a[i] as Raw;
		const y = b[i] as Raw;
		if (x === y) continue;
		if (!isObject(x) || !isObject(y) || !isPlain(x) || !isPlain(y)) return false;
		// Object.is: the same primitive (NaN equals NaN, 0 is not -0, as sameData), or the very same object
		if (
			!Object.is(x.issueDate, y.issueDate) ||
			!Object.is(x.dueDate, y.dueDate) ||
			!Object.is(x.paidDate, y.paidDate) ||
			!Object.is(x.amount, y.amount) ||
			!Object.is(x.invoiceId, y.invoiceId) ||
			!Object.is(x.disputed, y.disputed) ||
			!Object.is(x.partial, y.partial) ||
			!Object.is(x.failedCharges, y.failedCharges) ||
			!Object.is(x.brokenPromises, y.brokenPromises)
		) {
			return false;
		}
	}
	return true;
}

const HOLD_TYPES: HoldType[] = ['dispute', 'promise', 'plan', 'replied', 'pause', 'ooo', 'bounced', 'optout'];

/** How much of a hold's note a reason repeats. */
const HOLD_NOTE_MAX = 200;

/**
 * A hold's note as a reason may repeat it ("grace after a partial payment", "customer says it is paid: reconcile"):
 * one line, at most HOLD_NOTE_MAX characters, cleaned as every customer text is (render's cleanLine). Anything but text
 * is no note (a note never fails a hold).
 */
function holdNote(v: unknown): string | undefined {
	return typeof v === 'string' ? cleanLine(v, HOLD_NOTE_MAX) : undefined;
}

export function readHolds(raw: unknown, policy: Policy): Hold[] {
	const list = readList(raw, 'holds');
	const r = new FieldReader('holds', policy.timeZone);
	const holds: Hold[] = [];
	for (let i = 0; i < list.length; i++) {
		const e = list[i];
		r.index = i;
		if (!isObject(e)) {
			r.fail('', 'must be an object', e);
			continue;
		}
		const type = r.text(e, 'type', 20)?.toLowerCase();
		if (!type || !(HOLD_TYPES as string[]).includes(type)) r.fail('type', `must be one of ${HOLD_TYPES.join(', ')}`, own(e, 'type'));
		const invoiceId = r.id(e, 'invoiceId', false);
		const customerId = r.id(e, 'customerId', false);
		if (!invoiceId && !customerId) r.fail('invoiceId', 'a hold needs an invoiceId or a customerId');
		const channels = r.channels(e, 'channel', ALL_CHANNELS);
		const active = r.bool(e, 'active') ?? true;
		const hold: Hold = {
			holdId: r.id(e, 'holdId', false) ?? `${type}:${invoiceId ?? customerId}:${i}`,
			type: (type ?? 'pause') as HoldType,
			until: r.date(e, 'until', false) ?? null,
			active,
		};
		if (invoiceId) hold.invoiceId = invoiceId;
		if (customerId) hold.customerId = customerId;
		if (channels.length) hold.channel = channels[0];
		const createdAt = r.text(e, 'createdAt', 40);
		if (createdAt) hold.createdAt = createdAt;
		const amount = r.amount(e, 'amount', false);
		if (amount !== undefined) hold.amount = amount;
		const note = holdNote(own(e, 'note'));
		if (note) hold.note = note;
		const contact = r.text(e, 'contact', LIMITS.contact);
		if (contact) hold.contact = contact;
		holds.push(hold);
	}
	r.throwIfAny();
	return holds;
}

export function readTouches(raw: unknown, policy: Policy, ids?: IdTable): Touch[] {
	const list = readList(raw, 'touches');
	const r = new FieldReader('touches', policy.timeZone, ids);
	const touches: Touch[] = [];
	for (let i = 0; i < list.length; i++) {
		const e = list[i];
		r.index = i;
		if (!isObject(e)) {
			r.fail('', 'must be an object', e);
			continue;
		}
		const invoiceId = r.id(e, 'invoiceId', true) ?? '';
		const stepRaw = r.id(e, 'step', true) ?? '';
		// A step of the policy as the policy's own string, a channel and a status as the constants: each decision compares
		// them with the policy's, and one shared string is compared by reference where a copy per touch is read.
		const step = policyStepId(policy, stepRaw) ?? stepRaw;
		const channelRaw = own(e, 'channel');
		// One channel named exactly (the usual case) is the constant; anything else goes through the list reader.
		const channelIndex = typeof channelRaw === 'string' ? (ALL_CHANNELS as readonly string[]).indexOf(channelRaw) : -1;
		let channel: Channel | undefined = channelIndex >= 0 ? ALL_CHANNELS[channelIndex] : undefined;
		if (channel === undefined) {
			const ch = r.channels(e, 'channel', ALL_CHANNELS);
			if (ch.length !== 1) r.fail('channel', 'must name one channel', channelRaw);
			channel = ch[0] ?? 'email';
		}
		const sentAtRaw = own(e, 'sentAt');
		const ms = instantMs(sentAtRaw);
		if (ms === null) r.fail('sentAt', 'must be an ISO 8601 instant', sentAtRaw);
		const statusRaw = r.text(e, 'status', 20)?.toLowerCase();
		if (statusRaw !== undefined && statusRaw !== 'sent' && statusRaw !== 'claimed' && statusRaw !== 'failed') r.fail('status', 'must be sent, claimed or failed', statusRaw);
		// Every field in the literal (absent ones undefined): one object shape, no properties added later.
		const customerId = r.id(e, 'customerId', false);
		const t: Touch & { sentAtMs?: number } = {
			invoiceId,
			step,
			channel,
			sentAt: ms === null ? '' : utcText(sentAtRaw as string, ms),
			dedupeKey: r.id(e, 'dedupeKey', false) ?? dedupeKey(invoiceId, step, channel),
			customerId: customerId || undefined,
			status: statusRaw === 'sent' ? 'sent' : statusRaw === 'claimed' ? 'claimed' : statusRaw === 'failed' ? 'failed' : undefined,
			sentAtMs: ms === null ? undefined : ms,
		};
		touches.push(t);
	}
	r.throwIfAny();
	return touches;
}

export function readApprovals(raw: unknown, policy: Policy): Approval[] {
	const list = readList(raw, 'approvals');
	const r = new FieldReader('approvals', policy.timeZone);
	const out: Approval[] = [];
	for (let i = 0; i < list.length; i++) {
		const e = list[i];
		r.index = i;
		if (!isObject(e)) {
			r.fail('', 'must be an object', e);
			continue;
		}
		const invoiceId = r.id(e, 'invoiceId', true) ?? '';
		const step = r.id(e, 'step', true) ?? '';
		const decision = r.text(e, 'decision', 20)?.toLowerCase();
		if (decision !== 'approved' && decision !== 'rejected') r.fail('decision', 'must be approved or rejected', own(e, 'decision'));
		// `by` is read after the entry's issues were taken: a bad `by` is dropped, not an error.
		const issuesBefore = r.issues.length;
		const by = r.text(e, 'by');
		r.issues.length = issuesBefore;
		out.push({ invoiceId, step, decision: decision === 'approved' ? 'approved' : 'rejected', by });
	}
	r.throwIfAny();
	return out;
}

/**
 * An instant as UTC ISO text: the given text when it already is one (`…Z`, seconds or milliseconds, as a
 * touch log writes it), else formatted (`2026-03-11T09:15:26+01:00` -> `2026-03-11T08:15:26.000Z`).
 */
function utcText(text: unknown, ms: number): string {
	if (typeof text === 'string' && (text.length === 20 || text.length === 24) && text.charCodeAt(text.length - 1) === 90 && text.charCodeAt(10) === 84) return text;
	return formatInstant(ms);
}

/** Parse `now` or any instant: ISO string with offset, epoch ms, or Date. */
export function instantMs(v: unknown): number | null {
	if (typeof v === 'string') {
		if (v.length < 10 || v.length > 40) return null;
		const fast = fastInstantMs(v);
		if (fast !== undefined) return fast;
		if (!/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2}))?$/.test(v)) return null;
		if (parseDay(v.slice(0, 10)) === null) return null;
		const ms = Date.parse(v.length === 10 ? `${v}T00:00:00Z` : v.replace(' ', 'T'));
		return Number.isFinite(ms) ? ms : null;
	}
	if (typeof v === 'number' && Number.isFinite(v) && v > 0 && v < 8.64e15) return v;
	if (v instanceof Date && Number.isFinite(v.getTime())) return v.getTime();
	return null;
}

export function dedupeKey(invoiceId: string, step: string, channel: Channel): string {
	return `${invoiceId}:${step}:${channel}`;
}

export { MS_PER_DAY };

const RISK_BANDS: readonly RiskBand[] = ['low', 'medium', 'high', 'critical'];
const RISK_BASES: ReadonlyArray<RiskResult['basis']> = ['history', 'summary', 'prior'];
/** Most factors a risk result may list (the model has 17). */
const RISK_FACTORS_MAX = 64;

/**
 * A risk result given with the input instead of scored from the history (an upstream AR Risk Score's, or a
 * program's own): score 0..100, band and tone of the known sets, the late probability 0..1 (the score / 100 when
 * absent), factors each with a code, a label and finite numbers, the basis. It sets the tone and may call for an
 * approval, so a malformed one is rejected, naming the field, instead of being read as no risk at all.
 */
export function readRisk(raw: unknown): RiskResult {
	if (!isObject(raw)) throw new ValidationError([{ field: 'risk', message: 'must be a risk result object (score, band, tone, factors)', received: describeValue(raw) }]);
	const issues: ValidationIssue[] = [];
	const fail = (key: string, message: string, value: unknown) => issues.push({ field: `risk.${key}`, message, received: describeValue(value) });
	const score = own(raw, 'score');
	if (typeof score !== 'number' || !(score >= 0 && score <= 100)) fail('score', 'must be a number from 0 to 100', score);
	const band = own(raw, 'band');
	if (typeof band !== 'string' || !(RISK_BANDS as readonly string[]).includes(band)) fail('band', `must be one of ${RISK_BANDS.join(', ')}`, band);
	const tone = own(raw, 'tone');
	if (typeof tone !== 'string' || !(TONES as readonly string[]).includes(tone)) fail('tone', `must be one of ${TONES.join(', ')}`, tone);
	const p = own(raw, 'lateProbability');
	if (p !== undefined && (typeof p !== 'number' || !(p >= 0 && p <= 1))) fail('lateProbability', 'must be a number from 0 to 1', p);
	const basis = own(raw, 'basis');
	if (basis !== undefined && (typeof basis !== 'string' || !(RISK_BASES as readonly string[]).includes(basis))) fail('basis', `must be one of ${RISK_BASES.join(', ')}`, basis);
	const list = own(raw, 'factors');
	if (list !== undefined && !Array.isArray(list)) fail('factors', 'must be a list', list);
	else if (Array.isArray(list) && list.length > RISK_FACTORS_MAX) fail('factors', `has more than ${RISK_FACTORS_MAX} entries`, list);
	else if (Array.isArray(list)) {
		for (let i = 0; i < list.length; i++) {
			const f = list[i];
			if (!isObject(f)) {
				fail(`factors[${i}]`, 'must be an object', f);
				continue;
			}
			const code = own(f, 'code');
			const label = own(f, 'label');
			const value = own(f, 'value');
			const contribution = own(f, 'contribution');
			if (typeof code !== 'string' || code === '' || code.length > LIMITS.id) fail(`factors[${i}].code`, 'must be a text', code);
			if (label !== undefined && (typeof label !== 'string' || label.length > LIMITS.name)) fail(`factors[${i}].label`, 'must be a text', label);
			if (typeof value !== 'number' || !Number.isFinite(value)) fail(`factors[${i}].value`, 'must be a finite number', value);
			if (typeof contribution !== 'number' || !Number.isFinite(contribution)) fail(`factors[${i}].contribution`, 'must be a finite number', contribution);
		}
	}
	if (issues.length) throw new ValidationError(issues);
	const given = (Array.isArray(list) ? list : []) as RiskFactor[];
	// A complete, valid result is kept as given (a scored result keeps its base points, and its identity); only a
	// partial one is copied, with what it leaves out filled in.
	if (typeof p === 'number' && basis !== undefined && Array.isArray(list) && given.every((f) => typeof f.label === 'string')) return raw as unknown as RiskResult;
	const factors = given.map((f) => ({ code: f.code, label: typeof f.label === 'string' ? f.label : f.code, value: f.value, contribution: f.contribution }));
	return {
		score: score as number,
		band: band as RiskBand,
		tone: tone as Tone,
		lateProbability: typeof p === 'number' ? p : (score as number) / 100,
		factors,
		basis: (basis as RiskResult['basis'] | undefined) ?? 'prior',
	};
}
