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
	/**
	 * Which request carried the entry (`requestInfo`): one object per request,
	 * shared by every item it carried. Never change it: an item that needs
	 * more (Chabok's bulkPosition) gets a copy.
	 */
	request: IDataObject;
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
		request: first.request,
	};
}

/**
 * Which request carried a batch's entries: its number among this
 * execution's requests, its size, its attempts. The engine makes one per
 * answered request and every item of that request gets it (like the
 * request's `response`): 100,000 items sent in 1,000 requests hold 1,000 of
 * them, not 100,000 (issue 18).
 */
export function requestInfo<P>(batch: Batch<P>, requestCount: number, outcome: Outcome & { ok: true }): IDataObject {
	return {
		number: batch.index + 1,
		of: requestCount,
		entries: batch.entries.length,
		attempts: outcome.attempts,
		...(outcome.mayBeDuplicated ? { mayBeDuplicated: true } : {}),
	};
}
