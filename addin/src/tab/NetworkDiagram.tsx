import { makeStyles, tokens } from '@fluentui/react-components';
import { useMemo } from 'react';
import { forceLayout } from './force-layout';
import type { LeadershipDashboard } from './load';

type Network = LeadershipDashboard['network'];

const WIDTH = 560;
const HEIGHT = 360;

export const CLASSIFICATION_WORDS: Record<Network['classification'], string> = {
  hub_and_spoke: 'Hub-and-spoke: most conversations go through one person.',
  networked: 'Networked: members talk to each other, not only through a hub.',
  mixed: 'Mixed: some peer conversation, but one person still carries much of it.',
  insufficient_data: 'Not enough interactions yet to say how the team communicates.',
};

const useStyles = makeStyles({
  svg: { width: '100%', maxWidth: '40rem', height: 'auto', backgroundColor: tokens.colorNeutralBackground2, borderRadius: tokens.borderRadiusMedium },
  stats: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalL, margin: 0 },
  stat: { display: 'flex', gap: tokens.spacingHorizontalXS, '& dd': { margin: 0, fontWeight: tokens.fontWeightSemibold } },
});

/** The team's communication network, laid out by a small force simulation, with its scores in words. */
export function NetworkDiagram({ network }: { network: Network }) {
  const styles = useStyles();
  const layout = useMemo(() => forceLayout(network.nodes, network.edges, WIDTH, HEIGHT), [network]);
  const maxWeight = Math.max(1, ...network.edges.map((edge) => edge.weight));
  const names = new Map(network.nodes.map((node) => [node.id, node.name]));
  const hub = network.hubId ? names.get(network.hubId) : undefined;
  return (
    <div>
      <dl className={styles.stats} aria-label="Network scores">
        <div className={styles.stat}>
          <dt>Centralisation score</dt>
          <dd data-testid="centralisation">{network.centralisation.toFixed(2)}</dd>
        </div>
        <div className={styles.stat}>
          <dt>Peer share</dt>
          <dd>{Math.round(network.peerShare * 100)}%</dd>
        </div>
        <div className={styles.stat}>
          <dt>Interactions</dt>
          <dd>{network.interactions}</dd>
        </div>
        {hub && (
          <div className={styles.stat}>
            <dt>Hub</dt>
            <dd>{hub}</dd>
          </div>
        )}
      </dl>
      <p data-testid="classification">{CLASSIFICATION_WORDS[network.classification]}</p>
      <svg className={styles.svg} viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={`Communication network of ${network.nodes.length} people. ${CLASSIFICATION_WORDS[network.classification]}`}>
        {network.edges.map((edge) => {
          const a = layout.get(edge.source);
          const b = layout.get(edge.target);
          if (!a || !b) return null;
          return <line key={`${edge.source}-${edge.target}`} x1={a.x} y1={a.y} x2={b.x} y2={b.y} stroke="#616161" strokeOpacity={0.6} strokeWidth={1 + (3 * edge.weight) / maxWeight} />;
        })}
        {network.nodes.map((node) => {
          const point = layout.get(node.id)!;
          const radius = 8 + Math.min(10, node.degree * 2);
          return (
            <g key={node.id} data-node={node.id}>
              <circle cx={point.x} cy={point.y} r={radius} fill={node.isHub ? '#c50f1f' : node.role === 'leader' ? '#0f6cbd' : '#5b5fc7'} stroke="#fff" strokeWidth={2} />
              <text x={point.x} y={point.y + radius + 13} textAnchor="middle" fontSize={12} fill="#242424">
                {node.name}
              </text>
            </g>
          );
        })}
      </svg>
    </div>
  );
}
