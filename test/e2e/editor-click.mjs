#!/usr/bin/env node
// `npm run test:e2e:editor` (issue #25 part 3): the editor by clicking, as a low-code user builds a workflow.
// For one operation per provider, from an empty canvas in Debian's chromium (playwright-core, no downloaded
// browser): the node panel searched by name, the action picked (n8n adds the Manual Trigger), Resource and
// Operation chosen in their dropdowns, the required fields typed, one Additional Field / Option added, the
// credential created in the credential modal against the fake provider's base URL and its test seen passing
// ("Connection tested successfully"), Execute step, the output panel's item read (success, statusCode,
// sent). Then a bad value: the error in the output panel names the field; then Options → Dry Run: the
// request previewed in the output panel, nothing sent. The fake provider must have
// received exactly the expected request for the good run (method, path, every header, the exact body),
// besides the credential test's probes, and nothing for the bad run.
//
// Screenshots of each step (1-actions, 2-credential, 3-parameters, 4-output, 5-error, 6-dry-run) go to docs/screenshots/editor-<provider>-<step>.png when that file does not
// exist yet or UPDATE_SCREENSHOTS=1; otherwise to .e2e/editor-click/ (so a run does not rewrite
// committed images with pixel noise). EDITOR_ONLY=<provider> runs one provider.
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { FAKE_KEYS, startFakes, stopFakes } from './fakes/index.mjs';
import { CHROMIUM_ARGS, ensureChromium } from './lib/editor.mjs';
import { matches, n8nBaseHeaders, sameHeaders } from './lib/expect.mjs';
import { ensureN8n } from './lib/install.mjs';
import { buildTarball, installPackage, N8n } from './lib/n8n.mjs';
import { cleanupAll, onCleanup, trapSignals } from './lib/procs.mjs';
import { flows } from './editor-flows.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const WORK = path.join(ROOT, '.e2e', 'editor-click');
const SHOTS = path.join(ROOT, 'docs', 'screenshots');
const UPDATE = process.env.UPDATE_SCREENSHOTS === '1';
const ONLY = process.env.EDITOR_ONLY;
// Generous waits: other jobs share this 2-core machine.
const WAIT = 60_000;

const results = [];
const started = Date.now();
const written = [];

function report(name, problems, ms) {
	results.push({ name, ok: problems.length === 0 });
	console.log(`${problems.length === 0 ? 'ok  ' : 'FAIL'} ${name}${ms !== undefined ? ` (${(ms / 1000).toFixed(1)} s)` : ''}`);
	for (const p of problems) console.log(`       - ${String(p).split('\n').join('\n         ')}`);
}

/** A step's screenshot: into docs/screenshots/ when new or UPDATE_SCREENSHOTS=1, else into .e2e/editor-click/. */
async function shot(page, provider, step) {
	const name = `editor-${provider}-${step}.png`;
	const target = path.join(SHOTS, name);
	const file = UPDATE || !fs.existsSync(target) ? target : path.join(WORK, name);
	await page.waitForTimeout(300); // let transitions (dropdowns, toasts) settle before the picture
	await page.screenshot({ path: file });
	if (file === target) written.push(path.relative(ROOT, target));
}

/** Close n8n's toasts of earlier steps, so a step's screenshot shows its own. */
async function closeToasts(page) {
	for (const button of await page.locator('.el-notification__closeBtn:visible').all()) await button.click().catch(() => {});
}

/** Pick `label` in the options dropdown of parameter `name` (clicking, as a user does). */
async function choose(page, scope, name, label) {
	const input = scope.locator(`[data-test-id="parameter-input-${name}"] input`).first();
	await input.click({ timeout: WAIT });
	const option = page
		.locator('.el-select-dropdown__item:visible')
		.filter({ has: page.locator('.option-headline', { hasText: new RegExp(`^\\s*${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`) }) })
		.or(page.locator('.el-select-dropdown__item:visible').filter({ hasText: new RegExp(`^\\s*${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`) }));
	await option.first().waitFor({ timeout: WAIT });
	const options = await page.locator('.el-select-dropdown__item:visible').evaluateAll((els) => els.map((e) => (e.querySelector('.option-headline') ?? e).textContent.trim()));
	await option.first().click();
	await page.waitForTimeout(200);
	const shown = await input.inputValue();
	return { options, shown };
}

/** Type into a text parameter (clearing it first). */
async function type(scope, name, value) {
	const input = scope.locator(`[data-test-id="parameter-input-${name}"] input, [data-test-id="parameter-input-${name}"] textarea`).first();
	await input.waitFor({ timeout: WAIT });
	await input.fill(value);
	await input.blur();
}

/** Add one Additional Field / Option (`add`: button, option, name and value, choose or check) and fill it. */
async function addField(page, ndv, add) {
	// A button (one option) or a select whose placeholder is the collection's placeholder (several).
	const adds = ndv.locator('[data-test-id="collection-parameter-add"]:visible');
	const button = adds.filter({ hasText: add.button }).or(adds.filter({ has: page.locator(`input[placeholder="${add.button}"]`) }));
	await button.first().click({ timeout: WAIT });
	// One option: n8n adds it at once; several: a list to pick from.
	const picked = page.locator('[data-test-id="collection-parameter-option"]:visible, .el-select-dropdown__item:visible').filter({ hasText: new RegExp(`^\\s*${add.option}\\s*$`) });
	const field = ndv.locator(`[data-test-id="parameter-input-${add.name}"]`);
	await Promise.race([picked.first().waitFor({ timeout: WAIT }), field.first().waitFor({ timeout: WAIT })]);
	if (!(await field.first().isVisible())) await picked.first().click();
	if (add.choose) await choose(page, ndv, add.name, add.choose);
	else if (add.check) await field.locator('.el-switch, input[type="checkbox"]').first().click();
	else await type(ndv, add.name, add.value);
	return field;
}

async function runFlow(context, n8n, flow, fake) {
	const problems = [];
	const page = await context.newPage();
	const p = flow.provider;
	try {
		// 1. An empty canvas: "Add first step", search the node, its actions.
		await page.goto(`${n8n.baseUrl}/workflow/new`, { waitUntil: 'domcontentloaded' });
		await page.locator('[data-test-id="canvas-add-button"]').waitFor({ timeout: 90_000 });
		await page.locator('[data-test-id="canvas-add-button"]').click();
		await page.locator('[data-test-id="node-creator-search-bar"]').first().waitFor({ timeout: WAIT });
		await page.keyboard.type(flow.search, { delay: 20 });
		const item = page.locator('[data-test-id="item-iterator-item"]').filter({
			has: page.locator('[data-test-id="node-creator-item-name"]', { hasText: new RegExp(`^\\s*${flow.displayName}\\s*$`) }),
		});
		await item.first().waitFor({ timeout: WAIT });
		await item.first().click();
		const action = page.locator('[data-test-id="item-iterator-item"][data-keyboard-nav-type="action"]').filter({ hasText: new RegExp(`^\\s*${flow.action}\\s*$`) });
		await action.first().waitFor({ timeout: WAIT });
		await shot(page, p, '1-actions');
		await action.first().click();

		// 2. The node's panel: Resource and Operation from their dropdowns.
		const ndv = page.locator('[data-test-id="ndv"]');
		await ndv.locator('[data-test-id="parameter-input-resource"] input').waitFor({ timeout: WAIT });
		for (const [name, label] of [
			['resource', flow.resource],
			['operation', flow.operation],
		]) {
			const { options, shown } = await choose(page, ndv, name, label);
			if (shown !== label) problems.push(`${name} shows "${shown}" after choosing "${label}" (options ${JSON.stringify(options)})`);
		}

		// 3. The credential, created in the credential modal, pointed at the fake; its test must pass.
		await ndv.locator('[data-test-id="node-credentials-empty-state"] button, [data-test-id="node-credentials-slot"] button').first().click();
		const modal = page.locator('[data-test-id="editCredential-modal"]');
		await modal.waitFor({ timeout: WAIT });
		for (const [name, value] of Object.entries(flow.credential({ fake, keys: FAKE_KEYS[p] }))) {
			if (value.choose) await choose(page, modal, name, value.choose);
			else await type(modal, name, value);
		}
		const probesBefore = fake.requests.length;
		await page.locator('[data-test-id="credential-save-button"]').click();
		// n8n saves, tests and (a new credential opened from a node) closes the modal; it then shows the
		// credential in the node. Reopening it shows the test's verdict (n8n tests it again on opening).
		await modal.waitFor({ state: 'hidden', timeout: WAIT }).catch(() => {});
		const edit = ndv.locator('[data-test-id="credential-edit-button"]');
		await edit.waitFor({ timeout: WAIT });
		await edit.click();
		const success = page.locator('[data-test-id="credentials-config-container-test-success"]');
		try {
			await success.waitFor({ state: 'visible', timeout: WAIT });
			const text = (await success.innerText()).trim();
			if (!/Connection tested successfully/.test(text)) problems.push(`credential test banner says "${text}"`);
		} catch {
			problems.push(`the credential test did not pass: ${(await modal.innerText().catch(() => '')).slice(0, 400)}`);
		}
		await shot(page, p, '2-credential');
		await modal.locator('.el-dialog__headerbtn').click();
		await modal.waitFor({ state: 'hidden', timeout: WAIT });
		const probes = fake.requests.slice(probesBefore);
		if (probes.length === 0) problems.push('the credential test sent no probe to the fake');
		for (const probe of probes) if (probe.path !== flow.probePath) problems.push(`credential probe went to ${probe.path}, expected ${flow.probePath}`);

		// 4. The required fields, then one Additional Field / Option.
		for (const step of flow.fields) {
			if (step.choose) {
				const { shown } = await choose(page, ndv, step.name, step.choose);
				if (shown !== step.choose) problems.push(`${step.name} shows "${shown}" after choosing "${step.choose}"`);
			} else await type(ndv, step.name, step.value);
		}
		const field = await addField(page, ndv, flow.add);
		await field.first().scrollIntoViewIfNeeded();
		await shot(page, p, '3-parameters');

		// 5. Execute step; the output panel's item, as JSON.
		const before = fake.requests.length;
		const ledgerBefore = fake.ledger.length;
		await closeToasts(page);
		await ndv.locator('[data-test-id="node-execute-button"]').click();
		const out = page.locator('[data-test-id="output-panel"]');
		// The display-mode switch appears once the run has data (the container alone shows "executing" too).
		await out.locator('[data-test-id="radio-button-json"]').waitFor({ timeout: WAIT });
		await shot(page, p, '4-output');
		await out.locator('[data-test-id="radio-button-json"]').click();
		await page.waitForTimeout(500);
		let items;
		try {
			items = JSON.parse((await out.locator('[data-test-id="ndv-data-container"]').innerText()).replace(/\u00a0/g, ' '));
		} catch (error) {
			problems.push(`the output panel's JSON does not parse: ${error.message}`);
		}
		if (items) problems.push(...matches(items, [flow.expect.output], 'output panel items'));
		const got = fake.requests.slice(before);
		if (got.length !== 1) problems.push(`${p} received ${got.length} requests for the good run, expected 1: ${got.map((r) => `${r.path} ${r.status}`).join(', ')}`);
		if (got[0]) {
			const want = flow.expect;
			if (got[0].method !== 'POST' || got[0].url !== want.path) problems.push(`request: ${got[0].method} ${got[0].url}, expected POST ${want.path}`);
			const wantBody = typeof want.body === 'string' ? want.body : JSON.stringify(want.body);
			if (got[0].rawBody !== wantBody) problems.push(`body\n  got      ${got[0].rawBody}\n  expected ${wantBody}`);
			const headers = typeof want.headers === 'function' ? want.headers(got[0].rawBody) : want.headers;
			problems.push(...sameHeaders(got[0].headers, { ...n8nBaseHeaders(got[0].rawBody, fake), ...headers }));
			if (got[0].status !== 200) problems.push(`the fake answered ${got[0].status}: ${got[0].outcome}`);
		}
		if (fake.ledger.length - ledgerBefore !== flow.expect.accepted) problems.push(`${p} ledger grew by ${fake.ledger.length - ledgerBefore}, expected ${flow.expect.accepted}`);

		// 6. A bad value: the error names the field, nothing is sent.
		const badBefore = fake.requests.length;
		for (const step of flow.bad.fields) {
			if (step.choose) await choose(page, ndv, step.name, step.choose);
			else await type(ndv, step.name, step.value);
		}
		await closeToasts(page);
		await ndv.locator('[data-test-id="node-execute-button"]').click();
		const error = out.getByText(flow.bad.error);
		try {
			await error.first().waitFor({ timeout: WAIT });
		} catch {
			problems.push(`the output panel shows no error matching ${flow.bad.error}: ${(await out.innerText()).slice(0, 500)}`);
		}
		await page.locator('[data-test-id="ndv-executing"]').waitFor({ state: 'hidden', timeout: WAIT }).catch(() => {});
		await shot(page, p, '5-error');
		await page.waitForTimeout(500);
		const sent = fake.requests.slice(badBefore);
		if (sent.length !== 0) problems.push(`the bad run sent ${sent.length} request(s): ${sent.map((r) => `${r.path} ${r.rawBody}`).join(', ')}`);

		// 7. The good values again with Options → Dry Run on: the request previewed, nothing sent.
		for (const step of flow.bad.fields) {
			const good = flow.fields.find((f) => f.name === step.name);
			if (good?.choose) await choose(page, ndv, good.name, good.choose);
			else await type(ndv, step.name, good?.value ?? '');
		}
		const dryBefore = fake.requests.length;
		await addField(page, ndv, { button: 'Add Option', option: 'Dry Run', name: 'dryRun', check: true });
		await closeToasts(page);
		await ndv.locator('[data-test-id="node-execute-button"]').click();
		await page.locator('[data-test-id="ndv-executing"]').waitFor({ state: 'hidden', timeout: WAIT }).catch(() => {});
		await out.locator('[data-test-id="radio-button-json"]').click({ timeout: WAIT });
		await page.waitForTimeout(500);
		await shot(page, p, '6-dry-run');
		let preview;
		try {
			preview = JSON.parse((await out.locator('[data-test-id="ndv-data-container"]').innerText()).replace(/\u00a0/g, ' '));
		} catch (error) {
			problems.push(`the Dry Run output's JSON does not parse: ${error.message}`);
		}
		if (preview) problems.push(...matches(preview, [{ dryRun: true, valid: true, request: { method: 'POST', url: `${fake.baseUrl}${flow.expect.path}` } }], 'Dry Run output'));
		const drySent = fake.requests.slice(dryBefore);
		if (drySent.length !== 0) problems.push(`Dry Run sent ${drySent.length} request(s): ${drySent.map((r) => r.path).join(', ')}`);
	} catch (error) {
		await page.screenshot({ path: path.join(WORK, `editor-${p}-failure.png`) }).catch(() => {});
		problems.push(`${error.message.split('\n').slice(0, 6).join('\n')}\n(screenshot .e2e/editor-click/editor-${p}-failure.png)`);
	} finally {
		await page.close();
	}
	return problems;
}

async function main() {
	trapSignals();
	fs.mkdirSync(WORK, { recursive: true });
	fs.mkdirSync(SHOTS, { recursive: true });
	const logFile = path.join(WORK, 'n8n.log');
	fs.writeFileSync(logFile, '');

	const install = await ensureN8n({ log: (m) => console.log(`   ${m}`) });
	const tarball = await buildTarball(ROOT, WORK, path.join(WORK, 'build.log'));
	const userFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-editor-click-'));
	onCleanup(() => fs.rmSync(userFolder, { recursive: true, force: true }));
	await installPackage(userFolder, tarball, path.join(WORK, 'build.log'));

	const fakes = await startFakes({ keys: FAKE_KEYS });
	onCleanup(() => stopFakes(fakes));
	const n8n = await new N8n(install, { userFolder, logFile }).init();
	onCleanup(() => n8n.stop());
	await n8n.start();
	await n8n.setupOwner();
	console.log(`n8n ${install.version} at ${n8n.baseUrl}, fakes on 127.0.0.1 (${((Date.now() - started) / 1000).toFixed(0)} s)`);

	const executablePath = await ensureChromium({ log: (m) => console.log(`   ${m}`), logFile: path.join(WORK, 'apt.log') });
	const { chromium } = createRequire(path.join(ROOT, 'package.json'))('playwright-core');
	const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
	onCleanup(() => browser.close());
	const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1 });
	const [cookieName] = n8n.cookie.split('=');
	await context.addCookies([{ name: cookieName, value: n8n.cookie.slice(cookieName.length + 1).split(';')[0], url: n8n.baseUrl }]);

	for (const flow of flows.filter((f) => !ONLY || f.provider === ONLY)) {
		const t = Date.now();
		const problems = await runFlow(context, n8n, flow, fakes[flow.provider]);
		report(`${flow.title}: built by clicking, credential tested, Execute step sent exactly the expected request; a bad ${flow.bad.what} shows an error naming it, nothing sent`, problems, Date.now() - t);
	}
}

try {
	await main();
} catch (error) {
	report('editor-click setup', [error.stack ?? String(error)]);
} finally {
	await cleanupAll();
}
if (written.length) console.log(`\nscreenshots written:\n${written.map((f) => `  ${f}`).join('\n')}`);
const passed = results.filter((r) => r.ok).length;
console.log(`\neditor-click: ${((Date.now() - started) / 1000).toFixed(0)} s`);
console.log(`${passed} passed, ${results.length - passed} failed`);
process.exit(passed === results.length && results.length > 0 ? 0 : 1);
