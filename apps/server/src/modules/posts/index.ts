export { postsRoutes } from './posts.routes.ts';
export { createPostsService, POST_TTL_MS, type PostsService } from './posts.service.ts';
