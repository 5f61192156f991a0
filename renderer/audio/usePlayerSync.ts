import { useEffect } from 'react';
import type { ApiClient } from '../api/client.js';
import { studio, useStudio } from '../state/studio.js';
import { player } from './player.js';
import { audioOf, requestAudio, useAudioVersion } from './take-audio.js';

/** Loads the audio of every clip's take and keeps the player's lanes and clips in step with the document. */
export function usePlayerSync(api: ApiClient): void {
  const project = useStudio((s) => s.project);
  const folder = useStudio((s) => s.folder);
  const version = useAudioVersion();
  useEffect(() => {
    if (folder === null) return;
    for (const clip of project.clips) {
      const take = project.takes.find((t) => t.id === clip.takeId);
      if (take !== undefined)
        requestAudio(api, folder, take.audio, (message) =>
          studio.getState().notify({ severity: 'error', text: message }),
        );
    }
    player.sync(project, (file) => audioOf(folder, file));
  }, [api, project, folder, version]);
}
