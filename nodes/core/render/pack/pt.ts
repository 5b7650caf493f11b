/**
 * Portuguese: phrases and customer-facing templates, in Brazilian usage ("você" throughout, "Prezado Sr." /
 * "Prezada Sra." when formal), for pt-BR and every Portuguese locale but pt-PT, which has its own pack (ptPT.ts).
 */
import type { LanguagePack, Phrases } from './types';
import { mail } from './types';

/** Customer-facing reasons for card decline codes (the European pack takes these and rewords some). */
export const PT_DECLINE: Readonly<Record<string, string>> = {
	insufficient_funds: 'não havia saldo suficiente',
	expired_card: 'o cartão está vencido',
	incorrect_cvc: 'o código de segurança não conferia',
	invalid_cvc: 'o código de segurança não conferia',
	incorrect_number: 'o número do cartão não foi reconhecido',
	invalid_number: 'o número do cartão não foi reconhecido',
	invalid_expiry_month: 'a data de validade não conferia',
	invalid_expiry_year: 'a data de validade não conferia',
	authentication_required: 'o seu banco pediu uma verificação adicional',
	card_velocity_exceeded: 'o limite do cartão foi atingido',
	withdrawal_count_limit_exceeded: 'o limite do cartão foi atingido',
	processing_error: 'houve um problema técnico temporário',
	network_error: 'houve um problema técnico temporário',
	try_again_later: 'houve um problema técnico temporário',
	lost_card: 'o cartão não pode mais ser usado',
	stolen_card: 'o cartão não pode mais ser usado',
	pickup_card: 'o cartão não pode mais ser usado',
	restricted_card: 'o cartão não pode mais ser usado',
	card_not_supported: 'o cartão não aceita este tipo de pagamento',
	temporary: 'houve um problema técnico temporário',
	issuer_declined: 'o banco recusou a cobrança',
	card_details: 'os dados do cartão não são mais válidos',
	card_unusable: 'o cartão não pode mais ser usado',
	fraud_or_lost: 'o cartão não pode mais ser usado',
	bank_account: 'não foi possível debitar a conta bancária',
	currency_not_supported: 'o cartão não aceita esta moeda',
};

export const ptPhrases: Phrases = {
	language: 'pt',
	greeting({ formality, salutation, firstName, lastName, fullName }) {
		if (formality === 'formal') {
			if (salutation && lastName) return salutation === 'ms' ? `Prezada Sra. ${lastName},` : `Prezado Sr. ${lastName},`;
			if (firstName && lastName) return `Olá, ${firstName} ${lastName},`;
			if (firstName) return `Olá, ${firstName},`;
			if (fullName) return `Olá, ${fullName},`;
			return 'Prezados,';
		}
		if (firstName) return `Olá, ${firstName},`;
		if (fullName) return `Olá, ${fullName},`;
		return 'Olá,';
	},
	closing(formality, tone) {
		if (formality === 'formal') return 'Atenciosamente,';
		return tone === 'friendly' ? 'Um abraço,' : 'Cordialmente,';
	},
	team: 'Equipe de faturamento',
	fallback: {
		firstName: 'prezado cliente',
		customerName: 'sua empresa',
		accountOwner: 'seu gerente de conta',
		service: 'nossos serviços',
		amount: 'o valor indicado na fatura',
		date: 'a data indicada na fatura',
		disputeReason: 'sua dúvida sobre esta fatura',
		dueRelative: 'em breve',
	},
	overdueBy(days) {
		if (days === undefined || days <= 0) return 'vencida';
		return days === 1 ? 'vencida há 1 dia' : `vencida há ${days} dias`;
	},
	contactLine({ email, phone }) {
		if (phone && email) return `Se tiver alguma dúvida, responda a este e-mail, escreva para ${email} ou ligue para ${phone}.`;
		if (phone) return `Se tiver alguma dúvida, basta responder a este e-mail ou ligar para ${phone}.`;
		if (email) return `Se tiver alguma dúvida, basta responder a este e-mail ou escrever para ${email}.`;
		return 'Se tiver alguma dúvida, basta responder a este e-mail.';
	},
	otherContact({ email, phone }) {
		if (phone && email) return `Você também pode escrever para ${email} ou ligar para ${phone}.`;
		if (phone) return `Você também pode ligar para ${phone}.`;
		if (email) return `Você também pode escrever para ${email}.`;
		return undefined;
	},
	partialNote({ paid, balance, total }) {
		return `Obrigado pelos ${paid} já pagos; do total de ${total}, ainda falta pagar ${balance}.`;
	},
	howToPay(link, instructions) {
		if (link && instructions) return `Você pode pagar on-line com segurança aqui:\n${link}\n\nPrefere pagar por transferência?\n${instructions}`;
		if (link) return `Você pode pagar on-line com segurança aqui:\n${link}`;
		if (instructions) return `Nossos dados para pagamento:\n${instructions}`;
		return undefined;
	},
	payButton: 'Pagar fatura',
	updateButton: 'Atualizar dados de pagamento',
	declineReason(code) {
		return (code && PT_DECLINE[code]) || 'o emissor do cartão recusou o pagamento';
	},
	stopHint: 'Responda STOP para não receber mais mensagens.',
	unsubscribe(link, company) {
		const intro = `Você recebe este lembrete de cortesia porque tem uma fatura em aberto ${company ? `com ${company}` : 'conosco'}.`;
		return link
			? `${intro} Prefere não receber lembretes antes do vencimento? Cancelar o recebimento: ${link}`
			: `${intro} Prefere não receber lembretes antes do vencimento? Responda "cancelar" e deixaremos de enviá-los.`;
	},
	planLine(date, amount) {
		return `- ${date}: ${amount}`;
	},
	quotes: ['"', '"'],
};

export const ptPack: LanguagePack = {
	pre_due_7: {
		friendly: {
			email: mail(
				'Vencimento próximo: a fatura {{invoiceNumber}} vence {{dueRelative}}',
				`Um aviso com antecedência: sua fatura {{invoiceNumber}} no valor de {{amountDue}} vence em {{dueDate}}.{{#if partialNote}} {{partialNote}}{{/if}}

{{howToPay}}

Se o pagamento já estiver programado, muito obrigado, e desconsidere esta mensagem. {{contactLine}}`,
			),
			sms: '{{companyName}}: lembramos que sua fatura {{invoiceNumber}} de {{amountDue}} vence em {{dueDate}}. Pague on-line: {{paymentLink}}',
		},
		firm: {
			email: mail(
				'A fatura {{invoiceNumber}} vence em {{dueDate}}',
				`Lembramos que sua fatura {{invoiceNumber}} no valor de {{amountDue}} vence em {{dueDate}}. Verifique se o pagamento está programado para chegar a tempo.{{#if partialNote}} {{partialNote}}{{/if}}

{{howToPay}}

{{contactLine}}`,
			),
			sms: '{{companyName}}: a fatura {{invoiceNumber}} de {{amountDue}} vence em {{dueDate}}. Programe o pagamento: {{paymentLink}}',
		},
	},
	pre_due_3: {
		friendly: {
			email: mail(
				'Lembrete: a fatura {{invoiceNumber}} vence {{dueRelative}}',
				`Só um lembrete: sua fatura {{invoiceNumber}} no valor de {{amountDue}} vence {{dueRelative}}, no dia {{dueDate}}.{{#if partialNote}} {{partialNote}}{{/if}}

{{howToPay}}

Já pagou? Muito obrigado, não precisa fazer mais nada. {{contactLine}}`,
			),
			sms: '{{companyName}}: lembrete, a fatura {{invoiceNumber}} ({{amountDue}}) vence {{dueRelative}}, no dia {{dueDate}}. Pagar: {{paymentLink}}',
		},
		firm: {
			email: mail(
				'Lembrete de pagamento: a fatura {{invoiceNumber}} vence em {{dueDate}}',
				`Sua fatura {{invoiceNumber}} no valor de {{amountDue}} vence {{dueRelative}}, no dia {{dueDate}}. Para que ela não fique em atraso, faça o pagamento até essa data.{{#if partialNote}} {{partialNote}}{{/if}}

{{howToPay}}

{{contactLine}}`,
			),
			sms: '{{companyName}}: a fatura {{invoiceNumber}} ({{amountDue}}) vence em {{dueDate}}. Pague até essa data: {{paymentLink}}',
		},
	},
	pre_due_1: {
		friendly: {
			email: mail(
				'A fatura {{invoiceNumber}} vence {{dueRelative}}',
				`Um lembrete rápido: sua fatura {{invoiceNumber}} no valor de {{amountDue}} vence {{dueRelative}} ({{dueDate}}).{{#if partialNote}} {{partialNote}}{{/if}}

{{howToPay}}

Se você já fez o pagamento, muito obrigado! {{contactLine}}`,
			),
			sms: '{{companyName}}: a fatura {{invoiceNumber}} ({{amountDue}}) vence {{dueRelative}}. Já pagou? Obrigado! Se não: {{paymentLink}}',
		},
		firm: {
			email: mail(
				'Vence {{dueRelative}}: fatura {{invoiceNumber}}',
				`Sua fatura {{invoiceNumber}} no valor de {{amountDue}} vence {{dueRelative}} ({{dueDate}}). Certifique-se de que o pagamento seja feito até essa data.{{#if partialNote}} {{partialNote}}{{/if}}

{{howToPay}}

{{contactLine}}`,
			),
			sms: '{{companyName}}: a fatura {{invoiceNumber}} ({{amountDue}}) vence {{dueRelative}}. Pague em dia: {{paymentLink}}',
		},
	},
	due_today: {
		friendly: {
			email: mail(
				'A fatura {{invoiceNumber}} vence {{dueRelative}}',
				`Sua fatura {{invoiceNumber}} no valor de {{amountDue}} vence {{dueRelative}} ({{dueDate}}).{{#if partialNote}} {{partialNote}}{{/if}}

{{howToPay}}

Se o pagamento já estiver a caminho, muito obrigado, não precisa fazer mais nada. {{contactLine}}`,
			),
			sms: '{{companyName}}: a fatura {{invoiceNumber}} de {{amountDue}} vence {{dueRelative}}. Já a caminho? Obrigado! Pagar: {{paymentLink}}',
		},
		firm: {
			email: mail(
				'Pagamento com vencimento {{dueRelative}}: fatura {{invoiceNumber}}',
				`Sua fatura {{invoiceNumber}} no valor de {{amountDue}} vence {{dueRelative}} ({{dueDate}}). Faça o pagamento agora para manter sua conta em dia.{{#if partialNote}} {{partialNote}}{{/if}}

{{howToPay}}

{{contactLine}}`,
			),
			sms: '{{companyName}}: a fatura {{invoiceNumber}} ({{amountDue}}) vence {{dueRelative}}. Pague agora: {{paymentLink}}',
		},
	},
	overdue_1: {
		friendly: {
			email: mail(
				'A fatura {{invoiceNumber}} está vencida',
				`Ainda não recebemos o pagamento{{#if isPartiallyPaid}} integral{{/if}} da sua fatura {{invoiceNumber}} no valor de {{amountDue}}, que venceu em {{dueDate}}. Sabemos que isso pode passar despercebido, então este é só um lembrete amigável.{{#if partialNote}} {{partialNote}}{{/if}}

{{howToPay}}

Se você já pagou, muito obrigado, e desconsidere esta mensagem. {{contactLine}}`,
			),
			sms: '{{companyName}}: a fatura {{invoiceNumber}} ({{amountDue}}) venceu em {{dueDate}}. Já pagou? Obrigado! Se não: {{paymentLink}}',
		},
		firm: {
			email: mail(
				'Fatura vencida: {{invoiceNumber}}',
				`Sua fatura {{invoiceNumber}} no valor de {{amountDue}} venceu em {{dueDate}} e está {{overdueBy}}. Pedimos que faça o pagamento o quanto antes.{{#if partialNote}} {{partialNote}}{{/if}}

{{howToPay}}

Se houver algum problema com a fatura, responda a este e-mail e verificaremos imediatamente.`,
			),
			sms: '{{companyName}}: a fatura {{invoiceNumber}} ({{amountDue}}) está {{overdueBy}}. Pague agora: {{paymentLink}}',
		},
		escalating: {
			email: mail(
				'Ação necessária: a fatura {{invoiceNumber}} está vencida',
				`Sua fatura {{invoiceNumber}} no valor de {{amountDue}} venceu em {{dueDate}} e continua em aberto. Pedimos que a pague hoje ou que nos informe ainda hoje quando podemos esperar o pagamento.{{#if partialNote}} {{partialNote}}{{/if}}

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
				`Sua fatura {{invoiceNumber}} no valor de {{amountDue}} venceu em {{dueDate}} e está {{overdueBy}}. Se algo está atrasando o pagamento, gostaríamos de ajudar.{{#if partialNote}} {{partialNote}}{{/if}}

O valor não está correto, você precisa de uma cópia da fatura ou seria mais fácil pagar em parcelas? Responda a este e-mail e resolveremos juntos.

{{howToPay}}

{{otherContact}}`,
			),
			sms: '{{companyName}}: a fatura {{invoiceNumber}} ({{amountDue}}) está {{overdueBy}}. Precisa de ajuda ou de mais prazo? Responda. Pagar: {{paymentLink}}',
		},
		firm: {
			email: mail(
				'A fatura {{invoiceNumber}} está {{overdueBy}}',
				`Sua fatura {{invoiceNumber}} no valor de {{amountDue}}, com vencimento em {{dueDate}}, continua em aberto. Pedimos que faça o pagamento ainda esta semana.{{#if partialNote}} {{partialNote}}{{/if}}

Se houver algum problema com a fatura ou se quiser conversar sobre um parcelamento, responda a este e-mail e encontraremos uma solução com você.

{{howToPay}}`,
			),
			sms: '{{companyName}}: a fatura {{invoiceNumber}} ({{amountDue}}) está {{overdueBy}}. Pague esta semana ou responda: {{paymentLink}}',
		},
		escalating: {
			email: mail(
				'Pagamento necessário agora: fatura {{invoiceNumber}}',
				`Sua fatura {{invoiceNumber}} no valor de {{amountDue}} está {{overdueBy}}{{#if remindedBefore}} e não tivemos notícias suas{{/if}}. Pedimos que pague o valor em aberto agora ou que nos responda hoje para combinarmos uma solução.{{#if partialNote}} {{partialNote}}{{/if}}

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
				`Sua fatura {{invoiceNumber}} no valor de {{amountDue}} venceu em {{dueDate}} e está {{overdueBy}}.{{#if partialNote}} {{partialNote}}{{/if}}

Sabemos que o caixa às vezes fica apertado. Se agora for difícil pagar o valor total, responda a este e-mail e combinaremos um parcelamento que funcione para você.

{{howToPay}}

{{otherContact}}`,
			),
			sms: '{{companyName}}: a fatura {{invoiceNumber}} ({{amountDue}}) está {{overdueBy}}. Não é um bom momento? Responda e encontraremos uma solução. {{paymentLink}}',
		},
		firm: {
			email: mail(
				'{{#if remindedBefore}}Segundo lembrete{{else}}Lembrete de pagamento{{/if}}: a fatura {{invoiceNumber}} está {{overdueBy}}',
				`Ainda não recebemos o pagamento{{#if isPartiallyPaid}} integral{{/if}} da sua fatura {{invoiceNumber}} no valor de {{amountDue}}, com vencimento em {{dueDate}}.{{#if partialNote}} {{partialNote}}{{/if}}

Entendemos que o dia a dia é corrido, mas este valor precisa ser quitado agora. Pedimos que pague nos próximos dias ou que nos informe quando podemos esperar o pagamento. Se houver algum erro na fatura, avise-nos e verificaremos logo.

{{howToPay}}`,
			),
			sms: '{{companyName}}: a fatura {{invoiceNumber}} ({{amountDue}}) está {{overdueBy}}. Pague nos próximos dias ou responda: {{paymentLink}}',
		},
		escalating: {
			email: mail(
				'Urgente: a fatura {{invoiceNumber}} está {{overdueBy}}',
				`Sua fatura {{invoiceNumber}} no valor de {{amountDue}} está {{overdueBy}}{{#if remindedBefore}} e não recebemos nem o pagamento{{#if isPartiallyPaid}} integral{{/if}} nem uma resposta aos nossos lembretes anteriores{{else}} e ainda não recebemos o pagamento{{#if isPartiallyPaid}} integral{{/if}}{{/if}}.{{#if partialNote}} {{partialNote}}{{/if}}

Queremos resolver isso diretamente com você. Pedimos que pague agora ou que entre em contato conosco nos próximos três dias úteis para combinarmos uma solução.

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
				`{{#if remindedBefore}}Apesar dos nossos lembretes anteriores, sua{{else}}Sua{{/if}} fatura {{invoiceNumber}}{{#if hasService}} ({{serviceName}}){{/if}} no valor de {{amountDue}} (com vencimento em {{dueDate}}) continua em aberto e está {{overdueBy}}.{{#if partialNote}} {{partialNote}}{{/if}}

Este é o nosso último lembrete. Se em 7 dias não recebermos o pagamento nem notícias suas, o caso passará ao nosso departamento financeiro e os serviços da sua conta poderão ser suspensos.

{{howToPay}}

Se não puder pagar agora, responda a este e-mail. Preferimos muito mais combinar uma solução com você.`,
			),
			sms: '{{companyName}}: último aviso. A fatura {{invoiceNumber}} ({{amountDue}}) está {{overdueBy}}. Pague em 7 dias ou responda: {{paymentLink}}',
		},
		escalating: {
			email: mail(
				'Último aviso antes de encaminharmos o caso: fatura {{invoiceNumber}}',
				`Sua fatura {{invoiceNumber}}{{#if hasService}} ({{serviceName}}){{/if}} no valor de {{amountDue}}, com vencimento em {{dueDate}}, está {{overdueBy}}. {{#if remindedBefore}}Não recebemos nem o pagamento{{#if isPartiallyPaid}} integral{{/if}} nem uma resposta aos nossos lembretes.{{else}}Ainda não recebemos o pagamento{{#if isPartiallyPaid}} integral{{/if}}.{{/if}}{{#if partialNote}} {{partialNote}}{{/if}}

Pedimos que pague o valor total no prazo de 7 dias. Caso contrário, o caso passará ao nosso departamento financeiro para as devidas providências e os serviços da sua conta poderão ser suspensos.

{{howToPay}}

Se não puder pagar o valor total, responda hoje e conversaremos sobre um parcelamento.`,
			),
			sms: '{{companyName}}: ÚLTIMO AVISO. A fatura {{invoiceNumber}} ({{amountDue}}) está {{overdueBy}}. Pague em 7 dias para evitar o encaminhamento do caso: {{paymentLink}}',
		},
	},
	service_pause: {
		firm: {
			email: mail(
				'Aviso de suspensão do serviço: a fatura {{invoiceNumber}} está {{overdueBy}}',
				`Sua fatura {{invoiceNumber}}{{#if hasService}} ({{serviceName}}){{/if}} no valor de {{amountDue}}, com vencimento em {{dueDate}}, está {{overdueBy}}. {{#if remindedBefore}}Já entramos em contato com você sobre este pagamento e ainda não o recebemos{{#if isPartiallyPaid}} integralmente{{/if}}.{{else}}Ainda não recebemos o pagamento{{#if isPartiallyPaid}} integral{{/if}}.{{/if}}{{#if partialNote}} {{partialNote}}{{/if}}

Se o saldo não for pago ou se não for combinado um parcelamento, teremos que suspender os serviços da sua conta.{{#if ccFinance}} Colocamos o seu departamento financeiro em cópia para que esta mensagem chegue à pessoa certa.{{/if}}

{{howToPay}}

Pedimos que pague agora ou que responda a este e-mail para combinarmos juntos os próximos passos.`,
			),
			sms: '{{companyName}}: a fatura {{invoiceNumber}} ({{amountDue}}) está {{overdueBy}}. Sem o pagamento, seu serviço poderá ser suspenso: {{paymentLink}}',
		},
		escalating: {
			email: mail(
				'Seu serviço será suspenso: a fatura {{invoiceNumber}} está {{overdueBy}}',
				`Sua fatura {{invoiceNumber}}{{#if hasService}} ({{serviceName}}){{/if}} no valor de {{amountDue}}, com vencimento em {{dueDate}}, está {{overdueBy}}{{#if remindedBefore}} e nossos lembretes ficaram sem resposta{{/if}}.{{#if partialNote}} {{partialNote}}{{/if}}

Suspenderemos os serviços da sua conta se em 7 dias não recebermos o pagamento ou se não for combinado um parcelamento.{{#if ccFinance}} O seu departamento financeiro recebe esta mensagem em cópia.{{/if}}

{{howToPay}}

Se quiser continuar usando o serviço sem interrupções, pague agora ou responda hoje.`,
			),
			sms: '{{companyName}}: a fatura {{invoiceNumber}} ({{amountDue}}) está {{overdueBy}}. Sem pagamento em 7 dias, suspenderemos seu serviço: {{paymentLink}}',
		},
	},
	payment_partial: {
		friendly: {
			email: mail(
				'Obrigado pelo seu pagamento da fatura {{invoiceNumber}}',
				`Muito obrigado! Recebemos o seu pagamento de {{paymentAmount}} referente à fatura {{invoiceNumber}}.

O saldo em aberto é de {{amountDue}}.{{#if paymentLink}} Você pode pagar o restante quando for conveniente:
{{paymentLink}}{{/if}}

{{contactLine}}`,
			),
			sms: '{{companyName}}: obrigado! Recebemos {{paymentAmount}} da fatura {{invoiceNumber}}. Saldo em aberto: {{amountDue}}.{{#if paymentLink}} Pagar o restante: {{paymentLink}}{{/if}}',
		},
	},
	payment_failed: {
		friendly: {
			email: mail(
				'O pagamento da fatura {{invoiceNumber}} não foi concluído',
				`Tentamos cobrar {{paymentAmount}} referente à fatura {{invoiceNumber}}{{#if paymentDate}} em {{paymentDate}}{{/if}}, mas o pagamento não foi concluído porque {{declineReason}}.

{{#if adviceUpdate}}Atualize seus dados de pagamento para que possamos tentar novamente:{{else}}{{#if adviceAuth}}Seu banco precisa que você confirme este pagamento. Você pode fazer isso aqui:{{else}}{{#if adviceBank}}Seu banco recusou a cobrança. Uma ligação rápida para o banco costuma resolver, ou você pode pagar de outra forma aqui:{{else}}{{#if retryDate}}Tentaremos novamente em {{retryDate}}. Para garantir que dê certo, você pode revisar ou atualizar seus dados de pagamento aqui:{{else}}Você pode revisar seus dados de pagamento, ou pagar de outra forma, aqui:{{/if}}{{/if}}{{/if}}{{/if}}
{{fixLink}}

Isso acontece de vez em quando, e atualizar os dados leva só um minuto. {{contactLine}}`,
			),
			sms: '{{companyName}}: o pagamento de {{paymentAmount}} da fatura {{invoiceNumber}} não foi concluído. Atualize seus dados de pagamento: {{fixLink}}',
		},
	},
	payment_received: {
		friendly: {
			email: mail(
				'Pagamento da fatura {{invoiceNumber}} recebido, muito obrigado!',
				`Recebemos o seu pagamento de {{paymentAmount}} referente à fatura {{invoiceNumber}}{{#if paymentDate}} em {{paymentDate}}{{/if}}.{{#if paidInFull}} A fatura está totalmente paga e você não precisa fazer mais nada.{{/if}}

Será um prazer continuar trabalhando com você. {{contactLine}}`,
			),
			sms: '{{companyName}}: obrigado! Recebemos o seu pagamento de {{paymentAmount}} da fatura {{invoiceNumber}}.',
		},
	},
	payment_plan: {
		friendly: {
			email: mail(
				'Seu parcelamento da fatura {{invoiceNumber}}',
				`Obrigado por combinar um parcelamento da fatura {{invoiceNumber}}. Este é o calendário combinado ({{planCount}} parcelas{{#if planTotal}}, {{planTotal}} no total{{/if}}):

{{planSchedule}}

Enquanto os pagamentos chegarem em dia, você não receberá nenhum lembrete sobre esta fatura.

{{contactLine}}`,
			),
			sms: '{{companyName}}: seu parcelamento da fatura {{invoiceNumber}} está confirmado: {{planCount}} parcelas, a primeira em {{planFirstDate}}. Obrigado!',
		},
	},
	promise_confirmation: {
		friendly: {
			email: mail(
				'Obrigado, anotamos a data de pagamento da fatura {{invoiceNumber}}',
				`Obrigado por nos avisar. Anotamos que você pretende pagar{{#if promiseAmount}} {{promiseAmount}} da{{else}} a{{/if}} fatura {{invoiceNumber}} até {{promiseDate}}.

Pausamos os lembretes desta fatura até lá.{{#if paymentLink}} Quando for conveniente, você pode pagar aqui:
{{paymentLink}}{{/if}}

{{contactLine}}`,
			),
			sms: '{{companyName}}: obrigado! Anotamos o seu pagamento da fatura {{invoiceNumber}} até {{promiseDate}}. Sem lembretes até lá.',
		},
	},
	dispute_ack: {
		friendly: {
			email: mail(
				'Recebemos sua mensagem sobre a fatura {{invoiceNumber}}',
				`Obrigado por entrar em contato conosco sobre a fatura {{invoiceNumber}}.{{#if hasDisputeReason}} Você escreveu: {{quote disputeReason}}{{/if}}

Pausamos todos os lembretes de pagamento desta fatura enquanto analisamos o assunto{{#if reference}} (referência {{reference}}){{/if}}. Responderemos o quanto antes, normalmente em poucos dias úteis.

{{contactLine}}`,
			),
			sms: '{{companyName}}: recebemos sua mensagem sobre a fatura {{invoiceNumber}} e pausamos os lembretes enquanto analisamos. Responderemos em breve.',
		},
	},
};
