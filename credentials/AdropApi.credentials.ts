import type {
	IAuthenticate,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	Icon,
	INodeProperties,
} from 'n8n-workflow';

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
			default: 'https://api-v2.adrop.io',
			description:
				'Change only for a proxy or a test server. Must be https; http is accepted only to this machine (127.0.0.1, localhost, ::1).',
		},
	];

	// The document: header "Authorization: <App Key>", the raw key, no scheme.
	// A function rather than a generic `={{ $credentials.apiKey }}` template:
	// n8n evaluates such a template in its expression sandbox on every request,
	// a fifth of the node's time per event (bench/results.md).
	authenticate: IAuthenticate = async (
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> => ({
		...requestOptions,
		headers: { ...requestOptions.headers, Authorization: String(credentials.apiKey ?? '') },
	});

	// Adrop has no "who am I" endpoint, only POST /event, and it records every
	// valid event it gets. So the test posts an event Adrop must reject as
	// invalid before recording anything: an empty uid and an empty eventName
	// (the document requires both, eventName 1-64 characters). With a key
	// Adrop accepts, the answer is {"message":"!invalid"} (any status other
	// than those below counts as reaching Adrop with a usable key); a refused
	// key answers 401 or 403; a wrong Base URL 404. Limit: the document does not
	// say whether Adrop checks the key before the body, so a key is proven good
	// only as far as Adrop refuses bad keys with 401/403.
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{ String($credentials.baseUrl || "https://api-v2.adrop.io").replace(/\\/+$/, "") }}',
			url: '/event',
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: { uid: '', eventName: '' },
			json: true,
			ignoreHttpStatusErrors: { ignore: true, except: [401, 403, 404, 500, 502, 503, 504] },
		},
		rules: [
			{
				type: 'responseCode',
				properties: { value: 401, message: 'Adrop rejected the App Key (401). Copy the App Key from adrop_service.json again.' },
			},
			{
				type: 'responseCode',
				properties: { value: 403, message: 'Adrop refused the App Key (403). Check that the key belongs to this app.' },
			},
			{
				type: 'responseCode',
				properties: { value: 404, message: 'No Adrop event endpoint at this Base URL (404). Leave Base URL at https://api-v2.adrop.io unless you use a proxy.' },
			},
		],
	};
}
