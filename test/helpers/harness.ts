/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- a jest helper: never compiled into dist/ nor shipped, it needs node:fs, process and __dirname */
/**
 * Runs this package's nodes the way n8n runs them, without an n8n server:
 * the built package is loaded by n8n-core's LazyPackageDirectoryLoader (as n8n
 * loads community packages), a one-node workflow is executed by n8n-core's
 * WorkflowExecute, and credentials are authenticated the way the n8n server's
 * CredentialsHelper does it (function-type `authenticate` called directly;
 * generic ones resolved through the workflow's expression engine). HTTP goes
 * through n8n's real request helpers, so nock sees exactly what a provider
 * would receive.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

process.env.N8N_USER_FOLDER ??= mkdtempSync(path.join(tmpdir(), 'n8n-event-tracking-test-'));

import { ExecuteContext, ExecutionLifecycleHooks, LazyPackageDirectoryLoader, RoutingNode, WorkflowExecute } from 'n8n-core';
import get from 'lodash/get';
import type {
	ICredentialDataDecryptedObject,
	ICredentials,
	ICredentialsDecrypted,
	ICredentialsExpressionResolveValues,
	ICredentialType,
	IDataObject,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	INodeExecutionData,
	INodeProperties,
	INodeType,
	INodeTypes,
	IRun,
	IRunExecutionData,
	IVersionedNodeType,
	IWorkflowBase,
	IWorkflowExecuteAdditionalData,
	IExecuteData,
	WorkflowExecuteMode,
	IHttpRequestHelper,
} from 'n8n-workflow';
import { createEmptyRunExecutionData, createRunExecutionData, ICredentialsHelper, LoggerProxy, NodeHelpers, Workflow } from 'n8n-workflow';

export const PACKAGE_NAME = 'n8n-nodes-event-tracking';
const PACKAGE_DIR = path.resolve(__dirname, '../..');

let loaderPromise: Promise<LazyPackageDirectoryLoader> | undefined;

/** The package as n8n loads it: package.json's n8n section → dist/. */
export async function loadPackage(): Promise<LazyPackageDirectoryLoader> {
	loaderPromise ??= (async () => {
		const loader = new LazyPackageDirectoryLoader(PACKAGE_DIR);
		await loader.loadAll();
		return loader;
	})();
	return await loaderPromise;
}

function credentialDefaults(type: ICredentialType, data: ICredentialDataDecryptedObject): ICredentialDataDecryptedObject {
	const out: ICredentialDataDecryptedObject = {};
	for (const property of type.properties) {
		if (property.default !== undefined) out[property.name] = property.default as never;
	}
	return { ...out, ...data };
}

class TestCredentialsHelper extends ICredentialsHelper {
	constructor(
		private readonly loader: LazyPackageDirectoryLoader,
		private readonly store: Record<string, ICredentialDataDecryptedObject>,
	) {
		super();
	}

	private type(name: string): ICredentialType {
		return this.loader.getCredential(name).type;
	}

	getParentTypes(): string[] {
		return [];
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions,
		workflow?: Workflow,
		node?: INode,
	): Promise<IHttpRequestOptions> {
		// As n8n's server CredentialsHelper.authenticate does.
		const credentialType = this.type(typeName);
		const { authenticate } = credentialType;
		if (!authenticate) return requestOptions;
		if (typeof authenticate === 'function') return await authenticate(credentials, requestOptions);
		if (!workflow || !node) throw new Error('Workflow and node are required for declarative credential authentication');
		requestOptions.headers ??= {};
		if (authenticate.type === 'generic') {
			for (const [outerKey, outerValue] of Object.entries(authenticate.properties)) {
				for (const [key, value] of Object.entries(outerValue as Record<string, string>)) {
					const resolve = (v: string) =>
						workflow.expression.getSimpleParameterValue(node, v, 'internal', { $credentials: credentials }, undefined, '');
					const target = ((requestOptions as unknown as Record<string, Record<string, unknown>>)[outerKey] ??= {});
					target[resolve(key) as string] = resolve(value);
				}
			}
		}
		return requestOptions;
	}

	// The interface's parameters are part of its signature; these test stand-ins ignore them.
	/* eslint-disable @typescript-eslint/no-unused-vars */
	async preAuthentication(
		_helpers: IHttpRequestHelper,
		_credentials: ICredentialDataDecryptedObject,
		_typeName: string,
		_node: INode,
		_expired: boolean,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		return undefined;
	}

	async runPreAuthentication(): Promise<ICredentialDataDecryptedObject | undefined> {
		return undefined;
	}

	async getCredentials(_details: INodeCredentialsDetails, _type: string): Promise<ICredentials> {
		throw new Error('not used in tests');
	}

	async getDecrypted(
		_additionalData: IWorkflowExecuteAdditionalData,
		_nodeCredentials: INodeCredentialsDetails,
		type: string,
		_mode: WorkflowExecuteMode,
		_executeData?: IExecuteData,
		_raw?: boolean,
		_resolve?: ICredentialsExpressionResolveValues,
	): Promise<ICredentialDataDecryptedObject> {
		/* eslint-enable @typescript-eslint/no-unused-vars */
		this.decryptions++;
		const data = this.store[type];
		if (!data) throw new Error(`No test credentials of type ${type}`);
		return credentialDefaults(this.type(type), structuredClone(data));
	}

	decryptions = 0;

	async updateCredentials(): Promise<void> {}

	async updateCredentialsOauthTokenData(): Promise<void> {}

	getCredentialsProperties(type: string): INodeProperties[] {
		return this.type(type).properties;
	}
}

export interface RunOptions {
	/** The node name inside the package, e.g. 'hackle'. */
	node: string;
	parameters: Record<string, unknown>;
	items: Array<Record<string, unknown>>;
	credentials: Record<string, ICredentialDataDecryptedObject>;
	continueOnFail?: boolean;
	/** n8n's "On Error" setting, e.g. 'continueErrorOutput' (failed items on a second output). */
	onError?: INode['onError'];
	/** Cancel the execution (as the editor's stop button does) this many ms after it started. */
	cancelAfterMs?: number;
}

export interface RunResult {
	/** Output items of the node (main output 0), when it succeeded. */
	items: INodeExecutionData[];
	/** Items on the error output (main output 1) with On Error = continueErrorOutput. */
	errorItems: INodeExecutionData[];
	/** The node's error, when the execution failed. */
	error?: Error & { description?: string; context?: IDataObject; httpCode?: string };
	run: IRun;
	/** How often the node asked n8n for decrypted credentials. */
	credentialReads: number;
}

function nodeTypesFor(loader: LazyPackageDirectoryLoader, extra: Record<string, INodeType> = {}): INodeTypes {
	const get = (name: string): INodeType | IVersionedNodeType => {
		if (extra[name]) return extra[name];
		const short = name.startsWith(`${PACKAGE_NAME}.`) ? name.slice(PACKAGE_NAME.length + 1) : name;
		return loader.getNode(short).type;
	};
	return {
		getByName: get,
		getByNameAndVersion: (name: string, version?: number) => NodeHelpers.getVersionedNodeType(get(name), version),
		getKnownTypes: () => ({}),
	};
}

function additionalDataFor(
	helper: TestCredentialsHelper,
	hooks: ExecutionLifecycleHooks,
): IWorkflowExecuteAdditionalData {
	return {
		credentialsHelper: helper,
		hooks,
		executionId: 'test-execution',
		restApiUrl: 'http://127.0.0.1:5678/rest',
		instanceBaseUrl: 'http://127.0.0.1:5678/',
		webhookBaseUrl: 'http://127.0.0.1:5678/webhook',
		webhookWaitingBaseUrl: 'http://127.0.0.1:5678/webhook-waiting',
		webhookTestBaseUrl: 'http://127.0.0.1:5678/webhook-test',
		formBaseUrl: 'http://127.0.0.1:5678/form',
		formWaitingBaseUrl: 'http://127.0.0.1:5678/form-waiting',
		formTestBaseUrl: 'http://127.0.0.1:5678/form-test',
		mcpBaseUrl: 'http://127.0.0.1:5678/mcp',
		mcpTestBaseUrl: 'http://127.0.0.1:5678/mcp-test',
		currentNodeExecutionIndex: 0,
		variables: {},
		executeWorkflow: async () => {
			throw new Error('not used in tests');
		},
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		logAiEvent: () => {},
		startRunnerTask: async () => {
			throw new Error('not used in tests');
		},
	} as unknown as IWorkflowExecuteAdditionalData;
}

async function execute(
	workflowNodes: INode[],
	inputNode: INode,
	items: IDataObject[],
	credentials: Record<string, ICredentialDataDecryptedObject>,
	extraTypes: Record<string, INodeType> = {},
	cancelAfterMs?: number,
): Promise<{ run: IRun; helper: TestCredentialsHelper }> {
	const loader = await loadPackage();
	const nodeTypes = nodeTypesFor(loader, extraTypes);
	const workflowData: IWorkflowBase = {
		id: 'test-workflow',
		name: 'test',
		active: false,
		isArchived: false,
		nodes: workflowNodes,
		connections: {},
		settings: { executionOrder: 'v1' },
		createdAt: new Date(),
		updatedAt: new Date(),
	} as IWorkflowBase;
	const workflow = new Workflow({
		id: workflowData.id,
		name: workflowData.name,
		nodes: workflowNodes,
		connections: {},
		active: false,
		nodeTypes,
		settings: workflowData.settings,
	});
	const helper = new TestCredentialsHelper(loader, credentials);
	const hooks = new ExecutionLifecycleHooks('manual', 'test-execution', workflowData);
	const finished = new Promise<IRun>((resolve) => {
		hooks.addHandler('workflowExecuteAfter', (run) => resolve(run));
	});
	const runExecutionData: IRunExecutionData = createRunExecutionData({
		executionData: {
			nodeExecutionStack: [
				{
					node: inputNode,
					data: { main: [items.map((json) => ({ json }))] },
					source: null,
				},
			],
		},
	});
	const additionalData = additionalDataFor(helper, hooks);
	const workflowExecute = new WorkflowExecute(additionalData, 'manual', runExecutionData);
	const running = workflowExecute.processRunExecutionData(workflow);
	const timer = cancelAfterMs === undefined ? undefined : setTimeout(() => running.cancel(), cancelAfterMs);
	// A cancelled run rejects; the result is still delivered to the hooks.
	await running.catch((error: unknown) => (running.isCanceled ? undefined : Promise.reject(error))).finally(() => clearTimeout(timer));
	return { run: await finished, helper };
}

/** Execute one of the package's nodes on `items` through n8n-core. */
export async function runNode(options: RunOptions): Promise<RunResult> {
	const loader = await loadPackage();
	const nodeType = loader.getNode(options.node).type as INodeType;
	const [credentialType] = (nodeType.description.credentials ?? []).map((c) => c.name);
	const node: INode = {
		id: 'node-under-test',
		name: nodeType.description.defaults.name ?? options.node,
		type: `${PACKAGE_NAME}.${options.node}`,
		typeVersion: 1,
		position: [0, 0],
		parameters: options.parameters as INode['parameters'],
		continueOnFail: options.continueOnFail,
		onError: options.onError,
		credentials: credentialType ? { [credentialType]: { id: 'cred-1', name: 'Test credential' } } : undefined,
	};
	const { run, helper } = await execute([node], node, options.items as IDataObject[], options.credentials, {}, options.cancelAfterMs);
	const taskData = run.data.resultData.runData[node.name]?.[0];
	const error = (run.data.resultData.error ?? taskData?.error) as RunResult['error'];
	const items = taskData?.data?.main?.[0] ?? [];
	const errorItems = taskData?.data?.main?.[1] ?? [];
	return { items, errorItems, error, run, credentialReads: helper.decryptions };
}

export interface CredentialTestResult {
	status: 'OK' | 'Error';
	message: string;
}

/** The description n8n's tester copies when a credential has its own `test` (n8n-nodes-base.noOp's, reduced). */
const NOOP_DESCRIPTION = {
	displayName: 'No Operation, do nothing',
	name: 'n8n-nodes-base.noOp',
	group: ['organization'],
	version: 1,
	description: 'No Operation',
	defaults: { name: 'No Operation, do nothing' },
	inputs: ['main'],
	outputs: ['main'],
	properties: [],
};

/**
 * A credential's declarative `test`, run as n8n 2.40.7's CredentialsTester
 * runs it (n8n package, dist/services/credentials-tester.service.js,
 * `runRequestTest` with the default verdict), line for line: a copy of the
 * noOp node's description whose only property routes `test.request`; a
 * one-node workflow; n8n-core's ExecuteContext and RoutingNode with the
 * decrypted credential (defaults applied, as n8n's applyDefaultsAndOverwrites
 * does), so the request goes through `httpRequestWithAuthentication` and the
 * credential's `authenticate`. Then the same verdict: on a thrown error with
 * an HTTP response, the first `responseCode` rule of that status, else the
 * status text for a non-2xx; else the error's `cause.code`; else its message.
 * On success, the `responseSuccessBody` rules with lodash `get` on the first
 * item's json. The e2e suite checks the same in real n8n.
 */
export async function testCredential(
	credentialType: string,
	data: ICredentialDataDecryptedObject,
): Promise<CredentialTestResult> {
	const loader = await loadPackage();
	const type = loader.getCredential(credentialType).type;
	if (!type.test) throw new Error(`${credentialType} has no test`);
	const testRequest = type.test;
	const credentialsDecrypted: ICredentialsDecrypted = {
		id: 'cred-1',
		name: 'Test credential',
		type: credentialType,
		data: credentialDefaults(type, structuredClone(data)),
	};
	const node: INode = {
		id: 'temp',
		parameters: {},
		name: 'Temp-Node',
		type: NOOP_DESCRIPTION.name,
		typeVersion: 1,
		position: [0, 0],
		credentials: { [credentialType]: { id: credentialsDecrypted.id, name: credentialsDecrypted.name } },
	};
	const nodeTypeCopy = {
		description: {
			...NOOP_DESCRIPTION,
			credentials: [{ name: credentialType, required: true }],
			properties: [
				{ displayName: 'Temp', name: 'temp', type: 'string', routing: { request: testRequest.request }, default: '' },
			],
		},
	} as unknown as INodeType;
	const workflow = new Workflow({
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes: {
			getByName: () => nodeTypeCopy,
			getByNameAndVersion: () => nodeTypeCopy,
			getKnownTypes: () => ({}),
		},
	});
	const helper = new TestCredentialsHelper(loader, { [credentialType]: data });
	const additionalData = additionalDataFor(
		helper,
		new ExecutionLifecycleHooks('internal', 'credential-test', { id: 'temp', nodes: [node], connections: {} } as unknown as IWorkflowBase),
	);
	const executeData: IExecuteData = { node, data: {}, source: null };
	const executeFunctions = new ExecuteContext(
		workflow,
		node,
		additionalData,
		'internal',
		createEmptyRunExecutionData(),
		0,
		[],
		{ main: [[{ json: {} }]] },
		executeData,
		[],
	);
	const routingNode = new RoutingNode(executeFunctions, nodeTypeCopy, credentialsDecrypted);
	type TestError = Error & { cause?: { response?: { status: number; statusText?: string }; code?: string } };
	let response: INodeExecutionData[][] | null | undefined;
	try {
		await workflow.expression.acquireIsolate();
		response = await routingNode.runNode();
	} catch (caught) {
		const error = caught as TestError;
		if (error.cause?.response) {
			const statusCode = error.cause.response.status;
			for (const rule of testRequest.rules ?? []) {
				if (rule.type === 'responseCode' && statusCode === rule.properties.value) {
					return { status: 'Error', message: String(rule.properties.message) };
				}
			}
			if (statusCode < 199 || statusCode > 299) {
				return { status: 'Error', message: error.cause.response.statusText || `Received HTTP status code: ${statusCode}` };
			}
		} else if (error.cause?.code) {
			return { status: 'Error', message: error.cause.code };
		}
		return { status: 'Error', message: error.message.toString() };
	} finally {
		await workflow.expression.releaseIsolate();
	}
	for (const rule of testRequest.rules ?? []) {
		if (rule.type === 'responseSuccessBody') {
			const responseData = response![0][0].json;
			if (get(responseData, rule.properties.key) === rule.properties.value) {
				return { status: 'Error', message: String(rule.properties.message) };
			}
		}
	}
	return { status: 'OK', message: 'Connection successful!' };
}

/**
 * Everything logged from now on: by the nodes (`this.logger`), by n8n-core's
 * ErrorReporter (which logs every node error it is handed) and by the
 * workflow engine (LoggerProxy). n8n-core resolves its Logger from its own
 * copy of @n8n/di and @n8n/backend-common (node_modules/n8n-core/node_modules),
 * so the recording logger is registered in every copy there is: registering
 * it only in the top-level container would record nothing at all.
 */
export function captureLogs(): string[] {
	const lines: string[] = [];
	const record =
		(level: string) =>
		(message: unknown, meta?: unknown) =>
			lines.push(`${level} ${String(message)} ${meta === undefined ? '' : JSON.stringify(meta)}`);
	const logger = {
		error: record('error'),
		warn: record('warn'),
		info: record('info'),
		debug: record('debug'),
		verbose: record('verbose'),
		scoped: () => logger,
	};
	const coreDir = path.dirname(require.resolve('n8n-core/package.json'));
	const copies = new Set<string>();
	for (const from of [PACKAGE_DIR, coreDir]) {
		const di = require.resolve('@n8n/di', { paths: [from] });
		const common = require.resolve('@n8n/backend-common', { paths: [from] });
		if (copies.has(`${di}|${common}`)) continue;
		copies.add(`${di}|${common}`);
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const { Container } = require(di) as typeof import('@n8n/di');
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const { Logger } = require(common) as typeof import('@n8n/backend-common');
		Container.set(Logger, logger as unknown as InstanceType<typeof Logger>);
	}
	LoggerProxy.init(logger as unknown as Parameters<typeof LoggerProxy.init>[0]);
	return lines;
}
