import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { Entry } from '../../../shared/batches';
import { deliver } from '../../../shared/engine';
import { standardOutput } from '../../../shared/output';
import { additionalFields, deliveryOptions, forOperation, inputModeProperties, propertiesFields, showForDefineBelow } from '../../../shared/descriptions';
import { itemInput } from '../../../shared/input';
import { ParameterReader, readPropertiesParam } from '../../../shared/params';
import { parser } from '../../../shared/parser';
import { compact, nonEmpty } from '../../../shared/properties';
import type { TrackBody } from '../../schemas';
import { trackBodySchema } from '../../schemas';
import { hackleConnection } from '../../transport';

const AUTO_SHAPE =
	'{ "event": { "key": "purchase", "value": 1, "properties": {…} }, "user": { "userId": "…", "deviceId": "…", "identifiers": {…}, "properties": {…} } }';

export const description: INodeProperties[] = forOperation('event', 'trackEvent', [
	...inputModeProperties(AUTO_SHAPE),
	{
		displayName: 'Event Key',
		name: 'eventKey',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'purchase',
		description: 'The event key as defined in Hackle (event.key)',
		displayOptions: { show: showForDefineBelow },
	},
	{
		displayName: 'User ID',
		name: 'userId',
		type: 'string',
		default: '',
		description:
			'User ID (user.userId); Hackle integrated identifiers work too. At least one of User ID, Device ID or a user identifier is required.',
		displayOptions: { show: showForDefineBelow },
	},
	{
		displayName: 'Device ID',
		name: 'deviceId',
		type: 'string',
		default: '',
		description: 'Device ID (user.deviceId). At least one of User ID, Device ID or a user identifier is required.',
		displayOptions: { show: showForDefineBelow },
	},
	additionalFields([
		{
			displayName: 'Event Value',
			name: 'value',
			type: 'number',
			default: 0,
			description: 'A numeric value for the event (event.value). Hackle recommends event properties instead.',
		},
	]),
	...propertiesFields('eventProperties', 'Event Properties', 'Event properties (event.properties): string, number or boolean values', showForDefineBelow),
	...propertiesFields('userIdentifiers', 'User Identifiers', 'Custom user identifiers (user.identifiers): string values, e.g. sessionId', showForDefineBelow),
	...propertiesFields('userProperties', 'User Properties', 'User properties (user.properties): string, number or boolean values', showForDefineBelow),
	deliveryOptions(),
]);

function defineBody(params: ParameterReader, i: number): unknown {
	const additional = params.get<{ value?: number }>('additionalFields', i, {});
	const properties = (name: string, field: string) => nonEmpty(readPropertiesParam(params, name, i, field));
	return {
		event: compact({
			key: params.get<string>('eventKey', i, ''),
			value: additional.value,
			properties: properties('eventProperties', 'event.properties'),
		}),
		user: compact({
			userId: params.get<string>('userId', i, ''),
			deviceId: params.get<string>('deviceId', i, ''),
			identifiers: properties('userIdentifiers', 'user.identifiers'),
			properties: properties('userProperties', 'user.properties'),
		}),
	};
}

const trackBody = parser(trackBodySchema);

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const connection = await hackleConnection(this, 'sdkSecretKey', 'Track Event');
	const params = new ParameterReader(this);
	const input = itemInput(this, params);
	const url = `${connection.baseUrl}/v1/track`;

	return await deliver<TrackBody>(this, {
		provider: 'Hackle',
		connection,
		params,
		payloadOnlyInSent: true,
		maxPerRequest: 1,
		prepare: (i): Array<Entry<TrackBody>> => {
			const candidate =
				input.mode === 'auto' ? input.mapped(i) : defineBody(params, i);
			return [{ itemIndex: i, payload: trackBody.parse(candidate) }];
		},
		buildCall: ([entry]) => ({ url, body: entry.payload }),
		output: (_i, delivered) => standardOutput(delivered),
	});
}
