// The structural checks on src/ (import boundaries, cycles, function length), runnable on any root so tests can
// show each check failing on a deliberate violation.
import { checkFunctionLength } from './function-length.mjs';
import { checkImportBoundaries } from './import-boundaries.mjs';
import { parseSourceFiles } from './source-files.mjs';

/** `problems` fail the lint; `warnings` name allowlist entries that can be deleted. */
export function checkArchitecture(root, allow = { imports: [], functions: [] }) {
  const files = parseSourceFiles(root);
  const imports = checkImportBoundaries(files, allow.imports);
  const functions = checkFunctionLength(files, allow.functions);
  const stale = [...imports.unused, ...functions.unused].map((k) => `allowlist entry no longer needed: ${k}`);
  return { problems: [...imports.problems, ...functions.problems], warnings: stale };
}
