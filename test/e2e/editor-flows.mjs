// What test/e2e/editor-click.mjs clicks through, per provider: the node and action to pick, the
// credential's fields (pointed at the fake), the fields a user types, the one Additional Field / Option
// added, what the fake must receive and the output panel must show, and the bad value whose error must
// name the field. Field names are the node's parameter names (n8n's data-test-id="parameter-input-<name>").

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
