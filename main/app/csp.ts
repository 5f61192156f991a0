/**
 * The renderer's Content-Security-Policy, for both hosts: scripts only from the app itself, inline
 * styles for MUI/emotion, blob: for audio and Tone.js worklets, and `connect` limited to `connect`.
 * (renderer/index.html carries the same policy as a meta tag for the first paint.)
 */
export function contentSecurityPolicy(connect: string[]): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "media-src 'self' blob:",
    "font-src 'self' data:",
    `connect-src ${["'self'", ...connect].join(' ')}`,
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
