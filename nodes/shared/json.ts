import { z } from 'zod';

import type { RuleContext } from './checked';
import { checked } from './checked';
import { isDateTime, isJsDate } from './time';
import { isPlainRecord } from './walk';

/** What a provider adds to the common JSON rule for free-form values. */
export interface JsonRules {
	/** When set, null is refused with this message (Adrop: leave the parameter out instead). */
	nullMessage?: string;
	/** The longest string, and what to say past it. */
	maxString?: { length: number; message: string };
}

/**
 * The one rule for free-form JSON (properties, event data, extra
 * parameters): only what JSON carries without loss. Anything JSON.stringify
 * would change or drop (undefined, NaN, Infinity, functions, dates, class
 * instances) is an issue at its exact path instead of being altered
 * silently. Providers add their own limits (`rules`).
 */
export function checkJsonValue(
	value: unknown,
	ctx: RuleContext,
	path: Array<string | number> = [],
	rules: JsonRules = {},
): void {
	// One path array, grown and shrunk on the way down (copied only for an
	// issue): this runs over every value of every item.
	const at = [...path];
	const problem = (message: string) => ctx.addIssue({ code: z.ZodIssueCode.custom, path: [...at], message });
	const visit = (v: unknown): void => {
		if (typeof v === 'string') {
			if (rules.maxString && v.length > rules.maxString.length) problem(rules.maxString.message);
		} else if (typeof v === 'number') {
			if (!Number.isFinite(v)) problem(`must be a finite number, got ${String(v)}`);
		} else if (typeof v === 'boolean') {
			return;
		} else if (v === null) {
			if (rules.nullMessage) problem(rules.nullMessage);
		} else if (Array.isArray(v)) {
			for (let index = 0; index < v.length; index++) {
				at.push(index);
				visit(v[index]);
				at.pop();
			}
		} else if (isDateTime(v) || isJsDate(v)) {
			problem('is a date; send it as text, e.g. {{ $now.toISO() }}');
		} else if (isPlainRecord(v)) {
			for (const key in v) {
				if (!Object.prototype.hasOwnProperty.call(v, key)) continue;
				at.push(key);
				visit(v[key]);
				at.pop();
			}
		} else {
			problem(`must be a JSON value (text, number, boolean, null, array or object), got ${v === undefined ? 'undefined' : typeof v}`);
		}
	};
	visit(value);
}

/**
 * A free-form JSON object (e.g. Traintracks `data`, Chabok `eventData`) under
 * the common rule. A valid value comes back as the same object, not a copy:
 * the payload shares it with the input item, so a large run holds it once
 * and n8n saves it once (issue 18). Checked without a zod effect (checked.ts).
 */
export function jsonObjectSchema(invalidTypeMessage?: string): z.ZodType<Record<string, unknown>> {
	// The input type is what the schema accepts once valid: the objects' types infer as before.
	return checked((value, addIssue) => {
		const received = z.getParsedType(value);
		if (received !== z.ZodParsedType.object) {
			addIssue({
				code: z.ZodIssueCode.invalid_type,
				expected: z.ZodParsedType.object,
				received,
				...(invalidTypeMessage ? { message: invalidTypeMessage } : {}),
			});
			return value as Record<string, unknown>;
		}
		checkJsonValue(value, { addIssue });
		return value as Record<string, unknown>;
	}) as unknown as z.ZodType<Record<string, unknown>>;
}
