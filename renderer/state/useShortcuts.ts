import { useEffect } from 'react';
import { setLoop, takesOfTurn, deleteTake } from '../../main/project/document/index.js';
import type { ApiClient } from '../api/client.js';
import { player } from '../audio/player.js';
import { useDialogs } from './dialogs.js';
import { saveProject } from './project-actions.js';
import { nearestPlayheadFirst } from './playhead-order.js';
import { renderTurns, turnsToGenerate } from './render-actions.js';
import { shortcutFor } from './shortcuts.js';
import { redo, studio, undo } from './studio.js';

/** Global keyboard shortcuts (see shortcuts.ts); text fields keep their own keys. */
export function useShortcuts(api: ApiClient): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const id = shortcutFor(event);
      if (id === null) return;
      event.preventDefault();
      const { project, edit, selectedClipId } = studio.getState();
      const dialogs = useDialogs.getState();
      switch (id) {
        case 'play':
          return void player.toggle();
        case 'home':
          return player.seek(0);
        case 'loop':
          if (project.loop) edit((p) => setLoop(p, p.loop && { ...p.loop, enabled: !p.loop.enabled }));
          return;
        case 'undo':
          return undo();
        case 'redo':
          return redo();
        case 'save':
          return void saveProject(api);
        case 'saveAs':
          return dialogs.show('saveAs');
        case 'open':
          return dialogs.show('open');
        case 'export':
          return dialogs.show('export');
        case 'help':
          return dialogs.show('help');
        case 'generate':
          return void renderTurns(
            api,
            nearestPlayheadFirst(project, turnsToGenerate(project), player.position()),
          );
        case 'delete': {
          const clip = project.clips.find((c) => c.id === selectedClipId);
          if (clip === undefined) return;
          edit((p) => takesOfTurn(p, clip.turnId).reduce((q, take) => deleteTake(q, take.id), p));
          return;
        }
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [api]);
}
