import { makeStyles, tokens, typographyStyles } from '@fluentui/react-components';
import { useId, type ReactNode } from 'react';

/**
 * Shared text styles for the context view. Plain elements with Fluent's typography tokens: the pane
 * renders a few hundred of them, and a styled element costs far less than a Text component each.
 */
export const useTextStyles = makeStyles({
  body: { ...typographyStyles.body1 },
  strong: { ...typographyStyles.body1Strong },
  caption: { ...typographyStyles.caption1, color: tokens.colorNeutralForeground2 },
  label: { ...typographyStyles.caption1Strong },
});

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, paddingBlock: tokens.spacingVerticalM, borderTop: `1px solid ${tokens.colorNeutralStroke2}` },
  heading: { ...typographyStyles.subtitle2, margin: 0 },
});

/** A titled part of the pane, announced as a region named by its heading. */
export function Section({ title, children, empty }: { title: string; children?: ReactNode; empty?: string }) {
  const styles = useStyles();
  const text = useTextStyles();
  const headingId = useId();
  return (
    <section className={styles.root} aria-labelledby={headingId}>
      <h2 id={headingId} className={styles.heading}>
        {title}
      </h2>
      {children ?? <span className={text.caption}>{empty}</span>}
    </section>
  );
}

const useListStyles = makeStyles({
  list: { ...typographyStyles.body1, margin: 0, paddingInlineStart: tokens.spacingHorizontalL, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS },
  plain: { listStyleType: 'none', paddingInlineStart: 0, gap: tokens.spacingVerticalS },
});

export function List({ children, label, plain }: { children: ReactNode; label?: string; plain?: boolean }) {
  const styles = useListStyles();
  return (
    <ul className={plain ? `${styles.list} ${styles.plain}` : styles.list} aria-label={label}>
      {children}
    </ul>
  );
}
