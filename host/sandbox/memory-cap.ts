/**
 * Cap a component's linear memories by rewriting the maximum in each core
 * module's memory section before it is compiled. A worker's `resourceLimits`
 * does not cover wasm memory, and uncapped a runaway guest grows to ~4 GiB;
 * with a maximum, `memory.grow` fails inside the guest (a catchable
 * out-of-memory for most engines) and the host's RSS stays bounded. All the
 * memories of all the modules share the cap (share-cap.ts): a component that
 * defines many must not get the cap many times.
 *
 * Written by hand because it is a ~60-line edit of one section header, and
 * general wasm rewriters (binaryen, @webassemblyjs) re-encode the whole
 * 12 MB module and take seconds.
 */
import { UserError } from '../errors.js';
import { concat, readLeb, writeLeb } from '../wasm-binary.js';
import { capSections, readLimits, type Limit } from './share-cap.js';

const PAGE = 65536;
const MEMORY_SECTION = 5;
const HAS_MAX = 0x01;

interface Memory extends Limit {
  flags: number;
}

/** The modules with their memories capped at `maxBytes` (rounded down to pages) in all. */
export function capMemories(modules: Uint8Array[], maxBytes: number): Uint8Array[] {
  const capPages = Math.floor(maxBytes / PAGE);
  const capped = capSections(modules, MEMORY_SECTION, readMemories, encodeMemories, capPages);
  if ('needed' in capped) {
    throw new UserError(
      `the component needs at least ${Math.ceil((capped.needed * PAGE) / 2 ** 20)} MiB of memory to start, over the cap of ${Math.floor((capPages * PAGE) / 2 ** 20)} MiB`,
      'Raise --max-memory',
    );
  }
  return capped.modules;
}

function readMemories(section: Uint8Array): Memory[] {
  const memories: Memory[] = [];
  let offset = 0;
  const [count, countLength] = readLeb(section, offset);
  offset += countLength;
  for (let i = 0; i < count; i++) {
    const flags = section[offset++]!;
    // Known: has-max, shared, 64-bit. Another (custom page sizes) changes the layout.
    if ((flags & ~0x07) !== 0) throw new UserError(`a core module of the component has memory limits (flags 0x${flags.toString(16)}) the host cannot cap, so it is refused`);
    const { min, max, end } = readLimits(section, offset, flags);
    offset = end;
    memories.push({ flags, min, max });
  }
  if (offset !== section.length) throw new UserError('a core module of the component has a memory section the host cannot cap, so it is refused');
  return memories;
}

function encodeMemories(memories: Memory[], maxes: number[]): Uint8Array {
  const out: Uint8Array[] = [writeLeb(memories.length)];
  memories.forEach((m, i) => out.push(Uint8Array.of(m.flags | HAS_MAX), writeLeb(m.min), writeLeb(maxes[i]!)));
  return concat(out);
}
