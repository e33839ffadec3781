/**
 * SVG to PNG in-process with resvg. The font is loaded from the repository by path, never from
 * the system, so the chart renders the same on every machine (and on one without fonts at all).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHART_FONT } from './chart.ts';

// src/recap/png.ts and dist/recap/png.js both sit two folders below the repository.
export const FONTS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../assets/fonts');
export const FONT_FILES = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf'].map((f) => path.join(FONTS_DIR, f));

/**
 * Renders on libuv's thread pool: about 0.1 s of CPU that must not hold up clicks on the main
 * thread. The native module is loaded on the first chart, not at start (it costs ~40 ms to load).
 */
export async function svgToPng(svg: string): Promise<Buffer> {
  const { renderAsync } = await import('@resvg/resvg-js');
  const image = await renderAsync(svg, {
    font: { fontFiles: FONT_FILES, loadSystemFonts: false, defaultFontFamily: CHART_FONT },
    background: '#ffffff',
  });
  return Buffer.from(image.asPng());
}
