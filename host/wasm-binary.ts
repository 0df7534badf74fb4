/**
 * The little of the WebAssembly binary format the host edits by hand: LEB128
 * numbers and the sequence of sections that follows the 8-byte preamble
 * (the same layout in core modules and components). Used to cap a module's
 * memory and to splice components into a composed one.
 */

/** Unsigned LEB128 at `offset` → [value, bytes read]. Values here stay below 2^53. */
export function readLeb(bytes: Uint8Array, offset: number): [number, number] {
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

export function writeLeb(value: number): Uint8Array {
  const out: number[] = [];
  do {
    let byte = value % 128;
    value = Math.floor(value / 128);
    if (value > 0) byte |= 0x80;
    out.push(byte);
  } while (value > 0);
  return Uint8Array.from(out);
}

export function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

export interface Section {
  id: number;
  content: Uint8Array;
  /** Offsets of the whole section (id byte to end) in the file. */
  start: number;
  end: number;
}

/** The sections of a module or component, in order. */
export function* sections(bytes: Uint8Array): Generator<Section> {
  let offset = 8;
  while (offset < bytes.length) {
    const id = bytes[offset]!;
    const [size, sizeLength] = readLeb(bytes, offset + 1);
    const contentStart = offset + 1 + sizeLength;
    yield { id, content: bytes.subarray(contentStart, contentStart + size), start: offset, end: contentStart + size };
    offset = contentStart + size;
  }
}

/** Names of the custom sections (id 0), e.g. `component-type:wit-bindgen:…`. */
export function customSectionNames(bytes: Uint8Array): string[] {
  const names: string[] = [];
  for (const { id, content } of sections(bytes)) {
    if (id !== 0) continue;
    const [length, lengthBytes] = readLeb(content, 0);
    names.push(new TextDecoder().decode(content.subarray(lengthBytes, lengthBytes + length)));
  }
  return names;
}

/**
 * A copy of a module or component in which every section `replace` returns
 * bytes for gets those bytes as its content; the others are kept as they are.
 */
export function mapSections(bytes: Uint8Array, replace: (id: number, content: Uint8Array) => Uint8Array | undefined): Uint8Array {
  const parts: Uint8Array[] = [bytes.subarray(0, 8)];
  for (const { id, content, start, end } of sections(bytes)) {
    const replaced = replace(id, content);
    parts.push(replaced ? concat([Uint8Array.of(id), writeLeb(replaced.length), replaced]) : bytes.subarray(start, end));
  }
  return concat(parts);
}
