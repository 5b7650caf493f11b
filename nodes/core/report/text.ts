/** The report's key figures as plain text (the email's text part, a Slack message, a terminal). */
import type { ArMetrics } from '../metrics/compute';

const n = (v: number | null, d = 1) => (v === null ? 'n/a' : v.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d }));
const p = (v: number | null) => (v === null ? 'n/a' : `${n(v * 100)} %`);

export function renderReportText(m: ArMetrics, title = 'Receivables report'): string {
	const c = m.currency;
	return [
		`${title}: ${m.period.from} to ${m.period.to} (${m.period.days} days, ${c})`,
		'',
		`DSO ${n(m.dso.simple)} days (count-back ${n(m.dso.countBack)}, best possible ${n(m.dso.bestPossible)})`,
		`CEI ${m.cei === null ? 'n/a' : `${n(m.cei)} %`}`,
		`Open AR ${n(m.totals.endAR, 2)} ${c} (current ${n(m.totals.currentAR, 2)}, past due ${n(m.totals.pastDueAR, 2)}); sales ${n(m.totals.sales, 2)}; collected ${n(m.totals.collections, 2)}`,
		`On-time payments ${p(m.onTime.rate)} (${m.onTime.onTime} of ${m.onTime.paid}); average ${n(m.daysToPay.overall.avgDaysToPay)} days to pay, ${n(m.daysToPay.overall.avgDaysLate)} days late`,
		`Aging: ${m.aging.map((b) => `${b.label} ${b.count} / ${n(b.amount, 2)}`).join(' · ')}`,
		`Recovery: ${m.recovery.map((r) => `${r.tier} ${p(r.amountRate)}`).join(' · ')}`,
		`Messages ${m.touches.total} (${Object.entries(m.touches.byOutcome).map(([k, v]) => `${k} ${v}`).join(', ') || 'none'}); escalations ${m.touches.escalations} (${m.touches.escalatedInvoices} of ${m.touches.invoicesTouched} invoices, ${p(m.touches.escalationRate)}); approvals requested ${m.touches.approvals.requested}, granted ${m.touches.approvals.approved}, rejected ${m.touches.approvals.rejected}, pending ${m.touches.approvals.pending}`,
		...m.notes.map((x) => `Note: ${x}`),
	].join('\n');
}
