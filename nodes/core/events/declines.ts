/**
 * Card (and bank debit) decline classification: hard vs soft, retry guidance, whether a new card is
 * needed, and which customer message fits.
 *
 * Codes are Stripe's `decline_code` values (docs.stripe.com/declines/codes), Stripe error codes that stand
 * for a decline reason (`expired_card`, `incorrect_cvc`, `processing_error`...), and common bank-debit
 * failure codes (ACH / SEPA). Unknown codes are treated as a soft, generic decline with one retry.
 *
 * Retry schedules are offsets in hours from the failure. They stay well inside the card networks' excessive
 * retry rules (Visa: at most 15 attempts in 30 days; Mastercard: at most 10 in 24 hours), and never retry a
 * "do not try again" code at all.
 *
 * Stripe's `advice_code`, when present, overrides the retry advice: `do_not_try_again` forbids retries,
 * `try_again_later` allows them, `confirm_card_data` asks the customer to re-enter the card.
 */

import type { DeclineCategory, DeclineClassification, DeclineInfo, DeclineMessageKey } from './types';

interface CategoryRule {
	severity: 'soft' | 'hard';
	retry: boolean;
	scheduleHours: number[];
	maxAttempts: number;
	needsNewCard: boolean;
	needsCustomerAction: boolean;
	messageKey: DeclineMessageKey;
	notifyPerson: boolean;
	explanation: string;
}

/** Behaviour per category. */
export const DECLINE_CATEGORIES: Record<DeclineCategory, CategoryRule> = {
	insufficient_funds: {
		severity: 'soft',
		retry: true,
		// After a few days (salary, card limit reset), then a week, then two weeks.
		scheduleHours: [72, 168, 336],
		maxAttempts: 3,
		needsNewCard: false,
		needsCustomerAction: false,
		messageKey: 'payment-failed-retry',
		notifyPerson: false,
		explanation: 'Not enough funds or credit on the card right now; a later retry often succeeds.',
	},
	temporary: {
		severity: 'soft',
		retry: true,
		scheduleHours: [1, 24, 72],
		maxAttempts: 3,
		needsNewCard: false,
		needsCustomerAction: false,
		messageKey: 'payment-failed-retry',
		notifyPerson: false,
		explanation: 'A temporary processing or network problem; retry shortly.',
	},
	issuer_declined: {
		severity: 'soft',
		retry: true,
		// Soft-ish: one or two spaced retries, then ask the customer to call the bank or use another card.
		scheduleHours: [24, 96],
		maxAttempts: 2,
		needsNewCard: false,
		needsCustomerAction: true,
		messageKey: 'payment-failed-contact-bank',
		notifyPerson: false,
		explanation: 'The bank declined without a specific reason; the customer may need to contact it or use another card.',
	},
	authentication_required: {
		severity: 'soft',
		retry: false,
		scheduleHours: [],
		maxAttempts: 0,
		needsNewCard: false,
		needsCustomerAction: true,
		messageKey: 'payment-failed-authenticate',
		notifyPerson: false,
		explanation: 'The bank requires the cardholder to authenticate (3-D Secure / PIN); only the customer can complete it.',
	},
	card_details: {
		severity: 'hard',
		retry: false,
		scheduleHours: [],
		maxAttempts: 0,
		needsNewCard: true,
		needsCustomerAction: true,
		messageKey: 'payment-failed-update-card',
		notifyPerson: false,
		explanation: 'The card details are wrong or out of date (expired, wrong number/CVC/postcode); the customer must update the card.',
	},
	card_unusable: {
		severity: 'hard',
		retry: false,
		scheduleHours: [],
		maxAttempts: 0,
		needsNewCard: true,
		needsCustomerAction: true,
		messageKey: 'payment-failed-update-card',
		notifyPerson: false,
		explanation: 'This card cannot be used for this payment (type, currency or purpose not allowed); another payment method is needed.',
	},
	fraud_or_lost: {
		severity: 'hard',
		retry: false,
		scheduleHours: [],
		maxAttempts: 0,
		needsNewCard: true,
		needsCustomerAction: true,
		// Never tell the customer the card was reported lost/stolen or suspected: a neutral update-card message.
		messageKey: 'payment-failed-update-card',
		notifyPerson: true,
		explanation: 'Card reported lost/stolen, suspected fraud or the payment was revoked: never retry; a person should review.',
	},
	bank_account: {
		severity: 'hard',
		retry: false,
		scheduleHours: [],
		maxAttempts: 0,
		needsNewCard: true,
		needsCustomerAction: true,
		messageKey: 'payment-failed-update-card',
		notifyPerson: false,
		explanation: 'The bank account cannot be debited (closed, unknown, frozen); the customer must give another payment method.',
	},
	invalid_request: {
		severity: 'hard',
		retry: false,
		scheduleHours: [],
		maxAttempts: 0,
		needsNewCard: false,
		needsCustomerAction: false,
		messageKey: 'payment-failed-retry',
		notifyPerson: true,
		explanation: 'The charge itself was invalid (amount, test card in live mode); fix the charge, not the card.',
	},
	unknown: {
		severity: 'soft',
		retry: true,
		scheduleHours: [24],
		maxAttempts: 1,
		needsNewCard: false,
		needsCustomerAction: false,
		messageKey: 'payment-failed-retry',
		notifyPerson: false,
		explanation: 'Unrecognised decline reason; one retry, then ask the customer.',
	},
};

/** Decline code -> category. */
export const DECLINE_CODES: Readonly<Record<string, DeclineCategory>> = {
	// Soft: funds or limits.
	insufficient_funds: 'insufficient_funds',
	card_velocity_exceeded: 'insufficient_funds',
	withdrawal_count_limit_exceeded: 'insufficient_funds',
	// Soft: temporary.
	processing_error: 'temporary',
	issuer_not_available: 'temporary',
	try_again_later: 'temporary',
	reenter_transaction: 'temporary',
	approve_with_id: 'temporary',
	no_action_taken: 'temporary',
	duplicate_transaction: 'temporary',
	network_error: 'temporary',
	rate_limit: 'temporary',
	// Soft-ish: the issuer says no without a reason.
	do_not_honor: 'issuer_declined',
	generic_decline: 'issuer_declined',
	card_declined: 'issuer_declined',
	call_issuer: 'issuer_declined',
	not_permitted: 'issuer_declined',
	transaction_not_allowed: 'issuer_declined',
	service_not_allowed: 'issuer_declined',
	// Customer must authenticate.
	authentication_required: 'authentication_required',
	offline_pin_required: 'authentication_required',
	online_or_offline_pin_required: 'authentication_required',
	incorrect_pin: 'authentication_required',
	invalid_pin: 'authentication_required',
	pin_try_exceeded: 'authentication_required',
	// Hard: details wrong / out of date.
	expired_card: 'card_details',
	incorrect_number: 'card_details',
	invalid_number: 'card_details',
	incorrect_cvc: 'card_details',
	invalid_cvc: 'card_details',
	incorrect_zip: 'card_details',
	invalid_expiry_month: 'card_details',
	invalid_expiry_year: 'card_details',
	invalid_account: 'card_details',
	new_account_information_available: 'card_details',
	// Hard: card cannot be used for this.
	card_not_supported: 'card_unusable',
	currency_not_supported: 'card_unusable',
	restricted_card: 'card_unusable',
	// Hard: never retry, review.
	fraudulent: 'fraud_or_lost',
	lost_card: 'fraud_or_lost',
	stolen_card: 'fraud_or_lost',
	pickup_card: 'fraud_or_lost',
	merchant_blacklist: 'fraud_or_lost',
	security_violation: 'fraud_or_lost',
	do_not_try_again: 'fraud_or_lost',
	revocation_of_all_authorizations: 'fraud_or_lost',
	revocation_of_authorization: 'fraud_or_lost',
	stop_payment_order: 'fraud_or_lost',
	debit_not_authorized: 'fraud_or_lost',
	// Bank debits (ACH / SEPA).
	account_closed: 'bank_account',
	no_account: 'bank_account',
	invalid_account_number: 'bank_account',
	account_frozen: 'bank_account',
	bank_account_restricted: 'bank_account',
	bank_account_unusable: 'bank_account',
	insufficient_funds_bank: 'insufficient_funds',
	// The charge was wrong.
	invalid_amount: 'invalid_request',
	testmode_decline: 'invalid_request',
	amount_too_large: 'invalid_request',
	amount_too_small: 'invalid_request',
};

function normaliseCode(code: string | undefined | null): string | null {
	if (typeof code !== 'string') return null;
	const c = code.trim().toLowerCase().replace(/[\s-]+/g, '_');
	return c.length > 0 ? c : null;
}

/**
 * Classify a decline. Accepts the event's {@link DeclineInfo}, a bare code, or nothing (unknown).
 * The specific `decline_code` wins over the generic error code (`card_declined`).
 */
export function classifyDecline(input: DeclineInfo | string | null | undefined): DeclineClassification {
	const info: DeclineInfo | null = typeof input === 'string' ? { code: input } : (input ?? null);
	const candidates = [normaliseCode(info?.code), normaliseCode(info?.errorCode)].filter((c): c is string => c !== null);
	let code = candidates[0] ?? 'unknown';
	let category: DeclineCategory = 'unknown';
	for (const c of candidates) {
		const cat = Object.prototype.hasOwnProperty.call(DECLINE_CODES, c) ? DECLINE_CODES[c] : undefined;
		if (cat) {
			code = c;
			category = cat;
			break;
		}
	}
	const rule = DECLINE_CATEGORIES[category];
	let advisable = rule.retry;
	let scheduleHours = [...rule.scheduleHours];
	let maxAttempts = rule.maxAttempts;
	let messageKey = rule.messageKey;
	let needsNewCard = rule.needsNewCard;
	let needsCustomerAction = rule.needsCustomerAction;
	let explanation = rule.explanation;
	const advice = normaliseCode(info?.adviceCode);
	if (advice === 'do_not_try_again' && advisable) {
		advisable = false;
		scheduleHours = [];
		maxAttempts = 0;
		needsCustomerAction = true;
		if (messageKey === 'payment-failed-retry') messageKey = 'payment-failed-contact-bank';
		explanation += ' The issuer advises not to retry this card.';
	} else if (advice === 'try_again_later' && !advisable && rule.severity === 'soft') {
		advisable = true;
		scheduleHours = [24, 72];
		maxAttempts = 2;
		explanation += ' The issuer advises a later retry.';
	} else if (advice === 'confirm_card_data') {
		advisable = false;
		scheduleHours = [];
		maxAttempts = 0;
		needsNewCard = true;
		needsCustomerAction = true;
		messageKey = 'payment-failed-update-card';
		explanation += ' The issuer asks the customer to confirm the card details.';
	}
	return {
		code,
		category,
		severity: rule.severity,
		retry: { advisable, afterHours: advisable ? (scheduleHours[0] ?? null) : null, scheduleHours, maxAttempts },
		needsNewCard,
		needsCustomerAction,
		customerMessageKey: messageKey,
		notifyPerson: rule.notifyPerson,
		explanation,
	};
}
