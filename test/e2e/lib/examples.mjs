// The providers' own examples from shared/api-docs, in their documents' key
// order: one file (test/fixtures/api-doc-examples.json) shared by the jest
// suites, the end-to-end cases and the fakes' self-checks.
import { readFileSync } from 'node:fs';

export const examples = JSON.parse(readFileSync(new URL('../../fixtures/api-doc-examples.json', import.meta.url), 'utf8'));
