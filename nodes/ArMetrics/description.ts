/** AR Metrics: the node's parameters. */
import type { INodeProperties } from 'n8n-workflow';

import { LEDGER_FIELDS } from '../core/metrics';
import { policyProperties } from '../shared/policyParameters';

const show = (operation: string[]) => ({ show: { operation } });

const FIELD_OPTIONS = [...LEDGER_FIELDS]
	.map((f) => ({ name: f.charAt(0).toUpperCase() + f.slice(1).replace(/([A-Z])/g, ' $1'), value: f }))
	.sort((a, b) => a.name.localeCompare(b.name));

/** Column names for ledger fields, shared by Compute Metrics and Replay Policy. */
const ledgerProperties = (operation: string[]): INodeProperties[] => [
	{
		displayName: 'Column Names',
		name: 'columns',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Column Name',
		default: {},
		displayOptions: show(operation),
		description:
			'Where a ledger field lives when its column is not named as usual. Usual names are found on their own: invoiceId / "Invoice No", issueDate / "Invoice Date", dueDate / "Due Date", paidDate / "Paid Date", amount / "Amount", customer.segment / "Segment"….',
		options: [
			{
				displayName: 'Column',
				name: 'column',
				values: [
					{
						displayName: 'Field',
						name: 'field',
						type: 'options',
						options: FIELD_OPTIONS,
						default: 'paidDate',
						description: 'The ledger field',
					},
					{
						displayName: 'Column Name',
						name: 'name',
						type: 'string',
						default: '',
						placeholder: 'Settled On',
						description: 'The column (or dot path, e.g. meta.paid_at) that holds it',
					},
				],
			},
		],
	},
	{
		displayName: 'Ledger Options',
		name: 'ledgerOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: show(operation),
		options: [
			{
				displayName: 'Default Currency',
				name: 'defaultCurrency',
				type: 'string',
				default: 'USD',
				description: 'Currency of rows that have none',
			},
			{
				displayName: 'Read Nested History and Touches',
				name: 'readNested',
				type: 'boolean',
				default: true,
				description: 'Whether each invoice item\'s history list (past invoices with paid dates), touches list and approvals list count too, as the daily run\'s items carry them',
			},
			{
				displayName: 'Touches Field',
				name: 'touchesField',
				type: 'string',
				default: 'touches',
				description: 'The field of an invoice item that lists its touch-log entries',
			},
		],
	},
];

export const metricsProperties: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Compute Metrics',
				value: 'computeMetrics',
				action: 'Compute receivables metrics',
				description: 'All items in (invoice ledger and touch log), one item out: DSO, CEI, aging buckets, on-time rate, days to pay, recovery per tier, message counts',
			},
			{
				name: 'Render Report',
				value: 'renderReport',
				action: 'Render the receivables report',
				description: 'Each metrics item becomes an HTML report with inline SVG charts (and a text summary, optionally an HTML file)',
			},
			{
				name: 'Replay Policy',
				value: 'replayPolicy',
				action: 'Replay a policy over a historical ledger',
				description: 'What the policy would have sent, every business day of a period, with the real decision engine',
			},
		],
		default: 'computeMetrics',
	},
	{
		displayName:
			'Each item is an invoice or credit note (negative amount) with its issue, due and paid dates, a touch-log entry (an item with <code>sentAt</code>: an ar_touches row), or an approval (an item with <code>decision</code> and <code>step</code>: an ar_approvals row); empty items are skipped. Outputs one item with the metrics; the formulas are in the package README.',
		name: 'computeNotice',
		type: 'notice',
		default: '',
		displayOptions: show(['computeMetrics']),
	},
	{
		displayName: 'Period',
		name: 'period',
		type: 'options',
		displayOptions: show(['computeMetrics']),
		options: [
			{ name: 'Custom Range', value: 'custom' },
			{ name: 'Last 30 Days', value: 'last30' },
			{ name: 'Last 90 Days', value: 'last90' },
			{ name: 'Last Full Month', value: 'lastMonth' },
			{ name: 'Month to Date', value: 'monthToDate' },
		],
		default: 'last90',
		description: 'The period the figures cover; DSO and CEI use its days and its sales',
	},
	{
		displayName: 'Period Ends On',
		name: 'asOf',
		type: 'string',
		default: '',
		placeholder: '2026-03-17',
		displayOptions: { show: { operation: ['computeMetrics'], period: ['last30', 'last90', 'lastMonth', 'monthToDate'] } },
		description: 'Last day of the period (YYYY-MM-DD). Empty = yesterday in the workflow\'s time zone.',
	},
	{
		displayName: 'From',
		name: 'from',
		type: 'string',
		default: '',
		placeholder: '2026-01-01',
		required: true,
		displayOptions: { show: { operation: ['computeMetrics'], period: ['custom'] } },
		description: 'First day of the period (YYYY-MM-DD)',
	},
	{
		displayName: 'To',
		name: 'to',
		type: 'string',
		default: '',
		placeholder: '2026-03-31',
		required: true,
		displayOptions: { show: { operation: ['computeMetrics'], period: ['custom'] } },
		description: 'Last day of the period (YYYY-MM-DD)',
	},
	...ledgerProperties(['computeMetrics']),
	{
		displayName: 'Metrics Options',
		name: 'metricsOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: show(['computeMetrics']),
		options: [
			{
				displayName: 'Aging Bucket Edges',
				name: 'bucketEdges',
				type: 'string',
				default: '30,60,90',
				description: 'Upper bounds of the past-due buckets in days: 30,60,90 gives Current, 1-30, 31-60, 61-90, 91+',
			},
			{
				displayName: 'Reporting Currency',
				name: 'currency',
				type: 'string',
				default: '',
				placeholder: 'EUR',
				description: 'Needed when the ledger mixes currencies: rows in other currencies are left out (and counted)',
			},
			{
				displayName: 'Trend Months',
				name: 'trendMonths',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 24 },
				default: 6,
				description: 'Months in the DSO trend, ending with the period\'s last month',
			},
		],
	},
	{
		displayName: 'Metrics Field',
		name: 'metricsField',
		type: 'string',
		default: '',
		placeholder: 'metrics',
		displayOptions: show(['renderReport']),
		description: 'The field holding the metrics. Empty = the item itself (the output of Compute Metrics).',
	},
	{
		displayName: 'Report Options',
		name: 'reportOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: show(['renderReport']),
		options: [
			{
				displayName: 'Attach as HTML File',
				name: 'asFile',
				type: 'boolean',
				default: true,
				description: 'Whether to add the report as a binary HTML file too (for an email attachment or a download)',
			},
			{
				displayName: 'Binary Property',
				name: 'binaryPropertyName',
				type: 'string',
				default: 'report',
				description: 'Name of the binary property for the HTML file',
			},
			{
				displayName: 'File Name',
				name: 'fileName',
				type: 'string',
				default: '',
				placeholder: 'ar-report-2026-03-31.html',
				description: 'Empty = ar-report-&lt;period end&gt;.html',
			},
			{
				displayName: 'Subtitle',
				name: 'subtitle',
				type: 'string',
				default: '',
				placeholder: 'Acme Inc.',
				description: 'Shown under the title, e.g. the company name',
			},
			{
				displayName: 'Title',
				name: 'title',
				type: 'string',
				default: 'Receivables report',
				description: 'The report\'s title (also the email subject\'s start)',
			},
		],
	},
	{
		displayName:
			'Each item is a historical invoice (issue, due and paid dates; disputes). Every business day of the period is replayed with the policy below and a simulated touch log; outputs one item with what the policy would have sent.',
		name: 'replayNotice',
		type: 'notice',
		default: '',
		displayOptions: show(['replayPolicy']),
	},
	{
		displayName: 'Replay From',
		name: 'replayFrom',
		type: 'string',
		default: '',
		placeholder: '2025-01-01',
		required: true,
		displayOptions: show(['replayPolicy']),
		description: 'First day replayed (YYYY-MM-DD)',
	},
	{
		displayName: 'Replay To',
		name: 'replayTo',
		type: 'string',
		default: '',
		placeholder: '2025-12-31',
		required: true,
		displayOptions: show(['replayPolicy']),
		description: 'Last day replayed (YYYY-MM-DD)',
	},
	...ledgerProperties(['replayPolicy']),
	...policyProperties('full').map((p) => ({ ...p, displayOptions: { ...(p.displayOptions ?? {}), show: { ...(p.displayOptions?.show ?? {}), operation: ['replayPolicy'] } } })),
	{
		displayName: 'Replay Options',
		name: 'replayOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: show(['replayPolicy']),
		options: [
			{
				displayName: 'Approvals',
				name: 'approvals',
				type: 'options',
				options: [
					{ name: 'Approve (Sent at the Next Run)', value: 'approve' },
					{ name: 'Leave Pending', value: 'pending' },
					{ name: 'Reject', value: 'reject' },
				],
				default: 'approve',
				description: 'What happens to escalations that need an approval',
			},
			{
				displayName: 'Compare With Label',
				name: 'compareLabel',
				type: 'string',
				default: 'compared',
				description: 'Column name of the compared policy',
			},
			{
				displayName: 'Compare With Policy (JSON)',
				name: 'comparePolicy',
				type: 'json',
				default: '{}',
				description: 'A second policy replayed on the same ledger and shown side by side (e.g. a gentler cadence)',
			},
			{
				displayName: 'Keep Each Send',
				name: 'keepSends',
				type: 'boolean',
				default: false,
				description: 'Whether to list every decision that sent something (day, invoice, step, tone, channels, wasted)',
			},
			{
				displayName: 'Run Times',
				name: 'runTimes',
				type: 'string',
				default: '09:00',
				placeholder: '08:00,16:00',
				description: 'When the daily workflow runs, HH:mm in the policy\'s time zone, comma-separated',
			},
			{
				displayName: 'Wasted Within Days',
				name: 'wastedDays',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: 365 },
				default: 3,
				description: 'A message is wasted when the invoice was paid within this many days after it',
			},
		],
	},
];
