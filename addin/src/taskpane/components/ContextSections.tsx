import { Badge, makeStyles, ProgressBar, tokens } from '@fluentui/react-components';
import type { AccountContext, ContactContext } from '../../api/account-teams-api';
import { CHANNEL_LABELS, FORMAT_LABELS, KIND_LABELS, listLabel, STATUS_LABELS, weekdaysLabel } from '../../shared/labels';
import { useId } from 'react';
import { formatDate, formatDateTime } from '../../shared/time';
import { List, Section, useTextStyles } from './Section';

const useStyles = makeStyles({
  row: { display: 'flex', flexWrap: 'wrap', alignItems: 'baseline', columnGap: tokens.spacingHorizontalS, rowGap: tokens.spacingVerticalXXS },
  item: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS },
});

export function PreferencesSection({ contact }: { contact: ContactContext }) {
  const text = useTextStyles();
  const { preferences } = contact;
  const channels = (list: readonly string[]) => listLabel(list.map((channel) => CHANNEL_LABELS[channel] ?? channel));
  return (
    <Section title="How they like to hear from us">
      <List>
        <li>{FORMAT_LABELS[preferences.format]}</li>
        {preferences.preferredChannels.length > 0 && <li>Prefers {channels(preferences.preferredChannels)}</li>}
        {preferences.avoidedChannels.length > 0 && <li>Never {channels(preferences.avoidedChannels)}</li>}
        {preferences.quietHours.map((window) => (
          <li key={`${window.start}-${window.end}-${window.days.join()}`}>
            Quiet hours {window.start}–{window.end} {weekdaysLabel(window.days)}
            {window.note ? <span className={text.caption}> · {window.note}</span> : null}
          </li>
        ))}
      </List>
      {preferences.notes && <span className={text.caption}>{preferences.notes}</span>}
    </Section>
  );
}

export function WhatMattersSection({ contact }: { contact: ContactContext }) {
  const styles = useStyles();
  const text = useTextStyles();
  const empty = contact.priorities.length === 0 && contact.fears.length === 0 && !contact.professionalAmbition;
  return (
    <Section title="What matters to them" empty="Nothing recorded yet.">
      {empty ? undefined : (
        <>
          {contact.priorities.length > 0 && (
            <div className={styles.item}>
              <span className={text.label}>Priorities</span>
              <List label="Priorities">
                {contact.priorities.map((priority) => (
                  <li key={priority}>{priority}</li>
                ))}
              </List>
            </div>
          )}
          {contact.fears.length > 0 && (
            <div className={styles.item}>
              <span className={text.label}>Fears</span>
              <List label="Fears">
                {contact.fears.map((fear) => (
                  <li key={fear}>{fear}</li>
                ))}
              </List>
            </div>
          )}
          {contact.professionalAmbition && (
            <div className={styles.item}>
              <span className={text.label}>Ambition</span>
              <span className={text.body}>{contact.professionalAmbition}</span>
            </div>
          )}
        </>
      )}
    </Section>
  );
}

export function LeadershipSection({ context }: { context: AccountContext }) {
  const styles = useStyles();
  const text = useTextStyles();
  return (
    <Section title="Leadership team" empty="No leadership team recorded.">
      {context.leadershipTeam.length === 0 ? undefined : (
        <>
          <List plain label="Leadership team">
            {context.leadershipTeam.map((member) => (
              <li key={member.person.id} className={styles.row}>
                <span className={text.strong}>{member.person.name}</span>
                <span className={text.caption}>
                  {member.remit}
                </span>
                {member.accountable && (
                  <Badge appearance="tint" color="brand">
                    Accountable lead
                  </Badge>
                )}
              </li>
            ))}
          </List>
          {!context.accountableLead && (
            <span className={text.caption}>
              No accountable lead named.
            </span>
          )}
        </>
      )}
    </Section>
  );
}

export function ResponsibilitiesSection({ context }: { context: AccountContext }) {
  const styles = useStyles();
  const text = useTextStyles();
  return (
    <Section title="Who owns what" empty="No responsibilities recorded.">
      {context.responsibilities.length === 0 ? undefined : (
        <List plain label="Responsibilities">
          {context.responsibilities.map((responsibility) => (
            <li key={responsibility.id} className={styles.row}>
              <span className={text.body}>{responsibility.what}</span>
              {responsibility.owner ? (
                <span className={text.caption}>
                  → {responsibility.owner.name}
                </span>
              ) : (
                <Badge appearance="tint" color="danger">
                  No owner
                </Badge>
              )}
            </li>
          ))}
        </List>
      )}
    </Section>
  );
}

export function GoalsSection({ context }: { context: AccountContext }) {
  return (
    <Section title="Goals" empty="No goals set for this account.">
      {context.goals.length === 0 ? undefined : (
        <List plain label="Goals">
          {context.goals.map((goal) => {
            const percent = goal.percentOfTarget ?? 0;
            const progress = goal.latestProgress;
            const measured = progress?.value !== undefined ? `${progress.value}${goal.unit} of ${goal.target}${goal.unit}` : `target ${goal.target}${goal.unit}`;
            return <GoalItem key={goal.id} title={goal.title} percent={percent} hint={`${measured} · due ${formatDate(goal.dueDate)}`} progress={progress} />;
          })}
        </List>
      )}
    </Section>
  );
}

function GoalItem({ title, percent, hint, progress }: { title: string; percent: number; hint: string; progress?: { summary: string; sentiment: string } }) {
  const styles = useStyles();
  const text = useTextStyles();
  const labelId = useId();
  const hintId = useId();
  return (
    <li className={styles.item}>
      <span id={labelId} className={text.body}>
        {title}
      </span>
      <ProgressBar
        value={percent / 100}
        thickness="large"
        color={progress?.sentiment === 'issue' ? 'warning' : 'brand'}
        aria-labelledby={labelId}
        aria-describedby={hintId}
        aria-valuetext={`${percent}% of target`}
      />
      <span id={hintId} className={text.caption}>
        {hint}
      </span>
      {progress && (
        <span className={text.caption}>
          {progress.sentiment === 'issue' ? 'Issue: ' : ''}
          {progress.summary}
        </span>
      )}
    </li>
  );
}

export function DelegationsSection({ context }: { context: AccountContext }) {
  const styles = useStyles();
  const text = useTextStyles();
  return (
    <Section title="Open delegations" empty="No open delegations.">
      {context.openDelegations.length === 0 ? undefined : (
        <List plain label="Open delegations">
          {context.openDelegations.map((delegation) => (
            <li key={delegation.id} className={styles.item}>
              <span className={text.body}>{delegation.objective}</span>
              <div className={styles.row}>
                <span className={text.caption}>
                  {delegation.delegate?.name ?? 'Unknown delegate'} · due {formatDate(delegation.dueDate)} · next check-in {formatDate(delegation.nextCheckInDue)}
                </span>
                {delegation.overdue && (
                  <Badge appearance="filled" color="danger">
                    Overdue
                  </Badge>
                )}
                {delegation.checkInOverdue && (
                  <Badge appearance="tint" color="warning">
                    Check-in overdue
                  </Badge>
                )}
                {delegation.status !== 'active' && (
                  <Badge appearance="tint" color="danger">
                    {STATUS_LABELS[delegation.status] ?? delegation.status}
                  </Badge>
                )}
              </div>
            </li>
          ))}
        </List>
      )}
    </Section>
  );
}

export function NextMeetingSection({ context }: { context: AccountContext }) {
  const styles = useStyles();
  const text = useTextStyles();
  const meeting = context.nextMeeting;
  return (
    <Section title="Next leadership meeting" empty="No leadership meeting scheduled.">
      {!meeting ? undefined : (
        <>
          <span className={text.body}>
            {meeting.title} · <time dateTime={meeting.scheduledAt}>{formatDateTime(meeting.scheduledAt)}</time>
          </span>
          {meeting.items.length === 0 ? (
            <span className={text.caption}>
              Nothing on the agenda yet.
            </span>
          ) : (
            <List plain label="Agenda">
              {meeting.items.map((item) => (
                <li key={item.id} className={styles.row}>
                  <Badge appearance="outline" color="informative">
                    {KIND_LABELS[item.kind]}
                  </Badge>
                  <span className={text.body}>{item.title}</span>
                  <span className={text.caption}>
                    {item.raiser ? `raised by ${item.raiser.name}` : ''}
                    {item.kind === 'initiative' ? ` · ${item.impactAnswers} impact answer${item.impactAnswers === 1 ? '' : 's'}` : ''}
                  </span>
                </li>
              ))}
            </List>
          )}
        </>
      )}
    </Section>
  );
}
