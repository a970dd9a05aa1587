// Child processes the suite starts, and their cleanup on every way out:
// normal end, failure, Ctrl-C, SIGTERM from CI, an uncaught error.
// Each child runs in its own process group (detached), so stopping it stops
// everything it started too (n8n's task runner, npm's node-gyp).
import { spawn } from 'node:child_process';
import fs from 'node:fs';

const children = new Set();
const cleanups = [];
let cleaning;

/** A clean environment for a child: no npm_* variables of the `npm run` that started us. */
export function childEnv(extra = {}) {
	const env = {};
	for (const [key, value] of Object.entries(process.env)) {
		if (/^npm_/i.test(key) || key === 'INIT_CWD' || key === 'NODE_OPTIONS') continue;
		env[key] = value;
	}
	return { ...env, ...extra };
}

/**
 * Start a long-running child. Output goes to `logFile` (appended) so a
 * failure can show its tail; `onLine` sees each line of stdout+stderr.
 * `uid`/`gid`: run it as that user (as root, for programs that refuse root, e.g. Postgres).
 */
export function startProcess(command, args, { cwd, env, logFile, onLine, uid, gid } = {}) {
	const ids = uid === undefined ? {} : { uid, gid };
	const child = spawn(command, args, { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'], ...ids });
	const log = logFile ? fs.createWriteStream(logFile, { flags: 'a' }) : undefined;
	let buffer = '';
	const feed = (chunk) => {
		log?.write(chunk);
		if (!onLine) return;
		buffer += chunk.toString('utf8');
		let newline;
		while ((newline = buffer.indexOf('\n')) >= 0) {
			onLine(buffer.slice(0, newline));
			buffer = buffer.slice(newline + 1);
		}
	};
	child.stdout.on('data', feed);
	child.stderr.on('data', feed);
	child.exited = new Promise((resolve) => {
		child.on('exit', (code, signal) => {
			children.delete(child);
			log?.end();
			resolve({ code, signal });
		});
	});
	children.add(child);
	return child;
}

/** Run a command to completion; rejects with the tail of its output when it fails. */
export async function run(command, args, { cwd, env, logFile, timeoutMs = 30 * 60_000, quiet = true, uid, gid } = {}) {
	// All of it is returned (npm pack --json of this package is far more than
	// a few hundred lines); only the tail goes into an error message.
	const output = [];
	const child = startProcess(command, args, {
		cwd,
		env,
		logFile,
		uid,
		gid,
		onLine: (line) => {
			output.push(line);
			if (!quiet) process.stdout.write(`    ${line}\n`);
		},
	});
	const timer = setTimeout(() => stopProcess(child, 'SIGKILL'), timeoutMs);
	const { code, signal } = await child.exited;
	clearTimeout(timer);
	if (code !== 0) {
		const tail = output.slice(-40).join('\n');
		throw new Error(`${command} ${args.join(' ')} failed (${signal ?? `exit ${code}`}) in ${cwd ?? process.cwd()}\n${tail}`);
	}
	return output.join('\n');
}

/** Stop a child and its whole process group; SIGKILL after `graceMs`. */
export async function stopProcess(child, signal = 'SIGTERM', graceMs = 10_000) {
	if (!child || child.exitCode !== null || child.signalCode !== null) return;
	const kill = (sig) => {
		try {
			process.kill(-child.pid, sig);
		} catch {
			try {
				child.kill(sig);
			} catch {
				/* already gone */
			}
		}
	};
	kill(signal);
	const timer = setTimeout(() => kill('SIGKILL'), graceMs);
	await child.exited;
	clearTimeout(timer);
}

/** Register a cleanup (closing a server, removing a temp folder); runs once, in reverse order. */
export function onCleanup(fn) {
	cleanups.push(fn);
}

export async function cleanupAll() {
	if (cleaning) return cleaning;
	cleaning = (async () => {
		for (const child of [...children]) await stopProcess(child).catch(() => {});
		for (const fn of cleanups.reverse()) {
			try {
				await fn();
			} catch (error) {
				process.stderr.write(`cleanup: ${error.message}\n`);
			}
		}
	})();
	return cleaning;
}

/** Stop everything on SIGINT/SIGTERM/SIGHUP and on an uncaught error, then exit non-zero. */
export function trapSignals() {
	for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
		process.once(signal, async () => {
			process.stderr.write(`\n${signal}: stopping n8n and the fake providers\n`);
			await cleanupAll();
			process.exit(130);
		});
	}
	const fatal = async (error) => {
		process.stderr.write(`\nfatal: ${error?.stack ?? error}\n`);
		await cleanupAll();
		process.exit(1);
	};
	process.on('uncaughtException', fatal);
	process.on('unhandledRejection', fatal);
	// Last resort if something calls process.exit directly: kill the groups synchronously.
	process.on('exit', () => {
		for (const child of children) {
			try {
				process.kill(-child.pid, 'SIGKILL');
			} catch {
				/* gone */
			}
		}
	});
}

/** Close a loopback server this started, now: its open (keep-alive) connections too, then wait for it to close. */
export async function closeServer(server) {
	server.closeAllConnections?.();
	await new Promise((resolve) => server.close(() => resolve()));
}
