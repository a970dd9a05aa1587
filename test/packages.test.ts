/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions -- a jest suite about building and publishing the packages: never compiled into dist/ nor shipped; it needs node:fs, child processes (npm pack/publish, git, the build scripts), process and __dirname */
/**
 * The four per-provider packages (scripts/build-packages.mjs) and n8n's
 * verification scan (scripts/scan-packages.mjs) on all five packages.
 * `npm test` builds dist/ first; this suite builds packages/<name>/ from it.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { LazyPackageDirectoryLoader } from 'n8n-core';
import type { INodeType } from 'n8n-workflow';

const ROOT = path.resolve(__dirname, '..');
const rootPkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

const EXPECTED = [
	{ pkg: 'n8n-nodes-adrop', node: 'adrop', dir: 'Adrop', credential: 'adropApi', credFile: 'AdropApi' },
	{ pkg: 'n8n-nodes-chabok', node: 'chabok', dir: 'Chabok', credential: 'chabokApi', credFile: 'ChabokApi' },
	{ pkg: 'n8n-nodes-hackle', node: 'hackle', dir: 'Hackle', credential: 'hackleApi', credFile: 'HackleApi' },
	{ pkg: 'n8n-nodes-traintracks', node: 'traintracks', dir: 'Traintracks', credential: 'traintracksApi', credFile: 'TraintracksApi' },
];

// The codex categories of n8n-nodes-base 2.41.1 (every categories entry of its
// dist/nodes/**/*.node.json; Analytics: Segment, PostHog, Google Analytics, ...).
const N8N_CATEGORIES = ['AI', 'Analytics', 'Communication', 'Core Nodes', 'Data & Storage', 'Developer Tools', 'Development', 'ECM', 'Finance & Accounting', 'HITL', 'Marketing', 'Miscellaneous', 'Productivity', 'Sales', 'Utility'];

function listFiles(dir: string, base = dir): string[] {
	return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
		const full = path.join(dir, e.name);
		return e.isDirectory() ? listFiles(full, base) : [path.relative(base, full)];
	});
}

function node(script: string, args: string[]) {
	return spawnSync(process.execPath, [path.join(ROOT, 'scripts', script), ...args], { cwd: ROOT, encoding: 'utf8', timeout: 280_000 });
}

beforeAll(() => {
	// dist/ is fresh (npm test builds it); this writes packages/<name>/{dist,README.md,LICENSE}.
	execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'build-packages.mjs')], { cwd: ROOT, stdio: 'pipe' });
});

describe('per-provider packages', () => {
	test('the committed manifests and source links are what build-packages generates', () => {
		const result = node('build-packages.mjs', ['--check']);
		expect(result.stderr).toBe('');
		expect(result.status).toBe(0);
	});

	test('exactly four, one per node of the all-in-one', () => {
		const dirs = fs.readdirSync(path.join(ROOT, 'packages')).sort();
		expect(dirs).toEqual(EXPECTED.map((e) => e.pkg));
		expect(rootPkg.n8n.nodes).toHaveLength(4);
	});

	describe.each(EXPECTED)('$pkg', ({ pkg, node: nodeName, dir, credential, credFile }) => {
		const pkgDir = path.join(ROOT, 'packages', pkg);
		const manifest = () => JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8'));

		test('package.json: what n8n verification asks for, same version as the all-in-one, no dependencies', () => {
			const m = manifest();
			expect(m).toMatchObject({
				name: pkg,
				version: rootPkg.version,
				license: 'MIT',
				author: rootPkg.author,
				repository: { ...rootPkg.repository, directory: `packages/${pkg}` },
				files: ['dist'],
				n8n: {
					n8nNodesApiVersion: 1,
					strict: true,
					nodes: [`dist/nodes/${dir}/${dir}.node.js`],
					credentials: [`dist/credentials/${credFile}.credentials.js`],
				},
				peerDependencies: { 'n8n-workflow': '*' },
				publishConfig: { provenance: true, access: 'public' },
			});
			expect(m.keywords).toContain('n8n-community-node-package');
			expect(m.keywords).toContain(nodeName);
			expect(m.description).toMatch(/\S{10,}/);
			expect(m.homepage).toMatch(new RegExp(`^${rootPkg.homepage}`));
			for (const key of ['dependencies', 'devDependencies', 'optionalDependencies', 'bundleDependencies', 'overrides', 'scripts', 'main']) {
				expect(m[key]).toBeUndefined();
			}
		});

		test('holds only its node, its credential, the shared files it requires and its icons', () => {
			const files = listFiles(path.join(pkgDir, 'dist')).sort();
			const others = EXPECTED.filter((e) => e.pkg !== pkg);
			for (const f of files) {
				// Shared helpers of the credentials (not a .credentials.js file) may come along; no other provider's credential.
				expect(f).toMatch(new RegExp(`^(nodes/${dir}/|nodes/shared/[\\w.-]+\\.js$|credentials/${credFile}\\.credentials\\.js$|credentials/(?![\\w.-]+\\.credentials\\.js$)[\\w.-]+\\.js$|icons/${nodeName}(\\.dark)?\\.svg$)`));
				for (const o of others) expect(f.toLowerCase()).not.toContain(o.node);
			}
			expect(files).toEqual(expect.arrayContaining([`nodes/${dir}/${dir}.node.js`, `nodes/${dir}/${dir}.node.json`, `credentials/${credFile}.credentials.js`, `icons/${nodeName}.svg`, `icons/${nodeName}.dark.svg`]));
			// Every compiled file of its own folder's current sources comes along (a stale
			// dist/ file whose source is gone does not); no declaration or map files.
			const own = listFiles(path.join(ROOT, 'nodes', dir)).map((f) => f.replace(/\.ts$/, '.js'));
			for (const f of own) expect(files).toContain(`nodes/${dir}/${f}`);
			expect(files.filter((f) => /\.(d\.ts|map)$/.test(f))).toEqual([]);
		});

		test('codex: the package\'s own node type; categories are names n8n\'s own nodes use', () => {
			const codex = JSON.parse(fs.readFileSync(path.join(pkgDir, 'dist', 'nodes', dir, `${dir}.node.json`), 'utf8'));
			const source = JSON.parse(fs.readFileSync(path.join(ROOT, 'nodes', dir, `${dir}.node.json`), 'utf8'));
			expect(codex).toEqual({ ...source, node: `${pkg}.${nodeName}` });
			expect(source.node).toBe(`${rootPkg.name}.${nodeName}`);
			expect(codex.categories.length).toBeGreaterThan(0);
			for (const category of codex.categories) expect(N8N_CATEGORIES).toContain(category);
		});

		test('closed under require: every relative require resolves inside the package, every other one is a module n8n provides', () => {
			const dist = path.join(pkgDir, 'dist');
			const shipped = new Set(listFiles(dist));
			const sharedUsed = new Set<string>();
			for (const f of shipped) {
				if (!f.endsWith('.js')) continue;
				const source = fs.readFileSync(path.join(dist, f), 'utf8');
				for (const [, , spec] of source.matchAll(/\brequire\((['"])([^'"]+)\1\)/g)) {
					if (spec.startsWith('.')) {
						const target = path.relative(dist, path.resolve(path.dirname(path.join(dist, f)), spec));
						expect([`${target}.js`, target].some((t) => shipped.has(t))).toBe(true);
						if (target.startsWith('nodes/shared/')) sharedUsed.add(`${target}.js`);
					} else expect(spec).toMatch(/^(n8n-workflow|zod|luxon|lodash|crypto|node:crypto)$/);
				}
			}
			// ...and no shared file rides along that nothing requires.
			expect([...shipped].filter((f) => f.startsWith('nodes/shared/')).sort()).toEqual([...sharedUsed].sort());
		});

		test('n8n-core loads exactly its node and credential, with the all-in-one\'s description', async () => {
			const loader = new LazyPackageDirectoryLoader(pkgDir);
			await loader.loadAll();
			expect(loader.packageName).toBe(pkg);
			expect(Object.keys(loader.known.nodes)).toEqual([nodeName]);
			expect(Object.keys(loader.known.credentials)).toEqual([credential]);
			const type = loader.getNode(nodeName).type as INodeType;
			const allInOne = new LazyPackageDirectoryLoader(ROOT);
			await allInOne.loadAll();
			// The same description; only the icon URLs name the package they are served from.
			const { iconUrl, ...rest } = type.description;
			const { iconUrl: allInOneIconUrl, ...allInOneRest } = (allInOne.getNode(nodeName).type as INodeType).description;
			expect(rest).toEqual(allInOneRest);
			expect(iconUrl).toEqual({ light: `icons/${pkg}/dist/icons/${nodeName}.svg`, dark: `icons/${pkg}/dist/icons/${nodeName}.dark.svg` });
			expect(allInOneIconUrl).toEqual({ light: `icons/${rootPkg.name}/dist/icons/${nodeName}.svg`, dark: `icons/${rootPkg.name}/dist/icons/${nodeName}.dark.svg` });
			expect(loader.getCredential(credential).type.name).toBe(credential);
		});

		test('README: generated, this provider\'s sections, the package\'s own node type in the examples', () => {
			const readme = fs.readFileSync(path.join(pkgDir, 'README.md'), 'utf8');
			expect(readme.startsWith(`# ${pkg}\n`)).toBe(true);
			for (const heading of ['## Installation', '## Operations', '## Credentials', `### ${dir} API`, '## Compatibility', '## Usage', '## Troubleshooting', '## License']) {
				expect(readme).toContain(`\n${heading}\n`);
			}
			expect(readme).toContain(`npm install ${pkg}`);
			expect(readme).not.toContain(`"type": "${rootPkg.name}.`);
			expect(readme).not.toContain(`npm install ${rootPkg.name}`);
			for (const o of EXPECTED.filter((e) => e.pkg !== pkg)) {
				expect(readme).not.toMatch(new RegExp(`^#+ ${o.dir}\\b`, 'm'));
				expect(readme).not.toMatch(new RegExp(`^\\| ${o.dir} `, 'm'));
			}
			expect(fs.readFileSync(path.join(pkgDir, 'LICENSE'), 'utf8')).toBe(fs.readFileSync(path.join(ROOT, 'LICENSE'), 'utf8'));
		});
	});
});

interface Leg {
	name: string;
	kind: string;
	passed: boolean;
	errors: number;
	warnings: number;
	files: string[];
	messages: string[];
	packed?: string[];
}

describe("n8n's verification scan (@n8n/scan-community-package analyzePackage)", () => {
	let legs: Leg[];
	beforeAll(() => {
		const result = node('scan-packages.mjs', ['--json']);
		legs = JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '[]');
	}, 300_000);

	test('all five packages, source and npm-pack tarball: 0 errors, 0 warnings', () => {
		const names = [rootPkg.name, ...EXPECTED.map((e) => e.pkg)];
		expect(legs.map((l) => `${l.name} ${l.kind}`).sort()).toEqual(names.flatMap((n) => [`${n} source`, `${n} tarball`]).sort());
		for (const leg of legs) {
			expect({ leg: `${leg.name} ${leg.kind}`, passed: leg.passed, errors: leg.errors, warnings: leg.warnings, messages: leg.messages }).toEqual({
				leg: `${leg.name} ${leg.kind}`,
				passed: true,
				errors: 0,
				warnings: 0,
				messages: [],
			});
		}
	});

	test('each leg linted the files that matter: package.json, the node and credential (source .ts, tarball .js)', () => {
		for (const e of EXPECTED) {
			const source = legs.find((l) => l.name === e.pkg && l.kind === 'source')!;
			expect(source.files).toEqual(expect.arrayContaining(['package.json', `nodes/${e.dir}/${e.dir}.node.ts`, `credentials/${e.credFile}.credentials.ts`]));
			const tarball = legs.find((l) => l.name === e.pkg && l.kind === 'tarball')!;
			expect(tarball.files).toEqual(expect.arrayContaining(['package.json', `dist/nodes/${e.dir}/${e.dir}.node.js`, `dist/credentials/${e.credFile}.credentials.js`]));
			// npm pack ships dist/, README, LICENSE and package.json only (no source links).
			expect(tarball.packed!.filter((f) => !f.startsWith('dist/')).sort()).toEqual(['LICENSE', 'README.md', 'package.json']);
		}
	});

	test('the scan is not toothless: a console.log in a packed node file is an error', () => {
		const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'scan-negative-'));
		try {
			const src = path.join(ROOT, 'packages', 'n8n-nodes-hackle');
			fs.cpSync(path.join(src, 'dist'), path.join(copy, 'dist'), { recursive: true });
			fs.copyFileSync(path.join(src, 'package.json'), path.join(copy, 'package.json'));
			const file = path.join(copy, 'dist', 'nodes', 'Hackle', 'transport.js');
			fs.appendFileSync(file, '\nconsole.log("x");\n');
			const result = node('scan-packages.mjs', ['--json', `--dir=${copy}`]);
			const [leg] = JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '[]') as Leg[];
			expect(result.status).toBe(1);
			expect(leg.passed).toBe(false);
			expect(leg.messages.join('\n')).toMatch(/dist\/nodes\/Hackle\/transport\.js:\d+:\d+ error .*\(no-console\)/);
		} finally {
			fs.rmSync(copy, { recursive: true, force: true });
		}
	}, 120_000);
});
