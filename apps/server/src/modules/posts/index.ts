export { isOpenPost, openPostSql, POST_TRANSITIONS, type PostAction } from './posts.lifecycle.ts';
export type { PostOwner } from './posts.matching.ts';
export { DEFAULT_QUOTAS, type PostQuotas } from './posts.quotas.ts';
export { postsRoutes } from './posts.routes.ts';
export type { Screening, ScreenPost } from './posts.service.ts';
export { createPostsService, type PostsService } from './posts.service.ts';
export { createPostState, POST_TTL_MS, type PostState } from './posts.state.ts';
export { type ItemRow, type PostRow, presentPost } from './posts.view.ts';
