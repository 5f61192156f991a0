import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Typography from '@mui/material/Typography';
import { useApi } from '../api/ApiContext.js';
import { useDialogs } from '../state/dialogs.js';
import { answerRecovery } from '../state/project-actions.js';

/** After a crash: the autosave newer than the last save, to take back or throw away. */
export function RecoveryDialog() {
  const api = useApi();
  const recovery = useDialogs((s) => s.recovery);
  return (
    <Dialog open={recovery !== null} maxWidth="xs" fullWidth>
      <DialogTitle>Recover unsaved changes?</DialogTitle>
      <DialogContent>
        <Typography variant="body2">
          SoundStorm Studio stopped before “{recovery?.project.name}” was saved. An autosave from{' '}
          {recovery ? new Date(recovery.autosavedAt).toLocaleString() : ''} holds changes made after the last
          save
          {recovery?.lastSavedAt ? ` (${new Date(recovery.lastSavedAt).toLocaleString()})` : ''}.
        </Typography>
      </DialogContent>
      <DialogActions>
        <Button onClick={() => void answerRecovery(api, false)}>Discard them</Button>
        <Button variant="contained" onClick={() => void answerRecovery(api, true)}>
          Recover
        </Button>
      </DialogActions>
    </Dialog>
  );
}
