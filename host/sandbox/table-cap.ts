/**
 * Cap a core module's tables by rewriting the limits in its table section
 * before it is compiled, as memory-cap.ts does for memories. A table is host
 * memory the memory cap does not cover (~40 bytes an element: two funcref
 * tables grown to 10 M entries in one call took the host's RSS up 760 MiB);
 * with a maximum, `table.grow` returns -1 inside the guest.
 *
 * The cap is on all the tables of all the component's core modules
 * together (share-cap.ts), because a component may define many: their
 * minimums must fit in it (else the component cannot start), and what is
 * left is shared evenly by the tables that may grow. Imported tables need no
 * rewrite: some other module of the component defines them, and is capped
 * there. Anything this parser does not know is refused rather than passed
 * through uncapped.
 */
import { UserError } from '../errors.js';
import { concat, readLeb, writeLeb } from '../wasm-binary.js';
import { capSections, readLimits } from './share-cap.js';

const TABLE_SECTION = 4;
const HAS_MAX = 0x01;
const INDEX_64 = 0x04;

interface Table {
  /** Bytes before the limits: the `0x40 0x00` prefix of a table with an initializer, and the reference type. */
  head: Uint8Array;
  flags: number;
  min: number;
  max: number;
  /** The initializer expression, if any, up to and including its `end`. */
  init: Uint8Array;
}

/** The modules with their tables capped at `maxElements` in all. */
export function capTables(modules: Uint8Array[], maxElements: number): Uint8Array[] {
  const capped = capSections(modules, TABLE_SECTION, readTables, encodeTables, maxElements);
  if ('needed' in capped) {
    throw new UserError(
      `the component's core modules need ${capped.needed} table elements to start, over the cap of ${maxElements}`,
      'Raise --max-table-elements (or limits.maxTableElements in a policy file)',
    );
  }
  return capped.modules;
}

function readTables(section: Uint8Array): Table[] {
  const [count, countLength] = readLeb(section, 0);
  let offset = countLength;
  const tables: Table[] = [];
  for (let i = 0; i < count; i++) {
    const start = offset;
    const withInit = section[offset] === 0x40;
    if (withInit) {
      if (section[offset + 1] !== 0x00) throw unknown('table encoding');
      offset += 2;
    }
    offset = skipRefType(section, offset);
    const head = section.subarray(start, offset);
    const flags = section[offset++]!;
    if ((flags & ~(HAS_MAX | INDEX_64)) !== 0) throw unknown(`table limits (flags 0x${flags.toString(16)})`);
    const { min, max, end } = readLimits(section, offset, flags);
    offset = end;
    const initStart = offset;
    if (withInit) offset = skipConstExpr(section, offset);
    tables.push({ head, flags, min, max, init: section.subarray(initStart, offset) });
  }
  if (offset !== section.length) throw unknown('table section');
  return tables;
}

function encodeTables(tables: Table[], maxes: number[]): Uint8Array {
  const out: Uint8Array[] = [writeLeb(tables.length)];
  tables.forEach((t, i) => out.push(t.head, Uint8Array.of(t.flags | HAS_MAX), writeLeb(t.min), writeLeb(maxes[i]!), t.init));
  return concat(out);
}

/** A reference type: one byte (funcref 0x70, externref 0x6f, …), or `ref [null]` and a heap type. */
function skipRefType(bytes: Uint8Array, offset: number): number {
  const byte = bytes[offset]!;
  if (byte === 0x63 || byte === 0x64) return skipLeb(bytes, offset + 1);
  if (byte >= 0x69 && byte <= 0x74) return offset + 1;
  throw unknown(`table reference type 0x${byte.toString(16)}`);
}

/** The constant expressions a table initializer may be made of (no GC instructions). */
function skipConstExpr(bytes: Uint8Array, offset: number): number {
  for (;;) {
    const op = bytes[offset++];
    switch (op) {
      case 0x0b: // end
        return offset;
      case 0x41: // i32.const
      case 0x42: // i64.const
      case 0x23: // global.get
      case 0xd2: // ref.func
      case 0xd0: // ref.null heaptype
        offset = skipLeb(bytes, offset);
        break;
      case 0x43: // f32.const
        offset += 4;
        break;
      case 0x44: // f64.const
        offset += 8;
        break;
      case 0x6a: case 0x6b: case 0x6c: case 0x7c: case 0x7d: case 0x7e: // extended-const add/sub/mul
        break;
      default:
        throw unknown(`table initializer (opcode ${op === undefined ? 'missing' : `0x${op.toString(16)}`})`);
    }
  }
}

function skipLeb(bytes: Uint8Array, offset: number): number {
  while (offset < bytes.length && (bytes[offset]! & 0x80) !== 0) offset++;
  return offset + 1;
}

function unknown(what: string): UserError {
  return new UserError(`a core module of the component has a ${what} the host cannot cap, so it is refused`);
}
