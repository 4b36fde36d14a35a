import {
  ChartQuery,
  ChartView,
  EntryBody,
  EntryView,
  GrantBody,
  GrantView,
  GuidanceParams,
  GuidanceQuery,
  GuidanceView,
  HealthConsentBody,
  HealthIdParams,
  HealthReadView,
  HealthRecordView,
  MeasurementBody,
  MeasurementView,
} from '@medrelay/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { SECURITY } from '../../platform/openapi/security.ts';
import type { CareServices } from './care-services.ts';

/** A resident's health record (健康档案), its shares with pharmacies, and medication guidance. */
export const careRoutes: FastifyPluginAsyncZod<CareServices> = async (app, { record, guidance }) => {
  const tags = ['care'];
  const security = SECURITY.activeSession;
  const me = { preHandler: app.requireActiveUser };

  app.get(
    '/me/health',
    {
      schema: {
        operationId: 'getHealthRecord',
        security,
        tags,
        summary: 'My health record: consent, entries, the latest reading of each kind',
        response: { 200: HealthRecordView },
      },
      ...me,
    },
    async (req) => record.record(req.user),
  );
  app.post(
    '/me/health/consent',
    {
      schema: {
        operationId: 'consentToHealthRecord',
        security,
        tags,
        summary:
          'The separate, explicit consent to keep health data (PIPL art. 28–29), before the first entry',
        body: HealthConsentBody,
        response: { 200: HealthRecordView },
      },
      ...me,
    },
    async (req) => record.consent(req.user),
  );
  app.delete(
    '/me/health',
    {
      schema: {
        operationId: 'withdrawHealthConsent',
        security,
        tags,
        summary: 'Withdraw the health-data consent: the record, readings, shares and their reads are deleted',
        response: { 200: HealthRecordView },
      },
      ...me,
    },
    async (req) => record.withdraw(req.user),
  );
  app.post(
    '/me/health/entries',
    {
      schema: {
        operationId: 'addHealthEntry',
        security,
        tags,
        summary:
          'Add a condition, an allergy (by active ingredient), pregnancy/breastfeeding or a current medicine',
        body: EntryBody,
        response: { 201: EntryView },
      },
      ...me,
    },
    async (req, reply) => reply.code(201).send(await record.addEntry(req.user, req.body.value)),
  );
  app.delete(
    '/me/health/entries/:id',
    {
      schema: {
        operationId: 'deleteHealthEntry',
        security,
        tags,
        summary: 'Remove an entry of my record',
        params: HealthIdParams,
        response: { 204: z.null() },
      },
      ...me,
    },
    async (req, reply) => {
      await record.deleteEntry(req.user, req.params.id);
      return reply.code(204).send(null);
    },
  );
  app.post(
    '/me/health/measurements',
    {
      schema: {
        operationId: 'addMeasurement',
        security,
        tags,
        summary:
          'Record a temperature, SpO2, blood pressure or blood glucose reading (impossible values: 422)',
        body: MeasurementBody,
        response: { 201: MeasurementView },
      },
      ...me,
    },
    async (req, reply) => reply.code(201).send(await record.addMeasurement(req.user, req.body)),
  );
  app.delete(
    '/me/health/measurements/:id',
    {
      schema: {
        operationId: 'deleteMeasurement',
        security,
        tags,
        summary: 'Remove a reading',
        params: HealthIdParams,
        response: { 204: z.null() },
      },
      ...me,
    },
    async (req, reply) => {
      await record.deleteMeasurement(req.user, req.params.id);
      return reply.code(204).send(null);
    },
  );
  app.get(
    '/me/health/measurements',
    {
      schema: {
        operationId: 'getMeasurementChart',
        security,
        tags,
        summary: 'My readings of one kind over the last N days, oldest first (the chart)',
        querystring: ChartQuery,
        response: { 200: ChartView },
      },
      ...me,
    },
    async (req) => record.chart(req.user, req.user.id, { kind: req.query.kind, days: req.query.days }),
  );
  app.get(
    '/me/health/shares',
    {
      schema: {
        operationId: 'listHealthShares',
        security,
        tags,
        summary: 'My shares of the record with pharmacies, live and ended',
        response: { 200: z.object({ items: z.array(GrantView) }) },
      },
      ...me,
    },
    async (req) => ({ items: await record.shares(req.user) }),
  );
  app.post(
    '/me/health/shares',
    {
      schema: {
        operationId: 'shareHealthRecord',
        security,
        tags,
        summary: 'Let a pharmacy read chosen parts of my record for N days (unknown pharmacy: 404)',
        body: GrantBody,
        response: { 201: GrantView },
      },
      ...me,
    },
    async (req, reply) => reply.code(201).send(await record.share(req.user, req.body)),
  );
  app.post(
    '/me/health/shares/:id/revoke',
    {
      schema: {
        operationId: 'revokeHealthShare',
        security,
        tags,
        summary: 'End a share now',
        params: HealthIdParams,
        response: { 200: GrantView },
      },
      ...me,
    },
    async (req) => record.revokeShare(req.user, req.params.id),
  );
  app.get(
    '/me/health/reads',
    {
      schema: {
        operationId: 'listHealthReads',
        security,
        tags,
        summary: 'Every read of my shared record by a pharmacist: who (masked), when, which part',
        response: { 200: z.object({ items: z.array(HealthReadView) }) },
      },
      ...me,
    },
    async (req) => ({ items: await record.reads(req.user) }),
  );
  app.get(
    '/care/guidance/:medicineId',
    {
      schema: {
        operationId: 'getMedicationGuidance',
        security: SECURITY.optionalSession,
        tags,
        summary:
          'Label dose by age and weight, interval, daily maximum, when to ask a doctor; with a session and a record, warnings from it',
        params: GuidanceParams,
        querystring: GuidanceQuery,
        response: { 200: GuidanceView },
      },
      preHandler: app.optionalUser,
    },
    async (req) => record.guidance(req.user ?? undefined, req.params.medicineId, req.query),
  );
  app.get(
    '/care/ingredients',
    {
      schema: {
        operationId: 'listActiveIngredients',
        security: SECURITY.public,
        tags,
        summary: 'The active ingredients the guidance knows (for allergies and typed medicines)',
        response: {
          200: z.object({
            version: z.string(),
            items: z.array(z.object({ id: z.string(), name: z.object({ zh: z.string(), en: z.string() }) })),
          }),
        },
      },
    },
    async () => ({ version: guidance.version, items: guidance.ingredients() }),
  );
};
