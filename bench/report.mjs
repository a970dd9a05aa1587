// The bench's table (plain text for the terminal, Markdown for results.md)
// and the targets of issues 8 and 10, computed from one run's record.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { codeNodeText, operations, SIZES } from './cases.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const RESULTS = path.join(HERE, 'results.md');

const median = (values) => {
	const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
	if (sorted.length === 0) return NaN;
	const mid = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const MB = 2 ** 20;
const fmt = {
	s: (ms) => (Number.isFinite(ms) ? (ms / 1000).toFixed(ms < 10_000 ? 2 : 1) : '–'),
	rate: (r) => (Number.isFinite(r) ? Math.round(r).toLocaleString('en-US') : '–'),
	n: (n) => n.toLocaleString('en-US'),
	mb: (b) => (Number.isFinite(b) && b > 0 ? String(Math.round(b / MB)) : '–'),
	x: (x) => (Number.isFinite(x) ? `${x >= 10 ? x.toFixed(0) : x.toFixed(2)}×` : '–'),
};

/** Medians of one case's runs. */
export function summarize(result) {
	const { n } = result;
	// Medians of the successful runs; a case whose every run failed keeps its error.
	const ok = result.runs.filter((r) => r.status === undefined || r.status === 'success');
	const failed = ok.length === 0 ? result.runs[0]?.error ?? 'failed' : undefined;
	const runs = ok.length ? ok : result.runs;
	const wallMs = median(runs.map((r) => r.wallMs));
	const sendMs = median(runs.map((r) => r.sendMs));
	return {
		...result,
		failed,
		wallMs: failed ? NaN : wallMs,
		sendMs: failed ? NaN : sendMs,
		rate: failed ? NaN : (n / sendMs) * 1000,
		wallRate: (n / wallMs) * 1000,
		requests: median(runs.map((r) => r.requests)),
		peakInFlight: Math.max(...runs.map((r) => r.peakInFlight)),
		rss: median(runs.map((r) => r.peakRssMain)),
		runnerRss: median(runs.map((r) => r.peakRssRunner)),
		overlapped: runs.filter((r) => r.overlapped).length,
		// Cores' worth of CPU other processes took during the runs (median; recorded since the quiet check measures it).
		otherCpu: median(runs.map((r) => r.otherCpuDuring)),
		problems: result.runs.flatMap((r) => r.problems.map((p) => `run ${r.run}: ${p}`)),
	};
}

function floorRate(record, op, n, client = 'undici') {
	const floor = record.floors.find((f) => f.op === op && f.n === n && f.client === client);
	return floor ? (n / median(floor.runs.map((r) => r.ms))) * 1000 : NaN;
}

/** Which variants our node's row is compared with (the first that was measured). */
const compareWith = (variant) => (variant.startsWith('node-define') ? ['http-fields'] : ['http-json', 'http-per-item']);

export function renderResults(record, { workflows = [] } = {}) {
	const rows = record.results.map(summarize);
	const find = (op, variant, n) => rows.find((r) => r.op === op && r.variant === variant && r.n === n);
	const BASELINE_OF = { traintracks: 'baselineTraintracks', hacklePush: 'baselinePush' };
	const baseline = (op, n) => find(BASELINE_OF[op], 'code-noop', n);

	const table = [];
	for (const r of rows) {
		let vsHttp = NaN;
		let vsFloor = NaN;
		let vsLabel = '';
		if (r.variant.startsWith('node-')) {
			const other = compareWith(r.variant).map((v) => find(r.op, v, r.n)).find(Boolean);
			if (other) {
				vsHttp = r.rate / other.rate;
				vsLabel = other.variant;
			}
			vsFloor = floorRate(record, r.op, r.n) / r.rate;
		}
		table.push({ r, vsHttp, vsLabel, vsFloor });
	}

	// ---- the plain-text table -------------------------------------------------------
	const head = ['operation', 'N', 'variant', 'wall s', 'send s', 'events/s', 'requests', 'in flight', 'RSS MB', 'node/HTTP', 'floor/node'];
	const lines = table.map(({ r, vsHttp, vsFloor }) => [
		r.title,
		fmt.n(r.n),
		r.failed ? `${r.variant} FAILED` : r.variant,
		fmt.s(r.wallMs),
		fmt.s(r.sendMs),
		fmt.rate(r.kind === 'baseline' ? NaN : r.rate),
		fmt.n(r.requests),
		String(r.peakInFlight),
		fmt.mb(r.rss),
		fmt.x(vsHttp),
		fmt.x(vsFloor),
	]);
	const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
	const text = [head, ...lines].map((l) => l.map((cell, i) => (i < 3 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ')).join('\n');
	const floorText = record.floors
		.map((f) => `floor ${f.op}/${f.n} ${f.client} (${f.concurrency} in flight): ${fmt.rate((f.n / median(f.runs.map((x) => x.ms))) * 1000)} events/s, ${f.runs[0].requests} requests`)
		.join('\n');

	// ---- Markdown -----------------------------------------------------------------
	const md = [];
	const m = record.machine;
	md.push(`Run of ${record.startedAt.slice(0, 16).replace('T', ' ')} UTC to ${record.finishedAt.slice(0, 16).replace('T', ' ')} UTC${record.resumedAt ? ` (stopped once and resumed at ${record.resumedAt.slice(11, 16)}, keeping the cases already measured)` : ''} on ${m.cpu}, ${m.memory} RAM, ${m.kernel}; n8n ${m.n8n} on Node ${m.node}. ${record.settings.runs} runs per case (${record.settings.runsLarge} at 100,000 items), medians shown.`);
	const overlapped = rows.filter((r) => r.overlapped > 0);
	md.push(
		overlapped.length
			? `**Overlap:** another n8n process was running during ${overlapped.length} case(s): ${overlapped.map((r) => `${r.op}/${r.variant}/${r.n} (${r.overlapped} of ${r.runs.length} runs)`).join(', ')}.`
			: 'No other n8n process ran during any measured run (checked before each run and every 2 s during it).',
	);
	const busyRows = rows.filter((r) => !r.overlapped && r.otherCpu >= 0.3);
	if (busyRows.length) {
		md.push(`**Busy machine:** other processes on the machine took 0.3 of a core or more (after waiting for it to be quiet) during ${busyRows.length} case(s), marked ⚠ busy; their numbers are lower than on a quiet machine.`);
	}
	const problems = rows.filter((r) => r.problems.length && !r.failed);
	if (problems.length) md.push(`**Problems:**\n${problems.map((r) => `- ${r.op}/${r.variant}/${r.n}: ${r.problems.join('; ')}`).join('\n')}`);
	md.push('');
	md.push('Columns: **wall** = the execution\'s stoppedAt − startedAt (Webhook + Code node making the items + the sending nodes); **send** = the sending nodes\' own execution time (n8n\'s per-node `executionTime`, summed), what events/s is computed from; **requests** = requests the fake provider received; **in flight** = the most requests the fake had open at once; **RSS** = peak resident memory (VmHWM, reset before each run) of the n8n main process; **node/HTTP** = our node\'s events/s ÷ the HTTP Request workflow\'s with the same mapping (for batched operations: ÷ the per-item HTTP Request workflow); **floor/node** = the undici floor\'s events/s (8 in flight, keep-alive) ÷ our node\'s (1.25 or less is the target).');
	md.push('');
	md.push('| operation | N | workflow | wall s | send s | events/s | requests | in flight | RSS MB | node/HTTP | floor/node |');
	md.push('|---|--:|---|--:|--:|--:|--:|--:|--:|--:|--:|');
	for (const { r, vsHttp, vsFloor } of table) {
		if (r.failed) {
			md.push(`| ${r.title} | ${fmt.n(r.n)} | ${r.label} | **failed**: ${r.failed.replace(/\|/g, '\\|')} | | | | | ${fmt.mb(r.rss)} | | |`);
			continue;
		}
		const busy = r.overlapped ? ' ⚠ overlap' : r.otherCpu >= 0.3 ? ` ⚠ busy (${r.otherCpu.toFixed(1)} core)` : '';
		md.push(`| ${r.title} | ${fmt.n(r.n)} | ${r.label}${busy} | ${fmt.s(r.wallMs)} | ${fmt.s(r.sendMs)} | ${fmt.rate(r.kind === 'baseline' ? NaN : r.rate)} | ${fmt.n(r.requests)} | ${r.peakInFlight} | ${fmt.mb(r.rss)} | ${fmt.x(vsHttp)} | ${fmt.x(vsFloor)} |`);
	}
	md.push('');
	md.push('**Floors** (a plain Node 24 script, `bench/floor.mjs`, the same request bodies and headers, 8 requests in flight; *undici* keeps connections alive, *undici-close* opens a new connection per request as n8n\'s request helper does, *fetch* is Node\'s built-in fetch; *n8n-helper* is n8n\'s own request function — the one `httpRequestWithAuthentication` ends in, `@n8n/backend-network`\'s axios request — called with the options our nodes pass, outside any workflow: the cost of n8n\'s HTTP stack alone):');
	md.push('');
	md.push('| operation | N | requests | undici | undici-close | fetch | n8n-helper |');
	md.push('|---|--:|--:|--:|--:|--:|--:|');
	const floorOps = [...new Set(record.floors.map((f) => `${f.op}|${f.n}`))];
	for (const key of floorOps) {
		const [op, nText] = key.split('|');
		const n = Number(nText);
		const title = operations().find((o) => o.key === op)?.title ?? op;
		const requests = record.floors.find((f) => f.op === op && f.n === n).runs[0].requests;
		md.push(`| ${title} | ${fmt.n(n)} | ${fmt.n(requests)} | ${['undici', 'undici-close', 'fetch', 'n8n-helper'].map((c) => fmt.rate(floorRate(record, op, n, c))).join(' | ')} |`);
	}

	// ---- targets ----------------------------------------------------------------------
	md.push('');
	md.push('### Targets (computed from this run)');
	md.push('');
	md.push('| issue | target | case | measured | verdict |');
	md.push('|---|---|---|---|---|');
	const verdict = (ok) => (ok === undefined ? 'not measured' : ok ? 'met' : '**missed**');
	const minimal = { traintracks: 100, hacklePush: 50, chabokBulk: 1000 };
	for (const r of rows.filter((x) => x.variant === 'node-auto' && minimal[x.op])) {
		const want = Math.ceil(r.n / minimal[r.op]);
		md.push(`| 8 | requests = ceil(N / ${minimal[r.op]}) | ${r.title}, ${fmt.n(r.n)} | ${fmt.n(r.requests)} (minimum ${fmt.n(want)}) | ${verdict(r.requests === want)} |`);
	}
	for (const r of rows.filter((x) => x.kind === 'perItem' && x.variant.startsWith('node-'))) {
		const http = find(r.op, r.variant === 'node-auto' ? 'http-json' : 'http-fields', r.n);
		if (http) {
			md.push(`| 8 | events/s ≥ HTTP Request (same mapping; its default: ${http.peakInFlight} in flight at most, ours 8) | ${r.title}, ${r.variant === 'node-auto' ? 'Map Automatically' : 'Define Below'}, ${fmt.n(r.n)} | ${fmt.rate(r.rate)} vs ${fmt.rate(http.rate)} (${fmt.x(r.rate / http.rate)}) | ${verdict(r.rate >= http.rate)} |`);
		}
		const floor = floorRate(record, r.op, r.n);
		const helper = floorRate(record, r.op, r.n, 'n8n-helper');
		md.push(`| 8 | within 1.25× of the undici floor (8 in flight) | ${r.title}, ${r.variant === 'node-auto' ? 'Map Automatically' : 'Define Below'}, ${fmt.n(r.n)} | floor ${fmt.rate(floor)} / node ${fmt.rate(r.rate)} = ${fmt.x(floor / r.rate)} (n8n's request function alone: ${fmt.rate(helper)}, node = ${fmt.x(r.rate / helper)} of it) | ${verdict(Number.isFinite(floor) ? floor / r.rate <= 1.25 : undefined)} |`);
	}
	for (const r of rows.filter((x) => x.kind === 'batched' && x.variant === 'node-auto')) {
		let perItem = find(r.op, 'http-per-item', r.n);
		let note = '';
		if (!perItem) {
			perItem = rows.filter((x) => x.op === r.op && x.variant === 'http-per-item').sort((a, b) => b.n - a.n)[0];
			if (perItem) note = ` (per-item HTTP measured at ${fmt.n(perItem.n)} items: its per-item rate)`;
		}
		md.push(`| 8 | ≥ 10× the per-item HTTP Request workflow | ${r.title}, ${fmt.n(r.n)} | ${fmt.rate(r.rate)} vs ${perItem ? fmt.rate(perItem.rate) : '–'}${note} = ${perItem ? fmt.x(r.rate / perItem.rate) : '–'} | ${verdict(perItem ? r.rate / perItem.rate >= 10 : undefined)} |`);
	}
	for (const r of rows.filter((x) => x.n === SIZES.large && ['node-auto', 'node-auto-lean'].includes(x.variant))) {
		const base = baseline(r.op, r.n);
		md.push(`| 8 | peak RSS ≤ 1.5× n8n holding the items alone | ${r.title}${r.variant === 'node-auto-lean' ? ', option Include Sent Payload off' : ''}, ${fmt.n(r.n)} | ${fmt.mb(r.rss)} MB vs ${base ? fmt.mb(base.rss) : '–'} MB (${base ? fmt.x(r.rss / base.rss) : '–'}) | ${verdict(base ? r.rss / base.rss <= 1.5 : undefined)} |`);
	}
	for (const op of ['hackleTrack', 'adropTrack', 'chabokUser']) {
		for (const n of [SIZES.small, SIZES.medium]) {
			const auto = find(op, 'node-auto', n);
			const json = find(op, 'http-json', n);
			const define = find(op, 'node-define', n);
			const fields = find(op, 'http-fields', n);
			if (auto && json) md.push(`| 10 | Map Automatically ≥ 5× HTTP Request with {{ JSON.stringify($json) }} | ${auto.title}, ${fmt.n(n)} | ${fmt.rate(auto.rate)} vs ${fmt.rate(json.rate)} = ${fmt.x(auto.rate / json.rate)} | ${verdict(auto.rate / json.rate >= 5)} |`);
			if (define && fields) md.push(`| 10 | Define Below ≥ HTTP Request with the same expressions | ${define.title}, ${fmt.n(n)} | ${fmt.rate(define.rate)} vs ${fmt.rate(fields.rate)} = ${fmt.x(define.rate / fields.rate)} | ${verdict(define.rate >= fields.rate)} |`);
		}
	}

	const latency = rows.filter((r) => r.kind === 'latency');
	if (latency.length) {
		md.push('');
		md.push(`**Requests in flight** (${latency[0].title}, ${fmt.n(latency[0].n)} items; the fake holds each answer 20 ms, so a client's open requests show): ${latency.map((r) => `${r.label}: at most ${r.peakInFlight} in flight, ${fmt.rate(r.rate)} events/s`).join('; ')}.`);
	}

	// ---- the workflows ------------------------------------------------------------
	if (workflows.length) {
		md.push('');
		md.push('### The workflows, exactly');
		md.push('');
		md.push('Every workflow is `Webhook` (POST, Respond: When Last Node Finishes, no data: the bench\'s POST returns when the workflow is done) → `Make items` (Code node, Run Once for All Items) → the sending nodes below. The bench posts `{"n": N}` to the webhook. Fake ports are shown as `<fake>`; credentials are n8n credentials (this package\'s own for our nodes; *Header Auth* for the HTTP Request node, which is how a user without this package sends an API key header).');
		for (const op of operations()) {
			const mine = workflows.filter((w) => w.name.startsWith(`bench: ${op.title}:`));
			if (mine.length === 0) continue;
			md.push('');
			md.push(`<details><summary>${op.title}</summary>\n`);
			md.push('Code node:\n');
			md.push('```js');
			md.push(codeNodeText(op.items));
			md.push('```');
			for (const w of mine) {
				const nodes = w.nodes.slice(2).map(({ id: _id, position: _position, ...node }) => node);
				md.push(`\n${w.name.replace(`bench: ${op.title}: `, '')}:\n`);
				md.push('```json');
				md.push(JSON.stringify(nodes, null, 1).replace(/http:\/\/127\.0\.0\.1:\d+/g, 'http://<fake>'));
				md.push('```');
			}
			md.push('\n</details>');
		}
	}
	return { table: `${text}\n\n${floorText}`, markdown: md.join('\n') };
}

/** Replace the generated part of bench/results.md; the hand-written analysis around it stays. */
export function writeResults(markdown) {
	const begin = '<!-- bench:begin (generated by npm run bench; edit outside these marks) -->';
	const end = '<!-- bench:end -->';
	const old = fs.existsSync(RESULTS) ? fs.readFileSync(RESULTS, 'utf8') : `# Benchmarks\n\n${begin}\n${end}\n`;
	const a = old.indexOf(begin);
	const b = old.indexOf(end);
	const next = a >= 0 && b > a ? `${old.slice(0, a)}${begin}\n${markdown}\n${old.slice(b)}` : `${old}\n${begin}\n${markdown}\n${end}\n`;
	fs.writeFileSync(RESULTS, next);
	return RESULTS;
}

// `node bench/report.mjs bench/.runs/<date>.json`: render a saved run again (the
// workflows from bench/.runs/workflows.json) into bench/results.md.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
	const record = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
	const workflowsFile = path.join(path.dirname(path.resolve(process.argv[2])), 'workflows.json');
	const workflows = fs.existsSync(workflowsFile) ? JSON.parse(fs.readFileSync(workflowsFile, 'utf8')) : [];
	const { table, markdown } = renderResults(record, { workflows });
	console.log(table);
	console.log(`wrote ${path.relative(process.cwd(), writeResults(markdown))}`);
}
