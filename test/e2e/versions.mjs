#!/usr/bin/env node
// `npm run test:e2e:versions`: the end-to-end suite (run.mjs) on the pinned n8n
// and on the newest that installs (lib/install.mjs), one after the other, each
// from its own cache folder (~/.cache/n8n-nodes-event-tracking/n8n-<version>;
// a version not there yet is installed first, about 10 minutes of CPU).
// `npm run test:e2e:newest` (--newest) runs only the newest. Environment: E2E_VERSIONS
// (comma-separated, default "<pinned>,<newest>"), and what run.mjs reads.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { NEWEST_N8N_VERSION, PINNED_N8N_VERSION } from './lib/install.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const fallback = process.argv.includes('--newest') ? NEWEST_N8N_VERSION : `${PINNED_N8N_VERSION},${NEWEST_N8N_VERSION}`;
const versions = (process.env.E2E_VERSIONS ?? fallback).split(',').map((v) => v.trim()).filter(Boolean);

let child;
for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => child?.kill(signal));

const outcomes = [];
for (const version of versions) {
	console.log(`\n######## n8n ${version}`);
	// N8N_E2E_CACHE would point every version at one folder: each gets its own.
	const { N8N_E2E_CACHE: _ignored, ...env } = process.env;
	const code = await new Promise((resolve) => {
		child = spawn(process.execPath, [path.join(HERE, 'run.mjs')], { stdio: 'inherit', env: { ...env, N8N_E2E_VERSION: version } });
		child.on('exit', (c, signal) => resolve(c ?? (signal ? 1 : 0)));
	});
	outcomes.push([version, code]);
}
console.log('\nn8n versions:');
for (const [version, code] of outcomes) console.log(`  ${code === 0 ? 'ok  ' : 'FAIL'} n8n ${version}`);
process.exit(outcomes.every(([, code]) => code === 0) ? 0 : 1);
