#!/usr/bin/env node
// `npm run test:e2e:versions`: the end-to-end suite (run.mjs) on the compatibility
// matrix, one version after the other, each from its own cache folder
// (~/.cache/n8n-nodes-event-tracking/n8n-<version>; a version not there yet is
// installed first, 2-10 minutes of CPU): the pinned 2.x, the newest 2.x that
// installs, the newest 1.x and the lowest 1.x the README claims (lib/install.mjs).
// `npm run test:e2e:newest` (--newest) runs only the newest 2.x, `npm run test:e2e:1x`
// (--1x) only the newest 1.x. On 1.x the editor phase is skipped (its UI differs
// from the 2.x editor lib/editor.mjs drives); E2E_SKIP_EDITOR=0 forces it.
// Environment: E2E_VERSIONS (comma-separated), and what run.mjs reads.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { LOWEST_N8N_VERSION, NEWEST_1X_N8N_VERSION, NEWEST_N8N_VERSION, PINNED_N8N_VERSION } from './lib/install.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const fallback = process.argv.includes('--newest')
	? NEWEST_N8N_VERSION
	: process.argv.includes('--1x')
		? NEWEST_1X_N8N_VERSION
		: [PINNED_N8N_VERSION, NEWEST_N8N_VERSION, NEWEST_1X_N8N_VERSION, LOWEST_N8N_VERSION].join(',');
const versions = (process.env.E2E_VERSIONS ?? fallback).split(',').map((v) => v.trim()).filter(Boolean);

let child;
for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => child?.kill(signal));

const outcomes = [];
for (const version of versions) {
	console.log(`\n######## n8n ${version}`);
	// N8N_E2E_CACHE would point every version at one folder: each gets its own.
	const { N8N_E2E_CACHE: _ignored, ...env } = process.env;
	const skipEditor = version.startsWith('1.') && env.E2E_SKIP_EDITOR === undefined ? { E2E_SKIP_EDITOR: '1' } : {};
	if (skipEditor.E2E_SKIP_EDITOR) console.log('(n8n 1.x: editor phase skipped)');
	const started = Date.now();
	const code = await new Promise((resolve) => {
		child = spawn(process.execPath, [path.join(HERE, 'run.mjs')], { stdio: 'inherit', env: { ...env, ...skipEditor, N8N_E2E_VERSION: version } });
		child.on('exit', (c, signal) => resolve(c ?? (signal ? 1 : 0)));
	});
	outcomes.push([version, code, (Date.now() - started) / 1000]);
}
console.log('\nn8n versions:');
for (const [version, code, seconds] of outcomes) console.log(`  ${code === 0 ? 'ok  ' : 'FAIL'} n8n ${version} (${seconds.toFixed(0)} s)`);
process.exit(outcomes.every(([, code]) => code === 0) ? 0 : 1);
