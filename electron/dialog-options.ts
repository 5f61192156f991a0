import type { ParsedArgs } from '../main/api/contract.js';

/** The native dialog's options for a contract request: files (one or many) or one folder. */
export function openDialogOptions(args: ParsedArgs<'dialog.openFiles'>): Electron.OpenDialogOptions {
  if (args.directory) return { title: args.title ?? 'Choose a folder', properties: ['openDirectory'] };
  return {
    title: args.title ?? 'Open',
    properties: args.multiple ? ['openFile', 'multiSelections'] : ['openFile'],
    filters: args.filters ?? [],
  };
}
