import Alert from '@mui/material/Alert';
import Snackbar from '@mui/material/Snackbar';
import { useStudio } from '../state/studio.js';

export function NoticeSnackbar() {
  const notice = useStudio((s) => s.notice);
  const notify = useStudio((s) => s.notify);
  return (
    <Snackbar
      open={notice !== null}
      autoHideDuration={notice?.severity === 'error' ? 12000 : 6000}
      // A click elsewhere must not hide an error before it is read.
      onClose={(_event, reason) => reason !== 'clickaway' && notify(null)}
    >
      {notice ? (
        <Alert severity={notice.severity} variant="filled" onClose={() => notify(null)}>
          {notice.text}
        </Alert>
      ) : undefined}
    </Snackbar>
  );
}
