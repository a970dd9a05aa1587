#!/usr/bin/env node
// `npm run build:packages`: one installable package per provider, from the
// compiled all-in-one build in dist/ (run `npm run build` first; the npm
// script does). For each node listed in package.json → n8n.nodes:
//
//   packages/n8n-nodes-<node>/package.json   the manifest (committed: n8n's
//        scanner finds a published package's source by looking, in the commit
//        its npm provenance names, for a package.json with the package's name)
//   packages/n8n-nodes-<node>/{nodes,credentials,icons}/...  symlinks (committed) to the
//        sources of this node: its folder, nodes/shared, its credential, its icons.
//        The scanner lints `{nodes,credentials}/**` of that package root, so
//        these make it lint the TypeScript this package is built from.
//   packages/n8n-nodes-<node>/dist/...        generated: the node, its credential(s),
//        every compiled file they require (the require graph of the compiled
//        JS, followed from the node and credential files, so new shared files
//        come along by themselves), the codex (.node.json) and the icons their
//        `file:` references name; paths as in dist/ of the all-in-one
//   packages/n8n-nodes-<node>/README.md       generated from this provider's parts of README.md
//   packages/n8n-nodes-<node>/LICENSE         copied from the root
//
// Options:
//   --check        do not write; exit 1 when a committed manifest or source link
//                  differs from what this script generates (test/packages.test.ts)
//   --manifests    (re)write only the committed manifests and links (after a version bump)
//   --only=a,b     only these nodes (node names, e.g. hackle)
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const PACKAGES_DIR = path.join(ROOT, 'packages');

/** Modules n8n gives a community package at run time (and n8n's lint allows). */
const RUNTIME_MODULES = /^(n8n-workflow|zod(\/.*)?|luxon|lodash(\/.*)?|moment|p-limit|crypto|node:crypto)$/;

const readJson = (file) => JSON.parse(fs.readFileSync(file, 'utf8'));

/** Every `require("x")` in a compiled CommonJS file. */
function requiresOf(source) {
	return [...source.matchAll(/\brequire\(\s*(['"])([^'"]+)\1\s*\)/g)].map((m) => m[2]);
}

/** Every `file:<path>` icon reference in a compiled file (resolved relative to that file by n8n). */
function fileRefsOf(source) {
	return [...source.matchAll(/(['"])file:([^'"]+)\1/g)].map((m) => m[2]);
}

function resolveRelative(fromFile, spec) {
	const base = path.resolve(path.dirname(fromFile), spec);
	for (const candidate of [base, `${base}.js`, `${base}.json`, path.join(base, 'index.js')]) {
		if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
	}
	throw new Error(`${path.relative(ROOT, fromFile)}: require("${spec}") does not resolve to a compiled file (run npm run build)`);
}

/**
 * The files a package needs, starting from `entries` (absolute paths of
 * compiled .js files): the closure over relative requires, each file's icons,
 * and each node file's codex. Returns absolute paths, sorted.
 */
export function collectFiles(entries, { root = ROOT } = {}) {
	const dist = path.join(root, 'dist');
	const seen = new Set();
	const queue = [...entries];
	while (queue.length > 0) {
		const file = queue.shift();
		if (seen.has(file)) continue;
		if (!file.startsWith(dist + path.sep)) throw new Error(`${file} is outside dist/`);
		seen.add(file);
		if (!file.endsWith('.js')) continue;
		const source = fs.readFileSync(file, 'utf8');
		for (const spec of requiresOf(source)) {
			if (spec.startsWith('.')) queue.push(resolveRelative(file, spec));
			else if (!RUNTIME_MODULES.test(spec)) {
				throw new Error(`${path.relative(root, file)} requires "${spec}", which n8n does not give community packages`);
			}
		}
		for (const ref of fileRefsOf(source)) {
			const icon = path.resolve(path.dirname(file), ref);
			if (!fs.existsSync(icon)) throw new Error(`${path.relative(root, file)}: icon ${ref} not found (run npm run build)`);
			queue.push(icon);
		}
		const codex = file.replace(/\.node\.js$/, '.node.json');
		if (codex !== file && fs.existsSync(codex)) queue.push(codex);
	}
	return [...seen].sort();
}

/** The nodes and credentials of the all-in-one package, read from the compiled classes. */
export function describeBuild({ root = ROOT } = {}) {
	const rootPkg = readJson(path.join(root, 'package.json'));
	const require = createRequire(path.join(root, 'package.json'));
	const instance = (file) => {
		const exported = require(path.join(root, file));
		const Class = Object.values(exported).find((v) => typeof v === 'function' && /^class\b/.test(Function.prototype.toString.call(v)));
		if (!Class) throw new Error(`${file} exports no class`);
		return new Class();
	};
	const credentials = rootPkg.n8n.credentials.map((file) => ({ file, ...pick(instance(file), ['name', 'displayName']) }));
	const nodes = rootPkg.n8n.nodes.map((file) => {
		const { description } = instance(file);
		const credentialNames = (description.credentials ?? []).map((c) => c.name);
		const own = credentialNames.map((name) => {
			const cred = credentials.find((c) => c.name === name);
			if (!cred) throw new Error(`${file} uses credential ${name}, which package.json does not list`);
			return cred;
		});
		return {
			file,
			name: description.name,
			displayName: description.displayName,
			description: description.description,
			credentials: own,
			packageName: `n8n-nodes-${description.name.toLowerCase()}`,
		};
	});
	return { rootPkg, nodes, credentials };
}

function pick(object, keys) {
	return Object.fromEntries(keys.map((k) => [k, object[k]]));
}

/** package.json of a per-provider package: everything n8n's verification asks for, nothing else. */
export function manifestFor(node, rootPkg) {
	const others = ['hackle', 'adrop', 'traintracks', 'chabok'].filter((n) => n !== node.name.toLowerCase());
	return {
		name: node.packageName,
		version: rootPkg.version,
		description: `n8n community node for ${node.displayName}: ${node.description.replace(/\.$/, '')}. Validated, batched where the API allows, retried without duplicates.`,
		keywords: ['n8n-community-node-package', ...rootPkg.keywords.filter((k) => k !== 'n8n-community-node-package' && !others.includes(k))],
		license: rootPkg.license,
		homepage: `${rootPkg.homepage}/tree/main/packages/${node.packageName}#readme`,
		author: rootPkg.author,
		repository: { ...rootPkg.repository, directory: `packages/${node.packageName}` },
		engines: rootPkg.engines,
		files: ['dist'],
		n8n: {
			n8nNodesApiVersion: 1,
			strict: true,
			credentials: node.credentials.map((c) => c.file),
			nodes: [node.file],
		},
		peerDependencies: { 'n8n-workflow': '*' },
		publishConfig: rootPkg.publishConfig,
	};
}

/**
 * The committed symlinks of a package root (relative link path → target),
 * from the compiled files it ships: its node folder, nodes/shared when used,
 * each credential's .ts source and each icon.
 */
export function sourceLinksFor(node, files, { root = ROOT } = {}) {
	const links = {};
	const link = (rel) => {
		if (!fs.existsSync(path.join(root, rel))) throw new Error(`${rel} (source of ${node.packageName}) does not exist`);
		links[rel] = '';
	};
	for (const file of files) {
		const rel = path.relative(path.join(root, 'dist'), file).split(path.sep);
		if (rel[0] === 'nodes') link(`nodes/${rel[1]}`);
		else if (rel[0] === 'credentials') link(`credentials/${rel[1].replace(/\.js$/, '.ts')}`);
		else if (rel[0] === 'icons') link(`icons/${rel[1]}`);
	}
	// relative to the link's own folder: packages/<name>/<dir>/<entry> → ../../../<dir>/<entry>
	for (const rel of Object.keys(links)) links[rel] = path.relative(path.dirname(path.join(PACKAGES_DIR, node.packageName, rel)), path.join(root, rel));
	return links;
}

function filesOf(node, root) {
	const entries = [node.file, ...node.credentials.map((c) => c.file)].map((f) => path.join(root, f));
	const files = collectFiles(entries, { root });
	const foreign = files.filter((f) => {
		const rel = path.relative(path.join(root, 'dist', 'nodes'), f);
		return !rel.startsWith('..') && !rel.startsWith(`${path.dirname(path.relative('dist/nodes', node.file))}${path.sep}`) && !rel.startsWith(`shared${path.sep}`);
	});
	if (foreign.length > 0) throw new Error(`${node.name} requires another provider's files: ${foreign.map((f) => path.relative(root, f)).join(', ')}`);
	return files;
}

/** What differs between the package root's committed entries and what it should hold. */
function linkProblems(dir, links) {
	const problems = [];
	for (const [rel, target] of Object.entries(links)) {
		const at = path.join(dir, rel);
		let actual;
		try {
			actual = fs.readlinkSync(at);
		} catch {
			actual = undefined;
		}
		if (actual !== target) problems.push(`${rel} should link to ${target}${actual ? `, links to ${actual}` : ', missing'}`);
	}
	for (const top of ['nodes', 'credentials', 'icons']) {
		const folder = path.join(dir, top);
		if (!fs.existsSync(folder)) continue;
		for (const entry of fs.readdirSync(folder)) if (!links[`${top}/${entry}`]) problems.push(`${top}/${entry} should not be there`);
	}
	return problems;
}

function writeLinks(dir, links) {
	for (const top of ['nodes', 'credentials', 'icons']) fs.rmSync(path.join(dir, top), { recursive: true, force: true });
	for (const [rel, target] of Object.entries(links)) {
		fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
		fs.symlinkSync(target, path.join(dir, rel));
	}
}

const manifestPath = (node) => path.join(PACKAGES_DIR, node.packageName, 'package.json');
const manifestText = (manifest) => JSON.stringify(manifest, null, 2) + '\n';

// ---------------------------------------------------------------- README ---

/** README.md split into sections by heading, code fences respected. */
export function parseSections(markdown) {
	const lines = markdown.split('\n');
	const sections = [];
	let current = { level: 0, title: '', lines: [] };
	let fence = false;
	for (const line of lines) {
		if (/^(```|~~~)/.test(line)) fence = !fence;
		const heading = !fence && /^(#{1,6}) (.*)$/.exec(line);
		if (heading) {
			sections.push(current);
			current = { level: heading[1].length, title: heading[2].trim(), lines: [] };
		} else current.lines.push(line);
	}
	sections.push(current);
	return sections;
}

/** The section `title` at `level` with all its subsections, as markdown (heading shifted by `shift`). */
function sectionText(sections, title, level, shift = 0, { withHeading = true } = {}) {
	const start = sections.findIndex((s) => s.level === level && s.title === title);
	if (start < 0) return undefined;
	const out = [];
	for (let i = start; i < sections.length; i++) {
		const s = sections[i];
		if (i > start && s.level <= level) break;
		if (i > start || withHeading) out.push(`${'#'.repeat(Math.min(6, s.level + shift))} ${s.title}`);
		out.push(...s.lines);
	}
	return out.join('\n').trim();
}

/**
 * Keep what concerns `provider`: table rows and bullet/paragraph blocks that
 * start with another provider's name go; "Other:" blocks (a line "Adrop:"
 * followed by its list) go up to the next such label or heading.
 */
function keepProvider(text, provider, all) {
	const others = all.filter((p) => p !== provider);
	const startsWithOther = (s) => others.some((o) => new RegExp(`^\\W*${o}\\b`).test(s));
	const out = [];
	let skipping = false;
	let fence = false;
	for (const line of text.split('\n')) {
		if (/^(```|~~~)/.test(line)) fence = !fence;
		if (!fence) {
			const label = /^([A-Z][A-Za-z]+):$/.exec(line.trim());
			if (label && all.includes(label[1])) {
				skipping = label[1] !== provider;
				if (skipping) continue;
			} else if (/^#/.test(line)) skipping = false;
			if (skipping) continue;
			const row = /^\|([^|]*)\|/.exec(line);
			if (row && startsWithOther(row[1].trim())) continue;
			if (/^- /.test(line) && startsWithOther(line.slice(2))) continue;
		} else if (skipping) continue;
		out.push(line);
	}
	return out.join('\n');
}

/** Links to anchors this README lacks and to repository files become links to the repository. */
function fixLinks(text, rootPkg, anchors) {
	const repoReadme = `${rootPkg.homepage}#`;
	return text.replace(/\]\((#[^)]+|(?!https?:|mailto:)[^)#]+(?:#[^)]*)?)\)/g, (match, target) => {
		if (target.startsWith('#')) return anchors.has(target.slice(1)) ? match : `](${repoReadme}${target.slice(1)})`;
		return `](${rootPkg.homepage}/blob/main/${target})`;
	});
}

function slug(title) {
	return title
		.toLowerCase()
		.replace(/[^\w\- ]/g, '')
		.replace(/ /g, '-');
}

export function readmeFor(node, { rootPkg, readme, providers }) {
	const sections = parseSections(readme);
	const p = node.displayName;
	const pkg = node.packageName;
	const nodeType = (text) => text.replaceAll(`${rootPkg.name}.${node.name}`, `${pkg}.${node.name}`);
	const need = (text, what) => {
		if (text === undefined) throw new Error(`README.md has no ${what} section (needed for the ${pkg} README)`);
		return text;
	};
	const operations = sections.some((x) => x.level === 2 && x.title === 'Operations') ? 'Operations' : 'Nodes and operations';
	const overviewTable = need(sectionText(sections, operations, 2, 0, { withHeading: false }), `"## ${operations}"`)
		.split('\n')
		.filter((l) => l.startsWith('|'))
		.filter((l, i) => i < 2 || l.startsWith(`| ${p} |`))
		.join('\n');
	// ## Credentials: its introduction, its generic subsections (e.g. what Test checks), this provider's "### <P> API".
	const credentials = (() => {
		const start = sections.findIndex((x) => x.level === 2 && x.title === 'Credentials');
		if (start < 0) return undefined;
		const out = [sections[start].lines.join('\n')];
		for (let i = start + 1; i < sections.length && sections[i].level > 2; i++) {
			const sub = sections[i];
			if (sub.level !== 3) continue;
			const forProvider = / API$/.test(sub.title);
			if (forProvider && sub.title !== `${p} API`) continue;
			out.push(sectionText(sections, sub.title, 3, 0));
		}
		return keepProvider(out.join('\n\n'), p, providers);
	})();
	const ownInstall = (text) => nodeType(text).replaceAll(`npm install ${rootPkg.name}`, `npm install ${pkg}`);
	const optional = (title) => {
		const text = sectionText(sections, title, 2);
		return text === undefined ? [] : [ownInstall(keepProvider(text, p, providers)), ''];
	};
	const parts = [
		`# ${pkg}`,
		'',
		`An [n8n](https://n8n.io/) community node for **${p}**: ${node.description.replace(/\.$/, '')}.`,
		'',
		`This package holds only the ${p} node and its credential. It is built from the same source as ` +
			`[${rootPkg.name}](${rootPkg.homepage}), the package with all four event-tracking nodes (Hackle, Adrop, ` +
			`Traintracks, Chabok); the ${p} node behaves the same in both. Install **one of the two, not both** (see Installation).`,
		'',
		'*This README is generated from the repository README by `npm run build:packages`.*',
		'',
		'## Installation',
		'',
		installationText(node, rootPkg),
		'',
		'## Operations',
		'',
		overviewTable,
		'',
		nodeType(keepProvider(need(sectionText(sections, p, 3, -1, { withHeading: false }), `"### ${p}"`), p, providers)),
		'',
		'## Credentials',
		'',
		need(credentials, '"## Credentials"'),
		'',
		nodeType(keepProvider(need(sectionText(sections, 'Usage', 2), '"## Usage"'), p, providers)),
		'',
		need(sectionText(sections, 'Compatibility', 2), '"## Compatibility"'),
		'',
		...optional('Limits'),
		...optional('Reliability'),
		...optional('Scaling'),
		ownInstall(keepProvider(need(sectionText(sections, 'Troubleshooting', 2), '"## Troubleshooting"'), p, providers)),
		'',
		...optional('Resources'),
		...optional('Version history'),
		'## License',
		'',
		`[MIT](${rootPkg.homepage}/blob/main/LICENSE)`,
		'',
	];
	let text = parts.join('\n').replace(/\n{3,}/g, '\n\n');
	const anchors = new Set(parseSections(text).map((s) => slug(s.title)));
	text = fixLinks(text, rootPkg, anchors);
	return text;
}

function installationText(node, rootPkg) {
	const pkg = node.packageName;
	const creds = node.credentials.map((c) => `\`${c.name}\``).join(', ');
	return [
		`In n8n: **Settings → Community Nodes → Install**, enter \`${pkg}\`, confirm. Self-hosted, from a terminal:`,
		'',
		'```sh',
		'cd ~/.n8n/nodes            # <N8N_USER_FOLDER>/.n8n/nodes; create it if missing',
		`npm install ${pkg}`,
		'# restart n8n',
		'```',
		'',
		`No runtime dependencies: only what n8n gives community nodes (\`n8n-workflow\`, \`zod\`, \`luxon\`).`,
		'',
		`**One package or the other.** The node type here is \`${pkg}.${node.name}\`; in the all-in-one package ` +
			`\`${rootPkg.name}\` it is \`${rootPkg.name}.${node.name}\`. The credential type (${creds}) has the same name in ` +
			'both, and n8n keeps one credential type per name, so installed side by side the two packages would share one ' +
			'credential definition from whichever n8n loaded last. Do not install both. To move workflows from one package to ' +
			`the other, see [docs/MIGRATING.md](${rootPkg.homepage}/blob/main/docs/MIGRATING.md): credentials stay as they ` +
			'are, only the node type in each workflow changes.',
		'',
		'**n8n 3 and n8n Cloud** install only verified community packages unless `N8N_UNVERIFIED_PACKAGES_ENABLED=true` ' +
			'is set (self-hosted). **Queue mode**: install the package on the main process and on every worker (and webhook process).',
	].join('\n');
}

// ----------------------------------------------------------------- build ---

/** Copy the files; a node's codex gets its `node` field set to the package's node type (n8n's loader ignores it, readers do not). */
function copyInto(files, target, root, packageName) {
	for (const file of files) {
		const to = path.join(target, path.relative(root, file));
		fs.mkdirSync(path.dirname(to), { recursive: true });
		if (file.endsWith('.node.json')) {
			const codex = readJson(file);
			if (typeof codex.node === 'string') codex.node = `${packageName}.${codex.node.split('.').pop()}`;
			fs.writeFileSync(to, JSON.stringify(codex, null, '\t') + '\n');
		} else fs.copyFileSync(file, to);
	}
}

export function buildPackages({ root = ROOT, only, check = false, manifestsOnly = false, log = console.log } = {}) {
	const { rootPkg, nodes } = describeBuild({ root });
	const selected = only ? nodes.filter((n) => only.includes(n.name)) : nodes;
	if (only && selected.length !== only.length) throw new Error(`unknown node(s) in --only: ${only.join(', ')}`);
	const providers = nodes.map((n) => n.displayName);
	const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
	const stale = [];
	const built = [];
	for (const node of selected) {
		const manifest = manifestFor(node, rootPkg);
		const file = manifestPath(node);
		const dir = path.dirname(file);
		const want = manifestText(manifest);
		const files = filesOf(node, root);
		const links = sourceLinksFor(node, files, { root });
		if (check) {
			const have = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
			if (have !== want) stale.push(`${path.relative(root, file)} differs`);
			stale.push(...linkProblems(dir, links).map((p) => `${path.relative(root, dir)}/${p}`));
			continue;
		}
		fs.mkdirSync(dir, { recursive: true });
		fs.writeFileSync(file, want);
		writeLinks(dir, links);
		if (manifestsOnly) continue;

		fs.rmSync(path.join(dir, 'dist'), { recursive: true, force: true });
		copyInto(files, dir, root, node.packageName);
		fs.writeFileSync(path.join(dir, 'README.md'), readmeFor(node, { rootPkg, readme, providers }));
		fs.copyFileSync(path.join(root, 'LICENSE'), path.join(dir, 'LICENSE'));
		built.push({ name: node.packageName, dir, files: files.map((f) => path.relative(root, f)) });
		log(`${node.packageName}@${manifest.version}: ${files.length} files → ${path.relative(root, dir)}/`);
	}
	if (check && stale.length > 0) {
		throw new Error(`out of date (run npm run build:packages and commit):\n  ${stale.join('\n  ')}`);
	}
	return built;
}

if (import.meta.url === `file://${process.argv[1]}`) {
	const args = process.argv.slice(2);
	const only = args.find((a) => a.startsWith('--only='))?.slice('--only='.length).split(',');
	try {
		buildPackages({ only, check: args.includes('--check'), manifestsOnly: args.includes('--manifests') });
		if (args.includes('--check')) console.log('per-provider manifests are up to date');
	} catch (error) {
		console.error(error.message);
		process.exit(1);
	}
}
