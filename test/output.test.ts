/**
 * The "Include Sent Payload" option (every node): turned off, the output items
 * carry everything but the payload sent (`sent`; `users` for Hackle Send
 * Push), and the provider receives exactly the same
 * requests. Run over the documents' examples for every operation.
 */
import nock from 'nock';

import { answeringChabokBulk, forbidNetwork, intercept } from './helpers/capture';
import { runNode } from './helpers/harness';
import { exampleCases as cases } from './helpers/operations';

forbidNetwork();

describe('Option Include Sent Payload', () => {
	it.each(cases)('$name: off leaves out only the payload sent; the provider gets the same requests', async (c) => {
		const field = c.sentField ?? 'sent';
		const run = async (options: Record<string, unknown>) => {
			const { requests } = intercept(c.base, 'POST', /.*/, answeringChabokBulk(() => [200, { message: 'ok' }]), 10);
			const result = await runNode({ node: c.node, parameters: { ...c.parameters, options }, items: c.items, credentials: c.credentials });
			expect(result.error).toBeUndefined();
			nock.cleanAll(); // the unused rest of the 10 answers
			return { requests: requests.map(({ method, url, headers, rawBody }) => ({ method, url, headers, rawBody })), items: result.items };
		};
		const full = await run({});
		const lean = await run({ includeSent: false });

		expect(full.requests.length).toBeGreaterThan(0);
		expect(lean.requests).toEqual(full.requests);
		expect(full.items).toHaveLength(c.items.length);
		expect(lean.items).toHaveLength(c.items.length);
		full.items.forEach((item, i) => {
			expect(item.json.success).toBe(true);
			expect(item.json[field]).toBeDefined();
			const rest = { ...item.json };
			delete rest[field];
			expect(lean.items[i].json).toEqual(rest);
			expect(lean.items[i].json).not.toHaveProperty(field);
			expect(lean.items[i].pairedItem).toEqual(item.pairedItem);
		});
	});
});
