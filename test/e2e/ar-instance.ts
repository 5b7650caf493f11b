/**
 * A whole AR Follow-up instance in a real n8n, as a user would have it after importing the example
 * workflows: this package installed the way the Community Nodes panel does, the credentials imported
 * (SMTP pointing at a local sink, the Stripe webhook signing secret), every workflows/*.workflow.json
 * imported, the webhook-triggered ones published, `n8n start` on 127.0.0.1. Used by the workflows e2e
 * test and by `npm run demo`.
 *
 *   const sink = await startSmtpSink();
 *   const ar = await startArInstance({ smtpPort: sink.port });
 *   await ar.runSetup();
 *   const run = await ar.runDaily();                       // or runDaily('2026-03-18T15:00:00Z')
 *   await ar.postStripeEvent(event);                       // signed with the imported secret
 *   await ar.stop();
 */
import { createHmac } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

import {
	getExecutions,
	publishWorkflow,
	type ExecutionFilter,
	runN8n,
	startN8n,
	waitForExecution,
	type CreateUserFolderOptions,
	type N8nRun,
	type N8nServer,
	type StoredExecution,
	type UserFolder,
} from './n8n-harness';
import { REPO_ROOT, userFolderWithPackage } from './package';

export const WORKFLOWS_DIR = path.join(REPO_ROOT, 'workflows');

/** Must match test/support/workflows/lib.js (CREDS, PATHS). */
export const CREDENTIALS = {
	smtp: { id: 'arSmtpCredential1', name: 'AR SMTP', type: 'smtp' },
	stripeWebhook: { id: 'arStripeWebhook01', name: 'AR Stripe Webhook', type: 'arStripeWebhookApi' },
	reportViewer: { id: 'arReportViewer01', name: 'AR Report Viewer', type: 'httpBasicAuth' },
};
/** The demo's login for the weekly report's browser webhook (GET /webhook/ar-report; basic auth, local only). */
export const DEMO_REPORT_LOGIN = { user: 'finance', password: 'ar-demo-report-viewer' };
export const PATHS = { dailyRun: 'ar-daily-run', setup: 'ar-setup', stripe: 'ar-stripe-events', replies: 'ar-replies' };
/** The demo's Stripe endpoint secret (a local test value, not a real Stripe secret). */
export const DEMO_STRIPE_SECRET = 'whsec_arFollowUpLocalDemoSigningSecret0001';

export interface WorkflowFile {
	file: string;
	id: string;
	name: string;
	json: Record<string, unknown> & { nodes: Array<Record<string, unknown>> };
}

/** Every workflows/*.workflow.json. */
export function workflowFiles(): WorkflowFile[] {
	return fs
		.readdirSync(WORKFLOWS_DIR)
		.filter((f) => f.endsWith('.workflow.json'))
		.sort()
		.map((file) => {
			const json = JSON.parse(fs.readFileSync(path.join(WORKFLOWS_DIR, file), 'utf8')) as WorkflowFile['json'];
			return { file, id: String(json.id), name: String(json.name), json };
		});
}

/** Signature header value for a Stripe webhook body (`t=<unix>,v1=<hmac>`). */
export function stripeSignature(body: string, secret: string, t = Math.floor(Date.now() / 1000)): string {
	return `t=${t},v1=${createHmac('sha256', secret).update(`${t}.${body}`, 'utf8').digest('hex')}`;
}

export interface ArInstance {
	uf: UserFolder;
	server: N8nServer;
	workflows: WorkflowFile[];
	/** Workflow id by file name. */
	ids: Record<string, string>;
	stripeSecret: string;
	runSetup(): Promise<StoredExecution>;
	/** Calls the daily run's webhook (optional asOf) and waits for its execution to finish. */
	runDaily(asOf?: string): Promise<StoredExecution>;
	/** Posts a Stripe event (signed unless `signature` is given) and waits for the payment-events execution. */
	postStripeEvent(event: unknown, signature?: string): Promise<StoredExecution>;
	/** POSTs JSON to a workflow's webhook and waits for that workflow's execution. */
	callWebhook(file: string, webhookPath: string, body: unknown): Promise<StoredExecution>;
	/** Posts customer replies (the IMAP trigger's shape: from, subject, text, date, messageId) to the Replies workflow. */
	postReplies(replies: unknown[]): Promise<StoredExecution>;
	stop(): Promise<void>;
}

export interface ArInstanceOptions {
	smtpPort: number;
	/** A fixed user folder (the demo's), else a temp folder. */
	dir?: string;
	port?: number;
	stripeSecret?: string;
	/** Progress lines (the demo prints them). */
	log?: (msg: string) => void;
	/** Passed to createUserFolder. */
	userFolder?: CreateUserFolderOptions;
	/** More workflows to import (and publish when they have a webhook), e.g. a test's variant of an example. */
	extraWorkflows?: Array<Record<string, unknown> & { id: string; nodes: Array<Record<string, unknown>> }>;
	/** More credentials to import (n8n's credentials file shape: id, name, type, data). */
	extraCredentials?: Array<Record<string, unknown>>;
	/** Extra environment for `n8n start` (e.g. OFFLINE_ENV). */
	env?: Record<string, string>;
}

/**
 * n8n honours HTTP(S)_PROXY for every outgoing HTTP request of a node: pointing them at a closed local port
 * keeps a test off the internet whatever the machine's network (a Stripe call fails at once, as a decline
 * would), while 127.0.0.1 (SMTP sink, webhooks, task runner) stays direct.
 */
export const OFFLINE_ENV: Record<string, string> = {
	HTTP_PROXY: 'http://127.0.0.1:9',
	HTTPS_PROXY: 'http://127.0.0.1:9',
	ALL_PROXY: 'http://127.0.0.1:9',
	NO_PROXY: '127.0.0.1,localhost,::1',
};

/** Triggers that fire on their own (clock, mailbox) are disabled in the copies a test or the demo publishes. */
const SELF_FIRING = new Set(['n8n-nodes-base.scheduleTrigger', 'n8n-nodes-base.emailReadImap']);

function withoutSelfFiringTriggers(json: WorkflowFile['json']): WorkflowFile['json'] {
	return { ...json, nodes: json.nodes.map((n) => (SELF_FIRING.has(String(n.type)) ? { ...n, disabled: true } : n)) };
}

async function execOk(uf: UserFolder, where: ExecutionFilter, what: string): Promise<StoredExecution> {
	const exec = await waitForExecution(uf, where, { timeoutMs: 300_000, intervalMs: 500 });
	if (exec.status !== 'success') {
		const err = exec.data?.resultData.error;
		const nodeName = err?.node?.name ?? exec.data?.resultData.lastNodeExecuted;
		throw Object.assign(new Error(`${what}: execution ${exec.id} ended "${exec.status}"${nodeName ? ` in node "${nodeName}"` : ''}: ${err?.message ?? ''} ${err?.description ?? ''}`), { exec });
	}
	return exec;
}

async function lastExecutionId(uf: UserFolder): Promise<number> {
	const all = await getExecutions(uf);
	return all.length ? all[all.length - 1].id : 0;
}

export async function startArInstance(opts: ArInstanceOptions): Promise<ArInstance> {
	const log = opts.log ?? (() => undefined);
	const stripeSecret = opts.stripeSecret ?? DEMO_STRIPE_SECRET;
	log('Building and packing n8n-nodes-ar-followup, installing it into an n8n user folder as the Community Nodes panel does');
	const uf = await userFolderWithPackage({ ...(opts.userFolder ?? {}), ...(opts.dir ? { dir: opts.dir } : {}) });

	log(`Importing the credentials "${CREDENTIALS.smtp.name}" (SMTP sink on 127.0.0.1:${opts.smtpPort}), "${CREDENTIALS.stripeWebhook.name}" and "${CREDENTIALS.reportViewer.name}"`);
	const credsFile = path.join(uf.dir, 'ar-credentials.json');
	fs.writeFileSync(
		credsFile,
		JSON.stringify([
			{ ...CREDENTIALS.smtp, data: { user: '', password: '', host: '127.0.0.1', port: opts.smtpPort, secure: false, disableStartTls: true } },
			{ ...CREDENTIALS.stripeWebhook, data: { signingSecret: stripeSecret, toleranceSeconds: 300 } },
			{ ...CREDENTIALS.reportViewer, data: DEMO_REPORT_LOGIN },
			...(opts.extraCredentials ?? []),
		]),
	);
	const imported = await runN8n(uf, ['import:credentials', `--input=${credsFile}`]);
	if (imported.code !== 0) throw new Error(`import:credentials failed\n${imported.stdout}\n${imported.stderr}`);
	fs.rmSync(credsFile);

	const workflows = workflowFiles();
	const exampleCount = workflows.length;
	const ids: Record<string, string> = {};
	log(`Importing ${workflows.map((w) => `workflows/${w.file}`).join(', ')}${opts.extraWorkflows?.length ? ` and ${opts.extraWorkflows.length} more` : ''}`);
	const importDir = path.join(uf.dir, 'import');
	fs.rmSync(importDir, { recursive: true, force: true });
	fs.mkdirSync(importDir, { recursive: true });
	for (const wf of workflows) {
		fs.writeFileSync(path.join(importDir, wf.file.replace(/\.workflow\.json$/, '.json')), JSON.stringify(withoutSelfFiringTriggers(wf.json)));
		ids[wf.file] = wf.id;
	}
	for (const extra of opts.extraWorkflows ?? []) {
		const file = `extra-${extra.id}.workflow.json`;
		fs.writeFileSync(path.join(importDir, `extra-${extra.id}.json`), JSON.stringify(withoutSelfFiringTriggers(extra)));
		workflows.push({ file, id: extra.id, name: String(extra.name), json: extra });
		ids[file] = extra.id;
	}
	const res = await runN8n(uf, ['import:workflow', '--separate', `--input=${importDir}`]);
	if (res.code !== 0) throw new Error(`import:workflow failed\n${res.stdout}\n${res.stderr}`);
	const published = workflows.filter((wf) => wf.json.nodes.some((n) => n.type === 'n8n-nodes-base.webhook' && n.disabled !== true));
	log(`Publishing the webhook-triggered workflows (${published.map((w) => `"${w.name}"`).join(', ')})`);
	for (const wf of published) await publishWorkflow(uf, wf.id);

	log('Starting n8n on 127.0.0.1 (about a minute)');
	const server = await startN8n(uf, opts.port, { timeoutMs: 300_000, env: opts.env });
	log(`n8n is up on ${server.baseUrl} (${Math.round(server.readyMs / 1000)} s)`);

	const byFile = (file: string) => {
		const id = ids[file];
		if (!id) throw new Error(`no workflow ${file}`);
		return id;
	};
	const call = async (file: string, webhookPath: string, body: unknown, what: string, headers?: Record<string, string>) => {
		const afterId = await lastExecutionId(uf);
		const res = await server.postWebhook(webhookPath, body, { registrationTimeoutMs: 120_000, ...(headers ? { headers } : {}) });
		if (res.status !== 200) throw new Error(`${what}: POST /webhook/${webhookPath} answered ${res.status}: ${res.text}`);
		// The execution the webhook started (not the sub-workflow executions it starts itself, e.g. approval requests).
		return await execOk(uf, { workflowId: byFile(file), afterId, mode: 'webhook' }, what);
	};

	return {
		uf,
		server,
		workflows: workflows.slice(0, exampleCount),
		ids,
		stripeSecret,
		runSetup: async () => await call('ar-setup.workflow.json', PATHS.setup, {}, 'setup'),
		runDaily: async (asOf?: string) => await call('ar-daily-run.workflow.json', PATHS.dailyRun, asOf ? { asOf } : {}, 'daily run'),
		postStripeEvent: async (event: unknown, signature?: string) => {
			const body = JSON.stringify(event);
			return await call('ar-payment-events.workflow.json', PATHS.stripe, body, 'payment event', {
				'content-type': 'application/json',
				'stripe-signature': signature ?? stripeSignature(body, stripeSecret),
			});
		},
		callWebhook: async (file: string, webhookPath: string, body: unknown) => await call(file, webhookPath, body, file),
		postReplies: async (replies: unknown[]) => await call('ar-replies.workflow.json', PATHS.replies, { replies }, 'replies'),
		stop: async () => await server.stop(),
	};
}

/**
 * A test's workflow that upserts rows into one of the store's Data Tables: POST `{ rows: [...] }` to its
 * webhook path (what a person or another system would have written, e.g. a decision or a stale claim).
 */
export function seedRowsWorkflow(id: string, webhookPath: string, table: string, key: string): Record<string, unknown> & { id: string; nodes: Array<Record<string, unknown>> } {
	const uuid = (n: number) => `e2e00000-0000-4000-8000-${String(n).padStart(12, '0')}`;
	return {
		id,
		name: `E2E: Seed ${table}`,
		nodes: [
			{ parameters: { httpMethod: 'POST', path: webhookPath, responseMode: 'onReceived', options: {} }, id: uuid(1), name: 'Webhook', type: 'n8n-nodes-base.webhook', typeVersion: 2, position: [0, 0], webhookId: uuid(101) },
			{ parameters: { jsCode: 'return $input.first().json.body.rows.map((json) => ({ json }));' }, id: uuid(2), name: 'Rows', type: 'n8n-nodes-base.code', typeVersion: 2, position: [220, 0] },
			{
				parameters: {
					resource: 'row',
					operation: 'upsert',
					dataTableId: { __rl: true, mode: 'name', value: table },
					matchType: 'allConditions',
					filters: { conditions: [{ keyName: key, condition: 'eq', keyValue: `={{ $json.${key} }}` }] },
					columns: { mappingMode: 'autoMapInputData', value: {}, matchingColumns: [], schema: [], attemptToConvertTypes: false, convertFieldsToString: false },
					options: {},
				},
				id: uuid(3),
				name: 'Upsert Rows',
				type: 'n8n-nodes-base.dataTable',
				typeVersion: 1.1,
				position: [440, 0],
			},
		],
		connections: { Webhook: { main: [[{ node: 'Rows', type: 'main', index: 0 }]] }, Rows: { main: [[{ node: 'Upsert Rows', type: 'main', index: 0 }]] } },
		active: false,
		settings: { executionOrder: 'v1' },
		pinData: {},
	};
}

/** Run data of a stored execution in the shape of `n8n execute --rawOutput`. */
export function asRun(exec: StoredExecution): N8nRun {
	if (!exec.data) throw new Error(`execution ${exec.id} has no stored data`);
	return { data: exec.data, mode: exec.mode, status: exec.status };
}

type Json = Record<string, unknown>;

/** The json of every item a node emitted on one output, over all its runs (a node may run once per parent). */
export function itemsOf(run: N8nRun, nodeName: string, output = 0): Json[] {
	return (run.data.resultData.runData[nodeName] ?? []).flatMap((r) => (r.data?.main[output] ?? []).map((i) => i.json));
}
