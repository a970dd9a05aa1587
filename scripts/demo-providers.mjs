// The demo's providers: the e2e suite's four fakes (test/e2e/fakes/: each request checked against the
// provider's document, the md5 signature included, answered as the provider answers, recorded with
// every header and the raw body), the credentials that point at them, and a page listing what they
// received. All on 127.0.0.1.
import http from 'node:http';

import { FAKE_KEYS, PROVIDERS } from '../test/e2e/fakes/index.mjs';
import { FakeProvider } from '../test/e2e/fakes/server.mjs';
import { closeServer } from '../test/e2e/lib/procs.mjs';
import adrop from '../test/e2e/providers/adrop.mjs';
import chabok from '../test/e2e/providers/chabok.mjs';
import hackle from '../test/e2e/providers/hackle.mjs';
import traintracks from '../test/e2e/providers/traintracks.mjs';

const MODULES = { hackle, adrop, traintracks, chabok };

/**
 * The credentials the example workflows name (examples/*.json): the e2e suite's working credential of
 * each provider (keys the fake accepts, Base URL at the fake), under the example's id and name.
 */
export const DEMO_CREDENTIALS = {
	hackle: { id: 'demoHackleApi001', name: 'Hackle account' },
	adrop: { id: 'demoAdropApi0001', name: 'Adrop account' },
	traintracks: { id: 'demoTraintrack01', name: 'Traintracks account' },
	chabok: { id: 'demoChabokApi001', name: 'Chabok account' },
};

function escapeHtml(text) {
	return String(text).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
}

/** Every request the fakes received, oldest first: provider, time, method, URL, headers, body, answer. */
function received(fakes) {
	return Object.entries(fakes)
		.flatMap(([provider, fake]) =>
			fake.requests.map((r) => ({
				provider,
				at: r.at,
				method: r.method,
				url: r.url,
				headers: r.headers,
				body: r.rawBody,
				status: r.status,
				answer: r.responseBody,
				accepted: r.accepted ?? 0,
			})),
		)
		.sort((a, b) => a.at.localeCompare(b.at));
}

function page(requests) {
	const rows = requests
		.slice()
		.reverse()
		.map(
			(r) =>
				`<tr><td>${escapeHtml(r.at)}</td><td>${escapeHtml(r.provider)}</td><td>${escapeHtml(`${r.method} ${r.url}`)}</td><td>${escapeHtml(r.status)}</td>` +
				`<td><pre>${escapeHtml(Object.entries(r.headers).map(([k, v]) => `${k}: ${v}`).join('\n'))}</pre></td><td><pre>${escapeHtml(r.body)}</pre></td><td><pre>${escapeHtml(r.answer ?? '')}</pre></td></tr>`,
		)
		.join('\n');
	return `<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="refresh" content="3"><title>What the providers received</title>
<style>body{font-family:sans-serif;margin:1.5em}table{border-collapse:collapse;width:100%}td,th{border:1px solid #ccc;padding:4px;vertical-align:top;text-align:left}pre{margin:0;white-space:pre-wrap;word-break:break-all;font-size:12px}</style></head>
<body><h1>What the providers received</h1><p>${requests.length} request(s), newest first; this page refreshes every 3 s. JSON: <a href="/requests.json">/requests.json</a>.
These are the demo's fake providers: each checks a request against the provider's document and answers as the provider does (a 4xx names what is wrong).</p>
<table><tr><th>received</th><th>provider</th><th>request</th><th>status</th><th>headers</th><th>body</th><th>answer</th></tr>
${rows}</table></body></html>`;
}

/** Start the four fakes and the page at `port`; returns { fakes, credentials, baseUrl, requests(), stop() }. */
export async function startDemoProviders({ port, seed = 1 }) {
	const fakes = {};
	for (const [name, make] of Object.entries(PROVIDERS)) {
		fakes[name] = new FakeProvider(make(FAKE_KEYS[name]), { seed });
		await fakes[name].start();
	}
	const credentials = Object.entries(MODULES).map(([name, module]) => {
		const [working] = module.credentials({ fake: fakes[name], keys: FAKE_KEYS[name] });
		return { ...working, ...DEMO_CREDENTIALS[name] };
	});
	const server = http.createServer((req, res) => {
		const requests = received(fakes);
		if (req.method === 'GET' && req.url === '/requests.json') {
			res.writeHead(200, { 'Content-Type': 'application/json' });
			return res.end(JSON.stringify(requests, null, 2));
		}
		if (req.method === 'GET' && (req.url === '/' || req.url === '/index.html')) {
			res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
			return res.end(page(requests));
		}
		res.writeHead(404, { 'Content-Type': 'text/plain' });
		res.end('not found: GET / or GET /requests.json');
	});
	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, '127.0.0.1', resolve);
	});
	return {
		fakes,
		credentials,
		baseUrl: `http://127.0.0.1:${port}`,
		requests: () => received(fakes),
		stop: async () => {
			await closeServer(server);
			await Promise.all(Object.values(fakes).map((fake) => fake.stop()));
		},
	};
}
