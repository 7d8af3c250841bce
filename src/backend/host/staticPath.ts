/**
 * Maps the path of a request for a static file (the browser host's GET, the desktop app's app:// protocol) to a
 * file inside the renderer folder, or to the status that refuses it. Pure string work: it never touches the disk
 * and never throws, whatever the path holds (bad percent-encoding, NUL, overlong UTF-8, traversal).
 */
import path from 'node:path';

/** A file to serve, or why not: 400 (malformed path), 403 (outside the folder), 404 (cannot exist there). */
export type StaticTarget =
  { ok: true; file: string; relative: string } | { ok: false; status: 400 | 403 | 404; reason: string };

/** Longest path accepted, in characters after decoding (longer ones cannot name a file of the build). */
const MAX_PATH_CHARS = 1024;

/**
 * Decodes a URL path (`/assets/index-abc.js`, `/`), refusing what no file of the build can be named:
 * malformed or overlong percent-encoding (decodeURIComponent rejects overlong UTF-8), NUL and other control
 * characters, backslashes, `.` and `..` segments, and paths longer than 1,024 characters. `/` is index.html.
 */
export function resolveStaticPath(root: string, pathname: string): StaticTarget {
  if (typeof pathname !== 'string' || !pathname.startsWith('/'))
    return { ok: false, status: 400, reason: 'the path must start with /' };
  if (pathname.length > 3 * MAX_PATH_CHARS) return { ok: false, status: 404, reason: 'path too long' };
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return { ok: false, status: 400, reason: 'malformed percent-encoding' };
  }
  if (decoded.length > MAX_PATH_CHARS) return { ok: false, status: 404, reason: 'path too long' };
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(decoded))
    return { ok: false, status: 400, reason: 'control characters in the path' };
  if (decoded.includes('\\')) return { ok: false, status: 400, reason: 'backslash in the path' };
  const segments = decoded.split('/').slice(1);
  if (segments.some((s) => s === '.' || s === '..'))
    return { ok: false, status: 403, reason: 'relative segments in the path' };
  const relative = decoded === '/' ? 'index.html' : segments.filter((s) => s !== '').join('/');
  if (relative === '') return { ok: false, status: 404, reason: 'empty path' };
  const base = path.resolve(root);
  const file = path.resolve(base, relative);
  const inside = path.relative(base, file);
  if (inside === '' || inside.startsWith('..') || path.isAbsolute(inside))
    return { ok: false, status: 403, reason: 'outside the renderer folder' };
  return { ok: true, file, relative };
}

/** Content types of what the renderer build holds; anything else is served as bytes. */
export const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.mid': 'audio/midi',
  '.txt': 'text/plain; charset=utf-8',
};

/** The content type of a file by its extension. */
export function contentTypeOf(file: string): string {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}
