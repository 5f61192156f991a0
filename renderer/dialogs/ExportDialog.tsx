import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import FormControlLabel from '@mui/material/FormControlLabel';
import LinearProgress from '@mui/material/LinearProgress';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useEffect, useState } from 'react';
import type { ExportResultValue } from '../../main/api/studio-schemas.js';
import { useApi } from '../api/ApiContext.js';
import { useDialogs } from '../state/dialogs.js';
import { useStudio } from '../state/studio.js';

type Format = 'wav' | 'mp3' | 'flac';

/** Mix (WAV/MP3/FLAC), stems, SRT/VTT, loudness target; progress and cancel. */
export function ExportDialog() {
  const api = useApi();
  const open = useDialogs((s) => s.open === 'export');
  const show = useDialogs((s) => s.show);
  const project = useStudio((s) => s.project);
  const folder = useStudio((s) => s.folder);
  const [name, setName] = useState('');
  const [format, setFormat] = useState<Format>('wav');
  const [bitDepth, setBitDepth] = useState<16 | 24>(24);
  const [sampleRate, setSampleRate] = useState<44100 | 48000>(48000);
  const [lufs, setLufs] = useState(project.settings.exportLoudness);
  const [stems, setStems] = useState(false);
  const [srt, setSrt] = useState(true);
  const [vtt, setVtt] = useState(false);
  const [running, setRunning] = useState<{ id: string; fraction: number; stage: string } | null>(null);
  const [result, setResult] = useState<ExportResultValue | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(
    () =>
      api.on('export.progress', (p) =>
        setRunning((r) => (r?.id === p.exportId ? { ...r, fraction: p.fraction, stage: p.stage } : r)),
      ),
    [api],
  );
  const close = () => {
    setResult(null);
    setError(null);
    show(null);
  };
  const start = async () => {
    if (folder === null) return;
    const id = `export-${Date.now()}`;
    setRunning({ id, fraction: 0, stage: 'mix' });
    setResult(null);
    setError(null);
    const answer = await api.call('export.run', {
      folder,
      project,
      exportId: id,
      name: name.trim() || project.name,
      options: {
        format,
        bitDepth,
        sampleRate,
        loudness: { lufs, truePeak: -1 },
        stems,
        subtitles: [...(srt ? ['srt' as const] : []), ...(vtt ? ['vtt' as const] : [])],
      },
    });
    setRunning(null);
    if (answer.ok) setResult(answer.value);
    else setError(answer.error.message);
  };
  return (
    <Dialog open={open} onClose={running ? undefined : close} maxWidth="sm" fullWidth>
      <DialogTitle>Export</DialogTitle>
      <DialogContent>
        {project.clips.length === 0 ? (
          <Typography color="text.secondary">Nothing to export yet: generate some turns first.</Typography>
        ) : (
          <Stack spacing={2} sx={{ pt: 1 }}>
            <TextField
              size="small"
              label="File name"
              placeholder={project.name}
              value={name}
              onChange={(e) => setName(e.target.value)}
              helperText="Written to the project's exports folder"
            />
            <Stack direction="row" spacing={2}>
              <TextField
                select
                size="small"
                label="Format"
                value={format}
                onChange={(e) => setFormat(e.target.value as Format)}
                sx={{ flex: 1 }}
              >
                <MenuItem value="wav">WAV</MenuItem>
                <MenuItem value="flac">FLAC</MenuItem>
                <MenuItem value="mp3">MP3</MenuItem>
              </TextField>
              <TextField
                select
                size="small"
                label="Bit depth"
                value={bitDepth}
                disabled={format === 'mp3'}
                onChange={(e) => setBitDepth(Number(e.target.value) as 16 | 24)}
                sx={{ flex: 1 }}
              >
                <MenuItem value={16}>16-bit</MenuItem>
                <MenuItem value={24}>24-bit</MenuItem>
              </TextField>
              <TextField
                select
                size="small"
                label="Sample rate"
                value={sampleRate}
                onChange={(e) => setSampleRate(Number(e.target.value) as 44100 | 48000)}
                sx={{ flex: 1 }}
              >
                <MenuItem value={44100}>44.1 kHz</MenuItem>
                <MenuItem value={48000}>48 kHz</MenuItem>
              </TextField>
              <TextField
                size="small"
                type="number"
                label="Loudness (LUFS)"
                value={lufs}
                onChange={(e) => setLufs(Math.min(-5, Math.max(-40, Number(e.target.value))))}
                sx={{ flex: 1 }}
              />
            </Stack>
            <Stack direction="row">
              <FormControlLabel
                control={<Checkbox checked={stems} onChange={(e) => setStems(e.target.checked)} />}
                label="One stem per speaker"
              />
              <FormControlLabel
                control={<Checkbox checked={srt} onChange={(e) => setSrt(e.target.checked)} />}
                label="SRT"
              />
              <FormControlLabel
                control={<Checkbox checked={vtt} onChange={(e) => setVtt(e.target.checked)} />}
                label="VTT"
              />
            </Stack>
            {running && (
              <>
                <LinearProgress
                  aria-label="Export progress"
                  variant="determinate"
                  value={running.fraction * 100}
                />
                <Typography variant="caption">{running.stage}…</Typography>
              </>
            )}
            {error && (
              <Typography color="error" data-testid="export-error">
                {error}
              </Typography>
            )}
            {result && (
              <Stack data-testid="export-result" spacing={0.5}>
                <Typography variant="body2">
                  Exported {result.duration.toFixed(1)} s at {result.loudness.toFixed(1)} LUFS (true peak{' '}
                  {result.truePeak.toFixed(1)} dBTP):
                </Typography>
                {result.files.map((f) => (
                  <Typography
                    key={f.path}
                    data-testid="export-file"
                    variant="caption"
                    sx={{ fontFamily: 'monospace' }}
                  >
                    {f.path}
                  </Typography>
                ))}
                {result.warnings.map((w) => (
                  <Typography key={w} variant="caption" color="warning.main">
                    {w}
                  </Typography>
                ))}
              </Stack>
            )}
          </Stack>
        )}
      </DialogContent>
      <DialogActions>
        {running ? (
          <Button onClick={() => void api.call('export.cancel', { exportId: running.id })}>
            Cancel export
          </Button>
        ) : (
          <Button onClick={close}>{result ? 'Done' : 'Close'}</Button>
        )}
        <Button
          variant="contained"
          disabled={running !== null || project.clips.length === 0}
          onClick={() => void start()}
        >
          Export
        </Button>
      </DialogActions>
    </Dialog>
  );
}
