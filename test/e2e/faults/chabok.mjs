// Chabok under faults: Track Event in bulk to trackBulk by installation ID and
// by user ID (a JSON array per request; a Loop Over Items of 4 events per round
// makes 500 bulk requests), Track Purchase (one request each, installation and
// user IDs alternating). Chabok documents no error bodies. The bulk by user
// also meets "partial": Chabok queues only some events of a bulk and counts
// them ({"queued": true, "n": N}) without naming them.

/** @type {import('../faults.mjs').FaultModule} */
export default {
	provider: 'chabok',
	credentials: ({ fake, keys }) => [
		{
			id: 'faultsChabok0001',
			name: 'Chabok (faults)',
			type: 'chabokApi',
			data: { accessToken: keys.accessToken, environment: 'production', appId: '', baseUrl: `${fake.baseUrl}/api` },
		},
	],
	scenarios: () => {
		const node = (resource, operation) => ({ type: 'chabok', name: 'Chabok', credential: 'Chabok (faults)', parameters: { resource, operation, inputMode: 'auto', sourcePath: '' } });
		const keyOf = (o) => o?.installationId ?? o?.userId;
		return [
			{
				id: 'chabok-bulk',
				name: 'Chabok Track Event, bulk by installation',
				node: node('event', 'trackEvent'),
				options: { bulk: true },
				loop: 4,
				// 3,000 events: 750 bulk requests, so each of the ~21 kinds of the mix meets about 7 of the ~150
				// faulted ones (with 2,000, about 5: a kind missing entirely is then likely).
				count: 3000,
				// Off: one node run, 2,500 events, so three bulk requests (1,000 + 1,000 + 500).
				off: { count: 2500, poison: 1500 },
				event: (key, i) => ({ installationId: key, eventName: 'fault_test', eventTime: 1714557600000 + i, eventData: { n: i } }),
				keyOf,
			},
			{
				id: 'chabok-user',
				name: 'Chabok Track Event, bulk by user',
				node: node('event', 'trackEvent'),
				options: { bulk: true },
				loop: 4,
				count: 3000,
				faults: ['partial'],
				off: { count: 2500, poison: 1500 },
				event: (key, i) => ({ userId: key, eventName: 'fault_test', eventData: { n: i, plan: i % 2 ? 'pro' : 'free' } }),
				keyOf,
			},
			{
				id: 'chabok-purchase',
				name: 'Chabok Track Purchase',
				node: node('purchase', 'trackPurchase'),
				event: (key, i) => ({ ...(i % 2 ? { userId: key } : { installationId: key }), eventName: 'purchase', revenue: 1000 + i, currency: 'RIAL', eventData: { n: i } }),
				keyOf,
			},
		];
	},
};
