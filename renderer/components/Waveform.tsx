import Box from '@mui/material/Box';

interface WaveformProps {
  peaks: number[];
  color: string;
  height?: number;
  label?: string;
}

/** Peaks (0..1 per bucket) drawn as one mirrored path in an SVG that stretches to its box. */
export function Waveform({ peaks, color, height = 40, label = 'Voice waveform' }: WaveformProps) {
  const width = Math.max(peaks.length, 1);
  const top = peaks.map((peak, i) => `${i},${1 - Math.max(peak, 0.01)}`).join(' ');
  const bottom = peaks
    .map((peak, i) => `${i},${1 + Math.max(peak, 0.01)}`)
    .reverse()
    .join(' ');
  return (
    <Box sx={{ height, width: '100%' }}>
      <svg
        viewBox={`0 0 ${width} 2`}
        preserveAspectRatio="none"
        width="100%"
        height="100%"
        role="img"
        aria-label={label}
      >
        <polygon points={`${top} ${bottom}`} fill={color} />
      </svg>
    </Box>
  );
}
