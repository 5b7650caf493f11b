/**
 * Types of the optional AI rewrite. The deterministic template text is always the fallback: the AI
 * result carries why it was (or was not) used.
 */

/** Why the AI text was not used. `fact_guard:<violation>` names the first broken rule. */
export type AiReason =
	| 'no_credential'
	| 'disabled'
	| 'not_rendered'
	| 'budget_exhausted'
	| 'timeout'
	| 'rate_limited'
	| 'api_error'
	| 'auth_error'
	| 'invalid_response'
	| 'too_long'
	/** Reply second opinion: not asked (the rules were sure, or found an opt-out or a bounce). */
	| 'not_needed'
	/** Reply second opinion: asked, but Claude was not surer than the rules. */
	| 'rules_kept'
	| `fact_guard:${FactViolation}`;

/** Rules of the fact guard. */
export type FactViolation =
	| 'empty'
	| 'invoice_number_missing'
	| 'amount_missing'
	| 'due_date_missing'
	| 'payment_link_missing'
	| 'new_amount'
	| 'new_date'
	| 'new_number'
	| 'new_link'
	| 'new_contact'
	| 'threat';

/** The AI part of a result (per item). */
export interface AiInfo {
	used: boolean;
	reason?: AiReason;
	/** More detail on the reason (HTTP status, the offending token...). */
	detail?: string;
	/** Every fact-guard violation found (when the guard rejected the text). */
	violations?: FactViolation[];
	model?: string;
	/** HTTP attempts made for this item (retries included). */
	attempts: number;
	/** Tokens used by this item (all attempts). */
	tokens: { input: number; output: number };
	latencyMs: number;
}

/** The subset of the Anthropic SDK client the rewrite uses (a real `Anthropic` instance fits). */
export interface AnthropicLike {
	messages: {
		create(
			params: {
				model: string;
				max_tokens: number;
				system?: string;
				temperature?: number;
				messages: Array<{ role: 'user' | 'assistant'; content: string }>;
			},
			options?: { timeout?: number; maxRetries?: number; signal?: AbortSignal },
		): PromiseLike<unknown>;
	};
}

/** A per-run limit on AI calls (and optionally tokens), shared by every item of the run. */
export interface AiBudgetLike {
	/** Reserve one call; false when the budget is spent. */
	tryTake(): boolean;
	/** Record tokens used. */
	record(tokens: number): void;
	readonly calls: number;
	readonly tokens: number;
}

export interface RewriteOptions {
	/** Anthropic client; none = the template text stands (`no_credential`). */
	client?: AnthropicLike | null;
	model?: string;
	/** Per attempt. Default 15 s. */
	timeoutMs?: number;
	/** Retries after the first attempt on 429 / 5xx / timeouts / network errors. Default 2. */
	maxRetries?: number;
	/** First backoff delay; doubles per retry. Default 500 ms. */
	retryBaseMs?: number;
	/** Cap on a single backoff delay (also caps Retry-After). Default 10 s. */
	maxRetryDelayMs?: number;
	/** Shared per-run budget. */
	budget?: AiBudgetLike;
	/** Output token cap per call. Default 1024. */
	maxTokens?: number;
	temperature?: number;
	/** The user's style notes (brand voice), appended to the system prompt. */
	instructions?: string;
	/** Turn the AI off (e.g. a node option) without removing the credential. */
	enabled?: boolean;
}
