import { z } from 'zod';

import { refined } from '../shared/checked';

/** Hackle documents string values; its own example also sends numbers and booleans. */
const scalar = z.union([z.string(), z.number().finite(), z.boolean()], {
	errorMap: () => ({ message: 'must be a string, a finite number or a boolean' }),
});
const id = z.string().min(1, 'must not be empty');

/** `POST /v1/track`: the Event object. */
export const eventSchema = z
	.object({
		key: id,
		value: z.number().finite().optional(),
		properties: z.record(scalar).optional(),
	})
	.strict();

/** `POST /v1/track`: the User object; at least one identifier. */
export const trackUserSchema = refined(
	z
		.object({
			userId: id.optional(),
			deviceId: id.optional(),
			identifiers: z.record(z.string({ invalid_type_error: 'must be a string (identifiers are key-string pairs)' })).optional(),
			properties: z.record(scalar).optional(),
		})
		.strict(),
	(user, ctx) => {
		if (!user.userId && !user.deviceId && Object.keys(user.identifiers ?? {}).length === 0) {
			ctx.addIssue({
				code: z.ZodIssueCode.custom,
				path: ['userId'],
				message: 'is required when there is no deviceId and no identifier: at least one user identifier must be set',
			});
		}
	},
);

export const trackBodySchema = z.object({ event: eventSchema, user: trackUserSchema }).strict();
export type TrackBody = z.infer<typeof trackBodySchema>;

/** `POST /v1/push-message/trigger/send`: one user; userId required when deviceId is missing and vice versa. */
export const pushUserSchema = refined(
	z
		.object({
			userId: id.optional(),
			deviceId: id.optional(),
			apiProperties: z.record(scalar).optional(),
		})
		.strict(),
	(user, ctx) => {
		if (!user.userId && !user.deviceId) {
			ctx.addIssue({
				code: z.ZodIssueCode.custom,
				path: ['userId'],
				message: 'is required when deviceId is missing (each user needs userId or deviceId)',
			});
		}
	},
);
export type PushUser = z.infer<typeof pushUserSchema>;

export const MAX_PUSH_USERS = 50;

export const campaignKeySchema = z
	.number({ invalid_type_error: 'must be a number (the campaign key shown in the Hackle dashboard)' })
	.int('must be a whole number')
	.positive('must be a positive number');

export const pushBodySchema = z
	.object({
		campaignKey: campaignKeySchema,
		users: z.array(pushUserSchema).min(1).max(MAX_PUSH_USERS),
	})
	.strict();
export type PushBody = z.infer<typeof pushBodySchema>;

/**
 * A push body from users each already parsed by pushUserSchema (the
 * operation's prepare step): the array's own rule (1 to MAX_PUSH_USERS
 * users) is checked without parsing every user a second time, so the body
 * is pushBodySchema-valid by construction (test/wire-record.test.ts parses
 * every body sent with pushBodySchema). Issue 18: the second parse was a
 * third of the run's allocations.
 */
export function pushBody(campaignKey: number, users: PushUser[]): PushBody {
	if (users.length < 1 || users.length > MAX_PUSH_USERS) throw new Error(`a push request carries 1 to ${MAX_PUSH_USERS} users, not ${users.length}`);
	return { campaignKey, users };
}
