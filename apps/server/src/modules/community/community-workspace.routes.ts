import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { CommunityServices } from './community-services.ts';

/** The operator's side of community in the partner workspace (/partner/:id): groups, content, calendar. */
export const communityWorkspaceRoutes: FastifyPluginAsyncZod<CommunityServices> = async () => {};
