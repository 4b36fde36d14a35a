import {
  AdherenceQuery,
  AdherenceReply,
  CaregiverBody,
  CaregiversReply,
  CaregiverView,
  DoseActionBody,
  DoseParams,
  DoseView,
  ReminderBody,
  ReminderPatchBody,
  RemindersReply,
  ReminderView,
} from '@medrelay/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { SECURITY } from '../../platform/openapi/security.ts';
import type { CaregiversService } from './reminder-caregivers.service.ts';
import type { RemindersService } from './reminders.service.ts';

const IdParams = z.object({ id: z.uuid() });

/** A resident's dose reminders, doses, adherence chart and family caregivers (/me/care/…). */
export const remindersRoutes: FastifyPluginAsyncZod<{
  reminders: RemindersService;
  caregivers: CaregiversService;
}> = async (app, { reminders, caregivers }) => {
  const tags = ['care'];
  const read = { security: SECURITY.session, tags };
  const write = { security: SECURITY.activeSession, tags };

  app.get(
    '/me/care/reminders',
    {
      schema: {
        ...read,
        operationId: 'listMyReminders',
        summary: 'My dose reminders',
        response: { 200: RemindersReply },
      },
      preHandler: app.requireUser,
    },
    async (req) => reminders.list(req.user),
  );
  app.post(
    '/me/care/reminders',
    {
      schema: {
        ...write,
        operationId: 'createReminder',
        summary: 'Remind me to take a medicine at these China times for a course of days',
        description: 'A course already over (no occurrence left) is refused with reminder_past_course_end.',
        body: ReminderBody,
        response: { 201: ReminderView },
      },
      preHandler: app.requireActiveUser,
    },
    async (req, reply) => reply.code(201).send(await reminders.create(req.user, req.body)),
  );
  app.get(
    '/me/care/reminders/:id',
    {
      schema: {
        ...read,
        operationId: 'getMyReminder',
        summary: 'One of my reminders and today’s doses',
        params: IdParams,
        response: { 200: ReminderView },
      },
      preHandler: app.requireUser,
    },
    async (req) => reminders.get(req.user, req.params.id),
  );
  app.patch(
    '/me/care/reminders/:id',
    {
      schema: {
        ...write,
        operationId: 'updateReminder',
        summary: 'Change times, meal timing, course end, quantity or pause a reminder',
        params: IdParams,
        body: ReminderPatchBody,
        response: { 200: ReminderView },
      },
      preHandler: app.requireActiveUser,
    },
    async (req) => reminders.update(req.user, req.params.id, req.body),
  );
  app.delete(
    '/me/care/reminders/:id',
    {
      schema: {
        ...read,
        operationId: 'deleteReminder',
        summary: 'Delete a reminder and its doses',
        params: IdParams,
        response: { 204: z.null() },
      },
      preHandler: app.requireUser,
    },
    async (req, reply) => {
      await reminders.remove(req.user, req.params.id);
      return reply.code(204).send(null);
    },
  );
  app.post(
    '/me/care/reminders/:id/doses/:dueAt',
    {
      schema: {
        ...write,
        operationId: 'actOnDose',
        summary: 'Mark a dose taken or skipped, or snooze it for 10 minutes',
        params: DoseParams,
        body: DoseActionBody,
        response: { 200: DoseView },
      },
      preHandler: app.requireActiveUser,
    },
    async (req) => reminders.actOnDose(req.user, req.params.id, new Date(req.params.dueAt), req.body.action),
  );
  app.get(
    '/me/care/adherence',
    {
      schema: {
        ...read,
        operationId: 'getMyAdherence',
        summary: 'Doses taken, skipped and missed per China day',
        querystring: AdherenceQuery,
        response: { 200: AdherenceReply },
      },
      preHandler: app.requireUser,
    },
    async (req) => reminders.adherence(req.user, req.query.days),
  );

  app.get(
    '/me/care/caregivers',
    {
      schema: {
        ...read,
        operationId: 'listMyCaregivers',
        summary: 'Family caregivers I added',
        response: { 200: CaregiversReply },
      },
      preHandler: app.requireUser,
    },
    async (req) => caregivers.mine(req.user),
  );
  app.post(
    '/me/care/caregivers',
    {
      schema: {
        ...write,
        operationId: 'addCaregiver',
        summary: 'Add a family caregiver by phone, who is told about my missed doses once they accept',
        body: CaregiverBody,
        response: { 201: CaregiverView },
      },
      preHandler: app.requireActiveUser,
    },
    async (req, reply) => reply.code(201).send(await caregivers.add(req.user, req.body.phone)),
  );
  app.delete(
    '/me/care/caregivers/:id',
    {
      schema: {
        ...read,
        operationId: 'removeCaregiver',
        summary: 'End a caregiver link (either side)',
        params: IdParams,
        response: { 204: z.null() },
      },
      preHandler: app.requireUser,
    },
    async (req, reply) => {
      await caregivers.remove(req.user, req.params.id);
      return reply.code(204).send(null);
    },
  );
  app.get(
    '/me/care/caring',
    {
      schema: {
        ...read,
        operationId: 'listCaring',
        summary: 'People who added me as their caregiver',
        response: { 200: CaregiversReply },
      },
      preHandler: app.requireUser,
    },
    async (req) => caregivers.caring(req.user),
  );
  app.post(
    '/me/care/caring/:id/accept',
    {
      schema: {
        ...write,
        operationId: 'acceptCaregiving',
        summary: 'Accept to be told about missed doses',
        params: IdParams,
        response: { 200: CaregiverView },
      },
      preHandler: app.requireActiveUser,
    },
    async (req) => caregivers.accept(req.user, req.params.id),
  );
  app.get(
    '/me/care/caring/:id/adherence',
    {
      schema: {
        ...read,
        operationId: 'getCaredAdherence',
        summary: 'The adherence chart of someone I care for (nothing else of theirs)',
        params: IdParams,
        querystring: AdherenceQuery,
        response: { 200: AdherenceReply },
      },
      preHandler: app.requireUser,
    },
    async (req) => caregivers.adherenceOf(req.user, req.params.id, req.query.days),
  );
};
