import type { FlagCondition, GroupDef } from '../../model.js';
import { P, removeFlag, setFlag } from './paths.js';

const etcd = (...all: FlagCondition[]) => ({ kind: 'flag', component: 'etcd', all } as const);
const edit = (flag: string) => setFlag(P.etcd, 'etcd', flag);

/**
 * 2 Etcd Node Configuration. etcd's defaults when a flag is absent: --client-cert-auth false,
 * --auto-tls false, --peer-client-cert-auth false, --peer-auto-tls false.
 * Settings given through ETCD_* environment variables or --config-file are not visible in the arguments.
 */
export const ETCD: GroupDef = {
  id: '2',
  text: 'Etcd Node Configuration',
  checks: [
    { id: '2.1', text: 'Ensure that the --cert-file and --key-file arguments are set as appropriate', automated: true, scored: true,
      test: etcd({ flag: '--cert-file', expect: { set: true } }, { flag: '--key-file', expect: { set: true } }),
      remediation: edit('--cert-file=/etc/kubernetes/pki/etcd/server.crt and --key-file=/etc/kubernetes/pki/etcd/server.key') },
    { id: '2.2', text: 'Ensure that the --client-cert-auth argument is set to true', automated: true, scored: true,
      test: etcd({ flag: '--client-cert-auth', default: 'false', expect: { eq: 'true' } }), remediation: edit('--client-cert-auth=true') },
    { id: '2.3', text: 'Ensure that the --auto-tls argument is not set to true', automated: true, scored: true,
      test: etcd({ flag: '--auto-tls', default: 'false', expect: { eq: 'false' } }), remediation: removeFlag(P.etcd, 'etcd', '--auto-tls (or set --auto-tls=false)') },
    { id: '2.4', text: 'Ensure that the --peer-cert-file and --peer-key-file arguments are set as appropriate', automated: true, scored: true,
      test: etcd({ flag: '--peer-cert-file', expect: { set: true } }, { flag: '--peer-key-file', expect: { set: true } }),
      remediation: edit('--peer-cert-file=/etc/kubernetes/pki/etcd/peer.crt and --peer-key-file=/etc/kubernetes/pki/etcd/peer.key') },
    { id: '2.5', text: 'Ensure that the --peer-client-cert-auth argument is set to true', automated: true, scored: true,
      test: etcd({ flag: '--peer-client-cert-auth', default: 'false', expect: { eq: 'true' } }), remediation: edit('--peer-client-cert-auth=true') },
    { id: '2.6', text: 'Ensure that the --peer-auto-tls argument is not set to true', automated: true, scored: true,
      test: etcd({ flag: '--peer-auto-tls', default: 'false', expect: { eq: 'false' } }), remediation: removeFlag(P.etcd, 'etcd', '--peer-auto-tls (or set --peer-auto-tls=false)') },
    { id: '2.7', text: 'Ensure that a unique Certificate Authority is used for etcd', automated: false, scored: false,
      test: { ...etcd({ flag: '--trusted-ca-file', expect: { set: true } }), differsFrom: { component: 'kube-apiserver', flag: '--client-ca-file' } },
      remediation: `${edit('--trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt')} That CA must be etcd's own, not the cluster CA given to the API server as --client-ca-file.` },
  ],
};
