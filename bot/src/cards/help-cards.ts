import { card, fitted, heading, notice, subtle, text, type AdaptiveCard, type CardElement } from './adaptive-card';
import { CARD_VERBS, INPUT } from './verbs';
import { execute, readOnlyNotice, type CardView } from './view';

const WHAT_I_DO = [
  '**Standards reviews**: each leader rates the team’s agreed standards, role clarity and goal confidence; the channel gets the results, flags and trend.',
  '**Leadership agenda**: raise initiatives, tensions, decisions and updates; every co-leader is asked how a new initiative affects their group; the agenda keeps a slot for it.',
  '**Delegation check-ins**: a three-minute weekly update from whoever a task is delegated to, with a digest for the partner.',
  '**Peer feedback**: after a pitch or meeting, two questions to your peers — answers for your eyes only.',
];

export interface WelcomeModel {
  conversationType: 'personal' | 'channel' | 'groupChat';
  /** The conversation to link, echoed back in the link action. */
  conversationId?: string;
  /** Accounts this channel may be linked to (the installer's accounts). */
  accounts?: readonly { id: string; name: string }[];
  /** The account the conversation is already linked to. */
  linkedAccount?: { id: string; name: string };
}

/**
 * What the bot does and how to start. In a channel or group chat it also offers to link the conversation
 * to a client account, so that account's processes post there.
 */
export function welcomeCard(model: WelcomeModel, view: Pick<CardView, 'state' | 'reason' | 'tabUrl'> = { state: 'open' }): AdaptiveCard {
  const shared = model.conversationType !== 'personal';
  return fitted((squeeze) => {
    const body: CardElement[] = [
      heading('Welcome to Account Teams'),
      text('I help a client account’s leadership team keep its routines, right here in Teams:'),
      ...WHAT_I_DO.map((line) => text(`• ${line}`, { spacing: 'small' })),
      text(
        shared
          ? 'To start, link this conversation to its client account. Then type **@Account Teams help** for the commands.'
          : 'To start, type **help** for the commands. Review, agenda, check-in and feedback cards for you arrive in this chat.',
        { spacing: 'medium' },
      ),
    ];
    if (!shared) return card(body, { fallbackText: 'Welcome to Account Teams. Type help for the commands.' });

    if (model.linkedAccount) {
      body.push(notice(`This conversation is linked to **${squeeze.clip(model.linkedAccount.name, 200)}**.`, 'good'));
      return card(body, { fallbackText: `This conversation is linked to ${model.linkedAccount.name}.` });
    }
    if (view.state !== 'open') {
      body.push(readOnlyNotice(view, 'channel link', { answered: 'This conversation is linked.', closed: 'Linking is closed here; a firm admin can link this conversation in the admin console.' }));
      return card(body, { fallbackText: 'Welcome to Account Teams.' });
    }
    const accounts = squeeze.take(model.accounts ?? [], 400, 25);
    if (accounts.shown.length === 0) {
      body.push(notice('There is no account you can link yet. A firm admin can import accounts in the admin console.', 'warning'));
      return card(body, { fallbackText: 'Welcome to Account Teams.' });
    }
    body.push({
      type: 'Input.ChoiceSet',
      id: INPUT.accountId,
      label: 'Client account',
      style: accounts.shown.length > 8 ? 'filtered' : 'compact',
      placeholder: 'Choose the account',
      isRequired: true,
      errorMessage: 'Choose an account',
      choices: accounts.shown.map((account) => ({ title: squeeze.clip(account.name, 120), value: account.id })),
    });
    if (accounts.hidden > 0) body.push(subtle(`${accounts.hidden} more accounts are not listed; link them from the admin console.`));
    return card(body, {
      fallbackText: 'Welcome to Account Teams. Link this conversation to its client account.',
      actions: [execute(CARD_VERBS.channelLink, 'Link account', model.conversationId ? { conversationId: model.conversationId } : {}, { style: 'positive' })],
    });
  }, view.tabUrl);
}
