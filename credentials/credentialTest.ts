import type {
	IAuthenticateRuleResponseCode,
	IAuthenticateRuleResponseSuccessBody,
	ICredentialTestRequest,
} from 'n8n-workflow';

/**
 * What the four credentials' declarative tests share: the probe's request
 * options that make only the provider's own answer count, and the rules that
 * turn every other answer into a plain message.
 *
 * How n8n 2.40.7 runs a declarative credential test (CredentialsTester in the
 * n8n package, services/credentials-tester.service.js): the `request` goes
 * through n8n-core's RoutingNode, so through `httpRequestWithAuthentication`
 * and the credential's `authenticate`. An answer whose status the request
 * helper treats as an error is matched against the `responseCode` rules (the
 * first equal status gives the message; an unmatched non-2xx gives the status
 * text). An answer that is not an error is matched against the
 * `responseSuccessBody` rules: `lodash.get(body, key) === value` fails the
 * test with the rule's message. Anything else is "Connection successful".
 *
 * So the probe's request says:
 * - `ignoreHttpStatusErrors: { ignore: true, except }`, with `except` every
 *   status but the ones the provider gives to the probe: n8n-core's helper
 *   sets axios' validateStatus to "not in except", so every other status, a
 *   2xx included, is an error and meets the responseCode rules;
 * - `disableFollowRedirect: true`: axios' maxRedirects 0, so a 3xx is the
 *   answer itself (an error by the rule above), never followed to the
 *   Location's host with the credential's headers.
 * The provider's expected status then reaches the body rules, which refuse a
 * body that is not JSON: axios leaves a body it cannot parse as a string, and
 * `lodash.get(aString, 'constructor.name')` is 'String' (a parsed JSON
 * object's is 'Object').
 *
 * A function test (node `testedBy` + `methods.credentialTest`) was the other
 * way. In n8n 2.40.7 its context (n8n-core's CredentialTestContext) offers one
 * request helper, the deprecated `helpers.request`, which `n8n-node lint`
 * refuses (no-deprecated-workflow-functions), and it bypasses the
 * credential's `authenticate` (the key would be set by hand, the pattern
 * no-http-request-with-manual-auth exists to stop). And n8n uses a
 * credential's own `test` before any node's `testedBy`.
 */

export interface ProbeAnswers {
	/** The provider's name as the messages show it, e.g. 'Hackle'. */
	provider: string;
	/** The credential field the host comes from, e.g. 'Base URL'. */
	setting: string;
	/** What to check when the host looks wrong; default "Check the <setting>". */
	check?: string;
	/** The HTTP statuses the provider gives to the probe once it accepts the key. */
	expected: number[];
	/** Says what the provider answers to the probe, for the "unexpected answer" messages. */
	expectation: string;
	/** Messages for a refused key. */
	unauthorized: string;
	forbidden: string;
	/** More body rules for the expected answers (after the "not JSON" one). */
	bodyRules?: IAuthenticateRuleResponseSuccessBody[];
}

/** Statuses a server can send (Node's HTTP client takes 100-999); 1xx are interim, never the answer. */
const ALL_STATUSES = Array.from({ length: 900 }, (_, i) => i + 100);

/** Unexpected statuses that get their own message; any other one gets n8n's "Received HTTP status code". */
const NAMED_2XX = [200, 201, 202, 203, 204, 205, 206];
const REDIRECTS = [300, 301, 302, 303, 304, 305, 307, 308];
const SERVER_ERRORS = [500, 501, 502, 503, 504, 505, 507, 508, 511];
const CLIENT_ERRORS = [400, 405, 406, 407, 408, 409, 410, 411, 413, 415, 422, 429];

/** The request options every probe carries: no redirect followed, only the provider's answers let through. */
export function probeOptions(expected: number[]): {
	disableFollowRedirect: true;
	ignoreHttpStatusErrors: { ignore: true; except: number[] };
	json: true;
} {
	return {
		disableFollowRedirect: true,
		ignoreHttpStatusErrors: { ignore: true, except: ALL_STATUSES.filter((status) => !expected.includes(status)) },
		json: true,
	};
}

function code(value: number, message: string): IAuthenticateRuleResponseCode {
	return { type: 'responseCode', properties: { value, message } };
}

/** The rules of a probe, in the order n8n applies them (first match wins). */
export function probeRules(answers: ProbeAnswers): ICredentialTestRequest['rules'] {
	const { provider, setting, expected, expectation } = answers;
	const check = answers.check ?? `Check the ${setting}`;
	const unexpected = (status: number) => !expected.includes(status);
	const codes: IAuthenticateRuleResponseCode[] = [];
	if (unexpected(401)) codes.push(code(401, answers.unauthorized));
	if (unexpected(403)) codes.push(code(403, answers.forbidden));
	if (unexpected(404)) {
		codes.push(
			code(
				404,
				`Nothing answers at this ${setting} (HTTP 404): it is not ${provider}'s API. ${check}.`,
			),
		);
	}
	for (const status of REDIRECTS.filter(unexpected)) {
		codes.push(
			code(
				status,
				`The ${setting} answered with a redirect (HTTP ${status}) instead of ${provider}'s answer. Redirects are not followed, so the key went nowhere else. ${check}: it must be the address that answers itself.`,
			),
		);
	}
	for (const status of SERVER_ERRORS.filter(unexpected)) {
		codes.push(
			code(
				status,
				`The server at the ${setting} failed (HTTP ${status}), so the key could not be checked. Try again later. ${check} if it persists.`,
			),
		);
	}
	if (unexpected(429)) {
		codes.push(code(429, `${provider} is rate limiting these requests (HTTP 429), so the key could not be checked. Try again in a minute.`));
	}
	for (const status of [...NAMED_2XX, ...CLIENT_ERRORS.filter((s) => s !== 429)].filter(unexpected)) {
		codes.push(
			code(
				status,
				`Unexpected answer from the ${setting} (HTTP ${status}): ${expectation}. ${check}: it may not point at ${provider}'s API.`,
			),
		);
	}
	const bodies: IAuthenticateRuleResponseSuccessBody[] = [
		{
			type: 'responseSuccessBody',
			properties: {
				key: 'constructor.name',
				value: 'String',
				message: `The ${setting} answered with a page that is not JSON (an HTML or text page, or nothing), not ${provider}'s answer. ${check}: it may point at a website or a proxy's error page.`,
			},
		},
		...(answers.bodyRules ?? []),
	];
	// n8n's type lists rules of one kind per array; its tester loops over one
	// array of both kinds, checking each rule's `type`.
	return [...codes, ...bodies] as unknown as ICredentialTestRequest['rules'];
}
