import nock from 'nock';

/** One request as the provider received it. */
export interface Captured {
	method: string;
	url: string;
	headers: Record<string, string>;
	rawBody: string;
	body: unknown;
}

export type Reply = [number, unknown?, Record<string, string>?];

/**
 * Intercept `times` requests to `base` + `path` and record each exactly as it
 * arrived (raw body bytes included). `respond` decides the answer per request.
 */
export function intercept(
	base: string,
	method: 'POST' | 'GET',
	path: string | RegExp,
	respond: (request: Captured, index: number) => Reply = () => [200, { message: 'ok' }],
	times = 1,
): { requests: Captured[]; scope: nock.Scope } {
	const requests: Captured[] = [];
	const scope = nock(base)
		.intercept(path, method)
		.times(times)
		.reply(function () {
			const rawBody = Buffer.concat(
				((this.req as unknown as { requestBodyBuffers?: Buffer[] }).requestBodyBuffers ?? []) as Buffer[],
			).toString('utf8');
			const headers: Record<string, string> = {};
			for (const [key, value] of Object.entries(this.req.headers)) headers[key.toLowerCase()] = String(value);
			const request: Captured = {
				method: this.req.method ?? method,
				url: `${base}${this.req.path}`,
				headers,
				rawBody,
				body: rawBody ? JSON.parse(rawBody) : undefined,
			};
			requests.push(request);
			const [status, body, replyHeaders] = respond(request, requests.length - 1);
			return [status, body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body), replyHeaders ?? {}];
		});
	return { requests, scope };
}

/** The headers n8n's request helper adds to every JSON call of ours, besides authentication. */
export function baseHeaders(rawBody: string): Record<string, string> {
	return {
		accept: 'application/json',
		'content-type': 'application/json',
		'content-length': String(Buffer.byteLength(rawBody)),
		'user-agent': 'n8n',
		'accept-encoding': 'gzip, compress, deflate, br',
		connection: 'close',
		host: '',
	};
}

/** Assert-ready copy of received headers: host dropped (it follows the URL, asserted separately). */
export function withoutHost(headers: Record<string, string>): Record<string, string> {
	return { ...headers, host: '' };
}

/** Fail the test on any request nobody intercepted (nothing may leave for invalid items). */
export function forbidNetwork(): void {
	beforeAll(() => nock.disableNetConnect());
	afterEach(() => nock.cleanAll());
	afterAll(() => nock.enableNetConnect());
}

/** Chabok's documented answer to a trackBulk array: every event queued, `{"queued": true, "n": <events>}`. */
export function chabokQueuedAll(request: Captured): Reply {
	return [200, { queued: true, n: (request.body as unknown[]).length }];
}

/**
 * A responder for suites that run every provider with one success answer:
 * a Chabok trackBulk array gets Chabok's documented answer (all queued),
 * anything else `respond`'s. Without it the bulk's answer would not count
 * its events and the node would rightly report them as maybe not queued.
 */
export function answeringChabokBulk(respond: (request: Captured, index: number) => Reply): (request: Captured, index: number) => Reply {
	return (request, index) =>
		request.url.endsWith('/api/installations/trackBulk') && Array.isArray(request.body) ? chabokQueuedAll(request) : respond(request, index);
}
