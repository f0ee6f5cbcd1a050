/** The Ingress TLS rule catalogue: stable ids, default severities, what each checks. */
import type { RuleDefinition } from '../domain/finding.js';
import { Severity } from '../domain/status.js';

const rule = (id: string, severity: Severity, title: string, description: string, remediation: string): RuleDefinition => ({ id, title, severity, description, remediation });

export const INGRESS_RULES: readonly RuleDefinition[] = [
  rule('ING000', Severity.medium, 'Ingress that cannot be read', 'The object is not an Ingress shape kubefort understands, so none of its hosts were checked.', 'Fix the object so that `kubectl apply --dry-run=server` accepts it.'),
  rule('ING001', Severity.high, 'host served over plain HTTP', 'A rule host that no tls entry lists is served without TLS: credentials and cookies cross the network in clear text.', 'Add the host to a spec.tls[].hosts entry with a secretName.'),
  rule('ING002', Severity.low, 'TLS host that no rule serves', 'A spec.tls[].hosts entry that no rule serves: usually a typo of a rule host, which is then served over plain HTTP.', 'Make the tls host and the rule host the same name.'),
  rule('ING003', Severity.medium, 'default backend without TLS', 'spec.defaultBackend receives every request that no rule matches; without a tls section it is reachable over plain HTTP only.', 'Add a tls entry, or remove the defaultBackend.'),
  rule('ING010', Severity.high, 'tls entry without secretName', 'Without secretName the controller serves its own default certificate (ingress-nginx: "Kubernetes Ingress Controller Fake Certificate"), which clients reject.', 'Set spec.tls[].secretName to a kubernetes.io/tls Secret in the Ingress namespace.'),
  rule('ING011', Severity.high, 'TLS Secret not in the Ingress namespace', 'An Ingress can only use a Secret of its own namespace; a missing Secret (a typo, or a Secret created in another namespace) makes the controller serve its default certificate.', 'Create the Secret in the Ingress namespace: kubectl create secret tls NAME --cert=tls.crt --key=tls.key -n NAMESPACE.'),
  rule('ING012', Severity.medium, 'Secret not of type kubernetes.io/tls', 'TLS Secrets are of type kubernetes.io/tls, which makes the API server require tls.crt and tls.key; other types are accepted by some controllers only.', 'Recreate it with kubectl create secret tls.'),
  rule('ING013', Severity.high, 'tls.crt or tls.key missing or empty', 'The Secret lacks the certificate or the key, so the controller cannot serve it.', 'Recreate the Secret with both --cert and --key.'),
  rule('ING014', Severity.high, 'tls.crt unusable', 'tls.crt is not valid base64, not PEM, PEM of another kind, not an X.509 certificate, or larger than a Secret can be.', 'Put the PEM certificate chain (leaf first) in tls.crt.'),
  rule('ING015', Severity.high, 'tls.key unusable', 'tls.key is not valid base64, not PEM, not a private key, or encrypted (controllers cannot use a passphrase).', 'Put the unencrypted PEM private key of the certificate in tls.key.'),
  rule('ING016', Severity.info, 'certificate pending issuance', 'The Ingress asks cert-manager for a certificate (cert-manager.io/issuer or cluster-issuer) and the Secret does not exist yet: cert-manager creates it once issued.', 'Check the Certificate and its CertificateRequest: kubectl describe certificate -n NAMESPACE.'),
  rule('ING020', Severity.high, 'host not covered by the certificate', 'Clients check the host against the certificate SANs (RFC 6125: a wildcard covers one label only); a name only in the subject CN is rejected by browsers.', 'Issue the certificate with every Ingress host as a DNS SAN.'),
  rule('ING021', Severity.critical, 'certificate expired', 'An expired certificate is rejected by every client.', 'Renew the certificate and update the Secret.'),
  rule('ING022', Severity.high, 'certificate not yet valid', 'The certificate notBefore is in the future; clients reject it until then.', 'Check the issuing clock, or wait; reissue if notBefore is wrong.'),
  rule('ING023', Severity.medium, 'certificate expires soon', 'The certificate expires within the --expiry-warn window.', 'Renew the certificate before it expires (cert-manager renews automatically).'),
  rule('ING024', Severity.critical, 'private key does not match the certificate', 'tls.key is not the key of the tls.crt leaf: the TLS handshake fails.', 'Put the matching key and certificate in the same Secret.'),
  rule('ING025', Severity.high, 'weak key', 'RSA keys under 2048 bits and EC keys under P-256 are below the CA/Browser Forum minimum.', 'Reissue with an RSA 2048+ or EC P-256+ key.'),
  rule('ING026', Severity.high, 'weak signature algorithm', 'SHA-1 and MD5 signatures can be forged and are rejected by browsers.', 'Reissue the certificate with a SHA-256 (or stronger) signature.'),
  rule('ING027', Severity.info, 'self-signed certificate', 'A self-signed leaf encrypts the traffic, but browsers will not trust it without importing it.', 'Use a certificate from a CA the clients trust (cert-manager with an ACME issuer) outside test set-ups.'),
  rule('ING028', Severity.medium, 'CA certificate as leaf', 'The first certificate of tls.crt is a CA certificate (basicConstraints cA), not a server certificate.', 'Put the server certificate first in tls.crt, then its intermediates.'),
  rule('ING029', Severity.medium, 'chain out of order', 'The certificates of tls.crt are not in leaf-to-root order; some clients fail to build the chain.', 'Order tls.crt: leaf, then the intermediate that issued it, and so on.'),
  rule('ING030', Severity.medium, 'intermediate certificates missing', 'The leaf is not self-signed and tls.crt holds no certificate of its issuer, which is not a well-known root either: clients that do not cache the intermediate fail.', 'Append the issuing intermediate(s) after the leaf in tls.crt.'),
  rule('ING031', Severity.medium, 'key usage does not allow TLS server use', 'When keyUsage is present, a TLS server key needs digitalSignature (ECDSA, RSA with TLS 1.3) or keyEncipherment (RSA key exchange).', 'Reissue with keyUsage digitalSignature (and keyEncipherment for RSA).'),
  rule('ING032', Severity.medium, 'extended key usage without serverAuth', 'When extendedKeyUsage is present, clients require serverAuth for a TLS server certificate.', 'Reissue with extendedKeyUsage serverAuth.'),
  rule('ING040', Severity.high, 'no controller for the Ingress', 'No IngressClass matches the Ingress class (spec.ingressClassName or the kubernetes.io/ingress.class annotation) and none is the default: no controller serves it and it never gets an address.', 'Install an ingress controller, set spec.ingressClassName to its IngressClass, or mark one IngressClass with ingressclass.kubernetes.io/is-default-class: "true".'),
  rule('ING041', Severity.medium, 'more than one default IngressClass', 'With several IngressClasses marked default, the admission controller refuses new Ingresses that do not name a class.', 'Keep ingressclass.kubernetes.io/is-default-class: "true" on one IngressClass only.'),
  rule('ING050', Severity.high, 'backend Service missing', 'The backend Service does not exist in the Ingress namespace: requests get 503 from the controller.', 'Create the Service or fix the backend service.name.'),
  rule('ING051', Severity.high, 'backend port not on the Service', 'The backend port number or name is not one of the Service ports.', 'Use a port.number or port.name that the Service defines.'),
  rule('ING052', Severity.medium, 'backend Service selects no pod', 'The Service selector matches no pod or pod template in the input: the backend has no endpoints.', 'Fix the Service selector or the pod labels.'),
  rule('ING060', Severity.medium, 'cert-manager Certificate does not cover the hosts', 'The Certificate that writes the Ingress TLS Secret does not list every host of the tls entry in spec.dnsNames.', 'Add the hosts to the Certificate spec.dnsNames.'),
  rule('ING100', Severity.high, 'TLS handshake failed', 'kubefort ingress probe could not complete a TLS handshake with the host name as SNI.', 'Check the controller address and that it serves the host on port 443.'),
  rule('ING101', Severity.high, 'served certificate is not the Secret certificate', 'The controller answered the SNI with another certificate than the leaf in the Ingress Secret, typically its default (fake) certificate because it could not use the Secret.', 'Check the Secret (kubefort ingress) and the controller logs.'),
  rule('ING102', Severity.high, 'old TLS protocol negotiated', 'The handshake negotiated a protocol older than TLS 1.2.', 'Configure the controller for TLS 1.2 and 1.3 only (ingress-nginx: ssl-protocols).'),
  rule('ING103', Severity.medium, 'no HTTP to HTTPS redirect', 'A HEAD / on port 80 was answered without a redirect to https://: clients that type the host get plain HTTP.', 'Enable the redirect (ingress-nginx: nginx.ingress.kubernetes.io/ssl-redirect / force-ssl-redirect).'),
  rule('ING104', Severity.low, 'plain HTTP probe failed', 'Port 80 could not be asked for HEAD /, so the redirect was not checked (not evaluated).', 'Check that port 80 is meant to be closed.'),
];

const BY_ID = new Map(INGRESS_RULES.map((r) => [r.id, r]));

export function ingressRule(id: string): RuleDefinition {
  const found = BY_ID.get(id);
  if (!found) throw new Error(`unknown ingress rule ${id}`);
  return found;
}
