import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import List from '@mui/material/List';
import ListItemButton from '@mui/material/ListItemButton';
import ListItemText from '@mui/material/ListItemText';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useEffect, useState } from 'react';
import type { RecentProject } from '../../main/api/studio-schemas.js';
import { useApi } from '../api/ApiContext.js';
import { BrowseFolderButton } from '../components/BrowseFolderButton.js';
import { useDialogs } from '../state/dialogs.js';
import { openDemo, openProjectFolder } from '../state/project-actions.js';

/** Open a recent project, a folder by path, or the demo. A damaged project is reported, not opened. */
export function OpenProjectDialog() {
  const api = useApi();
  const open = useDialogs((s) => s.open === 'open');
  const show = useDialogs((s) => s.show);
  const [recent, setRecent] = useState<RecentProject[]>([]);
  const [path, setPath] = useState('');
  useEffect(() => {
    if (!open) return;
    void api.call('project.recent', {}).then((r) => {
      if (r.ok) setRecent(r.value.projects);
    });
  }, [api, open]);
  const openFolder = async (folder: string) => {
    if (await openProjectFolder(api, folder)) show(null);
  };
  return (
    <Dialog open={open} onClose={() => show(null)} maxWidth="sm" fullWidth>
      <DialogTitle>Open project</DialogTitle>
      <DialogContent>
        {recent.length === 0 ? (
          <Typography color="text.secondary">No recent projects yet.</Typography>
        ) : (
          <List dense aria-label="Recent projects">
            {recent.map((r) => (
              <ListItemButton key={r.folder} onClick={() => void openFolder(r.folder)}>
                <ListItemText
                  primary={r.name}
                  secondary={`${r.folder}${r.savedAt ? ` · saved ${new Date(r.savedAt).toLocaleString()}` : ''}`}
                />
              </ListItemButton>
            ))}
          </List>
        )}
        <TextField
          fullWidth
          size="small"
          label="Project folder"
          placeholder="/path/to/project"
          value={path}
          onChange={(e) => setPath(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && path.trim()) void openFolder(path.trim());
          }}
          sx={{ mt: 2 }}
        />
        <BrowseFolderButton title="Open a project folder" onPick={(folder) => void openFolder(folder)} />
      </DialogContent>
      <DialogActions>
        <Button onClick={() => void openDemo(api).then(() => show(null))}>Open the demo</Button>
        <Button onClick={() => show(null)}>Cancel</Button>
        <Button
          variant="contained"
          disabled={path.trim() === ''}
          onClick={() => void openFolder(path.trim())}
        >
          Open
        </Button>
      </DialogActions>
    </Dialog>
  );
}
