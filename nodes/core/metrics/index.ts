/**
 * Receivables metrics: DSO (simple, count-back, best possible), CEI, aging buckets, on-time rate, days
 * to pay, recovery per tier, touch-log counts. Formulas: ./README.md.
 */
export { computeMetrics, isEscalation, type ArMetrics, type MetricsOptions, type AgingBucket, type DaysToPay, type TierRecovery, type TrendPoint } from './compute';
export { readLedger, readLedgerRecord, compileLedgerMap, parseMoney, parseLedgerDate, LEDGER_FIELDS, type LedgerRecord, type LedgerPayment, type LedgerReader, type LedgerColumnMap, type LedgerField } from './ledger';
export { readTouchLog, readTouchLogEntry, dedupeTouchLog, inferOutcome, readApprovalLog, readApprovalEntry, type TouchLogEntry, type ApprovalLogEntry } from './touches';
