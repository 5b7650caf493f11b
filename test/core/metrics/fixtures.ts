/** The small ledger of test/core/metrics/metrics.test.ts (its header explains each row). */
export const row = (id: string, issueDate: string, dueDate: string | null, amount: number, paidDate: string | null, segment = 'smb', extra: Record<string, unknown> = {}) => ({
	invoiceId: id,
	customerId: `CUS-${id}`,
	amount,
	currency: 'EUR',
	issueDate,
	...(dueDate ? { dueDate } : {}),
	...(paidDate ? { paidDate } : {}),
	customer: { segment },
	...extra,
});

export const SMALL_LEDGER = [
	row('A', '2026-01-15', '2026-02-14', 1000, '2026-03-10', 'enterprise'),
	row('B', '2026-02-10', '2026-03-12', 2000, '2026-03-12'),
	row('C', '2026-02-20', '2026-03-22', 500, null),
	row('D', '2026-03-05', '2026-04-04', 3000, null),
	row('E', '2026-03-10', '2026-03-25', 1500, '2026-03-20'),
	row('F', '2025-12-01', '2025-12-31', 800, null),
	row('G', '2026-03-15', null, -200, null, 'smb', { type: 'credit note' }),
	row('H', '2026-03-20', '2026-04-19', 1000, null, 'smb', { status: 'void' }),
	row('I', '2026-01-05', '2026-02-04', 400, '2026-02-20'),
	row('J', '2026-02-25', '2026-03-27', 1200, null),
];

