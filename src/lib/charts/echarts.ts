/** ECharts, tree-shaken: only the charts and components we use are registered, once. */
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkAreaComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, MarkAreaComponent, CanvasRenderer]);
// Compass, repurchase and segments panels (registering a type twice is harmless).
import { HeatmapChart, RadarChart, TreemapChart } from 'echarts/charts';
import { RadarComponent, VisualMapComponent } from 'echarts/components';
echarts.use([RadarChart, HeatmapChart, TreemapChart, RadarComponent, VisualMapComponent]);
// Satisfaction, tiers & points, churn panels: tier / lifecycle migration flows.
import { SankeyChart } from 'echarts/charts';
echarts.use([SankeyChart]);

// Every chart carries an aria description (see present.ts withAria).
import { AriaComponent } from 'echarts/components';
echarts.use([AriaComponent]);

export { echarts };
