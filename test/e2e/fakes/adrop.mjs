// Fake Adrop, from api-docs/002 (POST /event). Adrop answers HTTP 200 to an
// unknown event or one missing a required parameter and drops it
// ({"message":"!invalid"}); the fake does the same, records nothing, and
// keeps the reason in its request log so a test can see what a node let through.
import { checker, isJsonContentType, isNonEmptyString, isObject } from './server.mjs';

/**
 * The documented catalogue: event name → required parameters, the numeric
 * ones among its documented parameters (price, quantity, value: numbers in
 * the examples), and whether it carries items[].
 */
export const ADROP_EVENTS = {
	app_open: { required: [] },
	sign_up: { required: ['method'] },
	push_clicks: { required: ['campaign_id'] },
	page_view: { required: ['page_id'] },
	click: { required: ['element_id'] },
	view_item: { required: ['item_id'], numeric: ['price'] },
	add_to_wishlist: { required: ['item_id'], numeric: ['price'] },
	add_to_cart: { required: ['item_id', 'price', 'quantity'], numeric: ['price', 'quantity', 'value'] },
	begin_checkout: { required: [], items: true },
	purchase: { required: ['tx_id'], items: true },
	view_content: { required: ['content_id'] },
	begin_lead_form: { required: ['form_id'] },
	generate_lead: { required: ['form_id'], numeric: ['value'] },
};

/** Numeric fields of an items[] entry. */
const ITEM_NUMERIC = ['price', 'quantity'];
const MAX_ITEMS = 100;
const MAX_STRING = 1024;
export const ADROP_INVALID = { message: '!invalid' };

// Where the document is silent the fake follows the node (nodes/Adrop/schemas.ts):
// a parameter an event does not document is an extra top-level parameter
// ("이벤트별 추가 파라미터는 요청 바디의 최상위 필드로 전달합니다"), any JSON value,
// so neither `items` on a single-item event nor a text `value` on page_view
// is refused; documented numeric parameters must be numbers.
function checkStrings(c, object, path, numeric = []) {
	for (const [key, value] of Object.entries(object)) {
		if (typeof value === 'string') c.check(value.length <= MAX_STRING, `${path}${key}`, `is longer than ${MAX_STRING} characters`);
		if (numeric.includes(key)) c.check(typeof value === 'number' && Number.isFinite(value), `${path}${key}`, 'must be a number');
	}
}

/** @param {{ appKey: string }} keys  the App Key Adrop expects in Authorization */
export function adropProvider({ appKey }) {
	return {
		name: 'adrop',
		documented: { INVALID: { status: 200, body: ADROP_INVALID } },
		// Fast mode (bench): the App Key and the event name checked; events counted.
		fast: {
			'POST /event': ({ headers, body }) => {
				if (headers.authorization !== appKey) return { status: 401, body: { message: 'unauthorized' }, rejected: 'App Key' };
				if (!ADROP_EVENTS[body?.eventName] || typeof body.uid !== 'string') return { status: 200, body: ADROP_INVALID, rejected: `!invalid ${body?.eventName}` };
				return { status: 200, body: { message: 'ok' }, events: [body] };
			},
		},
		errorBody: (status) => ({ message: status === 401 ? 'unauthorized' : status === 429 ? 'too many requests' : 'internal error' }),
		routes: {
			'POST /event': (request) => {
				// Undocumented: what Adrop answers to a wrong App Key. The fake says 401.
				if (request.headers.authorization !== appKey) return { status: 401, body: { message: 'unauthorized' }, rejected: 'Authorization is not the App Key' };
				const c = checker();
				c.check(isJsonContentType(request), 'Content-Type', 'must be application/json');
				const body = request.body;
				if (c.check(isObject(body), 'body', 'must be a JSON object')) {
					c.check(isNonEmptyString(body.uid), 'uid', 'is required');
					c.check(isNonEmptyString(body.eventName) && body.eventName.length <= 64, 'eventName', 'is required (1 to 64 characters)');
					if (body.platform !== undefined) c.check(typeof body.platform === 'string', 'platform', 'must be a string');
					const spec = ADROP_EVENTS[body.eventName];
					if (c.check(spec, 'eventName', `"${body.eventName}" is not a documented event`)) {
						for (const name of spec.required) c.check(body[name] !== undefined && body[name] !== '' && body[name] !== null, name, `is required for ${body.eventName}`);
						if (spec.items && body.items !== undefined && c.check(Array.isArray(body.items), 'items', 'must be an array')) {
							c.check(body.items.length <= MAX_ITEMS, 'items', `has more than ${MAX_ITEMS} items`);
							for (const [i, item] of body.items.entries()) {
								if (!c.check(isObject(item), `items[${i}]`, 'must be an object')) continue;
								c.check(isNonEmptyString(item.item_id), `items[${i}].item_id`, 'is required');
								checkStrings(c, item, `items[${i}].`, ITEM_NUMERIC);
							}
						}
					}
					checkStrings(c, body, '', spec?.numeric ?? []);
				}
				if (c.problems.length) return { status: 200, body: ADROP_INVALID, rejected: c.problems.join('; ') };
				return { status: 200, body: { message: 'ok' }, accepted: [body] };
			},
		},
	};
}
