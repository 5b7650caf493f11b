/**
 * English: phrases and customer-facing templates, in wording that reads right in the US and the UK alike (no
 * spelling or term only one of them uses: "payments", not "instalments"; the pack test checks every English text).
 */
import type { LanguagePack, Phrases } from './types';
import { mail } from './types';

const DECLINE: Record<string, string> = {
	insufficient_funds: 'the card had insufficient funds',
	expired_card: 'the card has expired',
	incorrect_cvc: 'the security code did not match',
	invalid_cvc: 'the security code did not match',
	incorrect_number: 'the card number was not valid',
	invalid_number: 'the card number was not valid',
	invalid_expiry_month: 'the date on the card did not match',
	invalid_expiry_year: 'the date on the card did not match',
	authentication_required: 'your bank asked for an extra verification step',
	card_velocity_exceeded: "the card's spending limit was reached",
	withdrawal_count_limit_exceeded: "the card's spending limit was reached",
	processing_error: 'of a temporary problem with the payment network',
	network_error: 'of a temporary problem with the payment network',
	try_again_later: 'of a temporary problem with the payment network',
	lost_card: 'the card can no longer be used',
	stolen_card: 'the card can no longer be used',
	pickup_card: 'the card can no longer be used',
	restricted_card: 'the card can no longer be used',
	card_not_supported: 'the card does not support this type of payment',
	temporary: 'of a temporary problem with the payment network',
	issuer_declined: 'the bank declined the charge',
	card_details: 'the card details are no longer valid',
	card_unusable: 'the card can no longer be used',
	fraud_or_lost: 'the card can no longer be used',
	bank_account: 'the bank account could not be charged',
	currency_not_supported: 'the card does not support this currency',
};

export const enPhrases: Phrases = {
	language: 'en',
	greeting({ formality, salutation, firstName, lastName, fullName, region }) {
		const dot = region === 'US' || region === 'CA' ? '.' : '';
		if (formality === 'formal') {
			if (salutation && lastName) return `Dear ${salutation === 'ms' ? 'Ms' : 'Mr'}${dot} ${lastName},`;
			if (firstName && lastName) return `Dear ${firstName} ${lastName},`;
			if (firstName) return `Dear ${firstName},`;
			if (fullName) return `Dear ${fullName},`;
			return 'Hello,';
		}
		if (firstName) return `Hi ${firstName},`;
		if (fullName) return `Hello ${fullName},`;
		return 'Hello,';
	},
	closing(formality, tone) {
		if (formality === 'formal') return 'Kind regards,';
		return tone === 'friendly' ? 'Thank you,' : 'Regards,';
	},
	team: 'Billing team',
	fallback: {
		firstName: 'there',
		customerName: 'your company',
		accountOwner: 'your account manager',
		service: 'our services',
		amount: 'the amount shown on the invoice',
		date: 'the date shown on the invoice',
		disputeReason: 'your question about this invoice',
		dueRelative: 'soon',
	},
	overdueBy(days) {
		if (days === undefined || days <= 0) return 'overdue';
		return days === 1 ? '1 day overdue' : `${days} days overdue`;
	},
	contactLine({ email, phone }) {
		if (phone && email) return `If you have any questions, reply to this email, write to ${email} or call ${phone}.`;
		if (phone) return `If you have any questions, just reply to this email or call ${phone}.`;
		if (email) return `If you have any questions, just reply to this email or write to ${email}.`;
		return 'If you have any questions, just reply to this email.';
	},
	otherContact({ email, phone }) {
		if (phone && email) return `You can also write to ${email} or call ${phone}.`;
		if (phone) return `You can also call ${phone}.`;
		if (email) return `You can also write to ${email}.`;
		return undefined;
	},
	partialNote({ paid, balance, total }) {
		return `Thank you for the ${paid} already paid; ${balance} of the ${total} is still open.`;
	},
	howToPay(link, instructions) {
		if (link && instructions) return `You can pay securely online here:\n${link}\n\nIf you prefer to pay by bank transfer:\n${instructions}`;
		if (link) return `You can pay securely online here:\n${link}`;
		if (instructions) return `Payment details:\n${instructions}`;
		return undefined;
	},
	payButton: 'Pay invoice',
	updateButton: 'Update payment details',
	declineReason(code) {
		return (code && DECLINE[code]) || 'the card issuer declined the payment';
	},
	stopHint: 'Reply STOP to opt out.',
	unsubscribe(link, company) {
		const intro = `You're receiving this courtesy reminder because you have an open invoice with ${company ?? 'us'}.`;
		return link
			? `${intro} Prefer not to get reminders before the due date? Unsubscribe: ${link}`
			: `${intro} Prefer not to get reminders before the due date? Reply "unsubscribe" and we'll stop them.`;
	},
	planLine(date, amount) {
		return `- ${date}: ${amount}`;
	},
	quotes: ['"', '"'],
};

export const enPack: LanguagePack = {
	pre_due_7: {
		friendly: {
			email: mail(
				'Upcoming: invoice {{invoiceNumber}} is due {{dueRelative}}',
				`A quick heads-up: invoice {{invoiceNumber}} for {{amountDue}} is due on {{dueDate}}.{{#if partialNote}} {{partialNote}}{{/if}}

{{howToPay}}

If payment is already scheduled, thank you, and please ignore this note. {{contactLine}}`,
			),
			sms: '{{companyName}}: a heads-up that invoice {{invoiceNumber}} for {{amountDue}} is due on {{dueDate}}. Pay online: {{paymentLink}}',
		},
		firm: {
			email: mail(
				'Invoice {{invoiceNumber}} is due on {{dueDate}}',
				`This is a reminder that invoice {{invoiceNumber}} for {{amountDue}} is due on {{dueDate}}. Please make sure payment is scheduled so that it arrives on time.{{#if partialNote}} {{partialNote}}{{/if}}

{{howToPay}}

{{contactLine}}`,
			),
			sms: '{{companyName}}: invoice {{invoiceNumber}} for {{amountDue}} is due on {{dueDate}}. Please schedule payment: {{paymentLink}}',
		},
	},
	pre_due_3: {
		friendly: {
			email: mail(
				'Reminder: invoice {{invoiceNumber}} is due {{dueRelative}}',
				`Just a friendly reminder that invoice {{invoiceNumber}} for {{amountDue}} is due {{dueRelative}}, on {{dueDate}}.{{#if partialNote}} {{partialNote}}{{/if}}

{{howToPay}}

Already paid? Thank you, there's nothing more to do. {{contactLine}}`,
			),
			sms: '{{companyName}}: reminder, invoice {{invoiceNumber}} ({{amountDue}}) is due {{dueRelative}}, on {{dueDate}}. Pay: {{paymentLink}}',
		},
		firm: {
			email: mail(
				'Payment reminder: invoice {{invoiceNumber}} is due on {{dueDate}}',
				`Invoice {{invoiceNumber}} for {{amountDue}} is due {{dueRelative}}, on {{dueDate}}. To keep it from becoming overdue, please arrange payment by then.{{#if partialNote}} {{partialNote}}{{/if}}

{{howToPay}}

{{contactLine}}`,
			),
			sms: '{{companyName}}: invoice {{invoiceNumber}} ({{amountDue}}) is due on {{dueDate}}. Please pay by then: {{paymentLink}}',
		},
	},
	pre_due_1: {
		friendly: {
			email: mail(
				'Invoice {{invoiceNumber}} is due {{dueRelative}}',
				`A short reminder that invoice {{invoiceNumber}} for {{amountDue}} is due {{dueRelative}} ({{dueDate}}).{{#if partialNote}} {{partialNote}}{{/if}}

{{howToPay}}

If you've already arranged payment, thank you! {{contactLine}}`,
			),
			sms: '{{companyName}}: invoice {{invoiceNumber}} ({{amountDue}}) is due {{dueRelative}}. Already paid? Thank you! Otherwise: {{paymentLink}}',
		},
		firm: {
			email: mail(
				'Due {{dueRelative}}: invoice {{invoiceNumber}}',
				`Invoice {{invoiceNumber}} for {{amountDue}} is due {{dueRelative}} ({{dueDate}}). Please make sure payment is made by then.{{#if partialNote}} {{partialNote}}{{/if}}

{{howToPay}}

{{contactLine}}`,
			),
			sms: '{{companyName}}: invoice {{invoiceNumber}} ({{amountDue}}) is due {{dueRelative}}. Please pay on time: {{paymentLink}}',
		},
	},
	due_today: {
		friendly: {
			email: mail(
				'Invoice {{invoiceNumber}} is due {{dueRelative}}',
				`Invoice {{invoiceNumber}} for {{amountDue}} is due {{dueRelative}} ({{dueDate}}).{{#if partialNote}} {{partialNote}}{{/if}}

{{howToPay}}

If payment is already on its way, thank you, there's nothing else to do. {{contactLine}}`,
			),
			sms: '{{companyName}}: invoice {{invoiceNumber}} for {{amountDue}} is due {{dueRelative}}. If it is on its way, thanks! Pay: {{paymentLink}}',
		},
		firm: {
			email: mail(
				'Payment due {{dueRelative}}: invoice {{invoiceNumber}}',
				`Invoice {{invoiceNumber}} for {{amountDue}} is due {{dueRelative}} ({{dueDate}}). Please arrange payment now so that your account stays in good standing.{{#if partialNote}} {{partialNote}}{{/if}}

{{howToPay}}

{{contactLine}}`,
			),
			sms: '{{companyName}}: invoice {{invoiceNumber}} ({{amountDue}}) is due {{dueRelative}}. Please pay now: {{paymentLink}}',
		},
	},
	overdue_1: {
		friendly: {
			email: mail(
				'Invoice {{invoiceNumber}} is now overdue',
				`We haven't received {{#if isPartiallyPaid}}full {{/if}}payment yet for invoice {{invoiceNumber}} for {{amountDue}}, which was due on {{dueDate}}. These things are easy to miss, so this is just a gentle nudge.{{#if partialNote}} {{partialNote}}{{/if}}

{{howToPay}}

If you've already paid, thank you, and please disregard this message. {{contactLine}}`,
			),
			sms: '{{companyName}}: invoice {{invoiceNumber}} ({{amountDue}}) was due on {{dueDate}}. Already paid? Thanks! If not, pay here: {{paymentLink}}',
		},
		firm: {
			email: mail(
				'Overdue: invoice {{invoiceNumber}}',
				`Invoice {{invoiceNumber}} for {{amountDue}} was due on {{dueDate}} and is now {{overdueBy}}. Please arrange payment as soon as possible.{{#if partialNote}} {{partialNote}}{{/if}}

{{howToPay}}

If there's a problem with the invoice, reply to this email and we'll look into it right away.`,
			),
			sms: '{{companyName}}: invoice {{invoiceNumber}} ({{amountDue}}) is {{overdueBy}}. Please pay now: {{paymentLink}}',
		},
		escalating: {
			email: mail(
				'Action required: invoice {{invoiceNumber}} is overdue',
				`Invoice {{invoiceNumber}} for {{amountDue}} was due on {{dueDate}} and {{#if isPartiallyPaid}}is not yet paid in full{{else}}remains unpaid{{/if}}. Please pay it today, or let us know today when we can expect payment.{{#if partialNote}} {{partialNote}}{{/if}}

{{howToPay}}

{{contactLine}}`,
			),
			sms: '{{companyName}}: action needed. Invoice {{invoiceNumber}} ({{amountDue}}) is {{overdueBy}}. Please pay today: {{paymentLink}}',
		},
	},
	overdue_7: {
		friendly: {
			email: mail(
				'Can we help with invoice {{invoiceNumber}}?',
				`Invoice {{invoiceNumber}} for {{amountDue}} was due on {{dueDate}} and is now {{overdueBy}}. If something is holding up payment, we'd like to help.{{#if partialNote}} {{partialNote}}{{/if}}

If the amount looks wrong, you need a copy of the invoice, or paying in several parts would make things easier, just reply to this email and we'll sort it out together.

{{howToPay}}

{{otherContact}}`,
			),
			sms: '{{companyName}}: invoice {{invoiceNumber}} ({{amountDue}}) is {{overdueBy}}. Need help or more time? Just reply. Pay: {{paymentLink}}',
		},
		firm: {
			email: mail(
				'Invoice {{invoiceNumber}} is {{overdueBy}}',
				`Invoice {{invoiceNumber}} for {{amountDue}}, due on {{dueDate}}, is still {{#if isPartiallyPaid}}not paid in full{{else}}unpaid{{/if}}. Please arrange payment this week.{{#if partialNote}} {{partialNote}}{{/if}}

If there's an issue with the invoice, or you'd like to discuss a payment plan, reply to this email and we'll find a solution with you.

{{howToPay}}`,
			),
			sms: '{{companyName}}: invoice {{invoiceNumber}} ({{amountDue}}) is {{overdueBy}}. Please pay this week or reply to discuss: {{paymentLink}}',
		},
		escalating: {
			email: mail(
				'Payment needed now: invoice {{invoiceNumber}}',
				`Invoice {{invoiceNumber}} for {{amountDue}} is now {{overdueBy}}{{#if remindedBefore}}, and we haven't heard from you{{/if}}. Please pay the outstanding amount now, or reply today so that we can agree on a plan.{{#if partialNote}} {{partialNote}}{{/if}}

{{howToPay}}

{{otherContact}}`,
			),
			sms: '{{companyName}}: invoice {{invoiceNumber}} ({{amountDue}}) is {{overdueBy}}. Please pay now or reply today: {{paymentLink}}',
		},
	},
	overdue_14: {
		friendly: {
			email: mail(
				"Invoice {{invoiceNumber}}: let's find a way forward",
				`Invoice {{invoiceNumber}} for {{amountDue}} was due on {{dueDate}} and is now {{overdueBy}}.{{#if partialNote}} {{partialNote}}{{/if}}

We understand that cash flow can be tight at times. If paying the full amount right now is difficult, reply to this email and we can agree on a payment plan that works for you.

{{howToPay}}

{{otherContact}}`,
			),
			sms: "{{companyName}}: invoice {{invoiceNumber}} ({{amountDue}}) is {{overdueBy}}. If now isn't a good time, reply and we'll agree a plan. Pay: {{paymentLink}}",
		},
		firm: {
			email: mail(
				'{{#if remindedBefore}}Second reminder{{else}}Payment reminder{{/if}}: invoice {{invoiceNumber}} is {{overdueBy}}',
				`We still haven't received {{#if isPartiallyPaid}}full {{/if}}payment for invoice {{invoiceNumber}} for {{amountDue}}, which was due on {{dueDate}}.{{#if partialNote}} {{partialNote}}{{/if}}

We know things get busy, but this needs to be settled now. Please pay within the next few days, or reply to let us know when we can expect payment. If something is wrong with the invoice, tell us and we'll look into it straight away.

{{howToPay}}`,
			),
			sms: '{{companyName}}: invoice {{invoiceNumber}} ({{amountDue}}) is {{overdueBy}}. Please pay within a few days or reply: {{paymentLink}}',
		},
		escalating: {
			email: mail(
				'Urgent: invoice {{invoiceNumber}} is {{overdueBy}}',
				`Invoice {{invoiceNumber}} for {{amountDue}} is now {{overdueBy}}, and we have not received {{#if isPartiallyPaid}}full {{/if}}payment{{#if remindedBefore}} or a reply to our earlier reminders{{/if}}.{{#if partialNote}} {{partialNote}}{{/if}}

We would like to resolve this with you directly. Please pay now, or contact us within the next three business days to agree on a plan.

{{howToPay}}

{{contactLine}}`,
			),
			sms: '{{companyName}}: urgent. Invoice {{invoiceNumber}} ({{amountDue}}) is {{overdueBy}}. Pay now or reply within 3 business days: {{paymentLink}}',
		},
	},
	final_notice: {
		firm: {
			email: mail(
				'Final notice: invoice {{invoiceNumber}}',
				`{{#if remindedBefore}}Despite our earlier reminders, invoice{{else}}Invoice{{/if}} {{invoiceNumber}}{{#if hasService}} ({{serviceName}}){{/if}} for {{amountDue}} (due on {{dueDate}}) is still {{#if isPartiallyPaid}}not paid in full{{else}}unpaid{{/if}} and is now {{overdueBy}}.{{#if partialNote}} {{partialNote}}{{/if}}

This is our final reminder. If we don't receive payment or hear from you within 7 days, the account will be referred to our finance team, and the services on your account may be paused.

{{howToPay}}

If there's a reason you can't pay right now, reply to this email. We would much rather agree on a plan with you.`,
			),
			sms: '{{companyName}}: final notice. Invoice {{invoiceNumber}} ({{amountDue}}) is {{overdueBy}}. Please pay within 7 days or reply: {{paymentLink}}',
		},
		escalating: {
			email: mail(
				'Final notice before escalation: invoice {{invoiceNumber}}',
				`Invoice {{invoiceNumber}}{{#if hasService}} ({{serviceName}}){{/if}} for {{amountDue}}, due on {{dueDate}}, is now {{overdueBy}}. We have not received {{#if isPartiallyPaid}}full {{/if}}payment{{#if remindedBefore}} or a response to our reminders{{/if}}.{{#if partialNote}} {{partialNote}}{{/if}}

Please pay the full amount within 7 days. Otherwise we will refer the account to our finance team for further action, and the services on your account may be paused.

{{howToPay}}

If you cannot pay in full, reply today and we will discuss a payment plan.`,
			),
			sms: '{{companyName}}: FINAL NOTICE. Invoice {{invoiceNumber}} ({{amountDue}}) is {{overdueBy}}. Pay within 7 days to avoid escalation: {{paymentLink}}',
		},
	},
	service_pause: {
		firm: {
			email: mail(
				'Service pause warning: invoice {{invoiceNumber}} is {{overdueBy}}',
				`Invoice {{invoiceNumber}}{{#if hasService}} ({{serviceName}}){{/if}} for {{amountDue}}, due on {{dueDate}}, is now {{overdueBy}}. {{#if remindedBefore}}We have reminded you about it and{{else}}We{{/if}} have not yet received {{#if isPartiallyPaid}}full {{/if}}payment.{{#if partialNote}} {{partialNote}}{{/if}}

Unless the balance is paid or a payment plan is agreed, we will have to pause the services on your account.{{#if ccFinance}} We have copied your finance contact so that this reaches the right person.{{/if}}

{{howToPay}}

Please pay now, or reply to this email so that we can agree on the next steps together.`,
			),
			sms: '{{companyName}}: invoice {{invoiceNumber}} ({{amountDue}}) is {{overdueBy}}. Your service may be paused unless it is paid: {{paymentLink}}',
		},
		escalating: {
			email: mail(
				'Your service will be paused: invoice {{invoiceNumber}} is {{overdueBy}}',
				`Invoice {{invoiceNumber}}{{#if hasService}} ({{serviceName}}){{/if}} for {{amountDue}}, due on {{dueDate}}, is now {{overdueBy}}{{#if remindedBefore}}, and our reminders have gone unanswered{{/if}}.{{#if partialNote}} {{partialNote}}{{/if}}

We will pause the services on your account unless payment is received or a payment plan is agreed within 7 days.{{#if ccFinance}} We have copied your finance contact on this message.{{/if}}

{{howToPay}}

If you would like to keep your service running, please pay now or reply today.`,
			),
			sms: '{{companyName}}: invoice {{invoiceNumber}} ({{amountDue}}) is {{overdueBy}}. Service will be paused unless paid within 7 days: {{paymentLink}}',
		},
	},
	payment_partial: {
		friendly: {
			email: mail(
				'Thank you for your payment on invoice {{invoiceNumber}}',
				`Thank you! We've received your payment of {{paymentAmount}} towards invoice {{invoiceNumber}}.

The remaining balance is {{amountDue}}.{{#if paymentLink}} You can pay the rest whenever you're ready:
{{paymentLink}}{{/if}}

{{contactLine}}`,
			),
			sms: '{{companyName}}: thank you! We received {{paymentAmount}} for invoice {{invoiceNumber}}. Remaining balance: {{amountDue}}.{{#if paymentLink}} Pay the rest: {{paymentLink}}{{/if}}',
		},
	},
	payment_failed: {
		friendly: {
			email: mail(
				"Payment for invoice {{invoiceNumber}} didn't go through",
				`We tried to collect {{paymentAmount}} for invoice {{invoiceNumber}}{{#if paymentDate}} on {{paymentDate}}{{/if}}, but the payment didn't go through because {{declineReason}}.

{{#if adviceUpdate}}Please update your payment details so that we can try again:{{else}}{{#if adviceAuth}}Your bank needs you to confirm this payment. You can do that here:{{else}}{{#if adviceBank}}Your bank declined the charge. A quick call to your bank usually sorts this out, or you can pay another way here:{{else}}{{#if retryDate}}We'll try again on {{retryDate}}. To make sure it goes through, you can check or update your payment details here:{{else}}You can check your payment details, or pay another way, here:{{/if}}{{/if}}{{/if}}{{/if}}
{{fixLink}}

This happens from time to time, and updating your details only takes a minute. {{contactLine}}`,
			),
			sms: "{{companyName}}: the payment of {{paymentAmount}} for invoice {{invoiceNumber}} didn't go through. Please update your payment details: {{fixLink}}",
		},
	},
	payment_received: {
		friendly: {
			email: mail(
				'Payment received for invoice {{invoiceNumber}}, thank you!',
				`Thank you! We've received your payment of {{paymentAmount}} for invoice {{invoiceNumber}}{{#if paymentDate}} on {{paymentDate}}{{/if}}.{{#if paidInFull}} The invoice is now paid in full, and there's nothing more to do.{{/if}}

We appreciate your business. {{contactLine}}`,
			),
			sms: '{{companyName}}: thank you! We received your payment of {{paymentAmount}} for invoice {{invoiceNumber}}.',
		},
	},
	payment_plan: {
		friendly: {
			email: mail(
				'Your payment plan for invoice {{invoiceNumber}}',
				`Thank you for agreeing to a payment plan for invoice {{invoiceNumber}}. Here is the schedule we agreed ({{planCount}} payments{{#if planTotal}}, {{planTotal}} in total{{/if}}):

{{planSchedule}}

As long as each payment arrives on time, you won't receive any reminders for this invoice.

{{contactLine}}`,
			),
			sms: '{{companyName}}: your payment plan for invoice {{invoiceNumber}} is confirmed: {{planCount}} payments, first on {{planFirstDate}}. Thank you!',
		},
	},
	promise_confirmation: {
		friendly: {
			email: mail(
				"Thanks, we've noted your payment date for invoice {{invoiceNumber}}",
				`Thank you for letting us know. We've noted that you plan to pay{{#if promiseAmount}} {{promiseAmount}} towards{{/if}} invoice {{invoiceNumber}} by {{promiseDate}}.

We've paused reminders for this invoice until then.{{#if paymentLink}} When you're ready, you can pay here:
{{paymentLink}}{{/if}}

{{contactLine}}`,
			),
			sms: "{{companyName}}: thank you! We've noted your payment for invoice {{invoiceNumber}} by {{promiseDate}}. No reminders until then.",
		},
	},
	dispute_ack: {
		friendly: {
			email: mail(
				"We've received your query about invoice {{invoiceNumber}}",
				`Thank you for getting in touch about invoice {{invoiceNumber}}.{{#if hasDisputeReason}} You told us: {{quote disputeReason}}{{/if}}

We've paused all payment reminders for this invoice while we look into it{{#if reference}} (reference {{reference}}){{/if}}. We'll get back to you as soon as possible, normally within a few business days.

{{contactLine}}`,
			),
			sms: "{{companyName}}: we've received your query about invoice {{invoiceNumber}} and paused reminders while we look into it. We'll be in touch soon.",
		},
	},
};
