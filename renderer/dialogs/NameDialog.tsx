import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import TextField from '@mui/material/TextField';
import { useState } from 'react';
import { useApi } from '../api/ApiContext.js';
import { useDialogs } from '../state/dialogs.js';
import { newProject, saveProjectAs } from '../state/project-actions.js';
import { useStudio } from '../state/studio.js';

/** New project and Save As: a name (a folder under the projects folder) or an absolute path. */
export function NameDialog() {
  const api = useApi();
  const which = useDialogs((s) => (s.open === 'new' || s.open === 'saveAs' ? s.open : null));
  const show = useDialogs((s) => s.show);
  const current = useStudio((s) => s.project.name);
  const [name, setName] = useState('');
  const saveAs = which === 'saveAs';
  const submit = async () => {
    const value = name.trim();
    if (value === '') return;
    const done = saveAs ? await saveProjectAs(api, value) : (await newProject(api, value), true);
    if (done) {
      setName('');
      show(null);
    }
  };
  return (
    <Dialog open={which !== null} onClose={() => show(null)} maxWidth="xs" fullWidth>
      <DialogTitle>{saveAs ? 'Save a copy as' : 'New project'}</DialogTitle>
      <DialogContent>
        <TextField
          autoFocus
          fullWidth
          size="small"
          label={saveAs ? 'Name or folder' : 'Project name'}
          placeholder={saveAs ? `${current} copy` : 'My dialogue'}
          value={name}
          onChange={(e) => setName(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') void submit();
          }}
          helperText="A name makes a folder in your projects folder; a full path saves there."
          sx={{ mt: 1 }}
        />
      </DialogContent>
      <DialogActions>
        <Button onClick={() => show(null)}>Cancel</Button>
        <Button variant="contained" disabled={name.trim() === ''} onClick={() => void submit()}>
          {saveAs ? 'Save' : 'Create'}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
