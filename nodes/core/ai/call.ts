/**
 * One bounded call to Claude, shared by every AI feature (copy rewrite, reply second opinion): the per-run budget is
 * taken per attempt, each attempt has its own timeout, retries back off on 429 / 5xx / timeouts / network errors, and
 * tokens and latency are counted into the item's AiInfo. Never throws: a failure comes back as the reason.
 */
import type { AiInfo, AiReason, AnthropicLike, RewriteOptions } from './types';

/** The options of a call (the shared part of every AI feature's options). */
export type CallOptions = Pick<RewriteOptions, 'timeoutMs' | 'maxRetries' | 'retryBaseMs' | 'maxRetryDelayMs' | 'budget'>;

/** The Messages API request of one call. */
export type CallParams = Parameters<AnthropicLike['messages']['create']>[0];

interface Classified {
	reason: AiReason;
	retryable: boolean;
	detail: string;
	retryAfterMs?: number;
}

class AttemptTimeout extends Error {
	constructor(ms: number) {
		super(`no answer within ${ms} ms`);
		this.name = 'AttemptTimeout';
	}
}

function headerValue(headers: unknown, name: string): string | undefined {
	if (!headers || typeof headers !== 'object') return undefined;
	const h = headers as { get?: (n: string) => string | null } & Record<string, unknown>;
	if (typeof h.get === 'function') return h.get(name) ?? undefined;
	const v = h[name];
	return typeof v === 'string' ? v : undefined;
}

/** Map an error of the SDK (or a compatible client) to a reason and whether a retry may help. */
export function classifyError(error: unknown): Classified {
	const e = (error && typeof error === 'object' ? error : {}) as { name?: unknown; status?: unknown; message?: unknown; headers?: unknown };
	const name = typeof e.name === 'string' ? e.name : '';
	const message = typeof e.message === 'string' ? e.message.split('\n')[0].slice(0, 200) : String(error).slice(0, 200);
	if (error instanceof AttemptTimeout || /Timeout/i.test(name)) return { reason: 'timeout', retryable: true, detail: message };
	const status = typeof e.status === 'number' ? e.status : undefined;
	if (status === 429) {
		const after = Number(headerValue(e.headers, 'retry-after'));
		return { reason: 'rate_limited', retryable: true, detail: `HTTP 429: ${message}`, retryAfterMs: Number.isFinite(after) && after >= 0 ? after * 1000 : undefined };
	}
	if (status === 401 || status === 403) return { reason: 'auth_error', retryable: false, detail: `HTTP ${status}: ${message}` };
	if (status !== undefined && (status >= 500 || status === 408 || status === 409)) return { reason: 'api_error', retryable: true, detail: `HTTP ${status}: ${message}` };
	if (status !== undefined) return { reason: 'api_error', retryable: false, detail: `HTTP ${status}: ${message}` };
	// No status: connection refused / reset, DNS... (a retry may help).
	return { reason: 'api_error', retryable: true, detail: message || 'network error' };
}

async function callWithTimeout(client: AnthropicLike, params: CallParams, timeoutMs: number): Promise<unknown> {
	const controller = new AbortController();
	let timer: ReturnType<typeof setTimeout> | undefined;
	const timeout = new Promise<never>((_, reject) => {
		timer = setTimeout(() => {
			controller.abort();
			reject(new AttemptTimeout(timeoutMs));
		}, timeoutMs);
	});
	try {
		const call = Promise.resolve(client.messages.create(params, { signal: controller.signal, timeout: timeoutMs + 1000, maxRetries: 0 }));
		return await Promise.race([call, timeout]);
	} finally {
		if (timer) clearTimeout(timer);
	}
}

function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Text and token usage of a Messages API response. */
function readResponse(response: unknown): { text?: string; input: number; output: number; truncated: boolean } {
	const r = (response && typeof response === 'object' ? response : {}) as {
		content?: unknown;
		usage?: { input_tokens?: unknown; output_tokens?: unknown };
		stop_reason?: unknown;
	};
	const input = typeof r.usage?.input_tokens === 'number' ? r.usage.input_tokens : 0;
	const output = typeof r.usage?.output_tokens === 'number' ? r.usage.output_tokens : 0;
	let text: string | undefined;
	if (Array.isArray(r.content)) {
		text = r.content
			.filter((b): b is { type: string; text: string } => !!b && typeof b === 'object' && (b as { type?: unknown }).type === 'text' && typeof (b as { text?: unknown }).text === 'string')
			.map((b) => b.text)
			.join('');
	}
	return { text, input, output, truncated: r.stop_reason === 'max_tokens' };
}

/**
 * Ask Claude once (with retries): the answer's text, or why there is none (`budget_exhausted`, `timeout`,
 * `rate_limited`, `auth_error`, `api_error`, `invalid_response` when the answer was cut off). Counts attempts, tokens
 * and latency into `ai`.
 */
export async function askClaude(client: AnthropicLike, params: CallParams, options: CallOptions, ai: AiInfo): Promise<{ text: string | undefined } | { reason: AiReason; detail?: string }> {
	const timeoutMs = clampInt(options.timeoutMs, 15_000, 100, 300_000);
	const maxRetries = clampInt(options.maxRetries, 2, 0, 10);
	const retryBaseMs = clampInt(options.retryBaseMs, 500, 0, 60_000);
	const maxDelay = clampInt(options.maxRetryDelayMs, 10_000, 0, 120_000);
	const started = performance.now();
	try {
		let last: Classified | undefined;
		for (let attempt = 0; attempt <= maxRetries; attempt++) {
			if (options.budget && !options.budget.tryTake()) return { reason: 'budget_exhausted', detail: last ? `after ${last.reason}: ${last.detail}` : undefined };
			ai.attempts++;
			let response: unknown;
			try {
				response = await callWithTimeout(client, params, timeoutMs);
			} catch (error) {
				last = classifyError(error);
				if (!last.retryable || attempt === maxRetries) return { reason: last.reason, detail: last.detail };
				await sleep(Math.min(maxDelay, Math.max(last.retryAfterMs ?? 0, retryBaseMs * 2 ** attempt)));
				continue;
			}
			const read = readResponse(response);
			ai.tokens.input += read.input;
			ai.tokens.output += read.output;
			options.budget?.record(read.input + read.output);
			if (read.truncated) return { reason: 'invalid_response', detail: 'the answer was cut off (max_tokens)' };
			return { text: read.text };
		}
		return { reason: last?.reason ?? 'api_error', detail: last?.detail };
	} catch (error) {
		return { reason: 'api_error', detail: error instanceof Error ? error.message.slice(0, 200) : String(error).slice(0, 200) };
	} finally {
		ai.latencyMs = Math.round(performance.now() - started);
	}
}

/** The JSON object in an answer's text (from its first "{" to its last "}"), or undefined when there is none. */
export function jsonObjectIn(text: string | undefined): Record<string, unknown> | undefined {
	if (!text) return undefined;
	const start = text.indexOf('{');
	const end = text.lastIndexOf('}');
	if (start === -1 || end <= start) return undefined;
	let value: unknown;
	try {
		value = JSON.parse(text.slice(start, end + 1));
	} catch {
		return undefined;
	}
	return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** A whole number within [min, max], or the fallback when not a finite number. */
export function clampInt(value: unknown, fallback: number, min: number, max: number): number {
	if (typeof value !== 'number' || !Number.isFinite(value)) return fallback;
	return Math.min(max, Math.max(min, Math.round(value)));
}
