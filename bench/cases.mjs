// What `npm run bench` measures: per operation, the items a Code node makes,
// the workflows that send them (this package's node, and n8n's HTTP Request
// node configured as a user would to get the same result at the provider),
// the requests the provider should receive, and the events it should record.
//
// Every workflow is: Webhook (POST /webhook/<path>, answers when done) → Code
// ("Make items": N items, N from the webhook body) → the sending part. The
// item generator below is the Code node's own text, and the floor sender
// (floor.mjs) evaluates the same text, so all three send the same events.
import crypto from 'node:crypto';

import { FAKE_KEYS } from '../test/e2e/fakes/index.mjs';
import { canonicalJson } from '../test/e2e/fakes/server.mjs';
import { chainConnections, PACKAGE, uuidFrom, webhookNode, workflowJson } from '../test/e2e/lib/workflows.mjs';

export const SIZES = { small: 1_000, medium: 10_000, large: 100_000, huge: 1_000_000 };

// ---- the items (Code node text; `i` is the item's index) --------------------------

const ITEMS = {
	hackleTrack: `({
		event: { key: 'purchase', properties: { paymentMethod: 'CARD', discountAmount: i % 1000 } },
		user: { userId: 'user-' + i, properties: { grade: 'GOLD' } },
	})`,
	hacklePush: `({ userId: 'user-' + i, apiProperties: { productNumber: String(i) } })`,
	adropTrack: `({ uid: 'user-' + i, eventName: 'view_item', platform: 'web', item_id: 'SKU-' + i, item_name: 'Blue Shirt', price: 29900 })`,
	adropPurchase: `({
		uid: 'user-' + i, eventName: 'purchase', platform: 'web', tx_id: 'TXN-' + i, currency: 'KRW',
		items: [{ item_id: 'SKU-1', price: 29900, quantity: 1 }, { item_id: 'SKU-2', price: 1000, quantity: 2 }],
	})`,
	traintracks: `({
		build: '1.1.1',
		clientTimestamp: '2012-03-14T02:33:42.416587-07:00',
		data: { item: { name: 'Excalibur', cost: 24, type: 'sword' }, battleTime: i },
		device: 'iPhone 5S',
		eventType: 'store_purchase',
		userId: '3dc6b97d-7388-11e4-bfb3-' + (0x1000000000000 + i).toString(16).slice(1),
		userName: 'player' + i,
		sessionId: 'fff324c6-30a2-11e3-ad80-485d60066bda',
		location: { lat: 37.871984, lon: -122.25942 },
	})`,
	chabokUser: `({ userId: 'user-' + i, eventName: 'addToCart', eventTime: 1575965125110 + i, eventData: { sku: 'SKU-' + (i % 100), price: 25000 } })`,
	chabokInstallation: `({ installationId: 'inst-' + i, eventName: 'addToCart', eventTime: 1575965125110 + i, eventData: { sku: 'SKU-' + (i % 100), price: 25000 } })`,
	chabokPurchase: `({ userId: 'user-' + i, eventName: 'purchase', eventTime: 1575965125110 + i, revenue: 25000, currency: 'RIAL', eventData: { orderId: 'O-' + i } })`,
};

/** The Code node's JavaScript: N items of the operation's shape, N from the webhook's body. */
export function codeNodeText(itemsKey) {
	return [
		'// N items of the documented shape; N comes from the webhook body ({"n": 10000}).',
		"const n = Number($input.first().json.body.n);",
		'const items = new Array(n);',
		`for (let i = 0; i < n; i++) items[i] = { json: ${ITEMS[itemsKey].replace(/\n\t*/g, ' ')} };`,
		'return items;',
	].join('\n');
}

/** The items as plain objects, made by the same text (for the floor and the expected digest). */
export function makeItems(itemsKey, n) {
	const make = new Function('i', `return ${ITEMS[itemsKey]};`);
	return Array.from({ length: n }, (_, i) => make(i));
}

/** The digest the fake reports when it received exactly these events (see server.mjs fast mode). */
export function expectedDigest(events) {
	let digest = 0n;
	for (const event of events) {
		digest = (digest + crypto.createHash('md5').update(canonicalJson(event)).digest().readBigUInt64BE(0)) & 0xffffffffffffffffn;
	}
	return digest.toString(16).padStart(16, '0');
}

// ---- credentials (imported with n8n's CLI) --------------------------------------------

export function credentials(fakes) {
	const k = FAKE_KEYS;
	const header = (id, name, headerName, value) => ({ id, name, type: 'httpHeaderAuth', data: { name: headerName, value } });
	return [
		{ id: 'benchHackleCred1', name: 'Hackle (bench)', type: 'hackleApi', data: { sdkSecretKey: k.hackle.sdkKey, apiKey: k.hackle.apiKey, baseUrl: fakes.hackle.baseUrl } },
		{ id: 'benchAdropCred01', name: 'Adrop (bench)', type: 'adropApi', data: { apiKey: k.adrop.appKey, baseUrl: fakes.adrop.baseUrl } },
		{ id: 'benchChabokCred1', name: 'Chabok (bench)', type: 'chabokApi', data: { accessToken: k.chabok.accessToken, environment: 'production', appId: '', baseUrl: `${fakes.chabok.baseUrl}/api` } },
		{
			id: 'benchTraintrack1',
			name: 'Traintracks (bench)',
			type: 'traintracksApi',
			data: { productKey: k.traintracks.productKey, productSecret: k.traintracks.productSecret, endpointUrl: `${fakes.traintracks.baseUrl}/v1/events`, remoteAddress: '1.2.3.4' },
		},
		// What a user without this package sets up for the HTTP Request node: Header Auth.
		header('benchHdrHackleSd', 'Header Auth: Hackle SDK key', 'X-HACKLE-API-KEY', k.hackle.sdkKey),
		header('benchHdrHacklePu', 'Header Auth: Hackle API key', 'X-HACKLE-API-KEY', k.hackle.apiKey),
		header('benchHdrAdrop001', 'Header Auth: Adrop App Key', 'Authorization', k.adrop.appKey),
		header('benchHdrChabok01', 'Header Auth: Chabok token', 'X-Access-Token', k.chabok.accessToken),
	];
}

const CRED = {
	hackle: { hackleApi: { id: 'benchHackleCred1', name: 'Hackle (bench)' } },
	adrop: { adropApi: { id: 'benchAdropCred01', name: 'Adrop (bench)' } },
	chabok: { chabokApi: { id: 'benchChabokCred1', name: 'Chabok (bench)' } },
	traintracks: { traintracksApi: { id: 'benchTraintrack1', name: 'Traintracks (bench)' } },
	hackleSdkHeader: { httpHeaderAuth: { id: 'benchHdrHackleSd', name: 'Header Auth: Hackle SDK key' } },
	hacklePushHeader: { httpHeaderAuth: { id: 'benchHdrHacklePu', name: 'Header Auth: Hackle API key' } },
	adropHeader: { httpHeaderAuth: { id: 'benchHdrAdrop001', name: 'Header Auth: Adrop App Key' } },
	chabokHeader: { httpHeaderAuth: { id: 'benchHdrChabok01', name: 'Header Auth: Chabok token' } },
};

// ---- nodes -------------------------------------------------------------------------

/** This package's node. */
function ours(type, parameters, credentials, name) {
	return { name, type: `${PACKAGE}.${type}`, typeVersion: 1, parameters, credentials };
}

/**
 * n8n's HTTP Request node (4.5, the version a new node gets in n8n 2.40),
 * POST with Header Auth and a JSON body, every option at its default.
 * `body`: { json: '={{ … }}' } (Body: JSON) or { fields: [[name, value], …] }
 * (Body: Using Fields Below; a dotted name nests, as lodash.set does).
 */
function httpRequest(url, credentials, body, { name = 'HTTP Request', batching } = {}) {
	const parameters = {
		method: 'POST',
		url,
		authentication: 'genericCredentialType',
		genericAuthType: 'httpHeaderAuth',
		sendBody: true,
		contentType: 'json',
		...(body.json
			? { specifyBody: 'json', jsonBody: body.json }
			: { specifyBody: 'keypair', bodyParameters: { parameters: body.fields.map(([n, value]) => ({ name: n, value })) } }),
		options: batching ? { batching: { batch: { batchSize: batching[0], batchInterval: batching[1] } } } : {},
	};
	return { name, type: 'n8n-nodes-base.httpRequest', typeVersion: 4.5, parameters, credentials };
}

/** HTTP Request with a raw body and hand-made headers (Traintracks: the signature is computed per request). */
function httpRequestRaw(url, bodyExpression, headers, name = 'HTTP Request') {
	return {
		name,
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.5,
		parameters: {
			method: 'POST',
			url,
			sendHeaders: true,
			headerParameters: { parameters: headers.map(([n, value]) => ({ name: n, value })) },
			sendBody: true,
			contentType: 'raw',
			rawContentType: 'application/json',
			body: bodyExpression,
			options: {},
		},
	};
}

const TT = FAKE_KEYS.traintracks;

// ---- operations --------------------------------------------------------------------
//
// kind 'perItem': one request per item whatever the tool; compared at the same
// items, with both input modes of our node. kind 'batched': our node packs
// items into few requests; the user's alternative is one request per item.
//
// variant.nodes(fakes) → the nodes after "Make items", chained in order.
// variant.requests(n) → the requests the fake must receive.
// op.events(items) → the events the provider must record (for the digest).

const perItem = (n) => n;

/** A Code node making one new output item per item, the size of our nodes' output without `sent`. */
function newItemsNode() {
	return {
		name: 'New items',
		type: 'n8n-nodes-base.code',
		typeVersion: 2,
		parameters: {
			mode: 'runOnceForAllItems',
			language: 'javaScript',
			jsCode: [
				'const all = $input.all();',
				'const of = Math.ceil(all.length / 100);',
				"return all.map((item, i) => ({ json: { success: true, statusCode: 200, response: { status: 'ok' }, request: { number: Math.floor(i / 100) + 1, of, entries: 100, attempts: 1 } }, pairedItem: { item: i } }));",
			].join('\n'),
		},
	};
}

/** n8n holding the items alone: Code → No Operation (the memory baseline of the 100,000-item cases). */
function baseline(key, items, what) {
	return {
		key,
		title: `n8n holding the items alone (Code → No Operation), ${what}`,
		kind: 'baseline',
		items,
		sizes: [SIZES.medium, SIZES.large, SIZES.huge],
		events: () => [],
		variants: {
			'code-noop': {
				label: `Code → No Operation (${what})`,
				nodes: () => [{ name: 'No Operation', type: 'n8n-nodes-base.noOp', typeVersion: 1, parameters: {} }],
				requests: () => 0,
			},

			// A node that emits a NEW output item per input item, the way every
			// sending node must (issue 18): a Code node returning objects the size of
			// our nodes' output without `sent` (status, an answer, request info).
			'code-new-items': {
				label: `Code → Code making a new output item per item (${what})`,
				nodes: () => [newItemsNode()],
				requests: () => 0,
			},
			'code-new-items-unsaved': {
				label: `Code → Code making a new output item per item, workflow setting Save Successful Production Executions: Do Not Save (${what})`,
				nodes: () => [newItemsNode()],
				requests: () => 0,
				settings: { saveDataSuccessExecution: 'none' },
				minSize: SIZES.large,
				onDemand: true,
			},
		},
	};
}

/** Hackle Track Event: the model per-item operation (also measured with a provider latency). */
function hackleTrackOperation() {
	return {
		key: 'hackleTrack',
		title: 'Hackle Track Event',
		kind: 'perItem',
		fake: 'hackle',
		path: '/v1/track',
		items: 'hackleTrack',
		sizes: [SIZES.small, SIZES.medium],
		floorHeaders: { 'x-hackle-api-key': FAKE_KEYS.hackle.sdkKey },
		events: (items) => items,
		variants: {
			'node-auto': {
				label: 'Hackle node, Map Automatically',
				nodes: () => [ours('hackle', { resource: 'event', operation: 'trackEvent', inputMode: 'auto', sourcePath: '', options: {} }, CRED.hackle, 'Hackle')],
				requests: perItem,
			},
			'node-define': {
				label: 'Hackle node, Define Below (5 expressions)',
				nodes: () => [
					ours(
						'hackle',
						{
							resource: 'event',
							operation: 'trackEvent',
							inputMode: 'define',
							eventKey: '={{ $json.event.key }}',
							userId: '={{ $json.user.userId }}',
							eventPropertiesMode: 'keyValue',
							eventProperties: {
								property: [
									{ key: 'paymentMethod', value: '={{ $json.event.properties.paymentMethod }}' },
									{ key: 'discountAmount', value: '={{ $json.event.properties.discountAmount }}' },
								],
							},
							userPropertiesMode: 'keyValue',
							userProperties: { property: [{ key: 'grade', value: '={{ $json.user.properties.grade }}' }] },
							options: {},
						},
						CRED.hackle,
						'Hackle',
					),
				],
				requests: perItem,
			},
			'http-json': {
				label: 'HTTP Request, body {{ JSON.stringify($json) }}',
				nodes: (f) => [httpRequest(`${f.hackle.baseUrl}/v1/track`, CRED.hackleSdkHeader, { json: '={{ JSON.stringify($json) }}' })],
				requests: perItem,
			},
			'http-fields': {
				label: 'HTTP Request, 5 fields {{ $json.x }}',
				nodes: (f) => [
					httpRequest(`${f.hackle.baseUrl}/v1/track`, CRED.hackleSdkHeader, {
						fields: [
							['event.key', '={{ $json.event.key }}'],
							['event.properties.paymentMethod', '={{ $json.event.properties.paymentMethod }}'],
							['event.properties.discountAmount', '={{ $json.event.properties.discountAmount }}'],
							['user.userId', '={{ $json.user.userId }}'],
							['user.properties.grade', '={{ $json.user.properties.grade }}'],
						],
					}),
				],
				requests: perItem,
			},
		},
	};
}


export function operations() {
	const hackleTrack = hackleTrackOperation();
	return [
		hackleTrack,
		{
			...hackleTrack,
			key: 'hackleTrackLatency',
			title: 'Hackle Track Event, provider answering after 20 ms',
			kind: 'latency',
			latencyMs: 20,
			sizes: [SIZES.small],
			variants: {
				'node-auto': hackleTrack.variants['node-auto'],
				'node-auto-c32': {
					label: 'Hackle node, Map Automatically, option Concurrency 32',
					nodes: () => [
						ours('hackle', { resource: 'event', operation: 'trackEvent', inputMode: 'auto', sourcePath: '', options: { concurrency: 32 } }, CRED.hackle, 'Hackle'),
					],
					requests: perItem,
				},
				'http-json': hackleTrack.variants['http-json'],
			},
		},
		{
			key: 'adropTrack',
			title: 'Adrop Track Event',
			kind: 'perItem',
			fake: 'adrop',
			path: '/event',
			items: 'adropTrack',
			sizes: [SIZES.small, SIZES.medium],
			floorHeaders: { authorization: FAKE_KEYS.adrop.appKey },
			events: (items) => items,
			variants: {
				'node-auto': {
					label: 'Adrop node, Map Automatically',
					nodes: () => [ours('adrop', { resource: 'event', operation: 'trackEvent', inputMode: 'auto', sourcePath: '', options: {} }, CRED.adrop, 'Adrop')],
					requests: perItem,
				},
				'node-define': {
					label: 'Adrop node, Define Below (4 expressions)',
					nodes: () => [
						ours(
							'adrop',
							{
								resource: 'event',
								operation: 'trackEvent',
								inputMode: 'define',
								uid: '={{ $json.uid }}',
								eventName: 'view_item',
								platform: 'web',
								item_id: '={{ $json.item_id }}',
								viewItemFields: { item_name: '={{ $json.item_name }}', price: '={{ $json.price }}' },
								options: {},
							},
							CRED.adrop,
							'Adrop',
						),
					],
					requests: perItem,
				},
				'http-json': {
					label: 'HTTP Request, body {{ JSON.stringify($json) }}',
					nodes: (f) => [httpRequest(`${f.adrop.baseUrl}/event`, CRED.adropHeader, { json: '={{ JSON.stringify($json) }}' })],
					requests: perItem,
				},
				'http-fields': {
					label: 'HTTP Request, 4 fields {{ $json.x }} + 2 fixed',
					nodes: (f) => [
						httpRequest(`${f.adrop.baseUrl}/event`, CRED.adropHeader, {
							fields: [
								['uid', '={{ $json.uid }}'],
								['eventName', 'view_item'],
								['platform', 'web'],
								['item_id', '={{ $json.item_id }}'],
								['item_name', '={{ $json.item_name }}'],
								['price', '={{ $json.price }}'],
							],
						}),
					],
					requests: perItem,
				},
			},
		},
		{
			key: 'chabokUser',
			title: 'Chabok Track Event by user (the node: bulk to trackBulk)',
			kind: 'batched',
			fake: 'chabok',
			path: '/api/installations/trackBulk',
			batch: 1000,
			items: 'chabokUser',
			sizes: [SIZES.small, SIZES.medium],
			floorHeaders: { 'x-access-token': FAKE_KEYS.chabok.accessToken },
			floorBody: (chunk) => chunk,
			events: (items) => items,
			variants: {
				'node-auto': {
					label: 'Chabok node, Map Automatically',
					nodes: () => [ours('chabok', { resource: 'event', operation: 'trackEvent', inputMode: 'auto', sourcePath: '', options: {} }, CRED.chabok, 'Chabok')],
					requests: (n) => Math.ceil(n / 1000),
				},
				'node-define': {
					label: 'Chabok node, Define Below (5 expressions)',
					nodes: () => [
						ours(
							'chabok',
							{
								resource: 'event',
								operation: 'trackEvent',
								inputMode: 'define',
								identifyBy: 'userId',
								userId: '={{ $json.userId }}',
								eventName: '={{ $json.eventName }}',
								additionalFields: { eventTime: '={{ $json.eventTime }}' },
								eventDataMode: 'keyValue',
								eventData: {
									property: [
										{ key: 'sku', value: '={{ $json.eventData.sku }}' },
										{ key: 'price', value: '={{ $json.eventData.price }}' },
									],
								},
								options: {},
							},
							CRED.chabok,
							'Chabok',
						),
					],
					requests: (n) => Math.ceil(n / 1000),
				},
				'http-json': {
					label: 'HTTP Request, body {{ JSON.stringify($json) }}',
					nodes: (f) => [httpRequest(`${f.chabok.baseUrl}/api/installations/track`, CRED.chabokHeader, { json: '={{ JSON.stringify($json) }}' })],
					requests: perItem,
				},
				'http-fields': {
					label: 'HTTP Request, 5 fields {{ $json.x }}',
					nodes: (f) => [
						httpRequest(`${f.chabok.baseUrl}/api/installations/track`, CRED.chabokHeader, {
							fields: [
								['userId', '={{ $json.userId }}'],
								['eventName', '={{ $json.eventName }}'],
								['eventTime', '={{ $json.eventTime }}'],
								['eventData.sku', '={{ $json.eventData.sku }}'],
								['eventData.price', '={{ $json.eventData.price }}'],
							],
						}),
					],
					requests: perItem,
				},
			},
		},
		{
			key: 'adropPurchase',
			title: 'Adrop Track Purchase',
			kind: 'perItem',
			fake: 'adrop',
			path: '/event',
			items: 'adropPurchase',
			sizes: [SIZES.small, SIZES.medium],
			floorHeaders: { authorization: FAKE_KEYS.adrop.appKey },
			events: (items) => items,
			variants: {
				'node-auto': {
					label: 'Adrop node, Track Purchase, Map Automatically (one order per item)',
					nodes: () => [
						ours('adrop', { resource: 'event', operation: 'trackPurchase', beginCheckout: false, inputMode: 'auto', sourcePath: '', grouping: 'order', options: {} }, CRED.adrop, 'Adrop'),
					],
					requests: perItem,
				},
				'http-json': {
					label: 'HTTP Request, body {{ JSON.stringify($json) }}',
					nodes: (f) => [httpRequest(`${f.adrop.baseUrl}/event`, CRED.adropHeader, { json: '={{ JSON.stringify($json) }}' })],
					requests: perItem,
				},
			},
		},
		{
			key: 'chabokPurchase',
			title: 'Chabok Track Purchase',
			kind: 'perItem',
			fake: 'chabok',
			path: '/api/installations/trackPurchase',
			items: 'chabokPurchase',
			sizes: [SIZES.small, SIZES.medium],
			floorHeaders: { 'x-access-token': FAKE_KEYS.chabok.accessToken },
			events: (items) => items,
			variants: {
				'node-auto': {
					label: 'Chabok node, Track Purchase, Map Automatically',
					nodes: () => [ours('chabok', { resource: 'purchase', operation: 'trackPurchase', inputMode: 'auto', sourcePath: '', options: {} }, CRED.chabok, 'Chabok')],
					requests: perItem,
				},
				'http-json': {
					label: 'HTTP Request, body {{ JSON.stringify($json) }}',
					nodes: (f) => [httpRequest(`${f.chabok.baseUrl}/api/installations/trackPurchase`, CRED.chabokHeader, { json: '={{ JSON.stringify($json) }}' })],
					requests: perItem,
				},
			},
		},
		{
			key: 'hacklePush',
			title: 'Hackle Send Push',
			kind: 'batched',
			fake: 'hackle',
			path: '/v1/push-message/trigger/send',
			items: 'hacklePush',
			batch: 50,
			sizes: [SIZES.small, SIZES.medium, SIZES.large],
			floorHeaders: { 'x-hackle-api-key': FAKE_KEYS.hackle.apiKey },
			floorBody: (chunk) => ({ campaignKey: 1, users: chunk }),
			events: (items) => items.map((user) => ({ campaignKey: 1, user })),
			variants: {
				'node-auto': {
					label: 'Hackle node, Send Push, Map Automatically (50 users per request)',
					nodes: () => [ours('hackle', { resource: 'pushMessage', operation: 'sendPush', campaignKey: 1, inputMode: 'auto', sourcePath: '', options: {} }, CRED.hackle, 'Hackle')],
					requests: (n) => Math.ceil(n / 50),
				},
				'node-auto-lean': {
					label: 'Hackle node, Send Push, Map Automatically, option Include Sent Payload off',
					nodes: () => [ours('hackle', { resource: 'pushMessage', operation: 'sendPush', campaignKey: 1, inputMode: 'auto', sourcePath: '', options: { includeSent: false } }, CRED.hackle, 'Hackle')],
					requests: (n) => Math.ceil(n / 50),
					minSize: SIZES.large,
				},
				'http-per-item': {
					label: 'HTTP Request per item, body {{ JSON.stringify({ campaignKey: 1, users: [$json] }) }}',
					nodes: (f) => [
						httpRequest(`${f.hackle.baseUrl}/v1/push-message/trigger/send`, CRED.hacklePushHeader, { json: '={{ JSON.stringify({ campaignKey: 1, users: [$json] }) }}' }),
					],
					requests: perItem,
					maxSize: SIZES.medium,
				},
			},
		},
		{
			key: 'traintracks',
			title: 'Traintracks Send Batch',
			kind: 'batched',
			fake: 'traintracks',
			path: '/v1/events',
			items: 'traintracks',
			batch: 100,
			sizes: [SIZES.small, SIZES.medium, SIZES.large, SIZES.huge],
			floorHeaders: { 'x-product-key': TT.productKey, 'remote-address': '1.2.3.4' },
			floorSign: TT.productSecret,
			floorBody: (chunk) => chunk,
			events: (items) => items,
			variants: {
				'node-auto': {
					label: 'Traintracks node, Map Automatically (100 events per request)',
					nodes: () => [ours('traintracks', { resource: 'event', operation: 'sendBatch', inputMode: 'auto', sourcePath: '', options: {} }, CRED.traintracks, 'Traintracks')],
					requests: (n) => Math.ceil(n / 100),
				},
				'node-auto-lean': {
					label: 'Traintracks node, Map Automatically, option Include Sent Payload off',
					nodes: () => [ours('traintracks', { resource: 'event', operation: 'sendBatch', inputMode: 'auto', sourcePath: '', options: { includeSent: false } }, CRED.traintracks, 'Traintracks')],
					requests: (n) => Math.ceil(n / 100),
					minSize: SIZES.large,
				},
				'node-auto-lean-unsaved': {
					label: 'Traintracks node, Include Sent Payload off, workflow setting Save Successful Production Executions: Do Not Save',
					nodes: () => [ours('traintracks', { resource: 'event', operation: 'sendBatch', inputMode: 'auto', sourcePath: '', options: { includeSent: false } }, CRED.traintracks, 'Traintracks')],
					requests: (n) => Math.ceil(n / 100),
					settings: { saveDataSuccessExecution: 'none' },
					minSize: SIZES.large,
					// Not in the full table (no per-node times to read back): BENCH_ONLY names it.
					onDemand: true,
				},
				'http-aggregate': {
					label: 'Aggregate (all items) → Crypto MD5 → HTTP Request: one request with every event',
					nodes: (f) => [
						{
							name: 'Aggregate',
							type: 'n8n-nodes-base.aggregate',
							typeVersion: 1,
							parameters: { aggregate: 'aggregateAllItemData', destinationFieldName: 'data', options: {} },
						},
						{
							name: 'Crypto',
							type: 'n8n-nodes-base.crypto',
							typeVersion: 2,
							parameters: { action: 'hash', type: 'MD5', value: `={{ JSON.stringify($json.data) }}${TT.productSecret}`, dataPropertyName: 'signature', encoding: 'hex' },
						},
						httpRequestRaw(`${f.traintracks.baseUrl}/v1/events`, '={{ JSON.stringify($json.data) }}', [
							['X-Product-Key', TT.productKey],
							['X-Product-Auth', '={{ $json.signature }}'],
							['Remote-Address', '1.2.3.4'],
						]),
					],
					requests: () => 1,
				},
				'http-per-item': {
					label: 'Edit Fields (body) → Crypto MD5 → HTTP Request, one request per item',
					nodes: (f) => [
						{
							name: 'Edit Fields',
							type: 'n8n-nodes-base.set',
							typeVersion: 3.4,
							parameters: {
								mode: 'manual',
								assignments: { assignments: [{ id: 'b0d1e5c0-0000-4000-8000-000000000001', name: 'body', value: '={{ JSON.stringify([$json]) }}', type: 'string' }] },
								includeOtherFields: false,
								options: {},
							},
						},
						{
							name: 'Crypto',
							type: 'n8n-nodes-base.crypto',
							typeVersion: 2,
							parameters: { action: 'hash', type: 'MD5', value: `={{ $json.body }}${TT.productSecret}`, dataPropertyName: 'signature', encoding: 'hex' },
						},
						httpRequestRaw(`${f.traintracks.baseUrl}/v1/events`, '={{ $json.body }}', [
							['X-Product-Key', TT.productKey],
							['X-Product-Auth', '={{ $json.signature }}'],
							['Remote-Address', '1.2.3.4'],
						]),
					],
					requests: perItem,
					maxSize: SIZES.medium,
				},
			},
		},
		{
			key: 'chabokBulk',
			title: 'Chabok Track Event, bulk by installation',
			kind: 'batched',
			fake: 'chabok',
			path: '/api/installations/trackBulk',
			items: 'chabokInstallation',
			batch: 1000,
			sizes: [SIZES.small, SIZES.medium, SIZES.large],
			floorHeaders: { 'x-access-token': FAKE_KEYS.chabok.accessToken },
			floorBody: (chunk) => chunk,
			events: (items) => items,
			variants: {
				'node-auto': {
					label: 'Chabok node, Map Automatically (bulk: 1,000 events per request)',
					nodes: () => [ours('chabok', { resource: 'event', operation: 'trackEvent', inputMode: 'auto', sourcePath: '', options: {} }, CRED.chabok, 'Chabok')],
					requests: (n) => Math.ceil(n / 1000),
				},
				'node-auto-lean': {
					label: 'Chabok node, Map Automatically, option Include Sent Payload off',
					nodes: () => [ours('chabok', { resource: 'event', operation: 'trackEvent', inputMode: 'auto', sourcePath: '', options: { includeSent: false } }, CRED.chabok, 'Chabok')],
					requests: (n) => Math.ceil(n / 1000),
					minSize: SIZES.large,
				},
				'http-per-item': {
					label: 'HTTP Request per item, body {{ JSON.stringify($json) }}',
					nodes: (f) => [httpRequest(`${f.chabok.baseUrl}/api/installations/track`, CRED.chabokHeader, { json: '={{ JSON.stringify($json) }}' })],
					requests: perItem,
					maxSize: SIZES.medium,
				},
			},
		},
		baseline('baselineTraintracks', 'traintracks', 'Traintracks-shaped items'),
		baseline('baselinePush', 'hacklePush', 'Hackle push user items'),
		baseline('baselineChabokBulk', 'chabokInstallation', 'Chabok installation events'),
	];
}

/** Webhook → Make items (Code) → the variant's nodes, chained. */
export function benchWorkflow({ id, name, path, itemsKey, nodes, settings }) {
	const uuid = (text) => uuidFrom(`${id}|${text}`);
	const chain = [
		// Answers when the last node is done (no data): the bench waits on this answer instead of polling n8n.
		webhookNode({ path, responseData: 'noData', ids: id }),
		{
			id: uuid('code'),
			name: 'Make items',
			type: 'n8n-nodes-base.code',
			typeVersion: 2,
			parameters: { mode: 'runOnceForAllItems', language: 'javaScript', jsCode: codeNodeText(itemsKey) },
		},
		...nodes.map((node) => ({ id: uuid(node.name), ...node })),
	];
	chain.forEach((node, index) => (node.position = [240 + 220 * index, 300]));
	const workflow = workflowJson({ id, name, nodes: chain, connections: chainConnections(chain) });
	return settings ? { ...workflow, settings: { ...workflow.settings, ...settings } } : workflow;
}
