/* eslint-disable @n8n/community-nodes/no-hardcoded-secrets -- recognisable fake secrets are the point of these tests; never shipped */
/**
 * Every operation of every node as one table: how to run it in Map
 * Automatically mode with one good item, where its requests go, the
 * credential (with recognisable secrets) and how the request uses it.
 * Shared by the suites that must hold for every operation (secrets, trust).
 */
import { createHash } from 'node:crypto';

import examples from '../fixtures/api-doc-examples.json';
import type { Captured, Reply } from './capture';

export interface Case {
	provider: string;
	node: string;
	credentials: Record<string, Record<string, string>>;
	secrets: string[];
	base: string;
	path: string;
	parameters: Record<string, unknown>;
	item: Record<string, unknown>;
	/** An item the node rejects before sending. */
	invalidItem: Record<string, unknown>;
	/** The request really used the secret (so a leak could have happened): checked on what the provider received. */
	usedSecret: (request: Captured) => void;
	/** Answers with status 2xx that this provider's judge still counts as failures. */
	refusals?: Array<[string, (secrets: string[]) => Reply]>;
}

export const HACKLE = {
	node: 'hackle',
	credentials: { hackleApi: { sdkSecretKey: 'SECRET-hackle-sdk-7f3a9', apiKey: 'SECRET-hackle-api-2b8c1' } },
	secrets: ['SECRET-hackle-sdk-7f3a9', 'SECRET-hackle-api-2b8c1'],
	base: 'https://api.hackle.io',
};
export const ADROP = {
	node: 'adrop',
	credentials: { adropApi: { apiKey: 'SECRET-adrop-appkey-5d2e8' } },
	secrets: ['SECRET-adrop-appkey-5d2e8'],
	base: 'https://api-v2.adrop.io',
	path: '/event',
	usedSecret: (request: Captured) => expect(request.headers.authorization).toBe('SECRET-adrop-appkey-5d2e8'),
	// Adrop answers 200 to an event it refuses; its judge accepts only {"message":"ok"}.
	refusals: [
		['200 "!invalid"', (s) => [200, { message: '!invalid', key: s[0] }]],
		['200 without "ok"', (s) => [200, `accepted? ${s[0]}`]],
	] as Array<[string, (secrets: string[]) => Reply]>,
};
// Quotes and a backslash on purpose: JSON escapes them, so a leak may show up escaped.
export const TRAINTRACKS_SECRET = 'SECRET-traintracks-"pr\\oduct"-9a4c1';
export const CHABOK = {
	node: 'chabok',
	credentials: { chabokApi: { accessToken: 'SECRET-chabok-token-3f8b2', environment: 'production', appId: 'myapp' } },
	secrets: ['SECRET-chabok-token-3f8b2'],
	base: 'https://myapp.push.adpdigital.com',
	usedSecret: (request: Captured) => expect(request.headers['x-access-token']).toBe('SECRET-chabok-token-3f8b2'),
};

export const TRAINTRACKS = {
	credentials: { traintracksApi: { productKey: 'a32e6578-17b7-11e4-930a-bc764e1c05e4', productSecret: TRAINTRACKS_SECRET } },
	secrets: [TRAINTRACKS_SECRET],
};

export const traintracksEvent = {
	build: '1.1.1',
	clientTimestamp: '2012-03-14T02:33:42.416587-07:00',
	data: { battleTime: 52030 },
	device: 'iPhone 5S',
	eventType: 'sword_battle',
	userId: '3dc6b97d-7388-11e4-bfb3-b8e8563b3f9a',
	userName: 'JaneDoe',
	sessionId: 'fff324c6-30a2-11e3-ad80-485d60066bda',
};

export const cases: Case[] = [
	{
		provider: 'Hackle track',
		...HACKLE,
		path: '/v1/track',
		parameters: { resource: 'event', operation: 'trackEvent', inputMode: 'auto' },
		item: { event: { key: 'purchase' }, user: { userId: 'u1' } },
		invalidItem: { event: { key: 'purchase' }, user: {} },
		usedSecret: (request) => expect(request.headers['x-hackle-api-key']).toBe(HACKLE.secrets[0]),
	},
	{
		provider: 'Hackle push',
		...HACKLE,
		path: '/v1/push-message/trigger/send',
		parameters: { resource: 'pushMessage', operation: 'sendPush', campaignKey: 1, inputMode: 'auto' },
		item: { userId: 'u1' },
		invalidItem: { email: 'x' },
		usedSecret: (request) => expect(request.headers['x-hackle-api-key']).toBe(HACKLE.secrets[1]),
	},
	{
		provider: 'Adrop track event',
		...ADROP,
		parameters: { resource: 'event', operation: 'trackEvent', inputMode: 'auto' },
		item: { uid: 'u1', eventName: 'app_open' },
		invalidItem: { uid: 'u1', eventName: 'app_opened' },
	},
	{
		provider: 'Adrop track purchase',
		...ADROP,
		parameters: { resource: 'event', operation: 'trackPurchase', inputMode: 'auto' },
		item: { uid: 'u1', tx_id: 'T1', currency: 'KRW', items: [{ item_id: 'SKU-1', price: 1000 }] },
		invalidItem: { uid: 'u1', tx_id: 'T1', items: [] },
	},
	{
		provider: 'Traintracks send batch',
		node: 'traintracks',
		credentials: {
			traintracksApi: { productKey: 'a32e6578-17b7-11e4-930a-bc764e1c05e4', productSecret: TRAINTRACKS_SECRET },
		},
		secrets: [TRAINTRACKS_SECRET],
		base: 'https://api.traintracks.io',
		path: '/v1/events',
		parameters: { resource: 'event', operation: 'sendBatch', inputMode: 'auto' },
		item: traintracksEvent,
		invalidItem: { ...traintracksEvent, eventType: 'sword.battle' },
		// The secret signs the request and never travels: X-Product-Auth = md5(body + secret).
		usedSecret: (request) => {
			const expected = createHash('md5').update(`${request.rawBody}${TRAINTRACKS_SECRET}`, 'utf8').digest('hex');
			expect(request.headers['x-product-auth']).toBe(expected);
			expect(JSON.stringify(request.headers) + request.rawBody).not.toContain(TRAINTRACKS_SECRET);
		},
	},
	{
		provider: 'Chabok track event',
		...CHABOK,
		path: '/api/installations/track',
		parameters: { resource: 'event', operation: 'trackEvent', inputMode: 'auto' },
		item: { installationId: 'inst-1', eventName: 'open' },
		invalidItem: { eventName: 'open' },
	},
	{
		provider: 'Chabok track purchase',
		...CHABOK,
		path: '/api/installations/trackPurchase',
		parameters: { resource: 'purchase', operation: 'trackPurchase', inputMode: 'auto' },
		item: { userId: 'u1', eventName: 'buy', revenue: 25000, currency: 'RIAL' },
		invalidItem: { userId: 'u1', eventName: 'buy', revenue: 'lots' },
	},
];


/** The documents' examples, one run per operation (Map Automatically), with the credentials of `cases` above. */
export const exampleCases: Array<{
	name: string;
	node: string;
	credentials: Record<string, Record<string, string>>;
	secrets: string[];
	base: string;
	parameters: Record<string, unknown>;
	items: Array<Record<string, unknown>>;
	/** The output field with the payload as sent. */
	sentField?: string;
}> = [
	{
		name: 'Hackle Track Event',
		...HACKLE,
		parameters: { resource: 'event', operation: 'trackEvent', inputMode: 'auto' },
		items: [examples.hackle.track],
	},
	{
		name: 'Hackle Send Push',
		...HACKLE,
		parameters: { resource: 'pushMessage', operation: 'sendPush', campaignKey: 1, inputMode: 'auto' },
		items: examples.hackle.push.users,
		sentField: 'users',
	},
	{
		name: 'Adrop Track Event',
		...ADROP,
		parameters: { resource: 'event', operation: 'trackEvent', inputMode: 'auto' },
		items: [examples.adrop.viewItem],
	},
	{
		name: 'Adrop Track Purchase',
		...ADROP,
		parameters: { resource: 'event', operation: 'trackPurchase', inputMode: 'auto' },
		items: [examples.adrop.purchase],
	},
	{
		name: 'Traintracks Send Batch',
		node: 'traintracks',
		credentials: TRAINTRACKS.credentials,
		secrets: TRAINTRACKS.secrets,
		base: 'https://api.traintracks.io',
		parameters: { resource: 'event', operation: 'sendBatch', inputMode: 'auto' },
		items: examples.traintracks.batch,
	},
	{
		name: 'Chabok Track Event (bulk by installation)',
		...CHABOK,
		parameters: { resource: 'event', operation: 'trackEvent', inputMode: 'auto' },
		items: [examples.chabok.trackByInstallation, { ...examples.chabok.trackByInstallation, installationId: 'INSTALLATION_2' }],
	},
	{
		name: 'Chabok Track Purchase',
		...CHABOK,
		parameters: { resource: 'purchase', operation: 'trackPurchase', inputMode: 'auto' },
		items: [examples.chabok.purchaseByUser],
	},
];

