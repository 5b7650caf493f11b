import { isValidationError, ValidationError } from '../../nodes/core/errors';
import { CURRENCY_SCALE, toleranceAmount } from '../../nodes/core/money';
import { DEFAULT_POLICY, approvalThreshold, policyFingerprint, validatePolicy } from '../../nodes/core/policy';

function fieldOf(fn: () => unknown): string[] {
	try {
		fn();
	} catch (e) {
		if (isValidationError(e)) return e.issues.map((i) => i.field);
		throw e;
	}
	throw new Error('expected a ValidationError');
}

describe('policy', () => {
	it('fills every default from an empty object, JSON text or nothing', () => {
		expect(validatePolicy({})).toEqual(DEFAULT_POLICY);
		expect(validatePolicy('')).toEqual(DEFAULT_POLICY);
		expect(validatePolicy(undefined)).toEqual(DEFAULT_POLICY);
		expect(validatePolicy(JSON.stringify({ name: 'x' })).name).toBe('x');
	});
	it('has the seeded cadence in order', () => {
		expect(DEFAULT_POLICY.steps.map((s) => s.id)).toEqual(['D-7', 'D-3', 'D-1', 'D0', 'D+1', 'D+7', 'D+14', 'D+15', 'D+21', 'D+30', 'D+45']);
		expect(DEFAULT_POLICY.steps.find((s) => s.id === 'D+30')?.ccFinance).toBe(true);
	});
	it('keeps partial overrides and sorts steps', () => {
		const p = validatePolicy({ minGapHours: 24, steps: [{ id: 'late', offsetDays: 10, tone: 'firm' }, { id: 'soon', offsetDays: -2 }] });
		expect(p.minGapHours).toBe(24);
		expect(p.steps.map((s) => s.id)).toEqual(['soon', 'late']);
		expect(p.steps[0]).toMatchObject({ audience: 'customer', kind: 'reminder', channels: ['email'], transactional: false });
		expect(p.steps[1].transactional).toBe(true);
	});
	it('names the field of every error', () => {
		expect(fieldOf(() => validatePolicy({ steps: [{ id: 'a' }] }))).toEqual(['policy.steps[0].offsetDays']);
		expect(fieldOf(() => validatePolicy({ steps: [{ id: 'a', offsetDays: 1, channels: ['pigeon'] }] }))).toContain('policy.steps[0].channels[0]');
		expect(fieldOf(() => validatePolicy({ timeZone: 'Nowhere/City' }))).toContain('policy.timeZone');
		expect(fieldOf(() => validatePolicy({ quietHours: { start: '25:00' } }))).toEqual(['policy.quietHours.start']);
		expect(fieldOf(() => validatePolicy({ businessDays: [0, 8] }))).toEqual(['policy.businessDays']);
		expect(fieldOf(() => validatePolicy({ tolerance: { amount: -1 } }))).toEqual(['policy.tolerance.amount']);
		expect(fieldOf(() => validatePolicy({ touchCap: { perCustomerPerWeek: 1.5 } }))).toEqual(['policy.touchCap.perCustomerPerWeek']);
		expect(fieldOf(() => validatePolicy({ risk: { bands: { low: 60, medium: 50, high: 70 } } }))).toEqual(['policy.risk.bands']);
		expect(fieldOf(() => validatePolicy({ holidays: { defaultCountry: 'XX' } }))).toEqual(['policy.holidays.defaultCountry']);
		expect(fieldOf(() => validatePolicy({ version: 2 }))).toEqual(['policy.version']);
		expect(fieldOf(() => validatePolicy('{not json'))).toEqual(['policy']);
		expect(fieldOf(() => validatePolicy([1, 2]))).toEqual(['policy']);
	});
	it('rejects steps on the same day and duplicate ids', () => {
		expect(fieldOf(() => validatePolicy({ steps: [{ id: 'a', offsetDays: 1 }, { id: 'b', offsetDays: 1 }] }))).toEqual(['policy.steps[1].offsetDays']);
		expect(fieldOf(() => validatePolicy({ steps: [{ id: 'a', offsetDays: 1 }, { id: 'a', offsetDays: 2 }] }))).toEqual(['policy.steps[1].id']);
	});
	it('rejects tiers with gaps, overlaps or a closed end', () => {
		expect(fieldOf(() => validatePolicy({ tiers: [{ id: 'a', fromDay: null, toDay: 5 }, { id: 'b', fromDay: 7, toDay: null }] }))).toEqual(['policy.tiers']);
		expect(fieldOf(() => validatePolicy({ tiers: [{ id: 'a', fromDay: null, toDay: 5 }] }))).toEqual(['policy.tiers']);
	});
	it('cannot switch off approval of firm notices to key accounts', () => {
		expect(fieldOf(() => validatePolicy({ approval: { keyAccounts: false } }))).toEqual(['policy.approval.keyAccounts']);
		expect(fieldOf(() => validatePolicy({ approval: { tones: ['escalating'] } }))).toEqual(['policy.approval.tones']);
	});

	it('asks for approval of firm first reminders by default; the rule can be switched off, with a boolean only', () => {
		expect(DEFAULT_POLICY.approval.firstContact).toBe(true);
		expect(validatePolicy({ approval: { firstContact: false } }).approval.firstContact).toBe(false);
		expect(fieldOf(() => validatePolicy({ approval: { firstContact: 'no' } }))).toEqual(['policy.approval.firstContact']);
	});
	it('reads approval thresholds by currency: codes in any case, amounts or null, the field of every error named', () => {
		expect(DEFAULT_POLICY.approval.amountThresholds).toEqual({});
		expect(validatePolicy({ approval: { amountThresholds: { jpy: 2_000_000, SEK: null } } }).approval.amountThresholds).toEqual({ JPY: 2_000_000, SEK: null });
		expect(fieldOf(() => validatePolicy({ approval: { amountThresholds: { JPY: -1 } } }))).toEqual(['policy.approval.amountThresholds.JPY']);
		expect(fieldOf(() => validatePolicy({ approval: { amountThresholds: { JPY: '2m' } } }))).toEqual(['policy.approval.amountThresholds.JPY']);
		expect(fieldOf(() => validatePolicy({ approval: { amountThresholds: { yen: 1 } } }))).toEqual(['policy.approval.amountThresholds.yen']);
		expect(fieldOf(() => validatePolicy({ approval: { amountThresholds: { JPY: 1, jpy: 2 } } }))).toEqual(['policy.approval.amountThresholds.jpy']);
		expect(fieldOf(() => validatePolicy({ approval: { amountThresholds: [1] } }))).toEqual(['policy.approval.amountThresholds']);
		expect(fieldOf(() => validatePolicy({ approval: { amountThresholds: JSON.parse('{"__proto__": 5}') } }))).toEqual(['policy.approval.amountThresholds.__proto__']);
	});
	it('reads exact tolerances by currency: codes in any case, amounts only; absent when none, so the fingerprint stays', () => {
		expect(DEFAULT_POLICY.tolerance.amounts).toBeUndefined();
		const p = validatePolicy({ tolerance: { amounts: { eur: 25, GBP: 0 } } });
		expect(p.tolerance).toEqual({ amount: 1, percent: 0, amounts: { EUR: 25, GBP: 0 } });
		expect(validatePolicy({ tolerance: { amounts: {} } }).tolerance).toEqual({ amount: 1, percent: 0 });
		expect(policyFingerprint(validatePolicy({ tolerance: { amounts: {} } }))).toBe(policyFingerprint(validatePolicy({})));
		expect(fieldOf(() => validatePolicy({ tolerance: { amounts: { EUR: null } } }))).toEqual(['policy.tolerance.amounts.EUR']);
		expect(fieldOf(() => validatePolicy({ tolerance: { amounts: { EUR: -1 } } }))).toEqual(['policy.tolerance.amounts.EUR']);
		expect(fieldOf(() => validatePolicy({ tolerance: { amounts: { euro: 1 } } }))).toEqual(['policy.tolerance.amounts.euro']);
		expect(fieldOf(() => validatePolicy({ tolerance: { amounts: [25] } }))).toEqual(['policy.tolerance.amounts']);
		expect(fieldOf(() => validatePolicy({ tolerance: { amounts: JSON.parse('{"__proto__": 5}') } }))).toEqual(['policy.tolerance.amounts.__proto__']);
		// Each currency's tolerance: its own entry, else the amount scaled.
		expect(toleranceAmount(p.tolerance, 'EUR')).toBe(25);
		expect(toleranceAmount(p.tolerance, 'GBP')).toBe(0);
		expect(toleranceAmount(p.tolerance, 'USD')).toBe(1);
		expect(toleranceAmount(p.tolerance, 'JPY')).toBe(150);
	});
	it('gives each currency its approval threshold: its own entry, else the threshold scaled (two significant digits), else at face value', () => {
		const p = validatePolicy({ approval: { amountThresholds: { JPY: 2_000_000, SEK: null } } });
		expect(approvalThreshold(DEFAULT_POLICY, 'USD')).toBe(10_000);
		expect(approvalThreshold(DEFAULT_POLICY, 'EUR')).toBe(10_000);
		expect(approvalThreshold(DEFAULT_POLICY, 'XYZ')).toBe(10_000);
		expect(approvalThreshold(DEFAULT_POLICY, 'JPY')).toBe(1_500_000);
		expect(approvalThreshold(DEFAULT_POLICY, 'IDR')).toBe(160_000_000);
		expect(approvalThreshold(DEFAULT_POLICY, 'KWD')).toBe(3_100);
		expect(approvalThreshold(p, 'JPY')).toBe(2_000_000);
		expect(approvalThreshold(p, 'SEK')).toBeNull();
		expect(approvalThreshold(p, 'NOK')).toBe(100_000);
		expect(approvalThreshold(validatePolicy({ approval: { amountThreshold: 25_000 } }), 'INR')).toBe(2_200_000);
		expect(approvalThreshold(validatePolicy({ approval: { amountThreshold: null } }), 'JPY')).toBeNull();
		expect(approvalThreshold(validatePolicy({ approval: { amountThreshold: 0 } }), 'JPY')).toBe(0);
		// Only currencies far from a dollar's worth are scaled.
		for (const scale of Object.values(CURRENCY_SCALE)) expect(scale >= 3 || scale <= 0.5).toBe(true);
	});
	it('reads only own properties (no prototype pollution)', () => {
		const hostile = JSON.parse('{"__proto__": {"minGapHours": 0}, "constructor": {"x": 1}}');
		const p = validatePolicy(hostile);
		expect(p.minGapHours).toBe(DEFAULT_POLICY.minGapHours);
		expect(({} as Record<string, unknown>).minGapHours).toBeUndefined();
	});
	it('rejects huge input with a ValidationError, not a crash', () => {
		expect(() => validatePolicy('x'.repeat(1_000_001))).toThrow(ValidationError);
		expect(fieldOf(() => validatePolicy({ name: 'n'.repeat(10_000) }))).toEqual(['policy.name']);
	});
	it('fingerprints the policy so each decision records the version it used', () => {
		const a = policyFingerprint(validatePolicy({}));
		expect(a).toMatch(/^default@v1#[0-9a-f]{8}$/);
		expect(policyFingerprint(validatePolicy({ minGapHours: 1 }))).not.toBe(a);
		expect(policyFingerprint(validatePolicy({}))).toBe(a);
	});
});

describe('a validated policy is immutable', () => {
	it('cannot be changed in place past its validation; a changed copy is validated and fingerprinted afresh', () => {
		const policy = validatePolicy({ touchCap: { perCustomerPerWeek: 3 } });
		const fp = policyFingerprint(policy);
		// Engines skip validating a policy they have seen and memoise its step indexes and fingerprint by the object.
		expect(() => {
			(policy.touchCap as { perCustomerPerWeek: number }).perCustomerPerWeek = -1;
		}).toThrow(TypeError);
		expect(() => (policy.steps as unknown[]).push({ id: 'D+99' })).toThrow(TypeError);
		expect(() => {
			(policy.steps[0] as { offsetDays: number }).offsetDays = 400;
		}).toThrow(TypeError);
		expect(policy.touchCap.perCustomerPerWeek).toBe(3);
		expect(policyFingerprint(policy)).toBe(fp);
		const copy = JSON.parse(JSON.stringify(policy));
		copy.touchCap.perCustomerPerWeek = -1;
		expect(() => validatePolicy(copy)).toThrow(ValidationError);
		copy.touchCap.perCustomerPerWeek = 2;
		expect(policyFingerprint(validatePolicy(copy))).not.toBe(fp);
	});
});
