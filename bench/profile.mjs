// Where the time goes: a summary of a V8 .cpuprofile (from cdp-profile.mjs,
// or node --cpu-prof): self time by component (this package's files, zod,
// n8n-workflow's expression engine, n8n-core, the HTTP stack, GC, idle) and
// the functions with the most self time, and the inclusive time of this
// package's entry points. `node bench/profile.mjs <file.cpuprofile>`. An
// allocation profile (.heapprofile, BENCH_PROFILE_KIND=alloc) is summarized
// the same way in bytes allocated (summarizeAllocationFile).
import fs from 'node:fs';

const PACKAGE = '/node_modules/n8n-nodes-event-tracking/dist/';

/** Which component a frame's script belongs to. */
export function component(url, functionName) {
	if (!url) {
		if (functionName === '(garbage collector)') return 'GC';
		if (functionName === '(idle)') return 'idle';
		if (functionName === '(program)') return 'V8/native (program)';
		return `native ${functionName || '(anonymous)'}`;
	}
	if (url.includes(PACKAGE)) return `this package: ${url.slice(url.indexOf(PACKAGE) + PACKAGE.length)}`;
	const nm = url.lastIndexOf('/node_modules/');
	if (nm >= 0) {
		const rest = url.slice(nm + 14).split('/');
		const name = rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
		if (name === 'n8n-workflow') {
			const file = rest.slice(rest.indexOf('dist') + 1).join('/');
			return /expression|workflow-data-proxy|tournament|extensions/i.test(file) ? 'n8n-workflow (expressions)' : 'n8n-workflow (other)';
		}
		if (name === 'n8n-nodes-base') return `n8n-nodes-base: ${rest.slice(-2).join('/')}`;
		if (name === '@n8n/backend-network' && rest.includes('axios') && rest[rest.indexOf('axios') - 1] === 'node_modules') return 'axios';
		return name;
	}
	if (url.startsWith('node:')) return `node: ${url.slice(5).split('/')[0]}`;
	return url;
}

export function summarizeProfileFile(file, { top = 35 } = {}) {
	const profile = JSON.parse(fs.readFileSync(file, 'utf8'));
	const byId = new Map(profile.nodes.map((node) => [node.id, node]));
	const parent = new Map();
	for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
	const self = new Map();
	profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
	const total = [...self.values()].reduce((a, b) => a + b, 0);

	const byComponent = new Map();
	const byFunction = new Map();
	for (const [id, us] of self) {
		const { callFrame } = byId.get(id);
		const comp = component(callFrame.url, callFrame.functionName);
		byComponent.set(comp, (byComponent.get(comp) ?? 0) + us);
		const key = `${callFrame.functionName || '(anonymous)'}  ${comp.startsWith('this package') ? comp.slice(14) : comp}:${callFrame.lineNumber + 1}`;
		byFunction.set(key, (byFunction.get(key) ?? 0) + us);
	}

	// Inclusive time of this package's functions: a sample counts once per function on its stack.
	const inclusive = new Map();
	profile.samples.forEach((id, i) => {
		const seen = new Set();
		for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
			const { callFrame } = byId.get(cur);
			if (!callFrame.url.includes(PACKAGE)) continue;
			const key = `${callFrame.functionName || '(anonymous)'}  ${callFrame.url.slice(callFrame.url.indexOf(PACKAGE) + PACKAGE.length)}:${callFrame.lineNumber + 1}`;
			if (seen.has(key)) continue;
			seen.add(key);
			inclusive.set(key, (inclusive.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0));
		}
	});

	const busy = total - (byComponent.get('idle') ?? 0);
	const pct = (us) => `${((us / busy) * 100).toFixed(1).padStart(5)}%`;
	const ms = (us) => `${(us / 1000).toFixed(0).padStart(7)} ms`;
	const out = [];
	out.push(`profile ${file}: ${(total / 1e6).toFixed(2)} s sampled, ${(busy / 1e6).toFixed(2)} s busy (percentages of busy time)`);
	out.push('\nself time by component:');
	for (const [comp, us] of [...byComponent].filter(([c]) => c !== 'idle').sort((a, b) => b[1] - a[1]).slice(0, 30)) out.push(`${ms(us)} ${pct(us)}  ${comp}`);
	out.push(`\nfunctions with the most self time (top ${top}):`);
	for (const [fn, us] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, top)) out.push(`${ms(us)} ${pct(us)}  ${fn}`);
	out.push('\nthis package, inclusive time (the function and everything it called):');
	for (const [fn, us] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, 25)) out.push(`${ms(us)} ${pct(us)}  ${fn}`);
	return out.join('\n');
}

/**
 * Bytes allocated during the run (objects since collected included), by
 * component, by function (self), and this package's functions inclusive.
 */
export function summarizeAllocationFile(file, { top = 35 } = {}) {
	const { head } = JSON.parse(fs.readFileSync(file, 'utf8'));
	const byComponent = new Map();
	const byFunction = new Map();
	const inclusive = new Map();
	let total = 0;
	const add = (map, key, bytes) => map.set(key, (map.get(key) ?? 0) + bytes);
	const keyOf = ({ functionName, url, lineNumber }) => {
		const comp = component(url, functionName);
		return `${functionName || '(anonymous)'}  ${comp.startsWith('this package') ? comp.slice(14) : comp}:${lineNumber + 1}`;
	};
	// Each node's inclusive bytes; a package function counted once per path (recursion).
	const walk = (node, packageOnPath) => {
		let bytes = node.selfSize;
		const { callFrame } = node;
		const isOurs = callFrame.url.includes(PACKAGE);
		const key = isOurs ? keyOf(callFrame) : undefined;
		const onPath = isOurs && !packageOnPath.has(key) ? new Set([...packageOnPath, key]) : packageOnPath;
		for (const child of node.children ?? []) bytes += walk(child, onPath);
		if (isOurs && !packageOnPath.has(key)) add(inclusive, key, bytes);
		total += node.selfSize;
		add(byComponent, component(callFrame.url, callFrame.functionName), node.selfSize);
		add(byFunction, keyOf(callFrame), node.selfSize);
		return bytes;
	};
	walk(head, new Set());
	const mb = (bytes) => `${(bytes / 2 ** 20).toFixed(1).padStart(8)} MB`;
	const pct = (bytes) => `${((bytes / total) * 100).toFixed(1).padStart(5)}%`;
	const out = [`allocation profile ${file}: ${mb(total).trim()} allocated (sampled; objects since collected included)`];
	out.push('\nallocated by component (self):');
	for (const [comp, bytes] of [...byComponent].sort((a, b) => b[1] - a[1]).slice(0, 25)) out.push(`${mb(bytes)} ${pct(bytes)}  ${comp}`);
	out.push(`\nfunctions allocating the most (self, top ${top}):`);
	for (const [fn, bytes] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, top)) out.push(`${mb(bytes)} ${pct(bytes)}  ${fn}`);
	out.push('\nthis package, inclusive (the function and everything it called):');
	for (const [fn, bytes] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, 25)) out.push(`${mb(bytes)} ${pct(bytes)}  ${fn}`);
	return out.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
	for (const file of process.argv.slice(2)) console.log(file.endsWith('.heapprofile') ? summarizeAllocationFile(file) : summarizeProfileFile(file));
}
