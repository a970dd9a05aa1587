/* eslint-disable @n8n/community-nodes/no-restricted-imports -- a jest suite: never compiled into dist/ nor shipped; it reads the repository's markdown and sources with node:fs */
/**
 * The README is for users: n8n's community template order, at most 400
 * lines, the two commands first, every link and picture there, every example
 * workflow linked, and every error it quotes in Troubleshooting one the
 * nodes can actually raise (the quoted text is in the sources).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';

import { anchors, codeBlocks, links, prose, readDoc, ROOT, workflowBlocks } from './helpers/markdown';

const readme = readDoc('README.md');
const docs = readdirSync(join(ROOT, 'docs'))
	.filter((f) => f.endsWith('.md'))
	.map((f) => `docs/${f}`);

function sources(dir: string): string[] {
	return readdirSync(join(ROOT, dir)).flatMap((name) => {
		const rel = `${dir}/${name}`;
		if (statSync(join(ROOT, rel)).isDirectory()) return sources(rel);
		return rel.endsWith('.ts') ? [readFileSync(join(ROOT, rel), 'utf8')] : [];
	});
}

it('is at most 400 lines', () => {
	expect(readme.trimEnd().split('\n').length).toBeLessThanOrEqual(400);
});

it("has n8n's community template sections, in order", () => {
	const h2 = [...prose(readme).matchAll(/^## (.*)$/gm)].map((m) => m[1].trim());
	expect(h2).toEqual([
		'Try it in one command',
		'Installation',
		'Operations',
		'Credentials',
		'Usage',
		'Compatibility',
		'Limits',
		'Reliability',
		'Scaling',
		'Troubleshooting',
		'Resources',
		'Version history',
	]);
	const usage = readme.slice(readme.indexOf('\n## Usage'), readme.indexOf('\n## Compatibility'));
	for (const part of ['Your first event in five minutes', 'Try it first: Dry Run', 'Input modes', 'Options', 'As an AI Agent tool']) {
		expect(usage).toMatch(new RegExp(`^### ${part}`, 'm'));
	}
});

it('shows the two commands first: npm run demo and npm test', () => {
	const first = codeBlocks(readme)[0].text;
	expect(first).toMatch(/^npm ci && npm run demo\b/m);
	expect(first).toMatch(/^npm test\b/m);
	expect(first.split('\n').filter((l) => l.trim())).toHaveLength(2);
});

it('has no placeholder left', () => {
	for (const file of ['README.md', ...docs]) {
		expect([file, readDoc(file).match(/\b(TODO|TBD|FIXME|XXX|[A-Z]+-(SECTION|ROWS))\b/g)]).toEqual([file, null]);
	}
});

describe.each(['README.md', ...docs])('%s: every relative link and picture resolves', (file) => {
	const text = readDoc(file);
	const local = links(text).filter((l) => !/^[a-z]+:/i.test(l));
	it.each(local.length ? local : ['#'])('%s', (link) => {
		if (link === '#') return;
		const [target, hash] = link.split('#');
		const path = target ? normalize(join(dirname(file), target)) : file;
		expect([link, existsSync(join(ROOT, path))]).toEqual([link, true]);
		if (hash) {
			expect(path.endsWith('.md')).toBe(true);
			expect([link, anchors(readDoc(path)).has(hash)]).toEqual([link, true]);
		}
	});
});

it('links every example workflow, and every workflow it shows is one of them', () => {
	const examples = readdirSync(join(ROOT, 'examples')).filter((f) => f.endsWith('.json'));
	const linked = new Set(links(readme).map((l) => l.replace(/^examples\//, '')));
	expect(examples.filter((f) => !linked.has(f))).toEqual([]);
	// A workflow written out in the README would run in no test: the README links files instead.
	expect(workflowBlocks(readme).map((b) => b.heading)).toEqual([]);
	// In docs/, only the Schedule → Chabok workflow is written out; chabok.test.ts runs it.
	expect(docs.flatMap((f) => workflowBlocks(readDoc(f)).map((b) => `${f}: ${b.heading}`))).toEqual(['docs/CHABOK.md: Schedule → Chabok']);
});

it('quotes in Troubleshooting only errors the nodes raise', () => {
	const section = readme.slice(readme.indexOf('\n## Troubleshooting'), readme.indexOf('\n## Resources'));
	const quotes = [...section.matchAll(/\*\*"([^*]+)"\*\*/g)].map((m) => m[1].replace(/\s+/g, ' '));
	expect(quotes.length).toBeGreaterThanOrEqual(10);
	const code = [...sources('nodes'), ...sources('credentials')].join('\n');
	for (const quote of quotes) {
		// "…", N, M and the figures of an example stand for what the message fills in.
		const fragments = quote
			.split(/…|\bN\b|\bM\b|\b\d+\b/)
			.map((f) => f.trim().replace(/^[:,]\s*/, ''))
			.filter((f) => f.length >= 6);
		expect(fragments.length).toBeGreaterThan(0);
		for (const fragment of fragments) expect([quote, fragment, code.includes(fragment)]).toEqual([quote, fragment, true]);
	}
});
