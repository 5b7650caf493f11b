import {
	NodeConnectionTypes,
	NodeOperationError,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type NodeExecutionHint,
} from 'n8n-workflow';

import { compileTemplates, formatTemplateIssues, type TemplateIssue } from '../core/render';
import { errorItem, toNodeError } from '../shared/items';
import {
	BRACE_CHECK_EXPRESSION,
	MESSAGE_OUTPUT,
	MESSAGE_OUTPUT_NAMES,
	messageProperties,
	readMessageRun,
	type MessageRun,
} from '../shared/messageParameters';
import { AI_CREDENTIAL, prepareAi } from '../shared/aiParameters';
import { rewriteAll } from './actions/ai';
import { outputJson } from './actions/emit';
import { planItem, type Planned } from './actions/plan';

/** Failed items never go to a customer output: with Continue On Fail they go to Needs Human (or the Error output). */
const SAFE_OUTPUT = MESSAGE_OUTPUT.human;

function templateErrorMessage(errors: readonly TemplateIssue[]): string {
	const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
	return `Template Overrides: ${formatTemplateIssues(errors.slice(0, 1))}${more}`;
}

export class ArMessage implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'AR Message',
		name: 'arMessage',
		icon: { light: 'file:arMessage.svg', dark: 'file:arMessage.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["aiRewrite"] ? "Templates + AI rewrite" : "Templates"}}',
		description:
			'Writes the message each AR decision or payment event asks for: email (subject, text, HTML), SMS / WhatsApp, or an internal alert, in the decided tone and the customer\'s language, one item per channel. Anything that cannot be sent goes to Needs Human with the missing field named.',
		defaults: { name: 'AR Message' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main, NodeConnectionTypes.Main, NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: MESSAGE_OUTPUT_NAMES,
		credentials: [{ name: AI_CREDENTIAL, required: false, displayOptions: { show: { aiRewrite: [true] } } }],
		hints: [
			{
				type: 'warning',
				message: 'A template override has unpaired double braces. Run the node to see the template and the line.',
				displayCondition: `={{ ${BRACE_CHECK_EXPRESSION} }}`,
				whenToDisplay: 'beforeExecution',
				location: 'outputPane',
			},
		],
		properties: messageProperties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const out: INodeExecutionData[][] = MESSAGE_OUTPUT_NAMES.map(() => []);
		const continueOnFail = this.continueOnFail();
		const failAll = (nodeError: NodeOperationError, cause: unknown, code?: string, field?: string) => {
			for (let i = 0; i < items.length; i++) out[SAFE_OUTPUT].push(errorItem(this, items[i].json, nodeError, cause, i, code, field));
			return out;
		};

		// Configuration, once per run, before any item.
		let run: MessageRun;
		try {
			run = readMessageRun(this);
		} catch (error) {
			const nodeError = toNodeError(this, error, undefined);
			if (!continueOnFail) throw nodeError;
			return failAll(nodeError, error, 'INVALID_PARAMETER');
		}
		const compiled = compileTemplates(run.overrides);
		if (compiled.errors.length) {
			const nodeError = new NodeOperationError(this.getNode(), templateErrorMessage(compiled.errors), {
				description: `${formatTemplateIssues(compiled.errors)}\n\nFix the template in Template Overrides (keep the field in Fixed mode). No message was rendered.`,
			});
			if (!continueOnFail) throw nodeError;
			return failAll(nodeError, nodeError, 'TEMPLATE_ERROR', 'templateOverrides');
		}
		const hints: NodeExecutionHint[] = compiled.warnings.map((w) => ({ message: `Template Overrides: ${formatTemplateIssues([w])}`, type: 'warning', location: 'outputPane' }));

		// Plan and render every item (synchronous, no network), then emit it.
		let missingFrom = false;
		const causes = new Map<number, unknown>();
		const plan = (i: number): Planned[] | NodeOperationError => {
			try {
				return planItem(run, compiled.templates, items[i].json);
			} catch (error) {
				const nodeError = toNodeError(this, error, i);
				if (!continueOnFail) throw nodeError;
				causes.set(i, error);
				return nodeError;
			}
		};
		const emit = (i: number, p: Planned[] | NodeOperationError) => {
			if (!Array.isArray(p)) {
				out[SAFE_OUTPUT].push(errorItem(this, items[i].json, p, causes.get(i), i));
				return;
			}
			for (const one of p) {
				if (one.route === 'email' && !run.sender.fromEmail) missingFrom = true;
				out[MESSAGE_OUTPUT[one.route]].push({ json: outputJson(run, items[i].json, one, ai), pairedItem: { item: i } });
			}
		};
		const ai = await prepareAi(this, run.ai, 'AI Rewrite');
		if (!ai.client) {
			// No AI rewrite: each item is emitted as soon as it is rendered, so nothing of its rendering outlives it (kept
			// for the whole run, the renderer's working objects would all reach V8's old generation and stay there as
			// garbage: about 60 MB at 100,000 invoices).
			for (let i = 0; i < items.length; i++) emit(i, plan(i));
		} else {
			// Optional AI polish of the customer messages (bounded; the template text stands on any failure): every item is
			// planned first, so the rewrites can run concurrently.
			const planned: Array<Planned[] | NodeOperationError> = [];
			for (let i = 0; i < items.length; i++) planned.push(plan(i));
			const usage = await rewriteAll(
				planned.flatMap((p) => (Array.isArray(p) ? p : [])),
				run,
				ai,
			);
			if (usage.calls > 0) hints.push({ message: `AI rewrite: ${usage.calls} call(s), ${usage.tokens} token(s) this run.`, type: 'info', location: 'outputPane' });
			for (let i = 0; i < items.length; i++) emit(i, planned[i]);
		}
		if (missingFrom) hints.push({ message: 'Sender > From Email is not set: email.from is empty (Send Email needs a From Email).', type: 'warning', location: 'outputPane' });
		if (hints.length && typeof this.addExecutionHints === 'function') this.addExecutionHints(...hints);
		return out;
	}
}
