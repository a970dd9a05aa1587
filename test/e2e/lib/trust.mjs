// Checks for the e2e cases of the trust promises (issue #14): a redirect is
// never followed and fails its items naming the status and the Location host;
// an answer lost after the provider recorded the request fails its items as
// "may have been recorded", never resent under the default delivery. Each
// returns an Expectation `check` ({ items, execution } => problems).
import { REDIRECT_QUERY } from '../fakes/other-host.mjs';

const textOf = (x) => `${x?.error ?? x?.message ?? ''}\n${x?.description ?? ''}`;
const sorted = (list) => JSON.stringify([...(list ?? [])].sort((a, b) => a - b));

/** The node's error of a failed execution (Continue On Fail off). */
function executionError(execution) {
	const runData = execution.data?.resultData?.runData ?? {};
	for (const runs of Object.values(runData)) for (const run of runs) if (run.error) return run.error;
	return execution.data?.resultData?.error;
}

/** How the other host must be named: its host name, or host:port where it shares 127.0.0.1 with the fakes. */
function otherHostName(otherHost) {
	return otherHost.host === '127.0.0.1' ? `${otherHost.host}:${otherHost.port}` : otherHost.host;
}

function redirectTextProblems(text, { where, status, otherHost }) {
	const problems = [];
	if (!new RegExp(`\\b${status}\\b`).test(text)) problems.push(`${where}: does not name the status ${status}: ${text.slice(0, 300)}`);
	const host = otherHostName(otherHost);
	if (!text.includes(host)) problems.push(`${where}: does not name the Location host ${host}: ${text.slice(0, 300)}`);
	if (text.includes(REDIRECT_QUERY)) problems.push(`${where}: shows the Location's query (${REDIRECT_QUERY})`);
	return problems;
}

/**
 * A 3xx to the other host: the items `indexes` failed (on their items with
 * Continue On Fail, else named by the execution's error), the message names
 * the status and the Location host but not its query; `mayBeRecorded` only
 * for 303. (That the other host received nothing, run.mjs checks for every case.)
 */
export function redirectCheck({ fake, status, indexes, continueOnFail }) {
	const maybe = status === 303;
	return ({ items, execution }) => {
		const problems = [];
		if (continueOnFail) {
			for (const index of indexes) {
				const item = items[index];
				const where = `item ${index}`;
				if (item?.success !== false) {
					problems.push(`${where}: expected a failed item, got ${JSON.stringify(item).slice(0, 300)}`);
					continue;
				}
				problems.push(...redirectTextProblems(textOf(item), { where, status, otherHost: fake.otherHost }));
				if ((item.mayBeRecorded === true) !== maybe) problems.push(`${where}: mayBeRecorded is ${item.mayBeRecorded}, expected ${maybe} after a ${status}`);
			}
			return problems;
		}
		const error = executionError(execution);
		if (!error) return ['no error in the execution data'];
		problems.push(...redirectTextProblems(textOf(error), { where: 'the execution error', status, otherHost: fake.otherHost }));
		if (sorted(error.context?.failedItems) !== sorted(indexes)) problems.push(`the error's context.failedItems is ${JSON.stringify(error.context?.failedItems)}, expected ${JSON.stringify(indexes)}`);
		const wantMaybe = maybe ? indexes : [];
		if (sorted(error.context?.mayBeRecordedItems) !== sorted(wantMaybe)) problems.push(`the error's context.mayBeRecordedItems is ${JSON.stringify(error.context?.mayBeRecordedItems)}, expected ${JSON.stringify(wantMaybe)}`);
		return problems;
	};
}

const MAY_HAVE = /may have recorded/i;
const NOT_RESENT = /not (been )?(re-?sent|sent (it |them )?again|retried)/i;

/** The items on the error output (main output 1) of the node whose On Error is 'continueErrorOutput'. */
function errorOutputItems(execution) {
	const runData = execution.data?.resultData?.runData ?? {};
	for (const runs of Object.values(runData)) for (const run of runs) if (run.data?.main?.length > 1) return (run.data.main[1] ?? []).map((item) => item.json);
	return undefined;
}

/**
 * On Error → Continue (using error output): the items `indexes` arrive on the
 * error output, each with `error` naming it and `details.mayBeRecorded: true`
 * (what n8n routes there: the input item's fields, `error`, and the facts under `details`).
 */
export function lostAnswerOnErrorOutputCheck({ indexes }) {
	return ({ items, execution }) => {
		const problems = [];
		if (items.length) problems.push(`the success output holds ${items.length} items, expected none`);
		const failed = errorOutputItems(execution);
		if (!failed) return [...problems, 'the node has no error output in the execution data'];
		if (failed.length !== indexes.length) problems.push(`the error output holds ${failed.length} items, expected ${indexes.length}`);
		for (const [k, index] of indexes.entries()) {
			const json = failed[k];
			const text = `${json?.error ?? ''}\n${json?.details?.description ?? ''}`;
			if (json?.details?.mayBeRecorded !== true) problems.push(`error output item ${k}: details.mayBeRecorded is ${json?.details?.mayBeRecorded}, expected true: ${String(JSON.stringify(json)).slice(0, 400)}`);
			if (!new RegExp(`\\bitem ${index}\\b`).test(String(json?.error))) problems.push(`error output item ${k}: error does not name item ${index}: ${String(json?.error).slice(0, 200)}`);
			if (!MAY_HAVE.test(text)) problems.push(`error output item ${k}: does not say the provider may have recorded it: ${text.slice(0, 300)}`);
		}
		return problems;
	};
}

/**
 * The provider recorded the request, its answer was lost (a 502 after
 * recording, a dropped connection): the items `indexes` failed with
 * `mayBeRecorded: true` and a message saying the provider may have recorded
 * them and they were not resent (Continue On Fail on), or the execution's
 * error lists them in context.mayBeRecordedItems (off).
 */
export function lostAnswerCheck({ indexes, continueOnFail }) {
	return ({ items, execution }) => {
		const problems = [];
		if (continueOnFail) {
			for (const index of indexes) {
				const item = items[index];
				const where = `item ${index}`;
				if (item?.success !== false || item.mayBeRecorded !== true) {
					problems.push(`${where}: expected a failed item with mayBeRecorded: true, got ${JSON.stringify(item).slice(0, 400)}`);
					continue;
				}
				const text = textOf(item);
				if (!MAY_HAVE.test(text) || !NOT_RESENT.test(text)) problems.push(`${where}: the message does not say the provider may have recorded it and it was not resent: ${text.slice(0, 400)}`);
			}
			return problems;
		}
		const error = executionError(execution);
		if (!error) return ['no error in the execution data'];
		const text = textOf(error);
		if (!MAY_HAVE.test(text)) problems.push(`the execution error does not say the provider may have recorded the items: ${text.slice(0, 400)}`);
		if (sorted(error.context?.failedItems) !== sorted(indexes)) problems.push(`the error's context.failedItems is ${JSON.stringify(error.context?.failedItems)}, expected ${JSON.stringify(indexes)}`);
		if (sorted(error.context?.mayBeRecordedItems) !== sorted(indexes)) problems.push(`the error's context.mayBeRecordedItems is ${JSON.stringify(error.context?.mayBeRecordedItems)}, expected ${JSON.stringify(indexes)}`);
		return problems;
	};
}

/** Run several checks, all their problems. */
export const allOf =
	(...checks) =>
	(ctx) =>
		checks.flatMap((check) => check(ctx));
