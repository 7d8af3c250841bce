import { randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import {
  decodeWire,
  encodeWire,
  isMethod,
  type Envelope,
  type Handlers,
  type LabErrorCode,
} from '../../core/api';
import { dispatch } from '../lab/dispatch';
import { securityHeaders } from './securityHeaders';

export interface HostOptions {
  handlers: Handlers;
  /** Folder with the built renderer (index.html and assets). */
  rendererDir: string;
  /** 0 picks a free port. */
  port?: number;
  /** Largest accepted request body in bytes (default 256 MiB). */
  maxBodyBytes?: number;
  /** Fixed token (tests); a random one is generated otherwise. */
  token?: string;
}

export interface RunningHost {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const STATUS: Record<LabErrorCode, number> = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  PAYLOAD_TOO_LARGE: 413,
  INVALID_ARGUMENT: 400,
  BAD_INPUT: 422,
  CONFLICT: 409,
  CANCELLED: 409,
  INTERNAL: 500,
};

const CONTENT_TYPES: Record<string, string> = {
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

function sendJson(res: http.ServerResponse, status: number, body: Envelope<unknown>): void {
  const text = encodeWire(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  res.end(text);
}

function fail(res: http.ServerResponse, code: LabErrorCode, message: string): void {
  sendJson(res, STATUS[code], { ok: false, error: { code, message } });
}

function tokensEqual(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Starts the browser host: an HTTP server bound to 127.0.0.1 that serves the built renderer and
 * `POST /api/<method>`, guarded by a per-start random token (header `x-lab-token`) and Origin/Host checks.
 */
export function startHost(options: HostOptions): Promise<RunningHost> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const maxBody = options.maxBodyBytes ?? 256 * 1024 * 1024;
  let port = 0;

  const allowedOrigins = () => new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);
  const allowedHosts = () => new Set([`127.0.0.1:${port}`, `localhost:${port}`]);

  async function handleApi(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    method: string,
  ): Promise<void> {
    const origin = req.headers.origin;
    if (origin !== undefined && !allowedOrigins().has(origin)) {
      fail(res, 'FORBIDDEN', `Requests from ${origin} are not allowed.`);
      req.resume();
      return;
    }
    const given = req.headers['x-lab-token'];
    if (typeof given !== 'string' || !tokensEqual(given, token)) {
      fail(res, 'UNAUTHORIZED', 'Missing or wrong token: open the lab with the URL printed when it started.');
      req.resume();
      return;
    }
    if (req.method !== 'POST') {
      res.setHeader('allow', 'POST');
      fail(res, 'BAD_REQUEST', 'API methods are called with POST.');
      req.resume();
      return;
    }
    if (!isMethod(method)) {
      fail(res, 'NOT_FOUND', `Unknown method ${method}.`);
      req.resume();
      return;
    }
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > maxBody) {
      fail(res, 'PAYLOAD_TOO_LARGE', `The request is larger than ${Math.round(maxBody / 1048576)} MiB.`);
      req.destroy();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > maxBody) {
        tooLarge = true;
        break;
      }
      chunks.push(chunk);
    }
    if (tooLarge) {
      fail(res, 'PAYLOAD_TOO_LARGE', `The request is larger than ${Math.round(maxBody / 1048576)} MiB.`);
      req.destroy();
      return;
    }
    let args: unknown;
    try {
      const text = Buffer.concat(chunks).toString('utf8');
      args = text.trim() === '' ? {} : decodeWire(text);
    } catch {
      fail(res, 'BAD_REQUEST', 'The request body is not valid JSON.');
      return;
    }
    const envelope = await dispatch(options.handlers, method, args);
    sendJson(res, envelope.ok ? 200 : STATUS[envelope.error.code], envelope);
  }

  function serveStatic(req: http.IncomingMessage, res: http.ServerResponse, pathname: string): void {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    const root = path.resolve(options.rendererDir);
    const relative = pathname === '/' ? 'index.html' : decodeURIComponent(pathname).replace(/^\/+/, '');
    const file = path.resolve(root, relative);
    if (!file.startsWith(root + path.sep)) {
      res.writeHead(403).end();
      return;
    }
    fs.stat(file, (error, stat) => {
      if (error || !stat.isFile()) {
        if (relative === 'index.html') {
          res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
          res.end('The lab is not built yet: run `npm run build`, then reload.');
          return;
        }
        res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found');
        return;
      }
      const type = CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
      res.writeHead(200, {
        'content-type': type,
        'content-length': stat.size,
        'cache-control': relative === 'index.html' ? 'no-cache' : 'max-age=3600',
        ...securityHeaders(),
      });
      if (req.method === 'HEAD') res.end();
      else fs.createReadStream(file).pipe(res);
    });
  }

  const server = http.createServer((req, res) => {
    const host = req.headers.host ?? '';
    if (!allowedHosts().has(host)) {
      fail(res, 'FORBIDDEN', `Host ${host} is not allowed.`);
      req.resume();
      return;
    }
    const url = new URL(req.url ?? '/', `http://${host}`);
    if (url.pathname.startsWith('/api/')) {
      handleApi(req, res, url.pathname.slice('/api/'.length)).catch((error: unknown) => {
        console.error('[rnn-lab] request failed:', error);
        if (!res.headersSent) fail(res, 'INTERNAL', 'Unexpected server error.');
        else res.end();
      });
      return;
    }
    serveStatic(req, res, url.pathname);
  });
  server.requestTimeout = 10 * 60_000;

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      port = (server.address() as AddressInfo).port;
      resolve({
        url: `http://127.0.0.1:${port}/?token=${token}`,
        port,
        token,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
