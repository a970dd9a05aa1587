import nock from 'nock';

import { baseHeaders, forbidNetwork, intercept, withoutHost } from './helpers/capture';
import examples from './fixtures/api-doc-examples.json';
import { runNode } from './helpers/harness';

const SDK_KEY = 'YOUR_SDK_KEY_HERE';
const API_KEY = 'YOUR_API_KEY_HERE';
const HOST = 'https://api.hackle.io';
const credentials = { hackleApi: { sdkSecretKey: SDK_KEY, apiKey: API_KEY } };
const fast = { retryDelayMs: 5, maxRetries: 3 };

// The -d body of the curl example in Hackle's track document (000_…txt).
const TRACK_DOC_BODY = examples.hackle.track;

// The -d body of the curl example in Hackle's push document (001_…txt).
const PUSH_DOC_BODY = examples.hackle.push;

const trackDefine = {
	resource: 'event',
	operation: 'trackEvent',
	eventKey: 'purchase',
	userId: '19285035',
	deviceId: 'ae2182e0',
	eventPropertiesMode: 'json',
	eventPropertiesJson: JSON.stringify(TRACK_DOC_BODY.event.properties),
	userIdentifiers: {
		property: [
			{ key: 'sessionId', value: '16930492542' },
			{ key: 'myCustomId', value: 'ff01eae2' },
		],
	},
	userPropertiesMode: 'json',
	userPropertiesJson: JSON.stringify(TRACK_DOC_BODY.user.properties),
};

const pushAuto = (extra: Record<string, unknown> = {}) => ({
	resource: 'pushMessage',
	operation: 'sendPush',
	campaignKey: '={{ $json.campaign }}',
	inputMode: 'auto',
	sourcePath: 'user',
	options: fast,
	...extra,
});

forbidNetwork();

describe('Hackle → Track Event', () => {
	it('sends the document example exactly: method, URL, every header, body (Define Below)', async () => {
		const { requests, scope } = intercept(HOST, 'POST', '/v1/track', () => [200]);
		const result = await runNode({ node: 'hackle', parameters: trackDefine, items: [{}], credentials });
		expect(result.error).toBeUndefined();
		expect(scope.isDone()).toBe(true);
		const [request] = requests;
		expect(request.method).toBe('POST');
		expect(request.url).toBe('https://api.hackle.io/v1/track');
		expect(request.rawBody).toBe(JSON.stringify(TRACK_DOC_BODY));
		expect(withoutHost(request.headers)).toEqual({
			...baseHeaders(request.rawBody),
			'x-hackle-api-key': SDK_KEY,
		});
		expect(result.items).toHaveLength(1);
		expect(result.items[0].json).toMatchObject({ success: true, statusCode: 200, sent: TRACK_DOC_BODY });
		expect(result.items[0].pairedItem).toEqual({ item: 0 });
	});

	it('Map Automatically sends the same bytes from a Webhook-shaped item', async () => {
		const { requests } = intercept(HOST, 'POST', '/v1/track', () => [200]);
		const result = await runNode({
			node: 'hackle',
			parameters: { resource: 'event', operation: 'trackEvent', inputMode: 'auto', sourcePath: 'body' },
			items: [{ headers: { host: 'x' }, body: TRACK_DOC_BODY }],
			credentials,
		});
		expect(result.error).toBeUndefined();
		expect(requests[0].rawBody).toBe(JSON.stringify(TRACK_DOC_BODY));
		expect(withoutHost(requests[0].headers)).toEqual({ ...baseHeaders(requests[0].rawBody), 'x-hackle-api-key': SDK_KEY });
	});

	it('reads the credential once and fixed parameters once for many items', async () => {
		const { requests } = intercept(HOST, 'POST', '/v1/track', () => [200], 25);
		const result = await runNode({
			node: 'hackle',
			parameters: { ...trackDefine, userId: '={{ $json.id }}' },
			items: Array.from({ length: 25 }, (_, i) => ({ id: `u${i}` })),
			credentials,
		});
		expect(result.error).toBeUndefined();
		expect(requests).toHaveLength(25);
		expect(new Set(requests.map((r) => (r.body as { user: { userId: string } }).user.userId)).size).toBe(25);
		expect(result.credentialReads).toBe(1);
		expect(result.items.map((i) => i.pairedItem)).toEqual(Array.from({ length: 25 }, (_, item) => ({ item })));
	});

	it('retries a 429 after Retry-After and delivers once', async () => {
		const started = Date.now();
		const { requests } = intercept(
			HOST,
			'POST',
			'/v1/track',
			(_r, n) => (n === 0 ? [429, { message: 'slow down' }, { 'Retry-After': '1' }] : [200]),
			2,
		);
		const result = await runNode({ node: 'hackle', parameters: { ...trackDefine, options: fast }, items: [{}], credentials });
		expect(result.error).toBeUndefined();
		expect(requests).toHaveLength(2);
		expect(requests[1].rawBody).toBe(requests[0].rawBody);
		expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
		expect(result.items[0].json).toMatchObject({ success: true, request: { attempts: 2 } });
	});

	it('never retries a 400 or 401, and reports it on the item', async () => {
		const { requests } = intercept(HOST, 'POST', '/v1/track', () => [401, { message: 'unauthorized' }], 1);
		const result = await runNode({
			node: 'hackle',
			parameters: { ...trackDefine, options: fast },
			items: [{}],
			credentials,
			continueOnFail: true,
		});
		expect(requests).toHaveLength(1);
		expect(result.items[0].json).toMatchObject({ success: false, httpCode: '401' });
		expect(String(result.items[0].json.error)).toContain('HTTP 401');
	});

	it('stops retrying at Max Retries', async () => {
		const { requests } = intercept(HOST, 'POST', '/v1/track', () => [503], 3);
		const result = await runNode({
			node: 'hackle',
			parameters: { ...trackDefine, options: { retryDelayMs: 1, maxRetries: 2 } },
			items: [{}],
			credentials,
			continueOnFail: true,
		});
		expect(requests).toHaveLength(3);
		expect(result.items[0].json).toMatchObject({ success: false, httpCode: '503' });
		expect(String(result.items[0].json.description)).toContain('Gave up after 3 attempts');
	});

	it.each([
		['missing event key', { eventKey: '={{ "" }}' }, 'event.key'],
		['no user identifier', { userId: '', deviceId: '', userIdentifiers: {} }, 'user.userId'],
		['properties JSON that does not parse', { eventPropertiesJson: '{"a": ' }, 'event.properties'],
		['a property value of the wrong type', { userPropertiesJson: '{"tags": ["a", "b"]}' }, 'user.properties.tags'],
		['an identifier that is not a string', { userIdentifiers: { property: [{ key: 'n', value: '={{ 5 }}' }] } }, 'user.identifiers.n'],
	])('rejects %s before sending, naming item and field', async (_name, change, field) => {
		const result = await runNode({ node: 'hackle', parameters: { ...trackDefine, ...change }, items: [{}], credentials });
		expect(result.error?.message).toContain('item 0');
		expect(result.error?.message).toContain(field);
		expect(result.items).toHaveLength(0);
	});

	it('rejects a field Hackle does not document in Map Automatically mode', async () => {
		const result = await runNode({
			node: 'hackle',
			parameters: { resource: 'event', operation: 'trackEvent', inputMode: 'auto' },
			items: [{ ...TRACK_DOC_BODY, extra: 1 }],
			credentials,
		});
		expect(result.error?.message).toMatch(/item 0.*\(body\).*extra/);
	});

	it('says which key is missing from the credential', async () => {
		const result = await runNode({
			node: 'hackle',
			parameters: trackDefine,
			items: [{}],
			credentials: { hackleApi: { apiKey: API_KEY } },
		});
		expect(result.error?.message).toBe('The Hackle API credential has no Server SDK Key, which Track Event needs');
	});

	it.each([
		['ftp://api.hackle.io', 'scheme "ftp"'],
		['http://api.hackle.io', 'http is allowed only to this machine'],
		['http://10.0.0.5:8080', 'http is allowed only to this machine'],
	])('refuses the base URL %s', async (baseUrl, text) => {
		const result = await runNode({
			node: 'hackle',
			parameters: trackDefine,
			items: [{}],
			credentials: { hackleApi: { ...credentials.hackleApi, baseUrl } },
		});
		expect(result.error?.message).toContain(text);
	});

	it('accepts an http base URL on loopback', async () => {
		const { requests } = intercept('http://127.0.0.1:9555', 'POST', '/v1/track', () => [200]);
		const result = await runNode({
			node: 'hackle',
			parameters: trackDefine,
			items: [{}],
			credentials: { hackleApi: { ...credentials.hackleApi, baseUrl: 'http://127.0.0.1:9555/' } },
		});
		expect(result.error).toBeUndefined();
		expect(requests[0].url).toBe('http://127.0.0.1:9555/v1/track');
	});
});

describe('Hackle → Send Push', () => {
	it('sends the document example exactly and returns the dispatchId', async () => {
		const { requests } = intercept(HOST, 'POST', '/v1/push-message/trigger/send', () => [
			200,
			{ dispatchId: 'bac3da45-f6e3-44ea-989e-e0fa0ffc9f5c', message: 'success' },
		]);
		const result = await runNode({
			node: 'hackle',
			parameters: {
				resource: 'pushMessage',
				operation: 'sendPush',
				campaignKey: 1,
				userId: 'eb24b2d8-21a3-4e95-b801-626ba0904e01',
				apiProperties: { property: [{ key: 'productNumber', value: '123' }] },
			},
			items: [{}],
			credentials,
		});
		expect(result.error).toBeUndefined();
		const [request] = requests;
		expect(request.url).toBe('https://api.hackle.io/v1/push-message/trigger/send');
		expect(request.rawBody).toBe(JSON.stringify(PUSH_DOC_BODY));
		expect(withoutHost(request.headers)).toEqual({ ...baseHeaders(request.rawBody), 'x-hackle-api-key': API_KEY });
		expect(result.items[0].json).toMatchObject({
			success: true,
			campaignKey: 1,
			dispatchId: 'bac3da45-f6e3-44ea-989e-e0fa0ffc9f5c',
		});
	});

	it('Map Automatically sends the same bytes for the document example', async () => {
		const { requests } = intercept(HOST, 'POST', '/v1/push-message/trigger/send', () => [
			200,
			{ dispatchId: 'bac3da45-f6e3-44ea-989e-e0fa0ffc9f5c', message: 'success' },
		]);
		const result = await runNode({
			node: 'hackle',
			parameters: { resource: 'pushMessage', operation: 'sendPush', campaignKey: 1, inputMode: 'auto', sourcePath: 'body' },
			items: [{ body: { apiProperties: { productNumber: '123' }, userId: 'eb24b2d8-21a3-4e95-b801-626ba0904e01' } }],
			credentials,
		});
		expect(result.error).toBeUndefined();
		expect(requests[0].rawBody).toBe(JSON.stringify(PUSH_DOC_BODY));
		expect(withoutHost(requests[0].headers)).toEqual({ ...baseHeaders(requests[0].rawBody), 'x-hackle-api-key': API_KEY });
	});

	it('groups 120 users of 3 campaign keys into the fewest requests of at most 50 and maps dispatchIds back', async () => {
		// 65 users for campaign 7, 45 for campaign 8, 10 for campaign 9: ceil(65/50) + 1 + 1 = 4 requests.
		const campaignOf = (i: number) => (i < 65 ? 7 : i < 110 ? 8 : 9);
		const items = Array.from({ length: 120 }, (_, i) => ({
			campaign: campaignOf(i),
			user: i % 2 ? { userId: `user-${i}` } : { deviceId: `device-${i}`, apiProperties: { n: i, vip: i % 3 === 0 } },
		}));
		const { requests } = intercept(
			HOST,
			'POST',
			'/v1/push-message/trigger/send',
			(_r, n) => [200, { dispatchId: `dispatch-${n}`, message: 'success' }],
			4,
		);
		const result = await runNode({ node: 'hackle', parameters: pushAuto(), items, credentials });
		expect(result.error).toBeUndefined();
		expect(requests).toHaveLength(4);
		const sizes = requests.map((r) => (r.body as { users: unknown[] }).users.length).sort((a, b) => a - b);
		expect(sizes).toEqual([10, 15, 45, 50]);
		for (const request of requests) {
			const body = request.body as { campaignKey: number; users: Array<{ userId?: string; deviceId?: string }> };
			for (const user of body.users) {
				const index = Number((user.userId ?? user.deviceId)!.split('-')[1]);
				expect(campaignOf(index)).toBe(body.campaignKey);
			}
		}
		// Each item's dispatchId is the one of the request that carried its user.
		result.items.forEach((item, i) => {
			const n = requests.findIndex((r) =>
				(r.body as { users: Array<{ userId?: string; deviceId?: string }> }).users.some(
					(u) => (u.userId ?? u.deviceId) === (i % 2 ? `user-${i}` : `device-${i}`),
				),
			);
			expect(item.json.dispatchId).toBe(`dispatch-${n}`);
			expect(item.json.campaignKey).toBe(campaignOf(i));
			expect(item.pairedItem).toEqual({ item: i });
		});
	});

	it('an item may carry a list of users', async () => {
		const { requests } = intercept(HOST, 'POST', '/v1/push-message/trigger/send', () => [200, { dispatchId: 'd1', message: 'success' }]);
		const result = await runNode({
			node: 'hackle',
			parameters: {
				resource: 'pushMessage',
				operation: 'sendPush',
				campaignKey: 3,
				usersInput: 'list',
				usersJson: '={{ JSON.stringify($json.users) }}',
			},
			items: [{ users: [{ userId: 'a' }, { deviceId: 'b' }] }, { users: [{ userId: 'c' }] }],
			credentials,
		});
		expect(result.error).toBeUndefined();
		expect(requests).toHaveLength(1);
		expect(requests[0].body).toEqual({ campaignKey: 3, users: [{ userId: 'a' }, { deviceId: 'b' }, { userId: 'c' }] });
		expect(result.items[0].json.users).toEqual([{ userId: 'a' }, { deviceId: 'b' }]);
	});

	// A push is never resent after an answer that may have been recorded (a
	// repeated push reaches a phone twice): 500 fails its users at once.
	describe('a 500 on one request of several', () => {
		const items = Array.from({ length: 150 }, (_, i) => ({ campaign: 5, user: { userId: `u${i}` } }));
		const respond = (request: { body: unknown }): [number, unknown] =>
			(request.body as { users: Array<{ userId: string }> }).users[0].userId === 'u50'
				? [500, { message: 'internal' }]
				: [200, { dispatchId: 'ok', message: 'success' }];

		it('fails only its own items with continueOnFail', async () => {
			const { requests } = intercept(HOST, 'POST', '/v1/push-message/trigger/send', respond, 3 + 3);
			const result = await runNode({
				node: 'hackle',
				parameters: pushAuto({ options: { retryDelayMs: 1, maxRetries: 3 } }),
				items,
				credentials,
				continueOnFail: true,
			});
			expect(result.error).toBeUndefined();
			// 3 requests, the failing one sent once: Hackle may have recorded it.
			expect(requests).toHaveLength(3);
			const failed = result.items.flatMap((item, i) => (item.json.success === false ? [i] : []));
			expect(failed).toEqual(Array.from({ length: 50 }, (_, k) => 50 + k));
			expect(result.items[60].json).toMatchObject({ success: false, mayBeRecorded: true, httpCode: '500' });
			expect(result.items[60].json.error).toContain('Hackle may have recorded item 60: HTTP 500 (request 2 of 3, 50 entries)');
			expect(result.items[60].pairedItem).toEqual({ item: 60 });
			expect(result.items[0].json).toMatchObject({ success: true, dispatchId: 'ok' });
		});

		it('without continueOnFail delivers the others and fails the execution naming the items', async () => {
			const { requests } = intercept(HOST, 'POST', '/v1/push-message/trigger/send', respond, 3);
			const result = await runNode({
				node: 'hackle',
				parameters: pushAuto({ options: { retryDelayMs: 1, maxRetries: 3 } }),
				items,
				credentials,
			});
			expect(requests).toHaveLength(3);
			expect(result.error?.message).toContain('may have recorded item 50');
			expect(result.error?.context).toMatchObject({ mayBeRecordedItems: Array.from({ length: 50 }, (_, k) => 50 + k) });
			expect(result.error?.message).toContain('Failed items: 50, 51');
			expect(result.error?.message).toContain('100 other item(s) were delivered');
		});
	});

	it('is At Most Once even when a workflow asks for At Least Once (no Delivery option on Send Push)', async () => {
		const { requests } = intercept(HOST, 'POST', '/v1/push-message/trigger/send', () => [502, 'Bad Gateway'], 1);
		const result = await runNode({
			node: 'hackle',
			parameters: pushAuto({ options: { retryDelayMs: 1, maxRetries: 3, delivery: 'atLeastOnce' } }),
			items: [{ campaign: 5, user: { userId: 'a' } }],
			credentials,
			continueOnFail: true,
		});
		expect(requests).toHaveLength(1);
		expect(result.items[0].json).toMatchObject({ success: false, mayBeRecorded: true, httpCode: '502' });
	});

	it('resends a push only after 429 or 503 (nothing can have been recorded)', async () => {
		const { requests } = intercept(HOST, 'POST', '/v1/push-message/trigger/send', (_r, n) => (n === 0 ? [429] : n === 1 ? [503] : [200, { dispatchId: 'd1', message: 'success' }]), 3);
		const result = await runNode({
			node: 'hackle',
			parameters: pushAuto({ options: { retryDelayMs: 1, maxRetries: 3 } }),
			items: [{ campaign: 5, user: { userId: 'a' } }],
			credentials,
		});
		expect(result.error).toBeUndefined();
		expect(requests).toHaveLength(3);
		expect(new Set(requests.map((r) => r.rawBody)).size).toBe(1);
		expect(result.items[0].json).toMatchObject({ success: true, dispatchId: 'd1', request: { attempts: 3 } });
		expect(result.items[0].json.request).not.toHaveProperty('mayBeDuplicated');
	});

	it('turns documented error codes into plain messages, keeping the code', async () => {
		intercept(HOST, 'POST', '/v1/push-message/trigger/send', () => [
			400,
			{ code: 'CAMPAIGN_NOT_FOUND', message: 'Could not find push message campaign with the given key' },
		]);
		const result = await runNode({
			node: 'hackle',
			parameters: pushAuto({ campaignKey: 999 }),
			items: [{ user: { userId: 'a' } }],
			credentials,
			continueOnFail: true,
		});
		expect(result.items[0].json.error).toContain('No API-triggered push campaign has this campaign key');
		expect(result.items[0].json.error).toContain('CAMPAIGN_NOT_FOUND');
		expect(result.items[0].json.httpCode).toBe('400');
	});

	it.each([
		['a non-numeric campaign key', {}, { campaign: 'abc', user: { userId: 'a' } }, 'campaignKey'],
		['a user with neither id', {}, { user: { apiProperties: { a: '1' } } }, 'users[0].userId'],
		['an apiProperties value of the wrong type', {}, { user: { userId: 'a', apiProperties: { a: { b: 1 } } } }, 'users[0].apiProperties.a'],
		['a field Hackle does not document', {}, { user: { userId: 'a', email: 'x@y' } }, 'users[0]'],
	])('rejects %s before sending, naming item and field', async (_name, change, item, field) => {
		const result = await runNode({
			node: 'hackle',
			parameters: pushAuto(change),
			items: [{ campaign: 1, user: { userId: 'ok' } }, { campaign: 1, ...item }],
			credentials,
		});
		expect(result.error?.message).toContain('item 1');
		expect(result.error?.message).toContain(field);
	});

	it('with continueOnFail sends the valid items and reports the invalid one', async () => {
		const { requests } = intercept(HOST, 'POST', '/v1/push-message/trigger/send', () => [200, { dispatchId: 'd', message: 'success' }]);
		const result = await runNode({
			node: 'hackle',
			parameters: pushAuto(),
			items: [{ campaign: 1, user: { userId: 'a' } }, { campaign: 1, user: {} }, { campaign: 1, user: { userId: 'c' } }],
			credentials,
			continueOnFail: true,
		});
		expect(requests).toHaveLength(1);
		expect(requests[0].body).toEqual({ campaignKey: 1, users: [{ userId: 'a' }, { userId: 'c' }] });
		expect(result.items[1].json).toMatchObject({ success: false });
		expect(result.items[1].json.error).toContain('users[0].userId');
	});
});

afterAll(() => nock.restore());

describe('Custom API Call (added by n8n to the dropdowns)', () => {
	it('points to the HTTP Request node and sends nothing', async () => {
		const result = await runNode({
			node: 'hackle',
			parameters: { resource: '__CUSTOM_API_CALL__', operation: '__CUSTOM_API_CALL__' },
			items: [{}],
			credentials,
		});
		expect(result.error?.message).toBe("Custom API Call is done with n8n's HTTP Request node");
	});
});
