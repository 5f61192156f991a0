/**
 * Electron main process: lifecycle, the one window, menus, and the IPC half of the contract.
 * All product logic lives in main/ (plain Node); this file only wires it to Electron.
 */
import { app, session, type BrowserWindow } from 'electron';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { HostService } from '../main/api/service.js';
import { createDispatcher } from '../main/bridge/dispatch.js';
import { createHandlers, forwardEngineEvents } from '../main/bridge/handlers.js';
import { createStudioService } from '../main/studio/service.js';
import { startEngine } from '../main/bridge/load-engine.js';
import { createEngineService } from '../main/engine/service.js';
import { bundledPackDir } from './paths.js';
import { openFilesDialog } from './dialogs.js';
import { registerIpc, sendEvent } from './ipc.js';
import { installMenu } from './menu.js';
import { registerAppScheme, serveRenderer } from './protocol.js';
import { createMainWindow } from './window.js';

// Bundled to dist/electron/main.js; the renderer is built next to it in dist/renderer.
const here = dirname(fileURLToPath(import.meta.url));
const rendererDir = join(here, '..', 'renderer');
const preloadPath = join(here, 'preload.cjs');

app.enableSandbox();
registerAppScheme();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  void start();
}

async function start(): Promise<void> {
  await app.whenReady();
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  serveRenderer(rendererDir);
  installMenu();

  const engine = await startEngine(() =>
    createEngineService({
      // Packaged builds ship packs as extra resources outside the asar; in development the
      // engine finds them in the repository's models/.
      ...(app.isPackaged ? { packDir: bundledPackDir(join(process.resourcesPath, 'models')) } : {}),
      cacheDir: join(app.getPath('userData'), 'voice-cache'),
      // A native crash in onnxruntime then ends only the engine's process, not the window.
      isolation: 'process',
    }),
  );
  let window: BrowserWindow | null = createMainWindow(preloadPath);
  const host: HostService = {
    info: () => ({
      name: 'SoundStorm Studio',
      version: app.getVersion(),
      mode: 'electron',
      platform: process.platform,
      nativeDialogs: true,
    }),
    openFiles: (args) => openFilesDialog(window, args),
  };
  const studio = createStudioService({
    engine,
    projectsDir: process.env.SOUNDSTORM_PROJECTS ?? join(app.getPath('documents'), 'SoundStorm Projects'),
  });
  registerIpc(createDispatcher(createHandlers(engine, host, studio)), () => window);
  const stopForwarding = forwardEngineEvents(
    engine,
    (name, payload) => sendEvent(window, name, payload),
    studio,
  );

  app.on('second-instance', () => {
    if (window?.isMinimized()) window.restore();
    window?.focus();
  });
  window.on('closed', () => {
    window = null;
  });
  // One window is the whole workstation: closing it quits, on macOS too.
  app.on('window-all-closed', () => app.quit());
  app.once('will-quit', (event) => {
    event.preventDefault();
    stopForwarding();
    studio.dispose();
    void engine.dispose().finally(() => app.exit(0));
  });
}
