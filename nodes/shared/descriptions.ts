import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

import type { NumericOption } from './options';
import { OPTION_LIMITS } from './options';

/** Shows a field only in Input Mode "Define Below". */
export const showForDefineBelow = { inputMode: ['define'] };

/** "Additional Fields": an operation's optional documented fields, in Define Below mode. */
export function additionalFields(options: INodeProperties[]): INodeProperties {
	return {
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: { show: showForDefineBelow },
		options,
	};
}

/** Shows a field only in Input Mode "Map Automatically". */
export const showForMapAutomatically = { inputMode: ['auto'] };

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
			displayOptions: { show: showForMapAutomatically },
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

const limits = (name: NumericOption) => ({ minValue: OPTION_LIMITS[name].min, maxValue: OPTION_LIMITS[name].max });

/** The Delivery option: which failures may be sent again. */
const deliveryGuarantee: INodeProperties = {
	displayName: 'Delivery',
	name: 'delivery',
	type: 'options',
	options: [
		{
			name: 'At Most Once',
			value: 'atMostOnce',
			description:
				'Never record an event twice. A request is sent again only when the provider cannot have recorded it (HTTP 429 or 503, or a connection that never opened). After another 5xx, a dropped connection or a time-out its items fail with mayBeRecorded: true and are not resent.',
		},
		{
			name: 'At Least Once',
			value: 'atLeastOnce',
			description:
				'Never give up on an event the provider may not have recorded: also resend after other 5xx answers, dropped connections and time-outs. The provider does not remove duplicates, so an event whose answer was lost is recorded twice.',
		},
	],
	default: 'atMostOnce',
	description: 'What happens when an answer is lost. The providers do not deduplicate, so resending can record an event twice.',
};

/**
 * The delivery options every node offers ("Options" collection). Operations
 * whose duplicates reach people (Hackle Send Push: a push on a phone twice)
 * leave the Delivery option out and are always At Most Once.
 */
export function deliveryOptions(extra: INodeProperties[] = [], { offerGuarantee = true } = {}): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		// In alphabetical order, the operation's own options among the shared ones (n8n lists them as given).
		options: sortByDisplayName([
			...extra,
			{
				displayName: 'Concurrency',
				name: 'concurrency',
				type: 'number',
				typeOptions: limits('concurrency'),
				default: 8,
				description: 'How many requests may be in flight at once',
			},
			...(offerGuarantee ? [deliveryGuarantee] : []),
			{
				displayName: 'Dry Run',
				name: 'dryRun',
				type: 'boolean',
				default: false,
				description:
					'Whether to validate every item and build every request exactly as a real run would (batches, bulks, signatures), and send nothing. Each output item shows the method, URL, headers (credential values masked) and body it would have been sent with.',
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
				typeOptions: limits('retryDelayMs'),
				default: 1000,
				description:
					'Wait before the first retry; each further retry waits twice as long, with random jitter. A Retry-After header from the provider takes precedence.',
			},
			{
				displayName: 'Max Retries',
				name: 'maxRetries',
				type: 'number',
				typeOptions: limits('maxRetries'),
				default: 3,
				description:
					'How often a request is sent again when the Delivery option allows it (HTTP 429, 503, a connection that never opened; with At Least Once also other 5xx, dropped connections and time-outs). Other 4xx answers and redirects are never retried.',
			},
			{
				displayName: 'Max Retry Wait (Ms)',
				name: 'maxRetryWaitMs',
				type: 'number',
				typeOptions: limits('maxRetryWaitMs'),
				default: 60000,
				description:
					'The longest single wait before a retry (at most 10 minutes). If the provider asks (Retry-After) for longer, the request fails instead of waiting.',
			},
			{
				displayName: 'Timeout (Ms)',
				name: 'timeoutMs',
				type: 'number',
				typeOptions: limits('timeoutMs'),
				default: 30000,
				description:
					'How long one attempt may take. With At Most Once a request that times out fails (mayBeRecorded: true) and is not sent again, since the provider may already have recorded it.',
			},
		]),
	};
}

function sortByDisplayName(options: INodeProperties[]): INodeProperties[] {
	return [...options].sort((a, b) => a.displayName.localeCompare(b.displayName));
}
