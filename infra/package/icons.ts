import { encodePng, type RgbaImage } from './png';

/**
 * The app's icons, drawn in code so that no image tool is needed anywhere: three connected nodes, the
 * account leadership team as a network. `npm run package -- --icons` writes them to assets/; the package
 * step ships assets/color.png and assets/outline.png, and the ribbon icons in assets/icons/ are served by
 * the web app at /icons/ (the add-in build copies them into addin/dist/icons/).
 */

export const ACCENT_COLOR = '#2E4A7D';

type Rgb = readonly [number, number, number];
const WHITE: Rgb = [255, 255, 255];
const hex = (color: string): Rgb => [parseInt(color.slice(1, 3), 16), parseInt(color.slice(3, 5), 16), parseInt(color.slice(5, 7), 16)];

/** The glyph in unit coordinates: node centres (x, y pairs), node radius, link half-width. */
const NODES = [0.5, 0.28, 0.26, 0.7, 0.74, 0.7];
const NODE_RADIUS = 0.13;
// Bound once: a global lookup per sample is measurably slow inside test sandboxes (jest's vm context).
const { max, min, round } = Math;
const LINK_HALF_WIDTH = 0.045;

/** Squared distance from (px, py) to the segment a–b. Plain arithmetic: this runs ~600,000 times per icon. */
function squaredDistanceToSegment(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const t = max(0, min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  const ex = px - (ax + t * dx);
  const ey = py - (ay + t * dy);
  return ex * ex + ey * ey;
}

/** Whether a point (unit coordinates, relative to the glyph's own box) is inside the glyph. */
function insideGlyph(x: number, y: number): boolean {
  const count = NODES.length / 2;
  for (let i = 0; i < count; i++) {
    const cx = NODES[2 * i]!;
    const cy = NODES[2 * i + 1]!;
    if ((x - cx) * (x - cx) + (y - cy) * (y - cy) <= NODE_RADIUS * NODE_RADIUS) return true;
  }
  for (let i = 0; i < count; i++) {
    const j = (i + 1) % count;
    if (squaredDistanceToSegment(x, y, NODES[2 * i]!, NODES[2 * i + 1]!, NODES[2 * j]!, NODES[2 * j + 1]!) <= LINK_HALF_WIDTH * LINK_HALF_WIDTH) return true;
  }
  return false;
}

interface DrawOptions {
  size: number;
  glyph: Rgb;
  /** Solid background colour; transparent when absent. */
  background?: Rgb;
  /** Share of the icon's side left empty around the glyph on each side. */
  padding: number;
}

/** Rasterises the glyph with 4×4 supersampling, so edges are anti-aliased through alpha (or blended onto the background). */
function draw({ size, glyph, background, padding }: DrawOptions): RgbaImage {
  const samples = 4;
  const rgba = new Uint8Array(size * size * 4);
  const inner = 1 - 2 * padding;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let covered = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const x = ((px + (sx + 0.5) / samples) / size - padding) / inner;
          const y = ((py + (sy + 0.5) / samples) / size - padding) / inner;
          if (insideGlyph(x, y)) covered++;
        }
      }
      const coverage = covered / (samples * samples);
      const at = (py * size + px) * 4;
      if (background) {
        for (let c = 0; c < 3; c++) rgba[at + c] = round(glyph[c]! * coverage + background[c]! * (1 - coverage));
        rgba[at + 3] = 255;
      } else {
        rgba.set(glyph, at);
        rgba[at + 3] = round(255 * coverage);
      }
    }
  }
  return { width: size, height: size, rgba };
}

/** The sizes Teams requires of the package's two icons (app-package.ts checks them). */
export const COLOR_ICON_SIZE = 192;
export const OUTLINE_ICON_SIZE = 32;

/** Teams and Outlook: full-colour 192×192 on the accent colour. */
export const drawColorIcon = () => draw({ size: COLOR_ICON_SIZE, glyph: WHITE, background: hex(ACCENT_COLOR), padding: 0.16 });
/** Teams: 32×32, white glyph on a transparent background (Teams tints it). */
export const drawOutlineIcon = () => draw({ size: OUTLINE_ICON_SIZE, glyph: WHITE, padding: 0.06 });
/** Outlook ribbon buttons: the accent-coloured glyph on transparent, at the sizes the ribbon asks for. */
export const RIBBON_ICON_SIZES = [16, 32, 80] as const;
export const drawRibbonIcon = (size: number) => draw({ size, glyph: hex(ACCENT_COLOR), padding: 0.04 });

/** Every icon file, by its path under assets/. */
export function renderIconFiles(): Record<string, Buffer> {
  return {
    'color.png': encodePng(drawColorIcon()),
    'outline.png': encodePng(drawOutlineIcon()),
    ...Object.fromEntries(RIBBON_ICON_SIZES.map((size) => [`icons/icon-${size}.png`, encodePng(drawRibbonIcon(size))])),
  };
}
