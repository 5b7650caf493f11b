/**
 * Deterministic reply classification.
 *
 * Steps: drop quoted history and signatures; fold case and accents; guess the language (stopwords, locale as
 * tie-breaker); resolve the reference day (the day the reply was received, on the customer's calendar); find
 * every date expression; run every rule; then pick ONE class by fixed precedence:
 *
 *   1. bounced           delivery failure notice (email): from a mail system, with a notice's subject, or with the
 *                        bounce wording in its text and what a notice carries (a status, a report field, the failed
 *                        recipient); a person's "the parcel came back undeliverable" is read as the rest of the reply
 *   2. unsubscribe       a short SMS/email that is just a stop keyword (STOP, STOPP, ARRET, BAJA...)
 *   3. out_of_office     auto-reply subject ("Automatic reply:", "Abwesenheitsnotiz", "Réponse automatique")
 *   4. unsubscribe       explicit request ("unsubscribe", "remove me from your list", "darme de baja")
 *   5. dispute           wrong amount, not ordered, not received, charged twice, cancelled, defective...
 *   6. payment_plan_request
 *   7. promise_to_pay    future payment intent (a claim of payment made wins unless the promise is an action
 *                        with a future date: "paid half, will pay the rest Friday")
 *   8. already_paid
 *   9. out_of_office     auto-reply wording without an auto-reply subject
 *  10. unsubscribe       weak wording ("stop sending me these")
 *  11. question          (a missing invoice is a question, not a dispute)
 *  12. other
 *
 * Strong opt-out wording anywhere also fills `optOutChannels`, whatever the class: an opt-out is honoured at
 * once even inside a longer message. An optional AI hook may later re-read low-confidence results
 * ({@link ReplyAiHook}); the rule result stands on any failure.
 */

import { formatDay } from '../../dates';
import type { Channel } from '../../types';
import type { ReplyClass, ReplyLanguage } from '../types';
import { isZone, localDay, toIsoInstant } from '../util';
import { extractDates, isMonthFirstLocale, type DateHit } from './dates';
import { ALL_CHANNELS, CHANNEL_PREFERENCES, CHANNEL_WORDS, COLLEAGUE_ABSENT, HERE_WORD, FUTURE_MARKER, THIRD_PARTY_INSOLVENCY, NEGATION, PAST_MARKER, RULES, STOP_KEYWORDS, WRONG_NUMBER, type Rule, type Signal } from './rules';
import { detectLanguage, fold, stripQuoted } from './text';
import { describeValue, ValidationError } from '../../errors';

export interface ReplyInput {
	/** Email body (plain text) or SMS text. */
	text: string;
	subject?: string;
	/** Sender address (bounce detection). */
	from?: string;
	/** Instant the reply was received. */
	receivedAt: string;
	channel?: Channel;
	/** The customer's locale (language prior, numeric date order: en-US is month-first). */
	locale?: string;
	/** The customer's IANA zone: relative dates count from the local day of `receivedAt`. */
	timeZone?: string;
	/**
	 * The customer's email address on file. A delivery failure notice that does not state its failed recipient in a form
	 * read here (another language, no report fields) but names this address is about it: the message went there.
	 */
	contactEmail?: string;
}

export interface ExtractedDate {
	/** YYYY-MM-DD (the start of a range). */
	date: string;
	/** YYYY-MM-DD end of a range (same as date for a single day). */
	endDate: string;
	text: string;
	kind: DateHit['kind'];
	past: boolean;
}

export interface ReplyClassification {
	class: ReplyClass;
	/** 0..1 */
	confidence: number;
	language: ReplyLanguage;
	/** Every date found, in text order. */
	dates: ExtractedDate[];
	/** promise_to_pay: the promised date (the end of a range), or null when none was stated. */
	promiseDate: string | null;
	/** out_of_office: the first day back, or null. */
	returnDate: string | null;
	/** Rule that decided (`en.promise.will-pay`, `sms.stop-keyword`, `default.other`...). */
	matchedRule: string;
	matchedText: string | null;
	/** Every rule that matched (after guards), for explanation. */
	rulesMatched: string[];
	/** Other classes that matched too. */
	secondary: ReplyClass[];
	/** Channels to opt out of at once (non-empty for unsubscribe, and for strong opt-out wording elsewhere). */
	optOutChannels: Channel[];
	/** A person should read it (low confidence, or class other). */
	needsReview: boolean;
	/** The reply without quoted history. */
	cleanedText: string;
	/** YYYY-MM-DD: the local day of receipt that relative dates count from. */
	referenceDate: string;
	/**
	 * bounced: the address that no longer reaches the customer, when the reply says which (the failed recipient a
	 * delivery report names, or the sender of a "has left" notice: see applyEvent); absent when it does not.
	 */
	contact?: string;
	/**
	 * bounced: the notice says the recipient's mailbox is full (over quota, RFC 3463 status X.2.2) and names no failure
	 * of the address itself: the address exists and may take mail again once its owner clears it (applyEvent pauses the
	 * channel for a while instead of stopping it until a person releases it).
	 */
	mailboxFull?: true;
}

/** Optional second opinion (e.g. an LLM) for low-confidence replies. Implementations live outside the core. */
export interface ReplyAiHook {
	classify(input: ReplyInput, rules: ReplyClassification): Promise<{ class: ReplyClass; confidence: number; promiseDate?: string | null; returnDate?: string | null } | null>;
}

/** The rule confidence under which a second opinion is asked and may count (their "other" and weak "question"). */
export const REPLY_AI_THRESHOLD = 0.7;

/**
 * Merge an AI opinion into a rule result: taken only when the rules were unsure (confidence below
 * `threshold`) and the AI is surer; never overrides an opt-out, a bounce or a stop keyword.
 */
export function mergeAiOpinion(
	rules: ReplyClassification,
	ai: { class: ReplyClass; confidence: number; promiseDate?: string | null; returnDate?: string | null } | null,
	threshold = REPLY_AI_THRESHOLD,
): ReplyClassification {
	if (!ai || rules.confidence >= threshold || ai.confidence <= rules.confidence) return rules;
	if (rules.class === 'unsubscribe' || rules.class === 'bounced' || rules.optOutChannels.length > 0) return rules;
	const valid = (d: unknown): string | null => (typeof d === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(d) ? d : null);
	return {
		...rules,
		class: ai.class,
		confidence: Math.min(0.9, ai.confidence),
		promiseDate: ai.class === 'promise_to_pay' ? (valid(ai.promiseDate) ?? rules.promiseDate) : null,
		returnDate: ai.class === 'out_of_office' ? (valid(ai.returnDate) ?? rules.returnDate) : null,
		matchedRule: 'ai',
		secondary: rules.class === ai.class ? rules.secondary : [rules.class, ...rules.secondary.filter((c) => c !== ai.class)],
		needsReview: ai.confidence < threshold,
	};
}

interface Match {
	rule: Rule;
	index: number;
	text: string;
}

const AUTO_SUBJECT = /^\s*(automatic reply|auto(matic)?[- ]?(reply|response)|autoreply|out of (the )?office|ooo\b|abwesenheit\w*|abwesend|automatische antwort|reponse automatique|absence|absent|respuesta automatica|fuera de la oficina|ausente|resposta automatica|mensagem automatica|fora do escritorio|ausencia)/;
/** A mail system's sender: the daemon, the postmaster, Exchange's system mailbox (MicrosoftExchange and 32 hex digits). */
const BOUNCE_FROM = /(mailer-daemon|postmaster|mail delivery (subsystem|system)|microsoftexchange[0-9a-f]{32}@)/;
/**
 * What a delivery notice carries and a person's message does not (folded text): an SMTP enhanced status ("5.1.1",
 * RFC 3463), a report field (RFC 3464), the remote server's answer, or the notice's list of recipients it failed for
 * (Exchange's wording in the languages the rules read). A person may write "undeliverable", "delivery failed" or "my
 * mailbox is full of your reminders" about their goods or their day; a notice names how the delivery failed.
 */
const DSN_EVIDENCE = new RegExp(
	[
		String.raw`(?<![\d.,])[245]\.\d{1,3}\.\d{1,3}(?![\d.,]?\d)`,
		String.raw`^\s*(?:final-recipient|original-recipient|diagnostic-code|reporting-mta|remote-mta|x-failed-recipients|x-postfix-queue-id)\s*:`,
		String.raw`\b(?:remote|recipient'?s?|receiving|destination) (?:mail |e-?mail |smtp )?(?:server|host|system)\b`,
		String.raw`\b(?:host|server) [^\s]+ (?:said|returned|rejected)\b`,
		String.raw`\b(?:smtp|mta|mx record|dns)\b`,
		String.raw`\b(?:delivery has failed to these recipients|error en la entrega a estos destinatarios|falha na entrega a estes destinatarios|die zustellung an folgende empfanger|la remise a ces destinataires)\b`,
		String.raw`\b(?:returning message to sender|this is an automatically generated delivery status notification|this message was created automatically by mail delivery software)\b`,
	].join('|'),
	'm',
);
/** A delivery notice that says the server gave up (the delay is over: the message was returned). */
const DSN_FINAL = /\b((will not|won't) be retried|wird nicht (mehr )?(erneut )?versucht|ne sera pas (renvoye|reessaye)|no se volvera a intentar|nao sera (reenviad|tentad)[oa]|gave up|giving up|retry (timeout|time) exceeded|message (has )?expired|permanent(ly)? (failed|failure|error)|permanent (fatal )?errors?|dauerhaften? (zustell)?fehler|(returned|sent back) to (the )?sender|an den absender zuruck\w*|zuruck an den absender|renvoye a l'expediteur|devuelto al remitente|devolvid[oa] ao remetente|echec permanent|erreur permanente|error permanente|erro permanente|falha permanente)\b/;
/** Absence wording: an automatic reply with it is an out-of-office, even if it also acknowledges a ticket. */
const ABSENCE = /\b(out of (the )?office|on (annual |parental |maternity |sick )?(leave|holiday|vacation)|away from|abwesen\w*|urlaub|elternzeit|absente?|conges?|vacances|ausente|vacaciones|ferias|fora do escritorio|de licenca|de baixa)\b/;
/** Signals that name no class of their own (a question mark, a missing invoice, a delay notice, a ticket). */
const NOT_A_CLASS = new Set<Signal>(['question', 'invoice_missing', 'delay', 'ticket', 'insolvency', 'complaint']);
/** A date that describes the invoice, not the payment ("invoice dated 01/11", "Rechnung vom 3.11.", "factura del 5/11"). */
const CONTEXT_DATE = /\b(venc\.?|vto\.?|vencimiento|vence el|vencida el|vencido el|dated|datee|(?<!\bbe )issued( on)?|ausgestellt( am)?|emise le|emitida el|(invoice|bill) (of|from)|rechnung vom|vom|facture du|factura del?|fatura (de|do dia)|emitida em|datada de|vencimento em|vencid[oa] em)\s*$/;
const RETURN_BEFORE = /\b(back|return|returning|returns|zuruck|wieder|retour|reviens|reprendrai|reprendra|reprends|reprise|regreso|regresare|regresa|vuelta|volvere|vuelvo|retomo|retomare|reincorpor\w*|disponible|erreichbar|available|a partir|des le|ab dem|ab|retorno|retornarei|retornaremos|regresso|regressarei|regressaremos|volto|voltarei|de volta|disponivel)\b/;
const RETURN_AFTER = /^[^.?!]{0,6}\b(wieder|zuruck|de retour|de vuelta|de volta|back)\b/;
const UNTIL_BEFORE = /\b(until|till|through|thru|to|bis|einschliesslich|inklusive|jusqu'?au|jusqu'?a|jusqu'?a la|au|hasta|al|inclus|ate)\b[^a-z]{0,6}(el |le |la |the |dem |zum |am |o dia |o |a |dia )?$/;

/**
 * Up to `n` characters before `index`, starting at a word's beginning: a window cut inside a word would read its tail
 * as a word of its own ("bueno" as "no", "cannot" as "not").
 */
function wordsBefore(folded: string, index: number, n: number): string {
	let from = Math.max(0, index - n);
	while (from > 0 && from < index && /\w/.test(folded[from - 1]) && /\w/.test(folded[from])) from++;
	return folded.slice(from, index);
}

/** Up to `n` characters before `index`, within its sentence. */
function sentenceBefore(folded: string, index: number, n: number): string {
	const before = folded.slice(Math.max(0, index - n), index);
	const cut = Math.max(before.lastIndexOf('. '), before.lastIndexOf('! '), before.lastIndexOf('? '), before.lastIndexOf('\n'));
	return cut >= 0 ? before.slice(cut + 1) : before;
}

function sentenceAround(folded: string, index: number): { text: string; start: number; end: number } {
	let s = index;
	while (s > 0 && !/[.!?\n]/.test(folded[s - 1])) s--;
	let e = index;
	while (e < folded.length && !/[.!?\n]/.test(folded[e])) e++;
	if (e < folded.length && folded[e] === '?') e++;
	return { text: folded.slice(s, e), start: s, end: e };
}

/** Global (stateful) copies of the rule patterns, compiled once. */
const GLOBAL_RES = new Map<Rule, RegExp>(RULES.map((rule) => [rule, new RegExp(rule.re.source, rule.re.flags.includes('g') ? rule.re.flags : `${rule.re.flags}g`)]));

function runRules(folded: string, hits: DateHit[], ref: number): Match[] {
	const out: Match[] = [];
	for (const rule of RULES) {
		const re = GLOBAL_RES.get(rule) as RegExp;
		re.lastIndex = 0;
		let m: RegExpExecArray | null;
		while ((m = re.exec(folded)) !== null) {
			if (m[0].length === 0) {
				re.lastIndex++;
				continue;
			}
			const before = wordsBefore(folded, m.index, 14);
			const negation = rule.negation ?? NEGATION;
			// The words before count only within the clause (after a comma, a colon or a spaced dash): a match that starts at
			// a comma or a full stop ("No worries, will pay") has none of them.
			const clauseBefore = /^[.!?,;:\n]/.test(m[0]) ? '' : before.replace(/^.*(?:[,;:]| - )/, '');
			if (rule.negatable && (negation.test(m[0]) || negation.test(clauseBefore))) continue;
			// An absence (out of office, on leave) of a colleague the writer names is not the writer's own.
			if ((rule.signal === 'auto_reply' || rule.signal === 'ooo') && COLLEAGUE_ABSENT.test(sentenceBefore(folded, m.index, 80).replace(/^.*[,;:]/, ''))) continue;
			if (rule.pastGuard && (rule.past ?? PAST_MARKER).test(before)) continue;
			if (rule.futureGuard && (rule.future ?? FUTURE_MARKER).test(wordsBefore(folded, m.index, 30))) continue;
			if (rule.questionSensitive) {
				const s = sentenceAround(folded, m.index);
				if (/[?]\s*$/.test(s.text) || /[¿]/.test(s.text)) {
					const dated = hits.some((h) => h.start >= s.start && h.end <= s.end && !h.past && h.endDay >= ref);
					if (!dated) continue;
				}
			}
			if (rule.ambiguousTense) {
				// Same verb form for present and past: the date in the sentence decides.
				const s = sentenceAround(folded, m.index);
				const inSentence = hits.filter((h) => h.start >= s.start && h.end <= s.end);
				if (inSentence.length > 0 && inSentence.every((h) => h.past || h.endDay < ref)) {
					out.push({ rule: { ...rule, id: `${rule.id}.past`, signal: 'already_paid' }, index: m.index, text: m[0] });
					break;
				}
				if (!inSentence.some((h) => !h.past && h.endDay >= ref)) continue;
			}
			out.push({ rule, index: m.index, text: m[0] });
			break;
		}
	}
	return out;
}

function toExtracted(h: DateHit): ExtractedDate {
	return { date: formatDay(h.day), endDate: formatDay(h.endDay), text: h.text, kind: h.kind, past: h.past };
}

/** A date that describes a document named just before it, a reference between ("Commande du 2 novembre", "nota fiscal de 05/10", "fatura FT 2026/118 de 30 de setembro", "pedido del 3/11"). */
const DOCUMENT_DATE = /\b(invoice|bill|order|rechnung|bestellung|auftrag|lieferung|mahnung|facture|commande|livraison|relance|factura|pedido|entrega|fatura|nota fiscal|nf|nota|encomenda|boleto|reminder|recordatorio|lembrete)\b[^.?!]{0,24}\b(dated|of|from|vom|du|de|del|da|do)\s*$/;

function pickPromiseDate(folded: string, hits: DateHit[], matchIndex: number, ref: number): number | null {
	const future = hits.filter((h) => {
		if (h.past || h.endDay < ref || h.endDay > ref + 366) return false;
		const before = folded.slice(Math.max(0, h.start - 40), h.start);
		return !CONTEXT_DATE.test(before.slice(-24)) && !DOCUMENT_DATE.test(before);
	});
	if (future.length === 0) return null;
	const after = future.find((h) => h.start >= matchIndex);
	const sentence = sentenceAround(folded, matchIndex);
	const sameSentenceBefore = future.filter((h) => h.start >= sentence.start && h.start < matchIndex);
	const chosen = after && (after.start <= sentence.end + 80 || sameSentenceBefore.length === 0) ? after : (sameSentenceBefore[sameSentenceBefore.length - 1] ?? after ?? future[future.length - 1]);
	return chosen.endDay;
}

function pickReturnDate(folded: string, hits: DateHit[], ref: number): number | null {
	let untilBest: number | null = null;
	let plainBest: number | null = null;
	for (const h of hits) {
		if (h.past || h.endDay < ref) continue;
		const before = folded.slice(Math.max(0, h.start - 30), h.start);
		const after = folded.slice(h.end, h.end + 30);
		// the return word may stand further back in the clause ("Regresso ao escritório na segunda-feira, 21 de dezembro")
		const clause = folded.slice(Math.max(0, h.start - 60), h.start).replace(/^.*[.!?;\n]/s, '');
		if ((RETURN_BEFORE.test(before) || RETURN_BEFORE.test(clause)) && !UNTIL_BEFORE.test(before)) return h.day;
		if (RETURN_AFTER.test(after)) return h.day;
		if (UNTIL_BEFORE.test(before)) {
			untilBest = Math.max(untilBest ?? -Infinity, h.endDay + 1);
		} else {
			plainBest = Math.max(plainBest ?? -Infinity, h.endDay + 1);
		}
	}
	return untilBest ?? plainBest;
}

/** "Here": the channel the reply came on ("Messages here are fine", "ici sur WhatsApp c'est parfait"). */
const HERE = new RegExp(`^(?:${HERE_WORD})$`);

/** Every "wrong number" of a text (see {@link WRONG_NUMBER}). */
const WRONG_NUMBER_ALL = new RegExp(WRONG_NUMBER.source, 'g');

/** Channels a customer can opt out of by reply. */
const OPT_OUT_CHANNELS: readonly Channel[] = ['email', 'sms', 'whatsapp', 'phone'];

function channelOfWord(word: string): Channel | undefined {
	for (const [re, ch] of CHANNEL_WORDS) if (re.test(word)) return ch;
	return undefined;
}

/**
 * The channels an opt-out closes: the one the reply came on and every channel it names, or all of them ("from
 * everything", "only by email from now on"), less those the customer still wants ("Stop texting me, email is fine").
 */
function optOutChannelsFor(folded: string, channel: Channel): Channel[] {
	const kept = new Set<Channel>();
	let only = false;
	let rest = folded;
	for (const pref of CHANNEL_PREFERENCES) {
		rest = rest.replace(pref.re, (...m: unknown[]) => {
			// Every channel the phrase names ("por mail o por WhatsApp"); "here" is the channel the reply came on.
			const found = (m.slice(1, -2) as Array<string | undefined>).filter((g): g is string => typeof g === 'string').map((g) => (HERE.test(g) ? channel : channelOfWord(g))).filter((c): c is Channel => c !== undefined);
			if (found.length === 0) return m[0] as string;
			for (const c of found) kept.add(c);
			if (pref.only) only = true;
			return ' ';
		});
	}
	const set = new Set<Channel>([channel]);
	if (only || ALL_CHANNELS.test(rest)) for (const c of OPT_OUT_CHANNELS) set.add(c);
	for (const [re, ch] of CHANNEL_WORDS) if (re.test(rest)) set.add(ch);
	for (const c of kept) set.delete(c);
	// A request to stop that keeps every channel it touches contradicts itself ("dejen de acosarme, ici sur WhatsApp
	// c'est parfait", on WhatsApp): the stop wins for the channel the reply came on.
	if (set.size === 0) return [channel];
	return OPT_OUT_CHANNELS.filter((c) => set.has(c)).concat([...set].filter((c) => !OPT_OUT_CHANNELS.includes(c)));
}

const CLASS_OF: Record<Signal, ReplyClass> = {
	bounce: 'bounced',
	delay: 'other',
	left: 'bounced',
	ticket: 'other',
	insolvency: 'other',
	complaint: 'other',
	auto_reply: 'out_of_office',
	unsubscribe: 'unsubscribe',
	unsubscribe_weak: 'unsubscribe',
	dispute: 'dispute',
	plan: 'payment_plan_request',
	promise: 'promise_to_pay',
	already_paid: 'already_paid',
	ooo: 'out_of_office',
	question: 'question',
	invoice_missing: 'question',
};

/** A whole reply that says the invoice is paid ("Paid", "Bezahlt", "Done"); Portuguese "pago" is added by language. */
const SHORT_PAID = new Set(['paid', 'payed', 'done', 'sent', 'transferred', 'settled', 'bezahlt', 'zahlt', 'gezahlt', 'uberwiesen', 'erledigt', 'paye', 'regle', 'vire', 'envoye', 'fait', 'pagado', 'pagada', 'pague', 'transferi', 'transferido', 'transferida', 'hecho', 'pagamos', 'paguei', 'feito', 'quitado', 'depositado', 'enviado']);
/** Words a short payment claim may carry beside its verb ("already", "the transfer", "scho"). */
const PAID_AROUND = new Set(['already', 'just', 'yesterday', 'today', 'this', 'morning', 'it', 'all', 'schon', 'scho', 'bereits', 'isch', 'ist', 'is', 'gestern', 'heute', 'deja', 'hier', 'ce', 'matin', 'ya', 'ayer', 'hoy', 'ja', 'ontem', 'hoje', 'virement', 'transfer', 'payment', 'zahlung', 'uberweisung', 'transferencia', 'pago', 'pix', 'ted', 'deposito', 'listo', 'lista', 'c', 'est', 'fait', 'el', 'la', 'o', 'a', 'le']);
/** Portuguese weekdays without "-feira": a whole answer of one is a day ("sexta"). */
const PT_WEEKDAY_WORDS = new Set(['segunda', 'terca', 'quarta', 'quinta', 'sexta', 'sabado', 'domingo']);

/** Words around a one- or two-word answer that add nothing. */
const SHORT_FILLERS = new Set(['ok', 'okay', 'k', 'yes', 'sir', 'maam', 'madam', 'thanks', 'thank', 'you', 'thx', 'ty', 'pls', 'please', 'hi', 'hello', 'ja', 'danke', 'bitte', 'oui', 'merci', 'si', 'gracias', 'sim', 'obrigado', 'obrigada', 'hola', 'ola', 'bonjour', 'hallo', 'it', 'will', 'pay']);
/** Words a short date answer may carry beside its date ("by Friday", "on Monday", "am Freitag"). */
const DATE_FILLERS = new Set(['by', 'on', 'the', 'this', 'next', 'am', 'bis', 'le', 'el', 'la', 'na', 'no', 'ate', 'a', 'de', 'por', 'pour', 'until', 'before', 'morning', 'evening', 'afternoon', 'fruh', 'frueh', 'abend', 'nachmittag', 'matin', 'soir', 'apres-midi', 'tarde', 'noche', 'noite', 'cedo', 'en', 'in', 'at']);

/** Words that may stand around a stop keyword ("stop please", "please stop") without making the message about something else. */
const KEYWORD_FILLERS = new Set(['ok', 'okay', 'please', 'pls', 'plz', 'now', 'thanks', 'thank', 'you', 'thx', 'ty', 'me', 'it', 'all', 'bitte', 'danke', 'jetzt', 'merci', 'svp', 'stp', 'gracias', 'porfa', 'por', 'favor', 'ya', 'obrigado', 'obrigada', 'agora', 'ja']);

/** The failed recipient as a delivery status notification states it (RFC 3464), or as Exim and others add it. */
const DSN_RECIPIENT = /^\s*(?:final-recipient|original-recipient)\s*:\s*rfc822\s*;\s*<?([^\s<>;@]+@[^\s<>;@]+?)>?\s*$|^\s*x-failed-recipients\s*:\s*<?([^\s<>,;@]+@[^\s<>,;@]+?)>?\s*$/im;
/** An email address, in angle brackets or not (captured without them). */
const ADDRESS = String.raw`<?([^\s<>,;:@]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)>?`;
/**
 * The failed recipient as the common mail servers word it, in English: Gmail ("wasn't delivered to anna@acme.com"),
 * Exchange ("Your message to anna@acme.com couldn't be delivered", "Delivery has failed to these recipients or groups:
 * anna@acme.com"), Postfix ("<anna@acme.com>: host ... said: 550 ..."), "Delivery to anna@acme.com failed".
 */
const PHRASED_RECIPIENT = new RegExp(
	[
		String.raw`(?:wasn't|was not|could not be|couldn't be) delivered to\s*${ADDRESS}`,
		String.raw`your message to\s*${ADDRESS}`,
		String.raw`delivery has failed to these recipients(?: or groups)?:\s*${ADDRESS}`,
		String.raw`delivery to the following recipients? failed(?: permanently)?:\s*${ADDRESS}`,
		String.raw`delivery to\s*${ADDRESS}\s*(?:has )?failed`,
		String.raw`^${ADDRESS}:\s`,
	].join('|'),
	'im',
);

/**
 * The recipient a delivery failure notice is about, where it says so plainly: its report fields, or the wording of the
 * common mail servers. Undefined otherwise (an address named anywhere else may be the sender's or a new contact's):
 * a hold then stops the channel whatever the contact, until a person updates it and releases the hold.
 */
function failedRecipient(text: string): string | undefined {
	const m = DSN_RECIPIENT.exec(text) ?? PHRASED_RECIPIENT.exec(text);
	return m?.slice(1).find((g) => g !== undefined)?.toLowerCase();
}

/** An email address in a sender field or on file (no brackets, quotes or separators around its local part). */
const EMAIL = String.raw`[^\s<>()",;:@]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+`;
const EMAIL_IN = new RegExp(EMAIL);
const EMAIL_ONLY = new RegExp(`^${EMAIL}$`);

/** The customer's address on file (lower case) when the notice names it as a whole address; else undefined. */
function namedOnFile(text: string, email: unknown): string | undefined {
	if (typeof email !== 'string') return undefined;
	const address = email.trim().toLowerCase();
	if (!EMAIL_ONLY.test(address)) return undefined;
	const lower = text.toLowerCase();
	for (let at = lower.indexOf(address); at >= 0; at = lower.indexOf(address, at + 1)) {
		const before = at === 0 ? '' : lower[at - 1];
		const after = lower[at + address.length] ?? '';
		if (!/[a-z0-9._%+\-]/.test(before) && !/[a-z0-9\-]/.test(after) && !(after === '.' && /[a-z0-9]/.test(lower[at + address.length + 1] ?? ''))) return address;
	}
	return undefined;
}

/** The address of a sender ("Accounts <ap@client.example>" or the bare address), lower case; undefined for none or a mail system's. */
function senderAddress(from: string): string | undefined {
	const m = EMAIL_IN.exec(from);
	return m && !BOUNCE_FROM.test(m[0].toLowerCase()) ? m[0].toLowerCase() : undefined;
}

function withContact(c: ReplyClassification, contact: string | undefined): ReplyClassification {
	return contact === undefined ? c : { ...c, contact };
}

/**
 * A full mailbox, as delivery notices state it (on folded text): the enhanced status X.2.2, or the usual wording in the
 * languages the rules read ("mailbox full", "over quota", "Postfach voll", "boîte aux lettres ... pleine", "buzón ...
 * cuota", "caixa de correio cheia").
 */
const MAILBOX_FULL = /(?<![\d.])[45]\.2\.2(?![\d.])|\bmailbox (is )?(full|voll)\b|\bover (its |the |their )?(storage )?quota\b|\bquota (exceeded|uberschritten|ueberschritten|depasse)\b|\bexceeded (its|the|their|his|her) (storage )?(quota|allocation)\b|\bpostfach (ist )?voll\b|\bboite (aux lettres|de reception) [^.\n]{0,60}\bpleine\b|\bbuzon [^.\n]{0,80}\bcuota\b|\bcaixa (de correio |postal )?(esta )?(cheia|lotada)\b/;
/**
 * A failure of the address itself, which a full mailbox must not hide: the enhanced status 5.1.x (bad address) or
 * 5.2.1 (mailbox disabled), or the usual wording of an unknown or closed address.
 */
const ADDRESS_FAILED = /(?<![\d.])5\.1\.\d{1,3}(?![\d.])|(?<![\d.])5\.2\.1(?![\d.])|\b(user|recipient|mailbox|address|account) (unknown|not found|does not exist|doesn't exist|unavailable|disabled|is disabled|has been disabled|inactive)\b|\bno such (user|mailbox|recipient|address)\b|\bunknown (user|recipient|mailbox|address)\b|\baddress not found\b/;

/** A delivery notice about a full mailbox and nothing worse (see {@link ReplyClassification.mailboxFull}). */
function mailboxFull(c: ReplyClassification, text: string): ReplyClassification {
	return MAILBOX_FULL.test(text) && !ADDRESS_FAILED.test(text) ? { ...c, mailboxFull: true } : c;
}

/** Classify one reply. Throws ValidationError only for an unusable `receivedAt` or time zone. */
export function classifyReply(input: ReplyInput): ReplyClassification {
	if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new ValidationError([{ field: 'reply', message: 'must be an object (text, receivedAt, ...)', received: describeValue(input) }]);
	const receivedAt = toIsoInstant(input.receivedAt);
	if (!receivedAt) throw new ValidationError([{ field: 'receivedAt', message: 'must be an ISO instant with an offset (or Z)', received: describeValue(input.receivedAt) }]);
	const zone = input.timeZone ?? 'UTC';
	if (!isZone(zone)) throw new ValidationError([{ field: 'timeZone', message: 'must be an IANA time zone', received: describeValue(zone) }]);
	const channel: Channel = input.channel ?? 'email';
	const ref = localDay(receivedAt, zone);
	const raw = typeof input.text === 'string' ? input.text : '';
	let cleaned = stripQuoted(raw);
	if (cleaned.length === 0) cleaned = raw.replace(/^\s*>.*$/gm, '').trim();
	const folded = fold(cleaned);
	const rawSubject = fold(input.subject ?? '');
	const subject = rawSubject.replace(/^\s*((re|res|aw|antw|wg|fw|fwd|tr|rv|sv|enc)\s*:\s*)+/, '');
	// A reply or forward of a thread ("RE: Automatic reply: ..."): a person wrote it, whatever the subject quotes.
	const replied = subject !== rawSubject;
	// Forwarded (FW, WG, TR, RV, ENC): the sender passed the reminder on to a colleague, and copied us.
	const forwarded = /^\s*(fwd?|wg|tr|rv|enc)\s*:/.test(rawSubject);
	const from = fold(input.from ?? '');
	const language = detectLanguage(`${subject} ${folded}`, input.locale);
	const hits = extractDates(folded, ref, { monthFirst: isMonthFirstLocale(input.locale), lang: language });
	const subjectHits = extractDates(subject, ref, { monthFirst: isMonthFirstLocale(input.locale), lang: language });
	// Dots after digits ("am 28.", "5.11.") must not end a sentence for the rules: same length, so indices hold.
	// Nor the dot of "Nr." / "No." before a number ("die Rechnung Nr. 2026-0412 wurde ... beglichen").
	const ruleText = folded.replace(/(?<=\d)\./g, '·').replace(/(?<=\b(?:nr|no|num|nro|ref|rg|n|rs|inv|amt|chq|fact|fac|fra|fat|venc|art|abs|ziff))\.(?=\s?º?\s?\d)/g, '·');
	const matches = runRules(ruleText, hits, ref);
	const subjectMatches = runRules(subject, subjectHits, ref).filter((m) => m.rule.signal === 'bounce' || m.rule.signal === 'delay' || m.rule.signal === 'auto_reply');
	const by = (s: Signal): Match | undefined => matches.find((m) => m.rule.signal === s);
	const dates = hits.map(toExtracted);
	const rulesMatched = [...subjectMatches.map((m) => `subject:${m.rule.id}`), ...matches.map((m) => m.rule.id)];
	const base = {
		language,
		dates,
		rulesMatched,
		cleanedText: cleaned,
		referenceDate: formatDay(ref),
	};
	const strongUnsub = by('unsubscribe');
	// Any request to stop messages opts out at once, whatever else the reply says ("Already paid, stop texting me":
	// the claim goes to a person and the channel is closed).
	const optOutChannels = strongUnsub || by('unsubscribe_weak') ? optOutChannelsFor(folded, channel) : [];
	const present = new Set<ReplyClass>(matches.filter((m) => !NOT_A_CLASS.has(m.rule.signal)).map((m) => CLASS_OF[m.rule.signal]));
	// A reply a person must act on: it disputes, asks for a plan, promises or claims a payment.
	const actionable = present.has('dispute') || present.has('payment_plan_request') || present.has('promise_to_pay') || present.has('already_paid');

	const result = (cls: ReplyClass, confidence: number, rule: string, text: string | null, extra: Partial<ReplyClassification> = {}): ReplyClassification => {
		const secondary = [...present].filter((c) => c !== cls);
		const conf = Math.max(0.05, Math.min(0.99, confidence - (secondary.length > 0 && cls !== 'unsubscribe' && cls !== 'bounced' ? 0.1 : 0)));
		return {
			...base,
			class: cls,
			confidence: Math.round(conf * 100) / 100,
			promiseDate: null,
			returnDate: null,
			matchedRule: rule,
			matchedText: text,
			secondary,
			optOutChannels: cls === 'unsubscribe' && optOutChannels.length === 0 ? [channel] : optOutChannels,
			needsReview: conf < 0.7 || cls === 'other',
			...extra,
		};
	};

	// 1. Bounce: a delivery notice, unless it only warns that delivery is delayed (the server keeps trying, and the
	// message may still arrive) and does not say the server gave up.
	// A bounce wording in the subject ("Undeliverable: ...") names a notice; in the text only, with what a notice carries
	// (see DSN_EVIDENCE): "the parcel came back undeliverable" is a person's reply about their goods.
	const fromMailSystem = BOUNCE_FROM.test(from);
	const subjectBounce = subjectMatches.find((m) => m.rule.signal === 'bounce');
	const textBounce = subjectBounce ? undefined : by('bounce');
	// What a notice says in its whole text (report and quoted part included), read once and only for one that may be a notice.
	const noticeLike = fromMailSystem || subjectBounce !== undefined || textBounce !== undefined;
	const rawFolded = noticeLike ? fold(raw) : '';
	const stated = noticeLike ? failedRecipient(raw) : undefined;
	const bounce = subjectBounce ?? (textBounce && (fromMailSystem || DSN_EVIDENCE.test(rawFolded) || stated !== undefined) ? textBounce : undefined);
	// A person's words, not a notice: no bounce among the classes the reply shows.
	if (textBounce && !bounce && !by('left')) present.delete('bounced');
	// A person replying in the thread of a delivery notice ("RE: Undeliverable: ...") wrote a message of their own.
	if (channel === 'email' && (fromMailSystem || (bounce && !replied))) {
		const delay = subjectMatches.find((m) => m.rule.signal === 'delay') ?? by('delay');
		if (delay && !DSN_FINAL.test(folded)) return { ...result('other', 0.9, delay.rule.id, delay.text), optOutChannels: [] };
		return mailboxFull(withContact({ ...result('bounced', 0.97, bounce?.rule.id ?? 'any.bounce.from', bounce?.text ?? from), optOutChannels: [] }, stated ?? namedOnFile(raw, input.contactEmail)), rawFolded);
	}
	// The address no longer reaches anyone (the contact left, the mailbox is no longer read): as good as a bounce, the
	// contact must be updated. Unless a person also acts on the invoice ("she left; I have taken over and will pay").
	const left = by('left');
	// Its sender is the mailbox that is no longer read (an alias may forward to it: applyEvent keeps it as the hold's
	// contact only when it is the customer's address on file).
	if (channel === 'email' && left && !actionable) return withContact({ ...result('bounced', 0.9, left.rule.id, left.text), optOutChannels: [] }, senderAddress(input.from ?? ''));
	// The customer itself is insolvent (its own words, or its administrator's): above every other class, since a claim
	// is now filed with the administrator and no reminder may go out; another company's insolvency is not it.
	const insolvent = matches.find((m) => m.rule.signal === 'insolvency' && !THIRD_PARTY_INSOLVENCY.test(sentenceBefore(ruleText, m.index, 100) + m.text));
	if (insolvent) return result('other', 0.9, insolvent.rule.id, insolvent.text, { needsReview: true });
	// A helpdesk's acknowledgement of the reminder as a ticket: automatic, nobody has answered yet.
	const ticket = by('ticket');
	if (ticket && !actionable && !ABSENCE.test(folded)) return result('other', 0.85, ticket.rule.id, ticket.text);

	// 2. A message that is just a stop keyword, beside "wrong number" on a text ("Mauvais numéro, arrêtez"). "Wrong
	// number" alone is no opt-out: a person reads it (other).
	const wordsOf = (text: string) => text.replace(/[^a-z\s-]/g, ' ').split(/\s+/).filter((w) => w.length > 0);
	const words = wordsOf(folded);
	const kwWords = channel === 'email' ? words : wordsOf(folded.replace(WRONG_NUMBER_ALL, ' '));
	if (kwWords.length > 0 && kwWords.length <= 3) {
		const joined = kwWords.join(' ');
		// The keyword alone, or with words that add nothing ("stop please", "sair agora"): "End of month", "Stop by
		// Friday" or "baja médica" are not opt-outs.
		const rest = (n: number) => kwWords.slice(n).every((w) => KEYWORD_FILLERS.has(w));
		// ... or after them ("please stop", "ok thanks stop").
		const core = kwWords.filter((w) => !KEYWORD_FILLERS.has(w)).join(' ');
		const kw = [joined, kwWords.length >= 2 && rest(2) ? kwWords.slice(0, 2).join(' ') : '', rest(1) ? kwWords[0] : '', core].find((w) => STOP_KEYWORDS.has(w));
		if (kw) return { ...result('unsubscribe', 0.99, 'sms.stop-keyword', kw), optOutChannels: optOutChannelsFor(folded, channel) };
	}

	// 3. Auto-reply subject.
	const autoSubject = replied ? undefined : AUTO_SUBJECT.test(subject) ? 'subject.auto-reply' : subjectMatches.find((m) => m.rule.signal === 'auto_reply')?.rule.id;
	if (autoSubject) {
		const ret = pickReturnDate(ruleText, hits, ref);
		return result('out_of_office', 0.97, autoSubject, input.subject ?? null, { returnDate: ret === null ? null : formatDay(ret) });
	}

	// 4. Explicit opt-out, unless the reply also disputes, asks for a plan, promises or claims a payment: then it is
	// filed by that (a person must act on it) and its opt-out still applies (optOutChannels).
	if (strongUnsub && !actionable) return result('unsubscribe', 0.95, strongUnsub.rule.id, strongUnsub.text);

	// 5. Dispute.
	const disputes = matches.filter((m) => m.rule.signal === 'dispute');
	if (disputes.length > 0) return result('dispute', disputes.length > 1 ? 0.92 : 0.85, disputes[0].rule.id, disputes[0].text);

	// 6. Payment plan.
	const plan = by('plan');
	if (plan) return result('payment_plan_request', 0.88, plan.rule.id, plan.text);

	// 7./8. Promise vs already paid.
	const promises = matches.filter((m) => m.rule.signal === 'promise');
	const paid = by('already_paid');
	const action = promises.find((m) => !m.rule.transit);
	const promise = action ?? promises[0];
	if (promise) {
		const date = pickPromiseDate(ruleText, hits, promise.index, ref);
		const useful = !paid || (action !== undefined && date !== null && !/\b(arrive|ankommen|eingehen|arriver|llegar|chegar|cair|entrar)\b/.test(action.text));
		if (useful) {
			return result('promise_to_pay', date !== null ? 0.9 : 0.72, promise.rule.id, promise.text, { promiseDate: date === null ? null : formatDay(date) });
		}
	}
	if (paid) return result('already_paid', 0.86, paid.rule.id, paid.text);

	// 8b. An answer of one to four words to the reminder ("Paid", "Bezahlt", "Done", "Tomorrow", "Freitag"): what such a word
	// means in reply to a payment reminder. Fillers ("sir", "thanks", "ok") do not count.
	const said = words.filter((w) => !SHORT_FILLERS.has(w));
	if (said.length > 0 && said.length <= 4 && !forwarded && !folded.includes('?')) {
		const text = said.join(' ');
		// "Paid", "payed yesterday", "isch scho zahlt", "virement envoyé", "listo ya transferí"; Portuguese "pago" is paid
		const paidWord = (w: string) => SHORT_PAID.has(w) || (language === 'pt' && w === 'pago');
		if (said.some(paidWord) && said.every((w) => paidWord(w) || PAID_AROUND.has(w))) return result('already_paid', 0.8, 'short.paid', text);
		// "Tomorrow", "morgen früh", "ce soir", "la semana que viene"; a Portuguese weekday alone is that day ("sexta")
		const ptDay = language === 'pt' && said.length === 1 && PT_WEEKDAY_WORDS.has(said[0]);
		const span = ptDay ? `na ${said[0]}` : folded;
		const dated = (ptDay ? extractDates(span, ref, { lang: 'pt' }) : hits).filter((h) => !h.past && h.endDay >= ref);
		const covered = said.every((w) => dated.some((h) => span.slice(h.start, h.end).includes(w)) || DATE_FILLERS.has(w));
		if (dated.length === 1 && covered) return result('promise_to_pay', 0.75, 'short.date', text, { promiseDate: formatDay(dated[0].endDay) });
	}

	// 9. Out of office wording.
	const ooo = by('auto_reply') ?? by('ooo');
	if (ooo) {
		const ret = pickReturnDate(ruleText, hits, ref);
		return result('out_of_office', ooo.rule.signal === 'auto_reply' ? 0.88 : 0.75, ooo.rule.id, ooo.text, { returnDate: ret === null ? null : formatDay(ret) });
	}

	// 10. Weak opt-out.
	const weak = by('unsubscribe_weak');
	if (weak) return { ...result('unsubscribe', 0.78, weak.rule.id, weak.text), optOutChannels: optOutChannelsFor(folded, channel) };

	// A complaint about the reminder's tone ("How dare you...?"): its question mark asks nothing; a person reads it.
	const complaint = by('complaint');
	if (complaint) return result('other', 0.6, complaint.rule.id, complaint.text);

	// 11. Question.
	const missing = by('invoice_missing');
	if (missing) return result('question', 0.8, missing.rule.id, missing.text);
	const specific = matches.find((m) => m.rule.signal === 'question' && m.rule.id !== 'any.question.mark');
	const mark = by('question');
	// A bare question mark in a forward ("Can you have a look?") asks the colleague, not us.
	if (specific || (mark && !forwarded)) {
		const q = specific ?? (mark as Match);
		return result('question', specific && mark ? 0.8 : specific ? 0.7 : 0.6, q.rule.id, q.text);
	}

	// 12. Other.
	const short = words.length > 0 && words.length <= 6;
	return result('other', short ? 0.6 : 0.45, 'default.other', null);
}
