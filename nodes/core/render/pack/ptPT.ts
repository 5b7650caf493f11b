/**
 * European Portuguese (pt-PT): phrases and customer-facing templates for customers in Portugal. The Brazilian
 * pack (pt.ts) writes "você", "sua fatura", "equipe", "parcelamento" and gerunds ("estamos processando"), which
 * read as foreign, and "você" as curt, to a customer in Lisbon. Here: no "você" (third person, "consigo"), the
 * article before the possessive ("a sua fatura"), "a {{dueDate}}" for dates, "em atraso", "prestações",
 * "contacto", "equipa de faturação", "Exmo. Sr." / "Exma. Sra." when formal, and the past tense with the
 * accent ("enviámos", "registámos").
 */
import { PT_DECLINE, ptPhrases } from './pt';
import type { LanguagePack, Phrases } from './types';
import { mail } from './types';

/** The Brazilian reasons, with the ones worded differently in Portugal. */
const DECLINE: Record<string, string> = {
	...PT_DECLINE,
	expired_card: 'o cartão está expirado',
	incorrect_cvc: 'o código de segurança não estava correto',
	invalid_cvc: 'o código de segurança não estava correto',
	invalid_expiry_month: 'a data de validade não estava correta',
	invalid_expiry_year: 'a data de validade não estava correta',
	lost_card: 'o cartão já não pode ser utilizado',
	stolen_card: 'o cartão já não pode ser utilizado',
	pickup_card: 'o cartão já não pode ser utilizado',
	restricted_card: 'o cartão já não pode ser utilizado',
	card_details: 'os dados do cartão já não são válidos',
	card_unusable: 'o cartão já não pode ser utilizado',
	fraud_or_lost: 'o cartão já não pode ser utilizado',
};

export const ptPTPhrases: Phrases = {
	language: 'pt-PT',
	greeting(input) {
		// Formal with a salutation, or with no name at all, differs from Brazil; "Olá, <name>," does not.
		const { formality, salutation, firstName, lastName, fullName } = input;
		if (formality === 'formal') {
			if (salutation && lastName) return salutation === 'ms' ? `Exma. Sra. ${lastName},` : `Exmo. Sr. ${lastName},`;
			if (!firstName && !fullName) return 'Exmos. Senhores,';
		}
		return ptPhrases.greeting(input);
	},
	closing(formality, tone) {
		if (formality === 'formal') return 'Com os melhores cumprimentos,';
		return tone === 'friendly' ? 'Cumprimentos,' : 'Atentamente,';
	},
	team: 'Equipa de faturação',
	fallback: {
		firstName: 'caro cliente',
		customerName: 'a sua empresa',
		accountOwner: 'o seu gestor de conta',
		service: 'os nossos serviços',
		amount: 'o valor indicado na fatura',
		date: 'a data indicada na fatura',
		disputeReason: 'a sua questão sobre esta fatura',
		dueRelative: 'em breve',
	},
	overdueBy(days) {
		if (days === undefined || days <= 0) return 'em atraso';
		return days === 1 ? 'em atraso há 1 dia' : `em atraso há ${days} dias`;
	},
	contactLine({ email, phone }) {
		if (phone && email) return `Se tiver alguma questão, responda a este e-mail, escreva para ${email} ou ligue para o ${phone}.`;
		if (phone) return `Se tiver alguma questão, basta responder a este e-mail ou ligar para o ${phone}.`;
		if (email) return `Se tiver alguma questão, basta responder a este e-mail ou escrever para ${email}.`;
		return 'Se tiver alguma questão, basta responder a este e-mail.';
	},
	otherContact({ email, phone }) {
		if (phone && email) return `Também pode escrever para ${email} ou ligar para o ${phone}.`;
		if (phone) return `Também pode ligar para o ${phone}.`;
		if (email) return `Também pode escrever para ${email}.`;
		return undefined;
	},
	partialNote({ paid, balance, total }) {
		return `Obrigado pelos ${paid} já pagos; do total de ${total}, falta ainda pagar ${balance}.`;
	},
	howToPay(link, instructions) {
		if (link && instructions) return `Pode pagar online, em segurança, aqui:\n${link}\n\nPrefere pagar por transferência bancária?\n${instructions}`;
		if (link) return `Pode pagar online, em segurança, aqui:\n${link}`;
		if (instructions) return `Os nossos dados para pagamento:\n${instructions}`;
		return undefined;
	},
	payButton: ptPhrases.payButton,
	updateButton: ptPhrases.updateButton,
	declineReason(code) {
		return (code && DECLINE[code]) || 'o emissor do cartão recusou o pagamento';
	},
	stopHint: 'Responda STOP para deixar de receber mensagens.',
	unsubscribe(link, company) {
		const intro = `Recebe este lembrete de cortesia porque tem uma fatura em aberto ${company ? `emitida por ${company}` : 'connosco'}.`;
		return link
			? `${intro} Prefere não receber lembretes antes do vencimento? Cancelar a receção: ${link}`
			: `${intro} Prefere não receber lembretes antes do vencimento? Responda «cancelar» e deixaremos de os enviar.`;
	},
	planLine: ptPhrases.planLine,
	// Portugal quotes with guillemets (aspas angulares).
	quotes: ['«', '»'],
};

export const ptPTPack: LanguagePack = {
	pre_due_7: {
		friendly: {
			email: mail(
				'Vencimento próximo: a fatura {{invoiceNumber}} vence {{dueRelative}}',
				`Um aviso antecipado: a sua fatura {{invoiceNumber}}, no valor de {{amountDue}}, vence a {{dueDate}}.{{#if partialNote}} {{partialNote}}{{/if}}

{{howToPay}}

Se o pagamento já estiver agendado, muito obrigado, e ignore esta mensagem. {{contactLine}}`,
			),
			sms: '{{companyName}}: lembramos que a fatura {{invoiceNumber}} de {{amountDue}} vence a {{dueDate}}. Pague online: {{paymentLink}}',
		},
		firm: {
			email: mail(
				'A fatura {{invoiceNumber}} vence a {{dueDate}}',
				`Lembramos que a sua fatura {{invoiceNumber}}, no valor de {{amountDue}}, vence a {{dueDate}}. Confirme que o pagamento está agendado para chegar a tempo.{{#if partialNote}} {{partialNote}}{{/if}}

{{howToPay}}

{{contactLine}}`,
			),
			sms: '{{companyName}}: a fatura {{invoiceNumber}} de {{amountDue}} vence a {{dueDate}}. Agende o pagamento: {{paymentLink}}',
		},
	},
	pre_due_3: {
		friendly: {
			email: mail(
				'Lembrete: a fatura {{invoiceNumber}} vence {{dueRelative}}',
				`Apenas um lembrete: a sua fatura {{invoiceNumber}}, no valor de {{amountDue}}, vence {{dueRelative}}, a {{dueDate}}.{{#if partialNote}} {{partialNote}}{{/if}}

{{howToPay}}

Já pagou? Muito obrigado, não precisa de fazer mais nada. {{contactLine}}`,
			),
			sms: '{{companyName}}: lembrete, a fatura {{invoiceNumber}} ({{amountDue}}) vence {{dueRelative}}, a {{dueDate}}. Pagar: {{paymentLink}}',
		},
		firm: {
			email: mail(
				'Lembrete de pagamento: a fatura {{invoiceNumber}} vence a {{dueDate}}',
				`A sua fatura {{invoiceNumber}}, no valor de {{amountDue}}, vence {{dueRelative}}, a {{dueDate}}. Para que não fique em atraso, efetue o pagamento até essa data.{{#if partialNote}} {{partialNote}}{{/if}}

{{howToPay}}

{{contactLine}}`,
			),
			sms: '{{companyName}}: a fatura {{invoiceNumber}} ({{amountDue}}) vence a {{dueDate}}. Pague até essa data: {{paymentLink}}',
		},
	},
	pre_due_1: {
		friendly: {
			email: mail(
				'A fatura {{invoiceNumber}} vence {{dueRelative}}',
				`Um lembrete rápido: a sua fatura {{invoiceNumber}}, no valor de {{amountDue}}, vence {{dueRelative}} ({{dueDate}}).{{#if partialNote}} {{partialNote}}{{/if}}

{{howToPay}}

Se já efetuou o pagamento, muito obrigado! {{contactLine}}`,
			),
			sms: '{{companyName}}: a fatura {{invoiceNumber}} ({{amountDue}}) vence {{dueRelative}}. Já pagou? Obrigado! Caso contrário: {{paymentLink}}',
		},
		firm: {
			email: mail(
				'Vence {{dueRelative}}: fatura {{invoiceNumber}}',
				`A sua fatura {{invoiceNumber}}, no valor de {{amountDue}}, vence {{dueRelative}} ({{dueDate}}). Certifique-se de que o pagamento é efetuado até essa data.{{#if partialNote}} {{partialNote}}{{/if}}

{{howToPay}}

{{contactLine}}`,
			),
			sms: '{{companyName}}: a fatura {{invoiceNumber}} ({{amountDue}}) vence {{dueRelative}}. Pague dentro do prazo: {{paymentLink}}',
		},
	},
	due_today: {
		friendly: {
			email: mail(
				'A fatura {{invoiceNumber}} vence {{dueRelative}}',
				`A sua fatura {{invoiceNumber}}, no valor de {{amountDue}}, vence {{dueRelative}} ({{dueDate}}).{{#if partialNote}} {{partialNote}}{{/if}}

{{howToPay}}

Se o pagamento já estiver a caminho, muito obrigado, não precisa de fazer mais nada. {{contactLine}}`,
			),
			sms: '{{companyName}}: a fatura {{invoiceNumber}} de {{amountDue}} vence {{dueRelative}}. Já está a caminho? Obrigado! Pagar: {{paymentLink}}',
		},
		firm: {
			email: mail(
				'Pagamento com vencimento {{dueRelative}}: fatura {{invoiceNumber}}',
				`A sua fatura {{invoiceNumber}}, no valor de {{amountDue}}, vence {{dueRelative}} ({{dueDate}}). Efetue o pagamento agora para manter a sua conta em dia.{{#if partialNote}} {{partialNote}}{{/if}}

{{howToPay}}

{{contactLine}}`,
			),
			sms: '{{companyName}}: a fatura {{invoiceNumber}} ({{amountDue}}) vence {{dueRelative}}. Pague agora: {{paymentLink}}',
		},
	},
	overdue_1: {
		friendly: {
			email: mail(
				'A fatura {{invoiceNumber}} está em atraso',
				`Ainda não recebemos o pagamento{{#if isPartiallyPaid}} integral{{/if}} da sua fatura {{invoiceNumber}}, no valor de {{amountDue}}, que venceu a {{dueDate}}. Sabemos que estas coisas às vezes escapam, por isso este é apenas um lembrete amigável.{{#if partialNote}} {{partialNote}}{{/if}}

{{howToPay}}

Se já pagou, muito obrigado, e ignore esta mensagem. {{contactLine}}`,
			),
			sms: '{{companyName}}: a fatura {{invoiceNumber}} ({{amountDue}}) venceu a {{dueDate}}. Já pagou? Obrigado! Caso contrário: {{paymentLink}}',
		},
		firm: {
			email: mail(
				'Fatura em atraso: {{invoiceNumber}}',
				`A sua fatura {{invoiceNumber}}, no valor de {{amountDue}}, venceu a {{dueDate}} e está {{overdueBy}}. Pedimos que efetue o pagamento com a maior brevidade possível.{{#if partialNote}} {{partialNote}}{{/if}}

{{howToPay}}

Se houver algum problema com a fatura, responda a este e-mail e verificaremos de imediato.`,
			),
			sms: '{{companyName}}: a fatura {{invoiceNumber}} ({{amountDue}}) está {{overdueBy}}. Pague agora: {{paymentLink}}',
		},
		escalating: {
			email: mail(
				'Ação necessária: a fatura {{invoiceNumber}} está em atraso',
				`A sua fatura {{invoiceNumber}}, no valor de {{amountDue}}, venceu a {{dueDate}} e {{#if isPartiallyPaid}}ainda não está totalmente paga{{else}}continua por pagar{{/if}}. Pedimos que a pague hoje ou que nos informe ainda hoje quando podemos contar com o pagamento.{{#if partialNote}} {{partialNote}}{{/if}}

{{howToPay}}

{{contactLine}}`,
			),
			sms: '{{companyName}}: ação necessária. A fatura {{invoiceNumber}} ({{amountDue}}) está {{overdueBy}}. Pague hoje: {{paymentLink}}',
		},
	},
	overdue_7: {
		friendly: {
			email: mail(
				'Podemos ajudar com a fatura {{invoiceNumber}}?',
				`A sua fatura {{invoiceNumber}}, no valor de {{amountDue}}, venceu a {{dueDate}} e está {{overdueBy}}. Se algo está a atrasar o pagamento, gostaríamos de ajudar.{{#if partialNote}} {{partialNote}}{{/if}}

O valor não está correto, precisa de uma segunda via da fatura ou seria mais fácil pagar em prestações? Responda a este e-mail e resolvemos a questão em conjunto.

{{howToPay}}

{{otherContact}}`,
			),
			sms: '{{companyName}}: a fatura {{invoiceNumber}} ({{amountDue}}) está {{overdueBy}}. Precisa de ajuda ou de mais prazo? Responda. Pagar: {{paymentLink}}',
		},
		firm: {
			email: mail(
				'A fatura {{invoiceNumber}} está {{overdueBy}}',
				`A sua fatura {{invoiceNumber}}, no valor de {{amountDue}}, com vencimento a {{dueDate}}, {{#if isPartiallyPaid}}ainda não está totalmente paga{{else}}continua por pagar{{/if}}. Pedimos que efetue o pagamento ainda esta semana.{{#if partialNote}} {{partialNote}}{{/if}}

Se houver algum problema com a fatura ou se quiser falar sobre um plano de pagamento em prestações, responda a este e-mail e encontraremos uma solução consigo.

{{howToPay}}`,
			),
			sms: '{{companyName}}: a fatura {{invoiceNumber}} ({{amountDue}}) está {{overdueBy}}. Pague esta semana ou responda: {{paymentLink}}',
		},
		escalating: {
			email: mail(
				'Pagamento necessário agora: fatura {{invoiceNumber}}',
				`A sua fatura {{invoiceNumber}}, no valor de {{amountDue}}, está {{overdueBy}}{{#if remindedBefore}} e não tivemos qualquer resposta da sua parte{{/if}}. Pedimos que pague agora o valor em dívida ou que nos responda hoje para acordarmos uma solução.{{#if partialNote}} {{partialNote}}{{/if}}

{{howToPay}}

{{otherContact}}`,
			),
			sms: '{{companyName}}: a fatura {{invoiceNumber}} ({{amountDue}}) está {{overdueBy}}. Pague agora ou responda hoje: {{paymentLink}}',
		},
	},
	overdue_14: {
		friendly: {
			email: mail(
				'Fatura {{invoiceNumber}}: vamos encontrar uma solução',
				`A sua fatura {{invoiceNumber}}, no valor de {{amountDue}}, venceu a {{dueDate}} e está {{overdueBy}}.{{#if partialNote}} {{partialNote}}{{/if}}

Sabemos que a tesouraria às vezes fica apertada. Se neste momento for difícil pagar o valor total, responda a este e-mail e acordaremos um plano de pagamento em prestações que lhe seja conveniente.

{{howToPay}}

{{otherContact}}`,
			),
			sms: '{{companyName}}: a fatura {{invoiceNumber}} ({{amountDue}}) está {{overdueBy}}. Não é um bom momento? Responda e encontraremos uma solução. {{paymentLink}}',
		},
		firm: {
			email: mail(
				'{{#if remindedBefore}}Segundo lembrete{{else}}Lembrete de pagamento{{/if}}: a fatura {{invoiceNumber}} está {{overdueBy}}',
				`Ainda não recebemos o pagamento{{#if isPartiallyPaid}} integral{{/if}} da sua fatura {{invoiceNumber}}, no valor de {{amountDue}}, com vencimento a {{dueDate}}.{{#if partialNote}} {{partialNote}}{{/if}}

Compreendemos que o dia a dia é exigente, mas este valor tem agora de ser liquidado. Pedimos que pague nos próximos dias ou que nos informe quando podemos contar com o pagamento. Se houver algum erro na fatura, avise-nos e verificaremos de imediato.

{{howToPay}}`,
			),
			sms: '{{companyName}}: a fatura {{invoiceNumber}} ({{amountDue}}) está {{overdueBy}}. Pague nos próximos dias ou responda: {{paymentLink}}',
		},
		escalating: {
			email: mail(
				'Urgente: a fatura {{invoiceNumber}} está {{overdueBy}}',
				`A sua fatura {{invoiceNumber}}, no valor de {{amountDue}}, está {{overdueBy}}{{#if remindedBefore}} e não recebemos o pagamento{{#if isPartiallyPaid}} integral{{/if}} nem qualquer resposta aos nossos lembretes anteriores{{else}} e ainda não recebemos o pagamento{{#if isPartiallyPaid}} integral{{/if}}{{/if}}.{{#if partialNote}} {{partialNote}}{{/if}}

Queremos resolver esta situação diretamente consigo. Pedimos que pague agora ou que nos contacte nos próximos três dias úteis para acordarmos uma solução.

{{howToPay}}

{{contactLine}}`,
			),
			sms: '{{companyName}}: urgente. A fatura {{invoiceNumber}} ({{amountDue}}) está {{overdueBy}}. Pague ou responda em 3 dias úteis: {{paymentLink}}',
		},
	},
	final_notice: {
		firm: {
			email: mail(
				'Último aviso: fatura {{invoiceNumber}}',
				`{{#if remindedBefore}}Apesar dos nossos lembretes anteriores, a sua{{else}}A sua{{/if}} fatura {{invoiceNumber}}{{#if hasService}} ({{serviceName}}){{/if}}, no valor de {{amountDue}} (com vencimento a {{dueDate}}), {{#if isPartiallyPaid}}ainda não está totalmente paga{{else}}continua por pagar{{/if}} e está {{overdueBy}}.{{#if partialNote}} {{partialNote}}{{/if}}

Este é o nosso último lembrete. Se, no prazo de 7 dias, não recebermos o pagamento nem notícias suas, o assunto passará para o nosso departamento financeiro e os serviços da sua conta poderão ser suspensos.

{{howToPay}}

Se não puder pagar agora, responda a este e-mail. Preferimos, de longe, acordar uma solução consigo.`,
			),
			sms: '{{companyName}}: último aviso. A fatura {{invoiceNumber}} ({{amountDue}}) está {{overdueBy}}. Pague em 7 dias ou responda: {{paymentLink}}',
		},
		escalating: {
			email: mail(
				'Último aviso antes de encaminharmos o assunto: fatura {{invoiceNumber}}',
				`A sua fatura {{invoiceNumber}}{{#if hasService}} ({{serviceName}}){{/if}}, no valor de {{amountDue}}, com vencimento a {{dueDate}}, está {{overdueBy}}. {{#if remindedBefore}}Não recebemos o pagamento{{#if isPartiallyPaid}} integral{{/if}} nem qualquer resposta aos nossos lembretes.{{else}}Ainda não recebemos o pagamento{{#if isPartiallyPaid}} integral{{/if}}.{{/if}}{{#if partialNote}} {{partialNote}}{{/if}}

Pedimos que pague o valor total no prazo de 7 dias. Caso contrário, o assunto passará para o nosso departamento financeiro, para os devidos efeitos, e os serviços da sua conta poderão ser suspensos.

{{howToPay}}

Se não puder pagar o valor total, responda hoje e falaremos sobre um plano de pagamento em prestações.`,
			),
			sms: '{{companyName}}: ÚLTIMO AVISO. A fatura {{invoiceNumber}} ({{amountDue}}) está {{overdueBy}}. Pague em 7 dias para evitar o encaminhamento do assunto: {{paymentLink}}',
		},
	},
	service_pause: {
		firm: {
			email: mail(
				'Aviso de suspensão do serviço: a fatura {{invoiceNumber}} está {{overdueBy}}',
				`A sua fatura {{invoiceNumber}}{{#if hasService}} ({{serviceName}}){{/if}}, no valor de {{amountDue}}, com vencimento a {{dueDate}}, está {{overdueBy}}. {{#if remindedBefore}}Já entrámos em contacto consigo sobre este pagamento e ainda não o recebemos{{#if isPartiallyPaid}} na totalidade{{/if}}.{{else}}Ainda não recebemos o pagamento{{#if isPartiallyPaid}} integral{{/if}}.{{/if}}{{#if partialNote}} {{partialNote}}{{/if}}

Se o saldo não for pago, ou se não for acordado um plano de pagamento, teremos de suspender os serviços da sua conta.{{#if ccFinance}} Colocámos o seu departamento financeiro em cópia para que esta mensagem chegue à pessoa certa.{{/if}}

{{howToPay}}

Pedimos que pague agora ou que responda a este e-mail para definirmos em conjunto os próximos passos.`,
			),
			sms: '{{companyName}}: a fatura {{invoiceNumber}} ({{amountDue}}) está {{overdueBy}}. Sem o pagamento, o seu serviço poderá ser suspenso: {{paymentLink}}',
		},
		escalating: {
			email: mail(
				'O seu serviço será suspenso: a fatura {{invoiceNumber}} está {{overdueBy}}',
				`A sua fatura {{invoiceNumber}}{{#if hasService}} ({{serviceName}}){{/if}}, no valor de {{amountDue}}, com vencimento a {{dueDate}}, está {{overdueBy}}{{#if remindedBefore}} e os nossos lembretes ficaram sem resposta{{/if}}.{{#if partialNote}} {{partialNote}}{{/if}}

Suspenderemos os serviços da sua conta se, no prazo de 7 dias, não recebermos o pagamento ou não for acordado um plano de pagamento.{{#if ccFinance}} O seu departamento financeiro recebe esta mensagem em cópia.{{/if}}

{{howToPay}}

Se quiser continuar a utilizar o serviço sem interrupções, pague agora ou responda hoje.`,
			),
			sms: '{{companyName}}: a fatura {{invoiceNumber}} ({{amountDue}}) está {{overdueBy}}. Sem pagamento em 7 dias, suspenderemos o seu serviço: {{paymentLink}}',
		},
	},
	payment_partial: {
		friendly: {
			email: mail(
				'Obrigado pelo seu pagamento da fatura {{invoiceNumber}}',
				`Muito obrigado! Recebemos o seu pagamento de {{paymentAmount}} referente à fatura {{invoiceNumber}}.

O saldo em dívida é de {{amountDue}}.{{#if paymentLink}} Pode pagar o restante quando lhe for conveniente:
{{paymentLink}}{{/if}}

{{contactLine}}`,
			),
			sms: '{{companyName}}: obrigado! Recebemos {{paymentAmount}} da fatura {{invoiceNumber}}. Saldo em dívida: {{amountDue}}.{{#if paymentLink}} Pagar o restante: {{paymentLink}}{{/if}}',
		},
	},
	payment_failed: {
		friendly: {
			email: mail(
				'O pagamento da fatura {{invoiceNumber}} não foi concluído',
				`Tentámos cobrar {{paymentAmount}} referente à fatura {{invoiceNumber}}{{#if paymentDate}} a {{paymentDate}}{{/if}}, mas o pagamento não foi concluído porque {{declineReason}}.

{{#if adviceUpdate}}Atualize os seus dados de pagamento para que possamos tentar novamente:{{else}}{{#if adviceAuth}}O seu banco precisa que confirme este pagamento. Pode fazê-lo aqui:{{else}}{{#if adviceBank}}O seu banco recusou a cobrança. Um telefonema rápido para o banco costuma resolver, ou pode pagar de outra forma aqui:{{else}}{{#if retryDate}}Tentaremos novamente a {{retryDate}}. Para garantir que corre bem, pode rever ou atualizar os seus dados de pagamento aqui:{{else}}Pode rever os seus dados de pagamento, ou pagar de outra forma, aqui:{{/if}}{{/if}}{{/if}}{{/if}}
{{fixLink}}

Isto acontece de vez em quando, e atualizar os dados demora apenas um minuto. {{contactLine}}`,
			),
			sms: '{{companyName}}: o pagamento de {{paymentAmount}} da fatura {{invoiceNumber}} não foi concluído. Atualize os seus dados de pagamento: {{fixLink}}',
		},
	},
	payment_received: {
		friendly: {
			email: mail(
				'Pagamento da fatura {{invoiceNumber}} recebido, muito obrigado!',
				`Recebemos o seu pagamento de {{paymentAmount}} referente à fatura {{invoiceNumber}}{{#if paymentDate}} a {{paymentDate}}{{/if}}.{{#if paidInFull}} A fatura está totalmente paga e não precisa de fazer mais nada.{{/if}}

Será um prazer continuar a trabalhar consigo. {{contactLine}}`,
			),
			sms: '{{companyName}}: obrigado! Recebemos o seu pagamento de {{paymentAmount}} da fatura {{invoiceNumber}}.',
		},
	},
	payment_plan: {
		friendly: {
			email: mail(
				'O seu plano de pagamento da fatura {{invoiceNumber}}',
				`Obrigado por acordar connosco um plano de pagamento da fatura {{invoiceNumber}}. Este é o calendário acordado ({{planCount}} prestações{{#if planTotal}}, {{planTotal}} no total{{/if}}):

{{planSchedule}}

Enquanto os pagamentos chegarem dentro do prazo, não receberá lembretes sobre esta fatura.

{{contactLine}}`,
			),
			sms: '{{companyName}}: o seu plano de pagamento da fatura {{invoiceNumber}} está confirmado: {{planCount}} prestações, a primeira a {{planFirstDate}}. Obrigado!',
		},
	},
	promise_confirmation: {
		friendly: {
			email: mail(
				'Obrigado, registámos a data de pagamento da fatura {{invoiceNumber}}',
				`Obrigado por nos informar. Registámos que pretende pagar{{#if promiseAmount}} {{promiseAmount}} da{{else}} a{{/if}} fatura {{invoiceNumber}} até {{promiseDate}}.

Suspendemos os lembretes desta fatura até essa data.{{#if paymentLink}} Quando lhe for conveniente, pode pagar aqui:
{{paymentLink}}{{/if}}

{{contactLine}}`,
			),
			sms: '{{companyName}}: obrigado! Registámos o seu pagamento da fatura {{invoiceNumber}} até {{promiseDate}}. Sem lembretes até lá.',
		},
	},
	dispute_ack: {
		friendly: {
			email: mail(
				'Recebemos a sua mensagem sobre a fatura {{invoiceNumber}}',
				`Obrigado por nos contactar sobre a fatura {{invoiceNumber}}.{{#if hasDisputeReason}} Escreveu-nos: {{quote disputeReason}}{{/if}}

Suspendemos todos os lembretes de pagamento desta fatura enquanto analisamos o assunto{{#if reference}} (referência {{reference}}){{/if}}. Responderemos com a maior brevidade possível, normalmente em poucos dias úteis.

{{contactLine}}`,
			),
			sms: '{{companyName}}: recebemos a sua mensagem sobre a fatura {{invoiceNumber}} e suspendemos os lembretes enquanto analisamos. Responderemos em breve.',
		},
	},
};
