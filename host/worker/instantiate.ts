/**
 * Instantiating a transpiled component from its compiled core modules, in
 * whichever thread runs the guest (an instance worker, or an edge isolate).
 */

/** jco's `instantiation: 'async'` output: the core modules come from `getCoreModule`, never compiled here. */
export interface Glue {
  instantiate(
    getCoreModule: (name: string) => WebAssembly.Module,
    imports: Record<string, object>,
    instantiateCore: (module: WebAssembly.Module, imports?: object) => Promise<unknown>,
  ): Promise<Record<string, unknown>>;
}

/**
 * The component's exports. The memory and table caps are shares of one
 * budget per module instance (sandbox/share-cap.ts): a module instantiated
 * twice would get its share twice. No toolchain does that; a hand-made
 * component can, and is refused.
 */
export function instantiateComponent(glue: Glue, coreModules: Record<string, WebAssembly.Module>, imports: Record<string, object>): Promise<Record<string, unknown>> {
  const instantiated = new Set<WebAssembly.Module>();
  return glue.instantiate(
    (name) => {
      const module = coreModules[name];
      if (!module) throw new Error(`missing core module ${name}`);
      return module;
    },
    imports,
    (module, moduleImports) => {
      if (instantiated.has(module)) {
        throw new Error('the component instantiates one of its core modules more than once, which would multiply its memory and table caps; refused');
      }
      instantiated.add(module);
      return WebAssembly.instantiate(module, moduleImports);
    },
  );
}
