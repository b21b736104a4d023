export interface ArchitectureAllowlist {
  readonly imports: readonly string[];
  readonly functions: readonly string[];
}
export function checkArchitecture(root: string, allow?: ArchitectureAllowlist): { problems: string[]; warnings: string[] };
