import type {
	IAuthenticate,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	Icon,
	INodeProperties,
} from 'n8n-workflow';

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
			default: 'https://api.hackle.io',
			description:
				'Change only for a proxy or a test server. Must be https; http is accepted only to this machine (127.0.0.1, localhost).',
		},
	];

	authenticate: IAuthenticate = async (
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> => ({
		...requestOptions,
		headers: {
			...requestOptions.headers,
			'X-HACKLE-API-KEY': hackleKeyFor(requestOptions.url, credentials),
		},
	});

	// Checks the Server SDK Key when one is set, else the API Key. The probe
	// bodies are ones Hackle rejects as invalid (400) once the key is accepted
	// (a track without an event, a push to no users of campaign 0), so nothing
	// is recorded and no push is sent; a wrong key answers 401.
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{ String($credentials.baseUrl || "https://api.hackle.io").replace(/\\/+$/, "") }}',
			url: '={{ $credentials.sdkSecretKey ? "/v1/track" : "/v1/push-message/trigger/send" }}',
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: '={{ $credentials.sdkSecretKey ? { "user": {} } : { "campaignKey": 0, "users": [] } }}',
			json: true,
			ignoreHttpStatusErrors: { ignore: true, except: [401, 403] },
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message:
						'Hackle rejected the key (401). Check the Server SDK Key (or, when it is empty, the API Key) and the environment it belongs to.',
				},
			},
			{
				type: 'responseCode',
				properties: { value: 403, message: 'Hackle refused the key (403) for this endpoint.' },
			},
		],
	};
}
