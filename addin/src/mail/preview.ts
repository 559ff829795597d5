/**
 * Preview mode: outside Outlook the pane runs on sample messages from the demo firm, so it can be used
 * and tested locally. Replies are not sent anywhere; the pane shows what Outlook would have opened.
 */
import { instantAtLocalTime } from '../shared/time';
import type { MailHost, MailMessage } from './message';

export interface PreviewSample {
  id: string;
  label: string;
  /** Shown under the picker: what this sample demonstrates. */
  description: string;
  message: MailMessage;
  /** Pins the pane's clock to this wall time in this zone today, e.g. to be inside the contact's quiet hours. */
  clockAt?: { timeZone: string; time: string };
}

const SARAH = { email: 'sarah.lindqvist@northwind-mfg.com', name: 'Sarah Lindqvist' };
const JAMES = { email: 'james.okafor@northwind-mfg.com', name: 'James Okafor' };
const ME = { email: 'alejandro.ruiz@hartwell-lowe.example', name: 'Alejandro Ruiz' };

export const PREVIEW_SAMPLES: readonly PreviewSample[] = [
  {
    id: 'known',
    label: 'From a known contact',
    description: 'Sarah Lindqvist, Northwind’s audit committee chair, writes about the committee pre-read.',
    message: { mode: 'read', from: SARAH, to: [ME], cc: [], subject: 'Audit committee pre-read: revenue recognition', reference: 'preview-known@northwind-mfg.com' },
    clockAt: { timeZone: 'America/Chicago', time: '10:30' },
  },
  {
    id: 'several',
    label: 'Several contacts on the message',
    description: 'James Okafor (CFO) writes with Sarah Lindqvist in copy: switch between their contexts.',
    message: { mode: 'read', from: JAMES, to: [ME], cc: [SARAH], subject: 'EU plants: cash tax options for Monday', reference: 'preview-several@northwind-mfg.com' },
    clockAt: { timeZone: 'America/Chicago', time: '10:30' },
  },
  {
    id: 'unknown',
    label: 'From an unknown sender',
    description: 'Nobody in the firm’s records: offers to link the sender to an account.',
    message: { mode: 'read', from: { email: 'robin.vale@unknown-client.example', name: 'Robin Vale' }, to: [ME], cc: [], subject: 'Introduction: tax advisory for our Texas expansion' },
  },
  {
    id: 'walled',
    label: 'A contact on a walled account',
    description: 'Sarah Lindqvist again. Signed in as Marcus Hale (walled off Northwind) the pane shows no context, exactly as for an unknown sender.',
    message: { mode: 'read', from: SARAH, to: [{ email: 'marcus.hale@hartwell-lowe.example', name: 'Marcus Hale' }], cc: [], subject: 'Quick question on the Board pack' },
  },
  {
    id: 'quiet',
    label: 'A sender inside quiet hours',
    description: 'Sarah Lindqvist at 19:15 her time, inside her 18:30–21:00 quiet hours.',
    message: { mode: 'read', from: SARAH, to: [ME], cc: [], subject: 'Re: committee timetable', reference: 'preview-quiet@northwind-mfg.com' },
    clockAt: { timeZone: 'America/Chicago', time: '19:15' },
  },
  {
    id: 'compose',
    label: 'Writing to a contact in quiet hours',
    description: 'Compose mode: a new message to Sarah Lindqvist at 19:15 her time warns before sending.',
    message: { mode: 'compose', to: [SARAH], cc: [JAMES], subject: 'Draft agenda for the committee' },
    clockAt: { timeZone: 'America/Chicago', time: '19:15' },
  },
];

export const DEFAULT_SAMPLE_ID = 'known';

export const previewSample = (id: string | null | undefined): PreviewSample =>
  PREVIEW_SAMPLES.find((sample) => sample.id === id) ?? PREVIEW_SAMPLES.find((sample) => sample.id === DEFAULT_SAMPLE_ID)!;

/** The pinned clock of a sample, or the real one. */
export function previewClock(sample: PreviewSample): (() => Date) | undefined {
  const pin = sample.clockAt;
  if (!pin) return undefined;
  return () => instantAtLocalTime(new Date(), pin.timeZone, pin.time);
}

export function previewMailHost(sample: PreviewSample, onReply: (text: string, to: MailMessage['from']) => void): MailHost {
  return {
    kind: 'preview',
    current: async () => sample.message,
    reply: async (text) => {
      if (sample.message.mode !== 'read') throw new Error('Replies can be opened only while reading a message.');
      onReply(text, sample.message.from);
    },
    onChange: () => () => undefined,
  };
}
