import { MapConfigReply, RegionsQuery, RegionsReply, type TileProvider } from '@medrelay/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AppError } from '../../platform/errors.ts';
import { SECURITY } from '../../platform/openapi/security.ts';
import type { Regions } from './regions.service.ts';

export const regionsRoutes: FastifyPluginAsyncZod<{
  regions: Regions;
  /** The map's tile provider from the server's configuration; see map-tiles.ts. */
  mapTiles?: TileProvider | null;
}> = async (app, { regions, mapTiles }) => {
  app.get(
    '/regions',
    {
      schema: {
        operationId: 'listRegions',
        security: SECURITY.public,
        tags: ['regions'],
        summary: 'Provinces (no parent), or the cities / districts under a parent code (GB/T 2260)',
        querystring: RegionsQuery,
        response: { 200: RegionsReply },
      },
    },
    async (req, reply) => {
      const { parent } = req.query;
      if (parent && !regions.get(parent)) throw new AppError('unknown_region', 400, { field: 'parent' });
      reply.header('cache-control', 'public, max-age=86400');
      return { items: regions.children(parent) };
    },
  );

  app.get(
    '/map-config',
    {
      schema: {
        operationId: 'getMapConfig',
        security: SECURITY.public,
        tags: ['regions'],
        summary:
          "The map's tile provider, set by whoever runs the server (a domestic GCJ-02 provider in China)",
        response: { 200: MapConfigReply },
      },
    },
    async (_req, reply) => {
      // Short: a changed provider reaches open apps within minutes, without a rebuild.
      reply.header('cache-control', 'public, max-age=300');
      return mapTiles === undefined ? {} : { tiles: mapTiles };
    },
  );
};
