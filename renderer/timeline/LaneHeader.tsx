import Box from '@mui/material/Box';
import Slider from '@mui/material/Slider';
import ToggleButton from '@mui/material/ToggleButton';
import Typography from '@mui/material/Typography';
import { setSpeakerMix, type Speaker } from '../../main/project/document/index.js';
import { useStudio } from '../state/studio.js';
import { LANE_HEADER_PX } from './geometry.js';

/** A lane's name and mix: mute, solo, gain (dB) and pan. */
export function LaneHeader({ speaker }: { speaker: Speaker }) {
  const edit = useStudio((s) => s.edit);
  const mix = (change: Parameters<typeof setSpeakerMix>[2]) =>
    edit((p) => setSpeakerMix(p, speaker.id, change));
  return (
    <Box
      sx={{
        width: LANE_HEADER_PX,
        flex: 'none',
        px: 1,
        py: 0.25,
        borderRight: 1,
        borderColor: 'divider',
        position: 'sticky',
        left: 0,
        zIndex: 2,
        bgcolor: 'background.paper',
      }}
    >
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 0.5 }}>
        <Typography variant="caption" noWrap sx={{ flex: 1, color: speaker.colour, fontWeight: 600 }}>
          {speaker.name}
        </Typography>
        <ToggleButton
          value="mute"
          size="small"
          selected={speaker.mute}
          aria-label={`Mute ${speaker.name}`}
          onChange={() => mix({ mute: !speaker.mute })}
          sx={{ py: 0, px: 0.6, fontSize: 11 }}
        >
          M
        </ToggleButton>
        <ToggleButton
          value="solo"
          size="small"
          selected={speaker.solo}
          aria-label={`Solo ${speaker.name}`}
          onChange={() => mix({ solo: !speaker.solo })}
          sx={{ py: 0, px: 0.6, fontSize: 11 }}
        >
          S
        </ToggleButton>
      </Box>
      <Box sx={{ display: 'flex', gap: 1 }}>
        <Slider
          size="small"
          min={-24}
          max={12}
          step={0.5}
          defaultValue={speaker.gain}
          key={`g${speaker.gain}`}
          onChangeCommitted={(_e, v) => mix({ gain: v as number })}
          slotProps={{ input: { 'aria-label': `Gain of ${speaker.name}` } }}
        />
        <Slider
          size="small"
          min={-1}
          max={1}
          step={0.05}
          track={false}
          defaultValue={speaker.pan}
          key={`p${speaker.pan}`}
          onChangeCommitted={(_e, v) => mix({ pan: v as number })}
          slotProps={{ input: { 'aria-label': `Pan of ${speaker.name}` } }}
        />
      </Box>
    </Box>
  );
}
