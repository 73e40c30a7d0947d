import { forceCenter, forceCollide, forceLink, forceManyBody, forceSimulation, forceX, forceY, type SimulationNodeDatum } from 'd3-force';
import type { ApplicantLevel } from '../engine/levels.js';
import type { ApplicantResult } from '../engine/report.js';
import { KIND_NAMES } from '../identity/identifiers.js';

// The identity-reuse graph of an HTML report: applicants who share an identifier (phone, e-mail,
// bank account, wallet, address, IP, resume) as nodes, each shared identifier as a labelled edge.
// vet lays it out when it writes the report, with d3-force, so the page needs no layout code and
// shows the same picture every time (d3-force's random source is seeded).

export interface GraphNode extends SimulationNodeDatum {
  id: string;
  name: string | null;
  level: ApplicantLevel;
  ring: number;
}

export interface GraphEdge {
  source: string;
  target: string;
  kind: string;
}

/** The identifier kind's name as identity-reuse's messages write it; resume text is the similarity edge. */
export function kindLabel(kind: string | undefined): string {
  if (kind === undefined) return 'identifier';
  if (kind === 'resumeText') return 'resume text';
  return (KIND_NAMES as Record<string, string>)[kind] ?? kind;
}

/** Collects the shared identifiers of the applicants a report lists, bounded in nodes. */
export class RingCollector {
  private readonly nodes = new Map<string, { name: string | null; level: ApplicantLevel }>();
  private readonly edges = new Map<string, GraphEdge>();

  constructor(private readonly maxNodes = 400) {}

  add(a: ApplicantResult): void {
    for (const f of a.findings) {
      if (f.rule !== 'identity-reuse') continue;
      for (const e of f.evidence) {
        const others = [...(e.sharedWith ?? []), ...(e.similarTo ?? [])];
        for (const o of others) {
          if (o.applicant === a.id) continue;
          if (!this.nodes.has(a.id) && this.nodes.size >= this.maxNodes) return;
          this.nodes.set(a.id, { name: a.name, level: a.level });
          const [x, y] = [a.id, o.applicant].sort();
          const kind = e.kind ?? (f.messageId === 'sharedResumeText' ? 'resumeText' : 'identifier');
          this.edges.set(`${x}\u0000${y}\u0000${kind}`, { source: x!, target: y!, kind });
        }
      }
    }
  }

  /** Nodes (with positions) and edges, each ring (connected group) numbered from 1, largest first. */
  layout(width: number, height: number): { nodes: GraphNode[]; edges: GraphEdge[]; rings: number } {
    // Members the report did not list (another file, the ledger) still appear, by id.
    for (const e of this.edges.values()) {
      for (const id of [e.source, e.target]) if (!this.nodes.has(id)) this.nodes.set(id, { name: null, level: 'clear' });
    }
    const ids = [...this.nodes.keys()].sort();
    const parent = new Map(ids.map((id) => [id, id]));
    const find = (id: string): string => {
      let r = id;
      while (parent.get(r) !== r) r = parent.get(r)!;
      parent.set(id, r);
      return r;
    };
    for (const e of this.edges.values()) parent.set(find(e.source), find(e.target));
    const groups = new Map<string, string[]>();
    for (const id of ids) {
      const root = find(id);
      const g = groups.get(root);
      if (g) g.push(id);
      else groups.set(root, [id]);
    }
    const ordered = [...groups.values()].sort((a, b) => b.length - a.length || a[0]!.localeCompare(b[0]!));
    const ringOf = new Map<string, number>();
    ordered.forEach((g, i) => g.forEach((id) => ringOf.set(id, i + 1)));
    // Each ring has its own place on a grid, so rings stay apart as clusters.
    const cols = Math.max(1, Math.ceil(Math.sqrt(ordered.length)));
    const cellW = width / cols;
    const cellH = height / Math.max(1, Math.ceil(ordered.length / cols));
    const centre = (ring: number): [number, number] => [((ring - 1) % cols) * cellW + cellW / 2, Math.floor((ring - 1) / cols) * cellH + cellH / 2];
    const nodes: GraphNode[] = ids.map((id) => {
      const n = this.nodes.get(id)!;
      return { id, name: n.name, level: n.level, ring: ringOf.get(id)! };
    });
    const edges = [...this.edges.values()].sort((a, b) => a.source.localeCompare(b.source) || a.target.localeCompare(b.target) || a.kind.localeCompare(b.kind));
    if (nodes.length > 0) {
      const links = edges.map((e) => ({ source: e.source, target: e.target }));
      const sim = forceSimulation(nodes)
        .randomSource(seeded(1))
        .force(
          'link',
          forceLink<GraphNode, { source: string; target: string }>(links)
            .id((d) => d.id)
            .distance(Math.max(60, Math.min(140, Math.min(cellW, cellH) / 3))),
        )
        .force('charge', forceManyBody().strength(-250))
        .force('x', forceX<GraphNode>((d) => centre(d.ring)[0]).strength(0.06))
        .force('y', forceY<GraphNode>((d) => centre(d.ring)[1]).strength(0.06))
        .force('collide', forceCollide(36))
        .force('center', forceCenter(width / 2, height / 2).strength(0.02))
        .stop();
      sim.tick(300);
      for (const n of nodes) {
        n.x = Math.max(16, Math.min(width - 16, n.x ?? 0));
        n.y = Math.max(16, Math.min(height - 16, n.y ?? 0));
      }
    }
    return { nodes, edges, rings: ordered.length };
  }
}

/** A linear congruential generator: the same layout for the same report. */
function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}
