// Adrop under faults: Track Event (events across the catalogue, one request
// each) and Track Purchase (one order per item, one request each). Adrop
// answers 200 {"message":"!invalid"} to what it drops (its documented error
// body); a 200 the node cannot read as {"message":"ok"} is reported failed as
// "may not have been recorded".
const CATALOGUE = [
	['app_open', {}],
	['sign_up', { method: 'email' }],
	['push_clicks', { campaign_id: 'spring-sale' }],
	['page_view', { page_id: 'home', page_url: 'https://shop.example.com/' }],
	['click', { element_id: 'buy-button', element_type: 'button' }],
	['view_item', { item_id: 'SKU-1', item_name: 'Widget', price: 29900 }],
	['add_to_wishlist', { item_id: 'SKU-2' }],
	['add_to_cart', { item_id: 'SKU-3', price: 15000, quantity: 2 }],
	['view_content', { content_id: 'article-9' }],
	['begin_lead_form', { form_id: 'contact' }],
	['generate_lead', { form_id: 'contact', value: 50000, currency: 'KRW' }],
];

/** @type {import('../faults.mjs').FaultModule} */
export default {
	provider: 'adrop',
	credentials: ({ fake, keys }) => [{ id: 'faultsAdrop00001', name: 'Adrop (faults)', type: 'adropApi', data: { apiKey: keys.appKey, baseUrl: fake.baseUrl } }],
	scenarios: () => [
		{
			id: 'adrop-track',
			name: 'Adrop Track Event',
			node: { type: 'adrop', name: 'Adrop', credential: 'Adrop (faults)', parameters: { resource: 'event', operation: 'trackEvent', inputMode: 'auto', sourcePath: '' } },
			documented: ['INVALID'],
			event: (key, i) => {
				const [eventName, params] = CATALOGUE[i % CATALOGUE.length];
				return { uid: key, eventName, platform: 'web', ...params };
			},
			keyOf: (o) => o?.uid,
		},
		{
			id: 'adrop-purchase',
			name: 'Adrop Track Purchase',
			node: {
				type: 'adrop',
				name: 'Adrop',
				credential: 'Adrop (faults)',
				parameters: { resource: 'event', operation: 'trackPurchase', beginCheckout: false, inputMode: 'auto', sourcePath: '', grouping: 'order' },
			},
			documented: ['INVALID'],
			event: (key, i) => ({
				uid: `buyer-${i % 97}`,
				tx_id: key,
				currency: 'KRW',
				platform: 'web',
				items: Array.from({ length: 1 + (i % 3) }, (_, k) => ({ item_id: `SKU-${k}`, price: 1000 * (k + 1), quantity: 1 + k })),
			}),
			keyOf: (o) => o?.tx_id,
		},
	],
};
