// The four credentials' tests in real n8n: POST /rest/credentials/test, as
// the editor's "Test" button sends it (n8n's CredentialsTester runs the
// credential's declarative test through its RoutingNode), against the fake
// providers and a small loopback "wrong host" server. For each credential:
// the right key passes and the fake records nothing; a wrong key fails with
// the credential's 401 message; a base URL where nothing answers (404), a
// 500, an HTML page and a redirect fail; the redirect is not followed (the
// fake it points at gets nothing); plain http to another machine is refused
// before anything is sent. No message carries a secret. Bounded: one probe
// per check (two on 401: n8n resends once after 401), 15 s per call.
import http from 'node:http';

import { isV1 } from './lib/install.mjs';
import { closeServer } from './lib/procs.mjs';

const HTML_PAGE = '<!DOCTYPE html><html><head><title>Welcome</title></head><body><h1>It works!</h1></body></html>';

/** Per credential: where the probe goes and how to point the credential at another host. */
const PROBES = {
	hackle: {
		type: 'hackleApi',
		credential: 'Hackle (e2e fake)',
		path: '/v1/track',
		body: '{"user":{}}',
		withBase: (data, base) => ({ ...data, baseUrl: base }),
		wrongKey: (data) => ({ ...data, sdkSecretKey: 'not-the-sdk-key' }),
		authenticated: (request, keys) => request.headers['x-hackle-api-key'] === keys.sdkKey,
		secrets: (keys) => [keys.sdkKey, keys.apiKey],
		unauthorized: 'Hackle rejected the key (401)',
		htmlAnswer: /Unexpected answer from the Base URL \(HTTP 200\)/,
	},
	adrop: {
		type: 'adropApi',
		credential: 'Adrop (e2e fake)',
		path: '/event',
		body: '{"uid":"","eventName":""}',
		withBase: (data, base) => ({ ...data, baseUrl: base }),
		wrongKey: (data) => ({ ...data, apiKey: 'not-the-app-key' }),
		authenticated: (request, keys) => request.headers.authorization === keys.appKey,
		secrets: (keys) => [keys.appKey],
		unauthorized: 'Adrop rejected the App Key (401)',
		htmlAnswer: /answered with a page that is not JSON/,
	},
	traintracks: {
		type: 'traintracksApi',
		credential: 'Traintracks (e2e fake)',
		path: '/v1/events',
		body: '[]',
		withBase: (data, base) => ({ ...data, endpointUrl: `${base}/v1/events` }),
		wrongKey: (data) => ({ ...data, productSecret: 'not-the-secret' }),
		authenticated: (request, keys) => request.headers['x-product-key'] === keys.productKey && /^[0-9a-f]{32}$/.test(request.headers['x-product-auth'] ?? ''),
		secrets: (keys) => [keys.productSecret],
		unauthorized: 'Traintracks refused the signature (401)',
		htmlAnswer: /answered with a page that is not JSON/,
	},
	chabok: {
		type: 'chabokApi',
		credential: 'Chabok (e2e fake)',
		path: '/api/installations/trackBulk',
		body: '[]',
		withBase: (data, base) => ({ ...data, baseUrl: `${base}/api` }),
		wrongKey: (data) => ({ ...data, accessToken: 'not-the-token' }),
		authenticated: (request, keys) => request.headers['x-access-token'] === keys.accessToken,
		secrets: (keys) => [keys.accessToken],
		unauthorized: 'Chabok rejected the access token (401)',
		htmlAnswer: /answered with a page that is not JSON/,
	},
};

/**
 * A loopback server that is not a provider: `/html/...` answers 200 with an
 * HTML page, `/redirect/<provider>/...` answers 307 to the same path on that
 * provider's fake (another origin). Counts what it receives.
 */
async function startWrongHost(fakes) {
	const received = [];
	const server = http.createServer((req, res) => {
		req.resume();
		req.on('end', () => {
			received.push(req.url);
			const redirect = /^\/redirect\/(\w+)(\/.*)$/.exec(req.url);
			if (redirect && fakes[redirect[1]]) {
				res.writeHead(307, { Location: `${fakes[redirect[1]].baseUrl}${redirect[2]}` });
				return res.end();
			}
			res.writeHead(200, { 'Content-Type': 'text/html' });
			res.end(HTML_PAGE);
		});
	});
	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', resolve);
	});
	return {
		baseUrl: `http://127.0.0.1:${server.address().port}`,
		received,
		stop: () => closeServer(server),
	};
}

/**
 * POST /rest/credentials/test for a stored credential with `data`, as the
 * editor sends it (n8n merges it with the stored secrets); returns
 * { status, message }. At most 15 s.
 */
async function testCredential(n8n, credential, data) {
	const res = await fetch(`${n8n.baseUrl}/rest/credentials/test`, {
		method: 'POST',
		headers: { Cookie: n8n.cookie, 'Content-Type': 'application/json', 'browser-id': 'e2e-suite' },
		body: JSON.stringify({ credentials: { id: credential.id, name: credential.name, type: credential.type, data } }),
		signal: AbortSignal.timeout(15_000),
	});
	const text = await res.text();
	if (!res.ok) throw new Error(`POST /rest/credentials/test: HTTP ${res.status} ${text.slice(0, 500)}`);
	return JSON.parse(text).data;
}

/**
 * [name, fn] checks for the e2e runner (fn returns problems). `credentials`:
 * the modules' credentials as imported; `keys`: FAKE_KEYS.
 */
/**
 * n8n 1.x's request helper takes `ignoreHttpStatusErrors: { ignore, except }` as "ignore every
 * status" (n8n-core 1.x: validateStatus = () => true), so its credential tester never sees the
 * probe's status: only the body rules apply. There the checks of a refused key, a 404, a 500 and a
 * redirect keep what the request side must do (the probe's path, body and authentication, the
 * redirect not followed, no secret in the message, nothing recorded) and leave the verdict out; the
 * README's Compatibility section says Test on 1.x checks only that the host answers JSON.
 */
const STATUS_SEEN = !isV1();
const V1_NOTE = ' (n8n 1.x: verdict not checked, its tester cannot see HTTP statuses)';

export async function credentialTestChecks({ n8n, fakes, credentials, keys }) {
	const wrongHost = await startWrongHost(fakes);
	const checks = [];
	for (const [provider, probe] of Object.entries(PROBES)) {
		const fake = fakes[provider];
		const credential = credentials.find((c) => c.name === probe.credential);
		// A per-provider package's run (E2E_PACKAGE) imports only its own provider's credentials.
		if (!credential) continue;
		const providerKeys = keys[provider];
		const secrets = probe.secrets(providerKeys);

		/** Run one test; problems if the verdict or what the fake / wrong host saw differs. */
		const attempt = async (data, want) => {
			const problems = [];
			const before = { requests: fake.requests.length, ledger: fake.ledger.length, wrong: wrongHost.received.length };
			const result = await testCredential(n8n, credential, data);
			const requests = fake.requests.slice(before.requests);
			const verdict = STATUS_SEEN || !want.needsStatus;
			if (verdict && result?.status !== want.status) problems.push(`status ${result?.status}, expected ${want.status} (message: ${result?.message})`);
			if (verdict && want.message && !want.message.test(result?.message ?? '')) problems.push(`message "${result?.message}" does not match ${want.message}`);
			for (const secret of secrets) if (String(result?.message ?? '').includes(secret)) problems.push('the message carries a secret');
			if (requests.length !== want.fakeRequests) {
				problems.push(`${provider} fake received ${requests.length} requests, expected ${want.fakeRequests}: ${requests.map((r) => `${r.path} ${r.status}`).join(', ')}`);
			}
			for (const request of requests) {
				const path = want.path ?? probe.path;
				if (request.method !== 'POST' || request.path !== path) problems.push(`probe went to ${request.method} ${request.path}, expected POST ${path}`);
				if (request.rawBody !== probe.body) problems.push(`probe body ${request.rawBody}, expected ${probe.body}`);
				if (want.authenticated !== false && !probe.authenticated(request, providerKeys)) problems.push('probe without the credential\'s authentication');
			}
			if (fake.ledger.length !== before.ledger) problems.push(`${provider} fake recorded ${fake.ledger.length - before.ledger} events from a probe`);
			const wrong = wrongHost.received.length - before.wrong;
			if (wrong !== (want.wrongHostRequests ?? 0)) problems.push(`the wrong-host server received ${wrong} requests, expected ${want.wrongHostRequests ?? 0}`);
			return problems;
		};

		checks.push([
			`${probe.type} test in n8n: the right key passes on the provider's answer, nothing recorded`,
			() => attempt(credential.data, { status: 'OK', message: /^Connection successful!$/, fakeRequests: 1 }),
		]);
		checks.push([
			`${probe.type} test in n8n: a wrong key fails with a plain message${STATUS_SEEN ? '' : V1_NOTE}`,
			() =>
				attempt(probe.wrongKey(credential.data), {
					status: 'Error',
					message: new RegExp(probe.unauthorized.replace(/[()]/g, '\\$&')),
					// n8n 2.x's tester sends the probe a second time after a 401; 1.x once.
					fakeRequests: STATUS_SEEN ? 2 : 1,
					authenticated: false,
					needsStatus: true,
				}),
		]);
		checks.push([
			`${probe.type} test in n8n: a base URL where nothing answers (404) fails${STATUS_SEEN ? '' : V1_NOTE}`,
			() =>
				attempt(probe.withBase(credential.data, `${fake.baseUrl}/not-here`), {
					status: 'Error',
					message: /Nothing answers at this .*\(HTTP 404\)/,
					fakeRequests: 1,
					path: `/not-here${probe.path}`,
					needsStatus: true,
				}),
		]);
		checks.push([
			`${probe.type} test in n8n: a 500 fails${STATUS_SEEN ? '' : V1_NOTE}`,
			async () => {
				fake.clearFaults();
				fake.inject('500', { times: 1, path: probe.path });
				try {
					return await attempt(credential.data, { status: 'Error', message: /failed \(HTTP 500\)/, fakeRequests: 1, needsStatus: true });
				} finally {
					fake.clearFaults();
				}
			},
		]);
		checks.push([
			`${probe.type} test in n8n: an HTML page fails`,
			() => attempt(probe.withBase(credential.data, `${wrongHost.baseUrl}/html`), {
				status: 'Error',
				// 1.x: the page reaches the body rules whatever its status, and the "not JSON" rule refuses it.
				message: STATUS_SEEN ? probe.htmlAnswer : /answered with a page that is not JSON/,
				fakeRequests: 0,
				wrongHostRequests: 1,
			}),
		]);
		checks.push([
			`${probe.type} test in n8n: a redirect fails and is not followed (the fake it points at gets nothing)${STATUS_SEEN ? '' : V1_NOTE}`,
			() =>
				attempt(probe.withBase(credential.data, `${wrongHost.baseUrl}/redirect/${provider}`), {
					status: 'Error',
					message: /redirect \(HTTP 307\).*Redirects are not followed/,
					fakeRequests: 0,
					wrongHostRequests: 1,
					needsStatus: true,
				}),
		]);
		checks.push([
			`${probe.type} test in n8n: plain http to another machine is refused before anything is sent`,
			() =>
				attempt(probe.withBase(credential.data, 'http://example.invalid'), {
					status: 'Error',
					message: /must use https; http is allowed only to this machine/,
					fakeRequests: 0,
				}),
		]);
	}
	// Only when the Chabok credential is there (a per-provider run imports only its own).
	if (credentials.some((c) => c.name === PROBES.chabok.credential)) {
		checks.push([
			'chabokApi test in n8n: a hostile App ID is refused before anything is sent',
			async () => {
				const credential = credentials.find((c) => c.name === PROBES.chabok.credential);
				const result = await testCredential(n8n, credential, { ...credential.data, baseUrl: '', appId: 'evil.example/x' });
				const problems = [];
				if (result?.status !== 'Error' || !/App ID of the Chabok API credential must be a plain host name label/.test(result?.message ?? '')) {
					problems.push(`got ${JSON.stringify(result)}`);
				}
				return problems;
			},
		]);
	}
	return { checks, stop: () => wrongHost.stop() };
}
