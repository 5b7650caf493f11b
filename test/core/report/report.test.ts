/**
 * The HTML report: self-contained (no scripts, no external fonts, images or styles), every value escaped,
 * the three charts drawn from the metrics; the browser test (test/e2e/report.e2e.test.ts) checks how it looks.
 */
import { computeMetrics, readLedger, readTouchLog } from '../../../nodes/core/metrics';
import { renderReportHtml, renderReportText } from '../../../nodes/core/report';
import { SMALL_LEDGER } from '../metrics/fixtures';

const metrics = () => computeMetrics(readLedger(SMALL_LEDGER), [], { from: '2026-03-01', to: '2026-03-31' });

describe('HTML report', () => {
	const html = renderReportHtml(metrics(), { title: 'Receivables report', subtitle: 'Acme', generatedAt: '2026-04-01T08:00:00Z' });

	test('is one self-contained page: no script, no external resource', () => {
		expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
		expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|url\(|@font-face/i);
		expect(html).not.toMatch(/\s(src|href)=/i);
		expect(html).toContain("default-src 'none'");
	});

	test('draws the three charts with the figures', () => {
		for (const id of ['chart-aging', 'chart-dso', 'chart-recovery']) expect(html).toContain(`<svg id="${id}"`);
		// one bar per aging bucket, one per tier
		expect(html.match(/<rect class="bar" data-bucket=/g)).toHaveLength(5);
		expect(html.match(/<rect class="bar" data-tier=/g)).toHaveLength(4);
		// the DSO line and its point labels (31 March, trailing 90 days: 50.7); the tile shows the period's DSO
		expect(html).toMatch(/<path class="line line-dso" d="M[\d. L]+"/);
		expect(html).toContain('>50.7<');
		expect(html).toContain('>38.2 d<');
		expect(html).toContain('>66.2 %<'); // CEI tile
		expect(html).toContain('1-30 days');
		expect(html).toContain('generated 2026-04-01T08:00:00Z');
	});

	test('escapes every text it is given', () => {
		const evil = '<script>alert(1)</script>';
		const ledger = readLedger([{ invoiceId: 'X', customerId: 'C', amount: 10, currency: 'EUR', issueDate: '2026-03-01', dueDate: '2026-03-10', paidDate: '2026-03-05', customer: { segment: evil } }]);
		const page = renderReportHtml(computeMetrics(ledger, [], { from: '2026-03-01', to: '2026-03-31' }), { title: evil, subtitle: '"><img src=x onerror=alert(1)>' });
		expect(page).not.toContain('<script>alert');
		expect(page).not.toContain('<img');
		expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
	});

	test('renders an empty period without NaN or undefined', () => {
		const page = renderReportHtml(computeMetrics([], [], { from: '2026-03-01', to: '2026-03-31' }));
		expect(page).not.toMatch(/NaN|>undefined|"undefined|Infinity|null/);
		expect(page).toContain('n/a');
	});

	test('the messages table: outcomes, escalations and approvals, with their definitions', () => {
		const touches = readTouchLog([
			{ invoiceId: 'A', step: 'D+21', channel: 'internal', sentAt: '2026-03-07T09:00:00Z', outcome: 'approval', kind: 'approval-request', tone: 'firm' },
			{ invoiceId: 'C', step: 'D+1', channel: 'email', sentAt: '2026-03-23T09:00:00Z', outcome: 'send', tone: 'friendly' },
		]);
		const page = renderReportHtml(computeMetrics(readLedger(SMALL_LEDGER), touches, { from: '2026-03-01', to: '2026-03-31' }));
		expect(page).toContain('<td>outcome: approval</td><td class="n">1</td>');
		expect(page).toContain('<td>escalated invoices</td><td class="n">1 of 2 (50.0 %)</td>');
		expect(page).toContain('<td>approvals pending</td><td class="n">1</td>');
		expect(page).toContain('<dt>Escalations</dt>');
		// dates and figures stay on one line in narrow columns (the DSO trend's month ends broke at the hyphen)
		expect(page).toMatch(/<td class="nw">2026-03-31<\/td><td class="n">/);
		expect(page).toMatch(/td\.n\{[^}]*white-space:nowrap/);
		expect(page).not.toContain('id="replay"');
	});

	test('text summary', () => {
		const t = renderReportText(metrics());
		expect(t).toContain('DSO 38.2 days (count-back 38.6, best possible 21.6)');
		expect(t).toContain('CEI 66.2 %');
	});
});
