import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { applyMapping } from '../core/mapping';
import { routeItems } from '../shared/items';
import { riskJson, withArFollowUp } from '../shared/output';
import { buildRun, decisionNodeProperties } from '../shared/run';

export class ArRiskScore implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'AR Risk Score',
		name: 'arRiskScore',
		icon: { light: 'file:arRiskScore.svg', dark: 'file:arRiskScore.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{"Risk 0-100 · band · tone"}}',
		description:
			'Scores how likely each invoice is to be paid late (0-100), from the customer\'s payment history and value, with the band, the recommended tone and the factors that made the score',
		defaults: { name: 'AR Risk Score' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: decisionNodeProperties(
			'History is read from the item\'s <code>history</code> field: a list of past invoices (issueDate, dueDate, paidDate, amount, disputed) or a summary (invoiceCount, paidLateCount, avgDaysLate…). Customers with no history get a documented prior.',
			'risk',
		),
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return routeItems(
			this,
			1,
			0,
			() => buildRun(this, 'risk'),
			({ engine, mapping, emitted }, json) => {
				const input = engine.prepare(applyMapping(mapping, json), 'profile');
				const risk = engine.riskOf(input);
				return { output: 0, json: withArFollowUp(json, input, { risk: riskJson(risk) }, emitted) };
			},
		);
	}
}
