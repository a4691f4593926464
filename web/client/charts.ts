/** ECharts, tree-shaken to what the UI draws (line, bar, map), rendered on canvas. */
import * as echarts from 'echarts/core';
import { BarChart, LineChart, MapChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent, VisualMapComponent, TitleComponent, AriaComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([BarChart, LineChart, MapChart, GridComponent, LegendComponent, TooltipComponent, VisualMapComponent, TitleComponent, AriaComponent, CanvasRenderer]);

export { echarts };

export interface GeoFile {
  note: string;
  districts: GeoJsonCollection;
  provinces: GeoJsonCollection;
}
interface GeoJsonCollection {
  type: 'FeatureCollection';
  features: { properties: { name: string; label: string; province: string; kind: string } }[];
}

let geo: Promise<GeoFile> | null = null;

/** Loads the approximate geometry once and registers `za-provinces` and `za-districts` maps. */
export function loadGeo(): Promise<GeoFile> {
  geo ??= fetch('/ui/za-geo.json').then(async (res) => {
    const file = (await res.json()) as GeoFile;
    echarts.registerMap('za-provinces', file.provinces as never);
    echarts.registerMap('za-districts', file.districts as never);
    return file;
  });
  return geo;
}

/** Creates (or reuses) a chart on an element, resizing with the window. */
export function chartOn(el: HTMLElement): echarts.ECharts {
  const existing = echarts.getInstanceByDom(el);
  if (existing) return existing;
  const chart = echarts.init(el, undefined, { renderer: 'canvas' });
  window.addEventListener('resize', () => chart.resize());
  return chart;
}
