import type { ICredentialDataDecryptedObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { Send } from './http';
import { createSender } from './http';
import { checkBaseUrl } from './url';

export interface Connection {
	credentials: ICredentialDataDecryptedObject;
	send: Send;
	/** Every secret of the credential, scrubbed from output and errors. */
	secrets: string[];
}

/** The credential of one execution, read once, and the sender that uses it. */
export async function connect(
	ctx: IExecuteFunctions,
	credentialType: string,
	secretFields: string[],
): Promise<Connection> {
	const credentials = await ctx.getCredentials(credentialType);
	const secrets = secretFields.map((field) => String(credentials[field] ?? '')).filter(Boolean);
	return { credentials, send: createSender(ctx, credentialType, credentials), secrets };
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
