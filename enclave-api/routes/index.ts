/**
 * Every router mounted under `/api/v1`, in order. Each is built from the shared dependencies; add a module's
 * router by adding one line here (e.g. the release-request routes of output checking).
 */
import type { Router } from 'express';
import type { EnclaveDeps } from '../http/deps.ts';
import { auditRouter } from './audit.ts';
import { dashboardsRouter } from './dashboards.ts';
import { datasetsRouter } from './datasets.ts';
import { notificationsRouter } from './notifications.ts';
import { projectAdminRouter } from './project-admin.ts';
import { projectsRouter } from './projects.ts';
import { queryPreviewRouter } from './query-preview.ts';
import { queriesRouter } from './queries.ts';
import { releaseRequestsRouter } from './release-requests.ts';
import { usersRouter } from './users.ts';

export type RouterFactory = (deps: EnclaveDeps) => Router;

export const API_ROUTERS: readonly RouterFactory[] = [
  usersRouter,
  datasetsRouter,
  projectsRouter,
  projectAdminRouter,
  queryPreviewRouter,
  queriesRouter,
  releaseRequestsRouter,
  dashboardsRouter,
  auditRouter,
  notificationsRouter,
];
