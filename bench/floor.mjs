// The floor: a plain Node script sending the same requests as our node
// (same bodies, same grouping, Traintracks signed per request) to the same
// fake, with `concurrency` requests in flight, and nothing else. Run by
// run.mjs as its own process on n8n's Node 24; prints one JSON line.
//
//   node bench/floor.mjs '{"op":"hackleTrack","n":10000,"url":"http://127.0.0.1:1234/v1/track","concurrency":8,"client":"undici"}'
//
// client: "undici"        undici.request on a keep-alive Agent (the practical limit)
//         "undici-close"  undici.request, a new connection per request (what n8n's
//                         request helper does: its agent sends Connection: close)
//         "fetch"         Node's built-in fetch (keep-alive)
//         "n8n-helper"    n8n's own HTTP function, the one httpRequestWithAuthentication
//                         ends in (@n8n/backend-network's axios request, from the n8n
//                         install at spec.n8nDir), with the options our sender passes:
//                         what n8n's request stack costs without a workflow or a node
import crypto from 'node:crypto';
import { createRequire } from 'node:module';
import path from 'node:path';

import { Agent, request } from 'undici';

import { makeItems, operations } from './cases.mjs';

const spec = JSON.parse(process.argv[2]);
const op = operations().find((o) => o.key === spec.op);
const items = makeItems(op.items, spec.n);

/** The request bodies' sources: one item each, or chunks as our node groups them. */
const units = [];
if (op.kind === 'batched') {
	for (let start = 0; start < items.length; start += op.batch) units.push(op.floorBody(items.slice(start, start + op.batch)));
} else {
	units.push(...items);
}

// n8n's request function, loaded from the n8n install by path (its package exports only the index).
const n8nHttpRequest =
	spec.client === 'n8n-helper'
		? createRequire(path.join(spec.n8nDir, 'package.json'))(path.join(spec.n8nDir, 'node_modules/@n8n/backend-network/dist/http/axios/request.js')).httpRequest
		: undefined;
const agent = new Agent({ connections: spec.concurrency, pipelining: 1 });
const baseHeaders = { 'content-type': 'application/json', accept: 'application/json', ...op.floorHeaders };

async function send(unit, warmup = false) {
	const body = JSON.stringify(unit);
	let headers = op.floorSign
		? { ...baseHeaders, 'x-product-auth': crypto.createHash('md5').update(body + op.floorSign, 'utf8').digest('hex') }
		: baseHeaders;
	if (warmup) headers = { ...headers, 'x-bench-warmup': '1' };
	let status;
	let text;
	if (spec.client === 'n8n-helper') {
		const res = await n8nHttpRequest({
			method: 'POST',
			url: spec.url,
			body,
			headers: { 'Content-Type': 'application/json', Accept: 'application/json', ...headers },
			timeout: 30_000,
			encoding: 'text',
			json: false,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
		});
		status = res.statusCode;
		text = res.body ?? '';
	} else if (spec.client === 'fetch') {
		const res = await fetch(spec.url, { method: 'POST', headers, body });
		status = res.status;
		text = await res.text();
	} else {
		const res = await request(spec.url, { method: 'POST', headers, body, dispatcher: agent, reset: spec.client === 'undici-close' });
		status = res.statusCode;
		text = await res.body.text();
	}
	if (text) JSON.parse(text);
	if (status !== 200) throw new Error(`HTTP ${status}: ${text.slice(0, 200)}`);
}

/** Send `list` with `concurrency` requests in flight. */
async function sendAll(list, warmup) {
	let next = 0;
	await Promise.all(
		Array.from({ length: Math.min(spec.concurrency, list.length) }, async () => {
			while (next < list.length) await send(list[next++], warmup);
		}),
	);
}

// Warm-up, not measured and not counted by the fake: the JIT compiles the send path first.
await sendAll(units.slice(0, 300), true);
const started = process.hrtime.bigint();
await sendAll(units, false);
const ms = Number(process.hrtime.bigint() - started) / 1e6;
await agent.close();
process.stdout.write(`${JSON.stringify({ ms, requests: units.length, events: items.length })}\n`);
