#!/usr/bin/env node
/**
 * What handing one call to another thread costs, by the way it is handed
 * over: the choice behind host/worker/instance.ts (docs/design.md).
 *
 *   node bench/hop.mjs [--rounds 3] [--calls 3000] [--work 40]
 *
 * Each call is what a host does for one request: first a round trip over a
 * pipe to a child process (the client's side, so the cores go idle between
 * calls as they do when a client waits for an answer), then `--work` µs of
 * guest work, done
 *   - inline: on this thread (no isolation: the lower bound);
 *   - post: in a worker, handed over and answered with postMessage (two
 *     messages, each waking the other thread's event loop);
 *   - atomics: in a worker blocked in Atomics.wait on a SharedArrayBuffer,
 *     woken with Atomics.notify, answering through the buffer, which this
 *     thread awaits with Atomics.waitAsync;
 *   - spin: as atomics, but the worker spins on the buffer for 300 µs
 *     before it sleeps, so a call that comes soon finds it awake;
 *   - poll: as post, but the worker polls its port (receiveMessageOnPort)
 *     for 300 µs after each answer before it returns to its event loop:
 *     what instance-worker.ts does.
 * Prints the p50 of the hand-over (the call's time minus the inline one's)
 * per mode and round, interleaved, and the median and spread.
 */
import { spawn } from 'node:child_process';
import { Worker } from 'node:worker_threads';
import { median, percentile } from './lib.mjs';

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(name);
  return i === -1 ? fallback : Number(args[i + 1]);
};
const ROUNDS = opt('--rounds', 3);
const CALLS = opt('--calls', 3000);
const WORK_US = opt('--work', 40);
const MODES = ['inline', 'post', 'atomics', 'spin', 'poll'];

const busy = (us) => {
  const until = performance.now() + us / 1000;
  while (performance.now() < until);
};

// The worker: answers each call after WORK_US of work, by the mode's channel.
const WORKER = `
const { parentPort, workerData, receiveMessageOnPort } = require('node:worker_threads');
const { mode, work, sab } = workerData;
const busy = ${busy.toString()};
const flags = new Int32Array(sab); // [0]: the call's number, [1]: the answered one
if (mode === 'post') parentPort.on('message', (n) => { busy(work); parentPort.postMessage(n); });
else if (mode === 'poll') {
  const answer = (n) => {
    for (;;) {
      busy(work);
      parentPort.postMessage(n);
      const until = performance.now() + 0.3;
      let next;
      while (!next && performance.now() < until) next = receiveMessageOnPort(parentPort);
      if (!next) return;
      n = next.message;
    }
  };
  parentPort.on('message', answer);
}
else {
  parentPort.postMessage('up');
  let last = 0;
  for (;;) {
    if (mode === 'spin') {
      const until = performance.now() + 0.3;
      while (Atomics.load(flags, 0) === last && performance.now() < until);
    }
    while (Atomics.load(flags, 0) === last) Atomics.wait(flags, 0, last);
    last = Atomics.load(flags, 0);
    busy(work);
    Atomics.store(flags, 1, last);
    Atomics.notify(flags, 1);
  }
}
if (mode === 'post' || mode === 'poll') parentPort.postMessage('up');
`;

/** One client round trip over a pipe: the child echoes a line. */
function pipeClient() {
  const child = spawn(process.execPath, ['-e', "process.stdin.on('data', (d) => process.stdout.write(d))"], { stdio: ['pipe', 'pipe', 'inherit'] });
  let waiting;
  child.stdout.on('data', () => waiting?.());
  return {
    trip: () => new Promise((resolve) => ((waiting = resolve), child.stdin.write('x\n'))),
    close: () => child.kill(),
  };
}

async function measure(mode) {
  const client = pipeClient();
  await client.trip();
  const sab = new SharedArrayBuffer(8);
  const flags = new Int32Array(sab);
  const worker = mode === 'inline' ? undefined : new Worker(WORKER, { eval: true, workerData: { mode, work: WORK_US, sab } });
  if (worker) await new Promise((resolve) => worker.once('message', resolve));
  const hand = {
    inline: async () => busy(WORK_US),
    post: (n) => new Promise((resolve) => (worker.once('message', resolve), worker.postMessage(n))),
    atomics: async (n) => {
      Atomics.store(flags, 0, n);
      Atomics.notify(flags, 0);
      for (let seen = Atomics.load(flags, 1); seen !== n; seen = Atomics.load(flags, 1)) {
        const wait = Atomics.waitAsync(flags, 1, seen);
        if (wait.async) await wait.value;
      }
    },
  };
  hand.spin = hand.atomics;
  hand.poll = hand.post;
  const times = [];
  for (let n = 1; n <= CALLS; n++) {
    await client.trip();
    const started = performance.now();
    await hand[mode](n);
    times.push((performance.now() - started) * 1000);
  }
  client.close();
  await worker?.terminate();
  return percentile(times.slice(200), 50);
}

const results = Object.fromEntries(MODES.map((m) => [m, []]));
for (let round = 1; round <= ROUNDS; round++) {
  for (const mode of MODES) results[mode].push(await measure(mode));
  process.stderr.write(`hop: round ${round}: ${MODES.map((m) => `${m} ${results[m].at(-1).toFixed(1)} µs`).join(', ')}\n`);
}
const inline = results.inline;
console.log(`hand-over of one call with ${WORK_US} µs of work, p50 over ${CALLS} calls, ${ROUNDS} interleaved rounds (call time minus the inline call's, same round):`);
for (const mode of MODES.slice(1)) {
  const over = results[mode].map((t, i) => t - inline[i]);
  console.log(`  ${mode.padEnd(8)} ${median(over).toFixed(1)} µs (${Math.min(...over).toFixed(1)}–${Math.max(...over).toFixed(1)})`);
}
console.log(`  (inline call itself: ${median(inline).toFixed(1)} µs; load average ${(await import('node:os')).loadavg()[0].toFixed(2)})`);
