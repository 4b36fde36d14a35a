// Messages between a helper and a poster who keeps the phone private.
export { MessageComposer } from './components/message-composer.tsx';
export { ThreadList } from './components/thread-list.tsx';
