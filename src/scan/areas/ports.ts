import { judgePorts } from '../../ports/judge.js';
import { PORT_RULES } from '../../ports/rules.js';
import { nodePortOwners } from '../../ports/services.js';
import { readNodeSockets } from '../../ports/sockets.js';
import type { Area, AreaResult, ScanInput } from '../model.js';

/** Listening sockets of the node under --root against the Kubernetes port table (src/ports). */
export const portsArea: Area = {
  id: 'ports',
  title: 'Node ports',
  run(input: ScanInput): AreaResult {
    if (input.root === undefined) return { findings: [], notEvaluated: ['ports: needs the node (--root)'], rules: [...PORT_RULES] };
    const node = readNodeSockets(input.root);
    if (node.read.length === 0) return { findings: [], notEvaluated: [`ports: no /proc/net/tcp, tcp6, udp or udp6 under ${input.root}`, ...node.warnings], rules: [...PORT_RULES] };
    return { findings: judgePorts({ node, nodePorts: nodePortOwners(input.objects) }), notEvaluated: node.warnings, rules: [...PORT_RULES] };
  },
};
