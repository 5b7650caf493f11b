import { NodeOperationError, type IDataObject } from 'n8n-workflow';

import { ArAgingRouter } from '../../nodes/ArAgingRouter/ArAgingRouter.node';
import { ArPolicy } from '../../nodes/ArPolicy/ArPolicy.node';
import { ArRiskScore } from '../../nodes/ArRiskScore/ArRiskScore.node';
import { DEFAULT_POLICY, validatePolicy } from '../../nodes/core/policy';
import { parseCurrencyAmounts, policyFromParameters, policyProperties } from '../../nodes/shared/policyParameters';
import { baseParams, item } from './fixtures';
import { run } from './context';

const ar = (x: { json: IDataObject }) => x.json.arFollowUp as IDataObject;

describe('AR Aging Router node', () => {
	const node = new ArAgingRouter();
	it('has one output per default tier plus Nothing Due Today', () => {
		expect(node.description.outputNames).toEqual(['Pre-Due', 'Early (1-14)', 'Late (15-44)', 'Critical (45+)', 'Nothing Due Today']);
	});

	it('routes by tier when a step is due and to Nothing Due Today otherwise', async () => {
		const items = [
			item({ invoiceId: 'P', dueDate: '2026-03-20', touches: [] }), // D-3 due
			item({ invoiceId: 'E', dueDate: '2026-03-10' }), // D+7
			item({ invoiceId: 'L', dueDate: '2026-02-21', touches: [] }), // 24 days: D+21 (catch-up)
			item({ invoiceId: 'K', issueDate: '2025-12-21', dueDate: '2026-01-20', touches: [] }), // 56 days, nothing sent: the missed D+30 first (critical tier)
			item({ invoiceId: 'N', dueDate: '2026-03-12' }), // 5 days late, D+1 sent, D+7 on 03-19
		];
		const { out } = await run(node, items, { params: baseParams });
		expect(out.map((o) => o.map((i) => i.json.invoiceId))).toEqual([['P'], ['E'], ['L'], ['K'], ['N']]);
		expect(ar(out[0][0]).aging).toMatchObject({ daysPastDue: -3, tier: 'pre-due', stepDue: 'D-3' });
		expect(ar(out[2][0]).aging).toMatchObject({ daysPastDue: 24, tier: 'late', stepDue: 'D+21', catchUp: true, skippedSteps: ['D-7', 'D-3', 'D-1', 'D0', 'D+1', 'D+7', 'D+14'] });
		expect(ar(out[4][0]).aging).toMatchObject({ tier: 'early', stepDue: null, nextStep: 'D+7', nextStepDate: '2026-03-19' });
		expect(out[1][0].pairedItem).toEqual({ item: 1 });
	});

	it('rejects a policy with more tiers than outputs', async () => {
		const tiers = [
			{ id: 'a', fromDay: null, toDay: 0 },
			{ id: 'b', fromDay: 1, toDay: 10 },
			{ id: 'c', fromDay: 11, toDay: 20 },
			{ id: 'd', fromDay: 21, toDay: 30 },
			{ id: 'e', fromDay: 31, toDay: null },
		];
		await expect(run(node, [item()], { params: { ...baseParams, policySource: 'json', policyJson: { tiers } } })).rejects.toThrow(/policy.tiers/);
	});

	it('with Continue On Fail, a bad item leaves on Nothing Due Today with its error', async () => {
		const { out } = await run(node, [item({ customerId: '' })], { params: baseParams, continueOnFail: true });
		expect(out[4]).toHaveLength(1);
		expect(out[4][0].json.error).toMatch(/^Invalid customer.customerId in item 0/);
		await expect(run(node, [item({ customerId: '' })], { params: baseParams })).rejects.toThrow(NodeOperationError);
	});
});

describe('AR Risk Score node', () => {
	const node = new ArRiskScore();
	const late = (i: number) => ({ invoiceId: `H${i}`, issueDate: `2025-${String(i + 1).padStart(2, '0')}-01`, dueDate: `2025-${String(i + 1).padStart(2, '0')}-28`, paidDate: `2025-${String(i + 2).padStart(2, '0')}-20`, amount: 1000 });
	const onTime = (i: number) => ({ ...late(i), paidDate: `2025-${String(i + 1).padStart(2, '0')}-25` });

	it('scores from a history list, a summary, or a prior', async () => {
		const items = [
			item({ invoiceId: 'LATE', history: Array.from({ length: 8 }, (_, i) => late(i)) }),
			item({ invoiceId: 'GOOD', history: Array.from({ length: 8 }, (_, i) => onTime(i)) }),
			item({ invoiceId: 'SUM', history: { invoiceCount: 10, paidLateCount: 8, avgDaysLate: 20 } }),
			item({ invoiceId: 'NEW' }),
		];
		const { out } = await run(node, items, { params: baseParams });
		expect(out).toHaveLength(1);
		const risk = out[0].map((i) => ar(i).risk as IDataObject);
		expect(risk[0].score as number).toBeGreaterThan(risk[1].score as number);
		expect(risk[0].basis).toBe('history');
		expect(risk[2].basis).toBe('summary');
		expect(risk[3].basis).toBe('prior');
		for (const r of risk) {
			expect(r.score).toBeGreaterThanOrEqual(0);
			expect(r.score).toBeLessThanOrEqual(100);
			expect(Array.isArray(r.factors)).toBe(true);
		}
		expect(out[0].map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }, { item: 3 }]);
	});

	it('does not need touches or holds to be valid', async () => {
		const { out } = await run(node, [item({ touches: 'garbage', holds: 42 })], { params: baseParams });
		expect(ar(out[0][0]).risk).toBeDefined();
	});

	it('honours the risk bands set in the node', async () => {
		const { out } = await run(node, [item()], { params: { ...baseParams, policySettings: { riskLow: 1, riskMedium: 2, riskHigh: 3 } } });
		expect((ar(out[0][0]).risk as IDataObject).band).toBe('critical');
	});
});

describe('policy parameters', () => {
	it('the pre-filled node UI equals the default policy', () => {
		const props = policyProperties('full');
		const cadence = props.find((p) => p.name === 'cadence')!.default as IDataObject;
		const tiers = props.find((p) => p.name === 'tiers')!.default as IDataObject;
		const settings = props.find((p) => p.name === 'policySettings')!;
		const allDefaults: IDataObject = {};
		for (const o of settings.options as Array<{ name: string; default: unknown }>) allDefaults[o.name] = o.default as never;
		expect(validatePolicy(policyFromParameters(allDefaults, cadence, tiers))).toEqual(DEFAULT_POLICY);
		expect(validatePolicy(policyFromParameters({}, cadence, tiers))).toEqual(DEFAULT_POLICY);
	});

	it('the AR Policy node emits one validated policy for the other nodes', async () => {
		const { out } = await run(new ArPolicy(), [{}, {}], { params: { policySettings: { minGapHours: 24 } } });
		expect(out[0]).toHaveLength(1);
		const json = out[0][0].json;
		expect((json.policy as IDataObject).minGapHours).toBe(24);
		expect(json.policyVersion).toMatch(/^default@v1#/);
		// Fed into another node as JSON it gives the same fingerprint.
		const risk = await run(new ArRiskScore(), [item()], { params: { ...baseParams, policySource: 'json', policyJson: json } });
		expect(ar(risk.out[0][0]).policyVersion).toBe(json.policyVersion);
	});

	it('reads tolerances by currency from one line of text', async () => {
		const { out } = await run(new ArPolicy(), [{}], { params: { policySettings: { toleranceAmounts: 'EUR 25, usd 30; GBP: 20' } } });
		expect((out[0][0].json.policy as { tolerance: IDataObject }).tolerance).toEqual({ amount: 1, percent: 0, amounts: { EUR: 25, USD: 30, GBP: 20 } });
		const bad = await run(new ArPolicy(), [{}], { params: { policySettings: { toleranceAmounts: 'EUR none' } } }).catch((e: unknown) => e);
		expect(bad).toBeInstanceOf(NodeOperationError);
		expect((bad as Error).message).toContain('policy.tolerance.amounts.EUR');
	});

	it('reads approval thresholds by currency from one line of text', async () => {
		expect(parseCurrencyAmounts('JPY 2000000, INR 1,000,000; sek none\nEUR: 12 500, chf=12000.50')).toEqual({ JPY: 2_000_000, INR: 1_000_000, sek: null, EUR: 12_500, chf: 12_000.5 });
		expect(parseCurrencyAmounts('  ')).toEqual({});
		const { out } = await run(new ArPolicy(), [{}], { params: { policySettings: { approvalAmountThresholds: 'JPY 2,000,000, SEK none' } } });
		expect((out[0][0].json.policy as { approval: IDataObject }).approval.amountThresholds).toEqual({ JPY: 2_000_000, SEK: null });
		// What does not read as a currency and an amount is left for the policy's validation to name.
		for (const [text, field] of [
			['JPY lots', 'policy.approval.amountThresholds.JPY'],
			['two million yen', 'policy.approval.amountThresholds.two:'],
			['2000000', 'policy.approval.amountThresholds.2000000'],
			['XQZ 5', 'policy.approval.amountThresholds.XQZ'],
		]) {
			const bad = await run(new ArPolicy(), [{}], { params: { policySettings: { approvalAmountThresholds: text } } }).catch((e: unknown) => e);
			expect(bad).toBeInstanceOf(NodeOperationError);
			expect((bad as Error).message).toContain(field.slice(0, 45));
		}
	});
});
