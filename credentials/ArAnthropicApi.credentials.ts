import type { IAuthenticateGeneric, ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * Optional Anthropic API key for the AR nodes' AI features (tone adjustment, copy rewrite, reply
 * classification). Every AI feature is optional: without this credential the deterministic result stands.
 */
export class ArAnthropicApi implements ICredentialType {
	name = 'arAnthropicApi';

	displayName = 'AR Follow-up: Anthropic API';

	icon = 'file:arAnthropic.svg' as const;

	documentationUrl = 'https://docs.anthropic.com/en/api/getting-started';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description: 'An Anthropic API key (console.anthropic.com > API Keys)',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.anthropic.com',
			description: 'Change only to route through a proxy or gateway',
		},
		{
			displayName: 'Model',
			name: 'model',
			type: 'string',
			default: 'claude-sonnet-4-5',
			description: 'Model used for copy rewrites and reply classification',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				'x-api-key': '={{$credentials.apiKey}}',
				'anthropic-version': '2023-06-01',
			},
		},
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl}}',
			url: '/v1/models',
			method: 'GET',
		},
	};
}
