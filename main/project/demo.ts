/**
 * The demo project a new user meets: the two bundled voices (assets/demo, made by this project)
 * on two speakers and the demo dialogue as turns, ready to generate.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { applyScript } from '../script/apply.js';
import { parseScriptText } from '../script/text.js';
import { createProject } from './document/create.js';
import { importVoice } from './files.js';
import { saveProject } from './save-load.js';
import type { Project, VoiceRef } from './document/schema.js';

const DEMO_DIR = new URL('../../assets/demo/', import.meta.url);

export async function createDemoProject(folder: string, now: Date = new Date()): Promise<Project> {
  const script = parseScriptText(await readFile(new URL('dialogue.txt', DEMO_DIR), 'utf8'));
  const voices = new Map<string, VoiceRef>();
  const speakers = script.speakers.map((speaker) => {
    const file = `${speaker.name.toLowerCase()}.wav`;
    return { ...speaker, voice: file };
  });
  for (const speaker of speakers) {
    const path = fileURLToPath(new URL(speaker.voice, DEMO_DIR));
    voices.set(speaker.voice, await importVoice(folder, await readFile(path), speaker.voice));
  }
  const project = applyScript(createProject('Demo dialogue', now), { ...script, speakers }, { voices });
  return saveProject(folder, project, now);
}
