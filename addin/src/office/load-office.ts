/**
 * office.js, loaded at run time from Microsoft's CDN and only when the page looks hosted by Office.
 * Outside Office the pages run without it (preview mode), and nothing blocks the first render on it.
 * This folder is the only place that touches the `Office` global (lint enforces it).
 */

const OFFICE_JS_URL = 'https://appsforoffice.microsoft.com/lib/1/hosted/office.js';

type OfficeGlobal = typeof Office;
type WindowWithOffice = Window & { Office?: OfficeGlobal; chrome?: { webview?: unknown }; external?: unknown };

/**
 * Office opens add-in pages with `_host_Info` in the query (Outlook on the web and Windows) or inside a
 * WebView2 (`chrome.webview`), usually in a frame. `?office=1` forces loading for manual checks.
 */
function looksHostedByOffice(win: WindowWithOffice = window as WindowWithOffice): boolean {
  const url = new URL(win.location.href);
  if (url.searchParams.has('_host_Info') || url.hash.includes('_host_Info') || url.searchParams.get('office') === '1') return true;
  if (win.chrome?.webview) return true;
  const external = win.external as { GetContext?: unknown } | undefined;
  if (external && typeof external === 'object' && 'GetContext' in external) return true;
  try {
    return win.self !== win.top;
  } catch {
    return true; // a cross-origin parent: we are framed by someone, most likely Office.
  }
}

function loadScript(src: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = src;
    script.async = true;
    const timer = window.setTimeout(() => reject(new Error(`office.js did not load within ${timeoutMs} ms`)), timeoutMs);
    script.onload = () => {
      window.clearTimeout(timer);
      resolve();
    };
    script.onerror = () => {
      window.clearTimeout(timer);
      reject(new Error('office.js could not be loaded'));
    };
    document.head.appendChild(script);
  });
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = window.setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
    promise.then(
      (value) => {
        window.clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        window.clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

export interface OfficeLoadResult {
  office?: OfficeGlobal;
  /** Why the page runs in preview although it looked hosted, to tell the user. */
  problem?: string;
}

/**
 * Resolves to Office with a mailbox when running inside Outlook; to no office (preview) otherwise.
 * A global `Office` that is already there (a test host, or office.js in the page) is used as is.
 */
export async function loadOffice(options: { scriptTimeoutMs?: number; readyTimeoutMs?: number } = {}): Promise<OfficeLoadResult> {
  const win = window as WindowWithOffice;
  if (!win.Office) {
    if (!looksHostedByOffice(win)) return {};
    try {
      await loadScript(OFFICE_JS_URL, options.scriptTimeoutMs ?? 8000);
    } catch (error) {
      return { problem: (error as Error).message };
    }
  }
  const office = win.Office;
  if (!office) return { problem: 'office.js loaded but did not define Office' };
  try {
    await withTimeout(Promise.resolve(office.onReady()), options.readyTimeoutMs ?? 5000, 'Office.onReady');
  } catch (error) {
    return { problem: (error as Error).message };
  }
  if (!office.context?.mailbox) return {};
  return { office };
}
