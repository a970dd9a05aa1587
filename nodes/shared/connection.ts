import type { ICredentialDataDecryptedObject, IExecuteFunctions, IHttpRequestOptions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { HttpCall, Send } from './http';
import { createSender, requestHeaders } from './http';
import { checkBaseUrl } from './url';

/** A request as it would leave, for Dry Run: every header the credential sets shown as "[masked]". */
export interface RequestPreview {
	method: string;
	url: string;
	headers: Record<string, string>;
	/** The exact body text (what a signature is computed over). */
	body: string;
}

/** A credential type's `authenticate` function (each of ours is one). */
export type Authenticate = (credentials: ICredentialDataDecryptedObject, requestOptions: IHttpRequestOptions) => Promise<IHttpRequestOptions>;

export interface Connection {
	credentials: ICredentialDataDecryptedObject;
	send: Send;
	/** Every secret of the credential, scrubbed from output and errors. */
	secrets: string[];
	/** The request `send` would make, headers included, without sending it. */
	preview: (call: HttpCall) => Promise<RequestPreview>;
}

export const MASKED = '[masked]';

/**
 * The credential of one execution, read once, and the sender that uses it.
 * `authenticate` is the credential type's own: Dry Run runs it on the
 * request (so a signature is computed over the exact bytes) and masks
 * every header it sets.
 */
export async function connect(
	ctx: IExecuteFunctions,
	credentialType: string,
	secretFields: string[],
	authenticate: Authenticate,
): Promise<Connection> {
	const credentials = await ctx.getCredentials(credentialType);
	const secrets = secretFields.map((field) => String(credentials[field] ?? '')).filter(Boolean);
	const preview = async (call: HttpCall): Promise<RequestPreview> => {
		const own = requestHeaders(call);
		const signed = await authenticate(credentials, { method: call.method, url: call.url, body: call.body, headers: { ...own } });
		const headers: Record<string, string> = {};
		for (const [name, value] of Object.entries(signed.headers ?? {})) {
			headers[name] = own[name] === value ? String(value) : MASKED;
		}
		return { method: call.method, url: signed.url, headers, body: call.body };
	};
	return { credentials, send: createSender(ctx, credentialType, credentials), secrets, preview };
}

/** A credential setting the operation cannot run without: checked before any item is read. */
export function requireSetting(
	ctx: IExecuteFunctions,
	credentials: ICredentialDataDecryptedObject,
	field: string,
	message: string,
	description: string,
): string {
	const value = String(credentials[field] ?? '').trim();
	if (!value) throw new NodeOperationError(ctx.getNode(), message, { description });
	return value;
}

/** The credential's base URL, checked (https, or http to loopback), as an execution-level error. */
export function credentialBaseUrl(ctx: IExecuteFunctions, raw: unknown, fallback: string, label: string): string {
	try {
		return checkBaseUrl(typeof raw === 'string' && raw.trim() ? raw : fallback, label);
	} catch (error) {
		throw new NodeOperationError(ctx.getNode(), `Invalid credential setting: ${(error as Error).message}`, {
			description: 'Nothing was sent. Fix the URL in the credential and run again.',
		});
	}
}
