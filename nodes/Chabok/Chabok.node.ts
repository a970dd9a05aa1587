import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import type { OperationMap } from '../shared/router';
import { route } from '../shared/router';

import * as trackEvent from './actions/event/trackEvent.operation';
import * as trackPurchase from './actions/purchase/trackPurchase.operation';

const operations = {
	event: { trackEvent },
	purchase: { trackPurchase },
} satisfies OperationMap;


export class Chabok implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Chabok',
		name: 'chabok',
		icon: { light: 'file:../../icons/chabok.svg', dark: 'file:../../icons/chabok.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description: 'Track events and purchases (revenue) in Chabok, by installation or by user',
		defaults: { name: 'Chabok' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'chabokApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Event', value: 'event' },
					{ name: 'Purchase', value: 'purchase' },
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
						description:
							'Record an event for an installation or a user (POST /installations/track); the events of many items, by installation or by user, go in bulk arrays of up to 1,000 (POST /installations/trackBulk)',
					},
				],
				default: 'trackEvent',
			},
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				displayOptions: { show: { resource: ['purchase'] } },
				options: [
					{
						name: 'Track Purchase',
						value: 'trackPurchase',
						action: 'Track a purchase',
						description:
							'Record a purchase with its revenue for an installation or a user (POST /installations/trackPurchase), one request per item',
					},
				],
				default: 'trackPurchase',
			},
			...trackEvent.description,
			...trackPurchase.description,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await route(this, operations);
	}
}
