/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * The weekly report workflow (workflows/ar-weekly-report.workflow.json) in a real n8n 2.40.7 with the
 * packed package installed: one `n8n execute` run (Run Now) computes the metrics on the sample ledger,
 * renders the HTML report and emails it through the SMTP credential "AR SMTP" to a local SMTP sink.
 * Then headless Chromium opens the HTML the run produced, takes a screenshot
 * (test/.tmp/report/weekly-report.png) and checks the charts are drawn and their labels readable:
 * every chart and bar has a size, labels are at least 11 px, inside their chart and not on top of each other.
 */
import * as fs from 'fs';
import * as path from 'path';

import { launchChromium } from './browser';
import { executeWorkflow, outputItems, publishWorkflow, removeUserFolder, runN8n, startN8n, stopAllN8n, type N8nRun, type UserFolder } from './n8n-harness';
import { importWorkflowObject, REPO_ROOT, userFolderWithPackage } from './package';
import { startSmtpSink, type SmtpSink } from './smtp-sink';

const describeE2E = process.env.N8N_E2E_SKIP === '1' ? describe.skip : describe;
const OUT = path.join(REPO_ROOT, 'test', '.tmp', 'report');

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
		fs.writeFileSync(creds, JSON.stringify([{ id: 'arSmtpCredential1', name: 'AR SMTP', type: 'smtp', data: { user: '', password: '', host: '127.0.0.1', port: sink.port, secure: false, disableStartTls: true } }]));
		const imported = await runN8n(uf, ['import:credentials', `--input=${creds}`]);
		if (imported.code !== 0) throw new Error(`import:credentials failed\n${imported.stdout}\n${imported.stderr}`);
		const workflow = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'workflows', 'ar-weekly-report.workflow.json'), 'utf8')) as unknown;
		const { id } = await importWorkflowObject(uf, 'ar-weekly-report.workflow.json', workflow);
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

	test('the published workflow serves the same report to a browser from its GET webhook', async () => {
		if (!uf) throw new Error('no user folder');
		await publishWorkflow(uf, workflowId);
		const server = await startN8n(uf);
		try {
			const res = await server.postWebhook('ar-report', undefined, { method: 'GET', registrationTimeoutMs: 60_000, timeoutMs: 120_000 });
			expect(res.status).toBe(200);
			expect(String(res.headers['content-type'])).toMatch(/^text\/html/);
			expect(res.text.startsWith('<!DOCTYPE html>')).toBe(true);
			for (const id of ['chart-aging', 'chart-dso', 'chart-recovery']) expect(res.text).toContain(`<svg id="${id}"`);
			// no email for a browser view
			expect(sink.mails).toHaveLength(1);
			const browser = await launchChromium();
			try {
				const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
				const response = await page.goto(`${server.baseUrl}/webhook/ar-report`);
				expect(response?.status()).toBe(200);
				await page.screenshot({ path: path.join(OUT, 'webhook-report.png'), fullPage: true });
				const sizes = await page.evaluate(() => [...document.querySelectorAll('svg.chart')].map((svg) => svg.getBoundingClientRect().width));
				expect(sizes).toHaveLength(3);
				for (const w of sizes) expect(w).toBeGreaterThan(300);
			} finally {
				await browser.close();
			}
		} finally {
			await server.stop();
		}
	}, 300_000);
});
