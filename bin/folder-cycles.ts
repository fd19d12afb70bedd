/**
 * Part of `npm run depcheck`: reads dependency-cruiser's JSON on stdin and fails when folders of
 * lib/ import each other in a cycle, which `no-circular` misses when no single module closes the
 * loop (deliver/http → deliver/mail → deliver/http through different files). The pipeline
 * files at the root of lib/ count as the folder lib/pipeline; other root files stand alone.
 */
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';

interface Cruise {
  readonly modules: readonly {
    readonly source: string;
    readonly dependencies: readonly { readonly resolved: string }[];
  }[];
}

function folderOf(path: string): string | null {
  if (!path.startsWith('lib/')) return null;
  if (/^lib\/(pipeline|pipeline-types|analyse|render-documents)\.ts$/.test(path)) return 'lib/pipeline';
  const folder = dirname(path);
  return folder === 'lib' ? path : folder;
}

/** Folder → folder → one module edge that makes the folder edge, for the message. */
function folderGraph(cruise: Cruise): Map<string, Map<string, string>> {
  const graph = new Map<string, Map<string, string>>();
  for (const module of cruise.modules) {
    const from = folderOf(module.source);
    if (!from) continue;
    const edges = graph.get(from) ?? new Map<string, string>();
    graph.set(from, edges);
    for (const { resolved } of module.dependencies) {
      const to = folderOf(resolved);
      if (to && to !== from && !edges.has(to)) edges.set(to, `${module.source} → ${resolved}`);
    }
  }
  return graph;
}

/** Strongly connected components of more than one folder (Tarjan). */
function cycles(graph: Map<string, Map<string, string>>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const found: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, index.size);
    low.set(node, index.get(node)!);
    stack.push(node);
    for (const next of graph.get(node)?.keys() ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (stack.includes(next)) {
        low.set(node, Math.min(low.get(node)!, index.get(next)!));
      }
    }
    if (low.get(node) !== index.get(node)) return;
    const component: string[] = [];
    let member: string | undefined;
    do {
      member = stack.pop();
      if (member) component.push(member);
    } while (member && member !== node);
    if (component.length > 1) found.push(component.sort());
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return found;
}

/** The shortest loop through the component's first folder, one module edge per step. */
function loopOf(component: string[], graph: Map<string, Map<string, string>>): string[] {
  const start = component[0]!;
  const cameFrom = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0 && !cameFrom.has(start)) {
    const node = queue.shift()!;
    for (const next of graph.get(node)?.keys() ?? []) {
      if (component.includes(next) && !cameFrom.has(next)) {
        cameFrom.set(next, node);
        queue.push(next);
      }
    }
  }
  const steps: string[] = [];
  let to = start;
  do {
    const from = cameFrom.get(to)!;
    steps.unshift(`${from} → ${to}  (${graph.get(from)?.get(to)})`);
    to = from;
  } while (to !== start);
  return steps;
}

const graph = folderGraph(JSON.parse(readFileSync(0, 'utf8')) as Cruise);
const found = cycles(graph);
for (const component of found) {
  console.error(`\n  error folder-cycle: ${component.join(', ')} import each other, e.g.:`);
  for (const step of loopOf(component, graph)) console.error(`    ${step}`);
  console.error('    Folders of lib/ form a stack: move the shared code down, or invert one import.');
}
if (found.length > 0) process.exit(1);
console.log(`no folder cycle among ${graph.size} folders of lib/`);
