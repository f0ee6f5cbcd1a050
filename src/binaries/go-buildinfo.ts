/**
 * Go build information as the Go linker embeds it (Go 1.18+): a 32-byte header starting with the magic
 * `\xff Go buildinf:`, a pointer-size byte and a flags byte; when flag bit 2 is set the header is followed by two
 * uvarint-length-prefixed strings, the Go toolchain version and the module info. The module info is framed by a
 * 16-byte sentinel at each end and is tab-separated lines: `path`, `mod`, `dep`, `=>`, `build key=value`.
 * Older binaries store pointers instead (flag bit 2 clear); decoding those needs the ELF program headers, which
 * we do not parse: the result then says so.
 */

export const BUILDINFO_MAGIC = Buffer.from('\xff Go buildinf:', 'latin1');
const HEADER_SIZE = 32;
const FLAG_INLINE_STRINGS = 2;

export interface GoBuildInfo {
  goVersion?: string;
  /** Main package path, e.g. k8s.io/kubernetes/cmd/kubelet. */
  path?: string;
  /** Main module path and version, e.g. k8s.io/kubernetes (devel). */
  mainModule?: string;
  /** `build` settings: -ldflags, GOARCH, vcs.revision, vcs.time, vcs.modified, ... */
  settings: Record<string, string>;
  dependencies: number;
  /** Bytes from the magic to the end of the module info. */
  size?: number;
  /** Set when the blob was found but could not be decoded. */
  note?: string;
}

function uvarint(buf: Uint8Array, start: number): { value: number; next: number } | undefined {
  let value = 0;
  let scale = 1;
  for (let i = start; i < buf.length && i < start + 9; i++) {
    const byte = buf[i] ?? 0;
    value += (byte & 0x7f) * scale;
    if ((byte & 0x80) === 0) return { value, next: i + 1 };
    scale *= 128;
  }
  return undefined;
}

function lengthPrefixed(buf: Uint8Array, start: number): { text: string; next: number } | undefined {
  const len = uvarint(buf, start);
  if (len === undefined || len.next + len.value > buf.length) return undefined;
  return { text: Buffer.from(buf.subarray(len.next, len.next + len.value)).toString('utf8'), next: len.next + len.value };
}

/** Decodes a blob that starts at the magic. `undefined` when it is not a build-info header at all. */
export function decodeBuildInfo(blob: Uint8Array): GoBuildInfo | undefined {
  if (blob.length < HEADER_SIZE || !Buffer.from(blob.subarray(0, BUILDINFO_MAGIC.length)).equals(BUILDINFO_MAGIC)) return undefined;
  const flags = blob[15] ?? 0;
  if ((flags & FLAG_INLINE_STRINGS) === 0) {
    return { settings: {}, dependencies: 0, note: 'Go build info in the pre-Go-1.18 pointer layout: not decoded' };
  }
  const version = lengthPrefixed(blob, HEADER_SIZE);
  if (version === undefined) return { settings: {}, dependencies: 0, note: 'Go build info truncated' };
  const info: GoBuildInfo = { goVersion: version.text, settings: {}, dependencies: 0 };
  const modinfo = lengthPrefixed(blob, version.next);
  if (modinfo === undefined) return { ...info, note: 'Go module info truncated' };
  info.size = modinfo.next;
  const mod = modinfo.text;
  // The framing sentinels are 16 bytes each; the text before the end sentinel ends with a newline.
  if (mod.length < 33 || mod[mod.length - 17] !== '\n') return info;
  for (const line of mod.slice(16, -16).split('\n')) {
    const [kind, first = '', second = ''] = line.split('\t');
    if (kind === 'path') info.path = first;
    else if (kind === 'mod') info.mainModule = second === '' ? first : `${first} ${second}`;
    else if (kind === 'dep') info.dependencies++;
    else if (kind === 'build') {
      const eq = first.indexOf('=');
      if (eq > 0) info.settings[first.slice(0, eq)] = unquote(first.slice(eq + 1));
    }
  }
  return info;
}

/** Build setting values that contain spaces or quotes are Go-quoted ("..."). */
function unquote(value: string): string {
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) {
    try {
      return JSON.parse(value) as string;
    } catch (error) {
      return error instanceof SyntaxError ? value.slice(1, -1) : value;
    }
  }
  return value;
}
