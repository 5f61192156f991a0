import Dialog from '@mui/material/Dialog';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableRow from '@mui/material/TableRow';
import { useDialogs } from '../state/dialogs.js';
import { SHORTCUTS } from '../state/shortcuts.js';

export function ShortcutsDialog() {
  const open = useDialogs((s) => s.open === 'help');
  const show = useDialogs((s) => s.show);
  return (
    <Dialog open={open} onClose={() => show(null)} maxWidth="xs" fullWidth>
      <DialogTitle>Keyboard shortcuts</DialogTitle>
      <DialogContent>
        <Table size="small" aria-label="Keyboard shortcuts">
          <TableBody>
            {SHORTCUTS.map((s) => (
              <TableRow key={s.id}>
                <TableCell sx={{ fontFamily: 'monospace', whiteSpace: 'nowrap' }}>{s.keys}</TableCell>
                <TableCell>{s.does}</TableCell>
              </TableRow>
            ))}
            <TableRow>
              <TableCell sx={{ fontFamily: 'monospace' }}>Ctrl+wheel</TableCell>
              <TableCell>Zoom the timeline</TableCell>
            </TableRow>
          </TableBody>
        </Table>
      </DialogContent>
    </Dialog>
  );
}
