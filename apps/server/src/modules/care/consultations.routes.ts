import {
  ConsultationBody,
  ConsultationIdParams,
  ConsultationMessageBody,
  ConsultationPharmaciesReply,
  ConsultationsReply,
  ConsultationView,
  RatingBody,
} from '@medrelay/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { SECURITY } from '../../platform/openapi/security.ts';
import type { ConsultationsService } from './consultations.service.ts';

/** A resident asks a pharmacist (/me/care/consultations) and sees who takes questions. */
export const consultationsRoutes: FastifyPluginAsyncZod<{ consultations: ConsultationsService }> = async (
  app,
  { consultations },
) => {
  const tags = ['care'];
  const read = { security: SECURITY.session, tags };
  const write = { security: SECURITY.activeSession, tags };

  app.get(
    '/care/consultation-pharmacies',
    {
      schema: {
        security: SECURITY.public,
        tags,
        operationId: 'listConsultationPharmacies',
        summary: 'Pharmacies that take questions, on duty first, with the first-response time each promises',
        response: { 200: ConsultationPharmaciesReply },
      },
    },
    async () => consultations.pharmacies(),
  );
  app.post(
    '/me/care/consultations',
    {
      schema: {
        ...write,
        operationId: 'askPharmacist',
        summary:
          'Ask a chosen pharmacy or the on-duty pool, optionally sharing record parts with this consultation only',
        body: ConsultationBody,
        response: { 201: ConsultationView },
      },
      preHandler: app.requireActiveUser,
    },
    async (req, reply) => reply.code(201).send(await consultations.ask(req.user, req.body)),
  );
  app.get(
    '/me/care/consultations',
    {
      schema: {
        ...read,
        operationId: 'listMyConsultations',
        summary: 'My questions to pharmacists',
        response: { 200: ConsultationsReply },
      },
      preHandler: app.requireUser,
    },
    async (req) => consultations.list(req.user),
  );
  app.get(
    '/me/care/consultations/:id',
    {
      schema: {
        ...read,
        operationId: 'getMyConsultation',
        summary: 'One consultation and its thread',
        params: ConsultationIdParams,
        response: { 200: ConsultationView },
      },
      preHandler: app.requireUser,
    },
    async (req) => consultations.get(req.user, req.params.id),
  );
  app.post(
    '/me/care/consultations/:id/messages',
    {
      schema: {
        ...write,
        operationId: 'followUpConsultation',
        summary: 'Add to my question',
        params: ConsultationIdParams,
        body: ConsultationMessageBody,
        response: { 200: ConsultationView },
      },
      preHandler: app.requireActiveUser,
    },
    async (req) => consultations.followUp(req.user, req.params.id, req.body.body),
  );
  app.post(
    '/me/care/consultations/:id/rating',
    {
      schema: {
        ...write,
        operationId: 'rateConsultation',
        summary: 'Rate the answer (1–5)',
        params: ConsultationIdParams,
        body: RatingBody,
        response: { 200: ConsultationView },
      },
      preHandler: app.requireActiveUser,
    },
    async (req) => consultations.rate(req.user, req.params.id, req.body.stars),
  );
  app.post(
    '/me/care/consultations/:id/close',
    {
      schema: {
        ...read,
        operationId: 'closeMyConsultation',
        summary: 'Close it; the record parts shared with it are no longer readable',
        params: ConsultationIdParams,
        response: { 200: ConsultationView },
      },
      preHandler: app.requireUser,
    },
    async (req) => consultations.close(req.user, req.params.id),
  );
};
