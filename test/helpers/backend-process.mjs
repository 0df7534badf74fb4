// A ComponentBackend in a process of its own (as `mcp-host run` has it, from dist/), driven by
// JSON lines on stdin: {id, method, args} → {id, ok, value} | {id, ok: false, error: {code, message, data}}.
// Bytes (state) travel as {$bytes: base64}. For tests of the backend below the protocol layer.
import { createInterface } from 'node:readline';
import { loadComponent } from '../../dist/host/backend/load.js';
import { ComponentBackend } from '../../dist/host/backend/component-backend.js';
import { defaultLimits, denyAllPolicy } from '../../dist/host/sandbox/policy.js';

const revive = (_k, v) => (v && typeof v === 'object' && typeof v.$bytes === 'string' ? new Uint8Array(Buffer.from(v.$bytes, 'base64')) : v);
const replace = (_k, v) => (v instanceof Uint8Array ? { $bytes: Buffer.from(v).toString('base64') } : v);

const [path, name] = process.argv.slice(2);
const sandbox = denyAllPolicy(name);
const backend = await ComponentBackend.start(await loadComponent(path, sandbox), { sandbox, limits: defaultLimits(), log: (l) => process.stderr.write(`${l}\n`) });
process.stdout.write(`${JSON.stringify({ ready: true })}\n`);
for await (const line of createInterface({ input: process.stdin })) {
  const { id, method, args } = JSON.parse(line, revive);
  try {
    const value = await backend[method](...args);
    process.stdout.write(`${JSON.stringify({ id, ok: true, value }, replace)}\n`);
  } catch (err) {
    process.stdout.write(`${JSON.stringify({ id, ok: false, error: { code: err.code, message: err.message, data: err.data } }, replace)}\n`);
  }
}
await backend.close();
