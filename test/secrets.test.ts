/**
 * Secrets never leave: recognisable secrets in every credential, every error
 * path provoked (400, 401, 429 exhausted, 500, a network error, a time-out,
 * a validation error, and Adrop's 200 "!invalid") for every operation of
 * every node, with and without Continue On Fail, and none of the secrets may
 * appear in output items, error messages, error descriptions, the error
 * object n8n keeps, the execution data, or anything logged (the node's
 * logger, n8n-core's error reporter and the workflow engine).
 */
import nock from 'nock';

import { forbidNetwork, intercept, type Reply } from './helpers/capture';
import { cases } from './helpers/operations';
import type { RunResult } from './helpers/harness';
import { captureLogs, runNode } from './helpers/harness';

const logs = captureLogs();

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
