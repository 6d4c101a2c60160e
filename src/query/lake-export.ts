import { mkdirSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { ConfigError, UsageError } from '../core/errors.ts';
import type { BuzonContext } from '../db/context.ts';
import { quoteIdent, quoteLiteral } from '../db/sql-identifiers.ts';
import { catalogColumns, type CatalogColumn } from './analyst-views.ts';
import { DATA_DICTIONARY, type ViewDoc } from './data-dictionary.ts';
import { warehouseInfo } from './warehouse-info.ts';

export interface LakeView {
  name: string;
  /** Folder of the view's Parquet files, relative to the lake. */
  path: string;
  /** Hive partition columns (folders `month=2026-09/state_code=MX-NLE/`). */
  partition_by: string[];
  rows: number;
  files: string[];
  columns: CatalogColumn[];
}

export interface LakeManifest {
  format: 'buzon-parquet-lake';
  buzon_version: string;
  schema_version: number;
  duckdb_version: string;
  k_anonymity: number;
  exported_at: string;
  /** How to read one view back with DuckDB (Spark and Trino read the same hive layout). */
  read_with: string;
  views: LakeView[];
}

/**
 * Writes the analyst views as Parquet under `outDir/<view>/`, partitioned hive-style by month and
 * state where the view has them, plus `manifest.json`. Suppressed counts are already NULL in the views.
 */
export async function exportLake(context: BuzonContext, outDir: string, options: { views?: string[] } = {}): Promise<LakeManifest> {
  const docs = selectViews(options.views);
  const catalog = await catalogColumns(context, docs.map((d) => d.name));
  const missing = docs.filter((d) => !catalog.get(d.name)?.length).map((d) => d.name);
  if (missing.length) throw new ConfigError(`the warehouse has no ${missing.join(', ')}: run \`buzon build\` first`);
  mkdirSync(outDir, { recursive: true });
  const views: LakeView[] = [];
  const progress = context.logger.progress('exporting views', docs.length);
  for (const [i, doc] of docs.entries()) {
    const dir = join(outDir, doc.name);
    const partitions = doc.partitionBy.filter((p) => catalog.get(doc.name)!.some((c) => c.name === p));
    let target: string;
    let copyOptions: string;
    if (partitions.length) {
      target = dir;
      copyOptions = `FORMAT parquet, PARTITION_BY (${partitions.map(quoteIdent).join(', ')}), OVERWRITE true`;
    } else {
      mkdirSync(dir, { recursive: true });
      target = join(dir, 'data_0.parquet');
      copyOptions = 'FORMAT parquet';
    }
    const result = await context.warehouse.connection.runAndReadAll(
      `COPY (SELECT * FROM ${quoteIdent(doc.name)}) TO ${quoteLiteral(target)} (${copyOptions})`);
    const rows = Number(result.getRowsJS()[0]?.[0] ?? 0);
    views.push({
      name: doc.name,
      path: doc.name,
      partition_by: partitions,
      rows,
      files: parquetFiles(dir).map((f) => relative(outDir, f).split(sep).join('/')),
      columns: catalog.get(doc.name)!,
    });
    progress.update(i + 1);
  }
  progress.done(`exported ${views.length} views to ${outDir}`);
  const info = await warehouseInfo(context);
  const manifest: LakeManifest = {
    format: 'buzon-parquet-lake',
    buzon_version: info.buzonVersion,
    schema_version: info.schemaVersion,
    duckdb_version: info.duckdbVersion,
    k_anonymity: info.kAnonymity,
    exported_at: new Date().toISOString(),
    read_with: "SELECT * FROM read_parquet('<lake>/<view>/**/*.parquet', hive_partitioning = true)",
    views,
  };
  const file = join(outDir, 'manifest.json');
  writeFileSync(`${file}.tmp`, `${JSON.stringify(manifest, null, 2)}\n`);
  renameSync(`${file}.tmp`, file);
  return manifest;
}

function selectViews(names?: string[]): ViewDoc[] {
  if (!names?.length) return [...DATA_DICTIONARY];
  const unknown = names.filter((n) => !DATA_DICTIONARY.some((d) => d.name === n));
  if (unknown.length) throw new UsageError(`unknown view ${unknown.join(', ')} (analyst views: ${DATA_DICTIONARY.map((d) => d.name).join(', ')})`);
  return DATA_DICTIONARY.filter((d) => names.includes(d.name));
}

function parquetFiles(dir: string): string[] {
  return (readdirSync(dir, { recursive: true, withFileTypes: true }) as import('node:fs').Dirent[])
    .filter((e) => e.isFile() && e.name.endsWith('.parquet'))
    .map((e) => join(e.parentPath ?? (e as unknown as { path: string }).path, e.name))
    .sort();
}
