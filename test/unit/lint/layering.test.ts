import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/** The layering rule must keep failing on violations (checked on source text; no files written). */
const eslint = new ESLint();

async function ruleIds(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((message) => message.ruleId ?? message.message);
}

describe('layering lint', () => {
  it('stops the renderer reaching past the contract or into Node', async () => {
    const ids = await ruleIds(
      'renderer/violation.ts',
      "import { loadEngine } from '../main/bridge/load-engine.js';\nimport { readFileSync } from 'node:fs';\nexport const x = [loadEngine, readFileSync];\n",
    );
    expect(ids).toEqual(['import/no-restricted-paths', 'no-restricted-imports']);
  });

  it('stops main/ importing electron or the renderer', async () => {
    const ids = await ruleIds(
      'main/bridge/violation.ts',
      "import { app } from 'electron';\nimport { App } from '../../renderer/App.js';\nexport const x = [app, App];\n",
    );
    expect(ids.sort()).toEqual(['import/no-restricted-paths', 'no-restricted-imports']);
  });

  it('lets the renderer use the pure script and document modules, not the Node side of main/project', async () => {
    expect(
      await ruleIds(
        'renderer/allowed.ts',
        "import { parseScriptText } from '../main/script/index.js';\nimport { addTurn } from '../main/project/document/index.js';\nexport const x = [parseScriptText, addTurn];\n",
      ),
    ).toEqual([]);
    expect(
      await ruleIds(
        'renderer/violation.ts',
        "import { openProject } from '../main/project/save-load.js';\nexport const x = openProject;\n",
      ),
    ).toEqual(['import/no-restricted-paths']);
  });

  it('keeps the contract free of other main/ modules and allows renderer -> main/api', async () => {
    expect(
      await ruleIds(
        'main/api/violation.ts',
        "import { loadEngine } from '../bridge/load-engine.js';\nexport const x = loadEngine;\n",
      ),
    ).toEqual(['import/no-restricted-paths']);
    expect(
      await ruleIds(
        'renderer/allowed.ts',
        "import { methods } from '../main/api/contract.js';\nexport const x = methods;\n",
      ),
    ).toEqual([]);
  });
});
