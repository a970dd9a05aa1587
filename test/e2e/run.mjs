#!/usr/bin/env node
// `npm run test:e2e`: this package in the n8n a self-hosting user runs.
//
//  1. n8n 2.40.7 on Node 24 (or N8N_E2E_VERSION; n8n 1.x on the system Node 20), installed once
//     into a cache folder (lib/install.mjs)
//  2. this package built, `npm pack`ed and `npm install`ed into <user folder>/.n8n/nodes
//  3. the four fake providers on 127.0.0.1 (fakes/), checked on their own first
//  4. credentials and workflows imported with n8n's CLI, n8n started, owner created,
//     workflows activated through the REST API (2.x and 1.123: POST …/activate; older 1.x: PATCH
//     { active: true }, lib/n8n.mjs), webhooks fired with the documents'
//     example bodies, a Schedule Trigger left to fire once
//  5. per case: exactly the expected requests at the fake (method, path, every
//     header, raw body), the ledger, the execution's status and items / error;
//     nothing at the other host the fakes' redirect faults point at
//  6. the editor in Debian's chromium (lib/editor.mjs): each node found by search,
//     with its icon, resources and operations; screenshots to docs/screenshots/
//
// Provider modules live in providers/*.mjs (one per provider, discovered here).
// E2E_PACKAGE=n8n-nodes-<node> runs a per-provider package instead (built by
// scripts/build-packages.mjs, installed alone): only its provider's cases, and
// `n8n export:nodes` / the credential types must show its node and credential
// and nothing of the other providers (test/e2e/packages.mjs runs all four).
// Environment: N8N_E2E_VERSION (n8n version, default the pinned one),
// N8N_E2E_CACHE (n8n cache folder), E2E_SEED (fault seed, default 1),
// E2E_KEEP=1 (keep the temporary n8n folder), E2E_SKIP_EDITOR=1, E2E_ONLY=<regex on case names>.
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { runFakeChecks } from './fakes/check.mjs';
import { FAKE_KEYS, startFakes, stopFakes } from './fakes/index.mjs';
import { matches, sameHeaders } from './lib/expect.mjs';
import { ensureN8n } from './lib/install.mjs';
import { installPackage, N8n } from './lib/n8n.mjs';
import { cleanupAll, onCleanup, run, trapSignals } from './lib/procs.mjs';
import { ALL_IN_ONE, cronAt, PACKAGE, scheduleWorkflow, webhookWorkflow, workflowId } from './lib/workflows.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..', '..');
const PER_PROVIDER = PACKAGE !== ALL_IN_ONE;
// The folder of the package under test (a per-provider one: packages/<name>).
const PKG_DIR = PER_PROVIDER ? path.join(ROOT, 'packages', PACKAGE) : ROOT;
const WORK = PER_PROVIDER ? path.join(ROOT, '.e2e', 'packages', PACKAGE) : path.join(ROOT, '.e2e');
const SEED = Number(process.env.E2E_SEED ?? 1);
const ONLY = process.env.E2E_ONLY ? new RegExp(process.env.E2E_ONLY) : undefined;

const results = [];
const timings = [];
const started = Date.now();

function report(name, problems, ms) {
	const ok = problems.length === 0;
	results.push({ name, ok, problems });
	console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}${ms !== undefined ? ` (${(ms / 1000).toFixed(1)} s)` : ''}`);
	for (const p of problems) console.log(`       - ${String(p).split('\n').join('\n         ')}`);
}

async function check(name, fn) {
	const t = Date.now();
	try {
		const problems = (await fn()) ?? [];
		report(name, problems, Date.now() - t);
		return problems.length === 0;
	} catch (error) {
		report(name, [error.stack ?? String(error)], Date.now() - t);
		return false;
	}
}

async function phase(name, fn) {
	const t = Date.now();
	console.log(`\n== ${name}`);
	const value = await fn();
	const seconds = (Date.now() - t) / 1000;
	timings.push([name, seconds]);
	console.log(`   (${seconds.toFixed(1)} s)`);
	return value;
}

/** The nodes package.json declares, with their resources and operations as the built description says. */
function describeNodes() {
	const pkg = JSON.parse(fs.readFileSync(path.join(PKG_DIR, 'package.json'), 'utf8'));
	const require = createRequire(path.join(ROOT, 'package.json'));
	return pkg.n8n.nodes.map((file) => {
		const exported = require(path.join(PKG_DIR, file));
		const NodeClass = Object.values(exported).find((v) => typeof v === 'function');
		const description = new NodeClass().description;
		const props = description.properties;
		const resourceProp = props.find((p) => p.name === 'resource');
		const resources = resourceProp ? resourceProp.options : [{ name: '', value: '' }];
		const operations = {};
		for (const resource of resources) {
			const ops = props.filter((p) => p.name === 'operation' && (!resourceProp || p.displayOptions?.show?.resource?.includes(resource.value)));
			operations[resource.name] = ops.flatMap((p) => p.options.map((o) => ({ name: o.name, value: o.value })));
		}
		return { file, name: description.name, displayName: description.displayName, description, resources, operations };
	});
}

async function loadModules() {
	const dir = path.join(HERE, 'providers');
	const files = fs.readdirSync(dir).filter((f) => f.endsWith('.mjs')).sort();
	const modules = [];
	for (const file of files) modules.push({ file, ...(await import(pathToFileURL(path.join(dir, file)))).default });
	return modules;
}

function coverageProblems(nodes, modules, cases) {
	const problems = [];
	for (const node of nodes) {
		const module = modules.find((m) => m.nodes.includes(node.name));
		if (!module) {
			problems.push(`node "${node.name}" (${node.file}) has no provider module in test/e2e/providers/`);
			continue;
		}
		for (const [resourceName, ops] of Object.entries(node.operations)) {
			const resource = node.resources.find((r) => r.name === resourceName)?.value ?? '';
			for (const op of ops) {
				const key = `${resource}:${op.value}`;
				if (!cases.some((c) => c.node.type === node.name && c.covers === key && c.trigger !== 'schedule')) {
					problems.push(`${node.name} ${resourceName} → ${op.name} (${key}) has no webhook workflow`);
				}
			}
		}
		const declared = module.editor.find((e) => e.displayName === node.displayName);
		if (!declared) problems.push(`${module.file}: editor list has no entry for "${node.displayName}"`);
		else {
			const actual = Object.fromEntries(Object.entries(node.operations).map(([r, ops]) => [r, ops.map((o) => o.name)]));
			problems.push(...matches(actual, declared.resources, `${node.name} editor list vs. description`));
			problems.push(...matches(Object.keys(actual), Object.keys(declared.resources), `${node.name} resources`));
		}
	}
	// The suite's Schedule-triggered case belongs to one provider: a per-provider run need not have one.
	if (!PER_PROVIDER && !cases.some((c) => c.trigger === 'schedule')) problems.push('no Schedule-triggered case');
	return problems;
}

/**
 * The Connection header n8n's request helper sends: "close" on 2.x and on 1.123.81, "keep-alive" on 1.85.4
 * (seen in runs; the 1.x releases between were not run: taken as 1.85's below 1.123).
 */
let connectionHeader = 'close';

/** What n8n's request helper sends on every JSON call of ours, besides authentication. */
function baseHeaders(request, fake) {
	return {
		accept: 'application/json',
		'content-type': 'application/json',
		'content-length': String(Buffer.byteLength(request.rawBody)),
		'user-agent': 'n8n',
		'accept-encoding': 'gzip, compress, deflate, br',
		connection: connectionHeader,
		host: `127.0.0.1:${fake.port}`,
	};
}

/** A workflow name n8n accepts (at most 128 characters) for a case name of any length. */
function workflowName(name, suffix = '') {
	const room = 128 - suffix.length;
	return (name.length <= room ? name : `${name.slice(0, room - 1)}…`) + suffix;
}

function nodeRun(execution, nodeName) {
	return execution.data?.resultData?.runData?.[nodeName]?.[0];
}

function caseProblems(testCase, { execution, fake, fakes, before, response }) {
	const { expect } = testCase;
	const problems = [];
	const nodeName = testCase.workflow.nodes.at(-1).name;
	const status = execution.status;
	if (status !== expect.status) {
		problems.push(`execution ${execution.id} status is ${status}, expected ${expect.status}: ${execution.data?.resultData?.error?.message ?? ''}`);
	}

	const requests = fake.requests.slice(before[fake.name].requests);
	if (requests.length !== expect.requests.length) {
		problems.push(`${fake.name} received ${requests.length} requests, expected ${expect.requests.length}: ${requests.map((r) => `${r.path} ${r.status}`).join(', ')}`);
	}
	expect.requests.forEach((want, i) => {
		const got = requests[i];
		if (!got) return;
		const at = `request ${i + 1}`;
		if (got.method !== 'POST') problems.push(`${at}: method ${got.method}`);
		if (got.path !== want.path || got.url !== want.path) problems.push(`${at}: URL ${got.url}, expected ${want.path}`);
		// A function computes the body from the execution (e.g. a Schedule Trigger's time).
		const body = typeof want.body === 'function' ? want.body({ execution }) : want.body;
		const wantBody = typeof body === 'string' ? body : JSON.stringify(body);
		if (got.rawBody !== wantBody) problems.push(`${at}: body\n  got      ${got.rawBody}\n  expected ${wantBody}`);
		problems.push(...sameHeaders(got.headers, { ...baseHeaders(got, fake), ...want.headers }, `${at} headers`));
		if (want.status !== undefined && got.status !== want.status) problems.push(`${at}: the fake answered ${got.status} (${got.outcome}), expected ${want.status}`);
	});
	for (const other of Object.values(fakes)) {
		if (other !== fake && other.requests.length !== before[other.name].requests) problems.push(`${other.name} received requests it should not have`);
	}
	// The other host (where the fakes' redirect faults point) never receives anything: no body, no key.
	if (fake.otherHost) problems.push(...fake.otherHost.leaks(before.otherHost));

	const added = fake.ledger.slice(before[fake.name].ledger);
	if (added.length !== expect.accepted) problems.push(`${fake.name} ledger grew by ${added.length}, expected ${expect.accepted}`);

	const run = nodeRun(execution, nodeName);
	const items = run?.data?.main?.[0]?.map((item) => item.json) ?? [];
	if (expect.items) problems.push(...matches(items, expect.items, 'output items'));
	if (expect.error) {
		const error = run?.error ?? execution.data?.resultData?.error;
		if (!error) problems.push(`no error in execution data of ${nodeName}`);
		else {
			const text = `${error.message} ${error.description ?? ''}`;
			if (!expect.error.test(text)) problems.push(`error "${text}" does not match ${expect.error}`);
		}
		if (response && response.status < 400) problems.push(`webhook answered ${response.status} for a failed execution`);
	}
	if (expect.check) problems.push(...expect.check({ items, requests, execution, added }));
	return problems;
}

async function main() {
	trapSignals();
	fs.mkdirSync(WORK, { recursive: true });
	const logFile = path.join(WORK, 'n8n.log');
	fs.writeFileSync(logFile, '');
	console.log(`e2e: seed ${SEED}, logs in ${path.relative(ROOT, WORK)}/`);

	await phase('fake providers, on their own', async () => {
		for (const [name, fn] of runFakeChecks()) await check(`fake: ${name}`, fn);
	});

	const install = await phase('n8n install (cache)', () => ensureN8n({ log: (m) => console.log(`   ${m}`) }));
	console.log(`   n8n ${install.version} on Node ${install.runtime.nodeVersion} (${install.runtime.nodeBin})`);

	const { tarball, nodes } = await phase('build and npm pack', async () => {
		await run('npm', ['run', 'build'], { cwd: ROOT, logFile: path.join(WORK, 'build.log') });
		if (PER_PROVIDER) {
			await run(process.execPath, [path.join(ROOT, 'scripts', 'build-packages.mjs'), `--only=${PACKAGE.replace(/^n8n-nodes-/, '')}`], { cwd: ROOT, logFile: path.join(WORK, 'build.log') });
		}
		// run() merges stderr into the output: keep only the JSON array (npm may warn before or after it).
		const out = await run('npm', ['pack', '--json', '--pack-destination', WORK], { cwd: PKG_DIR, logFile: path.join(WORK, 'build.log') });
		const json = out.split('\n').filter((line) => !/^npm (warn|notice)\b/i.test(line)).join('\n');
		const packed = JSON.parse(json.slice(json.indexOf('['), json.lastIndexOf(']') + 1));
		return { tarball: path.join(WORK, packed[0].filename), nodes: describeNodes() };
	});

	// A per-provider package: only the modules of its nodes.
	const modules = (await loadModules()).filter((m) => m.nodes.some((n) => nodes.some((node) => node.name === n)));
	const fakes = await startFakes({ seed: SEED, keys: FAKE_KEYS });
	onCleanup(() => stopFakes(fakes));

	// Cases and credentials of every module, with their workflows.
	const credentials = [];
	const cases = [];
	for (const module of modules) {
		const fake = fakes[module.provider];
		const keys = FAKE_KEYS[module.provider];
		const creds = module.credentials({ fake, keys });
		credentials.push(...creds);
		for (const c of module.cases({ fake, keys })) {
			if (ONLY && !ONLY.test(c.name)) continue;
			const cred = creds.find((x) => x.name === c.node.credential);
			if (!cred) throw new Error(`${module.file}: case "${c.name}" names unknown credential "${c.node.credential}"`);
			const node = { ...c.node, credentials: { [cred.type]: { id: cred.id, name: cred.name } } };
			const id = workflowId(c.name);
			const slug = `e2e-${id.toLowerCase()}`;
			cases.push({ ...c, module, fake, id, path: slug, node, trigger: c.trigger ?? 'webhook' });
		}
	}
	if (ONLY) console.log(`   E2E_ONLY=${ONLY}: coverage check skipped`);
	else {
		await check('every node in package.json has a provider module, every operation a webhook workflow, every editor list matches', () =>
			coverageProblems(nodes, modules, cases),
		);
	}

	const userFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-e2e-'));
	if (process.env.E2E_KEEP !== '1') onCleanup(() => fs.rmSync(userFolder, { recursive: true, force: true }));
	const n8n = await new N8n(install, { userFolder, logFile }).init();
	const [major, minor] = install.version.split('.').map(Number);
	if (major === 1 && minor < 123) connectionHeader = 'keep-alive';
	onCleanup(() => n8n.stop());

	await phase(`install the ${PACKAGE} tarball (alone) into <user folder>/.n8n/nodes`, async () => {
		await installPackage(userFolder, tarball, path.join(WORK, 'build.log'));
	});

	// The node types n8n knows, ours only: `n8n export:nodes` before start, or (an n8n without that command,
	// e.g. 1.85) GET /types/nodes.json after start; each node with its Tool variant.
	const wantTypes = nodes.flatMap((n) => [`${PACKAGE}.${n.name}`, `${PACKAGE}.${n.name}Tool`]).sort();
	const typeProblems = (types) =>
		matches(types.map((t) => t.name).filter((name) => /^n8n-nodes-(event-tracking|hackle|adrop|traintracks|chabok)\./.test(name)).sort(), wantTypes, 'node types of our packages');
	const typesCheckName = (how) => `${how} lists ${nodes.map((n) => `${PACKAGE}.${n.name}`).join(', ')} (and its Tool variant), no other node of ours`;
	if (n8n.features.exportNodes) {
		await check(typesCheckName('n8n export:nodes'), async () => {
			const file = path.join(userFolder, 'export-nodes.json');
			await n8n.cli(['export:nodes', `--output=${file}`]);
			return typeProblems(JSON.parse(fs.readFileSync(file, 'utf8')));
		});
	}

	await phase('import credentials and workflows (n8n CLI)', async () => {
		const dir = path.join(userFolder, 'import');
		fs.mkdirSync(path.join(dir, 'workflows'), { recursive: true });
		fs.writeFileSync(path.join(dir, 'credentials.json'), JSON.stringify(credentials, null, 2));
		await n8n.cli(['import:credentials', `--input=${path.join(dir, 'credentials.json')}`]);
		for (const c of cases.filter((x) => x.trigger === 'webhook')) {
			c.workflow = webhookWorkflow({ id: c.id, name: workflowName(c.name), path: c.path, node: c.node });
			fs.writeFileSync(path.join(dir, 'workflows', `${c.id}.json`), JSON.stringify(c.workflow, null, 2));
		}
		await n8n.cli(['import:workflow', '--separate', `--input=${path.join(dir, 'workflows')}`]);
	});

	await phase('start n8n', async () => {
		await n8n.start();
		await n8n.setupOwner();
		console.log(`   n8n ${n8n.baseUrl}, user folder ${userFolder}`);
	});

	if (!n8n.features.exportNodes) {
		await check(typesCheckName(`n8n ${n8n.features.version} has no export:nodes; GET /types/nodes.json`), async () =>
			typeProblems(await (await fetch(`${n8n.baseUrl}/types/nodes.json`, { headers: { Cookie: n8n.cookie } })).json()),
		);
	}

	await check(`n8n loaded ${PACKAGE} from the installed tarball: nodes, credentials and icons served`, async () => {
		const problems = [];
		const authed = (url) => fetch(`${n8n.baseUrl}/${url}`, { headers: { Cookie: n8n.cookie } });
		const types = await (await authed('types/nodes.json')).json();
		for (const node of nodes) {
			const type = types.find((t) => t.name === `${PACKAGE}.${node.name}`);
			if (!type) {
				problems.push(`${PACKAGE}.${node.name} is not among n8n's node types`);
				continue;
			}
			for (const [theme, url] of Object.entries(type.iconUrl ?? {})) {
				const res = await authed(url);
				const body = await res.text();
				if (res.status !== 200 || !body.includes('<svg')) problems.push(`${node.name} ${theme} icon ${url}: HTTP ${res.status}`);
			}
			if (!type.iconUrl) problems.push(`${node.name} has no iconUrl`);
		}
		const credTypes = await (await authed('types/credentials.json')).json();
		for (const cred of credentials) if (!credTypes.some((t) => t.name === cred.type)) problems.push(`credential type ${cred.type} not loaded`);
		// Exactly the package's own credential types, once each, usable by its nodes.
		const ourCreds = credTypes.filter((t) => /^(hackle|adrop|traintracks|chabok)Api$/.test(t.name));
		const wantCreds = [...new Set(credentials.map((c) => c.type))].sort();
		problems.push(...matches(ourCreds.map((t) => t.name).sort(), wantCreds, 'credential types of our packages'));
		for (const t of ourCreds) {
			if (!(t.supportedNodes ?? []).every((n) => n.startsWith(`${PACKAGE}.`)) || !(t.supportedNodes ?? []).length) {
				problems.push(`credential type ${t.name}: supportedNodes ${JSON.stringify(t.supportedNodes)}, expected nodes of ${PACKAGE}`);
			}
		}
		return problems;
	});

	await phase('credential tests (POST /rest/credentials/test)', async () => {
		const { credentialTestChecks } = await import('./credentials.mjs');
		const { checks, stop } = await credentialTestChecks({ n8n, fakes, credentials, keys: FAKE_KEYS });
		try {
			for (const [name, fn] of checks) if (!ONLY || ONLY.test(name)) await check(name, fn);
		} finally {
			await stop();
		}
	});

	const activation = await phase('activate workflows (REST API), create the Schedule workflow', async () => {
		const problems = [];
		for (const c of cases.filter((x) => x.trigger === 'webhook')) {
			try {
				await n8n.activate(c.id);
			} catch (error) {
				problems.push(`${c.name}: ${error.message}`);
			}
		}
		return problems;
	});
	await check('all webhook workflows activated', () => activation);

	// The Schedule Trigger: created and activated now, cron set a few seconds
	// ahead, so it fires exactly once during the run (next time: tomorrow).
	for (const c of cases.filter((x) => x.trigger === 'schedule')) {
		await check(c.name, async () => {
			const before = snapshot(fakes);
			let created;
			for (let attempt = 1; ; attempt++) {
				const fireAt = new Date(Math.ceil((Date.now() + 8000) / 1000) * 1000);
				c.workflow = scheduleWorkflow({ id: c.id, name: workflowName(c.name, ` #${attempt}`), cron: cronAt(fireAt), node: c.node });
				created = await n8n.createWorkflow(c.workflow);
				await n8n.activate(created.id, created.versionId);
				if (Date.now() < fireAt.getTime() - 1000) break;
				// Activation was too slow to be sure the trigger was armed in time: try again later.
				await n8n.deactivate(created.id);
				if (attempt === 3) return [`activating the schedule took too long three times (machine overloaded?)`];
			}
			c.id = created.id;
			const [execution] = await n8n.waitForExecutions(created.id, 1, { timeoutMs: 45_000 });
			await new Promise((r) => setTimeout(r, 1500)); // no second run may follow
			const problems = caseProblems(c, { execution, fake: c.fake, fakes, before });
			const all = await n8n.executions(created.id);
			if (all.length !== 1) problems.push(`the schedule ran ${all.length} times, expected once`);
			if (execution.mode !== 'trigger') problems.push(`execution mode ${execution.mode}, expected trigger`);
			await n8n.deactivate(created.id);
			return problems;
		});
	}

	await phase('webhook workflows', async () => {
		for (const c of cases.filter((x) => x.trigger === 'webhook')) {
			await check(c.name, async () => {
				c.fake.clearFaults();
				for (const [fault, options] of c.faults ?? []) c.fake.inject(fault, options);
				const before = snapshot(fakes);
				const after = await n8n.lastExecutionId(c.id);
				const response = await fetch(`${n8n.baseUrl}/webhook/${c.path}`, {
					method: 'POST',
					headers: { 'Content-Type': 'application/json' },
					body: JSON.stringify(c.payload ?? {}),
					signal: AbortSignal.timeout(60_000),
				});
				await response.text();
				if (response.status === 404) return [`webhook /webhook/${c.path} is not registered (404)`];
				const [execution] = await n8n.waitForExecutions(c.id, 1, { after });
				c.fake.clearFaults();
				return caseProblems(c, { execution, fake: c.fake, fakes, before, response });
			});
		}
	});

	await phase('Dry Run: the same workflows with Options → Dry Run on', async () => {
		const { dryRunChecks } = await import('./dry-run.mjs');
		for (const [name, fn] of dryRunChecks({ n8n, cases, keys: FAKE_KEYS })) await check(name, fn);
	});

	if (process.env.E2E_SKIP_EDITOR !== '1') {
		await phase('editor in chromium', async () => {
			const { editorChecks } = await import('./lib/editor.mjs');
			for (const [name, fn] of await editorChecks({ n8n, modules, nodes, root: ROOT, work: WORK })) await check(name, fn);
		});
	}
}

function snapshot(fakes) {
	const counts = Object.fromEntries(Object.values(fakes).map((f) => [f.name, { requests: f.requests.length, ledger: f.ledger.length }]));
	return { ...counts, otherHost: Object.values(fakes)[0]?.otherHost?.requests.length ?? 0 };
}

let exitCode = 0;
try {
	await main();
} catch (error) {
	// A setup problem (lib/install.mjs: SetupError) says what to do; anything else shows where it broke.
	report('suite setup', [error.setup ? error.message : (error.stack ?? String(error))]);
	const log = path.join(WORK, 'n8n.log');
	if (fs.existsSync(log)) console.log(`\n-- last lines of ${path.relative(ROOT, log)} --\n${fs.readFileSync(log, 'utf8').split('\n').slice(-30).join('\n')}`);
} finally {
	await cleanupAll();
}
const passed = results.filter((r) => r.ok).length;
const failed = results.length - passed;
if (failed > 0) exitCode = 1;
console.log(`\ntimings: ${timings.map(([n, s]) => `${n} ${s.toFixed(1)} s`).join('; ')}; total ${((Date.now() - started) / 1000).toFixed(1)} s`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(exitCode);
