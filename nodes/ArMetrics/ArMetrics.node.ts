import {
	NodeConnectionTypes,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { preparePolicy } from '../core/engine';
import { computeMetrics } from '../core/metrics';
import { checkReplayRecord, formatComparison, formatReplay, replayPolicy, type ReplayOptions } from '../core/replay';
import { renderReportHtml, renderReportText } from '../core/report';
import { errorItem, toNodeError } from '../shared/items';
import { readPolicyInput } from '../shared/policyParameters';
import { collectLedger, keepValid } from './actions/ledger';
import { asMetrics, bucketEdges, replayCompared } from './actions/read';
import { readPeriod, readReplayPeriod } from './actions/period';
import { metricsProperties } from './description';

type Operation = 'computeMetrics' | 'renderReport' | 'replayPolicy';

export class ArMetrics implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'AR Metrics',
		name: 'arMetrics',
		icon: { light: 'file:arMetrics.svg', dark: 'file:arMetrics.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ {"computeMetrics": "DSO · CEI · aging · recovery", "renderReport": "HTML report with charts", "replayPolicy": "Replay a policy over history"}[$parameter["operation"]] }}',
		description: 'Receivables metrics (DSO, CEI, aging, on-time rate, days to pay, recovery), the HTML report with charts, and policy replay over a historical ledger',
		defaults: { name: 'AR Metrics' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: metricsProperties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const operation = this.getNodeParameter('operation', 0) as Operation;
		const items = this.getInputData();
		if (operation === 'renderReport') return [await renderReports(this, items)];

		// Aggregating operations: many items in, one item out (plus error items under Continue On Fail).
		const paired = (used: number[]) => used.map((item) => ({ item }));
		try {
			if (operation === 'computeMetrics') {
				const period = readPeriod(this);
				const options = this.getNodeParameter('metricsOptions', 0, {}) as IDataObject;
				const edges = bucketEdges(options.bucketEdges);
				const collected = collectLedger(this, items, true);
				const metrics = computeMetrics(
					collected.ledger,
					collected.touches,
					{
						...period,
						currency: typeof options.currency === 'string' ? options.currency : undefined,
						bucketEdges: edges,
						trendMonths: typeof options.trendMonths === 'number' ? options.trendMonths : undefined,
					},
					collected.approvals,
				);
				const json: IDataObject = {
					...(metrics as unknown as IDataObject),
					input: { items: items.length, ledgerRows: collected.ledger.length, touches: collected.touches.length, approvals: collected.approvals.length, emptyItems: collected.emptyItems, errors: collected.errors.length, skippedHistory: collected.skippedHistory },
				};
				return [[{ json, pairedItem: paired(collected.used) }, ...collected.errors]];
			}
			const period = readReplayPeriod(this);
			const options = this.getNodeParameter('replayOptions', 0, {}) as IDataObject;
			const policy = preparePolicy(readPolicyInput(this));
			const collected = collectLedger(this, items, false);
			keepValid(this, items, collected, (rec) => checkReplayRecord(rec, policy));
			const runTimes = typeof options.runTimes === 'string' ? options.runTimes.split(',').map((s) => s.trim()).filter(Boolean) : undefined;
			const replayOptions: ReplayOptions = {
				...period,
				runTimes,
				wastedDays: typeof options.wastedDays === 'number' ? options.wastedDays : undefined,
				approvals: (options.approvals as ReplayOptions['approvals']) ?? undefined,
				keepSends: options.keepSends === true,
			};
			const report = replayPolicy(collected.ledger, policy, replayOptions);
			const json: IDataObject = { replay: report as unknown as IDataObject, text: formatReplay(report) };
			const second = replayCompared(options.comparePolicy, collected.ledger, replayOptions);
			if (second) {
				const labels = [policy.name, typeof options.compareLabel === 'string' && options.compareLabel ? options.compareLabel : second.policy.name];
				json.compared = second as unknown as IDataObject;
				json.comparison = formatComparison([report, second], labels);
			}
			json.input = { items: items.length, ledgerRows: collected.ledger.length, errors: collected.errors.length, skippedHistory: collected.skippedHistory };
			return [[{ json, pairedItem: paired(collected.used) }, ...collected.errors]];
		} catch (error) {
			const nodeError = toNodeError(this, error, undefined);
			if (!this.continueOnFail()) throw nodeError;
			return [items.map((item, i) => errorItem(this, item.json, nodeError, error, i))];
		}
	}
}

async function renderReports(ctx: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const out: INodeExecutionData[] = [];
	const field = String(ctx.getNodeParameter('metricsField', 0, '') ?? '').trim();
	const options = ctx.getNodeParameter('reportOptions', 0, {}) as IDataObject;
	const title = typeof options.title === 'string' && options.title.trim() ? options.title.trim() : 'Receivables report';
	const subtitle = typeof options.subtitle === 'string' && options.subtitle.trim() ? options.subtitle.trim() : undefined;
	const asFile = options.asFile !== false;
	const binaryName = typeof options.binaryPropertyName === 'string' && options.binaryPropertyName.trim() ? options.binaryPropertyName.trim() : 'report';
	const generatedAt = new Date().toISOString();
	for (let i = 0; i < items.length; i++) {
		const json = items[i].json;
		try {
			let source: unknown = json;
			if (field) for (const k of field.split('.')) source = source && typeof source === 'object' && Object.prototype.hasOwnProperty.call(source, k) ? (source as IDataObject)[k] : undefined;
			const metrics = asMetrics(source, field);
			const html = renderReportHtml(metrics, { title, subtitle, generatedAt });
			const result: INodeExecutionData = {
				json: {
					subject: `${title}: ${metrics.period.from} to ${metrics.period.to} · DSO ${metrics.dso.simple ?? 'n/a'} days · CEI ${metrics.cei === null ? 'n/a' : `${metrics.cei} %`}`,
					text: renderReportText(metrics, title),
					html,
					period: metrics.period as unknown as IDataObject,
				},
				pairedItem: { item: i },
			};
			if (asFile) {
				const fileName = typeof options.fileName === 'string' && options.fileName.trim() ? options.fileName.trim() : `ar-report-${metrics.period.to}.html`;
				result.binary = { [binaryName]: await ctx.helpers.prepareBinaryData(Buffer.from(html, 'utf8'), fileName, 'text/html') };
			}
			out.push(result);
		} catch (error) {
			const nodeError = toNodeError(ctx, error, i);
			if (!ctx.continueOnFail()) throw nodeError;
			out.push(errorItem(ctx, json, nodeError, error, i));
		}
	}
	return out;
}
