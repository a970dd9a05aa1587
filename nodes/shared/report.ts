import type { INode, INodeExecutionData, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { Batch } from './batches';
import { clipText, redact } from './redact';
import type { Outcome } from './retry';

/*
 * How failures are told: the error of an item whose request failed, the
 * error an execution stops with (every failed item by cause, those the
 * provider may have recorded marked), and failed items as output items.
 */

/** The error of the lowest-numbered invalid item: the one an execution without Continue On Fail stops with. */
export function firstError(itemErrors: Map<number, Error>): Error {
	const first = Math.min(...itemErrors.keys());
	return itemErrors.get(first) as Error;
}

/** Up to `max` item indices, then how many more. */
export function listItems(indices: number[], max = 20): string {
	const shown = indices.slice(0, max).join(', ');
	return indices.length > max ? `${shown} and ${indices.length - max} more` : shown;
}

/** Ascending item indices as ranges: [0, 1, 2, 5, 7, 8] → "0-2, 5, 7-8". */
export function itemRanges(indices: number[]): string {
	const sorted = [...new Set(indices)].sort((a, b) => a - b);
	const parts: string[] = [];
	for (let i = 0; i < sorted.length; i++) {
		let j = i;
		while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
		parts.push(j > i ? `${sorted[i]}-${sorted[j]}` : String(sorted[i]));
		i = j;
	}
	return parts.join(', ');
}

/** The most ranges the failed-items list of an execution error spells out. */
export const MAX_LISTED_RANGES = 5000;

export interface FailedItem {
	itemIndex: number;
	message: string;
	mayBeRecorded: boolean;
}

/**
 * Every failed item of an execution that stops, grouped by cause, for the
 * error's description: the message names only the first 20, and a user who
 * re-runs the failed items must know all of them, and which ones the
 * provider may have recorded anyway (re-sending those could record them twice).
 */
export function failedItemsReport(provider: string, failed: FailedItem[]): string {
	const groups = new Map<string, { mayBeRecorded: boolean; indices: number[] }>();
	for (const item of failed) {
		const key = `${item.mayBeRecorded ? '1' : '0'}${item.message}`;
		let group = groups.get(key);
		if (!group) groups.set(key, (group = { mayBeRecorded: item.mayBeRecorded, indices: [] }));
		group.indices.push(item.itemIndex);
	}
	const lines = [`All ${failed.length} failed item(s), by cause:`];
	let budget = MAX_LISTED_RANGES;
	for (const [key, group] of groups) {
		const ranges = itemRanges(group.indices).split(', ');
		const shown = ranges.slice(0, Math.max(1, budget));
		budget -= shown.length;
		const more = ranges.length > shown.length ? ` … and ${ranges.length - shown.length} more range(s); turn on Continue On Fail for an error item per item` : '';
		const note = group.mayBeRecorded ? ` [${provider} may have recorded these: check before sending them again]` : '';
		lines.push(`- ${key.slice(1)}${note}: ${shown.join(', ')}${more}`);
	}
	return lines.join('\n');
}

/**
 * The output item of a failed item (Continue On Fail): `success: false`, the
 * error, its description, the HTTP status and whether the provider may have
 * recorded it anyway. With On Error → "Continue (using error output)" n8n
 * routes to the error output only items whose JSON holds nothing but
 * `error`, `message` and `details` (and then adds the input item's fields),
 * so there the same facts ride under `details`. (n8n 1.x routes only JSON of
 * `error` and `message` alone: there these items stay on the success output,
 * with `details.success: false`; the README's Compatibility says so.)
 */
export function errorItem(node: INode, error: Error, itemIndex: number, secrets: string[] | undefined, mayBeRecorded = false): INodeExecutionData {
	const description = (error as NodeOperationError).description ?? undefined;
	const details = {
		success: false,
		...(description ? { description } : {}),
		...((error as NodeApiError).httpCode ? { httpCode: (error as NodeApiError).httpCode } : {}),
		// The provider may have recorded it anyway: check before sending it again.
		...(mayBeRecorded ? { mayBeRecorded: true } : {}),
	};
	const json = node.onError === 'continueErrorOutput' ? { error: error.message, details } : { ...details, error: error.message };
	return { json: redact(json, secrets), pairedItem: { item: itemIndex } };
}


/** The error of an item whose request failed: provider, item, cause and request in the message; the answer, redacted, in the description. */
export function itemFailure<P>(
	node: INode,
	provider: string,
	itemIndex: number,
	outcome: Outcome & { ok: false },
	batch: Batch<P>,
	batchCount: number,
	acceptedElsewhere: number,
	secrets: string[],
): NodeApiError {
	const what =
		outcome.attempts === 0
			? `Item ${itemIndex} was not sent to ${provider}`
			: `${provider} ${outcome.mayBeRecorded === true ? 'may have recorded item' : 'did not accept item'} ${itemIndex}`;
	const size = `${batch.entries.length} ${batch.entries.length === 1 ? 'entry' : 'entries'}`;
	const message = clipText(redact(`${what}: ${outcome.message} (request ${batch.index + 1} of ${batchCount}, ${size})`, secrets));
	const description = clipText(
		redact(
			[outcome.description, acceptedElsewhere > 0 ? `${acceptedElsewhere} other part(s) of this item were accepted in other requests.` : undefined]
				.filter(Boolean)
				.join('\n'),
			secrets,
		),
	);
	const error = new NodeApiError(node, redact({ message: outcome.message, body: outcome.body ?? null } as JsonObject, secrets), {
		itemIndex,
		httpCode: outcome.httpCode,
		message,
		description,
	});
	// NodeApiError swaps a message that contains a Node error code
	// ("the connection failed (ECONNRESET)") for n8n's generic text, which
	// names neither the provider nor the item: keep ours, and n8n's hint
	// in the description.
	if (error.message !== message) {
		const hint = error.message;
		error.message = message;
		error.description = [description, hint].filter(Boolean).join('\n');
	}
	return error;
}

/**
 * The error an execution stops with (Continue On Fail off) after every
 * request was tried: the first failed item's error, its message naming up to
 * 20 failed items, its description all of them by cause, its context the
 * lists (failed, may be recorded, delivered count).
 */
export function executionFailure(provider: string, failedAfterSend: Map<number, NodeApiError>, failedItems: FailedItem[], delivered: number): NodeApiError {
	const [[, first]] = failedAfterSend;
	first.message = `${first.message}. Failed items: ${listItems([...failedAfterSend.keys()])}; ${delivered} other item(s) were delivered`;
	first.description = [first.description, failedItemsReport(provider, failedItems)].filter(Boolean).join('\n');
	first.context = {
		...first.context,
		failedItems: failedItems.map((item) => item.itemIndex),
		mayBeRecordedItems: failedItems.filter((item) => item.mayBeRecorded).map((item) => item.itemIndex),
		deliveredItems: delivered,
	};
	return first;
}
