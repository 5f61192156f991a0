import Box from '@mui/material/Box';

/** Peaks (0..1 per bucket) drawn as mirrored bars in an SVG that stretches to its box. */
export function Waveform({ peaks, color, height = 40 }: { peaks: number[]; color: string; height?: number }) {
  const width = Math.max(peaks.length, 1);
  return (
    <Box sx={{ height, width: '100%' }}>
      <svg
        viewBox={`0 0 ${width} 2`}
        preserveAspectRatio="none"
        width="100%"
        height="100%"
        role="img"
        aria-label="Voice waveform"
      >
        {peaks.map((peak, index) => (
          <rect
            key={index}
            x={index}
            y={1 - peak}
            width={0.8}
            height={Math.max(peak * 2, 0.02)}
            fill={color}
          />
        ))}
      </svg>
    </Box>
  );
}
