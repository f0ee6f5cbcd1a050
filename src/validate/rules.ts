import type { RuleDefinition } from '../domain/finding.js';

/**
 * Static pod manifest validation rules. Ids are outside the CIS numbering: a manifest that would not start
 * makes every CIS check of its component meaningless, so these are reported before them.
 */
export const MV_RULES = {
  MV000: {
    id: 'MV000', severity: 'critical', title: 'manifest is not a usable Pod',
    description: 'The static pod manifest does not parse, is not a v1 Pod, or its container has no command/args list of strings: the kubelet cannot start it (the kubelet logs "couldn\'t parse as pod").',
    remediation: 'Fix the YAML at the position given (indentation is the usual cause), or restore the file from a backup.',
  },
  MV001: {
    id: 'MV001', severity: 'critical', title: 'unknown flag',
    description: 'The component does not define this flag in this Kubernetes minor version; it exits at start-up with "unknown flag", and the kubelet restarts it in a loop (crictl ps -a shows it Exited).',
    remediation: 'Correct the spelling or remove the flag; flags removed in a newer minor must go before the upgrade.',
  },
  MV002: {
    id: 'MV002', severity: 'critical', title: 'flag and value split wrongly',
    description: 'A list item holds a flag and its value separated by a space (`- --anonymous-auth false`), or a value stands alone as a positional argument. The container runtime passes each list item as one argument, so the component sees a flag named "anonymous-auth false" or an unexpected argument and exits.',
    remediation: 'Write the flag and its value as one item joined by `=`: `- --anonymous-auth=false`.',
  },
  MV003: {
    id: 'MV003', severity: 'critical', title: 'value the component rejects',
    description: 'A boolean flag with a value Go\'s strconv.ParseBool rejects, an unknown admission plugin or authorization mode, or a flag that needs a value given none: the component exits at start-up.',
    remediation: 'Use a valid value (true/false; the plugin and mode names the component lists).',
  },
  MV004: {
    id: 'MV004', severity: 'critical', title: 'referenced file missing',
    description: 'A flag names a file the component reads at start-up, and that file does not exist on the node where the pod\'s hostPath volume maps it: the component exits with "no such file or directory".',
    remediation: 'Create the file (certificates, policies, configurations) before pointing the flag at it, or correct the path.',
  },
  MV005: {
    id: 'MV005', severity: 'high', title: 'file not mounted into the pod',
    description: 'A flag names a path that no volumeMount of the container covers with a hostPath volume: the container sees its own filesystem, not the node\'s. An input file is then missing; an output (--audit-log-path) is written inside the container and lost with it.',
    remediation: 'Add a hostPath volume for the file or its directory and a volumeMount at the same path (readOnly for inputs).',
  },
  MV006: {
    id: 'MV006', severity: 'medium', title: 'flag given twice with different values',
    description: 'For a single-value flag the last occurrence wins, silently overriding the first; for a string-slice flag pflag appends both values. Either way the manifest does not say what a reader of the first occurrence believes.',
    remediation: 'Keep one occurrence with the intended value.',
  },
  MV007: {
    id: 'MV007', severity: 'medium', title: 'restart pending',
    description: 'The running process has different arguments from its configuration: the change has not taken effect. Static pods restart by themselves when the manifest is saved (if the new pod fails, the old one is gone: check crictl ps -a); the kubelet needs `systemctl daemon-reload && systemctl restart kubelet`.',
    remediation: 'Wait for the kubelet to restart the static pod, or restart the kubelet.',
  },
  MV008: {
    id: 'MV008', severity: 'info', title: 'version outside the flag data',
    description: 'The Kubernetes version is unknown or outside the minors the flag data covers, or etcd\'s own version is (etcd\'s flags follow its image tag, e.g. registry.k8s.io/etcd:3.5.21-0): the nearest covered version is used.',
    remediation: 'Pass --k8s-version when the version is not detected; give etcd\'s image its version tag.',
  },
} as const satisfies Record<string, RuleDefinition>;

export type MvRuleId = keyof typeof MV_RULES;
