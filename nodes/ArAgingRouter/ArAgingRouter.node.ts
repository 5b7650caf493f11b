import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { applyMapping } from '../core/mapping';
import { routeItems } from '../shared/items';
import { agingJson, withArFollowUp } from '../shared/output';
import { buildRun, MAX_TIER_OUTPUTS, tierOutputs, decisionNodeProperties } from '../shared/run';

/** One output per tier of the policy (in order, up to four), then "Nothing Due Today". */
const NOTHING_DUE = MAX_TIER_OUTPUTS;

export class ArAgingRouter implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'AR Aging Router',
		name: 'arAgingRouter',
		icon: { light: 'file:arAgingRouter.svg', dark: 'file:arAgingRouter.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["policySource"] === "json" ? "Tiers from JSON policy" : "Pre-due · Early · Late · Critical"}}',
		description:
			'Ages each open invoice (days past due, tier, cadence step due today with catch-up) and routes it by tier; invoices with no step due today leave on Nothing Due Today',
		defaults: { name: 'AR Aging Router' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main, NodeConnectionTypes.Main, NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: ['Pre-Due', 'Early (1-14)', 'Late (15-44)', 'Critical (45+)', 'Nothing Due Today'],
		properties: decisionNodeProperties(
			'Outputs follow the policy\'s tiers in order (default: pre-due, 1-14, 15-44, 45+ days past due). Pass the touch log on each item so a step that already went out is not due again.',
		),
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return routeItems(
			this,
			MAX_TIER_OUTPUTS + 1,
			NOTHING_DUE,
			() => {
				const run = buildRun(this);
				return { ...run, tierIndex: tierOutputs(run.engine.policy) };
			},
			({ engine, mapping, emitted, tierIndex }, json) => {
				// Aging reads the invoice, the customer (channels) and the touch log: validate only those.
				const mapped = applyMapping(mapping, json);
				const input = engine.prepare({ invoice: mapped.invoice, customer: mapped.customer, touches: mapped.touches });
				const aging = engine.age(input);
				return {
					output: aging.step ? (tierIndex.get(aging.tier) as number) : NOTHING_DUE,
					json: withArFollowUp(json, input, { aging: agingJson(aging) }, emitted),
				};
			},
		);
	}
}
