/**
 * Spanish: phrases and customer-facing templates ("usted" throughout).
 */
import type { LanguagePack, Phrases } from './types';
import { mail } from './types';

const DECLINE: Record<string, string> = {
	insufficient_funds: 'no había fondos suficientes',
	expired_card: 'la tarjeta ha caducado',
	incorrect_cvc: 'el código de seguridad no coincidía',
	invalid_cvc: 'el código de seguridad no coincidía',
	incorrect_number: 'no se reconoció el número de tarjeta',
	invalid_number: 'no se reconoció el número de tarjeta',
	invalid_expiry_month: 'la fecha de caducidad no coincidía',
	invalid_expiry_year: 'la fecha de caducidad no coincidía',
	authentication_required: 'su banco solicitó una verificación adicional',
	card_velocity_exceeded: 'se alcanzó el límite de la tarjeta',
	withdrawal_count_limit_exceeded: 'se alcanzó el límite de la tarjeta',
	processing_error: 'hubo un problema técnico temporal',
	network_error: 'hubo un problema técnico temporal',
	try_again_later: 'hubo un problema técnico temporal',
	lost_card: 'la tarjeta ya no se puede utilizar',
	stolen_card: 'la tarjeta ya no se puede utilizar',
	pickup_card: 'la tarjeta ya no se puede utilizar',
	restricted_card: 'la tarjeta ya no se puede utilizar',
	card_not_supported: 'la tarjeta no admite este tipo de pago',
	temporary: 'hubo un problema técnico temporal',
	issuer_declined: 'el banco rechazó el cargo',
	card_details: 'los datos de la tarjeta ya no son válidos',
	card_unusable: 'la tarjeta ya no se puede utilizar',
	fraud_or_lost: 'la tarjeta ya no se puede utilizar',
	bank_account: 'no se pudo cargar en la cuenta bancaria',
	currency_not_supported: 'la tarjeta no admite esta moneda',
};

export const esPhrases: Phrases = {
	language: 'es',
	greeting({ formality, salutation, firstName, lastName, fullName }) {
		if (formality === 'formal') {
			if (salutation && lastName) return salutation === 'ms' ? `Estimada Sra. ${lastName}:` : `Estimado Sr. ${lastName}:`;
			if (firstName && lastName) return `Buenos días, ${firstName} ${lastName}:`;
			if (firstName) return `Buenos días, ${firstName}:`;
			if (fullName) return `Buenos días, ${fullName}:`;
			return 'Estimado cliente:';
		}
		if (firstName) return `Hola, ${firstName}:`;
		if (fullName) return `Hola, ${fullName}:`;
		return 'Hola:';
	},
	closing(formality, tone) {
		if (formality === 'formal') return 'Atentamente,';
		return tone === 'friendly' ? 'Muchas gracias y un saludo,' : 'Un saludo,';
	},
	team: 'Departamento de facturación',
	fallback: {
		firstName: 'estimado cliente',
		customerName: 'su empresa',
		accountOwner: 'su gestor de cuenta',
		service: 'nuestros servicios',
		amount: 'el importe indicado en la factura',
		date: 'la fecha indicada en la factura',
		disputeReason: 'su consulta sobre esta factura',
		dueRelative: 'próximamente',
	},
	overdueBy(days) {
		if (days === undefined || days <= 0) return 'vencida';
		return days === 1 ? 'vencida desde hace 1 día' : `vencida desde hace ${days} días`;
	},
	contactLine({ email, phone }) {
		if (phone && email) return `Si tiene alguna pregunta, responda a este correo, escriba a ${email} o llámenos al ${phone}.`;
		if (phone) return `Si tiene alguna pregunta, basta con responder a este correo o llamarnos al ${phone}.`;
		if (email) return `Si tiene alguna pregunta, basta con responder a este correo o escribir a ${email}.`;
		return 'Si tiene alguna pregunta, basta con responder a este correo.';
	},
	otherContact({ email, phone }) {
		if (phone && email) return `También puede escribir a ${email} o llamarnos al ${phone}.`;
		if (phone) return `También puede llamarnos al ${phone}.`;
		if (email) return `También puede escribir a ${email}.`;
		return undefined;
	},
	partialNote({ paid, balance, total }) {
		return `Gracias por los ${paid} ya pagados; de los ${total} quedan ${balance} pendientes.`;
	},
	howToPay(link, instructions) {
		if (link && instructions) return `Puede pagar de forma segura en línea aquí:\n${link}\n\n¿Prefiere pagar por transferencia?\n${instructions}`;
		if (link) return `Puede pagar de forma segura en línea aquí:\n${link}`;
		if (instructions) return `Nuestros datos de pago:\n${instructions}`;
		return undefined;
	},
	payButton: 'Pagar factura',
	updateButton: 'Actualizar datos de pago',
	declineReason(code) {
		return (code && DECLINE[code]) || 'el emisor de la tarjeta rechazó el pago';
	},
	stopHint: 'Responda STOP para darse de baja.',
	unsubscribe(link, company) {
		const intro = `Recibe este recordatorio de cortesía porque tiene una factura pendiente con ${company ?? 'nosotros'}.`;
		return link
			? `${intro} ¿Prefiere no recibir recordatorios antes del vencimiento? Darse de baja: ${link}`
			: `${intro} ¿Prefiere no recibir recordatorios antes del vencimiento? Responda «baja» y dejaremos de enviarlos.`;
	},
	planLine(date, amount) {
		return `- ${date}: ${amount}`;
	},
	quotes: ['«', '»'],
};

export const esPack: LanguagePack = {
	pre_due_7: {
		friendly: {
			email: mail(
				'Próximo vencimiento: la factura {{invoiceNumber}} vence {{dueRelative}}',
				`Le avisamos con antelación: su factura {{invoiceNumber}} por {{amountDue}} vence el {{dueDate}}.{{#if partialNote}} {{partialNote}}{{/if}}

{{howToPay}}

Si el pago ya está programado, muchas gracias, y no tenga en cuenta este mensaje. {{contactLine}}`,
			),
			sms: '{{companyName}}: le recordamos que su factura {{invoiceNumber}} por {{amountDue}} vence el {{dueDate}}. Pague en línea: {{paymentLink}}',
		},
		firm: {
			email: mail(
				'La factura {{invoiceNumber}} vence el {{dueDate}}',
				`Le recordamos que su factura {{invoiceNumber}} por {{amountDue}} vence el {{dueDate}}. Asegúrese de que el pago esté programado para que llegue a tiempo.{{#if partialNote}} {{partialNote}}{{/if}}

{{howToPay}}

{{contactLine}}`,
			),
			sms: '{{companyName}}: la factura {{invoiceNumber}} por {{amountDue}} vence el {{dueDate}}. Programe el pago: {{paymentLink}}',
		},
	},
	pre_due_3: {
		friendly: {
			email: mail(
				'Recordatorio: la factura {{invoiceNumber}} vence {{dueRelative}}',
				`Solo un recordatorio: su factura {{invoiceNumber}} por {{amountDue}} vence {{dueRelative}}, el {{dueDate}}.{{#if partialNote}} {{partialNote}}{{/if}}

{{howToPay}}

¿Ya la ha pagado? Muchas gracias, no tiene que hacer nada más. {{contactLine}}`,
			),
			sms: '{{companyName}}: recordatorio, la factura {{invoiceNumber}} ({{amountDue}}) vence {{dueRelative}}, el {{dueDate}}. Pagar: {{paymentLink}}',
		},
		firm: {
			email: mail(
				'Recordatorio de pago: la factura {{invoiceNumber}} vence el {{dueDate}}',
				`Su factura {{invoiceNumber}} por {{amountDue}} vence {{dueRelative}}, el {{dueDate}}. Para evitar que quede vencida, realice el pago antes de esa fecha.{{#if partialNote}} {{partialNote}}{{/if}}

{{howToPay}}

{{contactLine}}`,
			),
			sms: '{{companyName}}: la factura {{invoiceNumber}} ({{amountDue}}) vence el {{dueDate}}. Pague antes de esa fecha: {{paymentLink}}',
		},
	},
	pre_due_1: {
		friendly: {
			email: mail(
				'La factura {{invoiceNumber}} vence {{dueRelative}}',
				`Un breve recordatorio: su factura {{invoiceNumber}} por {{amountDue}} vence {{dueRelative}} ({{dueDate}}).{{#if partialNote}} {{partialNote}}{{/if}}

{{howToPay}}

Si ya ha realizado el pago, ¡muchas gracias! {{contactLine}}`,
			),
			sms: '{{companyName}}: la factura {{invoiceNumber}} ({{amountDue}}) vence {{dueRelative}}. ¿Ya pagada? ¡Gracias! Si no: {{paymentLink}}',
		},
		firm: {
			email: mail(
				'Vence {{dueRelative}}: factura {{invoiceNumber}}',
				`Su factura {{invoiceNumber}} por {{amountDue}} vence {{dueRelative}} ({{dueDate}}). Asegúrese de que el pago se realice antes de esa fecha.{{#if partialNote}} {{partialNote}}{{/if}}

{{howToPay}}

{{contactLine}}`,
			),
			sms: '{{companyName}}: la factura {{invoiceNumber}} ({{amountDue}}) vence {{dueRelative}}. Pague a tiempo: {{paymentLink}}',
		},
	},
	due_today: {
		friendly: {
			email: mail(
				'La factura {{invoiceNumber}} vence {{dueRelative}}',
				`Su factura {{invoiceNumber}} por {{amountDue}} vence {{dueRelative}} ({{dueDate}}).{{#if partialNote}} {{partialNote}}{{/if}}

{{howToPay}}

Si el pago ya está en camino, muchas gracias, no tiene que hacer nada más. {{contactLine}}`,
			),
			sms: '{{companyName}}: la factura {{invoiceNumber}} por {{amountDue}} vence {{dueRelative}}. ¿Ya en camino? ¡Gracias! Pagar: {{paymentLink}}',
		},
		firm: {
			email: mail(
				'Pago con vencimiento {{dueRelative}}: factura {{invoiceNumber}}',
				`Su factura {{invoiceNumber}} por {{amountDue}} vence {{dueRelative}} ({{dueDate}}). Realice el pago ahora para que su cuenta siga al día.{{#if partialNote}} {{partialNote}}{{/if}}

{{howToPay}}

{{contactLine}}`,
			),
			sms: '{{companyName}}: la factura {{invoiceNumber}} ({{amountDue}}) vence {{dueRelative}}. Pague ahora: {{paymentLink}}',
		},
	},
	overdue_1: {
		friendly: {
			email: mail(
				'La factura {{invoiceNumber}} está vencida',
				`Todavía no hemos recibido el pago{{#if isPartiallyPaid}} completo{{/if}} de su factura {{invoiceNumber}} por {{amountDue}}, que vencía el {{dueDate}}. Es algo que se pasa fácilmente, así que esto es solo un recordatorio amable.{{#if partialNote}} {{partialNote}}{{/if}}

{{howToPay}}

Si ya ha pagado, muchas gracias, y no tenga en cuenta este mensaje. {{contactLine}}`,
			),
			sms: '{{companyName}}: la factura {{invoiceNumber}} ({{amountDue}}) vencía el {{dueDate}}. ¿Ya pagada? ¡Gracias! Si no: {{paymentLink}}',
		},
		firm: {
			email: mail(
				'Factura vencida: {{invoiceNumber}}',
				`Su factura {{invoiceNumber}} por {{amountDue}} vencía el {{dueDate}} y está {{overdueBy}}. Le rogamos que realice el pago lo antes posible.{{#if partialNote}} {{partialNote}}{{/if}}

{{howToPay}}

Si hay algún problema con la factura, responda a este correo y lo revisaremos de inmediato.`,
			),
			sms: '{{companyName}}: la factura {{invoiceNumber}} ({{amountDue}}) está {{overdueBy}}. Pague ahora: {{paymentLink}}',
		},
		escalating: {
			email: mail(
				'Acción necesaria: la factura {{invoiceNumber}} está vencida',
				`Su factura {{invoiceNumber}} por {{amountDue}} vencía el {{dueDate}} y sigue pendiente. Le rogamos que la pague hoy o que nos indique hoy cuándo podemos esperar el pago.{{#if partialNote}} {{partialNote}}{{/if}}

{{howToPay}}

{{contactLine}}`,
			),
			sms: '{{companyName}}: acción necesaria. La factura {{invoiceNumber}} ({{amountDue}}) está {{overdueBy}}. Pague hoy: {{paymentLink}}',
		},
	},
	overdue_7: {
		friendly: {
			email: mail(
				'¿Podemos ayudarle con la factura {{invoiceNumber}}?',
				`Su factura {{invoiceNumber}} por {{amountDue}} vencía el {{dueDate}} y está {{overdueBy}}. Si algo está retrasando el pago, nos gustaría ayudarle.{{#if partialNote}} {{partialNote}}{{/if}}

¿El importe no es correcto, necesita una copia de la factura o le resultaría más fácil pagar a plazos? Responda a este correo y lo resolveremos juntos.

{{howToPay}}

{{otherContact}}`,
			),
			sms: '{{companyName}}: la factura {{invoiceNumber}} ({{amountDue}}) está {{overdueBy}}. ¿Necesita ayuda o más tiempo? Responda. Pagar: {{paymentLink}}',
		},
		firm: {
			email: mail(
				'La factura {{invoiceNumber}} está {{overdueBy}}',
				`Su factura {{invoiceNumber}} por {{amountDue}}, con vencimiento el {{dueDate}}, sigue pendiente. Le rogamos que realice el pago esta semana.{{#if partialNote}} {{partialNote}}{{/if}}

Si hay algún problema con la factura o desea hablar de un plan de pagos, responda a este correo y buscaremos una solución con usted.

{{howToPay}}`,
			),
			sms: '{{companyName}}: la factura {{invoiceNumber}} ({{amountDue}}) está {{overdueBy}}. Pague esta semana o responda: {{paymentLink}}',
		},
		escalating: {
			email: mail(
				'Pago necesario ahora: factura {{invoiceNumber}}',
				`Su factura {{invoiceNumber}} por {{amountDue}} está {{overdueBy}}{{#if remindedBefore}} y no hemos tenido noticias suyas{{/if}}. Le rogamos que pague el importe pendiente ahora o que nos responda hoy para acordar una solución.{{#if partialNote}} {{partialNote}}{{/if}}

{{howToPay}}

{{otherContact}}`,
			),
			sms: '{{companyName}}: la factura {{invoiceNumber}} ({{amountDue}}) está {{overdueBy}}. Pague ahora o responda hoy: {{paymentLink}}',
		},
	},
	overdue_14: {
		friendly: {
			email: mail(
				'Factura {{invoiceNumber}}: busquemos una solución',
				`Su factura {{invoiceNumber}} por {{amountDue}} vencía el {{dueDate}} y está {{overdueBy}}.{{#if partialNote}} {{partialNote}}{{/if}}

Sabemos que la tesorería a veces va justa. Si ahora le resulta difícil pagar el importe completo, responda a este correo y acordaremos un plan de pagos que le convenga.

{{howToPay}}

{{otherContact}}`,
			),
			sms: '{{companyName}}: la factura {{invoiceNumber}} ({{amountDue}}) está {{overdueBy}}. ¿No es buen momento? Responda y buscaremos una solución. {{paymentLink}}',
		},
		firm: {
			email: mail(
				'{{#if remindedBefore}}Segundo recordatorio{{else}}Recordatorio de pago{{/if}}: la factura {{invoiceNumber}} está {{overdueBy}}',
				`Todavía no hemos recibido el pago{{#if isPartiallyPaid}} completo{{/if}} de su factura {{invoiceNumber}} por {{amountDue}}, con vencimiento el {{dueDate}}.{{#if partialNote}} {{partialNote}}{{/if}}

Entendemos que el día a día es intenso, pero este importe debe liquidarse ya. Le rogamos que pague en los próximos días o que nos indique cuándo podemos esperar el pago. Si hay algún error en la factura, díganoslo y lo revisaremos enseguida.

{{howToPay}}`,
			),
			sms: '{{companyName}}: la factura {{invoiceNumber}} ({{amountDue}}) está {{overdueBy}}. Pague en los próximos días o responda: {{paymentLink}}',
		},
		escalating: {
			email: mail(
				'Urgente: la factura {{invoiceNumber}} está {{overdueBy}}',
				`Su factura {{invoiceNumber}} por {{amountDue}} está {{overdueBy}}{{#if remindedBefore}} y no hemos recibido ni el pago{{#if isPartiallyPaid}} completo{{/if}} ni respuesta a nuestros recordatorios anteriores{{else}} y todavía no hemos recibido el pago{{#if isPartiallyPaid}} completo{{/if}}{{/if}}.{{#if partialNote}} {{partialNote}}{{/if}}

Queremos resolver esto directamente con usted. Le rogamos que pague ahora o que se ponga en contacto con nosotros en los próximos tres días hábiles para acordar una solución.

{{howToPay}}

{{contactLine}}`,
			),
			sms: '{{companyName}}: urgente. La factura {{invoiceNumber}} ({{amountDue}}) está {{overdueBy}}. Pague o responda en 3 días hábiles: {{paymentLink}}',
		},
	},
	final_notice: {
		firm: {
			email: mail(
				'Último aviso: factura {{invoiceNumber}}',
				`{{#if remindedBefore}}A pesar de nuestros recordatorios anteriores, su{{else}}Su{{/if}} factura {{invoiceNumber}}{{#if hasService}} ({{serviceName}}){{/if}} por {{amountDue}} (con vencimiento el {{dueDate}}) sigue pendiente y está {{overdueBy}}.{{#if partialNote}} {{partialNote}}{{/if}}

Este es nuestro último recordatorio. Si en 7 días no recibimos el pago ni noticias suyas, el expediente pasará a nuestro departamento financiero y los servicios de su cuenta podrían quedar en pausa.

{{howToPay}}

Si ahora no puede pagar, responda a este correo. Preferimos con mucho acordar una solución con usted.`,
			),
			sms: '{{companyName}}: último aviso. La factura {{invoiceNumber}} ({{amountDue}}) está {{overdueBy}}. Pague en 7 días o responda: {{paymentLink}}',
		},
		escalating: {
			email: mail(
				'Último aviso antes de escalar: factura {{invoiceNumber}}',
				`Su factura {{invoiceNumber}}{{#if hasService}} ({{serviceName}}){{/if}} por {{amountDue}}, con vencimiento el {{dueDate}}, está {{overdueBy}}. {{#if remindedBefore}}No hemos recibido ni el pago{{#if isPartiallyPaid}} completo{{/if}} ni respuesta a nuestros recordatorios.{{else}}Todavía no hemos recibido el pago{{#if isPartiallyPaid}} completo{{/if}}.{{/if}}{{#if partialNote}} {{partialNote}}{{/if}}

Le rogamos que pague el importe completo en un plazo de 7 días. De lo contrario, el expediente pasará a nuestro departamento financiero para su gestión y los servicios de su cuenta podrían quedar en pausa.

{{howToPay}}

Si no puede pagar el importe completo, responda hoy y hablaremos de un plan de pagos.`,
			),
			sms: '{{companyName}}: ÚLTIMO AVISO. La factura {{invoiceNumber}} ({{amountDue}}) está {{overdueBy}}. Pague en 7 días para evitar la escalada: {{paymentLink}}',
		},
	},
	service_pause: {
		firm: {
			email: mail(
				'Aviso de pausa del servicio: la factura {{invoiceNumber}} está {{overdueBy}}',
				`Su factura {{invoiceNumber}}{{#if hasService}} ({{serviceName}}){{/if}} por {{amountDue}}, con vencimiento el {{dueDate}}, está {{overdueBy}}. {{#if remindedBefore}}Ya se lo hemos recordado y todavía no hemos recibido el pago{{#if isPartiallyPaid}} completo{{/if}}.{{else}}Todavía no hemos recibido el pago{{#if isPartiallyPaid}} completo{{/if}}.{{/if}}{{#if partialNote}} {{partialNote}}{{/if}}

Si no se abona el saldo o no se acuerda un plan de pagos, tendremos que pausar los servicios de su cuenta.{{#if ccFinance}} Hemos puesto en copia a su departamento financiero para que este mensaje llegue a la persona adecuada.{{/if}}

{{howToPay}}

Le rogamos que pague ahora o que responda a este correo para acordar juntos los próximos pasos.`,
			),
			sms: '{{companyName}}: la factura {{invoiceNumber}} ({{amountDue}}) está {{overdueBy}}. Sin el pago, su servicio podría pausarse: {{paymentLink}}',
		},
		escalating: {
			email: mail(
				'Su servicio se pausará: la factura {{invoiceNumber}} está {{overdueBy}}',
				`Su factura {{invoiceNumber}}{{#if hasService}} ({{serviceName}}){{/if}} por {{amountDue}}, con vencimiento el {{dueDate}}, está {{overdueBy}}{{#if remindedBefore}} y nuestros recordatorios no han recibido respuesta{{/if}}.{{#if partialNote}} {{partialNote}}{{/if}}

Pausaremos los servicios de su cuenta si en 7 días no recibimos el pago o no se acuerda un plan de pagos.{{#if ccFinance}} Su departamento financiero recibe este mensaje en copia.{{/if}}

{{howToPay}}

Si desea seguir utilizando su servicio sin interrupciones, pague ahora o responda hoy.`,
			),
			sms: '{{companyName}}: la factura {{invoiceNumber}} ({{amountDue}}) está {{overdueBy}}. Sin pago en 7 días pausaremos su servicio: {{paymentLink}}',
		},
	},
	payment_partial: {
		friendly: {
			email: mail(
				'Gracias por su pago de la factura {{invoiceNumber}}',
				`¡Muchas gracias! Hemos recibido su pago de {{paymentAmount}} de la factura {{invoiceNumber}}.

El saldo pendiente es de {{amountDue}}.{{#if paymentLink}} Puede pagar el resto cuando le venga bien:
{{paymentLink}}{{/if}}

{{contactLine}}`,
			),
			sms: '{{companyName}}: ¡gracias! Hemos recibido {{paymentAmount}} de la factura {{invoiceNumber}}. Saldo pendiente: {{amountDue}}.{{#if paymentLink}} Pagar el resto: {{paymentLink}}{{/if}}',
		},
	},
	payment_failed: {
		friendly: {
			email: mail(
				'El pago de la factura {{invoiceNumber}} no se ha completado',
				`Intentamos cobrar {{paymentAmount}} de la factura {{invoiceNumber}}{{#if paymentDate}} el {{paymentDate}}{{/if}}, pero el pago no se completó porque {{declineReason}}.

{{#if adviceUpdate}}Actualice sus datos de pago para que podamos intentarlo de nuevo:{{else}}{{#if adviceAuth}}Su banco necesita que confirme este pago. Puede hacerlo aquí:{{else}}{{#if adviceBank}}Su banco ha rechazado el cargo. Una llamada rápida a su banco suele resolverlo, o puede pagar de otra forma aquí:{{else}}{{#if retryDate}}Lo intentaremos de nuevo el {{retryDate}}. Para asegurarse de que funcione, puede revisar o actualizar sus datos de pago aquí:{{else}}Puede revisar sus datos de pago, o pagar de otra forma, aquí:{{/if}}{{/if}}{{/if}}{{/if}}
{{fixLink}}

Esto ocurre de vez en cuando, y actualizar los datos solo lleva un minuto. {{contactLine}}`,
			),
			sms: '{{companyName}}: el pago de {{paymentAmount}} de la factura {{invoiceNumber}} no se completó. Actualice sus datos de pago: {{fixLink}}',
		},
	},
	payment_received: {
		friendly: {
			email: mail(
				'Pago recibido de la factura {{invoiceNumber}}, ¡muchas gracias!',
				`¡Muchas gracias! Hemos recibido su pago de {{paymentAmount}} de la factura {{invoiceNumber}}{{#if paymentDate}} el {{paymentDate}}{{/if}}.{{#if paidInFull}} La factura queda totalmente pagada y no tiene que hacer nada más.{{/if}}

Será un placer seguir colaborando con usted. {{contactLine}}`,
			),
			sms: '{{companyName}}: ¡gracias! Hemos recibido su pago de {{paymentAmount}} de la factura {{invoiceNumber}}.',
		},
	},
	payment_plan: {
		friendly: {
			email: mail(
				'Su plan de pagos para la factura {{invoiceNumber}}',
				`Gracias por acordar un plan de pagos para la factura {{invoiceNumber}}. Este es el calendario acordado ({{planCount}} plazos{{#if planTotal}}, {{planTotal}} en total{{/if}}):

{{planSchedule}}

Mientras los pagos lleguen a tiempo, no recibirá ningún recordatorio sobre esta factura.

{{contactLine}}`,
			),
			sms: '{{companyName}}: su plan de pagos para la factura {{invoiceNumber}} está confirmado: {{planCount}} plazos, el primero el {{planFirstDate}}. ¡Gracias!',
		},
	},
	promise_confirmation: {
		friendly: {
			email: mail(
				'Gracias, hemos anotado su fecha de pago de la factura {{invoiceNumber}}',
				`Gracias por avisarnos. Hemos anotado que tiene previsto pagar{{#if promiseAmount}} {{promiseAmount}} de{{/if}} la factura {{invoiceNumber}} antes del {{promiseDate}}.

Hemos pausado los recordatorios de esta factura hasta entonces.{{#if paymentLink}} Cuando le venga bien, puede pagar aquí:
{{paymentLink}}{{/if}}

{{contactLine}}`,
			),
			sms: '{{companyName}}: ¡gracias! Hemos anotado su pago de la factura {{invoiceNumber}} antes del {{promiseDate}}. Sin recordatorios hasta entonces.',
		},
	},
	dispute_ack: {
		friendly: {
			email: mail(
				'Hemos recibido su consulta sobre la factura {{invoiceNumber}}',
				`Gracias por ponerse en contacto con nosotros sobre la factura {{invoiceNumber}}.{{#if hasDisputeReason}} Nos escribió: {{quote disputeReason}}{{/if}}

Hemos pausado todos los recordatorios de pago de esta factura mientras lo revisamos{{#if reference}} (referencia {{reference}}){{/if}}. Le responderemos lo antes posible, normalmente en pocos días hábiles.

{{contactLine}}`,
			),
			sms: '{{companyName}}: hemos recibido su consulta sobre la factura {{invoiceNumber}} y pausado los recordatorios mientras la revisamos. Le responderemos pronto.',
		},
	},
};
