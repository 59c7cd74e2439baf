#!/usr/bin/env node
/**
 * The layer check (`npm test` runs it): the import rules of docs/architecture.md, read from the
 * sources with TypeScript's parser.
 *   - src/core imports only src/core and the pure packages below (it runs unchanged in a worker, in
 *     Node and in the CLI; tsconfig.core.json checks it has no DOM or Node globals);
 *   - src/state never imports src/ui;
 *   - src/ui reaches storage and workers only through src/state (type-only imports are allowed:
 *     they vanish at build time);
 *   - nothing outside src/testing and tests imports src/testing, but main.tsx's `?bench` hooks;
 *   - no import cycle among the app's modules (tests left out).
 * `node scripts/check-layers.mjs [SRC_DIR]` prints each violation and exits 1 when there is one;
 * `--graph` prints the import graph (one `from -> to` line per edge) instead.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAst } from 'rolldown/parseAst';

/** Packages src/core may import: pure computation, no DOM, no Node. */
export const CORE_PACKAGES = ['@techstark/opencv-js', 'fast-png', 'jpeg-js', 'tiff'];

/** Files allowed to import src/testing although they are not tests: the app's `?bench` entry, loaded on demand. */
const TESTING_ALLOWED = [/^main\.tsx$/];

const isTest = (file) => /\.test\.tsx?$/.test(file) || file.startsWith(`testing/`);

function listSources(dir) {
  const out = [];
  (function walk(d) {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.tsx?$/.test(name) && !name.endsWith('.d.ts')) out.push(path);
    }
  })(dir);
  return out;
}

/** Every import and re-export of a file: its specifier and whether it is type-only. */
function importsOf(path) {
  const program = parseAst(readFileSync(path, 'utf8'), { lang: path.endsWith('.tsx') ? 'tsx' : 'ts' }, path);
  const found = [];
  const literal = (node) => (node && node.type === 'Literal' && typeof node.value === 'string' ? node.value : undefined);
  const visit = (node) => {
    if (!node || typeof node.type !== 'string') return;
    if (node.type === 'ImportDeclaration') {
      const specifiers = node.specifiers ?? [];
      const typeOnly = node.importKind === 'type' || (specifiers.length > 0 && specifiers.every((s) => s.importKind === 'type'));
      found.push({ specifier: node.source.value, typeOnly });
    } else if ((node.type === 'ExportNamedDeclaration' || node.type === 'ExportAllDeclaration') && node.source) {
      found.push({ specifier: node.source.value, typeOnly: node.exportKind === 'type' });
    } else if (node.type === 'ImportExpression' && literal(node.source)) {
      found.push({ specifier: literal(node.source), typeOnly: false });
    } else if (node.type === 'NewExpression' && node.callee?.type === 'Identifier' && node.callee.name === 'URL' && literal(node.arguments?.[0])?.startsWith('.')) {
      // new URL('./x.worker.ts', import.meta.url): a worker module is loaded.
      found.push({ specifier: literal(node.arguments[0]), typeOnly: false });
    }
    for (const key of Object.keys(node)) {
      const child = node[key];
      if (Array.isArray(child)) child.forEach(visit);
      else if (child && typeof child === 'object' && key !== 'parent') visit(child);
    }
  };
  visit(program);
  return found;
}

function resolveRelative(fromFile, specifier, files) {
  const base = resolve(dirname(fromFile), specifier);
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts'), join(base, 'index.tsx')]) {
    if (files.has(candidate)) return candidate;
  }
  return undefined;
}

/** The layer of a file: its first folder under src (core, state, ui, …). */
const layerOf = (rel) => (rel.includes('/') ? rel.slice(0, rel.indexOf('/')) : rel);

/** Checks SRC_DIR; returns the violations as readable lines, and the graph. */
export function checkLayers(srcDir) {
  const root = resolve(srcDir);
  const paths = listSources(root);
  const files = new Set(paths);
  const rel = (p) => relative(root, p).split(sep).join('/');
  const problems = [];
  const edges = new Map();
  for (const path of paths) {
    const from = rel(path);
    const fromLayer = layerOf(from);
    const test = isTest(from);
    const targets = [];
    for (const { specifier, typeOnly } of importsOf(path)) {
      if (!specifier.startsWith('.')) {
        if (fromLayer === 'core' && !test && !CORE_PACKAGES.includes(specifier) && !specifier.startsWith('@techstark/opencv-js'))
          problems.push(`${from}: src/core imports '${specifier}' (allowed packages: ${CORE_PACKAGES.join(', ')})`);
        continue;
      }
      const target = resolveRelative(path, specifier, files);
      if (!target) continue; // assets (?url, .json) and the like
      const to = rel(target);
      const toLayer = layerOf(to);
      if (!test) {
        if (fromLayer === 'core' && toLayer !== 'core') problems.push(`${from}: src/core imports ${to} (core imports only core)`);
        if (fromLayer === 'state' && toLayer === 'ui') problems.push(`${from}: src/state imports ${to} (state never imports the UI)`);
        if (fromLayer === 'ui' && (toLayer === 'storage' || toLayer === 'workers') && !typeOnly)
          problems.push(`${from}: the UI imports ${to} (the UI reaches ${toLayer} only through src/state)`);
        if (toLayer === 'testing' && !TESTING_ALLOWED.some((r) => r.test(from)))
          problems.push(`${from}: imports ${to} (src/testing is for tests and benchmarks)`);
        if (!isTest(to)) targets.push(to);
      }
    }
    if (!test) edges.set(from, targets);
  }
  for (const component of findCycles(edges)) {
    const cycle = shortestCycle(component[0], new Set(component), edges);
    const others = component.length - cycle.length;
    problems.push(`import cycle: ${[...cycle, cycle[0]].join(' -> ')}${others > 0 ? ` (and ${others} more modules tied in with it)` : ''}`);
  }
  return { problems, edges };
}

/** The shortest import path from `start` back to itself inside one strongly connected component. */
function shortestCycle(start, inside, edges) {
  const previous = new Map();
  const queue = [start];
  while (queue.length) {
    const v = queue.shift();
    for (const w of edges.get(v) ?? []) {
      if (!inside.has(w)) continue;
      if (w === start) {
        const path = [v];
        while (path[0] !== start) path.unshift(previous.get(path[0]));
        return path;
      }
      if (!previous.has(w)) {
        previous.set(w, v);
        queue.push(w);
      }
    }
  }
  return [start];
}

/** Strongly connected components with more than one file (or a self-import), by Tarjan's algorithm. */
function findCycles(edges) {
  let index = 0;
  const stack = [];
  const state = new Map();
  const cycles = [];
  const strongConnect = (v) => {
    state.set(v, { index, low: index, onStack: true });
    index++;
    stack.push(v);
    for (const w of edges.get(v) ?? []) {
      if (!state.has(w)) {
        strongConnect(w);
        state.get(v).low = Math.min(state.get(v).low, state.get(w).low);
      } else if (state.get(w).onStack) {
        state.get(v).low = Math.min(state.get(v).low, state.get(w).index);
      }
    }
    if (state.get(v).low === state.get(v).index) {
      const component = [];
      let w;
      do {
        w = stack.pop();
        state.get(w).onStack = false;
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (edges.get(v) ?? []).includes(v)) cycles.push(component.reverse());
    }
  };
  for (const v of [...edges.keys()].sort()) if (!state.has(v)) strongConnect(v);
  return cycles;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const graph = args.includes('--graph');
  const dir = args.find((a) => !a.startsWith('--')) ?? join(dirname(fileURLToPath(import.meta.url)), '..', 'src');
  const { problems, edges } = checkLayers(dir);
  if (graph) {
    for (const [from, tos] of [...edges].sort()) for (const to of tos) console.log(`${from} -> ${to}`);
  }
  if (problems.length) {
    console.error(`Layer check: ${problems.length} problem${problems.length === 1 ? '' : 's'}`);
    for (const p of problems) console.error(`  ${p}`);
    process.exit(1);
  }
  if (!graph) console.log(`Layer check: ${edges.size} modules, no cycle, every layer rule kept.`);
}
