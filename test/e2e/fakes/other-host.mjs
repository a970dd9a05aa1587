// The "other host" of the redirect faults (server.mjs): a second server on
// another origin that a fake provider's 3xx `Location` points at. It records
// every request it receives (method, URL, every header, the raw body) and
// answers 200 {"message":"ok"}, as a host that swallowed a redirected request
// might: a client that follows the redirect would then even report success.
// The suites assert it received nothing: no body, no provider key.
//
// It listens on 127.0.0.2 (another host name, loopback only; Linux routes all
// of 127.0.0.0/8 to the loopback interface), or, where that address cannot be
// bound, on another port of 127.0.0.1 (another origin all the same).
import http from 'node:http';

import { closeServer } from '../lib/procs.mjs';

/** In every redirect's Location: a client's error may name the host, never this query. */
export const REDIRECT_QUERY = 'sig=e2e-redirect-query-secret';

/** The headers that carry a provider's secrets (lower case, as Node reports them). */
export const SECRET_HEADERS = ['x-hackle-api-key', 'x-access-token', 'x-product-key', 'x-product-auth', 'authorization'];

export class OtherHost {
	constructor() {
		this.name = 'other-host';
		this.reset();
	}

	reset() {
		this.requests = [];
	}

	async start() {
		for (const host of ['127.0.0.2', '127.0.0.1']) {
			const server = http.createServer((req, res) => this.handle(req, res));
			try {
				await new Promise((resolve, reject) => {
					server.once('error', reject);
					server.listen({ port: 0, host }, resolve);
				});
			} catch (error) {
				if (host === '127.0.0.2' && ['EADDRNOTAVAIL', 'EINVAL'].includes(error.code)) continue;
				throw error;
			}
			this.server = server;
			this.host = host;
			this.port = server.address().port;
			this.baseUrl = `http://${host}:${this.port}`;
			return this.baseUrl;
		}
		throw new Error('the other host could not listen');
	}

	async stop() {
		if (!this.server) return;
		await closeServer(this.server);
		this.server = undefined;
	}

	handle(req, res) {
		const headers = {};
		for (const [key, value] of Object.entries(req.headers)) headers[key.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
		const chunks = [];
		req.on('data', (chunk) => chunks.push(chunk));
		req.on('end', () => {
			this.requests.push({ seq: this.requests.length + 1, at: new Date().toISOString(), method: req.method, url: req.url, headers, rawBody: Buffer.concat(chunks).toString('utf8') });
			res.writeHead(200, { 'Content-Type': 'application/json' });
			res.end('{"message":"ok"}');
		});
	}

	/** What the requests since `from` carried, in words (empty: nothing arrived). */
	leaks(from = 0) {
		return this.requests.slice(from).map((r) => {
			const secrets = SECRET_HEADERS.filter((h) => h in r.headers);
			return `the other host ${this.baseUrl} received ${r.method} ${r.url} with ${r.rawBody.length} body bytes${secrets.length ? ` and ${secrets.join(', ')}` : ''}`;
		});
	}
}
