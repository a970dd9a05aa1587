#!/usr/bin/env node
// `npm run test:demo`: `npm run demo` as a newcomer runs it (README → "Try it in one command").
// Starts `scripts/dev.mjs --demo` (fresh folder, free ports, no tsc --watch), reads what it prints, fires
// every printed curl, and checks per workflow what the fake provider recorded (method, path, every
// header the credential sets, the exact body: the example's own bytes, accepted by the fake's document
// checks) and what the webhook answered; Dry Run workflows: the preview, and nothing at any provider;
// the Schedule workflow: its event arrives by itself within a minute and a bit. Then Ctrl-C (SIGINT):
// the demo must stop, and every port it listened on must be closed.
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { FAKE_KEYS } from './fakes/index.mjs';
import { loadExamples } from '../../scripts/dev.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const results = [];
const started = Date.now();

function report(name, problems) {
	results.push({ name, ok: problems.length === 0 });
	console.log(`${problems.length === 0 ? 'ok  ' : 'FAIL'} ${name}`);
	for (const p of problems) console.log(`       - ${p}`);
}

async function freePair() {
	for (let attempt = 0; attempt < 20; attempt++) {
		const port = 20000 + Math.floor(Math.random() * 30000);
		if ((await isFree(port)) && (await isFree(port + 2))) return port;
	}
	throw new Error('no free pair of ports');
}

function isFree(port) {
	return new Promise((resolve) => {
		const s = net.createServer();
		s.once('error', () => resolve(false));
		s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
	});
}

const md5 = (text) => crypto.createHash('md5').update(text, 'utf8').digest('hex');

/** Where each example's request goes and the credential headers it must carry (the fakes' keys). */
const EXPECTED = {
	'hackle-track-event': { provider: 'hackle', path: '/v1/track', headers: () => ({ 'x-hackle-api-key': FAKE_KEYS.hackle.sdkKey }) },
	'hackle-send-push': { provider: 'hackle', path: '/v1/push-message/trigger/send', headers: () => ({ 'x-hackle-api-key': FAKE_KEYS.hackle.apiKey }) },
	'adrop-track-event': { provider: 'adrop', path: '/event', headers: () => ({ authorization: FAKE_KEYS.adrop.appKey }) },
	'adrop-track-purchase': { provider: 'adrop', path: '/event', headers: () => ({ authorization: FAKE_KEYS.adrop.appKey }) },
	'traintracks-send-batch': {
		provider: 'traintracks',
		path: '/v1/events',
		headers: (body) => ({ 'x-product-key': FAKE_KEYS.traintracks.productKey, 'x-product-auth': md5(body + FAKE_KEYS.traintracks.productSecret) }),
	},
	'chabok-track-event': { provider: 'chabok', path: '/api/installations/track', headers: () => ({ 'x-access-token': FAKE_KEYS.chabok.accessToken }) },
	'chabok-track-purchase': { provider: 'chabok', path: '/api/installations/trackPurchase', headers: () => ({ 'x-access-token': FAKE_KEYS.chabok.accessToken }) },
};

/** The Schedule example's event (examples/hackle-heartbeat-schedule.json), sent by itself every minute. */
function isHeartbeat(r) {
	if (r.provider !== 'hackle' || r.url !== '/v1/track') return false;
	try {
		return JSON.parse(r.body).event?.key === 'heartbeat';
	} catch {
		return false;
	}
}

/** A printed curl line → { url, body } (the shell quoting the demo uses: '...' with '\'' for a quote). */
function parseCurl(line) {
	const m = /^curl -s -X POST (\S+) -H 'Content-Type: application\/json' -d '(.*)'$/.exec(line);
	if (!m) return undefined;
	return { url: m[1], body: m[2].replaceAll("'\\''", "'") };
}

/** Run dev.mjs with `args` to its end (bounded): exit code and what it printed. */
function runDev(args, timeoutMs = 60_000) {
	return new Promise((resolve) => {
		const child = spawn(process.execPath, [path.join(ROOT, 'scripts', 'dev.mjs'), ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
		let out = '';
		child.stdout.on('data', (d) => (out += d));
		child.stderr.on('data', (d) => (out += d));
		const timer = setTimeout(() => child.kill('SIGTERM'), timeoutMs);
		child.on('exit', (code) => {
			clearTimeout(timer);
			resolve({ code, out });
		});
	});
}

/** Bad setup gets one clear sentence and a non-zero exit, never a stack trace, and nothing is started. */
async function badSetupChecks() {
	const noStack = (out) => (/\n\s+at .+:\d+:\d+/.test(out) ? [`a stack trace was printed: ${out.slice(0, 300)}`] : []);
	{
		const port = await freePair();
		const blocker = net.createServer();
		await new Promise((resolve) => blocker.listen(port, '127.0.0.1', resolve));
		const { code, out } = await runDev(['--demo', '--no-watch', '--port', String(port)]);
		blocker.close();
		const problems = [...noStack(out)];
		if (code === 0) problems.push('exit code 0');
		if (!out.includes(`port ${port} on 127.0.0.1 is in use`) || !out.includes(`npm run demo -- --port ${port + 10}`)) problems.push(`no "port in use" message naming the port and the fix: ${out.slice(0, 300)}`);
		if (/n8n \d+\.\d+\.\d+ with/.test(out)) problems.push('it went on to start n8n');
		report(`demo on a port in use (${port}): one sentence naming the port and a free one to use, exit ${code}, nothing started`, problems);
	}
	{
		const { code, out } = await runDev(['--demo', '--prot', '5690']);
		const problems = [...noStack(out)];
		if (code === 0) problems.push('exit code 0');
		if (!out.includes('unknown option "--prot" (options: --demo, --port N, --no-watch, --fresh)')) problems.push(`no message naming the option and the valid ones: ${out.slice(0, 300)}`);
		report(`demo with a mistyped option: names it and lists the options, exit ${code}`, problems);
	}
}

async function main() {
	await badSetupChecks();
	const port = await freePair();
	const child = spawn(process.execPath, [path.join(ROOT, 'scripts', 'dev.mjs'), '--demo', '--no-watch', '--fresh', '--port', String(port)], {
		cwd: ROOT,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	const lines = [];
	let buffer = '';
	const feed = (chunk) => {
		buffer += chunk.toString('utf8');
		let i;
		while ((i = buffer.indexOf('\n')) >= 0) {
			lines.push(buffer.slice(0, i));
			buffer = buffer.slice(i + 1);
		}
	};
	child.stdout.on('data', feed);
	child.stderr.on('data', feed);
	const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
	const stop = () => {
		try {
			child.kill('SIGINT');
		} catch {
			/* gone */
		}
	};
	process.once('SIGINT', stop);
	process.once('SIGTERM', stop);

	try {
		const deadline = Date.now() + 15 * 60_000; // a cold n8n install included
		while (!lines.some((l) => l.startsWith('Ctrl-C stops everything'))) {
			if (child.exitCode !== null) throw new Error(`the demo exited (code ${child.exitCode}) before it was ready:\n${lines.slice(-30).join('\n')}`);
			if (Date.now() > deadline) throw new Error(`the demo was not ready after 15 minutes:\n${lines.slice(-30).join('\n')}`);
			await new Promise((r) => setTimeout(r, 500));
		}
		const n8nUrl = `http://127.0.0.1:${port}`;
		const pageUrl = `http://127.0.0.1:${port + 2}`;
		report('the demo prints the editor URL, the sign-in and the providers page', [
			...(lines.some((l) => l.startsWith(`n8n is ready: ${n8nUrl}/  sign in as demo@example.com`)) ? [] : ['no "n8n is ready" line with the URL and sign-in']),
			...(lines.some((l) => l.startsWith(`What the providers received: ${pageUrl}/`)) ? [] : ['no providers page line']),
		]);
		const received = async () => await (await fetch(`${pageUrl}/requests.json`)).json();
		// The editor opens on a sign-in page, never on the owner sign-up.
		const login = await fetch(`${n8nUrl}/rest/login`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({ emailOrLdapLoginId: 'demo@example.com', password: 'Demo-Passw0rd' }),
		});
		const settings = await (await fetch(`${n8nUrl}/rest/settings`)).json();
		report('the owner exists (made from the environment): sign-in works, no owner sign-up is asked for', [
			...(login.status === 200 ? [] : [`POST /rest/login answered ${login.status}`]),
			...(settings.data?.userManagement?.showSetupOnFirstLoad === false ? [] : [`settings.userManagement.showSetupOnFirstLoad is ${settings.data?.userManagement?.showSetupOnFirstLoad}`]),
		]);

		const examples = loadExamples();
		const printed = [];
		for (let i = 0; i < lines.length; i++) {
			const head = /^# .*\(examples\/(.+)\.json\)$/.exec(lines[i]);
			if (head) printed.push({ name: head[1], next: lines[i + 1] });
		}
		report('a line for every workflow of examples/', examples.map((e) => e.file.replace(/\.json$/, '')).filter((n) => !printed.some((p) => p.name === n)).map((n) => `${n} is not printed`));

		for (const { name, next } of printed) {
			const curl = parseCurl(next);
			if (!curl) continue;
			const problems = [];
			const before = (await received()).length;
			const res = await fetch(curl.url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: curl.body, signal: AbortSignal.timeout(60_000) });
			const answer = await res.text();
			await new Promise((r) => setTimeout(r, 300));
			// The Schedule workflow's heartbeat (every minute) may land in any curl's window: it is not that curl's.
			const added = (await received()).slice(before).filter((r) => !isHeartbeat(r));
			if (res.status !== 200) problems.push(`the webhook answered ${res.status}: ${answer.slice(0, 300)}`);
			const items = (() => {
				try {
					return [JSON.parse(answer)].flat();
				} catch {
					return [];
				}
			})();
			const dry = name.endsWith('-dry-run');
			const want = EXPECTED[name.replace(/-dry-run$/, '')];
			if (!want) problems.push(`no expectation for ${name}`);
			else if (dry) {
				if (added.length !== 0) problems.push(`Dry Run: the providers received ${added.length} request(s): ${added.map((r) => `${r.provider} ${r.url}`).join(', ')}`);
				if (!items.length || !items.every((i) => i.dryRun === true && i.valid === true)) problems.push(`Dry Run answer is not a preview: ${answer.slice(0, 300)}`);
				const preview = items.find((i) => i.request?.body)?.request;
				if (preview && preview.body !== curl.body) problems.push(`the preview body\n  ${preview.body}\n  is not the example\n  ${curl.body}`);
				if (preview && !preview.url.endsWith(want.path)) problems.push(`the preview URL ${preview.url} does not end in ${want.path}`);
			} else {
				if (added.length !== 1) problems.push(`the providers received ${added.length} request(s), expected 1`);
				const got = added[0];
				if (got) {
					if (got.provider !== want.provider || got.method !== 'POST' || got.url !== want.path) problems.push(`request: ${got.provider} ${got.method} ${got.url}, expected ${want.provider} POST ${want.path}`);
					if (got.body !== curl.body) problems.push(`body\n  got      ${got.body}\n  expected ${curl.body}`);
					for (const [k, v] of Object.entries(want.headers(curl.body))) if (got.headers[k] !== v) problems.push(`header ${k}: ${got.headers[k]}, expected ${v}`);
					if (got.headers['content-type'] !== 'application/json') problems.push(`content-type ${got.headers['content-type']}`);
					if (got.status !== 200) problems.push(`the fake answered ${got.status}: ${got.answer}`);
				}
				if (!items.length || !items.every((i) => i.success === true)) problems.push(`the webhook's answer is not success items: ${answer.slice(0, 300)}`);
			}
			report(`${name}: the printed curl ${dry ? 'previews the documented request, nothing sent' : 'delivers the documented request'}`, problems);
		}

		// The Schedule workflow (every minute) fires by itself.
		const scheduled = printed.find((p) => /schedule/.test(p.name));
		if (scheduled) {
			const until = Date.now() + 75_000;
			let heartbeat;
			while (!heartbeat && Date.now() < until) {
				heartbeat = (await received()).find(isHeartbeat);
				if (!heartbeat) await new Promise((r) => setTimeout(r, 1000));
			}
			const problems = [];
			if (!heartbeat) problems.push('no heartbeat event at Hackle within 75 s');
			else {
				const body = JSON.parse(heartbeat.body);
				if (body.user?.userId !== 'n8n-scheduler' || typeof body.event?.properties?.firedAt !== 'string') problems.push(`body ${heartbeat.body}`);
				if (heartbeat.status !== 200) problems.push(`the fake answered ${heartbeat.status}`);
			}
			report(`${scheduled.name}: the Schedule workflow sends its event by itself`, problems);
		}

		const html = await (await fetch(`${pageUrl}/`)).text();
		report('the providers page lists what they received', html.includes('/v1/events') && html.includes('/api/installations/trackPurchase') ? [] : ['the page lacks the requests sent']);
	} finally {
		stop();
		const outcome = await Promise.race([exited, new Promise((r) => setTimeout(() => r(undefined), 60_000))]);
		const problems = [];
		if (!outcome) {
			problems.push('the demo did not stop within 60 s of Ctrl-C');
			child.kill('SIGKILL');
		}
		for (const p of [port, port + 2]) if (!(await isFree(p))) problems.push(`port ${p} still in use after the demo stopped`);
		report('Ctrl-C stops the demo and everything it started (ports closed)', problems);
	}
}

try {
	await main();
} catch (error) {
	report('demo', [error.message]);
}
const passed = results.filter((r) => r.ok).length;
console.log(`\ndemo: ${((Date.now() - started) / 1000).toFixed(0)} s`);
console.log(`${passed} passed, ${results.length - passed} failed`);
process.exit(passed === results.length ? 0 : 1);
