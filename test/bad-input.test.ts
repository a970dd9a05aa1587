/**
 * A table of bad inputs across the nodes. For each: a clear message naming
 * the item and the field; no request for the bad item (nock answers only the
 * good ones, and counts); with Continue On Fail the good items of the same
 * execution are still sent; without it nothing at all is sent.
 */
import { forbidNetwork, intercept, type Reply } from './helpers/capture';
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

const providers: Record<string, Provider> = {
	hackleTrack: {
		node: 'hackle',
		credentials: { hackleApi: { sdkSecretKey: 'sdk', apiKey: 'api' } },
		base: 'https://api.hackle.io',
		path: '/v1/track',
		reply: [200],
		goodRequests: 2,
	},
	hacklePush: {
		node: 'hackle',
		credentials: { hackleApi: { sdkSecretKey: 'sdk', apiKey: 'api' } },
		base: 'https://api.hackle.io',
		path: '/v1/push-message/trigger/send',
		reply: [200, { dispatchId: 'd', message: 'success' }],
		goodRequests: 1,
	},
};

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
];

forbidNetwork();

describe.each(rows)('$name', (row) => {
	const provider = providers[row.provider];

	it('names item and field, sends nothing for it, and still sends the others with Continue On Fail', async () => {
		const { requests } = intercept(provider.base, 'POST', provider.path, () => provider.reply, provider.goodRequests);
		const result = await runNode({
			node: provider.node,
			parameters: row.parameters,
			items: [row.good, row.bad, row.good],
			credentials: provider.credentials,
			continueOnFail: true,
		});
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(3);
		const failed = result.items[1].json;
		expect(failed.success).toBe(false);
		expect(failed.error).toContain('item 1');
		expect(failed.error).toContain(row.field);
		expect(result.items[0].json.success).toBe(true);
		expect(result.items[2].json.success).toBe(true);
		expect(requests).toHaveLength(provider.goodRequests);
	});

	it('without Continue On Fail fails the execution before any request', async () => {
		const { requests } = intercept(provider.base, 'POST', provider.path, () => provider.reply, provider.goodRequests);
		const result = await runNode({
			node: provider.node,
			parameters: row.parameters,
			items: [row.good, row.bad, row.good],
			credentials: provider.credentials,
		});
		expect(result.error?.message).toContain('item 1');
		expect(result.error?.message).toContain(row.field);
		expect(requests).toHaveLength(0);
	});
});
