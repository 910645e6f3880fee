/**
 * @renkei/contracts — what the server and the web app agree on: wire schemas (zod), enums
 * and error codes. Types and schemas only; no I/O.
 * @module
 */
export * from './tlp.js';
export * from './roles.js';
export * from './errors.js';
export * from './auth.js';
export * from './accounts.js';
export * from './notices.js';
export * from './audit.js';
export * from './incidents.js';
export * from './datasets.js';
export * from './correlation.js';
export * from './quarantine.js';
export * from './outbox.js';
export * from './directory.js';
export * from './resolver.js';
export * from './feeds.js';
export * from './coordination.js';
export * from './programme.js';
export * from './detection.js';
export * from './assistant.js';
