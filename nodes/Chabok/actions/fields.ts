import type { INodeProperties } from 'n8n-workflow';

import { propertiesFields, showForDefineBelow } from '../../shared/descriptions';

/*
 * The Define Below fields Chabok's two operations share: identity, event
 * name, event time, event data.
 */

export type Identity = 'installationId' | 'userId';

/** Identity selector and its two fields (Define Below). */
export function identityProperties(): INodeProperties[] {
	return [
		{
			displayName: 'Identify By',
			name: 'identifyBy',
			type: 'options',
			default: 'installationId',
			description:
				'Installation ID is preferred: Chabok then knows the device the event happened on. A User ID carries no device, so Chabok records the event on the last device the user signed in with.',
			options: [
				{
					name: 'Installation ID',
					value: 'installationId',
					description: 'The installation (device) ID the Chabok SDK reports; preferred, the device is known',
				},
				{
					name: 'User ID',
					value: 'userId',
					description: "The user's ID; Chabok assumes the user's last signed-in device",
				},
			],
			displayOptions: { show: showForDefineBelow },
		},
		{
			displayName: 'Installation ID',
			name: 'installationId',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'INSTALLATION_ID',
			description: 'The installation ID the Chabok SDK reports for the device (installationId)',
			displayOptions: { show: { ...showForDefineBelow, identifyBy: ['installationId'] } },
		},
		{
			displayName: 'User ID',
			name: 'userId',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'USER_ID',
			description: 'The ID of the user who did the event (userId)',
			displayOptions: { show: { ...showForDefineBelow, identifyBy: ['userId'] } },
		},
	];
}

export const eventNameProperty: INodeProperties = {
	displayName: 'Event Name',
	name: 'eventName',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'addToCart',
	description: 'The name of the event to record (eventName)',
	displayOptions: { show: showForDefineBelow },
};

export const eventTimeOption: INodeProperties = {
	displayName: 'Event Time',
	name: 'eventTime',
	type: 'string',
	default: '',
	placeholder: '2019-12-10T08:05:25.110Z',
	description:
		'When the event happened (eventTime, sent as epoch milliseconds): ISO 8601 (read as UTC when it has no offset), epoch seconds or milliseconds, or an expression giving a DateTime or Date. Leave empty and Chabok stores the time it received the event.',
};

export function eventDataFields(): INodeProperties[] {
	return propertiesFields(
		'eventData',
		'Event Data',
		'Data of the event (eventData): strings, numbers, booleans, arrays; dates are sent as ISO UTC strings',
		showForDefineBelow,
	);
}

