import DeleteSweepOutlinedIcon from '@mui/icons-material/DeleteSweepOutlined';
import Box from '@mui/material/Box';
import IconButton from '@mui/material/IconButton';
import Slider from '@mui/material/Slider';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import { deleteTake, setClipGain } from '../../main/project/document/index.js';
import { useStudio } from '../state/studio.js';

/** The selected clip's gain and its current take's deletion, in the timeline's header. */
export function ClipInspector() {
  const clip = useStudio((s) => s.project.clips.find((c) => c.id === s.selectedClipId));
  const text = useStudio((s) => s.project.turns.find((t) => t.id === clip?.turnId)?.text ?? '');
  const edit = useStudio((s) => s.edit);
  if (clip === undefined) return null;
  return (
    <Box data-testid="clip-inspector" sx={{ display: 'flex', alignItems: 'center', gap: 1, mr: 2 }}>
      <Typography variant="caption" noWrap sx={{ maxWidth: 180 }}>
        {text}
      </Typography>
      <Typography variant="caption" color="text.secondary">
        Gain {clip.gain.toFixed(1)} dB
      </Typography>
      <Slider
        key={`${clip.id}:${clip.gain}`}
        size="small"
        min={-24}
        max={12}
        step={0.5}
        defaultValue={clip.gain}
        onChangeCommitted={(_e, value) => edit((p) => setClipGain(p, clip.id, value as number))}
        slotProps={{ input: { 'aria-label': 'Clip gain' } }}
        sx={{ width: 100 }}
      />
      <Tooltip title="Delete this take (the turn's other takes stay)">
        <IconButton
          size="small"
          aria-label="Delete take"
          onClick={() => edit((p) => deleteTake(p, clip.takeId))}
        >
          <DeleteSweepOutlinedIcon fontSize="small" />
        </IconButton>
      </Tooltip>
    </Box>
  );
}
