/**
 * The team's communication network: who helps or contacts whom within an account team.
 *
 * The source text contrasts three drawings of a team's communication: an org chart cascading down from
 * the leader, a wagon wheel with the leader as hub and the members as spokes, and — in the most effective
 * teams — a network whose lines "connect not only to the center, but also to each other, usually in some
 * sort of clusters". This module turns interactions into an undirected weighted graph and measures which
 * of those drawings the team resembles. Pure and deterministic: the same interactions and people in any
 * order give the same answer.
 *
 * Measures
 * - degree: distinct people someone interacted with; weightedDegree: how many interactions that was.
 * - centralisation: Freeman's degree centralisation over every person of the team (isolates included),
 *   Σ(maxDegree − degreeᵢ) / ((n − 1)(n − 2)); 1 for a star, 0 for a complete graph, 0 when n < 3.
 * - hub: the most central person (highest degree, then weighted degree, then smallest id).
 * - peerShare: the share of interaction weight on edges that do not touch the hub — lines between members.
 * - transitivity: 3 × triangles / connected triples (global clustering coefficient); 0 for a star or any
 *   tree (the org chart), 1 for a complete graph. It is what "connect to each other in clusters" measures.
 *
 * Classification (thresholds below, chosen so that a star and an org-chart tree read as hub-and-spoke, a
 * complete team and two cliques joined by their leader read as networked):
 * - `insufficient_data`: fewer than 3 people with any interaction, or fewer than 2 distinct pairs.
 * - `hub_and_spoke`: peerShare < 0.25 (three quarters or more of all interaction runs through one
 *   person), or transitivity < 0.1 with centralisation ≥ 0.2 (an org chart: lines cascade down a tree,
 *   with no clusters; a tree spreads degree over its managers, so its centralisation is modest).
 * - `networked`: peerShare ≥ 0.25 and transitivity ≥ 0.3 (members talk to each other, in clusters).
 * - `mixed`: anything in between.
 *
 * Clusters, two views:
 * - `componentsWithoutHub`: the connected components of the active team once the hub is taken out. In a
 *   wagon wheel every spoke falls apart into a singleton; in a network the clusters stay together.
 * - `communities`: greedy modularity agglomeration (Clauset–Newman–Moore) on the weighted graph. Everyone
 *   starts alone; at each step the two connected communities whose merger raises the modularity most are
 *   merged (ΔQ = 2·(e_ij − a_i·a_j)); ties go to the pair whose smallest member ids sort first. It stops
 *   when no merger raises the modularity. Chosen over label propagation, which on small teams lets the
 *   leader's label flood both clusters; this is deterministic and finds "two clusters joined by the
 *   leader". Isolates are communities of one. Communities are listed largest first, then by smallest id.
 */

export interface NetworkInteraction {
  fromId: string;
  toId: string;
  via?: string;
}

export type NetworkClassification = 'hub_and_spoke' | 'networked' | 'mixed' | 'insufficient_data';

export const NETWORK_THRESHOLDS = {
  /** Below this share of interaction between members other than the hub, the team is a wagon wheel. */
  hubPeerShareBelow: 0.25,
  /** An org chart: no clusters (transitivity below this) but clearly centralised (at or above the next). */
  orgChartTransitivityBelow: 0.1,
  orgChartCentralisationAtLeast: 0.2,
  /** A network: at least this share between members, and at least this much clustering. */
  networkedPeerShareAtLeast: 0.25,
  networkedTransitivityAtLeast: 0.3,
  /** Fewer active people or distinct pairs than this is too little to classify. */
  minActivePeople: 3,
  minEdges: 2,
} as const;

export interface NetworkNodeMetrics {
  id: string;
  degree: number;
  weightedDegree: number;
  /** Index into `communities`. */
  community: number;
  isHub: boolean;
}

export interface NetworkEdge {
  /** The pair in id order: `a < b`. */
  a: string;
  b: string;
  weight: number;
  /** Interactions on this edge by their `via`, e.g. `{ check_in: 3 }`. */
  via: Record<string, number>;
}

export interface NetworkMetrics {
  nodes: NetworkNodeMetrics[];
  edges: NetworkEdge[];
  totalWeight: number;
  centralisation: number;
  transitivity: number;
  peerShare: number;
  hubId?: string;
  classification: NetworkClassification;
  /** Members grouped by greedy modularity; each sorted by id. */
  communities: string[][];
  /** Connected components among active people other than the hub; each sorted by id. */
  componentsWithoutHub: string[][];
  /** People on the team with no interaction at all. */
  isolates: string[];
  /** Interactions left out: self-loops, or an end outside the team. */
  ignoredInteractions: number;
}

const round = (value: number) => Math.round(value * 1000) / 1000;
const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Measures the communication network of `peopleIds` (the account team: leaders and members) from their
 * interactions. Interactions with someone outside the team, and self-loops, are ignored and counted.
 */
export function networkMetrics(peopleIds: readonly string[], interactions: readonly NetworkInteraction[]): NetworkMetrics {
  const ids = [...new Set(peopleIds)].sort(byId);
  const members = new Set(ids);
  const adjacency = new Map<string, Map<string, number>>(ids.map((id) => [id, new Map()]));
  const edgeByKey = new Map<string, NetworkEdge>();
  let ignoredInteractions = 0;

  for (const interaction of interactions) {
    const { fromId, toId } = interaction;
    if (fromId === toId || !members.has(fromId) || !members.has(toId)) {
      ignoredInteractions++;
      continue;
    }
    const [a, b] = fromId < toId ? [fromId, toId] : [toId, fromId];
    const key = `${a}\u0000${b}`;
    const edge = edgeByKey.get(key) ?? { a, b, weight: 0, via: {} };
    edge.weight++;
    const via = interaction.via ?? 'unknown';
    edge.via[via] = (edge.via[via] ?? 0) + 1;
    edgeByKey.set(key, edge);
    adjacency.get(a)!.set(b, edge.weight);
    adjacency.get(b)!.set(a, edge.weight);
  }

  const edges = [...edgeByKey.values()].sort((x, y) => byId(x.a, y.a) || byId(x.b, y.b)).map((edge) => ({ ...edge, via: sortedRecord(edge.via) }));
  const degree = (id: string) => adjacency.get(id)!.size;
  const weightedDegree = (id: string) => [...adjacency.get(id)!.values()].reduce((sum, weight) => sum + weight, 0);
  const totalWeight = edges.reduce((sum, edge) => sum + edge.weight, 0);
  const active = ids.filter((id) => degree(id) > 0);
  const isolates = ids.filter((id) => degree(id) === 0);

  const n = ids.length;
  const maxDegree = ids.reduce((max, id) => Math.max(max, degree(id)), 0);
  const centralisation = n < 3 ? 0 : ids.reduce((sum, id) => sum + (maxDegree - degree(id)), 0) / ((n - 1) * (n - 2));

  const hubId = active.length === 0 ? undefined : [...active].sort((x, y) => degree(y) - degree(x) || weightedDegree(y) - weightedDegree(x) || byId(x, y))[0];
  const hubWeight = hubId ? weightedDegree(hubId) : 0;
  const peerShare = totalWeight === 0 ? 0 : (totalWeight - hubWeight) / totalWeight;
  const transitivity = globalTransitivity(ids, adjacency);

  const classification = classify({ activePeople: active.length, edges: edges.length, centralisation, transitivity, peerShare });
  const communities = greedyModularity(ids, edges, totalWeight);
  const communityOf = new Map<string, number>();
  communities.forEach((community, index) => community.forEach((id) => communityOf.set(id, index)));

  return {
    nodes: ids.map((id) => ({ id, degree: degree(id), weightedDegree: weightedDegree(id), community: communityOf.get(id)!, isHub: id === hubId })),
    edges,
    totalWeight,
    centralisation: round(centralisation),
    transitivity: round(transitivity),
    peerShare: round(peerShare),
    ...(hubId ? { hubId } : {}),
    classification,
    communities,
    componentsWithoutHub: components(
      active.filter((id) => id !== hubId),
      adjacency,
    ),
    isolates,
    ignoredInteractions,
  };
}

/** The classification rule on its own, for the thresholds documented above. */
export function classify(measures: { activePeople: number; edges: number; centralisation: number; transitivity: number; peerShare: number }): NetworkClassification {
  const t = NETWORK_THRESHOLDS;
  if (measures.activePeople < t.minActivePeople || measures.edges < t.minEdges) return 'insufficient_data';
  if (measures.peerShare < t.hubPeerShareBelow) return 'hub_and_spoke';
  if (measures.transitivity < t.orgChartTransitivityBelow && measures.centralisation >= t.orgChartCentralisationAtLeast) return 'hub_and_spoke';
  if (measures.peerShare >= t.networkedPeerShareAtLeast && measures.transitivity >= t.networkedTransitivityAtLeast) return 'networked';
  return 'mixed';
}

function globalTransitivity(ids: readonly string[], adjacency: Map<string, Map<string, number>>): number {
  let closedTriplets = 0;
  let triplets = 0;
  for (const id of ids) {
    const neighbours = [...adjacency.get(id)!.keys()];
    const k = neighbours.length;
    triplets += (k * (k - 1)) / 2;
    for (let i = 0; i < k; i++) {
      for (let j = i + 1; j < k; j++) {
        if (adjacency.get(neighbours[i]!)!.has(neighbours[j]!)) closedTriplets++;
      }
    }
  }
  // Each triangle closes three triplets, one centred on each corner: closedTriplets = 3 × triangles.
  return triplets === 0 ? 0 : closedTriplets / triplets;
}

function greedyModularity(ids: readonly string[], edges: readonly NetworkEdge[], totalWeight: number): string[][] {
  const communityOf = new Map(ids.map((id) => [id, id]));
  const members = new Map(ids.map((id) => [id, [id]]));
  if (totalWeight === 0) return sortGroups([...members.values()]);
  const twoM = 2 * totalWeight;
  const strength = new Map<string, number>(ids.map((id) => [id, 0]));
  for (const edge of edges) {
    strength.set(edge.a, strength.get(edge.a)! + edge.weight);
    strength.set(edge.b, strength.get(edge.b)! + edge.weight);
  }
  const EPSILON = 1e-12;
  for (;;) {
    // a_c: the community's share of all edge ends; e_cd: its share of the edges running between c and d.
    const share = new Map<string, number>();
    for (const [label, group] of members) share.set(label, group.reduce((sum, id) => sum + strength.get(id)!, 0) / twoM);
    const between = new Map<string, { c: string; d: string; weight: number }>();
    for (const edge of edges) {
      const [c, d] = [communityOf.get(edge.a)!, communityOf.get(edge.b)!].sort(byId) as [string, string];
      if (c === d) continue;
      const key = `${c}\u0000${d}`;
      const pair = between.get(key) ?? { c, d, weight: 0 };
      pair.weight += edge.weight;
      between.set(key, pair);
    }
    let best: { c: string; d: string; gain: number } | undefined;
    for (const pair of [...between.values()].sort((x, y) => byId(x.c, y.c) || byId(x.d, y.d))) {
      const gain = 2 * (pair.weight / twoM - share.get(pair.c)! * share.get(pair.d)!);
      if (gain > EPSILON && (!best || gain > best.gain + EPSILON)) best = { c: pair.c, d: pair.d, gain };
    }
    if (!best) break;
    // Labels are the smallest member id, so the merged community keeps `c` (c < d).
    const merged = [...members.get(best.c)!, ...members.get(best.d)!];
    members.delete(best.d);
    members.set(best.c, merged);
    for (const id of merged) communityOf.set(id, best.c);
  }
  return sortGroups([...members.values()]);
}

function components(ids: readonly string[], adjacency: Map<string, Map<string, number>>): string[][] {
  const inScope = new Set(ids);
  const seen = new Set<string>();
  const found: string[][] = [];
  for (const start of ids) {
    if (seen.has(start)) continue;
    const component: string[] = [];
    const stack = [start];
    seen.add(start);
    while (stack.length > 0) {
      const id = stack.pop()!;
      component.push(id);
      for (const neighbour of adjacency.get(id)!.keys()) {
        if (inScope.has(neighbour) && !seen.has(neighbour)) {
          seen.add(neighbour);
          stack.push(neighbour);
        }
      }
    }
    found.push(component);
  }
  return sortGroups(found);
}

function sortGroups(groups: string[][]): string[][] {
  return groups.map((group) => [...group].sort(byId)).sort((x, y) => y.length - x.length || byId(x[0]!, y[0]!));
}

function sortedRecord(record: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(record).sort(([x], [y]) => byId(x, y)));
}
