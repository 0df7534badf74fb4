/**
 * Read-only directory grants. preview2-shim preopens are always writable, so
 * the instance worker patches the shim's `Descriptor` (the worker's own copy:
 * one component per worker) to refuse, with WASI's `read-only` error code,
 * every call that would change a file or directory reached from a read-only
 * preopen. Descriptors opened from a read-only one are read-only too.
 */

type ImportObject = Record<string, Record<string, unknown>>;
type Method = (this: object, ...args: unknown[]) => unknown;

/** Calls that change something, with the indexes of descriptor arguments that must be writable too. */
const MUTATING: Record<string, number[]> = {
  write: [],
  writeViaStream: [],
  appendViaStream: [],
  setSize: [],
  setTimes: [],
  setTimesAt: [],
  createDirectoryAt: [],
  removeDirectoryAt: [],
  unlinkFileAt: [],
  renameAt: [1],
  symlinkAt: [],
  linkAt: [2],
};

export function applyReadOnlyDirs(imports: ImportObject, readOnlyGuestPaths: ReadonlySet<string>): void {
  if (readOnlyGuestPaths.size === 0) return;
  const readOnly = new WeakSet<object>();
  const preopens = imports['wasi:filesystem/preopens']!;
  const getDirectories = preopens.getDirectories as () => [object, string][];
  preopens.getDirectories = () => {
    const dirs = getDirectories();
    for (const [descriptor, guestPath] of dirs) if (readOnlyGuestPaths.has(guestPath)) readOnly.add(descriptor);
    return dirs;
  };

  const proto = (imports['wasi:filesystem/types']!.Descriptor as { prototype: Record<string, Method> }).prototype;
  const openAt = proto.openAt!;
  proto.openAt = function (this: object, ...args: unknown[]) {
    if (readOnly.has(this)) {
      const openFlags = args[2] as { create?: boolean; truncate?: boolean } | undefined;
      const flags = args[3] as { write?: boolean; mutateDirectory?: boolean } | undefined;
      if (openFlags?.create || openFlags?.truncate || flags?.write || flags?.mutateDirectory) throw 'read-only';
    }
    const opened = openAt.apply(this, args) as object;
    if (readOnly.has(this)) readOnly.add(opened);
    return opened;
  };
  for (const [name, descriptorArgs] of Object.entries(MUTATING)) {
    const original = proto[name];
    if (!original) continue;
    proto[name] = function (this: object, ...args: unknown[]) {
      if (readOnly.has(this) || descriptorArgs.some((i) => readOnly.has(args[i] as object))) throw 'read-only';
      return original.apply(this, args);
    };
  }
}
