/**
 * Commander words its parser errors over two or three lines (`error: ...`, `(Did you mean ...?)`, a help
 * hint). kubefort prints every usage error as one line `kubefort: <what>` and at most one hint line, so a
 * CI log shows the cause where the exit code is reported.
 */
export function usageErrorLines(message: string, commandPath: string): [string] | [string, string] {
  const lines = message.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  const suggestion = lines.find((l) => /^\(Did you mean/.test(l));
  const what = lines.filter((l) => l !== suggestion).join(' ').replace(/^error:\s*/, '');
  const hint = suggestion ?? `(run "${commandPath} --help" for usage)`;
  return [`kubefort: ${what}`, hint];
}
