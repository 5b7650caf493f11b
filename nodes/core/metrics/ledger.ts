/**
 * The historical ledger the metrics and the policy replay read: one record per invoice (or credit note)
 * with its issue, due and paid dates. Rows come from anywhere (an n8n item, a JSON file, a CSV export),
 * so each field is looked up under its canonical name, the usual CSV / spreadsheet spellings of it
 * ("Due Date", "due_date", "DueDate"), or a column the user names (`{ paidDate: 'Settled On' }`).
 *
 * Conventions:
 * - credit notes are negative amounts (a row whose `type` says "credit" is made negative if given positive);
 * - `paidDate` is the day the document was settled in full (a credit note: the day it was applied);
 * - `amountPaid` without a `paidDate` is a partial payment of unknown date: it counts from the issue date;
 * - a row marked paid (or settled, closed, applied) without a `paidDate` counts as settled from its issue
 *   date, and is left out of the on-time rate, days to pay and the replay (its payment day is unknown);
 * - `status` void / draft removes the row from every figure;
 * - `disputed` (optionally with `disputeOpened` / `disputeClosed`) marks a dispute; without dates it spans
 *   the invoice's whole life.
 */
import { parseDay } from '../dates';
import { describeValue, readEach, ValidationError, type ValidationIssue } from '../errors';

export interface LedgerPayment {
	/** YYYY-MM-DD */
	date: string;
	amount: number;
}

export interface LedgerRecord {
	invoiceId: string;
	customerId: string;
	/** Major units; negative for a credit note. */
	amount: number;
	currency: string;
	/** YYYY-MM-DD */
	issueDate: string;
	/** YYYY-MM-DD (a credit note without one: its issue date). */
	dueDate: string;
	/** YYYY-MM-DD settled in full (null while open). */
	paidDate: string | null;
	/** Dated payments derived from paidDate / amountPaid (what reduces the balance, and when). */
	payments: LedgerPayment[];
	status: 'open' | 'paid' | 'void';
	creditNote: boolean;
	disputed: boolean;
	disputeOpened: string | null;
	disputeClosed: string | null;
	segment: string | null;
	keyAccount: boolean;
	/** Customer fields found on the row (name, email, phone, locale, timeZone, country, region, segment…), for the replay. */
	customer: Record<string, unknown>;
}

/** Canonical ledger fields a column map may name. */
export const LEDGER_FIELDS = [
	'invoiceId',
	'customerId',
	'amount',
	'amountPaid',
	'currency',
	'issueDate',
	'dueDate',
	'paidDate',
	'status',
	'type',
	'disputed',
	'disputeOpened',
	'disputeClosed',
	'name',
	'firstName',
	'email',
	'phone',
	'locale',
	'timeZone',
	'country',
	'region',
	'segment',
	'keyAccount',
	'preferredChannel',
	'paymentTermsDays',
	'annualValue',
] as const;

export type LedgerField = (typeof LEDGER_FIELDS)[number];
export type LedgerColumnMap = Partial<Record<LedgerField, string>>;

/** Candidate names per field, in the order tried; CSV spellings are derived from the "Title Case" names. */
const NAMES: Record<LedgerField, string[]> = {
	invoiceId: ['invoiceId', 'id', 'Invoice ID', 'Invoice No', 'Invoice Number', 'Invoice', 'number', 'Document No'],
	customerId: ['customerId', 'customer.customerId', 'Customer ID', 'Customer No', 'Customer Number', 'Account ID', 'Account Number'],
	amount: ['amount', 'total', 'Invoice Amount', 'Amount', 'Total'],
	amountPaid: ['amountPaid', 'Amount Paid', 'Paid Amount'],
	currency: ['currency', 'Currency'],
	issueDate: ['issueDate', 'Issue Date', 'Invoice Date', 'Document Date', 'Date'],
	dueDate: ['dueDate', 'Due Date'],
	paidDate: ['paidDate', 'paidAt', 'Paid Date', 'Payment Date', 'Paid On', 'Date Paid', 'Settled Date'],
	status: ['status', 'Status'],
	type: ['type', 'documentType', 'Type', 'Document Type'],
	disputed: ['disputed', 'Disputed', 'Dispute'],
	disputeOpened: ['disputeOpened', 'Dispute Opened', 'Dispute Date'],
	disputeClosed: ['disputeClosed', 'Dispute Closed', 'Dispute Resolved'],
	name: ['customer.name', 'customerName', 'Customer Name', 'Customer', 'Company', 'Name'],
	firstName: ['customer.firstName', 'firstName', 'First Name'],
	email: ['customer.email', 'email', 'Customer Email', 'Email', 'Billing Email'],
	phone: ['customer.phone', 'phone', 'Customer Phone', 'Phone', 'Mobile'],
	locale: ['customer.locale', 'locale', 'Locale', 'Language'],
	timeZone: ['customer.timeZone', 'timeZone', 'Time Zone', 'Timezone'],
	country: ['customer.country', 'country', 'Country'],
	region: ['customer.region', 'region', 'Region', 'State'],
	segment: ['customer.segment', 'customer.tier', 'segment', 'Segment', 'Tier'],
	keyAccount: ['customer.keyAccount', 'keyAccount', 'Key Account'],
	preferredChannel: ['customer.preferredChannel', 'preferredChannel', 'Preferred Channel'],
	paymentTermsDays: ['customer.paymentTermsDays', 'paymentTermsDays', 'Payment Terms', 'Terms Days'],
	annualValue: ['customer.annualValue', 'annualValue', 'Annual Value', 'ARR'],
};

function variants(name: string): string[] {
	if (!name.includes(' ')) return [name];
	const words = name.split(' ');
	return [
		name,
		words.map((w) => w.toLowerCase()).join('_'),
		words.map((w, i) => (i === 0 ? w.toLowerCase() : w[0].toUpperCase() + w.slice(1).toLowerCase())).join(''),
		words.join(''),
		name.toLowerCase(),
	];
}

const CANDIDATES: Record<LedgerField, string[][]> = Object.fromEntries(
	LEDGER_FIELDS.map((f) => [f, [...new Set(NAMES[f].flatMap(variants))].map((p) => p.split('.'))]),
) as Record<LedgerField, string[][]>;

const FORBIDDEN = new Set(['__proto__', 'prototype', 'constructor']);

/** A compiled column map: for each field, the paths tried in order. */
export interface LedgerReader {
	paths: Record<LedgerField, string[][]>;
	defaultCurrency: string;
}

/**
 * Compile a column map (`{ invoiceId: 'Invoice No', paidDate: 'Settled On' }`); a named column replaces
 * the defaults for that field. A name with dots is a nested path (`customer.email`) unless a column of
 * that exact name exists on the row.
 */
export function compileLedgerMap(map: Record<string, string> | null = {}, defaultCurrency = 'USD'): LedgerReader {
	if (map === null) map = {};
	if (typeof map !== 'object' || Array.isArray(map)) throw new ValidationError([{ field: 'map', message: 'must be an object of ledger field -> column name', received: describeValue(map) }]);
	const paths = { ...CANDIDATES };
	const issues: ValidationIssue[] = [];
	for (const [key, column] of Object.entries(map)) {
		const field = key.replace(/^customer\./, '') as LedgerField;
		if (!(LEDGER_FIELDS as readonly string[]).includes(field)) {
			issues.push({ field: `map.${key}`, message: `is not a ledger field (use ${LEDGER_FIELDS.join(', ')})` });
			continue;
		}
		if (typeof column !== 'string' || column.trim() === '' || column.length > 200) {
			issues.push({ field: `map.${key}`, message: 'must name a column', received: describeValue(column) });
			continue;
		}
		const name = column.trim();
		const nested = name.split('.');
		if (nested.some((k) => k === '' || FORBIDDEN.has(k)) || FORBIDDEN.has(name)) {
			issues.push({ field: `map.${key}`, message: 'is not a usable column name', received: describeValue(column) });
			continue;
		}
		paths[field] = nested.length > 1 ? [[name], nested] : [[name]];
	}
	if (typeof defaultCurrency !== 'string' || !/^[A-Za-z]{3}$/.test(defaultCurrency.trim())) issues.push({ field: 'defaultCurrency', message: 'must be a three-letter currency code such as USD', received: describeValue(defaultCurrency) });
	if (issues.length) throw new ValidationError(issues);
	return { paths, defaultCurrency: defaultCurrency.trim().toUpperCase() };
}

function read(row: Record<string, unknown>, paths: string[][]): unknown {
	for (const p of paths) {
		let cur: unknown = row;
		for (const k of p) {
			if (cur === null || typeof cur !== 'object' || !Object.prototype.hasOwnProperty.call(cur, k)) {
				cur = undefined;
				break;
			}
			cur = (cur as Record<string, unknown>)[k];
		}
		if (cur !== undefined && cur !== null && cur !== '') return cur;
	}
	return undefined;
}

/** "$1,250.00", "1 250.5", "(300.00)", "-300", 1250 -> number, or null. */
export function parseMoney(v: unknown): number | null {
	if (typeof v === 'number') return Number.isFinite(v) ? v : null;
	if (typeof v !== 'string') return null;
	let t = v.trim();
	let negative = false;
	if (/^\(.*\)$/.test(t)) {
		negative = true;
		t = t.slice(1, -1).trim();
	}
	if (!/^[^\d-]{0,4}\s?-?\s?[^\d-]{0,4}\s?[\d,\s]*\d(\.\d+)?\s?[^\d]{0,4}$/.test(t)) return null;
	const n = Number(t.replace(/[^\d.-]/g, ''));
	if (!Number.isFinite(n)) return null;
	return negative ? -Math.abs(n) : n;
}

/** YYYY-MM-DD, or the date part of an ISO 8601 instant; null when empty; undefined when invalid. */
export function parseLedgerDate(v: unknown): string | null | undefined {
	if (v === undefined || v === null || v === '') return null;
	if (typeof v !== 'string') return undefined;
	const t = v.trim();
	if (t === '') return null;
	const day = t.length >= 10 && (t.length === 10 || t[10] === 'T' || t[10] === ' ') ? t.slice(0, 10) : '';
	return parseDay(day) === null ? undefined : day;
}

function parseBool(v: unknown): boolean | undefined {
	if (typeof v === 'boolean') return v;
	if (typeof v === 'number') return v !== 0;
	if (typeof v !== 'string') return undefined;
	const t = v.trim().toLowerCase();
	if (['true', 'yes', 'y', '1', 'x', 'open', 'disputed'].includes(t)) return true;
	if (['false', 'no', 'n', '0', '', 'none', 'closed'].includes(t)) return false;
	return undefined;
}

/**
 * Read one ledger row. Throws a ValidationError naming every bad field (`dueDate: must be a date…`).
 */
export function readLedgerRecord(row: unknown, reader: LedgerReader = compileLedgerMap()): LedgerRecord {
	if (row === null || typeof row !== 'object' || Array.isArray(row)) throw new ValidationError([{ field: '(row)', message: 'must be an object', received: describeValue(row) }]);
	if (reader === null || typeof reader !== 'object' || typeof reader.paths !== 'object' || reader.paths === null) throw new ValidationError([{ field: 'reader', message: 'must be a reader from compileLedgerMap', received: describeValue(reader) }]);
	const o = row as Record<string, unknown>;
	const issues: ValidationIssue[] = [];
	const get = (f: LedgerField) => read(o, reader.paths[f]);
	const fail = (field: string, message: string, v: unknown) => issues.push({ field, message, received: describeValue(v) });
	const text = (f: LedgerField, max = 200): string | undefined => {
		const v = get(f);
		if (v === undefined) return undefined;
		if (typeof v !== 'string' && typeof v !== 'number') {
			fail(f, 'must be text', v);
			return undefined;
		}
		const s = String(v).trim();
		if (s.length > max) fail(f, `is longer than ${max} characters`, v);
		return s === '' ? undefined : s;
	};
	const date = (f: LedgerField): string | null => {
		const v = get(f);
		const d = parseLedgerDate(v);
		if (d === undefined) {
			fail(f, 'must be a date (YYYY-MM-DD or ISO 8601)', v);
			return null;
		}
		return d;
	};

	const invoiceId = text('invoiceId', 120);
	if (!invoiceId) fail('invoiceId', 'is required', get('invoiceId'));
	const customerId = text('customerId', 120);
	if (!customerId) fail('customerId', 'is required', get('customerId'));
	const amountRaw = get('amount');
	let amount = parseMoney(amountRaw);
	if (amount === null) fail('amount', 'must be a number (credit notes negative)', amountRaw);
	const typeText = (text('type', 60) ?? '').toLowerCase();
	const creditByType = /credit/.test(typeText);
	if (amount !== null && creditByType && amount > 0) amount = -amount;
	const creditNote = amount !== null && amount < 0;
	const paidRaw = get('amountPaid');
	const amountPaid = paidRaw === undefined ? null : parseMoney(paidRaw);
	if (paidRaw !== undefined && amountPaid === null) fail('amountPaid', 'must be a number', paidRaw);
	const currencyText = text('currency', 3)?.toUpperCase();
	if (currencyText !== undefined && !/^[A-Z]{3}$/.test(currencyText)) fail('currency', 'must be an ISO 4217 code (e.g. EUR)', currencyText);
	const issueDate = date('issueDate');
	if (issueDate === null && !issues.some((i) => i.field === 'issueDate')) fail('issueDate', 'is required', get('issueDate'));
	let dueDate = date('dueDate');
	const paidDate = date('paidDate');
	const termsRaw = get('paymentTermsDays');
	const terms = termsRaw === undefined ? null : Number(termsRaw);
	if (dueDate === null && !issues.some((i) => i.field === 'dueDate') && issueDate !== null) {
		if (creditNote) dueDate = issueDate;
		else if (terms !== null && Number.isInteger(terms) && terms >= 0 && terms <= 3650) dueDate = addDays(issueDate, terms);
		else fail('dueDate', 'is required (or give paymentTermsDays)', get('dueDate'));
	}
	if (issueDate && dueDate && dueDate < issueDate) fail('dueDate', `is before the issue date (${issueDate})`, dueDate);
	if (issueDate && paidDate && paidDate < issueDate) fail('paidDate', `is before the issue date (${issueDate})`, paidDate);
	const statusText = (text('status', 40) ?? '').toLowerCase();
	let status: LedgerRecord['status'] = paidDate ? 'paid' : 'open';
	if (['void', 'voided', 'cancelled', 'canceled', 'draft', 'deleted'].includes(statusText)) status = 'void';
	else if (statusText && !['open', 'paid', 'unpaid', 'overdue', 'due', 'partial', 'partially paid', 'sent', 'outstanding', 'closed', 'settled', 'applied', 'uncollectible', 'written off'].includes(statusText)) {
		fail('status', 'must be open, paid, void (or a common synonym)', statusText);
	}
	// Marked paid without a date (an export that keeps settled rows): settled from the issue date, date unknown.
	const paidUndated = status !== 'void' && !paidDate && ['paid', 'closed', 'settled', 'applied'].includes(statusText);
	if (paidUndated) status = 'paid';
	const disputedRaw = get('disputed');
	const disputedFlag = disputedRaw === undefined ? false : parseBool(disputedRaw);
	if (disputedFlag === undefined) fail('disputed', 'must be true or false', disputedRaw);
	const disputeOpened = date('disputeOpened');
	const disputeClosed = date('disputeClosed');
	const keyRaw = get('keyAccount');
	const keyAccount = keyRaw === undefined ? false : parseBool(keyRaw);
	if (keyAccount === undefined) fail('keyAccount', 'must be true or false', keyRaw);
	if (issues.length) throw new ValidationError(issues);

	const amt = amount as number;
	const payments: LedgerPayment[] = [];
	if (status !== 'void') {
		if (paidDate) payments.push({ date: paidDate, amount: amt });
		else if (paidUndated) payments.push({ date: issueDate as string, amount: amt });
		else if (amountPaid !== null && amountPaid !== 0) payments.push({ date: issueDate as string, amount: Math.sign(amt) * Math.min(Math.abs(amountPaid), Math.abs(amt)) });
	}
	const customer: Record<string, unknown> = {};
	for (const f of ['name', 'firstName', 'email', 'phone', 'locale', 'timeZone', 'country', 'region', 'segment', 'preferredChannel', 'annualValue'] as const) {
		const v = get(f);
		if (v !== undefined) customer[f] = typeof v === 'string' ? v.trim() : v;
	}
	if (terms !== null && Number.isInteger(terms)) customer.paymentTermsDays = terms;
	customer.keyAccount = keyAccount as boolean;
	customer.customerId = customerId;
	const segment = typeof customer.segment === 'string' && customer.segment !== '' ? customer.segment.toLowerCase() : null;
	return {
		invoiceId: invoiceId as string,
		customerId: customerId as string,
		amount: amt,
		currency: currencyText ?? reader.defaultCurrency,
		issueDate: issueDate as string,
		dueDate: dueDate as string,
		paidDate: status === 'void' ? null : paidDate,
		payments,
		status,
		creditNote,
		disputed: (disputedFlag as boolean) || disputeOpened !== null,
		disputeOpened,
		disputeClosed,
		segment,
		keyAccount: keyAccount as boolean,
		customer,
	};
}

/** Whether a value has the shape of a record {@link readLedgerRecord} gives (the fields metrics and replay read). */
export function isLedgerRecord(r: Record<string, unknown>): boolean {
	return typeof r.invoiceId === 'string' && typeof r.customerId === 'string' && typeof r.amount === 'number' && typeof r.currency === 'string' && typeof r.issueDate === 'string' && typeof r.dueDate === 'string' && typeof r.status === 'string' && Array.isArray(r.payments);
}

/** Read a whole ledger; errors name the row (`ledger[4].dueDate`). */
export function readLedger(rows: unknown[], reader: LedgerReader = compileLedgerMap()): LedgerRecord[] {
	return readEach(rows, 'ledger', (row) => readLedgerRecord(row, reader));
}

function addDays(day: string, n: number): string {
	const d = parseDay(day) as number;
	const dt = new Date((d + n) * 86_400_000);
	return dt.toISOString().slice(0, 10);
}
