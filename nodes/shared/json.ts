import { z } from 'zod';

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
export function checkJsonValue(value: unknown, ctx: z.RefinementCtx, path: Array<string | number> = [], rules: JsonRules = {}): void {
	const problem = (message: string) => ctx.addIssue({ code: z.ZodIssueCode.custom, path, message });
	if (typeof value === 'string') {
		if (rules.maxString && value.length > rules.maxString.length) problem(rules.maxString.message);
	} else if (typeof value === 'number') {
		if (!Number.isFinite(value)) problem(`must be a finite number, got ${String(value)}`);
	} else if (typeof value === 'boolean') {
		return;
	} else if (value === null) {
		if (rules.nullMessage) problem(rules.nullMessage);
	} else if (Array.isArray(value)) {
		value.forEach((entry, index) => checkJsonValue(entry, ctx, [...path, index], rules));
	} else if (isDateTime(value) || isJsDate(value)) {
		problem('is a date; send it as text, e.g. {{ $now.toISO() }}');
	} else if (isPlainRecord(value)) {
		for (const [key, entry] of Object.entries(value)) checkJsonValue(entry, ctx, [...path, key], rules);
	} else {
		problem(`must be a JSON value (text, number, boolean, null, array or object), got ${value === undefined ? 'undefined' : typeof value}`);
	}
}

/**
 * A free-form JSON object (e.g. Traintracks `data`, Chabok `eventData`) under
 * the common rule. A valid value comes back as the same object, not a copy:
 * the payload shares it with the input item, so a large run holds it once
 * and n8n saves it once (issue 18).
 */
export function jsonObjectSchema(invalidTypeMessage?: string): z.ZodType<Record<string, unknown>> {
	const schema = z
		.unknown()
		.superRefine((value, ctx) => {
			const received = z.getParsedType(value);
			if (received !== z.ZodParsedType.object) {
				ctx.addIssue({
					code: z.ZodIssueCode.invalid_type,
					expected: z.ZodParsedType.object,
					received,
					...(invalidTypeMessage ? { message: invalidTypeMessage } : {}),
				});
				return;
			}
			checkJsonValue(value, ctx);
		})
		.transform((value) => value as Record<string, unknown>);
	return schema as unknown as z.ZodType<Record<string, unknown>>;
}
