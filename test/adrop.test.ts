import nock from 'nock';
import type { IDataObject, INodeTypeDescription } from 'n8n-workflow';

import type { Captured } from './helpers/capture';
import { baseHeaders, forbidNetwork, intercept, withoutHost } from './helpers/capture';
import examples from './fixtures/api-doc-examples.json';
import { loadPackage, runNode } from './helpers/harness';

const APP_KEY = 'YOUR_APP_KEY';
const HOST = 'https://api-v2.adrop.io';
const credentials = { adropApi: { apiKey: APP_KEY } };
const fast = { retryDelayMs: 1, maxRetries: 3 };
const OK: [number, unknown] = [200, { message: 'ok' }];

// The four axios examples of Adrop's event document (002_…txt), in its key order.
const DOC_SIMPLE = examples.adrop.simple;
const DOC_VIEW_ITEM = examples.adrop.viewItem;
const DOC_PURCHASE = examples.adrop.purchase;
const DOC_LEAD = examples.adrop.generateLead;

/** Define Below parameters that describe each document example (collection keys deliberately out of order). */
const DEFINE = {
	simple: { resource: 'event', operation: 'trackEvent', uid: 'USER_ID', eventName: 'app_open' },
	viewItem: {
		resource: 'event',
		operation: 'trackEvent',
		uid: 'USER_ID',
		eventName: 'view_item',
		platform: 'web',
		item_id: 'SKU-123',
		viewItemFields: { price: 29900, brand: 'BrandX', item_name: 'Widget', item_category: 'Electronics' },
	},
	purchaseList: {
		resource: 'event',
		operation: 'trackPurchase',
		uid: 'USER_ID',
		platform: 'web',
		tx_id: 'TXN-20240101-001',
		currency: 'KRW',
		itemList: {
			item: [
				{
					item_id: 'SKU-001',
					details: { quantity: 1, price: 29900, brand: 'BrandX', item_category: 'Electronics', item_name: 'Product A' },
				},
				{ item_id: 'SKU-002', details: { item_name: 'Product B', price: 15000, quantity: 2 } },
			],
		},
	},
	lead: {
		resource: 'event',
		operation: 'trackEvent',
		uid: 'USER_ID',
		eventName: 'generate_lead',
		platform: 'web',
		form_id: 'contact-form-01',
		generateLeadFields: { currency: 'KRW', value: 50000, form_destination: '/thank-you', form_type: 'contact', form_name: 'Contact Us' },
	},
};

const reversed = (body: IDataObject) => Object.fromEntries(Object.entries(body).reverse());

function expectDocumentRequest(request: Captured, body: unknown): void {
	expect(request.method).toBe('POST');
	expect(request.url).toBe('https://api-v2.adrop.io/event');
	expect(request.rawBody).toBe(JSON.stringify(body));
	// The document's headers: Authorization = the raw App Key, Content-Type: application/json;
	// the rest is what n8n's request helper adds to every call.
	expect(withoutHost(request.headers)).toEqual({ ...baseHeaders(request.rawBody), authorization: APP_KEY });
	expect(request.headers.host).toBe('api-v2.adrop.io');
}

async function sendOne(parameters: IDataObject, items: Array<IDataObject> = [{}]) {
	const { requests } = intercept(HOST, 'POST', '/event', () => OK);
	const result = await runNode({ node: 'adrop', parameters, items, credentials });
	expect(result.error).toBeUndefined();
	expect(requests).toHaveLength(1);
	return { request: requests[0], result };
}

forbidNetwork();

describe('Adrop: the document examples, byte for byte, in both input modes', () => {
	const examples: Array<[string, IDataObject, IDataObject, 'trackEvent' | 'trackPurchase']> = [
		['simple event (app_open)', DOC_SIMPLE, DEFINE.simple, 'trackEvent'],
		['event with parameters (view_item)', DOC_VIEW_ITEM, DEFINE.viewItem, 'trackEvent'],
		['multi-item event (purchase)', DOC_PURCHASE, DEFINE.purchaseList, 'trackPurchase'],
		['lead event (generate_lead)', DOC_LEAD, DEFINE.lead, 'trackEvent'],
	];

	it.each(examples)('%s: Define Below', async (_name, doc, parameters) => {
		const { request, result } = await sendOne(parameters);
		expectDocumentRequest(request, doc);
		expect(result.items).toHaveLength(1);
		expect(result.items[0].json).toMatchObject({ success: true, statusCode: 200, sent: doc, response: { message: 'ok' } });
		expect(result.items[0].pairedItem).toEqual({ item: 0 });
	});

	it.each(examples)('%s: Map Automatically, keys in any order, from Source Path', async (_name, doc, _define, operation) => {
		const { request, result } = await sendOne(
			{ resource: 'event', operation, inputMode: 'auto', sourcePath: 'body' },
			[{ headers: { 'content-type': 'application/json' }, body: reversed(doc) }],
		);
		expectDocumentRequest(request, doc);
		expect(result.items[0].json).toMatchObject({ success: true, sent: doc, response: { message: 'ok' } });
	});

	it('Map Automatically with an empty Source Path reads the whole item', async () => {
		const { request } = await sendOne({ resource: 'event', operation: 'trackEvent', inputMode: 'auto' }, [DOC_VIEW_ITEM]);
		expectDocumentRequest(request, DOC_VIEW_ITEM);
	});

	it('the purchase example through every other way in: Track Event, items JSON, order lines (both modes)', async () => {
		const lines = DOC_PURCHASE.items.map((line) => ({ uid: 'USER_ID', platform: 'web', tx_id: DOC_PURCHASE.tx_id, currency: 'KRW', ...line }));
		const runs: Array<[IDataObject, Array<IDataObject>]> = [
			[
				{
					resource: 'event',
					operation: 'trackEvent',
					uid: 'USER_ID',
					eventName: 'purchase',
					platform: 'web',
					tx_id: DOC_PURCHASE.tx_id,
					purchaseFields: { items: JSON.stringify(DOC_PURCHASE.items), currency: 'KRW' },
				},
				[{}],
			],
			[{ ...DEFINE.purchaseList, itemList: {}, itemsInput: 'json', itemsJson: '={{ JSON.stringify($json.lines) }}' }, [{ lines: DOC_PURCHASE.items }]],
			[
				{
					resource: 'event',
					operation: 'trackPurchase',
					grouping: 'lines',
					uid: '={{ $json.uid }}',
					platform: '={{ $json.platform }}',
					tx_id: '={{ $json.tx_id }}',
					currency: '={{ $json.currency }}',
					lineItemId: '={{ $json.item_id }}',
					lineFields: {
						item_name: '={{ $json.item_name }}',
						item_category: '={{ $json.item_category ?? "" }}',
						brand: '={{ $json.brand ?? "" }}',
						price: '={{ $json.price }}',
						quantity: '={{ $json.quantity }}',
					},
				},
				lines,
			],
			[{ resource: 'event', operation: 'trackPurchase', grouping: 'lines', inputMode: 'auto' }, lines.map(reversed)],
		];
		for (const [parameters, items] of runs) {
			const { request, result } = await sendOne(parameters, items);
			expectDocumentRequest(request, DOC_PURCHASE);
			result.items.forEach((item, index) => {
				expect(item.json).toMatchObject({ success: true, sent: DOC_PURCHASE });
				expect(item.pairedItem).toEqual({ item: index });
			});
		}
	});

	it('a number field given as numeric text by an expression is sent as a number (Define Below)', async () => {
		const { request } = await sendOne({ ...DEFINE.viewItem, viewItemFields: { ...DEFINE.viewItem.viewItemFields, price: '={{ $json.p }}' } }, [
			{ p: '29900' },
		]);
		expectDocumentRequest(request, DOC_VIEW_ITEM);
	});
});

/** Each catalogued event with its required parameters only (the document's 지원되는 이벤트 table). */
const CATALOGUE: Array<[string, IDataObject]> = [
	['app_open', {}],
	['sign_up', { method: 'email' }],
	['push_clicks', { campaign_id: 'cmp-1' }],
	['page_view', { page_id: 'home' }],
	['click', { element_id: 'buy-button' }],
	['view_item', { item_id: 'SKU-1' }],
	['add_to_wishlist', { item_id: 'SKU-1' }],
	['add_to_cart', { item_id: 'SKU-1', price: 1000, quantity: 2 }],
	['begin_checkout', {}],
	['purchase', { tx_id: 'TX-1' }],
	['view_content', { content_id: 'article-9' }],
	['begin_lead_form', { form_id: 'form-1' }],
	['generate_lead', { form_id: 'form-1' }],
];

describe('Adrop → Track Event: every catalogued event', () => {
	it('offers exactly the 13 documented events in the dropdown', async () => {
		const loader = await loadPackage();
		const properties = (loader.getNode('adrop').type.description as INodeTypeDescription).properties;
		const eventName = properties.find((p) => p.name === 'eventName');
		const values = (eventName?.options as Array<{ value: string }>).map((o) => o.value).sort();
		expect(values).toEqual(CATALOGUE.map(([name]) => name).sort());
		// Each required parameter is a required field, hidden for events that do not have it
		// (and for an expression, whose event is only known per item).
		for (const [event, required] of CATALOGUE) {
			for (const param of Object.keys(required)) {
				const field = properties.find((p) => p.name === param && p.required && p.displayOptions?.show?.inputMode);
				const hiddenFor = field?.displayOptions?.hide?.eventName ?? [];
				expect(hiddenFor).not.toContain(event);
				expect(hiddenFor).toContainEqual({ _cnd: { startsWith: '=' } });
				const others = CATALOGUE.filter(([, req]) => !(param in req)).map(([name]) => name);
				expect(hiddenFor).toEqual(expect.arrayContaining(others));
			}
		}
	});

	it.each(CATALOGUE)('%s with its required parameters (Define Below)', async (event, required) => {
		const { request } = await sendOne({ resource: 'event', operation: 'trackEvent', uid: 'u-1', eventName: event, ...required });
		expect(request.rawBody).toBe(JSON.stringify({ uid: 'u-1', eventName: event, ...required }));
	});

	it('all 13 in one execution (Map Automatically), one request each', async () => {
		const { requests } = intercept(HOST, 'POST', '/event', () => OK, CATALOGUE.length);
		const items = CATALOGUE.map(([event, required]) => ({ eventName: event, uid: 'u-1', ...required }));
		const result = await runNode({ node: 'adrop', parameters: { resource: 'event', operation: 'trackEvent', inputMode: 'auto' }, items, credentials });
		expect(result.error).toBeUndefined();
		expect(requests.map((r) => r.rawBody).sort()).toEqual(
			CATALOGUE.map(([event, required]) => JSON.stringify({ uid: 'u-1', eventName: event, ...required })).sort(),
		);
		expect(result.credentialReads).toBe(1);
	});

	it('each missing required parameter fails its own item, naming it, and nothing of that item is sent', async () => {
		const cases = CATALOGUE.flatMap(([event, required]) =>
			Object.keys(required).map((missing) => {
				const body: IDataObject = { uid: 'u-1', eventName: event, ...required };
				delete body[missing];
				return { body, missing };
			}),
		);
		expect(cases).toHaveLength(13);
		const result = await runNode({
			node: 'adrop',
			parameters: { resource: 'event', operation: 'trackEvent', inputMode: 'auto' },
			items: cases.map((c) => c.body),
			credentials,
			continueOnFail: true,
		});
		cases.forEach(({ missing }, index) => {
			expect(result.items[index].json.success).toBe(false);
			expect(result.items[index].json.error).toBe(`Invalid input in item ${index}: ${missing} is required`);
		});
	});

	it('a required field whose expression gives nothing is reported as missing (Define Below)', async () => {
		// (An empty required field without expression is already refused by n8n before the node runs.)
		const result = await runNode({
			node: 'adrop',
			parameters: { resource: 'event', operation: 'trackEvent', uid: 'u', eventName: 'add_to_cart', item_id: '={{ $json.sku }}', price: 1, quantity: 1 },
			items: [{}],
			credentials,
		});
		expect(result.error?.message).toBe('Invalid input in item 0: item_id is required');
	});

	it('an event name from an expression is validated, and its parameters can come as extra parameters', async () => {
		const { request } = await sendOne(
			{
				resource: 'event',
				operation: 'trackEvent',
				uid: '={{ $json.user }}',
				eventName: '={{ $json.event }}',
				extraParametersMode: 'json',
				extraParametersJson: '={{ JSON.stringify($json.params) }}',
			},
			[{ user: 'u-1', event: 'view_item', params: { price: 10, item_id: 'SKU-9', campaign: 'spring' } }],
		);
		// Documented parameters in the document's order, then the extra one.
		expect(request.rawBody).toBe('{"uid":"u-1","eventName":"view_item","item_id":"SKU-9","price":10,"campaign":"spring"}');
	});

	it('extra parameters go at the top level, after the documented ones (key/value list)', async () => {
		const { request } = await sendOne({
			...DEFINE.simple,
			platform: 'ios',
			extraParameters: { property: [{ key: 'source', value: 'n8n' }, { key: 'score', value: '={{ 7 }}' }] },
		});
		expect(request.rawBody).toBe('{"uid":"USER_ID","eventName":"app_open","platform":"ios","source":"n8n","score":7}');
	});
});

describe('Adrop: each rule broken once → error naming item and field, no request', () => {
	const auto = { resource: 'event', operation: 'trackEvent', inputMode: 'auto' };
	const purchaseAuto = { resource: 'event', operation: 'trackPurchase', inputMode: 'auto' };
	const long = 'x'.repeat(1025);
	const item = (i: number) => ({ item_id: `SKU-${i}` });

	it.each<[string, IDataObject, IDataObject, string]>([
		['an unknown event name from an expression', { ...DEFINE.simple, eventName: '={{ $json.e }}' }, { e: 'app_opened' }, 'eventName "app_opened" is not an event Adrop documents'],
		['an event name over 64 characters', auto, { uid: 'u', eventName: 'e'.repeat(65) }, 'eventName must be 1 to 64 characters long, got 65'],
		['an empty event name', auto, { uid: 'u', eventName: '' }, 'eventName is required'],
		['a missing uid', auto, { eventName: 'app_open' }, 'uid is required'],
		['a uid over 1024 characters', auto, { uid: long, eventName: 'app_open' }, 'uid must be at most 1024 characters'],
		['a parameter over 1024 characters', auto, { ...DOC_VIEW_ITEM, item_name: long }, 'item_name must be at most 1024 characters'],
		['a platform over 1024 characters', auto, { ...DOC_SIMPLE, platform: long }, 'platform must be at most 1024 characters'],
		['an extra parameter over 1024 characters, nested', auto, { ...DOC_SIMPLE, meta: { tags: ['a', long] } }, 'meta.tags[1] must be at most 1024 characters'],
		['a string over 1024 characters inside items', purchaseAuto, { ...DOC_PURCHASE, items: [item(1), { item_id: 'b', brand: long }] }, 'items[1].brand must be at most 1024 characters'],
		['101 items', purchaseAuto, { ...DOC_PURCHASE, items: Array.from({ length: 101 }, (_, i) => item(i)) }, 'items has 101 items; Adrop accepts at most 100'],
		['an item without item_id', purchaseAuto, { ...DOC_PURCHASE, items: [item(1), { item_name: 'no id' }] }, 'items[1].item_id is required'],
		['an item field Adrop does not document', purchaseAuto, { ...DOC_PURCHASE, items: [{ item_id: 'a', sku: 'b' }] }, 'items[0] has field(s) the provider does not document: sku'],
		['a price that is not a number', auto, { ...DOC_VIEW_ITEM, price: '29900' }, 'price must be number, got string'],
		['a quantity that is not a number, inside items', purchaseAuto, { ...DOC_PURCHASE, items: [{ item_id: 'a', quantity: 'two' }] }, 'items[0].quantity must be number, got string'],
		['a value that is not a number', auto, { ...DOC_LEAD, value: true }, 'value must be number, got boolean'],
		['items in Track Event that are not an array', auto, { uid: 'u', eventName: 'begin_checkout', items: { item_id: 'a' } }, 'items must be array, got object'],
		['a purchase with no items', purchaseAuto, { ...DOC_PURCHASE, items: [] }, 'items must hold at least one item'],
		['a purchase without tx_id', purchaseAuto, { ...DOC_PURCHASE, tx_id: undefined }, 'tx_id is required'],
		['an event name that does not match Track Purchase', purchaseAuto, { ...DOC_PURCHASE, eventName: 'view_item' }, 'eventName must be "purchase" here (Begin Checkout is off), got "view_item"'],
		['an extra parameter that repeats a field', { ...DEFINE.viewItem, extraParameters: { property: [{ key: 'brand', value: 'Y' }] } }, {}, 'extraParameters.brand is already set by its own field'],
		['an extra parameter named like a field of its own', { ...DEFINE.simple, extraParametersMode: 'json', extraParametersJson: '{"uid":"other"}' }, {}, 'extraParameters.uid is a field of its own'],
		['extra parameters JSON that does not parse', { ...DEFINE.simple, extraParametersMode: 'json', extraParametersJson: '{"a":' }, {}, 'extraParameters is not valid JSON'],
		['an Items (JSON) field left at its empty default', { ...DEFINE.purchaseList, itemList: {}, itemsInput: 'json' }, {}, 'items must hold at least one item'],
		['an empty item list', { ...DEFINE.purchaseList, itemList: {} }, {}, 'items must hold at least one item'],
		['an item list JSON that is not an array', { ...DEFINE.purchaseList, itemsInput: 'json', itemsJson: '{"item_id":"a"}' }, {}, 'items must be a JSON array'],
	])('%s', async (_name, parameters, json, text) => {
		// Map Automatically: item 0 is valid, item 1 breaks the rule; the error names item 1 and
		// nothing at all is sent (forbidNetwork fails any request). Define Below: one item.
		const mapped = parameters === auto || parameters === purchaseAuto;
		const items = mapped ? [parameters === auto ? DOC_SIMPLE : DOC_PURCHASE, json] : [json];
		const result = await runNode({ node: 'adrop', parameters, items, credentials });
		expect(result.error?.message).toContain(`Invalid input in item ${items.length - 1}: `);
		expect(result.error?.message).toContain(text);
		expect(result.error?.description).toContain('Nothing was sent');
		expect(result.items).toHaveLength(0);
	});
});

describe('Adrop answers', () => {
	it('{"message":"!invalid"} with HTTP 200 is an error for that item, with the body shown, and is not retried', async () => {
		const { requests } = intercept(HOST, 'POST', '/event', () => [200, { message: '!invalid' }], 1);
		const result = await runNode({ node: 'adrop', parameters: { ...DEFINE.simple, options: fast }, items: [{}], credentials });
		expect(requests).toHaveLength(1);
		expect(result.error?.message).toContain('Adrop did not accept item 0');
		expect(result.error?.message).toContain('!invalid');
		expect(result.error?.description).toContain('{"message":"!invalid"}');
	});

	it('an HTTP 200 without the documented "ok" is an error too', async () => {
		intercept(HOST, 'POST', '/event', () => [200, ''], 1);
		const result = await runNode({ node: 'adrop', parameters: DEFINE.simple, items: [{}], credentials, continueOnFail: true });
		expect(result.items[0].json).toMatchObject({ success: false });
		expect(result.items[0].json.error).toContain('without the documented {"message":"ok"}');
	});

	it('never shows the App Key, even when Adrop echoes it', async () => {
		intercept(HOST, 'POST', '/event', () => [200, { message: '!invalid', key: APP_KEY }], 1);
		const result = await runNode({ node: 'adrop', parameters: DEFINE.simple, items: [{}], credentials, continueOnFail: true });
		expect(JSON.stringify(result.items)).not.toContain(APP_KEY);
		expect(result.items[0].json.description).toContain('[redacted]');
	});

	it('retries a 429 after its Retry-After and delivers once', async () => {
		const started = Date.now();
		const { requests } = intercept(
			HOST,
			'POST',
			'/event',
			(_r, n) => (n === 0 ? [429, { message: 'too many requests' }, { 'Retry-After': '1' }] : OK),
			2,
		);
		const result = await runNode({ node: 'adrop', parameters: { ...DEFINE.viewItem, options: fast }, items: [{}], credentials });
		expect(result.error).toBeUndefined();
		expect(requests).toHaveLength(2);
		expect(requests[1].rawBody).toBe(requests[0].rawBody);
		expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
		expect(result.items[0].json).toMatchObject({ success: true, request: { attempts: 2 } });
	});

	it('does not wait for a Retry-After longer than Max Retry Wait', async () => {
		const { requests } = intercept(HOST, 'POST', '/event', () => [429, { message: 'later' }, { 'Retry-After': '120' }], 1);
		const result = await runNode({
			node: 'adrop',
			parameters: { ...DEFINE.simple, options: { ...fast, maxRetryWaitMs: 1000 } },
			items: [{}],
			credentials,
			continueOnFail: true,
		});
		expect(requests).toHaveLength(1);
		expect(result.items[0].json).toMatchObject({ success: false, httpCode: '429' });
		expect(result.items[0].json.description).toContain('asked to wait 120 s');
	});

	it('does not resend after a 500 by default: the item may have been recorded', async () => {
		const { requests } = intercept(HOST, 'POST', '/event', () => [500, { message: 'internal' }], 1);
		const result = await runNode({ node: 'adrop', parameters: { ...DEFINE.simple, options: fast }, items: [{}], credentials, continueOnFail: true });
		expect(requests).toHaveLength(1);
		expect(result.items[0].json).toMatchObject({ success: false, httpCode: '500', mayBeRecorded: true });
		expect(result.items[0].json.error).toMatch(/^Adrop may have recorded item 0: HTTP 500/);
		expect(result.items[0].json.description).toContain('it was not sent again (Delivery: At Most Once)');
	});

	it('with At Least Once retries a 500 up to Max Retries, then fails the item, saying how often it may be recorded', async () => {
		const { requests } = intercept(HOST, 'POST', '/event', () => [500, { message: 'internal' }], 4);
		const result = await runNode({
			node: 'adrop',
			parameters: { ...DEFINE.simple, options: { ...fast, delivery: 'atLeastOnce' } },
			items: [{}],
			credentials,
			continueOnFail: true,
		});
		expect(requests).toHaveLength(4);
		expect(new Set(requests.map((r) => r.rawBody)).size).toBe(1);
		expect(result.items[0].json).toMatchObject({ success: false, httpCode: '500', mayBeRecorded: true });
		expect(result.items[0].json.description).toContain('Gave up after 4 attempts');
		expect(result.items[0].json.description).toContain('Adrop may have recorded this request, up to 4 times');
	});

	it('a 500 that recovers is delivered', async () => {
		const { requests } = intercept(HOST, 'POST', '/event', (_r, n) => (n < 2 ? [503] : OK), 3);
		const result = await runNode({ node: 'adrop', parameters: { ...DEFINE.simple, options: fast }, items: [{}], credentials });
		expect(result.error).toBeUndefined();
		expect(requests).toHaveLength(3);
		expect(result.items[0].json).toMatchObject({ success: true, request: { attempts: 3 } });
	});

	it('never retries a 401', async () => {
		const { requests } = intercept(HOST, 'POST', '/event', () => [401, { message: 'unauthorized' }], 1);
		const result = await runNode({ node: 'adrop', parameters: { ...DEFINE.simple, options: fast }, items: [{}], credentials, continueOnFail: true });
		expect(requests).toHaveLength(1);
		expect(result.items[0].json).toMatchObject({ success: false, httpCode: '401' });
	});

	it('continueOnFail keeps the other items going: a bad item and a refused one fail alone', async () => {
		const { requests } = intercept(
			HOST,
			'POST',
			'/event',
			(request) => ((request.body as { uid: string }).uid === 'refused' ? [200, { message: '!invalid' }] : OK),
			3,
		);
		const result = await runNode({
			node: 'adrop',
			parameters: { resource: 'event', operation: 'trackEvent', inputMode: 'auto', options: fast },
			items: [{ ...DOC_SIMPLE, uid: 'a' }, { uid: 'b', eventName: 'nope' }, { ...DOC_SIMPLE, uid: 'refused' }, { ...DOC_SIMPLE, uid: 'd' }],
			credentials,
			continueOnFail: true,
		});
		expect(requests).toHaveLength(3);
		expect(result.items.map((i) => i.json.success)).toEqual([true, false, false, true]);
		expect(result.items[1].json.error).toContain('item 1: eventName "nope"');
		expect(result.items[2].json.error).toContain('!invalid');
		expect(result.items[3].json.sent).toEqual({ ...DOC_SIMPLE, uid: 'd' });
		expect(result.items.map((i) => i.pairedItem)).toEqual([0, 1, 2, 3].map((item) => ({ item })));
	});

	it('without continueOnFail a refused item fails the execution after the others were delivered', async () => {
		intercept(HOST, 'POST', '/event', (request) => ((request.body as { uid: string }).uid === 'x1' ? [200, { message: '!invalid' }] : OK), 3);
		const result = await runNode({
			node: 'adrop',
			parameters: { resource: 'event', operation: 'trackEvent', inputMode: 'auto' },
			items: ['x0', 'x1', 'x2'].map((uid) => ({ uid, eventName: 'app_open' })),
			credentials,
		});
		expect(result.error?.message).toContain('did not accept item 1');
		expect(result.error?.message).toContain('2 other item(s) were delivered');
	});
});

describe('Adrop → Track Purchase: order lines grouped by tx_id', () => {
	// 250 lines of 7 orders, interleaved: 100 + 1 + 37 + 50 + 12 + 45 + 5.
	const SIZES = [100, 1, 37, 50, 12, 45, 5];
	const lines: Array<IDataObject> = [];
	const remaining = [...SIZES];
	const counters = SIZES.map(() => 0);
	for (let round = 0; lines.length < 250; round++) {
		const order = round % SIZES.length;
		if (remaining[order] === 0) continue;
		remaining[order]--;
		const n = counters[order]++;
		lines.push({
			uid: `user-${order}`,
			platform: order % 2 ? 'ios' : 'web',
			tx_id: `TX-${order}`,
			currency: 'KRW',
			item_id: `SKU-${order}-${n}`,
			price: 1000 + n,
			quantity: (n % 3) + 1,
		});
	}

	it('250 lines make 7 purchases, each with its own lines in input order; every item says where it went', async () => {
		const { requests } = intercept(HOST, 'POST', '/event', () => OK, 7);
		const result = await runNode({
			node: 'adrop',
			parameters: { resource: 'event', operation: 'trackPurchase', inputMode: 'auto', grouping: 'lines' },
			items: lines,
			credentials,
		});
		expect(result.error).toBeUndefined();
		expect(requests).toHaveLength(7);
		for (let order = 0; order < SIZES.length; order++) {
			const request = requests.find((r) => (r.body as { tx_id: string }).tx_id === `TX-${order}`)!;
			const expected = {
				uid: `user-${order}`,
				eventName: 'purchase',
				platform: order % 2 ? 'ios' : 'web',
				tx_id: `TX-${order}`,
				currency: 'KRW',
				items: lines
					.filter((line) => line.tx_id === `TX-${order}`)
					.map((line) => ({ item_id: line.item_id, price: line.price, quantity: line.quantity })),
			};
			expect(request.rawBody).toBe(JSON.stringify(expected));
			expect(expected.items).toHaveLength(SIZES[order]);
		}
		expect(result.items).toHaveLength(250);
		result.items.forEach((item, i) => {
			const sent = item.json.sent as { tx_id: string; items: Array<{ item_id: string }> };
			expect(sent.tx_id).toBe(lines[i].tx_id);
			expect(sent.items[item.json.line as number].item_id).toBe(lines[i].item_id);
			expect(item.pairedItem).toEqual({ item: i });
		});
	});

	it('Define Below reads the same lines through expressions and sends the same bytes', async () => {
		const subset = lines.filter((line) => ['TX-1', 'TX-4', 'TX-6'].includes(line.tx_id as string));
		const auto = intercept(HOST, 'POST', '/event', () => OK, 3);
		await runNode({
			node: 'adrop',
			parameters: { resource: 'event', operation: 'trackPurchase', inputMode: 'auto', grouping: 'lines' },
			items: subset,
			credentials,
		});
		const defined = intercept(HOST, 'POST', '/event', () => OK, 3);
		const result = await runNode({
			node: 'adrop',
			parameters: {
				resource: 'event',
				operation: 'trackPurchase',
				grouping: 'lines',
				uid: '={{ $json.uid }}',
				platform: '={{ $json.platform }}',
				tx_id: '={{ $json.tx_id }}',
				currency: 'KRW',
				lineItemId: '={{ $json.item_id }}',
				lineFields: { price: '={{ $json.price }}', quantity: '={{ $json.quantity }}' },
			},
			items: subset,
			credentials,
		});
		expect(result.error).toBeUndefined();
		expect(defined.requests.map((r) => r.rawBody).sort()).toEqual(auto.requests.map((r) => r.rawBody).sort());
	});

	it('an order over 100 lines is never split: none of it is sent, and the execution stops before sending anything', async () => {
		const big = Array.from({ length: 101 }, (_, n) => ({ uid: 'u', tx_id: 'BIG', item_id: `S${n}` }));
		const result = await runNode({
			node: 'adrop',
			parameters: { resource: 'event', operation: 'trackPurchase', inputMode: 'auto', grouping: 'lines' },
			items: [{ uid: 'u', tx_id: 'SMALL', item_id: 'A' }, ...big],
			credentials,
		});
		expect(result.error?.message).toContain('Invalid input in item 1: items has 101 items; Adrop accepts at most 100');
		expect(result.error?.message).toContain('tx_id "BIG"');
		expect(result.error?.message).toContain('never split');
		expect(result.items).toHaveLength(0);
	});

	it('with continueOnFail the oversize order fails all its items and the others are sent', async () => {
		const { requests } = intercept(HOST, 'POST', '/event', () => OK, 1);
		const big = Array.from({ length: 150 }, (_, n) => ({ uid: 'u', tx_id: 'BIG', item_id: `S${n}` }));
		const result = await runNode({
			node: 'adrop',
			parameters: { resource: 'event', operation: 'trackPurchase', inputMode: 'auto', grouping: 'lines' },
			items: [...big.slice(0, 75), { uid: 'u', tx_id: 'SMALL', item_id: 'A' }, ...big.slice(75)],
			credentials,
			continueOnFail: true,
		});
		expect(requests).toHaveLength(1);
		expect(requests[0].body).toEqual({ uid: 'u', eventName: 'purchase', tx_id: 'SMALL', items: [{ item_id: 'A' }] });
		expect(result.items.filter((i) => i.json.success === false)).toHaveLength(150);
		expect(result.items[75].json.success).toBe(true);
	});

	it('one invalid line stops its whole order (never a partial purchase); other orders go', async () => {
		const { requests } = intercept(HOST, 'POST', '/event', () => OK, 1);
		const result = await runNode({
			node: 'adrop',
			parameters: { resource: 'event', operation: 'trackPurchase', inputMode: 'auto', grouping: 'lines' },
			items: [
				{ uid: 'u', tx_id: 'T1', item_id: 'a', price: 1 },
				{ uid: 'u', tx_id: 'T1', item_id: 'b', price: 'free' },
				{ uid: 'v', tx_id: 'T2', item_id: 'c' },
				{ uid: 'u', tx_id: 'T1', item_id: 'd' },
			],
			credentials,
			continueOnFail: true,
		});
		expect(requests).toHaveLength(1);
		expect((requests[0].body as { tx_id: string }).tx_id).toBe('T2');
		expect(result.items.map((i) => i.json.success)).toEqual([false, false, true, false]);
		for (const index of [0, 1, 3]) {
			expect(result.items[index].json.error).toContain(`Invalid input in item ${index}: purchase tx_id "T1" cannot be sent`);
			expect(result.items[index].json.error).toContain('line from item 1 is invalid (price must be number, got string)');
		}
	});

	it('lines of one order that disagree on a purchase field fail the order, naming the field and both items', async () => {
		const result = await runNode({
			node: 'adrop',
			parameters: { resource: 'event', operation: 'trackPurchase', inputMode: 'auto', grouping: 'lines' },
			items: [
				{ uid: 'u', tx_id: 'T1', currency: 'KRW', item_id: 'a' },
				{ uid: 'u', tx_id: 'T1', currency: 'USD', item_id: 'b' },
			],
			credentials,
		});
		expect(result.error?.message).toContain('Invalid input in item 0: currency differs between lines of the purchase with tx_id "T1"');
		expect(result.error?.message).toContain('item 0: "KRW", item 1: "USD"');
	});

	it('Begin Checkout sends begin_checkout without tx_id; lines are grouped by uid', async () => {
		const { requests } = intercept(HOST, 'POST', '/event', () => OK, 2);
		const result = await runNode({
			node: 'adrop',
			parameters: { resource: 'event', operation: 'trackPurchase', beginCheckout: true, inputMode: 'auto', grouping: 'lines' },
			items: [
				{ uid: 'u1', currency: 'KRW', item_id: 'a', quantity: 1 },
				{ uid: 'u2', item_id: 'b' },
				{ uid: 'u1', currency: 'KRW', item_id: 'c' },
			],
			credentials,
		});
		expect(result.error).toBeUndefined();
		expect(requests.map((r) => r.rawBody).sort()).toEqual([
			'{"uid":"u1","eventName":"begin_checkout","currency":"KRW","items":[{"item_id":"a","quantity":1},{"item_id":"c"}]}',
			'{"uid":"u2","eventName":"begin_checkout","items":[{"item_id":"b"}]}',
		]);
	});

	it('Begin Checkout in Define Below has no tx_id field and sends the same shape', async () => {
		const { request } = await sendOne({ ...DEFINE.purchaseList, beginCheckout: true });
		const { tx_id: _omit, ...checkout } = DOC_PURCHASE;
		expect(_omit).toBe(DOC_PURCHASE.tx_id);
		expectDocumentRequest(request, { ...checkout, eventName: 'begin_checkout' });
	});

	it('many orders, one per item, are never merged even when they share a tx_id', async () => {
		const { requests } = intercept(HOST, 'POST', '/event', () => OK, 2);
		const result = await runNode({
			node: 'adrop',
			parameters: { resource: 'event', operation: 'trackPurchase', inputMode: 'auto' },
			items: [DOC_PURCHASE, DOC_PURCHASE],
			credentials,
		});
		expect(result.error).toBeUndefined();
		expect(requests.map((r) => r.rawBody)).toEqual([JSON.stringify(DOC_PURCHASE), JSON.stringify(DOC_PURCHASE)]);
	});
});

describe('Adrop API credential', () => {
	it('sends the raw App Key as Authorization (no "Bearer") and reads the credential once', async () => {
		const { requests } = intercept(HOST, 'POST', '/event', () => OK, 20);
		const result = await runNode({
			node: 'adrop',
			parameters: { ...DEFINE.simple, uid: '={{ $json.id }}' },
			items: Array.from({ length: 20 }, (_, i) => ({ id: `u${i}` })),
			credentials,
		});
		expect(result.error).toBeUndefined();
		expect(requests.every((r) => r.headers.authorization === APP_KEY)).toBe(true);
		expect(result.credentialReads).toBe(1);
	});

	it('says when the App Key is missing', async () => {
		const result = await runNode({ node: 'adrop', parameters: DEFINE.simple, items: [{}], credentials: { adropApi: { apiKey: '' } } });
		expect(result.error?.message).toBe('The Adrop API credential has no App Key');
	});

	it.each([
		['ftp://api-v2.adrop.io', 'scheme "ftp"'],
		['http://api-v2.adrop.io', 'http is allowed only to this machine'],
		['http://192.168.1.5:8080', 'http is allowed only to this machine'],
	])('refuses the base URL %s', async (baseUrl, text) => {
		const result = await runNode({ node: 'adrop', parameters: DEFINE.simple, items: [{}], credentials: { adropApi: { apiKey: APP_KEY, baseUrl } } });
		expect(result.error?.message).toContain(text);
	});

	it('sends to an http base URL on loopback', async () => {
		const { requests } = intercept('http://127.0.0.1:9556', 'POST', '/proxy/event', () => OK);
		const result = await runNode({
			node: 'adrop',
			parameters: DEFINE.simple,
			items: [{}],
			credentials: { adropApi: { apiKey: APP_KEY, baseUrl: 'http://127.0.0.1:9556/proxy/' } },
		});
		expect(result.error).toBeUndefined();
		expect(requests[0].url).toBe('http://127.0.0.1:9556/proxy/event');
	});
});

afterAll(() => nock.restore());
