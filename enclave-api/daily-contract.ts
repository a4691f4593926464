/**
 * The everyday routes' contract as TypeScript types (notifications, project administration, the cost preview),
 * inferred from their zod schemas like `contract.ts`; the web client imports them with `import type` only.
 */
import type { z } from 'zod';
import type * as D from './routes/daily-schemas.ts';

export type ApiNotification = z.infer<typeof D.Notification>;
export type ApiNotificationList = z.infer<typeof D.NotificationList>;
export type ApiMemberRemoved = z.infer<typeof D.MemberRemoved>;
export type ApiGrantRevoked = z.infer<typeof D.GrantRevoked>;
export type ApiAccessWindow = z.infer<typeof D.AccessWindow>;
export type ApiProjectHistory = z.infer<typeof D.ProjectHistory>;
export type ApiQueryPreview = z.infer<typeof D.QueryPreview>;
