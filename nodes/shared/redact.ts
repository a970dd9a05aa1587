import type { Rewrite } from './walk';
import { isPlainRecord, rewrite } from './walk';

/*
 * Secrets never leave: every credential secret is replaced by "[redacted]"
 * in output, errors and logs, before any text is clipped.
 */

/** A secret as JSON text writes it inside a string: quotes, backslashes and control characters escaped. */
function jsonEscaped(text: string): string {
	return JSON.stringify(text).slice(1, -1);
}

/** The texts to look for, per secrets list: computed once per list, not once per item. */
const secretForms = new WeakMap<string[], { key: string; forms: string[] }>();

function formsOf(secrets: string[]): string[] {
	const usable = secrets.filter((s) => typeof s === 'string' && s.length >= 4);
	const key = usable.join('\u0000');
	const cached = secretForms.get(secrets);
	if (cached && cached.key === key) return cached.forms;
	const forms = [...new Set(usable.flatMap((secret) => [secret, jsonEscaped(secret), jsonEscaped(jsonEscaped(secret))]))].sort(
		(a, b) => b.length - a.length,
	);
	secretForms.set(secrets, { key, forms });
	return forms;
}

/**
 * Replace every secret in a value with "[redacted]". A secret is looked for
 * as it is and as JSON text writes it (once and twice escaped), since
 * provider answers are shown as JSON text inside descriptions; objects and
 * arrays are walked, keys included, so a secret with a quote or a backslash
 * is found in a parsed body too. Values without a secret are returned as
 * they are (same object); other objects (Date, DateTime) only become JSON
 * when they hold a secret.
 *
 * It runs on every output item, so the common case (no secret anywhere) is
 * kept cheap: the forms are computed once per secrets list, a string is only
 * rewritten when it contains one, and no copy is made of an object or array
 * in which nothing changed.
 */
export function redact<T>(value: T, secrets: string[] | undefined): T {
	if (value === undefined || value === null || !secrets || secrets.length === 0) return value;
	const forms = formsOf(secrets);
	if (forms.length === 0) return value;
	const scrub = (text: string): string => {
		let out = text;
		for (const form of forms) if (out.includes(form)) out = out.split(form).join('[redacted]');
		return out;
	};
	// Strings and keys are scrubbed; another object (Date, DateTime) becomes
	// JSON only when it holds a secret. Deeper than any walk should recurse (a
	// provider's answer can be nested thousands of levels), a part is searched
	// without recursion and dropped only when it holds a secret.
	const how: Rewrite = {
		key: scrub,
		tooDeep: { depth: MAX_REDACT_DEPTH, replace: (v) => (containsAny(v, forms) ? '[redacted: nested too deep to clean]' : v) },
		leaf: (v, depth) => {
			if (typeof v === 'string') return scrub(v);
			if (typeof v !== 'object' || v === null) return v;
			const text = JSON.stringify(v);
			if (typeof text !== 'string' || !forms.some((form) => text.includes(form))) return v;
			return rewrite(JSON.parse(text), how, depth + 1);
		},
	};
	return rewrite(value, how) as T;
}

/** How deep `redact` recurses before it switches to the stack-safe search below. */
const MAX_REDACT_DEPTH = 100;

/** Whether any text in a value (keys included) contains one of `forms`, walked with an explicit stack. */
function containsAny(value: unknown, forms: string[]): boolean {
	const stack: unknown[] = [value];
	const seen = new Set<unknown>();
	while (stack.length > 0) {
		const v = stack.pop();
		if (typeof v === 'string') {
			if (forms.some((form) => v.includes(form))) return true;
			continue;
		}
		if (typeof v !== 'object' || v === null || seen.has(v)) continue;
		seen.add(v);
		if (Array.isArray(v)) {
			for (const entry of v) stack.push(entry);
			continue;
		}
		if (!isPlainRecord(v)) {
			stack.push(JSON.stringify(v));
			continue;
		}
		for (const [key, entry] of Object.entries(v)) stack.push(key, entry);
	}
	return false;
}

/** The most characters of provider text an error description carries. */
export const MAX_DESCRIPTION_LENGTH = 4000;

/** Clip a text for a message; call it only on text already redacted, so no secret is cut in half and left readable. */
export function clipText(text: string, max = MAX_DESCRIPTION_LENGTH): string {
	return text.length > max ? `${text.slice(0, max)}…` : text;
}

