import { Field, makeStyles, Select, Text, tokens } from '@fluentui/react-components';
import { PREVIEW_SAMPLES, type PreviewSample } from '../../mail/preview';

const useStyles = makeStyles({
  root: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXS,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    backgroundColor: tokens.colorNeutralBackground3,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  description: { color: tokens.colorNeutralForeground2 },
});

/** Outside Outlook: choose which sample message the pane is showing. */
export default function PreviewPicker({ sample, onChoose, problem }: { sample: PreviewSample; onChoose: (id: string) => void; problem?: string }) {
  const styles = useStyles();
  return (
    <header className={styles.root}>
      <Field label="Preview (not in Outlook) — sample message" size="small">
        <Select size="small" value={sample.id} onChange={(_, data) => onChoose(data.value)}>
          {PREVIEW_SAMPLES.map((candidate) => (
            <option key={candidate.id} value={candidate.id}>
              {candidate.label}
            </option>
          ))}
        </Select>
      </Field>
      <Text size={200} className={styles.description}>
        {sample.description}
        {problem ? ` (Outlook could not be reached: ${problem}.)` : ''}
      </Text>
    </header>
  );
}
