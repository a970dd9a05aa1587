#!/usr/bin/env node
// What real n8n does when the all-in-one n8n-nodes-event-tracking and the
// per-provider n8n-nodes-hackle are installed side by side, and the way a
// workflow moves from one to the other (docs/MIGRATING.md):
//
//  1. both tarballs installed into one fresh user folder; one Hackle credential
//  2. workflow A uses n8n-nodes-event-tracking.hackle; workflow B is the same
//     workflow exported with `n8n export:workflow`, rewritten with docs/MIGRATING.md's sed
//     command (lib/migrate.mjs) and imported again: n8n-nodes-hackle.hackle
//  3. n8n started: what it lists (node types, credential types: the credential
//     type name hackleApi is global) and what each workflow sends to the fake
//     Hackle with the one credential (the document's track example)
//  4. the all-in-one uninstalled, n8n restarted: B still runs, A no longer can
//
// Observations are printed and asserted, so a change in n8n's behaviour fails
// this run and docs/MIGRATING.md gets revisited.
// Environment: N8N_E2E_VERSION, N8N_E2E_CACHE, E2E_KEEP=1 as for run.mjs.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { FAKE_KEYS, startFakes, stopFakes } from './fakes/index.mjs';
import { matches } from './lib/expect.mjs';
import { examples } from './lib/examples.mjs';
import { ensureN8n } from './lib/install.mjs';
import { TO_PER_PROVIDER } from './lib/migrate.mjs';
import { installPackage, N8n } from './lib/n8n.mjs';
import { childEnv, cleanupAll, onCleanup, run, trapSignals } from './lib/procs.mjs';
import { ALL_IN_ONE, webhookWorkflow, workflowId } from './lib/workflows.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..', '..');
const WORK = path.join(ROOT, '.e2e', 'both');
const PER_PROVIDER = 'n8n-nodes-hackle';
const TRACK_DOC_BODY = examples.hackle.track;

const results = [];
function report(name, problems) {
	results.push({ name, ok: problems.length === 0 });
	console.log(`${problems.length === 0 ? 'ok  ' : 'FAIL'} ${name}`);
	for (const p of problems) console.log(`       - ${String(p).split('\n').join('\n         ')}`);
}
async function check(name, fn) {
	try {
		report(name, (await fn()) ?? []);
	} catch (error) {
		report(name, [error.stack ?? String(error)]);
	}
}

async function pack(dir) {
	const out = await run('npm', ['pack', '--json', '--pack-destination', WORK], { cwd: dir, logFile: path.join(WORK, 'build.log') });
	const json = out.split('\n').filter((line) => !/^npm (warn|notice)\b/i.test(line)).join('\n');
	return path.join(WORK, JSON.parse(json.slice(json.indexOf('['), json.lastIndexOf(']') + 1))[0].filename);
}

/**
 * POST the document's track example to a workflow's webhook. A 404 right after
 * activation is retried for a few seconds (registration may lag the REST answer);
 * an answer of 400 or more ends without waiting for an execution.
 */
async function fire(n8n, fake, workflow, { waitForRegistrationMs = 15_000 } = {}) {
	const before = fake.requests.length;
	const after = await n8n.lastExecutionId(workflow.id);
	const deadline = Date.now() + waitForRegistrationMs;
	for (;;) {
		const res = await fetch(`${n8n.baseUrl}/webhook/${workflow.path}`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify(TRACK_DOC_BODY),
			signal: AbortSignal.timeout(60_000),
		});
		const text = await res.text();
		if (res.status === 404 && Date.now() < deadline) {
			await new Promise((r) => setTimeout(r, 500));
			continue;
		}
		console.log(`   POST /webhook/${workflow.path}: HTTP ${res.status} ${text.slice(0, 120)}`);
		if (res.status >= 400) return { status: res.status, text, requests: fake.requests.slice(before) };
		const [execution] = await n8n.waitForExecutions(workflow.id, 1, { after });
		return { status: res.status, text, execution, requests: fake.requests.slice(before) };
	}
}

function trackProblems({ execution, requests }, label) {
	const problems = [];
	if (execution?.status !== 'success') problems.push(`${label}: execution ${execution?.id} is ${execution?.status}`);
	if (requests.length !== 1) problems.push(`${label}: the fake received ${requests.length} requests, expected 1`);
	const [r] = requests;
	if (r) {
		if (r.path !== '/v1/track') problems.push(`${label}: path ${r.path}`);
		if (r.headers['x-hackle-api-key'] !== FAKE_KEYS.hackle.sdkKey) problems.push(`${label}: X-HACKLE-API-KEY ${r.headers['x-hackle-api-key']}`);
		if (r.rawBody !== JSON.stringify(TRACK_DOC_BODY)) problems.push(`${label}: body ${r.rawBody}`);
	}
	return problems;
}

async function main() {
	trapSignals();
	fs.rmSync(WORK, { recursive: true, force: true });
	fs.mkdirSync(WORK, { recursive: true });
	const logFile = path.join(WORK, 'n8n.log');
	const install = await ensureN8n({ log: (m) => console.log(`   ${m}`) });

	await run('npm', ['run', 'build'], { cwd: ROOT, logFile: path.join(WORK, 'build.log') });
	await run(process.execPath, [path.join(ROOT, 'scripts', 'build-packages.mjs'), '--only=hackle'], { cwd: ROOT, logFile: path.join(WORK, 'build.log') });
	const tarballs = [await pack(ROOT), await pack(path.join(ROOT, 'packages', PER_PROVIDER))];

	const fakes = await startFakes({ seed: 1, keys: FAKE_KEYS });
	onCleanup(() => stopFakes(fakes));
	const fake = fakes.hackle;

	const userFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-e2e-both-'));
	if (process.env.E2E_KEEP !== '1') onCleanup(() => fs.rmSync(userFolder, { recursive: true, force: true }));
	const n8n = await new N8n(install, { userFolder, logFile }).init();
	onCleanup(() => n8n.stop());
	const nodesDir = await installPackage(userFolder, tarballs, path.join(WORK, 'build.log'));
	console.log(`   installed ${tarballs.map((t) => path.basename(t)).join(' and ')} into ${nodesDir}`);

	const credential = { id: 'e2eBothHackle001', name: 'Hackle (both packages)', type: 'hackleApi', data: { sdkSecretKey: FAKE_KEYS.hackle.sdkKey, apiKey: FAKE_KEYS.hackle.apiKey, baseUrl: fake.baseUrl } };
	const node = {
		type: 'hackle',
		parameters: { resource: 'event', operation: 'trackEvent', inputMode: 'auto', sourcePath: 'body', options: {} },
		credentials: { hackleApi: { id: credential.id, name: credential.name } },
	};
	const a = webhookWorkflow({ id: workflowId('both: all-in-one'), name: 'Hackle via n8n-nodes-event-tracking', path: 'both-all-in-one', node });
	const bBefore = webhookWorkflow({ id: workflowId('both: per-provider'), name: 'Hackle via n8n-nodes-hackle', path: 'both-per-provider', node });
	const dir = path.join(userFolder, 'import');
	fs.mkdirSync(dir, { recursive: true });
	fs.writeFileSync(path.join(dir, 'credentials.json'), JSON.stringify([credential]));
	fs.writeFileSync(path.join(dir, 'a.json'), JSON.stringify(a));
	fs.writeFileSync(path.join(dir, 'b.json'), JSON.stringify(bBefore));
	await n8n.cli(['import:credentials', `--input=${path.join(dir, 'credentials.json')}`]);
	await n8n.cli(['import:workflow', `--input=${path.join(dir, 'a.json')}`]);
	await n8n.cli(['import:workflow', `--input=${path.join(dir, 'b.json')}`]);

	// The move, as docs/MIGRATING.md says: export, rewrite node types with sed, import.
	const exported = path.join(dir, 'b-exported.json');
	const migrated = path.join(dir, 'b-migrated.json');
	await n8n.cli(['export:workflow', `--id=${bBefore.id}`, `--output=${exported}`]);
	await run('sh', ['-c', `${TO_PER_PROVIDER} "$1" > "$2"`, 'sh', exported, migrated], { env: childEnv() });
	await check("docs/MIGRATING.md's sed command rewrote exactly the node type, credentials untouched", () => {
		const before = JSON.parse(fs.readFileSync(exported, 'utf8'));
		const after = JSON.parse(fs.readFileSync(migrated, 'utf8'));
		const wf = (x) => (Array.isArray(x) ? x[0] : x);
		const types = wf(after).nodes.map((n) => n.type);
		const problems = matches(types, ['n8n-nodes-base.webhook', `${PER_PROVIDER}.hackle`], 'node types after sed');
		const strip = (w) => ({ ...w, nodes: w.nodes.map(({ type: _type, ...rest }) => rest) });
		if (JSON.stringify(strip(wf(before))) !== JSON.stringify(strip(wf(after)))) problems.push('sed changed more than node types');
		return problems;
	});
	await n8n.cli(['import:workflow', `--input=${migrated}`]);
	// What fire() needs: id, name, webhook path.
	const A = { id: a.id, name: a.name, path: 'both-all-in-one' };
	const B = { id: bBefore.id, name: bBefore.name, path: 'both-per-provider' };

	await check(`n8n export:nodes lists ${ALL_IN_ONE}.hackle and ${PER_PROVIDER}.hackle`, async () => {
		const file = path.join(userFolder, 'export-nodes.json');
		await n8n.cli(['export:nodes', `--output=${file}`]);
		const names = JSON.parse(fs.readFileSync(file, 'utf8')).map((t) => t.name);
		return [`${ALL_IN_ONE}.hackle`, `${PER_PROVIDER}.hackle`, `${ALL_IN_ONE}.adrop`].filter((n) => !names.includes(n)).map((n) => `${n} missing`);
	});

	await n8n.start();
	await n8n.setupOwner();
	const authed = async (url) => (await fetch(`${n8n.baseUrl}/${url}`, { headers: { Cookie: n8n.cookie } })).json();

	await check('observed: the credential type hackleApi is listed once per package, each naming its own node', async () => {
		const hackle = (await authed('types/credentials.json')).filter((t) => t.name === 'hackleApi');
		console.log(`   observed: types/credentials.json has ${hackle.length} entries named hackleApi: ${JSON.stringify(hackle.map((t) => t.supportedNodes))}`);
		return matches(
			hackle.map((t) => t.supportedNodes).sort(),
			[[`${ALL_IN_ONE}.hackle`], [`${PER_PROVIDER}.hackle`]],
			'supportedNodes of the hackleApi entries',
		);
	});

	await check('both workflows activate and send the same request with the one credential', async () => {
		const problems = [];
		for (const w of [A, B]) {
			const wf = await n8n.rest('GET', `/workflows/${w.id}`);
			const type = wf.nodes.find((n) => n.name === 'Hackle')?.type;
			console.log(`   ${w.name}: node type ${type}`);
			await n8n.rest('POST', `/workflows/${w.id}/activate`, { versionId: wf.versionId });
			problems.push(...trackProblems(await fire(n8n, fake, w), w.name));
		}
		return problems;
	});

	// The move completed: the all-in-one removed, n8n restarted.
	await n8n.stop();
	await run('npm', ['uninstall', '--no-audit', '--no-fund', '--ignore-scripts', '--legacy-peer-deps', ALL_IN_ONE], { cwd: nodesDir, env: childEnv(), logFile: path.join(WORK, 'build.log') });
	await n8n.start();
	await check(`after uninstalling ${ALL_IN_ONE}: the migrated workflow runs, the old one is not served`, async () => {
		const problems = trackProblems(await fire(n8n, fake, B), B.name);
		const old = await fire(n8n, fake, A, { waitForRegistrationMs: 0 });
		console.log(`   observed: the all-in-one workflow is still active and its webhook registered, but answers ${old.status}; it sent ${old.requests.length} requests`);
		if (old.requests.length !== 0) problems.push(`the all-in-one workflow still sent ${old.requests.length} requests`);
		if (old.status !== 400 || !/Unrecognized node type: n8n-nodes-event-tracking\.hackle/.test(old.text)) {
			problems.push(`the all-in-one workflow answered ${old.status} ${old.text.slice(0, 200)}, expected 400 "Unrecognized node type"`);
		}
		const hackle = (await authed('types/credentials.json')).filter((t) => t.name === 'hackleApi');
		problems.push(...matches(hackle.map((t) => t.supportedNodes), [[`${PER_PROVIDER}.hackle`]], 'hackleApi after the move'));
		return problems;
	});
}

const started = Date.now();
try {
	await main();
} catch (error) {
	report('setup', [error.stack ?? String(error)]);
} finally {
	await cleanupAll();
}
const failed = results.filter((r) => !r.ok).length;
console.log(`\n${results.length - failed} passed, ${failed} failed (${((Date.now() - started) / 1000).toFixed(1)} s)`);
process.exit(failed > 0 ? 1 : 0);
