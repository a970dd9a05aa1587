// One n8n instance for the suite: the Node that version runs on (lib/install.mjs:
// Node 24 from the cache for 2.x, the system Node for 1.x), a temporary user
// folder, free loopback ports, telemetry off. The CLI (import, publish) runs
// against the same folder before start; the REST API after the owner exists.
// What differs between n8n 1.x and 2.x is read from the installed n8n's own
// files (features()), not guessed from its version number.
import { createRequire } from 'node:module';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

import { runtimeEnv } from './install.mjs';
import { childEnv, run, startProcess, stopProcess } from './procs.mjs';

export async function freePort() {
	return await new Promise((resolve, reject) => {
		const server = net.createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address();
			server.close(() => resolve(port));
		});
	});
}

export const OWNER = { email: 'owner@e2e.example.com', firstName: 'E2E', lastName: 'Owner', password: 'E2e-Passw0rd-1234' };

export class N8n {
	/**
	 * @param install  paths from ensureN8n(); @param userFolder  N8N_USER_FOLDER; @param logFile  n8n's output;
	 * @param env  more environment variables, over the defaults (e.g. queue mode's, see test/queue/run.mjs)
	 */
	constructor(install, { userFolder, logFile, env = {} }) {
		this.install = install;
		this.userFolder = userFolder;
		this.logFile = logFile;
		this.extraEnv = env;
		this.cookie = '';
		// flatted (n8n's execution-data format) from n8n's own dependencies.
		this.flatted = createRequire(install.n8nPackageJson)('flatted');
		this.features = features(install);
	}

	/** Ports: `port` for n8n (default: a free one), the task runner broker always on a free one. */
	async init({ port } = {}) {
		this.port = port ?? (await freePort());
		this.brokerPort = await freePort();
		this.baseUrl = `http://127.0.0.1:${this.port}`;
		return this;
	}

	env() {
		return runtimeEnv(this.install, {
			N8N_USER_FOLDER: this.userFolder,
			N8N_PORT: String(this.port),
			N8N_RUNNERS_BROKER_PORT: String(this.brokerPort),
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_HOST: '127.0.0.1',
			N8N_PROTOCOL: 'http',
			WEBHOOK_URL: `http://127.0.0.1:${this.port}/`,
			N8N_EDITOR_BASE_URL: `http://127.0.0.1:${this.port}/`,
			N8N_SECURE_COOKIE: 'false',
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			N8N_HIRING_BANNER_ENABLED: 'false',
			N8N_AI_ENABLED: 'false',
			N8N_SSRF_PROTECTION_ENABLED: 'false',
			N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
			N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
			N8N_RUNNERS_MODE: 'internal',
			N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
			N8N_LOG_LEVEL: 'info',
			N8N_LOG_OUTPUT: 'console',
			EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'all',
			EXECUTIONS_DATA_SAVE_ON_ERROR: 'all',
			EXECUTIONS_DATA_SAVE_MANUAL_EXECUTIONS: 'true',
			DB_SQLITE_POOL_SIZE: '2',
			GENERIC_TIMEZONE: 'UTC',
			TZ: 'UTC',
			N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '5',
			...this.extraEnv,
		});
	}

	/** Run an n8n CLI command against the (stopped) instance's folder. */
	async cli(args) {
		return await run(this.install.nodeBin, [this.install.n8nBin, ...args], {
			cwd: this.userFolder,
			env: this.env(),
			logFile: this.logFile,
			timeoutMs: 180_000,
		});
	}

	/**
	 * Start n8n and wait until the editor is served and active workflows are
	 * registered. `nodeArgs`: flags for Node itself (e.g. --cpu-prof), before n8n's script;
	 * `onLine` sees each line of its output (e.g. --trace-gc's).
	 */
	async start({ timeoutMs = 180_000, nodeArgs = [], onLine } = {}) {
		let ready = false;
		this.lines = [];
		this.process = startProcess(this.install.nodeBin, [...nodeArgs, this.install.n8nBin, 'start'], {
			cwd: this.userFolder,
			env: this.env(),
			logFile: this.logFile,
			onLine: (line) => {
				this.lines.push(line);
				onLine?.(line);
				if (/Editor is now accessible/.test(line)) ready = true;
			},
		});
		const deadline = Date.now() + timeoutMs;
		while (Date.now() < deadline) {
			if (this.process.exitCode !== null) throw new Error(`n8n exited during start (code ${this.process.exitCode})\n${this.tail()}`);
			if (ready && (await this.status('/healthz')) === 200 && (await this.status('/healthz/readiness')) === 200) return;
			await new Promise((r) => setTimeout(r, 500));
		}
		throw new Error(`n8n not ready after ${timeoutMs / 1000} s\n${this.tail()}`);
	}

	/**
	 * Start this instance as a queue-mode worker (`n8n worker`): its health
	 * server (and N8N_PORT) on a free port, ready when GET /healthz answers 200.
	 * `onLine` sees each line of its output (e.g. "Worker started execution N").
	 */
	async startWorker({ concurrency = 5, timeoutMs = 180_000, onLine } = {}) {
		this.role = 'worker';
		this.healthPort = this.port;
		this.extraEnv = { ...this.extraEnv, QUEUE_HEALTH_CHECK_ACTIVE: 'true', QUEUE_HEALTH_CHECK_PORT: String(this.healthPort) };
		this.lines = [];
		this.process = startProcess(this.install.nodeBin, [this.install.n8nBin, 'worker', `--concurrency=${concurrency}`], {
			cwd: this.userFolder,
			env: this.env(),
			logFile: this.logFile,
			onLine: (line) => {
				this.lines.push(line);
				onLine?.(line);
			},
		});
		const deadline = Date.now() + timeoutMs;
		while (Date.now() < deadline) {
			if (this.process.exitCode !== null) throw new Error(`n8n worker exited during start (code ${this.process.exitCode})\n${this.tail()}`);
			if ((await this.status('/healthz')) === 200) return;
			await new Promise((r) => setTimeout(r, 500));
		}
		throw new Error(`n8n worker: /healthz not answering after ${timeoutMs / 1000} s\n${this.tail()}`);
	}

	tail(n = 40) {
		return (this.lines ?? []).slice(-n).join('\n');
	}

	async stop() {
		if (this.process) await stopProcess(this.process, 'SIGTERM', 15_000);
		this.process = undefined;
	}

	async status(urlPath) {
		try {
			const res = await fetch(this.baseUrl + urlPath, { signal: AbortSignal.timeout(5000) });
			await res.arrayBuffer();
			return res.status;
		} catch {
			return 0;
		}
	}

	/** POST /rest/owner/setup: the owner account, and its session cookie for the REST API. */
	async setupOwner(owner = OWNER) {
		const res = await fetch(`${this.baseUrl}/rest/owner/setup`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify(owner),
		});
		const text = await res.text();
		if (res.status !== 200) throw new Error(`owner setup: HTTP ${res.status} ${text.slice(0, 300)}`);
		this.cookie = (res.headers.getSetCookie?.() ?? [res.headers.get('set-cookie')]).map((c) => c.split(';')[0]).join('; ');
		if (!this.cookie.includes('n8n-auth')) throw new Error('owner setup: no n8n-auth cookie');
		this.owner = JSON.parse(text).data;
		return this.owner;
	}

	/** POST /rest/login as an existing owner (e.g. one n8n made from N8N_INSTANCE_OWNER_* at start); keeps its session cookie. */
	async login({ email, password } = OWNER) {
		const res = await fetch(`${this.baseUrl}/rest/login`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json', 'browser-id': 'e2e-suite' },
			body: JSON.stringify({ emailOrLdapLoginId: email, password }),
		});
		const text = await res.text();
		if (res.status !== 200) throw new Error(`login as ${email}: HTTP ${res.status} ${text.slice(0, 300)}`);
		this.cookie = (res.headers.getSetCookie?.() ?? [res.headers.get('set-cookie')]).map((c) => c.split(';')[0]).join('; ');
		return JSON.parse(text).data;
	}

	/** The internal REST API as the owner; returns `data` of the answer. */
	async rest(method, urlPath, body) {
		const res = await fetch(`${this.baseUrl}/rest${urlPath}`, {
			method,
			headers: { Cookie: this.cookie, 'Content-Type': 'application/json', 'browser-id': 'e2e-suite' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await res.text();
		if (!res.ok) throw new Error(`${method} /rest${urlPath}: HTTP ${res.status} ${text.slice(0, 500)}`);
		return text ? JSON.parse(text).data : undefined;
	}

	/**
	 * Activate a workflow: 2.x (and 1.123) POST /rest/workflows/:id/activate with the version to publish;
	 * older 1.x PATCH /rest/workflows/:id { active: true, versionId } (what their editor's toggle sends).
	 * `versionId`: the one to activate (default: the workflow's current one).
	 */
	async activate(id, versionId) {
		const version = versionId ?? (await this.rest('GET', `/workflows/${id}`)).versionId;
		if (this.features.activateRoute) return await this.rest('POST', `/workflows/${id}/activate`, { versionId: version });
		return await this.rest('PATCH', `/workflows/${id}`, { active: true, versionId: version });
	}

	/** POST /rest/workflows: 1.x stores `active` as given (NOT NULL, no default), 2.x takes it from activation only. */
	async createWorkflow(body) {
		const { active: _active, id: _id, ...rest } = body;
		return await this.rest('POST', '/workflows', this.features.major === 1 ? { ...rest, active: false } : rest);
	}

	async deactivate(id) {
		if (this.features.activateRoute) return await this.rest('POST', `/workflows/${id}/deactivate`, {});
		const { versionId } = await this.rest('GET', `/workflows/${id}`);
		return await this.rest('PATCH', `/workflows/${id}`, { active: false, versionId });
	}

	/** Executions of a workflow, newest first (summaries). */
	async executions(workflowId) {
		const filter = encodeURIComponent(JSON.stringify({ workflowId }));
		const data = await this.rest('GET', `/executions?filter=${filter}&limit=50`);
		return data.results ?? data;
	}

	/** One execution with its run data decoded (n8n stores it flatted). */
	async execution(id) {
		const data = await this.rest('GET', `/executions/${id}`);
		const runData = typeof data.data === 'string' ? this.flatted.parse(data.data) : data.data;
		return { ...data, data: runData };
	}

	/**
	 * Wait until `count` executions of a workflow have finished; returns them
	 * (oldest first) with their data.
	 */
	async waitForExecutions(workflowId, count = 1, { timeoutMs = 60_000, after = 0 } = {}) {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const list = (await this.executions(workflowId)).filter((e) => Number(e.id) > after);
			const done = list.filter((e) => e.finished || ['success', 'error', 'crashed', 'canceled'].includes(e.status));
			if (done.length >= count && done.length === list.length) {
				const sorted = done.sort((a, b) => Number(a.id) - Number(b.id));
				return await Promise.all(sorted.map((e) => this.execution(e.id)));
			}
			if (Date.now() > deadline) {
				throw new Error(`workflow ${workflowId}: ${done.length}/${count} executions finished after ${timeoutMs / 1000} s (${list.length} seen)`);
			}
			await new Promise((r) => setTimeout(r, 300));
		}
	}

	/** The highest execution id so far (to tell later executions apart). */
	async lastExecutionId(workflowId) {
		const list = await this.executions(workflowId);
		return list.reduce((max, e) => Math.max(max, Number(e.id)), 0);
	}
}

/**
 * What the installed n8n offers where 1.x and 2.x differ, read from its files:
 * - activateRoute: POST /rest/workflows/:id/activate|deactivate (2.x; also 1.123, not 1.85);
 * - exportNodes: the `export:nodes` CLI command (2.x and late 1.x; not 1.85);
 * - publishCommand: the `publish:workflow` CLI command (2.x only).
 */
export function features(install) {
	const dist = path.join(path.dirname(install.n8nPackageJson), 'dist');
	let controller = '';
	try {
		controller = fs.readFileSync(path.join(dist, 'workflows', 'workflows.controller.js'), 'utf8');
	} catch {
		/* moved: fall back on the version below */
	}
	const major = Number(String(install.version ?? '').split('.')[0]);
	return {
		version: install.version,
		major,
		activateRoute: controller ? controller.includes("'/:workflowId/activate'") : major >= 2,
		exportNodes: fs.existsSync(path.join(dist, 'commands', 'export', 'nodes.js')),
		publishCommand: fs.existsSync(path.join(dist, 'commands', 'publish', 'workflow.js')),
	};
}

/** Install packed tarball(s) (a path or an array of paths) into <userFolder>/.n8n/nodes as a self-hosting user does. */
export async function installPackage(userFolder, tarball, logFile) {
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	fs.mkdirSync(nodesDir, { recursive: true });
	fs.writeFileSync(path.join(nodesDir, 'package.json'), JSON.stringify({ name: 'installed-nodes', private: true, dependencies: {} }, null, 2) + '\n');
	// n8n's own community-package installer drops peerDependencies before
	// `npm install`, so n8n-workflow comes from n8n itself (NODE_PATH), not a
	// second copy; --legacy-peer-deps does the same here.
	await run('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--legacy-peer-deps', '--omit=dev', ...[tarball].flat()], {
		cwd: nodesDir,
		env: childEnv(),
		logFile,
	});
	return nodesDir;
}

/** `npm run build` and `npm pack` of the package at `root` into `dir`; returns the tarball's path. */
export async function buildTarball(root, dir, logFile) {
	await run('npm', ['run', 'build'], { cwd: root, logFile });
	// npm pack prints the tarball's file name last.
	const packed = await run('npm', ['pack', '--pack-destination', dir], { cwd: root, logFile });
	const tarball = path.join(dir, packed.trim().split('\n').at(-1).trim());
	if (!tarball.endsWith('.tgz') || !fs.existsSync(tarball)) throw new Error(`npm pack: no tarball in its output:\n${packed.slice(-500)}`);
	return tarball;
}
