import { crc32, deflateSync, inflateSync } from 'node:zlib';

/**
 * The smallest PNG codec the app package needs: encode 8-bit RGBA images drawn in code, and decode the
 * common non-interlaced 8-bit PNGs (grey, RGB, palette, grey+alpha, RGBA) so that the package step can
 * check an icon a designer dropped into assets/ (exact size, transparent outline) before shipping it.
 * No image tool is installed on CI machines, so this depends on node:zlib alone.
 */

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export interface RgbaImage {
  width: number;
  height: number;
  /** width × height × 4 bytes, row by row, straight (not premultiplied) alpha. */
  rgba: Uint8Array;
}

export interface DecodedPng extends RgbaImage {
  bitDepth: number;
  /** 0 grey, 2 RGB, 3 palette, 4 grey+alpha, 6 RGBA. */
  colorType: number;
  /** Whether the file can express transparency at all (an alpha channel or a tRNS chunk). */
  hasAlphaChannel: boolean;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typeAndData = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData) >>> 0);
  return Buffer.concat([length, typeAndData, crc]);
}

/** Encodes an RGBA image as a PNG (colour type 6, 8 bits, filter 0 on every row; deterministic bytes). */
export function encodePng(image: RgbaImage): Buffer {
  const { width, height, rgba } = image;
  if (rgba.length !== width * height * 4) throw new Error(`expected ${width * height * 4} RGBA bytes, got ${rgba.length}`);
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.writeUInt8(8, 8); // bit depth
  header.writeUInt8(6, 9); // colour type RGBA
  header.writeUInt8(0, 10); // compression
  header.writeUInt8(0, 11); // filter method
  header.writeUInt8(0, 12); // no interlace
  const stride = width * 4;
  const raw = Buffer.alloc((stride + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (stride + 1)] = 0;
    Buffer.from(rgba.buffer, rgba.byteOffset + y * stride, stride).copy(raw, y * (stride + 1) + 1);
  }
  return Buffer.concat([SIGNATURE, chunk('IHDR', header), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

/** Width and height from the IHDR chunk, without decoding the pixels. */
export function pngSize(file: Uint8Array): { width: number; height: number } {
  const buffer = Buffer.from(file.buffer, file.byteOffset, file.byteLength);
  if (buffer.length < 24 || !buffer.subarray(0, 8).equals(SIGNATURE)) throw new Error('not a PNG file');
  if (buffer.toString('latin1', 12, 16) !== 'IHDR') throw new Error('PNG without an IHDR chunk first');
  return { width: buffer.readUInt32BE(16), height: buffer.readUInt32BE(20) };
}

const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/** Decodes a non-interlaced 8-bit PNG into RGBA. Other variants are refused with a clear error. */
export function decodePng(file: Uint8Array): DecodedPng {
  const buffer = Buffer.from(file.buffer, file.byteOffset, file.byteLength);
  const { width, height } = pngSize(buffer);
  let offset = 8;
  let bitDepth = 0;
  let colorType = -1;
  let interlace = 0;
  let palette: Buffer | undefined;
  let transparency: Buffer | undefined;
  const data: Buffer[] = [];
  while (offset + 8 <= buffer.length) {
    const length = buffer.readUInt32BE(offset);
    const type = buffer.toString('latin1', offset + 4, offset + 8);
    const body = buffer.subarray(offset + 8, offset + 8 + length);
    if (body.length !== length || offset + 12 + length > buffer.length) throw new Error(`truncated PNG chunk ${type}`);
    if ((crc32(buffer.subarray(offset + 4, offset + 8 + length)) >>> 0) !== buffer.readUInt32BE(offset + 8 + length)) throw new Error(`bad CRC in PNG chunk ${type}`);
    if (type === 'IHDR') {
      bitDepth = body.readUInt8(8);
      colorType = body.readUInt8(9);
      interlace = body.readUInt8(12);
    } else if (type === 'PLTE') palette = body;
    else if (type === 'tRNS') transparency = body;
    else if (type === 'IDAT') data.push(body);
    else if (type === 'IEND') break;
    offset += 12 + length;
  }
  const channels = CHANNELS[colorType];
  if (channels === undefined) throw new Error(`unsupported PNG colour type ${colorType}`);
  if (bitDepth !== 8) throw new Error(`unsupported PNG bit depth ${bitDepth} (only 8 bits per channel)`);
  if (interlace !== 0) throw new Error('interlaced PNGs are not supported');
  if (colorType === 3 && !palette) throw new Error('palette PNG without a PLTE chunk');

  const raw = inflateSync(Buffer.concat(data));
  const stride = width * channels;
  if (raw.length < (stride + 1) * height) throw new Error('PNG image data is shorter than its size says');
  const pixels = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const out = y * stride;
    for (let x = 0; x < stride; x++) {
      const left = x >= channels ? pixels[out + x - channels]! : 0;
      const up = y > 0 ? pixels[out - stride + x]! : 0;
      const upLeft = y > 0 && x >= channels ? pixels[out - stride + x - channels]! : 0;
      const value = line[x]!;
      let decoded: number;
      if (filter === 0) decoded = value;
      else if (filter === 1) decoded = value + left;
      else if (filter === 2) decoded = value + up;
      else if (filter === 3) decoded = value + ((left + up) >> 1);
      else if (filter === 4) decoded = value + paeth(left, up, upLeft);
      else throw new Error(`unknown PNG filter ${filter} on row ${y}`);
      pixels[out + x] = decoded & 0xff;
    }
  }

  const rgba = new Uint8Array(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    const p = i * channels;
    let r: number, g: number, b: number, a: number;
    if (colorType === 6) [r, g, b, a] = [pixels[p]!, pixels[p + 1]!, pixels[p + 2]!, pixels[p + 3]!];
    else if (colorType === 4) [r, g, b, a] = [pixels[p]!, pixels[p]!, pixels[p]!, pixels[p + 1]!];
    else if (colorType === 2) {
      [r, g, b] = [pixels[p]!, pixels[p + 1]!, pixels[p + 2]!];
      a = transparency && transparency.length >= 6 && transparency.readUInt16BE(0) === r && transparency.readUInt16BE(2) === g && transparency.readUInt16BE(4) === b ? 0 : 255;
    } else if (colorType === 0) {
      r = g = b = pixels[p]!;
      a = transparency && transparency.length >= 2 && transparency.readUInt16BE(0) === r ? 0 : 255;
    } else {
      const index = pixels[p]!;
      [r, g, b] = [palette![index * 3] ?? 0, palette![index * 3 + 1] ?? 0, palette![index * 3 + 2] ?? 0];
      a = transparency?.[index] ?? 255;
    }
    rgba.set([r, g, b, a], i * 4);
  }
  return { width, height, rgba, bitDepth, colorType, hasAlphaChannel: colorType === 4 || colorType === 6 || transparency !== undefined };
}
