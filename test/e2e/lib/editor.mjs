// The n8n editor in a real browser: Debian's chromium driven by playwright-core
// (no downloaded browser). For each node a provider module lists, a new
// workflow, the node panel searched by name, the node's icon loaded, its
// actions opened, then its Resource and Operation dropdowns, each checked
// against the module's list and photographed (into docs/screenshots/ when missing or UPDATE_SCREENSHOTS=1).
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';

import { childEnv, run } from './procs.mjs';

export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
// Options n8n's editor adds to every node whose credential can sign arbitrary requests.
const N8N_ADDED_OPTIONS = ['Custom API Call'];

/** Debian's chromium, installed with apt when missing (CI starts without it). */
export async function ensureChromium({ log = console.log, logFile } = {}) {
	if (fs.existsSync(CHROMIUM)) return CHROMIUM;
	log('installing chromium from Debian (apt-get update && apt-get install -y chromium)');
	const env = childEnv({ DEBIAN_FRONTEND: 'noninteractive' });
	const sudo = process.getuid?.() === 0 ? [] : ['sudo'];
	const apt = (args) => (sudo.length ? run('sudo', ['-n', 'apt-get', ...args], { env, logFile }) : run('apt-get', args, { env, logFile }));
	await apt(['update']);
	await apt(['install', '-y', 'chromium']);
	if (!fs.existsSync(CHROMIUM)) throw new Error(`apt-get installed chromium but ${CHROMIUM} is missing`);
	return CHROMIUM;
}

const slug = (text) => text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

async function dropdownOptions(page) {
	const items = page.locator('.el-select-dropdown__item:visible');
	await items.first().waitFor({ timeout: 10_000 });
	await page.waitForTimeout(300); // let the popper finish its transition before a screenshot
	return await items.evaluateAll((els) => els.map((e) => (e.querySelector('.option-headline') ?? e).textContent.trim()));
}

function compareOptions(what, actual, expected) {
	const problems = [];
	for (const name of expected) if (!actual.includes(name)) problems.push(`${what}: "${name}" is missing (dropdown shows ${JSON.stringify(actual)})`);
	for (const name of actual) if (!expected.includes(name) && !N8N_ADDED_OPTIONS.includes(name)) problems.push(`${what}: unexpected "${name}"`);
	return problems;
}

/** One check per listed node. */
export async function editorChecks({ n8n, modules, root, work }) {
	const executablePath = await ensureChromium({ log: (m) => console.log(`   ${m}`), logFile: path.join(work, 'apt.log') });
	const { chromium } = createRequire(path.join(root, 'package.json'))('playwright-core');
	const committed = path.join(root, 'docs', 'screenshots');
	fs.mkdirSync(committed, { recursive: true });
	// A picture goes to docs/screenshots/ when it is not there yet or UPDATE_SCREENSHOTS=1, else to the
	// work folder: a run does not rewrite committed images with pixel noise (as editor-click.mjs).
	const shot = (name) => (process.env.UPDATE_SCREENSHOTS === '1' || !fs.existsSync(path.join(committed, name)) ? path.join(committed, name) : path.join(work, name));

	const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
	const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1 });
	const [cookieName] = n8n.cookie.split('=');
	await context.addCookies([{ name: cookieName, value: n8n.cookie.slice(cookieName.length + 1).split(';')[0], url: n8n.baseUrl }]);

	const entries = modules.flatMap((module) => module.editor.map((entry) => ({ module, entry })));
	const checks = entries.map(({ entry }) => [
		`editor: ${entry.displayName} found by searching "${entry.search}", icon shown, resources ${Object.keys(entry.resources).join(', ')} and their operations in the dropdowns`,
		async () => {
			const problems = [];
			const name = slug(entry.displayName);
			const page = await context.newPage();
			try {
				await page.goto(`${n8n.baseUrl}/workflow/new`, { waitUntil: 'domcontentloaded' });
				await page.locator('[data-test-id="node-creator-plus-button"]').waitFor({ timeout: 90_000 });
				await page.locator('[data-test-id="node-creator-plus-button"]').click();
				await page.locator('[data-test-id="node-creator-search-bar"] input, [data-test-id="node-creator-search-bar"]').first().waitFor({ timeout: 10_000 });
				await page.keyboard.type(entry.search, { delay: 20 });

				const item = page.locator('[data-test-id="item-iterator-item"]').filter({
					has: page.locator('[data-test-id="node-creator-item-name"]', { hasText: new RegExp(`^\\s*${entry.displayName}\\s*$`) }),
				});
				try {
					await item.first().waitFor({ timeout: 10_000 });
				} catch {
					await page.screenshot({ path: path.join(work, `${name}-search-missing.png`) });
					return [`"${entry.displayName}" does not appear when searching "${entry.search}" in the node panel`];
				}
				// The icon as the browser shows it: wait for the image to finish loading (or fail), up to 10 s.
				const icon = await item
					.first()
					.locator('img')
					.first()
					.evaluate(
						(img) =>
							new Promise((resolve) => {
								const done = () => resolve({ src: img.getAttribute('src'), loaded: img.complete && img.naturalWidth > 0 });
								if (img.complete) return done();
								img.addEventListener('load', done, { once: true });
								img.addEventListener('error', done, { once: true });
								setTimeout(done, 10_000);
							}),
						undefined,
						{ timeout: 15_000 },
					)
					.catch(() => undefined);
				if (!icon) problems.push(`${entry.displayName} has no icon image in the node panel`);
				else if (!icon.loaded) problems.push(`${entry.displayName}'s icon ${icon.src} did not load`);
				else if (!icon.src.includes('/icons/n8n-nodes-event-tracking/')) problems.push(`${entry.displayName}'s icon ${icon.src} is not the package's own`);

				await item.first().click();
				// The node's own actions carry its icon (the suggested triggers above them do not).
				const actions = page.locator('[data-test-id="item-iterator-item"][data-keyboard-nav-type="action"]').filter({ has: page.locator('img[src*="/icons/n8n-nodes-event-tracking/"]') });
				await actions.first().waitFor({ timeout: 10_000 }).catch(() => {});
				await page.waitForTimeout(500);
				await page.screenshot({ path: shot(`${name}-1-node-panel.png`) });
				const expectedCount = Object.values(entry.resources).flat().length;
				const actionTexts = (await actions.allInnerTexts()).map((t) => t.trim());
				if (actionTexts.length < expectedCount) problems.push(`the node panel lists ${actionTexts.length} actions (${actionTexts.join(', ')}), expected ${expectedCount}`);
				if (actionTexts.length === 0) return problems;
				await actions.first().click();

				const resource = page.locator('[data-test-id="parameter-input-resource"] input');
				await resource.waitFor({ timeout: 15_000 });
				for (const [index, [resourceName, operations]] of Object.entries(entry.resources).entries()) {
					await resource.click();
					const resources = await dropdownOptions(page);
					if (index === 0) {
						problems.push(...compareOptions('Resource', resources, Object.keys(entry.resources)));
						await page.screenshot({ path: shot(`${name}-2-resource.png`) });
					}
					const option = page.locator('.el-select-dropdown__item:visible').filter({ has: page.locator('.option-headline', { hasText: new RegExp(`^${resourceName}$`) }) });
					if ((await option.count()) === 0) {
						await page.keyboard.press('Escape');
						continue;
					}
					await option.first().click();
					await page.waitForTimeout(300);
					await page.locator('[data-test-id="parameter-input-operation"] input').click();
					const ops = await dropdownOptions(page);
					problems.push(...compareOptions(`Operation of ${resourceName}`, ops, operations));
					await page.screenshot({ path: shot(`${name}-3-operation-${slug(resourceName)}.png`) });
					await page.keyboard.press('Escape');
					await page.waitForTimeout(200);
				}
			} finally {
				await page.close();
			}
			return problems;
		},
	]);
	checks.push([
		'editor: browser closed',
		async () => {
			await browser.close();
			return [];
		},
	]);
	return checks;
}
