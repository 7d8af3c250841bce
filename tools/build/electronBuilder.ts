/**
 * The desktop packages, described for electron-builder: AppImage and deb on Linux, dmg on macOS, an NSIS
 * installer on Windows. The app is out/main, out/preload and out/renderer (npm run build) in an asar, with
 * the runtime dependencies (better-sqlite3 only: everything else is bundled); native modules and WebAssembly
 * stay outside the asar; the samples, melodies and base model go to resources/resources (where
 * electron/main looks when app.isPackaged); icons come from resources/icons.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Arch, type AfterPackContext, type Configuration } from 'electron-builder';
import { electronSqlite, electronVersion } from './electron';

/** Where better_sqlite3.node sits in a packaged app's resources folder. */
export const PACKAGED_SQLITE = path.join(
  'app.asar.unpacked',
  'node_modules',
  'better-sqlite3',
  'build',
  'Release',
  'better_sqlite3.node',
);

/**
 * Puts better-sqlite3 compiled for the packaged Electron (and the package's platform and arch) into the app.
 * electron-builder's own rebuild (npmRebuild) would compile it over node_modules, where the CLI and the tests
 * need the Node build; this builds a copy in .cache/electron-native and replaces the file in the package.
 */
export async function installElectronSqlite(context: AfterPackContext): Promise<void> {
  const binding = await electronSqlite({
    electronVersion: context.packager.config.electronVersion ?? electronVersion(),
    platform: context.electronPlatformName as NodeJS.Platform,
    arch: Arch[context.arch],
  });
  const target = path.join(context.packager.getResourcesDir(context.appOutDir), PACKAGED_SQLITE);
  if (!fs.existsSync(target)) throw new Error(`the package has no ${PACKAGED_SQLITE} to replace`);
  fs.copyFileSync(binding, target);
}

/** The electron-builder configuration (paths relative to the checkout). */
export function builderConfig(): Configuration {
  return {
    appId: 'org.rnnlab.desktop',
    productName: 'RNN Lab',
    executableName: 'rnn-lab',
    copyright: 'Copyright © RNN Lab contributors (MIT licence)',
    directories: { output: 'dist', buildResources: 'resources/icons' },
    files: [
      'package.json',
      'out/main/**',
      'out/preload/**',
      'out/renderer/**',
      // better-sqlite3's sources and build intermediates: only build/Release/better_sqlite3.node runs
      '!node_modules/better-sqlite3/{deps,src,docs,benchmark}/**',
      '!node_modules/better-sqlite3/build/{deps,Release/obj,Release/obj.target,Release/.deps}/**',
      '!node_modules/better-sqlite3/build/Release/{*.a,test_extension.node}',
    ],
    extraResources: [
      { from: 'resources', to: 'resources', filter: ['samples/**', 'melodies/**', 'models/**'] },
    ],
    asar: true,
    asarUnpack: ['**/*.node', '**/*.wasm'],
    npmRebuild: false,
    afterPack: installElectronSqlite,
    // Fuses flipped in the packaged Electron binary (no download: the binary being packaged is edited).
    // runAsNode off: ELECTRON_RUN_AS_NODE cannot turn the app into a plain Node; the app uses worker threads,
    // never child_process.fork. Cookies encrypted; NODE_OPTIONS and --inspect ignored; file:// gets no extra
    // privileges (the renderer is served on app://); the asar is checked where Electron supports it (macOS,
    // Windows) and the app is loaded only from it.
    electronFuses: {
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    },
    fileAssociations: [
      {
        ext: 'rnnlab',
        name: 'RNN Lab experiments',
        description: 'Experiments exported from RNN Lab',
        mimeType: 'application/x-rnnlab',
        role: 'Editor',
        rank: 'Owner',
      },
      { ext: 'csv', name: 'CSV table', mimeType: 'text/csv', role: 'Viewer', rank: 'Alternate' },
      {
        ext: ['mid', 'midi'],
        name: 'MIDI file',
        mimeType: 'audio/midi',
        role: 'Viewer',
        rank: 'Alternate',
      },
    ],
    linux: {
      target: ['AppImage', 'deb'],
      icon: 'resources/icons',
      category: 'Science',
      synopsis: 'A desktop lab for recurrent neural networks',
      maintainer: 'RNN Lab contributors',
    },
    mac: {
      target: ['dmg'],
      icon: 'resources/icons/icon.png',
      category: 'public.app-category.education',
    },
    win: { target: ['nsis'], icon: 'resources/icons/icon.png' },
    nsis: { oneClick: false, perMachine: false, allowToChangeInstallationDirectory: true },
  };
}
