import { dialog, type BrowserWindow } from 'electron';
import type { MethodResult, ParsedArgs } from '../main/api/contract.js';

export async function openFilesDialog(
  window: BrowserWindow | null,
  args: ParsedArgs<'dialog.openFiles'>,
): Promise<MethodResult<'dialog.openFiles'>> {
  const options: Electron.OpenDialogOptions = {
    title: args.title ?? 'Open',
    properties: args.multiple ? ['openFile', 'multiSelections'] : ['openFile'],
    filters: args.filters ?? [],
  };
  const result = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
  return { paths: result.canceled ? [] : result.filePaths };
}
