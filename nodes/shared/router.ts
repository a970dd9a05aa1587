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
	const operation = ctx.getNodeParameter('operation', 0) as string;
	const handler = operations[resource]?.[operation];
	if (!handler) {
		throw new NodeOperationError(ctx.getNode(), `The operation "${operation}" of resource "${resource}" is not supported`);
	}
	return [await handler.execute.call(ctx)];
}
