/* eslint-disable */
import http from 'node:http';
import { Session } from 'node:inspector';
import fs from 'node:fs';
import { runNode } from './helpers/harness';
import v8 from 'node:v8';
import vm from 'node:vm';
v8.setFlagsFromString('--expose-gc');
const gcf = vm.runInNewContext('gc') as () => void;
(global as any).gc = gcf;

const N = Number(process.env.MEM_N ?? 100000);
const make = (i: number) => ({
  build: '1.1.1', clientTimestamp: '2012-03-14T02:33:42.416587-07:00',
  data: { item: { name: 'Excalibur', cost: 24, type: 'sword' }, battleTime: i },
  device: 'iPhone 5S', eventType: 'store_purchase',
  userId: '3dc6b97d-7388-11e4-bfb3-' + (0x1000000000000 + i).toString(16).slice(1),
  userName: 'player' + i, sessionId: 'fff324c6-30a2-11e3-ad80-485d60066bda',
  location: { lat: 37.871984, lon: -122.25942 },
});
const post = (s: Session, m: string, p?: object) => new Promise<any>((res, rej) => s.post(m, p as any, (e, r) => (e ? rej(e) : res(r))));

test('mem', async () => {
  let first = true; let afterPrepare = 0;
  const server = http.createServer((req, res) => {
    if (first) { first = false; (global as any).gc?.(); afterPrepare = process.memoryUsage().heapUsed; }
    req.resume(); req.on('end', () => { res.setHeader('content-type', 'application/json'); res.end('{}'); });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as any).port;
  await runNode({ node: 'traintracks', parameters: { resource: 'event', operation: 'sendBatch', inputMode: 'auto', sourcePath: '', options: {} }, items: [make(0)], credentials: { traintracksApi: { productKey: '3dc6b97d-7388-11e4-bfb3-b8e8563b3f9a', productSecret: 'secret', endpointUrl: `http://127.0.0.1:${port}/v1/events`, remoteAddress: '1.2.3.4' } } });
  first = true;
  const items = JSON.parse(JSON.stringify(Array.from({ length: N }, (_, i) => make(i))));
  (global as any).gc?.(); (global as any).gc?.();
  const before = process.memoryUsage().heapUsed;
  const s = new Session(); s.connect();
  const kind = process.env.MEM_KIND;
  if (kind) await post(s, 'HeapProfiler.startSampling', { samplingInterval: 32768, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: kind === 'alloc' });
  const t0 = Date.now();
  const result = await runNode({ node: 'traintracks', parameters: { resource: 'event', operation: 'sendBatch', inputMode: 'auto', sourcePath: '', options: { includeSent: process.env.MEM_SENT === '1' } }, items,
    credentials: { traintracksApi: { productKey: '3dc6b97d-7388-11e4-bfb3-b8e8563b3f9a', productSecret: 'secret', endpointUrl: `http://127.0.0.1:${port}/v1/events`, remoteAddress: '1.2.3.4' } } });
  const ms = Date.now() - t0;
  if (kind) { const { profile } = await post(s, 'HeapProfiler.stopSampling'); fs.writeFileSync(`/tmp/mem/${kind}.heapprofile`, JSON.stringify(profile)); }
  (global as any).gc?.();
  const afterRun = process.memoryUsage().heapUsed;
  console.log(`before=${(before/1e6).toFixed(0)} prep=${(afterPrepare/1e6).toFixed(0)} run=${(afterRun/1e6).toFixed(0)} N=${N} ms=${ms} err=${result.error?.message} out=${result.items.length} live after prepare +${((afterPrepare - before) / 1e6).toFixed(1)} MB, after run (output held) +${((afterRun - before) / 1e6).toFixed(1)} MB`);
  server.close(); console.log(items.length, result.items.length);
}, 600000);
