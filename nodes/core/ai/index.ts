/**
 * Optional AI (Anthropic) behind one interface. The deterministic template text always stands when the
 * AI is off, fails, is slow, is out of budget, or breaks a fact.
 *
 * ```ts
 * const client = createAnthropicClient({ apiKey: credentials.apiKey, baseURL: credentials.baseUrl });
 * const budget = createAiBudget({ maxCalls: 200 });                       // once per run
 * const out = await rewriteMessage({ rendered, request }, { client, model, timeoutMs: 15000, maxRetries: 2, budget });
 * // out.ai.used, out.ai.reason, out.ai.tokens
 * ```
 */
export * from './types';
export { AiBudget, createAiBudget } from './budget';
export { createAnthropicClient, type AnthropicClientOptions } from './client';
export { factGuard, normalizeSpaces, type GuardResult, type GuardText } from './guard';
export { askClaude, classifyError, clampInt, type CallOptions, type CallParams } from './call';
export { rewriteMessage, buildPrompt, parseAnswer, DEFAULT_MODEL, type RewriteInput, type RewrittenResult } from './rewrite';
export { replySecondOpinion, buildReplyPrompt, parseReplyAnswer, type ReplyOpinion, type ReplyOpinionOptions } from './reply';
