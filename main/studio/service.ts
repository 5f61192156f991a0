/**
 * The workstation's side of the contract (StudioService): projects on disk through main/project,
 * voices and turns through the engine service, export through main/audio/export. Both bridges
 * build one with `createStudioService` and hand it to `createHandlers`.
 */
import type { EngineService, StudioService } from '../api/service.js';
import {
  PROJECT_VERSION,
  autosaveProject,
  createDemoProject,
  createProject,
  discardAutosaves,
  findRecovery,
  importVoice,
  openProject,
  readTakeAudio,
  resolveInProject,
  saveProject,
  saveProjectAs,
} from '../project/index.js';
import { StudioEmitter } from './emitter.js';
import { ProjectExports } from './exports.js';
import { freshFolder, listRecent, rememberRecent, resolveProjectFolder } from './projects-folder.js';
import { TurnRenders } from './renders.js';

export interface StudioServiceOptions {
  readonly engine: EngineService;
  /** Where named projects are created (and the recent list kept). */
  readonly projectsDir: string;
}

export function createStudioService({ engine, projectsDir }: StudioServiceOptions): StudioService {
  const events = new StudioEmitter();
  const renders = new TurnRenders(engine, events);
  const exports = new ProjectExports(events);
  const remember = (folder: string): Promise<void> =>
    rememberRecent(projectsDir, folder).catch(() => undefined);
  const fresh = (folder: string, project: ReturnType<typeof createProject>) => ({
    folder,
    project,
    migratedFrom: PROJECT_VERSION,
    missing: [],
  });

  return {
    async 'project.new'({ name }) {
      const folder = await freshFolder(projectsDir, name);
      const project = await saveProject(folder, createProject(name));
      await remember(folder);
      return fresh(folder, project);
    },
    async 'project.demo'() {
      const folder = await freshFolder(projectsDir, 'Demo dialogue');
      const project = await createDemoProject(folder);
      await remember(folder);
      return fresh(folder, project);
    },
    async 'project.open'({ folder }) {
      const opened = await openProject(folder);
      await remember(folder);
      return { folder, ...opened };
    },
    async 'project.save'({ folder, project }) {
      const saved = await saveProject(folder, project);
      await remember(folder);
      return { project: saved };
    },
    async 'project.saveAs'({ folder, to, project }) {
      const target = resolveProjectFolder(projectsDir, to);
      const saved = await saveProjectAs(folder, target, project);
      await remember(target);
      return { folder: target, project: saved };
    },
    async 'project.autosave'({ folder, project }) {
      return { file: await autosaveProject(folder, project) };
    },
    async 'project.recovery'({ folder }) {
      const recovery = await findRecovery(folder);
      if (recovery === null) return { recovery: null };
      const { project, autosavedAt, lastSavedAt } = recovery;
      return { recovery: { project, autosavedAt, lastSavedAt } };
    },
    async 'project.discardRecovery'({ folder }) {
      await discardAutosaves(folder);
      return {};
    },
    async 'project.recent'() {
      return { projectsFolder: projectsDir, projects: await listRecent(projectsDir) };
    },
    async 'voice.import'({ folder, name, bytes }) {
      // The engine checks the audio first, so a file it cannot use never enters the project.
      const prompt = await engine.prepareVoice({ source: { kind: 'bytes', name, bytes } });
      const voice = await importVoice(folder, bytes, name);
      return { voice: { ...voice, duration: prompt.duration }, prompt };
    },
    'voice.load': ({ folder, file }) =>
      engine.prepareVoice({ source: { kind: 'path', path: resolveInProject(folder, file) } }),
    'turn.render': (args) => renders.render(args),
    'turn.regenerateSpan': (args) => renders.span(args),
    async 'take.audio'({ folder, file }) {
      const { samples, sampleRate } = await readTakeAudio(folder, { audio: file, id: file });
      return { samples: new Float32Array(samples), sampleRate };
    },
    'export.run': (args) => exports.run(args),
    'export.cancel': ({ exportId }) => Promise.resolve(exports.cancel(exportId)),
    on: (event, listener) => events.on(event, listener),
    dispose() {
      renders.dispose();
      exports.dispose();
      events.clear();
    },
  };
}
