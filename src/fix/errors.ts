import { KubefortError } from '../domain/errors.js';
import { errnoCode, fsErrorReason } from '../domain/fs-errors.js';

/** kubefort refused to change something; nothing was written. */
export class FixRefusedError extends KubefortError {}

/** Writing failed (read-only file system, full disk, permissions); what was written has been restored. */
export class FixWriteError extends KubefortError {}

const WRITE_ERRORS: Readonly<Record<string, string>> = {
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EROFS: 'read-only file system',
  EIO: 'input/output error',
  ETXTBSY: 'text file busy',
};

/** strerror-style reason for a failed write, including the errors a reader never meets (full disk, read-only fs). */
export function writeErrorReason(error: unknown): string {
  const code = errnoCode(error);
  return (code !== undefined ? WRITE_ERRORS[code] : undefined) ?? fsErrorReason(error);
}

/** Runs an edit; an error from the yaml library (an unresolved alias, an alias bomb) becomes a refusal. */
export function refuseOnError<T>(file: string, work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof KubefortError) throw error;
    throw new FixRefusedError(`${file}: cannot edit it (${error instanceof Error ? error.message.split('\n')[0] : String(error)}); nothing was changed`);
  }
}
