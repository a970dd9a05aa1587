import { z } from 'zod';

import type { RuleContext } from '../shared/checked';
import { refined } from '../shared/checked';
import { jsonObjectSchema } from '../shared/json';

/**
 * Zod schemas of Chabok's `POST /api/installations/track`, `.../trackBulk`
 * and `.../trackPurchase` bodies (api-docs/004_…txt and the bulk facts in
 * api-docs/README.md). The key order of each object is the document's:
 * installationId | userId, eventName, eventTime, revenue, currency, eventData;
 * zod builds its output in this order, so both input modes send the same bytes.
 */

/** Most events in one bulk array (`POST /api/installations/trackBulk`). */
export const MAX_BULK_EVENTS = 1000;

const text = (what: string) =>
	z
		.string({ invalid_type_error: `must be a string (${what})` })
		// A string check rather than a refine: no extra parse layer per field and event.
		.regex(/\S/, { message: 'must not be empty' });

const identity = {
	/** Reported by the Chabok SDK; the preferred identity (the device is known). */
	installationId: text('the installation ID reported by the Chabok SDK').optional(),
	/** Chabok records the event on the user's last signed-in device. */
	userId: text('the user ID').optional(),
};

const event = {
	eventName: text('the event name'),
	/** Epoch milliseconds; absent = Chabok stores the time it received the event. */
	eventTime: z.number().finite().int().nonnegative().optional(),
};

/** eventData: free-form JSON under the common rule (dates have already become ISO UTC strings). */
const eventData = { eventData: jsonObjectSchema('must be an object of key/value pairs') };

function exactlyOneIdentity(body: { installationId?: string; userId?: string }, ctx: RuleContext): void {
	if (body.installationId !== undefined && body.userId !== undefined) {
		ctx.addIssue({
			code: z.ZodIssueCode.custom,
			path: ['userId'],
			message: 'must not be given together with installationId: identify each event by exactly one of them',
		});
	} else if (body.installationId === undefined && body.userId === undefined) {
		ctx.addIssue({
			code: z.ZodIssueCode.custom,
			path: ['installationId'],
			message: 'is required (or userId): each event needs exactly one of installationId and userId',
		});
	}
}

/** `POST /api/installations/track`: one event (and each element of a trackBulk array). */
export const trackEventSchema = refined(z.object({ ...identity, ...event, ...eventData }).strict(), exactlyOneIdentity);
export type TrackEventBody = z.infer<typeof trackEventSchema>;

/** `POST /api/installations/trackPurchase`: one purchase. */
export const trackPurchaseSchema = refined(
	z
		.object({
			...identity,
			...event,
			revenue: z
				.number({ required_error: 'is required', invalid_type_error: 'must be a number' })
				.finite('must be a finite number'),
			currency: text('e.g. RIAL').optional(),
			...eventData,
		})
		.strict(),
	exactlyOneIdentity,
);
export type TrackPurchaseBody = z.infer<typeof trackPurchaseSchema>;

/**
 * `POST /api/installations/trackBulk` (chabok-io/chabok-docs,
 * rest-api/bulk-send-event.md, its latest version): a JSON array of 1 to
 * 1,000 events, each by userId or by installationId. Chabok answers
 * `{"queued": true, "n": N}`, N the events it queued correctly.
 */
export const bulkTrackSchema = z.array(trackEventSchema).min(1).max(MAX_BULK_EVENTS);

/**
 * A bulk array from events each already parsed by the operation's schema
 * (prepare): the array's own rule (1 to MAX_BULK_EVENTS events) is checked
 * without parsing every event a second time, so the body is
 * bulkTrackSchema-valid by construction (test/wire-record.test.ts parses
 * every bulk body sent with bulkTrackSchema).
 */
export function bulkBody<P>(events: P[]): P[] {
	if (events.length < 1 || events.length > MAX_BULK_EVENTS) throw new Error(`a bulk request carries 1 to ${MAX_BULK_EVENTS} events, not ${events.length}`);
	return events;
}
