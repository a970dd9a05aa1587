// Dry Run in real n8n: for every webhook case that delivers without a fault
// (the documents' examples, both input modes, every operation), the same
// workflow with Options → Dry Run on is created next to it and fed the same
// payload. The fake provider must receive nothing during the dry run, and the
// requests the dry run's output items show must be those the real workflow
// sent (fired once more, just before): same method, path, body bytes, the
// same header names, unmasked values equal, credential values "[masked]".
// No key of the fakes may appear in the dry execution's data.
import { webhookWorkflow, workflowId } from './lib/workflows.mjs';

const MASKED = '[masked]';
/** Added by the HTTP client on the wire; a dry run cannot know them and does not claim to. */
const TRANSPORT = new Set(['host', 'connection', 'accept-encoding', 'user-agent', 'content-length']);

/** POST the payload to a production webhook; a 404 (not registered yet: no execution started) is tried again for up to 15 s. */
async function fire(n8n, path, payload) {
	const deadline = Date.now() + 15_000;
	for (;;) {
		const response = await fetch(`${n8n.baseUrl}/webhook/${path}`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify(payload ?? {}),
			signal: AbortSignal.timeout(60_000),
		});
		const text = await response.text();
		if (response.status !== 404 || Date.now() > deadline) return { status: response.status, text };
		await new Promise((r) => setTimeout(r, 500));
	}
}

/** The requests a dry execution shows: each request once, from the item that carries its body. */
function shownRequests(execution, nodeName) {
	const items = execution.data?.resultData?.runData?.[nodeName]?.[0]?.data?.main?.[0] ?? [];
	const shown = [];
	for (const { json } of items) {
		for (const request of json.requests ?? (json.request ? [json.request] : [])) {
			if (request.body !== undefined) shown.push(request);
		}
	}
	return { items, shown };
}

function compare(real, shown, fake) {
	const problems = [];
	if (shown.length !== real.length) problems.push(`dry run shows ${shown.length} request(s), the real run sent ${real.length}`);
	for (const wire of real) {
		const twin = shown.find((r) => r.body === wire.rawBody);
		if (!twin) {
			problems.push(`no dry-run request has the body the provider received: ${wire.rawBody.slice(0, 200)}`);
			continue;
		}
		if (twin.method !== wire.method) problems.push(`method ${twin.method} vs ${wire.method}`);
		if (twin.url !== `${fake.baseUrl}${wire.url}`) problems.push(`url ${twin.url} vs ${fake.baseUrl}${wire.url}`);
		const shownHeaders = Object.fromEntries(Object.entries(twin.headers).map(([k, v]) => [k.toLowerCase(), v]));
		const wireHeaders = Object.fromEntries(Object.entries(wire.headers).filter(([k]) => !TRANSPORT.has(k)));
		const names = (h) => Object.keys(h).sort().join(', ');
		if (names(shownHeaders) !== names(wireHeaders)) problems.push(`header names [${names(shownHeaders)}] vs on the wire [${names(wireHeaders)}]`);
		for (const [name, value] of Object.entries(shownHeaders)) {
			if (value !== MASKED && value !== wireHeaders[name]) problems.push(`header ${name}: ${value} vs ${wireHeaders[name]}`);
		}
	}
	return problems;
}

/**
 * Checks for the runner: [name, fn] pairs. `cases` are the runner's cases
 * (webhook workflows already active); `keys` every fake's secrets.
 */
export function dryRunChecks({ n8n, cases, keys }) {
	const secrets = Object.values(keys).flatMap((k) => Object.values(k)).filter((v) => typeof v === 'string' && v.length >= 6);
	const eligible = cases.filter((c) => c.trigger === 'webhook' && c.expect?.status === 'success' && !(c.faults?.length > 0) && !c.expect?.noDryRun);
	return eligible.map((c) => [
		`Dry Run: ${c.name}`,
		async () => {
			const problems = [];
			c.fake.clearFaults();
			// The real workflow once more, to have its requests side by side.
			const realFrom = c.fake.requests.length;
			const realAfter = await n8n.lastExecutionId(c.id);
			const realFired = await fire(n8n, c.path, c.payload);
			if (realFired.status === 404) return [`webhook /webhook/${c.path} is not registered`];
			await n8n.waitForExecutions(c.id, 1, { after: realAfter });
			const real = c.fake.requests.slice(realFrom);

			// Its twin with Dry Run on.
			const path = `${c.path}-dry`;
			const node = { ...c.node, parameters: { ...c.node.parameters, options: { ...(c.node.parameters.options ?? {}), dryRun: true } } };
			const twin = webhookWorkflow({ id: workflowId(`${c.name} (dry run)`), name: `Dry run ${workflowId(c.name)}`, path, node });
			const created = await n8n.createWorkflow(twin);
			await n8n.activate(created.id, created.versionId);
			try {
				const dryFrom = c.fake.requests.length;
				const dryFired = await fire(n8n, path, c.payload);
				if (dryFired.status === 404) return [`webhook /webhook/${path} is not registered: ${dryFired.text.slice(0, 300)}`];
				const [execution] = await n8n.waitForExecutions(created.id, 1);
				if (c.fake.requests.length !== dryFrom) problems.push(`the fake received ${c.fake.requests.length - dryFrom} request(s) during the dry run`);
				if (execution.status !== 'success') problems.push(`dry execution ${execution.status}: ${execution.data?.resultData?.error?.message ?? ''}`);
				const { items, shown } = shownRequests(execution, twin.nodes.at(-1).name);
				if (!items.every((item) => item.json.dryRun === true && item.json.valid === true)) problems.push('not every output item says dryRun: true, valid: true');
				problems.push(...compare(real, shown, c.fake));
				const text = JSON.stringify(execution.data);
				for (const secret of secrets) if (text.includes(secret)) problems.push(`a fake's key appears in the dry execution's data`);
			} finally {
				await n8n.deactivate(created.id);
			}
			return problems;
		},
	]);
}
