import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import type { ReplyOpinion } from '../core/ai';
import { AI_CREDENTIAL, prepareAi } from '../shared/aiParameters';
import { configuredOutputs, eventProperties, outputIndex, readEventRun, readWebhookParameters, type EventOperation, type EventPrefetch, type EventRun } from '../shared/eventParameters';
import { routeItems } from '../shared/items';
import { CREDENTIAL, prefetchBilling, processBillingEvent, readBillingEvent } from './actions/billing';
import { checkPromisesItem } from './actions/promises';
import { classifyReplyItem, prefetchOpinions } from './actions/reply';

interface RunState {
	run: EventRun;
	pre: EventPrefetch;
}

const NO_PREFETCH: EventPrefetch = { secrets: null, toleranceSeconds: 300, rawBodies: [], rawBodyErrors: [] };

export class ArEvent implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'AR Event',
		name: 'arEvent',
		icon: { light: 'file:arEvent.svg', dark: 'file:arEvent.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle:
			'={{ $parameter["operation"] === "classifyReply" ? "Classify Reply" : $parameter["operation"] === "checkPromises" ? "Check Promises" : $parameter["operation"] === "readBillingEvent" ? "Read Billing Event" : "Process Billing Event" }}',
		description:
			'Changes the follow-up the moment money moves or a customer writes: verifies and applies payment events (Stripe, QuickBooks, generic), classifies replies, releases broken promises, and says what to write, send and who to tell',
		defaults: { name: 'AR Event' },
		inputs: [NodeConnectionTypes.Main],
		outputs: `={{(${configuredOutputs})($parameter)}}`,
		credentials: [
			{
				name: CREDENTIAL,
				required: false,
				displayOptions: { show: { operation: ['processBillingEvent', 'readBillingEvent'] } },
			},
			{ name: AI_CREDENTIAL, required: false, displayOptions: { show: { operation: ['classifyReply'], aiSecondOpinion: [true] } } },
		],
		properties: eventProperties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const operation = this.getNodeParameter('operation', 0, 'processBillingEvent') as EventOperation;
		const outputs = configuredOutputs({ operation }).length;
		const rejected = outputIndex(operation).rejected ?? outputs - 1;
		const billing = operation === 'processBillingEvent' || operation === 'readBillingEvent';
		// Async reads (credential, raw bodies) happen once, before the item loop; a failure there is the
		// run's failure (or, with Continue On Fail, every item's), raised from the loop's setup.
		let webhook: ReturnType<typeof readWebhookParameters> | undefined;
		let pre = NO_PREFETCH;
		let setupError: unknown;
		if (billing) {
			try {
				webhook = readWebhookParameters(this);
				pre = await prefetchBilling(this, webhook);
			} catch (error) {
				setupError = error;
			}
		}
		// Classify Reply with the AI second opinion: the parameters are read and Claude is asked before the item loop
		// (a few replies at a time), so the loop stays synchronous; a failure to read the parameters is raised from it.
		let replyRun: EventRun | undefined;
		let opinions: Array<ReplyOpinion | undefined> = [];
		if (operation === 'classifyReply') {
			try {
				replyRun = readEventRun(this, operation);
			} catch (error) {
				setupError = error;
			}
			if (replyRun?.replyAi.enabled) {
				const ai = await prepareAi(this, replyRun.replyAi, 'AI Second Opinion');
				const asked = await prefetchOpinions(replyRun, ai, this.getInputData());
				opinions = asked.opinions;
				if (asked.calls > 0 && typeof this.addExecutionHints === 'function') {
					this.addExecutionHints({ message: `AI second opinion: ${asked.calls} call(s), ${asked.tokens} token(s) this run; ${asked.changed} repl${asked.changed === 1 ? 'y' : 'ies'} classified otherwise than by the rules.`, type: 'info', location: 'outputPane' });
				}
			}
		}
		return routeItems<RunState>(
			this,
			outputs,
			rejected,
			() => {
				if (setupError !== undefined) throw setupError;
				return { run: replyRun ?? readEventRun(this, operation, webhook), pre };
			},
			({ run, pre: prefetched }, json, index) => {
				switch (run.operation) {
					case 'classifyReply':
						return classifyReplyItem(run, json, opinions[index]);
					case 'checkPromises':
						return checkPromisesItem(run, json);
					case 'readBillingEvent':
						return readBillingEvent(run, prefetched, json, index);
					default:
						return processBillingEvent(run, prefetched, json, index);
				}
			},
		);
	}
}
