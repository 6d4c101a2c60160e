type AsyncOf<F> = F extends (...args: infer A) => infer R ? (...args: A) => Promise<Awaited<R>> : never;

/**
 * A module's function, loaded on its first call: commands register their options at start-up but
 * load their stage (DuckDB, Vega, Arrow, Kysely) only when they run, so `buzon --help` and a quick
 * `buzon query` do not pay for every stage.
 */
export function lazy<M, K extends keyof M>(load: () => Promise<M>, name: K): AsyncOf<M[K]> {
  return (async (...args: unknown[]) => ((await load())[name] as (...a: unknown[]) => unknown)(...args)) as AsyncOf<M[K]>;
}
