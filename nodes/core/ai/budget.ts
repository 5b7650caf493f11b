/**
 * Per-run AI budget: a cap on calls (every HTTP attempt counts, retries included) and optionally on
 * tokens. Create one per run and pass it to every `rewriteMessage` call of that run.
 */
import type { AiBudgetLike } from './types';

export class AiBudget implements AiBudgetLike {
	readonly maxCalls: number;
	readonly maxTokens?: number;
	private usedCalls = 0;
	private usedTokens = 0;

	constructor(options: { maxCalls: number; maxTokens?: number }) {
		const calls = Number.isFinite(options.maxCalls) ? Math.max(0, Math.floor(options.maxCalls)) : 0;
		this.maxCalls = calls;
		if (options.maxTokens !== undefined && Number.isFinite(options.maxTokens)) this.maxTokens = Math.max(0, Math.floor(options.maxTokens));
	}

	get calls(): number {
		return this.usedCalls;
	}

	get tokens(): number {
		return this.usedTokens;
	}

	/** Calls left. */
	get remaining(): number {
		return Math.max(0, this.maxCalls - this.usedCalls);
	}

	tryTake(): boolean {
		if (this.usedCalls >= this.maxCalls) return false;
		if (this.maxTokens !== undefined && this.usedTokens >= this.maxTokens) return false;
		this.usedCalls++;
		return true;
	}

	record(tokens: number): void {
		if (Number.isFinite(tokens) && tokens > 0) this.usedTokens += tokens;
	}
}

/** A budget for one run. */
export function createAiBudget(options: { maxCalls: number; maxTokens?: number }): AiBudget {
	return new AiBudget(options);
}
