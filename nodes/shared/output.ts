import type { IDataObject } from 'n8n-workflow';

import type { Batch, Entry } from './batches';
import type { Outcome } from './retry';

/*
 * The output of an item whose entries were all accepted: what was sent, the
 * provider's answer, and which request carried it.
 */

export interface Delivered<P> {
	entry: Entry<P>;
	batch: Batch<P>;
	outcome: Outcome & { ok: true };
	batchCount: number;
}

/** The usual success output: what was sent, the answer, and which request carried it. */
export function standardOutput<P>(delivered: Array<Delivered<P>>): IDataObject {
	const [first] = delivered;
	const sent = delivered.length === 1 ? first.entry.payload : delivered.map((d) => d.entry.payload);
	return {
		success: true,
		statusCode: first.outcome.result.statusCode,
		sent: sent as IDataObject,
		response: (first.outcome.result.body ?? null) as IDataObject,
		request: requestInfo(first),
	};
}

/** The request information of each answered batch, made once and shared by the items it carried. */
const requestInfos = new WeakMap<object, IDataObject>();

/**
 * Which request carried an entry: its number among this execution's
 * requests, its size, its attempts. Every item of one request gets the same
 * object (like the request's `response`): 100,000 items sent in 1,000
 * requests hold 1,000 of them, not 100,000 (issue 18). Never change it: an
 * item that needs more (Chabok's bulkPosition) gets a copy.
 */
export function requestInfo<P>(delivered: Delivered<P>): IDataObject {
	const known = requestInfos.get(delivered.outcome);
	if (known) return known;
	const info = {
		number: delivered.batch.index + 1,
		of: delivered.batchCount,
		entries: delivered.batch.entries.length,
		attempts: delivered.outcome.attempts,
		...(delivered.outcome.mayBeDuplicated ? { mayBeDuplicated: true } : {}),
	};
	requestInfos.set(delivered.outcome, info);
	return info;
}
