import type { Evidence } from '../domain/evidence.js';
import type { Finding } from '../domain/finding.js';
import type { Severity } from '../domain/status.js';
import { sortFindings } from '../report/findings.js';
import { isListening, scopeOf, Scope, type Socket } from './proc-net.js';
import { PORT_RULE_IDS as ID, PORT_RULES } from './rules.js';
import { flag, type NodeSockets, type Owner } from './sockets.js';

/** The control-plane and node ports of kubernetes.io/docs/reference/networking/ports-and-protocols (TCP). */
interface PortRole { name: string; component?: string; ports: readonly [number, number] }
export const KUBERNETES_PORTS: readonly PortRole[] = [
  { name: 'legacy insecure API port', ports: [8080, 8080] },
  { name: 'kube-apiserver', component: 'kube-apiserver', ports: [6443, 6443] },
  { name: 'etcd client', component: 'etcd', ports: [2379, 2379] },
  { name: 'etcd peer', component: 'etcd', ports: [2380, 2380] },
  { name: 'kubelet API', component: 'kubelet', ports: [10250, 10250] },
  { name: 'kubelet read-only', component: 'kubelet', ports: [10255, 10255] },
  { name: 'kubelet healthz', component: 'kubelet', ports: [10248, 10248] },
  { name: 'kube-proxy metrics', component: 'kube-proxy', ports: [10249, 10249] },
  { name: 'kube-proxy health', component: 'kube-proxy', ports: [10256, 10256] },
  { name: 'kube-controller-manager', component: 'kube-controller-manager', ports: [10257, 10257] },
  { name: 'kube-scheduler', component: 'kube-scheduler', ports: [10259, 10259] },
  { name: 'NodePort range', ports: [30000, 32767] },
];

export interface JudgeInput {
  node: NodeSockets;
  /** `tcp/30443` -> the Services (`ns/name`) that own that NodePort. */
  nodePorts: ReadonlyMap<string, readonly string[]>;
}

const sev = (id: string): Severity => PORT_RULES.find((r) => r.id === id)?.severity ?? 'info';
const fix = (id: string): string => PORT_RULES.find((r) => r.id === id)?.remediation ?? '';
const hostPort = (s: Socket) => (s.family === 6 ? `[${s.address}]:${s.port}` : `${s.address}:${s.port}`);

function where(s: Socket, bindv6only: boolean | undefined): string {
  const scope = scopeOf(s.address);
  const fam = s.family === 4 ? 'IPv4' : 'IPv6';
  if (scope === Scope.all && s.family === 6 && bindv6only !== true) return `${s.protocol} ${hostPort(s)}: all interfaces, IPv6 and IPv4 (net.ipv6.bindv6only=${bindv6only === false ? '0' : 'unknown, default 0'})`;
  return `${s.protocol} ${hostPort(s)}: ${fam}, ${scope}`;
}

function who(owner: Owner | undefined, s?: Socket): string {
  if (owner) return `${owner.command} (pid ${owner.pid})`;
  // Sockets the kernel itself holds (VXLAN, WireGuard, NFS) have inode 0: no process has them open.
  if (s?.inode === 0) return 'the kernel (inode 0: no process holds it, e.g. a VXLAN or WireGuard tunnel)';
  return 'an unknown process (no readable /proc/<pid>/fd links to its inode)';
}

function roleOf(s: Socket, owner: Owner | undefined): PortRole | undefined {
  if (s.protocol !== 'tcp') return s.port >= 30000 && s.port <= 32767 ? KUBERNETES_PORTS.find((p) => p.name === 'NodePort range') : undefined;
  const byPort = KUBERNETES_PORTS.filter((p) => s.port >= p.ports[0] && s.port <= p.ports[1]);
  // A component on a port of its own (kube-apiserver --secure-port=443) is still that component.
  const byOwner = owner?.component ? KUBERNETES_PORTS.find((p) => p.component === owner.component && byPort.includes(p)) ?? (byPort.length === 0 ? KUBERNETES_PORTS.find((p) => p.component === owner.component) : undefined) : undefined;
  return byOwner ?? byPort[0];
}

const FIREWALL: Readonly<Record<string, string>> = {
  'kube-apiserver': 'admins, the VPN or bastion, the nodes and load balancers',
  'kubelet API': 'the control-plane nodes (API server, metrics-server)',
  'kube-proxy health': 'the cloud load balancers\' health checks',
  'etcd client': 'the control-plane nodes (kube-apiserver)',
  'etcd peer': 'the other etcd members',
};

/** Judges every listening socket; sockets seen twice (SO_REUSEPORT, IPv4 and IPv6 tables) are judged once each. */
export function judgePorts(input: JudgeInput): Finding[] {
  const { node } = input;
  const out: Finding[] = node.problems.map((p) => ({ ruleId: ID.malformed, severity: sev(ID.malformed), message: p.message, subject: p.location.file, location: p.location, remediation: fix(ID.malformed) }));
  const seen = new Set<string>();
  for (const s of node.sockets.filter(isListening)) {
    const key = `${s.protocol}${s.family}/${s.address}/${s.port}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const owner = node.owners.get(s.inode);
    const role = roleOf(s, owner);
    const scope = scopeOf(s.address);
    const at = where(s, node.bindv6only);
    const evidence: Evidence[] = [{ subject: `${s.protocol}${s.family === 6 ? '6' : ''} socket inode ${s.inode}`, value: hostPort(s), source: 'proc', location: s.location }];
    if (owner) evidence.push({ subject: 'process', value: `${owner.command} pid ${owner.pid}`, source: 'proc', location: { file: `/proc/${owner.pid}/fd` } });
    const add = (ruleId: string, message: string, remediation?: string, severity?: Severity) =>
      out.push({ ruleId, severity: severity ?? sev(ruleId), subject: `${s.protocol} ${hostPort(s)}`, location: s.location, message, evidence, remediation: remediation ?? fix(ruleId) });
    const name = role?.name;
    if (name === 'kubelet read-only') {
      add(ID.kubeletReadOnly, `kubelet read-only port ${s.port} is open (${at}), unauthenticated, by ${who(owner)}`);
    } else if (name === 'legacy insecure API port') {
      if (!owner || owner.component === 'kube-apiserver') add(ID.insecureApi, `port ${s.port}, the legacy insecure API port, is open (${at}) by ${who(owner)}`);
      else add(ID.unknown, `port ${s.port} (the legacy insecure API port) is held by ${who(owner)}, not the API server (${at})`);
    } else if (name === 'etcd client' || name === 'etcd peer') {
      if (scope === Scope.loopback) continue;
      const flagName = name === 'etcd client' ? '--client-cert-auth' : '--peer-client-cert-auth';
      const value = flag(owner, flagName);
      if (value === 'true') add(ID.firewall, `${name} ${s.port} listens on ${at} (${who(owner)}) with ${flagName}=true; firewall it to ${FIREWALL[name]}`, `Allow tcp/${s.port} from ${FIREWALL[name]} only.`);
      else if (owner) add(ID.etcdExposed, `${name} ${s.port} listens on ${at} (${who(owner)}) with ${flagName} ${value === undefined ? 'not set (default false)' : `=${value}`}: anyone who reaches it reads the cluster's state`);
      else add(ID.etcdExposed, `${name} ${s.port} listens on ${at}; ${flagName} could not be checked (${who(owner)}): make sure it is true and the port firewalled`, undefined, 'medium');
    } else if (name === 'kube-controller-manager' || name === 'kube-scheduler' || name === 'kube-proxy metrics') {
      if (scope !== Scope.loopback) add(ID.notLoopback, `${name} ${s.port} listens on ${at} (${who(owner)}); it should bind 127.0.0.1`);
    } else if (name === 'kube-apiserver' || name === 'kubelet API' || name === 'kube-proxy health') {
      if (scope !== Scope.loopback) add(ID.firewall, `${name} ${s.port} listens on ${at} (${who(owner)}); firewall it to ${FIREWALL[name]}`, `Allow tcp/${s.port} from ${FIREWALL[name]} only; drop it from everywhere else.`);
    } else if (name === 'kubelet healthz') {
      if (scope !== Scope.loopback) add(ID.notLoopback, `kubelet healthz ${s.port} listens on ${at} (${who(owner)}); it should bind 127.0.0.1 (healthzBindAddress)`);
    } else if (name === 'NodePort range') {
      const services = input.nodePorts.get(`${s.protocol}/${s.port}`);
      const svc = services ? `NodePort of Service ${services.join(', ')}` : 'in the NodePort range, no Service of the input owns it';
      add(ID.nodePort, `${s.protocol}/${s.port} is open (${at}) by ${who(owner)}: ${svc}`, `Firewall ${s.protocol}/${s.port} (and the NodePort range 30000-32767) to the load balancers or clients that need it.`);
    } else {
      add(ID.unknown, `${at} is open by ${who(owner, s)}`);
    }
  }
  return sortFindings(out);
}
