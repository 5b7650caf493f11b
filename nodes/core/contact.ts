/** Contacts (an email address, a phone number) compared as the same mailbox or line. */
import type { Channel } from './types';

/**
 * Whether two contacts for a channel are the same mailbox or line: an email address compared without case or
 * surrounding spaces; a phone number by its digits, the one written without its country code ("030 1234-567",
 * "+49 30 1234567") counted as the same when its last seven or more digits are the other's. A channel without an
 * address (a letter) has one contact.
 */
export function sameContact(ch: Channel, a: string | undefined, b: string | undefined): boolean {
	if (a === undefined || b === undefined) return ch !== 'email' && ch !== 'sms' && ch !== 'whatsapp' && ch !== 'phone';
	if (ch === 'email') return a.trim().toLowerCase() === b.trim().toLowerCase();
	if (ch !== 'sms' && ch !== 'whatsapp' && ch !== 'phone') return true;
	let x = a.replace(/\D/g, '').replace(/^0+/, '');
	let y = b.replace(/\D/g, '').replace(/^0+/, '');
	if (x.length < y.length) [x, y] = [y, x];
	return x === y || (y.length >= 7 && x.endsWith(y));
}
