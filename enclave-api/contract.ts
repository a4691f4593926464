/**
 * The API contract as TypeScript types, inferred from the zod schemas the routes declare (and the OpenAPI document
 * is generated from). The web client imports these with `import type` only — erased from its bundle — so a
 * renamed or retyped field fails `npm run typecheck` on both sides.
 */
import type { z } from 'zod';
import type * as R from './routes/responses.ts';
import type * as S from './routes/schemas.ts';
import type * as RR from './routes/release-requests.ts';

export type ApiProject = z.infer<typeof S.Project>;
export type ApiProjectList = z.infer<typeof R.ProjectList>;
export type ApiProjectCreated = z.infer<typeof R.ProjectCreated>;
export type ApiGrantCreated = z.infer<typeof R.GrantCreated>;
export type ApiMemberAdded = z.infer<typeof R.MemberAdded>;
export type ApiPolicyChange = z.infer<typeof R.PolicyChangeView>;
export type ApiPolicyChangeList = z.infer<typeof R.PolicyChangeList>;
export type ApiPolicyChangeApplied = z.infer<typeof R.PolicyChangeApplied>;
export type ApiPolicyChangePending = z.infer<typeof R.PolicyChangePending>;
export type ApiPolicyChangeApproved = z.infer<typeof R.PolicyChangeApproved>;

export type ApiQuery = z.infer<typeof S.Query>;
/** A check report as sent: the full one or the crashed checker's placeholder (custodians), or the researcher's. */
export type ApiCheckReport = NonNullable<z.infer<typeof S.CheckReportView>>;
export type ApiQueryAccepted = z.infer<typeof S.QueryAccepted>;
export type ApiQueryList = z.infer<typeof R.QueryList>;
export type ApiDatasetSummary = z.infer<typeof R.DatasetSummary>;
export type ApiDatasetList = z.infer<typeof R.DatasetList>;

export type ApiReleaseRequest = z.infer<typeof R.ReleaseRequestView>;
export type ApiReleaseRequestList = z.infer<typeof R.ReleaseRequestList>;
export type ApiDatasetRecord = z.infer<typeof R.DatasetRecord>;
export type ApiDashboardSummary = z.infer<typeof R.DashboardSummary>;
export type ApiDashboardList = z.infer<typeof R.DashboardList>;
export type ApiDashboard = z.infer<typeof R.Dashboard>;
export type ApiPrivacyBudget = z.infer<typeof R.PrivacyBudget>;
export type ApiDisclosureProfile = z.infer<typeof R.DisclosureProfileView>;
export type ApiAuditEntry = z.infer<typeof R.AuditEntry>;
export type ApiAuditList = z.infer<typeof R.AuditList>;
export type ApiChainVerdict = z.infer<typeof R.ChainVerdict>;
export type ApiProbingDays = z.infer<typeof R.ProbingDays>;
export type ApiMe = z.infer<typeof R.Me>;
export type ApiUserList = z.infer<typeof R.UserList>;
export type ApiUserCreated = z.infer<typeof R.UserCreated>;
export type ApiIssuedToken = z.infer<typeof R.IssuedToken>;
export type ApiHealth = z.infer<typeof R.Health>;
export type ApiPinnedRelease = z.infer<typeof R.PinnedReleaseView>;

// Request bodies, as a client writes them (`z.input`: defaults may be left out).
export type ApiNewProjectBody = z.input<typeof S.NewProjectBody>;
export type ApiGrantBody = z.input<typeof S.GrantBody>;
export type ApiMemberBody = z.input<typeof S.MemberBody>;
export type ApiNewQueryBody = z.input<typeof S.NewQueryBody>;
export type ApiReleaseRequestBody = z.input<typeof RR.ReleaseRequestBody>;
export type ApiDecisionBody = z.input<typeof RR.DecisionBody>;
export type ApiWithdrawBody = z.input<typeof RR.WithdrawBody>;
export type ApiResubmitBody = z.input<typeof RR.ResubmitBody>;
