import type {
	ICredentialDataDecryptedObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
} from 'n8n-workflow';

import { inputProblem } from './properties';

/** What a node asks to send: the body is serialized once, here, by the engine. */
export interface HttpCall {
	method: IHttpRequestMethods;
	url: string;
	/** Sent as this exact JSON text (what a signature is computed over). */
	body: string;
	headers?: Record<string, string>;
}

export interface HttpResult {
	statusCode: number;
	headers: Record<string, unknown>;
	/** The parsed JSON body, or the raw text when it is not JSON, or undefined when empty. */
	body: unknown;
	rawBody: string;
}

export type Send = (call: HttpCall, timeoutMs: number) => Promise<HttpResult>;

/**
 * An answer's body: parsed JSON, or the text as it came when it is not JSON
 * or is nested deeper than anything downstream (redaction, messages, n8n's
 * own saving) can walk safely.
 */
export function parseBody(raw: unknown): { body: unknown; rawBody: string } {
	const rawBody = typeof raw === 'string' ? raw : raw === undefined || raw === null ? '' : JSON.stringify(raw);
	if (rawBody.trim() === '') return { body: undefined, rawBody };
	let body: unknown = rawBody;
	try {
		body = JSON.parse(rawBody);
	} catch {
		return { body: rawBody, rawBody };
	}
	return { body: inputProblem(body, 'answer', { allowProtoKey: true }) ? rawBody : body, rawBody };
}

/** The headers the node itself sets on a request (the credential adds its own). */
export function requestHeaders(call: HttpCall): Record<string, string> {
	return { 'Content-Type': 'application/json', Accept: 'application/json', ...call.headers };
}

/**
 * The one way the nodes reach a provider: n8n's `httpRequestWithAuthentication`
 * (so the credential's `authenticate`, n8n's proxy settings and error classes
 * apply), with the credential decrypted once per execution and handed in, the
 * status never thrown (the engine decides what is retried) and the body read
 * as text (a malformed answer is reported, not thrown).
 */
export function createSender(
	ctx: IExecuteFunctions,
	credentialType: string,
	credentials: ICredentialDataDecryptedObject,
): Send {
	const node = ctx.getNode();
	const credentialsDecrypted = {
		id: node.credentials?.[credentialType]?.id ?? credentialType,
		name: node.credentials?.[credentialType]?.name ?? credentialType,
		type: credentialType,
		data: credentials,
	};
	return async (call, timeoutMs) => {
		const options: IHttpRequestOptions = {
			method: call.method,
			url: call.url,
			body: call.body,
			headers: requestHeaders(call),
			timeout: timeoutMs,
			// Never follow a redirect: n8n's helper would re-send the body and the
			// credential's custom headers to whatever host Location names.
			disableFollowRedirect: true,
			maxRedirects: 0,
			encoding: 'text',
			json: false,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
		};
		const response = (await ctx.helpers.httpRequestWithAuthentication.call(
			ctx,
			credentialType,
			options,
			{ credentialsDecrypted },
		)) as { statusCode: number; headers: Record<string, unknown>; body: unknown };
		return { statusCode: response.statusCode, headers: response.headers ?? {}, ...parseBody(response.body) };
	};
}

/** Failures before the request left: nothing can have been recorded. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'ENETDOWN', 'EHOSTDOWN']);
/** The connection broke after it was open: the request may have been written and recorded. */
const DROPPED_CODES = new Set(['ECONNRESET', 'EPIPE']);
const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'ECONNABORTED', 'ESOCKETTIMEDOUT', 'UND_ERR_HEADERS_TIMEOUT']);

export interface NetworkFailure {
	kind: 'notSent' | 'dropped' | 'timeout' | 'other';
	code: string;
	message: string;
	/** Worth sending again (see retry.ts for whether the Delivery option allows it). */
	retry: boolean;
	/** The request may have reached the provider and been recorded. */
	mayBeRecorded?: boolean;
}

/**
 * What went wrong with a request that got no HTTP answer. The error n8n hands
 * back wraps the client's error; its code is looked for along the `cause`
 * chain. Only the code and a message free of request details are kept, so no
 * header (and no secret) leaves through the error.
 */
export function classifyNetworkError(error: unknown): NetworkFailure {
	let current: unknown = error;
	const seen = new Set<unknown>();
	let code = '';
	let timeout = false;
	while (current && typeof current === 'object' && !seen.has(current)) {
		seen.add(current);
		const candidate = current as { code?: unknown; message?: unknown; cause?: unknown; name?: unknown };
		if (!code && typeof candidate.code === 'string' && /^E[A-Z_]+$|^UND_ERR/.test(candidate.code)) {
			code = candidate.code;
		}
		if (typeof candidate.message === 'string' && /timeout of \d+ms exceeded|timed? ?out/i.test(candidate.message)) {
			timeout = true;
		}
		if (candidate.name === 'AbortError') code = code || 'ABORTED';
		if (!code && typeof candidate.message === 'string' && /socket hang up/i.test(candidate.message)) code = 'ECONNRESET';
		current = candidate.cause;
	}
	if (timeout || TIMEOUT_CODES.has(code)) {
		return { kind: 'timeout', code: code || 'ETIMEDOUT', message: 'the provider did not answer in time', retry: true, mayBeRecorded: true };
	}
	if (NOT_SENT_CODES.has(code)) {
		return { kind: 'notSent', code, message: `the connection failed (${code})`, retry: true };
	}
	if (DROPPED_CODES.has(code)) {
		return { kind: 'dropped', code, message: `the connection was dropped before an answer arrived (${code})`, retry: true, mayBeRecorded: true };
	}
	// Anything else (n8n 1.x hands back a dropped connection with no code at all): whether the request
	// reached the provider cannot be told, so it may have been recorded, and it is not resent.
	return {
		kind: 'other',
		code: code || 'UNKNOWN',
		message: `the request failed without an answer (${code || 'unknown error'}); it may have reached the provider`,
		retry: false,
		mayBeRecorded: true,
	};
}
