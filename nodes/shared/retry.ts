import { sleep } from 'n8n-workflow';

/**
 * What the user chose to risk when an answer is lost (Options → Delivery).
 *
 * None of our providers deduplicates: a request sent twice is recorded twice.
 * So by default (At Most Once) a request is sent again only when the provider
 * cannot have recorded it: it asked us to come back (429, 503) or the request
 * never left (connection refused, DNS). Every other failure that may have
 * reached the provider (another 5xx, a connection dropped after the request
 * was written, a time-out, a 2xx we cannot read) fails its items with
 * `mayBeRecorded` and is never resent by us. At Least Once resends those too
 * and accepts duplicates.
 */
export type Guarantee = 'atMostOnce' | 'atLeastOnce';

export const DEFAULT_GUARANTEE: Guarantee = 'atMostOnce';

export function toGuarantee(raw: unknown): Guarantee {
	return raw === 'atLeastOnce' ? 'atLeastOnce' : DEFAULT_GUARANTEE;
}

/** A failed attempt, as far as resending is concerned. */
export interface Fault {
	/** Worth sending again at all (a 400 is not: the same body is refused again). */
	retry?: boolean;
	/** The provider may have recorded the request although the attempt failed. */
	mayBeRecorded?: boolean;
}

/** The one retry rule: resend what is worth resending and, under At Most Once, only what cannot have been recorded. */
export function mayResend(fault: Fault, guarantee: Guarantee): boolean {
	if (fault.retry !== true) return false;
	return guarantee === 'atLeastOnce' || fault.mayBeRecorded !== true;
}

/** A status answer: 429 and 503 ask us to come back; other 5xx may have been recorded; 303 says it was processed. */
export function statusFault(statusCode: number): Fault {
	if (statusCode === 429 || statusCode === 503) return { retry: true };
	if (statusCode >= 500) return { retry: true, mayBeRecorded: true };
	if (statusCode === 303) return { retry: false, mayBeRecorded: true };
	return { retry: false };
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
