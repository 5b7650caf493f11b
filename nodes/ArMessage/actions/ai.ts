/**
 * The optional AI step: read the Anthropic credential once, then rewrite the rendered customer messages
 * of the run, a few at a time, within the run's call budget. Never throws: without a credential, with
 * the AI off, or on any failure, the template text stands and the item's `ai.reason` says why.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { createAiBudget, createAnthropicClient, rewriteMessage, type AnthropicLike } from '../../core/ai';
import { aiModel, type MessageRun } from '../../shared/messageParameters';
import type { Planned } from './plan';

export const AI_CREDENTIAL = 'arAnthropicApi';

export interface AiSetup {
	client: AnthropicLike | null;
	model: string;
	/** Why messages are not rewritten when there is no client. */
	reason: 'disabled' | 'no_credential';
	detail?: string;
}

/** The client for the run, or the reason there is none. */
export async function prepareAi(ctx: IExecuteFunctions, run: MessageRun): Promise<AiSetup> {
	if (!run.ai.enabled) return { client: null, model: aiModel(run, undefined), reason: 'disabled' };
	if (!ctx.getNode().credentials?.[AI_CREDENTIAL]) return { client: null, model: aiModel(run, undefined), reason: 'no_credential', detail: 'AI Rewrite is on but no Anthropic credential is selected' };
	let credential: IDataObject | undefined;
	try {
		credential = (await ctx.getCredentials(AI_CREDENTIAL)) as IDataObject;
	} catch (error) {
		return { client: null, model: aiModel(run, undefined), reason: 'no_credential', detail: `the Anthropic credential could not be read: ${(error as Error)?.message ?? String(error)}`.slice(0, 300) };
	}
	const client = createAnthropicClient({
		apiKey: typeof credential?.apiKey === 'string' ? credential.apiKey : null,
		baseURL: typeof credential?.baseUrl === 'string' ? credential.baseUrl : null,
		timeoutMs: run.ai.timeoutMs + 5000,
	});
	if (!client) return { client: null, model: aiModel(run, credential), reason: 'no_credential', detail: 'the Anthropic credential has no API key' };
	return { client, model: aiModel(run, credential), reason: 'disabled' };
}

/** Rewrite every customer message of the run (in item order, `concurrency` at a time). */
export async function rewriteAll(planned: Planned[], run: MessageRun, ai: AiSetup): Promise<{ calls: number; tokens: number }> {
	if (!ai.client) return { calls: 0, tokens: 0 };
	const jobs = planned.filter((p) => p.rewrite && p.result?.ok && p.request);
	const budget = createAiBudget({ maxCalls: run.ai.maxCalls });
	const options = {
		client: ai.client,
		model: ai.model,
		timeoutMs: run.ai.timeoutMs,
		maxRetries: run.ai.maxRetries,
		budget,
		instructions: run.ai.instructions,
	};
	let next = 0;
	const worker = async () => {
		while (next < jobs.length) {
			const p = jobs[next++];
			p.result = await rewriteMessage({ rendered: p.result!, request: p.request! }, options);
		}
	};
	await Promise.all(Array.from({ length: Math.min(run.ai.concurrency, jobs.length) }, worker));
	return { calls: budget.calls, tokens: budget.tokens };
}
