/**
 * The privacy-budget ledger: each dataset release has a total ε; every DP query charges its ε first, and a charge
 * that would exceed the total is refused (`privacy_budget_exceeded`, 409) before any noisy value is computed.
 * A charge may also name a lifetime ledger (one per dashboard indicator): a total ε over a rolling period of
 * days (default 365), which every release dated within one period of the new one counts against — before or after
 * it, so a backfill cannot overspend a window either (`lifetime_budget_exceeded`, 409).
 * Stores: in memory (tests, single process) and PostgreSQL (the charge is a locked read-then-insert in one
 * transaction, so two concurrent queries cannot both spend the last of a budget).
 */
import type pg from 'pg';
import { inTransaction, SdfError } from '../platform/index.ts';
import { geometricMechanism } from './dp.ts';
import { cryptoRandom, type RandomSource } from './random.ts';

/** A lifetime budget a charge also pays from: `total` ε over any `periodDays` days. */
export interface LifetimeBudget {
  ledgerId: string;
  total: number;
  /** Default {@link DEFAULT_LIFETIME_DAYS}. */
  periodDays?: number;
  /** The date (YYYY-MM-DD) the charge is for, e.g. the partition released. */
  on: string;
}

export interface BudgetCharge {
  releaseId: string;
  epsilon: number;
  purpose: string;
  mechanism: string;
  lifetime?: LifetimeBudget;
}

export interface BudgetStatus {
  releaseId: string;
  total: number;
  spent: number;
  remaining: number;
  lifetime?: LifetimeStatus;
}

/** A lifetime ledger as seen from one date: what releases within a period of it spent. */
export interface LifetimeStatus {
  ledgerId: string;
  total: number;
  periodDays: number;
  /** Spends dated after `from` and before `to` (exclusive) count. */
  from: string;
  to: string;
  spent: number;
  remaining: number;
  spends: { on: string; releaseId: string; epsilon: number }[];
}

/** Why a charge was refused. */
export type ChargeRefusal = 'release' | 'lifetime';

export interface BudgetStore {
  setBudget(releaseId: string, total: number): Promise<void>;
  /** Records the charge if every budget it pays from has room; returns the status afterwards, or the refusal. */
  tryCharge(charge: BudgetCharge): Promise<BudgetStatus | { refused: ChargeRefusal }>;
  status(releaseId: string): Promise<BudgetStatus>;
  /** A lifetime ledger seen from `on`; `no_privacy_budget` (404) if it was never charged. */
  lifetimeStatus(ledgerId: string, on: string): Promise<LifetimeStatus>;
}

/** The period of a lifetime budget when none is given: a year. */
export const DEFAULT_LIFETIME_DAYS = 365;

/** The dates whose spends count against a charge on `on`: within one period either side (exclusive). */
export function lifetimeWindow(on: string, periodDays: number): { from: string; to: string } {
  const day = Date.parse(`${on}T00:00:00Z`);
  // the round trip refuses dates the parser would roll over (2026-02-30 → 2026-03-02)
  if (!/^\d{4}-\d{2}-\d{2}$/.test(on) || Number.isNaN(day) || new Date(day).toISOString().slice(0, 10) !== on) {
    throw new SdfError('bad_input', `"${on}" is not a date (YYYY-MM-DD)`);
  }
  if (!Number.isInteger(periodDays) || periodDays < 1)
    throw new SdfError('bad_input', 'periodDays must be a whole number ≥ 1');
  const shift = (days: number) => new Date(day + days * 86_400_000).toISOString().slice(0, 10);
  return { from: shift(-periodDays), to: shift(periodDays) };
}

/** Whether spending ε more keeps `spent` within `total` (up to float rounding). */
export function fitsBudget(spent: number, epsilon: number, total: number): boolean {
  return spent + epsilon <= total + TOLERANCE;
}

// Floating-point sums of decimal ε values can overshoot by an ulp; allow that much and no more.
const TOLERANCE = 1e-9;

function unknownRelease(releaseId: string): SdfError {
  return new SdfError('no_privacy_budget', `release ${releaseId} has no privacy budget`, 404);
}

function unknownLedger(ledgerId: string): SdfError {
  return new SdfError('no_privacy_budget', `${ledgerId} has no lifetime privacy budget`, 404);
}

function lifetimeOf(
  ledger: { total: number; periodDays: number },
  ledgerId: string,
  on: string,
  spends: readonly { on: string; releaseId: string; epsilon: number }[],
): LifetimeStatus {
  const { from, to } = lifetimeWindow(on, ledger.periodDays);
  const counted = spends.filter((s) => s.on > from && s.on < to).sort((a, b) => a.on.localeCompare(b.on));
  const spent = counted.reduce((sum, s) => sum + s.epsilon, 0);
  return {
    ledgerId,
    total: ledger.total,
    periodDays: ledger.periodDays,
    from,
    to,
    spent,
    remaining: ledger.total - spent,
    spends: counted,
  };
}

/** An in-memory budget store. */
export function makeMemoryBudgetStore(): BudgetStore {
  const budgets = new Map<string, { total: number; spends: BudgetCharge[] }>();
  const ledgers = new Map<string, { total: number; periodDays: number }>();
  const status = (releaseId: string): BudgetStatus => {
    const budget = budgets.get(releaseId);
    if (!budget) throw unknownRelease(releaseId);
    const spent = budget.spends.reduce((sum, s) => sum + s.epsilon, 0);
    return { releaseId, total: budget.total, spent, remaining: budget.total - spent };
  };
  const lifetimeStatus = (ledgerId: string, on: string): LifetimeStatus => {
    const ledger = ledgers.get(ledgerId);
    if (!ledger) throw unknownLedger(ledgerId);
    const spends = [...budgets.values()]
      .flatMap((b) => b.spends)
      .filter((s) => s.lifetime?.ledgerId === ledgerId)
      .map((s) => ({ on: s.lifetime!.on, releaseId: s.releaseId, epsilon: s.epsilon }));
    return lifetimeOf(ledger, ledgerId, on, spends);
  };
  return {
    async setBudget(releaseId, total) {
      budgets.set(releaseId, { total, spends: budgets.get(releaseId)?.spends ?? [] });
    },
    async tryCharge(charge) {
      const before = status(charge.releaseId);
      const { lifetime } = charge;
      if (lifetime)
        ledgers.set(lifetime.ledgerId, {
          total: lifetime.total,
          periodDays: lifetime.periodDays ?? DEFAULT_LIFETIME_DAYS,
        });
      const life = lifetime ? lifetimeStatus(lifetime.ledgerId, lifetime.on) : undefined;
      if (life && !fitsBudget(life.spent, charge.epsilon, life.total)) return { refused: 'lifetime' };
      if (!fitsBudget(before.spent, charge.epsilon, before.total)) return { refused: 'release' };
      budgets.get(charge.releaseId)!.spends.push(charge);
      return {
        ...status(charge.releaseId),
        ...(lifetime ? { lifetime: lifetimeStatus(lifetime.ledgerId, lifetime.on) } : {}),
      };
    },
    async status(releaseId) {
      return status(releaseId);
    },
    async lifetimeStatus(ledgerId, on) {
      return lifetimeStatus(ledgerId, on);
    },
  };
}

/** A PostgreSQL budget store on the `anonymisation` schema. */
export function makePostgresBudgetStore(pool: pg.Pool): BudgetStore {
  const read = async (client: pg.PoolClient | pg.Pool, releaseId: string, lock: boolean): Promise<BudgetStatus> => {
    const { rows } = await client.query<{ total: string }>(
      `select epsilon_total as total from anonymisation.privacy_budgets where release_id = $1 ${lock ? 'for update' : ''}`,
      [releaseId],
    );
    if (!rows[0]) throw unknownRelease(releaseId);
    const spent = await client.query<{ spent: string }>(
      'select coalesce(sum(epsilon), 0) as spent from anonymisation.privacy_spends where release_id = $1',
      [releaseId],
    );
    const total = Number(rows[0].total);
    const used = Number(spent.rows[0]?.spent ?? 0);
    return { releaseId, total, spent: used, remaining: total - used };
  };
  const readLifetime = async (
    client: pg.PoolClient | pg.Pool,
    ledgerId: string,
    on: string,
    lock: boolean,
  ): Promise<LifetimeStatus> => {
    const { rows } = await client.query<{ total: string; period_days: number }>(
      `select epsilon_total as total, period_days from anonymisation.lifetime_budgets where ledger_id = $1 ${lock ? 'for update' : ''}`,
      [ledgerId],
    );
    if (!rows[0]) throw unknownLedger(ledgerId);
    const ledger = { total: Number(rows[0].total), periodDays: rows[0].period_days };
    const { from, to } = lifetimeWindow(on, ledger.periodDays);
    const spends = await client.query<{ on: string; release_id: string; epsilon: string }>(
      `select to_char(charged_on, 'YYYY-MM-DD') as on, release_id, epsilon from anonymisation.privacy_spends
        where ledger_id = $1 and charged_on > $2::date and charged_on < $3::date`,
      [ledgerId, from, to],
    );
    return lifetimeOf(
      ledger,
      ledgerId,
      on,
      spends.rows.map((r) => ({ on: r.on, releaseId: r.release_id, epsilon: Number(r.epsilon) })),
    );
  };
  return {
    async setBudget(releaseId, total) {
      await pool.query(
        `insert into anonymisation.privacy_budgets (release_id, epsilon_total) values ($1, $2)
         on conflict (release_id) do update set epsilon_total = excluded.epsilon_total`,
        [releaseId, total],
      );
    },
    async tryCharge(charge) {
      return inTransaction(pool, async (client) => {
        const { lifetime } = charge;
        let life: LifetimeStatus | undefined;
        if (lifetime) {
          // the lifetime row is locked first (every charge of the ledger takes it), then the release's
          await client.query(
            `insert into anonymisation.lifetime_budgets (ledger_id, epsilon_total, period_days) values ($1, $2, $3)
             on conflict (ledger_id) do update set epsilon_total = excluded.epsilon_total, period_days = excluded.period_days, updated_at = now()`,
            [lifetime.ledgerId, lifetime.total, lifetime.periodDays ?? DEFAULT_LIFETIME_DAYS],
          );
          life = await readLifetime(client, lifetime.ledgerId, lifetime.on, true);
          if (!fitsBudget(life.spent, charge.epsilon, life.total)) return { refused: 'lifetime' as const };
        }
        // `read(…, true)` locks the budget row, so two concurrent charges cannot both spend its last part
        const before = await read(client, charge.releaseId, true);
        if (!fitsBudget(before.spent, charge.epsilon, before.total)) return { refused: 'release' as const };
        await client.query(
          `insert into anonymisation.privacy_spends (release_id, epsilon, purpose, mechanism, ledger_id, charged_on)
           values ($1, $2, $3, $4, $5, $6::date)`,
          [
            charge.releaseId,
            charge.epsilon,
            charge.purpose,
            charge.mechanism,
            lifetime?.ledgerId ?? null,
            lifetime?.on ?? null,
          ],
        );
        const after = { ...before, spent: before.spent + charge.epsilon, remaining: before.remaining - charge.epsilon };
        return lifetime
          ? { ...after, lifetime: await readLifetime(client, lifetime.ledgerId, lifetime.on, false) }
          : after;
      });
    },
    async status(releaseId) {
      return read(pool, releaseId, false);
    },
    async lifetimeStatus(ledgerId, on) {
      return readLifetime(pool, ledgerId, on, false);
    },
  };
}

/** Spends ε from a release's budget before a DP release; refuses (throws) a query over budget. */
export class PrivacyBudgetLedger {
  constructor(private readonly store: BudgetStore) {}

  /** Sets (or raises/lowers) the total ε of a release. */
  async setBudget(releaseId: string, epsilonTotal: number): Promise<void> {
    if (!(epsilonTotal > 0)) throw new SdfError('bad_input', 'epsilonTotal must be positive');
    await this.store.setBudget(releaseId, epsilonTotal);
  }

  /**
   * Charges ε, to the release and to `lifetime` if given; throws `privacy_budget_exceeded` (409) when the release
   * has not enough budget left and `lifetime_budget_exceeded` (409) when the lifetime ledger has not.
   */
  async charge(
    releaseId: string,
    epsilon: number,
    purpose: string,
    mechanism = 'geometric',
    lifetime?: LifetimeBudget,
  ): Promise<BudgetStatus> {
    if (!(epsilon > 0) || !Number.isFinite(epsilon)) throw new SdfError('bad_input', 'epsilon must be positive');
    if (lifetime && !(lifetime.total > 0)) throw new SdfError('bad_input', 'a lifetime budget must be positive');
    if (lifetime) lifetimeWindow(lifetime.on, lifetime.periodDays ?? DEFAULT_LIFETIME_DAYS);
    const outcome = await this.store.tryCharge({
      releaseId,
      epsilon,
      purpose,
      mechanism,
      ...(lifetime ? { lifetime } : {}),
    });
    if (!('refused' in outcome)) return outcome;
    if (outcome.refused === 'lifetime') {
      const life = await this.store.lifetimeStatus(lifetime!.ledgerId, lifetime!.on);
      throw new SdfError(
        'lifetime_budget_exceeded',
        `${life.ledgerId}: ε ${epsilon} requested but only ${life.remaining.toFixed(6)} of ${life.total} left over ${life.periodDays} days`,
        409,
      );
    }
    const current = await this.store.status(releaseId);
    throw new SdfError(
      'privacy_budget_exceeded',
      `release ${releaseId}: ε ${epsilon} requested but only ${current.remaining.toFixed(6)} of ${current.total} left`,
      409,
    );
  }

  /** A lifetime ledger as seen from `on` (YYYY-MM-DD). */
  lifetimeStatus(ledgerId: string, on: string): Promise<LifetimeStatus> {
    return this.store.lifetimeStatus(ledgerId, on);
  }

  /** Charges ε, then releases an integer `value` through the geometric mechanism (nothing is released if refused). */
  async releaseCount(
    releaseId: string,
    value: number,
    epsilon: number,
    purpose: string,
    sensitivity = 1,
    random: RandomSource = cryptoRandom,
  ): Promise<{ value: number; status: BudgetStatus }> {
    const status = await this.charge(releaseId, epsilon, purpose);
    return { value: geometricMechanism(value, epsilon, sensitivity, random), status };
  }

  status(releaseId: string): Promise<BudgetStatus> {
    return this.store.status(releaseId);
  }
}
