import { classify, networkMetrics, type NetworkInteraction } from '../../core/rules/network-metrics';

const link = (fromId: string, toId: string, times = 1, via = 'check_in'): NetworkInteraction[] => Array.from({ length: times }, () => ({ fromId, toId, via }));

function complete(ids: string[]): NetworkInteraction[] {
  const interactions: NetworkInteraction[] = [];
  for (let i = 0; i < ids.length; i++) for (let j = i + 1; j < ids.length; j++) interactions.push(...link(ids[i]!, ids[j]!));
  return interactions;
}

describe('a wagon wheel: the leader talks to everyone, nobody to each other', () => {
  const people = ['lead', 'a', 'b', 'c', 'd'];
  const metrics = networkMetrics(people, [...link('a', 'lead', 3), ...link('lead', 'b'), ...link('c', 'lead', 2), ...link('lead', 'd')]);

  it('is fully centralised around the leader', () => {
    expect(metrics.centralisation).toBe(1);
    expect(metrics.hubId).toBe('lead');
    expect(metrics.peerShare).toBe(0);
    expect(metrics.transitivity).toBe(0);
    expect(metrics.classification).toBe('hub_and_spoke');
  });

  it('counts degree and weighted degree, and merges both directions into one edge', () => {
    const lead = metrics.nodes.find((node) => node.id === 'lead')!;
    expect(lead).toMatchObject({ degree: 4, weightedDegree: 7, isHub: true });
    expect(metrics.nodes.find((node) => node.id === 'a')).toMatchObject({ degree: 1, weightedDegree: 3, isHub: false });
    expect(metrics.edges).toContainEqual({ a: 'a', b: 'lead', weight: 3, via: { check_in: 3 } });
    expect(metrics.totalWeight).toBe(7);
  });

  it('falls apart into spokes without its hub', () => {
    expect(metrics.componentsWithoutHub).toEqual([['a'], ['b'], ['c'], ['d']]);
  });
});

describe('a complete team: everyone talks to everyone', () => {
  const people = ['a', 'b', 'c', 'd', 'e'];
  const metrics = networkMetrics(people, complete(people));

  it('has no centralisation and full clustering', () => {
    expect(metrics.centralisation).toBe(0);
    expect(metrics.transitivity).toBe(1);
    expect(metrics.classification).toBe('networked');
    expect(metrics.communities).toEqual([people]);
    expect(metrics.componentsWithoutHub).toEqual([['b', 'c', 'd', 'e']]);
  });

  it('reads a triangle as networked too', () => {
    expect(networkMetrics(['x', 'y', 'z'], complete(['x', 'y', 'z'])).classification).toBe('networked');
  });
});

describe('two clusters joined by the leader', () => {
  const people = ['lead', 'audit-1', 'audit-2', 'audit-3', 'tax-1', 'tax-2', 'tax-3'];
  const interactions = [
    ...complete(['audit-1', 'audit-2', 'audit-3']),
    ...complete(['tax-1', 'tax-2', 'tax-3']),
    ...link('lead', 'audit-1'),
    ...link('lead', 'audit-2'),
    ...link('tax-1', 'lead'),
    ...link('tax-3', 'lead'),
  ];
  const metrics = networkMetrics(people, interactions);

  it('is a network with the leader as its most central person', () => {
    expect(metrics.hubId).toBe('lead');
    expect(metrics.classification).toBe('networked');
    expect(metrics.transitivity).toBeGreaterThanOrEqual(0.3);
    expect(metrics.peerShare).toBeGreaterThan(0.5);
  });

  it('finds the two clusters, with and without the leader', () => {
    expect(metrics.componentsWithoutHub).toEqual([
      ['audit-1', 'audit-2', 'audit-3'],
      ['tax-1', 'tax-2', 'tax-3'],
    ]);
    expect(metrics.communities).toHaveLength(2);
    const [first, second] = metrics.communities;
    expect([...first!, ...second!].sort()).toEqual([...people].sort());
    expect(first!.filter((id) => id.startsWith('audit')).length === 3 || first!.filter((id) => id.startsWith('tax')).length === 3).toBe(true);
    const auditCommunity = metrics.nodes.find((node) => node.id === 'audit-1')!.community;
    expect(['audit-2', 'audit-3'].every((id) => metrics.nodes.find((node) => node.id === id)!.community === auditCommunity)).toBe(true);
    const taxCommunity = metrics.nodes.find((node) => node.id === 'tax-1')!.community;
    expect(taxCommunity).not.toBe(auditCommunity);
  });
});

describe('an org chart: a cascade without clusters', () => {
  it('reads as hub-and-spoke even though no single person carries most of it', () => {
    const metrics = networkMetrics(
      ['partner', 'mgr-1', 'mgr-2', 'jr-1', 'jr-2', 'jr-3', 'jr-4'],
      [...link('partner', 'mgr-1'), ...link('partner', 'mgr-2'), ...link('mgr-1', 'jr-1'), ...link('mgr-1', 'jr-2'), ...link('mgr-2', 'jr-3'), ...link('mgr-2', 'jr-4')],
    );
    expect(metrics.transitivity).toBe(0);
    expect(metrics.peerShare).toBeGreaterThanOrEqual(0.25);
    expect(metrics.classification).toBe('hub_and_spoke');
  });
});

describe('isolates, self-loops and strangers', () => {
  it('keeps isolates as nodes of degree 0 that count in the centralisation', () => {
    const metrics = networkMetrics(['lead', 'a', 'b', 'c', 'quiet'], [...link('lead', 'a'), ...link('lead', 'b'), ...link('lead', 'c')]);
    expect(metrics.isolates).toEqual(['quiet']);
    expect(metrics.nodes.find((node) => node.id === 'quiet')).toMatchObject({ degree: 0, weightedDegree: 0 });
    // Σ(3 − degree) = 0 + 2 + 2 + 2 + 3 = 9 over (n − 1)(n − 2) = 12
    expect(metrics.centralisation).toBe(0.75);
    expect(metrics.communities).toContainEqual(['quiet']);
    expect(metrics.componentsWithoutHub).toEqual([['a'], ['b'], ['c']]);
  });

  it('ignores self-loops and interactions with people outside the team', () => {
    const metrics = networkMetrics(['a', 'b', 'c'], [...link('a', 'a', 4), ...link('a', 'outsider'), ...link('a', 'b')]);
    expect(metrics.ignoredInteractions).toBe(5);
    expect(metrics.edges).toEqual([{ a: 'a', b: 'b', weight: 1, via: { check_in: 1 } }]);
    expect(metrics.nodes.find((node) => node.id === 'a')).toMatchObject({ degree: 1, weightedDegree: 1 });
  });

  it('gives 0 centralisation below three people, and too little to classify', () => {
    expect(networkMetrics(['a', 'b'], link('a', 'b', 5)).centralisation).toBe(0);
    expect(networkMetrics(['a', 'b'], link('a', 'b', 5)).classification).toBe('insufficient_data');
    expect(networkMetrics([], []).classification).toBe('insufficient_data');
    expect(networkMetrics(['a', 'b', 'c'], []).hubId).toBeUndefined();
  });

  it('tells interactions apart by how they happened', () => {
    const metrics = networkMetrics(['a', 'b'], [...link('a', 'b', 2, 'check_in'), ...link('b', 'a', 1, 'help_request')]);
    expect(metrics.edges).toEqual([{ a: 'a', b: 'b', weight: 3, via: { check_in: 2, help_request: 1 } }]);
  });
});

describe('determinism', () => {
  it('gives the same answer for the same team in any order', () => {
    const people = ['lead', 'a1', 'a2', 'b1', 'b2', 'c'];
    const interactions = [...link('lead', 'a1'), ...link('lead', 'a2'), ...link('a1', 'a2', 2), ...link('lead', 'b1'), ...link('b2', 'lead'), ...link('b1', 'b2'), ...link('c', 'b2')];
    const first = networkMetrics(people, interactions);
    for (let seed = 1; seed <= 5; seed++) {
      const shuffledPeople = shuffle(people, seed);
      const shuffledInteractions = shuffle(interactions, seed * 7).map((interaction, index) => (index % 2 === 0 ? { ...interaction, fromId: interaction.toId, toId: interaction.fromId } : interaction));
      expect(networkMetrics(shuffledPeople, shuffledInteractions)).toEqual(first);
    }
  });

  it('breaks ties for the hub by weighted degree, then by id', () => {
    expect(networkMetrics(['m', 'n', 'x', 'y'], [...link('m', 'x'), ...link('n', 'y'), ...link('m', 'n')]).hubId).toBe('m');
    expect(networkMetrics(['m', 'n', 'x', 'y'], [...link('m', 'x'), ...link('n', 'y', 2), ...link('m', 'n')]).hubId).toBe('n');
  });
});

describe('the classification thresholds', () => {
  it.each([
    [{ activePeople: 2, edges: 1, centralisation: 0, transitivity: 0, peerShare: 0 }, 'insufficient_data'],
    [{ activePeople: 6, edges: 5, centralisation: 1, transitivity: 0, peerShare: 0 }, 'hub_and_spoke'],
    [{ activePeople: 6, edges: 8, centralisation: 0.6, transitivity: 0.4, peerShare: 0.2 }, 'hub_and_spoke'],
    [{ activePeople: 6, edges: 8, centralisation: 0.3, transitivity: 0.05, peerShare: 0.5 }, 'hub_and_spoke'],
    [{ activePeople: 6, edges: 8, centralisation: 0.6, transitivity: 0.6, peerShare: 0.3 }, 'networked'],
    [{ activePeople: 6, edges: 8, centralisation: 0.1, transitivity: 0.2, peerShare: 0.6 }, 'mixed'],
    [{ activePeople: 6, edges: 6, centralisation: 0, transitivity: 0, peerShare: 0.6 }, 'mixed'],
  ] as const)('%j is %s', (measures, expected) => {
    expect(classify(measures)).toBe(expected);
  });
});

/** A deterministic shuffle (mulberry32). */
function shuffle<T>(items: readonly T[], seed: number): T[] {
  let state = seed;
  const random = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}
