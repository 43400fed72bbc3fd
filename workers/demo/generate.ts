import type { TableName } from '../../src/lib/schema.ts';
export interface DemoDataset { tables: Record<TableName, string>; endDate: string; seed: number }
export function generateDemo(): DemoDataset { throw new Error('demo generator not written yet'); }
