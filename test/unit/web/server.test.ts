import { mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { decodeWire, encodeWire } from '../../../main/api/wire.js';
import { startWebServer, type WebServer } from '../../../main/web/server.js';
import { createStudioService } from '../../../main/studio/service.js';
import { createRecordingEngine } from '../bridge/recording-engine.js';

let server: WebServer;
let recording: ReturnType<typeof createRecordingEngine>;

beforeEach(async () => {
  const rendererDir = mkdtempSync(join(tmpdir(), 'renderer-'));
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>t</title>');
  recording = createRecordingEngine();
  server = await startWebServer({
    engine: recording.engine,
    studio: createStudioService({ engine: recording.engine, projectsDir: join(rendererDir, 'projects') }),
    rendererDir,
    appName: 'SoundStorm Studio',
    version: '9.9.9',
  });
});

afterEach(async () => {
  await server.close();
});

function get(path: string, host: string): Promise<{ status: number; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, headers: { host } }, (res) => {
      res.resume();
      resolve({ status: res.statusCode ?? 0, headers: res.headers });
    });
    req.on('error', reject).end();
  });
}

function connect(token: string, origin = `http://127.0.0.1:${server.port}`): Promise<WebSocket> {
  const socket = new WebSocket(`ws://127.0.0.1:${server.port}/api?token=${token}`, { origin });
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
  });
}

function nextMessage(socket: WebSocket): Promise<Record<string, unknown>> {
  return new Promise((resolve) =>
    socket.once('message', (data: Buffer) => resolve(decodeWire(data.toString()) as Record<string, unknown>)),
  );
}

describe('web-mode server', () => {
  it('listens on loopback with a token in the URL', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{32}$/);
  });

  it('serves the page with a strict CSP and refuses foreign Host headers', async () => {
    const page = await get('/', `127.0.0.1:${server.port}`);
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect((await get('/', `attacker.example:${server.port}`)).status).toBe(421);
    expect((await get('/missing.js', `127.0.0.1:${server.port}`)).status).toBe(404);
  });

  it('refuses sockets with a wrong token or a foreign origin', async () => {
    await expect(connect('not-the-token')).rejects.toThrow(/403/);
    await expect(connect(server.token, 'http://evil.example')).rejects.toThrow(/403/);
  });

  it('round-trips calls, including binary arguments, as envelopes', async () => {
    const socket = await connect(server.token);
    socket.send(encodeWire({ type: 'invoke', id: 1, method: 'app.info', args: {} }));
    expect(await nextMessage(socket)).toMatchObject({
      type: 'result',
      id: 1,
      envelope: { ok: true, value: { version: '9.9.9', mode: 'web', nativeDialogs: false } },
    });
    const bytes = new Uint8Array([82, 73, 70, 70, 0, 255]);
    socket.send(
      encodeWire({
        type: 'invoke',
        id: 2,
        method: 'voice.prepare',
        args: { source: { kind: 'bytes', name: 'a.wav', bytes } },
      }),
    );
    expect(await nextMessage(socket)).toMatchObject({
      id: 2,
      envelope: { ok: true, value: { voiceId: 'v1' } },
    });
    const passed = recording.calls[0]?.args as { source: { bytes: Uint8Array } };
    expect(Array.from(passed.source.bytes)).toEqual(Array.from(bytes));
    socket.send(encodeWire({ type: 'invoke', id: 3, method: 'dialog.openFiles', args: {} }));
    expect(await nextMessage(socket)).toMatchObject({
      id: 3,
      envelope: { ok: false, error: { code: 'UNSUPPORTED' } },
    });
    socket.close();
  });

  it('pushes engine events to connected pages with PCM intact', async () => {
    const socket = await connect(server.token);
    const samples = new Float32Array([0.25, -0.5, 0.125]);
    const message = nextMessage(socket);
    recording.emit('job.done', {
      jobId: 'job-1',
      sampleRate: 16000,
      samples,
      tokens: { frames: 1, levels: 2, semantic: new Int32Array([5]), acoustic: new Int32Array([1, 2]) },
      elapsed: 0.1,
      warnings: [],
    });
    const event = (await message) as { type: string; name: string; payload: { samples: Float32Array } };
    expect(event.type).toBe('event');
    expect(event.name).toBe('job.done');
    expect(Array.from(event.payload.samples)).toEqual([0.25, -0.5, 0.125]);
    socket.close();
  });

  it('closes the socket on a malformed frame', async () => {
    const socket = await connect(server.token);
    const closed = new Promise<number>((resolve) => socket.once('close', (code: number) => resolve(code)));
    socket.send('{"type":"invoke"');
    expect(await closed).toBe(1007);
  });
});
