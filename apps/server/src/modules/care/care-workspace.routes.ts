import {
  ChartQuery,
  ChartView,
  ContactNoteBody,
  FollowupBody,
  FollowupPatientDetail,
  FollowupPatientsQuery,
  FollowupPatientView,
  PartnerIdParams,
  PatientParams,
} from '@medrelay/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { SECURITY } from '../../platform/openapi/security.ts';
import type { CareServices } from './care-services.ts';

const Patients = z.object({ items: z.array(FollowupPatientView) });

/** Chronic follow-up in the partner workspace (/partner/:id), for the pharmacy's pharmacists. */
export const careWorkspaceRoutes: FastifyPluginAsyncZod<CareServices> = async (app, { followup }) => {
  const tags = ['care'];
  const security = SECURITY.activeSession;
  const staff = { preHandler: app.requireActiveUser };

  app.get(
    '/me/pharmacist-of',
    {
      schema: {
        operationId: 'listMyPharmaciesAsPharmacist',
        security,
        tags,
        summary: 'The approved pharmacies I am a pharmacist of',
        response: { 200: z.object({ items: z.array(z.object({ partnerId: z.uuid(), name: z.string() })) }) },
      },
      ...staff,
    },
    async (req) => followup.myPharmacies(req.user),
  );
  app.get(
    '/partners/:id/care/patients',
    {
      schema: {
        operationId: 'listFollowupPatients',
        security,
        tags,
        summary: 'People who share their record with this pharmacy for follow-up, by condition (pharmacists)',
        params: PartnerIdParams,
        querystring: FollowupPatientsQuery,
        response: { 200: Patients },
      },
      ...staff,
    },
    async (req) => followup.patients(req.user, req.params.id, req.query),
  );
  app.get(
    '/partners/:id/care/overdue',
    {
      schema: {
        operationId: 'listOverdueFollowups',
        security,
        tags,
        summary: 'Follow-ups past due, oldest first (pharmacists)',
        params: PartnerIdParams,
        response: { 200: Patients },
      },
      ...staff,
    },
    async (req) => followup.overdue(req.user, req.params.id),
  );
  app.get(
    '/partners/:id/care/patients/:userId',
    {
      schema: {
        operationId: 'getFollowupPatient',
        security,
        tags,
        summary: 'The shared parts of one record, the follow-up task and contact notes (each read audited)',
        params: PatientParams,
        response: { 200: FollowupPatientDetail },
      },
      ...staff,
    },
    async (req) => followup.patient(req.user, req.params.id, req.params.userId),
  );
  app.get(
    '/partners/:id/care/patients/:userId/measurements',
    {
      schema: {
        operationId: 'getFollowupChart',
        security,
        tags,
        summary: 'A shared measurements trend (audited)',
        params: PatientParams,
        querystring: ChartQuery,
        response: { 200: ChartView },
      },
      ...staff,
    },
    async (req) => followup.chart(req.user, req.params.id, req.params.userId, req.query),
  );
  app.put(
    '/partners/:id/care/patients/:userId/followup',
    {
      schema: {
        operationId: 'setFollowup',
        security,
        tags,
        summary: 'Follow this person up every N days',
        params: PatientParams,
        body: FollowupBody,
        response: { 200: FollowupPatientView },
      },
      ...staff,
    },
    async (req) => followup.setFollowup(req.user, req.params.id, req.params.userId, req.body.everyDays),
  );
  app.post(
    '/partners/:id/care/patients/:userId/contacts',
    {
      schema: {
        operationId: 'addFollowupContact',
        security,
        tags,
        summary: 'Record a contact with a short note; the next follow-up is N days from now',
        params: PatientParams,
        body: ContactNoteBody,
        response: { 201: FollowupPatientDetail },
      },
      ...staff,
    },
    async (req, reply) =>
      reply
        .code(201)
        .send(await followup.addContact(req.user, req.params.id, req.params.userId, req.body.note)),
  );
};
