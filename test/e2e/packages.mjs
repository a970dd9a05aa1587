#!/usr/bin/env node
// `npm run test:e2e:packages`: each per-provider package (scripts/build-packages.mjs)
// installed alone into a fresh n8n user folder, through run.mjs with
// E2E_PACKAGE=n8n-nodes-<node>: n8n export:nodes and the credential types show
// its node and credential and nothing of the other providers, and its
// provider's workflows (the documents' examples, webhook and schedule, the
// failures) run end to end against the fakes. Then both.mjs: the all-in-one and
// n8n-nodes-hackle installed together, and a workflow moved between them.
//
// Environment: E2E_PACKAGES=hackle,adrop (default: all four), E2E_SKIP_BOTH=1,
// E2E_SKIP_EDITOR (default 1 here: the editor is checked by test:e2e),
// N8N_E2E_VERSION, N8N_E2E_CACHE as for run.mjs. About 1 minute per package
// and 1.5 minutes for both.mjs, with n8n already in the cache.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ALL = ['hackle', 'adrop', 'traintracks', 'chabok'];
const selected = (process.env.E2E_PACKAGES ?? ALL.join(','))
	.split(',')
	.map((s) => s.trim().replace(/^n8n-nodes-/, ''))
	.filter(Boolean);
const unknown = selected.filter((s) => !ALL.includes(s));
if (unknown.length > 0) {
	console.error(`E2E_PACKAGES: unknown ${unknown.join(', ')} (one of ${ALL.join(', ')})`);
	process.exit(2);
}

let child;
for (const signal of ['SIGINT', 'SIGTERM']) {
	process.once(signal, () => {
		// The child (run.mjs / both.mjs) traps the signal and stops its own n8n and fakes.
		child?.kill(signal);
	});
}

function runScript(script, env) {
	return new Promise((resolve) => {
		child = spawn(process.execPath, [path.join(HERE, script)], { stdio: 'inherit', env: { ...process.env, ...env } });
		child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
	});
}

const started = Date.now();
const outcomes = [];
for (const name of selected) {
	const pkg = `n8n-nodes-${name}`;
	console.log(`\n######## ${pkg}, installed alone`);
	const code = await runScript('run.mjs', { E2E_PACKAGE: pkg, E2E_SKIP_EDITOR: process.env.E2E_SKIP_EDITOR ?? '1' });
	outcomes.push([pkg, code]);
}
if (process.env.E2E_SKIP_BOTH !== '1') {
	console.log('\n######## n8n-nodes-event-tracking and n8n-nodes-hackle installed together');
	outcomes.push(['both installed (both.mjs)', await runScript('both.mjs', {})]);
}
console.log(`\nper-provider packages (${((Date.now() - started) / 1000).toFixed(0)} s):`);
for (const [name, code] of outcomes) console.log(`  ${code === 0 ? 'ok  ' : 'FAIL'} ${name}`);
process.exit(outcomes.every(([, code]) => code === 0) ? 0 : 1);
