/**
 * Events and replies core (issue 6): normalise billing events and customer replies into one shape, verify
 * Stripe signatures, classify card declines and replies, and turn events into state patches.
 *
 * Typical adapter flow (AR Event node):
 *   1. `verifyStripeSignature({ rawBody, header, secret, now })` when the raw body is available;
 *   2. `normalizeEvents(payload, options)` (or `replyEvent(input)` for an inbound email/SMS);
 *   3. for each event, `applyEvent(storedState, event, eventOptions, now)`, then emit `patches`, `message`
 *      and `notify` to the store, message and task branches;
 *   4. daily: `applyPromiseCheck(storedState, eventOptions, now)` per invoice with an active promise.
 */
export * from './types';
// Generic money helpers stay internal (the core index already exports a `roundMoney`); Stripe's digits are specific.
export { stripeMinorDigits } from './currency';
export { classifyDecline, DECLINE_CODES, DECLINE_CATEGORIES } from './declines';
export { verifyStripeSignature, computeStripeSignature, stripeSignatureHeader, DEFAULT_SIGNATURE_TOLERANCE_SECONDS } from './signature';
export type { SignatureResult, SignatureFailureCode, VerifyStripeSignatureInput } from './signature';
export { normalizeStripeEvent, isStripeEvent, STRIPE_EVENT_TYPES } from './stripe';
export { normalizeQuickBooksPayment, isQuickBooksPayment } from './quickbooks';
export { normalizeEvents, tryNormalizeEvents, normalizeGenericEvent, detectPayloadKind, GENERIC_TYPE_ALIASES } from './normalize';
export type { PayloadKind } from './normalize';
export { applyEvent, applyEvents, duePromiseBreak, applyPromiseCheck, summarizeEventHistory, resolveEventOptions, familyOf, scopeOf, emptyLedger, resolveState } from './apply';
export type { EventOptions } from './apply';
export { classifyReply, mergeAiOpinion, REPLY_AI_THRESHOLD } from './replies/classify';
export type { ReplyInput, ReplyClassification, ReplyAiHook, ExtractedDate } from './replies/classify';
export { replyEvent, replyInfo } from './replies/event';
export type { ReplyEventInput } from './replies/event';
export { stripQuoted, fold, detectLanguage } from './replies/text';
export { extractDates, isMonthFirstLocale, resolveDayMonth } from './replies/dates';
export type { DateHit } from './replies/dates';
