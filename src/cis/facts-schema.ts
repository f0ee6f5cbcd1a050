import { READ_LIMITS, readRegularSync } from '../collect/node/bounded-read.js';
import { z } from 'zod';
import { InputError } from '../domain/errors.js';
import { COMPONENTS, FILE_ROLES, type NodeFacts } from '../domain/node-facts.js';

/** Validates `kubefort collect` JSON before `bench --facts` judges it; unknown extra fields are kept. */
const location = z.looseObject({ file: z.string(), line: z.number().int().optional(), column: z.number().int().optional() });
const arg = z.looseObject({ flag: z.string().startsWith('-'), value: z.string().optional(), location });
const warning = z.looseObject({ message: z.string(), code: z.string().optional(), location: location.optional() });
const component = z.looseObject({
  name: z.enum(COMPONENTS),
  source: z.enum(['process', 'manifest', 'systemd', 'k3s-log', 'k3s']),
  pid: z.number().int().optional(),
  executable: z.string(),
  args: z.array(arg),
  manifest: z.string().optional(),
  image: z.string().optional(),
});
const fileFact = z.looseObject({
  path: z.string(),
  exists: z.boolean(),
  error: z.string().optional(),
  errorCode: z.string().optional(),
  mode: z.number().int().min(0).max(0o7777).optional(),
  uid: z.number().int().optional(),
  gid: z.number().int().optional(),
  user: z.string().optional(),
  group: z.string().optional(),
});
const kubelet = z.looseObject({
  configFile: z.string().optional(),
  configFileSource: z.string(),
  dropIns: z.array(z.string()),
  effective: z.record(z.string(), z.unknown()),
  sources: z.record(z.string(), z.looseObject({ kind: z.enum(['flag', 'drop-in', 'config-file', 'default']), location: location.optional() })),
  flags: z.array(arg),
  configFileError: warning.optional(),
});
const kubeProxy = z.looseObject({
  configFile: z.string().optional(),
  readFrom: z.string().optional(),
  config: z.record(z.string(), z.unknown()).optional(),
  locations: z.record(z.string(), location),
  configFileError: warning.optional(),
});

export const NodeFactsSchema = z.looseObject({
  schemaVersion: z.literal(1),
  root: z.string(),
  collectedAt: z.string(),
  hostname: z.string().optional(),
  kubernetesVersion: z.looseObject({ version: z.string().optional(), source: z.string() }),
  // Absent in facts saved before it was recorded; a platform this version does not know is ignored (platformFact).
  platform: z.looseObject({ platform: z.string().optional(), evidence: z.array(z.string()), role: z.enum(['server', 'agent']).optional(), openshiftVersion: z.string().optional() }).optional(),
  components: z.partialRecord(z.enum(COMPONENTS), component),
  kubelet: kubelet.optional(),
  kubeProxy: kubeProxy.optional(),
  files: z.partialRecord(z.enum(FILE_ROLES), z.array(fileFact)),
  warnings: z.array(warning),
});

/** Reads and validates a facts file; a bad file is an InputError naming the first problems. */
export function readFactsFile(path: string, shownAs: string): NodeFacts {
  let text: string;
  try {
    text = readRegularSync(path, READ_LIMITS.facts, 'a facts file').toString('utf8');
  } catch (error) {
    throw new InputError(`${shownAs}: cannot read facts: ${error instanceof Error ? error.message : String(error)}`, { file: shownAs }, { cause: error });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new InputError(`${shownAs}: not JSON (${error instanceof Error ? error.message : String(error)}); expected the output of \`kubefort collect\``, { file: shownAs }, { cause: error });
  }
  const parsed = NodeFactsSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.slice(0, 5).map((issue) => `${issue.path.join('.') || '<root>'}: ${issue.message}`);
    throw new InputError(`${shownAs}: not kubefort facts (schemaVersion 1): ${problems.join('; ')}`, { file: shownAs });
  }
  return parsed.data as unknown as NodeFacts;
}
