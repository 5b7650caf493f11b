/**
 * A customer reply as an {@link ArEvent} of type `reply`, ready for {@link applyEvent}.
 */

import type { ArEvent, ReplyInfo } from '../types';
import { fail, shortHash, toIsoInstant } from '../util';
import { classifyReply, type ReplyClassification, type ReplyInput } from './classify';

export interface ReplyEventInput extends ReplyInput {
	customerId: string;
	/** The invoice the reply answers (from the thread / dedupe key), or null for a customer-level reply. */
	invoiceId?: string | null;
	/** Email Message-ID or SMS provider id: makes the event id stable across redeliveries. */
	messageId?: string;
}

/** Reply info for an event from a classification. */
export function replyInfo(input: ReplyEventInput, c: ReplyClassification): ReplyInfo {
	return {
		class: c.class,
		confidence: c.confidence,
		language: c.language,
		matchedRule: c.matchedRule,
		channel: input.channel ?? 'email',
		receivedAt: toIsoInstant(input.receivedAt) as string,
		promiseDate: c.promiseDate,
		returnDate: c.returnDate,
		optOutChannels: c.optOutChannels,
		secondary: c.secondary,
		needsReview: c.needsReview,
		excerpt: c.cleanedText.length > 280 ? `${c.cleanedText.slice(0, 279)}…` : c.cleanedText,
		...(c.contact !== undefined ? { contact: c.contact } : {}),
		...(c.mailboxFull === true ? { mailboxFull: true } : {}),
	};
}

/**
 * Build the `reply` event (classifying the text unless a classification is given, e.g. after an AI merge).
 * Throws ValidationError naming `customerId` or `receivedAt` when unusable.
 */
export function replyEvent(input: ReplyEventInput, classification?: ReplyClassification): ArEvent {
	if (typeof input.customerId !== 'string' || input.customerId.length === 0) fail('customerId', 'the customer of the reply is required', input.customerId);
	const receivedAt = toIsoInstant(input.receivedAt);
	if (!receivedAt) fail('receivedAt', 'must be an ISO instant with an offset (or Z)', input.receivedAt);
	const c = classification ?? classifyReply(input);
	const invoiceId = input.invoiceId ?? null;
	const eventId = input.messageId
		? `reply:${input.messageId}`
		: `reply:${shortHash(`${input.customerId}|${invoiceId ?? ''}|${receivedAt}|${input.channel ?? 'email'}|${input.text}`)}`;
	return {
		eventId,
		source: 'generic',
		type: 'reply',
		occurredAt: receivedAt,
		invoiceId,
		customerId: input.customerId,
		reply: replyInfo(input, c),
		raw: { id: input.messageId ?? eventId, type: 'reply', status: c.class },
	};
}
