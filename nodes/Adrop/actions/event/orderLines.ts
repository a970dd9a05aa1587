import type { ZodIssue } from 'zod';
import { ZodError } from 'zod';

import type { Entry } from '../../../shared/batches';
import { describeZodIssues, FieldError } from '../../../shared/errors';
import { listItems } from '../../../shared/report';
import type { AdropEventBody, AdropItem, CheckoutEventName } from '../../schemas';
import { ITEM_FIELDS, itemSchema, ORDER_HEADER_SCHEMAS, ORDER_SCHEMAS } from '../../schemas';

/*
 * Track Purchase with "One Line per Item": each input item is one order line,
 * and the lines of one order (same tx_id; begin_checkout has none, so the
 * same uid) become one request. Pure functions: the operation feeds them
 * items and the engine groups the entries by their key.
 */

/** One input item's share of a request: a whole order, or one line of an order. */
export type OrderPart =
	| { kind: 'order'; body: AdropEventBody }
	| { kind: 'line'; header: Record<string, unknown>; headerText: string; line: AdropItem }
	/** A line that failed validation but names its order: it stops the whole order. */
	| { kind: 'invalid'; problem: ZodError };

/** Lines of one order share its tx_id; begin_checkout has none, so its lines are grouped by uid. */
export function orderField(event: CheckoutEventName): 'tx_id' | 'uid' {
	return event === 'purchase' ? 'tx_id' : 'uid';
}

/** A line in Map Automatically: item_id, item_name, price, … belong to the line, every other key to the order. */
export function splitLine(source: Record<string, unknown>, event: CheckoutEventName): { header: Record<string, unknown>; line: Record<string, unknown> } {
	if ('items' in source) {
		throw new FieldError(
			'items',
			'is not used with One Line per Item: each input item is one line, with item_id, item_name, … at the top level beside uid and tx_id',
		);
	}
	const header: Record<string, unknown> = { eventName: event };
	const line: Record<string, unknown> = {};
	for (const [key, value] of Object.entries(source)) {
		if ((ITEM_FIELDS as string[]).includes(key)) line[key] = value;
		else header[key] = value;
	}
	return { header, line };
}

/** Zod issues of several parts of one item, together; undefined when there are none. */
function issuesOf(...results: Array<{ success: boolean; error?: ZodError }>): ZodError | undefined {
	const issues: ZodIssue[] = results.flatMap((result) => (result.success ? [] : (result.error?.issues ?? [])));
	return issues.length > 0 ? new ZodError(issues) : undefined;
}

/**
 * The entry of one line, keyed by its order. A line that fails validation
 * but names its order travels as "invalid" so that it stops its whole order
 * (an order is never split); one whose order is unknown fails alone (throws).
 */
export function lineEntry(itemIndex: number, headerCandidate: Record<string, unknown>, lineCandidate: Record<string, unknown>, event: CheckoutEventName): Entry<OrderPart> {
	const field = orderField(event);
	const header = ORDER_HEADER_SCHEMAS[event].safeParse(headerCandidate);
	const line = itemSchema.safeParse(lineCandidate);
	const problem = issuesOf(header, line);
	const orderKey = headerCandidate[field];
	const keyValid = !header.error?.issues.some((issue) => issue.path[0] === field);
	if (problem && (!keyValid || typeof orderKey !== 'string')) throw problem;
	const groupKey = `${field}:${String(orderKey)}`;
	if (problem) return { itemIndex, payload: { kind: 'invalid', problem }, groupKey };
	const data = header.data as Record<string, unknown>;
	return { itemIndex, payload: { kind: 'line', header: data, headerText: JSON.stringify(data), line: line.data as AdropItem }, groupKey };
}

/** The lines of one order as one body: they must agree on every purchase-level field, and the order must pass its schema whole. */
export function assembleOrder(entries: Array<Entry<OrderPart>>, groupKey: string, event: CheckoutEventName): AdropEventBody {
	const field = orderField(event);
	const groupName = `${field} "${groupKey.slice(field.length + 1)}"`;
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
		const differing = [...keys].find((k) => JSON.stringify(first.header[k]) !== JSON.stringify(parts[odd].header[k])) ?? '(body)';
		throw new FieldError(
			differing,
			`differs between lines of the ${event} with ${groupName} (item ${indices[0]}: ${JSON.stringify(first.header[differing]) ?? 'not set'}, item ${indices[odd]}: ${JSON.stringify(parts[odd].header[differing]) ?? 'not set'}); all lines of one order must agree, so nothing of it was sent`,
		);
	}
	const result = ORDER_SCHEMAS[event].safeParse({ ...first.header, items: parts.map((part) => part.line) });
	if (!result.success) {
		throw new ZodError(
			result.error.issues.map((issue) => ({
				...issue,
				message: `${issue.message} (the ${event} with ${groupName}, lines from items ${listItems(indices, 10)}; an order is never split, so nothing of it was sent)`,
			})),
		);
	}
	return result.data as AdropEventBody;
}
