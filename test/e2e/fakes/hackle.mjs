// Fake Hackle, from api-docs/000 (POST /v1/track) and 001 (POST /v1/push-message/trigger/send).
import { checker, isJsonContentType, isNonEmptyString, isObject, isScalar } from './server.mjs';

export const HACKLE_DOCUMENTED = {
	INVALID_API_KEY: { status: 401, body: { code: 'INVALID_API_KEY', message: 'Invalid API key' } },
	API_KEY_NOT_FOUND: { status: 401, body: { code: 'API_KEY_NOT_FOUND', message: 'API key not found' } },
	EXCEED_USER_MAX_LENGTH: { status: 400, body: { code: 'EXCEED_USER_MAX_LENGTH', message: 'Max input length exceeded' } },
	CAMPAIGN_NOT_FOUND: {
		status: 400,
		body: { code: 'CAMPAIGN_NOT_FOUND', message: 'Could not find push message campaign with the given key' },
	},
	EMPTY_IDENTIFIER: { status: 400, body: { code: 'EMPTY_IDENTIFIER', message: 'At least one identifier should be given' } },
};

const MAX_PUSH_USERS = 50;

function scalarMap(c, value, path, onlyStrings = false) {
	if (value === undefined) return;
	if (!c.check(isObject(value), path, 'must be an object')) return;
	for (const [key, v] of Object.entries(value)) {
		c.check(onlyStrings ? typeof v === 'string' : isScalar(v), `${path}.${key}`, onlyStrings ? 'must be a string' : 'must be a string, number or boolean');
	}
}

function optionalId(c, value, path) {
	if (value !== undefined) c.check(isNonEmptyString(value), path, 'must be a non-empty string');
}

/**
 * @param {{ sdkKey: string, apiKey: string, campaigns?: number[] }} keys
 *   sdkKey: the server SDK key /v1/track expects; apiKey: the key push expects;
 *   campaigns: the API-triggered campaigns that exist (others: CAMPAIGN_NOT_FOUND).
 */
export function hackleProvider({ sdkKey, apiKey, campaigns = [1] }) {
	let fastDispatch = 0;
	return {
		name: 'hackle',
		documented: HACKLE_DOCUMENTED,
		// Fast mode (bench): the key, the user limit and the campaign checked; events counted.
		fast: {
			'POST /v1/track': ({ headers, body }) =>
				headers['x-hackle-api-key'] !== sdkKey ? { status: 401, body: HACKLE_DOCUMENTED.INVALID_API_KEY.body, rejected: 'SDK key' } : { status: 200, events: [body] },
			'POST /v1/push-message/trigger/send': ({ headers, body }) => {
				if (headers['x-hackle-api-key'] !== apiKey) return { ...HACKLE_DOCUMENTED.INVALID_API_KEY, rejected: 'INVALID_API_KEY' };
				if (!Array.isArray(body?.users) || body.users.length === 0 || body.users.length > MAX_PUSH_USERS) return { ...HACKLE_DOCUMENTED.EXCEED_USER_MAX_LENGTH, rejected: 'users' };
				if (!campaigns.includes(body.campaignKey)) return { ...HACKLE_DOCUMENTED.CAMPAIGN_NOT_FOUND, rejected: 'CAMPAIGN_NOT_FOUND' };
				fastDispatch++;
				return {
					status: 200,
					body: { dispatchId: `dispatch-${fastDispatch}`, message: 'success' },
					events: body.users.map((user) => ({ campaignKey: body.campaignKey, user })),
				};
			},
		},
		errorBody: (status) => (status === 401 ? HACKLE_DOCUMENTED.INVALID_API_KEY.body : status === 429 ? { code: 'TOO_MANY_REQUESTS', message: 'Too many requests' } : { code: 'INTERNAL_ERROR', message: 'Internal server error' }),
		routes: {
			// 000: 200 on success (no body documented), 400 invalid request, 401 missing or invalid SDK key.
			'POST /v1/track': (request) => {
				if (request.headers['x-hackle-api-key'] !== sdkKey) return { status: 401, rejected: 'X-HACKLE-API-KEY is missing or not the SDK key' };
				const c = checker();
				c.check(isJsonContentType(request), 'Content-Type', 'must be application/json');
				const body = request.body;
				if (c.check(isObject(body), 'body', 'must be a JSON object')) {
					c.onlyKeys(body, ['event', 'user'], '');
					if (c.check(isObject(body.event), 'event', 'is required (object)')) {
						c.onlyKeys(body.event, ['key', 'value', 'properties'], 'event');
						c.check(isNonEmptyString(body.event.key), 'event.key', 'is required (non-empty string)');
						if (body.event.value !== undefined) c.check(typeof body.event.value === 'number' && Number.isFinite(body.event.value), 'event.value', 'must be a number');
						scalarMap(c, body.event.properties, 'event.properties');
					}
					if (c.check(isObject(body.user), 'user', 'is required (object)')) {
						const user = body.user;
						c.onlyKeys(user, ['userId', 'deviceId', 'identifiers', 'properties'], 'user');
						optionalId(c, user.userId, 'user.userId');
						optionalId(c, user.deviceId, 'user.deviceId');
						scalarMap(c, user.identifiers, 'user.identifiers', true);
						scalarMap(c, user.properties, 'user.properties');
						c.check(
							isNonEmptyString(user.userId) || isNonEmptyString(user.deviceId) || (isObject(user.identifiers) && Object.keys(user.identifiers).length > 0),
							'user',
							'needs at least one identifier (userId, deviceId or identifiers)',
						);
					}
				}
				if (c.problems.length) return { status: 400, body: { message: c.problems.join('; ') }, rejected: c.problems.join('; ') };
				return { status: 200, accepted: [body] };
			},

			// 001: API key; campaignKey number; 1..50 users, each userId or deviceId.
			'POST /v1/push-message/trigger/send': (request, fake) => {
				const key = request.headers['x-hackle-api-key'];
				if (!key) return { ...HACKLE_DOCUMENTED.API_KEY_NOT_FOUND, rejected: 'API_KEY_NOT_FOUND' };
				if (key !== apiKey) return { ...HACKLE_DOCUMENTED.INVALID_API_KEY, rejected: 'INVALID_API_KEY' };
				const c = checker();
				c.check(isJsonContentType(request), 'Content-Type', 'must be application/json');
				const body = request.body;
				if (!c.check(isObject(body), 'body', 'must be a JSON object')) return { status: 400, body: { message: c.problems.join('; ') }, rejected: c.problems.join('; ') };
				c.onlyKeys(body, ['campaignKey', 'users'], '');
				c.check(typeof body.campaignKey === 'number' && Number.isInteger(body.campaignKey), 'campaignKey', 'is required (a number)');
				c.check(Array.isArray(body.users) && body.users.length > 0, 'users', 'is required (a non-empty array)');
				if (c.problems.length) return { status: 400, body: { message: c.problems.join('; ') }, rejected: c.problems.join('; ') };
				if (body.users.length > MAX_PUSH_USERS) return { ...HACKLE_DOCUMENTED.EXCEED_USER_MAX_LENGTH, rejected: `EXCEED_USER_MAX_LENGTH (${body.users.length} users)` };
				if (!campaigns.includes(body.campaignKey)) return { ...HACKLE_DOCUMENTED.CAMPAIGN_NOT_FOUND, rejected: `CAMPAIGN_NOT_FOUND (${body.campaignKey})` };
				for (const [i, user] of body.users.entries()) {
					if (!c.check(isObject(user), `users[${i}]`, 'must be an object')) continue;
					c.onlyKeys(user, ['userId', 'deviceId', 'apiProperties'], `users[${i}]`);
					optionalId(c, user.userId, `users[${i}].userId`);
					optionalId(c, user.deviceId, `users[${i}].deviceId`);
					scalarMap(c, user.apiProperties, `users[${i}].apiProperties`);
					if (!isNonEmptyString(user.userId) && !isNonEmptyString(user.deviceId)) {
						return { ...HACKLE_DOCUMENTED.EMPTY_IDENTIFIER, rejected: `EMPTY_IDENTIFIER (users[${i}])` };
					}
				}
				if (c.problems.length) return { status: 400, body: { message: c.problems.join('; ') }, rejected: c.problems.join('; ') };
				const dispatchId = fake.nextId();
				return {
					status: 200,
					body: { dispatchId, message: 'success' },
					accepted: body.users.map((user) => ({ campaignKey: body.campaignKey, user, dispatchId })),
				};
			},
		},
	};
}
