#!/usr/bin/env node
// `npm run dev` and `npm run demo`: real n8n with this package, on this machine, in one command.
//
//   npm run dev            n8n (the pinned version, on Node 24 from the npm `node` package, installed once
//                          into the cache the e2e suite uses) with the package installed as a user installs
//                          it (npm pack → <user folder>/.n8n/nodes), TypeScript recompiled into that install
//                          on every change (tsc --watch) and n8n reloading it (N8N_DEV_RELOAD)
//   npm run demo           the same, plus the fake providers on 127.0.0.1 (they check every request against
//                          the providers' documents, the md5 signature included), four credentials pointing at
//                          them, every workflow of examples/ imported and active, a curl printed per workflow,
//                          and a page listing what the providers received
//
// Options (after `--`, e.g. `npm run demo -- --port 5690`):
//   --port N      n8n's port (default 5678; the providers' page takes N+2)
//   --no-watch    no tsc --watch (what the demo's own test uses)
//   --fresh       start from an empty n8n folder (kept between runs otherwise, beside the n8n cache)
// Everything listens on 127.0.0.1 only; Ctrl-C stops every process this started, each by its own id.
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { ensureN8n, N8N_VERSION, cacheDir } from '../test/e2e/lib/install.mjs';
import { buildTarball, installPackage, N8n } from '../test/e2e/lib/n8n.mjs';
import { cleanupAll, onCleanup, startProcess, trapSignals } from '../test/e2e/lib/procs.mjs';
import { startDemoProviders } from './demo-providers.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DEV = path.join(ROOT, '.dev');
// n8n's user folder (its database, the installed package, and the editor's ~700 static files it copies into
// .cache/n8n/public) stays out of the source tree, where ESLint, which reads no .gitignore, would lint them
// all: beside the n8n cache, one folder per clone.
const USER_FOLDER = path.join(path.dirname(cacheDir()), `dev-n8n-${createHash('sha256').update(ROOT).digest('hex').slice(0, 8)}`);
const PACKAGE = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).name;
/** The owner n8n creates from its environment (N8N_INSTANCE_OWNER_*): the editor asks to sign in, never to sign up. */
export const DEMO_OWNER = { email: 'demo@example.com', password: 'Demo-Passw0rd', firstName: 'Demo', lastName: 'Owner' };

class SetupError extends Error {}

function parseArgs(argv) {
	const args = { demo: false, watch: true, fresh: false, port: 5678 };
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i];
		if (a === '--demo') args.demo = true;
		else if (a === '--no-watch') args.watch = false;
		else if (a === '--fresh') args.fresh = true;
		else if (a === '--port' || a.startsWith('--port=')) {
			const value = a.includes('=') ? a.split('=')[1] : argv[++i];
			args.port = Number(value);
			if (!Number.isInteger(args.port) || args.port < 1024 || args.port > 65533) throw new SetupError(`--port takes a number from 1024 to 65533, got "${value}"`);
		} else throw new SetupError(`unknown option "${a}" (options: --demo, --port N, --no-watch, --fresh)`);
	}
	return args;
}

async function portFree(port) {
	return await new Promise((resolve) => {
		const server = net.createServer();
		server.once('error', () => resolve(false));
		server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
	});
}

function checkSetup() {
	const [major, minor] = process.versions.node.split('.').map(Number);
	if (major < 20 || (major === 20 && minor < 15)) throw new SetupError(`Node ${process.versions.node} is too old: this needs Node 20.15 or newer (n8n itself runs on the Node 24 this script installs).`);
	if (!fs.existsSync(path.join(ROOT, 'node_modules', 'typescript'))) throw new SetupError('node_modules is missing: run `npm ci` first.');
}

/** The cached n8n, installed on first use; a half-installed cache is removed and installed again, once. */
async function n8nInstall(log) {
	try {
		return await ensureN8n({ log });
	} catch (first) {
		log(`the n8n cache in ${cacheDir()} is incomplete or broken (${first.message.split('\n')[0]}): removing it and installing again`);
		fs.rmSync(cacheDir(), { recursive: true, force: true });
		try {
			return await ensureN8n({ log });
		} catch (second) {
			throw new SetupError(`installing n8n ${N8N_VERSION} failed twice; its log: ${path.join(cacheDir(), 'install.log')}\n${second.message.split('\n').slice(0, 12).join('\n')}`);
		}
	}
}

/** The example workflows, as files in examples/ (a Webhook's curl body is the sample pinned on it). */
export function loadExamples() {
	const dir = path.join(ROOT, 'examples');
	return fs
		.readdirSync(dir)
		.filter((f) => f.endsWith('.json'))
		.sort()
		.map((file) => ({ file, workflow: JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) }));
}

/** How to fire an example: a curl for a Webhook (its pinned sample as the body), the schedule otherwise. */
export function trigger(workflow, baseUrl) {
	const webhook = workflow.nodes.find((n) => n.type === 'n8n-nodes-base.webhook');
	if (webhook) {
		const body = JSON.stringify(workflow.pinData?.[webhook.name]?.[0]?.json?.body ?? {});
		const curl = `curl -s -X POST ${baseUrl}/webhook/${webhook.parameters.path} -H 'Content-Type: application/json' -d '${body.replaceAll("'", "'\\''")}'`;
		// The AI Agent example needs a chat model, which the demo does not fake: say so before its curl.
		const model = workflow.nodes.find((n) => n.type === '@n8n/n8n-nodes-langchain.lmChatOpenAi');
		const credential = model && Object.values(model.credentials ?? {})[0]?.name;
		if (model) return { note: `# needs a chat model: open the workflow and pick your OpenAI credential on "${model.name}" (the example names "${credential}"), then:`, curl };
		return { curl };
	}
	const schedule = workflow.nodes.find((n) => n.type === 'n8n-nodes-base.scheduleTrigger');
	const every = schedule?.parameters?.rule?.interval?.[0];
	return { schedule: every ? `every ${every.minutesInterval ?? 1} minute(s)` : 'on its schedule' };
}

async function main() {
	trapSignals();
	const args = parseArgs(process.argv.slice(2));
	checkSetup();
	const consolePort = args.port + 2;
	for (const port of [args.port, ...(args.demo ? [consolePort] : [])]) {
		if (!(await portFree(port))) {
			throw new SetupError(`port ${port} on 127.0.0.1 is in use (another n8n, or an earlier run still going?). Stop it, or pick other ports: npm run ${args.demo ? 'demo' : 'dev'} -- --port ${args.port + 10}`);
		}
	}
	const log = (m) => console.log(`  ${m}`);
	console.log(`${args.demo ? 'demo' : 'dev'}: n8n ${N8N_VERSION} with ${PACKAGE}, on 127.0.0.1:${args.port}`);
	const install = await n8nInstall(log);

	if (args.fresh) fs.rmSync(USER_FOLDER, { recursive: true, force: true });
	fs.mkdirSync(USER_FOLDER, { recursive: true });
	fs.mkdirSync(DEV, { recursive: true });
	const logFile = path.join(DEV, 'n8n.log');
	fs.writeFileSync(logFile, '');
	log(`building and installing the package into ${USER_FOLDER}/.n8n/nodes (npm pack, npm install)`);
	const tarball = await buildTarball(ROOT, DEV, path.join(DEV, 'build.log'));
	const nodesDir = await installPackage(USER_FOLDER, tarball, path.join(DEV, 'build.log'));
	const installed = path.join(nodesDir, 'node_modules', PACKAGE);

	if (args.watch) {
		// tsc writes straight into the installed package, so n8n loads the new code as it loads users' packages
		// (n8n-workflow, zod and luxon from n8n itself); N8N_DEV_RELOAD makes n8n reload it when dist/ changes.
		const tsc = startProcess(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json', '--watch', '--preserveWatchOutput', '--outDir', path.join(installed, 'dist')], {
			cwd: ROOT,
			logFile: path.join(DEV, 'tsc.log'),
			onLine: (line) => {
				if (/error TS|Found [1-9]\d* errors?/.test(line)) console.log(`  tsc: ${line}`);
				else if (/Found 0 errors/.test(line)) console.log('  tsc: compiled, n8n reloads the nodes (refresh the editor)');
			},
		});
	}

	const { hash } = await bcryptOf(install, DEMO_OWNER.password);
	const n8n = await new N8n(install, {
		userFolder: USER_FOLDER,
		logFile,
		env: {
			N8N_DEV_RELOAD: args.watch ? 'true' : 'false',
			N8N_INSTANCE_OWNER_MANAGED_BY_ENV: 'true',
			N8N_INSTANCE_OWNER_EMAIL: DEMO_OWNER.email,
			N8N_INSTANCE_OWNER_FIRST_NAME: DEMO_OWNER.firstName,
			N8N_INSTANCE_OWNER_LAST_NAME: DEMO_OWNER.lastName,
			N8N_INSTANCE_OWNER_PASSWORD_HASH: hash,
		},
	}).init({ port: args.port });
	onCleanup(() => n8n.stop());

	let providers;
	let examples = [];
	if (args.demo) {
		providers = await startDemoProviders({ port: consolePort });
		onCleanup(() => providers.stop());
		examples = loadExamples();
		const importDir = path.join(DEV, 'import');
		fs.rmSync(importDir, { recursive: true, force: true });
		fs.mkdirSync(path.join(importDir, 'workflows'), { recursive: true });
		fs.writeFileSync(path.join(importDir, 'credentials.json'), JSON.stringify(providers.credentials, null, 2));
		for (const { file, workflow } of examples) fs.writeFileSync(path.join(importDir, 'workflows', file), JSON.stringify(workflow));
		log('importing the demo credentials and the workflows of examples/ (n8n CLI)');
		await n8n.cli(['import:credentials', `--input=${path.join(importDir, 'credentials.json')}`]);
		await n8n.cli(['import:workflow', '--separate', `--input=${path.join(importDir, 'workflows')}`]);
	}

	log(`starting n8n (log: ${path.relative(ROOT, logFile)})`);
	await n8n.start();
	await n8n.login(DEMO_OWNER);
	if (args.demo) {
		for (const { workflow } of examples) {
			const saved = await n8n.rest('GET', `/workflows/${workflow.id}`);
			if (!saved.active) await n8n.rest('POST', `/workflows/${workflow.id}/activate`, { versionId: saved.versionId });
		}
	}

	console.log(`\nn8n is ready: ${n8n.baseUrl}/  sign in as ${DEMO_OWNER.email} / ${DEMO_OWNER.password}`);
	if (args.demo) {
		console.log(`What the providers received: ${providers.baseUrl}/ (JSON: ${providers.baseUrl}/requests.json)\n`);
		console.log('Every workflow of examples/ is active. Fire one:');
		for (const { file, workflow } of examples) {
			const how = trigger(workflow, n8n.baseUrl);
			console.log(`\n# ${workflow.name}  (examples/${file})`);
			if (how.note) console.log(how.note);
			console.log(how.curl ?? `# runs by itself, ${how.schedule}`);
		}
		console.log('\nTo use a real account: open Credentials in n8n, edit "Hackle account" (or Adrop, Traintracks, Chabok),');
		console.log('enter your keys and clear Base URL. The workflows stay as they are.');
	}
	if (args.watch) console.log('\nEditing nodes/ or credentials/ recompiles and reloads them. Ctrl-C stops everything.');
	else console.log('\nCtrl-C stops everything.');
	await new Promise(() => {}); // until a signal; trapSignals() stops every process this started
}

/** A bcrypt hash of `password` with n8n's own bcryptjs (what N8N_INSTANCE_OWNER_PASSWORD_HASH takes). */
async function bcryptOf(install, password) {
	const bcrypt = createRequire(install.n8nPackageJson)('bcryptjs');
	return { hash: bcrypt.hashSync(password, 10) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
	try {
		await main();
	} catch (error) {
		// A setup problem is a sentence with its fix; anything else shows its message (its stack with DEBUG=1).
		process.stderr.write(`\n${error instanceof SetupError || process.env.DEBUG !== '1' ? error.message : error.stack}\n`);
		await cleanupAll();
		process.exit(1);
	}
}
