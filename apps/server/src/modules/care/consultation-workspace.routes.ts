import {
  AnswerTemplateBody,
  AnswerTemplatesReply,
  ConsultationMessageBody,
  ConsultationQueueItem,
  ConsultationQueueReply,
  ConsultationSettings,
  ConsultationSettingsBody,
  HandoffConsultationBody,
  PartnerIdParams,
  SharedPartsReply,
  WorkspaceConsultationParams,
} from '@medrelay/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { SECURITY } from '../../platform/openapi/security.ts';
import type { ConsultationsService } from './consultations.service.ts';

const TemplateParams = z.object({ id: z.uuid(), templateId: z.uuid() });

/** The pharmacist's consultation desk in the partner workspace (/partner/:id). */
export const consultationWorkspaceRoutes: FastifyPluginAsyncZod<{
  consultations: ConsultationsService;
}> = async (app, { consultations }) => {
  const base = { security: SECURITY.activeSession, tags: ['care'] };
  const pre = { preHandler: app.requireActiveUser };
  const path = '/partners/:id/pharmacy/consultations';

  app.get(
    path,
    {
      schema: {
        ...base,
        operationId: 'consultationQueue',
        summary: 'Open consultations: red flags first, then oldest first',
        params: PartnerIdParams,
        response: { 200: ConsultationQueueReply },
      },
      ...pre,
    },
    async (req) => consultations.queue(req.user, req.params.id),
  );
  app.get(
    `${path}/:consultationId`,
    {
      schema: {
        ...base,
        operationId: 'getQueuedConsultation',
        summary: 'One consultation of this pharmacy (or the pool)',
        params: WorkspaceConsultationParams,
        response: { 200: ConsultationQueueItem },
      },
      ...pre,
    },
    async (req) => consultations.getForPharmacy(req.user, req.params.id, req.params.consultationId),
  );
  app.post(
    `${path}/:consultationId/claim`,
    {
      schema: {
        ...base,
        operationId: 'claimConsultation',
        summary: 'Take a pool consultation for this pharmacy',
        params: WorkspaceConsultationParams,
        response: { 200: ConsultationQueueItem },
      },
      ...pre,
    },
    async (req) => consultations.claim(req.user, req.params.id, req.params.consultationId),
  );
  app.post(
    `${path}/:consultationId/answers`,
    {
      schema: {
        ...base,
        operationId: 'answerConsultation',
        summary: 'Answer (the resident is notified)',
        params: WorkspaceConsultationParams,
        body: ConsultationMessageBody,
        response: { 200: ConsultationQueueItem },
      },
      ...pre,
    },
    async (req) => consultations.answer(req.user, req.params.id, req.params.consultationId, req.body.body),
  );
  app.post(
    `${path}/:consultationId/handoff`,
    {
      schema: {
        ...base,
        operationId: 'handOffConsultation',
        summary: 'Hand the consultation to a colleague pharmacist',
        params: WorkspaceConsultationParams,
        body: HandoffConsultationBody,
        response: { 200: ConsultationQueueItem },
      },
      ...pre,
    },
    async (req) =>
      consultations.handOff(req.user, req.params.id, req.params.consultationId, req.body.pharmacistUserId),
  );
  app.post(
    `${path}/:consultationId/close`,
    {
      schema: {
        ...base,
        operationId: 'closeQueuedConsultation',
        summary: 'Close the consultation',
        params: WorkspaceConsultationParams,
        response: { 200: ConsultationQueueItem },
      },
      ...pre,
    },
    async (req) => consultations.closeForPharmacy(req.user, req.params.id, req.params.consultationId),
  );
  app.get(
    `${path}/:consultationId/shared`,
    {
      schema: {
        ...base,
        operationId: 'consultationSharedParts',
        summary: 'The record parts shared with this consultation (each read audited)',
        params: WorkspaceConsultationParams,
        response: { 200: SharedPartsReply },
      },
      ...pre,
    },
    async (req) => consultations.shared(req.user, req.params.id, req.params.consultationId),
  );

  app.get(
    '/partners/:id/pharmacy/answer-templates',
    {
      schema: {
        ...base,
        operationId: 'listAnswerTemplates',
        summary: 'Saved answers',
        params: PartnerIdParams,
        response: { 200: AnswerTemplatesReply },
      },
      ...pre,
    },
    async (req) => consultations.templates(req.user, req.params.id),
  );
  app.post(
    '/partners/:id/pharmacy/answer-templates',
    {
      schema: {
        ...base,
        operationId: 'addAnswerTemplate',
        summary: 'Save an answer template',
        params: PartnerIdParams,
        body: AnswerTemplateBody,
        response: { 200: AnswerTemplatesReply },
      },
      ...pre,
    },
    async (req) => consultations.addTemplate(req.user, req.params.id, req.body),
  );
  app.delete(
    '/partners/:id/pharmacy/answer-templates/:templateId',
    {
      schema: {
        ...base,
        operationId: 'removeAnswerTemplate',
        summary: 'Delete an answer template',
        params: TemplateParams,
        response: { 200: AnswerTemplatesReply },
      },
      ...pre,
    },
    async (req) => consultations.removeTemplate(req.user, req.params.id, req.params.templateId),
  );
  app.get(
    '/partners/:id/pharmacy/consultation-settings',
    {
      schema: {
        ...base,
        operationId: 'getConsultationSettings',
        summary: 'On duty for the pool, and the promised first-response time',
        params: PartnerIdParams,
        response: { 200: ConsultationSettings },
      },
      ...pre,
    },
    async (req) => consultations.settings(req.user, req.params.id),
  );
  app.put(
    '/partners/:id/pharmacy/consultation-settings',
    {
      schema: {
        ...base,
        operationId: 'saveConsultationSettings',
        summary: 'Join or leave the on-duty pool; set the promised first-response time',
        params: PartnerIdParams,
        body: ConsultationSettingsBody,
        response: { 200: ConsultationSettings },
      },
      ...pre,
    },
    async (req) => consultations.saveSettings(req.user, req.params.id, req.body),
  );
};
