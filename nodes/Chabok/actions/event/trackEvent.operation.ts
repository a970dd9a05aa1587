import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { additionalFields, deliveryOptions, forOperation, inputModeProperties } from '../../../shared/descriptions';
import type { TrackEventBody } from '../../schemas';
import { trackEventSchema } from '../../schemas';
import { eventDataFields, eventNameProperty, eventTimeOption, identityProperties } from '../fields';
import { executeTracking } from '../tracking';

const AUTO_SHAPE =
	'the documented track body { "installationId": "…" (or "userId": "…"), "eventName": "…", "eventTime": 1575965125110, "eventData": {…} }; eventTime and eventData are optional';

export const description: INodeProperties[] = forOperation('event', 'trackEvent', [
	...inputModeProperties(AUTO_SHAPE),
	...identityProperties(),
	eventNameProperty,
	additionalFields([eventTimeOption]),
	...eventDataFields(),
	deliveryOptions([
		{
			displayName: 'Bulk by Installation ID',
			name: 'bulk',
			type: 'boolean',
			default: true,
			description:
				'Whether events identified by installation ID are sent together as one JSON array per request (at most 1,000 events) when the node receives more than one item. Events identified by user ID are always sent one per request. Off: one request per item.',
		},
	]),
]);

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return await executeTracking<TrackEventBody>(this, {
		path: '/installations/track',
		schema: trackEventSchema,
		purchase: false,
		bulk: true,
	});
}
