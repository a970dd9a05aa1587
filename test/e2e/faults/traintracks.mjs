// Traintracks under faults: Send Batch with Batch Size 4 (2,000 events make
// 500 signed requests). Traintracks documents no error bodies; the fake's
// 400/401 stand in.
import crypto from 'node:crypto';

const uuid = (text) => {
	const hex = crypto.createHash('md5').update(text).digest('hex');
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-1${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
};

/** @type {import('../faults.mjs').FaultModule} */
export default {
	provider: 'traintracks',
	credentials: ({ fake, keys }) => [
		{
			id: 'faultsTraintr001',
			name: 'Traintracks (faults)',
			type: 'traintracksApi',
			data: { productKey: keys.productKey, productSecret: keys.productSecret, endpointUrl: `${fake.baseUrl}/v1/events`, remoteAddress: '203.0.113.7' },
		},
	],
	scenarios: () => [
		{
			id: 'traintracks-batch',
			name: 'Traintracks Send Batch',
			node: { type: 'traintracks', name: 'Traintracks', credential: 'Traintracks (faults)', parameters: { resource: 'event', operation: 'sendBatch', inputMode: 'auto', sourcePath: '' } },
			options: { batchSize: 4 },
			event: (key, i) => ({
				build: '2.0.0',
				clientTimestamp: `2024-05-01T10:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}.${String(i).padStart(6, '0')}+09:00`,
				data: { key, n: i },
				device: 'Pixel 8',
				eventType: 'fault_test',
				userId: uuid(`user|${i % 50}`),
				userName: `player${i % 50}`,
				sessionId: uuid(`session|${Math.floor(i / 10)}`),
			}),
			keyOf: (o) => o?.data?.key,
		},
	],
};
