/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- a jest helper: never compiled into dist/ nor shipped, it reads the repository's markdown with node:fs and __dirname */
/**
 * The repository's markdown as the tests read it: code blocks, links and
 * headings outside code fences, and GitHub's anchor for a heading.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..');

export const readDoc = (file: string): string => readFileSync(join(ROOT, file), 'utf8');

export interface CodeBlock {
	lang: string;
	text: string;
	/** The nearest heading above the block. */
	heading: string;
}

/** Fenced code blocks, each with its language and the heading it sits under. */
export function codeBlocks(markdown: string): CodeBlock[] {
	const blocks: CodeBlock[] = [];
	let heading = '';
	let open: { lang: string; lines: string[] } | undefined;
	for (const line of markdown.split('\n')) {
		const fence = /^\s*```(\S*)/.exec(line);
		if (open) {
			if (fence && fence[1] === '') {
				blocks.push({ lang: open.lang, text: open.lines.join('\n'), heading });
				open = undefined;
			} else open.lines.push(line.replace(/^ {3}/, ''));
		} else if (fence) open = { lang: fence[1], lines: [] };
		else {
			const h = /^#{1,6} (.*)$/.exec(line);
			if (h) heading = h[1].trim();
		}
	}
	return blocks;
}

/** The markdown without its code blocks (links and headings are read from this). */
export function prose(markdown: string): string {
	let fenced = false;
	return markdown
		.split('\n')
		.filter((line) => {
			if (/^\s*```/.test(line)) {
				fenced = !fenced;
				return false;
			}
			return !fenced;
		})
		.join('\n');
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
export function anchor(heading: string): string {
	return heading
		.toLowerCase()
		.replace(/[^\p{L}\p{N}\- _]/gu, '')
		.replace(/ /g, '-');
}

/** The anchors of a markdown file's headings (GitHub numbers repeats: -1, -2, ...). */
export function anchors(markdown: string): Set<string> {
	const seen = new Map<string, number>();
	const out = new Set<string>();
	for (const match of prose(markdown).matchAll(/^#{1,6} (.*)$/gm)) {
		const base = anchor(match[1].trim());
		const n = seen.get(base) ?? 0;
		seen.set(base, n + 1);
		out.add(n === 0 ? base : `${base}-${n}`);
	}
	return out;
}

/** Links and images `[text](target)` outside code, with their targets. */
export function links(markdown: string): string[] {
	return [...prose(markdown).replace(/`[^`]*`/g, '').matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]);
}

/** The workflow JSON blocks of a markdown file (a JSON block with nodes and connections). */
export function workflowBlocks(markdown: string): Array<CodeBlock & { workflow: { nodes: Array<{ type: string; parameters: Record<string, unknown> }>; connections: unknown } }> {
	return codeBlocks(markdown)
		.filter((b) => b.lang === 'json')
		.flatMap((b) => {
			let parsed: unknown;
			try {
				parsed = JSON.parse(b.text);
			} catch {
				return [];
			}
			const w = parsed as { nodes?: unknown; connections?: unknown };
			return Array.isArray(w.nodes) && w.connections !== undefined ? [{ ...b, workflow: w as never }] : [];
		});
}
