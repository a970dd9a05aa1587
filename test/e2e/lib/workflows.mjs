// Workflow JSON as n8n's editor saves it, for the two ways the package's users
// trigger the nodes: a Webhook, and a Schedule Trigger.
import crypto from 'node:crypto';

/** The all-in-one package; `E2E_PACKAGE` (e.g. n8n-nodes-hackle) makes the suite run a per-provider package. */
export const ALL_IN_ONE = 'n8n-nodes-event-tracking';
export const PACKAGE = process.env.E2E_PACKAGE || ALL_IN_ONE;

/** A node id (UUID v4 form) derived from `text`, stable across runs. */
export function uuidFrom(text) {
	const hex = crypto.createHash('sha256').update(text).digest('hex');
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** A workflow id n8n accepts (16 characters) derived from a case's name, stable across runs. */
export function workflowId(name) {
	return crypto.createHash('sha256').update(name).digest('base64url').replace(/[-_]/g, 'x').slice(0, 16);
}

/**
 * The node under test: `node` = { type: 'hackle' (node name in the package),
 * parameters, credentials: { hackleApi: { id, name } }, continueOnFail, onError? }.
 */
export function packageNode(node, position) {
	return {
		id: uuidFrom(`${node.type}|${JSON.stringify(node.parameters)}`),
		name: node.name ?? node.type[0].toUpperCase() + node.type.slice(1),
		type: `${PACKAGE}.${node.type}`,
		typeVersion: node.typeVersion ?? 1,
		position,
		parameters: node.parameters,
		credentials: node.credentials,
		// `onError` as n8n's On Error setting (e.g. 'continueErrorOutput'); `continueOnFail` is its usual 'continueRegularOutput'.
		...(node.onError ? { onError: node.onError } : node.continueOnFail ? { onError: 'continueRegularOutput' } : {}),
	};
}

/** n8n's Split Out: one item per element of the array at `field` (e.g. a webhook body that is a JSON array). */
export function splitOutNode(field, position = [350, 300]) {
	return {
		id: uuidFrom(`splitOut|${field}`),
		name: 'Split Out',
		type: 'n8n-nodes-base.splitOut',
		typeVersion: 1,
		position,
		parameters: { fieldToSplitOut: field, include: 'noOtherFields', options: {} },
	};
}

/** trigger → [Split Out] → node under test. The node under test is always the last node. */
function workflow(id, name, trigger, node) {
	const target = packageNode(node, [460, 300]);
	const chain = [trigger, ...(node.splitOut ? [splitOutNode(node.splitOut)] : []), target];
	return workflowJson({ id, name, nodes: chain, connections: chainConnections(chain) });
}

/** Connections of nodes run one after the other, in the array's order. */
export function chainConnections(chain) {
	const connections = {};
	for (let i = 0; i + 1 < chain.length; i++) connections[chain[i].name] = { main: [[{ node: chain[i + 1].name, type: 'main', index: 0 }]] };
	return connections;
}

/** The workflow as n8n saves it: inactive, v1 execution order, UTC, every execution's data saved. */
export function workflowJson({ id, name, nodes, connections }) {
	return {
		id,
		name,
		active: false,
		nodes,
		connections,
		settings: { executionOrder: 'v1', timezone: 'UTC', saveDataSuccessExecution: 'all', saveDataErrorExecution: 'all' },
		pinData: {},
	};
}

/**
 * n8n's Webhook node (POST /webhook/<path>). `answer`: 'lastNode' (with
 * `responseData`, e.g. 'allEntries' or 'noData') or 'onReceived'. Ids derive
 * from the path unless `ids` names their seed.
 */
export function webhookNode({ path, position = [240, 300], answer = 'lastNode', responseData = 'allEntries', ids = path }) {
	const parameters =
		answer === 'lastNode' ? { httpMethod: 'POST', path, responseMode: 'lastNode', responseData, options: {} } : { httpMethod: 'POST', path, responseMode: answer, options: {} };
	return {
		id: uuidFrom(`webhook|${ids}`),
		name: 'Webhook',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		position,
		webhookId: uuidFrom(`webhookId|${ids}`),
		parameters,
	};
}

/** Webhook (POST /webhook/<path>, answers with the last node's items) → node. */
export function webhookWorkflow({ id, name, path, node }) {
	return workflow(id, name, webhookNode({ path }), node);
}

/** Schedule Trigger with a cron expression (seconds field first, UTC) → node. */
export function scheduleWorkflow({ id, name, cron, node }) {
	const trigger = {
		id: uuidFrom(`schedule|${name}`),
		name: 'Schedule Trigger',
		type: 'n8n-nodes-base.scheduleTrigger',
		typeVersion: 1.2,
		position: [240, 300],
		parameters: { rule: { interval: [{ field: 'cronExpression', expression: cron }] } },
	};
	return workflow(id, name, trigger, node);
}

/** A 6-field cron expression that matches once a day, at `date` (UTC, second precision). */
export function cronAt(date) {
	return `${date.getUTCSeconds()} ${date.getUTCMinutes()} ${date.getUTCHours()} * * *`;
}

/**
 * Schedule Trigger (cron, seconds field first, UTC) → HTTP Request (GET `url`,
 * a JSON object whose `field` is an array of events) → Split Out (one item per
 * event) → node: a schedule that pulls events from a source and tracks them.
 */
export function pollingWorkflow({ id, name, cron, url, field = 'events', node }) {
	const trigger = {
		id: uuidFrom(`schedule|${name}`),
		name: 'Schedule Trigger',
		type: 'n8n-nodes-base.scheduleTrigger',
		typeVersion: 1.2,
		position: [0, 300],
		parameters: { rule: { interval: [{ field: 'cronExpression', expression: cron }] } },
	};
	const source = {
		id: uuidFrom(`source|${name}`),
		name: 'Fetch events',
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		position: [220, 300],
		parameters: { method: 'GET', url, options: {} },
	};
	const chain = [trigger, source, splitOutNode(field, [440, 300]), packageNode(node, [660, 300])];
	return workflowJson({ id, name, nodes: chain, connections: chainConnections(chain) });
}
