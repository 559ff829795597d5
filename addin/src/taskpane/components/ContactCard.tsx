import { Badge, makeStyles, tokens, typographyStyles } from '@fluentui/react-components';
import { ClockRegular, WeatherMoonRegular } from '@fluentui/react-icons';
import type { AccountContext, ContactContext } from '../../api/account-teams-api';
import { localClock, offsetMinutesOf } from '../../shared/time';

const useStyles = makeStyles({
  root: { display: 'grid', gridTemplateColumns: 'auto 1fr', columnGap: tokens.spacingHorizontalM, rowGap: tokens.spacingVerticalXS, paddingBlock: tokens.spacingVerticalS },
  // Initials in a circle, as Fluent's Avatar draws them, without its image and presence machinery.
  avatar: {
    gridRow: 'span 3',
    width: '48px',
    height: '48px',
    borderRadius: tokens.borderRadiusCircular,
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'center',
    ...typographyStyles.subtitle2,
    color: tokens.colorPaletteBerryForeground2,
    backgroundColor: tokens.colorPaletteBerryBackground2,
  },
  name: { ...typographyStyles.subtitle1, margin: 0 },
  title: { ...typographyStyles.caption1 },
  secondary: { ...typographyStyles.caption1, color: tokens.colorNeutralForeground2 },
  time: { ...typographyStyles.body1 },
  zone: { color: tokens.colorNeutralForeground2 },
  clock: { gridColumn: '1 / -1', display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: tokens.spacingHorizontalS },
});

const initialsOf = (name: string) =>
  name
    .split(/\s+/)
    .filter(Boolean)
    .map((part) => part[0]!.toUpperCase())
    .filter((_, index, all) => index === 0 || index === all.length - 1)
    .join('');

/** Who the contact is, where they sit, and whether it is a good moment to reach them. */
export function ContactCard({ context, contact, now }: { context: AccountContext; contact: ContactContext; now: Date }) {
  const styles = useStyles();
  const clock = localClock(contact.preferences.quietHours, contact.clock.timeZone, now, offsetMinutesOf(contact.clock.localTime));
  return (
    <div className={styles.root}>
      <span className={styles.avatar} aria-hidden>
        {initialsOf(contact.name)}
      </span>
      <h1 className={styles.name}>{contact.name}</h1>
      <span className={styles.title}>{contact.title || 'No title recorded'}</span>
      <span className={styles.secondary}>
        {context.account.name}
        {contact.relationshipOwner ? ` · relationship owner ${contact.relationshipOwner.name}` : ''}
      </span>
      <div className={styles.clock}>
        <span className={styles.time} role="img" aria-label={`Local time ${clock.weekdayName} ${clock.time}, ${clock.timeZone}`}>
          <ClockRegular aria-hidden /> {clock.weekdayName} {clock.time} <span className={styles.zone}>({clock.timeZone})</span>
        </span>
        {clock.inQuietHours ? (
          <Badge appearance="filled" color="warning" icon={<WeatherMoonRegular />} role="status">
            Quiet hours until {clock.window?.end}
          </Badge>
        ) : (
          <Badge appearance="tint" color="success" role="status">
            Outside quiet hours
          </Badge>
        )}
      </div>
    </div>
  );
}
