import { FieldError } from './errors';

export type PropertyMap = Record<string, unknown>;

export function isPlainObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/** Decimal text such as "42", " -3.5 ": what an expression or a text field gives for a number. */
export const NUMERIC_TEXT = /^\s*-?\d+(\.\d+)?\s*$/;

/** A number field's value: numeric text becomes the number; anything else is left for the schema to judge. */
export function numberFromText(value: unknown): unknown {
	return typeof value === 'string' && NUMERIC_TEXT.test(value) ? Number(value) : value;
}

/** How deep input may nest (objects and arrays inside each other); deeper input is refused with an error. */
export const MAX_INPUT_DEPTH = 64;

/**
 * Refuse input the node could only mishandle, with an error naming the
 * field: nesting deeper than MAX_INPUT_DEPTH (it would end in "Maximum call
 * stack size exceeded" somewhere) and an own `__proto__` key (JavaScript
 * objects and zod drop it silently, so it would never reach the provider).
 * Other keys (`constructor`, `prototype`) are plain data and are sent as
 * given. Walked with an explicit stack, so any depth is safe to check.
 */
export function checkInputValue(value: unknown, field: string): void {
	const problem = inputProblem(value, field);
	if (problem) throw problem;
}

/**
 * What inputProblem walks into: objects and arrays. Text, numbers and dates
 * have nothing to check, so they never go on its stack (it runs over every item).
 */
function isBranch(value: unknown): value is object {
	return typeof value === 'object' && value !== null && !(value instanceof Date);
}

/** What checkInputValue would refuse, or undefined; `allowProtoKey` checks only the depth (e.g. for a provider's answer). */
export function inputProblem(value: unknown, field: string, { allowProtoKey = false } = {}): FieldError | undefined {
	type Node = { value: unknown; depth: number; key?: string | number; parent?: Node };
	const pathOf = (node: Node): string => {
		const parts: Array<string | number> = [];
		for (let at: Node | undefined = node; at?.key !== undefined; at = at.parent) parts.unshift(at.key);
		return parts.reduce<string>((out, part) => (typeof part === 'number' ? `${out}[${part}]` : out ? `${out}.${part}` : part), field);
	};
	const stack: Node[] = [{ value, depth: 0 }];
	while (stack.length > 0) {
		const node = stack.pop() as Node;
		const v = node.value;
		if (!isBranch(v)) continue;
		const depth = node.depth + 1;
		if (depth > MAX_INPUT_DEPTH) {
			return new FieldError(pathOf(node) || '(item)', `is nested deeper than ${MAX_INPUT_DEPTH} levels; flatten it before sending`);
		}
		if (Array.isArray(v)) {
			for (let index = 0; index < v.length; index++) if (isBranch(v[index])) stack.push({ value: v[index], depth, key: index, parent: node });
			continue;
		}
		if (!allowProtoKey && Object.prototype.hasOwnProperty.call(v, '__proto__')) {
			return new FieldError(
				pathOf({ value: undefined, depth, key: '__proto__', parent: node }),
				'is a key that cannot be sent: JavaScript drops "__proto__" from objects, so it would be lost silently; rename it',
			);
		}
		for (const key in v) {
			const entry = (v as Record<string, unknown>)[key];
			if (isBranch(entry) && Object.prototype.hasOwnProperty.call(v, key)) stack.push({ value: entry, depth, key, parent: node });
		}
	}
	return undefined;
}

/** JSON text typed by a user; a syntax error becomes a FieldError naming the field. */
export function parseJsonText(text: string, field: string): unknown {
	let problem = '';
	let parsed: unknown;
	try {
		parsed = JSON.parse(text);
	} catch (error) {
		problem = (error as Error).message;
	}
	if (problem) throw new FieldError(field, `is not valid JSON (${problem})`);
	return parsed;
}

/**
 * Properties given as JSON: a JSON text (from a JSON parameter or typed by the
 * user) or an object an expression produced. Types are kept as they are.
 */
export function parseJsonObject(value: unknown, field: string): PropertyMap {
	if (value === undefined || value === null || value === '') return {};
	const parsed = typeof value === 'string' ? parseJsonText(value, field) : value;
	if (!isPlainObject(parsed)) {
		throw new FieldError(field, 'must be a JSON object like {"plan": "pro", "seats": 3}');
	}
	checkInputValue(parsed, field);
	return parsed;
}

/** A JSON array (text or value), e.g. a list of purchase items or users. */
export function parseJsonArray(value: unknown, field: string): unknown[] {
	if (value === undefined || value === null || value === '') return [];
	const parsed = typeof value === 'string' ? parseJsonText(value, field) : value;
	if (!Array.isArray(parsed)) throw new FieldError(field, 'must be a JSON array');
	checkInputValue(parsed, field);
	return parsed;
}

export interface KeyValueRow {
	key?: string;
	value?: unknown;
}

/**
 * Properties given as a key/value list (a fixedCollection whose rows are
 * `{ key, value }`). Values keep the type they arrive with: text typed in the
 * field is a string, an expression's number or boolean stays one.
 */
export function keyValueToObject(rows: KeyValueRow[] | undefined, field: string): PropertyMap {
	const out: PropertyMap = {};
	(rows ?? []).forEach((row, index) => {
		const key = typeof row.key === 'string' ? row.key.trim() : '';
		if (!key) throw new FieldError(`${field}[${index}].key`, 'is empty');
		if (Object.prototype.hasOwnProperty.call(out, key)) {
			throw new FieldError(`${field}.${key}`, 'is given twice');
		}
		checkInputValue({ [key]: row.value }, field);
		out[key] = row.value;
	});
	return out;
}

/** Drop keys whose value is undefined or an empty string (unset optional fields). */
export function compact<T extends Record<string, unknown>>(value: T): T {
	const out: Record<string, unknown> = {};
	for (const [key, v] of Object.entries(value)) {
		if (v === undefined || v === '') continue;
		out[key] = v;
	}
	return out as T;
}

/** Read a dot-path (`body.event`) from an item; '' means the item itself. */
export function getPath(source: unknown, path: string | undefined): unknown {
	const trimmed = (path ?? '').trim();
	if (!trimmed) return source;
	let current: unknown = source;
	for (const part of trimmed.split('.')) {
		if (!isPlainObject(current) && !Array.isArray(current)) return undefined;
		current = (current as Record<string, unknown>)[part];
	}
	return current;
}

/** An empty map counts as unset: the field is left out of the body. */
export function nonEmpty(map: PropertyMap): PropertyMap | undefined {
	return Object.keys(map).length > 0 ? map : undefined;
}
