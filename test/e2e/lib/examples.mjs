// The providers' own examples from shared/api-docs, in their documents' key
// order: one file (test/fixtures/api-doc-examples.json) shared by the jest
// suites, the end-to-end cases and the fakes' self-checks.
import { readFileSync } from 'node:fs';

export const examples = JSON.parse(readFileSync(new URL('../../fixtures/api-doc-examples.json', import.meta.url), 'utf8'));

/** The Define Below parameter sets that rebuild the examples (test/fixtures/define-below.json). */
export const defineSets = JSON.parse(readFileSync(new URL('../../fixtures/define-below.json', import.meta.url), 'utf8'));

/**
 * One of those sets for a workflow whose items hold the example under
 * `under` (a Webhook puts the posted JSON under "body"): every `$json.` of
 * its expressions becomes `$json.<under>.`.
 */
export function defineBelow(name, { under = 'body' } = {}) {
	const set = defineSets[name];
	if (!set) throw new Error(`no Define Below set "${name}" in test/fixtures/define-below.json`);
	return JSON.parse(JSON.stringify(set.parameters).replaceAll('$json.', `$json.${under}.`));
}
