import { makeStyles, Skeleton, SkeletonItem, tokens } from '@fluentui/react-components';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, paddingBlock: tokens.spacingVerticalM },
  header: { display: 'grid', gridTemplateColumns: '48px 1fr', columnGap: tokens.spacingHorizontalM, rowGap: tokens.spacingVerticalS, alignItems: 'center' },
  avatar: { gridRow: 'span 2' },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS },
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
});

/** The shape of the context view while it loads, so nothing jumps when it arrives. */
export function ContextSkeleton() {
  const styles = useStyles();
  return (
    <div role="status" aria-live="polite" aria-busy="true" aria-label="Loading account context">
      <Skeleton className={styles.root} aria-hidden>
        <div className={styles.header}>
          <SkeletonItem shape="circle" size={48} className={styles.avatar} />
          <SkeletonItem size={20} />
          <SkeletonItem size={12} />
        </div>
        <div className={styles.actions}>
          <SkeletonItem size={32} />
          <SkeletonItem size={32} />
          <SkeletonItem size={32} />
        </div>
        {[0, 1, 2].map((index) => (
          <div key={index} className={styles.section}>
            <SkeletonItem size={16} style={{ width: '40%' }} />
            <SkeletonItem size={12} />
            <SkeletonItem size={12} style={{ width: '80%' }} />
          </div>
        ))}
      </Skeleton>
    </div>
  );
}
