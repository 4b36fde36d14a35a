import type { ServerResponse } from 'node:http';
import { LIVE_TOPICS, LiveQuery } from '@medrelay/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import type { Db } from '../../platform/db/index.ts';
import { AppError } from '../../platform/errors.ts';
import { distanceKm } from '../../platform/geo.ts';
import { SECURITY } from '../../platform/openapi/security.ts';
import type { LiveBus, LiveEvent } from '../../platform/realtime.ts';
import { reachRepo } from './reach.repo.ts';

// Comments keep proxies and phones from closing an idle stream.
const HEARTBEAT_MS = 15_000;
/** Open streams per address: a household behind one address has a few phones, not dozens. */
export const LIVE_STREAMS_PER_ADDRESS = 6;
const REPLAY_LIMIT = 200;

type Filter = z.output<typeof LiveQuery>;
interface PostLike {
  kind?: string;
  items?: { medicineId: string }[];
  medicineIds?: string[];
  region?: { provinceCode: string; cityCode: string; districtCode: string };
  provinceCode?: string;
  cityCode?: string;
  districtCode?: string;
  location?: { lat: number; lng: number };
}

/** Whether a live event is inside the stream's filters. A removal without a place is always sent. */
export function matchesFilter(event: LiveEvent, f: Filter, near?: { lat: number; lng: number }): boolean {
  const post = (event.payload as { post?: PostLike }).post;
  if (!post) return false;
  if (f.kind && post.kind !== f.kind) return false;
  if (f.medicineId) {
    const ids = post.items?.map((i) => i.medicineId) ?? post.medicineIds ?? [];
    if (!ids.includes(f.medicineId)) return false;
  }
  if (f.region) {
    const codes = post.region
      ? [post.region.provinceCode, post.region.cityCode, post.region.districtCode]
      : [post.provinceCode, post.cityCode, post.districtCode];
    if (!codes.includes(f.region)) return false;
  }
  if (near && post.location) {
    const d = distanceKm(near.lat, near.lng, post.location.lat, post.location.lng);
    if (d > (f.radiusKm ?? 10)) return false;
  }
  return true;
}

export const liveRoutes: FastifyPluginAsyncZod<{ bus: LiveBus; db: Db }> = async (app, { bus, db }) => {
  const perAddress = new Map<string, number>();
  const open = new Set<ServerResponse>();
  // On shutdown, before the server waits for open connections, every stream is told to come back
  // in a few seconds and closed (an open stream would otherwise hold the shutdown forever).
  app.addHook('preClose', async () => {
    for (const raw of open) {
      raw.write('retry: 3000\nevent: bye\ndata: {}\n\n');
      raw.end();
    }
  });

  app.get(
    '/live',
    {
      schema: {
        operationId: 'streamLiveSquare',
        security: SECURITY.public,
        tags: ['live'],
        summary: 'The live square: new, changed and closed posts as Server-Sent Events',
        description:
          'Events are named by topic (post.created, post.updated, post.resolved, …) with the outbox id as the SSE id; ' +
          'a reconnect with Last-Event-ID receives what it missed (up to 200 events). Public views only.',
        querystring: LiveQuery,
      },
    },
    async (req, reply) => {
      const address = req.ip;
      const count = perAddress.get(address) ?? 0;
      if (count >= LIVE_STREAMS_PER_ADDRESS) {
        throw new AppError('rate_limited', 429, { limit: LIVE_STREAMS_PER_ADDRESS, retryAfterSeconds: 30 });
      }
      const q = req.query;
      const near = q.near
        ? { lat: Number(q.near.split(',')[0]), lng: Number(q.near.split(',')[1]) }
        : undefined;
      const lastEventId = Number(req.headers['last-event-id']);
      const missed =
        Number.isSafeInteger(lastEventId) && lastEventId > 0
          ? await reachRepo.publicEventsAfter(db, lastEventId, LIVE_TOPICS, REPLAY_LIMIT)
          : [];

      perAddress.set(address, count + 1);
      reply.hijack();
      const raw = reply.raw;
      open.add(raw);
      raw.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      const send = (e: LiveEvent) => {
        if (matchesFilter(e, q, near))
          raw.write(`id: ${e.id}\nevent: ${e.topic}\ndata: ${JSON.stringify(e.payload)}\n\n`);
      };
      raw.write('retry: 5000\n: connected\n\n');
      for (const e of missed) send({ id: e.id, topic: e.topic, payload: e.payload });
      const unsubscribe = bus.subscribe(send);
      const heartbeat = setInterval(() => raw.write(': ping\n\n'), HEARTBEAT_MS);
      heartbeat.unref();
      req.raw.on('close', () => {
        clearInterval(heartbeat);
        unsubscribe();
        open.delete(raw);
        const left = (perAddress.get(address) ?? 1) - 1;
        if (left <= 0) perAddress.delete(address);
        else perAddress.set(address, left);
      });
    },
  );
};
