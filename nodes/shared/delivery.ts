import type { IDataObject, IExecuteFunctions, INode, INodeExecutionData, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { asItemError } from './errors';
import type { HttpCall, HttpResult, Send } from './http';
import { classifyNetworkError } from './http';
import type { Fault, Guarantee } from './retry';
import { backoffMs, DEFAULT_GUARANTEE, mayResend, pause, retryAfterMs, statusFault } from './retry';

export interface DeliverySettings {
	/** Requests in flight at once. */
	concurrency: number;
	/** Retries after the first attempt, for failures the guarantee allows to resend. */
	maxRetries: number;
	/** First backoff delay; doubles each retry, with jitter. */
	retryDelayMs: number;
	/** The longest single wait (backoff or Retry-After) before giving up. */
	maxRetryWaitMs: number;
	/** How long one attempt may take. */
	timeoutMs: number;
	/** Whether output items carry `sent`, the payload as sent (default true). */
	includeSent?: boolean;
	/** Which failures may be resent (see retry.ts); At Most Once unless the user chose otherwise. */
	guarantee?: Guarantee;
}

export const DEFAULT_SETTINGS: DeliverySettings = {
	guarantee: DEFAULT_GUARANTEE,
	concurrency: 8,
	maxRetries: 3,
	retryDelayMs: 1000,
	maxRetryWaitMs: 60_000,
	timeoutMs: 30_000,
};

/** One unit an item contributes to a request: an event, a user, a purchase line. */
export interface Entry<P> {
	itemIndex: number;
	payload: P;
	/** Entries with the same key may share a request (e.g. a campaign key). */
	groupKey?: string;
}

/**
 * What an HTTP answer means. For a failure, `retry` says whether the same
 * request is worth sending again at all and `mayBeRecorded` whether the
 * provider may nevertheless have recorded it (a 502 from a gateway, a 2xx the
 * node cannot read as success); the guarantee decides from both (retry.ts).
 * Items the provider may have recorded say so, and an execution that fails
 * lists them apart, so nobody re-sends them blindly.
 */
export interface Verdict extends Fault {
	ok: boolean;
	message?: string;
	description?: string;
}

export interface Batch<P> {
	/** 0-based position among this execution's requests. */
	index: number;
	entries: Array<Entry<P>>;
	call: HttpCall;
}

export type Outcome =
	| {
			ok: true;
			result: HttpResult;
			attempts: number;
			/** An earlier attempt may have been recorded too (At Least Once resent it): the provider may hold it twice. */
			mayBeDuplicated?: boolean;
	  }
	| {
			ok: false;
			attempts: number;
			message: string;
			description?: string;
			httpCode?: string;
			body?: unknown;
			/** The provider may have recorded the request although it failed (in any of its attempts). */
			mayBeRecorded?: boolean;
			/** Not sent at all: the execution was cancelled first. */
			cancelled?: boolean;
	  };

export interface Delivered<P> {
	entry: Entry<P>;
	batch: Batch<P>;
	outcome: Outcome & { ok: true };
	batchCount: number;
}

export interface DeliverySpec<P> {
	/** The provider's name, for messages ("Hackle answered 500"). */
	provider: string;
	settings: DeliverySettings;
	send: Send;
	/**
	 * Validate one item and turn it into its entries. Throws (FieldError,
	 * ZodError, NodeOperationError) when the item is invalid: nothing of it is sent.
	 */
	prepare: (itemIndex: number) => Array<Entry<P>>;
	/** Most entries one request may carry (1 for per-item APIs). */
	maxPerRequest: number;
	/**
	 * The request for a group of entries. May throw a validation error, which
	 * fails every item of the group before anything is sent.
	 */
	buildCall: (entries: Array<Entry<P>>, groupKey: string) => { url: string; body: unknown; headers?: Record<string, string> };
	/** Decide whether an HTTP answer means success; defaults to `defaultVerdict`. */
	judge?: (result: HttpResult) => Verdict;
	/** The output JSON of an item whose entries were all accepted. */
	output: (itemIndex: number, delivered: Array<Delivered<P>>) => IDataObject;
	/** The output field holding the payload as sent, left out when the Include Sent Payload option is off (default "sent"). */
	sentField?: string;
	/** Strings that must never appear in output or errors (credential secrets). */
	secrets?: string[];
}

/**
 * 2xx is success. A redirect is never followed (the credential's headers
 * would go along to whatever host Location names) and fails its items. For
 * other failures statusFault says what may be resent.
 */
export function defaultVerdict(result: HttpResult): Verdict {
	const { statusCode } = result;
	if (statusCode >= 200 && statusCode < 300) return { ok: true };
	if (statusCode >= 300 && statusCode < 400) {
		return {
			ok: false,
			...statusFault(statusCode),
			message: `HTTP ${statusCode} redirect to ${locationHost(result.headers)} not followed`,
			description:
				'Redirects are never followed: the request and the credential\'s key would go to the address in Location. Check the Base URL of the credential (scheme, host, path) or the proxy in front of the provider.',
		};
	}
	return { ok: false, ...statusFault(statusCode), message: `HTTP ${statusCode}`, description: describeBody(result.body) };
}

/** The host a redirect points to, without path or query (they may carry tokens). */
export function locationHost(headers: Record<string, unknown>): string {
	const raw = headers.location ?? headers.Location;
	const location = String((Array.isArray(raw) ? raw[0] : raw) ?? '').trim();
	if (!location) return 'nowhere (no Location header)';
	if (URL.canParse(location)) return `host "${new URL(location).host}"`;
	return location.startsWith('/') ? 'another path on the same host' : 'an unreadable Location';
}

/** An answer's body as text for a description (redacted, then clipped, by the engine). */
export function describeBody(body: unknown): string | undefined {
	if (body === undefined) return undefined;
	return typeof body === 'string' ? body : JSON.stringify(body);
}

/** The most characters of provider text an error description carries. */
export const MAX_DESCRIPTION_LENGTH = 4000;

/** Clip a text for a message; call it only on text already redacted, so no secret is cut in half and left readable. */
export function clipText(text: string, max = MAX_DESCRIPTION_LENGTH): string {
	return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** A secret as JSON text writes it inside a string: quotes, backslashes and control characters escaped. */
function jsonEscaped(text: string): string {
	return JSON.stringify(text).slice(1, -1);
}

/** The texts to look for, per secrets list: computed once per list, not once per item. */
const secretForms = new WeakMap<string[], { key: string; forms: string[] }>();

function formsOf(secrets: string[]): string[] {
	const usable = secrets.filter((s) => typeof s === 'string' && s.length >= 4);
	const key = usable.join('\u0000');
	const cached = secretForms.get(secrets);
	if (cached && cached.key === key) return cached.forms;
	const forms = [...new Set(usable.flatMap((secret) => [secret, jsonEscaped(secret), jsonEscaped(jsonEscaped(secret))]))].sort(
		(a, b) => b.length - a.length,
	);
	secretForms.set(secrets, { key, forms });
	return forms;
}

/**
 * Replace every secret in a value with "[redacted]". A secret is looked for
 * as it is and as JSON text writes it (once and twice escaped), since
 * provider answers are shown as JSON text inside descriptions; objects and
 * arrays are walked, keys included, so a secret with a quote or a backslash
 * is found in a parsed body too. Values without a secret are returned as
 * they are (same object); other objects (Date, DateTime) only become JSON
 * when they hold a secret.
 *
 * It runs on every output item, so the common case (no secret anywhere) is
 * kept cheap: the forms are computed once per secrets list, a string is only
 * rewritten when it contains one, and no copy is made of an object or array
 * in which nothing changed.
 */
export function redact<T>(value: T, secrets: string[] | undefined): T {
	if (value === undefined || value === null || !secrets || secrets.length === 0) return value;
	const forms = formsOf(secrets);
	if (forms.length === 0) return value;
	const scrub = (text: string): string => {
		let out = text;
		for (const form of forms) if (out.includes(form)) out = out.split(form).join('[redacted]');
		return out;
	};
	const walk = (v: unknown, depth: number): unknown => {
		if (typeof v === 'string') return scrub(v);
		if (typeof v !== 'object' || v === null) return v;
		// Deeper than any walk should recurse (a provider's answer can be nested
		// thousands of levels): look for a secret without recursion, and drop
		// the part only when it holds one.
		if (depth > MAX_REDACT_DEPTH) return containsAny(v, forms) ? '[redacted: nested too deep to clean]' : v;
		if (Array.isArray(v)) {
			let out: unknown[] | undefined;
			for (let index = 0; index < v.length; index++) {
				const entry: unknown = v[index];
				const clean = walk(entry, depth + 1);
				if (!out && clean !== entry) out = v.slice(0, index);
				if (out) out.push(clean);
			}
			return out ?? v;
		}
		const proto = Object.getPrototypeOf(v);
		if (proto === Object.prototype || proto === null) {
			const source = v as Record<string, unknown>;
			const keys = Object.keys(source);
			let out: Record<string, unknown> | undefined;
			for (let index = 0; index < keys.length; index++) {
				const key = keys[index];
				const entry = source[key];
				const cleanKey = scrub(key);
				const cleanEntry = walk(entry, depth + 1);
				if (!out && (cleanKey !== key || cleanEntry !== entry)) {
					out = {};
					for (let before = 0; before < index; before++) out[keys[before]] = source[keys[before]];
				}
				if (out) out[cleanKey] = cleanEntry;
			}
			return out ?? v;
		}
		const text = JSON.stringify(v);
		if (typeof text !== 'string' || !forms.some((form) => text.includes(form))) return v;
		return walk(JSON.parse(text), depth + 1);
	};
	return walk(value, 0) as T;
}

/** How deep `redact` recurses before it switches to the stack-safe search below. */
const MAX_REDACT_DEPTH = 100;

/** Whether any text in a value (keys included) contains one of `forms`, walked with an explicit stack. */
function containsAny(value: unknown, forms: string[]): boolean {
	const stack: unknown[] = [value];
	const seen = new Set<unknown>();
	while (stack.length > 0) {
		const v = stack.pop();
		if (typeof v === 'string') {
			if (forms.some((form) => v.includes(form))) return true;
			continue;
		}
		if (typeof v !== 'object' || v === null || seen.has(v)) continue;
		seen.add(v);
		if (Array.isArray(v)) {
			for (const entry of v) stack.push(entry);
			continue;
		}
		const proto = Object.getPrototypeOf(v);
		if (proto !== Object.prototype && proto !== null) {
			stack.push(JSON.stringify(v));
			continue;
		}
		for (const [key, entry] of Object.entries(v as Record<string, unknown>)) stack.push(key, entry);
	}
	return false;
}

type Log = (message: string) => void;

/**
 * Send one request, and send it again while the guarantee allows it
 * (retry.ts: mayResend), waiting by backoff or Retry-After, at most
 * `maxRetries` times. A wait ends early, and nothing more is sent, when the
 * execution is cancelled.
 */
async function attemptDelivery<P>(spec: DeliverySpec<P>, batch: Batch<P>, log: Log, signal: AbortSignal | undefined): Promise<Outcome> {
	const { settings } = spec;
	const guarantee = settings.guarantee ?? DEFAULT_GUARANTEE;
	const judge = spec.judge ?? defaultVerdict;
	let last: Outcome & { ok: false } = { ok: false, attempts: 0, message: 'not sent', cancelled: true };
	// Whether any attempt so far may have been recorded by the provider.
	let mayBeRecorded = false;
	for (let attempt = 0; attempt <= settings.maxRetries; attempt++) {
		if (signal?.aborted) break;
		let waitMs: number | undefined;
		let fault: Fault;
		try {
			const result = await spec.send(batch.call, settings.timeoutMs);
			const verdict = judge(result);
			if (verdict.ok) {
				return { ok: true, result, attempts: attempt + 1, ...(mayBeRecorded ? { mayBeDuplicated: true } : {}) };
			}
			fault = verdict;
			last = {
				ok: false,
				attempts: attempt + 1,
				message: verdict.message ?? `HTTP ${result.statusCode}`,
				description: verdict.description,
				httpCode: String(result.statusCode),
				body: result.body,
			};
			waitMs = retryAfterMs(result.headers);
		} catch (error) {
			const failure = classifyNetworkError(error);
			fault = failure;
			last = {
				ok: false,
				attempts: attempt + 1,
				message: failure.message,
				description:
					failure.kind === 'timeout' ? `No answer within ${settings.timeoutMs} ms (Timeout option).` : `Network error ${failure.code}.`,
			};
		}
		mayBeRecorded = mayBeRecorded || fault.mayBeRecorded === true;
		if (!mayResend(fault, guarantee) || attempt === settings.maxRetries) break;
		const wait = waitMs ?? backoffMs(attempt, settings);
		if (wait > settings.maxRetryWaitMs) {
			last.description = `${last.description ?? ''}\n${spec.provider} asked to wait ${Math.ceil(wait / 1000)} s (Retry-After), longer than the Max Retry Wait option; not retried.`.trim();
			break;
		}
		log(`${spec.provider}: request ${batch.index + 1} failed (${last.message}); retry ${attempt + 1} of ${settings.maxRetries} in ${wait} ms`);
		if (!(await pause(wait, signal))) break;
	}
	if (last.attempts > 1) last.description = `${last.description ?? ''}\nGave up after ${last.attempts} attempts.`.trim();
	if (mayBeRecorded) {
		last.mayBeRecorded = true;
		last.description = [last.description, mayBeRecordedNote(spec.provider, last.attempts, guarantee)].filter(Boolean).join('\n');
	}
	if (signal?.aborted && last.attempts === 0) last.message = 'the execution was cancelled before this request was sent';
	return last;
}

/** What a user must know about a failed request the provider may have recorded. */
function mayBeRecordedNote(provider: string, attempts: number, guarantee: Guarantee): string {
	return guarantee === 'atLeastOnce' && attempts > 1
		? `${provider} may have recorded this request, up to ${attempts} times (it was sent ${attempts} times: Delivery is At Least Once). Check ${provider} before sending these items again.`
		: `${provider} may have recorded this request before its answer was lost; it was not sent again (Delivery: At Most Once), because ${provider} does not remove duplicates. Check ${provider} before sending these items again.`;
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

function planBatches<P>(
	node: INode,
	spec: DeliverySpec<P>,
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

function firstError(itemErrors: Map<number, Error>): Error {
	const first = Math.min(...itemErrors.keys());
	return itemErrors.get(first) as Error;
}

function listItems(indices: number[]): string {
	const shown = indices.slice(0, 20).join(', ');
	return indices.length > 20 ? `${shown} and ${indices.length - 20} more` : shown;
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
 * The delivery engine every node runs: validate every item, group the valid
 * ones into requests, send them with bounded concurrency and retries, and
 * return one output item per input item (pairedItem set). A failed request
 * fails exactly the items it carried. With "Continue On Fail" those become
 * error items; without it, an invalid item stops the execution before
 * anything is sent, and a failed request stops it after every other request
 * has been delivered, naming the items that failed.
 */
export async function deliver<P>(ctx: IExecuteFunctions, spec: DeliverySpec<P>): Promise<INodeExecutionData[]> {
	const node = ctx.getNode();
	const itemCount = ctx.getInputData().length;
	const continueOnFail = ctx.continueOnFail();
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

	const batches = planBatches(node, spec, entries, itemErrors);
	if (!continueOnFail && itemErrors.size > 0) throw firstError(itemErrors);

	const log: Log = (message) => ctx.logger.debug(redact(message, spec.secrets));
	const signal = ctx.getExecutionCancelSignal?.();
	const outcomes = await pool(batches, spec.settings.concurrency, async (batch) => await attemptDelivery(spec, batch, log, signal));

	const byItem = new Map<number, Array<{ entry: Entry<P>; batch: Batch<P>; outcome: Outcome }>>();
	for (const batch of batches) {
		for (const entry of batch.entries) {
			let list = byItem.get(entry.itemIndex);
			if (!list) byItem.set(entry.itemIndex, (list = []));
			list.push({ entry, batch, outcome: outcomes[batch.index] });
		}
	}

	const output: INodeExecutionData[] = [];
	const failedAfterSend = new Map<number, NodeApiError>();
	const failedItems: FailedItem[] = [];
	let delivered = 0;
	for (let itemIndex = 0; itemIndex < itemCount; itemIndex++) {
		const pairedItem = { item: itemIndex };
		const invalid = itemErrors.get(itemIndex);
		if (invalid) {
			output.push(errorItem(invalid, itemIndex, spec.secrets));
			continue;
		}
		const parts = byItem.get(itemIndex) ?? [];
		const failure = parts.find((part) => !part.outcome.ok);
		if (failure && !failure.outcome.ok) {
			const { outcome, batch } = failure;
			const others = parts.filter((part) => part.outcome.ok).length;
			// Sending this item again could record (part of) it twice: a failed part the
			// provider may have recorded, or parts it accepted in other requests.
			const mayBeRecorded = others > 0 || parts.some((part) => !part.outcome.ok && part.outcome.mayBeRecorded === true);
			const verb = outcome.mayBeRecorded === true ? 'may have recorded' : 'did not accept';
			const message = clipText(
				redact(
					`${spec.provider} ${verb} item ${itemIndex}: ${outcome.message} (request ${batch.index + 1} of ${batches.length}, ${batch.entries.length} ${batch.entries.length === 1 ? 'entry' : 'entries'})`,
					spec.secrets,
				),
			);
			const description = clipText(
				redact(
					[outcome.description, others > 0 ? `${others} other part(s) of this item were accepted in other requests.` : undefined]
						.filter(Boolean)
						.join('\n'),
					spec.secrets,
				),
			);
			const error = new NodeApiError(node, redact({ message: outcome.message, body: outcome.body ?? null } as JsonObject, spec.secrets), {
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
			failedAfterSend.set(itemIndex, error);
			failedItems.push({ itemIndex, message: redact(outcome.message, spec.secrets), mayBeRecorded });
			output.push(errorItem(error, itemIndex, spec.secrets, mayBeRecorded));
			continue;
		}
		delivered++;
		const json = spec.output(
			itemIndex,
			parts.map((part) => ({
				entry: part.entry,
				batch: part.batch,
				outcome: part.outcome as Outcome & { ok: true },
				batchCount: batches.length,
			})),
		);
		if (spec.settings.includeSent === false) delete json[spec.sentField ?? 'sent'];
		output.push({ json: redact(json, spec.secrets), pairedItem });
	}

	if (!continueOnFail && failedAfterSend.size > 0) {
		const [[, first]] = failedAfterSend;
		first.message = `${first.message}. Failed items: ${listItems([...failedAfterSend.keys()])}; ${delivered} other item(s) were delivered`;
		// The message names 20 at most; the description names them all, by cause.
		first.description = [first.description, failedItemsReport(spec.provider, failedItems)].filter(Boolean).join('\n');
		first.context = {
			...first.context,
			failedItems: failedItems.map((item) => item.itemIndex),
			mayBeRecordedItems: failedItems.filter((item) => item.mayBeRecorded).map((item) => item.itemIndex),
			deliveredItems: delivered,
		};
		throw first;
	}
	return output;
}

function errorItem(error: Error, itemIndex: number, secrets: string[] | undefined, mayBeRecorded = false): INodeExecutionData {
	const description = (error as NodeOperationError).description ?? undefined;
	return {
		json: redact(
			{
				success: false,
				error: error.message,
				...(description ? { description } : {}),
				...((error as NodeApiError).httpCode ? { httpCode: (error as NodeApiError).httpCode } : {}),
				// The provider may have recorded it anyway: check before sending it again.
				...(mayBeRecorded ? { mayBeRecorded: true } : {}),
			},
			secrets,
		),
		pairedItem: { item: itemIndex },
	};
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
