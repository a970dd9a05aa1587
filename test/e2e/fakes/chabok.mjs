// Fake Chabok, from api-docs/004 and the README's facts: POST
// /api/installations/track (one event object, or an array of at most 1,000)
// and /api/installations/trackPurchase (one object, revenue required), each
// with X-Access-Token. Each event names installationId or userId.
import { checker, isJsonContentType, isNonEmptyString, isObject } from './server.mjs';

const MAX_BULK = 1000;

function checkEvent(c, event, at, purchase) {
	if (!c.check(isObject(event), at || 'body', 'must be an object')) return;
	const prefix = at ? `${at}.` : '';
	c.onlyKeys(event, ['installationId', 'userId', 'eventName', 'eventTime', 'eventData', ...(purchase ? ['revenue', 'currency'] : [])], at);
	const byInstallation = event.installationId !== undefined;
	const byUser = event.userId !== undefined;
	c.check(byInstallation !== byUser, `${prefix}installationId|userId`, 'exactly one of installationId or userId is required');
	if (byInstallation) c.check(isNonEmptyString(event.installationId), `${prefix}installationId`, 'must be a non-empty string');
	if (byUser) c.check(isNonEmptyString(event.userId), `${prefix}userId`, 'must be a non-empty string');
	c.check(isNonEmptyString(event.eventName), `${prefix}eventName`, 'is required');
	// Epoch milliseconds (the document's example: 1575965125110). The document
	// gives no range, so the fake follows the node (nodes/Chabok/schemas.ts): a
	// non-negative integer. (It used to refuse anything before 2001 as "seconds",
	// which would refuse a real backfilled event the node rightly sends.)
	if (event.eventTime !== undefined) {
		c.check(Number.isInteger(event.eventTime) && event.eventTime >= 0, `${prefix}eventTime`, 'must be epoch milliseconds (a non-negative integer)');
	}
	if (event.eventData !== undefined) c.check(isObject(event.eventData), `${prefix}eventData`, 'must be an object');
	if (purchase) {
		c.check(typeof event.revenue === 'number' && Number.isFinite(event.revenue), `${prefix}revenue`, 'is required (a number)');
		if (event.currency !== undefined) c.check(isNonEmptyString(event.currency), `${prefix}currency`, 'must be a non-empty string');
	}
}

/** @param {{ accessToken: string }} keys  the token Chabok expects in X-Access-Token */
export function chabokProvider({ accessToken }) {
	const auth = (request) =>
		request.headers['x-access-token'] === accessToken ? undefined : { status: 401, body: { message: 'Unauthorized' }, rejected: 'X-Access-Token is not the access token' };
	const answer = (c, accepted) =>
		c.problems.length
			? { status: 400, body: { message: c.problems.join('; ') }, rejected: c.problems.join('; ') }
			: // The documents name no success body; the fake answers {"count": n}.
				{ status: 200, body: { count: accepted.length }, accepted };
	return {
		name: 'chabok',
		documented: {},
		// Fast mode (bench): the token and the bulk limit checked; events counted.
		fast: {
			'POST /api/installations/track': ({ headers, body }) => {
				if (headers['x-access-token'] !== accessToken) return { status: 401, body: { message: 'Unauthorized' }, rejected: 'token' };
				const events = Array.isArray(body) ? body : [body];
				if (events.length === 0 || events.length > MAX_BULK) return { status: 400, body: { message: 'bulk size' }, rejected: `bulk of ${events.length}` };
				return { status: 200, body: { count: events.length }, events };
			},
			'POST /api/installations/trackPurchase': ({ headers, body }) =>
				headers['x-access-token'] !== accessToken ? { status: 401, body: { message: 'Unauthorized' }, rejected: 'token' } : { status: 200, body: { count: 1 }, events: [body] },
		},
		errorBody: (status) => ({ message: status === 401 ? 'Unauthorized' : status === 429 ? 'Too Many Requests' : 'Internal Server Error' }),
		routes: {
			'POST /api/installations/track': (request) => {
				const denied = auth(request);
				if (denied) return denied;
				const c = checker();
				c.check(isJsonContentType(request), 'Content-Type', 'must be application/json');
				const body = request.body;
				if (Array.isArray(body)) {
					c.check(body.length > 0 && body.length <= MAX_BULK, 'body', `must hold 1 to ${MAX_BULK} events`);
					body.forEach((event, i) => checkEvent(c, event, `[${i}]`, false));
					return answer(c, body);
				}
				checkEvent(c, body, '', false);
				return answer(c, [body]);
			},
			'POST /api/installations/trackPurchase': (request) => {
				const denied = auth(request);
				if (denied) return denied;
				const c = checker();
				c.check(isJsonContentType(request), 'Content-Type', 'must be application/json');
				checkEvent(c, request.body, '', true);
				return answer(c, [request.body]);
			},
		},
	};
}
