import type { BenchmarkDef, CheckDef, ControlsDef, GroupDef } from '../model.js';

/**
 * A benchmark version written as the difference from its neighbour: which checks were added, removed,
 * renumbered or changed. Every step names the ids it touches and throws when one is missing, so a delta
 * can never silently miss its target when the neighbour changes.
 */
export type CheckStep = (checks: readonly CheckDef[], group: string) => readonly CheckDef[];

function need(checks: readonly CheckDef[], id: string, group: string): number {
  const at = checks.findIndex((c) => c.id === id);
  if (at < 0) throw new Error(`benchmark delta: group ${group} has no check ${id}`);
  return at;
}

/** Drop checks the older/newer benchmark does not have. */
export function remove(...ids: string[]): CheckStep {
  return (checks, group) => {
    for (const id of ids) need(checks, id, group);
    return checks.filter((c) => !ids.includes(c.id));
  };
}

/** Change some fields of a check (classification, expectation, wording). */
export function change(id: string, fields: Partial<Omit<CheckDef, 'id'>>): CheckStep {
  return (checks, group) => {
    const at = need(checks, id, group);
    return checks.map((c, i) => (i === at ? { ...c, ...fields } : c));
  };
}

/** Insert a check after `after` (null: first). Its id is the one it has in this benchmark; renumber() follows. */
export function insertAfter(after: string | null, check: CheckDef): CheckStep {
  return (checks, group) => {
    const at = after === null ? 0 : need(checks, after, group) + 1;
    return [...checks.slice(0, at), check, ...checks.slice(at)];
  };
}

/** Keep only the first n checks (later recommendations did not exist yet). */
export function keepFirst(n: number): CheckStep {
  return (checks, group) => {
    if (checks.length < n) throw new Error(`benchmark delta: group ${group} has ${checks.length} checks, fewer than ${n}`);
    return checks.slice(0, n);
  };
}

/** Number the checks <group>.1, <group>.2, … in order, as the benchmark does after an insertion or removal. */
export function renumber(): CheckStep {
  return (checks, group) => checks.map((c, i) => ({ ...c, id: `${group}.${i + 1}` }));
}

/** Apply steps to one group; `id` renames the group (its checks are renumbered under the new id). */
export function editGroup(group: GroupDef, steps: readonly CheckStep[], rename?: { id: string; text?: string }): GroupDef {
  let checks = group.checks;
  for (const step of steps) checks = step(checks, group.id);
  if (rename === undefined) return { ...group, checks };
  return { id: rename.id, text: rename.text ?? group.text, checks: renumber()(checks, rename.id) };
}

/** A group-level edit: a function of the neighbour's group, or null to drop the group. */
export type GroupEdit = ((group: GroupDef) => GroupDef) | null;

/** Apply group edits by group id to a benchmark's sections; an id not present throws. */
export function editControls(controls: readonly ControlsDef[], edits: Readonly<Record<string, GroupEdit>>): readonly ControlsDef[] {
  const seen = new Set<string>();
  const result = controls.map((section) => ({
    ...section,
    groups: section.groups.flatMap((group) => {
      if (!(group.id in edits)) return [group];
      seen.add(group.id);
      const edit = edits[group.id];
      return edit === null || edit === undefined ? [] : [edit(group)];
    }),
  }));
  for (const id of Object.keys(edits)) {
    if (!seen.has(id)) throw new Error(`benchmark delta: no group ${id} to edit`);
  }
  return result;
}

/** A benchmark derived from its neighbour. */
export function derive(base: BenchmarkDef, meta: Omit<BenchmarkDef, 'controls'>, edits: Readonly<Record<string, GroupEdit>>): BenchmarkDef {
  return { ...meta, controls: editControls(base.controls, edits) };
}
