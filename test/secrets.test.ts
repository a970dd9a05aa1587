/* eslint-disable @n8n/community-nodes/no-hardcoded-secrets -- recognisable fake secrets are the point of this test; never shipped */
/**
 * Secrets never leave: recognisable secrets in every credential, every error
 * path provoked, and none of them may appear in output items, error messages,
 * error descriptions, or anything the node logs.
 */
import { forbidNetwork, intercept, type Reply } from './helpers/capture';
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
}

const cases: Case[] = [
	{
		provider: 'Hackle track',
		node: 'hackle',
		credentials: { hackleApi: { sdkSecretKey: 'SECRET-hackle-sdk-7f3a9', apiKey: 'SECRET-hackle-api-2b8c1' } },
		secrets: ['SECRET-hackle-sdk-7f3a9', 'SECRET-hackle-api-2b8c1'],
		base: 'https://api.hackle.io',
		path: '/v1/track',
		parameters: { resource: 'event', operation: 'trackEvent', inputMode: 'auto' },
		item: { event: { key: 'purchase' }, user: { userId: 'u1' } },
		invalidItem: { event: { key: 'purchase' }, user: {} },
	},
	{
		provider: 'Hackle push',
		node: 'hackle',
		credentials: { hackleApi: { sdkSecretKey: 'SECRET-hackle-sdk-7f3a9', apiKey: 'SECRET-hackle-api-2b8c1' } },
		secrets: ['SECRET-hackle-sdk-7f3a9', 'SECRET-hackle-api-2b8c1'],
		base: 'https://api.hackle.io',
		path: '/v1/push-message/trigger/send',
		parameters: { resource: 'pushMessage', operation: 'sendPush', campaignKey: 1, inputMode: 'auto' },
		item: { userId: 'u1' },
		invalidItem: { email: 'x' },
	},
];

/** Error answers that echo the credential back, as a careless provider might. */
const faults: Array<[string, (secrets: string[]) => Reply, number]> = [
	['400', (s) => [400, { code: 'BAD', message: `bad request for key ${s[0]}` }], 1],
	['401', (s) => [401, { code: 'INVALID_API_KEY', message: `Invalid API key ${s[1]}` }], 1],
	['429 exhausted', (s) => [429, `slow down ${s[0]}`, { 'Retry-After': '0' }], 3],
	['500', (s) => [500, { error: `internal ${s.join(' ')}` }], 3],
];

const options = { retryDelayMs: 1, maxRetries: 2 };

function assertClean(secrets: string[], ...texts: unknown[]) {
	const haystack = JSON.stringify(texts) + logs.join('\n');
	for (const secret of secrets) expect(haystack).not.toContain(secret);
}

forbidNetwork();
beforeEach(() => logs.splice(0));

describe.each(cases)('$provider', (c) => {
	it.each(faults)('keeps secrets out of a %s answer', async (_name, reply, times) => {
		const { requests } = intercept(c.base, 'POST', c.path, () => reply(c.secrets), times);
		for (const continueOnFail of [true, false]) {
			if (!continueOnFail) intercept(c.base, 'POST', c.path, () => reply(c.secrets), times);
			const result = await runNode({
				node: c.node,
				parameters: { ...c.parameters, options },
				items: [c.item],
				credentials: c.credentials,
				continueOnFail,
			});
			if (continueOnFail) expect(result.items[0].json.success).toBe(false);
			else expect(result.error).toBeDefined();
			assertClean(c.secrets, result.items, result.error?.message, result.error?.description, result.error?.context);
		}
		// The secret really was on the wire (so the test could catch a leak).
		expect(JSON.stringify(requests[0].headers)).toContain(c.secrets[c.path.includes('push') ? 1 : 0]);
	});

	it('keeps secrets out of a network error', async () => {
		const nock = (await import('nock')).default;
		const reset = Object.assign(new Error(`socket hang up ${c.secrets[0]}`), { code: 'ECONNRESET' });
		nock(c.base).post(c.path).times(3).replyWithError(reset);
		const result = await runNode({
			node: c.node,
			parameters: { ...c.parameters, options },
			items: [c.item],
			credentials: c.credentials,
			continueOnFail: true,
		});
		expect(result.items[0].json.success).toBe(false);
		assertClean(c.secrets, result.items);
	});

	it('keeps secrets out of a validation error', async () => {
		const result = await runNode({
			node: c.node,
			parameters: { ...c.parameters, options },
			items: [c.invalidItem],
			credentials: c.credentials,
		});
		expect(result.error?.message).toContain('item 0');
		assertClean(c.secrets, result.items, result.error?.message, result.error?.description);
	});
});
