import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { CommunityServices } from './community-services.ts';

/** A resident's side of community: my groups, joining by link, leaving, public article pages. */
export const communityRoutes: FastifyPluginAsyncZod<CommunityServices> = async () => {};
