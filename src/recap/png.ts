/**
 * SVG to PNG in-process with resvg. The font is loaded from the repository by path, never from
 * the system, so the chart renders the same on every machine (and on one without fonts at all).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Resvg } from '@resvg/resvg-js';
import { CHART_FONT } from './chart.ts';

// src/recap/png.ts and dist/recap/png.js both sit two folders below the repository.
export const FONTS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../assets/fonts');
export const FONT_FILES = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf'].map((f) => path.join(FONTS_DIR, f));

export function svgToPng(svg: string): Buffer {
  const resvg = new Resvg(svg, {
    font: { fontFiles: FONT_FILES, loadSystemFonts: false, defaultFontFamily: CHART_FONT },
    background: '#ffffff',
  });
  return Buffer.from(resvg.render().asPng());
}
