import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import type { OperationMap } from '../shared/router';
import { route } from '../shared/router';

import * as trackEvent from './actions/event/trackEvent.operation';
import * as sendPush from './actions/pushMessage/sendPush.operation';

const operations = {
	event: { trackEvent },
	pushMessage: { sendPush },
} satisfies OperationMap;


export class Hackle implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Hackle',
		name: 'hackle',
		icon: { light: 'file:../../icons/hackle.svg', dark: 'file:../../icons/hackle.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description: 'Track events and trigger API-based push campaigns in Hackle',
		defaults: { name: 'Hackle' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'hackleApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Event', value: 'event' },
					{ name: 'Push Message', value: 'pushMessage' },
				],
				default: 'event',
			},
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				displayOptions: { show: { resource: ['event'] } },
				options: [
					{
						name: 'Track Event',
						value: 'trackEvent',
						action: 'Track an event',
						description: 'Send one event for one user (POST /v1/track), one request per item',
					},
				],
				default: 'trackEvent',
			},
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				displayOptions: { show: { resource: ['pushMessage'] } },
				options: [
					{
						name: 'Send Push',
						value: 'sendPush',
						action: 'Send a push message',
						description:
							'Trigger an API-based push campaign for users (POST /v1/push-message/trigger/send), up to 50 users per request',
					},
				],
				default: 'sendPush',
			},
			...trackEvent.description,
			...sendPush.description,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await route(this, operations);
	}
}
