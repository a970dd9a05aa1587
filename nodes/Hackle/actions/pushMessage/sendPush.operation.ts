import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { Entry } from '../../../shared/batches';
import { deliver } from '../../../shared/engine';
import type { Verdict } from '../../../shared/verdict';
import { defaultVerdict, describeBody } from '../../../shared/verdict';
import { deliveryOptions, forOperation, inputModeProperties, propertiesFields, showForDefineBelow } from '../../../shared/descriptions';
import { FieldError } from '../../../shared/errors';
import type { HttpResult } from '../../../shared/http';
import { itemInput } from '../../../shared/input';
import { ParameterReader, readPropertiesParam } from '../../../shared/params';
import { parser } from '../../../shared/parser';
import { compact, isPlainObject, nonEmpty, parseJsonArray } from '../../../shared/properties';
import type { PushUser } from '../../schemas';
import { campaignKeySchema, MAX_PUSH_USERS, pushBody, pushUserSchema } from '../../schemas';
import { hackleConnection } from '../../transport';

const AUTO_SHAPE =
	'a user { "userId": "…" or "deviceId": "…", "apiProperties": {…} }, or an array of such users; the campaign key comes from the parameter';

export const description: INodeProperties[] = forOperation('pushMessage', 'sendPush', [
	{
		displayName: 'Campaign Key',
		name: 'campaignKey',
		type: 'number',
		required: true,
		default: 0,
		description:
			'The key of an API-triggered push campaign, shown in the Hackle dashboard. Items with the same campaign key are sent together, at most 50 users per request.',
	},
	...inputModeProperties(AUTO_SHAPE),
	{
		displayName: 'Users',
		name: 'usersInput',
		type: 'options',
		default: 'single',
		description: 'Whether each item is one user given by fields, or carries a list of users as JSON',
		displayOptions: { show: showForDefineBelow },
		options: [
			{ name: 'One User per Item', value: 'single' },
			{ name: 'List of Users (JSON)', value: 'list' },
		],
	},
	{
		displayName: 'User ID',
		name: 'userId',
		type: 'string',
		default: '',
		description: 'Required when Device ID is empty',
		displayOptions: { show: { ...showForDefineBelow, usersInput: ['single'] } },
	},
	{
		displayName: 'Device ID',
		name: 'deviceId',
		type: 'string',
		default: '',
		description: 'Required when User ID is empty',
		displayOptions: { show: { ...showForDefineBelow, usersInput: ['single'] } },
	},
	...propertiesFields(
		'apiProperties',
		'API Properties',
		'Key-value pairs used to personalise the push message (apiProperties): string, number or boolean values',
		{ ...showForDefineBelow, usersInput: ['single'] },
	),
	{
		displayName: 'Users (JSON)',
		name: 'usersJson',
		type: 'json',
		default: '[\n  { "userId": "eb24b2d8-21a3-4e95-b801-626ba0904e01", "apiProperties": { "productNumber": "123" } }\n]',
		description: 'A JSON array of users, each with userId or deviceId and optional apiProperties',
		displayOptions: { show: { ...showForDefineBelow, usersInput: ['list'] } },
	},
	// A push sent twice reaches a phone twice: always At Most Once, no Delivery option.
	deliveryOptions([], { offerGuarantee: false }),
]);

/** Hackle's documented error codes, in words a workflow builder can act on. */
const ERROR_CODES: Record<string, string> = {
	INVALID_API_KEY:
		'Hackle rejected the API key. Check "API Key" in the Hackle API credential; API keys differ per environment.',
	API_KEY_NOT_FOUND: 'No API key reached Hackle. Fill in "API Key" in the Hackle API credential.',
	EXCEED_USER_MAX_LENGTH: `Hackle accepts at most ${MAX_PUSH_USERS} users per request.`,
	CAMPAIGN_NOT_FOUND:
		'No API-triggered push campaign has this campaign key. Check the key in the Hackle dashboard and that the campaign is API-based.',
	EMPTY_IDENTIFIER: 'A user has neither userId nor deviceId.',
};

export function pushVerdict(result: HttpResult): Verdict {
	const verdict = defaultVerdict(result);
	if (verdict.ok) return verdict;
	const code = isPlainObject(result.body) ? String(result.body.code ?? '') : '';
	const explained = ERROR_CODES[code];
	if (!explained) return verdict;
	return {
		...verdict,
		message: `${explained} (${code}, HTTP ${result.statusCode})`,
		description: describeBody(result.body),
	};
}

function toCampaignKey(value: unknown): number {
	const candidate = typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value;
	const parsed = campaignKeySchema.safeParse(candidate);
	if (!parsed.success) throw new FieldError('campaignKey', parsed.error.issues[0].message);
	return parsed.data;
}

const pushUser = parser(pushUserSchema);

function parseUsers(candidates: unknown[], field: string): PushUser[] {
	if (candidates.length === 0) throw new FieldError(field, 'has no users');
	return candidates.map((candidate, index) => {
		const parsed = pushUser.safeParse(candidate);
		if (!parsed.success) {
			const issue = parsed.error.issues[0];
			throw new FieldError([`${field}[${index}]`, ...issue.path].join('.'), issue.message);
		}
		return parsed.data;
	});
}

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const connection = await hackleConnection(this, 'apiKey', 'Send Push');
	const params = new ParameterReader(this);
	const input = itemInput(this, params);
	const url = `${connection.baseUrl}/v1/push-message/trigger/send`;

	const usersOf = (i: number): PushUser[] => {
		if (input.mode === 'auto') {
			const source = input.mapped(i, 'objectOrArray');
			return parseUsers(Array.isArray(source) ? source : [source], 'users');
		}
		if (params.get<string>('usersInput', i, 'single') === 'list') {
			return parseUsers(parseJsonArray(params.get('usersJson', i, '[]'), 'usersJson'), 'users');
		}
		const user = compact({
			userId: params.get<string>('userId', i, ''),
			deviceId: params.get<string>('deviceId', i, ''),
			apiProperties: nonEmpty(readPropertiesParam(params, 'apiProperties', i, 'apiProperties')),
		});
		return parseUsers([user], 'user');
	};

	return await deliver<PushUser>(this, {
		provider: 'Hackle',
		guarantee: 'atMostOnce',
		connection,
		params,
		payloadOnlyInSent: true,
		maxPerRequest: MAX_PUSH_USERS,
		prepare: (i): Array<Entry<PushUser>> => {
			const campaignKey = toCampaignKey(params.get('campaignKey', i));
			return usersOf(i).map((payload) => ({ itemIndex: i, payload, groupKey: String(campaignKey) }));
		},
		buildCall: (entries, groupKey) => ({
			url,
			body: pushBody(Number(groupKey), entries.map((e) => e.payload)),
		}),
		judge: pushVerdict,
		output: (_i, delivered) => {
			const dispatchIds = [
				...new Set(delivered.map((d) => (d.outcome.result.body as IDataObject | undefined)?.dispatchId as string)),
			];
			const [first] = delivered;
			return {
				success: true,
				statusCode: first.outcome.result.statusCode,
				campaignKey: Number(first.entry.groupKey),
				dispatchId: dispatchIds.length === 1 ? dispatchIds[0] : dispatchIds,
				users: delivered.map((d) => d.entry.payload) as IDataObject[],
				response: (first.outcome.result.body ?? null) as IDataObject,
				request: first.request,
			};
		},
		sentField: 'users',
	});
}
