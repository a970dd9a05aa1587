import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { ChabokApi } from '../../credentials/ChabokApi.credentials';
import type { Authenticate, Connection } from '../shared/connection';
import { connect, credentialBaseUrl, requireSetting } from '../shared/connection';
import { FieldError } from '../shared/errors';
import { checkBaseUrl, checkHostLabel } from '../shared/url';

export const CHABOK_CREDENTIAL = 'chabokApi';
export const CHABOK_SANDBOX_BASE_URL = 'https://sandbox.push.adpdigital.com/api';
const PRODUCTION_DOMAIN = 'push.adpdigital.com';

export interface ChabokConnection extends Connection {
	/** e.g. https://myapp.push.adpdigital.com/api, without a trailing slash. */
	baseUrl: string;
}

/**
 * The production base URL of an app: `https://{APP_ID}.push.adpdigital.com/api`.
 * The App ID must be one DNS label, and the URL built from it is checked to
 * name exactly that host, so no App ID can point the request elsewhere.
 */
export function productionBaseUrl(appId: unknown): string {
	const label = checkHostLabel(appId, 'App ID');
	const url = checkBaseUrl(`https://${label}.${PRODUCTION_DOMAIN}/api`, 'App ID');
	if (new URL(url).hostname !== `${label.toLowerCase()}.${PRODUCTION_DOMAIN}`) {
		throw new FieldError('App ID', 'does not make a valid Chabok host name');
	}
	return url;
}

/**
 * The Chabok connection of one execution: the credential read once (its
 * access token registered as a secret, scrubbed from output and errors), the
 * base URL resolved and checked before any item is read. The credential's
 * generic `authenticate` sends the token as X-Access-Token.
 */
export async function chabokConnection(ctx: IExecuteFunctions): Promise<ChabokConnection> {
	const connection = await connect(ctx, CHABOK_CREDENTIAL, ['accessToken'], new ChabokApi().authenticate as Authenticate);
	const { credentials } = connection;
	requireSetting(
		ctx,
		credentials,
		'accessToken',
		'The Chabok API credential has no Access Token',
		'Open the Chabok API credential and paste the access token from the Chabok panel (access and tokens).',
	);
	const override = typeof credentials.baseUrl === 'string' ? credentials.baseUrl.trim() : '';
	if (override) {
		return {
			...connection,
			baseUrl: credentialBaseUrl(ctx, override, override, 'Base URL Override of the Chabok API credential'),
		};
	}
	if (credentials.environment === 'sandbox') return { ...connection, baseUrl: CHABOK_SANDBOX_BASE_URL };
	const appId = requireSetting(
		ctx,
		credentials,
		'appId',
		'The Chabok API credential has no App ID, which the production environment needs',
		'Open the Chabok API credential and fill in "App ID" (the first part of {APP_ID}.push.adpdigital.com), or choose the Sandbox environment.',
	);
	let baseUrl = '';
	let problem = '';
	try {
		baseUrl = productionBaseUrl(appId);
	} catch (error) {
		problem = (error as Error).message;
	}
	if (problem) {
		throw new NodeOperationError(ctx.getNode(), `Invalid credential setting: ${problem}`, {
			description: 'Nothing was sent. Fix the App ID in the Chabok API credential and run again.',
		});
	}
	return { ...connection, baseUrl };
}
