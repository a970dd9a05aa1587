// A fake OpenAI-compatible model server on 127.0.0.1, for n8n's OpenAI Chat Model (lmChatOpenAi, through
// the openAiApi credential's Base URL) under the AI Agent. It speaks the two APIs that node uses:
//   POST /v1/responses          the Responses API (the node's default, "Use Responses API" on)
//   POST /v1/chat/completions   Chat Completions ("Use Responses API" off)
//   GET  /v1/models             the model list (the credential test, the editor's model list)
// JSON answers only: a request with `stream: true` gets a 400 naming the problem (n8n asks for a stream only
// when its trigger streams; the e2e workflows do not).
//
// The model is scripted: a script is chosen by a tag in the user's message, `[script:NAME]`, and is a list
// of steps; step i answers the request that carries i tool results (function_call_output items / role
// "tool" messages), so the conversation n8n sends back decides the step, not the order requests arrive in.
// A step is { call: { tool, args } } (a tool call to the first tool of the request's tool list whose name
// matches `tool`, a RegExp or a string; `args` an object or a function of the conversation) or
// { say: text | (conversation) => text } (the final answer). A request without a known tag, or a step
// naming a tool the request does not offer, is answered with a text that says so (so a test fails on it).
//
// Every request is recorded: { seq, at, method, url, headers, rawBody, body, api, stream, tools, user,
// toolResults, step, status, answer } with the tools and the tool results normalised over both APIs:
//   tools:       [{ name, description, parameters }]
//   toolResults: [{ callId, name, output }]   (name: of the call the result answers)
//   user:        the text of the last user message
import http from 'node:http';

import { closeServer } from '../lib/procs.mjs';

export const FAKE_OPENAI_KEY = 'e2e-openai-key-not-real';
export const FAKE_MODEL = 'gpt-fake-e2e';

function textOf(content) {
	if (typeof content === 'string') return content;
	if (Array.isArray(content)) return content.map((part) => (typeof part === 'string' ? part : (part?.text ?? ''))).join('');
	return '';
}

/** The conversation of a request, the same for both APIs. */
export function conversation(api, body) {
	const tools = (body.tools ?? []).map((t) =>
		api === 'responses' ? { name: t.name, description: t.description, parameters: t.parameters } : { name: t.function?.name, description: t.function?.description, parameters: t.function?.parameters },
	);
	const calls = new Map();
	const toolResults = [];
	let user = '';
	let system = '';
	if (api === 'responses') {
		const input = typeof body.input === 'string' ? [{ role: 'user', content: body.input }] : (body.input ?? []);
		if (body.instructions) system = body.instructions;
		for (const item of input) {
			if (item.type === 'function_call') calls.set(item.call_id, item.name);
			else if (item.type === 'function_call_output') toolResults.push({ callId: item.call_id, name: calls.get(item.call_id), output: textOf(item.output) });
			else if (item.role === 'user') user = textOf(item.content);
			else if (item.role === 'system' || item.role === 'developer') system = textOf(item.content);
		}
	} else {
		for (const m of body.messages ?? []) {
			if (m.role === 'assistant') for (const c of m.tool_calls ?? []) calls.set(c.id, c.function?.name);
			if (m.role === 'tool') toolResults.push({ callId: m.tool_call_id, name: calls.get(m.tool_call_id), output: textOf(m.content) });
			else if (m.role === 'user') user = textOf(m.content);
			else if (m.role === 'system' || m.role === 'developer') system = textOf(m.content);
		}
	}
	return { tools, toolResults, user, system };
}

export class FakeOpenAi {
	constructor({ apiKey = FAKE_OPENAI_KEY, scripts = {} } = {}) {
		this.apiKey = apiKey;
		this.scripts = { ...scripts };
		this.requests = [];
		this.seq = 0;
	}

	/** Add or replace the script run for user messages tagged `[script:<name>]`. */
	script(name, steps) {
		this.scripts[name] = steps;
	}

	/** Requests whose user message carries `[script:<name>]`. */
	requestsFor(name) {
		return this.requests.filter((r) => r.user?.includes(`[script:${name}]`));
	}

	async start(port = 0) {
		this.server = http.createServer((req, res) => this.handle(req, res));
		await new Promise((resolve, reject) => {
			this.server.once('error', reject);
			this.server.listen(port, '127.0.0.1', resolve);
		});
		this.port = this.server.address().port;
		this.baseUrl = `http://127.0.0.1:${this.port}/v1`;
		return this;
	}

	async stop() {
		if (!this.server) return;
		await closeServer(this.server);
		this.server = undefined;
	}

	handle(req, res) {
		const chunks = [];
		req.on('data', (c) => chunks.push(c));
		req.on('end', () => {
			const rawBody = Buffer.concat(chunks).toString('utf8');
			const record = { seq: ++this.seq, at: new Date().toISOString(), method: req.method, url: req.url, headers: req.headers, rawBody };
			this.requests.push(record);
			const send = (status, json) => {
				record.status = status;
				record.answer = json;
				res.writeHead(status, { 'Content-Type': 'application/json' });
				res.end(JSON.stringify(json));
			};
			const path = req.url.split('?')[0];
			if (req.headers.authorization !== `Bearer ${this.apiKey}`) {
				return send(401, { error: { message: 'Incorrect API key provided (fake OpenAI)', type: 'invalid_request_error', param: null, code: 'invalid_api_key' } });
			}
			if (req.method === 'GET' && path === '/v1/models') {
				return send(200, { object: 'list', data: [{ id: FAKE_MODEL, object: 'model', created: 1700000000, owned_by: 'fake' }] });
			}
			const api = path === '/v1/responses' ? 'responses' : path === '/v1/chat/completions' ? 'chat' : undefined;
			if (req.method !== 'POST' || !api) return send(404, { error: { message: `fake OpenAI: no route ${req.method} ${path}`, type: 'invalid_request_error' } });
			let body;
			try {
				body = JSON.parse(rawBody);
			} catch {
				return send(400, { error: { message: 'fake OpenAI: the body is not JSON', type: 'invalid_request_error' } });
			}
			record.body = body;
			record.api = api;
			record.stream = body.stream === true;
			Object.assign(record, conversation(api, body));
			if (record.stream) return send(400, { error: { message: 'fake OpenAI: stream: true is not supported (the fake answers JSON only)', type: 'invalid_request_error' } });
			return send(200, this.answer(api, body, record));
		});
	}

	/** The scripted step for this request: a tool call or a final text. */
	decide(record) {
		const tag = /\[script:([\w.-]+)\]/.exec(record.user ?? '')?.[1];
		const steps = tag && this.scripts[tag];
		if (!steps) return { text: `fake OpenAI: no script for this message (tag ${tag ?? 'none'}): ${record.user}` };
		record.script = tag;
		record.step = record.toolResults.length;
		const step = steps[record.step];
		if (!step) return { text: `fake OpenAI: script ${tag} has no step ${record.step}` };
		if (step.say !== undefined) return { text: typeof step.say === 'function' ? step.say(record) : step.say };
		const match = (name) => (step.call.tool instanceof RegExp ? step.call.tool.test(name) : name === step.call.tool);
		const tool = record.tools.find((t) => match(t.name));
		if (!tool) return { text: `fake OpenAI: script ${tag} step ${record.step} wants a tool ${step.call.tool}, the request offers ${record.tools.map((t) => t.name).join(', ') || 'none'}` };
		const args = typeof step.call.args === 'function' ? step.call.args(record) : step.call.args;
		return { call: { name: tool.name, args, callId: `call_${tag.replace(/\W/g, '')}_${record.step}_${record.seq}` } };
	}

	answer(api, body, record) {
		const decision = this.decide(record);
		record.decision = decision;
		const model = body.model ?? FAKE_MODEL;
		const created = Math.floor(Date.now() / 1000);
		if (api === 'responses') {
			const output = decision.call
				? [{ type: 'function_call', id: `fc_${record.seq}`, call_id: decision.call.callId, name: decision.call.name, arguments: JSON.stringify(decision.call.args), status: 'completed' }]
				: [{ type: 'message', id: `msg_${record.seq}`, role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: decision.text, annotations: [] }] }];
			return {
				id: `resp_${record.seq}`,
				object: 'response',
				created_at: created,
				status: 'completed',
				error: null,
				incomplete_details: null,
				model,
				output,
				parallel_tool_calls: true,
				tool_choice: 'auto',
				tools: body.tools ?? [],
				text: { format: { type: 'text' } },
				usage: { input_tokens: 10, input_tokens_details: { cached_tokens: 0 }, output_tokens: 5, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: 15 },
			};
		}
		const message = decision.call
			? { role: 'assistant', content: null, tool_calls: [{ id: decision.call.callId, type: 'function', function: { name: decision.call.name, arguments: JSON.stringify(decision.call.args) } }] }
			: { role: 'assistant', content: decision.text };
		return {
			id: `chatcmpl-${record.seq}`,
			object: 'chat.completion',
			created,
			model,
			choices: [{ index: 0, message, logprobs: null, finish_reason: decision.call ? 'tool_calls' : 'stop' }],
			usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
		};
	}
}
