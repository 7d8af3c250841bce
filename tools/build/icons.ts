/**
 * Renders resources/icons/icon.svg to the PNGs the desktop packages use (npm run build:icons), with headless
 * Chromium ($CHROMIUM_PATH, else Debian's /usr/bin/chromium, else Playwright's own): NxN.png for the Linux
 * icon theme sizes, and icon.png (1024 px), from which electron-builder makes the macOS .icns and the Windows
 * .ico. The PNGs are committed; run this again after changing the SVG.
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { ROOT } from './electron';

const ICONS = path.join(ROOT, 'resources', 'icons');
const SIZES = [16, 24, 32, 48, 64, 128, 256, 512];

function chromiumPath(): string | undefined {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  return candidates.find((file): file is string => !!file && fs.existsSync(file));
}

const svg = fs.readFileSync(path.join(ICONS, 'icon.svg'));
const browser = await chromium.launch({ executablePath: chromiumPath(), args: ['--disable-quic'] });
try {
  const page = await browser.newPage();
  for (const [size, name] of [
    ...SIZES.map((s) => [s, `${s}x${s}.png`] as const),
    [1024, 'icon.png'] as const,
  ]) {
    await page.setViewportSize({ width: size, height: size });
    await page.setContent(
      `<style>html,body{margin:0;background:transparent}</style>` +
        `<img width="${size}" height="${size}" src="data:image/svg+xml;base64,${svg.toString('base64')}">`,
    );
    await page.screenshot({ path: path.join(ICONS, name), omitBackground: true });
    console.log(`icons: resources/icons/${name}`);
  }
} finally {
  await browser.close();
}
