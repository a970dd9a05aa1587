// What the fault suite shares: the fault mix, planned (marker) faults, the
// workflows, and the two comparisons: the fake's ledger against n8n's
// execution data (nothing lost, nothing duplicated), and the retry rules
// against the fake's request log.

import { parseFault } from '../fakes/server.mjs';
import { packageNode, splitOutNode, uuidFrom, webhookNode, workflowId as stableWorkflowId, workflowJson } from '../lib/workflows.mjs';

// ---- faults -----------------------------------------------------------------------------

/**
 * The seeded mix: every fault kind the fakes support (reset-early excepted: it
 * can only be queued, see the retry probe), equal weights; the provider's
 * documented error bodies share one weight. The lost answers (recorded, then
 * a 502 or a dropped connection) and the redirects to the other host are in it.
 */
export function faultMix(documented = [], extra = []) {
	const mix = [
		['500', 1],
		['502', 1],
		['503', 1],
		['504', 1],
		['429', 1],
		[{ kind: 'status', status: 429, retryAfter: 1, retryAfterForm: 'seconds' }, 1],
		[{ kind: 'status', status: 503, retryAfter: 1, retryAfterForm: 'seconds' }, 1],
		[{ kind: 'status', status: 429, retryAfter: 2, retryAfterForm: 'date' }, 1],
		['400', 1],
		['401', 1],
		['reset', 1],
		[{ kind: 'hang' }, 1],
		[{ kind: 'hang', record: true }, 1],
		['malformed', 1],
		['empty', 1],
		[{ kind: 'slow', ms: 150 }, 1],
		['record-then-502', 1],
		['record-then-drop', 1],
		['redirect-307', 1],
		['redirect-303', 1],
	];
	for (const code of documented) mix.push([`documented:${code}`, 1 / documented.length]);
	for (const fault of extra) mix.push([fault, 1]);
	return mix;
}

/**
 * The At Least Once pass: the faults where the delivery option decides (lost
 * answers, other 5xx, resets) and the ones both options retry (429, 503).
 */
export function deliveryMix() {
	return [
		['record-then-502', 2],
		['record-then-drop', 2],
		['500', 1],
		['502', 1],
		['504', 1],
		['reset', 1],
		['503', 1],
		['429', 1],
	];
}

/** Faults after which the provider holds the events but the client never learns it (the request may be resent under At Least Once). */
export const LOST_ANSWER = new Set(['record-then-502', 'record-then-drop']);

/** Whether this request's events were recorded while its answer was lost (a lost answer, or a time-out after recording). */
function answerLostAfterRecording(request) {
	const kind = request?.fault?.kind;
	return request?.accepted > 0 && (LOST_ANSWER.has(kind) || (kind === 'hang' && request.fault.record === true));
}

/** A short, stable name for a fault as the fake applied it. */
export function faultLabel(fault) {
	if (!fault) return 'none';
	switch (fault.kind) {
		case 'status':
			return fault.retryAfter === undefined ? String(fault.status) : `${fault.status} Retry-After (${fault.retryAfterForm === 'date' ? 'HTTP-date' : 'seconds'})`;
		case 'documented':
			return `documented ${fault.code}`;
		case 'hang':
			return fault.record ? 'hang, recorded first' : 'hang';
		case 'slow':
			return `slow ${fault.ms ?? 1000} ms`;
		case 'redirect':
			return `redirect ${fault.status}${fault.record ? ', recorded first' : ''}`;
		default:
			return fault.kind;
	}
}

/**
 * The kinds a mix holds, for "did every kind occur": the provider's
 * documented error bodies count as one kind (any of them).
 */
export function mixKinds(mix) {
	const kinds = new Map();
	for (const [fault] of mix) {
		const label = faultLabel(parseFault(fault));
		const kind = label.startsWith('documented ') ? 'documented error body' : label;
		kinds.set(kind, [...(kinds.get(kind) ?? []), label]);
	}
	return kinds;
}

/**
 * Whether the node may (and, below Max Retries, must) send a request again
 * after this answer, under the Delivery option (issue #14):
 * - At Most Once (the default): only when the provider cannot have recorded it:
 *   HTTP 429 and 503. Any other 5xx, a dropped connection (reset, before or
 *   after the body was read: the client cannot tell) and a lost answer are
 *   final, their items "may have been recorded".
 * - At Least Once: also 500, 502, 504, resets, lost answers and time-outs
 *   (duplicates possible).
 * Never after a redirect, a 4xx, a documented error body or a 2xx.
 */
export function retryableUnder(request, delivery = 'atMostOnce') {
	const fault = request.fault;
	if (!fault) return false;
	if (fault.kind === 'status' && (fault.status === 429 || fault.status === 503)) return true;
	if (delivery !== 'atLeastOnce') return false;
	if (fault.kind === 'reset' || fault.kind === 'reset-early') return true;
	if (fault.kind === 'hang') return request.status === undefined;
	// A lost answer the document's checks turned into their refusal (e.g. 400) is that refusal: final.
	if (fault.kind === 'record-then-502') return request.status === 502;
	if (fault.kind === 'record-then-drop') return request.status === undefined;
	return fault.kind === 'status' && [500, 502, 504].includes(fault.status);
}

// Planned faults: an event whose key holds ".plan-<name>" makes every request
// carrying it meet that plan, by how often the fake has seen that body before.
const PLANS = {
	poison: () => '400',
	'always-503': () => '503',
	400: () => '400',
	401: () => '401',
	hang: () => ({ kind: 'hang' }),
	'hang-record': () => ({ kind: 'hang', record: true }),
	'ra-seconds': (n) => (n === 0 ? { kind: 'status', status: 429, retryAfter: 1, retryAfterForm: 'seconds' } : undefined),
	'ra-date': (n) => (n === 0 ? { kind: 'status', status: 503, retryAfter: 2, retryAfterForm: 'date' } : undefined),
	'ra-too-long': (n) => (n === 0 ? { kind: 'status', status: 429, retryAfter: 30, retryAfterForm: 'seconds' } : undefined),
	'reset-once': (n) => (n === 0 ? 'reset' : undefined),
	'lost-502': (n) => (n === 0 ? 'record-then-502' : undefined),
	'lost-drop': (n) => (n === 0 ? 'record-then-drop' : undefined),
	ok: () => undefined,
};
const PLAN_MARK = /\.plan-([a-z0-9-]+)/;

/**
 * Put planned faults in front of the fake's own picker (queue, then seeded
 * rate). A body without a plan goes to the fake's picker unchanged.
 */
export function installPlans(fake) {
	const stock = fake.constructor.prototype.pickFault;
	const seen = new Map();
	fake.pickFault = function pickFault(path, rawBody) {
		const plan = PLAN_MARK.exec(rawBody)?.[1];
		if (!plan) return stock.call(this, path, rawBody);
		if (!PLANS[plan]) throw new Error(`unknown fault plan "${plan}"`);
		const n = seen.get(rawBody) ?? 0;
		seen.set(rawBody, n + 1);
		const fault = PLANS[plan](n);
		return fault === undefined ? undefined : parseFault(fault);
	};
	return () => seen.clear();
}

// ---- workflows --------------------------------------------------------------------------

export function workflowId(name) {
	return stableWorkflowId(`faults|${name}`);
}

/**
 * Webhook (answers at once; the events come as body.events) → Split Out (one
 * item per event) → [Loop Over Items, `loop` events per round] → the node.
 */
export function faultWorkflow({ id, name, path, node, loop }) {
	const webhook = webhookNode({ path, position: [0, 300], answer: 'onReceived' });
	const split = splitOutNode('body.events', [220, 300]);
	const target = packageNode(node, [660, 300]);
	const link = (to, index = 0) => ({ node: to, type: 'main', index });
	const nodes = [webhook, split];
	const connections = { Webhook: { main: [[link('Split Out')]] } };
	if (loop) {
		nodes.push({
			id: uuidFrom(`loop|${path}`),
			name: 'Loop Over Items',
			type: 'n8n-nodes-base.splitInBatches',
			typeVersion: 3,
			position: [440, 300],
			parameters: { batchSize: loop, options: {} },
		});
		connections['Split Out'] = { main: [[link('Loop Over Items')]] };
		connections['Loop Over Items'] = { main: [[], [link(node.name)]] };
		connections[node.name] = { main: [[link('Loop Over Items')]] };
	} else {
		connections['Split Out'] = { main: [[link(node.name)]] };
	}
	nodes.push(target);
	return workflowJson({ id, name, nodes, connections });
}

// ---- ledger against execution data ------------------------------------------------------

/**
 * The node's verdict on every event, read from the execution: for each output
 * item of every run of the node, the input item it pairs with (through the
 * run's source) and that item's event key.
 */
function reportedByKey(execution, nodeName, keyOf) {
	const runData = execution.data?.resultData?.runData ?? {};
	const reported = new Map();
	const problems = [];
	for (const [runIndex, run] of (runData[nodeName] ?? []).entries()) {
		const source = run.source?.[0];
		const input = runData[source?.previousNode]?.[source?.previousNodeRun ?? 0]?.data?.main?.[source?.previousNodeOutput ?? 0] ?? [];
		for (const item of run.data?.main?.[0] ?? []) {
			const paired = Array.isArray(item.pairedItem) ? item.pairedItem[0] : item.pairedItem;
			const index = typeof paired === 'number' ? paired : paired?.item;
			const inputItem = input[index];
			if (!inputItem) {
				problems.push(`run ${runIndex}: an output item pairs with input ${JSON.stringify(item.pairedItem)}, which does not exist`);
				continue;
			}
			const key = keyOf(inputItem.json);
			const json = item.json ?? {};
			if (reported.has(key)) problems.push(`event ${key} has more than one output item`);
			if (json.success === true && json.sent !== undefined) {
				const sentKey = keyOf(json.sent);
				if (sentKey !== undefined && sentKey !== key) problems.push(`event ${key}: the success item says it sent ${sentKey}`);
			}
			if (json.success === false && !new RegExp(`\\bitem ${index}\\b`).test(String(json.error))) {
				problems.push(`event ${key}: its error item does not name item ${index}: ${String(json.error).slice(0, 200)}`);
			}
			if (json.mayBeRecorded === true && !/may (not )?have (been )?recorded/.test(`${json.error}\n${json.description}`)) {
				problems.push(`event ${key}: flagged mayBeRecorded, but its error does not say so: ${String(json.error).slice(0, 200)}`);
			}
			reported.set(key, { success: json.success === true, mayBeRecorded: json.mayBeRecorded === true, mayBeDuplicated: json.request?.mayBeDuplicated === true, error: json.error, run: runIndex, index });
		}
	}
	return { reported, problems };
}

/** The numbers a "Failed items" list names: "0, 3-5, 9" or "0, 1, 2 and 7 more". */
export function parseItemList(text) {
	const out = [];
	for (const part of text.split(/,\s*/)) {
		const range = /^(\d+)-(\d+)$/.exec(part.trim());
		if (range) for (let n = Number(range[1]); n <= Number(range[2]); n++) out.push(n);
		else if (/^\d+/.test(part.trim())) out.push(Number(/^\d+/.exec(part.trim())[0]));
	}
	return out;
}

/**
 * Continue On Fail off: the items the execution's error names as failed, and
 * those it says may have been recorded. From the error's context when it
 * carries the lists; otherwise from the text ("Failed items: …").
 */
function namedInError(error) {
	const context = error?.context ?? {};
	if (Array.isArray(context.failedItems)) {
		// What the user reads: the description's "All N failed item(s), by cause" list must say the same.
		const lines = String(error.description ?? '').split('\n');
		const start = lines.findIndex((line) => /^All \d+ failed item\(s\), by cause:$/.test(line));
		const listed = [];
		const listedMaybe = [];
		for (const line of start < 0 ? [] : lines.slice(start + 1)) {
			if (!line.startsWith('- ')) break;
			const numbers = parseItemList(line.slice(line.lastIndexOf(': ') + 2));
			listed.push(...numbers);
			if (/may have recorded these/.test(line)) listedMaybe.push(...numbers);
		}
		const same = (a, b) => JSON.stringify([...a].sort((x, y) => x - y)) === JSON.stringify([...b].sort((x, y) => x - y));
		const problems = [];
		if (!same(listed, context.failedItems)) problems.push(`the description lists ${listed.length} failed items, the error's context ${context.failedItems.length}`);
		if (!same(listedMaybe, context.mayBeRecordedItems ?? [])) problems.push(`the description lists ${listedMaybe.length} items that may have been recorded, the context ${(context.mayBeRecordedItems ?? []).length}`);
		return { failed: context.failedItems, maybe: context.mayBeRecordedItems ?? [], delivered: context.deliveredItems, from: 'context and description', problems };
	}
	const text = `${error?.message ?? ''}`;
	const list = /Failed items: ([^;]*);/.exec(text)?.[1] ?? '';
	const delivered = /(\d+) other item\(s\) were delivered/.exec(text)?.[1];
	return { failed: parseItemList(list), maybe: [], delivered: delivered === undefined ? undefined : Number(delivered), from: 'message' };
}

/**
 * Compare the ledger with what n8n reported. Every event must be: in the
 * ledger once and reported successful; or absent and reported failed on its
 * own item (on) / named by the failed execution (off); or - the one
 * ambiguity - reported failed and flagged "may have been recorded" (a
 * time-out, an answer lost after recording, a 303; for Adrop also a 200
 * without {"message":"ok"}) and in the ledger at most once.
 *
 * Under Delivery At Least Once (`delivery`) an event may be in the ledger
 * more than once, but at most one extra copy per lost answer it met: every
 * copy beyond the first must come from a request whose answer was lost after
 * recording (`requests`: the fake's log, to see the fault behind each copy).
 */
export function account({ events, execution, ledger, nodeName, keyOf, continueOnFail, requests = [], delivery = 'atMostOnce' }) {
	const inLedger = new Map();
	const lostCopies = new Map();
	const bySeq = new Map(requests.map((q) => [q.seq, q]));
	for (const entry of ledger) {
		const key = keyOf(entry.event);
		inLedger.set(key, (inLedger.get(key) ?? 0) + 1);
		if (answerLostAfterRecording(bySeq.get(entry.request))) lostCopies.set(key, (lostCopies.get(key) ?? 0) + 1);
	}
	const counts = {
		delivery,
		sent: events.length,
		succeeded: 0,
		failed: 0,
		flaggedMayBeRecorded: 0,
		failedMaybeRecorded: 0,
		lost: 0,
		duplicated: 0,
		extraCopies: 0,
		unexplainedDuplicates: 0,
		lostAnswerRequests: requests.filter((q) => LOST_ANSWER.has(q.fault?.kind) && q.accepted > 0).length,
		flaggedMayBeDuplicated: 0,
		duplicatedSilently: 0,
		lostAnswerEvents: [...lostCopies.values()].reduce((sum, n) => sum + n, 0),
		successButAbsent: 0,
		failedButRecorded: 0,
		unreported: 0,
	};
	const problems = [];
	const note = (kind, key, text) => {
		if (problems.length < 30) problems.push(`${kind}: event ${key}${text ? ` (${text})` : ''}`);
	};
	let verdictOf;
	if (continueOnFail) {
		const { reported, problems: pairing } = reportedByKey(execution, nodeName, keyOf);
		problems.push(...pairing.slice(0, 20));
		if (execution.status !== 'success') problems.push(`execution ${execution.id} status ${execution.status}, expected success (Continue On Fail)`);
		verdictOf = (event) => reported.get(event.key);
	} else {
		const runError = execution.data?.resultData?.runData?.[nodeName]?.[0]?.error ?? execution.data?.resultData?.error;
		const named = runError ? namedInError(runError) : { failed: [], maybe: [] };
		counts.namedFrom = named.from;
		problems.push(...(named.problems ?? []));
		const failed = new Set(named.failed);
		const maybe = new Set(named.maybe);
		const text = `${runError?.message ?? ''}\n${runError?.description ?? ''}`;
		if (failed.size > 0 && execution.status !== 'error') problems.push(`execution ${execution.id} status ${execution.status}, expected error`);
		if (execution.status === 'error' && failed.size === 0) problems.push(`the execution failed without naming failed items: ${text.slice(0, 300)}`);
		if (named.delivered !== undefined && named.delivered !== events.length - failed.size) {
			problems.push(`the error says ${named.delivered} other item(s) were delivered; ${events.length - failed.size} were not named as failed`);
		}
		for (const index of failed) if (!events[index]) problems.push(`the error names item ${index}, which does not exist`);
		verdictOf = (event) => (failed.has(event.index) ? { success: false, mayBeRecorded: maybe.has(event.index), error: 'named as failed' } : execution.status === 'error' || execution.status === 'success' ? { success: true } : undefined);
	}
	for (const event of events) {
		const times = inLedger.get(event.key) ?? 0;
		const verdict = verdictOf(event);
		if (times > 1) {
			counts.duplicated++;
			counts.extraCopies += times - 1;
			// At Least Once: one extra copy per lost answer is the option's stated trade-off; anything beyond is a duplicate nobody explains.
			const explained = delivery === 'atLeastOnce' && times - 1 <= (lostCopies.get(event.key) ?? 0);
			if (!explained) {
				counts.unexplainedDuplicates++;
				note('duplicated', event.key, `${times} times in the ledger, ${lostCopies.get(event.key) ?? 0} of the copies from a request whose answer was lost`);
			}
			// Even an explained duplicate must be visible: its success item says request.mayBeDuplicated.
			if (verdict?.success && !verdict.mayBeDuplicated) {
				counts.duplicatedSilently++;
				note('duplicated without request.mayBeDuplicated on its success item', event.key);
			}
		}
		if (verdict?.success && verdict.mayBeDuplicated) counts.flaggedMayBeDuplicated++;
		if (!verdict) {
			counts.unreported++;
			counts.lost++;
			note('unreported', event.key, times ? 'in the ledger' : 'absent');
		} else if (verdict.success) {
			if (times === 0) {
				counts.successButAbsent++;
				counts.lost++;
				note('reported successful but absent', event.key);
			} else counts.succeeded++;
		} else if (times === 0) {
			counts.failed++;
			if (verdict.mayBeRecorded) counts.flaggedMayBeRecorded++;
		} else if (verdict.mayBeRecorded) {
			counts.failed++;
			counts.flaggedMayBeRecorded++;
			counts.failedMaybeRecorded++;
		} else {
			counts.failed++;
			counts.failedButRecorded++;
			note('reported failed (not as "may have been recorded") but in the ledger', event.key, String(verdict.error).slice(0, 160));
		}
	}
	const known = new Set(events.map((e) => e.key));
	const strangers = [...inLedger.keys()].filter((key) => !known.has(key));
	if (strangers.length) problems.push(`${strangers.length} ledger entries belong to no event of this run: ${strangers.slice(0, 5).join(', ')}`);
	if (counts.lost) problems.push(`lost: ${counts.lost}`);
	if (counts.unexplainedDuplicates) {
		problems.push(
			delivery === 'atLeastOnce'
				? `duplicated beyond one extra copy per lost answer: ${counts.unexplainedDuplicates}`
				: `duplicated (Delivery At Most Once): ${counts.unexplainedDuplicates}`,
		);
	}
	if (counts.successButAbsent) problems.push(`reported successful but absent: ${counts.successButAbsent}`);
	if (counts.duplicatedSilently) problems.push(`recorded more than once, the success item not flagged request.mayBeDuplicated: ${counts.duplicatedSilently}`);
	if (counts.failedButRecorded) problems.push(`reported failed but recorded (without saying it may have been): ${counts.failedButRecorded}`);
	return { counts, problems };
}

// ---- retry rules against the request log -----------------------------------------------

const TOLERANCE_MS = 2;
const arrival = (request) => Date.parse(request.at);

function retryAfterOf(request) {
	const raw = request.responseHeaders?.['Retry-After'];
	if (raw === undefined) return undefined;
	if (/^\d+$/.test(raw)) return { form: 'seconds', untilMs: request.answeredAt + Number(raw) * 1000, seconds: Number(raw) };
	return { form: 'date', untilMs: Date.parse(raw) };
}

function quantile(sorted, q) {
	if (!sorted.length) return NaN;
	return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

/**
 * Group the requests into chains (the same bytes sent again are retries of one
 * request) and check: Retry-After honoured; otherwise a backoff of at least
 * half of Initial Retry Delay × 2^attempt (exponential, with jitter up to the
 * full value); at most Max Retries retries, and no giving up before them on a
 * retryable answer (retryableUnder: what is retryable depends on the Delivery
 * option, `settings.delivery`); never a retry after 400/401/documented errors,
 * a 2xx, a redirect or a time-out, and under At Most Once never after a 500,
 * 502, 504, a reset or a lost answer. Requests reset before their body was read are not attributable
 * (their body is unknown) and are counted apart.
 */
export function checkRetries(requests, settings) {
	const { maxRetries, retryDelayMs, maxRetryWaitMs, delivery = 'atMostOnce' } = settings;
	const retryable = (request) => retryableUnder(request, delivery);
	const chains = new Map();
	let unattributed = 0;
	for (const request of requests) {
		if (request.fault?.kind === 'reset-early') {
			unattributed++;
			continue;
		}
		const list = chains.get(request.rawBody) ?? [];
		list.push(request);
		chains.set(request.rawBody, list);
	}
	const problems = [];
	const stats = { chains: chains.size, retries: 0, unattributedResets: unattributed, retryAfterHonoured: 0, retryAfterMinExtraMs: {}, retryAfterTooLong: 0, stoppedAtMax: 0, notRetried: {}, backoff: {} };
	const gapsByAttempt = new Map();
	const problem = (text) => {
		if (problems.length < 30) problems.push(text);
	};
	for (const chain of chains.values()) {
		chain.sort((a, b) => a.seq - b.seq);
		if (chain.length > maxRetries + 1) problem(`request #${chain[0].seq} was sent ${chain.length} times, more than 1 + Max Retries (${maxRetries})`);
		stats.retries += chain.length - 1;
		for (const [k, request] of chain.entries()) {
			const next = chain[k + 1];
			const label = faultLabel(request.fault);
			const ra = retryAfterOf(request);
			const tooLong = ra && ra.untilMs - request.answeredAt > maxRetryWaitMs;
			if (!next) {
				if (retryable(request) && !tooLong && k < maxRetries) problem(`request #${request.seq} met ${label} and was not retried (attempt ${k + 1} of ${maxRetries + 1})`);
				if (retryable(request) && tooLong) stats.retryAfterTooLong++;
				if (retryable(request) && k === maxRetries) stats.stoppedAtMax++;
				if (!retryable(request) && request.fault) stats.notRetried[label] = (stats.notRetried[label] ?? 0) + 1;
				continue;
			}
			if (!retryable(request)) {
				problem(`request #${request.seq} met ${label} (answer ${request.status ?? 'none'}) and was sent again as #${next.seq}`);
				continue;
			}
			if (tooLong) problem(`request #${request.seq}: Retry-After beyond Max Retry Wait, yet retried as #${next.seq}`);
			if (request.answeredAt === undefined) {
				problem(`request #${request.seq} has no answer time`);
				continue;
			}
			const gap = arrival(next) - request.answeredAt;
			if (ra) {
				const waited = arrival(next) - ra.untilMs;
				if (waited < -TOLERANCE_MS) problem(`request #${request.seq} asked (Retry-After, ${ra.form}) to wait until ${new Date(ra.untilMs).toISOString()}; the retry #${next.seq} came ${-waited} ms early`);
				else stats.retryAfterHonoured++;
				// How much later than asked the retry came, at least (per form).
				stats.retryAfterMinExtraMs[ra.form] = Math.min(stats.retryAfterMinExtraMs[ra.form] ?? Infinity, waited);
				continue;
			}
			const base = Math.min(maxRetryWaitMs, retryDelayMs * 2 ** k);
			if (gap < base / 2 - TOLERANCE_MS) problem(`request #${request.seq} (${label}, attempt ${k + 1}): retried after ${gap} ms, less than the backoff floor ${base / 2} ms`);
			const list = gapsByAttempt.get(k) ?? [];
			list.push(gap);
			gapsByAttempt.set(k, list);
		}
	}
	for (const [k, gaps] of [...gapsByAttempt].sort((a, b) => a[0] - b[0])) {
		const sorted = [...gaps].sort((a, b) => a - b);
		const base = Math.min(maxRetryWaitMs, retryDelayMs * 2 ** k);
		stats.backoff[`retry ${k + 1}`] = { n: sorted.length, window: `${base / 2}-${base} ms`, min: sorted[0], p10: quantile(sorted, 0.1), median: quantile(sorted, 0.5), p90: quantile(sorted, 0.9), max: sorted.at(-1) };
	}
	return { problems, stats, chains, gapsByAttempt };
}

/** The fault mix that occurred: how many requests met each fault (and none). */
export function occurredMix(requests) {
	const mix = {};
	for (const request of requests) {
		const label = faultLabel(request.fault);
		mix[label] = (mix[label] ?? 0) + 1;
	}
	return mix;
}

/**
 * A run under a seeded fault rate (Continue On Fail on): about `rate` of the
 * requests met a fault (±5 points), and every kind of the mix occurred.
 */
export function seededRunProblems(requests, { mix, rate }) {
	const problems = [];
	const faulted = requests.filter((q) => q.fault).length;
	const share = requests.length ? faulted / requests.length : 0;
	if (share < rate - 0.05 || share > rate + 0.05) problems.push(`${(share * 100).toFixed(1)}% of the ${requests.length} requests met a fault, expected about ${rate * 100}%`);
	const occurred = occurredMix(requests);
	const missing = [...mixKinds(mix)].filter(([, labels]) => !labels.some((label) => occurred[label])).map(([kind]) => kind);
	if (missing.length) problems.push(`fault kinds that never occurred: ${missing.join(', ')}`);
	return problems;
}
