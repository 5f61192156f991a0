import FitScreenIcon from '@mui/icons-material/FitScreen';
import GridOnIcon from '@mui/icons-material/GridOn';
import ViewTimelineIcon from '@mui/icons-material/ViewTimeline';
import ZoomInIcon from '@mui/icons-material/ZoomIn';
import ZoomOutIcon from '@mui/icons-material/ZoomOut';
import Box from '@mui/material/Box';
import IconButton from '@mui/material/IconButton';
import ToggleButton from '@mui/material/ToggleButton';
import Tooltip from '@mui/material/Tooltip';
import { useEffect, useRef, useState } from 'react';
import { clipEndTime } from '../../main/project/document/index.js';
import { useAudioVersion } from '../audio/take-audio.js';
import { useStudio } from '../state/studio.js';
import { ClipInspector } from '../timeline/ClipInspector.js';
import { ClipView } from '../timeline/ClipView.js';
import { RenderingGhost } from '../timeline/RenderingGhost.js';
import { LANE_HEADER_PX, clampZoom, fitZoom } from '../timeline/geometry.js';
import { LaneHeader } from '../timeline/LaneHeader.js';
import { Playhead } from '../timeline/Playhead.js';
import { Ruler } from '../timeline/Ruler.js';
import { EmptyState } from './EmptyState.js';
import { PanelHeader } from './PanelHeader.js';

/** One lane per speaker; each rendered turn a clip placed after the previous turn. */
export function TimelineArea() {
  const project = useStudio((s) => s.project);
  const renders = useStudio((s) => s.renders);
  const [pxPerSecond, setZoom] = useState(60);
  const [snap, setSnap] = useState(true);
  const anySolo = project.speakers.some((s) => s.solo);
  const audible = (speaker: { mute: boolean; solo: boolean }) => !speaker.mute && (!anySolo || speaker.solo);
  const scroller = useRef<HTMLDivElement>(null);
  useAudioVersion();
  const end = project.clips.reduce((max, clip) => Math.max(max, clipEndTime(project, clip)), 0);
  const seconds = Math.max(end + 10, 30);
  useEffect(() => {
    const element = scroller.current;
    if (element === null) return;
    const onWheel = (event: WheelEvent) => {
      if (!event.ctrlKey && !event.metaKey) return;
      event.preventDefault();
      setZoom((zoom) => clampZoom(zoom * (event.deltaY < 0 ? 1.2 : 1 / 1.2)));
    };
    element.addEventListener('wheel', onWheel, { passive: false });
    return () => element.removeEventListener('wheel', onWheel);
  }, []);
  const fit = () => setZoom(fitZoom(end, (scroller.current?.clientWidth ?? 800) - LANE_HEADER_PX));
  const edgesExcept = (clipId: string) =>
    project.clips.filter((c) => c.id !== clipId).flatMap((c) => [c.start, clipEndTime(project, c)]);
  return (
    <Box
      component="section"
      aria-label="Timeline"
      sx={{
        display: 'flex',
        flexDirection: 'column',
        flex: 1,
        minHeight: 0,
        borderTop: 1,
        borderColor: 'divider',
      }}
    >
      <PanelHeader
        title="Timeline"
        actions={
          <Box sx={{ display: 'flex', alignItems: 'center' }}>
            <ClipInspector />
            <Tooltip title="Snap to clip edges and a 0.1 s grid">
              <ToggleButton
                value="snap"
                size="small"
                selected={snap}
                onChange={() => setSnap(!snap)}
                aria-label="Snap"
                sx={{ p: 0.25 }}
              >
                <GridOnIcon fontSize="small" />
              </ToggleButton>
            </Tooltip>
            <IconButton size="small" aria-label="Zoom out" onClick={() => setZoom((z) => clampZoom(z / 1.5))}>
              <ZoomOutIcon fontSize="small" />
            </IconButton>
            <IconButton size="small" aria-label="Zoom in" onClick={() => setZoom((z) => clampZoom(z * 1.5))}>
              <ZoomInIcon fontSize="small" />
            </IconButton>
            <IconButton size="small" aria-label="Fit to window" onClick={fit}>
              <FitScreenIcon fontSize="small" />
            </IconButton>
          </Box>
        }
      />
      {project.speakers.length === 0 ? (
        <EmptyState
          testId="timeline-empty"
          icon={<ViewTimelineIcon fontSize="inherit" />}
          title="Nothing on the timeline yet"
          hint="Give each speaker a voice, paste the script, then press Generate. Each turn appears here on its speaker's lane as soon as it is ready."
        />
      ) : (
        <Box ref={scroller} data-testid="timeline" sx={{ overflow: 'auto', flex: 1, position: 'relative' }}>
          <Box sx={{ position: 'relative', minWidth: LANE_HEADER_PX + seconds * pxPerSecond }}>
            <Box
              sx={{
                display: 'flex',
                position: 'sticky',
                top: 0,
                zIndex: 4,
                bgcolor: 'background.default',
                borderBottom: 1,
                borderColor: 'divider',
              }}
            >
              <Box
                sx={{
                  width: LANE_HEADER_PX,
                  flex: 'none',
                  position: 'sticky',
                  left: 0,
                  bgcolor: 'background.default',
                  zIndex: 5,
                }}
              />
              <Ruler project={project} pxPerSecond={pxPerSecond} seconds={seconds} />
            </Box>
            {project.speakers.map((speaker) => (
              <Box
                key={speaker.id}
                data-testid="lane"
                sx={{ display: 'flex', height: 64, borderBottom: 1, borderColor: 'divider' }}
              >
                <LaneHeader speaker={speaker} />
                <Box
                  data-audible={audible(speaker)}
                  // A lane that will not sound (muted, or another lane soloed) is dimmed, as on a desk.
                  sx={{ position: 'relative', flex: 1, opacity: audible(speaker) ? 1 : 0.4 }}
                >
                  {project.clips
                    .filter(
                      (clip) => project.turns.find((t) => t.id === clip.turnId)?.speakerId === speaker.id,
                    )
                    .map((clip) => (
                      <ClipView
                        key={clip.id}
                        project={project}
                        clip={clip}
                        colour={speaker.colour}
                        pxPerSecond={pxPerSecond}
                        edges={snap ? edgesExcept(clip.id) : []}
                        grid={snap ? 0.1 : null}
                      />
                    ))}
                  {project.turns
                    .filter(
                      (t) => t.speakerId === speaker.id && !project.clips.some((c) => c.turnId === t.id),
                    )
                    .flatMap((turn) => {
                      const render = renders[turn.id];
                      return render === undefined
                        ? []
                        : [
                            <RenderingGhost
                              key={turn.id}
                              project={project}
                              turn={turn}
                              render={render}
                              pxPerSecond={pxPerSecond}
                              colour={speaker.colour}
                            />,
                          ];
                    })}
                </Box>
              </Box>
            ))}
            <Playhead pxPerSecond={pxPerSecond} offset={LANE_HEADER_PX} />
          </Box>
        </Box>
      )}
    </Box>
  );
}
