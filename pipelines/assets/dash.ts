/**
 * `dash/<indicator>`: safe aggregates for policymakers, computed inside the facility from the raw snapshots and
 * the person spine, protected (suppression + rounding, or ε-DP counts) before they leave this function, and
 * published to the catalog's dashboards with their protection parameters and lineage.
 */
import { publishDashboard, type DashboardInput, type DashboardProtection } from '../../catalog/index.ts';
import { defineAsset } from '../framework/define.ts';
import { queryRows } from '../framework/duck.ts';
import { prepareViews } from './anon.ts';
import { geometricMechanism, suppressAndRound } from '../checks/protect.ts';
import type { AssetContext, AssetDefinition } from '../types.ts';

type Row = Record<string, string | number | null>;

interface Indicator {
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
    description: 'Of the persons granted each type of grant, how many had declared earnings in a month after their application.',
    unit: 'persons',
    sources: ['raw/grants', 'raw/employment'],
    dimensions: ['grant_type'],
    figures: ['recipients', 'later_employed'],
    protection: 'dp',
    sql: () => `with g as (select beneficiary_id_number as id, grant_type, min(application_date) as applied
                             from raw_grants where status in ('active', 'lapsed', 'suspended') group by all)
                select g.grant_type, count(*)::int as recipients,
                       count(*) filter (where exists (select 1 from raw_employment e
                          where e.employee_id_number = g.id and e.month > g.applied))::int as later_employed
                  from g group by all order by all`,
  },
  {
    id: 'bursary_former_csg',
    title: 'Tertiary bursary take-up among former child-support-grant children',
    description: 'Persons aged 18–24 who were the child on a child support grant: how many enrolled at a TVET college or university, and how many with an NSFAS bursary, by province.',
    unit: 'persons',
    sources: ['raw/grants', 'raw/education'],
    dimensions: ['province'],
    figures: ['former_csg_children', 'tertiary_enrolled', 'with_bursary'],
    protection: 'suppress_round',
    sql: (partition) => `with c as (
          select distinct s.id_number, coalesce(s.province_code, 'unknown') as province
            from raw_grants g join spine s on s.id_number = g.child_id_number
           where g.grant_type = 'CSG' and datediff('year', s.date_of_birth, date '${partition}') between 18 and 24),
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

/** Applies the indicator's protection to every figure of every row. Pure apart from the DP noise. */
export function protectRows(indicator: Indicator, rows: readonly Row[], threshold: number): { data: Row[]; protection: DashboardProtection } {
  if (indicator.protection === 'dp') {
    const data = rows.map((row) => {
      const out: Row = { ...row };
      for (const figure of indicator.figures) out[figure] = geometricMechanism(Number(row[figure] ?? 0), EPSILON_PER_COUNT);
      return out;
    });
    return {
      data,
      protection: {
        method: 'dp',
        params: {
          epsilon: EPSILON_PER_COUNT * indicator.figures.length,
          mechanism: 'two-sided geometric, sensitivity 1 per count',
          epsilonPerCount: EPSILON_PER_COUNT,
          note: 'each person is counted at most once per count (bounded contribution)',
        },
      },
    };
  }
  const data = rows.map((row) => {
    const out: Row = { ...row };
    for (const figure of indicator.figures) out[figure] = suppressAndRound(Number(row[figure] ?? 0), threshold, ROUNDING_BASE);
    return out;
  });
  return { data, protection: { method: 'suppress_round', params: { threshold, rounding: ROUNDING_BASE } } };
}

async function materialiseDash(indicator: Indicator, context: AssetContext) {
  await prepareViews(context, indicator.sources);
  const rows = await queryRows<Row>(context.duck, indicator.sql(context.partition));
  const { data, protection } = protectRows(indicator, rows, context.config.cellThreshold);
  const suppressed = data.filter((row) => indicator.figures.some((f) => row[f] === null)).length;
  return { rows: data.length, metadata: { data, protection, suppressedRows: suppressed } };
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
        name: 'protected_cells',
        blocking: true,
        async run(_context, result) {
          const data = (result.metadata?.data ?? []) as Row[];
          const method = (result.metadata?.protection as DashboardProtection | undefined)?.method;
          const small = method === 'suppress_round'
            ? data.filter((row) => indicator.figures.some((f) => row[f] !== null && Number(row[f]) % ROUNDING_BASE !== 0)).length
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
          upstream: Object.values(context.upstream).map((u) => ({ id: u.id, assetKey: u.assetKey, partition: u.partition })),
        },
        partition: context.partition,
      };
      await publishDashboard(context.pool, input);
      return { dashboard: indicator.id };
    },
  });
}

export const DASH_ASSETS: readonly AssetDefinition[] = INDICATORS.map(dashAsset);
