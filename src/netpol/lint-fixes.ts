/** Policies kubefort suggests as fixes, written as `kubectl apply -f` takes them. */

export function defaultDenyYaml(namespace: string, direction: 'Ingress' | 'Egress'): string {
  return `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: default-deny-${direction.toLowerCase()}
  namespace: ${namespace}
spec:
  podSelector: {}
  policyTypes:
  - ${direction}
`;
}

/** An egress policy for every pod of the namespace admitting each address family except the listed addresses. */
function exceptMetadataYaml(comment: string, name: string, namespace: string, blocks: readonly { cidr: string; except: readonly string[] }[]): string {
  const peers = blocks.map((b) => `    - ipBlock:\n        cidr: ${b.cidr}\n        except:\n${b.except.map((e) => `        - ${e}\n`).join('')}`).join('');
  return `${comment}apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
  podSelector: {}
  policyTypes:
  - Egress
  egress:
  - to:
${peers}`;
}

/** The seed's a12 policy: egress anywhere except the cloud metadata endpoint. */
export function denyMetadataYaml(namespace: string): string {
  return exceptMetadataYaml(
    '# Egress policies add up: every other egress rule that admits 169.254.169.254 needs this except too.\n',
    'default-deny-egress-metadata-server',
    namespace,
    [{ cidr: '0.0.0.0/0', except: ['169.254.169.254/32'] }],
  );
}

/** Same idea for the provider-specific metadata addresses (Alibaba Cloud IPv4, AWS IPv6). */
export function denyOtherMetadataYaml(namespace: string): string {
  return exceptMetadataYaml(
    '# Replaces default-deny-egress-metadata-server where present: egress policies add up, so every rule\n# admitting 0.0.0.0/0 or ::/0 must except these addresses.\n',
    'default-deny-egress-metadata-servers',
    namespace,
    [{ cidr: '0.0.0.0/0', except: ['169.254.169.254/32', '100.100.100.200/32'] }, { cidr: '::/0', except: ['fd00:ec2::254/128'] }],
  );
}

export function allowDnsYaml(namespace: string): string {
  return `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: allow-dns
  namespace: ${namespace}
spec:
  podSelector: {}
  policyTypes:
  - Egress
  egress:
  - to:
    - namespaceSelector:
        matchLabels:
          kubernetes.io/metadata.name: kube-system
      podSelector:
        matchLabels:
          k8s-app: kube-dns
    ports:
    - protocol: UDP
      port: 53
    - protocol: TCP
      port: 53
`;
}
