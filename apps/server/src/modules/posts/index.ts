export { DEFAULT_QUOTAS, type PostQuotas } from './posts.quotas.ts';
export { postsRoutes } from './posts.routes.ts';
export type { Screening, ScreenPost } from './posts.service.ts';
export { createPostsService, POST_TTL_MS, type PostsService } from './posts.service.ts';
export { type ItemRow, type PostRow, presentPost } from './posts.view.ts';
