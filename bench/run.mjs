#!/usr/bin/env node
// `npm run bench`: this package's nodes against n8n's HTTP Request node, in
// the real n8n the e2e suite runs (test/e2e/lib), against the e2e fake
// providers in fast mode (answer at once, count requests and events, digest
// the events received), plus a floor: a plain Node script sending the same
// requests with undici / fetch at the node's concurrency.
//
//  1. n8n 2.40.7 from the e2e cache; this package built, packed, installed
//     into a temporary n8n user folder; credentials and one workflow per case
//     imported with n8n's CLI; n8n started; workflows activated.
//  2. Per case (operation × N × variant) and run: wait until no other n8n
//     runs on the machine (bounded), reset the fake's counters and the n8n
//     process's peak RSS (/proc/<pid>/clear_refs), POST {"n": N} to the
//     workflow's webhook (it answers at once), wait for the execution, read
//     its startedAt/stoppedAt and per-node times, the n8n processes' VmHWM,
//     and the fake's counters; check the provider got exactly the expected
//     requests and events. 100,000-item cases run each on a fresh n8n.
//  3. Floors, medians, the table (stdout), bench/.runs/<date>.json, and the
//     generated part of bench/results.md (between the bench:begin/end marks).
//
// Environment: BENCH_RUNS (runs per case, default 3), BENCH_RUNS_LARGE (for
// 100,000 items, default 3), BENCH_ONLY (regex on "<op>/<variant>/<n>"),
// BENCH_SIZES (e.g. "1000,10000"), BENCH_WAIT_MAX (seconds to wait for other
// n8n processes before measuring anyway, default 900), BENCH_NO_RESULTS=1 (do
// not touch results.md; `node bench/report.mjs bench/.runs/<date>.json` renders a
// saved run again), BENCH_RESUME=1 (keep the cases bench/.runs/partial.json
// already holds, from a run that stopped; 1,000,000-item cases run only when
// BENCH_ONLY names them), BENCH_PROFILE=<op>/<variant>/<n> (run that one case
// once on an n8n started with --cpu-prof; writes a summary, see profile.mjs;
// BENCH_PROFILE_KIND=alloc: an allocation profile instead, bytes allocated by function;
// =promoted: only what survived young-generation collections),
// BENCH_TRACE_GC=1 (n8n runs with --trace-gc; each 100,000-item run records every
// full garbage collection: heap before and after it, i.e. live data, see gcSummary),
// BENCH_N8N_NODE_ARGS (flags for n8n's Node, e.g. "--max-old-space-size=8192").
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { request } from 'undici';

import { startFakes, stopFakes } from '../test/e2e/fakes/index.mjs';
import { ensureN8n } from '../test/e2e/lib/install.mjs';
import { freePort, installPackage, N8n } from '../test/e2e/lib/n8n.mjs';
import { cleanupAll, onCleanup, run, startProcess, trapSignals } from '../test/e2e/lib/procs.mjs';
import { workflowId } from '../test/e2e/lib/workflows.mjs';
import { benchWorkflow, credentials as benchCredentials, expectedDigest, makeItems, operations, SIZES } from './cases.mjs';
import { summarizeAllocationFile, summarizeProfileFile } from './profile.mjs';
import { renderResults, writeResults } from './report.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..');
const WORK = path.join(HERE, '.runs');
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const RUNS_LARGE = Number(process.env.BENCH_RUNS_LARGE ?? 3);
const ONLY = process.env.BENCH_ONLY ? new RegExp(process.env.BENCH_ONLY) : undefined;
const ONLY_SIZES = process.env.BENCH_SIZES ? process.env.BENCH_SIZES.split(',').map(Number) : undefined;
const WAIT_MAX_S = Number(process.env.BENCH_WAIT_MAX ?? 900);
const PROFILE = process.env.BENCH_PROFILE;
const PROFILE_KIND = ['alloc', 'promoted'].includes(process.env.BENCH_PROFILE_KIND) ? process.env.BENCH_PROFILE_KIND : 'cpu';
const TRACE_GC = process.env.BENCH_TRACE_GC === '1';
const N8N_NODE_ARGS = (process.env.BENCH_N8N_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);
const FLOOR_CLIENTS = ['undici', 'undici-close', 'fetch', 'n8n-helper'];
const FLOOR_CONCURRENCY = 8;

const log = (message) => console.log(message);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const median = (values) => {
	const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
	if (sorted.length === 0) return NaN;
	const mid = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

// ---- processes: other n8n instances, our n8n's memory --------------------------------

function readStatus(pid) {
	try {
		const text = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
		const kb = (field) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? NaN);
		return { rss: kb('VmRSS') * 1024, hwm: kb('VmHWM') * 1024 };
	} catch {
		return undefined;
	}
}

function processGroup(pid) {
	try {
		const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
		return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
	} catch {
		return undefined;
	}
}

/** n8n processes on this machine that are not ours (another session's e2e suite, …). */
function otherN8n(ourGroup) {
	let out = '';
	try {
		out = execFileSync('pgrep', ['-f', 'n8n/bin/n8n'], { encoding: 'utf8' });
	} catch {
		return []; // pgrep exits 1 when nothing matches
	}
	return out
		.split('\n')
		.filter(Boolean)
		.map(Number)
		.filter((pid) => pid !== process.pid && processGroup(pid) !== ourGroup && processGroup(pid) !== undefined);
}

/** CPU time (jiffies) of the whole machine and of the given processes. */
function jiffies(pids) {
	const cpu = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
	const busy = cpu.reduce((a, b) => a + b, 0) - cpu[3] - (cpu[4] ?? 0);
	let ours = 0;
	for (const pid of pids) {
		try {
			const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
			const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
			ours += Number(fields[11]) + Number(fields[12]);
		} catch {
			/* gone */
		}
	}
	return { busy, ours };
}

/** Start counting the CPU the rest of the machine (not n8n's processes, not this script) uses; `cores()` = its cores' worth since. */
function otherCpuMeter(mainPid) {
	const pids = () => [process.pid, ...(mainPid ? n8nPids(mainPid) : [])];
	const start = jiffies(pids());
	const startedAt = Date.now();
	return {
		cores() {
			const end = jiffies(pids());
			const seconds = Math.max(0.001, (Date.now() - startedAt) / 1000);
			return Math.max(0, (end.busy - start.busy - (end.ours - start.ours)) / 100 / seconds); // 100 jiffies per second
		},
	};
}

/** Cores' worth of CPU the rest of the machine used over the next `ms`. */
async function otherCpu(mainPid, ms = 2000) {
	const meter = otherCpuMeter(mainPid);
	await sleep(ms);
	return meter.cores();
}

/**
 * Wait (at most BENCH_WAIT_MAX) until no other n8n runs on the machine and the
 * rest of the machine is nearly idle (under 0.3 of a core over 2 s): other
 * sessions' test suites share these 2 cores.
 */
async function waitForQuiet(ourGroup) {
	const started = Date.now();
	let others = otherN8n(ourGroup);
	let busy = await otherCpu(ourGroup);
	if (others.length === 0 && busy < 0.3) return { waitedS: 0, overlapped: false, otherCpu: busy };
	log(`   machine busy (${others.length ? `other n8n: ${others.join(', ')}; ` : ''}${busy.toFixed(2)} cores used by other processes); waiting up to ${WAIT_MAX_S} s`);
	while ((others.length > 0 || busy >= 0.3) && Date.now() - started < WAIT_MAX_S * 1000) {
		await sleep(3000);
		others = otherN8n(ourGroup);
		busy = await otherCpu(ourGroup);
	}
	const waitedS = Math.round((Date.now() - started) / 1000);
	if (others.length > 0 || busy >= 0.3) log(`   still busy after ${waitedS} s: measuring anyway${others.length ? ', marked as overlapped' : ''}`);
	return { waitedS, overlapped: others.length > 0, otherCpu: busy };
}

/** The n8n main process and its children (the JS task runner), by pid. */
function n8nPids(mainPid) {
	const pids = [mainPid];
	for (let i = 0; i < pids.length; i++) {
		try {
			for (const tid of fs.readdirSync(`/proc/${pids[i]}/task`)) {
				const children = fs.readFileSync(`/proc/${pids[i]}/task/${tid}/children`, 'utf8').trim();
				if (children) pids.push(...children.split(/\s+/).map(Number));
			}
		} catch {
			/* gone */
		}
	}
	return [...new Set(pids)];
}

/** Reset the peak RSS of n8n's processes, then sample until stopped: peak of the main process and of its children. */
function memoryWatch(mainPid, ourGroup) {
	for (const pid of n8nPids(mainPid)) {
		try {
			fs.writeFileSync(`/proc/${pid}/clear_refs`, '5');
		} catch {
			/* not ours to reset, or gone */
		}
	}
	const startRss = readStatus(mainPid)?.rss ?? NaN;
	const otherCpuDuring = otherCpuMeter(mainPid);
	const peaks = new Map();
	const timeline = [];
	let overlapped = false;
	let ticks = 0;
	const sample = () => {
		for (const pid of n8nPids(mainPid)) {
			const status = readStatus(pid);
			if (status) peaks.set(pid, Math.max(peaks.get(pid) ?? 0, status.rss, pid === mainPid ? 0 : status.hwm));
			if (status && pid === mainPid) timeline.push([Date.now(), Math.round(status.rss / 2 ** 20)]);
		}
		if (++ticks % 10 === 0 && otherN8n(ourGroup).length > 0) overlapped = true;
	};
	sample();
	const timer = setInterval(sample, 200);
	return {
		stop() {
			clearInterval(timer);
			sample();
			const main = Math.max(readStatus(mainPid)?.hwm ?? 0, peaks.get(mainPid) ?? 0);
			let children = 0;
			for (const [pid, peak] of peaks) if (pid !== mainPid) children = Math.max(children, peak);
			return { startRss, peakMain: main, peakRunner: children, overlapped, timeline, otherCpuDuring: otherCpuDuring.cores() };
		},
	};
}

// ---- garbage collections (BENCH_TRACE_GC) ----------------------------------------------

/** n8n's --trace-gc lines as they arrive: [epoch ms, kind, heap MB before, heap MB after]. */
const gcEvents = [];
const GC_LINE = /ms: (Scavenge|Minor Mark-Sweep|Mark-Compact(?: \(reduce\))?)\s+([\d.]+) \(([\d.]+)\) -> ([\d.]+) \(([\d.]+)\) MB/;

function onGcLine(line) {
	const m = GC_LINE.exec(line);
	if (m) gcEvents.push([Date.now(), m[1], Number(m[2]), Number(m[4])]);
}

/**
 * What the collections of one run say, per phase (each node's span, then
 * the save after the last node): the largest heap seen before a collection
 * (live data plus garbage not yet collected) and the largest heap left after
 * a full collection (Mark-Compact: live data), in MB.
 */
function gcSummary(events, nodeTimes) {
	const spans = Object.entries(nodeTimes)
		.filter(([, [start, ms]]) => Number.isFinite(start) && Number.isFinite(ms))
		.map(([name, [start, ms]]) => [name, start, start + ms]);
	const lastEnd = Math.max(...spans.map(([, , end]) => end));
	spans.push(['(save, after the last node)', lastEnd, Infinity]);
	const summary = {};
	for (const [name, from, to] of spans) {
		const inside = events.filter(([t]) => t >= from && t < to);
		const full = inside.filter(([, kind]) => kind.startsWith('Mark-Compact'));
		summary[name] = {
			collections: inside.length,
			fullCollections: full.length,
			maxHeapBeforeMb: Math.round(Math.max(0, ...inside.map(([, , before]) => before))),
			maxLiveAfterFullMb: full.length ? Math.round(Math.max(...full.map(([, , , after]) => after))) : null,
		};
	}
	return summary;
}

// ---- cases -----------------------------------------------------------------------------

function caseList() {
	const list = [];
	for (const op of operations()) {
		for (const n of op.sizes) {
			if (ONLY_SIZES && !ONLY_SIZES.includes(n)) continue;
			for (const [variantKey, variant] of Object.entries(op.variants)) {
				if (variant.maxSize && n > variant.maxSize) continue;
				if (variant.minSize && n < variant.minSize) continue;
				const id = `${op.key}/${variantKey}/${n}`;
				if (PROFILE ? id !== PROFILE : ONLY && !ONLY.test(id)) continue;
				// 1,000,000 items and on-demand variants only when BENCH_ONLY names the case (issue 18).
				if ((n >= SIZES.huge || variant.onDemand) && !(PROFILE || ONLY?.test(id))) continue;
				list.push({ id, op, variantKey, variant, n });
			}
		}
	}
	return list;
}

const digests = new Map();
function expected(op, n) {
	const key = `${op.key}/${n}`;
	if (!digests.has(key)) digests.set(key, expectedDigest(op.events(makeItems(op.items, n))));
	return digests.get(key);
}

/**
 * n8n's REST API with patience: while SQLite is busy saving a large execution,
 * n8n's database ping can time out and the API answers 503 "Database is not
 * ready!" for a few seconds. Retried for up to two minutes.
 */
async function patiently(what, fn) {
	const deadline = Date.now() + 120_000;
	for (;;) {
		try {
			return await fn();
		} catch (error) {
			if (!/HTTP 5\d\d|ECONNRESET|fetch failed/.test(String(error?.message)) || Date.now() > deadline) throw error;
			log(`   (${what}: ${String(error.message).slice(0, 80)}; retrying)`);
			await sleep(2000);
		}
	}
}

/** POST a JSON body to a workflow's webhook and wait for its answer, however long the workflow runs. */
async function webhook(n8n, hookPath, body) {
	const res = await request(`${n8n.baseUrl}/webhook/${hookPath}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(body),
		headersTimeout: 0,
		bodyTimeout: 0,
	});
	return { status: res.statusCode, text: await res.body.text() };
}

/** Profile n8n's main process from now until `stop()` (PROFILE mode; n8n runs with --inspect). */
async function startProfiler(install, port, file) {
	let started = false;
	const child = startProcess(install.nodeBin, [path.join(HERE, 'cdp-profile.mjs'), String(port), file, PROFILE_KIND], {
		env: { ...process.env, NODE_OPTIONS: '' },
		onLine: (line) => {
			if (line.trim() === 'started') started = true;
			else log(`   profiler: ${line}`);
		},
	});
	const deadline = Date.now() + 30_000;
	while (!started) {
		if (child.exitCode !== null || Date.now() > deadline) throw new Error('the profiler did not start');
		await sleep(100);
	}
	return {
		async stop() {
			process.kill(child.pid, 'SIGTERM');
			await child.exited;
		},
	};
}

/** Whether the fake provider got exactly the requests and events the case must send. */
function deliveryProblems(c, stats) {
	const problems = [];
	const wantRequests = c.variant.requests(c.n);
	if (stats.requests !== wantRequests) problems.push(`${stats.requests} requests, expected ${wantRequests}`);
	if (stats.events !== c.n) problems.push(`${stats.events} events, expected ${c.n}`);
	if (stats.digest !== expected(c.op, c.n)) problems.push(`event digest ${stats.digest} is not the expected ${expected(c.op, c.n)}: the provider did not get the same events`);
	return problems;
}

async function measure(n8n, fakes, c, runIndex, ourGroup, profiler) {
	const fake = c.op.fake ? fakes[c.op.fake] : undefined;
	const quiet = await waitForQuiet(ourGroup);
	fake?.resetFast();
	if (fake) fake.fastLatencyMs = c.op.latencyMs ?? 0;
	const after = await patiently('last execution', () => n8n.lastExecutionId(c.workflow.id));
	const load1 = Number(fs.readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);
	const memory = memoryWatch(n8n.process.pid, ourGroup);
	const gcFrom = gcEvents.length;
	const profiling = profiler ? await profiler() : undefined;
	const cpuBefore = process.cpuUsage();
	// The webhook answers when the workflow is done: nothing asks n8n anything while it runs
	// (polling its REST API costs n8n CPU that would count against the case).
	const webhookStart = Date.now();
	const response = await webhook(n8n, c.path, { n: c.n });
	const fakeCpu = process.cpuUsage(cpuBefore);
	if (c.variant.settings?.saveDataSuccessExecution === 'none') return await measureUnsaved(c, runIndex, { response, webhookStart, memory, fake, load1 });
	// 500 "Error in workflow": the execution failed; it is recorded as failed below.
	// The execution is saved right after: wait for it, then read the memory (the save included).
	const deadline = Date.now() + 120_000;
	let summary;
	for (;;) {
		const list = (await patiently('executions', () => n8n.executions(c.workflow.id))).filter((e) => Number(e.id) > after);
		summary = list.find((e) => ['success', 'error', 'crashed', 'canceled'].includes(e.status));
		if (summary) break;
		if (Date.now() > deadline) throw new Error(`${c.id}: the execution was not saved within 120 s of the webhook's answer`);
		await sleep(200);
	}
	const mem = memory.stop();
	const gcs = gcEvents.slice(gcFrom);
	await profiling?.stop();
	const stats = fake?.fastStats();
	const execution = await patiently('execution', () => n8n.execution(summary.id));
	const runData = execution.data?.resultData?.runData ?? {};
	const nodeMs = Object.fromEntries(Object.entries(runData).map(([name, runs]) => [name, runs[0]?.executionTime ?? NaN]));
	const sendNodes = c.workflow.nodes.slice(2).map((node) => node.name);
	const sendMs = sendNodes.reduce((sum, name) => sum + (nodeMs[name] ?? NaN), 0);
	const wallMs = new Date(execution.stoppedAt).getTime() - new Date(execution.startedAt).getTime();
	const lastOutput = runData[sendNodes.at(-1)]?.[0]?.data?.main?.[0] ?? [];
	// When each node started and how long it ran ([epoch ms, ms]).
	const nodeTimes = Object.fromEntries(Object.entries(runData).map(([name, runs]) => [name, [runs[0]?.startTime, runs[0]?.executionTime]]));
	const problems = [];
	const failed = execution.status !== 'success';
	const error = failed ? `${execution.data?.resultData?.error?.message ?? `execution ${execution.status}`} (webhook answered ${response.status})` : undefined;
	if (failed) problems.push(`execution ${summary.id} ${execution.status}: ${error}`);
	if (fake && !failed) {
		problems.push(...deliveryProblems(c, stats));
		const bad = Object.entries(stats.byStatus).filter(([status]) => status !== '200');
		if (bad.length) problems.push(`answers other than 200: ${JSON.stringify(stats.byStatus)} ${stats.rejected.join('; ')}`);
	}
	if (!failed && (c.variant.label.startsWith('Aggregate') ? lastOutput.length !== 1 : lastOutput.length !== c.n)) problems.push(`the last node output ${lastOutput.length} items`);
	if (c.variantKey.startsWith('node-')) {
		const failed = lastOutput.filter((item) => item.json?.success !== true).length;
		if (failed) problems.push(`${failed} output items are not success: true`);
	}
	// Keep the database small: the next run should not pay for this one's data.
	await patiently('delete', () => n8n.rest('POST', '/executions/delete', { ids: [summary.id] })).catch(() => {});
	const result = {
		run: runIndex + 1,
		executionId: summary.id,
		status: execution.status,
		error,
		wallMs,
		sendMs,
		nodeMs,
		requests: stats?.requests ?? 0,
		events: stats?.events ?? 0,
		peakInFlight: stats?.peakInFlight ?? 0,
		bytes: stats?.bytes ?? 0,
		peakRssMain: mem.peakMain,
		peakRssRunner: mem.peakRunner,
		fakeCpuMs: Math.round((fakeCpu.user + fakeCpu.system) / 1000),
		// RSS of n8n's main process every 200 ms ([epoch ms, MB]) and when each node ran, for the memory analysis.
		...(c.n >= SIZES.large
			? {
					rssTimeline: mem.timeline,
					nodeTimes,
					...(TRACE_GC
						? {
								gc: gcSummary(gcs, nodeTimes),
								gcTimeline: gcs.filter(([, kind]) => kind.startsWith('Mark-Compact')),
							}
						: {}),
				}
			: {}),
		startRssMain: mem.startRss,
		load1,
		waitedS: quiet.waitedS,
		otherCpuBefore: Math.round(quiet.otherCpu * 100) / 100,
		// Cores' worth of CPU other processes used during the run (0 = the machine was ours).
		otherCpuDuring: Math.round(mem.otherCpuDuring * 100) / 100,
		overlapped: quiet.overlapped || mem.overlapped,
		problems,
	};
	log(
		`   ${c.id} run ${runIndex + 1}: wall ${(wallMs / 1000).toFixed(2)} s, send ${(sendMs / 1000).toFixed(2)} s, ` +
			`${Math.round((c.n / sendMs) * 1000)} events/s, ${result.requests} requests, ${result.peakInFlight} in flight at most, ` +
			`RSS ${Math.round(mem.peakMain / 2 ** 20)} MB (runner ${Math.round(mem.peakRunner / 2 ** 20)} MB), load ${load1}` +
			`${result.overlapped ? ', OVERLAPPED' : ''}${result.gc ? `\n     GC (MB): ${JSON.stringify(result.gc)}` : ''}${problems.length ? `\n     PROBLEMS: ${problems.join('; ')}` : ''}`,
	);
	return result;
}

/**
 * A run of a workflow that does not save successful executions (its
 * settings): n8n keeps nothing to read back, so the run is judged by the
 * webhook's answer (sent when the last node is done), the fake provider's
 * counters and the memory until 3 s after the answer (n8n's post-execution
 * work included); wall = the webhook's round trip, no per-node times.
 */
async function measureUnsaved(c, runIndex, { response, webhookStart, memory, fake, load1 }) {
	const wallMs = Date.now() - webhookStart;
	await sleep(3000);
	const mem = memory.stop();
	const stats = fake?.fastStats();
	const problems = [];
	if (response.status !== 200) problems.push(`webhook answered ${response.status}: ${response.text.slice(0, 200)}`);
	if (fake) problems.push(...deliveryProblems(c, stats));
	const result = {
		run: runIndex + 1,
		status: problems.length ? 'error' : 'success',
		unsaved: true,
		wallMs,
		sendMs: NaN,
		requests: stats?.requests ?? 0,
		events: stats?.events ?? 0,
		peakInFlight: stats?.peakInFlight ?? 0,
		peakRssMain: mem.peakMain,
		peakRssRunner: mem.peakRunner,
		rssTimeline: mem.timeline,
		startRssMain: mem.startRss,
		load1,
		otherCpuDuring: Math.round(mem.otherCpuDuring * 100) / 100,
		overlapped: mem.overlapped,
		problems,
	};
	log(
		`   ${c.id} run ${runIndex + 1} (execution not saved): webhook round trip ${(wallMs / 1000).toFixed(2)} s, ${result.requests} requests, ` +
			`RSS ${Math.round(mem.peakMain / 2 ** 20)} MB (runner ${Math.round(mem.peakRunner / 2 ** 20)} MB), load ${load1}${problems.length ? `\n     PROBLEMS: ${problems.join('; ')}` : ''}`,
	);
	return result;
}

async function floorRun(install, fakes, op, n, client) {
	const url = `${fakes[op.fake].baseUrl}${op.path}`;
	const spec = JSON.stringify({ op: op.key, n, url, concurrency: FLOOR_CONCURRENCY, client, n8nDir: install.dir });
	fakes[op.fake].resetFast();
	fakes[op.fake].fastLatencyMs = op.latencyMs ?? 0;
	const cpuBefore = process.cpuUsage();
	const out = await run(install.nodeBin, [path.join(HERE, 'floor.mjs'), spec], { cwd: ROOT, env: { ...process.env, NODE_OPTIONS: '' }, timeoutMs: 600_000 });
	const fakeCpu = process.cpuUsage(cpuBefore);
	const result = JSON.parse(out.trim().split('\n').at(-1));
	const stats = fakes[op.fake].fastStats();
	const problems = [];
	if (stats.events !== n) problems.push(`${stats.events} events, expected ${n}`);
	if (stats.digest !== expected(op, n)) problems.push('event digest differs from the expected');
	return { ...result, peakInFlight: stats.peakInFlight, fakeCpuMs: Math.round((fakeCpu.user + fakeCpu.system) / 1000), problems };
}

// ---- main ----------------------------------------------------------------------------

async function main() {
	trapSignals();
	fs.mkdirSync(WORK, { recursive: true });
	const logFile = path.join(WORK, 'n8n.log');
	fs.writeFileSync(logFile, '');
	const startedAt = new Date();
	const cases = caseList();
	if (cases.length === 0) throw new Error('no case selected');
	log(`bench: ${cases.length} cases, ${RUNS} runs each (${RUNS_LARGE} at 100,000 items); logs in ${path.relative(ROOT, WORK)}/`);

	const install = await ensureN8n({ log: (m) => log(`   ${m}`) });
	log('== build and npm pack');
	await run('npm', ['run', 'build'], { cwd: ROOT, logFile: path.join(WORK, 'build.log') });
	// (npm pack --json is not parsed: run() keeps only the last 400 lines of output.)
	const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
	const tarball = path.join(WORK, `${pkg.name}-${pkg.version}.tgz`);
	fs.rmSync(tarball, { force: true });
	await run('npm', ['pack', '--pack-destination', WORK], { cwd: ROOT, logFile: path.join(WORK, 'build.log') });
	if (!fs.existsSync(tarball)) throw new Error(`npm pack did not write ${tarball}`);

	const fakes = await startFakes({ fast: true });
	onCleanup(() => stopFakes(fakes));

	const userFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-bench-'));
	onCleanup(() => fs.rmSync(userFolder, { recursive: true, force: true }));
	const n8n = await new N8n(install, { userFolder, logFile }).init();
	onCleanup(() => n8n.stop());
	log('== install the package tarball, import credentials and workflows');
	await installPackage(userFolder, tarball, path.join(WORK, 'build.log'));

	const workflows = new Map();
	for (const c of cases) {
		const key = `${c.op.key}/${c.variantKey}`;
		if (!workflows.has(key)) {
			const id = workflowId(`bench ${key}`);
			const workflow = benchWorkflow({ id, name: `bench: ${c.op.title}: ${c.variant.label}`, path: `bench-${id.toLowerCase()}`, itemsKey: c.op.items, nodes: c.variant.nodes(fakes), settings: c.variant.settings });
			workflows.set(key, { workflow, path: `bench-${id.toLowerCase()}` });
		}
		Object.assign(c, workflows.get(key));
	}
	const importDir = path.join(userFolder, 'import');
	fs.mkdirSync(path.join(importDir, 'workflows'), { recursive: true });
	fs.writeFileSync(path.join(importDir, 'credentials.json'), JSON.stringify(benchCredentials(fakes), null, 2));
	await n8n.cli(['import:credentials', `--input=${path.join(importDir, 'credentials.json')}`]);
	for (const { workflow } of workflows.values()) fs.writeFileSync(path.join(importDir, 'workflows', `${workflow.id}.json`), JSON.stringify(workflow, null, 2));
	await n8n.cli(['import:workflow', '--separate', `--input=${path.join(importDir, 'workflows')}`]);
	fs.writeFileSync(path.join(WORK, 'workflows.json'), JSON.stringify([...workflows.values()].map((w) => w.workflow), null, 2));

	const inspectPort = PROFILE ? await freePort() : undefined;
	const profileFile = PROFILE ? path.join(WORK, `profile-${PROFILE.replace(/\//g, '_')}.${PROFILE_KIND === 'cpu' ? 'cpuprofile' : 'heapprofile'}`) : undefined;
	const start = async () => {
		const t = Date.now();
		await n8n.start({
			nodeArgs: [...N8N_NODE_ARGS, ...(PROFILE ? [`--inspect=127.0.0.1:${inspectPort}`] : []), ...(TRACE_GC ? ['--trace-gc'] : [])],
			onLine: TRACE_GC ? onGcLine : undefined,
		});
		// The session cookie survives a restart (same user folder, same signing key).
		if (!n8n.owner) await n8n.setupOwner();
		log(`   n8n started in ${((Date.now() - t) / 1000).toFixed(1)} s (pid ${n8n.process.pid})`);
	};
	log('== start n8n, activate the workflows');
	await start();
	for (const { workflow } of workflows.values()) {
		const wf = await n8n.rest('GET', `/workflows/${workflow.id}`);
		await n8n.rest('POST', `/workflows/${workflow.id}/activate`, { versionId: wf.versionId });
	}
	// One small warm-up execution per workflow: the first run of a node type loads and compiles code.
	log('== warm-up (10 items through each workflow, not measured)');
	for (const { workflow, path: hookPath } of workflows.values()) {
		const after = await patiently('last execution', () => n8n.lastExecutionId(workflow.id));
		// Activation registers the webhook shortly after the REST call returns: retry a 404 for a while.
		for (let attempt = 0; ; attempt++) {
			const res = await webhook(n8n, hookPath, { n: 10 });
			if (res.status === 200) break;
			if (res.status !== 404 || attempt === 60) throw new Error(`warm-up of ${workflow.name}: webhook answered ${res.status}`);
			await sleep(1000);
		}
		// A workflow that keeps no successful execution is warm once its webhook answered 200.
		if (workflow.settings.saveDataSuccessExecution === 'none') continue;
		const [execution] = await patiently('executions', () => n8n.waitForExecutions(workflow.id, 1, { after, timeoutMs: 120_000 }));
		if (execution.status !== 'success') throw new Error(`warm-up of ${workflow.name} failed: ${execution.data?.resultData?.error?.message}`);
		await n8n.rest('POST', '/executions/delete', { ids: [execution.id] }).catch(() => {});
	}

	// Each case's runs are saved as soon as they are measured; BENCH_RESUME=1 picks up after a crash.
	const partialFile = path.join(WORK, 'partial.json');
	const results = process.env.BENCH_RESUME === '1' && fs.existsSync(partialFile) ? JSON.parse(fs.readFileSync(partialFile, 'utf8')).results : [];
	const resumedFrom = results.length ? JSON.parse(fs.readFileSync(partialFile, 'utf8')).startedAt : undefined;
	if (results.length) log(`== resuming: ${results.length} cases measured by the run of ${resumedFrom} are kept`);
	const ourGroup = () => n8n.process.pid;
	let fresh = true;
	for (const c of cases) {
		if (results.some((r) => r.id === c.id && r.runs.some((x) => x.status === 'success'))) continue;
		const stale = results.findIndex((r) => r.id === c.id);
		if (stale >= 0) results.splice(stale, 1);
		const runs = PROFILE ? 1 : c.n >= SIZES.large ? RUNS_LARGE : RUNS;
		log(`== ${c.id}: ${c.op.title}, ${c.variant.label}, ${c.n} items, ${runs} run(s)`);
		const measured = [];
		for (let r = 0; r < runs; r++) {
			// 100,000 items: a fresh n8n for each run, so its memory is this run's alone.
			if (c.n >= SIZES.large && !fresh) {
				await n8n.stop();
				await start();
			}
			fresh = false;
			try {
				measured.push(await measure(n8n, fakes, c, r, ourGroup(), PROFILE ? () => startProfiler(install, inspectPort, profileFile) : undefined));
			} catch (error) {
				// One broken run (n8n's database stalled, a time-out) does not stop the whole bench.
				log(`   ${c.id} run ${r + 1} could not be measured: ${String(error.message).slice(0, 300)}`);
				measured.push({ run: r + 1, status: 'unmeasured', error: String(error.message).slice(0, 300), problems: [String(error.message).slice(0, 300)] });
				if (n8n.process?.exitCode !== null && n8n.process?.exitCode !== undefined) await start();
				continue;
			}
			if (measured.at(-1).status !== 'success') {
				log(`   the execution failed: not repeated`);
				break;
			}
		}
		results.push({ id: c.id, op: c.op.key, title: c.op.title, kind: c.op.kind, variant: c.variantKey, label: c.variant.label, n: c.n, runs: measured });
		if (!PROFILE) fs.writeFileSync(partialFile, JSON.stringify({ startedAt: resumedFrom ?? startedAt.toISOString(), results }, null, 1));
	}

	if (PROFILE) {
		const summary = PROFILE_KIND === 'cpu' ? summarizeProfileFile(profileFile) : summarizeAllocationFile(profileFile);
		const file = profileFile.replace(/\.(cpuprofile|heapprofile)$/, '.txt');
		fs.writeFileSync(file, `${PROFILE}: ${JSON.stringify(results[0].runs[0], null, 1)}\n\n${summary}\n`);
		log(summary);
		log(`profile summary: ${path.relative(ROOT, file)}; the profile (open in Chrome DevTools): ${path.relative(ROOT, profileFile)}`);
		return;
	}

	log('== floors: the same requests from a plain Node script (n8n\'s Node 24), 8 in flight');
	const floors = [];
	const floorKeys = new Set();
	for (const c of cases) {
		if (!c.op.fake || floorKeys.has(`${c.op.key}/${c.n}`)) continue;
		floorKeys.add(`${c.op.key}/${c.n}`);
		for (const client of FLOOR_CLIENTS) {
			const runs = [];
			for (let r = 0; r < (c.n >= SIZES.large ? RUNS_LARGE : RUNS); r++) {
				await waitForQuiet(ourGroup());
				runs.push(await floorRun(install, fakes, c.op, c.n, client));
			}
			const ms = median(runs.map((x) => x.ms));
			log(`   ${c.op.key}/${c.n} ${client}: ${Math.round((c.n / ms) * 1000)} events/s (median of ${runs.length}), ${runs[0].requests} requests${runs.some((x) => x.problems.length) ? ` PROBLEMS: ${runs.flatMap((x) => x.problems).join('; ')}` : ''}`);
			floors.push({ op: c.op.key, n: c.n, client, concurrency: FLOOR_CONCURRENCY, runs });
		}
	}

	const record = {
		startedAt: resumedFrom ?? startedAt.toISOString(),
		resumedAt: resumedFrom ? startedAt.toISOString() : undefined,
		finishedAt: new Date().toISOString(),
		machine: machine(install),
		settings: { runs: RUNS, runsLarge: RUNS_LARGE, only: process.env.BENCH_ONLY ?? null, sizes: ONLY_SIZES ?? null },
		results,
		floors,
	};
	const stamp = startedAt.toISOString().replace(/[:.]/g, '-');
	fs.writeFileSync(path.join(WORK, `${stamp}.json`), JSON.stringify(record, null, 2));
	log(`raw results: ${path.relative(ROOT, path.join(WORK, `${stamp}.json`))}`);
	const { table, markdown } = renderResults(record, { workflows: [...workflows.values()].map((w) => w.workflow) });
	log(`\n${table}`);
	if (process.env.BENCH_NO_RESULTS !== '1' && !ONLY && !ONLY_SIZES) log(`wrote ${path.relative(ROOT, writeResults(markdown))}`);
	else log('(a partial run: bench/results.md left as it is)');
}

function machine(install) {
	const cpus = os.cpus();
	return {
		cpu: `${cpus[0]?.model ?? 'unknown'} × ${cpus.length}`,
		memory: `${Math.round(os.totalmem() / 2 ** 30)} GiB`,
		kernel: `${os.type()} ${os.release()}`,
		node: execFileSync(install.nodeBin, ['--version'], { encoding: 'utf8' }).trim(),
		n8n: JSON.parse(fs.readFileSync(install.n8nPackageJson, 'utf8')).version,
	};
}

let exitCode = 0;
try {
	await main();
} catch (error) {
	console.error(`\nbench failed: ${error.stack ?? error}`);
	const logFile = path.join(WORK, 'n8n.log');
	if (fs.existsSync(logFile)) console.error(`-- last lines of ${path.relative(ROOT, logFile)} --\n${fs.readFileSync(logFile, 'utf8').split('\n').slice(-20).join('\n')}`);
	exitCode = 1;
} finally {
	await cleanupAll();
}
process.exit(exitCode);
