import { sleep } from 'n8n-workflow';

import type { HttpCall, HttpResult, Send } from './http';
import { classifyNetworkError } from './http';
import type { DeliverySettings, Guarantee } from './options';
import { DEFAULT_GUARANTEE } from './options';
import type { Fault, Verdict } from './verdict';
import { defaultVerdict } from './verdict';

/**
 * The one retry rule. None of our providers deduplicates: a request sent
 * twice is recorded twice. So by default (At Most Once) a request is sent
 * again only when the provider cannot have recorded it: it asked us to come
 * back (429, 503) or the request never left (connection refused, DNS). Every
 * other failure that may have reached the provider (another 5xx, a
 * connection dropped after the request was written, a time-out, a 2xx we
 * cannot read) fails its items with `mayBeRecorded` and is never resent by
 * us. At Least Once, the user's explicit choice, resends those too and
 * accepts duplicates. Nothing is resent that is not worth it (`retry`: a 400
 * would be refused again; a redirect is never followed).
 */
export function mayResend(fault: Fault, guarantee: Guarantee): boolean {
	if (fault.retry !== true) return false;
	return guarantee === 'atLeastOnce' || fault.mayBeRecorded !== true;
}

/** Exponential backoff with equal jitter: half the delay fixed, half random, never above `maxWaitMs`. */
export function backoffMs(
	attempt: number,
	settings: { retryDelayMs: number; maxRetryWaitMs: number },
	random = Math.random,
): number {
	const base = Math.min(settings.maxRetryWaitMs, settings.retryDelayMs * 2 ** attempt);
	return Math.round(base / 2 + random() * (base / 2));
}

/** An HTTP-date (RFC 9110): a weekday or month name, not a bare number that Date.parse would also read. */
const HTTP_DATE = /^[A-Za-z]{3},? /;

/**
 * `Retry-After` as milliseconds from now: delta-seconds or an HTTP-date.
 * Undefined when absent, unreadable, negative or a date already past: the
 * caller then falls back to its own backoff rather than retrying at once.
 */
export function retryAfterMs(headers: Record<string, unknown>, now = Date.now()): number | undefined {
	const raw = headers['retry-after'] ?? headers['Retry-After'];
	const value = Array.isArray(raw) ? raw[0] : raw;
	if (typeof value !== 'string' && typeof value !== 'number') return undefined;
	const text = String(value).trim();
	if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
	if (!HTTP_DATE.test(text)) return undefined;
	const date = Date.parse(text);
	if (Number.isNaN(date) || date <= now) return undefined;
	return date - now;
}

/** How often a wait checks whether the execution was cancelled. */
const PAUSE_SLICE_MS = 200;

/**
 * Wait `ms`, or less when the execution is cancelled (n8n-workflow 2.40 has
 * no sleepWithAbort, and nodes may not use timers directly). Resolves true
 * when the whole wait passed, false when it ended because of cancellation.
 */
export async function pause(ms: number, signal: AbortSignal | undefined): Promise<boolean> {
	let left = ms;
	while (left > 0) {
		if (signal?.aborted) return false;
		const slice = Math.min(left, PAUSE_SLICE_MS);
		await sleep(slice);
		left -= slice;
	}
	return signal?.aborted !== true;
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
	  };

/** What sendWithRetries needs of the operation. */
export interface RetrySpec {
	provider: string;
	settings: DeliverySettings;
	send: Send;
	judge?: (result: HttpResult) => Verdict;
}

export type Log = (message: string) => void;

/**
 * Send one request, and send it again while the guarantee allows it
 * (mayResend above), waiting by backoff or Retry-After, at most
 * `maxRetries` times. A wait ends early, and nothing more is sent, when the
 * execution is cancelled.
 */
export async function sendWithRetries(
	spec: RetrySpec,
	call: HttpCall,
	requestNumber: number,
	log: Log,
	signal: AbortSignal | undefined,
): Promise<Outcome> {
	const { settings } = spec;
	const guarantee = settings.guarantee ?? DEFAULT_GUARANTEE;
	const judge = spec.judge ?? defaultVerdict;
	let last: Outcome & { ok: false } = { ok: false, attempts: 0, message: 'not sent' };
	// Whether any attempt so far may have been recorded by the provider.
	let mayBeRecorded = false;
	for (let attempt = 0; attempt <= settings.maxRetries; attempt++) {
		if (signal?.aborted) break;
		let waitMs: number | undefined;
		let fault: Fault;
		try {
			const result = await spec.send(call, settings.timeoutMs);
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
		log(`${spec.provider}: request ${requestNumber} failed (${last.message}); retry ${attempt + 1} of ${settings.maxRetries} in ${wait} ms`);
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
	const check = `Check ${provider} before sending these items again.`;
	if (guarantee === 'atMostOnce') {
		return `${provider} may have recorded this request before its answer was lost; it was not sent again (Delivery: At Most Once), because ${provider} does not remove duplicates. ${check}`;
	}
	return attempts > 1
		? `${provider} may have recorded this request, up to ${attempts} times (it was sent ${attempts} times: Delivery is At Least Once). ${check}`
		: `${provider} may have recorded this request before its answer was lost; Max Retries allowed no further attempt. ${check}`;
}

