// Messages between a helper and a poster who keeps the phone private.

// The receiver's hand-off codes: shown in the thread and on the post page.
export { useHandoffCodes } from './api/handoff-codes.ts';
// The post page lists a post's threads where its owner hands part of an offer to one of them.
export { type ThreadSummary, useThreads } from './api/threads.ts';
export { MessageComposer } from './components/message-composer.tsx';
export { ThreadList } from './components/thread-list.tsx';
