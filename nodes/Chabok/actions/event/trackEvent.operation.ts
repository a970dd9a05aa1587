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
			// The name stays "bulk" (saved workflows keep their setting); it now covers user IDs too.
			displayName: 'Send in Bulk',
			name: 'bulk',
			type: 'boolean',
			default: true,
			description:
				'Whether the events of many items are sent together to Chabok\'s bulk endpoint (POST /installations/trackBulk) as JSON arrays of at most 1,000, events by installation ID and events by user ID each in their own arrays, when the node receives more than one item. Chabok answers how many events it queued: when that is fewer than were sent it does not say which, so every item of that request fails as "may have been recorded" and is not sent again (unless Delivery is At Least Once). A single event goes to POST /installations/track. Off: one request per item.',
		},
	]),
]);

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return await executeTracking<TrackEventBody>(this, {
		path: '/installations/track',
		bulkPath: '/installations/trackBulk',
		schema: trackEventSchema,
		purchase: false,
	});
}
