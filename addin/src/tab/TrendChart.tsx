import { makeStyles, tokens } from '@fluentui/react-components';
import type { LeadershipDashboard } from './load';

type Reviews = LeadershipDashboard['reviews'];

const useStyles = makeStyles({
  svg: { width: '100%', maxWidth: '36rem', height: 'auto' },
  legend: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalM, listStyleType: 'none', padding: 0 },
  swatch: { display: 'inline-block', width: '0.75rem', height: '0.75rem', marginRight: tokens.spacingHorizontalXS, borderRadius: '2px' },
  hidden: { position: 'absolute', width: '1px', height: '1px', overflow: 'hidden', clip: 'rect(0 0 0 0)', whiteSpace: 'nowrap' },
});

const WIDTH = 480;
const HEIGHT = 200;
const PAD = { left: 36, right: 32, top: 12, bottom: 28 };
/** Answers are on a 1–5 scale. */
const SCALE = [1, 5] as const;
const SERIES = [
  { key: 'overall', label: 'Overall', color: '#0f6cbd', dash: undefined },
  { key: 'roleClarity', label: 'Role clarity', color: '#8a3707', dash: '6 4' },
] as const;

/**
 * The review trend: overall score and role clarity per closed cycle, as a small SVG line chart. The
 * same numbers are in a visually hidden table for screen readers (the SVG itself is one labelled image).
 */
export default function TrendChart({ trend }: { trend: Reviews['trend'] }) {
  const styles = useStyles();
  if (trend.length === 0) return <p>No closed reviews yet: the trend appears after the first one.</p>;
  const x = (index: number) => PAD.left + (trend.length === 1 ? (WIDTH - PAD.left - PAD.right) / 2 : (index * (WIDTH - PAD.left - PAD.right)) / (trend.length - 1));
  const y = (value: number) => PAD.top + ((SCALE[1] - value) * (HEIGHT - PAD.top - PAD.bottom)) / (SCALE[1] - SCALE[0]);
  const summary = trend.map((point) => `${point.cycle}: overall ${point.overall ?? 'n/a'}, role clarity ${point.roleClarity ?? 'n/a'}`).join('; ');
  return (
    <figure>
      <svg className={styles.svg} viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={`Review trend. ${summary}`} data-testid="review-trend">
        {[1, 2, 3, 4, 5].map((tick) => (
          <g key={tick}>
            <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y(tick)} y2={y(tick)} stroke="#d1d1d1" strokeWidth={1} />
            <text x={PAD.left - 8} y={y(tick) + 4} textAnchor="end" fontSize={11} fill="#424242">
              {tick}
            </text>
          </g>
        ))}
        {trend.map((point, index) => (
          <text key={point.cycle} x={x(index)} y={HEIGHT - 8} textAnchor="middle" fontSize={11} fill="#424242">
            {point.cycle}
          </text>
        ))}
        {SERIES.map((series) => {
          const points = trend.flatMap((point, index) => (point[series.key] === null ? [] : [[x(index), y(point[series.key]!)] as const]));
          return (
            <g key={series.key}>
              <polyline points={points.map(([px, py]) => `${px},${py}`).join(' ')} fill="none" stroke={series.color} strokeWidth={2} strokeDasharray={series.dash} />
              {points.map(([px, py]) => (
                <circle key={`${px}`} cx={px} cy={py} r={3.5} fill={series.color} />
              ))}
            </g>
          );
        })}
      </svg>
      <figcaption>
        <ul className={styles.legend}>
          {SERIES.map((series) => (
            <li key={series.key}>
              <span className={styles.swatch} style={{ backgroundColor: series.color }} aria-hidden="true" />
              {series.label}
            </li>
          ))}
        </ul>
      </figcaption>
      <table className={styles.hidden}>
        <caption>Review scores by cycle</caption>
        <thead>
          <tr>
            <th scope="col">Cycle</th>
            <th scope="col">Overall</th>
            <th scope="col">Role clarity</th>
          </tr>
        </thead>
        <tbody>
          {trend.map((point) => (
            <tr key={point.cycle}>
              <th scope="row">{point.cycle}</th>
              <td>{point.overall ?? 'n/a'}</td>
              <td>{point.roleClarity ?? 'n/a'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
