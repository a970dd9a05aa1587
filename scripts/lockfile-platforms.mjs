#!/usr/bin/env node
// The npm registry reachable on our machines serves only the linux builds of
// unrs-resolver's native bindings (a dependency of n8n's linter), so an
// `npm install` here records only those in package-lock.json, and `npm ci`
// then refuses the lockfile ("Missing: @unrs/resolver-binding-… from lock
// file"). This adds the other platforms' entries (optional, with os/cpu/libc,
// exactly what npm records on a machine that can see them); npm ci skips them
// as platform-incompatible without fetching. Run it after `npm install`
// changes the lockfile: `node scripts/lockfile-platforms.mjs`.
import { readFileSync, writeFileSync } from 'node:fs';

const file = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(file, 'utf8'));
const resolver = lock.packages['node_modules/unrs-resolver'];
if (!resolver) process.exit(0);

const platforms = {
	'android-arm-eabi': { os: ['android'], cpu: ['arm'] },
	'android-arm64': { os: ['android'], cpu: ['arm64'] },
	'darwin-arm64': { os: ['darwin'], cpu: ['arm64'] },
	'darwin-x64': { os: ['darwin'], cpu: ['x64'] },
	'freebsd-x64': { os: ['freebsd'], cpu: ['x64'] },
	'linux-arm-gnueabihf': { os: ['linux'], cpu: ['arm'], libc: ['glibc'] },
	'linux-arm-musleabihf': { os: ['linux'], cpu: ['arm'], libc: ['musl'] },
	'linux-arm64-gnu': { os: ['linux'], cpu: ['arm64'], libc: ['glibc'] },
	'linux-arm64-musl': { os: ['linux'], cpu: ['arm64'], libc: ['musl'] },
	'linux-loong64-gnu': { os: ['linux'], cpu: ['loong64'], libc: ['glibc'] },
	'linux-loong64-musl': { os: ['linux'], cpu: ['loong64'], libc: ['musl'] },
	'linux-ppc64-gnu': { os: ['linux'], cpu: ['ppc64'], libc: ['glibc'] },
	'linux-riscv64-gnu': { os: ['linux'], cpu: ['riscv64'], libc: ['glibc'] },
	'linux-riscv64-musl': { os: ['linux'], cpu: ['riscv64'], libc: ['musl'] },
	'linux-s390x-gnu': { os: ['linux'], cpu: ['s390x'], libc: ['glibc'] },
	'linux-x64-gnu': { os: ['linux'], cpu: ['x64'], libc: ['glibc'] },
	'linux-x64-musl': { os: ['linux'], cpu: ['x64'], libc: ['musl'] },
	'openharmony-arm64': { os: ['openharmony'], cpu: ['arm64'] },
	'wasm32-wasi': { cpu: ['wasm32'] },
	'win32-arm64-msvc': { os: ['win32'], cpu: ['arm64'] },
	'win32-ia32-msvc': { os: ['win32'], cpu: ['ia32'] },
	'win32-x64-msvc': { os: ['win32'], cpu: ['x64'] },
};

let added = 0;
for (const [name, version] of Object.entries(resolver.optionalDependencies ?? {})) {
	const key = `node_modules/${name}`;
	if (lock.packages[key]) continue;
	const platform = platforms[name.replace('@unrs/resolver-binding-', '')];
	if (!platform) throw new Error(`unknown platform package ${name}`);
	lock.packages[key] = { version, ...(platform.cpu ? { cpu: platform.cpu } : {}), dev: true, ...(platform.libc ? { libc: platform.libc } : {}), license: 'MIT', optional: true, ...(platform.os ? { os: platform.os } : {}) };
	added++;
}
writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`package-lock.json: added ${added} platform entries of unrs-resolver`);
