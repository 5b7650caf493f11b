import { classifyDecline, DECLINE_CODES } from '../../../nodes/core/events';

describe('decline classification', () => {
	// code -> [category, severity, retry advisable, needs new card, message key, notify person]
	const table: Array<[string, string, 'soft' | 'hard', boolean, boolean, string, boolean]> = [
		['insufficient_funds', 'insufficient_funds', 'soft', true, false, 'payment-failed-retry', false],
		['card_velocity_exceeded', 'insufficient_funds', 'soft', true, false, 'payment-failed-retry', false],
		['withdrawal_count_limit_exceeded', 'insufficient_funds', 'soft', true, false, 'payment-failed-retry', false],
		['processing_error', 'temporary', 'soft', true, false, 'payment-failed-retry', false],
		['issuer_not_available', 'temporary', 'soft', true, false, 'payment-failed-retry', false],
		['try_again_later', 'temporary', 'soft', true, false, 'payment-failed-retry', false],
		['do_not_honor', 'issuer_declined', 'soft', true, false, 'payment-failed-contact-bank', false],
		['generic_decline', 'issuer_declined', 'soft', true, false, 'payment-failed-contact-bank', false],
		['card_declined', 'issuer_declined', 'soft', true, false, 'payment-failed-contact-bank', false],
		['transaction_not_allowed', 'issuer_declined', 'soft', true, false, 'payment-failed-contact-bank', false],
		['authentication_required', 'authentication_required', 'soft', false, false, 'payment-failed-authenticate', false],
		['expired_card', 'card_details', 'hard', false, true, 'payment-failed-update-card', false],
		['incorrect_number', 'card_details', 'hard', false, true, 'payment-failed-update-card', false],
		['incorrect_cvc', 'card_details', 'hard', false, true, 'payment-failed-update-card', false],
		['card_not_supported', 'card_unusable', 'hard', false, true, 'payment-failed-update-card', false],
		['currency_not_supported', 'card_unusable', 'hard', false, true, 'payment-failed-update-card', false],
		['stolen_card', 'fraud_or_lost', 'hard', false, true, 'payment-failed-update-card', true],
		['lost_card', 'fraud_or_lost', 'hard', false, true, 'payment-failed-update-card', true],
		['pickup_card', 'fraud_or_lost', 'hard', false, true, 'payment-failed-update-card', true],
		['fraudulent', 'fraud_or_lost', 'hard', false, true, 'payment-failed-update-card', true],
		['do_not_try_again', 'fraud_or_lost', 'hard', false, true, 'payment-failed-update-card', true],
		['account_closed', 'bank_account', 'hard', false, true, 'payment-failed-update-card', false],
		['testmode_decline', 'invalid_request', 'hard', false, false, 'payment-failed-retry', true],
		['something_new_from_stripe', 'unknown', 'soft', true, false, 'payment-failed-retry', false],
	];

	it.each(table)('%s -> %s / %s', (code, category, severity, retry, newCard, key, notify) => {
		const c = classifyDecline(code);
		expect(c).toMatchObject({ category, severity, needsNewCard: newCard, customerMessageKey: key, notifyPerson: notify });
		expect(c.retry.advisable).toBe(retry);
		if (retry) {
			expect(c.retry.afterHours).toBe(c.retry.scheduleHours[0]);
			expect(c.retry.scheduleHours.length).toBeGreaterThan(0);
			expect(c.retry.maxAttempts).toBeLessThanOrEqual(3);
		} else {
			expect(c.retry).toEqual({ advisable: false, afterHours: null, scheduleHours: [], maxAttempts: 0 });
		}
		// Hard declines never retry the same card.
		if (severity === 'hard') expect(c.retry.advisable).toBe(false);
	});

	it('the specific decline_code wins over the generic error code', () => {
		expect(classifyDecline({ code: 'insufficient_funds', errorCode: 'card_declined' }).category).toBe('insufficient_funds');
		expect(classifyDecline({ code: 'brand_new_code', errorCode: 'expired_card' }).category).toBe('card_details');
		expect(classifyDecline({ code: 'EXPIRED-CARD' }).code).toBe('expired_card');
	});

	it('advice codes adjust the retry guidance', () => {
		expect(classifyDecline({ code: 'do_not_honor', adviceCode: 'do_not_try_again' })).toMatchObject({ retry: { advisable: false }, customerMessageKey: 'payment-failed-contact-bank' });
		expect(classifyDecline({ code: 'insufficient_funds', adviceCode: 'confirm_card_data' })).toMatchObject({ needsNewCard: true, customerMessageKey: 'payment-failed-update-card' });
		expect(classifyDecline({ code: 'authentication_required', adviceCode: 'try_again_later' }).retry.advisable).toBe(true);
	});

	it('no information at all is an unknown soft decline with one retry', () => {
		expect(classifyDecline(undefined)).toMatchObject({ code: 'unknown', category: 'unknown', retry: { advisable: true, scheduleHours: [24], maxAttempts: 1 } });
	});

	it('every listed code classifies to its category (prototype keys are not codes)', () => {
		for (const [code, cat] of Object.entries(DECLINE_CODES)) expect(classifyDecline(code).category).toBe(cat);
		expect(classifyDecline('constructor').category).toBe('unknown');
		expect(classifyDecline('__proto__').category).toBe('unknown');
	});
});
