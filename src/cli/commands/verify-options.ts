/** `kubefort verify`'s options, as commander parses them, and what every mode shares. */
import { UsageError } from '../../domain/errors.js';
import { type StreamOptions } from '../../binaries/file-stream.js';
import { progressWriter } from '../../binaries/progress.js';
import type { CliContext } from '../context.js';

/** Who signs Kubernetes release artifacts (cosign keyless, Google service account of the release engineering project). */
export const DEFAULT_IDENTITY = 'krel-staging@k8s-releng-prod.iam.gserviceaccount.com';
export const DEFAULT_ISSUER = 'https://accounts.google.com';

export interface VerifyOptions {
  sha256?: string;
  sha512?: string;
  checksum?: string;
  check?: string | true;
  quiet?: boolean;
  status?: boolean;
  strict?: boolean;
  warn?: boolean;
  ignoreMissing?: boolean;
  root?: string;
  checksums?: string;
  output: 'text' | 'json';
  signature?: string;
  certificate?: string;
  certificateIdentity?: string;
  certificateOidcIssuer?: string;
  trustedRoot?: string;
  bundle?: string;
  readSize?: string;
  insecureIgnoreSct?: boolean;
}

/** How a file is read and hashed: --read-size, and a progress bar on a terminal. */
export function streamOptions(opts: VerifyOptions, name: string, ctx: CliContext): StreamOptions & { finish(): void } {
  const chunkSize = opts.readSize === undefined ? undefined : Number(opts.readSize) * 1024 * 1024;
  if (chunkSize !== undefined && !(Number.isInteger(chunkSize) && chunkSize >= 4096 && chunkSize <= 64 * 1024 * 1024)) {
    throw new UsageError('--read-size must be a whole number of MiB between 1 and 64');
  }
  if (!ctx.stderrIsTTY) return { chunkSize, finish: () => undefined };
  const bar = progressWriter(name, (s) => ctx.stderr(s), () => ctx.now().getTime());
  return { chunkSize, onProgress: bar.onProgress, finish: bar.finish };
}

