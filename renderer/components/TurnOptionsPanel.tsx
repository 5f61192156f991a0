import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Slider from '@mui/material/Slider';
import Typography from '@mui/material/Typography';
import { setTurnOptions, type Turn, type TurnOptions } from '../../main/project/document/index.js';
import { useApi } from '../api/ApiContext.js';
import { useStudio } from '../state/studio.js';
import { importVoiceFile } from '../state/voice-actions.js';
import { CommitTextField } from './CommitTextField.js';
import { VoiceDrop } from './VoiceDrop.js';

function parseOptional(text: string, integer: boolean): number | null | undefined {
  if (text.trim() === '') return null;
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0 || (integer && !Number.isInteger(value))) return undefined;
  return value;
}

/** Speed, gain, seed, fit-to-duration and the turn's own voice sample. */
export function TurnOptionsPanel({ turn }: { turn: Turn }) {
  const api = useApi();
  const edit = useStudio((s) => s.edit);
  const notify = useStudio((s) => s.notify);
  const busy = useStudio((s) => s.preparing.includes(turn.id));
  const set = (options: Partial<TurnOptions>) => edit((p) => setTurnOptions(p, turn.id, options));
  const setNumber = (key: 'seed' | 'targetDuration', text: string) => {
    const value = parseOptional(text, key === 'seed');
    if (value === undefined)
      notify({
        severity: 'warning',
        text: `${key === 'seed' ? 'A seed is a whole number' : 'A duration is a number of seconds'}, or empty for the default.`,
      });
    else if (value !== 0 || key === 'seed') set({ [key]: value });
  };
  const { options } = turn;
  return (
    <Box sx={{ display: 'grid', gridTemplateColumns: 'repeat(4, 1fr)', gap: 2, p: 1, alignItems: 'center' }}>
      <Box>
        <Typography variant="caption">Speed ×{options.speed.toFixed(2)}</Typography>
        <Slider
          size="small"
          min={0.5}
          max={2}
          step={0.05}
          defaultValue={options.speed}
          onChangeCommitted={(_e, value) => set({ speed: value as number })}
          slotProps={{ input: { 'aria-label': 'Speed' } }}
        />
      </Box>
      <Box>
        <Typography variant="caption">Gain {options.gain.toFixed(1)} dB</Typography>
        <Slider
          size="small"
          min={-24}
          max={12}
          step={0.5}
          defaultValue={options.gain}
          onChangeCommitted={(_e, value) => set({ gain: value as number })}
          slotProps={{ input: { 'aria-label': 'Turn gain' } }}
        />
      </Box>
      <CommitTextField
        label="Seed"
        placeholder="Seed (project default)"
        value={options.seed === null ? '' : String(options.seed)}
        onCommit={(text) => setNumber('seed', text)}
      />
      <CommitTextField
        label="Fit to duration"
        placeholder="Fit to seconds (natural length)"
        value={options.targetDuration === null ? '' : String(options.targetDuration)}
        onCommit={(text) => setNumber('targetDuration', text)}
      />
      <Box sx={{ gridColumn: '1 / -1' }}>
        <VoiceDrop
          busy={busy}
          onFile={(file) => void importVoiceFile(api, { kind: 'turn', id: turn.id }, file)}
        >
          <Typography variant="caption" color="text.secondary" component="p">
            {options.voice === null
              ? "This turn uses its speaker's voice. Drop a sample here (a whispered or excited take) to give it its own."
              : `Own voice: ${options.voice.name}`}
          </Typography>
          {options.voice !== null && (
            <Button size="small" onClick={() => set({ voice: null })}>
              Use the speaker's voice
            </Button>
          )}
        </VoiceDrop>
      </Box>
    </Box>
  );
}
