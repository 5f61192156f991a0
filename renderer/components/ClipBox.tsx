import Box from '@mui/material/Box';
import LinearProgress from '@mui/material/LinearProgress';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import type { TurnJob } from '../state/jobs.js';

/** One turn on its lane: progress while rendering, its length once done, the error if it failed. */
export function ClipBox({ job, color }: { job: TurnJob; color: string }) {
  const width = job.duration !== null ? Math.max(job.duration * 40, 60) : 160;
  const status =
    job.state === 'failed'
      ? (job.error ?? 'Failed')
      : job.state === 'done'
        ? `${job.duration?.toFixed(1)} s`
        : 'Rendering…';
  return (
    <Tooltip title={`${job.text} — ${status}`}>
      <Box
        data-testid="clip"
        sx={{
          flex: 'none',
          width,
          height: 44,
          px: 1,
          borderRadius: 1,
          border: 1,
          borderColor: job.state === 'failed' ? 'error.main' : color,
          bgcolor: job.state === 'done' ? `${color}33` : 'transparent',
          display: 'flex',
          flexDirection: 'column',
          justifyContent: 'center',
          overflow: 'hidden',
        }}
      >
        <Typography variant="caption" noWrap>
          {job.text}
        </Typography>
        {job.state === 'running' && <LinearProgress variant="determinate" value={job.fraction * 100} />}
        {job.state !== 'running' && (
          <Typography variant="caption" color={job.state === 'failed' ? 'error' : 'text.secondary'} noWrap>
            {status}
          </Typography>
        )}
      </Box>
    </Tooltip>
  );
}
