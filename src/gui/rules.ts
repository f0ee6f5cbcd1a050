import type { RuleDefinition } from '../domain/finding.js';

export const GUI_RULE_IDS = {
  skipLogin: 'GUI001',
  insecureLogin: 'GUI002',
  insecurePort: 'GUI003',
  settingsAuthorizer: 'GUI004',
  basicAuth: 'GUI005',
  tokenTtl: 'GUI006',
  noTls: 'GUI007',
  skipApiserverTls: 'GUI008',
  noCsrf: 'GUI009',
  profiler: 'GUI010',
  kongHttp: 'GUI011',
  exposedService: 'GUI012',
  ingress: 'GUI013',
  noNetworkPolicy: 'GUI014',
  ownPrivilege: 'GUI015',
  namespaceAdmin: 'GUI016',
  longLivedToken: 'GUI017',
  unmaintained: 'GUI018',
  headlamp: 'GUI019',
  values: 'GUI020',
} as const;

const ID = GUI_RULE_IDS;
const rule = (id: string, title: string, severity: RuleDefinition['severity'], description: string, remediation: string): RuleDefinition => ({ id, title, severity, description, remediation });

export const GUI_RULES: readonly RuleDefinition[] = [
  rule(ID.skipLogin, 'Dashboard --enable-skip-login', 'critical', 'The login page gets a Skip button: anyone who reaches the Dashboard uses it with the Dashboard\'s own ServiceAccount, without a token.', 'Remove --enable-skip-login from the container args.'),
  rule(ID.insecureLogin, 'Dashboard --enable-insecure-login', 'high', 'The login page is served over plain HTTP: bearer tokens cross the network unencrypted.', 'Remove --enable-insecure-login and reach the Dashboard over HTTPS or kubectl port-forward.'),
  rule(ID.insecurePort, 'Dashboard HTTP port on a non-loopback address', 'high', '--insecure-port non-zero with --insecure-bind-address other than 127.0.0.1 (v2), or --insecure-bind-address not loopback (v7 modules): the Dashboard answers plain HTTP on the pod network.', 'Set --insecure-port=0 (v2) or --insecure-bind-address=127.0.0.1, and serve HTTPS.'),
  rule(ID.settingsAuthorizer, 'Dashboard --disable-settings-authorizer', 'medium', 'Any user who reaches the Dashboard may change its global settings.', 'Remove --disable-settings-authorizer.'),
  rule(ID.basicAuth, 'Dashboard --authentication-mode=basic', 'medium', 'Basic authentication sends passwords with every request and needs the API server\'s deprecated basic auth.', 'Use --authentication-mode=token (the default).'),
  rule(ID.tokenTtl, 'Dashboard --token-ttl=0', 'medium', 'Login sessions never expire.', 'Remove --token-ttl=0 (default 900 seconds) or set a short TTL.'),
  rule(ID.noTls, 'Dashboard without TLS', 'high', 'Neither --auto-generate-certificates nor --tls-cert-file and --tls-key-file: the Dashboard serves no HTTPS.', 'Add --auto-generate-certificates or mount a certificate and pass --tls-cert-file/--tls-key-file.'),
  rule(ID.skipApiserverTls, 'Dashboard --apiserver-skip-tls-verify', 'medium', 'The Dashboard does not verify the API server\'s certificate; a man in the middle sees every token.', 'Remove --apiserver-skip-tls-verify; mount the cluster CA.'),
  rule(ID.noCsrf, 'Dashboard --disable-csrf-protection', 'high', 'Without CSRF protection another web page can drive the Dashboard with a logged-in user\'s session.', 'Remove --disable-csrf-protection.'),
  rule(ID.profiler, 'Dashboard --profiler', 'low', 'The Go profiler endpoints are served: memory contents and timing to anyone who reaches them.', 'Remove --profiler.'),
  rule(ID.kongHttp, 'Kong proxy serves HTTP', 'high', 'The Dashboard\'s Kong proxy has an HTTP listener (kong.proxy.http.enabled, KONG_PROXY_LISTEN without ssl): tokens cross the network unencrypted.', 'Set kong.proxy.http.enabled: false in the Helm values and reach the Dashboard over HTTPS or kubectl port-forward.'),
  rule(ID.exposedService, 'GUI exposed outside the cluster', 'high', 'A GUI Service (or the Dashboard\'s Kong proxy) of type NodePort or LoadBalancer, or with externalIPs: every node address or the load balancer reaches the login page.', 'Use type ClusterIP and kubectl port-forward, or an Ingress with TLS and authentication in front of it.'),
  rule(ID.ingress, 'GUI behind an Ingress without TLS or authentication', 'high', 'An Ingress routes to the GUI without spec.tls (tokens in clear text) or without an authentication annotation (anyone on the internet reaches the login page).', 'Add spec.tls with a certificate and an authentication layer (e.g. nginx.ingress.kubernetes.io/auth-url with oauth2-proxy).'),
  rule(ID.noNetworkPolicy, 'no NetworkPolicy limits who reaches the GUI', 'medium', 'No NetworkPolicy selects the GUI pods for ingress, or one admits any address: every pod and every routed address reaches it.', 'Add a NetworkPolicy that admits only the Ingress controller or the admins\' network to the GUI pods.'),
  rule(ID.ownPrivilege, 'GUI ServiceAccount with broad rights', 'critical', 'The GUI\'s own ServiceAccount is bound to cluster-admin or to wildcard rules: with --enable-skip-login or a stolen session, anyone gets those rights.', 'Bind the GUI\'s ServiceAccount to the minimal role its chart ships (metrics and settings) and let users log in with their own tokens.'),
  rule(ID.namespaceAdmin, 'cluster-admin ServiceAccount in the GUI namespace', 'high', 'A ServiceAccount of the GUI\'s namespace is bound to cluster-admin (the seeds\' admin-user): its token logs into the GUI with full control of the cluster.', 'Give Dashboard users narrow roles; delete the binding and create short-lived tokens (kubectl create token) only when needed.'),
  rule(ID.longLivedToken, 'long-lived token for a privileged ServiceAccount', 'high', 'A Secret of type kubernetes.io/service-account-token holds a token that never expires for a ServiceAccount with broad rights.', 'Delete the Secret and use kubectl create token --duration for short-lived tokens.'),
  rule(ID.unmaintained, 'Kubernetes Dashboard is unmaintained', 'medium', 'The Kubernetes Dashboard project was archived in January 2026: no more security fixes. Headlamp (kubernetes-sigs/headlamp) is its maintained successor.', 'Replace the Dashboard with Headlamp.'),
  rule(ID.headlamp, 'Headlamp without TLS verification or OIDC', 'high', 'Headlamp with -insecure-ssl skips verifying the API server\'s certificate; exposed without -oidc-client-id, every visitor must paste a token and no single sign-on protects it.', 'Remove -insecure-ssl; configure OIDC (-oidc-client-id, -oidc-idp-issuer-url) when Headlamp is reachable from outside the cluster.'),
  rule(ID.values, 'Helm value without effect', 'low', 'A value of the Helm values file is not read by the chart, so the setting the author meant is not applied.', 'Move the value to the key the chart reads.'),
];
