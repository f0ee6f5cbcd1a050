import { lastArg } from '../collect/node/cmdline.js';
import type { FlagCondition } from '../cis/model.js';
import type { NodeFs } from '../collect/node/node-fs.js';
import { readKubeletUnit } from '../collect/node/systemd.js';
import type { PlanOutput, PlanInput } from './remediation.js';
import { READ_LIMITS } from '../collect/node/bounded-read.js';

/** Where settings live outside static pod manifests: etcd's EnvironmentFile, the kubelet's unit files. */
export interface EnvFiles {
  /** The EnvironmentFile of etcd's systemd unit, when there is one. */
  etcdEnvFile?: string;
  /** The etcd unit file (for "change ExecStart" messages). */
  etcdUnit?: string;
  /** The file of the kubelet's unit that writes a flag (kubeadm-flags.env, /etc/default/kubelet, a drop-in). */
  kubeletFlagFile(flag: string): string | undefined;
}

const ETCD_UNITS = ['/etc/systemd/system/etcd.service', '/usr/lib/systemd/system/etcd.service', '/lib/systemd/system/etcd.service'];

export function findEnvFiles(fs: NodeFs): EnvFiles {
  const out: EnvFiles = { kubeletFlagFile: () => undefined };
  for (const unit of ETCD_UNITS) {
    const text = fs.readText(unit, READ_LIMITS.unit, 'a systemd unit');
    if (!text.ok) continue;
    out.etcdUnit = unit;
    const match = /^\s*EnvironmentFile\s*=\s*-?(\S+)\s*$/m.exec(text.value);
    if (match?.[1] !== undefined) out.etcdEnvFile = match[1];
    break;
  }
  const unit = readKubeletUnit(fs, []);
  out.kubeletFlagFile = (flag) => {
    const token = unit?.tokens.find((t) => t.text === flag || t.text.startsWith(`${flag}=`));
    return token?.location.file;
  };
  return out;
}

/** `--client-cert-auth` -> `ETCD_CLIENT_CERT_AUTH`. */
export function etcdVariable(flag: string): string {
  return `ETCD_${flag.replace(/^--/, '').toUpperCase().replaceAll('-', '_')}`;
}

/**
 * etcd without a static pod (kubespray: systemd with /etc/etcd.env): a setting that comes from the environment, or
 * is absent, is changed in the EnvironmentFile; one given on ExecStart shadows the file and is left to the user.
 */
export function planEtcdSetting(check: string, condition: FlagCondition, value: { value: string } | { needs: string }, input: PlanInput, out: PlanOutput): void {
  const env = input.envFiles.etcdEnvFile;
  const arg = lastArg(input.facts.components.etcd?.args ?? [], condition.flag);
  if (arg !== undefined && !arg.location.file.endsWith('/environ')) {
    out.notFixed.push({ check, reason: `etcd is given ${condition.flag} on its command line (${input.envFiles.etcdUnit ?? 'its service'} ExecStart), which shadows ${etcdVariable(condition.flag)}: change it there` });
    return;
  }
  if (env === undefined) {
    out.notFixed.push({ check, reason: 'etcd runs without a static pod manifest and no EnvironmentFile was found in its systemd unit' });
    return;
  }
  if ('needs' in value) {
    out.needsInput.push({ check, component: 'etcd', setting: condition.flag, reason: value.needs, example: `--set etcd:${condition.flag}=<value>` });
    return;
  }
  const name = etcdVariable(condition.flag);
  const shown = 'set' in condition.expect && !condition.expect.set ? '' : value.value;
  out.planned.push({ action: { kind: 'env-file-set', file: env, component: 'etcd', name, value: shown }, checks: [check] });
}
