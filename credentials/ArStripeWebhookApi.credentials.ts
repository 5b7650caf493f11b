import type { ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * The signing secret of a Stripe webhook endpoint, for the AR Event node to verify the Stripe-Signature
 * header of each delivery (forged, tampered and replayed events are rejected). Nothing is sent to Stripe,
 * so there is no connection test: a wrong secret shows as rejected deliveries (SIGNATURE_MISMATCH).
 */
export class ArStripeWebhookApi implements ICredentialType {
	name = 'arStripeWebhookApi';

	displayName = 'AR Follow-up: Stripe Webhook API';

	icon = 'file:arStripeWebhook.svg' as const;

	documentationUrl = 'https://docs.stripe.com/webhooks#verify-manually';

	properties: INodeProperties[] = [
		{
			displayName: 'Signing Secret',
			name: 'signingSecret',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			placeholder: 'whsec_...',
			description: "The endpoint's signing secret (Stripe Dashboard > Developers > Webhooks > your endpoint > Signing secret)",
		},
		{
			displayName: 'Previous Signing Secret',
			name: 'previousSigningSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			placeholder: 'whsec_...',
			description: 'While you roll the secret, Stripe signs with the old and the new one: put the old one here until the old one expires',
		},
		{
			displayName: 'Timestamp Tolerance (Seconds)',
			name: 'toleranceSeconds',
			type: 'number',
			default: 300,
			description: "Deliveries signed longer ago than this are rejected as replays (Stripe's default is 300). 0 turns the check off (not recommended).",
		},
	];
}
