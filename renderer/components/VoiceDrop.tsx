import UploadFileIcon from '@mui/icons-material/UploadFile';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import LinearProgress from '@mui/material/LinearProgress';
import Typography from '@mui/material/Typography';
import { useRef, useState, type DragEvent, type ReactNode } from 'react';
import { VOICE_FILE_ACCEPT } from '../state/voice-actions.js';

interface VoiceDropProps {
  busy: boolean;
  onFile: (file: File) => void;
  children?: ReactNode;
}

/** Drop target and file picker for a voice sample; the same path in Electron and web mode. */
export function VoiceDrop({ busy, onFile, children }: VoiceDropProps) {
  const input = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    // The turn around a turn's own drop target takes drops too; one import is enough.
    event.stopPropagation();
    setOver(false);
    const file = event.dataTransfer.files[0];
    if (file) onFile(file);
  };
  return (
    <Box
      data-testid="voice-drop"
      onDragOver={(event) => {
        event.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
      sx={{
        border: 1,
        borderStyle: 'dashed',
        borderColor: over ? 'primary.main' : 'divider',
        borderRadius: 1,
        p: 1,
      }}
    >
      {children ?? (
        <Typography variant="caption" color="text.secondary" component="p">
          Drop a voice sample here (WAV, MP3, FLAC or OGG, 3 to 30 s)
        </Typography>
      )}
      {busy ? (
        <LinearProgress sx={{ mt: 1 }} />
      ) : (
        <Button size="small" startIcon={<UploadFileIcon />} onClick={() => input.current?.click()}>
          Choose file…
        </Button>
      )}
      <input
        ref={input}
        type="file"
        accept={VOICE_FILE_ACCEPT}
        hidden
        onChange={(event) => {
          const file = event.target.files?.[0];
          if (file) onFile(file);
          event.target.value = '';
        }}
      />
    </Box>
  );
}
