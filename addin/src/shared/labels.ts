import type { Delegation } from '../../../core/domain/delegation';
import type { AgendaItemKind, ContactContext } from '../api/account-teams-api';

export const FORMAT_LABELS: Record<ContactContext['preferences']['format'], string> = {
  short_frequent_updates: 'Short, frequent updates',
  comprehensive_memo: 'A comprehensive memo',
  no_preference: 'No stated preference',
};

export const CHANNEL_LABELS: Record<string, string> = {
  email: 'email',
  phone: 'phone',
  voicemail: 'voicemail',
  teams: 'Teams',
  text: 'text messages',
  in_person: 'in person',
};

export const KIND_LABELS: Record<AgendaItemKind, string> = {
  initiative: 'Initiative',
  tension: 'Tension',
  decision: 'Decision',
  update: 'Update',
};

export const STATUS_LABELS: Record<Delegation['status'], string> = { active: 'Active', at_risk: 'At risk', blocked: 'Blocked', done: 'Done', cancelled: 'Cancelled' };

const WEEKDAY_NAMES = ['', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
export const weekdaysLabel = (days: readonly number[]) => (days.length === 0 || days.length === 7 ? 'every day' : days.map((day) => WEEKDAY_NAMES[day]).join(', '));

export const listLabel = (items: readonly string[]) =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
