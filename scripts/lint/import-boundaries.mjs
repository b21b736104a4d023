// Arrows point down (docs/architecture.md, Import rules): core imports nothing with I/O, ports import only core,
// a service imports no adapter, no other service and not the composition (app, cli), and no import cycle exists.
import { dirname, posix } from 'node:path';
import ts from 'typescript';

// Modules that do I/O: core must stay pure, so it can be tested and reused without a back end.
const IO_MODULES = new Set([
  'fs',
  'net',
  'http',
  'https',
  'http2',
  'tls',
  'child_process',
  'worker_threads',
  'dgram',
  'ioredis',
  'pg',
  '@electric-sql/pglite',
  'undici',
  'fastify',
]);
const CORE_MAY_NOT = new Set(['ports', 'adapters', 'runtime', 'service', 'app', 'cli', 'observability']);
const PORTS_MAY_NOT = new Set(['adapters', 'runtime', 'service', 'app', 'cli']);

/** `core`, `ports`, `adapters`, …; `service` (with its name) for src/services/<name>/, `runtime` for src/services/runtime/. */
function layerOf(rel) {
  const [, top, sub] = rel.split('/');
  if (top === 'services') return sub === 'runtime' ? { layer: 'runtime' } : { layer: 'service', name: sub };
  return { layer: top };
}

function packageName(spec) {
  const bare = spec.replace(/^node:/, '');
  const parts = bare.split('/');
  return bare.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

function allTypeOnly(elements) {
  return elements !== undefined && elements.length > 0 && elements.every((e) => e.isTypeOnly);
}

/** Each import of a file: `{ spec, typeOnly }`. `import type`, `export type` and all-`type` braces are type-only. */
function importsOf(source) {
  const found = [];
  const visit = (node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const c = node.importClause;
      const named = c?.namedBindings !== undefined && ts.isNamedImports(c.namedBindings) ? c.namedBindings.elements : undefined;
      const typeOnly = c !== undefined && (c.isTypeOnly || (c.name === undefined && allTypeOnly(named)));
      found.push({ spec: node.moduleSpecifier.text, typeOnly });
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier !== undefined && ts.isStringLiteral(node.moduleSpecifier)) {
      const named =
        node.exportClause !== undefined && ts.isNamedExports(node.exportClause) ? node.exportClause.elements : undefined;
      found.push({ spec: node.moduleSpecifier.text, typeOnly: node.isTypeOnly || allTypeOnly(named) });
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] !== undefined &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      found.push({ spec: node.arguments[0].text, typeOnly: false });
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      found.push({ spec: node.argument.literal.text, typeOnly: true });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** The src/ file a relative specifier names (`./keys.js` → `src/core/keys.ts`), or null when it is outside the set. */
function resolveRelative(fromRel, spec, known) {
  const joined = posix.normalize(posix.join(dirname(fromRel), spec));
  for (const candidate of [joined.replace(/\.js$/, '.ts'), `${joined}.ts`, `${joined}/index.ts`])
    if (known.has(candidate)) return candidate;
  return null;
}

function boundaryProblem(from, target) {
  const f = layerOf(from);
  if (target.module !== undefined) {
    return f.layer === 'core' && IO_MODULES.has(packageName(target.module)) ? 'core imports an I/O module' : null;
  }
  const t = layerOf(target.file);
  if (f.layer === 'core' && CORE_MAY_NOT.has(t.layer)) return `core imports ${t.layer === 'service' ? 'a service' : t.layer}`;
  if (f.layer === 'ports' && PORTS_MAY_NOT.has(t.layer)) return `a port imports ${t.layer === 'service' ? 'a service' : t.layer}`;
  if ((f.layer === 'service' || f.layer === 'runtime') && t.layer === 'adapters')
    return `${f.layer === 'runtime' ? 'the runtime' : 'a service'} imports an adapter; go through a port`;
  if (f.layer === 'runtime' && t.layer === 'service') return 'the runtime imports a service';
  // app/ and cli/ compose the services, so a service importing them would point an arrow back up.
  if ((f.layer === 'service' || f.layer === 'runtime') && (t.layer === 'app' || t.layer === 'cli'))
    return `a service imports ${t.layer}`;
  if (f.layer === 'service' && t.layer === 'service' && t.name !== f.name)
    return 'a service imports another service; share it through core, a port or services/runtime';
  return null;
}

/** The first cycle through `start` inside its strongly connected component (breadth-first, so the shortest). */
function cycleThrough(start, edges, inComponent) {
  const previous = new Map([[start, null]]);
  const queue = [start];
  while (queue.length > 0) {
    const node = queue.shift();
    for (const next of edges.get(node) ?? []) {
      if (next === start) {
        const path = [start];
        for (let n = node; n !== start; n = previous.get(n)) path.splice(1, 0, n);
        return [...path, start];
      }
      if (inComponent.has(next) && !previous.has(next)) {
        previous.set(next, node);
        queue.push(next);
      }
    }
  }
  return [start, start];
}

/** Strongly connected components with a cycle (Tarjan), each as a set of files. */
function cyclicComponents(edges) {
  const index = new Map(),
    low = new Map(),
    stack = [],
    onStack = new Set(),
    found = [];
  const connect = (v) => {
    index.set(v, index.size);
    low.set(v, index.get(v));
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!index.has(w)) {
        connect(w);
        low.set(v, Math.min(low.get(v), low.get(w)));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v), index.get(w)));
    }
    if (low.get(v) !== index.get(v)) return;
    const component = new Set();
    let w;
    do {
      w = stack.pop();
      onStack.delete(w);
      component.add(w);
    } while (w !== v);
    if (component.size > 1 || (edges.get(v) ?? []).includes(v)) found.push(component);
  };
  for (const v of [...edges.keys()].sort()) if (!index.has(v)) connect(v);
  return found;
}

/**
 * Boundary and cycle problems. `allow` holds `from -> to` keys tolerated for now; `unused` returns those that no longer
 * match. Cycles count only imports that exist at run time: `import type` is erased, so a type-only cycle is harmless.
 */
export function checkImportBoundaries(files, allow = []) {
  const known = new Set(files.map((f) => f.rel));
  const problems = [];
  const used = new Set();
  const runtimeEdges = new Map();
  for (const { rel, source } of files) {
    runtimeEdges.set(rel, []);
    for (const { spec, typeOnly } of importsOf(source)) {
      const file = spec.startsWith('.') ? resolveRelative(rel, spec, known) : null;
      if (spec.startsWith('.') && file === null) continue; // outside src/ (generated assets, json); tsc checks it exists
      const target = file === null ? { module: spec } : { file };
      if (file !== null && !typeOnly) runtimeEdges.get(rel).push(file);
      const problem = boundaryProblem(rel, target);
      if (problem === null) continue;
      const key = `${rel} -> ${file ?? spec}`;
      if (allow.includes(key)) used.add(key);
      else problems.push(`${rel}: ${problem} (${file ?? spec})`);
    }
  }
  for (const component of cyclicComponents(runtimeEdges)) {
    const first = [...component].sort()[0];
    problems.push(`import cycle: ${cycleThrough(first, runtimeEdges, component).join(' -> ')}`);
  }
  return { problems, unused: allow.filter((k) => !used.has(k)) };
}
