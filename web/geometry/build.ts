/**
 * Builds `web/static/za-geo.json`: APPROXIMATE district and province shapes for South Africa.
 *
 * No freely licensed district geometry is packaged on npm, so we derive it: the national outline comes from
 * world-atlas (Natural Earth, public domain; Lesotho cut out), each district is the union of the Voronoi cells of
 * its representative points clipped to that outline, and a province is the union of its districts. Shapes are
 * good enough to colour a map by an indicator; they are not official boundaries and the UI says so.
 *
 * Run: `node bin/run-ts.js web/geometry/build.ts` (output is committed; nothing runs at server start).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { feature } from 'topojson-client';
import { Delaunay } from 'd3-delaunay';
import polygonClipping, { type MultiPolygon, type Polygon } from 'polygon-clipping';
import type { Feature, FeatureCollection, MultiPolygon as GeoMultiPolygon } from 'geojson';
import type { Topology, GeometryCollection } from 'topojson-specification';
import { DISTRICTS, PROVINCES, type ProvinceCode } from './districts.ts';

const SOUTH_AFRICA = '710';
const LESOTHO = '426';
/** Mainland bounding box; drops the Prince Edward Islands, which would shrink everything else on screen. */
const BOUNDS = { west: 16, east: 33.5, south: -35.2, north: -22 } as const;

/** Properties carried by every feature: `name` is the code ECharts matches data against. */
export interface GeoProperties {
  name: string;
  label: string;
  province: ProvinceCode;
  kind: 'district' | 'province';
  /** Label point [lon, lat]. */
  centre: [number, number];
}

function countryPolygons(): { za: MultiPolygon; lesotho: MultiPolygon } {
  const require = createRequire(import.meta.url);
  const topology = JSON.parse(readFileSync(require.resolve('world-atlas/countries-50m.json'), 'utf8')) as Topology;
  const countries = feature(topology, topology.objects.countries as GeometryCollection) as FeatureCollection;
  const pick = (id: string): MultiPolygon => {
    const found = countries.features.find((f) => String(f.id) === id);
    if (!found) throw new Error(`world-atlas has no country ${id}`);
    const geometry = found.geometry;
    if (geometry.type === 'Polygon') return [geometry.coordinates as Polygon];
    if (geometry.type === 'MultiPolygon') return geometry.coordinates as MultiPolygon;
    throw new Error(`unexpected geometry ${geometry.type}`);
  };
  const mainland = pick(SOUTH_AFRICA).filter((polygon) =>
    (polygon[0] ?? []).every(([lon, lat]) => lon >= BOUNDS.west && lon <= BOUNDS.east && lat >= BOUNDS.south),
  );
  return { za: mainland, lesotho: pick(LESOTHO) };
}

/** Rounds coordinates to 3 decimals (~100 m): plenty for an approximate map, and a small file. */
function rounded(shape: MultiPolygon): GeoMultiPolygon['coordinates'] {
  return shape.map((polygon) => polygon.map((ring) => ring.map(([x, y]) => [+x.toFixed(3), +y.toFixed(3)])));
}

function buildDistricts(outline: MultiPolygon): Feature<GeoMultiPolygon, GeoProperties>[] {
  const seeds = DISTRICTS.flatMap((district) => district.points.map((point) => ({ district, point })));
  const voronoi = Delaunay.from(seeds.map((s) => [s.point[0], s.point[1]])).voronoi([
    BOUNDS.west - 1,
    BOUNDS.south - 1,
    BOUNDS.east + 1,
    BOUNDS.north + 1,
  ]);
  return DISTRICTS.map((district) => {
    const cells = seeds
      .map((seed, index) => ({ seed, cell: voronoi.cellPolygon(index) }))
      .filter(({ seed, cell }) => seed.district === district && cell)
      .map(({ cell }) => [cell.map(([x, y]) => [x, y] as [number, number])] as Polygon);
    const merged = polygonClipping.union(cells[0]!, ...cells.slice(1));
    const clipped = polygonClipping.intersection(merged, outline);
    const [lon, lat] = district.points[0]!;
    return {
      type: 'Feature',
      properties: {
        name: district.code,
        label: district.name,
        province: district.province,
        kind: 'district',
        centre: [lon, lat],
      },
      geometry: { type: 'MultiPolygon', coordinates: rounded(clipped) },
    };
  });
}

function buildProvinces(
  districts: Feature<GeoMultiPolygon, GeoProperties>[],
): Feature<GeoMultiPolygon, GeoProperties>[] {
  return (Object.keys(PROVINCES) as ProvinceCode[]).map((code) => {
    const parts = districts
      .filter((d) => d.properties.province === code)
      .map((d) => d.geometry.coordinates as MultiPolygon);
    const shape = polygonClipping.union(parts[0]!, ...parts.slice(1));
    const members = DISTRICTS.filter((d) => d.province === code).map((d) => d.points[0]!);
    const centre: [number, number] = [
      +(members.reduce((s, p) => s + p[0], 0) / members.length).toFixed(2),
      +(members.reduce((s, p) => s + p[1], 0) / members.length).toFixed(2),
    ];
    return {
      type: 'Feature',
      properties: { name: code, label: PROVINCES[code], province: code, kind: 'province', centre },
      geometry: { type: 'MultiPolygon', coordinates: rounded(shape) },
    };
  });
}

/** Builds both layers from the packaged outline and the district seeds. */
export function buildGeometry(): { districts: FeatureCollection; provinces: FeatureCollection; note: string } {
  const { za, lesotho } = countryPolygons();
  const outline = polygonClipping.difference(za, lesotho);
  const districts = buildDistricts(outline);
  return {
    note:
      'Approximate shapes: Voronoi cells around public district locations clipped to the Natural Earth outline ' +
      '(world-atlas, public domain). Not official boundaries.',
    districts: { type: 'FeatureCollection', features: districts },
    provinces: { type: 'FeatureCollection', features: buildProvinces(districts) },
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const target = fileURLToPath(new URL('../static/za-geo.json', import.meta.url));
  const geometry = buildGeometry();
  writeFileSync(target, JSON.stringify(geometry));
  process.stdout.write(
    `wrote ${target} (${geometry.districts.features.length} districts, ${geometry.provinces.features.length} provinces)\n`,
  );
}
