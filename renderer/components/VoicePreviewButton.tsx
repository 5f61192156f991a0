import PlayArrowIcon from '@mui/icons-material/PlayArrow';
import StopIcon from '@mui/icons-material/Stop';
import IconButton from '@mui/material/IconButton';
import { useEffect, useState } from 'react';
import { useApi } from '../api/ApiContext.js';
import { playPreview, stopPreview } from '../audio/preview.js';
import { loadAudio } from '../audio/take-audio.js';
import { useStudio } from '../state/studio.js';

/** Plays a voice sample from the project folder (fetched once, then kept). */
export function VoicePreviewButton({ file, label }: { file: string; label: string }) {
  const api = useApi();
  const folder = useStudio((s) => s.folder);
  const notify = useStudio((s) => s.notify);
  const [playing, setPlaying] = useState(false);
  useEffect(() => () => stopPreview(), []);
  const toggle = async () => {
    if (playing) {
      stopPreview();
      setPlaying(false);
      return;
    }
    if (folder === null) return;
    try {
      const audio = await loadAudio(api, folder, file);
      setPlaying(true);
      playPreview(audio, () => setPlaying(false));
    } catch (error) {
      notify({ severity: 'error', text: error instanceof Error ? error.message : String(error) });
    }
  };
  return (
    <IconButton
      size="small"
      aria-label={`${playing ? 'Stop' : 'Play'} ${label}`}
      onClick={() => void toggle()}
    >
      {playing ? <StopIcon fontSize="small" /> : <PlayArrowIcon fontSize="small" />}
    </IconButton>
  );
}
