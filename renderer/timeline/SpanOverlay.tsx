import AutorenewIcon from '@mui/icons-material/Autorenew';
import Box from '@mui/material/Box';
import IconButton from '@mui/material/IconButton';
import Tooltip from '@mui/material/Tooltip';
import { useApi } from '../api/ApiContext.js';
import { regenerateSpan } from '../state/span-actions.js';
import { useStudio } from '../state/studio.js';

/** The span selected inside a clip (Shift+drag) with its Regenerate-span button. */
export function SpanOverlay({
  clipId,
  trimIn,
  pxPerSecond,
}: {
  clipId: string;
  trimIn: number;
  pxPerSecond: number;
}) {
  const api = useApi();
  const span = useStudio((s) => (s.span?.clipId === clipId ? s.span : null));
  if (span === null) return null;
  return (
    <Box
      data-testid="span-selection"
      sx={{
        position: 'absolute',
        top: 0,
        bottom: 0,
        left: (span.start - trimIn) * pxPerSecond,
        width: (span.end - span.start) * pxPerSecond,
        bgcolor: 'rgba(255,255,255,0.18)',
        borderLeft: 1,
        borderRight: 1,
        borderColor: 'common.white',
        zIndex: 1,
      }}
    >
      <Tooltip title="Regenerate this span (the audio around it stays)">
        <IconButton
          size="small"
          aria-label="Regenerate span"
          onPointerDown={(event) => event.stopPropagation()}
          onClick={() => void regenerateSpan(api)}
          sx={{ position: 'absolute', right: 0, bottom: 0, p: 0.25, bgcolor: 'background.paper' }}
        >
          <AutorenewIcon sx={{ fontSize: 14 }} />
        </IconButton>
      </Tooltip>
    </Box>
  );
}
