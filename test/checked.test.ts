/**
 * shared/checked.ts replaces zod effects (.transform, .superRefine) on the
 * fields and objects parsed once per event (issue 18: zod 3's effects keep
 * each parse's temporaries past young-generation collections). A user must
 * see no difference: for the same inputs, the same value or the same issues
 * (codes, paths, messages, order) as the zod effect it replaces.
 */
import { z } from 'zod';

import { checked, refined } from '../nodes/shared/checked';

const issuesOf = (result: z.SafeParseReturnType<unknown, unknown>) => (result.success ? [] : result.error.issues);

describe('checked and refined: what zod effects give, without them', () => {
	const readNumber = (value: unknown, addIssue: (issue: z.IssueData) => void): number | undefined => {
		if (typeof value === 'number') return value * 2;
		addIssue({ code: z.ZodIssueCode.custom, message: 'is not a number' });
		return undefined;
	};
	const viaEffect = z.object({
		a: z.unknown().transform((value, ctx) => readNumber(value, (issue) => ctx.addIssue(issue))),
		b: z.string().min(2),
	});
	const viaChecked = z.object({ a: checked(readNumber), b: z.string().min(2) });
	const rule = (value: { a?: number; b: string }, ctx: { addIssue: (issue: z.IssueData) => void }) => {
		if (value.b === 'no') ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['b'], message: 'must not be no' });
	};
	const objectViaEffect = viaEffect.strict().superRefine(rule);
	const objectViaRefined = refined(viaChecked.strict(), rule);

	it.each([
		['valid', { a: 2, b: 'yes' }],
		['a field issue', { a: 'x', b: 'yes' }],
		['two field issues', { a: 'x', b: 'y' }],
		['the rule', { a: 1, b: 'no' }],
		['a field issue and the rule', { a: 'x', b: 'no' }],
		['an unknown key', { a: 1, b: 'yes', c: 1 }],
		['a wrong type (the rule does not run)', { a: 1, b: 5 }],
		['not an object', 'text'],
	])('%s: same value or same issues', (_name, input) => {
		const expected = objectViaEffect.safeParse(input);
		const actual = objectViaRefined.safeParse(input);
		expect(actual.success).toBe(expected.success);
		expect(issuesOf(actual)).toEqual(issuesOf(expected));
		if (expected.success && actual.success) expect(actual.data).toEqual(expected.data);
	});

	it('a nested field reports its full path', () => {
		const nested = z.object({ outer: z.object({ a: checked(readNumber) }) });
		expect(issuesOf(nested.safeParse({ outer: { a: 'x' } }))).toEqual([{ code: 'custom', message: 'is not a number', path: ['outer', 'a'] }]);
	});
});
