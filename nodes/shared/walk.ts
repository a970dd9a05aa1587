/*
 * One copy-on-write walk over JSON-like values, for the passes that rewrite
 * some values of an item or an answer (dates to ISO text, secrets out).
 */

/** What a walk does: `leaf` sees every value that is not a plain object or array, `key` every object key. */
export interface Rewrite {
	leaf: (value: unknown, depth: number) => unknown;
	key?: (key: string) => string;
	/** Past this depth an object or array is not walked (no stack overflow) but handed to `replace` whole. */
	tooDeep?: { depth: number; replace: (value: object) => unknown };
}

export function isPlainRecord(value: unknown): value is Record<string, unknown> {
	if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
	const proto = Object.getPrototypeOf(value);
	return proto === Object.prototype || proto === null;
}

/**
 * Rewrite a value: arrays and plain objects are walked (keys through `key`),
 * every other value goes through `leaf`. Only the arrays and objects on the
 * way to a change are copied: a value in which nothing changes comes back as
 * the same object, so a pass that runs on every item costs no allocation
 * when there is nothing to do.
 */
export function rewrite(value: unknown, how: Rewrite, depth = 0): unknown {
	if (how.tooDeep && depth > how.tooDeep.depth && typeof value === 'object' && value !== null) return how.tooDeep.replace(value);
	if (Array.isArray(value)) {
		let out: unknown[] | undefined;
		for (let index = 0; index < value.length; index++) {
			const entry: unknown = value[index];
			const changed = rewrite(entry, how, depth + 1);
			if (!out && changed !== entry) out = value.slice(0, index);
			if (out) out.push(changed);
		}
		return out ?? value;
	}
	if (isPlainRecord(value)) {
		// for…in rather than Object.keys: no key array per object when nothing changes.
		let out: Record<string, unknown> | undefined;
		for (const key in value) {
			if (!Object.prototype.hasOwnProperty.call(value, key)) continue;
			const entry = value[key];
			const newKey = how.key ? how.key(key) : key;
			const changed = rewrite(entry, how, depth + 1);
			if (!out && (newKey !== key || changed !== entry)) {
				out = {};
				for (const before in value) {
					if (before === key) break;
					if (Object.prototype.hasOwnProperty.call(value, before)) out[before] = value[before];
				}
			}
			if (out) out[newKey] = changed;
		}
		return out ?? value;
	}
	return how.leaf(value, depth);
}
