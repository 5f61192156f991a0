import type { Project } from '../../../main/project/document/index.js';
import { addTake as addTakeOp } from '../../../main/project/document/index.js';
import { storeRenderedTake } from '../../../main/project/index.js';
import { applyScript, parseScriptText } from '../../../main/script/index.js';

export function applyScriptToProject(p: Project, script: string): Project {
  return applyScript(p, parseScriptText(script));
}

/** A rendered take of `samples` written into the folder and placed on the timeline. */
export async function addTake(
  folder: string,
  p: Project,
  turnId: string,
  samples: Float32Array<ArrayBuffer>,
): Promise<Project> {
  const turn = p.turns.find((t) => t.id === turnId)!;
  const tokens = { frames: 1, levels: 1, semantic: new Int32Array(1), acoustic: new Int32Array(1) };
  const take = await storeRenderedTake(folder, turn, { samples, sampleRate: 16000, tokens }, 1);
  return addTakeOp(p, take);
}
