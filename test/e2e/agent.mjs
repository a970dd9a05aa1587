#!/usr/bin/env node
// `npm run test:e2e:agent`: the four nodes as tools of n8n's AI Agent, end to end in real n8n.
//
// n8n 2.40.7 (the e2e cache, Node 24) with this package installed from its `npm pack` tarball, the fake
// providers (fakes/index.mjs: every request checked against the documents and recorded) and a fake
// OpenAI-compatible model (fakes/openai.mjs) on 127.0.0.1. The workflow is examples/ai-agent-tools.json as
// a user imports it (Webhook → AI Agent v3.1 with the OpenAI Chat Model and the four Tool nodes, their
// fields and Dry Run from $fromAI), its credentials created under the ids and names it names, pointing at
// the fakes; a second copy has "Use Responses API" off (chat completions). Each case posts a message
// tagged [script:<name>]; the fake model answers it with the scripted tool calls and, after the last tool
// result, a final answer that quotes that result. n8n runs each tool call as its own run of the tool node
// and sends the node's output JSON back to the model: the fake records it, and the cases check
//   (a) a send: exactly the documented request at the provider (method, path, every header, exact body)
//       and the node's success item back at the model;
//   (b) Dry Run first: the preview back at the model (method, URL, headers masked, the exact body), nothing
//       at the provider until the second call, whose request is byte for byte the previewed one;
//   (c) a bad argument: the tool result names the field, nothing reaches the provider, the model's
//       corrected call goes through;
//   (d) the tool list the model was sent: names, descriptions naming the operation, every $fromAI field
//       with its description and type, the required ones required and Dry Run optional.
// Environment: N8N_E2E_CACHE, E2E_KEEP=1 (keep the n8n folder), AGENT_ONLY=<regex on case names>.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { fileURLToPath } from 'node:url';

import { DEMO_CREDENTIALS } from '../../scripts/demo-providers.mjs';
import { FAKE_KEYS, startFakes, stopFakes } from './fakes/index.mjs';
import { FAKE_OPENAI_KEY, FakeOpenAi } from './fakes/openai.mjs';
import { matches, n8nBaseHeaders, sameHeaders } from './lib/expect.mjs';
import { ensureN8n } from './lib/install.mjs';
import { buildTarball, installPackage, N8n } from './lib/n8n.mjs';
import { cleanupAll, onCleanup, trapSignals } from './lib/procs.mjs';
import adrop from './providers/adrop.mjs';
import chabok from './providers/chabok.mjs';
import hackle from './providers/hackle.mjs';
import traintracks from './providers/traintracks.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..', '..');
const WORK = path.join(ROOT, '.e2e', 'agent');
const ONLY = process.env.AGENT_ONLY ? new RegExp(process.env.AGENT_ONLY) : undefined;
/** The whole run, n8n's start included, is bounded: past this everything is stopped. */
const SUITE_LIMIT_MS = 12 * 60_000;
const MODULES = { hackle, adrop, traintracks, chabok };
const EXAMPLE = JSON.parse(fs.readFileSync(path.join(ROOT, 'examples', 'ai-agent-tools.json'), 'utf8'));

const results = [];
const started = Date.now();

function report(name, problems, ms) {
	const ok = problems.length === 0;
	results.push({ name, ok });
	console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}${ms !== undefined ? ` (${(ms / 1000).toFixed(1)} s)` : ''}`);
	for (const p of problems) console.log(`       - ${String(p).split('\n').join('\n         ')}`);
}

async function check(name, fn) {
	const t = Date.now();
	try {
		report(name, (await fn()) ?? [], Date.now() - t);
	} catch (error) {
		report(name, [error.stack ?? String(error)], Date.now() - t);
	}
}

const md5 = (text) => crypto.createHash('md5').update(text, 'utf8').digest('hex');

/** The tools of the example, as the model must see them: tool name → node name, operation words, $fromAI fields. */
const TOOLS = {
	Hackle_Track_Event: {
		node: 'Hackle Track Event',
		operation: /track an event/i,
		provider: /Hackle/,
		required: ['eventKey', 'userId'],
		json: ['eventProperties'],
		optional: { dryRun: 'boolean' },
		types: { eventKey: 'string', userId: 'string' },
	},
	Adrop_Track_Event: {
		node: 'Adrop Track Event',
		operation: /track an event/i,
		provider: /Adrop/,
		required: ['uid', 'eventName'],
		json: ['parameters'],
		optional: { dryRun: 'boolean' },
		types: { uid: 'string', eventName: 'string' },
	},
	Traintracks_Send_Batch: {
		node: 'Traintracks Send Batch',
		operation: /send events/i,
		provider: /Traintracks/,
		required: ['eventType', 'userId', 'userName', 'sessionId', 'device', 'build'],
		json: ['data'],
		optional: { clientTimestamp: 'string', dryRun: 'boolean' },
		types: { eventType: 'string', userId: 'string', userName: 'string', sessionId: 'string', device: 'string', build: 'string' },
	},
	Chabok_Track_Event: {
		node: 'Chabok Track Event',
		operation: /track an event/i,
		provider: /Chabok/,
		required: ['userId', 'eventName'],
		json: ['eventData'],
		optional: { eventTime: 'string', dryRun: 'boolean' },
		types: { userId: 'string', eventName: 'string' },
	},
};

/** Each $fromAI call of the example's tool nodes: key → description (what the model must be sent). */
function fromAiDescriptions(workflow) {
	const out = {};
	for (const node of workflow.nodes.filter((n) => n.type.endsWith('Tool'))) {
		const keys = {};
		const walk = (v) => {
			if (typeof v === 'string') for (const m of v.matchAll(/\$fromAI\('([^']+)', '([^']*)'/g)) keys[m[1]] = m[2];
			else if (v && typeof v === 'object') Object.values(v).forEach(walk);
		};
		walk(node.parameters);
		out[node.name] = keys;
	}
	return out;
}


/** (d): the tool list of one model request against the example. */
function toolListProblems(record, descriptions) {
	const problems = [];
	const names = record.tools.map((t) => t.name).sort();
	problems.push(...matches(names, Object.keys(TOOLS).sort(), `${record.api}: tool names`));
	for (const [name, want] of Object.entries(TOOLS)) {
		const tool = record.tools.find((t) => t.name === name);
		if (!tool) continue;
		const at = `${record.api}: ${name}`;
		if (!want.operation.test(tool.description ?? '') || !want.provider.test(tool.description ?? '')) {
			problems.push(`${at}: description ${JSON.stringify(tool.description)} does not name the operation (${want.operation}) and the provider (${want.provider})`);
		}
		const params = tool.parameters ?? {};
		const props = params.properties ?? {};
		const fields = descriptions[want.node];
		problems.push(...matches(Object.keys(props).sort(), Object.keys(fields).sort(), `${at}: argument names`));
		for (const [key, description] of Object.entries(fields)) {
			if (!props[key]) continue;
			if (!String(props[key].description ?? '').includes(description)) problems.push(`${at}.${key}: description ${JSON.stringify(props[key].description)}, expected the $fromAI one ${JSON.stringify(description)}`);
		}
		// n8n 2.40 sends a json-typed $fromAI field as required, with no type and its default ({}): the model
		// always passes an object, {} for none (the example's descriptions say so). String and boolean fields
		// with a default are optional.
		const required = [...(params.required ?? [])].sort();
		problems.push(...matches(required, [...want.required, ...want.json].sort(), `${at}: required arguments`));
		for (const [key, type] of Object.entries({ ...want.types, ...want.optional })) {
			if (props[key] && props[key].type !== type) problems.push(`${at}.${key}: type ${props[key].type}, expected ${type}`);
		}
		for (const key of want.json) {
			if (props[key] && JSON.stringify(props[key].default) !== '{}') problems.push(`${at}.${key}: default ${JSON.stringify(props[key].default)}, expected {}`);
			if (props[key] && !/JSON object/.test(props[key].description ?? '')) problems.push(`${at}.${key}: the description does not say it takes a JSON object`);
		}
		if (props.dryRun && props.dryRun.default !== false) problems.push(`${at}.dryRun: default ${JSON.stringify(props.dryRun.default)}, expected false`);
	}
	return problems;
}

/** The provider requests received since `from`, checked: exactly `want` ({ path, headers(body), body }). */
function providerProblems(fake, from, want) {
	const problems = [];
	const got = fake.requests.slice(from);
	if (got.length !== want.length) problems.push(`${fake.name} received ${got.length} request(s), expected ${want.length}: ${got.map((r) => `${r.method} ${r.url} ${r.status} ${r.rawBody}`).join(' | ')}`);
	want.forEach((w, i) => {
		const r = got[i];
		if (!r) return;
		const body = typeof w.body === 'string' ? w.body : JSON.stringify(w.body);
		if (r.method !== 'POST') problems.push(`${fake.name} request ${i + 1}: method ${r.method}`);
		if (r.url !== w.path) problems.push(`${fake.name} request ${i + 1}: URL ${r.url}, expected ${w.path}`);
		if (r.rawBody !== body) problems.push(`${fake.name} request ${i + 1}: body\n  got      ${r.rawBody}\n  expected ${body}`);
		problems.push(...sameHeaders(r.headers, { ...n8nBaseHeaders(r.rawBody, fake), ...w.headers(body) }, `${fake.name} request ${i + 1} headers`));
		if (r.status !== 200) problems.push(`${fake.name} answered ${r.status}: ${r.responseBody}`);
	});
	return problems;
}

function parseJson(text, what) {
	try {
		return JSON.parse(text);
	} catch {
		throw new Error(`${what} is not JSON: ${String(text).slice(0, 300)}`);
	}
}

/** The final answer the fake model gives: it quotes the last tool result word for word. */
const QUOTE = 'The tool returned: ';
const quoteLast = (record) => `${QUOTE}${record.toolResults.at(-1)?.output ?? '(no tool result)'}`;

/**
 * The cases. Each: a script for the fake model (steps: tool calls, then the final answer), the API it runs
 * on, the provider it talks to and `check(ctx)` over what the fakes recorded and n8n's execution.
 */
function cases({ fakes, keys, credentials }) {
	const hackleHeaders = () => ({ 'x-hackle-api-key': keys.hackle.sdkKey });
	const adropHeaders = () => ({ authorization: keys.adrop.appKey });
	const chabokHeaders = () => ({ 'x-access-token': keys.chabok.accessToken });
	// The Traintracks credential the e2e suite uses also sets a Remote Address (the Remote-Address header).
	const remoteAddress = credentials.find((c) => c.type === 'traintracksApi').data.remoteAddress;
	const traintracksHeaders = (body) => ({
		'x-product-key': keys.traintracks.productKey,
		'x-product-auth': md5(body + keys.traintracks.productSecret),
		...(remoteAddress ? { 'remote-address': remoteAddress } : {}),
	});

	const HACKLE_ARGS = { eventKey: 'purchase', userId: '19285035', eventProperties: { paymentMethod: 'CARD', discountAmount: 420 } };
	const HACKLE_BODY = { event: { key: 'purchase', properties: { paymentMethod: 'CARD', discountAmount: 420 } }, user: { userId: '19285035' } };
	const ADROP_ARGS = { uid: 'USER_42', eventName: 'page_view', parameters: { page_id: 'pricing', page_url: 'https://example.com/pricing' }, dryRun: false };
	const ADROP_BODY = { uid: 'USER_42', eventName: 'page_view', page_id: 'pricing', page_url: 'https://example.com/pricing' };
	const TT_ARGS = {
		eventType: 'store_purchase',
		userId: '3dc6b97d-7388-11e4-bfb3-b8e8563b3f9a',
		userName: 'JaneDoe',
		sessionId: 'fff324c6-30a2-11e3-ad80-485d60066bda',
		device: 'iPhone 5S',
		build: '1.1.1',
		clientTimestamp: '2012-03-14T02:43:43.416587-07:00',
		data: { item: 'Excalibur', cost: 24 },
	};
	// The documents' key order (api-docs: build, clientTimestamp, data, device, eventType, userId, userName, sessionId).
	const TT_BODY = [
		{
			build: '1.1.1',
			clientTimestamp: '2012-03-14T02:43:43.416587-07:00',
			data: { item: 'Excalibur', cost: 24 },
			device: 'iPhone 5S',
			eventType: 'store_purchase',
			userId: '3dc6b97d-7388-11e4-bfb3-b8e8563b3f9a',
			userName: 'JaneDoe',
			sessionId: 'fff324c6-30a2-11e3-ad80-485d60066bda',
		},
	];
	const CHABOK_ARGS = { userId: 'USER_7', eventName: 'addToCart', eventTime: '2019-12-10T08:05:25.110Z', eventData: { price: 25000, isNew: true } };
	const CHABOK_BODY = { userId: 'USER_7', eventName: 'addToCart', eventTime: 1575965125110, eventData: { price: 25000, isNew: true } };

	/** The node's success item as the model got it back: one item, success, the body it sent. */
	const successResult = (output, body) => {
		const items = parseJson(output, 'the tool result');
		return matches(items, [{ success: true, statusCode: 200, sent: body }], 'tool result');
	};
	/** The Dry Run preview as the model got it back: the request as it would go, the credential masked. */
	const previewResult = (output, fake, urlPath, body, maskedHeader) => {
		const items = parseJson(output, 'the dry-run tool result');
		const problems = matches(items, [{ dryRun: true, valid: true, request: { method: 'POST', url: `${fake.baseUrl}${urlPath}`, body: JSON.stringify(body) } }], 'dry-run result');
		const headers = Object.fromEntries(Object.entries(items[0]?.request?.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
		if (headers[maskedHeader] !== '[masked]') problems.push(`dry-run result: header ${maskedHeader} is ${JSON.stringify(headers[maskedHeader])}, expected "[masked]"`);
		for (const secret of Object.values(keys).flatMap((k) => Object.values(k)).filter((v) => typeof v === 'string' && v.length >= 6)) {
			if (output.includes(secret)) problems.push('a credential secret is in the dry-run result the model got');
		}
		return problems;
	};

	return [
		{
			name: '(a) Hackle Track Event: the agent sends an event (Responses API); the documented request at Hackle, the success item back at the model',
			script: 'hackle-send',
			api: 'responses',
			message: 'User 19285035 paid 420 off by card: record the purchase in Hackle.',
			steps: [{ call: { tool: /^Hackle/, args: HACKLE_ARGS } }, { say: quoteLast }],
			provider: 'hackle',
			check: ({ model, from }) => [
				...providerProblems(fakes.hackle, from.hackle, [{ path: '/v1/track', headers: hackleHeaders, body: HACKLE_BODY }]),
				...successResult(model[1].toolResults[0].output, HACKLE_BODY),
			],
		},
		{
			name: '(a) Adrop Track Event: the agent sends a page_view with its parameters (Responses API)',
			script: 'adrop-send',
			api: 'responses',
			message: 'USER_42 opened the pricing page, record it in Adrop.',
			steps: [{ call: { tool: /^Adrop/, args: ADROP_ARGS } }, { say: quoteLast }],
			provider: 'adrop',
			check: ({ model, from }) => [
				...providerProblems(fakes.adrop, from.adrop, [{ path: '/event', headers: adropHeaders, body: ADROP_BODY }]),
				...successResult(model[1].toolResults[0].output, ADROP_BODY),
			],
		},
		{
			name: '(a) Chabok Track Event: the agent sends an event by user with its time and data (Responses API)',
			script: 'chabok-send',
			api: 'responses',
			message: 'USER_7 added a 25000 item to the cart at 2019-12-10T08:05:25.110Z; track it in Chabok.',
			steps: [{ call: { tool: /^Chabok/, args: CHABOK_ARGS } }, { say: quoteLast }],
			provider: 'chabok',
			check: ({ model, from }) => [
				...providerProblems(fakes.chabok, from.chabok, [{ path: '/api/installations/track', headers: chabokHeaders, body: CHABOK_BODY }]),
				...successResult(model[1].toolResults[0].output, CHABOK_BODY),
			],
		},
		{
			name: '(b) Hackle Track Event: Dry Run first (Responses API); the preview back at the model, nothing sent, then the same request sent',
			script: 'hackle-dry-then-send',
			api: 'responses',
			message: 'Preview the purchase event of user 19285035 in Hackle, then send it.',
			steps: [{ call: { tool: /^Hackle/, args: { ...HACKLE_ARGS, dryRun: true } } }, { call: { tool: /^Hackle/, args: { ...HACKLE_ARGS, dryRun: false } } }, { say: quoteLast }],
			provider: 'hackle',
			check: ({ model, from }) => {
				const problems = previewResult(model[1].toolResults[0].output, fakes.hackle, '/v1/track', HACKLE_BODY, 'x-hackle-api-key');
				const sent = fakes.hackle.requests.slice(from.hackle);
				// Nothing reached Hackle before the model had the preview and asked again.
				if (sent[0] && sent[0].at < model[1].at) problems.push(`Hackle received a request (${sent[0].at}) before the model got the dry-run result (${model[1].at})`);
				problems.push(...providerProblems(fakes.hackle, from.hackle, [{ path: '/v1/track', headers: hackleHeaders, body: HACKLE_BODY }]));
				const preview = parseJson(model[1].toolResults[0].output, 'the dry-run result')[0]?.request?.body;
				if (sent[0] && sent[0].rawBody !== preview) problems.push(`the body sent is not the previewed one:\n  sent    ${sent[0].rawBody}\n  preview ${preview}`);
				problems.push(...successResult(model[2].toolResults[1].output, HACKLE_BODY));
				return problems;
			},
		},
		{
			name: '(c) Hackle Track Event: an empty event key comes back to the model naming event.key, nothing sent; the corrected call goes through',
			script: 'hackle-bad-then-fixed',
			api: 'responses',
			message: 'Record an event for user 19285035 in Hackle (the key is purchase).',
			steps: [{ call: { tool: /^Hackle/, args: { ...HACKLE_ARGS, eventKey: '' } } }, { call: { tool: /^Hackle/, args: HACKLE_ARGS } }, { say: quoteLast }],
			provider: 'hackle',
			check: ({ model, from }) => {
				const problems = [];
				const first = model[1].toolResults[0].output;
				const items = parseJson(first, 'the first tool result');
				const error = items[0]?.error;
				if (typeof error !== 'string' || !/event\.key/.test(error) || !/invalid input/i.test(error)) problems.push(`the first tool result does not name event.key as invalid: ${first}`);
				if (items[0]?.success === true) problems.push(`the first tool result claims success: ${first}`);
				const sent = fakes.hackle.requests.slice(from.hackle);
				if (sent[0] && sent[0].at < model[1].at) problems.push('Hackle received a request before the model got the error back');
				problems.push(...providerProblems(fakes.hackle, from.hackle, [{ path: '/v1/track', headers: hackleHeaders, body: HACKLE_BODY }]));
				problems.push(...successResult(model[2].toolResults[1].output, HACKLE_BODY));
				return problems;
			},
		},
		{
			name: '(c) Adrop Track Event: an event name Adrop does not document comes back naming eventName and the documented events, nothing sent; the corrected call goes through',
			script: 'adrop-bad-then-fixed',
			api: 'responses',
			message: 'USER_42 looked at the pricing page; tell Adrop.',
			steps: [{ call: { tool: /^Adrop/, args: { ...ADROP_ARGS, eventName: 'pricing_viewed' } } }, { call: { tool: /^Adrop/, args: ADROP_ARGS } }, { say: quoteLast }],
			provider: 'adrop',
			check: ({ model, from }) => {
				const problems = [];
				const first = model[1].toolResults[0].output;
				const error = parseJson(first, 'the first tool result')[0]?.error;
				if (typeof error !== 'string' || !/eventName/.test(error) || !/pricing_viewed/.test(error) || !/page_view/.test(error)) {
					problems.push(`the first tool result does not name eventName, the bad value and the documented events: ${first}`);
				}
				const sent = fakes.adrop.requests.slice(from.adrop);
				if (sent[0] && sent[0].at < model[1].at) problems.push('Adrop received a request before the model got the error back');
				problems.push(...providerProblems(fakes.adrop, from.adrop, [{ path: '/event', headers: adropHeaders, body: ADROP_BODY }]));
				problems.push(...successResult(model[2].toolResults[1].output, ADROP_BODY));
				return problems;
			},
		},
		{
			name: '(b) Traintracks Send Batch: Dry Run first, then sent (chat completions, "Use Responses API" off); signed over the previewed body',
			script: 'traintracks-dry-then-send',
			api: 'chat',
			message: 'JaneDoe bought Excalibur for 24: preview the store_purchase event for Traintracks, then send it.',
			steps: [{ call: { tool: /^Traintracks/, args: { ...TT_ARGS, dryRun: true } } }, { call: { tool: /^Traintracks/, args: TT_ARGS } }, { say: quoteLast }],
			provider: 'traintracks',
			check: ({ model, from }) => {
				const problems = previewResult(model[1].toolResults[0].output, fakes.traintracks, '/v1/events', TT_BODY, 'x-product-auth');
				const sent = fakes.traintracks.requests.slice(from.traintracks);
				if (sent[0] && sent[0].at < model[1].at) problems.push('Traintracks received a request before the model got the dry-run result');
				problems.push(...providerProblems(fakes.traintracks, from.traintracks, [{ path: '/v1/events', headers: traintracksHeaders, body: TT_BODY }]));
				const items = parseJson(model[2].toolResults[1].output, 'the second tool result');
				problems.push(...matches(items, [{ success: true, statusCode: 200 }], 'tool result'));
				return problems;
			},
		},
	];
}

/** POST to a production webhook; a 404 (just activated, not registered yet: no execution started) is tried again for up to 15 s. */
async function fire(n8n, urlPath, payload) {
	const deadline = Date.now() + 15_000;
	for (;;) {
		const res = await fetch(`${n8n.baseUrl}/webhook/${urlPath}`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify(payload),
			signal: AbortSignal.timeout(120_000),
		});
		const answerText = await res.text();
		if (res.status !== 404 || Date.now() > deadline) return { res, answerText };
		await new Promise((r) => setTimeout(r, 500));
	}
}

/** The example with "Use Responses API" off: its own id, name, path and webhook id. */
function chatCompletionsVariant(example) {
	const copy = JSON.parse(JSON.stringify(example));
	copy.id = 'aiAgentToolsChat';
	copy.name = `${example.name} (chat completions)`;
	for (const node of copy.nodes) {
		if (node.type === 'n8n-nodes-base.webhook') {
			node.parameters.path = `${node.parameters.path}-chat`;
			node.webhookId = '3f9e1c7a-5b2d-4c8e-9a6f-7b1d3e5c9a10';
		}
		if (node.type === '@n8n/n8n-nodes-langchain.lmChatOpenAi') node.parameters.responsesApiEnabled = false;
	}
	return copy;
}

async function main() {
	trapSignals();
	const limit = setTimeout(async () => {
		report('suite time limit', [`not done after ${SUITE_LIMIT_MS / 60_000} minutes: stopping`]);
		await cleanupAll();
		process.exit(1);
	}, SUITE_LIMIT_MS);
	limit.unref();
	fs.mkdirSync(WORK, { recursive: true });
	const logFile = path.join(WORK, 'n8n.log');
	fs.writeFileSync(logFile, '');
	console.log(`e2e agent: logs in ${path.relative(ROOT, WORK)}/`);

	const install = await ensureN8n({ log: (m) => console.log(`   ${m}`) });
	console.log(`   n8n ${install.version} on Node ${install.runtime.nodeVersion}`);
	if (install.major !== 2) throw new Error(`the AI Agent suite runs n8n 2.x (Agent v3), not ${install.version}`);
	const tarball = await buildTarball(ROOT, WORK, path.join(WORK, 'build.log'));

	const fakes = await startFakes({ seed: 1, keys: FAKE_KEYS });
	onCleanup(() => stopFakes(fakes));
	const model = await new FakeOpenAi().start();
	onCleanup(() => model.stop());
	console.log(`   fake model ${model.baseUrl}; providers ${Object.values(fakes).map((f) => f.baseUrl).join(' ')}`);

	// The credentials the example names (the demo's ids and names), pointing at the fakes.
	const credentials = [
		...Object.entries(MODULES).map(([name, module]) => ({ ...module.credentials({ fake: fakes[name], keys: FAKE_KEYS[name] })[0], ...DEMO_CREDENTIALS[name] })),
		{ id: 'demoOpenAiApi001', name: 'OpenAI account', type: 'openAiApi', data: { apiKey: FAKE_OPENAI_KEY, url: model.baseUrl } },
	];
	const named = EXAMPLE.nodes.flatMap((n) => Object.entries(n.credentials ?? {}).map(([type, c]) => ({ type, ...c })));
	await check('examples/ai-agent-tools.json names only credentials the demo defines (id, name, type)', () =>
		named.flatMap((c) => (credentials.some((x) => x.id === c.id && x.name === c.name && x.type === c.type) ? [] : [`${c.type} ${c.id} "${c.name}" is not a demo credential`])),
	);

	const workflows = { responses: EXAMPLE, chat: chatCompletionsVariant(EXAMPLE) };
	const userFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-e2e-agent-'));
	if (process.env.E2E_KEEP !== '1') onCleanup(() => fs.rmSync(userFolder, { recursive: true, force: true }));
	const n8n = await new N8n(install, { userFolder, logFile }).init();
	onCleanup(() => n8n.stop());
	await installPackage(userFolder, tarball, path.join(WORK, 'build.log'));
	const importDir = path.join(userFolder, 'import');
	fs.mkdirSync(path.join(importDir, 'workflows'), { recursive: true });
	fs.writeFileSync(path.join(importDir, 'credentials.json'), JSON.stringify(credentials, null, 2));
	for (const [api, wf] of Object.entries(workflows)) fs.writeFileSync(path.join(importDir, 'workflows', `${api}.json`), JSON.stringify(wf, null, 2));
	await n8n.cli(['import:credentials', `--input=${path.join(importDir, 'credentials.json')}`]);
	await n8n.cli(['import:workflow', '--separate', `--input=${path.join(importDir, 'workflows')}`]);
	const t = Date.now();
	await n8n.start();
	await n8n.setupOwner();
	console.log(`   n8n ${n8n.baseUrl} started in ${((Date.now() - t) / 1000).toFixed(1)} s`);

	await check('both workflows (Responses API, chat completions) import and activate', async () => {
		const problems = [];
		for (const wf of Object.values(workflows)) {
			try {
				await n8n.activate(wf.id);
			} catch (error) {
				problems.push(`${wf.name}: ${error.message}`);
			}
		}
		return problems;
	});

	const descriptions = fromAiDescriptions(EXAMPLE);
	const all = cases({ fakes, keys: FAKE_KEYS, credentials });
	for (const c of all) model.script(c.script, c.steps);
	const schemaSeen = {};

	for (const c of all) {
		if (ONLY && !ONLY.test(c.name)) continue;
		await check(c.name, async () => {
			const problems = [];
			const wf = workflows[c.api];
			const webhook = wf.nodes.find((n) => n.type === 'n8n-nodes-base.webhook');
			const from = Object.fromEntries(Object.entries(fakes).map(([name, f]) => [name, f.requests.length]));
			const after = await n8n.lastExecutionId(wf.id);
			const { res, answerText } = await fire(n8n, webhook.parameters.path, { message: `[script:${c.script}] ${c.message}` });
			if (res.status === 404) return [`webhook /webhook/${webhook.parameters.path} is not registered 15 s after activation`];
			const [execution] = await n8n.waitForExecutions(wf.id, 1, { after, timeoutMs: 60_000 });
			const requests = model.requestsFor(c.script);

			// The conversation: one model request per step, on this workflow's API, each carrying one more tool result.
			if (requests.length !== c.steps.length) problems.push(`the model received ${requests.length} request(s), expected ${c.steps.length}: ${requests.map((r) => `${r.method} ${r.url} ${r.status} ${JSON.stringify(r.decision)}`).join(' | ')}`);
			requests.forEach((r, i) => {
				if (r.api !== c.api) problems.push(`model request ${i + 1} went to ${r.url} (${r.api}), expected the ${c.api} API`);
				if (r.stream) problems.push(`model request ${i + 1} asked for a stream`);
				if (r.toolResults.length !== i) problems.push(`model request ${i + 1} carries ${r.toolResults.length} tool result(s), expected ${i}`);
				if (r.decision?.text?.startsWith('fake OpenAI:')) problems.push(`model request ${i + 1}: ${r.decision.text}`);
				if (r.headers.authorization !== `Bearer ${FAKE_OPENAI_KEY}`) problems.push(`model request ${i + 1}: Authorization ${r.headers.authorization}`);
			});
			// Each tool result answers the call the model made, and names its tool.
			for (let i = 1; i < requests.length; i++) {
				const call = requests[i - 1].decision?.call;
				const result = requests[i].toolResults[i - 1];
				if (call && (result?.callId !== call.callId || result?.name !== call.name)) problems.push(`tool result ${i} answers ${result?.callId} (${result?.name}), the call was ${call.callId} (${call.name})`);
			}
			if (problems.length) return problems;
			schemaSeen[c.api] ??= requests[0];

			// The other providers received nothing.
			for (const [name, fake] of Object.entries(fakes)) if (name !== c.provider && fake.requests.length !== from[name]) problems.push(`${name} received requests it should not have`);
			problems.push(...c.check({ model: requests, from, execution }));

			// n8n: the execution succeeded, the tool node ran once per call, the webhook answered with the model's final text.
			if (execution.status !== 'success') problems.push(`execution ${execution.id} is ${execution.status}: ${execution.data?.resultData?.error?.message ?? ''}`);
			const toolNode = TOOLS[requests[0].decision.call.name]?.node;
			const runs = execution.data?.resultData?.runData?.[toolNode]?.length ?? 0;
			const calls = c.steps.filter((s) => s.call).length;
			if (runs !== calls) problems.push(`${toolNode} ran ${runs} time(s) in the execution, expected ${calls}`);
			if (res.status !== 200) problems.push(`the webhook answered ${res.status}: ${answerText.slice(0, 300)}`);
			else {
				const answer = parseJson(answerText, 'the webhook answer');
				const want = `${QUOTE}${requests.at(-1).toolResults.at(-1).output}`;
				if (answer.output !== want) problems.push(`the agent's answer\n  ${JSON.stringify(answer.output)?.slice(0, 400)}\n  is not the model's final text\n  ${JSON.stringify(want).slice(0, 400)}`);
			}
			return problems;
		});
	}

	for (const api of ['responses', 'chat']) {
		await check(`(d) the tool list the model was sent (${api === 'chat' ? 'chat completions' : 'Responses API'}): four tools, named and described by operation, every $fromAI field with its description, required ones required, Dry Run optional`, () => {
			const record = schemaSeen[api];
			if (!record) return [`no ${api} case ran to the model`];
			return toolListProblems(record, descriptions);
		});
	}
	fs.writeFileSync(path.join(WORK, 'model-requests.json'), JSON.stringify(model.requests.map(({ rawBody, ...r }) => r), null, 2));
}

try {
	await main();
} catch (error) {
	report('suite setup', [error.stack ?? String(error)]);
	const log = path.join(WORK, 'n8n.log');
	if (fs.existsSync(log)) console.log(`\n-- last lines of ${path.relative(ROOT, log)} --\n${fs.readFileSync(log, 'utf8').split('\n').slice(-30).join('\n')}`);
} finally {
	await cleanupAll();
}
const passed = results.filter((r) => r.ok).length;
console.log(`\nagent: ${((Date.now() - started) / 1000).toFixed(0)} s`);
console.log(`${passed} passed, ${results.length - passed} failed`);
process.exit(passed === results.length && results.length > 0 ? 0 : 1);
