// The fake-provider framework: an HTTP server on 127.0.0.1 that checks each
// request against a provider's document (the provider module's routes),
// records every request as received (raw bytes, every header) and every
// accepted event in a ledger, and injects faults on command, reproducibly.
//
// Each request record: seq, at (arrival, ISO), method, path, url, headers, rawBody, body, fault,
// status, responseBody, responseHeaders (those the fake added), answeredAt (epoch ms of the
// answer or the reset; absent while hanging), outcome, accepted (events recorded).
//
// Control, in process:   fake.inject(fault, { times, path }), fake.setFaultRate({ seed, rate, faults, path }),
//                        fake.clearFaults(), fake.reset(), fake.ledger, fake.requests
// Control, over HTTP (same port, under /__fake/):
//   GET  /__fake/ledger      GET /__fake/requests     GET /__fake/stats
//   GET  /__fake/other-host  (what the other host of the redirect faults received)
//   POST /__fake/faults      { "inject": [{ "fault": "500", "times": 2, "path": "/v1/track" }] }
//                            { "rate": { "seed": 7, "rate": 0.2, "faults": ["500", "reset", ...] } }
//   DELETE /__fake/faults    POST /__fake/reset
//
// Faults (a string shorthand or an object { kind, ... }):
//   "400" "401" "429" "500" "502" "503"       that status, the provider's usual error body; nothing recorded
//   "429-retry-after" / "503-retry-after"     with Retry-After in seconds ({ retryAfter: n }, default 1)
//   "429-retry-after-date"                    with Retry-After as an HTTP-date ({ retryAfter: n } seconds ahead)
//   "documented:<CODE>"                       a documented error body of the provider (e.g. documented:INVALID_API_KEY)
//   "reset"                                   TCP reset after the body arrived, no answer; nothing recorded
//   "reset-early"                             TCP reset before the body was read (inject only: a seeded
//                                             rate decides by the body, so after reading it)
//   "hang"                                    no answer until the client gives up ({ record: true } to record first)
//   "malformed" / "empty"                     200 with a cut-off JSON / empty body; the events ARE recorded
//   "slow"                                    the normal answer after { ms } (default 1000)
// Lost answers: the provider recorded the request, the client never learns it.
//   "record-then-502"                         the events ARE recorded, then a gateway's 502 (an HTML page)
//   "record-then-drop"                        the events ARE recorded, then the socket is closed, no answer
// Partly recorded, and said so (a provider with `partialAnswer`: Chabok's trackBulk "n" of the events):
//   "partial"                                 only the first { keep } events (default: half, rounded down) are
//                                             recorded; the answer counts them and does not say which
// Redirects: a 3xx whose Location is the same path on the other host
// (other-host.mjs; `fake.otherHost`, set by startFakes), plus REDIRECT_QUERY.
//   "redirect-307" / "redirect-308"           nothing recorded
//   "redirect-303"                            the events ARE recorded first (See Other: the request was handled)
//   { kind: "redirect", status, record?, location? }
// A fault that answers 200 or records (malformed, empty, slow, hang+record,
// record-then-*, redirect-303) runs the document checks first: an invalid
// request still gets its error answer.
//
// Fast mode (`new FakeProvider(provider, { fast: true })`, for `npm run bench`):
// no faults, no per-request record and no document checks. Each request is
// answered at once from the provider's `fast` routes (the key checked, the
// events counted, the usual success body) and only counted: requests, events,
// answers by status, requests in flight (now and at most), and an
// order-independent digest of the events received (the sum of the md5 of each
// event's JSON with sorted keys), so two workflows can be shown to have handed
// the provider the same events. `fake.fastStats()`, `fake.resetFast()`;
// `fake.fastLatencyMs = 20` answers each request after 20 ms instead (a
// provider's network latency, so a client's requests in flight show).
import crypto from 'node:crypto';
import http from 'node:http';

import { closeServer } from '../lib/procs.mjs';
import { REDIRECT_QUERY } from './other-host.mjs';

const STATUS_FAULTS = new Set([400, 401, 403, 404, 409, 413, 422, 429, 500, 502, 503, 504]);

/** Normalise a fault given as "500", "429-retry-after", "documented:X" or an object. */
export function parseFault(fault) {
	if (fault && typeof fault === 'object') return { ...fault };
	const text = String(fault);
	const documented = /^documented:(.+)$/.exec(text);
	if (documented) return { kind: 'documented', code: documented[1] };
	const retry = /^(429|503)-retry-after(-date)?$/.exec(text);
	if (retry) return { kind: 'status', status: Number(retry[1]), retryAfter: 1, retryAfterForm: retry[2] ? 'date' : 'seconds' };
	if (/^\d{3}$/.test(text) && STATUS_FAULTS.has(Number(text))) return { kind: 'status', status: Number(text) };
	if (['reset', 'reset-early', 'hang', 'malformed', 'empty', 'slow', 'record-then-502', 'record-then-drop', 'partial'].includes(text)) return { kind: text };
	const redirect = /^redirect-(30[123478])$/.exec(text);
	if (redirect) return { kind: 'redirect', status: Number(redirect[1]), record: redirect[1] === '303' };
	throw new Error(`unknown fault "${text}"`);
}

function sha256(text) {
	return crypto.createHash('sha256').update(text).digest();
}

/**
 * @param {object} provider  { name, routes: { 'POST /path': (request, ctx) => Answer }, errorBody(status), documented: { CODE: { status, body } } }
 *   Answer: { status, body?, headers?, accepted?: events[], rejected?: string }
 */
export class FakeProvider {
	constructor(provider, options = {}) {
		this.provider = provider;
		this.name = provider.name;
		this.options = options;
		this.seed = options.seed ?? 1;
		this.fast = Boolean(options.fast);
		this.fastLatencyMs = 0;
		this.reset();
		this.hanging = new Set();
	}

	reset() {
		this.requests = [];
		this.ledger = [];
		this.queue = [];
		this.rate = undefined;
		this.occurrences = new Map();
		this.counter = 0;
		this.resetFast();
	}

	/** Fast mode's counters back to zero (between benchmark runs). */
	resetFast() {
		this.counts = { requests: 0, events: 0, bytes: 0, byStatus: {}, inFlight: 0, peakInFlight: 0, digest: 0n, rejected: [] };
	}

	fastStats() {
		const { digest, ...rest } = this.counts;
		return { ...rest, digest: digest.toString(16).padStart(16, '0') };
	}

	/** The next `times` requests (to `path`, when given) meet `fault`. */
	inject(fault, { times = 1, path } = {}) {
		this.queue.push({ fault: parseFault(fault), remaining: times, path });
		return this;
	}

	/**
	 * About `rate` of the requests (to `path`) meet one of `faults` (weighted
	 * equally, or [fault, weight] pairs). The decision for a request is a hash
	 * of (seed, path, raw body, how often this exact body came before): the
	 * same requests meet the same faults in any arrival order, retries included.
	 */
	setFaultRate({ seed = this.seed, rate, faults, path } = {}) {
		const weighted = faults.map((f) => (Array.isArray(f) ? { fault: parseFault(f[0]), weight: f[1] } : { fault: parseFault(f), weight: 1 }));
		// A seeded decision needs the body, so it comes too late for a reset before the body is read.
		if (weighted.some((w) => w.fault.kind === 'reset-early')) throw new Error('"reset-early" can only be injected (inject), not given a rate: the seeded decision reads the body first');
		this.rate = { seed, rate, faults: weighted, path };
		return this;
	}

	clearFaults() {
		this.queue = [];
		this.rate = undefined;
		return this;
	}

	/** The fault for this request, if any (queue first, then the seeded rate). */
	pickFault(path, rawBody) {
		const queued = this.queue.find((q) => q.remaining > 0 && (!q.path || q.path === path));
		if (queued) {
			queued.remaining--;
			this.queue = this.queue.filter((q) => q.remaining > 0);
			return queued.fault;
		}
		if (!this.rate || (this.rate.path && this.rate.path !== path)) return undefined;
		const key = `${path}|${rawBody}`;
		const occurrence = this.occurrences.get(key) ?? 0;
		this.occurrences.set(key, occurrence + 1);
		const digest = sha256(`${this.rate.seed}|${key}|${occurrence}`);
		if (digest.readUInt32BE(0) / 2 ** 32 >= this.rate.rate) return undefined;
		const total = this.rate.faults.reduce((sum, f) => sum + f.weight, 0);
		let pick = (digest.readUInt32BE(4) / 2 ** 32) * total;
		for (const f of this.rate.faults) {
			if ((pick -= f.weight) < 0) return f.fault;
		}
		return this.rate.faults.at(-1).fault;
	}

	/** Where a redirect fault points: the same path on the other host, with a query a client's error must not show. */
	redirectLocation(path) {
		if (!this.otherHost?.baseUrl) throw new Error(`${this.name}: a redirect fault needs fake.otherHost (startFakes sets it) or the fault's location`);
		return `${this.otherHost.baseUrl}${path}?${REDIRECT_QUERY}`;
	}

	/** A reproducible id (dispatch ids and the like) from the seed and a counter. */
	nextId() {
		const hex = sha256(`${this.seed}|${this.name}|${this.counter++}`).toString('hex');
		return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
	}

	async start(port = 0) {
		this.server = http.createServer((req, res) => this.handle(req, res));
		this.server.keepAliveTimeout = 5000;
		await new Promise((resolve, reject) => {
			this.server.once('error', reject);
			// Fast mode meets n8n's HTTP Request node, which may open thousands of connections at once.
			this.server.listen({ port, host: '127.0.0.1', ...(this.fast ? { backlog: 4096 } : {}) }, resolve);
		});
		this.port = this.server.address().port;
		this.baseUrl = `http://127.0.0.1:${this.port}`;
		return this.baseUrl;
	}

	async stop() {
		if (!this.server) return;
		for (const res of this.hanging) res.socket?.destroy();
		await closeServer(this.server);
		this.server = undefined;
	}

	stats() {
		const byStatus = {};
		for (const r of this.requests) {
			const key = r.fault ? `${r.status ?? 'none'} (${r.fault.kind}${r.fault.status ? ` ${r.fault.status}` : ''})` : String(r.status);
			byStatus[key] = (byStatus[key] ?? 0) + 1;
		}
		return { provider: this.name, requests: this.requests.length, accepted: this.ledger.length, byStatus };
	}

	handle(req, res) {
		const url = new URL(req.url, 'http://fake');
		if (url.pathname.startsWith('/__fake/')) return this.control(req, res, url);
		if (this.fast) return this.handleFast(req, res, url);
		const route = `${req.method} ${url.pathname}`;
		const headers = {};
		for (const [key, value] of Object.entries(req.headers)) headers[key.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
		const record = { seq: this.requests.length + 1, at: new Date().toISOString(), method: req.method, path: url.pathname, url: req.url, headers };

		// Faults that act before the body is read.
		const early = this.queue.find((q) => q.remaining > 0 && q.fault.kind === 'reset-early' && (!q.path || q.path === url.pathname));
		if (early) {
			this.pickFault(url.pathname, '');
			this.requests.push({ ...record, rawBody: '', fault: early.fault, status: undefined, outcome: 'reset before the body', answeredAt: Date.now() });
			req.socket.resetAndDestroy ? req.socket.resetAndDestroy() : req.socket.destroy();
			return;
		}

		const chunks = [];
		req.on('data', (chunk) => chunks.push(chunk));
		req.on('end', () => {
			const raw = Buffer.concat(chunks);
			const rawBody = raw.toString('utf8');
			let body;
			let parseError;
			try {
				body = rawBody ? JSON.parse(rawBody) : undefined;
			} catch (error) {
				parseError = error.message;
			}
			const entry = { ...record, rawBody, rawBytes: raw, body };
			this.requests.push(entry);
			const fault = this.pickFault(url.pathname, rawBody);
			entry.fault = fault;
			this.respond(entry, { route, parseError, fault }, req, res);
		});
	}

	handleFast(req, res, url) {
		// A client's warm-up requests (header x-bench-warmup) are answered alike but not counted.
		const counts = req.headers['x-bench-warmup'] ? { inFlight: 0, peakInFlight: 0, requests: 0, bytes: 0, events: 0, digest: 0n, byStatus: {}, rejected: [] } : this.counts;
		counts.inFlight++;
		if (counts.inFlight > counts.peakInFlight) counts.peakInFlight = counts.inFlight;
		let done = false;
		const finish = () => {
			if (done) return;
			done = true;
			counts.inFlight--;
		};
		res.on('finish', finish);
		res.on('close', finish);
		const chunks = [];
		req.on('data', (chunk) => chunks.push(chunk));
		req.on('end', () => {
			const raw = Buffer.concat(chunks);
			counts.requests++;
			counts.bytes += raw.length;
			const route = `${req.method} ${url.pathname}`;
			const handler = this.provider.fast?.[route];
			let answer;
			try {
				answer = handler ? handler({ headers: req.headers, raw, body: JSON.parse(raw.toString('utf8')) }) : { status: 404, body: { message: `no route ${route}` }, rejected: `no route ${route}` };
			} catch (error) {
				answer = { status: 400, body: { message: error.message }, rejected: error.message };
			}
			counts.byStatus[answer.status] = (counts.byStatus[answer.status] ?? 0) + 1;
			if (answer.rejected && counts.rejected.length < 5) counts.rejected.push(answer.rejected);
			for (const event of answer.events ?? []) {
				counts.events++;
				counts.digest = (counts.digest + crypto.createHash('md5').update(canonicalJson(event)).digest().readBigUInt64BE(0)) & 0xffffffffffffffffn;
			}
			const text = answer.body === undefined ? '' : JSON.stringify(answer.body);
			const send = () => {
				res.writeHead(answer.status, text ? { 'Content-Type': 'application/json' } : {});
				res.end(text);
			};
			if (this.fastLatencyMs > 0) setTimeout(send, this.fastLatencyMs);
			else send();
		});
	}

	respond(entry, { route, parseError, fault }, req, res) {
		const send = (status, body, extraHeaders = {}) => {
			entry.status = status;
			entry.answeredAt = Date.now();
			entry.responseHeaders = extraHeaders;
			const text = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
			entry.responseBody = text;
			const type = text && typeof body !== 'string' ? { 'Content-Type': 'application/json' } : text ? { 'Content-Type': 'text/plain' } : {};
			res.writeHead(status, { ...type, ...extraHeaders });
			res.end(text);
		};
		const reset = () => {
			entry.outcome = 'connection reset';
			entry.answeredAt = Date.now();
			req.socket.resetAndDestroy ? req.socket.resetAndDestroy() : req.socket.destroy();
		};
		const hang = () => {
			entry.outcome = 'no answer (hang)';
			this.hanging.add(res);
			res.on('close', () => this.hanging.delete(res));
		};
		const redirect = () => {
			const location = fault.location ?? this.redirectLocation(entry.path);
			entry.outcome = `${entry.outcome ? `${entry.outcome}, then ` : ''}redirect ${fault.status} to ${location}`;
			return send(fault.status, undefined, { Location: location });
		};

		// Faults that answer without looking at the request: nothing is recorded.
		if (fault?.kind === 'status') {
			const headers = {};
			if (fault.retryAfter !== undefined) {
				headers['Retry-After'] =
					fault.retryAfterForm === 'date' ? new Date(Date.now() + fault.retryAfter * 1000).toUTCString() : String(fault.retryAfter);
			}
			entry.outcome = `fault ${fault.status}`;
			return send(fault.status, fault.body ?? this.provider.errorBody?.(fault.status), { ...headers, ...fault.headers });
		}
		if (fault?.kind === 'documented') {
			const doc = this.provider.documented?.[fault.code];
			if (!doc) throw new Error(`${this.name} has no documented error ${fault.code}`);
			entry.outcome = `fault ${fault.code}`;
			return send(doc.status, doc.body);
		}
		if (fault?.kind === 'reset') return reset();
		if (fault?.kind === 'hang' && !fault.record) return hang();
		if (fault?.kind === 'redirect' && !fault.record) return redirect();

		// The document's checks.
		const handler = this.provider.routes[route];
		let answer;
		if (!handler) answer = { status: 404, body: { message: `no route ${route}` }, rejected: `no route ${route}` };
		else if (parseError !== undefined) answer = this.provider.badJson?.(entry, parseError) ?? { status: 400, body: { message: `invalid JSON: ${parseError}` }, rejected: `invalid JSON: ${parseError}` };
		else answer = handler(entry, this);
		if (fault?.kind === 'partial' && !answer.rejected) {
			if (!this.provider.partialAnswer) throw new Error(`${this.name} has no partial answer (the "partial" fault)`);
			const all = answer.accepted ?? [];
			answer = this.provider.partialAnswer(answer, all.slice(0, fault.keep ?? Math.floor(all.length / 2)));
			entry.outcome = `partly accepted: ${answer.accepted.length} of ${all.length}`;
		}
		entry.rejected = answer.rejected;
		const accepted = answer.accepted ?? [];
		for (const [index, event] of accepted.entries()) {
			this.ledger.push({ provider: this.name, route, request: entry.seq, index, event });
		}
		entry.accepted = accepted.length;
		entry.outcome ??= answer.rejected ? `rejected: ${answer.rejected}` : `accepted ${accepted.length}`;

		if (accepted.length > 0 || !answer.rejected) {
			if (fault?.kind === 'hang') return hang();
			if (fault?.kind === 'malformed') return send(200, '{"message":"ok","dispatch', { 'Content-Type': 'application/json' });
			if (fault?.kind === 'empty') return send(200, '', { 'Content-Type': 'application/json' });
			if (fault?.kind === 'redirect') return redirect();
			if (fault?.kind === 'record-then-502') {
				entry.outcome = `${entry.outcome}, then 502 (answer lost)`;
				return send(502, '<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>', { 'Content-Type': 'text/html' });
			}
			if (fault?.kind === 'record-then-drop') {
				entry.outcome = `${entry.outcome}, then the connection closed (answer lost)`;
				entry.answeredAt = Date.now();
				req.socket.destroy();
				return;
			}
			if (fault?.kind === 'slow') {
				setTimeout(() => send(answer.status, answer.body, answer.headers), fault.ms ?? 1000);
				return;
			}
		}
		return send(answer.status, answer.body, answer.headers);
	}

	control(req, res, url) {
		const chunks = [];
		req.on('data', (c) => chunks.push(c));
		req.on('end', () => {
			const reply = (status, body) => {
				res.writeHead(status, { 'Content-Type': 'application/json' });
				res.end(JSON.stringify(body));
			};
			try {
				const input = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {};
				const what = `${req.method} ${url.pathname}`;
				if (what === 'GET /__fake/ledger') return reply(200, this.ledger);
				if (what === 'GET /__fake/requests') return reply(200, this.requests.map(({ rawBytes, ...r }) => r));
				if (what === 'GET /__fake/stats') return reply(200, this.stats());
				if (what === 'GET /__fake/other-host') return reply(200, this.otherHost?.requests ?? []);
				if (what === 'POST /__fake/reset') return reply(200, (this.reset(), { ok: true }));
				if (what === 'DELETE /__fake/faults') return reply(200, (this.clearFaults(), { ok: true }));
				if (what === 'POST /__fake/faults') {
					for (const q of input.inject ?? []) this.inject(q.fault, q);
					if (input.rate) this.setFaultRate(input.rate);
					return reply(200, { ok: true, queued: this.queue.length, rate: Boolean(this.rate) });
				}
				return reply(404, { message: `no control ${what}` });
			} catch (error) {
				return reply(400, { message: error.message });
			}
		});
	}
}

// ---- small checks shared by the provider modules -------------------------

/** JSON text with object keys sorted at every level: the same event gives the same text whatever its key order. */
export function canonicalJson(value) {
	if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
	if (value !== null && typeof value === 'object') {
		return `{${Object.keys(value)
			.sort()
			.map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key])}`)
			.join(',')}}`;
	}
	return JSON.stringify(value);
}

export const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
export const isScalar = (v) => typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));
export const isNonEmptyString = (v) => typeof v === 'string' && v.length > 0;
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Collects problems with a body: `check(cond, path, message)`; `problems` at the end. */
export function checker() {
	const problems = [];
	return {
		problems,
		check(condition, path, message) {
			if (!condition) problems.push(`${path} ${message}`);
			return Boolean(condition);
		},
		onlyKeys(object, allowed, path) {
			for (const key of Object.keys(object)) {
				if (!allowed.includes(key)) problems.push(`${path ? `${path}.` : ''}${key} is not a documented field`);
			}
		},
	};
}

/** The request's Content-Type must be JSON (every document sends application/json). */
export function isJsonContentType(request) {
	return /^application\/json\b/i.test(request.headers['content-type'] ?? '');
}
