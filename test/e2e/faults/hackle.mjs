// Hackle under faults: Track Event (one request per event) and Send Push
// (users grouped by campaign key, at most 50 per request; here 4 per campaign,
// so 2,000 users make 500 requests). Track Event also carries the retry probe.
const trackEvent = (key, i) => ({
	event: { key: 'fault_test', properties: { n: i, even: i % 2 === 0 } },
	user: { userId: key, properties: { tier: ['gold', 'silver', 'bronze'][i % 3] } },
});

/** @type {import('../faults.mjs').FaultModule} */
export default {
	provider: 'hackle',
	// Campaigns 1..1000 exist at the fake, so the push users can be spread over many of them.
	keys: (keys) => ({ ...keys, campaigns: Array.from({ length: 1000 }, (_, k) => k + 1) }),
	credentials: ({ fake, keys }) => [
		{ id: 'faultsHackle0001', name: 'Hackle (faults)', type: 'hackleApi', data: { sdkSecretKey: keys.sdkKey, apiKey: keys.apiKey, baseUrl: fake.baseUrl } },
	],
	scenarios: () => [
		{
			id: 'hackle-track',
			name: 'Hackle Track Event',
			node: { type: 'hackle', name: 'Hackle', credential: 'Hackle (faults)', parameters: { resource: 'event', operation: 'trackEvent', inputMode: 'auto', sourcePath: '' } },
			documented: ['INVALID_API_KEY'],
			event: trackEvent,
			keyOf: (o) => o?.user?.userId,
			// The retry probe (faults.mjs) runs on this operation.
			probe: true,
		},
		{
			id: 'hackle-push',
			name: 'Hackle Send Push',
			node: {
				type: 'hackle',
				name: 'Hackle',
				credential: 'Hackle (faults)',
				parameters: { resource: 'pushMessage', operation: 'sendPush', campaignKey: '={{ $json.campaignKey }}', inputMode: 'auto', sourcePath: 'user' },
			},
			documented: ['INVALID_API_KEY', 'CAMPAIGN_NOT_FOUND', 'EXCEED_USER_MAX_LENGTH', 'EMPTY_IDENTIFIER'],
			// A repeated push reaches people twice: Send Push offers no Delivery option and is At Most Once,
			// also when a workflow's JSON sets delivery: atLeastOnce (the At Least Once run checks exactly that).
			delivery: 'atMostOnce',
			event: (key, i) => ({ campaignKey: 1 + Math.floor(i / 4), user: { userId: key, apiProperties: { n: i } } }),
			keyOf: (o) => o?.user?.userId,
		},
	],
};
