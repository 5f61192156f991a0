import { describe, expect, it } from 'vitest';
import { openFilesArgsSchema } from '../../../main/api/schemas.js';
import { openDialogOptions } from '../../../electron/dialog-options.js';

describe('native open dialog options', () => {
  it('asks for one folder when the renderer browses for a project or a pack', () => {
    const args = openFilesArgsSchema.parse({ title: 'Open a project folder', directory: true });
    expect(openDialogOptions(args)).toEqual({
      title: 'Open a project folder',
      properties: ['openDirectory'],
    });
  });

  it('asks for files with their filters, several when allowed', () => {
    const args = openFilesArgsSchema.parse({
      filters: [{ name: 'Audio', extensions: ['wav', 'flac'] }],
      multiple: true,
    });
    expect(openDialogOptions(args)).toEqual({
      title: 'Open',
      properties: ['openFile', 'multiSelections'],
      filters: [{ name: 'Audio', extensions: ['wav', 'flac'] }],
    });
    expect(openDialogOptions(openFilesArgsSchema.parse({})).properties).toEqual(['openFile']);
  });
});
