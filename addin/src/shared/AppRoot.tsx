import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { StrictMode, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';

/** Mounts a page: Fluent's light theme around the page's root component. Every entry page starts here. */
export function mountPage(root: ReactNode, elementId = 'root') {
  const element = document.getElementById(elementId);
  if (!element) throw new Error(`#${elementId} is missing from the page`);
  createRoot(element).render(
    <StrictMode>
      <FluentProvider theme={webLightTheme} style={{ minHeight: '100vh' }}>
        {root}
      </FluentProvider>
    </StrictMode>,
  );
}
