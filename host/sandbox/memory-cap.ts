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

const PAGE = 65536;
const MEMORY_SECTION = 5;

/** The module with every memory it defines capped at `maxBytes` (rounded down to pages). */
export function capMemory(module: Uint8Array, maxBytes: number): Uint8Array {
  const capPages = Math.floor(maxBytes / PAGE);
  let offset = 8; // magic + version
  while (offset < module.length) {
    const sectionStart = offset;
    const id = module[offset++]!;
    const [size, sizeLength] = readLeb(module, offset);
    const contentStart = offset + sizeLength;
    const contentEnd = contentStart + size;
    if (id === MEMORY_SECTION) {
      const content = rewriteMemories(module.subarray(contentStart, contentEnd), capPages);
      return concat([module.subarray(0, sectionStart), Uint8Array.of(MEMORY_SECTION), writeLeb(content.length), content, module.subarray(contentEnd)]);
    }
    offset = contentEnd;
  }
  return module; // defines no memory (imports it, or has none)
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

/** Unsigned LEB128 → [value, bytes read]. Values here stay below 2^53. */
function readLeb(bytes: Uint8Array, offset: number): [number, number] {
  let value = 0;
  let scale = 1;
  let length = 0;
  for (;;) {
    const byte = bytes[offset + length++]!;
    value += (byte & 0x7f) * scale;
    if ((byte & 0x80) === 0) return [value, length];
    scale *= 128;
  }
}

function writeLeb(value: number): Uint8Array {
  const out: number[] = [];
  do {
    let byte = value % 128;
    value = Math.floor(value / 128);
    if (value > 0) byte |= 0x80;
    out.push(byte);
  } while (value > 0);
  return Uint8Array.from(out);
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
