import type { IDataObject } from 'n8n-workflow';

/** Tuesday 2026-03-17, 11:00 in New York. */
export const AS_OF = '2026-03-17T15:00:00Z';

export function item(over: IDataObject = {}, customer: IDataObject = {}): IDataObject {
	return {
		invoiceId: 'INV-1',
		customerId: 'C1',
		amount: 1200,
		amountPaid: 0,
		currency: 'USD',
		issueDate: '2026-02-08',
		dueDate: '2026-03-10',
		status: 'open',
		paymentLink: 'https://pay.example.com/INV-1',
		touches: [
			{ invoiceId: over.invoiceId ?? 'INV-1', step: 'D+1', channel: 'email', sentAt: '2026-03-11T14:00:00Z' },
			{ invoiceId: over.invoiceId ?? 'INV-1', step: 'D+1', channel: 'sms', sentAt: '2026-03-11T14:00:00Z' },
		],
		customer: {
			customerId: over.customerId ?? 'C1',
			name: 'Acme Corp',
			firstName: 'Anna',
			email: 'anna@acme.example.com',
			phone: '+1 212 555 0100',
			timeZone: 'America/New_York',
			country: 'US',
			segment: 'smb',
			...customer,
		},
		...over,
	};
}

export const baseParams = { options: { asOf: AS_OF } };
