/** Writes the geography reference tables into the `population` schema (replacing earlier rows). */
import type pg from 'pg';
import { inTransaction } from '../../platform/index.ts';
import { DISTRICTS, LOCAL_MUNICIPALITIES, PROVINCES, WARDS } from '../reference/geography.ts';

/** Replaces provinces, districts, local municipalities and wards in one transaction. */
export async function loadReferenceTables(pool: pg.Pool): Promise<void> {
  await inTransaction(pool, async (client) => {
    await client.query(
      'truncate population.provinces, population.districts, population.local_municipalities, population.wards',
    );
    await client.query('insert into population.provinces select * from unnest($1::text[], $2::text[])', [
      PROVINCES.map((p) => p.code),
      PROVINCES.map((p) => p.name),
    ]);
    await client.query(
      'insert into population.districts select * from unnest($1::text[], $2::text[], $3::text[], $4::text[])',
      [
        DISTRICTS.map((d) => d.code),
        DISTRICTS.map((d) => d.name),
        DISTRICTS.map((d) => d.provinceCode),
        DISTRICTS.map((d) => d.kind),
      ],
    );
    await client.query(
      'insert into population.local_municipalities select * from unnest($1::text[], $2::text[], $3::text[])',
      [
        LOCAL_MUNICIPALITIES.map((l) => l.code),
        LOCAL_MUNICIPALITIES.map((l) => l.name),
        LOCAL_MUNICIPALITIES.map((l) => l.districtCode),
      ],
    );
    await client.query('insert into population.wards select * from unnest($1::text[], $2::text[])', [
      WARDS.map((w) => w.code),
      WARDS.map((w) => w.localMunicipalityCode),
    ]);
  });
}
