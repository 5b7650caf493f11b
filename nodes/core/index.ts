/**
 * n8n-nodes-ar-followup: the decision core as a programmatic API (no n8n needed).
 *
 * ```js
 * const { DecisionEngine, compileMapping, applyMapping } = require('n8n-nodes-ar-followup');
 * const engine = new DecisionEngine({ timeZone: 'Europe/Berlin' }, new Date().toISOString());
 * const mapping = compileMapping('canonical');
 * for (const row of ledger) {
 *   const d = engine.decideRaw(applyMapping(mapping, row));
 *   console.log(d.invoiceId, d.aging.tier, d.outcome, d.reason.code, d.reason.message);
 * }
 * ```
 *
 * Every function is pure: time is passed in (`now`), nothing reads the clock or the network.
 * Invalid input throws a `ValidationError` whose `field` names the offending field.
 */
export * from './types';
export { ValidationError, isValidationError, type ValidationIssue } from './errors';
export { parseDay, formatDay, isoWeekday, addMonths } from './dates';
export { BusinessCalendar, isSupportedCountry, isValidTimeZone, localClock, inQuietHours } from './calendar';
export { DEFAULT_POLICY, DEFAULT_STEPS, DEFAULT_TIERS, approvalThreshold, validatePolicy, policyFingerprint } from './policy';
export { CURRENCY_SCALE, policyAmount } from './money';
// The building blocks, checked where a program calls them (the engine calls them unchecked on what it validated).
export { ageInvoice, daysPastDue, tierFor, scoreRisk, activeHolds } from './checked';
export { bandOf, toneOf, prepareHistory, DEFAULT_RISK_MODEL } from './risk';
export { DecisionEngine, PreparedRun, decide, preparePolicy, STOP_ORDER, type ActiveHolds, type RawDecisionInput, type StopCode } from './engine';
export { readInvoice, readCustomer, readHistory, readHolds, readTouches, readApprovals, dedupeKey, minorDigits, roundMoney } from './validate';
export { compileMapping, applyMapping, PRESETS, type MappingPreset, type CompiledMapping, MappingError } from './mapping';

/** Messages: templates, channels, SMS segments, email parts (`render.renderMessage`, `render.compileTemplates`…). */
export * as render from './render';
/** Optional Anthropic rewrite behind a fact guard (`ai.rewriteMessage`, `ai.createAiBudget`…). */
export * as ai from './ai';
/** Billing events and replies: normalisation, Stripe signatures, declines, state patches (`events.applyEvent`…). */
export * as events from './events';
/** Receivables metrics: DSO, CEI, aging buckets, on-time rate, days to pay, recovery (`metrics.computeMetrics`…). */
export * as metrics from './metrics';
/** Policy replay over a historical ledger with the real engine (`replay.replayPolicy`, `replay.formatComparison`…). */
export * as replay from './replay';
/** The receivables report: HTML with inline SVG charts, text summary (`report.renderReportHtml`…). */
export * as report from './report';
