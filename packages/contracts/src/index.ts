export * from './auth.ts';
export * from './catalog.ts';
export * from './common.ts';
export * from './contact.ts';
export * from './posts.ts';
export * from './regions.ts';
export * from './stats.ts';
export * from './moderation.ts';
