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

/** The seed's a12 policy: egress anywhere except the cloud metadata endpoint. */
export function denyMetadataYaml(namespace: string): string {
  return `# Egress policies add up: every other egress rule that admits 169.254.169.254 needs this except too.
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: default-deny-egress-metadata-server
  namespace: ${namespace}
spec:
  podSelector: {}
  policyTypes:
  - Egress
  egress:
  - to:
    - ipBlock:
        cidr: 0.0.0.0/0
        except:
        - 169.254.169.254/32
`;
}

/** Same idea for the provider-specific metadata addresses (Alibaba Cloud IPv4, AWS IPv6). */
export function denyOtherMetadataYaml(namespace: string): string {
  return `# Replaces default-deny-egress-metadata-server where present: egress policies add up, so every rule
# admitting 0.0.0.0/0 or ::/0 must except these addresses.
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: default-deny-egress-metadata-servers
  namespace: ${namespace}
spec:
  podSelector: {}
  policyTypes:
  - Egress
  egress:
  - to:
    - ipBlock:
        cidr: 0.0.0.0/0
        except:
        - 169.254.169.254/32
        - 100.100.100.200/32
    - ipBlock:
        cidr: ::/0
        except:
        - fd00:ec2::254/128
`;
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
