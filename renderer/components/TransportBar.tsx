import AutoAwesomeIcon from '@mui/icons-material/AutoAwesome';
import PlayArrowIcon from '@mui/icons-material/PlayArrow';
import RepeatIcon from '@mui/icons-material/Repeat';
import SkipPreviousIcon from '@mui/icons-material/SkipPrevious';
import StopIcon from '@mui/icons-material/Stop';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import IconButton from '@mui/material/IconButton';
import ToggleButton from '@mui/material/ToggleButton';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import { useSyncExternalStore } from 'react';
import { setLoop } from '../../main/project/document/index.js';
import { useApi } from '../api/ApiContext.js';
import { player } from '../audio/player.js';
import { renderTurns, turnsToGenerate } from '../state/render-actions.js';
import { generateBlocker } from '../state/generate-blocker.js';
import { nearestPlayheadFirst } from '../state/playhead-order.js';
import { useStudio } from '../state/studio.js';
import { formatTime } from '../timeline/geometry.js';
import { MasterMeter } from './MasterMeter.js';

function Clock() {
  const position = useSyncExternalStore(player.subscribe, player.position);
  return (
    <Typography
      data-testid="transport-time"
      variant="body2"
      sx={{ fontVariantNumeric: 'tabular-nums', minWidth: 64 }}
    >
      {formatTime(position)}
    </Typography>
  );
}

/** Transport: play/stop (Space), home, loop, time, master meter, and Generate. */
export function TransportBar() {
  const api = useApi();
  const project = useStudio((s) => s.project);
  const edit = useStudio((s) => s.edit);
  const engineReady = useStudio((s) => s.engine?.worker === 'ready' || s.engine?.worker === 'busy');
  const playing = useSyncExternalStore(player.subscribe, player.playing);
  const blocker = generateBlocker(project, engineReady);
  const loop = project.loop;
  return (
    <Box
      component="footer"
      aria-label="Transport"
      sx={{
        display: 'flex',
        alignItems: 'center',
        gap: 1,
        px: 1.5,
        py: 0.75,
        borderTop: 1,
        borderColor: 'divider',
        bgcolor: 'background.paper',
      }}
    >
      <Tooltip title="Back to the start (Home)">
        <IconButton size="small" aria-label="Home" onClick={() => player.seek(0)}>
          <SkipPreviousIcon />
        </IconButton>
      </Tooltip>
      <Tooltip title={project.clips.length === 0 ? 'Nothing to play yet' : 'Play / stop (Space)'}>
        <span>
          <IconButton
            size="small"
            aria-label={playing ? 'Stop' : 'Play'}
            disabled={project.clips.length === 0}
            onClick={() => void player.toggle()}
          >
            {playing ? <StopIcon /> : <PlayArrowIcon />}
          </IconButton>
        </span>
      </Tooltip>
      <Tooltip title={loop === null ? 'Drag on the ruler to set a loop region' : 'Loop the region (L)'}>
        <span>
          <ToggleButton
            value="loop"
            size="small"
            aria-label="Loop"
            selected={loop?.enabled ?? false}
            disabled={loop === null}
            onChange={() => loop && edit((p) => setLoop(p, { ...loop, enabled: !loop.enabled }))}
            sx={{ p: 0.5 }}
          >
            <RepeatIcon fontSize="small" />
          </ToggleButton>
        </span>
      </Tooltip>
      <Clock />
      <MasterMeter />
      <Box sx={{ flex: 1 }} />
      {blocker && (
        <Typography data-testid="generate-blocker" variant="caption" color="text.secondary">
          {blocker}
        </Typography>
      )}
      <Button
        variant="contained"
        startIcon={<AutoAwesomeIcon />}
        disabled={blocker !== null}
        onClick={() =>
          void renderTurns(api, nearestPlayheadFirst(project, turnsToGenerate(project), player.position()))
        }
      >
        Generate
      </Button>
    </Box>
  );
}
