import type { HttpResult } from './http';

/** A failed attempt, as far as resending is concerned. */
export interface Fault {
	/** Worth sending again at all (a 400 is not: the same body is refused again). */
	retry?: boolean;
	/** The provider may have recorded the request although the attempt failed. */
	mayBeRecorded?: boolean;
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

/** A status answer: 429 and 503 ask us to come back; other 5xx may have been recorded; 303 says it was processed. */
export function statusFault(statusCode: number): Fault {
	if (statusCode === 429 || statusCode === 503) return { retry: true };
	if (statusCode >= 500) return { retry: true, mayBeRecorded: true };
	if (statusCode === 303) return { retry: false, mayBeRecorded: true };
	return { retry: false };
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

