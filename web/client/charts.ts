/** ECharts, tree-shaken to what the UI draws (line, bar, map), rendered on canvas. */
import * as echarts from 'echarts/core';
import { BarChart, LineChart, MapChart } from 'echarts/charts';
import {
  GridComponent,
  LegendComponent,
  TooltipComponent,
  VisualMapComponent,
  TitleComponent,
  AriaComponent,
} from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([
  BarChart,
  LineChart,
  MapChart,
  GridComponent,
  LegendComponent,
  TooltipComponent,
  VisualMapComponent,
  TitleComponent,
  AriaComponent,
  CanvasRenderer,
]);

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

const live = new Set<echarts.ECharts>();

/** Disposes charts whose element left the page (pages re-render by replacing their content). */
function sweep(): void {
  for (const chart of live) {
    if (!chart.getDom().isConnected) {
      chart.dispose();
      live.delete(chart);
    }
  }
}

window.addEventListener('resize', () => {
  sweep();
  for (const chart of live) chart.resize();
});

/** Creates a chart on an element (after disposing charts no longer on the page). */
export function chartOn(el: HTMLElement): echarts.ECharts {
  sweep();
  const chart = echarts.getInstanceByDom(el) ?? echarts.init(el, undefined, { renderer: 'canvas' });
  live.add(chart);
  return chart;
}
