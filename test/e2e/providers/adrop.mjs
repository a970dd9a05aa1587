import { defineBelow, examples } from '../lib/examples.mjs';
import { lostAnswerCheck, redirectCheck } from '../lib/trust.mjs';

// Adrop in real n8n: the credential pointed at the fake; the document's four
// axios examples (api-docs/002) posted to Webhook → Adrop workflows in Map
// Automatically mode (Source Path "body") and rebuilt from Define Below
// expressions, each compared byte for byte with the example; a purchase sent
// as order lines (a webhook array, Split Out, grouped by tx_id); the failures
// a user meets: a wrong App Key (401), Adrop's 200 {"message":"!invalid"} for
// an event the node judged valid, an undocumented event name stopped before
// anything is sent.

// The four axios examples of api-docs/002, in the document's key order.
const DOC_SIMPLE = examples.adrop.simple;
const DOC_VIEW_ITEM = examples.adrop.viewItem;
const DOC_PURCHASE = examples.adrop.purchase;
const DOC_LEAD = examples.adrop.generateLead;

/** begin_checkout: the purchase's shape without tx_id (the document's catalogue: currency, items). */
const CHECKOUT = { uid: 'USER_ID', eventName: 'begin_checkout', platform: 'web', currency: 'KRW', items: DOC_PURCHASE.items };

/** The purchase example as a shop exports it: one row per order line, the order's fields repeated on each. */
const PURCHASE_LINES = DOC_PURCHASE.items.map((line) => ({ uid: 'USER_ID', platform: 'web', tx_id: DOC_PURCHASE.tx_id, currency: 'KRW', ...line }));

/** Keys in reverse order: Map Automatically must send the document's order whatever order the webhook body has. */
const reversed = (body) => Object.fromEntries(Object.entries(body).reverse());

const FAST = { retryDelayMs: 20, maxRetries: 3 };
const WRONG_KEY = 'e2e-adrop-not-the-app-key';

/** No string of the execution's data may hold the given secret. */
const secretAbsent = (secret) => ({ execution }) =>
	JSON.stringify(execution.data ?? {}).includes(secret) ? [`the execution data shows the App Key ${secret}`] : [];

/** @type {import('../lib/types.mjs').ProviderModule} */
export default {
	provider: 'adrop',
	nodes: ['adrop'],

	credentials: ({ fake, keys }) => [
		{ id: 'e2eAdropCred0001', name: 'Adrop (e2e fake)', type: 'adropApi', data: { apiKey: keys.appKey, baseUrl: fake.baseUrl } },
		{ id: 'e2eAdropCred0002', name: 'Adrop (wrong key)', type: 'adropApi', data: { apiKey: WRONG_KEY, baseUrl: fake.baseUrl } },
	],

	editor: [{ search: 'Adrop', displayName: 'Adrop', resources: { Event: ['Track Event', 'Track Purchase'] } }],

	cases: ({ fake, keys }) => {
		const headers = { authorization: keys.appKey };
		const node = (parameters, extra = {}) => ({ type: 'adrop', parameters, credential: 'Adrop (e2e fake)', ...extra });
		const trackAuto = (options = {}) => ({ resource: 'event', operation: 'trackEvent', inputMode: 'auto', sourcePath: 'body', options });
		const delivered = (body) => ({
			status: 'success',
			requests: [{ path: '/event', headers, body, status: 200 }],
			accepted: 1,
			items: [{ success: true, statusCode: 200, sent: body, response: { message: 'ok' }, request: { number: 1, of: 1, entries: 1, attempts: 1 } }],
		});
		return [
			// ---- Track Event, Map Automatically: the four examples as webhook bodies
			...[
				['simple event (app_open)', DOC_SIMPLE],
				['event with parameters (view_item)', DOC_VIEW_ITEM],
				['multi-item event (purchase)', DOC_PURCHASE],
				['lead event (generate_lead)', DOC_LEAD],
			].map(([what, doc]) => ({
				name: `Adrop Track Event, Map Automatically from Source Path "body": the document's ${what}, keys reversed (webhook)`,
				covers: 'event:trackEvent',
				node: node(trackAuto()),
				payload: reversed(doc),
				expect: delivered(doc),
			})),

			// ---- Track Event, Define Below with expressions
			{
				name: 'Adrop Track Event, Define Below with expressions: view_item and its own fields (webhook)',
				covers: 'event:trackEvent',
				node: node(defineBelow('adrop.viewItem')),
				payload: DOC_VIEW_ITEM,
				expect: delivered(DOC_VIEW_ITEM),
			},
			{
				name: 'Adrop Track Event, Define Below with the event name from an expression and its parameters as key/value extras: generate_lead (webhook)',
				covers: 'event:trackEvent',
				node: node(defineBelow('adrop.generateLead')),
				payload: DOC_LEAD,
				expect: delivered(DOC_LEAD),
			},

			// ---- Track Purchase
			{
				name: 'Adrop Track Purchase, Map Automatically from Source Path "body": the document\'s purchase (webhook)',
				covers: 'event:trackPurchase',
				node: node({ resource: 'event', operation: 'trackPurchase', beginCheckout: false, inputMode: 'auto', sourcePath: 'body', grouping: 'order', options: {} }),
				payload: reversed(DOC_PURCHASE),
				expect: delivered(DOC_PURCHASE),
			},
			{
				name: 'Adrop Track Purchase, Define Below with expressions, items from a JSON array (webhook)',
				covers: 'event:trackPurchase',
				node: node(defineBelow('adrop.purchase')),
				payload: DOC_PURCHASE,
				expect: delivered(DOC_PURCHASE),
			},
			{
				name: 'Adrop Track Purchase, One Line per Item: the purchase\'s lines as one webhook array, split, grouped by tx_id into the document\'s purchase',
				covers: 'event:trackPurchase',
				node: node({ resource: 'event', operation: 'trackPurchase', beginCheckout: false, inputMode: 'auto', sourcePath: '', grouping: 'lines', options: {} }, { splitOut: 'body' }),
				payload: PURCHASE_LINES.map(reversed),
				expect: {
					status: 'success',
					requests: [{ path: '/event', headers, body: DOC_PURCHASE, status: 200 }],
					accepted: 1,
					items: PURCHASE_LINES.map((_line, index) => ({
						success: true,
						statusCode: 200,
						sent: DOC_PURCHASE,
						line: index,
						response: { message: 'ok' },
						request: { number: 1, of: 1, entries: 2, attempts: 1 },
					})),
				},
			},

			{
				name: 'Adrop Track Purchase with Begin Checkout on, Define Below: an item list filled by expressions (webhook)',
				covers: 'event:trackPurchase',
				node: node({
					resource: 'event',
					operation: 'trackPurchase',
					beginCheckout: true,
					inputMode: 'define',
					grouping: 'order',
					uid: '={{ $json.body.uid }}',
					currency: '={{ $json.body.currency }}',
					platform: '={{ $json.body.platform }}',
					itemsInput: 'list',
					itemList: {
						item: [
							{
								item_id: '={{ $json.body.items[0].item_id }}',
								details: {
									quantity: '={{ $json.body.items[0].quantity }}',
									price: '={{ $json.body.items[0].price }}',
									brand: '={{ $json.body.items[0].brand }}',
									item_category: '={{ $json.body.items[0].item_category }}',
									item_name: '={{ $json.body.items[0].item_name }}',
								},
							},
							{
								item_id: '={{ $json.body.items[1].item_id }}',
								details: { item_name: '={{ $json.body.items[1].item_name }}', price: '={{ $json.body.items[1].price }}', quantity: '={{ $json.body.items[1].quantity }}' },
							},
						],
					},
					options: {},
				}),
				payload: DOC_PURCHASE,
				expect: delivered(CHECKOUT),
			},

			// ---- failures
			{
				name: 'Adrop Track Event with a wrong App Key: 401, not retried, the execution fails naming the item, the key not shown',
				covers: 'event:trackEvent',
				node: { ...node(trackAuto(FAST)), credential: 'Adrop (wrong key)' },
				payload: DOC_VIEW_ITEM,
				expect: {
					status: 'error',
					requests: [{ path: '/event', headers: { authorization: WRONG_KEY }, body: DOC_VIEW_ITEM, status: 401 }],
					accepted: 0,
					error: /Adrop did not accept item 0: HTTP 401.*unauthorized/s,
					check: secretAbsent(WRONG_KEY),
				},
			},
			{
				name: 'Adrop Track Purchase answered 200 {"message":"!invalid"} (Adrop refuses what the node judged valid): not retried, an error item with Adrop\'s body (Continue On Fail)',
				covers: 'event:trackPurchase',
				faults: [['documented:INVALID', { times: 1 }]],
				node: node(
					{ resource: 'event', operation: 'trackPurchase', beginCheckout: false, inputMode: 'auto', sourcePath: 'body', grouping: 'order', options: FAST },
					{ continueOnFail: true },
				),
				payload: DOC_PURCHASE,
				expect: {
					status: 'success',
					requests: [{ path: '/event', headers, body: DOC_PURCHASE, status: 200 }],
					accepted: 0,
					items: [
						{
							success: false,
							httpCode: '200',
							error: /^Adrop did not accept item 0: Adrop refused the event as invalid \("!invalid", HTTP 200\); it was not recorded/,
							description: /Adrop's answer: \{"message":"!invalid"\}/,
						},
					],
				},
			},
			{
				name: 'Adrop Track Event with an event name Adrop does not document: refused before sending, the error names item and field, no request',
				covers: 'event:trackEvent',
				node: node(trackAuto(FAST)),
				payload: { uid: 'USER_ID', eventName: 'add_to_basket', platform: 'web' },
				expect: {
					status: 'error',
					requests: [],
					accepted: 0,
					error: /^Invalid input in item 0: eventName "add_to_basket" is not an event Adrop documents/,
				},
			},

			// ---- trust (issue #14): redirects are not followed, lost answers are not resent
			{
				name: 'Adrop Track Event answered 307 to another host: not followed (the other host gets no App Key, no body), the execution fails naming status and host',
				covers: 'event:trackEvent',
				faults: [['redirect-307', { times: 1 }]],
				node: node(trackAuto(FAST)),
				payload: DOC_VIEW_ITEM,
				expect: {
					status: 'error',
					requests: [{ path: '/event', headers, body: DOC_VIEW_ITEM, status: 307 }],
					accepted: 0,
					error: /item 0/,
					check: redirectCheck({ fake, status: 307, indexes: [0], continueOnFail: false }),
				},
			},
			{
				name: 'Adrop Track Purchase recorded, then a 502 from the gateway (default delivery): sent once, one purchase in the ledger, the execution fails listing the item as "may have been recorded"',
				covers: 'event:trackPurchase',
				faults: [['record-then-502', { times: 1 }]],
				node: node({ resource: 'event', operation: 'trackPurchase', beginCheckout: false, inputMode: 'auto', sourcePath: 'body', grouping: 'order', options: FAST }),
				payload: DOC_PURCHASE,
				expect: {
					status: 'error',
					requests: [{ path: '/event', headers, body: DOC_PURCHASE, status: 502 }],
					accepted: 1,
					error: /item 0/,
					check: lostAnswerCheck({ indexes: [0], continueOnFail: false }),
				},
			},
		];
	},
};
