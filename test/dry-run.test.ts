/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- a jest suite: never compiled into dist/ nor shipped; it reads README.md to test its example */
/**
 * Dry Run (Options → Dry Run, every node): the same items run twice, once for
 * real (nock records what the provider receives) and once dry (a recorder on
 * the same host must receive nothing). The dry run's requests must be the real
 * run's, byte for byte: method, URL, body, every header the node or the
 * credential sets (credential values masked, the Traintracks signature too),
 * the same grouping into requests, the same errors for invalid items, and no
 * secret anywhere in the output, the errors or the logs. Run over the
 * documents' examples and over inputs that make several requests.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { INodeTypeDescription } from 'n8n-workflow';
import nock from 'nock';

import { MASKED } from '../nodes/shared/connection';
import { answeringChabokBulk, forbidNetwork, intercept } from './helpers/capture';
import type { RunResult } from './helpers/harness';
import { captureLogs, runNode } from './helpers/harness';
import { exampleCases, TRAINTRACKS, traintracksEvent } from './helpers/operations';

const logs = captureLogs();
forbidNetwork();
afterEach(() => nock.cleanAll());

/** Headers the HTTP client adds on the wire; a dry run cannot know them and does not claim to. */
const TRANSPORT_HEADERS = new Set(['host', 'connection', 'accept-encoding', 'user-agent', 'content-length']);

type Case = (typeof exampleCases)[number] & { options?: Record<string, unknown>; invalid?: Record<string, unknown> };

const bigCases: Case[] = [
	{
		...exampleCases.find((c) => c.name === 'Traintracks Send Batch')!,
		name: 'Traintracks Send Batch, 250 events in batches of 100',
		items: Array.from({ length: 250 }, (_, n) => ({ ...traintracksEvent, userName: `user-${n}` })),
		invalid: { ...traintracksEvent, eventType: 'sword.battle' },
	},
	{
		...exampleCases.find((c) => c.name === 'Traintracks Send Batch')!,
		name: 'Traintracks Send Batch, Remote-Address per item',
		parameters: { resource: 'event', operation: 'sendBatch', inputMode: 'auto', sourcePath: 'event', options: {} },
		options: { remoteAddress: '={{ $json.ip }}' },
		items: [0, 1, 2, 3].map((n) => ({ event: { ...traintracksEvent, userName: `user-${n}` }, ip: n % 2 ? '203.0.113.9' : '2001:db8::1' })),
	},
	{
		...exampleCases.find((c) => c.name === 'Hackle Send Push')!,
		name: 'Hackle Send Push, 120 users (3 requests)',
		items: Array.from({ length: 120 }, (_, n) => ({ userId: `user-${n}` })),
		invalid: { email: 'nobody' },
	},
	{
		...exampleCases.find((c) => c.name === 'Chabok Track Event (bulk by installation)')!,
		name: 'Chabok Track Event, bulk of 1,200 (2 requests)',
		items: Array.from({ length: 1200 }, (_, n) => ({ installationId: `inst-${n}`, eventName: 'open' })),
		invalid: { eventName: 'open' },
	},
];

const allCases: Case[] = [...exampleCases, ...bigCases];

function run(c: Case, extraOptions: Record<string, unknown>, items = c.items): Promise<RunResult> {
	return runNode({
		node: c.node,
		parameters: { ...c.parameters, options: { ...c.options, ...extraOptions } },
		items,
		credentials: c.credentials,
		continueOnFail: true,
	});
}

interface ShownRequest {
	number: number;
	of: number;
	entries: number;
	method: string;
	url: string;
	headers: Record<string, string>;
	body?: string;
	bodyShownOnItem?: number;
}

describe.each(allCases)('Dry Run: $name', (c) => {
	it('shows exactly the requests a real run sends, and sends nothing', async () => {
		const { requests: real } = intercept(c.base, 'POST', /.*/, answeringChabokBulk(() => [200, { message: 'ok', dispatchId: 'd1' }]), 50);
		const realRun = await run(c, {});
		nock.cleanAll();
		expect(realRun.items.every((item) => item.json.success === true)).toBe(true);

		const { requests: leaked } = intercept(c.base, 'POST', /.*/, () => [200, { message: 'ok' }], 50);
		logs.splice(0);
		const dry = await run(c, { dryRun: true });
		expect(leaked).toEqual([]);
		expect(dry.error).toBeUndefined();
		expect(dry.items).toHaveLength(c.items.length);

		// The requests the dry run shows, each once, with its whole body.
		const shown = new Map<number, ShownRequest>();
		dry.items.forEach((item, i) => {
			expect(item.json).toMatchObject({ dryRun: true, valid: true });
			expect(item.pairedItem).toEqual({ item: i });
			const request = item.json.request as unknown as ShownRequest;
			// Same request number, count and size as the real run's item says.
			expect({ number: request.number, of: request.of, entries: request.entries }).toEqual({
				number: (realRun.items[i].json.request as { number: number }).number,
				of: real.length,
				entries: (realRun.items[i].json.request as { entries: number }).entries,
			});
			if (request.body !== undefined) shown.set(request.number, request);
			else expect(dry.items[request.bodyShownOnItem!].json.request).toMatchObject({ number: request.number });
		});
		expect(shown.size).toBe(real.length);

		// Each real request has its dry twin: same method, URL, bytes, headers.
		for (const wire of real) {
			const twin = [...shown.values()].find((r) => r.body === wire.rawBody) as ShownRequest;
			expect(twin).toBeDefined();
			expect(twin.method).toBe(wire.method);
			expect(twin.url).toBe(wire.url);
			const shownHeaders = Object.fromEntries(Object.entries(twin.headers).map(([k, v]) => [k.toLowerCase(), v]));
			const wireHeaders = Object.fromEntries(Object.entries(wire.headers).filter(([k]) => !TRANSPORT_HEADERS.has(k)));
			expect(Object.keys(shownHeaders).sort()).toEqual(Object.keys(wireHeaders).sort());
			for (const [name, value] of Object.entries(shownHeaders)) {
				if (value === MASKED) expect(wireHeaders[name]).not.toBe(MASKED);
				else expect(value).toBe(wireHeaders[name]);
			}
		}
		// Every credential-derived header is masked.
		const masked = new Set([...shown.values()].flatMap((r) => Object.entries(r.headers).filter(([, v]) => v === MASKED).map(([k]) => k.toLowerCase())));
		expect(masked.size).toBeGreaterThan(0);

		const everything = JSON.stringify(dry.items) + logs.join('\n');
		for (const secret of c.secrets) {
			expect(everything).not.toContain(secret);
			expect(everything).not.toContain(JSON.stringify(secret).slice(1, -1));
		}
	});

	if (c.invalid) {
		it('gives an invalid item the same error as a real run, and sends nothing', async () => {
			const items = [...c.items.slice(0, 3), c.invalid!];
			intercept(c.base, 'POST', /.*/, answeringChabokBulk(() => [200, { message: 'ok', dispatchId: 'd1' }]), 10);
			const realRun = await run(c, {}, items);
			nock.cleanAll();
			const { requests: leaked } = intercept(c.base, 'POST', /.*/, () => [200, { message: 'ok' }], 10);
			const dry = await run(c, { dryRun: true }, items);
			expect(leaked).toEqual([]);
			expect(dry.items[3].json).toEqual(realRun.items[3].json);
			expect(dry.items[3].json.success).toBe(false);
			// Without Continue On Fail the dry run stops with the same error.
			const stopped = await runNode({ node: c.node, parameters: { ...c.parameters, options: { ...c.options, dryRun: true } }, items, credentials: c.credentials });
			expect(stopped.error?.message).toBe(realRun.items[3].json.error);
			expect(leaked).toEqual([]);
		});
	}
});

it('masks the Traintracks signature, computed over the exact bytes shown', async () => {
	const c = exampleCases.find((x) => x.name === 'Traintracks Send Batch')!;
	const dry = await runNode({ node: c.node, parameters: { ...c.parameters, options: { dryRun: true } }, items: c.items, credentials: TRAINTRACKS.credentials });
	const request = dry.items[0].json.request as unknown as ShownRequest;
	expect(request.headers).toMatchObject({ 'X-Product-Key': MASKED, 'X-Product-Auth': MASKED, 'Content-Type': 'application/json' });
	expect(JSON.parse(request.body!)).toHaveLength(c.items.length);
});

it('is offered on every operation of every node (also as an AI tool parameter)', async () => {
	const { loadPackage } = await import('./helpers/harness');
	const loader = await loadPackage();
	for (const name of ['hackle', 'adrop', 'traintracks', 'chabok']) {
		const { properties } = loader.getNode(name).type.description as INodeTypeDescription;
		const optionSets = properties.filter((p) => p.name === 'options');
		expect(optionSets.length).toBeGreaterThan(0);
		for (const set of optionSets) {
			expect((set.options ?? []).map((o) => o.name)).toContain('dryRun');
		}
	}
});

it("matches the README's Try it first example", async () => {
	const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
	const section = readme.slice(readme.indexOf('### Try it first: Dry Run'));
	const shown = JSON.parse(section.slice(section.indexOf('```json') + 7, section.indexOf('```', section.indexOf('```json') + 7))) as { payload: unknown };
	const { requests: leaked } = intercept('https://api.hackle.io', 'POST', /.*/, () => [200, ''], 1);
	const dry = await runNode({
		node: 'hackle',
		parameters: { resource: 'event', operation: 'trackEvent', inputMode: 'auto', options: { dryRun: true } },
		items: [shown.payload as Record<string, unknown>],
		credentials: { hackleApi: { sdkSecretKey: 'sdk-secret-for-readme', apiKey: 'api-secret-for-readme' } },
	});
	expect(leaked).toEqual([]);
	expect(dry.items[0].json).toEqual(shown);
});
