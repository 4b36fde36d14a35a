// The offline app's door (issue 15): the layout mounts the bar, the update prompt and the outbox; the
// post form queues a post written offline.
import './offline.css';

export { OfflineBar } from './components/offline-bar.tsx';
export { OutboxPanel } from './components/outbox-panel.tsx';
export { QueuedNotice } from './components/queued.tsx';
export { UpdatePrompt } from './components/update-prompt.tsx';
export { queuePost, useOutbox } from './outbox.ts';
