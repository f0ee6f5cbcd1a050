/**
 * Words for file-system errors, shared by every reader (node facts, object files, binaries).
 * The texts are strerror(3)'s, so they read as coreutils and the kernel word them, and never carry a
 * host path (which would leak the --root prefix into facts and reports).
 */
const STRERROR: Readonly<Record<string, string>> = {
  ENOENT: 'No such file or directory',
  ENOTDIR: 'Not a directory',
  EACCES: 'Permission denied',
  EPERM: 'Operation not permitted',
  EISDIR: 'Is a directory',
  ELOOP: 'Too many levels of symbolic links',
};

/** The errno code of a Node fs error (`ENOENT`, ...), if it has one. */
export function errnoCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** strerror's text as coreutils prints it (`No such file or directory`), else the error's own message. */
export function strerror(error: unknown): string {
  const known = STRERROR[errnoCode(error) ?? ''];
  if (known !== undefined) return known;
  return error instanceof Error ? error.message : String(error);
}

/** The same reason in lower case, for use inside a sentence (`cannot read: no such file or directory`). */
export function fsErrorReason(error: unknown): string {
  const known = STRERROR[errnoCode(error) ?? ''];
  if (known !== undefined) return known.toLowerCase();
  return error instanceof Error ? error.message : String(error);
}
