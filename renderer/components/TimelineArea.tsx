import ViewTimelineIcon from '@mui/icons-material/ViewTimeline';
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import { useJobs } from '../state/jobs.js';
import { useStudio } from '../state/studio.js';
import { ClipBox } from './ClipBox.js';
import { EmptyState } from './EmptyState.js';
import { PanelHeader } from './PanelHeader.js';

/** One lane per speaker; clips appear on their speaker's lane as turns finish rendering. */
export function TimelineArea() {
  const speakers = useStudio((s) => s.speakers);
  const jobs = useJobs((s) => s.jobs);
  return (
    <Box
      component="section"
      aria-label="Timeline"
      sx={{
        display: 'flex',
        flexDirection: 'column',
        flex: 1,
        minHeight: 0,
        borderTop: 1,
        borderColor: 'divider',
      }}
    >
      <PanelHeader title="Timeline" />
      {jobs.length === 0 ? (
        <EmptyState
          testId="timeline-empty"
          icon={<ViewTimelineIcon fontSize="inherit" />}
          title="Nothing rendered yet"
          hint="Give each speaker a voice, write the script, then press Generate. Each turn appears here on its speaker's lane as soon as it is ready."
        />
      ) : (
        <Box sx={{ overflow: 'auto', p: 1 }}>
          {speakers.map((speaker) => (
            <Box
              key={speaker.id}
              sx={{
                display: 'flex',
                alignItems: 'center',
                gap: 1,
                minHeight: 56,
                borderBottom: 1,
                borderColor: 'divider',
              }}
            >
              <Typography variant="caption" sx={{ width: 96, flex: 'none', color: speaker.color }} noWrap>
                {speaker.name}
              </Typography>
              {jobs
                .filter((job) => job.speakerId === speaker.id)
                .map((job) => (
                  <ClipBox key={job.jobId} job={job} color={speaker.color} />
                ))}
            </Box>
          ))}
        </Box>
      )}
    </Box>
  );
}
