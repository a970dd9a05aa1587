/**
 * The Define Below parameter sets of test/fixtures/define-below.json (the
 * same ones the real-n8n suite runs from a Webhook): each, given an item that
 * holds a document example, makes the provider receive exactly that example's
 * bytes, the same request as Map Automatically on the same item.
 */
import nock from 'nock';

import sets from './fixtures/define-below.json';
import examples from './fixtures/api-doc-examples.json';
import { forbidNetwork, intercept } from './helpers/capture';
import { runNode } from './helpers/harness';
import { exampleCases } from './helpers/operations';

forbidNetwork();

type DefineSet = { node: string; example: string; array?: boolean; parameters: Record<string, unknown> };
const named = Object.entries(sets).filter(([name]) => !name.startsWith('_')) as Array<[string, DefineSet]>;

const exampleAt = (path: string): Record<string, unknown> =>
	path.split('.').reduce<unknown>((at, key) => (at as Record<string, unknown>)[key], examples) as Record<string, unknown>;

/** Where each node's requests go, and its credential (from the shared operations table). */
function target(node: string) {
	const c = exampleCases.find((x) => x.node === node)!;
	return { base: c.base, credentials: c.credentials };
}

async function requestsFor(node: string, parameters: Record<string, unknown>, item: Record<string, unknown>) {
	const { base, credentials } = target(node);
	const { requests } = intercept(base, 'POST', /.*/, () => [200, { message: 'ok', dispatchId: 'd1', count: 1 }], 5);
	const result = await runNode({ node, parameters, items: [item], credentials });
	nock.cleanAll();
	expect(result.error).toBeUndefined();
	return requests;
}

it('covers every operation of every node', () => {
	const covered = new Set(named.map(([, set]) => `${set.node}:${set.parameters.resource}:${set.parameters.operation}`));
	expect([...covered].sort()).toEqual(
		['adrop:event:trackEvent', 'adrop:event:trackPurchase', 'chabok:event:trackEvent', 'chabok:purchase:trackPurchase', 'hackle:event:trackEvent', 'hackle:pushMessage:sendPush', 'traintracks:event:sendBatch'].sort(),
	);
});

describe.each(named)('%s', (_name, set) => {
	it("sends the document example's bytes, the same request as Map Automatically", async () => {
		const example = exampleAt(set.example);
		const [defined] = await requestsFor(set.node, set.parameters, example);
		expect(defined.rawBody).toBe(JSON.stringify(set.array ? [example] : example));

		const { resource, operation, campaignKey } = set.parameters;
		const auto = { resource, operation, inputMode: 'auto', ...(campaignKey ? { campaignKey, sourcePath: 'users' } : {}) };
		const [mapped] = await requestsFor(set.node, auto, example);
		expect(mapped.rawBody).toBe(defined.rawBody);
		expect(mapped.url).toBe(defined.url);
		expect(mapped.headers).toEqual(defined.headers);
	});
});
