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
