/**
 * The policy as node parameters: edited in the node with the defaults shown (cadence steps and tiers
 * pre-filled), or given as JSON from an expression so one policy (e.g. from the AR Policy node) feeds
 * every node of a workflow. Read once per run, validated once.
 */
import type { IDataObject, IExecuteFunctions, INodeParameters, INodeProperties } from 'n8n-workflow';

import { DEFAULT_POLICY } from '../core/policy';
import type { Policy, StepDef, TierDef } from '../core/types';

const WEEKDAYS = [
	{ name: 'Monday', value: 1 },
	{ name: 'Tuesday', value: 2 },
	{ name: 'Wednesday', value: 3 },
	{ name: 'Thursday', value: 4 },
	{ name: 'Friday', value: 5 },
	{ name: 'Saturday', value: 6 },
	{ name: 'Sunday', value: 7 },
];

const TONE_OPTIONS = [
	{ name: 'Escalating', value: 'escalating' },
	{ name: 'Firm', value: 'firm' },
	{ name: 'Friendly', value: 'friendly' },
];

const CHANNEL_OPTIONS = [
	{ name: 'Email', value: 'email' },
	{ name: 'Internal (Slack/Teams/Task)', value: 'internal' },
	{ name: 'Letter', value: 'letter' },
	{ name: 'Phone Call', value: 'phone' },
	{ name: 'SMS', value: 'sms' },
	{ name: 'WhatsApp', value: 'whatsapp' },
];

const stepDefaults = (s: StepDef): INodeParameters => ({
	id: s.id,
	offsetDays: s.offsetDays,
	label: s.label,
	kind: s.kind,
	audience: s.audience,
	tone: s.tone,
	minTone: s.minTone ?? '',
	maxTone: s.maxTone ?? '',
	channels: s.channels,
	template: s.template ?? '',
	ccFinance: !!s.ccFinance,
	approval: s.approval ?? 'auto',
	transactional: s.transactional ?? s.offsetDays >= 0,
});

const tierDefaults = (t: TierDef): INodeParameters => ({ id: t.id, label: t.label, fromDay: t.fromDay, toDay: t.toDay === null ? '' : String(t.toDay) });

export type PolicyScope = 'full' | 'risk';

/** The policy parameters; `scope: 'risk'` shows only what the risk score uses. */
export function policyProperties(scope: PolicyScope = 'full'): INodeProperties[] {
	const d = DEFAULT_POLICY;
	const source: INodeProperties = {
		displayName: 'Policy',
		name: 'policySource',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Set in This Node',
				value: 'node',
				description: 'Edit the cadence, tiers and rules below; the defaults are a proven cadence',
			},
			{
				name: 'From JSON',
				value: 'json',
				description: 'One policy for the whole workflow, e.g. from the AR Policy node',
			},
		],
		default: 'node',
		description: 'Where the follow-up policy comes from. It is read once per run.',
	};
	const json: INodeProperties = {
		displayName: 'Policy JSON',
		name: 'policyJson',
		type: 'json',
		default: "={{ $('AR Policy').first().json.policy }}",
		displayOptions: { show: { policySource: ['json'] } },
		hint: 'Read once per run (from the first item). Missing settings take the defaults.',
		description: 'The policy object, e.g. the output of the AR Policy node',
	};
	const riskOptions: INodeProperties[] = [
		{
			displayName: 'Risk Band: Low up To',
			name: 'riskLow',
			type: 'number',
			default: 30,
			description: 'Scores up to this are low risk (friendly tone)',
		},
		{
			displayName: 'Risk Band: Medium up To',
			name: 'riskMedium',
			type: 'number',
			default: 55,
			description: 'Scores up to this are medium risk',
		},
		{
			displayName: 'Risk Band: High up To',
			name: 'riskHigh',
			type: 'number',
			default: 75,
			description: 'Scores up to this are high risk; above is critical',
		},
	];
	if (scope === 'risk') {
		return [
			source,
			json,
			{
				displayName: 'Risk Settings',
				name: 'policySettings',
				type: 'collection',
				placeholder: 'Add Setting',
				default: {},
				displayOptions: { show: { policySource: ['node'] } },
				options: riskOptions,
			},
		];
	}
	return [
		source,
		json,
		{
			displayName: 'Cadence Steps',
			name: 'cadence',
			type: 'fixedCollection',
			placeholder: 'Add Step',
			typeOptions: { multipleValues: true, sortable: true },
			displayOptions: { show: { policySource: ['node'] } },
			description: 'The follow-up steps, by days from the due date (negative = before). Pre-filled with the default cadence.',
			default: { steps: d.steps.map(stepDefaults) },
			options: [
				{
					name: 'steps',
					displayName: 'Step',
					values: [
						{
							displayName: 'Approval',
							name: 'approval',
							type: 'options',
							options: [
								{ name: 'Always', value: 'always', description: 'Every invoice needs a person to approve this step' },
								{ name: 'Key Accounts, Large Amounts and First Reminders', value: 'auto', description: 'Firm or escalating tone to a key account, on a balance above the threshold, or as the invoice\'s first reminder (when the rule is on)' },
							],
							default: 'auto',
						},
						{
							displayName: 'Audience',
							name: 'audience',
							type: 'options',
							options: [
								{ name: 'Customer', value: 'customer' },
								{ name: 'Internal', value: 'internal' },
							],
							default: 'customer',
						},
						{ displayName: 'Channels', name: 'channels', type: 'multiOptions', options: CHANNEL_OPTIONS, default: ['email'], description: "Sent on each of these (the customer's preferred channel first)" },
						{ displayName: 'Copy Finance', name: 'ccFinance', type: 'boolean', default: false, description: 'Whether to copy the finance lead (CFO) on this step' },
						{ displayName: 'Days From Due Date', name: 'offsetDays', type: 'number', default: 0, description: 'For example -3 (three days before due), 0 (due day) or 14 (two weeks late)' },
						{ displayName: 'Firmest Tone', name: 'maxTone', type: 'options', options: [{ name: 'One Above the Tone', value: '' }, ...TONE_OPTIONS], default: '' },
						{
							displayName: 'Kind',
							name: 'kind',
							type: 'options',
							options: [
								{ name: 'Internal Alert', value: 'alert' },
								{ name: 'Reminder', value: 'reminder' },
								{ name: 'Task for a Person', value: 'task' },
							],
							default: 'reminder',
						},
						{ displayName: 'Label', name: 'label', type: 'string', default: '', description: 'What this step is, in plain words' },
						{ displayName: 'Softest Tone', name: 'minTone', type: 'options', options: [{ name: 'One Below the Tone', value: '' }, ...TONE_OPTIONS], default: '' },
						{ displayName: 'Step ID', name: 'id', type: 'string', default: '', placeholder: 'D+7', description: 'A short unique name. It is part of the dedupe key.' },
						{ displayName: 'Template', name: 'template', type: 'string', default: '', description: 'Template key of the message pack. Empty means the step ID.' },
						{ displayName: 'Tone', name: 'tone', type: 'options', options: TONE_OPTIONS, default: 'friendly', description: 'Base tone. The risk band may move it one level within the bounds.' },
						{ displayName: 'Transactional', name: 'transactional', type: 'boolean', default: true, description: 'Whether this is a transactional notice (no unsubscribe line). Pre-due courtesy reminders are not.' },
					],
				},
			],
		},
		{
			displayName: 'Aging Tiers',
			name: 'tiers',
			type: 'fixedCollection',
			placeholder: 'Add Tier',
			typeOptions: { multipleValues: true, sortable: true },
			displayOptions: { show: { policySource: ['node'] } },
			description: 'Tiers by days past due, in order, without gaps. The AR Aging Router has one output per tier (up to four).',
			default: { tier: d.tiers.map(tierDefaults) },
			options: [
				{
					name: 'tier',
					displayName: 'Tier',
					values: [
						{ displayName: 'From Day', name: 'fromDay', type: 'number', default: 0, description: 'First day past due in this tier (negative = before due)' },
						{ displayName: 'Label', name: 'label', type: 'string', default: '' },
						{ displayName: 'Tier ID', name: 'id', type: 'string', default: '', placeholder: 'early' },
						{ displayName: 'To Day', name: 'toDay', type: 'string', default: '', placeholder: '14', description: 'Last day in this tier. Empty means no end (the last tier).' },
					],
				},
			],
		},
		{
			displayName: 'Rules',
			name: 'policySettings',
			type: 'collection',
			placeholder: 'Add Rule',
			default: {},
			displayOptions: { show: { policySource: ['node'] } },
			options: [
				{ displayName: 'Adjust Tone by Risk', name: 'adjustTone', type: 'boolean', default: true, description: 'Whether the risk band may move a step\'s tone one level (within its bounds)' },
				{
					displayName: 'Approval Amount Threshold',
					name: 'approvalAmountThreshold',
					type: 'number',
					default: 10000,
					description:
						'Firm or escalating messages on balances above this need approval (0 = no amount rule). Taken as it is in USD, EUR, GBP and currencies of similar worth; scaled by an approximate rate in others (10,000 = JPY 1,500,000, INR 880,000, KWD 3,100).',
				},
				{
					displayName: 'Approval Thresholds by Currency',
					name: 'approvalAmountThresholds',
					type: 'string',
					default: '',
					placeholder: 'JPY 2000000, INR 1000000, SEK none',
					description: 'Exact thresholds for some currencies, over the scaled one: a currency code and an amount, comma-separated ("none" = no amount rule in that currency)',
				},
				{
					displayName: 'Approve Firm First Reminders',
					name: 'approvalFirstContact',
					type: 'boolean',
					default: true,
					description: 'Whether a firm or escalating message that would be the first reminder an invoice gets (nothing sent before, e.g. an invoice first seen long overdue on a first run over a backlog) needs approval',
				},
				{
					displayName: 'Approver',
					name: 'approver',
					type: 'options',
					options: [
						{ name: 'Account Owner', value: 'accountOwner' },
						{ name: 'Finance', value: 'finance' },
					],
					default: 'accountOwner',
				},
				{ displayName: 'Auto-Charge Grace Days', name: 'autoChargeGraceDays', type: 'number', default: 3, description: 'With a card on file, reminders wait this many days past due for the charge' },
				{ displayName: 'Business Days', name: 'businessDays', type: 'multiOptions', options: WEEKDAYS, default: [1, 2, 3, 4, 5], description: 'Days on which messages may go out' },
				{ displayName: 'Company Closed Dates', name: 'extraDates', type: 'string', default: '', placeholder: '2026-12-24, 2026-12-31', description: 'Extra dates (YYYY-MM-DD, comma-separated) on which nothing goes out' },
				{ displayName: 'Company Time Zone', name: 'timeZone', type: 'string', default: 'UTC', placeholder: 'Europe/Berlin', description: 'Aging counts days on this calendar (IANA zone)' },
				{ displayName: 'Default Country for Holidays', name: 'defaultCountry', type: 'string', default: '', placeholder: 'US', description: 'Used when a customer has no country (ISO code)' },
				{ displayName: 'Default Currency', name: 'defaultCurrency', type: 'string', default: 'USD', placeholder: 'USD' },
				{ displayName: 'Default Locale', name: 'defaultLocale', type: 'string', default: 'en-US', placeholder: 'en-US' },
				{ displayName: 'Default Payment Terms (Days)', name: 'defaultPaymentTermsDays', type: 'number', default: 30, description: 'Used to compute a due date when an invoice has none' },
				{ displayName: 'Default Time Zone for Customers', name: 'defaultTimeZone', type: 'string', default: 'UTC', placeholder: 'America/New_York' },
				{ displayName: 'Fallback Channels', name: 'fallbackChannels', type: 'multiOptions', options: CHANNEL_OPTIONS.filter((c) => c.value !== 'internal'), default: ['email', 'sms'], description: 'Tried in order when a step\'s channels cannot reach the customer' },
				{ displayName: 'Minimum Gap (Hours)', name: 'minGapHours', type: 'number', default: 48, description: 'Between two messages to the same customer' },
				{ displayName: 'Promise Grace Days', name: 'promiseGraceDays', type: 'number', default: 2, description: 'Days after a promised date before the promise counts as broken' },
				{ displayName: 'Public Holidays', name: 'holidaysEnabled', type: 'boolean', default: true, description: 'Whether to send nothing on public and bank holidays of the customer\'s country and region' },
				{ displayName: 'Quiet Hours End', name: 'quietEnd', type: 'string', default: '08:00', placeholder: '08:00', description: 'Messages may go out from this local time (customer\'s zone)' },
				{ displayName: 'Quiet Hours Start', name: 'quietStart', type: 'string', default: '20:00', placeholder: '20:00', description: 'No message from this local time (customer\'s zone)' },
				{ displayName: 'Reply Pause (Days)', name: 'replyWindowDays', type: 'number', default: 5, description: 'A customer reply pauses messages this long' },
				...riskOptions,
				{
					displayName: 'Tolerance Amount',
					name: 'toleranceAmount',
					type: 'number',
					default: 1,
					description: 'A balance at or under this counts as paid. Taken as it is in USD, EUR, GBP and currencies of similar worth; scaled by an approximate rate in others (1 = JPY 150, IDR 16,000, KWD 0.31).',
				},
				{
					displayName: 'Tolerance by Currency',
					name: 'toleranceAmounts',
					type: 'string',
					default: '',
					placeholder: 'EUR 25, USD 30, GBP 20',
					description: 'Exact tolerances for some currencies, over the scaled one: a currency code and an amount, comma-separated (e.g. what bank charges usually take off a transfer, so that such a shortfall is not chased)',
				},
				{ displayName: 'Tolerance Percent', name: 'tolerancePercent', type: 'number', default: 0, description: 'A balance at or under this share of the invoice counts as paid' },
				{ displayName: 'Touches per Customer per Week', name: 'touchCap', type: 'number', default: 3, description: 'At most this many messages to one customer in 7 days' },
			],
		},
	];
}

/**
 * "JPY 2000000, INR 1,000,000; SEK none" -> { JPY: 2000000, INR: 1000000, SEK: null }. Thousands separators (, or
 * space or ') inside an amount are allowed. An entry that does not read as a code and an amount is kept as it was
 * written (under the code, or under the whole entry), so that the policy's validation names it.
 */
export function parseCurrencyAmounts(text: string): IDataObject {
	const out: IDataObject = {};
	for (const entry of text.split(/[;\n]+|,(?!\d{3}(?:\D|$))/)) {
		const e = entry.trim();
		if (!e) continue;
		const m = /^([A-Za-z]{3})(?![A-Za-z])\s*[:=]?\s*(.*)$/.exec(e);
		if (!m) {
			out[e] = e;
			continue;
		}
		const amountText = m[2].trim();
		const digits = amountText.replace(/[\s,']/g, '');
		if (/^(none|null|off|-)$/i.test(amountText)) out[m[1]] = null;
		else if (/^\d+(\.\d+)?$/.test(digits)) out[m[1]] = Number(digits);
		else out[m[1]] = amountText;
	}
	return out;
}

/** Turn the node's policy parameters into a raw policy object for validatePolicy. */
export function policyFromParameters(settings: IDataObject, cadence?: IDataObject, tiers?: IDataObject): IDataObject {
	const p: IDataObject = {};
	const s = settings;
	const has = (k: string) => s[k] !== undefined && s[k] !== '';
	if (has('timeZone')) p.timeZone = s.timeZone;
	if (has('quietStart') || has('quietEnd')) p.quietHours = { ...(has('quietStart') ? { start: s.quietStart } : {}), ...(has('quietEnd') ? { end: s.quietEnd } : {}) };
	if (has('businessDays')) p.businessDays = s.businessDays;
	const hol: IDataObject = {};
	if (has('holidaysEnabled')) hol.enabled = s.holidaysEnabled;
	if (has('defaultCountry')) hol.defaultCountry = s.defaultCountry;
	if (has('extraDates')) hol.extraDates = String(s.extraDates).split(/[\s,;]+/).filter(Boolean);
	if (Object.keys(hol).length) p.holidays = hol;
	if (has('toleranceAmount') || has('tolerancePercent') || has('toleranceAmounts')) {
		p.tolerance = {
			...(has('toleranceAmount') ? { amount: s.toleranceAmount } : {}),
			...(has('tolerancePercent') ? { percent: s.tolerancePercent } : {}),
			...(has('toleranceAmounts') ? { amounts: parseCurrencyAmounts(String(s.toleranceAmounts)) } : {}),
		};
	}
	if (has('touchCap')) p.touchCap = { perCustomerPerWeek: s.touchCap };
	for (const k of ['minGapHours', 'replyWindowDays', 'promiseGraceDays', 'autoChargeGraceDays']) if (has(k)) p[k] = s[k];
	const appr: IDataObject = {};
	if (has('approvalAmountThreshold')) appr.amountThreshold = s.approvalAmountThreshold === 0 ? null : s.approvalAmountThreshold;
	if (has('approvalAmountThresholds')) appr.amountThresholds = parseCurrencyAmounts(String(s.approvalAmountThresholds));
	if (has('approver')) appr.approver = s.approver;
	if (has('approvalFirstContact')) appr.firstContact = s.approvalFirstContact;
	if (Object.keys(appr).length) p.approval = appr;
	if (has('fallbackChannels')) p.fallbackChannels = s.fallbackChannels;
	const risk: IDataObject = {};
	if (has('riskLow') || has('riskMedium') || has('riskHigh')) {
		risk.bands = { low: s.riskLow ?? DEFAULT_POLICY.risk.bands.low, medium: s.riskMedium ?? DEFAULT_POLICY.risk.bands.medium, high: s.riskHigh ?? DEFAULT_POLICY.risk.bands.high };
	}
	if (has('adjustTone')) risk.adjustTone = s.adjustTone;
	if (Object.keys(risk).length) p.risk = risk;
	const defaults: IDataObject = {};
	if (has('defaultLocale')) defaults.locale = s.defaultLocale;
	if (has('defaultTimeZone')) defaults.timeZone = s.defaultTimeZone;
	if (has('defaultCurrency')) defaults.currency = s.defaultCurrency;
	if (has('defaultPaymentTermsDays')) defaults.paymentTermsDays = s.defaultPaymentTermsDays;
	if (Object.keys(defaults).length) p.defaults = defaults;

	const steps = cadence?.steps;
	if (Array.isArray(steps) && steps.length) {
		p.steps = (steps as IDataObject[]).map((st) => {
			const out: IDataObject = { id: st.id, offsetDays: st.offsetDays };
			for (const k of ['label', 'kind', 'audience', 'tone', 'template', 'approval']) if (st[k] !== undefined && st[k] !== '') out[k] = st[k];
			for (const k of ['minTone', 'maxTone']) if (st[k]) out[k] = st[k];
			if (st.channels !== undefined) out.channels = st.channels;
			if (st.ccFinance !== undefined) out.ccFinance = st.ccFinance;
			if (st.transactional !== undefined) out.transactional = st.transactional;
			if (out.audience === 'internal') out.channels = ['internal'];
			return out;
		});
	}
	const tierList = tiers?.tier;
	if (Array.isArray(tierList) && tierList.length) {
		p.tiers = (tierList as IDataObject[]).map((t, i) => ({
			id: t.id,
			label: t.label || t.id,
			fromDay: i === 0 ? null : t.fromDay,
			toDay: t.toDay === '' || t.toDay === undefined || t.toDay === null ? null : Number(t.toDay),
		}));
	}
	return p;
}

/** Read the policy parameters once per run (item 0). */
export function readPolicyInput(ctx: IExecuteFunctions, scope: PolicyScope = 'full'): unknown {
	const sourceKind = ctx.getNodeParameter('policySource', 0, 'node') as string;
	if (sourceKind === 'json') {
		const raw = ctx.getNodeParameter('policyJson', 0, {}) as unknown;
		if (raw && typeof raw === 'object' && !Array.isArray(raw) && 'policy' in (raw as IDataObject) && !('steps' in (raw as IDataObject))) {
			return (raw as IDataObject).policy;
		}
		return raw;
	}
	const settings = ctx.getNodeParameter('policySettings', 0, {}) as IDataObject;
	if (scope === 'risk') return policyFromParameters(settings);
	const cadence = ctx.getNodeParameter('cadence', 0, {}) as IDataObject;
	const tiers = ctx.getNodeParameter('tiers', 0, {}) as IDataObject;
	return policyFromParameters(settings, cadence, tiers);
}

export type { Policy };
