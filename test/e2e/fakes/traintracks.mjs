// Fake Traintracks, from api-docs/003 (POST <endpoint>, e.g. /v1/events): a
// JSON array of events; X-Product-Key, X-Product-Auth = md5(raw body + product
// secret) recomputed here from the bytes received, Remote-Address.
import crypto from 'node:crypto';
import net from 'node:net';

import { checker, isJsonContentType, isNonEmptyString, isObject, UUID } from './server.mjs';

/** "YYYY-MM-DD'T'HH:mm:ss.SSSSSSZZ", e.g. 2012-03-14T02:33:42.416587-07:00 */
export const TRAINTRACKS_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}[+-]\d{2}:\d{2}$/;
const FIELDS = ['build', 'clientTimestamp', 'data', 'device', 'eventType', 'userId', 'userName', 'sessionId', 'serverTimestamp', 'location'];
const REQUIRED = ['build', 'clientTimestamp', 'data', 'device', 'eventType', 'userId', 'userName', 'sessionId'];

export function traintracksSignature(rawBytes, secret) {
	return crypto.createHash('md5').update(Buffer.concat([Buffer.from(rawBytes), Buffer.from(secret, 'utf8')])).digest('hex');
}

/**
 * @param {{ productKey: string, productSecret: string, path?: string, required?: string[] }} keys
 *   required: the fields every event must carry (the document lists 1-8 as attributes, 9-10 as optional).
 */
export function traintracksProvider({ productKey, productSecret, path = '/v1/events', required = REQUIRED }) {
	return {
		name: 'traintracks',
		documented: {},
		// Fast mode (bench): the product key and the md5 signature of the raw bytes checked; events counted.
		fast: {
			[`POST ${path}`]: ({ headers, raw, body }) => {
				if (headers['x-product-key'] !== productKey) return { status: 401, body: { error: 'unknown X-Product-Key' }, rejected: 'product key' };
				if (headers['x-product-auth'] !== traintracksSignature(raw, productSecret)) return { status: 401, body: { error: 'X-Product-Auth' }, rejected: 'signature' };
				if (!Array.isArray(body) || body.length === 0) return { status: 400, body: { error: 'not an array' }, rejected: 'not an array' };
				return { status: 200, body: { accepted: body.length }, events: body };
			},
		},
		errorBody: (status) => ({ error: status === 401 ? 'unauthorized' : status === 429 ? 'too many requests' : 'internal error' }),
		routes: {
			[`POST ${path}`]: (request) => {
				// The document names no error answers; the fake uses 401 for auth, 400 for the body.
				if (request.headers['x-product-key'] !== productKey) return { status: 401, body: { error: 'unknown X-Product-Key' }, rejected: 'X-Product-Key is not the product key' };
				const expected = traintracksSignature(request.rawBytes, productSecret);
				if (request.headers['x-product-auth'] !== expected) {
					return { status: 401, body: { error: 'X-Product-Auth does not match md5(body + secret)' }, rejected: `X-Product-Auth ${request.headers['x-product-auth']} is not md5(raw body + secret) ${expected}` };
				}
				const c = checker();
				c.check(net.isIP(request.headers['remote-address'] ?? '') !== 0, 'Remote-Address', 'header must be an IP address');
				c.check(isJsonContentType(request), 'Content-Type', 'must be application/json');
				const events = request.body;
				if (c.check(Array.isArray(events) && events.length > 0, 'body', 'must be a non-empty JSON array of events')) {
					for (const [i, event] of events.entries()) {
						const at = `[${i}]`;
						if (!c.check(isObject(event), at, 'must be an object')) continue;
						c.onlyKeys(event, FIELDS, at);
						for (const name of required) c.check(event[name] !== undefined, `${at}.${name}`, 'is required');
						for (const name of ['build', 'device', 'userName']) {
							if (event[name] !== undefined) c.check(typeof event[name] === 'string', `${at}.${name}`, 'must be a string');
						}
						if (event.eventType !== undefined) c.check(isNonEmptyString(event.eventType) && !event.eventType.includes('.'), `${at}.eventType`, 'must be a non-empty string without periods');
						for (const name of ['userId', 'sessionId']) {
							if (event[name] !== undefined) c.check(typeof event[name] === 'string' && UUID.test(event[name]), `${at}.${name}`, 'must be a UUID');
						}
						for (const name of ['clientTimestamp', 'serverTimestamp']) {
							if (event[name] !== undefined) c.check(typeof event[name] === 'string' && TRAINTRACKS_TIME.test(event[name]), `${at}.${name}`, 'must be YYYY-MM-DDTHH:mm:ss.SSSSSS+HH:MM');
						}
						if (event.data !== undefined) c.check(isObject(event.data) || Array.isArray(event.data), `${at}.data`, 'must be a JSON object or array');
						if (event.location !== undefined && c.check(isObject(event.location), `${at}.location`, 'must be an object')) {
							const { lat, lon } = event.location;
							c.onlyKeys(event.location, ['lat', 'lon'], `${at}.location`);
							c.check(typeof lat === 'number' && lat >= -90 && lat <= 90, `${at}.location.lat`, 'must be a number in -90..90');
							c.check(typeof lon === 'number' && lon >= -180 && lon <= 180, `${at}.location.lon`, 'must be a number in -180..180');
						}
					}
				}
				if (c.problems.length) return { status: 400, body: { error: c.problems.join('; ') }, rejected: c.problems.join('; ') };
				// The document names no success body; the fake answers with the count it accepted.
				return { status: 200, body: { accepted: events.length }, accepted: events };
			},
		},
	};
}
