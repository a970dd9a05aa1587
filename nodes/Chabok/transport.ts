import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { ChabokApi, chabokBaseUrl } from '../../credentials/ChabokApi.credentials';
import type { Authenticate, Connection } from '../shared/connection';
import { connect, requireSetting } from '../shared/connection';

export const CHABOK_CREDENTIAL = 'chabokApi';
export interface ChabokConnection extends Connection {
	/** e.g. https://myapp.push.adpdigital.com/api, without a trailing slash. */
	baseUrl: string;
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
	// The App ID is required only when it makes the host (production, no override).
	if (!String(credentials.baseUrl ?? '').trim() && credentials.environment !== 'sandbox') {
		requireSetting(
			ctx,
			credentials,
			'appId',
			'The Chabok API credential has no App ID, which the production environment needs',
			'Open the Chabok API credential and fill in "App ID" (the first part of {APP_ID}.push.adpdigital.com), or choose the Sandbox environment.',
		);
	}
	// The same resolution (and checks) as the credential's authenticate uses.
	try {
		return { ...connection, baseUrl: chabokBaseUrl(credentials).baseUrl };
	} catch (error) {
		throw new NodeOperationError(ctx.getNode(), `Invalid credential setting: ${(error as Error).message}`, {
			description: 'Nothing was sent. Fix the Chabok API credential (App ID or Base URL Override) and run again.',
		});
	}
}
