/**
 * The shape of src/, checked from the import statements themselves: no folder imports in a
 * circle, and the ground floors (common, config, database, http) import no feature folder.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

const SRC = resolve('src');
const GROUND = new Set(['common', 'config', 'database', 'http']);
const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+'([^']+)'|import\(\s*'([^']+)'\s*\)/g;

/** Every source file of src/ (specs left out), as a path relative to src/. */
function sourceFiles(dir = SRC): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [relative(SRC, path)] : [];
  });
}

/** The folder of src/ a file belongs to; files at the top of src/ are the composition root. */
function folderOf(file: string): string {
  return file.includes(sep) ? file.split(sep)[0] : '(root)';
}

/** Folder → the folders its files import, each with one file that does, for the failure message. */
function folderImports(): Map<string, Map<string, string>> {
  const graph = new Map<string, Map<string, string>>();
  for (const file of sourceFiles()) {
    const from = folderOf(file);
    const edges = graph.get(from) ?? new Map<string, string>();
    graph.set(from, edges);
    for (const match of readFileSync(join(SRC, file), 'utf8').matchAll(IMPORT)) {
      const specifier = match[1] ?? match[2];
      if (!specifier.startsWith('.')) continue;
      const target = relative(SRC, resolve(SRC, dirname(file), specifier));
      if (target.startsWith('..')) continue;
      const to = folderOf(target);
      if (to !== from && !edges.has(to)) edges.set(to, file);
    }
  }
  return graph;
}

/** Strongly connected components of more than one folder (Tarjan). */
function circles(graph: Map<string, Map<string, string>>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (node: string) => {
    index.set(node, counter);
    low.set(node, counter++);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node)?.keys() ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node)!, index.get(next)!));
      }
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return found;
}

describe('the layout of src/', () => {
  const graph = folderImports();

  it('finds the imports it checks', () => {
    expect(graph.get('billing')?.has('common')).toBe(true);
    expect(graph.get('(root)')?.size).toBeGreaterThan(3);
  });

  it('has no folders that import each other in a circle', () => {
    const described = circles(graph).map((component) =>
      component
        .map((folder) => {
          const inside = [...(graph.get(folder) ?? [])].filter(([to]) => component.includes(to));
          return inside.map(([to, file]) => `${folder} -> ${to} (${file})`).join(', ');
        })
        .join('; '),
    );
    expect(described).toEqual([]);
  });

  it('keeps the ground floors (common, config, database, http) below every feature', () => {
    const upward = [...GROUND].flatMap((folder) =>
      [...(graph.get(folder) ?? [])].filter(([to]) => !GROUND.has(to)).map(([to, file]) => `${file} -> ${to}`),
    );
    expect(upward).toEqual([]);
  });

  it('detects a circle when there is one', () => {
    const tangled = new Map([
      ['a', new Map([['b', 'a/x.ts']])],
      ['b', new Map([['c', 'b/y.ts']])],
      ['c', new Map([['a', 'c/z.ts']])],
      ['d', new Map([['a', 'd/w.ts']])],
    ]);
    expect(circles(tangled)).toEqual([['a', 'b', 'c']]);
  });
});
