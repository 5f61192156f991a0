import PlayArrowIcon from '@mui/icons-material/PlayArrow';
import StopIcon from '@mui/icons-material/Stop';
import IconButton from '@mui/material/IconButton';
import { useEffect, useRef, useState } from 'react';
import { voicePreviewUrl } from '../state/voice-previews.js';

/** Plays the speaker's own voice sample (not generated audio) through a plain audio element. */
export function VoicePreviewButton({ speakerId, label }: { speakerId: string; label: string }) {
  const audio = useRef<HTMLAudioElement | null>(null);
  const [playing, setPlaying] = useState(false);
  useEffect(() => () => audio.current?.pause(), []);
  const url = voicePreviewUrl(speakerId);
  if (url === undefined) return null;
  const toggle = () => {
    if (playing && audio.current) {
      audio.current.pause();
      setPlaying(false);
      return;
    }
    const element = new Audio(url);
    element.onended = () => setPlaying(false);
    audio.current = element;
    setPlaying(true);
    void element.play().catch(() => setPlaying(false));
  };
  return (
    <IconButton size="small" aria-label={`${playing ? 'Stop' : 'Play'} ${label}`} onClick={toggle}>
      {playing ? <StopIcon fontSize="small" /> : <PlayArrowIcon fontSize="small" />}
    </IconButton>
  );
}
