/**
 * Internal alerts and tasks (English): for Slack / Teams / plain text. `{{#bold}}` and `{{link}}` adapt
 * to the output format; customer data is escaped for the format by the context builder.
 */
import type { LanguagePack } from './types';

const ACCOUNT = `{{#bold}}Account{{/bold}}
{{accountSummary}}`;

const HISTORY = `{{#bold}}Payment history{{/bold}}
{{historySummary}}`;

const TOUCHES = `{{#bold}}Recent touches{{/bold}}
{{#each recentTouches}}- {{when}}: {{step}} by {{channel}}{{#if status}} ({{status}}){{/if}}
{{else}}- No messages sent yet
{{/each}}`;

const FOOTER = `{{#bold}}Risk{{/bold}}: {{riskSummary}}
{{#if nextStepText}}{{#bold}}Next automatic step{{/bold}}: {{nextStepText}}
{{/if}}{{#if recordLink}}{{link recordLink "Open the invoice"}}{{/if}}`;

export const internalPack: LanguagePack = {
	ae_alert: {
		friendly: {
			internal: {
				title: '{{customerName}}: invoice {{invoiceNumber}} is {{overdueBy}}',
				body: `{{#bold}}Please reach out to {{customerName}}{{/bold}}: invoice {{invoiceNumber}} for {{amountDue}} is {{overdueBy}} (due {{dueDate}}). A personal call usually works better than another reminder. Automatic reminders continue unless you pause them.

${ACCOUNT}

${HISTORY}

${TOUCHES}

${FOOTER}`,
			},
		},
	},
	ae_brief: {
		friendly: {
			internal: {
				title: 'Account brief: {{customerName}}',
				body: `{{#bold}}Brief for {{accountOwnerMention}}{{/bold}}: {{customerName}} has invoice {{invoiceNumber}} open for {{amountDue}}, {{statusText}}.

${ACCOUNT}

${HISTORY}

${TOUCHES}

${FOOTER}`,
			},
		},
	},
	finance_decision: {
		friendly: {
			internal: {
				title: 'Finance decision needed: {{customerName}}, invoice {{invoiceNumber}} is {{overdueBy}}',
				body: `{{#bold}}Decision needed{{/bold}}: invoice {{invoiceNumber}} for {{amountDue}} ({{customerName}}) is {{overdueBy}}, and the automatic reminders have run their course.

Options: a personal call, a payment plan, pausing the service, or a write-off. Owner: {{accountOwnerMention}}.{{#if hasFinanceName}} Finance: {{financeName}}.{{/if}}

${ACCOUNT}

${HISTORY}

${TOUCHES}

${FOOTER}`,
			},
		},
	},
	approval_request: {
		friendly: {
			internal: {
				title: 'Approval needed: {{stepLabel}} for {{customerName}} ({{invoiceNumber}})',
				body: `{{#bold}}Approval needed{{/bold}} before a message goes to {{customerName}}.

Message: {{stepLabel}}, {{tone}} tone
Invoice {{invoiceNumber}}: {{amountDue}}, {{statusText}}.
Why approval: {{approvalReason}}
Channels: {{channelList}}
Approver: {{approverName}}

{{#if preview}}{{#bold}}Message preview{{/bold}}
{{preview}}

{{/if}}${HISTORY}

{{#if approveLink}}{{link approveLink "Approve"}}{{#if rejectLink}} | {{link rejectLink "Reject"}}{{/if}}{{else}}Nothing goes to the customer until it is approved.{{/if}}`,
			},
		},
	},
	human_task: {
		friendly: {
			internal: {
				title: 'Action needed: {{taskTitle}}',
				body: `{{#bold}}{{taskTitle}}{{/bold}}
Customer: {{customerName}} | Invoice {{invoiceNumber}} | {{amountDue}} | {{statusText}}

Why: {{taskReason}}
What to do: {{taskAction}}
{{#if taskDueDate}}Please handle by: {{taskDueDate}}
{{/if}}{{#if reasonsList}}
{{#bold}}Reasons{{/bold}}
{{reasonsList}}
{{/if}}
Owner: {{accountOwnerMention}}
{{#if ticketLink}}{{link ticketLink "Open the ticket"}}
{{/if}}{{#if recordLink}}{{link recordLink "Open the invoice"}}{{/if}}`,
			},
		},
	},
};
