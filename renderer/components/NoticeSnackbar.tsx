import Alert from '@mui/material/Alert';
import Snackbar from '@mui/material/Snackbar';
import { useStudio } from '../state/studio.js';

export function NoticeSnackbar() {
  const notice = useStudio((s) => s.notice);
  const notify = useStudio((s) => s.notify);
  return (
    <Snackbar open={notice !== null} autoHideDuration={8000} onClose={() => notify(null)}>
      {notice ? (
        <Alert severity={notice.severity} variant="filled" onClose={() => notify(null)}>
          {notice.text}
        </Alert>
      ) : undefined}
    </Snackbar>
  );
}
