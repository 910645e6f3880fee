/** @module core/notice — TLP-labelled workspace notices (お知らせ). */
export { registerNoticeRoutes } from './notice.routes.js';
export type { NoticeTable } from './notice.table.js';
