import { FieldError } from './errors';

const LOOPBACK_HOSTS = new Set(['localhost', '[::1]', '::1']);

export function isLoopbackHost(hostname: string): boolean {
	return LOOPBACK_HOSTS.has(hostname) || /^127(\.\d{1,3}){3}$/.test(hostname);
}

/**
 * A base URL from a credential: https anywhere, http only to this machine
 * (127.0.0.0/8, localhost, ::1) for test servers. No user info, query or
 * fragment. Returned without a trailing slash.
 */
export function checkBaseUrl(raw: unknown, field: string): string {
	const text = typeof raw === 'string' ? raw.trim() : '';
	if (!text) throw new FieldError(field, 'is empty');
	const url = URL.canParse(text) ? new URL(text) : undefined;
	if (!url) throw new FieldError(field, `is not a valid URL ("${text.slice(0, 100)}")`);
	if (url.protocol === 'http:') {
		if (!isLoopbackHost(url.hostname)) {
			throw new FieldError(
				field,
				`must use https; http is allowed only to this machine (127.0.0.1, localhost, ::1), got host "${url.hostname}"`,
			);
		}
	} else if (url.protocol !== 'https:') {
		throw new FieldError(field, `must be an https URL, got scheme "${url.protocol.replace(':', '')}"`);
	}
	if (url.username || url.password) throw new FieldError(field, 'must not contain a user name or password');
	if (url.search || url.hash) throw new FieldError(field, 'must not contain a query (?) or fragment (#)');
	return url.toString().replace(/\/+$/, '');
}

/**
 * One DNS label (RFC 1123): letters, digits and hyphens, 1 to 63 characters,
 * not starting or ending with a hyphen. A value that passes cannot add a dot,
 * slash, `@`, port or scheme to a host name it is put into, so it cannot send
 * a request (and the credential's headers) to another host.
 */
export const HOST_LABEL_PATTERN = '^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$';

const HOST_LABEL = new RegExp(HOST_LABEL_PATTERN);

/** A value that becomes part of a host name (e.g. `{APP_ID}.push.example.com`), checked as one DNS label. */
export function checkHostLabel(raw: unknown, field: string): string {
	const text = typeof raw === 'string' ? raw.trim() : '';
	if (!text) throw new FieldError(field, 'is empty');
	if (!HOST_LABEL.test(text)) {
		throw new FieldError(
			field,
			`must be a plain host name label (letters, digits and hyphens, at most 63, not starting or ending with a hyphen), got "${text.slice(0, 100)}"`,
		);
	}
	return text;
}

/**
 * The URL a request goes to, composed from `url` and `baseURL` the way axios
 * (under n8n's request helpers) composes them: an absolute `url` (or one
 * starting with `//`) stands alone, else it is appended to `baseURL` with one
 * slash between.
 */
export function requestTarget(url: string | undefined, baseURL: string | undefined): string {
	const path = url ?? '';
	if (!baseURL || /^([a-z][a-z\d+\-.]*:)?\/\//i.test(path)) return path;
	return path ? `${baseURL.replace(/\/?\/$/, '')}/${path.replace(/^\/+/, '')}` : baseURL;
}

/**
 * The rule for a request that carries a credential's secret: it goes only to
 * the credential's base URL (already checked by `checkBaseUrl`) or below it.
 * Called from the credentials' `authenticate`, so it holds for the nodes'
 * requests and for the credential test's probe alike, before anything is
 * sent. The message names the hosts, never the secret.
 */
export function checkUnderBaseUrl(target: string, baseUrl: string, field: string): string {
	const url = URL.canParse(target) ? new URL(target) : undefined;
	if (!url) throw new FieldError(field, `does not give a valid request URL ("${target.slice(0, 100)}")`);
	const href = url.href;
	if (href !== baseUrl && !href.startsWith(`${baseUrl}/`)) {
		throw new FieldError(
			field,
			`is ${baseUrl}; a request to ${url.origin}${url.pathname} lies outside it and was not sent, so the key does not go there`,
		);
	}
	return href;
}

/**
 * What every credential's `authenticate` checks before it adds a secret: the
 * credential's base URL (its setting, else `fallback`) under checkBaseUrl's
 * rule, and the request going to it or below it (checkUnderBaseUrl).
 * Returns the base URL.
 */
export function checkRequestTarget(
	request: { url?: string; baseURL?: string },
	setting: unknown,
	fallback: string,
	field: string,
): string {
	const baseUrl = checkBaseUrl(String(setting ?? '').trim() || fallback, field);
	checkUnderBaseUrl(requestTarget(request.url, request.baseURL), baseUrl, field);
	return baseUrl;
}
