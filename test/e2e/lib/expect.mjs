// Comparisons that return a list of problems (empty = pass), so one check can
// report everything that is wrong at once.
import { isDeepStrictEqual } from 'node:util';

/** `expected` is a subset of `actual`: objects by key, arrays element by element (same length), RegExp tests strings. */
export function matches(actual, expected, path = '') {
	if (expected instanceof RegExp) {
		return typeof actual === 'string' && expected.test(actual) ? [] : [`${path || 'value'}: ${JSON.stringify(actual)} does not match ${expected}`];
	}
	if (Array.isArray(expected)) {
		if (!Array.isArray(actual)) return [`${path}: expected an array, got ${JSON.stringify(actual)}`];
		if (actual.length !== expected.length) return [`${path}: expected ${expected.length} elements, got ${actual.length}: ${JSON.stringify(actual).slice(0, 400)}`];
		return expected.flatMap((e, i) => matches(actual[i], e, `${path}[${i}]`));
	}
	if (expected && typeof expected === 'object') {
		if (!actual || typeof actual !== 'object') return [`${path}: expected an object, got ${JSON.stringify(actual)}`];
		return Object.entries(expected).flatMap(([key, value]) => matches(actual[key], value, path ? `${path}.${key}` : key));
	}
	return isDeepStrictEqual(actual, expected) ? [] : [`${path || 'value'}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`];
}

/** Exact equality of two header maps, listing missing, extra and different headers. */
export function sameHeaders(actual, expected, path = 'headers') {
	const problems = [];
	for (const [key, value] of Object.entries(expected)) {
		if (!(key in actual)) problems.push(`${path}: missing ${key}`);
		else if (actual[key] !== value) problems.push(`${path}: ${key} is ${JSON.stringify(actual[key])}, expected ${JSON.stringify(value)}`);
	}
	for (const key of Object.keys(actual)) if (!(key in expected)) problems.push(`${path}: unexpected ${key}: ${JSON.stringify(actual[key])}`);
	return problems;
}

/**
 * What n8n's request helper sends on every JSON call of ours, besides the credential's headers.
 * Connection: "close" on 2.x and on 1.123.81, "keep-alive" on 1.85.4 (seen in runs; the 1.x releases
 * between were not run: taken as 1.85's below 1.123).
 */
export function n8nBaseHeaders(rawBody, fake, version = '2') {
	const [major, minor] = version.split('.').map(Number);
	return {
		accept: 'application/json',
		'content-type': 'application/json',
		'content-length': String(Buffer.byteLength(rawBody)),
		'user-agent': 'n8n',
		'accept-encoding': 'gzip, compress, deflate, br',
		connection: major === 1 && minor < 123 ? 'keep-alive' : 'close',
		host: `127.0.0.1:${fake.port}`,
	};
}
