import { createHash } from 'crypto';
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

/** The document's default endpoint. */
export const TRAINTRACKS_ENDPOINT = 'https://api.traintracks.io/v1/events';
/** The document's fallback Remote-Address when the client's address is unknown. */
export const TRAINTRACKS_REMOTE_ADDRESS = '1.2.3.4';
const ENDPOINT_FIELD = 'Endpoint URL of the Traintracks API credential';

/** `X-Product-Auth`: md5 of the exact body text followed by the product secret, lowercase hex. */
export function traintracksSignature(body: string, productSecret: string): string {
	return createHash('md5').update(body + productSecret, 'utf8').digest('hex');
}

function hasHeader(headers: IHttpRequestOptions['headers'], name: string): boolean {
	const wanted = name.toLowerCase();
	return Object.keys(headers ?? {}).some((key) => key.toLowerCase() === wanted);
}

export class TraintracksApi implements ICredentialType {
	name = 'traintracksApi';

	displayName = 'Traintracks API';

	icon: Icon = { light: 'file:../icons/traintracks.svg', dark: 'file:../icons/traintracks.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-event-tracking/n8n-nodes-event-tracking#traintracks';

	properties: INodeProperties[] = [
		{
			displayName: 'Product Key',
			name: 'productKey',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'a32e6578-17b7-11e4-930a-bc764e1c05e4',
			description: 'The UUID Traintracks gave you for your product; sent as the X-Product-Key header',
		},
		{
			displayName: 'Product Secret',
			name: 'productSecret',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description:
				'Signs every request: X-Product-Auth = md5(request body + product secret). The secret itself is never sent.',
		},
		{
			displayName: 'Endpoint URL',
			name: 'endpointUrl',
			type: 'string',
			default: TRAINTRACKS_ENDPOINT,
			description:
				'Where the event batches are POSTed. Change only for a proxy or a test server. Must be https; http is accepted only to this machine (127.0.0.1, localhost, ::1).',
		},
		{
			displayName: 'Default Remote Address',
			name: 'remoteAddress',
			type: 'string',
			default: TRAINTRACKS_REMOTE_ADDRESS,
			description:
				'The IPv4 or IPv6 address sent as the Remote-Address header, associated with each event batch, unless the node\'s "Remote Address" option sets one. Traintracks documents 1.2.3.4 for when the address is unknown.',
		},
	];

	/**
	 * Signs a request. The node's sender hands over the body as the exact JSON
	 * text that goes on the wire, so that text is signed as it is, never
	 * serialized again. A body that is not text yet (the credential test's
	 * request) is serialized here, once, and that text replaces it, so what is
	 * signed is what is sent. A request that is not to the credential's
	 * Endpoint URL (https, or http to this machine) or below it is refused
	 * before any signature leaves, for the node's batches and the credential
	 * test's probe alike.
	 */
	authenticate: IAuthenticate = async (
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> => {
		checkRequestTarget(requestOptions, credentials.endpointUrl, TRAINTRACKS_ENDPOINT, ENDPOINT_FIELD);
		const { body } = requestOptions;
		const text = typeof body === 'string' ? body : body === undefined ? '' : JSON.stringify(body);
		const headers: IHttpRequestOptions['headers'] = {
			...requestOptions.headers,
			'X-Product-Key': String(credentials.productKey ?? '').trim(),
			'X-Product-Auth': traintracksSignature(text, String(credentials.productSecret ?? '')),
		};
		if (!hasHeader(requestOptions.headers, 'Remote-Address')) {
			headers['Remote-Address'] = String(credentials.remoteAddress ?? '').trim() || TRAINTRACKS_REMOTE_ADDRESS;
		}
		return { ...requestOptions, ...(body === undefined ? {} : { body: text }), headers };
	};

	// The probe is a signed, empty batch: the body `[]` carries zero events, so
	// whatever Traintracks does with it, nothing can be recorded (a probe event,
	// even a malformed one, might be stored, and events cannot be deleted). It
	// still goes through the full signing path (X-Product-Key, X-Product-Auth
	// = md5("[]" + secret), Remote-Address from the credential) to the
	// credential's endpoint, so a wrong key or secret is refused (401/403).
	// The document names no answers; an accepted signature gets 200 (an empty
	// batch taken) or 400 (an empty batch refused), and only those, with a
	// JSON body, count as success. 404, an error page, a 5xx or a redirect
	// (never followed) fail. See credentialTest.ts for how n8n applies these
	// rules.
	test: ICredentialTestRequest = {
		request: {
			url: `={{ String($credentials.endpointUrl || '').trim() || '${TRAINTRACKS_ENDPOINT}' }}`,
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: '[]',
			...probeOptions([200, 400]),
		},
		rules: probeRules({
			provider: 'Traintracks',
			setting: 'Endpoint URL',
			check: `Check the Endpoint URL (${TRAINTRACKS_ENDPOINT} unless you use a proxy)`,
			expected: [200, 400],
			expectation: 'Traintracks answers 200 or 400 to this signed empty batch once it accepts the signature',
			unauthorized: 'Traintracks refused the signature (401). Check the Product Key and the Product Secret of this product.',
			forbidden: 'Traintracks refused this product key (403). Check the Product Key.',
		}),
	};
}
