import { defineBelow, examples } from '../lib/examples.mjs';
import { allOf, lostAnswerCheck, redirectCheck } from '../lib/trust.mjs';

// Chabok in real n8n: the credential's Base URL Override pointed at the fake;
// the document's four JSON examples (api-docs/004: track and trackPurchase, by
// installation and by user) posted to Webhook → Chabok workflows in Map
// Automatically mode (Source Path "body") and rebuilt from Define Below
// expressions, byte for byte; a webhook array split into items and sent as ONE
// bulk request; the README's Schedule → Chabok workflow, stamped with the
// trigger's time; a wrong access token (401) and a 500 until the retries run
// out (Continue On Fail); issue #14's trust cases (redirects not followed,
// lost answers not resent under the default Delivery, At Least Once's trade-off).

// The four JSON examples of api-docs/004, in the document's key order.
const TRACK_BY_INSTALLATION = examples.chabok.trackByInstallation;
const TRACK_BY_USER = examples.chabok.trackByUser;
const PURCHASE_BY_INSTALLATION = examples.chabok.purchaseByInstallation;
const PURCHASE_BY_USER = examples.chabok.purchaseByUser;

// The eventData example of the same document (an ISO date string, a boolean, a number, an array).
const EVENT_DATA_DOC = examples.chabok.eventData;

// A bulk: installation events as one JSON array (api-docs/README.md: the track
// endpoint takes an array of event objects, at most 1,000), the first the
// document's example, the next with the document's eventData example, the last
// without eventTime (optional: Chabok stamps the time of receipt).
const BULK = [
	TRACK_BY_INSTALLATION,
	{ installationId: 'INSTALLATION_ID_2', eventName: 'addToCart', eventTime: 1575965125110, eventData: EVENT_DATA_DOC },
	{ installationId: 'INSTALLATION_ID_3', eventName: 'purchase', eventData: { productId: 7890, productName: 'fish' } },
];

const FAST = { retryDelayMs: 20, maxRetries: 3 };
const WRONG_TOKEN = 'e2e-chabok-not-the-access-token';

const keysOf = (body) => Object.fromEntries(Object.entries(body).reverse());
const secretAbsent = (secret) => ({ execution }) =>
	JSON.stringify(execution.data ?? {}).includes(secret) ? [`the execution data shows the access token ${secret}`] : [];

/** The Define Below set (test/fixtures/define-below.json) that rebuilds the example of this operation and identity from the webhook body. */
const defineFromBody = (resource, identity) =>
	defineBelow(`chabok.${resource === 'purchase' ? 'purchase' : 'track'}By${identity === 'userId' ? 'User' : 'Installation'}`);

/** @type {import('../lib/types.mjs').ProviderModule} */
export default {
	provider: 'chabok',
	nodes: ['chabok'],

	// The override replaces https://{APP_ID}.push.adpdigital.com/api, so it ends in /api.
	credentials: ({ fake, keys }) => [
		{
			id: 'e2eChabokCred001',
			name: 'Chabok (e2e fake)',
			type: 'chabokApi',
			data: { accessToken: keys.accessToken, environment: 'production', appId: 'myapp', baseUrl: `${fake.baseUrl}/api` },
		},
		{
			id: 'e2eChabokCred002',
			name: 'Chabok (wrong token)',
			type: 'chabokApi',
			data: { accessToken: WRONG_TOKEN, environment: 'production', appId: 'myapp', baseUrl: `${fake.baseUrl}/api` },
		},
	],

	editor: [{ search: 'Chabok', displayName: 'Chabok', resources: { Event: ['Track Event'], Purchase: ['Track Purchase'] } }],

	cases: ({ fake, keys }) => {
		const headers = { 'x-access-token': keys.accessToken };
		const TRACK = '/api/installations/track';
		const TRACK_BULK = '/api/installations/trackBulk';
		const PURCHASE = '/api/installations/trackPurchase';
		const node = (parameters, extra = {}) => ({ type: 'chabok', parameters, credential: 'Chabok (e2e fake)', ...extra });
		const auto = (resource, options = {}) => ({
			resource,
			operation: resource === 'purchase' ? 'trackPurchase' : 'trackEvent',
			inputMode: 'auto',
			sourcePath: 'body',
			options,
		});
		const delivered = (path, body) => ({
			status: 'success',
			requests: [{ path, headers, body, status: 200 }],
			accepted: 1,
			items: [{ success: true, statusCode: 200, sent: body, response: { count: 1 }, request: { number: 1, of: 1, entries: 1, attempts: 1 } }],
		});
		const examples = [
			['event', 'installationId', 'Track Event by installation', TRACK, TRACK_BY_INSTALLATION],
			['event', 'userId', 'Track Event by user', TRACK, TRACK_BY_USER],
			['purchase', 'installationId', 'Track Purchase by installation', PURCHASE, PURCHASE_BY_INSTALLATION],
			['purchase', 'userId', 'Track Purchase by user', PURCHASE, PURCHASE_BY_USER],
		];
		return [
			...examples.flatMap(([resource, identity, what, path, doc]) => [
				{
					name: `Chabok ${what}, Map Automatically from Source Path "body": the document's example, keys reversed (webhook)`,
					covers: `${resource}:${resource === 'purchase' ? 'trackPurchase' : 'trackEvent'}`,
					node: node(auto(resource)),
					payload: keysOf(doc),
					expect: delivered(path, doc),
				},
				{
					name: `Chabok ${what}, Define Below with expressions: the document's example (webhook)`,
					covers: `${resource}:${resource === 'purchase' ? 'trackPurchase' : 'trackEvent'}`,
					node: node(defineFromBody(resource, identity)),
					payload: doc,
					expect: delivered(path, doc),
				},
			]),
			{
				name: 'Chabok Track Event, Define Below with key/value event data from expressions: the document\'s eventData types kept (webhook)',
				covers: 'event:trackEvent',
				node: node({
					...defineFromBody('event', 'userId'),
					eventDataMode: 'keyValue',
					eventData: { property: Object.keys(EVENT_DATA_DOC).map((key) => ({ key, value: `={{ $json.body.eventData.${key} }}` })) },
				}),
				payload: { ...TRACK_BY_USER, eventData: EVENT_DATA_DOC },
				expect: delivered(TRACK, { ...TRACK_BY_USER, eventData: EVENT_DATA_DOC }),
			},
			{
				name: 'Chabok Track Event by installation in bulk: a webhook array, split into 3 items, sent as ONE JSON array to trackBulk, {"queued": true, "n": 3} on each item',
				covers: 'event:trackEvent',
				node: node({ resource: 'event', operation: 'trackEvent', inputMode: 'auto', sourcePath: '', options: {} }, { splitOut: 'body' }),
				payload: BULK.map(keysOf),
				expect: {
					status: 'success',
					requests: [{ path: TRACK_BULK, headers, body: BULK, status: 200 }],
					accepted: 3,
					items: BULK.map((event, position) => ({
						success: true,
						statusCode: 200,
						sent: event,
						response: { queued: true, n: 3 },
						request: { number: 1, of: 1, entries: 3, attempts: 1, bulkPosition: position },
					})),
				},
			},
			{
				name: 'Chabok Track Event by user in bulk: two user events from a webhook array, ONE array to trackBulk',
				covers: 'event:trackEvent',
				node: node({ resource: 'event', operation: 'trackEvent', inputMode: 'auto', sourcePath: '', options: {} }, { splitOut: 'body' }),
				payload: [TRACK_BY_USER, { ...TRACK_BY_USER, userId: 'USER_ID_2' }],
				expect: {
					status: 'success',
					requests: [{ path: TRACK_BULK, headers, body: [TRACK_BY_USER, { ...TRACK_BY_USER, userId: 'USER_ID_2' }], status: 200 }],
					accepted: 2,
					items: [0, 1].map((position) => ({ success: true, statusCode: 200, response: { queued: true, n: 2 }, request: { entries: 2, bulkPosition: position } })),
				},
			},
			{
				name: 'Chabok Track Event in bulk, Chabok queues 1 of 3 (the fake\'s "partial"): sent once, every item of the bulk an error item saying which count, flagged mayBeRecorded (Continue On Fail)',
				covers: 'event:trackEvent',
				faults: [[{ kind: 'partial', keep: 1 }, { times: 1 }]],
				node: node({ resource: 'event', operation: 'trackEvent', inputMode: 'auto', sourcePath: '', options: {} }, { splitOut: 'body', continueOnFail: true }),
				payload: BULK,
				expect: {
					status: 'success',
					requests: [{ path: TRACK_BULK, headers, body: BULK, status: 200 }],
					accepted: 1,
					items: BULK.map((_event, i) => ({
						success: false,
						mayBeRecorded: true,
						error: new RegExp(`^Chabok may have recorded item ${i}: Chabok queued 1 of 3 events of this request; which ones is not said`),
					})),
				},
			},

			// ---- the README's example workflow: Schedule → Chabok
			{
				name: 'Chabok Track Event on a Schedule Trigger (the README\'s Schedule → Chabok: dailyDigest by user, eventTime from the trigger, fires once)',
				covers: 'event:trackEvent',
				trigger: 'schedule',
				node: node({
					resource: 'event',
					operation: 'trackEvent',
					identifyBy: 'userId',
					userId: 'USER_ID',
					eventName: 'dailyDigest',
					additionalFields: { eventTime: '={{ $json.timestamp }}' },
					eventData: {
						property: [
							{ key: 'dayOfWeek', value: "={{ $json['Day of week'] }}" },
							{ key: 'isWeekend', value: "={{ ['Saturday', 'Sunday'].includes($json['Day of week']) }}" },
						],
					},
				}),
				expect: {
					status: 'success',
					requests: [
						{
							path: TRACK,
							headers,
							// What the Schedule Trigger handed the node decides the body.
							body: ({ execution }) => {
								const fired = execution.data.resultData.runData['Schedule Trigger'][0].data.main[0][0].json;
								const day = fired['Day of week'];
								return {
									userId: 'USER_ID',
									eventName: 'dailyDigest',
									eventTime: Date.parse(fired.timestamp),
									eventData: { dayOfWeek: day, isWeekend: ['Saturday', 'Sunday'].includes(day) },
								};
							},
							status: 200,
						},
					],
					accepted: 1,
					items: [{ success: true, statusCode: 200, sent: { userId: 'USER_ID', eventName: 'dailyDigest' } }],
					check: ({ requests, execution }) => {
						const problems = [];
						const sent = JSON.parse(requests[0]?.rawBody ?? '{}');
						const started = Date.parse(execution.startedAt);
						if (!(Math.abs(sent.eventTime - started) < 10_000)) {
							problems.push(`eventTime ${sent.eventTime} is not the trigger's time (execution started ${execution.startedAt})`);
						}
						if (!/^[A-Z][a-z]+day$/.test(sent.eventData?.dayOfWeek ?? '')) problems.push(`dayOfWeek ${sent.eventData?.dayOfWeek} is not a weekday name`);
						return problems;
					},
				},
			},

			// ---- failures
			{
				name: 'Chabok Track Event with a wrong access token: 401, not retried, the execution fails naming the item, Chabok\'s body shown, the token never',
				covers: 'event:trackEvent',
				node: { ...node(auto('event', FAST)), credential: 'Chabok (wrong token)' },
				payload: TRACK_BY_USER,
				expect: {
					status: 'error',
					requests: [{ path: TRACK, headers: { 'x-access-token': WRONG_TOKEN }, body: TRACK_BY_USER, status: 401 }],
					accepted: 0,
					error: /Chabok did not accept item 0: HTTP 401.*Unauthorized/s,
					check: secretAbsent(WRONG_TOKEN),
				},
			},
			{
				name: 'Chabok Track Purchase while the fake answers 500 (default delivery): not resent (Chabok may have recorded it), an error item flagged mayBeRecorded (Continue On Fail)',
				covers: 'purchase:trackPurchase',
				faults: [['500', { times: 1 }]],
				node: node(auto('purchase', FAST), { continueOnFail: true }),
				payload: PURCHASE_BY_INSTALLATION,
				expect: {
					status: 'success',
					requests: [{ path: PURCHASE, headers, body: PURCHASE_BY_INSTALLATION, status: 500 }],
					accepted: 0,
					items: [{ success: false, httpCode: '500', mayBeRecorded: true, error: /^Chabok may have recorded item 0: HTTP 500/, description: /Internal Server Error[\s\S]*not sent again/ }],
					check: secretAbsent(keys.accessToken),
				},
			},
			{
				name: 'Chabok Track Purchase while the fake answers 500, Delivery At Least Once: retried until Max Retries, then an error item saying Chabok may have recorded it up to 4 times (Continue On Fail)',
				covers: 'purchase:trackPurchase',
				faults: [['500', { times: 4 }]],
				node: node(auto('purchase', { ...FAST, delivery: 'atLeastOnce' }), { continueOnFail: true }),
				payload: PURCHASE_BY_INSTALLATION,
				expect: {
					status: 'success',
					requests: Array.from({ length: 4 }, () => ({ path: PURCHASE, headers, body: PURCHASE_BY_INSTALLATION, status: 500 })),
					accepted: 0,
					items: [
						{
							success: false,
							httpCode: '500',
							mayBeRecorded: true,
							error: /^Chabok may have recorded item 0: HTTP 500/,
							description: /Internal Server Error[\s\S]*Gave up after 4 attempts[\s\S]*up to 4 times/,
						},
					],
					check: secretAbsent(keys.accessToken),
				},
			},

			// ---- trust (issue #14): redirects are not followed, lost answers are not resent
			{
				name: 'Chabok Track Event answered 307 to another host: not followed (the other host gets no access token, no body), the item fails naming status and host (Continue On Fail)',
				covers: 'event:trackEvent',
				faults: [['redirect-307', { times: 1 }]],
				node: node(auto('event', FAST), { continueOnFail: true }),
				payload: TRACK_BY_USER,
				expect: {
					status: 'success',
					requests: [{ path: TRACK, headers, body: TRACK_BY_USER, status: 307 }],
					accepted: 0,
					items: [{ success: false }],
					check: allOf(redirectCheck({ fake, status: 307, indexes: [0], continueOnFail: true }), secretAbsent(keys.accessToken)),
				},
			},
			{
				name: 'Chabok Track Purchase recorded, then answered 303 See Other to another host: not followed, the item fails as "may have been recorded" (Continue On Fail)',
				covers: 'purchase:trackPurchase',
				faults: [['redirect-303', { times: 1 }]],
				node: node(auto('purchase', FAST), { continueOnFail: true }),
				payload: PURCHASE_BY_USER,
				expect: {
					status: 'success',
					requests: [{ path: PURCHASE, headers, body: PURCHASE_BY_USER, status: 303 }],
					accepted: 1,
					items: [{ success: false, mayBeRecorded: true }],
					check: redirectCheck({ fake, status: 303, indexes: [0], continueOnFail: true }),
				},
			},
			{
				name: 'Chabok Track Event, a bulk of 3 recorded, then a 502 from the gateway (default delivery): sent once, each event in the ledger once, all three items "may have been recorded" (Continue On Fail)',
				covers: 'event:trackEvent',
				faults: [['record-then-502', { times: 1 }]],
				node: node({ resource: 'event', operation: 'trackEvent', inputMode: 'auto', sourcePath: '', options: FAST }, { splitOut: 'body', continueOnFail: true }),
				payload: BULK,
				expect: {
					status: 'success',
					requests: [{ path: TRACK_BULK, headers, body: BULK, status: 502 }],
					accepted: 3,
					items: BULK.map(() => ({ success: false, mayBeRecorded: true })),
					check: lostAnswerCheck({ indexes: [0, 1, 2], continueOnFail: true }),
				},
			},
			{
				name: 'Chabok Track Event recorded, then a 502, with Delivery At Least Once: sent again, recorded twice (the trade-off the option states), reported delivered after 2 attempts and flagged mayBeDuplicated',
				covers: 'event:trackEvent',
				faults: [['record-then-502', { times: 1 }]],
				node: node(auto('event', { ...FAST, delivery: 'atLeastOnce' }), { continueOnFail: true }),
				payload: TRACK_BY_INSTALLATION,
				expect: {
					status: 'success',
					requests: [
						{ path: TRACK, headers, body: TRACK_BY_INSTALLATION, status: 502 },
						{ path: TRACK, headers, body: TRACK_BY_INSTALLATION, status: 200 },
					],
					accepted: 2,
					items: [{ success: true, request: { attempts: 2, mayBeDuplicated: true } }],
				},
			},
		];
	},
};
