#!/usr/bin/env node
// The large-run memory table of bench/results.md (issue 18) from a bench
// record: `node bench/memory-table.mjs <record.json>`. For each batched
// operation at 100,000 items (or 1,000,000), the peak RSS of n8n's main
// process (median of the runs, with their range) with Include Sent Payload
// on and off, against the baseline that makes the same number of new output
// items (a Code node), as a ratio and a verdict on the target (≤ 1.25×);
// then the garbage-collection figures of each case when the record has them
// (BENCH_TRACE_GC=1): the most heap in use before a collection, and the
// most left after a full one (live data), while the node ran and while n8n
// saved the execution.
import fs from 'node:fs';

const TARGET = 1.25;
const BASELINE_OF = { hacklePush: 'baselinePush', traintracks: 'baselineTraintracks', chabokBulk: 'baselineChabokBulk' };
const TITLE = { hacklePush: 'Hackle Send Push', traintracks: 'Traintracks Send Batch', chabokBulk: 'Chabok Track Event, bulk' };

const mb = (bytes) => Math.round(bytes / 2 ** 20);
const median = (values) => {
	const sorted = [...values].sort((a, b) => a - b);
	const mid = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[mid] : Math.round((sorted[mid - 1] + sorted[mid]) / 2);
};
const fmt = (n) => n.toLocaleString('en-US');

export function memoryTable(record) {
	const byId = new Map(record.results.map((r) => [r.id, r]));
	const peaks = (id) => (byId.get(id)?.runs ?? []).filter((run) => run.status === 'success').map((run) => mb(run.peakRssMain));
	const cell = (values) => (values.length === 0 ? '–' : values.length === 1 ? `${fmt(values[0])} MB` : `${fmt(median(values))} MB (${fmt(Math.min(...values))}–${fmt(Math.max(...values))})`);
	const lines = [
		'| items | operation | n8n making new items (Code) | our node | ratio | verdict | Include Sent Payload off | ratio | verdict |',
		'|--:|---|--:|--:|--:|---|--:|--:|---|',
	];
	for (const n of [100000, 1000000]) {
		for (const [op, base] of Object.entries(BASELINE_OF)) {
			const baseline = peaks(`${base}/code-new-items/${n}`);
			const on = peaks(`${op}/node-auto/${n}`);
			const off = peaks(`${op}/node-auto-lean/${n}`);
			if (on.length === 0 && off.length === 0) continue;
			const ratio = (values) => (values.length && baseline.length ? median(values) / median(baseline) : NaN);
			const verdict = (r) => (Number.isNaN(r) ? '–' : r <= TARGET ? 'met' : '**missed**');
			const show = (r) => (Number.isNaN(r) ? '–' : `${r.toFixed(2)}×`);
			lines.push(
				`| ${fmt(n)} | ${TITLE[op]} | ${cell(baseline)} | ${cell(on)} | ${show(ratio(on))} | ${verdict(ratio(on))} | ${cell(off)} | ${show(ratio(off))} | ${verdict(ratio(off))} |`,
			);
		}
	}
	const gcLines = ['| case | run | peak RSS | heap before a collection, node / save | live after a full collection, node / save |', '|---|--:|--:|--:|--:|'];
	for (const result of record.results) {
		for (const run of result.runs) {
			if (!run.gc) continue;
			const phases = Object.entries(run.gc).filter(([name]) => name !== 'Webhook' && name !== 'Make items');
			const node = phases.filter(([name]) => !name.startsWith('(save')).map(([, g]) => g);
			const save = phases.find(([name]) => name.startsWith('(save'))?.[1];
			const most = (list, key) => Math.max(0, ...list.map((g) => g[key] ?? 0)) || '–';
			gcLines.push(
				`| ${result.id} | ${run.run} | ${fmt(mb(run.peakRssMain))} MB | ${most(node, 'maxHeapBeforeMb')} / ${save?.maxHeapBeforeMb ?? '–'} MB | ${most(node, 'maxLiveAfterFullMb')} / ${save?.maxLiveAfterFullMb ?? '–'} MB |`,
			);
		}
	}
	const unsaved = record.results.filter((r) => r.runs.some((run) => run.unsaved));
	const unsavedLines = unsaved.map((r) => `- ${r.id} (${r.label}): peak RSS ${cell(peaks(r.id))}`);
	return [lines.join('\n'), gcLines.length > 2 ? `\n${gcLines.join('\n')}` : '', unsavedLines.length ? `\n${unsavedLines.join('\n')}` : ''].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
	console.log(memoryTable(JSON.parse(fs.readFileSync(process.argv[2], 'utf8'))));
}
