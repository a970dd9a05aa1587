// The services n8n's queue mode needs, started from nothing on 127.0.0.1 for
// one run and removed afterwards: Redis (Debian's redis-server, installed with
// apt-get when missing) and a Postgres cluster in a temporary folder (Debian's
// postgresql 15 binaries). Each is a child of this process, on a free port,
// stopped by its own process id; their folders are removed on cleanup.
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

import { freePort } from './n8n.mjs';
import { childEnv, onCleanup, run, startProcess, stopProcess } from './procs.mjs';

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

/** The absolute path of `name` on PATH, or undefined. */
export function which(name) {
	for (const dir of (process.env.PATH ?? '').split(':').concat(['/usr/sbin', '/usr/bin', '/sbin', '/bin'])) {
		const file = path.join(dir || '.', name);
		try {
			fs.accessSync(file, fs.constants.X_OK);
			return file;
		} catch {
			/* next */
		}
	}
	return undefined;
}

/** `redis-server`, installed from Debian with apt-get when it is missing (as root, or with password-less sudo). */
export async function ensureRedis({ log = console.log, logFile } = {}) {
	const found = which('redis-server');
	if (found) return found;
	const env = childEnv({ DEBIAN_FRONTEND: 'noninteractive' });
	let apt = ['apt-get'];
	if (!isRoot()) {
		const sudo = which('sudo') && (await run('sudo', ['-n', 'true'], { env, timeoutMs: 10_000 }).then(() => true, () => false));
		if (!sudo) throw new Error('redis-server is missing, and installing it needs root (or password-less sudo): apt-get install redis-server');
		apt = ['sudo', '-n', '--preserve-env=DEBIAN_FRONTEND', 'apt-get'];
	}
	log(`redis-server missing: ${apt.join(' ')} update, then install -y redis-server`);
	await run(apt[0], [...apt.slice(1), 'update'], { env, logFile, timeoutMs: 5 * 60_000 });
	await run(apt[0], [...apt.slice(1), 'install', '-y', '--no-install-recommends', 'redis-server'], { env, logFile, timeoutMs: 5 * 60_000 });
	const installed = which('redis-server');
	if (!installed) throw new Error('apt-get installed redis-server, but it is not on PATH');
	return installed;
}

/** Send one inline command to a Redis server; resolves with its first answer line. */
function redisCommand(port, command, timeoutMs = 2000) {
	return new Promise((resolve) => {
		const socket = net.connect({ port, host: '127.0.0.1' });
		let answer = '';
		const done = (value) => {
			socket.destroy();
			resolve(value);
		};
		socket.setTimeout(timeoutMs, () => done(''));
		socket.on('error', () => done(''));
		socket.on('connect', () => socket.write(`${command}\r\n`));
		socket.on('data', (chunk) => {
			answer += chunk.toString('utf8');
			if (answer.includes('\r\n')) done(answer.split('\r\n')[0]);
		});
	});
}

/** Redis on 127.0.0.1 at a free port, nothing saved to disk. Returns { port, process, command(text) }. */
export async function startRedis({ bin, logFile, timeoutMs = 30_000 } = {}) {
	const port = await freePort();
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'queue-redis-'));
	onCleanup(() => fs.rmSync(dir, { recursive: true, force: true }));
	const child = startProcess(bin ?? 'redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--daemonize', 'no'], {
		cwd: dir,
		env: childEnv(),
		logFile,
	});
	onCleanup(() => stopProcess(child, 'SIGTERM', 5000));
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (child.exitCode !== null) throw new Error(`redis-server exited during start (code ${child.exitCode}); see ${logFile}`);
		if ((await redisCommand(port, 'PING')) === '+PONG') return { port, process: child, command: (text) => redisCommand(port, text) };
		await new Promise((r) => setTimeout(r, 200));
	}
	throw new Error(`redis-server not answering PING after ${timeoutMs / 1000} s`);
}

/**
 * A Postgres cluster in a temporary folder: initdb (trust authentication,
 * superuser `user`), postgres on 127.0.0.1 at a free port, and a database
 * `database`. As root, initdb and postgres refuse to run: they run as
 * `nobody` (the folder is chowned to it), as `su -s /bin/sh nobody -c ...`
 * would; spawning with that uid keeps the server our own child, stopped by
 * its process id. Returns { host, port, user, database, dir, psql(sql) }.
 */
export async function startPostgres({ version = 15, logFile, user = 'n8n', database = 'n8n', timeoutMs = 60_000 } = {}) {
	const bin = `/usr/lib/postgresql/${version}/bin`;
	if (!fs.existsSync(path.join(bin, 'postgres'))) throw new Error(`${bin}/postgres not found: install Debian's postgresql-${version}`);
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'queue-pg-'));
	onCleanup(() => fs.rmSync(dir, { recursive: true, force: true }));
	const data = path.join(dir, 'data');
	let ids = {};
	if (isRoot()) {
		const nobody = { uid: 65534, gid: 65534 };
		fs.chownSync(dir, nobody.uid, nobody.gid);
		ids = nobody;
	}
	const env = childEnv({ LC_ALL: 'C', LANG: 'C' });
	await run(path.join(bin, 'initdb'), ['-D', data, '-U', user, '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync'], { cwd: dir, env, logFile, timeoutMs: 120_000, ...ids });
	const port = await freePort();
	// A throwaway cluster: durability off (fsync, synchronous commit), so the database costs the shared CPU and disk little.
	const child = startProcess(
		path.join(bin, 'postgres'),
		['-D', data, '-p', String(port), '-k', dir, '-h', '127.0.0.1', '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=100'],
		{ cwd: dir, env, logFile, ...ids },
	);
	// SIGINT is Postgres' fast shutdown (SIGTERM waits for clients to leave).
	onCleanup(() => stopProcess(child, 'SIGINT', 10_000));
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		if (child.exitCode !== null) throw new Error(`postgres exited during start (code ${child.exitCode}); see ${logFile}`);
		try {
			await run(path.join(bin, 'pg_isready'), ['-h', '127.0.0.1', '-p', String(port), '-U', user, '-d', 'postgres'], { env, timeoutMs: 10_000 });
			break;
		} catch (error) {
			if (Date.now() > deadline) throw new Error(`postgres not ready after ${timeoutMs / 1000} s: ${error.message}`);
			await new Promise((r) => setTimeout(r, 300));
		}
	}
	await run(path.join(bin, 'createdb'), ['-h', '127.0.0.1', '-p', String(port), '-U', user, database], { env, logFile, timeoutMs: 60_000 });
	const psqlBin = path.join(bin, 'psql');
	/** Run SQL; returns the rows as lines (unaligned, tuples only). */
	const psql = async (sql) => {
		const out = await run(psqlBin, ['-h', '127.0.0.1', '-p', String(port), '-U', user, '-d', database, '-X', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-c', sql], { env, timeoutMs: 120_000 });
		return out.split('\n').filter((line) => line.length > 0);
	};
	return { host: '127.0.0.1', port, user, database, dir, process: child, psql };
}
