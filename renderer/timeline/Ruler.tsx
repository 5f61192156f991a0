import Box from '@mui/material/Box';
import { useRef, useState, type PointerEvent } from 'react';
import { setLoop, type Project } from '../../main/project/document/index.js';
import { player } from '../audio/player.js';
import { useStudio } from '../state/studio.js';
import { formatTime, rulerStep } from './geometry.js';

interface RulerProps {
  project: Project;
  pxPerSecond: number;
  seconds: number;
}

/** Time ruler: click to move the playhead, drag to draw the loop region (shown in it). */
export function Ruler({ project, pxPerSecond, seconds }: RulerProps) {
  const edit = useStudio((s) => s.edit);
  const anchor = useRef<number | null>(null);
  const [draft, setDraft] = useState<{ start: number; end: number } | null>(null);
  const step = rulerStep(pxPerSecond);
  const ticks = Array.from({ length: Math.ceil(seconds / step) + 1 }, (_, i) => i * step);
  const timeAt = (event: PointerEvent<HTMLElement>) =>
    Math.max(0, (event.clientX - event.currentTarget.getBoundingClientRect().left) / pxPerSecond);
  const loop = draft ?? project.loop;
  return (
    <Box
      data-testid="ruler"
      onPointerDown={(event) => {
        event.currentTarget.setPointerCapture(event.pointerId);
        anchor.current = timeAt(event);
      }}
      onPointerMove={(event) => {
        if (anchor.current === null) return;
        const at = timeAt(event);
        if (Math.abs(at - anchor.current) * pxPerSecond > 4)
          setDraft({ start: Math.min(anchor.current, at), end: Math.max(anchor.current, at) });
      }}
      onPointerUp={(event) => {
        const from = anchor.current;
        anchor.current = null;
        if (draft !== null) edit((p) => setLoop(p, { ...draft, enabled: true }));
        else if (from !== null) player.seek(timeAt(event));
        setDraft(null);
      }}
      sx={{
        position: 'relative',
        height: 24,
        width: seconds * pxPerSecond,
        cursor: 'pointer',
        userSelect: 'none',
      }}
    >
      {loop !== null && (
        <Box
          data-testid="loop-region"
          sx={{
            position: 'absolute',
            top: 0,
            bottom: 0,
            left: loop.start * pxPerSecond,
            width: (loop.end - loop.start) * pxPerSecond,
            bgcolor: 'enabled' in loop && !loop.enabled ? 'action.hover' : 'rgba(79,195,247,0.3)',
          }}
        />
      )}
      {ticks.map((t) => (
        <Box
          key={t}
          sx={{
            position: 'absolute',
            left: t * pxPerSecond,
            top: 0,
            bottom: 0,
            borderLeft: 1,
            borderColor: 'divider',
            pl: 0.5,
            fontSize: 10,
            color: 'text.secondary',
          }}
        >
          {formatTime(t)}
        </Box>
      ))}
    </Box>
  );
}
