import { randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  decodeWire,
  encodeWire,
  isMethod,
  WireFormatError,
  type Envelope,
  type Handlers,
  type LabErrorCode,
} from '../../core/api';
import { dispatch } from '../lab/dispatch';
import { decodeWireInThread } from '../hostThread';
import { securityHeaders } from './securityHeaders';
import { contentTypeOf, resolveStaticPath } from './staticPath';

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

/** Request bodies larger than this are decoded in a worker thread instead of on the request loop. */
const THREAD_BODY_BYTES = 1024 * 1024;

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

/** The answer to a request whose handling threw: logged, and 500 when nothing was sent yet. */
function failed(res: http.ServerResponse, error: unknown): void {
  console.error('[rnn-lab] request failed:', error);
  if (!res.headersSent) fail(res, 'INTERNAL', 'Unexpected server error.');
  else res.destroy();
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
    // Copied into one buffer as the chunks arrive (sized by content-length when given): joining 50 MB of chunks
    // at the end would hold the request loop for most of a second.
    let body = new Uint8Array(declared > 0 && Number.isSafeInteger(declared) ? declared : 64 * 1024);
    let size = 0;
    let tooLarge = false;
    for await (const chunk of req as AsyncIterable<Buffer>) {
      if (size + chunk.length > maxBody) {
        tooLarge = true;
        break;
      }
      if (size + chunk.length > body.length) {
        const grown = new Uint8Array(Math.min(maxBody, Math.max(2 * body.length, size + chunk.length)));
        grown.set(body.subarray(0, size));
        body = grown;
      }
      body.set(chunk, size);
      size += chunk.length;
    }
    if (tooLarge) {
      fail(res, 'PAYLOAD_TOO_LARGE', `The request is larger than ${Math.round(maxBody / 1048576)} MiB.`);
      req.destroy();
      return;
    }
    let args: unknown;
    try {
      // A large body (an imported file) is decoded in a thread: JSON and base64 of 50 MB take seconds.
      if (size > THREAD_BODY_BYTES) args = await decodeWireInThread(body.subarray(0, size));
      else {
        const text = Buffer.from(body.buffer, 0, size).toString('utf8');
        args = text.trim() === '' ? {} : decodeWire(text);
      }
    } catch (error) {
      if (!(error instanceof WireFormatError)) throw error;
      const why = error.message;
      fail(
        res,
        'BAD_REQUEST',
        `The request body is ${why === 'not valid JSON' ? why : `not usable: ${why}`}.`,
      );
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
    const target = resolveStaticPath(options.rendererDir, pathname);
    if (!target.ok) {
      res.writeHead(target.status, { 'content-type': 'text/plain; charset=utf-8' }).end(target.reason);
      return;
    }
    const { file, relative } = target;
    fs.stat(file, (error, stat) => {
      if (res.destroyed) return;
      if (error || !stat.isFile()) {
        if (relative === 'index.html') {
          res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
          res.end('The lab is not built yet: run `npm run build`, then reload.');
          return;
        }
        res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found');
        return;
      }
      res.writeHead(200, {
        'content-type': contentTypeOf(file),
        'content-length': stat.size,
        'cache-control': relative === 'index.html' ? 'no-cache' : 'max-age=3600',
        ...securityHeaders(),
      });
      if (req.method === 'HEAD') {
        res.end();
        return;
      }
      const stream = fs.createReadStream(file);
      // A file removed or unreadable after the stat: end the response instead of throwing.
      stream.on('error', () => res.destroy());
      stream.pipe(res);
    });
  }

  function route(req: http.IncomingMessage, res: http.ServerResponse): void {
    const host = req.headers.host ?? '';
    if (!allowedHosts().has(host)) {
      fail(res, 'FORBIDDEN', `Host ${host} is not allowed.`);
      req.resume();
      return;
    }
    let pathname: string;
    try {
      pathname = new URL(req.url ?? '/', `http://${host}`).pathname;
    } catch {
      fail(res, 'BAD_REQUEST', 'The request path is malformed.');
      req.resume();
      return;
    }
    if (pathname.startsWith('/api/')) {
      handleApi(req, res, pathname.slice('/api/'.length)).catch((error: unknown) => failed(res, error));
      return;
    }
    serveStatic(req, res, pathname);
  }

  // Every request runs inside a guard: whatever a request holds, it gets an answer and the host keeps running.
  const server = http.createServer((req, res) => {
    req.on('error', () => res.destroy());
    res.on('error', () => undefined);
    try {
      route(req, res);
    } catch (error) {
      failed(res, error);
    }
  });
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\n\r\n');
    else socket.destroy();
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
