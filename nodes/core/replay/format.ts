/**
 * Plain-text renderings of a replay report and of two or more reports side by side (the CLI prints
 * these; the node returns them as `text`).
 */
import type { ReplayReport } from './replay';

const pct = (x: number) => `${(Math.round(x * 1000) / 10).toFixed(1)} %`;

function list(o: Record<string, number>, order?: string[]): string {
	const keys = Object.keys(o);
	if (order) keys.sort((a, b) => (order.indexOf(a) === -1 ? 1e9 : order.indexOf(a)) - (order.indexOf(b) === -1 ? 1e9 : order.indexOf(b)) || a.localeCompare(b));
	return keys.length ? keys.map((k) => `${k} ${o[k]}`).join(' · ') : '-';
}

/** Steps in cadence order: D-7 … D0 … D+45, then anything else. */
export function stepOrder(steps: Iterable<string>): string[] {
	const off = (s: string) => {
		const m = /^D([+-]\d+|0)$/.exec(s);
		return m ? Number(m[1]) : 1e6;
	};
	return [...new Set(steps)].sort((a, b) => off(a) - off(b) || a.localeCompare(b));
}

export function formatReplay(r: ReplayReport): string {
	const steps = stepOrder(Object.keys(r.messages.byStep));
	const lines = [
		`Policy replay: ${r.policy.name} (${r.policy.version})`,
		`Period ${r.period.from} to ${r.period.to}: ${r.period.businessDays} business days, ${r.period.runs} runs at ${r.period.runTimes.join(', ')} (${r.period.timeZone})`,
		`Invoices followed up: ${r.invoices.followedUp} (paid by the end: ${r.invoices.paidByEnd}); decisions: ${r.invoices.decisions}`,
		'',
		`Messages to customers: ${r.messages.total} (${r.messages.perInvoice} per invoice, ${r.messages.customers} customers)`,
		`  by step:    ${list(r.messages.byStep, steps)}`,
		`  by tone:    ${list(r.messages.byTone, ['friendly', 'firm', 'escalating'])}`,
		`  by channel: ${list(r.messages.byChannel, ['email', 'sms', 'whatsapp', 'letter', 'phone'])}`,
		`Wasted (paid within ${r.wasted.days} days after): ${r.wasted.messages} (${pct(r.wasted.share)})${r.wasted.messages ? `: ${list(r.wasted.byStep, stepOrder(Object.keys(r.wasted.byStep)))}` : ''}`,
		`Internal alerts: ${r.internalAlerts}`,
		`Escalations needing approval: ${r.approvals.needed} (key accounts ${r.approvals.keyAccount}, large amounts ${r.approvals.largeAmount}, first reminders ${r.approvals.firstReminder}, steps that always need one ${r.approvals.stepAlways}${r.approvals.other ? `, other ${r.approvals.other}` : ''})`,
		`Human tasks: ${r.humanTasks}`,
		`Deferrals: quiet hours ${r.deferrals.quietHours} · weekend ${r.deferrals.weekend} · holidays ${r.deferrals.holiday} (${r.deferrals.distinctSteps} distinct steps) · touch cap ${r.deferrals.touchCap} · minimum gap ${r.deferrals.minGap}`,
	];
	return lines.join('\n');
}

interface Row {
	label: string;
	values: Array<number | string>;
	/** Show the change between the first two columns. */
	delta?: boolean;
	share?: boolean;
}

/** Two or more replays side by side; with two, a change column (second minus first). */
export function formatComparison(reports: ReplayReport[], labels: string[] = reports.map((r) => r.policy.name)): string {
	const steps = stepOrder(reports.flatMap((r) => Object.keys(r.messages.byStep)));
	const tones = ['friendly', 'firm', 'escalating'].filter((t) => reports.some((r) => r.messages.byTone[t]));
	const channels = [...new Set(reports.flatMap((r) => Object.keys(r.messages.byChannel)))].sort();
	const rows: Row[] = [
		{ label: 'Invoices followed up', values: reports.map((r) => r.invoices.followedUp) },
		{ label: 'Messages to customers', values: reports.map((r) => r.messages.total), delta: true },
		{ label: '  per invoice', values: reports.map((r) => r.messages.perInvoice), delta: true },
		...steps.map((s) => ({ label: `  step ${s}`, values: reports.map((r) => r.messages.byStep[s] ?? 0), delta: true })),
		...tones.map((t) => ({ label: `  tone ${t}`, values: reports.map((r) => r.messages.byTone[t] ?? 0), delta: true })),
		...channels.map((c) => ({ label: `  channel ${c}`, values: reports.map((r) => r.messages.byChannel[c] ?? 0), delta: true })),
		{ label: `Wasted (paid within ${reports[0].wasted.days} days)`, values: reports.map((r) => r.wasted.messages), delta: true },
		{ label: '  share of messages', values: reports.map((r) => r.wasted.share), delta: true, share: true },
		{ label: 'Internal alerts', values: reports.map((r) => r.internalAlerts), delta: true },
		{ label: 'Approvals needed', values: reports.map((r) => r.approvals.needed), delta: true },
		{ label: '  key accounts', values: reports.map((r) => r.approvals.keyAccount), delta: true },
		{ label: '  large amounts', values: reports.map((r) => r.approvals.largeAmount), delta: true },
		{ label: '  first reminders', values: reports.map((r) => r.approvals.firstReminder), delta: true },
		{ label: '  steps always needing one', values: reports.map((r) => r.approvals.stepAlways), delta: true },
		...(reports.some((r) => r.approvals.other) ? [{ label: '  other', values: reports.map((r) => r.approvals.other), delta: true }] : []),
		{ label: 'Human tasks', values: reports.map((r) => r.humanTasks), delta: true },
		{ label: 'Deferred: quiet hours', values: reports.map((r) => r.deferrals.quietHours), delta: true },
		{ label: 'Deferred: holidays', values: reports.map((r) => r.deferrals.holiday), delta: true },
		{ label: 'Deferred: weekend', values: reports.map((r) => r.deferrals.weekend), delta: true },
		{ label: 'Deferred: touch cap', values: reports.map((r) => r.deferrals.touchCap), delta: true },
		{ label: 'Deferred: minimum gap', values: reports.map((r) => r.deferrals.minGap), delta: true },
	];
	const show = (v: number | string, share?: boolean) => (typeof v === 'number' && share ? pct(v) : String(v));
	const two = reports.length === 2;
	const header = ['', ...labels, ...(two ? ['change'] : [])];
	const body = rows.map((row) => {
		const cells = [row.label, ...row.values.map((v) => show(v, row.share))];
		if (two) {
			const [a, b] = row.values as number[];
			if (!row.delta || typeof a !== 'number' || typeof b !== 'number') cells.push('');
			else if (row.share) cells.push(`${b - a >= 0 ? '+' : ''}${(Math.round((b - a) * 1000) / 10).toFixed(1)} pt`);
			else {
				const d = Math.round((b - a) * 100) / 100;
				cells.push(`${d > 0 ? '+' : ''}${d}${a ? ` (${d > 0 ? '+' : ''}${(Math.round(((b - a) / a) * 1000) / 10).toFixed(1)} %)` : ''}`);
			}
		}
		return cells;
	});
	const widths = header.map((_, i) => Math.max(...[header, ...body].map((r) => r[i].length)));
	const fmt = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('   ').trimEnd();
	const r0 = reports[0];
	return [
		`Policy replay, side by side: ${r0.period.from} to ${r0.period.to}, ${r0.period.businessDays} business days, runs at ${r0.period.runTimes.join(', ')} (${r0.period.timeZone})`,
		'',
		fmt(header),
		fmt(widths.map((w) => '-'.repeat(w))),
		...body.map(fmt),
	].join('\n');
}
