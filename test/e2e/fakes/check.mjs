// The fakes checked on their own, before n8n uses them: each accepts its
// document's examples, rejects what the document rules out, and injects every
// fault as described, reproducibly from a seed. `node test/e2e/fakes/check.mjs`
// runs only these.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';

import { adropProvider } from './adrop.mjs';
import { chabokProvider } from './chabok.mjs';
import { hackleProvider } from './hackle.mjs';
import { FAKE_KEYS } from './index.mjs';
import { OtherHost, REDIRECT_QUERY } from './other-host.mjs';
import { FakeProvider, parseFault } from './server.mjs';
import { examples } from '../lib/examples.mjs';
import { traintracksProvider, traintracksSignature } from './traintracks.mjs';

async function withFake(make, keys, fn, seed = 1) {
	const fake = new FakeProvider(make(keys), { seed });
	fake.otherHost = new OtherHost();
	await fake.otherHost.start();
	await fake.start();
	try {
		await fn(fake);
	} finally {
		await fake.stop();
		await fake.otherHost.stop();
	}
}

async function post(fake, path, body, headers = {}, { timeoutMs = 5000 } = {}) {
	const raw = typeof body === 'string' ? body : JSON.stringify(body);
	const res = await fetch(fake.baseUrl + path, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json', ...headers },
		body: raw,
		// A 3xx is the answer to look at, not something to follow.
		redirect: 'manual',
		signal: AbortSignal.timeout(timeoutMs),
	});
	const text = await res.text();
	let json;
	try {
		json = text ? JSON.parse(text) : undefined;
	} catch {
		json = undefined;
	}
	return { status: res.status, text, json, headers: res.headers };
}

async function networkError(promise) {
	try {
		await promise;
	} catch (error) {
		let e = error;
		while (e) {
			if (typeof e.code === 'string') return e.code;
			if (e.name === 'TimeoutError' || e.name === 'AbortError') return e.name;
			e = e.cause;
		}
		return error.name;
	}
	return 'no error';
}

// ---- the documents' examples ---------------------------------------------------------
const HACKLE_TRACK = examples.hackle.track;
const HACKLE_PUSH = examples.hackle.push;
const ADROP_EXAMPLES = [examples.adrop.simple, examples.adrop.viewItem, examples.adrop.purchase, examples.adrop.generateLead];
const TRAINTRACKS_EXAMPLE = examples.traintracks.batch;
const CHABOK_TRACK = examples.chabok.trackByInstallation;
const CHABOK_TRACK_USER = { ...examples.chabok.trackByUser, eventData: examples.chabok.eventData };
const CHABOK_PURCHASE = examples.chabok.purchaseByInstallation;

export function runFakeChecks() {
	const K = FAKE_KEYS;
	const hackle = { 'X-HACKLE-API-KEY': K.hackle.sdkKey };
	const hacklePush = { 'X-HACKLE-API-KEY': K.hackle.apiKey };
	const adrop = { Authorization: K.adrop.appKey };
	const chabok = { 'X-Access-Token': K.chabok.accessToken };
	const tt = (raw, extra = {}) => ({ 'X-Product-Key': K.traintracks.productKey, 'X-Product-Auth': traintracksSignature(Buffer.from(raw), K.traintracks.productSecret), 'Remote-Address': '1.2.3.4', ...extra });

	return [
		[
			'Hackle accepts the track and push examples; 401 for a wrong or missing key; documented error codes for bad push bodies',
			() =>
				withFake(hackleProvider, K.hackle, async (fake) => {
					assert.equal((await post(fake, '/v1/track', HACKLE_TRACK, hackle)).status, 200);
					assert.equal((await post(fake, '/v1/track', HACKLE_TRACK, { 'X-HACKLE-API-KEY': K.hackle.apiKey })).status, 401);
					assert.equal((await post(fake, '/v1/track', { event: { key: 'x' }, user: {} }, hackle)).status, 400);
					assert.equal((await post(fake, '/v1/track', { ...HACKLE_TRACK, extra: 1 }, hackle)).status, 400);
					const push = await post(fake, '/v1/push-message/trigger/send', HACKLE_PUSH, hacklePush);
					assert.equal(push.status, 200);
					assert.equal(push.json.message, 'success');
					assert.match(push.json.dispatchId, /^[0-9a-f-]{36}$/);
					const code = async (body, headers = hacklePush) => (await post(fake, '/v1/push-message/trigger/send', body, headers)).json?.code;
					assert.equal(await code(HACKLE_PUSH, {}), 'API_KEY_NOT_FOUND');
					assert.equal(await code(HACKLE_PUSH, hackle), 'INVALID_API_KEY');
					assert.equal(await code({ campaignKey: 1, users: Array.from({ length: 51 }, (_, i) => ({ userId: `u${i}` })) }), 'EXCEED_USER_MAX_LENGTH');
					assert.equal(await code({ campaignKey: 999, users: [{ userId: 'u' }] }), 'CAMPAIGN_NOT_FOUND');
					assert.equal(await code({ campaignKey: 1, users: [{ apiProperties: { a: '1' } }] }), 'EMPTY_IDENTIFIER');
					assert.equal((await post(fake, '/v1/push-message/trigger/send', { campaignKey: 1, users: Array.from({ length: 50 }, (_, i) => ({ deviceId: `d${i}` })) }, hacklePush)).status, 200);
					assert.equal(fake.ledger.length, 1 + 1 + 50);
				}),
		],
		[
			'Adrop accepts the four examples; answers 200 "!invalid" and records nothing for unknown events, missing parameters, 101 items, long strings',
			() =>
				withFake(adropProvider, K.adrop, async (fake) => {
					for (const example of ADROP_EXAMPLES) assert.deepEqual((await post(fake, '/event', example, adrop)).json, { message: 'ok' });
					const invalid = [
						{ uid: 'U', eventName: 'not_an_event' },
						{ uid: 'U', eventName: 'purchase', items: [{ item_id: 'a' }] },
						{ uid: 'U', eventName: 'add_to_cart', item_id: 'a', price: 1 },
						{ uid: 'U', eventName: 'begin_checkout', items: Array.from({ length: 101 }, (_, i) => ({ item_id: `i${i}` })) },
						{ uid: 'U', eventName: 'x'.repeat(65) },
						{ uid: 'U', eventName: 'page_view', page_id: 'p', page_url: 'u'.repeat(1025) },
						{ eventName: 'app_open' },
						{ uid: 'U', eventName: 'view_item', item_id: 'a', price: '29900' },
					];
					for (const body of invalid) assert.deepEqual((await post(fake, '/event', body, adrop)).json, { message: '!invalid' }, JSON.stringify(body).slice(0, 80));
					assert.equal((await post(fake, '/event', ADROP_EXAMPLES[0], { Authorization: 'wrong' })).status, 401);
					// Where the document is silent, as the node: undocumented parameters are free extras.
					const extras = [
						{ uid: 'U', eventName: 'page_view', page_id: 'p', value: 'high' },
						{ uid: 'U', eventName: 'view_item', item_id: 'a', items: [{ sku: 1 }] },
					];
					for (const body of extras) assert.deepEqual((await post(fake, '/event', body, adrop)).json, { message: 'ok' }, JSON.stringify(body));
					assert.equal(fake.ledger.length, 4 + extras.length);
					assert.equal(fake.requests.filter((r) => r.rejected).length, invalid.length + 1);
				}),
		],
		[
			'Traintracks accepts the signed example batch; recomputes md5(raw body + secret); rejects re-serialised bodies, missing Remote-Address, periods, non-UUIDs',
			() =>
				withFake(traintracksProvider, K.traintracks, async (fake) => {
					const raw = JSON.stringify(TRAINTRACKS_EXAMPLE);
					assert.equal((await post(fake, '/v1/events', raw, tt(raw))).status, 200);
					assert.equal(fake.ledger.length, 2);
					// Same JSON, other bytes: the signature of the compact form does not fit.
					assert.equal((await post(fake, '/v1/events', JSON.stringify(TRAINTRACKS_EXAMPLE, null, 2), tt(raw))).status, 401);
					assert.equal((await post(fake, '/v1/events', raw, { ...tt(raw), 'X-Product-Key': crypto.randomUUID() })).status, 401);
					const { 'Remote-Address': _ra, ...noRemote } = tt(raw);
					assert.equal((await post(fake, '/v1/events', raw, noRemote)).status, 400);
					const bad = (patch) => {
						const body = JSON.stringify([{ ...TRAINTRACKS_EXAMPLE[0], ...patch }]);
						return post(fake, '/v1/events', body, tt(body));
					};
					assert.equal((await bad({ eventType: 'store.purchase' })).status, 400);
					assert.equal((await bad({ userId: '12345' })).status, 400);
					assert.equal((await bad({ clientTimestamp: '2012-03-14T02:33:42.416Z' })).status, 400);
					assert.equal((await bad({ location: { lat: 91, lon: 0 } })).status, 400);
					assert.equal((await post(fake, '/v1/events', '[]', tt('[]'))).status, 400);
					// Non-ASCII: the signature is over the UTF-8 bytes.
					const unicode = JSON.stringify([{ ...TRAINTRACKS_EXAMPLE[1], userName: 'Jäne 도에' }]);
					assert.equal((await post(fake, '/v1/events', unicode, tt(unicode))).status, 200);
					assert.equal(fake.ledger.length, 3);
				}),
		],
		[
			'Chabok accepts track (installationId, userId), trackBulk (arrays by either, {"queued": true, "n": N}) and trackPurchase; 401 without the token; rejects an array on track, > 1,000 events, missing revenue, eventTime not a non-negative integer; the "partial" fault queues and counts only some',
			() =>
				withFake(chabokProvider, K.chabok, async (fake) => {
					assert.equal((await post(fake, '/api/installations/track', CHABOK_TRACK, chabok)).status, 200);
					assert.equal((await post(fake, '/api/installations/track', CHABOK_TRACK_USER, chabok)).status, 200);
					assert.deepEqual((await post(fake, '/api/installations/trackBulk', [CHABOK_TRACK, CHABOK_TRACK_USER], chabok)).json, { queued: true, n: 2 });
					const onTrack = await post(fake, '/api/installations/track', [CHABOK_TRACK, CHABOK_TRACK], chabok);
					assert.equal(onTrack.status, 400);
					assert.match(onTrack.json.message, /trackBulk/);
					assert.equal((await post(fake, '/api/installations/trackBulk', CHABOK_TRACK, chabok)).status, 400);
					assert.equal((await post(fake, '/api/installations/trackBulk', [], chabok)).status, 400);
					assert.equal((await post(fake, '/api/installations/trackPurchase', CHABOK_PURCHASE, chabok)).status, 200);
					assert.equal((await post(fake, '/api/installations/track', CHABOK_TRACK, { 'X-Access-Token': 'wrong' })).status, 401);
					assert.equal((await post(fake, '/api/installations/trackBulk', [CHABOK_TRACK], { 'X-Access-Token': 'wrong' })).status, 401);
					assert.equal((await post(fake, '/api/installations/trackBulk', Array.from({ length: 1001 }, () => CHABOK_TRACK), chabok)).status, 400);
					const { revenue: _r, ...noRevenue } = CHABOK_PURCHASE;
					assert.equal((await post(fake, '/api/installations/trackPurchase', noRevenue, chabok)).status, 400);
					assert.equal((await post(fake, '/api/installations/track', { ...CHABOK_TRACK, eventTime: 1575965125.11 }, chabok)).status, 400);
					assert.equal((await post(fake, '/api/installations/track', { ...CHABOK_TRACK, eventTime: -1 }, chabok)).status, 400);
					assert.equal((await post(fake, '/api/installations/track', { ...CHABOK_TRACK, eventTime: '1575965125110' }, chabok)).status, 400);
					// A 1999 event in epoch milliseconds (below 1e12): the node sends it, so the fake takes it.
					assert.equal((await post(fake, '/api/installations/track', { ...CHABOK_TRACK, eventTime: 915148800000 }, chabok)).status, 200);
					assert.equal((await post(fake, '/api/installations/track', { ...CHABOK_TRACK, userId: 'U' }, chabok)).status, 400);
					assert.equal((await post(fake, '/api/installations/trackPurchase', [CHABOK_PURCHASE], chabok)).status, 400);
					assert.equal(fake.ledger.length, 6);
					fake.inject('partial');
					assert.deepEqual((await post(fake, '/api/installations/trackBulk', [CHABOK_TRACK, CHABOK_TRACK_USER, CHABOK_TRACK], chabok)).json, { queued: true, n: 1 });
					assert.equal(fake.ledger.length, 7);
				}),
		],
		[
			'faults: statuses, Retry-After (seconds, HTTP-date), documented bodies, reset, hang, malformed and empty 200s; only 200s record',
			() =>
				withFake(hackleProvider, K.hackle, async (fake) => {
					const send = (opts) => post(fake, '/v1/push-message/trigger/send', HACKLE_PUSH, hacklePush, opts);
					fake.inject('500', { times: 2 });
					assert.equal((await send()).status, 500);
					assert.equal((await send()).status, 500);
					assert.equal((await send()).status, 200);
					for (const status of [400, 401, 502, 503]) {
						fake.inject(String(status));
						assert.equal((await send()).status, status);
					}
					fake.inject('429');
					assert.equal((await send()).headers.get('retry-after'), null);
					fake.inject({ kind: 'status', status: 429, retryAfter: 3 });
					assert.equal((await send()).headers.get('retry-after'), '3');
					fake.inject('429-retry-after-date');
					const date = Date.parse((await send()).headers.get('retry-after'));
					assert.ok(date > Date.now() - 2000 && date < Date.now() + 5000);
					fake.inject('documented:CAMPAIGN_NOT_FOUND');
					assert.equal((await send()).json.code, 'CAMPAIGN_NOT_FOUND');
					fake.inject('reset');
					assert.match(await networkError(send()), /ECONNRESET|UND_ERR_SOCKET|EPIPE/);
					fake.inject('reset-early');
					assert.match(await networkError(send()), /ECONNRESET|UND_ERR_SOCKET|EPIPE/);
					fake.inject('hang');
					assert.match(await networkError(send({ timeoutMs: 300 })), /TimeoutError|AbortError/);
					assert.equal(fake.ledger.length, 1);
					fake.inject('malformed');
					const malformed = await send();
					assert.equal(malformed.status, 200);
					assert.equal(malformed.json, undefined);
					fake.inject('empty');
					assert.equal((await send()).text, '');
					fake.inject({ kind: 'hang', record: true });
					await networkError(send({ timeoutMs: 300 }));
					assert.equal(fake.ledger.length, 4);
				}),
		],
		[
			'lost answers: record-then-502 and record-then-drop record the events, then answer a gateway 502 / close the connection; an invalid request still gets its error answer',
			() =>
				withFake(chabokProvider, K.chabok, async (fake) => {
					const track = (body, opts) => post(fake, Array.isArray(body) ? '/api/installations/trackBulk' : '/api/installations/track', body, chabok, opts);
					fake.inject('record-then-502');
					const lost = await track([CHABOK_TRACK, CHABOK_TRACK_USER]);
					assert.equal(lost.status, 502);
					assert.match(lost.text, /502 Bad Gateway/);
					assert.equal(lost.json, undefined);
					assert.equal(fake.ledger.length, 2);
					assert.equal(fake.requests.at(-1).accepted, 2);
					fake.inject('record-then-drop');
					assert.match(await networkError(track(CHABOK_TRACK)), /ECONNRESET|UND_ERR_SOCKET|EPIPE|UND_ERR_CLOSED/);
					assert.equal(fake.ledger.length, 3);
					assert.equal(fake.requests.at(-1).status, undefined);
					assert.match(fake.requests.at(-1).outcome, /accepted 1, then the connection closed/);
					// Refused by the document's checks: the refusal comes through, nothing recorded.
					fake.inject('record-then-502');
					assert.equal((await track({ ...CHABOK_TRACK, eventTime: -1 })).status, 400);
					fake.inject('record-then-drop');
					assert.equal((await track({ ...CHABOK_TRACK, eventTime: -1 })).status, 400);
					assert.equal(fake.ledger.length, 3);
					assert.deepEqual(fake.stats().byStatus, { '502 (record-then-502)': 1, 'none (record-then-drop)': 1, '400 (record-then-502)': 1, '400 (record-then-drop)': 1 });
				}),
		],
		[
			'redirects: 307 and 308 point at the same path on the other host (another origin) and record nothing; 303 records first; the other host records what reaches it',
			() =>
				withFake(hackleProvider, K.hackle, async (fake) => {
					const other = fake.otherHost;
					assert.notEqual(new URL(other.baseUrl).host, new URL(fake.baseUrl).host);
					for (const status of [307, 308, 303]) {
						fake.inject(`redirect-${status}`);
						const answer = await post(fake, '/v1/track', HACKLE_TRACK, hackle);
						assert.equal(answer.status, status);
						assert.equal(answer.headers.get('location'), `${other.baseUrl}/v1/track?${REDIRECT_QUERY}`);
						assert.equal(fake.ledger.length, status === 303 ? 1 : 0);
					}
					assert.deepEqual(parseFault('redirect-303'), { kind: 'redirect', status: 303, record: true });
					assert.deepEqual(parseFault('redirect-307'), { kind: 'redirect', status: 307, record: false });
					// An explicit Location, as given.
					fake.inject({ kind: 'redirect', status: 302, location: 'https://elsewhere.invalid/x' });
					assert.equal((await post(fake, '/v1/track', HACKLE_TRACK, hackle)).headers.get('location'), 'https://elsewhere.invalid/x');
					// A 303 to a request the document refuses: the refusal, not a redirect.
					fake.inject('redirect-303');
					assert.equal((await post(fake, '/v1/track', { event: { key: 'x' }, user: {} }, hackle)).status, 400);
					// The fetch above did not follow: the other host saw nothing yet; what does reach it is recorded with its headers.
					assert.deepEqual(other.requests, []);
					assert.deepEqual(other.leaks(), []);
					const followed = await fetch(`${other.baseUrl}/v1/track?${REDIRECT_QUERY}`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...hackle }, body: JSON.stringify(HACKLE_TRACK) });
					assert.deepEqual(await followed.json(), { message: 'ok' });
					assert.equal(other.requests.length, 1);
					assert.equal(other.requests[0].headers['x-hackle-api-key'], K.hackle.sdkKey);
					assert.equal(other.requests[0].rawBody, JSON.stringify(HACKLE_TRACK));
					assert.match(other.leaks()[0], /received POST \/v1\/track\?sig=\S+ with \d+ body bytes and x-hackle-api-key$/);
					assert.equal((await (await fetch(`${fake.baseUrl}/__fake/other-host`)).json()).length, 1);
				}),
		],
		[
			'faults from a seed: the same requests meet the same faults in any order, retries included; another seed differs',
			async () => {
				const bodies = Array.from({ length: 200 }, (_, i) => ({ campaignKey: 1, users: [{ userId: `user-${i}` }] }));
				const outcome = async (seed, order) => {
					const result = new Map();
					await withFake(hackleProvider, K.hackle, async (fake) => {
						fake.setFaultRate({ seed, rate: 0.2, faults: ['500', '503', '429', 'malformed', 'record-then-502', 'redirect-307', 'redirect-303'] });
						for (const i of order) {
							const first = await post(fake, '/v1/push-message/trigger/send', bodies[i], hacklePush);
							const retry = await post(fake, '/v1/push-message/trigger/send', bodies[i], hacklePush);
							result.set(i, `${first.status}${first.json ? '' : '!'}/${retry.status}${retry.json ? '' : '!'}`);
						}
					});
					return result;
				};
				const forward = [...bodies.keys()];
				const backward = [...forward].reverse();
				const a = await outcome(7, forward);
				const b = await outcome(7, backward);
				const c = await outcome(8, forward);
				assert.deepEqual([...b.entries()].sort((x, y) => x[0] - y[0]), [...a.entries()]);
				const faulted = [...a.values()].flatMap((v) => v.split('/')).filter((s) => s !== '200').length;
				assert.ok(faulted > 40 && faulted < 120, `about 20% of 400 requests should meet a fault, got ${faulted}`);
				assert.notDeepEqual([...c.entries()], [...a.entries()]);
			},
		],
		[
			'control endpoint: inject over HTTP, read ledger, requests and stats, reset',
			() =>
				withFake(chabokProvider, K.chabok, async (fake) => {
					const control = (method, path, body) =>
						fetch(`${fake.baseUrl}/__fake/${path}`, { method, headers: { 'Content-Type': 'application/json' }, body: body && JSON.stringify(body) }).then((r) => r.json());
					await control('POST', 'faults', { inject: [{ fault: '503-retry-after', times: 1 }] });
					const faulted = await post(fake, '/api/installations/track', CHABOK_TRACK, chabok);
					assert.equal(faulted.status, 503);
					assert.equal(faulted.headers.get('retry-after'), '1');
					assert.equal((await post(fake, '/api/installations/track', CHABOK_TRACK, chabok)).status, 200);
					assert.equal((await control('GET', 'ledger')).length, 1);
					assert.equal((await control('GET', 'requests')).length, 2);
					assert.equal((await control('GET', 'stats')).accepted, 1);
					await control('POST', 'faults', { rate: { seed: 3, rate: 1, faults: ['502'] } });
					assert.equal((await post(fake, '/api/installations/track', CHABOK_TRACK, chabok)).status, 502);
					await control('DELETE', 'faults');
					await control('POST', 'reset');
					assert.equal((await control('GET', 'ledger')).length, 0);
				}),
		],
	];
}

if (import.meta.url === `file://${process.argv[1]}`) {
	let failed = 0;
	for (const [name, fn] of runFakeChecks()) {
		try {
			await fn();
			console.log(`ok   ${name}`);
		} catch (error) {
			failed++;
			console.log(`FAIL ${name}\n${error.stack}`);
		}
	}
	const total = runFakeChecks().length;
	console.log(`${total - failed} passed, ${failed} failed`);
	process.exit(failed ? 1 : 0);
}
