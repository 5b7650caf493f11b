/**
 * A minimal stand-in for n8n's IExecuteFunctions, enough to drive a node's execute() in tests:
 * input items, parameters (with n8n's rule that an unset parameter returns the given fallback),
 * Continue On Fail, and the node object errors are attached to.
 */
import type { IDataObject, IExecuteFunctions, INode, INodeExecutionData, INodeType } from 'n8n-workflow';

export interface MockOptions {
	params?: Record<string, unknown>;
	continueOnFail?: boolean;
	/** n8n's "On Error" setting; continueOnFail is implied by either continue mode. */
	onError?: 'continueRegularOutput' | 'continueErrorOutput' | 'stopWorkflow';
	nodeName?: string;
}

export function mockContext(items: IDataObject[], options: MockOptions = {}): IExecuteFunctions & { parameterReads: Map<string, number> } {
	const params = options.params ?? {};
	const node: INode = {
		id: 'node-1',
		name: options.nodeName ?? 'AR Node',
		type: 'n8n-nodes-ar-followup.test',
		typeVersion: 1,
		position: [0, 0],
		parameters: params as INode['parameters'],
		...(options.onError ? { onError: options.onError } : {}),
	};
	const input: INodeExecutionData[] = items.map((json) => ({ json }));
	const parameterReads = new Map<string, number>();
	const ctx = {
		parameterReads,
		getInputData: () => input,
		getNode: () => node,
		continueOnFail: () => !!options.continueOnFail || options.onError === 'continueRegularOutput' || options.onError === 'continueErrorOutput',
		getNodeParameter: (name: string, _itemIndex: number, fallback?: unknown) => {
			parameterReads.set(name, (parameterReads.get(name) ?? 0) + 1);
			return Object.prototype.hasOwnProperty.call(params, name) ? params[name] : fallback;
		},
	};
	return ctx as unknown as IExecuteFunctions & { parameterReads: Map<string, number> };
}

export async function run(
	node: INodeType,
	items: IDataObject[],
	options: MockOptions = {},
): Promise<{ out: INodeExecutionData[][]; ctx: { parameterReads: Map<string, number> } }> {
	const ctx = mockContext(items, options);
	const out = (await node.execute!.call(ctx)) as INodeExecutionData[][];
	return { out, ctx };
}

/** Every input index appears exactly once across all outputs. */
export function pairedIndexes(out: INodeExecutionData[][]): number[] {
	const seen: number[] = [];
	for (const branch of out) {
		for (const item of branch) {
			const p = item.pairedItem as { item: number };
			seen.push(p.item);
		}
	}
	return seen.sort((a, b) => a - b);
}
