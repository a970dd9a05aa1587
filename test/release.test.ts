/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions -- a jest suite about building and publishing the packages: never compiled into dist/ nor shipped; it needs node:fs, child processes (npm pack/publish, git, the build scripts), process and __dirname */
/**
 * Releasing the five packages: the GitHub workflows (nothing reaches GitHub
 * from here, so they are parsed and checked), the guard against a local
 * `npm publish` (tried for real against a fake registry on 127.0.0.1), and
 * `npm run release` (scripts/release.mjs) in a throw-away copy of the repository.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';

import { parse } from 'yaml';

const ROOT = path.resolve(__dirname, '..');
const rootPkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const PER_PROVIDER = fs
	.readdirSync(path.join(ROOT, 'packages'))
	.filter((d) => fs.existsSync(path.join(ROOT, 'packages', d, 'package.json')))
	.sort();
const ALL_FIVE = [rootPkg.name, ...PER_PROVIDER];

interface Step {
	name?: string;
	uses?: string;
	run?: string;
	with?: Record<string, string>;
	env?: Record<string, string>;
}
interface Workflow {
	on: Record<string, unknown>;
	permissions?: Record<string, string>;
	jobs: Record<string, { permissions?: Record<string, string>; steps: Step[] }>;
}
const workflow = (file: string) => parse(fs.readFileSync(path.join(ROOT, '.github', 'workflows', file), 'utf8')) as Workflow;
const steps = (wf: Workflow) => Object.values(wf.jobs).flatMap((j) => j.steps);
const runs = (wf: Workflow) => steps(wf).flatMap((s) => (s.run ?? '').split('\n').map((l) => l.trim()).filter(Boolean));

describe('.github/workflows/ci.yml', () => {
	const ci = workflow('ci.yml');

	test('runs on pull requests and on pushes to main', () => {
		expect(Object.keys(ci.on).sort()).toEqual(['pull_request', 'push']);
		expect(ci.on.push).toEqual({ branches: ['main'] });
	});

	test('installs with npm ci, lints, builds and tests, read-only', () => {
		const commands = runs(ci);
		const at = (c: string) => commands.indexOf(c);
		for (const c of ['npm ci', 'npm run lint', 'npm run build:packages', 'npm test']) expect(commands).toContain(c);
		expect(at('npm ci')).toBeLessThan(at('npm run lint'));
		expect(at('npm run lint')).toBeLessThan(at('npm test'));
		expect(ci.permissions).toEqual({ contents: 'read' });
		expect(steps(ci).some((s) => s.run === 'npm run test:e2e:packages' && s.env?.E2E_PACKAGES)).toBe(true);
	});
});

describe('.github/workflows/publish.yml', () => {
	const pub = workflow('publish.yml');
	const job = Object.values(pub.jobs)[0];

	test('runs on version tags only', () => {
		expect(pub.on).toEqual({ push: { tags: ['v*'] } });
		expect(Object.keys(pub.jobs)).toHaveLength(1);
	});

	test('permissions: id-token write (npm provenance), contents read, nothing else', () => {
		expect(job.permissions).toEqual({ 'id-token': 'write', contents: 'read' });
		expect(pub.permissions).toBeUndefined();
	});

	test('builds, checks and scans before the first publish', () => {
		const commands = runs(pub);
		const firstPublish = commands.findIndex((c) => c.startsWith('npm publish'));
		for (const c of ['npm ci', 'npm run lint', 'npm run build:packages', 'node scripts/build-packages.mjs --check', 'npm run scan']) {
			expect(commands.indexOf(c)).toBeGreaterThanOrEqual(0);
			expect(commands.indexOf(c)).toBeLessThan(firstPublish);
		}
		expect(commands.some((c) => c.includes('$GITHUB_REF_NAME') && c.includes('package.json'))).toBe(true);
	});

	test('publishes every one of the five packages, each with --provenance --access public', () => {
		const publishes = runs(pub).filter((c) => c.startsWith('npm publish'));
		const published = publishes.map((c) => {
			const folder = c.split(/\s+/).find((a) => a.startsWith('./'));
			return folder ? JSON.parse(fs.readFileSync(path.join(ROOT, folder, 'package.json'), 'utf8')).name : rootPkg.name;
		});
		expect(published.sort()).toEqual([...ALL_FIVE].sort());
		for (const c of publishes) {
			expect(c.split(/\s+/)).toEqual(expect.arrayContaining(['--provenance', '--access', 'public']));
		}
		// The all-in-one's prepublishOnly (n8n-node prerelease) runs and is let through by RELEASE_MODE.
		const rootStep = steps(pub).find((s) => s.run?.trim().startsWith('npm publish --'));
		expect(rootStep?.run).toContain('--ignore-scripts=false');
		expect(rootStep?.env).toEqual({ RELEASE_MODE: 'true' });
	});
});

describe('a local npm publish is refused', () => {
	let server: http.Server;
	let registry: string;
	const received: string[] = [];

	beforeAll(async () => {
		server = http.createServer((req, res) => {
			received.push(`${req.method} ${req.url}`);
			req.resume();
			req.on('end', () => {
				res.writeHead(req.method === 'PUT' ? 201 : 404, { 'content-type': 'application/json' });
				res.end('{}');
			});
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		registry = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
	});
	afterAll(async () => await new Promise((resolve) => server.close(resolve)));

	/**
	 * `npm publish` as on a maintainer's machine (no CI variables, scripts off as
	 * this repository's .npmrc has it), against the fake registry. It runs in a
	 * copy holding only the package.json (what the guard lives in), so the
	 * other suites rebuilding packages/ at the same time cannot interfere.
	 */
	function publish(dir: string, extra: string[] = []) {
		const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'publish-guard-'));
		fs.copyFileSync(path.join(dir, 'package.json'), path.join(copy, 'package.json'));
		const env: NodeJS.ProcessEnv = {};
		for (const [k, v] of Object.entries(process.env)) {
			if (/^(npm_|GITHUB_|ACTIONS_|CI$|GITLAB_|RELEASE_MODE$)/i.test(k)) continue;
			env[k] = v;
		}
		return new Promise<{ code: number | null; output: string }>((resolve) => {
			const child = spawn('npm', ['publish', '--ignore-scripts', `--registry=${registry}`, `--${registry.replace(/^http:/, '')}:_authToken=not-a-token`, ...extra], { cwd: copy, env });
			let output = '';
			child.stdout.on('data', (d) => (output += d));
			child.stderr.on('data', (d) => (output += d));
			child.on('exit', (code) => {
				fs.rmSync(copy, { recursive: true, force: true });
				resolve({ code, output });
			});
		});
	}

	test.each(ALL_FIVE)('%s: publishConfig.provenance makes npm refuse without a CI provider; nothing reaches the registry', async (name) => {
		const dir = name === rootPkg.name ? ROOT : path.join(ROOT, 'packages', name);
		expect(JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).publishConfig).toEqual({ access: 'public', provenance: true });
		received.length = 0;
		const { code, output } = await publish(dir);
		expect(code).not.toBe(0);
		expect(output).toMatch(/EUSAGE[\s\S]*provenance generation not supported for provider: null/);
		expect(received.filter((r) => r.startsWith('PUT'))).toEqual([]);
	}, 60_000);

	test('control: the same publish with provenance off does reach the fake registry (so the refusal above is the guard)', async () => {
		received.length = 0;
		const { code } = await publish(path.join(ROOT, 'packages', PER_PROVIDER[0]), ['--provenance=false']);
		expect(code).toBe(0);
		expect(received).toContain(`PUT /${PER_PROVIDER[0]}`);
	}, 60_000);

	test('prepublishOnly is the scaffold\'s guard (n8n-node prerelease): it refuses without RELEASE_MODE', () => {
		expect(rootPkg.scripts.prepublishOnly).toBe('n8n-node prerelease');
		const bin = path.join(ROOT, 'node_modules', '.bin', 'n8n-node');
		const env = { ...process.env };
		delete env.RELEASE_MODE;
		const refused = spawnSync(bin, ['prerelease'], { cwd: ROOT, env, encoding: 'utf8' });
		expect(refused.status).toBe(1);
		expect(refused.stdout + refused.stderr).toContain('Run `npm run release` to publish the package');
		expect(spawnSync(bin, ['prerelease'], { cwd: ROOT, env: { ...env, RELEASE_MODE: 'true' }, encoding: 'utf8' }).status).toBe(0);
	}, 60_000);
});

describe('npm run release (scripts/release.mjs), in a copy of the repository', () => {
	let copy: string;
	const git = (...args: string[]) => execFileSync('git', args, { cwd: copy, encoding: 'utf8', stdio: 'pipe' }).trim();

	beforeAll(() => {
		copy = fs.mkdtempSync(path.join(os.tmpdir(), 'release-test-'));
		// The working tree as it is (tracked and untracked, not ignored), dist/ and node_modules beside.
		const files = execFileSync('git', ['ls-files', '-co', '--exclude-standard', '-z'], { cwd: ROOT, encoding: 'utf8' }).split('\0').filter(Boolean);
		for (const f of files) {
			if (f === 'node_modules' || f.startsWith('node_modules/')) continue;
			const from = path.join(ROOT, f);
			const to = path.join(copy, f);
			const stat = fs.lstatSync(from, { throwIfNoEntry: false });
			if (!stat) continue;
			fs.mkdirSync(path.dirname(to), { recursive: true });
			if (stat.isSymbolicLink()) fs.symlinkSync(fs.readlinkSync(from), to);
			else fs.copyFileSync(from, to);
		}
		fs.cpSync(path.join(ROOT, 'dist'), path.join(copy, 'dist'), { recursive: true });
		fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(copy, 'node_modules'));
		git('init', '-q', '-b', 'main');
		git('-c', 'user.name=t', '-c', 'user.email=t@example.invalid', 'add', '-A');
		git('-c', 'user.name=t', '-c', 'user.email=t@example.invalid', 'commit', '-q', '-m', 'base');
	});
	afterAll(() => fs.rmSync(copy, { recursive: true, force: true }));

	test('bumps all five versions, dates the changelog, commits and tags; a second run with nothing unreleased refuses', () => {
		const env = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.invalid', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.invalid' };
		const run = (...args: string[]) => execFileSync(process.execPath, [path.join(copy, 'scripts', 'release.mjs'), ...args], { cwd: copy, env, encoding: 'utf8', stdio: 'pipe' });
		const [major, minor] = rootPkg.version.split('.').map(Number);
		const next = `${major}.${minor + 1}.0`;
		const out = run('minor', '--skip-checks');
		expect(out).toContain(`git push origin main v${next}`);
		const read = (f: string) => JSON.parse(fs.readFileSync(path.join(copy, f), 'utf8'));
		expect(read('package.json').version).toBe(next);
		expect(read('package-lock.json').version).toBe(next);
		for (const p of PER_PROVIDER) expect(read(`packages/${p}/package.json`).version).toBe(next);
		const changelog = fs.readFileSync(path.join(copy, 'CHANGELOG.md'), 'utf8');
		expect(changelog).toMatch(new RegExp(`## Unreleased\\n\\n## ${next.replace(/\./g, '\\.')} \\(\\d{4}-\\d{2}-\\d{2}\\)\\n\\n- `));
		expect(git('tag', '--list')).toBe(`v${next}`);
		expect(git('log', '-1', '--format=%s')).toBe(`Release v${next}`);
		expect(git('status', '--porcelain')).toBe('');
		expect(() => run('patch', '--skip-checks')).toThrow(/nothing under "## Unreleased"/);
	}, 120_000);
});
