import type { INode } from 'n8n-workflow';

import { asItemError } from './errors';
import type { HttpCall } from './http';

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
	call: HttpCall;
}

/** The request for a group of entries (DeliverySpec.buildCall). */
export type BuildCall<P> = (entries: Array<Entry<P>>, groupKey: string) => { url: string; body: unknown; headers?: Record<string, string> };

/**
 * Group the valid items' entries into requests: by group key, at most
 * `maxPerRequest` entries each, every body built (and serialized once) before
 * anything is sent. A group whose body fails validation fails its items.
 */
export function planBatches<P>(
	node: INode,
	spec: { maxPerRequest: number; buildCall: BuildCall<P> },
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
		for (const [key, group] of groups) {
			for (let start = 0; start < group.length; start += spec.maxPerRequest) {
				const chunk = group.slice(start, start + spec.maxPerRequest);
				try {
					const { url, body, headers } = spec.buildCall(chunk, key);
					batches.push({
						index: batches.length,
						entries: chunk,
						call: { method: 'POST', url, body: JSON.stringify(body), headers },
					});
				} catch (error) {
					failed = true;
					for (const entry of chunk) {
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

