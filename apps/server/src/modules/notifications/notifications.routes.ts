import {
  MarkReadBody,
  NotificationPrefs,
  NotificationsQuery,
  NotificationsReply,
  UnreadReply,
} from '@medrelay/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { SECURITY } from '../../platform/openapi/security.ts';
import type { NotificationsService } from './notifications.service.ts';

export const notificationsRoutes: FastifyPluginAsyncZod<{ notifications: NotificationsService }> = async (
  app,
  { notifications },
) => {
  app.get(
    '/me/notifications',
    {
      schema: {
        operationId: 'listMyNotifications',
        security: SECURITY.session,
        tags: ['notifications'],
        summary: 'My notifications, newest first, with the unread count',
        querystring: NotificationsQuery,
        response: { 200: NotificationsReply },
      },
      preHandler: app.requireUser,
    },
    async (req, reply) => {
      reply.header('cache-control', 'no-store');
      return notifications.list(req.user.id, req.query);
    },
  );

  app.get(
    '/me/notifications/unread',
    {
      schema: {
        operationId: 'countMyUnreadNotifications',
        security: SECURITY.session,
        tags: ['notifications'],
        summary: 'How many of my notifications are unread (the bell)',
        response: { 200: UnreadReply },
      },
      preHandler: app.requireUser,
    },
    async (req, reply) => {
      reply.header('cache-control', 'no-store');
      return { unread: await notifications.unread(req.user.id) };
    },
  );

  app.post(
    '/me/notifications/read',
    {
      schema: {
        operationId: 'markNotificationsRead',
        security: SECURITY.session,
        tags: ['notifications'],
        summary: 'Mark some (or, without ids, all) of my notifications read',
        body: MarkReadBody,
        response: { 200: UnreadReply },
      },
      preHandler: app.requireUser,
    },
    async (req) => {
      await notifications.markRead(req.user.id, req.body.ids);
      return { unread: await notifications.unread(req.user.id) };
    },
  );

  app.get(
    '/me/notification-prefs',
    {
      schema: {
        operationId: 'getNotificationPrefs',
        security: SECURITY.session,
        tags: ['notifications'],
        summary: 'Which channels carry which events, and my quiet hours',
        response: { 200: NotificationPrefs },
      },
      preHandler: app.requireUser,
    },
    async (req) => notifications.prefs(req.user.id),
  );

  app.put(
    '/me/notification-prefs',
    {
      schema: {
        operationId: 'setNotificationPrefs',
        security: SECURITY.session,
        tags: ['notifications'],
        summary: 'Save my notification preferences',
        body: NotificationPrefs,
        response: { 200: NotificationPrefs },
      },
      preHandler: app.requireUser,
    },
    async (req) => notifications.savePrefs(req.user.id, req.body),
  );
};
