/* eslint-disable @n8n/community-nodes/no-restricted-imports -- a jest suite: never compiled into dist/ nor shipped; node:util shows values with their key order */
/**
 * shared/parser.ts: zod with a fast path for the values a schema accepts
 * (issue 18: inside n8n, zod's own allocations outlive young-generation
 * collections). Its contract, checked here over the schemas it serves and
 * a few thousand values made from the documents' examples by changing one
 * field at a time: the fast path gives exactly zod's value (same keys in
 * the same order), or leaves the value to zod; a value zod refuses is
 * never accepted, and its error is zod's own.
 */
import { inspect } from 'node:util';
import { z } from 'zod';

import * as chabok from '../nodes/Chabok/schemas';
import * as hackle from '../nodes/Hackle/schemas';
import { checked, refined } from '../nodes/shared/checked';
import { parser } from '../nodes/shared/parser';
import * as traintracks from '../nodes/Traintracks/schemas';
import examples from './fixtures/api-doc-examples.json';

/** Key order, undefined and nested values included. */
const shown = (value: unknown) => inspect(value, { depth: null, sorted: false, showHidden: false });

const ODD_VALUES: unknown[] = [
	undefined,
	null,
	'',
	' ',
	'  padded  ',
	'x',
	'a.b',
	'3dc6b97d-7388-11e4-bfb3-b8e8563b3f9a',
	'2012-03-14T02:33:42.416587-07:00',
	'x'.repeat(300),
	0,
	-1,
	1.5,
	91,
	-181,
	1575965125110,
	Number.NaN,
	Number.POSITIVE_INFINITY,
	true,
	false,
	[],
	['a'],
	{},
	{ a: 1 },
	{ a: { b: [1, 'x', null] } },
	{ a: undefined },
	{ a: Number.NaN },
	new Date('2024-01-01T00:00:00Z'),
	() => 1,
];

/** The value, then every variant with one field (at any depth) deleted or replaced by an odd value, plus an unknown key. */
function variants(value: unknown, depth = 0): unknown[] {
	const out: unknown[] = [value];
	if (depth > 2 || typeof value !== 'object' || value === null) return out;
	if (Array.isArray(value)) {
		value.forEach((element, index) => {
			for (const changed of variants(element, depth + 1).slice(1)) out.push(value.map((e, i) => (i === index ? changed : e)));
		});
		return out;
	}
	const record = value as Record<string, unknown>;
	out.push({ ...record, unknownKey: 1 });
	for (const key of Object.keys(record)) {
		const rest = { ...record };
		delete rest[key];
		out.push(rest);
		for (const odd of ODD_VALUES) out.push({ ...record, [key]: odd });
		for (const changed of variants(record[key], depth + 1).slice(1)) out.push({ ...record, [key]: changed });
	}
	// The same keys in another order (the output keeps the schema's order).
	out.push(Object.fromEntries(Object.entries(record).reverse()));
	return out;
}

function expectSameAsZod(schema: z.ZodTypeAny, values: unknown[]): { accepted: number; refused: number } {
	const fast = parser(schema);
	let accepted = 0;
	for (const value of values) {
		const expected = schema.safeParse(value);
		const got = fast.safeParse(value);
		expect({ value: shown(value), success: got.success }).toEqual({ value: shown(value), success: expected.success });
		if (expected.success && got.success) {
			expect(shown(got.data)).toBe(shown(expected.data));
			accepted++;
		} else if (!expected.success && !got.success) {
			expect(got.error.issues).toEqual(expected.error.issues);
		}
		// parse: the same value, or the same error.
		if (expected.success) expect(shown(fast.parse(value))).toBe(shown(expected.data));
		else expect(() => fast.parse(value)).toThrow(z.ZodError);
	}
	return { accepted, refused: values.length - accepted };
}

const tt = examples.traintracks.batch;
const withLocation = { ...tt[0], location: { lat: 37.871984, lon: -122.25942 } };
const withServerTime = { ...tt[0], serverTimestamp: 1331717622000, clientTimestamp: '2012-03-14T09:33:42Z' };

const SERVED: Array<[string, z.ZodTypeAny, unknown[]]> = [
	['Traintracks event', traintracks.eventSchema, [...tt, withLocation, withServerTime]],
	['Chabok Track Event', chabok.trackEventSchema, [examples.chabok.trackByInstallation, examples.chabok.trackByUser, { ...examples.chabok.trackByInstallation, eventData: { sku: 'SKU-1', price: 25000, nested: { list: [1, 2] } } }]],
	['Chabok Track Purchase', chabok.trackPurchaseSchema, [examples.chabok.purchaseByInstallation, examples.chabok.purchaseByUser]],
	['Hackle Send Push user', hackle.pushUserSchema, [...examples.hackle.push.users, { deviceId: 'd-1' }]],
	['Hackle Track Event body', hackle.trackBodySchema, [examples.hackle.track, { event: { key: 'k', value: 1.5 }, user: { identifiers: { a: 'b' } } }]],
];

describe('parser: zod with a fast path for accepted values', () => {
	// An empty Traintracks client timestamp becomes "now": the same now for both parses.
	beforeAll(() => jest.useFakeTimers({ now: new Date('2026-12-01T04:30:46.386Z') }));
	afterAll(() => jest.useRealTimers());

	it.each(SERVED)('%s: every part of the schema has a fast path', (_name, schema) => {
		expect(parser(schema).fast).toBe(true);
	});

	it.each(SERVED)('%s: the same value, or the same error, as zod for every variant of the examples', (_name, schema, valid) => {
		const values = valid.flatMap((value) => variants(value));
		const { accepted, refused } = expectSameAsZod(schema, values);
		// The corpus has both kinds, in numbers (a fast path that refused everything would pass the checks above).
		expect(accepted).toBeGreaterThan(valid.length);
		expect(refused).toBeGreaterThan(50);
	});

	it('a valid value does not go through zod; an invalid one does', () => {
		const schema = z.object({ a: z.string().min(1), b: z.number().int().optional() }).strict();
		const fast = parser(schema);
		const parse = jest.spyOn(schema, 'parse');
		expect(fast.parse({ b: 2, a: 'x' })).toEqual({ a: 'x', b: 2 });
		expect(parse).not.toHaveBeenCalled();
		expect(() => fast.parse({ a: '' })).toThrow('String must contain at least 1 character(s)');
		expect(parse).toHaveBeenCalledTimes(1);
	});

	it('checked fields and refined rules: an issue they report leaves the value to zod', () => {
		const schema = refined(
			z.object({ n: checked((value, addIssue) => (typeof value === 'number' ? value * 2 : addIssue({ code: z.ZodIssueCode.custom, message: 'not a number' }))) }),
			(value, ctx) => {
				if (value.n === 0) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['n'], message: 'must not be zero' });
			},
		);
		expectSameAsZod(schema, [{ n: 2 }, { n: 'x' }, { n: 0 }, {}, null]);
		expect(parser(schema).parse({ n: 2 })).toEqual({ n: 4 });
	});

	it('strings: trim, min, max, length and regex in the order zod applies them', () => {
		const schema = z.object({
			a: z.string().trim().min(2),
			b: z.string().min(2).trim(),
			c: z.string().length(3).regex(/^[a-z]+$/g).optional(),
			d: z.string().max(3).nullable().optional(),
		});
		const values = [{ a: ' ab ', b: 'ab ' }, { a: ' a ', b: 'ab' }, { a: 'ab', b: ' a' }, { a: 'ab', b: 'ab', c: 'abc' }, { a: 'ab', b: 'ab', c: 'abcd' }, { a: 'ab', b: 'ab', c: 'ab1' }, { a: 'ab', b: 'ab', d: null }, { a: 'ab', b: 'ab', d: 'abcd' }, { a: 'ab', b: 'ab', extra: 1 }];
		expectSameAsZod(schema, values);
		// A global regex keeps no state between values.
		expectSameAsZod(schema, values);
	});

	it('numbers: int, inclusive and exclusive bounds, finite, NaN', () => {
		const schema = z.object({ a: z.number().int().positive(), b: z.number().nonnegative().lt(10).finite().optional() });
		expectSameAsZod(schema, [{ a: 1 }, { a: 0 }, { a: 1.5 }, { a: Number.NaN }, { a: 1, b: 0 }, { a: 1, b: 10 }, { a: 1, b: 9.99 }, { a: 1, b: -0.1 }, { a: 1, b: Number.POSITIVE_INFINITY }, { a: '1' }]);
	});

	it('records and unions: keys in the input order, the first option that accepts', () => {
		const schema = z.record(z.union([z.string(), z.number().finite(), z.boolean()]));
		expectSameAsZod(schema, [{ b: 1, a: 'x', 2: true, 1: false }, { a: Number.POSITIVE_INFINITY }, { a: null }, {}, [], JSON.parse('{"__proto__": 1, "a": 2}')]);
	});

	it('a schema with a part only zod knows is parsed by zod alone', () => {
		const schema = z.object({ a: z.string().email(), b: z.string().transform((v) => v.length) });
		const fast = parser(schema);
		expect(fast.fast).toBe(false);
		expectSameAsZod(schema, [{ a: 'x@example.com', b: 'abc' }, { a: 'x', b: 'abc' }]);
		expect(parser(z.object({ a: z.string() }).passthrough()).fast).toBe(false);
		expect(parser(z.object({ a: z.string() }).catchall(z.number())).fast).toBe(false);
		expect(parser(z.coerce.number()).fast).toBe(false);
	});
});
