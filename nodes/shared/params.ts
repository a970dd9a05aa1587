import type { IExecuteFunctions } from 'n8n-workflow';

import type { KeyValueRow, PropertyMap } from './properties';
import { getPath, keyValueToObject, parseJsonObject } from './properties';

function containsExpression(raw: unknown): boolean {
	if (typeof raw === 'string') return raw.startsWith('=');
	if (Array.isArray(raw)) return raw.some(containsExpression);
	if (typeof raw === 'object' && raw !== null) return Object.values(raw).some(containsExpression);
	return false;
}

/**
 * Reads node parameters for an item, resolving each parameter that holds no
 * expression only once per execution: a fixed value is the same for every
 * item, and each `getNodeParameter` call costs a pass through n8n's
 * parameter machinery. Parameters with expressions are resolved per item,
 * once each.
 */
export class ParameterReader {
	private readonly fixed = new Map<string, unknown>();

	constructor(private readonly ctx: IExecuteFunctions) {}

	get<T>(name: string, itemIndex: number, fallback?: T): T {
		if (this.fixed.has(name)) return this.fixed.get(name) as T;
		const value = this.ctx.getNodeParameter(name, itemIndex, fallback) as T;
		if (!containsExpression(getPath(this.ctx.getNode().parameters, name))) {
			this.fixed.set(name, value);
		}
		return value;
	}

	/** True when a parameter (or anything inside a collection) is an expression. */
	isExpression(name: string): boolean {
		return containsExpression(getPath(this.ctx.getNode().parameters, name));
	}
}

/**
 * A properties field pair made by `propertiesFields(name, …)`: the key/value
 * list or the JSON object, whichever `<name>Mode` selects; `field` names it
 * in errors (e.g. "event.properties").
 */
export function readPropertiesParam(
	params: ParameterReader,
	name: string,
	itemIndex: number,
	field: string,
): PropertyMap {
	if (params.get<string>(`${name}Mode`, itemIndex, 'keyValue') === 'json') {
		return parseJsonObject(params.get<unknown>(`${name}Json`, itemIndex, '{}'), field);
	}
	return keyValueToObject(params.get<{ property?: KeyValueRow[] }>(name, itemIndex, {}).property, field);
}
