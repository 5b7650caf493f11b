/** Contacts (an email address, a phone number) compared as the same mailbox or line. */
import type { Channel } from './types';

/** Which of a customer's contacts a channel uses: its email address, its phone number, or none (a letter, a person). */
export function contactKind(ch: Channel): 'email' | 'phone' | null {
	return ch === 'email' ? 'email' : ch === 'sms' || ch === 'whatsapp' || ch === 'phone' ? 'phone' : null;
}

/** The address or number a channel uses among `contacts` (undefined: none on file, or a channel without one). */
export function contactOf(contacts: { email?: string; phone?: string }, ch: Channel): string | undefined {
	const kind = contactKind(ch);
	return kind === null ? undefined : contacts[kind];
}

/**
 * Whether two contacts for a channel are the same mailbox or line: an email address compared without case or
 * surrounding spaces; a phone number by its digits, the one written without its country code ("030 1234-567",
 * "+49 30 1234567") counted as the same when its last seven or more digits are the other's. A channel without an
 * address (a letter) has one contact.
 */
export function sameContact(ch: Channel, a: string | undefined, b: string | undefined): boolean {
	const kind = contactKind(ch);
	if (kind === null) return true;
	if (a === undefined || b === undefined) return false;
	if (kind === 'email') return a.trim().toLowerCase() === b.trim().toLowerCase();
	let x = a.replace(/\D/g, '').replace(/^0+/, '');
	let y = b.replace(/\D/g, '').replace(/^0+/, '');
	if (x.length < y.length) [x, y] = [y, x];
	return x === y || (y.length >= 7 && x.endsWith(y));
}
