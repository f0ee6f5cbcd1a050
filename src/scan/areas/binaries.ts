import { resolve } from 'node:path';
import { verifyNode } from '../../binaries/node-verify.js';
import { nodeFindings } from '../../binaries/node-report.js';
import type { RuleDefinition } from '../../domain/finding.js';
import { Severity } from '../../domain/status.js';
import type { Area, AreaResult, ScanInput } from '../model.js';

export const BINARY_RULES: RuleDefinition[] = [
  { id: 'BIN001', title: 'platform binary does not match its release checksum', severity: Severity.critical, description: 'A Kubernetes binary on the node differs from the release published for its version.', remediation: 'Reinstall the binary from the release and verify it before use.' },
  { id: 'BIN002', title: 'platform binary could not be checked', severity: Severity.medium, description: 'No release checksum was found for the binary\'s version and architecture.', remediation: 'Pass --checksums with the release .sha256 files.' },
  { id: 'BIN003', title: 'running binary deleted or replaced on disk', severity: Severity.high, description: 'A running Kubernetes process executes a binary that is no longer on disk.', remediation: 'Restart the process, then verify the binary on disk.' },
  { id: 'BIN004', title: 'platform binary unreadable', severity: Severity.medium, description: 'A binary could not be read, so it was not verified.', remediation: 'Run with permission to read the node\'s binaries.' },
];

/** Platform binaries of the node under --root against the release checksums. */
export const binariesArea: Area = {
  id: 'binaries',
  title: 'Platform binaries',
  async run(input: ScanInput): Promise<AreaResult> {
    if (input.root === undefined) return { findings: [], notEvaluated: ['binaries: needs the node (--root)'], rules: BINARY_RULES };
    const report = await verifyNode(resolve(input.root), input.checksums === undefined ? undefined : resolve(input.checksums));
    return { findings: nodeFindings(report), notEvaluated: report.problems.map((p) => `${p.path}: ${p.reason}`), rules: BINARY_RULES };
  },
};
