import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import sirv from 'sirv';
import { WebSocketServer } from 'ws';
import type { AppInfo } from '../api/schemas.js';
import { ErrorCodes, ApiError } from '../api/errors.js';
import type { EngineService, StudioService } from '../api/service.js';
import { createDispatcher } from '../bridge/dispatch.js';
import { createHandlers, forwardEngineEvents } from '../bridge/handlers.js';
import { contentSecurityPolicy } from '../app/csp.js';
import { hostAllowed, originAllowed, tokenFromUrl, tokensEqual } from './security.js';
import { MAX_MESSAGE_BYTES, send, serveSocket } from './socket.js';

export const API_PATH = '/api';

export interface WebServerOptions {
  engine: EngineService;
  /** Projects, voices, takes and export (main/studio). */
  studio: StudioService;
  /** The built renderer (`dist/renderer`). */
  rendererDir: string;
  /** 0 picks a free port. */
  port?: number;
  appName: string;
  version: string;
}

export interface WebServer {
  /** The page to open, token included. */
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

/**
 * Web mode: serves the built renderer and the contract over a WebSocket on 127.0.0.1 only. The
 * per-run token travels in the page URL and must accompany the socket upgrade, so another local
 * page (or a DNS-rebinding one) cannot drive the engine.
 */
export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  if (!existsSync(join(options.rendererDir, 'index.html'))) {
    throw new Error(`No built renderer in ${options.rendererDir}: run \`npm run build\` first`);
  }
  const token = randomBytes(24).toString('base64url');
  const info: AppInfo = {
    name: options.appName,
    version: options.version,
    mode: 'web',
    platform: process.platform,
    nativeDialogs: false,
  };
  const dispatch = createDispatcher(
    createHandlers(
      options.engine,
      {
        info: () => info,
        openFiles: () =>
          Promise.reject(
            new ApiError(ErrorCodes.Unsupported, 'Native file dialogs exist only in the desktop app'),
          ),
      },
      options.studio,
    ),
  );

  let port = 0;
  const statics = sirv(options.rendererDir, { etag: true, dev: false });
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    if (!hostAllowed(request, port)) {
      response.writeHead(421).end('Misdirected request');
      return;
    }
    response.setHeader('Content-Security-Policy', contentSecurityPolicy([`ws://127.0.0.1:${port}`]));
    response.setHeader('X-Content-Type-Options', 'nosniff');
    response.setHeader('Referrer-Policy', 'no-referrer');
    response.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    statics(request, response, () => {
      response.writeHead(404).end('Not found');
    });
  });

  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  server.on('upgrade', (request, socket, head) => {
    const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    const allowed =
      path === API_PATH &&
      hostAllowed(request, port) &&
      originAllowed(request, port) &&
      tokensEqual(token, tokenFromUrl(request.url));
    if (!allowed) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      return;
    }
    sockets.handleUpgrade(request, socket, head, (ws) => serveSocket(ws, dispatch));
  });

  const stopForwarding = forwardEngineEvents(
    options.engine,
    (name, payload) => {
      for (const client of sockets.clients) send(client, { type: 'event', name, payload });
    },
    options.studio,
  );

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    close: async () => {
      stopForwarding();
      for (const client of sockets.clients) client.terminate();
      sockets.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
