import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

export interface RenderedSvg {
  svg: string;
  /** Warnings and errors Vega-Lite and Vega logged while compiling and drawing. */
  warnings: string[];
}

/**
 * Renders a Vega-Lite spec to SVG in Node: no browser, no network, no canvas package (text widths
 * are estimated). Used to check specs where no browser is at hand.
 */
export async function renderSvg(spec: TopLevelSpec): Promise<RenderedSvg> {
  const warnings: string[] = [];
  const collect = (...args: unknown[]) => { warnings.push(args.map(String).join(' ')); };
  const logger = {
    level(): number { return vega.Warn; },
    error: collect, warn: collect, info() {}, debug() {},
  };
  const { spec: vegaSpec } = compile(spec, { logger: logger as never });
  const view = new vega.View(vega.parse(vegaSpec), { renderer: 'none', logger: logger as never, logLevel: vega.Warn });
  try {
    return { svg: await view.toSVG(), warnings };
  } finally {
    view.finalize();
  }
}
