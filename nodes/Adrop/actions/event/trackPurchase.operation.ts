import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import type { ZodIssue } from 'zod';
import { ZodError } from 'zod';

import type { Entry } from '../../../shared/batches';
import { deliver } from '../../../shared/engine';
import { requestInfo } from '../../../shared/output';
import { deliveryOptions, forOperation, inputModeProperties } from '../../../shared/descriptions';
import { describeZodIssues, FieldError } from '../../../shared/errors';
import { itemInput } from '../../../shared/input';
import { ParameterReader } from '../../../shared/params';
import { compact, isPlainObject } from '../../../shared/properties';
import type { AdropEventBody, AdropItem, CheckoutEventName } from '../../schemas';
import { ITEM_FIELDS, itemSchema, MAX_ITEMS, ORDER_HEADER_SCHEMAS, ORDER_SCHEMAS } from '../../schemas';
import { adropConnection, adropVerdict } from '../../transport';
import { define, extraParameterProperties, fieldValue, paramProperty, platformProperty, readExtras, uidProperty } from './fields';

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
	uidProperty(define),
	paramProperty('tx_id', { required: true, displayOptions: { show: { ...define, ...purchaseOnly } } }),
	paramProperty('currency', { displayOptions: { show: define } }),
	platformProperty(define),
	{
		displayName: 'Items Input',
		name: 'itemsInput',
		type: 'options',
		default: 'list',
		description: 'How the order\'s items are given',
		displayOptions: { show: { ...define, ...perOrder } },
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
		displayOptions: { show: { ...define, ...perOrder, itemsInput: ['list'] } },
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
	paramProperty('items', { name: 'itemsJson', displayOptions: { show: { ...define, ...perOrder, itemsInput: ['json'] } } }),
	paramProperty('item_id', {
		name: 'lineItemId',
		required: true,
		description: "This line's item ID (items[].item_id), usually an expression such as {{ $json.sku }}",
		displayOptions: { show: { ...define, ...perLine } },
	}),
	{
		displayName: 'Line Fields',
		name: 'lineFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		description: "This line's optional item fields",
		displayOptions: { show: { ...define, ...perLine } },
		options: itemDetailProperties(),
	},
	...extraParameterProperties(define),
	deliveryOptions(),
]);

/** One input item's share of a request: a whole order, or one line of an order. */
type OrderPart =
	| { kind: 'order'; body: AdropEventBody }
	| { kind: 'line'; header: Record<string, unknown>; headerText: string; line: AdropItem }
	/** A line that failed validation but names its order: it stops the whole order. */
	| { kind: 'invalid'; problem: ZodError };

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

/** Zod issues of several parts of one item, together; undefined when there are none. */
function issuesOf(...results: Array<{ success: boolean; error?: ZodError }>): ZodError | undefined {
	const issues: ZodIssue[] = results.flatMap((result) => (result.success ? [] : (result.error?.issues ?? [])));
	return issues.length > 0 ? new ZodError(issues) : undefined;
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

function listIndices(indices: number[]): string {
	const shown = indices.slice(0, 10).join(', ');
	return indices.length > 10 ? `${shown} and ${indices.length - 10} more` : shown;
}

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const connection = await adropConnection(this);
	const params = new ParameterReader(this);
	const input = itemInput(this, params);
	const event: CheckoutEventName = params.get<boolean>('beginCheckout', 0, false) ? 'begin_checkout' : 'purchase';
	const lines = params.get<string>('grouping', 0, 'order') === 'lines';
	const orderSchema = ORDER_SCHEMAS[event];
	const headerSchema = ORDER_HEADER_SCHEMAS[event];
	// Lines of one order share its tx_id; begin_checkout has none, so its lines are grouped by uid.
	const orderField = event === 'purchase' ? 'tx_id' : 'uid';

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
		let headerCandidate: Record<string, unknown>;
		let lineCandidate: Record<string, unknown>;
		if (input.mode === 'auto') {
			const source = checkedOrderSource(input.mapped(i) as Record<string, unknown>, event);
			if ('items' in source) {
				throw new FieldError(
					'items',
					'is not used with One Line per Item: each input item is one line, with item_id, item_name, … at the top level beside uid and tx_id',
				);
			}
			headerCandidate = { eventName: event };
			lineCandidate = {};
			for (const [key, value] of Object.entries(source)) {
				if ((ITEM_FIELDS as string[]).includes(key)) lineCandidate[key] = value;
				else headerCandidate[key] = value;
			}
		} else {
			headerCandidate = defineHeader(params, i, event);
			lineCandidate = compact({ item_id: params.get<unknown>('lineItemId', i, ''), ...detailsOf(params.get('lineFields', i, {})) });
		}
		const header = headerSchema.safeParse(headerCandidate);
		const line = itemSchema.safeParse(lineCandidate);
		const problem = issuesOf(header, line);
		const orderKey = headerCandidate[orderField];
		const keyValid = !header.error?.issues.some((issue) => issue.path[0] === orderField);
		if (problem && (!keyValid || typeof orderKey !== 'string')) {
			// Which order this line belongs to is unknown: only the item fails.
			throw problem;
		}
		const groupKey = `${orderField}:${String(orderKey)}`;
		if (problem) return [{ itemIndex: i, payload: { kind: 'invalid', problem }, groupKey }];
		const data = header.data as Record<string, unknown>;
		return [
			{
				itemIndex: i,
				payload: { kind: 'line', header: data, headerText: JSON.stringify(data), line: line.data as AdropItem },
				groupKey,
			},
		];
	};

	/** The lines of one order as one body: they must agree on every purchase-level field. */
	const assemble = (entries: Array<Entry<OrderPart>>, groupKey: string): AdropEventBody => {
		const groupName = `${orderField} "${groupKey.slice(orderField.length + 1)}"`;
		const indices = entries.map((entry) => entry.itemIndex);
		const bad = entries.find((entry) => entry.payload.kind === 'invalid');
		if (bad && bad.payload.kind === 'invalid') {
			throw new FieldError(
				`${event} ${groupName}`,
				`cannot be sent: its line from item ${bad.itemIndex} is invalid (${describeZodIssues(bad.payload.problem).join('; ')}); an order is never split, so none of its ${entries.length} line(s) was sent`,
			);
		}
		const parts = entries.map((entry) => entry.payload as OrderPart & { kind: 'line' });
		const [first] = parts;
		const odd = parts.findIndex((part) => part.headerText !== first.headerText);
		if (odd >= 0) {
			const keys = new Set([...Object.keys(first.header), ...Object.keys(parts[odd].header)]);
			const field = [...keys].find((k) => JSON.stringify(first.header[k]) !== JSON.stringify(parts[odd].header[k])) ?? '(body)';
			throw new FieldError(
				field,
				`differs between lines of the ${event} with ${groupName} (item ${indices[0]}: ${JSON.stringify(first.header[field]) ?? 'not set'}, item ${indices[odd]}: ${JSON.stringify(parts[odd].header[field]) ?? 'not set'}); all lines of one order must agree, so nothing of it was sent`,
			);
		}
		const result = orderSchema.safeParse({ ...first.header, items: parts.map((part) => part.line) });
		if (!result.success) {
			throw new ZodError(
				result.error.issues.map((issue) => ({
					...issue,
					message: `${issue.message} (the ${event} with ${groupName}, lines from items ${listIndices(indices)}; an order is never split, so nothing of it was sent)`,
				})),
			);
		}
		return result.data as AdropEventBody;
	};

	return await deliver<OrderPart>(this, {
		provider: 'Adrop',
		connection,
		params,
		// One order is one request: grouping is by order, never by size. An order
		// over the limit fails validation instead of being split.
		maxPerRequest: Number.MAX_SAFE_INTEGER,
		prepare: lines ? prepareLine : prepareOrder,
		buildCall: (entries, groupKey) => {
			const [first] = entries;
			const body = first.payload.kind === 'order' ? first.payload.body : assemble(entries, groupKey);
			return { url: connection.eventUrl, body };
		},
		judge: adropVerdict,
		output: (_i, delivered) => {
			const [d] = delivered;
			const part = d.entry.payload;
			const sent = (part.kind === 'order' ? part.body : JSON.parse(d.batch.call.body)) as IDataObject;
			return {
				success: true,
				statusCode: d.outcome.result.statusCode,
				sent,
				...(part.kind === 'line' ? { line: d.batch.entries.indexOf(d.entry) } : {}),
				response: (d.outcome.result.body ?? null) as IDataObject,
				request: requestInfo(d),
			};
		},
	});
}
