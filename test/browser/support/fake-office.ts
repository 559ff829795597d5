import type { Page } from 'playwright-core';

/** A message as Outlook's item API presents it (EmailAddressDetails and friends). */
export interface FakeAddress {
  emailAddress: string;
  displayName: string;
}

export interface FakeMessage {
  mode: 'read' | 'compose';
  from?: FakeAddress;
  to: FakeAddress[];
  cc?: FakeAddress[];
  subject: string;
  internetMessageId?: string;
}

/**
 * A stand-in Outlook host: a global `Office` with onReady, the mailbox item (read mode: plain
 * properties; compose mode: `getAsync` methods) and displayReplyForm recording its argument in
 * `window.__officeReplies`. Installed before any page script runs, so the add-in finds it exactly
 * where office.js would have put it and never loads the CDN script.
 */
export async function installFakeOffice(page: Page, message: FakeMessage): Promise<void> {
  // Plain JavaScript text, not a function: a transpiler (tsx/esbuild adds __name() helpers) must not touch
  // code that runs inside the page.
  await page.addInitScript({ content: `(${FAKE_OFFICE_SOURCE})(${JSON.stringify(message)});` });
}

const FAKE_OFFICE_SOURCE = `function installFakeOffice(fake) {
  var replies = [];
  var succeeded = function (value) { return { status: 'succeeded', value: value }; };
  var later = function (value) { return { getAsync: function (callback) { setTimeout(function () { callback(succeeded(value)); }); } }; };
  var item = fake.mode === 'read'
    ? {
        itemType: 'message',
        itemId: 'AAMkAD-fake-item',
        internetMessageId: fake.internetMessageId || '<fake-message@example>',
        from: fake.from,
        sender: fake.from,
        to: fake.to,
        cc: fake.cc || [],
        subject: fake.subject,
        displayReplyForm: function (formData) { replies.push(formData); }
      }
    : { itemType: 'message', to: later(fake.to), cc: later(fake.cc || []), subject: later(fake.subject) };
  var info = { host: 'Outlook', platform: 'PC' };
  window.__officeReplies = replies;
  window.Office = {
    onReady: function (callback) { if (callback) callback(info); return Promise.resolve(info); },
    AsyncResultStatus: { Succeeded: 'succeeded', Failed: 'failed' },
    HostType: { Outlook: 'Outlook' },
    context: { mailbox: { item: item, userProfile: { emailAddress: 'me@hartwell-lowe.example', displayName: 'Me' } } }
  };
}`;

export const repliesSent = (page: Page) => page.evaluate(() => (window as unknown as { __officeReplies: unknown[] }).__officeReplies);
