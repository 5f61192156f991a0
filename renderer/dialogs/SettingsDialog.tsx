import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { settingsSchema } from '../../main/project/document/index.js';
import { useApi } from '../api/ApiContext.js';
import { BrowseFolderButton } from '../components/BrowseFolderButton.js';
import { useDialogs } from '../state/dialogs.js';
import { useStudio } from '../state/studio.js';

/** Model pack folder (the engine's), and the project's default seed, temperature and pause. */
export function SettingsDialog() {
  const api = useApi();
  const open = useDialogs((s) => s.open === 'settings');
  const show = useDialogs((s) => s.show);
  const settings = useStudio((s) => s.project.settings);
  const pack = useStudio((s) => s.engine?.pack?.path ?? '');
  const edit = useStudio((s) => s.edit);
  const notify = useStudio((s) => s.notify);
  const [packPath, setPackPath] = useState<string | null>(null);
  const [seed, setSeed] = useState<string | null>(null);
  const [temperature, setTemperature] = useState<string | null>(null);
  const [pause, setPause] = useState<string | null>(null);
  const save = async () => {
    const parsed = settingsSchema.safeParse({
      ...settings,
      defaultSeed: Number(seed ?? settings.defaultSeed),
      temperature:
        temperature === null ? settings.temperature : temperature.trim() === '' ? null : Number(temperature),
      defaultPause: Number(pause ?? settings.defaultPause),
    });
    if (!parsed.success) {
      notify({
        severity: 'warning',
        text: 'Seed: a whole number ≥ 0; temperature: 0 to 2; pause: 0 to 10 s.',
      });
      return;
    }
    edit((p) => ({ ...p, settings: parsed.data }));
    if (packPath !== null && packPath.trim() !== '' && packPath !== pack) {
      const loaded = await api.call('engine.loadPack', { path: packPath.trim() });
      if (!loaded.ok) {
        notify({ severity: 'error', text: loaded.error.message });
        return;
      }
      notify({ severity: 'success', text: `Loaded the ${loaded.value.name} pack` });
    }
    show(null);
  };
  return (
    <Dialog open={open} onClose={() => show(null)} maxWidth="sm" fullWidth>
      <DialogTitle>Settings</DialogTitle>
      <DialogContent>
        <Stack spacing={2} sx={{ pt: 1 }}>
          <Stack direction="row" spacing={1} sx={{ alignItems: 'flex-start' }}>
            <TextField
              size="small"
              fullWidth
              label="Model pack folder"
              value={packPath ?? pack}
              onChange={(e) => setPackPath(e.target.value)}
              helperText="A folder with manifest.json; a pack that does not match is refused with the field named."
            />
            <BrowseFolderButton title="Choose a model pack folder" onPick={setPackPath} />
          </Stack>
          <Typography variant="overline">This project</Typography>
          <Stack direction="row" spacing={2}>
            <TextField
              size="small"
              type="number"
              label="Default seed"
              value={seed ?? settings.defaultSeed}
              onChange={(e) => setSeed(e.target.value)}
              helperText="Turn n uses seed + n"
            />
            <TextField
              size="small"
              type="number"
              label="Temperature"
              value={temperature ?? settings.temperature ?? ''}
              onChange={(e) => setTemperature(e.target.value)}
              slotProps={{ htmlInput: { step: 0.05, min: 0, max: 2 } }}
              helperText="0 is greedy; empty uses the model pack's default"
            />
            <TextField
              size="small"
              type="number"
              label="Pause between turns (s)"
              value={pause ?? settings.defaultPause}
              onChange={(e) => setPause(e.target.value)}
              slotProps={{ htmlInput: { step: 0.05, min: 0, max: 10 } }}
            />
          </Stack>
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={() => show(null)}>Cancel</Button>
        <Button variant="contained" onClick={() => void save()}>
          Apply
        </Button>
      </DialogActions>
    </Dialog>
  );
}
