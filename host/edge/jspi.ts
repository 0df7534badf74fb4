/**
 * The glue for a component that makes HTTP requests, on a Worker: the guest
 * waits for a response synchronously (wasi:io/poll, a blocking stream read),
 * and a Worker's `fetch` only answers asynchronously. JSPI (on in workerd)
 * suspends the guest's stack on those imports (preview2-shim's browser build
 * answers them with promises) and makes every export return a promise,
 * which the in-thread instance awaits. Not cached: bundling is rare.
 */
import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** The WASI versions toolchains import (componentize-js 0.23: 0.2.12 and http 0.2.10; the world: 0.2.3). */
const VERSIONS = ['0.2.0', '0.2.1', '0.2.2', '0.2.3', '0.2.4', '0.2.5', '0.2.6', '0.2.7', '0.2.8', '0.2.9', '0.2.10', '0.2.11', '0.2.12'];
/** The imports that wait: each one suspends the guest until its promise settles. */
const WAITING = [
  'wasi:io/poll@V#poll',
  'wasi:io/poll@V#[method]pollable.block',
  'wasi:io/streams@V#[method]input-stream.blocking-read',
  'wasi:io/streams@V#[method]input-stream.blocking-skip',
  'wasi:io/streams@V#[method]output-stream.blocking-flush',
  'wasi:io/streams@V#[method]output-stream.blocking-write-and-flush',
  'wasi:io/streams@V#[method]output-stream.blocking-write-zeroes-and-flush',
];

/** Transpile with JSPI into a fresh directory; returns it. */
export async function transpileJspi(bytes: Uint8Array): Promise<string> {
  const { transpile } = await import('@bytecodealliance/jco');
  const out = await transpile(bytes, {
    name: 'component',
    instantiation: 'async',
    noTypescript: true,
    asyncMode: 'jspi',
    asyncImports: VERSIONS.flatMap((v) => WAITING.map((s) => s.replace('@V', `@${v}`))),
    asyncExports: ['*'],
  } as Parameters<typeof transpile>[1]);
  const dir = await mkdtemp(join(tmpdir(), 'mcp-host-jspi-'));
  for (const [file, content] of Object.entries(out.files)) {
    await mkdir(dirname(join(dir, file)), { recursive: true });
    await writeFile(join(dir, file), content);
  }
  return dir;
}
