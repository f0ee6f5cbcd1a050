/** Where a fact came from: a file position, a process, a default, a live object. */
export interface SourceLocation {
  /** Path as the user would look for it (on the node: absolute path without the --root prefix). */
  file: string;
  /** 1-based line and column, when the fact comes from a text file. */
  line?: number;
  column?: number;
}

/** The actual value a judgement was made on, and where it came from. */
export interface Evidence {
  /** What was looked at, e.g. `--anonymous-auth`, `authentication.anonymous.enabled`, `mode`. */
  subject: string;
  /** The value found; undefined when absent. Never the content of a Secret or private key. */
  value?: string;
  /** How the value was obtained: `process`, `manifest`, `config-file`, `flag`, `default`, `stat`, `object`, ... */
  source: string;
  location?: SourceLocation;
  /** Free text, e.g. "default of KubeletConfiguration v1beta1". */
  note?: string;
}

export function formatLocation(location: SourceLocation): string {
  if (location.line === undefined) return location.file;
  if (location.column === undefined) return `${location.file}:${location.line}`;
  return `${location.file}:${location.line}:${location.column}`;
}
