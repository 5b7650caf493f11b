/**
 * French: phrases and customer-facing templates ("vous" throughout), in wording shared by France, Belgium,
 * Switzerland and Quebec: "répondez à ce message", not "cet e-mail" (Quebec writes "courriel"; "e-mail" reads as European there).
 */
import type { LanguagePack, Phrases } from './types';
import { mail } from './types';

const DECLINE: Record<string, string> = {
	insufficient_funds: 'le solde était insuffisant',
	expired_card: 'la carte a expiré',
	incorrect_cvc: 'le code de sécurité ne correspondait pas',
	invalid_cvc: 'le code de sécurité ne correspondait pas',
	incorrect_number: "le numéro de carte n'a pas été reconnu",
	invalid_number: "le numéro de carte n'a pas été reconnu",
	invalid_expiry_month: "la date d'expiration ne correspondait pas",
	invalid_expiry_year: "la date d'expiration ne correspondait pas",
	authentication_required: 'votre banque a demandé une vérification supplémentaire',
	card_velocity_exceeded: 'le plafond de la carte a été atteint',
	withdrawal_count_limit_exceeded: 'le plafond de la carte a été atteint',
	processing_error: 'un problème technique temporaire est survenu',
	network_error: 'un problème technique temporaire est survenu',
	try_again_later: 'un problème technique temporaire est survenu',
	lost_card: 'la carte ne peut plus être utilisée',
	stolen_card: 'la carte ne peut plus être utilisée',
	pickup_card: 'la carte ne peut plus être utilisée',
	restricted_card: 'la carte ne peut plus être utilisée',
	card_not_supported: 'la carte ne prend pas en charge ce type de paiement',
	temporary: 'un problème technique temporaire est survenu',
	issuer_declined: 'la banque a refusé le prélèvement',
	card_details: 'les données de la carte ne sont plus valables',
	card_unusable: 'la carte ne peut plus être utilisée',
	fraud_or_lost: 'la carte ne peut plus être utilisée',
	bank_account: "le compte bancaire n'a pas pu être débité",
	currency_not_supported: 'la carte ne prend pas en charge cette devise',
};

export const frPhrases: Phrases = {
	language: 'fr',
	greeting({ formality, salutation, firstName, lastName, fullName }) {
		if (formality === 'formal') {
			if (salutation && lastName) return `Bonjour ${salutation === 'ms' ? 'Madame' : 'Monsieur'} ${lastName},`;
			if (firstName && lastName) return `Bonjour ${firstName} ${lastName},`;
			if (firstName) return `Bonjour ${firstName},`;
			if (fullName) return `Bonjour ${fullName},`;
			return 'Madame, Monsieur,';
		}
		if (firstName) return `Bonjour ${firstName},`;
		if (fullName) return `Bonjour ${fullName},`;
		return 'Bonjour,';
	},
	closing(formality, tone) {
		if (formality === 'formal') return 'Cordialement,';
		return tone === 'friendly' ? 'Merci et bonne journée,' : 'Cordialement,';
	},
	team: 'Service comptabilité',
	fallback: {
		firstName: 'Madame, Monsieur',
		customerName: 'votre entreprise',
		accountOwner: 'votre chargé de compte',
		service: 'nos services',
		amount: 'le montant indiqué sur la facture',
		date: 'la date indiquée sur la facture',
		disputeReason: 'votre question concernant cette facture',
		dueRelative: 'prochainement',
	},
	overdueBy(days) {
		if (days === undefined || days <= 0) return 'en retard';
		return days === 1 ? 'en retard de 1 jour' : `en retard de ${days} jours`;
	},
	contactLine({ email, phone }) {
		if (phone && email) return `Pour toute question, répondez simplement à ce message, écrivez à ${email} ou appelez-nous au ${phone}.`;
		if (phone) return `Pour toute question, répondez simplement à ce message ou appelez-nous au ${phone}.`;
		if (email) return `Pour toute question, répondez simplement à ce message ou écrivez à ${email}.`;
		return 'Pour toute question, répondez simplement à ce message.';
	},
	otherContact({ email, phone }) {
		if (phone && email) return `Vous pouvez aussi écrire à ${email} ou nous appeler au ${phone}.`;
		if (phone) return `Vous pouvez aussi nous appeler au ${phone}.`;
		if (email) return `Vous pouvez aussi écrire à ${email}.`;
		return undefined;
	},
	partialNote({ paid, balance, total }) {
		return `Merci pour les ${paid} déjà réglés\u00a0; il reste ${balance} à régler sur ${total}.`;
	},
	howToPay(link, instructions) {
		if (link && instructions) return `Vous pouvez régler en ligne en toute sécurité ici\u00a0:\n${link}\n\nVous préférez payer par virement\u00a0?\n${instructions}`;
		if (link) return `Vous pouvez régler en ligne en toute sécurité ici\u00a0:\n${link}`;
		if (instructions) return `Nos coordonnées de paiement\u00a0:\n${instructions}`;
		return undefined;
	},
	payButton: 'Régler la facture',
	updateButton: 'Mettre à jour mon moyen de paiement',
	declineReason(code) {
		return (code && DECLINE[code]) || "l'émetteur de la carte a refusé le paiement";
	},
	stopHint: 'Répondez STOP pour ne plus recevoir de SMS.',
	unsubscribe(link, company) {
		const intro = `Vous recevez ce rappel de courtoisie car une facture est en attente de règlement chez ${company ?? 'nous'}.`;
		return link
			? `${intro} Vous ne souhaitez plus recevoir de rappels avant l'échéance\u00a0? Désinscription\u00a0: ${link}`
			: `${intro} Vous ne souhaitez plus recevoir de rappels avant l'échéance\u00a0? Répondez «\u00a0désinscription\u00a0» et nous les arrêterons.`;
	},
	planLine(date, amount) {
		return `- ${date}\u00a0: ${amount}`;
	},
	// No-break spaces inside the guillemets, as French typography has them (never a line break after «).
	quotes: ['«\u00a0', '\u00a0»'],
};

export const frPack: LanguagePack = {
	pre_due_7: {
		friendly: {
			email: mail(
				'À venir\u00a0: la facture {{invoiceNumber}} arrive à échéance {{dueRelative}}',
				`Petit rappel anticipé\u00a0: votre facture {{invoiceNumber}} d'un montant de {{amountDue}} arrive à échéance le {{dueDate}}.{{#if partialNote}} {{partialNote}}{{/if}}

{{howToPay}}

Si le paiement est déjà programmé, merci, et ne tenez pas compte de ce message. {{contactLine}}`,
			),
			sms: '{{companyName}}\u00a0: votre facture {{invoiceNumber}} de {{amountDue}} arrive à échéance le {{dueDate}}. Paiement en ligne\u00a0: {{paymentLink}}',
		},
		firm: {
			email: mail(
				'La facture {{invoiceNumber}} arrive à échéance le {{dueDate}}',
				`Nous vous rappelons que votre facture {{invoiceNumber}} d'un montant de {{amountDue}} arrive à échéance le {{dueDate}}. Merci de vous assurer que le paiement est programmé pour arriver à temps.{{#if partialNote}} {{partialNote}}{{/if}}

{{howToPay}}

{{contactLine}}`,
			),
			sms: '{{companyName}}\u00a0: la facture {{invoiceNumber}} de {{amountDue}} arrive à échéance le {{dueDate}}. Merci de programmer le paiement\u00a0: {{paymentLink}}',
		},
	},
	pre_due_3: {
		friendly: {
			email: mail(
				'Rappel\u00a0: la facture {{invoiceNumber}} arrive à échéance {{dueRelative}}',
				`Un petit rappel\u00a0: votre facture {{invoiceNumber}} d'un montant de {{amountDue}} arrive à échéance {{dueRelative}}, le {{dueDate}}.{{#if partialNote}} {{partialNote}}{{/if}}

{{howToPay}}

Déjà réglée\u00a0? Merci, vous n'avez rien d'autre à faire. {{contactLine}}`,
			),
			sms: '{{companyName}}\u00a0: rappel, la facture {{invoiceNumber}} ({{amountDue}}) arrive à échéance {{dueRelative}}, le {{dueDate}}. Payer\u00a0: {{paymentLink}}',
		},
		firm: {
			email: mail(
				'Rappel de paiement\u00a0: la facture {{invoiceNumber}} arrive à échéance le {{dueDate}}',
				`Votre facture {{invoiceNumber}} d'un montant de {{amountDue}} arrive à échéance {{dueRelative}}, le {{dueDate}}. Pour éviter tout retard, merci d'effectuer le paiement d'ici là.{{#if partialNote}} {{partialNote}}{{/if}}

{{howToPay}}

{{contactLine}}`,
			),
			sms: "{{companyName}}\u00a0: la facture {{invoiceNumber}} ({{amountDue}}) arrive à échéance le {{dueDate}}. Merci de payer d'ici là\u00a0: {{paymentLink}}",
		},
	},
	pre_due_1: {
		friendly: {
			email: mail(
				'La facture {{invoiceNumber}} arrive à échéance {{dueRelative}}',
				`Un court rappel\u00a0: votre facture {{invoiceNumber}} d'un montant de {{amountDue}} arrive à échéance {{dueRelative}} ({{dueDate}}).{{#if partialNote}} {{partialNote}}{{/if}}

{{howToPay}}

Si vous avez déjà effectué le paiement, merci beaucoup\u00a0! {{contactLine}}`,
			),
			sms: '{{companyName}}\u00a0: la facture {{invoiceNumber}} ({{amountDue}}) arrive à échéance {{dueRelative}}. Déjà payée\u00a0? Merci\u00a0! Sinon\u00a0: {{paymentLink}}',
		},
		firm: {
			email: mail(
				'Échéance {{dueRelative}}\u00a0: facture {{invoiceNumber}}',
				`Votre facture {{invoiceNumber}} d'un montant de {{amountDue}} arrive à échéance {{dueRelative}} ({{dueDate}}). Merci de veiller à ce que le paiement soit effectué d'ici là.{{#if partialNote}} {{partialNote}}{{/if}}

{{howToPay}}

{{contactLine}}`,
			),
			sms: "{{companyName}}\u00a0: la facture {{invoiceNumber}} ({{amountDue}}) arrive à échéance {{dueRelative}}. Merci de payer à temps\u00a0: {{paymentLink}}",
		},
	},
	due_today: {
		friendly: {
			email: mail(
				'La facture {{invoiceNumber}} arrive à échéance {{dueRelative}}',
				`Votre facture {{invoiceNumber}} d'un montant de {{amountDue}} arrive à échéance {{dueRelative}} ({{dueDate}}).{{#if partialNote}} {{partialNote}}{{/if}}

{{howToPay}}

Si le paiement est déjà en route, merci, vous n'avez rien d'autre à faire. {{contactLine}}`,
			),
			sms: '{{companyName}}\u00a0: la facture {{invoiceNumber}} de {{amountDue}} arrive à échéance {{dueRelative}}. Déjà en route\u00a0? Merci\u00a0! Payer\u00a0: {{paymentLink}}',
		},
		firm: {
			email: mail(
				'Paiement attendu {{dueRelative}}\u00a0: facture {{invoiceNumber}}',
				`Votre facture {{invoiceNumber}} d'un montant de {{amountDue}} arrive à échéance {{dueRelative}} ({{dueDate}}). Merci d'effectuer le paiement dès maintenant afin que votre compte reste à jour.{{#if partialNote}} {{partialNote}}{{/if}}

{{howToPay}}

{{contactLine}}`,
			),
			sms: '{{companyName}}\u00a0: la facture {{invoiceNumber}} ({{amountDue}}) arrive à échéance {{dueRelative}}. Merci de payer dès maintenant\u00a0: {{paymentLink}}',
		},
	},
	overdue_1: {
		friendly: {
			email: mail(
				'La facture {{invoiceNumber}} est arrivée à échéance',
				`Nous n'avons pas encore reçu le paiement{{#if isPartiallyPaid}} intégral{{/if}} de votre facture {{invoiceNumber}} d'un montant de {{amountDue}}, arrivée à échéance le {{dueDate}}. Ce genre de chose arrive facilement, ceci n'est donc qu'un petit rappel.{{#if partialNote}} {{partialNote}}{{/if}}

{{howToPay}}

Si vous avez déjà payé, merci, et ne tenez pas compte de ce message. {{contactLine}}`,
			),
			sms: '{{companyName}}\u00a0: la facture {{invoiceNumber}} ({{amountDue}}) était due le {{dueDate}}. Déjà payée\u00a0? Merci\u00a0! Sinon\u00a0: {{paymentLink}}',
		},
		firm: {
			email: mail(
				'Facture {{invoiceNumber}} en retard de paiement',
				`Votre facture {{invoiceNumber}} d'un montant de {{amountDue}} était due le {{dueDate}} et est maintenant {{overdueBy}}. Merci d'effectuer le paiement dans les meilleurs délais.{{#if partialNote}} {{partialNote}}{{/if}}

{{howToPay}}

Si la facture pose un problème, répondez à ce message et nous nous en occuperons immédiatement.`,
			),
			sms: '{{companyName}}\u00a0: la facture {{invoiceNumber}} ({{amountDue}}) est {{overdueBy}}. Merci de payer dès maintenant\u00a0: {{paymentLink}}',
		},
		escalating: {
			email: mail(
				'Action requise\u00a0: la facture {{invoiceNumber}} est en retard',
				`Votre facture {{invoiceNumber}} d'un montant de {{amountDue}} était due le {{dueDate}} et {{#if isPartiallyPaid}}n'est pas encore entièrement réglée{{else}}reste impayée{{/if}}. Merci de la régler aujourd'hui, ou de nous indiquer aujourd'hui quand nous pouvons attendre le paiement.{{#if partialNote}} {{partialNote}}{{/if}}

{{howToPay}}

{{contactLine}}`,
			),
			sms: "{{companyName}}\u00a0: action requise. La facture {{invoiceNumber}} ({{amountDue}}) est {{overdueBy}}. Merci de payer aujourd'hui\u00a0: {{paymentLink}}",
		},
	},
	overdue_7: {
		friendly: {
			email: mail(
				'Pouvons-nous vous aider pour la facture {{invoiceNumber}}\u00a0?',
				`Votre facture {{invoiceNumber}} d'un montant de {{amountDue}} était due le {{dueDate}} et est maintenant {{overdueBy}}. Si quelque chose bloque le paiement, nous serions heureux de vous aider.{{#if partialNote}} {{partialNote}}{{/if}}

Le montant vous semble incorrect, vous avez besoin d'une copie de la facture, ou un paiement en plusieurs fois vous faciliterait la tâche\u00a0? Répondez simplement à ce message et nous trouverons une solution ensemble.

{{howToPay}}

{{otherContact}}`,
			),
			sms: "{{companyName}}\u00a0: la facture {{invoiceNumber}} ({{amountDue}}) est {{overdueBy}}. Besoin d'aide ou de temps\u00a0? Répondez-nous. Payer\u00a0: {{paymentLink}}",
		},
		firm: {
			email: mail(
				'La facture {{invoiceNumber}} est {{overdueBy}}',
				`Votre facture {{invoiceNumber}} d'un montant de {{amountDue}}, due le {{dueDate}}, {{#if isPartiallyPaid}}n'est pas encore entièrement réglée{{else}}reste impayée{{/if}}. Merci d'effectuer le paiement cette semaine.{{#if partialNote}} {{partialNote}}{{/if}}

Si la facture pose un problème ou si vous souhaitez discuter d'un échéancier, répondez à ce message et nous trouverons une solution avec vous.

{{howToPay}}`,
			),
			sms: '{{companyName}}\u00a0: la facture {{invoiceNumber}} ({{amountDue}}) est {{overdueBy}}. Merci de payer cette semaine ou de nous répondre\u00a0: {{paymentLink}}',
		},
		escalating: {
			email: mail(
				'Paiement requis dès maintenant\u00a0: facture {{invoiceNumber}}',
				`Votre facture {{invoiceNumber}} d'un montant de {{amountDue}} est maintenant {{overdueBy}}{{#if remindedBefore}}, et nous n'avons pas eu de nouvelles de votre part{{/if}}. Merci de régler le montant dû dès maintenant, ou de nous répondre aujourd'hui afin que nous convenions d'une solution.{{#if partialNote}} {{partialNote}}{{/if}}

{{howToPay}}

{{otherContact}}`,
			),
			sms: "{{companyName}}\u00a0: la facture {{invoiceNumber}} ({{amountDue}}) est {{overdueBy}}. Merci de payer ou de répondre aujourd'hui\u00a0: {{paymentLink}}",
		},
	},
	overdue_14: {
		friendly: {
			email: mail(
				'Facture {{invoiceNumber}}\u00a0: trouvons une solution ensemble',
				`Votre facture {{invoiceNumber}} d'un montant de {{amountDue}} était due le {{dueDate}} et est maintenant {{overdueBy}}.{{#if partialNote}} {{partialNote}}{{/if}}

Nous savons que la trésorerie peut parfois être tendue. Si régler la totalité du montant est difficile pour le moment, répondez à ce message et nous conviendrons d'un échéancier adapté à votre situation.

{{howToPay}}

{{otherContact}}`,
			),
			sms: "{{companyName}}\u00a0: la facture {{invoiceNumber}} ({{amountDue}}) est {{overdueBy}}. Difficile en ce moment\u00a0? Répondez, nous trouverons une solution. {{paymentLink}}",
		},
		firm: {
			email: mail(
				'{{#if remindedBefore}}Deuxième rappel{{else}}Rappel de paiement{{/if}}\u00a0: la facture {{invoiceNumber}} est {{overdueBy}}',
				`Nous n'avons toujours pas reçu le paiement{{#if isPartiallyPaid}} intégral{{/if}} de votre facture {{invoiceNumber}} d'un montant de {{amountDue}}, due le {{dueDate}}.{{#if partialNote}} {{partialNote}}{{/if}}

Nous savons que le quotidien est chargé, mais ce montant doit maintenant être réglé. Merci de payer dans les prochains jours, ou de nous indiquer quand nous pouvons attendre le paiement. Si la facture comporte une erreur, dites-le-nous et nous vérifierons immédiatement.

{{howToPay}}`,
			),
			sms: '{{companyName}}\u00a0: la facture {{invoiceNumber}} ({{amountDue}}) est {{overdueBy}}. Merci de payer sous quelques jours ou de répondre\u00a0: {{paymentLink}}',
		},
		escalating: {
			email: mail(
				'Urgent\u00a0: la facture {{invoiceNumber}} est {{overdueBy}}',
				`Votre facture {{invoiceNumber}} d'un montant de {{amountDue}} est maintenant {{overdueBy}}{{#if remindedBefore}}, et nous n'avons reçu ni {{#if isPartiallyPaid}}le paiement intégral{{else}}paiement{{/if}} ni réponse à nos précédents rappels{{else}}, et nous n'avons pas encore reçu {{#if isPartiallyPaid}}le paiement intégral{{else}}de paiement{{/if}}{{/if}}.{{#if partialNote}} {{partialNote}}{{/if}}

Nous souhaitons régler cette situation directement avec vous. Merci de payer dès maintenant, ou de nous contacter dans les trois prochains jours ouvrés pour convenir d'une solution.

{{howToPay}}

{{contactLine}}`,
			),
			sms: '{{companyName}}\u00a0: urgent. La facture {{invoiceNumber}} ({{amountDue}}) est {{overdueBy}}. Payez ou répondez sous 3 jours ouvrés\u00a0: {{paymentLink}}',
		},
	},
	final_notice: {
		firm: {
			email: mail(
				'Dernier rappel\u00a0: facture {{invoiceNumber}}',
				`{{#if remindedBefore}}Malgré nos précédents rappels, votre{{else}}Votre{{/if}} facture {{invoiceNumber}}{{#if hasService}} ({{serviceName}}){{/if}} d'un montant de {{amountDue}} (due le {{dueDate}}) {{#if isPartiallyPaid}}n'est toujours pas entièrement réglée{{else}}reste impayée{{/if}} et est maintenant {{overdueBy}}.{{#if partialNote}} {{partialNote}}{{/if}}

Ceci est notre dernier rappel. Sans paiement ni nouvelles de votre part sous 7 jours, le dossier sera transmis à notre service financier et les services de votre compte pourront être suspendus.

{{howToPay}}

Si vous ne pouvez pas payer pour le moment, répondez à ce message. Nous préférons de loin trouver une solution avec vous.`,
			),
			sms: '{{companyName}}\u00a0: dernier rappel. La facture {{invoiceNumber}} ({{amountDue}}) est {{overdueBy}}. Payez sous 7 jours ou répondez\u00a0: {{paymentLink}}',
		},
		escalating: {
			email: mail(
				'Dernier rappel avant escalade\u00a0: facture {{invoiceNumber}}',
				`Votre facture {{invoiceNumber}}{{#if hasService}} ({{serviceName}}){{/if}} d'un montant de {{amountDue}}, due le {{dueDate}}, est maintenant {{overdueBy}}. {{#if remindedBefore}}Nous n'avons reçu ni {{#if isPartiallyPaid}}le paiement intégral{{else}}paiement{{/if}} ni réponse à nos rappels.{{else}}Nous n'avons pas encore reçu {{#if isPartiallyPaid}}le paiement intégral{{else}}de paiement{{/if}}.{{/if}}{{#if partialNote}} {{partialNote}}{{/if}}

Merci de régler la totalité du montant sous 7 jours. À défaut, le dossier sera transmis à notre service financier pour suite à donner, et les services de votre compte pourront être suspendus.

{{howToPay}}

Si vous ne pouvez pas payer la totalité, répondez-nous aujourd'hui et nous étudierons un échéancier.`,
			),
			sms: "{{companyName}}\u00a0: DERNIER RAPPEL. La facture {{invoiceNumber}} ({{amountDue}}) est {{overdueBy}}. Payez sous 7 jours pour éviter l'escalade\u00a0: {{paymentLink}}",
		},
	},
	service_pause: {
		firm: {
			email: mail(
				'Avis de suspension de service\u00a0: la facture {{invoiceNumber}} est {{overdueBy}}',
				`Votre facture {{invoiceNumber}}{{#if hasService}} ({{serviceName}}){{/if}} d'un montant de {{amountDue}}, due le {{dueDate}}, est maintenant {{overdueBy}}. {{#if remindedBefore}}Nous vous avons déjà relancé et n'avons pas encore reçu le paiement{{#if isPartiallyPaid}} intégral{{/if}}.{{else}}Nous n'avons pas encore reçu le paiement{{#if isPartiallyPaid}} intégral{{/if}}.{{/if}}{{#if partialNote}} {{partialNote}}{{/if}}

Sans règlement du solde ou accord sur un échéancier, nous devrons suspendre les services de votre compte.{{#if ccFinance}} Nous avons mis votre service financier en copie afin que ce message parvienne à la bonne personne.{{/if}}

{{howToPay}}

Merci de payer dès maintenant, ou de répondre à ce message afin que nous convenions ensemble des prochaines étapes.`,
			),
			sms: '{{companyName}}\u00a0: la facture {{invoiceNumber}} ({{amountDue}}) est {{overdueBy}}. Sans paiement, votre service pourra être suspendu\u00a0: {{paymentLink}}',
		},
		escalating: {
			email: mail(
				'Votre service sera suspendu\u00a0: la facture {{invoiceNumber}} est {{overdueBy}}',
				`Votre facture {{invoiceNumber}}{{#if hasService}} ({{serviceName}}){{/if}} d'un montant de {{amountDue}}, due le {{dueDate}}, est maintenant {{overdueBy}}{{#if remindedBefore}}, et nos rappels sont restés sans réponse{{/if}}.{{#if partialNote}} {{partialNote}}{{/if}}

Nous suspendrons les services de votre compte si le paiement n'est pas reçu ou si aucun échéancier n'est convenu sous 7 jours.{{#if ccFinance}} Votre service financier reçoit ce message en copie.{{/if}}

{{howToPay}}

Si vous souhaitez continuer à utiliser votre service sans interruption, merci de payer dès maintenant ou de nous répondre aujourd'hui.`,
			),
			sms: '{{companyName}}\u00a0: la facture {{invoiceNumber}} ({{amountDue}}) est {{overdueBy}}. Sans paiement sous 7 jours, votre service sera suspendu\u00a0: {{paymentLink}}',
		},
	},
	payment_partial: {
		friendly: {
			email: mail(
				'Merci pour votre paiement sur la facture {{invoiceNumber}}',
				`Merci\u00a0! Nous avons bien reçu votre paiement de {{paymentAmount}} pour la facture {{invoiceNumber}}.

Le solde restant est de {{amountDue}}.{{#if paymentLink}} Vous pouvez régler le reste quand vous le souhaitez\u00a0:
{{paymentLink}}{{/if}}

{{contactLine}}`,
			),
			sms: '{{companyName}}\u00a0: merci\u00a0! Nous avons reçu {{paymentAmount}} pour la facture {{invoiceNumber}}. Solde restant\u00a0: {{amountDue}}.{{#if paymentLink}} Régler le reste\u00a0: {{paymentLink}}{{/if}}',
		},
	},
	payment_failed: {
		friendly: {
			email: mail(
				"Le paiement de la facture {{invoiceNumber}} n'a pas abouti",
				`Nous avons tenté de prélever {{paymentAmount}} pour la facture {{invoiceNumber}}{{#if paymentDate}} le {{paymentDate}}{{/if}}, mais le paiement n'a pas abouti car {{declineReason}}.

{{#if adviceUpdate}}Merci de mettre à jour votre moyen de paiement afin que nous puissions réessayer\u00a0:{{else}}{{#if adviceAuth}}Votre banque vous demande de confirmer ce paiement. Vous pouvez le faire ici\u00a0:{{else}}{{#if adviceBank}}Votre banque a refusé le prélèvement. Un simple appel à votre banque règle généralement le problème, ou vous pouvez payer autrement ici\u00a0:{{else}}{{#if retryDate}}Nous réessaierons le {{retryDate}}. Pour que le paiement aboutisse, vous pouvez vérifier ou mettre à jour votre moyen de paiement ici\u00a0:{{else}}Vous pouvez vérifier votre moyen de paiement, ou payer autrement, ici\u00a0:{{/if}}{{/if}}{{/if}}{{/if}}
{{fixLink}}

Cela arrive de temps en temps, et la mise à jour ne prend qu'une minute. {{contactLine}}`,
			),
			sms: "{{companyName}}\u00a0: le paiement de {{paymentAmount}} pour la facture {{invoiceNumber}} n'a pas abouti. Merci de mettre à jour votre moyen de paiement\u00a0: {{fixLink}}",
		},
	},
	payment_received: {
		friendly: {
			email: mail(
				'Paiement reçu pour la facture {{invoiceNumber}}, merci\u00a0!',
				`Merci\u00a0! Nous avons bien reçu votre paiement de {{paymentAmount}} pour la facture {{invoiceNumber}}{{#if paymentDate}} le {{paymentDate}}{{/if}}.{{#if paidInFull}} La facture est désormais entièrement réglée, vous n'avez rien d'autre à faire.{{/if}}

Au plaisir de continuer à travailler avec vous. {{contactLine}}`,
			),
			sms: '{{companyName}}\u00a0: merci\u00a0! Nous avons bien reçu votre paiement de {{paymentAmount}} pour la facture {{invoiceNumber}}.',
		},
	},
	payment_plan: {
		friendly: {
			email: mail(
				'Votre échéancier pour la facture {{invoiceNumber}}',
				`Merci d'avoir convenu d'un échéancier pour la facture {{invoiceNumber}}. Voici le calendrier convenu ({{planCount}} échéances{{#if planTotal}}, {{planTotal}} au total{{/if}})\u00a0:

{{planSchedule}}

Tant que les paiements arrivent à temps, vous ne recevrez aucun rappel pour cette facture.

{{contactLine}}`,
			),
			sms: '{{companyName}}\u00a0: votre échéancier pour la facture {{invoiceNumber}} est confirmé\u00a0: {{planCount}} échéances, la première le {{planFirstDate}}. Merci\u00a0!',
		},
	},
	promise_confirmation: {
		friendly: {
			email: mail(
				'Merci, nous avons noté votre date de paiement pour la facture {{invoiceNumber}}',
				`Merci de nous avoir prévenus. Nous avons noté que vous prévoyez de régler{{#if promiseAmount}} {{promiseAmount}} sur{{/if}} la facture {{invoiceNumber}} d'ici le {{promiseDate}}.

Nous avons suspendu les rappels pour cette facture jusque-là.{{#if paymentLink}} Le moment venu, vous pouvez payer ici\u00a0:
{{paymentLink}}{{/if}}

{{contactLine}}`,
			),
			sms: "{{companyName}}\u00a0: merci\u00a0! Votre paiement de la facture {{invoiceNumber}} d'ici le {{promiseDate}} est bien noté. Pas de rappel d'ici là.",
		},
	},
	dispute_ack: {
		friendly: {
			email: mail(
				'Nous avons bien reçu votre demande concernant la facture {{invoiceNumber}}',
				`Merci de nous avoir contactés au sujet de la facture {{invoiceNumber}}.{{#if hasDisputeReason}} Vous nous avez écrit\u00a0: {{quote disputeReason}}{{/if}}

Nous avons suspendu tous les rappels de paiement pour cette facture le temps de l'examiner{{#if reference}} (référence {{reference}}){{/if}}. Nous reviendrons vers vous dès que possible, en général sous quelques jours ouvrés.

{{contactLine}}`,
			),
			sms: '{{companyName}}\u00a0: nous avons bien reçu votre demande concernant la facture {{invoiceNumber}}. Les rappels sont suspendus pendant notre examen. À bientôt.',
		},
	},
};
