import LinearProgress from '@mui/material/LinearProgress';
import { useEffect, useState } from 'react';
import { player } from '../audio/player.js';

/** Master level meter (-60..0 dBFS), polled from the player while the transport runs. */
export function MasterMeter() {
  const [level, setLevel] = useState(-Infinity);
  useEffect(() => {
    const timer = setInterval(() => setLevel(player.playing() ? player.level() : -Infinity), 80);
    return () => clearInterval(timer);
  }, []);
  const fraction = Number.isFinite(level) ? Math.min(1, Math.max(0, (level + 60) / 60)) : 0;
  return (
    <LinearProgress
      aria-label="Master level"
      variant="determinate"
      value={fraction * 100}
      color={level > -1 ? 'error' : level > -6 ? 'warning' : 'success'}
      sx={{ width: 120, height: 8, borderRadius: 1, bgcolor: 'action.hover' }}
    />
  );
}
