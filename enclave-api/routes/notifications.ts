/** Notifications: each user reads and marks their own (anyone else's is not found). */
import { Router } from 'express';
import { notFound } from '../../platform/index.ts';
import { principalOf } from '../auth/middleware.ts';
import { listNotifications, markNotificationRead, type DbNotification } from '../db/notifications.ts';
import { isUuid } from '../db/projects.ts';
import type { EnclaveDeps } from '../http/deps.ts';
import { parseInput } from '../http/errors.ts';
import { STANDARD_ERRORS, openApiRegistry } from '../http/openapi.ts';
import { describeNotification } from '../notifications/rules.ts';
import type { z } from 'zod';
import { IdParam } from './schemas.ts';
import { Notification, NotificationList, NotificationListQuery, jsonBody } from './daily-schemas.ts';

openApiRegistry.registerPath({
  method: 'get',
  path: '/api/v1/notifications',
  summary:
    'Your notifications, newest first, with the unread count (queries finished, releases decided or waiting, probing alerts, dashboards refreshed)',
  request: { query: NotificationListQuery },
  responses: { 200: jsonBody('your notifications', NotificationList), ...STANDARD_ERRORS },
});
openApiRegistry.registerPath({
  method: 'post',
  path: '/api/v1/notifications/{id}/read',
  summary: 'Marks one of your notifications read',
  request: { params: IdParam },
  responses: { 200: jsonBody('the notification, read', Notification), ...STANDARD_ERRORS },
});

export function notificationView(row: DbNotification): z.infer<typeof Notification> {
  const details = { ...row.details, projectId: row.project_id ?? row.details.projectId };
  return {
    id: row.id,
    kind: row.kind,
    subject: row.subject,
    project: row.project_id,
    ...describeNotification(row.kind, details),
    createdAt: row.created_at.toISOString(),
    readAt: row.read_at ? row.read_at.toISOString() : null,
  };
}

export function notificationsRouter(deps: EnclaveDeps): Router {
  const router = Router();
  router.get('/notifications', async (req, res) => {
    const { limit } = parseInput(NotificationListQuery, req.query, 'query');
    const { notifications, unread } = await listNotifications(deps.pool, principalOf(req).userId, limit);
    res.json(NotificationList.parse({ unread, notifications: notifications.map(notificationView) }));
  });
  router.post('/notifications/:id/read', async (req, res) => {
    const { id } = parseInput(IdParam, req.params, 'params');
    const read = isUuid(id) ? await markNotificationRead(deps.pool, principalOf(req).userId, id) : null;
    if (!read) throw notFound('notification');
    res.json(notificationView(read));
  });
  return router;
}
