/**
 * `dash/<indicator>`: safe aggregates for policymakers, computed inside the facility from the raw snapshots and
 * the person spine, protected (suppression + rounding, or ε-DP counts) before they leave this function, and
 * published to the catalog's dashboards with their protection parameters and lineage.
 */
import { publishDashboard, type DashboardInput, type DashboardProtection } from '../../catalog/index.ts';
import {
  geometricMechanism,
  makePostgresBudgetStore,
  PrivacyBudgetLedger,
  type LifetimeBudget,
} from '../../anonymisation/index.ts';
import { SdfError } from '../../platform/index.ts';
import { defineAsset } from '../framework/define.ts';
import { queryRows } from '../framework/duck.ts';
import { prepareViews } from './anon.ts';
import { suppressAndRound } from '../checks/protect.ts';
import { ageSql } from '../datasets/hierarchies.ts';
import {
  DEFAULT_CONFIG,
  type AssetContext,
  type AssetDefinition,
  type MaterialiseResult,
  type PipelineConfig,
} from '../types.ts';

type Row = Record<string, string | number | null>;

export interface Indicator {
  id: string;
  title: string;
  description: string;
  unit: string;
  sources: string[];
  dimensions: string[];
  /** Figures (counts of persons) named besides the dimensions. */
  figures: string[];
  protection: 'suppress_round' | 'dp';
  sql(partition: string): string;
}

const ROUNDING_BASE = 5;
/** ε per published count for the DP dashboards; the total spent is recorded with the dashboard. */
const EPSILON_PER_COUNT = 0.5;

export const INDICATORS: readonly Indicator[] = [
  {
    id: 'grant_beneficiaries',
    title: 'Grant beneficiaries by grant type, province and month of application',
    description: 'Distinct beneficiaries of grants applied for in each month, by grant type and province.',
    unit: 'beneficiaries',
    sources: ['raw/grants'],
    dimensions: ['grant_type', 'province', 'year', 'month'],
    figures: ['beneficiaries'],
    protection: 'suppress_round',
    sql: () => `select grant_type, province_code as province, year(application_date)::int as year,
                       month(application_date)::int as month, count(distinct beneficiary_id_number)::int as beneficiaries
                  from raw_grants where status <> 'rejected' group by all order by all`,
  },
  {
    id: 'grant_recipients_employed',
    title: 'Grant recipients later in employment',
    description:
      'Of the persons granted each type of grant (each person counted once, under their first grant), how many had declared earnings in a month after their application.',
    unit: 'persons',
    sources: ['raw/grants', 'raw/employment'],
    dimensions: ['grant_type'],
    figures: ['recipients', 'later_employed'],
    protection: 'dp',
    sql: () => `with g as (select beneficiary_id_number as id, grant_type, min(application_date) as applied
                             from raw_grants where status in ('active', 'lapsed', 'suspended') group by 1, 2
                           -- bounded contribution: one row per person, so sensitivity 1 across all cells
                           qualify row_number() over (partition by id order by applied, grant_type) = 1)
                select g.grant_type, count(*)::int as recipients,
                       count(*) filter (where exists (select 1 from raw_employment e
                          where e.employee_id_number = g.id and e.month > g.applied))::int as later_employed
                  from g group by all order by all`,
  },
  {
    id: 'bursary_former_csg',
    title: 'Tertiary bursary take-up among former child-support-grant children',
    description:
      'Persons aged 18–24 who were the child on a child support grant: how many enrolled at a TVET college or university, and how many with an NSFAS bursary, by province.',
    unit: 'persons',
    sources: ['raw/grants', 'raw/education'],
    dimensions: ['province'],
    figures: ['former_csg_children', 'tertiary_enrolled', 'with_bursary'],
    protection: 'suppress_round',
    sql: (partition) => `with c as (
          select distinct s.id_number, coalesce(s.province_code, 'unknown') as province
            from raw_grants g join spine s on s.id_number = g.child_id_number
           where g.grant_type = 'CSG' and ${ageSql('s.date_of_birth', partition)} between 18 and 24),
        t as (select learner_id_number as id, max(coalesce(bursary_amount, 0)) > 0 as bursary
                from raw_education where institution_type in ('tvet', 'university') group by 1)
        select c.province, count(*)::int as former_csg_children, count(t.id)::int as tertiary_enrolled,
               count(*) filter (where t.bursary)::int as with_bursary
          from c left join t on t.id = c.id_number group by all order by all`,
  },
  {
    id: 'clinic_visits',
    title: 'Clinic visits by programme, district and month',
    description: 'Visits to public clinics, by programme, district of the facility and month.',
    unit: 'visits',
    sources: ['raw/health'],
    dimensions: ['programme', 'district', 'year', 'month'],
    figures: ['visits'],
    protection: 'suppress_round',
    sql: () => `select programme, district_code as district, year(visit_date)::int as year, month(visit_date)::int as month,
                       count(*)::int as visits from raw_health group by all order by all`,
  },
];

/** A dashboard release refused because its privacy budget could not pay for it: nothing is published. */
export interface RefusedRelease {
  refused: string;
  /** Which budget refused: the night's release budget or the indicator's lifetime budget. */
  budgetKind: 'release' | 'lifetime';
  releaseId: string;
  epsilon: number;
  budget: number;
}

/** The ledger release a DP dashboard charges: one budget per indicator and partition (all its re-releases share it). */
export function dashboardReleaseId(indicatorId: string, partition: string): string {
  return `dash/${indicatorId}/${partition}`;
}

/** The lifetime ledger of a DP indicator: every night's release of it is charged there too. */
export function dashboardLedgerId(indicatorId: string): string {
  return `dash/${indicatorId}`;
}

/** The lifetime budget a DP dashboard release pays from, from the pipeline config. */
export function dashboardLifetime(
  indicatorId: string,
  partition: string,
  config: Pick<PipelineConfig, 'dashLifetimeEpsilon' | 'dashBudgetPeriodDays'>,
): LifetimeBudget {
  return {
    ledgerId: dashboardLedgerId(indicatorId),
    total: config.dashLifetimeEpsilon,
    periodDays: config.dashBudgetPeriodDays,
    on: partition,
  };
}

/** ε a DP indicator spends per release: sequential composition over its figures (cells partition the persons). */
export function indicatorEpsilon(indicator: Indicator): number {
  return EPSILON_PER_COUNT * indicator.figures.length;
}

/** Suppression + rounding of every figure of every row. Pure. */
export function suppressRows(
  indicator: Indicator,
  rows: readonly Row[],
  threshold: number,
): { data: Row[]; protection: DashboardProtection } {
  const data = rows.map((row) => {
    const out: Row = { ...row };
    for (const figure of indicator.figures)
      out[figure] = suppressAndRound(Number(row[figure] ?? 0), threshold, ROUNDING_BASE);
    return out;
  });
  return { data, protection: { method: 'suppress_round', params: { threshold, rounding: ROUNDING_BASE } } };
}

/**
 * ε-DP figures: charges the indicator's ε to the release's budget first (a locked read-then-insert in Postgres),
 * then adds exact discrete Laplace noise from the cryptographic source (never a seed: a seeded draw could be
 * replayed and subtracted). Over budget: returns the refusal and computes no noisy value.
 */
export async function privatiseRows(
  indicator: Indicator,
  rows: readonly Row[],
  ledger: PrivacyBudgetLedger,
  releaseId: string,
  budget: number,
  lifetime?: LifetimeBudget,
): Promise<{ data: Row[]; protection: DashboardProtection } | RefusedRelease> {
  const epsilon = indicatorEpsilon(indicator);
  await ledger.setBudget(releaseId, budget);
  let status;
  try {
    status = await ledger.charge(releaseId, epsilon, `dashboard ${indicator.id}`, 'geometric', lifetime);
  } catch (error) {
    if (error instanceof SdfError && error.code === 'privacy_budget_exceeded')
      return { refused: error.message, budgetKind: 'release', releaseId, epsilon, budget };
    if (error instanceof SdfError && error.code === 'lifetime_budget_exceeded') {
      return { refused: error.message, budgetKind: 'lifetime', releaseId, epsilon, budget: lifetime!.total };
    }
    throw error;
  }
  const data = rows.map((row) => {
    const out: Row = { ...row };
    // a noisy count below zero says nothing more than zero does (post-processing keeps ε)
    for (const figure of indicator.figures)
      out[figure] = Math.max(0, geometricMechanism(Number(row[figure] ?? 0), EPSILON_PER_COUNT));
    return out;
  });
  return {
    data,
    protection: {
      method: 'dp',
      params: {
        epsilon,
        epsilonPerCount: EPSILON_PER_COUNT,
        budgetRelease: releaseId,
        epsilonBudget: status.total,
        epsilonSpentOnRelease: status.spent,
        ...(status.lifetime
          ? {
              lifetimeLedger: status.lifetime.ledgerId,
              lifetimeBudget: status.lifetime.total,
              lifetimePeriodDays: status.lifetime.periodDays,
              lifetimeSpent: status.lifetime.spent,
              lifetimeRemaining: status.lifetime.remaining,
            }
          : {}),
        mechanism:
          'discrete Laplace (two-sided geometric), exact integer sampler, cryptographic randomness, sensitivity 1 per count',
        note: 'each person contributes to one cell at most (first grant), so cells compose in parallel and figures sequentially',
      },
    },
  };
}

/**
 * Protects an indicator's rows for release: suppression + rounding, or ε-DP charged to the dashboard's privacy
 * budget (a refusal comes back as `metadata.refused`, which the blocking `privacy_budget` check turns into a block).
 */
export async function protectForRelease(
  indicator: Indicator,
  rows: readonly Row[],
  context: Pick<AssetContext, 'pool' | 'partition' | 'config'>,
): Promise<MaterialiseResult> {
  if (indicator.protection === 'dp') {
    const ledger = new PrivacyBudgetLedger(makePostgresBudgetStore(context.pool));
    const releaseId = dashboardReleaseId(indicator.id, context.partition);
    const lifetime = dashboardLifetime(indicator.id, context.partition, { ...DEFAULT_CONFIG, ...context.config });
    const outcome = await privatiseRows(indicator, rows, ledger, releaseId, context.config.dashEpsilonBudget, lifetime);
    if ('refused' in outcome) return { rows: 0, metadata: { refused: outcome } };
    return {
      rows: outcome.data.length,
      metadata: { data: outcome.data, protection: outcome.protection, suppressedRows: 0 },
    };
  }
  const { data, protection } = suppressRows(indicator, rows, context.config.cellThreshold);
  const suppressed = data.filter((row) => indicator.figures.some((f) => row[f] === null)).length;
  return { rows: data.length, metadata: { data, protection, suppressedRows: suppressed } };
}

async function materialiseDash(indicator: Indicator, context: AssetContext): Promise<MaterialiseResult> {
  await prepareViews(context, indicator.sources);
  const rows = await queryRows<Row>(context.duck, indicator.sql(context.partition));
  return protectForRelease(indicator, rows, context);
}

export function dashAsset(indicator: Indicator): AssetDefinition {
  return defineAsset({
    key: `dash/${indicator.id}`,
    deps: ['linked/person_spine', ...new Set([...indicator.sources, 'raw/population'])],
    partitions: 'daily',
    codeVersion: '1',
    description: indicator.description,
    checks: [
      {
        name: 'privacy_budget',
        blocking: true,
        async run(_context, result) {
          const refused = result.metadata?.refused as RefusedRelease | undefined;
          if (refused) return { verdict: 'fail', reason: `refused: ${refused.refused}`, metadata: { ...refused } };
          const params: Record<string, unknown> =
            (result.metadata?.protection as DashboardProtection | undefined)?.params ?? {};
          return indicator.protection === 'dp'
            ? {
                verdict: 'pass',
                reason: `ε ${String(params.epsilon)} charged to ${String(params.budgetRelease)} (budget ${String(params.epsilonBudget)})`,
              }
            : { verdict: 'pass', reason: 'not differentially private: no budget spent' };
        },
      },
      {
        name: 'protected_cells',
        blocking: true,
        async run(_context, result) {
          const data = (result.metadata?.data ?? []) as Row[];
          const method = (result.metadata?.protection as DashboardProtection | undefined)?.method;
          const small =
            method === 'suppress_round'
              ? data.filter((row) =>
                  indicator.figures.some((f) => row[f] !== null && Number(row[f]) % ROUNDING_BASE !== 0),
                ).length
              : 0;
          return small === 0
            ? { verdict: 'pass', reason: `${data.length} cells, protected by ${method}` }
            : { verdict: 'fail', reason: `${small} cells are not rounded`, rows: small };
        },
      },
    ],
    materialise: (context) => materialiseDash(indicator, context),
    async publish(context, result) {
      const input: DashboardInput = {
        id: indicator.id,
        title: indicator.title,
        description: indicator.description,
        unit: indicator.unit,
        data: result.metadata?.data as Row[],
        dimensions: indicator.dimensions,
        protection: result.metadata?.protection as DashboardProtection,
        lineage: {
          runId: context.runId,
          materialisationId: context.materialisationId,
          upstream: Object.values(context.upstream).map((u) => ({
            id: u.id,
            assetKey: u.assetKey,
            partition: u.partition,
          })),
        },
        partition: context.partition,
      };
      await publishDashboard(context.pool, input);
      return { dashboard: indicator.id };
    },
  });
}

export const DASH_ASSETS: readonly AssetDefinition[] = INDICATORS.map(dashAsset);
