import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { Entry } from '../../../shared/batches';
import { deliver } from '../../../shared/engine';
import { standardOutput } from '../../../shared/output';
import { additionalFields, deliveryOptions, forOperation, inputModeProperties, propertiesFields, showForDefineBelow } from '../../../shared/descriptions';
import { readOptions } from '../../../shared/options';
import { itemInput } from '../../../shared/input';
import { ParameterReader, readPropertiesParam } from '../../../shared/params';
import { datesToIsoUtc } from '../../../shared/time';
import type { TraintracksEvent } from '../../schemas';
import { parseEvent } from '../../schemas';
import { fixedRemoteAddress, remoteAddressFor, traintracksConnection } from '../../transport';

const AUTO_SHAPE =
	'one Traintracks event { "build": "1.1.1", "clientTimestamp": "2012-03-14T02:33:42.416587-07:00", "data": {…}, "device": "iPhone 5S", "eventType": "sword_battle", "userId": "<UUID>", "userName": "JaneDoe", "sessionId": "<UUID>", "serverTimestamp"?: "…", "location"?: { "lat": 37.87, "lon": -122.26 } }; clientTimestamp may be left out (now)';

export const DEFAULT_BATCH_SIZE = 100;

export const description: INodeProperties[] = forOperation('event', 'sendBatch', [
	...inputModeProperties(AUTO_SHAPE),
	{
		displayName: 'Event Type',
		name: 'eventType',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'store_purchase',
		description: 'The event type (eventType), without periods',
		displayOptions: { show: showForDefineBelow },
	},
	{
		displayName: 'User ID',
		name: 'userId',
		type: 'string',
		required: true,
		default: '',
		placeholder: '3dc6b97d-7388-11e4-bfb3-b8e8563b3f9a',
		description: 'A UUID string that identifies the user within your product (userId)',
		displayOptions: { show: showForDefineBelow },
	},
	{
		displayName: 'User Name',
		name: 'userName',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'typicalGamer2000',
		description: 'A name that uniquely identifies the user (userName)',
		displayOptions: { show: showForDefineBelow },
	},
	{
		displayName: 'Session ID',
		name: 'sessionId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'fff324c6-30a2-11e3-ad80-485d60066bda',
		description: "A UUID string for the user's current session (sessionId)",
		displayOptions: { show: showForDefineBelow },
	},
	{
		displayName: 'Device',
		name: 'device',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'iPhone 5S',
		description: 'The device type (device)',
		displayOptions: { show: showForDefineBelow },
	},
	{
		displayName: 'Build',
		name: 'build',
		type: 'string',
		required: true,
		default: '',
		placeholder: '1.1.1',
		description: 'The build version of your product (build)',
		displayOptions: { show: showForDefineBelow },
	},
	{
		displayName: 'Client Timestamp',
		name: 'clientTimestamp',
		type: 'string',
		default: '',
		placeholder: '2012-03-14T02:33:42.416587-07:00',
		description:
			'When the event happened (clientTimestamp): ISO 8601 text (an offset is kept, none means UTC, up to 6 fraction digits kept), epoch seconds or milliseconds, or a DateTime from an expression. Sent as YYYY-MM-DDTHH:mm:ss.SSSSSS±HH:MM. Empty means now, in UTC.',
		displayOptions: { show: showForDefineBelow },
	},
	...propertiesFields(
		'data',
		'Data',
		'The event\'s own data (data): any JSON, e.g. {"battleTime": 52030, "winner": {"name": "JaneDoe"}}',
		showForDefineBelow,
	),
	additionalFields([
		{
			displayName: 'Latitude',
			name: 'latitude',
			type: 'number',
			typeOptions: { minValue: -90, maxValue: 90, numberPrecision: 6 },
			default: 0,
			description: 'Latitude for geoqueries (location.lat), -90 to 90. Set together with Longitude.',
		},
		{
			displayName: 'Longitude',
			name: 'longitude',
			type: 'number',
			typeOptions: { minValue: -180, maxValue: 180, numberPrecision: 6 },
			default: 0,
			description: 'Longitude for geoqueries (location.lon), -180 to 180. Set together with Latitude.',
		},
		{
			displayName: 'Server Timestamp',
			name: 'serverTimestamp',
			type: 'string',
			default: '',
			placeholder: '2012-03-14T02:33:42.416587+00:00',
			description:
				'Only when resending past events (serverTimestamp); for real-time events Traintracks sets it on arrival. Same inputs and format as Client Timestamp.',
		},
	]),
	deliveryOptions([
		{
			displayName: 'Batch Size',
			name: 'batchSize',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: DEFAULT_BATCH_SIZE,
			description: 'The most events one request carries; all input items are sent as arrays of at most this many events',
		},
		{
			displayName: 'Remote Address',
			name: 'remoteAddress',
			type: 'string',
			default: '',
			placeholder: '203.0.113.7',
			description:
				"IPv4 or IPv6 address of the user's device, sent as the Remote-Address header. An expression is read for each item, and items are batched by their address, so each event keeps its own. Empty uses the credential's Default Remote Address.",
		},
	]),
]);

interface AdditionalFields {
	latitude?: number;
	longitude?: number;
	serverTimestamp?: unknown;
}

function defineEvent(params: ParameterReader, i: number): Record<string, unknown> {
	const additional = params.get<AdditionalFields>('additionalFields', i, {});
	const hasLocation = additional.latitude !== undefined || additional.longitude !== undefined;
	return {
		build: params.get<unknown>('build', i, ''),
		clientTimestamp: params.get<unknown>('clientTimestamp', i, ''),
		data: readPropertiesParam(params, 'data', i, 'data'),
		device: params.get<unknown>('device', i, ''),
		eventType: params.get<unknown>('eventType', i, ''),
		userId: params.get<unknown>('userId', i, ''),
		userName: params.get<unknown>('userName', i, ''),
		sessionId: params.get<unknown>('sessionId', i, ''),
		serverTimestamp: additional.serverTimestamp,
		location: hasLocation ? { lat: additional.latitude, lon: additional.longitude } : undefined,
	};
}

function readBatchSize(ctx: IExecuteFunctions, raw: unknown): number {
	if (raw === undefined || raw === '') return DEFAULT_BATCH_SIZE;
	const value = Number(raw);
	if (!Number.isInteger(value) || value < 1) {
		throw new NodeOperationError(ctx.getNode(), `The Batch Size option must be a whole number of at least 1, got "${String(raw)}"`, {
			description: 'Nothing was sent.',
		});
	}
	return value;
}

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const connection = await traintracksConnection(this);
	const params = new ParameterReader(this);
	const options = readOptions(params);
	const batchSize = readBatchSize(this, options.batchSize);
	const credentialAddress = connection.credentials.remoteAddress;
	const fixedAddress = fixedRemoteAddress(this, params, credentialAddress);
	const input = itemInput(this, params);

	return await deliver<TraintracksEvent>(this, {
		provider: 'Traintracks',
		options,
		connection,
		params,
		payloadOnlyInSent: true,
		maxPerRequest: batchSize,
		prepare: (i): Array<Entry<TraintracksEvent>> => {
			const candidate =
				input.mode === 'auto'
					? (input.mapped(i) as Record<string, unknown>)
					: defineEvent(params, i);
			// Dates an expression put inside data become ISO UTC text in both modes.
			const data = datesToIsoUtc(candidate.data);
			const withData = data === candidate.data ? candidate : { ...candidate, data };
			const payload = parseEvent(withData);
			const address = fixedAddress ?? remoteAddressFor(params.get<unknown>('options.remoteAddress', i, ''), credentialAddress);
			// Items are grouped by address: one signed array per Remote-Address.
			return [{ itemIndex: i, payload, groupKey: address }];
		},
		// The core serializes this array once; the credential signs that text.
		buildCall: (entries, address) => ({
			url: connection.endpoint,
			body: entries.map((entry) => entry.payload),
			headers: { 'Remote-Address': address },
		}),
		output: (_i, delivered) => standardOutput(delivered),
	});
}
