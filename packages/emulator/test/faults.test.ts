import { afterEach, describe, expect, it } from 'vitest';
import { FaultController, seededRandom } from '../src/faults.js';
import { SET, start, type Api } from './helpers.js';

const ID = '0d3c1f1e-5a5a-4b4b-8c8c-0123456789ab';
let api: Api | undefined;
afterEach(async () => {
  await api?.emulator.close();
  api = undefined;
});

const outcome = async (p: Promise<Response>): Promise<number | 'dropped'> => {
  try {
    const res = await p;
    await res.arrayBuffer();
    return res.status;
  } catch {
    return 'dropped';
  }
};

describe('FaultController', () => {
  it('is deterministic for a seed', () => {
    const a = seededRandom(7);
    const b = seededRandom(7);
    const xs = Array.from({ length: 5 }, () => a());
    expect(Array.from({ length: 5 }, () => b())).toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    const req = { method: 'GET', url: '/' };
    const run = () => {
      const c = new FaultController({ rate: 0.3, kinds: ['429', '503', 'drop', 'drop-after'], seed: 7 });
      return Array.from({ length: 50 }, () => c.next(req)?.kind ?? '-').join(',');
    };
    expect(run()).toBe(run());
    const hits = run().split(',').filter((k) => k !== '-').length;
    expect(hits).toBeGreaterThan(5);
    expect(hits).toBeLessThan(30);
  });

  it('applies scripted faults to matching requests first, in order', () => {
    const c = new FaultController();
    c.script([{ kind: '503', match: { method: 'POST' } }, { kind: '429', retryAfterSeconds: 0.5 }]);
    expect(c.next({ method: 'GET', url: '/x' })).toMatchObject({ kind: '429', retryAfterSeconds: 0.5, source: 'script' });
    expect(c.next({ method: 'GET', url: '/x' })).toBeUndefined();
    expect(c.next({ method: 'post', url: '/x' })?.kind).toBe('503');
    expect(c.pending).toBe(0);
    expect(() => c.script([{ kind: 'boom' as never }])).toThrow(/Unknown fault kind/);
    expect(() => c.setRate({ rate: 2 })).toThrow(/between 0 and 1/);
  });
});

describe('fault injection over HTTP', () => {
  it('answers 429 with Retry-After (0, fractional, whole seconds) and stores nothing', async () => {
    api = await start();
    api.emulator.faults.script([
      { kind: '429', retryAfterSeconds: 0 },
      { kind: '429', retryAfterSeconds: 0.25 },
      { kind: '429' },
    ]);
    const retryAfter: (string | null)[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await api.fetch(SET, { method: 'POST', json: { msdyncrm_name: 'x' } });
      expect(res.status).toBe(429);
      const body = await res.json();
      expect(body.error.code).toBe('0x80072322');
      retryAfter.push(res.headers.get('Retry-After'));
    }
    expect(retryAfter).toEqual(['0', '0.25', '1']);
    expect(api.emulator.records()).toHaveLength(0);
    expect((await api.fetch(SET, { method: 'POST', json: { msdyncrm_name: 'x' } })).status).toBe(204);
    expect(api.emulator.stats).toMatchObject({ requests: 4, faults: 3, faultsByKind: { '429': 3 } });
    expect(api.emulator.requests.map((r) => r.fault ?? null)).toEqual(['429', '429', '429', null]);
  });

  it('answers 503', async () => {
    api = await start();
    api.emulator.faults.script([{ kind: '503' }]);
    const res = await api.json(SET);
    expect(res.res.status).toBe(503);
    expect(res.body.error.message).toMatch(/temporarily unavailable/);
    expect((await api.json(SET)).res.status).toBe(200);
  });

  it('drops the connection before processing: nothing is stored', async () => {
    api = await start();
    api.emulator.faults.script([{ kind: 'drop' }]);
    const result = await outcome(api.fetch(`${SET}(${ID})`, { method: 'PATCH', json: { msdyncrm_name: 'lost' } }));
    expect(result).toBe('dropped');
    expect(api.emulator.records()).toHaveLength(0);
    expect(api.emulator.stats.faultsByKind.drop).toBe(1);
  });

  it('drops the connection after processing: the write happened, a retried create gets 412', async () => {
    api = await start();
    api.emulator.faults.script([{ kind: 'drop-after', match: { method: 'POST', path: SET } }]);
    const body = { msdyncrm_customerjourneyid: ID, msdyncrm_name: 'kept' };
    expect(await outcome(api.fetch(SET, { method: 'POST', json: body }))).toBe('dropped');
    expect(api.emulator.records().map((r) => r.msdyncrm_name)).toEqual(['kept']);
    expect(await outcome(api.fetch(SET, { method: 'POST', json: body }))).toBe(412);
    expect(api.emulator.records()).toHaveLength(1);
  });

  it('adds latency, then answers normally', async () => {
    api = await start();
    api.emulator.faults.script([{ kind: 'latency', latencyMs: 5 }]);
    expect(await outcome(api.fetch(SET))).toBe(200);
    expect(api.emulator.stats.faultsByKind.latency).toBe(1);
  });

  it('injects faults at a seeded rate, repeatably, and clear() stops them', async () => {
    const sequence = async (): Promise<(number | 'dropped')[]> => {
      const local = await start({ faults: { rate: 0.3, kinds: ['429', '503', 'drop', 'drop-after'], retryAfterSeconds: 0, seed: 7 } });
      try {
        const results: (number | 'dropped')[] = [];
        for (let i = 0; i < 30; i++) results.push(await outcome(local.fetch(SET)));
        const stats = local.emulator.stats;
        expect(stats.requests).toBe(30);
        expect(stats.faults).toBe(results.filter((r) => r !== 200).length);
        local.emulator.faults.clear();
        for (let i = 0; i < 10; i++) expect(await outcome(local.fetch(SET))).toBe(200);
        return results;
      } finally {
        await local.emulator.close();
      }
    };
    const first = await sequence();
    expect(await sequence()).toEqual(first);
    expect(first.filter((r) => r !== 200).length).toBeGreaterThan(0);
    expect(new Set(first)).toContain(200);
  });

  it('limits rate faults to matching requests', async () => {
    api = await start({ faults: { rate: 1, kinds: ['503'], match: { method: 'DELETE' } } });
    expect((await api.fetch(SET)).status).toBe(200);
    expect((await api.fetch(`${SET}(${ID})`, { method: 'DELETE' })).status).toBe(503);
    api.emulator.faults.setRate(undefined);
    expect((await api.fetch(`${SET}(${ID})`, { method: 'DELETE' })).status).toBe(404);
  });
});
