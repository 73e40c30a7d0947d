import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

// The order of vet's layers, lowest first. A module may import from its own folder and from the
// layers below its own, never from one above or beside it; the leaves import nothing of vet's.
// Data flows one way: input -> engine (with sources) -> report -> formatter -> cli.
const LAYERS: readonly (readonly string[])[] = [
  ['errors', 'version', 'suggest', 'temp', 'digits', 'paths', 'keys', 'names'],
  ['input'],
  ['sources'],
  ['engine'],
  ['identity'],
  ['rules'],
  ['formatters'],
  ['audit'],
  ['audit-inputs'],
  ['cli'],
  ['vet', 'bundle'],
];
const LEAVES = new Set(LAYERS[0]);

const src = resolve(new URL('../src', import.meta.url).pathname);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

/** The folder (or top-level module) a file belongs to: "engine", "sources", "audit". */
function layerOf(file: string): string {
  return relative(src, file).split(sep)[0]!.replace(/\.ts$/, '');
}

function rank(layer: string): number {
  const i = LAYERS.findIndex((l) => l.includes(layer));
  if (i < 0) throw new Error(`src/${layer} is in no layer: add it to LAYERS in test/layers.test.ts`);
  return i;
}

/** Every module a file imports: static, dynamic, type-only and re-exports alike. */
function importsOf(file: string): string[] {
  const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  return info.importedFiles
    .map((f) => f.fileName)
    .filter((name) => name.startsWith('.'))
    .map((name) => resolve(dirname(file), name.replace(/\.js$/, '.ts')))
    .filter((path) => path.startsWith(src + sep)); // package.json, read for the version, is no module
}

const files = sourceFiles(src);
const graph = new Map(files.map((f) => [f, importsOf(f)]));

/** Strongly connected components of more than one file, or a file that imports itself. */
function cycles(): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1 || graph.get(v)!.includes(v)) found.push(scc.map((f) => relative(src, f)).sort());
    }
  };
  for (const f of files) if (!index.has(f)) visit(f);
  return found;
}

describe('layers', () => {
  it('finds the source files and their imports', () => {
    expect(files.length).toBeGreaterThan(50);
    expect(graph.get(join(src, 'cli', 'run.ts'))).toContain(join(src, 'errors.ts'));
  });

  it('every import resolves to a source file', () => {
    const missing = [...graph].flatMap(([f, imports]) => imports.filter((i) => !graph.has(i)).map((i) => `${relative(src, f)} -> ${relative(src, i)}`));
    expect(missing).toEqual([]);
  });

  it('imports only downward: from its own folder or a lower layer; the leaves from nothing of vet', () => {
    const wrong: string[] = [];
    for (const [file, imports] of graph) {
      const from = layerOf(file);
      for (const target of imports) {
        const to = layerOf(target);
        if (to === from) continue;
        if (LEAVES.has(from) || rank(to) >= rank(from)) wrong.push(`${relative(src, file)} -> ${relative(src, target)}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('has no import cycle between files, type-only or not', () => {
    expect(cycles()).toEqual([]);
  });

  it('would catch an upward import and a cycle', () => {
    // The checks above pass vacuously if the graph were empty or misread: one planted edge each.
    const engine = join(src, 'engine', 'engine.ts');
    const cli = join(src, 'cli', 'run.ts');
    const saved = graph.get(engine)!;
    graph.set(engine, [...saved, cli]);
    try {
      expect(rank(layerOf(cli))).toBeGreaterThan(rank(layerOf(engine)));
      expect(cycles().some((c) => c.includes('engine/engine.ts') && c.includes('cli/run.ts'))).toBe(true);
    } finally {
      graph.set(engine, saved);
    }
  });
});
