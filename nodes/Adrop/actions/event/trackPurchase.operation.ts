import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { Entry } from '../../../shared/batches';
import { deliver } from '../../../shared/engine';
import { deliveryOptions, forOperation, inputModeProperties, showForDefineBelow } from '../../../shared/descriptions';
import { FieldError } from '../../../shared/errors';
import type { HttpCall } from '../../../shared/http';
import { itemInput } from '../../../shared/input';
import { ParameterReader } from '../../../shared/params';
import { compact, isPlainObject } from '../../../shared/properties';
import type { AdropEventBody, CheckoutEventName } from '../../schemas';
import { ITEM_FIELDS, MAX_ITEMS, ORDER_SCHEMAS } from '../../schemas';
import { adropConnection, adropVerdict } from '../../transport';
import { extraParameterProperties, fieldValue, paramProperty, platformProperty, readExtras, uidProperty } from './fields';
import type { OrderPart } from './orderLines';
import { assembleOrder, lineEntry, splitLine } from './orderLines';

const AUTO_SHAPE =
	'with One Order per Item: { "uid": "USER_ID", "platform": "web", "tx_id": "TXN-1", "currency": "KRW", "items": [{ "item_id": "SKU-001", "price": 29900, "quantity": 1 }] }; with One Line per Item: { "uid": "USER_ID", "tx_id": "TXN-1", "currency": "KRW", "item_id": "SKU-001", "price": 29900, "quantity": 1 }';

const purchaseOnly = { beginCheckout: [false] };
const perOrder = { grouping: ['order'] };
const perLine = { grouping: ['lines'] };

/** The optional fields of one item (everything but item_id), sorted for the editor. */
function itemDetailProperties(): INodeProperties[] {
	return ITEM_FIELDS.filter((field) => field !== 'item_id')
		.map((field) => paramProperty(field))
		.sort((a, b) => a.displayName.localeCompare(b.displayName));
}

export const description: INodeProperties[] = forOperation('event', 'trackPurchase', [
	{
		displayName: 'Begin Checkout',
		name: 'beginCheckout',
		type: 'boolean',
		noDataExpression: true,
		default: false,
		description:
			'Whether to send begin_checkout (checkout started: the same shape without tx_id) instead of purchase (a completed order with tx_id)',
	},
	...inputModeProperties(AUTO_SHAPE),
	{
		displayName: 'Grouping',
		name: 'grouping',
		type: 'options',
		noDataExpression: true,
		default: 'order',
		description: 'Whether each input item is a whole order, or one line of an order',
		options: [
			{
				name: 'One Order per Item',
				value: 'order',
				description: 'Each input item becomes one purchase with all its items',
			},
			{
				name: 'One Line per Item',
				value: 'lines',
				description: `Each input item is one line; lines with the same tx_id (for begin_checkout: the same uid) become one event with up to ${MAX_ITEMS} items, never split`,
			},
		],
	},
	uidProperty(showForDefineBelow),
	paramProperty('tx_id', { required: true, displayOptions: { show: { ...showForDefineBelow, ...purchaseOnly } } }),
	paramProperty('currency', { displayOptions: { show: showForDefineBelow } }),
	platformProperty(showForDefineBelow),
	{
		displayName: 'Items Input',
		name: 'itemsInput',
		type: 'options',
		default: 'list',
		description: 'How the order\'s items are given',
		displayOptions: { show: { ...showForDefineBelow, ...perOrder } },
		options: [
			{ name: 'Item List', value: 'list', description: 'One row per item, filled below' },
			{ name: 'JSON Array', value: 'json', description: 'A JSON array of items, e.g. from an expression' },
		],
	},
	{
		displayName: 'Items',
		name: 'itemList',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Item',
		default: {},
		description: `The order's items (items), at most ${MAX_ITEMS}`,
		displayOptions: { show: { ...showForDefineBelow, ...perOrder, itemsInput: ['list'] } },
		options: [
			{
				displayName: 'Item',
				name: 'item',
				values: [
					paramProperty('item_id', { required: true }),
					{
						displayName: 'Additional Fields',
						name: 'details',
						type: 'collection',
						placeholder: 'Add Field',
						default: {},
						options: itemDetailProperties(),
					},
				],
			},
		],
	},
	paramProperty('items', { name: 'itemsJson', displayOptions: { show: { ...showForDefineBelow, ...perOrder, itemsInput: ['json'] } } }),
	paramProperty('item_id', {
		name: 'lineItemId',
		required: true,
		description: "This line's item ID (items[].item_id), usually an expression such as {{ $json.sku }}",
		displayOptions: { show: { ...showForDefineBelow, ...perLine } },
	}),
	{
		displayName: 'Line Fields',
		name: 'lineFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		description: "This line's optional item fields",
		displayOptions: { show: { ...showForDefineBelow, ...perLine } },
		options: itemDetailProperties(),
	},
	...extraParameterProperties(showForDefineBelow),
	deliveryOptions(),
]);

const detailsOf = (raw: unknown): Record<string, unknown> => {
	const out: Record<string, unknown> = {};
	for (const [key, value] of Object.entries(isPlainObject(raw) ? raw : {})) out[key] = fieldValue(key, value);
	return out;
};

/** The purchase-level fields from Define Below (everything but the items). */
function defineHeader(params: ParameterReader, i: number, event: CheckoutEventName): Record<string, unknown> {
	const fields = compact({
		uid: params.get<unknown>('uid', i, ''),
		eventName: event,
		platform: params.get<unknown>('platform', i, ''),
		tx_id: event === 'purchase' ? params.get<unknown>('tx_id', i, '') : undefined,
		currency: params.get<unknown>('currency', i, ''),
	});
	return { ...fields, ...readExtras(params, i, { ...fields, items: true }) };
}

function defineItems(params: ParameterReader, i: number): unknown {
	if (params.get<string>('itemsInput', i, 'list') === 'json') return fieldValue('items', params.get<unknown>('itemsJson', i, '[]'));
	const rows = params.get<{ item?: Array<{ item_id?: unknown; details?: unknown }> }>('itemList', i, {}).item ?? [];
	return rows.map((row) => compact({ item_id: row.item_id, ...detailsOf(row.details) }));
}

/** Map Automatically: the item may name the event, but it must be the one this operation sends. */
function checkedOrderSource(source: Record<string, unknown>, event: CheckoutEventName): Record<string, unknown> {
	if (source.eventName !== undefined && source.eventName !== event) {
		throw new FieldError(
			'eventName',
			`must be "${event}" here (Begin Checkout is ${event === 'purchase' ? 'off' : 'on'}), got ${JSON.stringify(source.eventName)}; send other events with Track Event`,
		);
	}
	return source;
}

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const connection = await adropConnection(this);
	const params = new ParameterReader(this);
	const input = itemInput(this, params);
	const event: CheckoutEventName = params.get<boolean>('beginCheckout', 0, false) ? 'begin_checkout' : 'purchase';
	const lines = params.get<string>('grouping', 0, 'order') === 'lines';
	const orderSchema = ORDER_SCHEMAS[event];

	const prepareOrder = (i: number): Array<Entry<OrderPart>> => {
		let candidate: Record<string, unknown>;
		if (input.mode === 'auto') {
			candidate = { eventName: event, ...checkedOrderSource(input.mapped(i) as Record<string, unknown>, event) };
		} else {
			const header = defineHeader(params, i, event);
			candidate = { ...header, items: defineItems(params, i) };
		}
		const body = orderSchema.parse(candidate) as AdropEventBody;
		// A key of its own per item: whole orders are never merged.
		return [{ itemIndex: i, payload: { kind: 'order', body }, groupKey: `order:${i}` }];
	};

	const prepareLine = (i: number): Array<Entry<OrderPart>> => {
		if (input.mode === 'auto') {
			const { header, line } = splitLine(checkedOrderSource(input.mapped(i) as Record<string, unknown>, event), event);
			return [lineEntry(i, header, line, event)];
		}
		const line = compact({ item_id: params.get<unknown>('lineItemId', i, ''), ...detailsOf(params.get('lineFields', i, {})) });
		return [lineEntry(i, defineHeader(params, i, event), line, event)];
	};

	return await deliver<OrderPart>(this, {
		provider: 'Adrop',
		connection,
		params,
		// One order is one request: grouping is by order, never by size. An order
		// over the limit fails validation instead of being split.
		maxPerRequest: Number.MAX_SAFE_INTEGER,
		prepare: lines ? prepareLine : prepareOrder,
		// Orders are assembled from line items and checked whole before anything is sent.
		buildFirst: true,
		buildCall: (entries, groupKey) => {
			const [first] = entries;
			const body = first.payload.kind === 'order' ? first.payload.body : assembleOrder(entries, groupKey, event);
			return { url: connection.eventUrl, body };
		},
		judge: adropVerdict,
		output: (_i, delivered) => {
			const [d] = delivered;
			const part = d.entry.payload;
			const sent = (part.kind === 'order' ? part.body : JSON.parse((d.batch.call as HttpCall).body)) as IDataObject;
			return {
				success: true,
				statusCode: d.outcome.result.statusCode,
				sent,
				...(part.kind === 'line' ? { line: d.batch.entries.indexOf(d.entry) } : {}),
				response: (d.outcome.result.body ?? null) as IDataObject,
				request: d.request,
			};
		},
	});
}
