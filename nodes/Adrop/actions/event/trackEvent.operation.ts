import type { IDisplayOptions, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { Entry } from '../../../shared/batches';
import { deliver } from '../../../shared/engine';
import { standardOutput } from '../../../shared/output';
import { deliveryOptions, forOperation, inputModeProperties, showForDefineBelow } from '../../../shared/descriptions';
import { FieldError } from '../../../shared/errors';
import { itemInput } from '../../../shared/input';
import { ParameterReader } from '../../../shared/params';
import { compact } from '../../../shared/properties';
import type { AdropEventBody, AdropEventName, ParamName } from '../../schemas';
import { EVENT_NAMES, eventSpec, isEventName, MAX_EVENT_NAME_LENGTH, parseEvent } from '../../schemas';
import { adropConnection, adropVerdict } from '../../transport';
import { extraParameterProperties, fieldValue, paramProperty, platformProperty, readExtras, uidProperty } from './fields';

const AUTO_SHAPE =
	'{ "uid": "USER_ID", "eventName": "view_item", "platform": "web", "item_id": "SKU-123", "price": 29900, … } (the event\'s parameters, and any extra parameters, at the top level)';

/** The Additional Fields collection of an event's optional parameters, e.g. viewItemFields. */
export function optionalFieldsName(event: AdropEventName): string {
	return `${event.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase())}Fields`;
}

/**
 * Show a field only while Event Name is one of `events`. Written as `hide`
 * rules: n8n displays every `show`-conditioned field when the controlling
 * value is an expression (and would then demand every event's required
 * fields), while `hide` can also match an expression. So with an expression
 * as Event Name the per-event fields step aside and the event's parameters
 * come as Extra Parameters, validated against the resolved event all the same.
 */
function forEvents(events: AdropEventName[]): IDisplayOptions {
	return {
		show: showForDefineBelow,
		hide: {
			eventName: [...EVENT_NAMES.filter((name) => !events.includes(name)), { _cnd: { startsWith: '=' } }],
		},
	};
}

function requiredProperties(): INodeProperties[] {
	const byParam = new Map<ParamName, AdropEventName[]>();
	for (const event of EVENT_NAMES) {
		for (const param of eventSpec(event).required) byParam.set(param, [...(byParam.get(param) ?? []), event]);
	}
	return [...byParam].map(([param, events]) =>
		paramProperty(param, { required: true, displayOptions: forEvents(events) }),
	);
}

function optionalProperties(): INodeProperties[] {
	return EVENT_NAMES.flatMap((event) => {
		const spec = eventSpec(event);
		const optional = spec.params.filter((param) => !spec.required.includes(param));
		if (optional.length === 0) return [];
		return [
			{
				displayName: 'Additional Fields',
				name: optionalFieldsName(event),
				type: 'collection',
				placeholder: 'Add Field',
				default: {},
				description: `Optional parameters Adrop documents for ${event}`,
				displayOptions: forEvents([event]),
				options: optional
					.map((param) => paramProperty(param))
					.sort((a, b) => a.displayName.localeCompare(b.displayName)),
			} as INodeProperties,
		];
	});
}

export const description: INodeProperties[] = forOperation('event', 'trackEvent', [
	...inputModeProperties(AUTO_SHAPE),
	uidProperty(showForDefineBelow),
	{
		displayName: 'Event Name',
		name: 'eventName',
		type: 'options',
		required: true,
		default: 'app_open',
		description: `One of the events Adrop documents (eventName, 1-${MAX_EVENT_NAME_LENGTH} characters). Adrop silently drops unknown events, so an expression must also give one of these names. The event's own fields appear below when a fixed event is chosen; with an expression, give the event's parameters as Extra Parameters (or use Map Automatically).`,
		options: EVENT_NAMES.map((name) => ({
			name: eventSpec(name).displayName,
			value: name,
			description: `${eventSpec(name).description}: ${name}`,
		})).sort((a, b) => a.name.localeCompare(b.name)),
		displayOptions: { show: showForDefineBelow },
	},
	platformProperty(showForDefineBelow),
	...requiredProperties(),
	...optionalProperties(),
	...extraParameterProperties(showForDefineBelow),
	deliveryOptions(),
]);

/** The event body from the Define Below fields of item `i`, not yet validated. */
function defineBody(params: ParameterReader, i: number): Record<string, unknown> {
	const eventName = params.get<unknown>('eventName', i, '');
	const body: Record<string, unknown> = {
		uid: params.get<unknown>('uid', i, ''),
		eventName,
		platform: params.get<unknown>('platform', i, ''),
	};
	if (isEventName(eventName)) {
		const spec = eventSpec(eventName);
		for (const param of spec.required) body[param] = fieldValue(param, params.get<unknown>(param, i, ''));
		if (spec.params.length > spec.required.length) {
			const optional = params.get<Record<string, unknown>>(optionalFieldsName(eventName), i, {});
			for (const [key, value] of Object.entries(optional ?? {})) {
				if (!spec.params.includes(key as ParamName)) {
					throw new FieldError(key, `is not a parameter of ${eventName}; remove it from Additional Fields or send it as an extra parameter`);
				}
				body[key] = fieldValue(key, value);
			}
		}
	}
	const fields = compact(body);
	return { ...fields, ...readExtras(params, i, fields) };
}

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const connection = await adropConnection(this);
	const params = new ParameterReader(this);
	const input = itemInput(this, params);

	return await deliver<AdropEventBody>(this, {
		provider: 'Adrop',
		connection,
		params,
		payloadOnlyInSent: true,
		maxPerRequest: 1,
		prepare: (i): Array<Entry<AdropEventBody>> => {
			const candidate =
				input.mode === 'auto' ? input.mapped(i) : defineBody(params, i);
			return [{ itemIndex: i, payload: parseEvent(candidate) }];
		},
		buildCall: ([entry]) => ({ url: connection.eventUrl, body: entry.payload }),
		judge: adropVerdict,
		output: (_i, delivered) => standardOutput(delivered),
	});
}
