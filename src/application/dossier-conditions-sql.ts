// The domain's dossier conditions (domain/dossier-timeliness.ts) as SQL over the dossiers
// projection, so that the database counts by the same rule the domain states once. Values go
// in as parameters, column names as identifiers; the one dialect difference is the Vietnam
// calendar date of an instant. SQL's three-valued logic is what the domain's `truth` follows.
import { sql, type RawBuilder } from 'kysely';
import type { Condition, ConditionParams, Operand } from '../domain/dossier-timeliness.js';
import type { Dialect } from '../storage/storage.js';

function operandSql(o: Operand, params: ConditionParams, dialect: Dialect): RawBuilder<unknown> {
  if ('column' in o) return sql.ref(o.column);
  if ('param' in o) return sql.val(params[o.param]);
  if ('text' in o) return sql.val(o.text);
  const column = sql.ref(o.localDate);
  // Vietnam keeps UTC+7 all year: the local date is the UTC date seven hours later.
  return dialect === 'sqlite'
    ? sql`date(${column}, '+7 hours')`
    : sql`to_char((${column}::timestamptz at time zone 'UTC') + interval '7 hours', 'YYYY-MM-DD')`;
}

/** The condition as a boolean SQL expression. */
export function conditionSql(
  condition: Condition,
  params: ConditionParams,
  dialect: Dialect,
): RawBuilder<boolean> {
  const inner = (c: Condition) => conditionSql(c, params, dialect);
  if ('all' in condition)
    return condition.all.length === 0
      ? sql<boolean>`(1 = 1)`
      : sql<boolean>`(${sql.join(condition.all.map(inner), sql` and `)})`;
  if ('any' in condition)
    return condition.any.length === 0
      ? sql<boolean>`(1 = 0)`
      : sql<boolean>`(${sql.join(condition.any.map(inner), sql` or `)})`;
  if ('not' in condition) return sql<boolean>`(not ${inner(condition.not)})`;
  if ('isNull' in condition) return sql<boolean>`(${sql.ref(condition.isNull)} is null)`;
  if ('compare' in condition)
    return sql<boolean>`(${operandSql(condition.left, params, dialect)} ${sql.raw(
      condition.compare,
    )} ${operandSql(condition.right, params, dialect)})`;
  return sql<boolean>`(${sql.ref(condition.column)} in (${sql.join(
    condition.in.map((v) => sql.val(v)),
  )}))`;
}

/** `sum(case when … then 1 else 0 end)`: how many rows the condition holds for. */
export function countWhere(
  condition: Condition,
  params: ConditionParams,
  dialect: Dialect,
): RawBuilder<number | string | bigint | null> {
  return sql<
    number | string | bigint | null
  >`sum(case when ${conditionSql(condition, params, dialect)} then 1 else 0 end)`;
}
