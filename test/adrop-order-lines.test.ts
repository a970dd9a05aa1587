/**
 * Adrop Track Purchase, "One Line per Item": the pure functions that turn
 * order lines into whole orders (nodes/Adrop/actions/event/orderLines.ts),
 * tested on their own. The node-level behaviour (requests on the wire) is in
 * adrop.test.ts.
 */
import type { Entry } from '../nodes/shared/batches';
import type { OrderPart } from '../nodes/Adrop/actions/event/orderLines';
import { assembleOrder, lineEntry, orderField, splitLine } from '../nodes/Adrop/actions/event/orderLines';

const header = { uid: 'USER_ID', eventName: 'purchase', tx_id: 'TXN-1', currency: 'KRW' };

describe('splitLine', () => {
	it('puts item fields on the line and everything else on the order', () => {
		expect(splitLine({ uid: 'u', tx_id: 'T', currency: 'KRW', item_id: 'SKU', price: 10, quantity: 2, custom: 'x' }, 'purchase')).toEqual({
			header: { eventName: 'purchase', uid: 'u', tx_id: 'T', currency: 'KRW', custom: 'x' },
			line: { item_id: 'SKU', price: 10, quantity: 2 },
		});
	});

	it('refuses an items array (that is One Order per Item)', () => {
		expect(() => splitLine({ uid: 'u', items: [] }, 'purchase')).toThrow('items is not used with One Line per Item');
	});
});

describe('lineEntry', () => {
	it('keys a line by tx_id for purchase and by uid for begin_checkout', () => {
		expect(orderField('purchase')).toBe('tx_id');
		expect(orderField('begin_checkout')).toBe('uid');
		expect(lineEntry(3, header, { item_id: 'A' }, 'purchase')).toMatchObject({ itemIndex: 3, groupKey: 'tx_id:TXN-1', payload: { kind: 'line', line: { item_id: 'A' } } });
		expect(lineEntry(4, { uid: 'U9', eventName: 'begin_checkout' }, { item_id: 'A' }, 'begin_checkout').groupKey).toBe('uid:U9');
	});

	it('marks an invalid line of a known order, so it stops that order', () => {
		const entry = lineEntry(5, header, { price: 10 }, 'purchase');
		expect(entry.payload.kind).toBe('invalid');
		expect(entry.groupKey).toBe('tx_id:TXN-1');
	});

	it('fails alone a line whose order is unknown', () => {
		expect(() => lineEntry(6, { ...header, tx_id: '' }, { item_id: 'A' }, 'purchase')).toThrow();
	});
});

describe('assembleOrder', () => {
	const line = (i: number, item: Record<string, unknown>, h: Record<string, unknown> = header): Entry<OrderPart> => lineEntry(i, h, item, 'purchase');

	it('joins the lines of one order in item order', () => {
		const body = assembleOrder([line(0, { item_id: 'A', price: 1 }), line(2, { item_id: 'B', price: 2 })], 'tx_id:TXN-1', 'purchase');
		expect(body).toEqual({ ...header, items: [{ item_id: 'A', price: 1 }, { item_id: 'B', price: 2 }] });
	});

	it('refuses lines that disagree on an order field, naming it and both items', () => {
		expect(() => assembleOrder([line(0, { item_id: 'A' }), line(7, { item_id: 'B' }, { ...header, currency: 'USD' })], 'tx_id:TXN-1', 'purchase')).toThrow(
			'currency differs between lines of the purchase with tx_id "TXN-1" (item 0: "KRW", item 7: "USD")',
		);
	});

	it('refuses the whole order when one of its lines is invalid', () => {
		expect(() => assembleOrder([line(0, { item_id: 'A' }), line(1, { price: 3 })], 'tx_id:TXN-1', 'purchase')).toThrow(
			'purchase tx_id "TXN-1" cannot be sent: its line from item 1 is invalid',
		);
	});

	it('never splits an order over 100 lines: it fails, naming the items', () => {
		const lines = Array.from({ length: 101 }, (_, i) => line(i, { item_id: `SKU-${i}` }));
		expect(() => assembleOrder(lines, 'tx_id:TXN-1', 'purchase')).toThrow(/lines from items 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 and 91 more; an order is never split/);
	});
});
