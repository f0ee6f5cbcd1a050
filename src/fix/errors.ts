import { KubefortError } from '../domain/errors.js';

/** kubefort refused to change something; nothing was written. */
export class FixRefusedError extends KubefortError {}

/** Writing failed (read-only file system, full disk, permissions); what was written has been restored. */
export class FixWriteError extends KubefortError {}
