import type { IExecuteFunctions } from 'n8n-workflow';

import { FieldError } from './errors';
import type { InputMode } from './descriptions';
import type { ParameterReader } from './params';
import { checkInputValue, getPath, isPlainObject } from './properties';

/**
 * In "Map Automatically" mode: the object an item hands the operation, read
 * from the item's JSON at Source Path (dot-path, empty = the whole item).
 */
export function mappedSource(
	json: unknown,
	sourcePath: string,
	accept: 'object' | 'objectOrArray' = 'object',
): Record<string, unknown> | unknown[] {
	const value = getPath(json, sourcePath);
	const where = sourcePath ? `Source Path "${sourcePath}"` : 'the item';
	if (value === undefined) throw new FieldError(sourcePath || '(item)', `is missing: nothing found at ${where}`);
	checkInputValue(value, sourcePath);
	if (isPlainObject(value)) return value;
	if (accept === 'objectOrArray' && Array.isArray(value)) return value;
	throw new FieldError(sourcePath || '(item)', `must be an object${accept === 'objectOrArray' ? ' or an array' : ''} at ${where}`);
}

export interface ItemInput {
	mode: InputMode;
	/** Map Automatically: the object (or array) at Source Path inside item `itemIndex`. */
	mapped(itemIndex: number, accept?: 'object' | 'objectOrArray'): Record<string, unknown> | unknown[];
}

/** The operation's Input Mode, and the mapped object of each item in Map Automatically mode. */
export function itemInput(ctx: IExecuteFunctions, params: ParameterReader): ItemInput {
	const mode = params.get<InputMode>('inputMode', 0, 'define');
	const items = ctx.getInputData();
	return {
		mode,
		mapped: (itemIndex, accept = 'object') =>
			mappedSource(items[itemIndex].json, params.get<string>('sourcePath', itemIndex, ''), accept),
	};
}
