import type { UserInfo } from './types.js';

export const ALL_AUTHENTICATED = 'system:authenticated';
export const ALL_UNAUTHENTICATED = 'system:unauthenticated';
export const ANONYMOUS = 'system:anonymous';
/** Members bypass authorization: kube-apiserver puts a privileged-group authorizer for it before RBAC. */
export const SYSTEM_MASTERS = 'system:masters';
const SA_PREFIX = 'system:serviceaccount:';

/** `system:serviceaccount:<ns>:<name>` split as serviceaccount.SplitUsername does; undefined for any other name. */
export function splitServiceAccount(username: string): { namespace: string; name: string } | undefined {
  if (!username.startsWith(SA_PREFIX)) return undefined;
  const parts = username.slice(SA_PREFIX.length).split(':');
  if (parts.length !== 2 || parts[0] === '' || parts[1] === '') return undefined;
  return { namespace: parts[0] as string, name: parts[1] as string };
}

export function serviceAccountUsername(namespace: string, name: string): string {
  return `${SA_PREFIX}${namespace}:${name}`;
}

/** The groups every token of a ServiceAccount carries (serviceaccount.MakeGroupNames). */
export function serviceAccountGroups(namespace: string): string[] {
  return ['system:serviceaccounts', `system:serviceaccounts:${namespace}`];
}

/**
 * The user the authorizer sees for `--as NAME [--as-group G]...`, as the impersonation filter builds it:
 * a ServiceAccount name without --as-group gets the ServiceAccount groups; every user but system:anonymous gets
 * system:authenticated unless system:authenticated or system:unauthenticated was given. system:anonymous without
 * --as-group gets system:unauthenticated, the group the anonymous authenticator gives real anonymous requests.
 */
export function impersonatedUser(name: string, asGroups: readonly string[]): UserInfo {
  let groups = [...asGroups];
  const sa = splitServiceAccount(name);
  if (sa && groups.length === 0) groups = serviceAccountGroups(sa.namespace);
  if (name === ANONYMOUS) {
    if (groups.length === 0) groups = [ALL_UNAUTHENTICATED];
  } else if (!groups.includes(ALL_AUTHENTICATED) && !groups.includes(ALL_UNAUTHENTICATED)) {
    groups.push(ALL_AUTHENTICATED);
  }
  return { name, groups };
}
