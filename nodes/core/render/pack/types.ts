/**
 * Shapes of the default template pack: per language, a set of phrases (greetings, fallbacks, small
 * computed sentences) and the templates per key and tone.
 */
import type { Tone } from '../../types';
import type { Formality } from '../types';

export interface GreetingInput {
	formality: Formality;
	salutation?: 'ms' | 'mr';
	firstName?: string;
	lastName?: string;
	/** A person's full name when no first name is known (consumers). */
	fullName?: string;
	/** Locale region (US style "Ms." vs UK "Ms"). */
	region?: string;
}

/** Language-specific wording used by the context builder. */
export interface Phrases {
	language: string;
	greeting(input: GreetingInput): string;
	closing(formality: Formality, tone: Tone): string;
	/** Team line of the signature when no sender name is set ("Billing team"). */
	team: string;
	fallback: {
		/** For `{{firstName}}` in "Hi {{firstName}}," ("there"). */
		firstName: string;
		customerName: string;
		accountOwner: string;
		service: string;
		amount: string;
		date: string;
		disputeReason: string;
		dueRelative: string;
	};
	/** "3 days overdue" / "overdue" (fits "invoice X is now {{overdueBy}}"). */
	overdueBy(days: number | undefined, locale: string): string;
	contactLine(contact: { email?: string; phone?: string }): string;
	/**
	 * The other ways to reach the sender, for a text that already asks the customer to reply ("You can also write to
	 * ap@… or call …"); undefined when there is none (then the text says nothing more).
	 */
	otherContact(contact: { email?: string; phone?: string }): string | undefined;
	/**
	 * For a reminder on an invoice paid in part (the amounts formatted): what was paid and what is still open of the
	 * total ("Thank you for the £2,000.00 already paid; £2,800.00 of the £4,800.00 is still open."), after the
	 * sentence that names the invoice and the amount due.
	 */
	partialNote(amounts: { paid: string; balance: string; total: string }): string;
	howToPay(link: string | undefined, instructions: string | undefined): string | undefined;
	payButton: string;
	updateButton: string;
	/** Customer-facing reason for a card decline code. */
	declineReason(code: string | undefined): string;
	stopHint: string;
	/** Footer of non-transactional emails. `company` missing: "with us". */
	unsubscribe(link: string | undefined, company: string | undefined): string;
	/** One line of a payment plan schedule. */
	planLine(date: string, amount: string): string;
	/** Quotation marks around the customer's own words (`{{quote disputeReason}}`): „…“ in Germany, «…» in Switzerland. */
	quotes: readonly [open: string, close: string];
}

export interface EmailSource {
	subject: string;
	body: string;
}

export interface InternalSource {
	title: string;
	body: string;
}

/** The sources of one template (key, tone, language) per channel. */
export interface PackEntry {
	email?: EmailSource;
	sms?: string;
	internal?: InternalSource;
}

export type LanguagePack = Record<string, Partial<Record<Tone, PackEntry>>>;

/** Wrap a body with the greeting and the sign-off shared by every email. */
export function mail(subject: string, core: string): EmailSource {
	return { subject, body: `{{greeting}}\n\n${core.trim()}\n\n{{closing}}\n{{signature}}` };
}
