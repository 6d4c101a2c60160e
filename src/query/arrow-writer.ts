import {
  DuckDBListType, DuckDBStructType, DuckDBArrayType, DuckDBTypeId, JSDuckDBValueConverter,
  type DuckDBDataChunk, type DuckDBResult, type DuckDBType,
} from '@duckdb/node-api';
import * as arrow from 'apache-arrow';
import { QueryError } from '../core/errors.ts';
import { writeTo, type Sink } from './result-format.ts';

/**
 * Streams a DuckDB result as Arrow IPC (the stream format), one record batch per DuckDB chunk,
 * so memory stays flat however many rows there are. Returns the number of rows.
 */
export async function writeArrowStream(result: DuckDBResult, sink: Sink): Promise<number> {
  const names = result.deduplicatedColumnNames();
  const duckTypes = result.columnTypes();
  const fields = names.map((name, i) => new arrow.Field(name, arrowType(duckTypes[i]!), true));
  const schema = new arrow.Schema(fields);
  const writer = new arrow.RecordBatchStreamWriter();
  const pump = (async () => {
    for await (const bytes of writer) await writeTo(sink, bytes);
  })();
  let rows = 0;
  let batches = 0;
  for (;;) {
    const chunk = await result.fetchChunk();
    if (!chunk || chunk.rowCount === 0) break;
    writer.write(recordBatch(schema, chunk, duckTypes));
    rows += chunk.rowCount;
    batches += 1;
  }
  if (batches === 0) writer.write(new arrow.RecordBatch(schema, arrow.makeData({ type: new arrow.Struct(fields), length: 0, nullCount: 0, children: fields.map((f) => arrow.makeData({ type: f.type, length: 0 })) })));
  writer.finish();
  await pump;
  return rows;
}

function recordBatch(schema: arrow.Schema, chunk: DuckDBDataChunk, duckTypes: DuckDBType[]): arrow.RecordBatch {
  const children = schema.fields.map((field, c) => {
    const values = field.type instanceof arrow.Utf8
      ? chunk.getColumnValues(c).map((v) => (v === null ? null : String(v)))
      : chunk.convertColumnValues(c, JSDuckDBValueConverter).map((v) => arrowValue(v, duckTypes[c]!));
    return arrow.vectorFromArray(values, field.type).data[0]!;
  });
  const data = arrow.makeData({ type: new arrow.Struct(schema.fields), length: chunk.rowCount, nullCount: 0, children });
  return new arrow.RecordBatch(schema, data);
}

/** The Arrow type for a DuckDB column: exact where Arrow has one, text (DuckDB's own) otherwise. */
export function arrowType(type: DuckDBType): arrow.DataType {
  switch (type.typeId) {
    case DuckDBTypeId.BOOLEAN: return new arrow.Bool();
    case DuckDBTypeId.TINYINT: return new arrow.Int8();
    case DuckDBTypeId.SMALLINT: return new arrow.Int16();
    case DuckDBTypeId.INTEGER: return new arrow.Int32();
    case DuckDBTypeId.BIGINT: case DuckDBTypeId.HUGEINT: return new arrow.Int64();
    case DuckDBTypeId.UTINYINT: return new arrow.Uint8();
    case DuckDBTypeId.USMALLINT: return new arrow.Uint16();
    case DuckDBTypeId.UINTEGER: return new arrow.Uint32();
    case DuckDBTypeId.UBIGINT: case DuckDBTypeId.UHUGEINT: return new arrow.Uint64();
    case DuckDBTypeId.FLOAT: return new arrow.Float32();
    case DuckDBTypeId.DOUBLE: case DuckDBTypeId.DECIMAL: return new arrow.Float64();
    case DuckDBTypeId.DATE: return new arrow.DateDay();
    case DuckDBTypeId.TIMESTAMP: case DuckDBTypeId.TIMESTAMP_S: case DuckDBTypeId.TIMESTAMP_MS: case DuckDBTypeId.TIMESTAMP_NS:
      return new arrow.TimestampMillisecond();
    case DuckDBTypeId.TIMESTAMP_TZ: return new arrow.TimestampMillisecond('UTC');
    case DuckDBTypeId.BLOB: return new arrow.Binary();
    case DuckDBTypeId.LIST: case DuckDBTypeId.ARRAY: {
      const child = (type as DuckDBListType | DuckDBArrayType).valueType;
      return new arrow.List(new arrow.Field('item', arrowType(child), true));
    }
    case DuckDBTypeId.STRUCT: {
      const struct = type as DuckDBStructType;
      return new arrow.Struct(struct.entryNames.map((name, i) => new arrow.Field(name, arrowType(struct.entryTypes[i]!), true)));
    }
    default: return new arrow.Utf8();
  }
}

/** A JS value from DuckDB shaped for the Arrow builder of `arrowType(type)`. */
function arrowValue(value: unknown, type: DuckDBType): unknown {
  if (value === null || value === undefined) return null;
  switch (type.typeId) {
    case DuckDBTypeId.BIGINT: case DuckDBTypeId.HUGEINT: case DuckDBTypeId.UBIGINT: case DuckDBTypeId.UHUGEINT: {
      const big = BigInt(value as bigint | number);
      if (big > 0xFFFFFFFFFFFFFFFFn || big < -0x8000000000000000n) {
        throw new QueryError(`value ${big} does not fit Arrow's 64-bit integers: cast the column to DOUBLE or VARCHAR`, { sql: '' });
      }
      return big;
    }
    case DuckDBTypeId.DATE: case DuckDBTypeId.TIMESTAMP: case DuckDBTypeId.TIMESTAMP_S: case DuckDBTypeId.TIMESTAMP_MS:
    case DuckDBTypeId.TIMESTAMP_NS: case DuckDBTypeId.TIMESTAMP_TZ:
      return value instanceof Date ? value : new Date(String(value));
    case DuckDBTypeId.LIST: case DuckDBTypeId.ARRAY: {
      const child = (type as DuckDBListType | DuckDBArrayType).valueType;
      return (value as unknown[]).map((v) => arrowValue(v, child));
    }
    case DuckDBTypeId.STRUCT: {
      const struct = type as DuckDBStructType;
      const record = value as Record<string, unknown>;
      return Object.fromEntries(struct.entryNames.map((name, i) => [name, arrowValue(record[name], struct.entryTypes[i]!)]));
    }
    case DuckDBTypeId.BOOLEAN: case DuckDBTypeId.TINYINT: case DuckDBTypeId.SMALLINT: case DuckDBTypeId.INTEGER:
    case DuckDBTypeId.UTINYINT: case DuckDBTypeId.USMALLINT: case DuckDBTypeId.UINTEGER: case DuckDBTypeId.FLOAT:
    case DuckDBTypeId.DOUBLE: case DuckDBTypeId.DECIMAL: case DuckDBTypeId.BLOB:
      return value;
    default:
      return typeof value === 'string' ? value : duckText(value);
  }
}

function duckText(value: unknown): string {
  return JSON.stringify(value, (_, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
}
