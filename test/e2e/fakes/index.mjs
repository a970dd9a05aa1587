// All four fake providers, each on its own free port on 127.0.0.1.
import { adropProvider } from './adrop.mjs';
import { chabokProvider } from './chabok.mjs';
import { hackleProvider } from './hackle.mjs';
import { OtherHost } from './other-host.mjs';
import { FakeProvider } from './server.mjs';
import { traintracksProvider } from './traintracks.mjs';

/** The secrets the fakes expect and the e2e credentials carry: recognisable, never real. */
export const FAKE_KEYS = {
	hackle: { sdkKey: 'e2e-hackle-sdk-key-5f1c', apiKey: 'e2e-hackle-api-key-9d2e', campaigns: [1, 2] },
	adrop: { appKey: 'e2e-adrop-app-key-3b7a' },
	traintracks: { productKey: 'a32e6578-17b7-11e4-930a-bc764e1c05e4', productSecret: 'e2e-traintracks-secret-77c1' },
	chabok: { accessToken: 'e2e-chabok-access-token-1e4f' },
};

export const PROVIDERS = {
	hackle: hackleProvider,
	adrop: adropProvider,
	traintracks: traintracksProvider,
	chabok: chabokProvider,
};

/**
 * Start every fake; returns { hackle: FakeProvider, ... } with `.baseUrl` set.
 * Unless `fast` (see server.mjs, bench), one OtherHost (other-host.mjs) is
 * started too and shared: `fake.otherHost` on every fake, where its redirect
 * faults point.
 */
export async function startFakes({ seed = 1, keys = FAKE_KEYS, fast = false } = {}) {
	const fakes = {};
	const otherHost = fast ? undefined : new OtherHost();
	await otherHost?.start();
	for (const [name, make] of Object.entries(PROVIDERS)) {
		fakes[name] = new FakeProvider(make(keys[name]), { seed, fast });
		fakes[name].otherHost = otherHost;
		await fakes[name].start();
	}
	return fakes;
}

export async function stopFakes(fakes) {
	const all = Object.values(fakes ?? {});
	const others = new Set(all.map((fake) => fake.otherHost).filter(Boolean));
	await Promise.all([...all, ...others].map((server) => server.stop()));
}

// `node test/e2e/fakes/index.mjs [seed]`: run the fakes alone (for manual checks
// or another suite), print their URLs, stop on Ctrl-C.
if (import.meta.url === `file://${process.argv[1]}`) {
	const fakes = await startFakes({ seed: Number(process.argv[2] ?? 1) });
	for (const [name, fake] of Object.entries(fakes)) console.log(`${name.padEnd(12)} ${fake.baseUrl}  (control: ${fake.baseUrl}/__fake/stats)`);
	console.log(`${'other host'.padEnd(12)} ${fakes.hackle.otherHost.baseUrl}  (where redirect faults point)`);
	const stop = async () => {
		await stopFakes(fakes);
		process.exit(0);
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}
