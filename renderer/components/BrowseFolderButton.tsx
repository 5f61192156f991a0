import Button from '@mui/material/Button';
import { useApi } from '../api/ApiContext.js';
import { useStudio } from '../state/studio.js';

/**
 * "Browse…" beside a folder field, where the host has native dialogs (Electron); web mode has none,
 * so the field alone serves there.
 */
export function BrowseFolderButton({ title, onPick }: { title: string; onPick(folder: string): void }) {
  const api = useApi();
  const native = useStudio((s) => s.appInfo?.nativeDialogs ?? false);
  const notify = useStudio((s) => s.notify);
  if (!native) return null;
  return (
    <Button
      size="small"
      onClick={() =>
        void api.call('dialog.openFiles', { title, directory: true }).then((r) => {
          if (!r.ok) notify({ severity: 'error', text: r.error.message });
          else if (r.value.paths[0] !== undefined) onPick(r.value.paths[0]);
        })
      }
    >
      Browse…
    </Button>
  );
}
