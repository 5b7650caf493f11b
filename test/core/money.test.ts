import { CURRENCY_SCALE, policyAmount } from '../../nodes/core/money';

describe('policy amounts in an invoice currency', () => {
	it('are taken as they are in dollar-like currencies and unknown codes', () => {
		for (const c of ['USD', 'EUR', 'GBP', 'CHF', 'CAD', 'AUD', 'NZD', 'SGD', 'XYZ', '']) expect(policyAmount(10_000, c)).toBe(10_000);
	});
	it('are scaled to two significant digits where a unit is worth far less or more than a dollar', () => {
		expect(policyAmount(10_000, 'JPY')).toBe(1_500_000);
		expect(policyAmount(10_000, 'INR')).toBe(880_000);
		expect(policyAmount(10_000, 'KWD')).toBe(3_100);
		expect(policyAmount(25_000, 'AED')).toBe(93_000);
		expect(policyAmount(1, 'KWD')).toBe(0.31);
		expect(policyAmount(1, 'JPY')).toBe(150);
		expect(policyAmount(1, 'IDR')).toBe(16_000);
		expect(policyAmount(0.5, 'BHD')).toBe(0.19);
		expect(policyAmount(0, 'JPY')).toBe(0);
	});
	it('never come out negative, NaN or with binary noise', () => {
		for (const [c] of Object.entries(CURRENCY_SCALE)) {
			for (const a of [0, 0.01, 0.5, 1, 3, 10_000, 1e9]) {
				const v = policyAmount(a, c);
				expect(Number.isFinite(v) && v >= 0).toBe(true);
				// Exactly two significant digits (no binary noise such as 0.31000000000000005).
				if (v > 0) expect(v).toBe(Number(v.toPrecision(2)));
			}
		}
	});
});
