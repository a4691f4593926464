import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DISTRICTS as SOURCE_DISTRICTS } from '../../sources/index.ts';
import { DISTRICTS } from './districts.ts';

interface GeoFeature {
  properties: { name: string; province: string };
  geometry: { coordinates: number[][][][] };
}
const geo = JSON.parse(readFileSync(new URL('../static/za-geo.json', import.meta.url), 'utf8')) as {
  districts: { features: GeoFeature[] };
  provinces: { features: GeoFeature[] };
};

describe('approximate South Africa geometry', () => {
  it('has one seed per district with the same code and province as the sources reference data', () => {
    const seeds = DISTRICTS.map((d) => `${d.code}:${d.province}`).sort();
    const reference = SOURCE_DISTRICTS.map((d) => `${d.code}:${d.provinceCode}`).sort();
    expect(seeds).toEqual(reference);
  });

  it('gives every district and province a non-empty shape in the committed file', () => {
    expect(geo.districts.features.map((f) => f.properties.name).sort()).toEqual(DISTRICTS.map((d) => d.code).sort());
    expect(geo.provinces.features).toHaveLength(9);
    for (const f of [...geo.districts.features, ...geo.provinces.features]) {
      expect(f.geometry.coordinates.length, f.properties.name).toBeGreaterThan(0);
      expect(f.geometry.coordinates[0]![0]!.length, f.properties.name).toBeGreaterThanOrEqual(4);
    }
  });

  it('keeps every shape inside the mainland bounding box', () => {
    for (const f of geo.districts.features) {
      for (const [lon, lat] of f.geometry.coordinates.flat(2) as unknown as [number, number][]) {
        expect(lon).toBeGreaterThanOrEqual(16);
        expect(lon).toBeLessThanOrEqual(33.5);
        expect(lat).toBeGreaterThanOrEqual(-35.2);
        expect(lat).toBeLessThanOrEqual(-22);
      }
    }
  });
});
