import type {
	IAuthenticate,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	Icon,
	INodeProperties,
} from 'n8n-workflow';

import { checkBaseUrl, checkHostLabel, checkUnderBaseUrl, requestTarget } from '../nodes/shared/url';
import { probeOptions, probeRules } from './credentialTest';

export const CHABOK_SANDBOX_BASE_URL = 'https://sandbox.push.adpdigital.com/api';
const PRODUCTION_DOMAIN = 'push.adpdigital.com';

/**
 * The base URL the access token may go to, resolved as the node resolves it
 * (nodes/Chabok/transport.ts) with the same shared rules: the override when
 * set (checkBaseUrl: https, or http to this machine), else the sandbox host,
 * else `https://{APP_ID}.push.adpdigital.com/api` with the App ID checked as
 * one DNS label (checkHostLabel), so no App ID can name another host.
 */
export function chabokBaseUrl(credentials: ICredentialDataDecryptedObject): { baseUrl: string; field: string } {
	const override = String(credentials.baseUrl ?? '').trim();
	if (override) {
		const field = 'Base URL Override of the Chabok API credential';
		return { baseUrl: checkBaseUrl(override, field), field };
	}
	if (credentials.environment === 'sandbox') return { baseUrl: CHABOK_SANDBOX_BASE_URL, field: 'Sandbox host of the Chabok API credential' };
	const field = 'App ID of the Chabok API credential';
	const label = checkHostLabel(credentials.appId, field);
	return { baseUrl: checkBaseUrl(`https://${label}.${PRODUCTION_DOMAIN}/api`, field), field };
}

/**
 * The probe's base URL, written plainly: whatever it resolves to, the
 * credential's `authenticate` refuses a request that is not under
 * `chabokBaseUrl` before anything is sent (a hostile App ID such as
 * "evil.example/x" included), with a message naming the field.
 */
const TEST_BASE_URL = `={{ String($credentials.baseUrl || '').trim() || ($credentials.environment === 'sandbox' ? '${CHABOK_SANDBOX_BASE_URL}' : 'https://' + String($credentials.appId || '').trim() + '.${PRODUCTION_DOMAIN}/api') }}`;

export class ChabokApi implements ICredentialType {
	name = 'chabokApi';

	displayName = 'Chabok API';

	icon: Icon = { light: 'file:../icons/chabok.svg', dark: 'file:../icons/chabok.dark.svg' };

	documentationUrl = 'https://doc.chabok.io/rest-api/send-event.html';

	properties: INodeProperties[] = [
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description:
				'The access token from the Chabok panel (access and tokens), sent as the X-Access-Token header. Sandbox and production accounts have different tokens.',
		},
		{
			displayName: 'Environment',
			name: 'environment',
			type: 'options',
			default: 'production',
			options: [
				{
					name: 'Production',
					value: 'production',
					description: 'https://{APP_ID}.push.adpdigital.com/api',
				},
				{
					name: 'Sandbox',
					value: 'sandbox',
					description: 'https://sandbox.push.adpdigital.com/api',
				},
			],
		},
		{
			displayName: 'App ID',
			name: 'appId',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'myapp',
			description:
				'Your Chabok app ID, the first part of your production host {APP_ID}.push.adpdigital.com. Letters, digits and hyphens only.',
			displayOptions: { show: { environment: ['production'] } },
		},
		{
			displayName: 'Base URL Override',
			name: 'baseUrl',
			type: 'string',
			default: '',
			placeholder: 'https://proxy.example.com/api',
			description:
				'Leave empty to use the environment\'s host. When set, it replaces it (the part before /installations/...), e.g. for a proxy or a test server. Must be https; http is accepted only to this machine (127.0.0.1, localhost, ::1).',
		},
	];

	// The access token in X-Access-Token. A function rather than a generic
	// `={{$credentials.accessToken}}` template: n8n evaluates such a template in
	// its expression sandbox on every request, a fifth of the node's time per
	// event (bench/results.md). The token goes only to the credential's base
	// URL (chabokBaseUrl) or below it: checked here, before anything is sent,
	// for the node's requests and the credential test's probe alike.
	authenticate: IAuthenticate = async (
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> => {
		const { baseUrl, field } = chabokBaseUrl(credentials);
		checkUnderBaseUrl(requestTarget(requestOptions.url, requestOptions.baseURL), baseUrl, field);
		return {
			...requestOptions,
			headers: { ...requestOptions.headers, 'X-Access-Token': String(credentials.accessToken ?? '') },
		};
	};

	// The probe is `POST /installations/trackBulk` (the bulk endpoint, where
	// arrays go) with an empty JSON array: a bulk of no events. Chabok checks the access token first (401/403 when it is
	// wrong) and then has nothing to record: whether it answers 200 or rejects
	// the empty array as invalid (400), no event exists afterwards. A body
	// without eventName was the alternative; the empty array is safer because
	// there is no event in it that a lenient server could store. Only a 200 or
	// a 400 with a JSON body counts as success; 404, an error page, a 5xx or a
	// redirect (never followed) fail. See credentialTest.ts for how n8n applies
	// these rules.
	test: ICredentialTestRequest = {
		request: {
			baseURL: TEST_BASE_URL,
			url: '/installations/trackBulk',
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: '[]',
			...probeOptions([200, 400]),
		},
		rules: probeRules({
			provider: 'Chabok',
			setting: 'Chabok host',
			check: 'Check the App ID, the Environment and the Base URL Override',
			expected: [200, 400],
			expectation: 'Chabok answers 200 or 400 to this empty bulk once it accepts the access token',
			unauthorized:
				'Chabok rejected the access token (401). Check the token and that it belongs to the selected environment (sandbox and production tokens differ).',
			forbidden: 'Chabok refused the access token (403). Check its permissions in the Chabok panel and the environment.',
		}),
	};
}
