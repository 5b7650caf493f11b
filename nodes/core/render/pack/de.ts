/**
 * German: phrases and customer-facing templates. Formal "Sie" throughout; after the salutation's comma
 * the body continues in lower case unless it starts with a noun or "Sie/Ihr" (German letter convention).
 */
import type { LanguagePack, Phrases } from './types';
import { mail } from './types';

const DECLINE: Record<string, string> = {
	insufficient_funds: 'das Konto nicht ausreichend gedeckt war',
	expired_card: 'die Karte abgelaufen ist',
	incorrect_cvc: 'der Sicherheitscode nicht übereinstimmte',
	invalid_cvc: 'der Sicherheitscode nicht übereinstimmte',
	incorrect_number: 'die Kartennummer nicht erkannt wurde',
	invalid_number: 'die Kartennummer nicht erkannt wurde',
	invalid_expiry_month: 'das Ablaufdatum nicht übereinstimmte',
	invalid_expiry_year: 'das Ablaufdatum nicht übereinstimmte',
	authentication_required: 'Ihre Bank eine zusätzliche Bestätigung verlangt hat',
	card_velocity_exceeded: 'das Kartenlimit erreicht war',
	withdrawal_count_limit_exceeded: 'das Kartenlimit erreicht war',
	processing_error: 'es ein vorübergehendes technisches Problem gab',
	network_error: 'es ein vorübergehendes technisches Problem gab',
	try_again_later: 'es ein vorübergehendes technisches Problem gab',
	lost_card: 'die Karte nicht mehr verwendet werden kann',
	stolen_card: 'die Karte nicht mehr verwendet werden kann',
	pickup_card: 'die Karte nicht mehr verwendet werden kann',
	restricted_card: 'die Karte nicht mehr verwendet werden kann',
	card_not_supported: 'die Karte diese Zahlungsart nicht unterstützt',
	temporary: 'es ein vorübergehendes technisches Problem gab',
	issuer_declined: 'die Bank die Abbuchung abgelehnt hat',
	card_details: 'die Kartendaten nicht mehr gültig sind',
	card_unusable: 'die Karte nicht mehr verwendet werden kann',
	fraud_or_lost: 'die Karte nicht mehr verwendet werden kann',
	bank_account: 'das Bankkonto nicht belastet werden konnte',
	currency_not_supported: 'die Karte diese Währung nicht unterstützt',
};

type Quotes = Phrases['quotes'];
const DE_QUOTES: Quotes = ['„', '“'];
/** Switzerland quotes with guillemets: «Abmelden», not „Abmelden“. */
const CH_QUOTES: Quotes = ['«', '»'];

/** The footer of non-transactional emails, the word to reply with in the region's quotation marks. */
function unsubscribeWith([open, close]: Quotes): Phrases['unsubscribe'] {
	return (link, company) => {
		const intro = `Sie erhalten diese freundliche Erinnerung, weil bei ${company ?? 'uns'} eine Rechnung für Sie offen ist.`;
		return link
			? `${intro} Sie möchten vor dem Fälligkeitsdatum keine Erinnerungen mehr erhalten? Abmelden: ${link}`
			: `${intro} Sie möchten vor dem Fälligkeitsdatum keine Erinnerungen mehr erhalten? Antworten Sie mit ${open}Abmelden${close}, dann stellen wir sie ein.`;
	};
}

export const dePhrases: Phrases = {
	language: 'de',
	greeting({ formality, salutation, firstName, lastName, fullName }) {
		if (formality === 'formal') {
			if (salutation && lastName) return salutation === 'ms' ? `Sehr geehrte Frau ${lastName},` : `Sehr geehrter Herr ${lastName},`;
			if (firstName && lastName) return `Guten Tag ${firstName} ${lastName},`;
			if (firstName) return `Guten Tag ${firstName},`;
			if (fullName) return `Guten Tag ${fullName},`;
			return 'Sehr geehrte Damen und Herren,';
		}
		if (firstName) return `Hallo ${firstName},`;
		if (fullName) return `Hallo ${fullName},`;
		return 'Guten Tag,';
	},
	closing(formality, tone) {
		if (formality === 'formal') return 'Mit freundlichen Grüßen';
		return tone === 'friendly' ? 'Viele Grüße' : 'Freundliche Grüße';
	},
	team: 'Buchhaltung',
	fallback: {
		firstName: 'zusammen',
		customerName: 'Ihr Unternehmen',
		accountOwner: 'Ihr Ansprechpartner',
		service: 'unsere Leistungen',
		amount: 'den in der Rechnung genannten Betrag',
		date: 'das in der Rechnung genannte Datum',
		disputeReason: 'Ihre Rückfrage zu dieser Rechnung',
		dueRelative: 'in Kürze',
	},
	overdueBy(days) {
		if (days === undefined || days <= 0) return 'überfällig';
		return days === 1 ? 'seit einem Tag überfällig' : `seit ${days} Tagen überfällig`;
	},
	contactLine({ email, phone }) {
		if (phone && email) return `Bei Fragen antworten Sie einfach auf diese E-Mail, schreiben Sie an ${email} oder rufen Sie uns unter ${phone} an.`;
		if (phone) return `Bei Fragen antworten Sie einfach auf diese E-Mail oder rufen Sie uns unter ${phone} an.`;
		if (email) return `Bei Fragen antworten Sie einfach auf diese E-Mail oder schreiben Sie an ${email}.`;
		return 'Bei Fragen antworten Sie einfach auf diese E-Mail.';
	},
	otherContact({ email, phone }) {
		if (phone && email) return `Sie erreichen uns auch unter ${email} oder telefonisch unter ${phone}.`;
		if (phone) return `Sie erreichen uns auch telefonisch unter ${phone}.`;
		if (email) return `Sie erreichen uns auch unter ${email}.`;
		return undefined;
	},
	partialNote({ paid, balance, total }) {
		return `Vielen Dank für die bereits gezahlten ${paid}; von ${total} sind noch ${balance} offen.`;
	},
	howToPay(link, instructions) {
		if (link && instructions) return `Sie können hier bequem und sicher online bezahlen:\n${link}\n\nLieber per Überweisung?\n${instructions}`;
		if (link) return `Sie können hier bequem und sicher online bezahlen:\n${link}`;
		if (instructions) return `Unsere Zahlungsinformationen:\n${instructions}`;
		return undefined;
	},
	payButton: 'Rechnung bezahlen',
	updateButton: 'Zahlungsdaten aktualisieren',
	declineReason(code) {
		return (code && DECLINE[code]) || 'der Kartenaussteller die Zahlung abgelehnt hat';
	},
	stopHint: 'Abmelden: Antworten Sie mit STOP.',
	unsubscribe: unsubscribeWith(DE_QUOTES),
	planLine(date, amount) {
		return `- ${date}: ${amount}`;
	},
	quotes: DE_QUOTES,
};

/**
 * Switzerland and Liechtenstein (de-CH, de-LI): Swiss Standard German writes "ss" for "ß" ("Freundliche Grüsse").
 * The texts are the German pack's (none has a "ß"; the pack test checks every de-CH text); the phrases are these.
 */
export const deCHPhrases: Phrases = {
	...dePhrases,
	closing: (formality, tone) => dePhrases.closing(formality, tone).replace(/ß/g, 'ss'),
	unsubscribe: unsubscribeWith(CH_QUOTES),
	quotes: CH_QUOTES,
};

export const dePack: LanguagePack = {
	pre_due_7: {
		friendly: {
			email: mail(
				'Vorab-Hinweis: Rechnung {{invoiceNumber}} ist {{dueRelative}} fällig',
				`ein kurzer Hinweis vorab: Ihre Rechnung {{invoiceNumber}} über {{amountDue}} ist am {{dueDate}} fällig.{{#if partialNote}} {{partialNote}}{{/if}}

{{howToPay}}

Falls die Zahlung bereits geplant ist, vielen Dank, dann betrachten Sie diese Nachricht bitte als gegenstandslos. {{contactLine}}`,
			),
			sms: '{{companyName}}: kurzer Hinweis, Ihre Rechnung {{invoiceNumber}} über {{amountDue}} ist am {{dueDate}} fällig. Online bezahlen: {{paymentLink}}',
		},
		firm: {
			email: mail(
				'Rechnung {{invoiceNumber}} ist am {{dueDate}} fällig',
				`wir möchten Sie daran erinnern, dass Ihre Rechnung {{invoiceNumber}} über {{amountDue}} am {{dueDate}} fällig ist. Bitte stellen Sie sicher, dass die Zahlung rechtzeitig eingeplant ist.{{#if partialNote}} {{partialNote}}{{/if}}

{{howToPay}}

{{contactLine}}`,
			),
			sms: '{{companyName}}: Rechnung {{invoiceNumber}} über {{amountDue}} ist am {{dueDate}} fällig. Bitte Zahlung einplanen: {{paymentLink}}',
		},
	},
	pre_due_3: {
		friendly: {
			email: mail(
				'Erinnerung: Rechnung {{invoiceNumber}} ist {{dueRelative}} fällig',
				`nur eine kurze Erinnerung: Ihre Rechnung {{invoiceNumber}} über {{amountDue}} ist {{dueRelative}} fällig, am {{dueDate}}.{{#if partialNote}} {{partialNote}}{{/if}}

{{howToPay}}

Schon bezahlt? Vielen Dank, dann ist nichts weiter zu tun. {{contactLine}}`,
			),
			sms: '{{companyName}}: Erinnerung, Rechnung {{invoiceNumber}} ({{amountDue}}) ist {{dueRelative}} fällig, am {{dueDate}}. Bezahlen: {{paymentLink}}',
		},
		firm: {
			email: mail(
				'Zahlungserinnerung: Rechnung {{invoiceNumber}} ist am {{dueDate}} fällig',
				`Ihre Rechnung {{invoiceNumber}} über {{amountDue}} ist {{dueRelative}} fällig, am {{dueDate}}. Damit sie nicht überfällig wird, veranlassen Sie die Zahlung bitte bis dahin.{{#if partialNote}} {{partialNote}}{{/if}}

{{howToPay}}

{{contactLine}}`,
			),
			sms: '{{companyName}}: Rechnung {{invoiceNumber}} ({{amountDue}}) ist am {{dueDate}} fällig. Bitte bis dahin bezahlen: {{paymentLink}}',
		},
	},
	pre_due_1: {
		friendly: {
			email: mail(
				'Rechnung {{invoiceNumber}} ist {{dueRelative}} fällig',
				`eine kurze Erinnerung: Ihre Rechnung {{invoiceNumber}} über {{amountDue}} ist {{dueRelative}} fällig ({{dueDate}}).{{#if partialNote}} {{partialNote}}{{/if}}

{{howToPay}}

Wenn Sie die Zahlung bereits veranlasst haben, vielen Dank! {{contactLine}}`,
			),
			sms: '{{companyName}}: Rechnung {{invoiceNumber}} ({{amountDue}}) ist {{dueRelative}} fällig. Schon bezahlt? Danke! Sonst: {{paymentLink}}',
		},
		firm: {
			email: mail(
				'Bitte pünktlich bezahlen: Rechnung {{invoiceNumber}} ist {{dueRelative}} fällig',
				`Ihre Rechnung {{invoiceNumber}} über {{amountDue}} ist {{dueRelative}} fällig ({{dueDate}}). Bitte stellen Sie sicher, dass die Zahlung bis dahin erfolgt.{{#if partialNote}} {{partialNote}}{{/if}}

{{howToPay}}

{{contactLine}}`,
			),
			sms: '{{companyName}}: Rechnung {{invoiceNumber}} ({{amountDue}}) ist {{dueRelative}} fällig. Bitte pünktlich bezahlen: {{paymentLink}}',
		},
	},
	due_today: {
		friendly: {
			email: mail(
				'Rechnung {{invoiceNumber}} ist {{dueRelative}} fällig',
				`Ihre Rechnung {{invoiceNumber}} über {{amountDue}} ist {{dueRelative}} fällig ({{dueDate}}).{{#if partialNote}} {{partialNote}}{{/if}}

{{howToPay}}

Falls die Zahlung schon unterwegs ist, vielen Dank, dann ist nichts weiter zu tun. {{contactLine}}`,
			),
			sms: '{{companyName}}: Rechnung {{invoiceNumber}} über {{amountDue}} ist {{dueRelative}} fällig. Schon unterwegs? Danke! Bezahlen: {{paymentLink}}',
		},
		firm: {
			email: mail(
				'Zahlung {{dueRelative}} fällig: Rechnung {{invoiceNumber}}',
				`Ihre Rechnung {{invoiceNumber}} über {{amountDue}} ist {{dueRelative}} fällig ({{dueDate}}). Bitte veranlassen Sie die Zahlung jetzt, damit Ihr Konto ausgeglichen bleibt.{{#if partialNote}} {{partialNote}}{{/if}}

{{howToPay}}

{{contactLine}}`,
			),
			sms: '{{companyName}}: Rechnung {{invoiceNumber}} ({{amountDue}}) ist {{dueRelative}} fällig. Bitte jetzt bezahlen: {{paymentLink}}',
		},
	},
	overdue_1: {
		friendly: {
			email: mail(
				'Rechnung {{invoiceNumber}} ist jetzt überfällig',
				`für Ihre Rechnung {{invoiceNumber}} über {{amountDue}}, fällig am {{dueDate}}, haben wir {{#if isPartiallyPaid}}noch nicht den vollständigen Betrag{{else}}noch keine Zahlung{{/if}} erhalten. So etwas geht leicht unter, deshalb nur ein freundlicher Hinweis.{{#if partialNote}} {{partialNote}}{{/if}}

{{howToPay}}

Wenn Sie bereits bezahlt haben, vielen Dank, dann betrachten Sie diese Nachricht bitte als gegenstandslos. {{contactLine}}`,
			),
			sms: '{{companyName}}: Rechnung {{invoiceNumber}} ({{amountDue}}) war am {{dueDate}} fällig. Schon bezahlt? Danke! Sonst hier: {{paymentLink}}',
		},
		firm: {
			email: mail(
				'Überfällig: Rechnung {{invoiceNumber}}',
				`Ihre Rechnung {{invoiceNumber}} über {{amountDue}} war am {{dueDate}} fällig und ist nun {{overdueBy}}. Bitte veranlassen Sie die Zahlung so bald wie möglich.{{#if partialNote}} {{partialNote}}{{/if}}

{{howToPay}}

Falls mit der Rechnung etwas nicht stimmt, antworten Sie einfach auf diese E-Mail, dann kümmern wir uns sofort darum.`,
			),
			sms: '{{companyName}}: Rechnung {{invoiceNumber}} ({{amountDue}}) ist {{overdueBy}}. Bitte jetzt bezahlen: {{paymentLink}}',
		},
		escalating: {
			email: mail(
				'Handlungsbedarf: Rechnung {{invoiceNumber}} ist überfällig',
				`Ihre Rechnung {{invoiceNumber}} über {{amountDue}} war am {{dueDate}} fällig und ist weiterhin offen. Bitte bezahlen Sie sie heute oder teilen Sie uns heute mit, wann wir mit der Zahlung rechnen können.{{#if partialNote}} {{partialNote}}{{/if}}

{{howToPay}}

{{contactLine}}`,
			),
			sms: '{{companyName}}: Handlungsbedarf. Rechnung {{invoiceNumber}} ({{amountDue}}) ist {{overdueBy}}. Bitte heute bezahlen: {{paymentLink}}',
		},
	},
	overdue_7: {
		friendly: {
			email: mail(
				'Können wir bei Rechnung {{invoiceNumber}} helfen?',
				`Ihre Rechnung {{invoiceNumber}} über {{amountDue}} war am {{dueDate}} fällig und ist nun {{overdueBy}}. Falls etwas die Zahlung aufhält, helfen wir gern.{{#if partialNote}} {{partialNote}}{{/if}}

Stimmt der Betrag nicht, brauchen Sie eine Rechnungskopie oder wäre eine Zahlung in Raten einfacher? Antworten Sie einfach auf diese E-Mail, dann finden wir gemeinsam eine Lösung.

{{howToPay}}

{{otherContact}}`,
			),
			sms: '{{companyName}}: Rechnung {{invoiceNumber}} ({{amountDue}}) ist {{overdueBy}}. Brauchen Sie Hilfe oder mehr Zeit? Antworten Sie einfach. Bezahlen: {{paymentLink}}',
		},
		firm: {
			email: mail(
				'Rechnung {{invoiceNumber}} ist {{overdueBy}}',
				`Ihre Rechnung {{invoiceNumber}} über {{amountDue}}, fällig am {{dueDate}}, ist weiterhin offen. Bitte veranlassen Sie die Zahlung noch diese Woche.{{#if partialNote}} {{partialNote}}{{/if}}

Falls es ein Problem mit der Rechnung gibt oder Sie eine Ratenzahlung besprechen möchten, antworten Sie auf diese E-Mail, dann finden wir gemeinsam eine Lösung.

{{howToPay}}`,
			),
			sms: '{{companyName}}: Rechnung {{invoiceNumber}} ({{amountDue}}) ist {{overdueBy}}. Bitte diese Woche bezahlen oder antworten: {{paymentLink}}',
		},
		escalating: {
			email: mail(
				'Zahlung jetzt erforderlich: Rechnung {{invoiceNumber}}',
				`Ihre Rechnung {{invoiceNumber}} über {{amountDue}} ist nun {{overdueBy}}{{#if remindedBefore}}, und wir haben noch nichts von Ihnen gehört{{/if}}. Bitte begleichen Sie den offenen Betrag jetzt oder antworten Sie uns heute, damit wir eine Lösung vereinbaren können.{{#if partialNote}} {{partialNote}}{{/if}}

{{howToPay}}

{{otherContact}}`,
			),
			sms: '{{companyName}}: Rechnung {{invoiceNumber}} ({{amountDue}}) ist {{overdueBy}}. Bitte jetzt bezahlen oder heute antworten: {{paymentLink}}',
		},
	},
	overdue_14: {
		friendly: {
			email: mail(
				'Rechnung {{invoiceNumber}}: Lassen Sie uns eine Lösung finden',
				`Ihre Rechnung {{invoiceNumber}} über {{amountDue}} war am {{dueDate}} fällig und ist nun {{overdueBy}}.{{#if partialNote}} {{partialNote}}{{/if}}

Wir wissen, dass die Liquidität manchmal knapp ist. Wenn Ihnen die Zahlung des vollen Betrags gerade schwerfällt, antworten Sie auf diese E-Mail, dann vereinbaren wir gern eine Ratenzahlung, die für Sie passt.

{{howToPay}}

{{otherContact}}`,
			),
			sms: '{{companyName}}: Rechnung {{invoiceNumber}} ({{amountDue}}) ist {{overdueBy}}. Passt es gerade nicht? Antworten Sie, wir finden eine Lösung. {{paymentLink}}',
		},
		firm: {
			email: mail(
				'{{#if remindedBefore}}Zweite Erinnerung{{else}}Zahlungserinnerung{{/if}}: Rechnung {{invoiceNumber}} ist {{overdueBy}}',
				`für Ihre Rechnung {{invoiceNumber}} über {{amountDue}}, fällig am {{dueDate}}, haben wir {{#if isPartiallyPaid}}noch immer nicht den vollständigen Betrag{{else}}noch immer keine Zahlung{{/if}} erhalten.{{#if partialNote}} {{partialNote}}{{/if}}

Wir wissen, dass im Alltag viel zu tun ist, doch dieser Betrag muss jetzt beglichen werden. Bitte bezahlen Sie in den nächsten Tagen oder teilen Sie uns mit, wann wir mit der Zahlung rechnen können. Falls mit der Rechnung etwas nicht stimmt, sagen Sie uns Bescheid, dann prüfen wir das sofort.

{{howToPay}}`,
			),
			sms: '{{companyName}}: Rechnung {{invoiceNumber}} ({{amountDue}}) ist {{overdueBy}}. Bitte in den nächsten Tagen bezahlen oder antworten: {{paymentLink}}',
		},
		escalating: {
			email: mail(
				'Dringend: Rechnung {{invoiceNumber}} ist {{overdueBy}}',
				`Ihre Rechnung {{invoiceNumber}} über {{amountDue}} ist nun {{overdueBy}}, und wir haben {{#if remindedBefore}}weder {{#if isPartiallyPaid}}den vollständigen Betrag{{else}}eine Zahlung{{/if}} noch eine Antwort auf unsere bisherigen Erinnerungen{{else}}{{#if isPartiallyPaid}}noch nicht den vollständigen Betrag{{else}}noch keine Zahlung{{/if}}{{/if}} erhalten.{{#if partialNote}} {{partialNote}}{{/if}}

Wir möchten das gern direkt mit Ihnen klären. Bitte bezahlen Sie jetzt oder melden Sie sich innerhalb der nächsten drei Werktage, um eine Lösung zu vereinbaren.

{{howToPay}}

{{contactLine}}`,
			),
			sms: '{{companyName}}: dringend. Rechnung {{invoiceNumber}} ({{amountDue}}) ist {{overdueBy}}. Bitte bezahlen oder binnen 3 Werktagen antworten: {{paymentLink}}',
		},
	},
	final_notice: {
		firm: {
			email: mail(
				'Letzte Mahnung: Rechnung {{invoiceNumber}}',
				`{{#if remindedBefore}}trotz unserer bisherigen Erinnerungen ist Ihre Rechnung{{else}}Ihre Rechnung{{/if}} {{invoiceNumber}}{{#if hasService}} ({{serviceName}}){{/if}} über {{amountDue}} (fällig am {{dueDate}}) {{#unless remindedBefore}}ist {{/unless}}weiterhin offen und nun {{overdueBy}}.{{#if partialNote}} {{partialNote}}{{/if}}

Dies ist unsere letzte Erinnerung. Wenn wir innerhalb von 7 Tagen weder eine Zahlung noch eine Nachricht von Ihnen erhalten, übergeben wir den Vorgang an unsere Finanzabteilung, und die Leistungen für Ihr Konto können pausiert werden.

{{howToPay}}

Wenn Sie gerade nicht zahlen können, antworten Sie bitte auf diese E-Mail. Eine gemeinsame Lösung ist uns deutlich lieber.`,
			),
			sms: '{{companyName}}: letzte Mahnung. Rechnung {{invoiceNumber}} ({{amountDue}}) ist {{overdueBy}}. Bitte binnen 7 Tagen bezahlen oder antworten: {{paymentLink}}',
		},
		escalating: {
			email: mail(
				'Letzte Mahnung vor Eskalation: Rechnung {{invoiceNumber}}',
				`Ihre Rechnung {{invoiceNumber}}{{#if hasService}} ({{serviceName}}){{/if}} über {{amountDue}}, fällig am {{dueDate}}, ist nun {{overdueBy}}. Wir haben {{#if remindedBefore}}weder {{#if isPartiallyPaid}}den vollständigen Betrag{{else}}eine Zahlung{{/if}} noch eine Antwort auf unsere Erinnerungen{{else}}{{#if isPartiallyPaid}}noch nicht den vollständigen Betrag{{else}}noch keine Zahlung{{/if}}{{/if}} erhalten.{{#if partialNote}} {{partialNote}}{{/if}}

Bitte begleichen Sie den vollen Betrag innerhalb von 7 Tagen. Andernfalls übergeben wir den Vorgang zur weiteren Bearbeitung an unsere Finanzabteilung, und die Leistungen für Ihr Konto können pausiert werden.

{{howToPay}}

Wenn Sie nicht den vollen Betrag zahlen können, antworten Sie uns heute, dann sprechen wir über eine Ratenzahlung.`,
			),
			sms: '{{companyName}}: LETZTE MAHNUNG. Rechnung {{invoiceNumber}} ({{amountDue}}) ist {{overdueBy}}. Bitte binnen 7 Tagen bezahlen: {{paymentLink}}',
		},
	},
	service_pause: {
		firm: {
			email: mail(
				'Ankündigung einer Leistungspause: Rechnung {{invoiceNumber}} ist {{overdueBy}}',
				`Ihre Rechnung {{invoiceNumber}}{{#if hasService}} ({{serviceName}}){{/if}} über {{amountDue}}, fällig am {{dueDate}}, ist nun {{overdueBy}}. {{#if remindedBefore}}Wir haben Sie bereits daran erinnert und {{#if isPartiallyPaid}}noch nicht den vollständigen Betrag{{else}}noch keine Zahlung{{/if}} erhalten.{{else}}Wir haben {{#if isPartiallyPaid}}noch nicht den vollständigen Betrag{{else}}noch keine Zahlung{{/if}} erhalten.{{/if}}{{#if partialNote}} {{partialNote}}{{/if}}

Wenn der Betrag nicht beglichen oder keine Ratenzahlung vereinbart wird, müssen wir die Leistungen für Ihr Konto pausieren.{{#if ccFinance}} Wir haben Ihre Finanzabteilung in Kopie gesetzt, damit diese Nachricht die richtige Person erreicht.{{/if}}

{{howToPay}}

Bitte bezahlen Sie jetzt oder antworten Sie auf diese E-Mail, damit wir die nächsten Schritte gemeinsam abstimmen können.`,
			),
			sms: '{{companyName}}: Rechnung {{invoiceNumber}} ({{amountDue}}) ist {{overdueBy}}. Ohne Zahlung kann Ihre Leistung pausiert werden: {{paymentLink}}',
		},
		escalating: {
			email: mail(
				'Ihre Leistung wird pausiert: Rechnung {{invoiceNumber}} ist {{overdueBy}}',
				`Ihre Rechnung {{invoiceNumber}}{{#if hasService}} ({{serviceName}}){{/if}} über {{amountDue}}, fällig am {{dueDate}}, ist nun {{overdueBy}}{{#if remindedBefore}}, und unsere Erinnerungen sind unbeantwortet geblieben{{/if}}.{{#if partialNote}} {{partialNote}}{{/if}}

Wir werden die Leistungen für Ihr Konto pausieren, wenn nicht innerhalb von 7 Tagen die Zahlung eingeht oder eine Ratenzahlung vereinbart wird.{{#if ccFinance}} Ihre Finanzabteilung erhält diese Nachricht in Kopie.{{/if}}

{{howToPay}}

Wenn Sie Ihre Leistung ohne Unterbrechung weiter nutzen möchten, bezahlen Sie bitte jetzt oder antworten Sie uns heute.`,
			),
			sms: '{{companyName}}: Rechnung {{invoiceNumber}} ({{amountDue}}) ist {{overdueBy}}. Ohne Zahlung binnen 7 Tagen pausieren wir Ihre Leistung: {{paymentLink}}',
		},
	},
	payment_partial: {
		friendly: {
			email: mail(
				'Vielen Dank für Ihre Zahlung zu Rechnung {{invoiceNumber}}',
				`vielen Dank! Wir haben Ihre Zahlung über {{paymentAmount}} für Rechnung {{invoiceNumber}} erhalten.

Der verbleibende Betrag beträgt {{amountDue}}.{{#if paymentLink}} Den Rest können Sie bezahlen, sobald es Ihnen passt:
{{paymentLink}}{{/if}}

{{contactLine}}`,
			),
			sms: '{{companyName}}: vielen Dank! Wir haben {{paymentAmount}} für Rechnung {{invoiceNumber}} erhalten. Offen: {{amountDue}}.{{#if paymentLink}} Rest bezahlen: {{paymentLink}}{{/if}}',
		},
	},
	payment_failed: {
		friendly: {
			email: mail(
				'Zahlung für Rechnung {{invoiceNumber}} nicht erfolgreich',
				`wir wollten {{paymentAmount}} für Rechnung {{invoiceNumber}}{{#if paymentDate}} am {{paymentDate}}{{/if}} einziehen, aber die Zahlung ist fehlgeschlagen, weil {{declineReason}}.

{{#if adviceUpdate}}Bitte aktualisieren Sie Ihre Zahlungsdaten, damit wir es erneut versuchen können:{{else}}{{#if adviceAuth}}Ihre Bank möchte, dass Sie diese Zahlung bestätigen. Das können Sie hier erledigen:{{else}}{{#if adviceBank}}Ihre Bank hat die Abbuchung abgelehnt. Ein kurzer Anruf bei Ihrer Bank klärt das meist, oder Sie bezahlen hier auf anderem Weg:{{else}}{{#if retryDate}}Wir versuchen es am {{retryDate}} erneut. Damit es klappt, können Sie Ihre Zahlungsdaten hier prüfen oder aktualisieren:{{else}}Sie können Ihre Zahlungsdaten hier prüfen oder auf anderem Weg bezahlen:{{/if}}{{/if}}{{/if}}{{/if}}
{{fixLink}}

So etwas kommt vor, und die Aktualisierung dauert nur eine Minute. {{contactLine}}`,
			),
			sms: '{{companyName}}: die Zahlung über {{paymentAmount}} für Rechnung {{invoiceNumber}} ist fehlgeschlagen. Bitte Zahlungsdaten aktualisieren: {{fixLink}}',
		},
	},
	payment_received: {
		friendly: {
			email: mail(
				'Zahlung zu Rechnung {{invoiceNumber}} erhalten, vielen Dank!',
				`vielen Dank! Wir haben Ihre Zahlung über {{paymentAmount}} für Rechnung {{invoiceNumber}}{{#if paymentDate}} am {{paymentDate}}{{/if}} erhalten.{{#if paidInFull}} Die Rechnung ist damit vollständig bezahlt, es ist nichts weiter zu tun.{{/if}}

Wir freuen uns auf die weitere Zusammenarbeit. {{contactLine}}`,
			),
			sms: '{{companyName}}: vielen Dank! Wir haben Ihre Zahlung über {{paymentAmount}} für Rechnung {{invoiceNumber}} erhalten.',
		},
	},
	payment_plan: {
		friendly: {
			email: mail(
				'Ihre Ratenzahlung für Rechnung {{invoiceNumber}}',
				`vielen Dank, dass wir eine Ratenzahlung für Rechnung {{invoiceNumber}} vereinbaren konnten. Hier ist der vereinbarte Zahlungsplan ({{planCount}} Raten{{#if planTotal}}, insgesamt {{planTotal}}{{/if}}):

{{planSchedule}}

Solange die Raten pünktlich eingehen, erhalten Sie zu dieser Rechnung keine Erinnerungen.

{{contactLine}}`,
			),
			sms: '{{companyName}}: Ihre Ratenzahlung für Rechnung {{invoiceNumber}} ist bestätigt: {{planCount}} Raten, erste am {{planFirstDate}}. Vielen Dank!',
		},
	},
	promise_confirmation: {
		friendly: {
			email: mail(
				'Danke, wir haben Ihren Zahlungstermin für Rechnung {{invoiceNumber}} notiert',
				`vielen Dank für Ihre Nachricht. Wir haben notiert, dass Sie{{#if promiseAmount}} {{promiseAmount}} für{{/if}} Rechnung {{invoiceNumber}} bis zum {{promiseDate}} bezahlen möchten.

Bis dahin haben wir die Erinnerungen zu dieser Rechnung angehalten.{{#if paymentLink}} Wenn es so weit ist, können Sie hier bezahlen:
{{paymentLink}}{{/if}}

{{contactLine}}`,
			),
			sms: '{{companyName}}: vielen Dank! Ihre Zahlung zu Rechnung {{invoiceNumber}} bis {{promiseDate}} ist notiert. Bis dahin keine Erinnerungen.',
		},
	},
	dispute_ack: {
		friendly: {
			email: mail(
				'Ihre Rückfrage zu Rechnung {{invoiceNumber}} ist bei uns eingegangen',
				`vielen Dank für Ihre Nachricht zu Rechnung {{invoiceNumber}}.{{#if hasDisputeReason}} Sie haben uns geschrieben: {{quote disputeReason}}{{/if}}

Wir haben alle Zahlungserinnerungen zu dieser Rechnung angehalten, während wir das prüfen{{#if reference}} (Vorgangsnummer {{reference}}){{/if}}. Wir melden uns so bald wie möglich bei Ihnen, in der Regel innerhalb weniger Werktage.

{{contactLine}}`,
			),
			sms: '{{companyName}}: Ihre Rückfrage zu Rechnung {{invoiceNumber}} ist eingegangen. Erinnerungen sind angehalten, bis wir sie geprüft haben. Wir melden uns.',
		},
	},
};
