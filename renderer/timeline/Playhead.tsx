import Box from '@mui/material/Box';
import { useSyncExternalStore } from 'react';
import { player } from '../audio/player.js';

/** The playhead line; its position comes from the player by subscription, not React state. */
export function Playhead({ pxPerSecond, offset }: { pxPerSecond: number; offset: number }) {
  const position = useSyncExternalStore(player.subscribe, player.position);
  return (
    <Box
      data-testid="playhead"
      sx={{
        position: 'absolute',
        top: 0,
        bottom: 0,
        left: offset + position * pxPerSecond,
        width: 2,
        bgcolor: 'error.main',
        zIndex: 3,
        pointerEvents: 'none',
      }}
    />
  );
}
