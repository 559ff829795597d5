import type { FieldIssue } from '../api/client';
import type { ProcessConfig } from '../../../core/domain/process-config';

export type { ProcessConfig };
export type ProcessKind = ProcessConfig['kind'];

export const PROCESS_KINDS: { value: ProcessKind; label: string; scheduled: boolean }[] = [
  { value: 'standards_review', label: 'Standards review', scheduled: true },
  { value: 'facilitated_agenda', label: 'Facilitated agenda', scheduled: true },
  { value: 'delegation_follow_up', label: 'Delegation follow-up', scheduled: false },
  { value: 'peer_feedback', label: 'Peer feedback', scheduled: false },
];

export const isScheduledKind = (kind: ProcessKind) => PROCESS_KINDS.some((entry) => entry.value === kind && entry.scheduled);

/** The form as the admin edits it: text everywhere, turned into the API's shape on save. */
export interface ConfigForm {
  id: string;
  kind: ProcessKind;
  name: string;
  timeZone: string;
  hour: string;
  minute: string;
  daysOfWeek: number[];
  daysOfMonth: string;
  everyNWeeks: string;
  anchorDate: string;
  participantIds: string;
  questions: string;
  leadTimeDays: string;
  answerWindowDays: string;
  reminderAfterHours: string;
  escalateAfterHours: string;
}

export type FormField = keyof Omit<ConfigForm, 'id'>;

export function emptyForm(id: string): ConfigForm {
  return {
    id,
    kind: 'standards_review',
    name: '',
    timeZone: 'America/Chicago',
    hour: '9',
    minute: '0',
    daysOfWeek: [4],
    daysOfMonth: '',
    everyNWeeks: '1',
    anchorDate: '',
    participantIds: '',
    questions: '',
    leadTimeDays: '3',
    answerWindowDays: '5',
    reminderAfterHours: '48',
    escalateAfterHours: '96',
  };
}

export function formOf(config: ProcessConfig): ConfigForm {
  const cadence = config.cadence;
  return {
    id: config.id,
    kind: config.kind,
    name: config.name,
    timeZone: cadence?.timeZone ?? 'America/Chicago',
    hour: String(cadence?.hour ?? 9),
    minute: String(cadence?.minute ?? 0),
    daysOfWeek: cadence?.daysOfWeek ?? [],
    daysOfMonth: (cadence?.daysOfMonth ?? []).join(', '),
    everyNWeeks: String(cadence?.everyNWeeks ?? 1),
    anchorDate: cadence?.anchorDate ?? '',
    participantIds: config.participantIds.join(', '),
    questions: config.questions.join('\n'),
    leadTimeDays: String(config.leadTimeDays),
    answerWindowDays: String(config.answerWindowDays),
    reminderAfterHours: String(config.reminderAfterHours),
    escalateAfterHours: String(config.escalateAfterHours),
  };
}

/** Numbers stay numbers when they parse; otherwise the text goes as is and the API says what is wrong. */
const numberOrText = (text: string): number | string => (text.trim() !== '' && Number.isFinite(Number(text)) ? Number(text) : text);
const list = (text: string, separator: RegExp) =>
  text
    .split(separator)
    .map((part) => part.trim())
    .filter(Boolean);

/** The editable fields as the API takes them (POST adds id and accountId). */
export function requestOf(form: ConfigForm) {
  const cadence = isScheduledKind(form.kind)
    ? {
        cadence: {
          timeZone: form.timeZone.trim(),
          hour: numberOrText(form.hour),
          minute: numberOrText(form.minute),
          daysOfWeek: form.daysOfWeek,
          daysOfMonth: list(form.daysOfMonth, /[,\s]+/).map(numberOrText),
          everyNWeeks: numberOrText(form.everyNWeeks),
          ...(form.anchorDate.trim() ? { anchorDate: form.anchorDate.trim() } : {}),
        },
      }
    : {};
  return {
    kind: form.kind,
    name: form.name,
    ...cadence,
    participantIds: list(form.participantIds, /[,\s]+/),
    questions: list(form.questions, /\n/),
    leadTimeDays: numberOrText(form.leadTimeDays),
    answerWindowDays: numberOrText(form.answerWindowDays),
    reminderAfterHours: numberOrText(form.reminderAfterHours),
    escalateAfterHours: numberOrText(form.escalateAfterHours),
  };
}

const FIELD_BY_PATH: [RegExp, FormField][] = [
  [/^cadence\.timeZone\b/, 'timeZone'],
  [/^cadence\.hour\b/, 'hour'],
  [/^cadence\.minute\b/, 'minute'],
  [/^cadence\.daysOfWeek\b/, 'daysOfWeek'],
  [/^cadence\.daysOfMonth\b/, 'daysOfMonth'],
  [/^cadence\.months\b/, 'daysOfMonth'],
  [/^cadence\.everyNWeeks\b/, 'everyNWeeks'],
  [/^cadence\.anchorDate\b/, 'anchorDate'],
  [/^cadence\b/, 'timeZone'],
  [/^kind\b/, 'kind'],
  [/^name\b/, 'name'],
  [/^participantIds\b/, 'participantIds'],
  [/^questions\b/, 'questions'],
  [/^leadTimeDays\b/, 'leadTimeDays'],
  [/^answerWindowDays\b/, 'answerWindowDays'],
  [/^reminderAfterHours\b/, 'reminderAfterHours'],
  [/^escalateAfterHours\b/, 'escalateAfterHours'],
];

/** The API's issues by form field (several per field joined), and the ones no field matches. */
export function issuesByField(issues: readonly FieldIssue[]): { fields: Partial<Record<FormField, string>>; other: FieldIssue[] } {
  const fields: Partial<Record<FormField, string>> = {};
  const other: FieldIssue[] = [];
  for (const issue of issues) {
    const field = FIELD_BY_PATH.find(([pattern]) => pattern.test(issue.path))?.[1];
    if (!field) other.push(issue);
    else fields[field] = fields[field] ? `${fields[field]} ${issue.message}` : issue.message;
  }
  return { fields, other };
}
