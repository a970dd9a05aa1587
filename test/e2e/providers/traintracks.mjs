// Traintracks in real n8n: the document's two-event batch arriving as one
// webhook body (a JSON array), split into items and sent back as one signed
// batch, byte for byte; one event from Define Below expressions; a wrong
// product secret (the fake recomputes md5(raw body + secret) and refuses);
// a 429 with an HTTP-date Retry-After that a retry gets past.
import crypto from 'node:crypto';
import { defineBelow, examples } from '../lib/examples.mjs';
import { lostAnswerCheck, lostAnswerOnErrorOutputCheck, redirectCheck } from '../lib/trust.mjs';

// The example batch of api-docs/003.
const DOC_BATCH = examples.traintracks.batch;

const md5 = (text) => crypto.createHash('md5').update(text, 'utf8').digest('hex');
const FAST = { retryDelayMs: 20, maxRetries: 3 };

/** @type {import('../lib/types.mjs').ProviderModule} */
export default {
	provider: 'traintracks',
	nodes: ['traintracks'],

	credentials: ({ fake, keys }) => [
		{
			id: 'e2eTraintrack001',
			name: 'Traintracks (e2e fake)',
			type: 'traintracksApi',
			data: { productKey: keys.productKey, productSecret: keys.productSecret, endpointUrl: `${fake.baseUrl}/v1/events`, remoteAddress: '1.2.3.4' },
		},
		{
			id: 'e2eTraintrack002',
			name: 'Traintracks (wrong secret)',
			type: 'traintracksApi',
			data: { productKey: keys.productKey, productSecret: 'not-the-secret', endpointUrl: `${fake.baseUrl}/v1/events`, remoteAddress: '1.2.3.4' },
		},
	],

	editor: [{ search: 'Traintracks', displayName: 'Traintracks', resources: { Event: ['Send Batch'] } }],

	cases: ({ fake, keys }) => {
		const signed = (events, secret = keys.productSecret) => ({
			'x-product-key': keys.productKey,
			'x-product-auth': md5(JSON.stringify(events) + secret),
			'remote-address': '1.2.3.4',
		});
		const node = (parameters, extra = {}) => ({ type: 'traintracks', parameters, credential: 'Traintracks (e2e fake)', ...extra });
		const auto = (options = {}) => ({ resource: 'event', operation: 'sendBatch', inputMode: 'auto', sourcePath: '', options });
		return [
			{
				name: 'Traintracks Send Batch, Map Automatically: the document batch as one webhook array, split, sent as one signed batch',
				covers: 'event:sendBatch',
				node: node(auto(), { splitOut: 'body' }),
				payload: DOC_BATCH,
				expect: {
					status: 'success',
					requests: [{ path: '/v1/events', headers: signed(DOC_BATCH), body: DOC_BATCH, status: 200 }],
					accepted: 2,
					items: DOC_BATCH.map((event) => ({ success: true, statusCode: 200, sent: event, request: { number: 1, of: 1, entries: 2, attempts: 1 } })),
				},
			},
			{
				name: 'Traintracks Send Batch, Define Below with expressions (webhook, one event)',
				covers: 'event:sendBatch',
				node: node(defineBelow('traintracks.sendBatch')),
				payload: DOC_BATCH[0],
				expect: {
					status: 'success',
					requests: [{ path: '/v1/events', headers: signed([DOC_BATCH[0]]), body: [DOC_BATCH[0]], status: 200 }],
					accepted: 1,
					items: [{ success: true, statusCode: 200, sent: DOC_BATCH[0] }],
				},
			},
			{
				name: 'Traintracks Send Batch with a wrong product secret: the fake recomputes the md5 and refuses (401), the execution fails naming the items',
				covers: 'event:sendBatch',
				node: { ...node(auto(FAST), { splitOut: 'body' }), credential: 'Traintracks (wrong secret)' },
				payload: DOC_BATCH,
				expect: {
					status: 'error',
					requests: [{ path: '/v1/events', headers: signed(DOC_BATCH, 'not-the-secret'), body: DOC_BATCH, status: 401 }],
					accepted: 0,
					error: /Traintracks did not accept item 0: HTTP 401.*Failed items: 0, 1/,
				},
			},
			{
				name: 'Traintracks Send Batch meets 429 with an HTTP-date Retry-After: retried, the batch recorded once (Continue On Fail on)',
				covers: 'event:sendBatch',
				faults: [['429-retry-after-date', { times: 1 }]],
				node: node(auto(FAST), { splitOut: 'body', continueOnFail: true }),
				payload: DOC_BATCH,
				expect: {
					status: 'success',
					requests: [
						{ path: '/v1/events', headers: signed(DOC_BATCH), body: DOC_BATCH, status: 429 },
						{ path: '/v1/events', headers: signed(DOC_BATCH), body: DOC_BATCH, status: 200 },
					],
					accepted: 2,
					items: DOC_BATCH.map(() => ({ success: true, request: { entries: 2, attempts: 2 } })),
				},
			},

			// ---- trust (issue #14): redirects are not followed, lost answers are not resent
			{
				name: 'Traintracks Send Batch answered 307 to another host: not followed (the other host gets no product key, no signature, no body), both items fail naming status and host (Continue On Fail)',
				covers: 'event:sendBatch',
				faults: [['redirect-307', { times: 1 }]],
				node: node(auto(FAST), { splitOut: 'body', continueOnFail: true }),
				payload: DOC_BATCH,
				expect: {
					status: 'success',
					requests: [{ path: '/v1/events', headers: signed(DOC_BATCH), body: DOC_BATCH, status: 307 }],
					accepted: 0,
					items: DOC_BATCH.map(() => ({ success: false })),
					check: redirectCheck({ fake, status: 307, indexes: [0, 1], continueOnFail: true }),
				},
			},
			{
				name: 'Traintracks Send Batch recorded, then a 502 from the gateway (default delivery): sent once, the batch in the ledger once, the execution fails listing both items as "may have been recorded"',
				covers: 'event:sendBatch',
				faults: [['record-then-502', { times: 1 }]],
				node: node(auto(FAST), { splitOut: 'body' }),
				payload: DOC_BATCH,
				expect: {
					status: 'error',
					requests: [{ path: '/v1/events', headers: signed(DOC_BATCH), body: DOC_BATCH, status: 502 }],
					accepted: 2,
					error: /item 0/,
					check: lostAnswerCheck({ indexes: [0, 1], continueOnFail: false }),
				},
			},
			{
				name: 'Traintracks Send Batch recorded, then the connection dropped, On Error → Continue (using error output): sent once, both items on the error output with details.mayBeRecorded',
				covers: 'event:sendBatch',
				faults: [['record-then-drop', { times: 1 }]],
				node: node(auto(FAST), { splitOut: 'body', onError: 'continueErrorOutput' }),
				notOnV1: 'its error output takes only items whose JSON is error and message alone; the README says failed items stay on the success output there',
				payload: DOC_BATCH,
				expect: {
					status: 'success',
					requests: [{ path: '/v1/events', headers: signed(DOC_BATCH), body: DOC_BATCH }],
					accepted: 2,
					items: [],
					check: lostAnswerOnErrorOutputCheck({ indexes: [0, 1] }),
				},
			},
		];
	},
};
