/**
 * The README's trust promises, for every operation of every node, as the
 * provider (nock) sees them:
 * - no redirect is followed: a 3xx fails its items naming the status and the
 *   Location host, and the other host receives nothing (no body, no key);
 * - At Most Once (default): an answer lost after the provider may have
 *   recorded the request (502, a connection dropped after the request was
 *   written) is never resent, and the items say mayBeRecorded in every error
 *   mode (Continue On Fail on, off, error output); 429, 503 and a connection
 *   that never opened are resent;
 * - At Least Once (the user's choice): those are resent, and a success after
 *   a lost answer says it may be duplicated; Hackle Send Push stays At Most Once;
 * - hostile input and answers: `__proto__` keys and input nested deeper than
 *   64 levels are refused naming item and field (nothing sent for them, the
 *   other items still go); `constructor`/`prototype` keys are sent as given;
 *   a secret straddling the clip of a long answer, or buried 10,000 levels
 *   deep in one, does not leak;
 * - options set by expression are held to the UI's limits; a backoff wait
 *   ends when the execution is cancelled;
 * - Traintracks Remote-Address is read per item and batches follow it.
 */
import { createHash } from 'node:crypto';
import nock from 'nock';

import { MAX_DESCRIPTION_LENGTH } from '../nodes/shared/redact';
import type { Captured, Reply } from './helpers/capture';
import { forbidNetwork, intercept } from './helpers/capture';
import type { RunResult } from './helpers/harness';
import { runNode } from './helpers/harness';
import type { Case } from './helpers/operations';
import { cases, HACKLE, TRAINTRACKS_SECRET, traintracksEvent } from './helpers/operations';

forbidNetwork();
afterEach(() => {
	nock.abortPendingRequests();
	nock.cleanAll();
});

const OK: Reply = [200, { message: 'ok', dispatchId: 'd1' }];
const fast = { retryDelayMs: 1, maxRetries: 3 };
const isPush = (c: Case) => c.provider === 'Hackle push';

function run(c: Case, extra: Partial<Parameters<typeof runNode>[0]> = {}, options: Record<string, unknown> = {}): Promise<RunResult> {
	return runNode({
		node: c.node,
		parameters: { ...c.parameters, options: { ...fast, ...options } },
		items: [c.item],
		credentials: c.credentials,
		...extra,
	});
}

/** A second host that records whatever reaches it: a redirect must send it nothing. */
function otherHost(origin: string): Captured[] {
	const seen: Captured[] = [];
	for (const method of ['GET', 'POST', 'PUT'] as const) {
		nock(origin)
			.intercept(/.*/, method)
			.times(5)
			.reply(function (uri, body) {
				seen.push({ method, url: uri, headers: this.req.headers as Record<string, string>, rawBody: String(body), body });
				return [200, { message: 'ok' }];
			});
	}
	return seen;
}

describe.each(cases)('$provider', (c) => {
	describe('redirects', () => {
		it.each([301, 302, 303, 307, 308])('fails on %i, names the host, follows nothing', async (status) => {
			const seen = otherHost('https://collector.example.net');
			const { requests } = intercept(c.base, 'POST', c.path, () => [status, '', { Location: 'https://collector.example.net/v1/track?token=abc123' }], 1);
			const result = await run(c, { continueOnFail: true });
			expect(requests).toHaveLength(1);
			expect(seen).toEqual([]);
			const item = result.items[0].json;
			expect(item.success).toBe(false);
			expect(item.error).toContain(`HTTP ${status} redirect to host "collector.example.net" not followed`);
			expect(JSON.stringify(result.items)).not.toContain('abc123');
			// 303 "See Other" says the request was processed; the others say it was not.
			if (status === 303) expect(item.mayBeRecorded).toBe(true);
			else expect(item).not.toHaveProperty('mayBeRecorded');
		});

		it('fails on a plain-http redirect to another host, even with At Least Once', async () => {
			const seen = otherHost('http://collector.example.net');
			const { requests } = intercept(c.base, 'POST', c.path, () => [307, '', { Location: 'http://collector.example.net/steal' }], 1);
			const result = await run(c, {}, { delivery: 'atLeastOnce' });
			expect(requests).toHaveLength(1);
			expect(seen).toEqual([]);
			expect(result.error?.message).toContain('HTTP 307 redirect to host "collector.example.net" not followed');
		});
	});

	describe('lost answers, At Most Once (default)', () => {
		it.each([
			['a 502 after the provider stored it', (): void => void intercept(c.base, 'POST', c.path, () => [502, 'Bad Gateway'], 1), 'HTTP 502'],
			['a 500', (): void => void intercept(c.base, 'POST', c.path, () => [500, { error: 'internal' }], 1), 'HTTP 500'],
			['a 504', (): void => void intercept(c.base, 'POST', c.path, () => [504, 'Gateway Timeout'], 1), 'HTTP 504'],
			[
				'a connection dropped after the request was written',
				(): void => void nock(c.base).post(c.path).replyWithError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })),
				'the connection was dropped before an answer arrived (ECONNRESET)',
			],
		])('%s: sent once, items say mayBeRecorded in every error mode', async (_name, arrange, cause) => {
			// Continue On Fail on: an error item.
			arrange();
			const on = await run(c, { continueOnFail: true });
			expect(nock.isDone()).toBe(true);
			expect(on.items[0].json).toMatchObject({ success: false, mayBeRecorded: true });
			expect(on.items[0].json.error).toContain(`may have recorded item 0: ${cause}`);
			expect(on.items[0].json.description).toContain('it was not sent again (Delivery: At Most Once)');
			// Continue On Fail off: the execution error lists it.
			arrange();
			const off = await run(c);
			expect(nock.isDone()).toBe(true);
			expect(off.error?.message).toContain(`may have recorded item 0: ${cause}`);
			expect(off.error?.context).toMatchObject({ failedItems: [0], mayBeRecordedItems: [0] });
			expect(off.error?.description).toContain('may have recorded these: check before sending them again');
			// On Error → error output: the item there says so.
			arrange();
			const routed = await run(c, { onError: 'continueErrorOutput' });
			expect(nock.isDone()).toBe(true);
			expect(routed.items).toEqual([]);
			// (In a workflow n8n also adds the input item's fields; here the node is the first node.)
			expect(routed.errorItems[0].json).toMatchObject({ details: { success: false, mayBeRecorded: true } });
			expect(routed.errorItems[0].json.error).toContain(`may have recorded item 0: ${cause}`);
			expect(routed.errorItems[0].pairedItem).toEqual({ item: 0 });
		});

		it('resends after 429, 503 and a connection that never opened (nothing can have been recorded)', async () => {
			const answers: Array<Reply | 'refused'> = [[429, '', { 'Retry-After': '0' }], [503], 'refused', OK];
			const requests: string[] = [];
			for (const answer of answers) {
				const scope = nock(c.base).post(c.path);
				if (answer === 'refused') {
					scope.replyWithError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));
				} else {
					scope.reply((_uri, body) => {
						requests.push(JSON.stringify(body));
						return answer;
					});
				}
			}
			const result = await run(c);
			expect(result.error).toBeUndefined();
			expect(nock.isDone()).toBe(true);
			expect(new Set(requests).size).toBe(1);
			expect(result.items[0].json).toMatchObject({ success: true, request: { attempts: 4 } });
			expect(result.items[0].json.request).not.toHaveProperty('mayBeDuplicated');
		});
	});

	describe('lost answers, At Least Once', () => {
		it(isPush(c) ? 'is ignored: a push is never resent after 502' : 'resends after 502 and says the event may be recorded twice', async () => {
			const { requests } = intercept(c.base, 'POST', c.path, (_r, n) => (n === 0 ? [502, 'Bad Gateway'] : OK), isPush(c) ? 1 : 2);
			const result = await run(c, { continueOnFail: true }, { delivery: 'atLeastOnce' });
			if (isPush(c)) {
				expect(requests).toHaveLength(1);
				expect(result.items[0].json).toMatchObject({ success: false, mayBeRecorded: true });
				return;
			}
			expect(requests).toHaveLength(2);
			expect(requests[1].rawBody).toBe(requests[0].rawBody);
			expect(result.items[0].json).toMatchObject({ success: true, request: { attempts: 2, mayBeDuplicated: true } });
		});
	});
});

describe('hostile input', () => {
	const hackleTrack = cases.find((c) => c.provider === 'Hackle track') as Case;
	const traintracks = cases.find((c) => c.provider === 'Traintracks send batch') as Case;
	const chabokEvent = cases.find((c) => c.provider === 'Chabok track event') as Case;
	const protoObject = (inner: unknown) => JSON.parse(`{"__proto__": ${JSON.stringify(inner)}, "plan": "pro"}`) as Record<string, unknown>;
	const nested = (levels: number): Record<string, unknown> => {
		const root: Record<string, unknown> = {};
		let at = root;
		for (let i = 0; i < levels; i++) at = at.a = {} as Record<string, unknown>;
		return root;
	};

	it.each([
		['Hackle event.properties (Map Automatically)', hackleTrack, { event: { key: 'k', properties: protoObject({ admin: true }) }, user: { userId: 'u1' } }, 'event.properties.__proto__'],
		['Traintracks data (Map Automatically)', traintracks, { ...traintracksEvent, data: protoObject(1) }, 'data.__proto__'],
		['Chabok eventData (Map Automatically)', chabokEvent, { ...chabokEvent.item, data: protoObject('x') }, 'data.__proto__'],
		['a whole item', hackleTrack, JSON.parse('{"__proto__": {"polluted": true}, "event": {"key": "k"}, "user": {"userId": "u1"}}'), '__proto__'],
	])('refuses an own __proto__ key in %s, naming item and field; the other items go', async (_name, c, bad, field) => {
		const { requests } = intercept(c.base, 'POST', c.path, () => OK, 1);
		const result = await runNode({
			node: c.node,
			parameters: { ...c.parameters, options: fast },
			items: [c.item, bad as Record<string, unknown>],
			credentials: c.credentials,
			continueOnFail: true,
		});
		expect(requests).toHaveLength(1);
		expect(JSON.stringify(requests[0].body)).not.toContain('__proto__');
		expect(result.items[0].json.success).toBe(true);
		expect(result.items[1].json.success).toBe(false);
		expect(result.items[1].json.error).toBe(
			`Invalid input in item 1: ${field} is a key that cannot be sent: JavaScript drops "__proto__" from objects, so it would be lost silently; rename it`,
		);
	});

	it.each([
		['the JSON object field', { eventPropertiesMode: 'json', eventPropertiesJson: '{"__proto__": {"x": 1}}' }],
		['the key/value list', { eventProperties: { property: [{ key: '__proto__', value: 'x' }] } }],
	])('refuses __proto__ typed into %s (Define Below)', async (_name, fields) => {
		const result = await runNode({
			node: 'hackle',
			parameters: { resource: 'event', operation: 'trackEvent', inputMode: 'define', eventKey: 'k', userId: 'u1', ...fields },
			items: [{}],
			credentials: HACKLE.credentials,
		});
		expect(result.error?.message).toBe(
			'Invalid input in item 0: event.properties.__proto__ is a key that cannot be sent: JavaScript drops "__proto__" from objects, so it would be lost silently; rename it',
		);
	});

	it('sends constructor and prototype keys as given', async () => {
		const { requests } = intercept(hackleTrack.base, 'POST', hackleTrack.path, () => OK, 1);
		const properties = { constructor: 'c', prototype: 'p', toString: 't', hasOwnProperty: 1 };
		const result = await runNode({
			node: 'hackle',
			parameters: hackleTrack.parameters,
			items: [{ event: { key: 'k', properties }, user: { userId: 'u1' } }],
			credentials: hackleTrack.credentials,
		});
		expect(result.error).toBeUndefined();
		expect(requests[0].rawBody).toBe(JSON.stringify({ event: { key: 'k', properties }, user: { userId: 'u1' } }));
	});

	it.each([
		['Hackle event.properties', hackleTrack, (deep: unknown) => ({ event: { key: 'k', properties: { deep } }, user: { userId: 'u1' } }), 'event.properties.deep.a.a'],
		['Traintracks data', traintracks, (deep: unknown) => ({ ...traintracksEvent, data: { deep } }), 'data.deep.a.a'],
	])('refuses input nested 20,000 levels in %s with an error naming item and field', async (_name, c, make, prefix) => {
		const { requests } = intercept(c.base, 'POST', c.path, () => OK, 1);
		const result = await runNode({
			node: c.node,
			parameters: { ...c.parameters, options: fast },
			items: [c.item, make(nested(20_000))],
			credentials: c.credentials,
			continueOnFail: true,
		});
		expect(requests).toHaveLength(1);
		expect(result.items[0].json.success).toBe(true);
		const error = String(result.items[1].json.error);
		expect(error).toMatch(/^Invalid input in item 1: /);
		expect(error).toContain(prefix);
		expect(error).toContain('is nested deeper than 64 levels; flatten it before sending');
	});
});

describe('hostile answers', () => {
	const c = cases.find((x) => x.provider === 'Hackle track') as Case;
	const secret = c.secrets[0];
	const dumpOf = (result: RunResult) =>
		JSON.stringify({ items: result.items, message: result.error?.message, description: result.error?.description, context: result.error?.context });

	it('redacts a secret that straddles the clip of a long error body', async () => {
		for (const cut of [MAX_DESCRIPTION_LENGTH - 20, 1990, 2000 - 5]) {
			const body = `${'x'.repeat(cut)}${secret}${'y'.repeat(5000)}`;
			intercept(c.base, 'POST', c.path, () => [400, body], 1);
			for (const continueOnFail of [true, false]) {
				if (!continueOnFail) intercept(c.base, 'POST', c.path, () => [400, body], 1);
				const result = await run(c, { continueOnFail });
				const dump = dumpOf(result);
				expect(dump).toContain('[redacted]');
				expect(dump).not.toContain(secret.slice(0, 8));
			}
		}
	});

	it('redacts a secret buried 10,000 levels deep in an answer, without a stack overflow', async () => {
		const deepAnswer = `${'{"a":'.repeat(10_000)}"${secret}"${'}'.repeat(10_000)}`;
		intercept(c.base, 'POST', c.path, () => [400, deepAnswer], 1);
		const result = await run(c, { continueOnFail: true });
		expect(result.items[0].json.success).toBe(false);
		expect(result.items[0].json.error).toContain('HTTP 400');
		expect(dumpOf(result)).not.toContain(secret.slice(0, 8));
	});
});

describe('options set by expression are held to the UI limits', () => {
	const c = cases.find((x) => x.provider === 'Chabok track event') as Case;

	it('Max Retries 1000 retries at most 10 times', async () => {
		const { requests } = intercept(c.base, 'POST', c.path, () => [503], 11);
		const result = await run(c, { continueOnFail: true }, { maxRetries: '={{ 1000 }}', retryDelayMs: 0 });
		expect(requests).toHaveLength(11);
		expect(result.items[0].json.description).toContain('Gave up after 11 attempts');
	});

	it('Max Retry Wait above 10 minutes is capped: a Retry-After of an hour is not waited for', async () => {
		const { requests } = intercept(c.base, 'POST', c.path, () => [429, '', { 'Retry-After': '3600' }], 1);
		const result = await run(c, { continueOnFail: true }, { maxRetryWaitMs: '={{ 1e12 }}' });
		expect(requests).toHaveLength(1);
		expect(result.items[0].json.description).toContain('asked to wait 3600 s (Retry-After), longer than the Max Retry Wait option; not retried');
	});

	it.each([['-5'], ['garbage'], ['Wed, 31 Dec 2025 23:00:00 GMT']])('a Retry-After of %j falls back to backoff, not an immediate retry', async (value) => {
		const times: number[] = [];
		intercept(c.base, 'POST', c.path, (_r, n) => {
			times.push(Date.now());
			return n === 0 ? [429, '', { 'Retry-After': value }] : OK;
		}, 2);
		const result = await run(c, {}, { retryDelayMs: 400, maxRetries: 1 });
		expect(result.error).toBeUndefined();
		// Backoff with equal jitter waits at least half the initial delay.
		expect(times[1] - times[0]).toBeGreaterThanOrEqual(200);
	});
});

describe('cancellation', () => {
	const c = cases.find((x) => x.provider === 'Adrop track event') as Case;

	it('ends a backoff wait when the execution is cancelled, and sends nothing more', async () => {
		const { requests } = intercept(c.base, 'POST', c.path, () => [503, '', { 'Retry-After': '120' }], 1);
		const started = Date.now();
		await runNode({
			node: c.node,
			parameters: { ...c.parameters, options: { maxRetries: 3, maxRetryWaitMs: 600_000 } },
			items: [c.item],
			credentials: c.credentials,
			cancelAfterMs: 500,
		});
		// The node would otherwise wait 120 s before its next attempt.
		expect(Date.now() - started).toBeLessThan(30_000);
		expect(requests).toHaveLength(1);
	});
});

describe('Traintracks Remote-Address per item', () => {
	const c = cases.find((x) => x.provider === 'Traintracks send batch') as Case;
	const event = (n: number) => ({ ...traintracksEvent, userName: `user-${n}` });

	it('reads the option for each item and signs one array per address', async () => {
		const { requests } = intercept(c.base, 'POST', c.path, () => [200, ''], 2);
		const items = [
			{ event: event(0), ip: '203.0.113.1' },
			{ event: event(1), ip: '2001:db8::2' },
			{ event: event(2), ip: '203.0.113.1' },
			{ event: event(3), ip: 'client.example.com' },
		];
		const result = await runNode({
			node: 'traintracks',
			parameters: { ...c.parameters, sourcePath: 'event', options: { remoteAddress: '={{ $json.ip }}' } },
			items,
			credentials: c.credentials,
			continueOnFail: true,
		});
		expect(requests.map((r) => [r.headers['remote-address'], (r.body as Array<{ userName: string }>).map((e) => e.userName)])).toEqual([
			['203.0.113.1', ['user-0', 'user-2']],
			['2001:db8::2', ['user-1']],
		]);
		for (const request of requests) {
			expect(request.headers['x-product-auth']).toBe(createHash('md5').update(`${request.rawBody}${TRAINTRACKS_SECRET}`, 'utf8').digest('hex'));
		}
		expect(result.items.map((item) => item.json.success)).toEqual([true, true, true, false]);
		expect(result.items[3].json.error).toBe('Invalid input in item 3: The Remote Address option is not an IPv4 or IPv6 address ("client.example.com")');
	});
});
