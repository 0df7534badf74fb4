/**
 * Child process for the jco / componentize-js steps that read WIT files.
 * They read through preview2-shim's global preopens, which must be opened
 * to `/` first: state that must never exist where guests run, hence a
 * process of its own (DESIGN.md, decision 7). One request in, one reply out.
 * Every tool and the shim are imported dynamically, after the resolve hook
 * (shim-resolve.ts) is in place: one preview2-shim instance for all of them.
 */
import { readFile } from 'node:fs/promises';
import { register } from 'node:module';
import { patchBindingsOnWrite } from './string-lowering.js';
import type { ToolchainReply, ToolchainRequest } from './toolchain-process.js';

register(new URL('./shim-resolve.js', import.meta.url));

async function main(request: ToolchainRequest): Promise<ToolchainReply> {
  const { _setPreopens } = (await import('@bytecodealliance/preview2-shim/filesystem')) as unknown as {
    _setPreopens(preopens: Record<string, string>): void;
  };
  _setPreopens({ '/': '/' });
  switch (request.task) {
    case 'componentize': {
      patchBindingsOnWrite();
      const { componentize } = await import('@bytecodealliance/componentize-js');
      const { component } = await componentize({
        sourcePath: request.sourcePath,
        witPath: request.witPath,
        worldName: request.world,
        disableFeatures: request.disableFeatures,
      });
      return { ok: true, files: { 'component.wasm': component } };
    }
    case 'guest-types': {
      // jco's API exports typesComponent under the name `types`.
      const { types } = await import('@bytecodealliance/jco');
      const files = await types(request.witPath, { worldName: request.world, guest: true, quiet: true });
      return { ok: true, files };
    }
    case 'componentize-module': {
      const jco = await import('@bytecodealliance/jco');
      const module = request.world
        ? await jco.componentEmbed({ binary: request.module, witPath: request.witPath, world: request.world })
        : request.module;
      const adapters: [string, Uint8Array][] = [];
      if (request.adapter) {
        const path = request.adapter === 'command' ? jco.preview1AdapterCommandPath() : jco.preview1AdapterReactorPath();
        adapters.push(['wasi_snapshot_preview1', await readFile(path)]);
      }
      return { ok: true, files: { 'component.wasm': await jco.componentNew(module, adapters) } };
    }
  }
}

process.once('message', (request: ToolchainRequest) => {
  main(request).then(
    (reply) => process.send?.(reply),
    (err: unknown) => process.send?.({ ok: false, message: err instanceof Error ? err.message : String(err) } satisfies ToolchainReply),
  );
});
