import { lazy } from 'react';
import type { ActionKind } from './types';

/**
 * Dialogs and secondary views load on demand so the first paint carries only the context view. Once the
 * context is on screen, prefetchSecondaryViews() warms them in idle time so a click opens them at once.
 */
const loaders = {
  progress: () => import('./LogProgressDialog'),
  agenda: () => import('./RaiseAgendaDialog'),
  delegate: () => import('./DelegateDialog'),
  feedback: () => import('./FeedbackDialog'),
} satisfies Record<ActionKind, () => Promise<unknown>>;
const linkContact = () => import('./LinkContactForm');
const signIn = () => import('../components/SignInPanel');
// Only messages with several known contacts show the switcher; its TabList brings keyboard-navigation code the
// common case does not need up front.
const switcher = () => import('../components/ContactSwitcher');
// Preview mode (outside Outlook) only.
const previewPicker = () => import('../components/PreviewPicker');

export const ActionDialogs = {
  progress: lazy(loaders.progress),
  agenda: lazy(loaders.agenda),
  delegate: lazy(loaders.delegate),
  feedback: lazy(loaders.feedback),
};
export const LinkContactForm = lazy(linkContact);
export const SignInPanel = lazy(signIn);
export const ContactSwitcher = lazy(switcher);
export const PreviewPicker = lazy(previewPicker);

let prefetched = false;
export function prefetchSecondaryViews() {
  if (prefetched) return;
  prefetched = true;
  const run = () => void Promise.all([...Object.values(loaders).map((load) => load()), linkContact()]).catch(() => (prefetched = false));
  if ('requestIdleCallback' in window) window.requestIdleCallback(run, { timeout: 2000 });
  else setTimeout(run, 200);
}
