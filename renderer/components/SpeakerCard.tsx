import DeleteOutlineIcon from '@mui/icons-material/DeleteOutline';
import Box from '@mui/material/Box';
import IconButton from '@mui/material/IconButton';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import {
  removeSpeaker,
  renameSpeaker,
  setSpeakerMix,
  type Speaker,
} from '../../main/project/document/index.js';
import { useApi } from '../api/ApiContext.js';
import { useStudio } from '../state/studio.js';
import { importVoiceFile } from '../state/voice-actions.js';
import { CommitTextField } from './CommitTextField.js';
import { VoiceDrop } from './VoiceDrop.js';
import { VoicePreviewButton } from './VoicePreviewButton.js';
import { Waveform } from './Waveform.js';

export function SpeakerCard({ speaker }: { speaker: Speaker }) {
  const api = useApi();
  const busy = useStudio((s) => s.preparing.includes(speaker.id));
  const edit = useStudio((s) => s.edit);
  const prompt = useStudio((s) => (speaker.voice ? s.prompts[speaker.voice.file] : undefined));
  const { voice } = speaker;
  const duration = prompt?.duration ?? voice?.duration;
  return (
    <Paper
      variant="outlined"
      sx={{ p: 1, borderLeft: 4, borderLeftColor: speaker.colour }}
      data-testid="speaker-card"
    >
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, mb: 1 }}>
        <Box
          component="input"
          type="color"
          value={speaker.colour}
          aria-label={`Colour of ${speaker.name}`}
          onChange={(event) => edit((p) => setSpeakerMix(p, speaker.id, { colour: event.target.value }))}
          sx={{ width: 22, height: 22, p: 0, border: 0, bgcolor: 'transparent', cursor: 'pointer' }}
        />
        <CommitTextField
          value={speaker.name}
          label="Speaker name"
          onCommit={(name) => edit((p) => renameSpeaker(p, speaker.id, name))}
        />
        <IconButton
          size="small"
          aria-label={`Remove ${speaker.name}`}
          onClick={() => edit((p) => removeSpeaker(p, speaker.id))}
        >
          <DeleteOutlineIcon fontSize="small" />
        </IconButton>
      </Box>
      <VoiceDrop
        busy={busy}
        onFile={(file) => void importVoiceFile(api, { kind: 'speaker', id: speaker.id }, file)}
      >
        {voice && (
          <>
            {prompt && <Waveform peaks={prompt.peaks} color={speaker.colour} />}
            <Box sx={{ display: 'flex', alignItems: 'center', gap: 0.5 }}>
              <VoicePreviewButton file={voice.file} label={voice.name} />
              <Typography variant="caption" color="text.secondary" noWrap>
                {voice.name}
                {duration === undefined ? '' : ` · ${duration.toFixed(1)} s`}
              </Typography>
            </Box>
          </>
        )}
      </VoiceDrop>
    </Paper>
  );
}
