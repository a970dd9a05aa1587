import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

import { FieldError } from '../../../shared/errors';
import type { ParameterReader } from '../../../shared/params';
import { readPropertiesParam } from '../../../shared/params';
import { propertiesFields } from '../../../shared/descriptions';
import type { PropertyMap } from '../../../shared/properties';
import { numberFromText, parseJsonArray } from '../../../shared/properties';
import type { ParamName, ParamSpec } from '../../schemas';
import { MAX_ITEMS, MAX_STRING_LENGTH, PARAMS } from '../../schemas';

/** Top-level body fields that have their own parameter and may not come in as extras. */
const RESERVED = ['uid', 'eventName', 'platform'];

export function uidProperty(show: IDisplayOptions['show']): INodeProperties {
	return {
		displayName: 'User ID (Uid)',
		name: 'uid',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'USER_ID',
		description: `The user's unique identifier (uid), at most ${MAX_STRING_LENGTH} characters. Adrop hashes it with SHA-256 before storing it.`,
		displayOptions: { show },
	};
}

export function platformProperty(show: IDisplayOptions['show']): INodeProperties {
	return {
		displayName: 'Platform',
		name: 'platform',
		type: 'options',
		default: '',
		description: 'The platform the event happened on (platform). Left out of the body when None. An expression may give another value.',
		options: [
			{ name: 'Android', value: 'android' },
			{ name: 'iOS', value: 'ios' },
			{ name: 'None (Not Sent)', value: '' },
			{ name: 'Web', value: 'web' },
		],
		displayOptions: { show },
	};
}

export function extraParameterProperties(show: IDisplayOptions['show']): INodeProperties[] {
	return propertiesFields(
		'extraParameters',
		'Extra Parameters',
		`Further parameters, sent at the top level of the body next to the documented ones. Strings at most ${MAX_STRING_LENGTH} characters.`,
		show,
	);
}

/** The editor field for one documented parameter (inside an Additional Fields collection, or top level when required). */
export function paramProperty(name: ParamName, extra: Partial<INodeProperties> = {}): INodeProperties {
	const spec = PARAMS[name] as ParamSpec;
	const base = { displayName: spec.displayName, name, description: spec.description };
	if (spec.kind === 'number') return { ...base, type: 'number', default: name === 'quantity' ? 1 : 0, ...extra } as INodeProperties;
	if (spec.kind === 'items') {
		return {
			...base,
			type: 'json',
			// Empty, not an example: an untouched example would be sent as a real order.
			default: '[]',
			description: `A JSON array of at most ${MAX_ITEMS} items (items); each needs item_id and may have item_name, item_category, brand, price, quantity. Example: [{"item_id": "SKU-001", "price": 29900, "quantity": 1}]`,
			...extra,
		} as INodeProperties;
	}
	return { ...base, type: 'string', default: '', ...extra } as INodeProperties;
}

/**
 * A value typed in a Define Below field, as the body should carry it: a
 * number field's numeric text (an expression reading a CSV cell) becomes
 * the number; an items field's JSON text becomes the array. Everything else
 * is left as it is, for the schema to judge.
 */
export function fieldValue(name: string, value: unknown): unknown {
	const spec = (PARAMS as Record<string, ParamSpec>)[name];
	if (!spec) return value;
	if (spec.kind === 'number') return numberFromText(value);
	if (spec.kind === 'items') return value === '' || value === undefined ? undefined : parseJsonArray(value, name);
	return value;
}

/** The Extra Parameters of an item, refused where they would overwrite a field that has its own parameter. */
export function readExtras(params: ParameterReader, i: number, body: Record<string, unknown>): PropertyMap {
	const extras = readPropertiesParam(params, 'extraParameters', i, 'extraParameters');
	for (const key of Object.keys(extras)) {
		if (RESERVED.includes(key)) throw new FieldError(`extraParameters.${key}`, `is a field of its own; set it there, not as an extra parameter`);
		if (Object.prototype.hasOwnProperty.call(body, key)) {
			throw new FieldError(`extraParameters.${key}`, 'is already set by its own field; set it in one place only');
		}
	}
	return extras;
}
