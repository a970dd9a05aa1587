import { DateTime } from 'luxon';
import { z } from 'zod';

import { pool } from '../nodes/shared/batches';
import { DEFAULT_SETTINGS } from '../nodes/shared/options';
import { redact } from '../nodes/shared/redact';
import { backoffMs, retryAfterMs } from '../nodes/shared/retry';
import type { INode } from 'n8n-workflow';

import { describeZodIssues, FieldError, formatPath, MAX_LISTED_PROBLEMS, validationError } from '../nodes/shared/errors';
import { classifyNetworkError, parseBody } from '../nodes/shared/http';
import { getPath, keyValueToObject, parseJsonArray, parseJsonObject } from '../nodes/shared/properties';
import { datesToIsoUtc, isMicrosecondTimestamp, parseTime, toEpochMillis, toIsoUtc, toMicrosecondTimestamp } from '../nodes/shared/time';
import { checkBaseUrl } from '../nodes/shared/url';

describe('time', () => {
	it.each([
		['2012-03-14T02:33:42.416587-07:00', '2012-03-14T02:33:42.416587-07:00'],
		['2012-03-14T09:33:42.416587Z', '2012-03-14T09:33:42.416587+00:00'],
		['2012-03-14T02:33:42+05:30', '2012-03-14T02:33:42.000000+05:30'],
		['2012-03-14T02:33:42.4Z', '2012-03-14T02:33:42.400000+00:00'],
		['2012-03-14 02:33:42', '2012-03-14T02:33:42.000000+00:00'],
		['2012-03-14T02:33:42', '2012-03-14T02:33:42.000000+00:00'],
	])('keeps offset and microseconds of %s', (input, expected) => {
		expect(toMicrosecondTimestamp(parseTime(input, 't'))).toBe(expected);
	});

	it('a text already in the sent form (isMicrosecondTimestamp) is exactly what parsing and writing it would give', () => {
		// Every day of a leap and a common year, the edges of the clock, offsets
		// east and west, and texts Luxon refuses or rewrites.
		const texts: string[] = [];
		for (const year of [1, 1900, 2000, 2023, 2024, 9999]) {
			for (let month = 1; month <= 12; month++) {
				for (const day of [1, 28, 29, 30, 31, 32]) {
					for (const [time, offset] of [
						['00:00:00.000000', '+00:00'],
						['23:59:59.999999', '-07:00'],
						['12:30:45.416587', '+05:45'],
						['02:33:42.570000', '+14:00'],
						['02:33:42.000001', '-12:00'],
					]) {
						texts.push(`${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}T${time}${offset}`);
					}
				}
			}
		}
		texts.push(
			'0000-01-01T00:00:00.000000+00:00',
			'2024-01-01T24:00:00.000000+00:00',
			'2024-01-01T23:60:00.000000+00:00',
			'2024-01-01T23:59:60.000000+00:00',
			'2024-01-01T10:00:00.000000-00:00',
			'2024-01-01T10:00:00.000000+14:30',
			'2024-01-01T10:00:00.000000+05:07',
			'2024-00-01T10:00:00.000000+00:00',
			'2024-13-01T10:00:00.000000+00:00',
			'2024-01-01T10:00:00.00000+00:00',
			'2024-01-01T10:00:00.000000Z',
			' 2024-01-01T10:00:00.000000+00:00',
		);
		let fast = 0;
		for (const text of texts) {
			let full: string | undefined;
			try {
				full = toMicrosecondTimestamp(parseTime(text, 't'));
			} catch {
				full = undefined;
			}
			if (isMicrosecondTimestamp(text)) {
				fast++;
				expect([text, full]).toEqual([text, text]);
			}
		}
		// Texts Luxon refuses (day 32, 24:00, second 60) or rewrites (-00:00, Z) are turned down.
		for (const text of ['2023-02-29T00:00:00.000000+00:00', '2024-01-01T24:00:00.000000+00:00', '2024-01-01T23:59:60.000000+00:00', '2024-01-01T10:00:00.000000-00:00', '2024-01-01T10:00:00.000000Z']) {
			expect([text, isMicrosecondTimestamp(text)]).toEqual([text, false]);
		}
		expect(fast).toBeGreaterThan(1500);
	});

	it('reads epoch seconds and milliseconds, as numbers or text', () => {
		expect(toEpochMillis(parseTime(1575965125, 't'))).toBe(1575965125000);
		expect(toEpochMillis(parseTime(1575965125110, 't'))).toBe(1575965125110);
		expect(toEpochMillis(parseTime('1575965125110', 't'))).toBe(1575965125110);
		expect(toMicrosecondTimestamp(parseTime(1575965125.110123, 't'))).toBe('2019-12-10T08:05:25.110123+00:00');
	});

	it('reads Luxon DateTime in its own zone and JS Date in UTC', () => {
		const dt = DateTime.fromISO('2020-02-06T15:42:25.408+03:30', { setZone: true });
		expect(toMicrosecondTimestamp(parseTime(dt, 't'))).toBe('2020-02-06T15:42:25.408000+03:30');
		expect(toIsoUtc(parseTime(new Date('2020-02-06T12:12:25.408Z'), 't'))).toBe('2020-02-06T12:12:25.408Z');
	});

	it.each([['yesterday'], ['2020-13-45'], [Number.NaN], [Infinity], [new Date('x')], [{}], [true]])(
		'rejects %p with a FieldError naming the field',
		(value) => {
			expect(() => parseTime(value, 'eventTime')).toThrow(FieldError);
			expect(() => parseTime(value, 'eventTime')).toThrow(/^eventTime /);
		},
	);

	it('turns Dates and DateTimes inside data into ISO UTC strings and keeps the rest', () => {
		const data = {
			orderDate: new Date('2020-02-06T12:12:25.408Z'),
			nested: { at: DateTime.fromISO('2020-02-06T15:42:25.408+03:30', { setZone: true }) },
			isNew: true,
			avgOrder: 2.4,
			categories: ['comedy', 'action'],
			text: '2020-02-06T12:12:25.408Z',
		};
		expect(datesToIsoUtc(data)).toEqual({
			orderDate: '2020-02-06T12:12:25.408Z',
			nested: { at: '2020-02-06T12:12:25.408Z' },
			isNew: true,
			avgOrder: 2.4,
			categories: ['comedy', 'action'],
			text: '2020-02-06T12:12:25.408Z',
		});
	});

	it('copies only the objects on the way to a date, and nothing when there is none', () => {
		const plain = { a: { b: [1, 'x', { c: null }] }, d: 'e' };
		expect(datesToIsoUtc(plain)).toBe(plain);
		const kept = { k: 1 };
		const list = [kept, new Date('2020-02-06T12:12:25.408Z'), 'z'];
		const data = { first: kept, list, last: 'y' };
		const converted = datesToIsoUtc(data) as { first: unknown; list: unknown[]; last: unknown };
		expect(converted).toEqual({ first: { k: 1 }, list: [{ k: 1 }, '2020-02-06T12:12:25.408Z', 'z'], last: 'y' });
		expect(Object.keys(converted)).toEqual(['first', 'list', 'last']);
		expect(converted).not.toBe(data);
		expect(converted.first).toBe(kept);
		expect(converted.list[0]).toBe(kept);
		expect(list[1]).toBeInstanceOf(Date);
	});

	it('writes microsecond timestamps exactly as Luxon formats them, every offset and year', () => {
		const luxon = (dt: DateTime, micros: number) => `${dt.toFormat("yyyy-MM-dd'T'HH:mm:ss.SSS")}${String(micros).padStart(3, '0')}${dt.toFormat('ZZ')}`;
		const cases: Array<[DateTime, number]> = [
			[DateTime.fromISO('2012-03-14T02:33:42.416-07:00', { setZone: true }), 587],
			[DateTime.fromISO('0999-01-02T03:04:05.006+14:00', { setZone: true }), 7],
			[DateTime.fromISO('2020-02-06T15:42:25.408+03:30', { setZone: true }), 0],
			[DateTime.fromISO('2020-02-06T15:42:25.408-09:30', { setZone: true }), 999],
			[DateTime.fromISO('2020-06-01T00:00:00.000', { zone: 'Asia/Tehran' }), 10],
			[DateTime.fromMillis(0, { zone: 'utc' }), 0],
			[DateTime.fromObject({ year: 12345, month: 1, day: 1 }, { zone: 'utc' }), 1],
			[DateTime.fromObject({ year: -5, month: 1, day: 1 }, { zone: 'utc' }), 1],
		];
		for (const [dateTime, micros] of cases) {
			expect(dateTime.isValid).toBe(true);
			expect(toMicrosecondTimestamp({ dateTime, micros })).toBe(luxon(dateTime, micros));
		}
	});
});

describe('properties', () => {
	it('keeps types from JSON and from key/value rows', () => {
		expect(parseJsonObject('{"a": 1, "b": true, "c": [1], "d": {"e": null}}', 'p')).toEqual({ a: 1, b: true, c: [1], d: { e: null } });
		expect(keyValueToObject([{ key: 'a', value: 'x' }, { key: ' b ', value: 3 }], 'p')).toEqual({ a: 'x', b: 3 });
	});

	it.each([
		['{"a": ', /^props is not valid JSON/],
		['[1, 2]', /^props must be a JSON object/],
		['"text"', /^props must be a JSON object/],
	])('rejects %s', (text, message) => {
		expect(() => parseJsonObject(text, 'props')).toThrow(message);
	});

	it('rejects empty and duplicate keys', () => {
		expect(() => keyValueToObject([{ key: '', value: 1 }], 'props')).toThrow('props[0].key is empty');
		expect(() => keyValueToObject([{ key: 'a' }, { key: 'a' }], 'props')).toThrow('props.a is given twice');
	});

	it('reads arrays and dot-paths', () => {
		expect(parseJsonArray('[{"a":1}]', 'items')).toEqual([{ a: 1 }]);
		expect(() => parseJsonArray('{}', 'items')).toThrow('items must be a JSON array');
		expect(getPath({ body: { event: { key: 'k' } } }, 'body.event')).toEqual({ key: 'k' });
		expect(getPath({ body: 1 }, 'body.event')).toBeUndefined();
		expect(getPath({ a: 1 }, '')).toEqual({ a: 1 });
	});
});

describe('errors', () => {
	it('names the field path of every zod issue', () => {
		const schema = z.object({ users: z.array(z.object({ id: z.string() }).strict()) }).strict();
		const result = schema.safeParse({ users: [{ id: 'a' }, { id: 3, x: 1 }], extra: true });
		expect(result.success).toBe(false);
		if (!result.success) {
			expect(describeZodIssues(result.error)).toEqual([
				'users[1].id must be string, got number',
				"users[1] has field(s) the provider does not document: x",
				'(body) has field(s) the provider does not document: extra',
			]);
		}
		expect(formatPath(['a', 0, 'b'])).toBe('a[0].b');
	});
});

describe('base URL', () => {
	it.each([
		['https://api.hackle.io/', 'https://api.hackle.io'],
		['http://127.0.0.1:8080', 'http://127.0.0.1:8080'],
		['http://localhost:1/x/', 'http://localhost:1/x'],
		['http://[::1]:9/', 'http://[::1]:9'],
	])('accepts %s', (input, expected) => expect(checkBaseUrl(input, 'u')).toBe(expected));

	it.each([
		['ftp://x.io', 'scheme "ftp"'],
		['http://example.com', 'http is allowed only to this machine'],
		['http://127.0.0.1.evil.com', 'http is allowed only to this machine'],
		['https://user:pw@x.io', 'user name or password'],
		['https://x.io/?a=1', 'query'],
		['not a url', 'not a valid URL'],
		['', 'is empty'],
	])('rejects %s', (input, text) => expect(() => checkBaseUrl(input, 'u')).toThrow(text));
});

describe('http', () => {
	it('reads Retry-After in seconds and as an HTTP-date', () => {
		const now = Date.parse('2026-01-01T00:00:00Z');
		expect(retryAfterMs({ 'retry-after': '3' }, now)).toBe(3000);
		expect(retryAfterMs({ 'retry-after': 'Thu, 01 Jan 2026 00:00:05 GMT' }, now)).toBe(5000);
		expect(retryAfterMs({}, now)).toBeUndefined();
		expect(retryAfterMs({ 'retry-after': 'soon' }, now)).toBeUndefined();
	});

	// A negative, garbage or past Retry-After used to mean "retry at once"
	// (Date.parse reads "-5" as the year -5): it now falls back to backoff.
	it.each([['-5'], ['-0.5'], ['0x10'], ['1e3'], ['Wed, 31 Dec 2025 23:00:00 GMT'], ['  '], ['Thu, 99 Foo 2026']])(
		'ignores Retry-After %j (backoff applies)',
		(value) => {
			expect(retryAfterMs({ 'retry-after': value }, Date.parse('2026-01-01T00:00:00Z'))).toBeUndefined();
		},
	);

	it('classifies network failures along the cause chain', () => {
		const wrap = (inner: object) => Object.assign(new Error('wrapped'), { cause: inner });
		const seen = (error: unknown) => {
			const { kind, retry, mayBeRecorded } = classifyNetworkError(error);
			return { kind, retry, mayBeRecorded: mayBeRecorded === true };
		};
		// Dropped after the connection opened: the request may have been written and recorded.
		expect(seen(wrap({ code: 'ECONNRESET', message: 'socket hang up' }))).toEqual({ kind: 'dropped', retry: true, mayBeRecorded: true });
		expect(seen(new Error('socket hang up'))).toEqual({ kind: 'dropped', retry: true, mayBeRecorded: true });
		expect(seen(wrap({ code: 'EPIPE' }))).toEqual({ kind: 'dropped', retry: true, mayBeRecorded: true });
		// Never left: nothing can have been recorded.
		expect(seen(wrap({ code: 'ECONNREFUSED' }))).toEqual({ kind: 'notSent', retry: true, mayBeRecorded: false });
		expect(seen(wrap({ code: 'EAI_AGAIN' }))).toEqual({ kind: 'notSent', retry: true, mayBeRecorded: false });
		expect(seen(wrap({ code: 'ECONNABORTED', message: 'timeout of 100ms exceeded' }))).toEqual({ kind: 'timeout', retry: true, mayBeRecorded: true });
		expect(seen(wrap(Object.assign(new Error('wrapped'), { cause: new Error('socket hang up') })))).toEqual({ kind: 'dropped', retry: true, mayBeRecorded: true });
		// Anything else cannot be placed (n8n 1.123 hands back a dropped connection without a code):
		// it may have been recorded, and it is never resent.
		expect(seen(wrap({ code: 'ERR_CANCELED' }))).toEqual({ kind: 'other', retry: false, mayBeRecorded: true });
		expect(seen(new Error('Request failed'))).toEqual({ kind: 'other', retry: false, mayBeRecorded: true });
	});

	it('parses JSON bodies and keeps malformed ones as text', () => {
		expect(parseBody('{"a":1}')).toEqual({ body: { a: 1 }, rawBody: '{"a":1}' });
		expect(parseBody('{"a":')).toEqual({ body: '{"a":', rawBody: '{"a":' });
		expect(parseBody('')).toEqual({ body: undefined, rawBody: '' });
	});
});

describe('delivery helpers', () => {
	it('backs off exponentially with jitter, capped', () => {
		const settings = { ...DEFAULT_SETTINGS, retryDelayMs: 100, maxRetryWaitMs: 1000 };
		expect(backoffMs(0, settings, () => 0)).toBe(50);
		expect(backoffMs(0, settings, () => 1)).toBe(100);
		expect(backoffMs(2, settings, () => 0.5)).toBe(300);
		expect(backoffMs(10, settings, () => 1)).toBe(1000);
	});

	it('runs at most `limit` tasks at once and keeps result order', async () => {
		let active = 0;
		let peak = 0;
		const results = await pool([5, 1, 3, 2, 4, 0], 2, async (n) => {
			active++;
			peak = Math.max(peak, active);
			await Promise.resolve();
			active--;
			return n * 10;
		});
		expect(results).toEqual([50, 10, 30, 20, 40, 0]);
		expect(peak).toBe(2);
	});

	it('redacts secrets from strings and objects', () => {
		expect(redact('token sk-123456 leaked', ['sk-123456'])).toBe('token [redacted] leaked');
		expect(redact({ a: { b: 'x sk-123456' } }, ['sk-123456'])).toEqual({ a: { b: 'x [redacted]' } });
		expect(redact('abc', ['ab'])).toBe('abc');
	});

	it('redacts a secret with quotes and backslashes however JSON wrote it, keys included', () => {
		const secret = 'pa"ss\\word';
		const body = { message: `bad ${secret}`, [secret]: [secret], at: DateTime.fromISO('2020-01-01T00:00:00Z', { zone: 'utc' }) };
		// In a description: the body as JSON text (escaped once), or JSON inside JSON (escaped twice).
		const described = JSON.stringify(body);
		expect(described).not.toContain(secret);
		expect(redact(described, [secret])).toBe(
			'{"message":"bad [redacted]","[redacted]":["[redacted]"],"at":"2020-01-01T00:00:00.000Z"}',
		);
		expect(redact(JSON.stringify({ detail: described }), [secret])).not.toContain(JSON.stringify(secret).slice(1, -1));
		const cleaned = redact(body, [secret]);
		expect(cleaned).toEqual({ message: 'bad [redacted]', '[redacted]': ['[redacted]'], at: body.at });
		// Untouched values are returned as they are.
		const clean = { a: [1, { b: 'c' }] };
		expect(redact(clean, [secret])).toBe(clean);
	});

	it('copies only what holds a secret, keeps order and untouched parts, and follows a secrets list that changed', () => {
		const secrets = ['sk-123456'];
		const untouched = { n: 1 };
		const value = { first: 'a', list: ['x', untouched, 'sk-123456 here', 'y'], same: untouched, last: 'b' };
		const cleaned = redact(value, secrets);
		expect(cleaned).toEqual({ first: 'a', list: ['x', { n: 1 }, '[redacted] here', 'y'], same: { n: 1 }, last: 'b' });
		expect(Object.keys(cleaned)).toEqual(['first', 'list', 'same', 'last']);
		expect(cleaned.list[1]).toBe(untouched);
		expect(cleaned.same).toBe(untouched);
		expect(value.list[2]).toBe('sk-123456 here');
		// The forms are cached per list; a list that gained a secret is read again.
		expect(redact('tok-7890 and sk-123456', secrets)).toBe('tok-7890 and [redacted]');
		secrets.push('tok-7890');
		expect(redact('tok-7890 and sk-123456', secrets)).toBe('[redacted] and [redacted]');
		// A secret inside a secret-free object key later in the object.
		expect(redact({ a: 1, 'key sk-123456': 2 }, secrets)).toEqual({ a: 1, 'key [redacted]': 2 });
	});
});

describe('validationError', () => {
	const node = { name: 'Node' } as INode;

	it('keeps the message and description readable however many or long the problems are', () => {
		const problems = Array.from({ length: 100_000 }, (_, n) => `data.k${n} must be a finite number`);
		problems[0] = `data.${'x'.repeat(1_000_000)} must be a finite number`;
		const error = validationError(node, 3, problems);
		expect(error.message.startsWith('Invalid input in item 3: data.xxx')).toBe(true);
		expect(error.message.length).toBeLessThan(600);
		expect(error.description).toContain(`All problems found in item 3 (the first ${MAX_LISTED_PROBLEMS} of 100000)`);
		expect(error.description).toContain(`- data.k${MAX_LISTED_PROBLEMS - 1} must be a finite number\n- … and ${100_000 - MAX_LISTED_PROBLEMS} more problem(s)`);
		expect(String(error.description).length).toBeLessThan(2000);
	});

	it('lists a few problems as they are', () => {
		expect(validationError(node, 0, ['a is required', 'b is required']).description).toBe(
			'All problems found in item 0:\n- a is required\n- b is required\n\nNothing was sent for this item.',
		);
		expect(validationError(node, 0, ['a is required']).description).toBe('Nothing was sent for this item.');
	});
});
