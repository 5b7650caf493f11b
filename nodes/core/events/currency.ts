/**
 * Currency minor units: ISO 4217 digits (for rounding amounts) and Stripe's API representation (for
 * converting Stripe's integer amounts). They differ: Stripe keeps ISK, HUF and TWD as two-decimal in its API
 * for backwards compatibility, and treats UGX and MGA as zero-decimal.
 */

const ISO_ZERO = new Set(['BIF', 'CLP', 'DJF', 'GNF', 'ISK', 'JPY', 'KMF', 'KRW', 'PYG', 'RWF', 'UGX', 'UYI', 'VND', 'VUV', 'XAF', 'XOF', 'XPF']);
const ISO_THREE = new Set(['BHD', 'IQD', 'JOD', 'KWD', 'LYD', 'OMR', 'TND']);
const ISO_FOUR = new Set(['CLF', 'UYW']);

/** Stripe zero-decimal currencies (docs.stripe.com/currencies#zero-decimal). */
const STRIPE_ZERO = new Set(['BIF', 'CLP', 'DJF', 'GNF', 'JPY', 'KMF', 'KRW', 'MGA', 'PYG', 'RWF', 'UGX', 'VND', 'VUV', 'XAF', 'XOF', 'XPF']);
/** Stripe three-decimal currencies. */
const STRIPE_THREE = new Set(['BHD', 'JOD', 'KWD', 'OMR', 'TND']);

/** ISO 4217 minor-unit digits of a currency (2 when unknown). */
export function currencyDigits(currency: string | undefined | null): number {
	const c = (currency ?? '').toUpperCase();
	if (ISO_ZERO.has(c)) return 0;
	if (ISO_THREE.has(c)) return 3;
	if (ISO_FOUR.has(c)) return 4;
	return 2;
}

/** Digits of Stripe's integer amounts for a currency (JPY 0, KWD 3, ISK 2 (sic), USD 2). */
export function stripeMinorDigits(currency: string): number {
	const c = currency.toUpperCase();
	if (STRIPE_ZERO.has(c)) return 0;
	if (STRIPE_THREE.has(c)) return 3;
	return 2;
}

/** Round to `digits` decimals, half away from zero, robust to binary noise (1.005 -> 1.01). */
export function roundMoney(value: number, digits: number): number {
	const f = 10 ** digits;
	const scaled = value * f;
	const r = Math.round(Math.abs(scaled) + 1e-7) * Math.sign(scaled);
	return r / f || 0;
}

/** Convert an integer amount in minor units to major units. */
export function fromMinor(minor: number, digits: number): number {
	return roundMoney(minor / 10 ** digits, digits);
}

/** Integer minor units of a major amount (for dedupe keys). */
export function toMinor(major: number, digits: number): number {
	return Math.round(major * 10 ** digits);
}

/** Whether a string looks like an ISO 4217 code. */
export function isCurrencyCode(value: unknown): value is string {
	return typeof value === 'string' && /^[A-Za-z]{3}$/.test(value);
}
