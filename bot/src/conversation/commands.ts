import type { ConversationHandler, IncomingMessage, OutgoingReply } from './conversation';

export const COMMANDS = [
  { name: 'agenda', usage: 'agenda', does: 'shows the next leadership meeting’s agenda' },
  { name: 'raise', usage: 'raise <text>', does: 'raises an item for the next leadership meeting' },
  { name: 'review', usage: 'review', does: 'opens your standards review for this account' },
  { name: 'delegate', usage: 'delegate @person <task> by <date>', does: 'hands a task to a team member, with weekly check-ins' },
  { name: 'checkin', usage: 'checkin', does: 'checks in on a task delegated to you' },
  { name: 'help', usage: 'help', does: 'shows this list' },
] as const;

export function helpText(): string {
  return [
    'I run your account leadership team’s routines: standards reviews, the facilitated-issue agenda, delegation check-ins and peer feedback.',
    '',
    ...COMMANDS.map((command) => `- **${command.usage}** — ${command.does}`),
  ].join('\n');
}

/** Strips the bot's own @mention that Teams puts in front of channel messages. */
export function commandWord(text: string): { word: string; rest: string } {
  const cleaned = text.replace(/<at>[^<]*<\/at>/g, '').trim();
  const [word = '', ...rest] = cleaned.split(/\s+/);
  return { word: word.toLowerCase(), rest: rest.join(' ') };
}

/**
 * Answers commands. This foundation knows `help`; the process commands are answered honestly as
 * not available yet rather than pretending to act.
 */
export class CommandHandler implements ConversationHandler {
  async onMessage(message: IncomingMessage): Promise<OutgoingReply[]> {
    const { word } = commandWord(message.text);
    if (word === '' || word === 'help' || word === 'hi' || word === 'hello') return [{ text: helpText() }];
    const known = COMMANDS.find((command) => command.name === word);
    if (known) return [{ text: `**${known.usage}** is not available in this version yet. Type **help** for what I can do.` }];
    return [{ text: `I don’t know “${word.slice(0, 40)}”. Type **help** for the commands I understand.` }];
  }
}
