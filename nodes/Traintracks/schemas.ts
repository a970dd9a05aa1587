import { DateTime } from 'luxon';
import { z } from 'zod';

import { FieldError } from '../shared/errors';
import { checked } from '../shared/checked';
import { jsonObjectSchema } from '../shared/json';
import { parser } from '../shared/parser';
import type { Instant } from '../shared/time';
import { isMicrosecondTimestamp, isUnset, parseTime, toMicrosecondTimestamp } from '../shared/time';

/*
 * The event object of Traintracks' "Sending events to Traintracks" document
 * (api-docs/003_…txt). The key order of the shape below is the order of the
 * document's example, and zod builds its output in shape order, so every
 * event goes on the wire as build, clientTimestamp, data, device, eventType,
 * userId, userName, sessionId, serverTimestamp, location, whatever order the
 * input had.
 */

/** A UUID in its 8-4-4-4-12 hex text form (the document asks for UUID1 strings; any version is accepted). */
const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

export function isUuid(value: string): boolean {
	return UUID.test(value);
}

const text = z.string().min(1, 'must not be empty');
const uuid = (example: string) => z.string().regex(UUID, `must be a UUID string like "${example}"`);

function readTime(value: unknown): { instant?: Instant; problem?: string } {
	try {
		return { instant: parseTime(value, '') };
	} catch (error) {
		return { problem: error instanceof FieldError ? error.problem : (error as Error).message };
	}
}

/**
 * A timestamp field: anything the shared core reads as a time (ISO text with
 * or without offset, epoch seconds or milliseconds, Luxon DateTime, JS Date),
 * written as the document's `YYYY-MM-DDTHH:mm:ss.SSSSSS±HH:MM` in the input's
 * own offset (UTC when the input has none). `whenUnset` supplies a value for
 * an empty field; without it an empty field is left out.
 */
function timestamp(whenUnset?: () => Instant) {
	return checked((value, addIssue): string | undefined => {
		if (isUnset(value)) return whenUnset ? toMicrosecondTimestamp(whenUnset()) : undefined;
		if (typeof value === 'string' && isMicrosecondTimestamp(value)) return value;
		const { instant, problem } = readTime(value);
		if (!instant) {
			addIssue({ code: z.ZodIssueCode.custom, message: problem ?? 'is not a time' });
			return undefined;
		}
		return toMicrosecondTimestamp(instant);
	});
}

/** Now, in UTC (the document: "the timestamp at which the event was sent in UTC"). */
export function nowUtc(): Instant {
	return { dateTime: DateTime.utc(), micros: 0 };
}

/** `data` is free-form JSON under the common rule (nodes/shared/json.ts). */
const dataSchema = jsonObjectSchema();

const coordinate = (name: string, limit: number) =>
	z
		.number()
		.finite()
		.min(-limit, `must be a ${name} between -${limit} and ${limit}`)
		.max(limit, `must be a ${name} between -${limit} and ${limit}`);

export const locationSchema = z
	.object({
		lat: coordinate('latitude', 90),
		lon: coordinate('longitude', 180),
	})
	.strict();

export const eventSchema = z
	.object({
		build: text,
		clientTimestamp: timestamp(nowUtc),
		data: dataSchema,
		device: text,
		eventType: text.regex(/^[^.]*$/, {
			message: 'must not contain periods (the document asks to refrain from them), e.g. "store_purchase"',
		}),
		userId: uuid('3dc6b97d-7388-11e4-bfb3-b8e8563b3f9a'),
		userName: text,
		sessionId: uuid('fff324c6-30a2-11e3-ad80-485d60066bda'),
		serverTimestamp: timestamp(),
		location: locationSchema.optional(),
	})
	.strict();

export type TraintracksEvent = z.output<typeof eventSchema>;

const eventParser = parser(eventSchema);

/**
 * An event as sent: parsed by eventSchema, an empty optional field left out
 * rather than sent as undefined (done here, not as a zod transform: no zod
 * effect per event, see shared/checked.ts). A copy is made only when a field
 * is left out.
 */
export function parseEvent(candidate: unknown): TraintracksEvent {
	const event = eventParser.parse(candidate) as Record<string, unknown>;
	let complete = true;
	for (const key in event) if (event[key] === undefined) complete = false;
	if (complete) return event as TraintracksEvent;
	const out: Record<string, unknown> = {};
	for (const key in event) if (event[key] !== undefined) out[key] = event[key];
	return out as TraintracksEvent;
}

function isIPv4(value: string): boolean {
	const parts = value.split('.');
	return parts.length === 4 && parts.every((part) => /^(0|[1-9]\d{0,2})$/.test(part) && Number(part) <= 255);
}

function isIPv6(value: string): boolean {
	if (!value.includes(':') || !/^[0-9a-fA-F:.]+$/.test(value)) return false;
	let hex = value;
	if (value.includes('.')) {
		// An IPv4 address may end the text (::ffff:1.2.3.4); it counts as two groups.
		const cut = value.lastIndexOf(':');
		if (!isIPv4(value.slice(cut + 1))) return false;
		hex = `${value.slice(0, cut + 1)}0:0`;
	}
	const halves = hex.split('::');
	if (halves.length > 2) return false;
	const groups = halves.flatMap((half) => (half === '' ? [] : half.split(':')));
	if (!groups.every((group) => /^[0-9a-fA-F]{1,4}$/.test(group))) return false;
	return halves.length === 2 ? groups.length <= 7 : groups.length === 8;
}

/**
 * An IPv4 address in dotted-decimal form or an IPv6 address in any RFC 4291
 * text form (compressed, mixed with IPv4); no zone index, port or brackets.
 */
export function isIpAddress(value: string): boolean {
	return isIPv4(value) || isIPv6(value);
}


