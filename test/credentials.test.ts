/**
 * The four credentials' tests, run as n8n 2.40.7's credentials tester runs
 * them (helpers/harness.ts `testCredential`: n8n-core's RoutingNode, the
 * credential's `authenticate`, the tester's verdict logic), against nock
 * standing in for each provider. Each test passes only on the answer the
 * provider gives to its probe; a refused key, 404, 5xx, a page that is not
 * JSON and any redirect fail with a plain message; no redirect is followed;
 * a base URL outside the shared rule (https, or http to this machine) is
 * refused before anything is sent; no message carries a secret.
 */
import { createHash } from 'node:crypto';

import type { ICredentialDataDecryptedObject, ICredentialType, IHttpRequestOptions } from 'n8n-workflow';
import nock from 'nock';

import type { Captured, Reply } from './helpers/capture';
import { forbidNetwork, intercept } from './helpers/capture';
import { loadPackage, testCredential } from './helpers/harness';

const HTML_PAGE = '<!DOCTYPE html><html><head><title>Welcome</title></head><body><h1>It works!</h1></body></html>';
const ELSEWHERE = 'https://elsewhere.example';

const HACKLE_SDK = 'cred-test-hackle-sdk-key-8f3a';
const HACKLE_API = 'cred-test-hackle-api-key-2c9d';
const ADROP_APP = 'cred-test-adrop-app-key-71be';
const TT_PRODUCT = 'a32e6578-17b7-11e4-930a-bc764e1c05e4';
const TT_SIGNER = 'cred-test-traintracks-secret-5d20';
const CHABOK_ACCESS = 'cred-test-chabok-token-0e6b';

const md5 = (text: string) => createHash('md5').update(text, 'utf8').digest('hex');
// md5("[]" + TT_SIGNER) computed outside JavaScript (Python hashlib), so the
// signature check does not only compare one library call with itself.
const TT_EMPTY_BATCH_SIGNATURE = 'e673ed3ed1686b081e1b27b3195c0773';

interface Spec {
	type: string;
	/** A credential whose probe goes to origin + path. */
	data: ICredentialDataDecryptedObject;
	origin: string;
	path: string;
	/** The exact probe body. */
	rawBody: string;
	/** The provider's answer to the probe once it accepts the key. */
	good: Reply;
	/** The same answer's status with an HTML page instead of the provider's JSON. */
	expectedStatus: number;
	/** Whether 200 is among the provider's answers to the probe (then an HTML 200 meets the "not JSON" rule). */
	answers200: boolean;
	/** How the provider sees the key (asserted on every probe). */
	authenticated: (request: Captured) => boolean;
	/** The secrets of `data`: never in a message. */
	secrets: string[];
	wrongKey: ICredentialDataDecryptedObject;
	unauthorized: string;
	forbidden: string;
	/** The same credential with a plain-http base URL to another machine. */
	httpElsewhere: { data: ICredentialDataDecryptedObject; origin: string };
	/** The same credential through an https proxy: where the probe then goes. */
	proxy: { data: ICredentialDataDecryptedObject; origin: string; path: string };
}

const SPECS: Spec[] = [
	{
		type: 'hackleApi',
		data: { sdkSecretKey: HACKLE_SDK, apiKey: HACKLE_API },
		origin: 'https://api.hackle.io',
		path: '/v1/track',
		rawBody: '{"user":{}}',
		// api-docs 000: 400 for an invalid request once the SDK key is accepted (the fake's body).
		good: [400, { message: 'event is required (object); user needs at least one identifier (userId, deviceId or identifiers)' }],
		expectedStatus: 400,
		answers200: false,
		authenticated: (r) => r.headers['x-hackle-api-key'] === HACKLE_SDK,
		secrets: [HACKLE_SDK, HACKLE_API],
		wrongKey: { sdkSecretKey: 'wrong-sdk-key' },
		unauthorized: 'Hackle rejected the key (401)',
		forbidden: 'Hackle refused the key (403)',
		httpElsewhere: { data: { sdkSecretKey: HACKLE_SDK, baseUrl: 'http://api.hackle.io' }, origin: 'http://api.hackle.io' },
		proxy: { data: { sdkSecretKey: HACKLE_SDK, baseUrl: 'https://proxy.example.com/hackle/' }, origin: 'https://proxy.example.com', path: '/hackle/v1/track' },
	},
	{
		type: 'adropApi',
		data: { apiKey: ADROP_APP },
		origin: 'https://api-v2.adrop.io',
		path: '/event',
		rawBody: '{"uid":"","eventName":""}',
		// api-docs 002: an invalid event is dropped with 200 {"message":"!invalid"}.
		good: [200, { message: '!invalid' }],
		expectedStatus: 200,
		answers200: true,
		authenticated: (r) => r.headers.authorization === ADROP_APP,
		secrets: [ADROP_APP],
		wrongKey: { apiKey: 'wrong-app-key' },
		unauthorized: 'Adrop rejected the App Key (401)',
		forbidden: 'Adrop refused the App Key (403)',
		httpElsewhere: { data: { apiKey: ADROP_APP, baseUrl: 'http://api-v2.adrop.io' }, origin: 'http://api-v2.adrop.io' },
		proxy: { data: { apiKey: ADROP_APP, baseUrl: 'https://proxy.example.com/adrop' }, origin: 'https://proxy.example.com', path: '/adrop/event' },
	},
	{
		type: 'traintracksApi',
		data: { productKey: TT_PRODUCT, productSecret: TT_SIGNER },
		origin: 'https://api.traintracks.io',
		path: '/v1/events',
		rawBody: '[]',
		// The fake's answer to an empty batch with a valid signature.
		good: [400, { error: 'body must be a non-empty JSON array of events' }],
		expectedStatus: 400,
		answers200: true,
		authenticated: (r) =>
			r.headers['x-product-key'] === TT_PRODUCT && r.headers['x-product-auth'] === TT_EMPTY_BATCH_SIGNATURE && md5(`[]${TT_SIGNER}`) === TT_EMPTY_BATCH_SIGNATURE && r.headers['remote-address'] === '1.2.3.4',
		secrets: [TT_SIGNER],
		wrongKey: { productKey: TT_PRODUCT, productSecret: 'wrong-secret' },
		unauthorized: 'Traintracks refused the signature (401)',
		forbidden: 'Traintracks refused this product key (403)',
		httpElsewhere: {
			data: { productKey: TT_PRODUCT, productSecret: TT_SIGNER, endpointUrl: 'http://api.traintracks.io/v1/events' },
			origin: 'http://api.traintracks.io',
		},
		proxy: {
			data: { productKey: TT_PRODUCT, productSecret: TT_SIGNER, endpointUrl: 'https://proxy.example.com/tt/v1/events' },
			origin: 'https://proxy.example.com',
			path: '/tt/v1/events',
		},
	},
	{
		type: 'chabokApi',
		data: { accessToken: CHABOK_ACCESS, environment: 'production', appId: 'myapp' },
		origin: 'https://myapp.push.adpdigital.com',
		path: '/api/installations/trackBulk',
		rawBody: '[]',
		// The fake's answer to an empty bulk with a valid token.
		good: [400, { message: 'body must hold 1 to 1000 events' }],
		expectedStatus: 400,
		answers200: true,
		authenticated: (r) => r.headers['x-access-token'] === CHABOK_ACCESS,
		secrets: [CHABOK_ACCESS],
		wrongKey: { accessToken: 'wrong-token', environment: 'production', appId: 'myapp' },
		unauthorized: 'Chabok rejected the access token (401)',
		forbidden: 'Chabok refused the access token (403)',
		httpElsewhere: {
			data: { accessToken: CHABOK_ACCESS, environment: 'production', appId: 'myapp', baseUrl: 'http://myapp.push.adpdigital.com/api' },
			origin: 'http://myapp.push.adpdigital.com',
		},
		proxy: {
			data: { accessToken: CHABOK_ACCESS, environment: 'sandbox', baseUrl: 'https://proxy.example.com/chabok/api/' },
			origin: 'https://proxy.example.com',
			path: '/chabok/api/installations/trackBulk',
		},
	},
];

/** Count every request to these origins (any path), answering 200 so a leak would look like success. */
function watch(...origins: string[]): () => number {
	const watched = origins.map((origin) => intercept(origin, 'POST', /.*/, () => [200, { message: 'ok' }], 10).requests);
	return () => watched.reduce((sum, requests) => sum + requests.length, 0);
}

function expectNoSecret(spec: Spec, message: string): void {
	for (const secret of spec.secrets) expect(message).not.toContain(secret);
}

function expectProbe(spec: Spec, request: Captured, origin = spec.origin, path = spec.path): void {
	expect(request.method).toBe('POST');
	expect(request.url).toBe(`${origin}${path}`);
	expect(request.rawBody).toBe(spec.rawBody);
	expect(request.headers['content-type']).toBe('application/json');
	expect(spec.authenticated(request)).toBe(true);
}

forbidNetwork();
afterAll(() => nock.restore());

describe.each(SPECS)('$type test', (spec) => {
	it("passes on the provider's answer to the probe, which records nothing", async () => {
		const { requests } = intercept(spec.origin, 'POST', spec.path, () => spec.good);
		const result = await testCredential(spec.type, spec.data);
		expect(result).toEqual({ status: 'OK', message: 'Connection successful!' });
		expect(requests).toHaveLength(1);
		expectProbe(spec, requests[0]);
	});

	it('fails on 401 (wrong key) with a plain message', async () => {
		// n8n's request helper sends a request that met 401 once more after its
		// credential pre-authentication step, so the probe arrives twice.
		const { requests } = intercept(spec.origin, 'POST', spec.path, () => [401, { message: 'unauthorized' }], 2);
		const result = await testCredential(spec.type, spec.wrongKey);
		expect(result.status).toBe('Error');
		expect(result.message).toContain(spec.unauthorized);
		expect(requests).toHaveLength(2);
		expect(requests.every((r) => r.rawBody === spec.rawBody)).toBe(true);
		expectNoSecret(spec, result.message);
	});

	it('fails on 403 with a plain message', async () => {
		const { requests } = intercept(spec.origin, 'POST', spec.path, () => [403, { message: 'forbidden' }]);
		const result = await testCredential(spec.type, spec.data);
		expect(result).toEqual({ status: 'Error', message: expect.stringContaining(spec.forbidden) });
		expect(requests).toHaveLength(1);
		expectNoSecret(spec, result.message);
	});

	it('fails on 404 (no such endpoint at this host)', async () => {
		intercept(spec.origin, 'POST', spec.path, () => [404, HTML_PAGE, { 'Content-Type': 'text/html' }]);
		const result = await testCredential(spec.type, spec.data);
		expect(result).toEqual({ status: 'Error', message: expect.stringContaining('(HTTP 404)') });
		expectNoSecret(spec, result.message);
	});

	it.each([500, 502, 503])('fails on %i', async (status) => {
		intercept(spec.origin, 'POST', spec.path, () => [status, { message: 'boom' }]);
		const result = await testCredential(spec.type, spec.data);
		expect(result).toEqual({ status: 'Error', message: expect.stringContaining(`failed (HTTP ${status})`) });
		expectNoSecret(spec, result.message);
	});

	it('fails on an HTML page answered with 200', async () => {
		intercept(spec.origin, 'POST', spec.path, () => [200, HTML_PAGE, { 'Content-Type': 'text/html' }]);
		const result = await testCredential(spec.type, spec.data);
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(spec.answers200 ? /not JSON/ : /Unexpected answer .*\(HTTP 200\)/);
		expectNoSecret(spec, result.message);
	});

	it("fails on an HTML page answered with the provider's own status", async () => {
		intercept(spec.origin, 'POST', spec.path, () => [spec.expectedStatus, HTML_PAGE, { 'Content-Type': 'text/html' }]);
		const result = await testCredential(spec.type, spec.data);
		expect(result).toEqual({ status: 'Error', message: expect.stringContaining('a page that is not JSON') });
	});

	it("fails on an empty answer with the provider's own status", async () => {
		intercept(spec.origin, 'POST', spec.path, () => [spec.expectedStatus]);
		const result = await testCredential(spec.type, spec.data);
		expect(result).toEqual({ status: 'Error', message: expect.stringContaining('a page that is not JSON') });
	});

	it.each([301, 302, 307, 308])('fails on a %i redirect to another host, which gets nothing', async (status) => {
		const sentElsewhere = watch(ELSEWHERE);
		const { requests } = intercept(spec.origin, 'POST', spec.path, () => [status, '', { Location: `${ELSEWHERE}/collect?k=1` }]);
		const result = await testCredential(spec.type, spec.data);
		expect(result).toEqual({ status: 'Error', message: expect.stringContaining(`redirect (HTTP ${status})`) });
		expect(result.message).toContain('Redirects are not followed');
		expect(requests).toHaveLength(1);
		expect(sentElsewhere()).toBe(0);
		expectNoSecret(spec, result.message);
	});

	it('refuses a plain-http base URL to another machine before anything is sent', async () => {
		const sent = watch(spec.httpElsewhere.origin, spec.origin);
		const result = await testCredential(spec.type, spec.httpElsewhere.data);
		expect(result.status).toBe('Error');
		expect(result.message).toContain('must use https; http is allowed only to this machine');
		expect(sent()).toBe(0);
		expectNoSecret(spec, result.message);
	});

	it('passes through an https proxy base URL, the probe going there', async () => {
		const sentDefault = watch(spec.origin);
		const { requests } = intercept(spec.proxy.origin, 'POST', spec.proxy.path, () => spec.good);
		const result = await testCredential(spec.type, spec.proxy.data);
		expect(result).toEqual({ status: 'OK', message: 'Connection successful!' });
		expect(requests).toHaveLength(1);
		expectProbe(spec, requests[0], spec.proxy.origin, spec.proxy.path);
		expect(sentDefault()).toBe(0);
	});

	it('passes over http to this machine (a test server)', async () => {
		const local = 'http://127.0.0.1:9581';
		const data = { ...spec.proxy.data };
		for (const field of ['baseUrl', 'endpointUrl']) {
			if (typeof data[field] === 'string') data[field] = String(data[field]).replace('https://proxy.example.com', local);
		}
		const { requests } = intercept(local, 'POST', spec.proxy.path, () => spec.good);
		const result = await testCredential(spec.type, data);
		expect(result).toEqual({ status: 'OK', message: 'Connection successful!' });
		expect(requests).toHaveLength(1);
	});

	it("refuses, in the credential's authenticate, any request outside its base URL (nodes and HTTP Request node alike)", async () => {
		const loader = await loadPackage();
		const type = loader.getCredential(spec.type).type as ICredentialType;
		const authenticate = type.authenticate as (c: ICredentialDataDecryptedObject, r: IHttpRequestOptions) => Promise<IHttpRequestOptions>;
		const data = { ...spec.proxy.data };
		const inside = await authenticate(data, { url: `${spec.proxy.origin}${spec.proxy.path}`, method: 'POST', body: '[]' });
		expect(inside.url).toBe(`${spec.proxy.origin}${spec.proxy.path}`);
		await expect(authenticate(data, { url: `${ELSEWHERE}${spec.proxy.path}`, method: 'POST', body: '[]' })).rejects.toThrow(
			`a request to ${ELSEWHERE}${spec.proxy.path} lies outside it and was not sent`,
		);
		await expect(authenticate(data, { url: `${spec.proxy.origin}/other${spec.path}`, method: 'POST', body: '[]' })).rejects.toThrow('lies outside it');
	});
});

describe('hackleApi test: the API key when no Server SDK Key is set', () => {
	it('probes the push endpoint with no users of campaign 0 and passes on 400', async () => {
		const { requests } = intercept('https://api.hackle.io', 'POST', '/v1/push-message/trigger/send', () => [
			400,
			{ code: 'CAMPAIGN_NOT_FOUND', message: 'Could not find push message campaign with the given key' },
		]);
		const result = await testCredential('hackleApi', { apiKey: HACKLE_API });
		expect(result).toEqual({ status: 'OK', message: 'Connection successful!' });
		expect(requests).toHaveLength(1);
		expect(requests[0].rawBody).toBe('{"campaignKey":0,"users":[]}');
		expect(requests[0].headers['x-hackle-api-key']).toBe(HACKLE_API);
	});

	it('fails when the push endpoint answers 200 (a push would have been accepted)', async () => {
		intercept('https://api.hackle.io', 'POST', '/v1/push-message/trigger/send', () => [200, { dispatchId: 'd', message: 'success' }]);
		const result = await testCredential('hackleApi', { apiKey: HACKLE_API });
		expect(result).toEqual({ status: 'Error', message: expect.stringContaining('Unexpected answer from the Base URL (HTTP 200)') });
	});
});

describe('adropApi test: only Adrop-shaped JSON counts', () => {
	it('fails on a JSON 200 without "message"', async () => {
		intercept('https://api-v2.adrop.io', 'POST', '/event', () => [200, { status: 'ok' }]);
		const result = await testCredential('adropApi', { apiKey: ADROP_APP });
		expect(result).toEqual({ status: 'Error', message: expect.stringContaining('without Adrop\'s "message" field') });
	});
});

describe('chabokApi test: the host', () => {
	it('probes the sandbox host in the sandbox environment and passes on 200', async () => {
		const { requests } = intercept('https://sandbox.push.adpdigital.com', 'POST', '/api/installations/trackBulk', () => [200, { queued: true, n: 0 }]);
		const result = await testCredential('chabokApi', { accessToken: CHABOK_ACCESS, environment: 'sandbox' });
		expect(result).toEqual({ status: 'OK', message: 'Connection successful!' });
		expect(requests[0].rawBody).toBe('[]');
	});

	it.each(['evil.example/x', 'a.b', '-x', 'x@evil.example', 'evil.example#'])(
		'refuses the App ID %j (checkHostLabel) before anything is sent',
		async (appId) => {
			const sent = watch('https://evil.example', 'https://a.b.push.adpdigital.com', 'https://x.push.adpdigital.com');
			const result = await testCredential('chabokApi', { accessToken: CHABOK_ACCESS, environment: 'production', appId });
			expect(result.status).toBe('Error');
			expect(result.message).toContain('App ID of the Chabok API credential must be a plain host name label');
			expect(sent()).toBe(0);
			expect(result.message).not.toContain(CHABOK_ACCESS);
		},
	);

	it('uses the Base URL Override whatever the App ID says', async () => {
		const { requests } = intercept('http://localhost:9634', 'POST', '/api/installations/trackBulk', () => [200, { queued: true, n: 0 }]);
		const result = await testCredential('chabokApi', {
			accessToken: CHABOK_ACCESS,
			environment: 'production',
			appId: 'evil.example/x',
			baseUrl: 'http://localhost:9634/api/',
		});
		expect(result).toEqual({ status: 'OK', message: 'Connection successful!' });
		expect(requests).toHaveLength(1);
	});
});
