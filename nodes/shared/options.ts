import type { ParameterReader } from './params';

/*
 * The Options collection as the engine uses it: the Delivery guarantee, the
 * numeric limits (the UI's and the run-time clamp, one table), Dry Run and
 * Include Sent Payload, read once per execution.
 */

/** What the user chose to risk when an answer is lost (Options → Delivery); the rule is mayResend in retry.ts. */
export type Guarantee = 'atMostOnce' | 'atLeastOnce';

export const DEFAULT_GUARANTEE: Guarantee = 'atMostOnce';

export function toGuarantee(raw: unknown): Guarantee {
	return raw === 'atLeastOnce' ? 'atLeastOnce' : DEFAULT_GUARANTEE;
}

/** How the engine delivers: the Options collection every node offers, as read for one execution. */
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
	/** Validate and build every request, send none: each item shows what would have been sent. */
	dryRun?: boolean;
}

export const DEFAULT_SETTINGS: DeliverySettings = {
	guarantee: DEFAULT_GUARANTEE,
	concurrency: 8,
	maxRetries: 3,
	retryDelayMs: 1000,
	maxRetryWaitMs: 60_000,
	timeoutMs: 30_000,
};

/**
 * Limits of the numeric options: the UI's minValue/maxValue and the clamp
 * applied at run time (an expression can produce any number). One table for
 * both.
 */
export const OPTION_LIMITS = {
	concurrency: { min: 1, max: 64 },
	maxRetries: { min: 0, max: 10 },
	retryDelayMs: { min: 0, max: 600_000 },
	maxRetryWaitMs: { min: 0, max: 600_000 },
	timeoutMs: { min: 100, max: 600_000 },
} as const;

export type NumericOption = keyof typeof OPTION_LIMITS;

export interface NodeOptions extends DeliverySettings {
	[key: string]: unknown;
}

/** A numeric option as the engine uses it: the default when unset or not a number, else held to OPTION_LIMITS. */
function numericOption(raw: Record<string, unknown>, name: NumericOption): number {
	const value = Number(raw[name]);
	if (raw[name] === undefined || raw[name] === '' || raw[name] === null || !Number.isFinite(value)) return DEFAULT_SETTINGS[name];
	return Math.min(OPTION_LIMITS[name].max, Math.max(OPTION_LIMITS[name].min, value));
}

/** Read the Options collection once per execution (it may hold expressions of item 0 only). */
export function readOptions(params: ParameterReader): NodeOptions {
	const raw = params.get<Record<string, unknown>>('options', 0, {});
	return {
		...raw,
		guarantee: toGuarantee(raw.delivery),
		concurrency: Math.floor(numericOption(raw, 'concurrency')),
		maxRetries: Math.floor(numericOption(raw, 'maxRetries')),
		retryDelayMs: numericOption(raw, 'retryDelayMs'),
		maxRetryWaitMs: numericOption(raw, 'maxRetryWaitMs'),
		timeoutMs: numericOption(raw, 'timeoutMs'),
		includeSent: raw.includeSent !== false,
		dryRun: raw.dryRun === true,
	};
}
