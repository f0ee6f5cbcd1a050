import type { RuleDefinition } from '../domain/finding.js';

export const PORT_RULE_IDS = {
  kubeletReadOnly: 'PORT001',
  insecureApi: 'PORT002',
  etcdExposed: 'PORT003',
  notLoopback: 'PORT004',
  firewall: 'PORT005',
  nodePort: 'PORT006',
  unknown: 'PORT007',
  malformed: 'PORT008',
} as const;

const ID = PORT_RULE_IDS;

export const PORT_RULES: readonly RuleDefinition[] = [
  { id: ID.kubeletReadOnly, title: 'kubelet read-only port open', severity: 'high',
    description: 'The kubelet read-only port (10255) serves pod specs, node status and metrics without authentication or authorization.',
    remediation: 'Set readOnlyPort: 0 in /var/lib/kubelet/config.yaml (or --read-only-port=0) and restart the kubelet.' },
  { id: ID.insecureApi, title: 'legacy insecure API port', severity: 'critical',
    description: 'Port 8080 was the API server\'s insecure port: plain HTTP, no authentication, no authorization. Whatever listens there on a control-plane node must not be the API server.',
    remediation: 'Remove --insecure-port/--insecure-bind-address from the API server (they were removed in v1.24); firewall port 8080.' },
  { id: ID.etcdExposed, title: 'etcd reachable without client certificates', severity: 'critical',
    description: 'etcd (2379 clients, 2380 peers) on a non-loopback address without --client-cert-auth=true (or --peer-client-cert-auth=true) serves the whole cluster state, every Secret included, to anyone who can reach it.',
    remediation: 'Set --client-cert-auth=true and --peer-client-cert-auth=true with --trusted-ca-file/--peer-trusted-ca-file in /etc/kubernetes/manifests/etcd.yaml; firewall 2379-2380 to the control-plane nodes.' },
  { id: ID.notLoopback, title: 'component should bind loopback', severity: 'medium',
    description: 'kube-controller-manager (10257) and kube-scheduler (10259) need no remote clients; kube-proxy\'s metrics (10249) neither. Listening on other addresses widens the attack surface.',
    remediation: 'Set --bind-address=127.0.0.1 in the component\'s manifest (kube-proxy: metricsBindAddress: 127.0.0.1:10249).' },
  { id: ID.firewall, title: 'control-plane or node port to firewall', severity: 'info',
    description: 'The API server (6443), the kubelet (10250) and kube-proxy\'s health port (10256) listen on every interface by design; only the clients that need them should reach them.',
    remediation: 'Allow the port from the networks that need it only (admins or VPN for 6443, the control plane for 10250, load balancers for 10256) in the host or cloud firewall.' },
  { id: ID.nodePort, title: 'NodePort listener', severity: 'low',
    description: 'A port of the NodePort range (30000-32767) is open on the node; every node exposes each NodePort Service on every interface.',
    remediation: 'Prefer an Ingress or a LoadBalancer with source ranges; firewall the NodePort range to the load balancers that need it.' },
  { id: ID.unknown, title: 'other listener', severity: 'info',
    description: 'A listening socket that is not a known Kubernetes port, with its process when /proc/<pid>/fd could be read.',
    remediation: 'Check that the service is expected on this node; stop it or firewall it if not.' },
  { id: ID.malformed, title: 'unreadable socket table line', severity: 'low',
    description: 'A line of /proc/net/tcp, tcp6, udp or udp6 that is not in the kernel\'s format (truncated copy, edited fixture); it was skipped.',
    remediation: 'Copy the /proc/net files again (cat, not an editor) or run kubefort on the node.' },
];
