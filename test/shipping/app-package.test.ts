import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync, crc32 } from 'node:zlib';
import { strFromU8, unzipSync } from 'fflate';
import { buildAppPackage, iconProblems } from '../../infra/package/app-package';
import { drawColorIcon, drawOutlineIcon, renderIconFiles } from '../../infra/package/icons';
import { localLeftovers, PACKAGING_SETTINGS, PackagingError, validateManifest } from '../../infra/package/manifest';
import { decodePng, encodePng, type RgbaImage } from '../../infra/package/png';

const PRODUCTION = {
  APP_MODE: 'production',
  TEAMS_APP_ID: '6f0d1b9e-3c1a-4b7e-9a51-2d8c4f7e0a11',
  MICROSOFT_APP_ID: 'b7c2e4a0-5d3f-4e21-8c9a-7f1e2d3c4b55',
  ENTRA_CLIENT_ID: 'c3a9f1d2-7e4b-4c8a-b2d1-9e0f6a5b4c33',
  PUBLIC_URL: 'https://teams.hartwell-lowe.example/',
  APP_VERSION: '1.4.0',
};

/** The parts of a packaged manifest the production test reads. */
interface PackagedManifest {
  id: string;
  version: string;
  bots: { botId: string }[];
  webApplicationInfo: { id: string; resource: string };
  validDomains: string[];
  extensions: { runtimes: { code: { page: string } }[] }[];
  staticTabs: { contentUrl?: string }[];
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'app-package-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const build = (env: Record<string, string | undefined>) => buildAppPackage({ env, outFile: join(dir, 'app-package.zip') });

function packagingProblems(env: Record<string, string | undefined>): string {
  try {
    build(env);
  } catch (error) {
    expect(error).toBeInstanceOf(PackagingError);
    return (error as Error).message;
  }
  throw new Error('expected a PackagingError');
}

describe('npm run package (dist/app-package.zip)', () => {
  it('holds exactly manifest.json, color.png and outline.png at its root', () => {
    const built = build({});
    const entries = unzipSync(readFileSync(built.outFile));
    expect(Object.keys(entries).sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
  });

  it('packages a manifest that validates, in local mode with the placeholders of manifest.json', () => {
    const built = build({});
    const manifest = JSON.parse(strFromU8(unzipSync(readFileSync(built.outFile))['manifest.json']!)) as Record<string, unknown>;
    expect(validateManifest(manifest)).toEqual([]);
    expect(built.values.mode).toBe('local');
    expect(built.values.defaulted).toEqual(PACKAGING_SETTINGS.map((setting) => setting.name));
    const committed = JSON.parse(readFileSync(join(__dirname, '..', '..', 'manifest.json'), 'utf8')) as Record<string, unknown>;
    const packageVersion = (JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string }).version;
    expect(manifest).toEqual({ ...committed, version: packageVersion });
  });

  it('ships a 192×192 colour icon and a 32×32 outline icon that is white on a transparent background', () => {
    const entries = unzipSync(readFileSync(build({}).outFile));
    const color = decodePng(entries['color.png']!);
    expect([color.width, color.height]).toEqual([192, 192]);
    const outline = decodePng(entries['outline.png']!);
    expect([outline.width, outline.height]).toEqual([32, 32]);
    expect(outline.hasAlphaChannel).toBe(true);
    const alphas = Array.from({ length: 32 * 32 }, (_, i) => outline.rgba[i * 4 + 3]!);
    expect(alphas[0]).toBe(0); // the background, from the corner
    expect(alphas.filter((alpha) => alpha === 0).length).toBeGreaterThan(32 * 32 * 0.5);
    expect(alphas.some((alpha) => alpha === 255)).toBe(true);
    expect(iconProblems(entries['color.png']!, entries['outline.png']!)).toEqual([]);
  });

  it('fills every id and URL from the environment in a production package, and the result validates', () => {
    const built = build(PRODUCTION);
    const manifest = JSON.parse(strFromU8(unzipSync(readFileSync(built.outFile))['manifest.json']!)) as PackagedManifest;
    expect(validateManifest(manifest)).toEqual([]);
    expect(localLeftovers(manifest)).toEqual([]);
    expect(manifest.id).toBe(PRODUCTION.TEAMS_APP_ID);
    expect(manifest.version).toBe('1.4.0');
    expect(manifest.bots[0]?.botId).toBe(PRODUCTION.MICROSOFT_APP_ID);
    expect(manifest.webApplicationInfo).toEqual({ id: PRODUCTION.ENTRA_CLIENT_ID, resource: `api://teams.hartwell-lowe.example/${PRODUCTION.ENTRA_CLIENT_ID}` });
    expect(manifest.validDomains).toEqual(['teams.hartwell-lowe.example']);
    expect(manifest.extensions[0]?.runtimes[0]?.code.page).toBe('https://teams.hartwell-lowe.example/taskpane.html');
    expect(manifest.staticTabs[0]?.contentUrl).toBe('https://teams.hartwell-lowe.example/tab.html');
  });

  it('refuses a production package while a required setting is missing, naming it, and writes nothing', () => {
    for (const setting of PACKAGING_SETTINGS) {
      const message = packagingProblems({ ...PRODUCTION, [setting.name]: undefined });
      expect(message).toContain(`${setting.name} is required for a production package`);
      for (const other of PACKAGING_SETTINGS.filter((candidate) => candidate !== setting)) expect(message).not.toContain(other.name);
    }
    expect(existsSync(join(dir, 'app-package.zip'))).toBe(false);
  });

  it('names every missing setting at once', () => {
    const message = packagingProblems({ APP_MODE: 'production' });
    for (const setting of PACKAGING_SETTINGS) expect(message).toContain(setting.name);
  });

  it('refuses placeholders, malformed ids, plain http and localhost in production', () => {
    expect(packagingProblems({ ...PRODUCTION, MICROSOFT_APP_ID: '00000000-0000-0000-0000-000000000002' })).toMatch(/MICROSOFT_APP_ID is still a local placeholder/);
    expect(packagingProblems({ ...PRODUCTION, TEAMS_APP_ID: 'account-teams' })).toMatch(/TEAMS_APP_ID must be a GUID/);
    expect(packagingProblems({ ...PRODUCTION, PUBLIC_URL: 'http://teams.example.com' })).toMatch(/PUBLIC_URL must be an https:\/\/ URL/);
    expect(packagingProblems({ ...PRODUCTION, PUBLIC_URL: 'https://localhost:3978' })).toMatch(/PUBLIC_URL must be the public address in production/);
    expect(packagingProblems({ ...PRODUCTION, APP_VERSION: 'v2' })).toMatch(/APP_VERSION must be a semantic version/);
  });

  it('lets local mode take real values too, e.g. a tunnel URL for sideloading from a dev machine', () => {
    const built = build({ PUBLIC_URL: 'https://abc123-3978.euw.devtunnels.ms', MICROSOFT_APP_ID: PRODUCTION.MICROSOFT_APP_ID });
    expect(built.values.defaulted).toEqual(['TEAMS_APP_ID', 'ENTRA_CLIENT_ID']);
    expect(built.manifest.validDomains).toEqual(['abc123-3978.euw.devtunnels.ms']);
    expect(validateManifest(built.manifest)).toEqual([]);
  });

  it('builds byte-identical packages from the same inputs', () => {
    const first = build(PRODUCTION).zip;
    const second = build(PRODUCTION).zip;
    expect(Buffer.from(first).equals(Buffer.from(second))).toBe(true);
  });
});

describe('app icons', () => {
  it('are drawn in code at the sizes Teams and the Outlook ribbon require', () => {
    expect([drawColorIcon().width, drawColorIcon().height]).toEqual([192, 192]);
    expect([drawOutlineIcon().width, drawOutlineIcon().height]).toEqual([32, 32]);
    const files = renderIconFiles();
    expect(Object.keys(files).sort()).toEqual(['color.png', 'icons/icon-16.png', 'icons/icon-32.png', 'icons/icon-80.png', 'outline.png']);
    expect(iconProblems(files['color.png']!, files['outline.png']!)).toEqual([]);
  });

  it('are refused when a size is wrong or the outline is not white on transparent', () => {
    const opaque = (size: number, rgb: [number, number, number]): Buffer => {
      const rgba = new Uint8Array(size * size * 4);
      for (let i = 0; i < size * size; i++) rgba.set([...rgb, 255], i * 4);
      return encodePng({ width: size, height: size, rgba });
    };
    const good = renderIconFiles();
    expect(iconProblems(opaque(128, [0, 0, 0]), good['outline.png']!)).toEqual(['assets/color.png must be 192×192 (it is 128×128)']);
    expect(iconProblems(good['color.png']!, opaque(32, [255, 255, 255]))).toEqual(['assets/outline.png must have a transparent background']);
    expect(iconProblems(good['color.png']!, Buffer.from('not a png'))).toEqual([expect.stringContaining('assets/outline.png is not a readable PNG')]);
  });
});

describe('the PNG codec', () => {
  const sample = (): RgbaImage => {
    const width = 7;
    const height = 5;
    const rgba = new Uint8Array(width * height * 4);
    for (let i = 0; i < rgba.length; i++) rgba[i] = (i * 37 + (i >> 3) * 11) & 0xff;
    return { width, height, rgba };
  };

  it('decodes what it encodes', () => {
    const image = sample();
    const decoded = decodePng(encodePng(image));
    expect([decoded.width, decoded.height, decoded.colorType, decoded.bitDepth]).toEqual([7, 5, 6, 8]);
    expect(Buffer.from(decoded.rgba).equals(Buffer.from(image.rgba))).toBe(true);
  });

  it('undoes every row filter (sub, up, average, paeth), as other encoders use them', () => {
    const image = sample();
    const stride = image.width * 4;
    const rows: Buffer[] = [];
    for (let y = 0; y < image.height; y++) {
      const filter = (y % 4) + 1;
      const row = Buffer.alloc(stride + 1);
      row[0] = filter;
      for (let x = 0; x < stride; x++) {
        const at = (yy: number, xx: number) => (yy < 0 || xx < 0 ? 0 : image.rgba[yy * stride + xx]!);
        const [a, b, c] = [at(y, x - 4), at(y - 1, x), at(y - 1, x - 4)];
        const p = a + b - c;
        const predictor = [0, a, b, (a + b) >> 1, Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c) ? a : Math.abs(p - b) <= Math.abs(p - c) ? b : c][filter]!;
        row[x + 1] = (image.rgba[y * stride + x]! - predictor) & 0xff;
      }
      rows.push(row);
    }
    const reference = encodePng(image);
    // Swap the IDAT of our own encoder's file for the filtered rows.
    const idat = deflateSync(Buffer.concat(rows));
    const typeAndData = Buffer.concat([Buffer.from('IDAT'), idat]);
    const chunk = Buffer.concat([Buffer.alloc(4), typeAndData, Buffer.alloc(4)]);
    chunk.writeUInt32BE(idat.length, 0);
    chunk.writeUInt32BE(crc32(typeAndData) >>> 0, chunk.length - 4);
    const file = Buffer.concat([reference.subarray(0, 33), chunk, reference.subarray(reference.length - 12)]);
    expect(Buffer.from(decodePng(file).rgba).equals(Buffer.from(image.rgba))).toBe(true);
  });

  it('refuses what it cannot read', () => {
    expect(() => decodePng(Buffer.from('GIF89a not a png at all'))).toThrow(/not a PNG/);
    const corrupted = Buffer.from(encodePng(sample()));
    corrupted[20] = corrupted[20]! ^ 0xff;
    expect(() => decodePng(corrupted)).toThrow(/bad CRC/);
  });
});
