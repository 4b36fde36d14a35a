import {
  MyReservationParams,
  PartnerIdParams,
  PharmaciesQuery,
  PharmaciesReply,
  PharmacyAdminView,
  PharmacyApplyBody,
  PharmacyView,
  ReservationsReply,
  ReservationView,
  ReserveBody,
} from '@medrelay/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { SECURITY } from '../../platform/openapi/security.ts';
import type { PharmacyServices } from './pharmacy-services.ts';

/** What residents use: finding pharmacies, applying as one, reserving for pickup. */
export const pharmaciesRoutes: FastifyPluginAsyncZod<PharmacyServices> = async (
  app,
  { pharmacies, reservations },
) => {
  const tags = ['pharmacies'];

  app.post(
    '/pharmacies',
    {
      schema: {
        operationId: 'applyAsPharmacy',
        security: SECURITY.activeSession,
        tags,
        summary:
          'Apply as a pharmacy partner with its credit code and drug-trade licence (an admin approves)',
        body: PharmacyApplyBody,
        response: { 201: PharmacyAdminView },
      },
      preHandler: app.requireActiveUser,
    },
    async (req, reply) => reply.code(201).send(await pharmacies.apply(req.user, req.body)),
  );
  app.get(
    '/pharmacies',
    {
      schema: {
        operationId: 'listPharmacies',
        security: SECURITY.public,
        tags,
        summary: 'Approved pharmacies near a point, nearest first; with medicineId, those that have it',
        querystring: PharmaciesQuery,
        response: { 200: PharmaciesReply },
      },
    },
    async (req) => ({ items: await pharmacies.nearby(req.query) }),
  );
  app.get(
    '/pharmacies/:id',
    {
      schema: {
        operationId: 'getPharmacy',
        security: SECURITY.public,
        tags,
        summary: 'A pharmacy: hours, services and stock statuses (older than 24 h read as unknown)',
        params: PartnerIdParams,
        response: { 200: PharmacyView },
      },
    },
    async (req) => pharmacies.get(req.params.id),
  );
  app.post(
    '/pharmacies/:id/reservations',
    {
      schema: {
        operationId: 'reserveAtPharmacy',
        security: SECURITY.verifiedSession,
        tags,
        summary: 'Reserve in-stock items for pickup (到店自提); the answer holds the pickup code',
        params: PartnerIdParams,
        body: ReserveBody,
        response: { 201: ReservationView },
      },
      preHandler: app.requireVerifiedUser,
    },
    async (req, reply) => reply.code(201).send(await reservations.reserve(req.user, req.params.id, req.body)),
  );
  app.get(
    '/me/pharmacy-reservations',
    {
      schema: {
        operationId: 'listMyReservations',
        security: SECURITY.session,
        tags,
        summary: 'My pharmacy reservations with their pickup codes',
        response: { 200: ReservationsReply },
      },
      preHandler: app.requireUser,
    },
    async (req) => ({ items: await reservations.mine(req.user) }),
  );
  app.post(
    '/me/pharmacy-reservations/:reservationId/cancel',
    {
      schema: {
        operationId: 'cancelMyReservation',
        security: SECURITY.session,
        tags,
        summary: 'Cancel my reservation; its units go back to the pharmacy',
        params: MyReservationParams,
        response: { 204: z.null() },
      },
      preHandler: app.requireUser,
    },
    async (req, reply) => {
      await reservations.cancel(req.user, req.params.reservationId);
      return reply.code(204).send(null);
    },
  );
};
