import type { TestProject } from 'vitest/node';
import { createTemplate, dropTemplate, type TemplateRef } from './template-db.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    dbTemplate: TemplateRef;
  }
}

export default async function setup(project: TestProject) {
  const template = await createTemplate(process.env.TEST_DATABASE_URL || undefined);
  project.provide('dbTemplate', template);
  return async () => dropTemplate(template);
}
