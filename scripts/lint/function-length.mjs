// No function in src/ longer than MAX_FUNCTION_LINES (issue 9): a longer one is split by operation, not scrolled.
import ts from 'typescript';

export const MAX_FUNCTION_LINES = 100;

function functionName(node) {
  if (node.name !== undefined) return node.name.getText();
  if (ts.isConstructorDeclaration(node)) return 'constructor';
  const parent = node.parent;
  if (
    parent !== undefined &&
    (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent))
  ) {
    return parent.name.getText();
  }
  return '<anonymous>';
}

/**
 * Problems for functions (declarations, expressions, arrows, methods, accessors, constructors) over the limit.
 * `allow` holds `path:name` keys tolerated for now; `unused` returns the keys that no longer match anything.
 */
export function checkFunctionLength(files, allow = []) {
  const problems = [];
  const used = new Set();
  for (const { rel, source } of files) {
    const visit = (node) => {
      if (ts.isFunctionLike(node) && 'body' in node && node.body !== undefined) {
        const first = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
        const last = source.getLineAndCharacterOfPosition(node.getEnd()).line;
        const lines = last - first + 1;
        const key = `${rel}:${functionName(node)}`;
        if (lines > MAX_FUNCTION_LINES) {
          if (allow.includes(key)) used.add(key);
          else
            problems.push(
              `${rel}:${first + 1}: function ${functionName(node)} is ${lines} lines (max ${MAX_FUNCTION_LINES}); split it by operation`,
            );
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return { problems, unused: allow.filter((k) => !used.has(k)) };
}
