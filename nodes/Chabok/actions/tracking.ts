import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import type { ZodType } from 'zod';

import type { Batch, Entry } from '../../shared/batches';
import { deliver } from '../../shared/engine';
import type { HttpResult } from '../../shared/http';
import type { Delivered } from '../../shared/output';
import { readOptions } from '../../shared/options';
import { FieldError } from '../../shared/errors';
import { itemInput } from '../../shared/input';
import { ParameterReader, readPropertiesParam } from '../../shared/params';
import { parser } from '../../shared/parser';
import { compact, isPlainObject, numberFromText } from '../../shared/properties';
import { datesToIsoUtc, isUnset, parseTime, toEpochMillis } from '../../shared/time';
import type { Verdict } from '../../shared/verdict';
import { defaultVerdict, describeBody } from '../../shared/verdict';
import { bulkBody, MAX_BULK_EVENTS } from '../schemas';
import { chabokConnection } from '../transport';

import type { Identity } from './fields';

/*
 * Chabok's execution path, shared by Track Event and Track Purchase: read
 * each item (Define Below or Map Automatically), normalise times and
 * numbers, validate, group events into bulk arrays for trackBulk (or one
 * request per item to track / trackPurchase), send, read Chabok's answer
 * (trackBulk says how many events it queued), and map it back to the items.
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
	/** Path below the base URL of one event, e.g. /installations/track. */
	path: string;
	/** Path below the base URL of a bulk array (/installations/trackBulk), when the operation has one. */
	bulkPath?: string;
	schema: ZodType<P>;
	purchase: boolean;
}

/** Group keys of the bulk groups: one per kind of identity, so each array is by user or by installation (as the document's examples are). */
const BULK_GROUP = 'bulk:';

/**
 * Whether a request goes as a bulk array to trackBulk: a bulk group's
 * request with more than one event. A lone event (one item, or the last one
 * of 1,001) goes to track as the document's single object.
 */
function isBulk(entries: readonly unknown[], groupKey: string): boolean {
	return groupKey.startsWith(BULK_GROUP) && entries.length > 1;
}

/**
 * Chabok's answer to a trackBulk request: `{"queued": true, "n": N}`, N the
 * events it queued correctly (chabok-io/chabok-docs, rest-api/bulk-send-event.md).
 * A 2xx is success only when N is the number of events sent. When N is
 * smaller, Chabok does not say which events it queued, so every item of the
 * request fails as "may have been recorded"; the same when the answer is not
 * the documented one (cut off, empty, N larger than sent, queued not true).
 * Neither is resent under the default Delivery (At Most Once: resending
 * would record the queued events twice); At Least Once resends the request,
 * duplicates possible. Other statuses follow the shared rule (retry.ts).
 */
export function bulkVerdict(result: HttpResult, sent: number): Verdict {
	const verdict = defaultVerdict(result);
	if (!verdict.ok) return verdict;
	const body = result.body;
	const n = isPlainObject(body) ? body.n : undefined;
	const counted = isPlainObject(body) && body.queued === true && typeof n === 'number' && Number.isInteger(n) && n >= 0;
	if (counted && n === sent) return verdict;
	const answer = `Chabok's answer: ${describeBody(body) ?? '(empty body)'}`;
	if (counted && n < sent) {
		return {
			ok: false,
			retry: true,
			mayBeRecorded: true,
			message: `Chabok queued ${n} of ${sent} events of this request; which ones is not said`,
			description: `${answer}\nChabok counts the events it queued correctly but does not name them, so every item of this request is reported as "may have been recorded": ${n} of them were, ${sent - n} were not.`,
		};
	}
	return {
		ok: false,
		retry: true,
		mayBeRecorded: true,
		message: `Chabok answered HTTP ${result.statusCode} to a bulk of ${sent} events without the documented {"queued": true, "n": ${sent}}; the events may or may not have been queued`,
		description: answer,
	};
}

/** The output of an item: what was sent, Chabok's answer, and the request (and bulk position) that carried it. */
function itemOutput<P>(delivered: Delivered<P>, positions: Map<Entry<P>, number>): IDataObject {
	const { entry, batch, outcome } = delivered;
	let request = delivered.request;
	if (isBulk(batch.entries, batch.groupKey)) {
		// delivered.request is shared by the request's items: this item's own copy carries its position.
		request = { ...request, bulkPosition: positions.get(entry) ?? 0 };
	}
	return {
		success: true,
		statusCode: outcome.result.statusCode,
		sent: entry.payload as IDataObject,
		// trackBulk's answer ({"queued": true, "n": N}) is the whole request's, on each of its items.
		response: (outcome.result.body ?? null) as IDataObject,
		request,
	};
}

/** Track Event and Track Purchase: validate, group (bulk or one per item), send, read the answer, map back. */
export async function executeTracking<P extends { installationId?: string; userId?: string }>(
	ctx: IExecuteFunctions,
	operation: ChabokOperation<P>,
): Promise<INodeExecutionData[]> {
	const connection = await chabokConnection(ctx);
	const params = new ParameterReader(ctx);
	const input = itemInput(ctx, params);
	const items = ctx.getInputData();
	const options = readOptions(params);
	const url = `${connection.baseUrl}${operation.path}`;
	const bulkUrl = operation.bulkPath === undefined ? undefined : `${connection.baseUrl}${operation.bulkPath}`;
	// Bulk: the events of an execution with more than one item go as arrays, by user and by installation alike.
	const bulk = bulkUrl !== undefined && options.bulk !== false && items.length > 1;
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
			const identity: Identity = payload.installationId !== undefined ? 'installationId' : 'userId';
			const groupKey = bulk ? `${BULK_GROUP}${identity}` : `item ${i}`;
			return [{ itemIndex: i, payload, groupKey }];
		},
		buildCall: (entries, groupKey) => {
			if (!isBulk(entries, groupKey) || bulkUrl === undefined) return { url, body: entries[0].payload };
			entries.forEach((entry, position) => positions.set(entry, position));
			return { url: bulkUrl, body: bulkBody(entries.map((entry) => entry.payload)) };
		},
		judge: (result, batch: Batch<P>) =>
			isBulk(batch.entries, batch.groupKey) ? bulkVerdict(result, batch.entries.length) : defaultVerdict(result),
		output: (_i, [delivered]) => itemOutput(delivered, positions),
	});
}
