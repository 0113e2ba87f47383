// A chart element drawn from its chart_spec (a VChart spec) with VChart itself, the library Lark's
// own chart component is built on, so what the bot specifies is what shows.
import VChart from '@visactor/vchart';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Json } from './card-env';

/** Lark's default is 16:9; a fixed `height` ("240px") wins. */
function sizeStyle(el: Json): Record<string, string> {
  if (typeof el.height === 'string' && /^\d+px$/.test(el.height)) return { height: el.height };
  const ratio = typeof el.aspect_ratio === 'string' ? el.aspect_ratio.match(/^(\d+):(\d+)$/) : null;
  return { aspectRatio: ratio ? `${ratio[1]} / ${ratio[2]}` : '16 / 9' };
}

export function CardChart({ el }: { el: Json }) {
  const host = useRef<HTMLDivElement>(null);
  const [error, setError] = useState<string | null>(null);
  const spec = JSON.stringify(el.chart_spec ?? null);
  useEffect(() => {
    if (!host.current) return;
    let chart: VChart | undefined;
    try {
      // No animation: a chart that reads the same at any moment (and in screenshots).
      chart = new VChart({ ...(JSON.parse(spec) as object), animation: false } as never, { dom: host.current, animation: false });
      chart.renderSync();
      setError(null);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
    return () => chart?.release();
  }, [spec]);
  return (
    <div class="el-chart" style={sizeStyle(el)}>
      <div ref={host} class="el-chart-canvas" data-testid="chart" />
      {error && <div class="el-unsupported">图表无法绘制 chart_spec error: {error}</div>}
    </div>
  );
}
