import { z } from 'zod';

/*
 * A zod schema checked (and converted) by a plain function, for the fields
 * that run once per event. zod 3 builds, on every parse of a `.refine`,
 * `.superRefine` or `.transform`, an object with a getter closure that
 * cannot share a hidden class; it keeps each parse's temporaries alive past
 * young-generation collections, so a large run's heap grows until the next
 * full collection (bench/results.md, "Large runs: memory", issue 18).
 * parser.ts runs `checked` fields and `refined` rules directly on its fast
 * path for valid values.
 */

/** What `addIssue` takes: the issue an effect's `ctx.addIssue` would take (message, code, path within the field). */
export type IssueInput = Parameters<typeof z.addIssueToContext>[1];

interface CheckedDef<O> extends z.ZodTypeDef {
	run: (value: unknown, addIssue: (issue: IssueInput) => void) => O;
}

export class ZodChecked<O> extends z.ZodType<O, CheckedDef<O>, unknown> {
	_parse(input: z.ParseInput): z.ParseReturnType<O> {
		const ctx = this._getOrReturnCtx(input);
		let dirty = false;
		const value = this._def.run(input.data, (issue) => {
			z.addIssueToContext(ctx, issue);
			dirty = true;
		});
		return dirty ? z.DIRTY(value) : z.OK(value);
	}
}

/**
 * A field whose value `run` checks and returns (converted or as it is).
 * Issues are added exactly as an effect's `ctx.addIssue` adds them (the same
 * zod function, at the field's path, through the same error maps), and a
 * field with issues is dirty as an effect's is: the object's other fields
 * and its own rules are still checked, and every issue is reported.
 */
export function checked<O>(run: (value: unknown, addIssue: (issue: IssueInput) => void) => O): z.ZodType<O, z.ZodTypeDef, unknown> {
	return new ZodChecked<O>({ run });
}

/** What a rule on a whole object gets: `addIssue`, as an effect's ctx.addIssue. */
export interface RuleContext {
	addIssue: (issue: IssueInput) => void;
}

interface RefinedDef<T extends z.ZodTypeAny> extends z.ZodTypeDef {
	schema: T;
	rule: (value: z.output<T>, ctx: RuleContext) => void;
}

export class ZodRefined<T extends z.ZodTypeAny> extends z.ZodType<z.output<T>, RefinedDef<T>, z.input<T>> {
	_parse(input: z.ParseInput): z.ParseReturnType<z.output<T>> {
		const inner = this._def.schema._parseSync(input) as z.SyncParseReturnType<z.output<T>>;
		// As zod's refinements: no rule on a value that could not be read at all.
		if (inner.status === 'aborted') return z.INVALID;
		const ctx = this._getOrReturnCtx(input);
		let dirty = inner.status === 'dirty';
		this._def.rule(inner.value, {
			addIssue: (issue) => {
				z.addIssueToContext(ctx, issue);
				dirty = true;
			},
		});
		return dirty ? z.DIRTY(inner.value) : z.OK(inner.value);
	}
}

/**
 * `schema` with a rule over its whole value (what `.superRefine` does),
 * without a zod effect: the rule runs when the value could be read (even
 * with other issues) and its issues join them.
 */
export function refined<T extends z.ZodTypeAny>(schema: T, rule: (value: z.output<T>, ctx: RuleContext) => void): z.ZodType<z.output<T>, z.ZodTypeDef, z.input<T>> {
	return new ZodRefined<T>({ schema, rule });
}
