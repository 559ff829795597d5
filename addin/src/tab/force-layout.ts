/**
 * A small, deterministic force layout for the communication network: nodes repel, edges pull (stronger
 * with weight), a weak pull to the centre keeps components together. Positions start on a circle, so the
 * same network always draws the same way. A few hundred iterations of O(n²) are nothing for a team.
 */
export interface LayoutNode {
  id: string;
}
export interface LayoutEdge {
  source: string;
  target: string;
  weight: number;
}

export function forceLayout(nodes: readonly LayoutNode[], edges: readonly LayoutEdge[], width: number, height: number, iterations = 300): Map<string, { x: number; y: number }> {
  const cx = width / 2;
  const cy = height / 2;
  const radius = Math.min(width, height) / 3;
  const pos = nodes.map((_node, index) => ({
    x: cx + radius * Math.cos((2 * Math.PI * index) / Math.max(1, nodes.length)),
    y: cy + radius * Math.sin((2 * Math.PI * index) / Math.max(1, nodes.length)),
  }));
  const index = new Map(nodes.map((node, i) => [node.id, i]));
  const maxWeight = Math.max(1, ...edges.map((edge) => edge.weight));
  const ideal = Math.min(width, height) / 4;
  for (let step = 0; step < iterations; step++) {
    const cooling = 1 - step / iterations;
    const force = pos.map(() => ({ x: 0, y: 0 }));
    for (let i = 0; i < pos.length; i++) {
      for (let j = i + 1; j < pos.length; j++) {
        const dx = pos[i]!.x - pos[j]!.x || 0.01;
        const dy = pos[i]!.y - pos[j]!.y || 0.01;
        const distance2 = Math.max(dx * dx + dy * dy, 1);
        const repulse = (ideal * ideal) / distance2;
        force[i]!.x += dx * repulse * 0.1;
        force[i]!.y += dy * repulse * 0.1;
        force[j]!.x -= dx * repulse * 0.1;
        force[j]!.y -= dy * repulse * 0.1;
      }
    }
    for (const edge of edges) {
      const a = index.get(edge.source);
      const b = index.get(edge.target);
      if (a === undefined || b === undefined) continue;
      const dx = pos[b]!.x - pos[a]!.x;
      const dy = pos[b]!.y - pos[a]!.y;
      const distance = Math.sqrt(dx * dx + dy * dy) || 1;
      const pull = ((distance - ideal) / distance) * 0.05 * (0.5 + edge.weight / maxWeight);
      force[a]!.x += dx * pull;
      force[a]!.y += dy * pull;
      force[b]!.x -= dx * pull;
      force[b]!.y -= dy * pull;
    }
    pos.forEach((point, i) => {
      const f = force[i]!;
      f.x += (cx - point.x) * 0.01;
      f.y += (cy - point.y) * 0.01;
      const length = Math.sqrt(f.x * f.x + f.y * f.y);
      const limit = 10 * cooling + 0.5;
      const scale = length > limit ? limit / length : 1;
      point.x = Math.min(width - 60, Math.max(60, point.x + f.x * scale));
      point.y = Math.min(height - 30, Math.max(30, point.y + f.y * scale));
    });
  }
  return new Map(nodes.map((node, i) => [node.id, pos[i]!]));
}
