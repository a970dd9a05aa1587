import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import type { OperationMap } from '../shared/router';
import { route } from '../shared/router';

import * as trackEvent from './actions/event/trackEvent.operation';
import * as trackPurchase from './actions/event/trackPurchase.operation';

const operations = {
	event: { trackEvent, trackPurchase },
} satisfies OperationMap;


export class Adrop implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Adrop',
		name: 'adrop',
		icon: { light: 'file:../../icons/adrop.svg', dark: 'file:../../icons/adrop.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description: 'Send user events and purchases to Adrop for audience targeting, validated against the documented event catalogue',
		defaults: { name: 'Adrop' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'adropApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [{ name: 'Event', value: 'event' }],
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
						description: 'Send one documented event for one user (POST /event), one request per item',
					},
					{
						name: 'Track Purchase',
						value: 'trackPurchase',
						action: 'Track a purchase',
						description:
							'Send a purchase (or begin_checkout) with its items (POST /event); items from fields, JSON, or many input items grouped by tx_id',
					},
				],
				default: 'trackEvent',
			},
			...trackEvent.description,
			...trackPurchase.description,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await route(this, operations);
	}
}
