import { readFileSync } from 'node:fs';

export interface AppMetadata {
  name: string;
  version: string;
}

/** Product name and version from package.json, read once at startup. */
export function readAppMetadata(packageJsonPath: string): AppMetadata {
  const parsed = JSON.parse(readFileSync(packageJsonPath, 'utf8')) as { version?: unknown };
  return {
    name: 'SoundStorm Studio',
    version: typeof parsed.version === 'string' ? parsed.version : '0.0.0',
  };
}
