/**
 * The "Include Sent Payload" option (every node): turned off, the output items
 * carry everything but the payload sent (`sent`; `users` for Hackle Send
 * Push), and the provider receives exactly the same
 * requests. Run over the documents' examples for every operation.
 */
import nock from 'nock';

import { forbidNetwork, intercept } from './helpers/capture';
import examples from './fixtures/api-doc-examples.json';
import { runNode } from './helpers/harness';

const TRAINTRACKS_PRODUCT_UUID = 'a32e6578-17b7-11e4-930a-bc764e1c05e4';
const HACKLE = { node: 'hackle', credentials: { hackleApi: { sdkSecretKey: 'sdk-key', apiKey: 'api-key' } }, base: 'https://api.hackle.io' };
const ADROP = { node: 'adrop', credentials: { adropApi: { apiKey: 'app-key' } }, base: 'https://api-v2.adrop.io' };
const CHABOK = {
	node: 'chabok',
	credentials: { chabokApi: { accessToken: 'token', environment: 'production', appId: 'myapp' } },
	base: 'https://myapp.push.adpdigital.com',
};

const cases: Array<{
	name: string;
	node: string;
	credentials: Record<string, Record<string, string>>;
	base: string;
	parameters: Record<string, unknown>;
	items: Array<Record<string, unknown>>;
	/** The output field with the payload as sent. */
	sentField?: string;
}> = [
	{
		name: 'Hackle Track Event',
		...HACKLE,
		parameters: { resource: 'event', operation: 'trackEvent', inputMode: 'auto' },
		items: [examples.hackle.track],
	},
	{
		name: 'Hackle Send Push',
		...HACKLE,
		parameters: { resource: 'pushMessage', operation: 'sendPush', campaignKey: 1, inputMode: 'auto' },
		items: examples.hackle.push.users,
		sentField: 'users',
	},
	{
		name: 'Adrop Track Event',
		...ADROP,
		parameters: { resource: 'event', operation: 'trackEvent', inputMode: 'auto' },
		items: [examples.adrop.viewItem],
	},
	{
		name: 'Adrop Track Purchase',
		...ADROP,
		parameters: { resource: 'event', operation: 'trackPurchase', inputMode: 'auto' },
		items: [examples.adrop.purchase],
	},
	{
		name: 'Traintracks Send Batch',
		node: 'traintracks',
		credentials: { traintracksApi: { productKey: TRAINTRACKS_PRODUCT_UUID, productSecret: 'secret' } },
		base: 'https://api.traintracks.io',
		parameters: { resource: 'event', operation: 'sendBatch', inputMode: 'auto' },
		items: examples.traintracks.batch,
	},
	{
		name: 'Chabok Track Event (bulk by installation)',
		...CHABOK,
		parameters: { resource: 'event', operation: 'trackEvent', inputMode: 'auto' },
		items: [examples.chabok.trackByInstallation, { ...examples.chabok.trackByInstallation, installationId: 'INSTALLATION_2' }],
	},
	{
		name: 'Chabok Track Purchase',
		...CHABOK,
		parameters: { resource: 'purchase', operation: 'trackPurchase', inputMode: 'auto' },
		items: [examples.chabok.purchaseByUser],
	},
];

forbidNetwork();

describe('Option Include Sent Payload', () => {
	it.each(cases)('$name: off leaves out only the payload sent; the provider gets the same requests', async (c) => {
		const field = c.sentField ?? 'sent';
		const run = async (options: Record<string, unknown>) => {
			const { requests } = intercept(c.base, 'POST', /.*/, () => [200, { message: 'ok' }], 10);
			const result = await runNode({ node: c.node, parameters: { ...c.parameters, options }, items: c.items, credentials: c.credentials });
			expect(result.error).toBeUndefined();
			nock.cleanAll(); // the unused rest of the 10 answers
			return { requests: requests.map(({ method, url, headers, rawBody }) => ({ method, url, headers, rawBody })), items: result.items };
		};
		const full = await run({});
		const lean = await run({ includeSent: false });

		expect(full.requests.length).toBeGreaterThan(0);
		expect(lean.requests).toEqual(full.requests);
		expect(full.items).toHaveLength(c.items.length);
		expect(lean.items).toHaveLength(c.items.length);
		full.items.forEach((item, i) => {
			expect(item.json.success).toBe(true);
			expect(item.json[field]).toBeDefined();
			const rest = { ...item.json };
			delete rest[field];
			expect(lean.items[i].json).toEqual(rest);
			expect(lean.items[i].json).not.toHaveProperty(field);
			expect(lean.items[i].pairedItem).toEqual(item.pairedItem);
		});
	});
});
