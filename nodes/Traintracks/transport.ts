import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { TRAINTRACKS_ENDPOINT, TRAINTRACKS_REMOTE_ADDRESS, TraintracksApi } from '../../credentials/TraintracksApi.credentials';
import type { Authenticate, Connection } from '../shared/connection';
import { FieldError } from '../shared/errors';
import type { ParameterReader } from '../shared/params';
import { connect, credentialBaseUrl, requireSetting } from '../shared/connection';
import { isIpAddress, isUuid } from './schemas';

export const TRAINTRACKS_CREDENTIAL = 'traintracksApi';

export interface TraintracksConnection extends Connection {
	endpoint: string;
}

/**
 * The Traintracks connection of one execution: the credential read once, its
 * key, secret and endpoint checked before any item is read. The credential's
 * `authenticate` signs each request (X-Product-Key, X-Product-Auth).
 */
export async function traintracksConnection(ctx: IExecuteFunctions): Promise<TraintracksConnection> {
	const connection = await connect(ctx, TRAINTRACKS_CREDENTIAL, ['productSecret'], new TraintracksApi().authenticate as Authenticate);
	const productKey = requireSetting(
		ctx,
		connection.credentials,
		'productKey',
		'The Traintracks API credential has no Product Key',
		'Open the Traintracks API credential and fill in "Product Key", the UUID Traintracks gave you for your product.',
	);
	if (!isUuid(productKey)) {
		throw new NodeOperationError(ctx.getNode(), 'The Product Key of the Traintracks API credential is not a UUID', {
			description:
				'Traintracks product keys are UUID strings like "a32e6578-17b7-11e4-930a-bc764e1c05e4". Nothing was sent.',
		});
	}
	requireSetting(
		ctx,
		connection.credentials,
		'productSecret',
		'The Traintracks API credential has no Product Secret',
		'Open the Traintracks API credential and fill in "Product Secret": every request is signed with it.',
	);
	const endpoint = credentialBaseUrl(
		ctx,
		connection.credentials.endpointUrl,
		TRAINTRACKS_ENDPOINT,
		'Endpoint URL of the Traintracks API credential',
	);
	return { ...connection, endpoint };
}

/**
 * The Remote-Address header for an item: the node's option when set, else
 * the credential's default, else the document's fallback 1.2.3.4. Throws a
 * FieldError naming where the bad value came from.
 */
export function remoteAddressFor(option: unknown, credentialDefault: unknown): string {
	const fromOption = typeof option === 'string' ? option.trim() : option === undefined || option === null ? '' : String(option);
	const fromCredential = typeof credentialDefault === 'string' ? credentialDefault.trim() : '';
	const [value, source] = fromOption
		? [fromOption, 'The Remote Address option']
		: fromCredential
			? [fromCredential, 'The Default Remote Address of the Traintracks API credential']
			: [TRAINTRACKS_REMOTE_ADDRESS, 'The fallback Remote-Address'];
	if (!isIpAddress(value)) throw new FieldError(source, `is not an IPv4 or IPv6 address ("${value.slice(0, 64)}")`);
	return value;
}

/**
 * The Remote-Address of every item when the option holds no expression:
 * checked once, before any item is read, and a bad value stops the
 * execution. Undefined when the option is an expression: then each item's
 * own address is read and checked with the item (remoteAddressFor).
 */
export function fixedRemoteAddress(ctx: IExecuteFunctions, params: ParameterReader, credentialDefault: unknown): string | undefined {
	if (params.isExpression('options.remoteAddress')) return undefined;
	try {
		return remoteAddressFor(params.get<unknown>('options.remoteAddress', 0, ''), credentialDefault);
	} catch (error) {
		throw new NodeOperationError(ctx.getNode(), (error as Error).message, {
			description:
				'Remote-Address must be an IP address like 203.0.113.7 or 2001:db8::7 (no port, no brackets, no zone). Nothing was sent.',
		});
	}
}
