/**
 * The item loop every AR node shares: item by item, pairedItem kept, Continue On Fail honoured, bad
 * input turned into a NodeOperationError naming the item and the field. Every input item leaves on
 * exactly one output: its route, or (on error, with Continue On Fail) the node's safe output with the
 * error attached, or n8n's Error output when "On Error: Continue (using error output)".
 */
import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';

import { isValidationError } from '../core/errors';
import { MappingError } from '../core/mapping';

export interface Routed {
	output: number;
	json: IDataObject;
}

export interface ItemErrorInfo {
	field: string;
	message: string;
	issues?: Array<{ field: string; message: string; received?: string }>;
}

/** What went wrong, naming the field when the core said which. */
export function describeError(error: unknown): ItemErrorInfo {
	if (isValidationError(error)) return { field: error.field, message: error.message, issues: error.issues };
	if (error instanceof MappingError) return { field: error.field, message: `${error.field}: ${error.message}` };
	if (error instanceof Error) return { field: '(item)', message: error.message };
	return { field: '(item)', message: String(error) };
}

export function toNodeError(ctx: IExecuteFunctions, error: unknown, itemIndex: number | undefined): NodeOperationError {
	if (error instanceof NodeOperationError) return error;
	const info = describeError(error);
	const where = itemIndex === undefined ? '' : ` in item ${itemIndex}`;
	const description = info.issues?.length
		? info.issues.map((i) => `${i.field}: ${i.message}${i.received !== undefined ? ` (received ${i.received})` : ''}`).join('\n')
		: undefined;
	return new NodeOperationError(ctx.getNode(), `Invalid ${info.field}${where}: ${info.message.replace(`${info.field}: `, '')}`, {
		...(itemIndex !== undefined ? { itemIndex } : {}),
		description: description ?? 'Check the field mapping (Input Shape and Field Overrides) and the item data.',
	});
}

/**
 * Run `handle` over every input item and route the results.
 * `setup` runs once per run (read parameters, build the engine); if it fails, the run fails, or with
 * Continue On Fail every item goes to the safe output carrying the error.
 */
export function routeItems<S>(
	ctx: IExecuteFunctions,
	outputCount: number,
	safeOutput: number,
	setup: () => S,
	handle: (state: S, json: IDataObject, index: number) => Routed,
): INodeExecutionData[][] {
	const items = ctx.getInputData();
	const out: INodeExecutionData[][] = Array.from({ length: outputCount }, () => []);
	const continueOnFail = ctx.continueOnFail();
	let state: S;
	try {
		state = setup();
	} catch (error) {
		if (!continueOnFail) throw toNodeError(ctx, error, undefined);
		const nodeError = toNodeError(ctx, error, undefined);
		for (let i = 0; i < items.length; i++) out[safeOutput].push(errorItem(ctx, items[i].json, nodeError, error, i));
		return out;
	}
	for (let i = 0; i < items.length; i++) {
		try {
			const routed = handle(state, items[i].json, i);
			out[routed.output].push({ json: routed.json, pairedItem: { item: i } });
		} catch (error) {
			const nodeError = toNodeError(ctx, error, i);
			if (!continueOnFail) throw nodeError;
			out[safeOutput].push(errorItem(ctx, items[i].json, nodeError, error, i));
		}
	}
	return out;
}

/**
 * The item a failed input becomes under Continue On Fail.
 * - "Continue (using error output)": only `error` and `details`, the shape n8n moves to the Error output
 *   (it then merges the input item's fields back in).
 * - "Continue": the input item with `error` and `arFollowUp.error`, on the node's safe output, so a
 *   person sees the invoice and why it could not be decided.
 */
export function errorItem(
	ctx: IExecuteFunctions,
	json: IDataObject,
	nodeError: NodeOperationError,
	cause: unknown,
	i: number,
	code = 'INVALID_INPUT',
	field?: string,
): INodeExecutionData {
	const info = describeError(cause);
	const details: IDataObject = { code, field: field ?? info.field, itemIndex: i };
	if (ctx.getNode().onError === 'continueErrorOutput') {
		return { json: { error: nodeError.message, details }, pairedItem: { item: i } };
	}
	const prev = (json && typeof json.arFollowUp === 'object' && json.arFollowUp) || {};
	return {
		json: { ...json, error: nodeError.message, arFollowUp: { ...(prev as IDataObject), error: { ...details, message: nodeError.message } } },
		pairedItem: { item: i },
	};
}
