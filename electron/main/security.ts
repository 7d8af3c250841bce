/**
 * The desktop shell's security decisions, kept free of Electron so that they are tested without its binary: which
 * links may leave the app for the system browser, which permissions a page gets, and how the renderer is served
 * over the app:// protocol instead of file://.
 */
import fs from 'node:fs/promises';
import { contentTypeOf, resolveStaticPath } from '../../src/backend/host/staticPath';
import { securityHeaders } from '../../src/backend/host/securityHeaders';

/** The custom protocol the renderer is served on, and its one host. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'lab';
/** The page the window loads. */
export const APP_INDEX_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/**
 * Sites a link may open in the system browser: the sources of the bundled samples (their attribution). Anything
 * else is refused, however it is written (http, credentials, other ports, look-alike hosts).
 */
export const EXTERNAL_LINK_HOSTS: readonly string[] = [
  'gml.noaa.gov',
  'scrippsco2.ucsd.edu',
  'www.ncei.noaa.gov',
  'www.bls.gov',
  'data.giss.nasa.gov',
];

/** True when `url` may be handed to shell.openExternal: https, no credentials or port, a host on the list. */
export function isAllowedExternalUrl(url: string, hosts: readonly string[] = EXTERNAL_LINK_HOSTS): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return (
    parsed.protocol === 'https:' &&
    parsed.username === '' &&
    parsed.password === '' &&
    parsed.port === '' &&
    hosts.includes(parsed.hostname)
  );
}

/** Permissions a page of the app may hold: writing to the clipboard (Copy buttons); nothing else. */
const ALLOWED_PERMISSIONS = new Set(['clipboard-sanitized-write']);

/** The permission check and request answer: only the app's own page, only the permissions above. */
export function isPermissionAllowed(permission: string, requestingUrl: string): boolean {
  let origin: string;
  try {
    const u = new URL(requestingUrl);
    origin = `${u.protocol}//${u.host}`;
  } catch {
    return false;
  }
  return origin === `${APP_SCHEME}://${APP_HOST}` && ALLOWED_PERMISSIONS.has(permission);
}

/** An answer of the app:// protocol. */
export interface AppResponse {
  status: number;
  headers: Record<string, string>;
  body: Uint8Array | string;
}

/**
 * Answers a request of the app:// protocol from the built renderer folder, with the same path checks as the
 * browser host (bad percent-encoding, NUL, traversal refused) and its security headers (CSP, cross-origin
 * isolation). Never throws.
 */
export async function appProtocolResponse(rendererDir: string, requestUrl: string): Promise<AppResponse> {
  const text = (status: number, body: string): AppResponse => ({
    status,
    headers: { 'content-type': 'text/plain; charset=utf-8' },
    body,
  });
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return text(400, 'malformed URL');
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return text(404, 'Not found');
  const target = resolveStaticPath(rendererDir, url.pathname);
  if (!target.ok) return text(target.status, target.reason);
  try {
    const body = await fs.readFile(target.file);
    return {
      status: 200,
      headers: { 'content-type': contentTypeOf(target.file), ...securityHeaders() },
      body: new Uint8Array(body.buffer, body.byteOffset, body.byteLength),
    };
  } catch {
    return text(404, 'Not found');
  }
}
