import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

import type { DeliverySettings } from './delivery';
import { DEFAULT_SETTINGS } from './delivery';
import type { ParameterReader } from './params';

/** `displayOptions.show` for one resource/operation, merged with extra conditions. */
export function showFor(resource: string, operation: string, extra: IDisplayOptions['show'] = {}): IDisplayOptions {
	return { show: { resource: [resource], operation: [operation], ...extra } };
}

/** Attach display options to every property of an operation (n8n's `updateDisplayOptions`). */
export function forOperation(resource: string, operation: string, properties: INodeProperties[]): INodeProperties[] {
	return properties.map((property) => {
		const show = { ...(property.displayOptions?.show ?? {}), resource: [resource], operation: [operation] };
		return { ...property, displayOptions: { ...property.displayOptions, show } };
	});
}

export type InputMode = 'define' | 'auto';

/**
 * "Define Below" (a parameter per field, expressions allowed) or "Map
 * Automatically" (the item, or the object at Source Path inside it, already
 * has the provider's documented shape).
 */
export function inputModeProperties(autoShape: string): INodeProperties[] {
	return [
		{
			displayName: 'Input Mode',
			name: 'inputMode',
			type: 'options',
			noDataExpression: true,
			default: 'define',
			options: [
				{
					name: 'Define Below',
					value: 'define',
					description: 'Set each field below; every field also accepts an expression',
				},
				{
					name: 'Map Automatically',
					value: 'auto',
					description: `Each input item already has the documented shape: ${autoShape}`,
				},
			],
		},
		{
			displayName: 'Source Path',
			name: 'sourcePath',
			type: 'string',
			default: '',
			placeholder: 'body',
			description:
				'Dot-path to the object inside each item that holds the event, e.g. "body" for a Webhook node\'s output. Leave empty to use the whole item.',
			displayOptions: { show: { inputMode: ['auto'] } },
		},
	];
}

/**
 * A free-form properties field a user fills either as a key/value list or
 * as a JSON object: `<name>Mode`, `<name>` (key/value) and `<name>Json`.
 */
export function propertiesFields(
	name: string,
	displayName: string,
	description: string,
	show: IDisplayOptions['show'] = {},
): INodeProperties[] {
	return [
		{
			displayName: `${displayName} Input`,
			name: `${name}Mode`,
			type: 'options',
			default: 'keyValue',
			description: `How to enter ${displayName.toLowerCase()}`,
			options: [
				{ name: 'Key/Value List', value: 'keyValue' },
				{ name: 'JSON Object', value: 'json' },
			],
			displayOptions: { show },
		},
		{
			displayName,
			name,
			type: 'fixedCollection',
			typeOptions: { multipleValues: true },
			placeholder: `Add ${displayName.replace(/ies$/, 'y').replace(/s$/, '')}`,
			default: {},
			description,
			options: [
				{
					displayName: 'Property',
					name: 'property',
					values: [
						{ displayName: 'Key', name: 'key', type: 'string', default: '' },
						{
							displayName: 'Value',
							name: 'value',
							type: 'string',
							default: '',
							description: 'Text is sent as a string; an expression keeps its type (number, boolean)',
						},
					],
				},
			],
			displayOptions: { show: { ...show, [`${name}Mode`]: ['keyValue'] } },
		},
		{
			displayName: `${displayName} (JSON)`,
			name: `${name}Json`,
			type: 'json',
			default: '{}',
			description: `${description}. A JSON object; numbers, booleans and nesting are kept.`,
			displayOptions: { show: { ...show, [`${name}Mode`]: ['json'] } },
		},
	];
}

/** The delivery options every node offers ("Options" collection). */
export function deliveryOptions(extra: INodeProperties[] = []): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			...extra,
			{
				displayName: 'Concurrency',
				name: 'concurrency',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 64 },
				default: 8,
				description: 'How many requests may be in flight at once',
			},
			{
				displayName: 'Include Sent Payload',
				name: 'includeSent',
				type: 'boolean',
				default: true,
				description:
					'Whether each output item carries the payload exactly as the provider received it ("sent"; "users" for Hackle Send Push). Turn off to keep output items small (status and request information only), e.g. for very large runs.',
			},
			{
				displayName: 'Initial Retry Delay (Ms)',
				name: 'retryDelayMs',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 1000,
				description:
					'Wait before the first retry; each further retry waits twice as long, with random jitter. A Retry-After header from the provider takes precedence.',
			},
			{
				displayName: 'Max Retries',
				name: 'maxRetries',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: 10 },
				default: 3,
				description:
					'How often a request is sent again after HTTP 429, 5xx or a failed connection. Other 4xx answers and time-outs are never retried.',
			},
			{
				displayName: 'Max Retry Wait (Ms)',
				name: 'maxRetryWaitMs',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 60000,
				description:
					'The longest single wait before a retry. If the provider asks (Retry-After) for longer, the request fails instead of waiting.',
			},
			{
				displayName: 'Timeout (Ms)',
				name: 'timeoutMs',
				type: 'number',
				typeOptions: { minValue: 100 },
				default: 30000,
				description:
					'How long one attempt may take. A request that times out is reported as failed and not sent again, since the provider may already have recorded it.',
			},
		],
	};
}

export interface NodeOptions extends DeliverySettings {
	[key: string]: unknown;
}

/** Read the Options collection once per execution (it may hold expressions of item 0 only). */
export function readOptions(params: ParameterReader): NodeOptions {
	const raw = params.get<Record<string, unknown>>('options', 0, {});
	const number = (key: Exclude<keyof DeliverySettings, 'includeSent'>) => {
		const value = Number(raw[key]);
		return raw[key] === undefined || raw[key] === '' || !Number.isFinite(value) ? DEFAULT_SETTINGS[key] : value;
	};
	return {
		...raw,
		concurrency: Math.max(1, Math.floor(number('concurrency'))),
		maxRetries: Math.max(0, Math.floor(number('maxRetries'))),
		retryDelayMs: Math.max(0, number('retryDelayMs')),
		maxRetryWaitMs: Math.max(0, number('maxRetryWaitMs')),
		timeoutMs: Math.max(1, number('timeoutMs')),
		includeSent: raw.includeSent !== false,
	};
}
