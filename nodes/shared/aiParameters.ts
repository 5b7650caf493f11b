/**
 * What every optional AI feature of the AR nodes shares (AR Message's rewrite, AR Event's reply second opinion): the
 * Anthropic credential, the call options shown in the editor, reading them once per run, and the client for the run.
 * Without a credential, with the feature off, or on any failure the deterministic result stands.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { createAnthropicClient, DEFAULT_MODEL, type AnthropicLike } from '../core/ai';
import { describeValue, ValidationError } from '../core/errors';

export const AI_CREDENTIAL = 'arAnthropicApi';

/** The call options of an AI feature's options collection. */
const CALL_OPTIONS: INodeProperties[] = [
	{ displayName: 'Max AI Calls Per Run', name: 'maxCalls', type: 'number', typeOptions: { minValue: 0 }, default: 100, description: 'Every attempt counts, retries included. When spent, the remaining items keep the deterministic result.' },
	{ displayName: 'Model', name: 'model', type: 'string', default: '', placeholder: DEFAULT_MODEL, description: "Empty: the credential's model, else " + DEFAULT_MODEL },
	{ displayName: 'Parallel Calls', name: 'concurrency', type: 'number', typeOptions: { minValue: 1, maxValue: 16 }, default: 4, description: 'How many AI calls run at the same time' },
	{ displayName: 'Retries', name: 'maxRetries', type: 'number', typeOptions: { minValue: 0, maxValue: 5 }, default: 2, description: 'Retries after a timeout, HTTP 429 or 5xx, with backoff' },
	{ displayName: 'Timeout (Seconds)', name: 'timeoutSeconds', type: 'number', typeOptions: { minValue: 1, maxValue: 300 }, default: 15, description: 'Per attempt' },
];

/** An AI feature's options collection: the call options and the feature's own, in the editor's alphabetical order. */
export function aiOptions(...own: INodeProperties[]): INodeProperties[] {
	return [...CALL_OPTIONS, ...own].sort((a, b) => a.displayName.localeCompare(b.displayName));
}

/** An AI feature's settings for the run. */
export interface AiSettings {
	enabled: boolean;
	maxCalls: number;
	/** The node's model option ('' = the credential's, else the core's default). */
	model: string;
	timeoutMs: number;
	maxRetries: number;
	concurrency: number;
}

function fail(field: string, message: string, value?: unknown): never {
	throw new ValidationError([{ field, message, ...(value !== undefined ? { received: describeValue(value) } : {}) }]);
}

/** A whole number option within [min, max] (a number given as text is taken). Throws naming `field`. */
export function intOption(o: IDataObject, key: string, field: string, fallback: number, min: number, max: number): number {
	const v = o[key];
	if (v === undefined || v === null || v === '') return fallback;
	const n = typeof v === 'string' ? Number(v) : v;
	if (typeof n !== 'number' || !Number.isFinite(n)) fail(field, 'must be a number', v);
	if (n < min || n > max) fail(field, `must be between ${min} and ${max}`, v);
	return Math.round(n);
}

/** The call options of `collection` (the options collection's parameter name, for messages), read once per run. */
export function readAiSettings(enabled: boolean, o: IDataObject, collection: string): AiSettings {
	const model = o.model;
	if (model !== undefined && model !== null && (typeof model !== 'string' || model.length > 100)) fail(`${collection}.model`, 'must be text of at most 100 characters', model);
	return {
		enabled,
		maxCalls: intOption(o, 'maxCalls', `${collection}.maxCalls`, 100, 0, 100_000),
		model: typeof model === 'string' ? model.trim() : '',
		timeoutMs: intOption(o, 'timeoutSeconds', `${collection}.timeoutSeconds`, 15, 1, 300) * 1000,
		maxRetries: intOption(o, 'maxRetries', `${collection}.maxRetries`, 2, 0, 5),
		concurrency: intOption(o, 'concurrency', `${collection}.concurrency`, 4, 1, 16),
	};
}

/** The model for AI calls: the node's option, else the credential's, else the core's default. */
export function aiModel(settings: AiSettings, credential: IDataObject | undefined): string {
	if (settings.model) return settings.model;
	const m = credential?.model;
	return typeof m === 'string' && m.trim() ? m.trim() : DEFAULT_MODEL;
}

export interface AiSetup {
	client: AnthropicLike | null;
	model: string;
	/** Why nothing is asked when there is no client. */
	reason: 'disabled' | 'no_credential';
	detail?: string;
}

/** The client for the run, or the reason there is none. `feature` names the switch in messages ("AI Rewrite"). */
export async function prepareAi(ctx: IExecuteFunctions, settings: AiSettings, feature: string): Promise<AiSetup> {
	if (!settings.enabled) return { client: null, model: aiModel(settings, undefined), reason: 'disabled' };
	if (!ctx.getNode().credentials?.[AI_CREDENTIAL]) return { client: null, model: aiModel(settings, undefined), reason: 'no_credential', detail: `${feature} is on but no Anthropic credential is selected` };
	let credential: IDataObject | undefined;
	try {
		credential = (await ctx.getCredentials(AI_CREDENTIAL)) as IDataObject;
	} catch (error) {
		return { client: null, model: aiModel(settings, undefined), reason: 'no_credential', detail: `the Anthropic credential could not be read: ${(error as Error)?.message ?? String(error)}`.slice(0, 300) };
	}
	const client = createAnthropicClient({
		apiKey: typeof credential?.apiKey === 'string' ? credential.apiKey : null,
		baseURL: typeof credential?.baseUrl === 'string' ? credential.baseUrl : null,
		timeoutMs: settings.timeoutMs + 5000,
	});
	if (!client) return { client: null, model: aiModel(settings, credential), reason: 'no_credential', detail: 'the Anthropic credential has no API key' };
	return { client, model: aiModel(settings, credential), reason: 'disabled' };
}

/** Run `work` over `jobs`, `concurrency` at a time, in order of start. */
export async function inParallel<T>(jobs: T[], concurrency: number, work: (job: T) => Promise<void>): Promise<void> {
	let next = 0;
	const worker = async () => {
		while (next < jobs.length) await work(jobs[next++]);
	};
	await Promise.all(Array.from({ length: Math.min(Math.max(1, concurrency), jobs.length) }, worker));
}
