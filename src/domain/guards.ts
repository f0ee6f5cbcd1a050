/** A plain JSON/YAML mapping (not null, not a list): the shape every Kubernetes object and field map has. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
