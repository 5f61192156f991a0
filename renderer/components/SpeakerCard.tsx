import DeleteOutlineIcon from '@mui/icons-material/DeleteOutline';
import Box from '@mui/material/Box';
import IconButton from '@mui/material/IconButton';
import Paper from '@mui/material/Paper';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useApi } from '../api/ApiContext.js';
import { useStudio } from '../state/studio.js';
import type { Speaker } from '../state/types.js';
import { prepareVoiceFromFile } from '../state/voice-actions.js';
import { clearVoicePreview } from '../state/voice-previews.js';
import { VoiceDrop } from './VoiceDrop.js';
import { VoicePreviewButton } from './VoicePreviewButton.js';
import { Waveform } from './Waveform.js';

export function SpeakerCard({ speaker }: { speaker: Speaker }) {
  const api = useApi();
  const busy = useStudio((s) => s.preparing.includes(speaker.id));
  const rename = useStudio((s) => s.renameSpeaker);
  const remove = useStudio((s) => s.removeSpeaker);
  const { voice } = speaker;
  return (
    <Paper
      variant="outlined"
      sx={{ p: 1, borderLeft: 4, borderLeftColor: speaker.color }}
      data-testid="speaker-card"
    >
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, mb: 1 }}>
        <TextField
          variant="standard"
          size="small"
          value={speaker.name}
          onChange={(event) => rename(speaker.id, event.target.value)}
          slotProps={{ htmlInput: { 'aria-label': 'Speaker name' } }}
          sx={{ flex: 1 }}
        />
        <IconButton
          size="small"
          aria-label={`Remove ${speaker.name}`}
          onClick={() => {
            clearVoicePreview(speaker.id);
            remove(speaker.id);
          }}
        >
          <DeleteOutlineIcon fontSize="small" />
        </IconButton>
      </Box>
      <VoiceDrop busy={busy} onFile={(file) => void prepareVoiceFromFile(api, speaker.id, file)}>
        {voice && (
          <>
            <Waveform peaks={voice.peaks} color={speaker.color} />
            <Box sx={{ display: 'flex', alignItems: 'center', gap: 0.5 }}>
              <VoicePreviewButton speakerId={speaker.id} label={voice.label} />
              <Typography variant="caption" color="text.secondary" noWrap>
                {voice.label} · {voice.duration.toFixed(1)} s
              </Typography>
            </Box>
          </>
        )}
      </VoiceDrop>
    </Paper>
  );
}
