/**
 * Field mapping: users' billing systems name things differently. A mapping turns one item (any JSON
 * shape) into the canonical records the engine validates: invoice, customer, history, touches, holds,
 * approvals.
 *
 * Presets cover the common shapes (our canonical shape, a Stripe invoice object, a QuickBooks-style
 * invoice, a plain CSV / Google Sheets row); each canonical field can be overridden by a dot path
 * (`metadata.owner_email`, `lines.data.0.description`). Paths are compiled once per run, so mapping
 * costs a few property reads per field and no expression evaluation per item.
 */
import { minorDigits } from './validate';

export type MappingPreset = 'canonical' | 'stripe' | 'quickbooks' | 'csv';

export const INVOICE_FIELDS = [
	'invoiceId',
	'number',
	'customerId',
	'amount',
	'amountPaid',
	'balance',
	'currency',
	'issueDate',
	'dueDate',
	'paymentTermsDays',
	'status',
	'paymentLink',
	'updateLink',
	'disputeLink',
	'autoCharge',
	'autoChargePending',
	'disputed',
	'service',
	'lineItems',
] as const;

export const CUSTOMER_FIELDS = [
	'customerId',
	'name',
	'firstName',
	'lastName',
	'email',
	'phone',
	'locale',
	'timeZone',
	'country',
	'region',
	'preferredChannel',
	'optOut',
	'bounced',
	'segment',
	'keyAccount',
	'annualValue',
	'accountOwner',
	'paymentTermsDays',
	'customerSince',
	'unappliedCredit',
] as const;

export const STATE_FIELDS = ['history', 'touches', 'holds', 'approvals'] as const;

export type InvoiceField = (typeof INVOICE_FIELDS)[number];
export type CustomerField = (typeof CUSTOMER_FIELDS)[number];
export type StateField = (typeof STATE_FIELDS)[number];

/** A mappable target: `invoice.amount`, `customer.email`, `history`... */
export type Target = `invoice.${InvoiceField}` | `customer.${CustomerField}` | StateField;

type Converter = (value: unknown, record: Record<string, unknown>) => unknown;

interface FieldRule {
	/** Candidate paths, first present wins. */
	paths: string[];
	convert?: Converter;
}

type PresetRules = Partial<Record<Target, FieldRule>>;

const STATE_DEFAULTS: PresetRules = {
	history: { paths: ['history', 'paymentHistory', 'customer.history'] },
	touches: { paths: ['touches', 'touchLog'] },
	holds: { paths: ['holds'] },
	approvals: { paths: ['approvals'] },
};

const CANONICAL: PresetRules = {
	'invoice.invoiceId': { paths: ['invoiceId', 'invoice_id', 'id'] },
	'invoice.number': { paths: ['number', 'invoiceNumber'] },
	'invoice.customerId': { paths: ['customerId', 'customer.customerId', 'customer_id'] },
	'invoice.amount': { paths: ['amount', 'total'] },
	'invoice.amountPaid': { paths: ['amountPaid'] },
	'invoice.balance': { paths: ['balance', 'amountDue'] },
	'invoice.currency': { paths: ['currency'] },
	'invoice.issueDate': { paths: ['issueDate'] },
	'invoice.dueDate': { paths: ['dueDate'] },
	'invoice.paymentTermsDays': { paths: ['paymentTermsDays'] },
	'invoice.status': { paths: ['status'] },
	'invoice.paymentLink': { paths: ['paymentLink'] },
	'invoice.updateLink': { paths: ['updateLink'] },
	'invoice.disputeLink': { paths: ['disputeLink'] },
	'invoice.autoCharge': { paths: ['autoCharge'] },
	'invoice.autoChargePending': { paths: ['autoChargePending'] },
	'invoice.disputed': { paths: ['disputed'] },
	'invoice.service': { paths: ['service'] },
	'invoice.lineItems': { paths: ['lineItems'] },
	'customer.customerId': { paths: ['customer.customerId', 'customerId'] },
	'customer.name': { paths: ['customer.name', 'customerName'] },
	'customer.firstName': { paths: ['customer.firstName', 'firstName'] },
	'customer.lastName': { paths: ['customer.lastName', 'lastName'] },
	'customer.email': { paths: ['customer.email', 'email', 'customerEmail'] },
	'customer.phone': { paths: ['customer.phone', 'phone', 'customerPhone'] },
	'customer.locale': { paths: ['customer.locale', 'locale'] },
	'customer.timeZone': { paths: ['customer.timeZone', 'timeZone'] },
	'customer.country': { paths: ['customer.country', 'country'] },
	'customer.region': { paths: ['customer.region', 'region'] },
	'customer.preferredChannel': { paths: ['customer.preferredChannel', 'preferredChannel'] },
	'customer.optOut': { paths: ['customer.optOut', 'optOut'] },
	'customer.bounced': { paths: ['customer.bounced', 'bounced'] },
	'customer.segment': { paths: ['customer.segment', 'customer.tier', 'segment'] },
	'customer.keyAccount': { paths: ['customer.keyAccount', 'keyAccount'] },
	'customer.annualValue': { paths: ['customer.annualValue', 'customer.arr', 'annualValue'] },
	'customer.accountOwner': { paths: ['customer.accountOwner', 'accountOwner'] },
	'customer.paymentTermsDays': { paths: ['customer.paymentTermsDays'] },
	'customer.customerSince': { paths: ['customer.customerSince', 'customerSince'] },
	'customer.unappliedCredit': { paths: ['customer.unappliedCredit', 'unappliedCredit', 'customer.creditOnAccount'] },
	...STATE_DEFAULTS,
};

/** Stripe amounts are integers in the currency's minor unit (cents); JPY has none, KWD three. */
const stripeMoney: Converter = (v, rec) => {
	if (typeof v !== 'number') return v;
	const cur = typeof rec.currency === 'string' ? rec.currency.toUpperCase() : 'USD';
	return v / 10 ** minorDigits(cur);
};

const STRIPE: PresetRules = {
	'invoice.invoiceId': { paths: ['id'] },
	'invoice.number': { paths: ['number'] },
	'invoice.customerId': { paths: ['customer.id', 'customer'] },
	'invoice.amount': { paths: ['amount_due', 'total'], convert: stripeMoney },
	'invoice.amountPaid': { paths: ['amount_paid'], convert: stripeMoney },
	'invoice.currency': { paths: ['currency'] },
	'invoice.issueDate': { paths: ['effective_at', 'created'] },
	'invoice.dueDate': { paths: ['due_date'] },
	'invoice.status': { paths: ['status'] },
	'invoice.paymentLink': { paths: ['hosted_invoice_url'] },
	'invoice.autoCharge': { paths: ['collection_method'], convert: (v) => (v === undefined ? undefined : v === 'charge_automatically') },
	'invoice.autoChargePending': { paths: ['next_payment_attempt'], convert: (v) => (v === undefined ? undefined : v !== null) },
	'invoice.service': { paths: ['lines.data.0.description', 'description'] },
	'invoice.lineItems': {
		paths: ['lines.data'],
		convert: (v, rec) =>
			Array.isArray(v)
				? v.map((l: Record<string, unknown>) => ({ description: l?.description ?? '', amount: stripeMoney(l?.amount, rec), quantity: l?.quantity ?? undefined }))
				: v,
	},
	'customer.customerId': { paths: ['customer.id', 'customer'] },
	'customer.name': { paths: ['customer_name', 'customer.name'] },
	'customer.email': { paths: ['customer_email', 'customer.email'] },
	'customer.phone': { paths: ['customer_phone', 'customer.phone'] },
	'customer.locale': { paths: ['customer.preferred_locales.0', 'metadata.locale'] },
	'customer.timeZone': { paths: ['metadata.time_zone', 'customer.metadata.time_zone'] },
	'customer.country': { paths: ['customer_address.country', 'customer.address.country'] },
	'customer.region': { paths: ['metadata.region', 'customer.metadata.region'] },
	'customer.segment': { paths: ['metadata.segment', 'customer.metadata.segment'] },
	'customer.keyAccount': { paths: ['metadata.key_account', 'customer.metadata.key_account'] },
	'customer.accountOwner': { paths: ['metadata.account_owner', 'customer.metadata.account_owner'] },
	// The customer's credit balance, when the invoice's customer is expanded: negative in Stripe's minor unit is a credit
	// (applied by Stripe to invoices finalized later, not to those already open), positive is owed and no credit.
	'customer.unappliedCredit': { paths: ['customer.balance'], convert: (v, rec) => (typeof v === 'number' ? (v < 0 ? (stripeMoney(-v, rec) as number) : 0) : v) },
	...STATE_DEFAULTS,
};

const QUICKBOOKS: PresetRules = {
	'invoice.invoiceId': { paths: ['Id'] },
	'invoice.number': { paths: ['DocNumber'] },
	'invoice.customerId': { paths: ['CustomerRef.value'] },
	'invoice.amount': { paths: ['TotalAmt'] },
	'invoice.balance': { paths: ['Balance'] },
	'invoice.currency': { paths: ['CurrencyRef.value'] },
	'invoice.issueDate': { paths: ['TxnDate'] },
	'invoice.dueDate': { paths: ['DueDate'] },
	'invoice.status': {
		paths: ['Balance'],
		convert: (v) => (typeof v === 'number' ? (v <= 0 ? 'paid' : 'open') : v),
	},
	'invoice.paymentLink': { paths: ['InvoiceLink'] },
	'invoice.service': { paths: ['Line.0.Description'] },
	'customer.customerId': { paths: ['CustomerRef.value'] },
	'customer.name': { paths: ['CustomerRef.name', 'Customer.DisplayName'] },
	'customer.email': { paths: ['BillEmail.Address', 'Customer.PrimaryEmailAddr.Address'] },
	'customer.phone': { paths: ['Customer.PrimaryPhone.FreeFormNumber'] },
	'customer.country': { paths: ['BillAddr.Country', 'BillAddr.CountryCode'] },
	'customer.region': { paths: ['BillAddr.CountrySubDivisionCode'] },
	...STATE_DEFAULTS,
};

/** "$1,234.50" / "1 234.50" / "USD 1234.5" -> 1234.5 (dot decimals only; anything else is left for validation to reject). */
const csvMoney: Converter = (v) => {
	if (typeof v !== 'string') return v;
	const t = v.trim();
	if (!/^[^\d-]{0,4}\s?-?[\d,\s]*\d(\.\d+)?\s?[^\d]{0,4}$/.test(t)) return v;
	const n = t.replace(/[^\d.-]/g, '');
	return n === '' ? v : n;
};

function csv(names: string[]): string[] {
	// Column names as Sheets/CSV exports write them: "Due Date", "due_date", "dueDate", "DueDate".
	const out: string[] = [];
	for (const n of names) {
		const words = n.split(' ');
		const variants = [
			n,
			words.map((w) => w.toLowerCase()).join('_'),
			words.map((w, i) => (i === 0 ? w.toLowerCase() : w[0].toUpperCase() + w.slice(1).toLowerCase())).join(''),
			words.map((w) => w[0].toUpperCase() + w.slice(1).toLowerCase()).join(''),
			n.toLowerCase(),
		];
		for (const v of variants) if (!out.includes(v)) out.push(v);
	}
	return out;
}

const CSV: PresetRules = {
	'invoice.invoiceId': { paths: csv(['Invoice ID', 'Invoice Number', 'Invoice No', 'Invoice']) },
	'invoice.number': { paths: csv(['Invoice Number', 'Invoice No']) },
	'invoice.customerId': { paths: csv(['Customer ID', 'Customer Number', 'Account ID', 'Account Number']) },
	'invoice.amount': { paths: csv(['Amount', 'Invoice Amount', 'Total', 'Amount Due']), convert: csvMoney },
	'invoice.amountPaid': { paths: csv(['Amount Paid', 'Paid']), convert: csvMoney },
	'invoice.balance': { paths: csv(['Balance', 'Open Balance', 'Outstanding']), convert: csvMoney },
	'invoice.currency': { paths: csv(['Currency']) },
	'invoice.issueDate': { paths: csv(['Issue Date', 'Invoice Date', 'Date']) },
	'invoice.dueDate': { paths: csv(['Due Date']) },
	'invoice.paymentTermsDays': { paths: csv(['Terms Days', 'Payment Terms']) },
	'invoice.status': { paths: csv(['Status']) },
	'invoice.paymentLink': { paths: csv(['Payment Link', 'Pay Link', 'Invoice Link']) },
	'invoice.updateLink': { paths: csv(['Update Link']) },
	'invoice.autoCharge': { paths: csv(['Auto Charge', 'Card On File']) },
	'invoice.disputed': { paths: csv(['Disputed']) },
	'invoice.service': { paths: csv(['Service', 'Description']) },
	'customer.customerId': { paths: csv(['Customer ID', 'Customer Number', 'Account ID', 'Account Number']) },
	'customer.name': { paths: csv(['Customer Name', 'Customer', 'Company', 'Name']) },
	'customer.firstName': { paths: csv(['First Name', 'Contact First Name']) },
	'customer.lastName': { paths: csv(['Last Name']) },
	'customer.email': { paths: csv(['Email', 'Customer Email', 'Billing Email']) },
	'customer.phone': { paths: csv(['Phone', 'Mobile', 'Customer Phone']) },
	'customer.locale': { paths: csv(['Locale', 'Language']) },
	'customer.timeZone': { paths: csv(['Time Zone', 'Timezone']) },
	'customer.country': { paths: csv(['Country']) },
	'customer.region': { paths: csv(['Region', 'State']) },
	'customer.preferredChannel': { paths: csv(['Preferred Channel', 'Channel']) },
	'customer.optOut': { paths: csv(['Opt Out', 'Opted Out']) },
	'customer.segment': { paths: csv(['Segment', 'Tier']) },
	'customer.keyAccount': { paths: csv(['Key Account']) },
	'customer.annualValue': { paths: csv(['Annual Value', 'ARR', 'CLTV']), convert: csvMoney },
	'customer.accountOwner': { paths: csv(['Account Owner', 'Owner', 'AE', 'CSM']) },
	'customer.customerSince': { paths: csv(['Customer Since']) },
	'customer.unappliedCredit': { paths: csv(['Unapplied Credit', 'Credit On Account', 'Unapplied Cash', 'Unapplied Payments', 'Credit Balance']), convert: csvMoney },
	...STATE_DEFAULTS,
};

export const PRESETS: Record<MappingPreset, PresetRules> = {
	canonical: CANONICAL,
	stripe: STRIPE,
	quickbooks: QUICKBOOKS,
	csv: CSV,
};

const FORBIDDEN_KEYS = new Set(['__proto__', 'prototype', 'constructor']);

/** Compile `a.b.0.c` into keys; rejects prototype-reaching segments. */
export function compilePath(path: string): string[] | null {
	if (typeof path !== 'string' || path.length === 0 || path.length > 300) return null;
	const keys = path.replace(/\[(\d+)\]/g, '.$1').split('.');
	if (keys.some((k) => k === '' || FORBIDDEN_KEYS.has(k))) return null;
	return keys;
}

const hasOwn = Object.prototype.hasOwnProperty;

function readPath(obj: unknown, keys: string[]): unknown {
	if (obj === null || typeof obj !== 'object') return undefined;
	const k0 = keys[0];
	if (!hasOwn.call(obj, k0)) return undefined;
	const first = (obj as Record<string, unknown>)[k0];
	if (keys.length === 1) return first;
	if (keys.length === 2) {
		if (first === null || typeof first !== 'object') return undefined;
		const k1 = keys[1];
		return hasOwn.call(first, k1) ? (first as Record<string, unknown>)[k1] : undefined;
	}
	let cur: unknown = obj;
	for (const k of keys) {
		if (cur === null || typeof cur !== 'object') return undefined;
		if (!Object.prototype.hasOwnProperty.call(cur, k)) return undefined;
		cur = (cur as Record<string, unknown>)[k];
	}
	return cur;
}

interface CompiledRule {
	target: Target;
	paths: string[][];
	convert?: Converter;
	/** Precomputed destination: which record, which key (no string work per item). */
	bucket?: 'invoice' | 'customer' | 'state';
	key?: string;
}

export interface CompiledMapping {
	preset: MappingPreset;
	rules: CompiledRule[];
}

export interface MappedRecord {
	invoice: Record<string, unknown>;
	customer: Record<string, unknown>;
	history?: unknown;
	touches?: unknown;
	holds?: unknown;
	approvals?: unknown;
}

export class MappingError extends Error {
	constructor(
		readonly field: string,
		message: string,
	) {
		super(message);
		this.name = 'MappingError';
	}
}

const ALL_TARGETS: Target[] = [
	...INVOICE_FIELDS.map((f) => `invoice.${f}` as Target),
	...CUSTOMER_FIELDS.map((f) => `customer.${f}` as Target),
	...STATE_FIELDS,
];

export function isTarget(t: string): t is Target {
	return (ALL_TARGETS as string[]).includes(t);
}

/** Build a mapping from a preset plus per-field overrides (`{ 'customer.email': 'contact.mail' }`). */
export function compileMapping(preset: MappingPreset, overrides: Record<string, string> = {}): CompiledMapping {
	const base = PRESETS[preset];
	if (!base) throw new MappingError('mapping.preset', `unknown preset "${String(preset)}" (use canonical, stripe, quickbooks or csv)`);
	const rules: CompiledRule[] = [];
	for (const target of ALL_TARGETS) {
		const override = Object.prototype.hasOwnProperty.call(overrides, target) ? overrides[target] : undefined;
		if (override !== undefined && override !== '') {
			const keys = compilePath(override);
			if (!keys) throw new MappingError(`mapping.${target}`, `"${override}" is not a valid field path (use dots, e.g. customer.email)`);
			rules.push({ target, paths: [keys] });
			continue;
		}
		const rule = base[target];
		if (rule) rules.push({ target, paths: rule.paths.map((p) => compilePath(p) as string[]), convert: rule.convert });
	}
	for (const key of Object.keys(overrides)) {
		if (!isTarget(key)) throw new MappingError('mapping', `unknown field "${key}"`);
	}
	for (const r of rules) {
		if (r.target.startsWith('invoice.')) {
			r.bucket = 'invoice';
			r.key = r.target.slice(8);
		} else if (r.target.startsWith('customer.')) {
			r.bucket = 'customer';
			r.key = r.target.slice(9);
		} else {
			r.bucket = 'state';
			r.key = r.target;
		}
	}
	return { preset, rules };
}

/**
 * The mapped records have every field of their kind from the start (undefined when not mapped), so that
 * each item's records share one object shape: the stores below and validation's reads stay fast.
 * Validation reads `undefined` as absent.
 */
function mappedInvoice(): Record<string, unknown> {
	return {
		invoiceId: undefined,
		number: undefined,
		customerId: undefined,
		amount: undefined,
		amountPaid: undefined,
		balance: undefined,
		currency: undefined,
		issueDate: undefined,
		dueDate: undefined,
		paymentTermsDays: undefined,
		status: undefined,
		paymentLink: undefined,
		updateLink: undefined,
		disputeLink: undefined,
		autoCharge: undefined,
		autoChargePending: undefined,
		disputed: undefined,
		service: undefined,
		lineItems: undefined,
	} satisfies Record<InvoiceField, undefined>;
}

function mappedCustomer(): Record<string, unknown> {
	return {
		customerId: undefined,
		name: undefined,
		firstName: undefined,
		lastName: undefined,
		email: undefined,
		phone: undefined,
		locale: undefined,
		timeZone: undefined,
		country: undefined,
		region: undefined,
		preferredChannel: undefined,
		optOut: undefined,
		bounced: undefined,
		segment: undefined,
		keyAccount: undefined,
		annualValue: undefined,
		accountOwner: undefined,
		paymentTermsDays: undefined,
		customerSince: undefined,
		unappliedCredit: undefined,
	} satisfies Record<CustomerField, undefined>;
}

/** Apply a compiled mapping to one item's JSON. */
export function applyMapping(mapping: CompiledMapping, json: Record<string, unknown>): MappedRecord {
	const out: MappedRecord = { invoice: mappedInvoice(), customer: mappedCustomer(), history: undefined, touches: undefined, holds: undefined, approvals: undefined };
	for (const rule of mapping.rules) {
		let value: unknown;
		for (const p of rule.paths) {
			value = readPath(json, p);
			if (value !== undefined && value !== null) break;
		}
		if (value === undefined) continue;
		if (rule.convert) value = rule.convert(value, json);
		if (value === undefined) continue;
		if (rule.bucket === 'invoice') out.invoice[rule.key as string] = value;
		else if (rule.bucket === 'customer') out.customer[rule.key as string] = value;
		else out[rule.key as StateField] = value;
	}
	// A customer object given only by id (Stripe's `customer: "cus_..."`) still has an id.
	if (out.customer.customerId === undefined && out.invoice.customerId !== undefined) out.customer.customerId = out.invoice.customerId;
	if (typeof out.customer.customerId === 'object') out.customer.customerId = out.invoice.customerId;
	return out;
}
