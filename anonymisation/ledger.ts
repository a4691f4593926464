/**
 * The privacy-budget ledger: each dataset release has a total ε; every DP query charges its ε first, and a charge
 * that would exceed the total is refused (`privacy_budget_exceeded`, 409) before any noisy value is computed.
 * Stores: in memory (tests, single process) and PostgreSQL (the charge is a locked read-then-insert in one
 * transaction, so two concurrent queries cannot both spend the last of a budget).
 */
import type pg from 'pg';
import { inTransaction, SdfError } from '../platform/index.ts';
import { geometricMechanism } from './dp.ts';
import { cryptoRandom, type RandomSource } from './random.ts';

export interface BudgetCharge {
  releaseId: string;
  epsilon: number;
  purpose: string;
  mechanism: string;
}

export interface BudgetStatus {
  releaseId: string;
  total: number;
  spent: number;
  remaining: number;
}

export interface BudgetStore {
  setBudget(releaseId: string, total: number): Promise<void>;
  /** Records the charge if spent + ε ≤ total; returns the status afterwards, or undefined when refused. */
  tryCharge(charge: BudgetCharge): Promise<BudgetStatus | undefined>;
  status(releaseId: string): Promise<BudgetStatus>;
}

// Floating-point sums of decimal ε values can overshoot by an ulp; allow that much and no more.
const TOLERANCE = 1e-9;

function unknownRelease(releaseId: string): SdfError {
  return new SdfError('no_privacy_budget', `release ${releaseId} has no privacy budget`, 404);
}

/** An in-memory budget store. */
export function makeMemoryBudgetStore(): BudgetStore {
  const budgets = new Map<string, { total: number; spends: BudgetCharge[] }>();
  const status = (releaseId: string): BudgetStatus => {
    const budget = budgets.get(releaseId);
    if (!budget) throw unknownRelease(releaseId);
    const spent = budget.spends.reduce((sum, s) => sum + s.epsilon, 0);
    return { releaseId, total: budget.total, spent, remaining: budget.total - spent };
  };
  return {
    async setBudget(releaseId, total) {
      budgets.set(releaseId, { total, spends: budgets.get(releaseId)?.spends ?? [] });
    },
    async tryCharge(charge) {
      const before = status(charge.releaseId);
      if (before.spent + charge.epsilon > before.total + TOLERANCE) return undefined;
      budgets.get(charge.releaseId)!.spends.push(charge);
      return status(charge.releaseId);
    },
    async status(releaseId) {
      return status(releaseId);
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
        // `read(…, true)` locks the budget row, so two concurrent charges cannot both spend its last part
        const before = await read(client, charge.releaseId, true);
        if (before.spent + charge.epsilon > before.total + TOLERANCE) return undefined;
        await client.query(
          'insert into anonymisation.privacy_spends (release_id, epsilon, purpose, mechanism) values ($1, $2, $3, $4)',
          [charge.releaseId, charge.epsilon, charge.purpose, charge.mechanism],
        );
        return { ...before, spent: before.spent + charge.epsilon, remaining: before.remaining - charge.epsilon };
      });
    },
    async status(releaseId) {
      return read(pool, releaseId, false);
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

  /** Charges ε; throws `privacy_budget_exceeded` (409) when the release has not enough budget left. */
  async charge(releaseId: string, epsilon: number, purpose: string, mechanism = 'geometric'): Promise<BudgetStatus> {
    if (!(epsilon > 0) || !Number.isFinite(epsilon)) throw new SdfError('bad_input', 'epsilon must be positive');
    const status = await this.store.tryCharge({ releaseId, epsilon, purpose, mechanism });
    if (status) return status;
    const current = await this.store.status(releaseId);
    throw new SdfError(
      'privacy_budget_exceeded',
      `release ${releaseId}: ε ${epsilon} requested but only ${current.remaining.toFixed(6)} of ${current.total} left`,
      409,
    );
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
