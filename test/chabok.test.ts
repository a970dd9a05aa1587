import type { IDataObject } from 'n8n-workflow';
import { DateTime } from 'luxon';
import nock from 'nock';

import type { Captured } from './helpers/capture';
import { baseHeaders, chabokQueuedAll, forbidNetwork, intercept, withoutHost } from './helpers/capture';
import type { RunResult } from './helpers/harness';
import examples from './fixtures/api-doc-examples.json';
import { runNode } from './helpers/harness';
import { readDoc, workflowBlocks } from './helpers/markdown';

const ACCESS = 'fake-chabok-access-7f3e9a1c';
const APP_ID = 'myapp';
const PRODUCTION = 'https://myapp.push.adpdigital.com';
const SANDBOX = 'https://sandbox.push.adpdigital.com';
const credentials = { chabokApi: { accessToken: ACCESS, environment: 'production', appId: APP_ID } };
const sandboxCredentials = { chabokApi: { accessToken: ACCESS, environment: 'sandbox' } };
const fast = { retryDelayMs: 2, maxRetries: 3 };

// The four JSON examples of Chabok's send-event document (004_…txt), in its key order.
const TRACK_BY_INSTALLATION = examples.chabok.trackByInstallation;
const TRACK_BY_USER = examples.chabok.trackByUser;
const PURCHASE_BY_INSTALLATION = examples.chabok.purchaseByInstallation;
const PURCHASE_BY_USER = examples.chabok.purchaseByUser;

// The eventData example of the same document (types: ISO date string, boolean, number, array).
const EVENT_DATA_DOC = examples.chabok.eventData;

// The bulk curl example of Chabok's bulk-send-event page (sandbox host, installation IDs, no eventTime).
const BULK_CURL_BODY = [
	{ installationId: '123456789', eventName: 'addToCart', eventData: { productId: 12345, productName: 'milk' } },
	{ installationId: '876543', eventName: 'purchase', eventData: { productId: 7890, productName: 'fish' } },
];

type Params = IDataObject;

const trackDefine = (identifyBy: 'installationId' | 'userId', extra: Params = {}): Params => ({
	resource: 'event',
	operation: 'trackEvent',
	identifyBy,
	[identifyBy]: identifyBy === 'installationId' ? 'INSTALLATION_ID' : 'USER_ID',
	eventName: 'EVENT_NAME',
	additionalFields: { eventTime: '1575965125110' },
	...extra,
});

const purchaseDefine = (identifyBy: 'installationId' | 'userId', extra: Params = {}): Params => ({
	resource: 'purchase',
	operation: 'trackPurchase',
	identifyBy,
	[identifyBy]: identifyBy === 'installationId' ? 'INSTALLATION_ID' : 'USER_ID',
	eventName: 'EVENT_NAME',
	revenue: 25000,
	additionalFields: { currency: 'RIAL', eventTime: '1575965125110' },
	...extra,
});

const trackAuto = (extra: Params = {}): Params => ({ resource: 'event', operation: 'trackEvent', inputMode: 'auto', ...extra });
const purchaseAuto = (extra: Params = {}): Params => ({
	resource: 'purchase',
	operation: 'trackPurchase',
	inputMode: 'auto',
	...extra,
});

const TRACK = '/api/installations/track';
const BULK = '/api/installations/trackBulk';
const PURCHASE = '/api/installations/trackPurchase';

/** Count what reaches any host a Chabok node could be tricked into calling (nock refuses every other host). */
function watchAllHosts(): () => number {
	const hosts = [PRODUCTION, SANDBOX, 'https://evil.com', 'https://evil.com.push.adpdigital.com', 'https://a.b.push.adpdigital.com'];
	const watched = hosts.map((host) => intercept(host, 'POST', /.*/, () => [200], 10).requests);
	return () => watched.reduce((sum, requests) => sum + requests.length, 0);
}

function body<T = Record<string, unknown>>(request: Captured): T {
	return request.body as T;
}

forbidNetwork();

describe('Chabok: the document examples, byte for byte', () => {
	const cases: Array<[string, string, Params, Params, IDataObject]> = [
		['track by installation', TRACK, trackDefine('installationId'), trackAuto(), TRACK_BY_INSTALLATION],
		['track by user', TRACK, trackDefine('userId'), trackAuto(), TRACK_BY_USER],
		['trackPurchase by installation', PURCHASE, purchaseDefine('installationId'), purchaseAuto(), PURCHASE_BY_INSTALLATION],
		['trackPurchase by user', PURCHASE, purchaseDefine('userId'), purchaseAuto(), PURCHASE_BY_USER],
	];

	describe.each(cases)('%s', (_name, path, defineParams, autoParams, example) => {
		const expectExample = (result: RunResult, request: Captured) => {
			expect(result.error).toBeUndefined();
			expect(request.method).toBe('POST');
			expect(request.url).toBe(`${PRODUCTION}${path}`);
			expect(request.headers.host).toBe('myapp.push.adpdigital.com');
			expect(request.rawBody).toBe(JSON.stringify(example));
			expect(withoutHost(request.headers)).toEqual({ ...baseHeaders(request.rawBody), 'x-access-token': ACCESS });
			expect(result.items).toHaveLength(1);
			expect(result.items[0].json).toMatchObject({ success: true, statusCode: 200, sent: example });
			expect(result.items[0].pairedItem).toEqual({ item: 0 });
		};

		it('Define Below', async () => {
			const { requests, scope } = intercept(PRODUCTION, 'POST', path, () => [200, { ok: true }]);
			const result = await runNode({ node: 'chabok', parameters: defineParams, items: [{}], credentials });
			expect(scope.isDone()).toBe(true);
			expectExample(result, requests[0]);
			expect(result.items[0].json.response).toEqual({ ok: true });
		});

		it('Map Automatically (whole item)', async () => {
			const { requests } = intercept(PRODUCTION, 'POST', path, () => [200, { ok: true }]);
			const result = await runNode({ node: 'chabok', parameters: autoParams, items: [{ ...example }], credentials });
			expectExample(result, requests[0]);
		});

		it('Map Automatically with Source Path, keys in another order', async () => {
			const { requests } = intercept(PRODUCTION, 'POST', path, () => [200, { ok: true }]);
			const shuffled = Object.fromEntries(Object.entries(example).reverse());
			expect(JSON.stringify(shuffled)).not.toBe(JSON.stringify(example));
			const result = await runNode({
				node: 'chabok',
				parameters: { ...autoParams, sourcePath: 'body.event' },
				items: [{ headers: { host: 'n8n' }, body: { event: shuffled } }],
				credentials,
			});
			expectExample(result, requests[0]);
		});
	});

	it('reproduces the bulk curl example of the document on the sandbox host, to trackBulk (Map Automatically)', async () => {
		const { requests } = intercept(SANDBOX, 'POST', BULK, chabokQueuedAll);
		const result = await runNode({
			node: 'chabok',
			parameters: trackAuto(),
			items: BULK_CURL_BODY.map((event) => ({ ...event })),
			credentials: sandboxCredentials,
		});
		expect(result.error).toBeUndefined();
		expect(requests).toHaveLength(1);
		expect(requests[0].url).toBe(`${SANDBOX}${BULK}`);
		expect(requests[0].rawBody).toBe(JSON.stringify(BULK_CURL_BODY));
		expect(withoutHost(requests[0].headers)).toEqual({ ...baseHeaders(requests[0].rawBody), 'x-access-token': ACCESS });
	});

	it('sends the same bulk bytes from Define Below with expressions', async () => {
		const { requests } = intercept(SANDBOX, 'POST', BULK, chabokQueuedAll);
		const result = await runNode({
			node: 'chabok',
			parameters: {
				resource: 'event',
				operation: 'trackEvent',
				installationId: '={{ $json.installationId }}',
				eventName: '={{ $json.eventName }}',
				eventDataMode: 'json',
				eventDataJson: '={{ $json.eventData }}',
			},
			items: BULK_CURL_BODY.map((event) => ({ ...event })),
			credentials: sandboxCredentials,
		});
		expect(result.error).toBeUndefined();
		expect(requests[0].rawBody).toBe(JSON.stringify(BULK_CURL_BODY));
	});

	it('keeps the eventData types of the document (ISO string, boolean, number, array) in both modes', async () => {
		const expected = JSON.stringify({ ...TRACK_BY_INSTALLATION, eventData: EVENT_DATA_DOC });
		const { requests } = intercept(PRODUCTION, 'POST', TRACK, () => [200], 2);
		const define = await runNode({
			node: 'chabok',
			parameters: trackDefine('installationId', { eventDataMode: 'json', eventDataJson: JSON.stringify(EVENT_DATA_DOC) }),
			items: [{}],
			credentials,
		});
		const auto = await runNode({
			node: 'chabok',
			parameters: trackAuto(),
			items: [{ ...TRACK_BY_INSTALLATION, eventData: EVENT_DATA_DOC }],
			credentials,
		});
		expect(define.error).toBeUndefined();
		expect(auto.error).toBeUndefined();
		expect(requests.map((r) => r.rawBody)).toEqual([expected, expected]);
	});

	it('key/value event data keeps the types expressions give', async () => {
		const { requests } = intercept(PRODUCTION, 'POST', TRACK, () => [200]);
		const result = await runNode({
			node: 'chabok',
			parameters: trackDefine('installationId', {
				eventData: {
					property: [
						{ key: 'orderDate', value: '2020-02-06T12:12:25.408Z' },
						{ key: 'isNew', value: '={{ true }}' },
						{ key: 'avgOrder', value: '={{ 2.4 }}' },
						{ key: 'categories', value: '={{ ["comedy", "action"] }}' },
					],
				},
			}),
			items: [{}],
			credentials,
		});
		expect(result.error).toBeUndefined();
		expect(requests[0].rawBody).toBe(JSON.stringify({ ...TRACK_BY_INSTALLATION, eventData: EVENT_DATA_DOC }));
	});

	it('omits eventTime when it is not set (Chabok stamps the time of receipt) and sends eventData {} when empty', async () => {
		const { requests } = intercept(PRODUCTION, 'POST', PURCHASE, () => [200], 2);
		const define = await runNode({
			node: 'chabok',
			parameters: purchaseDefine('userId', { additionalFields: {} }),
			items: [{}],
			credentials,
		});
		const auto = await runNode({
			node: 'chabok',
			parameters: purchaseAuto(),
			items: [{ userId: 'USER_ID', eventName: 'EVENT_NAME', revenue: 25000 }],
			credentials,
		});
		expect(define.error).toBeUndefined();
		expect(auto.error).toBeUndefined();
		const expected = '{"userId":"USER_ID","eventName":"EVENT_NAME","revenue":25000,"eventData":{}}';
		expect(requests.map((r) => r.rawBody)).toEqual([expected, expected]);
	});
});

describe('Chabok: the Schedule → Chabok example of docs/CHABOK.md', () => {
	it('sends the request the page shows for a Schedule Trigger item', async () => {
		const page = readDoc('docs/CHABOK.md');
		const [example] = workflowBlocks(page).filter((b) => b.heading === 'Schedule → Chabok');
		const chabokNode = example.workflow.nodes.find((n) => n.type === 'n8n-nodes-event-tracking.chabok');
		const { requests } = intercept(PRODUCTION, 'POST', TRACK, () => [200, {}]);
		// The Chabok node's parameters as the page shows them, and what a Schedule Trigger (v1.2) outputs.
		const result = await runNode({
			node: 'chabok',
			parameters: chabokNode!.parameters as IDataObject,
			items: [{ timestamp: '2024-12-12T08:00:00.000+00:00', 'Day of week': 'Thursday', Timezone: 'UTC (UTC+00:00)' }],
			credentials,
		});
		expect(result.error).toBeUndefined();
		const shown = '{"userId":"USER_ID","eventName":"dailyDigest","eventTime":1733990400000,"eventData":{"dayOfWeek":"Thursday","isWeekend":false}}';
		// The page states the request in words after the workflow: the test holds it to what is sent.
		expect(page).toContain(`\`POST https://myapp.push.adpdigital.com/api/installations/track\``);
		expect(page).toContain(`\`${shown}\``);
		expect(requests[0].url).toBe('https://myapp.push.adpdigital.com/api/installations/track');
		expect(requests[0].headers['x-access-token']).toBe(ACCESS);
		expect(requests[0].rawBody).toBe(shown);
	});
});

describe('Chabok: hosts and credential', () => {
	it('sends to the sandbox host in the sandbox environment', async () => {
		const { requests } = intercept(SANDBOX, 'POST', PURCHASE, () => [200]);
		const result = await runNode({
			node: 'chabok',
			parameters: purchaseDefine('installationId'),
			items: [{}],
			credentials: sandboxCredentials,
		});
		expect(result.error).toBeUndefined();
		expect(requests[0].url).toBe('https://sandbox.push.adpdigital.com/api/installations/trackPurchase');
		expect(requests[0].headers.host).toBe('sandbox.push.adpdigital.com');
		expect(requests[0].headers['x-access-token']).toBe(ACCESS);
	});

	it('sends to https://{APP_ID}.push.adpdigital.com/api in production', async () => {
		const { requests } = intercept('https://shop-42.push.adpdigital.com', 'POST', TRACK, () => [200]);
		const result = await runNode({
			node: 'chabok',
			parameters: trackDefine('userId'),
			items: [{}],
			credentials: { chabokApi: { ...credentials.chabokApi, appId: ' shop-42 ' } },
		});
		expect(result.error).toBeUndefined();
		expect(requests[0].url).toBe('https://shop-42.push.adpdigital.com/api/installations/track');
		expect(requests[0].headers['x-access-token']).toBe(ACCESS);
	});

	it('uses the Base URL Override when set (loopback http), whatever the environment', async () => {
		const { requests } = intercept('http://127.0.0.1:9633', 'POST', '/chabok/api/installations/track', () => [200]);
		const result = await runNode({
			node: 'chabok',
			parameters: trackDefine('installationId'),
			items: [{}],
			credentials: { chabokApi: { accessToken: ACCESS, environment: 'production', appId: '', baseUrl: 'http://127.0.0.1:9633/chabok/api/' } },
		});
		expect(result.error).toBeUndefined();
		expect(requests[0].url).toBe('http://127.0.0.1:9633/chabok/api/installations/track');
		expect(requests[0].rawBody).toBe(JSON.stringify(TRACK_BY_INSTALLATION));
		expect(requests[0].headers['x-access-token']).toBe(ACCESS);
	});

	it.each([
		['http://proxy.example.com/api', 'http is allowed only to this machine'],
		['ftp://proxy.example.com/api', 'scheme "ftp"'],
		['https://user:pw@proxy.example.com/api', 'user name or password'],
	])('refuses the Base URL Override %s before any request', async (baseUrl, text) => {
		const sent = watchAllHosts();
		const result = await runNode({
			node: 'chabok',
			parameters: trackDefine('installationId'),
			items: [{}],
			credentials: { chabokApi: { ...credentials.chabokApi, baseUrl } },
		});
		expect(result.error?.message).toContain(text);
		expect(sent()).toBe(0);
	});

	it.each(['evil.com/x', 'a.b', '-x', 'x@evil.com', 'x-', 'evil.com#', 'x:443', 'x y', 'a'.repeat(64), 'ab\ncd'])(
		'rejects the hostile App ID %j before any request',
		async (appId) => {
			const sent = watchAllHosts();
			const result = await runNode({
				node: 'chabok',
				parameters: trackDefine('installationId'),
				items: [{}, {}],
				credentials: { chabokApi: { ...credentials.chabokApi, appId } },
			});
			expect(result.error?.message).toMatch(/^Invalid credential setting: App ID of the Chabok API credential must be a plain host name label/);
			expect(result.items).toHaveLength(0);
			expect(sent()).toBe(0);
		},
	);

	it('accepts a 63-character App ID', async () => {
		const appId = `a${'-'.repeat(61)}z`;
		const { requests } = intercept(`https://${appId}.push.adpdigital.com`, 'POST', TRACK, () => [200]);
		const result = await runNode({
			node: 'chabok',
			parameters: trackDefine('installationId'),
			items: [{}],
			credentials: { chabokApi: { ...credentials.chabokApi, appId } },
		});
		expect(result.error).toBeUndefined();
		expect(requests).toHaveLength(1);
	});

	it('says the App ID is missing in production', async () => {
		const result = await runNode({
			node: 'chabok',
			parameters: trackDefine('installationId'),
			items: [{}],
			credentials: { chabokApi: { accessToken: ACCESS, environment: 'production' } },
		});
		expect(result.error?.message).toBe('The Chabok API credential has no App ID, which the production environment needs');
	});

	it('reads the credential once, and fixed parameters once, for many items', async () => {
		const { requests } = intercept(PRODUCTION, 'POST', BULK, chabokQueuedAll);
		const result = await runNode({
			node: 'chabok',
			parameters: trackDefine('userId', { userId: '={{ $json.id }}' }),
			items: Array.from({ length: 20 }, (_, i) => ({ id: i })),
			credentials,
		});
		expect(result.error).toBeUndefined();
		expect(result.credentialReads).toBe(1);
		// By user, in bulk like installation events; a numeric ID from an expression is sent as text.
		expect(requests).toHaveLength(1);
		expect((requests[0].body as Array<{ userId: string }>).map((e) => e.userId)).toEqual(Array.from({ length: 20 }, (_, i) => String(i)));
	});
});

describe('Chabok: bulk to trackBulk, by installation or by user', () => {
	it('sends 2,500 installation events as 3 bulk requests (1000, 1000, 500) and maps results back', async () => {
		const items = Array.from({ length: 2500 }, (_, i) => ({ installationId: `inst-${i}`, eventName: 'open', eventData: { n: i } }));
		const { requests } = intercept(PRODUCTION, 'POST', BULK, chabokQueuedAll, 3);
		const result = await runNode({ node: 'chabok', parameters: trackAuto(), items, credentials });
		expect(result.error).toBeUndefined();
		expect(requests).toHaveLength(3);
		expect(requests.map((r) => (r.body as unknown[]).length).sort()).toEqual([1000, 1000, 500]);
		// Every event sent exactly once, in item order inside each request.
		const sent = requests.flatMap((r) => (r.body as Array<{ installationId: string }>).map((e) => e.installationId));
		expect(new Set(sent).size).toBe(2500);
		for (const request of requests) {
			const ids = (request.body as Array<{ eventData: { n: number } }>).map((e) => e.eventData.n);
			expect(ids).toEqual(Array.from({ length: ids.length }, (_, k) => ids[0] + k));
			expect(request.rawBody).toBe(JSON.stringify(request.body));
		}
		expect(result.items).toHaveLength(2500);
		result.items.forEach((item, i) => {
			expect(item.pairedItem).toEqual({ item: i });
			expect(item.json).toMatchObject({
				success: true,
				sent: { installationId: `inst-${i}`, eventName: 'open', eventData: { n: i } },
				// Chabok's answer is the request's, on each of its items.
				response: { queued: true, n: i < 2000 ? 1000 : 500 },
				request: { of: 3, entries: i < 2000 ? 1000 : 500, bulkPosition: i % 1000 },
			});
		});
	});

	it('when Chabok queues n of m events, every item of that request fails as may-be-recorded, and nothing is resent', async () => {
		const { requests } = intercept(PRODUCTION, 'POST', BULK, () => [200, { queued: true, n: 2 }]);
		const items = [0, 1, 2].map((i) => ({ installationId: `i${i}`, eventName: 'e' }));
		const result = await runNode({ node: 'chabok', parameters: trackAuto({ options: fast }), items, credentials, continueOnFail: true });
		expect(result.error).toBeUndefined();
		expect(requests).toHaveLength(1);
		for (const [i, item] of result.items.entries()) {
			expect(item.pairedItem).toEqual({ item: i });
			expect(item.json).toMatchObject({ success: false, mayBeRecorded: true });
			expect(item.json.error).toBe(`Chabok may have recorded item ${i}: Chabok queued 2 of 3 events of this request; which ones is not said (request 1 of 1, 3 entries)`);
			expect(item.json.description).toContain('{"queued":true,"n":2}');
		}
		// Without Continue On Fail the execution fails naming every item as may-be-recorded.
		intercept(PRODUCTION, 'POST', BULK, () => [200, { queued: true, n: 0 }]);
		const failed = await runNode({ node: 'chabok', parameters: trackAuto({ options: fast }), items, credentials });
		expect(failed.error?.message).toContain('Chabok queued 0 of 3 events of this request; which ones is not said');
		expect(failed.error?.context?.mayBeRecordedItems).toEqual([0, 1, 2]);
	});

	it('With Delivery At Least Once resends a bulk Chabok queued only part of (duplicates possible, as the option says)', async () => {
		const { requests } = intercept(PRODUCTION, 'POST', BULK, (r, n) => (n === 0 ? [200, { queued: true, n: 1 }] : chabokQueuedAll(r)), 2);
		const items = [0, 1].map((i) => ({ installationId: `i${i}`, eventName: 'e' }));
		const result = await runNode({ node: 'chabok', parameters: trackAuto({ options: { ...fast, delivery: 'atLeastOnce' } }), items, credentials });
		expect(result.error).toBeUndefined();
		expect(requests).toHaveLength(2);
		expect(requests[1].rawBody).toBe(requests[0].rawBody);
		expect(result.items.map((item) => item.json.success)).toEqual([true, true]);
	});

	it('refuses an answer that is not the documented count: the items may be recorded', async () => {
		for (const answer of [{}, { queued: false, n: 2 }, { queued: true, n: 3 }, { queued: true, n: '2' }]) {
			intercept(PRODUCTION, 'POST', BULK, () => [200, answer]);
			const items = [0, 1].map((i) => ({ installationId: `i${i}`, eventName: 'e' }));
			const result = await runNode({ node: 'chabok', parameters: trackAuto({ options: fast }), items, credentials, continueOnFail: true });
			expect([answer, result.items.map((item) => item.json.mayBeRecorded)]).toEqual([answer, [true, true]]);
			expect(result.items[0].json.error).toContain('without the documented {"queued": true, "n": 2}');
		}
	});

	it('never sends an array to track: a lone event (one item, or the 1,001st) goes there as one object', async () => {
		const track = intercept(PRODUCTION, 'POST', TRACK, (r) => (Array.isArray(r.body) ? [400, { message: 'array on track' }] : [200, { count: 1 }]), 5);
		const bulk = intercept(PRODUCTION, 'POST', BULK, chabokQueuedAll, 5);
		for (const length of [1, 2, 1001]) {
			const items = Array.from({ length }, (_, i) => ({ userId: `u${i}`, eventName: 'e' }));
			const result = await runNode({ node: 'chabok', parameters: trackAuto(), items, credentials });
			expect(result.error).toBeUndefined();
		}
		expect(track.requests.map((r) => r.rawBody)).toEqual([
			JSON.stringify({ userId: 'u0', eventName: 'e', eventData: {} }),
			JSON.stringify({ userId: 'u1000', eventName: 'e', eventData: {} }),
		]);
		expect(bulk.requests.map((r) => (r.body as unknown[]).length)).toEqual([2, 1000]);
		expect(bulk.requests.every((r) => Array.isArray(r.body))).toBe(true);
	});

	it('bulks user events and installation events in arrays of their own', async () => {
		const bulk = intercept(PRODUCTION, 'POST', BULK, chabokQueuedAll, 2);
		const items = [
			{ installationId: 'a', eventName: 'e' },
			{ userId: 'u1', eventName: 'e' },
			{ installationId: 'b', eventName: 'e' },
			{ userId: 'u2', eventName: 'e' },
		];
		const result = await runNode({ node: 'chabok', parameters: trackAuto(), items, credentials });
		expect(result.error).toBeUndefined();
		const bodies = bulk.requests.map((r) => r.rawBody).sort();
		expect(bodies).toEqual(
			[
				JSON.stringify([
					{ installationId: 'a', eventName: 'e', eventData: {} },
					{ installationId: 'b', eventName: 'e', eventData: {} },
				]),
				JSON.stringify([
					{ userId: 'u1', eventName: 'e', eventData: {} },
					{ userId: 'u2', eventName: 'e', eventData: {} },
				]),
			].sort(),
		);
		expect(result.items.map((item) => item.json.request)).toMatchObject([{ bulkPosition: 0 }, { bulkPosition: 0 }, { bulkPosition: 1 }, { bulkPosition: 1 }]);
	});

	it('sends one object per item when the Bulk option is off', async () => {
		const { requests } = intercept(PRODUCTION, 'POST', TRACK, () => [200], 3);
		const result = await runNode({
			node: 'chabok',
			parameters: trackDefine('installationId', { installationId: '={{ $json.id }}', options: { bulk: false } }),
			items: [{ id: 'a' }, { id: 'b' }, { id: 'c' }],
			credentials,
		});
		expect(result.error).toBeUndefined();
		expect(requests).toHaveLength(3);
		expect(requests.every((r) => !Array.isArray(r.body))).toBe(true);
	});

	it('never bulks purchases', async () => {
		const { requests } = intercept(PRODUCTION, 'POST', PURCHASE, () => [200], 2);
		const result = await runNode({
			node: 'chabok',
			parameters: purchaseAuto(),
			items: [PURCHASE_BY_INSTALLATION, { ...PURCHASE_BY_INSTALLATION, revenue: 3 }],
			credentials,
		});
		expect(result.error).toBeUndefined();
		expect(requests.map((r) => r.rawBody).sort()).toEqual(
			[JSON.stringify(PURCHASE_BY_INSTALLATION), JSON.stringify({ ...PURCHASE_BY_INSTALLATION, revenue: 3 })].sort(),
		);
	});

	it('retries a bulk request after a 503 with the same bytes, and a failed bulk fails exactly its items', async () => {
		const items = Array.from({ length: 1500 }, (_, i) => ({ installationId: `i${i}`, eventName: 'e' }));
		let attemptsOnFirst = 0;
		const { requests } = intercept(
			PRODUCTION,
			'POST',
			BULK,
			(r) => {
				const first = (r.body as Array<{ installationId: string }>)[0].installationId;
				if (first === 'i0') return attemptsOnFirst++ === 0 ? [503, { message: 'busy' }] : chabokQueuedAll(r);
				return [400, { message: 'bad bulk' }];
			},
			3,
		);
		const result = await runNode({
			node: 'chabok',
			parameters: trackAuto({ options: fast }),
			items,
			credentials,
			continueOnFail: true,
		});
		expect(result.error).toBeUndefined();
		expect(requests).toHaveLength(3);
		const firstBulk = requests.filter((r) => body<Array<{ installationId: string }>>(r)[0].installationId === 'i0');
		expect(firstBulk).toHaveLength(2);
		expect(firstBulk[1].rawBody).toBe(firstBulk[0].rawBody);
		expect(result.items.slice(0, 1000).every((item) => item.json.success === true)).toBe(true);
		expect(result.items.slice(1000).every((item) => item.json.success === false && item.json.httpCode === '400')).toBe(true);
		expect(result.items[1200].json.description).toContain('bad bulk');
	});
});

describe('Chabok: eventTime', () => {
	const cases: Array<[string, unknown, number]> = [
		['ISO 8601 with Z', '2019-12-10T08:05:25.110Z', 1575965125110],
		['ISO 8601 with an offset', '2019-12-10T11:35:25.110+03:30', 1575965125110],
		['ISO 8601 without offset (read as UTC)', '2019-12-10T08:05:25.110', 1575965125110],
		['epoch seconds (number)', 1575965125, 1575965125000],
		['epoch seconds (text)', '1575965125', 1575965125000],
		['epoch milliseconds (number)', 1575965125110, 1575965125110],
		['a Luxon DateTime', DateTime.fromISO('2019-12-10T11:35:25.110+03:30', { setZone: true }), 1575965125110],
		['a JS Date', new Date(1575965125110), 1575965125110],
	];

	it.each(cases)('converts %s to epoch milliseconds in Map Automatically mode', async (_name, eventTime, expected) => {
		const { requests } = intercept(PRODUCTION, 'POST', TRACK, () => [200]);
		const result = await runNode({
			node: 'chabok',
			parameters: trackAuto(),
			items: [{ installationId: 'INSTALLATION_ID', eventName: 'EVENT_NAME', eventTime: eventTime as never }],
			credentials,
		});
		expect(result.error).toBeUndefined();
		expect(body(requests[0]).eventTime).toBe(expected);
	});

	it.each(cases)('converts %s to epoch milliseconds in Define Below mode (expression)', async (_name, eventTime, expected) => {
		const { requests } = intercept(PRODUCTION, 'POST', TRACK, () => [200]);
		const result = await runNode({
			node: 'chabok',
			parameters: trackDefine('installationId', { additionalFields: { eventTime: '={{ $json.when }}' } }),
			items: [{ when: eventTime as never }],
			credentials,
		});
		expect(result.error).toBeUndefined();
		expect(requests[0].rawBody).toBe(JSON.stringify({ ...TRACK_BY_INSTALLATION, eventTime: expected }));
	});

	it('converts a DateTime made in an expression', async () => {
		const { requests } = intercept(PRODUCTION, 'POST', TRACK, () => [200]);
		const result = await runNode({
			node: 'chabok',
			parameters: trackDefine('installationId', {
				additionalFields: { eventTime: '={{ DateTime.fromISO("2019-12-10T08:05:25.110Z") }}' },
			}),
			items: [{}],
			credentials,
		});
		expect(result.error).toBeUndefined();
		expect(requests[0].rawBody).toBe(JSON.stringify(TRACK_BY_INSTALLATION));
	});

	it('turns Date and DateTime values inside eventData into ISO UTC strings (Map Automatically)', async () => {
		const { requests } = intercept(PRODUCTION, 'POST', TRACK, () => [200]);
		const result = await runNode({
			node: 'chabok',
			parameters: trackAuto(),
			items: [
				{
					installationId: 'i',
					eventName: 'e',
					eventData: {
						orderDate: new Date('2020-02-06T12:12:25.408Z') as never,
						shipped: DateTime.fromISO('2020-02-06T15:42:25.408+03:30', { setZone: true }) as never,
						nested: { list: [new Date(0) as never, '2020-02-06T15:42:25.408+03:30'] },
					},
				},
			],
			credentials,
		});
		expect(result.error).toBeUndefined();
		expect(requests[0].rawBody).toBe(
			JSON.stringify({
				installationId: 'i',
				eventName: 'e',
				eventData: {
					orderDate: '2020-02-06T12:12:25.408Z',
					shipped: '2020-02-06T12:12:25.408Z',
					// ISO text is ISO already: kept as written.
					nested: { list: ['1970-01-01T00:00:00.000Z', '2020-02-06T15:42:25.408+03:30'] },
				},
			}),
		);
	});

	it('Define Below: a Date from an expression becomes ISO UTC; n8n hands a DateTime over as ISO text, kept', async () => {
		const { requests } = intercept(PRODUCTION, 'POST', TRACK, () => [200]);
		const result = await runNode({
			node: 'chabok',
			parameters: trackDefine('installationId', {
				installationId: 'i',
				eventName: 'e',
				additionalFields: {},
				eventDataMode: 'json',
				eventDataJson:
					'={{ { orderDate: new Date("2020-02-06T12:12:25.408Z"), local: DateTime.fromISO("2020-02-06T15:42:25.408+03:30", { setZone: true }), utc: DateTime.fromISO("2020-02-06T15:42:25.408+03:30").toUTC() } }}',
			}),
			items: [{}],
			credentials,
		});
		expect(result.error).toBeUndefined();
		expect(requests[0].rawBody).toBe(
			JSON.stringify({
				installationId: 'i',
				eventName: 'e',
				eventData: {
					orderDate: '2020-02-06T12:12:25.408Z',
					local: '2020-02-06T15:42:25.408+03:30',
					utc: '2020-02-06T12:12:25.408Z',
				},
			}),
		);
	});
});

describe('Chabok: validation (nothing is sent for an invalid item)', () => {
	const defineCases: Array<[string, Params, string]> = [
		['an empty installation ID', trackDefine('installationId', { installationId: '={{ $json.missing }}' }), 'installationId must not be empty'],
		['an empty user ID', purchaseDefine('userId', { userId: '={{ "  " }}' }), 'userId must not be empty'],
		['an identity choice that is neither', trackDefine('userId', { identifyBy: '={{ "email" }}', installationId: 'i' }), 'identifyBy must be "installationId" or "userId", got "email"'],
		['an empty event name', trackDefine('userId', { eventName: '={{ "" }}' }), 'eventName must not be empty'],
		['a revenue that is not a number', purchaseDefine('userId', { revenue: '={{ "lots" }}' }), 'revenue must be number, got string'],
		['a revenue that is not finite', purchaseDefine('userId', { revenue: '={{ 1 / 0 }}' }), 'revenue must be a finite number'],
		[
			'an eventTime that cannot be read',
			trackDefine('installationId', { additionalFields: { eventTime: 'yesterday' } }),
			'eventTime is not a time we can read',
		],
		['eventData JSON that does not parse', trackDefine('installationId', { eventDataMode: 'json', eventDataJson: '{"a": ' }), 'eventData is not valid JSON'],
		[
			'an empty eventData key',
			trackDefine('installationId', { eventData: { property: [{ key: ' ', value: 'x' }] } }),
			'eventData[0].key is empty',
		],
	];

	it.each(defineCases)('Define Below: rejects %s, naming item and field', async (_name, parameters, text) => {
		const sent = watchAllHosts();
		const result = await runNode({ node: 'chabok', parameters, items: [{}], credentials });
		expect(result.error?.message).toContain(`Invalid input in item 0: ${text}`);
		expect(result.error?.description).toContain('Nothing was sent');
		expect(sent()).toBe(0);
	});

	const autoCases: Array<[string, Params, Record<string, unknown>, string]> = [
		['no identity', trackAuto(), { eventName: 'e' }, 'installationId is required (or userId)'],
		['both identities', trackAuto(), { installationId: 'i', userId: 'u', eventName: 'e' }, 'userId must not be given together with installationId'],
		['an installation ID that is not text', trackAuto(), { installationId: 12, eventName: 'e' }, 'installationId must be string, got number'],
		['a missing event name', purchaseAuto(), { userId: 'u', revenue: 1 }, 'eventName is required'],
		['a blank event name', trackAuto(), { userId: 'u', eventName: '   ' }, 'eventName must not be empty'],
		['a missing revenue', purchaseAuto(), { userId: 'u', eventName: 'e' }, 'revenue is required'],
		['a revenue given as text', purchaseAuto(), { userId: 'u', eventName: 'e', revenue: '100' }, 'revenue must be number, got string'],
		['a NaN revenue', purchaseAuto(), { userId: 'u', eventName: 'e', revenue: NaN }, 'revenue must be number, got nan'],
		['an infinite revenue', purchaseAuto(), { userId: 'u', eventName: 'e', revenue: Infinity }, 'revenue must be a finite number'],
		['an empty currency', purchaseAuto(), { userId: 'u', eventName: 'e', revenue: 1, currency: '' }, 'currency must not be empty'],
		['a NaN eventTime', trackAuto(), { userId: 'u', eventName: 'e', eventTime: NaN }, 'eventTime is not a valid time (NaN)'],
		['an unreadable eventTime', trackAuto(), { userId: 'u', eventName: 'e', eventTime: 'soon' }, 'eventTime is not a time we can read'],
		['an invalid Date eventTime', trackAuto(), { userId: 'u', eventName: 'e', eventTime: new Date('x') }, 'eventTime is an invalid Date'],
		['eventData that is not an object', trackAuto(), { userId: 'u', eventName: 'e', eventData: [1] }, 'eventData must be object, got array'],
		['an eventData value JSON cannot carry', trackAuto(), { userId: 'u', eventName: 'e', eventData: { a: NaN } }, 'eventData.a must be a finite number, got NaN'],
		['a field Chabok does not document', trackAuto(), { userId: 'u', eventName: 'e', revenue: 5 }, '(body) has field(s) the provider does not document: revenue'],
		['an item that is not an object at Source Path', trackAuto({ sourcePath: 'body' }), { body: 'text' }, 'body must be an object at Source Path "body"'],
	];

	it.each(autoCases)('Map Automatically: rejects %s, naming item and field', async (_name, parameters, bad, text) => {
		const sent = watchAllHosts();
		const good = parameters.operation === 'trackPurchase' ? PURCHASE_BY_USER : TRACK_BY_USER;
		const source = (parameters.sourcePath as string | undefined) ? { body: good } : good;
		const result = await runNode({ node: 'chabok', parameters, items: [source, bad as never], credentials });
		expect(result.error?.message).toContain(`Invalid input in item 1: ${text}`);
		expect(sent()).toBe(0);
	});

	it('with continueOnFail sends the valid items and reports the invalid one on its own item', async () => {
		const { requests } = intercept(PRODUCTION, 'POST', BULK, chabokQueuedAll);
		const result = await runNode({
			node: 'chabok',
			parameters: trackAuto(),
			items: [{ installationId: 'a', eventName: 'e' }, { installationId: 'b' }, { installationId: 'c', eventName: 'e' }],
			credentials,
			continueOnFail: true,
		});
		expect(result.error).toBeUndefined();
		expect(requests).toHaveLength(1);
		expect(requests[0].body).toEqual([
			{ installationId: 'a', eventName: 'e', eventData: {} },
			{ installationId: 'c', eventName: 'e', eventData: {} },
		]);
		expect(result.items[1].json).toMatchObject({ success: false });
		expect(result.items[1].json.error).toBe('Invalid input in item 1: eventName is required');
		expect(result.items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
	});
});

describe('Chabok: errors from Chabok', () => {
	const echo = { error: 'invalid request', message: `token ${ACCESS} has no access to app myapp`, code: 40001 };

	it("shows Chabok's error body in the description and redacts the access token (continueOnFail)", async () => {
		const { requests } = intercept(PRODUCTION, 'POST', PURCHASE, () => [400, echo]);
		const result = await runNode({
			node: 'chabok',
			parameters: purchaseDefine('installationId', { options: fast }),
			items: [{}],
			credentials,
			continueOnFail: true,
		});
		expect(requests).toHaveLength(1);
		const json = result.items[0].json;
		expect(json).toMatchObject({ success: false, httpCode: '400' });
		expect(json.error).toContain('Chabok did not accept item 0: HTTP 400');
		expect(json.description).toContain('invalid request');
		expect(json.description).toContain('token [redacted] has no access to app myapp');
		expect(JSON.stringify(result.items)).not.toContain(ACCESS);
	});

	it('without continueOnFail fails the execution with the body in the description, never the token', async () => {
		intercept(PRODUCTION, 'POST', TRACK, () => [401, echo]);
		const result = await runNode({ node: 'chabok', parameters: trackDefine('userId', { options: fast }), items: [{}], credentials });
		expect(result.error?.message).toContain('Chabok did not accept item 0: HTTP 401');
		expect(result.error?.description).toContain('token [redacted] has no access');
		expect(JSON.stringify(result.run.data)).not.toContain(ACCESS);
		expect(JSON.stringify(result.error, Object.getOwnPropertyNames(result.error))).not.toContain(ACCESS);
	});

	it('retries a 429 for a user event and delivers it once', async () => {
		const { requests } = intercept(PRODUCTION, 'POST', TRACK, (_r, n) => (n === 0 ? [429, {}] : [200, {}]), 2);
		const result = await runNode({ node: 'chabok', parameters: trackDefine('userId', { options: fast }), items: [{}], credentials });
		expect(result.error).toBeUndefined();
		expect(requests).toHaveLength(2);
		expect(requests[1].rawBody).toBe(requests[0].rawBody);
		expect(result.items[0].json).toMatchObject({ success: true, request: { attempts: 2 } });
	});
});

afterAll(() => nock.restore());
