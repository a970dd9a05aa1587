import { DateTime } from 'luxon';

import { FieldError } from './errors';
import { NUMERIC_TEXT } from './properties';
import { rewrite } from './walk';

/**
 * A point in time as the nodes need it: Luxon only keeps milliseconds, so the
 * microseconds an ISO string carried (Traintracks sends six fraction digits)
 * are kept beside it, and so is whether the input named its own offset.
 */
export interface Instant {
	/** In the input's own offset when it had one, else UTC. */
	dateTime: DateTime;
	/** Microseconds below the millisecond, 0 to 999. */
	micros: number;
}

/** Epoch numbers below this are seconds, above it milliseconds (1e11 s is the year 5138). */
const SECONDS_LIMIT = 1e11;

export function isDateTime(value: unknown): value is DateTime {
	return (
		DateTime.isDateTime(value) ||
		(typeof value === 'object' &&
			value !== null &&
			typeof (value as DateTime).toMillis === 'function' &&
			typeof (value as DateTime).toISO === 'function' &&
			typeof (value as DateTime).offset === 'number')
	);
}

export function isJsDate(value: unknown): value is Date {
	return Object.prototype.toString.call(value) === '[object Date]';
}

function fromEpoch(value: number, field: string): Instant {
	if (!Number.isFinite(value)) throw new FieldError(field, `is not a valid time (${String(value)})`);
	const ms = Math.abs(value) < SECONDS_LIMIT ? value * 1000 : value;
	const whole = Math.floor(ms);
	const micros = Math.round((ms - whole) * 1000) % 1000;
	const dateTime = DateTime.fromMillis(whole, { zone: 'utc' });
	if (!dateTime.isValid) throw new FieldError(field, `is out of range (${String(value)})`);
	return { dateTime, micros };
}

const ISO_FRACTION = /T\d{2}:?\d{2}:?\d{2}[.,](\d+)/;

function fromString(text: string, field: string): Instant {
	const trimmed = text.trim();
	if (NUMERIC_TEXT.test(trimmed)) return fromEpoch(Number(trimmed), field);
	// Without an offset the text is read as UTC, never as the server's local zone.
	const options = { zone: 'utc', setZone: true };
	let dateTime = DateTime.fromISO(trimmed, options);
	if (!dateTime.isValid) dateTime = DateTime.fromRFC2822(trimmed, options);
	if (!dateTime.isValid) dateTime = DateTime.fromHTTP(trimmed, options);
	if (!dateTime.isValid) dateTime = DateTime.fromSQL(trimmed, options);
	if (!dateTime.isValid) {
		throw new FieldError(
			field,
			`is not a time we can read ("${trimmed.slice(0, 64)}"); use ISO 8601 like 2024-05-01T12:30:00Z, or epoch seconds or milliseconds`,
		);
	}
	const fraction = ISO_FRACTION.exec(trimmed)?.[1] ?? '';
	const micros = Number((fraction + '000000').slice(3, 6));
	return { dateTime, micros };
}

/**
 * Read an event time from what users hand the nodes: ISO 8601 text (with or
 * without offset), epoch seconds or milliseconds (number or numeric text),
 * Luxon DateTime or JS Date from expressions. Anything else is a FieldError
 * naming the field, never NaN.
 */
export function parseTime(value: unknown, field: string): Instant {
	if (typeof value === 'number') return fromEpoch(value, field);
	if (typeof value === 'string') return fromString(value, field);
	if (isDateTime(value)) {
		if (!value.isValid) throw new FieldError(field, 'is an invalid DateTime');
		return { dateTime: value, micros: 0 };
	}
	if (isJsDate(value)) {
		const ms = value.getTime();
		if (Number.isNaN(ms)) throw new FieldError(field, 'is an invalid Date');
		return { dateTime: DateTime.fromMillis(ms, { zone: 'utc' }), micros: 0 };
	}
	throw new FieldError(field, `must be a time (ISO text, epoch number, DateTime or Date), got ${typeof value}`);
}

/** True when a time field was left empty (optional times). */
export function isUnset(value: unknown): boolean {
	return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

export function toEpochMillis(instant: Instant): number {
	return instant.dateTime.toMillis();
}

const pad = (value: number, width: number): string => String(value).padStart(width, '0');

/**
 * `YYYY-MM-DDTHH:mm:ss.SSSSSS±HH:MM` in the instant's own offset. Written
 * from the DateTime's fields (what Luxon's `toFormat` would write, ten times
 * faster: it runs once per event); years outside 0-9999 go through Luxon.
 */
export function toMicrosecondTimestamp(instant: Instant): string {
	const micros = pad(instant.micros, 3);
	const dt = instant.dateTime;
	if (dt.year < 0 || dt.year > 9999 || !Number.isInteger(dt.offset)) {
		return `${dt.toFormat("yyyy-MM-dd'T'HH:mm:ss.SSS")}${micros}${dt.toFormat('ZZ')}`;
	}
	const offset = Math.abs(dt.offset);
	const sign = dt.offset < 0 ? '-' : '+';
	return (
		`${pad(dt.year, 4)}-${pad(dt.month, 2)}-${pad(dt.day, 2)}T${pad(dt.hour, 2)}:${pad(dt.minute, 2)}:${pad(dt.second, 2)}` +
		`.${pad(dt.millisecond, 3)}${micros}${sign}${pad(Math.floor(offset / 60), 2)}:${pad(offset % 60, 2)}`
	);
}

/** The number written by the digits of `text` from `from` to `to` (exclusive), or -1 when one is not a digit. */
function digitsAt(text: string, from: number, to: number): number {
	let value = 0;
	for (let i = from; i < to; i++) {
		const digit = text.charCodeAt(i) - 48;
		if (digit < 0 || digit > 9) return -1;
		value = value * 10 + digit;
	}
	return value;
}

/**
 * Whether a text is already a valid `YYYY-MM-DDTHH:mm:ss.SSSSSS±HH:MM`
 * timestamp that toMicrosecondTimestamp(parseTime(text)) would give back
 * unchanged: then it is sent as it is, without building a DateTime (Luxon's
 * parsing was the largest allocation per event in a 100,000-event run,
 * issue 18; this check allocates nothing). Anything unusual (year 0, offset
 * -00:00 or beyond ±14:00, a minute offset other than :00, :15, :30, :45)
 * answers false and takes the full path.
 */
export function isMicrosecondTimestamp(text: string): boolean {
	if (text.length !== 32) return false;
	for (const [at, char] of SEPARATORS) if (text[at] !== char) return false;
	const sign = text[26];
	if (sign !== '+' && sign !== '-') return false;
	if (digitsAt(text, 20, 26) < 0) return false;
	const year = digitsAt(text, 0, 4);
	const month = digitsAt(text, 5, 7);
	const day = digitsAt(text, 8, 10);
	const hour = digitsAt(text, 11, 13);
	const minute = digitsAt(text, 14, 16);
	const second = digitsAt(text, 17, 19);
	const offsetHours = digitsAt(text, 27, 29);
	const offsetMinutes = digitsAt(text, 30, 32);
	if (year < 1 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return false;
	const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
	if (day > (month === 2 ? (leap ? 29 : 28) : DAYS_IN_MONTH[month - 1])) return false;
	if (offsetHours < 0 || offsetMinutes < 0 || offsetMinutes % 15 !== 0 || offsetHours * 60 + offsetMinutes > 14 * 60) return false;
	return !(sign === '-' && offsetHours === 0 && offsetMinutes === 0);
}

const SEPARATORS: Array<[number, string]> = [
	[4, '-'],
	[7, '-'],
	[10, 'T'],
	[13, ':'],
	[16, ':'],
	[19, '.'],
	[29, ':'],
];
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** ISO 8601 in UTC with milliseconds, e.g. 2020-02-06T12:12:25.408Z. */
export function toIsoUtc(instant: Instant): string {
	return instant.dateTime.toUTC().toISO() as string;
}

/**
 * Turn every JS Date and Luxon DateTime inside a value (objects and arrays,
 * any depth) into an ISO UTC string; everything else is kept as it is. Only
 * the objects and arrays on the way to a date are copied: a value without
 * dates comes back as the same object (this runs once per item).
 */
export function datesToIsoUtc(value: unknown): unknown {
	return rewrite(value, { leaf: (v) => (isJsDate(v) || isDateTime(v) ? toIsoUtc(parseTime(v, 'date')) : v) });
}
