import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

export interface Operation {
	execute(this: IExecuteFunctions): Promise<INodeExecutionData[]>;
}

/** resource → operation → module, as each node's table of contents declares it. */
export type OperationMap = Record<string, Record<string, Operation>>;

/** A node's `execute`: run the operation the Resource and Operation parameters select. */
export async function route(ctx: IExecuteFunctions, operations: OperationMap): Promise<INodeExecutionData[][]> {
	const resource = ctx.getNodeParameter('resource', 0) as string;
	const operation = ctx.getNodeParameter('operation', 0, '') as string;
	const handler = operations[resource]?.[operation];
	if (!handler) {
		// n8n adds "Custom API Call" to the dropdowns of nodes whose credential
		// can authenticate the HTTP Request node; that is where such calls go.
		const custom = resource === '__CUSTOM_API_CALL__' || operation === '__CUSTOM_API_CALL__';
		throw new NodeOperationError(
			ctx.getNode(),
			custom
				? 'Custom API Call is done with n8n\'s HTTP Request node'
				: `The operation "${operation}" of resource "${resource}" is not supported`,
			custom
				? {
						description:
							'Add an HTTP Request node, choose Authentication → Predefined Credential Type and this node\'s credential: it adds the same authentication headers. Nothing was sent.',
					}
				: undefined,
		);
	}
	return [await handler.execute.call(ctx)];
}
