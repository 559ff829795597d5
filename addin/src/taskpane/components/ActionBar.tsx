import { Button, makeStyles, tokens } from '@fluentui/react-components';
import { ArrowTrendingLinesRegular, CalendarAddRegular, CheckmarkRegular, PersonArrowRightRegular, PersonFeedbackRegular } from '@fluentui/react-icons';
import type { ActionKind } from '../actions/types';

const useStyles = makeStyles({
  root: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS, paddingBlock: tokens.spacingVerticalS },
});

export interface ActionBarProps {
  /** "On it" needs a received message to reply to. */
  canReply: boolean;
  replying: boolean;
  onReply: () => void;
  onAction: (kind: ActionKind) => void;
  /** Prefetch a dialog's code as the pointer approaches. */
  onIntent?: () => void;
}

/** The pane's one-click actions; each dialog opens prefilled from the message. */
export function ActionBar({ canReply, replying, onReply, onAction, onIntent }: ActionBarProps) {
  const styles = useStyles();
  return (
    <div role="toolbar" aria-label="Actions" className={styles.root} onPointerEnter={onIntent} onFocus={onIntent}>
      {canReply && (
        <Button appearance="primary" icon={<CheckmarkRegular />} onClick={onReply} disabled={replying}>
          On it
        </Button>
      )}
      <Button icon={<ArrowTrendingLinesRegular />} onClick={() => onAction('progress')}>
        Log progress
      </Button>
      <Button icon={<CalendarAddRegular />} onClick={() => onAction('agenda')}>
        Raise for agenda
      </Button>
      <Button icon={<PersonArrowRightRegular />} onClick={() => onAction('delegate')}>
        Delegate
      </Button>
      <Button icon={<PersonFeedbackRegular />} onClick={() => onAction('feedback')}>
        Request feedback
      </Button>
    </div>
  );
}
