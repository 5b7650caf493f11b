import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { applyMapping } from '../core/mapping';
import type { Outcome } from '../core/types';
import { routeItems } from '../shared/items';
import { agingJson, decisionJson, isRiskJson, riskJson, upstreamRisk, withArFollowUp } from '../shared/output';
import { buildRun, decisionNodeProperties } from '../shared/run';

/** Output order: the editor shows these names; connections are stored by index. */
export const STOP_CHECK_OUTPUTS: Outcome[] = ['send', 'hold', 'approval', 'human'];
const OUTPUT_INDEX: Record<Outcome, number> = { send: 0, hold: 1, approval: 2, human: 3 };
/** Bad items never go to Send: with Continue On Fail they go to Human Task (or the Error output). */
const SAFE_OUTPUT = OUTPUT_INDEX.human;

export class ArStopCheck implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'AR Stop Check',
		name: 'arStopCheck',
		icon: { light: 'file:arStopCheck.svg', dark: 'file:arStopCheck.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["policySource"] === "json" ? "Policy from JSON" : "Policy in node"}}',
		description:
			'Checks every reason not to contact the customer (paid, dispute, promise, reply, opt-out, credit on account, quiet hours, holiday, already sent, touch cap, approval) and routes each invoice to Send, Hold, Needs Approval or Human Task',
		defaults: { name: 'AR Stop Check' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main, NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: ['Send', 'Hold', 'Needs Approval', 'Human Task'],
		properties: decisionNodeProperties(
			'Each item is one open invoice with its customer, and optionally its payment history, touch log, holds and approvals (from your store). The decision and its reasons are added under <code>arFollowUp</code>.',
		),
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return routeItems(
			this,
			STOP_CHECK_OUTPUTS.length,
			SAFE_OUTPUT,
			() => buildRun(this),
			({ engine, mapping, emitted }, json) => {
				const mapped = applyMapping(mapping, json);
				// With a risk result from an upstream AR Risk Score the history is not used: not validated again.
				const risk = upstreamRisk(json);
				const input = engine.prepare(risk ? { ...mapped, history: undefined, risk } : mapped);
				const decision = engine.decide(input);
				return {
					output: OUTPUT_INDEX[decision.outcome],
					json: withArFollowUp(
						json,
						input,
						// An upstream AR Risk Score result stays on the item as it is (the decision used it unchanged).
						risk && isRiskJson(json) ? { aging: agingJson(decision.aging), decision: decisionJson(decision) } : { risk: riskJson(decision.risk), aging: agingJson(decision.aging), decision: decisionJson(decision) },
						emitted,
					),
				};
			},
		);
	}
}
