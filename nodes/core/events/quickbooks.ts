/**
 * QuickBooks Online style payment records -> {@link ArEvent} (one per invoice the payment is applied to).
 *
 * Accepted: the API read response `{ "Payment": { ... }, "time": "..." }` or the bare Payment object:
 * `Id`, `TxnDate`, `TotalAmt`, `CurrencyRef.value`, `CustomerRef.value`, `MetaData.CreateTime`, and
 * `Line[]` each with `Amount` and `LinkedTxn[]` (`TxnId`, `TxnType: "Invoice"`). Amounts are major units.
 *
 * A payment does not tell whether it settles the invoice. With `options.invoiceBalances[invoiceId]` (balance
 * before the payment) the event is `paid` or `partial_payment` with `amountRemaining`; without it the event
 * is a `partial_payment` carrying only the payment `amount`, and {@link applyEvent} promotes it to `paid`
 * when the invoice's balance falls under the tolerance.
 *
 * The event id is `qbo:<PaymentId>:<InvoiceId>`: a re-sent or edited payment is a duplicate (an edit of an
 * applied amount must be reconciled by a person; it is never double counted).
 */

import { currencyDigits, roundMoney } from './currency';
import type { ArEvent, NormalizeOptions } from './types';
import { asNum, asObj, asStr, fail, get, isObj, toIsoInstant, type Obj } from './util';

/** Whether a payload looks like a QuickBooks payment (wrapped or bare). */
export function isQuickBooksPayment(payload: unknown): boolean {
	if (!isObj(payload)) return false;
	if (isObj(get(payload, 'Payment'))) return true;
	return get(payload, 'TotalAmt') !== undefined && Array.isArray(get(payload, 'Line'));
}

/** Normalise a QuickBooks payment. Throws ValidationError naming the field (`Payment.Line[0].LinkedTxn`...). */
export function normalizeQuickBooksPayment(payload: unknown, options: NormalizeOptions = {}): ArEvent[] {
	if (!isObj(payload)) fail('payload', 'a QuickBooks payment must be a JSON object', payload);
	const wrapped = asObj(get(payload, 'Payment'));
	const p: Obj = wrapped ?? payload;
	const base = wrapped ? 'Payment' : 'payment';
	const id = asStr(get(p, 'Id')) ?? (asNum(get(p, 'Id')) !== undefined ? String(get(p, 'Id')) : undefined);
	if (!id) fail(`${base}.Id`, 'the payment id is missing', get(p, 'Id'));
	const customerId = asStr(get(asObj(get(p, 'CustomerRef')), 'value')) ?? options.customerId;
	if (!customerId) fail(`${base}.CustomerRef.value`, 'the customer reference is missing', get(p, 'CustomerRef'));
	const occurredAt = toIsoInstant(get(asObj(get(p, 'MetaData')), 'CreateTime')) ?? toIsoInstant(get(p, 'TxnDate'));
	if (!occurredAt) fail(`${base}.TxnDate`, 'needs a valid TxnDate (YYYY-MM-DD) or MetaData.CreateTime', get(p, 'TxnDate'));
	const curRaw = asStr(get(asObj(get(p, 'CurrencyRef')), 'value')) ?? options.defaultCurrency;
	if (curRaw !== undefined && !/^[A-Za-z]{3}$/.test(curRaw)) fail(`${base}.CurrencyRef.value`, 'must be a three-letter ISO 4217 code', curRaw);
	const currency = curRaw?.toUpperCase();
	const digits = currencyDigits(currency);
	const total = asNum(get(p, 'TotalAmt'));
	if (total === undefined || total < 0) fail(`${base}.TotalAmt`, 'must be a non-negative number', get(p, 'TotalAmt'));
	const lines = get(p, 'Line');
	if (!Array.isArray(lines)) fail(`${base}.Line`, 'must be an array of payment lines', lines);

	const events: ArEvent[] = [];
	lines.forEach((lineRaw, i) => {
		const line = asObj(lineRaw);
		if (!line) fail(`${base}.Line[${i}]`, 'must be an object', lineRaw);
		const linked = get(line, 'LinkedTxn');
		const txns = (Array.isArray(linked) ? linked : []).map(asObj).filter((t): t is Obj => t !== null && get(t, 'TxnType') === 'Invoice');
		if (txns.length === 0) return;
		if (txns.length > 1) fail(`${base}.Line[${i}].LinkedTxn`, 'one line is applied to several invoices; the amount per invoice is unknown', linked);
		const invoiceId = asStr(get(txns[0], 'TxnId')) ?? (asNum(get(txns[0], 'TxnId')) !== undefined ? String(get(txns[0], 'TxnId')) : undefined);
		if (!invoiceId) fail(`${base}.Line[${i}].LinkedTxn[0].TxnId`, 'the invoice id is missing', get(txns[0], 'TxnId'));
		const amount = asNum(get(line, 'Amount'));
		if (amount === undefined || amount < 0) fail(`${base}.Line[${i}].Amount`, 'must be a non-negative number', get(line, 'Amount'));
		const before = options.invoiceBalances?.[invoiceId];
		let type: 'paid' | 'partial_payment' = 'partial_payment';
		let amountRemaining: number | undefined;
		if (typeof before === 'number' && Number.isFinite(before)) {
			amountRemaining = Math.max(0, roundMoney(before - amount, digits));
			type = amountRemaining === 0 ? 'paid' : 'partial_payment';
		}
		events.push({
			eventId: `qbo:${id}:${invoiceId}`,
			source: 'quickbooks',
			type,
			occurredAt,
			invoiceId,
			customerId,
			amount: roundMoney(amount, digits),
			amountRemaining,
			currency,
			raw: { id, type: 'Payment', objectId: id, status: null },
		});
	});
	if (events.length === 0) {
		fail(`${base}.Line`, 'the payment is not applied to any invoice (unapplied payment or credit): a person must reconcile it', lines);
	}
	return events;
}
