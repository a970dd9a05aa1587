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

/** Hackle's API host, the Base URL unless a proxy or test server is set. */
export const HACKLE_BASE_URL = 'https://api.hackle.io';
const BASE_URL_FIELD = 'Base URL of the Hackle API credential';

/** The push endpoint takes the API key; every other Hackle call the server SDK key. */
export function hackleKeyFor(url: string | undefined, credentials: ICredentialDataDecryptedObject): string {
	const isPush = /\/v1\/push-message\//.test(url ?? '');
	return String((isPush ? credentials.apiKey : credentials.sdkSecretKey) ?? '');
}

export class HackleApi implements ICredentialType {
	name = 'hackleApi';

	displayName = 'Hackle API';

	icon: Icon = { light: 'file:../icons/hackle.svg', dark: 'file:../icons/hackle.dark.svg' };

	documentationUrl = 'https://docs-en.hackle.io/docs/http-api';

	properties: INodeProperties[] = [
		{
			displayName: 'Server SDK Key',
			name: 'sdkSecretKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'Used by Event → Track Event. Find it in the Hackle dashboard under SDK integration (SDK 연동 정보); use the server key of the environment you send to.',
		},
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'Used by Push Message → Send Push. API keys differ per environment (development, production).',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: HACKLE_BASE_URL,
			description:
				'Change only for a proxy or a test server. Must be https; http is accepted only to this machine (127.0.0.1, localhost, ::1).',
		},
	];

	// The key goes only to the credential's Base URL (https, or http to this
	// machine) or below it: checked here, before anything is sent, for the
	// nodes' requests and the credential test's probe alike.
	authenticate: IAuthenticate = async (
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> => {
		checkRequestTarget(requestOptions, credentials.baseUrl, HACKLE_BASE_URL, BASE_URL_FIELD);
		return {
			...requestOptions,
			headers: {
				...requestOptions.headers,
				'X-HACKLE-API-KEY': hackleKeyFor(requestOptions.url, credentials),
			},
		};
	};

	// Checks the Server SDK Key when one is set, else the API Key. The probe
	// bodies are ones Hackle rejects as invalid once the key is accepted: a
	// track without an event (api-docs 000: 400 for an invalid request), a
	// push to no users of campaign 0 (001: EXCEED_USER_MAX_LENGTH or
	// CAMPAIGN_NOT_FOUND, both 400). So nothing is recorded and no push is
	// sent, and only that 400 with a JSON body counts as success: a wrong key
	// answers 401, a wrong host 404, an error page, a 5xx or a redirect (never
	// followed). See credentialTest.ts for how n8n applies these rules.
	test: ICredentialTestRequest = {
		request: {
			baseURL: `={{ String($credentials.baseUrl || '').trim() || '${HACKLE_BASE_URL}' }}`,
			url: '={{ $credentials.sdkSecretKey ? "/v1/track" : "/v1/push-message/trigger/send" }}',
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: '={{ $credentials.sdkSecretKey ? { "user": {} } : { "campaignKey": 0, "users": [] } }}',
			...probeOptions([400]),
		},
		rules: probeRules({
			provider: 'Hackle',
			setting: 'Base URL',
			check: `Check the Base URL (leave it at ${HACKLE_BASE_URL} unless you use a proxy)`,
			expected: [400],
			expectation: 'Hackle answers 400 to this probe (an invalid request) once it accepts the key',
			unauthorized:
				'Hackle rejected the key (401). Check the Server SDK Key (or, when it is empty, the API Key) and the environment it belongs to.',
			forbidden: 'Hackle refused the key (403) for this endpoint.',
		}),
	};
}
