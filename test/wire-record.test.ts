/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-hardcoded-secrets -- a jest suite: never shipped; it reads and (with RECORD=1) writes its fixture */
/**
 * What the providers receive, recorded once and held: every request (method,
 * URL, headers the node and credential set, body bytes) for the documents'
 * examples in both input modes and for inputs that make several requests,
 * compared with test/fixtures/wire-requests.json. That file was recorded at
 * commit c44ee76, before the delivery engine was split into rooms
 * (nodes/shared/engine.ts, batches.ts, retry.ts, ...): the split changed no
 * byte on the wire. `RECORD=1 npx jest test/wire-record.test.ts` writes it
 * anew (only when a change of the requests is intended).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import nock from 'nock';

import { bulkTrackSchema } from '../nodes/Chabok/schemas';
import { pushBodySchema } from '../nodes/Hackle/schemas';
import examples from './fixtures/api-doc-examples.json';
import { answeringChabokBulk, forbidNetwork, intercept } from './helpers/capture';
import { runNode } from './helpers/harness';

const FIXTURE = join(__dirname, 'fixtures', 'wire-requests.json');
const TRANSPORT_HEADERS = new Set(['host', 'connection', 'accept-encoding', 'user-agent', 'content-length']);

const HACKLE = { node: 'hackle', credentials: { hackleApi: { sdkSecretKey: 'wire-sdk-key', apiKey: 'wire-api-key' } }, base: 'https://api.hackle.io' };
const ADROP = { node: 'adrop', credentials: { adropApi: { apiKey: 'wire-app-key' } }, base: 'https://api-v2.adrop.io' };
const TRAINTRACKS = {
	node: 'traintracks',
	credentials: { traintracksApi: { productKey: 'a32e6578-17b7-11e4-930a-bc764e1c05e4', productSecret: 'wire-secret' } },
	base: 'https://api.traintracks.io',
};
const CHABOK = { node: 'chabok', credentials: { chabokApi: { accessToken: 'wire-token', environment: 'production', appId: 'myapp' } }, base: 'https://myapp.push.adpdigital.com' };

const ttEvent = (n: number) => ({ ...examples.traintracks.batch[0], userName: `user-${n}` });

const cases: Array<{ name: string; node: string; credentials: Record<string, Record<string, string>>; base: string; parameters: Record<string, unknown>; items: Array<Record<string, unknown>> }> = [
	{ name: 'hackle track, Map Automatically', ...HACKLE, parameters: { resource: 'event', operation: 'trackEvent', inputMode: 'auto' }, items: [examples.hackle.track] },
	{
		name: 'hackle track, Define Below',
		...HACKLE,
		parameters: {
			resource: 'event',
			operation: 'trackEvent',
			inputMode: 'define',
			eventKey: 'purchase',
			userId: '19285035',
			deviceId: 'ae2182e0',
			eventPropertiesMode: 'json',
			eventPropertiesJson: JSON.stringify(examples.hackle.track.event.properties),
			userIdentifiersMode: 'json',
			userIdentifiersJson: JSON.stringify(examples.hackle.track.user.identifiers),
			userPropertiesMode: 'json',
			userPropertiesJson: JSON.stringify(examples.hackle.track.user.properties),
		},
		items: [{}],
	},
	{ name: 'hackle push, 120 users', ...HACKLE, parameters: { resource: 'pushMessage', operation: 'sendPush', campaignKey: 1, inputMode: 'auto' }, items: Array.from({ length: 120 }, (_, n) => ({ userId: `u-${n}`, apiProperties: { n: String(n) } })) },
	{ name: 'hackle push, document users', ...HACKLE, parameters: { resource: 'pushMessage', operation: 'sendPush', campaignKey: 1, inputMode: 'auto' }, items: examples.hackle.push.users },
	{ name: 'adrop view_item', ...ADROP, parameters: { resource: 'event', operation: 'trackEvent', inputMode: 'auto' }, items: [examples.adrop.viewItem, examples.adrop.simple, examples.adrop.generateLead] },
	{ name: 'adrop purchase', ...ADROP, parameters: { resource: 'event', operation: 'trackPurchase', inputMode: 'auto' }, items: [examples.adrop.purchase] },
	{
		name: 'adrop purchase, one line per item',
		...ADROP,
		parameters: { resource: 'event', operation: 'trackPurchase', inputMode: 'auto', grouping: 'lines' },
		items: [
			{ uid: 'U1', tx_id: 'T1', currency: 'KRW', item_id: 'A', price: 100, quantity: 1 },
			{ uid: 'U2', tx_id: 'T2', currency: 'KRW', item_id: 'C', price: 300 },
			{ uid: 'U1', tx_id: 'T1', currency: 'KRW', item_id: 'B', price: 200, quantity: 2 },
		],
	},
	{ name: 'traintracks, document batch', ...TRAINTRACKS, parameters: { resource: 'event', operation: 'sendBatch', inputMode: 'auto' }, items: examples.traintracks.batch },
	{ name: 'traintracks, 250 events in batches of 100', ...TRAINTRACKS, parameters: { resource: 'event', operation: 'sendBatch', inputMode: 'auto' }, items: Array.from({ length: 250 }, (_, n) => ttEvent(n)) },
	{ name: 'chabok track, bulk by installation', ...CHABOK, parameters: { resource: 'event', operation: 'trackEvent', inputMode: 'auto' }, items: [examples.chabok.trackByInstallation, { ...examples.chabok.trackByInstallation, installationId: 'INSTALLATION_2' }] },
	{ name: 'chabok track, bulk by user', ...CHABOK, parameters: { resource: 'event', operation: 'trackEvent', inputMode: 'auto' }, items: [{ ...examples.chabok.trackByUser, eventData: examples.chabok.eventData }, { ...examples.chabok.trackByUser, userId: 'USER_ID_2' }] },
	{ name: 'chabok track, by user', ...CHABOK, parameters: { resource: 'event', operation: 'trackEvent', inputMode: 'auto' }, items: [examples.chabok.trackByUser] },
	{ name: 'chabok purchase, by installation and by user', ...CHABOK, parameters: { resource: 'purchase', operation: 'trackPurchase', inputMode: 'auto' }, items: [examples.chabok.purchaseByInstallation, examples.chabok.purchaseByUser] },
];

interface Wire {
	method: string;
	url: string;
	headers: Record<string, string>;
	body: string;
}

forbidNetwork();

async function wireOf(c: (typeof cases)[number]): Promise<Wire[]> {
	const { requests } = intercept(c.base, 'POST', /.*/, answeringChabokBulk(() => [200, { message: 'ok', dispatchId: 'd1' }]), 200);
	const result = await runNode({ node: c.node, parameters: { ...c.parameters, options: { concurrency: 1 } }, items: c.items, credentials: c.credentials });
	nock.cleanAll();
	if (result.error) throw result.error;
	return requests.map((r) => ({
		method: r.method,
		url: r.url,
		headers: Object.fromEntries(Object.entries(r.headers).filter(([k]) => !TRANSPORT_HEADERS.has(k)).sort(([a], [b]) => a.localeCompare(b))),
		body: r.rawBody,
	}));
}

if (process.env.RECORD === '1') {
	it('records the requests', async () => {
		const record: Record<string, Wire[]> = {};
		for (const c of cases) record[c.name] = await wireOf(c);
		writeFileSync(FIXTURE, JSON.stringify(record, null, 1) + '\n');
	});
} else {
	const recorded = existsSync(FIXTURE) ? (JSON.parse(readFileSync(FIXTURE, 'utf8')) as Record<string, Wire[]>) : {};
	it.each(cases)('$name: the provider receives exactly the recorded requests', async (c) => {
		expect(recorded[c.name]).toBeDefined();
		expect(await wireOf(c)).toEqual(recorded[c.name]);
	});

	// The body schemas are the documents' request shapes. The nodes build push
	// and bulk bodies from entries parsed one by one (no second parse of every
	// user or event, issue 18), so every such body sent is checked here.
	it.each([
		['Hackle push', '/v1/push-message/trigger/send', pushBodySchema],
		['Chabok bulk', '/api/installations/trackBulk', bulkTrackSchema],
	] as const)('every %s body sent satisfies the documented request schema', async (_name, path, schema) => {
		let checked = 0;
		const installation = examples.chabok.trackByInstallation;
		const bulk2500 = { name: 'chabok, 2,500 installation events', ...CHABOK, parameters: { resource: 'event', operation: 'trackEvent', inputMode: 'auto' }, items: Array.from({ length: 2500 }, (_, n) => ({ ...installation, installationId: `inst-${n}` })) };
		for (const c of [...cases, bulk2500]) {
			for (const wire of await wireOf(c)) {
				const body: unknown = JSON.parse(wire.body);
				// Arrays go to trackBulk only: /track takes one event object.
				if (wire.url.endsWith('/api/installations/track')) expect(Array.isArray(body)).toBe(false);
				if (!wire.url.endsWith(path)) continue;
				expect(schema.safeParse(body).error?.issues ?? []).toEqual([]);
				checked++;
			}
		}
		expect(checked).toBeGreaterThanOrEqual(3);
	});
}
