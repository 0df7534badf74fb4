// @types/node 20 declares WebAssembly's types but not the functions the host
// calls; these are the ones it uses (available in every Node >= 20).
declare namespace WebAssembly {
  function compile(bytes: Uint8Array): Promise<Module>;
}
