import {
	NodeConnectionTypes,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { policyFingerprint } from '../core/policy';
import { preparePolicy } from '../core/engine';
import { toNodeError } from '../shared/items';
import { policyProperties, readPolicyInput } from '../shared/policyParameters';

/**
 * One place for every follow-up setting: validates the policy and emits it once, so the other AR nodes
 * read it with `{{ $('AR Policy').first().json.policy }}` (their Policy: From JSON mode).
 */
export class ArPolicy implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'AR Policy',
		name: 'arPolicy',
		icon: { light: 'file:arPolicy.svg', dark: 'file:arPolicy.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{"Cadence, tiers and rules"}}',
		description: 'Defines and validates the AR follow-up policy (cadence, tiers, tones, approvals, quiet hours, caps) once for the whole workflow',
		defaults: { name: 'AR Policy' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [
			{
				displayName:
					'Outputs one item with the validated policy. In the other AR nodes choose Policy: From JSON; their default expression reads this node\'s output.',
				name: 'notice',
				type: 'notice',
				default: '',
			},
			...policyProperties('full'),
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		try {
			const policy = preparePolicy(readPolicyInput(this));
			const json: IDataObject = {
				policy: policy as unknown as IDataObject,
				policyVersion: policyFingerprint(policy),
				cadence: policy.steps.map((s) => `${s.id} (${s.offsetDays >= 0 ? '+' : ''}${s.offsetDays}d, ${s.tone}, ${s.channels.join('+')})`).join(' · '),
				tiers: policy.tiers.map((t) => `${t.label}`).join(' · '),
			};
			return [[{ json, pairedItem: items.map((_, i) => ({ item: i })) }]];
		} catch (error) {
			const nodeError = toNodeError(this, error, undefined);
			if (!this.continueOnFail()) throw nodeError;
			return [[{ json: { error: nodeError.message }, error: nodeError, pairedItem: items.map((_, i) => ({ item: i })) }]];
		}
	}
}
