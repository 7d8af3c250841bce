import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resolveStaticPath } from '../../../../src/backend/host/staticPath';

const root = path.resolve('/srv/renderer');

describe('resolveStaticPath', () => {
  it('maps / to index.html and an asset to its file', () => {
    expect(resolveStaticPath(root, '/')).toEqual({
      ok: true,
      file: path.join(root, 'index.html'),
      relative: 'index.html',
    });
    expect(resolveStaticPath(root, '/assets/a%20b.js')).toMatchObject({
      ok: true,
      file: path.join(root, 'assets/a b.js'),
    });
  });

  it.each([
    ['/%zz', 400],
    ['/%', 400],
    ['/%e0%80%af', 400], // overlong UTF-8 for '/'
    ['/%c0%ae%c0%ae/etc/passwd', 400], // overlong '..'
    ['/%00', 400],
    ['/index.html%00.js', 400],
    ['/a%0d%0aSet-Cookie:x', 400],
    ['/..%5c..%5cwin.ini', 400],
    ['/..%2f..%2fetc%2fpasswd', 403],
    ['/assets/../../etc/passwd', 403],
    ['/./index.html', 403],
    ['//', 404],
    ['relative', 400],
    [`/${'a'.repeat(5000)}`, 404],
  ])('refuses %s with %i', (pathname, status) => {
    expect(resolveStaticPath(root, pathname)).toMatchObject({ ok: false, status });
  });

  it('never throws and never leaves the folder, whatever the path', () => {
    const piece = fc.oneof(
      fc.string({ unit: 'binary' }),
      fc.constantFrom('%', '%zz', '%00', '%c0%ae', '..', '.', '%2e%2e', '%2f', '\\', '/', '%ff', '%e0%80%af'),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (pieces) => {
        const target = resolveStaticPath(root, `/${pieces.join('')}`);
        if (target.ok) {
          expect(target.file.startsWith(root + path.sep)).toBe(true);
          expect(target.file).not.toContain('\u0000');
        } else {
          expect([400, 403, 404]).toContain(target.status);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
