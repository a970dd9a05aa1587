import type { IDataObject, IExecuteFunctions, INode, INodeExecutionData, NodeApiError } from 'n8n-workflow';

import type { Batch, BuildCall, Entry } from './batches';
import { callOf, planBatches, pool } from './batches';
import type { Connection } from './connection';
import { asItemError } from './errors';
import type { HttpCall, HttpResult } from './http';
import type { Guarantee, NodeOptions } from './options';
import { readOptions } from './options';
import type { Delivered } from './output';
import { requestInfo } from './output';
import type { ParameterReader } from './params';
import { redact } from './redact';
import type { FailedItem } from './report';
import { errorItem, executionFailure, firstError, itemFailure } from './report';
import type { Log, Outcome } from './retry';
import { sendWithRetries } from './retry';
import type { Verdict } from './verdict';

/*
 * The delivery engine every operation runs (deliver): items → entries →
 * requests → outcomes → one output item per input item. It uses the rooms
 * below it: batches (grouping), retry (sending with the Delivery option's
 * resend rule), report (failed items and the execution's error), output
 * (success items), redact (no secret leaves), options (the Options collection).
 */

export interface DeliverySpec<P> {
	/** The provider's name, for messages ("Hackle answered 500"). */
	provider: string;
	/** The execution's connection: its sender, its secrets (scrubbed from output and errors), its credential for Dry Run previews. */
	connection: Connection;
	/** The node's parameters; the Options collection is read from them unless `options` is given. */
	params: ParameterReader;
	/** The Options collection when the operation has read it already (for its own options). */
	options?: NodeOptions;
	/** A guarantee the operation imposes whatever the options say (Hackle Send Push: At Most Once). */
	guarantee?: Guarantee;
	/**
	 * Validate one item and turn it into its entries. Throws (FieldError,
	 * ZodError, NodeOperationError) when the item is invalid: nothing of it is sent.
	 */
	prepare: (itemIndex: number) => Array<Entry<P>>;
	/** Most entries one request may carry (1 for per-item APIs). */
	maxPerRequest: number;
	/**
	 * The request for a group of entries, built just before it is sent. It
	 * may check the body again but must not refuse what `prepare` accepted,
	 * unless `buildFirst` is set.
	 */
	buildCall: BuildCall<P>;
	/**
	 * Bodies are assembled across items and may be refused as a whole (Adrop
	 * orders): every body is built and checked before anything is sent, a
	 * refused one fails its items, and each body stays for the output.
	 */
	buildFirst?: boolean;
	/**
	 * Decide whether an HTTP answer means success; defaults to `defaultVerdict`.
	 * It gets the request's batch too, for answers that count what they
	 * accepted (Chabok's trackBulk: `{"queued": true, "n": N}`).
	 */
	judge?: (result: HttpResult, batch: Batch<P>) => Verdict;
	/** The output JSON of an item whose entries were all accepted. */
	output: (itemIndex: number, delivered: Array<Delivered<P>>) => IDataObject;
	/** The output field holding the payload as sent, left out when the Include Sent Payload option is off (default "sent"). */
	sentField?: string;
	/**
	 * The operation's output reads an entry's payload only for the sent field.
	 * Then, with Include Sent Payload off, the engine lets go of each payload
	 * once its request body is built: a large run does not hold a second copy
	 * of every event (issue 18).
	 */
	payloadOnlyInSent?: boolean;
}

type Part<P, O = Outcome> = { entry: Entry<P>; batch: Batch<P>; outcome: O; request?: IDataObject };

/**
 * The delivery engine every node runs: validate every item, group the valid
 * ones into requests, send them with bounded concurrency and the retries the
 * Delivery option allows, and return one output item per input item
 * (pairedItem set). A failed request fails exactly the items it carried.
 * With "Continue On Fail" those become error items; without it, an invalid
 * item stops the execution before anything is sent, and a failed request
 * stops it after every other request has been delivered, naming the items
 * that failed. With Dry Run on, everything up to the first send happens and
 * each item shows the request it would have ridden in.
 */
export async function deliver<P>(ctx: IExecuteFunctions, spec: DeliverySpec<P>): Promise<INodeExecutionData[]> {
	const node = ctx.getNode();
	const itemCount = ctx.getInputData().length;
	const continueOnFail = ctx.continueOnFail();
	const options = spec.options ?? readOptions(spec.params);
	const settings = spec.guarantee ? { ...options, guarantee: spec.guarantee } : options;
	const { secrets } = spec.connection;
	const itemErrors = new Map<number, Error>();
	const entries: Array<Entry<P>> = [];

	for (let itemIndex = 0; itemIndex < itemCount; itemIndex++) {
		try {
			const prepared = spec.prepare(itemIndex);
			for (const entry of prepared) entries.push(entry);
		} catch (error) {
			itemErrors.set(itemIndex, asItemError(node, itemIndex, error));
		}
	}

	// A dry run shows every request, so it builds them all first.
	const batches = planBatches(node, { ...spec, buildFirst: spec.buildFirst === true || settings.dryRun }, entries, itemErrors);
	if (!continueOnFail && itemErrors.size > 0) throw firstError(itemErrors);
	if (settings.dryRun) return await dryRunOutput(node, spec, itemCount, batches, itemErrors);

	const log: Log = (message) => ctx.logger.debug(redact(message, secrets));
	const signal = ctx.getExecutionCancelSignal?.();
	const retrySpec = { provider: spec.provider, settings, send: spec.connection.send };
	const { judge } = spec;
	const lean = spec.payloadOnlyInSent === true && settings.includeSent === false;
	// One request at a time per worker: its body built, its payloads let go
	// of (lean), sent; the body is gone with the worker's turn unless built
	// first for the output. Memory holds the bodies in flight, not all of them.
	const outcomes = await pool(batches, settings.concurrency, async (batch): Promise<Outcome> => {
		let call: HttpCall;
		try {
			call = callOf(batch, spec.buildCall);
		} catch (error) {
			return { ok: false, attempts: 0, message: `its request failed the check before sending (${(error as Error).message})` };
		}
		if (lean) for (const entry of batch.entries) entry.payload = undefined as P;
		const batchJudge = judge ? (result: HttpResult) => judge(result, batch) : undefined;
		return await sendWithRetries({ ...retrySpec, judge: batchJudge }, call, batch.index + 1, log, signal);
	});
	const byItem = partsByItem(batches, (batch) => outcomes[batch.index]);

	const output: INodeExecutionData[] = [];
	const failedAfterSend = new Map<number, NodeApiError>();
	const failedItems: FailedItem[] = [];
	let delivered = 0;
	for (let itemIndex = 0; itemIndex < itemCount; itemIndex++) {
		const invalid = itemErrors.get(itemIndex);
		if (invalid) {
			output.push(errorItem(node, invalid, itemIndex, secrets));
			continue;
		}
		const parts = byItem.get(itemIndex) ?? [];
		const failure = parts.find((part) => !part.outcome.ok);
		if (failure && !failure.outcome.ok) {
			const others = parts.filter((part) => part.outcome.ok).length;
			// Sending this item again could record (part of) it twice: a failed part the
			// provider may have recorded, or parts it accepted in other requests.
			const mayBeRecorded = others > 0 || parts.some((part) => !part.outcome.ok && part.outcome.mayBeRecorded === true);
			const error = itemFailure(node, spec.provider, itemIndex, failure.outcome, failure.batch, batches.length, others, secrets);
			failedAfterSend.set(itemIndex, error);
			failedItems.push({ itemIndex, message: redact(failure.outcome.message, secrets), mayBeRecorded });
			output.push(errorItem(node, error, itemIndex, secrets, mayBeRecorded));
			continue;
		}
		delivered++;
		// Every part succeeded (checked above): they are the item's deliveries.
		const json = withoutSent(spec.output(itemIndex, parts as Array<Delivered<P>>), settings.includeSent === false ? (spec.sentField ?? 'sent') : undefined);
		output.push({ json: redact(json, secrets), pairedItem: { item: itemIndex } });
	}

	if (!continueOnFail && failedAfterSend.size > 0) {
		throw executionFailure(spec.provider, failedAfterSend, failedItems, delivered);
	}
	return output;
}

/**
 * The output without its sent field (Include Sent Payload off): a new object
 * rather than `delete`, which would turn each of 100,000 output objects into
 * a slower, larger dictionary.
 */
function withoutSent(json: IDataObject, field: string | undefined): IDataObject {
	if (field === undefined || !(field in json)) return json;
	const out: IDataObject = {};
	for (const key of Object.keys(json)) if (key !== field) out[key] = json[key];
	return out;
}

/**
 * Each item's parts: which entry rode in which request, with that request's
 * outcome (none in a dry run) and, when it was answered, its request
 * information, made once per request for every item it carried.
 */
function partsByItem<P, O extends Outcome | undefined>(batches: Array<Batch<P>>, outcomeOf: (batch: Batch<P>) => O): Map<number, Array<Part<P, O>>> {
	const byItem = new Map<number, Array<Part<P, O>>>();
	for (const batch of batches) {
		const outcome = outcomeOf(batch);
		const request = outcome?.ok ? requestInfo(batch, batches.length, outcome) : undefined;
		for (const entry of batch.entries) {
			let list = byItem.get(entry.itemIndex);
			if (!list) byItem.set(entry.itemIndex, (list = []));
			list.push({ entry, batch, outcome, request });
		}
	}
	return byItem;
}

/**
 * Dry Run: the requests exactly as a real run would start them (same
 * validation, grouping, bytes; the credential's headers computed and then
 * masked), one output item per input item, nothing sent. The whole body of a
 * request is shown once, on the first item it carries; the others point to
 * that item and show their own part.
 */
async function dryRunOutput<P>(
	node: INode,
	spec: DeliverySpec<P>,
	itemCount: number,
	batches: Array<Batch<P>>,
	itemErrors: Map<number, Error>,
): Promise<INodeExecutionData[]> {
	const { connection } = spec;
	const previews = await Promise.all(batches.map(async (batch) => await connection.preview(callOf(batch, spec.buildCall))));
	const byItem = partsByItem(batches, () => undefined);
	const shownOn = new Map<number, number>();
	const output: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < itemCount; itemIndex++) {
		const invalid = itemErrors.get(itemIndex);
		if (invalid) {
			output.push(errorItem(node, invalid, itemIndex, connection.secrets));
			continue;
		}
		const parts = byItem.get(itemIndex) ?? [];
		const requests = [...new Set(parts.map((part) => part.batch))].map((batch) => {
			const { method, url, headers, body } = previews[batch.index];
			const first = shownOn.get(batch.index);
			if (first === undefined) shownOn.set(batch.index, itemIndex);
			return {
				number: batch.index + 1,
				of: batches.length,
				entries: batch.entries.length,
				method,
				url,
				headers,
				...(first === undefined ? { body } : { bodyShownOnItem: first }),
			};
		});
		const payloads = parts.map((part) => part.entry.payload);
		const json = {
			dryRun: true,
			valid: true,
			payload: (payloads.length === 1 ? payloads[0] : payloads) as IDataObject,
			...(requests.length === 1 ? { request: requests[0] } : { requests }),
		};
		output.push({ json: redact(json, connection.secrets), pairedItem: { item: itemIndex } });
	}
	return output;
}
