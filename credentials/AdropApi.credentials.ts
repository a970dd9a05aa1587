import type {
	IAuthenticate,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	Icon,
	INodeProperties,
} from 'n8n-workflow';

import { checkRequestTarget } from '../nodes/shared/url';
import { probeOptions, probeRules } from './credentialTest';

/** Adrop's API host, the Base URL unless a proxy or test server is set. */
export const ADROP_BASE_URL = 'https://api-v2.adrop.io';
const BASE_URL_FIELD = 'Base URL of the Adrop API credential';

export class AdropApi implements ICredentialType {
	name = 'adropApi';

	displayName = 'Adrop API';

	icon: Icon = { light: 'file:../icons/adrop.svg', dark: 'file:../icons/adrop.dark.svg' };

	documentationUrl = 'https://docs.adrop.io/sdk/rest-api/event';

	properties: INodeProperties[] = [
		{
			displayName: 'App Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description:
				'The App Key of your Adrop app, found in adrop_service.json. Sent as it is in the Authorization header, without "Bearer".',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: ADROP_BASE_URL,
			description:
				'Change only for a proxy or a test server. Must be https; http is accepted only to this machine (127.0.0.1, localhost, ::1).',
		},
	];

	// The document: header "Authorization: <App Key>", the raw key, no scheme.
	// A function rather than a generic `={{ $credentials.apiKey }}` template:
	// n8n evaluates such a template in its expression sandbox on every request,
	// a fifth of the node's time per event (bench/results.md). The key goes
	// only to the credential's Base URL (https, or http to this machine) or
	// below it: checked here, before anything is sent, for the node's requests
	// and the credential test's probe alike.
	authenticate: IAuthenticate = async (
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> => {
		checkRequestTarget(requestOptions, credentials.baseUrl, ADROP_BASE_URL, BASE_URL_FIELD);
		return {
			...requestOptions,
			headers: { ...requestOptions.headers, Authorization: String(credentials.apiKey ?? '') },
		};
	};

	// Adrop has no "who am I" endpoint, only POST /event, and it records every
	// valid event it gets. So the test posts an event Adrop must reject as
	// invalid before recording anything: an empty uid and an empty eventName
	// (the document requires both, eventName 1-64 characters). With a key
	// Adrop accepts, the answer is HTTP 200 {"message":"!invalid"} (api-docs
	// 002: invalid events are dropped with 200), and only a 200 with a JSON
	// `message` counts as success; a refused key answers 401 or 403, a wrong
	// Base URL 404, an error page, a 5xx or a redirect (never followed). See
	// credentialTest.ts for how n8n applies these rules. Limit: the document
	// does not say whether Adrop checks the key before the body, so a key is
	// proven good only as far as Adrop refuses bad keys with 401/403.
	test: ICredentialTestRequest = {
		request: {
			baseURL: `={{ String($credentials.baseUrl || '').trim() || '${ADROP_BASE_URL}' }}`,
			url: '/event',
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: { uid: '', eventName: '' },
			...probeOptions([200]),
		},
		rules: probeRules({
			provider: 'Adrop',
			setting: 'Base URL',
			check: `Check the Base URL (leave it at ${ADROP_BASE_URL} unless you use a proxy)`,
			expected: [200],
			expectation: 'Adrop answers 200 {"message":"!invalid"} to this probe once it accepts the App Key',
			unauthorized: 'Adrop rejected the App Key (401). Copy the App Key from adrop_service.json again.',
			forbidden: 'Adrop refused the App Key (403). Check that the key belongs to this app.',
			bodyRules: [
				{
					type: 'responseSuccessBody',
					properties: {
						key: 'message',
						value: undefined,
						message:
							'The Base URL answered 200 without Adrop\'s "message" field, not Adrop\'s answer. Check the Base URL: it may not point at Adrop\'s API.',
					},
				},
			],
		}),
	};
}
