/**
 * Field mapping as node parameters: a preset for the common billing shapes plus per-field path
 * overrides. Paths, not per-item expressions: the mapping is compiled once per run.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { compileMapping, CUSTOMER_FIELDS, INVOICE_FIELDS, STATE_FIELDS, type CompiledMapping, type MappingPreset } from '../core/mapping';

const FIELD_OPTIONS = [
	...INVOICE_FIELDS.map((f) => ({ name: `Invoice: ${f}`, value: `invoice.${f}` })),
	...CUSTOMER_FIELDS.map((f) => ({ name: `Customer: ${f}`, value: `customer.${f}` })),
	...STATE_FIELDS.map((f) => ({ name: `State: ${f}`, value: f })),
].sort((a, b) => a.name.localeCompare(b.name));

export const mappingProperties: INodeProperties[] = [
	{
		displayName: 'Input Shape',
		name: 'inputShape',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'AR Follow-Up Fields', value: 'canonical', description: 'InvoiceId, customerId, amount, dueDate… with a customer object (the sample ledger\'s shape)' },
			{ name: 'CSV / Google Sheets Row', value: 'csv', description: 'Columns such as "Invoice Number", "Due Date", "Customer Email"' },
			{ name: 'QuickBooks Invoice', value: 'quickbooks', description: 'ID, DocNumber, CustomerRef, TotalAmt, Balance, DueDate…' },
			{ name: 'Stripe Invoice', value: 'stripe', description: 'A Stripe invoice object (amounts in cents, Unix dates)' },
		],
		default: 'canonical',
		description: 'How the incoming items name their fields',
	},
	{
		displayName: 'Field Overrides',
		name: 'fieldOverrides',
		type: 'fixedCollection',
		placeholder: 'Add Field Override',
		typeOptions: { multipleValues: true },
		default: {},
		description: 'Read a field from another path of the item (dot notation, e.g. metadata.owner_email)',
		options: [
			{
				name: 'field',
				displayName: 'Field',
				values: [
					{ displayName: 'Field', name: 'target', type: 'options', options: FIELD_OPTIONS, default: 'invoice.dueDate' },
					{ displayName: 'Path in Item', name: 'path', type: 'string', default: '', placeholder: 'metadata.due', description: 'Dot path in the item\'s JSON' },
				],
			},
		],
	},
];

/** Compile the mapping once per run. */
export function readMapping(ctx: IExecuteFunctions): CompiledMapping {
	const preset = ctx.getNodeParameter('inputShape', 0, 'canonical') as MappingPreset;
	const overrides = ctx.getNodeParameter('fieldOverrides', 0, {}) as IDataObject;
	const map: Record<string, string> = {};
	for (const f of (overrides.field as IDataObject[] | undefined) ?? []) {
		if (typeof f.target === 'string' && typeof f.path === 'string' && f.path.trim() !== '') map[f.target] = f.path.trim();
	}
	return compileMapping(preset, map);
}
