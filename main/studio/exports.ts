/**
 * Exports run by the workstation: the project's timeline mixed, normalised and encoded into its
 * exports/ folder, with progress events and cancel by id. The same exporter serves the CLI.
 */
import { join } from 'node:path';
import type { MethodResult, ParsedArgs } from '../api/contract.js';
import { ApiError, ErrorCodes } from '../api/errors.js';
import { exportMix } from '../audio/export/index.js';
import { isAbortError } from '../engine/errors.js';
import { projectExportInput } from '../project/index.js';
import type { StudioEmitter } from './emitter.js';

export const EXPORTS_DIR = 'exports';

export class ProjectExports {
  private readonly running = new Map<string, AbortController>();

  constructor(private readonly events: StudioEmitter) {}

  async run(args: ParsedArgs<'export.run'>): Promise<MethodResult<'export.run'>> {
    if (this.running.has(args.exportId))
      throw new ApiError(ErrorCodes.BadRequest, `Export "${args.exportId}" is already running.`);
    const controller = new AbortController();
    this.running.set(args.exportId, controller);
    try {
      const input = await projectExportInput(args.folder, args.project);
      const format = args.options.format ?? 'wav';
      const result = await exportMix(input, {
        ...args.options,
        format,
        path: join(args.folder, EXPORTS_DIR, `${args.name}.${format}`),
        signal: controller.signal,
        onProgress: ({ stage, fraction }) =>
          this.events.emit('export.progress', { exportId: args.exportId, stage, fraction }),
      });
      return { ...result, files: result.files.map((file) => ({ ...file })) };
    } catch (error) {
      if (isAbortError(error) || controller.signal.aborted)
        throw new ApiError(ErrorCodes.Cancelled, 'Export cancelled; no files were written.');
      if (error instanceof RangeError) throw new ApiError(ErrorCodes.BadRequest, error.message);
      throw error;
    } finally {
      this.running.delete(args.exportId);
    }
  }

  cancel(exportId: string): { cancelled: boolean } {
    const controller = this.running.get(exportId);
    controller?.abort();
    return { cancelled: controller !== undefined };
  }

  dispose(): void {
    for (const controller of this.running.values()) controller.abort();
  }
}
