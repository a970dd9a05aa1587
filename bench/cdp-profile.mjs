// CPU profile of a running Node process through its inspector, for exactly
// the span of one measured run: `node bench/cdp-profile.mjs <inspector port> <out.cpuprofile>`;
// with a third argument `alloc`, an allocation profile instead (V8's sampling
// heap profiler, objects collected since counted too: what was allocated, by
// function, written as .heapprofile); `promoted`: the same without what
// young-generation collections freed (what reached the old generation). Prints "started" once the profiler
// runs; on SIGTERM it stops, writes the profile and exits. Needs Node 22+ (global WebSocket): run.mjs
// starts it with n8n's Node 24.
import fs from 'node:fs';

const [port, out, kind = 'cpu'] = process.argv.slice(2);
const targets = await (await fetch(`http://127.0.0.1:${port}/json/list`)).json();
const ws = new WebSocket(targets[0].webSocketDebuggerUrl);
await new Promise((resolve, reject) => {
	ws.onopen = resolve;
	ws.onerror = reject;
});
let nextId = 1;
const pending = new Map();
ws.onmessage = (event) => {
	const message = JSON.parse(event.data);
	if (message.id && pending.has(message.id)) {
		pending.get(message.id)(message);
		pending.delete(message.id);
	}
};
const call = (method, params = {}) =>
	new Promise((resolve, reject) => {
		const id = nextId++;
		pending.set(id, (message) => (message.error ? reject(new Error(`${method}: ${message.error.message}`)) : resolve(message.result)));
		ws.send(JSON.stringify({ id, method, params }));
	});

if (kind === 'alloc' || kind === 'promoted') {
	// promoted: objects a young-generation collection freed are left out, so
	// what remains is what lived long enough to reach the old generation.
	await call('HeapProfiler.enable');
	await call('HeapProfiler.startSampling', { samplingInterval: 16384, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: kind === 'alloc' });
} else {
	await call('Profiler.enable');
	await call('Profiler.setSamplingInterval', { interval: 500 });
	await call('Profiler.start');
}
process.stdout.write('started\n');
process.on('SIGTERM', async () => {
	const { profile } = await call(kind !== 'cpu' ? 'HeapProfiler.stopSampling' : 'Profiler.stop');
	fs.writeFileSync(out, JSON.stringify(profile));
	process.stdout.write('stopped\n');
	ws.close();
	process.exit(0);
});
setInterval(() => {}, 60_000);
