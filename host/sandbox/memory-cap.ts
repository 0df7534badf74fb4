/**
 * Cap a core module's linear memory by rewriting the maximum in its memory
 * section before it is compiled. A worker's `resourceLimits` does not cover
 * wasm memory, and uncapped a runaway guest grows to ~4 GiB; with a maximum,
 * `memory.grow` fails inside the guest (a catchable out-of-memory for most
 * engines) and the host's RSS stays bounded.
 *
 * Written by hand because it is a ~60-line edit of one section header, and
 * general wasm rewriters (binaryen, @webassemblyjs) re-encode the whole
 * 12 MB module and take seconds.
 */
import { UserError } from '../errors.js';
import { concat, mapSections, readLeb, writeLeb } from '../toolchain/wasm-binary.js';

const PAGE = 65536;
const MEMORY_SECTION = 5;

/** The module with every memory it defines capped at `maxBytes` (rounded down to pages). */
export function capMemory(module: Uint8Array, maxBytes: number): Uint8Array {
  const capPages = Math.floor(maxBytes / PAGE);
  return mapSections(module, (id, content) => (id === MEMORY_SECTION ? rewriteMemories(content, capPages) : undefined));
}

function rewriteMemories(section: Uint8Array, capPages: number): Uint8Array {
  const out: Uint8Array[] = [];
  let offset = 0;
  const [count, countLength] = readLeb(section, offset);
  out.push(section.subarray(0, countLength));
  offset += countLength;
  for (let i = 0; i < count; i++) {
    const flags = section[offset++]!;
    const hasMax = (flags & 0x01) !== 0;
    const [min, minLength] = readLeb(section, offset);
    offset += minLength;
    let max = Infinity;
    if (hasMax) {
      const [value, maxLength] = readLeb(section, offset);
      max = value;
      offset += maxLength;
    }
    if (min > capPages) {
      throw new UserError(
        `the component needs at least ${Math.ceil((min * PAGE) / 2 ** 20)} MiB of memory to start, over the cap of ${Math.floor((capPages * PAGE) / 2 ** 20)} MiB`,
        'Raise --max-memory',
      );
    }
    out.push(Uint8Array.of(flags | 0x01), writeLeb(min), writeLeb(Math.min(max, capPages)));
  }
  out.push(section.subarray(offset));
  return concat(out);
}
