// Draws the app's icons (the white F on the brand's teal, as the favicon in index.html) into
// public/icons as PNG files, with no image library: the shapes are three rectangles, sampled 4×4
// per pixel for smooth edges, and the PNG is written by hand (zlib's deflate and crc32).
// `pnpm --filter @flux/web icons`; the files are committed, so the build does not run this.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32, deflateSync } from 'node:zlib';

const outDir = fileURLToPath(new URL('./public/icons', import.meta.url));

/** The F of the favicon's 32-unit path `M10 9h13v3h-9v4h8v3h-8v6h-4z`, as rectangles. */
const glyph = [
  { x0: 10, y0: 9, x1: 23, y1: 12 },
  { x0: 10, y0: 12, x1: 14, y1: 25 },
  { x0: 14, y0: 16, x1: 22, y1: 19 },
];
const teal = [0x0f, 0x76, 0x6e] as const;

interface Look {
  /** Rounded corners (in 32 units) and transparent outside them; 0 fills the square. */
  radius: number;
  /** The glyph's scale around the centre: a maskable icon keeps it in the middle 80 % circle. */
  scale: number;
}

function inRoundedSquare(x: number, y: number, radius: number): boolean {
  if (radius === 0) return true;
  const cx = Math.min(Math.max(x, radius), 32 - radius);
  const cy = Math.min(Math.max(y, radius), 32 - radius);
  return (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2;
}

function inGlyph(x: number, y: number, scale: number): boolean {
  const gx = 16 + (x - 16) / scale;
  const gy = 16 + (y - 16) / scale;
  return glyph.some((r) => gx >= r.x0 && gx < r.x1 && gy >= r.y0 && gy < r.y1);
}

/** RGBA pixels of the icon at `size` px. */
function draw(size: number, look: Look): Uint8Array {
  const pixels = new Uint8Array(size * size * 4);
  const samples = 4;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let inside = 0;
      let white = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const x = ((px + (sx + 0.5) / samples) / size) * 32;
          const y = ((py + (sy + 0.5) / samples) / size) * 32;
          if (!inRoundedSquare(x, y, look.radius)) continue;
          inside++;
          if (inGlyph(x, y, look.scale)) white++;
        }
      }
      const i = (py * size + px) * 4;
      const share = inside ? white / inside : 0;
      // Colour of the covered part (teal blended with white), alpha of the covered share.
      pixels[i] = Math.round(teal[0] + (255 - teal[0]) * share);
      pixels[i + 1] = Math.round(teal[1] + (255 - teal[1]) * share);
      pixels[i + 2] = Math.round(teal[2] + (255 - teal[2]) * share);
      pixels[i + 3] = Math.round((inside / samples ** 2) * 255);
    }
  }
  return pixels;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** An 8-bit RGBA PNG. */
export function png(size: number, pixels: Uint8Array): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  // Each row starts with its filter byte (0: none).
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    rows[y * (size * 4 + 1)] = 0;
    rows.set(pixels.subarray(y * size * 4, (y + 1) * size * 4), y * (size * 4 + 1) + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', new Uint8Array()),
  ]);
}

const icons: { file: string; size: number; look: Look }[] = [
  { file: 'icon-192.png', size: 192, look: { radius: 7, scale: 1 } },
  { file: 'icon-512.png', size: 512, look: { radius: 7, scale: 1 } },
  { file: 'icon-maskable-192.png', size: 192, look: { radius: 0, scale: 0.8 } },
  { file: 'icon-maskable-512.png', size: 512, look: { radius: 0, scale: 0.8 } },
  // iOS rounds the corners itself and shows transparency as black.
  { file: 'apple-touch-icon.png', size: 180, look: { radius: 0, scale: 0.9 } },
];

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  mkdirSync(outDir, { recursive: true });
  for (const icon of icons) {
    const body = png(icon.size, draw(icon.size, icon.look));
    writeFileSync(join(outDir, icon.file), body);
    console.log(`${icon.file.padEnd(24)} ${icon.size}×${icon.size}  ${body.length} bytes`);
  }
}
