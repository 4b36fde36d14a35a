// The account's door: the post form and the post page use these.
export {
  deletePost,
  renewPost,
  useDeletePost,
  useRenewPost,
} from './api/change-post.ts';
export { type Me, meKey, mustVerify, useMe } from './api/get-me.ts';
export { type MyPost, useMyPosts } from './api/get-my-posts.ts';
export { LoginForm } from './components/login-form.tsx';
export { VerificationForm } from './components/verification-form.tsx';
// The reasons a post is held or removed; the locale test checks each one has a message.
export { MODERATION_REASONS } from './moderation-notice.ts';
