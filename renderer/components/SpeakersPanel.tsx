import PersonAddAlt1Icon from '@mui/icons-material/PersonAddAlt1';
import RecordVoiceOverIcon from '@mui/icons-material/RecordVoiceOver';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import IconButton from '@mui/material/IconButton';
import Tooltip from '@mui/material/Tooltip';
import { addSpeaker } from '../../main/project/document/index.js';
import { freshSpeakerName } from '../state/names.js';
import { useApi } from '../api/ApiContext.js';
import { openDemo } from '../state/project-actions.js';
import { useStudio } from '../state/studio.js';
import { EmptyState } from './EmptyState.js';
import { PanelHeader } from './PanelHeader.js';
import { SpeakerCard } from './SpeakerCard.js';

export function SpeakersPanel() {
  const speakers = useStudio((s) => s.project.speakers);
  const api = useApi();
  const edit = useStudio((s) => s.edit);
  const add = () => edit((p) => addSpeaker(p, { name: freshSpeakerName(p) }));
  return (
    <Box
      component="section"
      aria-label="Speakers"
      sx={{ display: 'flex', flexDirection: 'column', minHeight: 0, height: '100%' }}
    >
      <PanelHeader
        title="Speakers"
        actions={
          <Tooltip title="Add speaker" placement="left" disableInteractive>
            <IconButton size="small" aria-label="Add speaker" onClick={add}>
              <PersonAddAlt1Icon fontSize="small" />
            </IconButton>
          </Tooltip>
        }
      />
      {speakers.length === 0 ? (
        <EmptyState
          testId="speakers-empty"
          icon={<RecordVoiceOverIcon fontSize="inherit" />}
          title="No speakers yet"
          hint="Paste a script (new names become speakers) or add a speaker for each voice, then drop a 3 to 30 second voice sample on it. Or start from the demo: two voices and a short dialogue."
          action={
            <Box sx={{ display: 'flex', gap: 1 }}>
              <Button variant="outlined" size="small" startIcon={<PersonAddAlt1Icon />} onClick={add}>
                Add speaker
              </Button>
              <Button size="small" onClick={() => void openDemo(api)}>
                Open the demo
              </Button>
            </Box>
          }
        />
      ) : (
        <Box sx={{ overflow: 'auto', p: 1, display: 'flex', flexDirection: 'column', gap: 1 }}>
          {speakers.map((speaker) => (
            <SpeakerCard key={speaker.id} speaker={speaker} />
          ))}
        </Box>
      )}
    </Box>
  );
}
