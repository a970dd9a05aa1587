// Fake Chabok, from api-docs/004 and the README's facts: POST
// /api/installations/track (one event object) and /api/installations/trackPurchase
// (one object, revenue required), and the bulk endpoint of chabok-io/chabok-docs
// (rest-api/bulk-send-event.md, its latest version) POST /api/installations/trackBulk
// (a JSON array of at most 1,000 events, by userId or installationId; answer
// {"queued": true, "n": N}, N the events queued). Each with X-Access-Token. An
// array sent to /track is refused (400): the page moved arrays to trackBulk.
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
	// The documents name no success body for track and trackPurchase: the fake answers {"count": 1} there,
	// and trackBulk's documented {"queued": true, "n": N}.
	const answer = (c, accepted, success = { count: accepted.length }) =>
		c.problems.length ? { status: 400, body: { message: c.problems.join('; ') }, rejected: c.problems.join('; ') } : { status: 200, body: success, accepted };
	return {
		name: 'chabok',
		documented: {},
		// Fast mode (bench): the token and the bulk limit checked; events counted.
		fast: {
			'POST /api/installations/track': ({ headers, body }) => {
				if (headers['x-access-token'] !== accessToken) return { status: 401, body: { message: 'Unauthorized' }, rejected: 'token' };
				if (Array.isArray(body)) return { status: 400, body: { message: 'an array goes to trackBulk' }, rejected: 'array on track' };
				return { status: 200, body: { count: 1 }, events: [body] };
			},
			'POST /api/installations/trackBulk': ({ headers, body }) => {
				if (headers['x-access-token'] !== accessToken) return { status: 401, body: { message: 'Unauthorized' }, rejected: 'token' };
				if (!Array.isArray(body) || body.length === 0 || body.length > MAX_BULK) return { status: 400, body: { message: 'bulk size' }, rejected: 'bulk size' };
				return { status: 200, body: { queued: true, n: body.length }, events: body };
			},
			'POST /api/installations/trackPurchase': ({ headers, body }) =>
				headers['x-access-token'] !== accessToken ? { status: 401, body: { message: 'Unauthorized' }, rejected: 'token' } : { status: 200, body: { count: 1 }, events: [body] },
		},
		// The "partial" fault: Chabok queued only the first `kept` events and says how many, not which.
		partialAnswer: (answer, kept) => ({ ...answer, body: { queued: true, n: kept.length }, accepted: kept }),
		errorBody: (status) => ({ message: status === 401 ? 'Unauthorized' : status === 429 ? 'Too Many Requests' : 'Internal Server Error' }),
		routes: {
			'POST /api/installations/track': (request) => {
				const denied = auth(request);
				if (denied) return denied;
				const c = checker();
				c.check(isJsonContentType(request), 'Content-Type', 'must be application/json');
				const body = request.body;
				if (!c.check(!Array.isArray(body), 'body', 'must be one event object (an array goes to /installations/trackBulk)')) return answer(c, []);
				checkEvent(c, body, '', false);
				return answer(c, [body]);
			},
			'POST /api/installations/trackBulk': (request) => {
				const denied = auth(request);
				if (denied) return denied;
				const c = checker();
				c.check(isJsonContentType(request), 'Content-Type', 'must be application/json');
				const body = request.body;
				if (c.check(Array.isArray(body), 'body', 'must be a JSON array of events')) {
					c.check(body.length > 0 && body.length <= MAX_BULK, 'body', `must hold 1 to ${MAX_BULK} events`);
					body.forEach((event, i) => checkEvent(c, event, `[${i}]`, false));
				}
				const events = Array.isArray(body) ? body : [];
				return answer(c, events, { queued: true, n: events.length });
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
