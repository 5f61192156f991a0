import { dialog, type BrowserWindow } from 'electron';
import type { MethodResult, ParsedArgs } from '../main/api/contract.js';
import { openDialogOptions } from './dialog-options.js';

export async function openFilesDialog(
  window: BrowserWindow | null,
  args: ParsedArgs<'dialog.openFiles'>,
): Promise<MethodResult<'dialog.openFiles'>> {
  const options = openDialogOptions(args);
  const result = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
  return { paths: result.canceled ? [] : result.filePaths };
}
