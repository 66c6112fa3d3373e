/** Registers only the chart.js pieces the app draws with (tree-shaken bundle). */
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  LinearScale,
  LineController,
  LineElement,
  LogarithmicScale,
  PointElement,
  ScatterController,
  Tooltip,
} from 'chart.js';

let done = false;

export function registerCharts(): typeof Chart {
  if (!done) {
    Chart.register(
      BarController,
      BarElement,
      CategoryScale,
      LineController,
      LineElement,
      PointElement,
      ScatterController,
      LinearScale,
      LogarithmicScale,
      Tooltip,
    );
    Chart.defaults.font.family = getComputedStyle(document.documentElement).fontFamily;
    Chart.defaults.font.size = 11;
    done = true;
  }
  return Chart;
}
