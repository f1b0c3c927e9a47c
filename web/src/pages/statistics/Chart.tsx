// One chart, drawn by ECharts once its module has loaded. The figures are also in the table
// beside it, so the chart is an image with a label naming that table.
import type { JSX } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import type { EChartsCoreOption } from "echarts/core";
import { useT } from "../../i18n";

type Instance = {
  setOption: (o: EChartsCoreOption, notMerge?: boolean) => void;
  resize: () => void;
  dispose: () => void;
};

export function Chart({
  option,
  label,
  height = 320,
}: {
  option: EChartsCoreOption;
  label: string;
  height?: number;
}): JSX.Element {
  const { t } = useT();
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<Instance | null>(null);
  // The latest option, for the chart created once ECharts has loaded.
  const latest = useRef(option);
  latest.current = option;
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let cancelled = false;
    let observer: ResizeObserver | null = null;
    import("./echarts")
      .then(({ echarts }) => {
        if (cancelled || !box.current) return;
        const instance = echarts.init(box.current, undefined, { renderer: "svg" }) as Instance;
        chart.current = instance;
        instance.setOption(latest.current, true);
        observer = new ResizeObserver(() => instance.resize());
        observer.observe(box.current);
      })
      .catch(() => setFailed(true));
    return () => {
      cancelled = true;
      observer?.disconnect();
      chart.current?.dispose();
      chart.current = null;
    };
  }, []);
  useEffect(() => {
    chart.current?.setOption(option, true);
  }, [option]);
  return (
    <figure class="stats-chart">
      <div ref={box} role="img" aria-label={label} style={{ height: `${height}px` }} data-chart />
      {failed && <p class="hint">{t("stats.chartFailed")}</p>}
    </figure>
  );
}
