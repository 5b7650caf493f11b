/**
 * Amounts a policy states without a currency (the approval threshold, the settled tolerance) in the currency of an
 * invoice. A policy's 10,000 or 1.00 is meant in the currency its authors think in; read at face value it is pocket
 * money in yen or rupiah (¥10,000 is about 65 dollars) and a fortune in Kuwaiti dinars (over 30,000 dollars). So such an
 * amount is taken as it is in the currencies of about a dollar's worth (USD, EUR, GBP, CHF, CAD, AUD, NZD, SGD…) and
 * scaled by an approximate rate in the others. Only the order of magnitude matters to these rules (whether a person
 * looks at a message first; whether a few units left over count as paid), and a policy can give exact amounts per
 * currency where it needs them (`approval.amountThresholds`, `tolerance.amounts`).
 */

/**
 * Approximate units of a currency per US dollar, for the currencies whose unit is worth under a third of a dollar or
 * over two dollars (rounded, late-2025 levels). Any other currency: face value.
 */
export const CURRENCY_SCALE: Readonly<Record<string, number>> = Object.freeze({
	AED: 3.7, ARS: 1400, BDT: 120, BHD: 0.38, BRL: 5.4, CLP: 950, CNY: 7.1, COP: 3900, CZK: 21, DKK: 6.4, DOP: 63, DZD: 130,
	EGP: 48, GHS: 11, HKD: 7.8, HUF: 330, IDR: 16000, ILS: 3.3, INR: 88, IQD: 1300, ISK: 125, JMD: 160, JPY: 150, KES: 130,
	KRW: 1400, KWD: 0.31, KZT: 520, LKR: 300, MAD: 9.1, MXN: 18, MYR: 4.2, NGN: 1500, NOK: 10, NPR: 140, OMR: 0.38,
	PEN: 3.5, PHP: 58, PKR: 280, PLN: 3.7, QAR: 3.6, RON: 4.4, RSD: 100, RUB: 80, SAR: 3.8, SEK: 9.5, THB: 32, TND: 3,
	TRY: 42, TWD: 30, TZS: 2500, UAH: 41, UGX: 3600, UYU: 40, VND: 26000, XAF: 560, XOF: 560, ZAR: 17,
});

/** `x` rounded to two significant digits (880,000; 3,100; 92,500 -> 93,000; 0.31). */
function twoSignificant(x: number): number {
	if (!(x > 0)) return 0;
	const e = Math.floor(Math.log10(x)) - 1;
	// Divide by a power of ten below 1 rather than multiply by its inverse: 0.31, not 0.31000000000000005.
	return e >= 0 ? Math.round(x / 10 ** e) * 10 ** e : Math.round(x * 10 ** -e) / 10 ** -e;
}

/**
 * A policy amount (stated without a currency) in `currency`: as it is, or scaled by {@link CURRENCY_SCALE} to two
 * significant digits (10,000 -> JPY 1,500,000, INR 880,000, KWD 3,100; 1.00 -> JPY 150, IDR 16,000, KWD 0.31).
 */
export function policyAmount(amount: number, currency: string): number {
	const scale = Object.prototype.hasOwnProperty.call(CURRENCY_SCALE, currency) ? CURRENCY_SCALE[currency] : undefined;
	return scale === undefined ? amount : twoSignificant(amount * scale);
}

/**
 * The balance at or under which an invoice in `currency` of `invoiceAmount` counts as paid: the policy's exact amount for
 * that currency (`tolerance.amounts`) when it gives one, else its `amount` in that currency ({@link policyAmount}); or
 * its `percent` of the invoice when that is more (no percentage without an invoice amount).
 */
export function toleranceAmount(
	tolerance: { amount: number; percent?: number; amounts?: Readonly<Record<string, number>> },
	currency: string,
	invoiceAmount?: number,
): number {
	const listed = tolerance.amounts;
	const fixed = listed !== undefined && Object.prototype.hasOwnProperty.call(listed, currency) ? listed[currency] : policyAmount(tolerance.amount, currency);
	return invoiceAmount === undefined ? fixed : Math.max(fixed, ((tolerance.percent ?? 0) / 100) * invoiceAmount);
}
