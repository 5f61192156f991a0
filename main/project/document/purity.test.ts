/**
 * The document and the script parser must run in the renderer too (no Node): their files may
 * import only each other, the contract (main/api), unit types and zod.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(fileURLToPath(new URL('../../..', import.meta.url)));
const pureFolders = ['main/project/document', 'main/script'];
const allowed = [/^zod$/, /^\.\.?\//];

function sources(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

describe('document and script modules are free of Node', () => {
  const files = pureFolders.flatMap((f) => sources(join(root, f)));

  it.each(files.map((f) => [relative(root, f), f]))('%s', (_name, file) => {
    const text = readFileSync(file, 'utf8');
    for (const [, spec] of text.matchAll(/(?:import|export)[^'"]*from\s+'([^']+)'/g)) {
      expect(
        allowed.some((re) => re.test(spec as string)),
        `${spec}`,
      ).toBe(true);
      if ((spec as string).startsWith('.')) {
        const target = relative(root, resolve(file, '..', spec as string));
        const ok = [...pureFolders, 'main/api', 'main/engine/units.js'].some(
          (p) => target === p || target.startsWith(`${p}/`),
        );
        expect(ok, `${relative(root, file)} imports ${target}`).toBe(true);
      }
    }
  });
});
