/** The rejected-rows CSV comes from the app's one table writer (formula-safe, BOM for Excel). */
export { reportToCsv } from '../../src/lib/export/rejected-rows.ts';
