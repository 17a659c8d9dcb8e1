// What an uploaded image really is, from its first bytes: the Content-Type a client declares is
// whatever it wants it to be, and a browser shown an "image" that is HTML would run it.
export interface SniffedImage {
  contentType: 'image/jpeg' | 'image/png' | 'image/webp' | 'image/heic';
  extension: 'jpg' | 'png' | 'webp' | 'heic';
}

const ascii = (bytes: Uint8Array, from: number, to: number) =>
  String.fromCharCode(...bytes.subarray(from, to));

// HEIF brands of still images from phones (iPhones write heic; some Androids heix or mif1).
const HEIC_BRANDS = new Set(['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx', 'mif1', 'msf1']);

/** The image type of these bytes, or null when they are none of JPEG, PNG, WebP, HEIC. */
export function sniffImage(bytes: Uint8Array): SniffedImage | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) {
    return { contentType: 'image/jpeg', extension: 'jpg' };
  }
  if (
    bytes.length >= 8 &&
    [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((byte, i) => bytes[i] === byte)
  ) {
    return { contentType: 'image/png', extension: 'png' };
  }
  if (bytes.length >= 12 && ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 12) === 'WEBP') {
    return { contentType: 'image/webp', extension: 'webp' };
  }
  // ISO BMFF: a box size, then `ftyp` and the major brand.
  if (bytes.length >= 12 && ascii(bytes, 4, 8) === 'ftyp' && HEIC_BRANDS.has(ascii(bytes, 8, 12))) {
    return { contentType: 'image/heic', extension: 'heic' };
  }
  return null;
}
