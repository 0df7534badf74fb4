// @types/node 20 declares WebAssembly's types but not the functions the host
// calls; these are the ones it uses (available in every Node >= 20).
declare namespace WebAssembly {
  function compile(bytes: Uint8Array): Promise<Module>;
  /** With a compiled module: its instance (the instance worker counts them). */
  function instantiate(module: Module, imports?: object): Promise<unknown>;
  interface ModuleImportDescriptor {
    module: string;
    name: string;
    kind: string;
  }
  interface ModuleExportDescriptor {
    name: string;
    kind: string;
  }
  // eslint-disable-next-line no-var
  var Module: {
    new (bytes: Uint8Array): Module;
    imports(module: Module): ModuleImportDescriptor[];
    exports(module: Module): ModuleExportDescriptor[];
  };
}
