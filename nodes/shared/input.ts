import { FieldError } from './errors';
import type { InputMode } from './descriptions';
import type { ParameterReader } from './params';
import { getPath, isPlainObject } from './properties';

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
	if (isPlainObject(value)) return value;
	if (accept === 'objectOrArray' && Array.isArray(value)) return value;
	throw new FieldError(sourcePath || '(item)', `must be an object${accept === 'objectOrArray' ? ' or an array' : ''} at ${where}`);
}

export function readInputMode(params: ParameterReader): { mode: InputMode; sourcePath: string } {
	const mode = params.get<InputMode>('inputMode', 0, 'define');
	const sourcePath = mode === 'auto' ? params.get<string>('sourcePath', 0, '').trim() : '';
	return { mode, sourcePath };
}
