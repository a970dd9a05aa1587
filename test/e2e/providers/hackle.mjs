import { defineBelow, examples } from '../lib/examples.mjs';
import { lostAnswerCheck, redirectCheck } from '../lib/trust.mjs';

// Hackle in real n8n: the credential pointed at the fake, one workflow per
// operation and input mode (Webhook-triggered, the documents' example bodies),
// a Schedule-triggered one, and the failures a user meets (bad key, 5xx until
// retries run out, a documented error code, a 503 that a retry gets past),
// and issue #14's trust cases (redirects not followed, lost answers not resent).
// The runner discovers this file; a provider module exports the same shape.

// The -d body of the curl example in api-docs/000 (track).
const TRACK_DOC_BODY = examples.hackle.track;

// The -d body of the curl example in api-docs/001 (push).
const PUSH_DOC_BODY = examples.hackle.push;

const FAST = { retryDelayMs: 20, maxRetries: 3 };

/** @type {import('../lib/types.mjs').ProviderModule} */
export default {
	provider: 'hackle',
	nodes: ['hackle'],

	credentials: ({ fake, keys }) => [
		{ id: 'e2eHackleCred001', name: 'Hackle (e2e fake)', type: 'hackleApi', data: { sdkSecretKey: keys.sdkKey, apiKey: keys.apiKey, baseUrl: fake.baseUrl } },
		{ id: 'e2eHackleCred002', name: 'Hackle (wrong key)', type: 'hackleApi', data: { sdkSecretKey: 'not-the-sdk-key', apiKey: keys.apiKey, baseUrl: fake.baseUrl } },
	],

	// What the editor must show: the node found by this search, with these resources and operations.
	editor: [{ search: 'Hackle', displayName: 'Hackle', resources: { Event: ['Track Event'], 'Push Message': ['Send Push'] } }],

	cases: ({ fake, keys }) => {
		const trackHeaders = { 'x-hackle-api-key': keys.sdkKey };
		const pushHeaders = { 'x-hackle-api-key': keys.apiKey };
		const node = (parameters, extra = {}) => ({ type: 'hackle', parameters, credential: 'Hackle (e2e fake)', ...extra });
		return [
			{
				name: 'Hackle Track Event, Define Below with expressions (webhook)',
				covers: 'event:trackEvent',
				node: node(defineBelow('hackle.trackEvent')),
				payload: TRACK_DOC_BODY,
				expect: {
					status: 'success',
					requests: [{ path: '/v1/track', headers: trackHeaders, body: TRACK_DOC_BODY, status: 200 }],
					accepted: 1,
					items: [{ success: true, statusCode: 200, sent: TRACK_DOC_BODY, request: { number: 1, of: 1, entries: 1, attempts: 1 } }],
				},
			},
			{
				name: 'Hackle Track Event, Map Automatically from Source Path "body" (webhook)',
				covers: 'event:trackEvent',
				node: node({ resource: 'event', operation: 'trackEvent', inputMode: 'auto', sourcePath: 'body', options: {} }),
				payload: TRACK_DOC_BODY,
				expect: {
					status: 'success',
					requests: [{ path: '/v1/track', headers: trackHeaders, body: TRACK_DOC_BODY, status: 200 }],
					accepted: 1,
					items: [{ success: true, statusCode: 200, sent: TRACK_DOC_BODY }],
				},
			},
			{
				name: 'Hackle Send Push, Define Below with expressions (webhook)',
				covers: 'pushMessage:sendPush',
				node: node(defineBelow('hackle.sendPush')),
				payload: PUSH_DOC_BODY,
				expect: {
					status: 'success',
					requests: [{ path: '/v1/push-message/trigger/send', headers: pushHeaders, body: PUSH_DOC_BODY, status: 200 }],
					accepted: 1,
					items: [{ success: true, statusCode: 200, campaignKey: 1, users: PUSH_DOC_BODY.users, response: { message: 'success' } }],
					check: ({ items, requests }) => {
						const dispatchId = JSON.parse(requests[0].responseBody).dispatchId;
						return items[0].dispatchId === dispatchId ? [] : [`dispatchId ${items[0].dispatchId} is not the fake's ${dispatchId}`];
					},
				},
			},
			{
				name: 'Hackle Send Push, Map Automatically from Source Path "body.users" (webhook)',
				covers: 'pushMessage:sendPush',
				node: node({ resource: 'pushMessage', operation: 'sendPush', campaignKey: '={{ $json.body.campaignKey }}', inputMode: 'auto', sourcePath: 'body.users', options: {} }),
				payload: PUSH_DOC_BODY,
				expect: {
					status: 'success',
					requests: [{ path: '/v1/push-message/trigger/send', headers: pushHeaders, body: PUSH_DOC_BODY, status: 200 }],
					accepted: 1,
					items: [{ success: true, campaignKey: 1, users: PUSH_DOC_BODY.users }],
				},
			},
			{
				name: 'Hackle Track Event on a Schedule Trigger (fires once)',
				covers: 'event:trackEvent',
				trigger: 'schedule',
				node: node({
					resource: 'event',
					operation: 'trackEvent',
					inputMode: 'define',
					eventKey: 'daily_report',
					userId: 'scheduler-e2e',
					eventPropertiesMode: 'json',
					eventPropertiesJson: '{ "source": "schedule", "count": 1 }',
					options: {},
				}),
				expect: {
					status: 'success',
					requests: [
						{
							path: '/v1/track',
							headers: trackHeaders,
							body: { event: { key: 'daily_report', properties: { source: 'schedule', count: 1 } }, user: { userId: 'scheduler-e2e' } },
							status: 200,
						},
					],
					accepted: 1,
					items: [{ success: true, statusCode: 200 }],
				},
			},
			{
				name: 'Hackle Track Event with a wrong SDK key: 401, not retried, the execution fails naming the item',
				covers: 'event:trackEvent',
				node: { ...node({ resource: 'event', operation: 'trackEvent', inputMode: 'auto', sourcePath: 'body', options: FAST }), credential: 'Hackle (wrong key)' },
				payload: TRACK_DOC_BODY,
				expect: {
					status: 'error',
					requests: [{ path: '/v1/track', headers: { 'x-hackle-api-key': 'not-the-sdk-key' }, body: TRACK_DOC_BODY, status: 401 }],
					accepted: 0,
					error: /Hackle did not accept item 0: HTTP 401/,
				},
			},
			{
				name: 'Hackle Send Push while the fake answers 503 (asks to come back, nothing recorded): retried, then an error item (Continue On Fail)',
				covers: 'pushMessage:sendPush',
				faults: [['503', { times: 4 }]],
				node: node(
					{ resource: 'pushMessage', operation: 'sendPush', campaignKey: '={{ $json.body.campaignKey }}', inputMode: 'auto', sourcePath: 'body.users', options: FAST },
					{ continueOnFail: true },
				),
				payload: PUSH_DOC_BODY,
				expect: {
					status: 'success',
					requests: Array.from({ length: 4 }, () => ({ path: '/v1/push-message/trigger/send', headers: pushHeaders, body: PUSH_DOC_BODY, status: 503 })),
					accepted: 0,
					items: [{ success: false, httpCode: '503', error: /^Hackle did not accept item 0: HTTP 503/, description: /Gave up after 4 attempts/ }],
					check: ({ items }) => (items[0]?.mayBeRecorded !== true ? [] : [`a 503 is not "may have been recorded", got mayBeRecorded ${items[0].mayBeRecorded}`]),
				},
			},
			{
				name: 'Hackle Send Push to an unknown campaign: the documented CAMPAIGN_NOT_FOUND, explained',
				covers: 'pushMessage:sendPush',
				node: node({ resource: 'pushMessage', operation: 'sendPush', campaignKey: 999, inputMode: 'auto', sourcePath: 'body.users', options: FAST }),
				payload: PUSH_DOC_BODY,
				expect: {
					status: 'error',
					requests: [{ path: '/v1/push-message/trigger/send', headers: pushHeaders, body: { ...PUSH_DOC_BODY, campaignKey: 999 }, status: 400 }],
					accepted: 0,
					error: /No API-triggered push campaign has this campaign key.*CAMPAIGN_NOT_FOUND, HTTP 400/,
				},
			},
			{
				name: 'Hackle Track Event meets 503 with Retry-After: retried once, delivered once',
				covers: 'event:trackEvent',
				faults: [['503-retry-after', { times: 1 }]],
				node: node({ resource: 'event', operation: 'trackEvent', inputMode: 'auto', sourcePath: 'body', options: FAST }),
				payload: TRACK_DOC_BODY,
				expect: {
					status: 'success',
					requests: [
						{ path: '/v1/track', headers: trackHeaders, body: TRACK_DOC_BODY, status: 503 },
						{ path: '/v1/track', headers: trackHeaders, body: TRACK_DOC_BODY, status: 200 },
					],
					accepted: 1,
					items: [{ success: true, request: { attempts: 2 } }],
				},
			},

			// ---- trust (issue #14): redirects are not followed, lost answers are not resent
			{
				name: 'Hackle Track Event answered 307 to another host: not followed (the other host gets no key, no body), the item fails naming status and host (Continue On Fail)',
				covers: 'event:trackEvent',
				faults: [['redirect-307', { times: 1 }]],
				node: node({ resource: 'event', operation: 'trackEvent', inputMode: 'auto', sourcePath: 'body', options: FAST }, { continueOnFail: true }),
				payload: TRACK_DOC_BODY,
				expect: {
					status: 'success',
					requests: [{ path: '/v1/track', headers: trackHeaders, body: TRACK_DOC_BODY, status: 307 }],
					accepted: 0,
					items: [{ success: false }],
					check: redirectCheck({ fake, status: 307, indexes: [0], continueOnFail: true }),
				},
			},
			{
				name: 'Hackle Send Push recorded, then a 502 from the gateway (default delivery): sent once, one push in the ledger, the item fails as "may have been recorded" (Continue On Fail)',
				covers: 'pushMessage:sendPush',
				faults: [['record-then-502', { times: 1 }]],
				node: node(
					{ resource: 'pushMessage', operation: 'sendPush', campaignKey: '={{ $json.body.campaignKey }}', inputMode: 'auto', sourcePath: 'body.users', options: FAST },
					{ continueOnFail: true },
				),
				payload: PUSH_DOC_BODY,
				expect: {
					status: 'success',
					requests: [{ path: '/v1/push-message/trigger/send', headers: pushHeaders, body: PUSH_DOC_BODY, status: 502 }],
					accepted: 1,
					items: [{ success: false, mayBeRecorded: true }],
					check: lostAnswerCheck({ indexes: [0], continueOnFail: true }),
				},
			},
			{
				name: 'Hackle Send Push recorded, then a 502, with delivery: atLeastOnce in the workflow JSON: Send Push stays At Most Once (no push twice), sent once, "may have been recorded" (Continue On Fail)',
				covers: 'pushMessage:sendPush',
				faults: [['record-then-502', { times: 1 }]],
				node: node(
					{ resource: 'pushMessage', operation: 'sendPush', campaignKey: '={{ $json.body.campaignKey }}', inputMode: 'auto', sourcePath: 'body.users', options: { ...FAST, delivery: 'atLeastOnce' } },
					{ continueOnFail: true },
				),
				payload: PUSH_DOC_BODY,
				expect: {
					status: 'success',
					requests: [{ path: '/v1/push-message/trigger/send', headers: pushHeaders, body: PUSH_DOC_BODY, status: 502 }],
					accepted: 1,
					items: [{ success: false, mayBeRecorded: true }],
					check: lostAnswerCheck({ indexes: [0], continueOnFail: true }),
				},
			},
			{
				name: 'Hackle Track Event recorded, then the connection dropped unanswered (default delivery): sent once, the execution fails listing the item as "may have been recorded"',
				covers: 'event:trackEvent',
				faults: [['record-then-drop', { times: 1 }]],
				node: node({ resource: 'event', operation: 'trackEvent', inputMode: 'auto', sourcePath: 'body', options: FAST }),
				payload: TRACK_DOC_BODY,
				expect: {
					status: 'error',
					requests: [{ path: '/v1/track', headers: trackHeaders, body: TRACK_DOC_BODY }],
					accepted: 1,
					error: /item 0/,
					check: lostAnswerCheck({ indexes: [0], continueOnFail: false }),
				},
			},
		];
	},
};
