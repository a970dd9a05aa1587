/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions -- a jest suite about the migration commands of docs/MIGRATING.md: never compiled into dist/ nor shipped; it runs sed and node, and needs node:fs, process and __dirname */
/**
 * docs/MIGRATING.md → "Moving workflows from one package to the other":
 * the two sed commands there are the ones in test/e2e/lib/migrate.mjs (which
 * the end-to-end suite runs in real n8n), and they rewrite exactly our node
 * types, both ways.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..');
const commands: { TO_PER_PROVIDER: string; TO_ALL_IN_ONE: string } = JSON.parse(
	execFileSync(process.execPath, ['--input-type=module', '-e', "const m = await import('./test/e2e/lib/migrate.mjs'); console.log(JSON.stringify({ ...m }))"], { cwd: ROOT, encoding: 'utf8' }),
);

function sed(command: string, input: string): string {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'migrate-'));
	try {
		fs.writeFileSync(path.join(dir, 'workflows.json'), input);
		execFileSync('sh', ['-c', `${command} workflows.json > workflows-moved.json`], { cwd: dir });
		return fs.readFileSync(path.join(dir, 'workflows-moved.json'), 'utf8');
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
}

const node = (type: string, name = type) => ({ name, type, typeVersion: 1, parameters: {}, credentials: { hackleApi: { id: '7', name: 'Hackle account' } } });
// As `n8n export:workflow --all --pretty` writes it: an array of workflows.
const exported = (types: string[]) =>
	JSON.stringify(
		[
			{
				id: 'wf1',
				name: 'n8n-nodes-event-tracking.hackle in a name stays',
				nodes: [node('n8n-nodes-base.webhook', 'Webhook'), ...types.map((t, i) => node(t, `node ${i}`))],
				connections: {},
			},
		],
		null,
		2,
	);

describe('moving workflows between the all-in-one and the per-provider packages', () => {
	test('docs/MIGRATING.md shows both commands exactly as the end-to-end suite runs them', () => {
		const readme = fs.readFileSync(path.join(ROOT, 'docs', 'MIGRATING.md'), 'utf8');
		expect(readme).toContain(`${commands.TO_PER_PROVIDER} workflows.json > workflows-moved.json`);
		expect(readme).toContain(`${commands.TO_ALL_IN_ONE} workflows.json > workflows-moved.json`);
	});

	const allInOne = ['hackle', 'adrop', 'traintracks', 'chabok'].flatMap((n) => [`n8n-nodes-event-tracking.${n}`, `n8n-nodes-event-tracking.${n}Tool`]);
	const perProvider = ['hackle', 'adrop', 'traintracks', 'chabok'].flatMap((n) => [`n8n-nodes-${n}.${n}`, `n8n-nodes-${n}.${n}Tool`]);

	test('all-in-one → per-provider: every node type of ours, Tool variants too; nothing else changes', () => {
		const out = sed(commands.TO_PER_PROVIDER, exported(allInOne));
		expect(out).toBe(exported(perProvider));
	});

	test('per-provider → all-in-one, and the round trip is the identity', () => {
		expect(sed(commands.TO_ALL_IN_ONE, exported(perProvider))).toBe(exported(allInOne));
		const input = exported(allInOne);
		expect(sed(commands.TO_ALL_IN_ONE, sed(commands.TO_PER_PROVIDER, input))).toBe(input);
	});

	test('types that only look similar are left alone', () => {
		const others = ['n8n-nodes-base.httpRequest', 'n8n-nodes-event-tracking.segment', 'n8n-nodes-hackle.adrop', 'n8n-nodes-event-tracking.hackleTools', 'other-n8n-nodes-event-tracking.hackle'];
		expect(sed(commands.TO_PER_PROVIDER, exported(others))).toBe(exported(others));
		const back = ['n8n-nodes-base.httpRequest', 'n8n-nodes-hackle.hackles', 'n8n-nodes-hackle.adrop', 'n8n-nodes-chabok.hackleTool'];
		expect(sed(commands.TO_ALL_IN_ONE, exported(back))).toBe(exported(back));
	});
});
