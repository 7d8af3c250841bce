/**
 * `npm run dist`: the desktop packages of this platform in dist/ (Linux: AppImage and deb; macOS: dmg; Windows:
 * NSIS installer), from the build that `npm run build` made. `npm run dist -- --dir` stops at the unpacked app
 * (dist/<platform>-unpacked), which is quicker and what the packaging test launches. Needs the Electron binary
 * (downloaded on first use) and, for the native module, Electron's headers or a prebuilt binary; packages
 * for another platform are built on that platform (native modules cannot be cross-compiled).
 */
import path from 'node:path';
import { build, Platform } from 'electron-builder';
import { builderConfig } from './electronBuilder';
import { NO_ELECTRON, obtainElectron, ROOT } from './electron';

async function dist(args: string[]): Promise<number> {
  const binary = obtainElectron();
  if (!binary) {
    process.stderr.write(`npm run dist: ${NO_ELECTRON}; there is nothing to package here.\n`);
    return 1;
  }
  const files = await build({
    projectDir: ROOT,
    targets: Platform.current().createTarget(args.includes('--dir') ? 'dir' : undefined),
    publish: 'never',
    // the Electron that node_modules/electron downloaded: no second download by electron-builder
    config: { ...builderConfig(), electronDist: path.join(ROOT, 'node_modules', 'electron', 'dist') },
  });
  for (const file of files) process.stdout.write(`${path.relative(ROOT, file)}\n`);
  return 0;
}

process.exitCode = await dist(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`npm run dist: ${error instanceof Error ? error.message : String(error)}\n`);
  return 1;
});
