import type { IDataObject } from 'n8n-workflow';

import type { Batch, Entry } from './batches';
import type { Outcome } from './retry';

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

/** Which request carried an entry: its number among this execution's requests, its size, its attempts. */
export function requestInfo<P>(delivered: Delivered<P>): IDataObject {
	return {
		number: delivered.batch.index + 1,
		of: delivered.batchCount,
		entries: delivered.batch.entries.length,
		attempts: delivered.outcome.attempts,
		...(delivered.outcome.mayBeDuplicated ? { mayBeDuplicated: true } : {}),
	};
}
