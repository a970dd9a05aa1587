#!/usr/bin/env node
// `npm run test:faults`: nothing lost, nothing duplicated, under faults, in real n8n.
//
// For every node and operation (test/e2e/faults/<provider>.mjs), a workflow
// Webhook → Split Out → [Loop Over Items] → node sends 2,000 events while the
// fake provider injects faults into about 20% of the requests, reproducibly
// (seeded by the request's bytes and how often they came before), mixing
// every fault kind the fakes support, answers lost after the provider recorded
// the request (a 502, a dropped connection) and redirects to another host
// included. Continue On Fail on, Delivery left at its default (At Most Once):
// 0 duplicates. Then a smaller run with Continue On Fail off, one event
// "poisoned" (always refused), so the execution must fail naming the failed
// items; and a smaller run with Delivery At Least Once under the faults where
// the option decides (lost answers, 5xx, resets): at most one extra copy per
// lost answer. Afterwards the fake's ledger of accepted events is compared
// with n8n's execution data (every event recorded with a success item, or
// failed visibly; failed but recorded only when flagged "may have been
// recorded"), the fake's request log with the retry rules of the run's
// Delivery option (lib.mjs), and the other host must have received nothing.
// A retry probe (Hackle Track Event, planned faults) measures Retry-After,
// the backoff's growth and jitter, Max Retries, lost answers not resent, and
// resets before the body was read.
//
// Prints, per run: sent, succeeded, failed (and of those, flagged "may have
// been recorded" and in the ledger), lost, duplicated, reported successful
// but absent, requests, the fault mix, retry figures.
// Writes .e2e/faults/last-run.json and .e2e/faults/table.md.
//
// Environment: E2E_SEED (default 1), FAULTS_COUNT (events per run, default
// 2000, or a scenario's own count), FAULTS_ALO_COUNT (events of the At Least Once runs, default 500),
// FAULTS_ONLY (regex on run ids, e.g. "hackle-track|probe"),
// N8N_E2E_CACHE, E2E_KEEP=1 (keep the n8n user folder).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { FAKE_KEYS, startFakes, stopFakes } from './fakes/index.mjs';
import { account, checkRetries, deliveryMix, faultMix, installPlans, mixKinds, occurredMix, workflowId, faultWorkflow } from './faults/lib.mjs';
import { ensureN8n } from './lib/install.mjs';
import { installPackage, N8n } from './lib/n8n.mjs';
import { cleanupAll, onCleanup, run, trapSignals } from './lib/procs.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..', '..');
const WORK = path.join(ROOT, '.e2e', 'faults');
const SEED = Number(process.env.E2E_SEED ?? 1);
const COUNT = Number(process.env.FAULTS_COUNT ?? 2000);
const ONLY = process.env.FAULTS_ONLY ? new RegExp(process.env.FAULTS_ONLY) : undefined;
const RATE = 0.2;
const OFF_COUNT = 300;
/** Events of a Continue On Fail on run: FAULTS_COUNT when set, else the scenario's own count, else 2,000. */
const onCount = (scenario) => (process.env.FAULTS_COUNT ? COUNT : (scenario.count ?? COUNT));
const OFF_POISON = 7;
const ALO_COUNT = Number(process.env.FAULTS_ALO_COUNT ?? 500);

/** The node options of every run: small delays, so the suite takes minutes. */
const OPTIONS = { concurrency: 16, retryDelayMs: 20, maxRetries: 3, timeoutMs: 2000, maxRetryWaitMs: 10_000 };
/** The retry probe: delays large enough to measure growth and jitter. */
const PROBE_OPTIONS = { concurrency: 8, retryDelayMs: 100, maxRetries: 4, timeoutMs: 1000, maxRetryWaitMs: 5000 };
const PROBE_PLAN = [
	['always-503', 40],
	['ra-seconds', 5],
	['ra-date', 5],
	['ra-too-long', 3],
	['400', 3],
	['401', 3],
	['hang', 3],
	['hang-record', 3],
	['reset-once', 5],
	['lost-502', 3],
	['lost-drop', 3],
	['ok', 20],
];
// A reset before the fake read the body leaves no body in its log, so which
// request it hit is known only with one request at a time: a run of its own.
const EARLY_PLAN = [['ok', 3]];
const EARLY_RESETS = 2;

const started = Date.now();
const results = [];

function say(line = '') {
	process.stdout.write(`${line}\n`);
}

async function loadModules() {
	const dir = path.join(HERE, 'faults');
	const files = fs.readdirSync(dir).filter((f) => f.endsWith('.mjs') && f !== 'lib.mjs').sort();
	const modules = [];
	for (const file of files) modules.push({ file, ...(await import(pathToFileURL(path.join(dir, file)))).default });
	return modules;
}

/** Every run of the suite: per scenario Continue On Fail on and off, and the probe. */
function planRuns(modules, fakes) {
	const credentials = [];
	const runs = [];
	for (const module of modules) {
		const fake = fakes[module.provider];
		const creds = module.credentials({ fake, keys: FAKE_KEYS[module.provider] });
		credentials.push(...creds);
		for (const scenario of module.scenarios()) {
			const cred = creds.find((c) => c.name === scenario.node.credential);
			const node = (options, continueOnFail) => ({
				...scenario.node,
				parameters: { ...scenario.node.parameters, options: { ...options, ...scenario.options } },
				credentials: { [cred.type]: { id: cred.id, name: cred.name } },
				continueOnFail,
			});
			const base = { module, fake, scenario, keyOf: scenario.keyOf };
			runs.push({
				...base,
				id: `${scenario.id}-on`,
				title: `${scenario.name}, ${onCount(scenario)} events, Continue On Fail on`,
				continueOnFail: true,
				count: onCount(scenario),
				loop: scenario.loop,
				settings: OPTIONS,
				mix: faultMix(scenario.documented, scenario.faults),
				node: node(OPTIONS, true),
			});
			const alo = { ...OPTIONS, delivery: 'atLeastOnce' };
			runs.push({
				...base,
				id: `${scenario.id}-alo`,
				alo: true,
				title: `${scenario.name}, ${ALO_COUNT} events, Delivery At Least Once${scenario.delivery ? ` set (the operation stays ${scenario.delivery})` : ''}, Continue On Fail on`,
				continueOnFail: true,
				count: ALO_COUNT,
				loop: scenario.loop,
				settings: alo,
				mix: deliveryMix(),
				node: node(alo, true),
			});
			const off = scenario.off ?? {};
			runs.push({
				...base,
				id: `${scenario.id}-off`,
				title: `${scenario.name}, ${off.count ?? OFF_COUNT} events, Continue On Fail off`,
				continueOnFail: false,
				count: off.count ?? OFF_COUNT,
				poison: off.poison ?? OFF_POISON,
				settings: OPTIONS,
				mix: faultMix(scenario.documented, scenario.faults),
				node: node(OPTIONS, false),
			});
			if (scenario.probe) {
				runs.push({
					...base,
					id: 'retry-probe',
					title: `Retry probe (${scenario.name}): planned faults, Initial Retry Delay ${PROBE_OPTIONS.retryDelayMs} ms, Max Retries ${PROBE_OPTIONS.maxRetries}`,
					continueOnFail: true,
					probe: 'plan',
					plan: PROBE_PLAN,
					settings: PROBE_OPTIONS,
					node: node(PROBE_OPTIONS, true),
				});
				// At Least Once: under the default a reset is final (the client cannot tell it came before the body was read).
				const early = { ...PROBE_OPTIONS, concurrency: 1, delivery: 'atLeastOnce' };
				runs.push({
					...base,
					id: 'reset-early-probe',
					title: `Reset before the body was read (${scenario.name}), ${EARLY_RESETS} times, one request at a time, Delivery At Least Once`,
					continueOnFail: true,
					probe: 'early',
					plan: EARLY_PLAN,
					earlyResets: EARLY_RESETS,
					settings: early,
					node: node(early, true),
				});
			}
		}
	}
	for (const r of runs) {
		// The guarantee the node applies: an operation without the option (Hackle Send Push) is At Most Once whatever is set.
		r.delivery = r.scenario.delivery ?? r.settings.delivery ?? 'atMostOnce';
		r.workflowId = workflowId(r.id);
		r.path = `faults-${r.id}`;
		r.workflow = faultWorkflow({ id: r.workflowId, name: `Faults: ${r.title}`, path: r.path, node: r.node, loop: r.loop });
	}
	return { credentials, runs: runs.filter((r) => !ONLY || ONLY.test(r.id)) };
}

/** The events of a run: each has a unique key the event carries, so the ledger can be matched. */
function eventsOf(r) {
	const events = [];
	if (r.probe) {
		for (const [plan, n] of r.plan) {
			for (let k = 0; k < n; k++) events.push({ index: events.length, plan, key: `${r.id}-${events.length}.plan-${plan}` });
		}
	} else {
		for (let i = 0; i < r.count; i++) {
			const plan = i === r.poison ? 'poison' : undefined;
			events.push({ index: i, plan, key: `${r.id}-${i}${plan ? `.plan-${plan}` : ''}` });
		}
	}
	for (const event of events) {
		event.json = r.scenario.event(event.key, event.index);
		if (r.keyOf(event.json) !== event.key) throw new Error(`${r.id}: keyOf does not find the key of event ${event.index}`);
	}
	return events;
}

async function executeRun(r, n8n, resetPlans) {
	const events = eventsOf(r);
	const fake = r.fake;
	fake.reset();
	fake.clearFaults();
	resetPlans(fake);
	if (r.earlyResets) fake.inject('reset-early', { times: r.earlyResets });
	if (!r.probe) fake.setFaultRate({ seed: SEED, rate: RATE, faults: r.mix });
	fake.otherHost.reset();
	const after = await n8n.lastExecutionId(r.workflowId);
	const t0 = Date.now();
	let response;
	// A webhook activated a moment ago may not be registered yet (seen with FAULTS_ONLY picking the first run): a 404 is tried again for up to 10 s.
	for (let tries = 0; ; tries++) {
		response = await fetch(`${n8n.baseUrl}/webhook/${r.path}`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({ events: events.map((e) => e.json) }),
			signal: AbortSignal.timeout(60_000),
		});
		await response.text();
		if (response.status !== 404 || tries >= 20) break;
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
	if (response.status !== 200) throw new Error(`webhook /webhook/${r.path} answered ${response.status}`);
	const [execution] = await n8n.waitForExecutions(r.workflowId, 1, { after, timeoutMs: 15 * 60_000 });
	const seconds = (Date.now() - t0) / 1000;
	fake.clearFaults();
	// A hanging request the node gave up on is closed by the client; give the fake a moment to see it.
	await new Promise((resolve) => setTimeout(resolve, 200));
	return { events, execution, seconds, requests: [...fake.requests], ledger: [...fake.ledger], leaks: fake.otherHost.leaks() };
}

function probeProblems(r, { events, execution, requests }, retries, counts) {
	const problems = [];
	const planOf = (rawBody) => /\.plan-([a-z0-9-]+)/.exec(rawBody)?.[1];
	const byPlan = {};
	for (const chain of retries.chains.values()) {
		const plan = planOf(chain[0].rawBody);
		(byPlan[plan] ??= []).push(chain.length);
	}
	// Delivery At Most Once (the default): a reset and a lost answer are final.
	const attempts = { 'always-503': PROBE_OPTIONS.maxRetries + 1, 'ra-seconds': 2, 'ra-date': 2, 'ra-too-long': 1, 400: 1, 401: 1, hang: 1, 'hang-record': 1, 'reset-once': 1, 'lost-502': 1, 'lost-drop': 1, ok: 1 };
	for (const [plan, n] of PROBE_PLAN) {
		const lengths = byPlan[plan] ?? [];
		if (lengths.length !== n || lengths.some((l) => l !== attempts[plan])) problems.push(`plan ${plan}: ${n} chains of ${attempts[plan]} request(s) expected, got [${lengths.join(', ')}]`);
	}
	const expectedRequests = PROBE_PLAN.reduce((sum, [plan, n]) => sum + n * attempts[plan], 0);
	if (requests.length !== expectedRequests) problems.push(`${requests.length} requests, expected ${expectedRequests}`);
	if (retries.stats.retryAfterHonoured !== 10) problems.push(`Retry-After honoured ${retries.stats.retryAfterHonoured} times, expected 10 (5 in seconds, 5 as HTTP-date)`);
	if (retries.stats.retryAfterTooLong !== 3) problems.push(`Retry-After beyond Max Retry Wait not retried ${retries.stats.retryAfterTooLong} times, expected 3`);
	if (retries.stats.stoppedAtMax !== 40) problems.push(`${retries.stats.stoppedAtMax} requests stopped at Max Retries, expected 40`);
	// failed: 40 always-503, 3 each of ra-too-long, 400, 401, hang, hang-record, lost-502, lost-drop, 5 reset-once;
	// flagged: hang, hang-record, reset-once, lost-502, lost-drop; in the ledger: hang-record, lost-502, lost-drop.
	const want = { succeeded: 30, failed: 66, flaggedMayBeRecorded: 17, failedMaybeRecorded: 9, duplicated: 0 };
	for (const [key, value] of Object.entries(want)) if (counts[key] !== value) problems.push(`${key} ${counts[key]}, expected ${value}`);

	// The items say why: given up after 1 + Max Retries, Retry-After too long, time-out.
	const runData = execution.data?.resultData?.runData?.[r.node.name]?.[0]?.data?.main?.[0] ?? [];
	const itemOf = (plan) => events.filter((e) => e.plan === plan).map((e) => runData[e.index]?.json ?? {});
	const expectText = (plan, pattern) => {
		for (const json of itemOf(plan)) if (!pattern.test(`${json.error}\n${json.description}`)) problems.push(`plan ${plan}: item error does not match ${pattern}: ${json.error} / ${json.description}`);
	};
	expectText('always-503', new RegExp(`HTTP 503[\\s\\S]*Gave up after ${PROBE_OPTIONS.maxRetries + 1} attempts`));
	expectText('ra-too-long', /HTTP 429[\s\S]*longer than the Max Retry Wait option; not retried/);
	expectText('hang', /did not answer in time[\s\S]*may have recorded/);
	expectText('hang-record', /did not answer in time[\s\S]*may have recorded/);
	expectText('400', /HTTP 400/);
	expectText('401', /HTTP 401/);
	for (const plan of ['reset-once', 'lost-502', 'lost-drop']) expectText(plan, /may have recorded[\s\S]*not (been )?(re-?sent|sent (it |them )?again|retried)|not (been )?(re-?sent|sent (it |them )?again|retried)[\s\S]*may have recorded/i);
	for (const plan of ['hang', 'hang-record', 'reset-once', 'lost-502', 'lost-drop']) {
		for (const json of itemOf(plan)) if (json.mayBeRecorded !== true) problems.push(`plan ${plan}: item not flagged mayBeRecorded: ${JSON.stringify(json).slice(0, 200)}`);
	}

	// Exponential growth with jitter, on the retries that waited the backoff (always-503, reset-once).
	for (let k = 0; k < PROBE_OPTIONS.maxRetries; k++) {
		const gaps = [...(retries.gapsByAttempt.get(k) ?? [])].sort((a, b) => a - b);
		const base = PROBE_OPTIONS.retryDelayMs * 2 ** k;
		if (gaps.length < 40) {
			problems.push(`retry ${k + 1}: ${gaps.length} backoff samples, expected at least 40`);
			continue;
		}
		const median = gaps[Math.floor(gaps.length / 2)];
		if (median < 0.5 * base || median > base + 80) problems.push(`retry ${k + 1}: median wait ${median} ms outside ${base / 2}-${base} ms (+80 ms for load)`);
		if (k > 0) {
			const previous = [...retries.gapsByAttempt.get(k - 1)].sort((a, b) => a - b);
			const ratio = median / previous[Math.floor(previous.length / 2)];
			if (ratio < 1.5 || ratio > 2.6) problems.push(`retry ${k + 1}: median wait grew ×${ratio.toFixed(2)} over retry ${k}, expected about ×2`);
		}
		// Jitter: the waits spread over the window (without jitter they would all be one value plus noise).
		const spread = gaps[Math.floor(gaps.length * 0.9)] - gaps[Math.floor(gaps.length * 0.1)];
		if (k >= 1 && spread < 0.15 * base) problems.push(`retry ${k + 1}: waits spread only ${spread} ms (p10-p90), no jitter visible over a ${base / 2}-${base} ms window`);
	}
	return problems;
}

/** One request at a time: the first EARLY_RESETS requests are event 0's first attempts, reset unread, then retried. */
function earlyProbeProblems(r, { execution, requests, ledger }) {
	const problems = [];
	const expected = EARLY_PLAN[0][1] + EARLY_RESETS;
	if (requests.length !== expected) return [`${requests.length} requests, expected ${expected}`];
	const first = requests.slice(0, EARLY_RESETS + 1);
	first.slice(0, EARLY_RESETS).forEach((q, k) => {
		if (q.fault?.kind !== 'reset-early' || q.rawBody !== '') problems.push(`request ${k + 1}: expected a reset before the body, got ${q.outcome}`);
	});
	if (!first.at(-1).rawBody.includes(`${r.id}-0.plan-ok`) || first.at(-1).status !== 200) problems.push(`request ${EARLY_RESETS + 1}: expected event 0 delivered, got ${first.at(-1).outcome}`);
	for (let k = 0; k < EARLY_RESETS; k++) {
		const gap = Date.parse(first[k + 1].at) - first[k].answeredAt;
		const floor = (r.settings.retryDelayMs * 2 ** k) / 2;
		if (gap < floor - 2) problems.push(`retry ${k + 1} after a reset came ${gap} ms later, under the backoff floor ${floor} ms`);
	}
	const item = execution.data?.resultData?.runData?.[r.node.name]?.[0]?.data?.main?.[0]?.[0]?.json ?? {};
	if (item.success !== true || item.request?.attempts !== EARLY_RESETS + 1) problems.push(`event 0: expected success after ${EARLY_RESETS + 1} attempts, got ${JSON.stringify(item).slice(0, 300)}`);
	if (ledger.length !== EARLY_PLAN[0][1]) problems.push(`ledger holds ${ledger.length} events, expected ${EARLY_PLAN[0][1]}`);
	return problems;
}

function checkRun(r, outcome) {
	const { events, execution, requests, ledger } = outcome;
	const { counts, problems } = account({ events, execution, ledger, requests, nodeName: r.node.name, keyOf: r.keyOf, continueOnFail: r.continueOnFail, delivery: r.delivery });
	// The other host of the redirect faults: nothing may reach it (the first few named, then how many).
	problems.push(...outcome.leaks.slice(0, 3));
	if (outcome.leaks.length > 3) problems.push(`the other host received ${outcome.leaks.length} requests in all`);
	const retries = checkRetries(requests, { ...r.settings, delivery: r.delivery });
	problems.push(...retries.problems);
	const mix = occurredMix(requests);
	const faulted = requests.filter((q) => q.fault).length;
	if (r.probe === 'plan') problems.push(...probeProblems(r, outcome, retries, counts));
	else if (r.probe === 'early') problems.push(...earlyProbeProblems(r, outcome));
	else {
		const rate = faulted / requests.length;
		// The At Least Once runs are smaller (about 100 requests for the batched operations): a wider band.
		const [low, high] = r.alo ? [0.1, 0.3] : [0.15, 0.25];
		if (r.continueOnFail && (rate < low || rate > high)) problems.push(`${(rate * 100).toFixed(1)}% of the requests met a fault, expected about ${RATE * 100}%`);
		if (r.continueOnFail) {
			// The At Least Once runs are small: there only the lost answers, what they are about, must have occurred.
			const kinds = [...mixKinds(r.mix)].filter(([kind]) => !r.alo || kind.startsWith('record-then-'));
			const missing = kinds.filter(([, labels]) => !labels.some((label) => mix[label])).map(([kind]) => kind);
			if (missing.length) problems.push(`fault kinds that never occurred: ${missing.join(', ')}`);
		}
		if (!r.continueOnFail && execution.status !== 'error') problems.push(`execution ${execution.id} status ${execution.status}: with a poisoned event and Continue On Fail off it must fail`);
	}
	return { counts, problems, retries: retries.stats, mix, requests: requests.length, faulted };
}

function printRun(r, result) {
	const c = result.counts;
	say(`   delivery ${c.delivery}: sent ${c.sent}, succeeded ${c.succeeded}, failed ${c.failed} (flagged "may have been recorded" ${c.flaggedMayBeRecorded}, of which in the ledger ${c.failedMaybeRecorded}), lost ${c.lost}, duplicated ${c.duplicated} (extra copies ${c.extraCopies}, beyond one per lost answer ${c.unexplainedDuplicates}), success but absent ${c.successButAbsent}${c.namedFrom ? `; failed items read from the error's ${c.namedFrom}` : ''}`);
	say(`   answers lost after recording: ${c.lostAnswerRequests} requests, ${c.lostAnswerEvents} events recorded by them; success items flagged request.mayBeDuplicated ${c.flaggedMayBeDuplicated}`);
	const extra = Object.entries(result.retries.retryAfterMinExtraMs ?? {}).map(([form, ms]) => `${form} ≥ +${ms} ms`).join(', ');
	say(`   requests ${result.requests}, with a fault ${result.faulted} (${((result.faulted / result.requests) * 100).toFixed(1)}%), retries ${result.retries.retries}, Retry-After honoured ${result.retries.retryAfterHonoured}${extra ? ` (retry after the asked time: ${extra})` : ''}, stopped at Max Retries ${result.retries.stoppedAtMax}`);
	const mix = Object.entries(result.mix)
		.filter(([label]) => label !== 'none')
		.sort((a, b) => b[1] - a[1])
		.map(([label, n]) => `${label} ${n}`)
		.join(', ');
	say(`   fault mix: ${mix || '(none)'}`);
	const notRetried = Object.entries(result.retries.notRetried).map(([label, n]) => `${label} ${n}`).join(', ');
	if (notRetried) say(`   final without retry (as required): ${notRetried}`);
	for (const [k, s] of Object.entries(result.retries.backoff)) say(`   backoff ${k}: n ${s.n}, window ${s.window}, min ${s.min}, p10 ${s.p10}, median ${s.median}, p90 ${s.p90}, max ${s.max} ms`);
}

function table(rows) {
	const header =
		'| node / operation | Delivery | Continue On Fail | sent | succeeded | of those, flagged "may be duplicated" | failed | failed, flagged "may have been recorded" | of those, in the ledger | lost | duplicated (extra copies) | answers lost after recording (requests) | success but absent | requests | with a fault |';
	const lines = [header, '|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|'];
	for (const { r, result } of rows) {
		const c = result.counts;
		const name = r.probe === 'plan' ? 'Retry probe (Hackle Track Event)' : r.probe === 'early' ? 'Reset before the body (Hackle Track Event)' : r.scenario.name;
		const delivery = c.delivery === 'atLeastOnce' ? 'At Least Once' : r.settings.delivery === 'atLeastOnce' ? 'At Least Once set; At Most Once applies' : 'At Most Once';
		lines.push(
			`| ${name} | ${delivery} | ${r.continueOnFail ? 'on' : 'off'} | ${c.sent} | ${c.succeeded} | ${c.flaggedMayBeDuplicated} | ${c.failed} | ${c.flaggedMayBeRecorded} | ${c.failedMaybeRecorded} | ${c.lost} | ${c.duplicated} (${c.extraCopies}) | ${c.lostAnswerRequests} | ${c.successButAbsent} | ${result.requests} | ${result.faulted} (${((result.faulted / result.requests) * 100).toFixed(0)}%) |`,
		);
	}
	return lines.join('\n');
}

async function main() {
	trapSignals();
	fs.mkdirSync(WORK, { recursive: true });
	const logFile = path.join(WORK, 'n8n.log');
	fs.writeFileSync(logFile, '');
	say(`faults: seed ${SEED}, ${COUNT} events per run, fault rate ${RATE * 100}%, logs in ${path.relative(ROOT, WORK)}/`);

	const install = await ensureN8n({ log: (m) => say(`   ${m}`) });
	await run('npm', ['run', 'build'], { cwd: ROOT, logFile: path.join(WORK, 'build.log') });
	// npm pack prints the tarball's file name last (run() keeps only the output's last lines).
	const packed = await run('npm', ['pack', '--pack-destination', WORK], { cwd: ROOT, logFile: path.join(WORK, 'build.log') });
	const tarball = path.join(WORK, packed.trim().split('\n').at(-1).trim());
	if (!tarball.endsWith('.tgz') || !fs.existsSync(tarball)) throw new Error(`npm pack: no tarball in its output:\n${packed.slice(-500)}`);

	const modules = await loadModules();
	const keys = Object.fromEntries(Object.entries(FAKE_KEYS).map(([name, k]) => [name, modules.find((m) => m.provider === name)?.keys?.(k) ?? k]));
	const fakes = await startFakes({ seed: SEED, keys });
	onCleanup(() => stopFakes(fakes));
	const planResets = new Map(Object.values(fakes).map((fake) => [fake, installPlans(fake)]));
	const resetPlans = (fake) => planResets.get(fake)();

	const { credentials, runs } = planRuns(modules, fakes);
	const userFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-faults-'));
	if (process.env.E2E_KEEP !== '1') onCleanup(() => fs.rmSync(userFolder, { recursive: true, force: true }));
	const n8n = await new N8n(install, { userFolder, logFile }).init();
	onCleanup(() => n8n.stop());
	await installPackage(userFolder, tarball, path.join(WORK, 'build.log'));
	const dir = path.join(userFolder, 'import');
	fs.mkdirSync(path.join(dir, 'workflows'), { recursive: true });
	fs.writeFileSync(path.join(dir, 'credentials.json'), JSON.stringify(credentials, null, 2));
	for (const r of runs) fs.writeFileSync(path.join(dir, 'workflows', `${r.workflowId}.json`), JSON.stringify(r.workflow, null, 2));
	await n8n.cli(['import:credentials', `--input=${path.join(dir, 'credentials.json')}`]);
	await n8n.cli(['import:workflow', '--separate', `--input=${path.join(dir, 'workflows')}`]);
	await n8n.start();
	await n8n.setupOwner();
	for (const r of runs) {
		const wf = await n8n.rest('GET', `/workflows/${r.workflowId}`);
		await n8n.rest('POST', `/workflows/${r.workflowId}/activate`, { versionId: wf.versionId });
	}
	say(`   n8n ${n8n.baseUrl} ready after ${((Date.now() - started) / 1000).toFixed(1)} s; ${runs.length} runs`);

	for (const r of runs) {
		say(`\n== ${r.title}`);
		let result;
		try {
			const outcome = await executeRun(r, n8n, resetPlans);
			result = { ...checkRun(r, outcome), seconds: outcome.seconds, execution: outcome.execution.id };
		} catch (error) {
			result = { counts: {}, problems: [error.stack ?? String(error)], retries: { backoff: {}, notRetried: {} }, mix: {}, requests: 0, faulted: 0 };
		}
		results.push({ r, result });
		if (result.counts.sent !== undefined) printRun(r, result);
		say(`${result.problems.length ? 'FAIL' : 'ok  '} ${r.id}${result.seconds ? ` (${result.seconds.toFixed(1)} s, execution ${result.execution})` : ''}`);
		for (const p of result.problems) say(`       - ${String(p).split('\n').join('\n         ')}`);
	}
}

let exitCode = 0;
try {
	await main();
} catch (error) {
	say(`FAIL suite setup\n${error.stack ?? error}`);
	const log = path.join(WORK, 'n8n.log');
	if (fs.existsSync(log)) say(`\n-- last lines of ${path.relative(ROOT, log)} --\n${fs.readFileSync(log, 'utf8').split('\n').slice(-30).join('\n')}`);
	exitCode = 1;
} finally {
	await cleanupAll();
}
const done = results.filter((x) => x.result.counts.sent !== undefined);
if (done.length) {
	const date = new Date().toISOString().slice(0, 16).replace('T', ' ');
	const md = `Last run: ${date} UTC, seed ${SEED}, n8n 2.40.7, ${((Date.now() - started) / 1000 / 60).toFixed(1)} min\n\n${table(done)}\n`;
	fs.writeFileSync(path.join(WORK, 'table.md'), md);
	fs.writeFileSync(
		path.join(WORK, 'last-run.json'),
		JSON.stringify({ date, seed: SEED, runs: done.map(({ r, result }) => ({ id: r.id, title: r.title, ...result })) }, null, 2),
	);
	say(`\n${md}`);
}
const failed = results.filter((x) => x.result.problems.length).length;
if (failed || !results.length) exitCode = 1;
say(`total ${((Date.now() - started) / 1000).toFixed(1)} s`);
// The closing line, alone, as CI reads it.
say(`${results.length - failed} passed, ${failed} failed`);
process.exit(exitCode);
