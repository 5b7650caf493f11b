/**
 * Seeded, deterministic generator of a realistic accounts-receivable ledger, shared by the tests and
 * the benchmarks (issues 3 and 10).
 *
 * One item per open invoice, in the canonical item shape (mapping preset `canonical`):
 *
 *     { invoiceId, customerId, number, amount, amountPaid, currency, issueDate, dueDate, status,
 *       paymentLink, autoCharge, autoChargePending?, disputed?, service,
 *       customer: { customerId, name, firstName, email?, phone?, locale, timeZone, country, region?,
 *                   segment, keyAccount, annualValue, accountOwner { name, email }, optOut,
 *                   preferredChannel?, paymentTermsDays, customerSince },
 *       history: PastInvoice[] | HistorySummary | undefined,
 *       touches: Touch[], holds: Hold[] }
 *
 * Realism (what a daily run over a real ledger sees):
 * - customers in 35 places (US states, GB-ENG/SCT, IE, DE-BY/BE/NW, FR, ES, NL, IT, SE, CH, AU-NSW/VIC/QLD,
 *   NZ, JP, SG, IN, BR-SP, MX, CA-ON/BC/QC, ZA), each with its time zone, currency, locale and phone prefix;
 * - segments (smb, mid-market, enterprise, consumer, public sector), about 5 % key accounts;
 * - amounts log-normal around a per-customer typical amount (itself log-normal per segment), converted
 *   to the local currency and rounded to its minor unit (JPY has none);
 * - a latent lateness propensity per customer (about 12 % chronic late payers, 25 % occasional, the rest
 *   reliable) drives both the past invoices' paid dates and how far past due the open ones are;
 * - net-15/30/60 terms, due dates from 60 days ahead to 120 days past `asOf`, issue dates never after it;
 * - history as a raw list of past invoices (most customers; the customer's other open invoices appear
 *   there unpaid, as a billing export shows them), a summary (some), or nothing (new customers);
 * - a touch log replayed from the default cadence with the catch-up rule, one missed daily run for
 *   everyone (a server outage) and a few missed per invoice, so catch-up, "already sent" and minimum-gap
 *   situations occur; the customer's recent touches on other invoices are included (touch cap);
 * - holds: disputes (invoice flag or hold), promises to pay (some already broken), payment plans,
 *   replies, manual pauses, out-of-office, SMS STOP opt-outs, bounced e-mail, released (inactive) holds;
 * - a few paid / void invoices still in the list, partial payments, failed cards (autoChargePending false),
 *   missing e-mail, missing phone, no contact at all.
 *
 * Customer objects and history lists are shared by reference between the invoices of one customer (a
 * JSON export repeats them by value: JSON.parse(JSON.stringify(item)) gives each item its own copy, as
 * n8n hands items to a node; the benchmarks do that). The items are plain JSON.
 *
 * Speed: no Date objects or luxon in the loops (day numbers and a civil-calendar formatter); 100,000
 * items take about a second.
 *
 * The file has no runtime imports so that the benchmark can transpile it on its own (test/bench/core.js).
 */

// ---------------------------------------------------------------------------------------------
// Public shape

export type LedgerChannel = 'email' | 'sms' | 'whatsapp' | 'letter' | 'phone' | 'internal';

export interface LedgerCustomer {
	customerId: string;
	name: string;
	firstName: string;
	email?: string;
	phone?: string;
	locale: string;
	timeZone: string;
	country: string;
	region?: string;
	segment: 'enterprise' | 'mid-market' | 'smb' | 'consumer' | 'public-sector' | 'other';
	keyAccount: boolean;
	annualValue: number;
	accountOwner: { name: string; email: string };
	optOut: LedgerChannel[];
	preferredChannel?: LedgerChannel;
	paymentTermsDays: number;
	customerSince: string;
}

export interface LedgerPastInvoice {
	invoiceId: string;
	issueDate: string;
	dueDate: string;
	paidDate: string | null;
	amount: number;
	disputed: boolean;
	failedCharges?: number;
	partial?: boolean;
	brokenPromises?: number;
}

export interface LedgerHistorySummary {
	invoiceCount: number;
	paidLateCount: number;
	avgDaysLate: number;
	recentAvgDaysLate: number;
	avgAmount: number;
	disputes: number;
	failedCharges: number;
	partialPayments: number;
	brokenPromises: number;
	promisesKept: number;
	openPastDueCount: number;
}

export interface LedgerTouch {
	invoiceId: string;
	customerId: string;
	step: string;
	channel: LedgerChannel;
	sentAt: string;
	dedupeKey: string;
	status: 'sent' | 'failed';
}

export interface LedgerHold {
	holdId: string;
	type: 'dispute' | 'promise' | 'plan' | 'replied' | 'pause' | 'ooo' | 'bounced' | 'optout';
	invoiceId?: string;
	customerId: string;
	channel?: LedgerChannel;
	createdAt: string;
	until: string | null;
	active: boolean;
	amount?: number;
	note?: string;
}

export interface LedgerApproval {
	invoiceId: string;
	step: string;
	decision: 'approved' | 'rejected';
	by: string;
	at: string;
}

export interface LedgerItem {
	invoiceId: string;
	customerId: string;
	number: string;
	amount: number;
	amountPaid: number;
	currency: string;
	issueDate: string;
	dueDate: string;
	status: 'open' | 'paid' | 'void';
	paymentLink: string;
	autoCharge: boolean;
	autoChargePending?: boolean;
	disputed?: boolean;
	service: string;
	customer: LedgerCustomer;
	history?: LedgerPastInvoice[] | LedgerHistorySummary;
	touches: LedgerTouch[];
	holds: LedgerHold[];
	/** Decisions on firm steps that needed an approval (key accounts, large balances). */
	approvals?: LedgerApproval[];
}

/** A cadence step as the touch-log replay needs it (defaults: the default policy's cadence). */
export interface LedgerStep {
	id: string;
	offsetDays: number;
	channels: LedgerChannel[];
}

export interface LedgerOptions {
	/** Any integer or text; the same seed gives the same ledger. */
	seed: number | string;
	/** Number of items (open invoices, plus the few paid/void ones still listed). */
	invoices: number;
	/** The decision instant the ledger is anchored to (ISO with Z/offset, or epoch ms). Default 2026-03-17T15:00:00Z. */
	asOf?: string | number;
	/** Number of customers (each gets at least one invoice). Default: about invoices / 2.4. */
	customers?: number;
	/** Cadence replayed into the touch log; must match the policy the ledger is decided with. */
	steps?: LedgerStep[];
}

export const DEFAULT_AS_OF = '2026-03-17T15:00:00Z';

/** The default policy's cadence (nodes/core/policy.ts DEFAULT_STEPS): id, offset, channels. */
export const DEFAULT_LEDGER_STEPS: readonly LedgerStep[] = Object.freeze([
	{ id: 'D-7', offsetDays: -7, channels: ['email'] },
	{ id: 'D-3', offsetDays: -3, channels: ['email'] },
	{ id: 'D-1', offsetDays: -1, channels: ['email'] },
	{ id: 'D0', offsetDays: 0, channels: ['email'] },
	{ id: 'D+1', offsetDays: 1, channels: ['email', 'sms'] },
	{ id: 'D+7', offsetDays: 7, channels: ['email'] },
	{ id: 'D+14', offsetDays: 14, channels: ['email', 'sms'] },
	{ id: 'D+15', offsetDays: 15, channels: ['internal'] },
	{ id: 'D+21', offsetDays: 21, channels: ['email'] },
	{ id: 'D+30', offsetDays: 30, channels: ['email'] },
	{ id: 'D+45', offsetDays: 45, channels: ['internal'] },
] as LedgerStep[]);

// ---------------------------------------------------------------------------------------------
// Deterministic randomness

/** mulberry32: small, fast, good enough for synthetic data. */
export class Rng {
	private s: number;

	constructor(seed: number | string) {
		this.s = hashSeed(seed);
	}

	/** Uniform in [0, 1). */
	next(): number {
		let t = (this.s = (this.s + 0x6d2b79f5) | 0);
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	}

	/** Integer in [min, max]. */
	int(min: number, max: number): number {
		return min + Math.floor(this.next() * (max - min + 1));
	}

	uniform(min: number, max: number): number {
		return min + this.next() * (max - min);
	}

	chance(p: number): boolean {
		return this.next() < p;
	}

	pick<T>(list: readonly T[]): T {
		return list[Math.floor(this.next() * list.length)];
	}

	/** Standard normal (Box-Muller). */
	normal(): number {
		const u = 1 - this.next();
		const v = this.next();
		return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
	}

	/** Log-normal with the given median and sigma (of the log). */
	logNormal(median: number, sigma: number): number {
		return median * Math.exp(sigma * this.normal());
	}

	/** Exponential with the given mean. */
	exp(mean: number): number {
		return -mean * Math.log(1 - this.next());
	}

	/** Index drawn by weight from a cumulative weight table. */
	weighted(cumulative: readonly number[]): number {
		const x = this.next() * cumulative[cumulative.length - 1];
		let lo = 0;
		let hi = cumulative.length - 1;
		while (lo < hi) {
			const mid = (lo + hi) >> 1;
			if (cumulative[mid] > x) hi = mid;
			else lo = mid + 1;
		}
		return lo;
	}
}

function hashSeed(seed: number | string): number {
	const text = typeof seed === 'number' ? `n:${seed}` : `s:${seed}`;
	let h = 2166136261;
	for (let i = 0; i < text.length; i++) {
		h ^= text.charCodeAt(i);
		h = Math.imul(h, 16777619);
	}
	return h >>> 0;
}

function cumulate(weights: readonly number[]): number[] {
	const out: number[] = [];
	let sum = 0;
	for (const w of weights) out.push((sum += w));
	return out;
}

// ---------------------------------------------------------------------------------------------
// Calendar without Date objects

const MS_PER_DAY = 86_400_000;

/** Day number (days since 1970-01-01) -> YYYY-MM-DD (Hinnant's civil_from_days). */
export function dayToIso(day: number): string {
	const z = day + 719468;
	const era = Math.floor(z / 146097);
	const doe = z - era * 146097;
	const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
	const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
	const mp = Math.floor((5 * doy + 2) / 153);
	const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
	const m = mp < 10 ? mp + 3 : mp - 9;
	const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
	return `${y}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;
}

/** Epoch ms -> ISO instant with whole seconds (`2026-03-17T15:00:00Z`). */
function msToIso(ms: number): string {
	const day = Math.floor(ms / MS_PER_DAY);
	let rest = Math.floor((ms - day * MS_PER_DAY) / 1000);
	const h = Math.floor(rest / 3600);
	rest -= h * 3600;
	const mi = Math.floor(rest / 60);
	const s = rest - mi * 60;
	return `${dayToIso(day)}T${h < 10 ? '0' : ''}${h}:${mi < 10 ? '0' : ''}${mi}:${s < 10 ? '0' : ''}${s}Z`;
}

/** ISO weekday of a day number: 1 = Monday ... 7 = Sunday. */
function weekday(day: number): number {
	return ((((day + 3) % 7) + 7) % 7) + 1;
}

// ---------------------------------------------------------------------------------------------
// Places, people, money

interface Place {
	key: string;
	country: string;
	region?: string;
	timeZone: string;
	/** Standard UTC offset in hours (for plausible send times in the touch log only). */
	utcOffset: number;
	currency: string;
	locale: string;
	phone: string;
	weight: number;
	/** Share of customers who prefer WhatsApp / SMS. */
	whatsapp: number;
	suffix: readonly string[];
	firstNames: readonly string[];
	cities: readonly string[];
}

const EN_US = ['James', 'Mary', 'Robert', 'Patricia', 'Michael', 'Jennifer', 'David', 'Linda', 'Maria', 'Daniel', 'Aisha', 'Kevin', 'Emily', 'Carlos', 'Grace', 'Tyler'];
const EN_GB = ['Oliver', 'Amelia', 'Harry', 'Isla', 'George', 'Ava', 'Jack', 'Freya', 'Priya', 'Callum', 'Sophie', 'Rhys'];
const EN_IE = ['Seán', 'Aoife', 'Ciarán', 'Niamh', 'Conor', 'Siobhán', 'Liam', 'Róisín'];
const DE = ['Lukas', 'Anna', 'Jonas', 'Lea', 'Felix', 'Marie', 'Maximilian', 'Sophie', 'Jürgen', 'Özlem', 'Katrin', 'Tobias'];
const FR = ['Louis', 'Camille', 'Hugo', 'Léa', 'Gabriel', 'Chloé', 'Arthur', 'Manon', 'Élodie', 'Théo'];
const ES = ['Hugo', 'Lucía', 'Martín', 'Sofía', 'Pablo', 'María', 'Álvaro', 'Carmen', 'Javier', 'Nuria'];
const NL = ['Daan', 'Emma', 'Sem', 'Julia', 'Lars', 'Sanne', 'Bram', 'Fleur'];
const IT = ['Leonardo', 'Giulia', 'Francesco', 'Chiara', 'Alessandro', 'Martina', 'Matteo', 'Elena'];
const SV = ['Erik', 'Astrid', 'Oskar', 'Elsa', 'Nils', 'Maja', 'Axel', 'Ingrid'];
const AU = ['Jack', 'Charlotte', 'William', 'Olivia', 'Noah', 'Mia', 'Lachlan', 'Matilda', 'Kai', 'Zoe'];
const JA = ['Haruto', 'Yui', 'Sota', 'Aoi', 'Ren', 'Sakura', 'Takumi', 'Hina'];
const IN = ['Aarav', 'Ananya', 'Vihaan', 'Diya', 'Arjun', 'Isha', 'Rohan', 'Kavya', 'Sanjay', 'Meera'];
const PT_BR = ['João', 'Ana', 'Pedro', 'Mariana', 'Lucas', 'Beatriz', 'Gabriel', 'Larissa', 'Thiago', 'Camila'];
const ES_MX = ['Santiago', 'Valentina', 'Mateo', 'Regina', 'Diego', 'Ximena', 'Emiliano', 'Renata'];
const SG = ['Wei Ming', 'Li Na', 'Jun Jie', 'Hui Min', 'Ravi', 'Nurul', 'Marcus', 'Shu Fen'];
const ZA = ['Thabo', 'Lerato', 'Pieter', 'Naledi', 'Sipho', 'Anika', 'Johan', 'Zanele'];
const FR_CA = ['Félix', 'Florence', 'William', 'Alice', 'Samuel', 'Rosalie'];

const US_SUFFIX = ['Inc.', 'LLC', 'Co.', 'Corp.'];
const P = (
	key: string,
	country: string,
	region: string | undefined,
	timeZone: string,
	utcOffset: number,
	currency: string,
	locale: string,
	phone: string,
	weight: number,
	whatsapp: number,
	suffix: readonly string[],
	firstNames: readonly string[],
	cities: readonly string[],
): Place => ({ key, country, region, timeZone, utcOffset, currency, locale, phone, weight, whatsapp, suffix, firstNames, cities });

export const PLACES: readonly Place[] = [
	P('US-NY', 'US', 'NY', 'America/New_York', -5, 'USD', 'en-US', '+1 212 555', 9, 0.02, US_SUFFIX, EN_US, ['New York', 'Brooklyn', 'Buffalo']),
	P('US-CA', 'US', 'CA', 'America/Los_Angeles', -8, 'USD', 'en-US', '+1 415 555', 9, 0.03, US_SUFFIX, EN_US, ['San Francisco', 'Los Angeles', 'San Diego']),
	P('US-TX', 'US', 'TX', 'America/Chicago', -6, 'USD', 'en-US', '+1 512 555', 6, 0.04, US_SUFFIX, EN_US, ['Austin', 'Houston', 'Dallas']),
	P('US-IL', 'US', 'IL', 'America/Chicago', -6, 'USD', 'en-US', '+1 312 555', 4, 0.02, US_SUFFIX, EN_US, ['Chicago', 'Naperville']),
	P('US-WA', 'US', 'WA', 'America/Los_Angeles', -8, 'USD', 'en-US', '+1 206 555', 3, 0.02, US_SUFFIX, EN_US, ['Seattle', 'Spokane']),
	P('US-FL', 'US', 'FL', 'America/New_York', -5, 'USD', 'en-US', '+1 305 555', 4, 0.08, US_SUFFIX, EN_US, ['Miami', 'Orlando', 'Tampa']),
	P('US-CO', 'US', 'CO', 'America/Denver', -7, 'USD', 'en-US', '+1 303 555', 2, 0.02, US_SUFFIX, EN_US, ['Denver', 'Boulder']),
	P('US-AZ', 'US', 'AZ', 'America/Phoenix', -7, 'USD', 'en-US', '+1 602 555', 2, 0.03, US_SUFFIX, EN_US, ['Phoenix', 'Tucson']),
	P('US-MA', 'US', 'MA', 'America/New_York', -5, 'USD', 'en-US', '+1 617 555', 2, 0.02, US_SUFFIX, EN_US, ['Boston', 'Cambridge']),
	P('US-HI', 'US', 'HI', 'Pacific/Honolulu', -10, 'USD', 'en-US', '+1 808 555', 0.5, 0.02, US_SUFFIX, EN_US, ['Honolulu']),
	P('GB-ENG', 'GB', 'ENG', 'Europe/London', 0, 'GBP', 'en-GB', '+44 20 7946', 8, 0.1, ['Ltd', 'plc', 'LLP'], EN_GB, ['London', 'Manchester', 'Bristol', 'Leeds']),
	P('GB-SCT', 'GB', 'SCT', 'Europe/London', 0, 'GBP', 'en-GB', '+44 131 496', 1.5, 0.1, ['Ltd'], EN_GB, ['Edinburgh', 'Glasgow']),
	P('IE', 'IE', undefined, 'Europe/Dublin', 0, 'EUR', 'en-IE', '+353 1 555', 1.5, 0.15, ['Ltd', 'DAC'], EN_IE, ['Dublin', 'Cork', 'Galway']),
	P('DE-BY', 'DE', 'BY', 'Europe/Berlin', 1, 'EUR', 'de-DE', '+49 89 555', 3, 0.2, ['GmbH', 'AG', 'KG'], DE, ['München', 'Nürnberg', 'Augsburg']),
	P('DE-BE', 'DE', 'BE', 'Europe/Berlin', 1, 'EUR', 'de-DE', '+49 30 555', 2, 0.2, ['GmbH', 'UG'], DE, ['Berlin']),
	P('DE-NW', 'DE', 'NW', 'Europe/Berlin', 1, 'EUR', 'de-DE', '+49 221 555', 2.5, 0.2, ['GmbH', 'AG'], DE, ['Köln', 'Düsseldorf', 'Dortmund']),
	P('FR', 'FR', undefined, 'Europe/Paris', 1, 'EUR', 'fr-FR', '+33 1 55 55', 4, 0.25, ['SAS', 'SARL', 'SA'], FR, ['Paris', 'Lyon', 'Marseille', 'Toulouse']),
	P('ES-MD', 'ES', 'MD', 'Europe/Madrid', 1, 'EUR', 'es-ES', '+34 91 555', 2, 0.5, ['S.L.', 'S.A.'], ES, ['Madrid']),
	P('ES-CT', 'ES', 'CT', 'Europe/Madrid', 1, 'EUR', 'es-ES', '+34 93 555', 1.5, 0.5, ['S.L.'], ES, ['Barcelona', 'Girona']),
	P('NL', 'NL', undefined, 'Europe/Amsterdam', 1, 'EUR', 'nl-NL', '+31 20 555', 2, 0.4, ['B.V.'], NL, ['Amsterdam', 'Rotterdam', 'Utrecht']),
	P('IT', 'IT', undefined, 'Europe/Rome', 1, 'EUR', 'it-IT', '+39 02 555', 1.5, 0.5, ['S.r.l.', 'S.p.A.'], IT, ['Milano', 'Roma', 'Torino']),
	P('SE', 'SE', undefined, 'Europe/Stockholm', 1, 'SEK', 'sv-SE', '+46 8 555', 1, 0.1, ['AB'], SV, ['Stockholm', 'Göteborg']),
	P('CH-ZH', 'CH', 'ZH', 'Europe/Zurich', 1, 'CHF', 'de-CH', '+41 44 555', 1, 0.3, ['AG', 'GmbH'], DE, ['Zürich', 'Winterthur']),
	P('AU-NSW', 'AU', 'NSW', 'Australia/Sydney', 11, 'AUD', 'en-AU', '+61 2 5550', 3, 0.05, ['Pty Ltd'], AU, ['Sydney', 'Newcastle']),
	P('AU-VIC', 'AU', 'VIC', 'Australia/Melbourne', 11, 'AUD', 'en-AU', '+61 3 5550', 2, 0.05, ['Pty Ltd'], AU, ['Melbourne', 'Geelong']),
	P('AU-QLD', 'AU', 'QLD', 'Australia/Brisbane', 10, 'AUD', 'en-AU', '+61 7 5550', 1, 0.05, ['Pty Ltd'], AU, ['Brisbane']),
	P('NZ', 'NZ', undefined, 'Pacific/Auckland', 13, 'NZD', 'en-NZ', '+64 9 555', 1, 0.05, ['Ltd'], AU, ['Auckland', 'Wellington']),
	P('JP', 'JP', undefined, 'Asia/Tokyo', 9, 'JPY', 'ja-JP', '+81 3 5555', 2.5, 0.02, ['K.K.', 'G.K.'], JA, ['Tokyo', 'Osaka', 'Yokohama']),
	P('SG', 'SG', undefined, 'Asia/Singapore', 8, 'SGD', 'en-SG', '+65 6555', 1.5, 0.5, ['Pte Ltd'], SG, ['Singapore']),
	P('IN', 'IN', undefined, 'Asia/Kolkata', 5.5, 'INR', 'en-IN', '+91 22 5555', 3, 0.7, ['Pvt Ltd', 'LLP'], IN, ['Mumbai', 'Bengaluru', 'Pune', 'Delhi']),
	P('BR-SP', 'BR', 'SP', 'America/Sao_Paulo', -3, 'BRL', 'pt-BR', '+55 11 5555', 2.5, 0.8, ['Ltda', 'S.A.'], PT_BR, ['São Paulo', 'Campinas']),
	P('MX', 'MX', undefined, 'America/Mexico_City', -6, 'MXN', 'es-MX', '+52 55 5555', 1.5, 0.7, ['S.A. de C.V.'], ES_MX, ['Ciudad de México', 'Guadalajara']),
	P('CA-ON', 'CA', 'ON', 'America/Toronto', -5, 'CAD', 'en-CA', '+1 416 555', 3, 0.03, ['Inc.', 'Ltd.'], EN_US, ['Toronto', 'Ottawa']),
	P('CA-BC', 'CA', 'BC', 'America/Vancouver', -8, 'CAD', 'en-CA', '+1 604 555', 1.5, 0.03, ['Inc.', 'Ltd.'], EN_US, ['Vancouver', 'Victoria']),
	P('CA-QC', 'CA', 'QC', 'America/Toronto', -5, 'CAD', 'fr-CA', '+1 514 555', 1, 0.03, ['Inc.', 'Ltée'], FR_CA, ['Montréal', 'Québec']),
	P('ZA', 'ZA', undefined, 'Africa/Johannesburg', 2, 'ZAR', 'en-ZA', '+27 21 555', 1, 0.6, ['(Pty) Ltd'], ZA, ['Cape Town', 'Johannesburg']),
];
const PLACE_CUM = cumulate(PLACES.map((p) => p.weight));

/** Units of the currency per US dollar (rounded, for plausible magnitudes only). */
const FX: Readonly<Record<string, number>> = {
	USD: 1, GBP: 0.79, EUR: 0.92, SEK: 10.5, CHF: 0.88, AUD: 1.52, NZD: 1.65, JPY: 150, SGD: 1.34,
	INR: 83, BRL: 5, MXN: 17, CAD: 1.36, ZAR: 18.5,
};
const ZERO_DECIMALS = new Set(['JPY']);

function money(usd: number, currency: string): number {
	const v = usd * FX[currency];
	if (ZERO_DECIMALS.has(currency)) return Math.max(1, Math.round(v));
	// Prices end in round-ish numbers: cents for small amounts, whole units above 1,000.
	return v >= 1000 ? Math.round(v) : Math.max(1, Math.round(v * 100) / 100);
}

type Segment = LedgerCustomer['segment'];

interface SegmentProfile {
	segment: Segment;
	weight: number;
	/** Median invoice amount (USD) and the spread of customers' typical amounts around it. */
	medianUsd: number;
	spread: number;
	keyAccount: number;
	autoCharge: number;
	terms: readonly number[];
	termsCum: number[];
	/** Mean number of open invoices (relative). */
	openWeight: number;
	/** Invoices per year. */
	perYear: number;
}

const S = (segment: Segment, weight: number, medianUsd: number, spread: number, keyAccount: number, autoCharge: number, terms: number[], termsW: number[], openWeight: number, perYear: number): SegmentProfile => ({
	segment, weight, medianUsd, spread, keyAccount, autoCharge, terms, termsCum: cumulate(termsW), openWeight, perYear,
});

const SEGMENTS: readonly SegmentProfile[] = [
	S('smb', 45, 1200, 0.9, 0, 0.3, [15, 30, 60], [30, 62, 8], 1, 12),
	S('mid-market', 18, 6500, 0.8, 0.04, 0.1, [15, 30, 60], [10, 70, 20], 1.6, 12),
	S('enterprise', 8, 32000, 0.9, 0.45, 0.02, [30, 60], [55, 45], 3, 12),
	S('consumer', 20, 90, 0.7, 0, 0.55, [15, 30], [70, 30], 0.6, 12),
	S('public-sector', 5, 15000, 0.9, 0.2, 0, [30, 60], [60, 40], 2, 6),
	S('other', 4, 2500, 1, 0.02, 0.15, [15, 30, 60], [30, 55, 15], 1, 8),
];
const SEGMENT_CUM = cumulate(SEGMENTS.map((s) => s.weight));

const NAME_A = ['North', 'Blue', 'Silver', 'Bright', 'Cedar', 'Harbor', 'Summit', 'Maple', 'Iron', 'Golden', 'River', 'Pine', 'Oak', 'Stone', 'Red', 'Clear', 'Swift', 'Lumen', 'Vertex', 'Orbit', 'Alder', 'Copper', 'Falcon', 'Granite', 'Juniper', 'Kestrel', 'Meadow', 'Nimbus', 'Quarry', 'Willow'];
const NAME_B = ['wind', 'field', 'point', 'gate', 'bridge', 'works', 'line', 'peak', 'light', 'brook', 'stone', 'wave', 'craft', 'forge', 'path', 'leaf', 'mark', 'haven', 'spring', 'view'];
const NAME_C = ['Logistics', 'Analytics', 'Dental', 'Studio', 'Foods', 'Labs', 'Systems', 'Consulting', 'Outfitters', 'Health', 'Media', 'Robotics', 'Energy', 'Design', 'Supply', 'Legal', 'Architects', 'Hospitality', 'Education', 'Retail'];
const SERVICES = ['Platform subscription', 'Support retainer', 'Consulting services', 'Hardware lease', 'Managed hosting', 'Licences', 'Maintenance contract', 'Professional services', 'Usage charges', 'Training'];
const LAST = ['Smith', 'Garcia', 'Müller', 'Martin', 'Tanaka', 'Silva', 'Patel', 'Kowalski', 'Nguyen', 'Brown', 'Rossi', 'Andersson', 'Dubois', 'Kim', 'Okafor', 'Murphy'];
const OWNERS: ReadonlyArray<{ name: string; email: string }> = [
	{ name: 'Dana Whitfield', email: 'dana.whitfield@example.com' },
	{ name: 'Marco Ferri', email: 'marco.ferri@example.com' },
	{ name: 'Priya Raman', email: 'priya.raman@example.com' },
	{ name: 'Lena Vogt', email: 'lena.vogt@example.com' },
	{ name: 'Tom Okafor', email: 'tom.okafor@example.com' },
	{ name: 'Yuki Mori', email: 'yuki.mori@example.com' },
	{ name: 'Sam Delgado', email: 'sam.delgado@example.com' },
	{ name: 'Chloé Martin', email: 'chloe.martin@example.com' },
];

function slug(text: string): string {
	return text
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-|-$/g, '');
}

function pad(n: number, width: number): string {
	const s = String(n);
	return s.length >= width ? s : '0'.repeat(width - s.length) + s;
}

// ---------------------------------------------------------------------------------------------
// Generation

interface Behaviour {
	/** Latent probability of paying an invoice late. */
	lateProp: number;
	/** Mean days late when late. */
	meanLate: number;
	/** Recent drift: later invoices are paid this much later (days, can be negative). */
	drift: number;
	disputeProp: number;
	class: 'reliable' | 'occasional' | 'chronic';
}

interface CustomerDraft {
	index: number;
	customer: LedgerCustomer;
	place: Place;
	seg: SegmentProfile;
	behaviour: Behaviour;
	typicalUsd: number;
	autoCharge: boolean;
	tenureDays: number;
	historyKind: 'list' | 'summary' | 'none';
	invoices: LedgerItem[];
	holds: LedgerHold[];
	touches: LedgerTouch[];
}

function behaviourFor(rng: Rng, seg: SegmentProfile): Behaviour {
	const r = rng.next();
	const slowPayer = seg.segment === 'public-sector' ? 0.1 : 0;
	if (r < 0.12 + slowPayer) {
		return { class: 'chronic', lateProp: rng.uniform(0.55, 0.95), meanLate: rng.uniform(15, 45), drift: rng.uniform(-2, 8), disputeProp: rng.uniform(0.02, 0.12) };
	}
	if (r < 0.37 + slowPayer) {
		return { class: 'occasional', lateProp: rng.uniform(0.2, 0.45), meanLate: rng.uniform(5, 15), drift: rng.uniform(-3, 4), disputeProp: rng.uniform(0.01, 0.05) };
	}
	return { class: 'reliable', lateProp: rng.uniform(0.02, 0.15), meanLate: rng.uniform(2, 6), drift: rng.uniform(-1, 1), disputeProp: rng.uniform(0, 0.02) };
}

function makeCustomer(rng: Rng, index: number, todayDay: number): CustomerDraft {
	const place = PLACES[rng.weighted(PLACE_CUM)];
	const seg = SEGMENTS[rng.weighted(SEGMENT_CUM)];
	const behaviour = behaviourFor(rng, seg);
	const customerId = `CUS-${pad(index + 1, 6)}`;
	const firstName = rng.pick(place.firstNames);
	const lastName = rng.pick(LAST);
	let name: string;
	if (seg.segment === 'consumer') name = `${firstName} ${lastName}`;
	else if (seg.segment === 'public-sector') name = `${rng.pick(place.cities)} ${rng.pick(['City Council', 'School District', 'Water Authority', 'Public Library', 'Transit Agency'])}`;
	else name = `${rng.pick(NAME_A)}${rng.pick(NAME_B)} ${rng.pick(NAME_C)} ${rng.pick(place.suffix)}`;
	const domain = `${slug(name).slice(0, 24) || 'customer'}-${index + 1}.example.com`;
	const keyAccount = rng.chance(seg.keyAccount);
	const typicalUsd = rng.logNormal(seg.medianUsd, seg.spread) * (keyAccount ? 2 : 1);
	const annualUsd = typicalUsd * seg.perYear * rng.logNormal(1, 0.25);
	const termsDays = seg.terms[rng.weighted(seg.termsCum)];
	const tenureDays = Math.max(20, Math.round(rng.logNormal(700, 1)));
	const customer: LedgerCustomer = {
		customerId,
		name,
		firstName,
		locale: place.locale,
		timeZone: place.timeZone,
		country: place.country,
		segment: seg.segment,
		keyAccount,
		annualValue: money(annualUsd, place.currency),
		accountOwner: OWNERS[(index * 7 + (keyAccount ? 3 : 0)) % OWNERS.length],
		optOut: [],
		paymentTermsDays: termsDays,
		customerSince: dayToIso(todayDay - Math.min(tenureDays, 7300)),
	};
	if (place.region) customer.region = place.region;
	// Contacts: most have an e-mail, consumers nearly always a mobile, B2B often not.
	const contact = rng.next();
	const phoneShare = seg.segment === 'consumer' ? 0.95 : 0.6;
	const phone = `${place.phone} ${pad(rng.int(0, 9999), 4)}`;
	const email = `${slug(firstName) || 'billing'}.${slug(lastName)}@${domain}`;
	if (contact < 0.003) {
		// No contact at all: a person has to find one.
	} else if (contact < 0.018) customer.phone = phone;
	else {
		customer.email = seg.segment === 'consumer' || rng.chance(0.5) ? email : `ap@${domain}`;
		if (rng.chance(phoneShare)) customer.phone = phone;
	}
	const pref = rng.next();
	if (customer.phone && pref < place.whatsapp * 0.4) customer.preferredChannel = 'whatsapp';
	else if (customer.phone && pref < place.whatsapp * 0.4 + 0.07) customer.preferredChannel = 'sms';
	else if (pref > 0.93) customer.preferredChannel = 'email';
	if (customer.phone && rng.chance(0.04)) customer.optOut = ['sms'];
	else if (customer.email && customer.phone && rng.chance(0.004)) customer.optOut = ['email'];
	const historyKind: CustomerDraft['historyKind'] = tenureDays < 45 ? 'none' : rng.chance(0.17) ? 'summary' : 'list';
	return {
		index,
		customer,
		place,
		seg,
		behaviour,
		typicalUsd,
		autoCharge: rng.chance(seg.autoCharge),
		tenureDays,
		historyKind,
		invoices: [],
		holds: [],
		touches: [],
	};
}

/** Days past due of a new open invoice: reliable payers are mostly current, chronic ones far behind. */
function drawDaysPastDue(rng: Rng, b: Behaviour, termsDays: number): number {
	const preDue = 0.6 - 0.45 * b.lateProp;
	if (rng.chance(preDue)) return -rng.int(0, Math.min(60, termsDays));
	const mean = b.class === 'chronic' ? 38 : b.class === 'occasional' ? 14 : 6;
	return Math.min(120, 1 + Math.floor(rng.exp(mean)));
}

interface Ctx {
	rng: Rng;
	todayDay: number;
	asOfMs: number;
	steps: readonly LedgerStep[];
	/** The daily run did not happen on these days (an outage), for everyone. */
	outageDays: Set<number>;
	serial: number;
}

interface OpenInvoice {
	item: LedgerItem;
	due: number;
	issue: number;
	/** Days on which the invoice itself was on hold (dispute, promise, pause). */
	blockedFrom: number | null;
	blockedTo: number | null;
	/** Highest cadence offset already sent. */
	highest: number;
	/** A day the run skipped this invoice (e.g. a transient error). */
	missDay: number | null;
	touches: LedgerTouch[];
	/** The approval in progress for a firm step (key account or large balance). */
	pending: { step: string; readyDay: number; verdict: 'approved' | 'rejected' | 'waiting' } | null;
	approvals: LedgerApproval[];
}

interface CustomerBlock {
	from: number;
	to: number | null;
	/** A channel block (SMS STOP, bounced e-mail) from `from` on; otherwise the whole customer. */
	channel?: LedgerChannel;
}

const MIN_GAP_MS = 48 * 3_600_000;
const TOUCH_CAP = 3;
const WEEK_MS = 7 * MS_PER_DAY;

function inBlock(day: number, from: number | null, to: number | null): boolean {
	return from !== null && day >= from && (to === null || day <= to);
}

/**
 * Replay the customer's past daily runs into its touch log, as the default policy would have sent them:
 * weekdays only, the latest step due (catch-up once, never a stale lower step), no step while a hold was
 * active, auto-charge invoices left alone until 3 days after due, preferred channel first, no opted-out
 * or missing contact, at most 3 messages a week and 48 hours apart per customer. Messages go out at the
 * customer's local morning. Holidays and approvals are not replayed (a few touches fall on holidays; a
 * firm step to a key account in the log stands for an approved one).
 */
function replayCustomer(ctx: Ctx, d: CustomerDraft, invoices: OpenInvoice[], blocks: CustomerBlock[]): void {
	if (invoices.length === 0) return;
	const { rng, todayDay, steps } = ctx;
	const c = d.customer;
	const firstOffset = steps[0].offsetDays;
	const sendAtMs = 9 * 3_600_000 - placeOffsetMs(d.place) + (d.index % 120) * 60_000 + (d.index % 53) * 1000;
	let start = todayDay;
	for (const inv of invoices) start = Math.min(start, Math.max(inv.issue, inv.due + firstOffset));
	const sent: number[] = [];
	for (let day = start; day < todayDay; day++) {
		if (weekday(day) > 5 || ctx.outageDays.has(day)) continue;
		let customerBlocked = false;
		for (const b of blocks) if (!b.channel && inBlock(day, b.from, b.to)) customerBlocked = true;
		if (customerBlocked) continue;
		const at = day * MS_PER_DAY + sendAtMs;
		for (const inv of invoices) {
			if (inv.missDay === day || inBlock(day, inv.blockedFrom, inv.blockedTo)) continue;
			const step = dueStep(steps, inv, day);
			if (!step) continue;
			const internal = step.channels.length === 1 && step.channels[0] === 'internal';
			if (!internal) {
				const it = inv.item;
				if (it.autoCharge && (it.autoChargePending !== false || day < inv.due) && day - inv.due <= 3) continue;
				let recent = 0;
				for (const ms of sent) if (ms > at - WEEK_MS && ms <= at) recent++;
				if (recent >= TOUCH_CAP) continue;
				if (sent.length && at - sent[sent.length - 1] < MIN_GAP_MS) continue;
			}
			const channels = resolveLedgerChannels(step, c, blocks, day);
			if (channels.length === 0) continue; // nobody reachable: a person took over
			if (!internal && needsApproval(step, inv.item, d)) {
				// Firm steps to key accounts and large balances wait for the account owner's approval.
				if (!inv.pending || inv.pending.step !== step.id) {
					const r = rng.next();
					inv.pending = { step: step.id, readyDay: day + rng.int(0, 5), verdict: r < 0.06 ? 'rejected' : r < 0.4 ? 'waiting' : 'approved' };
				}
				const p = inv.pending;
				if (p.verdict === 'waiting' || day < p.readyDay) continue;
				inv.approvals.push({ invoiceId: inv.item.invoiceId, step: step.id, decision: p.verdict, by: c.accountOwner.name, at: msToIso(at - 3_600_000) });
				if (p.verdict === 'rejected') {
					inv.highest = step.offsetDays;
					continue;
				}
			}
			inv.highest = step.offsetDays;
			const sentAt = msToIso(at);
			for (const ch of channels) {
				inv.touches.push({
					invoiceId: inv.item.invoiceId,
					customerId: c.customerId,
					step: step.id,
					channel: ch,
					sentAt,
					dedupeKey: `${inv.item.invoiceId}:${step.id}:${ch}`,
					status: ch !== 'internal' && rng.chance(0.008) ? 'failed' : 'sent',
				});
				if (ch !== 'internal') sent.push(at);
			}
		}
	}
	// A same-day re-run: the step due today already went out this morning (dedupe must catch it).
	if (weekday(todayDay) <= 5) {
		for (const inv of invoices) {
			if (!rng.chance(0.03) || inBlock(todayDay, inv.blockedFrom, inv.blockedTo)) continue;
			const step = dueStep(steps, inv, todayDay);
			if (!step) continue;
			const sentAt = msToIso(ctx.asOfMs - rng.int(1, 4) * 3_600_000);
			for (const ch of resolveLedgerChannels(step, c, blocks, todayDay)) {
				inv.touches.push({ invoiceId: inv.item.invoiceId, customerId: c.customerId, step: step.id, channel: ch, sentAt, dedupeKey: `${inv.item.invoiceId}:${step.id}:${ch}`, status: 'sent' });
			}
		}
	}
}

/** Firm and escalating steps (D+14 on) to a key account or a balance above 10,000 need an approval. */
function needsApproval(step: LedgerStep, item: LedgerItem, d: CustomerDraft): boolean {
	if (step.offsetDays < 14) return false;
	if (step.offsetDays === 14 && d.behaviour.class === 'reliable') return false; // low risk softens D+14 to friendly
	return d.customer.keyAccount || item.amount - item.amountPaid > 10_000;
}

/** The latest step whose day has come and that is above the last one sent (the engine's catch-up rule). */
function dueStep(steps: readonly LedgerStep[], inv: OpenInvoice, day: number): LedgerStep | null {
	const dpd = day - inv.due;
	for (let i = steps.length - 1; i >= 0; i--) {
		const s = steps[i];
		if (s.offsetDays <= dpd) {
			if (s.offsetDays <= inv.highest) return null;
			if (s.offsetDays < 0 && inv.due + s.offsetDays < inv.issue) return null;
			return s;
		}
	}
	return null;
}

function placeOffsetMs(place: Place): number {
	return place.utcOffset * 3_600_000;
}

/** The channels the workflow would have used: preferred channel first, no opted-out, bounced or missing contact. */
function resolveLedgerChannels(step: LedgerStep, c: LedgerCustomer, blocks: CustomerBlock[], day: number): LedgerChannel[] {
	if (step.channels.length === 1 && step.channels[0] === 'internal') return ['internal'];
	let list = step.channels.slice();
	const pref = c.preferredChannel;
	if (pref === 'whatsapp' && list.includes('sms')) list = list.map((x) => (x === 'sms' ? 'whatsapp' : x));
	else if (pref && list.includes(pref) && list[0] !== pref) list = [pref, ...list.filter((x) => x !== pref)];
	const ok = (ch: LedgerChannel) => {
		if (c.optOut.includes(ch)) return false;
		for (const b of blocks) if (b.channel === ch && inBlock(day, b.from, b.to)) return false;
		return ch === 'email' ? !!c.email : ch === 'letter' || !!c.phone;
	};
	const usable = list.filter(ok);
	if (usable.length) return usable;
	// Fallback channel as the engine does (email, then sms).
	for (const ch of ['email', 'sms'] as LedgerChannel[]) if (!list.includes(ch) && ok(ch)) return [ch];
	return [];
}

function historyFor(ctx: Ctx, d: CustomerDraft, openItems: LedgerItem[]): LedgerPastInvoice[] | LedgerHistorySummary | undefined {
	const { rng, todayDay } = ctx;
	const b = d.behaviour;
	const cadence = Math.round(365 / d.seg.perYear);
	let firstOpenIssue = todayDay;
	for (const it of openItems) {
		const day = isoToDay(it.issueDate);
		if (day < firstOpenIssue) firstOpenIssue = day;
	}
	const n = Math.max(0, Math.min(d.historyKind === 'list' ? 12 : 36, Math.floor((d.tenureDays - 30) / cadence)));
	if (d.historyKind === 'none' || n === 0) return undefined;
	const terms = d.customer.paymentTermsDays;
	if (d.historyKind === 'summary') {
		let late = 0;
		let daysLate = 0;
		let recent = 0;
		let recentN = 0;
		let disputes = 0;
		let amount = 0;
		for (let j = 0; j < n; j++) {
			const age = n - j;
			const isLate = rng.chance(b.lateProp);
			const dl = isLate ? 1 + Math.round(rng.exp(Math.max(1, b.meanLate - b.drift * age / n))) : 0;
			if (isLate) late++;
			daysLate += dl;
			if (j >= n - 3) {
				recent += dl;
				recentN++;
			}
			if (rng.chance(b.disputeProp)) disputes++;
			amount += d.typicalUsd * rng.logNormal(1, 0.35);
		}
		return {
			invoiceCount: n,
			paidLateCount: late,
			avgDaysLate: Math.round((daysLate / n) * 10) / 10,
			recentAvgDaysLate: Math.round((recent / Math.max(1, recentN)) * 10) / 10,
			avgAmount: money(amount / n, d.place.currency),
			disputes,
			failedCharges: d.autoCharge && rng.chance(0.15) ? rng.int(1, 3) : 0,
			partialPayments: rng.chance(0.06) ? 1 : 0,
			brokenPromises: b.class === 'chronic' && rng.chance(0.3) ? rng.int(1, 3) : 0,
			promisesKept: rng.chance(0.2) ? rng.int(1, 2) : 0,
			openPastDueCount: openItems.filter((it) => isoToDay(it.dueDate) < todayDay && it.status === 'open').length,
		};
	}
	const list: LedgerPastInvoice[] = [];
	for (let j = 0; j < n; j++) {
		const age = n - j; // 1 = the most recent past invoice
		const issue = firstOpenIssue - cadence * age;
		const due = issue + terms;
		const disputed = rng.chance(b.disputeProp);
		const isLate = rng.chance(Math.min(0.98, b.lateProp + (b.drift > 3 && age <= 3 ? 0.1 : 0)));
		let paid: number;
		if (isLate) paid = due + 1 + Math.round(rng.exp(Math.max(1, b.meanLate + b.drift * (1 - age / n))));
		else paid = due - Math.min(terms, Math.round(rng.exp(4)));
		if (disputed) paid += 14;
		if (paid < issue) paid = issue;
		const amount = money(d.typicalUsd * rng.logNormal(1, 0.35), d.place.currency);
		// Not settled by asOf: it would be an open invoice, not history.
		if (paid >= todayDay) continue;
		const p: LedgerPastInvoice = {
			invoiceId: `${d.customer.customerId.replace('CUS', 'H')}-${pad(j + 1, 2)}`,
			issueDate: dayToIso(issue),
			dueDate: dayToIso(due),
			paidDate: dayToIso(paid),
			amount,
			disputed,
		};
		if (d.autoCharge && rng.chance(0.1)) p.failedCharges = rng.int(1, 2);
		if (rng.chance(0.04)) p.partial = true;
		if (isLate && b.class === 'chronic' && rng.chance(0.15)) p.brokenPromises = 1;
		list.push(p);
	}
	// The customer's other open invoices, as the billing export lists them (unpaid so far).
	for (const it of openItems) {
		if (it.status !== 'open') continue;
		list.push({ invoiceId: it.invoiceId, issueDate: it.issueDate, dueDate: it.dueDate, paidDate: null, amount: it.amount, disputed: it.disputed === true });
	}
	return list;
}

/** `YYYY-MM-DDTHH:MM:SSZ` (as msToIso writes it) -> epoch ms, without Date.parse. */
function isoMs(iso: string): number {
	return isoToDay(iso) * MS_PER_DAY + (+iso.slice(11, 13) * 3600 + +iso.slice(14, 16) * 60 + +iso.slice(17, 19)) * 1000;
}

function isoToDay(iso: string): number {
	return Math.floor(Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)) / MS_PER_DAY);
}

function addHold(ctx: Ctx, d: CustomerDraft, h: Omit<LedgerHold, 'holdId' | 'customerId'>): LedgerHold {
	const hold: LedgerHold = { holdId: `H${pad(++ctx.serial, 7)}`, customerId: d.customer.customerId, ...h };
	d.holds.push(hold);
	return hold;
}

function parseAsOf(asOf: string | number | undefined): number {
	if (asOf === undefined) return Date.parse(DEFAULT_AS_OF);
	const ms = typeof asOf === 'number' ? asOf : Date.parse(asOf);
	if (!Number.isFinite(ms)) throw new Error(`generateLedger: invalid asOf ${String(asOf)}`);
	return ms;
}

/**
 * Generate a ledger: `invoices` items for about `customers` customers, anchored at `asOf`.
 * Deterministic for a given (seed, invoices, asOf, customers, steps).
 */
export function generateLedger(options: LedgerOptions): LedgerItem[] {
	const count = Math.max(0, Math.floor(options.invoices));
	const asOfMs = parseAsOf(options.asOf);
	const todayDay = Math.floor(asOfMs / MS_PER_DAY);
	const rng = new Rng(options.seed);
	const steps = (options.steps ?? DEFAULT_LEDGER_STEPS).slice().sort((a, b) => a.offsetDays - b.offsetDays);
	const nCustomers = Math.max(1, Math.min(count || 1, Math.floor(options.customers ?? Math.ceil(count / 2.4))));
	// One missed daily run for everyone in the last two weeks (a weekday), so catch-up is common.
	const outageDays = new Set<number>();
	for (let back = rng.int(2, 9); back < 30; back++) {
		if (weekday(todayDay - back) <= 5) {
			outageDays.add(todayDay - back);
			break;
		}
	}
	const ctx: Ctx = { rng, todayDay, asOfMs, steps, outageDays, serial: 0 };

	const drafts: CustomerDraft[] = [];
	const weights: number[] = [];
	for (let i = 0; i < nCustomers; i++) {
		const d = makeCustomer(rng, i, todayDay);
		drafts.push(d);
		weights.push(d.seg.openWeight * (d.behaviour.class === 'chronic' ? 1.8 : 1) * rng.logNormal(1, 0.5));
	}
	// Every customer has one open invoice; the rest go by weight (big and slow customers have more).
	const owners: number[] = [];
	for (let i = 0; i < count; i++) owners.push(i < nCustomers ? i : -1);
	const cum = cumulate(weights);
	for (let i = nCustomers; i < count; i++) owners[i] = rng.weighted(cum);
	// Shuffle so invoice numbers interleave customers as a real ledger does.
	for (let i = owners.length - 1; i > 0; i--) {
		const j = Math.floor(rng.next() * (i + 1));
		const t = owners[i];
		owners[i] = owners[j];
		owners[j] = t;
	}

	const items: LedgerItem[] = new Array(count);
	const dueDays = new Array<number>(count);
	const issueDays = new Array<number>(count);
	const indexOf = new Map<LedgerItem, number>();
	for (let i = 0; i < count; i++) {
		const d = drafts[owners[i]];
		const c = d.customer;
		const terms = rng.chance(0.1) ? rng.pick([15, 30, 60]) : c.paymentTermsDays;
		const dpd = drawDaysPastDue(rng, d.behaviour, terms);
		const due = todayDay - dpd;
		const issue = due - terms;
		const invoiceId = `INV-${pad(100000 + i, 6)}`;
		const amount = money(d.typicalUsd * rng.logNormal(1, 0.35), d.place.currency);
		const item: LedgerItem = {
			invoiceId,
			customerId: c.customerId,
			number: invoiceId.replace('INV-', `${c.country}-`),
			amount,
			amountPaid: 0,
			currency: d.place.currency,
			issueDate: dayToIso(issue),
			dueDate: dayToIso(due),
			status: 'open',
			paymentLink: `https://pay.example.com/i/${invoiceId}`,
			autoCharge: d.autoCharge,
			service: rng.pick(SERVICES),
			customer: c,
			touches: [],
			holds: [],
		};
		const r = rng.next();
		if (r < 0.012) item.status = 'paid';
		else if (r < 0.015) item.status = 'void';
		if (item.status === 'paid') item.amountPaid = amount;
		else if (rng.chance(0.05)) item.amountPaid = ZERO_DECIMALS.has(item.currency) ? Math.floor(amount * rng.uniform(0.2, 0.8)) : Math.round(amount * rng.uniform(0.2, 0.8) * 100) / 100;
		if (d.autoCharge) item.autoChargePending = !rng.chance(dpd > 0 ? 0.35 : 0.05);
		items[i] = item;
		indexOf.set(item, i);
		dueDays[i] = due;
		issueDays[i] = issue;
		d.invoices.push(item);
	}

	// Per customer: holds, the replayed touch log, history.
	const weekAgo = asOfMs - 8 * MS_PER_DAY;
	for (const d of drafts) {
		const c = d.customer;
		const open: OpenInvoice[] = [];
		for (const item of d.invoices) {
			const i = indexOf.get(item) as number;
			const inv: OpenInvoice = { item, due: dueDays[i], issue: issueDays[i], blockedFrom: null, blockedTo: null, highest: -Infinity, missDay: rng.chance(0.05) ? todayDay - rng.int(1, 12) : null, touches: [], pending: null, approvals: [] };
			if (item.status === 'open') open.push(inv);
			if (item.status !== 'open' || inv.due >= todayDay) continue;
			const r = rng.next();
			const overdue = todayDay - inv.due;
			if (r < 0.035 + d.behaviour.disputeProp) {
				// Dispute: half flagged by the billing system, half recorded as a hold by the workflow.
				const since = todayDay - rng.int(0, Math.max(0, overdue - 1));
				if (rng.chance(0.5)) item.disputed = true;
				else addHold(ctx, d, { type: 'dispute', invoiceId: item.invoiceId, createdAt: msToIso(since * MS_PER_DAY + 50_400_000), until: null, active: true, note: 'Customer disputes quantity billed' });
				inv.blockedFrom = since;
			} else if (r < 0.085) {
				// Promise to pay: most still running, some already broken (date + grace passed).
				const until = todayDay + rng.int(-7, 12);
				const made = Math.min(todayDay - 1, until - rng.int(2, 10));
				addHold(ctx, d, { type: 'promise', invoiceId: item.invoiceId, createdAt: msToIso(made * MS_PER_DAY + 54_000_000), until: dayToIso(until), active: true, amount: Math.round((item.amount - item.amountPaid) * 100) / 100 });
				inv.blockedFrom = made;
				inv.blockedTo = until + 2;
			} else if (r < 0.095) {
				const from = todayDay - rng.int(1, 10);
				const until = rng.chance(0.5) ? null : todayDay + rng.int(1, 20);
				addHold(ctx, d, { type: 'pause', invoiceId: item.invoiceId, createdAt: msToIso(from * MS_PER_DAY), until: until === null ? null : dayToIso(until), active: true, note: 'Paused by AR team' });
				inv.blockedFrom = from;
				inv.blockedTo = until;
			} else if (r < 0.11) {
				// A resolved dispute stays in the store, inactive.
				const from = todayDay - rng.int(20, 60);
				const to = todayDay - rng.int(1, 15);
				addHold(ctx, d, { type: 'dispute', invoiceId: item.invoiceId, createdAt: msToIso(from * MS_PER_DAY), until: dayToIso(to), active: false, note: 'Resolved: credit note issued' });
				inv.blockedFrom = from;
				inv.blockedTo = to;
			}
		}
		const blocks: CustomerBlock[] = [];
		const r = rng.next();
		if (r < 0.012) {
			const from = todayDay - rng.int(5, 40);
			const to = todayDay + rng.int(14, 120);
			addHold(ctx, d, { type: 'plan', createdAt: msToIso(from * MS_PER_DAY), until: dayToIso(to), active: true, note: 'Monthly instalments agreed' });
			blocks.push({ from, to });
		} else if (r < 0.032) {
			const createdMs = asOfMs - rng.int(2, 72) * 3_600_000;
			const to = todayDay + rng.int(0, 4);
			addHold(ctx, d, { type: 'replied', createdAt: msToIso(createdMs), until: dayToIso(to), active: true, note: 'Replied: asked for a copy of the invoice' });
			blocks.push({ from: Math.floor(createdMs / MS_PER_DAY), to });
		} else if (r < 0.04) {
			const from = todayDay - rng.int(1, 5);
			const to = todayDay + rng.int(1, 10);
			addHold(ctx, d, { type: 'ooo', createdAt: msToIso(from * MS_PER_DAY), until: dayToIso(to), active: true, note: 'Out of office auto-reply' });
			blocks.push({ from, to });
		}
		if (c.phone && !c.optOut.includes('sms') && rng.chance(0.015)) {
			const createdMs = asOfMs - rng.int(1, 400) * 3_600_000;
			addHold(ctx, d, { type: 'optout', channel: 'sms', createdAt: msToIso(createdMs), until: null, active: true, note: 'SMS reply: STOP' });
			blocks.push({ from: Math.floor(createdMs / MS_PER_DAY), to: null, channel: 'sms' });
		}
		if (c.email && rng.chance(0.01)) {
			const createdMs = asOfMs - rng.int(1, 200) * 3_600_000;
			addHold(ctx, d, { type: 'bounced', channel: 'email', createdAt: msToIso(createdMs), until: null, active: true, note: 'Hard bounce: mailbox unavailable' });
			blocks.push({ from: Math.floor(createdMs / MS_PER_DAY) + 1, to: null, channel: 'email' });
		}
		replayCustomer(ctx, d, open, blocks);

		// The customer's recent messages on its other invoices (touch cap and minimum gap span invoices).
		let recent: LedgerTouch[] | null = null;
		if (open.length > 1) {
			for (const inv of open) {
				for (const t of inv.touches) {
					if (t.channel !== 'internal' && isoMs(t.sentAt) > weekAgo) (recent ??= []).push(t);
				}
			}
		}
		const customerHolds = d.holds.filter((h) => h.invoiceId === undefined);
		const history = historyFor(ctx, d, d.invoices);
		for (const inv of open) {
			let touches = inv.touches;
			if (recent) {
				const others = recent.filter((t) => t.invoiceId !== inv.item.invoiceId);
				if (others.length) touches = touches.concat(others);
			}
			inv.item.touches = touches;
			if (inv.approvals.length) inv.item.approvals = inv.approvals;
		}
		for (const item of d.invoices) {
			if (d.holds.length) {
				const own = d.holds.filter((h) => h.invoiceId === item.invoiceId);
				item.holds = own.length ? own.concat(customerHolds) : customerHolds.length ? customerHolds.slice() : [];
			}
			if (history !== undefined) item.history = history;
		}
	}
	return items;
}
