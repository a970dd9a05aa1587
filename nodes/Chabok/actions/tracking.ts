import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import type { ZodType } from 'zod';

import type { Entry } from '../../shared/batches';
import { deliver } from '../../shared/engine';
import type { Delivered } from '../../shared/output';
import { readOptions } from '../../shared/options';
import { FieldError } from '../../shared/errors';
import { itemInput } from '../../shared/input';
import { ParameterReader, readPropertiesParam } from '../../shared/params';
import { parser } from '../../shared/parser';
import { compact, isPlainObject, numberFromText } from '../../shared/properties';
import { datesToIsoUtc, isUnset, parseTime, toEpochMillis } from '../../shared/time';
import { bulkBody, MAX_BULK_EVENTS } from '../schemas';
import { chabokConnection } from '../transport';

import type { Identity } from './fields';

/*
 * Chabok's execution path, shared by Track Event and Track Purchase: read
 * each item (Define Below or Map Automatically), normalise times and
 * numbers, validate, group installation events into bulk arrays (or one
 * request per item), send, and map Chabok's answers back to the items.
 */

/**
 * A text parameter sends text: a number an expression produced becomes its
 * digits, and an expression that produced nothing counts as empty.
 */
function asText(value: unknown): unknown {
	if (value === undefined || value === null) return '';
	return typeof value === 'number' && Number.isFinite(value) ? String(value) : value;
}

/** An optional text parameter: nothing stays nothing (the field is left out). */
function asOptionalText(value: unknown): unknown {
	return value === undefined || value === null ? undefined : asText(value);
}


/**
 * The event an item describes in Define Below mode, before the common
 * normalisation and the schema. The identity field is kept even when empty so
 * the error names it.
 */
function defineCandidate(params: ParameterReader, i: number, purchase: boolean): Record<string, unknown> {
	const identifyBy = params.get<Identity>('identifyBy', i, 'installationId');
	if (identifyBy !== 'installationId' && identifyBy !== 'userId') {
		throw new FieldError('identifyBy', `must be "installationId" or "userId", got ${JSON.stringify(identifyBy)}`);
	}
	const additional = params.get<{ eventTime?: unknown; currency?: unknown }>('additionalFields', i, {});
	return {
		[identifyBy]: asText(params.get<unknown>(identifyBy, i, '')),
		eventName: asText(params.get<unknown>('eventName', i, '')),
		...compact({
			eventTime: isUnset(additional.eventTime) ? undefined : additional.eventTime,
			revenue: purchase ? numberFromText(params.get<unknown>('revenue', i)) : undefined,
			currency: purchase ? asOptionalText(additional.currency) : undefined,
		}),
		eventData: readPropertiesParam(params, 'eventData', i, 'eventData'),
	};
}

/**
 * What both input modes share before validation: eventTime (any time input)
 * becomes epoch milliseconds, JS Date / Luxon DateTime values inside
 * eventData become ISO UTC strings, and a missing eventData is sent as `{}`
 * as in every example of the document.
 */
export function normalize(candidate: unknown): unknown {
	if (!isPlainObject(candidate)) return candidate;
	const out: Record<string, unknown> = { ...candidate };
	if (out.eventTime !== undefined) out.eventTime = toEpochMillis(parseTime(out.eventTime, 'eventTime'));
	out.eventData = out.eventData === undefined ? {} : datesToIsoUtc(out.eventData);
	return out;
}

export interface ChabokOperation<P> {
	/** Path below the base URL, e.g. /installations/track. */
	path: string;
	schema: ZodType<P>;
	purchase: boolean;
	/** Whether installation events may go as one bulk array (the track endpoint). */
	bulk: boolean;
}

/** The output of an item: what was sent, Chabok's answer, and the request (and bulk position) that carried it. */
function itemOutput<P>(delivered: Delivered<P>, positions: Map<Entry<P>, number>): IDataObject {
	const { entry, batch, outcome } = delivered;
	const body = outcome.result.body;
	let request = delivered.request;
	let response = body;
	if (entry.groupKey === 'bulk') {
		const position = positions.get(entry) ?? 0;
		// delivered.request is shared by the request's items: this item's own copy carries its position.
		request = { ...request, bulkPosition: position };
		// An array answer with one element per event is mapped back element by element.
		if (Array.isArray(body) && body.length === batch.entries.length) response = body[position];
	}
	return {
		success: true,
		statusCode: outcome.result.statusCode,
		sent: entry.payload as IDataObject,
		response: (response ?? null) as IDataObject,
		request,
	};
}

/** Track Event and Track Purchase: validate, group (bulk or one per item), send, map back. */
export async function executeTracking<P extends { installationId?: string }>(
	ctx: IExecuteFunctions,
	operation: ChabokOperation<P>,
): Promise<INodeExecutionData[]> {
	const connection = await chabokConnection(ctx);
	const params = new ParameterReader(ctx);
	const input = itemInput(ctx, params);
	const items = ctx.getInputData();
	const options = readOptions(params);
	const url = `${connection.baseUrl}${operation.path}`;
	// Bulk: installation events of an execution with more than one item go as arrays.
	const bulk = operation.bulk && options.bulk !== false && items.length > 1;
	const positions = new Map<Entry<P>, number>();
	const schema = parser(operation.schema);

	return await deliver<P>(ctx, {
		provider: 'Chabok',
		options,
		connection,
		params,
		payloadOnlyInSent: true,
		maxPerRequest: bulk ? MAX_BULK_EVENTS : 1,
		prepare: (i): Array<Entry<P>> => {
			const candidate =
				input.mode === 'auto'
					? input.mapped(i)
					: defineCandidate(params, i, operation.purchase);
			const payload = schema.parse(normalize(candidate));
			const groupKey = bulk && payload.installationId !== undefined ? 'bulk' : `item ${i}`;
			return [{ itemIndex: i, payload, groupKey }];
		},
		buildCall: (entries, groupKey) => {
			if (groupKey !== 'bulk') return { url, body: entries[0].payload };
			entries.forEach((entry, position) => positions.set(entry, position));
			return { url, body: bulkBody(entries.map((entry) => entry.payload)) };
		},
		output: (_i, [delivered]) => itemOutput(delivered, positions),
	});
}
