/**
 * The delivery engine's memory rules (issue 18), seen from the requests it
 * sends: each request's body is built just before it is sent and not kept
 * after its answer, at most Concurrency bodies exist at once, payloads go
 * once their body is built when the output does not need them, and bodies
 * assembled across items are all built and checked before anything is sent.
 * The engine runs here with a fake execution context and a fake sender that
 * records every call; the nodes' own requests are checked byte for byte in
 * wire-record.test.ts and output.test.ts.
 */
import type { IDataObject, IExecuteFunctions, INode, INodeExecutionData } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import type { Entry } from '../nodes/shared/batches';
import type { Connection } from '../nodes/shared/connection';
import type { DeliverySpec } from '../nodes/shared/engine';
import { deliver } from '../nodes/shared/engine';
import type { HttpCall } from '../nodes/shared/http';
import { DEFAULT_SETTINGS } from '../nodes/shared/options';
import type { NodeOptions } from '../nodes/shared/options';
import { standardOutput } from '../nodes/shared/output';
import type { ParameterReader } from '../nodes/shared/params';

type Payload = { n: number } | undefined;

const NODE: INode = { id: 'n', name: 'Test', type: 'test', typeVersion: 1, position: [0, 0], parameters: {} };

function context(itemCount: number, continueOnFail = false): IExecuteFunctions {
	const items: INodeExecutionData[] = Array.from({ length: itemCount }, (_, i) => ({ json: { n: i } }));
	return {
		getNode: () => NODE,
		getInputData: () => items,
		continueOnFail: () => continueOnFail,
		logger: { debug: () => {} },
		getExecutionCancelSignal: () => undefined,
	} as unknown as IExecuteFunctions;
}

/** A sender that records every call and answers each one `answer` ms later, noting what was built and not yet answered. */
function recorder(events: string[], answerMs = 0) {
	let open = 0;
	let mostOpen = 0;
	const sent: HttpCall[] = [];
	const connection: Connection = {
		credentials: {},
		secrets: [],
		preview: async () => await Promise.reject(new Error('no preview here')),
		send: async (call) => {
			sent.push(call);
			events.push(`send ${call.url}`);
			await sleep(answerMs);
			events.push(`answer ${call.url}`);
			open--;
			return { statusCode: 200, headers: {}, body: { ok: call.url }, rawBody: JSON.stringify({ ok: call.url }) };
		},
	};
	return {
		connection,
		sent,
		built: () => {
			open++;
			mostOpen = Math.max(mostOpen, open);
		},
		mostOpen: () => mostOpen,
	};
}

function spec(
	over: Partial<DeliverySpec<Payload>> & { connection: Connection },
	options: Partial<NodeOptions> = {},
): DeliverySpec<Payload> {
	return {
		provider: 'Test',
		params: undefined as unknown as ParameterReader,
		options: { ...DEFAULT_SETTINGS, includeSent: true, ...options } as NodeOptions,
		prepare: (i): Array<Entry<Payload>> => [{ itemIndex: i, payload: { n: i } }],
		maxPerRequest: 2,
		buildCall: (entries) => ({ url: `/r${entries[0].itemIndex / 2 + 1}`, body: entries.map((e) => e.payload) }),
		output: (_i, delivered) => standardOutput(delivered),
		...over,
	};
}

describe('delivery engine: memory of a large run (issue 18)', () => {
	it('builds each request body just before sending it and keeps none after its answer', async () => {
		const events: string[] = [];
		const r = recorder(events);
		const seenCalls: unknown[] = [];
		const output = await deliver(
			context(5),
			spec(
				{
					connection: r.connection,
					buildCall: (entries) => {
						events.push(`build /r${entries[0].itemIndex / 2 + 1}`);
						return { url: `/r${entries[0].itemIndex / 2 + 1}`, body: entries.map((e) => e.payload) };
					},
					output: (_i, delivered) => {
						seenCalls.push(...delivered.map((d) => d.batch.call));
						return standardOutput(delivered);
					},
				},
				{ concurrency: 1 },
			),
		);
		expect(events).toEqual(['build /r1', 'send /r1', 'answer /r1', 'build /r2', 'send /r2', 'answer /r2', 'build /r3', 'send /r3', 'answer /r3']);
		expect(r.sent.map((call) => call.body)).toEqual(['[{"n":0},{"n":1}]', '[{"n":2},{"n":3}]', '[{"n":4}]']);
		expect(seenCalls).toEqual([undefined, undefined, undefined, undefined, undefined]);
		expect(output.map((item) => item.json.sent)).toEqual([0, 1, 2, 3, 4].map((n) => ({ n })));
	});

	it('holds at most Concurrency built bodies that are not yet answered', async () => {
		const events: string[] = [];
		const r = recorder(events, 5);
		await deliver(
			context(40),
			spec(
				{
					connection: r.connection,
					buildCall: (entries) => {
						r.built();
						return { url: `/r${entries[0].itemIndex / 2 + 1}`, body: entries.map((e) => e.payload) };
					},
				},
				{ concurrency: 3 },
			),
		);
		expect(r.sent).toHaveLength(20);
		expect(r.mostOpen()).toBe(3);
	});

	it('with Include Sent Payload off lets go of a request payloads once its body is built, and sends the same bytes', async () => {
		const events: string[] = [];
		const r = recorder(events);
		const built: Array<Array<Entry<Payload>>> = [];
		const atSend: Array<Array<Payload>> = [];
		const send = r.connection.send;
		r.connection.send = async (call, timeoutMs) => {
			atSend.push(built.flat().map((entry) => entry.payload));
			return await send(call, timeoutMs);
		};
		const output = await deliver(
			context(4),
			spec(
				{
					connection: r.connection,
					payloadOnlyInSent: true,
					buildCall: (entries) => {
						built.push(entries);
						return { url: `/r${entries[0].itemIndex / 2 + 1}`, body: entries.map((e) => e.payload) };
					},
				},
				{ concurrency: 1, includeSent: false },
			),
		);
		expect(r.sent.map((call) => call.body)).toEqual(['[{"n":0},{"n":1}]', '[{"n":2},{"n":3}]']);
		expect(atSend).toEqual([
			[undefined, undefined],
			[undefined, undefined, undefined, undefined],
		]);
		expect(output.map((item) => item.json)).toEqual([
			{ success: true, statusCode: 200, response: { ok: '/r1' }, request: { number: 1, of: 2, entries: 2, attempts: 1 } },
			{ success: true, statusCode: 200, response: { ok: '/r1' }, request: { number: 1, of: 2, entries: 2, attempts: 1 } },
			{ success: true, statusCode: 200, response: { ok: '/r2' }, request: { number: 2, of: 2, entries: 2, attempts: 1 } },
			{ success: true, statusCode: 200, response: { ok: '/r2' }, request: { number: 2, of: 2, entries: 2, attempts: 1 } },
		]);
	});

	it('keeps the payloads while the output needs them (Include Sent Payload on)', async () => {
		const r = recorder([]);
		const output = await deliver(context(3), spec({ connection: r.connection, payloadOnlyInSent: true }, { concurrency: 1 }));
		expect(output.map((item) => item.json.sent)).toEqual([{ n: 0 }, { n: 1 }, { n: 2 }]);
	});

	it('items of one request share one request object; each request has its own', async () => {
		const r = recorder([]);
		const output = await deliver(context(4), spec({ connection: r.connection }, { concurrency: 2 }));
		const [a, b, c, d] = output.map((item) => item.json.request as IDataObject);
		expect(a).toBe(b);
		expect(c).toBe(d);
		expect(a).not.toBe(c);
		expect([a, c]).toEqual([
			{ number: 1, of: 2, entries: 2, attempts: 1 },
			{ number: 2, of: 2, entries: 2, attempts: 1 },
		]);
	});

	it('bodies assembled across items (buildFirst) are all built and checked before anything is sent; a refused one fails its items and nothing of it is sent', async () => {
		const events: string[] = [];
		const r = recorder(events);
		const output = await deliver(
			context(6, true),
			spec(
				{
					connection: r.connection,
					buildFirst: true,
					buildCall: (entries) => {
						const url = `/r${entries[0].itemIndex / 2 + 1}`;
						events.push(`build ${url}`);
						if (url === '/r2') throw new Error('the order lines disagree');
						return { url, body: entries.map((e) => e.payload) };
					},
				},
				{ concurrency: 1 },
			),
		);
		expect(events.slice(0, 3)).toEqual(['build /r1', 'build /r2', 'build /r3']);
		expect(r.sent.map((call) => call.url)).toEqual(['/r1', '/r3']);
		expect(output.map((item) => item.json.success)).toEqual([true, true, false, false, true, true]);
		expect(output[2].json.error).toContain('the order lines disagree');
	});

	it('without buildFirst, a body refused when it is built fails its items as not sent, and the others are delivered', async () => {
		const r = recorder([]);
		const output = await deliver(
			context(6, true),
			spec(
				{
					connection: r.connection,
					buildCall: (entries) => {
						const url = `/r${entries[0].itemIndex / 2 + 1}`;
						if (url === '/r2') throw new Error('users must not be empty');
						return { url, body: entries.map((e) => e.payload) };
					},
				},
				{ concurrency: 1 },
			),
		);
		expect(r.sent.map((call) => call.url)).toEqual(['/r1', '/r3']);
		expect(output.map((item) => item.json.success)).toEqual([true, true, false, false, true, true]);
		expect(output[2].json.error).toBe(
			'Item 2 was not sent to Test: its request failed the check before sending (users must not be empty) (request 2 of 3, 2 entries)',
		);
	});
});
