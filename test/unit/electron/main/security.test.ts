import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  APP_INDEX_URL,
  appProtocolResponse,
  isAllowedExternalUrl,
  isPermissionAllowed,
} from '../../../../electron/main/security';
import { builderConfig } from '../../../../tools/build/electronBuilder';

let rendererDir: string;
beforeAll(() => {
  rendererDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rnn-lab-app-'));
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>lab</title>');
  fs.mkdirSync(path.join(rendererDir, 'assets'));
  fs.writeFileSync(path.join(rendererDir, 'assets', 'index.js'), 'export {};');
});
afterAll(() => fs.rmSync(rendererDir, { recursive: true, force: true }));

describe('links leaving the app', () => {
  it.each([
    ['https://www.bls.gov/ces/', true],
    ['http://www.bls.gov/ces/', false],
    ['https://user:pw@www.bls.gov/', false],
    ['https://www.bls.gov:8443/', false],
    ['https://www.bls.gov.evil.example/', false],
    ['https://evil.example/?www.bls.gov', false],
    ['file:///etc/passwd', false],
    ['javascript:alert(1)', false],
    ['smb://host/share', false],
    ['not a url', false],
  ])('%s -> %s', (url, allowed) => {
    expect(isAllowedExternalUrl(url)).toBe(allowed);
  });
});

describe('permissions', () => {
  it('grants clipboard writes to the app page only, and nothing else to anyone', () => {
    expect(isPermissionAllowed('clipboard-sanitized-write', APP_INDEX_URL)).toBe(true);
    expect(isPermissionAllowed('clipboard-sanitized-write', 'app://lab')).toBe(true);
    expect(isPermissionAllowed('clipboard-sanitized-write', 'https://evil.example/')).toBe(false);
    for (const permission of [
      'media',
      'geolocation',
      'notifications',
      'openExternal',
      'clipboard-read',
      'hid',
    ])
      expect(isPermissionAllowed(permission, APP_INDEX_URL), permission).toBe(false);
    expect(isPermissionAllowed('clipboard-sanitized-write', '')).toBe(false);
  });
});

describe('the app:// protocol', () => {
  it('serves the renderer with its security headers', async () => {
    const page = await appProtocolResponse(rendererDir, APP_INDEX_URL);
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['content-security-policy']).toContain("default-src 'self'");
    expect(page.headers['cross-origin-embedder-policy']).toBe('require-corp');
    expect(new TextDecoder().decode(page.body as Uint8Array)).toContain('<title>lab</title>');
    const script = await appProtocolResponse(rendererDir, 'app://lab/assets/index.js');
    expect(script).toMatchObject({
      status: 200,
      headers: { 'content-type': 'text/javascript; charset=utf-8' },
    });
  });

  it.each([
    ['app://lab/%zz', 400],
    ['app://lab/%00', 400],
    ['app://lab/%c0%ae%c0%ae/etc/passwd', 400],
    ['app://lab/..%2f..%2fetc%2fpasswd', 403],
    ['app://lab/missing.js', 404],
    ['app://other/index.html', 404],
    ['file:///etc/passwd', 404],
    ['::', 400],
  ])('answers %s with %i', async (url, status) => {
    expect((await appProtocolResponse(rendererDir, url)).status).toBe(status);
  });
});

describe('packaging', () => {
  it('flips the fuses the security checklist asks for', () => {
    expect(builderConfig().electronFuses).toMatchObject({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });
});
