/**
 * The queue of calls waiting for an instance's worker (host/worker/call-queue.ts):
 * order kept, calls ended while waiting skipped, calls of a discarded worker
 * back in front, and the same after the compaction a deep backlog triggers;
 * calls ended where they wait never outnumber the live ones.
 */
import { describe, expect, it } from 'vitest';
import { CallQueue } from '../../host/worker/call-queue.js';

interface Item {
  id: number;
  done: boolean;
}
const items = (from: number, to: number): Item[] => Array.from({ length: to - from }, (_, i) => ({ id: from + i, done: false }));

describe('CallQueue', () => {
  it('gives calls in order, skipping those ended while waiting', () => {
    const queue = new CallQueue<Item>();
    const all = items(0, 6);
    for (const item of all) queue.push(item);
    all[0]!.done = true;
    all[3]!.done = true;
    expect(queue.peek()?.id).toBe(1);
    expect([queue.take(), queue.take(), queue.take()].map((i) => i?.id)).toEqual([1, 2, 4]);
    all[5]!.done = true;
    expect(queue.take()).toBeUndefined();
    expect(queue.peek()).toBeUndefined();
  });

  it('puts a discarded worker’s unstarted calls back in front, in their order', () => {
    const queue = new CallQueue<Item>();
    for (const item of items(10, 13)) queue.push(item);
    queue.take();
    queue.pushFront(items(0, 2));
    expect(queue.drain().map((i) => i.id)).toEqual([0, 1, 11, 12]);
    expect(queue.take()).toBeUndefined();
  });

  it('keeps order and skipping through compactions of a deep backlog', () => {
    const queue = new CallQueue<Item>();
    const all = items(0, 50_000);
    for (const item of all) queue.push(item);
    for (const item of all) if (item.id % 3 === 0) item.done = true;
    const seen: number[] = [];
    for (let i = 0; i < 20_000; i++) seen.push(queue.take()!.id);
    queue.pushFront([{ id: -1, done: false }]);
    for (let item = queue.take(); item; item = queue.take()) seen.push(item.id);
    const expected = all.filter((i) => i.id % 3 !== 0).map((i) => i.id);
    expect(seen).toEqual([...expected.slice(0, 20_000), -1, ...expected.slice(20_000)]);
  });

  it('sweeps the calls ended where they wait once they are half of it: they never outnumber the live ones', () => {
    const queue = new CallQueue<Item>();
    const all = items(0, 10_000);
    for (const item of all) queue.push(item);
    // A client cancels 9 of every 10 while they wait.
    for (const item of all.filter((i) => i.id % 10 !== 0)) {
      item.done = true;
      queue.ended();
      const live = all.filter((i) => !i.done).length;
      expect(queue.length).toBeLessThanOrEqual(2 * live + 1);
    }
    expect(queue.length).toBeLessThanOrEqual(2 * 1000 + 1);
    const left: number[] = [];
    for (let item = queue.take(); item; item = queue.take()) left.push(item.id);
    expect(left).toEqual(all.filter((i) => i.id % 10 === 0).map((i) => i.id));
  });
});
