import nock from 'nock';

import { runNode } from './helpers/harness';

const SDK_KEY = 'YOUR_SDK_KEY_HERE';
const credentials = { hackleApi: { sdkSecretKey: SDK_KEY, apiKey: 'YOUR_API_KEY_HERE' } };

// The body of the curl example in Hackle's track document (000_…txt).
const DOC_BODY = {
	event: { key: 'purchase', properties: { paymentMethod: 'CARD', discountAmount: 420 } },
	user: {
		userId: '19285035',
		deviceId: 'ae2182e0',
		identifiers: { sessionId: '16930492542', myCustomId: 'ff01eae2' },
		properties: { grade: 'GOLD', age: 30, isLogin: true },
	},
};

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

describe('Hackle → Track Event', () => {
	it('sends the document example byte for byte (define mode)', async () => {
		let rawBody = '';
		let headers: Record<string, unknown> = {};
		const scope = nock('https://api.hackle.io')
			.post('/v1/track', (body) => {
				rawBody = JSON.stringify(body);
				return true;
			})
			.reply(function (_uri, body) {
				headers = this.req.headers;
				rawBody = typeof body === 'string' ? body : JSON.stringify(body);
				return [200, ''];
			});
		const result = await runNode({
			node: 'hackle',
			parameters: {
				resource: 'event',
				operation: 'trackEvent',
				eventKey: 'purchase',
				userId: '19285035',
				deviceId: 'ae2182e0',
				eventPropertiesMode: 'json',
				eventPropertiesJson: JSON.stringify(DOC_BODY.event.properties),
				userIdentifiersMode: 'keyValue',
				userIdentifiers: {
					property: [
						{ key: 'sessionId', value: '16930492542' },
						{ key: 'myCustomId', value: 'ff01eae2' },
					],
				},
				userPropertiesMode: 'json',
				userPropertiesJson: JSON.stringify(DOC_BODY.user.properties),
			},
			items: [{}],
			credentials,
		});
		expect(result.error).toBeUndefined();
		expect(scope.isDone()).toBe(true);
		expect(rawBody).toBe(JSON.stringify(DOC_BODY));
		expect(headers['x-hackle-api-key']).toBe(SDK_KEY);
		expect(headers['content-type']).toBe('application/json');
		expect(result.items[0].json).toMatchObject({ success: true, statusCode: 200, sent: DOC_BODY });
		expect(result.items[0].pairedItem).toEqual({ item: 0 });
	});
});
