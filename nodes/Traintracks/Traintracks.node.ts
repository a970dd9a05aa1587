import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as sendBatch from './actions/event/sendBatch.operation';

const operations = {
	event: { sendBatch },
} as const;

type Resource = keyof typeof operations;

export class Traintracks implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Traintracks',
		name: 'traintracks',
		icon: { light: 'file:../../icons/traintracks.svg', dark: 'file:../../icons/traintracks.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description: 'Send events to Traintracks in signed batches',
		defaults: { name: 'Traintracks' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'traintracksApi', required: true }],
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
						name: 'Send Batch',
						value: 'sendBatch',
						action: 'Send events in batches',
						description:
							'Send each input item as one event; all items go out as signed JSON arrays of at most Batch Size events',
					},
				],
				default: 'sendBatch',
			},
			...sendBatch.description,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const resource = this.getNodeParameter('resource', 0) as Resource;
		const operation = this.getNodeParameter('operation', 0) as string;
		const handler = (operations[resource] as Record<string, { execute: (this: IExecuteFunctions) => Promise<INodeExecutionData[]> }>)[operation];
		return [await handler.execute.call(this)];
	}
}
