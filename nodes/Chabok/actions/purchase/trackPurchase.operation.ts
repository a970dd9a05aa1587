import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { additionalFields, deliveryOptions, forOperation, inputModeProperties, showForDefineBelow } from '../../../shared/descriptions';
import type { TrackPurchaseBody } from '../../schemas';
import { trackPurchaseSchema } from '../../schemas';
import { eventDataFields, eventNameProperty, eventTimeOption, identityProperties } from '../fields';
import { executeTracking } from '../tracking';

const AUTO_SHAPE =
	'the documented trackPurchase body { "installationId": "…" (or "userId": "…"), "eventName": "…", "eventTime": 1575965125110, "revenue": 25000, "currency": "RIAL", "eventData": {…} }; eventTime, currency and eventData are optional';

export const description: INodeProperties[] = forOperation('purchase', 'trackPurchase', [
	...inputModeProperties(AUTO_SHAPE),
	...identityProperties(),
	eventNameProperty,
	{
		displayName: 'Revenue',
		name: 'revenue',
		type: 'number',
		required: true,
		default: 0,
		description: 'The amount the user paid (revenue), a number',
		displayOptions: { show: showForDefineBelow },
	},
	additionalFields([
		{
			displayName: 'Currency',
			name: 'currency',
			type: 'string',
			default: '',
			placeholder: 'RIAL',
			description: 'The currency of the purchase (currency), e.g. RIAL',
		},
		eventTimeOption,
	]),
	...eventDataFields(),
	deliveryOptions(),
]);

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return await executeTracking<TrackPurchaseBody>(this, {
		path: '/installations/trackPurchase',
		schema: trackPurchaseSchema,
		purchase: true,
	});
}
