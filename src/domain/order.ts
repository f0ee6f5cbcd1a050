/**
 * The orders of every report. Text is compared by UTF-16 code unit, never by locale (localeCompare follows the
 * machine's ICU data and default locale, so the same input could print in another order elsewhere).
 */

/** Code-unit order: `-` < `.` < `/` < digits < upper case < lower case. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Objects by namespace, then name (cluster-scoped objects, namespace '', first): `kubectl get -A` order. */
export function compareNamespaced(a: { namespace: string; name: string }, b: { namespace: string; name: string }): number {
  return compareText(a.namespace, b.namespace) || compareText(a.name, b.name);
}
