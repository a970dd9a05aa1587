/* eslint-disable @n8n/community-nodes/no-hardcoded-secrets -- recognisable fake secrets are the point of this test; never shipped */
/**
 * Secrets never leave: recognisable secrets in every credential, every error
 * path provoked (400, 401, 429 exhausted, 500, a network error, a time-out,
 * a validation error, and Adrop's 200 "!invalid") for every operation of
 * every node, with and without Continue On Fail, and none of the secrets may
 * appear in output items, error messages, error descriptions, the error
 * object n8n keeps, the execution data, or anything logged (the node's
 * logger, n8n-core's error reporter and the workflow engine).
 */
import { createHash } from 'node:crypto';
import nock from 'nock';

import { type Captured, forbidNetwork, intercept, type Reply } from './helpers/capture';
import type { RunResult } from './helpers/harness';
import { captureLogs, runNode } from './helpers/harness';

const logs = captureLogs();

interface Case {
	provider: string;
	node: string;
	credentials: Record<string, Record<string, string>>;
	secrets: string[];
	base: string;
	path: string;
	parameters: Record<string, unknown>;
	item: Record<string, unknown>;
	/** An item the node rejects before sending. */
	invalidItem: Record<string, unknown>;
	/** The request really used the secret (so a leak could have happened): checked on what the provider received. */
	usedSecret: (request: Captured) => void;
	/** Answers with status 2xx that this provider's judge still counts as failures. */
	refusals?: Array<[string, (secrets: string[]) => Reply]>;
}

const HACKLE = {
	node: 'hackle',
	credentials: { hackleApi: { sdkSecretKey: 'SECRET-hackle-sdk-7f3a9', apiKey: 'SECRET-hackle-api-2b8c1' } },
	secrets: ['SECRET-hackle-sdk-7f3a9', 'SECRET-hackle-api-2b8c1'],
	base: 'https://api.hackle.io',
};
const ADROP = {
	node: 'adrop',
	credentials: { adropApi: { apiKey: 'SECRET-adrop-appkey-5d2e8' } },
	secrets: ['SECRET-adrop-appkey-5d2e8'],
	base: 'https://api-v2.adrop.io',
	path: '/event',
	usedSecret: (request: Captured) => expect(request.headers.authorization).toBe('SECRET-adrop-appkey-5d2e8'),
	// Adrop answers 200 to an event it refuses; its judge accepts only {"message":"ok"}.
	refusals: [
		['200 "!invalid"', (s) => [200, { message: '!invalid', key: s[0] }]],
		['200 without "ok"', (s) => [200, `accepted? ${s[0]}`]],
	] as Array<[string, (secrets: string[]) => Reply]>,
};
// Quotes and a backslash on purpose: JSON escapes them, so a leak may show up escaped.
const TRAINTRACKS_SECRET = 'SECRET-traintracks-"pr\\oduct"-9a4c1';
const CHABOK = {
	node: 'chabok',
	credentials: { chabokApi: { accessToken: 'SECRET-chabok-token-3f8b2', environment: 'production', appId: 'myapp' } },
	secrets: ['SECRET-chabok-token-3f8b2'],
	base: 'https://myapp.push.adpdigital.com',
	usedSecret: (request: Captured) => expect(request.headers['x-access-token']).toBe('SECRET-chabok-token-3f8b2'),
};

const traintracksEvent = {
	build: '1.1.1',
	clientTimestamp: '2012-03-14T02:33:42.416587-07:00',
	data: { battleTime: 52030 },
	device: 'iPhone 5S',
	eventType: 'sword_battle',
	userId: '3dc6b97d-7388-11e4-bfb3-b8e8563b3f9a',
	userName: 'JaneDoe',
	sessionId: 'fff324c6-30a2-11e3-ad80-485d60066bda',
};

const cases: Case[] = [
	{
		provider: 'Hackle track',
		...HACKLE,
		path: '/v1/track',
		parameters: { resource: 'event', operation: 'trackEvent', inputMode: 'auto' },
		item: { event: { key: 'purchase' }, user: { userId: 'u1' } },
		invalidItem: { event: { key: 'purchase' }, user: {} },
		usedSecret: (request) => expect(request.headers['x-hackle-api-key']).toBe(HACKLE.secrets[0]),
	},
	{
		provider: 'Hackle push',
		...HACKLE,
		path: '/v1/push-message/trigger/send',
		parameters: { resource: 'pushMessage', operation: 'sendPush', campaignKey: 1, inputMode: 'auto' },
		item: { userId: 'u1' },
		invalidItem: { email: 'x' },
		usedSecret: (request) => expect(request.headers['x-hackle-api-key']).toBe(HACKLE.secrets[1]),
	},
	{
		provider: 'Adrop track event',
		...ADROP,
		parameters: { resource: 'event', operation: 'trackEvent', inputMode: 'auto' },
		item: { uid: 'u1', eventName: 'app_open' },
		invalidItem: { uid: 'u1', eventName: 'app_opened' },
	},
	{
		provider: 'Adrop track purchase',
		...ADROP,
		parameters: { resource: 'event', operation: 'trackPurchase', inputMode: 'auto' },
		item: { uid: 'u1', tx_id: 'T1', currency: 'KRW', items: [{ item_id: 'SKU-1', price: 1000 }] },
		invalidItem: { uid: 'u1', tx_id: 'T1', items: [] },
	},
	{
		provider: 'Traintracks send batch',
		node: 'traintracks',
		credentials: {
			traintracksApi: { productKey: 'a32e6578-17b7-11e4-930a-bc764e1c05e4', productSecret: TRAINTRACKS_SECRET },
		},
		secrets: [TRAINTRACKS_SECRET],
		base: 'https://api.traintracks.io',
		path: '/v1/events',
		parameters: { resource: 'event', operation: 'sendBatch', inputMode: 'auto' },
		item: traintracksEvent,
		invalidItem: { ...traintracksEvent, eventType: 'sword.battle' },
		// The secret signs the request and never travels: X-Product-Auth = md5(body + secret).
		usedSecret: (request) => {
			const expected = createHash('md5').update(`${request.rawBody}${TRAINTRACKS_SECRET}`, 'utf8').digest('hex');
			expect(request.headers['x-product-auth']).toBe(expected);
			expect(JSON.stringify(request.headers) + request.rawBody).not.toContain(TRAINTRACKS_SECRET);
		},
	},
	{
		provider: 'Chabok track event',
		...CHABOK,
		path: '/api/installations/track',
		parameters: { resource: 'event', operation: 'trackEvent', inputMode: 'auto' },
		item: { installationId: 'inst-1', eventName: 'open' },
		invalidItem: { eventName: 'open' },
	},
	{
		provider: 'Chabok track purchase',
		...CHABOK,
		path: '/api/installations/trackPurchase',
		parameters: { resource: 'purchase', operation: 'trackPurchase', inputMode: 'auto' },
		item: { userId: 'u1', eventName: 'buy', revenue: 25000, currency: 'RIAL' },
		invalidItem: { userId: 'u1', eventName: 'buy', revenue: 'lots' },
	},
];

/** Error answers that echo the credential back (in the body and a header), as a careless provider might. */
const faults: Array<[string, (secrets: string[]) => Reply, number]> = [
	['400', (s) => [400, { code: 'BAD', message: `bad request for key ${s.join(' ')}` }, { 'X-Debug-Key': s[0] }], 1],
	['401', (s) => [401, { code: 'INVALID_API_KEY', message: `Invalid API key ${s.join(' ')}` }], 1],
	['429 exhausted', (s) => [429, `slow down ${s.join(' ')}`, { 'Retry-After': '0' }], 3],
	// Not resent by default (the provider may have recorded it): one request.
	['500', (s) => [500, { error: `internal ${s.join(' ')}` }], 1],
	['503 exhausted', (s) => [503, { error: `unavailable ${s.join(' ')}` }], 3],
];

const options = { retryDelayMs: 1, maxRetries: 2 };

/** Everything of a value, errors included (message, stack, description, context, cause, …), as text. */
function dump(value: unknown): string {
	const seen = new WeakSet<object>();
	const walk = (v: unknown, depth: number): unknown => {
		if (typeof v === 'bigint' || typeof v === 'symbol' || typeof v === 'function') return String(v);
		if (v === null || typeof v !== 'object') return v;
		if (seen.has(v) || depth > 12) return '[seen]';
		seen.add(v);
		if (Array.isArray(v)) return v.map((entry) => walk(entry, depth + 1));
		const out: Record<string, unknown> = {};
		for (const key of Object.getOwnPropertyNames(v)) out[key] = walk((v as Record<string, unknown>)[key], depth + 1);
		return out;
	};
	return JSON.stringify(walk(value, 0)) ?? '';
}

/** What a user (or an operator reading logs) can see of an execution. */
function assertClean(secrets: string[], result: RunResult) {
	const haystack = [
		dump(result.items),
		dump(result.error),
		String(result.error?.message),
		String(result.error?.description),
		dump(result.error?.context),
		dump(result.run.data),
		logs.join('\n'),
	].join('\n');
	for (const secret of secrets) {
		expect(haystack).not.toContain(secret);
		// As JSON text writes it (quotes and backslashes escaped), and escaped twice (JSON inside JSON).
		const once = JSON.stringify(secret).slice(1, -1);
		expect(haystack).not.toContain(once);
		expect(haystack).not.toContain(JSON.stringify(once).slice(1, -1));
	}
}

function expectFailed(result: RunResult, continueOnFail: boolean) {
	if (continueOnFail) {
		expect(result.error).toBeUndefined();
		expect(result.items[0].json.success).toBe(false);
	} else {
		expect(result.error).toBeDefined();
	}
}

forbidNetwork();
beforeEach(() => logs.splice(0));

describe.each(cases)('$provider', (c) => {
	const run = (continueOnFail: boolean, item = c.item, extra: Record<string, unknown> = {}) =>
		runNode({
			node: c.node,
			parameters: { ...c.parameters, options: { ...options, ...extra } },
			items: [item],
			credentials: c.credentials,
			continueOnFail,
		});

	const answers = [...faults, ...(c.refusals ?? []).map(([name, reply]) => [name, reply, 1] as [string, typeof reply, number])];

	it.each(answers)('keeps secrets out of a %s answer', async (name, reply, times) => {
		for (const continueOnFail of [true, false]) {
			logs.splice(0);
			const { requests } = intercept(c.base, 'POST', c.path, () => reply(c.secrets), times);
			const result = await run(continueOnFail);
			expectFailed(result, continueOnFail);
			expect(requests).toHaveLength(times);
			// The secret really was used on the wire, so the test could catch a leak.
			c.usedSecret(requests[0]);
			// The answer echoing the secret was seen and shown, redacted.
			const shown = continueOnFail ? String(result.items[0].json.description) : String(result.error?.description);
			expect(shown).toContain('[redacted]');
			// Retries are logged (so the log capture works and could catch a leak).
			if (times > 1) expect(logs.join('\n')).toContain('retry 2 of 2');
			assertClean(c.secrets, result);
		}
	});

	it.each([
		// Never opened: resent (the retries are logged), then reported.
		['ECONNREFUSED', 3, /^\w+ did not accept item 0: the connection failed \(ECONNREFUSED\)/],
		// Dropped after the request was written: reported as possibly recorded, not resent.
		['ECONNRESET', 1, /^\w+ may have recorded item 0: the connection was dropped before an answer arrived \(ECONNRESET\)/],
	])('keeps secrets out of a network error (%s)', async (code, times, expected) => {
		for (const continueOnFail of [true, false]) {
			logs.splice(0);
			const failure = Object.assign(new Error(`socket hang up ${c.secrets.join(' ')}`), { code });
			const scope = nock(c.base).post(c.path).times(times).replyWithError(failure);
			const result = await run(continueOnFail);
			expect(scope.isDone()).toBe(true);
			expectFailed(result, continueOnFail);
			// The failure is reported on its own item, naming it (not n8n's generic text alone).
			const message = continueOnFail ? result.items[0].json.error : result.error?.message;
			expect(message).toMatch(expected);
			if (times > 1) expect(logs.join('\n')).toContain(`the connection failed (${code})`);
			assertClean(c.secrets, result);
		}
	});

	it('keeps secrets out of a time-out', async () => {
		for (const continueOnFail of [true, false]) {
			logs.splice(0);
			const scope = nock(c.base).post(c.path).delay(1000).reply(200, { message: 'ok', late: c.secrets });
			const result = await run(continueOnFail, c.item, { timeoutMs: 100 });
			expect(scope.isDone()).toBe(true);
			expectFailed(result, continueOnFail);
			const shown = continueOnFail ? String(result.items[0].json.description) : String(result.error?.description);
			expect(shown).toContain('No answer within 100 ms');
			assertClean(c.secrets, result);
			nock.abortPendingRequests();
		}
	});

	it('keeps secrets out of a validation error', async () => {
		for (const continueOnFail of [true, false]) {
			logs.splice(0);
			const result = await run(continueOnFail, c.invalidItem);
			expectFailed(result, continueOnFail);
			const message = continueOnFail ? result.items[0].json.error : result.error?.message;
			expect(message).toMatch(/^Invalid input in item 0: /);
			assertClean(c.secrets, result);
		}
	});
});
