import type { SourceLocation } from './evidence.js';

/** Exit codes of every kubefort command. */
export const ExitCode = {
  ok: 0,
  /** A check failed, a checksum mismatched, a connection is denied: the command did its job and the answer is "no". */
  findings: 1,
  /** Usage error or runtime error (bad flag, unreadable input, not a node root). */
  error: 2,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/**
 * Errors a user can cause and fix. The CLI prints `kubefort: <message>` and exits 2, without a stack trace.
 * Matched by class (`instanceof`), never by message text.
 */
export class KubefortError extends Error {
  readonly exitCode: ExitCode = ExitCode.error;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Wrong flags or arguments; `choices` lists what would have been valid. */
export class UsageError extends KubefortError {
  constructor(message: string, readonly choices: readonly string[] = []) {
    super(choices.length > 0 ? `${message} (valid: ${choices.join(', ')})` : message);
  }
}

/** Input that cannot be read or parsed; `location` points at the offending file position. */
export class InputError extends KubefortError {
  constructor(message: string, readonly location?: SourceLocation, options?: { cause?: unknown }) {
    super(message, options);
  }
}
