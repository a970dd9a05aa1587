// What test/e2e/editor-click.mjs clicks through, per provider: the node and action to pick, the
// credential's fields (pointed at the fake), the fields a user types, the one Additional Field / Option
// added, what the fake must receive and the output panel must show, and the bad value whose error must
// name the field. Field names are the node's parameter names (n8n's data-test-id="parameter-input-<name>").

import { createHash } from 'node:crypto';

import { FAKE_KEYS } from './fakes/index.mjs';

/** @type {Array<object>} */
export const flows = [
	{
		provider: 'hackle',
		title: 'Hackle Track Event',
		search: 'Hackle',
		displayName: 'Hackle',
		action: 'Track an event',
		resource: 'Event',
		operation: 'Track Event',
		credential: ({ fake, keys }) => ({ sdkSecretKey: keys.sdkKey, apiKey: keys.apiKey, baseUrl: fake.baseUrl }),
		probePath: '/v1/track',
		fields: [
			{ name: 'eventKey', value: 'purchase' },
			{ name: 'userId', value: 'editor-user-1' },
		],
		add: { button: 'Add Field', option: 'Event Value', name: 'value', value: '2' },
		expect: {
			path: '/v1/track',
			headers: { 'x-hackle-api-key': FAKE_KEYS.hackle.sdkKey },
			body: { event: { key: 'purchase', value: 2 }, user: { userId: 'editor-user-1' } },
			accepted: 1,
			output: { success: true, statusCode: 200, sent: { event: { key: 'purchase', value: 2 }, user: { userId: 'editor-user-1' } } },
		},
		bad: { what: 'User ID (empty, no Device ID)', fields: [{ name: 'userId', value: '' }], error: /Invalid input in item 0: user\.userId is required/ },
	},
];

flows.push(
	{
		provider: 'adrop',
		title: 'Adrop Track Event',
		search: 'Adrop',
		displayName: 'Adrop',
		action: 'Track an event',
		resource: 'Event',
		operation: 'Track Event',
		credential: ({ fake, keys }) => ({ apiKey: keys.appKey, baseUrl: fake.baseUrl }),
		probePath: '/event',
		fields: [
			{ name: 'uid', value: 'editor-user-1' },
			{ name: 'eventName', choose: 'View Item' },
			{ name: 'platform', choose: 'Web' },
			{ name: 'item_id', value: 'SKU-123' },
		],
		add: { button: 'Add Field', option: 'Price', name: 'price', value: '29900' },
		expect: {
			path: '/event',
			headers: { authorization: FAKE_KEYS.adrop.appKey },
			body: { uid: 'editor-user-1', eventName: 'view_item', platform: 'web', item_id: 'SKU-123', price: 29900 },
			accepted: 1,
			output: { success: true, statusCode: 200, sent: { uid: 'editor-user-1', eventName: 'view_item', platform: 'web', item_id: 'SKU-123', price: 29900 } },
		},
		bad: { what: 'User ID (Uid) (1,025 characters)', fields: [{ name: 'uid', value: 'u'.repeat(1025) }], error: /Invalid input in item 0: uid must be at most 1024 characters/ },
	},
	{
		provider: 'traintracks',
		title: 'Traintracks Send Batch',
		search: 'Traintracks',
		displayName: 'Traintracks',
		action: 'Send events in batches',
		resource: 'Event',
		operation: 'Send Batch',
		credential: ({ fake, keys }) => ({ productKey: keys.productKey, productSecret: keys.productSecret, endpointUrl: `${fake.baseUrl}/v1/events` }),
		probePath: '/v1/events',
		fields: [
			{ name: 'eventType', value: 'store_purchase' },
			{ name: 'userId', value: '3dc6b97d-7388-11e4-bfb3-b8e8563b3f9a' },
			{ name: 'userName', value: 'typicalGamer2000' },
			{ name: 'sessionId', value: 'fff324c6-30a2-11e3-ad80-485d60066bda' },
			{ name: 'device', value: 'iPhone 5S' },
			{ name: 'build', value: '1.1.1' },
			{ name: 'clientTimestamp', value: '2026-12-06T10:00:00.000Z' },
		],
		add: { button: 'Add Option', option: 'Remote Address', name: 'remoteAddress', value: '203.0.113.7' },
		expect: {
			path: '/v1/events',
			headers: (body) => ({
				'x-product-key': FAKE_KEYS.traintracks.productKey,
				'x-product-auth': createHash('md5').update(body + FAKE_KEYS.traintracks.productSecret, 'utf8').digest('hex'),
				'remote-address': '203.0.113.7',
			}),
			body: [
				{
					build: '1.1.1',
					clientTimestamp: '2026-12-06T10:00:00.000000+00:00',
					data: {},
					device: 'iPhone 5S',
					eventType: 'store_purchase',
					userId: '3dc6b97d-7388-11e4-bfb3-b8e8563b3f9a',
					userName: 'typicalGamer2000',
					sessionId: 'fff324c6-30a2-11e3-ad80-485d60066bda',
				},
			],
			accepted: 1,
			output: { success: true, statusCode: 200 },
		},
		bad: { what: 'Event Type (with a period)', fields: [{ name: 'eventType', value: 'store.purchase' }], error: /Invalid input in item 0: eventType must not contain periods/ },
	},
	{
		provider: 'chabok',
		title: 'Chabok Track Event',
		search: 'Chabok',
		displayName: 'Chabok',
		action: 'Track an event',
		resource: 'Event',
		operation: 'Track Event',
		credential: ({ fake, keys }) => ({ accessToken: keys.accessToken, environment: { choose: 'Sandbox' }, baseUrl: `${fake.baseUrl}/api` }),
		probePath: '/api/installations/trackBulk',
		fields: [
			{ name: 'installationId', value: 'editor-installation-1' },
			{ name: 'eventName', value: 'addToCart' },
		],
		add: { button: 'Add Field', option: 'Event Time', name: 'eventTime', value: '2019-12-10T08:05:25.110Z' },
		expect: {
			path: '/api/installations/track',
			headers: { 'x-access-token': FAKE_KEYS.chabok.accessToken },
			// An empty Event Data list is sent as {} (the node's Define Below behaviour, as in the jest wire record).
			body: { installationId: 'editor-installation-1', eventName: 'addToCart', eventTime: 1575965125110, eventData: {} },
			accepted: 1,
			output: { success: true, statusCode: 200 },
		},
		bad: { what: 'Event Name (only spaces)', fields: [{ name: 'eventName', value: '   ' }], error: /Invalid input in item 0: eventName must not be empty/ },
	},
);
