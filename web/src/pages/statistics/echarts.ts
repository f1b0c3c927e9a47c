// ECharts, tree-shaken: the core and only the charts, components and renderer the statistics
// pages draw. Imported dynamically by Chart.tsx, so it loads with those pages only.
import * as echarts from "echarts/core";
import { BarChart, LineChart } from "echarts/charts";
import { GridComponent, LegendComponent, TooltipComponent } from "echarts/components";
import { SVGRenderer } from "echarts/renderers";

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

export { echarts };
