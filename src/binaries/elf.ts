/**
 * The ELF identification and e_machine of a binary, mapped to the GOARCH name that the Kubernetes release tree
 * uses in `bin/linux/<arch>/`. Pure: works on the first 20 bytes of the file.
 */

export interface ElfHeader {
  bits: 32 | 64;
  endianness: 'little' | 'big';
  machine: number;
  /** GOARCH as in dl.k8s.io paths, or undefined for a machine Kubernetes does not release for. */
  arch?: string;
}

// e_machine values from the System V ABI (elf.h: EM_386, EM_ARM, EM_PPC64, EM_S390, EM_X86_64, EM_AARCH64, EM_RISCV).
const MACHINES: Record<number, (h: Omit<ElfHeader, 'arch'>) => string | undefined> = {
  3: () => '386',
  40: () => 'arm',
  21: (h) => (h.endianness === 'little' ? 'ppc64le' : 'ppc64'),
  22: () => 's390x',
  62: () => 'amd64',
  183: () => 'arm64',
  243: (h) => (h.bits === 64 ? 'riscv64' : undefined),
};

export function parseElfHeader(head: Uint8Array): ElfHeader | undefined {
  if (head.length < 20 || head[0] !== 0x7f || head[1] !== 0x45 || head[2] !== 0x4c || head[3] !== 0x46) return undefined;
  const bits = head[4] === 1 ? 32 : head[4] === 2 ? 64 : undefined;
  const endianness = head[5] === 1 ? 'little' : head[5] === 2 ? 'big' : undefined;
  if (bits === undefined || endianness === undefined) return undefined;
  const lo = head[18] ?? 0;
  const hi = head[19] ?? 0;
  const machine = endianness === 'little' ? lo | (hi << 8) : (lo << 8) | hi;
  const base = { bits, endianness, machine } as const;
  const arch = MACHINES[machine]?.(base);
  return arch === undefined ? { ...base } : { ...base, arch };
}
