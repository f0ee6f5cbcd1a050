export interface ModeEntry {
  mode: number;
  uid: number;
  gid: number;
  path: string;
}
export const FIXTURES_DIR: string;
export function parseModes(text: string, file?: string): ModeEntry[];
export function materializeDirectory(source: string, dest: string, options?: { chown?: boolean }): { entries: ModeEntry[]; chowned: boolean };
export function materializeCase(caseName: string, dest: string, options?: { chown?: boolean }): { entries: ModeEntry[]; chowned: boolean };
export function removeMaterialized(dest: string): void;
