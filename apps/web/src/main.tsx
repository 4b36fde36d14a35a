import { languageReady } from './lib/i18n.ts';
import './lib/preferences.ts';
import './app/styles.css';
import './components/ui/buttons.css';
import './components/ui/surfaces.css';
import './components/ui/controls.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/app.tsx';
import { registerServiceWorker } from './lib/pwa.ts';

const root = document.getElementById('root');
if (root) {
  void languageReady.then(() =>
    createRoot(root).render(
      <StrictMode>
        <App />
      </StrictMode>,
    ),
  );
}

// The offline app (docs/pwa.md): the app shell and the last square pages from the service worker.
registerServiceWorker();
