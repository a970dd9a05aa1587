import { createHash } from 'node:crypto';
import nock from 'nock';

import type { Captured } from './helpers/capture';
import { baseHeaders, forbidNetwork, intercept, withoutHost } from './helpers/capture';
import examples from './fixtures/api-doc-examples.json';
import { runNode } from './helpers/harness';

const PRODUCT_UUID = 'a32e6578-17b7-11e4-930a-bc764e1c05e4';
// Not ASCII on purpose: the signature is md5 over the UTF-8 bytes of body + secret.
const PRODUCT_SECRET = 't0p-s3cret-ünïcode';
const HOST = 'https://api.traintracks.io';
const PATH = '/v1/events';
const credentials = { traintracksApi: { productKey: PRODUCT_UUID, productSecret: PRODUCT_SECRET } };
const fast = { retryDelayMs: 1, maxRetries: 3 };

// The example batch of two events in Traintracks' document (003_…txt), as published.
const DOC_EXAMPLE = examples.traintracks.batch;

// Computed outside JavaScript (Python: json.dumps(doc, separators=(",", ":")),
// hashlib.md5((body + secret).encode()).hexdigest()), so the test does not
// only compare the node's md5 with the same library call.
const DOC_EXAMPLE_SIGNATURE = 'b8aae7d3029c3b0d21d9392b12889966';

/** The signature recomputed independently from the bytes the provider received. */
function md5Of(rawBody: string, secret = PRODUCT_SECRET): string {
	return createHash('md5').update(Buffer.concat([Buffer.from(rawBody, 'utf8'), Buffer.from(secret, 'utf8')])).digest('hex');
}

function expectSigned(request: Captured, remoteAddress = '1.2.3.4'): void {
	expect(request.method).toBe('POST');
	expect(withoutHost(request.headers)).toEqual({
		...baseHeaders(request.rawBody),
		'x-product-key': PRODUCT_UUID,
		'x-product-auth': md5Of(request.rawBody),
		'remote-address': remoteAddress,
	});
	expect(request.headers['x-product-auth']).toMatch(/^[0-9a-f]{32}$/);
}

// Define Below: each varying field from the item, the rest fixed.
const defineParams = (extra: Record<string, unknown> = {}) => ({
	resource: 'event',
	operation: 'sendBatch',
	eventType: '={{ $json.eventType }}',
	userId: '={{ $json.userId }}',
	userName: '={{ $json.userName }}',
	sessionId: '={{ $json.sessionId }}',
	device: 'iPhone 5S',
	build: '1.1.1',
	clientTimestamp: '={{ $json.clientTimestamp }}',
	dataMode: 'json',
	dataJson: '={{ $json.data }}',
	additionalFields: { latitude: 37.871984, longitude: -122.25942 },
	...extra,
});

const autoParams = (extra: Record<string, unknown> = {}) => ({
	resource: 'event',
	operation: 'sendBatch',
	inputMode: 'auto',
	...extra,
});

const uuidOf = (n: number) => `00000000-0000-1000-8000-${String(n).padStart(12, '0')}`;

/** A valid event for item `n`, in the documented shape. */
const eventFor = (n: number, extra: Record<string, unknown> = {}) => ({
	build: '2.0.0',
	clientTimestamp: '2024-05-01T12:30:00.123456+02:00',
	data: { n },
	device: 'Pixel 8',
	eventType: 'level_up',
	userId: uuidOf(n),
	userName: `user-${n}`,
	sessionId: uuidOf(100000 + n),
	...extra,
});

type SentEvent = Record<string, unknown> & { userName: string; clientTimestamp: string; serverTimestamp?: string };
const eventsOf = (request: Captured) => request.body as SentEvent[];

forbidNetwork();

describe('Traintracks → Send Batch', () => {
	it("sends the document's two-event example exactly, signed over the received bytes (Define Below)", async () => {
		const { requests, scope } = intercept(HOST, 'POST', PATH, () => [200, { status: 'ok' }]);
		const result = await runNode({ node: 'traintracks', parameters: defineParams(), items: DOC_EXAMPLE, credentials });
		expect(result.error).toBeUndefined();
		expect(scope.isDone()).toBe(true);
		expect(requests).toHaveLength(1);
		const [request] = requests;
		expect(request.url).toBe('https://api.traintracks.io/v1/events');
		expect(request.rawBody).toBe(JSON.stringify(DOC_EXAMPLE));
		// Key order of every event is the document's.
		expect(eventsOf(request).map((event) => Object.keys(event))).toEqual(DOC_EXAMPLE.map((event) => Object.keys(event)));
		expectSigned(request);
		expect(request.headers['x-product-auth']).toBe(DOC_EXAMPLE_SIGNATURE);
		expect(result.items).toHaveLength(2);
		result.items.forEach((item, i) => {
			expect(item.json).toEqual({
				success: true,
				statusCode: 200,
				sent: DOC_EXAMPLE[i],
				response: { status: 'ok' },
				request: { number: 1, of: 1, entries: 2, attempts: 1 },
			});
			expect(item.pairedItem).toEqual({ item: i });
		});
		expect(JSON.stringify(result.items)).not.toContain(PRODUCT_SECRET);
	});

	it('Map Automatically sends byte-identical requests from Webhook items with shuffled keys (Source Path "body")', async () => {
		const shuffled = DOC_EXAMPLE.map((event) =>
			Object.fromEntries(
				Object.entries(event)
					.reverse()
					.map(([key, value]) => [key, key === 'location' ? { lon: event.location.lon, lat: event.location.lat } : value]),
			),
		);
		const define = intercept(HOST, 'POST', PATH, () => [200]);
		await runNode({ node: 'traintracks', parameters: defineParams(), items: DOC_EXAMPLE, credentials });
		const auto = intercept(HOST, 'POST', PATH, () => [200]);
		const result = await runNode({
			node: 'traintracks',
			parameters: autoParams({ sourcePath: 'body' }),
			items: shuffled.map((body) => ({ headers: { host: 'n8n.example' }, params: {}, query: {}, body })),
			credentials,
		});
		expect(result.error).toBeUndefined();
		expect(JSON.stringify(Object.keys(shuffled[0]))).not.toBe(JSON.stringify(Object.keys(DOC_EXAMPLE[0])));
		expect(auto.requests[0].rawBody).toBe(JSON.stringify(DOC_EXAMPLE));
		expect(auto.requests[0].rawBody).toBe(define.requests[0].rawBody);
		expect(auto.requests[0].headers).toEqual(define.requests[0].headers);
		expectSigned(auto.requests[0]);
	});

	it('sends 1,000 items at batch size 100 as exactly 10 signed requests and says which batch carried each item', async () => {
		const items = Array.from({ length: 1000 }, (_, n) => eventFor(n));
		const { requests, scope } = intercept(HOST, 'POST', PATH, (_r, n) => [200, { batch: n }], 10);
		const result = await runNode({
			node: 'traintracks',
			parameters: autoParams({ options: { batchSize: 100 } }),
			items,
			credentials,
		});
		expect(result.error).toBeUndefined();
		expect(scope.isDone()).toBe(true);
		expect(requests).toHaveLength(10);
		for (const request of requests) {
			expectSigned(request);
			expect(eventsOf(request)).toHaveLength(100);
		}
		// Every item went exactly once, in item order inside its batch.
		const sentNames = requests.flatMap((r) => eventsOf(r).map((e) => e.userName)).sort();
		expect(sentNames).toEqual(items.map((e) => e.userName).sort());
		for (const request of requests) {
			const indices = eventsOf(request).map((e) => Number(e.userName.split('-')[1]));
			expect(indices).toEqual(Array.from({ length: 100 }, (_, k) => indices[0] + k));
		}
		// Each output item names the request that carried it, and that request's answer.
		result.items.forEach((item, i) => {
			const carrier = requests.findIndex((r) => eventsOf(r).some((e) => e.userName === `user-${i}`));
			expect(item.json).toMatchObject({
				success: true,
				response: { batch: carrier },
				request: { number: Math.floor(i / 100) + 1, of: 10, entries: 100, attempts: 1 },
			});
			expect(item.pairedItem).toEqual({ item: i });
		});
		expect(result.credentialReads).toBe(1);
	});

	it('defaults to batches of 100 and honours a user-set batch size', async () => {
		const byDefault = intercept(HOST, 'POST', PATH, () => [200], 2);
		await runNode({ node: 'traintracks', parameters: autoParams(), items: Array.from({ length: 101 }, (_, n) => eventFor(n)), credentials });
		expect(byDefault.requests.map((r) => eventsOf(r).length).sort((a, b) => a - b)).toEqual([1, 100]);

		const userSet = intercept(HOST, 'POST', PATH, () => [200], 3);
		const result = await runNode({
			node: 'traintracks',
			parameters: autoParams({ options: { batchSize: 3 } }),
			items: Array.from({ length: 7 }, (_, n) => eventFor(n)),
			credentials,
		});
		expect(userSet.requests.map((r) => eventsOf(r).length).sort()).toEqual([1, 3, 3]);
		expect(result.items[6].json.request).toEqual({ number: 3, of: 3, entries: 1, attempts: 1 });
	});

	describe('timestamps', () => {
		const cases: Array<[string, string | number, string]> = [
			['ISO with Z', '2024-05-01T12:30:00Z', '2024-05-01T12:30:00.000000+00:00'],
			['ISO with milliseconds and Z', '2024-05-01T12:30:00.123Z', '2024-05-01T12:30:00.123000+00:00'],
			['ISO with a positive offset', '2024-05-01T12:30:00.5+02:00', '2024-05-01T12:30:00.500000+02:00'],
			['ISO with a negative offset and 6 fraction digits', '2012-03-14T02:33:42.416587-07:00', '2012-03-14T02:33:42.416587-07:00'],
			['ISO with a +05:45 offset', '2024-05-01T12:30:00.000001+05:45', '2024-05-01T12:30:00.000001+05:45'],
			['ISO with a +14:00 offset', '2024-05-01T23:59:59.999999+14:00', '2024-05-01T23:59:59.999999+14:00'],
			['ISO without offset (read as UTC)', '2024-05-01T12:30:00.25', '2024-05-01T12:30:00.250000+00:00'],
			['epoch milliseconds', 1714566600123, '2024-05-01T12:30:00.123000+00:00'],
			['epoch seconds', 1714566600, '2024-05-01T12:30:00.000000+00:00'],
			['epoch seconds as text with microseconds', '1714566600.123456', '2024-05-01T12:30:00.123456+00:00'],
		];

		it.each(cases)('formats %s as YYYY-MM-DDTHH:mm:ss.SSSSSS±HH:MM in both modes', async (_name, input, expected) => {
			const define = intercept(HOST, 'POST', PATH, () => [200]);
			await runNode({
				node: 'traintracks',
				parameters: defineParams({
					clientTimestamp: '={{ $json.t }}',
					additionalFields: { serverTimestamp: '={{ $json.t }}' },
				}),
				items: [{ ...eventFor(1), t: input }],
				credentials,
			});
			const auto = intercept(HOST, 'POST', PATH, () => [200]);
			await runNode({
				node: 'traintracks',
				parameters: autoParams(),
				items: [eventFor(1, { clientTimestamp: input, serverTimestamp: input })],
				credentials,
			});
			for (const request of [define.requests[0], auto.requests[0]]) {
				expect(eventsOf(request)[0].clientTimestamp).toBe(expected);
				expect(eventsOf(request)[0].serverTimestamp).toBe(expected);
			}
		});

		it('formats a Luxon DateTime and a JS Date from expressions, keeping the DateTime offset', async () => {
			const { requests } = intercept(HOST, 'POST', PATH, () => [200]);
			const result = await runNode({
				node: 'traintracks',
				parameters: defineParams({
					clientTimestamp: '={{ DateTime.fromISO("2024-05-01T12:30:00.123+05:30", { setZone: true }) }}',
					additionalFields: { serverTimestamp: '={{ new Date(Date.UTC(2024, 4, 1, 7, 0, 0, 456)) }}' },
				}),
				items: [eventFor(1)],
				credentials,
			});
			expect(result.error).toBeUndefined();
			expect(eventsOf(requests[0])[0].clientTimestamp).toBe('2024-05-01T12:30:00.123000+05:30');
			expect(eventsOf(requests[0])[0].serverTimestamp).toBe('2024-05-01T07:00:00.456000+00:00');
		});

		it('uses now (UTC) when the client timestamp is empty, and leaves an empty server timestamp out', async () => {
			const { requests } = intercept(HOST, 'POST', PATH, () => [200]);
			const before = Date.now();
			await runNode({ node: 'traintracks', parameters: defineParams({ clientTimestamp: '' }), items: [eventFor(1)], credentials });
			const auto = intercept(HOST, 'POST', PATH, () => [200]);
			const withoutTime: Partial<ReturnType<typeof eventFor>> = eventFor(2);
			delete withoutTime.clientTimestamp;
			await runNode({ node: 'traintracks', parameters: autoParams(), items: [withoutTime], credentials });
			const after = Date.now();
			for (const request of [requests[0], auto.requests[0]]) {
				const [event] = eventsOf(request);
				expect(event.clientTimestamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}000\+00:00$/);
				const ms = Date.parse(event.clientTimestamp.replace(/(\.\d{3})000/, '$1'));
				expect(ms).toBeGreaterThanOrEqual(before);
				expect(ms).toBeLessThanOrEqual(after);
				expect(event).not.toHaveProperty('serverTimestamp');
				expect(Object.keys(event)[1]).toBe('clientTimestamp');
			}
		});
	});

	// 503 asks to come back (nothing recorded): resent under the default guarantee.
	describe('one batch of three failing with 503', () => {
		const items = Array.from({ length: 9 }, (_, n) => eventFor(n));
		const respond = (request: Captured): [number, unknown] =>
			eventsOf(request)[0].userName === 'user-3' ? [503, { error: 'unavailable' }] : [200, { status: 'ok' }];

		it('fails only its own items, with continueOnFail', async () => {
			const { requests, scope } = intercept(HOST, 'POST', PATH, respond, 3 + 2);
			const result = await runNode({
				node: 'traintracks',
				parameters: autoParams({ options: { batchSize: 3, retryDelayMs: 1, maxRetries: 2 } }),
				items,
				credentials,
				continueOnFail: true,
			});
			expect(result.error).toBeUndefined();
			expect(scope.isDone()).toBe(true);
			// Three batches; the failing one was tried 1 + 2 times, always with the same bytes and signature.
			expect(requests).toHaveLength(5);
			const failing = requests.filter((r) => eventsOf(r)[0].userName === 'user-3');
			expect(new Set(failing.map((r) => r.rawBody)).size).toBe(1);
			expect(new Set(failing.map((r) => r.headers['x-product-auth'])).size).toBe(1);
			const failed = result.items.flatMap((item, i) => (item.json.success === false ? [i] : []));
			expect(failed).toEqual([3, 4, 5]);
			expect(result.items[4].json).toMatchObject({ success: false, httpCode: '503' });
			expect(result.items[4].json).not.toHaveProperty('mayBeRecorded');
			expect(result.items[4].json.error).toContain('Traintracks did not accept item 4: HTTP 503 (request 2 of 3, 3 entries)');
			expect(result.items[4].json.description).toContain('Gave up after 3 attempts');
			expect(result.items[4].pairedItem).toEqual({ item: 4 });
			expect(result.items[0].json).toMatchObject({ success: true, request: { number: 1, of: 3 } });
			expect(result.items[8].json).toMatchObject({ success: true, request: { number: 3, of: 3 } });
		});

		it('without continueOnFail delivers the other batches and fails the execution naming its items', async () => {
			const { requests } = intercept(HOST, 'POST', PATH, respond, 3 + 2);
			const result = await runNode({
				node: 'traintracks',
				parameters: autoParams({ options: { batchSize: 3, retryDelayMs: 1, maxRetries: 2 } }),
				items,
				credentials,
			});
			expect(requests).toHaveLength(5);
			expect(requests.filter((r) => eventsOf(r)[0].userName !== 'user-3')).toHaveLength(2);
			expect(result.error?.message).toContain('Traintracks did not accept item 3');
			expect(result.error?.message).toContain('Failed items: 3, 4, 5; 6 other item(s) were delivered');
		});
	});

	it('resends a batch after 429 with the same bytes and the same signature', async () => {
		const { requests } = intercept(
			HOST,
			'POST',
			PATH,
			(_r, n) => (n === 0 ? [429, { error: 'slow down' }, { 'Retry-After': '0' }] : [200, { status: 'ok' }]),
			2,
		);
		const result = await runNode({
			node: 'traintracks',
			parameters: autoParams({ options: fast }),
			items: [eventFor(1), eventFor(2, { clientTimestamp: undefined })],
			credentials,
		});
		expect(result.error).toBeUndefined();
		expect(requests).toHaveLength(2);
		expect(requests[1].rawBody).toBe(requests[0].rawBody);
		expect(requests[1].headers['x-product-auth']).toBe(requests[0].headers['x-product-auth']);
		requests.forEach((request) => expectSigned(request));
		expect(result.items[1].json).toMatchObject({ success: true, request: { attempts: 2 } });
	});

	it('never retries a 400 and reports it on each item of the batch', async () => {
		const { requests } = intercept(HOST, 'POST', PATH, () => [400, { error: 'bad batch' }]);
		const result = await runNode({
			node: 'traintracks',
			parameters: autoParams({ options: fast }),
			items: [eventFor(1), eventFor(2)],
			credentials,
			continueOnFail: true,
		});
		expect(requests).toHaveLength(1);
		expect(result.items.map((item) => item.json.httpCode)).toEqual(['400', '400']);
	});

	it('keeps the product secret out of error items even when the answer echoes it', async () => {
		intercept(HOST, 'POST', PATH, () => [401, { error: `bad signature for secret ${PRODUCT_SECRET}` }]);
		const result = await runNode({
			node: 'traintracks',
			parameters: autoParams({ options: fast }),
			items: [eventFor(1)],
			credentials,
			continueOnFail: true,
		});
		expect(result.items[0].json.success).toBe(false);
		expect(JSON.stringify(result.items)).not.toContain(PRODUCT_SECRET);
	});

	describe('Remote-Address', () => {
		it("uses the Remote Address option over the credential's default", async () => {
			const { requests } = intercept(HOST, 'POST', PATH, () => [200]);
			await runNode({
				node: 'traintracks',
				parameters: autoParams({ options: { remoteAddress: '2001:db8::7' } }),
				items: [eventFor(1)],
				credentials: { traintracksApi: { ...credentials.traintracksApi, remoteAddress: '203.0.113.9' } },
			});
			expectSigned(requests[0], '2001:db8::7');
		});

		it("uses the credential's default when the option is empty", async () => {
			const { requests } = intercept(HOST, 'POST', PATH, () => [200]);
			await runNode({
				node: 'traintracks',
				parameters: autoParams({ options: { remoteAddress: '' } }),
				items: [eventFor(1)],
				credentials: { traintracksApi: { ...credentials.traintracksApi, remoteAddress: '::ffff:203.0.113.9' } },
			});
			expectSigned(requests[0], '::ffff:203.0.113.9');
		});

		it.each([
			['an option that is a host name', { remoteAddress: 'client.example.com' }, {}, 'The Remote Address option'],
			['an option with a port', { remoteAddress: '1.2.3.4:8080' }, {}, 'The Remote Address option'],
			['an IPv4 octet above 255', { remoteAddress: '1.2.3.256' }, {}, 'The Remote Address option'],
			['an IPv6 with two ::', { remoteAddress: '2001::db8::1' }, {}, 'The Remote Address option'],
			['an IPv6 with a zone', { remoteAddress: 'fe80::1%eth0' }, {}, 'The Remote Address option'],
			['a credential default that is not an address', {}, { remoteAddress: 'unknown' }, 'Default Remote Address'],
		])('refuses %s before sending', async (_name, options, credential, where) => {
			const { requests } = intercept(HOST, 'POST', PATH, () => [200]);
			const result = await runNode({
				node: 'traintracks',
				parameters: autoParams({ options }),
				items: [eventFor(1)],
				credentials: { traintracksApi: { ...credentials.traintracksApi, ...credential } },
				continueOnFail: true,
			});
			expect(result.error?.message).toContain(where);
			expect(result.error?.message).toContain('is not an IPv4 or IPv6 address');
			expect(requests).toHaveLength(0);
		});
	});

	describe('validation', () => {
		// Each rule of the document broken once, in the second of two items; nothing may be sent.
		const rules: Array<[string, Record<string, unknown>, string]> = [
			['build missing', { build: undefined }, 'build is required'],
			['build empty', { build: '' }, 'build must not be empty'],
			['build not text', { build: 1.1 }, 'build must be string, got number'],
			['clientTimestamp unreadable', { clientTimestamp: 'yesterday' }, 'clientTimestamp is not a time we can read'],
			['clientTimestamp of the wrong type', { clientTimestamp: true }, 'clientTimestamp must be a time'],
			['data missing', { data: undefined }, 'data is required'],
			['data not an object', { data: [1, 2] }, 'data must be object, got array'],
			['data with a non-finite number', { data: { score: Number.NaN } }, 'data.score must be a finite number'],
			['device missing', { device: undefined }, 'device is required'],
			['eventType missing', { eventType: '' }, 'eventType must not be empty'],
			['eventType with a period', { eventType: 'store.purchase' }, 'eventType must not contain periods'],
			['userId not a UUID', { userId: '12345' }, 'userId must be a UUID string'],
			['userName missing', { userName: undefined }, 'userName is required'],
			['sessionId not a UUID', { sessionId: 'fff324c6-30a2-11e3-ad80' }, 'sessionId must be a UUID string'],
			['serverTimestamp unreadable', { serverTimestamp: '2024-13-45' }, 'serverTimestamp is not a time we can read'],
			['latitude above 90', { location: { lat: 90.5, lon: 0 } }, 'location.lat must be a latitude between -90 and 90'],
			['latitude below -90', { location: { lat: -91, lon: 0 } }, 'location.lat must be a latitude between -90 and 90'],
			['longitude above 180', { location: { lat: 0, lon: 180.1 } }, 'location.lon must be a longitude between -180 and 180'],
			['longitude below -180', { location: { lat: 0, lon: -200 } }, 'location.lon must be a longitude between -180 and 180'],
			['a coordinate that is text', { location: { lat: '37.87', lon: 0 } }, 'location.lat must be number, got string'],
			['a location without lon', { location: { lat: 10 } }, 'location.lon is required'],
			['a location field not documented', { location: { lat: 1, lon: 2, alt: 3 } }, 'location has field(s) the provider does not document: alt'],
			['a field Traintracks does not document', { ip: '1.2.3.4' }, '(body) has field(s) the provider does not document: ip'],
		];

		it.each(rules)('Map Automatically: %s → error naming item 1 and the field, nothing sent', async (_name, change, text) => {
			const { requests } = intercept(HOST, 'POST', PATH, () => [200]);
			const bad = Object.fromEntries(Object.entries(eventFor(1, change)).filter(([, v]) => v !== undefined));
			const result = await runNode({ node: 'traintracks', parameters: autoParams(), items: [eventFor(0), bad], credentials });
			expect(result.error?.message).toContain(`Invalid input in item 1: ${text}`);
			expect(result.items).toHaveLength(0);
			expect(requests).toHaveLength(0);
		});

		const defineRules: Array<[string, Record<string, unknown>, string]> = [
			['an empty required field', { device: '={{ $json.n === 1 ? "" : "Pixel" }}' }, 'device must not be empty'],
			['an event type with a period', { eventType: '={{ $json.n === 1 ? "a.b" : "a_b" }}' }, 'eventType must not contain periods'],
			['data JSON that does not parse', { dataJson: '={{ $json.n === 1 ? "{\\"a\\": " : "{}" }}' }, 'data is not valid JSON'],
			['a data key given twice', { dataMode: 'keyValue', data: { property: [{ key: 'a', value: '1' }, { key: '={{ $json.n === 1 ? "a" : "b" }}', value: '2' }] } }, 'data.a is given twice'],
			['only a latitude', { additionalFields: { latitude: '={{ $json.n === 1 ? 10 : undefined }}' } }, 'location.lon is required'],
			['a longitude out of range', { additionalFields: { latitude: 0, longitude: '={{ $json.n === 1 ? 181 : 1 }}' } }, 'location.lon must be a longitude between -180 and 180'],
			['an unreadable client timestamp', { clientTimestamp: '={{ $json.n === 1 ? "13/45/2024" : "" }}' }, 'clientTimestamp is not a time we can read'],
		];

		it.each(defineRules)('Define Below: %s → error naming item 1 and the field, nothing sent', async (_name, change, text) => {
			const { requests } = intercept(HOST, 'POST', PATH, () => [200]);
			const result = await runNode({
				node: 'traintracks',
				parameters: defineParams({ ...change }),
				items: [{ ...eventFor(0), n: 0 }, { ...eventFor(1), n: 1 }],
				credentials,
			});
			expect(result.error?.message).toContain(`Invalid input in item 1: ${text}`);
			expect(requests).toHaveLength(0);
		});

		it('a Source Path that finds nothing names the path', async () => {
			const result = await runNode({
				node: 'traintracks',
				parameters: autoParams({ sourcePath: 'body.event' }),
				items: [{ body: { event: eventFor(0) } }, { body: {} }],
				credentials,
			});
			expect(result.error?.message).toContain('Invalid input in item 1: body.event is missing');
		});

		it('with continueOnFail, bad items get errors and never enter a batch; good items still go', async () => {
			const { requests } = intercept(HOST, 'POST', PATH, () => [200, { status: 'ok' }]);
			const result = await runNode({
				node: 'traintracks',
				parameters: autoParams(),
				items: [eventFor(0), eventFor(1, { eventType: 'a.b' }), eventFor(2), eventFor(3, { userId: 'x' })],
				credentials,
				continueOnFail: true,
			});
			expect(result.error).toBeUndefined();
			expect(requests).toHaveLength(1);
			expect(eventsOf(requests[0]).map((e) => e.userName)).toEqual(['user-0', 'user-2']);
			expectSigned(requests[0]);
			expect(result.items.map((item) => item.json.success)).toEqual([true, false, true, false]);
			expect(result.items[1].json.error).toContain('Invalid input in item 1: eventType must not contain periods');
			expect(result.items[3].json.error).toContain('Invalid input in item 3: userId must be a UUID string');
			expect(result.items[2].json.request).toEqual({ number: 1, of: 1, entries: 2, attempts: 1 });
		});

		it.each([
			['a product key that is not a UUID', { productKey: 'my-product' }, {}, 'The Product Key of the Traintracks API credential is not a UUID'],
			['no product secret', { productSecret: '' }, {}, 'The Traintracks API credential has no Product Secret'],
			['an http endpoint off this machine', { endpointUrl: 'http://api.traintracks.io/v1/events' }, {}, 'http is allowed only to this machine'],
			['a batch size of 0', {}, { batchSize: 0 }, 'The Batch Size option must be a whole number of at least 1'],
		])('refuses %s before reading any item', async (_name, credential, options, text) => {
			const { requests } = intercept(HOST, 'POST', PATH, () => [200]);
			const result = await runNode({
				node: 'traintracks',
				parameters: autoParams({ options }),
				items: [eventFor(0)],
				credentials: { traintracksApi: { ...credentials.traintracksApi, ...credential } },
				continueOnFail: true,
			});
			expect(result.error?.message).toContain(text);
			expect(requests).toHaveLength(0);
		});
	});

	it('sends to an http endpoint on loopback, path kept', async () => {
		const { requests } = intercept('http://127.0.0.1:9566', 'POST', '/fake/v1/events', () => [200]);
		const result = await runNode({
			node: 'traintracks',
			parameters: autoParams(),
			items: [eventFor(0)],
			credentials: { traintracksApi: { ...credentials.traintracksApi, endpointUrl: 'http://127.0.0.1:9566/fake/v1/events' } },
		});
		expect(result.error).toBeUndefined();
		expect(requests[0].url).toBe('http://127.0.0.1:9566/fake/v1/events');
		expectSigned(requests[0]);
	});
});

afterAll(() => nock.restore());
