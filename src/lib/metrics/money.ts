/**
 * Money sums, the one definition (issue 14, "the same data gives the same numbers, everywhere"). Amounts
 * are stored as DOUBLE yuan, and a DOUBLE sum depends in its last bits on the order its terms are added
 * in: the row order of a load, DuckDB's thread split, the tab's one thread against the command line's
 * several. So money is never summed as DOUBLE: each amount counts as a whole number of money units,
 * 1/10,000 yuan (`round(amount × 10,000)` as BIGINT), the units are summed as integers (HUGEINT: exact
 * in any order), and the exact total becomes yuan once, at the end (`yuan`, `yuanPer`).
 *
 * The stated decision for amounts with more decimals: amounts with up to four decimals count exactly;
 * a fifth decimal and beyond is rounded to the nearest 1/10,000 yuan (DuckDB's `round`: half away from
 * zero, on the stored double times 10,000) — the same units as rfm.ts's `DECIMAL(18, 4)` monetary, the
 * Gamma-Gamma summary (src/lib/models/calibration.ts) and the line-item import's `round4`. The stored
 * amount itself is not changed (lists and exports show it as imported). Amounts are at most 1e12 yuan
 * (import/fields.ts MAX_ABS_NUMBER), so a unit count fits a BIGINT; a total converts to the double
 * nearest it below 2^53 units (~9e11 yuan), and deterministically above.
 */
import { raw, sql, type SqlStatement } from '../sql.ts';

/** Money units per yuan: sums count whole 1/10,000 yuan. */
export const MONEY_UNITS_PER_YUAN = 10_000;

/** Money expression `x` (DOUBLE yuan, trusted SQL text) as whole units: BIGINT, NULL for NULL. */
export const moneyUnits = (x: string): SqlStatement => raw(`round(${x} * ${MONEY_UNITS_PER_YUAN})::BIGINT`);

/** The exact sum of money expression `x` in units (HUGEINT; NULL over no rows). Add `FILTER (WHERE …)` after it as after `sum(…)`. */
export const unitSum = (x: string): SqlStatement => sql`sum(${moneyUnits(x)})`;

/** An exact unit count (integer SQL) as yuan: the double nearest it (one division of an exact integer). */
export const yuan = (units: SqlStatement): SqlStatement => sql`((${units})::DOUBLE / ${raw(String(MONEY_UNITS_PER_YUAN))})`;

/** The exact sum of money expression `x` as DOUBLE yuan (NULL over no rows). */
export const moneySum = (x: string): SqlStatement => yuan(unitSum(x));

/**
 * Exact units ÷ an exact integer count, in yuan: one division of two exact integers, so the double nearest the
 * exact quotient (NULL when the count is NULL; a zero count gives what DOUBLE division gives: wrap it in nullif).
 */
export const yuanPer = (units: SqlStatement, count: SqlStatement): SqlStatement => sql`((${units})::DOUBLE / (${raw(String(MONEY_UNITS_PER_YUAN))} * (${count}))::DOUBLE)`;

/** Exact units ÷ exact units (a share of money): one division of two exact integers. */
export const unitRatio = (units: SqlStatement, of: SqlStatement): SqlStatement => sql`((${units})::DOUBLE / (${of})::DOUBLE)`;
