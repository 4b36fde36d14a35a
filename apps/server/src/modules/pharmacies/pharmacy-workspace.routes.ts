import {
  HandoverBody,
  PartnerIdParams,
  PharmacistBody,
  PharmacistsReply,
  PharmacyAdminView,
  PharmacyProfileBody,
  ReservationActionParams,
  ReservationQueueQuery,
  ReservationStatus,
  ReservationsReply,
  StockBody,
  StockCsvBody,
  StockReply,
} from '@medrelay/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { SECURITY } from '../../platform/openapi/security.ts';
import type { PharmacyServices } from './pharmacy-services.ts';

/** The pharmacy's side of the partner workspace (/partner/:id): store, pharmacists, stock, queue. */
export const pharmacyWorkspaceRoutes: FastifyPluginAsyncZod<PharmacyServices> = async (
  app,
  { pharmacies, stock, reservations },
) => {
  const tags = ['pharmacies'];
  const staff = { preHandler: app.requireActiveUser };
  const security = SECURITY.activeSession;

  app.get(
    '/partners/:id/pharmacy',
    {
      schema: {
        operationId: 'getMyPharmacy',
        security,
        tags,
        summary: 'My pharmacy: store profile, licences and stock (staff and admins)',
        params: PartnerIdParams,
        response: { 200: PharmacyAdminView },
      },
      ...staff,
    },
    async (req) => pharmacies.mine(req.user, req.params.id),
  );
  app.patch(
    '/partners/:id/pharmacy',
    {
      schema: {
        operationId: 'updatePharmacyProfile',
        security,
        tags,
        summary: 'Address, point, hours, services and pickup window (owner)',
        params: PartnerIdParams,
        body: PharmacyProfileBody,
        response: { 200: PharmacyAdminView },
      },
      ...staff,
    },
    async (req) => pharmacies.updateProfile(req.user, req.params.id, req.body),
  );
  app.get(
    '/partners/:id/pharmacy/pharmacists',
    {
      schema: {
        operationId: 'listPharmacists',
        security,
        tags,
        summary: "The pharmacy's pharmacists and their certificate numbers",
        params: PartnerIdParams,
        response: { 200: PharmacistsReply },
      },
      ...staff,
    },
    async (req) => ({ items: await pharmacies.pharmacists(req.user, req.params.id) }),
  );
  app.post(
    '/partners/:id/pharmacy/pharmacists',
    {
      schema: {
        operationId: 'addPharmacist',
        security,
        tags,
        summary: 'Add a pharmacist (a person who has logged in once) with a certificate number (owner)',
        params: PartnerIdParams,
        body: PharmacistBody,
        response: { 200: PharmacistsReply },
      },
      ...staff,
    },
    async (req) => ({
      items: await pharmacies.addPharmacist(
        req.user,
        req.params.id,
        req.body.phone,
        req.body.certificateNumber,
      ),
    }),
  );
  app.get(
    '/partners/:id/pharmacy/stock',
    {
      schema: {
        operationId: 'listPharmacyStock',
        security,
        tags,
        summary: 'Every catalogue item with its status here',
        params: PartnerIdParams,
        response: { 200: StockReply },
      },
      ...staff,
    },
    async (req) => ({ items: await stock.list(req.user, req.params.id) }),
  );
  app.put(
    '/partners/:id/pharmacy/stock',
    {
      schema: {
        operationId: 'setPharmacyStock',
        security,
        tags,
        summary: 'Set stock statuses (one tap is one item)',
        params: PartnerIdParams,
        body: StockBody,
        response: { 200: StockReply },
      },
      ...staff,
    },
    async (req) => ({ items: await stock.set(req.user, req.params.id, req.body.items) }),
  );
  app.post(
    '/partners/:id/pharmacy/stock/csv',
    {
      schema: {
        operationId: 'importPharmacyStockCsv',
        security,
        tags,
        summary: 'Set stock statuses from a CSV sheet: medicine id, status (有货/紧张/无货), quantity, limit',
        params: PartnerIdParams,
        body: StockCsvBody,
        response: { 200: StockReply },
      },
      ...staff,
    },
    async (req) => ({ items: await stock.importCsv(req.user, req.params.id, req.body.csv) }),
  );
  app.get(
    '/partners/:id/pharmacy/reservations',
    {
      schema: {
        operationId: 'listPharmacyReservations',
        security,
        tags,
        summary: "The pharmacy's queue of reservations (pickup codes are not shown: the resident brings it)",
        params: PartnerIdParams,
        querystring: ReservationQueueQuery,
        response: { 200: ReservationsReply },
      },
      ...staff,
    },
    async (req) => ({ items: await reservations.queue(req.user, req.params.id, req.query.status) }),
  );
  app.post(
    '/partners/:id/pharmacy/reservations/:reservationId/:action',
    {
      schema: {
        operationId: 'actOnReservation',
        security,
        tags,
        summary: 'Confirm, decline, mark ready or record a no-show; the resident is notified',
        params: ReservationActionParams,
        response: { 204: z.null() },
      },
      ...staff,
    },
    async (req, reply) => {
      await reservations.act(req.user, req.params.id, req.params.reservationId, req.params.action);
      return reply.code(204).send(null);
    },
  );
  app.post(
    '/partners/:id/pharmacy/handover',
    {
      schema: {
        operationId: 'handOverReservation',
        security,
        tags,
        summary: "Hand over a reservation by the resident's pickup code",
        params: PartnerIdParams,
        body: HandoverBody,
        response: { 200: z.object({ id: z.uuid(), status: ReservationStatus }) },
      },
      ...staff,
    },
    async (req) => reservations.handOver(req.user, req.params.id, req.body.code),
  );
};
