import { makeStyles, Tab, TabList } from '@fluentui/react-components';
import { contactKey, type ContextEntry } from '../load-pane';

const useStyles = makeStyles({ root: { overflowX: 'auto' } });

/** One tab per known contact on the message (the caller shows it only when there is more than one). */
export default function ContactSwitcher({ entries, selected, onSelect }: { entries: ContextEntry[]; selected: number; onSelect: (index: number) => void }) {
  const styles = useStyles();
  return (
    <TabList className={styles.root} size="small" aria-label="Contacts on this message" selectedValue={String(selected)} onTabSelect={(_, data) => onSelect(Number(data.value))}>
      {entries.map((entry, index) => (
        <Tab key={contactKey(entry)} value={String(index)}>
          {entry.context.contact?.name ?? entry.address.email}
        </Tab>
      ))}
    </TabList>
  );
}
