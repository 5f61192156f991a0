import Box from '@mui/material/Box';
import LinearProgress from '@mui/material/LinearProgress';
import Typography from '@mui/material/Typography';
import { defaultStart, type Project, type Turn } from '../../main/project/document/index.js';
import type { TurnRender } from '../state/types.js';

/** Where a turn without a clip will land, with its render progress, while it renders. */
export function RenderingGhost({
  project,
  turn,
  render,
  pxPerSecond,
  colour,
}: {
  project: Project;
  turn: Turn;
  render: TurnRender;
  pxPerSecond: number;
  colour: string;
}) {
  return (
    <Box
      data-testid="clip-rendering"
      sx={{
        position: 'absolute',
        top: 4,
        bottom: 4,
        left: defaultStart(project, turn.id) * pxPerSecond,
        width: Math.max(80, turn.text.length * 0.07 * pxPerSecond),
        border: 1,
        borderStyle: 'dotted',
        borderColor: colour,
        borderRadius: 1,
        px: 0.5,
        display: 'flex',
        flexDirection: 'column',
        justifyContent: 'center',
        gap: 0.5,
        opacity: 0.8,
      }}
    >
      <Typography variant="caption" noWrap sx={{ fontSize: 11 }}>
        {turn.text}
      </Typography>
      <LinearProgress variant="determinate" value={render.fraction * 100} />
    </Box>
  );
}
