#!/usr/bin/env node
// `npm run release -- <patch|minor|major|X.Y.Z>`: prepare a release on a
// maintainer's machine. Nothing is published from here: pushing the tag this
// creates runs .github/workflows/publish.yml, which publishes all five
// packages with npm provenance (a local `npm publish` is refused, see
// docs/RELEASING.md).
//
//  1. refuses unless the working tree is clean and on main (--allow-branch to skip)
//     and CHANGELOG.md has entries under "## Unreleased"
//  2. npm run lint, npm test and npm run scan (--skip-checks to skip, e.g. in tests)
//  3. the new version in package.json and package-lock.json (npm version, no git),
//     in the four committed per-provider manifests (build-packages --manifests),
//     and in CHANGELOG.md ("## Unreleased" → "## X.Y.Z (date)", a new empty Unreleased)
//  4. one commit "Release vX.Y.Z" and an annotated tag vX.Y.Z; prints the push command
//
// --dry-run prints the new version and the changelog section, changes nothing.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const bump = args.find((a) => !a.startsWith('--'));

function fail(message) {
	console.error(`release: ${message}`);
	process.exit(1);
}

const sh = (cmd, cmdArgs, opts = {}) => execFileSync(cmd, cmdArgs, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], ...opts });

export function nextVersion(current, how) {
	if (/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(how)) return how;
	const m = /^(\d+)\.(\d+)\.(\d+)/.exec(current);
	if (!m) throw new Error(`package.json version ${current} is not X.Y.Z`);
	const [major, minor, patch] = m.slice(1).map(Number);
	if (how === 'major') return `${major + 1}.0.0`;
	if (how === 'minor') return `${major}.${minor + 1}.0`;
	if (how === 'patch') return `${major}.${minor}.${patch + 1}`;
	throw new Error(`"${how}" is not patch, minor, major or a version X.Y.Z`);
}

/** CHANGELOG.md with the Unreleased entries moved under the new version. */
export function changelogFor(text, version, date) {
	const start = text.indexOf('\n## Unreleased\n');
	if (start < 0) throw new Error('CHANGELOG.md has no "## Unreleased" section');
	const bodyStart = start + '\n## Unreleased\n'.length;
	const next = text.indexOf('\n## ', bodyStart);
	const body = text.slice(bodyStart, next < 0 ? undefined : next).trim();
	if (!body) throw new Error('CHANGELOG.md: nothing under "## Unreleased"; write down what this release changes first');
	const rest = next < 0 ? '' : text.slice(next);
	return { body, text: `${text.slice(0, start)}\n## Unreleased\n\n## ${version} (${date})\n\n${body}\n${rest}` };
}

if (import.meta.url === `file://${process.argv[1]}`) {
	if (!bump) fail('usage: npm run release -- <patch|minor|major|X.Y.Z> [--dry-run] [--skip-checks] [--allow-branch]');
	const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
	let version;
	try {
		version = nextVersion(pkg.version, bump);
	} catch (error) {
		fail(error.message);
	}
	const tag = `v${version}`;
	const date = new Date().toISOString().slice(0, 10);
	let changelog;
	try {
		changelog = changelogFor(fs.readFileSync(path.join(ROOT, 'CHANGELOG.md'), 'utf8'), version, date);
	} catch (error) {
		fail(error.message);
	}
	if (flag('--dry-run')) {
		console.log(`${pkg.version} → ${version} (tag ${tag})\n\n## ${version} (${date})\n\n${changelog.body}`);
		process.exit(0);
	}
	if (sh('git', ['status', '--porcelain']).trim()) fail('the working tree has changes; commit or stash them first');
	const branch = sh('git', ['rev-parse', '--abbrev-ref', 'HEAD']).trim();
	if (branch !== 'main' && !flag('--allow-branch')) fail(`on branch ${branch}; releases are made from main (--allow-branch to override)`);
	if (sh('git', ['tag', '--list', tag]).trim()) fail(`tag ${tag} exists already`);

	if (!flag('--skip-checks')) {
		for (const script of ['lint', 'test', 'scan']) sh('npm', ['run', script], { stdio: 'inherit' });
	}
	sh('npm', ['version', version, '--no-git-tag-version', '--ignore-scripts']);
	sh(process.execPath, [path.join(ROOT, 'scripts', 'build-packages.mjs'), '--manifests']);
	fs.writeFileSync(path.join(ROOT, 'CHANGELOG.md'), changelog.text);
	sh('git', ['add', 'package.json', 'package-lock.json', 'CHANGELOG.md', 'packages']);
	sh('git', ['commit', '-q', '-m', `Release ${tag}`]);
	sh('git', ['tag', '-a', tag, '-m', `${tag}\n\n${changelog.body}`]);
	console.log(`Release ${tag} committed and tagged. Publish it (GitHub Actions, publish.yml):\n  git push origin ${branch} ${tag}`);
}
