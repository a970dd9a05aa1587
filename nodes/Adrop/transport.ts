import type { IExecuteFunctions } from 'n8n-workflow';

import { ADROP_BASE_URL, AdropApi } from '../../credentials/AdropApi.credentials';
import type { Authenticate, Connection } from '../shared/connection';
import { connect, credentialBaseUrl, requireSetting } from '../shared/connection';
import type { Verdict } from '../shared/verdict';
import { defaultVerdict, describeBody } from '../shared/verdict';
import type { HttpResult } from '../shared/http';
import { isPlainObject } from '../shared/properties';

export const ADROP_CREDENTIAL = 'adropApi';

export interface AdropConnection extends Connection {
	/** `POST <base URL>/event`, the one endpoint. */
	eventUrl: string;
}

/**
 * The Adrop connection of one execution: the credential read once, the App
 * Key checked before any item is read, the base URL checked (https, or http
 * to loopback). The credential's `authenticate` puts the App Key, as it is,
 * in the Authorization header.
 */
export async function adropConnection(ctx: IExecuteFunctions): Promise<AdropConnection> {
	const connection = await connect(ctx, ADROP_CREDENTIAL, ['apiKey'], new AdropApi().authenticate as Authenticate);
	requireSetting(
		ctx,
		connection.credentials,
		'apiKey',
		'The Adrop API credential has no App Key',
		'Open the Adrop API credential and fill in "App Key" (found in your adrop_service.json).',
	);
	const baseUrl = credentialBaseUrl(ctx, connection.credentials.baseUrl, ADROP_BASE_URL, 'Base URL of the Adrop API credential');
	return { ...connection, eventUrl: `${baseUrl}/event` };
}

/**
 * Adrop's answer, judged by its body as well as its status: the document says
 * `{"message":"ok"}` on success and `{"message":"!invalid"}` when validation
 * fails, and an invalid event still gets HTTP 200. So only "ok" is success;
 * "!invalid" (or any other 2xx body) fails the items of that request and is
 * never retried (the same body would be refused again). Any other 2xx body
 * (cut off, empty) may have been recorded: resent only under At Least Once.
 * Other statuses follow the shared rule (retry.ts).
 */
export function adropVerdict(result: HttpResult): Verdict {
	const verdict = defaultVerdict(result);
	if (!verdict.ok) return verdict;
	const message = isPlainObject(result.body) ? result.body.message : undefined;
	if (message === 'ok') return verdict;
	if (message === '!invalid') {
		return {
			ok: false,
			retry: false,
			message: `Adrop refused the event as invalid ("!invalid", HTTP ${result.statusCode}); it was not recorded`,
			description: `Adrop's answer: ${describeBody(result.body)}\nAdrop validates the event name, the event's required parameters and the limits (eventName 1-64 characters, strings up to 1024 characters, up to 100 items).`,
		};
	}
	// Neither "ok" nor "!invalid" (e.g. a cut-off or empty body): Adrop may have recorded it.
	return {
		ok: false,
		retry: true,
		mayBeRecorded: true,
		message: `Adrop answered HTTP ${result.statusCode} without the documented {"message":"ok"}; the event may not have been recorded`,
		description: `Adrop's answer: ${describeBody(result.body) ?? '(empty body)'}`,
	};
}
