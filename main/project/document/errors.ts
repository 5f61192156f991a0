/**
 * Project errors the UI shows as they are: each has a stable code and a message naming the file
 * and the cause (disk full, not JSON, cut off, a field that is wrong, a version too new).
 */
export type ProjectErrorCode = 'NOT_FOUND' | 'CORRUPT' | 'INVALID' | 'TOO_NEW' | 'WRITE_FAILED' | 'EDIT';

export class ProjectError extends Error {
  readonly code: ProjectErrorCode;

  constructor(code: ProjectErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ProjectError';
    this.code = code;
  }
}

/** Words for the errno codes a save can meet. */
export function describeFsError(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  switch (code) {
    case 'ENOSPC':
      return 'the disk is full (ENOSPC)';
    case 'EDQUOT':
      return 'the disk quota is exceeded (EDQUOT)';
    case 'EACCES':
    case 'EPERM':
      return `permission denied (${code})`;
    case 'EROFS':
      return 'the disk is read-only (EROFS)';
    case 'ENOENT':
      return 'the folder does not exist (ENOENT)';
    case 'EIO':
      return 'an input/output error on the disk (EIO)';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}
