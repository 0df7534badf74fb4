/**
 * `mcp-host compose`: one component from a socket component and plug
 * components whose exports satisfy some of its imports, as `wac plug` does.
 * No composer exists on npm, so this one is written here, on the two tools
 * jco does provide: `print` (binary → text format) and `parse` (text → binary).
 *
 * How: print each input with its code stripped out (only its types, imports
 * and exports are needed, and the code is megabytes); write the text of a
 * new component that imports what the socket imports (minus what plugs
 * provide) and what the plugs import, nests each input as a placeholder,
 * instantiates the plugs, feeds their exports to the socket, and re-exports
 * the socket's exports; assemble it with `parse`; then put each input's real
 * bytes in place of its placeholder. The printed text names imports by
 * symbols derived from their names (`$wasi:io/poll@0.2.12`), which is what
 * lets the socket's import declarations be reused as they are.
 */
import { basename } from 'node:path';
import { UserError } from '../errors.js';
import { readComponent } from '../toolchain/inspect.js';
import { mapSections } from '../wasm-binary.js';

const COMPONENT_SECTION = 4;
const CORE_MODULE_SECTION = 1;
const EMPTY_MODULE = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
const EMPTY_COMPONENT = [0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00];

export interface ComposeResult {
  component: Uint8Array;
  /** Socket imports satisfied, and by which plug. */
  plugged: { iface: string; plug: string }[];
  /** What the composed component still imports. */
  imports: string[];
}

interface Printed {
  name: string;
  bytes: Uint8Array;
  /** Top-level type, import and alias items before the first definition. */
  prefix: Item[];
  imports: { name: string; kind: string; symbol: string }[];
  exports: { name: string; kind: string }[];
}

interface Item {
  text: string;
  /** For `(import "name" ...)` and `(type $ty-name ...)`: the import it belongs to. */
  importName?: string;
}

/**
 * Compose `socketPath` with `plugPaths`. `checkTypes(iface, plugPath)` is
 * called for each plugged interface before anything is written, and throws
 * when the two sides disagree.
 */
export async function composeComponents(
  socketPath: string,
  plugPaths: string[],
  checkTypes: (iface: string, plugPath: string) => Promise<void> = async () => {},
): Promise<ComposeResult> {
  const socket = await printComponent(socketPath);
  const plugs = await Promise.all(plugPaths.map(printComponent));

  const plugged: { iface: string; plug: string; index: number }[] = [];
  for (const [index, plug] of plugs.entries()) {
    const fits = socket.imports.filter((i) => plug.exports.some((e) => e.name === i.name));
    if (fits.length === 0) {
      throw new UserError(`${plug.name} exports nothing ${socket.name} imports`, `${socket.name} imports ${socket.imports.map((i) => i.name).join(', ')}`);
    }
    for (const i of fits) {
      if (!plugged.some((p) => p.iface === i.name)) plugged.push({ iface: i.name, plug: plug.name, index });
    }
  }
  for (const p of plugged) await checkTypes(p.iface, plugPaths[p.index]!);
  const pluggedNames = new Set(plugged.map((p) => p.iface));

  // The composed component's imports: the socket's (minus plugged), then the plugs' others.
  const lines: string[] = ['(component'];
  const imported = new Set<string>();
  for (const item of socket.prefix) {
    if (item.importName && pluggedNames.has(item.importName)) continue;
    lines.push(item.text);
  }
  for (const i of socket.imports) if (!pluggedNames.has(i.name)) imported.add(i.name);
  for (const [index, plug] of plugs.entries()) {
    const shared = new Set(plug.imports.filter((i) => imported.has(i.name)).map((i) => i.name));
    for (const item of plug.prefix) {
      if (item.importName && shared.has(item.importName)) continue;
      lines.push(renameSymbols(item.text, `p${index}.`, imported));
    }
    for (const i of plug.imports) imported.add(i.name);
  }

  // Instantiate the plugs, then the socket with their exports.
  for (const [index, plug] of plugs.entries()) {
    lines.push(`  (component $plug${index})`);
    // A plug's imports are bound to the composed component's import of the same name.
    const withs = plug.imports.map((i) => `(with ${JSON.stringify(i.name)} (${i.kind} ${symbol(i.name)}))`);
    lines.push(`  (instance $plug${index}-instance (instantiate $plug${index} ${withs.join(' ')}))`);
  }
  for (const p of plugged) {
    const kind = socket.imports.find((i) => i.name === p.iface)!.kind;
    lines.push(`  (alias export $plug${p.index}-instance ${JSON.stringify(p.iface)} (${kind} ${symbol(p.iface)}))`);
  }
  lines.push('  (component $socket)');
  const socketWiths = socket.imports.map((i) => `(with ${JSON.stringify(i.name)} (${i.kind} ${i.symbol}))`);
  lines.push(`  (instance $socket-instance (instantiate $socket ${socketWiths.join(' ')}))`);
  for (const [n, e] of socket.exports.entries()) {
    lines.push(`  (alias export $socket-instance ${JSON.stringify(e.name)} (${e.kind} $export${n}))`);
    lines.push(`  (export ${JSON.stringify(e.name)} (${e.kind} $export${n}))`);
  }
  lines.push(')');

  const { parse } = await import('@bytecodealliance/jco');
  let shell: Uint8Array;
  try {
    shell = await parse(lines.join('\n'));
  } catch (err) {
    throw new Error(`composing produced text the assembler refused: ${(err as Error).message.split('\n')[0]}`);
  }
  const component = replaceNestedComponents(shell, [...plugs.map((p) => p.bytes), socket.bytes]);
  return { component, plugged: plugged.map(({ iface, plug }) => ({ iface, plug })), imports: [...imported] };
}

async function printComponent(path: string): Promise<Printed> {
  const bytes = await readComponent(path);
  const { print } = await import('@bytecodealliance/jco');
  const text = await print(stripCode(bytes));
  const items = topLevelItems(text);
  const firstDefinition = items.findIndex((t) => !/^\s*\((type|import|alias) /.test(t));
  const prefix = items.slice(0, firstDefinition === -1 ? items.length : firstDefinition).map((t) => ({ text: t, importName: importNameOf(t) }));
  const imports = prefix.flatMap((item) => {
    const m = /^\s*\(import "([^"]+)" \((\w+) (\$\S+|\$"[^"]*")/.exec(item.text);
    return m ? [{ name: m[1]!, kind: m[2]!, symbol: m[3]! }] : [];
  });
  const exports = items.flatMap((t) => {
    const m = /^\s*\(export (?:\$\S+ )?(?:\(;\d+;\) )?"([^"]+)" \((\w+) /.exec(t);
    return m ? [{ name: m[1]!, kind: m[2]! }] : [];
  });
  return { name: basename(path, '.wasm'), bytes, prefix, imports, exports };
}

/** `(import "x" ...)` → x; `(type $ty-x ...)` → x (the type of import x, as wasm-tools names it). */
function importNameOf(text: string): string | undefined {
  return /^\s*\(import "([^"]+)"/.exec(text)?.[1] ?? /^\s*\(type \$ty-(\S+) /.exec(text)?.[1];
}

/** The symbol printed for an import named `name`. */
const symbol = (name: string): string => `$${name}`;

/**
 * Give a plug's own symbols a prefix so they cannot clash with the socket's,
 * except the ones that name imports the composed component shares.
 */
function renameSymbols(text: string, prefix: string, shared: Set<string>): string {
  return text.replace(/\$"((?:[^"\\]|\\.)*)"|\$([0-9A-Za-z!#$%&'*+\-./:<=>?@\\^_`|~]+)/g, (whole, quoted: string | undefined, plain: string | undefined) => {
    const name = quoted ?? plain!;
    const importName = name.startsWith('ty-') ? name.slice(3) : name;
    if (shared.has(importName)) return whole;
    return quoted !== undefined ? `$"${prefix}${quoted}"` : `$${prefix}${plain}`;
  });
}

/** The top-level items of printed component text, one string each (wasm-tools prints each at indent 2). */
function topLevelItems(text: string): string[] {
  const items: string[] = [];
  for (const line of text.split('\n').slice(1)) {
    if (/^ {2}\(/.test(line)) items.push(line);
    else if (/^ {2}/.test(line) && items.length > 0) items[items.length - 1] += `\n${line}`;
  }
  return items;
}

/** A copy whose core modules and nested components are empty: its types, imports and exports stay. */
function stripCode(bytes: Uint8Array): Uint8Array {
  return mapSections(bytes, (id) =>
    id === CORE_MODULE_SECTION ? Uint8Array.from(EMPTY_MODULE) : id === COMPONENT_SECTION ? Uint8Array.from(EMPTY_COMPONENT) : undefined,
  );
}

/** Put `nested[i]` as the content of the i-th top-level component section. */
function replaceNestedComponents(shell: Uint8Array, nested: Uint8Array[]): Uint8Array {
  let next = 0;
  const out = mapSections(shell, (id) => (id === COMPONENT_SECTION ? nested[next++] : undefined));
  if (next !== nested.length) throw new Error(`expected ${nested.length} nested components in the composed shell, found ${next}`);
  return out;
}
