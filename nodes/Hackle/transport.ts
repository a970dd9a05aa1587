import type { IExecuteFunctions } from 'n8n-workflow';

import { HACKLE_BASE_URL, HackleApi } from '../../credentials/HackleApi.credentials';
import type { Authenticate, Connection } from '../shared/connection';
import { connect, credentialBaseUrl, requireSetting } from '../shared/connection';

export const HACKLE_CREDENTIAL = 'hackleApi';

const KEYS = {
	sdkSecretKey: {
		label: 'Server SDK Key',
		why: "Track Event authenticates with the server SDK key from the dashboard's SDK integration page (SDK 연동 정보).",
	},
	apiKey: {
		label: 'API Key',
		why: 'Send Push authenticates with the API key of the environment the campaign belongs to.',
	},
};

export interface HackleConnection extends Connection {
	baseUrl: string;
}

/**
 * The Hackle connection of one execution: the credential read once, the key
 * the operation needs checked before any item is read, the base URL checked.
 * The credential's `authenticate` puts that key in X-HACKLE-API-KEY.
 */
export async function hackleConnection(
	ctx: IExecuteFunctions,
	key: keyof typeof KEYS,
	operationName: string,
): Promise<HackleConnection> {
	const connection = await connect(ctx, HACKLE_CREDENTIAL, ['sdkSecretKey', 'apiKey'], new HackleApi().authenticate as Authenticate);
	const { label, why } = KEYS[key];
	requireSetting(
		ctx,
		connection.credentials,
		key,
		`The Hackle API credential has no ${label}, which ${operationName} needs`,
		`Open the Hackle API credential and fill in "${label}". ${why}`,
	);
	const baseUrl = credentialBaseUrl(
		ctx,
		connection.credentials.baseUrl,
		HACKLE_BASE_URL,
		'Base URL of the Hackle API credential',
	);
	return { ...connection, baseUrl };
}
