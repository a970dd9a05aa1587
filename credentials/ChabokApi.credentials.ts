import type {
	IAuthenticate,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	Icon,
	INodeProperties,
} from 'n8n-workflow';

import { HOST_LABEL_PATTERN } from '../nodes/shared/url';

export const CHABOK_SANDBOX_BASE_URL = 'https://sandbox.push.adpdigital.com/api';

/**
 * The base URL the credential test calls, resolved the way the node resolves
 * it (nodes/Chabok/transport.ts): the override when set (https, or http to
 * loopback only), else the sandbox host, else `https://{APP_ID}.push.adpdigital.com/api`
 * with the App ID checked as one DNS label. A value that fails a check
 * resolves to a URL of a made-up scheme that names the problem: the HTTP
 * client refuses it before opening any connection ("Unsupported protocol
 * invalid-app-id-use-only-letters-digits-and-hyphens:"), so neither a hostile
 * App ID nor a plain-http override can carry the access token elsewhere.
 * (An expression cannot throw its own message: n8n turns a thrown error into
 * null, which would only say "Invalid URL".)
 */
const TEST_BASE_URL = `={{ (() => {
	const override = String($credentials.baseUrl || '').trim();
	if (override) {
		if (!/^(https:\\/\\/[^\\/?#@\\s]+|http:\\/\\/(localhost|127(\\.\\d{1,3}){3}|\\[::1\\])(:\\d+)?)(\\/[^?#\\s]*)?$/.test(override)) {
			return 'invalid-base-url-override-use-https-or-loopback-http:';
		}
		return override.replace(/\\/+$/, '');
	}
	if ($credentials.environment === 'sandbox') return '${CHABOK_SANDBOX_BASE_URL}';
	const appId = String($credentials.appId || '').trim();
	if (!new RegExp('${HOST_LABEL_PATTERN.replace(/\\/g, '\\\\')}').test(appId)) {
		return 'invalid-app-id-use-only-letters-digits-and-hyphens:';
	}
	return 'https://' + appId + '.push.adpdigital.com/api';
})() }}`;

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
	// event (bench/results.md).
	authenticate: IAuthenticate = async (
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> => ({
		...requestOptions,
		headers: { ...requestOptions.headers, 'X-Access-Token': String(credentials.accessToken ?? '') },
	});

	// The probe is `POST /installations/track` with an empty JSON array: a bulk
	// of no events. Chabok checks the access token first (401/403 when it is
	// wrong) and then has nothing to record: whether it answers 200 or rejects
	// the empty array as invalid (400), no event exists afterwards. A body
	// without eventName was the alternative; the empty array is safer because
	// there is no event in it that a lenient server could store.
	test: ICredentialTestRequest = {
		request: {
			baseURL: TEST_BASE_URL,
			url: '/installations/track',
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: '[]',
			json: true,
			ignoreHttpStatusErrors: { ignore: true, except: [401, 403] },
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message:
						'Chabok rejected the access token (401). Check the token and that it belongs to the selected environment (sandbox and production tokens differ).',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 403,
					message: 'Chabok refused the access token (403). Check its permissions in the Chabok panel and the environment.',
				},
			},
		],
	};
}
