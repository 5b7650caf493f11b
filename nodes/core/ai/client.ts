/**
 * Anthropic client factory. The SDK's own retries are off: `rewriteMessage` retries itself, with a
 * bounded count and backoff, and counts every attempt against the run's budget.
 */
import Anthropic from '@anthropic-ai/sdk';
import type { AnthropicLike } from './types';

export interface AnthropicClientOptions {
	apiKey?: string | null;
	/** e.g. a proxy, or a local fake server in tests. Default: the SDK's (api.anthropic.com). */
	baseURL?: string | null;
	/** Hard ceiling per request in the SDK; `rewriteMessage` applies its own, shorter timeout. */
	timeoutMs?: number;
	defaultHeaders?: Record<string, string>;
}

/** A client for the credential, or null when there is no API key (the AI step is then skipped). */
export function createAnthropicClient(options: AnthropicClientOptions): AnthropicLike | null {
	const apiKey = typeof options.apiKey === 'string' ? options.apiKey.trim() : '';
	if (!apiKey) return null;
	const baseURL = typeof options.baseURL === 'string' && options.baseURL.trim() ? options.baseURL.trim().replace(/\/+$/, '') : undefined;
	return new Anthropic({
		apiKey,
		baseURL,
		maxRetries: 0,
		timeout: options.timeoutMs ?? 60_000,
		defaultHeaders: options.defaultHeaders,
	}) as unknown as AnthropicLike;
}
