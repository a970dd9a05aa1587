#!/usr/bin/env node
// `npm run scan`: n8n's verification scan (@n8n/scan-community-package) on
// all five packages, the way n8n runs it on a published one, but locally:
//
//   source leg   analyzePackage(<package root>, SOURCE_FILE_PATTERNS): for the
//                all-in-one the repository root; for a per-provider package
//                packages/<name>/ (its manifest and the source links there)
//   tarball leg  `npm pack` the package, unpack it, analyzePackage(<unpacked>,
//                ['**/*.js', 'package.json'])
//
// analyzePackage only fails on errors, so each leg is also linted with the
// scanner's own ESLint configuration (buildScanConfig) to count warnings.
// Needs `npm run build:packages` first (dist/ and packages/*/dist/).
// `--dir=PATH` scans one unpacked package folder with the tarball leg's patterns.
// Prints one line per leg; `--json` prints the results as JSON on the last line.
// Exit code 1 when any leg has an error or a warning.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

// eslint-plugin-n8n-nodes-base switches to its own test mode (every file
// treated as a node file) when NODE_ENV is "test", as it is under jest; n8n's
// scan never runs like that.
if (process.env.NODE_ENV === 'test') delete process.env.NODE_ENV;

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(ROOT, 'package.json'));
const scannerFile = require.resolve('@n8n/scan-community-package/scanner/scanner.mjs');
const scanner = await import(pathToFileURL(scannerFile));
// The ESLint and fast-glob the scanner itself resolves.
const scannerRequire = createRequire(scannerFile);
const { ESLint } = scannerRequire('eslint');
const glob = scannerRequire('fast-glob');

export const TARBALL_PATTERNS = ['**/*.js', 'package.json'];

function packageRoots() {
	const roots = [ROOT];
	const dir = path.join(ROOT, 'packages');
	for (const name of fs.existsSync(dir) ? fs.readdirSync(dir).sort() : []) {
		if (fs.existsSync(path.join(dir, name, 'package.json'))) roots.push(path.join(dir, name));
	}
	return roots;
}

/** npm pack `dir` and unpack the tarball into a new temporary folder; returns that folder. */
function packAndUnpack(dir, work) {
	const pack = spawnSync('npm', ['pack', '--json', '--pack-destination', work], { cwd: dir, encoding: 'utf8' });
	if (pack.status !== 0) throw new Error(`npm pack in ${dir} failed: ${pack.stderr}`);
	const json = pack.stdout.slice(pack.stdout.indexOf('['), pack.stdout.lastIndexOf(']') + 1);
	const [{ filename, files }] = JSON.parse(json);
	const out = fs.mkdtempSync(path.join(work, 'unpacked-'));
	const tar = spawnSync('tar', ['-xzf', path.join(work, filename), '-C', out, '--strip-components=1'], { encoding: 'utf8' });
	if (tar.status !== 0) throw new Error(`tar -xzf ${filename} failed: ${tar.stderr}`);
	return { dir: out, tarball: path.join(work, filename), files: files.map((f) => f.path) };
}

async function counts(dir, patterns) {
	const eslint = new ESLint({ cwd: dir, allowInlineConfig: false, overrideConfigFile: true, overrideConfig: await scanner.buildScanConfig() });
	const files = glob.sync(patterns, { cwd: dir, absolute: true, ignore: ['node_modules/**', '**/package-lock.json'] });
	const results = files.length > 0 ? await eslint.lintFiles(files) : [];
	const messages = results.flatMap((r) => r.messages.map((m) => `${path.relative(dir, r.filePath)}:${m.line}:${m.column} ${m.severity === 2 ? 'error' : 'warning'} ${m.message} (${m.ruleId})`));
	return {
		files: files.map((f) => path.relative(dir, f)).sort(),
		errors: results.reduce((n, r) => n + r.errorCount, 0),
		warnings: results.reduce((n, r) => n + r.warningCount, 0),
		messages,
	};
}

async function leg(name, kind, dir, patterns) {
	const verdict = await scanner.analyzePackage(dir, patterns);
	const { files, errors, warnings, messages } = await counts(dir, patterns);
	return { name, kind, passed: verdict.passed, errors, warnings, files, messages, details: verdict.details ?? verdict.message };
}

export async function scanAll({ log = console.log } = {}) {
	const work = fs.mkdtempSync(path.join(os.tmpdir(), 'scan-packages-'));
	const results = [];
	try {
		for (const dir of packageRoots()) {
			const { name } = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
			const source = await leg(name, 'source', dir, scanner.SOURCE_FILE_PATTERNS);
			const packed = packAndUnpack(dir, work);
			const tarball = await leg(name, 'tarball', packed.dir, TARBALL_PATTERNS);
			tarball.packed = packed.files;
			for (const r of [source, tarball]) {
				results.push(r);
				log(`${r.passed && r.errors + r.warnings === 0 ? 'ok  ' : 'FAIL'} ${r.name} ${r.kind}: ${r.files.length} files, ${r.errors} errors, ${r.warnings} warnings`);
				for (const m of r.messages) log(`       ${m}`);
			}
		}
	} finally {
		fs.rmSync(work, { recursive: true, force: true });
	}
	return results;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
	const json = process.argv.includes('--json');
	// --dir=PATH: only the tarball leg's patterns on an unpacked package folder.
	const only = process.argv.find((a) => a.startsWith('--dir='))?.slice('--dir='.length);
	const results = only
		? [await leg(JSON.parse(fs.readFileSync(path.join(only, 'package.json'), 'utf8')).name, 'folder', path.resolve(only), TARBALL_PATTERNS)]
		: await scanAll({ log: json ? () => {} : console.log });
	if (json) console.log(JSON.stringify(results));
	process.exit(results.every((r) => r.passed && r.errors === 0 && r.warnings === 0) ? 0 : 1);
}
