import { z } from 'zod';

import { ZodChecked, ZodRefined } from './checked';

/*
 * zod with a fast path for the values it accepts, for the schemas that run
 * once per event. Inside n8n, zod is the copy n8n's own code uses (n8n puts
 * its node_modules on NODE_PATH), and by the time a workflow runs, V8 has
 * decided to allocate what zod's parsing functions allocate (every field's
 * result object, every object's key/value pairs) straight in the old
 * generation ("allocation-site pretenuring"). Each
 * parse's temporaries then stay until the next full collection, and a run of
 * 100,000 events grows the heap by hundreds of MB (bench/results.md, "Large
 * runs: memory", issue 18). The fast path checks a value against the same
 * schema in this file's own code, allocating only the output; whenever it
 * is not sure (a value with any issue, a zod type or check it does not
 * know), zod parses the value as before, so every error is zod's own.
 *
 * The contract, tested over every schema it serves (test/parser.test.ts):
 * when the fast path returns a value, zod returns a deep-equal value with
 * the same key order; when zod refuses a value, so does the fast path.
 */

/** The fast path's "zod decides": the value has an issue, or something here does not know. */
const ZOD = Symbol('zod decides');
type Fast = (value: unknown) => unknown;

// `checked` fields and `refined` rules report issues through addIssue: here, any issue means zod decides.
let issued = false;
const flagIssue = (): void => {
	issued = true;
};
const ruleContext = { addIssue: flagIssue };

/** `run`'s value, or ZOD when it reported an issue through flagIssue. */
function unlessIssued(run: (value: unknown, flag: () => void) => unknown, value: unknown): unknown {
	const outer = issued;
	issued = false;
	try {
		const out = run(value, flagIssue);
		return issued ? ZOD : out;
	} finally {
		issued = outer;
	}
}

const isObject = (value: unknown): value is Record<string, unknown> => z.getParsedType(value) === z.ZodParsedType.object;

type StringCheck = z.ZodStringCheck;
type NumberCheck = z.ZodNumberCheck;

function stringPasses(value: string, checks: StringCheck[]): string | typeof ZOD {
	let s = value;
	for (const check of checks) {
		switch (check.kind) {
			case 'min':
				if (s.length < check.value) return ZOD;
				break;
			case 'max':
				if (s.length > check.value) return ZOD;
				break;
			case 'length':
				if (s.length !== check.value) return ZOD;
				break;
			case 'regex':
				check.regex.lastIndex = 0;
				if (!check.regex.test(s)) return ZOD;
				break;
			case 'trim':
				s = s.trim();
				break;
		}
	}
	return s;
}

function numberPasses(value: number, checks: NumberCheck[]): boolean {
	for (const check of checks) {
		switch (check.kind) {
			case 'int':
				if (!Number.isInteger(value)) return false;
				break;
			case 'min':
				if (check.inclusive ? value < check.value : value <= check.value) return false;
				break;
			case 'max':
				if (check.inclusive ? value > check.value : value >= check.value) return false;
				break;
			case 'finite':
				if (!Number.isFinite(value)) return false;
				break;
		}
	}
	return true;
}

const STRING_CHECKS = new Set(['min', 'max', 'length', 'regex', 'trim']);
const NUMBER_CHECKS = new Set(['int', 'min', 'max', 'finite']);

/** The fast path of `schema`, or undefined when it contains something only zod knows. */
function compile(schema: z.ZodTypeAny): Fast | undefined {
	if (schema instanceof ZodChecked) {
		const run = schema._def.run;
		return (value) => unlessIssued(run, value);
	}
	if (schema instanceof ZodRefined) {
		const def = schema._def;
		const inner = compile(def.schema);
		if (!inner) return undefined;
		// The rule as a check of the inner value: it returns the value, or flags an issue.
		const check = (value: unknown): unknown => {
			def.rule(value, ruleContext);
			return value;
		};
		return (value) => {
			const out = inner(value);
			return out === ZOD ? ZOD : unlessIssued(check, out);
		};
	}
	if (schema instanceof z.ZodString) {
		const checks = schema._def.checks;
		if (schema._def.coerce || !checks.every((check) => STRING_CHECKS.has(check.kind))) return undefined;
		return (value) => (typeof value === 'string' ? stringPasses(value, checks) : ZOD);
	}
	if (schema instanceof z.ZodNumber) {
		const checks = schema._def.checks;
		if (schema._def.coerce || !checks.every((check) => NUMBER_CHECKS.has(check.kind))) return undefined;
		return (value) => (z.getParsedType(value) === z.ZodParsedType.number && numberPasses(value as number, checks) ? value : ZOD);
	}
	if (schema instanceof z.ZodBoolean) {
		if (schema._def.coerce) return undefined;
		return (value) => (typeof value === 'boolean' ? value : ZOD);
	}
	if (schema instanceof z.ZodLiteral) {
		const literal: unknown = schema._def.value;
		return (value) => (value === literal ? value : ZOD);
	}
	if (schema instanceof z.ZodUnknown || schema instanceof z.ZodAny) return (value) => value;
	if (schema instanceof z.ZodOptional) {
		const inner = compile(schema._def.innerType as z.ZodTypeAny);
		return inner && ((value) => (value === undefined ? undefined : inner(value)));
	}
	if (schema instanceof z.ZodNullable) {
		const inner = compile(schema._def.innerType as z.ZodTypeAny);
		return inner && ((value) => (value === null ? null : inner(value)));
	}
	if (schema instanceof z.ZodUnion) {
		const options = (schema._def.options as z.ZodTypeAny[]).map(compile);
		if (!options.every((option): option is Fast => option !== undefined)) return undefined;
		// zod returns the first option that accepts the value without issues.
		return (value) => {
			for (const option of options) {
				const out = option(value);
				if (out !== ZOD) return out;
			}
			return ZOD;
		};
	}
	if (schema instanceof z.ZodRecord) {
		const key = compile(schema._def.keyType as z.ZodTypeAny);
		const element = compile(schema._def.valueType as z.ZodTypeAny);
		if (!key || !element) return undefined;
		return (value) => {
			if (!isObject(value)) return ZOD;
			const out: Record<string, unknown> = {};
			for (const name in value) {
				const parsedKey = key(name);
				const parsedValue = element(value[name]);
				if (parsedKey === ZOD || parsedValue === ZOD) return ZOD;
				if (parsedKey !== '__proto__') out[parsedKey as string] = parsedValue;
			}
			return out;
		};
	}
	if (schema instanceof z.ZodObject) {
		const def = schema._def as z.ZodObjectDef;
		if (!(def.catchall instanceof z.ZodNever) || (def.unknownKeys !== 'strict' && def.unknownKeys !== 'strip')) return undefined;
		const shape = schema.shape as Record<string, z.ZodTypeAny>;
		const keys = Object.keys(shape);
		const fields = keys.map((name) => compile(shape[name]));
		if (!fields.every((field): field is Fast => field !== undefined)) return undefined;
		const known = new Set(keys);
		const strict = def.unknownKeys === 'strict';
		// The output has the shape's keys in the shape's order, as zod builds it.
		return (value) => {
			if (!isObject(value)) return ZOD;
			if (strict) for (const name in value) if (!known.has(name)) return ZOD;
			const out: Record<string, unknown> = {};
			for (let k = 0; k < keys.length; k++) {
				const name = keys[k];
				const parsed = fields[k](value[name]);
				if (parsed === ZOD) return ZOD;
				if (parsed !== undefined || name in value) out[name] = parsed;
			}
			return out;
		};
	}
	return undefined;
}

export interface Parser<T extends z.ZodTypeAny> {
	/** As `schema.parse`: the parsed value, or zod's ZodError. */
	parse(value: unknown): z.output<T>;
	/** As `schema.safeParse`. */
	safeParse(value: unknown): z.SafeParseReturnType<z.input<T>, z.output<T>>;
	/** Whether every part of the schema has a fast path (false: zod parses every value). */
	readonly fast: boolean;
}

/** `schema`'s parse and safeParse with the fast path for the values it accepts. */
export function parser<T extends z.ZodTypeAny>(schema: T): Parser<T> {
	const fast = compile(schema);
	if (!fast) {
		return { parse: (value) => schema.parse(value), safeParse: (value) => schema.safeParse(value), fast: false };
	}
	return {
		parse: (value) => {
			const out = fast(value);
			return out === ZOD ? schema.parse(value) : (out as z.output<T>);
		},
		safeParse: (value) => {
			const out = fast(value);
			return out === ZOD ? schema.safeParse(value) : { success: true, data: out as z.output<T> };
		},
		fast: true,
	};
}
