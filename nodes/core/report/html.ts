/**
 * The receivables report as one self-contained HTML page: KPI tiles, three inline SVG charts (aging
 * buckets, DSO trend, recovery by tier), the tables behind them, and the definitions. No scripts, no
 * external fonts, images or styles (a Content-Security-Policy meta tag forbids them), every text escaped.
 * Each chart is followed by its numbers as a table, for mail clients that drop inline SVG.
 */
import type { ArMetrics, TrendPoint } from '../metrics/compute';
import type { ReplayReport } from '../replay/replay';

export interface ReportOptions {
	title?: string;
	/** Shown under the title, e.g. the company name. */
	subtitle?: string;
	/** When the report was made (ISO instant), passed in: the core never reads the clock. */
	generatedAt?: string;
	/** Optional policy replay(s) to show as a table. */
	replays?: Array<{ label: string; report: ReplayReport }>;
}

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' };
export function escapeHtml(value: unknown): string {
	return String(value ?? '').replace(/[&<>"'`]/g, (c) => ESC[c]);
}

const COLORS = {
	ink: '#1f2933',
	muted: '#52606d',
	grid: '#d9e2ec',
	bar: ['#2f855a', '#d69e2e', '#dd6b20', '#c53030', '#742a2a', '#4a5568'],
	line: '#2b6cb0',
	line2: '#805ad5',
	good: '#2f855a',
};

function num(n: number | null | undefined, digits = 0): string {
	if (n === null || n === undefined || !Number.isFinite(n)) return 'n/a';
	return n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

function money(n: number, currency: string): string {
	return `${num(n, Math.abs(n) >= 1000 ? 0 : 2)} ${currency}`;
}

function compact(n: number): string {
	const a = Math.abs(n);
	if (a >= 1e9) return `${num(n / 1e9, 1)}B`;
	if (a >= 1e6) return `${num(n / 1e6, 1)}M`;
	if (a >= 1e4) return `${num(n / 1e3, 0)}k`;
	if (a >= 1e3) return `${num(n / 1e3, 1)}k`;
	return num(n, 0);
}

function pct(rate: number | null | undefined): string {
	return rate === null || rate === undefined ? 'n/a' : `${num(rate * 100, 1)} %`;
}

/** A nice upper bound for an axis with four equal ticks (0.3, 0.4, 0.6, 0.8, 1, 1.5, 2… of a power of ten). */
function niceMax(v: number): number {
	if (!(v > 0)) return 1;
	const p = 10 ** Math.floor(Math.log10(v));
	for (const m of [1, 1.2, 1.6, 2, 2.4, 3.2, 4, 6, 8, 10]) if (m * p >= v - 1e-9) return m * p;
	return 10 * p;
}

function svgOpen(id: string, w: number, h: number, label: string): string {
	return `<svg id="${id}" class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${w} ${h}" width="${w}" height="${h}" role="img" aria-label="${escapeHtml(label)}"><title>${escapeHtml(label)}</title>`;
}

function text(x: number, y: number, s: string, opts: { anchor?: 'start' | 'middle' | 'end'; size?: number; weight?: number; fill?: string; cls?: string } = {}): string {
	return `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}" text-anchor="${opts.anchor ?? 'middle'}" font-size="${opts.size ?? 13}"${opts.weight ? ` font-weight="${opts.weight}"` : ''} fill="${opts.fill ?? COLORS.ink}"${opts.cls ? ` class="${opts.cls}"` : ''}>${escapeHtml(s)}</text>`;
}

/** Vertical bars: open amount per aging bucket, labelled with the amount and the invoice count. */
export function agingChart(m: ArMetrics): string {
	const W = 640;
	const H = 300;
	const L = 64;
	const R = 16;
	const T = 30;
	const B = 56;
	const buckets = m.aging;
	const max = niceMax(Math.max(...buckets.map((b) => b.amount), 0));
	const plotW = W - L - R;
	const plotH = H - T - B;
	const slot = plotW / buckets.length;
	const bw = Math.min(80, slot * 0.62);
	const out = [svgOpen('chart-aging', W, H, `Aging buckets by amount (${m.currency}) at ${m.period.to}`)];
	for (let i = 0; i <= 4; i++) {
		const y = T + plotH - (plotH * i) / 4;
		out.push(`<line x1="${L}" y1="${y.toFixed(1)}" x2="${W - R}" y2="${y.toFixed(1)}" stroke="${COLORS.grid}" stroke-width="1"/>`);
		out.push(text(L - 8, y + 4, compact((max * i) / 4), { anchor: 'end', size: 12, fill: COLORS.muted, cls: 'axis' }));
	}
	buckets.forEach((b, i) => {
		const cx = L + slot * i + slot / 2;
		const h = max > 0 ? (plotH * b.amount) / max : 0;
		const y = T + plotH - h;
		out.push(`<rect class="bar" data-bucket="${escapeHtml(b.id)}" x="${(cx - bw / 2).toFixed(1)}" y="${y.toFixed(1)}" width="${bw.toFixed(1)}" height="${Math.max(h, b.amount > 0 ? 1 : 0).toFixed(1)}" fill="${COLORS.bar[Math.min(i, COLORS.bar.length - 1)]}" rx="2"><title>${escapeHtml(`${b.label}: ${money(b.amount, m.currency)}, ${b.count} invoices`)}</title></rect>`);
		out.push(text(cx, y - 8, compact(b.amount), { size: 13, weight: 600, cls: 'value' }));
		out.push(text(cx, T + plotH + 20, b.label, { size: 13, cls: 'label' }));
		out.push(text(cx, T + plotH + 38, `${b.count} invoice${b.count === 1 ? '' : 's'}`, { size: 12, fill: COLORS.muted, cls: 'label' }));
	});
	out.push(`<line x1="${L}" y1="${T + plotH}" x2="${W - R}" y2="${T + plotH}" stroke="${COLORS.muted}" stroke-width="1"/>`);
	out.push('</svg>');
	return out.join('');
}

/** Line chart: DSO at each month's end (trailing window) and count-back DSO. */
export function dsoTrendChart(trend: TrendPoint[]): string {
	// Simple DSO over each point's trailing window, and count-back DSO at each month's end.
	const W = 640;
	const H = 300;
	const L = 52;
	const R = 40;
	const T = 40;
	const B = 44;
	const vals = trend.flatMap((p) => [p.dso, p.countBackDso]).filter((v): v is number => v !== null);
	const max = niceMax(Math.max(...vals, 0));
	const plotW = W - L - R;
	const plotH = H - T - B;
	const x = (i: number) => L + (trend.length === 1 ? plotW / 2 : (plotW * i) / (trend.length - 1));
	const y = (v: number) => T + plotH - (plotH * v) / max;
	const out = [svgOpen('chart-dso', W, H, 'DSO trend by month (days)')];
	for (let i = 0; i <= 4; i++) {
		const gy = T + plotH - (plotH * i) / 4;
		out.push(`<line x1="${L}" y1="${gy.toFixed(1)}" x2="${W - R}" y2="${gy.toFixed(1)}" stroke="${COLORS.grid}" stroke-width="1"/>`);
		out.push(text(L - 8, gy + 4, num((max * i) / 4), { anchor: 'end', size: 12, fill: COLORS.muted, cls: 'axis' }));
	}
	const series: Array<{ key: 'dso' | 'countBackDso'; color: string; label: string; dash?: string; cls: string }> = [
		{ key: 'dso', color: COLORS.line, label: 'DSO (trailing window)', cls: 'line-dso' },
		{ key: 'countBackDso', color: COLORS.line2, label: 'Count-back DSO', dash: '6 4', cls: 'line-countback' },
	];
	for (const s of series) {
		// Break the line where a month has no value.
		let d = '';
		let pen = false;
		trend.forEach((p, i) => {
			const v = p[s.key];
			if (v === null) {
				pen = false;
				return;
			}
			d += `${pen ? 'L' : 'M'}${x(i).toFixed(1)} ${y(v).toFixed(1)} `;
			pen = true;
		});
		if (d) out.push(`<path class="line ${s.cls}" d="${d.trim()}" fill="none" stroke="${s.color}" stroke-width="2.5"${s.dash ? ` stroke-dasharray="${s.dash}"` : ''}/>`);
		trend.forEach((p, i) => {
			const v = p[s.key];
			if (v === null) return;
			out.push(`<circle class="point" cx="${x(i).toFixed(1)}" cy="${y(v).toFixed(1)}" r="4" fill="${s.color}"><title>${escapeHtml(`${p.month}: ${s.label} ${num(v, 1)} days`)}</title></circle>`);
			if (s.key === 'dso') out.push(text(x(i), y(v) - 10, num(v, 1), { size: 12, weight: 600, fill: s.color, cls: 'value' }));
		});
	}
	trend.forEach((p, i) => out.push(text(x(i), T + plotH + 22, p.month, { size: 12, cls: 'label' })));
	// Legend
	out.push(`<line x1="${L}" y1="16" x2="${L + 24}" y2="16" stroke="${COLORS.line}" stroke-width="2.5"/>`, text(L + 30, 20, `DSO (trailing ${trend[0]?.days ?? 90} days)`, { anchor: 'start', size: 12, cls: 'legend' }));
	out.push(`<line x1="${L + 200}" y1="16" x2="${L + 224}" y2="16" stroke="${COLORS.line2}" stroke-width="2.5" stroke-dasharray="6 4"/>`, text(L + 230, 20, 'Count-back DSO', { anchor: 'start', size: 12, cls: 'legend' }));
	if (vals.length === 0) out.push(text(W / 2, T + plotH / 2, 'No sales in these months: DSO undefined', { size: 14, fill: COLORS.muted, cls: 'empty' }));
	out.push(`<line x1="${L}" y1="${T + plotH}" x2="${W - R}" y2="${T + plotH}" stroke="${COLORS.muted}" stroke-width="1"/>`);
	out.push('</svg>');
	return out.join('');
}

/** Horizontal bars: recovery rate (by amount) per tier, labelled "x of y invoices". */
export function recoveryChart(m: ArMetrics): string {
	const W = 640;
	const rowH = 46;
	const T = 12;
	const L = 190;
	const R = 120;
	const H = T + rowH * m.recovery.length + 30;
	const plotW = W - L - R;
	const out = [svgOpen('chart-recovery', W, H, 'Recovery rate by tier (share of the amount entering the tier that was paid)')];
	for (let i = 0; i <= 4; i++) {
		const gx = L + (plotW * i) / 4;
		out.push(`<line x1="${gx.toFixed(1)}" y1="${T}" x2="${gx.toFixed(1)}" y2="${T + rowH * m.recovery.length}" stroke="${COLORS.grid}" stroke-width="1"/>`);
		out.push(text(gx, H - 10, `${i * 25} %`, { size: 12, fill: COLORS.muted, cls: 'axis' }));
	}
	m.recovery.forEach((r, i) => {
		const cy = T + rowH * i + rowH / 2;
		const rate = r.amountRate ?? 0;
		const w = plotW * Math.max(0, Math.min(1, rate));
		out.push(text(L - 10, cy + 5, r.label, { anchor: 'end', size: 13, cls: 'label' }));
		out.push(`<rect class="bar" data-tier="${escapeHtml(r.tier)}" x="${L}" y="${(cy - 13).toFixed(1)}" width="${Math.max(w, r.amountRate ? 1 : 0).toFixed(1)}" height="26" fill="${COLORS.bar[Math.min(i, COLORS.bar.length - 1)]}" rx="2"><title>${escapeHtml(`${r.label}: ${pct(r.amountRate)} of the amount, ${r.recovered} of ${r.entered} invoices`)}</title></rect>`);
		out.push(text(L + w + 8, cy - 1, r.amountRate === null ? 'n/a' : pct(r.amountRate), { anchor: 'start', size: 13, weight: 600, cls: 'value' }));
		out.push(text(L + w + 8, cy + 14, `${r.recovered} of ${r.entered} invoices paid`, { anchor: 'start', size: 11, fill: COLORS.muted, cls: 'value' }));
	});
	out.push('</svg>');
	return out.join('');
}

/** A number, date or percentage ("2025-10-31", "28.0 %", "1,234.50"): never broken over two lines. */
const NUMERIC_CELL_RE = /^[-+]?\d[\d.,:\- %\u00a0]*$/;

/** After the first column, figures (right-aligned, on one line); in it, a date or figure is kept on one line too. */
function cellClass(c: string | number, i: number): string {
	if (i > 0) return ' class="n"';
	return typeof c === 'number' || NUMERIC_CELL_RE.test(c) ? ' class="nw"' : '';
}

function table(head: string[], rows: Array<Array<string | number>>, cls = ''): string {
	return `<table${cls ? ` class="${cls}"` : ''}><thead><tr>${head.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${rows
		.map((r) => `<tr>${r.map((c, i) => `<td${cellClass(c, i)}>${escapeHtml(c)}</td>`).join('')}</tr>`)
		.join('')}</tbody></table>`;
}

function tile(label: string, value: string, hint: string, id: string): string {
	return `<div class="tile" id="kpi-${id}"><div class="k">${escapeHtml(label)}</div><div class="v">${escapeHtml(value)}</div><div class="h">${escapeHtml(hint)}</div></div>`;
}

const CSS = `
*{box-sizing:border-box}body{margin:0;background:#f5f7fa;color:${COLORS.ink};font:14px/1.45 -apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,"Noto Sans",sans-serif}
main{max-width:1360px;margin:0 auto;padding:24px}h1{font-size:24px;margin:0 0 4px}h2{font-size:17px;margin:0 0 6px}section .sub{margin:0 0 10px;font-size:13px}
.sub{color:${COLORS.muted};margin:0 0 20px}.tiles{display:grid;grid-template-columns:repeat(auto-fill,minmax(150px,1fr));gap:12px;margin-bottom:20px}
.tile{background:#fff;border:1px solid ${COLORS.grid};border-radius:8px;padding:12px 14px}.tile .k{color:${COLORS.muted};font-size:12px;text-transform:uppercase;letter-spacing:.04em}
.tile .v{font-size:24px;font-weight:700;margin:2px 0}.tile .h{color:${COLORS.muted};font-size:12px}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(560px,1fr));gap:16px}section{background:#fff;border:1px solid ${COLORS.grid};border-radius:8px;padding:16px;margin-bottom:16px;overflow-x:auto}
svg.chart{width:100%;max-width:760px;height:auto;display:block}table{border-collapse:collapse;width:100%;margin-top:10px;font-size:13px}th,td{border-bottom:1px solid ${COLORS.grid};padding:5px 8px;text-align:left}
td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}td.nw{white-space:nowrap}th{color:${COLORS.muted};font-weight:600}.notes{color:#744210;background:#fffbeb;border:1px solid #f6e05e;border-radius:8px;padding:10px 14px;margin-bottom:16px}
dl{display:grid;grid-template-columns:max-content 1fr;gap:4px 16px;font-size:13px}dt{font-weight:600}dd{margin:0;color:${COLORS.muted}}footer{color:${COLORS.muted};font-size:12px;margin-top:8px}
`;

/** The whole report page. */
export function renderReportHtml(m: ArMetrics, options: ReportOptions = {}): string {
	const title = options.title ?? 'Receivables report';
	const cur = m.currency;
	const tiles = [
		tile('DSO', m.dso.simple === null ? 'n/a' : `${num(m.dso.simple, 1)} d`, `count-back ${m.dso.countBack === null ? 'n/a' : `${num(m.dso.countBack, 1)} d`}`, 'dso'),
		tile('Best-possible DSO', m.dso.bestPossible === null ? 'n/a' : `${num(m.dso.bestPossible, 1)} d`, 'if nothing were past due', 'best-dso'),
		tile('CEI', m.cei === null ? 'n/a' : `${num(m.cei, 1)} %`, 'collection effectiveness', 'cei'),
		tile('On-time payments', pct(m.onTime.rate), `${m.onTime.onTime} of ${m.onTime.paid} paid`, 'on-time'),
		tile('Avg days to pay', m.daysToPay.overall.avgDaysToPay === null ? 'n/a' : `${num(m.daysToPay.overall.avgDaysToPay, 1)} d`, `avg ${num(m.daysToPay.overall.avgDaysLate, 1)} d late`, 'days-to-pay'),
		tile('Open AR', `${compact(m.totals.endAR)} ${cur}`, `past due ${money(m.totals.pastDueAR, cur)}`, 'ar'),
		tile('Sales', `${compact(m.totals.sales)} ${cur}`, `collected ${money(m.totals.collections, cur)}`, 'sales'),
		tile('Messages', num(m.touches.total), `${m.touches.escalations} escalations · ${m.touches.approvals.requested} approvals asked`, 'messages'),
	].join('');
	const agingTable = table(['Bucket', 'Invoices', `Amount (${cur})`, 'Share'], m.aging.map((b) => [b.label, b.count, num(b.amount, 2), pct(b.share)]), 'aging');
	const trendTable = table(['Month end', `Sales, trailing ${m.trend[0]?.days ?? 90} days (${cur})`, `AR (${cur})`, 'DSO (days)', 'Count-back DSO'], m.trend.map((p) => [p.end, num(p.sales, 2), num(p.ar, 2), num(p.dso, 1), num(p.countBackDso, 1)]), 'trend');
	const recoveryTable = table(['Tier', 'Entered', 'Recovered', 'Rate', `Amount entered (${cur})`, 'Amount rate'], m.recovery.map((r) => [r.label, r.entered, r.recovered, pct(r.rate), num(r.amountEntered, 2), pct(r.amountRate)]), 'recovery');
	const dtp = table(
		['Group', 'Paid', 'Avg days to pay', 'Avg days late'],
		[m.daysToPay.overall, ...m.daysToPay.byTier.map((d) => ({ ...d, group: `tier: ${d.group}` })), ...m.daysToPay.bySegment.map((d) => ({ ...d, group: `segment: ${d.group}` }))].map((d) => [d.group, d.count, num(d.avgDaysToPay, 1), num(d.avgDaysLate, 1)]),
		'days-to-pay',
	);
	const counts = (o: Record<string, number>) => Object.entries(o).sort((a, b) => b[1] - a[1]).map(([k, v]) => [k, v] as [string, number]);
	const t = m.touches;
	const touches = table(['Messages', 'Count'], [
		...counts(t.byOutcome).map(([k, v]) => [`outcome: ${k}`, v]),
		...counts(t.byStatus).map(([k, v]) => [`status: ${k}`, v]),
		...counts(t.byChannel).map(([k, v]) => [`channel: ${k}`, v]),
		...counts(t.byTone).map(([k, v]) => [`tone: ${k}`, v]),
		['escalations (invoice steps)', t.escalations],
		['escalated invoices', `${t.escalatedInvoices} of ${t.invoicesTouched} (${pct(t.escalationRate)})`],
		['approvals requested', t.approvals.requested],
		['approvals granted', t.approvals.approved],
		['approvals rejected', t.approvals.rejected],
		['approvals pending', t.approvals.pending],
	], 'touches');
	const replays = options.replays?.length
		? `<section id="replay"><h2>Policy replay</h2><p class="sub">What each policy would have sent from ${escapeHtml(options.replays[0].report.period.from)} to ${escapeHtml(options.replays[0].report.period.to)} (${options.replays[0].report.period.businessDays} business days, runs at ${escapeHtml(options.replays[0].report.period.runTimes.join(', '))} ${escapeHtml(options.replays[0].report.period.timeZone)})</p>${table(
				['', ...options.replays.map((r) => r.label)],
				[
					['Invoices followed up', ...options.replays.map((r) => r.report.invoices.followedUp)],
					['Messages to customers', ...options.replays.map((r) => r.report.messages.total)],
					[`Wasted (paid within ${options.replays[0].report.wasted.days} days)`, ...options.replays.map((r) => `${r.report.wasted.messages} (${pct(r.report.wasted.share)})`)],
					['Internal alerts', ...options.replays.map((r) => r.report.internalAlerts)],
					['Approvals needed', ...options.replays.map((r) => r.report.approvals.needed)],
					['of which key accounts', ...options.replays.map((r) => r.report.approvals.keyAccount)],
					['of which large amounts', ...options.replays.map((r) => r.report.approvals.largeAmount)],
					['of which first reminders', ...options.replays.map((r) => r.report.approvals.firstReminder)],
					['of which steps that always need one', ...options.replays.map((r) => r.report.approvals.stepAlways)],
					['Human tasks', ...options.replays.map((r) => r.report.humanTasks)],
					['Deferred (quiet hours)', ...options.replays.map((r) => r.report.deferrals.quietHours)],
					['Deferred (weekend)', ...options.replays.map((r) => r.report.deferrals.weekend)],
					['Deferred (holidays)', ...options.replays.map((r) => r.report.deferrals.holiday)],
				],
				'replay',
			)}</section>`
		: '';
	const notes = m.notes.length ? `<div class="notes" id="notes">${m.notes.map((n) => `<div>${escapeHtml(n)}</div>`).join('')}</div>` : '';
	const excluded = m.totals.excluded.otherCurrency || m.totals.excluded.void ? ` · left out: ${m.totals.excluded.otherCurrency} in other currencies, ${m.totals.excluded.void} void` : '';
	return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${escapeHtml(title)} · ${escapeHtml(m.period.from)} to ${escapeHtml(m.period.to)}</title><style>${CSS}</style></head>
<body><main>
<h1>${escapeHtml(title)}</h1>
<p class="sub">${options.subtitle ? `${escapeHtml(options.subtitle)} · ` : ''}${escapeHtml(m.period.from)} to ${escapeHtml(m.period.to)} (${m.period.days} days) · ${escapeHtml(cur)} · ${m.totals.invoices} invoices, ${m.totals.creditNotes} credit notes${escapeHtml(excluded)}</p>
${notes}<div class="tiles">${tiles}</div>
<div class="grid">
<section id="aging"><h2>Aging buckets at ${escapeHtml(m.period.to)}</h2>${agingChart(m)}${agingTable}</section>
<section id="dso-trend"><h2>DSO trend</h2><p class="sub">At each month's end: AR ÷ the trailing ${m.trend[0]?.days ?? 90} days' sales × ${m.trend[0]?.days ?? 90}; and count-back DSO</p>${dsoTrendChart(m.trend)}${trendTable}</section>
<section id="recovery-by-tier"><h2>Recovery by tier</h2><p class="sub">Of the amount that entered each tier unpaid during the period, the share paid by ${escapeHtml(m.period.to)}</p>${recoveryChart(m)}${recoveryTable}</section>
<section id="days-to-pay"><h2>Days to pay and messages</h2>${dtp}${touches}</section>
</div>
${replays}
<section id="definitions"><h2>Definitions</h2><dl>
<dt>Simple DSO</dt><dd>End AR ÷ net credit sales in the period × days in the period</dd>
<dt>DSO trend</dt><dd>At each month's end: AR ÷ net credit sales of the trailing window × its days (the last point is the period's end)</dd>
<dt>Count-back DSO</dt><dd>Walk back month by month, consuming end AR with each month's sales; the days consumed</dd>
<dt>Best-possible DSO</dt><dd>Current (not yet due) AR ÷ net credit sales × days</dd>
<dt>CEI</dt><dd>(Begin AR + sales − end AR) ÷ (begin AR + sales − current end AR) × 100</dd>
<dt>On-time rate</dt><dd>Invoices paid in the period on or before their due date ÷ invoices paid in the period</dd>
<dt>Recovery by tier</dt><dd>Of the amount entering a tier unpaid during the period, the share paid by its end (an invoice entering late in the period had little time to be paid)</dd>
<dt>Escalations</dt><dd>Invoice steps (counted once each) for which a person was brought in (internal alert, approval request, human task) or the customer got an escalating-tone message</dd>
<dt>Approvals</dt><dd>Requested: invoice steps whose approval was asked in the period; granted and rejected: decided in the period; pending: asked in the period and not decided by its end</dd>
<dt>Credit notes</dt><dd>Negative amounts: they reduce sales and AR; unapplied credits: ${escapeHtml(money(m.totals.unappliedCredits, cur))}</dd>
</dl></section>
<footer>n8n-nodes-ar-followup · AR Metrics${options.generatedAt ? ` · generated ${escapeHtml(options.generatedAt)}` : ''}</footer>
</main></body></html>
`;
}
