/**
 * The canonical data model: every import (CSV, XLSX, Parquet, demo) ends up in these tables,
 * and every metric reads only these. One definition, used for DDL, loading and docs.
 */
export type ColumnType = 'VARCHAR' | 'DATE' | 'TIMESTAMP' | 'DOUBLE' | 'INTEGER' | 'BOOLEAN';

export interface ColumnDef {
  readonly name: string;
  readonly type: ColumnType;
  readonly required?: boolean;
  /** Personal data: masked in exports and presentation mode. */
  readonly personal?: boolean;
}

export type TableName = 'orders' | 'members' | 'surveys' | 'points' | 'tier_changes' | 'footfall' | 'benefits' | 'campaigns' | 'communities';

const col = (name: string, type: ColumnType, extra: Partial<ColumnDef> = {}): ColumnDef => ({ name, type, ...extra });

export const TABLES: Record<TableName, readonly ColumnDef[]> = {
  orders: [
    col('order_id', 'VARCHAR', { required: true }),
    col('order_time', 'TIMESTAMP', { required: true }),
    col('member_id', 'VARCHAR'), // NULL = non-member walk-in
    col('store', 'VARCHAR'),
    col('channel', 'VARCHAR'), // 'online' | 'offline'
    col('amount', 'DOUBLE', { required: true }), // net paid; negative for refunds
    col('item_count', 'INTEGER'),
    col('discount', 'DOUBLE'),
    col('points_used', 'DOUBLE'),
    col('is_refund', 'BOOLEAN'),
  ],
  members: [
    col('member_id', 'VARCHAR', { required: true }),
    col('join_date', 'DATE'),
    col('tier', 'VARCHAR'),
    col('birthday', 'DATE', { personal: true }),
    col('gender', 'VARCHAR'),
    col('birth_year', 'INTEGER'),
    col('phone', 'VARCHAR', { personal: true }),
    col('home_store', 'VARCHAR'),
    col('signup_channel', 'VARCHAR'),
    col('name', 'VARCHAR', { personal: true }), // masked like phones unless the user unmasks
  ],
  surveys: [
    col('member_id', 'VARCHAR'),
    col('survey_time', 'TIMESTAMP', { required: true }),
    col('score', 'DOUBLE', { required: true }),
    col('scale', 'VARCHAR'), // 'nps' (0–10) | 'csat' (1–5)
    col('comment', 'VARCHAR'),
    col('store', 'VARCHAR'),
  ],
  points: [
    col('member_id', 'VARCHAR', { required: true }),
    col('points_time', 'TIMESTAMP', { required: true }),
    col('points', 'DOUBLE', { required: true }),
    col('kind', 'VARCHAR'), // 'earn' | 'redeem' | 'expire'
    col('reason', 'VARCHAR'),
  ],
  tier_changes: [col('member_id', 'VARCHAR', { required: true }), col('change_time', 'TIMESTAMP', { required: true }), col('from_tier', 'VARCHAR'), col('to_tier', 'VARCHAR')],
  footfall: [col('store', 'VARCHAR', { required: true }), col('date', 'DATE', { required: true }), col('visitors', 'INTEGER', { required: true })],
  // Benefits issued and used (权益发放与核销): one row per benefit issued to a member.
  benefits: [
    col('member_id', 'VARCHAR', { required: true }),
    col('benefit_type', 'VARCHAR', { required: true }), // one of BENEFIT_TYPES (workers/import/campaign-labels.ts)
    col('issued_time', 'TIMESTAMP', { required: true }),
    col('used_time', 'TIMESTAMP'), // NULL = not used
    col('expiry_time', 'TIMESTAMP'),
    col('face_value', 'DOUBLE'),
    col('cost', 'DOUBLE'), // cost to the store
    col('campaign_id', 'VARCHAR'),
    col('order_id', 'VARCHAR'), // the order it was redeemed with
    col('store', 'VARCHAR'),
  ],
  // Campaign contacts (营销触达): one row per member contacted or held out as control.
  campaigns: [
    col('campaign_id', 'VARCHAR', { required: true }),
    col('campaign_name', 'VARCHAR'),
    col('channel', 'VARCHAR'), // 短信 公众号 企业微信 社群 APP推送 电话 门店, or the raw label
    col('member_id', 'VARCHAR', { required: true }),
    col('sent_time', 'TIMESTAMP', { required: true }),
    col('arm', 'VARCHAR'), // 'treatment' | 'control' (对照组, not contacted)
    col('cost_per_contact', 'DOUBLE'),
  ],
  // Community membership (社群): one row per member and group.
  communities: [
    col('member_id', 'VARCHAR', { required: true }),
    col('group_name', 'VARCHAR', { required: true }),
    col('joined_date', 'DATE'),
    col('left_date', 'DATE'), // NULL = still in the group
  ],
};

export const TABLE_NAMES = Object.keys(TABLES) as TableName[];

/** Tier order from lowest to highest (demo and default normalisation). */
export const TIERS = ['普通', '银卡', '金卡', '钻石'] as const;

/** `CREATE TABLE` text for a canonical table (our own names: no user input). */
export function createTableSql(table: TableName, name: string = table): string {
  const cols = TABLES[table].map((c) => `"${c.name}" ${c.type}`).join(', ');
  return `CREATE OR REPLACE TABLE "${name}" (${cols})`;
}

/** `read_csv` column spec for a canonical CSV of this table (header row, comma, ISO values). */
export function csvColumnsSpec(table: TableName): string {
  return `{${TABLES[table].map((c) => `'${c.name}': '${c.type}'`).join(', ')}}`;
}

/**
 * `read_csv` of a canonical CSV at `path` (header row, comma, double quotes, ISO dates and times) with column spec
 * `columns` (csvColumnsSpec, or a save's own file's), plus `extra` options (", name = value…"). One reading of the
 * canonical form for every table the engine loads or restores and the import's converted rows.
 */
export function canonicalCsvRead(path: string, columns: string, extra = ''): string {
  return (
    `read_csv('${path}', header = true, auto_detect = false, delim = ',', quote = '"', escape = '"', columns = ${columns}, ` +
    `timestampformat = '%Y-%m-%d %H:%M:%S', dateformat = '%Y-%m-%d'${extra})`
  );
}
