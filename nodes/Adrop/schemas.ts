import { z } from 'zod';

import { checkJsonValue } from '../shared/json';

/**
 * Adrop `POST /event` (api-docs/002_e62099f6f7f6a25d.txt). Adrop answers
 * HTTP 200 to an unknown event or one missing a required parameter and drops
 * it, so everything the document states is checked here before sending.
 */

/** "문자열 파라미터 값은 최대 1024자까지 가능합니다." */
export const MAX_STRING_LENGTH = 1024;
/** "다중 아이템 이벤트는 요청당 최대 100개 아이템을 지원합니다." */
export const MAX_ITEMS = 100;
/** "eventName: 이벤트 이름 (1~64자)" */
export const MAX_EVENT_NAME_LENGTH = 64;

export type ParamKind = 'string' | 'number' | 'items';

export interface ParamSpec {
	kind: ParamKind;
	displayName: string;
	description: string;
}

/** Every event parameter the document names, with its type. */
export const PARAMS = {
	method: { kind: 'string', displayName: 'Method', description: 'How the user signed up (method), e.g. email, google, kakao' },
	campaign_id: { kind: 'string', displayName: 'Campaign ID', description: 'The push campaign whose notification was clicked (campaign_id)' },
	page_id: { kind: 'string', displayName: 'Page ID', description: 'Identifier of the viewed page (page_id)' },
	page_category: { kind: 'string', displayName: 'Page Category', description: 'Category of the page (page_category)' },
	page_url: { kind: 'string', displayName: 'Page URL', description: 'URL of the page (page_url)' },
	element_id: { kind: 'string', displayName: 'Element ID', description: 'Identifier of the clicked element (element_id)' },
	element_type: { kind: 'string', displayName: 'Element Type', description: 'Type of the clicked element, e.g. button, banner (element_type)' },
	target_url: { kind: 'string', displayName: 'Target URL', description: 'Where the click leads (target_url)' },
	item_id: { kind: 'string', displayName: 'Item ID', description: 'Identifier of the item, e.g. a SKU (item_id)' },
	item_name: { kind: 'string', displayName: 'Item Name', description: 'Name of the item (item_name)' },
	item_category: { kind: 'string', displayName: 'Item Category', description: 'Category of the item (item_category)' },
	brand: { kind: 'string', displayName: 'Brand', description: 'Brand of the item (brand)' },
	price: { kind: 'number', displayName: 'Price', description: 'Price of the item, a number (price)' },
	quantity: { kind: 'number', displayName: 'Quantity', description: 'How many, a number (quantity)' },
	value: { kind: 'number', displayName: 'Value', description: 'Monetary value of the event, a number (value)' },
	currency: { kind: 'string', displayName: 'Currency', description: 'Currency code, e.g. KRW, USD (currency)' },
	tx_id: { kind: 'string', displayName: 'Transaction ID', description: 'Unique ID of the order (tx_id)' },
	items: {
		kind: 'items',
		displayName: 'Items (JSON)',
		description: `A JSON array of at most ${MAX_ITEMS} items, each with item_id and optionally item_name, item_category, brand, price, quantity (items)`,
	},
	content_id: { kind: 'string', displayName: 'Content ID', description: 'Identifier of the viewed content (content_id)' },
	content_name: { kind: 'string', displayName: 'Content Name', description: 'Name of the content (content_name)' },
	content_type: { kind: 'string', displayName: 'Content Type', description: 'Type of the content, e.g. article, video (content_type)' },
	form_id: { kind: 'string', displayName: 'Form ID', description: 'Identifier of the lead form (form_id)' },
	form_name: { kind: 'string', displayName: 'Form Name', description: 'Name of the form (form_name)' },
	form_type: { kind: 'string', displayName: 'Form Type', description: 'Type of the form, e.g. contact (form_type)' },
	form_destination: { kind: 'string', displayName: 'Form Destination', description: 'Where the form leads after submit (form_destination)' },
} satisfies Record<string, ParamSpec>;

export type ParamName = keyof typeof PARAMS;

export interface EventSpec {
	displayName: string;
	description: string;
	/** Documented parameters in the document's order; `required` ones marked (필수). */
	params: ParamName[];
	required: ParamName[];
}

const ITEM_PARAMS: ParamName[] = ['item_id', 'item_name', 'item_category', 'brand', 'price'];
const FORM_PARAMS: ParamName[] = ['form_id', 'form_name', 'form_type', 'form_destination'];

/** The document's catalogue of supported events (지원되는 이벤트). */
export const EVENTS = {
	app_open: { displayName: 'App Open', description: 'The app was opened (앱 실행)', params: [], required: [] },
	sign_up: { displayName: 'Sign Up', description: 'A user signed up (회원가입)', params: ['method'], required: ['method'] },
	push_clicks: {
		displayName: 'Push Clicks',
		description: 'A push notification was clicked (푸시 알림 클릭)',
		params: ['campaign_id'],
		required: ['campaign_id'],
	},
	page_view: {
		displayName: 'Page View',
		description: 'A page was viewed (페이지 조회)',
		params: ['page_id', 'page_category', 'page_url'],
		required: ['page_id'],
	},
	click: {
		displayName: 'Click',
		description: 'An element was clicked (요소 클릭)',
		params: ['element_id', 'element_type', 'target_url'],
		required: ['element_id'],
	},
	view_item: { displayName: 'View Item', description: 'An item was viewed (아이템 조회)', params: ITEM_PARAMS, required: ['item_id'] },
	add_to_wishlist: {
		displayName: 'Add to Wishlist',
		description: 'An item was added to the wishlist (위시리스트 추가)',
		params: ITEM_PARAMS,
		required: ['item_id'],
	},
	add_to_cart: {
		displayName: 'Add to Cart',
		description: 'An item was added to the cart (장바구니 추가)',
		params: [...ITEM_PARAMS, 'quantity', 'value', 'currency'],
		required: ['item_id', 'price', 'quantity'],
	},
	begin_checkout: {
		displayName: 'Begin Checkout',
		description: 'Checkout started, with the items (결제 시작)',
		params: ['currency', 'items'],
		required: [],
	},
	purchase: {
		displayName: 'Purchase',
		description: 'A purchase was completed, with the items (구매 완료)',
		params: ['tx_id', 'currency', 'items'],
		required: ['tx_id'],
	},
	view_content: {
		displayName: 'View Content',
		description: 'Content was viewed (콘텐츠 조회)',
		params: ['content_id', 'content_name', 'content_type'],
		required: ['content_id'],
	},
	begin_lead_form: {
		displayName: 'Begin Lead Form',
		description: 'A lead form was started (리드 폼 시작)',
		params: FORM_PARAMS,
		required: ['form_id'],
	},
	generate_lead: {
		displayName: 'Generate Lead',
		description: 'A lead was generated (리드 생성)',
		params: [...FORM_PARAMS, 'value', 'currency'],
		required: ['form_id'],
	},
} satisfies Record<string, EventSpec>;

export type AdropEventName = keyof typeof EVENTS;
export const EVENT_NAMES = Object.keys(EVENTS) as AdropEventName[];

export function isEventName(value: unknown): value is AdropEventName {
	return typeof value === 'string' && Object.prototype.hasOwnProperty.call(EVENTS, value);
}

export function eventSpec(name: AdropEventName): EventSpec {
	return EVENTS[name] as EventSpec;
}

// ---------------------------------------------------------------------------
// zod

const tooLong = `must be at most ${MAX_STRING_LENGTH} characters (Adrop's limit for string values)`;

const text = z.string({ invalid_type_error: 'must be a string' }).max(MAX_STRING_LENGTH, tooLong);
/** A required string: present and not empty (Adrop treats an empty one as missing). */
const requiredText = text.min(1, 'is required and must not be empty');
/** An optional string: left out when unset; when given, not empty. */
const optionalText = text.min(1, 'must not be empty (leave the field out instead)').optional();
const number = z.number({ invalid_type_error: 'must be a number' }).finite('must be a finite number');

/** One entry of `items[]`: item_id required (아이템당 item_id 필수), nothing undocumented. */
export const itemSchema = z
	.object({
		item_id: requiredText,
		item_name: optionalText,
		item_category: optionalText,
		brand: optionalText,
		price: number.optional(),
		quantity: number.optional(),
	})
	.strict();
export type AdropItem = z.infer<typeof itemSchema>;
export const ITEM_FIELDS = Object.keys(itemSchema.shape) as Array<keyof AdropItem>;

function itemsArray(minItems: number) {
	return z.array(itemSchema, { invalid_type_error: 'must be an array of items' }).superRefine((items, ctx) => {
		if (items.length < minItems) {
			ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'must hold at least one item (with item_id)' });
		}
		if (items.length > MAX_ITEMS) {
			ctx.addIssue({
				code: z.ZodIssueCode.custom,
				message: `has ${items.length} items; Adrop accepts at most ${MAX_ITEMS} per event`,
			});
		}
	});
}

/** `items[]` of begin_checkout / purchase: at most 100 (다중 아이템 이벤트는 요청당 최대 100개 아이템). */
export const itemsSchema = itemsArray(0);

/** Extra top-level parameters ("이벤트별 추가 파라미터는 요청 바디의 최상위 필드로 전달합니다"). */
const extraValue = z.unknown().superRefine((value, ctx) => {
	const unset = 'must not be null (leave the parameter out instead)';
	if (value === undefined) ctx.addIssue({ code: z.ZodIssueCode.custom, message: unset });
	else checkJsonValue(value, ctx, [], { nullMessage: unset, maxString: { length: MAX_STRING_LENGTH, message: tooLong } });
});

const eventNameSchema = z.unknown().superRefine((value, ctx) => {
	const problem = (message: string) => ctx.addIssue({ code: z.ZodIssueCode.custom, message });
	if (value === undefined || value === null || value === '') {
		problem('is required: one of the events Adrop documents, e.g. app_open');
	} else if (typeof value !== 'string') {
		problem(`must be a string, got ${typeof value}`);
	} else if (value.length > MAX_EVENT_NAME_LENGTH) {
		problem(`must be 1 to ${MAX_EVENT_NAME_LENGTH} characters long, got ${value.length}`);
	} else if (!isEventName(value)) {
		problem(
			`"${value}" is not an event Adrop documents (Adrop would answer 200 and drop it); use one of: ${EVENT_NAMES.join(', ')}`,
		);
	}
});

function paramSchema(name: ParamName, required: boolean): z.ZodTypeAny {
	const { kind } = PARAMS[name] as ParamSpec;
	if (kind === 'string') return required ? requiredText : optionalText;
	if (kind === 'number') return required ? number : number.optional();
	return required ? itemsSchema : itemsSchema.optional();
}

const common = { uid: requiredText, platform: optionalText };

function buildEventSchema(name: AdropEventName) {
	const spec = eventSpec(name);
	const shape: Record<string, z.ZodTypeAny> = { uid: common.uid, eventName: z.literal(name), platform: common.platform };
	for (const param of spec.params) shape[param] = paramSchema(param, spec.required.includes(param));
	// Keys the event does not document are extra top-level parameters: allowed, checked.
	return z.object(shape).catchall(extraValue);
}

export type AdropEventBody = Record<string, unknown> & { uid: string; eventName: AdropEventName; platform?: string };

/** One schema per event: its documented parameters typed, required ones required, extras checked. */
export const EVENT_SCHEMAS = Object.fromEntries(EVENT_NAMES.map((name) => [name, buildEventSchema(name)])) as Record<
	AdropEventName,
	ReturnType<typeof buildEventSchema>
>;

/** For a body whose eventName is not a known event: reports that, and the common fields' problems too. */
const unknownEventSchema = z.object({ ...common, eventName: eventNameSchema }).catchall(extraValue);

/**
 * Validate one event body. The output's keys are in the document's order
 * (uid, eventName, platform, the event's parameters, then extras as given),
 * so both input modes serialize to the same bytes.
 */
export function parseEvent(candidate: unknown): AdropEventBody {
	const name = (candidate as { eventName?: unknown } | null)?.eventName;
	const schema = isEventName(name) ? EVENT_SCHEMAS[name] : unknownEventSchema;
	return schema.parse(candidate) as AdropEventBody;
}

export type CheckoutEventName = 'purchase' | 'begin_checkout';

/** Track Purchase: the event with at least one item. */
export const ORDER_SCHEMAS: Record<CheckoutEventName, z.ZodTypeAny> = {
	purchase: EVENT_SCHEMAS.purchase.extend({ items: itemsArray(1) }),
	begin_checkout: EVENT_SCHEMAS.begin_checkout.extend({ items: itemsArray(1) }),
};

/** The purchase-level fields of one order line (Track Purchase, one line per input item). */
export const ORDER_HEADER_SCHEMAS: Record<CheckoutEventName, z.ZodTypeAny> = {
	purchase: EVENT_SCHEMAS.purchase.omit({ items: true }),
	begin_checkout: EVENT_SCHEMAS.begin_checkout.omit({ items: true }),
};
