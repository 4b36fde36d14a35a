export { TERMS_SECTIONS } from './terms-sections.ts';
