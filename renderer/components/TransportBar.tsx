import AutoAwesomeIcon from '@mui/icons-material/AutoAwesome';
import PlayArrowIcon from '@mui/icons-material/PlayArrow';
import StopIcon from '@mui/icons-material/Stop';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import IconButton from '@mui/material/IconButton';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import { useApi } from '../api/ApiContext.js';
import { generateBlocker, generateScript } from '../state/generate.js';
import { useStudio } from '../state/studio.js';

/** Transport: playback controls (playback arrives with the timeline) and Generate. */
export function TransportBar() {
  const api = useApi();
  const script = useStudio((s) => s.script);
  const speakers = useStudio((s) => s.speakers);
  const engineReady = useStudio((s) => s.engine?.worker === 'ready' || s.engine?.worker === 'busy');
  const blocker = generateBlocker(script, speakers, engineReady);
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
      <Tooltip title="Play (Space): nothing to play yet">
        <span>
          <IconButton size="small" aria-label="Play" disabled>
            <PlayArrowIcon />
          </IconButton>
        </span>
      </Tooltip>
      <IconButton size="small" aria-label="Stop" disabled>
        <StopIcon />
      </IconButton>
      <Typography
        data-testid="transport-time"
        variant="body2"
        sx={{ fontVariantNumeric: 'tabular-nums', minWidth: 72 }}
      >
        00:00.0
      </Typography>
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
        onClick={() => void generateScript(api, Math.floor(Math.random() * 2 ** 31))}
      >
        Generate
      </Button>
    </Box>
  );
}
