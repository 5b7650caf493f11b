/**
 * The optional AI step (the client comes from shared/aiParameters prepareAi): rewrite the rendered customer messages
 * of the run, a few at a time, within the run's call budget. Never throws: without a credential, with
 * the AI off, or on any failure, the template text stands and the item's `ai.reason` says why.
 */
import { createAiBudget, rewriteMessage } from '../../core/ai';
import { inParallel, type AiSetup } from '../../shared/aiParameters';
import type { MessageRun } from '../../shared/messageParameters';
import type { Planned } from './plan';

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
	await inParallel(jobs, run.ai.concurrency, async (p) => {
		p.result = await rewriteMessage({ rendered: p.result!, request: p.request! }, options);
	});
	return { calls: budget.calls, tokens: budget.tokens };
}
