/**
 * A horizontal bar chart as a PNG, for the DOCX report (Word shows images everywhere; the labels
 * and numbers stand in the table beside it, so the picture needs no text). Written by hand —
 * a few rectangles and zlib — because the raster libraries for Node need native builds. Pure.
 * @module
 */
import { deflateSync } from 'node:zlib';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = CRC_TABLE[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** An RGB PNG of the pixels (`width × height × 3`). */
export function encodePng(width: number, height: number, rgb: Uint8Array): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // colour type: RGB
  const rows = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    rows[y * (width * 3 + 1)] = 0; // filter: none
    Buffer.from(rgb.buffer, rgb.byteOffset + y * width * 3, width * 3).copy(rows, y * (width * 3 + 1) + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

export interface BarChartImage {
  png: Buffer;
  width: number;
  height: number;
}

/** One bar per value, top to bottom, scaled to `max` (default: the largest value), with a light grid. */
export function barChartPng(values: readonly number[], options: { max?: number; width?: number } = {}): BarChartImage {
  const width = options.width ?? 400;
  const barHeight = 18;
  const gap = 8;
  const height = Math.max(1, values.length) * (barHeight + gap) + gap;
  const rgb = new Uint8Array(width * height * 3).fill(255);
  const paint = (x0: number, y0: number, x1: number, y1: number, colour: readonly [number, number, number]) => {
    for (let y = Math.max(0, y0); y < Math.min(height, y1); y++)
      for (let x = Math.max(0, x0); x < Math.min(width, x1); x++) rgb.set(colour, (y * width + x) * 3);
  };
  for (let tenth = 0; tenth <= 10; tenth++) {
    const x = Math.round((tenth / 10) * (width - 1));
    paint(x, 0, x + 1, height, [226, 232, 240]);
  }
  const max = options.max ?? Math.max(1, ...values);
  values.forEach((value, index) => {
    const y = gap + index * (barHeight + gap);
    const length = Math.round((Math.max(0, value) / max) * (width - 1));
    paint(0, y, length, y + barHeight, [59, 130, 246]);
  });
  return { png: encodePng(width, height, rgb), width, height };
}
