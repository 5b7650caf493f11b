/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * The weekly report workflow (workflows/ar-weekly-report.workflow.json) in a real n8n 2.40.7 with the
 * packed package installed:
 * - one `n8n execute` run (Run Now) computes the metrics on the sample ledger, renders the HTML report and
 *   emails it through the SMTP credential "AR SMTP" to a local SMTP sink. `n8n execute` starts no Data
 *   Tables, so this is also the run of a store that cannot be read: the report still goes out and says so.
 * - headless Chromium opens the HTML the run produced, takes a screenshot (test/.tmp/report/weekly-report.png)
 *   and checks the charts are drawn and their labels readable: every chart and bar has a size, labels are at
 *   least 11 px, inside their chart and not on top of each other.
 * - under `n8n start`: Setup creates the Data Tables, the Daily Run of 17 March writes its touch log
 *   (customer messages, the owner alert, approval requests, human tasks), an approval is recorded in
 *   ar_approvals; then the report's GET webhook refuses a request without the basic-auth credential (or with a
 *   wrong password) and, with it, answers the report computed from the ledger and the store: its message,
 *   escalation and approval counts are the core's over the sample's touches plus the rows the Daily Run wrote.
 */
import * as fs from 'fs';
import * as path from 'path';

import { computeMetrics, readApprovalLog, readTouchLog } from '../../nodes/core/metrics';
import { OFFLINE_ENV, seedRowsWorkflow } from './ar-instance';
import { launchChromium } from './browser';
import {
	executeWorkflow,
	getExecutions,
	httpRequest,
	outputItems,
	publishWorkflow,
	removeUserFolder,
	runN8n,
	startN8n,
	stopAllN8n,
	waitForExecution,
	type N8nRun,
	type N8nServer,
	type StoredExecution,
	type UserFolder,
} from './n8n-harness';
import { importWorkflowObject, REPO_ROOT, userFolderWithPackage } from './package';
import { startSmtpSink, type SmtpSink } from './smtp-sink';

const describeE2E = process.env.N8N_E2E_SKIP === '1' ? describe.skip : describe;
const OUT = path.join(REPO_ROOT, 'test', '.tmp', 'report');
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const ledger = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'workflows', 'sample-ledger.json'), 'utf8')) as { asOf: string; invoices: Json[] };
/** The report viewer's basic-auth credential (a local test value). */
const VIEWER = { id: 'arReportViewer01', name: 'AR Report Viewer', type: 'httpBasicAuth', data: { user: 'finance', password: 'e2e-report-viewer-password-0001' } };
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

/** A workflow file with its clock-driven triggers off (a test fires every run itself). */
function workflowFile(file: string): Json {
	const json = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'workflows', file), 'utf8')) as Json;
	return { ...json, nodes: (json.nodes as Json[]).map((n) => (n.type === 'n8n-nodes-base.scheduleTrigger' ? { ...n, disabled: true } : n)) };
}

/** A test-only workflow: POST { rows: [...] } upserts ar_approvals rows (what the Slack approval writes). */
const SEED_APPROVALS = seedRowsWorkflow('arE2eSeedApprov1', 'ar-e2e-approvals', 'ar_approvals', 'approvalKey');

describeE2E('weekly report workflow in a real n8n, and the report in Chromium', () => {
	let uf: UserFolder | undefined;
	let sink: SmtpSink;
	let run: N8nRun;
	let html = '';
	let workflowId = '';

	beforeAll(async () => {
		fs.mkdirSync(OUT, { recursive: true });
		sink = await startSmtpSink();
		uf = await userFolderWithPackage();
		const creds = path.join(uf.dir, 'credentials.json');
		fs.writeFileSync(creds, JSON.stringify([{ id: 'arSmtpCredential1', name: 'AR SMTP', type: 'smtp', data: { user: '', password: '', host: '127.0.0.1', port: sink.port, secure: false, disableStartTls: true } }, VIEWER]));
		const imported = await runN8n(uf, ['import:credentials', `--input=${creds}`]);
		if (imported.code !== 0) throw new Error(`import:credentials failed\n${imported.stdout}\n${imported.stderr}`);
		fs.rmSync(creds);
		const { id } = await importWorkflowObject(uf, 'ar-weekly-report.workflow.json', workflowFile('ar-weekly-report.workflow.json'));
		workflowId = id;
		run = await executeWorkflow(uf, id);
		const rendered = outputItems(run, 'Render Report')[0];
		html = typeof rendered?.html === 'string' ? rendered.html : '';
		fs.writeFileSync(path.join(OUT, 'weekly-report.html'), html);
	}, 900_000);

	afterAll(async () => {
		await stopAllN8n();
		await sink?.stop();
		if (uf) removeUserFolder(uf);
	});

	test('the workflow runs and produces the metrics and the HTML report', () => {
		expect(run.status).toBe('success');
		const [metrics] = outputItems(run, 'AR Metrics');
		expect(metrics.period).toEqual({ from: '2025-12-18', to: '2026-03-17', days: 90 });
		expect(metrics.currency).toBe('USD');
		expect((metrics.totals as Record<string, number>).endAR).toBeGreaterThan(0);
		expect((metrics.touches as Record<string, number>).total).toBeGreaterThan(0);
		expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
		for (const id of ['chart-aging', 'chart-dso', 'chart-recovery']) expect(html).toContain(`<svg id="${id}"`);
		// the scheduled / manual run goes to email, not to the webhook response
		expect(outputItems(run, 'Opened in a Browser?', 0)).toHaveLength(0);
		expect(outputItems(run, 'Opened in a Browser?', 1)).toHaveLength(1);
	});

	test('a store that cannot be read stops nothing: the report says so and counts the ledger items\' messages', () => {
		// `n8n execute` starts no Data Tables: both reads fail and pass an error item on; Store Status notices
		expect(outputItems(run, 'Load Touch Log').every((i) => i.id === undefined && typeof i.error === 'string')).toBe(true);
		expect(outputItems(run, 'Store Status')[0].tables).toEqual([
			{ table: 'ar_touches', read: false, rows: 0 },
			{ table: 'ar_approvals', read: false, rows: 0 },
		]);
		// no store row reaches AR Metrics: the ledger's items only, with their own touches and approvals
		expect(outputItems(run, 'Ledger and Store Rows')).toHaveLength(ledger.invoices.length);
		const [metrics] = outputItems(run, 'AR Metrics');
		expect(metrics.input).toMatchObject({ touches: readTouchLog(ledger.invoices.flatMap((i) => i.touches ?? [])).length, approvals: ledger.invoices.flatMap((i) => i.approvals ?? []).length, errors: 0 });
		expect(html).toContain('<p class="sub">Sample ledger (fictional customers) · ar_touches and ar_approvals could not be read (run the Setup workflow): messages and approvals come from the ledger items only · ');
	});

	test('emails the report through the AR SMTP credential', async () => {
		const mails = await sink.waitFor((m) => m.length >= 1, 30_000);
		expect(mails).toHaveLength(1);
		const mail = mails[0];
		expect(mail.envelopeTo).toEqual(['finance@example.com']);
		expect(mail.subject).toMatch(/^Weekly receivables report: 2025-12-18 to 2026-03-17 · DSO [\d.]+ days · CEI [\d.]+ %$/);
		expect(mail.html).toContain('<svg id="chart-dso"');
		expect(mail.text).toMatch(/DSO [\d.]+ days \(count-back/);
		expect(mail.headers['content-type']).toMatch(/multipart\/mixed/);
	});

	test('Chromium draws the charts with readable labels (screenshot in test/.tmp/report)', async () => {
		const browser = await launchChromium();
		try {
			const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
			const blocked: string[] = [];
			page.on('request', (r) => {
				if (!r.url().startsWith('data:') && r.url() !== 'about:blank') blocked.push(r.url());
			});
			await page.setContent(html, { waitUntil: 'load' });
			await page.screenshot({ path: path.join(OUT, 'weekly-report.png'), fullPage: true });
			for (const id of ['aging', 'dso-trend', 'recovery-by-tier']) await page.locator(`section#${id}`).screenshot({ path: path.join(OUT, `chart-${id}.png`) });
			// no request leaves the page: no scripts, fonts, images or styles from anywhere
			expect(blocked).toEqual([]);
			const charts = await page.evaluate(() =>
				[...document.querySelectorAll('svg.chart')].map((svg) => {
					const box = svg.getBoundingClientRect();
					const texts = [...svg.querySelectorAll('text')].map((t) => {
						const b = t.getBoundingClientRect();
						const style = getComputedStyle(t);
						return { text: t.textContent ?? '', x: b.x, y: b.y, w: b.width, h: b.height, size: parseFloat(style.fontSize), fill: style.fill, cls: t.getAttribute('class') ?? '' };
					});
					const bars = [...svg.querySelectorAll('rect.bar')].map((r) => {
						const b = r.getBoundingClientRect();
						return { w: b.width, h: b.height };
					});
					const lines = [...svg.querySelectorAll('path.line')].map((p) => (p as SVGPathElement).getTotalLength());
					return { id: svg.id, box: { x: box.x, y: box.y, w: box.width, h: box.height }, texts, bars, lines };
				}),
			);
			expect(charts.map((c) => c.id)).toEqual(['chart-aging', 'chart-dso', 'chart-recovery']);
			for (const c of charts) {
				expect(c.box.w).toBeGreaterThan(300);
				expect(c.box.h).toBeGreaterThan(150);
				expect(c.texts.length).toBeGreaterThan(5);
				for (const t of c.texts) {
					// readable: drawn, big enough, dark on light, inside the chart
					expect({ chart: c.id, text: t.text, drawn: t.w > 0 && t.h > 0 }).toEqual({ chart: c.id, text: t.text, drawn: true });
					expect(t.size).toBeGreaterThanOrEqual(11);
					expect(t.fill).not.toBe('rgb(255, 255, 255)');
					expect(t.x).toBeGreaterThanOrEqual(c.box.x - 1);
					expect(t.x + t.w).toBeLessThanOrEqual(c.box.x + c.box.w + 1);
					expect(t.y).toBeGreaterThanOrEqual(c.box.y - 1);
					expect(t.y + t.h).toBeLessThanOrEqual(c.box.y + c.box.h + 1);
				}
				// labels (category names, values, legend) never sit on top of each other
				const labels = c.texts.filter((t) => /label|value|legend/.test(t.cls));
				for (let i = 0; i < labels.length; i++) {
					for (let j = i + 1; j < labels.length; j++) {
						const a = labels[i];
						const b = labels[j];
						const overlap = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x) > 1 && Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y) > 1;
						expect({ chart: c.id, a: a.text, b: b.text, overlap }).toEqual({ chart: c.id, a: a.text, b: b.text, overlap: false });
					}
				}
			}
			const [aging, dso, recovery] = charts;
			expect(aging.bars).toHaveLength(5);
			expect(aging.bars.filter((b) => b.h > 0 && b.w > 20).length).toBeGreaterThanOrEqual(2);
			expect(aging.texts.map((t) => t.text)).toEqual(expect.arrayContaining(['Current', '1-30 days', '91+ days']));
			expect(dso.lines.length).toBeGreaterThanOrEqual(1);
			expect(dso.lines[0]).toBeGreaterThan(50);
			expect(recovery.bars).toHaveLength(4);
			expect(recovery.bars.some((b) => b.w > 10)).toBe(true);
			// the KPI tiles are on screen
			const tiles = await page.locator('.tile').count();
			expect(tiles).toBe(8);
		} finally {
			await browser.close();
		}
	}, 120_000);

	test('published, behind basic auth: no credential, no report; with it, the report from the ledger and the store the Daily Run wrote', async () => {
		if (!uf) throw new Error('no user folder');
		const ids = {
			setup: (await importWorkflowObject(uf, 'ar-setup.workflow.json', workflowFile('ar-setup.workflow.json'))).id,
			daily: (await importWorkflowObject(uf, 'ar-daily-run.workflow.json', workflowFile('ar-daily-run.workflow.json'))).id,
			seed: (await importWorkflowObject(uf, 'e2e-approvals.workflow.json', SEED_APPROVALS)).id,
		};
		for (const id of [workflowId, ids.setup, ids.daily, ids.seed]) await publishWorkflow(uf, id);
		const server: N8nServer = await startN8n(uf, undefined, { timeoutMs: 300_000, env: OFFLINE_ENV });
		const folder = uf;
		/** Calls a webhook and waits for that workflow's execution. */
		const call = async (workflow: string, webhookPath: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<{ status: number; text: string; headers: Json; exec: StoredExecution }> => {
			const all = await getExecutions(folder);
			const afterId = all.length ? all[all.length - 1].id : 0;
			const res = await server.postWebhook(webhookPath, init.body, { method: init.method ?? 'POST', headers: init.headers, registrationTimeoutMs: 120_000, timeoutMs: 300_000 });
			if (res.status !== 200) throw new Error(`${webhookPath} answered ${res.status}: ${res.text}`);
			const exec = await waitForExecution(folder, { workflowId: workflow, afterId }, { timeoutMs: 300_000, intervalMs: 500 });
			if (exec.status !== 'success') throw new Error(`${webhookPath}: execution ${exec.id} ended ${exec.status}: ${JSON.stringify(exec.data?.resultData.error ?? {})}`);
			return { status: res.status, text: res.text, headers: res.headers as Json, exec };
		};
		const items = (exec: StoredExecution, node: string) => (exec.data?.resultData.runData[node] ?? []).flatMap((r) => (r.data?.main[0] ?? []).map((i) => i.json)) as Json[];
		try {
			// Refused without the credential, and with a wrong password; nothing runs
			const before = (await getExecutions(folder, { workflowId })).length;
			const url = `${server.baseUrl}/webhook/ar-report`;
			let anonymous = await server.postWebhook('ar-report', undefined, { method: 'GET', registrationTimeoutMs: 120_000 });
			expect(anonymous.status).toBe(401);
			expect(String(anonymous.headers['www-authenticate'])).toMatch(/^Basic /);
			expect(anonymous.text).not.toContain('<svg');
			const wrong = await httpRequest(url, { headers: { authorization: basic(VIEWER.data.user, 'not-the-password') } });
			expect(wrong.status).toBe(401);
			expect(wrong.text).not.toContain('<svg');
			expect(await getExecutions(folder, { workflowId })).toHaveLength(before);

			// The store: Setup, the Daily Run of 17 March, and an owner's approval of one of its requests
			await call(ids.setup, 'ar-setup', { body: {} });
			const daily = (await call(ids.daily, 'ar-daily-run', { body: { asOf: ledger.asOf } })).exec;
			// Each approval request runs in an execution of its own (the Daily Run calling itself), logged to
			// ar_touches before the owner is asked; it then waits for the answer.
			const askedFor = items(daily, 'Ask in Its Own Execution').length;
			expect(askedFor).toBeGreaterThanOrEqual(1);
			let requests: Json[] = [];
			for (let waited = 0; waited < 60_000 && requests.length < askedFor; waited += 500) {
				const asked = await getExecutions(folder, { workflowId: ids.daily, afterId: daily.id, mode: 'integrated' });
				requests = asked.flatMap((e) => items(e, 'Write Approval Request'));
				if (requests.length < askedFor) await new Promise((r) => setTimeout(r, 500));
			}
			expect(requests.length).toBe(askedFor);
			expect(requests.every((t) => /:approval$/.test(String(t.dedupeKey)))).toBe(true);
			// Every row written to ar_touches: the Daily Run's, and the approval requests'
			const written = [...items(daily, 'Write Touch Log'), ...requests];
			const approved = { approvalKey: requests[0].dedupeKey, invoiceId: requests[0].invoiceId, step: requests[0].step, decision: 'approved', by: 'e2e', decidedAt: '2026-03-17T16:00:00Z' };
			await call(ids.seed, 'ar-e2e-approvals', { body: { rows: [approved] } });
			const reportMails = () => sink.mails.filter((m) => m.envelopeTo.includes('finance@example.com')).length;
			const mailsBefore = reportMails();

			// With the credential: the report, from the ledger and the store
			const viewed = await call(workflowId, 'ar-report', { method: 'GET', headers: { authorization: basic(VIEWER.data.user, VIEWER.data.password) } });
			expect(String(viewed.headers['content-type'])).toMatch(/^text\/html/);
			expect(viewed.text.startsWith('<!DOCTYPE html>')).toBe(true);
			for (const id of ['chart-aging', 'chart-dso', 'chart-recovery']) expect(viewed.text).toContain(`<svg id="${id}"`);
			expect(viewed.text).not.toContain('could not be read');
			expect(items(viewed.exec, 'Store Status')[0].tables).toEqual([
				{ table: 'ar_touches', read: true, rows: written.length },
				{ table: 'ar_approvals', read: true, rows: 1 },
			]);
			// The sample's own touches and approval (INV-2026-0049's D+21, approved on 9 March) come with its items
			const sampleTouches = ledger.invoices.flatMap((i) => i.touches ?? []);
			const sampleApprovals = ledger.invoices.flatMap((i) => i.approvals ?? []);
			const [metrics] = items(viewed.exec, 'AR Metrics');
			expect(metrics.input).toMatchObject({ touches: readTouchLog([...sampleTouches, ...written]).length, approvals: sampleApprovals.length + 1, emptyItems: 0, errors: 0 });
			// The counts are the core's over the sample's touches and approvals, the rows the Daily Run wrote and the approval recorded
			const expected = computeMetrics([], readTouchLog([...sampleTouches, ...written]), { from: '2025-12-18', to: '2026-03-17' }, readApprovalLog([...sampleApprovals, approved])).touches;
			expect(metrics.touches).toEqual(expected);
			// requested: the Daily Run's approval requests; granted: the one recorded, and the sample's of 9 March
			expect(expected.approvals).toEqual({ requested: requests.length, approved: 2, rejected: 0, pending: requests.length - 1, undated: 0 });
			// What the Daily Run adds: its approval requests, human tasks and the owner alert are escalations
			const [withoutStore] = outputItems(run, 'AR Metrics');
			expect(expected.escalations).toBeGreaterThan((withoutStore.touches as Json).escalations);
			expect(expected.byOutcome.approval).toBe(requests.length);
			expect(viewed.text).toContain(`<td>escalations (invoice steps)</td><td class="n">${expected.escalations}</td>`);
			expect(viewed.text).toContain(`<td>approvals requested</td><td class="n">${requests.length}</td>`);
			expect(viewed.text).toContain('<td>approvals granted</td><td class="n">2</td>');
			fs.writeFileSync(path.join(OUT, 'webhook-report.html'), viewed.text);
			// no email for a browser view
			await new Promise((r) => setTimeout(r, 1000));
			expect(reportMails()).toBe(mailsBefore);

			// In a browser that answers the basic-auth prompt: the charts drawn
			const browser = await launchChromium();
			try {
				const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, httpCredentials: { username: VIEWER.data.user, password: VIEWER.data.password } });
				const page = await context.newPage();
				const response = await page.goto(url);
				expect(response?.status()).toBe(200);
				await page.screenshot({ path: path.join(OUT, 'webhook-report.png'), fullPage: true });
				const sizes = await page.evaluate(() => [...document.querySelectorAll('svg.chart')].map((svg) => svg.getBoundingClientRect().width));
				expect(sizes).toHaveLength(3);
				for (const w of sizes) expect(w).toBeGreaterThan(300);
			} finally {
				await browser.close();
			}
			anonymous = await httpRequest(url);
			expect(anonymous.status).toBe(401);
		} finally {
			await server.stop();
		}
	}, 900_000);
});
