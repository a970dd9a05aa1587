/* eslint-disable @n8n/community-nodes/no-hardcoded-secrets -- fake credentials of the test's provider fakes (nock), never real and never shipped */
/**
 * A table of bad inputs across the four nodes. For each: a clear message
 * naming the item and the field; no request for the bad item (nock answers
 * only the good ones, and counts, and the bodies sent are exactly those the
 * good items alone produce); with Continue On Fail the good items of the
 * same execution are still sent; without it nothing at all is sent.
 *
 * A second table: configuration errors (hostile Chabok App IDs, base or
 * endpoint URLs with other schemes or plain http off this machine, an invalid
 * Traintracks Remote-Address). They fail the whole execution, naming the
 * credential field, before any request.
 */
import { answeringChabokBulk, type Captured, forbidNetwork, intercept, type Reply } from './helpers/capture';
import { runNode } from './helpers/harness';

interface Provider {
	node: string;
	credentials: Record<string, Record<string, string>>;
	base: string;
	path: string;
	reply: Reply;
	/** How many requests the two good items make. */
	goodRequests: number;
}

const hackleCredentials = { hackleApi: { sdkSecretKey: 'sdk', apiKey: 'api' } };
const adropCredentials = { adropApi: { apiKey: 'adrop-app-key' } };
const traintracksCredentials = {
	traintracksApi: { productKey: 'a32e6578-17b7-11e4-930a-bc764e1c05e4', productSecret: 'tt-secret' },
};
const chabokCredentials = { chabokApi: { accessToken: 'chabok-token', environment: 'production', appId: 'myapp' } };

const ADROP = { node: 'adrop', credentials: adropCredentials, base: 'https://api-v2.adrop.io', path: '/event', reply: [200, { message: 'ok' }] as Reply };
const CHABOK = { node: 'chabok', credentials: chabokCredentials, base: 'https://myapp.push.adpdigital.com', reply: [200, {}] as Reply };

const providers = {
	hackleTrack: {
		node: 'hackle',
		credentials: hackleCredentials,
		base: 'https://api.hackle.io',
		path: '/v1/track',
		reply: [200],
		goodRequests: 2,
	},
	hacklePush: {
		node: 'hackle',
		credentials: hackleCredentials,
		base: 'https://api.hackle.io',
		path: '/v1/push-message/trigger/send',
		reply: [200, { dispatchId: 'd', message: 'success' }],
		goodRequests: 1,
	},
	// Adrop answers only {"message":"ok"} for an accepted event; one request per event.
	adropEvent: { ...ADROP, goodRequests: 2 },
	// One order per item: never merged.
	adropPurchase: { ...ADROP, goodRequests: 2 },
	// One line per item: the two good lines share a tx_id, so they are one purchase.
	adropLines: { ...ADROP, goodRequests: 1 },
	// Batches: the two good events go in ONE signed array.
	traintracks: {
		node: 'traintracks',
		credentials: traintracksCredentials,
		base: 'https://api.traintracks.io',
		path: '/v1/events',
		reply: [200, { status: 'ok' }],
		goodRequests: 1,
	},
	// The events of a multi-item execution go as one bulk array to trackBulk, by installation ...
	chabokBulk: { ...CHABOK, path: '/api/installations/trackBulk', goodRequests: 1 },
	// ... and by user alike.
	chabokUser: { ...CHABOK, path: '/api/installations/trackBulk', goodRequests: 1 },
	chabokPurchase: { ...CHABOK, path: '/api/installations/trackPurchase', goodRequests: 2 },
} satisfies Record<string, Provider>;

interface Row {
	name: string;
	provider: keyof typeof providers;
	parameters: Record<string, unknown>;
	good: Record<string, unknown>;
	bad: Record<string, unknown>;
	/** Text the error must contain: the field path. */
	field: string;
}

const long = (n: number) => 'x'.repeat(n);

const hackleTrack = { resource: 'event', operation: 'trackEvent', inputMode: 'auto' };
const hackleTrackDefine = {
	resource: 'event',
	operation: 'trackEvent',
	eventKey: '={{ $json.key }}',
	userId: '={{ $json.userId }}',
	eventPropertiesMode: 'json',
	eventPropertiesJson: '={{ $json.props }}',
};
const trackItem = { event: { key: 'purchase' }, user: { userId: 'u1' } };
const hacklePush = { resource: 'pushMessage', operation: 'sendPush', campaignKey: '={{ $json.campaign }}', inputMode: 'auto', sourcePath: 'user' };
const pushItem = { campaign: 1, user: { userId: 'u1' } };

const without = (item: Record<string, unknown>, key: string) => Object.fromEntries(Object.entries(item).filter(([k]) => k !== key));

const adropAuto = { resource: 'event', operation: 'trackEvent', inputMode: 'auto' };
const adropItem = { uid: 'u1', eventName: 'app_open' };
const adropDefine = {
	resource: 'event',
	operation: 'trackEvent',
	uid: '={{ $json.uid }}',
	eventName: '={{ $json.event }}',
	extraParametersMode: 'json',
	extraParametersJson: '={{ $json.extra }}',
};
const adropDefineItem = { uid: 'u1', event: 'app_open', extra: '{"source":"n8n"}' };
const adropPurchaseAuto = { resource: 'event', operation: 'trackPurchase', inputMode: 'auto' };
const adropOrder = { uid: 'u1', tx_id: 'T1', currency: 'KRW', items: [{ item_id: 'SKU-1', price: 1000, quantity: 1 }] };
const adropPurchaseDefine = {
	resource: 'event',
	operation: 'trackPurchase',
	uid: 'u1',
	tx_id: '={{ $json.tx }}',
	itemsInput: 'json',
	itemsJson: '={{ $json.items }}',
};
const adropPurchaseDefineItem = { tx: 'T1', items: '[{"item_id":"SKU-1","price":1000}]' };
const adropLinesAuto = { resource: 'event', operation: 'trackPurchase', inputMode: 'auto', grouping: 'lines' };
const adropLine = { uid: 'u1', tx_id: 'T1', item_id: 'SKU-1', price: 1000 };

const ttAuto = { resource: 'event', operation: 'sendBatch', inputMode: 'auto' };
const ttEvent = {
	build: '2.0.0',
	clientTimestamp: '2024-05-01T12:30:00.123456+02:00',
	data: { n: 1 },
	device: 'Pixel 8',
	eventType: 'level_up',
	userId: '3dc6b97d-7388-11e4-bfb3-b8e8563b3f9a',
	userName: 'JaneDoe',
	sessionId: 'fff324c6-30a2-11e3-ad80-485d60066bda',
	location: { lat: 37.871984, lon: -122.25942 },
};
const ttDefine = {
	resource: 'event',
	operation: 'sendBatch',
	eventType: '={{ $json.eventType }}',
	userId: '={{ $json.userId }}',
	userName: '={{ $json.userName }}',
	sessionId: '={{ $json.sessionId }}',
	device: '={{ $json.device }}',
	build: '={{ $json.build }}',
	clientTimestamp: '={{ $json.clientTimestamp }}',
	dataMode: 'json',
	dataJson: '={{ $json.data }}',
	additionalFields: { latitude: '={{ $json.location.lat }}', longitude: '={{ $json.location.lon }}' },
};

const chabokTrackAuto = { resource: 'event', operation: 'trackEvent', inputMode: 'auto' };
const chabokEvent = { installationId: 'inst-1', eventName: 'open', eventTime: 1575965125110, eventData: { isNew: true } };
const chabokUserEvent = { userId: 'u1', eventName: 'open', eventTime: 1575965125110, eventData: {} };
const chabokPurchaseAuto = { resource: 'purchase', operation: 'trackPurchase', inputMode: 'auto' };
const chabokPurchase = { userId: 'u1', eventName: 'buy', eventTime: 1575965125110, revenue: 25000, currency: 'RIAL', eventData: {} };
const chabokTrackDefine = {
	resource: 'event',
	operation: 'trackEvent',
	identifyBy: 'installationId',
	installationId: '={{ $json.id }}',
	eventName: 'open',
	additionalFields: { eventTime: '={{ $json.time }}' },
	eventDataMode: 'json',
	eventDataJson: '={{ $json.data }}',
};
const chabokDefineItem = { id: 'inst-1', time: '2019-12-10T08:05:25.110Z', data: '{"isNew":true}' };
const chabokPurchaseDefine = {
	resource: 'purchase',
	operation: 'trackPurchase',
	identifyBy: 'userId',
	userId: 'u1',
	eventName: 'buy',
	revenue: '={{ $json.revenue }}',
	additionalFields: { currency: 'RIAL', eventTime: '={{ $json.time }}' },
};
const chabokPurchaseDefineItem = { revenue: 25000, time: 1575965125110 };

const rows: Row[] = [
	{ name: 'Hackle track: missing event key', provider: 'hackleTrack', parameters: hackleTrack, good: trackItem, bad: { event: {}, user: { userId: 'u' } }, field: 'event.key' },
	{ name: 'Hackle track: empty event key', provider: 'hackleTrack', parameters: hackleTrack, good: trackItem, bad: { event: { key: '' }, user: { userId: 'u' } }, field: 'event.key' },
	{ name: 'Hackle track: no user identifier', provider: 'hackleTrack', parameters: hackleTrack, good: trackItem, bad: { event: { key: 'k' }, user: { properties: { a: 1 } } }, field: 'user.userId' },
	{ name: 'Hackle track: missing user', provider: 'hackleTrack', parameters: hackleTrack, good: trackItem, bad: { event: { key: 'k' } }, field: 'user' },
	{ name: 'Hackle track: non-numeric event value', provider: 'hackleTrack', parameters: hackleTrack, good: trackItem, bad: { event: { key: 'k', value: 'ten' }, user: { userId: 'u' } }, field: 'event.value' },
	{ name: 'Hackle track: NaN event value', provider: 'hackleTrack', parameters: hackleTrack, good: trackItem, bad: { event: { key: 'k', value: Number.NaN }, user: { userId: 'u' } }, field: 'event.value' },
	{ name: 'Hackle track: nested property value', provider: 'hackleTrack', parameters: hackleTrack, good: trackItem, bad: { event: { key: 'k', properties: { a: { b: 1 } } }, user: { userId: 'u' } }, field: 'event.properties.a' },
	{ name: 'Hackle track: numeric identifier', provider: 'hackleTrack', parameters: hackleTrack, good: trackItem, bad: { event: { key: 'k' }, user: { identifiers: { session: 5 } } }, field: 'user.identifiers.session' },
	{ name: 'Hackle track: undocumented field', provider: 'hackleTrack', parameters: hackleTrack, good: trackItem, bad: { ...trackItem, timestamp: 1 }, field: 'timestamp' },
	{ name: 'Hackle track: invalid JSON in Event Properties', provider: 'hackleTrack', parameters: hackleTrackDefine, good: { key: 'k', userId: 'u', props: '{"a":1}' }, bad: { key: 'k', userId: 'u', props: '{"a":' }, field: 'event.properties' },
	{ name: 'Hackle track: JSON array as Event Properties', provider: 'hackleTrack', parameters: hackleTrackDefine, good: { key: 'k', userId: 'u', props: '{}' }, bad: { key: 'k', userId: 'u', props: '[1]' }, field: 'event.properties' },
	{ name: 'Hackle push: non-numeric campaign key', provider: 'hacklePush', parameters: hacklePush, good: pushItem, bad: { campaign: 'spring-sale', user: { userId: 'u' } }, field: 'campaignKey' },
	{ name: 'Hackle push: fractional campaign key', provider: 'hacklePush', parameters: hacklePush, good: pushItem, bad: { campaign: 1.5, user: { userId: 'u' } }, field: 'campaignKey' },
	{ name: 'Hackle push: user with neither id', provider: 'hacklePush', parameters: hacklePush, good: pushItem, bad: { campaign: 1, user: { apiProperties: { a: 'b' } } }, field: 'users[0].userId' },
	{ name: 'Hackle push: empty user list', provider: 'hacklePush', parameters: hacklePush, good: pushItem, bad: { campaign: 1, user: [] }, field: 'users' },
	{ name: 'Hackle push: nested apiProperties value', provider: 'hacklePush', parameters: hacklePush, good: pushItem, bad: { campaign: 1, user: { userId: 'u', apiProperties: { a: [1] } } }, field: 'users[0].apiProperties.a' },
	{ name: 'Hackle push: missing source path object', provider: 'hacklePush', parameters: hacklePush, good: pushItem, bad: { campaign: 1 }, field: 'user' },
	{ name: 'Hackle push: huge payload (1 MB user id)', provider: 'hacklePush', parameters: hacklePush, good: pushItem, bad: { campaign: 1, user: { userId: '', deviceId: long(1_000_000) } }, field: 'users[0].userId' },

	// Adrop → Track Event, Map Automatically
	{ name: 'Adrop event: missing uid', provider: 'adropEvent', parameters: adropAuto, good: adropItem, bad: { eventName: 'app_open' }, field: 'uid' },
	{ name: 'Adrop event: 65-character event name', provider: 'adropEvent', parameters: adropAuto, good: adropItem, bad: { uid: 'u', eventName: 'e'.repeat(65) }, field: 'eventName' },
	{ name: 'Adrop event: event name Adrop does not document', provider: 'adropEvent', parameters: adropAuto, good: adropItem, bad: { uid: 'u', eventName: 'app_opened' }, field: 'eventName' },
	{ name: 'Adrop event: 1,025-character parameter', provider: 'adropEvent', parameters: adropAuto, good: adropItem, bad: { uid: 'u', eventName: 'view_item', item_id: 's', item_name: long(1025) }, field: 'item_name' },
	{ name: 'Adrop event: missing required parameter', provider: 'adropEvent', parameters: adropAuto, good: adropItem, bad: { uid: 'u', eventName: 'add_to_cart', item_id: 's', price: 1 }, field: 'quantity' },
	{ name: 'Adrop event: non-numeric value', provider: 'adropEvent', parameters: adropAuto, good: adropItem, bad: { uid: 'u', eventName: 'generate_lead', form_id: 'f', value: 'lots' }, field: 'value' },
	{ name: 'Adrop event: NaN price', provider: 'adropEvent', parameters: adropAuto, good: adropItem, bad: { uid: 'u', eventName: 'view_item', item_id: 's', price: Number.NaN }, field: 'price' },
	{ name: 'Adrop event: huge payload (1 MB uid)', provider: 'adropEvent', parameters: adropAuto, good: adropItem, bad: { uid: long(1_000_000), eventName: 'app_open' }, field: 'uid' },
	// Adrop → Track Event, Define Below (values from expressions)
	{ name: 'Adrop event (Define Below): 65-character event name', provider: 'adropEvent', parameters: adropDefine, good: adropDefineItem, bad: { ...adropDefineItem, event: 'e'.repeat(65) }, field: 'eventName' },
	{ name: 'Adrop event (Define Below): 1,025-character uid', provider: 'adropEvent', parameters: adropDefine, good: adropDefineItem, bad: { ...adropDefineItem, uid: long(1025) }, field: 'uid' },
	{ name: 'Adrop event (Define Below): invalid JSON in Extra Parameters', provider: 'adropEvent', parameters: adropDefine, good: adropDefineItem, bad: { ...adropDefineItem, extra: '{"source":' }, field: 'extraParameters' },
	// Adrop → Track Purchase
	{ name: 'Adrop purchase: 101 items', provider: 'adropPurchase', parameters: adropPurchaseAuto, good: adropOrder, bad: { ...adropOrder, items: Array.from({ length: 101 }, (_, n) => ({ item_id: `S${n}` })) }, field: 'items' },
	{ name: 'Adrop purchase: item without item_id', provider: 'adropPurchase', parameters: adropPurchaseAuto, good: adropOrder, bad: { ...adropOrder, items: [{ item_id: 'a' }, { item_name: 'no id' }] }, field: 'items[1].item_id' },
	{ name: 'Adrop purchase: missing tx_id', provider: 'adropPurchase', parameters: adropPurchaseAuto, good: adropOrder, bad: { uid: 'u', items: [{ item_id: 'a' }] }, field: 'tx_id' },
	{ name: 'Adrop purchase (Define Below): invalid JSON in Items', provider: 'adropPurchase', parameters: adropPurchaseDefine, good: adropPurchaseDefineItem, bad: { tx: 'T2', items: '[{"item_id":' }, field: 'items' },
	{ name: 'Adrop purchase (Define Below): 1,025-character string inside items', provider: 'adropPurchase', parameters: adropPurchaseDefine, good: adropPurchaseDefineItem, bad: { tx: 'T2', items: JSON.stringify([{ item_id: 'a', brand: long(1025) }]) }, field: 'items[0].brand' },
	{ name: 'Adrop purchase lines: non-numeric price on a line', provider: 'adropLines', parameters: adropLinesAuto, good: adropLine, bad: { uid: 'u', tx_id: 'T2', item_id: 'b', price: 'free' }, field: 'price' },
	{ name: 'Adrop purchase lines: huge line (20,000 non-finite extra parameters)', provider: 'adropLines', parameters: adropLinesAuto, good: adropLine, bad: { uid: 'u', tx_id: 'T2', item_id: 'b', ...Object.fromEntries(Array.from({ length: 20_000 }, (_, n) => [`x${n}`, Number.NaN])) }, field: 'x0 must be a finite number' },
	// Traintracks → Send Batch, Map Automatically
	{ name: 'Traintracks: missing userId', provider: 'traintracks', parameters: ttAuto, good: ttEvent, bad: without(ttEvent, 'userId'), field: 'userId' },
	{ name: 'Traintracks: non-UUID userId', provider: 'traintracks', parameters: ttAuto, good: ttEvent, bad: { ...ttEvent, userId: '12345' }, field: 'userId' },
	{ name: 'Traintracks: non-UUID sessionId', provider: 'traintracks', parameters: ttAuto, good: ttEvent, bad: { ...ttEvent, sessionId: 'fff324c6-30a2-11e3-ad80' }, field: 'sessionId' },
	{ name: 'Traintracks: eventType with a period', provider: 'traintracks', parameters: ttAuto, good: ttEvent, bad: { ...ttEvent, eventType: 'store.purchase' }, field: 'eventType' },
	{ name: 'Traintracks: latitude above 90', provider: 'traintracks', parameters: ttAuto, good: ttEvent, bad: { ...ttEvent, location: { lat: 90.5, lon: 0 } }, field: 'location.lat' },
	{ name: 'Traintracks: longitude below -180', provider: 'traintracks', parameters: ttAuto, good: ttEvent, bad: { ...ttEvent, location: { lat: 0, lon: -180.5 } }, field: 'location.lon' },
	{ name: 'Traintracks: NaN clientTimestamp', provider: 'traintracks', parameters: ttAuto, good: ttEvent, bad: { ...ttEvent, clientTimestamp: Number.NaN }, field: 'clientTimestamp' },
	{ name: 'Traintracks: unparseable serverTimestamp', provider: 'traintracks', parameters: ttAuto, good: ttEvent, bad: { ...ttEvent, serverTimestamp: '2024-13-45' }, field: 'serverTimestamp' },
	{ name: 'Traintracks: NaN inside data', provider: 'traintracks', parameters: ttAuto, good: ttEvent, bad: { ...ttEvent, data: { score: Number.NaN } }, field: 'data.score' },
	{ name: 'Traintracks: huge payload (20,000 non-finite data values)', provider: 'traintracks', parameters: ttAuto, good: ttEvent, bad: { ...ttEvent, data: Object.fromEntries(Array.from({ length: 20_000 }, (_, n) => [`k${n}`, Number.POSITIVE_INFINITY])) }, field: 'data.k0' },
	{ name: 'Traintracks: huge payload (1 MB timestamp text)', provider: 'traintracks', parameters: ttAuto, good: ttEvent, bad: { ...ttEvent, clientTimestamp: long(1_000_000) }, field: 'clientTimestamp' },
	// Traintracks → Send Batch, Define Below (values from expressions)
	{ name: 'Traintracks (Define Below): non-UUID userId', provider: 'traintracks', parameters: ttDefine, good: ttEvent, bad: { ...ttEvent, userId: 'not-a-uuid' }, field: 'userId' },
	{ name: 'Traintracks (Define Below): eventType with a period', provider: 'traintracks', parameters: ttDefine, good: ttEvent, bad: { ...ttEvent, eventType: 'a.b' }, field: 'eventType' },
	{ name: 'Traintracks (Define Below): unparseable clientTimestamp', provider: 'traintracks', parameters: ttDefine, good: ttEvent, bad: { ...ttEvent, clientTimestamp: 'yesterday' }, field: 'clientTimestamp' },
	{ name: 'Traintracks (Define Below): latitude below -90', provider: 'traintracks', parameters: ttDefine, good: ttEvent, bad: { ...ttEvent, location: { lat: -90.5, lon: 0 } }, field: 'location.lat' },
	{ name: 'Traintracks (Define Below): invalid JSON in Data', provider: 'traintracks', parameters: ttDefine, good: ttEvent, bad: { ...ttEvent, data: '{"battleTime": ' }, field: 'data' },
	// Chabok → Track Event and Track Purchase, Map Automatically
	{ name: 'Chabok track: missing installationId and userId', provider: 'chabokBulk', parameters: chabokTrackAuto, good: chabokEvent, bad: { eventName: 'open' }, field: 'installationId' },
	{ name: 'Chabok track: missing event name', provider: 'chabokBulk', parameters: chabokTrackAuto, good: chabokEvent, bad: { installationId: 'inst-2' }, field: 'eventName' },
	{ name: 'Chabok track: both identities', provider: 'chabokBulk', parameters: chabokTrackAuto, good: chabokEvent, bad: { ...chabokEvent, userId: 'u' }, field: 'userId' },
	{ name: 'Chabok track: NaN eventTime', provider: 'chabokBulk', parameters: chabokTrackAuto, good: chabokEvent, bad: { ...chabokEvent, eventTime: Number.NaN }, field: 'eventTime' },
	{ name: 'Chabok track: unparseable eventTime', provider: 'chabokUser', parameters: chabokTrackAuto, good: chabokUserEvent, bad: { ...chabokUserEvent, eventTime: '31/02/2020 25:00' }, field: 'eventTime' },
	{ name: 'Chabok track: NaN inside eventData', provider: 'chabokBulk', parameters: chabokTrackAuto, good: chabokEvent, bad: { ...chabokEvent, eventData: { avgOrder: Number.NaN } }, field: 'eventData.avgOrder' },
	{ name: 'Chabok track: huge payload (1 MB eventTime text)', provider: 'chabokBulk', parameters: chabokTrackAuto, good: chabokEvent, bad: { ...chabokEvent, eventTime: long(1_000_000) }, field: 'eventTime' },
	{ name: 'Chabok track: huge payload (1 MB property name with a NaN value)', provider: 'chabokBulk', parameters: chabokTrackAuto, good: chabokEvent, bad: { ...chabokEvent, eventData: { [long(1_000_000)]: Number.NaN } }, field: 'eventData.xxxx' },
	{ name: 'Chabok purchase: non-numeric revenue', provider: 'chabokPurchase', parameters: chabokPurchaseAuto, good: chabokPurchase, bad: { ...chabokPurchase, revenue: '25000 RIAL' }, field: 'revenue' },
	{ name: 'Chabok purchase: NaN revenue', provider: 'chabokPurchase', parameters: chabokPurchaseAuto, good: chabokPurchase, bad: { ...chabokPurchase, revenue: Number.NaN }, field: 'revenue' },
	{ name: 'Chabok purchase: missing revenue', provider: 'chabokPurchase', parameters: chabokPurchaseAuto, good: chabokPurchase, bad: without(chabokPurchase, 'revenue'), field: 'revenue' },
	// Chabok, Define Below (values from expressions)
	{ name: 'Chabok track (Define Below): missing installation ID', provider: 'chabokBulk', parameters: chabokTrackDefine, good: chabokDefineItem, bad: { ...chabokDefineItem, id: undefined }, field: 'installationId' },
	{ name: 'Chabok track (Define Below): invalid JSON in Event Data', provider: 'chabokBulk', parameters: chabokTrackDefine, good: chabokDefineItem, bad: { ...chabokDefineItem, data: '{"isNew": tru' }, field: 'eventData' },
	{ name: 'Chabok track (Define Below): unparseable eventTime', provider: 'chabokBulk', parameters: chabokTrackDefine, good: chabokDefineItem, bad: { ...chabokDefineItem, time: 'next tuesday' }, field: 'eventTime' },
	{ name: 'Chabok purchase (Define Below): non-numeric revenue', provider: 'chabokPurchase', parameters: chabokPurchaseDefine, good: chabokPurchaseDefineItem, bad: { ...chabokPurchaseDefineItem, revenue: 'lots' }, field: 'revenue' },
	{ name: 'Chabok purchase (Define Below): NaN eventTime', provider: 'chabokPurchase', parameters: chabokPurchaseDefine, good: chabokPurchaseDefineItem, bad: { ...chabokPurchaseDefineItem, time: Number.NaN }, field: 'eventTime' },
];

forbidNetwork();

/** What a run sends: the raw bodies, in a stable order. */
const bodies = (requests: Captured[]) => requests.map((request) => request.rawBody).sort();

/** A message a person can read: names the item first, and stays short however big the input was. */
function expectClearError(message: unknown, description: unknown, field: string): void {
	expect(message).toMatch(/^Invalid input in item 1: /);
	expect(message).toContain(field);
	expect(String(message).length).toBeLessThan(1000);
	expect(description).toContain('Nothing was sent');
	expect(String(description).length).toBeLessThan(5000);
}

describe.each(rows)('$name', (row) => {
	const provider: Provider = providers[row.provider];
	const run = (items: Array<Record<string, unknown>>, continueOnFail?: boolean) =>
		runNode({ node: provider.node, parameters: row.parameters, items, credentials: provider.credentials, continueOnFail });

	it('names item and field, sends nothing for it, and still sends the others with Continue On Fail', async () => {
		// What the two good items alone send: the bad item must add nothing to it.
		const control = intercept(provider.base, 'POST', provider.path, answeringChabokBulk(() => provider.reply), provider.goodRequests);
		const alone = await run([row.good, row.good], true);
		expect(alone.error).toBeUndefined();
		expect(alone.items.map((item) => item.json.success)).toEqual([true, true]);
		expect(control.requests).toHaveLength(provider.goodRequests);

		const { requests } = intercept(provider.base, 'POST', provider.path, answeringChabokBulk(() => provider.reply), provider.goodRequests);
		const result = await run([row.good, row.bad, row.good], true);
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(3);
		const failed = result.items[1].json;
		expect(failed.success).toBe(false);
		expectClearError(failed.error, failed.description, row.field);
		expect(result.items[0].json.success).toBe(true);
		expect(result.items[2].json.success).toBe(true);
		expect(result.items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(requests).toHaveLength(provider.goodRequests);
		expect(bodies(requests)).toEqual(bodies(control.requests));
	});

	it('without Continue On Fail fails the execution before any request', async () => {
		const { requests } = intercept(provider.base, 'POST', provider.path, answeringChabokBulk(() => provider.reply), provider.goodRequests);
		const result = await run([row.good, row.bad, row.good]);
		expect(result.error).toBeDefined();
		expectClearError(result.error?.message, result.error?.description, row.field);
		expect(result.items).toHaveLength(0);
		expect(requests).toHaveLength(0);
	});
});

/** Configuration that no item can fix: the execution fails before any item is read or sent. */
interface ConfigRow {
	name: string;
	provider: keyof typeof providers;
	parameters: Record<string, unknown>;
	good: Record<string, unknown>;
	/** Merged into the provider's credential. */
	credential: Record<string, string>;
	/** Merged into the node's Options. */
	options?: Record<string, unknown>;
	/** Text the execution's error must contain: the credential (or option) field, and the rule. */
	message: RegExp;
	/** The rule broken, in the message too. */
	rule?: string;
	/** A host the bad setting points at, watched as well. */
	elsewhere?: string;
}

const hackleSample = { provider: 'hackleTrack', parameters: hackleTrack, good: trackItem } as const;
const adropSample = { provider: 'adropEvent', parameters: adropAuto, good: adropItem } as const;
const ttSample = { provider: 'traintracks', parameters: ttAuto, good: ttEvent } as const;
const chabokSample = { provider: 'chabokBulk', parameters: chabokTrackAuto, good: chabokEvent } as const;

const HACKLE_URL = /^Invalid credential setting: Base URL of the Hackle API credential /;
const ADROP_URL = /^Invalid credential setting: Base URL of the Adrop API credential /;
const TT_URL = /^Invalid credential setting: Endpoint URL of the Traintracks API credential /;
const CHABOK_URL = /^Invalid credential setting: Base URL Override of the Chabok API credential /;
const CHABOK_APP_ID = /^Invalid credential setting: App ID of the Chabok API credential must be a plain host name label/;
const PLAIN_HTTP = 'must use https; http is allowed only to this machine';

const configRows: ConfigRow[] = [
	{ name: 'Chabok App ID "evil.com/x"', ...chabokSample, credential: { appId: 'evil.com/x' }, message: CHABOK_APP_ID, elsewhere: 'https://evil.com' },
	{ name: 'Chabok App ID "a.b"', ...chabokSample, credential: { appId: 'a.b' }, message: CHABOK_APP_ID, elsewhere: 'https://a.b.push.adpdigital.com' },
	{ name: 'Chabok App ID "-x"', ...chabokSample, credential: { appId: '-x' }, message: CHABOK_APP_ID, elsewhere: 'https://-x.push.adpdigital.com' },
	{ name: 'Chabok App ID "x@evil.com"', ...chabokSample, credential: { appId: 'x@evil.com' }, message: CHABOK_APP_ID, elsewhere: 'https://evil.com.push.adpdigital.com' },
	{ name: 'Chabok App ID with a port', ...chabokSample, credential: { appId: 'myapp:8443' }, message: CHABOK_APP_ID, elsewhere: 'https://myapp:8443' },
	{ name: 'Chabok Base URL Override with plain http off this machine', ...chabokSample, credential: { baseUrl: 'http://proxy.example.com/api' }, rule: PLAIN_HTTP, message: CHABOK_URL, elsewhere: 'http://proxy.example.com' },
	{ name: 'Chabok Base URL Override with scheme ftp', ...chabokSample, credential: { baseUrl: 'ftp://proxy.example.com/api' }, rule: 'scheme "ftp"', message: CHABOK_URL },
	{ name: 'Chabok Base URL Override with scheme file', ...chabokSample, credential: { baseUrl: 'file:///etc/passwd' }, rule: 'scheme "file"', message: CHABOK_URL },
	{ name: 'Hackle Base URL with plain http off this machine', ...hackleSample, credential: { baseUrl: 'http://api.hackle.io' }, rule: PLAIN_HTTP, message: HACKLE_URL, elsewhere: 'http://api.hackle.io' },
	{ name: 'Hackle Base URL with plain http to a LAN address', ...hackleSample, credential: { baseUrl: 'http://10.0.0.7:8080' }, rule: PLAIN_HTTP, message: HACKLE_URL, elsewhere: 'http://10.0.0.7:8080' },
	{ name: 'Hackle Base URL with scheme ws', ...hackleSample, credential: { baseUrl: 'ws://api.hackle.io' }, rule: 'scheme "ws"', message: HACKLE_URL },
	{ name: 'Adrop Base URL with plain http off this machine', ...adropSample, credential: { baseUrl: 'http://api-v2.adrop.io' }, rule: PLAIN_HTTP, message: ADROP_URL, elsewhere: 'http://api-v2.adrop.io' },
	{ name: 'Adrop Base URL with scheme javascript', ...adropSample, credential: { baseUrl: 'javascript:alert(1)' }, rule: 'scheme "javascript"', message: ADROP_URL },
	{ name: 'Adrop Base URL with a user name and password', ...adropSample, credential: { baseUrl: 'https://me:pw@api-v2.adrop.io' }, rule: 'must not contain a user name or password', message: ADROP_URL },
	{ name: 'Traintracks Endpoint URL with plain http off this machine', ...ttSample, credential: { endpointUrl: 'http://api.traintracks.io/v1/events' }, rule: PLAIN_HTTP, message: TT_URL, elsewhere: 'http://api.traintracks.io' },
	{ name: 'Traintracks Endpoint URL with plain http to a host named like loopback', ...ttSample, credential: { endpointUrl: 'http://127.0.0.1.evil.com/v1/events' }, rule: PLAIN_HTTP, message: TT_URL, elsewhere: 'http://127.0.0.1.evil.com' },
	{ name: 'Traintracks Endpoint URL with scheme gopher', ...ttSample, credential: { endpointUrl: 'gopher://api.traintracks.io/v1/events' }, rule: 'scheme "gopher"', message: TT_URL },
	{ name: 'Traintracks Default Remote Address that is a host name', ...ttSample, credential: { remoteAddress: 'client.example.com' }, message: /^The Default Remote Address of the Traintracks API credential is not an IPv4 or IPv6 address/ },
	{ name: 'Traintracks Remote Address option with a port', ...ttSample, credential: {}, options: { remoteAddress: '1.2.3.4:8080' }, message: /^The Remote Address option is not an IPv4 or IPv6 address/ },
];

describe.each(configRows)('configuration: $name', (row) => {
	const provider: Provider = providers[row.provider];
	const [type] = Object.keys(provider.credentials);

	it.each([false, true])('fails the execution naming the field, and sends nothing (Continue On Fail %s)', async (continueOnFail) => {
		const { requests } = intercept(provider.base, 'POST', /.*/, answeringChabokBulk(() => provider.reply), 5);
		const elsewhere = row.elsewhere ? intercept(row.elsewhere, 'POST', /.*/, answeringChabokBulk(() => provider.reply), 5).requests : [];
		const result = await runNode({
			node: provider.node,
			parameters: { ...row.parameters, ...(row.options ? { options: row.options } : {}) },
			items: [row.good, row.good],
			credentials: { [type]: { ...provider.credentials[type], ...row.credential } },
			continueOnFail,
		});
		expect(result.error?.message).toMatch(row.message);
		if (row.rule) expect(result.error?.message).toContain(row.rule);
		expect(result.error?.description).toContain('Nothing was sent');
		expect(requests).toHaveLength(0);
		expect(elsewhere).toHaveLength(0);
	});
});
