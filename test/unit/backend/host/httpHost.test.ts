import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHost, type RunningHost } from '../../../../src/backend/host/httpHost';
import { tempLab } from '../helpers';

let host: RunningHost;
let cleanup: () => void;
let rendererDir: string;

beforeAll(async () => {
  const t = tempLab({ seedSamples: false });
  cleanup = t.cleanup;
  rendererDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rnn-lab-renderer-'));
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>lab</title>');
  host = await startHost({
    handlers: t.lab.handlers,
    rendererDir,
    maxBodyBytes: 1024,
    token: 'secret-token',
  });
});
afterAll(async () => {
  await host.close();
  cleanup();
  fs.rmSync(rendererDir, { recursive: true, force: true });
});

/** A raw request, so that headers such as Host and Origin are exactly what we say. */
function request(
  pathname: string,
  options: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {},
): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port: host.port,
        path: pathname,
        method: options.method ?? 'POST',
        headers: options.headers,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString(),
            headers: res.headers,
          }),
        );
      },
    );
    req.on('error', reject);
    if (options.body) req.write(options.body);
    req.end();
  });
}

const auth = { 'x-lab-token': 'secret-token', 'content-type': 'application/json' };

describe('browser host', () => {
  it('binds to 127.0.0.1 and prints the token in its URL', () => {
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/?token=secret-token`);
  });

  it('answers a valid call', async () => {
    const res = await request('/api/datasets:list', { headers: auth, body: '{}' });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ ok: true, value: [] });
  });

  it('refuses a missing or wrong token with 401', async () => {
    const missing = await request('/api/datasets:list', { body: '{}' });
    expect(missing.status).toBe(401);
    expect(JSON.parse(missing.body)).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    const wrong = await request('/api/datasets:list', {
      headers: { 'x-lab-token': 'secret-tokem' },
      body: '{}',
    });
    expect(wrong.status).toBe(401);
  });

  it('refuses a foreign Origin or Host with 403', async () => {
    const foreign = await request('/api/datasets:list', {
      headers: { ...auth, origin: 'http://evil.example' },
      body: '{}',
    });
    expect(foreign.status).toBe(403);
    expect(JSON.parse(foreign.body).error.code).toBe('FORBIDDEN');
    const same = await request('/api/datasets:list', {
      headers: { ...auth, origin: `http://127.0.0.1:${host.port}` },
      body: '{}',
    });
    expect(same.status).toBe(200);
    const rebound = await request('/api/datasets:list', {
      headers: { ...auth, host: `attacker.example:${host.port}` },
      body: '{}',
    });
    expect(rebound.status).toBe(403);
  });

  it('answers bad JSON with 400 and an unknown method with 404', async () => {
    const bad = await request('/api/datasets:list', { headers: auth, body: '{"a":' });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body)).toEqual({
      ok: false,
      error: { code: 'BAD_REQUEST', message: 'The request body is not valid JSON.' },
    });
    const unknown = await request('/api/datasets:explode', { headers: auth, body: '{}' });
    expect(unknown.status).toBe(404);
    expect(JSON.parse(unknown.body).error.message).toBe('Unknown method datasets:explode.');
    const proto = await request('/api/__proto__', { headers: auth, body: '{}' });
    expect(proto.status).toBe(404);
  });

  it('refuses an oversize body with 413', async () => {
    const res = await request('/api/datasets:list', {
      headers: auth,
      body: JSON.stringify({ pad: 'x'.repeat(5000) }),
    });
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body).error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('answers invalid arguments with 400 and the reason', async () => {
    const res = await request('/api/datasets:get', { headers: auth, body: '{"id":"seven"}' });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body).error).toMatchObject({ code: 'INVALID_ARGUMENT' });
  });

  it('serves the renderer with CSP and cross-origin isolation, and nothing outside it', async () => {
    const page = await request('/', { method: 'GET' });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>lab</title>');
    expect(page.headers['content-security-policy']).toContain("default-src 'self'");
    expect(page.headers['cross-origin-opener-policy']).toBe('same-origin');
    expect(page.headers['cross-origin-embedder-policy']).toBe('require-corp');
    const escape = await request('/..%2f..%2fetc%2fpasswd', { method: 'GET' });
    expect([403, 404]).toContain(escape.status);
  });

  it('answers malformed static paths with 400 and keeps serving', async () => {
    for (const bad of ['/%zz', '/%', '/%00', '/%e0%80%af', '/%c0%ae%c0%ae/x']) {
      const res = await request(bad, { method: 'GET' });
      expect(res.status, bad).toBe(400);
    }
    expect((await request('/', { method: 'GET' })).status).toBe(200);
  });

  it('answers deeply nested JSON with 400 naming the nesting', async () => {
    const deep = '['.repeat(500) + ']'.repeat(500); // the body limit here is 1 KiB
    const res = await request('/api/datasets:list', { headers: auth, body: deep });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body).error.message).toBe(
      'The request body is not usable: nested more than 64 levels deep.',
    );
  });
});
