/** Lane colours, picked in order and readable on the dark theme. */
export const SPEAKER_COLORS = ['#4fc3f7', '#ffb74d', '#aed581', '#f06292', '#ba68c8', '#4db6ac'];

export function colorForIndex(index: number): string {
  return SPEAKER_COLORS[index % SPEAKER_COLORS.length] ?? '#90a4ae';
}
