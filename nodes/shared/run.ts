/**
 * What every decision node builds once per run: the validated policy, the engine (with `now` fixed),
 * and the compiled field mapping.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { DecisionEngine, preparePolicy } from '../core/engine';
import { ValidationError } from '../core/errors';
import type { CompiledMapping } from '../core/mapping';
import type { Policy } from '../core/types';
import { instantMs } from '../core/validate';
import { mappingProperties, readMapping } from './mappingParameters';
import { outputRun, type OutputRun } from './output';
import { policyProperties, readPolicyInput, type PolicyScope } from './policyParameters';

export const asOfOption: INodeProperties = {
	displayName: 'Evaluate As Of',
	name: 'asOf',
	type: 'string',
	default: '',
	placeholder: '2026-03-02T09:00:00Z',
	description: 'Decide as if it were this moment (ISO 8601 with a time zone). Empty = now. Useful for tests and replays.',
};

/** The parameters every decision node shows: a notice, input shape and overrides, the policy, and options. */
export function decisionNodeProperties(notice: string, scope: PolicyScope = 'full'): INodeProperties[] {
	return [
		{ displayName: notice, name: 'notice', type: 'notice', default: '' },
		...mappingProperties,
		...policyProperties(scope),
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add option',
			default: {},
			options: [asOfOption],
		},
	];
}

export interface RunContext {
	engine: DecisionEngine;
	mapping: CompiledMapping;
	/** What the run's output items share (policy version, `now`, the customer records emitted). */
	emitted: OutputRun;
}

/** Read `now`: the As Of option, or the clock (the node reads the clock; the core never does). */
export function readNow(ctx: IExecuteFunctions): string {
	const options = ctx.getNodeParameter('options', 0, {}) as IDataObject;
	const asOf = typeof options.asOf === 'string' ? options.asOf.trim() : '';
	if (!asOf) return new Date().toISOString();
	if (instantMs(asOf) === null) throw new ValidationError([{ field: 'options.asOf', message: 'must be an ISO 8601 instant with a time zone, e.g. 2026-03-02T09:00:00Z', received: JSON.stringify(asOf) }]);
	return asOf;
}

export function buildRun(ctx: IExecuteFunctions, scope: PolicyScope = 'full'): RunContext {
	const policy = preparePolicy(readPolicyInput(ctx, scope));
	// Each item's customer and history are validated with it and dropped with it (see EngineOptions.shareRecords).
	const engine = new DecisionEngine(policy, readNow(ctx), { shareRecords: false });
	return { engine, mapping: readMapping(ctx), emitted: outputRun(engine.fingerprint, engine.now) };
}

/** The AR Aging Router has one output per tier, up to this many, then "Nothing Due Today". */
export const MAX_TIER_OUTPUTS = 4;

/** Output index of each tier id; a policy with more tiers than outputs is rejected. */
export function tierOutputs(policy: Policy): Map<string, number> {
	if (policy.tiers.length > MAX_TIER_OUTPUTS) {
		throw new ValidationError([{ field: 'policy.tiers', message: `has ${policy.tiers.length} tiers; the AR Aging Router routes up to ${MAX_TIER_OUTPUTS}` }]);
	}
	return new Map(policy.tiers.map((t, i) => [t.id, i]));
}
