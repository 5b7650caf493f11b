/**
 * A generated year of invoices for the policy replay and the metrics: the seeded ledger of
 * test/support/ledger.ts, flattened into one row per invoice with its issue, due and paid dates (the
 * customers' past invoices, paid, and the invoices still open at `asOf`), customer fields on each row.
 *
 * `yearLedgerCsv()` writes it as a CSV export would (quoted fields, CRLF, "Doc #" and "Settled" columns
 * that need a column map).
 */
import { DEFAULT_AS_OF, generateLedger, type LedgerCustomer } from './ledger';

/**
 * A gentler policy to compare with the default one: no pre-due reminders, email only (no SMS even as a
 * fallback), three steps and a cap of two touches a week.
 */
export const GENTLE_POLICY = {
	name: 'gentle',
	touchCap: { perCustomerPerWeek: 2 },
	fallbackChannels: ['email'],
	steps: [
		{ id: 'D0', offsetDays: 0, label: 'Due today', tone: 'friendly', channels: ['email'] },
		{ id: 'D+7', offsetDays: 7, label: '7 days overdue', tone: 'friendly', channels: ['email'] },
		{ id: 'D+21', offsetDays: 21, label: 'Final notice', tone: 'firm', channels: ['email'] },
		{ id: 'D+45', offsetDays: 45, label: 'Finance decision', kind: 'task', audience: 'internal', tone: 'escalating', channels: ['internal'] },
	],
};

export interface YearRow {
	invoiceId: string;
	customerId: string;
	amount: number;
	currency: string;
	issueDate: string;
	dueDate: string;
	paidDate: string | null;
	disputed: boolean;
	customer: LedgerCustomer;
}

export function yearLedger(options: { seed?: number | string; invoices?: number; asOf?: string } = {}): YearRow[] {
	const items = generateLedger({ seed: options.seed ?? 'year', invoices: options.invoices ?? 500, asOf: options.asOf ?? DEFAULT_AS_OF });
	const rows = new Map<string, YearRow>();
	for (const it of items) {
		if (Array.isArray(it.history)) {
			for (const h of it.history) {
				if (rows.has(h.invoiceId) || !h.issueDate) continue;
				rows.set(h.invoiceId, { invoiceId: h.invoiceId, customerId: it.customerId, amount: h.amount, currency: it.currency, issueDate: h.issueDate, dueDate: h.dueDate, paidDate: h.paidDate, disputed: h.disputed === true, customer: it.customer });
			}
		}
		if (it.status === 'void' || rows.has(it.invoiceId)) continue;
		rows.set(it.invoiceId, { invoiceId: it.invoiceId, customerId: it.customerId, amount: it.amount, currency: it.currency, issueDate: it.issueDate, dueDate: it.dueDate, paidDate: null, disputed: it.disputed === true, customer: it.customer });
	}
	return [...rows.values()].sort((a, b) => a.issueDate.localeCompare(b.issueDate) || a.invoiceId.localeCompare(b.invoiceId));
}

const quote = (v: unknown) => {
	const s = v === null || v === undefined ? '' : String(v);
	return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

export const YEAR_CSV_COLUMNS = ['Doc #', 'Customer ID', 'Customer Name', 'Email', 'Phone', 'Country', 'Region', 'Time Zone', 'Locale', 'Segment', 'Key Account', 'Currency', 'Amount', 'Issue Date', 'Due Date', 'Settled', 'Disputed'];

/** The year as a CSV export: needs `--map invoiceId=Doc #,paidDate=Settled`. */
export function yearLedgerCsv(rows: YearRow[]): string {
	const lines = [YEAR_CSV_COLUMNS.map(quote).join(',')];
	for (const r of rows) {
		const c = r.customer;
		lines.push(
			[r.invoiceId, r.customerId, c.name, c.email ?? '', c.phone ?? '', c.country, c.region ?? '', c.timeZone, c.locale, c.segment, c.keyAccount ? 'yes' : 'no', r.currency, r.amount.toFixed(r.currency === 'JPY' ? 0 : 2), r.issueDate, r.dueDate, r.paidDate ?? '', r.disputed ? 'yes' : 'no']
				.map(quote)
				.join(','),
		);
	}
	return `${lines.join('\r\n')}\r\n`;
}
