import type { INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import type { ZodError, ZodIssue } from 'zod';

/** A dotted field path the way users read it: `users[3].apiProperties.plan`. */
export function formatPath(path: ReadonlyArray<string | number>): string {
	let out = '';
	for (const part of path) {
		if (typeof part === 'number') out += `[${part}]`;
		else out += out ? `.${part}` : part;
	}
	return out || '(body)';
}

function describeIssue(issue: ZodIssue): string {
	switch (issue.code) {
		case 'invalid_type':
			return issue.received === 'undefined'
				? 'is required'
				: `must be ${issue.expected}, got ${issue.received}`;
		case 'unrecognized_keys':
			return `has field(s) the provider does not document: ${issue.keys.join(', ')}`;
		default:
			return issue.message.charAt(0).toLowerCase() + issue.message.slice(1);
	}
}

/** One readable line per zod issue, path first: "`event.key` is required". */
export function describeZodIssues(error: ZodError, prefix: ReadonlyArray<string | number> = []): string[] {
	return error.issues.map((issue) => `${formatPath([...prefix, ...issue.path])} ${describeIssue(issue)}`);
}

/** Problems listed in a validation error's description; the rest are counted. */
export const MAX_LISTED_PROBLEMS = 20;
/** Characters of one problem line (a 1 MB property name stays out of the message). */
export const MAX_PROBLEM_LENGTH = 500;

function clipProblem(problem: string): string {
	return problem.length > MAX_PROBLEM_LENGTH ? `${problem.slice(0, MAX_PROBLEM_LENGTH)}…` : problem;
}

/**
 * The error for an item that fails validation: names the item (its index,
 * as n8n numbers items) and the field, and lists the issues in the
 * description. Nothing is sent for such an item. However big the item, the
 * error stays readable: each problem is cut at MAX_PROBLEM_LENGTH characters
 * and at most MAX_LISTED_PROBLEMS are listed, the rest counted (an item with
 * 100,000 bad values would otherwise carry megabytes of description into
 * the execution data and the logs).
 */
export function validationError(
	node: INode,
	itemIndex: number,
	problems: string[],
): NodeOperationError {
	const clipped = problems.slice(0, MAX_LISTED_PROBLEMS).map(clipProblem);
	const more = problems.length - clipped.length;
	const [first] = clipped;
	const list = `- ${clipped.join('\n- ')}${more > 0 ? `\n- … and ${more} more problem(s)` : ''}`;
	return new NodeOperationError(node, `Invalid input in item ${itemIndex}: ${first}`, {
		itemIndex,
		description:
			problems.length > 1
				? `All problems found in item ${itemIndex}${more > 0 ? ` (the first ${clipped.length} of ${problems.length})` : ''}:\n${list}\n\nNothing was sent for this item.`
				: 'Nothing was sent for this item.',
	});
}

export function zodError(
	node: INode,
	itemIndex: number,
	error: ZodError,
	prefix: ReadonlyArray<string | number> = [],
): NodeOperationError {
	return validationError(node, itemIndex, describeZodIssues(error, prefix));
}

/** Thrown inside parsing helpers; the engine turns it into a validationError for the item. */
export class FieldError extends Error {
	constructor(
		readonly field: string,
		readonly problem: string,
	) {
		super(`${field} ${problem}`);
		this.name = 'FieldError';
	}
}

/** Turn a FieldError, ZodError or stack overflow thrown while preparing an item into that item's validation error; other errors pass unchanged. */
export function asItemError(node: INode, itemIndex: number, error: unknown): Error {
	if (error instanceof FieldError) return validationError(node, itemIndex, [error.message]);
	if (error && typeof error === 'object' && (error as ZodError).name === 'ZodError') {
		return zodError(node, itemIndex, error as ZodError);
	}
	// Input nested too deeply for a check that recursed (checkInputValue refuses
	// such input first; this keeps any other path from a bare stack error).
	if (error instanceof RangeError && /call stack/i.test(error.message)) {
		return validationError(node, itemIndex, ['(item) is nested too deeply to process; flatten it before sending']);
	}
	return error as Error;
}
