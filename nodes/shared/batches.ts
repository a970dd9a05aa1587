import type { INode } from 'n8n-workflow';

import { asItemError } from './errors';
import type { HttpCall } from './http';

/*
 * Grouping: the entries items contribute, planned into requests, each
 * request's body built (and serialized once) either just before it is sent
 * or, for bodies assembled across items, before anything is sent; and the
 * bounded pool that sends them.
 */

/** One unit an item contributes to a request: an event, a user, a purchase line. */
export interface Entry<P> {
	itemIndex: number;
	payload: P;
	/** Entries with the same key may share a request (e.g. a campaign key). */
	groupKey?: string;
}

export interface Batch<P> {
	/** 0-based position among this execution's requests. */
	index: number;
	entries: Array<Entry<P>>;
	/** The group key its entries share. */
	groupKey: string;
	/** The request, once built (callOf); let go of after its answer when the output does not read it. */
	call?: HttpCall;
}

/** The request for a group of entries (DeliverySpec.buildCall). */
export type BuildCall<P> = (entries: Array<Entry<P>>, groupKey: string) => { url: string; body: unknown; headers?: Record<string, string> };

/**
 * Group the valid items' entries into requests: by group key, at most
 * `maxPerRequest` entries each. With `buildFirst` (bodies assembled across
 * items, which can be refused as a whole: Adrop orders) every body is built
 * and checked here, before anything is sent, and a group whose body fails
 * fails its items; otherwise each body is built just before its request is
 * sent (callOf), so a large run never holds every body at once (issue 18).
 */
export function planBatches<P>(
	node: INode,
	spec: { maxPerRequest: number; buildCall: BuildCall<P>; buildFirst?: boolean },
	entries: Array<Entry<P>>,
	itemErrors: Map<number, Error>,
): Array<Batch<P>> {
	// Re-plan until no group fails: a group that fails validation takes its
	// items out, and those items' other entries must leave their groups too.
	for (;;) {
		const groups = new Map<string, Array<Entry<P>>>();
		for (const entry of entries) {
			if (itemErrors.has(entry.itemIndex)) continue;
			const key = entry.groupKey ?? '';
			let group = groups.get(key);
			if (!group) groups.set(key, (group = []));
			group.push(entry);
		}
		const batches: Array<Batch<P>> = [];
		let failed = false;
		for (const [groupKey, group] of groups) {
			for (let start = 0; start < group.length; start += spec.maxPerRequest) {
				const batch: Batch<P> = { index: batches.length, entries: group.slice(start, start + spec.maxPerRequest), groupKey };
				if (!spec.buildFirst) {
					batches.push(batch);
					continue;
				}
				try {
					batch.call = callOf(batch, spec.buildCall);
					batches.push(batch);
				} catch (error) {
					failed = true;
					for (const entry of batch.entries) {
						if (!itemErrors.has(entry.itemIndex)) {
							itemErrors.set(entry.itemIndex, asItemError(node, entry.itemIndex, error));
						}
					}
				}
			}
		}
		if (!failed) return batches;
	}
}

/** A batch's request: built (and its body serialized, once) unless it already is. Throws when the operation refuses the body. */
export function callOf<P>(batch: Batch<P>, buildCall: BuildCall<P>): HttpCall {
	if (batch.call) return batch.call;
	const { url, body, headers } = buildCall(batch.entries, batch.groupKey);
	return { method: 'POST', url, body: JSON.stringify(body), headers };
}

/** Run `worker` over `tasks` with at most `limit` promises pending at once. */
export async function pool<T, R>(tasks: T[], limit: number, worker: (task: T) => Promise<R>): Promise<R[]> {
	const results = new Array<R>(tasks.length);
	let next = 0;
	const run = async () => {
		while (next < tasks.length) {
			const index = next++;
			results[index] = await worker(tasks[index]);
		}
	};
	await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, tasks.length)) }, run));
	return results;
}

