import Box from '@mui/material/Box';
import MenuItem from '@mui/material/MenuItem';
import Select from '@mui/material/Select';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import { useRef, useState } from 'react';
import {
  chooseTake,
  moveClip,
  takesOfTurn,
  trimClip,
  type Clip,
  type Project,
} from '../../main/project/document/index.js';
import { audioOf, PEAKS_PER_SECOND } from '../audio/take-audio.js';
import { useStudio } from '../state/studio.js';
import { Waveform } from '../components/Waveform.js';
import { snapTime } from './geometry.js';
import { SpanOverlay } from './SpanOverlay.js';
import { useDrag } from './useDrag.js';

interface ClipViewProps {
  project: Project;
  clip: Clip;
  colour: string;
  pxPerSecond: number;
  /** Edges of the other clips, for snapping. */
  edges: number[];
  grid: number | null;
}

type Shape = Pick<Clip, 'start' | 'trimIn' | 'trimOut'>;

/** A turn's chosen take on its lane: waveform, move by dragging, trim by its edges, take switcher. */
export function ClipView({ project, clip, colour, pxPerSecond, edges, grid }: ClipViewProps) {
  const edit = useStudio((s) => s.edit);
  const folder = useStudio((s) => s.folder);
  const selected = useStudio((s) => s.selectedClipId === clip.id);
  const selectClip = useStudio((s) => s.selectClip);
  const [draft, setDraft] = useState<Shape | null>(null);
  const take = project.takes.find((t) => t.id === clip.takeId);
  const turn = project.turns.find((t) => t.id === clip.turnId);
  const shape = draft ?? clip;
  const duration = take?.duration ?? 0;
  const seconds = (dx: number) => dx / pxPerSecond;
  const moved = (dx: number): Shape => ({
    ...clip,
    start: snapTime(clip.start + seconds(dx), edges, pxPerSecond, grid),
  });
  const trimmedIn = (dx: number): Shape => {
    const trimIn = Math.min(Math.max(0, clip.trimIn + seconds(dx)), duration - clip.trimOut - 0.05);
    return { ...clip, trimIn, start: Math.max(0, clip.start + trimIn - clip.trimIn) };
  };
  const trimmedOut = (dx: number): Shape => ({
    ...clip,
    trimOut: Math.min(Math.max(0, clip.trimOut - seconds(dx)), duration - clip.trimIn - 0.05),
  });
  const setSpan = useStudio((s) => s.setSpan);
  /** Shift+drag selects a span (anchored at this take time); a plain drag moves the clip. */
  const spanAnchor = useRef<number | null>(null);
  const spanTo = (dx: number) => {
    const anchor = spanAnchor.current ?? 0;
    const to = Math.min(duration - clip.trimOut, Math.max(clip.trimIn, anchor + seconds(dx)));
    return { clipId: clip.id, start: Math.min(anchor, to), end: Math.max(anchor, to) };
  };
  const body = useDrag({
    onStart: (event) => {
      const left = event.currentTarget.getBoundingClientRect().left;
      spanAnchor.current = event.shiftKey ? clip.trimIn + (event.clientX - left) / pxPerSecond : null;
    },
    onMove: (dx) => (spanAnchor.current === null ? setDraft(moved(dx)) : setSpan(spanTo(dx))),
    onEnd: (dx) => {
      if (spanAnchor.current !== null) {
        const span = spanTo(dx);
        setSpan(span.end - span.start > 0.05 ? span : null);
        return;
      }
      setDraft(null);
      edit((p) => moveClip(p, clip.id, moved(dx).start));
    },
    onClick: () => {
      selectClip(clip.id);
      setSpan(null);
    },
  });
  const head = useDrag({
    onMove: (dx) => setDraft(trimmedIn(dx)),
    onEnd: (dx) => {
      setDraft(null);
      edit((p) => trimClip(p, clip.id, { trimIn: trimmedIn(dx).trimIn }));
    },
  });
  const tail = useDrag({
    onMove: (dx) => setDraft(trimmedOut(dx)),
    onEnd: (dx) => {
      setDraft(null);
      edit((p) => trimClip(p, clip.id, { trimOut: trimmedOut(dx).trimOut }));
    },
  });
  if (take === undefined || turn === undefined) return null;
  const length = Math.max(0.02, duration - shape.trimIn - shape.trimOut);
  const audio = folder === null ? undefined : audioOf(folder, take.audio);
  const peaks = audio?.peaks.slice(
    Math.floor(shape.trimIn * PEAKS_PER_SECOND),
    Math.ceil((duration - shape.trimOut) * PEAKS_PER_SECOND),
  );
  const takes = takesOfTurn(project, turn.id);
  const stale = turn.state === 'stale';
  return (
    <Box
      data-testid="clip"
      data-start={clip.start.toFixed(3)}
      data-stale={stale}
      {...body}
      sx={{
        position: 'absolute',
        top: 4,
        bottom: 4,
        left: shape.start * pxPerSecond,
        width: length * pxPerSecond,
        borderRadius: 1,
        border: selected ? 2 : 1,
        borderColor: stale ? 'warning.main' : colour,
        borderStyle: stale ? 'dashed' : 'solid',
        bgcolor: `${colour}26`,
        overflow: 'hidden',
        cursor: 'grab',
        touchAction: 'none',
        userSelect: 'none',
      }}
    >
      <Box sx={{ position: 'absolute', inset: '16px 0 0 0', opacity: 0.9 }}>
        {peaks && <Waveform peaks={peaks} color={colour} height={36} label="Clip waveform" />}
      </Box>
      <Box
        sx={{
          position: 'absolute',
          top: 0,
          left: 4,
          right: 4,
          display: 'flex',
          gap: 0.5,
          alignItems: 'center',
        }}
      >
        <Tooltip title={turn.text}>
          <Typography variant="caption" noWrap sx={{ flex: 1, fontSize: 11 }}>
            {stale ? '⚠ ' : ''}
            {turn.text}
          </Typography>
        </Tooltip>
        {takes.length > 1 && (
          <Select
            variant="standard"
            value={take.id}
            onPointerDown={(e) => e.stopPropagation()}
            onChange={(event) => edit((p) => chooseTake(p, event.target.value))}
            inputProps={{ 'aria-label': 'Take' }}
            sx={{ fontSize: 11, '& .MuiSelect-select': { py: 0 } }}
          >
            {takes.map((t, i) => (
              <MenuItem key={t.id} value={t.id}>
                Take {i + 1}
              </MenuItem>
            ))}
          </Select>
        )}
      </Box>
      <SpanOverlay clipId={clip.id} trimIn={shape.trimIn} pxPerSecond={pxPerSecond} />
      <Box
        aria-label="Trim start"
        {...head}
        sx={{ position: 'absolute', left: 0, top: 0, bottom: 0, width: 6, cursor: 'ew-resize' }}
      />
      <Box
        aria-label="Trim end"
        {...tail}
        sx={{ position: 'absolute', right: 0, top: 0, bottom: 0, width: 6, cursor: 'ew-resize' }}
      />
    </Box>
  );
}
