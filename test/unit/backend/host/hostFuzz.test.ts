// Fuzzing the browser host over loopback: whatever a request holds (path, headers, body), it gets an answer
// below 500 and the host keeps serving. Bounded in runs and time so it stays a CI test.
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { methods } from '../../../../src/core/api';
import { startHost, type RunningHost } from '../../../../src/backend/host/httpHost';
import { tempLab } from '../helpers';

let host: RunningHost;
let cleanup: () => void;
let rendererDir: string;
const TOKEN = 'fuzz-token';

beforeAll(async () => {
  const t = tempLab({ seedSamples: false });
  cleanup = t.cleanup;
  rendererDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rnn-lab-fuzz-'));
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>lab</title>');
  host = await startHost({ handlers: t.lab.handlers, rendererDir, maxBodyBytes: 64 * 1024, token: TOKEN });
});
afterAll(async () => {
  await host.close();
  cleanup();
  fs.rmSync(rendererDir, { recursive: true, force: true });
});

/** Sends raw bytes to the host and resolves with the status of the answer (0 when the socket closed without one). */
function raw(request: Buffer | string): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port: host.port });
    const chunks: Buffer[] = [];
    socket.setTimeout(5000, () => {
      socket.destroy();
      reject(new Error(`no answer to ${JSON.stringify(String(request).slice(0, 200))}`));
    });
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      const head = /^HTTP\/1\.[01] (\d{3})/.exec(Buffer.concat(chunks).toString('latin1'));
      resolve(head ? Number(head[1]) : 0);
    });
    // Half-closing at once would let the server drop the connection before a slow answer (a file read): wait,
    // and half-close only when a request that declares more body than it sends gets no answer.
    socket.write(request);
    const idle = setTimeout(() => socket.end(), 1500);
    socket.on('close', () => clearTimeout(idle));
  });
}

function hostHeader(): string {
  return `127.0.0.1:${host.port}`;
}

function post(method: string, body: Buffer | string, extra = ''): Buffer {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  const head =
    `POST /api/${method} HTTP/1.1\r\nhost: ${hostHeader()}\r\nx-lab-token: ${TOKEN}\r\n` +
    `content-type: application/json\r\ncontent-length: ${bytes.length}\r\nconnection: close\r\n${extra}\r\n`;
  return Buffer.concat([Buffer.from(head, 'latin1'), bytes]);
}

async function stillServes(): Promise<void> {
  expect(await raw(post('datasets:list', '{}'))).toBe(200);
}

const pathPiece = fc.oneof(
  fc.string({ unit: 'binary-ascii', maxLength: 8 }),
  fc.constantFrom(
    '%',
    '%zz',
    '%00',
    '%c0%ae',
    '%e0%80%af',
    '..',
    '%2e%2e',
    '%2f',
    '\\',
    '/',
    '%ff',
    '?',
    '#',
    'api/',
  ),
);

describe('host under fuzzing', () => {
  it('answers any GET path with a status below 500 (or refuses the request line with 400)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(pathPiece, { maxLength: 10 }), async (pieces) => {
        const target = `/${pieces.join('')}`;
        const request = Buffer.from(
          `GET ${target} HTTP/1.1\r\nhost: ${hostHeader()}\r\nconnection: close\r\n\r\n`,
          'latin1',
        );
        const status = await raw(request);
        expect(status, target).toBeGreaterThanOrEqual(200);
        expect(status, target).toBeLessThan(500);
      }),
      { numRuns: 150, interruptAfterTimeLimit: 20_000 },
    );
    await stillServes();
  });

  it('answers any header set with a status below 500', async () => {
    const name = fc.oneof(
      fc.constantFrom('host', 'origin', 'x-lab-token', 'content-length', 'content-type', 'transfer-encoding'),
      fc.stringMatching(/^[a-z-]{1,12}$/),
    );
    const value = fc.oneof(
      fc.string({ unit: 'binary-ascii', maxLength: 40 }),
      fc.constantFrom('-1', '99999999999999999999', 'chunked', 'null', hostHeaderPlaceholder, TOKEN),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(name, value), { maxLength: 6 }), async (headers) => {
        const lines = headers
          .map(([n, v]) => `${n}: ${v.replace(hostHeaderPlaceholder, hostHeader()).replace(/[\r\n]/g, ' ')}`)
          .join('\r\n');
        const request = Buffer.from(
          `POST /api/datasets:list HTTP/1.1\r\nconnection: close\r\n${lines}${lines ? '\r\n' : ''}\r\n{}`,
          'latin1',
        );
        const status = await raw(request);
        expect(status === 0 || (status >= 200 && status < 500), lines).toBe(true);
      }),
      { numRuns: 150, interruptAfterTimeLimit: 20_000 },
    );
    await stillServes();
  });

  it('answers any body to any method with a status below 500', async () => {
    const body = fc.oneof(
      fc.json({ maxDepth: 4 }),
      fc.string({ unit: 'binary', maxLength: 200 }),
      fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b)),
      fc.integer({ min: 60, max: 3000 }).map((n) => '['.repeat(n) + ']'.repeat(n)),
      fc.integer({ min: 1, max: 40 }).map((n) => JSON.stringify({ bytes: { $bytes: '!'.repeat(n) } })),
      fc.record({ id: fc.oneof(fc.integer(), fc.double(), fc.string()) }).map((v) => JSON.stringify(v)),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...methods), body, async (method, payload) => {
        const status = await raw(post(method, payload));
        expect(status, `${method} ${String(payload).slice(0, 120)}`).toBeGreaterThanOrEqual(200);
        expect(status, `${method} ${String(payload).slice(0, 120)}`).toBeLessThan(500);
      }),
      { numRuns: 200, interruptAfterTimeLimit: 30_000 },
    );
    await stillServes();
  });
});

/** Stands for the host's own Host header in generated header values. */
const hostHeaderPlaceholder = '<own-host>';
