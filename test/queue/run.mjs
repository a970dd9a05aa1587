#!/usr/bin/env node
// `npm run test:queue`: the package in n8n's queue mode (main + 2 workers,
// Redis, Postgres), all on 127.0.0.1, from nothing.
//
// Setup: redis-server (Debian's, installed with apt-get when missing), a
// Postgres 15 cluster in a temporary folder, n8n 2.40.7 from the e2e cache as
// `n8n start` (main: webhooks, schedules, the queue's producer) and two
// `n8n worker --concurrency=5`, each process with its own user folder holding
// this package's tarball in .n8n/nodes (as an admin installs it), the same
// encryption key, Postgres and Redis. Fake providers and fast fakes as in the
// e2e, fault and bench suites.
//
// Phases (each a pass/fail line; the last line is `queue: N passed, M failed`):
//  1. clean: every node and operation (the fault suite's scenarios) by webhook
//     (QUEUE_CALLS calls of 100 events spread over the operations) and by a
//     Schedule Trigger pulling events from a local source; the fakes' ledger
//     holds every event exactly once, each execution names its worker (the
//     workers' "Worker started execution N" lines), both workers ran some, and
//     every output item agrees with the ledger.
//  2. faults: per operation QUEUE_FAULT_EVENTS events (calls of 100) under the
//     fault suite's seeded mix (~20% of requests), Continue On Fail on, plus
//     calls with Continue On Fail off and a poisoned event: the fault suite's
//     accounting per execution (ledger vs items), its retry rules, the mix.
//  3. throughput, 2 workers: the bench's workflows (Webhook → Code → node,
//     Map Automatically) against fast fakes, one per-item and one batched
//     operation, several executions at once.
//  4. worker killed: a slow provider, one execution of Hackle Track Event; the
//     worker running it gets SIGKILL while it sends; what n8n does with the
//     execution and what the provider recorded (once, twice, never).
//  5. throughput, 1 worker (the survivor); the killed worker started again
//     and a second kill (Loop Over Items, Save Execution Progress on).
//  6. a worker without the package: the others stopped, one call goes to it.
// Writes .e2e/queue/last-run.json and .e2e/queue/summary.md.
//
// Environment: E2E_SEED (1), QUEUE_CALLS (200), QUEUE_FAULT_EVENTS (2000),
// QUEUE_ONLY (regex on phase names), N8N_E2E_CACHE, E2E_KEEP=1 (keep folders).
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { credentials as benchCredentials, benchWorkflow, expectedDigest, makeItems, operations as benchOperations } from '../../bench/cases.mjs';
import { FAKE_KEYS, startFakes, stopFakes } from '../e2e/fakes/index.mjs';
import { account, checkRetries, faultMix, faultWorkflow, installPlans, occurredMix, seededRunProblems, workflowId } from '../e2e/faults/lib.mjs';
import { ensureN8n } from '../e2e/lib/install.mjs';
import { buildTarball, freePort, installPackage, N8n } from '../e2e/lib/n8n.mjs';
import { cleanupAll, onCleanup, stopProcess, trapSignals } from '../e2e/lib/procs.mjs';
import { ensureRedis, startPostgres, startRedis } from '../e2e/lib/services.mjs';
import { pollingWorkflow } from '../e2e/lib/workflows.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..', '..');
const WORK = path.join(ROOT, '.e2e', 'queue');
const SEED = Number(process.env.E2E_SEED ?? 1);
const CALLS = Number(process.env.QUEUE_CALLS ?? 200);
const PER_CALL = 100;
const FAULT_EVENTS = Number(process.env.QUEUE_FAULT_EVENTS ?? 2000);
const OFF_CALLS = 2;
const POISON_AT = 7;
const RATE = 0.2;
const ONLY = process.env.QUEUE_ONLY ? new RegExp(process.env.QUEUE_ONLY) : undefined;
const WORKER_CONCURRENCY = 5;
const SCHEDULE_CRON = '*/5 * * * * *';
const SCHEDULE_EVENTS = 20;
/** The fault suite's node options (test/e2e/faults.mjs): small delays, so a run takes seconds. */
const OPTIONS = { concurrency: 16, retryDelayMs: 20, maxRetries: 3, timeoutMs: 2000, maxRetryWaitMs: 10_000 };
/** Worker kill: events in the execution, the provider's answer delay. */
const KILL = { events: 400, slowMs: 250, killAtShare: 0.25, observeMs: 130_000 };
/** The kills: a plain workflow (then n8n's Retry), and one sending in rounds that saves its progress. */
const KILL_VARIANTS = [
	{ key: 'plain', label: 'Webhook → Split Out → Hackle, then Retry', retry: true },
	{ key: 'progress', label: 'Loop Over Items of 50, Save Execution Progress on', loop: 50, progress: true },
];
/** Throughput: [bench operation key, executions at once, items each]. */
const THROUGHPUT = [
	['hackleTrack', 20, 1000],
	['traintracks', 20, 1000],
];
// What happens to a job whose worker died, sooner than n8n's defaults so the run
// stays short (n8n 2.40.7, scaling.service.js): Bull's lock on an active job
// (QUEUE_WORKER_LOCK_DURATION, default 60 s, renewed every
// QUEUE_WORKER_LOCK_RENEW_TIME, 10 s) lapses; another worker's stalled-job
// check (QUEUE_WORKER_STALLED_INTERVAL, 30 s) then fails the job (n8n sets
// Bull's maxStalledCount to 0: a stalled job is never run again); the main's
// queue recovery (N8N_EXECUTIONS_QUEUE_RECOVERY_INTERVAL, in minutes, default
// 180) marks executions still "running" without a live job as crashed.
const QUEUE_TIMING = {
	QUEUE_WORKER_LOCK_DURATION: '20000',
	QUEUE_WORKER_LOCK_RENEW_TIME: '5000',
	QUEUE_WORKER_STALLED_INTERVAL: '10000',
	N8N_EXECUTIONS_QUEUE_RECOVERY_INTERVAL: '1',
};

const started = Date.now();
const results = [];
const record = { date: new Date().toISOString(), seed: SEED, phases: {} };

function say(line = '') {
	process.stdout.write(`${line}\n`);
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const fmt = (n) => Math.round(n).toLocaleString('en-US');

function pass(name, problems, seconds) {
	results.push({ name, problems });
	say(`${problems.length ? 'FAIL' : 'ok  '} ${name}${seconds !== undefined ? ` (${seconds.toFixed(1)} s)` : ''}`);
	for (const p of problems.slice(0, 30)) say(`       - ${String(p).split('\n').join('\n         ')}`);
	if (problems.length > 30) say(`       … and ${problems.length - 30} more`);
}

/** Run `fn` over `items` with at most `limit` at once. */
async function pool(items, limit, fn) {
	const out = new Array(items.length);
	let next = 0;
	await Promise.all(
		Array.from({ length: Math.min(limit, items.length) }, async () => {
			while (next < items.length) {
				const i = next++;
				out[i] = await fn(items[i], i);
			}
		}),
	);
	return out;
}

// ---- the cluster -------------------------------------------------------------------------

class Cluster {
	constructor(install, { pg, redis, tarball }) {
		this.install = install;
		this.pg = pg;
		this.redis = redis;
		this.tarball = tarball;
		this.workers = [];
		/** execution id → [{ worker, event: 'started'|'finished', at }] from the workers' logs */
		this.ranBy = new Map();
		this.env = {
			EXECUTIONS_MODE: 'queue',
			QUEUE_BULL_REDIS_HOST: '127.0.0.1',
			QUEUE_BULL_REDIS_PORT: String(redis.port),
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: pg.host,
			DB_POSTGRESDB_PORT: String(pg.port),
			DB_POSTGRESDB_DATABASE: pg.database,
			DB_POSTGRESDB_USER: pg.user,
			DB_POSTGRESDB_PASSWORD: '',
			N8N_ENCRYPTION_KEY: crypto.randomBytes(24).toString('hex'),
			...QUEUE_TIMING,
		};
	}

	async process(name) {
		const userFolder = fs.mkdtempSync(path.join(os.tmpdir(), `n8n-queue-${name}-`));
		if (process.env.E2E_KEEP !== '1') onCleanup(() => fs.rmSync(userFolder, { recursive: true, force: true }));
		const n8n = await new N8n(this.install, { userFolder, logFile: path.join(WORK, `${name}.log`), env: this.env }).init();
		n8n.name = name;
		fs.writeFileSync(n8n.logFile, '');
		onCleanup(() => n8n.stop());
		return n8n;
	}

	/** Three user folders, the package installed into each one's .n8n/nodes. */
	async prepare() {
		this.main = await this.process('main');
		const workers = [await this.process('worker-a'), await this.process('worker-b')];
		await Promise.all([this.main, ...workers].map((p) => installPackage(p.userFolder, this.tarball, path.join(WORK, 'install.log'))));
		this.pendingWorkers = workers;
	}

	async startWorkers() {
		await Promise.all(this.pendingWorkers.map((w) => this.startWorker(w)));
	}

	/** Start (or start again, after a kill) one worker; its log lines say which executions it ran. */
	async startWorker(w) {
		await w.startWorker({
			concurrency: WORKER_CONCURRENCY,
			onLine: (line) => {
				const m = /Worker (started|finished) execution (\d+)/.exec(line);
				if (!m) return;
				const list = this.ranBy.get(m[2]) ?? [];
				list.push({ worker: w.name, event: m[1], at: Date.now() });
				this.ranBy.set(m[2], list);
			},
		});
		if (!this.workers.includes(w)) this.workers.push(w);
	}

	/** The workers that started execution `id`, in order. */
	startedBy(id) {
		return (this.ranBy.get(String(id)) ?? []).filter((e) => e.event === 'started').map((e) => e.worker);
	}

	/** Executions of these workflows with id > after: summaries, or with their run data. */
	async executions(workflowIds, { after = 0, data = false } = {}) {
		const list = workflowIds.map((id) => `'${id.replace(/'/g, "''")}'`).join(',');
		const fields = `'id', e.id, 'workflowId', e."workflowId", 'status', e.status, 'mode', e.mode, 'retryOf', e."retryOf", 'startedAt', e."startedAt", 'stoppedAt', e."stoppedAt"${data ? ", 'data', d.data" : ''}`;
		const rows = await this.pg.psql(
			`select json_build_object(${fields})::text from execution_entity e ${data ? 'left join execution_data d on d."executionId" = e.id' : ''} where e."workflowId" in (${list}) and e.id > ${Number(after)} order by e.id`,
		);
		return rows.map((row) => {
			const e = JSON.parse(row);
			e.id = String(e.id);
			if (data) e.data = e.data ? this.main.flatted.parse(e.data) : undefined;
			return e;
		});
	}

	async lastExecutionId() {
		const [row] = await this.pg.psql('select coalesce(max(id), 0) from execution_entity');
		return Number(row);
	}

	/** Wait until at least `count` executions of these workflows exist and none is still queued or running. */
	async settle(workflowIds, count, { after, timeoutMs }) {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const list = await this.executions(workflowIds, { after });
			const open = list.filter((e) => !['success', 'error', 'crashed', 'canceled'].includes(e.status));
			if (list.length >= count && open.length === 0) return list;
			if (Date.now() > deadline) {
				const by = {};
				for (const e of list) by[e.status] = (by[e.status] ?? 0) + 1;
				throw new Error(`${list.length}/${count} executions, ${open.length} not finished after ${timeoutMs / 1000} s: ${JSON.stringify(by)}`);
			}
			await sleep(1000);
		}
	}
}

// ---- events, calls, accounting ------------------------------------------------------------

async function loadScenarios(fakes) {
	const dir = path.join(ROOT, 'test', 'e2e', 'faults');
	const files = fs.readdirSync(dir).filter((f) => f.endsWith('.mjs') && f !== 'lib.mjs').sort();
	const credentials = [];
	const scenarios = [];
	for (const file of files) {
		const module = (await import(pathToFileURL(path.join(dir, file)))).default;
		const fake = fakes[module.provider];
		const creds = module.credentials({ fake, keys: FAKE_KEYS[module.provider] });
		credentials.push(...creds);
		for (const scenario of module.scenarios()) {
			const cred = creds.find((c) => c.name === scenario.node.credential);
			const node = (continueOnFail, options = OPTIONS) => ({
				...scenario.node,
				parameters: { ...scenario.node.parameters, options: { ...options, ...scenario.options } },
				credentials: { [cred.type]: { id: cred.id, name: cred.name } },
				continueOnFail,
			});
			scenarios.push({ ...scenario, module, fake, nodeOf: node, nodeName: scenario.node.name });
		}
	}
	return { credentials, scenarios, keysOf: (module) => module.keys };
}

/** One call's events: key `<prefix>-<i>` (".plan-poison" on the poisoned one), as the fault suite makes them. */
function makeEvents(scenario, prefix, count, poison) {
	return Array.from({ length: count }, (_, i) => {
		const plan = i === poison ? 'poison' : undefined;
		const key = `${prefix}-${i}${plan ? '.plan-poison' : ''}`;
		const json = scenario.event(key, i);
		if (scenario.keyOf(json) !== key) throw new Error(`${scenario.id}: keyOf does not find the key of event ${i}`);
		return { index: i, plan, key, json };
	});
}

async function postWebhook(n8n, urlPath, body, timeoutMs = 120_000) {
	const res = await fetch(`${n8n.baseUrl}/webhook/${urlPath}`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json' },
		body: JSON.stringify(body),
		signal: AbortSignal.timeout(timeoutMs),
	});
	const text = await res.text();
	if (res.status !== 200) throw new Error(`POST /webhook/${urlPath}: HTTP ${res.status} ${text.slice(0, 200)}`);
	return text;
}

/** The event keys an execution received: the Split Out node's output. */
function keysIn(execution, keyOf) {
	const items = execution.data?.resultData?.runData?.['Split Out']?.[0]?.data?.main?.[0] ?? [];
	return items.map((item) => keyOf(item.json));
}

/**
 * Match executions to the batches of events they carried (by the first event's
 * key), then the fault suite's accounting for each (ledger vs output items),
 * and which worker ran it. Returns { counts, problems, byWorker }.
 */
function accountExecutions(cluster, executions, batches, ledgers) {
	const problems = [];
	const counts = {};
	const byWorker = {};
	const add = (c) => {
		for (const [k, v] of Object.entries(c)) if (typeof v === 'number') counts[k] = (counts[k] ?? 0) + v;
	};
	const batchByKey = new Map();
	for (const b of batches) for (const e of b.events) batchByKey.set(e.key, b);
	const seen = new Map();
	const keyOfWorkflow = new Map(batches.map((b) => [b.workflowId, b.scenario.keyOf]));
	for (const execution of executions) {
		const keyOf = keyOfWorkflow.get(execution.workflowId);
		const batch = keyOf && batchByKey.get(keysIn(execution, keyOf)[0]);
		if (!batch) {
			problems.push(`execution ${execution.id} (${execution.workflowId}, ${execution.status}) carries no known batch of events`);
			continue;
		}
		if (seen.has(batch)) {
			problems.push(`batch ${batch.name} ran in executions ${seen.get(batch)} and ${execution.id}`);
			continue;
		}
		seen.set(batch, execution.id);
		const ledger = (ledgers.get(batch.scenario.fake) ?? []).filter((entry) => batch.keys.has(batch.scenario.keyOf(entry.event)));
		const result = account({ events: batch.events, execution, ledger, nodeName: batch.scenario.nodeName, keyOf: batch.scenario.keyOf, continueOnFail: batch.continueOnFail });
		add(result.counts);
		for (const p of result.problems) problems.push(`${batch.name} (execution ${execution.id}): ${p}`);
		if (batch.expectStatus && execution.status !== batch.expectStatus) problems.push(`${batch.name} (execution ${execution.id}): status ${execution.status}, expected ${batch.expectStatus}`);
		const workers = cluster.startedBy(execution.id);
		if (workers.length !== 1) problems.push(`execution ${execution.id}: started by ${workers.length ? workers.join(', ') : 'no worker'} (workers' logs), expected exactly one`);
		const w = workers[0] ?? 'unknown';
		byWorker[w] ??= { executions: 0, events: 0 };
		byWorker[w].executions++;
		byWorker[w].events += batch.events.length;
	}
	for (const batch of batches) if (!seen.has(batch)) problems.push(`batch ${batch.name}: no execution carried it`);
	// Every ledger entry belongs to an event of some batch, and none is there twice.
	for (const [fake, ledger] of ledgers) {
		// A fake may serve several operations, each with its own key field.
		const keyOfs = [...new Set(batches.filter((b) => b.scenario.fake === fake).map((b) => b.scenario.keyOf))];
		if (!keyOfs.length) continue;
		const strangers = ledger.filter((entry) => !keyOfs.some((keyOf) => batchByKey.has(keyOf(entry.event))));
		if (strangers.length) problems.push(`${fake.name}: ${strangers.length} ledger entries belong to no event sent in this phase`);
	}
	return { counts, problems, byWorker };
}

function bothWorkers(cluster, byWorker) {
	const names = cluster.workers.map((w) => w.name);
	const idle = names.filter((n) => !byWorker[n]?.executions);
	return idle.length ? [`worker(s) ${idle.join(', ')} ran no execution: ${JSON.stringify(byWorker)}`] : [];
}

function workerLine(byWorker) {
	return Object.entries(byWorker)
		.sort()
		.map(([w, s]) => `${w} ${s.executions} executions / ${fmt(s.events)} events`)
		.join(', ');
}

// ---- the schedule's event source -----------------------------------------------------------

/** GET /events/<scenario id> → { events: [...] }: a fresh batch each call, remembered. */
async function startEventSource(scenarios) {
	const batches = [];
	const counters = new Map();
	const server = http.createServer((req, res) => {
		const id = decodeURIComponent(new URL(req.url, 'http://source').pathname.replace(/^\/events\//, ''));
		const scenario = scenarios.find((s) => s.id === id);
		if (!scenario || !source.open) {
			res.writeHead(404, { 'Content-Type': 'application/json' });
			res.end(JSON.stringify({ events: [] }));
			return;
		}
		const n = (counters.get(id) ?? 0) + 1;
		counters.set(id, n);
		const events = makeEvents(scenario, `qs-${id}-b${n}`, SCHEDULE_EVENTS);
		const batch = { name: `schedule ${id} #${n}`, scenario, workflowId: scenario.scheduleWorkflowId, events, keys: new Set(events.map((e) => e.key)), continueOnFail: true, expectStatus: 'success' };
		batches.push(batch);
		res.writeHead(200, { 'Content-Type': 'application/json' });
		res.end(JSON.stringify({ events: events.map((e) => e.json) }));
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	onCleanup(() => new Promise((resolve) => server.close(() => resolve())));
	const source = { baseUrl: `http://127.0.0.1:${server.address().port}`, batches, open: false };
	return source;
}

// ---- phases --------------------------------------------------------------------------------

async function activate(n8n, id, on = true) {
	const wf = await n8n.rest('GET', `/workflows/${id}`);
	await n8n.rest('POST', `/workflows/${id}/${on ? 'activate' : 'deactivate'}`, on ? { versionId: wf.versionId } : {});
}

function snapshotLedgers(scenarios) {
	const ledgers = new Map();
	for (const s of scenarios) ledgers.set(s.fake, [...s.fake.ledger]);
	return ledgers;
}

async function phaseClean(cluster, scenarios, source) {
	const t0 = Date.now();
	for (const s of scenarios) {
		s.fake.reset();
		s.fake.clearFaults();
	}
	const after = await cluster.lastExecutionId();
	const batches = [];
	for (let c = 0; c < CALLS; c++) {
		const s = scenarios[c % scenarios.length];
		const events = makeEvents(s, `qc-${s.id}-c${c}`, PER_CALL);
		batches.push({ name: `clean ${s.id} call ${c}`, scenario: s, workflowId: s.onWorkflowId, path: s.onPath, events, keys: new Set(events.map((e) => e.key)), continueOnFail: true, expectStatus: 'success' });
	}
	source.open = true;
	for (const s of scenarios) await activate(cluster.main, s.scheduleWorkflowId);
	const t1 = Date.now();
	await pool(batches, 16, (b) => postWebhook(cluster.main, b.path, { events: b.events.map((e) => e.json) }));
	const posted = (Date.now() - t1) / 1000;
	await cluster.settle(
		scenarios.map((s) => s.onWorkflowId),
		batches.length,
		{ after, timeoutMs: 6 * 60_000 },
	);
	// The schedule: at least two batches per operation, then off.
	const deadline = Date.now() + 60_000;
	while (Date.now() < deadline && scenarios.some((s) => source.batches.filter((b) => b.scenario === s).length < 2)) await sleep(1000);
	for (const s of scenarios) await activate(cluster.main, s.scheduleWorkflowId, false);
	await sleep(1500);
	source.open = false;
	const scheduleIds = scenarios.map((s) => s.scheduleWorkflowId);
	const scheduled = await cluster.executions(scheduleIds, { after });
	// Executions the schedule started after the source closed fetched nothing (404): not counted.
	const all = [...batches, ...source.batches];
	await cluster.settle([...scenarios.map((s) => s.onWorkflowId), ...scheduleIds], batches.length + scheduled.length, { after, timeoutMs: 3 * 60_000 });
	const listed = await cluster.executions([...scenarios.map((s) => s.onWorkflowId), ...scheduleIds], { after, data: true });
	const fetchedNothing = (e) => scheduleIds.includes(e.workflowId) && keysIn(e, () => 'x').length === 0 && e.status === 'error';
	const executions = listed.filter((e) => !fetchedNothing(e));
	const late = listed.length - executions.length;
	const ledgers = snapshotLedgers(scenarios);
	const { counts, problems, byWorker } = accountExecutions(cluster, executions, all, ledgers);
	problems.push(...bothWorkers(cluster, byWorker));
	if (counts.failed) problems.push(`${counts.failed} events failed without any fault`);
	const byTrigger = { webhook: batches.reduce((n, b) => n + b.events.length, 0), schedule: source.batches.reduce((n, b) => n + b.events.length, 0) };
	const ledgerTotal = [...ledgers.values()].reduce((n, l) => n + l.length, 0);
	if (ledgerTotal !== byTrigger.webhook + byTrigger.schedule) problems.push(`the fakes' ledgers hold ${ledgerTotal} events, ${byTrigger.webhook + byTrigger.schedule} were sent`);
	say(`   webhook: ${batches.length} calls, ${fmt(byTrigger.webhook)} events (posted in ${posted.toFixed(1)} s); schedule (${SCHEDULE_CRON}): ${source.batches.length} executions with events, ${fmt(byTrigger.schedule)} events${late ? ` (${late} more ran after the source closed and fetched nothing)` : ''}`);
	say(`   ledger ${fmt(ledgerTotal)} events; succeeded ${fmt(counts.succeeded ?? 0)}, failed ${counts.failed ?? 0}, lost ${counts.lost ?? 0}, duplicated ${counts.duplicated ?? 0}`);
	say(`   ran by: ${workerLine(byWorker)}`);
	record.phases.clean = { calls: batches.length, schedule: source.batches.length, events: byTrigger, ledger: ledgerTotal, counts, byWorker, seconds: (Date.now() - t0) / 1000 };
	pass(`clean: ${fmt(byTrigger.webhook + byTrigger.schedule)} events, every node and operation, webhook and schedule, 2 workers`, problems, (Date.now() - t0) / 1000);
}

async function phaseFaults(cluster, scenarios, resetPlans) {
	const t0 = Date.now();
	// Rounds in which each fake serves one operation (its seeded fault rate is per fake).
	const rounds = [];
	for (const s of scenarios) {
		const round = rounds.find((r) => !r.some((x) => x.fake === s.fake)) ?? (rounds.push([]), rounds.at(-1));
		round.push(s);
	}
	const onCalls = Math.max(1, Math.round(FAULT_EVENTS / PER_CALL));
	const table = [];
	for (const round of rounds) {
		const after = await cluster.lastExecutionId();
		const batches = [];
		for (const s of round) {
			s.fake.reset();
			s.fake.clearFaults();
			resetPlans(s.fake);
			s.mix = faultMix(s.documented);
			s.fake.setFaultRate({ seed: SEED, rate: RATE, faults: s.mix });
			for (let c = 0; c < onCalls; c++) {
				const events = makeEvents(s, `qf-${s.id}-c${c}`, PER_CALL);
				batches.push({ name: `faults ${s.id} call ${c} (on)`, scenario: s, workflowId: s.onWorkflowId, path: s.onPath, events, keys: new Set(events.map((e) => e.key)), continueOnFail: true, expectStatus: 'success' });
			}
			for (let c = 0; c < OFF_CALLS; c++) {
				const events = makeEvents(s, `qf-${s.id}-off${c}`, PER_CALL, POISON_AT);
				batches.push({ name: `faults ${s.id} call ${c} (off)`, scenario: s, workflowId: s.offWorkflowId, path: s.offPath, events, keys: new Set(events.map((e) => e.key)), continueOnFail: false, expectStatus: 'error' });
			}
		}
		// Interleaved (call 0 of every operation, then call 1, …), so every worker meets every operation.
		const order = new Map();
		for (const b of batches) order.set(b, [...order.keys()].filter((x) => x.scenario === b.scenario).length);
		batches.sort((a, b) => order.get(a) - order.get(b));
		const tr = Date.now();
		await pool(batches, 16, (b) => postWebhook(cluster.main, b.path, { events: b.events.map((e) => e.json) }));
		await cluster.settle(
			round.flatMap((s) => [s.onWorkflowId, s.offWorkflowId]),
			batches.length,
			{ after, timeoutMs: 8 * 60_000 },
		);
		for (const s of round) s.fake.clearFaults();
		await sleep(300);
		const executions = await cluster.executions(
			round.flatMap((s) => [s.onWorkflowId, s.offWorkflowId]),
			{ after, data: true },
		);
		for (const s of round) {
			const mine = batches.filter((b) => b.scenario === s);
			const ids = new Set([s.onWorkflowId, s.offWorkflowId]);
			const { counts, problems, byWorker } = accountExecutions(
				cluster,
				executions.filter((e) => ids.has(e.workflowId)),
				mine,
				new Map([[s.fake, [...s.fake.ledger]]]),
			);
			const requests = [...s.fake.requests];
			const retries = checkRetries(requests, OPTIONS);
			problems.push(...retries.problems, ...seededRunProblems(requests, { mix: s.mix, rate: RATE }));
			problems.push(...bothWorkers(cluster, byWorker));
			const faulted = requests.filter((q) => q.fault).length;
			say(`   ${s.name}: sent ${fmt(counts.sent ?? 0)}, succeeded ${fmt(counts.succeeded ?? 0)}, failed ${fmt(counts.failed ?? 0)} (flagged "may have been recorded" ${counts.flaggedMayBeRecorded ?? 0}, of which in the ledger ${counts.failedMaybeRecorded ?? 0}), lost ${counts.lost ?? 0}, duplicated ${counts.duplicated ?? 0}; requests ${fmt(requests.length)}, with a fault ${faulted}, retries ${retries.stats.retries}; ${workerLine(byWorker)}`);
			table.push({ name: s.name, counts, requests: requests.length, faulted, retries: retries.stats.retries, mix: occurredMix(requests), byWorker, problems: problems.length });
			pass(`faults: ${s.name}, ${fmt(counts.sent ?? 0)} events (${onCalls} calls Continue On Fail on, ${OFF_CALLS} off with a poisoned event), ~${RATE * 100}% of requests faulted`, problems, (Date.now() - tr) / 1000);
		}
	}
	record.phases.faults = { rate: RATE, seed: SEED, runs: table, seconds: (Date.now() - t0) / 1000 };
}

/** The single-process figures of bench/last-run/record.json (npm run bench), for the same workflow and size. */
function benchFigure(op, n) {
	try {
		const rec = JSON.parse(fs.readFileSync(path.join(ROOT, 'bench', 'last-run', 'record.json'), 'utf8'));
		const r = rec.results.find((x) => x.id === `${op}/node-auto/${n}`);
		if (!r) return undefined;
		const median = (values) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
		return { send: n / (median(r.runs.map((x) => x.sendMs)) / 1000), wall: n / (median(r.runs.map((x) => x.wallMs)) / 1000), date: rec.startedAt };
	} catch {
		return undefined;
	}
}

async function phaseThroughput(cluster, fastFakes, ops, label) {
	const rows = [];
	for (const [key, calls, n] of THROUGHPUT) {
		const op = ops.find((o) => o.key === key);
		const fake = fastFakes[op.fake];
		const t0 = Date.now();
		fake.resetFast();
		const after = await cluster.lastExecutionId();
		const problems = [];
		await Promise.all(Array.from({ length: calls }, () => postWebhook(cluster.main, op.queuePath, { n }, 10 * 60_000).catch((e) => problems.push(e.message))));
		const seconds = (Date.now() - t0) / 1000;
		const stats = fake.fastStats();
		const total = calls * n;
		const digest = BigInt(`0x${expectedDigest(op.events(makeItems(op.items, n)))}`);
		const want = ((digest * BigInt(calls)) & 0xffffffffffffffffn).toString(16).padStart(16, '0');
		if (stats.events !== total) problems.push(`the fake counted ${stats.events} events, expected ${total}`);
		if (stats.digest !== want) problems.push(`the events' digest ${stats.digest} is not that of ${calls} × the expected items (${want})`);
		const expectedRequests = calls * op.variants['node-auto'].requests(n);
		if (stats.requests !== expectedRequests) problems.push(`${stats.requests} requests, expected ${expectedRequests}`);
		const executions = await cluster.executions([op.queueWorkflowId], { after });
		const byWorker = {};
		for (const e of executions) {
			if (e.status !== 'success') problems.push(`execution ${e.id}: ${e.status}`);
			const w = cluster.startedBy(e.id)[0] ?? 'unknown';
			byWorker[w] ??= { executions: 0, events: 0 };
			byWorker[w].executions++;
			byWorker[w].events += n;
		}
		const single = benchFigure(key, n);
		// The machine is shared: the load average says how much else ran.
		const row = { op: op.title, kind: op.kind, workers: cluster.workers.length, calls, n, total, seconds, rate: total / seconds, requests: stats.requests, byWorker, single, load1: os.loadavg()[0] };
		rows.push(row);
		say(`   ${op.title}: ${calls} executions × ${fmt(n)} events = ${fmt(total)} in ${seconds.toFixed(1)} s → ${fmt(row.rate)} events/s (${workerLine(byWorker)})`);
		pass(`throughput, ${label}: ${op.title}, ${fmt(total)} events`, problems, seconds);
	}
	return rows;
}

/** How often each event of `events` is in the fake's ledger: { once, twice, more, never }. */
function ledgerCounts(fake, events, keyOf) {
	const times = new Map();
	for (const entry of fake.ledger) {
		const key = keyOf(entry.event);
		times.set(key, (times.get(key) ?? 0) + 1);
	}
	const counts = { events: events.length, once: 0, twice: 0, more: 0, never: 0 };
	for (const e of events) {
		const n = times.get(e.key) ?? 0;
		if (n === 0) counts.never++;
		else if (n === 1) counts.once++;
		else if (n === 2) counts.twice++;
		else counts.more++;
	}
	return counts;
}

/** What an execution's record says about the node: its output items, how many successful. */
function executionSummary(cluster, e, nodeName) {
	const runs = e.data?.resultData?.runData?.[nodeName] ?? [];
	const items = runs.flatMap((run) => run.data?.main?.[0] ?? []);
	return {
		id: e.id,
		status: e.status,
		mode: e.mode,
		retryOf: e.retryOf,
		startedBy: cluster.startedBy(e.id),
		nodeRuns: runs.length,
		items: items.length,
		succeeded: items.filter((i) => i.json?.success === true).length,
		error: e.data?.resultData?.error?.message,
	};
}

/**
 * A worker killed (SIGKILL) while it sends: one execution of Hackle Track
 * Event against a provider that records each request at once and answers
 * after KILL.slowMs. `variant.retry`: afterwards, retry the failed execution
 * the way the UI's "Retry" does (POST /rest/executions/:id/retry) and count
 * again. `variant.progress`: the workflow sends in Loop Over Items rounds and
 * saves its progress after each node run (saveExecutionProgress).
 */
async function phaseKill(cluster, scenarios, variant) {
	const t0 = Date.now();
	const name = `worker killed (SIGKILL) while sending, ${variant.label}`;
	const s = scenarios.find((x) => x.id === 'hackle-track');
	const fake = s.fake;
	fake.reset();
	fake.clearFaults();
	// Every request is recorded at once and answered after slowMs: the node has at most Concurrency requests in flight.
	fake.setFaultRate({ seed: SEED, rate: 1, faults: [{ kind: 'slow', ms: KILL.slowMs }] });
	const events = makeEvents(s, `qk-${variant.key}`, KILL.events);
	const after = await cluster.lastExecutionId();
	await postWebhook(cluster.main, variant.path, { events: events.map((e) => e.json) });
	const problems = [];
	// Wait until the provider has a quarter of the events, then kill the worker running the execution.
	let execution;
	const deadline = Date.now() + 120_000;
	while (Date.now() < deadline) {
		[execution] = await cluster.executions([variant.workflowId], { after });
		if (execution && fake.ledger.length >= KILL.events * KILL.killAtShare) break;
		await sleep(100);
	}
	if (!execution) return pass(name, ['the execution never started'], 0);
	const victim = cluster.workers.find((w) => w.name === cluster.startedBy(execution.id)[0]);
	if (!victim) return pass(name, [`execution ${execution.id}: no worker log names it`], 0);
	const [beforeKill] = await cluster.executions([variant.workflowId], { after, data: true });
	const saved = executionSummary(cluster, beforeKill, s.nodeName);
	const atKill = { ledger: fake.ledger.length, requests: fake.requests.length, inFlight: fake.requests.filter((q) => q.answeredAt === undefined).length, savedItems: saved.items, savedNodeRuns: saved.nodeRuns };
	const killedAt = Date.now();
	await stopProcess(victim.process, 'SIGKILL');
	cluster.workers = cluster.workers.filter((w) => w !== victim);
	say(`   execution ${execution.id} ran on ${victim.name}; SIGKILL after ${fmt(atKill.ledger)} of ${KILL.events} events recorded, ${atKill.inFlight} requests in flight (recorded, answer not yet sent); the record held ${saved.items} output items`);

	// Watch: the execution's status, the workers' logs, the provider's ledger.
	const timeline = [];
	let last;
	let stableSince = Date.now();
	let ledgerSeen = fake.ledger.length;
	const watchUntil = Date.now() + KILL.observeMs;
	while (Date.now() < watchUntil) {
		const list = await cluster.executions([variant.workflowId], { after });
		const state = list.map((e) => `${e.id}:${e.status}`).join(', ');
		const runs = cluster.startedBy(execution.id).join(' → ');
		const line = `${state}; started by ${runs}; ledger ${fake.ledger.length}`;
		if (line !== last) {
			timeline.push({ afterKillS: (Date.now() - killedAt) / 1000, state, startedBy: runs, ledger: fake.ledger.length });
			say(`   +${((Date.now() - killedAt) / 1000).toFixed(1)} s: ${line}`);
			last = line;
		}
		if (fake.ledger.length !== ledgerSeen) {
			ledgerSeen = fake.ledger.length;
			stableSince = Date.now();
		}
		const terminal = list.length > 0 && list.every((e) => ['success', 'error', 'crashed', 'canceled'].includes(e.status));
		// Done when every execution is final and the provider has seen nothing new for 10 s.
		if (terminal && Date.now() - stableSince > 10_000) break;
		await sleep(500);
	}
	fake.clearFaults();
	const counts = ledgerCounts(fake, events, s.keyOf);
	const requestsAfterKill = fake.requests.filter((q) => Date.parse(q.at) > killedAt).length;
	const outcome = (await cluster.executions([variant.workflowId], { after, data: true })).map((e) => executionSummary(cluster, e, s.nodeName));
	say(`   provider: ${counts.once} events recorded once, ${counts.twice} twice, ${counts.more} more often, ${counts.never} never; ${requestsAfterKill} requests arrived after the kill`);
	for (const o of outcome) say(`   execution ${o.id}: ${o.status}, started by ${o.startedBy.join(' → ') || 'no worker'}; ${o.items} output items in the record, ${o.succeeded} successful${o.error ? `; error: ${o.error}` : ''}`);
	const reran = outcome.some((o) => o.startedBy.length > 1) || outcome.length > 1;
	if (!reran && counts.twice + counts.more > 0) problems.push(`${counts.twice + counts.more} events recorded more than once although n8n did not run the execution again: the package resent`);
	const finalStates = outcome.map((o) => o.status);
	if (finalStates.some((st) => !['success', 'error', 'crashed', 'canceled'].includes(st))) problems.push(`execution(s) not final after ${KILL.observeMs / 1000} s: ${finalStates.join(', ')}`);

	// The user's next step in n8n: Retry the failed execution (fast provider now).
	let retry;
	if (variant.retry && outcome[0] && outcome[0].status !== 'success') {
		const before = await cluster.lastExecutionId();
		try {
			const answer = await cluster.main.rest('POST', `/executions/${outcome[0].id}/retry`, { loadWorkflow: false });
			const list = await cluster.settle([variant.workflowId], 1, { after: before, timeoutMs: 120_000 });
			const retried = (await cluster.executions([variant.workflowId], { after: before, data: true })).map((e) => executionSummary(cluster, e, s.nodeName));
			retry = { answer: typeof answer === 'object' ? Object.keys(answer ?? {}) : answer, executions: retried, counts: ledgerCounts(fake, events, s.keyOf), settled: list.length };
		} catch (error) {
			retry = { refused: error.message.slice(0, 300) };
		}
		if (retry.refused) say(`   Retry (POST /rest/executions/${outcome[0].id}/retry): refused: ${retry.refused}`);
		else {
			for (const o of retry.executions) say(`   Retry → execution ${o.id} (${o.mode}, retry of ${o.retryOf}): ${o.status}, ${o.items} output items, ${o.succeeded} successful; started by ${o.startedBy.join(' → ')}${o.error ? `; error: ${o.error}` : ''}`);
			say(`   provider after the retry: ${retry.counts.once} once, ${retry.counts.twice} twice, ${retry.counts.more} more often, ${retry.counts.never} never`);
		}
	}
	const result = { variant: variant.key, atKill, counts, requestsAfterKill, executions: outcome, retry, timeline, settings: { ...KILL, nodeConcurrency: 8, ...QUEUE_TIMING }, seconds: (Date.now() - t0) / 1000 };
	(record.phases.kill ??= []).push(result);
	pass(`${name}: ${counts.once} recorded once, ${counts.twice + counts.more} more than once, ${counts.never} never`, problems, (Date.now() - t0) / 1000);
	return { result, victim };
}

/**
 * What users report: a worker without the package. The other workers are
 * stopped (SIGTERM, n8n's graceful shutdown), a worker whose user folder has
 * no package starts, and one webhook call of Hackle Track Event goes to it.
 */
async function phaseBareWorker(cluster, scenarios) {
	const t0 = Date.now();
	const s = scenarios.find((x) => x.id === 'hackle-track');
	for (const w of cluster.workers) await stopProcess(w.process, 'SIGTERM', 30_000);
	cluster.workers = [];
	const bare = await cluster.process('worker-bare');
	await cluster.startWorker(bare);
	s.fake.reset();
	s.fake.clearFaults();
	const after = await cluster.lastExecutionId();
	const events = makeEvents(s, 'qb-hackle-track', 10);
	await postWebhook(cluster.main, s.onPath, { events: events.map((e) => e.json) });
	const [settled] = await cluster.settle([s.onWorkflowId], 1, { after, timeoutMs: 120_000 });
	const [execution] = await cluster.executions([s.onWorkflowId], { after, data: true });
	const error = execution.data?.resultData?.error;
	const result = { execution: execution.id, status: execution.status, startedBy: cluster.startedBy(execution.id), error: error?.message, requests: s.fake.requests.length, ledger: s.fake.ledger.length };
	record.phases.bare = result;
	say(`   execution ${execution.id} on ${result.startedBy.join(', ') || 'no worker'}: ${execution.status}; error: ${result.error ?? '(none)'}; the provider received ${result.requests} requests`);
	const problems = [];
	if (settled && execution.status === 'success') problems.push('the execution succeeded on a worker without the package');
	if (result.requests) problems.push(`the provider received ${result.requests} requests`);
	if (!/unrecognized node type/i.test(result.error ?? '')) problems.push(`the error does not say "Unrecognized node type": ${result.error}`);
	pass(`a worker without the package: the execution fails with "${(result.error ?? '').slice(0, 80)}", nothing sent`, problems, (Date.now() - t0) / 1000);
}

function throughputTable(rows) {
	const lines = [
		'| operation | workers | executions × events | events/s (queue mode, wall) | load average (1 min) | single process, bench/results.md, one execution of the same size (node time / wall) |',
		'|---|--:|---|--:|--:|--:|',
	];
	for (const r of rows) {
		const single = r.single ? `${fmt(r.single.send)} / ${fmt(r.single.wall)}` : 'n/a';
		lines.push(`| ${r.op} | ${r.workers} | ${r.calls} × ${fmt(r.n)} | ${fmt(r.rate)} | ${r.load1.toFixed(1)} | ${single} |`);
	}
	return lines.join('\n');
}

// ---- main ----------------------------------------------------------------------------------

async function main() {
	trapSignals();
	fs.rmSync(WORK, { recursive: true, force: true });
	fs.mkdirSync(WORK, { recursive: true });
	say(`queue: seed ${SEED}, ${CALLS} webhook calls of ${PER_CALL} events, ${FAULT_EVENTS} events per operation under faults; logs in ${path.relative(ROOT, WORK)}/`);
	const log = (m) => say(`   ${m}`);
	const install = await ensureN8n({ log });
	const redisBin = await ensureRedis({ log, logFile: path.join(WORK, 'apt.log') });
	const [tarball, redis, pg] = await Promise.all([
		buildTarball(ROOT, WORK, path.join(WORK, 'build.log')),
		startRedis({ bin: redisBin, logFile: path.join(WORK, 'redis.log') }),
		startPostgres({ logFile: path.join(WORK, 'postgres.log') }),
	]);
	say(`   redis 127.0.0.1:${redis.port}, postgres 127.0.0.1:${pg.port} (${((Date.now() - started) / 1000).toFixed(1)} s)`);

	// Fakes: checking ones for correctness and faults, fast ones for throughput.
	const probe = await loadScenarios(Object.fromEntries(Object.keys(FAKE_KEYS).map((k) => [k, { baseUrl: 'http://127.0.0.1:1' }])));
	const keys = Object.fromEntries(Object.entries(FAKE_KEYS).map(([name, k]) => [name, probe.scenarios.find((s) => s.module.provider === name)?.module.keys?.(k) ?? k]));
	const fakes = await startFakes({ seed: SEED, keys });
	onCleanup(() => stopFakes(fakes));
	const fastFakes = await startFakes({ fast: true });
	onCleanup(() => stopFakes(fastFakes));
	const planResets = new Map(Object.values(fakes).map((fake) => [fake, installPlans(fake)]));
	const resetPlans = (fake) => planResets.get(fake)();
	const { credentials, scenarios } = await loadScenarios(fakes);
	const source = await startEventSource(scenarios);

	const workflows = [];
	for (const s of scenarios) {
		s.onWorkflowId = workflowId(`queue|${s.id}|on`);
		s.onPath = `queue-${s.id}-on`;
		s.offWorkflowId = workflowId(`queue|${s.id}|off`);
		s.offPath = `queue-${s.id}-off`;
		s.scheduleWorkflowId = workflowId(`queue|${s.id}|schedule`);
		workflows.push(faultWorkflow({ id: s.onWorkflowId, name: `Queue: ${s.name}, Continue On Fail on`, path: s.onPath, node: s.nodeOf(true), loop: s.loop }));
		workflows.push(faultWorkflow({ id: s.offWorkflowId, name: `Queue: ${s.name}, Continue On Fail off`, path: s.offPath, node: s.nodeOf(false) }));
		workflows.push(pollingWorkflow({ id: s.scheduleWorkflowId, name: `Queue: ${s.name}, Schedule`, cron: SCHEDULE_CRON, url: `${source.baseUrl}/events/${s.id}`, node: s.nodeOf(true) }));
		if (s.id === 'hackle-track') {
			// The kills: the node's default options (Concurrency 8, Timeout 30 s), Continue On Fail on.
			const node = s.nodeOf(true, {});
			for (const variant of KILL_VARIANTS) {
				variant.workflowId = workflowId(`queue|kill|${variant.key}`);
				variant.path = `queue-kill-${variant.key}`;
				const wf = faultWorkflow({ id: variant.workflowId, name: `Queue: worker killed while sending, ${variant.label}`, path: variant.path, node, loop: variant.loop });
				if (variant.progress) wf.settings.saveExecutionProgress = true;
				workflows.push(wf);
			}
		}
	}
	const ops = benchOperations();
	for (const [key] of THROUGHPUT) {
		const op = ops.find((o) => o.key === key);
		op.queueWorkflowId = workflowId(`queue|throughput|${key}`);
		op.queuePath = `queue-throughput-${key}`;
		workflows.push(benchWorkflow({ id: op.queueWorkflowId, name: `Queue throughput: ${op.title}`, path: op.queuePath, itemsKey: op.items, nodes: op.variants['node-auto'].nodes(fastFakes) }));
	}

	const cluster = new Cluster(install, { pg, redis, tarball });
	await cluster.prepare();
	const dir = path.join(cluster.main.userFolder, 'import');
	fs.mkdirSync(path.join(dir, 'workflows'), { recursive: true });
	fs.writeFileSync(path.join(dir, 'credentials.json'), JSON.stringify([...credentials, ...benchCredentials(fastFakes)], null, 2));
	for (const wf of workflows) fs.writeFileSync(path.join(dir, 'workflows', `${wf.id}.json`), JSON.stringify(wf, null, 2));
	await cluster.main.cli(['import:credentials', `--input=${path.join(dir, 'credentials.json')}`]);
	await cluster.main.cli(['import:workflow', '--separate', `--input=${path.join(dir, 'workflows')}`]);
	await cluster.main.start();
	await cluster.main.setupOwner();
	for (const wf of workflows) if (!wf.nodes.some((n) => n.type === 'n8n-nodes-base.scheduleTrigger')) await activate(cluster.main, wf.id);
	await cluster.startWorkers();
	say(`   main ${cluster.main.baseUrl}, workers ${cluster.workers.map((w) => `${w.name} (health :${w.healthPort})`).join(', ')}; ready after ${((Date.now() - started) / 1000).toFixed(1)} s`);

	const run = (name) => !ONLY || ONLY.test(name);
	const throughput = [];
	const guard = async (name, fn) => {
		try {
			await fn();
		} catch (error) {
			pass(name, [error.stack ?? String(error)]);
		}
	};
	if (run('clean')) await guard('clean', () => phaseClean(cluster, scenarios, source));
	if (run('faults')) await guard('faults', () => phaseFaults(cluster, scenarios, resetPlans));
	if (run('throughput')) await guard('throughput, 2 workers', async () => throughput.push(...(await phaseThroughput(cluster, fastFakes, ops, '2 workers'))));
	let victim;
	if (run('kill')) await guard('worker killed', async () => ({ victim } = await phaseKill(cluster, scenarios, KILL_VARIANTS[0])));
	if (run('throughput') && cluster.workers.length === 1) await guard('throughput, 1 worker', async () => throughput.push(...(await phaseThroughput(cluster, fastFakes, ops, '1 worker'))));
	if (run('kill') && victim) {
		await guard('worker started again', async () => {
			const t = Date.now();
			await cluster.startWorker(victim);
			pass(`${victim.name} started again after the kill (its /healthz answers)`, [], (Date.now() - t) / 1000);
		});
		if (cluster.workers.length === 2) await guard('worker killed, progress saved', () => phaseKill(cluster, scenarios, KILL_VARIANTS[1]));
	}
	if (run('bare')) await guard('a worker without the package', () => phaseBareWorker(cluster, scenarios));
	// Redirect faults point at a second host: nothing may ever reach it (no body, no key), from any process.
	pass('no request reached the redirect target host (redirects are never followed)', [...new Set(Object.values(fakes).map((fake) => fake.otherHost))].flatMap((host) => host?.leaks() ?? []));
	if (throughput.length) {
		record.phases.throughput = throughput;
		say(`\nThroughput in queue mode (main + workers, Postgres, Redis; fast fakes; Map Automatically; all on this ${os.cpus().length}-core machine):\n\n${throughputTable(throughput)}\n`);
	}
}

let exitCode = 0;
try {
	await main();
} catch (error) {
	pass('suite setup', [error.stack ?? String(error)]);
	for (const name of ['main', 'worker-a', 'worker-b', 'postgres']) {
		const file = path.join(WORK, `${name}.log`);
		if (fs.existsSync(file)) say(`\n-- last lines of ${path.relative(ROOT, file)} --\n${fs.readFileSync(file, 'utf8').split('\n').slice(-15).join('\n')}`);
	}
	exitCode = 1;
} finally {
	await cleanupAll();
}
record.seconds = (Date.now() - started) / 1000;
record.results = results;
fs.mkdirSync(WORK, { recursive: true });
fs.writeFileSync(path.join(WORK, 'last-run.json'), JSON.stringify(record, null, 2));
const failed = results.filter((x) => x.problems.length).length;
if (failed || !results.length) exitCode = 1;
say(`total ${(record.seconds / 60).toFixed(1)} min`);
say(`queue: ${results.length - failed} passed, ${failed} failed`);
process.exit(exitCode);
