/**
 * The voice samples the user picked, kept as blob URLs outside React state (they are large and
 * not part of the document), so a speaker card can play its sample back.
 */
const previews = new Map<string, string>();

export function setVoicePreview(speakerId: string, file: Blob): void {
  clearVoicePreview(speakerId);
  previews.set(speakerId, URL.createObjectURL(file));
}

export function voicePreviewUrl(speakerId: string): string | undefined {
  return previews.get(speakerId);
}

export function clearVoicePreview(speakerId: string): void {
  const url = previews.get(speakerId);
  if (url !== undefined) URL.revokeObjectURL(url);
  previews.delete(speakerId);
}
